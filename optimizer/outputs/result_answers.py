"""summary.json's types, part two: money a board reads, the LP's answers and the inputs as
the run saw them (``result_blocks`` has the base and part one). Imports only pydantic.
"""

from __future__ import annotations

from typing import Any

from pydantic import Field

from parkopt.optimizer.outputs.result_blocks import (
    Block,
    ByName,
    Money,
    OpenBlock,
    OptMoney,
    R,
)

# --- money a board reads ----------------------------------------------------------------------


class Bought(Block):
    years: list[int] = R(unit="year", doc="Project years it is bought (0 = investment)")
    residual_share: float = R(doc="Unused straight-line share of the last purchase")


class CashFlowRow(Block):
    """One project year; every money column is cash to the park (paid < 0) [currency]."""

    year: int = R(unit="year", doc="Project year, 0 = investment")
    investment_cny: Money = R(unit="currency", doc="Investment")
    replacements_cny: Money = R(unit="currency", doc="Replacements")
    residual_value_cny: Money = R(unit="currency", doc="Residual value")
    om_cny: Money = R(unit="currency", doc="Om")
    grid_energy_cny: Money = R(unit="currency", doc="Grid energy")
    demand_charge_cny: Money = R(unit="currency", doc="Demand charge")
    gas_cny: Money = R(unit="currency", doc="Gas")
    purchased_heat_cny: Money = R(unit="currency", doc="Purchased heat")
    green_purchase_cny: Money = R(unit="currency", doc="Green purchase")
    ppa_cny: Money = R(unit="currency", doc="Ppa")
    pv_degradation_import_cny: Money = R(unit="currency", doc="Pv degradation import")
    contracted_energy_cny: Money = R(unit="currency", doc="Contracted energy")
    export_revenue_cny: Money = R(unit="currency", doc="Export revenue")
    baseline_bills_cny: Money = R(unit="currency", doc="Baseline bills")
    savings_cny: Money = R(unit="currency", doc="Savings")
    net_cash_flow_cny: Money = R(unit="currency", doc="Net cash flow")
    discount_factor: float = R(doc="End-of-year discount factor")
    discounted_cash_flow_cny: Money = R(unit="currency", doc="Discounted cash flow")
    cumulative_cash_flow_cny: Money = R(unit="currency", doc="Cumulative cash flow")
    cumulative_discounted_cash_flow_cny: Money = R(
        unit="currency", doc="Cumulative discounted cash flow"
    )


class Investment(OpenBlock):
    """Upfront capital by technology (keys: technology names) and ``total`` [currency]."""

    total: Money = R(unit="currency", doc="Upfront capital, every technology")


class Figures(Block):
    investment: Investment
    purchases: dict[str, Bought] = R(doc="When each technology is bought, by name")
    annual_savings: Money = R(unit="currency/year", doc="Year 1's savings against the baseline")
    npv: Money = R(unit="currency", doc="Net present value")
    irr: float | None = R(unit="1/year", doc="Internal rate of return; null: none")
    simple_payback_years: float | None = R(unit="year", doc="Null: never")
    discounted_payback_years: float | None = R(unit="year", doc="Null: never")
    cash_flow: list[CashFlowRow] = R(doc="One row a year, year 0 = investment")


class Contracted(Figures):
    """The same plan with the priced technologies bought per kWh from a third party."""

    price_cny_per_kwh: ByName = R(unit="currency/kWh", doc="Contract price by technology")
    npv_gain_over_owning: Money = R(unit="currency", doc="NPV contracted - NPV owned")


class Economics(Figures):
    """The plan as an investment (economics.NOTES explain each figure)."""

    currency: str = R(doc="tariff.currency")
    abatement_cost_average_per_t: OptMoney = R(unit="currency/tCO2", doc="Null: none avoided")
    abatement_cost_marginal_per_t: OptMoney = R(unit="currency/tCO2", doc="The cap's dual")
    project_life_years: int = R(unit="year", doc="finance.project_life_years")
    discount_rate: float = R(unit="1/year", doc="finance.discount_rate")
    energy_price_escalation_per_year: float = R(unit="1/year", doc="Energy price growth")
    pv_degradation_per_year: float = R(unit="1/year", doc="PV output lost a year")
    price_cny_per_kwh: ByName | None = R(
        None, unit="currency/kWh", doc="finance.ownership: contract prices"
    )
    contracted: Contracted | None = None
    notes: list[str] = R(doc="What each figure means and its simplifications")


class OwnershipView(Block):
    capacities: ByName = R(unit="kW, kWh", doc="Capacities as in ``capacity``")
    total_annual: Money = R(unit="currency/year", doc="Total annual cost")
    investment_total: Money = R(unit="currency", doc="The park's upfront capital")
    npv: Money = R(unit="currency", doc="Net present value")
    irr: float | None = R(unit="1/year", doc="Internal rate of return")
    simple_payback_years: float | None = R(unit="year", doc="Null: never")


class ContractView(OwnershipView):
    contract_payments: Money = R(unit="currency/year", doc="Paid to the third party")
    price_cny_per_kwh: ByName = R(unit="currency/kWh", doc="Contract price by technology")


class Ownership(Block):
    """``finance.ownership: both``: the plan owned and under contract."""

    self_: OwnershipView = Field(alias="self")
    contract: ContractView
    sentence: str = R(doc="The two compared, for people")


# --- the LP's answers ---------------------------------------------------------------------


class BindingLimit(Block):
    name: str = R(doc="The scenario field")
    value: float | None = R(doc="The limit as the user set it, in ``unit``")
    unit: str = R(doc="Unit of the value")
    shadow_price: float | None = R(doc="A year's saving per unit relaxed, in its unit")
    shadow_price_unit: str = R(doc="Unit of the shadow price (currency/year per unit)")
    hours: int | None = R(None, unit="h", doc="Hourly limits: hours at the limit")
    sentence: str = R(doc="The limit and its price, for people")


class TurbineCandidate(Block):
    turbines: int = R(doc="Whole turbines")
    kw: float = R(unit="kW", doc="Their capacity")
    feasible: bool = R(doc="Within the wind bounds")
    annual_cost: OptMoney = R(unit="currency/year", doc="Plan cost at this count")
    extra_cost: OptMoney = R(unit="currency/year", doc="Against the continuous optimum")
    reason: str | None = R(None, doc="Why infeasible")
    solve_s: float | None = R(None, unit="s", doc="Its re-solve")
    lower_bound: bool = R(
        False,
        doc="annual_cost is a lower bound: proven dearer than the chosen count, not solved on",
    )


class WindTurbines(Block):
    """The continuous wind size as whole turbines (empty where that means nothing)."""

    turbine: str = R(doc="technologies.wind.turbine_type")
    rated_kw: float = R(unit="kW", doc="One turbine")
    continuous_kw: float = R(unit="kW", doc="The LP's continuous size")
    turbines: float = R(doc="The continuous count")
    continuous_cost: OptMoney = R(unit="currency/year", doc="The continuous optimum")
    candidates: list[TurbineCandidate] = R(doc="The whole counts either side")
    chosen: TurbineCandidate | None = R(doc="The cheaper feasible one; null: neither")
    sentence: str = R(doc="The choice, for people")


class NoTurbines(Block):
    """Whole turbines mean nothing here (no wind, none built, or a profile's output)."""


class SolveStart(Block):
    """How a cold full-horizon solve was started (``solver.start``)."""

    from_: str = Field(alias="from", description="typical_days")
    typical_days: int = R(doc="Typical days of the start")
    typical_s: float = R(unit="s", doc="Time spent on the start")
    pinned: str = R(doc="How the pinned solve went")
    pinned_s: float | None = R(None, unit="s", doc="The pinned solve")


class HourlyTargetComparison(Block):
    """The hourly matched target against an annual renewable target of the same value."""

    target: float = R(doc="carbon.hourly_matched_share")
    hourly_target_cost: Money = R(unit="currency/year", doc="Under the hourly target")
    annual_target_cost: OptMoney = R(unit="currency/year", doc="Under the annual one")
    hourly_premium: OptMoney = R(unit="currency/year", doc="Hourly - annual")
    annual_target_capacity: ByName = R(unit="kW, kWh", doc="Capacities under the annual one")


# --- inputs as the run saw them ----------------------------------------------------------------


class Reference(Block):
    full_load_hours: float | None = R(unit="h/year", doc="Reference full-load hours")
    year: int | None = R(doc="Its year")
    source: str = R(doc="Where the reference comes from")


class InstanceResource(Block):
    """One named generator instance's resource (``instances``), its keys those of
    ``Resource`` without the technology's prefix."""

    full_load_hours: float | None = R(None, unit="h/year", doc="Modelled")
    to_reference: float | None = R(None, doc="Over its technology's reference")
    not_checked: str | None = R(None, doc="Why it was not checked")
    mean_speed_hub_m_per_s: float | None = R(None, unit="m/s", doc="Wind: mean hub speed")
    turbine: str | None = R(None, doc="Wind: its turbine type")
    shear: dict[str, str | float | None] | None = R(None, doc="Wind: how the hub speed was made")
    loss_fraction: float | None = R(None, doc="Wind: farm losses")
    data: str | None = R(None, doc="Wind: where its speeds came from")
    data_file: str | None = R(None, doc="Wind: its wind_data's file")
    calibration: dict[str, str | float | None] | None = R(None, doc="Wind: its calibration")


class Resource(Block):
    """Modelled resource against the reference (full-load hours of a whole year); empty for
    inputs made in memory (``synthetic.make_inputs``)."""

    reference: dict[str, Reference] | None = R(None, doc="By generator")
    warn_margin_fraction: float | None = R(None, doc="resource.warn_margin_fraction")
    not_checked: dict[str, str] | None = R(None, doc="Generators not checked, and why")
    pv_full_load_hours: float | None = R(None, unit="h/year", doc="PV, modelled")
    pv_to_reference: float | None = R(None, doc="PV over its reference")
    wind_full_load_hours: float | None = R(None, unit="h/year", doc="Wind, modelled")
    wind_to_reference: float | None = R(None, doc="Wind over its reference")
    wind_mean_speed_hub_m_per_s: float | None = R(None, unit="m/s", doc="Mean hub speed")
    wind_turbine: str | None = R(None, doc="technologies.wind.turbine_type")
    wind_shear: dict[str, str | float | None] | None = R(None, doc="How the hub speed was made")
    wind_loss_fraction: float | None = R(None, doc="Farm losses")
    wind_data: str | None = R(None, doc="Where the wind speeds came from")
    wind_data_file: str | None = R(None, doc="technologies.wind.wind_data's file")
    calibration: dict[str, str | float | None] | None = R(None, doc="Wind calibration; null: none")
    instances: dict[str, InstanceResource] | None = R(
        None, doc="Named generator instances (a list in the scenario), by stem (pv_roof_east)"
    )


class Location(Block):
    """Where the park is (empty for inputs made in memory)."""

    latitude_deg: float | None = R(None, unit="deg", doc="Latitude")
    longitude_deg: float | None = R(None, unit="deg", doc="Longitude")


class Timing(OpenBlock):
    """Wall time of each stage; further keys are further stages [s]."""

    inputs: float = R(unit="s", doc="prepare")
    build: float = R(unit="s", doc="Building the LP")
    solve: float = R(unit="s", doc="Solving it")
    write: float | None = R(None, unit="s", doc="Writing the folder")


class MeasuredErrors(Block):
    n_days: int = R(unit="day", doc="The measured N nearest the run's")
    objective_rel_error: float = R(doc="Objective against every hour")
    capacity_rel_error_max: float = R(doc="Largest capacity error")
    date: str = R(doc="When it was measured")
    command: str = R(doc="The command that measured it")
    scenario: str = R(doc="The scenario it was measured on")


class TypicalDays(Block):
    """``--typical-days N``: the clustering and its measured errors."""

    n_days: int = R(unit="day", doc="Typical days")
    calendar_days: int = R(unit="day", doc="Days they stand for")
    days_per_typical_day: list[int] = R(unit="day", doc="Calendar days each stands for")
    typical_day_dates: list[str] = R(doc="The medoid day of each (ISO dates)")
    profile_rmse_rel: ByName = R(doc="Relative RMSE of each profile")
    cluster_s: float = R(unit="s", doc="Clustering")
    example_errors: MeasuredErrors | None = None


class StudyTag(Block):
    name: str = R(doc="The study")
    hash: str = R(doc="The run's key: a hash of its resolved scenario")
    varied: dict[str, Any] = R(doc="The study keys this run varies, with their values")


class CarrierFlows(Block):
    """One carrier's (or heat level's) annual flows by technology."""

    supply_mwh: ByName | None = R(None, unit="MWh/year", doc="Supply by technology")
    demand_mwh: ByName | float = R(unit="MWh/year", doc="Demand (by technology)")
    taken_mwh: ByName | None = R(
        None,
        unit="MWh/year",
        doc="Taken besides the demand: a heat level's absorption chillers, the cold store's charge",
    )
    temperature_c: float | None = R(None, unit="°C", doc="A heat level's temperature")
    total_mwh: float | None = R(None, unit="MWh/year", doc="Gas in all")
    total_m3: float | None = R(None, unit="m3/year", doc="Gas in all")
