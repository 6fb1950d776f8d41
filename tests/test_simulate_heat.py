"""Simulation of parks with heat: the self-consumption rule's merit order by hand, the
thermal store charged in valley hours, every balance closed, shortfalls named, the optimal
strategy reproducing a plan, and the zero-carbon example with both strategies."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from parkopt import InfeasibleError
from parkopt.optimizer.accounts.kpis import BALANCE_TOL_KW, SOC_TOL_KWH
from parkopt.optimizer.inputs.plan_inputs import with_scenario
from parkopt.optimizer.inputs.synthetic import make_inputs
from parkopt.optimizer.planning.dispatch import columns_of
from parkopt.optimizer.planning.plan import plan
from parkopt.optimizer.planning.simulate import simulate, targets_met

ROOT = Path(__file__).resolve().parents[1]
WEATHER = ROOT.parent / "shared" / "data" / "weather"
LIMIT_TOL = 1e-6  # kW or kWh
TWO_LEVELS = [
    {"name": "steam", "temperature_c": 150, "demand": {"annual_mwh": 1}},
    {"name": "hw", "temperature_c": 60, "demand": {"annual_mwh": 1}},
]
HAND_CAPS = {
    "waste_heat_pump_kw": 100,
    "electric_boiler_kw": 80,
    "existing_gas_boiler_kw": 40,
    "gas_boiler_kw": 50,
    "thermal_storage_kw": 30,
    "thermal_storage_kwh": 60,
}


def assert_closed(sim) -> None:
    """Every carrier's hourly balance and every store's recurrence close."""
    audit = sim.summary["audit"]
    assert audit["balance_residual_kw"] < BALANCE_TOL_KW
    assert audit["soc_residual_kwh"] < SOC_TOL_KWH
    assert audit["heat_balance_residual_kw"] < BALANCE_TOL_KW
    assert audit["thermal_soc_residual_kwh"] < SOC_TOL_KWH
    assert list(sim.dispatch.columns) == list(columns_of(sim.inputs))


def hand_inputs(steam, hw, price, **more):
    """Steam at 150 degC, hot water at 60 degC; a waste-heat pump (COP 4 at 60 degC, none
    at 150; 60 kW of waste heat = 80 kW_th at most), an electric boiler (0.9), existing gas
    boilers (0.8), new gas boilers (0.9), purchased heat at 100 degC (30 kW_th at most), a
    steam store (charge 0.9, discharge 1.0, 10 %/h lost)."""
    return make_inputs(
        np.full(len(steam), 10.0),
        price,
        heat={
            "levels": TWO_LEVELS,
            "purchased": {"price_cny_per_gj": 50, "temperature_c": 100, "max_kw": 30},
        },
        heat_demand_kw={"steam": steam, "hw": hw},
        technologies={
            "waste_heat_pump": {"source_temperature_c": 40, "source_kw": 60, "max_cop": 4},
            "electric_boiler": {"efficiency_fraction": 0.9},
            "existing_gas_boiler": {"capacity_kw": 40, "efficiency_fraction": 0.8},
            "gas_boiler": {"efficiency_fraction": 0.9},
            "thermal_storage": {
                "level": "steam",
                "loss_per_hour": 0.1,
                "charge_efficiency": 0.9,
                "discharge_efficiency": 1.0,
            },
        },
        **more,
    )


def test_merit_order_by_hand():
    """Hours 0-1 are valley hours (the day's cheapest price), 2-3 are not.

    h0: the waste-heat pump gives hw 80 (its source limit 60 / (1 - 1/4)); the electric
    boiler (valley) steam 40 and hw 20, leaving 20 spare that charges the store (18 kWh).
    h1: the same; the store keeps 16.2 and gains 18: 34.2 kWh.
    h2: pump hw 80; the store discharges 30 (its rating; 30.78 kWh held): steam 20 and
    hw 10 through the cascade; purchased hw 30; existing gas hw 30; 0.78 kWh left.
    h3: pump hw 80; the store gives its last 0.702 to steam; purchased hw 30; existing gas
    steam 40 (full); new gas steam 19.298 and hw 30.702 (full); the electric boiler, the
    last resort outside valley hours, hw 9.298. The store ends empty: the year starts so.
    """
    inputs = hand_inputs([40, 40, 20, 60], [100, 100, 150, 150], [0.3, 0.3, 1.0, 1.0])
    assert inputs.hourly["waste_heat_pump_hw_efficiency"].iloc[0] == pytest.approx(4.0)
    assert inputs.hourly["waste_heat_pump_steam_efficiency"].max() == 0.0
    sim = simulate(inputs, HAND_CAPS, "self_consumption")
    d = sim.dispatch
    expected = {
        "heat_hw_waste_heat_pump_kw": [80, 80, 80, 80],
        "heat_steam_electric_boiler_kw": [60, 60, 0, 0],  # 40 to demand + 20 into the store
        "heat_hw_electric_boiler_kw": [20, 20, 0, 9.298],
        "thermal_storage_charge_kw": [20, 20, 0, 0],
        "thermal_storage_discharge_kw": [0, 0, 30, 0.702],
        "thermal_storage_soc_kwh": [18, 34.2, 0.78, 0],
        "heat_steam_cascade_kw": [0, 0, 10, 0],
        "heat_hw_purchased_kw": [0, 0, 30, 30],
        "heat_steam_existing_gas_boiler_kw": [0, 0, 0, 40],
        "heat_hw_existing_gas_boiler_kw": [0, 0, 30, 0],
        "heat_steam_gas_boiler_kw": [0, 0, 0, 19.298],
        "heat_hw_gas_boiler_kw": [0, 0, 0, 30.702],
        "waste_heat_pump_electricity_kw": [20, 20, 20, 20],
        "electric_boiler_electricity_kw": [80 / 0.9, 80 / 0.9, 0, 9.298 / 0.9],
        "gas_kw": [0, 0, 30 / 0.8, 40 / 0.8 + 50 / 0.9],
    }
    for col, values in expected.items():
        assert d[col].to_numpy() == pytest.approx(values, abs=1e-9), col
    p2h = d["waste_heat_pump_electricity_kw"] + d["electric_boiler_electricity_kw"]
    assert np.allclose(d["power_to_heat_kw"], p2h)
    # the heat's power joins the load the grid serves (no PV, no battery)
    assert np.allclose(d["grid_import_kw"], 10.0 + p2h)
    assert d.attrs["thermal_soc_start_kwh"] == pytest.approx(0.0)
    assert_closed(sim)


def test_store_charges_in_valley_hours_and_discharges_later():
    """Two days, valley at night: the store fills at night from the electric boiler's spare
    capacity, serves the dear hours and starts the year where it ends."""
    hod = np.arange(48) % 24
    price = np.where(hod < 6, 0.3, 1.0)
    steam = np.where((hod >= 8) & (hod < 20), 90.0, 30.0)
    inputs = hand_inputs(steam, np.full(48, 50.0), price)
    caps = dict(HAND_CAPS, thermal_storage_kw=40, thermal_storage_kwh=100)
    sim = simulate(inputs, caps, "self_consumption")
    d = sim.dispatch
    valley = hod < 6
    ch = d["thermal_storage_charge_kw"].to_numpy()
    dis = d["thermal_storage_discharge_kw"].to_numpy()
    assert ch[~valley].max() == 0.0 and dis[valley].max() == 0.0
    assert (ch * dis == 0).all()
    # each night from empty: 40 kW (its rating; the boiler has 80 - 30 spare) stores 36 kWh
    # an hour, 10 % of the rest lost: 36, 68.4, 97.56, then topped up to full (100 kWh)
    soc = d["thermal_storage_soc_kwh"].to_numpy()
    for night in (0, 24):
        assert soc[night : night + 6] == pytest.approx([36, 68.4, 97.56, 100, 100, 100])
        assert ch[night + 3] == pytest.approx((100 - 0.9 * 97.56) / 0.9)
        assert ch[night + 4] == pytest.approx(10 / 0.9)
    # then it serves the steam (30 kW_th until 08:00, then 90) until empty: 90 kWh kept at
    # 06:00 gives 30 (60 left), 54 kept gives 30 (24 left), 21.6 kept gives 21.6
    for day in (0, 24):
        assert dis[day + 6 : day + 10] == pytest.approx([30, 30, 21.6, 0])
        assert soc[day + 6 : day + 10] == pytest.approx([60, 24, 0, 0], abs=1e-9)
    # the electric boiler runs outside valley hours only as the last resort (not needed here)
    assert d["electric_boiler_heat_kw"][~valley].max() == 0.0
    # the store's start equals its end (the year run twice)
    start = d.attrs["thermal_soc_start_kwh"]
    assert start == pytest.approx(d["thermal_storage_soc_kwh"].iloc[-1], abs=1e-9)
    for col in d.columns:
        assert (d[col] >= -LIMIT_TOL).all(), col
    assert (d["thermal_storage_soc_kwh"] <= 200 + LIMIT_TOL).all()
    assert (d["electric_boiler_heat_kw"] <= 80 + LIMIT_TOL).all()
    shared = d["heat_steam_existing_gas_boiler_kw"] + d["heat_hw_existing_gas_boiler_kw"]
    assert (shared <= 40 + LIMIT_TOL).all()
    assert_closed(sim)


def test_electric_heat_keeps_within_the_import_limit():
    """Flat price (every hour a valley hour): the electric boiler (1.0) takes what the grid
    connection leaves above the 50 kW load (100 - 50), gas boilers the other 30 kW_th."""
    inputs = make_inputs(
        np.full(24, 50.0),
        0.5,
        heat={"levels": TWO_LEVELS[1:]},
        heat_demand_kw={"hw": np.full(24, 80.0)},
        technologies={
            "electric_boiler": {"efficiency_fraction": 1.0},
            "existing_gas_boiler": {"capacity_kw": 100},
        },
        grid={"import_limit_kw": 100},
    )
    sim = simulate(inputs, {"electric_boiler_kw": 100}, "self_consumption")
    assert sim.capacities["existing_gas_boiler_kw"] == 100  # not named: as installed
    d = sim.dispatch
    assert d["electric_boiler_heat_kw"].to_numpy() == pytest.approx(np.full(24, 50.0))
    assert d["existing_gas_boiler_heat_kw"].to_numpy() == pytest.approx(np.full(24, 30.0))
    assert d["grid_import_kw"].max() == pytest.approx(100.0)
    assert_closed(sim)


def test_shortfall_names_the_level_the_hour_and_the_capacities():
    """Hour 3 asks 100 kW_th of steam of boilers that give 40 + 40 + 10 (no store): steam is
    10 kW_th short; the hot water, left without the electric boiler, 150 - 80 - 30 = 40."""
    inputs = hand_inputs([40, 40, 20, 100], [100, 100, 150, 150], [0.3, 0.3, 1.0, 1.0])
    caps = dict(HAND_CAPS, electric_boiler_kw=40, gas_boiler_kw=10, thermal_storage_kw=0)
    caps["thermal_storage_kwh"] = 0
    with pytest.raises(InfeasibleError) as err:
        simulate(inputs, caps, "self_consumption")
    text = str(err.value)
    assert "heat level steam at 2025-01-01 03:00:00+08:00" in text
    assert "10.0 kW_th short of 100.0 kW_th (1 hour(s) short)" in text
    reach = "electric_boiler 40 kW_th, gas_boiler 10 kW_th, existing_gas_boiler 40 kW_th"
    assert f"capacities that reach it: {reach}, thermal_storage 0 kW_th / 0 kWh_th" in text
    assert "waste_heat_pump" not in text.split("also short")[0]  # cannot reach steam
    assert "also short: hw (40.0 kW_th at most)" in text


@pytest.fixture(scope="module")
def planned_heat():
    """Two days with a night valley and a tCO2/tce target: the LP sizes a waste-heat pump,
    an electric boiler, a steam store and new gas boilers beside today's boilers."""
    hod = np.arange(48) % 24
    price = np.select([hod < 6, (hod >= 14) & (hod < 22)], [0.2, 1.1], 0.6)
    steam = np.where((hod >= 8) & (hod < 20), 900.0, 300.0)
    inputs = make_inputs(
        np.full(48, 500.0),
        price,
        pv_kw_per_kw=np.clip(np.sin((hod - 6) / 12 * np.pi), 0, None),
        heat={"levels": TWO_LEVELS},
        heat_demand_kw={"steam": steam, "hw": np.full(48, 400.0)},
        technologies={
            "pv": {"max_kw": 800},
            "battery": {},
            "waste_heat_pump": {"source_temperature_c": 40, "source_kw": 200},
            "electric_boiler": {},
            "existing_gas_boiler": {"capacity_kw": 600, "may_retire": False},
            "gas_boiler": {},
            "thermal_storage": {"level": "steam"},
        },
        green_purchase={"premium_cny_per_mwh": 30, "max_mwh_per_year": 3000},
        carbon={"tco2_per_tce": 1.0},
    )
    p = plan(inputs)
    built = ("waste_heat_pump_kw", "electric_boiler_kw", "gas_boiler_kw", "thermal_storage_kwh")
    assert all(p.capacities[k] > 1 for k in built), p.capacities  # the case is heat-rich
    return inputs, p


def test_optimal_with_heat_reproduces_the_plan(planned_heat):
    inputs, p = planned_heat
    sim = simulate(inputs, p.capacities, "optimal")
    assert sim.summary["target_met"] is True
    for key, value in p.summary["cost"].items():
        assert sim.summary["cost"][key] == pytest.approx(value, rel=1e-6, abs=1e-6), key
    assert_closed(sim)


def test_self_consumption_with_heat_is_never_cheaper(planned_heat):
    inputs, p = planned_heat
    opt = simulate(inputs, p.capacities, "optimal").summary["cost"]["total_annual"]
    for tou in (False, True):
        rule = simulate(inputs, p.capacities, "self_consumption", tou_charging=tou)
        assert rule.summary["cost"]["total_annual"] >= opt * (1 - 1e-9)
        assert_closed(rule)
        # after the year the rule buys the certificates the target needs, within the limit
        bought = rule.summary["green_purchase_mwh"]
        ratio = rule.summary["indicator"]["tco2_per_tce"]
        if bought < 3000 - 1e-6:  # the limit did not bind: met exactly (or not needed)
            assert rule.summary["target_met"] is True
            assert bought == 0.0 or ratio == pytest.approx(1.0, rel=1e-9)
        else:
            assert rule.summary["target_met"] is (ratio <= 1.0 + 1e-9)
        assert rule.dispatch["thermal_storage_discharge_kw"].sum() > 0


def test_self_consumption_tops_up_green_purchases_to_the_target(planned_heat):
    """The rule's certificates are the least that meet tCO2/tce: without them the ratio is
    above the target, with one MWh fewer it would be too (the figure is linear), and with
    too small a limit the target is missed with the limit bought."""
    inputs, p = planned_heat
    s = inputs.scenario
    loose = s.model_copy(
        update={"green_purchase": s.green_purchase.model_copy(update={"max_mwh_per_year": 1e9})}
    )
    rule = simulate(with_scenario(inputs, loose), p.capacities, "self_consumption")
    ind = rule.summary["indicator"]
    assert rule.summary["green_purchase_mwh"] > 0
    assert ind["tco2_per_tce"] == pytest.approx(1.0, rel=1e-9)
    # one MWh fewer raises the indicator by 0.8325 t over the same energy: above the target
    assert ind["emissions_t"] + 0.8325 > 1.0 * ind["energy_tce"]
    tight = s.model_copy(
        update={"green_purchase": s.green_purchase.model_copy(update={"max_mwh_per_year": 10.0})}
    )
    short = simulate(with_scenario(inputs, tight), p.capacities, "self_consumption")
    assert short.summary["green_purchase_mwh"] == pytest.approx(10.0)
    assert short.summary["target_met"] is False


def test_targets_met_checks_the_indicator():
    """tCO2/tce at most its target, the clean energy share at least its target."""
    summary = {"indicator": {"tco2_per_tce": 0.2, "clean_energy_share": 0.9}}

    def met(**carbon):
        return targets_met(make_inputs([100.0] * 24, 0.5, carbon=carbon), summary)

    assert met(tco2_per_tce=0.2) is True
    assert met(tco2_per_tce=0.19) is False
    assert met(clean_energy_share=0.9) is True
    assert met(clean_energy_share=0.91) is False
    assert met(tco2_per_tce=0.3, clean_energy_share=0.95) is False


@pytest.mark.skipif(not WEATHER.is_dir(), reason="../shared/data/weather is not here")
def test_zero_carbon_park_week_runs_with_both_strategies():
    from parkopt.optimizer.inputs.prepare import prepare
    from parkopt.optimizer.schema.scenario import load_scenario

    scenario = load_scenario(ROOT / "inputs" / "zero_carbon_park.yaml")
    inputs = prepare(scenario.model_copy(update={"horizon_hours": 168}))
    p = plan(inputs)
    opt = simulate(inputs, p.capacities, "optimal")
    assert opt.summary["cost"]["total_annual"] == pytest.approx(
        p.summary["cost"]["total_annual"], rel=1e-6
    )
    assert_closed(opt)
    caps = dict(p.capacities, electric_boiler_kw=8000, thermal_storage_kw=5000)
    caps["thermal_storage_kwh"] = 40000
    caps["existing_gas_boiler_kw"] = 13000
    for capacities in (p.capacities, caps):
        rule = simulate(inputs, capacities, "self_consumption")
        assert_closed(rule)
        d = rule.dispatch
        assert rule.summary["cost"]["total_annual"] >= opt.summary["cost"]["total_annual"]
        heat = d.filter(regex=r"^heat_\w+_demand_kw$").sum(axis=1)
        assert d["gas_kw"].sum() > 0 and heat.sum() > 0
    assert d["thermal_storage_discharge_kw"].sum() > 0
