"""The example meter files (``parkopt inventory --make-example``): deterministic, the planted
defects where the manifest says, annual totals that match the manifest, a Spring Festival
that shows in the load, and a park of the intended size.

The files are read here with plain pandas and pyarrow, independently of
``optimizer.inventory.read``: these tests check the generator, not the reader."""

from __future__ import annotations

import filecmp
import json

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest

from parkopt.optimizer.inventory.example import (
    DAY_KINDS,
    HOLIDAYS,
    WRAP,
    day_kinds,
    make_example,
    spring_festival,
)

SMALL = {"firms": 5, "step_minutes": 60, "seed": 7}
"""The tests' park: 5 firms (electronics, food, chemicals, textile, logistics), hourly."""
REL_TOL = 1e-9
"""Annual sums recomputed from the files against the manifest's [-]."""


def read_csv(path) -> pd.DataFrame:
    """A long meter file; ``local``: its timestamps as naive local times."""
    df = pd.read_csv(path, dtype={"timestamp": str})
    df["local"] = pd.to_datetime(df["timestamp"].str.replace("+08:00", "").str.replace("T", " "))
    return df


def annual(df: pd.DataFrame) -> pd.Series:
    """Each meter's consumption over the file: interval sums, register last - first."""
    out = {}
    for meter, rows in df.groupby("meter", sort=False):
        register = "kind" in rows and (rows["kind"] == "register").all()
        out[meter] = (
            rows["value"].iloc[-1] - rows["value"].iloc[0] if register else rows["value"].sum()
        )
    return pd.Series(out)


@pytest.fixture(scope="module")
def clean(tmp_path_factory):
    folder = tmp_path_factory.mktemp("clean")
    return folder, make_example(folder, defects=False, **SMALL)


@pytest.fixture(scope="module")
def defective(tmp_path_factory):
    """Half-hourly, so that the switch to hourly steps is planted too."""
    folder = tmp_path_factory.mktemp("defects")
    return folder, make_example(folder, firms=5, step_minutes=30, seed=7)


def test_same_seed_same_bytes_other_seed_other_bytes(tmp_path):
    runs = (("a", 7), ("b", 7), ("c", 8))
    a, b, c = (make_example(tmp_path / n, **{**SMALL, "seed": s}) for n, s in runs)
    assert a == b and a != c
    for sub in ("meters", "formats"):
        cmp = filecmp.dircmp(tmp_path / "a" / sub, tmp_path / "b" / sub)
        assert cmp.left_list == cmp.right_list and cmp.left_only == cmp.right_only == []
        _, mismatch, errors = filecmp.cmpfiles(
            tmp_path / "a" / sub, tmp_path / "b" / sub, cmp.common_files, shallow=False
        )
        assert mismatch == errors == []
    assert filecmp.cmp(tmp_path / "a" / "manifest.json", tmp_path / "b" / "manifest.json", False)
    assert not filecmp.cmp(tmp_path / "a/meters/F01_electricity.csv",
                           tmp_path / "c/meters/F01_electricity.csv", False)  # fmt: skip


def test_parquet_is_deterministic_and_holds_the_csv_rows(tmp_path, clean):
    folder, manifest = clean
    one = make_example(tmp_path / "p1", defects=False, file_format="parquet", **SMALL)
    make_example(tmp_path / "p2", defects=False, file_format="parquet", **SMALL)
    assert one["meters"] == [
        {**m, "file": m["file"].replace(".csv", ".parquet")} for m in manifest["meters"]
    ]
    for name in one["files"]:
        assert filecmp.cmp(tmp_path / "p1/meters" / name, tmp_path / "p2/meters" / name, False)
        table = pq.read_table(tmp_path / "p1/meters" / name).to_pandas()
        csv = read_csv(folder / "meters" / name.replace(".parquet", ".csv"))
        np.testing.assert_array_equal(table["value"].to_numpy(), csv["value"].to_numpy())
        ts = table["timestamp"]
        local = ts.dt.tz_convert("Asia/Shanghai").dt.tz_localize(None) if ts.dt.tz else ts
        np.testing.assert_array_equal(local.to_numpy(), csv["local"].to_numpy())


def test_annual_totals_match_the_manifest(clean):
    folder, manifest = clean
    totals = pd.concat([annual(read_csv(folder / "meters" / f)) for f in manifest["files"]])
    assert len(totals) == len(manifest["meters"])
    for m in manifest["meters"]:
        assert totals[m["meter"]] == pytest.approx(m["annual"], rel=REL_TOL), m["meter"]
    park = manifest["park"]
    for key, value in park["annual"].items():
        assert sum(park["monthly"][key]) == pytest.approx(value, rel=REL_TOL)
        by_firm = sum(f[key] for f in manifest["firm_totals"].values())
        assert by_firm == pytest.approx(value, rel=REL_TOL)
    assert manifest["rows"] == sum(manifest["files"].values())


def test_units_kinds_and_timestamps_as_the_manifest_says(clean):
    folder, manifest = clean
    units = {m["meter"]: m["unit"] for m in manifest["meters"]}
    for name in manifest["files"]:
        df = read_csv(folder / "meters" / name)
        assert (df["unit"] == df["meter"].map(units)).all(), name
        offset = df["firm"].iloc[0] == manifest["offset_firm"]
        assert df["timestamp"].str.endswith("+08:00").all() == offset, name
    mwh = read_csv(folder / "meters" / f"{manifest['mwh_file']['firm']}_electricity.csv")
    assert set(mwh["unit"]) == {"MWh"}
    assert {m["unit"] for m in manifest["meters"]} == {"kWh", "MWh", "m3", "GJ", "t"}


def _check(d: dict, df: pd.DataFrame, step: pd.Timedelta) -> None:
    """One planted defect, in the rows the manifest names."""
    rows = df.iloc[d["index"]]
    assert (rows["meter"] == d["meter"]).all()
    ts, v = rows["local"].to_numpy(), rows["value"].to_numpy()
    name = d["defect"]
    if name in ("identical_duplicate", "conflicting_duplicate"):
        assert (ts[0::2] == ts[1::2]).all() and len(ts) == 2 * d["rows_repeated"]
        same = v[0::2] == v[1::2]
        assert same.all() if name.startswith("identical") else not same.any()
    elif name.endswith("gap"):
        assert ts[1] - ts[0] == (d["rows_missing"] + 1) * step
    elif name == "negative_interval":
        assert v[0] == -d["true"] < 0
    elif name == "outlier":
        assert v[0] == pytest.approx(40 * d["true"]) and v[0] > 10 * df["value"].median()
    elif name == "out_of_order":
        before = df["local"].iloc[d["index"][0] - 1]
        assert ts[0] < before and (np.diff(ts) == step).all()
    elif name == "step_change":
        assert ts[1] - ts[0] == pd.Timedelta("60min")
        assert df["local"].iloc[d["index"][0]] - df["local"].iloc[d["index"][0] - 1] == step
    elif name == "counter_reset":
        assert v[0] > WRAP - d["true"] and v[1] < d["true"]
        assert v[1] + WRAP - v[0] == pytest.approx(d["true"], abs=2e-3)
    elif name == "meter_replacement":
        assert v[1] == d["readings"][1] == 5000.0 < v[0] and v[1] > 10 * d["true"]
    else:
        raise AssertionError(f"unchecked defect {name}")


def test_planted_defects_are_where_the_manifest_says(defective):
    folder, manifest = defective
    planted = {d["defect"] for d in manifest["defects"]}
    assert planted == {
        "counter_reset", "meter_replacement", "identical_duplicate", "conflicting_duplicate",
        "step_change", "short_gap", "long_gap", "negative_interval", "outlier", "out_of_order",
    }  # fmt: skip
    mwh_firm, step = manifest["mwh_file"]["firm"], pd.Timedelta(minutes=manifest["step_minutes"])
    for d in manifest["defects"]:
        df = read_csv(folder / "meters" / d["file"])
        _check(d, df, step)
        at = pd.Timestamp(d["at"])  # the first row changed (or missing)
        times = df["local"].iloc[d["index"]]
        assert at == times.iloc[0] + step if d["defect"].endswith("gap") else at in list(times)
        assert d["row"] == [i + 2 for i in d["index"]]
        assert d["firm"] != mwh_firm or d["carrier"] != "electricity"


def test_defect_free_files_are_clean(clean):
    folder, manifest = clean
    for name in manifest["files"]:
        df = read_csv(folder / "meters" / name)
        for _, rows in df.groupby("meter"):
            steps = rows["local"].diff().dropna()
            assert (steps == pd.Timedelta("60min")).all(), name
            if "kind" in rows and (rows["kind"] == "register").all():
                assert (rows["value"].diff().dropna() >= 0).all()
            else:
                assert (rows["value"] >= 0).all()


def _daily_park_kwh(folder, manifest) -> pd.Series:
    to_kwh = {"kWh": 1.0, "MWh": 1000.0}
    parts = []
    for name in manifest["files"]:
        df = read_csv(folder / "meters" / name)
        if df["carrier"].iloc[0] != "electricity":
            continue
        if "kind" in df:  # registers to interval consumption
            reg = df["kind"] == "register"
            df.loc[reg, "value"] = df[reg].groupby("meter")["value"].diff()
            df = df.dropna(subset=["value"])
        start = df["local"] - pd.Timedelta(minutes=manifest["step_minutes"])
        parts.append((df["value"] * df["unit"].map(to_kwh)).groupby(start.dt.date).sum())
    return pd.concat(parts).groupby(level=0).sum()


def test_spring_festival_shows_lower_load(clean):
    folder, manifest = clean
    daily = _daily_park_kwh(folder, manifest)
    daily.index = pd.to_datetime(daily.index)
    first, last = (pd.Timestamp(f"2024-{d}") for d in manifest["spring_festival"].split(":"))
    assert (first, last) == (pd.Timestamp("2024-02-10"), pd.Timestamp("2024-02-17"))
    festival = daily[first:last]
    kinds = pd.Series(day_kinds(daily.index.to_numpy().astype("datetime64[D]"), 2024), daily.index)
    before = daily["2024-01-08":"2024-02-08"][kinds["2024-01-08":"2024-02-08"] == 0]
    assert len(festival) == 8 and len(before) >= 20
    assert festival.mean() < 0.6 * before.mean()
    assert festival.max() < before.min()
    sundays = daily[kinds == DAY_KINDS.index("sunday")]
    assert festival.mean() < sundays.mean()


def test_holiday_table():
    for year in HOLIDAYS:
        days = np.arange(np.datetime64(f"{year}-01-01"), np.datetime64(f"{year + 1}-01-01"))
        kinds = pd.Series(day_kinds(days, year)).map(dict(enumerate(DAY_KINDS)))
        assert 7 <= (kinds == "spring_festival").sum() <= 9, year
        assert (kinds == "eve").sum() <= 1  # 2026's eve is a make-up working day
    days = np.array(["2024-02-04", "2024-02-18", "2024-10-07", "2024-10-12", "2024-06-10"],
                    dtype="datetime64[D]")  # fmt: skip
    assert [DAY_KINDS[k] for k in day_kinds(days, 2024)] == [
        "working_day", "working_day", "holiday", "working_day", "holiday",
    ]  # fmt: skip
    assert spring_festival(2026) == "02-15:02-23"
    with pytest.raises(ValueError, match="2023-2026"):
        day_kinds(days, 2030)


def test_formats_hold_the_same_values_as_the_long_rows(clean):
    folder, manifest = clean
    f = manifest["formats"]
    wide = pd.read_csv(folder / f["wide"])
    chinese = pd.read_csv(folder / f["chinese_headers"])
    assert list(chinese.columns[:6]) == ["企业", "表计", "能源品种", "时间", "读数", "单位"]
    long = read_csv(folder / "meters" / "F01_electricity.csv")
    for meter in f["meters"]:
        rows = long[long["meter"] == meter].set_index("timestamp")["value"]
        column = f"F01/{meter}/electricity/kWh"  # firm/meter/carrier/unit
        assert (rows.loc[wide["timestamp"]].to_numpy() == wide[column].to_numpy()).all()
        mine = chinese[chinese["表计"] == meter].set_index("时间")["读数"]
        assert (rows.loc[mine.index].to_numpy() == mine.to_numpy()).all()
    assert len(chinese) == f["rows"] == 7 * 24 * len(f["meters"])
    assert set(chinese["能源品种"]) == {"电力"} and set(chinese["单位"]) == {"千瓦时"}


def test_default_park_size(tmp_path):
    """The default 40 firms, hourly: a park of 20-40 MW of electricity, about 10 t/h of
    boiler steam and a few MW of purchased heat."""
    manifest = make_example(tmp_path, step_minutes=60, defects=False)
    hours = 8784
    park = manifest["park"]["annual"]
    assert 20e3 <= park["electricity_kwh"] / hours <= 40e3
    assert 6 <= park["natural_gas_m3"] / hours / 78.0 <= 14
    assert 1e3 <= park["heat_kwh"] / hours <= 8e3
    assert len(manifest["firms"]) == 40 and len({f["industry"] for f in manifest["firms"]}) == 7
    assert json.loads((tmp_path / "manifest.json").read_text()) == json.loads(json.dumps(manifest))
