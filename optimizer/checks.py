"""Plausibility checks on prepared inputs: catch the unit mix-ups a person makes.

A price in CNY/MWh where CNY/kWh is asked, a factor in kg/MWh, a limit in MW where kW is
asked, a load in MW typed as kW: each is reported with the file, the field, the value and
what was expected. One rule per quantity, whatever the source (YAML or CSV).
"""

from __future__ import annotations

import pandas as pd

from parkopt.optimizer.errors import Problem
from parkopt.optimizer.scenario import Scenario
from parkopt.optimizer.scenario_checks import MAX_PRICE_PER_KWH
from parkopt.optimizer.technologies import GENERATORS

MAX_EMISSION_FACTOR_T_PER_MWH = 2.0
MW_SUSPECT_FRACTION = 1e-2  # a kW limit below this fraction of peak load looks like MW
MIN_PLAUSIBLE_PEAK_KW = 50.0  # a park's load peaking below this looks like MW typed as kW


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


def check_plausibility(scenario: Scenario, hourly: pd.DataFrame, problems: list[Problem]) -> None:
    """Catch unit mix-ups: prices in CNY/MWh, factors in kg/MWh, limits and loads in MW."""
    _check_price_and_factor(scenario, hourly, problems)
    peak = float(hourly["load_kw"].max())
    _check_load(scenario, peak, problems)
    if peak <= 0:
        return
    limits = {"grid.import_limit_kw": scenario.grid.import_limit_kw}
    for g in GENERATORS:
        spec = getattr(scenario.technologies, g.name)
        if spec is not None:
            limits[f"technologies.{g.name}.max_kw"] = spec.max_kw
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
