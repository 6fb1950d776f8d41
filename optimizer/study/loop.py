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
ordered so that neighbours follow each other, the loosest limit first (a cap sweep runs
from the largest cap down).
"""

from __future__ import annotations

import contextlib
import json
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import yaml

from parkopt.optimizer.common.errors import Problem, ScenarioError
from parkopt.optimizer.common.text_files import read_yaml
from parkopt.optimizer.common.writes import clean_stale, temp_file
from parkopt.optimizer.study.analysis import analyse
from parkopt.optimizer.study.executors import as_completed, close_executor, make_executor
from parkopt.optimizer.study.expand import check_size, expand
from parkopt.optimizer.study.refine import best_runs, check_refine, full_year, merge, write_refined
from parkopt.optimizer.study.spec import StudySpec, load_study, with_options
from parkopt.optimizer.study.table import TABLE_FILE, write_table
from parkopt.optimizer.study.worker import ERROR_FILE, execute_run, is_finished, read_row

STUDY_FILE = "study.yaml"
RUNS_DIR = "runs"
TABLE_EVERY_S = 10.0  # rewrite study.parquet at most this often while runs finish [s]
TABLE_SHARE = 0.05  # ... and spend at most this share of the time on it (10,000 rows: 3.5 s)


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
    **options,
) -> Path:
    """Run (or resume) the study in ``path``; return the study folder.

    ``executor`` is anything with ``submit`` and futures; by default a process pool with one
    worker per core. Finished runs (``runs/<hash>/`` holding summary.json or error.json)
    are never run again, failed ones only with ``retry_failed``. ``options`` (``typical_days``,
    ``refine_best``, ``keep``, ``max_runs``; None: the file's) override the study file's
    settings. A full disk stops the study with an OSError; the runs finished are kept (and
    the table holds them), so the same call resumes once there is room.
    """
    spec, base = load_study(path)
    spec = with_options(spec, **options)
    found, cost = check_size(spec, base)  # before anything is expanded in memory
    if echo:
        echo(
            f"parkopt study '{spec.name}': {found.runs:,} runs (max_runs {spec.max_runs:,}), "
            f"{cost.text()}; checking every run before the first solve"
        )
    runs = expand(spec, base)
    check_refine(spec, runs)
    folder = Path(out) if out is not None else study_dir_for(spec)
    check_resume(folder, spec)
    runs_dir = _prepare(folder, spec, runs, retry_failed)
    table = folder / TABLE_FILE
    keep = spec.kept(len(runs))
    if echo:
        echo(f"parkopt study '{spec.name}': {len(runs)} runs, run folders keep {keep}")
    own = executor is None
    executor = executor or make_executor()
    try:
        rows = _run_all(executor, runs, runs_dir, spec, keep, echo, table)
        refined = {}
        if spec.refine_best:
            best = best_runs(runs, rows, spec.refine_best)
            if echo:
                echo(f"refining the {len(best)} best runs on every day")
            full = {r.hash: full_year(r) for r in best}
            done = _run_all(executor, list(full.values()), runs_dir, spec, "all", echo)
            refined = {h: done[f.hash] for h, f in full.items()}
    finally:
        if own:
            close_executor(executor)
    write_table(merge(rows, refined), table)
    frame = pd.read_parquet(table)
    write_refined(frame, folder)
    analyse(frame, spec, folder)
    return folder


def check_resume(folder: Path, spec: StudySpec) -> None:
    """An existing study folder resumes only the study of its name: another study's folder,
    or a folder holding other files (a run's, anything), is refused before anything is
    written into it (ScenarioError naming --out)."""
    if not folder.is_dir():
        return
    held = sorted(p.name for p in folder.iterdir() if not p.name.startswith("."))
    if not held or held == [RUNS_DIR]:
        return
    record = folder / STUDY_FILE
    name = (
        (read_yaml(record, "a study's record") or {}).get("study", {}).get("name")
        if record.is_file()
        else None
    )
    if name == spec.name:
        return
    more = f" and {len(held) - 4} more" if len(held) > 4 else ""
    holds = f"study '{name}'" if name is not None else ", ".join(held[:4]) + more
    expected = f"a new folder, or the folder of study '{spec.name}' to resume (it holds {holds})"
    raise ScenarioError([Problem(str(folder), "--out", str(folder), expected)])


def _prepare(folder: Path, spec: StudySpec, runs: list, retry_failed: bool) -> Path:
    """The runs folder (stale temporary folders and, with ``retry_failed``, failed runs
    removed) and study.yaml (the study resolved, its runs named)."""
    runs_dir = folder / RUNS_DIR
    runs_dir.mkdir(parents=True, exist_ok=True)
    for where in (folder.parent, folder, runs_dir):  # what writers killed mid-write left
        clean_stale(where)
    if retry_failed:
        for r in runs:
            if (runs_dir / r.hash / ERROR_FILE).is_file():
                shutil.rmtree(runs_dir / r.hash)
    resolved = {
        "study": json.loads(spec.model_dump_json()),
        "runs": [r.task() | {"scenario": None} for r in runs],
    }
    text = yaml.safe_dump(resolved, sort_keys=False)
    with temp_file(folder / STUDY_FILE) as tmp:
        tmp.write_text(text, encoding="utf-8")
    return runs_dir


def _run_all(executor, runs, runs_dir: Path, spec: StudySpec, keep: str, echo, table=None):
    """Rows (by hash) of ``runs``: finished ones read, the others run on ``executor``;
    ``table`` (if given) rewritten as runs finish, at most every ``TABLE_EVERY_S`` and with
    at most ``TABLE_SHARE`` of the time (a table of 10,000 rows rewritten after every run
    would cost more than the runs)."""
    rows = {r.hash: read_row(runs_dir / r.hash) for r in runs if is_finished(runs_dir / r.hash)}
    pending = [r for r in runs if r.hash not in rows]
    progress = Progress(len(runs), len(rows), echo)
    if echo:
        echo(f"{len(runs)} runs, {len(rows)} already done, {len(pending)} to run")
    futures = [
        executor.submit(execute_run, r.task(), str(runs_dir), spec.fast_resolve, keep)
        for r in pending
    ]
    due = time.perf_counter() + TABLE_EVERY_S
    for future in as_completed(executor, futures):
        try:
            row = future.result()
        except OSError:  # the disk is full or not writable: the table of the runs finished
            if table is not None:  # (whole, or the last one if there is no room), then stop
                done = [runs_dir / r.hash for r in runs]
                with contextlib.suppress(OSError):
                    write_table([read_row(d) for d in done if is_finished(d)], table)
            raise
        rows[row["run"]] = row
        if table is not None and time.perf_counter() > due:
            t0 = time.perf_counter()
            write_table(list(rows.values()), table)
            spent = time.perf_counter() - t0
            due = t0 + spent + max(TABLE_EVERY_S, spent / TABLE_SHARE)
        progress.update(row)
    return rows
