"""Wind as whole turbines: the LP sizes wind continuously; a park builds whole turbines.

``whole_turbines(inputs, plan_result)`` counts the turbines of the chosen type in the
continuous optimum (capacity / rated power), re-solves the plan with wind fixed at the two
whole numbers around it (``min = max =`` the candidate's capacity, every other capacity
re-optimised) and reports each one's annual cost against the continuous optimum; the cheaper
feasible candidate is chosen. On the plan's own model (its ``ModelCache``), each re-solve
changes only wind's bounds in HiGHS and runs dual simplex from the continuous optimum's
basis (``lp.start.solve_held``), which the bound change leaves dual feasible: the count
above the continuous size first, usually the cheaper (``_solve_fixed``; 0.9-1.2 s on the
default example, where the pinned re-solve took 2.5 s), then the other with HiGHS's
objective bound at the first's cost. Dual simplex raises a lower bound on the cost at every
iteration, so a dearer count stops once HiGHS sees it proven dearer (24-100 iterations,
0.3-0.5 s, on the default and zero-carbon examples) and its cost is given as that bound
(``lower_bound``); a cheaper one is solved to the end. The chosen count and its plan are
thus those of two full re-solves. A first try that needs over ``TRY_ITERATIONS`` gives way
to the other count. The cost as a function of wind capacity is convex and piecewise linear,
but HiGHS's ranging at one count covers only the piece it lies on, which cannot reach across
the continuous optimum to the other count (measured on the default example's four June
weeks: under 10 kW around 5 turbines, 170 kW around 6, against 4,200 kW between them): it
cannot replace a solve. A warm re-solve that gives up (``WARM_ITERATIONS``) goes on with the
other capacities pinned at the plan's sizes, then freed (``lp.solve_pinned``).

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
from parkopt.optimizer.lp.solve import Status
from parkopt.optimizer.lp.start import BOUND_STOP, WARM_ITERATIONS, hold, solve_held
from parkopt.optimizer.schema.instances import Instance, instances_of
from parkopt.optimizer.schema.technologies import WIND_TECH

BOUND_REL = 1e-9
"""A later candidate's solve stops once it is proven dearer than the cheapest so far by more
than this (relative): within it, both are solved to the end and the fewer turbines win."""
TRY_ITERATIONS = 1000
"""Dual simplex iterations of a candidate's first try while the other waits: the count
next to the plan's optimum took 300-505 on the examples measured; one that needs more is
likely the dearer (11,394 for 5 turbines on the default example, 7.9 M CNY a year dearer
than 6), so the other goes first and this one then stops at its cost."""
GAVE_WAY = "iterationLimit"
"""The termination of a try stopped at ``TRY_ITERATIONS`` (HiGHS's, by Pyomo's name)."""
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
    inputs: PlanInputs,
    candidates: list[dict],
    cache: ModelCache | None,
    kept: dict | None,
) -> None:
    """Re-solve with wind fixed at each feasible candidate, the count above the continuous
    size first: its extra cost is at most its extra capacity's annuity (the continuous
    dispatch stays feasible, the surplus curtailed), while the count below must replace
    lost energy, so it is usually the cheaper (in every case of benchmarks/turbines.py and
    the tests); fill in its annual cost [currency/year] (or mark it infeasible). With a
    solved ``cache`` each starts from the continuous optimum's basis (``_solve_one``) and a
    later one stops once it is proven dearer than the cheapest so far (its cost is then
    that bound, ``lower_bound``). The model gets its wind bounds back. ``kept`` (a dict)
    receives each optimal candidate's plan by turbine count: its LPResult and binding
    limits (``_limits_of``)."""
    todo = [c for c in candidates if c["feasible"] and c["annual_cost"] is None]
    if not todo:
        return
    todo.sort(key=lambda c: -c["kw"])
    if cache is not None and cache.model is not None:
        m, solver = cache.model, cache.solver
    else:
        m = build_model(inputs)
        solver = new_solver(m)
    var = m.cap[_key(inputs)]
    lb, ub = var.lb, var.ub
    others = ComponentMap((m.cap[k], m.cap[k].value) for k in m.K if m.cap[k] is not var)
    start, best = solver.basis(), None  # the continuous optimum's basis (None: not solved)
    pending, waited, saved = list(todo), set(), {}
    try:
        while pending:
            c = pending.pop(0)
            progress.stage(f"wind fixed at {c['turbines']} turbine(s)")
            hold(solver, var, kw_to_mw(c["kw"]), kw_to_mw(c["kw"]))
            bound = None if best is None else best + BOUND_REL * max(abs(best), 1.0)
            basis = saved.pop(c["turbines"], None if c is todo[0] else start)
            wait = bool(pending) and c["turbines"] not in waited
            status = _solve_one(m, inputs, solver, others, basis, bound, wait)
            if wait and status.termination == GAVE_WAY:  # the other first, then this again
                waited.add(c["turbines"])
                saved[c["turbines"]] = solver.basis()
                c["solve_s"] = status.solve_s
                pending.append(c)
                continue
            _record(c, status, m, inputs, kept)
            if status.optimal:
                best = status.objective if best is None else min(best, status.objective)
    finally:
        hold(solver, var, lb, ub)


def _solve_one(
    m, inputs: PlanInputs, solver, others: ComponentMap, basis, bound, wait: bool
) -> Status:
    """One candidate, wind already held (``lp.start.hold``). Where HiGHS holds an optimal
    basis, dual simplex from ``basis`` (None: the one HiGHS holds; ``lp.start.solve_held``,
    stopped at ``bound`` [model units]): a bound change keeps a basis dual feasible, and
    only the hours the wind moves are pivoted (0.9-1.2 s on the default example against
    2.5 s pinned). With ``wait`` it gives way after ``TRY_ITERATIONS`` (termination
    ``GAVE_WAY``): a count far from the continuous optimum in pivots is likely the dearer
    one, which the other's cost, once known, stops early. Where the warm solve gives up,
    or nothing was solved yet, the other capacities are pinned at the plan's sizes and then
    freed (``lp.solve_pinned``), or the LP is solved cold."""
    warm = None
    if solver.basis() is not None:
        limit = TRY_ITERATIONS if wait else WARM_ITERATIONS
        warm = solve_held(m, inputs, solver, bound, basis, limit)
        if warm.optimal or warm.infeasible or warm.termination == BOUND_STOP:
            return warm
        if wait and warm.termination == GAVE_WAY:
            return warm
        progress.stage(f"warm re-solve: {warm.termination}; pinned instead")
    if all(x is not None for x in others.values()):  # a plan's sizes to start from
        status, _ = solve_pinned(m, inputs, solver, others, synced=True)
    else:
        status = solve_model(m, inputs, solver, synced=True)
    status.solve_s += warm.solve_s if warm is not None else 0.0
    return status


def _record(c: dict, status: Status, m, inputs: PlanInputs, kept: dict | None) -> None:
    """A candidate's outcome: its annual cost [currency/year], or a lower bound on it
    (``lower_bound``: proven dearer than another), or why it is infeasible; ``kept`` gets
    an optimal one's plan (its LPResult and binding limits)."""
    c["solve_s"] = c.get("solve_s", 0.0) + status.solve_s
    if status.optimal:
        c["annual_cost"] = status.objective * KW_PER_MW
        if kept is not None:
            kept[c["turbines"]] = (extract(m, inputs, status), _limits_of(m, inputs))
    elif status.termination == BOUND_STOP:
        c.update(annual_cost=status.objective * KW_PER_MW, lower_bound=True)
    elif status.infeasible:
        c.update(feasible=False, reason="the limits and targets cannot all be met")
    else:
        c.update(feasible=False, reason=f"HiGHS stopped with {status.termination}")


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
    _solve_fixed(inputs, candidates, cache, kept)
    for c in candidates:
        if c["annual_cost"] is not None:
            c["extra_cost"] = c["annual_cost"] - cost
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
        + ("over " if c.get("lower_bound") else "")
        + f"{num(c['extra_cost'])} {cur}/year more"
        + (" (proven dearer, not solved to the end)" if c.get("lower_bound") else "")
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
