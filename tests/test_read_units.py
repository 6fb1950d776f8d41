"""Issue 22, class 2: no number read wrong without a word, over every input reader.

Each case writes one input that a person could plausibly get wrong (a decimal comma, a
thousands separator, kW in a per-kW profile, km/h read as m/s, an ERA5 ``units`` attribute,
kg/h of steam given as t/h, ``inf`` in a meter file) and checks that the reader refuses it
with one line naming the file, the field (and row) and what was expected with its unit
(exit 2, nothing written), or reads it right, or warns where the value is possible but
suspicious. Readers: hourly CSV profiles (``profiles.py``, through ``parkopt validate``),
heat demand (``checks.py``), mast CSVs (``wind_csv.py``), ERA5 NetCDF (``era5.py``) and meter
files (``inventory``, through ``parkopt inventory`` and ``--check``).
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import xarray as xr
import yaml
from typer.testing import CliRunner

from parkopt.models.errors import InputDataError
from parkopt.models.hub_wind import read_era5, read_wind_csv
from parkopt.optimizer.cli.main import EXIT_INPUT, app

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "inputs" / "example_park.yaml"
HOURS = 8760
HOUR = np.arange(HOURS) % 24
LOAD_KW = np.where((HOUR >= 8) & (HOUR < 20), 20_000.0, 12_000.5)  # peaks at 20,000 kW


@pytest.fixture(scope="module")
def example() -> dict:
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    data["horizon_hours"] = 48
    return data


@pytest.fixture
def base(example) -> dict:
    return copy.deepcopy(example)


def write_scenario(folder: Path, data: dict) -> Path:
    path = folder / "scenario.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def one_line(result, *fragments: str) -> str:
    """Exit 2, no traceback, exactly one ``error:`` line holding every fragment."""
    assert result.exit_code == EXIT_INPUT, (result.exit_code, result.stdout, result.stderr)
    assert isinstance(result.exception, SystemExit), result.exception
    lines = [x for x in result.stderr.splitlines() if x.strip()]
    assert len(lines) == 1, lines
    for fragment in fragments:
        assert fragment in lines[0], (fragment, lines[0])
    return lines[0]


# --- hourly CSV profiles ------------------------------------------------------------------------

LOAD_TEXT = "\n".join(f"{v:.1f}" for v in LOAD_KW)
PROFILE_CASES = {
    # name: (file text, the line's fragments); the load profile, column "load", unit kW
    "decimal_commas_in_a_comma_file": (
        "load\n" + LOAD_TEXT.replace(".", ","),
        ["load.csv", "line 2", "'12000,5'", "decimal comma", "19999.5"],
    ),
    "thousands_separators_quoted": (
        "load\n" + "\n".join(f'"{v:,.0f}"' for v in LOAD_KW),
        ["load.csv", "load row 2", "'12,000'", "a number in kW without a comma"],
    ),
    "thousands_and_decimal_marks": (
        "hour;load\n" + "\n".join(f"{i};{v:,.1f}" for i, v in enumerate(LOAD_KW)),
        ["load.csv", "load row 2", "'12,000.5'", "without thousands separators"],
    ),
    "semicolon_file_mixing_marks": (
        "hour;load\n0;20.000\n"
        + "\n".join(f"{i};{v:.1f}".replace(".", ",") for i, v in enumerate(LOAD_KW[1:], 1)),
        ["load.csv", "load row 2", "'20.000'", "row 3 has a decimal comma", "thousands"],
    ),
    "tab_file_with_decimal_commas": (
        "hour\tload\n"
        + "\n".join(f"{i}\t{v:.1f}".replace(".", ",") for i, v in enumerate(LOAD_KW)),
        ["load.csv", "load row 2", "'12000,5'", "semicolon-separated"],
    ),
}


@pytest.mark.parametrize("case", sorted(PROFILE_CASES))
def test_profile_numbers_are_never_guessed(case, tmp_path, base):
    text, fragments = PROFILE_CASES[case]
    (tmp_path / "load.csv").write_text(text + "\n", encoding="utf-8")
    base.pop("load")
    base.setdefault("profiles", {})["load_kw"] = {"path": "load.csv", "column": "load"}
    result = CliRunner().invoke(app, ["validate", str(write_scenario(tmp_path, base))])
    one_line(result, *fragments)


def test_semicolon_decimal_commas_and_points_alone_read_right(tmp_path, base):
    """One decimal mark per column is read as it is: commas in a semicolon file, points."""
    for name, text in (
        ("commas", "\n".join(f"{i};{v:.1f}".replace(".", ",") for i, v in enumerate(LOAD_KW))),
        ("points", "\n".join(f"{i};{v:.1f}" for i, v in enumerate(LOAD_KW))),
    ):
        (tmp_path / f"{name}.csv").write_text("hour;load\n" + text + "\n", encoding="utf-8")
        data = copy.deepcopy(base)
        data.pop("load")
        data.setdefault("profiles", {})["load_kw"] = {"path": f"{name}.csv", "column": "load"}
        result = CliRunner().invoke(app, ["validate", str(write_scenario(tmp_path, data))])
        assert result.exit_code == 0, result.stderr
        assert "load peak 20,000 kW" in result.stdout


GENERATOR_CASES = {
    # profile key, values, fragments
    "pv_in_kw": (
        "pv_kw_per_kw_dc",
        np.where(HOUR == 12, 8000.0, 0.0),
        ["pv.csv", "out row 14 = 8000.0", "0 to 1.3 kW/kW", "365 rows above", "in kW?"],
    ),
    "pv_in_w_per_kw": (
        "pv_kw_per_kw_dc",
        np.where(HOUR == 12, 850.0, 0.0),
        ["pv.csv", "out row 14 = 850.0", "0 to 1.3 kW/kW"],
    ),
    "wind_above_its_rating": (
        "wind_kw_per_kw",
        np.where(HOUR == 3, 1.2, 0.4),
        ["wind.csv", "out row 5 = 1.2", "0 to 1.05 kW/kW"],
    ),
}


@pytest.mark.parametrize("case", sorted(GENERATOR_CASES))
def test_output_per_kw_outside_what_a_kw_gives(case, tmp_path, base):
    key, values, fragments = GENERATOR_CASES[case]
    name = "pv.csv" if key.startswith("pv") else "wind.csv"
    pd.DataFrame({"out": values}).to_csv(tmp_path / name, index=False)
    base.setdefault("profiles", {})[key] = {"path": name, "column": "out"}
    result = CliRunner().invoke(app, ["validate", str(write_scenario(tmp_path, base))])
    one_line(result, *fragments)


def test_output_per_kw_at_the_limit_is_read(tmp_path, base):
    """PV up to 1.3 kW per kW_DC (cloud enhancement, bifacial) and wind at 1.0 are valid."""
    pd.DataFrame({"out": np.where(HOUR == 12, 1.3, 0.0)}).to_csv(tmp_path / "pv.csv", index=False)
    pd.DataFrame({"out": np.where(HOUR == 3, 1.0, 0.3)}).to_csv(tmp_path / "w.csv", index=False)
    profiles = base.setdefault("profiles", {})
    profiles["pv_kw_per_kw_dc"] = {"path": "pv.csv", "column": "out"}
    profiles["wind_kw_per_kw"] = {"path": "w.csv", "column": "out"}
    result = CliRunner().invoke(app, ["validate", str(write_scenario(tmp_path, base))])
    assert result.exit_code == 0, result.stderr


# --- heat demand ------------------------------------------------------------------------------


def with_steam(data: dict, demand: dict) -> dict:
    data["heat"] = {
        "levels": [
            {
                "name": "steam",
                "temperature_c": 175,
                "steam": {"pressure_bar": 9, "feedwater_c": 60},
                "demand": demand,
            }
        ]
    }
    data["technologies"]["existing_gas_boiler"] = {"capacity_kw": 20000}
    return data


STEAM_PROFILE = {"profile": {"path": "steam.csv", "column": "t", "unit": "t/h"}}
HEAT_CASES = {
    # demand, steam.csv column t (or None), fragments of the line
    "kg_per_h_as_t_per_h": (
        STEAM_PROFILE,
        10_000.0,
        [
            "steam.csv: t = 'peak 10,000 t/h (7,003,178 kW_th), 350 x the electrical peak",
            "at most 50 x the electrical peak",
            "kg/h given as t/h?",
        ],
    ),
    "kw_as_mw": (
        {"profile": {"path": "steam.csv", "column": "t", "unit": "MW"}},
        20_000.0,
        ["steam.csv: t = 'peak 20,000 MW (20,000,000 kW_th)", "at most 50 x"],
    ),
    "annual_kwh_as_mwh": (
        {"annual_mwh": 5e9},
        None,
        ["scenario.yaml: heat.levels.steam.demand.annual_mwh", "kW_th", "at most 50 x"],
    ),
}


@pytest.mark.parametrize("case", sorted(HEAT_CASES))
def test_heat_demand_far_above_the_park(case, tmp_path, base):
    demand, value, fragments = HEAT_CASES[case]
    if value is not None:
        pd.DataFrame({"t": np.full(HOURS, value)}).to_csv(tmp_path / "steam.csv", index=False)
    data = with_steam(base, demand)
    data.pop("load")
    pd.DataFrame({"load": LOAD_KW}).to_csv(tmp_path / "load.csv", index=False)
    data.setdefault("profiles", {})["load_kw"] = {"path": "load.csv", "column": "load"}
    result = CliRunner().invoke(app, ["validate", str(write_scenario(tmp_path, data))])
    one_line(result, *fragments)


def test_heat_demand_unusual_but_possible_is_a_warning(tmp_path, base):
    """500 t/h for a 20 MW park (18 x its peak): run goes on, and says so on the console and
    in summary.json's warnings."""
    pd.DataFrame({"t": np.full(HOURS, 500.0)}).to_csv(tmp_path / "steam.csv", index=False)
    data = with_steam(base, STEAM_PROFILE)
    data["technologies"]["existing_gas_boiler"]["capacity_kw"] = 400_000  # room for it
    data.pop("carbon")  # no cut: the steam is burnt gas, as today
    data.pop("load")
    pd.DataFrame({"load": LOAD_KW}).to_csv(tmp_path / "load.csv", index=False)
    data.setdefault("profiles", {})["load_kw"] = {"path": "load.csv", "column": "load"}
    scenario = write_scenario(tmp_path, data)
    out = tmp_path / "run"
    result = CliRunner().invoke(app, ["run", str(scenario), "--out", str(out), "--no-plots"])
    assert result.exit_code == 0, (result.stdout, result.stderr)
    said = "heat peak 500 t/h (350,159 kW_th), 18 x the electrical peak 20,000 kW"
    assert said in result.stdout
    warnings = json.loads((out / "summary.json").read_text(encoding="utf-8"))["warnings"]
    assert any(said in w and "steam.csv" in w for w in warnings), warnings


# --- mast CSVs -----------------------------------------------------------------------------------

INDEX = pd.date_range("2025-01-01", periods=HOURS, freq="h", tz="Asia/Shanghai")


def mast_speeds(mean_m_per_s: float) -> np.ndarray:
    """Hourly speeds [m/s] with the given mean, none above 3 x it."""
    k = np.arange(HOURS)
    return np.round(mean_m_per_s * (1 + 0.5 * np.sin(k / 7.0)), 2)


MAST_CASES = {
    # columns {height: header}, file unit, speeds written, unit given, fragments
    "kmh_read_as_ms_at_100m": (
        {100.0: "ws_100m"},
        5.0 * 3.6,
        "m/s",
        ["ws_100m (mean) = '18.00 m/s'", "at most 13.0 m/s", "km/h"],
    ),
    "kmh_read_as_ms_at_10m": (
        {10.0: "ws_10m"},
        3.0 * 3.6,
        "m/s",
        ["ws_10m (mean) = '10.80 m/s'", "at 10 m of at most 9.4 m/s", "give the unit km/h"],
    ),
    "header_says_kmh": (
        {100.0: "ws_100m [km/h]"},
        7.0,
        "m/s",
        ["ws_100m [km/h] (header)", "the header says km/h", "wind_data.unit: km/h"],
    ),
    "header_says_ms_unit_kmh": (
        {100.0: "ws_100m (m/s)"},
        7.0,
        "km/h",
        ["ws_100m (m/s) (header)", "the header says m/s"],
    ),
}


@pytest.mark.parametrize("case", sorted(MAST_CASES))
def test_mast_speeds_in_another_unit_are_refused(case, tmp_path):
    columns, mean, unit, fragments = MAST_CASES[case]
    path = tmp_path / "mast.csv"
    pd.DataFrame({c: mast_speeds(mean) for c in columns.values()}).to_csv(path, index=False)
    assert pd.read_csv(path).max().max() < 75  # no value alone gives it away
    with pytest.raises(InputDataError) as err:
        read_wind_csv(path, columns, INDEX, unit)
    message = str(err.value)
    assert "\n" not in message and message.startswith(f"{path}: ")
    for fragment in fragments:
        assert fragment in message, (fragment, message)


def test_mast_header_agreeing_with_the_unit_is_read(tmp_path):
    path = tmp_path / "mast.csv"
    kmh = mast_speeds(8.0) * 3.6
    pd.DataFrame({"ws_100m [km/h]": kmh}).to_csv(path, index=False)
    out = read_wind_csv(path, {100.0: "ws_100m [km/h]"}, INDEX, "km/h")
    assert out.speeds_m_per_s[100.0].mean() == pytest.approx(kmh.mean() / 3.6)


@pytest.mark.parametrize(
    ("text", "fragments"),
    [
        ("ws\n" + "\n".join("7,25" for _ in range(HOURS)), ["line 2 = '7,25'", "decimal comma"]),
        ("h;ws\n0;7.250\n" + "\n".join(f"{i};7,25" for i in range(1, HOURS)), ["ws row 2"]),
        ("ws\n" + "\n".join('"1,250.5"' for _ in range(HOURS)), ["ws row 2", "thousands"]),
    ],
    ids=["decimal_commas_comma_file", "semicolon_mixed_marks", "thousands_separator"],
)
def test_mast_numbers_are_never_guessed(text, fragments, tmp_path):
    path = tmp_path / "mast.csv"
    path.write_text(text + "\n", encoding="utf-8")
    with pytest.raises(InputDataError) as err:
        read_wind_csv(path, {100.0: "ws"}, INDEX)
    for fragment in fragments:
        assert fragment in str(err.value), (fragment, str(err.value))


def test_mast_kmh_through_the_scenario_is_one_line(tmp_path, base):
    path = tmp_path / "mast.csv"
    pd.DataFrame({"ws": mast_speeds(6.0) * 3.6}).to_csv(path, index=False)
    base["technologies"]["wind"]["wind_data"] = {"path": "mast.csv", "columns": {100: "ws"}}
    result = CliRunner().invoke(app, ["validate", str(write_scenario(tmp_path, base))])
    one_line(result, "mast.csv", "ws (mean)", "at most 13.0 m/s", "km/h")


# --- ERA5 NetCDF ------------------------------------------------------------------------------

LATS, LONS = np.array([40.25, 40.0, 39.75]), np.array([110.75, 111.0, 111.25])


def write_era5(path: Path, scale: float = 1.0, units: dict | None = None) -> Path:
    """A new-style CDS file (valid_time), u = 4 + small changes, v = -3 [m/s] x ``scale``, with
    the ``units`` attribute of each variable (``units``: name -> text; None drops it)."""
    n = HOURS + 1
    times = pd.date_range("2023-01-01", periods=n, freq="h")
    k = np.arange(n, dtype=float)[:, None, None]
    shape = (n, len(LATS), len(LONS))
    u = np.broadcast_to(4.0 + 0.5 * np.sin(k / 9.0), shape) * scale
    v = np.full(shape, -3.0) * scale
    units = units or {}
    data_vars = {}
    for name, values in (("u10", u), ("v10", v), ("u100", 1.3 * u), ("v100", 1.3 * v)):
        unit = units.get(name, "m s**-1")
        attrs = {} if unit is None else {"units": unit}
        data_vars[name] = (
            ("valid_time", "latitude", "longitude"),
            values.astype(np.float32),
            attrs,
        )
    coords = {"valid_time": times, "latitude": LATS, "longitude": LONS}
    xr.Dataset(data_vars, coords).to_netcdf(path, engine="h5netcdf")
    return path


def era5_speeds(path: Path) -> dict:
    out = read_era5(path, 40.08, 111.2, INDEX)
    return {h: s.to_numpy() for h, s in out.speeds_m_per_s.items()}


def test_era5_units_attribute_converts(tmp_path):
    """km h**-1 and knots are converted; a file without units is m/s, as ERA5's."""
    reference = era5_speeds(write_era5(tmp_path / "ms.nc"))
    kmh = {n: "km h**-1" for n in ("u10", "v10", "u100", "v100")}
    knots = {n: "knots" for n in ("u10", "v10", "u100", "v100")}
    bare = {n: None for n in ("u10", "v10", "u100", "v100")}
    for name, scale, units in (("kmh", 3.6, kmh), ("kt", 1 / 0.514444, knots), ("none", 1, bare)):
        got = era5_speeds(write_era5(tmp_path / f"{name}.nc", scale, units))
        for height in (10.0, 100.0):
            np.testing.assert_allclose(got[height], reference[height], rtol=1e-5)


ERA5_CASES = {
    # scale of the values, units, fragments
    "temperature_units": (1.0, {"u100": "K"}, ["era5.u100.units = 'K'", "a speed unit"]),
    "kelvin_values_labelled_ms": (
        70.0,
        {},
        ["era5.u10/v10 (speed)", "<= 75 m/s", "units attribute"],
    ),
    "kmh_values_labelled_ms": (
        3.6,
        {},
        ["era5.u10/v10 (mean speed)", "at most 9.4 m/s", "km h**-1 read as m s**-1"],
    ),
}


@pytest.mark.parametrize("case", sorted(ERA5_CASES))
def test_era5_values_that_are_no_wind_in_m_per_s(case, tmp_path):
    scale, units, fragments = ERA5_CASES[case]
    path = write_era5(tmp_path / "bad.nc", scale, units)
    with pytest.raises(InputDataError) as err:
        read_era5(path, 40.08, 111.2, INDEX)
    message = str(err.value)
    assert "\n" not in message and message.startswith(f"{path}: ")
    for fragment in fragments:
        assert fragment in message, (fragment, message)


# --- meter files ----------------------------------------------------------------------------------

HEADER = "firm,meter,carrier,timestamp,value,unit"


def meter_lines(year: int = 2024, days: int = 14, firm: str = "F1") -> list[str]:
    """Hourly interval readings [kWh] of one meter, ending at each hour of ``days`` days."""
    ends = pd.date_range(f"{year}-01-01 01:00", periods=24 * days, freq="h")
    values = 100.0 + 10.0 * (ends.hour.to_numpy() % 12)
    return [
        f"{firm},{firm}-E,electricity,{t:%Y-%m-%d %H:%M},{v:.1f},kWh"
        for t, v in zip(ends, values, strict=True)
    ]


def write_meters(folder: Path, lines: list[str], name: str = "m.csv") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text("\n".join([HEADER, *lines]) + "\n", encoding="utf-8")
    return path


def with_value(lines: list[str], at: int, text: str) -> list[str]:
    out = list(lines)
    out[at] = out[at].rsplit(",", 2)[0] + f",{text},kWh"
    return out


def inventory(*args) -> object:
    return CliRunner().invoke(app, ["inventory", *map(str, args), "--quiet", "--no-plots"])


VALUE_CASES = {"inf": "inf", "minus_inf": "-inf", "nan_text": "NaN", "overflow": "1e400"}


@pytest.mark.parametrize("check", [True, False], ids=["check", "run"])
@pytest.mark.parametrize("case", sorted(VALUE_CASES))
def test_meter_value_that_is_no_reading(case, check, tmp_path):
    path = write_meters(tmp_path / "meters", with_value(meter_lines(), 99, VALUE_CASES[case]))
    out = tmp_path / "inv"
    args = ["--check"] if check else ["--out", out]
    line = one_line(inventory(path.parent, *args), str(path), "value row 101", "a finite number")
    assert "inf and NaN" in line
    assert not out.exists()


@pytest.mark.parametrize("value", [np.inf, np.nan], ids=["inf", "nan"])
def test_parquet_float_that_is_no_reading(value, tmp_path):
    """A Parquet float inf or NaN is refused; a null (empty) is a missing reading."""
    lines = meter_lines()
    frame = pd.DataFrame([x.split(",") for x in lines], columns=HEADER.split(","))
    values = frame.pop("value").astype(float).to_numpy().copy()
    values[5] = value
    table = pa.Table.from_pandas(frame, preserve_index=False)
    table = table.append_column("value", pa.array(values, from_pandas=False))  # NaN kept
    (tmp_path / "m").mkdir()
    pq.write_table(table, tmp_path / "m" / "m.parquet")
    one_line(inventory(tmp_path / "m", "--check"), "m.parquet", "value row 6", "a finite number")


def test_every_value_dropped_or_filled_has_its_file_and_row(tmp_path):
    """Empty values, readings of another year and the gaps they leave: rows of quality.csv
    naming the file and the row, with the rule and the action."""
    lines = with_value(meter_lines(), 99, "")  # line 101 empty
    lines += [x.replace("2024-", "2023-") for x in meter_lines(days=1)]  # 24 of another year
    path = write_meters(tmp_path / "meters", lines)
    out = tmp_path / "inv"
    result = inventory(path.parent, "--out", out)
    assert result.exit_code == 0, result.stderr
    quality = pd.read_csv(out / "quality.csv")
    assert quality[["file", "row", "rule", "action"]].notna().all().all(), quality
    missing = quality[quality["issue"] == "missing_value"].iloc[0]
    assert missing["file"] == str(path) and missing["row"] == 101
    outside = quality[quality["issue"] == "outside_year"].iloc[0]
    assert outside["row"] == 2 + len(meter_lines()) and "24 of the meter's" in outside["detail"]
    assert outside["action"] == "not used"
    filled = quality[quality["issue"] == "gap_filled"].iloc[0]
    assert filled["row"] == 100  # the last reading before the gap


FAMILY_CASES = {
    # how the folder is given, the line's fragments
    "same_file_twice": ("twice", ["m.csv: (file)", "a meter file given once"]),
    "folder_and_its_file": ("folder_and_file", ["m.csv: (file)", "given once"]),
    "header_only": ("header", ["h.csv: (file)", "meter readings (it has none: a header alone)"]),
    "all_outside_the_year": ("other_year", ["--year = 2024", "the calendar year of the readings"]),
}


def family_args(kind: str, folder: Path) -> list:
    path = write_meters(folder, meter_lines(year=2022 if kind == "other_year" else 2024))
    if kind == "twice":
        return [path, path]
    if kind == "folder_and_file":
        return [folder, path]
    if kind == "header":
        (folder / "h.csv").write_text(HEADER + "\n", encoding="utf-8")
        return [folder / "h.csv"]
    return [folder]


@pytest.mark.parametrize("check", [True, False], ids=["check", "run"])
@pytest.mark.parametrize("case", sorted(FAMILY_CASES))
def test_meter_file_family_one_line(case, check, tmp_path):
    kind, fragments = FAMILY_CASES[case]
    args = family_args(kind, tmp_path / "meters")
    out = tmp_path / "inv"
    result = inventory(*args, *(["--check"] if check else ["--out", out]))
    one_line(result, *fragments)
    assert not out.exists()


def test_check_lists_every_problem_at_once_and_writes_nothing(tmp_path):
    folder = tmp_path / "meters"
    write_meters(folder, with_value(meter_lines(firm="A"), 10, "inf"), "a.csv")
    write_meters(folder, with_value(meter_lines(firm="B"), 20, "n/a"), "b.csv")
    (folder / "c.csv").write_text(HEADER + "\n", encoding="utf-8")
    write_meters(folder, meter_lines(firm="D"), "d.csv")
    before = sorted(p.name for p in tmp_path.rglob("*"))
    result = inventory(folder, "--check")
    assert result.exit_code == EXIT_INPUT, result.stdout
    lines = result.stderr.splitlines()
    files = [x.removeprefix("error: ").split(": ")[0].rsplit("/", 1)[-1] for x in lines]
    assert files == ["a.csv", "b.csv", "c.csv"], lines
    assert "value row 12 = 'inf'" in lines[0] and "value row 22 = 'n/a'" in lines[1]
    assert sorted(p.name for p in tmp_path.rglob("*")) == before


def test_check_of_good_meters_is_a_summary(tmp_path):
    folder = tmp_path / "meters"
    write_meters(folder, with_value(meter_lines(), 50, ""))
    before = sorted(p.name for p in tmp_path.rglob("*"))
    result = CliRunner().invoke(app, ["inventory", str(folder), "--check"])
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "meter files ok for 2024" in out and "1 files, 1 firms, 1 meters, 336 readings" in out
    assert "missing_value 1" in out and "nothing written" in out
    assert sorted(p.name for p in tmp_path.rglob("*")) == before
    assert not Path("results").exists() or not any(Path("results").glob("inventory-*"))


def semicolon_lines(lines: list[str]) -> list[str]:
    """The long lines with ';' separators and decimal commas."""
    return [x.replace(",", ";").replace(".", ",") for x in lines]


@pytest.mark.parametrize(
    ("cell", "shown"),
    [("1.234,5", "'1.234,5'"), ("20.000", "'20.000'"), ("1 234,5", "'1 234,5'")],
    ids=["thousands_and_decimal", "point_among_decimal_commas", "space_separator"],
)
def test_semicolon_meter_numbers_are_never_guessed(cell, shown, tmp_path):
    lines = semicolon_lines(meter_lines())
    lines[30] = lines[30].rsplit(";", 2)[0] + f";{cell};kWh"
    folder = tmp_path / "meters"
    folder.mkdir()
    (folder / "m.csv").write_text("\n".join([HEADER.replace(",", ";"), *lines]) + "\n")
    one_line(inventory(folder, "--check"), "m.csv", f"value row 32 = {shown}", "a finite number")


def test_semicolon_meter_decimal_commas_read_right(tmp_path):
    folder = tmp_path / "meters"
    folder.mkdir()
    lines = semicolon_lines(with_value(meter_lines(), 0, "123.5"))
    (folder / "m.csv").write_text("\n".join([HEADER.replace(",", ";"), *lines]) + "\n")
    out = tmp_path / "inv"
    result = inventory(folder, "--out", out)
    assert result.exit_code == 0, result.stderr
    monthly = pd.read_csv(out / "monthly.csv")
    kwh = 123.5 - 110.0 + sum(100.0 + 10.0 * (h % 12) for h in range(1, 24 * 14 + 1))
    mine = monthly[(monthly["firm"] == "F1") & (monthly["carrier"] == "electricity")]
    assert mine["unit"].eq("MWh").all()
    assert mine["consumption"].sum() == pytest.approx(kwh / 1000.0, rel=1e-9)
