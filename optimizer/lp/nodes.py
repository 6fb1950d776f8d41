"""The balance of each carrier with a demand of its own (``technologies.NODE_CARRIERS``:
cooling), one family for all: its node, its stores and its demand, from the registry.

Symbols (model units MW, MWh of the carrier c; t an hour): what the converters give to or
take from the node ``(c, None)`` (``converters.py``: the chillers' cold ``q``) and each store
on it (``storage.py``: the cold store's ``cdis - cch``) join the node;
``<c>_balance`` (``cooling_balance``): ``sum of what joined = demand_c[t]``, the demand
being the column ``Carrier.demand_column`` (``cooling_demand_kw``).
"""

from __future__ import annotations

import pyomo.environ as pyo

from parkopt.models.units import KW_PER_MW
from parkopt.optimizer.common.errors import InfeasibleError
from parkopt.optimizer.inputs.plan_inputs import PlanInputs
from parkopt.optimizer.lp.balance import register
from parkopt.optimizer.lp.storage import add_store
from parkopt.optimizer.schema.carriers import Carrier, demand_carriers
from parkopt.optimizer.schema.instances import stores
from parkopt.optimizer.schema.technologies import ALL_CONVERTERS, node_stores


def register_nodes(m: pyo.Block, inputs: PlanInputs) -> None:
    """The node ``(c, None)`` of each carrier the scenario has a demand of (before the
    converters join it); its hourly terms ``m.node_in[c][t]``."""
    m.node_in = {}
    for c in demand_carriers(inputs.scenario):
        terms = m.node_in[c.name] = {t: [] for t in m.T}
        register(m, (c.name, None), lambda t, s, w, terms=terms: terms[t].extend([s, -w]))


def _unserved(m: pyo.Block, inputs: PlanInputs, c: Carrier, demand) -> None:
    """InfeasibleError at the first hour with a demand nothing joined the node to serve."""
    for t in m.T:
        if not m.node_in[c.name][t] and demand[t] > 0:
            givers = ", ".join(k.label.lower() for k in ALL_CONVERTERS if c.name in k.gives)
            raise InfeasibleError(
                f"{c.name} needs {demand[t] * KW_PER_MW:,.0f} {c.unit} at "
                f"{inputs.hourly.index[t]} but nothing can serve it then (no {givers} given, "
                "or none of those given can run then: a converter's own limits, such as the "
                "lowest temperature it runs on)"
            )


def add_nodes(m: pyo.Block, inputs: PlanInputs) -> None:
    """Each node's stores and its balance ``<carrier>_balance`` in every hour."""
    for c in demand_carriers(inputs.scenario):
        for inst in stores(inputs.scenario, node_stores(inputs.scenario, c)):
            add_store(m, inputs, inst)
        demand = inputs.hourly[c.demand_column].to_numpy() / KW_PER_MW
        _unserved(m, inputs, c, demand)
        terms = m.node_in[c.name]
        row = pyo.Constraint(
            m.T,
            rule=lambda m, t, d=demand, n=terms: sum(n[t]) == d[t] if n[t] else pyo.Constraint.Skip,
        )
        setattr(m, f"{c.name}_balance", row)
