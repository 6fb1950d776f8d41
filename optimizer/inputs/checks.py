"""Plausibility checks on prepared inputs: catch the unit mix-ups a person makes.

A price in CNY/MWh where CNY/kWh is asked, a factor in kg/MWh, a limit in MW where kW is
asked, a load in MW typed as kW, a heat demand in kg/h of steam where t/h is asked (or kW_th
where MW_th): each is reported with the file, the field, the value and what was expected.
One rule per quantity, whatever the source (YAML or CSV). A value that is possible but
unusual is a warning of the run (``warnings`` in summary.json and on the console).
"""

from __future__ import annotations

import pandas as pd

from parkopt.optimizer.common.errors import Problem
from parkopt.optimizer.schema.instances import generators
from parkopt.optimizer.schema.scenario import Scenario
from parkopt.optimizer.schema.scenario_checks import MAX_PRICE_PER_KWH

MAX_EMISSION_FACTOR_T_PER_MWH = 2.0
MW_SUSPECT_FRACTION = 1e-2  # a kW limit below this fraction of peak load looks like MW
MIN_PLAUSIBLE_PEAK_KW = 50.0  # a park's load peaking below this looks like MW typed as kW
HEAT_TO_LOAD_REFUSED = 50.0
"""A heat level peaking above this many times the electrical peak is refused: the most
steam-hungry parks (paper, chemicals, dyeing) use a few kW of heat per kW of electricity,
while kg/h read as t/h (or kW as MW) is 1000 x."""
HEAT_TO_LOAD_WARNED = 10.0
"""A heat level peaking above this many times the electrical peak is a warning."""


def _check_price_and_factor(scenario: Scenario, hourly: pd.DataFrame, problems) -> None:
    src, prof = scenario.source, scenario.profiles
    price_max = float(hourly["price_per_kwh"].max())
    if price_max > MAX_PRICE_PER_KWH:  # TOU prices: scenario_checks.check_prices
        file = prof.price_cny_per_kwh.path if prof.price_cny_per_kwh else src
        problems.append(
            Problem(
                file,
                "profiles.price_cny_per_kwh",
                price_max,
                f"at most {MAX_PRICE_PER_KWH} CNY/kWh (is it CNY/MWh? then set its unit: CNY/MWh)",
            )
        )
    ef_max = float(hourly["emission_factor_t_per_mwh"].max())
    if ef_max > MAX_EMISSION_FACTOR_T_PER_MWH:
        ef_csv = prof.emission_factor_t_per_mwh
        problems.append(
            Problem(
                ef_csv.path if ef_csv else src,
                "profiles.emission_factor_t_per_mwh"
                if ef_csv
                else "grid.emission_factor_t_per_mwh",
                ef_max,
                f"at most {MAX_EMISSION_FACTOR_T_PER_MWH} tCO2/MWh (is it kgCO2/MWh?)",
            )
        )


def _load_where(scenario: Scenario) -> tuple[str, str, str]:
    """Where the load came from: (file, field, how to say it is in MW)."""
    csv = scenario.profiles.load_kw
    if csv is not None:
        return csv.path, csv.column, "set profiles.load_kw.unit: MW if it is in MW"
    return (
        scenario.source,
        "load.industrial.base_kw + shift_kw",
        "give the load.industrial values in kW (1 MW = 1000 kW)",
    )


def _check_load(scenario: Scenario, peak_kw: float, problems: list[Problem]) -> None:
    """One rule for every load source: a load above 0 that peaks at MIN_PLAUSIBLE_PEAK_KW
    or more (a park's load below that is MW typed as kW)."""
    file, field, fix = _load_where(scenario)
    if peak_kw <= 0:
        problems.append(Problem(file, field, peak_kw, "a load above 0 kW in some hour"))
    elif peak_kw < MIN_PLAUSIBLE_PEAK_KW:
        in_kw = scenario.profiles.load_kw is None or scenario.profiles.load_kw.unit in (None, "kW")
        if in_kw:
            problems.append(
                Problem(
                    file,
                    field,
                    round(peak_kw, 6),
                    f"a load in kW, but it peaks below {MIN_PLAUSIBLE_PEAK_KW:g} kW: {fix}",
                )
            )


def _heat_where(scenario: Scenario, level) -> tuple[str, str, float, str]:
    """Where a heat level's demand came from: (file, field, kW_th per unit, unit)."""
    d, where = level.demand, f"heat.levels.{level.name}.demand"
    per_t = level.steam.kwh_per_t() if level.steam is not None else None
    if d.profile is not None:
        unit = d.profile.unit or "kW"
        factor = {"kW": 1.0, "MW": 1000.0, "t/h": per_t or 1.0}.get(unit, 1.0)
        return d.profile.path, d.profile.column, factor, unit
    if d.from_inventory is not None:
        return scenario.source, f"{where}.from_inventory", 1.0, "kW_th"
    if d.annual_t is not None and per_t:
        return scenario.source, f"{where}.annual_t", per_t, "t/h"
    field = "annual_mwh" if d.annual_mwh is not None else "monthly_mwh"
    return scenario.source, f"{where}.{field}", 1.0, "kW_th"


def _check_heat(scenario: Scenario, hourly: pd.DataFrame, peak_kw: float, problems, warnings):
    """Each heat level's peak [kW_th] against the electrical peak [kW]: refused above
    HEAT_TO_LOAD_REFUSED times it (a unit mix-up), a warning above HEAT_TO_LOAD_WARNED."""
    if scenario.heat is None:
        return
    for level in scenario.heat.levels:
        column = f"heat_{level.name}_demand_kw"
        if column not in hourly:
            continue
        heat_kw = float(hourly[column].max())
        ratio = heat_kw / peak_kw
        if ratio <= HEAT_TO_LOAD_WARNED:
            continue
        file, field, factor, unit = _heat_where(scenario, level)
        shown = f"{heat_kw:,.0f} kW_th"
        if factor != 1.0:
            shown = f"{heat_kw / factor:,.6g} {unit} ({shown})"
        said = f"peak {shown}, {ratio:,.0f} x the electrical peak {peak_kw:,.0f} kW"
        if ratio > HEAT_TO_LOAD_REFUSED:
            hint = "kg/h given as t/h?" if unit == "t/h" else "kW_th given as MW, or MWh as kWh?"
            problems.append(
                Problem(
                    file,
                    field,
                    said,
                    f"a heat demand of at most {HEAT_TO_LOAD_REFUSED:g} x the electrical peak "
                    f"({hint})",
                )
            )
        elif warnings is not None:
            warnings.append(
                f"{file}: {field}: heat {said}: more than {HEAT_TO_LOAD_WARNED:g} x; check "
                f"the unit ({unit})"
            )


def check_plausibility(
    scenario: Scenario,
    hourly: pd.DataFrame,
    problems: list[Problem],
    warnings: list[str] | None = None,
) -> None:
    """Catch unit mix-ups: prices in CNY/MWh, factors in kg/MWh, limits and loads in MW,
    heat in kg/h of steam; what is only unusual goes to ``warnings`` (when given)."""
    _check_price_and_factor(scenario, hourly, problems)
    peak = float(hourly["load_kw"].max())
    _check_load(scenario, peak, problems)
    if peak <= 0:
        return
    _check_heat(scenario, hourly, peak, problems, warnings)
    limits = {"grid.import_limit_kw": scenario.grid.import_limit_kw}
    for i in generators(scenario):
        limits[f"{i.field}.max_kw"] = i.spec.max_kw
    for where, value in limits.items():
        if value is not None and 0 < value < MW_SUSPECT_FRACTION * peak:
            problems.append(
                Problem(
                    scenario.source,
                    where,
                    value,
                    f"a value in kW; it is tiny against the {peak:,.0f} kW peak load (MW given?)",
                )
            )
