"""Named instances (issue 21, item 1): PV and wind sections as one mapping or a list."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import yaml

from parkopt.optimizer.common.errors import ScenarioError
from parkopt.optimizer.inputs.prepare import prepare
from parkopt.optimizer.inputs.synthetic import make_inputs
from parkopt.optimizer.planning.plan import plan
from parkopt.optimizer.schema.scenario import load_scenario, scenario_from_dict
from parkopt.optimizer.study.expand import expand
from parkopt.optimizer.study.spec import StudySpec

ROOT = Path(__file__).resolve().parents[1]
OBJECTIVE_REL_TOL = 1e-9
HOURS = 48
LOAD_KW = 1000.0
FREE = {"discount_rate": 0.0}  # capital recovery = 1 / life: annual costs by hand


def _plan(inputs):
    return plan(inputs, whole_turbines=False)


def test_one_element_list_named_after_the_technology_is_the_mapping():
    pv = {"capex_cny_per_kw": 3300, "max_kw": 900}
    wind = {"capex_cny_per_kw": 5800, "max_kw": 500}
    kw = {"pv_kw_per_kw": np.tile([0.0] * 8 + [0.6] * 8 + [0.0] * 8, 2), "wind_kw_per_kw": 0.3}
    one = _plan(
        make_inputs(np.full(HOURS, LOAD_KW), 0.8, **kw, technologies={"pv": pv, "wind": wind})
    )
    listed = {"pv": [{"name": "pv", **pv}], "wind": [{"name": "wind", **wind}]}
    many = _plan(make_inputs(np.full(HOURS, LOAD_KW), 0.8, **kw, technologies=listed))
    assert many.summary["objective"] == pytest.approx(
        one.summary["objective"], rel=OBJECTIVE_REL_TOL
    )
    assert list(many.capacities) == list(one.capacities)
    assert list(many.dispatch.columns) == list(one.dispatch.columns)
    assert set(many.summary["capacity"]) == set(one.summary["capacity"])


def test_the_cheaper_array_is_built_first_up_to_its_limit():
    """Load 1,000 kW in every hour, grid at 1 CNY/kWh, no discounting, no O&M, life 10 years.
    roof_a gives 0.5 kW/kW in every hour at 1,000 CNY/kW (100 CNY/kW-year), up to 600 kW;
    roof_b 0.25 kW/kW at 1,500 CNY/kW (150 CNY/kW-year), no limit. A kW of either saves more
    energy than it costs (0.5 x 8,760 = 4,380 and 0.25 x 8,760 = 2,190 CNY/year), so the LP
    fills roof_a (600 kW giving 300 kW), then roof_b up to the load: (1,000 - 300) / 0.25 =
    2,800 kW; nothing is imported. Cost: 600 x 100 + 2,800 x 150 = 480,000 CNY/year."""
    common = {"fixed_om_fraction_per_year": 0.0, "life_years": 10}
    pv = [
        {"name": "roof_a", "capex_cny_per_kw": 1000, "max_kw": 600, **common},
        {"name": "roof_b", "capex_cny_per_kw": 1500, **common},
    ]
    inputs = make_inputs(
        np.full(HOURS, LOAD_KW),
        1.0,
        instance_kw_per_kw={"pv_roof_a": 0.5, "pv_roof_b": 0.25},
        technologies={"pv": pv},
        finance=FREE,
    )
    p = _plan(inputs)
    caps = p.summary["capacity"]
    assert caps["pv_roof_a_kw"] == pytest.approx(600.0, rel=1e-6)
    assert caps["pv_roof_b_kw"] == pytest.approx(2800.0, rel=1e-6)
    assert caps["pv_kw"] == pytest.approx(3400.0, rel=1e-6)
    assert p.summary["objective"] == pytest.approx(480_000.0, rel=1e-6)
    d = p.dispatch
    assert d["pv_roof_a_kw"].to_numpy() == pytest.approx(np.full(HOURS, 300.0), rel=1e-6)
    assert d["pv_roof_b_kw"].to_numpy() == pytest.approx(np.full(HOURS, 700.0), rel=1e-6)
    assert d["pv_kw"].to_numpy() == pytest.approx(d["pv_roof_a_kw"] + d["pv_roof_b_kw"])
    assert d["grid_import_kw"].max() == pytest.approx(0.0, abs=1e-6)
    invest = p.summary["economics"]["investment"]
    assert invest["pv_roof_a"] == pytest.approx(600_000.0, rel=1e-6)
    assert invest["pv_roof_b"] == pytest.approx(4_200_000.0, rel=1e-6)
    assert p.summary["energy_mwh"]["pv_roof_a"] == pytest.approx(300.0 * 8.76, rel=1e-6)


def _base() -> dict:
    data = yaml.safe_load((ROOT / "inputs" / "three_roofs_park.yaml").read_text())
    return {**data, "horizon_hours": 168, "horizon_start_hour": 4200, "carbon": {}}


def test_two_wind_sites_with_their_own_turbines_get_their_own_profiles():
    s = scenario_from_dict(_base(), "three_roofs_park.yaml", ROOT / "inputs")
    inputs = prepare(s)
    north = inputs.hourly["wind_site_north_kw_per_kw"].to_numpy()
    south = inputs.hourly["wind_site_south_kw_per_kw"].to_numpy()
    assert north.max() > 0 and south.max() > 0
    assert not np.allclose(north, south)  # E-141/4200 at 120 m against V126/3450 at 100 m
    res = inputs.resource["instances"]
    assert res["wind_site_north"]["turbine"] == "E-141/4200"
    assert res["wind_site_south"]["turbine"] == "V126/3450"
    east = inputs.hourly["pv_roof_east_kw_per_kw_dc"].to_numpy()
    west = inputs.hourly["pv_roof_west_kw_per_kw_dc"].to_numpy()
    morning = inputs.hourly.index.hour < 11
    assert east[morning].sum() > west[morning].sum()  # the east roof sees the morning sun
    p = _plan(inputs)
    caps = p.summary["capacity"]
    named = ("pv_roof_east_kw", "pv_roof_west_kw", "pv_ground_kw")
    assert caps["pv_kw"] == pytest.approx(sum(caps[k] for k in named))
    assert caps["wind_kw"] == pytest.approx(caps["wind_site_north_kw"] + caps["wind_site_south_kw"])
    assert caps["pv_roof_east_kw"] <= 3000 * (1 + 1e-9)


def test_a_study_key_sweeps_one_instance():
    spec = StudySpec.model_validate(
        {
            "name": "roof",
            "base": "x.yaml",
            "grid": {"technologies.pv.roof_east.max_kw": [1000, 2000]},
        }
    )
    runs = expand(spec, _base())
    got = [
        [(i.get("name"), i["max_kw"]) for i in r.scenario.model_dump()["technologies"]["pv"]]
        for r in runs
    ]
    assert sorted(got) == [
        [("roof_east", 1000), ("roof_west", 3000), ("ground", 20000)],
        [("roof_east", 2000), ("roof_west", 3000), ("ground", 20000)],
    ]
    wrong = StudySpec.model_validate(
        {"name": "roof", "base": "x.yaml", "grid": {"technologies.pv.roof_north.max_kw": [1]}}
    )
    with pytest.raises(ScenarioError) as err:
        expand(wrong, _base())
    assert "technologies.pv.roof_north.max_kw" in str(err.value)
    assert "one of roof_east, roof_west, ground" in str(err.value)


@pytest.mark.parametrize(
    ("items", "field", "expected"),
    [
        ([{"name": "roof"}, {"name": "roof"}], "technologies.pv.1.name", "unique within"),
        ([{"name": "roof"}, {}], "technologies.pv.1.name", "a name for each item"),
        ([{"name": "Roof East"}], "technologies.pv.0.name", "a lowercase identifier"),
        ([{"name": "pv"}, {"name": "roof"}], "technologies.pv.0.name", "other than 'pv'"),
    ],
)
def test_bad_names_give_one_line_each(tmp_path, items, field, expected):
    data = _base()
    data["technologies"]["pv"] = [{**i, "capex_cny_per_kw": 3000} for i in items]
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump(data))
    with pytest.raises(ScenarioError) as err:
        load_scenario(path)
    lines = [str(p) for p in err.value.problems]
    assert len(lines) == 1, lines
    assert str(path) in lines[0] and field in lines[0] and expected in lines[0]


def test_simulate_takes_a_named_instance_s_capacity_on_the_command_line(tmp_path):
    """``parkopt simulate --capacity pv_roof_east_kw=...``: a named instance's key is a
    capacity like the registry's (it was refused); a key the scenario lacks is one line
    listing the keys it has."""
    import json

    from typer.testing import CliRunner

    from parkopt.optimizer.cli.main import app

    root = Path(__file__).resolve().parents[1]
    data = yaml.safe_load((root / "inputs" / "three_roofs_park.yaml").read_text("utf-8"))
    data.update(horizon_hours=48, carbon={})
    path = tmp_path / "three_roofs.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    given = {"pv_roof_east_kw": 1000, "pv_roof_west_kw": 500, "pv_ground_kw": 4000}
    given.update(wind_site_north_kw=0, wind_site_south_kw=0)
    args = [f"--capacity={k}={v}" for k, v in given.items()]
    out = tmp_path / "sim"
    r = CliRunner().invoke(app, ["simulate", str(path), *args, "--out", str(out), "--no-plots"])
    assert r.exit_code == 0, r.output
    cap = json.loads((out / "summary.json").read_text("utf-8"))["capacity"]
    assert cap["pv_roof_east_kw"] == 1000 and cap["pv_kw"] == 5500
    r = CliRunner().invoke(app, ["simulate", str(path), "--capacity", "pv_roof_north_kw=5"])
    assert r.exit_code != 0
    assert "pv_roof_north_kw" in r.output and "pv_roof_east_kw" in r.output
