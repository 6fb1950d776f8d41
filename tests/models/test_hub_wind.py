"""Measured and ERA5 wind speeds to the model's hourly index (``models/hub_wind.py``)."""

from __future__ import annotations

import math
import re

import numpy as np
import pandas as pd
import pytest
import xarray as xr

from parkopt.models.errors import InputDataError
from parkopt.models.hub_wind import read_era5, read_wind_csv, shear_exponent

INDEX = pd.date_range("2025-01-01", periods=8760, freq="h", tz="Asia/Shanghai")
PARK_LAT, PARK_LON = 40.08, 111.2  # near Hohhot; nearest grid point 40.0 N 111.25 E
LATS = np.array([40.25, 40.0, 39.75])  # ERA5 latitudes run north to south
LONS = np.array([110.75, 111.0, 111.25])


# ------------------------------------------------------------------------------------------
# ERA5
# ------------------------------------------------------------------------------------------


def era5_components(n_steps: int, lats=LATS, lons=LONS) -> dict[str, np.ndarray]:
    """Wind components [m/s], float32 like the CDS files, shape (time, latitude, longitude):
    u10 = 2 + 0.001 k + i + 0.5 j at step k, latitude i, longitude j; v10 = -1.5 + 0.25 i;
    u100 and v100 are 1.3 times u10 and v10."""
    k = np.arange(n_steps, dtype=float)[:, None, None]
    i = np.arange(len(lats), dtype=float)[None, :, None]
    j = np.arange(len(lons), dtype=float)[None, None, :]
    u10 = 2.0 + 0.001 * k + i + 0.5 * j
    v10 = np.broadcast_to(-1.5 + 0.25 * i, u10.shape)
    return {
        "u10": u10.astype(np.float32),
        "v10": v10.astype(np.float32),
        "u100": (1.3 * u10).astype(np.float32),
        "v100": (1.3 * v10).astype(np.float32),
    }


def write_era5(
    path,
    *,
    start: str = "2023-01-01",
    n_steps: int = 8761,
    style: str = "new",
    drop: tuple[str, ...] = (),
    lats=LATS,
    lons=LONS,
):
    """An ERA5 single-levels file as the CDS delivers it.

    ``new``: ``valid_time`` with a size-1 ``number`` dimension and a string ``expver`` along
    time, NetCDF4 (h5netcdf). ``old``: ``time``, NetCDF3 (scipy), which h5netcdf cannot open.
    """
    times = pd.date_range(start, periods=n_steps, freq="h")
    comps = {k: v for k, v in era5_components(n_steps, lats, lons).items() if k not in drop}
    if style == "new":
        data_vars = {
            name: (("number", "valid_time", "latitude", "longitude"), values[None])
            for name, values in comps.items()
        }
        coords = {
            "number": [0],
            "valid_time": times,
            "latitude": lats,
            "longitude": lons,
            "expver": ("valid_time", np.full(n_steps, "0001", dtype=object)),
        }
        if not comps:
            data_vars = {"t2m": (("valid_time",), np.full(n_steps, 280.0))}
        xr.Dataset(data_vars, coords).to_netcdf(path, engine="h5netcdf")
    else:
        data_vars = {
            name: (("time", "latitude", "longitude"), values) for name, values in comps.items()
        }
        coords = {"time": times, "latitude": lats, "longitude": lons}
        xr.Dataset(data_vars, coords).to_netcdf(path, engine="scipy")
    return path


def expected_era5(index: pd.DatetimeIndex, lat_i: int, lon_j: int, data_year: int = 2023):
    """Hand rule: model hour s -> UTC hour h = floor(s + 30 min) in the data year; value the
    mean of the speeds at h and h + 1 h at grid point (lat_i, lon_j); 10 m and 100 m."""
    utc = (index + pd.Timedelta(minutes=30)).tz_convert("UTC")
    data_hour = pd.to_datetime(
        {"year": data_year, "month": utc.month, "day": utc.day, "hour": utc.hour}
    )
    k = ((data_hour - pd.Timestamp(data_year, 1, 1)) // pd.Timedelta(hours=1)).to_numpy()
    comps = era5_components(int(k.max()) + 2)
    out = {}
    for height, (u, v) in {10.0: ("u10", "v10"), 100.0: ("u100", "v100")}.items():
        s = np.hypot(
            comps[u][:, lat_i, lon_j].astype(float), comps[v][:, lat_i, lon_j].astype(float)
        )
        out[height] = (s[k] + s[k + 1]) / 2
    return out


@pytest.fixture(scope="module")
def era5_new(tmp_path_factory):
    return write_era5(tmp_path_factory.mktemp("era5") / "era5_new.nc")


@pytest.mark.parametrize("style", ["new", "old"])
def test_era5_mid_hour_means_at_nearest_point(style, era5_new, tmp_path):
    path = era5_new if style == "new" else write_era5(tmp_path / "old.nc", style="old")
    out = read_era5(path, PARK_LAT, PARK_LON, INDEX)

    assert sorted(out.speeds_m_per_s) == [10.0, 100.0]
    expected = expected_era5(INDEX, lat_i=1, lon_j=2)  # 40.0 N, 111.25 E
    for height, series in out.speeds_m_per_s.items():
        assert series.index.equals(INDEX)
        assert not series.isna().any()
        np.testing.assert_allclose(series.to_numpy(), expected[height], rtol=1e-12)
    assert "40 N 111.25 E" in out.source and "t+1 h" in out.source

    # by hand: 2025-07-01 12:00 China time is 04:00-05:00 UTC on 1 July (step k = 181 days
    # * 24 + 4 = 4348 of 2023); at i = 1, j = 2: u10 = 2 + 4.348 + 1 + 1 = 8.348 m/s, then
    # 8.349 m/s, v10 = -1.25 m/s
    hour = pd.Timestamp("2025-07-01 12:00", tz="Asia/Shanghai")
    by_hand = (math.hypot(8.348, -1.25) + math.hypot(8.349, -1.25)) / 2  # 8.44156 m/s
    assert out.speeds_m_per_s[10.0][hour] == pytest.approx(by_hand, rel=1e-6)
    assert out.speeds_m_per_s[100.0][hour] == pytest.approx(1.3 * by_hand, rel=1e-6)
    # the model year's first hour (00:00 China time) is 16:00-17:00 UTC on 31 December
    first = (math.hypot(2 + 8.752 + 2, 1.25) + math.hypot(2 + 8.753 + 2, 1.25)) / 2
    assert out.speeds_m_per_s[10.0].iloc[0] == pytest.approx(first, rel=1e-6)


def test_era5_longitudes_0_to_360_and_short_index(tmp_path):
    """Grid 359.75..0.25 E, park at 0.2 W: nearest is 359.75; a UTC index of two days."""
    lats, lons = np.array([51.75, 51.5, 51.25]), np.array([359.75, 0.0, 0.25])
    path = write_era5(tmp_path / "london.nc", start="2023-06-01", n_steps=49, lats=lats, lons=lons)
    index = pd.date_range("2025-06-01", periods=48, freq="h", tz="UTC")
    out = read_era5(path, 51.5, -0.2, index)
    comps = era5_components(49, lats, lons)
    s = np.hypot(comps["u10"][:, 1, 0].astype(float), comps["v10"][:, 1, 0].astype(float))
    np.testing.assert_allclose(out.speeds_m_per_s[10.0].to_numpy(), (s[:-1] + s[1:]) / 2)
    assert "359.75 E" in out.source


def test_era5_far_park(era5_new):
    with pytest.raises(InputDataError) as err:
        read_era5(era5_new, 41.5, 111.0, INDEX)
    message = str(err.value)
    assert str(era5_new) in message
    assert "40.25 N 111 E" in message  # the nearest grid point
    assert "1.25 degree" in message and "within 0.5 degree" in message


@pytest.mark.parametrize(
    ("drop", "fragments"),
    [
        (("v100",), ["u10, u100, v10", "u100 and v100", "v100 missing"]),
        (("u10", "v10", "u100", "v100"), ["t2m", "u10, v10", "u100, v100"]),
    ],
)
def test_era5_missing_variable(drop, fragments, tmp_path):
    path = write_era5(tmp_path / "partial.nc", n_steps=30, drop=drop)
    with pytest.raises(InputDataError) as err:
        read_era5(path, PARK_LAT, PARK_LON, INDEX)
    message = str(err.value)
    assert str(path) in message and "era5.variables" in message
    for fragment in fragments:
        assert fragment in message


def test_era5_one_calendar_year_misses_the_last_hour(tmp_path):
    """8760 steps (no instant after 31 Dec 23:00 UTC): the hour 23:00-24:00 UTC, which is
    2025-01-01 07:00 China time, has no mean."""
    path = write_era5(tmp_path / "year.nc", n_steps=8760)
    with pytest.raises(InputDataError) as err:
        read_era5(path, PARK_LAT, PARK_LON, INDEX)
    message = str(err.value)
    assert "1 model hours without data" in message
    assert "2025-01-01 07:00" in message and "12-31 23:00 UTC" in message
    assert "2023-01-01 00:00 to 2023-12-31 23:00 UTC, 8760 steps" in message


def test_era5_missing_file(tmp_path):
    with pytest.raises(InputDataError, match="an existing ERA5 NetCDF file"):
        read_era5(tmp_path / "nope.nc", PARK_LAT, PARK_LON, INDEX)


# ------------------------------------------------------------------------------------------
# CSV
# ------------------------------------------------------------------------------------------


def hourly_speeds(n: int = 8760) -> tuple[np.ndarray, np.ndarray]:
    """Speeds [m/s] at 10 m and 100 m with three decimals (exact in the CSV text)."""
    k = np.arange(n)
    low = np.round(3.0 + 0.1 * (k % 24) + 0.001 * (k % 997), 3)
    return low, np.round(1.5 * low, 3)


@pytest.mark.parametrize("sep", [",", ";", "\t"])
def test_csv_8760_rows_two_heights(sep, tmp_path):
    low, high = hourly_speeds()
    decimal = "," if sep == ";" else "."
    path = tmp_path / "mast.csv"
    pd.DataFrame({"hour": np.arange(8760), "ws_10m": low, "ws_100m": high}).to_csv(
        path, sep=sep, decimal=decimal, index=False
    )
    out = read_wind_csv(path, {10: "ws_10m", 100.0: "ws_100m"}, INDEX)
    assert sorted(out.speeds_m_per_s) == [10.0, 100.0]
    for height, values in ((10.0, low), (100.0, high)):
        series = out.speeds_m_per_s[height]
        assert series.index.equals(INDEX)
        np.testing.assert_array_equal(series.to_numpy(), values)
    assert str(path) in out.source and "ws_100m (100 m)" in out.source


def test_csv_km_per_h_converted(tmp_path):
    path = tmp_path / "kmh.csv"
    kmh = np.where(np.arange(8760) % 2 == 0, 36.0, 18.0)  # 36 km/h = 10 m/s, 18 km/h = 5 m/s
    pd.DataFrame({"ws": kmh}).to_csv(path, index=False)
    out = read_wind_csv(path, {80.0: "ws"}, INDEX, unit="km/h")
    series = out.speeds_m_per_s[80.0]
    assert series.iloc[0] == pytest.approx(10.0) and series.iloc[1] == pytest.approx(5.0)
    assert "km/h converted to m/s" in out.source


def ten_minute_frame() -> pd.DataFrame:
    """10-minute speeds [m/s] through the leap year 2024 (naive China time): day-of-year / 40
    + the 10-minute slot / 10, so every hour and day differs; 2024-03-05 14:00-14:50 set by
    hand to 4, 5, 6.5, 7, 8, 9.5 m/s (mean 40 / 6)."""
    times = pd.date_range("2024-01-01", "2024-12-31 23:50", freq="10min")
    speed = np.array(np.round(times.day_of_year / 40 + (times.minute // 10) / 10, 4), dtype=float)
    hand = (times >= "2024-03-05 14:00") & (times <= "2024-03-05 14:50")
    speed[hand] = [4.0, 5.0, 6.5, 7.0, 8.0, 9.5]
    return pd.DataFrame({"time": times.strftime("%Y-%m-%d %H:%M"), "ws_80m": speed})


@pytest.fixture(scope="module")
def ten_minute(tmp_path_factory):
    frame = ten_minute_frame()
    path = tmp_path_factory.mktemp("mast") / "mast_10min.csv"
    frame.to_csv(path, index=False)
    return path, frame


def test_csv_ten_minute_timestamps_averaged(ten_minute):
    path, frame = ten_minute
    out = read_wind_csv(path, {80: "ws_80m"}, INDEX)
    series = out.speeds_m_per_s[80.0]
    assert series.index.equals(INDEX) and not series.isna().any()
    # by hand: the model hour 2025-03-05 14:00 is the mean of the six samples 14:00-14:50
    assert series[pd.Timestamp("2025-03-05 14:00", tz="Asia/Shanghai")] == pytest.approx(40 / 6)
    # 29 February of the data is dropped: 1 March 00:00 (day 61 of 2024) follows 28 February
    mar1 = series[pd.Timestamp("2025-03-01 00:00", tz="Asia/Shanghai")]
    assert mar1 == pytest.approx(61 / 40 + np.mean([0, 0.1, 0.2, 0.3, 0.4, 0.5]))
    feb28 = series[pd.Timestamp("2025-02-28 23:00", tz="Asia/Shanghai")]
    assert feb28 == pytest.approx(59 / 40 + 0.25)
    # every hour: the mean of its six samples
    times = pd.to_datetime(frame["time"])
    means = frame.groupby(times.dt.floor("h"))["ws_80m"].mean()
    means = means[~((means.index.month == 2) & (means.index.day == 29))]
    np.testing.assert_allclose(series.to_numpy(), means.to_numpy(), rtol=1e-12)
    assert "10-minute" in out.source and "averaged to hourly means" in out.source


def test_csv_utc_timestamps_to_china_time(tmp_path):
    """Hourly data stamped in UTC ('Z'): the model hour 2025-01-01 00:00+08:00 takes the
    data hour 31 December 16:00 UTC."""
    times = pd.date_range("2023-01-01", periods=8760, freq="h", tz="UTC")
    speed = np.round(3 + times.day_of_year / 100 + times.hour / 100, 3).to_numpy()
    path = tmp_path / "utc.csv"
    pd.DataFrame({"Timestamp": times.strftime("%Y-%m-%dT%H:%MZ"), "ws": speed}).to_csv(
        path, sep="\t", index=False
    )
    series = read_wind_csv(path, {100: "ws"}, INDEX).speeds_m_per_s[100.0]
    assert series.iloc[0] == pytest.approx(3 + 365 / 100 + 16 / 100)
    assert series[pd.Timestamp("2025-07-01 12:00", tz="Asia/Shanghai")] == pytest.approx(
        3 + 182 / 100 + 4 / 100
    )


def _edit(frame: pd.DataFrame, column: str, row: int, value) -> pd.DataFrame:
    frame = frame.copy()
    frame[column] = frame[column].astype(object)
    frame.loc[row, column] = value
    return frame


def hourly_frame() -> pd.DataFrame:
    low, high = hourly_speeds()
    return pd.DataFrame({"ws10": low, "ws100": high})


CSV_ERRORS = {
    # name: (frame maker, columns, unit, fragments the message must hold)
    "missing file": (None, {10: "ws10"}, "m/s", ["ws10", "an existing CSV file"]),
    "missing column": (
        hourly_frame,
        {100: "ws_100"},
        "m/s",
        ["wind.columns[100 m]", "'ws_100'", "one of: ws10, ws100"],
    ),
    "wrong row count": (
        lambda: hourly_frame().iloc[:-1],
        {10: "ws10"},
        "m/s",
        ["ws10 rows = 8759", "8760 hourly rows", "timestamp column"],
    ),
    "ten-minute rows without timestamps": (
        lambda: pd.DataFrame({"ws10": np.full(6 * 8760, 5.0)}),
        {10: "ws10"},
        "m/s",
        ["ws10 rows = 52560", "10-minute data", "add a timestamp column"],
    ),
    "empty cell": (
        lambda: _edit(hourly_frame(), "ws10", 100, ""),
        {10: "ws10"},
        "m/s",
        ["ws10 row 102 = ''", "a wind speed in m/s", "1 rows empty or not numeric"],
    ),
    "not numeric": (
        lambda: _edit(hourly_frame(), "ws100", 7, "n/a"),
        {10: "ws10", 100: "ws100"},
        "m/s",
        ["ws100 row 9 = 'n/a'", "a wind speed in m/s"],
    ),
    "NaN": (
        lambda: _edit(hourly_frame(), "ws10", 0, "NaN"),
        {10: "ws10"},
        "m/s",
        ["ws10 row 2 = 'NaN'", "a wind speed in m/s"],
    ),
    "negative": (
        lambda: _edit(hourly_frame(), "ws10", 5, -1.5),
        {10: "ws10"},
        "m/s",
        ["ws10 row 7 = '-1.5'", "a wind speed >= 0 m/s"],
    ),
    "above 75 m/s": (
        lambda: _edit(hourly_frame(), "ws100", 3000, 80.0),
        {100: "ws100"},
        "m/s",
        ["ws100 row 3002 = '80.0'", "<= 75 m/s", "the unit km/h"],
    ),
    "above 75 m/s in km/h": (
        lambda: _edit(hourly_frame() * 3.6, "ws10", 10, 300.0),
        {10: "ws10"},
        "km/h",
        ["ws10 row 12 = '300.0'", "<= 75 m/s (270 km/h)"],
    ),
    "hour missing from timestamps": (
        lambda: ten_minute_frame().drop(index=range(144 * 64 + 6 * 14, 144 * 64 + 6 * 15)),
        {80: "ws_80m"},
        "m/s",
        ["time =", "1 model hours without data", "2025-03-05 14:00", "ws_80m (80 m)"],
    ),
    "incomplete hour": (
        lambda: ten_minute_frame().drop(index=144 * 64 + 6 * 14 + 2),
        {80: "ws_80m"},
        "m/s",
        ["time hour 2024-03-05 14:00 = '5 samples'", "6 10-minute samples"],
    ),
    "bad timestamp": (
        lambda: _edit(ten_minute_frame(), "time", 500, "soon"),
        {80: "ws_80m"},
        "m/s",
        ["time row 502 = 'soon'", "a date and time"],
    ),
    "negative with timestamp": (
        lambda: _edit(ten_minute_frame(), "ws_80m", 12, -0.2),
        {80: "ws_80m"},
        "m/s",
        ["ws_80m row 14 (time 2024-01-01 02:00) = '-0.2'", ">= 0 m/s"],
    ),
}


@pytest.mark.parametrize("case", list(CSV_ERRORS))
def test_csv_errors_name_file_column_and_expectation(case, tmp_path):
    make, columns, unit, fragments = CSV_ERRORS[case]
    path = tmp_path / "mast.csv"
    if make is not None:
        make().to_csv(path, index=False)
    with pytest.raises(InputDataError) as err:
        read_wind_csv(path, columns, INDEX, unit=unit)
    message = str(err.value)
    assert message.startswith(f"{path}: "), message
    assert "\n" not in message
    for fragment in fragments:
        assert fragment in message, f"{fragment!r} not in {message!r}"


def test_csv_unknown_unit(tmp_path):
    with pytest.raises(InputDataError, match=re.escape("one of m/s, km/h")):
        read_wind_csv(tmp_path / "x.csv", {10: "ws"}, INDEX, unit="knots")


# ------------------------------------------------------------------------------------------
# shear
# ------------------------------------------------------------------------------------------


def test_shear_exponent_of_a_0_2_power_law():
    rng = np.random.default_rng(7)
    low = pd.Series(rng.uniform(0.0, 15.0, 8760), index=INDEX)
    high = low * (100.0 / 10.0) ** 0.2
    # calm hours (below 3 m/s at 10 m) are left out, whatever the upper anemometer says
    high[low < 3.0] = 0.0
    assert shear_exponent(low, high, 10.0, 100.0) == pytest.approx(0.2, abs=1e-12)


def test_shear_exponent_rules():
    low = pd.Series(np.full(150, 5.0))
    high = pd.Series(np.full(150, 6.0))
    assert shear_exponent(low, high, 50.0, 100.0) == pytest.approx(math.log(1.2) / math.log(2))
    with pytest.raises(InputDataError, match="0 < low < high"):
        shear_exponent(low, high, 100.0, 50.0)
    few = low.where(low.index < 99, 2.0)  # 99 hours at or above 3 m/s
    with pytest.raises(InputDataError, match="at least 100 hours"):
        shear_exponent(few, high, 50.0, 100.0)
