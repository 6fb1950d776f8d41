"""The year as N typical days: tsam's hierarchical clustering of the calendar days into real
medoid days, each weighted by the days it stands for (Kotzur et al. 2018).

Each typical day is its medoid's hours; its energy columns (load, PV and wind per unit, heat
demands) are the medoid's profile scaled to its group's mean daily energy, in physical units
(``_energy_profiles``): the group keeps its energy, and so the year, and the hours keep the
medoid's shape. tsam's own rescaling (``preserve_column_means``), used until 2026-12, scaled
the min-max-normalised values of all typical days by one factor and clipped them at the
year's maximum, which stretched each day's swing around its minimum; it was 0.5-1.9 % off
the full year's cost at 12-48 days on the default example where this is 0.5-0.7 %
(benchmarks/typical_days.py, every case).

``cluster(inputs, n)`` returns the typical days' inputs (``Clustered``); solving them and
writing the result back onto the calendar is ``typical_days.py``'s. Kept apart from it so
that the LP layer can screen a year on typical days (``lp/start.py``: a full-year solve
started from a typical-day plan) without importing the plan layer.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from parkopt.optimizer.common.errors import Problem, ScenarioError
from parkopt.optimizer.inputs.cchp_inputs import cchp_hourly_columns
from parkopt.optimizer.inputs.heat_inputs import heat_hourly_columns
from parkopt.optimizer.inputs.plan_inputs import (
    PlanInputs,
    TypicalDays,
    resource_columns,
    with_scenario,
)
from parkopt.optimizer.schema.technologies import GENERATORS

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
    wanted = [*CLUSTER_COLUMNS, *resource_columns(inputs.scenario)]
    wanted += heat_hourly_columns(inputs.scenario)
    wanted += cchp_hourly_columns(inputs.scenario)
    return [c for c in wanted if c in h and float(h[c].max()) > float(h[c].min())]


def energy_columns(inputs: PlanInputs) -> list[str]:
    """Columns whose total over the horizon the typical days keep (``_energy_profiles``):
    the load, the generators' output per unit and the heat demands [kW, kW/kW, kW_th]."""
    both = {**heat_hourly_columns(inputs.scenario), **cchp_hourly_columns(inputs.scenario)}
    heat = [c for c, unit in both.items() if unit in ("kW_th", "kW_c")]
    own = resource_columns(inputs.scenario)  # named generator instances'
    return ["load_kw", *(g.resource_column for g in GENERATORS), *own, *heat]


def _aggregate(inputs: PlanInputs, columns: list[str], n_days: int):
    """tsam's hierarchical clustering of the days on ``columns``, medoids as
    representatives, not rescaled (``_energy_profiles`` keeps the energy)."""
    import tsam  # heavy (scikit-learn, ~1 s): loaded only when clustering

    frame = inputs.hourly[columns].reset_index(drop=True)
    frame.index = pd.date_range("2001-01-01", periods=len(frame), freq="h")  # tz-free, regular
    with warnings.catch_warnings():  # tsam warns on values beyond the originals' bounds
        warnings.simplefilter("ignore")
        return tsam.aggregate(
            frame,
            n_clusters=n_days,
            period_duration=HOURS_PER_DAY,
            cluster=tsam.ClusterConfig(method="hierarchical", representation="medoid"),
            weights={c: CLUSTER_WEIGHTS.get(c, 1.0) for c in columns},
            preserve_column_means=False,
        )


def _central_days(inputs: PlanInputs, columns: list[str], labels: np.ndarray) -> np.ndarray:
    """For each group of days, the member day closest (Euclidean) to the group's mean
    profile, on the clustered columns scaled 0-1 over the horizon and weighted as tsam
    clusters them (``CLUSTER_WEIGHTS``). tsam's hierarchical medoid (the member nearest the
    others) was measured too: 0.8 % and 10 % (battery power) off the default example's cost
    and capacities at 12 days where this is 0.6 % and 3.5 %."""
    parts = []
    for c in columns:
        v = inputs.hourly[c].to_numpy(dtype=float)
        scaled = (v - v.min()) / (v.max() - v.min())  # clustered columns are not constant
        parts.append(scaled.reshape(-1, HOURS_PER_DAY) * np.sqrt(CLUSTER_WEIGHTS.get(c, 1.0)))
    features = np.hstack(parts)
    out = np.empty(labels.max() + 1, dtype=int)
    for k in range(len(out)):
        members = np.flatnonzero(labels == k)
        gap = features[members] - features[members].mean(axis=0)
        out[k] = members[np.argmin((gap**2).sum(axis=1))]
    return out


def _energy_profiles(
    inputs: PlanInputs, columns: list[str], labels: np.ndarray, medoids: np.ndarray
) -> dict[str, np.ndarray]:
    """Each energy column of the typical days (N x 24 values, typical day c = ``medoids[c]``
    holding the calendar days ``labels == c``): the medoid's profile times the group's mean
    daily energy over the medoid's [kW, kW/kW, kW_th]; a medoid of no energy in a group
    with some takes the group's mean profile. The weighted sum over the typical days is the
    horizon's total of each column, each group's its own."""
    energy = energy_columns(inputs)
    out = {}
    for c in (c for c in columns if c in energy):
        days = inputs.hourly[c].to_numpy(dtype=float).reshape(-1, HOURS_PER_DAY)
        typical = days[medoids].copy()
        for k in range(len(medoids)):
            group = days[labels == k]
            own, target = typical[k].sum(), group.sum(axis=1).mean()
            typical[k] = typical[k] * (target / own) if own > 0 else group.mean(axis=0)
        out[c] = typical.ravel()
    return out


def _assign(inputs: PlanInputs, n_days: int, days: int):
    """The typical day of every calendar day, the calendar day each typical day is (its
    medoid) and the energy columns of the typical days (``_energy_profiles``), numbered in
    the calendar order of the medoids; each day its own at N = days."""
    columns = cluster_columns(inputs)
    if n_days == days or not columns:
        labels = np.arange(days) if n_days == days else np.zeros(days, dtype=int)
        return labels, (np.arange(days) if n_days == days else np.array([0])), {}
    result = _aggregate(inputs, columns, n_days)
    labels = np.asarray(result.cluster_assignments, dtype=int)
    medoids = _central_days(inputs, columns, labels)
    order = np.argsort(medoids, kind="stable")  # tsam's numbering is its own
    new = np.empty_like(order)
    new[order] = np.arange(len(order))
    labels, medoids = new[labels], medoids[order]
    return labels, medoids, _energy_profiles(inputs, columns, labels, medoids)


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


def with_inputs(clustered: Clustered, inputs: PlanInputs) -> Clustered:
    """``clustered`` for ``inputs`` of the same hourly frame under another scenario (a study's
    runs of one structure: LP parameters change, the days and their grouping do not)."""
    return replace(
        clustered, inputs=with_scenario(clustered.inputs, inputs.scenario), original=inputs
    )
