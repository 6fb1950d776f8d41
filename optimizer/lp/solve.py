"""Solve a built model with HiGHS (the model passed as a matrix, ``highs.py``) and say how
it ended."""

from __future__ import annotations

import time
from dataclasses import dataclass

import pyomo.environ as pyo

from parkopt.optimizer.inputs.plan_inputs import PlanInputs
from parkopt.optimizer.lp import progress
from parkopt.optimizer.lp.binding import bound_variables
from parkopt.optimizer.lp.highs import MatrixHighs

# HiGHS options: dual simplex (the default ``solver.method``) with scale strategy 4 was the
# fastest measured on this LP shape (DESIGN.md; benchmarks/plan.py); tight primal
# feasibility keeps the energy balance within 1e-6 kW.
# Devex pricing, not HiGHS's default (choose, which starts with steepest edge): a re-solve
# from an optimal basis found after presolve otherwise first computes exact steepest-edge
# weights, one BTRAN per row (12.5 s of a 12.6 s, 87-iteration warm re-solve of the
# full-year cap sweep), and HiGHS reads this option only when the LP first reaches its
# simplex solver, so it must be set from the cold solve on. Measured 2026-12-02, cold:
# default example 14.5 s both ways, multi-energy example 22.7 s against 29.3 s, the loosest
# cap of the sweep 12.2 s against 16.0 s; the 20-cap sweep in one process 25.9 s of HiGHS
# against 45.2 s.
HIGHS_OPTIONS = {
    "simplex_scale_strategy": 4,
    "simplex_dual_edge_weight_strategy": 1,
    "primal_feasibility_tolerance": 1e-9,
    "dual_feasibility_tolerance": 1e-9,
}
METHODS = {
    "dual_simplex": {"solver": "simplex", "simplex_strategy": 1},
    "primal_simplex": {"solver": "simplex", "simplex_strategy": 4},
    "ipm": {"solver": "ipm", "run_crossover": "on"},
}
"""``solver.method`` -> the HiGHS options it sets over ``HIGHS_OPTIONS``."""


def highs_options(inputs: PlanInputs) -> dict:
    """HiGHS options for ``inputs``' scenario: parkopt's, the method's, the time limit and
    threads, then ``solver.highs_options`` as given."""
    s = inputs.scenario.solver
    options = {**HIGHS_OPTIONS, **METHODS[s.method]}
    if s.time_limit_s is not None:
        options["time_limit"] = float(s.time_limit_s)
    if s.threads is not None:
        options["threads"] = s.threads
    return {**options, **s.highs_options}


INFEASIBLE = ("provenInfeasible", "infeasibleOrUnbounded")
"""Terminations that mean the limits collide (diagnosed, not reported as solver failure)."""


@dataclass
class Status:
    """The solver's verdict on one solve."""

    termination: str
    optimal: bool
    objective: float | None  # model units (kCNY or tCO2 or MWh)
    solve_s: float
    start: dict | None = None  # how a cold solve started (``lp/start.py``), None: plain

    @property
    def infeasible(self) -> bool:
        return self.termination in INFEASIBLE


def new_solver(m: pyo.ConcreteModel) -> MatrixHighs:
    """A HiGHS instance holding ``m`` (the Pyomo -> HiGHS translation happens here)."""
    return MatrixHighs(m)


def solve_model(
    m: pyo.ConcreteModel,
    inputs: PlanInputs,
    solver: MatrixHighs | None = None,
    synced: bool = False,
    extra: dict | None = None,
) -> Status:
    """Solve with HiGHS; return the status without raising (load the solution if optimal).
    A ``solver`` that holds ``m`` is first sent what changed in ``m`` since it was last
    compiled, unless ``synced`` says nothing did (a solver just made by ``new_solver``).
    ``extra``: HiGHS options for this solve only, over ``highs_options``."""
    if solver is None:
        solver = MatrixHighs(m)
    elif not synced:
        solver.update(m)
    options = {**highs_options(inputs), **(extra or {})}
    if "output_flag" not in inputs.scenario.solver.highs_options:  # the user's log wins
        watched = progress.highs_options()
        options.update(watched or {"output_flag": False})
        if watched:
            progress.attach(solver.highs)
    t0 = time.perf_counter()
    out = solver.solve(m, options)
    elapsed = time.perf_counter() - t0
    if out.optimal and hasattr(m, "cap"):  # a plan's model (a pathway's reads its blocks')
        # reduced costs of the limits' variables (binding.py); HiGHS's col_dual, same sign
        # convention as the row duals: <= 0 at a binding upper bound, >= 0 at a lower one
        m.solution_reduced_costs = solver.reduced_costs(m, bound_variables(m))
    return Status(out.termination, out.optimal, out.objective, elapsed)
