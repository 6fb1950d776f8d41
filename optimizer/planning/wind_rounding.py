"""Wind as whole turbines: the LP sizes wind continuously; a park builds whole turbines.

``whole_turbines(inputs, plan_result)`` counts the turbines of the chosen type in the
continuous optimum (capacity / rated power), re-solves the plan with wind fixed at the two
whole numbers around it (``min = max =`` the candidate's capacity, every other capacity
re-optimised) and reports each one's annual cost against the continuous optimum; the
cheaper feasible candidate is chosen. Two extra solves, on one model built for them (or on
the plan's own model, warm, when its ``ModelCache`` is passed). With the plan's sizes at
hand, each starts with the other capacities pinned there and then freed
(``lp.solve_pinned``): fixing wind moves every hour, and dual simplex from the plan's basis
took 5.5-7.5 s a candidate on the default example.

One wind instance is rounded: the single mapping, or a list of one (its capacity
``wind_<name>_kw``, its own turbine and bounds). A list of several wind sites is not rounded:
each site's size stays the LP's continuous one, ``wind_turbines`` is empty and the plan's
warnings say so (``several_sites``); rounding several sites together would be a small
integer problem of its own.
"""

from __future__ import annotations

import math

from pyomo.common.collections import ComponentMap

from parkopt.models.turbines import W_PER_KW, make_turbine
from parkopt.models.units import HOURS_PER_YEAR, KW_PER_MW, kw_to_mw
from parkopt.optimizer.common.numbers import num
from parkopt.optimizer.inputs.clustering import cluster
from parkopt.optimizer.inputs.plan_inputs import PlanInputs
from parkopt.optimizer.lp import (
    ModelCache,
    binding_limits,
    build_model,
    extract,
    new_solver,
    progress,
    solve_model,
    solve_pinned,
)
from parkopt.optimizer.lp.start import START_DAYS, wanted
from parkopt.optimizer.schema.instances import Instance, instances_of
from parkopt.optimizer.schema.technologies import WIND_TECH

SCREEN_MARGIN = 0.02
"""Two whole-turbine counts whose typical-day costs differ by more than this (relative) are
not both re-solved in full: the dearer one's cost is estimated (typical days come within
about 0.5 % of the year's cost on the default example; issue 14)."""
WHOLE_TOL = 1e-6
"""A turbine count within this of a whole number is whole (no re-solve)."""


def wind_instance(inputs: PlanInputs) -> Instance | None:
    """The wind instance to round: the scenario's only one (one mapping, or a list of one);
    None without wind or with several sites (see the module docstring)."""
    found = instances_of(inputs.scenario, WIND_TECH)
    return found[0] if len(found) == 1 else None


def rated_power_kw(inputs: PlanInputs) -> float:
    """Rated (nominal) power of one turbine of the scenario's wind type [kW]: a maker's
    curve's ``rated_kw`` (else its largest value), or windpowerlib's ``nominal_power``."""
    ms = wind_instance(inputs).spec.model_spec()
    turbine = make_turbine(ms.turbine_type, ms.hub_height_m, ms.power_curve)
    return float(turbine.nominal_power) / W_PER_KW


def _continuous(plan_result, inputs: PlanInputs) -> tuple[float, float]:
    """Wind capacity [kW] and annual cost [currency/year] of a Plan or an LPResult."""
    if hasattr(plan_result, "summary"):  # a Plan
        caps, s = plan_result.capacities, plan_result.summary
        cost = s["objective"] if s.get("objective") is not None else s["cost"]["total_annual"]
    else:  # an LPResult
        caps, cost = plan_result.capacities_kw, plan_result.objective_value
    return float(caps.get(_key(inputs), 0.0)), float(cost)


def _key(inputs: PlanInputs) -> str:
    """The capacity key of the wind instance rounded (``wind_kw``, ``wind_<name>_kw``)."""
    return wind_instance(inputs).capacities[0].key


def _candidate(n: int, rated_kw: float, inputs: PlanInputs) -> dict:
    """A candidate count and whether its capacity lies within the wind bounds."""
    inst, kw = wind_instance(inputs), n * rated_kw
    spec, where = inst.spec, inst.field
    out = {"turbines": n, "kw": kw, "feasible": True, "annual_cost": None, "extra_cost": None}
    if spec.max_kw is not None and kw > spec.max_kw * (1 + WHOLE_TOL):
        out.update(feasible=False, reason=f"above {where}.max_kw {num(spec.max_kw)} kW")
    elif kw < spec.min_kw * (1 - WHOLE_TOL):
        out.update(feasible=False, reason=f"below {where}.min_kw {num(spec.min_kw)} kW")
    return out


def _solve_fixed(
    inputs: PlanInputs, candidates: list[dict], cache: ModelCache | None, kept: dict | None
) -> None:
    """Re-solve with wind fixed at each feasible candidate; fill in its annual cost
    [currency/year] (or mark it infeasible). A cached model gets its bounds back. ``kept``
    (a dict) receives each optimal candidate's plan by turbine count: its LPResult and
    binding limits (``_limits_of``)."""
    todo = [c for c in candidates if c["feasible"] and c["annual_cost"] is None]
    if not todo:
        return
    if cache is not None and cache.model is not None:
        m, solver = cache.model, cache.solver
    else:
        m = build_model(inputs)
        solver = new_solver(m)
    var = m.cap[_key(inputs)]
    lb, ub = var.lb, var.ub
    others = ComponentMap((m.cap[k], m.cap[k].value) for k in m.K if m.cap[k] is not var)
    try:
        for c in todo:
            progress.stage(f"wind fixed at {c['turbines']} turbine(s)")
            var.setlb(kw_to_mw(c["kw"]))
            var.setub(kw_to_mw(c["kw"]))
            if all(x is not None for x in others.values()):  # a plan's sizes to start from
                status, _ = solve_pinned(m, inputs, solver, others)
            else:
                status = solve_model(m, inputs, solver)
            c["solve_s"] = status.solve_s
            if status.optimal:
                c["annual_cost"] = status.objective * KW_PER_MW
                if kept is not None:
                    kept[c["turbines"]] = (extract(m, inputs, status), _limits_of(m, inputs))
            elif status.infeasible:
                c.update(feasible=False, reason="the limits and targets cannot all be met")
            else:
                c.update(feasible=False, reason=f"HiGHS stopped with {status.termination}")
    finally:
        var.setlb(lb)
        var.setub(ub)


def _clearly_dearer(inputs: PlanInputs, candidates: list[dict]) -> dict | None:
    """Of two feasible candidates on a long horizon, the one that costs more than the other
    by over ``SCREEN_MARGIN`` on ``START_DAYS`` typical days (a 0.2-0.5 s screening; the
    typical days' cost is within about 0.5 % of the year's): it is not re-solved in full,
    its cost is the other's plus the screening's gap, marked ``estimated``. None where
    both must be solved (close, short horizon, typical days already, a failed screening)."""
    todo = [c for c in candidates if c["feasible"] and c["annual_cost"] is None]
    if len(todo) != 2 or inputs.typical_days is not None or not wanted(inputs):
        return None
    typical = cluster(inputs, START_DAYS).inputs
    m = build_model(typical)
    solver = new_solver(m)
    var, costs = m.cap[_key(inputs)], []
    for c in todo:
        progress.stage(f"screening wind at {c['turbines']} turbine(s) on typical days")
        var.setlb(kw_to_mw(c["kw"]))
        var.setub(kw_to_mw(c["kw"]))
        status = solve_model(m, typical, solver)
        if not status.optimal:
            return None
        costs.append(status.objective * KW_PER_MW)
    low, high = sorted(range(2), key=lambda i: costs[i])
    if costs[high] - costs[low] <= SCREEN_MARGIN * abs(costs[low]):
        return None
    todo[high].update(estimated=True, gap=costs[high] - costs[low])
    return todo[high]


def _limits_of(m, inputs: PlanInputs) -> list[dict]:
    """The binding limits of a candidate's solve, less wind's own bounds where they are the
    candidate's fix rather than a limit the user set."""
    inst = wind_instance(inputs)
    own = {f"{inst.field}.max_kw": inst.spec.max_kw, f"{inst.field}.min_kw": inst.spec.min_kw}
    return [
        e
        for e in binding_limits(m, inputs)
        if e["name"] not in own
        or (own[e["name"]] is not None and abs(e["value"] - own[e["name"]]) <= WHOLE_TOL)
    ]


def not_applicable(inputs: PlanInputs, wind_kw: float) -> str | None:
    """Why whole turbines mean nothing for this plan (None: they do). Three cases:

    - the scenario fixes the wind size (``min_kw == max_kw``): the size is the user's, not
      the LP's, and there is nothing to round;
    - the wind output is a CSV profile and no turbine is named (``turbine_type``,
      ``wind_class``, ``power_curve`` all null): the turbine would be the stand-in default,
      which has nothing to do with the profile;
    - a horizon shorter than a year sizes the plant below one turbine: the horizon is a
      slice of the year (a typical day, a test week), and 0 or 1 turbine would be a
      question about that slice, not the park (on a full year it is a real choice, kept).
    """
    s = inputs.scenario
    spec = wind_instance(inputs).spec
    if spec.max_kw is not None and abs(spec.max_kw - spec.min_kw) <= WHOLE_TOL * max(
        spec.max_kw, 1.0
    ):
        return "the scenario fixes the wind size (min_kw = max_kw)"
    named = any(x is not None for x in (spec.turbine_type, spec.wind_class, spec.power_curve))
    if (s.profiles.wind_kw_per_kw or spec.profile) is not None and not named:
        return "the wind output is a CSV profile and no turbine is named"
    if inputs.hours < HOURS_PER_YEAR and wind_kw < rated_power_kw(inputs) * (1 - WHOLE_TOL):
        return "a horizon shorter than a year sizes wind below one turbine"
    return None


def whole_turbines(
    inputs: PlanInputs, plan_result, cache: ModelCache | None = None, kept: dict | None = None
) -> dict:
    """The continuous wind capacity of ``plan_result`` (a Plan or an LPResult) as whole
    turbines: ``turbine``, ``rated_kw`` [kW], ``continuous_kw`` [kW], ``turbines`` (the
    continuous count), ``continuous_cost`` [currency/year], ``candidates`` (floor and ceil:
    ``turbines``, ``kw``, ``feasible``, ``annual_cost`` and ``extra_cost`` against the
    continuous optimum [currency/year], ``reason`` when infeasible), ``chosen`` (the cheaper
    feasible candidate, None if neither is) and ``sentence``. Empty when the scenario has no
    wind, the plan builds none or whole turbines mean nothing (``not_applicable``).

    With ``cache`` (the ModelCache the plan was solved in) the re-solves reuse its model
    warm and restore its wind bounds afterwards; its variable values and duals are then the
    last candidate's, so take ``binding_limits`` from it first. ``kept`` (a dict) receives
    each re-solved candidate's LPResult and binding limits by turbine count, so the plan
    can be the one built (``plan.plan``).
    """
    inst = wind_instance(inputs)
    if inst is None:
        return {}
    spec = inst.spec
    wind_kw, cost = _continuous(plan_result, inputs)
    if wind_kw <= WHOLE_TOL or not_applicable(inputs, wind_kw) is not None:
        return {}
    rated = rated_power_kw(inputs)
    n = wind_kw / rated
    counts = sorted({math.floor(n + WHOLE_TOL), math.ceil(n - WHOLE_TOL)})
    candidates = [_candidate(k, rated, inputs) for k in counts]
    if len(counts) == 1:  # already whole: the continuous optimum is the answer
        candidates[0].update(annual_cost=cost, extra_cost=0.0)
    dearer = _clearly_dearer(inputs, candidates)
    _solve_fixed(inputs, [c for c in candidates if c is not dearer], cache, kept)
    for c in candidates:
        if c["annual_cost"] is not None:
            c["extra_cost"] = c["annual_cost"] - cost
    if dearer is not None:  # its full-year cost from the other's and the screening's gap
        other = next(c for c in candidates if c is not dearer)
        if other["annual_cost"] is not None:
            dearer["annual_cost"] = other["annual_cost"] + dearer.pop("gap")
            dearer["extra_cost"] = dearer["annual_cost"] - cost
        else:  # the other failed in full: this one is solved in full after all
            dearer.pop("gap")
            dearer["estimated"] = False
            _solve_fixed(inputs, [dearer], cache, kept)
            if dearer["annual_cost"] is not None:
                dearer["extra_cost"] = dearer["annual_cost"] - cost
    feasible = [c for c in candidates if c["feasible"]]
    chosen = min(feasible, key=lambda c: (c["annual_cost"], c["turbines"]), default=None)
    out = {
        "turbine": spec.turbine,
        "rated_kw": rated,
        "continuous_kw": wind_kw,
        "turbines": n,
        "continuous_cost": cost,
        "candidates": candidates,
        "chosen": chosen,
    }
    out["sentence"] = _sentence(out, inputs.scenario.tariff.currency)
    return out


def _sentence(r: dict, cur: str) -> str:
    """The rounding in words: the count, each candidate's extra cost, the choice."""
    head = (
        f"Wind {num(r['continuous_kw'])} kW is {r['turbines']:.2f} {r['turbine']} turbines "
        f"of {num(r['rated_kw'])} kW"
    )
    parts = [
        f"{c['turbines']} ({num(c['kw'])} kW) cost "
        + ("about " if c.get("estimated") else "")
        + f"{num(c['extra_cost'])} {cur}/year more"
        + (" (estimated on typical days)" if c.get("estimated") else "")
        if c["feasible"]
        else f"{c['turbines']} is not possible ({c['reason']})"
        for c in r["candidates"]
    ]
    chosen = r["chosen"]
    if len(r["candidates"]) == 1 and chosen is not None:  # whole already: nothing to weigh
        return f"{head}: build {chosen['turbines']}"
    tail = f"build {chosen['turbines']}" if chosen else "neither whole number is feasible"
    return f"{head}: {'; '.join(parts)}; {tail}"


def several_sites(inputs: PlanInputs) -> str | None:
    """The warning of a plan whose wind sites are not rounded to whole turbines (a list of
    several wind instances), or None."""
    sites = instances_of(inputs.scenario, WIND_TECH)
    if len(sites) < 2:
        return None
    names = ", ".join(i.name for i in sites)
    return (
        f"wind in whole turbines: not done for the {len(sites)} wind sites of "
        f"technologies.wind ({names}); each site's size is the LP's continuous one"
    )
