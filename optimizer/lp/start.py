"""A cold solve over every day, started from a plan on typical days (``solver.start``).

The full-year LP is hard for the simplex from scratch because the capacities and the
8,760 hours' dispatch are found together. With the capacities known, the hours nearly
decouple. So a cold solve here goes in three steps, all in the one HiGHS instance:

1. the year is clustered into ``START_DAYS`` typical days (``clustering.py``) and planned
   there: a small LP (about 0.2 s on the default example);
2. the full LP is solved with every capacity pinned to its typical-day size
   (``MatrixHighs.pin``: a row ``capacity - d = size`` with a deviation column ``d`` held
   at 0): 0.6 s against 14 s for the free LP on the default example;
3. ``d`` is freed and HiGHS goes on from that basis with primal simplex. A nonbasic free
   ``d`` stays at 0, so the basis is primal feasible and primal simplex only walks the
   capacities to their optimum (phase 2 only). Dual simplex from such a basis took up to
   380 s on the multi-energy example, where the freed basis is far from dual feasible.

The answer is the full LP's own optimum (step 3 solves it to HiGHS's tolerances), so every
figure, dual and binding limit is a full-year one; only the time changes. If the
typical-day plan fails, or the pinned LP is infeasible (typical-day sizes too small for a
limit the real year must meet), the basis is dropped and the solve is an ordinary cold one.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import highspy
import numpy as np
import pyomo.environ as pyo
from pyomo.common.collections import ComponentMap

from parkopt.optimizer.accounts import targets
from parkopt.optimizer.inputs.clustering import HOURS_PER_DAY, cluster
from parkopt.optimizer.inputs.plan_inputs import PlanInputs
from parkopt.optimizer.lp import progress
from parkopt.optimizer.lp.build import build_model
from parkopt.optimizer.lp.highs import INF, MatrixHighs
from parkopt.optimizer.lp.solve import METHODS, Status, solve_model

START_DAYS = 12
"""Typical days of the first step: the screening's measured sweet spot (typical_days.py)."""
AUTO_MIN_DAYS = 60
"""``solver.start: auto`` starts from typical days from this many whole days on; shorter
horizons solve cold in about a second, less than clustering takes."""
PRIMAL = {"solver": "simplex", "simplex_strategy": 4}
"""HiGHS options of step 3 (primal simplex)."""
ELASTIC_PENALTY = 1e4
"""Cost of relaxing a target by one unit in the pinned and freed steps [kCNY per tCO2, MWh
or tce]: far above any target's shadow price (tens of CNY to a few thousand per unit), so
the freed optimum relaxes nothing (an exact penalty) while typical-day sizes too small for
a binding target still give a feasible pinned LP to start from."""
ELASTIC_TOL = 1e-7
"""An elastic column at or below this is at 0 [model units]."""
WARM_ITERATIONS = 2000
"""Dual simplex iterations a warm re-solve (``solve_held``) may take before it gives way
(to ``solve_pinned``): a whole-turbine candidate next to the plan's optimum took 350-505 on
the examples measured (0.9-1.2 s on the default one), the one across it 11,394 (28 s),
where the pinned solve takes about 2.5 s."""
BOUND_STOP = "Bound on objective reached"
"""The termination of a solve that ``solve_held``'s bound stopped (HiGHS's own name)."""
HELD_DEFAULTS = {"objective_bound": INF, "simplex_iteration_limit": highspy.kHighsIInf}
"""HiGHS's defaults of the options ``solve_held`` sets, put back after it (they would
otherwise stay with the instance for its next solve)."""


def wanted(inputs: PlanInputs) -> bool:
    """Whether a cold solve of ``inputs`` starts from typical days (``solver.start``)."""
    s = inputs.scenario.solver
    ipm = s.method == "ipm" or s.highs_options.get("solver") in ("ipm", "pdlp")
    if inputs.typical_days is not None or s.start == "cold" or ipm:
        return False
    days, rest = divmod(inputs.hours, HOURS_PER_DAY)
    if rest:
        return False
    return days >= (AUTO_MIN_DAYS if s.start == "auto" else START_DAYS + 1)


def _left(inputs: PlanInputs, t0: float) -> dict:
    """HiGHS's time limit for the next step: what is left since ``t0`` of
    ``solver.time_limit_s``, which bounds all steps together [s] (none if unset)."""
    limit = inputs.scenario.solver.time_limit_s
    if limit is None:
        return {}
    return {"time_limit": max(limit - (time.perf_counter() - t0), 1e-3)}


def typical_day_sizes(
    m: pyo.ConcreteModel, inputs: PlanInputs, t0: float | None = None
) -> ComponentMap | None:
    """Each capacity variable of ``m`` -> its size in the plan on ``START_DAYS`` typical
    days, within the variable's bounds [model units]; None if that plan is not optimal.
    ``t0``: when the solve began (``solver.time_limit_s`` counts from there)."""
    t0 = time.perf_counter() if t0 is None else t0
    typical = cluster(inputs, START_DAYS).inputs
    tm = build_model(typical)
    if not solve_model(tm, typical, extra=_left(inputs, t0)).optimal:
        return None
    sizes = ComponentMap()
    for k in m.K:
        sizes[m.cap[k]] = within_bounds(m.cap[k], tm.cap[k].value)
    return sizes


def within_bounds(var, value: float | None) -> float:
    """``value`` (None: 0) held within ``var``'s bounds [model units]."""
    lo, hi = var.lb, var.ub
    x = max(value or 0.0, lo if lo is not None else 0.0)
    return min(x, hi) if hi is not None else x


def solve_pinned(
    m: pyo.ConcreteModel,
    inputs: PlanInputs,
    solver: MatrixHighs,
    sizes: ComponentMap,
    synced: bool = False,
    t0: float | None = None,
) -> tuple[Status, dict]:
    """Solve ``m`` from scratch with the capacities in ``sizes`` pinned
    (``MatrixHighs.pin``; HiGHS presolves the pinned LP, which nearly falls apart by hour),
    then free them and go on from that basis by primal simplex. If the pinned LP is
    infeasible and ``solver`` held no basis (a cold solve), the sizes are too small for a
    binding target: the pinned step runs again with the target rows elastic
    (``MatrixHighs.soften``, a penalty far above any shadow price), which is feasible, and
    the freed step then reaches the LP's own optimum with nothing relaxed (measured: a cap
    0.2 % above the reachable minimum, default example). If the pinned LP is still not
    optimal, go on from the basis ``solver`` held before (a re-solve, e.g. a whole-turbine
    candidate from the last solve's optimum) or, when it held none, from scratch. ``synced``:
    ``solver`` holds ``m`` as it is; ``t0``: when the solve began (``solver.time_limit_s``
    bounds all steps from there). Returns
    the final status (``solve_s``: both steps) and what happened (``pinned``,
    ``pinned_s``). Without presolve (from a kept basis) the pinned step was slower than
    the whole (4.4-6.4 s against 0.6 s cold on the default example's whole-turbine
    candidates)."""
    t0 = time.perf_counter() if t0 is None else t0
    if not synced:
        solver.update(m)
    solver.pin(sizes)
    before = solver.basis()  # the last solve's basis (with the pin rows), or None
    pinned = _pinned(m, inputs, solver, sizes, t0, soften=False)
    soft, upward_used = 0, False
    if pinned.infeasible and before is None:
        pinned, upward_used = _retried(m, inputs, solver, sizes, t0, pinned)
        soft = len(target_rows(m))
    if pinned.optimal:
        progress.stage("capacities freed, primal simplex from the pinned basis")
        status = solve_model(m, inputs, solver, synced=True, extra=PRIMAL | _left(inputs, t0))
        how = "optimal"
        if soft:
            status, how = _hardened(m, inputs, solver, status, t0)
        if upward_used:
            how = f"{how} (sizes pinned from below)"
    else:
        solver.harden()
        solver.clear_basis()
        if before is not None:
            solver.set_basis(before)
        where = "cold" if before is None else "from the last basis"
        progress.stage(f"{where}: the pinned LP was {pinned.termination}")
        status = solve_model(m, inputs, solver, synced=True, extra=_left(inputs, t0))
        how = f"{pinned.termination}: solved {where}"
    status.solve_s += pinned.solve_s
    return status, {"pinned": how, "pinned_s": pinned.solve_s}


def _retried(
    m: pyo.ConcreteModel,
    inputs: PlanInputs,
    solver: MatrixHighs,
    sizes: ComponentMap,
    t0: float,
    pinned: Status,
) -> tuple[Status, bool]:
    """The pinned step again after an infeasible one (a cold solve): with the targets
    elastic (the typical-day sizes too small for a binding target), then also with the sizes
    pinned from below only (too small for a limit the typical days do not hold, e.g. a peak
    day's heat or cooling). Returns the last status and whether it pinned from below."""
    tries = ([False] if target_rows(m) else []) + [True]
    upward = False
    for upward in tries:
        first_s = pinned.solve_s
        pinned = _pinned(m, inputs, solver, sizes, t0, soften=True, upward=upward)
        pinned.solve_s += first_s
        if not pinned.infeasible:
            break
    return pinned, upward


def _pinned(
    m: pyo.ConcreteModel,
    inputs: PlanInputs,
    solver: MatrixHighs,
    sizes: ComponentMap,
    t0: float,
    soften: bool,
    upward: bool = False,
) -> Status:
    """The pinned step: the full LP from scratch with the capacities held at ``sizes``
    (``upward``: at least ``sizes``); with ``soften`` its target rows elastic
    (``MatrixHighs.soften``), so that it is feasible even where the sizes are too small for
    a binding target."""
    solver.pin(sizes, upward=upward)
    if soften and target_rows(m):
        solver.soften(target_rows(m), ELASTIC_PENALTY)
    solver.clear_basis()
    what = " (targets elastic)" if soften and target_rows(m) else ""
    what += ", from below" if upward else ""
    progress.stage(f"capacities pinned at the typical-day sizes{what}")
    try:
        return solve_model(m, inputs, solver, synced=True, extra=_left(inputs, t0))
    finally:  # never leave a pin active for a later solve of a kept model
        solver.unpin()


def target_rows(m: pyo.ConcreteModel) -> list:
    """The target rows (``targets.TARGETS``) of the model and of its blocks (a pathway's
    periods), which the pinned step makes elastic."""
    blocks = m.block_data_objects(active=True)
    return [getattr(b, t.row) for b in blocks for t in targets.TARGETS if hasattr(b, t.row)]


def _hardened(
    m: pyo.ConcreteModel, inputs: PlanInputs, solver: MatrixHighs, status: Status, t0: float
) -> tuple[Status, str]:
    """After the freed step with elastic targets: where no target is relaxed the optimum is
    the LP's own (the elastic columns sit at 0, nonbasic, and are held there); else they
    are held at 0 and dual simplex goes on from that basis, which stays dual feasible."""
    relaxed = float(solver.softened().max(initial=0.0)) if status.optimal else np.inf
    solver.harden()
    if relaxed <= ELASTIC_TOL:
        return status, "infeasible; started again with elastic targets: optimal"
    if not status.optimal:
        return status, f"freed step {status.termination}"
    progress.stage("a target relaxed at the pinned sizes: dual simplex from that basis")
    extra = {"solver": "simplex", "simplex_strategy": 1} | _left(inputs, t0)
    again = solve_model(m, inputs, solver, synced=True, extra=extra)
    again.solve_s += status.solve_s
    return again, f"infeasible; elastic targets relaxed by {relaxed:.3g}, then dual simplex"


def solve_cold(
    m: pyo.ConcreteModel,
    inputs: PlanInputs,
    solver: MatrixHighs,
    sizes_of: Callable[[float], ComponentMap | None] | None = None,
) -> Status:
    """Solve ``m`` (just passed to ``solver``) from scratch, through typical days where
    ``wanted``; the status's ``start`` says how it went and ``solve_s`` counts all steps.
    ``sizes_of(t0)``: the sizes to pin (None: the typical-day plan is not optimal); by
    default ``typical_day_sizes`` (a pathway passes its builds')."""
    if not wanted(inputs):
        progress.stage("solving from scratch")
        return solve_model(m, inputs, solver, synced=True)
    t0 = time.perf_counter()
    why = "typical-day plan not optimal"
    progress.stage(f"planning on {START_DAYS} typical days")
    try:
        sizes = (sizes_of or (lambda t: typical_day_sizes(m, inputs, t)))(t0)
    except Exception as err:  # noqa: BLE001 - the start is a shortcut: the full LP still runs
        sizes, why = None, f"typical-day plan failed ({type(err).__name__}: {err})"
    start = {
        "from": "typical_days",
        "typical_days": START_DAYS,
        "typical_s": time.perf_counter() - t0,
    }
    if sizes is None:
        progress.stage(f"cold: {why}")
        status = solve_model(m, inputs, solver, synced=True, extra=_left(inputs, t0))
        start["pinned"] = f"{why}: solved cold"
    else:
        status, how = solve_pinned(m, inputs, solver, sizes, synced=True, t0=t0)
        start.update(how)
    status.solve_s = time.perf_counter() - t0
    status.start = start
    return status


def hold(solver: MatrixHighs, var, lower: float | None, upper: float | None) -> None:
    """Set the bounds of ``var`` (a column of ``solver``'s model) [model units] in the Pyomo
    model, in ``solver.compiled`` and in HiGHS alike: nothing is compiled again and HiGHS
    keeps its basis (``solve_held`` goes on from it)."""
    var.setlb(lower)
    var.setub(upper)
    c, i = solver.compiled, solver.column(var)
    if i is None:  # not in the LP (no constraint or cost uses it)
        return
    c.col_lower[i] = -INF if lower is None else float(lower)
    c.col_upper[i] = INF if upper is None else float(upper)
    solver.highs.changeColBounds(i, c.col_lower[i], c.col_upper[i])


def solve_held(
    m: pyo.ConcreteModel,
    inputs: PlanInputs,
    solver: MatrixHighs,
    bound: float | None = None,
    basis: highspy.HighsBasis | None = None,
    iterations: int = WARM_ITERATIONS,
) -> Status:
    """Re-solve ``m`` after ``hold`` changed a column's bounds, by dual simplex from
    ``basis`` (a ``MatrixHighs.basis()`` of the same rows and columns; None: the basis HiGHS
    holds). Changed bounds leave an optimal basis dual feasible (the costs are the same),
    so dual simplex from it pivots only what the change moves, with no presolve. With
    ``bound`` [model units] it stops as soon as its objective, a lower bound on the
    optimum at every dual feasible basis, exceeds ``bound``: the termination is then
    ``BOUND_STOP`` and the status's objective ``bound`` (the LP costs more). It gives up
    after ``iterations`` (``iterationLimit``; its basis, still dual feasible, can be
    taken up again, or the caller goes on another way)."""
    h = solver.highs
    if basis is not None and (len(basis.col_status), len(basis.row_status)) == (
        h.getNumCol(),
        h.getNumRow(),
    ):
        solver.set_basis(basis)
    extra = {**METHODS["dual_simplex"], "simplex_iteration_limit": iterations}
    if bound is not None:
        extra["objective_bound"] = float(bound)
    try:
        status = solve_model(m, inputs, solver, synced=True, extra=extra)
    finally:
        for key, value in HELD_DEFAULTS.items():
            h.setOptionValue(key, value)
    if status.termination == BOUND_STOP:
        status.objective = float(bound)
    return status
