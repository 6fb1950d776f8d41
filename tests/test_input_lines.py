"""Issue 22, classes 1, 3, 4 and 5: every bad input is one line, exit 2, naming home.

Through the `parkopt` command (typer's CliRunner), across every file type and command:

1. files that are not text, not UTF-8 or cut short (scenario, study, a study's base, a run's
   summary.json and scenario.yaml), steam outside IAPWS-IF97, --out onto a file, meter files
   given twice, header-only or outside --year, bad --timezone, --firms and --make-example:
   one line, never a traceback;
3. contradictions refused: a YAML key given twice (scenario, study, base, nested, flow),
   two sites of one name, min above max (durations, sizes, state of charge), capacity keys
   that name no technology, capacities in a plan study, --steam-kwh-per-t <= 0,
   --workers/--dask-local below 1 or given together;
4. superheated steam accepted (its enthalpy checked against iapws directly);
5. a study's base file named for the base's problems; --workers -2 a bad option.

Each case asserts exit 2 (1 for the safety net's bugs), the number of ``error:`` lines, and
that each line names the file (or option), the field and the value.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
import typer
import yaml
from typer.testing import CliRunner

from parkopt.optimizer.cli.common import EXIT_BUG, guarded
from parkopt.optimizer.cli.main import EXIT_INPUT, app

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "inputs" / "example_park.yaml"
HEAT_EXAMPLE = ROOT / "inputs" / "zero_carbon_park.yaml"
HORIZON_H = 24
BUNDLED_WEATHER = "pvlib:723170TYA.CSV"
"""The default example's weather, shipped with pvlib: where ../shared is absent."""
METER_HEADER = "firm,meter,carrier,timestamp,value,unit\n"


def invoke(*args: str | Path):
    return CliRunner().invoke(app, [str(a) for a in args])


def check_lines(result, *expected: list[str], code: int = EXIT_INPUT) -> list[str]:
    """Exit ``code``, no traceback, one ``error:`` line per entry of ``expected`` holding
    each of its fragments."""
    assert result.exit_code == code, (result.exit_code, result.stdout, result.stderr)
    assert isinstance(result.exception, SystemExit), result.exception
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert "Traceback" not in result.stderr
    errors = [line for line in lines if line.startswith("error: ")]
    assert len(errors) == len(expected), lines
    for line, fragments in zip(errors, expected, strict=True):
        for fragment in fragments:
            assert fragment in line, (fragment, line)
    return errors


@pytest.fixture(scope="module")
def example() -> dict:
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    data["horizon_hours"] = HORIZON_H
    data["carbon"] = {"reduction": 0.1}
    return data


@pytest.fixture
def base(example) -> dict:
    return copy.deepcopy(example)


@pytest.fixture
def heat_base() -> dict:
    data = yaml.safe_load(HEAT_EXAMPLE.read_text(encoding="utf-8"))
    data["horizon_hours"] = HORIZON_H
    weather = (HEAT_EXAMPLE.parent / data["weather"]["path"]).resolve()
    data["weather"]["path"] = str(weather)
    if not weather.is_file():  # ../shared absent: pvlib's bundled file (its own clock)
        data["weather"]["path"] = BUNDLED_WEATHER
        data["park"].pop("timezone", None)
    return data


def dump(folder: Path, data: dict, name: str = "scenario.yaml") -> Path:
    path = folder / name
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def study_of(folder: Path, base: str = "scenario.yaml", name: str = "study.yaml", **more) -> Path:
    doc = {"name": "s", "base": base, "mode": "plan", **more}
    if not any(k in more for k in ("grid", "sites", "variants", "samples")):
        doc["grid"] = {"carbon.reduction": [0.1]}
    return dump(folder, doc, name)


@pytest.fixture(scope="module")
def run_folder(tmp_path_factory, example) -> Path:
    """One finished 24-hour run (for report and compare)."""
    folder = tmp_path_factory.mktemp("run")
    scenario = dump(folder, example)
    result = invoke("run", scenario, "--out", folder / "r", "--quiet", "--no-plots")
    assert result.exit_code == 0, result.stderr
    return folder / "r"


# --- class 1: files that are not text, not UTF-8, not whole -----------------------------------

TEXT_FAULTS = {
    "nul": (lambda b: b[:40] + b"\x00" + b[40:], "NUL byte"),
    "latin1": (lambda b: b.replace(b"name: ", "name: Café".encode("latin-1"), 1), "not UTF-8"),
    "binary": (lambda b: bytes(range(256)) * 4, "NUL byte"),
    "utf16": (lambda b: b.decode().encode("utf-16"), "NUL byte"),
    "bad_yaml": (lambda b: b + b"\nextra: [1, 2\n", "valid YAML"),
    "cut_short": (lambda b: b[: len(b) // 2] + b"\n  broken: {a: [", "valid YAML"),
}


@pytest.mark.parametrize("fault", sorted(TEXT_FAULTS))
@pytest.mark.parametrize("where", ["validate", "run", "study", "study_base", "validate_study"])
def test_yaml_file_not_text_is_one_line(tmp_path, base, fault, where):
    """Every YAML input (a scenario for validate and run, a study file, the base a study
    names, a study given to validate): one line naming the file and the place."""
    spoil, expected = TEXT_FAULTS[fault]
    scenario = dump(tmp_path, base)
    study = study_of(tmp_path)
    target = scenario if where in ("validate", "run", "study_base") else study
    target.write_bytes(spoil(target.read_bytes()))
    if where == "validate":
        result = invoke("validate", scenario)
    elif where == "run":
        result = invoke("run", scenario, "--out", tmp_path / "out", "--quiet")
    elif where == "validate_study":
        result = invoke("validate", study)
    else:
        result = invoke("study", study, "--out", tmp_path / "out", "--quiet")
    check_lines(result, [f"error: {target}", expected])
    assert not (tmp_path / "out").exists()


def test_json_and_run_files_cut_short(tmp_path, run_folder):
    """A run folder whose summary.json is cut short (report, compare) or whose scenario.yaml
    is not YAML (report): one line naming the file and the place."""
    broken = tmp_path / "cut"
    broken.mkdir()
    for f in run_folder.iterdir():
        if f.is_file():
            (broken / f.name).write_bytes(f.read_bytes())
    text = json.dumps(json.loads((run_folder / "summary.json").read_text()))
    (broken / "summary.json").write_text(text[: len(text) // 2], encoding="utf-8")
    summary = str(broken / "summary.json")
    check_lines(invoke("report", broken), [summary, "line 1, column", "valid JSON"])
    check_lines(
        invoke("compare", run_folder, broken, "--out", tmp_path / "cmp"),
        [summary, "valid JSON"],
    )
    (broken / "summary.json").write_text(text, encoding="utf-8")
    (broken / "timeseries.parquet").write_bytes(b"PAR1")
    check_lines(invoke("report", broken), [str(broken / "timeseries.parquet"), "read whole"])
    (broken / "timeseries.parquet").write_bytes((run_folder / "timeseries.parquet").read_bytes())
    (broken / "scenario.yaml").write_text("park: [\n", encoding="utf-8")
    check_lines(invoke("report", broken), [str(broken / "scenario.yaml"), "valid YAML"])


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("mast.csv", b"time,ws100\n", "a header alone"),
        ("mast.csv", b"ws100\n", "a header alone"),
        ("mast.csv", bytes(range(256)) * 8, "readable CSV"),
        ("era5.nc", b"not a netcdf file", "readable NetCDF"),
        ("era5.nc", b"", "readable NetCDF"),
    ],
)
def test_wind_data_file_not_whole(tmp_path, base, name, content, expected):
    """A mast CSV or an ERA5 file that is empty, a header alone or not its format."""
    (tmp_path / name).write_bytes(content)
    data = {"path": name, "columns": {100: "ws100"}} if name.endswith(".csv") else {"path": name}
    base["technologies"]["wind"]["wind_data"] = data
    scenario = dump(tmp_path, base)
    check_lines(invoke("validate", scenario), [str(tmp_path / name), expected])


STEAM_OUT_OF_RANGE = [
    ({"pressure_bar": 900_000}, "steam.pressure_bar = 900000", "up to 1000 bar absolute"),
    ({"pressure_bar": 300}, "steam.pressure_bar = 300", "below the critical pressure"),
    (
        {"pressure_bar": 9, "temperature_c": 3000},
        "steam.temperature_c = 3000",
        "up to 2000 degC at 9 bar",
    ),
    (
        {"pressure_bar": 600, "temperature_c": 1000},
        "steam.temperature_c = 1000",
        "up to 800 degC at 600 bar",
    ),
    (
        {"pressure_bar": 300, "temperature_c": 350},
        "steam.temperature_c = 350",
        "above the critical temperature",
    ),
    ({"pressure_bar": 9, "temperature_c": 150}, "steam.temperature_c = 150", "175.4 degC"),
]


@pytest.mark.parametrize(("steam", "field", "expected"), STEAM_OUT_OF_RANGE)
def test_steam_outside_iapws_is_one_line(tmp_path, heat_base, steam, field, expected):
    heat_base["heat"]["levels"][0]["steam"] = {**steam, "feedwater_c": 60}
    scenario = dump(tmp_path, heat_base)
    check_lines(invoke("validate", scenario), ["scenario.yaml", field, expected])


def test_out_naming_a_file(tmp_path, base, run_folder):
    """--out (study, compare, run, simulate, inventory) and --make-example onto a file."""
    scenario = dump(tmp_path, base)
    study = study_of(tmp_path)
    a_file = tmp_path / "a_file"
    a_file.write_text("x")
    meters = tmp_path / "m.csv"
    meters.write_text(METER_HEADER + "F1,M1,electricity,2024-01-01 01:00,5,kWh\n")
    cases = [
        (("study", study, "--out", a_file), "--out"),
        (("compare", run_folder, run_folder, "--out", a_file), "--out"),
        (("run", scenario, "--out", a_file, "--quiet"), "--out"),
        (("simulate", scenario, "--pv-kw", "100", "--out", a_file, "--quiet"), "--out"),
        (("inventory", meters, "--out", a_file, "--no-plots"), "--out"),
        (("inventory", "--make-example", a_file, "--firms", "1"), "--make-example"),
    ]
    for args, option in cases:
        check_lines(invoke(*args), [str(a_file), option])
    assert a_file.read_text() == "x"


def meter_file(folder: Path, name: str, year: int = 2024, rows: int = 48) -> Path:
    path = folder / name
    lines = [f"F1,M1,electricity,{year}-01-02 {h % 24:02d}:00,{10 + h},kWh" for h in range(24)]
    lines += [f"F1,M1,electricity,{year}-01-03 {h % 24:02d}:00,{10 + h},kWh" for h in range(24)]
    path.write_text(METER_HEADER + "\n".join(lines[:rows]) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "No columns"),
        (b"pv_kw\n", "0 rows"),
        (b"pv_kw\nabc\n", "'abc'"),
        (b"pv_kw\n1\n2\n", "2 rows"),
        (b"\xff\xfepv_kw\n1\n", "utf-8"),
    ],
)
def test_simulate_capacities_csv_not_whole(tmp_path, base, content, reason):
    scenario = dump(tmp_path, base)
    caps = tmp_path / "caps"
    caps.mkdir()
    (caps / "summary.json").write_text("{}", encoding="utf-8")
    (caps / "capacities.csv").write_bytes(content)
    result = invoke("simulate", scenario, "--capacities", caps, "--out", tmp_path / "o")
    check_lines(result, [str(caps / "capacities.csv"), "--capacities", "one row", reason])


def test_compare_a_run_folder_twice(tmp_path, run_folder):
    for second in (run_folder, Path(f"{run_folder}/")):
        result = invoke("compare", run_folder, second, "--out", tmp_path / "cmp")
        check_lines(result, [str(run_folder), "each run folder once"])
    assert not (tmp_path / "cmp").exists()


def test_meter_files_given_twice_empty_or_outside_the_year(tmp_path):
    folder = tmp_path / "meters"
    folder.mkdir()
    good = meter_file(folder, "f1.csv")
    out = ["--out", tmp_path / "inv", "--no-plots", "--quiet"]
    check_lines(invoke("inventory", good, good, *out), [str(good), "once"])
    check_lines(invoke("inventory", folder, good, *out), [str(good), "once"])
    header = tmp_path / "header.csv"
    header.write_text(METER_HEADER, encoding="utf-8")
    check_lines(invoke("inventory", header, *out), [str(header), "a header alone"])
    check_lines(
        invoke("inventory", good, "--year", "2025", *out),
        ["--year = 2025", "2024-01-02 00:00", "none is in 2025"],
    )
    assert not (tmp_path / "inv").exists()


INVENTORY_OPTIONS = [
    (["--timezone", "Mars/Olympus"], [["--timezone = 'Mars/Olympus'", "IANA zone"]]),
    (["--timezone", ""], [["--timezone = ''", "IANA zone"]]),
    (["--steam-kwh-per-t", "-5"], [["--steam-kwh-per-t = -5.0", "above 0 kWh_th/t"]]),
    (["--steam-kwh-per-t", "0"], [["--steam-kwh-per-t = 0.0", "above 0 kWh_th/t"]]),
    (["--steam-kwh-per-t", "nan"], [["--steam-kwh-per-t = nan", "above 0 kWh_th/t"]]),
    (["--workers", "0"], [["--workers = 0", "1 or more"]]),
    (["--workers", "-2"], [["--workers = -2", "1 or more"]]),
    (["--dask-local", "0"], [["--dask-local = 0", "1 or more"]]),
    (["--workers", "2", "--dask-local", "2"], [["--workers and --dask-local", "one of them"]]),
    (["--year", "99999"], [["--year = 99999", "a calendar year"]]),
    (
        ["--year", "-1", "--timezone", "Mars", "--workers", "0"],
        [["--workers = 0"], ["--year = -1"], ["--timezone = 'Mars'"]],
    ),
]


@pytest.mark.parametrize(("options", "expected"), INVENTORY_OPTIONS)
def test_inventory_options_refused_before_reading(tmp_path, options, expected):
    meters = meter_file(tmp_path, "m.csv")
    result = invoke("inventory", meters, *options, "--out", tmp_path / "inv", "--no-plots")
    check_lines(result, *[["parkopt inventory", *e] for e in expected])
    assert not (tmp_path / "inv").exists()


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        (["--firms", "0"], "--firms = 0"),
        (["--firms", "-3"], "--firms = -3"),
    ],
)
def test_make_example_options(tmp_path, options, expected):
    check_lines(invoke("inventory", "--make-example", tmp_path / "ex", *options), [expected])
    assert not (tmp_path / "ex").exists()


def test_make_example_onto_an_example(tmp_path):
    (tmp_path / "ex" / "meters").mkdir(parents=True)
    result = invoke("inventory", "--make-example", tmp_path / "ex", "--firms", "1")
    check_lines(result, ["--make-example", "meters/ is there already"])


def test_safety_net_lines():
    """What a command lets through is still one line: ValueError exit 2, a bug exit 1."""
    app_ = typer.Typer()

    @app_.command()
    def bad(kind: str) -> None:
        raise {"value": ValueError("could not convert 'x'\nto float"), "bug": KeyError("k")}[kind]

    @app_.command()
    def other() -> None:
        pass

    for command in app_.registered_commands:
        command.callback = guarded(command.callback)
    lines = check_lines(CliRunner().invoke(app_, ["bad", "value"]), ["could not convert 'x' to"])
    assert len(lines) == 1
    check_lines(
        CliRunner().invoke(app_, ["bad", "bug"]),
        ["internal error: KeyError", "PARKOPT_DEBUG=1"],
        code=EXIT_BUG,
    )


# --- class 3: contradictions ------------------------------------------------------------------


DUPLICATES = {
    "top": ("horizon_hours: 24\n", "horizon_hours", "horizon_hours: 48\n"),
    "nested": ("  name: example_park\n", "name", "  name: other\n"),
    "flow": (
        "carbon: {reduction: 0.1}\n",
        "reduction",
        "carbon: {reduction: 0.1, reduction: 0.2}\n",
    ),
}


@pytest.mark.parametrize("kind", sorted(DUPLICATES))
@pytest.mark.parametrize("where", ["validate", "study_base"])
def test_duplicate_yaml_key_in_a_scenario(tmp_path, base, kind, where):
    anchor, key, added = DUPLICATES[kind]
    text = yaml.safe_dump(base, sort_keys=False)
    if kind == "top":
        text = text.replace(anchor, anchor + added)
    elif kind == "nested":
        text = text.replace(anchor, anchor + added, 1)
    else:
        text = text.replace("carbon:\n  reduction: 0.1\n", added)
    assert added in text
    scenario = tmp_path / "scenario.yaml"
    scenario.write_text(text, encoding="utf-8")
    if where == "validate":
        result = invoke("validate", scenario)
    else:
        result = invoke("study", study_of(tmp_path), "--out", tmp_path / "out")
    check_lines(result, [str(scenario), f"{key} (line", "given twice"])


def test_duplicate_yaml_key_in_a_study(tmp_path, base):
    dump(tmp_path, base)
    study = tmp_path / "study.yaml"
    study.write_text(
        "name: s\nbase: scenario.yaml\nvariants:\n  a: {}\n  a: {carbon: {reduction: 0.2}}\n",
        encoding="utf-8",
    )
    for args in (("study", study, "--out", tmp_path / "out"), ("validate", study)):
        check_lines(invoke(*args), [str(study), "a (line 5)", "lines 4 and 5"])


def test_two_sites_of_one_name(tmp_path, base):
    dump(tmp_path, base)
    site = {"name": "A", "weather_path": "pvlib:723170TYA.CSV"}
    study = study_of(tmp_path, sites=[site, {**site}])
    result = invoke("study", study, "--out", tmp_path / "out")
    check_lines(result, [str(study), "sites.name = 'A'", "sites 1, 2 share it"])


@pytest.mark.parametrize(
    ("parts", "fragments"),
    [
        (
            {
                "grid": {"carbon.reduction": [0.1, 0.2]},
                "variants": {"a": {"carbon": {"reduction": 0.3}}},
            },
            ["variants.a = 'carbon.reduction'", "grid.carbon.reduction sets it too"],
        ),
        (
            {
                "grid": {"technologies.wind.capex_cny_per_kw": [5000, 6000]},
                "variants": {"pv_only": {"technologies": {"wind": None}}},
            },
            ["variants.pv_only", "grid.technologies.wind.capex_cny_per_kw sets it too"],
        ),
        (
            {
                "grid": {"finance.discount_rate": [0.05]},
                "samples": {"n": 2, "ranges": {"finance.discount_rate": [0.04, 0.08]}},
            },
            ["samples.ranges.finance.discount_rate", "grid.finance.discount_rate sets it too"],
        ),
        (
            {"typical_days": 1, "grid": {"solver.typical_days": [1]}},
            ["typical_days = 'solver.typical_days'", "grid.solver.typical_days sets it too"],
        ),
    ],
)
def test_a_path_varied_in_two_places(tmp_path, base, parts, fragments):
    """Sites, grid, samples, variants and typical_days setting one scenario path: the later
    would silently win."""
    dump(tmp_path, base)
    study = study_of(tmp_path, **parts)
    check_lines(invoke("study", study, "--out", tmp_path / "out"), [str(study), *fragments])


MIN_ABOVE_MAX = [
    (
        "battery",
        {"min_duration_h": 10, "max_duration_h": 2},
        "min_duration_h = 10",
        "max_duration_h = 2.0 h",
    ),
    (
        "thermal_storage",
        {"min_duration_h": 30, "max_duration_h": 4},
        "min_duration_h = 30",
        "max_duration_h = 4.0 h",
    ),
    ("battery", {"min_kw": 500, "max_kw": 100}, "min_kw = 500", "max_kw = 100.0 kW "),
    (
        "thermal_storage",
        {"min_kwh": 900, "max_kwh": 100},
        "min_kwh = 900",
        "max_kwh = 100.0 kWh_th",
    ),
    ("pv", {"min_kw": 9e4, "max_kw": 100}, "min_kw = 90000", "max_kw = 100.0 kW_DC"),
    ("heat_pump", {"min_kw": 500, "max_kw": 100}, "min_kw = 500", "max_kw = 100.0 kW_th"),
    (
        "battery",
        {"soc_min_fraction": 0.9, "soc_max_fraction": 0.5},
        "soc_min_fraction = 0.9",
        "soc_max_fraction = 0.5",
    ),
]


@pytest.mark.parametrize(("tech", "given", "field", "limit"), MIN_ABOVE_MAX)
def test_min_above_max(tmp_path, heat_base, tech, given, field, limit):
    techs = heat_base["technologies"]
    techs[tech] = {**(techs.get(tech) or {}), **given}
    scenario = dump(tmp_path, heat_base)
    check_lines(invoke("validate", scenario), [f"technologies.{tech}.", field, limit])


def test_simulate_capacity_keys(tmp_path, base, run_folder):
    """A capacity key that names no technology, or one the scenario lacks, from --capacity,
    a --capacities folder and a study's capacities: one line each, before any work."""
    scenario = dump(tmp_path, base)
    out = ["--out", tmp_path / "out", "--quiet"]
    check_lines(
        invoke("simulate", scenario, "--capacity", "pv_kwp=100", *out),
        ["--capacity", "pv_kwp", "one of pv_kw"],
    )
    check_lines(
        invoke("simulate", scenario, "--capacity", "heat_pump_kw=500", *out),
        ["heat_pump_kw = 500.0", "technologies.heat_pump", "it has none"],
    )
    caps = tmp_path / "caps"
    caps.mkdir()
    (caps / "summary.json").write_text("{}", encoding="utf-8")
    (caps / "capacities.csv").write_text("pv_kw,pv_kwp\n100,5\n", encoding="utf-8")
    check_lines(
        invoke("simulate", scenario, "--capacities", caps, *out),
        [str(caps), "pv_kwp = 5.0", "did you mean 'pv_kw'"],
    )
    study = study_of(tmp_path, mode="simulate", capacities={"pv_kwp": 10})
    check_lines(invoke("study", study, *out), [str(study), "capacities.pv_kwp = 10"])
    study = study_of(tmp_path, mode="simulate", capacities={"heat_pump_kw": 10})
    check_lines(invoke("study", study, *out), [str(study), "capacities.heat_pump_kw = 10"])
    study = study_of(tmp_path, capacities={"pv_kw": 10})
    check_lines(invoke("study", study, *out), [str(study), "mode = 'plan'", "capacities"])
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        (["--workers", "0"], [["--workers = 0", "1 or more"]]),
        (["--workers", "-2"], [["--workers = -2", "1 or more"]]),
        (["--dask-local", "-1"], [["--dask-local = -1", "1 or more"]]),
        (
            ["--workers", "2", "--scheduler", "tcp://localhost:1"],
            [["--workers and --scheduler", "one of them"]],
        ),
    ],
)
def test_study_executor_options(tmp_path, base, options, expected):
    """--workers -2 is a bad option, not a scheduler that cannot connect (class 5)."""
    dump(tmp_path, base)
    result = invoke("study", study_of(tmp_path), *options, "--out", tmp_path / "out")
    lines = check_lines(result, *[["parkopt study", *e] for e in expected])
    assert not any("connect" in line for line in lines)
    assert not (tmp_path / "out").exists()


# --- class 4: superheated steam ---------------------------------------------------------------


@pytest.mark.parametrize("temperature_c", [175.3833, 250.0, 400.0])
def test_superheated_steam_is_accepted(tmp_path, heat_base, temperature_c):
    """Steam above saturation at 9 bar is superheated vapour: accepted, and a tonne carries
    its IAPWS-IF97 enthalpy less the feed water's (read from iapws here, not from parkopt)."""
    from iapws import IAPWS97

    from parkopt.models.heat import steam_heat_kwh_per_t

    heat_base["heat"]["levels"][0]["steam"] = {
        "pressure_bar": 9,
        "temperature_c": temperature_c,
        "feedwater_c": 60,
    }
    result = invoke("validate", dump(tmp_path, heat_base))
    assert result.exit_code == 0, result.stderr
    vapour = IAPWS97(P=0.9, T=max(temperature_c, 175.3833) + 273.15)
    if temperature_c <= 175.3833:  # at saturation: the saturated vapour
        vapour = IAPWS97(P=0.9, x=1.0)
    water = IAPWS97(P=0.9, T=60 + 273.15)
    expected_kwh_per_t = (vapour.h - water.h) / 3.6
    assert steam_heat_kwh_per_t(9, temperature_c, 60) == pytest.approx(expected_kwh_per_t, rel=1e-4)
    assert steam_heat_kwh_per_t(9, 250.0, 60) > steam_heat_kwh_per_t(9, None, 60)


# --- class 5: errors that point home ----------------------------------------------------------


def test_study_out_holding_something_else(tmp_path, base, run_folder):
    """--out of a study resumes that study's folder only: a run folder, or another study's
    folder, is refused before anything is written into it."""
    dump(tmp_path, base)
    study = study_of(tmp_path)
    before = sorted(p.name for p in run_folder.iterdir())
    check_lines(
        invoke("study", study, "--out", run_folder),
        [str(run_folder), "--out", "capacities.csv", "more"],
    )
    assert sorted(p.name for p in run_folder.iterdir()) == before
    other = tmp_path / "other"
    other.mkdir()
    (other / "study.yaml").write_text("study: {name: sweep}\n", encoding="utf-8")
    check_lines(invoke("study", study, "--out", other), [str(other), "study 'sweep'"])


def test_a_file_of_another_kind_is_named_as_such(tmp_path, base, run_folder):
    """A study given to run or simulate, a scenario given to study, a run's summary.json
    given as a scenario: one line saying what the file is, not a field-by-field list."""
    scenario = dump(tmp_path, base)
    study = study_of(tmp_path)
    out = ["--out", tmp_path / "out", "--quiet"]
    check_lines(invoke("run", study, *out), [str(study), "this is a study", "parkopt study"])
    check_lines(invoke("simulate", study, "--pv-kw", "5", *out), [str(study), "this is a study"])
    check_lines(invoke("study", scenario, *out), [str(scenario), "this is a scenario"])
    summary = run_folder / "summary.json"
    check_lines(invoke("validate", summary), [str(summary), "a run's summary"])


def test_study_base_problems_name_the_base(tmp_path, base):
    """A misspelt field in the base names the base file (and the study pointing at it); one
    set by the study's overrides names the study."""
    sub = tmp_path / "scenarios"
    sub.mkdir()
    base["horizon_hourz"] = base.pop("horizon_hours")
    dump(sub, base, "base.yaml")
    study = study_of(
        tmp_path,
        base="scenarios/base.yaml",
        overrides={"carbon": {"reductio": 0.2}},
        grid={"carbon.cap_t": [1e6, 2e6]},
    )
    result = invoke("study", study, "--out", tmp_path / "out")
    check_lines(
        result,
        [str(study), "carbon.reductio = 0.2", "did you mean 'reduction'", "all 2 runs"],
        [
            f"{Path('scenarios') / 'base.yaml'}",
            f"(the base of {study})",
            "horizon_hourz = 24",
            "did you mean 'horizon_hours'",
        ],
    )
