"""The heat side of parkopt's planning LP (``optimizer/lp/``: ``nodes.py``, ``supplies.py``,
``converters.py``, ``storage.py``) in PyPSA.

``heat_from_inputs`` reads the hourly arrays (each level's demand, each source's COP or
efficiency per level) and the sections from a ``PlanInputs``; ``add_heat`` adds the heat
side to the electricity network of ``pypsa_park.build_network`` and returns the ties its
``extra_functionality`` adds. PyPSA annualises the costs itself (``pypsa.costs.annuity``).
Units as the electricity model: MW_th, MWh_th, MW of gas (LHV), kCNY.

Mapping (parkopt's symbols in ``optimizer/lp/nodes.py`` and ``supplies.py``):

* heat level l         -> Bus ``l`` with a Load of its hourly demand (equality balance)
* gas                  -> Bus "gas" fed by Generator "gas": ``marginal_cost`` = price per MWh
                          LHV, carrier "gas" with ``co2_emissions`` = tCO2 per MWh LHV (from
                          CNY/m3, kgCO2/m3 and MJ/m3 here)
* heat source k        -> Link from "AC" or "gas" with ``efficiency`` = eff[k,l,t]. parkopt
                          rates the heat out (``sum_l q[k,l,t] <= Q``), a Link's p_nom bounds
                          its input: with c = the smallest positive efficiency, p_nom = Q / c,
                          ``p_max_pu`` = c / eff_t (0 where eff = 0), capital cost and bounds
                          scaled by c. One level: the Link feeds it. Several levels at the same
                          hourly efficiency (boilers): the Link feeds a bus of the source's own,
                          free Links take its heat to each level (one rating shared). Several
                          levels at different efficiencies: not mapped (ValueError).
* waste-heat pump      -> the same Link with a third port: ``bus2`` = its source's bus,
                          ``efficiency2`` = -(COP_t - 1) (heat drawn from the source per MW of
                          power), a Generator of ``source_kw`` on it: parkopt's
                          ``sum_l q (1 - 1/COP) <= source``
* existing gas boilers -> extendable, p_nom in [min, capacity] / eta (min = capacity where
                          they may not retire), capital cost = their O&M per kW_th-year
* purchased heat       -> Generator on a bus of its own, ``p_nom`` = max_kw (parkopt's
                          ``sum_l bought[l,t] <= max``), marginal cost = CNY/GJ / 277.8,
                          carrier co2 = tCO2/GJ x 3.6; free Links to every level at or below
                          its temperature
* cascade down[l,t]    -> free Link from each level to the next cooler one
* thermal store        -> cyclic Store on bus "thermal_storage" (``standing_loss`` = the loss
                          per hour), Links "thermal_storage_charger" (level -> store, eta_ch,
                          power capex) and "thermal_storage_discharger" (store -> level,
                          eta_dis), tied by ``p_nom(ch) = eta_dis p_nom(dis)`` (parkopt's
                          ``tch, tdis <= P``); ``d_min P <= E <= d_max P`` in the ties
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import pypsa

from parkopt.optimizer.inputs.heat_inputs import (
    cascade_levels,
    converters,
    demand_column,
    efficiency_column,
    heat_storage,
    pairs,
    purchased_levels,
)

KW_PER_MW = 1000.0
KWH_PER_GJ = 1e6 / 3600.0
GJ_PER_MWH = 3.6


def _annual(capex: float, life: float, fom: float, rate: float) -> float:
    """Capital recovery (PyPSA's annuity) plus fixed O&M [CNY per kW or kWh and year]."""
    return capex * (pypsa.costs.annuity(rate, life) + fom)


def gas_per_mwh(gas) -> dict[str, float]:
    """Gas price [kCNY/MWh LHV], CO2 [t/MWh LHV] and standard coal [tce/MWh LHV] from the
    ``heat.gas`` section's per-m3 figures (1 m3 = LHV / 3.6 kWh)."""
    kwh_per_m3 = gas.lhv_mj_per_m3 / 3.6
    return {
        "price": gas.price_cny_per_m3 / kwh_per_m3,
        "t": gas.emission_factor_kg_per_m3 / kwh_per_m3,
        "tce": gas.kgce_per_m3 / kwh_per_m3,
    }


def heat_from_inputs(inputs) -> dict | None:
    """``add_heat``'s ``heat`` argument for a prepared scenario with heat (None without):
    levels hottest first with their demand [kW_th], sources with their efficiency per level
    they can serve (the levels where it is ever > 0, as parkopt's ``served_pairs``), costs
    and bounds, purchased heat, cascade, thermal store, gas."""
    s, h = inputs.scenario, inputs.hourly
    if s.heat is None:
        return None
    sources = {}
    for k in converters(s):
        spec = getattr(s.technologies, k.name)
        eff = {}
        for name, level in pairs(s):
            column = h[efficiency_column(name, level)].to_numpy(dtype=float)
            if name == k.name and column.max() > 0:
                eff[level] = column
        sources[k.name] = {
            "takes": k.takes[0],
            "eff": eff,
            "capex_cny_per_kw": spec.capex_cny_per_kw,
            "life_years": spec.life_years,
            "fixed_om_fraction_per_year": spec.fixed_om_fraction_per_year,
            "fixed_om_cny_per_kw_year": getattr(spec, "fixed_om_cny_per_kw_year", 0.0),
            "min_kw": spec.min_kw,
            "max_kw": spec.max_kw,
            "source_kw": getattr(spec, "source_kw", None),
        }
    ph = s.heat.purchased
    store = None
    if heat_storage(s):
        store = s.technologies.thermal_storage.model_dump()  # efficiencies filled in
    return {
        "levels": {
            lv.name: h[demand_column(lv.name)].to_numpy(dtype=float) for lv in s.heat.by_temperature
        },
        "cascade": cascade_levels(s),
        "gas": gas_per_mwh(s.heat.gas),
        "purchased": None
        if ph is None
        else {**ph.model_dump(), "levels": purchased_levels(s), "fossil": ph.fossil},
        "sources": sources,
        "store": store,
    }


def add_heat(
    n: pypsa.Network, series: Callable, heat: dict, rate: float, free_mw: float
) -> Callable[[pypsa.Network], None]:
    """Add the heat side to ``n`` (which has bus "AC"); return the ties for
    ``extra_functionality``. ``free_mw``: a rating no flow reaches (unlimited supplies and
    free links). Each source's factor from p_nom to its heat rating goes to
    ``n.meta["heat_rating"]`` [MW_th per MW of input]."""
    g = heat["gas"]
    n.add("Carrier", ["heat", "thermal_storage", "waste_heat"])
    n.add("Carrier", "gas", co2_emissions=g["t"])
    n.add("Bus", "gas", carrier="gas")
    n.add("Generator", "gas", bus="gas", carrier="gas", p_nom=free_mw, marginal_cost=g["price"])
    for level, demand_kw in heat["levels"].items():
        n.add("Bus", level, carrier="heat")
        n.add("Load", level, bus=level, p_set=series(demand_kw / KW_PER_MW))

    def free_links(bus: str, levels) -> None:
        for level in levels:
            n.add("Link", f"{bus}_{level}", bus0=bus, bus1=level, carrier="heat", p_nom=free_mw)

    n.meta["heat_rating"] = {
        k: _add_source(n, series, k, src, rate, free_links) for k, src in heat["sources"].items()
    }
    ph = heat["purchased"]
    if ph is not None and ph["levels"]:
        n.add(
            "Carrier", "purchased_heat", co2_emissions=ph["emission_factor_t_per_gj"] * GJ_PER_MWH
        )
        n.add("Bus", "purchased_heat", carrier="heat")
        n.add(
            "Generator",
            "purchased_heat",
            bus="purchased_heat",
            carrier="purchased_heat",
            p_nom=free_mw if ph["max_kw"] is None else ph["max_kw"] / KW_PER_MW,
            marginal_cost=ph["price_cny_per_gj"] / KWH_PER_GJ,
        )
        free_links("purchased_heat", ph["levels"])
    names = list(heat["levels"])
    for upper in heat["cascade"]:
        lower = names[names.index(upper) + 1]
        n.add("Link", f"cascade_{upper}", bus0=upper, bus1=lower, carrier="heat", p_nom=free_mw)
    if heat["store"] is None:
        return lambda n: None
    return _add_store(n, heat["store"], rate)


def _add_source(n, series, k: str, src: dict, rate: float, free_links) -> float:
    """One heat source as a Link (module docstring); returns its rating factor c."""
    eff = src["eff"]
    if not eff:
        return 1.0
    first = next(iter(eff.values()))
    if any(not np.array_equal(e, first) for e in eff.values()):
        raise ValueError(f"the PyPSA model has no {k} serving levels at different efficiencies")
    ref = float(first[first > 0].min())
    p_max_pu = np.divide(ref, first, out=np.zeros_like(first), where=first > 0)
    annual = _annual(
        src["capex_cny_per_kw"], src["life_years"], src["fixed_om_fraction_per_year"], rate
    )
    annual += src["fixed_om_cny_per_kw_year"]
    top = math.inf if src["max_kw"] is None else src["max_kw"] / KW_PER_MW / ref
    ports = {}
    if src["source_kw"] is not None:  # waste heat drawn: q (1 - 1/COP) = p0 (COP - 1)
        source = f"{k}_source"
        n.add("Bus", source, carrier="waste_heat")
        n.add(
            "Generator",
            source,
            bus=source,
            carrier="waste_heat",
            p_nom=src["source_kw"] / KW_PER_MW,
        )
        drawn = np.where(first > 0, 1.0 - first, 0.0)
        ports = {"bus2": source, "efficiency2": series(drawn)}
    if len(eff) == 1:
        out = next(iter(eff))
    else:
        out = k
        n.add("Bus", k, carrier="heat")
        free_links(k, eff)
    n.add(
        "Link",
        k,
        bus0="AC" if src["takes"] == "electricity" else "gas",
        bus1=out,
        carrier="heat",
        efficiency=series(first),
        p_max_pu=series(p_max_pu),
        p_nom_extendable=True,
        p_nom_min=src["min_kw"] / KW_PER_MW / ref,
        p_nom_max=top,
        capital_cost=ref * annual,
        **ports,
    )
    return ref


def _add_store(
    n: pypsa.Network,
    ts: dict,
    rate: float,
    name: str = "thermal_storage",
    node: str | None = None,
) -> Callable[[pypsa.Network], None]:
    """A store ``name`` (the thermal store; ``pypsa_cchp``'s cold store), its charger and
    discharger on bus ``node`` (default: the store's heat level); returns its ties."""
    node = ts["level"] if node is None else node
    life, fom = ts["life_years"], ts["fixed_om_fraction_per_year"]
    eta_ch, eta_dis = ts["charge_efficiency"], ts["discharge_efficiency"]

    def mw(kw: float | None) -> float:
        return math.inf if kw is None else kw / KW_PER_MW

    n.add("Bus", name, carrier=name)
    n.add(
        "Store",
        name,
        bus=name,
        carrier=name,
        e_nom_extendable=True,
        e_nom_min=mw(ts["min_kwh"]),
        e_nom_max=mw(ts["max_kwh"]),
        e_cyclic=True,
        standing_loss=ts["loss_per_hour"],
        capital_cost=_annual(ts["energy_capex_cny_per_kwh"], life, fom, rate),
    )
    n.add(
        "Link",
        f"{name}_charger",
        bus0=node,
        bus1=name,
        carrier=name,
        efficiency=eta_ch,
        p_nom_extendable=True,
        p_nom_min=mw(ts["min_kw"]),
        p_nom_max=mw(ts["max_kw"]),
        capital_cost=_annual(ts["power_capex_cny_per_kw"], life, fom, rate),
    )
    n.add(
        "Link",
        f"{name}_discharger",
        bus0=name,
        bus1=node,
        carrier=name,
        efficiency=eta_dis,
        p_nom_extendable=True,
    )

    def ties(n: pypsa.Network) -> None:
        m = n.model
        p_nom, e_nom = m["Link-p_nom"], m["Store-e_nom"]
        power = p_nom.sel(name=f"{name}_charger", drop=True)
        energy = e_nom.sel(name=name, drop=True)
        discharger = p_nom.sel(name=f"{name}_discharger", drop=True)
        m.add_constraints(power - eta_dis * discharger == 0, name=f"{name}_power_tie")
        m.add_constraints(energy - ts["min_duration_h"] * power >= 0, name=f"{name}_duration_min")
        m.add_constraints(energy - ts["max_duration_h"] * power <= 0, name=f"{name}_duration_max")

    return ties


def heat_capacities(n: pypsa.Network) -> dict[str, float]:
    """The heat capacities in parkopt's names and units [kW_th, kWh_th]."""
    links, out = n.links.p_nom_opt, {}
    for k, ref in n.meta.get("heat_rating", {}).items():
        out[f"{k}_kw"] = float(links.get(k, 0.0)) * ref * KW_PER_MW
    if "thermal_storage" in n.stores.index:
        out["thermal_storage_kw"] = float(links["thermal_storage_charger"]) * KW_PER_MW
        out["thermal_storage_kwh"] = float(n.stores.e_nom_opt["thermal_storage"]) * KW_PER_MW
    return out
