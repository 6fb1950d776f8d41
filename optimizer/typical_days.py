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
import warnings
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from parkopt.optimizer.errors import Problem, ScenarioError
from parkopt.optimizer.heat_inputs import heat_hourly_columns
from parkopt.optimizer.lp import LPResult, ModelCache, binding_limits, solve_plan
from parkopt.optimizer.lp.linked import DAY_START, STATE_COLUMNS
from parkopt.optimizer.plan import Plan, assemble
from parkopt.optimizer.plan_inputs import PlanInputs, TypicalDays, with_scenario
from parkopt.optimizer.technologies import GENERATORS

HOURS_PER_DAY = 24
CLUSTER_COLUMNS = (
    "load_kw",
    *(g.resource_column for g in GENERATORS),
    "price_per_kwh",
    "export_price_per_kwh",
    "emission_factor_t_per_mwh",
)
"""Hourly columns the days are clustered on (with the scenario's heat columns); columns
constant over the horizon are left out."""
CLUSTER_WEIGHTS: dict[str, float] = {}
"""tsam column weights (others 1). Weighting the price 2 or the wind 2 was measured on the
default example and gave no steadier errors over N (benchmarks/typical_days.py)."""

MEASURED = {
    "date": "2026-12-02",
    "command": "python benchmarks/typical_days.py",
    "scenario": "inputs/example_park.yaml",
    # N -> (annual cost's relative error, largest capacity's relative error) [-]; the full
    # year took 17.1 s to build and solve, N = 12 0.29 s with clustering (58 x)
    "errors": {6: (0.0073, 0.163), 12: (0.0047, 0.038), 24: (0.0096, 0.070), 48: (0.0185, 0.096)},
}
"""Errors of the typical-day plan against the full year on the default example, measured
by the benchmark (``command``) on ``date``: relative error of the annual cost and the
largest relative error of a capacity (against the larger of the two and 1 kW)."""


@dataclass(frozen=True)
class Clustered:
    """A horizon of whole days as N typical days.

    ``inputs``: the typical days' hours (N x 24 rows, the original columns, ``typical_days``
    set); ``original``: the horizon clustered; ``day_cluster[d]`` the typical day of calendar
    day d; ``days_per_cluster[c]`` how many calendar days typical day c stands for;
    ``medoid_day[c]`` the calendar day it is; ``profile_error`` the RMSE of each clustered
    column over the horizon (calendar vs typical-day profile) relative to its mean [-].
    """

    inputs: PlanInputs
    original: PlanInputs
    day_cluster: np.ndarray
    days_per_cluster: np.ndarray
    medoid_day: np.ndarray
    profile_error: dict[str, float]

    @property
    def n_typical_days(self) -> int:
        """Typical days N (``inputs.typical_days.n_days`` is the calendar's D)."""
        return len(self.days_per_cluster)

    @property
    def hour_weight(self) -> np.ndarray:
        """Hours of a year each modelled hour stands for [h]; sums to 8760."""
        return self.inputs.hour_weight

    def calendar_rows(self) -> np.ndarray:
        """For every calendar hour, the row of its typical hour in ``inputs.hourly``."""
        hours = np.arange(HOURS_PER_DAY)
        return (self.day_cluster[:, None] * HOURS_PER_DAY + hours[None, :]).ravel()


WHERE = ("command line", "--typical-days")
"""Where N comes from by default, for errors: (file, field)."""


def check_n_days(inputs: PlanInputs, n_days: int, where: tuple[str, str] = WHERE) -> int:
    """The number of calendar days of ``inputs``; ScenarioError naming ``where`` (file,
    field) unless the horizon is whole days and ``1 <= n_days <= days``."""
    days, rest = divmod(inputs.hours, HOURS_PER_DAY)
    if rest or days == 0:
        expected = f"a horizon of whole days for typical days; it has {inputs.hours} hours"
        raise ScenarioError([Problem(where[0], where[1], n_days, expected)])
    if isinstance(n_days, bool) or not isinstance(n_days, int) or not 1 <= n_days <= days:
        expected = f"a whole number of typical days from 1 to {days} (the days of the horizon)"
        raise ScenarioError([Problem(where[0], where[1], n_days, expected)])
    return days


def cluster_columns(inputs: PlanInputs) -> list[str]:
    """The columns the days are clustered on: ``CLUSTER_COLUMNS`` and the heat columns,
    less those constant over the horizon."""
    h = inputs.hourly
    wanted = [*CLUSTER_COLUMNS, *heat_hourly_columns(inputs.scenario)]
    return [c for c in wanted if c in h and float(h[c].max()) > float(h[c].min())]


def energy_columns(inputs: PlanInputs) -> list[str]:
    """Columns whose total over the horizon the typical days keep (tsam rescales them):
    the load, the generators' output per unit and the heat demands [kW, kW/kW, kW_th]."""
    heat = [c for c, unit in heat_hourly_columns(inputs.scenario).items() if unit == "kW_th"]
    return ["load_kw", *(g.resource_column for g in GENERATORS), *heat]


def _aggregate(inputs: PlanInputs, columns: list[str], n_days: int):
    """tsam's hierarchical clustering of the days on ``columns``, medoids as
    representatives, the energy columns rescaled to keep their totals."""
    import tsam  # heavy (scikit-learn, ~1 s): loaded only when clustering

    frame = inputs.hourly[columns].reset_index(drop=True)
    frame.index = pd.date_range("2001-01-01", periods=len(frame), freq="h")  # tz-free, regular
    energy = energy_columns(inputs)
    with warnings.catch_warnings():  # tsam warns on values beyond the originals' bounds
        warnings.simplefilter("ignore")
        return tsam.aggregate(
            frame,
            n_clusters=n_days,
            period_duration=HOURS_PER_DAY,
            cluster=tsam.ClusterConfig(method="hierarchical", representation="medoid"),
            weights={c: CLUSTER_WEIGHTS.get(c, 1.0) for c in columns},
            preserve_column_means=True,
            rescale_exclude_columns=[c for c in columns if c not in energy],
        )


def _assign(inputs: PlanInputs, n_days: int, days: int):
    """The typical day of every calendar day, the calendar day each typical day is (its
    medoid) and the rescaled energy columns of the typical days (N x 24 values each),
    numbered in the calendar order of the medoids; each day its own at N = days."""
    columns = cluster_columns(inputs)
    if n_days == days or not columns:
        labels = np.arange(days) if n_days == days else np.zeros(days, dtype=int)
        return labels, (np.arange(days) if n_days == days else np.array([0])), {}
    result = _aggregate(inputs, columns, n_days)
    labels = np.asarray(result.cluster_assignments, dtype=int)
    medoids = np.asarray(result.clustering.cluster_centers, dtype=int)
    order = np.argsort(medoids, kind="stable")  # tsam's numbering is its own
    new = np.empty_like(order)
    new[order] = np.arange(len(order))
    reps = result.cluster_representatives
    clusters = reps.index.get_level_values(0).to_numpy()
    values = {}
    for c in columns:
        if c in energy_columns(inputs):
            by_cluster = reps[c].to_numpy().reshape(len(order), HOURS_PER_DAY)
            values[c] = by_cluster[np.argsort(new[clusters[::HOURS_PER_DAY]])].ravel()
    return new[labels], medoids[order], values


def cluster(inputs: PlanInputs, n_days: int, where: tuple[str, str] = WHERE) -> Clustered:
    """``inputs`` as ``n_days`` typical days (module docstring); ScenarioError naming
    ``where`` for a horizon of broken days or N outside 1..days."""
    days = check_n_days(inputs, n_days, where)
    labels, medoids, values = _assign(inputs, n_days, days)
    h = inputs.hourly
    rows = (medoids[:, None] * HOURS_PER_DAY + np.arange(HOURS_PER_DAY)[None, :]).ravel()
    typical_hourly = h.iloc[rows].copy()
    for c, v in values.items():
        typical_hourly[c] = v
    day_month = h["month"].to_numpy()[::HOURS_PER_DAY].astype(int)
    td = TypicalDays(tuple(int(c) for c in labels), tuple(int(m) for m in day_month))
    typical = replace(inputs, hourly=typical_hourly, typical_days=td)
    per_cluster = np.bincount(labels, minlength=len(medoids))
    out = Clustered(typical, inputs, labels, per_cluster, medoids, {})
    return replace(out, profile_error=_profile_error(out, cluster_columns(inputs)))


def _profile_error(clustered: Clustered, columns: list[str]) -> dict[str, float]:
    """RMSE of each column over the calendar (typical-day profile against the original)
    relative to the column's mean [-]."""
    h = clustered.original.hourly
    calendar = clustered.inputs.hourly.iloc[clustered.calendar_rows()]
    out = {}
    for c in columns:
        diff = calendar[c].to_numpy() - h[c].to_numpy()
        out[c] = float(np.sqrt(np.mean(diff**2)) / (abs(float(h[c].mean())) or 1.0))
    return out


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
    d.attrs = attrs
    return replace(original, hourly=hourly), replace(result, dispatch=d)


def _retention(inputs: PlanInputs) -> dict[str, float]:
    """Share kept per hour [-] of each store's state column."""
    t = inputs.scenario.technologies
    out = {}
    if t.battery is not None:
        out[STATE_COLUMNS["soc"]] = t.battery.retention_per_hour
    ts = getattr(t, "thermal_storage", None)
    if ts is not None:
        out[STATE_COLUMNS["tsoc"]] = ts.retention_per_hour
    return out


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


def with_inputs(clustered: Clustered, inputs: PlanInputs) -> Clustered:
    """``clustered`` for ``inputs`` of the same hourly frame under another scenario (a study's
    runs of one structure: LP parameters change, the days and their grouping do not)."""
    return replace(
        clustered, inputs=with_scenario(clustered.inputs, inputs.scenario), original=inputs
    )


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
