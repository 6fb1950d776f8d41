"""Whole-park figures of a finished dispatch: the annual quantities the accounting needs,
the zero-carbon park indicator before and after, energy by carrier, the heat balances'
audit and the cost of gas and purchased heat.

Reads a dispatch frame with the contract's columns (``dispatch.columns_of``) and the
PlanInputs it came from; changes neither. Sums are scaled to a year (``inputs.year_weight``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from parkopt.models.heat import KWH_PER_GJ
from parkopt.optimizer.accounts import stores
from parkopt.optimizer.accounts.targets import annual_mwh, baseline_annual, green_purchase_ef
from parkopt.optimizer.common import accounting
from parkopt.optimizer.inputs.converter_columns import (
    POWER_IN,
    POWER_OUT,
    add_cchp_carriers,
    net_into,
)
from parkopt.optimizer.inputs.heat_inputs import (
    baseline_heat_kw,
    cascade_levels,
    demand_column,
    heat_storage,
    pairs,
    purchased_levels,
    sources,
)
from parkopt.optimizer.inputs.plan_inputs import PlanInputs
from parkopt.optimizer.schema.carriers import NODE_CARRIERS, Carrier
from parkopt.optimizer.schema.instances import stores as instance_stores
from parkopt.optimizer.schema.technologies import GENERATORS, node_stores


def power_to_heat_kw(d: pd.DataFrame) -> pd.Series | float:
    """Electricity into converters (heat sources, chillers) in each hour [kW] (0 without)."""
    return d.get("power_to_heat_kw", 0.0) + d.get(POWER_IN, 0.0)


def own_fossil_kw(d: pd.DataFrame) -> pd.Series | float:
    """Electricity converters make from fuel (CHP) in each hour [kW]: local, not green."""
    return d.get(POWER_OUT, 0.0)


def annual_of(d: pd.DataFrame, inputs: PlanInputs) -> accounting.Annual:
    """The run's yearly quantities for the accounting [MWh/year, tCO2/year]."""
    local = sum(d[f"{g.name}_kw"] for g in GENERATORS)
    return accounting.Annual(
        grid_import_mwh=annual_mwh(d["grid_import_kw"], inputs),
        grid_export_mwh=annual_mwh(d["grid_export_kw"], inputs),
        local_mwh=annual_mwh(local, inputs),
        green_purchase_mwh=float(d.attrs.get("green_purchase_mwh", 0.0)),
        grid_emissions_t=annual_mwh(d["grid_import_kw"] * d["emission_factor_t_per_mwh"], inputs),
        gas_mwh=annual_mwh(d["gas_kw"], inputs) if "gas_kw" in d else 0.0,
        heat_purchased_mwh=annual_mwh(d["heat_purchased_kw"], inputs)
        if "heat_purchased_kw" in d
        else 0.0,
        available_mwh=annual_mwh(
            sum(d[f"{g.name}_kw"] + d[f"{g.name}_curtailed_kw"] for g in GENERATORS), inputs
        ),
        own_fossil_mwh=annual_mwh(own_fossil_kw(d), inputs) if POWER_OUT in d else 0.0,
    )


def indicator_summary(d: pd.DataFrame, inputs: PlanInputs) -> dict[str, object]:
    """summary.json's ``indicator`` block: the notice's figures of the plan, the same for the
    baseline (today's equipment, grid only), and ``method`` (every factor with its unit)."""
    s = inputs.scenario
    ef = green_purchase_ef(inputs)
    h = inputs.hourly
    grid_mean = float(h["emission_factor_t_per_mwh"].mean())
    out = accounting.indicator_block(annual_of(d, inputs), s, ef)
    out["baseline"] = accounting.indicator_block(baseline_annual(inputs), s, ef)
    out["target_tco2_per_tce"] = s.carbon.tco2_per_tce
    out["target_clean_energy_share"] = s.carbon.clean_energy_share
    out["method"] = accounting.method(s, ef, grid_mean)
    return out


def carriers_block(d: pd.DataFrame, inputs: PlanInputs) -> dict[str, dict[str, float]]:
    """Each carrier's annual demand and supply by technology [MWh/year; gas also m3/year]."""
    s = inputs.scenario

    def mwh(col) -> float:
        return annual_mwh(d[col], inputs)

    elec_supply = {g.name: mwh(f"{g.name}_kw") for g in GENERATORS}
    elec_supply.update(grid_import=mwh("grid_import_kw"), battery=mwh("battery_discharge_kw"))
    elec_demand = {
        "load": mwh("load_kw"),
        "battery": mwh("battery_charge_kw"),
        "grid_export": mwh("grid_export_kw"),
    }
    for k in sources(s):
        if k.tech.takes[0] == "electricity":
            elec_demand[k.stem] = mwh(f"{k.stem}_electricity_kw")
    out = {"electricity": {"supply_mwh": elec_supply, "demand_mwh": elec_demand}}
    if s.heat is None:
        return add_cchp_carriers(out, s, mwh)
    for level in s.heat.by_temperature:
        lv = level.name
        supply = {k: mwh(f"heat_{lv}_{k}_kw") for k, name in pairs(s) if name == lv}
        if lv in purchased_levels(s):
            supply["purchased"] = mwh(f"heat_{lv}_purchased_kw")
        out[f"heat_{lv}"] = {
            "demand_mwh": mwh(demand_column(lv)),
            "supply_mwh": supply,
            "temperature_c": level.temperature_c,
        }
    gas_mwh = mwh("gas_kw")
    out["gas"] = {
        "demand_mwh": {
            k.stem: mwh(f"{k.stem}_gas_kw") for k in sources(s) if k.tech.takes[0] == "gas"
        },
        "total_mwh": gas_mwh,
        "total_m3": gas_mwh * 1000.0 / s.heat.gas.kwh_per_m3,
    }
    return add_cchp_carriers(out, s, mwh)


def heat_audit(d: pd.DataFrame, inputs: PlanInputs) -> dict[str, float]:
    """Largest hourly residual of every heat level's balance [kW_th] and of the thermal
    store's recurrence [kWh_th] (0 without heat)."""
    s = inputs.scenario
    out = {"heat_balance_residual_kw": 0.0, "thermal_soc_residual_kwh": 0.0}
    if s.heat is None:
        return out
    order = [lv.name for lv in s.heat.by_temperature]
    cascade = cascade_levels(s)
    tanks = heat_storage(s)
    worst = 0.0
    for i, lv in enumerate(order):
        net = sum((d[f"heat_{lv}_{k}_kw"] for k, name in pairs(s) if name == lv), 0.0)
        if lv in purchased_levels(s):
            net = net + d[f"heat_{lv}_purchased_kw"]
        if lv in cascade:
            net = net - d[f"heat_{lv}_cascade_kw"]
        if i > 0 and order[i - 1] in cascade:
            net = net + d[f"heat_{order[i - 1]}_cascade_kw"]
        for tank in (i for i in tanks if i.spec.level == lv):
            net = net + d[tank.columns[1]] - d[tank.columns[0]]
        net = net + net_into(d, s, ("heat", lv))
        worst = max(worst, float(np.abs(net - d[demand_column(lv)]).max()))
    out["heat_balance_residual_kw"] = worst
    own = {i: stores.residual_kwh(d, i) for i in tanks}
    out["thermal_soc_residual_kwh"] = max(own.values(), default=0.0)
    out.update({f"{i.stem}_soc_residual_kwh": v for i, v in own.items() if i.named})
    return out


def heat_costs(gas_kw, bought_kw, inputs: PlanInputs) -> dict[str, float]:
    """Annual cost of gas burnt and heat bought [currency/year] from hourly series [kW]."""
    s = inputs.scenario
    if s.heat is None:
        return {}
    ph = s.heat.purchased
    price_kwh = ph.price_cny_per_gj / KWH_PER_GJ if ph is not None else 0.0
    w = inputs.year_weight
    return {
        "gas": float(np.sum(gas_kw)) * w * s.heat.gas.price_per_kwh,
        "purchased_heat": float(np.sum(bought_kw)) * w * price_kwh,
    }


def baseline_heat_costs(inputs: PlanInputs) -> dict[str, float]:
    """Annual cost of today's heat supply (``heat_inputs.baseline_heat_kw``) [currency/year]."""
    return heat_costs(*baseline_heat_kw(inputs.scenario, inputs.hourly), inputs)


def node_audit(d: pd.DataFrame, inputs: PlanInputs, carrier: Carrier) -> dict[str, float]:
    """Largest hourly residual of the balance of ``carrier`` (one with a demand of its own:
    ``cooling_balance_residual_kw``) [its unit] and of each store's recurrence on its node
    (``cold_storage_soc_residual_kwh``) [its unit x h]."""
    s = inputs.scenario
    net = net_into(d, s, (carrier.name, None))
    out = {}
    for inst in instance_stores(s, node_stores(s, carrier)):  # each named one's and the worst
        net = net + d[inst.columns[1]].to_numpy() - d[inst.columns[0]].to_numpy()
        key = f"{inst.tech.name}_soc_residual_kwh"
        residual = stores.residual_kwh(d, inst)
        out[key] = max(out.get(key, 0.0), residual)
        if inst.named:
            out[f"{inst.stem}_soc_residual_kwh"] = residual
    residual = np.abs(np.asarray(net - d[carrier.demand_column], dtype=float)).max()
    return {f"{carrier.name}_balance_residual_kw": float(residual), **out}


def served_mwh(energy: dict[str, float]) -> float:
    """Energy served a year [MWh]: the electricity load, the heat demand and each carrier's
    own demand (cooling) where present."""
    own = sum(energy.get(f"{c.name}_demand", 0.0) for c in NODE_CARRIERS)
    return energy["load"] + energy.get("heat_demand", 0.0) + own
