"""Cross-check of the planning LP against an independent PyPSA model of the same problem.

Both tools get the same hourly arrays (load, PV and wind capacity factors, TOU price,
emission factor), the same overnight costs, lives and discount rate, and the same carbon
cap. PyPSA annualises the costs itself (``pypsa.costs.annuity``) and builds its own LP
(linopy), so agreement of the objective, the capacities and the carbon shadow price to
1e-6 checks parkopt's formulation, its annualisation and its unit conversions.

The PyPSA model is kept in MW, MWh and kCNY (CNY/kW = kCNY/MW, CNY/kWh = kCNY/MWh), so
its objective is in kCNY per year and the CO2 dual in kCNY per tCO2.

Mapping of the LP (``optimizer/lp.py``) to PyPSA components:

* load                -> Load on bus "AC"
* pv, wind            -> extendable Generators, ``p_max_pu = cf`` (curtailment allowed)
* grid import         -> Generator "grid", fixed (never binding) ``p_nom``, time-varying
                         ``marginal_cost = price``, carrier "grid" with ``co2_emissions = ef``
* battery energy      -> extendable cyclic Store on bus "battery" (energy capex)
* battery power       -> Links "charger" (AC -> battery, efficiency eta, power capex) and
                         "discharger" (battery -> AC, efficiency eta); extra_functionality
                         ties ``p_nom(charger) = eta * p_nom(discharger)`` so that both the
                         AC input of the charger and the AC output of the discharger are
                         limited by the same rating P (parkopt's ``ch, dis <= P``).
* carbon cap          -> GlobalConstraint of type primary_energy on ``co2_emissions``

Snapshot weightings: the objective and generator weightings are w = 8760 / T so that
marginal costs and emissions are annualised as in parkopt. The store weighting stays 1:
PyPSA multiplies the store power by it in the energy balance (``e_t = e_{t-1} + w p_t``),
while parkopt's state of charge moves by one hour's energy per hour.
"""

from __future__ import annotations

import math
import time

import numpy as np
import pandas as pd
import pytest

pypsa = pytest.importorskip("pypsa")

from parkopt.optimizer.plan import plan  # noqa: E402
from parkopt.optimizer.synthetic import make_inputs  # noqa: E402

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
    rng = np.random.default_rng(seed)
    t = np.arange(hours)
    hour, day = t % 24, t // 24
    clearness = rng.uniform(0.35, 1.0, size=day.max() + 1)[day]
    pv = 0.8 * clearness * np.clip(np.sin(np.pi * (hour - 6) / 12), 0.0, None)
    wind = np.empty(hours)
    x = 0.0
    for i in range(hours):
        x = 0.9 * x + 0.08 * rng.standard_normal()
        wind[i] = x
    wind = np.clip(0.25 + wind, 0.0, 0.95)
    weekend = day % 7 >= 5  # 2025-01-04/05 are a Saturday/Sunday; the shape matters only
    shift = np.where((hour >= 8) & (hour < 24), 10_000.0, 0.0) * np.where(weekend, 0.6, 1.0)
    load_kw = (12_000.0 + shift) * (1.0 + 0.03 * rng.standard_normal(hours))
    price = np.full(hours, 0.70)
    price[((hour >= 8) & (hour < 11)) | ((hour >= 17) & (hour < 22))] = 1.02
    price[hour < 8] = 0.37
    return {"load_kw": load_kw, "pv": pv, "wind": wind, "price": price}


def annual_per_unit(capex: float, life: float, fom: float) -> float:
    """Capital recovery (PyPSA's annuity) plus fixed O&M [CNY per kW or kWh and year]."""
    return capex * (pypsa.costs.annuity(RATE, life) + fom)


# --- the independent PyPSA model --------------------------------------------------------


def solve_pypsa(
    prof: dict[str, np.ndarray],
    pv: dict | None,
    wind: dict | None,
    battery: dict,
    cap_t: float | None,
):
    """The same LP in PyPSA (MW, MWh, kCNY); returns the solved network."""
    hours = len(prof["load_kw"])
    w = 8760 / hours
    n = pypsa.Network()
    n.set_snapshots(range(hours))
    sns = n.snapshots
    # objective and generators (marginal costs, emissions) annualised; stores per hour
    n.snapshot_weightings = pd.DataFrame(
        {"objective": w, "stores": 1.0, "generators": w}, index=sns, dtype=float
    )

    n.add("Carrier", ["AC", "solar", "onwind", "battery"])
    n.add("Carrier", "grid", co2_emissions=EF)  # tCO2 per MWh of import
    n.add("Bus", "AC", carrier="AC")
    n.add("Load", "load", bus="AC", p_set=pd.Series(prof["load_kw"] / KW_PER_MW, index=sns))
    for name, spec, carrier in (("pv", pv, "solar"), ("wind", wind, "onwind")):
        if spec is None:
            continue
        n.add(
            "Generator",
            name,
            bus="AC",
            carrier=carrier,
            p_nom_extendable=True,
            p_nom_max=spec["max_kw"] / KW_PER_MW,
            p_max_pu=pd.Series(prof[name], index=sns),
            capital_cost=annual_per_unit(
                spec["capex_cny_per_kw"], spec["life_years"], spec["fixed_om_fraction_per_year"]
            ),
            marginal_cost=0.0,
        )
    # Unlimited import in parkopt: a fixed rating far above anything the optimum draws.
    grid_mw = 10 * prof["load_kw"].max() / KW_PER_MW
    n.add(
        "Generator",
        "grid",
        bus="AC",
        carrier="grid",
        p_nom=grid_mw,
        marginal_cost=pd.Series(prof["price"], index=sns),
    )

    eta = math.sqrt(battery["round_trip_efficiency"])
    life, fom = battery["life_years"], battery["fixed_om_fraction_per_year"]
    n.add("Bus", "battery", carrier="battery")
    n.add(
        "Store",
        "battery",
        bus="battery",
        carrier="battery",
        e_nom_extendable=True,
        e_cyclic=True,
        e_min_pu=battery["soc_min_fraction"],
        e_max_pu=battery["soc_max_fraction"],
        standing_loss=battery["self_discharge_per_hour"],
        capital_cost=annual_per_unit(battery["energy_capex_cny_per_kwh"], life, fom),
    )
    n.add(
        "Link",
        "charger",
        bus0="AC",
        bus1="battery",
        carrier="battery",
        efficiency=eta,
        p_nom_extendable=True,
        capital_cost=annual_per_unit(battery["power_capex_cny_per_kw"], life, fom),
    )
    n.add(
        "Link",
        "discharger",
        bus0="battery",
        bus1="AC",
        carrier="battery",
        efficiency=eta,
        p_nom_extendable=True,
        capital_cost=0.0,
    )
    if cap_t is not None:
        n.add(
            "GlobalConstraint",
            "co2_cap",
            type="primary_energy",
            carrier_attribute="co2_emissions",
            sense="<=",
            constant=cap_t,
        )

    def tie_battery_power(n, snapshots):
        # charger AC input <= P and discharger AC output = eta * DC input <= P
        p_nom = n.model["Link-p_nom"]
        n.model.add_constraints(
            p_nom.sel(name="charger") - eta * p_nom.sel(name="discharger") == 0,
            name="battery_power_tie",
        )

    status, condition = n.optimize(
        solver_name="highs", extra_functionality=tie_battery_power, solver_options=HIGHS_TOL
    )
    assert (status, condition) == ("ok", "optimal")
    assert n.generators_t.p["grid"].max() < 0.5 * grid_mw  # the import rating never binds
    return n


def pypsa_capacities(n) -> dict[str, float]:
    """Capacities in parkopt's names and units [kW, kWh]."""
    gen = n.generators.p_nom_opt
    return {
        "pv_kw": float(gen.get("pv", 0.0)) * KW_PER_MW,
        "wind_kw": float(gen.get("wind", 0.0)) * KW_PER_MW,
        "battery_kw": float(n.links.p_nom_opt["charger"]) * KW_PER_MW,
        "battery_kwh": float(n.stores.e_nom_opt["battery"]) * KW_PER_MW,
    }


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
    p = plan(inputs)
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
    p = plan(inputs)
    n = solve_pypsa(prof, {**pv, "max_kw": math.inf}, None, BATTERY, None)

    eta = math.sqrt(BATTERY["round_trip_efficiency"])
    assert p.summary["status"] == "optimal"
    assert p.summary["abatement_cost_per_t"] is None
    assert p.capacities["pv_kw"] > 0 and p.capacities["battery_kwh"] > 0
    print(f"\nuncapped: {assert_same_plan(p, n, eta)}")
