"""summary.json as types: one pydantic model per block, units in every field's description.

A run's summary is a ``PlanSummary`` (``kind: plan``, typical days included) or a
``SimulationSummary`` (``kind: simulation``); ``SUMMARY`` validates either (a union on
``kind``) and ``summary_schema()`` is the JSON Schema shipped as
``optimizer/outputs/schemas/summary.schema.json``
(``python -m parkopt.optimizer.outputs.result_schema``
writes it; a test checks it is current). ``results.write_run`` validates every summary
before writing it, so a summary that drifts from these types is a bug caught at once.

The blocks are in ``result_blocks`` (what is built, used and paid; the indicator and the
rules) and ``result_answers`` (money, the LP's answers, the inputs as the run saw them). They
are closed (an unknown key is an error) except those open by design, keyed by the registry
or the scenario's data: capacities, energy and cost parts, investment, timings and audit
residuals (declared keys plus further numbers), and the maps by technology, carrier, month
or rule (``dict[str, ...]``).

Imports pydantic and the registry only: the console, compare and report may read through it.
"""

from __future__ import annotations

import json
from importlib.resources import files
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, TypeAdapter, ValidationError

from parkopt.optimizer.outputs.result_answers import (
    BindingLimit,
    CarrierFlows,
    Economics,
    HourlyTargetComparison,
    Location,
    NoTurbines,
    Ownership,
    Resource,
    SolveStart,
    StudyTag,
    Timing,
    TypicalDays,
    WindTurbines,
)
from parkopt.optimizer.outputs.result_blocks import (
    Audit,
    Block,
    ByName,
    Capacity,
    Compliance,
    Cost,
    EnergyMWh,
    Green,
    Indicator,
    Money,
    OptMoney,
    Purchase,
    R,
    Share,
)

SCHEMA_ID = "https://parkopt.invalid/schemas/summary.schema.json"
"""The ``$id`` of the shipped schema (a name, not a place to fetch it from)."""
# --- the summary ----------------------------------------------------------------------------


class RunSummary(Block):
    """Figures every run has, plan or simulation."""

    parkopt_version: str = R(doc="The parkopt that wrote it")
    scenario: str = R(doc="park.name")
    currency: str = R(doc="tariff.currency: the unit of every money figure")
    status: str = R(doc="optimal (plan), ok (simulation) or the solver's termination")
    capacity: Capacity
    energy_mwh: EnergyMWh
    cost: Cost
    lcoe_per_kwh: float | None = R(unit="currency/kWh", doc="Cost per kWh served")
    emissions_t: float = R(unit="tCO2/year", doc="Location-based, Scope 1 + 2")
    emissions_market_t: float = R(unit="tCO2/year", doc="Market-based (the cap's)")
    green_purchase_mwh: float = R(unit="MWh/year", doc="Green energy bought")
    baseline_emissions_t: float = R(unit="tCO2/year", doc="The park today")
    baseline_cost: Money = R(unit="currency/year", doc="The park today")
    renewable_share: Share = R(doc="Local PV and wind + green purchases over electricity used")
    local_renewable_share: Share = R(doc="Local PV and wind over electricity used")
    hourly_matched_share: Share = R(doc="Electricity met hour by hour by local PV and wind")
    battery_cycles: float = R(unit="1/year", doc="Full equivalent cycles, every battery")
    battery_cycles_by_instance: ByName | None = R(
        None, unit="1/year", doc="Each named battery's (a list), by stem"
    )
    green: Green
    monthly_peak_import_kw: ByName = R(unit="kW", doc="Peak import by month (1-12)")
    indicator: Indicator
    carriers: dict[str, CarrierFlows] = R(doc="By carrier and heat level")
    audit: Audit
    solve_start: SolveStart | None = None
    carbon_cap_t: float | None = R(unit="tCO2/year", doc="Null: no cap")
    abatement_cost_per_t: OptMoney = R(unit="currency/tCO2", doc="The cap's dual")
    renewable_target_price_per_mwh: OptMoney = R(unit="currency/MWh", doc="Dual")
    hourly_target_price_per_mwh: OptMoney = R(unit="currency/MWh", doc="Dual")
    indicator_target_price_per_t: OptMoney = R(unit="currency/tCO2", doc="Dual")
    clean_target_price_per_tce: OptMoney = R(unit="currency/tce", doc="Dual")
    green_direct_target_price_per_mwh: OptMoney = R(None, unit="currency/MWh", doc="Dual")
    gdc_self_use_price_per_mwh: OptMoney = R(None, unit="currency/MWh", doc="Dual")
    gdc_consumption_share_price_per_mwh: OptMoney = R(None, unit="currency/MWh", doc="Dual")
    gdc_export_price_per_mwh: OptMoney = R(None, unit="currency/MWh", doc="Dual")
    objective: OptMoney = R(unit="currency/year", doc="The LP's objective")
    economics: Economics
    compliance: Compliance
    purchases: list[Purchase] = R(doc="What the park buys each year (items of 0 left out)")
    horizon_hours: int = R(unit="h", doc="Hours run")
    location: Location
    resource: Resource
    warnings: list[str] = R(doc="What the run wants a person to check")
    timing_s: Timing
    study: StudyTag | None = None


class PlanSummary(RunSummary):
    """summary.json of ``parkopt run``: capacities sized at least cost."""

    kind: Literal["plan"] = R(doc="A plan")
    binding_limits: list[BindingLimit] = R(doc="Every limit that binds, with its price")
    wind_turbines: WindTurbines | NoTurbines | None = R(None, doc="Empty: not applicable")
    warm_start: bool = R(doc="Solved warm in a kept model")
    ownership: Ownership | None = None
    hourly_target_comparison: HourlyTargetComparison | None = None
    typical_days: TypicalDays | None = None


class SimulationSummary(RunSummary):
    """summary.json of ``parkopt simulate``: given capacities run hour by hour."""

    kind: Literal["simulation"] = R(doc="A simulation")
    strategy: Literal["optimal", "self_consumption"] = R(doc="How the capacities were run")
    target_met: bool | None = R(doc="The scenario's targets met; null: checked by the LP")


Summary = Annotated[PlanSummary | SimulationSummary, Field(discriminator="kind")]
SUMMARY: TypeAdapter = TypeAdapter(Summary)


class SummaryError(RuntimeError):
    """A summary does not match its types: a bug in the code that built it."""


def validate_summary(doc: dict) -> PlanSummary | SimulationSummary:
    """``doc`` (summary.json's document) as its types; SummaryError naming every mismatch."""
    try:
        return SUMMARY.validate_python(doc)
    except ValidationError as err:
        lines = [
            f"  {'.'.join(str(p) for p in e['loc'][1:])}: {e['msg']}"
            + ("" if e["type"] == "missing" else f" (got {e.get('input')!r:.60})")
            for e in err.errors()
        ]
        raise SummaryError(
            "summary.json does not match its types (optimizer/outputs/result_schema.py); this is a "
            f"bug in the code that built it ({len(lines)} problems):\n" + "\n".join(lines)
        ) from None


def summary_schema() -> dict:
    """The JSON Schema of summary.json (both kinds)."""
    schema = SUMMARY.json_schema()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "parkopt summary.json",
        **schema,
    }


def schema_text(schema: dict) -> str:
    """A schema as the shipped file holds it (sorted keys off, two-space indent, newline)."""
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


SCHEMA_FILE = "schemas/summary.schema.json"
"""The shipped schema, relative to ``parkopt.optimizer`` (package data)."""


def shipped_schema_text() -> str:
    """The schema file shipped in the package, as text."""
    return (files("parkopt.optimizer.outputs") / SCHEMA_FILE).read_text(encoding="utf-8")


def write_schema() -> str:
    """Write ``optimizer/outputs/schemas/summary.schema.json`` from the types; return its path."""
    path = Path(__file__).parent / SCHEMA_FILE
    path.parent.mkdir(exist_ok=True)
    path.write_text(schema_text(summary_schema()), encoding="utf-8")
    return str(path)


if __name__ == "__main__":  # python -m parkopt.optimizer.outputs.result_schema
    print(write_schema())
