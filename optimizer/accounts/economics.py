"""The plan as an investment: upfront capital, a yearly cash flow over the project life
against the park today, NPV, IRR, paybacks and the cost of a tonne avoided.

Pure: reads PlanInputs, the capacities, the annual cost parts (``kpis.cost_parts``) and
summary.json's figures, and writes nothing. ``economics_block`` gives summary.json's
``economics``; ``project_of`` gathers what the cash flow reads into a ``Project`` and
``cash_flow_table`` turns a Project into the table (one row a year, year 0 = investment).

Sign convention: every money column is cash to the park (paid < 0, received or avoided
> 0), in real terms (today's prices), so ``net_cash_flow_cny`` is the sum of the columns of
``FLOW_COLUMNS`` and the NPV is that sum discounted at ``finance.discount_rate``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from parkopt.models import finance
from parkopt.models.errors import input_error
from parkopt.models.units import KWH_PER_MWH
from parkopt.optimizer.inputs.plan_inputs import PlanInputs
from parkopt.optimizer.schema.instances import instances

CAPITAL_COLUMNS = ("investment_cny", "replacements_cny", "residual_value_cny")
BILL_COLUMNS = {
    "grid_energy_cny": "grid_import",
    "demand_charge_cny": "demand_charge",
    "gas_cny": "gas",
    "purchased_heat_cny": "purchased_heat",
    "green_purchase_cny": "green_purchase",
    "ppa_cny": "ppa_payments",  # own plants' energy priced per kWh (energy_price_cny_per_kwh)
}
"""The plan's bills in the cash flow and the ``kpis.cost_parts`` key each comes from."""
OPERATING_COLUMNS = (
    "om_cny",
    *BILL_COLUMNS,
    "pv_degradation_import_cny",
    "contracted_energy_cny",
    "export_revenue_cny",
    "baseline_bills_cny",
)
"""Yearly operating flows; their sum is ``savings_cny`` (years 1 to the project life)."""
FLOW_COLUMNS = CAPITAL_COLUMNS + OPERATING_COLUMNS
"""Every money column the net cash flow sums (subtotals and discounting are not in it)."""


@dataclass(frozen=True)
class Project:
    """What the cash flow reads; money in currency, energy in kWh, all at year-1 prices.

    ``bills`` holds the plan's annual bills keyed by the columns of ``BILL_COLUMNS`` (> 0 =
    paid); ``contracted`` maps a technology a third party owns to (kWh delivered a year,
    price per kWh); it is then left out of ``investment`` and ``om``.
    """

    investment: dict[str, float]  # upfront capital by technology [currency]
    life_years: dict[str, float]  # economic life by technology [years]
    om: dict[str, float]  # fixed O&M by technology [currency/year]
    bills: dict[str, float]  # plan's bills [currency/year]
    export_revenue: float  # [currency/year]
    baseline_bills: float  # the park today: grid-only electricity and today's heat
    pv_kwh: float = 0.0  # PV delivered in year 1 [kWh/year]
    import_price_per_kwh: float = 0.0  # plan's average import energy price [currency/kWh]
    contracted: dict[str, tuple[float, float]] = field(default_factory=dict)
    project_life_years: int = 25
    discount_rate: float = 0.06
    escalation_per_year: float = 0.0
    pv_degradation_per_year: float = 0.0


def _by_instance(inputs: PlanInputs, capacities: dict[str, float], part: str) -> dict[str, float]:
    """``part`` of ``TechEconomics`` (per unit) x capacity, summed over each instance's
    capacities (kW and kWh), by instance stem (``pv``, ``pv_roof_east``) [currency]."""
    econ = inputs.economics
    return {
        i.stem: sum(getattr(econ[c.key], part) * capacities.get(c.key, 0.0) for c in i.capacities)
        for i in instances(inputs.scenario)
        if all(c.key in econ for c in i.capacities)
    }


def investment_by_technology(inputs: PlanInputs, capacities: dict[str, float]) -> dict[str, float]:
    """Upfront capital of every technology in the scenario (each named instance of a list
    apart, by stem): capex per unit x capacity, summed over its capacities (kW and kWh)
    [currency]."""
    return _by_instance(inputs, capacities, "capex_per_unit")


def om_by_technology(inputs: PlanInputs, capacities: dict[str, float]) -> dict[str, float]:
    """Fixed O&M of every technology in the scenario (each named instance apart, by stem)
    [currency/year]; sums to ``cost_parts["fixed_om"]``."""
    return _by_instance(inputs, capacities, "fixed_om_per_unit")


def delivered_kwh(summary: dict, name: str) -> float:
    """Energy a technology delivers a year [kWh]: a generator's output used, a store's
    discharge."""
    energy = summary["energy_mwh"]
    return float(energy.get(name, energy.get(f"{name}_discharge", 0.0))) * KWH_PER_MWH


def import_price_per_kwh(inputs: PlanInputs, cost_parts: dict, summary: dict) -> float:
    """Plan's average import energy price: grid energy bill over grid energy bought; the
    hourly mean price when nothing is bought [currency/kWh]."""
    kwh = float(summary["energy_mwh"]["grid_import"]) * KWH_PER_MWH
    if kwh > 1e-9:
        return float(cost_parts["grid_import"]) / kwh
    return float(inputs.hourly["price_per_kwh"].mean())


def project_of(
    inputs: PlanInputs,
    capacities: dict[str, float],
    cost_parts: dict,
    summary: dict,
    contracts: bool = False,
) -> Project:
    """The Project of a plan; with ``contracts``, the technologies of
    ``finance.ownership_price_cny_per_kwh`` are bought per kWh instead of built."""
    f = inputs.scenario.finance
    investment = investment_by_technology(inputs, capacities)
    om = om_by_technology(inputs, capacities)
    contracted = {}
    for name, price in (f.ownership_price_cny_per_kwh if contracts else {}).items():
        if not price >= 0:
            raise input_error(
                f"finance.ownership_price_cny_per_kwh.{name}", price, ">= 0 [CNY/kWh]"
            )
        stems = [i.stem for i in instances(inputs.scenario) if i.tech.name == name]
        if stems and all(s in investment for s in stems):
            contracted[name] = (delivered_kwh(summary, name), float(price))
            for s in stems:
                investment.pop(s)
                om.pop(s)
    life = {i.stem: float(i.spec.life_years) for i in instances(inputs.scenario)}
    return Project(
        investment=investment,
        life_years={n: life[n] for n in investment},
        om=om,
        bills={col: float(cost_parts.get(key, 0.0)) for col, key in BILL_COLUMNS.items()},
        export_revenue=float(cost_parts.get("export_revenue", 0.0)),
        baseline_bills=float(summary["baseline_cost"]),
        pv_kwh=delivered_kwh(summary, "pv"),
        import_price_per_kwh=import_price_per_kwh(inputs, cost_parts, summary),
        contracted=contracted,
        project_life_years=f.project_life_years,
        discount_rate=f.discount_rate,
        escalation_per_year=f.energy_price_escalation_per_year,
        pv_degradation_per_year=f.pv_degradation_per_year,
    )


def capital_columns(p: Project) -> dict[str, np.ndarray]:
    """Investment (year 0), replacements (each year a predecessor's life ends inside the
    project) and residual value (the last purchase's unused straight-line share, in the last
    year) [currency; paid < 0]."""
    n = p.project_life_years
    out = {c: np.zeros(n + 1) for c in CAPITAL_COLUMNS}
    for name, cost in p.investment.items():
        years, residual = finance.purchase_schedule(p.life_years[name], n)
        out["investment_cny"][0] -= cost
        for y in years[1:]:
            out["replacements_cny"][y] -= cost
        out["residual_value_cny"][n] += residual * cost
    return out


def cash_flow_table(p: Project) -> pd.DataFrame:
    """The yearly cash flow of a Project, years 0..project life (see the module's sign
    convention): capital columns, operating columns, ``savings_cny`` (operating sum),
    ``net_cash_flow_cny``, ``discount_factor`` [-] and the discounted and cumulative sums.

    Energy prices (bills, export, baseline, the PV degradation imports) grow by
    ``(1 + escalation)^(y - 1)`` in year y; contract prices and O&M do not. PV delivers
    ``(1 - degradation)^(y - 1)`` of its year-1 output; the kWh lost are bought from the
    grid at the plan's average import price.
    """
    n = p.project_life_years
    years = np.arange(n + 1)
    running = (years >= 1).astype(float)
    prices = running * (1.0 + p.escalation_per_year) ** (years - 1.0)
    pv_left = running * (1.0 - p.pv_degradation_per_year) ** (years - 1.0)
    cols: dict[str, np.ndarray] = {"year": years, **capital_columns(p)}
    cols["om_cny"] = -sum(p.om.values(), 0.0) * running
    for col in BILL_COLUMNS:
        cols[col] = -p.bills.get(col, 0.0) * prices
    lost_kwh = p.pv_kwh * (running - pv_left)
    cols["pv_degradation_import_cny"] = -lost_kwh * p.import_price_per_kwh * prices
    cols["contracted_energy_cny"] = -sum(
        (kwh * price * (pv_left if name == "pv" else running))
        for name, (kwh, price) in p.contracted.items()
    ) * np.ones(n + 1)
    cols["export_revenue_cny"] = p.export_revenue * prices
    cols["baseline_bills_cny"] = p.baseline_bills * prices
    table = pd.DataFrame(cols)
    table["savings_cny"] = table[list(OPERATING_COLUMNS)].sum(axis=1)
    table["net_cash_flow_cny"] = table[list(FLOW_COLUMNS)].sum(axis=1)
    table["discount_factor"] = finance.discount_factors(p.discount_rate, n)
    table["discounted_cash_flow_cny"] = table["net_cash_flow_cny"] * table["discount_factor"]
    table["cumulative_cash_flow_cny"] = table["net_cash_flow_cny"].cumsum()
    table["cumulative_discounted_cash_flow_cny"] = table["discounted_cash_flow_cny"].cumsum()
    return table


def records(table: pd.DataFrame) -> list[dict[str, float | int]]:
    """The table as JSON-ready rows (year an int, every other value a float, never -0.0)."""
    return [
        {k: int(v) if k == "year" else float(v) + 0.0 for k, v in row.items()}
        for row in table.to_dict("records")
    ]


def figures(p: Project) -> dict[str, object]:
    """Investment, year-1 savings, NPV, IRR, paybacks, purchases and the cash flow of a
    Project [currency, 1/year, years]."""
    table = cash_flow_table(p)
    net = table["net_cash_flow_cny"].to_numpy()
    schedules = {
        name: finance.purchase_schedule(p.life_years[name], p.project_life_years)
        for name, cost in p.investment.items()
        if cost > 0
    }
    return {
        "investment": {**p.investment, "total": sum(p.investment.values(), 0.0)},
        "purchases": {
            name: {"years": years, "residual_share": share}
            for name, (years, share) in schedules.items()
        },
        "annual_savings": float(table.loc[1, "savings_cny"]),
        "npv": finance.npv(net, p.discount_rate),
        "irr": finance.irr(net, near=p.discount_rate),
        "simple_payback_years": finance.payback_years(net),
        "discounted_payback_years": finance.payback_years(table["discounted_cash_flow_cny"]),
        "cash_flow": records(table),
    }


def average_abatement_cost(
    plan_cost: float, baseline_cost: float, plan_t: float, baseline_t: float
) -> float | None:
    """Average cost of a tonne avoided: ``(plan_cost - baseline_cost) / (baseline_t -
    plan_t)`` [currency/tCO2]; negative when the plan saves money, None when it avoids
    nothing."""
    avoided = baseline_t - plan_t
    if not avoided > 1e-9:
        return None
    return (plan_cost - baseline_cost) / avoided


def economics_block(
    inputs: PlanInputs, capacities: dict[str, float], cost_parts: dict, summary: dict
) -> dict[str, object]:
    """summary.json's ``economics``: the figures of ``figures`` for the plan as built,
    both abatement costs, the finance settings and ``notes``. Under ``finance.ownership:
    contract`` the plan's contracted technologies are not invested in and their payments are
    in the cash flow; otherwise, when prices are given, ``contracted`` re-prices the
    self-owned sizes per kWh (the same figures, the LP's sizes unchanged)."""
    f = inputs.scenario.finance
    contract = f.ownership == "contract"
    out: dict[str, object] = {
        "currency": inputs.scenario.tariff.currency,
        **figures(project_of(inputs, capacities, cost_parts, summary, contracts=contract)),
    }
    plan_t = summary.get("emissions_market_t", summary["emissions_t"])
    out["abatement_cost_average_per_t"] = average_abatement_cost(
        cost_parts["total_annual"],
        summary["baseline_cost"],
        plan_t,
        summary["baseline_emissions_t"],
    )
    out["abatement_cost_marginal_per_t"] = summary.get("abatement_cost_per_t")
    out["project_life_years"] = f.project_life_years
    out["discount_rate"] = f.discount_rate
    out["energy_price_escalation_per_year"] = f.energy_price_escalation_per_year
    out["pv_degradation_per_year"] = f.pv_degradation_per_year
    if contract:
        out["price_cny_per_kwh"] = dict(f.ownership_price_cny_per_kwh)
    elif f.ownership_price_cny_per_kwh:
        contracted = figures(project_of(inputs, capacities, cost_parts, summary, contracts=True))
        contracted["price_cny_per_kwh"] = dict(f.ownership_price_cny_per_kwh)
        contracted["npv_gain_over_owning"] = contracted["npv"] - out["npv"]
        out["contracted"] = contracted
    out["notes"] = notes(inputs, out)
    return out


NOTES = (
    "investment: upfront capital by technology, capex per kW or kWh x capacity, in year 0; "
    "a technology whose life ends inside the project is bought again at the same real cost "
    "(purchases.years) and the unused straight-line share of its last purchase is a residual "
    "value in the last year (purchases.residual_share).",
    "cash_flow: one row a year, year 0 = investment; every column is cash to the park (paid "
    "< 0, received or avoided > 0) in real terms; baseline_bills_cny are the bills of the park "
    "today (all electricity from the grid, today's heat), which the plan avoids; savings_cny = "
    "the operating columns summed; net_cash_flow_cny adds investment, replacements and the "
    "residual value.",
    "annual_savings: year 1's savings_cny, i.e. the baseline's bills less the plan's O&M, "
    "bills and green purchases plus its export revenue (without escalation and degradation, "
    "baseline_cost - (cost.total_annual - cost.capex_annual)).",
    "npv: the net cash flow discounted at finance.discount_rate (end of year); irr: the rate "
    "at which the npv is 0 (null when the npv never changes sign; of several, the one "
    "nearest the discount rate); paybacks: years until the cumulative (discounted) cash flow "
    "is 0 for good, interpolated linearly within the year (null when never).",
    "Escalation: energy prices (grid energy, demand charge, gas, purchased heat, green "
    "purchases, export, the baseline's bills) grow by finance.energy_price_escalation_per_year "
    "from year 2; O&M, capital costs and contract prices stay at today's real level.",
    "PV degradation (simplification): PV delivers (1 - finance.pv_degradation_per_year)^(y-1) "
    "of its year-1 output and the kWh lost are bought from the grid at the plan's average "
    "import energy price (no demand charge, no lost export, no re-dispatch; emissions are "
    "those of year 1).",
    "abatement_cost_average_per_t: (plan annual cost - baseline annual cost) / (baseline "
    "emissions - plan emissions) [currency/tCO2]: what each tonne avoided costs on average, "
    "annualised capital included; negative when the plan saves money; null when nothing is "
    "avoided. Plan emissions are market-based (green purchases count), as the carbon cap is.",
    "abatement_cost_marginal_per_t: the dual price of the carbon cap [currency/tCO2]: what "
    "one more tonne avoided would cost at the margin; 0 when the cap does not bind, null "
    "without a cap.",
)
"""Sentences explaining each figure and the simplifications, in summary.json."""


def notes(inputs: PlanInputs, block: dict) -> list[str]:
    """``NOTES`` plus the sentences this plan needs (a contract, an existing boiler)."""
    out = list(NOTES)
    if "contracted" in block:
        out.append(
            "contracted: the park's cash flow when a third party builds, owns and runs the "
            "technologies of finance.ownership_price_cny_per_kwh and the park pays that price "
            "per kWh delivered (PV, wind: output used, PV degrading; battery, thermal storage: "
            "discharge) instead of their capital and O&M; it re-prices the self-owned plan's "
            "sizes and dispatch (the LP sized them at their capital cost; finance.ownership: "
            "contract or both sizes them at the contract price)."
        )
    if "price_cny_per_kwh" in block:
        out.append(
            "ownership contract: a third party builds, owns and runs the technologies of "
            "price_cny_per_kwh, which the LP sized at that price per kWh delivered; they are "
            "not in investment or O&M, and the park's payments are contracted_energy_cny "
            "(cost part contract_payments)."
        )
    if inputs.scenario.technologies.existing_gas_boiler is not None:
        out.append(
            "The baseline's bills include the existing gas boilers' O&M (the park pays it "
            "today, escalated like the bills); the plan's O&M counts the boilers it keeps."
        )
    return out
