"""A plan on the metered year: ``load.from_inventory`` and a heat level's ``from_inventory``
read an inventory folder's park_profiles.parquet."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

from parkopt import load_scenario, prepare
from parkopt.optimizer.common.errors import ScenarioError
from parkopt.optimizer.common.park_profiles import PROFILES_FILE

ROOT = Path(__file__).resolve().parents[1]
HOURS = 8760


def inventory_folder(folder: Path) -> Path:
    folder.mkdir()
    hour = np.arange(HOURS)
    frame = pd.DataFrame(
        {
            "electricity_kw": 10_000.0 + hour % 24 * 100.0,
            "heat_purchased_kw": 1000.0,
            "gas_kw": 2000.0,
            "heat_demand_kw": 2800.0 + hour % 7,
        },
        index=pd.date_range("2024-01-01", periods=HOURS, freq="h", tz="Asia/Shanghai"),
    )
    frame.to_parquet(folder / PROFILES_FILE)
    return folder


def scenario_with(tmp_path: Path, inventory: Path, heat: bool) -> Path:
    data = yaml.safe_load((ROOT / "inputs" / "example_park.yaml").read_text(encoding="utf-8"))
    data["horizon_hours"] = 48
    data["load"] = {"from_inventory": str(inventory)}
    if heat:
        data["heat"] = {
            "levels": [
                {
                    "name": "steam",
                    "temperature_c": 175,
                    "demand": {"from_inventory": str(inventory), "share_of_inventory": 0.7},
                },
                {
                    "name": "hot_water",
                    "temperature_c": 80,
                    "demand": {"from_inventory": str(inventory), "share_of_inventory": 0.3},
                },
            ]
        }
        data["technologies"]["existing_gas_boiler"] = {"capacity_kw": 5000}
    path = tmp_path / "scenario.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


def test_plan_inputs_take_the_metered_load_and_heat(tmp_path):
    inv = inventory_folder(tmp_path / "inv")
    inputs = prepare(load_scenario(scenario_with(tmp_path, inv, heat=True)))
    h = inputs.hourly
    assert h["load_kw"].to_numpy() == pytest.approx(10_000.0 + np.arange(48) % 24 * 100.0)
    steam = h["heat_steam_demand_kw"].to_numpy()
    water = h["heat_hot_water_demand_kw"].to_numpy()
    assert steam == pytest.approx(0.7 * (2800.0 + np.arange(48) % 7))
    assert steam + water == pytest.approx(2800.0 + np.arange(48) % 7)


def test_missing_inventory_folder_is_named(tmp_path):
    path = scenario_with(tmp_path, tmp_path / "nowhere", heat=False)
    with pytest.raises(ScenarioError) as err:
        prepare(load_scenario(path))
    (problem,) = err.value.problems
    assert problem.field == "load.from_inventory"
    assert "park_profiles.parquet" in str(problem)
