"""`parkopt inventory` end to end on the seeded example: the park's monthly figures against
the generator's truth, the indicator by hand, Dask giving the same tables, a plan on the
metered year, bad options named."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml
from typer.testing import CliRunner

from parkopt import load_scenario, plan, prepare
from parkopt.optimizer.cli.main import EXIT_INPUT, app
from parkopt.optimizer.inventory.example import make_example

ROOT = Path(__file__).resolve().parents[1]
MONTHLY_UNIT = {"electricity": 1e-3, "natural_gas": 1.0, "heat": 1e-3}  # kWh -> MWh; m3
TRUTH_KEY = {"electricity": "electricity_kwh", "natural_gas": "natural_gas_m3", "heat": "heat_kwh"}


@pytest.fixture(scope="module")
def example(tmp_path_factory):
    folder = tmp_path_factory.mktemp("meters")
    manifest = make_example(folder, firms=6, year=2024, step_minutes=60)
    return folder, manifest


def invoke(*args):
    return CliRunner().invoke(app, ["inventory", *map(str, args), "--quiet"])


@pytest.fixture(scope="module")
def inventory(example, tmp_path_factory):
    folder, _ = example
    out = tmp_path_factory.mktemp("inv") / "inventory"
    result = invoke(folder / "meters", "--region", "east_china", "--year", 2024, "--out", out)
    assert result.exit_code == 0, (result.stdout, result.stderr)
    return out


def test_folder_is_whole(inventory):
    names = {p.name for p in inventory.iterdir()}
    assert {
        "monthly.csv",
        "firms.csv",
        "park_profiles.parquet",
        "quality.csv",
        "summary.json",
        "firms_ranked.png",
        "monthly_emissions.png",
        "park_load_heatmap.png",
    } <= names


def test_park_months_match_the_truth_where_complete(example, inventory):
    """Months the quality report does not touch equal the generator's truth; months with a
    fill (gaps, negatives, outliers, replacements) are close; incomplete months fall short."""
    _, manifest = example
    monthly = pd.read_csv(inventory / "monthly.csv")
    quality = pd.read_csv(inventory / "quality.csv")
    touched = set(zip(quality["carrier"], quality["timestamp"].str[:7], strict=True))
    park = monthly[monthly["firm"] == "PARK"]
    for carrier, key in TRUTH_KEY.items():
        rows = park[park["carrier"] == carrier].sort_values("month")
        truth = np.asarray(manifest["park"]["monthly"][key]) * MONTHLY_UNIT[carrier]
        got = rows["consumption"].to_numpy()
        whole = rows["complete"].to_numpy()
        clean = np.array([(carrier, m) not in touched for m in rows["month"]])
        assert clean.sum() >= 3, carrier  # some months carry no defect
        assert got[clean] == pytest.approx(truth[clean], rel=1e-9), carrier
        assert got[whole] == pytest.approx(truth[whole], rel=1e-3), carrier
        assert (got[~whole] < truth[~whole]).all()  # a long gap is not invented


def test_indicator_by_hand(inventory):
    """tCO2/tce = (electricity x 0.8325 + gas x 2.1622 kg/m3 + heat GJ x 0.11) / (electricity
    x 0.30 kgce/kWh + gas x 1.33 kgce/m3 + heat GJ x 34.12 kgce/GJ)."""
    monthly = pd.read_csv(inventory / "monthly.csv")
    park = monthly[monthly["firm"] == "PARK"].groupby("carrier")["consumption"].sum()
    elec, gas, heat_gj = park["electricity"], park["natural_gas"], park["heat"] * 3.6
    emissions = elec * 0.8325 + gas * 2.1622e-3 + heat_gj * 0.11
    energy = elec * 0.30 + gas * 1.33e-3 + heat_gj * 1e3 / 29307
    summary = json.loads((inventory / "summary.json").read_text(encoding="utf-8"))
    assert summary["indicator"]["tco2_per_tce"] == pytest.approx(emissions / energy, rel=1e-8)
    footprint = monthly[monthly["firm"] == "PARK"]["emissions_t"].sum()
    assert summary["indicator"]["footprint_t"] == pytest.approx(footprint, rel=1e-8)
    assert summary["factors"]["grid_factor_t_per_mwh"] == 0.55  # east_china, 2023's for 2024


def test_firms_rank_and_shares(inventory):
    firms = pd.read_csv(inventory / "firms.csv")
    assert firms["share_of_park"].sum() == pytest.approx(1.0)
    assert (np.diff(firms["emissions_t"]) <= 0).all() and list(firms["rank"]) == list(
        range(1, len(firms) + 1)
    )


def test_dask_gives_the_same_tables(example, inventory, tmp_path):
    folder, _ = example
    out = tmp_path / "dask"
    args = [folder / "meters", "--year", 2024, "--out", out, "--dask-local", 2, "--no-plots"]
    result = invoke(*args)
    assert result.exit_code == 0, result.stderr
    a, b = (pd.read_csv(f / "monthly.csv") for f in (inventory, out))
    pd.testing.assert_frame_equal(a, b, rtol=1e-12)
    pa, pb = (pd.read_parquet(f / "park_profiles.parquet") for f in (inventory, out))
    assert np.abs(pa.to_numpy() - pb.to_numpy()).max() < 1e-6


def test_a_plan_runs_on_the_metered_year(inventory, tmp_path):
    data = yaml.safe_load((ROOT / "inputs" / "example_park.yaml").read_text(encoding="utf-8"))
    data.update(horizon_hours=48, load={"from_inventory": str(inventory)})
    data["carbon"] = {}
    path = tmp_path / "s.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    inputs = prepare(load_scenario(path))
    profile = pd.read_parquet(inventory / "park_profiles.parquet")["electricity_kw"]
    assert inputs.hourly["load_kw"].to_numpy() == pytest.approx(profile.to_numpy()[:48])
    assert plan(inputs).summary["status"] == "optimal"


def test_unknown_region_and_missing_folder_are_named(tmp_path):
    result = invoke(tmp_path / "absent", "--region", "mars", "--out", tmp_path / "o")
    assert result.exit_code == EXIT_INPUT
    lines = [x for x in result.stderr.splitlines() if x.strip()]
    assert len(lines) == 2 and "absent" in lines[0] and "mars" in lines[1], lines
    (tmp_path / "m").mkdir()
    (tmp_path / "m" / "a.csv").write_text("firm,meter,carrier,timestamp,value,unit\n")
    result = invoke(tmp_path / "m", "--region", "mars", "--out", tmp_path / "o")
    assert result.exit_code == EXIT_INPUT
    assert "--region = 'mars'" in result.stderr and "east_china" in result.stderr
    assert not (tmp_path / "o").exists()


def test_every_planted_defect_is_reported_for_its_meter(example, inventory):
    """Each defect the generator planted (manifest.json) has its quality row: the issue on
    the meter it was planted on."""
    _, manifest = example
    quality = pd.read_csv(inventory / "quality.csv")
    found = set(zip(quality["meter"], quality["issue"], strict=True))
    for d in manifest["defects"]:
        if d["issue"] is None:
            continue
        assert (d["meter"], d["issue"]) in found, d
