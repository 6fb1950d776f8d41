"""Binding limits and their shadow prices, and wind as whole turbines, on hand-solved
24-hour (and 4-hour) cases: a 24-hour horizon stands for 365 days."""

from __future__ import annotations

import numpy as np
import pytest

from parkopt.models.finance import capital_recovery_factor
from parkopt.optimizer.inputs.synthetic import make_inputs
from parkopt.optimizer.lp import ModelCache, binding_limits, solve_plan
from parkopt.optimizer.planning.plan import plan
from parkopt.optimizer.planning.wind_rounding import whole_turbines

REL = 1e-6
HOURS = np.arange(24)
W_DAY = 365.0
DAY = np.where(HOURS < 12, 1.0, 0.0)  # PV: 1 kW/kW for 12 hours


def annual(capex, life, fom, rate=0.06):
    """Capital recovery plus fixed O&M [CNY per unit-year]."""
    return capex * (capital_recovery_factor(rate, life) + fom)


PV_A = annual(3300, 25, 0.01)  # the PV section's defaults: 291.1 CNY/kW_DC-year


def solve(inputs):
    """The LP result, its binding limits by name, and the solved model."""
    cache = ModelCache()
    result, _ = solve_plan(inputs, cache)
    limits = binding_limits(cache.model, inputs)
    return result, {b["name"]: b for b in limits}, cache.model


def test_pv_at_its_roof_limit_saves_the_hand_computed_amount_per_kw():
    """Each kW_DC of PV saves 12 h x 1 CNY/kWh x 365 and costs 291.1 a year: the 60 kW roof
    binds (load 100 kW) at 4,380 - 291.1 = 4,088.9 CNY per kW_DC and year. The reduced cost
    of cap[pv_kw] is minus that (<= 0 at an upper bound, kCNY/MW = CNY/kW); the import
    limit (1,000 kW) does not bind and is not listed."""
    inputs = make_inputs(
        np.full(24, 100.0),
        1.0,
        pv_kw_per_kw=DAY,
        technologies={"pv": {"capex_cny_per_kw": 3300, "max_kw": 60}},
        grid={"import_limit_kw": 1000},
    )
    _, limits, m = solve(inputs)
    saving = 12 * 1.0 * W_DAY - PV_A
    assert list(limits) == ["technologies.pv.max_kw"]
    b = limits["technologies.pv.max_kw"]
    assert (b["value"], b["unit"], b["shadow_price_unit"]) == (60.0, "kW_DC", "CNY/kW_DC-year")
    assert b["shadow_price"] == pytest.approx(saving, rel=REL)
    assert m.solution_reduced_costs[m.cap["pv_kw"]] == pytest.approx(-saving, rel=REL)
    assert "one more kW_DC would save 4,089 CNY a year" in b["sentence"]


def test_non_binding_bounds_are_not_listed():
    """PV built to the load (100 kW) under a 1,000 kW roof; imports below their limit."""
    inputs = make_inputs(
        np.full(24, 100.0),
        1.0,
        pv_kw_per_kw=DAY,
        technologies={"pv": {"capex_cny_per_kw": 3300, "max_kw": 1000}},
        grid={"import_limit_kw": 1000},
    )
    result, limits, _ = solve(inputs)
    assert result.capacities_kw["pv_kw"] == pytest.approx(100.0, rel=REL)
    assert limits == {}


def test_minimum_size_binds_from_below():
    """PV at 0.05 CNY/kWh saves 12 x 0.05 x 365 = 219 a year per kW and costs 291.1: the
    50 kW minimum costs 72.1 CNY per kW_DC and year (reduced cost >= 0 at a lower bound)."""
    inputs = make_inputs(
        np.full(24, 100.0),
        0.05,
        pv_kw_per_kw=DAY,
        technologies={"pv": {"capex_cny_per_kw": 3300, "min_kw": 50}},
    )
    _, limits, m = solve(inputs)
    cost = PV_A - 12 * 0.05 * W_DAY
    b = limits["technologies.pv.min_kw"]
    assert b["value"] == 50.0
    assert b["shadow_price"] == pytest.approx(cost, rel=REL)
    assert m.solution_reduced_costs[m.cap["pv_kw"]] == pytest.approx(cost, rel=REL)


def test_import_limit_binds_in_the_hours_it_is_reached():
    """Load 100 kW for 12 h, 50 kW for 12 h; import limit 80 kW; PV gives 1 kW/kW in every
    hour but costs 3,000.9 a year against 24 x 0.1 x 365 = 876 of energy: PV is 20 kW, built
    for the 12 hours at the limit. One more kW of limit is one kW less PV, bought from the
    grid in all 24 hours: 3,000.9 - 876 CNY per kW and year."""
    load = np.where(HOURS < 12, 100.0, 50.0)
    inputs = make_inputs(
        load,
        0.1,
        pv_kw_per_kw=1.0,
        technologies={"pv": {"capex_cny_per_kw": 30000}},
        grid={"import_limit_kw": 80},
    )
    result, limits, _ = solve(inputs)
    assert result.capacities_kw["pv_kw"] == pytest.approx(20.0, rel=REL)
    b = limits["grid.import_limit_kw"]
    assert (b["value"], b["hours"], b["shadow_price_unit"]) == (80, 12, "CNY/kW-year")
    assert b["shadow_price"] == pytest.approx(annual(30000, 25, 0.01) - 24 * 0.1 * W_DAY, rel=REL)
    assert "reached in 12 hours" in b["sentence"]


def test_export_limit_by_hand():
    """PV earns 0.5 CNY/kWh exported for 12 h (2,190 a year per kW, above its 291.1): it is
    built to the load plus the 50 kW export limit; one more kW of export limit is one more
    kW of PV exporting: 2,190 - 291.1 CNY per kW and year, at the limit in 12 hours."""
    inputs = make_inputs(
        np.full(24, 100.0),
        1.0,
        pv_kw_per_kw=DAY,
        export_price_per_kwh=0.5,
        technologies={"pv": {"capex_cny_per_kw": 3300}},
        grid={"export_limit_kw": 50},
    )
    result, limits, _ = solve(inputs)
    assert result.capacities_kw["pv_kw"] == pytest.approx(150.0, rel=REL)
    b = limits["grid.export_limit_kw"]
    assert b["hours"] == 12
    assert b["shadow_price"] == pytest.approx(12 * 0.5 * W_DAY - PV_A, rel=REL)


def test_carbon_cap_price_is_the_dual_and_the_hand_figure():
    """Flat 100 kW at 0.02 CNY/kWh, factor 0.5 t/MWh: 438 tCO2 a year grid-only, capped at
    100. PV (1 kW/kW all day, 8,760 kWh a year per kW) does not pay by itself; one tCO2 less
    is 2 MWh less imports: 2,000/8,760 kW of PV (291.1 a year each) less 2,000 x 0.02."""
    inputs = make_inputs(
        np.full(24, 100.0),
        0.02,
        pv_kw_per_kw=1.0,
        technologies={"pv": {"capex_cny_per_kw": 3300}},
        carbon={"cap_t": 100.0},
    )
    result, limits, _ = solve(inputs)
    b = limits["carbon.cap_t"]
    assert (b["value"], b["unit"], b["shadow_price_unit"]) == (100.0, "tCO2/year", "CNY/tCO2")
    assert b["shadow_price"] == pytest.approx(PV_A * 2000 / 8760 - 2000 * 0.02, rel=REL)
    assert b["shadow_price"] == pytest.approx(result.duals["carbon_cap"], rel=1e-12)


# --- heat, green purchases and the ratio targets ------------------------------------------

W4 = 8760 / 4  # a 4-hour horizon
LOAD_4 = np.array([1000.0, 1200.0, 800.0, 1000.0])
HEAT_4 = np.array([500.0, 600.0, 400.0, 500.0])
KWH_PER_M3 = 38.931 / 3.6  # natural gas LHV (GB/T 2589)
GAS_TCE_PER_M3 = 1.33e-3  # GB/T 2589
ELEC_TCE_PER_MWH = 0.30  # electricity at 等价值
ELEC_T_PER_MWH = 0.8325  # the indicator's fossil-power factor (notice 910)
# grid power 8,760 MWh/year and the existing boiler's gas (efficiency 0.88) [tce/year]
ENERGY_4 = LOAD_4.sum() * W4 / 1e3 * ELEC_TCE_PER_MWH + (
    HEAT_4.sum() / 0.88 * W4 / KWH_PER_M3 * GAS_TCE_PER_M3
)


def heat_inputs(carbon, richer=False, source_kw=400.0, green_max=3000.0, heat_max=None):
    """Grid power at 0.5 CNY/kWh, hot water from the existing boiler (1,000 kW); green
    purchases at 30 CNY/MWh the only lever unless ``richer`` (a waste-heat pump on
    ``source_kw``, an electric boiler, PV, green purchases up to ``green_max``, purchased
    heat up to ``heat_max`` at 10 CNY/GJ)."""
    techs = {"existing_gas_boiler": {"capacity_kw": 1000}}
    green, heat, pv_cf = {"premium_cny_per_mwh": 30}, {}, None
    if richer:
        techs["waste_heat_pump"] = {"source_temperature_c": 30, "source_kw": source_kw}
        techs["electric_boiler"] = {}
        techs["pv"] = {"capex_cny_per_kw": 3300}
        green["max_mwh_per_year"] = green_max
        pv_cf = [0.0, 0.6, 0.8, 0.1]
    if heat_max is not None:
        heat["purchased"] = {"price_cny_per_gj": 10, "temperature_c": 180, "max_kw": heat_max}
    level = {"name": "hw", "temperature_c": 80, "demand": {"annual_mwh": 1.0}}
    return make_inputs(
        LOAD_4,
        0.5,
        pv_kw_per_kw=pv_cf,
        emission_factor_t_per_mwh=0.55,
        heat={"levels": [level], **heat},
        heat_demand_kw={"hw": HEAT_4},
        technologies=techs,
        green_purchase=green,
        carbon=carbon,
    )


def test_indicator_target_price_per_hundredth_by_hand():
    """Only green purchases (0.8325 tCO2 off the indicator per MWh, 30 CNY/MWh) lower the
    indicator; 0.01 tCO2/tce looser allows 0.01 x energy more tCO2: 30 x 0.01 E / 0.8325."""
    _, limits, _ = solve(heat_inputs({"tco2_per_tce": 0.5}))
    b = limits["carbon.tco2_per_tce"]
    assert (b["value"], b["unit"]) == (0.5, "tCO2/tce")
    assert b["shadow_price_unit"] == "CNY/year per 0.01 tCO2/tce"
    assert b["shadow_price"] == pytest.approx(30 * 0.01 * ENERGY_4 / ELEC_T_PER_MWH, rel=REL)


def test_clean_share_price_per_point_by_hand():
    """Clean energy = 0.30 tce per green MWh: one point less of the share is 0.01 E / 0.30
    MWh fewer green purchases at 30 CNY/MWh."""
    _, limits, _ = solve(heat_inputs({"clean_energy_share": 0.6}))
    b = limits["carbon.clean_energy_share"]
    assert b["shadow_price"] == pytest.approx(30 * 0.01 * ENERGY_4 / ELEC_TCE_PER_MWH, rel=REL)


def _cost(inputs) -> float:
    result, _ = solve_plan(inputs)
    return result.objective_value


@pytest.mark.parametrize(
    ("name", "base", "step", "per"),
    [
        # share rows with power to heat: the target and the heat's power sit on both sides
        ("carbon.renewable_share", {"carbon": {"renewable_share": 0.9}}, -1e-5, 0.01),
        ("carbon.hourly_matched_share", {"carbon": {"hourly_matched_share": 0.7}}, -1e-5, 0.01),
        ("green_purchase.max_mwh_per_year", {"carbon": {"renewable_share": 0.9}}, 0.01, 1.0),
        ("technologies.waste_heat_pump.source_kw", {"carbon": {}, "heat_max": None}, 0.01, 1.0),
        ("heat.purchased.max_kw", {"carbon": {"hourly_matched_share": 0.7}}, 0.01, 1.0),
    ],
    ids=["renewable", "hourly", "green_max", "waste_heat", "purchased_heat"],
)
def test_prices_match_the_cost_of_a_small_relaxation(name, base, step, per):
    """The shadow price times the step is what relaxing the limit by the step saves."""
    args = {"richer": True, "heat_max": 100.0, **base}
    _, limits, _ = solve(heat_inputs(**args))
    b = limits[name]
    field = {
        "carbon.renewable_share": None,
        "carbon.hourly_matched_share": None,
        "green_purchase.max_mwh_per_year": "green_max",
        "technologies.waste_heat_pump.source_kw": "source_kw",
        "heat.purchased.max_kw": "heat_max",
    }[name]
    if field is None:
        row = name.split(".")[1]
        looser = {**args, "carbon": {row: b["value"] + step}}
    else:
        looser = {**args, field: b["value"] + step}
    saving = _cost(heat_inputs(**args)) - _cost(heat_inputs(**looser))
    assert saving == pytest.approx(b["shadow_price"] * abs(step) / per, rel=1e-3)


# --- wind as whole turbines -----------------------------------------------------------------

WIND = {"capex_cny_per_kw": 5800, "life_years": 20, "fixed_om_fraction_per_year": 0.02}
WIND_A = annual(5800, 20, 0.02)  # 621.7 CNY/kW-year
RATED = 4200.0  # E-141/4200, the default turbine (wind class III stand-in)


def wind_inputs(**wind):
    """10 MW flat at 1 CNY/kWh; wind gives 1 kW/kW in every hour and costs 621.7 a year
    per kW against 8,760 of energy: the continuous plan is 10,000 kW (2.38 turbines)."""
    return make_inputs(
        np.full(24, 10000.0), 1.0, wind_kw_per_kw=1.0, technologies={"wind": {**WIND, **wind}}
    )


def test_whole_turbines_by_hand():
    """2 turbines (8,400 kW) import 1,600 kW all year at 1 CNY/kWh; 3 (12,600 kW) pay
    2,600 kW of extra wind: ceil is far cheaper."""
    inputs = wind_inputs()
    p = plan(inputs, whole_turbines=False)
    r = whole_turbines(inputs, p)
    assert r["rated_kw"] == RATED and r["turbine"] == "E-141/4200"
    assert r["turbines"] == pytest.approx(10000 / RATED, rel=REL)
    assert r["continuous_cost"] == pytest.approx(10000 * WIND_A, rel=REL)
    floor, ceil = r["candidates"]
    assert (floor["turbines"], ceil["turbines"]) == (2, 3)
    assert floor["extra_cost"] == pytest.approx(1600 * (8760 * 1.0 - WIND_A), rel=REL)
    assert ceil["extra_cost"] == pytest.approx(2600 * WIND_A, rel=REL)
    assert floor["annual_cost"] > r["continuous_cost"] < ceil["annual_cost"]
    assert r["chosen"] is ceil
    assert "build 3" in r["sentence"]


def test_the_plan_is_the_one_built_in_whole_turbines():
    """plan() answers with the 3 turbines it says to build: capacities, cost, investment
    and dispatch are the re-solve's, and the continuous optimum is kept beside them."""
    p = plan(wind_inputs())
    w = p.summary["wind_turbines"]
    assert p.capacities["wind_kw"] == pytest.approx(3 * RATED, rel=1e-12)
    assert w["continuous_kw"] == pytest.approx(10000.0, rel=REL)
    assert w["chosen"]["turbines"] == 3
    total = p.summary["cost"]["total_annual"]
    assert total == pytest.approx(10000 * WIND_A + 2600 * WIND_A, rel=REL)
    assert total == pytest.approx(w["continuous_cost"] + w["chosen"]["extra_cost"], rel=1e-9)
    assert p.summary["objective"] == pytest.approx(total, rel=1e-9)
    invest = p.summary["economics"]["investment"]["wind"]
    assert invest == pytest.approx(3 * RATED * 5800, rel=1e-9)
    assert p.dispatch["wind_kw"].max() == pytest.approx(10000.0, rel=REL)  # the rest curtailed
    assert p.summary["energy_mwh"]["wind_curtailed"] == pytest.approx(2.6 * 24 * 365, rel=REL)
    assert all(b["name"] != "technologies.wind.max_kw" for b in p.summary["binding_limits"])


def test_whole_turbines_after_a_start_from_typical_days():
    """Over 60 days (the plan started from typical days) both counts are re-solved on the
    full horizon from the plan's basis: 3 turbines (above the continuous 2.38) first, to
    the end; 2 then stops once proven dearer (a lower bound on its cost) or is solved."""
    inputs = make_inputs(
        np.full(24 * 60, 10000.0),
        1.0,
        wind_kw_per_kw=1.0,
        technologies={"wind": WIND},
        solver={"start": "typical_days"},
    )
    p = plan(inputs)
    assert p.summary["solve_start"]["from"] == "typical_days"
    floor, ceil = p.summary["wind_turbines"]["candidates"]
    assert not ceil.get("lower_bound")
    assert ceil["extra_cost"] == pytest.approx(2600 * WIND_A, rel=REL)
    exact = 1600 * (8760 - WIND_A)
    if floor.get("lower_bound"):
        assert ceil["extra_cost"] < floor["extra_cost"] <= exact * (1 + REL)
        assert "over" in p.summary["wind_turbines"]["sentence"]
    else:
        assert floor["extra_cost"] == pytest.approx(exact, rel=1e-6)
    assert p.capacities["wind_kw"] == pytest.approx(3 * RATED, rel=1e-12)


def test_ceil_above_max_kw_is_not_a_candidate():
    """A 11 MW land limit leaves 2 turbines; the warm path (the plan's own model) gives the
    same costs and hands the model back with its wind bounds."""
    inputs = wind_inputs(max_kw=11000)
    cache = ModelCache()
    result, _ = solve_plan(inputs, cache)
    r = whole_turbines(inputs, result, cache)
    floor, ceil = r["candidates"]
    assert not ceil["feasible"] and "max_kw" in ceil["reason"]
    assert r["chosen"] is floor
    assert floor["extra_cost"] == pytest.approx(1600 * (8760 - WIND_A), rel=REL)
    var = cache.model.cap["wind_kw"]
    assert (var.lb, var.ub) == (0.0, 11.0)


def test_whole_count_and_no_wind():
    r = whole_turbines(
        wind_inputs(max_kw=8400), plan(wind_inputs(max_kw=8400), whole_turbines=False)
    )
    assert len(r["candidates"]) == 1 and r["chosen"]["extra_cost"] == 0.0
    dear = wind_inputs(capex_cny_per_kw=1e6)
    assert whole_turbines(dear, plan(dear)) == {}
    none = make_inputs(np.full(24, 100.0), 1.0)
    assert whole_turbines(none, plan(none)) == {}
