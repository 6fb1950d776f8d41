from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest

from parkopt.models.errors import InputDataError
from parkopt.models.load import IndustrialProfile, industrial_load_kw

# 2025-01-03 is a Friday, 2025-01-04 a Saturday, 2025-01-06 a Monday
WEEK = pd.date_range("2025-01-03", periods=24 * 4, freq="h", tz="Etc/GMT-8")


def test_two_shifts_weekday_and_weekend():
    load = industrial_load_kw(WEEK, IndustrialProfile(base_kw=100.0, shift_kw=50.0))
    assert load.name == "load_kw" and load.index.equals(WEEK)
    friday = load["2025-01-03"].to_numpy()
    assert friday.tolist() == [100.0] * 8 + [150.0] * 16
    saturday = load["2025-01-04"].to_numpy()
    assert saturday.tolist() == [100.0] * 8 + [130.0] * 16  # 0.6 * 50 kW


def test_night_shift_wraps_past_midnight():
    load = industrial_load_kw(WEEK, IndustrialProfile(100.0, 50.0, shift_start_h=22, shift_end_h=6))
    assert load["2025-01-03"].tolist() == [150.0] * 6 + [100.0] * 16 + [150.0] * 2
    # Saturday 00-06 belongs to Friday's shift; Saturday 22-24 is a weekend shift
    assert load["2025-01-04"].tolist() == [150.0] * 6 + [100.0] * 16 + [130.0] * 2
    # Monday 00-06 belongs to Sunday's shift
    assert load["2025-01-06"].tolist()[:6] == [130.0] * 6


def test_no_shift_when_start_equals_end():
    load = industrial_load_kw(WEEK, IndustrialProfile(80.0, 50.0, shift_start_h=8, shift_end_h=8))
    assert (load == 80.0).all()


def test_cooling_bump():
    year = pd.date_range("2025-01-01", periods=8760, freq="h")
    profile = IndustrialProfile(
        0.0, 0.0, cooling_kw=40.0, cooling_peak_day_of_year=200, cooling_season_days=120
    )
    load = industrial_load_kw(year, profile)
    peak = pd.Timestamp("2025-07-19 12:00")  # day of year 200, midday
    assert load[peak] == pytest.approx(40.0)
    assert load.max() == pytest.approx(40.0)
    # 30 days from the peak (a quarter of the season): cos(pi/2) -> half the peak
    assert load[peak + pd.Timedelta(days=30)] == pytest.approx(20.0)
    assert load[peak - pd.Timedelta(days=30)] == pytest.approx(20.0)
    assert load[peak + pd.Timedelta(days=61)] == 0.0
    assert (load["2025-01"] == 0).all()
    # the mean of a raised cosine over its season is half the peak
    assert load.sum() / 24 == pytest.approx(40.0 * 120 / 2, rel=1e-3)


def test_deterministic_and_shapes():
    profile = IndustrialProfile(10.0, 5.0, cooling_kw=3.0)
    a = industrial_load_kw(WEEK, profile)
    b = industrial_load_kw(WEEK, profile)
    pd.testing.assert_series_equal(a, b)
    one = industrial_load_kw(WEEK[:1], profile)
    assert one.iloc[0] == a.iloc[0]
    assert np.isfinite(a).all() and (a >= 10.0).all()


@pytest.mark.parametrize(
    ("field", "value"),
    [("base_kw", -1.0), ("shift_end_h", 25), ("weekend_factor", 1.5), ("cooling_kw", -2.0)],
)
def test_bad_profile(field, value):
    profile = dataclasses.replace(IndustrialProfile(10.0, 5.0), **{field: value})
    with pytest.raises(InputDataError, match=f"load.{field} = "):
        industrial_load_kw(WEEK, profile)
