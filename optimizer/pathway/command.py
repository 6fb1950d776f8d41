"""``parkopt run`` on a scenario with a pathway section (``cli.run`` hands it here)."""

from __future__ import annotations

import time
from pathlib import Path

import typer

from parkopt.optimizer.cli.common import _fail, _say
from parkopt.optimizer.common.errors import InfeasibleError, ScenarioError, SolverError
from parkopt.optimizer.pathway.console import format_pathway
from parkopt.optimizer.pathway.run import plan_pathway
from parkopt.optimizer.pathway.write import write_pathway
from parkopt.optimizer.report.pathway import write_pathway_report


def run_pathway(
    sc, out: Path | None, no_plots: bool, quiet: bool, t0: float, typical_days: int | None = None
) -> None:
    """``run`` on a scenario with a pathway section: plan every period, write the folder
    with its report, print the path. ``typical_days`` (``--typical-days``) overrides
    ``pathway.typical_days``."""
    if typical_days is not None:
        pathway = sc.pathway.model_copy(update={"typical_days": typical_days})
        sc = sc.model_copy(update={"pathway": pathway})
    n = len(sc.pathway.periods)
    days = sc.pathway.typical_days
    on = "every hour" if days is None else f"{days} typical days"
    _say(quiet, f"parkopt: planning the pathway of '{sc.park.name}' ({n} periods, {on} each)")
    try:
        pw = plan_pathway(sc)
    except (ScenarioError, InfeasibleError, SolverError) as err:
        _fail(err)
    try:
        folder = write_pathway(
            pw, out, not no_plots, lambda tmp, target: write_pathway_report(tmp, name=target.name)
        )
    except OSError as err:
        _fail(err)
    _say(quiet, format_pathway(pw.summary))
    _say(quiet, f"  done in {time.perf_counter() - t0:.1f} s; results in:")
    typer.echo(str(folder))
