"""Hourly CSV profiles (``profiles.*``): read, converted to the column's unit, checked.

A profile is one column of a CSV file with a header row and one row per hour: 8760 rows
are the year, and where the scenario models a shorter horizon (``horizon_hours``), exactly
that many rows are the horizon itself (a 24-row file for a one-day plan). A horizon's
profile is placed at its hours of the year; the rest of the year is NaN, so nothing can
take it for a year's data (``resource.py`` skips its full-load hours).
Comma, semicolon and tab separators are recognised (a semicolon file may use decimal
commas, as spreadsheets in many locales write them). Every problem is reported with the
file, the column, the row and what was expected; nothing is silently changed or guessed: a
number with a thousands separator or an ambiguous decimal mark (``20,000``), a row with more
fields than the header (a decimal comma splitting a number of a comma-separated file), and a
value a column's unit cannot hold (a generator's output per kW above ``Technology.
resource_max``: kW given where kW per kW is asked) are refused (``models.csvtext``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

import numpy as np
import pandas as pd

from parkopt.models.csvtext import (
    csv_separator,
    extra_fields,
    extra_fields_expected,
    first_invalid,
    mark_problem,
    numbers,
)
from parkopt.models.units import HOURS_PER_YEAR, KW_PER_MW
from parkopt.optimizer.common.errors import Problem
from parkopt.optimizer.schema.technologies import GENERATORS


class CsvColumn(Protocol):
    """Where a profile is: a file, its column and the column's unit (``HourlyCsv``,
    ``HeatCsv`` of the scenario)."""

    path: str
    column: str
    unit: str | None


CSV_UNITS = {
    "load_kw": {"kW": 1.0, "MW": KW_PER_MW},
    **{g.resource_column: {"kW/kW": 1.0} for g in GENERATORS},
    "price_cny_per_kwh": {"CNY/kWh": 1.0, "CNY/MWh": 1 / KW_PER_MW},
    "emission_factor_t_per_mwh": {"tCO2/MWh": 1.0, "kgCO2/kWh": 1.0},
}
"""Units accepted for each hourly CSV, with the factor to the column's own unit."""
STEPS_PER_HOUR = {4: "15-minute", 2: "30-minute"}


RESOURCE_MAX = {g.resource_column: (g.name, g.resource_max) for g in GENERATORS}
"""Highest output per unit of capacity each generator's profile may hold [kW/kW]."""


def read_frame(path: Path) -> tuple[pd.DataFrame, str]:
    """A CSV file's cells as text (empty cells ``""``), with its separator recognised."""
    sep = csv_separator(path)
    frame = pd.read_csv(path, sep=sep, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    return frame, sep


def _layout_problem(path: Path, frame: pd.DataFrame, sep: str) -> Problem | None:
    """A line with more fields than the header (pandas would take its first as a label)."""
    extra = extra_fields(path, sep)
    if extra is None:
        return None
    line, text = extra
    return Problem(str(path), f"line {line}", text, extra_fields_expected(sep, frame.shape[1]))


def _marks_problem(path: Path, column: str, raw: pd.Series, sep: str, unit: str):
    """A number written with a thousands separator or an ambiguous decimal mark, or None."""
    found = mark_problem(raw, sep)
    if found is None:
        return None
    i, expected = found
    return Problem(
        str(path), f"{column} row {i + 2}", raw.iloc[i], f"a number in {unit} {expected}"
    )


def _range_problem(path: Path, column: str, key: str, values: np.ndarray):
    """A generator's output per kW above what a kW of it can give (kW given, or W per kW)."""
    name, most = RESOURCE_MAX.get(key, (None, None))
    if most is None:
        return None
    high = np.flatnonzero(values > most)
    if not len(high):
        return None
    i = int(high[0])
    return Problem(
        str(path),
        f"{column} row {i + 2}",
        float(values[i]),
        f"an output per unit of {name} capacity of 0 to {most:g} kW/kW ({len(high)} rows "
        f"above, the largest {values.max():,.6g}); is the profile in kW? divide it by the "
        "capacity it was made for",
    )


def _rows_problem(path: Path, column: str, n: int, horizon_hours: int | None = None) -> Problem:
    """Wrong row count; names the likely resolution where the count is a sub-hourly year."""
    expected = f"{HOURS_PER_YEAR} hourly rows (one year)"
    if horizon_hours is not None and horizon_hours < HOURS_PER_YEAR:
        expected += f" or {horizon_hours} rows (horizon_hours: the horizon itself)"
    for steps, name in STEPS_PER_HOUR.items():
        if n == steps * HOURS_PER_YEAR:
            expected += (
                f"; {n} rows look like {name} data: resample to hourly means first, e.g. "
                "df.resample('h').mean() in pandas"
            )
    return Problem(str(path), column, f"{n} rows", expected)


def _values_problem(path: Path, column: str, raw: pd.Series, values, unit: str):
    """The first empty, non-numeric or negative cell, or None."""
    invalid = first_invalid(values)
    if invalid is None:
        return None
    kind, i, n = invalid
    if kind == "not numeric":
        cell = raw.iloc[i]  # the cell as written; '' when empty
        shown = "" if pd.isna(cell) else str(cell)
        return Problem(
            str(path),
            f"{column} row {i + 2}",
            shown,
            f"a number in {unit} ({n} rows empty or not numeric)",
        )
    expected = f"a value >= 0 {unit} ({n} negative rows)"
    return Problem(str(path), f"{column} row {i + 2}", float(values[i]), expected)


def place_horizon(values: np.ndarray, horizon: tuple[int, int] | None) -> np.ndarray:
    """A profile over the year: 8760 values as they are; a horizon's ``(start, hours)``
    values at those hours of a year that is NaN elsewhere."""
    if len(values) == HOURS_PER_YEAR or horizon is None:
        return values
    start, hours = horizon
    year = np.full(HOURS_PER_YEAR, np.nan)
    year[start : start + hours] = values
    return year


def read_csv_profile(
    spec: CsvColumn,
    key: str,
    file_of_scenario: str,
    problems: list[Problem],
    where: str | None = None,
    units: dict[str, float] | None = None,
    horizon: tuple[int, int] | None = None,
) -> np.ndarray | None:
    """One hourly column of a CSV file over the year, in the column's canonical unit; None
    on a problem (appended to ``problems``). ``where`` (default ``profiles.<key>``) names
    the section in messages; ``units`` (default ``CSV_UNITS[key]``) the units accepted with
    their factors. ``horizon`` (``(horizon_start_hour, horizon_hours)``): a horizon shorter
    than the year also accepts a file of exactly ``horizon_hours`` rows, placed at its hours
    (``place_horizon``); without it only 8760 rows are accepted."""
    where = where or f"profiles.{key}"
    units = units or CSV_UNITS[key]
    unit = spec.unit or next(iter(units))
    path = Path(spec.path)
    if unit not in units:
        problem = Problem(file_of_scenario, f"{where}.unit", unit, f"one of {', '.join(units)}")
    elif not path.is_file():
        problem = Problem(file_of_scenario, f"{where}.path", spec.path, "an existing CSV file")
    else:
        problem = None
    if problem is not None:
        problems.append(problem)
        return None
    try:
        frame, sep = read_frame(path)
    except (ValueError, OSError, UnicodeError) as err:
        reason = " ".join(str(err).split())[:160]
        problems.append(Problem(str(path), "(file)", None, f"a readable CSV file ({reason})"))
        return None
    if spec.column not in frame.columns:
        columns = ", ".join(map(str, frame.columns))
        problems.append(Problem(str(path), f"{where}.column", spec.column, f"one of {columns}"))
        return None
    raw = frame[spec.column]
    values = numbers(raw, sep)
    hours = horizon[1] if horizon is not None else None
    problem = (
        _layout_problem(path, frame, sep)
        or _marks_problem(path, spec.column, raw, sep, unit)
        or (
            _rows_problem(path, spec.column, len(values), hours)
            if len(values) not in (HOURS_PER_YEAR, hours)
            else _values_problem(path, spec.column, raw, values, unit)
        )
        or _range_problem(path, spec.column, key, values * units[unit])
    )
    if problem is not None:
        problems.append(problem)
        return None
    return place_horizon(values * units[unit], horizon)
