"""The dispatch columns of the converters that declare their own modes (CHP, chillers), of
the cooling demand and the cold store, and the nets they add to each balance.

Per converter instance k (its stem: ``chp``, ``chp_north``): ``<k>_<carrier>_kw`` for each
carrier it gives, then the one it takes (``chp_electricity_kw``, ``chp_heat_kw``,
``chp_gas_kw``; ``chiller_cooling_kw``, ``chiller_electricity_kw``...); a technology given as
a list of named instances has its own columns too, the totals over them. Totals:
``converter_electricity_in_kw`` (electricity these converters use: the park's, like power to
heat), ``converter_electricity_out_kw`` (what they give: local but not green). Then each
carrier's own demand (``<carrier>_demand_kw``: ``cooling_demand_kw``) and the columns of the
stores on its node (the cold store's), from the registry (``technologies.NODE_CARRIERS``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from parkopt.optimizer.inputs.converter_modes import mode_converters, other_converters
from parkopt.optimizer.schema.carriers import demand_carriers
from parkopt.optimizer.schema.instances import instances_of, listed, store_columns, stores
from parkopt.optimizer.schema.technologies import node_stores

POWER_IN, POWER_OUT = "converter_electricity_in_kw", "converter_electricity_out_kw"
ELECTRICITY = ("electricity", None)


def carrier_columns(stem: str, tech) -> tuple[str, ...]:
    """An instance's carrier columns: its outputs, then its input (``Technology.columns``)."""
    return tuple(f"{stem}_{c}_kw" for c in dict.fromkeys((*tech.gives, *tech.takes)))


def _listed(scenario) -> list:
    """These converters given as a list of named instances: their technology's columns hold
    the totals over the instances."""
    return [t for t in other_converters(scenario) if listed(scenario, t)]


def nodes_of(inst) -> dict[str, tuple[tuple, int]]:
    """Each carrier column of instance ``inst``: (its node, +1 given to it or -1 taken)."""
    mode = inst.spec.modes(inst.stem)[0]
    out = {mode.gives[0]: (mode.gives, 1)}
    out.update({node[0]: (node, 1) for node, _ in mode.also})
    out[mode.takes[0]] = (mode.takes, -1)
    return out


def cchp_dispatch_columns(scenario) -> tuple[str, ...]:
    """The columns, in order (module docstring): each instance's, each listed technology's
    totals [kW, kWh_c]; none without such converters."""
    convs = mode_converters(scenario)
    cols = [c for i in convs for c in carrier_columns(i.stem, i.tech)]
    cols += [c for t in _listed(scenario) for c in t.columns]
    if convs:
        cols += [POWER_IN, POWER_OUT]
    for carrier in demand_carriers(scenario):
        cols.append(carrier.demand_column)
        cols += [c for s in node_stores(scenario, carrier) for c in store_columns(scenario, s)]
    return tuple(cols)


def cchp_flow_columns(inputs, q: dict, stored: dict) -> dict[str, np.ndarray]:
    """The columns from the flows a run decided: ``q[(stem, mode)]`` the primary output of
    each mode of each instance [kW]; ``stored`` the columns of the stores on the nodes."""
    s, h = inputs.scenario, inputs.hourly
    zeros = np.zeros(len(h))
    cols = {POWER_IN: zeros.copy(), POWER_OUT: zeros.copy()}
    for i in mode_converters(s):
        k = i.stem
        for c in carrier_columns(k, i.tech):
            cols[c] = zeros.copy()
        for mo in i.spec.modes(k):
            flow = q.get((k, mo.name), zeros)
            e = h[mo.efficiency].to_numpy()
            cols[f"{k}_{mo.gives[0]}_kw"] += flow
            for node, ratio in mo.also:
                cols[f"{k}_{node[0]}_kw"] += ratio * flow
            cols[f"{k}_{mo.takes[0]}_kw"] += np.divide(flow, e, out=zeros.copy(), where=e > 0)
        for carrier, (node, sign) in nodes_of(i).items():
            if node == ELECTRICITY:
                cols[POWER_OUT if sign > 0 else POWER_IN] += cols[f"{k}_{carrier}_kw"]
    for t in _listed(s):
        for c in t.columns:
            stems = [i.stem for i in instances_of(s, t)]
            cols[c] = sum((cols[k + c[len(t.name) :]] for k in stems), zeros)
    cols.update({c.demand_column: h[c.demand_column].to_numpy() for c in demand_carriers(s)})
    cols.update(stored)
    return {c: cols[c] for c in cchp_dispatch_columns(s)}


def net_into(d: pd.DataFrame, scenario, node) -> pd.Series | float:
    """What these converters give to ``node`` less what they take from it, each hour [kW]."""
    total = 0.0
    for i in mode_converters(scenario):
        for carrier, (n, sign) in nodes_of(i).items():
            if n == node:
                total = total + sign * d[f"{i.stem}_{carrier}_kw"]
    return total


def gas_kw(d: pd.DataFrame, scenario) -> pd.Series | float:
    """Gas these converters burn each hour [kW LHV]."""
    return -net_into(d, scenario, ("gas", None))


def _block_of(node) -> str:
    """The key of summary.json's ``carriers`` block a node's flows go to."""
    carrier, level = node
    return f"heat_{level}" if carrier == "heat" else carrier


def add_cchp_carriers(out: dict, scenario, mwh) -> dict:
    """These converters' and the nodes' stores' annual flows into ``out`` (summary.json's
    ``carriers``): what each gives under its carrier's ``supply_mwh``, what each takes under
    its ``demand_mwh`` (by name), or ``taken_mwh`` where the demand is one figure (a heat
    level's absorption chiller); each carrier with a demand of its own (``cooling``) with its
    demand, the converters' and its stores' discharge as supply, their charge taken.
    ``mwh(column)`` [MWh/year]."""
    for c in demand_carriers(scenario):
        out[c.name] = {"demand_mwh": mwh(c.demand_column), "supply_mwh": {}}
    for i in mode_converters(scenario):
        for carrier, (node, sign) in nodes_of(i).items():
            block, value = out.get(_block_of(node)), mwh(f"{i.stem}_{carrier}_kw")
            if block is None:
                continue
            if sign > 0:
                block.setdefault("supply_mwh", {})[i.stem] = value
            elif isinstance(block.get("demand_mwh"), dict):
                block["demand_mwh"][i.stem] = value
            else:
                block.setdefault("taken_mwh", {})[i.stem] = value
    for s in stores(scenario, node_stores(scenario)):  # each instance by its stem
        charge, discharge = s.columns[:2]
        out[s.tech.gives[0]]["supply_mwh"][s.stem] = mwh(discharge)
        out[s.tech.gives[0]].setdefault("taken_mwh", {})[s.stem] = mwh(charge)
    return out
