"""An inventory folder's hourly profiles (park_profiles.parquet): the file the inventory
writes and a scenario's ``from_inventory`` reads. Here, on the low floor, so that planning
reads it without importing the inventory."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from parkopt.models.units import HOURS_PER_YEAR
from parkopt.optimizer.common.errors import Problem

PROFILES_FILE = "park_profiles.parquet"
"""The hourly profiles of an inventory folder, which a scenario's ``from_inventory`` reads."""


def read_profile(folder: str, column: str, where: str, source: str, problems: list):
    """One column of an inventory folder's park_profiles.parquet (8760 hours) [kW, kW_th];
    None with a Problem at ``where`` when it cannot be read."""
    path = Path(folder) / PROFILES_FILE
    try:
        frame = pd.read_parquet(path)
    except (OSError, ValueError) as err:
        problems.append(
            Problem(source, where, folder, f"an inventory folder with {PROFILES_FILE} ({err})")
        )
        return None
    if column not in frame or len(frame) != HOURS_PER_YEAR:
        problems.append(
            Problem(str(path), column, f"{len(frame)} rows", f"{HOURS_PER_YEAR} rows with {column}")
        )
        return None
    return frame[column].to_numpy(dtype=float)
