"""Reading and cleaning meter files (``optimizer.inventory.read`` and ``.clean``).

Each case plants one thing in small data written to a temporary folder and checks the
month's consumption against a figure worked out by hand here (comments carry the
arithmetic), and the quality row or the Problem line that reports it. Unless a case says
otherwise a meter reads 10 kWh every hour of January 2024 (Asia/Shanghai): 744 h x 10 =
7440 kWh; the months without readings are one long gap, left NaN and flagged.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from parkopt.optimizer.inventory.clean import meter_hours
from parkopt.optimizer.inventory.read import read_meters

TZ = "Asia/Shanghai"
YEAR = 2024
JAN_ENDS = pd.date_range("2024-01-01 01:00", "2024-02-01 00:00", freq="h")  # 744 hour ends
JAN_H = 744
TOL = 1e-9  # kWh: sums of exact binary fractions
KEY = ("F1", "M1", "electricity")


def long(ends, values, firm="F1", meter="M1", carrier="electricity", unit="kWh", kind=None):
    """Long-format rows; ``ends`` naive local times (or texts), ``unit`` one or per row."""
    stamps = (
        ends if isinstance(ends[0], str) else pd.DatetimeIndex(ends).strftime("%Y-%m-%d %H:%M:%S")
    )
    frame = pd.DataFrame(
        {
            "firm": firm,
            "meter": meter,
            "carrier": carrier,
            "timestamp": list(stamps),
            "value": np.asarray(values, dtype=float),
            "unit": unit,
        }
    )
    if kind is not None:
        frame["kind"] = kind
    return frame


def write(folder: Path, name: str, *frames: pd.DataFrame, **csv) -> Path:
    path = folder / name
    pd.concat(frames, ignore_index=True).to_csv(path, index=False, **csv)
    return path


def clean(paths, **options):
    steam = options.pop("steam_kwh_per_t", None)
    readings = read_meters(paths, TZ, steam_kwh_per_t=steam)
    assert readings.problems == []
    return readings, meter_hours(readings, YEAR, TZ, **options)


def january(hours, key=KEY) -> float:
    return float(hours.values[key].loc["2024-01"].sum())


def one(quality: pd.DataFrame, issue: str) -> pd.Series:
    rows = quality[quality["issue"] == issue]
    assert len(rows) == 1, quality[["issue", "timestamp", "detail"]]
    return rows.iloc[0]


def local(text: str) -> pd.Timestamp:
    return pd.Timestamp(text, tz=TZ)


def register_readings(step_kwh=5.0, start=9000.0):
    """Cumulative readings at every hour from 2024-01-01 00:00 to 02-01 00:00 (745)."""
    ends = pd.date_range("2024-01-01 00:00", "2024-02-01 00:00", freq="h")
    return ends, start + step_kwh * np.arange(len(ends))


# --- registers ----------------------------------------------------------------------------


def test_counter_reset_counts_the_new_reading(tmp_path):
    ends, reading = register_readings(start=5000.0)
    reading[200:] = 2.0 + 5.0 * np.arange(len(ends) - 200)  # 5995 -> 2: below 1 % of 5995
    path = write(tmp_path, "reg.csv", long(ends, reading, kind="register"))
    readings, hours = clean(path)
    # 744 steps: 743 of 5 kWh and the reset step, whose consumption is the new reading (2)
    assert january(hours) == pytest.approx(743 * 5 + 2, abs=TOL)
    row = one(hours.quality, "counter_reset")
    assert (row["row"], row["timestamp"]) == (202, local("2024-01-09 08:00"))
    assert "5995 to 2 kWh (below 1 % of it)" in row["detail"]


def test_counter_rolling_over_counts_the_rest_to_its_power_of_ten(tmp_path):
    ends, reading = register_readings(start=9000.0)
    reading[200:] = 2.0 + 5.0 * np.arange(len(ends) - 200)  # 9995 -> 2: over 10000
    _, hours = clean(write(tmp_path, "reg.csv", long(ends, reading, kind="register")))
    # the rollover step used 10000 - 9995 + 2 = 7 kWh: the month 743 x 5 + 7
    assert january(hours) == pytest.approx(743 * 5 + 7, abs=TOL)
    assert "rolled over at 10000" in one(hours.quality, "counter_reset")["detail"]


def test_meter_replacement_is_a_gap_filled_from_similar_days(tmp_path):
    ends, reading = register_readings()
    reading[200:] = 5000.0 + 5.0 * np.arange(len(ends) - 200)  # a new meter from 5000
    path = write(tmp_path, "reg.csv", long(ends, reading, kind="register"))
    readings, hours = clean(path)
    # the replaced step (Tue 9 Jan 07:00-08:00) is unknown; Mon 8 and Wed 10 Jan read 5 then
    assert january(hours) == pytest.approx(744 * 5, abs=TOL)
    row = one(hours.quality, "meter_replacement")
    assert row["row"] == 202 and "9995 to 5000" in row["detail"]
    filled = hours.quality[hours.quality["issue"] == "gap_filled"]
    assert list(filled["timestamp"]) == [local("2024-01-09 07:00")]
    assert "same hour" in filled.iloc[0]["rule"]


def test_register_gap_is_spread_linearly(tmp_path):
    ends, reading = register_readings()
    keep = np.ones(len(ends), bool)
    keep[101:105] = False  # readings of 05:00-08:00 on 5 Jan missing: one 5 h step
    reading[105:] += 30.0  # 55 kWh used over those 5 h instead of 25
    path = write(tmp_path, "reg.csv", long(ends[keep], reading[keep], kind="register"))
    readings, hours = clean(path)
    # the month: 744 x 5 + 30; the 5 hours share the 55 kWh evenly, 11 each
    assert january(hours) == pytest.approx(744 * 5 + 30, abs=1e-6)
    gap = hours.values[KEY].loc["2024-01-05 04:00":"2024-01-05 08:00"]
    assert gap.to_numpy() == pytest.approx([11.0] * 5)
    row = one(hours.quality, "gap_filled")
    assert row["hours"] == 5 and "linear" in row["rule"] and row["row"] == 103


# --- duplicates, order, negative values, outliers --------------------------------------------


def test_duplicates_identical_dropped_conflicting_keep_first(tmp_path):
    base = long(JAN_ENDS, np.full(JAN_H, 10.0))
    same = base.iloc[[5]]  # 06:00 again, 10 kWh
    other = base.iloc[[9]].assign(value=99.0)  # 10:00 again with 99 kWh: the first (10) kept
    path = write(tmp_path, "dup.csv", base, same, other)
    readings, hours = clean(path)
    assert january(hours) == pytest.approx(7440, abs=TOL)
    duplicate = one(hours.quality, "duplicate")
    assert (duplicate["row"], duplicate["timestamp"]) == (JAN_H + 2, local("2024-01-01 06:00"))
    conflict = one(hours.quality, "conflicting_duplicate")
    assert conflict["row"] == JAN_H + 3 and "10 kWh kept (row 11)" in conflict["detail"]


def test_out_of_order_rows_are_sorted(tmp_path):
    base = long(JAN_ENDS, 10.0 + np.arange(JAN_H) % 5)
    shuffled = pd.concat([base.iloc[:100], base.iloc[[101, 100]], base.iloc[102:]])
    _, expected = clean(write(tmp_path, "sorted.csv", base))
    _, hours = clean(write(tmp_path, "shuffled.csv", shuffled))
    pd.testing.assert_frame_equal(hours.values, expected.values)
    row = one(hours.quality, "out_of_order")
    assert (row["row"], row["timestamp"]) == (103, local("2024-01-05 05:00"))


def test_a_meter_split_over_files_read_in_any_order(tmp_path):
    values = 10.0 + np.arange(JAN_H) % 5
    _, whole = clean(write(tmp_path, "whole.csv", long(JAN_ENDS, values)))
    split = tmp_path / "split"
    split.mkdir()
    write(split, "a_second_half.csv", long(JAN_ENDS[400:], values[400:]))
    write(split, "b_first_half.csv", long(JAN_ENDS[:400], values[:400]))
    _, hours = clean(split)
    pd.testing.assert_frame_equal(hours.values, whole.values)
    assert "out_of_order" not in set(hours.quality["issue"])  # each file is in order


def test_negative_interval_is_flagged_and_filled(tmp_path):
    values = np.full(JAN_H, 10.0)
    values[300] = -4.0  # the hour ending 13 Jan 13:00 (a Saturday)
    _, hours = clean(write(tmp_path, "neg.csv", long(JAN_ENDS, values)))
    # filled from the Saturdays before and after: 10
    assert january(hours) == pytest.approx(7440, abs=TOL)
    row = one(hours.quality, "negative_interval")
    assert (row["row"], row["timestamp"]) == (302, local("2024-01-13 13:00"))
    assert list(hours.quality.query("issue == 'gap_filled'")["timestamp"]) == [
        local("2024-01-13 12:00")
    ]


def test_outlier_hour_is_flagged_and_filled(tmp_path):
    ends = pd.date_range("2024-01-01 01:00", "2024-03-01 00:00", freq="h")  # 1440 hours
    values = 10.0 + (np.arange(len(ends)) % 3)  # 10, 11, 12, ... by hour of day mod 3
    spike = 30 * 24 + 5  # 31 Jan 05:00-06:00 (a Wednesday), 12 kWh normally
    values[spike] = 5000.0  # > 20 x median 11 and > 3 x the 99.9th percentile 12
    _, hours = clean(write(tmp_path, "spike.csv", long(ends, values)))
    # January: 31 days x 24 h, each day 8 x (10 + 11 + 12) = 264 kWh
    assert january(hours) == pytest.approx(31 * 264, abs=TOL)
    row = one(hours.quality, "outlier")
    assert (row["row"], row["timestamp"]) == (spike + 2, local("2024-01-31 05:00"))
    assert "20 x the median" in row["rule"]


# --- gaps ---------------------------------------------------------------------------------


def day_hour_values(ends) -> np.ndarray:
    """100 x the day of the month + the hour the reading closes: each hour its own value."""
    starts = pd.DatetimeIndex(ends) - pd.Timedelta(hours=1)
    return (100.0 * starts.day + starts.hour).to_numpy()


def test_interval_gap_filled_from_the_same_hour_of_similar_days(tmp_path):
    values = day_hour_values(JAN_ENDS)
    missing = (JAN_ENDS > "2024-01-15 10:00") & (JAN_ENDS <= "2024-01-15 13:00")  # Mon 10-13
    path = write(tmp_path, "gap.csv", long(JAN_ENDS[~missing], values[~missing]))
    _, hours = clean(path)
    # each missing hour h takes the mean of Fri 12 and Tue 16 Jan: (1200 + 1600) / 2 + h,
    # 100 below Monday's own 1500 + h: the month is 3 x 100 below the whole series
    assert january(hours) == pytest.approx(values.sum() - 300, abs=TOL)
    assert hours.values[KEY].loc["2024-01-15 10:00"] == 1410
    row = one(hours.quality, "gap_filled")
    assert row["timestamp"] == local("2024-01-15 10:00") and row["hours"] == 3


def test_gap_too_long_leaves_nan_and_flags_the_month(tmp_path):
    values = np.full(JAN_H, 10.0)
    missing = (JAN_ENDS > "2024-01-10 08:00") & (JAN_ENDS <= "2024-01-10 18:00")  # 10 h
    _, hours = clean(write(tmp_path, "long.csv", long(JAN_ENDS[~missing], values[~missing])))
    january_hours = hours.values[KEY].loc["2024-01"]
    assert january_hours.isna().sum() == 10
    assert january_hours.sum() == pytest.approx(7440 - 100, abs=TOL)  # what was metered
    rows = hours.quality[hours.quality["issue"] == "gap_too_long"]
    first = rows.iloc[0]
    assert first["timestamp"] == local("2024-01-10 08:00") and first["hours"] == 10
    assert "F1 2024-01 flagged incomplete" in first["action"]
    assert "2024-02" in rows.iloc[1]["action"]  # February onwards: no readings at all
    _, longer = clean(tmp_path / "long.csv", max_gap_h=12.0)  # the limit is a parameter
    assert january(longer) == pytest.approx(7440, abs=TOL)
    assert one(longer.quality, "gap_filled")["hours"] == 10


# --- steps, units, time zones ------------------------------------------------------------


def test_quarter_hours_then_hours_in_one_meter(tmp_path):
    quarters = pd.date_range("2024-01-01 00:15", "2024-01-11 00:00", freq="15min")
    hourly = pd.date_range("2024-01-11 01:00", "2024-02-01 00:00", freq="h")
    frames = long(quarters, np.full(len(quarters), 2.5)), long(hourly, np.full(len(hourly), 10.0))
    _, hours = clean(write(tmp_path, "mixed.csv", *frames))
    jan = hours.values[KEY].loc["2024-01"]
    assert jan.sum() == pytest.approx(7440, abs=TOL) and (jan == 10).all()  # 4 x 2.5 an hour
    row = one(hours.quality, "step_changed")
    assert row["timestamp"] == local("2024-01-11 01:00") and "every 15 min" in row["detail"]


def test_clock_drift_of_seconds_is_no_gap(tmp_path):
    quarters = pd.date_range("2024-01-01 00:15", "2024-02-01 00:00", freq="15min")
    drift = pd.to_timedelta(np.random.default_rng(1).integers(-3, 4, len(quarters)), unit="s")
    _, hours = clean(
        write(tmp_path, "drift.csv", long(quarters + drift, np.full(len(quarters), 2.5)))
    )
    # a reading 3 s late lends 3 / 900 of itself to the next hour: at most 2 x 2.5 x 3 / 900
    jan = hours.values[KEY].loc["2024-01"].to_numpy()
    assert jan == pytest.approx(np.full(JAN_H, 10.0), abs=2 * 2.5 * 3 / 900 + 1e-9)
    assert january(hours) == pytest.approx(7440, abs=0.01)
    assert hours.quality.query("issue == 'gap_filled'").empty


def test_mwh_and_kwh_meters_in_one_file_and_a_unit_change_flagged(tmp_path):
    kwh = long(JAN_ENDS, np.full(JAN_H, 10.0), meter="A")
    mwh = long(JAN_ENDS, np.full(JAN_H, 0.01), meter="B", unit="MWh")
    units = np.where(np.arange(JAN_H) < 400, "kWh", "MWh")
    changing = long(JAN_ENDS, np.where(units == "kWh", 10.0, 0.01), meter="C", unit=units)
    readings, hours = clean(write(tmp_path, "units.csv", kwh, mwh, changing))
    for meter in "ABC":
        assert january(hours, ("F1", meter, "electricity")) == pytest.approx(7440)
    row = one(readings.quality, "unit_mismatch")
    assert (row["meter"], row["row"]) == ("C", 2 * JAN_H + 402)
    assert row["detail"].startswith("unit changes from kWh to MWh")


def test_heat_in_gj_and_steam_in_tonnes(tmp_path):
    gj = long(JAN_ENDS, np.full(JAN_H, 0.036), meter="hw", carrier="heat", unit="GJ")
    steam = long(JAN_ENDS, np.full(JAN_H, 0.02), meter="st", carrier="蒸汽", unit="t")
    path = write(tmp_path, "heat.csv", gj, steam)
    # 0.036 GJ = 10 kWh; 0.02 t x 500 kWh/t = 10 kWh
    _, hours = clean(path, steam_kwh_per_t=500.0)
    assert january(hours, ("F1", "hw", "heat")) == pytest.approx(7440)
    assert january(hours, ("F1", "st", "heat")) == pytest.approx(7440)
    (problem,) = read_meters(path, TZ).problems  # no steam enthalpy given
    assert str(problem).startswith(f"{path}: unit row {JAN_H + 2} = 't': steam_kwh_per_t")
    assert str(problem).endswith(f"({JAN_H - 1} more rows like it)")


def test_naive_and_offset_timestamps_give_the_same_hours(tmp_path):
    values = 10.0 + np.arange(JAN_H) % 7
    utc = (JAN_ENDS - pd.Timedelta(hours=8)).strftime("%Y-%m-%dT%H:%M:%SZ")
    offset = JAN_ENDS.strftime("%Y-%m-%dT%H:%M:%S+08:00")
    _, naive = clean(write(tmp_path, "naive.csv", long(JAN_ENDS, values)))
    for name, stamps in (("utc.csv", utc), ("offset.csv", offset)):
        _, hours = clean(write(tmp_path, name, long(list(stamps), values)))
        pd.testing.assert_frame_equal(hours.values, naive.values)


def test_a_zone_with_daylight_saving_time_is_converted_not_assumed(tmp_path):
    zone = "Europe/Berlin"
    ends = pd.date_range("2024-03-30 01:00", "2024-04-02 00:00", freq="h", tz=zone)
    frame = long(ends.tz_localize(None), np.full(len(ends), 10.0))  # naive local: no 02:00
    readings = read_meters(write(tmp_path, "berlin.csv", frame), zone)
    hours = meter_hours(readings, YEAR, zone)
    # 31 March has 23 local hours: 230 kWh; the hour ending 03:00 CEST began at 01:00 CET
    day = hours.values[KEY].loc["2024-03-31"]
    assert len(day) == 23 and day.sum() == pytest.approx(230.0, abs=TOL)
    assert len(hours.values) == 8784  # 02:00 skipped in March, 02:00 twice in October


def test_wide_chinese_and_parquet_files_give_the_same_hours_as_long(tmp_path):
    e = 10.0 + np.arange(JAN_H) % 7
    gas = 1.25 + np.arange(JAN_H) % 3
    long_path = write(
        tmp_path,
        "long.csv",
        long(JAN_ENDS, e),
        long(JAN_ENDS, gas, meter="G", carrier="natural_gas", unit="m3"),
    )
    _, expected = clean(long_path)
    wide = pd.DataFrame(
        {"时间": JAN_ENDS.strftime("%Y/%m/%d %H:%M"), "F1/M1/电/kWh": e, "F1/G/天然气/m3": gas}
    )
    wide.to_csv(tmp_path / "wide.csv", index=False)
    chinese = pd.concat(
        [
            long(JAN_ENDS, e, carrier="电力"),
            long(JAN_ENDS, gas, meter="G", carrier="天然气", unit="立方米"),
        ]
    )
    chinese.columns = ["企业", "表计", "能源品种", "时间", "读数", "单位"]
    (tmp_path / "zh.csv").write_bytes(
        chinese.to_csv(index=False, sep=";", decimal=",").encode("gb18030")
    )
    parquet = pd.read_csv(long_path)
    parquet["timestamp"] = pd.to_datetime(parquet["timestamp"])  # typed, naive local
    parquet.to_parquet(tmp_path / "long.parquet")
    for name in ("wide.csv", "zh.csv", "long.parquet"):
        _, hours = clean(tmp_path / name)
        pd.testing.assert_frame_equal(hours.values, expected.values, obj=name)


# --- files that cannot be read: one Problem line each ----------------------------------------


def cells(column: str, value: str, rows: tuple[int, ...]):
    """A change writing ``value`` into ``column`` at the given 0-based data rows."""
    return lambda f: f.assign(
        **{column: [value if i in rows else v for i, v in enumerate(f[column])]}
    )


BAD = {
    "missing column": (
        lambda f: f.drop(columns="unit"),
        "column unit: a column unit or 单位 (found: firm, meter, carrier, timestamp, value)",
    ),
    "unknown carrier": (
        cells("carrier", "water", (3, 7)),
        "carrier row 5 = 'water': one of electricity, natural_gas, heat "
        "(电, 电力, 天然气, 热, 热力, 蒸汽) (1 more row like it)",
    ),
    "unknown unit": (cells("unit", "kW", (4,)), "unit row 6 = 'kW': one of kWh, MWh, m3, Nm3"),
    "unit of another carrier": (
        cells("unit", "m3", (4,)),
        "unit row 6 = 'm3': a unit of electricity: kWh, MWh",
    ),
    "timestamp": (
        cells("timestamp", "2024-01-32 01:00", (2,)),
        "timestamp row 4 = '2024-01-32 01:00': a date and time such as",
    ),
    "value": (
        cells("value", "n/a", (1, 2, 3)),
        "value row 3 = 'n/a': a finite number (an empty cell is a missing reading; inf and NaN "
        "are none) (2 more rows like it)",
    ),
}


@pytest.mark.parametrize("case", BAD)
def test_a_bad_file_gives_one_clear_problem(tmp_path, case):
    change, expected = BAD[case]
    path = write(tmp_path, "bad.csv", change(long(JAN_ENDS[:24], np.full(24, 10.0))))
    readings = read_meters(path, TZ)
    expected = f"{path}: {expected}"
    assert [str(p)[: len(expected)] for p in readings.problems] == [expected]
    assert len(readings.frame) == 0
