"""Typical days: exact where the clustering is exact, storage carried across days, the
expanded plan audited on the calendar, bad N refused in one line."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from parkopt import load_scenario, prepare
from parkopt.optimizer.accounts.kpis import BALANCE_TOL_KW, SOC_TOL_KWH
from parkopt.optimizer.cli.main import app
from parkopt.optimizer.common.errors import ScenarioError
from parkopt.optimizer.inputs.clustering import (
    HOURS_PER_DAY,
    cluster,
    cluster_columns,
    energy_columns,
)
from parkopt.optimizer.inputs.synthetic import make_inputs
from parkopt.optimizer.lp import solve_plan
from parkopt.optimizer.planning.plan import plan
from parkopt.optimizer.planning.typical_days import MEASURED, plan_typical_days

REL = 1e-6
ENERGY_REL_TOL = 1e-9  # each group of days keeps its energy (clustering._energy_profiles)
# the default example on 12 typical days against its full year: the figures the benchmark
# measured (MEASURED) and these margins for another platform's HiGHS, which may pick another
# optimum among equals; regenerate MEASURED with benchmarks/typical_days.py
COST_MARGIN = 0.001
CAPACITY_MARGIN = 0.01
HOURS = np.arange(24)
SUN = np.clip(np.sin((HOURS - 6) / 12 * np.pi), 0, None)  # a clear day's PV [kW/kW]
TOU = np.where((HOURS >= 8) & (HOURS < 22), 1.0, 0.3)  # [CNY/kWh]
ROOT = Path(__file__).resolve().parents[1]


def week(days: int = 7, weekend_load: float = 60.0, **sections):
    """A horizon of ``days`` days: 100 kW on weekdays, ``weekend_load`` at weekends, a
    clear sky every day, two-level prices, PV and a battery, a 30 % cut."""
    weekday = (np.arange(days) % 7) < 5
    load = np.repeat(np.where(weekday, 100.0, weekend_load), 24)
    sections.setdefault("technologies", {"pv": {"capex_cny_per_kw": 3300}, "battery": {}})
    sections.setdefault("carbon", {"reduction": 0.3})
    return make_inputs(load, np.tile(TOU, days), pv_kw_per_kw=np.tile(SUN, days), **sections)


def rel(a: float, b: float) -> float:
    return abs(a - b) / max(abs(b), 1.0)


# --- exact where the clustering is exact --------------------------------------------------


def test_identical_days_on_one_typical_day_equal_the_full_horizon():
    """Seven identical days (tsam's path, N = 1) give the full horizon's optimum."""
    inputs = week(weekend_load=100.0, tariff={"demand_charge_cny_per_kw_month": 40.0})
    full = plan(inputs, whole_turbines=False)
    typical = plan_typical_days(inputs, 1)
    assert typical.summary["typical_days"]["days_per_typical_day"] == [7]
    assert rel(typical.summary["objective"], full.summary["objective"]) < REL
    for key, kw in full.capacities.items():
        assert typical.capacities[key] == pytest.approx(kw, rel=REL, abs=1e-3)


def test_every_day_its_own_typical_day_equals_the_full_horizon():
    """N = days: the same LP rewritten with linked storage and month-aware peaks; a horizon
    across a month's end (Jan 29 - Feb 4) with a demand charge and self-discharge."""
    battery = {"self_discharge_per_hour": 0.002}
    inputs = week(
        start="2025-01-29",
        tariff={"demand_charge_cny_per_kw_month": 40.0},
        technologies={"pv": {"capex_cny_per_kw": 3300}, "battery": battery},
    )
    full = plan(inputs, whole_turbines=False)
    typical = plan_typical_days(inputs, 7)
    assert rel(typical.summary["objective"], full.summary["objective"]) < REL
    assert rel(typical.summary["cost"]["total_annual"], full.summary["cost"]["total_annual"]) < REL


# --- linked storage -----------------------------------------------------------------------


def test_linked_storage_carries_energy_across_days():
    """PV shines on days 0-1 only, the load runs all week, no grid beyond a 30 kW cap: the
    battery must carry sunny days' energy into the dark days; every day its own typical day
    gives the full horizon's optimum and a state of charge that crosses midnight."""
    days = 7
    sun = np.concatenate([np.tile(SUN, 2), np.zeros(24 * (days - 2))])
    inputs = make_inputs(
        np.full(24 * days, 40.0),
        0.8,
        pv_kw_per_kw=sun,
        grid={"import_limit_kw": 30.0},
        technologies={
            "pv": {"capex_cny_per_kw": 3300},
            "battery": {"max_duration_h": 200, "self_discharge_per_hour": 0.0005},
        },
    )
    full = plan(inputs, whole_turbines=False)
    typical = plan_typical_days(inputs, days)
    assert rel(typical.summary["objective"], full.summary["objective"]) < REL
    soc = typical.dispatch["battery_soc_kwh"].to_numpy()
    midnight = soc[24 * np.arange(1, days) - 1]  # the state at the end of each day
    assert midnight[1] > 1000.0  # energy carried out of the sunny days
    assert np.all(np.diff(midnight[1:]) < 0)  # and spent on the dark ones
    assert typical.summary["audit"]["soc_residual_kwh"] < SOC_TOL_KWH


def test_linked_thermal_store_equals_the_full_horizon():
    """Power is cheap on days 0-2 only: an electric boiler and a thermal store with losses
    shift heat across days; every day its own typical day gives the full optimum and the
    store's state follows its dynamics on the calendar."""
    days = 5
    price = np.concatenate([np.full(72, 0.1), np.full(24 * (days - 3), 1.0)])
    store = {"level": "hw", "energy_capex_cny_per_kwh": 5, "loss_per_hour": 0.001}
    store["max_duration_h"] = 200
    inputs = make_inputs(
        np.full(24 * days, 100.0),
        price,
        heat={"levels": [{"name": "hw", "temperature_c": 80, "demand": {"annual_mwh": 1.0}}]},
        heat_demand_kw={"hw": np.full(24 * days, 500.0)},
        technologies={"electric_boiler": {}, "thermal_storage": store},
    )
    full = plan(inputs, whole_turbines=False)
    typical = plan_typical_days(inputs, days)
    assert rel(typical.summary["objective"], full.summary["objective"]) < REL
    assert typical.capacities["thermal_storage_kwh"] > 10_000.0  # heat kept across days
    d, ts = typical.dispatch, inputs.scenario.technologies.thermal_storage
    soc, keep = d["thermal_storage_soc_kwh"].to_numpy(), ts.retention_per_hour
    flow = (
        ts.charge_efficiency * d["thermal_storage_charge_kw"]
        - d["thermal_storage_discharge_kw"] / ts.discharge_efficiency
    ).to_numpy()
    assert np.abs(soc - (keep * np.roll(soc, 1) + flow)).max() < SOC_TOL_KWH
    assert soc.min() >= -SOC_TOL_KWH


# --- the expanded plan on the calendar ----------------------------------------------------


def test_expanded_plan_closes_the_balance_and_keeps_soc_within_bounds():
    """Three typical days for 14 days (tsam clusters): every calendar hour balances, the
    state of charge follows its dynamics across days and stays within its bounds, and the
    calendar's figures give the LP's objective."""
    inputs = week(days=14, weekend_load=40.0)
    p = plan_typical_days(inputs, 3)
    audit = p.summary["audit"]
    assert audit["balance_residual_kw"] < BALANCE_TOL_KW
    assert audit["soc_residual_kwh"] < SOC_TOL_KWH
    assert audit["objective_rel_gap"] < 1e-9
    b = inputs.scenario.technologies.battery
    soc, energy = p.dispatch["battery_soc_kwh"].to_numpy(), p.capacities["battery_kwh"]
    assert soc.min() >= b.soc_min_fraction * energy - SOC_TOL_KWH
    assert soc.max() <= b.soc_max_fraction * energy + SOC_TOL_KWH
    assert len(p.dispatch) == 14 * 24
    assert p.summary["typical_days"]["n_days"] == 3
    assert sum(p.summary["typical_days"]["days_per_typical_day"]) == 14


def test_curtailment_is_reported_on_the_calendar():
    """PV forced above what the park can use: the curtailed output is what the resource
    gives less what is used, in every calendar hour, and positive at noon."""
    inputs = week(
        days=14,
        technologies={"pv": {"capex_cny_per_kw": 3300, "min_kw": 400}},
        carbon={},
    )
    p = plan_typical_days(inputs, 2)
    d, cf = p.dispatch, inputs.hourly["pv_kw_per_kw_dc"].to_numpy()
    available = cf * p.capacities["pv_kw"]
    assert np.allclose(d["pv_kw"] + d["pv_curtailed_kw"], available, atol=1e-6)
    assert d["pv_curtailed_kw"].min() >= -1e-6
    assert d["pv_curtailed_kw"].max() > 100.0
    assert p.summary["audit"]["balance_residual_kw"] < BALANCE_TOL_KW


def test_each_group_of_days_keeps_its_energy_in_its_medoids_shape():
    """A fortnight of varied load and sun on 4 typical days: each energy column of a
    typical day is its medoid's profile scaled to its group's mean daily energy, so the
    weighted typical days give the horizon's total of every energy column."""
    days = 14
    rng = np.random.default_rng(7)
    load = np.repeat(rng.uniform(40.0, 120.0, days), 24) * np.tile(1 + 0.3 * SUN, days)
    sun = np.tile(SUN, days) * np.repeat(rng.uniform(0.2, 1.0, days), 24)
    inputs = make_inputs(
        load, np.tile(TOU, days), pv_kw_per_kw=sun, technologies={"pv": {}, "battery": {}}
    )
    clustered = cluster(inputs, 4)
    typical, original = clustered.inputs.hourly, inputs.hourly
    for c in (c for c in energy_columns(inputs) if c in cluster_columns(inputs)):
        rep = typical[c].to_numpy().reshape(-1, HOURS_PER_DAY)
        cal = original[c].to_numpy().reshape(-1, HOURS_PER_DAY)
        for k, medoid in enumerate(clustered.medoid_day):
            group = cal[clustered.day_cluster == k]
            assert rel(rep[k].sum(), group.sum(axis=1).mean()) < ENERGY_REL_TOL
            shape = cal[medoid] * rep[k].sum() / cal[medoid].sum()
            assert np.allclose(rep[k], shape, rtol=ENERGY_REL_TOL, atol=1e-12)
        weighted = (clustered.days_per_cluster[:, None] * rep).sum()
        assert rel(weighted, cal.sum()) < ENERGY_REL_TOL


# --- bad N --------------------------------------------------------------------------------


@pytest.mark.parametrize("n", [0, 8, -1])
def test_bad_number_of_typical_days_is_one_line_naming_the_field(n):
    with pytest.raises(ScenarioError) as err:
        plan_typical_days(week(), n)
    (problem,) = err.value.problems
    text = str(problem)
    assert "--typical-days" in text and "from 1 to 7" in text and "\n" not in text


def test_cli_refuses_a_bad_number_of_typical_days(tmp_path):
    """``parkopt run --typical-days 0``: exit 2 (bad input), one line naming the option."""
    scenario = str(ROOT / "inputs" / "example_park.yaml")
    out = str(tmp_path / "run")
    res = CliRunner().invoke(app, ["run", scenario, "--typical-days", "0", "--out", out])
    assert res.exit_code == 2
    assert "--typical-days = 0: a whole number of typical days from 1 to 365" in res.output


def test_a_horizon_of_broken_days_is_refused():
    inputs = make_inputs(np.full(30, 100.0), 1.0)
    with pytest.raises(ScenarioError, match="whole days"):
        cluster(inputs, 1, ("scenario.yaml", "solver.typical_days"))


# --- the default example ------------------------------------------------------------------


@pytest.mark.slow
def test_default_example_on_twelve_typical_days():
    """The default example on 12 typical days: audited, and its cost and every capacity
    within the errors the benchmark measured against the full year (``MEASURED``, plus
    ``COST_MARGIN`` and ``CAPACITY_MARGIN``)."""
    inputs = prepare(load_scenario(ROOT / "inputs" / "example_park.yaml"))
    p = plan_typical_days(inputs, 12)
    assert p.summary["audit"]["objective_rel_gap"] < 1e-9
    assert p.summary["audit"]["balance_residual_kw"] < BALANCE_TOL_KW
    assert len(p.dispatch) == 8760
    assert p.summary["typical_days"]["example_errors"]["n_days"] == 12
    cost_err, cap_err = MEASURED["errors"][12]
    full, _ = solve_plan(inputs)
    assert rel(p.summary["objective"], full.objective_value) < cost_err + COST_MARGIN
    for key, kw in full.capacities_kw.items():
        got = p.capacities[key]
        if max(kw, got) >= 1.0:  # kW or kWh: the benchmark's FLOOR
            assert rel(got, kw) < cap_err + CAPACITY_MARGIN, key
