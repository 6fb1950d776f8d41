"""parkopt's pathway LP (``optimizer/pathway``) against PyPSA's multi-investment-period
optimisation of the same problem.

    python benchmarks/pypsa_pathway.py SCENARIO.yaml [--om serving|vintage|both]
                                                     [--lives whole|pypsa]
    python benchmarks/pypsa_pathway.py --demo [--battery]   # the small case of the tests

``pathway_network`` builds the PyPSA network from parkopt's ``PeriodInputs``
(``periods.period_inputs``: each period's hours, their weights, its years and discount
weight) and the periods' scenarios (capital costs, lives, O&M, bounds, caps); PyPSA
annualises the capital itself (``pypsa.costs.annuity``), weighs the periods and decides
which build serves when (``build_year``, ``lifetime``) in its own LP (linopy). Units as
``pypsa_park.py``: MW, MWh, kCNY.

Mapping (parkopt's symbols in ``optimizer/pathway/model.py``):

* period p                -> investment period ``y_p``: snapshots ``(y_p, t)`` over its hours,
                             ``investment_period_weightings`` objective = ``W_p``, years = ``n_p``;
                             snapshot weightings objective and generators = the period's
                             ``inputs.hour_weight``, stores 1 (one hour's energy per hour)
* build[q,k] (PV, wind)   -> one extendable Generator per build period, ``build_year = y_q``,
                             ``p_max_pu`` = each period's capacity factor, ``capital_cost`` =
                             ``capex_q x annuity(r, life_q)`` + fixed O&M (below)
* build[q,k] (battery)    -> per build period a Store (energy), a charger and a discharger
                             Link (power; ``p_nom(charger) = eta_dis p_nom(discharger)``) on one
                             shared bus "battery", so the vintages serving in a period act as one
                             battery of their summed ratings (one state of charge: the stores
                             trade energy freely on the bus); ``e_cyclic_per_period``
* cap[p,k] bounds         -> extra_functionality: ``min <= sum of the vintages active in p <= max``
                             for each period's ``min_kw``/``max_kw`` (a roof caps all PV serving
                             on it), and the battery's duration limits on those sums
* grid import             -> one Generator per period, active in that period only (``build_year
                             = y_p``, ``lifetime = n_p``), carrier ``grid_<y_p>`` with
                             ``co2_emissions`` = the period's emission factor
* carbon.cap_t of p       -> GlobalConstraint ``co2_cap_<y_p>`` (primary_energy,
                             ``investment_period = y_p``): PyPSA weighs a period's emissions by
                             its years, so the constant is ``cap_t x n_p``

Two conventions in which PyPSA's usual multi-period model and parkopt's differ, each an option:

* ``--lives``: a build serves in period p in parkopt only when alive for all of p's years
  (``y_q + life >= y_p + n_p``); PyPSA counts it active when ``y_q <= y_p < y_q +
  lifetime``. ``whole`` (default) gives PyPSA the lifetime that reproduces parkopt's rule
  (the end of the last period the build fully serves); ``pypsa`` gives it the life itself.
  They differ only where a life ends inside a period (e.g. a 15-year battery of 2026 in a
  period 2040-2044).
* ``--om``: each build pays its own vintage's fixed O&M (capex of its build period x the
  fraction) while it serves, in parkopt's LP as in PyPSA (``vintage``, the default).
  ``serving`` charges each vintage the ``W``-weighted mean of the O&M prices of the periods
  it serves in (the convention parkopt's first pathway LP had, kept to show the difference
  it made: 0.5-0.9 % of the objective on the demo cases); ``both`` solves both.

Not mapped (``unsupported`` lists it, and ``pathway_network`` refuses it): heat, technologies
other than PV, wind and the battery, a battery on typical days (parkopt links its state
across the calendar days, ``lp/linked.py``; PyPSA's store cycles over the typical hours),
targets other than ``carbon.cap_t``, a demand charge, exports, green purchases, contracts,
an hourly emission factor, a battery barred from grid charging (``pypsa_park._unsupported``).
"""

from __future__ import annotations

import argparse
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pypsa
import pypsa_park

from parkopt.optimizer.inputs.plan_inputs import PlanInputs
from parkopt.optimizer.inputs.prepare import prepare
from parkopt.optimizer.inputs.synthetic import make_inputs
from parkopt.optimizer.pathway import plan_pathway
from parkopt.optimizer.pathway.model import alive_weight
from parkopt.optimizer.pathway.periods import PeriodInputs, period_inputs
from parkopt.optimizer.schema.scenario import load_scenario
from parkopt.optimizer.schema.technologies import TECHNOLOGIES

TECH_BY_NAME = {t.name: t for t in TECHNOLOGIES}

KW_PER_MW = pypsa_park.KW_PER_MW
GENERATORS = {
    "pv": ("solar", "pv_kw_per_kw_dc", "pv_kw"),
    "wind": ("onwind", "wind_kw_per_kw", "wind_kw"),
}
"""PyPSA carrier, parkopt's hourly column and capacity key of each generator."""
MAPPED = ("pv", "wind", "battery")
HIGHS_OPTIONS = {
    "primal_feasibility_tolerance": 1e-9,
    "dual_feasibility_tolerance": 1e-9,
    "output_flag": False,
}
"""HiGHS options of the PyPSA solve: tight tolerances (as tests/test_crosscheck_pypsa.py), quiet."""


@dataclass(frozen=True)
class Vintage:
    """One build period's purchase of a technology: the years it serves in PyPSA."""

    tech: str
    year: int  # build year y_q
    lifetime: float  # given to PyPSA [year]
    serves: tuple[int, ...]  # indices of the periods it is active in


def unsupported(periods: list[PeriodInputs]) -> list[str]:
    """What of the pathway this network does not model (each item once)."""
    found: list[str] = []
    for pp in periods:
        inputs = pp.inputs
        s = inputs.scenario
        missing = [m for m in pypsa_park._unsupported(inputs) if m != "no battery"]
        techs = s.technologies.model_dump(exclude_none=True)
        missing += [f"technology {name}" for name in techs if name not in MAPPED]
        carbon = s.carbon.model_dump(exclude_none=True)
        missing += [f"carbon.{k}" for k in carbon if k != "cap_t" and f"carbon.{k}" not in missing]
        if s.heat is not None:
            missing.append("heat")
        if s.tariff.demand_charge_cny_per_kw_month > 0:
            missing.append("a demand charge")
        if s.green_purchase is not None:
            missing.append("green purchases")
        if s.technologies.battery is not None and inputs.typical_days is not None:
            missing.append("a battery on typical days (parkopt links it across calendar days)")
        found += [m for m in missing if m not in found]
    return found


def _lifetime(periods: list[PeriodInputs], q: int, life: float, lives: str) -> float:
    """The lifetime PyPSA gets for a build of period q: the life (``pypsa``), or the years to
    the end of the last period it is alive for all of (``whole``, parkopt's rule)."""
    if lives == "pypsa":
        return life
    start = periods[q].year
    whole = [pp.end_year - start for pp in periods[q:] if pp.end_year <= start + life + 1e-9]
    return float(whole[-1]) if whole else 0.0


def vintages(periods: list[PeriodInputs], tech: str, lives: str) -> list[Vintage]:
    """Each period's purchase of ``tech`` (where its scenario has it) and, by PyPSA's rule
    ``build_year <= y_p < build_year + lifetime``, the periods it serves in."""
    out = []
    for q, pp in enumerate(periods):
        spec = getattr(pp.inputs.scenario.technologies, tech)
        if spec is None:
            continue
        lifetime = _lifetime(periods, q, float(spec.life_years), lives)
        serves = tuple(
            p for p, other in enumerate(periods) if pp.year <= other.year < pp.year + lifetime
        )
        out.append(Vintage(tech, pp.year, lifetime, serves))
    return out


def _om_per_unit(pp: PeriodInputs, tech: str, capex_field: str) -> float:
    """Fixed O&M per unit and year at period ``pp``'s prices [kCNY per MW(h)]."""
    spec = getattr(pp.inputs.scenario.technologies, tech)
    return getattr(spec, capex_field) * spec.fixed_om_fraction_per_year


def capital_cost(periods: list[PeriodInputs], v: Vintage, capex_field: str, om: str) -> float:
    """PyPSA's capital cost of vintage ``v`` [kCNY per MW(h) and year]: its annuity
    (``pypsa.costs.annuity`` at its period's rate and life) plus fixed O&M: its own
    (``vintage``) or the ``W``-weighted mean over the periods it serves in of their O&M
    price (``serving``, parkopt's)."""
    q = next(i for i, pp in enumerate(periods) if pp.year == v.year)
    s = periods[q].inputs.scenario
    spec = getattr(s.technologies, v.tech)
    annuity = getattr(spec, capex_field) * pypsa.costs.annuity(
        s.finance.discount_rate, spec.life_years
    )
    if v.serves:  # parkopt pays the annuity over every year the build lives inside the
        # horizon, also those it cannot serve (its life ending inside a period); PyPSA only
        # over the periods it is active in: spread the rest over those (exact, ``whole``)
        key = next(c.key for c in TECH_BY_NAME[v.tech].capacities if c.capex_field == capex_field)
        active = sum(periods[p].weight for p in v.serves)
        annuity *= alive_weight(periods, q, key) / active
    if om == "vintage" or not v.serves:
        return annuity + _om_per_unit(periods[q], v.tech, capex_field)
    weights = [periods[p].weight for p in v.serves]
    prices = [_om_per_unit(periods[p], v.tech, capex_field) for p in v.serves]
    return annuity + float(np.dot(weights, prices)) / sum(weights)


def pathway_network(
    periods: list[PeriodInputs], om: str = "vintage", lives: str = "whole"
) -> tuple[pypsa.Network, Callable]:
    """The pathway as a multi-period network and the extra_functionality that completes it
    (module docstring). Raises ValueError for what it does not model."""
    missing = unsupported(periods)
    if missing:
        raise ValueError(f"the PyPSA pathway model has no {', '.join(missing)}")
    sns = pd.MultiIndex.from_tuples(
        [(pp.year, t) for pp in periods for t in range(pp.inputs.hours)],
        names=["period", "timestep"],
    )
    n = pypsa.Network()
    n.set_snapshots(sns)
    n.set_investment_periods([pp.year for pp in periods])
    n.investment_period_weightings = pd.DataFrame(
        {"objective": [pp.weight for pp in periods], "years": [float(pp.years) for pp in periods]},
        index=n.investment_periods,
    )
    hw = np.concatenate([pp.inputs.hour_weight for pp in periods])
    n.snapshot_weightings = pd.DataFrame(
        {"objective": hw, "stores": 1.0, "generators": hw}, index=sns, dtype=float
    )

    def series(column: str, scale: float = 1.0) -> pd.Series:
        values = [pp.inputs.hourly[column].to_numpy(dtype=float) for pp in periods]
        return pd.Series(np.concatenate(values) * scale, index=sns)

    n.add("Carrier", ["AC", "solar", "onwind", "battery"])
    n.add("Bus", "AC", carrier="AC")
    n.add("Load", "load", bus="AC", p_set=series("load_kw", 1 / KW_PER_MW))
    _add_grid(n, periods, series)
    groups: dict[str, list[tuple[str, Vintage]]] = {}  # capacity key -> (component, vintage)
    for tech, (carrier, column, key) in GENERATORS.items():
        for v in vintages(periods, tech, lives):
            if not v.serves:
                continue  # PyPSA leaves an asset that never serves out of the model
            name = f"{tech}_{v.year}"
            n.add(
                "Generator",
                name,
                bus="AC",
                carrier=carrier,
                p_nom_extendable=True,
                p_max_pu=series(column),
                build_year=v.year,
                lifetime=v.lifetime,
                capital_cost=capital_cost(periods, v, "capex_cny_per_kw", om),
            )
            groups.setdefault(key, []).append((name, v))
    battery = [v for v in vintages(periods, "battery", lives) if v.serves]
    if battery:
        _add_battery(n, periods, battery, om, groups)
    _add_caps(n, periods)
    return n, _ties(periods, groups)


def _add_grid(n: pypsa.Network, periods: list[PeriodInputs], series: Callable) -> None:
    """Each period's grid import: active in that period only, its carrier carrying the
    period's emission factor [tCO2/MWh]."""
    price = series("price_per_kwh")
    for pp in periods:
        h, s = pp.inputs.hourly, pp.inputs.scenario
        ef = float(h["emission_factor_t_per_mwh"].iloc[0])
        n.add("Carrier", f"grid_{pp.year}", co2_emissions=ef)
        peak_mw = float(h["load_kw"].max()) / KW_PER_MW
        limit = s.grid.import_limit_kw
        n.add(
            "Generator",
            f"grid_{pp.year}",
            bus="AC",
            carrier=f"grid_{pp.year}",
            p_nom=pypsa_park.FREE_RATING * peak_mw if limit is None else limit / KW_PER_MW,
            marginal_cost=price,
            build_year=pp.year,
            lifetime=pp.years,
        )


def _add_battery(n, periods: list[PeriodInputs], battery: list[Vintage], om: str, groups) -> None:
    """Each vintage's store, charger and discharger on the shared bus "battery"."""
    n.add("Bus", "battery", carrier="battery")
    for v in battery:
        b = next(pp for pp in periods if pp.year == v.year).inputs.scenario.technologies.battery
        life = {"build_year": v.year, "lifetime": v.lifetime}
        n.add(
            "Store",
            f"battery_{v.year}",
            bus="battery",
            carrier="battery",
            e_nom_extendable=True,
            e_cyclic_per_period=True,
            e_min_pu=b.soc_min_fraction,
            e_max_pu=b.soc_max_fraction,
            standing_loss=b.self_discharge_per_hour,
            capital_cost=capital_cost(periods, v, "energy_capex_cny_per_kwh", om),
            **life,
        )
        n.add(
            "Link",
            f"charger_{v.year}",
            bus0="AC",
            bus1="battery",
            carrier="battery",
            efficiency=b.charge_efficiency,
            p_nom_extendable=True,
            capital_cost=capital_cost(periods, v, "power_capex_cny_per_kw", om),
            **life,
        )
        n.add(
            "Link",
            f"discharger_{v.year}",
            bus0="battery",
            bus1="AC",
            carrier="battery",
            efficiency=b.discharge_efficiency,
            p_nom_extendable=True,
            **life,
        )
        groups.setdefault("battery_kw", []).append((f"charger_{v.year}", v))
        groups.setdefault("battery_kwh", []).append((f"battery_{v.year}", v))


def _add_caps(n: pypsa.Network, periods: list[PeriodInputs]) -> None:
    """Each period's ``carbon.cap_t`` [tCO2/year] over its years (PyPSA weighs a period's
    emissions by ``years``)."""
    for pp in periods:
        cap = pp.inputs.scenario.carbon.cap_t
        if cap is None:
            continue
        n.add(
            "GlobalConstraint",
            f"co2_cap_{pp.year}",
            type="primary_energy",
            carrier_attribute="co2_emissions",
            sense="<=",
            constant=cap * pp.years,
            investment_period=pp.year,
        )


BOUNDS = {
    "pv_kw": ("pv", "min_kw", "max_kw"),
    "wind_kw": ("wind", "min_kw", "max_kw"),
    "battery_kw": ("battery", "min_kw", "max_kw"),
    "battery_kwh": ("battery", "min_kwh", "max_kwh"),
}


def _ties(periods: list[PeriodInputs], groups: dict) -> Callable:
    """extra_functionality: each period's bounds on the capacity serving in it (the sum of
    its active vintages), the battery's duration limits on those sums, and each battery
    vintage's ``p_nom(charger) = eta_dis p_nom(discharger)``."""

    def serving(m, key: str, p: int):
        variable = (
            "Store-e_nom"
            if key == "battery_kwh"
            else ("Link-p_nom" if key == "battery_kw" else "Generator-p_nom")
        )
        names = [name for name, v in groups.get(key, []) if p in v.serves]
        if not names:
            return None
        return m[variable].sel(name=names).sum()

    def extra_functionality(n: pypsa.Network, snapshots) -> None:
        m = n.model
        for p, pp in enumerate(periods):
            techs = pp.inputs.scenario.technologies
            for key, (tech, low, high) in BOUNDS.items():
                spec = getattr(techs, tech)
                total = serving(m, key, p)
                if spec is None or total is None:
                    continue
                if getattr(spec, low) > 0:
                    m.add_constraints(
                        total >= getattr(spec, low) / KW_PER_MW, name=f"{key}_min_{pp.year}"
                    )
                if getattr(spec, high) is not None:
                    m.add_constraints(
                        total <= getattr(spec, high) / KW_PER_MW, name=f"{key}_max_{pp.year}"
                    )
            b = techs.battery
            power, energy = serving(m, "battery_kw", p), serving(m, "battery_kwh", p)
            if b is not None and power is not None:
                m.add_constraints(
                    energy - b.min_duration_h * power >= 0, name=f"duration_min_{pp.year}"
                )
                m.add_constraints(
                    energy - b.max_duration_h * power <= 0, name=f"duration_max_{pp.year}"
                )
        p_nom = m["Link-p_nom"] if "Link-p_nom" in m.variables else None
        for name, v in groups.get("battery_kw", []):
            b = next(pp for pp in periods if pp.year == v.year).inputs.scenario.technologies.battery
            discharger = p_nom.sel(name=f"discharger_{v.year}", drop=True)
            m.add_constraints(
                p_nom.sel(name=name, drop=True) - b.discharge_efficiency * discharger == 0,
                name=f"battery_power_tie_{v.year}",
            )

    return extra_functionality


def solve(n: pypsa.Network, extra: Callable, solver_options: dict | None = None) -> pypsa.Network:
    """``n.optimize(multi_investment_periods=True)`` with HiGHS; raises RuntimeError unless
    optimal."""
    status, condition = n.optimize(
        solver_name="highs",
        multi_investment_periods=True,
        extra_functionality=extra,
        solver_options=dict(solver_options or {}),
    )
    if (status, condition) != ("ok", "optimal"):
        raise RuntimeError(f"PyPSA/HiGHS ended {status}, {condition}")
    return n


def builds(n: pypsa.Network) -> dict[tuple[int, str], float]:
    """Capacity bought in each build year [kW, kWh], parkopt's capacity keys."""
    out = {}
    for tech, (_, _, key) in GENERATORS.items():
        for name, value in n.generators.p_nom_opt.items():
            if name.startswith(f"{tech}_"):
                out[(int(name.rsplit("_", 1)[1]), key)] = float(value) * KW_PER_MW
    for name, value in n.links.p_nom_opt.items():
        if name.startswith("charger_"):
            out[(int(name.rsplit("_", 1)[1]), "battery_kw")] = float(value) * KW_PER_MW
    for name, value in n.stores.e_nom_opt.items():
        out[(int(name.rsplit("_", 1)[1]), "battery_kwh")] = float(value) * KW_PER_MW
    return out


def carbon_prices(n: pypsa.Network, periods: list[PeriodInputs]) -> dict[int, float]:
    """Each period's CO2 price per year of the period, as parkopt reports it [CNY/tCO2]:
    PyPSA's dual is per tCO2 of the period's ``cap x years`` in present value."""
    mu = n.global_constraints.mu
    return {
        pp.year: -float(mu[f"co2_cap_{pp.year}"]) * pp.years / pp.weight * KW_PER_MW
        for pp in periods
        if f"co2_cap_{pp.year}" in mu.index
    }


def parkopt_builds(summary: dict) -> dict[tuple[int, str], float]:
    """parkopt's schedule as ``{(year, capacity): built}`` [kW, kWh]."""
    return {(r["year"], r["capacity"]): float(r["built"]) for r in summary["schedule"]}


def run_pypsa(periods: list[PeriodInputs], om: str, lives: str, options: dict | None = None):
    """Build and solve; returns the network and the build and solve times [s]."""
    t0 = time.perf_counter()
    n, extra = pathway_network(periods, om, lives)
    t1 = time.perf_counter()
    solve(n, extra, options)
    return n, {"network": t1 - t0, "optimize": time.perf_counter() - t1}


# --- the small case (tests/test_pathway_pypsa.py and --demo) ------------------------------


def demo_profiles(hours: int, seed: int = 20260101) -> pd.DataFrame:
    """Made-up hourly arrays (deterministic): PV a half-sine 06-18 h scaled by a daily
    clearness (0.35..1), peak 0.8 kW/kW; wind a seeded AR(1) around 0.25 kW/kW; a two-shift
    factory of 12 MW + 10 MW (60 % at the weekend) with 3 % noise; a Jiangsu-like TOU price
    (0.37 / 0.70 / 1.02 CNY/kWh)."""
    return pd.DataFrame(pypsa_park.factory_profiles(hours, seed))


def demo_inputs(battery: bool = False, battery_life_years: float = 15.0) -> PlanInputs:
    """The tests' pathway as its year's PlanInputs (``synthetic.make_inputs`` with a
    ``pathway`` section, no files): three periods 2026, 2028, 2030 (the last 2 years), the
    load growing 10 % a period, the grid factor falling 0.55 -> 0.45 tCO2/MWh, a cap that
    binds in the later periods, PV (a 25 MW roof) and wind at falling costs (learning rates,
    a cost multiplier on wind in 2028). Without the battery: 14 days as 3 typical days; with
    it: a 7-day horizon, every hour (the battery cycles over the horizon), its costs falling
    8 % a year, its life ``battery_life_years`` (one that ends inside a period: each build
    serves in fewer periods)."""
    hours = 7 * 24 if battery else 14 * 24
    prof = demo_profiles(hours)
    technologies = {
        "pv": {"capex_cny_per_kw": 3300, "max_kw": 25_000, "life_years": 25},
        "wind": {"capex_cny_per_kw": 7500, "life_years": 20, "fixed_om_fraction_per_year": 0.02},
    }
    learning = {"pv": 0.05, "wind": 0.03}
    caps = (40_000, 22_000, 18_000)
    if battery:
        technologies["battery"] = {
            "power_capex_cny_per_kw": 300,
            "energy_capex_cny_per_kwh": 700,
            "round_trip_efficiency": 0.88,
            "self_discharge_per_hour": 0.001,
            "max_duration_h": 6,
            "life_years": battery_life_years,
        }
        learning["battery"] = 0.08
        caps = (30_000, 12_000, 9_000)
    pathway = {
        "typical_days": None if battery else 3,
        "learning_rate_per_year": learning,
        "periods": [
            {"year": 2026, "carbon": {"cap_t": caps[0]}},
            {
                "year": 2028,
                "load_growth": 1.1,
                "emission_factor_t_per_mwh": 0.50,
                "cost_multipliers": {"wind": 0.9},
                "carbon": {"cap_t": caps[1]},
            },
            {
                "year": 2030,
                "load_growth": 1.2,
                "emission_factor_t_per_mwh": 0.45,
                "carbon": {"cap_t": caps[2]},
            },
        ],
    }
    return make_inputs(
        load_kw=prof["load_kw"],
        price_per_kwh=prof["price"],
        pv_kw_per_kw=prof["pv"],
        wind_kw_per_kw=prof["wind"],
        emission_factor_t_per_mwh=0.55,
        start="2026-01-01",
        technologies=technologies,
        grid={"import_limit_kw": None, "export_limit_kw": 0},
        finance={"discount_rate": 0.06},
        pathway=pathway,
    )


# --- the comparison -------------------------------------------------------------------------


def compare(base: PlanInputs, om: str = "vintage", lives: str = "whole") -> dict:
    """Plan the pathway of ``base`` (its year's inputs) with parkopt and solve it in PyPSA
    from the same periods' inputs; print both and return the figures."""
    scenario = base.scenario
    t0 = time.perf_counter()
    periods = period_inputs(base)
    t_inputs = time.perf_counter() - t0
    missing = unsupported(periods)
    if missing:
        raise SystemExit(f"{scenario.source}: the PyPSA pathway model has no {', '.join(missing)}")
    t0 = time.perf_counter()
    plan = plan_pathway(base)
    t_parkopt = time.perf_counter() - t0
    ours = plan.summary["objective"]
    mine = parkopt_builds(plan.summary)
    timing = plan.summary["timing_s"]
    print(
        f"{scenario.source}: periods {[pp.year for pp in periods]}, {periods[0].inputs.hours} "
        f"hours each (typical days: {scenario.pathway.typical_days}); the periods' inputs "
        f"{t_inputs:.2f} s"
    )
    print(
        f"parkopt objective {ours:,.2f} CNY (present value); plan_pathway {t_parkopt:.2f} s ("
        + ", ".join(f"{k} {v:.2f} s" for k, v in timing.items())
        + ")"
    )
    out = {"parkopt": ours, "parkopt_s": t_parkopt, "pypsa": {}}
    for convention in ("serving", "vintage") if om == "both" else (om,):
        n, times = run_pypsa(periods, convention, lives, HIGHS_OPTIONS)
        theirs = float(n.objective) * KW_PER_MW
        rel = abs(ours / theirs - 1)
        print(
            f"PyPSA ({convention} O&M, {lives} lives) objective {theirs:,.2f} CNY: rel diff "
            f"{rel:.1e} (parkopt - PyPSA {ours - theirs:+,.2f} CNY); network "
            f"{times['network']:.2f} s, optimize {times['optimize']:.2f} s"
        )
        got = builds(n)
        print(f"  {'year':>6} {'capacity':<12} {'parkopt':>14} {'PyPSA':>14} {'diff':>12}")
        for key in sorted(set(mine) | set(got)):
            a, b = mine.get(key, 0.0), got.get(key, 0.0)
            print(f"  {key[0]:>6} {key[1]:<12} {a:>14,.1f} {b:>14,.1f} {a - b:>+12,.3f}")
        prices = carbon_prices(n, periods)
        for row in plan.summary["path"]:
            if row["year"] in prices:
                price = row["shadow_prices"].get("carbon_cap", 0.0)
                print(
                    f"  CO2 price {row['year']}: parkopt {price:,.3f}, PyPSA "
                    f"{prices[row['year']]:,.3f} CNY/t"
                )
        out["pypsa"][convention] = {"objective": theirs, "rel_diff": rel, "builds": got, **times}
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scenario", nargs="?", type=Path, help="a scenario with a pathway")
    parser.add_argument("--demo", action="store_true", help="the tests' small case")
    parser.add_argument("--battery", action="store_true", help="--demo with a battery")
    parser.add_argument("--battery-life", type=float, default=15.0, help="--battery's [year]")
    parser.add_argument("--om", choices=("serving", "vintage", "both"), default="vintage")
    parser.add_argument("--lives", choices=("whole", "pypsa"), default="whole")
    args = parser.parse_args(argv)
    for name in ("pypsa", "linopy"):
        logging.getLogger(name).setLevel(logging.WARNING)
    if args.demo:
        compare(demo_inputs(args.battery, args.battery_life), args.om, args.lives)
    elif args.scenario is None:
        parser.error("give a scenario or --demo")
    else:
        compare(prepare(load_scenario(args.scenario)), args.om, args.lives)


if __name__ == "__main__":
    main()
