"""The field registry of every input file: each field's unit and meaning declared once.

``F`` registers a field's unit (``json_schema_extra["unit"]``) and meaning (its description);
``inputs/README.md`` is generated from them (``python -m parkopt.optimizer.cli.docs``), and
``problems_from_validation`` turns pydantic's errors into one-line problems that name the
field's unit and, for a misspelt field, the closest known name.
"""

from __future__ import annotations

import ast
import difflib
import re
import types
import typing
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag, ValidationError

from parkopt.optimizer.common.errors import Problem


def F(
    default: Any = ..., *, unit: str = "-", doc: str, zh: str | None = None, **constraints: Any
) -> Any:
    """A field with its unit and meaning registered once (for errors and generated docs);
    ``zh``: its meaning in Chinese, for a Chinese report (a field without one takes it from
    ``report/fields_zh.py``'s tables, where the shipped fields have theirs)."""
    extra = {"unit": unit} | ({"zh": zh} if zh else {})
    return Field(default, description=doc, json_schema_extra=extra, **constraints)


def instance_name(example: str, store: bool = False) -> Any:
    """The ``name`` field of a section that may be a list of named instances
    (``instances.py``); a ``store``'s has two capacities (kW and kWh)."""
    capacity = (
        "its capacities are <technology>_<name>_kw and _kwh beside the totals <technology>_kw "
        "and _kwh"
        if store
        else "its capacity is <technology>_<name>_kw beside the total <technology>_kw"
    )
    zh = (
        "实例名称（多台储能时的列表，如时长不同的两组储能电池、分属两个温位的两个储热罐）：小写标识符，"
        "同一技术内唯一；其功率和容量为 <技术>_<名称>_kw 和 _kwh，与合计 <技术>_kw、_kwh 并列；"
        "留空 = 技术名（单个映射）。"
        if store
        else ""
    )
    return F(
        None,
        unit="-",
        doc=f"Instance name, in a list of several ({example}): a lowercase identifier unique "
        f"within the technology; {capacity}; null = the technology's name (one mapping).",
        zh=zh,
    )


FORM_TAG = "form:"
"""The tag of one form of a field that takes several (``efficiency_specs.one_or_per_level``):
left out of the field's path in messages."""


class Spec(BaseModel):
    """Base of every input section: frozen, and unknown fields are errors."""

    model_config = ConfigDict(extra="forbid", frozen=True)


def _one_or_list(value: Any) -> str:
    return f"{FORM_TAG}list" if isinstance(value, list) else f"{FORM_TAG}one"


def one_or_list(model: type[BaseModel]) -> Any:
    """``model``, or a list of ``model`` (named instances), told apart by the value's type
    (one error per problem, at the field's own path: ``technologies.pv.1.tilt_deg``)."""
    one = Annotated[model, Tag(f"{FORM_TAG}one")]
    many = Annotated[list[model], Tag(f"{FORM_TAG}list")]
    return Annotated[one | many, Discriminator(_one_or_list)]


def models_in(annotation) -> list[type[BaseModel]]:
    """The models a field's annotation holds: itself, in a union, a list or a dict's values,
    or one form of several (a tagged union)."""
    args = typing.get_args(annotation) or (annotation,)
    found = []
    for a in args:
        if isinstance(a, type) and issubclass(a, BaseModel):
            found.append(a)
        elif typing.get_origin(a) in (list, dict, types.UnionType, typing.Union):
            found += models_in(a)
        elif typing.get_origin(a) is typing.Annotated:
            found += models_in(typing.get_args(a)[0])
    return list(dict.fromkeys(found))


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
        current = next(iter(models_in(info.annotation)), None)
    return unit, siblings


def problems_from_validation(
    err: ValidationError, file: str, root: type[BaseModel]
) -> list[Problem]:
    """Turn pydantic's errors on a ``root`` document into one-line problems with the field's
    unit and a fix."""
    out = []
    for e in err.errors():
        loc = tuple(
            p
            for p in e["loc"]
            if not (isinstance(p, str) and p.startswith(("function-", FORM_TAG)))
        )
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
            named = own["field"]  # a bare name is the section's own field (min_duration_h)
            bare = "." not in named and not named.startswith("-") and field != "(top level)"
            field = f"{field}.{named}" if bare else named
            value, msg = literal(own["value"]), own["expected"]
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


EFFICIENCY_REL_TOL = 1e-9
"""A store's round trip and its charge x discharge efficiencies agree within this [-]."""
EFFICIENCY_FORMS = ("round_trip_efficiency", "charge_efficiency", "discharge_efficiency")


def _fraction(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and 0 < value <= 1


def storage_efficiencies(data: Any, defaults: tuple[float, float]) -> Any:
    """A store's efficiency in either form made whole, before field validation: the round
    trip alone splits as its square root; charge and discharge give the round trip; one of
    them with the round trip gives the other; one alone takes ``defaults`` (charge,
    discharge) for the other; none takes both defaults. Both forms given must agree
    (``EFFICIENCY_REL_TOL``). Values that are not fractions in (0, 1] are left to the
    fields' own checks [-]."""
    if not isinstance(data, dict):
        return data
    rt, ch, dis = (data.get(k) for k in EFFICIENCY_FORMS)
    if not all(v is None or _fraction(v) for v in (rt, ch, dis)):
        return data
    if ch is None and dis is None:
        ch, dis = (rt**0.5, rt**0.5) if rt is not None else defaults
    elif rt is not None and (ch is None or dis is None):
        given, name = (ch, "charge") if dis is None else (dis, "discharge")
        other = rt / given
        if other > 1:
            raise ValueError(
                f"round_trip_efficiency {rt} is above {name}_efficiency {given}: the other "
                "efficiency would exceed 1"
            )
        ch, dis = (ch, other) if dis is None else (other, dis)
    elif ch is None or dis is None:
        ch = defaults[0] if ch is None else ch
        dis = defaults[1] if dis is None else dis
    if rt is not None and abs(ch * dis - rt) > EFFICIENCY_REL_TOL * rt:
        raise ValueError(
            f"round_trip_efficiency {rt} differs from charge_efficiency x "
            f"discharge_efficiency = {ch} x {dis} = {ch * dis:.6g}; give one form, or both "
            "consistently"
        )
    whole = {"charge_efficiency": ch, "discharge_efficiency": dis}
    return {**data, "round_trip_efficiency": ch * dis if rt is None else rt, **whole}


def min_below_max(spec: Any, *suffixes: str) -> Any:
    """``spec`` if each ``min_<suffix> <= max_<suffix>`` (a null max is no limit); else
    ValueError naming the pair (min = max fixes a size)."""
    for x in suffixes:
        low, high = getattr(spec, f"min_{x}"), getattr(spec, f"max_{x}")
        if high is not None and low > high:
            info = type(spec).model_fields[f"max_{x}"]
            unit = (info.json_schema_extra or {}).get("unit", "")
            fix = " (min = max fixes the size)" if x in ("kw", "kwh") else ""
            raise ValueError(f"min_{x} = {low!r}: expected at most max_{x} = {high!r} {unit}{fix}")
    return spec
