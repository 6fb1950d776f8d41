"""The assumptions of a run: every input of its scenario.yaml with the unit and meaning the
field registry declares (``optimizer/schema/fields.py``'s ``F``), walked over the schema the same
way as the generated field docs (``optimizer/cli/docs.py``)."""

from __future__ import annotations

import re
import typing
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from pydantic import BaseModel

from parkopt.optimizer.cli.docs import _models
from parkopt.optimizer.common.text_files import read_yaml
from parkopt.optimizer.report.i18n import fmt_exact
from parkopt.optimizer.report.sources import Sources, scenario_sources
from parkopt.optimizer.schema.scenario import Scenario
from parkopt.optimizer.study.spec import StudySpec

INDEX = re.compile(r"\[\d+\]")


@dataclass(frozen=True)
class Assumption:
    """One input: its dotted path (``technologies.pv.max_kw``), value, unit, meaning, where
    it comes from (the scenario file's comment on it or its section) and whether the file
    leaves it to parkopt's default (``default``; False when the file is not found)."""

    path: str
    value: object
    unit: str
    meaning: str
    source: str = ""
    default: bool = False

    @property
    def section(self) -> str:
        return self.path.split(".", 1)[0].split("[", 1)[0]


def _walk(model: type[BaseModel], prefix: str, out: dict[str, tuple[str, str, str]]) -> None:
    for name, info in model.model_fields.items():
        if name == "source" and model in (Scenario, StudySpec):  # set by parkopt, as in docs
            continue
        path = f"{prefix}{name}"
        extra = info.json_schema_extra or {}
        out.setdefault(path, (extra.get("unit", "-"), info.description or "", extra.get("zh")))
        list_like = typing.get_origin(info.annotation) is list
        for sub in _models(info.annotation):
            _walk(sub, f"{path}[]." if list_like else f"{path}.", out)


@cache
def _fields(model: type[BaseModel]) -> dict[str, tuple[str, str, str]]:
    out: dict[str, tuple[str, str, str]] = {}
    _walk(model, "", out)
    return out


@cache
def registry(model: type[BaseModel] = Scenario) -> dict[str, tuple[str, str]]:
    """(unit, meaning) of every field of ``model`` by path; list items as ``path[].field``."""
    return {path: (unit, doc) for path, (unit, doc, _) in _fields(model).items()}


def declared_zh(model: type[BaseModel] = Scenario) -> dict[str, str]:
    """The Chinese meanings the fields of ``model`` declare themselves (``F(zh=...)``), by
    path: a new technology's input schema carries its own."""
    return {path: zh for path, (_, _, zh) in _fields(model).items() if zh}


def field_key(path: str, model: type[BaseModel] = Scenario) -> str | None:
    """The registry entry of an input's path (``tariff.seasons[0].months`` ->
    ``tariff.seasons[].months``); a key of a free mapping takes its mapping's entry
    (``tariff.prices_cny_per_kwh.peak`` -> ``tariff.prices_cny_per_kwh``); None if unknown."""
    reg = registry(model)
    key = INDEX.sub("", path)  # an item of a list of named instances: technologies.pv[0].x
    if "[" in path and key in reg and INDEX.sub("[]", path) not in reg:
        return key
    parts = INDEX.sub("[]", path).split(".")
    while parts:
        key = ".".join(parts)
        if key in reg:
            return key
        for i in range(len(parts) - 1, 0, -1):  # a mapping's own key (e.g. a level's name)
            dropped = ".".join(parts[:i] + parts[i + 1 :])
            if dropped in reg and i < len(parts) - 1:
                return dropped
        parts = parts[:-1]
    return None


def field_info(path: str, model: type[BaseModel] = Scenario) -> tuple[str, str]:
    """(unit, meaning) of an input's path (``tariff.seasons[0].months``, ``heat.levels[1].
    demand.annual_t``, ``tariff.prices_cny_per_kwh.peak``); a key of a free mapping takes
    its mapping's entry, an unknown path ``("-", "")``."""
    key = field_key(path, model)
    return ("-", "") if key is None else registry(model)[key]


def _leaves(value, path: str):
    """(path, value) of every non-empty leaf: mappings and lists of mappings are walked, lists
    of plain values are one leaf."""
    if isinstance(value, dict):
        for key, sub in value.items():
            yield from _leaves(sub, f"{path}.{key}" if path else str(key))
    elif isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        for i, sub in enumerate(value):
            yield from _leaves(sub, f"{path}[{i}]")
    elif value is not None and value not in ([], {}, ""):
        yield path, value


def assumptions(
    document: dict, model: type[BaseModel] = Scenario, sources: Sources | None = None
) -> list[Assumption]:
    """Every non-empty input of a scenario document (as in scenario.yaml) with its unit,
    meaning and source; the scenario's own file name (``source``) is left out."""
    sources = sources or Sources()
    out = []
    for path, value in _leaves({k: v for k, v in document.items() if k != "source"}, ""):
        unit, meaning = field_info(path, model)
        comment, given = sources.of(path)
        out.append(Assumption(path, value, unit, meaning, comment, not given))
    return out


def read_assumptions(scenario_yaml: Path) -> list[Assumption]:
    """The assumptions of a run folder's scenario.yaml (none when it is missing)."""
    if not scenario_yaml.is_file():
        return []
    document = read_yaml(scenario_yaml, "a run's scenario") or {}
    sources = scenario_sources(str(document.get("source") or ""), scenario_yaml.parent)
    return assumptions(document, sources=sources)


def show_value(value, path: str = "") -> str:
    """An input's value as given: lists inline (``6, 7, 8``; ``[14, 22]``), numbers unrounded
    (a calendar year without a thousands separator)."""
    if path.endswith("year") and isinstance(value, int):
        return str(value)
    if isinstance(value, list):
        return ", ".join(
            "[" + ", ".join(fmt_exact(x) for x in v) + "]" if isinstance(v, list) else fmt_exact(v)
            for v in value
        )
    if isinstance(value, dict):
        return ", ".join(f"{k}: {show_value(v)}" for k, v in value.items())
    return fmt_exact(value)
