"""The ``pathway`` section: the park's path to acceptance as periods of calendar years.

A pathway is a scenario whose ``pathway`` section names periods (2026, 2027, 2028, 2030,
2035, ...). Each period is the scenario itself with the period's changes: the load and the
heat demand grown by a factor, capital costs multiplied (or fallen at a yearly learning
rate), the grid's emission factor, the targets of that year, and any other field set by its
dotted path (a study's form: ``tariff.prices_cny_per_kwh.peak``, ``profiles.load_kw``).
"""

from __future__ import annotations

from typing import Any

from pydantic import field_validator, model_validator

from parkopt.optimizer.schema.carbon_spec import Carbon
from parkopt.optimizer.schema.fields import F, Spec


class Period(Spec):
    year: int = F(unit="year", doc="First calendar year of the period.", ge=1990, le=2100)
    years: int | None = F(
        None,
        unit="year",
        doc="Years the period stands for (its operation repeats each of them); null = until "
        "the next period's year (the last period: as long as the gap before it).",
        ge=1,
        le=50,
    )
    load_growth: float = F(
        1.0,
        unit="-",
        doc="Factor on the scenario's electric load (not for heat) in this period's years.",
        gt=0,
    )
    heat_growth: float = F(
        1.0, unit="-", doc="Factor on the scenario's heat demand of every level.", gt=0
    )
    emission_factor_t_per_mwh: float | None = F(
        None,
        unit="tCO2/MWh",
        doc="The grid's emission factor in this period (replaces grid.emission_factor_t_per_mwh "
        "and, where hourly factors are given, scales them to this mean); null = the "
        "scenario's.",
        ge=0,
    )
    cost_multipliers: dict[str, float] = F(
        {},
        unit="-",
        doc="Factor on a technology's capital costs bought in this period, by technology "
        "(e.g. {pv: 0.85, battery: 0.7}); over pathway.learning_rate_per_year.",
    )
    carbon: Carbon | None = F(
        None,
        unit="-",
        doc="This period's targets (the carbon section's fields, e.g. {tco2_per_tce: 0.2}); "
        "null = the scenario's carbon section.",
    )
    set: dict[str, Any] = F(
        {},
        unit="-",
        doc="Any other field of the scenario for this period by its dotted path, as a study "
        "sets it (e.g. {tariff.prices_cny_per_kwh.peak: 1.1, load: null, profiles.load_kw: "
        "{path: load_2030.csv, column: load_kw}}); relative paths from the scenario's folder.",
    )

    @field_validator("cost_multipliers")
    @classmethod
    def _multipliers_positive(cls, value: dict[str, float]) -> dict[str, float]:
        for name, factor in value.items():
            if factor < 0:
                raise ValueError(f"{name} = {factor}: expected a factor >= 0 on its capital costs")
        return value


class Installed(Spec):
    capacity: float = F(
        unit="kW, kW_DC or kWh (its key's)", doc="Capacity the park has today.", ge=0
    )
    retire_year: int | None = F(
        None,
        unit="year",
        doc="Year from which it no longer serves; it serves a period only if it lives through "
        "all of it; null = beyond the horizon.",
        ge=1990,
        le=2150,
    )


class AcceptanceTargets(Spec):
    tco2_per_tce: float | None = F(
        0.2,
        unit="tCO2/tce",
        doc="The core indicator every period from acceptance on must meet (the notice's 0.2 "
        "by default); null = none.",
        zh="验收起每期须达到的核心指标（默认为通知的 0.2）；留空 = 无。",
        gt=0,
    )
    clean_energy_share: float | None = F(
        0.9,
        unit="-",
        doc="The clean-energy share every period from acceptance on must reach (the "
        "notice's 90 % by default); null = none.",
        zh="验收起每期须达到的清洁能源占比（默认为通知的 90 %）；留空 = 无。",
        ge=0,
        le=1,
    )


class Pathway(Spec):
    periods: list[Period] = F(
        unit="-",
        doc="The periods in calendar order (at least one); capacity bought in one serves in "
        "every later period until its life ends.",
        min_length=1,
    )
    typical_days: int | None = F(
        12,
        unit="days",
        doc="Each period's year as this many typical days (tsam); null = every hour of the "
        "year in every period (slow).",
        ge=1,
    )
    learning_rate_per_year: dict[str, float] = F(
        {},
        unit="1/year",
        doc="Yearly fall of a technology's capital costs from the first period's year, "
        "compounded (e.g. {pv: 0.03, battery: 0.06}).",
    )
    installed: dict[str, Installed] = F(
        {},
        unit="-",
        doc="What the park has already, by capacity key (pv_kw, pv_roof_east_kw, battery_kw, "
        "battery_kwh, heat_pump_kw...): it serves with no capital cost, its fixed O&M paid at "
        "each period's price; a period's max_kw bounds it and what is built together "
        "(e.g. {pv_kw: {capacity: 5000, retire_year: 2040}}).",
    )
    retire: dict[str, int] = F(
        {},
        unit="year",
        doc="Year from which an existing asset no longer serves, by technology "
        "(e.g. {existing_gas_boiler: 2030}) or by named instance "
        "(existing_gas_boiler_steam_boiler: 2030); it serves a period only if it lives "
        "through all of it.",
    )
    acceptance_year: int | None = F(
        None,
        unit="year",
        doc="The year the park is to be accepted (a period's year): the report judges the "
        "indicator there; null = the first period whose tco2_per_tce target is 0.2 or less "
        "(else the last).",
    )
    acceptance_targets: AcceptanceTargets | None = F(
        None,
        unit="-",
        doc="Targets every period from acceptance_year on meets beside its own (the tighter "
        "holds): {} = the notice's 0.2 tCO2/tce and 90 % clean energy; null = each period's "
        "own only. With it, a study sweeping acceptance_year moves the targets.",
        zh="验收年起每期在自身目标之外须达到的目标（取较严者）：{} = 通知的 0.2 tCO2/tce "
        "与 90 % 清洁能源；留空 = 仅各期自身目标。设置后，对 acceptance_year 的扫描会移动目标。",
    )
    base_year: int | None = F(
        None,
        unit="year",
        doc="Year money is discounted to (finance.discount_rate, costs at each year's end); "
        "null = the first period's year.",
    )

    @model_validator(mode="after")
    def _in_order(self):
        years = [p.year for p in self.periods]
        if any(b <= a for a, b in zip(years, years[1:], strict=False)):
            raise ValueError(
                f"periods: years {years}: expected calendar years in increasing order, each once"
            )
        for name, rate in self.learning_rate_per_year.items():
            if not -0.5 < rate < 1:
                raise ValueError(
                    f"learning_rate_per_year.{name} = {rate}: expected a yearly fall between "
                    "-0.5 and 1 (e.g. 0.05 for 5 % a year)"
                )
        gaps = [b - a for a, b in zip(years, years[1:], strict=False)]
        for p, gap in zip(self.periods, gaps, strict=False):
            if p.years is not None and p.years != gap:
                raise ValueError(
                    f"periods: {p.year} years = {p.years}: expected the years until the next "
                    f"period ({gap}), or leave it out (only the last period's may be chosen)"
                )
        if self.acceptance_year is not None and self.acceptance_year not in years:
            raise ValueError(
                f"acceptance_year = {self.acceptance_year}: expected one of the periods' "
                f"years {years}"
            )
        if self.acceptance_targets is not None and self.acceptance_year is None:
            raise ValueError(
                "acceptance_targets: expected acceptance_year beside it (the year from which "
                "the targets hold: one of the periods' years)"
            )
        if self.base_year is not None and self.base_year > years[0]:
            raise ValueError(
                f"base_year = {self.base_year}: expected a year no later than the first "
                f"period's ({years[0]})"
            )
        return self

    def period_years(self) -> list[int]:
        """Years each period stands for [year]: given, or until the next period (the last:
        the gap before it, 1 for a single period)."""
        starts = [p.year for p in self.periods]
        gaps = [b - a for a, b in zip(starts, starts[1:], strict=False)]
        default_last = gaps[-1] if gaps else 1
        return [
            p.years if p.years is not None else (gaps[i] if i < len(gaps) else default_last)
            for i, p in enumerate(self.periods)
        ]

    def accepted(self, year: int) -> bool:
        """Whether a period starting in ``year`` must meet ``acceptance_targets``."""
        return self.acceptance_targets is not None and year >= self.acceptance_year

    @property
    def discount_base_year(self) -> int:
        return self.base_year if self.base_year is not None else self.periods[0].year
