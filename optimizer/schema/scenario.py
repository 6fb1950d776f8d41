"""The scenario schema: one YAML file describes a park, its grid connection and its options.

Every field carries its unit in its name and in the registry (``fields.F``) from which
``inputs/README.md`` is generated (``python -m parkopt.optimizer.cli.docs``). Models are frozen
and forbid unknown fields, so a misspelt field is an error, not a silent default. The
technologies' sections come from the registry (``technologies.TECHNOLOGIES``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import yaml
from pydantic import ValidationError, create_model, model_validator

from parkopt.optimizer.common.errors import Problem, ScenarioError
from parkopt.optimizer.common.text_files import read_yaml
from parkopt.optimizer.schema.carbon_spec import Carbon, GreenDirectConnection, GreenPurchase
from parkopt.optimizer.schema.cchp_specs import Cooling
from parkopt.optimizer.schema.fields import F, Spec, one_or_list
from parkopt.optimizer.schema.heat_section import Heat, Indicator
from parkopt.optimizer.schema.pathway_spec import Pathway
from parkopt.optimizer.schema.scenario_checks import as_message, incoherence, scenario_problems
from parkopt.optimizer.schema.scenario_files import resolve_paths
from parkopt.optimizer.schema.solver_spec import Solver
from parkopt.optimizer.schema.tech_specs import HourlyCsv
from parkopt.optimizer.schema.technologies import GENERATORS, LISTABLE, TECHNOLOGIES, Technology

CONTRACTABLE = tuple(
    t.name for t in TECHNOLOGIES if t.role in ("generator", "storage", "heat_storage")
)
"""Technologies a third party may own and sell per kWh delivered (``finance.ownership``)."""
PERIODS = ("critical_peak", "peak", "flat", "valley", "deep_valley")
"""Time-of-use period names, from the dearest to the cheapest."""


class Park(Spec):
    name: str = F(unit="-", doc="Scenario and park name; names the results folder.", min_length=1)
    timezone: str | None = F(
        None,
        unit="IANA name",
        doc="Local time zone, e.g. Asia/Shanghai. Default: the weather file's UTC offset.",
    )
    latitude_deg: float | None = F(
        None,
        unit="deg",
        doc="Site latitude, north positive. Default: weather file's.",
        ge=-90,
        le=90,
    )
    longitude_deg: float | None = F(
        None,
        unit="deg",
        doc="Site longitude, east positive. Default: weather file's.",
        ge=-180,
        le=180,
    )
    altitude_m: float | None = F(
        None, unit="m", doc="Site altitude above sea level. Default: weather file's.", ge=-500
    )
    year: int = F(
        2025,
        unit="-",
        doc="Calendar year of the hourly index (sets weekdays); typical-year data is relabelled.",
        ge=1900,
        le=2100,
    )


class Weather(Spec):
    path: str = F(
        unit="path",
        doc="EPW (.epw) or TMY3 (.csv) file, relative to the scenario file; "
        "'pvlib:NAME' names a file shipped in pvlib's data folder.",
    )


Profiles = create_model(
    "Profiles",
    __base__=Spec,
    __doc__="Hourly CSV inputs that replace models: the load, each generator's output, prices.",
    load_kw=(HourlyCsv | None, F(None, unit="kW", doc="Hourly load (metered data).")),
    **{
        g.resource_column: (HourlyCsv | None, F(None, unit=g.resource_unit, doc=g.resource_doc))
        for g in GENERATORS
    },
    price_cny_per_kwh=(
        HourlyCsv | None,
        F(None, unit="CNY/kWh", doc="Hourly import price; replaces the time-of-use table."),
    ),
    emission_factor_t_per_mwh=(
        HourlyCsv | None,
        F(None, unit="tCO2/MWh", doc="Hourly grid emission factor; replaces the constant."),
    ),
)


class IndustrialLoad(Spec):
    base_kw: float = F(unit="kW", doc="Load present in every hour (utilities, standby).", ge=0)
    shift_kw: float = F(unit="kW", doc="Extra load while the shifts run.", ge=0)
    shift_start_h: int = F(8, unit="h", doc="Hour the first shift starts (local).", ge=0, le=23)
    shift_end_h: int = F(
        24, unit="h", doc="Hour the last shift ends (local); may wrap past midnight.", ge=1, le=24
    )
    weekend_factor: float = F(
        0.6, unit="fraction", doc="Share of the shift load that runs on Saturday and Sunday.", ge=0
    )
    cooling_kw: float = F(0.0, unit="kW", doc="Extra cooling load at the height of summer.", ge=0)


class Load(Spec):
    industrial: IndustrialLoad | None = F(
        None, unit="-", doc="Built-in two-shift industrial profile."
    )
    from_inventory: str | None = F(
        None,
        unit="path",
        doc="An inventory folder (`parkopt inventory`): plan on its metered hourly electricity "
        "load (park_profiles.parquet, electricity_kw).",
    )

    @model_validator(mode="after")
    def _one(self):
        if (self.industrial is None) == (self.from_inventory is None):
            raise ValueError("give one of load.industrial or load.from_inventory")
        return self


class TouSeason(Spec):
    months: list[int] = F(unit="month", doc="Months (1-12) this layout applies to.", min_length=1)
    prices_cny_per_kwh: dict[Literal[PERIODS], float] = F(
        {}, unit="CNY/kWh", doc="Period prices in these months, over tariff.prices_cny_per_kwh."
    )
    critical_peak: list[tuple[int, int]] = F(
        [], unit="h", doc="[start, end) hour ranges of the critical peak."
    )
    peak: list[tuple[int, int]] = F([], unit="h", doc="[start, end) hour ranges of the peak.")
    flat: list[tuple[int, int]] = F([], unit="h", doc="[start, end) hour ranges of the flat.")
    valley: list[tuple[int, int]] = F([], unit="h", doc="[start, end) hour ranges, valley.")
    deep_valley: list[tuple[int, int]] = F(
        [], unit="h", doc="[start, end) hour ranges of the deep valley."
    )


class Tariff(Spec):
    currency: str = F("CNY", unit="-", doc="Currency of every price and cost (names say cny).")
    prices_cny_per_kwh: dict[Literal[PERIODS], float] = F(
        {},
        unit="CNY/kWh",
        doc="Import price of each time-of-use period; {flat: p} alone (no seasons) is p in "
        "every hour.",
    )
    seasons: list[TouSeason] = F(
        [], unit="-", doc="Which hours belong to which period, by month (all 24 h of 12 months)."
    )
    export_price_cny_per_kwh: float = F(
        0.0, unit="CNY/kWh", doc="Price paid for energy exported to the grid.", ge=0
    )
    demand_charge_cny_per_kw_month: float = F(
        0.0, unit="CNY/kW-month", doc="Charge on each month's peak import (two-part tariff).", ge=0
    )

    @model_validator(mode="before")
    @classmethod
    def _flat_alone(cls, data):
        """A flat price alone (``prices_cny_per_kwh: {flat: p}``, no seasons) is that price
        in every hour: one season of 12 months, all 24 h flat."""
        if not isinstance(data, dict) or data.get("seasons"):
            return data
        prices = data.get("prices_cny_per_kwh")
        if isinstance(prices, dict) and list(prices) == ["flat"]:
            return {**data, "seasons": [FLAT_ALL_YEAR]}
        return data


FLAT_ALL_YEAR = {"months": list(range(1, 13)), "flat": [(0, 24)]}
"""The time-of-use layout of a flat price alone: every hour of every month flat."""


class Grid(Spec):
    import_limit_kw: float | None = F(
        None, unit="kW", doc="Largest import in any hour; null = unlimited.", ge=0
    )
    export_limit_kw: float = F(0.0, unit="kW", doc="Largest export; 0 = no backfeed.", ge=0)
    emission_factor_t_per_mwh: float = F(
        0.5703,
        unit="tCO2/MWh",
        doc="Grid emission factor (default: national carbon market reporting value, MEE 2023).",
        ge=0,
    )


def _section_type(t: Technology):
    """A generator's or heat source's section is one mapping or a list of named instances
    (``instances``); any other technology's is one mapping."""
    return one_or_list(t.spec) if t in LISTABLE else t.spec


Technologies = create_model(
    "Technologies",
    __base__=Spec,
    __doc__="What may be built: one optional section per registered technology.",
    **{t.name: (_section_type(t) | None, F(None, unit="-", doc=t.doc)) for t in TECHNOLOGIES},
)


class Finance(Spec):
    discount_rate: float = F(0.06, unit="1/year", doc="Real discount rate.", ge=0, lt=1)
    project_life_years: int = F(
        25,
        unit="year",
        doc="Years of the cash flow (summary economics): a technology whose life is shorter "
        "is bought again inside it; what is left of the last purchase is a residual value.",
        ge=1,
        le=100,
    )
    energy_price_escalation_per_year: float = F(
        0.0,
        unit="1/year",
        doc="Real yearly rise of every energy price in the cash flow (grid energy, demand "
        "charge, gas, purchased heat, green purchases, export), plan and baseline alike.",
        ge=-0.5,
        le=0.5,
    )
    pv_degradation_per_year: float = F(
        0.005,
        unit="1/year",
        doc="Yearly fall of PV output in the cash flow (compounded from year 1); the lost kWh "
        "are bought from the grid at the plan's average import price.",
        ge=0,
        lt=1,
    )
    ownership_price_cny_per_kwh: dict[Literal[CONTRACTABLE], float] = F(
        {},
        unit="CNY/kWh",
        doc="Technologies a third party may build and own (energy-performance contract, "
        "PPA), each with the price the park pays per kWh delivered (PV, wind: output used; "
        "battery, thermal storage: discharge), e.g. {pv: 0.4}. What it changes: "
        "finance.ownership.",
    )
    ownership: Literal["self", "contract", "both"] = F(
        "self",
        unit="-",
        doc="Who owns the technologies of ownership_price_cny_per_kwh. self: the park builds "
        "them (the LP sizes them at capital cost; summary economics.contracted re-prices "
        "those same sizes per kWh). contract: the LP sizes what the park would contract "
        "for: no capital or fixed O&M for the park, a payment of price x kWh delivered "
        "(cost part contract_payments). both: the self-owned plan, then a second solve "
        "under contract; summary ownership compares them.",
    )

    @model_validator(mode="after")
    def _prices_not_negative(self):
        for name, price in self.ownership_price_cny_per_kwh.items():
            if price < 0:
                raise ValueError(
                    f"finance.ownership_price_cny_per_kwh.{name} = {price}: expected a price "
                    ">= 0 CNY/kWh"
                )
        if self.ownership != "self" and not self.ownership_price_cny_per_kwh:
            raise ValueError(
                f"finance.ownership = '{self.ownership}': expected a price per kWh in "
                "finance.ownership_price_cny_per_kwh for each technology under contract "
                "(e.g. {pv: 0.4} CNY/kWh), or ownership: self"
            )
        return self


class ResourceReference(Spec):
    wind_reference_full_load_hours: float | None = F(
        None,
        unit="h/year",
        doc="Wind full-load hours expected at this site (wind atlas, mast, the province's "
        "statistics); null = the national fleet average.",
        gt=0,
    )
    pv_reference_full_load_hours: float | None = F(
        None, unit="h/year", doc="PV full-load hours expected here; null = national.", gt=0
    )
    reference_source: str = F("", unit="-", doc="Where the reference figures come from.")
    reference_year: int | None = F(None, unit="-", doc="Year of the reference figures.")
    warn_margin_fraction: float = F(
        0.3,
        unit="fraction",
        doc="Warn when a modelled figure and its reference differ by more than this.",
        gt=0,
    )


class Scenario(Spec):
    park: Park = F(unit="-", doc="The park: name, place and calendar year.")
    weather: Weather | None = F(None, unit="-", doc="Weather file; needed for pvlib/windpowerlib.")
    load: Load | None = F(None, unit="-", doc="Built-in load profile (or profiles.load_kw).")
    tariff: Tariff = F(Tariff(), unit="-", doc="Import and export prices, demand charge.")
    grid: Grid = F(Grid(), unit="-", doc="Grid connection limits and emission factor.")
    technologies: Technologies = F(Technologies(), unit="-", doc="What may be built.")
    finance: Finance = F(Finance(), unit="-", doc="Annualisation of capital costs.")
    carbon: Carbon = F(Carbon(), unit="-", doc="At most one carbon or green target.")
    green_purchase: GreenPurchase | None = F(
        None,
        unit="-",
        doc="Green certificates or green power trading: zero-carbon against annual targets, "
        "not against the hourly one.",
    )
    green_direct_connection: GreenDirectConnection | None = F(
        None,
        unit="-",
        doc="A green-power direct-connection project (发改能源〔2025〕650号): its self-use, "
        "consumption and export ratios as rows of the plan; null = none.",
    )
    profiles: Profiles = F(Profiles(), unit="-", doc="Hourly CSV inputs that replace models.")
    heat: Heat | None = F(
        None, unit="-", doc="Heat levels and their demand, gas and purchased heat; null = none."
    )
    cooling: Cooling | None = F(
        None, unit="-", doc="The park's cooling demand (one balance of cold); null = none."
    )
    indicator: Indicator = F(
        Indicator(), unit="-", doc="Factors of the zero-carbon park indicator (tCO2/tce)."
    )
    horizon_hours: int = F(
        8760, unit="h", doc="Hours modelled from the start of the year (short runs, tests).", ge=24
    )
    horizon_start_hour: int = F(0, unit="h", doc="First hour modelled (0 = 1 Jan 00:00).", ge=0)
    resource: ResourceReference = F(
        ResourceReference(), unit="-", doc="Reference yields every run is checked against."
    )
    solver: Solver = F(Solver(), unit="-", doc="HiGHS options.")
    pathway: Pathway | None = F(
        None,
        unit="-",
        doc="A plan over periods of calendar years (what to build each year until the "
        "indicator holds); null = one representative year.",
    )
    source: str = F(
        "<memory>", unit="path", doc="File the scenario was read from (set by parkopt)."
    )

    @model_validator(mode="after")
    def _coherent(self):
        """The rules across sections (``scenario_checks.incoherence``): the first broken."""
        problems = incoherence(self, self.source)
        if problems:
            raise ValueError(as_message(problems[0]))
        return self

    def to_yaml(self) -> str:
        """The scenario as resolved (defaults filled in, paths absolute), for provenance."""
        return yaml.safe_dump(self.model_dump(mode="json"), sort_keys=False, allow_unicode=True)


def scenario_from_dict(
    data: dict, source: str = "<memory>", base_dir: Path | None = None
) -> Scenario:
    """Validate a scenario given as a dict (paths relative to ``base_dir``); all errors at once."""
    if not isinstance(data, dict):
        raise ScenarioError(
            [Problem(source, "(top level)", type(data).__name__, "a mapping of sections")]
        )
    data = resolve_paths(dict(data), base_dir or Path.cwd())
    data["source"] = source
    try:
        return Scenario.model_validate(data)
    except ValidationError as err:
        raise ScenarioError(scenario_problems(Scenario, data, err)) from None


def load_scenario(path: str | Path) -> Scenario:
    """Read and validate a scenario YAML file; raise ScenarioError listing every problem."""
    path = Path(path)
    if not path.is_file():
        raise ScenarioError(
            [Problem(str(path), "(file)", str(path), "an existing scenario YAML file")]
        )
    data = read_yaml(path, "a scenario YAML file")
    _not_a_scenario(data, path)
    return scenario_from_dict(data or {}, source=str(path), base_dir=path.parent.resolve())


def _not_a_scenario(data, path: Path) -> None:
    """One line (not a field-by-field list) for a study file or a run's summary.json given
    where a scenario is read."""
    if not isinstance(data, dict):
        return
    if "base" in data:
        expected = f"a scenario file; this is a study (it names a base): `parkopt study {path}`"
        raise ScenarioError([Problem(str(path), "base", data["base"], expected)])
    if "parkopt_version" in data:
        expected = "a scenario file; this is a run's summary: give the run's scenario.yaml"
        raise ScenarioError([Problem(str(path), "parkopt_version", None, expected)])
