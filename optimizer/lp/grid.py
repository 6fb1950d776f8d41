"""The grid side of the LP: imports and exports, the monthly peak the demand charge bills,
green purchases, a direct-connection project's exchange charges, and the yearly sums
(``weighted``) every annual figure is made of.

Units as in ``build.py``: MW, MWh, kCNY; hour t weighs ``w[t] = inputs.hour_weight[t]``.
"""

from __future__ import annotations

import pyomo.environ as pyo

from parkopt.models.units import KW_PER_MW
from parkopt.optimizer.inputs.plan_inputs import PlanInputs
from parkopt.optimizer.lp.storage import has_pool, pooled


def add_grid(m: pyo.ConcreteModel, inputs: PlanInputs) -> None:
    """The rule on the grid's markets (``supplies.add_markets``: import ``imp[t]``, export
    ``exp[t]``) for the batteries' grid pools: they charge only from imports,
    ``sum ch[grid,t] <= imp[t]``."""
    if has_pool(m, "grid"):
        m.grid_charging = pyo.Constraint(
            m.T, rule=lambda m, t: pooled(m, "ch", "grid", t) <= m.imp[t]
        )


def add_demand_charge(m: pyo.ConcreteModel, inputs: PlanInputs) -> None:
    """``imp[t] <= peak[month(t)]``: the monthly peak import billed by the demand charge [MW].

    On typical days an hour stands for days of several months: ``imp[t] <= peak[mo]`` for
    every month mo in which a day of its typical day falls."""
    td = inputs.typical_days
    months = inputs.hourly["month"] if td is None else td.day_month
    m.M = pyo.Set(initialize=sorted(set(months)), ordered=True)
    m.has_demand_charge = inputs.scenario.tariff.demand_charge_cny_per_kw_month > 0
    if not m.has_demand_charge:
        return
    m.peak = pyo.Var(m.M, within=pyo.NonNegativeReals)
    if td is not None:
        of_day, H = td.cluster_months(), td.hours_per_day
        index = [(t, mo) for t in m.T for mo in of_day[t // H]]
        m.monthly_peak = pyo.Constraint(index, rule=lambda m, t, mo: m.imp[t] <= m.peak[mo])
        return
    month = inputs.hourly["month"].to_numpy()
    m.monthly_peak = pyo.Constraint(m.T, rule=lambda m, t: m.imp[t] <= m.peak[int(month[t])])


def add_green_purchase(m: pyo.ConcreteModel, inputs: PlanInputs) -> None:
    """Green certificates or green power ``G`` [MWh/year]: ``G <= sum_t w[t] imp[t]`` (only
    bought energy can be made green), ``G <= max``; zero-carbon for annual targets."""
    gp = inputs.scenario.green_purchase
    m.has_green_purchase = gp is not None
    if gp is None:
        return
    m.green_mwh = pyo.Var(within=pyo.NonNegativeReals, bounds=(0, gp.max_mwh_per_year))
    m.green_premium = pyo.Param(mutable=True, initialize=gp.premium_cny_per_mwh / KW_PER_MW)
    m.green_within_imports = pyo.Constraint(expr=m.green_mwh <= weighted(m.imp, inputs))


def weighted(var, inputs: PlanInputs, coefficient=None):
    """``sum_t w[t] c[t] var[t]`` over the horizon: a year of ``var`` [model units]."""
    wt = inputs.hour_weight if coefficient is None else inputs.hour_weight * coefficient
    return sum(float(wt[t]) * var[t] for t in range(inputs.hours))


def exchange_charges(m: pyo.ConcreteModel, inputs: PlanInputs):
    """A direct-connection project's charges per kWh exchanged with the public grid:
    ``c_imp sum_t w[t] imp[t] + c_exp sum_t w[t] exp[t]`` [kCNY/year]; 0 without one."""
    gdc = inputs.scenario.green_direct_connection
    if gdc is None:
        return 0.0
    total = 0.0
    if gdc.import_charge_cny_per_kwh > 0:
        total += gdc.import_charge_cny_per_kwh * weighted(m.imp, inputs)
    if gdc.export_charge_cny_per_kwh > 0 and hasattr(m, "exp"):
        total += gdc.export_charge_cny_per_kwh * weighted(m.exp, inputs)
    return total
