"""Simulation: optimal reproduces the plan; the rule-based EMS is never cheaper; every
hour honours every limit."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

from parkopt import ScenarioError
from parkopt.optimizer.inputs.synthetic import make_inputs
from parkopt.optimizer.planning.plan import plan
from parkopt.optimizer.planning.simulate import simulate

sys.path.insert(0, str(Path(__file__).parent))
from test_lp import week_inputs  # noqa: E402 - a shared synthetic week

LIMIT_TOL = 1e-6  # kW or kWh


@pytest.fixture(scope="module")
def planned():
    out = []
    for carbon in ({}, {"cap_t": 9000.0}, {"renewable_share": 0.7}):
        inputs = week_inputs(**carbon)
        out.append((inputs, plan(inputs)))
    return out


def test_optimal_reproduces_the_plan(planned):
    for inputs, p in planned:
        sim = simulate(inputs, p.capacities, "optimal")
        assert sim.kind == "simulation" and sim.summary["target_met"] is True
        for key in ("total_annual", "capex_annual", "grid_import", "demand_charge"):
            assert sim.summary["cost"][key] == pytest.approx(p.summary["cost"][key], rel=1e-6)
        assert sim.summary["emissions_t"] == pytest.approx(p.summary["emissions_t"], rel=1e-6)


def test_self_consumption_is_never_cheaper(planned):
    for inputs, p in planned:
        opt = simulate(inputs, p.capacities, "optimal").summary["cost"]["total_annual"]
        for tou in (False, True):
            rule = simulate(inputs, p.capacities, "self_consumption", tou_charging=tou)
            assert rule.summary["cost"]["total_annual"] >= opt * (1 - 1e-9)


@pytest.mark.parametrize("strategy", ["optimal", "self_consumption"])
def test_every_hour_honours_every_limit(planned, strategy):
    inputs, p = planned[1]
    s = inputs.scenario
    b = s.technologies.battery
    sim = simulate(inputs, p.capacities, strategy, tou_charging=strategy != "optimal")
    d, caps = sim.dispatch, sim.capacities
    assert sim.summary["audit"]["balance_residual_kw"] < 1e-6
    assert sim.summary["audit"]["soc_residual_kwh"] < 1e-6
    assert (d["battery_soc_kwh"] <= b.soc_max_fraction * caps["battery_kwh"] + LIMIT_TOL).all()
    assert (d["battery_soc_kwh"] >= b.soc_min_fraction * caps["battery_kwh"] - LIMIT_TOL).all()
    assert (d["battery_charge_kw"] <= caps["battery_kw"] + LIMIT_TOL).all()
    assert (d["battery_discharge_kw"] <= caps["battery_kw"] + LIMIT_TOL).all()
    assert (d["grid_export_kw"] <= s.grid.export_limit_kw + LIMIT_TOL).all()
    assert (d["grid_import_kw"] <= s.grid.import_limit_kw + LIMIT_TOL).all()
    for col in d.columns:
        assert (d[col] >= -LIMIT_TOL).all(), col
    pv_av = inputs.hourly["pv_kw_per_kw_dc"] * caps["pv_kw"]
    assert np.allclose(d["pv_kw"] + d["pv_curtailed_kw"], pv_av, atol=1e-6)


def test_self_consumption_by_hand():
    """No battery, PV 100 kW in hour 0 against 60 kW load, export limit 30 kW: 30 kW
    exported, 10 kW curtailed; hour 1 no PV: the grid gives the 60 kW."""
    from parkopt.optimizer.inputs.synthetic import make_inputs

    inputs = make_inputs(
        np.full(24, 60.0),
        0.5,
        pv_kw_per_kw=np.r_[1.0, np.zeros(23)],
        technologies={"pv": {}},
        grid={"export_limit_kw": 30},
    )
    sim = simulate(inputs, {"pv_kw": 100}, "self_consumption")
    d = sim.dispatch
    assert d["grid_export_kw"].iloc[0] == pytest.approx(30)
    assert d["pv_curtailed_kw"].iloc[0] == pytest.approx(10)
    assert d["grid_import_kw"].iloc[1] == pytest.approx(60)


def test_bad_simulation_input_lists_every_problem(planned):
    inputs, _ = planned[0]
    with pytest.raises(ScenarioError) as err:
        simulate(inputs, {"pv_kw": -5, "battery_kwh": float("nan")}, "fastest")
    text = str(err.value).splitlines()
    assert len(text) == 3
    assert any("strategy = 'fastest'" in t and "optimal, self_consumption" in t for t in text)
    assert any("pv_kw = -5.0" in t and ">= 0 kW" in t for t in text)
    assert any("battery_kwh = nan" in t and "kWh" in t for t in text)


def test_tou_charging_needs_grid_charging(planned):
    from parkopt.optimizer.inputs.synthetic import make_inputs

    inputs = make_inputs(
        np.full(24, 100.0), 0.5, technologies={"battery": {"grid_charging": False}}
    )
    with pytest.raises(ScenarioError, match="grid_charging is true"):
        simulate(
            inputs, {"battery_kw": 10, "battery_kwh": 20}, "self_consumption", tou_charging=True
        )


def test_self_consumption_without_grid_charging_charges_only_from_surplus(planned):
    inputs, p = planned[0]
    sim = simulate(inputs, p.capacities, "self_consumption")
    d = sim.dispatch
    surplus = (d["pv_kw"] + d["wind_kw"] - d["load_kw"]).clip(lower=0)
    assert (d["battery_charge_kw"] <= surplus + 1e-6).all()
    assert d["battery_charge_grid_kw"].abs().max() < 1e-6


def test_cli_simulate_bad_input(tmp_path):
    """A missing or non-run capacities folder, a negative size, an unknown strategy: one
    line each, exit 2, no folder written."""
    from typer.testing import CliRunner

    from parkopt.optimizer.cli.main import app

    root = Path(__file__).resolve().parents[1]
    scenario = root / "inputs" / "example_park.yaml"
    runner = CliRunner()
    not_a_run = tmp_path / "not_a_run"
    not_a_run.mkdir()
    cases = [
        (["--capacities", str(tmp_path / "missing")], "a results folder of `parkopt run`"),
        (["--capacities", str(not_a_run)], "a results folder of `parkopt run`"),
        (["--pv-kw", "-5"], "pv_kw = -5.0: a capacity >= 0 kW"),
        (["--pv-kw", "100", "--strategy", "fastest"], "one of optimal, self_consumption"),
    ]
    for args, expected in cases:
        out = tmp_path / "out"
        res = runner.invoke(app, ["simulate", str(scenario), *args, "--out", str(out)])
        assert res.exit_code == 2, res.output
        assert expected in res.output
        assert not out.exists()


def test_targets_met_checks_every_target_in_force():
    """A self-consumption run is judged on each target: the cap (market-based), the annual
    share and the hourly share, not on the cap alone."""
    from parkopt.optimizer.inputs.synthetic import make_inputs
    from parkopt.optimizer.planning.simulate import targets_met

    summary = {"emissions_market_t": 100.0, "renewable_share": 0.3, "hourly_matched_share": 0.2}
    loose_cap_strict_hourly = make_inputs(
        [100.0] * 24, 0.5, carbon={"cap_t": 1e6, "hourly_matched_share": 0.9}
    )
    assert targets_met(loose_cap_strict_hourly, summary) is False
    assert targets_met(make_inputs([100.0] * 24, 0.5, carbon={"renewable_share": 0.3}), summary)
    assert not targets_met(
        make_inputs([100.0] * 24, 0.5, carbon={"renewable_share": 0.31}), summary
    )
    assert targets_met(make_inputs([100.0] * 24, 0.5), summary) is None


def test_capacities_outside_the_planning_bounds_are_warned():
    """A size above max_kw / max_kwh or below min_kw is simulated as given, with a warning
    naming the capacity, the value and the limit with units (summary.json, console)."""
    from parkopt.optimizer.inputs.synthetic import make_inputs

    hod = np.arange(48) % 24
    inputs = make_inputs(
        15000 + 8000 * ((hod >= 8) & (hod < 24)),
        np.where(hod >= 8, 0.6, 0.3),
        pv_kw_per_kw=np.clip(np.sin((hod - 6) / 12 * np.pi), 0, None),
        wind_kw_per_kw=np.full(48, 0.3),
        technologies={
            "pv": {"capex_cny_per_kw": 3300, "max_kw": 40000},
            "wind": {"capex_cny_per_kw": 5800, "min_kw": 1000, "max_kw": 30000},
            "battery": {"max_kw": 10000, "max_kwh": 5000},
        },
    )
    caps = {"pv_kw": 50000, "wind_kw": 500, "battery_kw": 2000, "battery_kwh": 8000}
    sim = simulate(inputs, caps, "self_consumption")
    ours = [w for w in sim.summary["warnings"] if "simulated as given" in w]
    assert ours == [
        "pv_kw = 50,000 kW_DC is above technologies.pv.max_kw = 40,000 kW_DC: simulated as "
        "given, outside what a plan may build",
        "wind_kw = 500 kW is below technologies.wind.min_kw = 1,000 kW: simulated as given, "
        "outside what a plan may build",
        "battery_kwh = 8,000 kWh is above technologies.battery.max_kwh = 5,000 kWh: simulated "
        "as given, outside what a plan may build",
    ]
    inside = {"pv_kw": 40000, "wind_kw": 1000, "battery_kw": 2000, "battery_kwh": 5000}
    sim = simulate(inputs, inside, "optimal")
    assert not [w for w in sim.summary["warnings"] if "simulated as given" in w]


def test_cli_simulate_warns_of_a_capacity_above_max_kw(tmp_path):
    import json

    import yaml
    from typer.testing import CliRunner

    from parkopt.optimizer.cli.main import app

    root = Path(__file__).resolve().parents[1]
    data = yaml.safe_load((root / "inputs" / "example_park.yaml").read_text(encoding="utf-8"))
    data["horizon_hours"] = 24
    scenario = tmp_path / "park.yaml"
    scenario.write_text(yaml.safe_dump(data), encoding="utf-8")
    out = tmp_path / "sim"
    args = ["simulate", str(scenario), "--pv-kw", "60000", "--strategy", "self_consumption"]
    res = CliRunner().invoke(app, [*args, "--no-plots", "--out", str(out)])
    assert res.exit_code == 0, res.output
    warning = "pv_kw = 60,000 kW_DC is above technologies.pv.max_kw = 40,000 kW_DC"
    assert f"warning: {warning}" in res.stdout
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert any(w.startswith(warning) for w in summary["warnings"])


def test_sizes_a_hair_beyond_a_duration_limit_simulate():
    """A plan's battery at its longest duration may come back a rounding error beyond it
    (E = 6.0000000001 P): the fixed sizes are simulated, not refused as a trivially
    infeasible row, as the planning bounds are dropped for given sizes."""
    inputs = make_inputs([100.0] * 24, 0.5, technologies={"battery": {"max_duration_h": 6.0}})
    caps = {"battery_kw": 100.0, "battery_kwh": 600.0 * (1 + 1e-10)}
    sim = simulate(inputs, caps, "optimal")
    assert sim.summary["status"] == "ok"
    assert sim.capacities["battery_kwh"] == caps["battery_kwh"]
