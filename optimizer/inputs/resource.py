"""The resource check of every run: modelled full-load hours beside a reference.

A siting answer is only as good as its resource. Every run reports the modelled wind and PV
full-load hours of its year (and the mean hub-height wind speed), the reference they are
held against (the scenario's per-site figure, else the national fleet average with its year
and source), how the wind was calibrated, and a warning naming the file and the factor when
the modelled figure and the reference differ by more than the stated margin.
"""

from __future__ import annotations

import numpy as np

from parkopt.models.units import HOURS_PER_YEAR
from parkopt.optimizer.schema.instances import generators

NATIONAL_REFERENCE = {
    "wind": {
        "full_load_hours": 2259.0,
        "year": 2022,
        "source": "national fleet average 2022 (China Wind Energy Association, via IEA Wind "
        "TCP 'Wind Energy in China - 2022'; 2,246 h in 2021, NEA)",
    },
    "pv": {
        "full_load_hours": 1300.0,
        "year": 2023,
        "source": "national fleet average, about 1,300 h in 2023 (press, unverified; NEA "
        "official 907 h for January-August 2023)",
    },
}
"""The reference of each generator when a scenario gives none (China's national fleet
averages); a generator without one is reported but never warned about."""
HINTS = {
    "wind": " (calibrate technologies.wind.calibration to a wind atlas or mast, or give "
    "hub-height data in technologies.wind.wind_data)",
}


def full_load_hours(kw_per_kw: np.ndarray) -> float:
    """Annual full-load hours of an hourly output per unit of capacity [h/year]."""
    values = np.asarray(kw_per_kw, dtype=float)
    return float(values.sum()) * HOURS_PER_YEAR / len(values)


def reference_of(spec, name: str) -> dict:
    """The reference in force for generator ``name``: the scenario's ``resource`` figure
    where given (with its source and year), else the national one, else none."""
    given = getattr(spec, f"{name}_reference_full_load_hours", None)
    if given is not None:
        source = spec.reference_source or "given in the scenario (no source stated)"
        return {"full_load_hours": given, "year": spec.reference_year, "source": source}
    return dict(NATIONAL_REFERENCE.get(name, {"full_load_hours": None, "year": None, "source": ""}))


def _warning(name, hours, ref, margin, file, modelled, tech: str = "") -> str | None:
    """The warning on generator ``name`` (technology ``tech``) or None."""
    reference = ref["full_load_hours"]
    if not reference or abs(hours / reference - 1) <= margin:
        return None
    hint = HINTS.get(tech or name, "") if modelled else ""
    return (
        f"{file}: modelled {name} full-load hours {hours:,.0f} h/year are "
        f"{hours / reference:.2f} x the reference {reference:,.0f} h/year ({ref['source']}); "
        f"more than {margin:.0%} apart: check the resource{hint}"
    )


def _checked(inst, scenario, columns: dict, file: str, modelled: bool) -> tuple[dict, str | None]:
    """One generator instance's full-load hours against its technology's reference (the
    keys without the ``<stem>_`` prefix), and its warning or None."""
    spec, name = scenario.resource, inst.tech.name
    values = np.asarray(columns[inst.resource_column], dtype=float)
    ref = reference_of(spec, name)
    out: dict = {"reference": ref}
    if np.isnan(values).any():  # a horizon's profile: no year to judge (profiles.py)
        out["full_load_hours"] = None
        out["not_checked"] = (
            f"{file}: the profile covers the {int((~np.isnan(values)).sum())} h horizon, "
            "not a year; full-load hours are not checked (give 8760 rows to check them)"
        )
        return out, None
    hours = full_load_hours(values)
    out["full_load_hours"] = hours
    if ref["full_load_hours"]:
        out["to_reference"] = hours / ref["full_load_hours"]
    margin = spec.warn_margin_fraction
    return out, _warning(inst.stem, hours, ref, margin, file, modelled, name)


def _file_of(inst, scenario, info: dict) -> tuple[str, bool]:
    """The file a generator instance's output came from: its own profile, the scenario's
    profile, its measured wind data, else the weather file; and whether it was modelled."""
    profile = inst.spec.profile or getattr(scenario.profiles, inst.tech.resource_column)
    data_file = info.get(f"{inst.tech.name}_data_file")
    file = profile.path if profile is not None else data_file
    return file or (scenario.weather.path if scenario.weather else scenario.source), not profile


def resource_block(scenario, columns: dict, info: dict) -> tuple[dict, list[str]]:
    """summary.json's ``resource`` block and the warnings, from the full-year output per
    unit of each generator instance (``columns``, keyed by resource column) and what the
    weather models found (``info``; a named instance's under ``info["instances"][stem]``).
    A warning names the file the output came from: the instance's hourly profile where
    given, else its measured wind data, else the weather file. A named instance's figures
    go to ``instances.<stem>`` (its model's keys without the technology's prefix).

    Full-load hours are always those of a whole year (a weather model's year, or an
    8760-row profile), never a short horizon scaled up. A profile that covers only the
    horizon (NaN elsewhere, ``profiles.place_horizon``) is not checked: its full-load hours
    are null and ``not_checked`` says why, instead of a warning."""
    block: dict = {"reference": {}, "warn_margin_fraction": scenario.resource.warn_margin_fraction}
    warnings = []
    by_instance = info.get("instances", {})
    for inst in generators(scenario):
        own = by_instance.get(inst.stem, {}) if inst.named else info
        figures, warning = _checked(inst, scenario, columns, *_file_of(inst, scenario, own))
        block["reference"][inst.tech.name] = figures.pop("reference")
        if warning:
            warnings.append(warning)
        if inst.named:
            head = f"{inst.tech.name}_"
            model = {k.removeprefix(head): v for k, v in own.items()}
            block.setdefault("instances", {})[inst.stem] = {**figures, **model}
            continue
        note = figures.pop("not_checked", None)
        if note:
            block.setdefault("not_checked", {})[inst.stem] = note
        block.update({f"{inst.stem}_{k}": v for k, v in figures.items()})
    block.update({k: v for k, v in info.items() if k not in ("calibration", "instances")})
    block["calibration"] = info.get("calibration")
    return block, warnings
