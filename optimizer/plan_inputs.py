"""PlanInputs, the one contract between the physics (models/) and the LP, made one way.

``make_plan_inputs(scenario, hourly)`` checks the hourly frame and computes the annualised
cost of every capacity from the scenario; ``prepare`` (from files), ``synthetic.make_inputs``
(from arrays) and a study worker reusing a frame (``with_scenario``) all go through it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from parkopt.models import finance
from parkopt.models.units import HOURS_PER_YEAR
from parkopt.optimizer.heat_inputs import heat_hourly_columns
from parkopt.optimizer.scenario import Scenario
from parkopt.optimizer.technologies import GENERATORS, TECHNOLOGIES

HOURLY_COLUMNS = {
    "load_kw": "kW",
    **{g.resource_column: g.resource_unit for g in GENERATORS},
    "price_per_kwh": "currency/kWh",
    "export_price_per_kwh": "currency/kWh",
    "emission_factor_t_per_mwh": "tCO2/MWh",
    "month": "1-12",
}
"""Columns of ``PlanInputs.hourly`` and their units (each generator's output per unit);
a scenario with heat adds ``heat_inputs.heat_hourly_columns``."""


@dataclass(frozen=True)
class TechEconomics:
    """Annualised cost of one unit of a capacity (kW or kWh)."""

    capex_per_unit: float  # currency per kW (or kWh)
    annualised_capex_per_unit: float  # currency per kW-year: capex x capital recovery factor
    fixed_om_per_unit: float  # currency per kW-year

    @property
    def annual_per_unit(self) -> float:
        """Capital recovery plus fixed O&M [currency per unit and year]."""
        return self.annualised_capex_per_unit + self.fixed_om_per_unit


@dataclass(frozen=True)
class PlanInputs:
    """Everything the LP needs: an hourly frame and annualised cost coefficients.

    ``hourly`` has a tz-aware hourly index and the columns of ``HOURLY_COLUMNS``.
    ``economics`` is keyed by capacity (``pv_kw``, ``wind_kw``, ``battery_kw``,
    ``battery_kwh``); only technologies in the scenario appear. Make it with
    ``make_plan_inputs``.
    """

    scenario: Scenario
    hourly: pd.DataFrame
    economics: dict[str, TechEconomics]
    timing_s: dict[str, float] = field(default_factory=dict)
    location: dict[str, float] = field(default_factory=dict)  # latitude_deg, longitude_deg
    resource: dict = field(default_factory=dict)  # the resource check (``resource.py``)
    warnings: tuple[str, ...] = ()  # what a person should look at before trusting the plan

    @property
    def hours(self) -> int:
        return len(self.hourly)

    @property
    def year_weight(self) -> float:
        """Factor from the modelled horizon to a year (1 for a full year)."""
        return HOURS_PER_YEAR / len(self.hourly)


def economics_of(scenario: Scenario) -> dict[str, TechEconomics]:
    """Annualised capex and fixed O&M of every capacity the scenario may build
    [currency per kW or kWh and year], at the scenario's discount rate."""
    rate = scenario.finance.discount_rate
    out = {}
    for tech in TECHNOLOGIES:
        spec = getattr(scenario.technologies, tech.name)
        if spec is None:
            continue
        crf = finance.capital_recovery_factor(rate, spec.life_years)
        for cap in tech.capacities:
            capex = getattr(spec, cap.capex_field)
            # a fixed O&M per unit of its own (existing plant: no capex to take a fraction of)
            own_om = getattr(spec, "fixed_om_cny_per_kw_year", 0.0)
            out[cap.key] = TechEconomics(
                capex, capex * crf, capex * spec.fixed_om_fraction_per_year + own_om
            )
    return out


def make_plan_inputs(
    scenario: Scenario,
    hourly: pd.DataFrame,
    location: dict[str, float] | None = None,
    timing_s: dict[str, float] | None = None,
    resource: dict | None = None,
    warnings: tuple[str, ...] = (),
) -> PlanInputs:
    """PlanInputs for ``scenario`` over ``hourly`` (the columns of ``HOURLY_COLUMNS``; ``month``
    is added from the index when missing)."""
    if not isinstance(hourly.index, pd.DatetimeIndex) or hourly.index.tz is None:
        raise ValueError("PlanInputs.hourly needs a tz-aware hourly DatetimeIndex")
    if "month" not in hourly:
        hourly = hourly.assign(month=hourly.index.month.astype(int))
    columns = [*HOURLY_COLUMNS, *heat_hourly_columns(scenario)]
    missing = [c for c in columns if c not in hourly]
    if missing:
        raise ValueError(f"PlanInputs.hourly lacks the columns {', '.join(missing)}")
    frame = hourly.loc[:, columns]
    if frame.isna().to_numpy().any():
        raise ValueError("PlanInputs.hourly holds NaN")
    return PlanInputs(
        scenario,
        frame,
        economics_of(scenario),
        dict(timing_s or {"inputs": 0.0}),
        dict(location or {}),
        dict(resource or {}),
        tuple(warnings),
    )


def with_scenario(inputs: PlanInputs, scenario: Scenario) -> PlanInputs:
    """The same hourly frame under another scenario of the same structure (studies)."""
    return make_plan_inputs(
        scenario, inputs.hourly, inputs.location, None, inputs.resource, inputs.warnings
    )
