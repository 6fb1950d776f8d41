"""Reading one meter file into the columns shared by a read (``read.read_meters``).

Arrow parses the numbers and the timestamps of the usual formats itself; where it cannot,
the file is read again with that column as text, each distinct text decoded once
(``vocab.parse_times``), which reads the other formats and finds the bad cells. Every
problem of a file is collected (``errors.Problem``: the first row of each, and how many
more rows are like it); a file with any problem adds no readings.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from parkopt.models.csvtext import decimal_mark
from parkopt.optimizer.common.errors import Problem
from parkopt.optimizer.inventory.decode import BadCells, Columns, Terms, TimeCache, values
from parkopt.optimizer.inventory.sources import (
    PARQUET,
    Source,
    SourceError,
    long_batches,
    sniff,
    wide_table,
)
from parkopt.optimizer.inventory.vocab import (
    NAT,
    UNITS,
    carrier_code,
    kind_code,
    unit_code,
    unit_expected,
    unit_factors,
)

EXPECTED = {
    "firm": "a firm name",
    "meter": "a meter name",
    "carrier": "one of electricity, natural_gas, heat (电, 电力, 天然气, 热, 热力, 蒸汽)",
    "unit": "one of " + ", ".join(UNITS) + " (千瓦时, 兆瓦时, 立方米, 吉焦, 兆焦, 吨)",
    "kind": "interval or register (区间, 累计; empty: interval)",
    "timestamp": (
        "a date and time such as 2024-01-01 00:15 or 2024-01-01T00:15:00+08:00 (that the "
        "park's time zone does not skip)"
    ),
    "value": "a finite number (an empty cell is a missing reading; inf and NaN are none)",
}
CODES = ("firm", "meter", "carrier", "unit", "kind")
DTYPES = {
    "firm": np.int32,
    "meter": np.int32,
    "carrier": np.int16,
    "unit": np.int16,
    "kind": np.int16,
    "ts": np.int64,
    "value": np.float64,
    "row": np.int64,
    "file": np.int32,
}
MIN_ROW_BYTES = 16
"""Fewest bytes a CSV row is guessed to take, to reserve room for a file's readings."""


def more_rows(expected: str, count: int) -> str:
    """``expected`` with the count of further rows like the one named, if any."""
    more = count - 1
    return expected if more < 1 else f"{expected} ({more} more row{'s' * (more > 1)} like it)"


def capacity(files: list[Path]) -> int:
    """Rows to reserve for ``files``: a generous guess (reserved memory is used only when
    written)."""
    rows = 0
    for path in files:
        try:
            if path.suffix.lower() in PARQUET:
                meta = pq.ParquetFile(path).metadata
                rows += meta.num_rows * meta.num_columns
            else:
                rows += path.stat().st_size // MIN_ROW_BYTES
        except (OSError, pa.ArrowException):
            continue  # reported when the file is read
    return rows


class FileReader:
    """The vocabularies and columns shared by the files of one read, and the reading of
    each file into them."""

    def __init__(self, timezone: str, steam_kwh_per_t: float | None, capacity: int):
        self.timezone, self.steam = timezone, steam_kwh_per_t
        self.terms = {
            "firm": Terms(),
            "meter": Terms(),
            "carrier": Terms(carrier_code),
            "unit": Terms(unit_code),
            "kind": Terms(kind_code, empty=0),
        }
        self.times = TimeCache(timezone)
        self.factors = unit_factors(steam_kwh_per_t).ravel()
        self.columns = Columns(DTYPES, capacity)
        self.files: list[str] = []

    def read(self, path: Path) -> list[Problem]:
        """Add one file's readings; its problems (and then none of its readings)."""
        start = self.columns.n
        try:
            source = sniff(path)
            bad, problems = self._read_retrying(source, start)
        except SourceError as err:
            problems, bad, source = err.problems, None, None
        except (OSError, UnicodeError, pa.ArrowException) as err:
            kind = "Parquet" if path.suffix.lower() in PARQUET else "CSV"
            problems, bad, source = (
                [Problem(str(path), "(file)", None, f"a readable {kind} file ({err})")],
                None,
                None,
            )
        if source is not None:
            where = slice(start, self.columns.n)
            if not source.wide:  # a wide file's words are its headers', checked already
                problems += self._code_problems(source.name, where)
            problems += _bad_problems(source.name, bad) + self._convert(source, where)
        if problems:
            self.columns.n = start
            return problems
        self.files.append(source.name)
        return []

    def _read_retrying(self, source: Source, start: int) -> tuple[BadCells, list[Problem]]:
        """Arrow parses numbers and timestamps itself; where it cannot, the column is read
        again as text, cell by distinct cell, to read other formats and find bad cells."""
        options = {"value_text": False, "typed_times": True}
        while True:
            self.columns.n = start
            try:
                return self._read(source, **options)
            except pa.ArrowInvalid as err:
                if "to double" in str(err) and not options["value_text"]:
                    options["value_text"] = True
                elif "to timestamp" in str(err) and options["typed_times"]:
                    options["typed_times"] = False
                else:
                    raise

    def _read(
        self, source: Source, value_text: bool, typed_times: bool
    ) -> tuple[BadCells, list[Problem]]:
        bad, first = BadCells(), (1 if source.parquet else 2)
        file, start, local = len(self.files), self.columns.n, False
        if source.wide:
            table = wide_table(source, value_text, typed_times)
            return bad, self._wide(source, table, bad, first)
        for batch in long_batches(source, value_text, typed_times):
            rows = np.arange(first, first + batch.num_rows, dtype=np.int64)
            first += batch.num_rows
            codes = {}
            for name in CODES:
                if name in batch.schema.names:
                    codes[name] = self.terms[name].codes(batch.column(name))
                else:
                    codes[name] = 0
            ts, naive = self._times(batch.column("timestamp"), rows, bad)
            local |= naive
            value = self._values(batch.column("value"), rows, bad, "value", source)
            self.columns.add(**codes, ts=ts, value=value, row=rows, file=file)
        if local:  # Arrow timestamps without a zone: to UTC once per file
            where = slice(start, self.columns.n)
            self._localize(self.columns.view("ts", where), self.columns.view("row", where), bad)
        return bad, []

    def _times(self, column, rows: np.ndarray, bad: BadCells) -> tuple[np.ndarray, bool]:
        """A batch's timestamps; texts or zoned ones checked now, naive ones once localized."""
        ts, local = self.times.column(column)
        if not local:
            _unread_times(ts, rows, bad, lambda i: column[i].as_py())
        return ts, local

    def _localize(self, ts: np.ndarray, rows: np.ndarray, bad: BadCells) -> None:
        """Naive local times to UTC in place; empty ones and those the zone skips reported."""
        skipped = self.times.localize(ts)
        _unread_times(ts, rows, bad, lambda i: skipped.get(i, ""))

    def _values(self, column, rows, bad: BadCells, label: str, source: Source) -> np.ndarray:
        numbers, unread = values(column, decimal_mark(source.sep))
        where = np.flatnonzero(unread)
        if len(where):
            bad.add(label, rows[where], column[int(where[0])].as_py())
        return numbers

    def _wide(self, source: Source, table: pa.Table, bad: BadCells, first: int) -> list[Problem]:
        """A wide table added as long columns, meter after meter; header words checked."""
        rows = np.arange(first, first + table.num_rows, dtype=np.int64)
        ts, local = self._times(table.column(source.columns["timestamp"]), rows, bad)
        if local:
            self._localize(ts, rows, bad)
        problems = []
        for column in source.wide:
            codes = {}
            for name in CODES:
                codes[name] = code = self.terms[name].word(getattr(column, name))
                if code < 0:
                    field = f"column {column.header}: {name}"
                    problems.append(
                        Problem(source.name, field, getattr(column, name), EXPECTED[name])
                    )
            value = self._values(table.column(column.header), rows, bad, column.header, source)
            self.columns.add(**codes, ts=ts, value=value, row=rows, file=len(self.files))
        return problems

    def _code_problems(self, file: str, where: slice) -> list[Problem]:
        problems = []
        for name in CODES:
            codes = self.columns.view(name, where)
            negative = codes < 0
            if not negative.any():
                continue
            for code in np.unique(codes[negative]):
                hits = np.flatnonzero(codes == code)
                row = int(self.columns.view("row", where)[hits[0]])
                raw = self.terms[name].raw(int(code))
                problems.append(
                    Problem(file, f"{name} row {row}", raw, more_rows(EXPECTED[name], len(hits)))
                )
        return problems

    def _convert(self, source: Source, where: slice) -> list[Problem]:
        """Values to canonical units in place; a Problem per unit that does not fit its
        carrier (rows whose carrier or unit is unknown are left to their own Problem)."""
        carrier, unit = self.columns.view("carrier", where), self.columns.view("unit", where)
        pair = carrier * np.int16(len(UNITS)) + unit
        pair[(carrier < 0) | (unit < 0)] = -1  # left to their own Problem
        counts = np.bincount(pair + 1, minlength=len(self.factors) + 1)[1:]
        problems, value = [], self.columns.view("value", where)
        for code in np.flatnonzero(counts):
            factor = self.factors[code]
            if factor == 1.0:
                continue
            hits = np.flatnonzero(pair == code)
            if not np.isnan(factor):
                value[hits] *= factor
                continue
            c, u = divmod(int(code), len(UNITS))
            expected = unit_expected(c, u, self.steam)
            if source.wide:
                header = source.wide[hits[0] // (len(pair) // len(source.wide))].header
                field = f"column {header}: unit"
            else:
                row = self.columns.view("row", where)[hits[0]]
                field, expected = f"unit row {row}", more_rows(expected, len(hits))
            problems.append(Problem(source.name, field, UNITS[u], expected))
        return problems


def _unread_times(ts: np.ndarray, rows: np.ndarray, bad: BadCells, text) -> None:
    """Report the timestamps that are NAT; ``text(i)`` shows the i-th as written."""
    unread = np.flatnonzero(ts == NAT)
    if len(unread):
        bad.add("timestamp", rows[unread], text(int(unread[0])))


def _bad_problems(file: str, bad: BadCells) -> list[Problem]:
    problems = []
    for label, (row, text) in bad.first.items():
        expected = more_rows(EXPECTED.get(label, EXPECTED["value"]), bad.count[label])
        problems.append(Problem(file, f"{label} row {row}", text, expected))
    return problems
