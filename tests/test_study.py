"""Studies: expansion, warm against cold, executors, siting, kill and resume, compare."""

from __future__ import annotations

import multiprocessing
import os
import signal
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pandas as pd
import pytest
import yaml

from parkopt import ScenarioError
from parkopt.optimizer.study import (
    RUNS_DIR,
    TABLE_FILE,
    close_executor,
    expand,
    load_study,
    make_executor,
    run_study,
)

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "inputs" / "example_park.yaml"
SHARED = ROOT.parent / "shared" / "data" / "weather"
OBJECTIVE_REL_TOL = 1e-6
# caps [tCO2/year] for the first week of the default example: 32,400 (the week can reach
# 32,322) to 34,300 (the uncapped week emits 34,878), every one binding
CAPS = [32400 + 100 * i for i in range(20)]


def write_study(tmp_path: Path, name: str, **body) -> Path:
    doc = {"name": name, "base": str(EXAMPLE), **body}
    path = tmp_path / f"{name}.yaml"
    path.write_text(yaml.safe_dump(doc, sort_keys=False))
    return path


def week(**extra):
    return {"horizon_hours": 168, **extra}


def table_of(folder: Path) -> pd.DataFrame:
    return pd.read_parquet(folder / TABLE_FILE).set_index("run").sort_index()


# --- expansion -------------------------------------------------------------------------------


def test_expand_grid_samples_variants(tmp_path):
    path = write_study(
        tmp_path,
        "mix",
        overrides=week(),
        grid={
            "technologies.battery.energy_capex_cny_per_kwh": [300, 600],
            "finance.discount_rate": [0.05, 0.07],
        },
        samples={"n": 3, "seed": 7, "ranges": {"technologies.pv.capex_cny_per_kw": [2500, 4000]}},
        variants={"no_wind": {"technologies": {"wind": None}}, "all": {}},
    )
    spec, base = load_study(path)
    runs = expand(spec, base)
    assert len(runs) == 2 * 2 * 3 * 2
    assert len({r.hash for r in runs}) == len(runs)
    one = next(r for r in runs if r.varied["variant"] == "no_wind")
    assert one.scenario.technologies.wind is None
    assert one.scenario.horizon_hours == 168
    pv = sorted({round(r.varied["technologies.pv.capex_cny_per_kw"], 9) for r in runs})
    assert len(pv) == 3 and all(2500 <= v <= 4000 for v in pv)
    again = expand(*load_study(path))  # seeded draws are reproducible
    assert [r.hash for r in again] == [r.hash for r in runs]
    # LP-parameter-only changes share one model structure per variant
    assert len({r.structure for r in runs}) == 2


def test_every_bad_run_is_reported_before_any_solve(tmp_path):
    path = write_study(
        tmp_path,
        "bad",
        grid={"finance.discount_rate": [0.05, 1.5], "technologies.pv.max_kw": [-1, 1000]},
    )
    with pytest.raises(ScenarioError) as err:
        expand(*load_study(path))
    lines = str(err.value).splitlines()
    assert len(lines) == 2, lines  # each problem once, with the runs it hits
    (rate,) = [line for line in lines if "finance.discount_rate = 1.5" in line]
    assert rate.startswith(f"{path}: ") and "[run" not in rate, rate
    assert rate.endswith("(runs 3-4 of 4, all with finance.discount_rate=1.5)"), rate
    (pv,) = [line for line in lines if "technologies.pv.max_kw = -1" in line]
    assert pv.endswith("(runs 1, 3 of 4, all with technologies.pv.max_kw=-1)"), pv


def test_one_typo_in_a_40_run_study_is_one_line(tmp_path):
    """A misspelt field in the overrides hits every run: said once, with the runs; a bad
    value in one run of the grid names that run."""
    path = write_study(
        tmp_path,
        "typo",
        overrides=week(carbon={"reduction": None}, technologies={"pv": {"max_kww": 5000}}),
        grid={"carbon.cap_t": [30000 + 100 * i for i in range(39)] + [-5]},
    )
    with pytest.raises(ScenarioError) as err:
        expand(*load_study(path))
    lines = str(err.value).splitlines()
    assert len(lines) == 2, lines
    typo, cap = lines
    assert typo.startswith(f"{path}: technologies.pv.max_kww = 5000: unknown field"), typo
    assert typo.endswith("(all 40 runs)"), typo
    assert "carbon.cap_t = -5" in cap and cap.endswith("(run 40 of 40: carbon.cap_t=-5)"), cap


# --- warm against cold, and the cap sweep ----------------------------------------------------


@pytest.fixture(scope="module")
def cap_sweeps(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("sweep")
    body = {"overrides": week(carbon={"reduction": None}), "grid": {"carbon.cap_t": CAPS}}
    folders = {}
    for fast in (True, False):
        path = write_study(tmp, f"caps_{fast}", fast_resolve=fast, **body)
        # spawned, not forked: a fork would inherit a model another test left in this
        # process's worker cache, and the first run would be warm
        executor = ProcessPoolExecutor(
            max_workers=1, mp_context=multiprocessing.get_context("spawn")
        )
        try:
            folders[fast] = run_study(path, tmp / f"out_{fast}", executor, echo=None)
        finally:
            close_executor(executor)
    return folders


def test_cap_sweep_cost_never_falls_as_the_cap_tightens(cap_sweeps):
    t = table_of(cap_sweeps[True]).sort_values("in.carbon.cap_t")
    assert (t["status"] == "optimal").all() and len(t) == 20
    costs = t["cost.total_annual"].to_numpy()
    assert all(a >= b * (1 - 1e-9) for a, b in zip(costs, costs[1:], strict=False))
    assert (t["emissions_market_t"] <= t["in.carbon.cap_t"] * (1 + 1e-9)).all()
    assert t["warm_start"].sum() == 19  # one cold build, then warm re-solves
    assert (cap_sweeps[True] / "frontier.png").is_file()
    assert (cap_sweeps[True] / "abatement_curve.png").is_file()


def test_warm_objectives_equal_cold_solves(cap_sweeps):
    warm = table_of(cap_sweeps[True])
    cold = table_of(cap_sweeps[False])
    assert not cold["warm_start"].any()
    assert list(warm.index) == list(cold.index)  # the same hashes
    rel = (warm["objective"] - cold["objective"]).abs() / cold["objective"].abs()
    assert rel.max() < OBJECTIVE_REL_TOL, rel.max()


# --- executors -------------------------------------------------------------------------------


def test_dask_and_process_pool_give_the_same_table(tmp_path):
    pytest.importorskip("distributed")
    body = {
        "overrides": week(horizon_hours=48),
        "grid": {
            "technologies.battery.energy_capex_cny_per_kwh": [300, 500],
            "carbon.reduction": [0.2, 0.3],
        },
    }
    path = write_study(tmp_path, "exec", **body)
    tables = {}
    for kind, executor in (
        ("pool", make_executor(workers=2)),
        ("dask", make_executor(dask_local=2)),
    ):
        try:
            tables[kind] = table_of(run_study(path, tmp_path / kind, executor, echo=None))
        finally:
            close_executor(executor)
    a, b = tables["pool"], tables["dask"]
    assert list(a.index) == list(b.index) and len(a) == 4
    figures = [
        "objective",
        "cost.total_annual",
        "capacity.pv_kw",
        "capacity.battery_kwh",
        "emissions_t",
    ]
    for col in figures:
        assert ((a[col] - b[col]).abs() <= 1e-6 * a[col].abs().clip(lower=1.0)).all(), col
    assert (a["status"] == b["status"]).all()


DASK_NOISE = ("killing", "traceback", "warning")


def noise(stderr: str) -> list[str]:
    """The lines of ``stderr`` a user should not see after a study: distributed's warnings,
    a worker killed at close, a traceback."""
    return [line for line in stderr.splitlines() if any(w in line.lower() for w in DASK_NOISE)]


def test_dask_local_study_ends_quietly(tmp_path):
    """`parkopt study FILE --dask-local 2`: the folder on stdout, nothing on stderr after."""
    pytest.importorskip("distributed")
    body = week(horizon_hours=48, carbon={"reduction": None})
    path = write_study(
        tmp_path, "quiet", overrides=body, grid={"finance.discount_rate": [0.05, 0.07]}
    )
    out = tmp_path / "out"
    args = ["study", str(path), "--dask-local", "2", "--out", str(out), "--quiet"]
    cli = [sys.executable, "-m", "parkopt.optimizer.cli.main", *args]
    done = subprocess.run(cli, capture_output=True, text=True, timeout=600, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == str(out)
    assert not noise(done.stderr), done.stderr


def test_a_worker_still_busy_at_close_is_stopped_quietly(tmp_path):
    """A worker that outlives the nanny's grace period is killed without the nanny's
    "still alive after 4.0 seconds, killing" warning (nor the worker's own)."""
    pytest.importorskip("distributed")
    script = tmp_path / "busy.py"
    script.write_text(
        "import time\n"
        "from parkopt.optimizer.study import close_executor, make_executor\n"
        "if __name__ == '__main__':\n"
        "    client = make_executor(dask_local=1)\n"
        "    future = client.submit(time.sleep, 30)\n"
        "    time.sleep(2)\n"
        "    close_executor(client)\n"
        "    print('closed')\n"
    )
    done = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, timeout=120, cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "closed"
    assert not noise(done.stderr), done.stderr


# --- siting ----------------------------------------------------------------------------------


@pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/data/weather is not here")
def test_siting_study_over_the_eight_cswd_sites(tmp_path):
    study = yaml.safe_load((ROOT / "inputs" / "siting_study.yaml").read_text())
    study["base"] = str(EXAMPLE)
    for site in study["sites"]:
        site["weather_path"] = str((ROOT / "inputs" / site["weather_path"]).resolve())
    # two winter days need not reach the yearly 50 % cut: no target at this horizon
    study["overrides"].update(week(horizon_hours=48, carbon={"reduction": None}))
    path = tmp_path / "siting.yaml"
    path.write_text(yaml.safe_dump(study))
    executor = make_executor(workers=2)
    try:
        folder = run_study(path, tmp_path / "out", executor, echo=None)
    finally:
        close_executor(executor)
    t = table_of(folder)
    assert len(t) == 8 and (t["status"] == "optimal").all(), t["error"].dropna().tolist()
    ranking = pd.read_csv(folder / "siting_ranking.csv")
    assert list(ranking["rank"]) == list(range(1, 9))
    assert ranking["lcoe_per_kwh"].is_monotonic_increasing
    assert set(ranking["site"]) == {s["name"] for s in study["sites"]}
    assert ranking["latitude_deg"].between(30, 43).all()
    assert (folder / "siting_map.png").is_file() and (folder / "siting_resource.png").is_file()
    # every site calibrated to its documented reference: the full year's net hours meet it
    refs = {
        s["name"]: s["overrides"]["resource.wind_reference_full_load_hours"] for s in study["sites"]
    }
    by_site = ranking.set_index("site")
    for name, ref in refs.items():
        assert by_site.loc[name, "wind_reference_full_load_hours"] == ref
        assert by_site.loc[name, "wind_full_load_hours"] == pytest.approx(ref, rel=1e-6), name
    assert by_site["wind_calibration_factor"].between(0.2, 5).all()
    assert by_site["wind_mean_speed_hub_m_per_s"].between(4, 11).all()
    assert by_site["pv_full_load_hours"].between(900, 1700).all()


# --- kill and resume -------------------------------------------------------------------------


def test_killed_study_resumes_without_rerunning_finished_runs(tmp_path):
    """A real `parkopt study` process is SIGKILLed mid-study; the rerun finishes the rest and
    leaves every run folder finished before the kill untouched."""
    caps = [40000 + 1000 * i for i in range(12)]
    path = write_study(
        tmp_path,
        "resume",
        overrides=week(horizon_hours=720, carbon={"reduction": None}),
        grid={"carbon.cap_t": caps},
        fast_resolve=False,
    )
    out = tmp_path / "out"
    cmd = [
        sys.executable,
        "-m",
        "parkopt.optimizer.cli.main",
        "study",
        str(path),
        "--out",
        str(out),
        "--workers",
        "1",
    ]
    proc = subprocess.Popen(
        cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    runs = out / RUNS_DIR
    deadline = time.time() + 120
    while time.time() < deadline:
        done = (
            [p for p in runs.glob("*") if (p / "summary.json").is_file()] if runs.is_dir() else []
        )
        if len(done) >= 3:
            break
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    before = {
        p.name: (p / "summary.json").stat().st_mtime_ns
        for p in runs.glob("*")
        if (p / "summary.json").is_file()
    }
    assert 3 <= len(before) < len(caps), "the kill should land mid-study"
    result = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    assert f"{len(before)} already done" in result.stdout
    after = {
        p.name: (p / "summary.json").stat().st_mtime_ns
        for p in runs.glob("*")
        if not p.name.startswith(".")
    }
    assert len(after) == len(caps)
    assert all(after[name] == mtime for name, mtime in before.items())  # never run twice
    t = table_of(out)
    assert len(t) == len(caps) and (t["status"] == "optimal").all()


# --- compare ---------------------------------------------------------------------------------


def test_compare_runs_side_by_side(tmp_path, cap_sweeps):
    from typer.testing import CliRunner

    from parkopt.optimizer.cli.main import app

    folders = sorted((cap_sweeps[True] / RUNS_DIR).glob("*"))[:3]
    res = CliRunner().invoke(app, ["compare", *map(str, folders), "--out", str(tmp_path / "cmp")])
    assert res.exit_code == 0, res.output
    table = pd.read_csv(tmp_path / "cmp" / "compare.csv", index_col=0)
    assert list(table.columns) == [f.name for f in folders]
    assert "cost.total_annual" in table.index and "capacity.battery_kwh" in table.index
    assert (tmp_path / "cmp" / "compare.png").is_file()
    bad = CliRunner().invoke(app, ["compare", str(tmp_path / "nothing")])
    assert bad.exit_code == 2 and "a results folder with summary.json" in bad.output


def test_compare_keeps_runs_with_the_same_folder_name(tmp_path, cap_sweeps):
    """a/run and b/run are two columns, labelled by their parent folders."""
    import shutil

    from parkopt import compare

    source = sorted((cap_sweeps[True] / RUNS_DIR).iterdir())[:2]
    runs = []
    for parent, folder in zip(("a", "b"), source, strict=True):
        runs.append(tmp_path / parent / "run")
        shutil.copytree(folder, runs[-1])
    table, _ = compare(runs, tmp_path / "cmp")
    assert list(table.columns) == ["a/run", "b/run"]
    assert table.loc["cost.total_annual", "a/run"] != table.loc["cost.total_annual", "b/run"]


# --- robustness ------------------------------------------------------------------------------


def test_execute_run_is_idempotent_and_types_hold_with_failures(tmp_path):
    """A task run twice is read the second time (no crash, no temp folder left); a study with
    a failed run keeps boolean and float columns typed."""
    from parkopt.optimizer.study.table import write_table
    from parkopt.optimizer.study.worker import execute_run

    path = write_study(
        tmp_path,
        "twice",
        overrides=week(horizon_hours=48, carbon={"reduction": None}),
        grid={"carbon.cap_t": [1.0, 60000.0]},  # 1 tCO2 is infeasible
    )
    runs = expand(*load_study(path))
    runs_dir = tmp_path / "runs"
    runs_dir.mkdir()
    rows = [execute_run(r.task(), str(runs_dir)) for r in runs]
    again = [execute_run(r.task(), str(runs_dir)) for r in runs]
    assert [r["status"] for r in rows] == [r["status"] for r in again]
    assert sorted(r["status"] for r in rows) == ["failed", "optimal"]
    assert not list(runs_dir.glob(".*"))
    write_table(rows, tmp_path / "t.parquet")
    t = pd.read_parquet(tmp_path / "t.parquet")
    assert str(t["warm_start"].dtype) == "boolean"
    assert t["cost.total_annual"].dtype == "float64"
    assert t["error"].notna().sum() == 1


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            {"samples": {"n": 3, "ranges": {"finance.discount_rate": [0.08, 0.04]}}},
            "low must be below high",
        ),
        ({"grid": {"carbon.cap_t": []}}, "at least one run"),
        ({"strategy": "fastest"}, "strategy"),
    ],
)
def test_bad_study_files_give_one_line(tmp_path, body, expected):
    from typer.testing import CliRunner

    from parkopt.optimizer.cli.main import app

    path = write_study(tmp_path, "bad", **body)
    res = CliRunner().invoke(
        app, ["study", str(path), "--out", str(tmp_path / "o"), "--workers", "1"]
    )
    assert res.exit_code == 2, res.output
    assert expected in res.output and "Traceback" not in res.output


def test_study_file_that_is_not_a_mapping(tmp_path):
    from typer.testing import CliRunner

    from parkopt.optimizer.cli.main import app

    path = tmp_path / "list.yaml"
    path.write_text("- a\n- b\n")
    res = CliRunner().invoke(app, ["study", str(path), "--workers", "1"])
    assert res.exit_code == 2 and "a study as a YAML mapping" in res.output
    path.write_text("name: [unclosed\n")
    res = CliRunner().invoke(app, ["study", str(path), "--workers", "1"])
    assert res.exit_code == 2 and "valid YAML" in res.output
