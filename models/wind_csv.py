"""Measured (mast, lidar) wind speeds from a CSV file, on the model year's hourly index.

:func:`read_wind_csv` (re-exported by :mod:`parkopt.models.hub_wind`) reads a file with a
header row; comma, semicolon or tab separated (a semicolon file may use decimal commas).
Either

* one row per hour of the model year in the order of ``index`` (``len(index)`` rows, 8760
  for a year, like parkopt's other hourly CSVs), no timestamp column; or
* a timestamp column named ``timestamp``, ``time`` or ``datetime`` (any case). Rows are
  matched to ``index`` by month, day and hour in the index's local time, so the data year
  may differ from the model year; 29 February of the data is dropped. Timestamps without a
  UTC offset are read as the index's local time; with an offset (``+08:00``, ``Z``) they
  are converted to it. Each timestamp is read as the START of its sample's interval:
  sub-hourly samples (10-minute, 15-minute, ...) are averaged to the mean of each hour,
  labelled by the hour's start (``14:00, 14:10, ..., 14:50`` -> ``14:00``). Every hour in
  the file must hold all its samples, each month/day/hour must occur once (one year of
  data) and every model hour must be found.

Speeds are read in the unit given (``m/s`` or ``km/h``); a unit in a column's header
(``ws_100m [km/h]``, ``风速(m/s)``) must agree, and a column's mean must be one a wind can
have (``wind_units.plausible_mean_m_per_s``). Ambiguous numbers are refused (``csvtext``).

Every problem raises :class:`~parkopt.models.errors.InputDataError`, one line naming the
file, the column, the row or timestamp, the value and what was expected with its unit.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from pandas.tseries.api import guess_datetime_format

from parkopt.models.csvtext import (
    csv_separator,
    extra_fields,
    extra_fields_expected,
    first_invalid,
    mark_problem,
    numbers,
)
from parkopt.models.errors import InputDataError, input_error
from parkopt.models.hourly_match import WindSeries, check_index, hourly_means, to_model_hours
from parkopt.models.wind_units import (
    KMH_PER_M_PER_S,
    MAX_SPEED_M_PER_S,
    check_mean,
    header_unit,
)

UNITS = {"m/s": 1.0, "km/h": 1.0 / KMH_PER_M_PER_S}
"""Speed units accepted by :func:`read_wind_csv`, with the factor to m/s."""
TIMESTAMP_COLUMNS = ("timestamp", "time", "datetime")
"""Names (case-insensitive) of a CSV's timestamp column."""

_FORMAT_PROBES = 20  # timestamp cells tried for the column's date format


@dataclass(frozen=True)
class _Table:
    """The CSV's text cells and the speeds read from its speed columns."""

    frame: pd.DataFrame  # text cells, empty cells ""
    heights: dict[float, str]  # height above ground [m] -> column
    values_m_per_s: dict[float, np.ndarray]  # height [m] -> speed per row [m/s], NaN if bad
    unit: str  # unit of the file's speeds ("m/s" or "km/h")
    name: str  # the file, for messages


def read_wind_csv(
    path: str | Path,
    columns: dict[float, str],
    index: pd.DatetimeIndex,
    unit: str = "m/s",
) -> WindSeries:
    """Hourly wind speeds at one or more heights from a measured (mast, lidar) CSV file.

    The file has a header row and either one row per hour of the model year in the order of
    ``index`` or a timestamp column (``timestamp``, ``time`` or ``datetime``) whose rows are
    matched to ``index`` by month, day and hour, sub-hourly samples averaged to hourly
    means: see the module docstring (:mod:`parkopt.models.wind_csv`) for the details.

    Parameters
    ----------
    path : str or Path
        The CSV file.
    columns : dict[float, str]
        Measurement height above ground [m] -> column holding the speed measured there, e.g.
        ``{60.0: "ws_60m", 100.0: "ws_100m"}`` for a mast with two anemometers.
    index : pandas.DatetimeIndex
        The model's hourly index (hour-start labels, tz-aware in parkopt), e.g.
        ``pd.date_range("2025-01-01", periods=8760, freq="h", tz="Asia/Shanghai")``.
    unit : str
        Unit of the speeds in the file: ``"m/s"`` or ``"km/h"`` (converted to m/s).

    Returns
    -------
    WindSeries
        Hourly mean speeds [m/s] at each height [m] on ``index``, no NaN, >= 0.

    Raises
    ------
    InputDataError
        Missing or unreadable file; unknown unit; missing column; wrong row count (without
        timestamps) or model hours without data (with timestamps, naming them); an empty,
        non-numeric or unparsable cell; a negative speed; a speed above 75 m/s (a unit
        mix-up); an irregular, repeated or incomplete timestamp.
    """
    name = str(path)
    heights, described = _check_request(Path(path), columns, index, unit, name)
    table = _read_table(Path(path), heights, unit, name)
    if table.frame.empty:
        expected = "rows of measured speeds (it has a header alone)"
        raise input_error("wind.file", name, expected, file=name)
    stamp_cols = [c for c in table.frame.columns if c.lower() in TIMESTAMP_COLUMNS]
    if stamp_cols:
        speeds, how = _read_timestamped(table, stamp_cols[0], index, described)
    else:
        speeds, how = _read_in_model_order(table, index)
    hint = (
        "the speeds were read in m/s: are they in km/h? give the unit km/h"
        if unit == "m/s"
        else f"the speeds were read in {unit}: check the unit and the column"
    )
    for height, column in heights.items():
        check_mean(speeds[height], height, f"{column} (mean)", name, hint)
    unit_text = "m/s" if unit == "m/s" else f"{unit} converted to m/s"
    return WindSeries(speeds, f"{name}: {described} [{unit_text}], {how}")


# ---------------------------------------------------------------------------------------------
# the request and the file
# ---------------------------------------------------------------------------------------------


def _check_request(
    file: Path, columns: dict, index: pd.DatetimeIndex, unit: str, name: str
) -> tuple[dict[float, str], str]:
    """Check the index, unit, columns and that the file exists, in that order.

    Returns height above ground [m] -> column, and the columns as shown in messages,
    e.g. ``ws_60m (60 m), ws_100m (100 m)``.
    """
    check_index(index)
    if unit not in UNITS:
        raise input_error("wind.unit", unit, f"one of {', '.join(UNITS)}", file=name)
    heights = _check_columns(columns, name)
    described = ", ".join(f"{c} ({h:g} m)" for h, c in heights.items())
    if not file.is_file():
        raise input_error(
            "wind.file", name, f"an existing CSV file with the columns {described}", file=name
        )
    return heights, described


def _check_columns(columns: dict, name: str) -> dict[float, str]:
    """The ``{height [m]: column}`` mapping with float heights > 0 [m] and stripped names."""
    if not isinstance(columns, dict) or not columns:
        raise input_error(
            "wind.columns",
            columns,
            "a mapping {height above ground [m]: column name}, at least one height",
            file=name,
        )
    out = {}
    for height, column in columns.items():
        try:
            h = float(height)
        except (TypeError, ValueError):
            h = math.nan
        if not (math.isfinite(h) and h > 0):
            raise input_error(
                "wind.columns", height, "a height above ground > 0 [m] as each key", file=name
            )
        out[h] = str(column).strip()
    return out


def _read_table(file: Path, heights: dict[float, str], unit: str, name: str) -> _Table:
    """Read the file, check that it has every speed column and convert them to m/s."""
    frame, sep = _read_text_frame(file, name)
    for height, column in heights.items():
        if column not in frame.columns:
            found = ", ".join(map(str, frame.columns))
            raise input_error(
                f"wind.columns[{height:g} m]",
                column,
                f"a column of the file, one of: {found}",
                file=name,
            )
    _check_text(file, frame, sep, heights, unit, name)
    factor = UNITS[unit]
    values = {h: numbers(frame[c], sep) * factor for h, c in heights.items()}
    return _Table(frame, heights, values, unit, name)


def _check_text(
    file: Path, frame: pd.DataFrame, sep: str, heights: dict[float, str], unit: str, name: str
) -> None:
    """Refuse a line with more fields than the header, a number with a thousands separator
    or an ambiguous decimal mark, and a header naming another unit than the one given."""
    extra = extra_fields(file, sep)
    if extra is not None:
        line, text = extra
        raise input_error(f"line {line}", text, extra_fields_expected(sep, frame.shape[1]), name)
    for column in heights.values():
        said = header_unit(column)
        if said is not None and said != unit:
            raise input_error(
                f"{column} (header)",
                column,
                f"speeds in {unit}, the unit they are read in; the header says {said}: "
                f"set wind_data.unit: {said} (or rename the column if the header is wrong)",
                file=name,
            )
        found = mark_problem(frame[column], sep)
        if found is not None:
            i, expected = found
            cell = frame[column].iloc[i]
            raise input_error(f"{column} row {i + 2}", cell, f"a number {expected}", file=name)


def _read_text_frame(path: Path, name: str) -> tuple[pd.DataFrame, str]:
    """The CSV as text cells (empty cells ``""``), header names stripped; and its separator."""
    sep = csv_separator(path)
    try:
        frame = pd.read_csv(
            path,
            sep=sep,
            dtype=str,
            keep_default_na=False,
            encoding="utf-8-sig",
            skip_blank_lines=True,
        )
    except (ValueError, OSError, UnicodeError, pd.errors.ParserError) as exc:
        reason = " ".join(str(exc).split())[:120]
        raise input_error(
            "wind.file", name, f"a readable CSV file with a header row ({reason})", file=name
        ) from exc
    frame.columns = [str(c).strip() for c in frame.columns]
    return frame, sep


def _check_speeds(
    values_m_per_s: np.ndarray,
    cells: pd.Series,
    column: str,
    unit: str,
    name: str,
    where: Callable[[int], str],
) -> None:
    """Raise on the first empty/non-numeric, negative or too high (> 75 m/s) speed [m/s].

    ``where(i)`` names row ``i`` (0-based data row) as shown to the user.
    """
    invalid = first_invalid(values_m_per_s)
    if invalid is not None:
        kind, i, n = invalid
        expected = (
            f"a wind speed in {unit}, a number ({n} rows empty or not numeric)"
            if kind == "not numeric"
            else f"a wind speed >= 0 {unit} ({n} negative rows)"
        )
        raise input_error(f"{column} {where(i)}", str(cells.iloc[i]), expected, file=name)
    high = np.flatnonzero(values_m_per_s > MAX_SPEED_M_PER_S)
    if len(high):
        i = high[0]
        expected = _too_high_expected(len(high), unit)
        raise input_error(f"{column} {where(i)}", str(cells.iloc[i]), expected, file=name)


def _too_high_expected(n_high: int, unit: str) -> str:
    """The expectation shown for ``n_high`` speeds above 75 m/s read in ``unit``."""
    limit = f"{MAX_SPEED_M_PER_S:g} m/s"
    if unit != "m/s":
        limit += f" ({MAX_SPEED_M_PER_S / UNITS[unit]:g} {unit})"
    other = "km/h" if unit == "m/s" else "m/s"
    return (
        f"a wind speed <= {limit} ({n_high} rows above; a unit mix-up? the file was "
        f"read in {unit}: give the unit {other} if it is in {other})"
    )


# ---------------------------------------------------------------------------------------------
# rows in model order
# ---------------------------------------------------------------------------------------------


def _read_in_model_order(
    table: _Table, index: pd.DatetimeIndex
) -> tuple[dict[float, pd.Series], str]:
    """A file without timestamps: one row per model hour in the order of ``index``.

    Returns height [m] -> hourly speed [m/s] on ``index``, and how the data were read.
    """
    n = len(table.frame)
    if n != len(index):
        raise _row_count_error(n, index, table)
    for height, column in table.heights.items():
        values = table.values_m_per_s[height]
        _check_speeds(values, table.frame[column], column, table.unit, table.name, _row_name)
    speeds = {
        h: pd.Series(v, index=index, name=f"wind_speed_{h:g}m")
        for h, v in table.values_m_per_s.items()
    }
    return speeds, f"{n} hourly rows in model order"


def _row_count_error(n: int, index: pd.DatetimeIndex, table: _Table) -> InputDataError:
    """The error for ``n`` rows without timestamps, not one per model hour; hints at
    sub-hourly data when ``n`` is a multiple of a year's hours."""
    hint = ""
    for per_hour, step in ((6, "10-minute"), (4, "15-minute"), (2, "30-minute")):
        if n in (per_hour * len(index), per_hour * (len(index) + 24)):
            hint = (
                f"; {n} rows look like {step} data: add a timestamp column "
                f"({', '.join(TIMESTAMP_COLUMNS)}) to have them averaged to hourly means"
            )
    return input_error(
        f"{', '.join(table.heights.values())} rows",
        n,
        f"{len(index)} hourly rows, one per hour of the model year in its order, or a "
        f"timestamp column ({', '.join(TIMESTAMP_COLUMNS)}){hint}",
        file=table.name,
    )


def _row_name(i: int) -> str:
    """Data row ``i`` (0-based) as the file's line number (the header is line 1)."""
    return f"row {i + 2}"


# ---------------------------------------------------------------------------------------------
# rows with timestamps
# ---------------------------------------------------------------------------------------------


def _read_timestamped(
    table: _Table, stamp_col: str, index: pd.DatetimeIndex, described: str
) -> tuple[dict[float, pd.Series], str]:
    """A file with the timestamp column ``stamp_col``: samples averaged to hourly means and
    matched to ``index`` by month, day and hour.

    Returns height [m] -> hourly mean speed [m/s] on ``index``, and how the data were read.
    """
    stamps = table.frame[stamp_col]
    times = _parse_timestamps(stamps, stamp_col, index, table.name)

    def where(i: int) -> str:
        return f"row {i + 2} ({stamp_col} {stamps.iloc[i].strip()})"

    for height, column in table.heights.items():
        values = table.values_m_per_s[height]
        _check_speeds(values, table.frame[column], column, table.unit, table.name, where)
    hourly, step_name = hourly_means(table.values_m_per_s, times, stamp_col, table.name)
    span = f"{times.min():%Y-%m-%d %H:%M} to {times.max():%Y-%m-%d %H:%M}"
    speeds = to_model_hours(hourly, index, stamp_col, span, table.name, described)
    how = (
        f"{step_name} data from {span} "
        f"{'averaged to hourly means, ' if step_name != 'hourly' else ''}"
        "matched by month, day and hour"
    )
    return speeds, how


def _parse_timestamps(
    cells: pd.Series, column: str, index: pd.DatetimeIndex, name: str
) -> pd.DatetimeIndex:
    """The timestamp cells as wall-clock times in the index's time zone (naive).

    Naive timestamps are taken as the index's local time; timestamps with a UTC offset are
    converted to the index's time zone.
    """
    text = cells.astype(str).str.strip()
    # one format for the column, from its first cells that give one (a cell in another
    # format is then reported, not guessed); "mixed" parses cell by cell when none does
    fmt = next(filter(None, map(guess_datetime_format, text.iloc[:_FORMAT_PROBES])), "mixed")
    try:
        parsed = pd.to_datetime(text, errors="coerce", format=fmt)
    except (ValueError, TypeError):  # mixed UTC offsets: read each as a UTC instant
        parsed = pd.to_datetime(text, errors="coerce", format=fmt, utc=True)
    bad = np.flatnonzero(parsed.isna().to_numpy())
    if len(bad):
        i = bad[0]
        raise input_error(
            f"{column} row {i + 2}",
            str(cells.iloc[i]),
            f"a date and time such as 2024-03-01 14:10 ({len(bad)} rows empty or not a date; "
            f"a column named {column} is read as the timestamps)",
            file=name,
        )
    times = pd.DatetimeIndex(parsed)
    if times.tz is not None and index.tz is not None:
        times = times.tz_convert(index.tz)
    return times.tz_localize(None) if times.tz is not None else times
