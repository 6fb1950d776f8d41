"""Studies too large to run (issue 22, class 6) and `parkopt validate STUDY.yaml`.

A study is counted before it is expanded: above its ``max_runs`` (default
``sizes.DEFAULT_MAX_RUNS``, overridden in the file or by ``--max-runs``) it is refused in one
line with the count, its factors and an estimate of the time, disk and memory, in well under
a second of work (a 1,000,000-run grid, 1e9 samples); below it the count and the estimate
are printed before the runs are expanded. ``parkopt validate`` tells a study file from a
scenario file by its keys and checks every run without solving, each problem once.
"""

from __future__ import annotations

import importlib
import time
from pathlib import Path

import pytest
import yaml
from test_faults import invoke, one_error_line

from parkopt.optimizer.cli.main import EXIT_INPUT
from parkopt.optimizer.study import loop
from parkopt.optimizer.study.sizes import (
    DEFAULT_MAX_RUNS,
    count_runs,
    duration,
    estimate,
    size,
)
from parkopt.optimizer.study.spec import load_study
from parkopt.optimizer.study.validate import is_study_file

expand_module = importlib.import_module("parkopt.optimizer.study.expand")  # not the function

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "inputs" / "example_park.yaml"
HORIZON_H = 48
REFUSED_WITHIN_S = 2.0  # reading, counting and refusing a study, in this process [s]


def write_study(folder: Path, name: str = "s", **body) -> Path:
    doc = {"name": name, "base": str(EXAMPLE), **body}
    path = folder / f"{name}.yaml"
    path.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    return path


MILLION_GRID = {f"finance.discount_rate_{i}": list(range(10)) for i in range(6)}


# --- sizes -----------------------------------------------------------------------------------


def test_count_without_expanding(tmp_path):
    path = write_study(
        tmp_path,
        sites=[{"name": f"s{i}", "weather_path": "x.epw"} for i in range(3)],
        grid={"carbon.cap_t": [1, 2, 3, 4], "finance.discount_rate": [0.05, 0.06]},
        samples={"n": 5, "ranges": {"carbon.reduction": [0.1, 0.2]}},
        variants={"a": {}, "b": {}},
    )
    found = count_runs(load_study(path)[0])
    assert found.runs == 3 * 4 * 2 * 5 * 2
    assert found.breakdown() == (
        "sites 3 × grid.carbon.cap_t 4 × grid.finance.discount_rate 2 × samples.n 5 × variants 2"
    )
    assert count_runs(load_study(write_study(tmp_path, "b"))[0]).runs == 1


def test_estimates_scale_with_runs_horizon_and_keep():
    year = estimate(1000, 8760, None, "all")
    assert year.solve_s == pytest.approx(1000 * 2.19)
    assert year.disk_b == pytest.approx(1000 * 546e3)
    short = estimate(1000, 48, None, "all")
    assert short.solve_s < year.solve_s and short.disk_b < year.disk_b
    typical = estimate(1000, 8760, 12, "summary")
    assert typical.disk_b == pytest.approx(1000 * 37e3) and typical.solve_s < year.solve_s
    assert [duration(s) for s in (45, 600, 7200, 10 * 86400)] == [
        "45 s",
        "10 min",
        "2.0 h",
        "10 days",
    ]
    assert [size(b) for b in (37e3, 5.5e6, 37e9, 1.2e12)] == [
        "37 kB",
        "5.5 MB",
        "37 GB",
        "1.2 TB",
    ]


@pytest.mark.parametrize(
    ("body", "count", "factors"),
    [
        ({"grid": MILLION_GRID}, 1_000_000, "grid.finance.discount_rate_0 10 × "),
        (
            {"samples": {"n": 1_000_000_000, "ranges": {"carbon.reduction": [0.1, 0.6]}}},
            1_000_000_000,
            "samples.n 1,000,000,000",
        ),
    ],
)
@pytest.mark.parametrize("command", ["study", "validate"])
def test_a_study_too_large_is_refused_at_once(tmp_path, monkeypatch, body, count, factors, command):
    def never(*args, **kwargs):
        raise AssertionError("a refused study is never expanded")

    monkeypatch.setattr(expand_module, "_points", never)
    path = write_study(tmp_path, "big", **body)
    t0 = time.perf_counter()
    out = tmp_path / "out"
    args = ("study", path, "--out", out) if command == "study" else ("validate", path)
    result = invoke(*args)
    assert time.perf_counter() - t0 < REFUSED_WITHIN_S
    assert result.exit_code == EXIT_INPUT
    line = one_error_line(result)
    assert line.startswith(f"error: {path}: runs (")
    assert factors in line and f"= {count}" in line
    assert f"at most max_runs = {DEFAULT_MAX_RUNS:,}" in line
    assert "of solving on" in line and "of run folders" in line and "of memory" in line
    assert "--max-runs" in line
    assert not out.exists()


def test_max_runs_in_the_file_and_on_the_command_line(tmp_path):
    path = write_study(
        tmp_path,
        max_runs=2,
        overrides={"horizon_hours": HORIZON_H, "carbon": {"reduction": None}},
        grid={"carbon.cap_t": [50000, 60000, 70000]},
    )
    result = invoke("validate", path)
    assert result.exit_code == EXIT_INPUT
    assert "= 3: at most max_runs = 2" in one_error_line(result)
    result = invoke("validate", path, "--max-runs", 3)
    assert result.exit_code == 0, result.output
    result = invoke("study", path, "--max-runs", 0)
    assert result.exit_code == EXIT_INPUT
    assert "--max-runs" in one_error_line(result)


def test_the_count_is_said_before_anything_is_expanded(tmp_path, monkeypatch):
    said = []
    real = loop.expand

    def expand(spec, base):
        said.append("expanded")
        raise KeyboardInterrupt  # stop here: what was printed before is the point

    monkeypatch.setattr(loop, "expand", expand)
    path = write_study(
        tmp_path,
        overrides={"horizon_hours": HORIZON_H},
        samples={"n": 300, "ranges": {"carbon.reduction": [0.1, 0.2]}},
    )
    with pytest.raises(KeyboardInterrupt):
        loop.run_study(path, tmp_path / "out", executor=object(), echo=said.append)
    assert said[-1] == "expanded" and len(said) == 2
    assert said[0].startswith("parkopt study 's': 300 runs (max_runs 20,000), about ")
    assert "of solving on" in said[0] and "of run folders" in said[0]
    assert real is expand_module.expand


# --- parkopt validate STUDY.yaml -------------------------------------------------------------


def test_validate_tells_studies_from_scenarios(tmp_path):
    assert is_study_file(ROOT / "inputs" / "cap_sweep.yaml")
    assert is_study_file(ROOT / "inputs" / "configurations.yaml")
    assert not is_study_file(EXAMPLE)
    scenario_with_grid = tmp_path / "g.yaml"
    scenario_with_grid.write_text("grid: {import_limit_kw: 100}\n")
    assert not is_study_file(scenario_with_grid)
    no_base = tmp_path / "nb.yaml"
    no_base.write_text("name: x\ngrid: {carbon.cap_t: [1, 2]}\n")
    assert is_study_file(no_base)
    result = invoke("validate", no_base)
    assert result.exit_code == EXIT_INPUT
    assert "base" in one_error_line(result)
    (tmp_path / "bad.yaml").write_text("a: [\n")
    assert not is_study_file(tmp_path / "bad.yaml")


def test_validate_a_good_study(tmp_path):
    path = write_study(
        tmp_path,
        "sweep",
        overrides={"horizon_hours": HORIZON_H, "carbon": {"reduction": None}},
        grid={"carbon.cap_t": [50000, 60000, 60000.0]},
    )
    result = invoke("validate", path)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(
        f"{path}: ok (study 'sweep': 2 runs, 1 more the same as another, inputs of 1 "
        "structure(s) prepared; about "
    )
    assert not (tmp_path / "results").exists()  # nothing solved, nothing written


def test_validate_a_study_lists_every_problem_once(tmp_path):
    short = tmp_path / "short_load.csv"
    short.write_text("load_kw\n" + "\n".join(["1000"] * 10) + "\n")
    path = write_study(
        tmp_path,
        "bad",
        overrides={"horizon_hours": HORIZON_H, "carbon": {"reductoin": 0.2}},
        grid={"carbon.reduction": [0.2, 1.5]},
        variants={
            "plain": {},
            "missing": {"weather": {"path": str(tmp_path / "nowhere.epw")}},
            "metered": {"profiles": {"load_kw": {"path": str(short), "column": "load_kw"}}},
        },
    )
    result = invoke("validate", path)
    assert result.exit_code == EXIT_INPUT, result.output
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert all(line.startswith("error: ") for line in lines) and "Traceback" not in result.output
    text = "\n".join(lines)
    typo = [line for line in lines if "reductoin" in line]
    assert len(typo) == 1 and "(all 6 runs)" in typo[0] and str(path) in typo[0]
    cut = [line for line in lines if "1.5" in line]
    assert len(cut) == 1 and "runs 4-6 of 6, all with carbon.reduction=1.5" in cut[0]
    missing = [line for line in lines if "nowhere.epw" in line]
    assert len(missing) == 1 and "variant=missing" in missing[0]
    assert str(short) in text  # a data problem: the CSV named, with the runs it hits
    assert len(lines) == len(set(lines))
