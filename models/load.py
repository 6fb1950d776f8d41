"""Deterministic industrial load profiles [kW]."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from parkopt.models.errors import input_error

DAYS_PER_YEAR = 365.0
SATURDAY = 5  # pandas day_of_week: Monday = 0


@dataclass(frozen=True)
class IndustrialProfile:
    """A park's electricity demand: base load, shift work and seasonal cooling.

    Attributes
    ----------
    base_kw : float
        Load in every hour (process, lighting, servers) [kW], >= 0.
    shift_kw : float
        Extra load during shift hours on weekdays [kW], >= 0.
    shift_start_h, shift_end_h : int
        Local clock hours the shifts start and end [h], 0-24; the shift covers hours
        ``start <= h < end``; ``end < start`` wraps past midnight (22 -> 6 is a night
        shift); ``start == end`` means no shift hours.
    weekend_factor : float
        Fraction of the shift load that runs on Saturday and Sunday [1], 0-1.
    cooling_kw : float
        Extra cooling load at the height of summer [kW], >= 0.
    cooling_peak_day_of_year : int
        Day of the year of the cooling peak [day], 1-365.
    cooling_season_days : int
        Length of the cooling season centred on the peak [days], 0-365; the cooling load
        follows a raised cosine ``cooling_kw * (1 + cos(2 pi d / season)) / 2`` for
        ``|d| < season / 2`` days from the peak (day distance wraps around the year end).
    """

    base_kw: float
    shift_kw: float
    shift_start_h: int = 8
    shift_end_h: int = 24
    weekend_factor: float = 0.6
    cooling_kw: float = 0.0
    cooling_peak_day_of_year: int = 200
    cooling_season_days: int = 120


def industrial_load_kw(index: pd.DatetimeIndex, profile: IndustrialProfile) -> pd.Series:
    """Hourly industrial load [kW] on ``index`` (local clock time of the index).

    ``load_kw = base_kw + shift_kw * s(h, weekday) + cooling(day_of_year)`` with
    ``s = 1`` in shift hours on weekdays, ``weekend_factor`` in shift hours on Sat/Sun,
    0 otherwise; the cooling bump is described in :class:`IndustrialProfile`. A night
    shift that wraps past midnight belongs to the day it started on.

    Parameters
    ----------
    index : pandas.DatetimeIndex
        Hours to evaluate (hour-start labels), tz-aware or naive.
    profile : IndustrialProfile
        Load parameters [kW].

    Returns
    -------
    pandas.Series
        ``load_kw`` [kW] on ``index``, deterministic, >= 0.
    """
    _check(profile)
    if not isinstance(index, pd.DatetimeIndex):
        raise input_error("load.index", type(index).__name__, "a pandas DatetimeIndex")
    hour = np.asarray(index.hour) + np.asarray(index.minute) / 60.0
    start, end = profile.shift_start_h, profile.shift_end_h
    if start < end:
        in_shift = (hour >= start) & (hour < end)
        shift_day = index
    elif start > end:  # wraps past midnight: the early hours belong to yesterday's shift
        late, early = hour >= start, hour < end
        in_shift = late | early
        shift_day = index - pd.to_timedelta(np.where(early, 1, 0), unit="D")
    else:
        in_shift = np.zeros(len(index), dtype=bool)
        shift_day = index
    weekend = np.asarray(shift_day.day_of_week) >= SATURDAY
    shift_factor = np.where(in_shift, np.where(weekend, profile.weekend_factor, 1.0), 0.0)

    cooling = np.zeros(len(index))
    season = float(profile.cooling_season_days)
    if profile.cooling_kw > 0 and season > 0:
        day = np.asarray(index.day_of_year, dtype=float) + hour / 24.0 - 0.5
        distance = (day - profile.cooling_peak_day_of_year + DAYS_PER_YEAR / 2) % DAYS_PER_YEAR
        distance -= DAYS_PER_YEAR / 2
        bump = 0.5 * (1.0 + np.cos(2.0 * np.pi * distance / season))
        cooling = profile.cooling_kw * np.where(np.abs(distance) < season / 2, bump, 0.0)

    load = profile.base_kw + profile.shift_kw * shift_factor + cooling
    return pd.Series(load, index=index, name="load_kw", dtype=float)


def _check(p: IndustrialProfile) -> None:
    """Raise InputDataError for a profile value outside its range."""
    checks = [
        ("load.base_kw", p.base_kw, p.base_kw >= 0, ">= 0 [kW]"),
        ("load.shift_kw", p.shift_kw, p.shift_kw >= 0, ">= 0 [kW]"),
        ("load.shift_start_h", p.shift_start_h, 0 <= p.shift_start_h <= 24, "0-24 [h]"),
        ("load.shift_end_h", p.shift_end_h, 0 <= p.shift_end_h <= 24, "0-24 [h]"),
        ("load.weekend_factor", p.weekend_factor, 0 <= p.weekend_factor <= 1, "0-1 [1]"),
        ("load.cooling_kw", p.cooling_kw, p.cooling_kw >= 0, ">= 0 [kW]"),
        (
            "load.cooling_peak_day_of_year",
            p.cooling_peak_day_of_year,
            1 <= p.cooling_peak_day_of_year <= 366,
            "1-366 [day]",
        ),
        (
            "load.cooling_season_days",
            p.cooling_season_days,
            0 <= p.cooling_season_days <= 365,
            "0-365 [days]",
        ),
    ]
    for field, value, ok, expected in checks:
        if not ok:
            raise input_error(field, value, expected)
