"""The `parkopt` command end to end: validate, doctor, turbines, run and its results folder.

Runs use the default example cut to 48 hours (a fraction of a second to solve). The summary
and timeseries contract checked here is what downstream tools read; change it on purpose only.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
import yaml
from typer.testing import CliRunner

from parkopt import plan, prepare, scenario_from_dict
from parkopt.optimizer.cli.main import EXIT_INFEASIBLE, EXIT_INPUT, app
from parkopt.optimizer.outputs.results import TIMESERIES_COLUMNS, write_run

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "inputs" / "example_park.yaml"
HORIZON_H = 48
# The example's 60 % cut cannot be reached in two January days; 20 % can.
SHORT_RUN_REDUCTION = 0.2

SUMMARY_KEYS = {
    "parkopt_version",
    "kind",
    "scenario",
    "status",
    "currency",
    "capacity",
    "energy_mwh",
    "cost",
    "lcoe_per_kwh",
    "emissions_t",
    "baseline_emissions_t",
    "baseline_cost",
    "carbon_cap_t",
    "abatement_cost_per_t",
    "renewable_share",
    "hourly_matched_share",
    "battery_cycles",
    "timing_s",
}
NESTED_KEYS = {
    "capacity": {"pv_kw", "wind_kw", "battery_kw", "battery_kwh"},
    "energy_mwh": {
        "load",
        "pv",
        "wind",
        "curtailed",
        "grid_import",
        "grid_export",
        "battery_charge",
        "battery_discharge",
    },
    "cost": {"total_annual", "capex_annual", "fixed_om", "grid_import", "export_revenue"},
    "timing_s": {"inputs", "build", "solve", "write"},
}
RUN_FILES = {
    "summary.json",
    "timeseries.parquet",
    "capacities.csv",
    "monthly.csv",
    "scenario.yaml",
    "report.html",  # written by the CLI after the run folder (optimizer/report)
    "report.xlsx",
}
REPORT_FILES = {"report.html", "report.xlsx"}
N_PLOTS = 7  # dispatch weeks (2), monthly balance, SOC, green share, duration curves, monthly green


def short_example(**changes) -> dict:
    """The default example on a 48-hour horizon, with top-level sections updated."""
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    data["horizon_hours"] = HORIZON_H
    data["carbon"] = {"reduction": SHORT_RUN_REDUCTION}
    for key, value in changes.items():
        data[key] = value
    return data


def write_scenario(folder: Path, data: dict) -> Path:
    path = folder / "scenario.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def invoke(*args: str):
    return CliRunner().invoke(app, list(args))


def leftovers(folder: Path) -> list[str]:
    """Everything in ``folder`` (hidden temporary folders included)."""
    return sorted(p.name for p in folder.iterdir())


# --- validate, doctor, turbines --------------------------------------------------------------


def test_validate_good_example():
    result = invoke("validate", str(EXAMPLE))
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    out = result.stdout.strip()
    assert out.startswith(f"{EXAMPLE}: ok (8760 hours, load peak ")
    assert "kW" in out and "MWh/year" in out


def test_doctor_solves_tiny_model():
    result = invoke("doctor")
    assert result.exit_code == 0, result.stderr
    assert "optimal" in result.stdout
    assert "highspy" in result.stdout and "pyomo" in result.stdout


def test_turbines_lists_library():
    result = invoke("turbines")
    assert result.exit_code == 0, result.stderr
    names = result.stdout.split()
    assert "E-141/4200" in names and len(names) > 20


def test_no_command_shows_help():
    result = invoke()
    assert "run" in result.output and "validate" in result.output


# --- run: the results folder contract ----------------------------------------------------------


@pytest.fixture(scope="module")
def run_folder(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("cli_run")
    scenario = write_scenario(tmp, short_example())
    out = tmp / "out" / "example_48h"
    result = invoke("run", str(scenario), "--out", str(out))
    assert result.exit_code == 0, (result.stdout, result.stderr)
    return result, out


def test_run_prints_summary_and_folder(run_folder):
    result, out = run_folder
    lines = result.stdout.strip().splitlines()
    assert lines[0] == f"parkopt: planning 'example_park' ({HORIZON_H} h)"
    assert lines[-1] == str(out)  # the folder is the last line, for scripts
    text = result.stdout
    for fragment in ("PV", "Wind", "Battery", "kW_DC", "CNY/year", "tCO2/year"):
        assert fragment in text, fragment
    assert result.stderr == ""


def test_run_folder_has_contract_files(run_folder):
    _, out = run_folder
    names = set(leftovers(out))
    assert names >= RUN_FILES
    pngs = sorted(n for n in names if n.endswith(".png"))
    assert len(pngs) == N_PLOTS, pngs
    assert names == RUN_FILES | set(pngs)  # nothing else, no temporary files
    assert leftovers(out.parent) == [out.name]  # no hidden temporary folder beside it
    for png in pngs:
        assert (out / png).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", png


def test_run_summary_contract(run_folder):
    _, out = run_folder
    s = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    missing = SUMMARY_KEYS - set(s)
    assert not missing, missing
    for key, keys in NESTED_KEYS.items():
        assert keys <= set(s[key]), (key, keys - set(s[key]))
    assert s["kind"] == "plan" and s["status"] == "optimal"
    assert s["scenario"] == "example_park" and s["currency"] == "CNY"
    assert isinstance(s["parkopt_version"], str) and s["parkopt_version"]
    for key in ("pv_kw", "wind_kw", "battery_kw", "battery_kwh"):
        assert s["capacity"][key] >= 0, key
    assert s["emissions_t"] <= s["carbon_cap_t"] * (1 + 1e-9)
    assert s["carbon_cap_t"] == pytest.approx((1 - SHORT_RUN_REDUCTION) * s["baseline_emissions_t"])
    assert 0 <= s["renewable_share"] <= 1 and 0 <= s["hourly_matched_share"] <= 1
    assert all(v >= 0 for v in s["timing_s"].values())


def test_run_capacities_match_summary(run_folder):
    _, out = run_folder
    caps = pd.read_csv(out / "capacities.csv").iloc[0].to_dict()
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    for key, value in summary["capacity"].items():
        assert caps[key] == pytest.approx(value), key


def test_run_timeseries_contract(run_folder):
    _, out = run_folder
    ts = pd.read_parquet(out / "timeseries.parquet")
    assert tuple(ts.columns) == TIMESERIES_COLUMNS
    assert len(ts) == HORIZON_H
    assert isinstance(ts.index, pd.DatetimeIndex) and ts.index.tz is not None
    assert (ts.index[1:] - ts.index[:-1] == pd.Timedelta(hours=1)).all()
    assert not ts.isna().any().any()


def test_run_scenario_yaml_is_resolved_and_reloadable(run_folder):
    _, out = run_folder
    data = yaml.safe_load((out / "scenario.yaml").read_text(encoding="utf-8"))
    assert data["horizon_hours"] == HORIZON_H
    assert data["source"].endswith("scenario.yaml")
    scenario_from_dict(data)  # the provenance copy is itself a valid scenario


def test_run_refuses_existing_out_folder(tmp_path):
    out = tmp_path / "taken"
    out.mkdir()
    (out / "keep.txt").write_text("mine", encoding="utf-8")
    scenario = write_scenario(tmp_path, short_example())
    result = invoke("run", str(scenario), "--out", str(out), "--quiet")
    assert result.exit_code == EXIT_INPUT, (result.exit_code, result.exception)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    assert "taken" in lines[0] and "exists already" in lines[0] and "--out" in lines[0]
    assert leftovers(out) == ["keep.txt"]
    assert leftovers(tmp_path) == ["scenario.yaml", "taken"]


# --- infeasible --------------------------------------------------------------------------------


def test_infeasible_target_exit_3_names_limits(tmp_path):
    data = short_example(carbon={"reduction": 0.99})
    data["technologies"]["pv"]["max_kw"] = 1000
    data["technologies"]["wind"]["max_kw"] = 1000
    scenario = write_scenario(tmp_path, data)
    out = tmp_path / "results" / "infeasible"
    result = invoke("run", str(scenario), "--out", str(out))
    assert result.exit_code == EXIT_INFEASIBLE, (result.exit_code, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    line = lines[0]
    assert line.startswith("error: ")
    assert "99% reduction" in line and "tCO2" in line and "reachable" in line
    for limit in ("pv max 1,000 kW", "wind max 1,000 kW", "import limit 30,000 kW"):
        assert limit in line, limit
    assert not (tmp_path / "results").exists()
    assert leftovers(tmp_path) == ["scenario.yaml"]


# --- writing is all or nothing -----------------------------------------------------------------


@pytest.fixture(scope="module")
def short_plan():
    return plan(prepare(scenario_from_dict(short_example(), base_dir=EXAMPLE.parent)))


def test_error_while_writing_leaves_nothing(tmp_path, short_plan, monkeypatch):
    from parkopt.optimizer.outputs import results

    def broken(frame, capacities, monthly, out):
        (Path(out) / "dispatch_summer_week.png").write_bytes(b"half a plot")
        raise RuntimeError("plotting failed")

    monkeypatch.setattr(results, "plot_run", broken)
    parent = tmp_path / "runs"
    with pytest.raises(RuntimeError, match="plotting failed"):
        write_run(short_plan, parent / "example")
    assert leftovers(parent) == []  # neither the folder nor a hidden temporary one


def test_write_run_without_plots(tmp_path, short_plan):
    folder = write_run(short_plan, tmp_path / "noplots", plots=False)
    assert set(leftovers(folder)) == RUN_FILES - REPORT_FILES  # the API writes no report
    assert leftovers(tmp_path) == ["noplots"]


# --- what a new user reads: labels, numbers, help, exit codes -----------------------------------


def words(text: str) -> str:
    """``text`` with runs of blanks as one space (column alignment aside)."""
    return " ".join(text.split())


def test_run_summary_labels_every_figure(run_folder):
    """LCOE on its own line (not inside the grid-only brackets), each cost with its unit and
    the carbon cap's price named as the marginal abatement cost."""
    result, out = run_folder
    s = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    text = words(result.stdout)
    assert (
        f"Annual cost {s['cost']['total_annual']:,.0f} CNY/year "
        f"(grid only {s['baseline_cost']:,.0f} CNY/year)"
    ) in text
    assert f"LCOE {s['lcoe_per_kwh']:.4f} CNY/kWh of load" in text
    assert f"(grid only {s['baseline_emissions_t']:,.0f} tCO2/year;" in text
    assert s["abatement_cost_per_t"] is None  # 20 % is reached without the cap binding
    assert f"Carbon cap {s['carbon_cap_t']:,.0f} tCO2/year: not binding" in text
    assert "abatement cost not binding" not in text and "e+" not in text and "e-" not in text


def test_doctor_prints_residual_as_zero():
    result = invoke("doctor")
    assert result.exit_code == 0, result.stderr
    line = result.stdout.strip().splitlines()[-1]
    assert line.endswith("balance residual 0 kW"), line
    assert "e-" not in line


def test_compare_prints_units_and_plain_numbers(tmp_path, run_folder):
    _, out = run_folder
    result = invoke("compare", str(out), "--out", str(tmp_path / "cmp"))
    assert result.exit_code == 0, result.stderr
    s = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    rows = {words(line).split(" [")[0]: words(line) for line in result.stdout.splitlines()}
    total = f"{s['cost']['total_annual']:,.0f}"
    assert rows["cost.total_annual"] == f"cost.total_annual [CNY/year] {total}"
    assert rows["capacity.pv_kw"] == f"capacity.pv_kw [kW_DC] {s['capacity']['pv_kw']:,.0f}"
    assert rows["lcoe_per_kwh"] == f"lcoe_per_kwh [CNY/kWh] {s['lcoe_per_kwh']:.4f}"
    assert rows["renewable_share"] == f"renewable_share [%] {s['renewable_share']:.1%}"
    assert "e+" not in result.stdout and "e-" not in result.stdout


def test_help_shows_units_in_brackets_and_flags():
    sim = invoke("simulate", "--help")
    assert sim.exit_code == 0
    help_text = words(sim.stdout)
    assert "PV capacity [kW_DC]." in help_text and "Battery energy [kWh]." in help_text
    assert "results/<name>-sim-<UTC time>/" in help_text
    for command in ("run", "simulate", "study"):
        text = invoke(command, "--help").stdout
        assert "<bool>" not in text, command
        assert "--quiet " in text or "--quiet\n" in text, command
    assert "--tou-charging self_consumption" in help_text  # a flag: no value after it
    study_help = words(invoke("study", "--help").stdout)
    assert "--retry-failed Run again" in study_help
    assert "results/study-<name>/" in study_help and "<UTC time>" not in study_help


def test_help_says_what_the_tool_plans():
    """The top-level and `run` help name every technology of the registry, the heat side,
    the indicator, studies and the inventory, not only PV, wind and battery."""
    from parkopt.optimizer.schema.technologies import TECHNOLOGIES

    top, run = (words(invoke(*args).stdout).lower() for args in (["--help"], ["run", "--help"]))
    for t in TECHNOLOGIES:
        assert t.label.lower() in top and t.label.lower() in run, t.label
    for text in (top, run):
        assert "zero-carbonparkindicator" in "".join(text.split())  # wrapped at any hyphen
        assert "purchased heat" in text and "green" in text
    assert "studies" in top and "inventory" in top


def test_inventory_region_lists_its_choices():
    from parkopt.models.china import GRID_FACTORS_T_PER_MWH

    choices = ", ".join(GRID_FACTORS_T_PER_MWH)
    assert f"one of {choices}." in words(invoke("inventory", "--help").stdout)
    result = invoke("inventory", "no_such_meters", "--region", "east", "--quiet")
    assert result.exit_code == EXIT_INPUT, result.output
    # the missing path and the region, every problem at once
    assert f"error: parkopt inventory: --region = 'east': one of {choices}" in result.stderr
    assert "no_such_meters: PATHS" in result.stderr


def test_version():
    from importlib.metadata import version

    result = invoke("--version")
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == f"parkopt {version('parkopt')}"


def test_study_with_a_failed_run_exits_5_and_names_it(tmp_path):
    from parkopt.optimizer.cli.main import EXIT_RUNS_FAILED

    study = {
        "name": "hopeless",
        "base": str(EXAMPLE),
        "overrides": {"horizon_hours": HORIZON_H, "carbon": {"reduction": None}},
        "grid": {"carbon.cap_t": [1.0]},  # 1 tCO2/year: infeasible
    }
    path = tmp_path / "hopeless.yaml"
    path.write_text(yaml.safe_dump(study, sort_keys=False), encoding="utf-8")
    out = tmp_path / "study"
    result = invoke("study", str(path), "--out", str(out), "--workers", "1", "--quiet")
    assert EXIT_RUNS_FAILED == 5
    assert result.exit_code == EXIT_RUNS_FAILED, (result.exit_code, result.output)
    assert result.stdout.strip() == str(out)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith("failed: ") and "carbon.cap_t=1" in lines[0], lines[0]
    assert "tCO2" in lines[0]  # the reason: the infeasibility diagnosis


def test_simulate_outside_plan_bounds_is_quiet(tmp_path, monkeypatch, caplog):
    """Capacities beyond the scenario's max_kw (pv 40,000 kW) are simulated without Pyomo's
    'outside the bounds' warnings; with no --out the folder is named as a simulation."""
    scenario = write_scenario(tmp_path, short_example())
    monkeypatch.chdir(tmp_path)
    args = ["--pv-kw", "60000", "--battery-kw", "20000", "--battery-kwh", "80000"]
    result = invoke("simulate", str(scenario), *args, "--no-plots")
    assert result.exit_code == 0, result.output
    assert "outside the bounds" not in result.output
    assert not [r for r in caplog.records if "outside the bounds" in r.getMessage()]
    assert "PV 60,000 kW_DC" in words(result.stdout)
    folder = Path(result.stdout.strip().splitlines()[-1])
    assert folder.parent == Path("results")
    assert folder.name.startswith("example_park-sim-"), folder


def test_default_run_dir_tells_simulations_from_plans(tmp_path):
    from parkopt.optimizer.outputs.results import default_run_dir

    plan_dir = default_run_dir("park a", tmp_path)
    sim_dir = default_run_dir("park a", tmp_path, kind="simulation")
    assert plan_dir.parent == sim_dir.parent == tmp_path
    assert plan_dir.name.startswith("park_a-2") and "-sim-" not in plan_dir.name
    assert sim_dir.name.startswith("park_a-sim-2")


def test_validate_reports_schema_errors_and_missing_files_together(tmp_path):
    data = short_example(weather={"path": "no_such_weather.epw"})
    data["park"]["nmae"] = "typo"
    data["profiles"] = {"price_cny_per_kwh": {"path": "no_prices.csv", "column": "price"}}
    scenario = write_scenario(tmp_path, data)
    result = invoke("validate", str(scenario))
    assert result.exit_code == EXIT_INPUT, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 3, lines
    assert "park.nmae" in lines[0] and "unknown field" in lines[0]
    weather = str(tmp_path / "no_such_weather.epw")
    assert lines[1] == f"error: {scenario}: weather.path = '{weather}': an existing weather file"
    prices = str(tmp_path / "no_prices.csv")
    assert lines[2] == (
        f"error: {scenario}: profiles.price_cny_per_kwh.path = '{prices}': an existing CSV file"
    )


def test_validate_pvlib_weather_is_not_a_missing_file(tmp_path):
    data = short_example()
    data["park"]["nmae"] = "typo"
    result = invoke("validate", str(write_scenario(tmp_path, data)))
    assert result.exit_code == EXIT_INPUT
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "park.nmae" in lines[0], lines


def test_turbines_table_has_rated_power_diameter_hub_heights():
    result = invoke("turbines")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert words(lines[0]) == "turbine type rated power [kW] rotor diameter [m] hub heights [m]"
    row = next(words(line) for line in lines if line.startswith("E-141/4200 "))
    assert row == "E-141/4200 4,200 141 99, 129, 135, 159"


def test_chinese_park_name_is_literal_in_summary(tmp_path):
    data = short_example(park={**short_example()["park"], "name": "园区"})
    out = tmp_path / "cn"
    result = invoke("run", str(write_scenario(tmp_path, data)), "--out", str(out), "--no-plots")
    assert result.exit_code == 0, result.output
    assert "'园区'" in result.stdout
    text = (out / "summary.json").read_text(encoding="utf-8")
    assert '"scenario": "园区"' in text and "\\u" not in text
