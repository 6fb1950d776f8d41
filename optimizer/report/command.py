"""The ``parkopt report`` command (registered on the main CLI)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from parkopt.optimizer.cli.common import _fail
from parkopt.optimizer.common.errors import ScenarioError
from parkopt.optimizer.report import write_report
from parkopt.optimizer.report.pathway import is_pathway, write_pathway_report


def report(
    folder: Annotated[
        Path,
        typer.Argument(
            metavar="RUN_OR_STUDY", help="A run folder, a study folder or a pathway folder."
        ),
    ],
    lang: Annotated[str, typer.Option("--lang", help="Language of the report: en or zh.")] = "en",
) -> None:
    """Report: write report.html (self-contained: the answer, the assumptions, the binding
    limits, the figures) and report.xlsx (every table, units in the headers) into RUN_OR_STUDY;
    a pathway folder (with pathway.json) gets the pathway's report, year by year."""
    try:
        if is_pathway(folder):
            html, xlsx = write_pathway_report(folder, lang)
        else:
            html, xlsx = write_report(folder, lang)
    except (ScenarioError, OSError) as err:
        _fail(err)
    typer.echo(str(html))
    typer.echo(str(xlsx))
