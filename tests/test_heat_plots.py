"""The heat figures of a run folder and the energy-flow Sankey: a short run with heat writes
them (and an electricity-only run does not); the Sankey's flows add up at every node."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from parkopt import plan, prepare, scenario_from_dict
from parkopt.optimizer.outputs.results import write_run
from parkopt.optimizer.plots.heat import heat_levels, store_levels
from parkopt.optimizer.plots.sankey import SANKEY_FILE, energy_flows, imbalance, layout

ROOT = Path(__file__).resolve().parents[1]
INPUTS = ROOT / "inputs"
HORIZON_H = 72
BALANCE_TOL_MWH = 1e-6
RUN_FILES = {"summary.json", "timeseries.parquet", "capacities.csv", "monthly.csv", "scenario.yaml"}
ELECTRICITY_PLOTS = {
    "dispatch_summer_week.png",
    "dispatch_winter_week.png",
    "monthly_energy_balance.png",
    "battery_soc_heatmap.png",
    "green_share_heatmap.png",
    "duration_curves.png",
    "monthly_green_shares.png",
}
HEAT_FILES = {
    "heat_dispatch_steam.png",
    "heat_dispatch_hot_water.png",
    "monthly_energy_by_carrier.png",
    SANKEY_FILE,
}


def load(name: str) -> dict:
    return yaml.safe_load((INPUTS / name).read_text(encoding="utf-8"))


def heat_scenario() -> dict:
    """zero_carbon_park.yaml over 72 h, set up so that every kind of heat flow runs: heat
    pumps, an electric boiler and the existing gas boilers (steam only), purchased heat into
    the hot water, the cascade from steam to hot water, a steam accumulator."""
    data = load("zero_carbon_park.yaml")
    data["horizon_hours"] = HORIZON_H
    data["carbon"] = {"tco2_per_tce": 0.05}
    heat, tech = data["heat"], data["technologies"]
    heat["gas"]["price_cny_per_m3"] = 6.0
    heat["purchased"] = {
        "price_cny_per_gj": 40,
        "temperature_c": 120,
        "max_kw": 500,
        "fossil": False,
    }
    tech["electric_boiler"]["levels"] = ["steam"]
    tech["existing_gas_boiler"]["levels"] = ["steam"]
    tech["waste_heat_pump"]["source_kw"] = 300
    tech["thermal_storage"]["energy_capex_cny_per_kwh"] = 20
    return data


def solve_and_write(data: dict, out: Path) -> Path:
    scenario = scenario_from_dict(data, source="test", base_dir=INPUTS)
    return write_run(plan(prepare(scenario)), out)


@pytest.fixture(scope="module")
def heat_run(tmp_path_factory) -> Path:
    data = heat_scenario()
    weather = (INPUTS / data["weather"]["path"]).resolve()
    if not weather.is_file():  # ../shared/data/weather, beside the repository
        pytest.skip(f"weather file not found: {weather}")
    return solve_and_write(data, tmp_path_factory.mktemp("heat") / "run")


@pytest.fixture(scope="module")
def heat_frame(heat_run):
    import pandas as pd

    return pd.read_parquet(heat_run / "timeseries.parquet")


def test_heat_run_writes_the_heat_figures(heat_run):
    names = {p.name for p in heat_run.iterdir()}
    assert names == RUN_FILES | ELECTRICITY_PLOTS | HEAT_FILES
    for name in names - RUN_FILES - {SANKEY_FILE}:
        assert (heat_run / name).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", name


def test_sankey_file_is_self_contained(heat_run):
    html = (heat_run / SANKEY_FILE).read_text(encoding="utf-8")
    assert '"type":"sankey"' in html.replace(" ", "")
    assert "<script src=" not in html.replace('<script src="data:', "")  # plotly.js inlined
    assert "Thermal storage losses" in html and "(cascade)" in html


def test_electricity_only_run_writes_no_heat_figures(tmp_path):
    data = load("example_park.yaml")
    data["horizon_hours"] = 48
    data["carbon"] = {"reduction": 0.2}
    folder = solve_and_write(data, tmp_path / "run")
    assert {p.name for p in folder.iterdir()} == RUN_FILES | ELECTRICITY_PLOTS


def test_heat_levels_and_store_level_from_the_frame(heat_frame):
    levels = heat_levels(heat_frame)
    assert levels == ["steam", "hot_water"]  # hottest first
    assert heat_frame["thermal_storage_discharge_kw"].max() > 0  # the store runs
    assert store_levels(heat_frame, levels) == {"thermal_storage": "steam"}
    named = heat_frame.copy()
    named.attrs["thermal_storage_level"] = "hot_water"
    assert store_levels(named, levels) == {"thermal_storage": "hot_water"}


def test_sankey_flows_balance_at_every_node(heat_frame):
    flows = energy_flows(heat_frame)
    gaps = imbalance(flows)
    assert set(gaps) == {
        "electricity",
        "heat_pump",
        "waste_heat_pump",
        "electric_boiler",
        "existing_gas_boiler",
        "level:steam",
        "level:hot_water",
    }
    for node, gap in gaps.items():
        assert abs(gap) < BALANCE_TOL_MWH, (node, gap)
    pairs = {(x.source, x.target) for x in flows.links}
    for pair in [
        ("ambient:heat_pump", "heat_pump"),
        ("ambient:waste_heat_pump", "waste_heat_pump"),
        ("gas", "existing_gas_boiler"),
        ("existing_gas_boiler", "loss"),
        ("purchased", "level:hot_water"),
        ("level:steam", "level:hot_water"),  # the cascade
        ("level:steam", "loss"),  # the steam accumulator's losses
        ("electricity", "loss"),  # the battery's
        ("level:hot_water", "use:hot_water"),
    ]:
        assert pair in pairs, pair
    kinds = {k: n.kind for k, n in flows.nodes.items()}
    sources = sum(x.mwh for x in flows.links if kinds[x.source] == "source")
    uses = sum(x.mwh for x in flows.links if kinds[x.target] == "use")
    assert sources == pytest.approx(uses, abs=BALANCE_TOL_MWH)
    demand_mwh = heat_frame["heat_hot_water_demand_kw"].sum() / 1e3
    served = sum(x.mwh for x in flows.links if x.target == "use:hot_water")
    assert served == pytest.approx(demand_mwh, rel=1e-12)


def test_sankey_imbalance_is_seen(heat_frame):
    """The check is not vacuous: a frame whose electricity does not add up shows it."""
    broken = heat_frame.copy()
    broken["load_kw"] += 1000.0  # 1 MW more load than supplied, every hour
    gaps = imbalance(energy_flows(broken))
    assert gaps["electricity"] == pytest.approx(-HORIZON_H, rel=1e-9)


def test_sankey_layout_in_the_unit_square(heat_frame):
    flows = energy_flows(heat_frame)
    x, y = layout(flows)
    assert len(x) == len(y) == len(flows.nodes)
    assert all(0 < v < 1 for v in (*x, *y))
