"""Measured or reanalysis wind speeds at one or two heights, on the model year's hourly index.

Two readers give a :class:`WindSeries` (hourly speeds [m/s] at heights above ground [m]) for
the wind model (``models/wind.py``); both are re-exported here, the public face of the wind
resource inputs:

* :func:`read_wind_csv` (``models/wind_csv.py``): a mast or lidar CSV, either one row per
  hour of the model year in its order, or with a timestamp column (hourly, 10-minute,
  15-minute ... data; sub-hourly data are averaged to hourly means).
* :func:`read_era5` (``models/era5.py``): an ERA5 single-levels NetCDF file from the
  Copernicus Climate Data Store (``u10``, ``v10``, ``u100``, ``v100``), at the grid point
  nearest to the park.

Hour convention (as everywhere in parkopt): an hour is labelled by its START and the value
is the mean over that hour, e.g. ``2025-01-01 00:00+08:00`` is the mean over 00:00-01:00
China Standard Time. Data of another calendar year are matched to the model year by month,
day and hour (29 February of the data is dropped; ``models/hourly_match.py``).

:func:`shear_exponent` gives the power-law (Hellman) exponent from two heights' speeds.

Every problem raises :class:`~parkopt.models.errors.InputDataError`, one line naming the
file, the column, the row or timestamp, the value and what was expected with its unit.
"""

from __future__ import annotations

import math

import pandas as pd

from parkopt.models.era5 import read_era5
from parkopt.models.errors import input_error
from parkopt.models.hourly_match import WindSeries
from parkopt.models.wind_csv import read_wind_csv

__all__ = [
    "SHEAR_MIN_HOURS",
    "SHEAR_MIN_SPEED_M_PER_S",
    "WindSeries",
    "read_era5",
    "read_wind_csv",
    "shear_exponent",
]

SHEAR_MIN_SPEED_M_PER_S = 3.0
"""Hours where either height is below this speed [m/s] are left out of the shear exponent."""
SHEAR_MIN_HOURS = 100
"""Fewest hours [h] with both speeds at or above ``SHEAR_MIN_SPEED_M_PER_S`` for a shear
exponent."""


def shear_exponent(low: pd.Series, high: pd.Series, low_m: float, high_m: float) -> float:
    """Power-law (Hellman) shear exponent from speeds measured at two heights.

    ``alpha = ln(mean(high) / mean(low)) / ln(high_m / low_m)``, the means taken over the
    hours (aligned on the index) where both speeds are at least 3 m/s
    (``SHEAR_MIN_SPEED_M_PER_S``): calm hours carry little energy, are dominated by the
    anemometers' start-up threshold and by stable nights with extreme shear, and would bias
    the exponent that matters for the power-producing hours. With ``v(h) = v(h_low) *
    (h / h_low) ** alpha`` the speed at any height follows.

    Parameters
    ----------
    low, high : pandas.Series
        Wind speeds [m/s] at the lower and the upper height, on the same hourly index.
    low_m, high_m : float
        The two heights above ground [m], ``0 < low_m < high_m``.

    Returns
    -------
    float
        The shear exponent alpha [-] (about 1/7 = 0.14 over open land, 0.2-0.3 over rough
        land or in stable air).

    Raises
    ------
    InputDataError
        Heights not positive and increasing, or fewer than 100 hours with both speeds at
        least 3 m/s.
    """
    if not (0 < low_m < high_m and math.isfinite(high_m)):
        raise input_error(
            "wind.wind_data.columns",
            (low_m, high_m),
            "two heights above ground with 0 < low < high [m]",
        )
    lo, hi = low.astype(float).align(high.astype(float), join="inner")
    both = (lo >= SHEAR_MIN_SPEED_M_PER_S) & (hi >= SHEAR_MIN_SPEED_M_PER_S)
    n = int(both.sum())
    if n < SHEAR_MIN_HOURS:
        raise input_error(
            "wind.wind_data (hours for the shear)",
            n,
            f"at least {SHEAR_MIN_HOURS} hours with both speeds (at {low_m:g} m and "
            f"{high_m:g} m) >= {SHEAR_MIN_SPEED_M_PER_S:g} m/s",
        )
    ratio = float(hi[both].mean()) / float(lo[both].mean())
    return math.log(ratio) / math.log(high_m / low_m)
