"""One study run in a worker: prepared inputs reused across runs of one structure, a kept
model re-solved warm, the run folder (or its error) written whole, idempotently."""

from __future__ import annotations

import json
import shutil
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from parkopt.optimizer.checks import check_plausibility
from parkopt.optimizer.errors import Problem, ScenarioError
from parkopt.optimizer.lp import ModelCache
from parkopt.optimizer.plan import plan
from parkopt.optimizer.plan_inputs import with_scenario
from parkopt.optimizer.prepare import prepare
from parkopt.optimizer.results import SUMMARY_FILE, flatten, write_run
from parkopt.optimizer.scenario import Scenario
from parkopt.optimizer.simulate import simulate

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


_RUN_LOCK = threading.Lock()  # Pyomo and HiGHS are not thread-safe: one run per process


def execute_run(task: dict, runs_dir: str, fast_resolve: bool = True) -> dict:
    """Run one study task and write its folder; never raises for a failed run: the error is
    recorded in ``runs/<hash>/error.json`` and returned in the row.

    Idempotent: a run whose folder is already finished (by an earlier or a concurrent
    attempt, e.g. a task Dask ran again after losing a worker) is read, not run again.
    Threads of one worker process (a Dask worker with several threads) run one at a time.
    """
    target = Path(runs_dir) / task["hash"]
    with _RUN_LOCK:
        if not is_finished(target):
            _execute(task, target, fast_resolve)
    return read_row(target)


def _execute(task: dict, target: Path, fast_resolve: bool) -> None:
    t0 = time.perf_counter()
    try:
        scenario = Scenario.model_validate(task["scenario"])
        inputs = _inputs_for(scenario, task["structure"])
        if task["mode"] == "simulate":
            result = simulate(inputs, task["capacities"], task["strategy"])
        else:
            cache = _WORKER_CACHE.setdefault("model", ModelCache()) if fast_resolve else None
            result = plan(inputs, cache, task["structure"] if fast_resolve else None)
        result.summary["study"] = {
            "name": task["name"],
            "hash": task["hash"],
            "varied": task["varied"],
        }
        write_run(result, target, plots=False)
    except Exception as err:  # noqa: BLE001 - a failed run is data, not a crash of the study
        if is_finished(target):  # another attempt finished it meanwhile
            return
        if fast_resolve:
            _WORKER_CACHE.pop("model", None)
        _write_error(target, task, err, time.perf_counter() - t0)


def _write_error(target: Path, task: dict, err: Exception, seconds: float) -> None:
    doc = {
        "status": "failed",
        "error": f"{type(err).__name__}: {err}".replace("\n", "; "),
        "study": {"name": task["name"], "hash": task["hash"], "varied": task["varied"]},
        "seconds": seconds,
    }
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    (tmp / ERROR_FILE).write_text(json.dumps(doc, indent=2, default=str), encoding="utf-8")
    tmp.chmod(0o755)
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
