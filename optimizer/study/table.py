"""study.parquet: one typed row per run, rewritten atomically; the failed runs of a study."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from parkopt.optimizer.common.text_files import read_frame
from parkopt.optimizer.common.writes import temp_file

TABLE_FILE = "study.parquet"

TEXT_COLUMNS = ("run", "name", "status", "error", "warnings")


def _typed(column: pd.Series) -> pd.Series:
    """One parquet type per column, whether or not some runs failed: booleans stay nullable
    booleans, numbers floats, anything else text; missing values are nulls."""
    values = [None if v is None or (isinstance(v, float) and np.isnan(v)) else v for v in column]
    present = [v for v in values if v is not None]
    if column.name in TEXT_COLUMNS or str(column.name).startswith("in."):
        if present and all(isinstance(v, int | float) and not isinstance(v, bool) for v in present):
            return pd.Series(values, index=column.index, dtype="float64")
        return pd.Series(
            [None if v is None else str(v) for v in values], index=column.index, dtype="string"
        )
    if present and all(isinstance(v, bool | np.bool_) for v in present):
        return pd.Series(values, index=column.index, dtype="boolean")
    if all(isinstance(v, int | float | np.number) and not isinstance(v, bool) for v in present):
        return pd.Series(values, index=column.index, dtype="float64")
    return pd.Series(
        [None if v is None else str(v) for v in values], index=column.index, dtype="string"
    )


def write_table(rows: list[dict], path: Path) -> None:
    """Write study.parquet atomically (a temporary file renamed into place)."""
    frame = pd.DataFrame(rows)
    if not frame.empty:
        frame = frame.sort_values("run").reset_index(drop=True)
        frame = frame.apply(_typed)
    with temp_file(path) as tmp:  # a full disk leaves the last whole table, nothing else
        frame.to_parquet(tmp)


def failed_runs(folder: Path) -> list[tuple[str, str]]:
    """(name, one-line reason) of every failed run in a study folder's table."""
    path = Path(folder) / TABLE_FILE
    if not path.is_file():
        return []
    table = read_frame(path, "a study's table")
    if "status" not in table:
        return []
    failed = table[table["status"] == "failed"]
    return [(str(r["name"]), str(r["error"])) for _, r in failed.iterrows()]
