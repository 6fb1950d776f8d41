"""Named heat-source instances (issue 21, item 1): two existing gas boilers, each on its own
level with its own efficiency, as a list under ``technologies.existing_gas_boiler``."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import yaml

from parkopt.optimizer.common.errors import ScenarioError
from parkopt.optimizer.inputs.synthetic import make_inputs
from parkopt.optimizer.planning.plan import plan
from parkopt.optimizer.schema.scenario import load_scenario
from parkopt.optimizer.study.expand import expand
from parkopt.optimizer.study.spec import StudySpec

ROOT = Path(__file__).resolve().parents[1]
OBJECTIVE_REL_TOL = 1e-9  # a list of one instance is the mapping
REL = 1e-6  # hand figures against the LP
W = 8760 / 4  # weight of one hour of a 4-hour horizon [h/year]

# --- factors, from their sources (not from parkopt) -------------------------------------------
KWH_PER_M3 = 38.931 / 3.6  # natural gas LHV 38.931 MJ/m3 (GB/T 2589) -> 10.814 kWh/m3
GAS_KG_CO2_PER_M3 = 2.1622  # national accounting guidelines
GAS_PRICE = 3.5  # CNY/m3, the schema's default
OM = 15.0  # CNY/kW_th-year, the existing boilers' default fixed O&M

STEAM_KW = np.array([500.0, 600.0, 700.0, 400.0])  # kW_th
HOT_WATER_KW = np.array([300.0, 200.0, 100.0, 400.0])
BOILERS = [
    {"name": "steam", "capacity_kw": 1000, "efficiency_fraction": 0.90, "levels": ["steam"]},
    {"name": "hot_water", "capacity_kw": 800, "efficiency_fraction": 0.92, "levels": ["hot_water"]},
]


def _level(name: str, temperature_c: float) -> dict:
    return {"name": name, "temperature_c": temperature_c, "demand": {"annual_mwh": 1.0}}


def _two_levels(boilers) -> object:
    heat = {"levels": [_level("steam", 175), _level("hot_water", 80)], "cascade": False}
    return make_inputs(
        np.full(4, 100.0),
        0.5,
        heat=heat,
        heat_demand_kw={"steam": STEAM_KW, "hot_water": HOT_WATER_KW},
        technologies={"existing_gas_boiler": boilers},
    )


def test_two_boilers_on_two_levels_by_hand():
    """Steam 500/600/700/400 kW_th only from the steam boiler (0.90), hot water 300/200/100/400
    only from the hot-water boiler (0.92): no other source, no cascade. Each may retire what
    it does not need, saving 15 CNY/kW-year: the steam boiler keeps its peak, 700 kW_th, the
    hot-water boiler 400 kW_th. Gas per horizon: 2,200 / 0.90 + 1,000 / 0.92 = 3,531.4 kWh;
    x W = 2,190 for a year; bill at 3.5 CNY/m3 of 10.814 kWh; Scope 1 at 2.1622 kg/m3."""
    p = plan(_two_levels(BOILERS))
    caps = p.summary["capacity"]
    assert caps["existing_gas_boiler_steam_kw"] == pytest.approx(700.0, rel=REL)
    assert caps["existing_gas_boiler_hot_water_kw"] == pytest.approx(400.0, rel=REL)
    assert caps["existing_gas_boiler_kw"] == pytest.approx(1100.0, rel=REL)

    d = p.dispatch
    np.testing.assert_allclose(d["heat_steam_existing_gas_boiler_steam_kw"], STEAM_KW, atol=1e-6)
    np.testing.assert_allclose(d["heat_hot_water_existing_gas_boiler_hot_water_kw"], HOT_WATER_KW)
    np.testing.assert_allclose(d["existing_gas_boiler_steam_gas_kw"], STEAM_KW / 0.90)
    np.testing.assert_allclose(d["existing_gas_boiler_hot_water_gas_kw"], HOT_WATER_KW / 0.92)
    gas_kw = STEAM_KW / 0.90 + HOT_WATER_KW / 0.92
    np.testing.assert_allclose(d["existing_gas_boiler_gas_kw"], gas_kw)  # the technology's total
    np.testing.assert_allclose(d["heat_steam_existing_gas_boiler_kw"], STEAM_KW)  # per level
    np.testing.assert_allclose(d["gas_kw"], gas_kw)

    gas_m3 = gas_kw.sum() * W / KWH_PER_M3
    assert p.summary["cost"]["gas"] == pytest.approx(gas_m3 * GAS_PRICE, rel=REL)
    assert p.summary["cost"]["fixed_om"] == pytest.approx((700 + 400) * OM, rel=REL)
    scope1 = gas_m3 * GAS_KG_CO2_PER_M3 / 1e3
    assert p.summary["indicator"]["scope1_t"] == pytest.approx(scope1, rel=REL)
    gas = p.summary["carriers"]["gas"]["demand_mwh"]
    assert gas["existing_gas_boiler_steam"] == pytest.approx(STEAM_KW.sum() / 0.9 * W / 1e3)
    assert gas["existing_gas_boiler_hot_water"] == pytest.approx(
        HOT_WATER_KW.sum() / 0.92 * W / 1e3
    )
    assert p.summary["audit"]["heat_balance_residual_kw"] < 1e-6


def test_baseline_burns_each_level_in_its_own_boiler():
    """Today's park: each level from its own boiler at its own efficiency (the plan above
    is today's park, so the baseline's gas equals the plan's, and so its emissions)."""
    p = plan(_two_levels(BOILERS))
    assert p.summary["baseline_emissions_t"] == pytest.approx(p.summary["emissions_t"], rel=REL)


def test_a_list_of_one_boiler_is_the_mapping():
    one = {"capacity_kw": 1500, "efficiency_fraction": 0.9}
    a = plan(_two_levels(one))
    b = plan(_two_levels([{"name": "old", **one}]))
    assert b.summary["objective"] == pytest.approx(a.summary["objective"], rel=OBJECTIVE_REL_TOL)
    assert b.capacities["existing_gas_boiler_old_kw"] == pytest.approx(
        a.capacities["existing_gas_boiler_kw"], rel=OBJECTIVE_REL_TOL
    )
    assert b.capacities["existing_gas_boiler_kw"] == pytest.approx(
        a.capacities["existing_gas_boiler_kw"], rel=OBJECTIVE_REL_TOL
    )
    np.testing.assert_allclose(b.dispatch["gas_kw"], a.dispatch["gas_kw"], rtol=1e-9)


def _scenario() -> dict:
    """The CCHP example's park, its heat from the two boilers alone, for one day."""
    data = yaml.safe_load((ROOT / "inputs" / "cchp_park.yaml").read_text("utf-8"))
    data.pop("cooling")
    boilers = [{**b, "capacity_kw": kw} for b, kw in zip(BOILERS, (8000, 3000), strict=True)]
    return {
        **data,
        "horizon_hours": 24,
        "carbon": {},
        "technologies": {"existing_gas_boiler": boilers},
    }


BOILER = "technologies.existing_gas_boiler"


@pytest.mark.parametrize(
    ("change", "field", "value", "expected"),
    [
        ({1: {"name": "steam"}}, f"{BOILER}.1.name", "steam", "unique"),
        ({0: {"name": "Steam-1"}}, f"{BOILER}.0.name", "Steam-1", "lowercase"),
        ({1: {"levels": ["warm"]}}, f"{BOILER}.hot_water.levels", "warm", "among steam, hot_water"),
    ],
)
def test_bad_boilers_give_one_line_each(tmp_path, change, field, value, expected):
    data = _scenario()
    for i, fields in change.items():
        data["technologies"]["existing_gas_boiler"][i].update(fields)
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump(data))
    with pytest.raises(ScenarioError) as err:
        load_scenario(path)
    lines = [str(p) for p in err.value.problems]
    assert len(lines) == 1, lines
    assert str(path) in lines[0] and field in lines[0] and value in lines[0]
    assert expected in lines[0] and "\n" not in lines[0]


def test_a_bad_name_of_one_mapping_is_one_line(tmp_path):
    data = _scenario()
    data["technologies"] = {"chp": {"name": "Gas Turbine", "level": "steam", **FREE_CHP}}
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump(data))
    with pytest.raises(ScenarioError) as err:
        load_scenario(path)
    lines = [str(p) for p in err.value.problems]
    assert len(lines) == 1 and "technologies.chp.name = 'Gas Turbine'" in lines[0], lines


def test_a_study_key_names_one_boiler():
    spec = StudySpec.model_validate(
        {
            "name": "old",
            "base": "x.yaml",
            "grid": {"technologies.existing_gas_boiler.steam.efficiency_fraction": [0.8, 0.85]},
        }
    )
    runs = expand(spec, _scenario())
    got = sorted(
        [b["efficiency_fraction"] for b in r.scenario.model_dump()["technologies"][k]]
        for r in runs
        for k in ["existing_gas_boiler"]
    )
    assert got == [[0.8, 0.92], [0.85, 0.92]]


def test_simulate_takes_each_boiler_s_capacity(tmp_path):
    from typer.testing import CliRunner

    from parkopt.optimizer.cli.main import app

    path = tmp_path / "boilers.yaml"
    path.write_text(yaml.safe_dump(_scenario(), sort_keys=False), encoding="utf-8")
    given = ["existing_gas_boiler_steam_kw=6000", "existing_gas_boiler_hot_water_kw=3000"]
    args = [f"--capacity={g}" for g in given]
    out = tmp_path / "sim"
    r = CliRunner().invoke(app, ["simulate", str(path), *args, "--out", str(out), "--no-plots"])
    assert r.exit_code == 0, r.output
    summary = yaml.safe_load((Path(out) / "summary.json").read_text("utf-8"))
    assert summary["capacity"]["existing_gas_boiler_kw"] == pytest.approx(9000.0)
    assert summary["capacity"]["existing_gas_boiler_hot_water_kw"] == pytest.approx(3000.0)


EXAMPLE = ROOT / "inputs" / "multi_site_park.yaml"
NAMED = ("existing_gas_boiler_steam_boiler_kw", "existing_gas_boiler_hot_water_boiler_kw")


@pytest.fixture(scope="module")
def example_week(tmp_path_factory) -> Path:
    """inputs/multi_site_park.yaml over a week of July, a 20 % cut (a week cannot reach 48 %),
    written as `parkopt run` writes it (figures included)."""
    from parkopt.optimizer.inputs.prepare import prepare
    from parkopt.optimizer.outputs.results import write_run
    from parkopt.optimizer.schema.scenario import scenario_from_dict

    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    data.update(horizon_start_hour=4344, horizon_hours=168, carbon={"reduction": 0.2})
    result = plan(prepare(scenario_from_dict(data, base_dir=EXAMPLE.parent)))
    assert result.summary["status"] == "optimal"
    return write_run(result, tmp_path_factory.mktemp("multi") / "multi_week")


def test_example_reports_each_boiler_beside_the_total(example_week):
    import json

    import pandas as pd

    from parkopt.optimizer.outputs.console import format_summary
    from parkopt.optimizer.report import write_report

    s = json.loads((example_week / "summary.json").read_text("utf-8"))
    cap = s["capacity"]
    assert cap["existing_gas_boiler_kw"] == pytest.approx(sum(cap[k] for k in NAMED))
    assert cap["pv_kw"] == pytest.approx(
        sum(cap[f"pv_{n}_kw"] for n in ("roof_east", "roof_west", "ground"))
    )
    assert s["audit"]["heat_balance_residual_kw"] < 1e-6
    d = pd.read_parquet(example_week / "timeseries.parquet")
    np.testing.assert_allclose(
        d["existing_gas_boiler_gas_kw"],
        d["existing_gas_boiler_steam_boiler_gas_kw"]
        + d["existing_gas_boiler_hot_water_boiler_gas_kw"],
    )
    assert "heat_hot_water_existing_gas_boiler_steam_boiler_kw" not in d  # steam only
    from parkopt.optimizer.outputs.console import row_unit

    assert row_unit(f"capacity.{NAMED[0]}", "CNY") == "kW_th"  # its technology's unit
    text = format_summary(s)
    assert "Existing gas boilers steam_boiler" in text and "hot_water_boiler" in text
    for lang in ("en", "zh"):
        page = write_report(example_week, lang=lang)[0].read_text(encoding="utf-8")
        assert "steam_boiler" in page


def test_the_pathway_retires_one_named_boiler():
    """Two boilers on one hot water level; the old one (0.85) retired from 2028 does not
    serve the period 2026-2029, the other (0.92) serves it alone, as its capacity allows."""
    from parkopt.optimizer.pathway import plan_pathway

    boilers = [
        {"name": "old", "capacity_kw": 1000, "efficiency_fraction": 0.85},
        {"name": "new", "capacity_kw": 600, "efficiency_fraction": 0.92},
    ]
    inputs = make_inputs(
        np.full(24, 100.0),
        0.5,
        heat={"levels": [_level("hot_water", 80)]},
        heat_demand_kw={"hot_water": np.full(24, 500.0)},
        technologies={"existing_gas_boiler": boilers},
        pathway={
            "typical_days": None,
            "retire": {"existing_gas_boiler_old": 2028},
            "periods": [{"year": 2026, "years": 4}, {"year": 2030, "years": 5}],
        },
    )
    rows = {(r["year"], r["capacity"]): r for r in plan_pathway(inputs).summary["schedule"]}
    assert rows[(2026, "existing_gas_boiler_old_kw")]["serving"] == pytest.approx(0.0, abs=1e-9)
    assert rows[(2026, "existing_gas_boiler_new_kw")]["serving"] == pytest.approx(500.0, rel=REL)


def _chp_park(chp) -> object:
    """Load 200 kW at 1.5 CNY/kWh; steam and hot water 100 kW_th each, no cascade; gas at
    2 CNY/m3; a 0.9 gas boiler may serve either level."""
    heat = {
        "levels": [_level("steam", 175), _level("hot_water", 80)],
        "gas": {"price_cny_per_m3": 2.0},
        "cascade": False,
    }
    boiler = {"capex_cny_per_kw": 0.0, "efficiency_fraction": 0.9}
    return make_inputs(
        np.full(4, 200.0),
        1.5,
        heat=heat,
        heat_demand_kw={"steam": 100.0, "hot_water": 100.0},
        technologies={"chp": chp, "gas_boiler": boiler},
    )


FREE_CHP = {
    "capex_cny_per_kw": 0.0,
    "fixed_om_fraction_per_year": 0.0,
    "electrical_efficiency": 0.4,
    "thermal_efficiency": 0.4,
}


def test_two_chp_units_each_on_its_level_by_hand():
    """Two free CHP units (eta_e = eta_th = 0.4), one on each level: each makes 100 kW_e and
    100 kW_th of its level from 250 kW of gas (46.24 CNY/h against 150 CNY/h of power and
    20.55 of boiler gas), so both are sized at 100 kW_e and nothing is imported; cost =
    4 x W x 500 kW of gas x 2 / 10.814 CNY/kWh."""
    units = [
        {"name": "steam", "level": "steam", **FREE_CHP},
        {"name": "hot_water", "level": "hot_water", **FREE_CHP},
    ]
    p = plan(_chp_park(units))
    caps = p.capacities
    assert caps["chp_steam_kw"] == pytest.approx(100.0, rel=REL)
    assert caps["chp_hot_water_kw"] == pytest.approx(100.0, rel=REL)
    assert caps["chp_kw"] == pytest.approx(200.0, rel=REL)
    d = p.dispatch
    np.testing.assert_allclose(d["chp_steam_heat_kw"], 100.0, rtol=REL)
    np.testing.assert_allclose(d["chp_gas_kw"], 500.0, rtol=REL)  # the technology's total
    np.testing.assert_allclose(d["gas_kw"], 500.0, rtol=REL)
    np.testing.assert_allclose(d["grid_import_kw"], 0.0, atol=1e-6)
    gas_cost = 4 * W * 500 * 2.0 / KWH_PER_M3
    assert p.summary["cost"]["total_annual"] == pytest.approx(gas_cost, rel=REL)
    supply = p.summary["carriers"]["heat_steam"]["supply_mwh"]
    assert supply["chp_steam"] == pytest.approx(4 * W * 100 / 1e3, rel=REL)
    assert p.summary["energy_mwh"]["chp_hot_water_electricity"] == pytest.approx(
        4 * W * 100 / 1e3, rel=REL
    )


def test_a_list_of_one_chp_is_the_mapping():
    one = {"level": "steam", **FREE_CHP}
    a = plan(_chp_park(one))
    b = plan(_chp_park([{"name": "gt", **one}]))
    assert b.summary["objective"] == pytest.approx(a.summary["objective"], rel=OBJECTIVE_REL_TOL)
    assert b.capacities["chp_gt_kw"] == pytest.approx(a.capacities["chp_kw"], rel=1e-9)
    np.testing.assert_allclose(b.dispatch["chp_gas_kw"], a.dispatch["chp_gas_kw"], rtol=1e-9)


def test_the_merit_order_rule_runs_each_boiler_on_its_level():
    """``self_consumption`` on the two boilers: each level from its own boiler, the same
    gas as the plan (there is no other choice), the steam boiler short when given too little."""
    from parkopt.optimizer.common.errors import InfeasibleError
    from parkopt.optimizer.planning.simulate import simulate

    inputs = _two_levels(BOILERS)
    caps = {"existing_gas_boiler_steam_kw": 700, "existing_gas_boiler_hot_water_kw": 400}
    d = simulate(inputs, caps, "self_consumption").dispatch
    np.testing.assert_allclose(d["existing_gas_boiler_steam_gas_kw"], STEAM_KW / 0.90)
    np.testing.assert_allclose(d["gas_kw"], STEAM_KW / 0.90 + HOT_WATER_KW / 0.92)
    with pytest.raises(InfeasibleError, match="existing_gas_boiler_steam 600 kW_th"):
        simulate(inputs, {**caps, "existing_gas_boiler_steam_kw": 600}, "self_consumption")
