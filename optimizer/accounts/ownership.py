"""Self-owned or contracted: what the park pays per kWh a third party's plant delivers, and
the comparison summary.json's ``ownership`` gives when ``finance.ownership`` is ``both``.

Which technologies are under contract, and at which price, is
``plan_inputs.contract_prices``; the LP's payment is ``lp/contracts.py``. Here the same
payment is read off a finished dispatch (``contract_payments``, the KPIs' cost part
``contract_payments``) and two plans' figures are set side by side (``ownership_block``).
Pure: reads frames and summaries, writes nothing.
"""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from parkopt.models.units import KWH_PER_MWH
from parkopt.optimizer.accounts.targets import annual_mwh
from parkopt.optimizer.common.numbers import num
from parkopt.optimizer.inputs.plan_inputs import (
    PlanInputs,
    contract_prices,
    economics_of,
    own_energy_prices,
)
from parkopt.optimizer.schema.technologies import TECHNOLOGIES

DELIVERED_COLUMN = {
    t.name: f"{t.name}_kw" if t.role == "generator" else f"{t.name}_discharge_kw"
    for t in TECHNOLOGIES
    if t.role in ("generator", "storage", "heat_storage")
}
"""The dispatch column of the energy a contracted technology delivers [kW]: a generator's
output used, a store's discharge."""


def payments(d: pd.DataFrame, inputs: PlanInputs, prices: dict[str, float]) -> dict[str, float]:
    """What the park pays a year for the energy each technology of ``prices`` delivers:
    price x kWh delivered [currency/year]."""
    column = {n: DELIVERED_COLUMN.get(n, f"{n}_kw") for n in prices}  # else a named instance
    return {
        name: price * annual_mwh(d[column[name]], inputs) * KWH_PER_MWH
        for name, price in prices.items()
        if column[name] in d
    }


def contract_payments(d: pd.DataFrame, inputs: PlanInputs) -> dict[str, float]:
    """What the park pays each contracted technology a year: price x kWh delivered
    [currency/year]; empty without a contract."""
    return payments(d, inputs, contract_prices(inputs.scenario))


def ppa_payments(d: pd.DataFrame, inputs: PlanInputs) -> dict[str, float]:
    """What the park pays a year for the energy of its own plants priced per kWh
    (``technologies.<name>.energy_price_cny_per_kwh``) [currency/year]; empty without."""
    return payments(d, inputs, own_energy_prices(inputs.scenario))


def under_contract(inputs: PlanInputs) -> PlanInputs:
    """The same inputs with ``finance.ownership: contract`` (the annual costs per unit of
    the contracted technologies become 0): the second solve of ``both``."""
    finance = inputs.scenario.finance.model_copy(update={"ownership": "contract"})
    scenario = inputs.scenario.model_copy(update={"finance": finance})
    return replace(inputs, scenario=scenario, economics=economics_of(scenario))


def view(summary: dict) -> dict[str, object]:
    """One ownership's figures from a plan's summary: capacities [kW, kWh], annual cost
    [currency/year], the park's investment [currency], NPV [currency], IRR [1/year] and
    simple payback [years]."""
    e = summary["economics"]
    return {
        "capacities": dict(summary["capacity"]),
        "total_annual": float(summary["cost"]["total_annual"]),
        "investment_total": float(e["investment"]["total"]),
        "npv": e["npv"],
        "irr": e["irr"],
        "simple_payback_years": e["simple_payback_years"],
    }


def ownership_block(
    self_summary: dict, contract_summary: dict, prices: dict[str, float]
) -> dict[str, object]:
    """summary.json's ``ownership``: the self-owned plan's figures, the contracted plan's
    (with its annual ``contract_payments`` [currency/year] and the prices [currency/kWh])
    and one sentence comparing them."""
    own = view(self_summary)
    contract = {
        **view(contract_summary),
        "contract_payments": float(contract_summary["cost"].get("contract_payments", 0.0)),
        "price_cny_per_kwh": dict(prices),
    }
    currency = self_summary["economics"].get("currency") or "CNY"
    return {"self": own, "contract": contract, "sentence": sentence(own, contract, currency)}


def sentence(own: dict, contract: dict, currency: str = "CNY") -> str:
    """One line comparing the two ownerships: annual cost, investment and NPV."""
    prices = contract["price_cny_per_kwh"].items()
    terms = ", ".join(f"{name} at {num(p)} {currency}/kWh" for name, p in prices)
    diff = contract["total_annual"] - own["total_annual"]
    side = "less" if diff < 0 else "more"
    return (
        f"Contracting ({terms}) the park pays {num(contract['total_annual'])} {currency}/year "
        f"against {num(own['total_annual'])} self-owned ({num(abs(diff))} {side}), invests "
        f"{num(contract['investment_total'])} instead of {num(own['investment_total'])} "
        f"{currency} and has an NPV of {num(contract['npv'])} instead of {num(own['npv'])} "
        f"{currency}."
    )
