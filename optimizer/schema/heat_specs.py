"""The input schema of each heat technology (its section ``technologies.<name>``): heat
pumps, electric and gas boilers, the park's existing gas boilers, thermal storage.

Heat in kW_th, gas in kW of LHV. The cost figures are rough 2024-2025 Chinese market
levels (unverified; give your own quotes). The ``heat`` section itself is in
``heat_section.py``.
"""

from __future__ import annotations

from typing import ClassVar

import numpy as np
from pydantic import model_validator

from parkopt.models import heat
from parkopt.optimizer.schema.converter_limit import Limit
from parkopt.optimizer.schema.efficiency_specs import (
    PUMP_LEVELS,
    CopCurves,
    CopProfiles,
    Defrost,
    EfficiencyForms,
    FixedEfficiency,
)
from parkopt.optimizer.schema.fields import (
    F,
    Spec,
    instance_name,
    min_below_max,
    storage_efficiencies,
)

# --- heat technologies -----------------------------------------------------------------------


class HeatConverter(EfficiencyForms):
    """A heat source sized in kW_th: takes electricity or gas, serves heat levels; its
    efficiency from its model or as data (``efficiency_specs``)."""

    takes: ClassVar[str] = "electricity"

    name: str | None = instance_name("two units, one per heat level")
    min_kw: float = F(0.0, unit="kW_th", doc="Smallest capacity to build.", ge=0)
    max_kw: float | None = F(None, unit="kW_th", doc="Largest capacity; null = none.", ge=0)
    capex_cny_per_kw: float = F(unit="CNY/kW_th", doc="Capital cost.", ge=0)
    fixed_om_fraction_per_year: float = F(
        0.02, unit="1/year", doc="Fixed O&M as a fraction of capex per year.", ge=0
    )
    life_years: float = F(20.0, unit="year", doc="Economic life.", gt=0)
    levels: list[str] | None = F(
        None, unit="-", doc="Heat levels it may serve; null = every level it can reach."
    )

    @model_validator(mode="after")
    def _min_below_max(self):
        return min_below_max(self, "kw")


class _HeatPump(HeatConverter):
    quality_grade: float = F(
        0.4, unit="fraction", doc="Share of the Carnot COP reached (oemof.thermal).", gt=0, le=1
    )
    max_sink_temperature_c: float = F(
        90.0, unit="degC", doc="Highest supply temperature it reaches.", gt=0
    )
    max_lift_k: float = F(80.0, unit="K", doc="Largest sink-minus-source lift.", gt=0)
    max_cop: float = F(8.0, unit="-", doc="Upper bound of the COP.", gt=1)
    life_years: float = F(15.0, unit="year", doc="Economic life.", gt=0)
    cop_curve: CopCurves | None = F(
        None,
        unit="-",
        doc="The maker's COP against the air temperature (linear between points, constant "
        f"beyond); {PUMP_LEVELS}; replaces the Carnot model; null = the model.",
    )
    cop_profile: CopProfiles | None = F(
        None,
        unit="-",
        doc=f"Hourly COP from a CSV column (path, column); {PUMP_LEVELS}; replaces the "
        "Carnot model; null = the model.",
    )

    stem: ClassVar[str] = "cop"

    def defrost_setting(self) -> Defrost | None:
        """The defrost derating of the Carnot COP; None: none."""
        return None

    def cop_model(self) -> heat.CopModel:
        d = self.defrost_setting()
        return heat.CopModel(
            self.quality_grade,
            self.max_sink_temperature_c,
            self.max_lift_k,
            None if d is None else d.below_c,
            1.0 if d is None else d.factor,
            self.max_cop,
        )


class AirHeatPump(_HeatPump):
    capex_cny_per_kw: float = F(
        1500.0, unit="CNY/kW_th", doc="Capital cost, industrial air-source (unverified).", ge=0
    )

    defrost: Defrost | None = F(
        Defrost(),
        unit="-",
        doc="Defrost derating of the Carnot COP: x factor below below_c of air; null = none "
        "(a cop_curve or cop_profile is used as given).",
    )

    def defrost_setting(self) -> Defrost | None:
        return self.defrost

    def modelled(self, temperature_c: float, air_c: np.ndarray) -> np.ndarray:
        """COP from the weather's air temperature, derated by ``defrost``."""
        return heat.cop(temperature_c, air_c, self.cop_model())


class WasteHeatPump(_HeatPump):
    source_temperature_c: float = F(
        35.0, unit="degC", doc="Temperature of the waste heat (cooling water, exhaust).", gt=-50
    )
    source_kw: float = F(unit="kW_th", doc="Waste heat available in every hour.", ge=0)
    quality_grade: float = F(
        0.5, unit="fraction", doc="Share of the Carnot COP reached (oemof.thermal).", gt=0, le=1
    )
    max_sink_temperature_c: float = F(
        120.0, unit="degC", doc="Highest supply temperature (high-temperature units).", gt=0
    )
    capex_cny_per_kw: float = F(
        2000.0, unit="CNY/kW_th", doc="Capital cost, industrial water-source (unverified).", ge=0
    )

    def limits(self) -> list[Limit]:
        """The heat drawn from the source (heat out - electricity in) <= ``source_kw``."""
        return [Limit("waste_heat_source", "output_minus_input", self.source_kw, "source_kw")]

    def modelled(self, temperature_c: float, air_c: np.ndarray) -> np.ndarray:
        """COP from the constant source temperature."""
        return np.broadcast_to(
            heat.cop(temperature_c, self.source_temperature_c, self.cop_model()), air_c.shape
        ).copy()


class ElectricBoiler(HeatConverter, FixedEfficiency):
    efficiency_fraction: float = F(0.99, unit="fraction", doc="Heat out per power in.", gt=0, le=1)
    capex_cny_per_kw: float = F(
        400.0, unit="CNY/kW_th", doc="Capital cost, electrode boiler (unverified).", ge=0
    )


class GasBoiler(HeatConverter, FixedEfficiency):
    takes: ClassVar[str] = "gas"

    efficiency_fraction: float = F(
        0.92, unit="fraction", doc="Heat out per gas in (LHV).", gt=0, le=1.1
    )
    capex_cny_per_kw: float = F(
        300.0, unit="CNY/kW_th", doc="Capital cost of a new boiler (unverified).", ge=0
    )


class ExistingGasBoiler(FixedEfficiency):
    """The park's gas boilers today: no capital cost; kept or retired by the plan."""

    takes: ClassVar[str] = "gas"

    name: str | None = instance_name("a steam boiler and a hot-water boiler")
    capacity_kw: float = F(unit="kW_th", doc="Installed capacity today.", ge=0)
    efficiency_fraction: float = F(
        0.88, unit="fraction", doc="Heat out per gas in (LHV).", gt=0, le=1.1
    )
    fixed_om_cny_per_kw_year: float = F(
        15.0, unit="CNY/kW_th-year", doc="O&M saved when a kW is retired.", ge=0
    )
    may_retire: bool = F(True, unit="-", doc="May the plan retire part of them?")
    levels: list[str] | None = F(None, unit="-", doc="Heat levels they serve; null = every level.")
    lp_parameter_fields: ClassVar[tuple[str, ...]] = (
        "capacity_kw",
        "fixed_om_cny_per_kw_year",
        "may_retire",
    )  # its bounds and cost: a study varying them re-solves warm
    life_years: ClassVar[float] = 1.0  # no capital cost to recover
    capex_cny_per_kw: ClassVar[float] = 0.0
    fixed_om_fraction_per_year: ClassVar[float] = 0.0

    @property
    def min_kw(self) -> float:
        return 0.0 if self.may_retire else self.capacity_kw

    @property
    def max_kw(self) -> float:
        return self.capacity_kw


DEFAULT_STORE_EFFICIENCY = 0.98
"""A thermal store's charge and discharge efficiency when not given [-]."""


class StoreSpec(Spec):
    """What every heat or cold store shares: O&M, life, standing loss, efficiencies and
    durations (the units of its ratings and costs are its own: ``ThermalStorage``,
    ``cchp_specs.ColdStorage``)."""

    name: str | None = instance_name(
        "a steam accumulator and a hot water tank; two chilled-water tanks", store=True
    )
    fixed_om_fraction_per_year: float = F(
        0.01, unit="1/year", doc="Fixed O&M as a fraction of capex per year.", ge=0
    )
    life_years: float = F(25.0, unit="year", doc="Economic life.", gt=0)
    loss_per_hour: float = F(
        0.005, unit="1/h", doc="Share of the stored energy lost each hour.", ge=0, lt=1
    )
    charge_efficiency: float | None = F(
        None,
        unit="fraction",
        doc="Energy stored per energy in; null = 0.98, or round trip / discharge efficiency.",
        gt=0,
        le=1,
    )
    discharge_efficiency: float | None = F(
        None,
        unit="fraction",
        doc="Energy out per energy drawn; null = 0.98, or round trip / charge efficiency.",
        gt=0,
        le=1,
    )
    round_trip_efficiency: float | None = F(
        None,
        unit="fraction",
        doc="Energy out per energy in, standing losses aside; alone it splits as its square "
        "root; null = charge x discharge efficiency.",
        gt=0,
        le=1,
    )
    min_duration_h: float = F(1.0, unit="h", doc="Smallest energy/power ratio.", ge=0)
    max_duration_h: float = F(24.0, unit="h", doc="Largest energy/power ratio.", gt=0)

    @model_validator(mode="before")
    @classmethod
    def _efficiencies(cls, data):
        return storage_efficiencies(data, (DEFAULT_STORE_EFFICIENCY, DEFAULT_STORE_EFFICIENCY))

    @model_validator(mode="after")
    def _min_below_max(self):
        return min_below_max(self, "kw", "kwh", "duration_h")

    @property
    def retention_per_hour(self) -> float:
        return 1.0 - self.loss_per_hour


class ThermalStorage(StoreSpec):
    level: str = F(
        unit="-", doc="The heat level it stores (a hot water tank, a steam accumulator)."
    )
    energy_capex_cny_per_kwh: float = F(
        80.0, unit="CNY/kWh_th", doc="Capital cost of storage volume (unverified).", ge=0
    )
    power_capex_cny_per_kw: float = F(
        50.0, unit="CNY/kW_th", doc="Capital cost of charge/discharge rating.", ge=0
    )
    min_kw: float = F(0.0, unit="kW_th", doc="Smallest rating (min = max fixes it).", ge=0)
    max_kw: float | None = F(None, unit="kW_th", doc="Largest rating; null = none.", ge=0)
    min_kwh: float = F(0.0, unit="kWh_th", doc="Smallest volume (min = max fixes it).", ge=0)
    max_kwh: float | None = F(None, unit="kWh_th", doc="Largest volume; null = none.", ge=0)
