"""Studies on typical days: each run equals its own typical-day plan, the best runs refined
on every day equal a direct plan, lean run folders, and a bad N named in one line."""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pandas as pd
import pytest
import yaml
from typer.testing import CliRunner

from parkopt import ScenarioError
from parkopt.optimizer.cli.main import app
from parkopt.optimizer.inputs.prepare import prepare
from parkopt.optimizer.outputs.results import SUMMARY_FILE
from parkopt.optimizer.planning.plan import plan
from parkopt.optimizer.planning.typical_days import plan_typical_days
from parkopt.optimizer.study import (
    RUNS_DIR,
    TABLE_FILE,
    close_executor,
    expand,
    load_study,
    run_study,
)
from parkopt.optimizer.study.refine import FULL_YEAR, REFINED_FILE, REL_DIFF

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "inputs" / "example_park.yaml"
OBJECTIVE_REL_TOL = 1e-6
N_DAYS = 3
# two weeks with no yearly target (a 60 % cut of a year cannot be met in two weeks)
TWO_WEEKS = {"horizon_hours": 336, "carbon": {"reduction": None}}
RANGES = {
    "technologies.pv.capex_cny_per_kw": [2500, 4000],
    "technologies.battery.energy_capex_cny_per_kwh": [300, 600],
}


def write_study(tmp_path: Path, name: str, **body) -> Path:
    doc = {"name": name, "base": str(EXAMPLE), "overrides": TWO_WEEKS, **body}
    path = tmp_path / f"{name}.yaml"
    path.write_text(yaml.safe_dump(doc, sort_keys=False))
    return path


def rel(a: float, b: float) -> float:
    return abs(a - b) / max(abs(b), 1.0)


@pytest.fixture(scope="module")
def screened(tmp_path_factory):
    """A 4-run Latin hypercube on 3 typical days, the 2 best refined, summaries only."""
    tmp = tmp_path_factory.mktemp("typical")
    body = {"samples": {"n": 4, "seed": 3, "ranges": RANGES}, "typical_days": N_DAYS}
    path = write_study(tmp, "screen", refine_best=2, keep="summary", **body)
    # spawned: a forked worker would inherit another test's cached model and clustering
    executor = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"))
    try:
        folder = run_study(path, tmp / "out", executor, echo=None)
    finally:
        close_executor(executor)
    runs = {r.hash: r for r in expand(*load_study(path))}
    table = pd.read_parquet(folder / TABLE_FILE).set_index("run")
    return folder, runs, table


def test_each_run_equals_its_own_typical_day_plan(screened):
    _, runs, table = screened
    assert len(table) == 4 and (table["status"] == "optimal").all()
    assert (table["typical_days.n_days"] == N_DAYS).all()
    assert table["warm_start"].sum() == 3  # one model built, then warm re-solves
    assert (table["typical_days.cluster_s"] == 0).sum() == 3  # clustered once
    for h, run in runs.items():
        direct = plan_typical_days(prepare(run.scenario), N_DAYS)
        assert rel(table.loc[h, "objective"], direct.summary["objective"]) < OBJECTIVE_REL_TOL


def test_refined_runs_equal_a_direct_full_plan(screened):
    folder, runs, table = screened
    refined = table[table[f"{FULL_YEAR}run"].notna()]
    cheapest = table.sort_values("cost.total_annual").index[:2]
    assert sorted(refined.index) == sorted(cheapest)
    for h, row in refined.iterrows():
        solver = runs[h].scenario.solver.model_copy(update={"typical_days": None})
        full = plan(prepare(runs[h].scenario.model_copy(update={"solver": solver})))
        assert rel(row[f"{FULL_YEAR}objective"], full.summary["objective"]) < OBJECTIVE_REL_TOL
        cost = full.summary["cost"]["total_annual"]
        assert row[REL_DIFF] == pytest.approx((row["cost.total_annual"] - cost) / cost)
        # the full-year run keeps its whole folder
        assert (folder / RUNS_DIR / row[f"{FULL_YEAR}run"] / "timeseries.parquet").is_file()
    side = pd.read_csv(folder / REFINED_FILE)
    assert len(side) == 2 and {"cost.total_annual", f"{FULL_YEAR}cost.total_annual"} <= set(side)


def test_keep_summary_writes_only_the_summary_and_a_whole_table(screened):
    folder, runs, table = screened
    for h in runs:
        assert sorted(p.name for p in (folder / RUNS_DIR / h).iterdir()) == [SUMMARY_FILE]
    assert table["cost.total_annual"].notna().all()
    assert table["capacity.pv_kw"].notna().all() and "in.technologies.pv.capex_cny_per_kw" in table


@pytest.mark.parametrize(
    ("value", "field"), [(0, "typical_days"), ("many", "typical_days"), (15, "typical_days")]
)
def test_bad_typical_days_is_one_line_naming_file_and_field(tmp_path, value, field):
    path = write_study(tmp_path, "bad", grid={"finance.discount_rate": [0.05, 0.06]})
    doc = yaml.safe_load(path.read_text())
    path.write_text(yaml.safe_dump({**doc, "typical_days": value}))
    with pytest.raises(ScenarioError) as err:
        expand(*load_study(path))
    lines = str(err.value).splitlines()
    assert len(lines) == 1, lines
    assert str(path) in lines[0] and f"{field} = " in lines[0]


def test_cli_typical_days_option_is_checked(tmp_path):
    path = write_study(tmp_path, "cli", grid={"finance.discount_rate": [0.05]})
    result = CliRunner().invoke(app, ["study", str(path), "--typical-days", "0", "--workers", "1"])
    assert result.exit_code != 0
    assert "--typical-days" in result.output


def test_refine_without_typical_days_is_an_error(tmp_path):
    path = write_study(tmp_path, "norefine", grid={"finance.discount_rate": [0.05]})
    with pytest.raises(ScenarioError, match="refine_best"):
        run_study(path, tmp_path / "out", executor=object(), echo=None, refine_best=1)
