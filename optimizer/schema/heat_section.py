"""The ``heat`` section (levels and their demand, gas, purchased heat) and the ``indicator``
section (China's zero-carbon park accounting) of a scenario.

Heat flows are in kW_th, gas in kW of its lower heating value (LHV). Defaults carry their
source (../shared/data/CHINA_INPUTS.md).
"""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import model_validator

from parkopt.models import heat
from parkopt.optimizer.schema.fields import F, Spec

# --- the heat section ------------------------------------------------------------------------


class HeatCsv(Spec):
    path: str = F(unit="path", doc="CSV file with one row per hour of the year (8760 rows).")
    column: str = F(unit="-", doc="Column holding the values.")
    unit: Literal["kW", "MW", "t/h"] = F(
        "kW", unit="-", doc="Unit of the column: kW or MW of heat, or t/h of steam (needs steam)."
    )


class Steam(Spec):
    pressure_bar: float = F(unit="bar (absolute)", doc="Steam pressure at the users.", gt=0.01)
    temperature_c: float | None = F(
        None, unit="degC", doc="Steam temperature; null = saturated at the pressure."
    )
    feedwater_c: float = F(
        20.0, unit="degC", doc="Feed water (or condensate return) temperature.", ge=0, lt=370
    )

    def kwh_per_t(self) -> float:
        """Heat one tonne carries above the feed water, IAPWS-IF97 [kWh_th/t]."""
        return heat.steam_heat_kwh_per_t(self.pressure_bar, self.temperature_c, self.feedwater_c)


class DemandShape(Spec):
    """The shift shape a demand given as energy (annual or monthly) is spread by, and the
    check of its months; ``energy_unit`` names its MWh (``HeatDemand``,
    ``cchp_specs.CoolingDemand``)."""

    energy_unit: ClassVar[str] = "MWh_th"

    base_fraction: float = F(
        0.3, unit="fraction", doc="Share of the shift-hour rate running in every hour.", ge=0, le=1
    )
    shift_start_h: int = F(8, unit="h", doc="Hour the first shift starts.", ge=0, le=23)
    shift_end_h: int = F(24, unit="h", doc="Hour the last shift ends; may wrap.", ge=1, le=24)
    weekend_factor: float = F(
        0.6, unit="fraction", doc="Share of the shift rate running at weekends.", ge=0, le=1
    )

    def _one_of(self, keys: tuple[str, ...]) -> None:
        """ValueError unless exactly one of ``keys`` is given and the months are 12 >= 0."""
        given = [k for k in keys if getattr(self, k) is not None]
        if len(given) != 1:
            raise ValueError(
                f"give one of {', '.join(keys[:-1])} or {keys[-1]}"
                + (f", not {' and '.join(given)}" if given else "")
            )
        months = getattr(self, "monthly_mwh", None)
        if months is not None and (len(months) != 12 or min(months) < 0):
            raise ValueError(f"monthly_mwh needs 12 values >= 0 {self.energy_unit}, January first")

    def shape(self) -> heat.HeatShape:
        return heat.HeatShape(
            self.base_fraction, self.shift_start_h, self.shift_end_h, self.weekend_factor
        )


class HeatDemand(DemandShape):
    annual_mwh: float | None = F(None, unit="MWh_th/year", doc="Annual heat use.", ge=0)
    monthly_mwh: list[float] | None = F(
        None, unit="MWh_th", doc="Heat use of each month, January first (12 values)."
    )
    annual_t: float | None = F(
        None, unit="t/year", doc="Annual steam use in tonnes (needs the level's steam).", ge=0
    )
    profile: HeatCsv | None = F(None, unit="-", doc="Hourly metered demand (replaces the rule).")
    from_inventory: str | None = F(
        None,
        unit="path",
        doc="An inventory folder (`parkopt inventory`): this level takes share_of_inventory of "
        "the park's metered heat demand (heat bought + gas x boiler efficiency).",
    )
    share_of_inventory: float = F(
        1.0, unit="fraction", doc="Share of the inventory's heat demand at this level.", ge=0, le=1
    )

    @model_validator(mode="after")
    def _one(self):
        self._one_of(("annual_mwh", "monthly_mwh", "annual_t", "profile", "from_inventory"))
        return self


class HeatLevel(Spec):
    name: str = F(
        unit="-", doc="Name of the level, e.g. steam or hot_water.", pattern=r"^[a-z][a-z0-9_]*$"
    )
    temperature_c: float = F(
        unit="degC", doc="Supply temperature: what a technology must reach to serve it.", gt=0
    )
    steam: Steam | None = F(None, unit="-", doc="The level is steam: pressure and feed water.")
    demand: HeatDemand = F(unit="-", doc="Heat demand of the level.")

    @model_validator(mode="after")
    def _steam(self):
        needs = self.demand.annual_t is not None or (
            self.demand.profile is not None and self.demand.profile.unit == "t/h"
        )
        if needs and self.steam is None:
            raise ValueError(
                f"heat level {self.name}: demand in t of steam needs its steam section"
            )
        return self


class Gas(Spec):
    price_cny_per_m3: float = F(
        3.5, unit="CNY/m3", doc="Natural gas price for industry (Jiangsu level, unverified).", ge=0
    )
    lhv_mj_per_m3: float = F(38.931, unit="MJ/m3", doc="Lower heating value (GB/T 2589).", gt=0)
    emission_factor_kg_per_m3: float = F(
        2.1622,
        unit="kgCO2/m3",
        doc="CO2 of burning 1 m3 (15.3 tC/TJ, 99 % oxidised; national guidelines).",
        ge=0,
    )
    kgce_per_m3: float = F(
        1.33, unit="kgce/m3", doc="Standard coal equivalent of 1 m3 (GB/T 2589).", ge=0
    )

    @property
    def kwh_per_m3(self) -> float:
        """LHV of 1 m3 [kWh]."""
        return self.lhv_mj_per_m3 * 1000.0 / heat.KJ_PER_KWH

    @property
    def price_per_kwh(self) -> float:
        """Price per kWh of LHV [CNY/kWh]."""
        return self.price_cny_per_m3 / self.kwh_per_m3

    @property
    def t_per_mwh(self) -> float:
        """CO2 per MWh of LHV burnt [tCO2/MWh]."""
        return self.emission_factor_kg_per_m3 / self.kwh_per_m3

    @property
    def tce_per_mwh(self) -> float:
        """Standard coal per MWh of LHV [tce/MWh]."""
        return self.kgce_per_m3 / self.kwh_per_m3


class PurchasedHeat(Spec):
    price_cny_per_gj: float = F(unit="CNY/GJ", doc="Price of heat bought from a utility.", ge=0)
    temperature_c: float = F(unit="degC", doc="Temperature it is delivered at.", gt=0)
    max_kw: float | None = F(None, unit="kW_th", doc="Largest delivery; null = none.", ge=0)
    emission_factor_t_per_gj: float = F(
        0.11,
        unit="tCO2/GJ",
        doc="CO2 of the heat (0.11 for fossil heat: national accounting guidelines).",
        ge=0,
    )
    fossil: bool = F(True, unit="-", doc="Made from fossil fuel (false: counted as clean).")

    @property
    def price_per_kwh(self) -> float:
        """Price per kWh of heat [CNY/kWh]."""
        return self.price_cny_per_gj / heat.KWH_PER_GJ


class Heat(Spec):
    levels: list[HeatLevel] = F(unit="-", doc="Heat levels, each with its demand.", min_length=1)
    gas: Gas = F(Gas(), unit="-", doc="Natural gas for boilers.")
    purchased: PurchasedHeat | None = F(
        None, unit="-", doc="Heat bought from a utility (steam or hot water); null = none."
    )
    cascade: bool = F(
        True,
        unit="-",
        doc="May a hotter level serve a cooler one through a heat exchanger?",
    )

    @model_validator(mode="after")
    def _unique(self):
        names = [lv.name for lv in self.levels]
        twice = sorted({n for n in names if names.count(n) > 1})
        if twice:
            raise ValueError(f"heat level names must be unique: {', '.join(twice)}")
        return self

    def level(self, name: str) -> HeatLevel | None:
        return next((lv for lv in self.levels if lv.name == name), None)

    @property
    def by_temperature(self) -> list[HeatLevel]:
        """Levels from the hottest to the coolest."""
        return sorted(self.levels, key=lambda lv: -lv.temperature_c)


class Indicator(Spec):
    electricity_factor_t_per_mwh: float = F(
        0.8325,
        unit="tCO2/MWh",
        doc="Factor of grid power that is not green (national fossil-power factor, 2022; "
        "zero-carbon park notice 发改环资〔2025〕910号, attachment 4).",
        ge=0,
    )
    electricity_kgce_per_kwh: float = F(
        0.30,
        unit="kgce/kWh",
        doc="Electricity at 等价值: the coal used to supply it (the year's national average; "
        "about 0.30, reported).",
        gt=0,
    )
    process_emissions_t: float = F(
        0.0, unit="tCO2/year", doc="Industrial process CO2 (cement, lime, ...), fixed.", ge=0
    )
    gas_is_clean: bool = F(
        False,
        unit="-",
        doc="Count natural gas as clean in clean_energy_share (Chinese statistics often do; "
        "the notice does not say). Both shares are reported.",
    )
    threshold_tco2_per_tce: float | None = F(
        None,
        unit="tCO2/tce",
        doc="The indicator's threshold the park is judged against, where a province sets "
        "one; null = the notice's band by the park's energy use (0.2 for 200,000-1,000,000 "
        "tce/year, 0.3 above; none below 200,000).",
        gt=0,
    )
