"""Examples are regression tests: the default example's full year against stored figures.

When a change is meant to move these numbers, regenerate the file with
    python tests/test_examples.py
and say why in the commit message.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from parkopt import load_scenario, plan, prepare
from parkopt.optimizer.accounts.kpis import BALANCE_TOL_KW, SOC_TOL_KWH
from parkopt.optimizer.cli.docs import render
from parkopt.optimizer.outputs.results import read_summary, write_run
from parkopt.optimizer.schema.scenario import Carbon
from parkopt.optimizer.study import TABLE_FILE, failed_runs, run_study

ROOT = Path(__file__).resolve().parents[1]
EXPECTED = Path(__file__).parent / "expected" / "example_park.json"
OBJECTIVE_REL_TOL = 1e-6  # the LP optimum is unique in value
CAPACITY_REL_TOL = 1e-4  # capacities may move within solver tolerances
SHARED = ROOT.parent / "shared" / "data" / "weather"
ZERO_CARBON_EXPECTED = Path(__file__).parent / "expected" / "zero_carbon_park.json"
CCHP_EXPECTED = Path(__file__).parent / "expected" / "cchp_park.json"
MULTI_EXPECTED = Path(__file__).parent / "expected" / "multi_site_park.json"


def figures(result) -> dict:
    """The plan as built (wind in whole turbines) and the LP's continuous optimum."""
    wind = result.summary.get("wind_turbines") or {}
    return {
        "objective": result.summary["objective"],
        "continuous_objective": wind.get("continuous_cost", result.summary["objective"]),
        "capacities": result.capacities,
        "emissions_t": result.summary["emissions_t"],
    }


@pytest.fixture(scope="module")
def default_run(tmp_path_factory):
    result = plan(prepare(load_scenario(ROOT / "inputs" / "example_park.yaml")))
    folder = write_run(result, tmp_path_factory.mktemp("runs") / "example")
    return result, folder


@pytest.mark.slow
def test_default_example_matches_stored_figures(default_run):
    result, _ = default_run
    expected = json.loads(EXPECTED.read_text())
    got = figures(result)
    assert got["objective"] == pytest.approx(expected["objective"], rel=OBJECTIVE_REL_TOL)
    assert got["continuous_objective"] == pytest.approx(
        expected["continuous_objective"], rel=OBJECTIVE_REL_TOL
    )
    for key, value in expected["capacities"].items():
        assert got["capacities"][key] == pytest.approx(value, rel=CAPACITY_REL_TOL), key
    assert got["emissions_t"] == pytest.approx(expected["emissions_t"], rel=1e-6)


@pytest.mark.slow
def test_default_example_target_binds_and_audits(default_run):
    result, folder = default_run
    s = read_summary(folder)
    assert s["kind"] == "plan" and s["status"] == "optimal" and s["horizon_hours"] == 8760
    # the LP's continuous optimum sits on the cap; the 6 whole turbines built cut more, so
    # in the plan as built the cap is slack and has no shadow price
    assert s["emissions_t"] <= s["carbon_cap_t"] * (1 + 1e-9)
    assert s["abatement_cost_per_t"] is None and s["emissions_t"] < s["carbon_cap_t"]
    wind = s["wind_turbines"]
    assert s["capacity"]["wind_kw"] == wind["chosen"]["kw"] > wind["continuous_kw"]
    assert s["solve_start"]["from"] == "typical_days"  # the plan's own solve, kept
    assert s["objective"] == pytest.approx(
        wind["continuous_cost"] + wind["chosen"]["extra_cost"], rel=1e-9
    )
    assert s["carbon_cap_t"] == pytest.approx(0.40 * s["baseline_emissions_t"], rel=1e-12)
    assert s["audit"]["balance_residual_kw"] < BALANCE_TOL_KW
    assert s["audit"]["soc_residual_kwh"] < SOC_TOL_KWH
    assert s["audit"]["objective_rel_gap"] < 1e-9
    assert s["energy_mwh"]["load"] == pytest.approx(result.inputs.hourly["load_kw"].sum() / 1e3)


@pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/data/weather is not here")
@pytest.mark.parametrize("name", ["ordos_park", "wuxi_park"])
def test_china_examples_plan_a_short_horizon(name):
    """The CSWD examples validate and solve (two summer weeks, to stay fast; the annual
    target is dropped since two weeks need not reach a yearly share)."""
    scenario = load_scenario(ROOT / "inputs" / f"{name}.yaml")
    scenario = scenario.model_copy(
        update={"horizon_start_hour": 4344, "horizon_hours": 336, "carbon": Carbon()}
    )
    result = plan(prepare(scenario))
    assert result.summary["status"] == "optimal"
    assert result.summary["audit"]["balance_residual_kw"] < BALANCE_TOL_KW


@pytest.mark.slow
def test_configurations_study_runs_whole(tmp_path):
    """A shipped study must run whole: the three configurations of configurations.yaml
    (full year, two workers) all solve, and the variants figure and table are written."""
    folder = run_study(ROOT / "inputs" / "configurations.yaml", tmp_path / "study", echo=None)
    table = pd.read_parquet(folder / TABLE_FILE)
    assert sorted(table["name"]) == [
        "variant=pv_battery",
        "variant=pv_only",
        "variant=pv_wind_battery",
    ]
    assert (table["status"] == "optimal").all(), table[["name", "error"]]
    assert failed_runs(folder) == []
    costs = table.set_index("name")["cost.total_annual"]
    # more options never cost more at the same target
    assert costs["variant=pv_wind_battery"] <= costs["variant=pv_battery"] * (1 + 1e-9)
    assert costs["variant=pv_battery"] <= costs["variant=pv_only"] * (1 + 1e-9)
    assert (folder / "variants.png").is_file() and (folder / "variants.csv").is_file()


@pytest.mark.slow
@pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/data/weather is not here")
def test_zero_carbon_park_meets_the_indicator_over_a_full_year(tmp_path):
    """inputs/zero_carbon_park.yaml (electricity, steam and hot water; full year): the plan
    brings the notice's indicator from today's ~2.6 to 0.2 tCO2/tce, every carrier's balance
    closes, and the results folder is written whole."""
    result = plan(prepare(load_scenario(ROOT / "inputs" / "zero_carbon_park.yaml")))
    s = read_summary(write_run(result, tmp_path / "zc"))
    ind = s["indicator"]
    assert s["status"] == "optimal" and s["horizon_hours"] == 8760
    assert ind["tco2_per_tce"] <= 0.2 * (1 + 1e-7)
    assert 2.0 < ind["baseline"]["tco2_per_tce"] < 3.0
    assert s["indicator_target_price_per_t"] is not None  # the indicator binds
    for key in ("balance_residual_kw", "heat_balance_residual_kw"):
        assert s["audit"][key] < BALANCE_TOL_KW, key
    assert s["audit"]["objective_rel_gap"] < 1e-9
    assert s["emissions_t"] == pytest.approx(ind["scope1_t"] + ind["scope2_t"], rel=1e-9)
    assert s["capacity"]["heat_pump_kw"] == 0.0 or s["carriers"]["heat_steam"]["supply_mwh"].get(
        "heat_pump", 0.0
    ) == pytest.approx(0.0, abs=1e-6)  # the air-source pump (90 degC) never serves steam
    expected = json.loads(ZERO_CARBON_EXPECTED.read_text())
    assert s["objective"] == pytest.approx(expected["objective"], rel=OBJECTIVE_REL_TOL)


@pytest.mark.slow
def test_cchp_park_plans_a_full_year_and_its_target_binds(tmp_path):
    """inputs/cchp_park.yaml (no files needed; full year, about 2-3 minutes): a CHP, chillers
    and a cold store are built, every balance closes, the cut binds, the objective is the
    stored one, and the report renders in English and Chinese."""
    from parkopt.optimizer.report import write_report

    result = plan(prepare(load_scenario(ROOT / "inputs" / "cchp_park.yaml")))
    folder = write_run(result, tmp_path / "cchp")
    s = read_summary(folder)
    assert s["status"] == "optimal" and s["horizon_hours"] == 8760
    for key in ("chp_kw", "chiller_kw", "cold_storage_kwh"):
        assert s["capacity"][key] > 100.0, key
    assert s["abatement_cost_per_t"] is not None and s["abatement_cost_per_t"] > 0
    for key in ("balance_residual_kw", "heat_balance_residual_kw", "cooling_balance_residual_kw"):
        assert s["audit"][key] < BALANCE_TOL_KW, key
    assert s["carriers"]["cooling"]["demand_mwh"] == pytest.approx(15_000.0, rel=1e-6)
    expected = json.loads(CCHP_EXPECTED.read_text())
    assert s["objective"] == pytest.approx(expected["objective"], rel=OBJECTIVE_REL_TOL)
    for lang in ("en", "zh"):
        write_report(folder, lang=lang)


@pytest.mark.slow
def test_multi_site_park_plans_a_full_year_per_instance():
    """inputs/multi_site_park.yaml (no files needed; full year, about 2-4 minutes): three PV
    arrays, two wind sites, two existing boilers each on its level, a CHP and cooling; the
    objective and every capacity, each instance's among them, are the stored ones."""
    got = figures(plan(prepare(load_scenario(ROOT / "inputs" / "multi_site_park.yaml"))))
    expected = json.loads(MULTI_EXPECTED.read_text())
    assert got["objective"] == pytest.approx(expected["objective"], rel=OBJECTIVE_REL_TOL)
    for key, value in expected["capacities"].items():
        assert got["capacities"][key] == pytest.approx(value, rel=CAPACITY_REL_TOL, abs=1e-3), key
    assert got["emissions_t"] == pytest.approx(expected["emissions_t"], rel=1e-6)


def test_direct_connection_example_plans_a_short_horizon():
    """inputs/direct_connection_park.yaml (no files needed) on two summer weeks: every rule
    of the project and the green-direct target are rows of the plan and hold."""
    scenario = load_scenario(ROOT / "inputs" / "direct_connection_park.yaml")
    short = scenario.model_copy(update={"horizon_start_hour": 4344, "horizon_hours": 336})
    s = plan(prepare(short)).summary
    rules = {r["key"]: r for r in s["compliance"]["rules"]}
    for key in (
        "green_direct_share",
        "gdc_self_use_of_available",
        "gdc_consumption_share",
        "gdc_export_of_available",
    ):
        assert rules[key]["target"] and rules[key]["status"] == "pass", key
    assert s["cost"]["grid_exchange_charges"] == pytest.approx(
        0.05 * s["energy_mwh"]["grid_import"] * 1000, rel=1e-9
    )


def test_shipped_inputs_cite_documents_a_user_has():
    """The report shows the scenario's comments as the inputs' sources: they name public
    documents, never a file beside this repository that an installed parkopt lacks."""
    for path in (ROOT / "inputs").glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        assert "CHINA_INPUTS" not in text, path.name


def test_inputs_readme_is_generated_from_the_schema():
    """inputs/README.md must match the schema; regenerate with
    python -m parkopt.optimizer.cli.docs > inputs/README.md"""
    assert (ROOT / "inputs" / "README.md").read_text(encoding="utf-8") == render()


def _is_plan_scenario(path: Path) -> bool:
    """A shipped scenario planned for one year: not a study (``base:``), not a pathway."""
    text = path.read_text(encoding="utf-8")
    return not any(line.startswith(("base:", "pathway:")) for line in text.splitlines())


PLAN_SCENARIOS = sorted(p.name for p in (ROOT / "inputs").glob("*.yaml") if _is_plan_scenario(p))


@pytest.mark.parametrize("name", PLAN_SCENARIOS)
def test_every_shipped_scenario_writes_its_folder_and_report_on_two_days(name, tmp_path):
    """Each shipped scenario, on its first two days, goes the whole way a user's run goes:
    plan, folder, report (the zero-carbon example once failed at its report)."""
    from parkopt.optimizer.report import write_report

    scenario = load_scenario(ROOT / "inputs" / name)
    weather = scenario.weather.path if scenario.weather is not None else None
    if weather is not None and ":" not in weather and not Path(weather).is_file():
        pytest.skip(f"needs {weather}")
    update = {"horizon_hours": 48}
    if scenario.carbon.reduction is not None:  # a January week-end reaches less than a year
        update["carbon"] = scenario.carbon.model_copy(update={"reduction": 0.3})
    scenario = scenario.model_copy(update=update)
    result = plan(prepare(scenario))
    report = lambda tmp, target: write_report(tmp, name=target.name)  # noqa: E731
    folder = write_run(result, tmp_path / "run", plots=False, finish=report)
    assert (folder / "report.html").stat().st_size > 10_000
    assert read_summary(folder)["objective"] == pytest.approx(result.summary["objective"])


if __name__ == "__main__":
    run = plan(prepare(load_scenario(ROOT / "inputs" / "example_park.yaml")))
    EXPECTED.write_text(json.dumps(figures(run), indent=2) + "\n")
    print(f"wrote {EXPECTED}")
    run = plan(prepare(load_scenario(ROOT / "inputs" / "cchp_park.yaml")))
    CCHP_EXPECTED.write_text(json.dumps(figures(run), indent=2) + "\n")
    print(f"wrote {CCHP_EXPECTED}")
    run = plan(prepare(load_scenario(ROOT / "inputs" / "multi_site_park.yaml")))
    MULTI_EXPECTED.write_text(json.dumps(figures(run), indent=2) + "\n")
    print(f"wrote {MULTI_EXPECTED}")
    if SHARED.is_dir():
        run = plan(prepare(load_scenario(ROOT / "inputs" / "zero_carbon_park.yaml")))
        ZERO_CARBON_EXPECTED.write_text(json.dumps(figures(run), indent=2) + "\n")
        print(f"wrote {ZERO_CARBON_EXPECTED}")
