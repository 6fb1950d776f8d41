"""Cross-check of the planning LP against an independent PyPSA model of the same problem.

Both tools get the same hourly arrays (load, PV and wind capacity factors, TOU price,
emission factor), the same overnight costs, lives and discount rate, and the same carbon
cap. PyPSA annualises the costs itself (``pypsa.costs.annuity``) and builds its own LP
(linopy), so agreement of the objective, the capacities and the carbon shadow price to
1e-6 checks parkopt's formulation, its annualisation and its unit conversions.

The electricity model (PV, wind, grid, battery, carbon cap) is
``benchmarks/pypsa_park.py``, shared with the PyPSA baselines of the benchmarks; its
docstring maps the LP (``optimizer/lp/build.py``) to PyPSA components. It is kept in MW,
MWh and kCNY (CNY/kW = kCNY/MW, CNY/kWh = kCNY/MWh), so its objective is in kCNY per year
and the CO2 dual in kCNY per tCO2.

The heat side (``optimizer/lp/nodes.py`` and ``supplies.py``: two heat levels, an air-source
heat pump, electric, new and existing gas boilers, the cascade, purchased heat, a hot-water
tank, gas, and the cap over Scope 1 + 2) is cross-checked the same way; its mapping to PyPSA
components is written above the heat cases. The benchmarks' model of the same
(``park_from_inputs``: ``benchmarks/pypsa_heat.py`` and ``pypsa_targets.py``, built from a
``PlanInputs``) is checked on that week and on a week under the zero-carbon park indicator
(a steam accumulator, a waste-heat pump, green purchases, a demand charge; the indicator's
dual to 1e-4). Both tools solve with HiGHS, so agreement is usually to machine precision;
the tolerance stays 1e-6.
"""

from __future__ import annotations

import math
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

pypsa = pytest.importorskip("pypsa")
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
import pypsa_park  # noqa: E402  (benchmarks/pypsa_park.py)
import pypsa_targets  # noqa: E402  (benchmarks/pypsa_targets.py)

from parkopt import load_scenario, prepare  # noqa: E402
from parkopt.optimizer.inputs.synthetic import make_inputs  # noqa: E402
from parkopt.optimizer.planning.plan import plan  # noqa: E402

T = 168  # one week
W = 8760 / T  # hours of the year per modelled hour
REL = 1e-6  # objective and capacities
REL_DUAL = 1e-4  # carbon shadow price
EF = 0.55  # grid emission factor [tCO2/MWh]
RATE = 0.06
KW_PER_MW = 1000.0

PV = {"capex_cny_per_kw": 3300, "life_years": 25, "fixed_om_fraction_per_year": 0.01}
WIND = {"capex_cny_per_kw": 5800, "life_years": 20, "fixed_om_fraction_per_year": 0.02}
BATTERY = {
    "power_capex_cny_per_kw": 150,
    "energy_capex_cny_per_kwh": 400,
    "round_trip_efficiency": 0.88,
    "soc_min_fraction": 0.0,
    "soc_max_fraction": 1.0,
    "min_duration_h": 0,
    "max_duration_h": 1000,
    "self_discharge_per_hour": 0.0,
    "life_years": 15,
    "fixed_om_fraction_per_year": 0.02,
}
HIGHS_TOL = {"primal_feasibility_tolerance": 1e-9, "dual_feasibility_tolerance": 1e-9}


# --- the shared data ----------------------------------------------------------------------


def week_profiles(hours: int = T, seed: int = 20250101) -> dict[str, np.ndarray]:
    """Made-up but plausible hourly arrays for one January-like week (deterministic).

    PV: half-sine from 06:00 to 18:00 scaled by a per-day clearness (0.35..1.0), peak
    0.8 kW/kW. Wind: a seeded AR(1) around 0.25 kW/kW, clipped to 0..0.95. Load: a two-shift
    factory (08:00-24:00) of 12 MW base + 10 MW shift, 60 % of the shift at the weekend,
    with 3 % seeded noise (~20 MW). Price: Jiangsu-like TOU, peak 1.02 CNY/kWh 08-11 and
    17-22, valley 0.37 from 00 to 08, flat 0.70 otherwise.
    """
    return pypsa_park.factory_profiles(hours, seed)


def annual_per_unit(capex: float, life: float, fom: float) -> float:
    """Capital recovery (PyPSA's annuity) plus fixed O&M [CNY per kW or kWh and year]."""
    return pypsa_park.annual_per_unit(capex, life, fom, RATE)


# --- the independent PyPSA model (benchmarks/pypsa_park.py) ------------------------------


def solve_pypsa(
    prof: dict[str, np.ndarray],
    pv: dict | None,
    wind: dict | None,
    battery: dict,
    cap_t: float | None,
):
    """The same LP in PyPSA (MW, MWh, kCNY), unlimited import; returns the solved network."""
    n, extra = pypsa_park.build_network(prof, pv, wind, battery, cap_t, rate=RATE, ef=EF)
    pypsa_park.solve(n, extra, HIGHS_TOL)
    grid_mw = n.generators.p_nom["grid"]
    assert n.generators_t.p["grid"].max() < 0.5 * grid_mw  # the import rating never binds
    return n


pypsa_capacities = pypsa_park.capacities


def assert_same_plan(p, n, eta: float) -> str:
    """Assert the same objective and capacities; return the differences as a line."""
    objective = n.objective * KW_PER_MW  # kCNY -> CNY
    assert p.summary["objective"] == pytest.approx(objective, rel=REL)
    theirs = pypsa_capacities(n)
    scale = max(theirs.values())
    for key, value in theirs.items():
        assert p.capacities[key] == pytest.approx(value, rel=REL, abs=REL * scale), key
    # the tie holds: the discharger's AC output rating is the battery's power rating
    assert eta * n.links.p_nom_opt["discharger"] == pytest.approx(
        n.links.p_nom_opt["charger"], rel=REL, abs=REL * scale / KW_PER_MW
    )
    diffs = {k: abs(p.capacities[k] - v) / max(abs(v), 1e-300) for k, v in theirs.items() if v}
    return (
        f"objective parkopt {p.summary['objective']:,.6f} CNY/yr, PyPSA {objective:,.6f} "
        f"(rel diff {abs(p.summary['objective'] / objective - 1):.1e}); capacities "
        + ", ".join(f"{k} {theirs[k]:,.3f} (rel diff {d:.1e})" for k, d in diffs.items())
    )


# --- the cases ------------------------------------------------------------------------------


def test_carbon_capped_pv_wind_battery_matches_pypsa():
    """PV, wind and battery under a binding cap at 12 % of the grid-only emissions.

    The cap: at these prices PV (~0.22 CNY/kWh) and wind (~0.24 CNY/kWh) undercut even the
    valley price, so the cost optimum alone already cuts ~82 % of the grid-only emissions
    and a 50 % cap would not bind. 12 % of the baseline (an 88 % cut, a near-zero-carbon
    park) binds, with a CO2 price of ~412 CNY/t.

    Uniqueness of the capacities: PV is roof-limited (its max_kw binds, PV being the
    cheapest energy), wind is unbounded in effect (max_kw far above the optimum) and sized
    by the cap's trade-off against storage, and the battery's power and energy both carry
    a cost so neither is left slack; seeded noise in load and wind breaks ties between
    hours. Checked once by minimising and maximising each capacity over the optimal face
    (objective within 1e-9): every range was below 2e-7 relative.
    """
    prof = week_profiles()
    baseline_t = W * float(np.sum(EF * prof["load_kw"] / KW_PER_MW))
    cap_t = 0.12 * baseline_t
    pv = {**PV, "max_kw": 15_000.0}
    wind = {**WIND, "max_kw": 60_000.0}

    t0 = time.perf_counter()
    inputs = make_inputs(
        load_kw=prof["load_kw"],
        price_per_kwh=prof["price"],
        pv_kw_per_kw=prof["pv"],
        wind_kw_per_kw=prof["wind"],
        emission_factor_t_per_mwh=EF,
        technologies={"pv": pv, "wind": wind, "battery": BATTERY},
        grid={"import_limit_kw": None, "export_limit_kw": 0},
        carbon={"cap_t": cap_t},
        finance={"discount_rate": RATE},
    )
    p = plan(inputs, whole_turbines=False)  # the LP itself, against the same LP in PyPSA
    t1 = time.perf_counter()
    n = solve_pypsa(prof, pv, wind, BATTERY, cap_t)
    t2 = time.perf_counter()

    eta = math.sqrt(BATTERY["round_trip_efficiency"])
    assert p.summary["status"] == "optimal"
    line = assert_same_plan(p, n, eta)
    # the cap binds in both
    assert p.summary["emissions_t"] == pytest.approx(cap_t, rel=REL)
    emissions = W * EF * float(n.generators_t.p["grid"].sum())
    assert emissions == pytest.approx(cap_t, rel=REL)
    # shadow price: PyPSA reports d(objective)/d(constant) <= 0 for a "<=" cap, in kCNY/t
    mu = float(n.global_constraints.mu["co2_cap"])
    assert mu < 0
    price = p.summary["abatement_cost_per_t"]
    assert price == pytest.approx(-mu * KW_PER_MW, rel=REL_DUAL)
    print(
        f"\ncapped: {line}; CO2 price {price:.6f} vs {-mu * KW_PER_MW:.6f} CNY/t "
        f"(rel diff {abs(price / (-mu * KW_PER_MW) - 1):.1e}); "
        f"parkopt {t1 - t0:.2f} s, PyPSA {t2 - t1:.2f} s"
    )


def test_uncapped_pv_battery_matches_pypsa():
    """Pure cost minimisation with PV and a battery, two days, no carbon target.

    PV has no max_kw (PyPSA: p_nom_max = inf) and is sized by curtailment against its cost,
    the battery by TOU arbitrage and by shifting PV to the evening peak. Unique optimum
    checked as in the capped case (ranges below 5e-7 relative at 1e-9 objective slack).
    """
    prof = week_profiles(hours=48, seed=7)
    pv = {**PV, "max_kw": None}
    inputs = make_inputs(
        load_kw=prof["load_kw"],
        price_per_kwh=prof["price"],
        pv_kw_per_kw=prof["pv"],
        emission_factor_t_per_mwh=EF,
        technologies={"pv": pv, "battery": BATTERY},
        grid={"import_limit_kw": None, "export_limit_kw": 0},
        finance={"discount_rate": RATE},
    )
    p = plan(inputs, whole_turbines=False)  # the LP itself, against the same LP in PyPSA
    n = solve_pypsa(prof, {**pv, "max_kw": math.inf}, None, BATTERY, None)

    eta = math.sqrt(BATTERY["round_trip_efficiency"])
    assert p.summary["status"] == "optimal"
    assert p.summary["abatement_cost_per_t"] is None
    assert p.capacities["pv_kw"] > 0 and p.capacities["battery_kwh"] > 0
    print(f"\nuncapped: {assert_same_plan(p, n, eta)}")


def test_example_park_with_demand_charge_matches_pypsa():
    """The default example (inputs/example_park.yaml) over four June weeks, as the benchmarks
    build it from PlanInputs (``pypsa_park.park_from_inputs``): import limit, demand charge
    by monthly peak (extra_functionality in PyPSA), state-of-charge window, duration limits
    and a 60 % reduction (binding here: CO2 price ~ 17 CNY/t)."""
    scenario = load_scenario(Path(__file__).resolve().parents[1] / "inputs" / "example_park.yaml")
    scenario = scenario.model_copy(update={"horizon_hours": 672, "horizon_start_hour": 3624})
    inputs = prepare(scenario)
    p = plan(inputs, whole_turbines=False)
    park = pypsa_park.park_from_inputs(inputs)
    assert park["cap_t"] == pytest.approx(p.summary["carbon_cap_t"], rel=1e-12)
    assert park["demand_charge_cny_per_kw_month"] > 0
    n, extra = pypsa_park.build_network(**park)
    pypsa_park.solve(n, extra, HIGHS_TOL)
    assert p.summary["status"] == "optimal"
    print(f"\nexample_park, June: {assert_same_plan(p, n, math.sqrt(0.88))}")
    # one month modelled (June): its peak is billed 12 times [CNY/kW-month x MW x kW/MW]
    peak_kw = float(n.model["peak"].solution.sum()) * KW_PER_MW
    charge = park["demand_charge_cny_per_kw_month"] * 12 * peak_kw
    assert p.summary["cost"]["demand_charge"] == pytest.approx(charge, rel=REL)


# --- heat: two levels, heat pump, boilers, cascade, thermal storage, gas -------------------
#
# Mapping of the heat side (``optimizer/lp/``: ``nodes.py``, ``supplies.py``,
# ``converters.py``, ``storage.py``) to PyPSA, added to the electricity model above (MW_th,
# MW of gas LHV, kCNY):
#
# * heat levels         -> Buses "steam" (175 degC) and "hot_water" (80 degC), each with a
#                          Load of its hourly demand (equality balances, as in parkopt)
# * cascade down[l,t]   -> free Link steam -> hot_water (efficiency 1, a rating that never
#                          binds); left out when ``heat.cascade`` is false
# * gas                 -> Bus "gas" fed by Generator "gas": ``marginal_cost`` = price per
#                          MWh LHV, carrier "gas" with ``co2_emissions`` = tCO2 per MWh LHV
#                          (both computed here from CNY/m3, kgCO2/m3 and MJ/m3)
# * purchased heat      -> Generator on a bus of its own, ``p_nom`` = max_kw (parkopt's
#                          ``sum_l bought[l,t] <= max``), marginal cost = price/GJ / 277.8,
#                          carrier co2 = tCO2/GJ x 3.6; free Links to every level at or
#                          below its delivery temperature
# * heat pump q[hp,l,t] -> Link AC -> hot_water, ``efficiency`` = COP_t. parkopt rates the
#                          heat output (q_t <= Q), a Link's p_nom bounds its input p0_t: with
#                          c = the smallest positive COP, p_nom = Q / c, ``p_max_pu`` =
#                          c / COP_t (<= 1; 0 where the COP is 0) and ``capital_cost`` = c x
#                          the annual cost per kW_th. The COP series is computed here from the
#                          Carnot-fraction formula (oemof.thermal ``calc_cops``) and checked
#                          against parkopt's efficiency column.
# * boilers             -> Link from the input bus (AC or gas) to a bus of the boiler's own
#                          (efficiency eta: Q = eta p_nom, capital cost eta x the annual cost
#                          per kW_th, bounds / eta), then free Links from it to every level:
#                          one rating shared by the levels, ``sum_l q[k,l,t] <= Q``
# * existing gas boiler -> the same with capital cost = its own O&M per kW_th-year (no capex);
#                          may retire: extendable, 0 <= p_nom <= capacity / eta; may not: a
#                          fixed p_nom = capacity / eta, whose O&M (sunk: PyPSA leaves fixed
#                          assets' capital cost out of its objective) is added as a constant
# * thermal storage     -> cyclic Store on bus "thermal_storage" with ``standing_loss``; Links
#                          "thermal_storage_charger" (hot_water -> store, eta_ch, power capex)
#                          and "..._discharger" (store -> hot_water, eta_dis) tied by
#                          ``eta_dis p_nom(dis) = p_nom(ch)`` (parkopt's tch, tdis <= P); the
#                          duration limits ``d_min P <= E <= d_max P`` in extra_functionality
# * carbon cap          -> primary_energy GlobalConstraint over the grid, gas and purchased
#                          heat carriers (parkopt: Scope 1 + 2, location-based)

KELVIN = 273.15
KWH_PER_GJ = 1e6 / 3600.0
LEVELS = {"steam": 175.0, "hot_water": 80.0}  # name: temperature [degC], hottest first
HEAT_LEVELS = [  # the schema wants a demand rule; make_inputs' hourly arrays replace it
    {"name": name, "temperature_c": temp, "demand": {"annual_mwh": 1.0}}
    for name, temp in LEVELS.items()
]
GAS = {"price_cny_per_m3": 3.5, "lhv_mj_per_m3": 38.931, "emission_factor_kg_per_m3": 2.1622}
PURCHASED_HEAT = {  # e.g. waste-to-energy heat at 120 degC: low-carbon but dear
    "price_cny_per_gj": 110.0,
    "temperature_c": 120.0,
    "max_kw": 2_500.0,
    "emission_factor_t_per_gj": 0.03,
}
HEAT_PUMP = {  # air-source; 80 degC is within its reach, 175 degC is not
    "capex_cny_per_kw": 1500,
    "life_years": 15,
    "fixed_om_fraction_per_year": 0.02,
    "quality_grade": 0.4,
    "max_sink_temperature_c": 90.0,
    "max_lift_k": 80.0,
    "max_cop": 8.0,
}
ELECTRIC_BOILER = {
    "capex_cny_per_kw": 400,
    "life_years": 20,
    "fixed_om_fraction_per_year": 0.02,
    "efficiency_fraction": 0.99,
}
GAS_BOILER = {
    "capex_cny_per_kw": 300,
    "life_years": 20,
    "fixed_om_fraction_per_year": 0.02,
    "efficiency_fraction": 0.92,
}
EXISTING_GAS_BOILER = {
    "capacity_kw": 12_000.0,
    "efficiency_fraction": 0.88,
    "fixed_om_cny_per_kw_year": 15.0,
    "may_retire": True,
}
THERMAL_STORAGE = {  # charge and discharge efficiencies differ so that a swap would show
    "level": "hot_water",
    "energy_capex_cny_per_kwh": 80,
    "power_capex_cny_per_kw": 50,
    "fixed_om_fraction_per_year": 0.01,
    "life_years": 25,
    "loss_per_hour": 0.005,
    "charge_efficiency": 0.98,
    "discharge_efficiency": 0.95,
    "min_duration_h": 1.0,
    "max_duration_h": 6.0,  # binds: the tank would rather be ~8.5 h
}
ICING_BELOW_C, ICING_FACTOR = 2.0, 0.8  # parkopt's air-source defrost rule (models/heat.py)
THERMAL_LOSSES = ("charge_efficiency", "discharge_efficiency", "loss_per_hour")
BOILERS = ("electric_boiler", "gas_boiler", "existing_gas_boiler")
HEAT_SOURCES = ("heat_pump", *BOILERS)


def heat_profiles(hours: int = T, seed: int = 20250102) -> dict[str, np.ndarray]:
    """Made-up hourly air temperature and heat demand for a January-like week [degC, kW_th].

    Air: 4 degC +- 5 K daily swing (warmest at 15:00), a seeded offset per day (-3..+4 K)
    and 0.5 K noise; it dips below 2 degC (defrosting) and below 0 degC, where the lift to
    80 degC exceeds 80 K and the heat pump cannot serve. Steam: 8 MW in shift hours
    (08-24), 30 % base outside, weekend shifts at 72 %, 5 % noise. Hot water: 4 MW plus
    300 kW per K below 12 degC (space heating), 3 % noise.
    """
    rng = np.random.default_rng(seed)
    t = np.arange(hours)
    hour, day = t % 24, t // 24
    offset = rng.uniform(-3.0, 4.0, size=day.max() + 1)[day]
    air = 4.0 + 5.0 * np.sin(2 * np.pi * (hour - 9) / 24) + offset
    air += 0.5 * rng.standard_normal(hours)
    shift = np.where(day % 7 >= 5, 0.3 + 0.7 * 0.6, 1.0)
    steam = 8_000.0 * np.where((hour >= 8) & (hour < 24), shift, 0.3)
    steam *= 1.0 + 0.05 * rng.standard_normal(hours)
    hot_water = 4_000.0 + 300.0 * np.clip(12.0 - air, 0.0, None)
    hot_water *= 1.0 + 0.03 * rng.standard_normal(hours)
    return {"air": air, "steam": steam, "hot_water": hot_water}


def air_source_cop(sink_c: float, air_c: np.ndarray, hp: dict) -> np.ndarray:
    """COP = grade x T_sink / (T_sink - T_air) [K] (oemof.thermal ``calc_cops``), capped at
    max_cop, x 0.8 below 2 degC air; 0 above the machine's sink limit or its largest lift."""
    lift = sink_c - air_c
    cop = np.minimum(hp["quality_grade"] * (sink_c + KELVIN) / lift, hp["max_cop"])
    cop = np.where(air_c < ICING_BELOW_C, ICING_FACTOR * cop, cop)
    reachable = (sink_c <= hp["max_sink_temperature_c"]) & (lift <= hp["max_lift_k"])
    return np.where(reachable, cop, 0.0)


def gas_per_mwh() -> tuple[float, float]:
    """Gas price [CNY/kWh = kCNY/MWh of LHV] and CO2 [t/MWh of LHV]: 1 m3 = LHV / 3.6 kWh."""
    kwh_per_m3 = GAS["lhv_mj_per_m3"] / 3.6
    return GAS["price_cny_per_m3"] / kwh_per_m3, GAS["emission_factor_kg_per_m3"] / kwh_per_m3


def heat_case(
    hours: int = T,
    cap_fraction: float | None = 0.25,
    purchased: dict = PURCHASED_HEAT,
    existing: dict = EXISTING_GAS_BOILER,
    cascade: bool = True,
    seeds: tuple[int, int] = (20250101, 20250102),
) -> dict:
    """The multi-energy case: profiles, specs, the cap and parkopt's PlanInputs.

    The cap is ``cap_fraction`` of a reference, grid-only power and all heat from gas
    boilers at 0.88 [tCO2/year] (None: no cap). PV is roof-limited at 120 MW.
    """
    prof = week_profiles(hours, seeds[0])
    heat = heat_profiles(hours, seeds[1])
    pv = {**PV, "max_kw": 120_000.0}
    cap_t = None
    if cap_fraction is not None:
        _, gas_t_per_mwh = gas_per_mwh()
        gas_mwh = (heat["steam"] + heat["hot_water"]).sum() / 0.88 / KW_PER_MW
        grid_mwh = prof["load_kw"].sum() / KW_PER_MW
        cap_t = cap_fraction * (8760 / hours) * (EF * grid_mwh + gas_t_per_mwh * gas_mwh)
    inputs = make_inputs(
        load_kw=prof["load_kw"],
        price_per_kwh=prof["price"],
        pv_kw_per_kw=prof["pv"],
        emission_factor_t_per_mwh=EF,
        heat_demand_kw={level: heat[level] for level in LEVELS},
        air_temperature_c=heat["air"],
        heat={"levels": HEAT_LEVELS, "gas": GAS, "purchased": purchased, "cascade": cascade},
        technologies={
            "pv": pv,
            "battery": BATTERY,
            "heat_pump": HEAT_PUMP,
            "electric_boiler": ELECTRIC_BOILER,
            "gas_boiler": GAS_BOILER,
            "existing_gas_boiler": existing,
            "thermal_storage": THERMAL_STORAGE,
        },
        grid={"import_limit_kw": None, "export_limit_kw": 0},
        carbon={"cap_t": cap_t} if cap_t is not None else {},
        finance={"discount_rate": RATE},
    )
    return {
        "prof": prof,
        "heat": heat,
        "pv": pv,
        "cap_t": cap_t,
        "purchased": purchased,
        "existing": existing,
        "cascade": cascade,
        "inputs": inputs,
    }


def solve_pypsa_heat(case: dict):
    """The multi-energy LP in PyPSA (MW, MWh, kCNY); returns the solved network, the factor
    from each heat source's p_nom to its heat rating [MW_th per MW of input] and the
    constant cost PyPSA leaves out (a kept existing boiler's O&M) [kCNY/year]."""
    prof, heat, pv, ph, old = (case[k] for k in ("prof", "heat", "pv", "purchased", "existing"))
    n, series = pypsa_park.new_network(len(prof["load_kw"]))

    def annual(spec: dict, capex_field: str = "capex_cny_per_kw") -> float:
        return annual_per_unit(
            spec[capex_field], spec["life_years"], spec["fixed_om_fraction_per_year"]
        )

    gas_price, gas_t_per_mwh = gas_per_mwh()
    n.add("Carrier", ["AC", "solar", "heat", "battery", "thermal_storage"])
    n.add("Carrier", "grid", co2_emissions=EF)
    n.add("Carrier", "gas", co2_emissions=gas_t_per_mwh)
    n.add("Carrier", "purchased_heat", co2_emissions=ph["emission_factor_t_per_gj"] * 3.6)
    n.add("Bus", "AC", carrier="AC")
    n.add("Bus", "gas", carrier="gas")
    n.add("Load", "load", bus="AC", p_set=series(prof["load_kw"] / KW_PER_MW))
    for level in LEVELS:
        n.add("Bus", level, carrier="heat")
        n.add("Load", level, bus=level, p_set=series(heat[level] / KW_PER_MW))

    # a rating far above any flow: unlimited supplies and free links
    free = 10 * (prof["load_kw"].max() + heat["steam"].max() + heat["hot_water"].max())
    free /= KW_PER_MW

    def distribute(bus: str, levels) -> None:
        """Free links from ``bus`` to each of ``levels``."""
        for level in levels:
            n.add("Link", f"{bus}_{level}", bus0=bus, bus1=level, carrier="heat", p_nom=free)

    n.add(
        "Generator",
        "pv",
        bus="AC",
        carrier="solar",
        p_nom_extendable=True,
        p_nom_max=pv["max_kw"] / KW_PER_MW,
        p_max_pu=series(prof["pv"]),
        capital_cost=annual(pv),
    )
    n.add(
        "Generator",
        "grid",
        bus="AC",
        carrier="grid",
        p_nom=free,
        marginal_cost=series(prof["price"]),
    )
    n.add("Generator", "gas", bus="gas", carrier="gas", p_nom=free, marginal_cost=gas_price)
    n.add("Bus", "purchased_heat", carrier="heat")
    n.add(
        "Generator",
        "purchased_heat",
        bus="purchased_heat",
        carrier="purchased_heat",
        p_nom=ph["max_kw"] / KW_PER_MW,
        marginal_cost=ph["price_cny_per_gj"] / KWH_PER_GJ,
    )
    distribute("purchased_heat", [lv for lv, temp in LEVELS.items() if temp <= ph["temperature_c"]])
    if case["cascade"]:
        n.add("Link", "cascade", bus0="steam", bus1="hot_water", carrier="heat", p_nom=free)

    # storage: a Store behind a charger and a discharger link
    b, ts = BATTERY, THERMAL_STORAGE
    eta_b = math.sqrt(b["round_trip_efficiency"])
    storage = {  # name: (bus, spec, eta_ch, eta_dis, loss per hour)
        "battery": ("AC", b, eta_b, eta_b, b["self_discharge_per_hour"]),
        "thermal_storage": (ts["level"], ts, *(ts[k] for k in THERMAL_LOSSES)),
    }
    for name, (bus, spec, eta_ch, eta_dis, loss) in storage.items():
        n.add("Bus", name, carrier=name)
        n.add(
            "Store",
            name,
            bus=name,
            carrier=name,
            e_nom_extendable=True,
            e_cyclic=True,
            standing_loss=loss,
            capital_cost=annual(spec, "energy_capex_cny_per_kwh"),
        )
        n.add(
            "Link",
            f"{name}_charger",
            bus0=bus,
            bus1=name,
            carrier=name,
            efficiency=eta_ch,
            p_nom_extendable=True,
            capital_cost=annual(spec, "power_capex_cny_per_kw"),
        )
        n.add(
            "Link",
            f"{name}_discharger",
            bus0=name,
            bus1=bus,
            carrier=name,
            efficiency=eta_dis,
            p_nom_extendable=True,
        )

    # heat pump: its heat rating through p_max_pu
    hp = HEAT_PUMP
    cop = air_source_cop(LEVELS["hot_water"], heat["air"], hp)
    ref = float(cop[cop > 0].min())
    n.add(
        "Link",
        "heat_pump",
        bus0="AC",
        bus1="hot_water",
        carrier="heat",
        efficiency=series(cop),
        p_max_pu=series(np.divide(ref, cop, out=np.zeros_like(cop), where=cop > 0)),
        p_nom_extendable=True,
        capital_cost=ref * annual(hp),
    )

    # boilers: input -> own bus (the rating) -> every level
    constant = 0.0
    specs = {
        "electric_boiler": ELECTRIC_BOILER,
        "gas_boiler": GAS_BOILER,
        "existing_gas_boiler": old,
    }
    for name, spec in specs.items():
        eta = spec["efficiency_fraction"]
        source = "AC" if name == "electric_boiler" else "gas"
        n.add("Bus", name, carrier="heat")
        if name != "existing_gas_boiler":
            size = {"p_nom_extendable": True, "capital_cost": eta * annual(spec)}
        elif spec["may_retire"]:  # no capex: only the O&M a retired kW saves
            size = {
                "p_nom_extendable": True,
                "p_nom_max": spec["capacity_kw"] / KW_PER_MW / eta,
                "capital_cost": eta * spec["fixed_om_cny_per_kw_year"],
            }
        else:
            size = {"p_nom": spec["capacity_kw"] / KW_PER_MW / eta}
            constant += spec["fixed_om_cny_per_kw_year"] * spec["capacity_kw"] / KW_PER_MW
        n.add("Link", name, bus0=source, bus1=name, carrier="heat", efficiency=eta, **size)
        distribute(name, LEVELS)

    if case["cap_t"] is not None:
        n.add(
            "GlobalConstraint",
            "co2_cap",
            type="primary_energy",
            carrier_attribute="co2_emissions",
            sense="<=",
            constant=case["cap_t"],
        )

    def ties(n, snapshots):
        p_nom, e_nom = n.model["Link-p_nom"], n.model["Store-e_nom"]
        for name, (*_, eta_dis, _loss) in storage.items():
            n.model.add_constraints(
                p_nom.sel(name=f"{name}_charger", drop=True)
                - eta_dis * p_nom.sel(name=f"{name}_discharger", drop=True)
                == 0,
                name=f"{name}_power_tie",
            )
        power, energy = (
            p_nom.sel(name="thermal_storage_charger", drop=True),
            e_nom.sel(name="thermal_storage", drop=True),
        )
        n.model.add_constraints(energy - ts["min_duration_h"] * power >= 0, name="ts_min_duration")
        n.model.add_constraints(energy - ts["max_duration_h"] * power <= 0, name="ts_max_duration")

    status, condition = n.optimize(
        solver_name="highs", extra_functionality=ties, solver_options=HIGHS_TOL
    )
    assert (status, condition) == ("ok", "optimal")
    free_flows = pd.concat(
        [n.generators_t.p[["grid", "gas"]], n.links_t.p0.loc[:, n.links.p_nom == free]], axis=1
    )
    assert free_flows.to_numpy().max() < 0.5 * free  # the free ratings never bind
    rating = {"heat_pump": ref, **{k: specs[k]["efficiency_fraction"] for k in BOILERS}}
    return n, rating, constant


def pypsa_heat_capacities(n, rating: dict[str, float]) -> dict[str, float]:
    """Capacities in parkopt's names and units [kW, kWh, kW_th, kWh_th]."""
    links, stores = n.links.p_nom_opt, n.stores.e_nom_opt
    out = {
        "pv_kw": n.generators.p_nom_opt["pv"],
        "battery_kw": links["battery_charger"],
        "battery_kwh": stores["battery"],
        **{f"{k}_kw": links[k] * rating[k] for k in HEAT_SOURCES},
        "thermal_storage_kw": links["thermal_storage_charger"],
        "thermal_storage_kwh": stores["thermal_storage"],
    }
    return {k: float(v) * KW_PER_MW for k, v in out.items()}


def assert_same_heat_plan(case: dict) -> tuple[object, object, dict[str, float], str]:
    """Solve ``case`` in both tools; assert the same COPs, objective and capacities; return
    parkopt's plan, the network, PyPSA's capacities in parkopt's terms and a line of
    figures."""
    t0 = time.perf_counter()
    p = plan(case["inputs"], whole_turbines=False)
    t1 = time.perf_counter()
    n, rating, constant = solve_pypsa_heat(case)
    t2 = time.perf_counter()
    assert p.summary["status"] == "optimal"

    # the same COP series: parkopt's efficiency columns against the formula here
    h, air = case["inputs"].hourly, case["heat"]["air"]
    cop = air_source_cop(LEVELS["hot_water"], air, HEAT_PUMP)
    assert (cop == 0).any() and (cop > 0).any()  # cold hours the heat pump cannot serve
    np.testing.assert_allclose(h["heat_pump_hot_water_efficiency"], cop, rtol=1e-12)
    assert (h["heat_pump_steam_efficiency"] == 0).all()  # 175 degC is out of its reach

    objective = (n.objective + n.objective_constant + constant) * KW_PER_MW  # kCNY -> CNY
    assert p.summary["objective"] == pytest.approx(objective, rel=REL)
    theirs = pypsa_heat_capacities(n, rating)
    scale = max(theirs.values())
    for key, value in theirs.items():
        assert p.capacities[key] == pytest.approx(value, rel=REL, abs=REL * scale), key
    caps = ", ".join(
        f"{k} {v:,.3f} (rel diff {abs(p.capacities[k] / v - 1) if v else 0.0:.1e})"
        for k, v in theirs.items()
    )
    line = (
        f"objective parkopt {p.summary['objective']:,.6f} CNY/yr, PyPSA {objective:,.6f} "
        f"(rel diff {abs(p.summary['objective'] / objective - 1):.1e}); capacities {caps}; "
        f"parkopt {t1 - t0:.2f} s, PyPSA {t2 - t1:.2f} s"
    )
    return p, n, theirs, line


def test_carbon_capped_heat_and_power_matches_pypsa():
    """A week of power, steam and hot water under a binding carbon cap.

    PV and a battery; steam (175 degC) from an electric boiler, new and existing gas
    boilers; hot water (80 degC) also from an air-source heat pump, from purchased heat
    (120 degC) and from steam through the cascade, with a tank on it. The cap is 25 % of
    the reference (``heat_case``): the cost optimum alone emits ~33 % of it, so the cap
    binds (CO2 price ~1,120 CNY/t). Every technology is then built: the heat pump saves
    CO2 only on PV power (grid power at 0.55 t/MWh through a COP near 2 emits more than
    gas at 0.2 t/MWh), the electric boiler takes the PV peak, the existing boilers are
    mostly retired (604 of 12,000 kW kept), purchased heat is low-carbon but dear.

    Uniqueness: the dispatch is not unique (a boiler may serve hot water directly or
    through the cascade), the capacities are. Checked once by minimising and maximising
    each capacity over parkopt's optimal face with the objective within eps of the
    optimum: the ranges shrink in proportion to eps (eps = 1e-9 and 1e-11 gave at most
    5.3e-4 and 5.3e-6 relative, on the electric boiler's 6,233 kW), so each capacity's
    optimum is a single point.
    """
    case = heat_case()
    p, n, theirs, line = assert_same_heat_plan(case)
    assert min(theirs.values()) > 1.0  # every technology is built [kW, kWh]
    assert theirs["existing_gas_boiler_kw"] < EXISTING_GAS_BOILER["capacity_kw"]  # retired in part
    ratio = theirs["thermal_storage_kwh"] / theirs["thermal_storage_kw"]
    assert ratio == pytest.approx(THERMAL_STORAGE["max_duration_h"], rel=REL)  # the limit binds

    # the cap binds in both, with the same CO2 price
    cap_t = case["cap_t"]
    _, gas_t_per_mwh = gas_per_mwh()
    gen = n.generators_t.p.sum()
    emissions = W * (
        EF * gen["grid"]
        + gas_t_per_mwh * gen["gas"]
        + 3.6 * PURCHASED_HEAT["emission_factor_t_per_gj"] * gen["purchased_heat"]
    )
    assert emissions == pytest.approx(cap_t, rel=REL)
    assert p.summary["emissions_t"] == pytest.approx(cap_t, rel=REL)
    price, theirs_price = pypsa_park.co2_prices(p.summary, n)
    assert theirs_price > 0 and price == pytest.approx(theirs_price, rel=REL_DUAL)
    print(f"\nheat, capped: {line}; CO2 price {price:.6f} vs {theirs_price:.6f} CNY/t")


def test_uncapped_heat_without_cascade_matches_pypsa():
    """Two days, cost only, no cascade; steam-grade purchased heat (180 degC, so it may
    serve both levels under one limit) cheaper than gas, and existing boilers that may not
    retire (PyPSA: a fixed Link, its O&M a constant outside PyPSA's objective).

    Uniqueness checked as in the capped case: ranges proportional to eps, at most 2.3e-4
    and 2.3e-6 relative at eps = 1e-9 and 1e-11 (on the new gas boiler's 5,279 kW).
    """
    purchased = {**PURCHASED_HEAT, "temperature_c": 180.0, "price_cny_per_gj": 85.0}
    existing = {**EXISTING_GAS_BOILER, "capacity_kw": 6_000.0, "may_retire": False}
    case = heat_case(48, None, purchased, existing, cascade=False, seeds=(7, 8))
    p, n, _, line = assert_same_heat_plan(case)
    assert p.summary["abatement_cost_per_t"] is None
    assert p.capacities["existing_gas_boiler_kw"] == pytest.approx(existing["capacity_kw"])
    # the purchase limit binds (the heat goes to steam, where it undercuts gas)
    bought = n.generators_t.p["purchased_heat"] * KW_PER_MW
    assert bought.max() == pytest.approx(purchased["max_kw"], rel=REL)
    assert p.dispatch["heat_purchased_kw"].max() == pytest.approx(purchased["max_kw"], rel=REL)
    print(f"\nheat, uncapped: {line}")


# --- the benchmarks' model, built from PlanInputs (benchmarks/pypsa_heat.py, pypsa_targets.py)


def solve_from_inputs(inputs):
    """parkopt's plan and the benchmarks' PyPSA model of the same PlanInputs, both solved;
    and a line of figures. Asserts the same objective and capacities."""
    t0 = time.perf_counter()
    p = plan(inputs, whole_turbines=False)
    t1 = time.perf_counter()
    n, extra = pypsa_park.build_network(**pypsa_park.park_from_inputs(inputs))
    pypsa_park.solve(n, extra, HIGHS_TOL)
    t2 = time.perf_counter()
    assert p.summary["status"] == "optimal"
    objective = pypsa_park.objective_cny(n)
    assert p.summary["objective"] == pytest.approx(objective, rel=REL)
    theirs = pypsa_park.capacities(n)
    scale = max(theirs.values())
    for key, value in theirs.items():
        assert p.capacities.get(key, 0.0) == pytest.approx(value, rel=REL, abs=REL * scale), key
    line = (
        f"objective parkopt {p.summary['objective']:,.6f} CNY/yr, PyPSA {objective:,.6f} "
        f"(rel diff {abs(p.summary['objective'] / objective - 1):.1e}); "
        f"parkopt {t1 - t0:.2f} s, PyPSA {t2 - t1:.2f} s"
    )
    return p, n, theirs, line


def test_capped_heat_case_from_inputs_matches_pypsa():
    """The capped multi-energy week above, through the benchmarks' model
    (``park_from_inputs``): the same objective, capacities and CO2 price as parkopt's (and so
    as the network built by hand above)."""
    case = heat_case()
    p, n, theirs, line = solve_from_inputs(case["inputs"])
    assert theirs["existing_gas_boiler_kw"] > 0 and theirs["thermal_storage_kwh"] > 0
    assert n.global_constraints.constant["co2_cap"] == pytest.approx(case["cap_t"], rel=1e-12)
    mu = float(n.global_constraints.mu["co2_cap"])
    assert p.summary["abatement_cost_per_t"] == pytest.approx(-mu * KW_PER_MW, rel=REL_DUAL)
    print(f"\nheat from inputs, capped: {line}")


WASTE_HEAT_PUMP = {  # process cooling water at 35 degC; 120 degC at most: hot water only
    "source_temperature_c": 35.0,
    "source_kw": 1_500.0,
    "max_sink_temperature_c": 120.0,
    "capex_cny_per_kw": 2000,
}
STEAM_ACCUMULATOR = {**THERMAL_STORAGE, "level": "steam", "energy_capex_cny_per_kwh": 150}
STEAM_ACCUMULATOR["max_duration_h"] = 12.0
INDICATOR = 0.1  # tCO2/tce; the cost optimum alone reaches 1.85 in this week


def indicator_inputs(ratio: float | None = INDICATOR):
    """A week of the zero-carbon park's shape: power, steam and hot water; PV (roof-limited
    at 40 MW) and a battery; an air-source and a waste-heat pump (hot water), an electric
    boiler and the existing gas boilers (both levels), a steam accumulator, the cascade,
    green purchases at 30 CNY/MWh, a demand charge, and the notice's indicator."""
    prof, heat = week_profiles(T, 20250101), heat_profiles(T, 20250102)
    return make_inputs(
        load_kw=prof["load_kw"],
        price_per_kwh=prof["price"],
        pv_kw_per_kw=prof["pv"],
        emission_factor_t_per_mwh=EF,
        heat_demand_kw={level: heat[level] for level in LEVELS},
        air_temperature_c=heat["air"],
        heat={"levels": HEAT_LEVELS, "gas": GAS, "purchased": None, "cascade": True},
        technologies={
            "pv": {**PV, "max_kw": 40_000.0},
            "battery": BATTERY,
            "heat_pump": HEAT_PUMP,
            "waste_heat_pump": WASTE_HEAT_PUMP,
            "electric_boiler": ELECTRIC_BOILER,
            "existing_gas_boiler": EXISTING_GAS_BOILER,
            "thermal_storage": STEAM_ACCUMULATOR,
        },
        grid={"import_limit_kw": None, "export_limit_kw": 0},
        green_purchase={"premium_cny_per_mwh": 30.0},
        tariff={"demand_charge_cny_per_kw_month": 48.0},
        carbon={} if ratio is None else {"tco2_per_tce": ratio},
        finance={"discount_rate": RATE},
    )


def test_indicator_heat_park_matches_pypsa():
    """The notice's indicator at 0.1 tCO2/tce binds a week with steam and hot water.

    Green certificates zero the electricity's part of the indicator at 30 CNY/MWh (at 0.5
    tCO2/tce that alone prices the row, 30 / 0.8325 = 36 CNY/t); at 0.1 the gas must go
    too, so the CO2 price rises to ~1,481 CNY/t and every technology is built: the
    electric boiler and the steam accumulator take PV power to steam, the heat pumps make
    hot water (the waste-heat pump up to its source), the existing gas boilers are kept in
    part. The indicator is ``pypsa_targets``' linopy row, written from PyPSA's own
    generator outputs; its dual is compared with parkopt's ``indicator_target_price_per_t``.
    Capacities agree to ~1e-13 here (not range-checked for uniqueness as above).
    """
    inputs = indicator_inputs()
    p, n, theirs, line = solve_from_inputs(inputs)
    assert min(v for k, v in theirs.items() if k != "wind_kw") > 1.0  # every technology built
    assert theirs["existing_gas_boiler_kw"] < EXISTING_GAS_BOILER["capacity_kw"]
    assert float(n.model["green_mwh"].solution) > 0

    # the waste-heat pump draws at most its source: q (1 - 1/COP) = its source generator
    drawn = n.generators_t.p["waste_heat_pump_source"] * KW_PER_MW
    assert drawn.max() <= WASTE_HEAT_PUMP["source_kw"] * (1 + REL)
    q = p.dispatch["waste_heat_pump_heat_kw"].to_numpy()
    cop = inputs.hourly["waste_heat_pump_hot_water_efficiency"].to_numpy()
    np.testing.assert_allclose(q * (1 - 1 / cop), drawn, rtol=1e-6, atol=1e-6 * drawn.max())

    # the indicator binds in both, with the same price
    assert p.summary["indicator"]["tco2_per_tce"] == pytest.approx(INDICATOR, rel=REL)
    gen = n.generators_t.p.sum() * W  # MWh/year
    gas, ind = inputs.scenario.heat.gas, inputs.scenario.indicator
    elec = gen["grid"] + gen["pv"]  # electricity used (no exports)
    grey = gen["grid"] - float(n.model["green_mwh"].solution)
    energy = ind.electricity_kgce_per_kwh * elec + gen["gas"] * gas.tce_per_mwh
    emissions = ind.electricity_factor_t_per_mwh * grey + gen["gas"] * gas.t_per_mwh
    assert emissions / energy == pytest.approx(INDICATOR, rel=REL)
    price = p.summary["indicator_target_price_per_t"]
    dual = pypsa_targets.indicator_dual_cny_per_t(n)
    assert dual > 0
    assert price == pytest.approx(dual, rel=REL_DUAL)
    print(f"\nheat, indicator {INDICATOR}: {line}; price {price:.6f} vs {dual:.6f} CNY/t")
