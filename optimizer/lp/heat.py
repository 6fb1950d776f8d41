"""The heat side of the planning LP: heat levels, purchased heat, the cascade, thermal
storage, gas; the converters that serve the levels (heat pumps, boilers, CHP) are the one
converter family of ``converters.py`` (``q[k,l,t]``: heat from source k into level l).

Symbols (model units MW_th, MWh_th, MW of gas LHV; t an hour, l a heat level):

=================  ==========================================================
bought[l,t]        purchased heat into level l (levels at or below its temperature)
down[l,t]          heat passed from level l to the next cooler level (cascade)
tch, tdis, tsoc    thermal storage charge, discharge, state (its one level)
=================  ==========================================================

- gas: the node ``("gas", None)`` collects what converters burn (bought as burnt)
- balance of every level and hour: ``sum_k q + bought + tdis - tch + down[above] - down[l]
  = demand[l,t]``
- storage: ``tsoc[t] = keep tsoc[t-1] + eta_ch tch[t] - tdis[t] / eta_dis`` (cyclic),
  ``tsoc <= E``, ``tch, tdis <= P``, ``d_min P <= E <= d_max P``; on typical days
  ``tsoc`` is the intra-day state, linked across the calendar days (``linked.py``)
"""

from __future__ import annotations

import pyomo.environ as pyo

from parkopt.models.heat import KWH_PER_GJ
from parkopt.models.units import KW_PER_MW, kw_to_mw
from parkopt.optimizer.common.errors import InfeasibleError
from parkopt.optimizer.inputs.heat_inputs import (
    cascade_levels,
    demand_column,
    heat_storage,
    purchased_levels,
)
from parkopt.optimizer.inputs.plan_inputs import PlanInputs
from parkopt.optimizer.lp.balance import register
from parkopt.optimizer.lp.converters import add_converters, flow_mwh
from parkopt.optimizer.lp.storage import add_store


def _check_served(m: pyo.ConcreteModel, inputs: PlanInputs, demand: dict) -> None:
    """InfeasibleError naming the level and hour where demand meets no source at all."""
    for (lv, t), terms in m.heat_in.items():
        if not terms and demand[lv][t] > 0:
            raise InfeasibleError(
                f"heat level {lv} needs {demand[lv][t] * KW_PER_MW:,.0f} kW_th at "
                f"{inputs.hourly.index[t]} but no heat source can serve it then (none "
                "reaches its temperature, or a heat pump's lift is above its limit); add a "
                "source that serves it, purchased heat, or heat.cascade from a hotter level"
            )


def add_heat(m: pyo.ConcreteModel, inputs: PlanInputs, allow_unserved: bool = False) -> None:
    """Every heat family and the converters (``converters.py``, on any carrier); sets
    ``m.has_heat`` and the node ``("gas", None)``, whose hourly list ``m.gas_terms[t]``
    collects the gas burnt."""
    s = inputs.scenario
    m.has_heat = s.heat is not None
    m.gas_terms = {t: [] for t in m.T}
    register(m, ("gas", None), lambda t, s, w: m.gas_terms[t].append(w))
    if not m.has_heat:
        add_converters(m, inputs)
        return
    h = inputs.hourly
    levels = [lv.name for lv in s.heat.by_temperature]
    m.HL = pyo.Set(initialize=levels, ordered=True)
    m.heat_in = {(lv, t): [] for lv in levels for t in m.T}  # supply into each balance
    for lv in levels:
        register(m, ("heat", lv), lambda t, s, w, lv=lv: m.heat_in[lv, t].extend([s, -w]))
    add_converters(m, inputs)
    _add_purchased(m, inputs)
    _add_cascade(m, inputs, levels)
    _add_thermal_storage(m, inputs)
    demand = {lv: h[demand_column(lv)].to_numpy() / KW_PER_MW for lv in levels}
    if allow_unserved:  # diagnosis only: heat left unserved
        m.heat_shed = pyo.Var(m.HL, m.T, within=pyo.NonNegativeReals)
        for lv in levels:
            for t in m.T:
                m.heat_in[lv, t].append(m.heat_shed[lv, t])
    _check_served(m, inputs, demand)
    m.heat_balance = pyo.Constraint(
        m.HL,
        m.T,
        rule=lambda m, lv, t: (
            sum(m.heat_in[lv, t]) == demand[lv][t] if m.heat_in[lv, t] else pyo.Constraint.Skip
        ),
    )


def _add_purchased(m: pyo.ConcreteModel, inputs: PlanInputs) -> None:
    """``bought[l,t]`` into every level the purchased heat reaches; ``sum_l <= max``."""
    ph = inputs.scenario.heat.purchased
    reach = purchased_levels(inputs.scenario)
    m.HB = pyo.Set(initialize=reach, ordered=True)
    m.bought = pyo.Var(m.HB, m.T, within=pyo.NonNegativeReals)
    m.heat_price = pyo.Param(
        mutable=True, initialize=(ph.price_cny_per_gj / KWH_PER_GJ if ph is not None else 0.0)
    )
    for lv in reach:
        for t in m.T:
            m.heat_in[lv, t].append(m.bought[lv, t])
    if ph is not None and ph.max_kw is not None and reach:
        limit = kw_to_mw(ph.max_kw)
        m.bought_limit = pyo.Constraint(
            m.T, rule=lambda m, t: sum(m.bought[lv, t] for lv in m.HB) <= limit
        )


def _add_cascade(m: pyo.ConcreteModel, inputs: PlanInputs, levels: list[str]) -> None:
    """``down[l,t]``: heat a level passes to the next cooler one (heat exchanger)."""
    upper = cascade_levels(inputs.scenario)
    m.HD = pyo.Set(initialize=upper, ordered=True)
    m.down = pyo.Var(m.HD, m.T, within=pyo.NonNegativeReals)
    for i, lv in enumerate(upper):
        for t in m.T:
            m.heat_in[lv, t].append(-m.down[lv, t])
            m.heat_in[levels[i + 1], t].append(m.down[lv, t])


def _add_thermal_storage(m: pyo.ConcreteModel, inputs: PlanInputs) -> None:
    """The thermal store: the storage family (``storage.py``) on its heat level."""
    stores = heat_storage(inputs.scenario)
    m.has_thermal_storage = bool(stores)
    for tech in stores:
        add_store(m, inputs, tech)


def gas_mwh(m: pyo.ConcreteModel, inputs: PlanInputs):
    """Gas burnt over a year [MWh LHV] (model units)."""
    wt = inputs.hour_weight
    return sum(wt[t] * term for t in m.T for term in m.gas_terms[t])


def bought_mwh(m: pyo.ConcreteModel, inputs: PlanInputs):
    """Heat purchased over a year [MWh_th]."""
    if not m.has_heat or not len(m.HB):
        return 0.0
    wt = inputs.hour_weight
    return sum(wt[t] * m.bought[lv, t] for lv in m.HB for t in m.T)


def power_to_heat_mwh(m: pyo.ConcreteModel, inputs: PlanInputs):
    """Electricity into converters (heat sources, chillers) over a year [MWh]."""
    return flow_mwh(m, inputs, "taken", ("electricity", None))


def own_fossil_power_mwh(m: pyo.ConcreteModel, inputs: PlanInputs):
    """Electricity converters give (a CHP's: local, not green) over a year [MWh]."""
    return flow_mwh(m, inputs, "given", ("electricity", None))


def heat_cost(m: pyo.ConcreteModel, inputs: PlanInputs):
    """Annual cost of gas and purchased heat [kCNY]."""
    if not m.has_heat:
        return 0.0
    gas_price = inputs.scenario.heat.gas.price_per_kwh  # CNY/kWh = kCNY/MWh
    return gas_price * gas_mwh(m, inputs) + m.heat_price * bought_mwh(m, inputs)
