"""The heat side of the planning LP: heat levels, heat sources, thermal storage, gas.

Symbols (model units MW_th, MWh_th, MW of gas LHV; t an hour, l a heat level, k a heat
source; eff[k,l,t] its COP or efficiency from ``PlanInputs.hourly``):

=================  ==========================================================
q[k,l,t]           heat from source k into level l (only where eff > 0)
bought[l,t]        purchased heat into level l (levels at or below its temperature)
down[l,t]          heat passed from level l to the next cooler level (cascade)
tch, tdis, tsoc    thermal storage charge, discharge, state (its one level)
=================  ==========================================================

- rating: ``sum_l q[k,l,t] <= cap[k]``
- input: ``sum_l q[k,l,t] / eff[k,l,t]`` joins the electricity balance (heat pumps,
  electric boilers) or the gas burnt (boilers)
- waste heat: ``sum_l q[k,l,t] (1 - 1/COP) <= source_kw``
- balance of every level and hour: ``sum_k q + bought + tdis - tch + down[above] - down[l]
  = demand[l,t]``
- storage: ``tsoc[t] = keep tsoc[t-1] + eta_ch tch[t] - tdis[t] / eta_dis`` (cyclic),
  ``tsoc <= E``, ``tch, tdis <= P``, ``d_min P <= E <= d_max P``; on typical days
  ``tsoc`` is the intra-day state, linked across the calendar days (``linked.py``)
"""

from __future__ import annotations

from collections import defaultdict

import pyomo.environ as pyo

from parkopt.models.heat import KWH_PER_GJ
from parkopt.models.units import KW_PER_MW, kw_to_mw
from parkopt.optimizer.errors import InfeasibleError
from parkopt.optimizer.heat_inputs import (
    cascade_levels,
    converters,
    demand_column,
    efficiency_column,
    heat_storage,
    pairs,
    purchased_levels,
)
from parkopt.optimizer.lp.balance import register
from parkopt.optimizer.lp.storage import add_store
from parkopt.optimizer.plan_inputs import PlanInputs


def served_pairs(inputs: PlanInputs) -> list[tuple[str, str]]:
    """(source, level) pairs that can deliver in at least one hour."""
    h = inputs.hourly
    return [(k, lv) for k, lv in pairs(inputs.scenario) if h[efficiency_column(k, lv)].max() > 0]


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
    """Every heat family; sets ``m.has_heat`` and the hourly lists ``m.gas_terms[t]``,
    ``m.power_to_heat[t]`` (their terms also join the electricity balance)."""
    s = inputs.scenario
    m.has_heat = s.heat is not None
    if not m.has_heat:
        return
    h = inputs.hourly
    levels = [lv.name for lv in s.heat.by_temperature]
    m.HL = pyo.Set(initialize=levels, ordered=True)
    m.heat_in = {(lv, t): [] for lv in levels for t in m.T}  # supply into each balance
    for lv in levels:
        register(m, ("heat", lv), lambda t, s, w, lv=lv: m.heat_in[lv, t].extend([s, -w]))
    m.gas_terms = {t: [] for t in m.T}
    m.power_to_heat = {t: [] for t in m.T}
    _add_sources(m, inputs)
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
    for t in m.T:
        m.demand[t].extend(m.power_to_heat[t])


def _add_sources(m: pyo.ConcreteModel, inputs: PlanInputs) -> None:
    s, h = inputs.scenario, inputs.hourly
    takes = {k.name: k.takes[0] for k in converters(s)}
    eff = {(k, lv): h[efficiency_column(k, lv)].to_numpy() for k, lv in served_pairs(inputs)}
    index = [(k, lv, t) for (k, lv), e in eff.items() for t in m.T if e[t] > 0]
    m.HQ = pyo.Set(initialize=index, dimen=3, ordered=True)
    m.q = pyo.Var(m.HQ, within=pyo.NonNegativeReals)
    by_kt = defaultdict(list)
    for k, lv, t in index:
        by_kt[k, t].append(lv)
        m.heat_in[lv, t].append(m.q[k, lv, t])
        term = m.q[k, lv, t] * (1.0 / eff[k, lv][t])
        (m.power_to_heat if takes[k] == "electricity" else m.gas_terms)[t].append(term)
    rated = [(k, t) for k in takes for t in m.T if f"{k}_kw" in m.K]
    m.heat_rating = pyo.Constraint(
        rated,
        rule=lambda m, k, t: (
            sum(m.q[k, lv, t] for lv in by_kt[k, t]) <= m.cap[f"{k}_kw"]
            if by_kt[k, t]
            else pyo.Constraint.Skip
        ),
    )
    whp = s.technologies.waste_heat_pump
    if whp is not None and "waste_heat_pump" in takes:
        source = kw_to_mw(whp.source_kw)
        m.waste_heat_source = pyo.Constraint(
            m.T,
            rule=lambda m, t: (
                sum(
                    m.q["waste_heat_pump", lv, t] * (1.0 - 1.0 / eff["waste_heat_pump", lv][t])
                    for lv in by_kt["waste_heat_pump", t]
                )
                <= source
                if by_kt["waste_heat_pump", t]
                else pyo.Constraint.Skip
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
    if not m.has_heat:
        return 0.0
    wt = inputs.hour_weight
    return sum(wt[t] * term for t in m.T for term in m.gas_terms[t])


def bought_mwh(m: pyo.ConcreteModel, inputs: PlanInputs):
    """Heat purchased over a year [MWh_th]."""
    if not m.has_heat or not len(m.HB):
        return 0.0
    wt = inputs.hour_weight
    return sum(wt[t] * m.bought[lv, t] for lv in m.HB for t in m.T)


def power_to_heat_mwh(m: pyo.ConcreteModel, inputs: PlanInputs):
    """Electricity into heat sources over a year [MWh]."""
    if not m.has_heat:
        return 0.0
    wt = inputs.hour_weight
    return sum(wt[t] * term for t in m.T for term in m.power_to_heat[t])


def heat_cost(m: pyo.ConcreteModel, inputs: PlanInputs):
    """Annual cost of gas and purchased heat [kCNY]."""
    if not m.has_heat:
        return 0.0
    gas_price = inputs.scenario.heat.gas.price_per_kwh  # CNY/kWh = kCNY/MWh
    return gas_price * gas_mwh(m, inputs) + m.heat_price * bought_mwh(m, inputs)
