"""Business as usual in each period: the park as it is today meeting that period's load at
that period's prices, nothing bought.

Without ``pathway.installed`` that is ``kpis.baseline_cost`` (every kWh from the grid,
heat from today's boilers, their upkeep), as the single-year plan's savings count it. With
capacity the park has already (PV on a roof, a battery), business as usual runs it: the
period's LP with every capacity fixed at what the park has (its installed capacity, the
existing boilers), no target, its least-cost operation plus the fixed O&M of what it has;
else the savings would credit the plan with what the park had before it.
"""

from __future__ import annotations

import pyomo.environ as pyo

from parkopt.models.units import KW_PER_MW, kw_to_mw
from parkopt.optimizer.lp import build_model, solve_model
from parkopt.optimizer.pathway.periods import PeriodInputs
from parkopt.optimizer.schema.instances import owners
from parkopt.optimizer.schema.pathway_spec import Pathway


def today_kw(pp: PeriodInputs, pathway: Pathway) -> dict[str, float]:
    """What the park has in period ``pp`` by LP capacity [kW, kWh]: its installed capacity
    that lives through the period, existing assets at their capacity, nothing else."""
    out = {}
    for key, inst in owners(pp.inputs.scenario).items():
        have = pathway.installed.get(key)
        if inst.tech.existing:
            out[key] = float(inst.spec.max_kw)
        elif have is not None and (have.retire_year is None or have.retire_year >= pp.end_year):
            out[key] = have.capacity
        else:
            out[key] = 0.0
    return out


def business_as_usual(pp: PeriodInputs, pathway: Pathway, baseline_cost: float) -> float:
    """Period ``pp``'s cost a year as the park runs today [currency/year]: ``baseline_cost``
    (``kpis.baseline_cost`` of the period) without installed capacity, else the LP with the
    park's capacities fixed (module docstring); ``baseline_cost`` too where that fixed park
    cannot meet the period's load."""
    if not pathway.installed:
        return baseline_cost
    caps = today_kw(pp, pathway)
    m = build_model(pp.inputs, with_target=False)
    for key in m.K:
        m.cap[key].setlb(None)
        m.cap[key].setub(None)
        m.cap[key].fix(kw_to_mw(caps[key]))
    status = solve_model(m, pp.inputs)
    if not status.optimal:
        return baseline_cost
    econ = pp.inputs.economics
    capital = sum(econ[k].annualised_capex_per_unit * caps[k] for k in m.K)  # sunk: not paid
    return float(pyo.value(m.objective)) * KW_PER_MW - capital
