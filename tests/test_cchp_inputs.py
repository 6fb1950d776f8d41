"""CHP and cooling inputs as a planner gives them: the cooling demand takes MWh_c only (no
tonnes of steam, no inventory), the cold store names no level (there is one cooling node).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from parkopt import load_scenario
from parkopt.optimizer.common.errors import ScenarioError

ROOT = Path(__file__).resolve().parents[1]


def write_scenario(folder, data: dict):
    path = folder / "scenario.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


@pytest.fixture
def park() -> dict:
    data = yaml.safe_load((ROOT / "inputs" / "example_park.yaml").read_text(encoding="utf-8"))
    data["cooling"] = {"demand": {"annual_mwh": 1000.0}}
    data["technologies"].update({"chiller": {}, "cold_storage": {}})
    return data


def refused(tmp_path, data) -> str:
    with pytest.raises(ScenarioError) as err:
        load_scenario(write_scenario(tmp_path, data))
    text = str(err.value)
    assert len(text.strip().splitlines()) == 1, text
    return text


def test_a_cooling_demand_in_mwh_and_a_cold_store_without_level_load(tmp_path, park):
    s = load_scenario(write_scenario(tmp_path, park))
    assert s.cooling.demand.annual_mwh == 1000.0
    assert not hasattr(s.technologies.cold_storage, "level")


@pytest.mark.parametrize("key", ["annual_t", "from_inventory"])
def test_cooling_refuses_tonnes_of_steam_and_the_inventory(tmp_path, park, key):
    park["cooling"]["demand"] = {key: 100}
    text = refused(tmp_path, park)
    assert "cooling.demand" in text and key in text and "annual_mwh" in text


def test_cooling_profile_takes_kw_or_mw_only(tmp_path, park):
    park["cooling"]["demand"] = {"profile": {"path": "c.csv", "column": "c", "unit": "t/h"}}
    assert "cooling.demand.profile.unit" in refused(tmp_path, park)


def test_a_cold_store_names_no_level(tmp_path, park):
    park["technologies"]["cold_storage"] = {"level": "steam"}
    text = refused(tmp_path, park)
    assert "technologies.cold_storage" in text and "has none" in text


def test_the_schema_offers_neither():
    from parkopt.optimizer.report.assumptions import registry

    reg = registry()
    assert "cooling.demand.annual_t" not in reg
    assert "technologies.cold_storage.level" not in reg


@pytest.fixture
def cchp_week(tmp_path) -> Path:
    """inputs/cchp_park.yaml on one summer week."""
    data = yaml.safe_load((ROOT / "inputs" / "cchp_park.yaml").read_text(encoding="utf-8"))
    data.update(horizon_start_hour=4344, horizon_hours=168, carbon={})
    return write_scenario(tmp_path, data)


def test_simulate_refuses_the_rule_for_chp_and_chillers_and_runs_optimal(tmp_path, cchp_week):
    """The rule-based strategy has no rule for a CHP, chillers or a cold store: one line naming
    them and pointing at --strategy optimal; --strategy optimal runs the same sizes."""
    from typer.testing import CliRunner

    from parkopt.optimizer.cli.main import app

    caps = [
        "chp_kw=2000",
        "chiller_kw=6000",
        "absorption_chiller_kw=1500",
        "cold_storage_kw=3000",
        "cold_storage_kwh=20000",
        "existing_gas_boiler_kw=8000",
    ]
    args = ["simulate", str(cchp_week), "--no-plots", "--quiet"]
    args += [a for c in caps for a in ("--capacity", c)]
    rule = CliRunner().invoke(app, [*args, "--strategy", "self_consumption"])
    assert rule.exit_code != 0
    lines = [ln for ln in rule.stderr.strip().splitlines() if ln]
    assert len(lines) == 1, lines
    assert "technologies.chp" in lines[0] and "technologies.chiller" in lines[0]
    assert "--strategy optimal" in lines[0]
    out = tmp_path / "sim"
    ok = CliRunner().invoke(app, [*args, "--strategy", "optimal", "--out", str(out)])
    assert ok.exit_code == 0, ok.output
    from parkopt.optimizer.outputs.results import read_summary

    s = read_summary(out)
    assert s["strategy"] == "optimal" and s["status"] == "ok"
    assert s["carriers"]["cooling"]["demand_mwh"] > 0
    assert s["audit"]["cooling_balance_residual_kw"] < 1e-3


def test_linked_cold_store_on_typical_days_equals_the_full_horizon():
    """Power is cheap on days 0-2 only: an electric chiller and a cold store with losses shift
    cold across days; every day its own typical day gives the full optimum, and the store's
    state written back on the calendar follows its dynamics and closes the cooling audit."""
    import numpy as np

    from parkopt.optimizer.accounts.kpis import SOC_TOL_KWH
    from parkopt.optimizer.inputs.synthetic import make_inputs
    from parkopt.optimizer.planning.plan import plan
    from parkopt.optimizer.planning.typical_days import plan_typical_days

    days = 5
    price = np.concatenate([np.full(72, 0.1), np.full(24 * (days - 3), 1.0)])
    store = {"energy_capex_cny_per_kwh": 5, "loss_per_hour": 0.001, "max_duration_h": 200}
    inputs = make_inputs(
        np.full(24 * days, 100.0),
        price,
        cooling={"demand": {"annual_mwh": 1.0}},
        cooling_demand_kw=np.full(24 * days, 400.0),
        technologies={
            "chiller": {"cop_curve": {"air_temperature_c": [0.0, 40.0], "cop": [4.0, 4.0]}},
            "cold_storage": store,
        },
    )
    full = plan(inputs, whole_turbines=False)
    typical = plan_typical_days(inputs, days)
    assert typical.summary["objective"] == pytest.approx(full.summary["objective"], rel=1e-6)
    assert typical.capacities["cold_storage_kwh"] > 10_000.0  # cold kept across days
    d, cs = typical.dispatch, inputs.scenario.technologies.cold_storage
    soc, keep = d["cold_storage_soc_kwh"].to_numpy(), cs.retention_per_hour
    flow = (
        cs.charge_efficiency * d["cold_storage_charge_kw"]
        - d["cold_storage_discharge_kw"] / cs.discharge_efficiency
    ).to_numpy()
    assert np.abs(soc - (keep * np.roll(soc, 1) + flow)).max() < SOC_TOL_KWH
    assert soc.min() >= -SOC_TOL_KWH
    audit = typical.summary["audit"]
    assert audit["cold_storage_soc_residual_kwh"] < SOC_TOL_KWH
    assert audit["cooling_balance_residual_kw"] < 1e-3
