"""The input schema of combined cooling, heat and power: a gas CHP, the cooling demand, an
electric chiller, an absorption chiller and a cold store (their sections
``technologies.<name>`` and ``cooling``).

Electricity in kW_e, heat in kW_th, cold in kW_c (cooling delivered), gas in kW of LHV. Each
converter declares its modes as data (``converter_limit.Mode``): the LP's one converter
family builds them. Cost figures are rough Chinese market levels (unverified).
"""

from __future__ import annotations

from typing import ClassVar, Literal

import numpy as np
from pydantic import model_validator

from parkopt.optimizer.schema.converter_limit import Mode, mode_column
from parkopt.optimizer.schema.efficiency_specs import CopCurve
from parkopt.optimizer.schema.fields import F, Spec, instance_name, min_below_max
from parkopt.optimizer.schema.heat_section import DemandShape
from parkopt.optimizer.schema.heat_specs import StoreSpec

COOLING = ("cooling", None)
ELECTRICITY = ("electricity", None)
GAS = ("gas", None)
KELVIN = 273.15


class _Sized(Spec):
    name: str | None = instance_name("two CHP units, each on its own level")
    min_kw: float = F(0.0, unit="kW", doc="Smallest capacity to build.", ge=0)
    max_kw: float | None = F(None, unit="kW", doc="Largest capacity; null = none.", ge=0)
    fixed_om_fraction_per_year: float = F(
        0.03, unit="1/year", doc="Fixed O&M as a fraction of capex per year.", ge=0
    )
    life_years: float = F(20.0, unit="year", doc="Economic life.", gt=0)

    @model_validator(mode="after")
    def _min_below_max(self):
        return min_below_max(self, "kw")


class CHP(_Sized):
    """Gas engine or turbine CHP sized in kW_e: gas in, electricity and heat (one level) out."""

    level: str = F(unit="-", doc="The heat level its heat goes to.")
    capex_cny_per_kw: float = F(6000.0, unit="CNY/kW_e", doc="Capital cost (unverified).", ge=0)
    electrical_efficiency: float = F(
        0.38, unit="fraction", doc="Electricity out per gas in (LHV).", gt=0, le=1
    )
    thermal_efficiency: float = F(
        0.45, unit="fraction", doc="Heat out per gas in (LHV), fixed ratio.", gt=0, le=1
    )
    min_heat_to_power: float | None = F(
        None, unit="kW_th/kW_e", doc="Smallest heat-to-power ratio; null = fixed ratio.", ge=0
    )
    max_heat_to_power: float | None = F(
        None, unit="kW_th/kW_e", doc="Largest heat-to-power ratio; null = fixed ratio.", ge=0
    )

    @model_validator(mode="after")
    def _ratios(self):
        lo, hi = self.min_heat_to_power, self.max_heat_to_power
        if (lo is None) != (hi is None):
            raise ValueError("give min_heat_to_power and max_heat_to_power together, or neither")
        if lo is not None and lo > hi:
            raise ValueError(f"min_heat_to_power {lo} above max_heat_to_power {hi}")
        top = hi if hi is not None else self.thermal_efficiency / self.electrical_efficiency
        if self.electrical_efficiency * (1.0 + top) > 1.0 + 1e-9:
            raise ValueError("electricity + heat out above the gas in (LHV): lower the ratio")
        return self

    def ratios(self) -> dict[str, float]:
        """Heat per electricity of each mode [kW_th/kW_e]: one fixed, or the two bounds."""
        if self.min_heat_to_power is None:
            return {"fixed": self.thermal_efficiency / self.electrical_efficiency}
        return {"min_ratio": self.min_heat_to_power, "max_ratio": self.max_heat_to_power}

    def modes(self, tech: str) -> list[Mode]:
        heat = ("heat", self.level)
        return [
            Mode(tech, o, GAS, ELECTRICITY, mode_column(tech, o), ((heat, r),))
            for o, r in self.ratios().items()
        ]

    def mode_efficiency(self, mode: str, air_c: np.ndarray, levels: dict) -> np.ndarray:
        return np.full(air_c.shape, self.electrical_efficiency)


class ElectricChiller(_Sized):
    """Electric (vapour-compression) chiller sized in kW_c; COP from the air temperature."""

    capex_cny_per_kw: float = F(800.0, unit="CNY/kW_c", doc="Capital cost (unverified).", ge=0)
    supply_temperature_c: float = F(7.0, unit="degC", doc="Chilled water supply temperature.")
    approach_k: float = F(8.0, unit="K", doc="Condensing above the air temperature.", ge=0)
    quality_grade: float = F(
        0.45, unit="fraction", doc="Share of the Carnot COP reached.", gt=0, le=1
    )
    max_cop: float = F(8.0, unit="-", doc="Upper bound of the COP.", gt=0)
    cop_curve: CopCurve | None = F(
        None,
        unit="-",
        doc="The maker's COP against the air temperature (linear between points, constant "
        "beyond); replaces the Carnot model; null = the model.",
    )

    def cop(self, air_c: np.ndarray) -> np.ndarray:
        """Cold out per electricity in [-]: ``quality * T_cold / (T_air + approach - T_cold)``
        (K), at most ``max_cop``; or the maker's curve."""
        if self.cop_curve is not None:
            return self.cop_curve.at(air_c)
        cold = self.supply_temperature_c + KELVIN
        lift = np.maximum(air_c + self.approach_k - self.supply_temperature_c, 1.0)
        return np.minimum(self.quality_grade * cold / lift, self.max_cop)

    def modes(self, tech: str) -> list[Mode]:
        return [Mode(tech, "cooling", ELECTRICITY, COOLING, mode_column(tech, "cooling"))]

    def mode_efficiency(self, mode: str, air_c: np.ndarray, levels: dict) -> np.ndarray:
        return self.cop(air_c)


class AbsorptionChiller(_Sized):
    """Absorption chiller sized in kW_c, driven by heat from one level."""

    level: str = F(unit="-", doc="The heat level that drives it.")
    capex_cny_per_kw: float = F(1200.0, unit="CNY/kW_c", doc="Capital cost (unverified).", ge=0)
    cop: float = F(0.7, unit="-", doc="Cold out per heat in (single effect ~0.7).", gt=0, le=2)
    min_drive_temperature_c: float = F(
        80.0, unit="degC", doc="Lowest driving heat temperature it runs on."
    )

    def modes(self, tech: str) -> list[Mode]:
        return [Mode(tech, "cooling", ("heat", self.level), COOLING, mode_column(tech, "cooling"))]

    def mode_efficiency(self, mode: str, air_c: np.ndarray, levels: dict) -> np.ndarray:
        """Its COP where the level is hot enough, else 0 (cannot run)."""
        hot = levels.get(self.level, -np.inf) >= self.min_drive_temperature_c
        return np.full(air_c.shape, self.cop if hot else 0.0)


class ColdStorage(StoreSpec):
    """A chilled-water or ice store on the cooling balance. It has no level: the park has one
    cooling node, so it stores cold for that node (unlike a thermal store, which names the heat
    level it stores)."""

    energy_capex_cny_per_kwh: float = F(
        100.0, unit="CNY/kWh_c", doc="Capital cost of storage volume (unverified).", ge=0
    )
    power_capex_cny_per_kw: float = F(
        50.0, unit="CNY/kW_c", doc="Capital cost of charge/discharge rating.", ge=0
    )
    min_kw: float = F(0.0, unit="kW_c", doc="Smallest rating (min = max fixes it).", ge=0)
    max_kw: float | None = F(None, unit="kW_c", doc="Largest rating; null = none.", ge=0)
    min_kwh: float = F(0.0, unit="kWh_c", doc="Smallest volume (min = max fixes it).", ge=0)
    max_kwh: float | None = F(None, unit="kWh_c", doc="Largest volume; null = none.", ge=0)

    @model_validator(mode="before")
    @classmethod
    def _no_level(cls, data):
        if isinstance(data, dict) and "level" in data:
            raise ValueError(
                "level: a cold store has none (it stores cold for the one cooling balance)"
            )
        return data


class CoolingCsv(Spec):
    path: str = F(unit="path", doc="CSV file with one row per hour of the year (8760 rows).")
    column: str = F(unit="-", doc="Column holding the values.")
    unit: Literal["kW", "MW"] = F("kW", unit="-", doc="Unit of the column: kW or MW of cold.")


class CoolingDemand(DemandShape):
    """The cooling demand: annual or monthly MWh_c shaped by shifts, or an hourly profile."""

    energy_unit: ClassVar[str] = "MWh_c"

    annual_mwh: float | None = F(None, unit="MWh_c/year", doc="Annual cooling use.", ge=0)
    monthly_mwh: list[float] | None = F(
        None, unit="MWh_c", doc="Cooling use of each month, January first (12 values)."
    )
    profile: CoolingCsv | None = F(None, unit="-", doc="Hourly metered demand (replaces the rule).")

    @model_validator(mode="before")
    @classmethod
    def _no_steam(cls, data):
        for key in ("annual_t", "from_inventory"):
            if isinstance(data, dict) and key in data:
                why = "tonnes of steam" if key == "annual_t" else "the inventory meters heat"
                raise ValueError(f"{key} is not for cooling ({why}): give annual_mwh (MWh_c)")
        return data

    @model_validator(mode="after")
    def _one(self):
        self._one_of(("annual_mwh", "monthly_mwh", "profile"))
        return self


class Cooling(Spec):
    """The park's cooling demand: one balance of cold [kW_c]."""

    demand: CoolingDemand = F(
        unit="-", doc="Cooling demand: annual_mwh or monthly_mwh (MWh_c) with a shape, or profile."
    )
