"""parkopt's electricity planning LP as an independent PyPSA model.

One builder for ``tests/test_crosscheck_pypsa.py`` (which checks parkopt's formulation
against it to 1e-6) and for the PyPSA baselines of ``benchmarks/plan.py`` and
``benchmarks/sweep.py``. PyPSA annualises the costs itself (``pypsa.costs.annuity``) and
builds its own LP (linopy); only the hourly arrays come from parkopt (``park_from_inputs``
reads them from a ``PlanInputs``).

The network is kept in MW, MWh and kCNY (CNY/kW = kCNY/MW, CNY/kWh = kCNY/MWh), so its
objective is in kCNY per year and the CO2 dual in kCNY per tCO2.

Mapping of the LP (``optimizer/lp/build.py``) to PyPSA components:

* load                -> Load on bus "AC"
* pv, wind            -> extendable Generators, ``p_max_pu = cf`` (curtailment allowed),
                         ``p_nom_min``/``p_nom_max`` from ``min_kw``/``max_kw``
* grid import         -> Generator "grid", fixed ``p_nom`` = the import limit (unlimited:
                         10 x the peak load, never binding), time-varying ``marginal_cost =
                         price``, carrier "grid" with ``co2_emissions = ef``
* demand charge       -> extra_functionality: a variable ``peak[month]`` >= the grid
                         generator's output in each hour of the month, and
                         ``charge x 12 / months x sum(peak)`` added to linopy's objective
                         (parkopt's ``_add_demand_charge``); PyPSA has no component for it
* battery energy      -> extendable cyclic Store on bus "battery" (energy capex), ``e_min_pu``
                         and ``e_max_pu`` = the state-of-charge window, ``standing_loss`` =
                         the self-discharge
* battery power       -> Links "charger" (AC -> battery, efficiency eta_ch, power capex) and
                         "discharger" (battery -> AC, efficiency eta_dis); extra_functionality
                         ties ``p_nom(charger) = eta_dis * p_nom(discharger)`` so that both the
                         AC input of the charger and the AC output of the discharger are
                         limited by the same rating P (parkopt's ``ch, dis <= P``), and adds the
                         duration limits ``d_min P <= E <= d_max P``
* carbon cap          -> GlobalConstraint "co2_cap" of type primary_energy on ``co2_emissions``

Snapshot weightings: the objective and generator weightings are w = 8760 / T so that
marginal costs and emissions are annualised as in parkopt. The store weighting stays 1:
PyPSA multiplies the store power by it in the energy balance (``e_t = e_{t-1} + w p_t``),
while parkopt's state of charge moves by one hour's energy per hour.

The heat side (levels, heat pumps, boilers, purchased heat, the cascade, the thermal store,
gas) is ``benchmarks/pypsa_heat.py``; green purchases and the zero-carbon park indicator
(tCO2/tce) are linopy extras in ``benchmarks/pypsa_targets.py``. With heat the carbon cap
covers the grid, gas and purchased heat carriers (parkopt's Scope 1 + 2), less green
purchases (market-based).

Not mapped (``park_from_inputs`` refuses such scenarios): exports, targets other than a
carbon cap, a reduction or the indicator, an hourly emission factor, a battery barred from
grid charging, contracts and own-plant energy prices, a green direct connection.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import pandas as pd
import pypsa
import pypsa_heat
import pypsa_targets
import xarray as xr

from parkopt.optimizer.inputs.heat_inputs import baseline_heat_kw
from parkopt.optimizer.inputs.plan_inputs import energy_prices

KW_PER_MW = 1000.0
HOURS_PER_YEAR = 8760.0
MONTHS_PER_YEAR = 12
FREE_RATING = 10.0  # an unlimited import: this many times the peak load [-]
PYPSA_HIGHS_OPTIONS: dict = {}
"""PyPSA's own defaults (``pypsa.options.params.optimize.solver_options`` is empty): HiGHS
runs with its defaults, fed through an LP file that linopy writes (``io_api`` None)."""


def annual_per_unit(capex: float, life: float, fom: float, rate: float) -> float:
    """Capital recovery (PyPSA's annuity) plus fixed O&M [CNY per kW or kWh and year]."""
    return capex * (pypsa.costs.annuity(rate, life) + fom)


def new_network(hours: int) -> tuple[pypsa.Network, Callable]:
    """An empty network of ``hours`` snapshots weighted as parkopt weighs its hours: the
    objective and generators (marginal costs, emissions) by 8760 / hours, stores by 1 (a
    store's state moves by one hour's energy per hour); and ``series(values)``, an hourly
    array as a Series on its snapshots."""
    w = HOURS_PER_YEAR / hours
    n = pypsa.Network()
    n.set_snapshots(range(hours))
    sns = n.snapshots
    n.snapshot_weightings = pd.DataFrame(
        {"objective": w, "stores": 1.0, "generators": w}, index=sns, dtype=float
    )

    def series(values) -> pd.Series:
        return pd.Series(np.asarray(values, dtype=float), index=sns)

    return n, series


def build_network(
    prof: dict[str, np.ndarray],
    pv: dict | None,
    wind: dict | None,
    battery: dict,
    cap_t: float | None,
    *,
    rate: float,
    ef: float,
    import_limit_kw: float | None = None,
    demand_charge_cny_per_kw_month: float = 0.0,
    heat: dict | None = None,
    green: dict | None = None,
    indicator: dict | None = None,
) -> tuple[pypsa.Network, Callable]:
    """The LP as a network and the extra_functionality that completes it.

    ``prof``: hourly ``load_kw`` [kW], ``pv`` and ``wind`` [kW/kW], ``price`` [CNY/kWh] and,
    with a demand charge, ``month`` [1-12]. ``pv``, ``wind``, ``battery``: parkopt's
    technology sections as dicts (None: not built); ``cap_t`` [tCO2/year] or None; ``rate``
    the discount rate [-]; ``ef`` the grid's emission factor [tCO2/MWh]; ``heat``
    (``pypsa_heat.heat_from_inputs``), ``green`` (the green purchase section with
    ``ef_t_per_mwh``) and ``indicator`` (the indicator section with ``tco2_per_tce``), or
    None.
    """
    n, series = new_network(len(prof["load_kw"]))

    def mw(kw: float | None, default: float = math.inf) -> float:
        return default if kw is None else kw / KW_PER_MW

    n.add("Carrier", ["AC", "solar", "onwind", "battery"])
    n.add("Carrier", "grid", co2_emissions=ef)  # tCO2 per MWh of import
    n.add("Bus", "AC", carrier="AC")
    n.add("Load", "load", bus="AC", p_set=series(prof["load_kw"] / KW_PER_MW))
    for name, spec, carrier in (("pv", pv, "solar"), ("wind", wind, "onwind")):
        if spec is None:
            continue
        n.add(
            "Generator",
            name,
            bus="AC",
            carrier=carrier,
            p_nom_extendable=True,
            p_nom_min=mw(spec.get("min_kw"), 0.0),
            p_nom_max=mw(spec.get("max_kw")),
            p_max_pu=series(prof[name]),
            capital_cost=annual_per_unit(
                spec["capex_cny_per_kw"],
                spec["life_years"],
                spec["fixed_om_fraction_per_year"],
                rate,
            ),
            marginal_cost=0.0,
        )
    peak_kw = prof["load_kw"].max()
    if heat is not None:
        peak_kw += sum(demand.max() for demand in heat["levels"].values())
    free_mw = FREE_RATING * peak_kw / KW_PER_MW
    n.add(
        "Generator",
        "grid",
        bus="AC",
        carrier="grid",
        p_nom=mw(import_limit_kw, free_mw),
        marginal_cost=series(prof["price"]),
    )

    b = battery
    eta = math.sqrt(b["round_trip_efficiency"])  # charge and discharge alike, as parkopt
    life, fom = b["life_years"], b["fixed_om_fraction_per_year"]
    n.add("Bus", "battery", carrier="battery")
    n.add(
        "Store",
        "battery",
        bus="battery",
        carrier="battery",
        e_nom_extendable=True,
        e_nom_min=mw(b.get("min_kwh"), 0.0),
        e_nom_max=mw(b.get("max_kwh")),
        e_cyclic=True,
        e_min_pu=b["soc_min_fraction"],
        e_max_pu=b["soc_max_fraction"],
        standing_loss=b["self_discharge_per_hour"],
        capital_cost=annual_per_unit(b["energy_capex_cny_per_kwh"], life, fom, rate),
    )
    n.add(
        "Link",
        "charger",
        bus0="AC",
        bus1="battery",
        carrier="battery",
        efficiency=eta,
        p_nom_extendable=True,
        p_nom_min=mw(b.get("min_kw"), 0.0),
        p_nom_max=mw(b.get("max_kw")),
        capital_cost=annual_per_unit(b["power_capex_cny_per_kw"], life, fom, rate),
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
    heat_ties = pypsa_heat.add_heat(n, series, heat, rate, free_mw) if heat is not None else None
    if cap_t is not None:
        n.add(
            "GlobalConstraint",
            "co2_cap",
            type="primary_energy",
            carrier_attribute="co2_emissions",
            sense="<=",
            constant=cap_t,
        )

    month = prof.get("month") if demand_charge_cny_per_kw_month > 0 else None

    def extra_functionality(n: pypsa.Network, snapshots) -> None:
        m = n.model
        p_nom, e_nom = m["Link-p_nom"], m["Store-e_nom"]
        power = p_nom.sel(name="charger", drop=True)
        energy = e_nom.sel(name="battery", drop=True)
        # charger AC input <= P and discharger AC output = eta * DC input <= P
        m.add_constraints(
            power - eta * p_nom.sel(name="discharger", drop=True) == 0, name="battery_power_tie"
        )
        m.add_constraints(energy - b["min_duration_h"] * power >= 0, name="duration_min")
        m.add_constraints(energy - b["max_duration_h"] * power <= 0, name="duration_max")
        if month is not None:
            _add_demand_charge(n, month, demand_charge_cny_per_kw_month)
        if heat_ties is not None:
            heat_ties(n)
        bought = pypsa_targets.add_green_purchase(n, green) if green is not None else None
        if indicator is not None:
            pypsa_targets.add_indicator(n, indicator, heat, bought)

    return n, extra_functionality


def _add_demand_charge(n: pypsa.Network, month: np.ndarray, charge: float) -> None:
    """``p[grid,t] <= peak[month(t)]`` and ``charge x 12 / months x sum(peak)`` in the
    objective [MW; kCNY per MW and month]."""
    m = n.model
    months = pd.Index(sorted(set(int(x) for x in month)), name="month")
    peak = m.add_variables(lower=0.0, coords=[months], name="peak")
    of_hour = xr.DataArray(np.asarray(month, dtype=int), coords={"snapshot": n.snapshots})
    grid = m["Generator-p"].sel(name="grid", drop=True)
    m.add_constraints(grid - peak.sel(month=of_hour) <= 0, name="monthly_peak")
    scale = charge * MONTHS_PER_YEAR / len(months)
    m.add_objective(m.objective.expression + scale * peak.sum(), overwrite=True)


def solve(
    n: pypsa.Network, extra_functionality: Callable, solver_options: dict | None = None
) -> pypsa.Network:
    """``n.optimize`` with HiGHS (PyPSA's defaults unless ``solver_options``); raises
    RuntimeError unless optimal."""
    status, condition = n.optimize(
        solver_name="highs",
        extra_functionality=extra_functionality,
        solver_options=dict(PYPSA_HIGHS_OPTIONS if solver_options is None else solver_options),
    )
    if (status, condition) != ("ok", "optimal"):
        raise RuntimeError(f"PyPSA/HiGHS ended {status}, {condition}")
    return n


def objective_cny(n: pypsa.Network) -> float:
    """The solved network's objective in parkopt's unit [CNY/year]."""
    return float(n.objective) * KW_PER_MW


def capacities(n: pypsa.Network) -> dict[str, float]:
    """Capacities in parkopt's names and units [kW, kWh]."""
    gen = n.generators.p_nom_opt
    return {
        "pv_kw": float(gen.get("pv", 0.0)) * KW_PER_MW,
        "wind_kw": float(gen.get("wind", 0.0)) * KW_PER_MW,
        "battery_kw": float(n.links.p_nom_opt["charger"]) * KW_PER_MW,
        "battery_kwh": float(n.stores.e_nom_opt["battery"]) * KW_PER_MW,
        **pypsa_heat.heat_capacities(n),
    }


# --- from parkopt's PlanInputs ------------------------------------------------------------


def _unsupported(inputs) -> list[str]:
    """What of the scenario this network does not model."""
    s, h = inputs.scenario, inputs.hourly
    c = s.carbon
    found = {
        "exports (grid.export_limit_kw > 0)": s.grid.export_limit_kw > 0,
        "a battery barred from grid charging": s.technologies.battery is not None
        and not s.technologies.battery.grid_charging,
        "no battery": s.technologies.battery is None,
        "an hourly emission factor": h["emission_factor_t_per_mwh"].nunique() > 1,
        "contracts or own-plant energy prices": bool(energy_prices(s)),
        "green_direct_connection": s.green_direct_connection is not None,
    }
    for target in (
        "renewable_share",
        "hourly_matched_share",
        "clean_energy_share",
        "green_direct_share",
    ):
        found[f"carbon.{target}"] = getattr(c, target) is not None
    return [name for name, present in found.items() if present]


def baseline_t(inputs) -> float:
    """The park's emissions today [tCO2/year]: grid-only power (``w x sum_t load_t ef``)
    and, with heat, the gas and purchased heat of parkopt's baseline rule
    (``heat_inputs.baseline_heat_kw``: today's boilers first, hottest level first)."""
    s, h = inputs.scenario, inputs.hourly
    w = HOURS_PER_YEAR / len(h)
    ef = float(h["emission_factor_t_per_mwh"].iloc[0])
    total = w * ef * h["load_kw"].sum() / KW_PER_MW
    if s.heat is not None:
        gas_kw, bought_kw = baseline_heat_kw(s, h)
        total += w * pypsa_heat.gas_per_mwh(s.heat.gas)["t"] * gas_kw.sum() / KW_PER_MW
        if s.heat.purchased is not None:
            per_mwh = pypsa_heat.GJ_PER_MWH * s.heat.purchased.emission_factor_t_per_gj
            total += w * per_mwh * bought_kw.sum() / KW_PER_MW
    return float(total)


def park_from_inputs(inputs, cap_t: float | None = None) -> dict:
    """``build_network``'s arguments for a prepared parkopt scenario (``parkopt.prepare``).

    The cap: ``cap_t`` if given, else the scenario's ``carbon.cap_t``, else its
    ``carbon.reduction`` of ``baseline_t`` [tCO2/year]. The green purchase's factor: the
    scenario's, else the load-weighted grid factor (here the one factor). Raises ValueError
    for what this network does not model.
    """
    missing = _unsupported(inputs)
    if missing:
        raise ValueError(f"the PyPSA model has no {', '.join(missing)}")
    s, h = inputs.scenario, inputs.hourly
    load = h["load_kw"].to_numpy(dtype=float)
    ef = float(h["emission_factor_t_per_mwh"].iloc[0])
    if cap_t is None:
        cap_t = s.carbon.cap_t
    if cap_t is None and s.carbon.reduction is not None:
        cap_t = (1 - s.carbon.reduction) * baseline_t(inputs)
    tech, gp = s.technologies, s.green_purchase
    green = None
    if gp is not None:
        factor = ef if gp.emission_factor_t_per_mwh is None else gp.emission_factor_t_per_mwh
        green = {**gp.model_dump(), "ef_t_per_mwh": factor}
    indicator = None
    if s.carbon.tco2_per_tce is not None:
        indicator = {**s.indicator.model_dump(), "tco2_per_tce": s.carbon.tco2_per_tce}
    return {
        "prof": {
            "load_kw": load,
            "pv": h["pv_kw_per_kw_dc"].to_numpy(dtype=float),
            "wind": h["wind_kw_per_kw"].to_numpy(dtype=float),
            "price": h["price_per_kwh"].to_numpy(dtype=float),
            "month": h["month"].to_numpy(dtype=int),
        },
        "pv": None if tech.pv is None else tech.pv.model_dump(),
        "wind": None if tech.wind is None else tech.wind.model_dump(),
        "battery": tech.battery.model_dump(),
        "cap_t": cap_t,
        "rate": s.finance.discount_rate,
        "ef": ef,
        "import_limit_kw": s.grid.import_limit_kw,
        "demand_charge_cny_per_kw_month": s.tariff.demand_charge_cny_per_kw_month,
        "heat": pypsa_heat.heat_from_inputs(inputs),
        "green": green,
        "indicator": indicator,
    }


def factory_profiles(hours: int, seed: int) -> dict[str, np.ndarray]:
    """Made-up hourly arrays of a two-shift factory (deterministic from ``seed``): PV a
    half-sine 06-18 h scaled by a daily clearness (0.35..1), peak 0.8 kW/kW; wind a seeded
    AR(1) around 0.25 kW/kW; a load of 12 MW + 10 MW in shifts (60 % at the weekend) with 3 %
    noise [kW]; a Jiangsu-like TOU price, peak 1.02 CNY/kWh 08-11 and 17-22, valley 0.37 from
    00 to 08, flat 0.70 otherwise (the cross-checks' and the pathway demo's)."""
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


def co2_prices(summary: dict, n) -> tuple[float | None, float]:
    """The carbon cap's shadow price in parkopt's summary and in the solved network
    (``co2_cap``'s mu, negated and scaled to currency) [CNY/tCO2]."""
    return summary["abatement_cost_per_t"], -float(n.global_constraints.mu["co2_cap"]) * 1000.0
