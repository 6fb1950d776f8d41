"""The pathway's answer: what to build each period, the path of the indicator and the
shares against each period's targets, and the cash flow by calendar year.

Money (currency, real): investment is paid at the start of the year a period begins,
operation, fixed O&M and savings at the end of each year, discounted to the start of
``pathway.base_year`` at ``finance.discount_rate``. Savings are against business as usual:
each period's load and prices met as the park is today (grid, gas boilers, what it has
installed; ``baseline.business_as_usual``).
The residual value is what the capacity still alive after the horizon is worth: its
annuities over the rest of its life, at the end of the last year. The LP's objective is
their present value: ``investment - residual + fixed O&M + operation``, so NPV against
business as usual is ``business_as_usual - objective``. ``stranded_value`` is the part of
the capital paid for years a build lives but cannot serve (its life ends inside a period).
"""

from __future__ import annotations

import numpy as np
import pyomo.environ as pyo

from parkopt.models import finance
from parkopt.models.units import KW_PER_MW
from parkopt.optimizer.accounts import targets
from parkopt.optimizer.pathway.baseline import business_as_usual
from parkopt.optimizer.pathway.model import (
    active,
    alive_weight,
    charge_weight,
    installed_kw,
    installed_om,
    is_existing,
    life_years,
    vintage_cost,
)
from parkopt.optimizer.pathway.periods import PeriodInputs, discount_factor
from parkopt.optimizer.planning.plan import Plan
from parkopt.optimizer.schema.instances import listed, owners
from parkopt.optimizer.schema.scenario import Scenario
from parkopt.optimizer.schema.technologies import TECH_OF_CAPACITY, TECHNOLOGIES

PATH_KEYS = (
    "tco2_per_tce",
    "clean_energy_share",
    "green_direct_share",
    "energy_tce",
    "scope1_t",
    "scope2_t",
)
"""Figures of each period's ``indicator`` block the path carries."""


ACCEPTANCE_TCO2_PER_TCE = 0.2
"""The notice's core indicator at acceptance [tCO2/tce] (发改环资〔2025〕910号)."""


def acceptance_year(pathway, periods: list[PeriodInputs]) -> int:
    """``pathway.acceptance_year``, or the first period whose indicator target (its own
    carbon section, else the scenario's) is the notice's 0.2 or less, or the last period."""
    if pathway.acceptance_year is not None:
        return pathway.acceptance_year
    for pp in periods:
        target = pp.inputs.scenario.carbon.tco2_per_tce
        if target is not None and target <= ACCEPTANCE_TCO2_PER_TCE * (1 + 1e-9):
            return pp.year
    return periods[-1].year


def builds(m: pyo.ConcreteModel) -> dict[tuple[int, str], float]:
    """Capacity bought in each period [kW, kWh]."""
    return {(q, k): (m.build[q, k].value or 0.0) * KW_PER_MW for q, k in m.BUILD}


def _annuity_value(annuity: float, years: float, rate: float) -> float:
    """Value at the start of the first of ``years`` of ``annuity`` paid at each year's end."""
    if years <= 0:
        return 0.0
    if rate == 0:
        return annuity * years
    return annuity * (1.0 - (1.0 + rate) ** -years) / rate


def _row(
    pp: PeriodInputs, key: str, built: float, serving: float, inst, installed: float = 0.0
) -> dict:
    """One row of the schedule: a capacity of an instance (or, ``inst`` None, a technology's
    total) in a period [kW or kWh, currency]."""
    econ = pp.inputs.economics.get(key)
    capex = econ.capex_per_unit if econ is not None else None
    tech = TECH_OF_CAPACITY[key] if inst is None else inst.tech
    unit = next(c.unit for c in tech.capacities if key.endswith(c.key[len(tech.name) :]))
    return {
        "year": pp.year,
        "capacity": key,
        "technology": tech.name,
        "instance": inst.name if inst is not None and inst.named else None,
        "unit": unit,
        "built": built,
        "serving": serving,
        "installed": installed,
        "capex_per_unit": capex,
        "investment": built * capex if capex is not None else None,
    }


def _instance_key(inst, c) -> str:
    """The key of registry capacity ``c`` for instance ``inst`` (``pv_roof_east_kw``)."""
    return inst.stem + c.key[len(inst.tech.name) :]


def schedule(periods: list[PeriodInputs], plans: list[Plan], bought: dict, pathway) -> list[dict]:
    """Rows of the build schedule: per period and capacity of the registry (a technology's
    total over its named instances, if it has them: ``instance`` null) and per named instance,
    what is bought, what serves (``installed`` of it the park had already) and what it costs
    [kW or kWh, currency]."""
    rows = []
    for p, (pp, plan) in enumerate(zip(periods, plans, strict=True)):
        s = pp.inputs.scenario
        own = [
            _row(
                pp,
                k,
                bought.get((p, k), 0.0),
                plan.capacities[k],
                inst,
                installed_kw(pathway, pp, k),
            )
            for k, inst in owners(s).items()
        ]
        for tech in TECHNOLOGIES:  # each technology with named instances: its total
            named = listed(s, tech)
            for c in tech.capacities if named else ():
                keys = {_instance_key(i, c) for i in named}
                parts = [r for r in own if r["capacity"] in keys]
                total = _row(
                    pp, c.key, sum(r["built"] for r in parts), plan.capacities[c.key], None
                )
                total["capex_per_unit"] = None
                total["installed"] = sum(r["installed"] for r in parts)
                total["investment"] = sum(r["investment"] for r in parts)
                own.append(total)
        rows += own
    return rows


def fixed_om(periods: list[PeriodInputs], plans: list[Plan], bought: dict, pathway) -> list[float]:
    """Each period's fixed O&M a year [currency/year]: every build serving in it at its own
    vintage's rate, existing assets and installed capacity at the period's."""
    out = []
    have = installed_om(periods, pathway)
    for p, (pp, plan) in enumerate(zip(periods, plans, strict=True)):
        econ = pp.inputs.economics
        om = sum(
            econ[k].fixed_om_per_unit * kw
            for k, kw in plan.capacities.items()
            if k in econ and is_existing(pp, k)
        )
        om += sum(
            periods[q].inputs.economics[k].fixed_om_per_unit * built
            for (q, k), built in bought.items()
            if active(periods, q, p, k)
        )
        out.append(om + have[p])
    return out


def _targets_of(pp: PeriodInputs) -> dict[str, float]:
    """The period's targets as the user gave them (its carbon section)."""
    return pp.inputs.scenario.carbon.model_dump(exclude_none=True)


def path(
    periods: list[PeriodInputs], plans: list[Plan], om: list[float], bau: list[float]
) -> list[dict]:
    """Per period: the indicator, shares and scopes, emissions, costs a year (``om``: its
    fixed O&M, ``fixed_om``), its targets and their shadow prices (per year of the period)
    [tCO2/tce, -, tCO2, currency/year]."""
    rows = []
    for pp, plan, fom, usual in zip(periods, plans, om, bau, strict=True):
        s = plan.summary
        ind = s["indicator"]
        prices = {t.row: s.get(t.summary_key) for t in targets.TARGETS if t.summary_key in s}
        rows.append(
            {
                "year": pp.year,
                "years": pp.years,
                "discount_weight": pp.weight,
                **{k: ind.get(k) for k in PATH_KEYS},
                "emissions_t": s["emissions_market_t"],
                "baseline_emissions_t": s["baseline_emissions_t"],
                "renewable_share": s["renewable_share"],
                "operating_cost": s["cost"]["operating_annual"],
                "fixed_om": fom,
                "baseline_cost": usual,
                "targets": _targets_of(pp),
                "shadow_prices": {r: v for r, v in prices.items() if v is not None},
                "compliance": {r["key"]: r["status"] for r in s["compliance"]["rules"]},
            }
        )
    return rows


def _residual(periods: list[PeriodInputs], bought: dict, rate: float) -> float:
    """Value at the end of the horizon of the builds' remaining life [currency]."""
    end = periods[-1].end_year
    total = 0.0
    for (q, k), built in bought.items():
        annuity = periods[q].inputs.economics[k].annualised_capex_per_unit * built
        rest = periods[q].year + life_years(periods[q], k) - end
        total += _annuity_value(annuity, rest, rate)
    return total


def cash_flow(
    periods: list[PeriodInputs],
    plans: list[Plan],
    bought: dict,
    om: list[float],
    bau: list[float],
    rate: float,
    base: int,
) -> list[dict]:
    """One row per calendar year of the horizon [currency]: investment (start of the year),
    fixed O&M, operation, business as usual, savings (end of the year), the residual value
    (last year), the net cash flow and its present value."""
    invest = {pp.year: 0.0 for pp in periods}
    for (q, k), built in bought.items():
        invest[periods[q].year] += built * periods[q].inputs.economics[k].capex_per_unit
    residual = _residual(periods, bought, rate)
    rows = []
    for pp, plan, fom, usual in zip(periods, plans, om, bau, strict=True):
        cost = plan.summary["cost"]
        for y in range(pp.year, pp.end_year):
            i = invest.get(y, 0.0) if y == pp.year else 0.0
            savings = usual - cost["operating_annual"] - fom
            rest = residual if y == periods[-1].end_year - 1 else 0.0
            rows.append(
                {
                    "year": y,
                    "investment": i,
                    "fixed_om": fom,
                    "operating_cost": cost["operating_annual"],
                    "baseline_cost": usual,
                    "savings": savings,
                    "residual_value": rest,
                    "net_cash_flow": savings + rest - i,
                    "present_value": (savings + rest) * discount_factor(y, base, rate)
                    - i * discount_factor(y - 1, base, rate),
                }
            )
    return rows


def _timed_flows(rows: list[dict]) -> np.ndarray:
    """Net cash flow at the points t = 0..N (start of the first year, then each year's
    end): investment at the start of its year, the rest at its end [currency]."""
    n = len(rows)
    out = np.zeros(n + 1)
    for t, r in enumerate(rows):
        out[t] -= r["investment"]
        out[t + 1] += r["savings"] + r["residual_value"]
    return out


def _stranded(m: pyo.ConcreteModel, periods: list[PeriodInputs]) -> float:
    """Present value of the annuities of the years builds live but cannot serve (a life
    that ends inside a period), a part of ``capital`` [currency]."""
    total = 0.0
    for (q, k), built in builds(m).items():
        annuity = periods[q].inputs.economics[k].annualised_capex_per_unit
        serving = sum(pp.weight for p, pp in enumerate(periods) if active(periods, q, p, k))
        total += annuity * (alive_weight(periods, q, k) - serving) * built
    return total


def _present_values(
    m: pyo.ConcreteModel,
    periods: list[PeriodInputs],
    plans: list[Plan],
    rows: list[dict],
    om_per_year: list[float],
    bau: list[float],
    rate: float,
    base: int,
) -> dict[str, float]:
    """The objective's parts in present value [currency]; ``total`` is their sum."""
    capital = pyo.value(vintage_cost(m, periods, "capital")) * KW_PER_MW
    om = sum(pp.weight * fom for pp, fom in zip(periods, om_per_year, strict=True))
    op = sum(
        pp.weight * pl.summary["cost"]["operating_annual"]
        for pp, pl in zip(periods, plans, strict=True)
    )
    invest = sum(r["investment"] * discount_factor(r["year"] - 1, base, rate) for r in rows)
    residual = sum(r["residual_value"] * discount_factor(r["year"], base, rate) for r in rows)
    return {
        "investment": invest,
        "residual_value": residual,
        "stranded_value": _stranded(m, periods),
        "capital": capital,
        "fixed_om": om,
        "operating_cost": op,
        "total": capital + om + op,
        "business_as_usual": sum(pp.weight * usual for pp, usual in zip(periods, bau, strict=True)),
    }


def pathway_block(
    scenario: Scenario,
    periods: list[PeriodInputs],
    plans: list[Plan],
    m: pyo.ConcreteModel,
    objective: float,
) -> dict:
    """pathway.json's figures (module docstring) [currency, kW, tCO2]."""
    rate = scenario.finance.discount_rate
    base = scenario.pathway.discount_base_year
    bought = builds(m)
    om = fixed_om(periods, plans, bought, scenario.pathway)
    bau = [
        business_as_usual(pp, scenario.pathway, pl.summary["baseline_cost"])
        for pp, pl in zip(periods, plans, strict=True)
    ]
    rows = cash_flow(periods, plans, bought, om, bau, rate, base)
    pv = _present_values(m, periods, plans, rows, om, bau, rate, base)
    flows = _timed_flows(rows)
    first = periods[0].year
    shift = (1.0 + rate) ** -(first - base)  # the flows' t = 0 is the first year's start
    npv = float(np.sum(flows * (1.0 + rate) ** -np.arange(len(flows)))) * shift
    return {
        "kind": "pathway",
        "park": scenario.park.name,
        "currency": scenario.tariff.currency,
        "discount_rate": rate,
        "base_year": base,
        "first_year": first,
        "end_year": periods[-1].end_year,
        "typical_days": scenario.pathway.typical_days,
        "acceptance_year": acceptance_year(scenario.pathway, periods),
        "objective": objective,
        "present_value": pv,
        "npv": npv,
        "irr": finance.irr(flows, near=rate),
        "simple_payback_years": finance.payback_years(flows),
        "discounted_payback_years": finance.payback_years(
            flows * (1.0 + rate) ** -np.arange(len(flows))
        ),
        "investment_total": sum(r["investment"] for r in rows),
        "schedule": schedule(periods, plans, bought, scenario.pathway),
        "path": path(periods, plans, om, bau),
        "cash_flow": rows,
        "charge_weight": {
            f"{periods[q].year}:{k}": charge_weight(periods, q, k) for q, k in bought
        },
        "audit": {
            "objective_rel_gap": abs(objective - pv["total"]) / max(abs(objective), 1.0),
            "balance_residual_kw": max(pl.summary["audit"]["balance_residual_kw"] for pl in plans),
        },
    }
