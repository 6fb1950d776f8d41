"""Build (or update a kept model), solve and extract the cost-minimising plan."""

from __future__ import annotations

import time
from dataclasses import dataclass

import pyomo.environ as pyo

from parkopt.optimizer.common.errors import SolverError
from parkopt.optimizer.inputs.plan_inputs import PlanInputs
from parkopt.optimizer.lp import progress
from parkopt.optimizer.lp.build import build_model, update_parameters
from parkopt.optimizer.lp.diagnose import diagnose_infeasible
from parkopt.optimizer.lp.extract import LPResult, extract
from parkopt.optimizer.lp.highs import MatrixHighs
from parkopt.optimizer.lp.solve import new_solver, solve_model
from parkopt.optimizer.lp.start import solve_cold


@dataclass
class ModelCache:
    """One built model (and its HiGHS instance) kept between solves whose inputs share a
    structure: the next solve only updates parameters and HiGHS starts from the last basis.
    ``key`` names the structure (a study's ``structure_key``)."""

    key: str | None = None
    model: pyo.ConcreteModel | None = None
    solver: MatrixHighs | None = None


def solve_plan(
    inputs: PlanInputs, cache: ModelCache | None = None, key: str | None = None
) -> tuple[LPResult, dict[str, float]]:
    """Build (or, with a ``cache`` holding the same ``key``, update), solve and extract the
    cost-minimising plan; raise InfeasibleError (naming the limits) or SolverError. Returns
    the result and the build and solve times [s]."""
    t0 = time.perf_counter()
    warm = cache is not None and key is not None and cache.key == key
    if warm:
        m, solver = cache.model, cache.solver
        update_parameters(m, inputs)
    else:
        m = build_model(inputs)
        solver = new_solver(m)  # Pyomo -> HiGHS translation counts as build time
        if cache is not None:
            cache.key, cache.model, cache.solver = key, m, solver
    build_s = time.perf_counter() - t0
    if warm:
        progress.stage("re-solving warm from the last basis")
    status = solve_model(m, inputs, solver) if warm else solve_cold(m, inputs, solver)
    if not status.optimal:
        if status.infeasible:
            progress.stage("infeasible: finding which limits collide")
            raise diagnose_infeasible(inputs)
        raise SolverError(f"HiGHS stopped with {status.termination} after {status.solve_s:.1f} s")
    result = extract(m, inputs, status)
    result.warm_start = warm
    return result, {"build": build_s, "solve": status.solve_s}
