"""The ``parkopt study`` command (registered on the main CLI): run or resume a study."""

from __future__ import annotations

from pathlib import Path

import typer

from parkopt.optimizer.cli.common import (
    EXIT_INPUT,
    EXIT_RUNS_FAILED,
    MaxRunsOption,
    QuietOption,
    _check_out_folder,
    _fail,
)
from parkopt.optimizer.common.errors import ScenarioError
from parkopt.optimizer.report import write_report
from parkopt.optimizer.study import close_executor, failed_runs, make_executor, run_study
from parkopt.optimizer.study.executors import executor_problems


def study(
    study_file: Path = typer.Argument(..., help="Study YAML file."),
    out: Path | None = typer.Option(
        None, "--out", help="Study folder (default results/study-<name>/; an existing one resumes)."
    ),
    workers: int | None = typer.Option(None, "--workers", help="Local processes (default: cores)."),
    dask_local: int | None = typer.Option(
        None, "--dask-local", help="Run on a dask.distributed LocalCluster of N workers."
    ),
    scheduler: str | None = typer.Option(
        None, "--scheduler", help="Address of an existing Dask scheduler (tcp://HOST:8786)."
    ),
    retry_failed: bool = typer.Option(
        False, "--retry-failed", help="Run again the runs that failed before (resume skips them)."
    ),
    typical_days: int | None = typer.Option(
        None, "--typical-days", help="Screen every run on N typical days (overrides the file)."
    ),
    refine_best: int | None = typer.Option(
        None, "--refine-best", help="Re-solve the K cheapest typical-day runs on every day."
    ),
    keep: str | None = typer.Option(
        None, "--keep", help="What run folders keep: all | summary | auto (overrides the file)."
    ),
    max_runs: MaxRunsOption = None,
    quiet: QuietOption = False,
) -> None:
    """Run (or resume) a study: siting, sweeps, samples or variants of one base scenario.

    Each Dask worker thread runs one solve at a time (Pyomo and HiGHS are not thread-safe):
    prefer workers with one thread each."""

    try:
        _check_out_folder(out)
        bad = executor_problems(workers, dask_local, scheduler, "parkopt study")
        if bad:
            raise ScenarioError(bad)
    except ScenarioError as err:
        _fail(err)
    try:
        executor = make_executor(workers, dask_local, scheduler)
    except (OSError, ValueError) as err:  # checked above: only a scheduler's address is left
        typer.echo(f"error: --scheduler {scheduler}: cannot connect ({err})", err=True)
        raise typer.Exit(EXIT_INPUT) from None
    options = {"typical_days": typical_days, "refine_best": refine_best, "keep": keep}
    options["max_runs"] = max_runs
    _run(study_file, out, executor, None if quiet else typer.echo, retry_failed, options)


def _run(study_file: Path, out, executor, echo, retry_failed: bool, options: dict) -> None:
    """Run the study on ``executor`` (closed after), write its report, name its failed runs
    (exit 5 if any); a full disk or an interrupt leaves it resumable."""
    try:
        folder = run_study(study_file, out, executor, echo, retry_failed, **options)
        write_report(folder)
    except (ScenarioError, OSError) as err:
        _fail(err, resumable=True)
    except KeyboardInterrupt:
        typer.echo("interrupted: finished runs are kept; run the same command to resume", err=True)
        raise typer.Exit(130) from None
    finally:
        close_executor(executor)
    typer.echo(str(folder))
    failed = failed_runs(folder)
    for name, reason in failed:
        typer.echo(f"failed: {name}: {reason}", err=True)
    if failed:
        raise typer.Exit(EXIT_RUNS_FAILED)
