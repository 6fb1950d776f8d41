"""What a wind speed can be: the unit a column header names, and the highest mean a wind has.

Used by the readers of measured and reanalysis wind (``wind_csv``, ``era5``) to refuse
speeds in another unit than the one they are read in (km/h read as m/s is 3.6 x too high,
while no single value need exceed the 75 m/s limit of an hourly mean).
"""

from __future__ import annotations

import re

import numpy as np

from parkopt.models.errors import input_error

MAX_SPEED_M_PER_S = 75.0
"""Highest wind speed accepted [m/s]; an hourly mean above it is read as a unit mix-up (the
strongest typhoon gusts measured in China are around 70-80 m/s, hourly means far lower)."""
KMH_PER_M_PER_S = 3.6
"""km/h in one m/s."""
MAX_MEAN_M_PER_S_AT_100M = 13.0
"""Highest mean speed accepted over a year at 100 m [m/s]: the windiest sites measured (Patagonia,
the North Sea, Tibetan passes) have long-term means of about 11-12 m/s there, so a higher one
is another unit (km/h read as m/s is 3.6 x too high). Lower heights scale it by the 1/7
power law (9.4 m/s at 10 m, ``plausible_mean_m_per_s``)."""
_POWER = r"\s*(-1|\*\*-1|\^-1|⁻¹)"  # "s-1", "s**-1", "s^-1", "s⁻¹"
HEADER_UNITS = {
    "km/h": re.compile(rf"km\s*/\s*h|kmh|kph|km\s*h{_POWER}|公里", re.IGNORECASE),
    "m/s": re.compile(rf"m\s*/\s*s|(?<![a-z])mps|(?<![a-z])m\s*s{_POWER}|米/秒", re.IGNORECASE),
}
"""A speed unit written in a column header, by the unit it names."""


def header_unit(column: str) -> str | None:
    """The speed unit a column header names (``ws_100m [km/h]`` -> ``km/h``), or None."""
    for unit, pattern in HEADER_UNITS.items():
        if pattern.search(column):
            return unit
    return None


def plausible_mean_m_per_s(height_m: float) -> float:
    """Highest year-mean wind speed believed at ``height_m`` above ground [m/s]:
    MAX_MEAN_M_PER_S_AT_100M scaled by the 1/7 power law (heights below 10 m as 10 m)."""
    return MAX_MEAN_M_PER_S_AT_100M * (max(height_m, 10.0) / 100.0) ** (1 / 7)


def check_mean(speeds_m_per_s, height_m: float, field: str, name: str, hint: str) -> None:
    """Raise when the mean speed [m/s] at ``height_m`` [m] is above a wind's
    (``plausible_mean_m_per_s``), ``hint`` saying what to check."""
    mean = float(np.nanmean(np.asarray(speeds_m_per_s, dtype=float)))
    most = plausible_mean_m_per_s(height_m)
    if mean > most:
        raise input_error(
            field,
            f"{mean:.2f} m/s",
            f"a mean wind speed at {height_m:g} m of at most {most:.1f} m/s (the windiest "
            f"sites' year means are lower); {hint}",
            file=name,
        )
