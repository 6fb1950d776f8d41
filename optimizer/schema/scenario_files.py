"""The files a raw scenario names: found, made absolute, checked to exist.

Works on the raw YAML mapping (before validation), so that a missing file is reported
together with the schema's problems by one `parkopt validate`.
"""

from __future__ import annotations

import copy
from pathlib import Path

from parkopt.optimizer.common.errors import Problem
from parkopt.optimizer.schema.technologies import GENERATORS


def path_fields(data: dict) -> list[tuple[dict, str, str]]:
    """Every (section, key, dotted field) of the raw scenario that names a file."""
    out = []
    weather = data.get("weather")
    if isinstance(weather, dict) and isinstance(weather.get("path"), str):
        out.append((weather, "path", "weather.path"))
    out += _generator_files(data.get("technologies"))
    profiles = data.get("profiles")
    for key, prof in profiles.items() if isinstance(profiles, dict) else ():
        if isinstance(prof, dict) and isinstance(prof.get("path"), str):
            out.append((prof, "path", f"profiles.{key}.path"))
    out += _efficiency_profiles(data.get("technologies"))
    load = data.get("load")
    if isinstance(load, dict) and isinstance(load.get("from_inventory"), str):
        out.append((load, "from_inventory", "load.from_inventory"))
    levels = (data.get("heat") or {}).get("levels") if isinstance(data.get("heat"), dict) else None
    for i, level in enumerate(levels if isinstance(levels, list) else ()):
        demand = level.get("demand") if isinstance(level, dict) else None
        prof = demand.get("profile") if isinstance(demand, dict) else None
        if isinstance(prof, dict) and isinstance(prof.get("path"), str):
            out.append((prof, "path", f"heat.levels.{i}.demand.profile.path"))
        if isinstance(demand, dict) and isinstance(demand.get("from_inventory"), str):
            out.append((demand, "from_inventory", f"heat.levels.{i}.demand.from_inventory"))
    return out


def resolve_paths(data: dict, base: Path) -> dict:
    """A copy of the raw scenario with every file path absolute, relative to ``base`` (the
    scenario's folder); ``pvlib:NAME`` stays as it is. A pathway period's ``set`` (dotted
    paths) is resolved the same way, so a period's own files are found from a study too."""
    data = copy.deepcopy(data)
    for section, key, _ in path_fields(data):
        p = section[key]
        if not p.startswith("pvlib:") and not Path(p).is_absolute():
            section[key] = str((base / p).resolve())
    pathway = data.get("pathway")
    periods = pathway.get("periods") if isinstance(pathway, dict) else None
    for period in periods if isinstance(periods, list) else ():
        if isinstance(period, dict) and isinstance(period.get("set"), dict):
            period["set"] = _resolved_set(period["set"], base)
    return data


def _resolved_set(changes: dict, base: Path) -> dict:
    """A period's ``set`` with the file paths its values name made absolute (each dotted
    path nested, resolved as a scenario's would be, and read back)."""
    nested: dict = {}
    for dotted, value in changes.items():
        node = nested
        *head, last = str(dotted).split(".")
        for part in head:
            node = node.setdefault(part, {})
            if not isinstance(node, dict):
                return changes  # an odd mix of paths: left as given
        node[last] = value
    resolved = resolve_paths(nested, base)
    out = {}
    for dotted in changes:
        node = resolved
        for part in str(dotted).split("."):
            node = node[part]
        out[dotted] = node
    return out


def _generator_files(techs) -> list[tuple[dict, str, str]]:
    """The files of each generator instance (one mapping, or each item of a list): its
    ``profile`` and a wind instance's ``wind_data``."""
    out = []
    for tech in (g.name for g in GENERATORS):
        section = techs.get(tech) if isinstance(techs, dict) else None
        many = isinstance(section, list)
        for i, spec in enumerate(section if many else [section]):
            where = f"technologies.{tech}.{i}" if many else f"technologies.{tech}"
            for key in ("profile", "wind_data"):
                part = spec.get(key) if isinstance(spec, dict) else None
                if isinstance(part, dict) and isinstance(part.get("path"), str):
                    out.append((part, "path", f"{where}.{key}.path"))
    return out


def _efficiency_profiles(techs) -> list[tuple[dict, str, str]]:
    """The CSV files of heat sources' hourly efficiencies: ``cop_profile`` (one, or one per
    level) and ``efficiency_profile``."""
    out = []
    for name, spec in techs.items() if isinstance(techs, dict) else ():
        for field in ("cop_profile", "efficiency_profile"):
            prof = spec.get(field) if isinstance(spec, dict) else None
            if not isinstance(prof, dict):
                continue
            one = isinstance(prof.get("path"), str)
            forms = {"": prof} if one else {f".{k}": v for k, v in prof.items()}
            for level, csv in forms.items():
                if isinstance(csv, dict) and isinstance(csv.get("path"), str):
                    out.append((csv, "path", f"technologies.{name}.{field}{level}.path"))
    return out


def missing_files(data: dict, source: str, skip: tuple[str, ...] = ("pvlib:",)) -> list[Problem]:
    """A Problem for every file the raw (path-resolved) scenario names that does not exist
    (paths starting with one of ``skip`` are not files). Reported with the schema errors, so
    that one `parkopt validate` lists both."""
    out = []
    for section, key, field in path_fields(data):
        path = section[key]
        what = {"weather.path": "an existing weather file"}.get(field, "an existing file")
        if field.startswith(("profiles.", "heat.")) or "profile." in field:
            what = "an existing CSV file"
        exists = Path(path).is_file()
        if field.endswith("from_inventory"):  # a folder written by `parkopt inventory`
            what = "an inventory folder (parkopt inventory) with park_profiles.parquet"
            exists = (Path(path) / "park_profiles.parquet").is_file()
        if not path.startswith(skip) and not exists:
            out.append(Problem(source, field, path, what))
    return out
