"""Reading CSV files as people save them: comma, semicolon or tab separated, and a semicolon
file's decimal commas (as spreadsheets in many locales write them)."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pandas as pd

SEPARATORS = ",;\t"


def csv_separator(path: str | Path) -> str:
    """The CSV field separator from the header line: ``csv.Sniffer`` among comma, semicolon
    and tab; else the one of them found most often in the header; else comma."""
    with Path(path).open(encoding="utf-8-sig", errors="replace") as f:
        header = f.readline()
    try:
        return csv.Sniffer().sniff(header, delimiters=SEPARATORS).delimiter
    except csv.Error:
        counts = {sep: header.count(sep) for sep in SEPARATORS}
        best = max(counts, key=counts.get)
        return best if counts[best] else ","


def decimal_mark(sep: str) -> str:
    """The decimal mark of a file with separator ``sep`` (a semicolon file uses commas)."""
    return "," if sep == ";" else "."


def first_invalid(values: np.ndarray) -> tuple[str, int, int] | None:
    """The first value that is not a number (NaN, empty) or negative, as (kind, index, how
    many of that kind), ``kind`` being "not numeric" or "negative"; None when all are fine."""
    bad = np.flatnonzero(~np.isfinite(values))
    if len(bad):
        return "not numeric", int(bad[0]), len(bad)
    negative = np.flatnonzero(values < 0)
    if len(negative):
        return "negative", int(negative[0]), len(negative)
    return None


def numbers(cells: pd.Series, sep: str) -> np.ndarray:
    """Text cells to floats (NaN where empty or not a number), decimal commas read where the
    file's separator is a semicolon."""
    text = cells.astype(str).str.strip()
    if decimal_mark(sep) == ",":
        text = text.str.replace(",", ".", regex=False)
    return pd.to_numeric(text, errors="coerce").to_numpy(dtype=float)
