"""Solve a built model with HiGHS (Pyomo's contrib highs interface) and say how it ended."""

from __future__ import annotations

import time
from dataclasses import dataclass

import pyomo.environ as pyo
from pyomo.contrib.solver.common.results import SolutionStatus, TerminationCondition
from pyomo.contrib.solver.solvers.highs import Highs

from parkopt.optimizer.lp.binding import bound_variables
from parkopt.optimizer.plan_inputs import PlanInputs

# HiGHS options: dual simplex with scale strategy 4 was the fastest measured on this LP
# shape (DESIGN.md); tight primal feasibility keeps the energy balance within 1e-6 kW.
HIGHS_OPTIONS = {
    "solver": "simplex",
    "simplex_strategy": 1,
    "simplex_scale_strategy": 4,
    "primal_feasibility_tolerance": 1e-9,
    "dual_feasibility_tolerance": 1e-9,
}
INFEASIBLE = ("provenInfeasible", "infeasibleOrUnbounded")
"""Terminations that mean the limits collide (diagnosed, not reported as solver failure)."""


@dataclass
class Status:
    """The solver's verdict on one solve."""

    termination: str
    optimal: bool
    objective: float | None  # model units (kCNY or tCO2 or MWh)
    solve_s: float

    @property
    def infeasible(self) -> bool:
        return self.termination in INFEASIBLE


def new_solver(m: pyo.ConcreteModel) -> Highs:
    """A HiGHS instance holding ``m`` (the Pyomo -> HiGHS translation happens here)."""
    solver = Highs()
    solver.set_instance(m)
    return solver


def solve_model(m: pyo.ConcreteModel, inputs: PlanInputs, solver: Highs | None = None) -> Status:
    """Solve with HiGHS; return the status without raising (load the solution if optimal)."""
    opt = solver or Highs()
    options = dict(HIGHS_OPTIONS)
    s = inputs.scenario.solver
    if s.time_limit_s is not None:
        options["time_limit"] = s.time_limit_s
    if s.threads is not None:
        options["threads"] = s.threads
    t0 = time.perf_counter()
    res = opt.solve(
        m, load_solutions=False, raise_exception_on_nonoptimal_result=False, solver_options=options
    )
    elapsed = time.perf_counter() - t0
    optimal = (
        res.termination_condition == TerminationCondition.convergenceCriteriaSatisfied
        and res.solution_status == SolutionStatus.optimal
    )
    if optimal:
        res.solution_loader.load_vars()
        m.solution_duals = res.solution_loader.get_duals()
        # reduced costs of the limits' variables (binding.py); HiGHS's col_dual, same sign
        # convention as the row duals: <= 0 at a binding upper bound, >= 0 at a lower one
        m.solution_reduced_costs = res.solution_loader.get_reduced_costs(bound_variables(m))
    return Status(res.termination_condition.name, optimal, res.incumbent_objective, elapsed)
