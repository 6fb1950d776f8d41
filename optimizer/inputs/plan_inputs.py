"""PlanInputs, the one contract between the physics (models/) and the LP, made one way.

``make_plan_inputs(scenario, hourly)`` checks the hourly frame and computes the annualised
cost of every capacity from the scenario; ``prepare`` (from files), ``synthetic.make_inputs``
(from arrays) and a study worker reusing a frame (``with_scenario``) all go through it.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from parkopt.models import finance
from parkopt.models.units import HOURS_PER_YEAR
from parkopt.optimizer.inputs.cchp_inputs import cchp_hourly_columns
from parkopt.optimizer.inputs.heat_inputs import heat_hourly_columns
from parkopt.optimizer.schema.instances import generators, instances
from parkopt.optimizer.schema.scenario import Scenario
from parkopt.optimizer.schema.technologies import GENERATORS

HOURLY_COLUMNS = {
    "load_kw": "kW",
    **{g.resource_column: g.resource_unit for g in GENERATORS},
    "price_per_kwh": "currency/kWh",
    "export_price_per_kwh": "currency/kWh",
    "emission_factor_t_per_mwh": "tCO2/MWh",
    "month": "1-12",
}
"""Columns of ``PlanInputs.hourly`` and their units (each generator's output per unit);
a scenario with heat adds ``heat_inputs.heat_hourly_columns``, one with a list of generator
instances each named instance's output per unit (``instances.Instance.resource_column``;
its technology's own column is then 0)."""


def resource_columns(scenario: Scenario) -> tuple[str, ...]:
    """The named generator instances' columns of output per unit [kW/kW]."""
    return tuple(i.resource_column for i in generators(scenario) if i.named)


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
class TypicalDays:
    """How a horizon of whole days maps onto typical days (``clustering.cluster``): the
    LP's hours are the typical days' hours, typical day c holding hours
    ``c * hours_per_day .. (c + 1) * hours_per_day - 1``, and storage is linked across the
    calendar days (``lp/linked.py``).

    ``day_cluster[d]`` is the typical day of calendar day d (length D), ``day_month[d]`` its
    calendar month (1-12).
    """

    day_cluster: tuple[int, ...]
    day_month: tuple[int, ...]
    hours_per_day: int = 24

    @property
    def n_days(self) -> int:
        """Calendar days D of the horizon."""
        return len(self.day_cluster)

    @property
    def n_clusters(self) -> int:
        """Typical days N."""
        return max(self.day_cluster) + 1

    def cluster_months(self) -> dict[int, tuple[int, ...]]:
        """The calendar months in which each typical day's days fall."""
        out: dict[int, set[int]] = {c: set() for c in range(self.n_clusters)}
        for c, month in zip(self.day_cluster, self.day_month, strict=True):
            out[c].add(month)
        return {c: tuple(sorted(months)) for c, months in out.items()}


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
    typical_days: TypicalDays | None = None  # the hours are typical days (typical_days.py)

    @property
    def hours(self) -> int:
        return len(self.hourly)

    @property
    def year_weight(self) -> float:
        """Factor from the modelled horizon to a year (1 for a full year). On typical days
        the hours weigh differently: use ``hour_weight``."""
        return HOURS_PER_YEAR / len(self.hourly)

    @property
    def hour_weight(self) -> np.ndarray:
        """Hours of a year each modelled hour stands for [h]: ``year_weight`` in every hour;
        on typical days, the days of its typical day times 8760 / (24 D) for D calendar
        days. Every annual sum of the LP is ``sum_t hour_weight[t] * x[t]``."""
        td = self.typical_days
        if td is None:
            return np.full(self.hours, self.year_weight)
        days = np.bincount(np.asarray(td.day_cluster), minlength=td.n_clusters)
        scale = HOURS_PER_YEAR / (td.n_days * td.hours_per_day)
        return np.repeat(days.astype(float), td.hours_per_day) * scale


def contract_prices(scenario: Scenario) -> dict[str, float]:
    """The technologies the park buys per kWh delivered instead of building them, with their
    price [currency/kWh]: those of ``finance.ownership_price_cny_per_kwh`` in the scenario
    when ``finance.ownership`` is ``contract``; none otherwise (``self``, and ``both``, whose
    primary plan is self-owned)."""
    f = scenario.finance
    if f.ownership != "contract":
        return {}
    return {
        name: float(price)
        for name, price in f.ownership_price_cny_per_kwh.items()
        if getattr(scenario.technologies, name) is not None
    }


def own_energy_prices(scenario: Scenario) -> dict[str, float]:
    """The park's own plants it pays per kWh delivered, with their price [currency/kWh]:
    each instance in the scenario whose section gives ``energy_price_cny_per_kwh`` (a PPA
    or per-kWh fee on top of its capital cost; ``kpis.cost_parts``' ``ppa_payments``), by
    its stem (``pv``, ``pv_roof_east``)."""
    out = {}
    for inst in instances(scenario):
        price = getattr(inst.spec, "energy_price_cny_per_kwh", None)
        if price is not None:
            out[inst.stem] = float(price)
    return out


def energy_prices(scenario: Scenario) -> dict[str, float]:
    """Every price the park pays per kWh a technology delivers: the contract price
    (``contract_prices``) plus its own-plant price (``own_energy_prices``), in registry order
    [currency/kWh], by instance stem (a contract price holds for every instance of its
    technology). The LP's payment (``lp/contracts.py``) and the generators that need an
    output variable (``lp/generation.py``) follow this."""
    contract, own = contract_prices(scenario), own_energy_prices(scenario)
    return {
        i.stem: contract.get(i.tech.name, 0.0) + own.get(i.stem, 0.0)
        for i in instances(scenario)
        if i.tech.name in contract or i.stem in own
    }


def economics_of(scenario: Scenario) -> dict[str, TechEconomics]:
    """Annualised capex and fixed O&M of every capacity the scenario may build, by the LP's
    capacity key (a named instance's: ``pv_roof_east_kw``) [currency per kW or kWh and year],
    at the scenario's discount rate. A technology under contract (``contract_prices``) costs
    the park nothing per unit: the third party invests and the park pays per kWh
    (``lp/contracts.py``, ``kpis.cost_parts``)."""
    rate = scenario.finance.discount_rate
    contracted = contract_prices(scenario)
    out = {}
    for inst in instances(scenario):
        spec = inst.spec
        if inst.tech.name in contracted:
            out.update({cap.key: TechEconomics(0.0, 0.0, 0.0) for cap in inst.capacities})
            continue
        crf = finance.capital_recovery_factor(rate, spec.life_years)
        for cap in inst.capacities:
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
    columns = [*HOURLY_COLUMNS, *resource_columns(scenario), *heat_hourly_columns(scenario)]
    columns += list(cchp_hourly_columns(scenario))
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
    """The same hourly frame (and typical days, if any) under another scenario of the same
    structure (studies)."""
    out = make_plan_inputs(
        scenario, inputs.hourly, inputs.location, None, inputs.resource, inputs.warnings
    )
    return replace(out, typical_days=inputs.typical_days)
