"""What every command shares: exit codes, the options of commands that write a folder, and
how a failure is printed (one line per problem, the exit code by kind)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from parkopt.optimizer.errors import InfeasibleError, Problem, ScenarioError

EXIT_INPUT, EXIT_INFEASIBLE, EXIT_SOLVER, EXIT_RUNS_FAILED = 2, 3, 4, 5

# Options shared by the commands that write a results folder.
OutOption = Annotated[
    Path | None, typer.Option("--out", help="Results folder (default results/<name>-<UTC time>/).")
]
QuietOption = Annotated[bool, typer.Option("--quiet", help="Print only the results folder.")]
NoPlotsOption = Annotated[bool, typer.Option("--no-plots", help="Skip the PNG plots.")]


def _fail(err: Exception) -> None:
    if isinstance(err, ScenarioError):
        for problem in err.problems:
            typer.echo(f"error: {problem}", err=True)
        raise typer.Exit(EXIT_INPUT)
    if isinstance(err, FileExistsError):  # --out names a folder that exists: bad input
        typer.echo(f"error: {err}", err=True)
        raise typer.Exit(EXIT_INPUT)
    code = EXIT_INFEASIBLE if isinstance(err, InfeasibleError) else EXIT_SOLVER
    typer.echo(f"error: {err}", err=True)
    raise typer.Exit(code)


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


def _say(quiet: bool, text: str) -> None:
    if not quiet:
        typer.echo(text)
