"""Stage 1 of ``parkopt inventory``: meter files into one table of readings.

``read_meters(paths, timezone)`` reads every CSV and Parquet file given (a folder: every
``*.csv``, ``*.txt``, ``*.parquet`` and ``*.pq`` file in it and its subfolders, in name order),
long or wide, with English or Chinese headers (``vocab`` lists the words, ``sources`` the
file formats and the wide header convention ``firm/meter/carrier/unit[/kind]``), into
``Readings.frame``: one row per reading, the value in the carrier's canonical unit (kWh for
electricity and heat, m3 for gas), ``ts`` in UTC (the end of an interval, the time of a
register reading). ``row`` is the reading's row in its file: the CSV line, the header being
line 1 (empty lines are not counted), or the 1-based row of a Parquet file; a wide file's
readings keep the row of their timestamp.

Nothing read is silently changed. What reading finds goes to ``Readings.problems`` or to
``Readings.quality`` (the columns of quality.csv):

- A file that cannot be used gives ``errors.Problem`` lines, one per distinct problem, and
  adds no readings: an unreadable file, a missing column, an unknown carrier, unit or kind
  (a line per distinct word), an empty firm, meter, carrier or unit, an unreadable
  timestamp, a value that is not a number, a unit that does not fit its carrier (m3 for
  electricity; t for heat without ``steam_kwh_per_t``); across files, a meter given both as
  interval and as register. Each names the first row and counts the further rows like it.
- An empty value is a missing reading: it is kept (NaN) and the cleaning treats it so (with
  its row in quality.csv). Only an empty cell is: ``NA``, ``n/a``, ``NULL``, ``inf`` and
  ``NaN`` (as text, or as floats of a Parquet file) are values that are not numbers.
- A file given twice (the same file by two paths, or a folder and a file in it) and a file
  without readings (a header alone) are problems too.
- A meter (firm, meter, carrier) whose unit changes, within a file or from file to file,
  gets a ``unit_mismatch`` row per change (in reading order); each reading is converted by
  the unit on its own row.

Names are stripped of surrounding spaces. Rows are kept in reading order (file after file).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from parkopt.optimizer.common.errors import Problem
from parkopt.optimizer.inventory.decode import meter_ids
from parkopt.optimizer.inventory.files import FileReader, capacity, more_rows
from parkopt.optimizer.inventory.sources import CSV, PARQUET
from parkopt.optimizer.inventory.vocab import CARRIERS, KINDS, UNITS, quality_frame

DEFAULT_TIMEZONE = "Asia/Shanghai"


@dataclass
class Readings:
    """Every reading of the files read (``frame``), what reading found (``quality``, the
    columns of quality.csv) and the files that cannot be used (``problems``)."""

    frame: pd.DataFrame
    quality: pd.DataFrame
    problems: list[Problem]


def meter_files(paths: str | Path | Iterable[str | Path]) -> tuple[list[Path], list[Problem]]:
    """The files to read: files as given, folders searched for CSV and Parquet files."""
    if isinstance(paths, (str, Path)):
        paths = [paths]
    files, problems = [], []
    for path in map(Path, paths):
        if path.is_dir() or path.is_file():
            problems += _given_again(path, files)
        if path.is_dir():
            found = sorted(
                p
                for p in path.rglob("*")
                if p.is_file() and p.suffix.lower() in CSV + PARQUET and not p.name.startswith(".")
            )
            files += found
            if not found:
                problems.append(Problem(str(path), "(folder)", None, "CSV or Parquet meter files"))
        elif path.is_file():
            files.append(path)
        else:
            problems.append(Problem(str(path), "(file)", None, "an existing file or folder"))
    first = {}  # a file given twice is read once
    for i, f in enumerate(files):
        first.setdefault(f.resolve(), i)
    return [files[i] for i in sorted(first.values())], problems


def _given_again(path: Path, files: list[Path]) -> list[Problem]:
    """A Problem for each file of ``path`` that is among ``files`` already (read twice, its
    readings would count twice)."""
    seen = {f.resolve(): f for f in files}
    found = path.rglob("*") if path.is_dir() else [path]
    out = []
    for f in found:
        again = seen.get(f.resolve()) if f.is_file() else None
        if again is not None:
            expected = f"a meter file given once (it is given as {again} already)"
            out.append(Problem(str(f), "(file)", None, expected))
    return out


def read_meters(
    paths: str | Path | Iterable[str | Path],
    timezone: str = DEFAULT_TIMEZONE,
    steam_kwh_per_t: float | None = None,
) -> Readings:
    """Read meter files into one table (module docstring). ``timezone`` is the park's, for
    timestamps without an offset; ``steam_kwh_per_t`` [kWh/t] converts steam metered in t
    (None: such rows are a Problem)."""
    files, problems = meter_files(paths)
    reader = FileReader(timezone, steam_kwh_per_t, capacity(files))
    for path in files:
        before = reader.columns.n
        found = reader.read(path)
        if not found and reader.columns.n == before:
            found = [
                Problem(str(path), "(file)", None, "meter readings (it has none: a header alone)")
            ]
        problems += found
    columns = {name: reader.columns.view(name) for name in reader.columns.arrays}
    reader.columns = None  # the views below are the only references left
    meter, _ = meter_ids(columns["firm"], columns["meter"], columns["carrier"])
    checks = _Checks(reader, columns, meter)
    problems += checks.mixed_kinds()
    quality = quality_frame(checks.unit_changes(), timezone)
    del meter, checks
    return Readings(_frame(reader, columns), quality, problems)


@dataclass
class _Checks:
    """The checks of each meter across its files: one kind, one unit."""

    reader: FileReader
    columns: dict[str, np.ndarray]
    meter: np.ndarray

    def name(self, at: int) -> tuple[str, str, str]:
        firm = self.reader.terms["firm"].names[self.columns["firm"][at]]
        meter = self.reader.terms["meter"].names[self.columns["meter"][at]]
        return firm, meter, CARRIERS[self.columns["carrier"][at]]

    def where(self, at: int) -> tuple[str, int]:
        return self.reader.files[self.columns["file"][at]], int(self.columns["row"][at])

    def mixed_kinds(self) -> list[Problem]:
        """A Problem for each meter with interval and register readings."""
        kind = self.columns["kind"]
        n = 2 * (int(self.meter.max(initial=-1)) + 1)
        both = np.bincount(self.meter * 2 + kind, minlength=n).reshape(-1, 2)
        problems = []
        for m in np.flatnonzero(both.min(axis=1) > 0):
            hits = np.flatnonzero(self.meter == m)
            other = hits[kind[hits] != kind[hits[0]]]
            file, row = self.where(hits[0])
            first = KINDS[kind[hits[0]]]
            expected = (
                f"one kind per meter: {'/'.join(self.name(hits[0]))} is {first} in {file} row {row}"
            )
            file, row = self.where(other[0])
            problems.append(
                Problem(
                    file, f"kind row {row}", KINDS[kind[other[0]]], more_rows(expected, len(other))
                )
            )
        return problems

    def unit_changes(self) -> list[dict]:
        """A quality row wherever a meter's unit differs from its previous reading's."""
        unit, n_units = self.columns["unit"], len(UNITS)
        n = n_units * (int(self.meter.max(initial=-1)) + 1)
        used = np.bincount(self.meter * n_units + unit, minlength=n).reshape(-1, n_units) > 0
        rows = []
        for m in np.flatnonzero(used.sum(axis=1) > 1):
            hits = np.flatnonzero(self.meter == m)
            units = unit[hits]
            counts = ", ".join(f"{int((units == u).sum())} in {UNITS[u]}" for u in np.unique(units))
            for i in np.flatnonzero(units[1:] != units[:-1]) + 1:
                file, row = self.where(hits[i])
                firm, meter, carrier = self.name(hits[i])
                change = f"unit changes from {UNITS[units[i - 1]]} to {UNITS[units[i]]}"
                rows.append(
                    {
                        "file": file,
                        "row": row,
                        "firm": firm,
                        "meter": meter,
                        "carrier": carrier,
                        "timestamp": int(self.columns["ts"][hits[i]]),
                        "issue": "unit_mismatch",
                        "detail": f"{change} (the meter's readings: {counts})",
                        "rule": "each reading is converted by the unit on its own row",
                        "action": "converted; check the meter's unit",
                    }
                )
        return rows


def _frame(reader: FileReader, columns: dict[str, np.ndarray]) -> pd.DataFrame:
    """The canonical frame, each column made from (and then freeing) its reading column."""
    frame = {}
    for name in ("firm", "meter"):
        names, codes = _used(columns.pop(name), reader.terms[name].names)
        frame[name] = pd.Categorical.from_codes(codes, names)
    frame["carrier"] = pd.Categorical.from_codes(columns.pop("carrier"), CARRIERS)
    frame["ts"] = pd.DatetimeIndex(columns.pop("ts").view("datetime64[ns]")).tz_localize("UTC")
    frame["value"] = columns.pop("value")
    frame["kind"] = pd.Categorical.from_codes(columns.pop("kind"), KINDS)
    frame["file"] = pd.Categorical.from_codes(columns.pop("file"), reader.files)
    frame["row"] = columns.pop("row")
    return pd.DataFrame(frame, copy=False)


def _used(codes: np.ndarray, names: list[str]) -> tuple[list[str], np.ndarray]:
    """Only the names that occur, the codes renumbered to them."""
    used = np.bincount(codes, minlength=len(names)) > 0
    renumber = (np.cumsum(used) - 1).astype(np.int32)
    return [n for n, u in zip(names, used, strict=True) if u], renumber[codes]
