"""Studies: many runs of one base scenario (siting, grids, samples, variants), on any executor.

A study file names a base scenario and one or more of ``sites``, ``grid`` (a product over
dotted paths), ``samples`` (seeded Latin-hypercube draws) and ``variants`` (named partial
scenarios). ``expand`` turns it into runs, each a fully resolved scenario keyed by a hash
of its content; every run is validated before the first solve. ``run_study`` hands the runs
to an executor (anything with ``submit`` and futures: a process pool, or a
``dask.distributed.Client``), writes each finished run as an ordinary run folder under
``runs/<hash>/`` and rewrites ``study.parquet`` atomically as runs finish, so a study that
is stopped (Ctrl-C, SIGKILL) resumes where it stopped and never runs a finished hash again.

Fast re-solve: runs whose scenarios differ only in LP parameters (costs, capacity limits,
target values, discount rate) share a ``structure_key``; a worker keeps the last model it
built and only updates those parameters, and HiGHS starts from the previous basis. Runs are
ordered so that neighbours follow each other (a cap sweep runs from tight to loose).
"""

from __future__ import annotations

import json
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import yaml

from parkopt.optimizer.study.analysis import analyse
from parkopt.optimizer.study.executors import as_completed, close_executor, make_executor
from parkopt.optimizer.study.expand import expand
from parkopt.optimizer.study.spec import StudySpec, load_study
from parkopt.optimizer.study.table import TABLE_FILE, write_table
from parkopt.optimizer.study.worker import ERROR_FILE, execute_run, is_finished, read_row

STUDY_FILE = "study.yaml"
RUNS_DIR = "runs"
STALE_TEMP_S = 3600  # a temporary run folder older than this is left by a killed run [s]


@dataclass
class Progress:
    """Runs done, failed, per minute and time left, printed as runs finish."""

    total: int
    already: int
    echo: Callable[[str], None] | None = print
    done: int = 0
    failed: int = 0
    start: float = field(default_factory=time.perf_counter)

    def update(self, row: dict) -> None:
        self.done += 1
        self.failed += row.get("status") == "failed"
        if self.echo is None:
            return
        minutes = (time.perf_counter() - self.start) / 60
        rate = self.done / minutes if minutes > 0 else 0.0
        left = self.total - self.already - self.done
        eta = f"{left / rate:.1f} min" if rate > 0 else "?"
        width = 30
        filled = int(width * (self.already + self.done) / max(self.total, 1))
        self.echo(
            f"[{'#' * filled}{'.' * (width - filled)}] {self.already + self.done}/{self.total} "
            f"runs, {self.failed} failed, {rate:.1f}/min, {eta} left"
        )


def study_dir_for(spec: StudySpec, root: str | Path = "results") -> Path:
    safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in spec.name)
    return Path(root) / f"study-{safe}"


def run_study(
    path: str | Path,
    out: str | Path | None = None,
    executor=None,
    echo: Callable[[str], None] | None = print,
    retry_failed: bool = False,
) -> Path:
    """Run (or resume) the study in ``path``; return the study folder.

    ``executor`` is anything with ``submit`` and futures; by default a process pool with one
    worker per core. Finished runs (``runs/<hash>/`` holding summary.json or error.json)
    are never run again, failed ones only with ``retry_failed``.
    """
    spec, base = load_study(path)
    runs = expand(spec, base)
    folder = Path(out) if out is not None else study_dir_for(spec)
    runs_dir = folder / RUNS_DIR
    runs_dir.mkdir(parents=True, exist_ok=True)
    for stale in runs_dir.glob(".*"):  # temporary folders of runs killed mid-write
        if time.time() - stale.stat().st_mtime > STALE_TEMP_S:  # not a live writer's
            shutil.rmtree(stale, ignore_errors=True)
    if retry_failed:
        for r in runs:
            if (runs_dir / r.hash / ERROR_FILE).is_file():
                shutil.rmtree(runs_dir / r.hash)
    resolved = {
        "study": json.loads(spec.model_dump_json()),
        "runs": [r.task() | {"scenario": None} for r in runs],
    }
    (folder / STUDY_FILE).write_text(yaml.safe_dump(resolved, sort_keys=False), encoding="utf-8")
    rows = {r.hash: read_row(runs_dir / r.hash) for r in runs if is_finished(runs_dir / r.hash)}
    pending = [r for r in runs if r.hash not in rows]
    progress = Progress(len(runs), len(rows), echo)
    if echo:
        echo(
            f"parkopt study '{spec.name}': {len(runs)} runs, {len(rows)} already done, "
            f"{len(pending)} to run"
        )
    table = folder / TABLE_FILE
    own = executor is None
    if pending:
        executor = executor or make_executor()
        try:
            futures = [
                executor.submit(execute_run, r.task(), str(runs_dir), spec.fast_resolve)
                for r in pending
            ]
            for future in as_completed(executor, futures):
                row = future.result()
                rows[row["run"]] = row
                write_table(list(rows.values()), table)
                progress.update(row)
        finally:
            if own:
                close_executor(executor)
    write_table(list(rows.values()), table)
    analyse(pd.read_parquet(table), spec, folder)
    return folder
