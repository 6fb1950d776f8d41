"""Shares, costs, green accounting and audits of a dispatch, for plan, simulate and studies.

Every function reads a dispatch frame with the timeseries contract's columns (kW, kWh per
hour) and the PlanInputs it came from, and changes neither. Targets and baselines come from
``targets`` (whence the LP takes its right-hand sides). Sums over the horizon are scaled to
a year by ``inputs.year_weight`` (1 for a full year)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from parkopt.models.units import KWH_PER_MWH, MONTHS_PER_YEAR
from parkopt.optimizer.accounts import ownership, stores, whole_park
from parkopt.optimizer.accounts.targets import (
    annual_mwh,
    baseline_emissions_t,
    green_purchase_ef,
)
from parkopt.optimizer.common import accounting
from parkopt.optimizer.inputs.converter_columns import cchp_dispatch_columns
from parkopt.optimizer.inputs.heat_inputs import existing_upkeep
from parkopt.optimizer.inputs.plan_inputs import PlanInputs
from parkopt.optimizer.schema.carriers import demand_carriers
from parkopt.optimizer.schema.instances import generators, named_stores
from parkopt.optimizer.schema.technologies import GENERATORS, STORAGE

BALANCE_TOL_KW = 1e-6
"""Largest hourly energy-balance residual a run may have [kW]."""
SOC_TOL_KWH = 1e-6
"""Largest state-of-charge recurrence residual a run may have [kWh]."""


def local_kw(d: pd.DataFrame) -> pd.Series:
    """Local generation delivered in each hour, every generator summed [kW]."""
    return sum(d[f"{g.name}_kw"] for g in GENERATORS)


def curtailed_kw(d: pd.DataFrame) -> pd.Series:
    """Local generation curtailed in each hour, every generator summed [kW]."""
    return sum(d[f"{g.name}_curtailed_kw"] for g in GENERATORS)


def electric_demand_kw(d: pd.DataFrame) -> pd.Series:
    """Electricity used in each hour: the load plus power into heat sources [kW]."""
    return d["load_kw"] + whole_park.power_to_heat_kw(d)


def emissions_t(d: pd.DataFrame, inputs: PlanInputs) -> float:
    """Annual location-based emissions, Scope 1 + 2: ``sum_t ef_t * imp_t`` plus gas burnt
    and heat bought (``accounting.footprint_t``) [tCO2]."""
    a = whole_park.annual_of(d, inputs)
    return float(accounting.footprint_t(a, inputs.scenario, 0.0, market_based=False))


def green_purchase_mwh(d: pd.DataFrame) -> float:
    """Green energy bought (certificates, green power trading) [MWh/year]."""
    return float(d.attrs.get("green_purchase_mwh", 0.0))


def renewable_share(d: pd.DataFrame, inputs: PlanInputs) -> float:
    """Annual volumetric share: local PV and wind delivered (exports included) plus green
    purchases, over the load [-]."""
    local = annual_mwh(local_kw(d), inputs)
    return (local + green_purchase_mwh(d)) / annual_mwh(electric_demand_kw(d), inputs)


def local_renewable_share(d: pd.DataFrame, inputs: PlanInputs) -> float:
    """Local PV and wind delivered (exports included), without green purchases, over the
    electricity used by the load and heat sources [-]."""
    return annual_mwh(local_kw(d), inputs) / annual_mwh(electric_demand_kw(d), inputs)


def emissions_market_t(d: pd.DataFrame, inputs: PlanInputs) -> float:
    """Market-based emissions: location-based less ``ef_avg * G`` for green purchases
    [tCO2/year]; the carbon cap applies to this figure."""
    return emissions_t(d, inputs) - green_purchase_ef(inputs) * green_purchase_mwh(d)


def battery_green_discharge_kw(d: pd.DataFrame, inputs: PlanInputs) -> np.ndarray:
    """Green part of each hour's battery discharge, every instance summed [kW], by a
    well-mixed pool rule (``stores.green_discharge_kw``).

    Rule: local PV and wind serve the load of the same hour first, then charge the batteries
    (in the order given); any further charge comes from the grid. Each battery is one
    well-mixed pool.
    """
    surplus = local_kw(d).to_numpy() - electric_demand_kw(d).to_numpy()
    charged = stores.green_charge_kw(d, inputs, surplus)
    return sum((stores.green_discharge_kw(d, i, c) for i, c in charged.items()), np.zeros(len(d)))


def battery_grid_kw(d: pd.DataFrame, inputs: PlanInputs) -> tuple[np.ndarray, np.ndarray]:
    """The grid part of the battery's charge and of its discharge in each hour [kW]: as the
    run gave them (an LP with green and grid pools), else by the well-mixed rule of
    ``battery_green_discharge_kw``."""
    if "battery_charge_grid_kw" in d:
        return d["battery_charge_grid_kw"].to_numpy(), d["battery_discharge_grid_kw"].to_numpy()
    surplus = local_kw(d).to_numpy() - electric_demand_kw(d).to_numpy()
    ch = d["battery_charge_kw"].to_numpy()
    ch_green = sum(stores.green_charge_kw(d, inputs, surplus).values(), np.zeros(len(d)))
    dis_grid = d["battery_discharge_kw"].to_numpy() - battery_green_discharge_kw(d, inputs)
    return ch - ch_green, dis_grid


def matched_kw(d: pd.DataFrame, inputs: PlanInputs) -> pd.Series:
    """Load met in each hour by local PV and wind, directly or through the battery's green
    energy: ``load - import + battery charge from grid - battery discharge of grid energy``
    [kW] (DESIGN.md; where the battery never charges from the grid, ``load - import``)."""
    if "matched_kw" in d:
        return d["matched_kw"]
    ch_grid, dis_grid = battery_grid_kw(d, inputs)
    demand = electric_demand_kw(d)
    fossil = whole_park.own_fossil_kw(d)  # a CHP's power is local but not green
    return (demand - d["grid_import_kw"] - fossil + ch_grid - dis_grid).rename("matched_kw")


def hourly_matched_share(d: pd.DataFrame, inputs: PlanInputs) -> float:
    """24/7 share: ``sum_t matched_kw / sum_t (load + power to heat)`` [-]; certificates do
    not count."""
    return float(matched_kw(d, inputs).sum() / electric_demand_kw(d).sum())


def cost_parts(
    d: pd.DataFrame, inputs: PlanInputs, capacities: dict[str, float]
) -> dict[str, float]:
    """Annual cost and its parts [currency/year]; ``total_annual`` is the sum of the parts
    (``operating_annual`` is a subtotal, not a part). Under contract (``finance.ownership``)
    the contracted technologies' capital and O&M are 0 and ``contract_payments`` holds price
    x kWh delivered (``ownership.contract_payments``); own plants priced per kWh
    (``energy_price_cny_per_kwh``) add ``ppa_payments`` (``ownership.ppa_payments``).
    ``operating_annual``: the cost of running the park (energy, demand charge, green
    purchases, gas and heat, exchange charges, contract and PPA payments, less export
    revenue), without capital and fixed O&M: what fixed sizes are judged on."""
    econ = inputs.economics
    capex = sum(e.annualised_capex_per_unit * capacities[k] for k, e in econ.items())
    fom = sum(e.fixed_om_per_unit * capacities[k] for k, e in econ.items())
    w = inputs.year_weight
    grid_import = float((d["grid_import_kw"] * d["price_per_kwh"]).sum()) * w
    export_revenue = float((d["grid_export_kw"] * inputs.hourly["export_price_per_kwh"]).sum()) * w
    demand_charge = _demand_charge(d["grid_import_kw"], inputs)
    gp = inputs.scenario.green_purchase
    green = green_purchase_mwh(d) * gp.premium_cny_per_mwh if gp is not None else 0.0
    heat = {}
    if inputs.scenario.heat is not None:
        heat = whole_park.heat_costs(d["gas_kw"], d["heat_purchased_kw"], inputs)
    exchange = _exchange_charges(d, inputs)
    paid = {
        part: sum(by_name.values(), 0.0)
        for part, by_name in (
            ("contract_payments", ownership.contract_payments(d, inputs)),
            ("ppa_payments", ownership.ppa_payments(d, inputs)),
        )
        if by_name
    }
    operating = grid_import + demand_charge + green + sum(heat.values()) - export_revenue
    operating += sum(exchange.values(), 0.0) + sum(paid.values(), 0.0)
    return {
        "total_annual": capex + fom + operating,
        "operating_annual": operating,
        "capex_annual": capex,
        "fixed_om": fom,
        "grid_import": grid_import,
        "demand_charge": demand_charge,
        "green_purchase": green,
        **heat,
        **paid,
        **exchange,
        "export_revenue": export_revenue,
    }


def _exchange_charges(d: pd.DataFrame, inputs: PlanInputs) -> dict[str, float]:
    """``grid_exchange_charges``: a direct-connection project's charges per kWh imported
    and exported (``green_direct_connection``) [currency/year]; empty without one."""
    gdc = inputs.scenario.green_direct_connection
    if gdc is None:
        return {}
    imported = annual_mwh(d["grid_import_kw"], inputs) * KWH_PER_MWH
    exported = annual_mwh(d["grid_export_kw"], inputs) * KWH_PER_MWH
    charge = gdc.import_charge_cny_per_kwh * imported + gdc.export_charge_cny_per_kwh * exported
    return {"grid_exchange_charges": charge}


def _demand_charge(import_kw: pd.Series, inputs: PlanInputs) -> float:
    """Demand charge on each month's peak import, scaled to 12 months [currency/year]."""
    rate = inputs.scenario.tariff.demand_charge_cny_per_kw_month
    peaks = (
        pd.Series(np.asarray(import_kw), index=inputs.hourly.index)
        .groupby(inputs.hourly["month"].to_numpy())
        .max()
    )
    return float(rate * peaks.sum() * MONTHS_PER_YEAR / len(peaks))


def baseline_cost(inputs: PlanInputs) -> float:
    """Annual cost of the park today: the whole load from the grid and, with heat, today's
    gas and purchased heat (``heat_inputs.baseline_heat_kw``) and the existing boilers' O&M
    [currency/year]."""
    h = inputs.hourly
    energy = float((h["load_kw"] * h["price_per_kwh"]).sum()) * inputs.year_weight
    heat = sum(whole_park.baseline_heat_costs(inputs).values())
    upkeep = existing_upkeep(inputs.scenario)
    return energy + _demand_charge(h["load_kw"], inputs) + heat + upkeep


def audit(d: pd.DataFrame, inputs: PlanInputs) -> dict[str, float]:
    """Largest hourly residuals of the energy balance [kW] and SOC recurrence [kWh]."""
    supply = local_kw(d) + d["grid_import_kw"] + whole_park.own_fossil_kw(d)
    demand = electric_demand_kw(d) + d["grid_export_kw"]
    for s in STORAGE:
        supply = supply + d[f"{s.name}_discharge_kw"]
        demand = demand + d[f"{s.name}_charge_kw"]
    out = {"balance_residual_kw": float((supply - demand).abs().max())}
    out.update(stores.battery_residuals(d, inputs))
    if inputs.scenario.heat is not None:
        out.update(whole_park.heat_audit(d, inputs))
    for carrier in demand_carriers(inputs.scenario):
        out.update(whole_park.node_audit(d, inputs, carrier))
    return out


def energy_mwh(d: pd.DataFrame, inputs: PlanInputs) -> dict[str, float]:
    """Annual energy of every flow [MWh/year]: load, each generator's output and curtailment,
    grid import and export, each store's charge and discharge."""
    energy = {"load": annual_mwh(d["load_kw"], inputs)}
    if "power_to_heat_kw" in d:  # with heat: the heat served and the power and gas into it
        levels = inputs.scenario.heat.levels
        energy["heat_demand"] = sum(
            annual_mwh(d[f"heat_{lv.name}_demand_kw"], inputs) for lv in levels
        )
        energy["power_to_heat"] = annual_mwh(d["power_to_heat_kw"], inputs)
        energy["gas"] = annual_mwh(d["gas_kw"], inputs)
        energy["heat_purchased"] = annual_mwh(d["heat_purchased_kw"], inputs)
        if "thermal_storage_discharge_kw" in d:  # what a contract on it is paid for
            energy["thermal_storage_discharge"] = annual_mwh(
                d["thermal_storage_discharge_kw"], inputs
            )
    for col in cchp_dispatch_columns(inputs.scenario):  # CHP, chillers, cooling, cold store
        if col.endswith("_kw"):
            energy[col.removesuffix("_kw")] = annual_mwh(d[col], inputs)
    energy.update({g.name: annual_mwh(d[f"{g.name}_kw"], inputs) for g in GENERATORS})
    energy["curtailed"] = annual_mwh(curtailed_kw(d), inputs)
    for g in GENERATORS:
        energy[f"{g.name}_curtailed"] = annual_mwh(d[f"{g.name}_curtailed_kw"], inputs)
    for i in generators(inputs.scenario):  # named instances beside their technology's total
        if i.named:
            energy[i.stem] = annual_mwh(d[i.columns[0]], inputs)
            energy[f"{i.stem}_curtailed"] = annual_mwh(d[i.columns[1]], inputs)
    energy["grid_import"] = annual_mwh(d["grid_import_kw"], inputs)
    energy["grid_export"] = annual_mwh(d["grid_export_kw"], inputs)
    for s in STORAGE:
        for flow in ("charge", "discharge"):
            energy[f"{s.name}_{flow}"] = annual_mwh(d[f"{s.name}_{flow}_kw"], inputs)
    for i in named_stores(inputs.scenario):  # beside their technology's total
        for flow, col in zip(("charge", "discharge"), i.columns, strict=False):
            energy[f"{i.stem}_{flow}"] = annual_mwh(d[col], inputs)
    return energy


def summarise(
    d: pd.DataFrame, inputs: PlanInputs, capacities: dict[str, float], monthly: pd.DataFrame
) -> dict[str, object]:
    """Every figure of summary.json that follows from a finished dispatch and its monthly
    table (kind-independent); reads both, changes neither."""
    energy = energy_mwh(d, inputs)
    cost = cost_parts(d, inputs, capacities)
    cycles = stores.cycles_by_instance(energy, inputs, capacities)
    out = {
        "capacity": dict(capacities),
        "energy_mwh": energy,
        "cost": cost,
        "lcoe_per_kwh": cost["total_annual"] / (whole_park.served_mwh(energy) * KWH_PER_MWH),
        "emissions_t": emissions_t(d, inputs),
        "emissions_market_t": emissions_market_t(d, inputs),
        "green_purchase_mwh": green_purchase_mwh(d),
        "baseline_emissions_t": baseline_emissions_t(inputs),
        "baseline_cost": baseline_cost(inputs),
        "renewable_share": renewable_share(d, inputs),
        "local_renewable_share": local_renewable_share(d, inputs),
        "hourly_matched_share": hourly_matched_share(d, inputs),
        "battery_cycles": stores.battery_cycles(energy, inputs, capacities),
        "green": green_accounting(d, inputs),
        "monthly_peak_import_kw": {str(k): v for k, v in monthly["peak_import_kw"].items()},
        "indicator": whole_park.indicator_summary(d, inputs),
        "carriers": whole_park.carriers_block(d, inputs),
        "audit": audit(d, inputs),
    }
    if cycles:  # a list of batteries: each one's beside the total
        out["battery_cycles_by_instance"] = cycles
    return out


GREEN_HOUR_TOL_KW = 1e-6
"""An hour is fully green when its matched load falls short of the load by at most this [kW]."""


def longest_run(flags: np.ndarray) -> int:
    """Length of the longest run of True in ``flags`` [hours]."""
    best = run = 0
    for flag in flags:
        run = run + 1 if flag else 0
        best = max(best, run)
    return best


def green_accounting(d: pd.DataFrame, inputs: PlanInputs) -> dict[str, float]:
    """Hour-by-hour green figures: hours fully green, the longest run of them (grid-free
    hours), and the hourly green share's spread [h, -]."""
    matched = matched_kw(d, inputs).to_numpy()
    load = electric_demand_kw(d).to_numpy()
    green = matched >= load - GREEN_HOUR_TOL_KW
    share = np.divide(matched, load, out=np.ones_like(load), where=load > 0)
    return {
        "hours_fully_green": int(green.sum()),
        "longest_grid_free_run_h": longest_run(green),
        "hours_below_half_green": int((share < 0.5).sum()),
    }


def monthly_table(d: pd.DataFrame, inputs: PlanInputs) -> pd.DataFrame:
    """Per calendar month: energy [MWh], peak import [kW], demand charge and energy cost
    [currency], emissions [tCO2] and the green shares [-] (horizon values, not scaled)."""
    rate = inputs.scenario.tariff.demand_charge_cny_per_kw_month
    mwh = {"load_mwh": d["load_kw"] / KWH_PER_MWH}
    mwh.update({f"{g.name}_mwh": d[f"{g.name}_kw"] / KWH_PER_MWH for g in GENERATORS})
    frame = pd.DataFrame(
        {
            **mwh,
            "curtailed_mwh": curtailed_kw(d) / KWH_PER_MWH,
            "grid_import_mwh": d["grid_import_kw"] / KWH_PER_MWH,
            "grid_export_mwh": d["grid_export_kw"] / KWH_PER_MWH,
            "matched_mwh": matched_kw(d, inputs) / KWH_PER_MWH,
            "energy_cost": d["grid_import_kw"] * d["price_per_kwh"],
            "emissions_t": d["grid_import_kw"] * d["emission_factor_t_per_mwh"] / KWH_PER_MWH,
            "peak_import_kw": d["grid_import_kw"],
        },
        index=d.index,
    )
    month = inputs.hourly["month"].to_numpy()
    sums = frame.drop(columns="peak_import_kw").groupby(month).sum()
    sums["peak_import_kw"] = frame["peak_import_kw"].groupby(month).max()
    sums["demand_charge"] = sums["peak_import_kw"] * rate
    local = sum(sums[f"{g.name}_mwh"] for g in GENERATORS)
    sums["renewable_share"] = local / sums["load_mwh"]
    sums["hourly_matched_share"] = sums["matched_mwh"] / sums["load_mwh"]
    sums.index.name = "month"
    return sums
