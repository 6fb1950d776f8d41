"""The input schema of each technology (its section ``technologies.<name>``) and the glue
from that section to its physics in ``models/``; the registry (``technologies.py``) names
the schema of each entry."""

from __future__ import annotations

import math
from pathlib import Path
from typing import ClassVar, Literal

import pandas as pd
from pydantic import model_validator

from parkopt.models import hub_wind, pv, wind
from parkopt.models.turbines import CLASS_STAND_INS, PowerCurve
from parkopt.models.weather import Weather
from parkopt.optimizer.schema.fields import (
    EFFICIENCY_FORMS,
    F,
    Spec,
    instance_name,
    min_below_max,
    storage_efficiencies,
)


class HourlyCsv(Spec):
    path: str = F(
        unit="path",
        doc="CSV file with one row per hour of the year (8760 rows), or, for a shorter "
        "horizon, exactly horizon_hours rows (the horizon itself, e.g. 24 for one day).",
    )
    column: str = F(unit="-", doc="Column holding the values.")
    unit: str | None = F(
        None,
        unit="-",
        doc="Unit of the column: load kW or MW; price CNY/kWh or CNY/MWh; emission factor "
        "tCO2/MWh or kgCO2/kWh; PV and wind kW/kW. Default: the first of these.",
    )


class GeneratorSpec(Spec):
    """Inputs every generator shares: bounds, costs and life. A generator with a weather
    model sets ``weather_model`` and overrides ``output_kw_per_kw``; one without needs its
    hourly CSV profile (``profiles.<resource_column>``)."""

    weather_model: ClassVar[bool] = False
    lp_parameter_fields: ClassVar[tuple[str, ...]] = ("energy_price_cny_per_kwh",)

    def read_data(self, weather: Weather):
        """Data files of its own that the weather model reads (None: none)."""
        return None

    def data_field(self, where: str) -> str:
        """Where a problem reading its data files is reported (``where``: its section)."""
        return where

    def model_only_fields(self) -> tuple[str, ...]:
        """Fields set that only its weather model uses (void when a CSV profile is given)."""
        return ()

    def output_kw_per_kw(self, weather: Weather, data=None) -> tuple[pd.Series, dict]:
        """Hourly output per unit of capacity from the weather (and ``read_data``'s data)
        [kW/kW], and what the model found that a person should see (``resource``)."""
        raise NotImplementedError(f"{type(self).__name__} has no weather model")

    def model_field(self, where: str) -> tuple[str, object]:
        """Where a models/ error on this section (at ``where``) is reported: (field, value)."""
        return where, None

    name: str | None = F(
        None,
        unit="-",
        doc="Instance name, in a list of several (three roofs, two wind sites): a lowercase "
        "identifier unique within the technology; its capacity is <technology>_<name>_kw "
        "(e.g. pv_roof_east_kw) beside the total <technology>_kw; null = the technology's name "
        "(one mapping).",
    )
    profile: HourlyCsv | None = F(
        None,
        unit="kW/kW",
        doc="This instance's own hourly output per unit of capacity (e.g. PVsyst for one "
        "roof); replaces its weather model and profiles.<resource column>.",
    )
    min_kw: float = F(0.0, unit="kW", doc="Smallest capacity to build.", ge=0)
    max_kw: float | None = F(
        None, unit="kW", doc="Largest capacity (land, roof); null = none.", ge=0
    )
    capex_cny_per_kw: float = F(unit="CNY/kW", doc="Overnight capital cost.", ge=0)
    fixed_om_fraction_per_year: float = F(
        0.01, unit="1/year", doc="Fixed O&M as a fraction of capex per year.", ge=0
    )
    life_years: float = F(25.0, unit="year", doc="Economic life.", gt=0)
    energy_price_cny_per_kwh: float | None = F(
        None,
        unit="CNY/kWh",
        doc="Price the park pays per kWh this plant of its own delivers (output used, not "
        "curtailed), e.g. a PPA or an operator's per-kWh fee; on top of its capital cost "
        "(set capex_cny_per_kw: 0 for a plant paid only per kWh). Cost part ppa_payments; "
        "null = none.",
        ge=0,
    )

    @model_validator(mode="after")
    def _min_below_max(self):
        return min_below_max(self, "kw")


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

    def output_kw_per_kw(self, weather: Weather, data=None) -> tuple[pd.Series, dict]:
        """AC output per kW_DC from pvlib's ModelChain (``models.pv``) [kW/kW_DC]."""
        spec = pv.PVSpec(
            tilt_deg=self.tilt_deg,
            azimuth_deg=self.azimuth_deg,
            dc_ac_ratio=self.dc_ac_ratio,
            losses_pct=self.losses_pct,
            temperature_model=self.temperature_model,
        )
        return pv.pv_ac_kw_per_kw_dc(weather, spec), {}


class FarmLosses(Spec):
    wake_fraction: float = F(
        0.07, unit="fraction", doc="Energy lost in the wakes of other turbines.", ge=0, lt=1
    )
    availability_fraction: float = F(
        0.03, unit="fraction", doc="Energy lost while turbines are down.", ge=0, lt=1
    )
    electrical_fraction: float = F(
        0.02, unit="fraction", doc="Energy lost in cables and transformers.", ge=0, lt=1
    )


class PowerCurveTable(Spec):
    wind_speed_m_per_s: list[float] = F(unit="m/s", doc="Hub-height wind speeds, increasing.")
    power_kw: list[float] = F(unit="kW", doc="Electrical output at each speed.")
    rated_kw: float | None = F(None, unit="kW", doc="Nominal power; null = the curve's largest.")
    rotor_diameter_m: float | None = F(None, unit="m", doc="Rotor diameter.", gt=0)
    name: str = F("custom power curve", unit="-", doc="Name shown in summaries.")


class WindCalibration(Spec):
    mean_speed_hub_m_per_s: float | None = F(
        None, unit="m/s", doc="Annual mean hub-height speed to match (wind atlas, mast).", gt=0
    )
    full_load_hours: float | None = F(
        None, unit="h/year", doc="Net full-load hours to match (measured or reported).", gt=0
    )
    source: str = F("", unit="-", doc="Where the figure comes from (shown in summaries).")

    @model_validator(mode="after")
    def _one(self):
        if (self.mean_speed_hub_m_per_s is None) == (self.full_load_hours is None):
            raise ValueError("give one of mean_speed_hub_m_per_s or full_load_hours")
        return self


class WindData(Spec):
    path: str = F(unit="path", doc="CSV of measured speeds, or an ERA5 NetCDF file (.nc).")
    columns: dict[float, str] = F(
        {}, unit="m: column", doc="CSV: the column of each measurement height, e.g. {100: ws100}."
    )
    unit: Literal["m/s", "km/h"] = F("m/s", unit="-", doc="CSV: unit of the speeds.")

    def read(self, weather: Weather) -> hub_wind.WindSeries:
        """The speeds at their heights on the weather's hourly index [m/s]."""
        index = weather.data.index
        if Path(self.path).suffix.lower() == ".nc":
            return hub_wind.read_era5(self.path, weather.latitude_deg, weather.longitude_deg, index)
        return hub_wind.read_wind_csv(self.path, dict(self.columns), index, self.unit)


class Wind(GeneratorSpec):
    turbine_type: str | None = F(
        None,
        unit="-",
        doc="A turbine of windpowerlib's bundled library (`parkopt turbines`); null = the "
        "stand-in of wind_class, else E-141/4200.",
    )
    wind_class: Literal["I", "II", "III"] | None = F(
        None,
        unit="IEC class",
        doc="IEC 61400-1 wind class of the site; picks a stand-in turbine when turbine_type "
        "is null (I: V112/3450, II: V126/3450, III: E-141/4200).",
    )
    power_curve: PowerCurveTable | None = F(
        None, unit="-", doc="A maker's power curve (e.g. a Chinese turbine); replaces the type."
    )
    hub_height_m: float = F(120.0, unit="m", doc="Hub height.", gt=0)
    terrain: Literal["water", "open", "farmland", "rough"] = F(
        "farmland",
        unit="-",
        doc="Terrain class for the logarithmic profile (European Wind Atlas classes 0-3: "
        "roughness 0.0002, 0.03, 0.1, 0.4 m).",
    )
    roughness_length_m: float | None = F(
        None, unit="m", doc="Surface roughness length; null = that of the terrain class.", gt=0
    )
    shear_exponent: float | None = F(
        None,
        unit="-",
        doc="Power-law exponent instead of the logarithmic profile (wind at one height).",
        ge=0,
        le=1,
    )
    wind_data: WindData | None = F(
        None, unit="-", doc="Measured or reanalysis wind used instead of the weather file's."
    )
    calibration: WindCalibration | None = F(
        None, unit="-", doc="Scale the hub-height speeds to a reference (per site)."
    )
    losses: FarmLosses = F(FarmLosses(), unit="-", doc="Wind farm losses (net = gross x ...).")
    capex_cny_per_kw: float = F(5800.0, unit="CNY/kW", doc="Capital cost, whole project.", ge=0)
    life_years: float = F(20.0, unit="year", doc="Economic life.", gt=0)

    weather_model: ClassVar[bool] = True

    @model_validator(mode="after")
    def _one_turbine(self):
        given = [
            name
            for name in ("turbine_type", "wind_class", "power_curve")
            if getattr(self, name) is not None
        ]
        if len(given) > 1:
            raise ValueError(
                f"give one of turbine_type, wind_class or power_curve, not {' and '.join(given)}"
                " (set the others to null)"
            )
        return self

    @property
    def turbine(self) -> str:
        """The turbine type in force."""
        if self.power_curve is not None:
            return self.power_curve.name
        return self.turbine_type or CLASS_STAND_INS.get(self.wind_class or "III", "E-141/4200")

    def model_spec(self) -> wind.WindSpec:
        """This section as the wind model's spec."""
        curve = self.power_curve
        c = self.calibration
        return wind.WindSpec(
            turbine_type=self.turbine,
            hub_height_m=self.hub_height_m,
            roughness_length_m=self.roughness_length_m,
            terrain=self.terrain,
            shear_exponent=self.shear_exponent,
            power_curve=None
            if curve is None
            else PowerCurve(
                tuple(curve.wind_speed_m_per_s),
                tuple(curve.power_kw),
                curve.rated_kw,
                curve.rotor_diameter_m,
                curve.name,
            ),
            losses=wind.FarmLosses(**self.losses.model_dump()),
            calibration=None if c is None else wind.Calibration(**c.model_dump()),
        )

    def read_data(self, weather: Weather) -> hub_wind.WindSeries | None:
        """The measured or reanalysis speeds of ``wind_data`` [m/s], if given."""
        return self.wind_data.read(weather) if self.wind_data is not None else None

    def data_field(self, where: str) -> str:
        return f"{where}.wind_data"

    def model_only_fields(self) -> tuple[str, ...]:
        return tuple(f for f in ("calibration", "wind_data") if getattr(self, f) is not None)

    def output_kw_per_kw(self, weather: Weather, data=None) -> tuple[pd.Series, dict]:
        """Net output per kW installed (``models.wind``) [kW/kW] and the hub-height speed,
        shear, calibration and losses behind it; ``data``: ``read_data``'s speeds."""
        result = wind.wind_resource(weather, self.model_spec(), data)
        info = {
            "wind_mean_speed_hub_m_per_s": float(result.hub_speed_m_per_s.mean()),
            "wind_turbine": self.turbine,
            "wind_shear": result.shear,
            "wind_loss_fraction": result.loss_factor,
            "wind_data": data.source if data is not None else "weather file, 10 m",
            "wind_data_file": self.wind_data.path if self.wind_data is not None else None,
            "calibration": result.calibration,
        }
        return result.kw_per_kw, info

    def model_field(self, where: str) -> tuple[str, object]:
        return f"{where}.turbine_type", self.turbine


DEFAULT_ROUND_TRIP = 0.88
"""A battery's AC round-trip efficiency when none of the three forms is given [-]."""


class Battery(Spec):
    name: str | None = instance_name("a 2-hour and a 4-hour battery", store=True)
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
    round_trip_efficiency: float | None = F(
        None,
        unit="fraction",
        doc="AC round trip; alone it splits as its square root into charge and discharge; "
        "null = charge x discharge efficiency, or 0.88 when neither is given.",
        gt=0,
        le=1,
    )
    charge_efficiency: float | None = F(
        None,
        unit="fraction",
        doc="Energy stored per energy in; null = the square root of the round trip.",
        gt=0,
        le=1,
    )
    discharge_efficiency: float | None = F(
        None,
        unit="fraction",
        doc="Energy out per energy drawn; null = the square root of the round trip.",
        gt=0,
        le=1,
    )
    self_discharge_per_hour: float = F(
        0.0, unit="1/h", doc="Fraction of the stored energy lost each hour.", ge=0, lt=1
    )
    soc_min_fraction: float = F(0.05, unit="fraction", doc="Lowest state of charge.", ge=0, lt=1)
    soc_max_fraction: float = F(0.95, unit="fraction", doc="Highest state of charge.", gt=0, le=1)
    min_duration_h: float = F(1.0, unit="h", doc="Smallest energy/power ratio.", ge=0)
    max_duration_h: float = F(8.0, unit="h", doc="Largest energy/power ratio.", gt=0)
    min_kw: float = F(0.0, unit="kW", doc="Smallest power rating (min = max fixes it).", ge=0)
    max_kw: float | None = F(None, unit="kW", doc="Largest power rating; null = none.", ge=0)
    min_kwh: float = F(0.0, unit="kWh", doc="Smallest energy rating (min = max fixes it).", ge=0)
    max_kwh: float | None = F(None, unit="kWh", doc="Largest energy rating; null = none.", ge=0)
    grid_charging: bool = F(
        True,
        unit="-",
        doc="May the battery charge from the grid? false: in every hour the battery charges "
        "at most the local PV and wind output (a common rule for green-power claims; the LP "
        "may still import for the load in that hour, so it is weaker than 'charge only from "
        "surplus', which would need binary variables)",
    )

    @model_validator(mode="before")
    @classmethod
    def _efficiencies(cls, data):
        if isinstance(data, dict) and all(data.get(k) is None for k in EFFICIENCY_FORMS):
            data = {**data, "round_trip_efficiency": DEFAULT_ROUND_TRIP}
        eta = math.sqrt(DEFAULT_ROUND_TRIP)
        return storage_efficiencies(data, (eta, eta))

    @property
    def retention_per_hour(self) -> float:
        """Share of the stored energy kept from one hour to the next [-]."""
        return 1.0 - self.self_discharge_per_hour

    @model_validator(mode="after")
    def _windows(self):
        if self.soc_min_fraction >= self.soc_max_fraction:
            raise ValueError(
                f"soc_min_fraction = {self.soc_min_fraction!r}: expected below "
                f"soc_max_fraction = {self.soc_max_fraction!r} (fractions of the energy rating)"
            )
        return min_below_max(self, "kw", "kwh", "duration_h")
