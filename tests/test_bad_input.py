"""Bad input: one clear line per problem, exit code 2 and no results folder.

Each case derives a scenario from inputs/example_park.yaml (48 hours, so that a good run is
fast), breaks one thing, and checks through the `parkopt` command that stderr has exactly
one ``error:`` line per problem naming the file, the field, the value and what was expected
(with its unit). `run` is checked as well as `validate`: it must fail the same way and leave
no results folder (nor a hidden temporary one) behind.
"""

from __future__ import annotations

import copy
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml
from typer.testing import CliRunner

from parkopt.optimizer.cli.main import EXIT_INPUT, app

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "inputs" / "example_park.yaml"
HOURS = 8760
HORIZON_H = 48
PEAK_KW = 23_000.0  # load CSVs peak here, like the example's summer peak


@pytest.fixture(scope="module")
def example() -> dict:
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    data["horizon_hours"] = HORIZON_H
    return data


@pytest.fixture
def base(example) -> dict:
    """A fresh, modifiable copy of the 48-hour example scenario."""
    return copy.deepcopy(example)


def write_scenario(folder: Path, data: dict, name: str = "scenario.yaml") -> Path:
    path = folder / name
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def write_csv(folder: Path, name: str, column: str, values) -> Path:
    path = folder / name
    pd.DataFrame({column: values}).to_csv(path, index=False)
    return path


def load_kw(peak_kw: float = PEAK_KW) -> np.ndarray:
    """A plausible hourly load [kW]: 60 % base, a daily shift on top."""
    hour = np.arange(HOURS) % 24
    return np.where((hour >= 8) & (hour < 24), peak_kw, 0.6 * peak_kw)


def use_load_csv(data: dict, path: Path, unit: str | None = None) -> None:
    """Replace the built-in load by profiles.load_kw from ``path`` (column 'load')."""
    data.pop("load")
    spec = {"path": path.name, "column": "load"}
    if unit is not None:
        spec["unit"] = unit
    data.setdefault("profiles", {})["load_kw"] = spec


def invoke(command: str, scenario: Path, out: Path | None = None):
    args = [command, str(scenario)]
    if command == "run":
        args += ["--out", str(out), "--quiet"]
    return CliRunner().invoke(app, args)


def error_lines(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.strip()]


def check_fails(tmp_path: Path, command: str, scenario: Path, *expected: list[str]) -> list[str]:
    """Run ``command``; assert exit 2, one line per problem holding each fragment, no folder.

    ``expected`` holds one list of fragments per problem, in the order they are reported.
    """
    out = tmp_path / "results" / "run"
    result = invoke(command, scenario, out)
    assert result.exit_code == EXIT_INPUT, (result.exit_code, result.stdout, result.stderr)
    assert isinstance(result.exception, SystemExit), result.exception  # no traceback
    lines = error_lines(result)
    assert len(lines) == len(expected), lines
    for line, fragments in zip(lines, expected, strict=True):
        assert line.startswith("error: "), line
        for fragment in fragments:
            assert fragment in line, (fragment, line)
        assert "= None" not in line, line  # a value that is not there is not shown
    assert not (tmp_path / "results").exists(), "a bad input must not create a results folder"
    assert result.stdout.strip() == "", result.stdout  # --quiet run, validate: nothing on stdout
    return lines


COMMANDS = pytest.mark.parametrize("command", ["validate", "run"])


# --- files that are not there --------------------------------------------------------------


@COMMANDS
def test_missing_scenario_file(tmp_path, command):
    check_fails(
        tmp_path,
        command,
        tmp_path / "absent.yaml",
        ["absent.yaml", "(file)", "an existing scenario YAML file"],
    )


@COMMANDS
def test_missing_weather_file(tmp_path, base, command):
    base["weather"]["path"] = "nowhere.epw"
    scenario = write_scenario(tmp_path, base)
    check_fails(
        tmp_path,
        command,
        scenario,
        ["scenario.yaml", "weather.path", str(tmp_path / "nowhere.epw"), "existing weather file"],
    )


@COMMANDS
def test_missing_csv_profile(tmp_path, base, command):
    use_load_csv(base, tmp_path / "missing_load.csv")
    scenario = write_scenario(tmp_path, base)
    check_fails(
        tmp_path,
        command,
        scenario,
        ["scenario.yaml", "profiles.load_kw.path", "missing_load.csv", "an existing CSV file"],
    )


# --- CSV profiles with bad rows --------------------------------------------------------------


@COMMANDS
def test_csv_profile_a_row_short(tmp_path, base, command):
    use_load_csv(base, write_csv(tmp_path, "load.csv", "load", load_kw()[:-1]))
    check_fails(
        tmp_path,
        command,
        write_scenario(tmp_path, base),
        ["load.csv", "load", "'8759 rows'", "8760 hourly rows"],
    )


@COMMANDS
def test_csv_profile_nan_row(tmp_path, base, command):
    values = load_kw()
    values[100] = np.nan  # an empty cell on line 102 of the file (line 1 is the header)
    use_load_csv(base, write_csv(tmp_path, "load.csv", "load", values))
    check_fails(
        tmp_path,
        command,
        write_scenario(tmp_path, base),
        ["load.csv", "load row 102", "= ''", "a number in kW", "1 rows empty or not numeric"],
    )


@COMMANDS
def test_csv_profile_non_numeric_cell(tmp_path, base, command):
    values = list(load_kw())
    values[200] = "12,5 kW"
    use_load_csv(base, write_csv(tmp_path, "load.csv", "load", values))
    check_fails(
        tmp_path,
        command,
        write_scenario(tmp_path, base),
        ["load.csv", "load row 202", "'12,5 kW'", "a number in kW"],
    )


@COMMANDS
def test_csv_profile_negative_value(tmp_path, base, command):
    values = load_kw()
    values[300] = -5.0
    use_load_csv(base, write_csv(tmp_path, "load.csv", "load", values))
    check_fails(
        tmp_path,
        command,
        write_scenario(tmp_path, base),
        ["load.csv", "load row 302", "= -5.0", ">= 0 kW", "1 negative rows"],
    )


def test_csv_profile_unknown_column(tmp_path, base):
    use_load_csv(base, write_csv(tmp_path, "load.csv", "load_kw", load_kw()))
    check_fails(
        tmp_path,
        "validate",
        write_scenario(tmp_path, base),
        ["load.csv", "profiles.load_kw.column", "'load'", "one of load_kw"],
    )


# --- prices ----------------------------------------------------------------------------------


@COMMANDS
def test_negative_tou_price(tmp_path, base, command):
    base["tariff"]["prices_cny_per_kwh"]["valley"] = -0.1
    check_fails(
        tmp_path,
        command,
        write_scenario(tmp_path, base),
        ["scenario.yaml", "tariff.prices_cny_per_kwh.valley", "= -0.1", ">= 0 CNY/kWh"],
    )


@COMMANDS
def test_tou_price_in_cny_per_mwh(tmp_path, base, command):
    base["tariff"]["prices_cny_per_kwh"]["peak"] = 700
    check_fails(
        tmp_path,
        command,
        write_scenario(tmp_path, base),
        ["scenario.yaml", "tariff.prices_cny_per_kwh.peak", "= 700", "CNY/kWh", "CNY/MWh"],
    )


def test_price_in_cny_per_mwh_in_a_season(tmp_path, base):
    base["tariff"]["seasons"][1]["prices_cny_per_kwh"] = {"flat": 697}
    check_fails(
        tmp_path,
        "validate",
        write_scenario(tmp_path, base),
        ["tariff.seasons.1.prices_cny_per_kwh.flat", "= 697", "CNY/kWh", "CNY/MWh"],
    )


@COMMANDS
def test_price_csv_in_cny_per_mwh(tmp_path, base, command):
    prices = np.where(np.arange(HOURS) % 24 >= 8, 1020.8, 372.2)  # CNY/MWh, unit left out
    path = write_csv(tmp_path, "prices.csv", "price", prices)
    base["profiles"] = {"price_cny_per_kwh": {"path": path.name, "column": "price"}}
    check_fails(
        tmp_path,
        command,
        write_scenario(tmp_path, base),
        ["prices.csv", "profiles.price_cny_per_kwh", "1020.8", "CNY/kWh", "CNY/MWh"],
    )


def test_csv_unit_not_known(tmp_path, base):
    path = write_csv(tmp_path, "prices.csv", "price", np.full(HOURS, 0.7))
    spec = {"path": path.name, "column": "price", "unit": "EUR/kWh"}
    base["profiles"] = {"price_cny_per_kwh": spec}
    check_fails(
        tmp_path,
        "validate",
        write_scenario(tmp_path, base),
        ["scenario.yaml", "profiles.price_cny_per_kwh.unit", "'EUR/kWh'", "CNY/kWh, CNY/MWh"],
    )


# --- the scenario's own fields ---------------------------------------------------------------


@COMMANDS
def test_unknown_turbine_type(tmp_path, base, command):
    base["technologies"]["wind"]["turbine_type"] = "X-999/1"
    check_fails(
        tmp_path,
        command,
        write_scenario(tmp_path, base),
        [
            "scenario.yaml",
            "technologies.wind.turbine_type = 'X-999/1'",
            "windpowerlib",
            "parkopt turbines",
        ],
    )


@COMMANDS
def test_misspelt_field_did_you_mean(tmp_path, base, command):
    base["technologies"]["pv"]["capex_cny_per_kwh"] = base["technologies"]["pv"].pop(
        "capex_cny_per_kw"
    )
    check_fails(
        tmp_path,
        command,
        write_scenario(tmp_path, base),
        [
            "scenario.yaml",
            "technologies.pv.capex_cny_per_kwh = 3300",
            "unknown field",
            "did you mean 'capex_cny_per_kw'?",
        ],
    )


@COMMANDS
def test_missing_required_field(tmp_path, base, command):
    del base["load"]["industrial"]["base_kw"]
    check_fails(
        tmp_path,
        command,
        write_scenario(tmp_path, base),
        ["scenario.yaml", "load.industrial.base_kw", "required", "kW"],
    )


def test_out_of_range_value_names_unit(tmp_path, base):
    base["technologies"]["pv"]["tilt_deg"] = 95
    check_fails(
        tmp_path,
        "validate",
        write_scenario(tmp_path, base),
        ["scenario.yaml", "technologies.pv.tilt_deg = 95", "less than or equal to 90", "deg"],
    )


def test_yaml_syntax_error(tmp_path):
    scenario = tmp_path / "scenario.yaml"
    scenario.write_text("park:\n  name: [unclosed\n", encoding="utf-8")
    check_fails(tmp_path, "validate", scenario, ["scenario.yaml", "line ", "valid YAML"])


# --- MW where kW is asked ----------------------------------------------------------------------


@COMMANDS
def test_import_limit_in_mw(tmp_path, base, command):
    base["horizon_start_hour"] = 196 * 24  # mid-July: the 23,000 kW summer peak
    base["grid"]["import_limit_kw"] = 30  # meant 30 MW
    check_fails(
        tmp_path,
        command,
        write_scenario(tmp_path, base),
        ["scenario.yaml", "grid.import_limit_kw = 30", "kW", "22,995 kW peak load", "MW"],
    )


def test_pv_max_in_mw(tmp_path, base):
    base["technologies"]["pv"]["max_kw"] = 40  # meant 40 MW
    check_fails(
        tmp_path,
        "validate",
        write_scenario(tmp_path, base),
        ["scenario.yaml", "technologies.pv.max_kw = 40", "kW", "peak load", "MW"],
    )


@COMMANDS
def test_load_csv_in_mw_with_unit_kw(tmp_path, base, command):
    use_load_csv(base, write_csv(tmp_path, "load.csv", "load", load_kw() / 1000), unit="kW")
    check_fails(
        tmp_path,
        command,
        write_scenario(tmp_path, base),
        ["load.csv", "load = 23.0", "a load in kW", "profiles.load_kw.unit: MW"],
    )


def test_load_csv_in_mw_declared_mw_is_fine(tmp_path, base):
    use_load_csv(base, write_csv(tmp_path, "load.csv", "load", load_kw() / 1000), unit="MW")
    result = invoke("validate", write_scenario(tmp_path, base))
    assert result.exit_code == 0, result.stderr
    assert "load peak 23,000 kW" in result.stdout


@COMMANDS
def test_yaml_load_in_mw_is_caught_like_a_csv(tmp_path, base, command):
    """One plausibility rule for every load source: base_kw 8 (MW typed as kW)."""
    base["load"]["industrial"].update(base_kw=8, shift_kw=12)
    check_fails(
        tmp_path,
        command,
        write_scenario(tmp_path, base),
        ["scenario.yaml", "load.industrial.base_kw + shift_kw", "= 20.0", "a load in kW"],
    )


def test_semicolon_csv_with_decimal_commas_is_read(tmp_path, base):
    """A spreadsheet's ';'-separated export with decimal commas reads as the same numbers."""
    values = load_kw() + 0.25
    rows = (f"{h};{v:.2f}".replace(".", ",") for h, v in enumerate(values))
    text = "hour;load\n" + "\n".join(rows) + "\n"
    (tmp_path / "load.csv").write_text(text, encoding="utf-8")
    use_load_csv(base, tmp_path / "load.csv")
    result = invoke("validate", write_scenario(tmp_path, base))
    assert result.exit_code == 0, result.stderr
    assert f"load peak {values.max():,.0f} kW" in result.stdout


def test_quarter_hour_csv_gets_a_resampling_hint(tmp_path, base):
    values = np.repeat(load_kw(), 4)
    use_load_csv(base, write_csv(tmp_path, "load.csv", "load", values))
    check_fails(
        tmp_path,
        "validate",
        write_scenario(tmp_path, base),
        ["load.csv", "35040 rows", "8760 hourly rows", "15-minute", "resample"],
    )


@COMMANDS
def test_wind_calibration_needs_exactly_one_target(tmp_path, base, command):
    base["technologies"]["wind"]["calibration"] = {
        "mean_speed_hub_m_per_s": 7.0,
        "full_load_hours": 2500,
    }
    check_fails(
        tmp_path,
        command,
        write_scenario(tmp_path, base),
        ["scenario.yaml", "technologies.wind.calibration", "one of mean_speed_hub_m_per_s"],
    )


@COMMANDS
def test_wind_calibration_out_of_reach_names_what_is(tmp_path, base, command):
    base["technologies"]["wind"]["calibration"] = {"full_load_hours": 8000}
    check_fails(
        tmp_path,
        command,
        write_scenario(tmp_path, base),
        ["scenario.yaml", "technologies.wind.calibration.full_load_hours", "8000", "h/year"],
    )


# --- time-of-use tables --------------------------------------------------------------------------


@COMMANDS
def test_tou_hour_uncovered(tmp_path, base, command):
    base["tariff"]["seasons"][0]["valley"] = [[0, 5], [11, 13]]  # hour 5 has no period
    check_fails(
        tmp_path,
        command,
        write_scenario(tmp_path, base),
        ["scenario.yaml", "tariff.seasons", "month 1 hour 5 has no period", "all 24 h"],
    )


@COMMANDS
def test_tou_hours_overlap(tmp_path, base, command):
    base["tariff"]["seasons"][0]["valley"] = [[0, 7], [11, 13]]  # 6-7 is flat as well
    check_fails(
        tmp_path,
        command,
        write_scenario(tmp_path, base),
        ["scenario.yaml", "tariff.seasons[0]", "hour 6 is both flat and valley", "each hour once"],
    )


# --- several problems at once --------------------------------------------------------------------


def test_several_schema_problems_in_one_run(tmp_path, base):
    pv = base["technologies"]["pv"]
    pv["capex_cny_per_kwh"] = pv.pop("capex_cny_per_kw")
    base["grid"]["import_limit_kw"] = -3
    base["technologies"]["wind"]["hub_height_m"] = 0
    del base["load"]["industrial"]["shift_kw"]
    check_fails(
        tmp_path,
        "validate",
        write_scenario(tmp_path, base),
        ["scenario.yaml", "load.industrial.shift_kw", "required", "kW"],
        ["scenario.yaml", "grid.import_limit_kw = -3", "greater than or equal to 0", "kW"],
        ["scenario.yaml", "technologies.pv.capex_cny_per_kwh", "did you mean 'capex_cny_per_kw'"],
        ["scenario.yaml", "technologies.wind.hub_height_m = 0", "greater than 0", "unit m"],
    )


def test_schema_cross_section_and_data_problems_in_one_run(tmp_path, base):
    """Problems of every pass in one `validate`: the schema's in two sections, heat levels
    named that do not exist (a rule across sections), a missing CSV and a price (data)."""
    data = with_heat(base)
    data["technologies"]["pv"]["max_kww"] = 5000
    data["grid"]["import_limit_kw"] = -3
    data["technologies"]["thermal_storage"]["level"] = "stem"
    data["technologies"]["heat_pump"]["levels"] = ["hot_wter"]
    data["heat"]["levels"][1]["demand"]["monthly_mwh"] = [800.0] * 12  # heat refused too
    data["profiles"] = {"price_cny_per_kwh": {"path": "price.csv", "column": "p"}}
    data["tariff"]["prices_cny_per_kwh"]["valley"] = -0.1
    check_fails(
        tmp_path,
        "validate",
        write_scenario(tmp_path, data),
        ["scenario.yaml", "grid.import_limit_kw = -3", "greater than or equal to 0", "kW"],
        ["scenario.yaml", "technologies.pv.max_kww = 5000", "did you mean 'max_kw'"],
        ["scenario.yaml", "heat.levels.1.demand", "not annual_mwh and monthly_mwh"],
        ["technologies.heat_pump.levels = ['hot_wter']", "among steam, hot_water"],
        ["technologies.thermal_storage.level = 'stem'", "one of steam, hot_water"],
        ["scenario.yaml", "profiles.price_cny_per_kwh.path", "price.csv", "existing CSV"],
        ["scenario.yaml", "tariff.prices_cny_per_kwh.valley = -0.1", ">= 0 CNY/kWh"],
    )


def test_rules_across_sections_all_at_once(tmp_path, base):
    """Every broken rule across sections, not the first: a horizon past the year's end,
    no weather for PV, wind and the air-source heat pump, and a level that does not exist."""
    data = with_heat(base)
    data.pop("weather")
    data["horizon_start_hour"] = 8750
    data["technologies"]["thermal_storage"]["level"] = "stem"
    check_fails(
        tmp_path,
        "validate",
        write_scenario(tmp_path, data),
        ["horizon_hours = 48", "at most 10 h from horizon_start_hour = 8750 h"],
        ["scenario.yaml: weather:", "for pv"],
        ["scenario.yaml: weather:", "for wind"],
        ["technologies.thermal_storage.level = 'stem'", "one of steam, hot_water"],
        ["scenario.yaml: weather:", "technologies.heat_pump's COP"],
    )


def test_several_data_problems_in_one_run(tmp_path, base):
    use_load_csv(base, write_csv(tmp_path, "load.csv", "load", load_kw()[:-1]))
    base["profiles"]["emission_factor_t_per_mwh"] = {"path": "ef.csv", "column": "ef"}
    base["technologies"]["wind"]["turbine_type"] = "X-999/1"
    base["tariff"]["prices_cny_per_kwh"]["valley"] = -0.1
    base["tariff"]["prices_cny_per_kwh"]["peak"] = 1020.8
    check_fails(
        tmp_path,
        "validate",
        write_scenario(tmp_path, base),
        ["load.csv", "load = '8759 rows'", "8760 hourly rows"],
        ["scenario.yaml", "profiles.emission_factor_t_per_mwh.path", "ef.csv", "existing CSV"],
        ["scenario.yaml", "technologies.wind.turbine_type = 'X-999/1'", "windpowerlib"],
        ["scenario.yaml", "tariff.prices_cny_per_kwh.peak = 1020.8", "CNY/MWh"],
        ["scenario.yaml", "tariff.prices_cny_per_kwh.valley = -0.1", ">= 0 CNY/kWh"],
    )


def test_bad_input_without_out_leaves_no_results_folder(tmp_path, base, monkeypatch):
    """The default results/ folder (relative to the working directory) is not created."""
    base["tariff"]["prices_cny_per_kwh"]["valley"] = -0.1
    scenario = write_scenario(tmp_path, base)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["run", str(scenario)])
    assert result.exit_code == EXIT_INPUT
    assert len(error_lines(result)) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["scenario.yaml"]


# --- heat ------------------------------------------------------------------------------------


def with_heat(data: dict) -> dict:
    """The example with steam and hot water, a heat pump, thermal storage and old boilers."""
    data["heat"] = {
        "levels": [
            {
                "name": "steam",
                "temperature_c": 175,
                "steam": {"pressure_bar": 9, "feedwater_c": 60},
                "demand": {"annual_t": 50000},
            },
            {"name": "hot_water", "temperature_c": 80, "demand": {"annual_mwh": 10000}},
        ]
    }
    data["technologies"]["heat_pump"] = {"capex_cny_per_kw": 1500}
    data["technologies"]["existing_gas_boiler"] = {"capacity_kw": 20000}
    data["technologies"]["thermal_storage"] = {"level": "steam"}
    return data


def test_heat_example_is_valid(tmp_path, base):
    scenario = write_scenario(tmp_path, with_heat(base))
    assert invoke("validate", scenario).exit_code == 0


@COMMANDS
def test_heat_level_named_that_does_not_exist(tmp_path, base, command):
    data = with_heat(base)
    data["technologies"]["thermal_storage"]["level"] = "stem"
    scenario = write_scenario(tmp_path, data)
    check_fails(
        tmp_path,
        command,
        scenario,
        ["scenario.yaml", "technologies.thermal_storage.level = 'stem'", "steam, hot_water"],
    )


@COMMANDS
def test_heat_technology_without_heat_section(tmp_path, base, command):
    data = with_heat(base)
    data.pop("heat")
    scenario = write_scenario(tmp_path, data)
    check_fails(tmp_path, command, scenario, ["scenario.yaml", "heat:", "technologies.heat_pump"])


@COMMANDS
def test_heat_demand_given_twice_and_steam_below_saturation(tmp_path, base, command):
    data = with_heat(base)
    data["heat"]["levels"][1]["demand"]["monthly_mwh"] = [800.0] * 12
    data["heat"]["levels"][0]["steam"]["temperature_c"] = 150
    scenario = write_scenario(tmp_path, data)
    if command == "validate":  # schema problems first; the steam table is read in prepare
        check_fails(
            tmp_path,
            command,
            scenario,
            ["heat.levels.1.demand", "one of annual_mwh, monthly_mwh", "not annual_mwh and"],
        )
        return
    data["heat"]["levels"][1]["demand"].pop("monthly_mwh")
    scenario = write_scenario(tmp_path, data)
    check_fails(
        tmp_path,
        command,
        scenario,
        ["heat.levels.steam.steam.temperature_c = 150", "at or above saturation", "175.4 degC"],
    )


@COMMANDS
def test_heat_demand_csv_missing_and_steam_csv_in_t_per_h_without_steam(tmp_path, base, command):
    data = with_heat(base)
    data["heat"]["levels"][1]["demand"] = {"profile": {"path": "hw.csv", "column": "kw"}}
    data["heat"]["levels"][0]["steam"] = None
    data["heat"]["levels"][0]["demand"] = {
        "profile": {"path": "steam.csv", "column": "t", "unit": "t/h"}
    }
    write_csv(tmp_path, "steam.csv", "t", np.full(HOURS, 10.0))
    scenario = write_scenario(tmp_path, data)
    check_fails(
        tmp_path,
        command,
        scenario,
        ["heat.levels.0", "demand in t of steam needs its steam section"],
        ["heat.levels.1.demand.profile.path", "hw.csv", "an existing CSV file"],
    )


@COMMANDS
def test_negative_gas_price_names_unit(tmp_path, base, command):
    data = with_heat(base)
    data["heat"]["gas"] = {"price_cny_per_m3": -1}
    scenario = write_scenario(tmp_path, data)
    check_fails(tmp_path, command, scenario, ["heat.gas.price_cny_per_m3 = -1", "(unit CNY/m3)"])


def test_simulate_capacity_option_names_known_keys(tmp_path, base):
    scenario = write_scenario(tmp_path, with_heat(base))
    args = ["simulate", str(scenario), "--capacity", "heat_pmp_kw=3000", "--quiet"]
    result = CliRunner().invoke(app, [*args, "--out", str(tmp_path / "results" / "sim")])
    assert result.exit_code == EXIT_INPUT, result.stderr
    (line,) = error_lines(result)
    assert "--capacity: heat_pmp_kw" in line and "heat_pump_kw" in line, line
    assert not (tmp_path / "results").exists()


def test_simulate_heat_capacities_from_the_command_line(tmp_path, base):
    scenario = write_scenario(tmp_path, with_heat(base))
    out = tmp_path / "sim"
    args = ["simulate", str(scenario), "--strategy", "self_consumption", "--quiet"]
    args += ["--capacity", "heat_pump_kw=2000", "--capacity", "thermal_storage_kw=3000"]
    args += ["--capacity", "thermal_storage_kwh=9000"]
    result = CliRunner().invoke(app, [*args, "--out", str(out)])
    assert result.exit_code == 0, (result.stdout, result.stderr)
    caps = pd.read_csv(out / "capacities.csv").iloc[0]
    assert caps["heat_pump_kw"] == 2000 and caps["thermal_storage_kwh"] == 9000
    assert caps["existing_gas_boiler_kw"] == 20000  # today's boilers unless told otherwise
