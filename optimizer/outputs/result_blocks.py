"""summary.json's types, part one: the base of every block, what is built, used and paid,
and the indicator and the rules (``result_schema`` assembles the summary).

Every field's description says its meaning and unit (``doc [unit]``); ``unit`` holds the unit
alone. A ``Block`` is closed (an unknown key is an error); an ``OpenBlock`` is open by design
(keys from the registry or the scenario's data), its extra keys numbers. Imports pydantic and
the registry (``Capacity`` is generated from its capacities).
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, create_model

from parkopt.optimizer.schema.carriers import CARRIERS
from parkopt.optimizer.schema.technologies import CAPACITIES, TECH_OF_CAPACITY


def R(default: Any = ..., *, unit: str = "-", doc: str, **kw: Any) -> Any:
    """A result field: its meaning and unit in the description (``doc [unit]``) and the unit
    alone in ``unit`` (as ``fields.F`` registers an input's)."""
    text = doc if unit == "-" else f"{doc} [{unit}]"
    return Field(default, description=text, json_schema_extra={"unit": unit}, **kw)


class Block(BaseModel):
    """A closed block: every key is declared, an unknown one is an error."""

    model_config = ConfigDict(extra="forbid")


class OpenBlock(BaseModel):
    """A block open by design (keys from the registry or the scenario): the declared keys
    and any more, each a number."""

    model_config = ConfigDict(extra="allow")
    __pydantic_extra__: dict[str, float]


Share = float | None
"""A fraction [-]; null where it is undefined (nothing to divide by)."""
Money = float
OptMoney = float | None
ByName = dict[str, float]


# --- what is built, used and paid -------------------------------------------------------------


def _capacity_doc(c) -> str:
    """A capacity's meaning: its registry label, and for a converter what it is rated by."""
    tech = TECH_OF_CAPACITY[c.key]
    out = f", {CARRIERS[tech.gives[0]].label.lower()} out" if tech.role == "converter" else ""
    return f"{c.label}{' kept' if tech.existing else ''}{out}"


Capacity = create_model(
    "Capacity",
    __base__=OpenBlock,
    __doc__="""Every capacity of the registry (``technologies.CAPACITIES``, generated from it),
    0 where not built; further keys are further capacities (kW, or kWh for energy, as their
    names say).""",
    **{c.key: (float, R(unit=c.unit, doc=_capacity_doc(c))) for c in CAPACITIES},
)


def _mwh(doc: str, default=...):
    return R(default, unit="MWh/year", doc=doc)


class EnergyMWh(OpenBlock):
    """Energy of every flow over a year (a horizon scaled to a year); further keys are further
    generators' output and curtailment (``<name>``, ``<name>_curtailed``) and stores' charge
    and discharge (``<name>_charge``, ``<name>_discharge``) [MWh/year]."""

    load: float = _mwh("Electricity load")
    pv: float = _mwh("PV delivered (generated less curtailed)")
    wind: float = _mwh("Wind delivered (generated less curtailed)")
    curtailed: float = _mwh("Local generation curtailed, every generator")
    pv_curtailed: float = _mwh("PV curtailed")
    wind_curtailed: float = _mwh("Wind curtailed")
    grid_import: float = _mwh("Bought from the grid")
    grid_export: float = _mwh("Sold to the grid")
    battery_charge: float = _mwh("Into the battery")
    battery_discharge: float = _mwh("Out of the battery")
    heat_demand: float | None = _mwh("Heat served, every level (with heat)", None)
    power_to_heat: float | None = _mwh("Electricity into heat sources (with heat)", None)
    gas: float | None = _mwh("Natural gas burnt (with heat)", None)
    heat_purchased: float | None = _mwh("Heat bought (with heat)", None)
    thermal_storage_discharge: float | None = _mwh("Out of the thermal store", None)


def _money(doc: str, default=...):
    return R(default, unit="currency/year", doc=doc)


class Cost(OpenBlock):
    """Annual cost and its parts; ``total_annual`` is the sum of the parts, ``operating_annual``
    a subtotal; further keys are further parts [currency/year]."""

    total_annual: Money = _money("Total annual cost (the objective)")
    operating_annual: Money = _money("Running the park: energy, charges, purchases, less exports")
    capex_annual: Money = _money("Annualised capital")
    fixed_om: Money = _money("Fixed operation and maintenance")
    grid_import: Money = _money("Grid energy bought")
    demand_charge: Money = _money("Demand charge on monthly peaks")
    green_purchase: Money = _money("Green certificates or green power")
    gas: OptMoney = _money("Natural gas (with heat)", None)
    purchased_heat: OptMoney = _money("Heat bought (with heat)", None)
    contract_payments: OptMoney = _money("Paid per kWh to a third party owning assets", None)
    ppa_payments: OptMoney = _money("Own plants' energy paid per kWh", None)
    grid_exchange_charges: OptMoney = _money("A direct-connection project's charges", None)
    export_revenue: Money = _money("Revenue of exports (a credit)")


class Green(Block):
    """Hour-by-hour green figures."""

    hours_fully_green: int = R(unit="h", doc="Hours whose whole load local PV and wind met")
    longest_grid_free_run_h: int = R(unit="h", doc="Longest run of fully green hours")
    hours_below_half_green: int = R(unit="h", doc="Hours under half green")


class Audit(OpenBlock):
    """The run's self-audit: the largest residuals of its balances rebuilt in pandas; further
    keys are further residuals (heat balance [kW], thermal store [kWh])."""

    balance_residual_kw: float = R(unit="kW", doc="Largest hourly electricity balance residual")
    soc_residual_kwh: float = R(unit="kWh", doc="Largest battery state-of-charge residual")
    objective_rel_gap: float | None = R(
        None, doc="|objective - total annual cost| / max(|total|, 1)"
    )


# --- the indicator and the rules --------------------------------------------------------------


class IndicatorFigures(Block):
    """The notice's figures of one state of the park (plan or baseline)."""

    energy_tce: float = R(unit="tce/year", doc="All energy used, electricity at 等价值")
    energy_by_carrier_tce: ByName = R(unit="tce/year", doc="Energy used by carrier")
    scope1_t: float = R(unit="tCO2/year", doc="Fuel burnt on site")
    scope2_t: float = R(unit="tCO2/year", doc="Electricity and heat bought (location-based)")
    footprint_t: float = R(unit="tCO2/year", doc="Scope 1 + 2, market-based")
    process_t: float = R(unit="tCO2/year", doc="Process emissions")
    emissions_t: float = R(unit="tCO2/year", doc="Emissions by the notice's method")
    emissions_by_part_t: ByName = R(unit="tCO2/year", doc="The notice's emissions by part")
    tco2_per_tce: float | None = R(unit="tCO2/tce", doc="The indicator; null without energy")
    clean_energy_share: Share = R(doc="Clean energy over energy used")
    clean_energy_share_with_gas: Share = R(doc="The same, natural gas counted clean")
    clean_energy_share_without_gas: Share = R(doc="The same, natural gas not counted clean")
    green_direct_share: Share = R(doc="Green power supplied directly over electricity used")
    electricity_used_mwh: float = R(unit="MWh/year", doc="Electricity used")


class IndicatorMethod(Block):
    """Every factor the accounting used."""

    source: str = R(doc="The method's document")
    electricity_factor_t_per_mwh: float = R(unit="tCO2/MWh", doc="Grid power's factor")
    electricity_kgce_per_kwh: float = R(unit="kgce/kWh", doc="Electricity's energy factor")
    heat_tce_per_gj: float = R(unit="tce/GJ", doc="Heat's energy factor")
    process_emissions_t: float = R(unit="tCO2/year", doc="Process emissions given")
    gas_is_clean: bool = R(doc="Natural gas counted as clean energy")
    footprint_grid_factor_mean_t_per_mwh: float = R(
        unit="tCO2/MWh", doc="Mean hourly grid factor of the footprint"
    )
    footprint_green_purchase_factor_t_per_mwh: float = R(
        unit="tCO2/MWh", doc="Factor a green MWh bought takes off the footprint"
    )
    gas_emission_factor_kg_per_m3: float | None = R(None, unit="kgCO2/m3", doc="Natural gas")
    gas_lhv_mj_per_m3: float | None = R(None, unit="MJ/m3", doc="Natural gas heating value")
    gas_kgce_per_m3: float | None = R(None, unit="kgce/m3", doc="Natural gas energy factor")
    heat_emission_factor_t_per_gj: float | None = R(
        None, unit="tCO2/GJ", doc="Purchased heat's factor"
    )
    heat_fossil: bool | None = R(None, doc="Purchased heat counted as fossil")


class Indicator(IndicatorFigures):
    """The zero-carbon park indicator of the plan, of the baseline, the targets and method."""

    baseline: IndicatorFigures = R(doc="The park today: grid power, today's boilers")
    target_tco2_per_tce: float | None = R(unit="tCO2/tce", doc="carbon.tco2_per_tce")
    target_clean_energy_share: Share = R(doc="carbon.clean_energy_share")
    method: IndicatorMethod


class Rule(Block):
    """One rule the run is judged against."""

    key: str = R(doc="The rule (tco2_per_tce, clean_energy_share, green_direct_share, gdc_*)")
    value: float | None = R(doc="The run's value, in ``unit``")
    threshold: float | None = R(doc="The rule's threshold, in ``unit``; null: none")
    sense: Literal["max", "min"] = R(doc="The value must be at most (max) or at least (min)")
    unit: str = R(doc="Unit of value and threshold")
    status: Literal["pass", "fail", "no_threshold"] = R(doc="Judged against the threshold")
    kind: Literal["required", "guiding", "principle"] = R(doc="How binding the rule is")
    target: bool = R(doc="The scenario makes it a target (an LP row)")
    shadow_price: float | None = R(unit="currency/unit", doc="Its dual where it is a target")
    shadow_price_unit: str = R(doc="Unit of the shadow price")
    source: str = R(doc="The document setting the rule")
    note: str = R(doc="How the value and threshold were found")


class RuleStatus(Block):
    value: float | None = R(doc="The run's value, in the rule's unit")
    threshold: float | None = R(doc="The threshold, in the rule's unit")
    status: Literal["pass", "fail", "no_threshold"] = R(doc="Judged against the threshold")


class GreenPurchaseCheck(Block):
    mwh: float = R(unit="MWh/year", doc="Green energy bought")
    cost_cny_per_year: Money = R(unit="currency/year", doc="Its premium")
    share_of_grid_import: Share = R(doc="Over grid imports")
    tco2_per_tce_without: float | None = R(unit="tCO2/tce", doc="The indicator without it")


class Compliance(Block):
    """Every rule that applies to the run, target or not."""

    energy_tce: float = R(unit="tce/year", doc="Energy used (sets the band)")
    band: str = R(doc="The notice's energy-use band")
    rules: list[Rule] = R(doc="Every rule that applies, in the notice's order")
    by_rule: dict[str, RuleStatus] = R(doc="The rules again, by key")
    green_purchase: GreenPurchaseCheck | None = None


class Purchase(Block):
    """One thing the park buys each year."""

    key: Literal[
        "grid_electricity", "green_purchase", "contract_energy", "purchased_heat", "gas"
    ] = R(doc="What is bought")
    mwh: float = R(unit="MWh/year", doc="Energy bought")
    cost_cny_per_year: Money = R(unit="currency/year", doc="Its cost")
    quantity: float | None = R(doc="In its own unit (``quantity_unit``), where it has one")
    quantity_unit: str | None = R(doc="GJ, m3 or null")
