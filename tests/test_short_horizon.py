"""A real problem's shape expressed directly (issue 20, section 3): the 2024 Electrician Cup
park problem's one typical day, with 24-row profiles, a flat or 24-hour price, a battery of
fixed size, separate charge and discharge efficiencies, own plants paid per kWh, no
whole-turbine message and no resource warning from one day scaled to a year.

The example inputs/electrician_cup/one_day.yaml is solved and its cost checked against an
independent LP written here with scipy's linprog (no parkopt code in it)."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml
from scipy.optimize import linprog

from parkopt import ScenarioError, load_scenario, plan, prepare
from parkopt.optimizer.accounts.kpis import BALANCE_TOL_KW, SOC_TOL_KWH
from parkopt.optimizer.inputs.synthetic import make_inputs
from parkopt.optimizer.outputs.console import format_summary
from parkopt.optimizer.planning.simulate import simulate
from parkopt.optimizer.planning.wind_rounding import not_applicable

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "inputs" / "electrician_cup" / "one_day.yaml"
DAY = ROOT / "inputs" / "electrician_cup" / "day.csv"
DAYS_PER_YEAR = 365.0  # a 24-hour horizon stands for 365 days
REL = 1e-6  # HiGHS's optimum against linprog's (both exact LP optima)


@pytest.fixture(scope="module")
def cup():
    """The example day solved: its inputs and plan."""
    inputs = prepare(load_scenario(EXAMPLE))
    return inputs, plan(inputs)


def independent_day_cost(day: pd.DataFrame) -> float:
    """The example's day as an LP of its own, solved by scipy's linprog [CNY/day], operating
    cost only. Per hour t: grid import g, PV used p, wind used w, battery charge c and
    discharge d, state of charge s (24 each).

        min  sum_t price_t g_t + 0.4 p_t + 0.5 w_t
        s.t. p_t + w_t + d_t + g_t - c_t = load_t               (no export; surplus curtailed)
             s_t - s_{t-1} - 0.95 c_t + d_t / 0.95 = 0           (s_{-1} = s_23: cyclic day)
             0 <= p_t <= 1350 pv_t, 0 <= w_t <= 1500 wind_t
             0 <= c_t, d_t <= 100 kW, 20 <= s_t <= 180 kWh (10-90 % of 200 kWh)
    """
    n = len(day)
    g, p, w, c, d, s = (np.arange(n) + k * n for k in range(6))
    cost = np.zeros(6 * n)
    cost[g], cost[p], cost[w] = day["price_cny_per_kwh"], 0.4, 0.5
    a_eq = np.zeros((2 * n, 6 * n))
    b_eq = np.zeros(2 * n)
    for t in range(n):
        a_eq[t, [p[t], w[t], d[t], g[t]]] = 1.0
        a_eq[t, c[t]] = -1.0
        b_eq[t] = day["load_kw"].iat[t]
        row = n + t
        a_eq[row, s[t]] = 1.0
        a_eq[row, s[t - 1]] -= 1.0  # t = 0 reads s[-1] = s_23
        a_eq[row, c[t]] = -0.95
        a_eq[row, d[t]] = 1 / 0.95
    bounds = (
        [(0, None)] * n
        + [(0, 1350 * x) for x in day["pv_kw_per_kw"]]
        + [(0, 1500 * x) for x in day["wind_kw_per_kw"]]
        + [(0, 100)] * (2 * n)
        + [(20, 180)] * n
    )
    result = linprog(cost, A_eq=a_eq, b_eq=b_eq, bounds=bounds, method="highs-ipm")
    assert result.status == 0, result.message
    return float(result.fun)


# --- the example, solved and checked against an independent LP ------------------------------


def test_cup_day_matches_an_independent_lp(cup):
    _, p = cup
    day = pd.read_csv(DAY)
    operating_per_day = independent_day_cost(day)
    battery_per_day = (800 * 100 + 1800 * 200) / 10 / DAYS_PER_YEAR  # no discounting
    cost = p.summary["cost"]
    assert cost["operating_annual"] / DAYS_PER_YEAR == pytest.approx(operating_per_day, rel=REL)
    assert cost["capex_annual"] / DAYS_PER_YEAR == pytest.approx(battery_per_day, rel=1e-12)
    assert cost["total_annual"] / DAYS_PER_YEAR == pytest.approx(
        operating_per_day + battery_per_day, rel=REL
    )
    assert p.summary["objective"] == pytest.approx(cost["total_annual"], rel=REL)
    assert p.summary["audit"]["balance_residual_kw"] < BALANCE_TOL_KW
    assert p.summary["audit"]["soc_residual_kwh"] < SOC_TOL_KWH


def test_cup_day_fixes_sizes_and_pays_own_plants_per_kwh(cup):
    inputs, p = cup
    assert p.capacities["pv_kw"] == pytest.approx(1350, rel=1e-9)
    assert p.capacities["wind_kw"] == pytest.approx(1500, rel=1e-9)
    assert p.capacities["battery_kw"] == pytest.approx(100, rel=1e-9)
    assert p.capacities["battery_kwh"] == pytest.approx(200, rel=1e-9)
    d, cost = p.dispatch, p.summary["cost"]
    ppa = (0.4 * d["pv_kw"].sum() + 0.5 * d["wind_kw"].sum()) * DAYS_PER_YEAR
    assert cost["ppa_payments"] == pytest.approx(ppa, rel=1e-9)
    assert "contract_payments" not in cost
    grid = float((d["grid_import_kw"] * inputs.hourly["price_per_kwh"]).sum()) * DAYS_PER_YEAR
    assert cost["operating_annual"] == pytest.approx(grid + ppa, rel=1e-9)
    assert cost["total_annual"] == pytest.approx(
        cost["operating_annual"] + cost["capex_annual"] + cost["fixed_om"], rel=1e-12
    )
    # the separate efficiencies are the LP's: 0.95 each way, not sqrt of a round trip
    b = inputs.scenario.technologies.battery
    assert (b.charge_efficiency, b.discharge_efficiency) == (0.95, 0.95)
    assert b.round_trip_efficiency == pytest.approx(0.9025, rel=1e-12)


def test_cup_day_reads_24_rows_and_warns_of_nothing(cup):
    inputs, p = cup
    day = pd.read_csv(DAY)
    assert inputs.hours == 24
    np.testing.assert_allclose(inputs.hourly["load_kw"], day["load_kw"])
    np.testing.assert_allclose(inputs.hourly["price_per_kwh"], day["price_cny_per_kwh"])
    np.testing.assert_allclose(inputs.hourly["wind_kw_per_kw"], day["wind_kw_per_kw"])
    assert p.summary.get("warnings", []) == []
    r = p.summary["resource"]
    assert r["pv_full_load_hours"] is None and r["wind_full_load_hours"] is None
    assert "24 h horizon" in r["not_checked"]["wind"]
    assert not p.summary.get("wind_turbines")  # a fixed size: nothing to round
    text = format_summary(p.summary, inputs.scenario.tariff.currency)
    assert "turbines" not in text and "warning" not in text
    assert "Operating" in text and "resource not checked" in text


# --- each direct form on its own ------------------------------------------------------------


def _scenario(tmp_path: Path, **changes) -> Path:
    """The example copied to ``tmp_path`` with ``changes`` (top-level sections replaced)."""
    shutil.copy(DAY, tmp_path / "day.csv")
    doc = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    doc.update(changes)
    path = tmp_path / "day.yaml"
    path.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    return path


def test_a_profile_of_neither_the_year_nor_the_horizon_is_named(tmp_path):
    path = _scenario(tmp_path)
    pd.read_csv(tmp_path / "day.csv").iloc[:23].to_csv(tmp_path / "day.csv", index=False)
    with pytest.raises(ScenarioError) as err:
        prepare(load_scenario(path))
    text = str(err.value)
    assert "day.csv" in text and "23 rows" in text
    assert "8760 hourly rows (one year) or 24 rows (horizon_hours" in text


def test_a_horizon_profile_sits_at_the_horizons_hours(tmp_path):
    """A 48-row file for a two-day horizon starting on 1 July is those two days."""
    day = pd.read_csv(DAY)
    pd.concat([day, day]).to_csv(tmp_path / "two.csv", index=False)
    path = _scenario(tmp_path, horizon_hours=48, horizon_start_hour=4344)
    doc = yaml.safe_load(path.read_text())
    for key in ("load_kw", "pv_kw_per_kw_dc", "wind_kw_per_kw", "price_cny_per_kwh"):
        doc["profiles"][key]["path"] = "two.csv"
    path.write_text(yaml.safe_dump(doc))
    inputs = prepare(load_scenario(path))
    assert inputs.hourly.index[0] == pd.Timestamp("2025-07-01 00:00", tz="Asia/Shanghai")
    np.testing.assert_allclose(inputs.hourly["load_kw"], np.tile(day["load_kw"], 2))


def test_a_flat_price_alone_is_that_price_in_every_hour(tmp_path):
    tariff = {"prices_cny_per_kwh": {"flat": 1.0}}
    path = _scenario(tmp_path, tariff=tariff)
    doc = yaml.safe_load(path.read_text())
    del doc["profiles"]["price_cny_per_kwh"]
    path.write_text(yaml.safe_dump(doc))
    inputs = prepare(load_scenario(path))
    assert (inputs.hourly["price_per_kwh"] == 1.0).all()
    # two periods without a layout are still refused: which hours are peak?
    doc["tariff"] = {"prices_cny_per_kwh": {"flat": 1.0, "peak": 1.5}}
    path.write_text(yaml.safe_dump(doc))
    with pytest.raises(ScenarioError, match="tariff.seasons"):
        load_scenario(path)


@pytest.mark.parametrize(
    ("battery", "message"),
    [
        ({"min_kw": 200, "max_kw": 100}, "battery.min_kw = 200.0: at most max_kw = 100.0 kW"),
        ({"min_kwh": 300, "max_kwh": 200}, "battery.min_kwh = 300.0: at most max_kwh = 200.0 kWh"),
        (
            {"round_trip_efficiency": 0.9, "charge_efficiency": 0.95, "discharge_efficiency": 0.95},
            "round_trip_efficiency 0.9 differs from charge_efficiency x discharge_efficiency",
        ),
    ],
)
def test_inconsistent_battery_sizes_and_efficiencies_are_refused(tmp_path, battery, message):
    doc = yaml.safe_load(EXAMPLE.read_text())
    doc["technologies"]["battery"] = {**doc["technologies"]["battery"], **battery}
    path = _scenario(tmp_path, technologies=doc["technologies"])
    with pytest.raises(ScenarioError, match=message.replace("(", r"\(")):
        load_scenario(path)


def test_efficiency_forms_agree():
    """Round trip alone splits as its square root; one side with the round trip gives the
    other; the thermal store takes the round trip too."""
    from parkopt.optimizer.schema.heat_specs import ThermalStorage
    from parkopt.optimizer.schema.tech_specs import Battery

    assert Battery(round_trip_efficiency=0.81).charge_efficiency == pytest.approx(0.9)
    b = Battery(round_trip_efficiency=0.855, charge_efficiency=0.95)
    assert b.discharge_efficiency == pytest.approx(0.9, rel=1e-12)
    assert Battery().round_trip_efficiency == 0.88  # the default, as before
    ts = ThermalStorage(level="hot_water", round_trip_efficiency=0.81)
    assert (ts.charge_efficiency, ts.discharge_efficiency) == pytest.approx((0.9, 0.9))
    assert ThermalStorage(level="hot_water").charge_efficiency == 0.98  # the default


def test_fixed_battery_in_a_plan_and_operating_cost_by_hand():
    """Battery fixed at 10 kW / 20 kWh (min = max) on a day with a 0.2/1.0 price: it fills
    at 0.2 and empties at 1.0 once a day (no losses, SOC 0-100 %): 20 kWh shifted saves
    0.8 x 20 = 16 CNY a day; a load of 100 kW costs 24 x 100 x price otherwise."""
    price = np.where(np.arange(24) < 8, 0.2, 1.0)
    battery = {
        "min_kw": 10,
        "max_kw": 10,
        "min_kwh": 20,
        "max_kwh": 20,
        "round_trip_efficiency": 1.0,
        "soc_min_fraction": 0.0,
        "soc_max_fraction": 1.0,
    }
    inputs = make_inputs(np.full(24, 100.0), price, technologies={"battery": battery})
    p = plan(inputs)
    assert p.capacities["battery_kw"] == pytest.approx(10) and p.capacities["battery_kwh"] == (
        pytest.approx(20)
    )
    day = float((100 * price).sum()) - 0.8 * 20
    assert p.summary["cost"]["operating_annual"] == pytest.approx(day * 365, rel=REL)
    sim = simulate(inputs, p.capacities, "optimal")
    assert sim.summary["cost"]["operating_annual"] == pytest.approx(day * 365, rel=REL)
    assert sim.summary["cost"]["total_annual"] == pytest.approx(
        day * 365 + sim.summary["cost"]["capex_annual"] + sim.summary["cost"]["fixed_om"],
        rel=REL,
    )


def test_whole_turbines_only_where_they_mean_something():
    load = np.full(24, 1000.0)
    cf = np.full(24, 0.3)

    def inputs(wind: dict, hours: int = 24):
        return make_inputs(
            np.resize(load, hours),
            1.0,
            wind_kw_per_kw=np.resize(cf, hours),
            technologies={"wind": {"capex_cny_per_kw": 1000, **wind}},
        )

    fixed = inputs({"min_kw": 1000, "max_kw": 1000})
    assert "fixes the wind size" in not_applicable(fixed, 1000)
    # the synthetic inputs stand for profiles given as arrays, with a named turbine type:
    named = inputs({"turbine_type": "E-141/4200"})
    assert "below one turbine" in not_applicable(named, 1000)
    assert not_applicable(named, 9000) is None  # two turbines or three: a real choice
    year = inputs({"turbine_type": "E-141/4200"}, hours=8760)
    assert not_applicable(year, 1000) is None  # a year's plan below one turbine: 0 or 1


def test_no_turbines_for_a_csv_wind_profile_without_a_turbine(cup):
    inputs, _ = cup
    s = inputs.scenario
    free = s.technologies.wind.model_copy(update={"min_kw": 0.0, "max_kw": None})
    techs = s.technologies.model_copy(update={"wind": free})
    loose = replace(inputs, scenario=s.model_copy(update={"technologies": techs}))
    assert "CSV profile and no turbine is named" in not_applicable(loose, 9000)
