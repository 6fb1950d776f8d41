"""The field registry of every input file: each field's unit and meaning declared once.

``F`` registers a field's unit (``json_schema_extra["unit"]``) and meaning (its description);
``inputs/README.md`` is generated from them (``python -m parkopt.optimizer.docs``), and
``problems_from_validation`` turns pydantic's errors into one-line problems that name the
field's unit and, for a misspelt field, the closest known name.
"""

from __future__ import annotations

import ast
import difflib
import re
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from parkopt.optimizer.errors import Problem


def F(default: Any = ..., *, unit: str = "-", doc: str, **constraints: Any) -> Any:
    """A field with its unit and meaning registered once (for errors and generated docs)."""
    return Field(default, description=doc, json_schema_extra={"unit": unit}, **constraints)


class Spec(BaseModel):
    """Base of every input section: frozen, and unknown fields are errors."""

    model_config = ConfigDict(extra="forbid", frozen=True)


def _field_unit(model: type[BaseModel], loc: tuple) -> tuple[str, list[str]]:
    """Unit and sibling field names of the field at ``loc`` (for messages)."""
    unit, siblings = "", list(model.model_fields)
    current: Any = model
    for part in loc:
        if isinstance(part, int) or not (
            isinstance(current, type) and issubclass(current, BaseModel)
        ):
            continue
        siblings = list(current.model_fields)
        info = current.model_fields.get(part)
        if info is None:
            return "", siblings
        unit = (info.json_schema_extra or {}).get("unit", "")
        ann = info.annotation
        nested = [a for a in getattr(ann, "__args__", (ann,)) if isinstance(a, type)]
        nested += [
            b
            for a in getattr(ann, "__args__", ())
            for b in getattr(a, "__args__", ())
            if isinstance(b, type)
        ]
        current = next((a for a in nested if issubclass(a, BaseModel)), None)
    return unit, siblings


def problems_from_validation(
    err: ValidationError, file: str, root: type[BaseModel]
) -> list[Problem]:
    """Turn pydantic's errors on a ``root`` document into one-line problems with the field's
    unit and a fix."""
    out = []
    for e in err.errors():
        loc = tuple(p for p in e["loc"] if not (isinstance(p, str) and p.startswith("function-")))
        field = ".".join(str(p) for p in loc) or "(top level)"
        unit, siblings = _field_unit(root, loc)
        msg = e["msg"].removeprefix("Value error, ")
        if e["type"] == "extra_forbidden":
            close = difflib.get_close_matches(str(loc[-1]), siblings, n=1)
            hint = (
                f"; did you mean '{close[0]}'?"
                if close
                else f"; known fields: {', '.join(siblings)}"
            )
            msg = "unknown field" + hint
        elif e["type"] == "missing":
            msg = "missing; this field is required" + (
                f" (unit {unit})" if unit not in ("", "-") else ""
            )
        elif unit not in ("", "-"):
            msg = f"{msg} (unit {unit})"
        value = e.get("input") if e["type"] != "missing" else None
        if isinstance(value, dict):
            value = "{...}"
        own = OWN_FIELD.match(msg)
        if own:  # a validator that names the field itself: "a.b = 'x': expected ..."
            field, value, msg = own["field"], literal(own["value"]), own["expected"]
        out.append(Problem(file, field, value, msg))
    return out


def literal(text: str):
    """The Python value a message shows (``'stem'``, ``['hw']``, ``None``), else the text."""
    try:
        return ast.literal_eval(text)
    except (ValueError, SyntaxError):
        return text


OWN_FIELD = re.compile(
    r"^(?P<field>(?:--)?[a-z_][\w.]*) = (?P<value>.+?): expected (?P<expected>.+)$"
)
"""A validator's message naming its own field, value and what was expected."""


def problem_from_message(file: str, text: str, prefix: str = "") -> Problem:
    """A Problem from a models/ error's one line (``field = value: expected ...``), its
    field under ``prefix``; the whole text as what was expected if it is not of that form."""
    own = OWN_FIELD.match(text)
    if own is None:
        return Problem(file, prefix.rstrip(".") or "(input)", None, text)
    return Problem(file, prefix + own["field"], literal(own["value"]), own["expected"])
