"""Supplies, markets and links on any carrier, from their registry entries
(``schema/supplies.py``): what the park buys into a node, what it trades with a grid, and
what a level passes to the next cooler one.

Symbols (model units MW, MWh of the carrier; s a supply, k a link, l a level, t an hour):

=================  ==========================================================  =========
s[l,t]             bought into the node (s's carrier, l) (``bought``)           MW
x[t]               traded on market x (``imp``, ``exp``)                         MW
k[l,t]             passed from level l to the next cooler level (``down``)      MW
price[s]           ``supply_price[s]``, mutable (a study updates it)            kCNY/MWh
=================  ==========================================================  =========

- a supply bought as used (gas) has no variable: its node ``(carrier, None)`` tallies what
  the converters take from it, ``m.<s>_terms[t]``, and has no balance row
- a supply with a limit: ``sum_l s[l,t] <= max`` (row ``<s>_limit``)
- a market: ``0 <= x[t] <= limit`` joins its node, bought as supply or sold as withdrawal
  (none where an optional market's limit is 0); cost ``+- sum_t w[t] price_x[t] x[t]``
- a link: ``k[l,t]`` leaves the node of l and joins the node of the next cooler level
- cost: ``sum_s price[s] sum_t w[t] s[t]`` over the supplies the scenario has
"""

from __future__ import annotations

import pyomo.environ as pyo

from parkopt.models.units import kw_to_mw
from parkopt.optimizer.inputs.plan_inputs import PlanInputs
from parkopt.optimizer.lp.balance import register
from parkopt.optimizer.lp.grid import weighted
from parkopt.optimizer.schema.carriers import CARRIERS
from parkopt.optimizer.schema.supplies import LINKS, MARKETS, SUPPLIES, Supply, section_at


def register_used(m: pyo.Block) -> None:
    """The node ``(carrier, None)`` of each supply bought as used, with its hourly tally
    ``m.<name>_terms[t]`` of what leaves it (before the converters join it)."""
    for s in SUPPLIES:
        if s.as_used:
            terms = {t: [] for t in m.T}
            setattr(m, f"{s.name}_terms", terms)
            register(m, (s.carrier, None), lambda t, _, w, terms=terms: terms[t].append(w))


def present(inputs: PlanInputs) -> list[Supply]:
    """The supplies whose section the scenario gives, in ``SUPPLIES``' order."""
    return [s for s in SUPPLIES if section_at(inputs.scenario, s.section) is not None]


def _indexed(m: pyo.Block, name: str, levels) -> pyo.Var:
    """``<name>[l,t] >= 0`` over ``levels`` (the set ``<name>_at``) and the hours."""
    at = pyo.Set(initialize=list(levels), ordered=True)
    setattr(m, f"{name}_at", at)
    var = pyo.Var(at, m.T, within=pyo.NonNegativeReals)
    setattr(m, name, var)
    return var


def add_supplies(m: pyo.Block, inputs: PlanInputs) -> None:
    """Each supply's variable into the nodes it reaches, its limit, and every supply's price
    ``supply_price[s]`` (module docstring)."""
    have = present(inputs)
    if have:
        prices = {s.name: section_at(inputs.scenario, s.section).price_per_kwh for s in have}
        m.supply_price = pyo.Param(list(prices), mutable=True, initialize=prices)
    for s in have:
        levels = s.levels(inputs.scenario)
        if s.as_used or not levels:
            continue
        var = _indexed(m, s.name, levels)
        for lv in levels:
            for t in m.T:
                m.nodes[s.carrier, lv](t, var[lv, t], 0.0)
        spec = section_at(inputs.scenario, s.section)
        limit = getattr(spec, s.limit_field) if s.limit_field else None
        if limit is not None:
            at, bound = getattr(m, f"{s.name}_at"), kw_to_mw(limit)
            row = lambda m, t, v=var, at=at, b=bound: sum(v[lv, t] for lv in at) <= b  # noqa: E731
            setattr(m, f"{s.name}_limit", pyo.Constraint(m.T, rule=row))


def add_links(m: pyo.Block, inputs: PlanInputs) -> None:
    """Each link's variable: out of its level's node, into the next cooler level's."""
    for k in LINKS:
        upper = k.levels(inputs.scenario)
        if not upper:
            continue
        var = _indexed(m, k.name, upper)
        levels = [lv.name for lv in CARRIERS[k.carrier].levels(inputs.scenario)]
        for i, lv in enumerate(upper):
            for t in m.T:
                m.nodes[k.carrier, lv](t, 0.0, var[lv, t])
                m.nodes[k.carrier, levels[i + 1]](t, var[lv, t], 0.0)


def update_prices(m: pyo.Block, inputs: PlanInputs) -> None:
    """Put ``inputs``' supply prices into a built model (a study's warm re-solve)."""
    for s in present(inputs):
        m.supply_price[s.name] = section_at(inputs.scenario, s.section).price_per_kwh


def supply_mwh(m: pyo.Block, inputs: PlanInputs, s: Supply):
    """What ``s`` delivers over a year [MWh, model units]; 0 where it has no variable."""
    wt = inputs.hour_weight
    if s.as_used:
        terms = getattr(m, f"{s.name}_terms")
        return sum(wt[t] * term for t in m.T for term in terms[t])
    var = getattr(m, s.name, None)
    if var is None:
        return 0.0
    return sum(wt[t] * var[lv, t] for lv in getattr(m, f"{s.name}_at") for t in m.T)


def supplies_mwh(m: pyo.Block, inputs: PlanInputs) -> dict:
    """Each supply's yearly energy by its ``accounting.Annual`` field [MWh]."""
    return {s.annual_field: supply_mwh(m, inputs, s) for s in SUPPLIES}


def supply_cost(m: pyo.Block, inputs: PlanInputs):
    """Annual cost of every supply the scenario has [kCNY]."""
    return sum(m.supply_price[s.name] * supply_mwh(m, inputs, s) for s in present(inputs))


def add_markets(m: pyo.Block, inputs: PlanInputs) -> None:
    """Each market's ``0 <= x[t] <= limit`` [MW] joining its node (module docstring)."""
    for k in MARKETS:
        limit = getattr(section_at(inputs.scenario, k.section), k.limit_field)
        if k.optional and limit is not None and limit <= 0:
            continue
        var = pyo.Var(m.T, within=pyo.NonNegativeReals, bounds=(0, kw_to_mw(limit)))
        setattr(m, k.name, var)
        node = m.nodes[k.carrier, None]
        for t in m.T:
            supply, withdrawal = (0.0, var[t]) if k.sells else (var[t], 0.0)
            node(t, supply, withdrawal)


def traded(m: pyo.Block) -> list:
    """(market, its variable) for each market the model has."""
    return [(k, getattr(m, k.name)) for k in MARKETS if hasattr(m, k.name)]


def markets_mwh(m: pyo.Block, inputs: PlanInputs) -> dict:
    """Each market's yearly energy by its ``accounting.Annual`` field [MWh]; 0 without it."""
    have = dict(traded(m))
    return {k.annual_field: weighted(have[k], inputs) if k in have else 0.0 for k in MARKETS}


def with_market_cost(cost, m: pyo.Block, inputs: PlanInputs):
    """``cost`` plus what is bought and less what is sold on each market [kCNY/year]."""
    for k, var in traded(m):
        price = inputs.hourly[k.price_column].to_numpy()
        if k.sells:
            cost -= weighted(var, inputs, price)
        else:
            cost += weighted(var, inputs, price)
    return cost
