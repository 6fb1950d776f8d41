"""Read a solved model back in kW, kWh and currency: capacities, hourly dispatch, duals."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyomo.environ as pyo

from parkopt.models.units import KW_PER_MW
from parkopt.optimizer.accounts import targets
from parkopt.optimizer.inputs.converter_columns import cchp_flow_columns, gas_kw
from parkopt.optimizer.inputs.heat_inputs import (
    heat_dispatch_columns,
    heat_flow_columns,
    heat_storage,
    pairs,
)
from parkopt.optimizer.inputs.plan_inputs import PlanInputs
from parkopt.optimizer.lp import linked
from parkopt.optimizer.lp.generation import resources, surplus_kw
from parkopt.optimizer.lp.solve import Status
from parkopt.optimizer.schema.instances import capacity_keys, generators, instances_of, with_totals
from parkopt.optimizer.schema.supplies import CASCADE, MARKETS, PURCHASED_HEAT
from parkopt.optimizer.schema.technologies import (
    CAPACITY_KEYS,
    GENERATORS,
    Technology,
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


def _battery_columns(m: pyo.ConcreteModel, d: pd.DataFrame) -> None:
    T = list(m.T)
    zeros = np.zeros(len(T))
    has_bat = hasattr(m, "soc")

    def pooled(var, pools) -> np.ndarray:
        if not has_bat:
            return zeros
        return sum(values(var, [(p, t) for t in T]) for p in pools if p in m.POOL) * KW_PER_MW

    d["battery_charge_kw"] = pooled(m.ch, m.POOL) if has_bat else zeros
    d["battery_discharge_kw"] = pooled(m.dis, m.POOL) if has_bat else zeros
    d["battery_soc_kwh"] = pooled(m.soc, m.POOL) if has_bat else zeros
    if "green" in m.POOL:  # the LP tells green from grid energy (else kpis attributes it)
        d["battery_charge_grid_kw"] = pooled(m.ch, ["grid"]) if "grid" in m.POOL else zeros
        d["battery_discharge_grid_kw"] = pooled(m.dis, ["grid"]) if "grid" in m.POOL else zeros


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
    _battery_columns(m, d)
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
        for tech in heat_storage(inputs.scenario):  # the level each store is on
            d.attrs[f"{tech.name}_level"] = getattr(inputs.scenario.technologies, tech.name).level
    for col, values_kw in _cchp_columns(m, inputs, flows).items():
        d[col] = values_kw
    if "gas_kw" in d:  # gas burnt by every converter (those with modes: net_into gas)
        d["gas_kw"] = d["gas_kw"] + gas_kw(d, inputs.scenario)
    d.attrs.update(linked.day_start_attrs(m, KW_PER_MW))  # typical days: storage across days
    return d


def store_columns(m: pyo.ConcreteModel, tech: Technology) -> dict[str, np.ndarray]:
    """A one-pool store's charge, discharge [kW] and state [kWh] (``Technology.columns``),
    read from its variables by its ``lp_prefix``."""
    one, x = [("all", t) for t in m.T], tech.lp_prefix
    return {
        col: values(getattr(m, f"{x}{var}"), one) * KW_PER_MW
        for col, var in zip(tech.columns, ("ch", "dis", "soc"), strict=True)
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
    stored = {}
    for tech in node_stores(inputs.scenario):
        stored.update(store_columns(m, tech))
    return cchp_flow_columns(inputs, q, stored)


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
    stored = {}
    for tech in heat_storage(inputs.scenario):
        stored.update(store_columns(m, tech))
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
