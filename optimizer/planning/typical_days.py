"""Typical days for screening: the year clustered into N real days, solved, expanded back.

``cluster(inputs, n)`` groups the calendar days by their hourly profiles (tsam's
hierarchical clustering; Kotzur et al. 2018) and keeps, for each group, its medoid: a real
day of the horizon, so a typical day carries a real day's load, weather, time-of-use
prices and emission factors together. The LP then runs on the N x 24 hours, each weighted
by the number of calendar days it stands for (``PlanInputs.hour_weight``), with the
battery's and the thermal store's states linked across the calendar days
(``lp/linked.py``) and a demand charge that sees every month a typical day falls in.

``expand`` writes the typical days' result back onto the calendar: every calendar hour
carries its typical hour's inputs and dispatch, and the storage columns the real state
``keep^(h+1) start[d] + intra[c(d), h]``. The plan's figures (``plan.assemble``, KPIs,
results) are then computed on the calendar as for a full-year plan and agree with the LP's
objective exactly. ``plan_typical_days`` does all three.

How close the screening gets: ``MEASURED`` (the default example against its full year).
"""

from __future__ import annotations

import time
from dataclasses import replace

import numpy as np

from parkopt.optimizer.inputs.clustering import HOURS_PER_DAY, WHERE, Clustered, cluster
from parkopt.optimizer.inputs.plan_inputs import PlanInputs
from parkopt.optimizer.lp import LPResult, ModelCache, binding_limits, solve_plan
from parkopt.optimizer.lp.linked import DAY_START
from parkopt.optimizer.planning.plan import Plan, assemble
from parkopt.optimizer.schema.instances import stores, with_store_totals
from parkopt.optimizer.schema.technologies import STORES

MEASURED = {
    "date": "2026-12-07",
    "command": "python benchmarks/typical_days.py",
    "scenario": "inputs/example_park.yaml",
    # N -> (annual cost's relative error, largest capacity's relative error) [-]; the full
    # year took 41.4 s to build and solve cold and 4.6 s started from typical days
    # (solver.start), N = 12 0.71 s with clustering, on a 2-core machine shared with a CI run
    "errors": {6: (0.0146, 0.103), 12: (0.0059, 0.035), 24: (0.0052, 0.047), 48: (0.0074, 0.042)},
    # the other benchmark cases, the same way (signs dropped): the default example at a
    # 64.8 % cut (65.2 % reachable), wuxi_park.yaml, zero_carbon_park.yaml
    "cases": {
        "tight": {
            6: (0.0429, 0.294),
            12: (0.0373, 0.082),
            24: (0.0051, 0.056),
            48: (0.0008, 0.012),
        },
        "wuxi": {6: (0.0030, 0.021), 12: (0.0013, 0.037), 24: (0.0020, 0.037), 48: (0.0016, 0.039)},
        "zero": {6: (0.0000, 0.011), 12: (0.0001, 0.012), 24: (0.0012, 0.056), 48: (0.0014, 0.015)},
    },
}
"""Errors of the typical-day plan against the full year on the default example, measured
by the benchmark (``command``) on ``date``: relative error of the annual cost and the
largest relative error of a capacity (against the larger of the two and 1 kW)."""


def expand(clustered: Clustered, result: LPResult) -> tuple[PlanInputs, LPResult]:
    """The typical days' inputs and result on the calendar: every calendar hour carries its
    typical hour's columns (``month`` stays the calendar's), the storage columns the real
    state ``keep^(h+1) start[d] + intra[c(d), h]`` [kWh]."""
    rows = clustered.calendar_rows()
    original = clustered.original
    index = original.hourly.index
    hourly = clustered.inputs.hourly.iloc[rows].set_index(index)
    hourly["month"] = original.hourly["month"].to_numpy()
    d = result.dispatch.iloc[rows].set_index(index)
    attrs = {k: v for k, v in result.dispatch.attrs.items() if not k.endswith(DAY_START)}
    for col, keep in _retention(original).items():
        start = result.dispatch.attrs.get(col + DAY_START)
        if start is not None and col in d:
            grow = keep ** (np.arange(HOURS_PER_DAY) + 1.0)
            real = np.asarray(start)[:, None] * grow[None, :]
            d[col] = d[col].to_numpy() + real.ravel()
    for tech in STORES:  # a list's totals from its instances' real states
        cols = {c: d[c].to_numpy() for i in stores(original.scenario, (tech,)) for c in i.columns}
        for col, values in with_store_totals(cols, original.scenario, tech).items():
            d[col] = values
    d.attrs = attrs
    return replace(original, hourly=hourly), replace(result, dispatch=d)


def _retention(inputs: PlanInputs) -> dict[str, float]:
    """Share kept per hour [-] of each store instance's state column (a store the run did
    not build has no column to expand). A listed technology's own state column is the sum
    of its instances' and is rebuilt from them (``expand``)."""
    return {i.columns[2]: i.spec.retention_per_hour for i in stores(inputs.scenario)}


def summary_block(clustered: Clustered, cluster_s: float) -> dict:
    """summary.json's ``typical_days``: N, the days each stands for, the profile errors and
    the errors measured on the default example (``MEASURED``)."""
    n = clustered.n_typical_days
    return {
        "n_days": n,
        "calendar_days": len(clustered.day_cluster),
        "days_per_typical_day": [int(x) for x in clustered.days_per_cluster],
        "typical_day_dates": [
            str(clustered.original.hourly.index[d * HOURS_PER_DAY].date())
            for d in clustered.medoid_day
        ],
        "profile_rmse_rel": dict(clustered.profile_error),
        "cluster_s": cluster_s,
        "example_errors": example_errors(n),
    }


def example_errors(n: int) -> dict:
    """The measured errors on the default example at the nearest measured N (``MEASURED``)."""
    measured = MEASURED["errors"]
    if not measured:
        return {}
    near = min(measured, key=lambda k: (abs(k - n), k))
    objective, capacities = measured[near]
    return {
        "n_days": near,
        "objective_rel_error": objective,
        "capacity_rel_error_max": capacities,
        "date": MEASURED["date"],
        "command": MEASURED["command"],
        "scenario": MEASURED["scenario"],
    }


def plan_typical_days(
    inputs: PlanInputs,
    n_days: int,
    cache: ModelCache | None = None,
    key: str | None = None,
    where: tuple[str, str] = WHERE,
) -> Plan:
    """Screen ``inputs`` on ``n_days`` typical days: cluster, solve (or, with a ``cache``
    holding ``key``, update and re-solve warm), expand onto the calendar and assemble the
    Plan (``plan.assemble``); summary.json gains ``typical_days``. No whole-turbine
    re-solves (screening). Raises ScenarioError for a bad N (naming ``where``: file,
    field), InfeasibleError, SolverError."""
    t0 = time.perf_counter()
    clustered = cluster(inputs, n_days, where)
    return plan_clustered(clustered, cache, key, time.perf_counter() - t0)


def plan_clustered(
    clustered: Clustered,
    cache: ModelCache | None = None,
    key: str | None = None,
    cluster_s: float = 0.0,
) -> Plan:
    """``plan_typical_days`` on days clustered already (``cluster_s``: the time it took, 0
    for a clustering reused)."""
    own = cache if cache is not None else ModelCache()
    result, timing = solve_plan(clustered.inputs, own, key)
    full_inputs, full_result = expand(clustered, result)
    out = assemble(full_inputs, full_result, {"cluster": cluster_s, **timing}, "plan")
    out.summary["binding_limits"] = binding_limits(own.model, clustered.inputs)
    out.summary["warm_start"] = result.warm_start
    out.summary["typical_days"] = summary_block(clustered, cluster_s)
    return out
