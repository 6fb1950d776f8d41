"""The figures of a park with a gas CHP and cooling: the energy-flow Sankey (gas -> CHP ->
electricity and its heat level, electricity -> electric chiller -> cooling, heat level ->
absorption chiller -> cooling, the cold store, the cooling demand) adds up at every node,
and each heat level's dispatch closes with the CHP and the absorption chiller on it. Run:
inputs/cchp_park.yaml over a July week, the electric chiller capped at 4 MW_c so that the
absorption chiller runs, a hot-water store on the other level."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

from parkopt import plan, prepare, scenario_from_dict
from parkopt.optimizer.outputs.results import write_run
from parkopt.optimizer.plots.heat import demand_column, heat_levels, level_parts, placed_levels
from parkopt.optimizer.plots.sankey import SANKEY_FILE, energy_flows, imbalance, layout

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "inputs" / "cchp_park.yaml"
BALANCE_TOL_MWH = 1e-6
BALANCE_TOL_KW = 1e-3


def cchp_week() -> dict:
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    data.update(horizon_start_hour=4344, horizon_hours=168, carbon={"reduction": 0.2})
    tech = data["technologies"]
    tech["chiller"]["max_kw"] = 4000
    tech["absorption_chiller"]["min_kw"] = 1000
    tech["thermal_storage"] = {"level": "hot_water", "energy_capex_cny_per_kwh": 5}
    return data


@pytest.fixture(scope="module")
def cchp_run(tmp_path_factory) -> Path:
    result = plan(prepare(scenario_from_dict(cchp_week(), base_dir=EXAMPLE.parent)))
    assert result.summary["status"] == "optimal"
    return write_run(result, tmp_path_factory.mktemp("cchp") / "run")


@pytest.fixture(scope="module")
def frame(cchp_run) -> pd.DataFrame:
    return pd.read_parquet(cchp_run / "timeseries.parquet")


def test_every_flow_runs(frame):
    for column in (
        "chp_electricity_kw",
        "chp_heat_kw",
        "chiller_cooling_kw",
        "absorption_chiller_cooling_kw",
        "cold_storage_discharge_kw",
        "thermal_storage_discharge_kw",
    ):
        assert frame[column].sum() > 1.0, column


def test_levels_of_the_chp_absorption_chiller_and_store_from_the_frame(frame):
    levels = heat_levels(frame)
    assert levels == ["steam", "hot_water"]
    assert placed_levels(frame, levels) == {
        "chp": "steam",
        "absorption_chiller": "steam",
        "thermal_storage": "hot_water",
    }
    named = frame.copy()
    named.attrs["chp_level"] = "hot_water"  # a level the frame names is taken as it is
    assert placed_levels(named, levels)["chp"] == "hot_water"


def test_heat_dispatch_closes_with_the_chp_and_the_absorption_chiller(frame):
    levels = heat_levels(frame)
    placed = placed_levels(frame, levels)
    for lv in levels:
        parts = level_parts(frame, levels, lv, placed)
        moved = sum(p.sign * frame[p.column].to_numpy() for p in parts)
        gap = np.abs(frame[demand_column(lv)].to_numpy() - moved).max()
        assert gap < BALANCE_TOL_KW, (lv, gap)
    steam = {p.column: p.sign for p in level_parts(frame, levels, "steam", placed)}
    assert steam["chp_heat_kw"] == 1 and steam["absorption_chiller_heat_kw"] == -1


def test_sankey_flows_balance_with_chp_and_cooling(cchp_run, frame):
    flows = energy_flows(frame)
    gaps = imbalance(flows)
    assert {"electricity", "chp", "chiller", "absorption_chiller", "cooling"} <= set(gaps)
    assert {"level:steam", "level:hot_water"} <= set(gaps)
    for node, gap in gaps.items():
        assert abs(gap) < BALANCE_TOL_MWH, (node, gap)
    pairs = {(x.source, x.target) for x in flows.links}
    for pair in [
        ("gas", "chp"),
        ("chp", "electricity"),
        ("chp", "level:steam"),
        ("chp", "loss"),
        ("electricity", "chiller"),
        ("ambient:chiller", "chiller"),  # its COP gain
        ("chiller", "cooling"),
        ("level:steam", "absorption_chiller"),
        ("absorption_chiller", "cooling"),
        ("cooling", "loss"),  # the cold store's
        ("cooling", "use:cooling"),
        ("level:hot_water", "loss"),  # the hot-water store's
    ]:
        assert pair in pairs, pair
    kinds = {k: n.kind for k, n in flows.nodes.items()}
    sources = sum(x.mwh for x in flows.links if kinds[x.source] == "source")
    uses = sum(x.mwh for x in flows.links if kinds[x.target] == "use")
    assert sources == pytest.approx(uses, abs=BALANCE_TOL_MWH)
    served = sum(x.mwh for x in flows.links if x.target == "use:cooling")
    assert served == pytest.approx(frame["cooling_demand_kw"].sum() / 1e3, rel=1e-12)
    chp_power = sum(x.mwh for x in flows.links if (x.source, x.target) == ("chp", "electricity"))
    assert chp_power == pytest.approx(frame["chp_electricity_kw"].sum() / 1e3, rel=1e-12)
    x, y = layout(flows)
    assert all(0 < v < 1 for v in (*x, *y))
    node_x = dict(zip(flows.nodes, x, strict=True))  # links run left to right
    assert node_x["gas"] < node_x["chp"] < node_x["electricity"] < node_x["chiller"]
    assert node_x["level:steam"] < node_x["absorption_chiller"] < node_x["cooling"]
    html = (cchp_run / SANKEY_FILE).read_text(encoding="utf-8")
    assert "Cooling demand" in html and "Gas CHP" in html


def test_cooling_week_is_drawn_with_units_and_closes(cchp_run, frame):
    import json

    from PIL import Image

    from parkopt.optimizer.plots.heat import cooling_parts
    from parkopt.optimizer.plots.run import COOLING_FILE
    from parkopt.optimizer.plots.style import TEXTS_KEY

    image = Image.open(cchp_run / COOLING_FILE)
    texts = json.loads(image.text[TEXTS_KEY])
    assert "Cooling [MW_c]" in texts and "Cooling: summer week (July)" in texts
    for name in ("Electric chiller", "Absorption chiller", "Cold storage charge", "Cooling demand"):
        assert name in texts, name
    assert any(t.startswith("Tue 01 Jul") for t in texts)  # the July week, hour ticks
    parts = cooling_parts(frame)
    assert {p.column for p in parts} == {
        "chiller_cooling_kw",
        "absorption_chiller_cooling_kw",
        "cold_storage_discharge_kw",
        "cold_storage_charge_kw",
    }
    moved = sum(p.sign * frame[p.column].to_numpy() for p in parts)
    assert np.abs(frame["cooling_demand_kw"].to_numpy() - moved).max() < BALANCE_TOL_KW


def test_no_cooling_figure_without_cooling(frame):
    from parkopt.optimizer.plots.run import COOLING_FILE, heat_files

    assert COOLING_FILE in heat_files(frame)
    no_cooling = frame.drop(columns=[c for c in frame.columns if "cool" in c or "chiller" in c])
    files = heat_files(no_cooling)
    assert COOLING_FILE not in files and "heat_dispatch_steam.png" in files
