"""Read a solved model back in kW, kWh and currency: capacities, hourly dispatch, duals."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyomo.environ as pyo

from parkopt.models.units import KW_PER_MW
from parkopt.optimizer.accounts import targets
from parkopt.optimizer.inputs.converter_columns import cchp_flow_columns, gas_kw
from parkopt.optimizer.inputs.heat_inputs import heat_dispatch_columns, heat_flow_columns, pairs
from parkopt.optimizer.inputs.plan_inputs import PlanInputs
from parkopt.optimizer.lp import linked
from parkopt.optimizer.lp.generation import resources, surplus_kw
from parkopt.optimizer.lp.solve import Status
from parkopt.optimizer.lp.storage import ONE_POOL
from parkopt.optimizer.schema.instances import (
    Instance,
    capacity_keys,
    generators,
    instances_of,
    stores,
    with_store_totals,
    with_totals,
)
from parkopt.optimizer.schema.supplies import CASCADE, MARKETS, PURCHASED_HEAT
from parkopt.optimizer.schema.technologies import (
    BATTERY_TECH,
    CAPACITY_KEYS,
    GENERATORS,
    HEAT_STORAGE,
    STORAGE,
    node_stores,
)

DUAL_TOL = 1e-9
"""A target's shadow price at or below this [currency per unit] means it does not bind."""


@dataclass
class LPResult:
    """What one solve returned, in kW, kWh and currency units."""

    status: Status
    capacities_kw: dict[str, float]
    dispatch: pd.DataFrame
    duals: dict[str, float | None] = field(default_factory=dict)
    objective_value: float | None = None  # currency per year (cost objective)
    warm_start: bool = False  # solved by updating a kept model (ModelCache)


def values(var, index) -> np.ndarray:
    """Values of a Pyomo variable over ``index`` (unset values as 0) [model units]."""
    return np.fromiter((var[i].value or 0.0 for i in index), dtype=float, count=len(index))


def capacities_kw(m: pyo.ConcreteModel, inputs: PlanInputs) -> dict[str, float]:
    """Every registered capacity [kW, kWh], 0 for technologies the scenario lacks, then its
    named instances' (``instances.capacity_keys``); a technology with named instances has
    their total under its own key."""
    keys = (*CAPACITY_KEYS, *capacity_keys(inputs.scenario))
    caps = {k: (m.cap[k].value or 0.0) * KW_PER_MW if k in m.K else 0.0 for k in keys}
    return with_totals(caps, inputs.scenario)


def _battery_columns(m: pyo.ConcreteModel, inputs: PlanInputs, d: pd.DataFrame) -> None:
    """Each battery instance's charge, discharge [kW] and state [kWh] summed over its pools,
    the battery's own columns (the totals; 0 without one) and, where the LP tells green from
    grid energy, the grid pools' charge and discharge over every instance [kW]."""
    zeros = np.zeros(len(m.T))
    pools = getattr(m, "battery_pools", {})
    batteries = stores(inputs.scenario, STORAGE)
    cols = dict.fromkeys(BATTERY_TECH.columns, zeros)
    for i in batteries:
        cols.update(store_columns(m, i, pools[i.lp_prefix]))
    for col, values_kw in with_store_totals(cols, inputs.scenario, BATTERY_TECH).items():
        d[col] = values_kw
    if any("green" in p for p in pools.values()):  # else kpis attributes it
        grid = [store_columns(m, i, ("grid",)) for i in batteries if "grid" in pools[i.lp_prefix]]
        for k, col in enumerate(("battery_charge_grid_kw", "battery_discharge_grid_kw")):
            d[col] = sum((list(g.values())[k] for g in grid), zeros)


def _generator_columns(m: pyo.ConcreteModel, inputs: PlanInputs, caps: dict, d) -> None:
    """Each generator's output used and curtailed [kW]. A generator with an output variable
    (``m.GV``: all in the exact form, those under contract under free disposal) uses ``gen``;
    under free disposal the balance's slack (``generation.surplus_kw``) is shared among the
    others in proportion to their available output (any slack beyond it, possible only at a
    contract price of 0, comes off the contracted output)."""
    h, T = inputs.hourly, list(m.T)
    available = {g: h[col].to_numpy() * caps[key] for g, (key, col) in resources(inputs).items()}
    used = {g: values(m.gen, [(g, t) for t in T]) * KW_PER_MW for g in m.GV}
    if m.free_disposal:
        free = [g for g in available if g not in used]
        total = sum((available[g] for g in free), np.zeros(len(T)))
        slack = surplus_kw(m)
        share = np.divide(slack, total, out=np.zeros(len(T)), where=total > 0).clip(0.0, 1.0)
        used.update({g: available[g] * (1.0 - share) for g in free})
        rest = np.maximum(slack - total * share, 0.0)
        paid = sum((used[g] for g in m.GV), np.zeros(len(T)))
        cut = np.divide(rest, paid, out=np.zeros(len(T)), where=paid > 0).clip(0.0, 1.0)
        for g in m.GV:
            used[g] = used[g] * (1.0 - cut)
    zeros = np.zeros(len(T))
    for g in GENERATORS:  # a technology's own columns: its only instance's, or the total
        stems = [i.stem for i in instances_of(inputs.scenario, g)]
        d[f"{g.name}_kw"] = sum((used.get(s, zeros) for s in stems), zeros)
        d[f"{g.name}_curtailed_kw"] = sum((available[s] - used.get(s, zeros) for s in stems), zeros)
    for i in generators(inputs.scenario):
        if i.named:
            d[i.columns[0]] = used.get(i.stem, zeros)
            d[i.columns[1]] = available[i.stem] - d[i.columns[0]]


def dispatch_frame(m: pyo.ConcreteModel, inputs: PlanInputs, caps: dict) -> pd.DataFrame:
    """The hourly dispatch [kW, kWh] as the LP left it (``dispatch.finalise`` completes it)."""
    h = inputs.hourly
    T = list(m.T)
    zeros = np.zeros(len(T))
    d = pd.DataFrame(index=h.index)
    d["load_kw"] = h["load_kw"].to_numpy()
    _generator_columns(m, inputs, caps, d)
    _battery_columns(m, inputs, d)
    if m.has_green_purchase:
        d.attrs["green_purchase_mwh"] = float(m.green_mwh.value or 0.0)
    for k in MARKETS:  # grid import and export
        d[k.column] = values(getattr(m, k.name), T) * KW_PER_MW if hasattr(m, k.name) else zeros
    d["price_per_kwh"] = h["price_per_kwh"].to_numpy()
    d["emission_factor_t_per_mwh"] = h["emission_factor_t_per_mwh"].to_numpy()
    flows = _mode_flows(m)
    if heat_dispatch_columns(inputs.scenario):
        heat = _heat_columns(m, inputs, flows)
        for col in heat_dispatch_columns(inputs.scenario):
            d[col] = heat[col]
        for tank in stores(inputs.scenario, HEAT_STORAGE):  # the plots place it by it
            d.attrs[f"{tank.stem}_level"] = tank.spec.level
    for col, values_kw in _cchp_columns(m, inputs, flows).items():
        d[col] = values_kw
    if "gas_kw" in d:  # gas burnt by every converter (those with modes: net_into gas)
        d["gas_kw"] = d["gas_kw"] + gas_kw(d, inputs.scenario)
    d.attrs.update(linked.day_start_attrs(m, KW_PER_MW))  # typical days: storage across days
    return d


def store_columns(m: pyo.ConcreteModel, inst: Instance, pools=ONE_POOL) -> dict[str, np.ndarray]:
    """A store instance's charge, discharge [kW] and state [kWh] (``Instance.columns``)
    summed over its energy ``pools``, read from its variables by its ``lp_prefix``."""
    x = inst.lp_prefix
    return {
        col: sum(values(getattr(m, f"{x}{var}"), [(p, t) for t in m.T]) for p in pools) * KW_PER_MW
        for col, var in zip(inst.columns, ("ch", "dis", "soc"), strict=True)
    }


def _mode_flows(m: pyo.ConcreteModel) -> dict[tuple, np.ndarray]:
    """Each converter mode's output by (instance stem, output) over the hours, 0 where the
    mode has no variable [kW]: read once for the heat and the other converters' columns."""
    q = {}
    for k, o, t in m.HQ:
        q.setdefault((k, o), np.zeros(len(m.T)))[t] = (m.q[k, o, t].value or 0.0) * KW_PER_MW
    return q


def _cchp_columns(
    m: pyo.ConcreteModel, inputs: PlanInputs, q: dict[tuple, np.ndarray]
) -> dict[str, np.ndarray]:
    """Hourly flows of CHP, chillers, each carrier's own demand and the stores on its node
    [kW, kWh]; ``q``: ``_mode_flows``."""
    return cchp_flow_columns(inputs, q, _stored(m, inputs, node_stores(inputs.scenario)))


def _stored(m: pyo.ConcreteModel, inputs: PlanInputs, techs) -> dict[str, np.ndarray]:
    """The store columns of ``techs`` (``instances.store_columns``): each instance's and
    each listed technology's totals [kW, kWh]."""
    stored = {}
    for tech in techs:
        cols = {}
        for i in stores(inputs.scenario, (tech,)):
            cols.update(store_columns(m, i))
        stored.update(with_store_totals(cols, inputs.scenario, tech))
    return stored


def level_flows(m: pyo.Block, name: str) -> dict[str, np.ndarray]:
    """A supply's or a link's hourly flow by level (``supplies.py``: ``<name>[l,t]``), {}
    where the model has none [kW]."""
    if not hasattr(m, name):
        return {}
    var, T = getattr(m, name), list(m.T)
    return {lv: values(var, [(lv, t) for t in T]) * KW_PER_MW for lv in getattr(m, f"{name}_at")}


def _heat_columns(
    m: pyo.ConcreteModel, inputs: PlanInputs, flows: dict[tuple, np.ndarray]
) -> dict[str, np.ndarray]:
    """Hourly heat flows [kW_th, kW, kWh_th]: the heat columns of the dispatch frame;
    ``flows``: ``_mode_flows``."""
    zeros = np.zeros(len(m.T))
    q = {(k, lv): flows.get((k, lv), zeros) for k, lv in pairs(inputs.scenario)}
    bought, down = (level_flows(m, x.name) for x in (PURCHASED_HEAT, CASCADE))
    stored = _stored(m, inputs, HEAT_STORAGE)
    return heat_flow_columns(inputs, q, bought, down, stored)


def duals(m: pyo.ConcreteModel, inputs: PlanInputs) -> dict[str, float | None]:
    """Shadow prices of the target rows [currency/tCO2, currency/MWh]; None where a row does
    not bind."""
    raw = getattr(m, "solution_duals", {})
    # d(cost)/d(rhs) in kCNY per model unit -> currency. Relaxing a binding target never
    # raises the cost, so the price is the dual's magnitude: the dual's sign depends on how
    # Pyomo writes the row (a share row with power to heat on its right-hand side flips it).
    # every row is in tCO2, tce or MWh against an objective in kCNY: x 1,000 -> currency
    out = {}
    for t in targets.TARGETS:
        if hasattr(m, t.row):
            value = abs(raw.get(getattr(m, t.row), 0.0)) * KW_PER_MW
            out[t.row] = value if value > DUAL_TOL else None
    return out


def extract(m: pyo.ConcreteModel, inputs: PlanInputs, status: Status) -> LPResult:
    """Capacities [kW, kWh], hourly dispatch [kW, kWh] and duals [currency per unit]."""
    caps = capacities_kw(m, inputs)
    d = dispatch_frame(m, inputs, caps)
    objective = status.objective * KW_PER_MW if status.objective is not None else None
    return LPResult(status, caps, d, duals(m, inputs), objective)
