"""The balance of each carrier, one family for all: a carrier with levels (heat: one node per
level the scenario names), with a demand section (cooling) or that generators give
(electricity), from the registry (``carriers.balance_nodes``): its nodes, its stores, its
demand.

Symbols (model units MW, MWh of the carrier c; l a level, None for a carrier without
levels; t an hour): what joins the node ``(c, l)`` (``balance.join``-style registration:
the converters' ``q``, a supply's ``bought``, a link's ``down``, each store's ``dis - ch``)
is summed in ``<c>_balance`` (``heat_balance[l,t]``, ``cooling_balance[t]``):

    sum of what joined (c, l) in hour t = demand_c[l,t]                             [MW]

the demand being the column ``Carrier.demand_column_at(l)`` (``heat_<l>_demand_kw``,
``cooling_demand_kw``). With ``allow_unserved`` (diagnosis only) a carrier that
``may_shed`` gains ``<c>_shed[l,t] >= 0`` in its balance (``heat_shed``). Rows and
variables take the carrier's ``prefix`` (``heat_``; none for electricity: ``balance``,
``shed``).

The carrier generators give (``Carrier.sources``: electricity) keeps supply and withdrawal
apart, ``m.supply[t]`` and ``m.demand[t]``, and the generators' output in ``m.local[t]``
(``generation.py``), since the green rules read them (``generation.used``); its balance

    sum(local[t]) + sum(supply[t]) >= demand[t] + sum(demand terms[t])              [MW]

is ``>=`` under free disposal (its slack is curtailed, ``generation.free_disposal``), else
``=``, and is added after those rules (``add_source_balances``).
"""

from __future__ import annotations

import pyomo.environ as pyo

from parkopt.models.units import KW_PER_MW
from parkopt.optimizer.common.errors import InfeasibleError
from parkopt.optimizer.inputs.plan_inputs import PlanInputs
from parkopt.optimizer.lp.balance import register
from parkopt.optimizer.lp.storage import add_store
from parkopt.optimizer.lp.supplies import register_used
from parkopt.optimizer.schema.carriers import CARRIERS, Carrier, balance_nodes
from parkopt.optimizer.schema.instances import stores
from parkopt.optimizer.schema.technologies import ALL_CONVERTERS, node_stores


def register_nodes(m: pyo.Block, inputs: PlanInputs) -> None:
    """Each balance node ``(c, l)`` of the scenario, its hourly terms ``m.node_in[c, l][t]``,
    and the nodes of supplies bought as used (before the converters join them)."""
    m.node_in = {}
    for c, levels in balance_nodes(inputs.scenario):
        if c.sources:
            m.supply = {t: [] for t in m.T}
            m.demand = {t: [] for t in m.T}
            add = lambda t, s, w: (m.supply[t].append(s), m.demand[t].append(w))  # noqa: E731
            register(m, (c.name, None), add)
            continue
        for lv in levels:
            terms = m.node_in[c.name, lv] = {t: [] for t in m.T}
            register(m, (c.name, lv), lambda t, s, w, terms=terms: terms[t].extend([s, -w]))
    register_used(m)


def _unserved(m: pyo.Block, inputs: PlanInputs, c: Carrier, demand: dict) -> None:
    """InfeasibleError at the first node and hour with a demand nothing joined to serve."""
    for lv, d in demand.items():
        for t in m.T:
            if m.node_in[c.name, lv][t] or d[t] <= 0:
                continue
            givers = ", ".join(k.label.lower() for k in ALL_CONVERTERS if c.name in k.gives)
            hint = c.unserved_hint or (
                f"nothing can serve it then (no {givers} given, or none of those given can run "
                "then: a converter's own limits, such as the lowest temperature it runs on)"
            )
            raise InfeasibleError(
                f"{c.node_words(lv)} needs {d[t] * KW_PER_MW:,.0f} {c.unit} at "
                f"{inputs.hourly.index[t]} but {hint}"
            )


def _index(m: pyo.Block, c: Carrier, levels: tuple) -> tuple:
    """The index of the carrier's rows: the hours, or its levels (``<c>_levels``) and hours."""
    if levels == (None,):
        return (m.T,)
    at = pyo.Set(initialize=list(levels), ordered=True)
    setattr(m, f"{c.prefix}levels", at)
    return (at, m.T)


def _shed(m: pyo.Block, c: Carrier, index: tuple) -> None:
    """``<c>_shed >= 0`` in each of its balances (diagnosis only)."""
    shed = pyo.Var(*index, within=pyo.NonNegativeReals)
    setattr(m, f"{c.prefix}shed", shed)
    for i in shed:
        lv, t = i if len(index) == 2 else (None, i)
        m.nodes[c.name, lv](t, shed[i], 0.0)


def add_nodes(m: pyo.Block, inputs: PlanInputs, allow_unserved: bool = False) -> None:
    """Each carrier's stores (each instance, ``instances.stores``) and its balance
    ``<carrier>_balance`` in every hour (module docstring), but the one generators give
    (``add_source_balances``)."""
    for c, levels in balance_nodes(inputs.scenario):
        if c.sources:
            continue
        index = _index(m, c, levels)
        for inst in stores(inputs.scenario, node_stores(inputs.scenario, c)):
            add_store(m, inputs, inst)
        h = inputs.hourly
        demand = {lv: h[c.demand_column_at(lv)].to_numpy() / KW_PER_MW for lv in levels}
        if allow_unserved and c.may_shed:
            _shed(m, c, index)
        _unserved(m, inputs, c, demand)
        terms = m.node_in

        def rule(m, *i, c=c, d=demand, n=terms):
            lv, t = i if len(i) == 2 else (None, i[0])
            return sum(n[c.name, lv][t]) == d[lv][t] if n[c.name, lv][t] else pyo.Constraint.Skip

        setattr(m, f"{c.prefix}balance", pyo.Constraint(*index, rule=rule))


def add_source_balances(m: pyo.Block, inputs: PlanInputs, allow_unserved: bool = False) -> None:
    """The balance of the carrier generators give, in every hour (module docstring), with its
    unserved demand ``shed[t]`` under ``allow_unserved`` (diagnosis only)."""
    for c, _ in balance_nodes(inputs.scenario):
        if not c.sources:
            continue
        demand = inputs.hourly[c.demand_column].to_numpy() / KW_PER_MW
        if allow_unserved and c.may_shed:
            _shed(m, c, (m.T,))

        def rule(m, t, d=demand):
            supplied = sum(m.local[t]) + sum(m.supply[t])
            if m.free_disposal:
                return supplied >= d[t] + sum(m.demand[t])
            return supplied == d[t] + sum(m.demand[t])

        setattr(m, f"{c.prefix}balance", pyo.Constraint(m.T, rule=rule))


def shed(m: pyo.Block) -> dict:
    """The unserved-demand variable of each carrier that has one (diagnosis only)."""
    names = {c: f"{c.prefix}shed" for c in CARRIERS.values()}
    return {c: getattr(m, name) for c, name in names.items() if hasattr(m, name)}


def shed_total(m: pyo.Block):
    """Demand left unserved over the horizon on every node (diagnosis only) [MWh]."""
    return sum((var[i] for var in shed(m).values() for i in var), 0.0)
