"""The resource check of every run: modelled full-load hours beside a reference, calibration
per site, and the warning that names the file and the factor when they are far apart."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import yaml

from parkopt import load_scenario, plan, prepare, scenario_from_dict, write_run
from parkopt.optimizer.inputs.resource import NATIONAL_REFERENCE

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "inputs" / "example_park.yaml"
WEATHER = ROOT.parent / "shared" / "data" / "weather"
needs_shared = pytest.mark.skipif(not WEATHER.is_dir(), reason="../shared/data/weather absent")


def example(**changes) -> dict:
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    data.update(changes)
    return data


def site(name: str, **wind) -> dict:
    """The default example at a CSWD site, with its wind section updated."""
    data = example(park={"name": name, "timezone": "Asia/Shanghai"})
    data["weather"] = {"path": str(next(WEATHER.glob(f"*{name}*.epw")))}
    data["technologies"]["wind"].update(wind)
    return data


def test_summary_has_the_resource_block_and_warnings(tmp_path):
    data = example(horizon_hours=48, carbon={"reduction": 0.2})
    result = plan(prepare(scenario_from_dict(data, base_dir=EXAMPLE.parent)))
    folder = write_run(result, tmp_path / "run", plots=False)
    s = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
    r = s["resource"]
    for key in ("wind_mean_speed_hub_m_per_s", "wind_full_load_hours", "pv_full_load_hours"):
        assert r[key] > 0, key
    assert r["reference"]["wind"] == NATIONAL_REFERENCE["wind"]
    assert r["reference"]["pv"]["year"] == 2023 and r["reference"]["wind"]["year"] == 2022
    assert r["calibration"] is None
    assert r["wind_loss_fraction"] == pytest.approx(1 - 0.93 * 0.97 * 0.98, rel=1e-12)
    # the full year's hours, not the 48-hour horizon's
    full = prepare(load_scenario(EXAMPLE))
    cf = full.hourly["wind_kw_per_kw"].to_numpy()
    assert r["wind_full_load_hours"] == pytest.approx(cf.sum(), rel=1e-12)
    assert isinstance(s["warnings"], list)


def test_scenario_reference_replaces_the_national_one():
    data = example(
        resource={"wind_reference_full_load_hours": 1450, "reference_source": "a mast, 2024"}
    )
    inputs = prepare(scenario_from_dict(data, base_dir=EXAMPLE.parent))
    ref = inputs.resource["reference"]
    assert ref["wind"]["full_load_hours"] == 1450 and ref["wind"]["source"] == "a mast, 2024"
    assert ref["pv"] == NATIONAL_REFERENCE["pv"]  # the PV figure keeps its own year and source
    ratio = inputs.resource["wind_full_load_hours"] / 1450
    assert inputs.resource["wind_to_reference"] == pytest.approx(ratio, rel=1e-12)
    assert not any("wind full-load hours" in w for w in inputs.warnings)  # within 30 %


@needs_shared
@pytest.mark.parametrize("name, direction", [("Jiuquan", "below"), ("Chengshantou", "above")])
def test_warning_fires_on_uncalibrated_station_wind(name, direction):
    """Jiuquan's sheltered station reads far below any wind base, Chengshantou's cape far
    above any onshore farm: both are named with the file and the factor."""
    inputs = prepare(scenario_from_dict(site(name), base_dir=EXAMPLE.parent))
    ratio = inputs.resource["wind_to_reference"]
    assert (ratio < 0.7) if direction == "below" else (ratio > 1.3)
    (warning,) = [w for w in inputs.warnings if "wind full-load hours" in w]
    assert name in warning and f"{ratio:.2f} x the reference" in warning


@needs_shared
def test_calibrated_site_meets_its_reference_without_warning():
    data = site("Jiuquan", calibration={"full_load_hours": 2000, "source": "test"})
    data["resource"] = {"wind_reference_full_load_hours": 2000}
    inputs = prepare(scenario_from_dict(data, base_dir=EXAMPLE.parent))
    r = inputs.resource
    assert r["wind_full_load_hours"] == pytest.approx(2000, rel=1e-6)
    assert r["calibration"]["factor"] > 1.5  # the sheltered station reads low
    assert not any("wind full-load hours" in w for w in inputs.warnings)
    assert np.isclose(inputs.hourly["wind_kw_per_kw"].sum(), 2000, rtol=1e-6)


def test_wind_profile_with_wind_model_settings_is_refused():
    """A CSV profile replaces the wind model: a calibration beside it would do nothing."""
    from parkopt import ScenarioError

    data = example()
    data["technologies"]["wind"]["calibration"] = {"full_load_hours": 2600}
    data["profiles"] = {"wind_kw_per_kw": {"path": str(EXAMPLE), "column": "x"}}
    with pytest.raises(ScenarioError, match="technologies.wind.calibration = .*no weather-model"):
        scenario_from_dict(data, base_dir=EXAMPLE.parent)


def test_wind_class_beside_a_turbine_type_is_refused():
    from parkopt import ScenarioError

    data = example()
    data["technologies"]["wind"]["wind_class"] = "I"
    with pytest.raises(ScenarioError, match="give one of turbine_type, wind_class or power_curve"):
        scenario_from_dict(data, base_dir=EXAMPLE.parent)
    data["technologies"]["wind"]["turbine_type"] = None
    scenario = scenario_from_dict(data, base_dir=EXAMPLE.parent)
    assert scenario.technologies.wind.turbine == "V112/3450"


def test_wind_data_problems_are_named_at_wind_data(tmp_path):
    from parkopt import ScenarioError

    (tmp_path / "mast.csv").write_text("ws100\n" + "5.0\n" * 10, encoding="utf-8")
    data = example()
    data["technologies"]["wind"]["wind_data"] = {
        "path": str(tmp_path / "mast.csv"),
        "columns": {100: "ws100"},
    }
    with pytest.raises(ScenarioError) as info:
        prepare(scenario_from_dict(data, base_dir=EXAMPLE.parent))
    (problem,) = info.value.problems
    assert problem.field == "technologies.wind.wind_data" and "mast.csv" in problem.expected
