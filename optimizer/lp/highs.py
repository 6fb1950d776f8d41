"""The Pyomo model handed to HiGHS as a matrix, and kept there between solves.

Pyomo stays the modelling layer (``build.py``: one function per constraint family, readable
and extendable), but its own HiGHS interface was most of the build time on full-year
models (3.7 s of 5.6 s on the default example, 7.9 s of 11.1 s on the multi-energy one,
measured 2026-12-02). Here Pyomo's standard-form compiler
(``pyomo.repn.plugins.standard_form``) turns the model into a sparse matrix in one pass
(0.8 s on the default example) and highspy receives it whole (``passModel``).

A re-solve after parameter changes (a study point, a whole-turbine candidate) sends HiGHS
only what differs (costs, bounds, row bounds, matrix coefficients); HiGHS keeps its basis,
so the re-solve starts warm. Only the objective, the column bounds and the rows of scalar
(not indexed) constraints are read again (``refresh``): the build keeps mutable parameters
out of hourly constraints (``test_highs.py`` checks it), so a full compile (1.9 s under
load on the default example) is needed only when the model's rows or columns change, and
then the model is passed anew (cold).

Signs follow HiGHS (and Pyomo's own HiGHS interface): a row's dual is d(objective)/d(row
bound), ``<= 0`` at a binding ``<=`` row of a minimisation; a column's dual (reduced cost)
is ``<= 0`` at a binding upper bound. A ranged row is written as two rows; its dual is their
sum.
"""

from __future__ import annotations

from dataclasses import dataclass

import highspy
import numpy as np
import pyomo.environ as pyo
from pyomo.common.collections import ComponentMap
from pyomo.common.tee import capture_output
from pyomo.repn import generate_standard_repn
from pyomo.repn.plugins.standard_form import LinearStandardFormCompiler
from scipy import sparse

from parkopt.optimizer.common.errors import SolverError
from parkopt.optimizer.schema.solver_spec import HIGHS_OPTION_LIST

INF = highspy.kHighsInf

TERMINATION = {
    highspy.HighsModelStatus.kOptimal: "convergenceCriteriaSatisfied",
    highspy.HighsModelStatus.kInfeasible: "provenInfeasible",
    highspy.HighsModelStatus.kUnboundedOrInfeasible: "infeasibleOrUnbounded",
    highspy.HighsModelStatus.kUnbounded: "unbounded",
    highspy.HighsModelStatus.kTimeLimit: "maxTimeLimit",
    highspy.HighsModelStatus.kIterationLimit: "iterationLimit",
    highspy.HighsModelStatus.kInterrupt: "interrupted",
}
"""HiGHS model statuses by the names Pyomo gives them (messages and tests use them)."""


@dataclass
class Compiled:
    """A linear model in matrix form: ``row_lower <= A x <= row_upper``,
    ``col_lower <= x <= col_upper``, objective ``cost @ x + offset`` [model units]."""

    columns: list  # Pyomo VarData of each column
    rows: list  # Pyomo ConstraintData of each row (a ranged constraint has two rows)
    cost: np.ndarray
    offset: float
    matrix: sparse.csc_array
    col_lower: np.ndarray
    col_upper: np.ndarray
    row_lower: np.ndarray
    row_upper: np.ndarray
    maximise: bool
    scalar_rows: np.ndarray  # rows of scalar constraints: the ones parameters may change

    def same_structure(self, other: Compiled) -> bool:
        """Whether ``other`` has the same columns and rows (only numbers differ)."""
        return (
            len(self.columns) == len(other.columns)
            and len(self.rows) == len(other.rows)
            and all(a is b for a, b in zip(self.columns, other.columns, strict=True))
            and all(a is b for a, b in zip(self.rows, other.rows, strict=True))
        )


def _bound(value, default: float) -> float:
    return default if value is None else float(value)


def compile_model(m: pyo.ConcreteModel) -> Compiled:
    """Pyomo ``m`` (one active objective, linear) in matrix form."""
    repn = LinearStandardFormCompiler().write(m, mixed_form=True, set_sense=None)
    cols, n = repn.columns, len(repn.columns)
    cost = np.asarray(repn.c.toarray(), dtype=float).reshape(-1)[:n] if n else np.zeros(0)
    kinds = np.fromiter((r.bound_type for r in repn.rows), dtype=np.int8, count=len(repn.rows))
    rhs = np.asarray(repn.rhs, dtype=float).reshape(-1)
    objective = next(m.component_data_objects(pyo.Objective, active=True))
    return Compiled(
        columns=list(cols),
        rows=[r.constraint for r in repn.rows],
        cost=cost,
        offset=float(np.asarray(repn.c_offset).reshape(-1)[0]) if len(repn.c_offset) else 0.0,
        matrix=sparse.csc_array(repn.A),
        col_lower=np.fromiter((_bound(v.lb, -INF) for v in cols), dtype=float, count=n),
        col_upper=np.fromiter((_bound(v.ub, INF) for v in cols), dtype=float, count=n),
        row_lower=np.where(kinds <= 0, rhs, -INF),
        row_upper=np.where(kinds >= 0, rhs, INF),
        maximise=objective.sense == pyo.maximize,
        scalar_rows=np.array(
            [
                i
                for i, r in enumerate(repn.rows)
                if not r.constraint.parent_component().is_indexed()
            ],
            dtype=np.int64,
        ),
    )


def _linear(expr, index: dict) -> tuple[np.ndarray, np.ndarray, float] | None:
    """Columns, coefficients and constant of a linear expression; None if it holds a
    variable that is not a column (then only a full compile will do)."""
    repn = generate_standard_repn(expr, quadratic=False)
    if repn.nonlinear_expr is not None:
        return None
    cols = [index.get(id(v)) for v in repn.linear_vars]
    if any(c is None for c in cols):
        return None
    return np.array(cols, dtype=np.int64), np.array(repn.linear_coefs, float), repn.constant


def refresh(m: pyo.ConcreteModel, old: Compiled, index: dict) -> Compiled | None:
    """``old`` with the objective, the column bounds and the scalar constraints' rows read
    again from ``m``; None when they no longer fit its columns."""
    if any(v.fixed for v in old.columns):  # a fixed variable is a constant: compile again
        return None
    objective = next(m.component_data_objects(pyo.Objective, active=True))
    obj = _linear(objective.expr, index)
    if obj is None:
        return None
    cost = np.zeros(len(old.columns))
    np.add.at(cost, obj[0], obj[1])
    lower, upper = old.row_lower.copy(), old.row_upper.copy()
    keep = np.ones(len(old.rows))
    keep[old.scalar_rows] = 0.0
    entries: list[tuple] = []
    for i in old.scalar_rows:
        lb, body, ub = old.rows[i].to_bounded_expression()
        row = _linear(body, index)
        if row is None:
            return None
        entries.append((np.full(row[0].size, i), row[0], row[1]))
        if np.isfinite(old.row_lower[i]):
            lower[i] = pyo.value(lb) - row[2]
        if np.isfinite(old.row_upper[i]):
            upper[i] = pyo.value(ub) - row[2]
    a = sparse.csr_array(old.matrix)
    a = sparse.diags_array(keep) @ a
    if entries:
        r, c, v = (np.concatenate(parts) for parts in zip(*entries, strict=True))
        a = a + sparse.csr_array((v, (r, c)), shape=a.shape)
    cols = old.columns
    return Compiled(
        columns=cols,
        rows=old.rows,
        cost=cost,
        offset=float(obj[2]),
        matrix=sparse.csc_array(a),
        col_lower=np.fromiter((_bound(v.lb, -INF) for v in cols), dtype=float, count=len(cols)),
        col_upper=np.fromiter((_bound(v.ub, INF) for v in cols), dtype=float, count=len(cols)),
        row_lower=lower,
        row_upper=upper,
        maximise=objective.sense == pyo.maximize,
        scalar_rows=old.scalar_rows,
    )


def _highs_lp(c: Compiled) -> highspy.HighsLp:
    lp = highspy.HighsLp()
    lp.num_col_, lp.num_row_ = len(c.columns), len(c.rows)
    lp.col_cost_, lp.offset_ = c.cost, c.offset
    lp.col_lower_, lp.col_upper_ = c.col_lower, c.col_upper
    lp.row_lower_, lp.row_upper_ = c.row_lower, c.row_upper
    lp.sense_ = highspy.ObjSense.kMaximize if c.maximise else highspy.ObjSense.kMinimize
    a = c.matrix
    a.sort_indices()
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.num_col_, lp.a_matrix_.num_row_ = a.shape[1], a.shape[0]
    lp.a_matrix_.start_ = a.indptr.astype(np.int32)
    lp.a_matrix_.index_ = a.indices.astype(np.int32)
    lp.a_matrix_.value_ = a.data.astype(float)
    return lp


def _changed(old: np.ndarray, new: np.ndarray) -> np.ndarray:
    return np.flatnonzero(~((old == new) | (np.isnan(old) & np.isnan(new))))


@dataclass
class Solution:
    """One solve's outcome in the model's units."""

    termination: str
    optimal: bool
    objective: float | None


class MatrixHighs:
    """A HiGHS instance holding a compiled Pyomo model (``new_solver``)."""

    def __init__(self, m: pyo.ConcreteModel):
        with capture_output(capture_fd=True):  # HiGHS prints a banner when made
            self.highs = highspy.Highs()
        self.highs.setOptionValue("output_flag", False)
        self.compiled = compile_model(m)
        self._pass(self.compiled)

    def _pass(self, c: Compiled) -> None:
        self.highs.clearModel()
        self.highs.passModel(_highs_lp(c))
        self._index = {id(v): i for i, v in enumerate(c.columns)}
        self._pins = np.empty(0, dtype=np.int32)  # rows of ``pin``, after the compiled ones
        self._pin_cols = np.empty(0, dtype=np.int32)  # ... the column each holds
        self._pin_devs = np.empty(0, dtype=np.int32)  # ... and its deviation column
        self._soft = np.empty(0, dtype=np.int32)  # elastic columns of ``soften``
        self._soft_rows: list = []  # ... the constraints they relax

    def pin(self, values: ComponentMap, upward: bool = False) -> None:
        """Hold each column of ``values`` (a ComponentMap: Pyomo VarData -> value [model
        units]) at its value, in HiGHS only (``compiled`` does not change): a row
        ``column - d = value`` with a deviation column ``d`` held at 0 (``upward``: d >= 0,
        the column at least its value: a one-sided pin). ``unpin`` frees
        ``d``: a nonbasic free column stays at 0, so the basis and its point stay primal
        feasible and primal simplex goes on in phase 2. (Freeing a bound instead moves a
        nonbasic column to its other bound; freeing the row makes its logical a nonbasic
        free one at 0, which moves the pinned column to 0: phase 1 either way.)"""
        h = self.highs
        n = len(values)
        x = np.fromiter(values.values(), dtype=float, count=n)
        cols = np.fromiter((self._index[id(v)] for v in values), dtype=np.int32, count=n)
        if not np.array_equal(cols, self._pin_cols):  # new columns: rows and d's for them
            first_col, first_row = h.getNumCol(), h.getNumRow()
            zero = np.zeros(n)
            h.addCols(n, zero, zero, zero, 0, np.zeros(n, dtype=np.int32), [], [])
            d = np.arange(first_col, first_col + n, dtype=np.int32)
            index = np.column_stack([cols, d]).ravel()
            starts = np.arange(0, 2 * n, 2, dtype=np.int32)
            h.addRows(n, x, x, 2 * n, starts, index, np.tile([1.0, -1.0], n))
            self._pins = np.arange(first_row, first_row + n, dtype=np.int32)
            self._pin_devs, self._pin_cols = d, cols
        h.changeRowsBounds(n, self._pins, x, x)
        upper = np.full(n, INF) if upward else np.zeros(n)
        h.changeColsBounds(n, self._pin_devs, np.zeros(n), upper)

    def unpin(self) -> None:
        """Free the deviations of ``pin`` (rows and columns stay in HiGHS, inactive, so the
        basis stays valid)."""
        n = len(self._pin_devs)
        if n:
            self.highs.changeColsBounds(n, self._pin_devs, np.full(n, -INF), np.full(n, INF))

    def soften(self, constraints: list, penalty: float) -> int:
        """Make each one-sided row of ``constraints`` (Pyomo ConstraintData) elastic, in
        HiGHS only: a column ``e >= 0`` costing ``penalty`` per unit [model units] that
        relaxes it (``+e`` in a ``>=`` row, ``-e`` in a ``<=`` row). Exact for a penalty
        above the row's shadow price: the optimum then has ``e = 0``. ``harden`` takes it
        back. Returns how many rows were softened."""
        h = self.highs
        where = {id(con): i for i, con in enumerate(self.compiled.rows)}
        rows, signs = [], []
        for con in constraints:
            i = where.get(id(con))
            if i is None:
                continue
            lower, upper = self.compiled.row_lower[i], self.compiled.row_upper[i]
            if np.isfinite(lower) != np.isfinite(upper):  # one-sided
                rows.append(i)
                signs.append(1.0 if np.isfinite(lower) else -1.0)
        n = len(rows)
        if rows != self._soft_rows:
            first = h.getNumCol()
            h.addCols(
                n,
                np.full(n, penalty),
                np.zeros(n),
                np.full(n, INF),
                n,
                np.arange(n, dtype=np.int32),
                np.asarray(rows, dtype=np.int32),
                np.asarray(signs),
            )
            self._soft = np.arange(first, first + n, dtype=np.int32)
            self._soft_rows = rows
        elif n:
            h.changeColsCost(n, self._soft, np.full(n, penalty))
            h.changeColsBounds(n, self._soft, np.zeros(n), np.full(n, INF))
        return n

    def softened(self) -> np.ndarray:
        """The elastic columns' values in the last solution [model units]."""
        if not len(self._soft):
            return np.zeros(0)
        return np.asarray(self.highs.getSolution().col_value)[self._soft]

    def harden(self) -> None:
        """Hold the elastic columns of ``soften`` at 0 (they stay in HiGHS, inactive, so the
        basis stays valid: where they were 0, it stays optimal)."""
        n = len(self._soft)
        if n:
            self.highs.changeColsBounds(n, self._soft, np.zeros(n), np.zeros(n))

    def basis(self) -> highspy.HighsBasis | None:
        """A copy of HiGHS's basis, None if it has no valid one (nothing solved yet)."""
        b = self.highs.getBasis()
        return b if b.valid else None

    def set_basis(self, basis: highspy.HighsBasis) -> None:
        """Start the next solve from ``basis`` (one of ``basis()``, same rows and columns)."""
        self.highs.setBasis(basis)

    def clear_basis(self) -> None:
        """Forget the basis: the next solve is cold (presolve included)."""
        self.highs.clearSolver()

    def update(self, m: pyo.ConcreteModel) -> bool:
        """Send HiGHS what changed in ``m`` since the last solve; True when only numbers
        changed (HiGHS keeps its basis), False when the model was passed anew."""
        old = self.compiled
        new = refresh(m, old, self._index) or compile_model(m)
        self.compiled = new
        if not new.same_structure(old):
            self._pass(new)
            return False
        h = self.highs
        idx = _changed(old.cost, new.cost)
        if idx.size:
            h.changeColsCost(idx.size, idx.astype(np.int32), new.cost[idx])
        idx = np.union1d(
            _changed(old.col_lower, new.col_lower), _changed(old.col_upper, new.col_upper)
        )
        if idx.size:
            h.changeColsBounds(
                idx.size, idx.astype(np.int32), new.col_lower[idx], new.col_upper[idx]
            )
        idx = np.union1d(
            _changed(old.row_lower, new.row_lower), _changed(old.row_upper, new.row_upper)
        )
        if idx.size:
            h.changeRowsBounds(
                idx.size, idx.astype(np.int32), new.row_lower[idx], new.row_upper[idx]
            )
        diff = sparse.coo_array(new.matrix - old.matrix)
        if diff.nnz:
            a = new.matrix.tocsr()
            for r, col in zip(diff.row, diff.col, strict=True):
                h.changeCoeff(int(r), int(col), float(a[r, col]))
        if new.offset != old.offset:
            h.changeObjectiveOffset(new.offset)
        return True

    def solve(self, m: pyo.ConcreteModel, options: dict) -> Solution:
        """Run HiGHS with ``options``; when optimal, load the variable values into ``m`` and
        keep the duals (``m.solution_duals``, by constraint) and reduced costs
        (``m.solution_reduced_costs``, by variable) [model units]."""
        h = self.highs
        for key, value in options.items():
            if h.setOptionValue(key, value) != highspy.HighsStatus.kOk:
                raise SolverError(
                    f"solver.highs_options: HiGHS refuses option {key} = {value!r} "
                    f"(see {HIGHS_OPTION_LIST})"
                )
        h.run()
        status = h.getModelStatus()
        termination = TERMINATION.get(status, h.modelStatusToString(status))
        if status != highspy.HighsModelStatus.kOptimal:
            return Solution(termination, False, None)
        self._load(m)
        return Solution(termination, True, h.getInfo().objective_function_value)

    def _load(self, m: pyo.ConcreteModel) -> None:
        sol, c = self.highs.getSolution(), self.compiled
        ncol = len(c.columns)  # columns beyond are ``pin``'s deviations
        for v, x in zip(c.columns, sol.col_value[:ncol], strict=True):
            v.set_value(x, skip_validation=True)
        n = len(c.rows)  # rows beyond are ``pin``'s
        duals: dict = {}
        for con, y in zip(c.rows, sol.row_dual[:n], strict=True):
            duals[con] = duals.get(con, 0.0) + y
        m.solution_duals = duals
        act = np.asarray(sol.row_value[:n])
        lower, upper = np.isfinite(c.row_lower), np.isfinite(c.row_upper)
        slack = np.where(lower & ~upper, act - c.row_lower, 0.0)
        slack = np.where(upper & ~lower, c.row_upper - act, slack)
        m.solution_slack = dict(zip(c.rows, slack.tolist(), strict=True))
        m.solution_column_duals = np.asarray(sol.col_dual[:ncol])

    def column(self, var) -> int | None:
        """The HiGHS column of a Pyomo variable; None if the model does not use it."""
        return self._index.get(id(var))

    def reduced_costs(self, m: pyo.ConcreteModel, variables) -> ComponentMap:
        """Reduced costs of ``variables`` (0 for a variable the model does not use)."""
        rc, cols = m.solution_column_duals, ((v, self.column(v)) for v in variables)
        return ComponentMap((v, 0.0 if i is None else float(rc[i])) for v, i in cols)
