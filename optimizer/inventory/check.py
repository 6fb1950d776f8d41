"""``parkopt inventory --check DIR``: validate meter files without writing anything.

Every problem of every file at once (``read.read_meters`` collects them: unreadable files,
missing columns, unknown words, unreadable timestamps, values that are not finite numbers,
units that do not fit their carrier, a file given twice, a file without readings), and
readings none of which lie in ``--year``; each one line. When there is none, a short
summary: what was read, the span of the readings and what the cleaning would note in
quality.csv (counted by issue), so a user knows what the inventory will say before making it.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import typer

from parkopt.optimizer.cli.common import _fail
from parkopt.optimizer.common.errors import Problem, ScenarioError
from parkopt.optimizer.inventory import clean, read
from parkopt.optimizer.inventory.run import Options


def check_meters(paths: list[Path], year: int, timezone: str, steam_kwh_per_t: float) -> str:
    """The summary of the meter files of ``paths`` for ``year`` (lines of text); ScenarioError
    listing every problem when there is one."""
    readings = read.read_meters(paths, timezone, steam_kwh_per_t)
    problems = list(readings.problems)
    frame = readings.frame
    if not problems and len(frame):
        problems += _year_problems(frame, year, timezone)
    if problems:
        raise ScenarioError(problems)
    hours = clean.meter_hours(readings, year, timezone)
    quality = pd.concat([readings.quality, hours.quality], ignore_index=True)
    return summary(frame, quality, hours, year, timezone)


def _year_problems(frame: pd.DataFrame, year: int, timezone: str) -> list[Problem]:
    """A problem when no reading lies in ``year`` (local time; a reading closes its step)."""
    ts = frame["ts"].dt.tz_convert(timezone)
    start = pd.Timestamp(year, 1, 1).tz_localize(timezone)
    end = pd.Timestamp(year + 1, 1, 1).tz_localize(timezone)
    if ((ts > start) & (ts <= end)).any():
        return []
    span = f"{ts.min():%Y-%m-%d %H:%M} to {ts.max():%Y-%m-%d %H:%M}"
    return [
        Problem(
            "parkopt inventory",
            "--year",
            year,
            f"the calendar year of the readings (they run from {span} in {timezone}; none is "
            f"in {year})",
        )
    ]


def summary(frame: pd.DataFrame, quality: pd.DataFrame, hours, year: int, timezone: str) -> str:
    """A few lines: files, firms, meters, readings and their span; quality findings."""
    ts = frame["ts"].dt.tz_convert(timezone)
    n_files = frame["file"].nunique()
    firms = frame["firm"].nunique()
    meters = hours.values.shape[1]
    lines = [
        f"  {n_files:,} files, {firms:,} firms, {meters:,} meters, {len(frame):,} readings "
        f"from {ts.min():%Y-%m-%d %H:%M} to {ts.max():%Y-%m-%d %H:%M} ({timezone})",
    ]
    missing = int(hours.values.isna().to_numpy().sum())
    lines.append(
        f"  {year}: {hours.values.shape[0]:,} hours per meter, {missing:,} meter-hours left "
        "missing after filling"
    )
    if len(quality):
        counts = quality["issue"].value_counts()
        found = ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))
        lines.append(f"  Quality (the rows quality.csv would hold): {found}")
    else:
        lines.append("  Quality: nothing to note")
    lines.append("  nothing written")
    return "\n".join(lines)


def check_command(paths: list[Path] | None, year: int, timezone: str, steam: float | None) -> None:
    """``parkopt inventory --check``: every problem on stderr, one line each, exit 2; else the
    summary on stdout, exit 0. Nothing is written."""
    try:
        if not paths:
            raise ScenarioError(
                [Problem("parkopt inventory --check", "PATHS", None, "meter files or folders")]
            )
        steam_kwh = Options("", year, timezone, steam).steam_kwh()
        text = check_meters(list(paths), year, timezone, steam_kwh)
    except ScenarioError as err:
        _fail(err)
    typer.echo(f"parkopt: meter files ok for {year}\n{text}")
