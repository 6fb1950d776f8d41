"""Arrow batches of meter readings into numpy columns: names as integer codes, timestamps as
int64 ns (UTC), values as float64, with every unreadable cell kept for the report.

Texts are looked up once per distinct word in a batch (Arrow dictionaries), never per row,
and each distinct timestamp text is parsed once per read, so 21 million rows cost little
more than their parsing by Arrow.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from parkopt.optimizer.inventory.vocab import NAT, parse_times

EMPTY = -1
"""Code of an empty cell; unknown words get -2, -3, ... (``Terms.unknown``)."""


class Terms:
    """The words of one column as codes: ``code(word)`` >= 0 for a known word (None: every
    word is known and numbered as met, as firm and meter names), EMPTY for an empty cell
    (or ``empty`` when given), -2, -3, ... for each unknown word in ``unknown``."""

    def __init__(self, code: Callable[[str], int] | None = None, empty: int = EMPTY):
        self.code, self.empty = code, empty
        self.seen: dict[str, int] = {}
        self.names: list[str] = []
        self.unknown: list[str] = []

    def word(self, word: object) -> int:
        text = "" if word is None else str(word).strip()
        if not text:
            return self.empty
        hit = self.seen.get(text)
        if hit is None:
            if self.code is None:
                hit = len(self.names)
                self.names.append(text)
            else:
                hit = self.code(text)
                if hit < 0:
                    self.unknown.append(text)
                    hit = -1 - len(self.unknown)
            self.seen[text] = hit
        return hit

    def raw(self, code: int) -> str:
        """The cell as written for a code below zero."""
        return "" if code == EMPTY else self.unknown[-code - 2]

    def codes(self, array: pa.Array | pa.ChunkedArray) -> np.ndarray:
        """int32 codes of a text (or any) Arrow column."""
        if isinstance(array, pa.ChunkedArray):
            return _concat([self.codes(chunk) for chunk in array.chunks], np.int32)
        array = _dictionary(array)
        mapping = np.array([self.word(w) for w in array.dictionary.to_pylist()] + [self.empty])
        return mapping.astype(np.int32)[_indices(array)]


class TimeCache:
    """Timestamp texts parsed once each: text -> int64 ns UTC (NAT when unreadable). The
    texts already parsed are looked up by Arrow, without making Python strings of them."""

    def __init__(self, timezone: str):
        self.timezone = timezone
        self.known = pa.array([], pa.string())
        self.values = np.empty(0, dtype=np.int64)

    def lookup(self, texts: pa.Array) -> np.ndarray:
        """int64 ns UTC of each text (an Arrow string array without nulls)."""
        texts = texts.cast(pa.string())
        where = pc.index_in(texts, value_set=self.known)
        new = where.is_null()
        if pc.any(new).as_py():
            fresh = pc.unique(texts.filter(new))
            parsed = parse_times(np.array(fresh.to_pylist(), dtype=object), self.timezone)
            self.known = pa.concat_arrays([self.known, fresh])
            self.values = np.concatenate([self.values, parsed])
            where = pc.index_in(texts, value_set=self.known)
        return self.values[where.to_numpy(zero_copy_only=False)]

    def column(self, array) -> tuple[np.ndarray, bool]:
        """int64 ns of a timestamp column, NAT where unreadable, and whether they are naive
        local times (Arrow timestamps without a zone: ``localize`` them) rather than UTC."""
        if isinstance(array, pa.ChunkedArray):
            parts = [self.column(chunk) for chunk in array.chunks]
            local = any(p[1] for p in parts)
            return _concat([p[0] for p in parts], np.int64), local
        if pa.types.is_timestamp(array.type):
            zone = None if array.type.tz is None else "UTC"
            ns = array.cast(pa.timestamp("ns", zone)).cast(pa.int64()).fill_null(NAT)
            return ns.to_numpy(), zone is None
        array = _dictionary(array)
        mapping = np.append(self.lookup(array.dictionary), NAT)
        return mapping[_indices(array)], False

    def localize(self, ns: np.ndarray, chunk: int = 1 << 20) -> dict[int, str]:
        """Naive local times (int64 ns) to UTC in place, a chunk at a time (memory); a time
        the zone skips becomes NAT (returned: the first such index and its local time), one
        it repeats is taken as its first (summer) pass."""
        skipped: dict[int, str] = {}
        for start in range(0, len(ns), chunk):
            part = ns[start : start + chunk]
            valid = np.flatnonzero(part != NAT)
            local = pd.DatetimeIndex(part[valid].view("datetime64[ns]"))
            summer = np.ones(len(local), dtype=bool)
            zoned = local.tz_localize(self.timezone, ambiguous=summer, nonexistent="NaT")
            lost = np.flatnonzero(zoned.isna())
            if len(lost) and not skipped:
                skipped[start + int(valid[lost[0]])] = str(local[lost[0]])
            part[valid] = zoned.tz_convert("UTC").tz_localize(None).as_unit("ns").asi8
        return skipped


@dataclass
class BadCells:
    """Unreadable cells of one file: per field, the first row, its text and the count."""

    first: dict[str, tuple[int, str]] = field(default_factory=dict)
    count: dict[str, int] = field(default_factory=dict)

    def add(self, name: str, rows: np.ndarray, first_text: object) -> None:
        """``rows`` unreadable in ``name``, the first of them written ``first_text``."""
        if len(rows) == 0:
            return
        self.first.setdefault(name, (int(rows[0]), "" if first_text is None else str(first_text)))
        self.count[name] = self.count.get(name, 0) + len(rows)


def values(array, sep_decimal: str = ".") -> tuple[np.ndarray, np.ndarray]:
    """float64 of a value column and a mask of its non-empty cells that are not numbers:
    text that is no number, and ``inf``, ``-inf`` or ``NaN`` (as text or as floats), which no
    meter reads; only an empty cell (null) is a missing reading."""
    if isinstance(array, pa.ChunkedArray):
        parts = [values(chunk, sep_decimal) for chunk in array.chunks]
        return _concat([p[0] for p in parts], float), _concat([p[1] for p in parts], bool)
    if pa.types.is_string(array.type) or pa.types.is_large_string(array.type):
        text = pd.Series(array.to_pandas(), dtype=object)
        filled = text.notna() & (text.astype(str).str.strip() != "")
        cleaned = text.astype(str).str.strip()
        guessed = _guessed_marks(cleaned, sep_decimal)
        if sep_decimal == ",":
            cleaned = cleaned.str.replace(",", ".", regex=False)
        out = pd.to_numeric(cleaned.where(filled), errors="coerce").to_numpy(dtype=float, copy=True)
        out[guessed] = np.nan
        return out, (filled.to_numpy() & ~np.isfinite(out))
    out = np.asarray(pc.cast(array, pa.float64()).to_numpy(zero_copy_only=False), np.float64)
    filled = ~array.is_null().to_numpy(zero_copy_only=False)
    return out, filled & ~np.isfinite(out)


def _guessed_marks(text: pd.Series, sep_decimal: str) -> np.ndarray:
    """Cells whose number could be read only by a guess (``models.csvtext.mark_problem``):
    a thousands separator (two marks, ``1.234,5``), or a point among decimal commas."""
    numberish = text.str.match(r"^[+-]?[0-9][0-9.,' ]*$").to_numpy(dtype=bool)
    commas = text.str.count(",").to_numpy()
    points = text.str.count(r"\.").to_numpy()
    spaced = text.str.contains("[' ]", regex=True).to_numpy(dtype=bool)
    guessed = numberish & ((commas + points > 1) | spaced)
    if sep_decimal == "," and (numberish & (commas > 0)).any():
        guessed |= numberish & (points > 0)
    return guessed


def _concat(parts: list[np.ndarray], dtype) -> np.ndarray:
    return np.concatenate(parts) if parts else np.empty(0, dtype=dtype)


def _dictionary(array: pa.Array) -> pa.DictionaryArray:
    if not pa.types.is_dictionary(array.type):
        if not (pa.types.is_string(array.type) or pa.types.is_large_string(array.type)):
            array = pc.cast(array, pa.string())
        array = pc.dictionary_encode(array)
    return array


def _indices(array: pa.DictionaryArray) -> np.ndarray:
    """Dictionary indices with -1 for nulls."""
    return pc.fill_null(array.indices, -1).to_numpy().astype(np.int64, copy=False)


class Columns:
    """Growing numpy columns shared by the files of one read: batches are written into
    large arrays (untouched capacity costs no memory), so nothing is concatenated and no
    heap of small arrays is left behind; a file with problems is rolled back."""

    def __init__(self, dtypes: dict[str, type], capacity: int):
        self.arrays = {name: np.empty(max(capacity, 1), dtype) for name, dtype in dtypes.items()}
        self.n = 0

    def add(self, **columns: np.ndarray) -> slice:
        """Append equal-length columns; the slice they occupy."""
        k = max(np.size(v) for v in columns.values())  # scalars are repeated
        start, end = self.n, self.n + k
        for name, array in self.arrays.items():
            if end > len(array):
                grown = np.empty(max(2 * len(array), end), array.dtype)
                grown[:start] = array[:start]
                self.arrays[name] = array = grown
            array[start:end] = columns[name]
        self.n = end
        return slice(start, end)

    def view(self, name: str, where: slice | None = None) -> np.ndarray:
        return self.arrays[name][where if where is not None else slice(0, self.n)]


DENSE_KEYS = 1 << 26
"""Largest (firm, meter, carrier) key space numbered through a lookup table."""


def meter_ids(firm: np.ndarray, meter: np.ndarray, carrier: np.ndarray) -> tuple[np.ndarray, int]:
    """One int32 id per (firm, meter, carrier) code triple, numbered from 0 in key order,
    and their count; without 64-bit temporaries of the rows when the key space is small."""
    if len(firm) == 0:
        return np.empty(0, dtype=np.int32), 0
    n_meter, n_carrier = int(meter.max()) + 1, int(carrier.max()) + 1
    space = (int(firm.max()) + 1) * n_meter * n_carrier
    if space > DENSE_KEYS:
        key = (firm.astype(np.int64) * n_meter + meter) * n_carrier + carrier
        uniques, ids = np.unique(key, return_inverse=True)
        return ids.astype(np.int32), len(uniques)
    key = firm.astype(np.int32) * np.int32(n_meter) + meter.astype(np.int32)
    key *= np.int32(n_carrier)
    key += carrier
    present = np.zeros(space, dtype=bool)
    present[key] = True
    number = np.cumsum(present, dtype=np.int32) - 1
    return number[key], int(present.sum())
