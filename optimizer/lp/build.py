"""The planning LP, built with Pyomo: one function per constraint family.

Internally the model is scaled to MW, MWh and thousands of currency units (kCNY): with
prices in CNY/kWh = kCNY/MWh and annual costs in CNY/kW = kCNY/MW the coefficients keep
their numbers, and the objective and the capacities are both near 1e1..1e5. Results are
converted back to kW, kWh and CNY on extraction (``extract.py``).

Symbols (t an hour of the horizon, T hours; w = 8760 / T scales the horizon to a year):

=================  ==========================================  ===========
symbol             meaning                                     unit (model)
=================  ==========================================  ===========
cap[k]             capacity k of an instance (pv_kw or          MW, MWh
                   pv_roof_east_kw, battery_kw, battery_kwh)
cf[g,t] cap[g]     generator output available (``generation.py``: MW
                   free disposal; or ``gen[g,t]``, output used)
ch, dis, soc       battery charge, discharge, state of charge   MW, MWh
                   (one battery; ``<stem>_ch``... each of a list)
imp, exp           grid import, export                          MW
peak[m]            largest import of month m                    MW
=================  ==========================================  ===========

Every balance is ``nodes.py``'s, one family for every carrier and level (electricity, each
heat level, cooling: ``carriers.balance_nodes``): the generators (``generation.py``:
``m.local[t]``), the stores (``storage.py``), the converters (``converters.py``), the
supplies, markets and links (``supplies.py``: gas, purchased heat, grid import and export,
the cascade) join the nodes the registry says they give to and take from. Annual figures
weigh hour t by ``w[t] = inputs.hour_weight[t]`` (8760 / T in every hour, or the days a
typical day stands for); emissions and the zero-carbon park indicator are ``accounting``'s
functions applied to the model's annual expressions.
"""

from __future__ import annotations

import numpy as np
import pyomo.environ as pyo

from parkopt.models.units import KW_PER_MW, MONTHS_PER_YEAR, kw_to_mw
from parkopt.optimizer.accounts import targets
from parkopt.optimizer.common import accounting
from parkopt.optimizer.inputs.plan_inputs import PlanInputs
from parkopt.optimizer.lp import contracts, generation
from parkopt.optimizer.lp.converters import add_converters, flow_mwh
from parkopt.optimizer.lp.grid import (
    add_demand_charge,
    add_green_purchase,
    add_grid,
    exchange_charges,
    weighted,
)
from parkopt.optimizer.lp.nodes import (
    add_nodes,
    add_source_balances,
    register_nodes,
    shed_total,
)
from parkopt.optimizer.lp.storage import add_store, has_pool, pooled
from parkopt.optimizer.lp.supplies import (
    add_links,
    add_markets,
    add_supplies,
    markets_mwh,
    supplies_mwh,
    supply_cost,
    update_prices,
    with_market_cost,
)
from parkopt.optimizer.schema.carriers import GENERATED
from parkopt.optimizer.schema.instances import instances, stores
from parkopt.optimizer.schema.technologies import BATTERY_TECH


def capacity_bounds(inputs: PlanInputs) -> dict[str, tuple[float, float | None]]:
    """Bounds of each capacity variable of the scenario's instances (``instances.py``: one
    per technology, or a generator's list of named instances) [MW, MWh]."""
    bounds: dict[str, tuple[float, float | None]] = {}
    for inst in instances(inputs.scenario):
        spec = inst.spec
        for c in inst.capacities:
            low = getattr(spec, c.min_field) if c.min_field else 0.0
            bounds[c.key] = (kw_to_mw(low), kw_to_mw(getattr(spec, c.max_field)))
    return bounds


def _add_capacities(m: pyo.ConcreteModel, inputs: PlanInputs) -> None:
    """Capacity variables ``cap[k]`` with ``min_k <= cap[k] <= max_k`` [MW or MWh] and their
    annual cost per unit ``annual_cost[k]`` (mutable) [kCNY per MW(h) and year]."""
    bounds = capacity_bounds(inputs)
    m.K = pyo.Set(initialize=list(bounds), ordered=True)
    m.cap = pyo.Var(m.K, within=pyo.NonNegativeReals, bounds=lambda _, k: bounds[k])
    m.annual_cost = pyo.Param(
        m.K, mutable=True, initialize={k: inputs.economics[k].annual_per_unit for k in m.K}
    )


def battery_pools(inputs: PlanInputs, spec) -> tuple[str, ...]:
    """A battery instance's energy pools: one (``all``) unless green and grid energy must be
    told apart: ``green`` alone where it may not charge from the grid, ``green`` and ``grid``
    where it may and an hourly matching target or another battery's green pool needs them
    told apart (DESIGN.md)."""
    if not spec.grid_charging:
        return ("green",)
    s = inputs.scenario
    others = any(not i.spec.grid_charging for i in stores(s, (BATTERY_TECH,)))
    if s.carbon.hourly_matched_share is not None or others:
        return ("green", "grid")
    return ("all",)


def _add_battery(m: pyo.ConcreteModel, inputs: PlanInputs) -> None:
    """Each battery instance: the storage family (``storage.py``) on electricity with its
    energy pools (``battery_pools``; ``m.battery_pools``: each instance's by its
    ``lp_prefix``). The green pools charge only from local output
    (``generation.add_green_charging``), the grid pools only from imports
    (``sum ch[grid,t] <= imp[t]``, added with the grid)."""
    m.battery_pools = {}
    for inst in stores(inputs.scenario, (BATTERY_TECH,)):
        m.battery_pools[inst.lp_prefix] = battery_pools(inputs, inst.spec)
        add_store(m, inputs, inst, m.battery_pools[inst.lp_prefix])


def annual(m: pyo.ConcreteModel, inputs: PlanInputs) -> accounting.Annual:
    """The model's yearly quantities as expressions [MWh/year, tCO2/year]."""
    ef = inputs.hourly["emission_factor_t_per_mwh"].to_numpy()
    return accounting.Annual(
        local_mwh=generation.local_mwh(m, inputs),
        green_purchase_mwh=m.green_mwh if m.has_green_purchase else 0.0,
        grid_emissions_t=weighted(m.imp, inputs, ef),
        available_mwh=generation.available_mwh(m, inputs),
        own_fossil_mwh=own_fossil_power_mwh(m, inputs),
        **supplies_mwh(m, inputs),
        **markets_mwh(m, inputs),
    )


def converter_power_mwh(m: pyo.Block, inputs: PlanInputs):
    """Electricity into converters (heat pumps, electric boilers, chillers) over a year
    [MWh]."""
    return flow_mwh(m, inputs, "taken", (GENERATED.name, None))


def own_fossil_power_mwh(m: pyo.Block, inputs: PlanInputs):
    """Electricity converters give (a CHP's: local, not green) over a year [MWh]."""
    return flow_mwh(m, inputs, "given", (GENERATED.name, None))


def emissions_expr(m: pyo.ConcreteModel, inputs: PlanInputs, market_based: bool = True):
    """Annual emissions, Scope 1 + 2 (``accounting.footprint_t``): ``sum_t w[t] ef[t] imp[t]``
    plus gas and purchased heat [tCO2], less ``ef_avg * G`` where green energy is bought
    (market-based; the cap applies to this figure)."""
    ef = targets.green_purchase_ef(inputs) if m.has_green_purchase else 0.0
    return accounting.footprint_t(annual(m, inputs), inputs.scenario, ef, market_based)


def renewable_expr(m: pyo.ConcreteModel, inputs: PlanInputs):
    """Annual green energy: local output used ``sum_t w[t] used[t]`` (``generation.py``)
    plus purchases ``G`` [MWh]."""
    total = generation.local_mwh(m, inputs)
    if m.has_green_purchase:
        total += m.green_mwh
    return total


def matched_expr(m: pyo.ConcreteModel, inputs: PlanInputs):
    """Load met in the same hour by local PV and wind, directly or through the battery's
    green pool: ``sum_t w[t] (load[t] + p2h[t] - imp[t] - chp[t] + ch[grid,t] - dis[grid,t])``
    [MWh/year] (``p2h``: power into converters; ``chp``: power converters give, not green)."""
    load = inputs.hourly["load_kw"].to_numpy() / KW_PER_MW
    total = float(np.dot(inputs.hour_weight, load)) - weighted(m.imp, inputs)
    total += converter_power_mwh(m, inputs) - own_fossil_power_mwh(m, inputs)
    if has_pool(m, "grid"):
        wt = inputs.hour_weight
        net = {t: pooled(m, "ch", "grid", t) - pooled(m, "dis", "grid", t) for t in m.T}
        total += sum(float(wt[t]) * net[t] for t in m.T)
    return total


def _share_of_converter_power(m: pyo.ConcreteModel, inputs: PlanInputs, row: str):
    """The part of a share target's right-hand side that power into converters adds (the
    shares are of all electricity used): ``share * p2h`` [MWh/year]."""
    return m.share[row] * converter_power_mwh(m, inputs)


def _add_carbon_policy(m: pyo.ConcreteModel, inputs: PlanInputs) -> None:
    """At most one annual target: ``emissions <= cap`` (``carbon_cap``, also for a reduction
    against the grid-only baseline) or ``renewable >= share * load`` (``renewable_share``)
    [tCO2, MWh]; optionally ``matched >= h * load`` (``hourly_matched_share``); and the ratio
    rules (``targets.RATIO_ROWS``: the indicator, the clean and green-direct shares, a
    direct-connection project's three ratios), each ``gap >= 0`` with its gap from
    ``accounting.ratio_gaps``. Right-hand sides and ratios are mutable parameters
    ``target[row]`` (a sweep changes them in place).
    """
    rhs = targets.target_values(inputs)
    m.TARGETS = pyo.Set(initialize=list(rhs), ordered=True)
    m.target = pyo.Param(m.TARGETS, mutable=True, initialize=rhs)
    m.share = pyo.Param(m.TARGETS, mutable=True, initialize=_shares(inputs))
    if targets.CAP in rhs:
        m.carbon_cap = pyo.Constraint(expr=emissions_expr(m, inputs) <= m.target[targets.CAP])
    if targets.RENEWABLE in rhs:
        m.renewable_share = pyo.Constraint(
            expr=renewable_expr(m, inputs)
            >= m.target[targets.RENEWABLE] + _share_of_converter_power(m, inputs, targets.RENEWABLE)
        )
    if targets.HOURLY in rhs:
        m.hourly_matched_share = pyo.Constraint(
            expr=matched_expr(m, inputs)
            >= m.target[targets.HOURLY] + _share_of_converter_power(m, inputs, targets.HOURLY)
        )
    ratios = {row: m.target[row] for row in targets.RATIO_ROWS if row in rhs}
    if ratios:  # one Annual for every ratio row (each is a sum over the horizon)
        gaps = accounting.ratio_gaps(annual(m, inputs), inputs.scenario, ratios)
        for row, gap in gaps.items():
            if pyo.is_potentially_variable(gap):  # 0 >= 0 without generators: no row
                setattr(m, row, pyo.Constraint(expr=gap >= 0))


def _ratio_target(m: pyo.ConcreteModel, inputs: PlanInputs, row: str):
    """The value of a ratio target: a mutable parameter in a target model, else the
    scenario's (diagnosis builds the model without targets)."""
    if hasattr(m, "target") and row in m.TARGETS:
        return m.target[row]
    return targets.target_values(inputs).get(row, 0.0)


def ratio_gap(m: pyo.ConcreteModel, inputs: PlanInputs, row: str):
    """The gap of one ratio rule (``accounting.ratio_gaps``), >= 0 where it holds."""
    ratio = {row: _ratio_target(m, inputs, row)}
    return accounting.ratio_gaps(annual(m, inputs), inputs.scenario, ratio)[row]


def _shares(inputs: PlanInputs) -> dict[str, float]:
    """Each target's share (for the power-to-heat part of share rows) [-]."""
    c = inputs.scenario.carbon
    shares = {
        targets.RENEWABLE: c.renewable_share,
        targets.HOURLY: c.hourly_matched_share,
    }
    return {row: shares.get(row) or 0.0 for row in targets.target_values(inputs)}


def cost_expr(m: pyo.ConcreteModel, inputs: PlanInputs):
    """Annual cost [kCNY]: annualised capex + fixed O&M + imports - exports + demand charge
    + green purchase premium + a direct-connection project's grid exchange charges + supplies +
    contract payments (``contracts.py``)."""
    cost = with_market_cost(sum(m.annual_cost[k] * m.cap[k] for k in m.K), m, inputs)
    if m.has_demand_charge:
        dc = inputs.scenario.tariff.demand_charge_cny_per_kw_month
        cost += dc * (MONTHS_PER_YEAR / len(m.M)) * sum(m.peak[mo] for mo in m.M)
    if m.has_green_purchase:
        cost += m.green_premium * m.green_mwh
    cost += exchange_charges(m, inputs)
    return cost + supply_cost(m, inputs) + contracts.contract_cost(m, inputs)


OBJECTIVES = {
    "cost": (cost_expr, pyo.minimize),
    "emissions": (emissions_expr, pyo.minimize),
    "renewable": (renewable_expr, pyo.maximize),
    "matched": (matched_expr, pyo.maximize),
    "unserved": (lambda m, _: shed_total(m), pyo.minimize),
    **{
        row: (lambda m, i, row=row: ratio_gap(m, i, row), pyo.maximize)
        for row in targets.RATIO_ROWS
    },
}
"""Objectives: ``cost`` plans; the others measure what can be reached (diagnosis)."""


def build_model(
    inputs: PlanInputs,
    objective: str = "cost",
    with_target: bool = True,
    allow_unserved: bool = False,
) -> pyo.ConcreteModel:
    """The planning LP for ``inputs``; see the module docstring for symbols and units."""
    m = pyo.ConcreteModel(name=inputs.scenario.park.name)
    populate(m, inputs, with_target, allow_unserved)
    expr, sense = OBJECTIVES[objective]
    m.objective = pyo.Objective(expr=expr(m, inputs), sense=sense)
    return m


def populate(
    m: pyo.Block, inputs: PlanInputs, with_target: bool = True, allow_unserved: bool = False
) -> None:
    """Every variable and constraint of the planning LP for ``inputs`` on ``m`` (a model, or
    one period's block of a pathway), without an objective."""
    m.T = pyo.RangeSet(0, inputs.hours - 1)
    register_nodes(m, inputs)
    _add_capacities(m, inputs)
    contracts.add_contract_prices(m, inputs)
    generation.add_generation(m, inputs)
    _add_battery(m, inputs)
    add_markets(m, inputs)
    add_grid(m, inputs)
    add_converters(m, inputs)
    add_supplies(m, inputs)
    add_links(m, inputs)
    add_nodes(m, inputs, allow_unserved)
    add_demand_charge(m, inputs)
    add_green_purchase(m, inputs)
    generation.add_green_charging(m, inputs)
    add_source_balances(m, inputs, allow_unserved)
    if with_target:
        _add_carbon_policy(m, inputs)


def update_parameters(m: pyo.ConcreteModel, inputs: PlanInputs) -> None:
    """Put ``inputs``' costs, capacity bounds and target values into a built model whose
    structure they share (a study's ``structure_key``), for a warm re-solve."""
    bounds = capacity_bounds(inputs)
    for k in m.K:
        m.annual_cost[k] = inputs.economics[k].annual_per_unit
        m.cap[k].setlb(bounds[k][0])
        m.cap[k].setub(bounds[k][1])
    contracts.update_contract_prices(m, inputs)
    if hasattr(m, "target"):
        for row, value in targets.target_values(inputs).items():
            m.target[row] = value
        for row, value in _shares(inputs).items():
            m.share[row] = value
    update_prices(m, inputs)
    if m.has_green_purchase:
        gp = inputs.scenario.green_purchase
        m.green_premium = gp.premium_cny_per_mwh / KW_PER_MW
        m.green_mwh.setub(gp.max_mwh_per_year)
