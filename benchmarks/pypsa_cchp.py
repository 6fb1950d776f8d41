"""Combined cooling, heat and power (parkopt's CHP, chillers, cooling and cold store) in PyPSA.

The electricity and heat side is ``pypsa_park.build_network`` with ``pypsa_heat.add_heat``
(``pypsa_park.park_from_inputs``); ``add_cchp`` adds what ``optimizer/lp/converters.py``
builds for the converters that declare their own modes (``converter_modes``) and what
``optimizer/lp/nodes.py`` builds for the cooling balance. ``cchp_from_inputs`` reads their
hourly efficiencies and the cooling demand from a ``PlanInputs``. Units as the other
models: MW, MWh, MW of gas (LHV), MW_c of cold, kCNY.

parkopt rates every converter in its primary output (``sum_o q[k,o,t] <= cap[k]``: the CHP
in kW_e, the chillers in kW_c); a Link's ``p_nom`` bounds its input (bus0). So, as
``pypsa_heat`` does for the heat sources: with c = the smallest positive efficiency of the
converter, p_nom = cap / c, ``p_max_pu`` = c / eff_t (0 where eff = 0, a mode that cannot
run), capital cost and size bounds scaled by c (per MW of input = per MW of output x c).
The factor c goes to ``n.meta["cchp_rating"]``; ``capacities`` converts back.

Mapping (parkopt's symbols in ``optimizer/lp/converters.py`` and ``lp/nodes.py``):

* cooling              -> Bus "cooling" with a Load of its hourly demand (equality balance,
                          as parkopt's ``cooling_balance``)
* CHP, fixed ratio     -> Link "chp": bus0 "gas", bus1 "AC" with ``efficiency`` = eta_e[t]
                          (the mode's column), bus2 = its heat level with ``efficiency2`` =
                          r eta_e[t], r = eta_th / eta_e (the mode's heat per kW_e); c = eta_e:
                          capital cost per MW of gas = parkopt's per MW_e x eta_e
* CHP, bounded ratio   -> two modes (``min_ratio``, ``max_ratio``) sharing one rating: Link
                          "chp" gas -> Bus "chp" (its electricity, ``efficiency`` = eta_e[t],
                          rated as above), and per mode a free Link "chp_<mode>" from Bus
                          "chp" to "AC" (efficiency 1) with ``bus2`` = the level,
                          ``efficiency2`` = the mode's ratio. Modes at different hourly
                          efficiencies: not mapped (ValueError)
* electric chiller     -> ``pypsa_heat``'s heat source Link (``_add_source``) from "AC" to
                          "cooling", ``efficiency`` = its hourly COP column
* absorption chiller   -> Link from its heat level to "cooling", ``efficiency`` = its COP
                          column (0 where the level is too cool: never runs)
* cold store           -> cyclic Store on Bus "cold_storage" (``standing_loss`` = loss per
                          hour), Links "cold_storage_charger" (cooling -> store, eta_ch, power
                          capex) and "cold_storage_discharger" (store -> cooling, eta_dis),
                          tied by ``p_nom(ch) = eta_dis p_nom(dis)`` and ``d_min P <= E <=
                          d_max P`` in the ties: ``pypsa_heat``'s thermal store on another bus
                          (its builder names its components "thermal_storage", so the cold
                          store has its own)

The gas a CHP burns is the "gas" generator's (price and CO2 of the heat section's gas), so
the carbon cap (a primary_energy GlobalConstraint over the carriers' ``co2_emissions``)
counts it as parkopt's Scope 1 does.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import pandas as pd
import pypsa
import pypsa_heat
import pypsa_park

from parkopt.optimizer.inputs.cchp_inputs import COOLING_DEMAND
from parkopt.optimizer.inputs.converter_modes import other_converters
from parkopt.optimizer.schema.technologies import COLD_STORAGE

KW_PER_MW = pypsa_heat.KW_PER_MW
COOLING = "cooling"


def cchp_from_inputs(inputs) -> dict:
    """``add_cchp``'s ``cchp`` argument: the cooling demand [kW_c] (None without a cooling
    section), each converter with its modes (input and output buses, secondary outputs,
    hourly efficiency) and costs, the cold store's section (efficiencies filled in)."""
    s, h = inputs.scenario, inputs.hourly
    converters = {}
    for t in other_converters(s):
        spec = getattr(s.technologies, t.name)
        modes = []
        for mo in spec.modes(t.name):
            modes.append(
                {
                    "name": mo.name,
                    "takes": _bus(mo.takes),
                    "gives": _bus(mo.gives),
                    "also": [(_bus(node), ratio) for node, ratio in mo.also],
                    "eff": h[mo.efficiency].to_numpy(dtype=float),
                }
            )
        converters[t.name] = {**spec.model_dump(), "modes": modes}
    stores = [tech.name for tech in COLD_STORAGE if getattr(s.technologies, tech.name) is not None]
    return {
        "demand": None if s.cooling is None else h[COOLING_DEMAND].to_numpy(dtype=float),
        "converters": converters,
        "store": None if not stores else getattr(s.technologies, stores[0]).model_dump(),
    }


def _bus(node: tuple[str, str | None]) -> str:
    """The bus of a parkopt node (carrier, level)."""
    carrier, level = node
    if carrier == "electricity":
        return "AC"
    if carrier == "heat":
        return level
    return carrier  # "gas", "cooling"


def add_cchp(
    n: pypsa.Network, series: Callable, cchp: dict, rate: float, free_mw: float
) -> Callable[[pypsa.Network], None]:
    """Add the cooling balance, the CHP, the chillers and the cold store to ``n`` (which has
    bus "AC" and, with heat, bus "gas" and the levels' buses); return the ties for
    ``extra_functionality``. ``free_mw``: a rating no flow reaches."""
    n.add("Carrier", [COOLING, "chp", "cold_storage"])
    if cchp["demand"] is not None:
        n.add("Bus", COOLING, carrier=COOLING)
        n.add("Load", COOLING, bus=COOLING, p_set=series(cchp["demand"] / KW_PER_MW))
    n.meta["cchp_rating"] = {}
    for k, conv in cchp["converters"].items():
        n.meta["cchp_rating"][k] = _add_converter(n, series, k, conv, rate, free_mw)
    if cchp["store"] is None:
        return lambda n: None
    return pypsa_heat._add_store(n, cchp["store"], rate, "cold_storage", COOLING)


def _rating(eff: np.ndarray) -> tuple[float, np.ndarray]:
    """c (the smallest positive efficiency) and ``p_max_pu`` = c / eff (0 where eff = 0)."""
    ref = float(eff[eff > 0].min())
    return ref, np.divide(ref, eff, out=np.zeros_like(eff), where=eff > 0)


def _add_converter(n, series, k: str, conv: dict, rate: float, free_mw: float) -> float:
    """One converter (module docstring); returns its rating factor c (1 if it never runs)."""
    modes = [mo for mo in conv["modes"] if mo["eff"].max() > 0]
    if not modes:
        return 1.0
    eff = modes[0]["eff"]
    if any(not np.array_equal(mo["eff"], eff) for mo in modes):
        raise ValueError(f"the PyPSA model has no {k} with modes at different efficiencies")
    first = modes[0]
    if len(modes) == 1 and first["takes"] == "AC" and not first["also"]:
        src = {  # an electric converter with one output: pypsa_heat's heat source Link
            "takes": "electricity",
            "eff": {first["gives"]: eff},
            "capex_cny_per_kw": conv["capex_cny_per_kw"],
            "life_years": conv["life_years"],
            "fixed_om_fraction_per_year": conv["fixed_om_fraction_per_year"],
            "fixed_om_cny_per_kw_year": 0.0,
            "min_kw": conv["min_kw"],
            "max_kw": conv["max_kw"],
            "source_kw": None,
        }
        return pypsa_heat._add_source(n, series, k, src, rate, None)
    ref, p_max_pu = _rating(eff)
    annual = pypsa_heat._annual(
        conv["capex_cny_per_kw"], conv["life_years"], conv["fixed_om_fraction_per_year"], rate
    )
    rated = {
        "efficiency": series(eff),
        "p_max_pu": series(p_max_pu),
        "p_nom_extendable": True,
        "p_nom_min": conv["min_kw"] / KW_PER_MW / ref,
        "p_nom_max": math.inf if conv["max_kw"] is None else conv["max_kw"] / KW_PER_MW / ref,
        "capital_cost": ref * annual,
    }

    def ports(mode: dict, scale) -> dict:
        out = {}
        for i, (bus, ratio) in enumerate(mode["also"], start=2):
            out[f"bus{i}"], out[f"efficiency{i}"] = bus, series(ratio * scale)
        return out

    if len(modes) == 1:
        n.add(
            "Link",
            k,
            bus0=first["takes"],
            bus1=first["gives"],
            carrier=k,
            **rated,
            **ports(first, eff),
        )
        return ref
    if any(mo["takes"] != first["takes"] or mo["gives"] != first["gives"] for mo in modes):
        raise ValueError(f"the PyPSA model has no {k} with modes on different buses")
    n.add("Bus", k, carrier=k)  # the primary output before the modes split it
    n.add("Link", k, bus0=first["takes"], bus1=k, carrier=k, **rated)
    for mo in modes:
        n.add(
            "Link",
            f"{k}_{mo['name']}",
            bus0=k,
            bus1=mo["gives"],
            carrier=k,
            p_nom=free_mw,
            **ports(mo, np.ones_like(eff)),
        )
    return ref


def build_network(inputs, cap_t: float | None = None) -> tuple[pypsa.Network, Callable]:
    """The whole park of a prepared scenario (``parkopt.prepare`` or ``make_inputs``) as a
    network and its extra_functionality: ``pypsa_park.park_from_inputs`` (the electricity and
    heat side, the cap) plus ``add_cchp``. Raises ValueError for what it does not model."""
    n, park_extra = pypsa_park.build_network(**pypsa_park.park_from_inputs(inputs, cap_t))
    cchp = cchp_from_inputs(inputs)
    peak_mw = float(n.loads_t.p_set.sum(axis=1).max())
    if cchp["demand"] is not None:
        peak_mw += float(cchp["demand"].max()) / KW_PER_MW
    free_mw = pypsa_park.FREE_RATING * peak_mw  # a rating no flow reaches

    def series(values) -> pd.Series:
        return pd.Series(np.asarray(values, dtype=float), index=n.snapshots)

    ties = add_cchp(n, series, cchp, inputs.scenario.finance.discount_rate, free_mw)

    def extra_functionality(n: pypsa.Network, snapshots) -> None:
        park_extra(n, snapshots)
        ties(n)

    return n, extra_functionality


def capacities(n: pypsa.Network) -> dict[str, float]:
    """Every capacity in parkopt's names and units [kW, kWh]: ``pypsa_park.capacities``
    and the CHP [kW_e], the chillers [kW_c] and the cold store [kW_c, kWh_c]."""
    links, out = n.links.p_nom_opt, pypsa_park.capacities(n)
    for k, ref in n.meta.get("cchp_rating", {}).items():
        out[f"{k}_kw"] = float(links.get(k, 0.0)) * ref * KW_PER_MW
    if "cold_storage" in n.stores.index:
        out["cold_storage_kw"] = float(links["cold_storage_charger"]) * KW_PER_MW
        out["cold_storage_kwh"] = float(n.stores.e_nom_opt["cold_storage"]) * KW_PER_MW
    return out
