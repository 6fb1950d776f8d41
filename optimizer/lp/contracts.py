"""Technologies a third party owns: the park pays per kWh delivered (``finance.ownership``).

With ``finance.ownership: contract`` the technologies of ``plan_inputs.contract_prices``
cost the park no capital and no fixed O&M (``plan_inputs.economics_of`` gives them an annual
cost per unit of 0) and a payment for the energy they deliver instead:

    payment = sum_{c in C} price[c] * sum_t w[t] * delivered[c,t]               [kCNY/year]

=================  ===============================================  ==============
symbol             meaning                                          unit (model)
=================  ===============================================  ==============
C                  instances under contract, by stem (``m.CONTRACT``) -
price[c]           contract price (mutable ``m.contract_price``)    kCNY/MWh = CNY/kWh
delivered[c,t]     PV, wind: output used ``gen[g,t]``               MW
                   (``generation.add_generation`` gives contracted
                   generators this variable even under free
                   disposal); a store: its discharge over its
                   pools ``sum_p x+dis[p,t]`` (``storage.py``)
w[t]               hours of a year hour t stands for                h
=================  ===============================================  ==============

A contracted capacity costs the park nothing, so any size between what it delivers and its
limit would be optimal; ``SIZE_TIE_BREAK`` per unit and year picks the smallest (the size
the park would contract for). It is in the objective only: at 1e-6 CNY per kW and year it
moves the objective by under 1e-9 of the annual cost, and the KPIs leave it out.

**The park's own plants priced per kWh** (``technologies.<name>.energy_price_cny_per_kwh``,
a PPA or per-kWh fee on top of the plant's capital cost) are paid the same way: C holds
every technology of ``plan_inputs.energy_prices`` and price[c] is its contract price plus
its own-plant price. The size tie-break is for contracted technologies only (an own plant
keeps its capital cost).

Without a contract or a per-kWh price C is empty and the LP is unchanged.
"""

from __future__ import annotations

import pyomo.environ as pyo

from parkopt.optimizer.inputs.plan_inputs import PlanInputs, contract_prices, energy_prices
from parkopt.optimizer.schema.instances import instances
from parkopt.optimizer.schema.technologies import STORES

STORE_BY_NAME = {s.name: s for s in STORES}

SIZE_TIE_BREAK = 1e-6
"""Cost of a contracted capacity in the objective only [kCNY per MW(h) and year]: the
smallest size of equal cost is chosen (see the module docstring)."""


def add_contract_prices(m: pyo.ConcreteModel, inputs: PlanInputs) -> None:
    """``m.CONTRACT`` and the mutable ``m.contract_price[c]`` [kCNY/MWh]: every technology
    paid per kWh delivered (``plan_inputs.energy_prices``)."""
    prices = energy_prices(inputs.scenario)
    m.CONTRACT = pyo.Set(initialize=list(prices), ordered=True)
    m.contract_price = pyo.Param(m.CONTRACT, mutable=True, initialize=prices)


def update_contract_prices(m: pyo.ConcreteModel, inputs: PlanInputs) -> None:
    """Put ``inputs``' contract prices into a built model of the same structure (the set of
    contracted technologies is part of a study's structure key)."""
    for name, price in energy_prices(inputs.scenario).items():
        m.contract_price[name] = price


def _store_prefix(stem: str) -> str | None:
    """The ``lp_prefix`` of the store instance ``stem`` (``Instance.lp_prefix``: its
    technology's for one mapping, ``<stem>_`` for one of a list); None for no store."""
    if stem in STORE_BY_NAME:
        return STORE_BY_NAME[stem].lp_prefix
    return f"{stem}_" if any(stem.startswith(f"{s}_") for s in STORE_BY_NAME) else None


def delivered(m: pyo.ConcreteModel, name: str, t: int):
    """Energy the instance ``name`` (its stem) delivers to the park in hour ``t`` [MW]."""
    if name in m.G:
        return m.gen[name, t]
    prefix = _store_prefix(name)
    dis = getattr(m, f"{prefix}dis", None) if prefix is not None else None
    if dis is None:
        return 0.0  # in the scenario but not in this model (e.g. thermal storage without heat)
    return sum(dis[p, t] for p in next(dis.index_set().subsets()))


def contract_cost(m: pyo.ConcreteModel, inputs: PlanInputs):
    """The contract payments ``sum_c price[c] sum_t w[t] delivered[c,t]`` plus the size
    tie-break [kCNY/year]; 0 without a contract."""
    wt = inputs.hour_weight
    paid = sum(
        m.contract_price[c] * sum(float(wt[t]) * delivered(m, c, t) for t in m.T)
        for c in m.CONTRACT
    )
    contracted = contract_prices(inputs.scenario)
    keys = [
        c.key for i in instances(inputs.scenario) if i.tech.name in contracted for c in i.capacities
    ]
    return paid + SIZE_TIE_BREAK * sum(m.cap[k] for k in keys if k in m.K)
