"""Carriers and technologies, each declared once.

A ``Technology`` names its scenario section and input schema, the carriers it takes and
gives, its capacities (unit, cost field, bound fields), its label and colour. The LP's
variable families, the KPIs, the results columns, the plots, the study's warm re-solve and
the generated field docs iterate over ``TECHNOLOGIES``; ``FLOWS`` adds the grid, the load and
curtailment, which are not built. Adding a technology means an entry here (with its input
schema), its physics in ``models/`` and its equations in ``optimizer/lp/``.

Column names follow from the entry: a generator ``g`` gives ``g_kw`` (output used) and
``g_curtailed_kw``; a store ``s`` gives ``s_charge_kw``, ``s_discharge_kw`` and ``s_soc_kwh``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import ClassVar

import pandas as pd
from pydantic import model_validator

from parkopt.models import pv, wind
from parkopt.models.weather import Weather
from parkopt.optimizer.fields import F, Spec

# --- carriers --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Carrier:
    """An energy carrier with one hourly balance."""

    name: str
    unit: str  # of its hourly flows
    label: str


ELECTRICITY = Carrier("electricity", "kW", "Electricity")
CARRIERS: dict[str, Carrier] = {c.name: c for c in (ELECTRICITY,)}


# --- input schemas of the technologies -------------------------------------------------------


class GeneratorSpec(Spec):
    """Inputs every generator shares: bounds, costs and life. A generator with a weather
    model sets ``weather_model`` and overrides ``output_kw_per_kw``; one without needs its
    hourly CSV profile (``profiles.<resource_column>``)."""

    weather_model: ClassVar[bool] = False

    def output_kw_per_kw(self, weather: Weather) -> pd.Series | None:
        """Hourly output per unit of capacity from the weather [kW/kW]; None: no model."""
        return None

    def model_field(self, name: str) -> tuple[str, object]:
        """Where a models/ error on this section is reported: (field, value)."""
        return f"technologies.{name}", None

    min_kw: float = F(0.0, unit="kW", doc="Smallest capacity to build.", ge=0)
    max_kw: float | None = F(
        None, unit="kW", doc="Largest capacity (land, roof); null = none.", ge=0
    )
    capex_cny_per_kw: float = F(unit="CNY/kW", doc="Overnight capital cost.", ge=0)
    fixed_om_fraction_per_year: float = F(
        0.01, unit="1/year", doc="Fixed O&M as a fraction of capex per year.", ge=0
    )
    life_years: float = F(25.0, unit="year", doc="Economic life.", gt=0)

    @model_validator(mode="after")
    def _min_below_max(self):
        if self.max_kw is not None and self.min_kw > self.max_kw:
            raise ValueError(f"min_kw {self.min_kw} is above max_kw {self.max_kw}")
        return self


class PV(GeneratorSpec):
    tilt_deg: float = F(25.0, unit="deg", doc="Module tilt from horizontal.", ge=0, le=90)
    azimuth_deg: float = F(180.0, unit="deg", doc="Module azimuth, 180 = south.", ge=0, lt=360)
    dc_ac_ratio: float = F(1.2, unit="kW_DC/kW_AC", doc="Inverter loading ratio.", gt=0.5, le=3)
    losses_pct: float = F(14.0, unit="%", doc="PVWatts system losses.", ge=0, lt=100)
    temperature_model: str = F(
        "open_rack_glass_polymer", unit="-", doc="pvlib SAPM cell temperature parameter set."
    )
    min_kw: float = F(0.0, unit="kW_DC", doc="Smallest PV capacity to build.", ge=0)
    max_kw: float | None = F(None, unit="kW_DC", doc="Largest PV capacity; null = none.", ge=0)
    capex_cny_per_kw: float = F(3300.0, unit="CNY/kW_DC", doc="Capital cost (2024 EPC).", ge=0)

    weather_model: ClassVar[bool] = True

    def output_kw_per_kw(self, weather: Weather) -> pd.Series:
        """AC output per kW_DC from pvlib's ModelChain (``models.pv``) [kW/kW_DC]."""
        spec = pv.PVSpec(
            tilt_deg=self.tilt_deg,
            azimuth_deg=self.azimuth_deg,
            dc_ac_ratio=self.dc_ac_ratio,
            losses_pct=self.losses_pct,
            temperature_model=self.temperature_model,
        )
        return pv.pv_ac_kw_per_kw_dc(weather, spec)


class Wind(GeneratorSpec):
    turbine_type: str = F(
        "E-141/4200",
        unit="-",
        doc="A turbine of windpowerlib's bundled library (`parkopt turbines`).",
    )
    hub_height_m: float = F(120.0, unit="m", doc="Hub height.", gt=0)
    roughness_length_m: float = F(0.1, unit="m", doc="Surface roughness length.", gt=0)
    capex_cny_per_kw: float = F(5800.0, unit="CNY/kW", doc="Capital cost, whole project.", ge=0)
    life_years: float = F(20.0, unit="year", doc="Economic life.", gt=0)

    weather_model: ClassVar[bool] = True

    def output_kw_per_kw(self, weather: Weather) -> pd.Series:
        """Output per kW installed from windpowerlib's ModelChain (``models.wind``) [kW/kW]."""
        spec = wind.WindSpec(
            turbine_type=self.turbine_type,
            hub_height_m=self.hub_height_m,
            roughness_length_m=self.roughness_length_m,
        )
        return wind.wind_kw_per_kw(weather, spec)

    def model_field(self, name: str) -> tuple[str, object]:
        return f"technologies.{name}.turbine_type", self.turbine_type


class Battery(Spec):
    power_capex_cny_per_kw: float = F(
        250.0, unit="CNY/kW", doc="Capital cost of power (PCS, grid connection).", ge=0
    )
    energy_capex_cny_per_kwh: float = F(
        450.0, unit="CNY/kWh", doc="Capital cost of energy (LFP, 2025 tenders).", ge=0
    )
    fixed_om_fraction_per_year: float = F(
        0.02, unit="1/year", doc="Fixed O&M as a fraction of capex per year.", ge=0
    )
    life_years: float = F(15.0, unit="year", doc="Economic life.", gt=0)
    round_trip_efficiency: float = F(0.88, unit="fraction", doc="AC round trip.", gt=0, le=1)
    self_discharge_per_hour: float = F(
        0.0, unit="1/h", doc="Fraction of the stored energy lost each hour.", ge=0, lt=1
    )
    soc_min_fraction: float = F(0.05, unit="fraction", doc="Lowest state of charge.", ge=0, lt=1)
    soc_max_fraction: float = F(0.95, unit="fraction", doc="Highest state of charge.", gt=0, le=1)
    min_duration_h: float = F(1.0, unit="h", doc="Smallest energy/power ratio.", ge=0)
    max_duration_h: float = F(8.0, unit="h", doc="Largest energy/power ratio.", gt=0)
    max_kw: float | None = F(None, unit="kW", doc="Largest power rating; null = none.", ge=0)
    max_kwh: float | None = F(None, unit="kWh", doc="Largest energy rating; null = none.", ge=0)
    grid_charging: bool = F(
        True,
        unit="-",
        doc="May the battery charge from the grid? false: in every hour the battery charges "
        "at most the local PV and wind output (a common rule for green-power claims; the LP "
        "may still import for the load in that hour, so it is weaker than 'charge only from "
        "surplus', which would need binary variables)",
    )

    @property
    def charge_efficiency(self) -> float:
        """Charging efficiency, the square root of the round trip [-]."""
        return math.sqrt(self.round_trip_efficiency)

    @property
    def discharge_efficiency(self) -> float:
        """Discharging efficiency, the square root of the round trip [-]."""
        return math.sqrt(self.round_trip_efficiency)

    @property
    def retention_per_hour(self) -> float:
        """Share of the stored energy kept from one hour to the next [-]."""
        return 1.0 - self.self_discharge_per_hour

    @model_validator(mode="after")
    def _windows(self):
        if self.soc_min_fraction >= self.soc_max_fraction:
            raise ValueError("soc_min_fraction must be below soc_max_fraction")
        if self.min_duration_h > self.max_duration_h:
            raise ValueError("min_duration_h must not exceed max_duration_h")
        return self


# --- the registry ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Capacity:
    """One sized quantity of a technology."""

    key: str  # LP index, capacities.csv column and summary.json capacity name
    unit: str  # kW, kW_DC or kWh
    capex_field: str  # field of the technology's section: currency per unit
    max_field: str  # field holding the upper bound (null = none)
    min_field: str | None = None  # field holding the lower bound (None: 0)
    label: str = ""


@dataclass(frozen=True)
class Technology:
    """A technology the LP may build: its section ``technologies.<name>`` and its role."""

    name: str
    role: str  # "generator" (output <= resource x capacity) or "storage"
    spec: type[Spec]
    label: str
    colour: str
    takes: tuple[str, ...]
    gives: tuple[str, ...]
    capacities: tuple[Capacity, ...]
    doc: str
    resource_column: str | None = None  # generators: PlanInputs.hourly output per unit
    resource_unit: str = "kW/kW"  # of the resource column (and of its CSV profile)
    resource_doc: str = ""  # meaning of its CSV profile (profiles.<resource_column>)
    charge_colour: str | None = None  # storage: colour of its charging flow

    @property
    def lp_parameters(self) -> tuple[str, ...]:
        """Fields of its section that are LP parameters (costs and bounds): runs differing
        only in these share one built model and are re-solved warm."""
        names = ["fixed_om_fraction_per_year", "life_years"]
        for c in self.capacities:
            names += [c.capex_field, c.max_field] + ([c.min_field] if c.min_field else [])
        return tuple(dict.fromkeys(names))

    @property
    def columns(self) -> tuple[str, ...]:
        """Its columns of the hourly dispatch frame [kW, kWh]."""
        n = self.name
        if self.role == "generator":
            return (f"{n}_kw", f"{n}_curtailed_kw")
        return (f"{n}_charge_kw", f"{n}_discharge_kw", f"{n}_soc_kwh")


def generator(
    name: str, spec: type[GeneratorSpec], label: str, colour: str, unit: str = "kW", **more
) -> Technology:
    """An electricity generator sized in ``unit`` (cost field ``capex_cny_per_kw``, bounds
    ``min_kw``/``max_kw``) whose hourly output per unit is the column ``resource_column``."""
    capacity = Capacity(f"{name}_kw", unit, "capex_cny_per_kw", "max_kw", "min_kw", label)
    return Technology(
        name=name,
        role="generator",
        spec=spec,
        label=label,
        colour=colour,
        takes=(),
        gives=("electricity",),
        capacities=(capacity,),
        **more,
    )


PV_TECH = generator(
    "pv",
    PV,
    "PV",
    "#f2b701",
    unit="kW_DC",
    doc="Solar PV; left out = not considered.",
    resource_column="pv_kw_per_kw_dc",
    resource_unit="kW/kW_DC",
    resource_doc="Hourly PV AC output per kW_DC (e.g. PVsyst); replaces pvlib.",
)
WIND_TECH = generator(
    "wind",
    Wind,
    "Wind",
    "#3b8bc2",
    doc="Wind turbines; left out = not considered.",
    resource_column="wind_kw_per_kw",
    resource_doc="Hourly wind output per kW installed; replaces windpowerlib.",
)
BATTERY_TECH = Technology(
    name="battery",
    role="storage",
    spec=Battery,
    label="Battery",
    colour="#7a4fa3",
    charge_colour="#b59ad1",
    takes=("electricity",),
    gives=("electricity",),
    capacities=(
        Capacity("battery_kw", "kW", "power_capex_cny_per_kw", "max_kw", label="Battery power"),
        Capacity(
            "battery_kwh", "kWh", "energy_capex_cny_per_kwh", "max_kwh", label="Battery energy"
        ),
    ),
    doc="Battery storage; left out = none.",
)

TECHNOLOGIES: tuple[Technology, ...] = (PV_TECH, WIND_TECH, BATTERY_TECH)
"""Every technology, in the order of columns, tables and legends."""
GENERATORS = tuple(t for t in TECHNOLOGIES if t.role == "generator")
STORAGE = tuple(t for t in TECHNOLOGIES if t.role == "storage")
CAPACITIES: tuple[Capacity, ...] = tuple(c for t in TECHNOLOGIES for c in t.capacities)
"""Every capacity: the columns of capacities.csv and summary.json's ``capacity``."""
CAPACITY_KEYS = tuple(c.key for c in CAPACITIES)
TECH_OF_CAPACITY = {c.key: t for t in TECHNOLOGIES for c in t.capacities}


def present(technologies) -> tuple[Technology, ...]:
    """The technologies a scenario's ``technologies`` section includes."""
    return tuple(t for t in TECHNOLOGIES if getattr(technologies, t.name) is not None)


# --- flows: what plots and tables show, with labels and colours ------------------------------


@dataclass(frozen=True)
class Flow:
    """One hourly column of the dispatch frame as shown to a person."""

    column: str
    label: str
    colour: str
    side: str  # "supply" (into the balance), "withdrawal" (out of it) or "other"


def _flows() -> tuple[Flow, ...]:
    supply = [Flow(f"{g.name}_kw", g.label, g.colour, "supply") for g in GENERATORS]
    supply += [
        Flow(f"{s.name}_discharge_kw", f"{s.label} discharge", s.colour, "supply") for s in STORAGE
    ]
    supply.append(Flow("grid_import_kw", "Grid import", "#8c8c8c", "supply"))
    out = [
        Flow(f"{s.name}_charge_kw", f"{s.label} charge", s.charge_colour or s.colour, "withdrawal")
        for s in STORAGE
    ]
    out.append(Flow("grid_export_kw", "Grid export", "#4caf50", "withdrawal"))
    other = [
        Flow("curtailed_kw", "Curtailed", "#e57373", "other"),
        Flow("load_kw", "Load", "#000000", "other"),
    ]
    return (*supply, *out, *other)


FLOWS: dict[str, Flow] = {f.column: f for f in _flows()}
"""Every flow by dispatch column: label and colour for plots and reports."""
SUPPLY_COLUMNS = tuple(c for c, f in FLOWS.items() if f.side == "supply")
WITHDRAWAL_COLUMNS = tuple(c for c, f in FLOWS.items() if f.side == "withdrawal")
