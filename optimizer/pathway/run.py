"""``plan_pathway(scenario)``: prepare every period, solve the LP over periods, and read
each period back as a plan of its own (``plan.assemble``) beside the pathway's tables."""

from __future__ import annotations

import time
from dataclasses import dataclass, replace

import pyomo.environ as pyo

from parkopt.models.units import KW_PER_MW
from parkopt.optimizer.common.errors import InfeasibleError, Problem, ScenarioError, SolverError
from parkopt.optimizer.inputs.plan_inputs import PlanInputs
from parkopt.optimizer.inputs.prepare import prepare
from parkopt.optimizer.lp import binding_limits, diagnose_infeasible, extract, progress
from parkopt.optimizer.lp.binding import bound_variables
from parkopt.optimizer.lp.build import build_model
from parkopt.optimizer.lp.highs import MatrixHighs
from parkopt.optimizer.lp.solve import Status, new_solver, solve_model
from parkopt.optimizer.lp.start import solve_cold
from parkopt.optimizer.pathway.model import build_pathway, update_pathway
from parkopt.optimizer.pathway.outputs import pathway_block
from parkopt.optimizer.pathway.periods import PeriodInputs, period_inputs
from parkopt.optimizer.pathway.start import typical_day_builds
from parkopt.optimizer.planning.plan import Plan, assemble
from parkopt.optimizer.planning.typical_days import expand
from parkopt.optimizer.schema.scenario import Scenario


@dataclass(frozen=True)
class PathwayPlan:
    """A solved pathway: each period's plan (on the calendar of its year) and the pathway's
    own figures (``outputs.pathway_block``: schedule, path, cash flow, NPV)."""

    scenario: Scenario
    periods: list[PeriodInputs]
    plans: list[Plan]
    summary: dict
    kind: str = "pathway"


@dataclass
class PathwayCache:
    """One built pathway LP (its HiGHS instance and periods) kept between the runs of a
    study that share a structure ``key``: the next run updates its parameters and HiGHS
    starts from the last basis."""

    key: str | None = None
    model: pyo.ConcreteModel | None = None
    solver: MatrixHighs | None = None
    periods: list[PeriodInputs] | None = None


def _solve(
    m: pyo.ConcreteModel,
    periods: list[PeriodInputs],
    solver: MatrixHighs,
    pathway,
    warm: bool,
) -> Status:
    """Solve the pathway LP with the scenario's HiGHS options (the first period's): warm
    from the basis ``solver`` holds, else cold, from typical days on every hour of the
    periods (``lp.start.solve_cold`` pinning ``start.typical_day_builds``); then each
    period's duals and reduced costs per year of the period."""
    inputs = periods[0].inputs
    if warm:
        status = solve_model(m, inputs, solver, synced=True)
    else:
        status = solve_cold(m, inputs, solver, lambda t0: typical_day_builds(m, periods, pathway))
    if status.optimal:
        for p, pp in enumerate(periods):  # each period's prices per year of the period
            b = m.period[p]
            b.solution_duals = {c: d / pp.weight for c, d in m.solution_duals.items()}
            rc = solver.reduced_costs(m, bound_variables(b))
            for v in list(rc.keys()):
                rc[v] = rc[v] / pp.weight
            b.solution_reduced_costs = rc
    return status


def _infeasible(periods: list[PeriodInputs]) -> InfeasibleError:
    """The first period that cannot be planned on its own, with the limits that collide in
    it (``diagnose_infeasible``); else the link between periods."""
    for pp in periods:
        alone = build_model(pp.inputs)
        if solve_model(alone, pp.inputs).infeasible:
            return InfeasibleError(f"pathway period {pp.year}: {diagnose_infeasible(pp.inputs)}")
    years = ", ".join(str(pp.year) for pp in periods)
    return InfeasibleError(
        f"each period ({years}) can be planned alone, but not in sequence: capacity bought "
        "serves in every later period of its life, and an existing asset retired in one "
        "period does not come back (check each period's min_kw and max_kw, and pathway.retire)"
    )


def _period_plan(m, p: int, pp: PeriodInputs, status: Status, timing: dict) -> Plan:
    """Period p's result as a plan on its calendar year (``plan.assemble``); ``timing``: the
    pathway LP's build and solve [s], which every period shares."""
    b = m.period[p]
    result = extract(b, pp.inputs, status)
    result = replace(result, objective_value=None)  # the pathway's objective is over periods
    inputs = pp.inputs
    if pp.clustered is not None:
        inputs, result = expand(pp.clustered, result)
    out = assemble(inputs, result, timing, "plan")
    out.summary["binding_limits"] = binding_limits(b, pp.inputs)
    out.summary["warm_start"] = False
    return out


def _model(
    base: PlanInputs, cache: PathwayCache, key: str | None
) -> tuple[list[PeriodInputs], pyo.ConcreteModel, MatrixHighs, bool]:
    """The periods, the LP and its HiGHS instance: built anew, or (``cache`` holding
    ``key``) the kept ones updated. The last item says whether it is warm."""
    pathway = base.scenario.pathway
    if key is not None and cache.key == key:
        periods = period_inputs(base, reuse=cache.periods)
        update_pathway(cache.model, periods, pathway)
        cache.solver.update(cache.model)
        cache.periods = periods
        return periods, cache.model, cache.solver, True
    periods = period_inputs(base)
    m = build_pathway(periods, pathway)
    solver = new_solver(m)
    cache.key, cache.model, cache.solver, cache.periods = key, m, solver, periods
    return periods, m, solver, False


def plan_pathway(
    base: Scenario | PlanInputs, cache: PathwayCache | None = None, key: str | None = None
) -> PathwayPlan:
    """Plan the pathway of a scenario (its ``pathway`` section), given as a Scenario (its
    year is prepared first) or as its year's PlanInputs: what to build in each period at
    least present cost under each period's targets. With a ``cache`` holding the structure
    ``key`` (a study), the kept LP is updated and re-solved warm. Raises ScenarioError,
    InfeasibleError (naming the period and the limits) or SolverError."""
    t0 = time.perf_counter()
    if isinstance(base, Scenario):
        base = prepare(base)
    scenario = base.scenario
    if scenario.pathway is None:
        raise ScenarioError(
            [Problem(scenario.source, "pathway", None, "a pathway section with its periods")]
        )
    unit = f"{scenario.tariff.currency} (present value)"
    with progress.watching("pathway", KW_PER_MW, unit):
        progress.stage(f"preparing {len(scenario.pathway.periods)} periods")
        t1 = time.perf_counter()
        own = cache if cache is not None else PathwayCache()
        periods, m, solver, warm = _model(base, own, key)
        t2 = time.perf_counter()
        n = len(periods)
        progress.stage("re-solving warm from the last basis" if warm else f"solving {n} periods")
        status = _solve(m, periods, solver, scenario.pathway, warm)
        if not status.optimal:
            own.key = None  # a failed solve leaves no basis worth keeping
            if status.infeasible:
                progress.stage("infeasible: finding which period and limits collide")
                raise _infeasible(periods)
            raise SolverError(
                f"HiGHS stopped with {status.termination} after {status.solve_s:.1f} s"
            )
        t3 = time.perf_counter()
        timing = {"build": t2 - t1, "solve": status.solve_s}
        plans = [_period_plan(m, p, pp, status, timing) for p, pp in enumerate(periods)]
        timing = {"inputs": t1 - t0, **timing, "assemble": time.perf_counter() - t3}
        summary = pathway_block(scenario, periods, plans, m, status.objective * KW_PER_MW)
    summary["timing_s"] = {**timing, "total": time.perf_counter() - t0}
    summary["warm_start"] = warm
    summary["start"] = status.start  # how a full-year pathway started (None: plainly)
    return PathwayPlan(scenario, periods, plans, summary)
