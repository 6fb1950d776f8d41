"""Green-electricity options of the plan: hourly matching, green purchases, grid charging."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from parkopt import InfeasibleError, load_scenario, plan, prepare
from parkopt.optimizer.accounts.kpis import matched_kw
from parkopt.optimizer.inputs.synthetic import make_inputs
from parkopt.optimizer.schema.scenario import Carbon

ROOT = Path(__file__).resolve().parents[1]
HOURS = np.arange(24)
W_DAY = 365.0
PV_CF = np.clip(np.sin((HOURS - 6) / 12 * np.pi), 0, None)
LOSSLESS = {
    "round_trip_efficiency": 1.0,
    "soc_min_fraction": 0.0,
    "soc_max_fraction": 1.0,
    "min_duration_h": 0.0,
    "max_duration_h": 100.0,
}


def test_green_purchase_meets_the_cap_by_hand():
    """Grid only, 100 kW for 24 h at 0.5 CNY/kWh and 0.6 tCO2/MWh: 876 MWh and 525.6 t a
    year. A cap of 300 t is met by buying (525.6 - 300) / 0.6 = 376 MWh at 50 CNY/MWh."""
    inputs = make_inputs(
        np.full(24, 100.0),
        0.5,
        emission_factor_t_per_mwh=0.6,
        carbon={"cap_t": 300.0},
        green_purchase={"premium_cny_per_mwh": 50.0},
    )
    p = plan(inputs)
    bought = (525.6 - 300.0) / 0.6
    assert p.summary["green_purchase_mwh"] == pytest.approx(bought, rel=1e-9)
    assert p.summary["emissions_t"] == pytest.approx(525.6, rel=1e-9)  # location-based
    assert p.summary["emissions_market_t"] == pytest.approx(300.0, rel=1e-9)
    assert p.summary["cost"]["green_purchase"] == pytest.approx(50.0 * bought, rel=1e-9)
    assert p.summary["cost"]["total_annual"] == pytest.approx(876_000 * 0.5 + 50 * bought, rel=1e-9)
    assert p.summary["abatement_cost_per_t"] == pytest.approx(50.0 / 0.6, rel=1e-6)
    assert p.summary["renewable_share"] == pytest.approx(bought / 876.0, rel=1e-9)


def test_green_purchase_limit_names_what_is_reachable():
    inputs = make_inputs(
        np.full(24, 100.0),
        0.5,
        emission_factor_t_per_mwh=0.6,
        carbon={"cap_t": 300.0},
        green_purchase={"premium_cny_per_mwh": 50.0, "max_mwh_per_year": 100.0},
    )
    with pytest.raises(InfeasibleError, match=r"cap 300 tCO2 is below the 466 tCO2 reachable"):
        plan(inputs)


def test_certificates_do_not_count_for_the_hourly_target():
    """An hourly target needs local PV even where certificates are cheap (and PV alone
    would not pay at 0.09 CNY/kWh)."""
    inputs = make_inputs(
        np.full(24, 100.0),
        0.09,
        pv_kw_per_kw=PV_CF,
        technologies={"pv": {"capex_cny_per_kw": 3300}},
        carbon={"hourly_matched_share": 0.3},
        green_purchase={"premium_cny_per_mwh": 1.0},
    )
    p = plan(inputs)
    assert p.summary["hourly_matched_share"] == pytest.approx(0.3, rel=1e-6)
    assert p.capacities["pv_kw"] > 0


def test_forbidden_grid_charging_stops_arbitrage():
    """The arbitrage battery of test_lp is not built when it may not charge from the grid."""
    price = np.where(HOURS < 12, 0.3, 1.0)
    bat = {**LOSSLESS, "grid_charging": False}
    p = plan(make_inputs(np.full(24, 100.0), price, technologies={"battery": bat}))
    assert p.capacities["battery_kwh"] == pytest.approx(0.0, abs=1e-9)


def test_forbidden_grid_charging_charges_only_from_local_output():
    price = np.where((HOURS >= 8) & (HOURS < 22), 1.0, 0.3)
    inputs = make_inputs(
        np.full(24, 100.0),
        price,
        pv_kw_per_kw=PV_CF,
        technologies={"pv": {"capex_cny_per_kw": 3300}, "battery": {"grid_charging": False}},
    )
    p = plan(inputs)
    d = p.dispatch
    assert p.capacities["battery_kwh"] > 0
    assert (d["battery_charge_kw"] <= d["pv_kw"] + 1e-6).all()
    # DESIGN.md: with no grid charging the matched load is load - import
    assert np.allclose(matched_kw(d, inputs), d["load_kw"] - d["grid_import_kw"], atol=1e-6)


def test_hourly_target_with_grid_pool_binds_on_a_day():
    """With grid charging allowed the battery splits into green and grid pools; the target
    binds exactly, the grid pool only charges from imports, and grid energy stored in the
    night valley (0.05 CNY/kWh) and sold into the evening peak (2.0) does not count."""
    price = np.select([HOURS < 6, (HOURS >= 18) & (HOURS < 22)], [0.05, 2.0], 0.25)
    inputs = make_inputs(
        np.full(24, 100.0),
        price,
        pv_kw_per_kw=PV_CF,
        technologies={"pv": {"capex_cny_per_kw": 3300}, "battery": {}},
        carbon={"hourly_matched_share": 0.5},
    )
    p = plan(inputs)
    d = p.dispatch
    assert p.summary["hourly_matched_share"] == pytest.approx(0.5, rel=1e-6)
    assert d["battery_charge_grid_kw"].sum() > 100  # the grid pool is used
    matched = d["load_kw"] - d["grid_import_kw"] + d["battery_charge_grid_kw"]
    matched -= d["battery_discharge_grid_kw"]
    assert matched.sum() / d["load_kw"].sum() == pytest.approx(0.5, rel=1e-6)
    assert p.summary["hourly_target_price_per_mwh"] > 0
    assert (d["battery_charge_grid_kw"] <= d["grid_import_kw"] + 1e-6).all()
    assert (d["battery_charge_grid_kw"] <= d["battery_charge_kw"] + 1e-6).all()
    assert p.summary["audit"]["balance_residual_kw"] < 1e-6
    cmp = p.summary["hourly_target_comparison"]
    assert cmp["hourly_premium"] >= -1e-6 * cmp["annual_target_cost"]


def test_unreachable_hourly_target_is_named():
    inputs = make_inputs(
        np.full(24, 100.0),
        0.5,
        pv_kw_per_kw=PV_CF,
        technologies={"pv": {"max_kw": 100}},
        carbon={"hourly_matched_share": 0.9},
    )
    with pytest.raises(InfeasibleError, match=r"hourly_matched_share 90.0% is above the"):
        plan(inputs)


@pytest.mark.slow
def test_default_example_hourly_target_of_90_percent():
    """Full year, PV and wind limits lifted so that 90 % can be reached: the hourly target
    binds to 1e-6 and costs at least as much as an annual share of the same value."""
    sc = load_scenario(ROOT / "inputs" / "example_park.yaml")
    tech = sc.technologies.model_copy(
        update={
            "pv": sc.technologies.pv.model_copy(update={"max_kw": None}),
            "wind": sc.technologies.wind.model_copy(update={"max_kw": None}),
        }
    )
    sc = sc.model_copy(update={"technologies": tech, "carbon": Carbon(hourly_matched_share=0.9)})
    p = plan(prepare(sc))
    assert p.summary["hourly_matched_share"] == pytest.approx(0.9, abs=1e-6)
    assert p.summary["renewable_target_price_per_mwh"] is None
    cmp = p.summary["hourly_target_comparison"]
    assert cmp["hourly_target_cost"] >= cmp["annual_target_cost"] * (1 - 1e-9)
    assert p.summary["audit"]["balance_residual_kw"] < 1e-6
    assert p.summary["audit"]["soc_residual_kwh"] < 1e-6
