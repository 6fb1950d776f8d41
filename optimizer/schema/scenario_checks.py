"""What a scenario is checked for besides its schema, in the same pass: the rules across
sections and the data of the files it names.

The rules across sections (``incoherence``): the horizon inside the year, one load source,
a price source, each generator's output (profile or weather model), each heat technology's
levels among the heat section's. The data (``data_problems``): each hourly CSV profile read
and checked, each time-of-use price checked.

When the schema refuses part of a scenario, ``section_parts`` keeps what it accepts: every
section validated on its own, and one level further down where a section is refused (each
technology, each profile, each heat level's name), so that a rule reading only accepted
parts still runs and `parkopt validate` lists its problems with the schema's
(``scenario_problems``). A rule that reads a refused part is skipped: its problem is the
schema's, already listed.
"""

from __future__ import annotations

import functools
import types
import typing
from typing import Annotated, Any

from pydantic import BaseModel, TypeAdapter, ValidationError

from parkopt.optimizer.common.errors import Problem
from parkopt.optimizer.inputs.profiles import CSV_UNITS, read_csv_profile
from parkopt.optimizer.schema.fields import problems_from_validation
from parkopt.optimizer.schema.heat_specs import ExistingGasBoiler, HeatConverter, ThermalStorage
from parkopt.optimizer.schema.instances import Instance, name_problems, named_specs
from parkopt.optimizer.schema.scenario_files import missing_files
from parkopt.optimizer.schema.technologies import GENERATORS, TECHNOLOGIES

HOURS_PER_YEAR = 8760
MAX_PRICE_PER_KWH = 10.0  # a time-of-use or hourly price above this is CNY/MWh given as kWh
HEAT_SPECS = (HeatConverter, ExistingGasBoiler, ThermalStorage)


class _Refused:
    """A part of the scenario the schema refused (its problem is the schema's)."""

    def __repr__(self) -> str:
        return "<refused>"


REFUSED = _Refused()


def get(part: Any, name: str) -> Any:
    """``part.name`` (None where it has none), REFUSED where ``part`` itself is refused."""
    return REFUSED if part is REFUSED else getattr(part, name, None)


def unique(problems: list[Problem]) -> list[Problem]:
    """Each problem once, in order (a value may be a list: compared as printed)."""
    return list({str(p): p for p in problems}.values())


def known(*parts: Any) -> bool:
    return all(p is not REFUSED for p in parts)


# --- what the schema accepts ----------------------------------------------------------------


def _model_of(annotation: Any) -> tuple[type[BaseModel] | None, bool]:
    """The model a field holds (``M``, ``M | None``) or holds a list of (``list[M]``)."""
    union = typing.get_origin(annotation) in (typing.Union, types.UnionType)
    for arg in typing.get_args(annotation) if union else (annotation,):
        if isinstance(arg, type) and issubclass(arg, BaseModel):
            return arg, False
        if typing.get_origin(arg) is list:
            (item,) = typing.get_args(arg) or (None,)
            if isinstance(item, type) and issubclass(item, BaseModel):
                return item, True
    return None, False


@functools.cache
def _adapter(model: type[BaseModel], name: str) -> TypeAdapter:
    info = model.model_fields[name]
    return TypeAdapter(Annotated[info.annotation, info])


def _part(model: type[BaseModel], name: str, raw: Any, depth: int) -> Any:
    """Field ``name`` of ``model`` as the schema accepts it; where refused, a section's
    accepted fields (``depth`` levels further down), else REFUSED."""
    try:
        return _adapter(model, name).validate_python(raw)
    except ValidationError:
        pass
    inner, many = _model_of(model.model_fields[name].annotation)
    if inner is None or depth <= 0:
        return REFUSED
    if many:
        return [_fields(inner, r, depth - 1) for r in raw] if isinstance(raw, list) else REFUSED
    return _fields(inner, raw, depth - 1)


def _fields(model: type[BaseModel], raw: Any, depth: int) -> Any:
    """``raw`` as ``model`` if the schema accepts it, else a namespace of its accepted fields."""
    if not isinstance(raw, dict):
        return REFUSED
    try:
        return model.model_validate(raw)
    except ValidationError:
        pass
    parts = {}
    for name, info in model.model_fields.items():
        if name in raw:
            parts[name] = _part(model, name, raw[name], depth)
        else:
            parts[name] = (
                REFUSED if info.is_required() else info.get_default(call_default_factory=True)
            )
    return types.SimpleNamespace(**parts)


def section_parts(model: type[BaseModel], data: dict) -> Any:
    """Every section of a raw scenario as the schema accepts it on its own (see module)."""
    return _fields(model, data, depth=2)


# --- rules across sections ------------------------------------------------------------------


def _load_and_prices(s) -> list[tuple[str, Any, str]]:
    out = []
    profiles = s.profiles
    load_csv, price_csv = get(profiles, "load_kw"), get(profiles, "price_cny_per_kwh")
    if known(s.load, load_csv) and s.load is None and load_csv is None:
        out.append(("load", None, "load (industrial or from_inventory) or profiles.load_kw"))
    if known(s.load, load_csv) and s.load is not None and load_csv is not None:
        out.append(("profiles.load_kw", load_csv.path, "no hourly load CSV when load is given"))
    seasons = get(s.tariff, "seasons")
    if known(price_csv, seasons) and price_csv is None and not seasons:
        out.append(
            (
                "tariff.seasons",
                [],
                "the time-of-use layout (with tariff.prices_cny_per_kwh) or "
                "profiles.price_cny_per_kwh",
            )
        )
    return out


def _generators(s) -> list[tuple[str, Any, str]]:
    """Each generator instance's name (``instances.name_problems``) and output: its
    profile (its own, else ``profiles.<resource column>``), or its weather model and the
    weather file."""
    out = []
    for g in GENERATORS:
        section, shared = get(s.technologies, g.name), get(s.profiles, g.resource_column)
        if section is None or not known(section, shared):
            continue
        out += name_problems(g, section)
        for name, spec in named_specs(g, section):
            out += _generator_output(s, g, spec, Instance(g, name, spec).field, shared)
    return out


def _generator_output(s, g, spec, where: str, shared) -> list[tuple[str, Any, str]]:
    """One generator instance's output: a profile without weather-model settings, or a
    weather model with a weather file."""
    own = get(spec, "profile")
    if not known(spec, own):
        return []
    csv, csv_field = (own, f"{where}.profile") if own is not None else (shared, "")
    csv_field = csv_field or f"profiles.{g.resource_column}"
    void = spec.model_only_fields() if isinstance(spec, BaseModel) else ()
    out = []
    if void and csv is not None:
        expected = f"no weather-model setting when {csv_field} gives the output; remove one of them"
        out.append((f"{where}.{void[0]}", getattr(spec, void[0]), expected))
    if csv is None and not g.spec.weather_model:
        out.append((f"profiles.{g.resource_column}", None, f"an hourly CSV for {g.name}"))
    if csv is None and g.spec.weather_model and s.weather is None:
        expected = f"a weather file (weather.path) for {where}, or {where}.profile"
        if where == f"technologies.{g.name}":
            expected = (
                f"a weather file (weather.path) for {g.name}, or profiles.{g.resource_column}"
            )
        out.append(("weather", None, expected))
    return out


def _level_references(present: dict, names: list[str]) -> list[tuple[str, Any, str]]:
    """Each heat technology instance's level(s) among the heat section's ``names``
    (``present``: each instance's spec by its section's path)."""
    out, shown = [], ", ".join(names)
    for where, spec in present.items():
        level, levels = get(spec, "level"), get(spec, "levels")
        if isinstance(level, str) and level not in names:  # thermal storage: one level
            out.append((f"{where}.level", level, f"one of {shown}"))
        if isinstance(levels, list) and any(n not in names for n in levels):
            out.append((f"{where}.levels", levels, f"levels among {shown}"))
    return out


def _names(s) -> list[tuple[str, Any, str]]:
    """The bad instance names of the converters' and stores' lists
    (``instances.name_problems``; the generators' are ``_generators``')."""
    out = []
    for t in TECHNOLOGIES:
        section = get(s.technologies, t.name)
        if t.role != "generator" and section is not None and known(section):
            out += name_problems(t, section)
    return out


def _heat_instances(s) -> dict:
    """Each heat technology instance's spec by its section's path."""
    present = {}
    for t in TECHNOLOGIES:
        section = get(s.technologies, t.name)
        if not issubclass(t.spec, HEAT_SPECS) or t.role == "cold_storage" or section is None:
            continue
        for name, spec in named_specs(t, section):
            present[Instance(t, name, spec).field] = spec
    return present


def _heat(s) -> list[tuple[str, Any, str]]:
    """A heat technology without heat levels, a level named that does not exist, an
    air-source heat pump without weather (unless its COP is an hourly profile)."""
    present, out = _heat_instances(s), []
    if s.heat is None:
        if not present:
            return []
        expected = f"a heat section with its levels and demand, for {next(iter(present))}"
        return [("heat", None, expected)]
    levels = get(s.heat, "levels")
    names = [get(lv, "name") for lv in levels] if known(levels) else [REFUSED]
    if known(*names):
        out += _level_references(present, names)
    pumps = [(w, p) for w, p in present.items() if w.split(".")[1] == "heat_pump"]
    for where, pump in pumps:
        if s.weather is None and get(pump, "cop_profile") is None:
            expected = (
                f"a weather file, for {where}'s COP (from the air temperature), "
                f"or {where}.cop_profile"
            )
            out.append(("weather", None, expected))
    return out


def incoherence(s, source: str) -> list[Problem]:
    """Every rule across sections that ``s`` (a Scenario, or ``section_parts``) breaks."""
    out = []
    start, hours = s.horizon_start_hour, s.horizon_hours
    if known(start, hours) and start + hours > HOURS_PER_YEAR:
        out.append(
            (
                "horizon_hours",
                hours,
                f"at most {HOURS_PER_YEAR - start} h from horizon_start_hour = {start} h "
                f"(the year's {HOURS_PER_YEAR} h)",
            )
        )
    out += _load_and_prices(s) + _generators(s) + _names(s) + _heat(s)
    return unique([Problem(source, *p) for p in out])


def as_message(problem: Problem) -> str:
    """A problem as a validator's message (``field = value: expected ...``)."""
    return f"{problem.field} = {problem.value!r}: expected {problem.expected}"


# --- the data ------------------------------------------------------------------------


def check_prices(tariff, source: str, problems: list[Problem]) -> None:
    """Each time-of-use price of the tariff section: >= 0 and at most MAX_PRICE_PER_KWH."""
    priced = [("tariff.prices_cny_per_kwh", tariff.prices_cny_per_kwh)] + [
        (f"tariff.seasons.{i}.prices_cny_per_kwh", s.prices_cny_per_kwh)
        for i, s in enumerate(tariff.seasons)
    ]
    for where, prices in priced:
        for key, value in prices.items():
            if value < 0:
                problems.append(Problem(source, f"{where}.{key}", value, "a price >= 0 CNY/kWh"))
            elif value > MAX_PRICE_PER_KWH:
                expected = f"a price of at most {MAX_PRICE_PER_KWH} CNY/kWh (is it in CNY/MWh?)"
                problems.append(Problem(source, f"{where}.{key}", value, expected))


def data_problems(s, source: str) -> list[Problem]:
    """The hourly CSV profiles read and checked (where the horizon is known: a file may
    hold the horizon's hours), the time-of-use prices checked, where the schema accepted
    their sections."""
    problems: list[Problem] = []
    horizon = (s.horizon_start_hour, s.horizon_hours)
    for key in CSV_UNITS:
        spec = get(s.profiles, key)
        if isinstance(spec, BaseModel) and known(*horizon):
            read_csv_profile(spec, key, source, problems, horizon=horizon)
    for g in GENERATORS:
        section = get(s.technologies, g.name)
        for name, spec in named_specs(g, section) if known(section, *horizon) else ():
            own = get(spec, "profile")
            if isinstance(own, BaseModel):
                where = f"{Instance(g, name, spec).field}.profile"
                read_csv_profile(own, g.resource_column, source, problems, where, horizon=horizon)
    if isinstance(s.tariff, BaseModel):
        check_prices(s.tariff, source, problems)
    return problems


def scenario_problems(model: type[BaseModel], data: dict, err: ValidationError) -> list[Problem]:
    """Every problem of a raw scenario (paths resolved, ``source`` set) that ``model``
    refused with ``err``: the schema's, the rules across sections', the files' (see module)."""
    source = data["source"]
    schema = problems_from_validation(err, source, model)
    mine = [p for p, e in zip(schema, err.errors(), strict=True) if e["loc"] != ()]
    parts = section_parts(model, data)
    problems = mine + incoherence(parts, source) + missing_files(data, source)
    problems += data_problems(parts, source)
    return unique(problems)
