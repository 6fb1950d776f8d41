"""The ``parkopt schema`` command (registered on the main CLI): the JSON Schemas of what
parkopt reads and writes."""

from __future__ import annotations

import json
from enum import Enum
from typing import Annotated

import typer

from parkopt.optimizer.outputs.result_schema import shipped_schema_text
from parkopt.optimizer.schema.scenario import Scenario


class Document(str, Enum):
    summary = "summary"
    scenario = "scenario"


def schema(
    document: Annotated[
        Document,
        typer.Argument(
            help="summary: a run's summary.json (plan or simulation; the schema shipped in "
            "the package); scenario: a scenario YAML file."
        ),
    ],
) -> None:
    """Schema: print the JSON Schema of summary.json or of a scenario (units in each field's
    description)."""
    if document is Document.summary:
        typer.echo(shipped_schema_text(), nl=False)
        return
    schema = Scenario.model_json_schema()
    typer.echo(json.dumps(schema, indent=2, ensure_ascii=False))
