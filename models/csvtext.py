"""Reading CSV files as people save them: comma, semicolon or tab separated, and a semicolon
file's decimal commas (as spreadsheets in many locales write them).

Numbers are never guessed at: ``20,000`` is twenty thousand in one locale and twenty in
another, so a number written with a thousands separator, with a decimal mark the file's
separator does not allow, or with both marks mixed in one column, is refused
(``mark_problem``), and so is a row with more fields than the header (``extra_fields``: a
comma inside an unquoted number of a comma-separated file splits it in two, and pandas
would silently take the first part as the row's label).
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import numpy as np
import pandas as pd

SEPARATORS = ",;\t"
_NUMBERISH = re.compile(r"^[+-]?[0-9][0-9.,' ]*$")  # digits with marks, nothing else


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


def extra_fields(path: str | Path, sep: str) -> tuple[int, str] | None:
    """The first line (1-based, the header being line 1) holding more fields than the header,
    and its text; None when every line fits. Such a line is most often a number written with
    a decimal comma or a thousands separator in a comma-separated file (``19999,5``)."""
    with Path(path).open(encoding="utf-8-sig", errors="replace", newline="") as f:
        rows = csv.reader(f, delimiter=sep)
        header = next(rows, None)
        if header is None:
            return None
        for number, row in enumerate(rows, start=2):
            if len(row) > len(header) and any(cell.strip() for cell in row[len(header) :]):
                return number, sep.join(row)
    return None


def extra_fields_expected(sep: str, n_header: int) -> str:
    """What a line with more fields than the header should have been, with the likely cause."""
    name = {",": "comma", ";": "semicolon", "\t": "tab"}.get(sep, repr(sep))
    fix = (
        "a number with a decimal comma or a thousands separator (19999,5 or 20,000) is split "
        "in two: write 19999.5 and 20000, or separate the columns with semicolons (decimal "
        "commas are read there)"
        if sep == ","
        else "remove the extra fields"
    )
    return f"{n_header} {name}-separated field(s) per line, as in the header; {fix}"


def mark_problem(cells: pd.Series, sep: str) -> tuple[int, str] | None:
    """The first cell whose number is written with marks that cannot be read without a guess,
    and what it should be (to follow "a number [in <unit>] "), or None. Allowed: at most one
    decimal mark per cell, a point, or a comma in a semicolon-separated file, one kind per
    column. Refused: a thousands separator (two marks
    in one cell: ``1,234.5``, ``1.234,5``, ``1,234,567``), a comma in a file whose separator
    is not a semicolon (``"20,000"`` quoted in a comma file, or in a tab file), and a
    semicolon file mixing decimal commas and points in one column (``12,5`` and ``20.000``)."""
    text = cells.astype(str).str.strip()
    numberish = text.str.match(_NUMBERISH)
    commas = text.str.count(",")
    points = text.str.count(r"\.")
    separators = numberish & ((commas + points > 1) | text.str.contains("[' ]", regex=True))
    if separators.any():
        i = int(np.flatnonzero(separators.to_numpy())[0])
        return i, "without thousands separators (write 20000 or 19999.5: one decimal mark)"
    if sep != ";":
        comma = numberish & (commas > 0)
        if comma.any():
            i = int(np.flatnonzero(comma.to_numpy())[0])
            return i, (
                "without a comma (20,000 is twenty thousand in one locale and twenty in "
                "another: write 20000 or 20.0; decimal commas are read only in a "
                "semicolon-separated file)"
            )
        return None
    with_comma = numberish & (commas > 0)
    with_point = numberish & (points > 0)
    if with_comma.any() and with_point.any():
        i = int(np.flatnonzero(with_point.to_numpy())[0])
        j = int(np.flatnonzero(with_comma.to_numpy())[0])
        return i, (
            f"with the column's one decimal mark (row {j + 2} has a decimal comma, "
            f"{text.iloc[j]}: this point may be a thousands separator)"
        )
    return None
