"""What every command shares: exit codes, the options of commands that write a folder, and
how a failure is printed (one line per problem, the exit code by kind)."""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import click
import typer
import yaml

from parkopt.optimizer.common.errors import InfeasibleError, Problem, ScenarioError, SolverError
from parkopt.optimizer.common.writes import WRITE_FAULTS, describe, errno_of
from parkopt.optimizer.study.sizes import DEFAULT_MAX_RUNS

EXIT_INPUT, EXIT_INFEASIBLE, EXIT_SOLVER, EXIT_RUNS_FAILED = 2, 3, 4, 5
EXIT_WRITE = 6  # no permission, a read-only file system, a full disk or quota (writes.py)
EXIT_CODES = (
    "Exit codes: 0 done; 2 bad input; 3 infeasible plan; 4 solver failure; "
    "5 a study finished with failed runs; 6 a file could not be written (no permission, "
    "read-only file system, disk full or over quota; the path and the cause on one line)."
)

# Options shared by the commands that write a results folder.
OutOption = Annotated[
    Path | None, typer.Option("--out", help="Results folder (default results/<name>-<UTC time>/).")
]
QuietOption = Annotated[bool, typer.Option("--quiet", help="Print only the results folder.")]
NoPlotsOption = Annotated[bool, typer.Option("--no-plots", help="Skip the PNG plots.")]
MaxRunsOption = Annotated[
    int | None,
    typer.Option(
        "--max-runs",
        help=f"A study: most runs it may expand to (default {DEFAULT_MAX_RUNS:,}; overrides "
        "max_runs); a larger one is refused with its count and estimated time, disk and memory.",
    ),
]


def _fail(err: Exception, resumable: bool = False) -> None:
    """Print ``err`` (one line per problem) and exit with its code; ``resumable``: an OSError
    says the command resumes where it stopped (a study)."""
    if isinstance(err, ScenarioError):
        for problem in err.problems:
            typer.echo(f"error: {problem}", err=True)
        raise typer.Exit(EXIT_INPUT)
    if isinstance(err, FileExistsError) and not err.errno:  # --out exists: bad input
        typer.echo(f"error: {err}", err=True)
        raise typer.Exit(EXIT_INPUT)
    if isinstance(err, OSError):  # one line: the path, the cause (errno name), what to do
        typer.echo(f"error: {describe(err, resumable)}", err=True)
        raise typer.Exit(EXIT_WRITE if errno_of(err) in WRITE_FAULTS else EXIT_INPUT)
    code = EXIT_INFEASIBLE if isinstance(err, InfeasibleError) else EXIT_SOLVER
    typer.echo(f"error: {err}", err=True)
    raise typer.Exit(code)


EXIT_BUG = 1
"""An error parkopt did not expect: a bug (one line; PARKOPT_DEBUG=1 shows the traceback)."""


def guarded(command: Callable) -> Callable:
    """``command`` with a safety net: what its own checks let through is still one line, never
    a traceback. A domain error or OSError as ``_fail`` says it; a ValueError or YAML error
    (an input read wrong) exit 2; anything else exit 1 as a bug. PARKOPT_DEBUG=1 re-raises."""

    @functools.wraps(command)
    def run(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except (typer.Exit, typer.Abort, click.exceptions.Exit, click.ClickException):
            raise
        except Exception as err:  # noqa: BLE001 - the safety net itself
            if os.environ.get("PARKOPT_DEBUG"):
                raise
            if isinstance(err, ScenarioError | InfeasibleError | SolverError | OSError):
                _fail(err)
            text = " ".join(str(err).split()) or type(err).__name__
            if isinstance(err, ValueError | yaml.YAMLError):
                typer.echo(f"error: {text} (an input could not be read)", err=True)
                raise typer.Exit(EXIT_INPUT) from None
            typer.echo(
                f"error: internal error: {type(err).__name__}: {text} (a bug in parkopt: "
                "please report it with the command; PARKOPT_DEBUG=1 shows the traceback)",
                err=True,
            )
            raise typer.Exit(EXIT_BUG) from None

    return run


def _check_out(out: Path | None) -> None:
    """Refuse an existing --out before any work is done (results are never overwritten)."""
    if out is not None and out.exists():
        raise ScenarioError(
            [
                Problem(
                    str(out),
                    "--out",
                    str(out),
                    "a new folder (it exists already; results are never overwritten)",
                )
            ]
        )


def _check_out_folder(out: Path | None, option: str = "--out") -> None:
    """Refuse an ``option`` naming an existing file where a folder is written (a study's
    --out may be an existing folder: it resumes)."""
    if out is not None and out.exists() and not out.is_dir():
        raise ScenarioError([Problem(str(out), option, str(out), "a folder (it is a file)")])


def _say(quiet: bool, text: str) -> None:
    if not quiet:
        typer.echo(text)
