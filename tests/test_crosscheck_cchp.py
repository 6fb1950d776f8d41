"""Cross-check of combined cooling, heat and power against PyPSA (issue 21).

A summer week (168 h) of a factory with power, hot water and cooling: PV and a battery, a
gas CHP on the hot water, a gas boiler, an electric chiller (COP from the air
temperature), an absorption chiller on the hot water and a cold store, under a carbon cap
that binds. parkopt's LP (``plan(inputs, whole_turbines=False)``) against the independent
PyPSA model of the same ``PlanInputs`` (``benchmarks/pypsa_cchp.py``, on top of
``pypsa_park`` and ``pypsa_heat``; its docstring maps the LP to PyPSA components): the
objective to 1e-6 relative, the capacities to 1e-3 relative or 1 kW, the CO2 price to 1e-4.

The CHP in PyPSA is a Link sized on its gas input while parkopt sizes it in kW_e: the
Link's capital cost per MW of gas is parkopt's per MW_e x the electrical efficiency and
its size converts back (the chillers likewise, on their electricity or heat input).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np
import pytest

pypsa = pytest.importorskip("pypsa")
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
import pypsa_cchp  # noqa: E402  (benchmarks/pypsa_cchp.py)
import pypsa_park  # noqa: E402  (benchmarks/pypsa_park.py)
from test_crosscheck_pypsa import BATTERY as ELECTRIC_BATTERY  # noqa: E402

from parkopt.optimizer.inputs.synthetic import make_inputs  # noqa: E402
from parkopt.optimizer.planning.plan import plan  # noqa: E402

T = 168  # one week
REL = 1e-6  # objective
REL_CAP, ABS_CAP = 1e-3, 1.0  # capacities [-, kW or kWh]
REL_DUAL = 1e-4  # CO2 price
EF = 0.58  # grid emission factor [tCO2/MWh]
RATE = 0.06
KW_PER_MW = 1000.0
HIGHS_TOL = {"primal_feasibility_tolerance": 1e-9, "dual_feasibility_tolerance": 1e-9}

PV = {
    "capex_cny_per_kw": 3300,
    "life_years": 25,
    "fixed_om_fraction_per_year": 0.01,
    "max_kw": 30_000.0,
}
BATTERY = {**ELECTRIC_BATTERY, "energy_capex_cny_per_kwh": 900}  # dearer energy
HEAT = {
    "levels": [{"name": "hot_water", "temperature_c": 95.0, "demand": {"annual_mwh": 1.0}}],
    "gas": {"price_cny_per_m3": 2.8},
    "purchased": None,
}
CHP = {
    "level": "hot_water",
    "capex_cny_per_kw": 6000.0,
    "electrical_efficiency": 0.40,
    "thermal_efficiency": 0.45,
}
GAS_BOILER = {"capex_cny_per_kw": 300.0, "efficiency_fraction": 0.92}
CHILLER = {"capex_cny_per_kw": 800.0}
ABSORPTION_CHILLER = {"level": "hot_water", "capex_cny_per_kw": 1200.0, "cop": 0.7}
COLD_STORAGE = {
    "energy_capex_cny_per_kwh": 100.0,
    "power_capex_cny_per_kw": 50.0,
    "loss_per_hour": 0.01,
    "charge_efficiency": 0.95,
    "discharge_efficiency": 0.95,
    "min_duration_h": 1.0,
    "max_duration_h": 12.0,
}


def summer_week(hours: int = T, seed: int = 20250721) -> dict[str, np.ndarray]:
    """Made-up but plausible hourly arrays of a July week (deterministic, seeded noise).

    Air 27-36 degC, warmest at 15:00. PV: half-sine 05:00-19:00 x a daily clearness
    (0.5-1.0), peak 0.8 kW/kW. Load: two shifts (08:00-24:00) of 8 MW over a 10 MW base,
    60 % of the shift at the weekend. Hot water: 3 MW + 2 MW in the shifts. Cooling: 3 MW at
    night rising with the air to ~9.5 MW in the afternoon. Price: TOU, peak 1.20 CNY/kWh
    08-11 and 17-22, valley 0.38 00-08, flat 0.75 otherwise. 3 % noise on the demands.
    """
    rng = np.random.default_rng(seed)
    t = np.arange(hours)
    hour, day = t % 24, t // 24
    air = 31.5 + 4.5 * np.cos(2 * np.pi * (hour - 15) / 24) + rng.normal(0, 0.3, hours)
    clearness = rng.uniform(0.5, 1.0, size=day.max() + 1)[day]
    pv = 0.8 * clearness * np.clip(np.sin(np.pi * (hour - 5) / 14), 0.0, None)
    weekend = day % 7 >= 5
    shift = np.where(hour >= 8, 1.0, 0.0) * np.where(weekend, 0.6, 1.0)

    def noisy(x):
        return x * (1.0 + 0.03 * rng.standard_normal(hours))

    load = noisy(10_000.0 + 8_000.0 * shift)
    hot_water = noisy(3_000.0 + 2_000.0 * shift)
    cooling = noisy(3_000.0 + 6_500.0 * np.clip((air - 27.0) / 9.0, 0.0, None))
    price = np.full(hours, 0.75)
    price[((hour >= 8) & (hour < 11)) | ((hour >= 17) & (hour < 22))] = 1.20
    price[hour < 8] = 0.38
    return {
        "load_kw": load,
        "pv": pv,
        "air": air,
        "hot_water": hot_water,
        "cooling": cooling,
        "price": price,
    }


def week_inputs(cap_t: float | None, chp: dict | None = None, hours: int = T):
    """The CCHP week as PlanInputs (``make_inputs``); ``cap_t`` [tCO2/year] or None."""
    prof = summer_week(hours)
    return make_inputs(
        load_kw=prof["load_kw"],
        price_per_kwh=prof["price"],
        pv_kw_per_kw=prof["pv"],
        emission_factor_t_per_mwh=EF,
        start="2025-07-14",
        heat_demand_kw={"hot_water": prof["hot_water"]},
        air_temperature_c=prof["air"],
        cooling_demand_kw=prof["cooling"],
        heat=HEAT,
        cooling={"demand": {"annual_mwh": 1.0}},
        technologies={
            "pv": PV,
            "battery": BATTERY,
            "chp": CHP if chp is None else chp,
            "gas_boiler": GAS_BOILER,
            "chiller": CHILLER,
            "absorption_chiller": ABSORPTION_CHILLER,
            "cold_storage": COLD_STORAGE,
        },
        grid={"import_limit_kw": None, "export_limit_kw": 0},
        carbon={} if cap_t is None else {"cap_t": cap_t},
        finance={"discount_rate": RATE},
    )


def solve_both(inputs):
    """parkopt's plan and PyPSA's network of the same inputs, both solved; asserts the same
    objective and capacities; returns them with PyPSA's capacities and a line of figures."""
    t0 = time.perf_counter()
    p = plan(inputs, whole_turbines=False)
    t1 = time.perf_counter()
    n, extra = pypsa_cchp.build_network(inputs)
    pypsa_park.solve(n, extra, HIGHS_TOL)
    t2 = time.perf_counter()
    assert p.summary["status"] == "optimal"
    objective = pypsa_park.objective_cny(n)
    assert p.summary["objective"] == pytest.approx(objective, rel=REL)
    theirs = pypsa_cchp.capacities(n)
    for key, value in theirs.items():
        assert p.capacities.get(key, 0.0) == pytest.approx(value, rel=REL_CAP, abs=ABS_CAP), key
    # the free ratings (grid, gas, the CHP's mode links) never bind
    free = n.generators.p_nom["grid"]
    assert n.generators_t.p[["grid", "gas"]].to_numpy().max() < 0.5 * free
    fixed = n.links.index[~n.links.p_nom_extendable]
    assert (n.links_t.p0[fixed].abs().max() < 0.5 * n.links.p_nom[fixed]).all()
    caps = ", ".join(
        f"{k} {v:,.1f} (diff {abs(p.capacities.get(k, 0.0) - v):.1e})" for k, v in theirs.items()
    )
    line = (
        f"objective parkopt {p.summary['objective']:,.6f} CNY/yr, PyPSA {objective:,.6f} "
        f"(rel diff {abs(p.summary['objective'] / objective - 1):.1e}); {caps}; "
        f"parkopt {t1 - t0:.2f} s, PyPSA {t2 - t1:.2f} s"
    )
    return p, n, theirs, line


def carnot_cop(air: np.ndarray) -> np.ndarray:
    """The electric chiller's default COP, written out here: 0.45 x (7 + 273.15) K over the
    lift (air + 8 K approach - 7 degC supply), at most 8."""
    return np.minimum(0.45 * (7.0 + 273.15) / np.maximum(air + 8.0 - 7.0, 1.0), 8.0)


def assert_conversions(p, chp: dict) -> None:
    """parkopt's hourly flows keep each converter's ratios: the CHP's gas = electricity /
    eta_e, its heat between the bounds (or at eta_th / eta_e); the chiller's electricity =
    cold / COP; the absorption chiller's heat = cold / 0.7."""
    d, scale = p.dispatch, 1e-6 * max(p.capacities.values())
    e = d["chp_electricity_kw"].to_numpy()
    eta = chp["electrical_efficiency"]
    np.testing.assert_allclose(d["chp_gas_kw"], e / eta, rtol=1e-9, atol=scale)
    heat = d["chp_heat_kw"].to_numpy()
    low = chp.get("min_heat_to_power", chp["thermal_efficiency"] / eta)
    high = chp.get("max_heat_to_power", chp["thermal_efficiency"] / eta)
    assert (heat >= low * e - scale).all() and (heat <= high * e + scale).all()
    cop = carnot_cop(summer_week()["air"])
    np.testing.assert_allclose(
        d["chiller_electricity_kw"], d["chiller_cooling_kw"] / cop, rtol=1e-9, atol=scale
    )
    np.testing.assert_allclose(
        d["absorption_chiller_heat_kw"],
        d["absorption_chiller_cooling_kw"] / ABSORPTION_CHILLER["cop"],
        rtol=1e-9,
        atol=scale,
    )


def test_capped_cchp_week_matches_pypsa():
    """The week under a cap at 50 % of the park's emissions today (grid power, gas boilers
    for the hot water: ``pypsa_park.baseline_t``); the cost optimum alone emits 57 % of
    them, so the cap binds (CO2 price ~1,137 CNY/t). PV (at its 30 MW roof) and a battery
    take what they can; the CHP (0.65 CNY of gas per kWh_e, ~0.33 net of the boiler gas
    its heat saves: below the flat and peak prices; 0.5 tCO2/MWh_e before its heat, below
    the grid's 0.58) grows from ~8 to ~12 MW_e with the cap, its heat going to the hot
    water and, through the absorption chiller (~6 MW_c), to the cooling; the electric
    chiller takes the rest of the cooling and the cold store moves it into the valley
    hours. Every technology of the CCHP is built.

    Uniqueness: checked once in PyPSA by minimising and maximising each capacity with the
    objective within eps of the optimum: the ranges shrink in proportion to eps (eps = 1e-9
    and 1e-11 gave at most 9.7e-5 and 9.7e-7 relative, on the cold store's ~9.8 MWh_c), so
    each capacity's optimum is a single point.
    """
    air = summer_week()["air"]
    cap_t = 0.5 * pypsa_park.baseline_t(week_inputs(None))
    inputs = week_inputs(cap_t)
    # the efficiency columns both tools read: against the formulas written out here
    h = inputs.hourly
    np.testing.assert_allclose(h["chiller_cooling_efficiency"], carnot_cop(air), rtol=1e-12)
    assert (h["absorption_chiller_cooling_efficiency"] == ABSORPTION_CHILLER["cop"]).all()
    assert (h["chp_fixed_efficiency"] == CHP["electrical_efficiency"]).all()

    p, n, theirs, line = solve_both(inputs)
    for key in ("chp_kw", "chiller_kw", "absorption_chiller_kw", "cold_storage_kw"):
        assert theirs[key] > 1_000.0, key  # built, and not a sliver
    assert theirs["cold_storage_kwh"] > theirs["cold_storage_kw"]
    assert_conversions(p, CHP)
    # PyPSA's CHP Link: gas in, eta_e of it to the grid bus, eta_th to the hot water
    flows = n.links_t
    gas = flows.p0["chp"]
    assert gas.max() == pytest.approx(theirs["chp_kw"] / KW_PER_MW / 0.40, rel=REL)
    np.testing.assert_allclose(-flows.p1["chp"], 0.40 * gas, rtol=1e-12)
    np.testing.assert_allclose(-flows.p2["chp"], 0.45 * gas, rtol=1e-12)

    # the cap binds in both, with the same CO2 price
    gas_t = pypsa_cchp.pypsa_heat.gas_per_mwh(inputs.scenario.heat.gas)["t"]
    gen = n.generators_t.p.sum() * (8760 / T)  # MWh/year
    assert EF * gen["grid"] + gas_t * gen["gas"] == pytest.approx(cap_t, rel=REL)
    assert p.summary["emissions_t"] == pytest.approx(cap_t, rel=REL)
    price, theirs_price = pypsa_park.co2_prices(p.summary, n)
    assert theirs_price > 0 and price == pytest.approx(theirs_price, rel=REL_DUAL)
    print(f"\nCCHP, capped: {line}; CO2 price {price:.6f} vs {theirs_price:.6f} CNY/t")


def test_cchp_with_a_bounded_heat_to_power_ratio_matches_pypsa():
    """The same week at cost only, the CHP's heat between 0.5 and 1.25 kW_th per kW_e (two
    modes sharing one rating, gas = electricity / eta_e in both; PyPSA: a rated Link from gas
    to the CHP's own bus and a free Link per mode from it to the grid bus and the hot water).
    Both modes run: the lower bound in hours when the heat has no better use."""
    chp = {**CHP, "min_heat_to_power": 0.5, "max_heat_to_power": 1.25}
    p, n, theirs, line = solve_both(week_inputs(None, chp))
    assert theirs["chp_kw"] > 1_000.0
    assert p.summary["abatement_cost_per_t"] is None
    assert_conversions(p, chp)
    used = (n.links_t.p0[["chp_min_ratio", "chp_max_ratio"]] > 1e-6).sum()
    assert (used > 0).all()  # both modes run
    print(f"\nCCHP, bounded ratio: {line}")
