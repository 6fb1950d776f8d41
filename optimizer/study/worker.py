"""One study run in a worker: prepared inputs reused across runs of one structure, a kept
model re-solved warm, the run folder (or its error) written whole, idempotently."""

from __future__ import annotations

import json
import shutil
import threading
import time
from pathlib import Path
from typing import Any

from parkopt.optimizer.common.errors import Problem, ScenarioError
from parkopt.optimizer.common.writes import WRITE_FAULTS, errno_of, named, temp_path
from parkopt.optimizer.inputs.checks import check_plausibility
from parkopt.optimizer.inputs.clustering import Clustered, cluster, with_inputs
from parkopt.optimizer.inputs.plan_inputs import PlanInputs, with_scenario
from parkopt.optimizer.inputs.prepare import prepare
from parkopt.optimizer.lp import ModelCache
from parkopt.optimizer.outputs.results import SUMMARY_FILE, flatten, summary_document, write_run
from parkopt.optimizer.planning.plan import plan
from parkopt.optimizer.planning.simulate import simulate
from parkopt.optimizer.planning.typical_days import plan_clustered
from parkopt.optimizer.schema.scenario import Scenario

ERROR_FILE = "error.json"

_WORKER_CACHE: dict[str, Any] = {}


def _inputs_for(scenario: Scenario, structure: str):
    """Prepared inputs, reusing the hourly frame of the last run of the same structure."""
    cached = _WORKER_CACHE.get("inputs")
    if cached is not None and cached[0] == structure:
        inputs = cached[1]
        problems: list[Problem] = []
        check_plausibility(scenario, inputs.hourly, problems)  # limits are not in the structure
        if problems:
            raise ScenarioError(problems)
        return with_scenario(inputs, scenario)
    inputs = prepare(scenario)
    _WORKER_CACHE["inputs"] = (structure, inputs)
    return inputs


def _clustered_for(inputs: PlanInputs, n_days: int, structure: str) -> tuple[Clustered, float]:
    """The typical days of ``inputs`` and the time clustering took [s]: clustered once per
    structure (the hourly frame is the structure's; LP parameters do not move the days)."""
    cached = _WORKER_CACHE.get("clustered")
    if cached is not None and cached[0] == structure:
        return with_inputs(cached[1], inputs), 0.0
    t0 = time.perf_counter()
    where = (inputs.scenario.source, "solver.typical_days")
    clustered = cluster(inputs, n_days, where)
    _WORKER_CACHE["clustered"] = (structure, clustered)
    return clustered, time.perf_counter() - t0


def _plan(inputs: PlanInputs, structure: str, fast_resolve: bool):
    """A full-year plan, or one on ``solver.typical_days`` typical days; the model kept and
    re-solved warm across runs of one structure (``fast_resolve``)."""
    cache = _WORKER_CACHE.setdefault("model", ModelCache()) if fast_resolve else None
    key = structure if fast_resolve else None
    n_days = inputs.scenario.solver.typical_days
    if n_days is None:
        return plan(inputs, cache, key)
    clustered, cluster_s = _clustered_for(inputs, n_days, structure)
    return plan_clustered(clustered, cache, key, cluster_s)


_RUN_LOCK = threading.Lock()  # Pyomo and HiGHS are not thread-safe: one run per process


def release() -> None:
    """Drop what this worker keeps between runs (prepared inputs, typical days, the kept
    model and its solver): a worker about to stop (``executors.wind_down``)."""
    with _RUN_LOCK:
        _WORKER_CACHE.clear()


def execute_run(task: dict, runs_dir: str, fast_resolve: bool = True, keep: str = "all") -> dict:
    """Run one study task and write its folder; never raises for a failed run: the error is
    recorded in ``runs/<hash>/error.json`` and returned in the row.

    Idempotent: a run whose folder is already finished (by an earlier or a concurrent
    attempt, e.g. a task Dask ran again after losing a worker) is read, not run again.
    Threads of one worker process (a Dask worker with several threads) run one at a time.
    ``keep``: ``all`` writes the whole run folder, ``summary`` only its summary.json.
    """
    target = Path(runs_dir) / task["hash"]
    with _RUN_LOCK:
        if not is_finished(target):
            _execute(task, target, fast_resolve, keep)
    return read_row(target)


def _execute(task: dict, target: Path, fast_resolve: bool, keep: str) -> None:
    t0 = time.perf_counter()
    try:
        scenario = Scenario.model_validate(task["scenario"])
        if scenario.pathway is not None and task["mode"] == "plan":
            return _execute_pathway(task, target, scenario, keep, fast_resolve)
        inputs = _inputs_for(scenario, task["structure"])
        if task["mode"] == "simulate":
            result = simulate(inputs, task["capacities"], task["strategy"])
        else:
            result = _plan(inputs, task["structure"], fast_resolve)
        result.summary["study"] = {
            "name": task["name"],
            "hash": task["hash"],
            "varied": task["varied"],
        }
        if keep == "summary":
            t1 = time.perf_counter()
            doc = summary_document(result, write_s=0.0)
            doc["timing_s"]["write"] = time.perf_counter() - t1
            _publish(target, SUMMARY_FILE, json.dumps(doc, indent=2, ensure_ascii=False))
        else:
            write_run(result, target, plots=False, clean=False)  # the study cleans runs/
    except OSError as err:
        if errno_of(err) in WRITE_FAULTS:  # the disk's fault, not the run's: stop the study
            raise named(err, target, target) from err
        _failed(task, target, err, fast_resolve, t0)
    except Exception as err:  # noqa: BLE001 - a failed run is data, not a crash of the study
        _failed(task, target, err, fast_resolve, t0)


def _execute_pathway(
    task: dict, target: Path, scenario: Scenario, keep: str, fast_resolve: bool
) -> None:
    """A run whose scenario has a pathway: planned over its periods, warm across runs of one
    structure (``fast_resolve``); its folder is the pathway's (``keep: all``) or its row
    document alone, as summary.json either way."""
    from parkopt.optimizer.pathway.run import PathwayCache, plan_pathway
    from parkopt.optimizer.pathway.write import row_document, write_pathway

    structure = task["structure"]
    cache = _WORKER_CACHE.setdefault("pathway", PathwayCache()) if fast_resolve else None
    key = structure if fast_resolve else None
    pw = plan_pathway(_inputs_for(scenario, structure), cache, key)
    pw.summary["study"] = {"name": task["name"], "hash": task["hash"], "varied": task["varied"]}
    text = json.dumps(row_document(pw), indent=2, ensure_ascii=False)
    if keep == "summary":
        _publish(target, SUMMARY_FILE, text)
        return
    write_pathway(
        pw,
        target,
        plots=False,
        finish=lambda tmp, _: (tmp / SUMMARY_FILE).write_text(text, encoding="utf-8"),
    )


def _failed(task: dict, target: Path, err: Exception, fast_resolve: bool, t0: float) -> None:
    """Record a failed run (error.json), unless another attempt finished it meanwhile."""
    if is_finished(target):  # another attempt finished it meanwhile
        return
    if fast_resolve:
        _WORKER_CACHE.pop("model", None)
        _WORKER_CACHE.pop("pathway", None)
    _write_error(target, task, err, time.perf_counter() - t0)


def _write_error(target: Path, task: dict, err: Exception, seconds: float) -> None:
    doc = {
        "status": "failed",
        "error": f"{type(err).__name__}: {err}".replace("\n", "; "),
        "study": {"name": task["name"], "hash": task["hash"], "varied": task["varied"]},
        "seconds": seconds,
    }
    _publish(target, ERROR_FILE, json.dumps(doc, indent=2, default=str))


def _publish(target: Path, name: str, text: str) -> None:
    """A run folder holding one file, written under a temporary name and renamed into place;
    a folder finished meanwhile by a concurrent attempt is kept."""
    tmp = temp_path(target)
    try:
        tmp.mkdir()
        (tmp / name).write_text(text, encoding="utf-8")
        tmp.chmod(0o755)
    except OSError as err:
        shutil.rmtree(tmp, ignore_errors=True)
        raise named(err, tmp, target) from err
    try:
        tmp.rename(target)
    except OSError:  # finished by a concurrent attempt: keep that one
        shutil.rmtree(tmp, ignore_errors=True)


def read_row(run_dir: Path) -> dict:
    """The study-table row of a finished run folder (summary or error)."""
    summary = run_dir / SUMMARY_FILE
    doc = json.loads((summary if summary.is_file() else run_dir / ERROR_FILE).read_text())
    study = doc.pop("study", {})
    row = {"run": study.get("hash", run_dir.name), "name": study.get("name")}
    row.update({f"in.{k}": v for k, v in study.get("varied", {}).items()})
    row["status"] = doc.get("status")
    row["error"] = doc.get("error")
    row["warnings"] = "; ".join(doc.get("warnings") or []) or None
    row.update(flatten({k: v for k, v in doc.items() if k not in ("status", "error")}))
    return row


def is_finished(run_dir: Path) -> bool:
    return (run_dir / SUMMARY_FILE).is_file() or (run_dir / ERROR_FILE).is_file()
