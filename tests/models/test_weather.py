from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from parkopt.models.errors import InputDataError
from parkopt.models.weather import CANONICAL_COLUMNS, read_weather, resolve_data_path

SHARED_WEATHER = Path(__file__).resolve().parents[3] / "shared" / "data" / "weather"
EPW_FILES = sorted(SHARED_WEATHER.glob("*.epw")) if SHARED_WEATHER.is_dir() else []
needs_shared = pytest.mark.skipif(not EPW_FILES, reason="../shared/data/weather/*.epw absent")


def _check_canonical(weather, year: int) -> None:
    data = weather.data
    assert len(data) == 8760
    assert list(data.columns[:6]) == list(CANONICAL_COLUMNS)
    assert data.index.tz is not None
    assert data.index.is_monotonic_increasing and data.index.is_unique
    assert (data.index.year == year).all()
    assert data.index[0] == pd.Timestamp(year, 1, 1, 0).tz_localize(data.index.tz)
    assert data.index[-1] == pd.Timestamp(year, 12, 31, 23).tz_localize(data.index.tz)
    assert not data[list(CANONICAL_COLUMNS)].isna().any().any()
    steps = data.index.to_series().diff().dropna().value_counts()
    leap = year % 4 == 0  # Feb 29 is dropped: one 25-hour step from Feb 28 23:00 to Mar 1 00:00
    assert steps.get(pd.Timedelta(hours=1)) == 8759 - leap
    assert steps.get(pd.Timedelta(hours=25), 0) == leap
    assert data["pressure"].min() > 50_000 and data["pressure"].max() < 110_000  # Pa
    assert (data[["ghi", "dni", "dhi"]] >= 0).all().all()


def test_tmy3_from_pvlib_data(greensboro):
    _check_canonical(greensboro, 2025)
    assert greensboro.utc_offset_h == -5.0
    assert greensboro.latitude_deg == pytest.approx(36.1)
    assert greensboro.data.index.tz.utcoffset(None) == dt.timedelta(hours=-5)
    assert "albedo" not in greensboro.data  # the file's albedo column is all 0 = unknown


def test_tmy3_hour_start_labels(greensboro):
    """TMY3 '13:00' (12:00-13:00, hour-ending) must be labelled 12:00 (hour start)."""
    raw = pd.read_csv(resolve_data_path("pvlib:723170TYA.CSV"), skiprows=1)
    row = raw[
        (raw["Date (MM/DD/YYYY)"].str.startswith("06/21/")) & (raw["Time (HH:MM)"] == "13:00")
    ]
    assert greensboro.data.loc["2025-06-21 12:00", "ghi"] == row["GHI (W/m^2)"].iloc[0]
    assert (
        greensboro.data.loc["2025-06-21 12:00", "pressure"] == row["Pressure (mbar)"].iloc[0] * 100
    )
    # solar noon near 12:20 EST at 80 W: the sunniest hours straddle 12:00
    daily_peak_hours = greensboro.data["ghi"].groupby(greensboro.data.index.date).idxmax()
    assert 11 <= np.median([t.hour for t in daily_peak_hours]) <= 12


def test_year_coerced_leap_year_has_no_feb29():
    weather = read_weather("pvlib:723170TYA.CSV", year=2024)
    _check_canonical(weather, 2024)
    assert not ((weather.data.index.month == 2) & (weather.data.index.day == 29)).any()


def test_resolve_data_path():
    assert resolve_data_path("pvlib:723170TYA.CSV").is_file()
    assert resolve_data_path("x/y.epw") == Path("x/y.epw")


@pytest.mark.parametrize("name", ["weather.txt", "weather.parquet"])
def test_unknown_suffix(tmp_path, name):
    with pytest.raises(InputDataError, match=r"weather\.file.*\.epw"):
        read_weather(tmp_path / name)


def test_missing_file(tmp_path):
    with pytest.raises(InputDataError, match="nope.epw.*weather.file.*existing"):
        read_weather(tmp_path / "nope.epw")


def test_unreadable_file(tmp_path):
    path = tmp_path / "broken.epw"
    path.write_text("this is not an EPW file\n")
    with pytest.raises(InputDataError, match="broken.epw") as info:
        read_weather(path)
    assert "\n" not in str(info.value)


def _tmy3_copy(tmp_path, edit) -> Path:
    lines = resolve_data_path("pvlib:723170TYA.CSV").read_text().splitlines(keepends=True)
    lines = edit(lines)
    path = tmp_path / "edited.CSV"
    path.write_text("".join(lines))
    return path


def test_wrong_row_count(tmp_path):
    path = _tmy3_copy(tmp_path, lambda lines: lines[:-24])
    with pytest.raises(InputDataError, match=r"edited.CSV: weather.rows = 8736: expected 8760"):
        read_weather(path)


def test_nan_in_canonical_column(tmp_path):
    def blank_ghi(lines):
        cells = lines[2 + 12].split(",")
        cells[4] = ""  # GHI (W/m^2) of 01/01 13:00
        lines[2 + 12] = ",".join(cells)
        return lines

    with pytest.raises(InputDataError, match=r"edited.CSV: weather.ghi = 'NaN in 1 hours"):
        read_weather(_tmy3_copy(tmp_path, blank_ghi))


@needs_shared
@pytest.mark.parametrize("path", EPW_FILES, ids=lambda p: p.name)
def test_shared_epw(path):
    weather = read_weather(path)
    _check_canonical(weather, 2025)
    assert weather.utc_offset_h == 8.0
    assert 18 < weather.latitude_deg < 54 and 73 < weather.longitude_deg < 135
    # EPW labels hour 1 = 00:00-01:00; pvlib's reader gives 00:00: night at local midnight
    assert (weather.data.between_time("00:00", "03:00")["ghi"] == 0).all()


@needs_shared
def test_epw_pressure_in_pa():
    weather = read_weather(EPW_FILES[0])
    assert weather.data["pressure"].median() > 50_000  # Pa, not hPa
