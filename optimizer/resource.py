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

NATIONAL_REFERENCE = {
    "wind_full_load_hours": 2259.0,
    "pv_full_load_hours": 1300.0,
    "year": 2022,
    "wind_source": "national fleet average 2022 (China Wind Energy Association, via IEA Wind "
    "TCP 'Wind Energy in China - 2022'; 2,246 h in 2021, NEA)",
    "pv_source": "national fleet average, about 1,300 h in 2023 (press, unverified; NEA "
    "official 907 h for January-August 2023)",
}
"""The reference when a scenario gives none (China's national fleet averages)."""


def full_load_hours(kw_per_kw: np.ndarray) -> float:
    """Annual full-load hours of an hourly output per unit of capacity [h/year]."""
    values = np.asarray(kw_per_kw, dtype=float)
    return float(values.sum()) * HOURS_PER_YEAR / len(values)


def _reference(spec) -> dict:
    """The reference in force: the scenario's figures where given, else the national ones."""
    ref = dict(NATIONAL_REFERENCE)
    if spec.wind_reference_full_load_hours is not None:
        ref["wind_full_load_hours"] = spec.wind_reference_full_load_hours
    if spec.pv_reference_full_load_hours is not None:
        ref["pv_full_load_hours"] = spec.pv_reference_full_load_hours
    given = spec.wind_reference_full_load_hours, spec.pv_reference_full_load_hours
    source = spec.reference_source or "given in the scenario (no source stated)"
    for kind, value in zip(("wind", "pv"), given, strict=True):
        if value is not None:
            ref[f"{kind}_source"] = source
            ref["year"] = spec.reference_year
    return ref


def resource_block(scenario, columns: dict, info: dict, source: str) -> tuple[dict, list[str]]:
    """summary.json's ``resource`` block and the warnings, from the full-year output per
    unit of each generator (``columns``, keyed by resource column) and the models' ``info``.
    ``source`` names the weather (or profile) file in warnings."""
    spec = scenario.resource
    ref = _reference(spec)
    block: dict = {"reference": ref, "warn_margin_fraction": spec.warn_margin_fraction}
    warnings = []
    for name, column in (("wind", "wind_kw_per_kw"), ("pv", "pv_kw_per_kw_dc")):
        if getattr(scenario.technologies, name) is None:
            continue
        hours = full_load_hours(columns[column])
        block[f"{name}_full_load_hours"] = hours
        reference = ref[f"{name}_full_load_hours"]
        ratio = hours / reference if reference else float("nan")
        block[f"{name}_to_reference"] = ratio
        if reference and abs(ratio - 1) > spec.warn_margin_fraction:
            warnings.append(
                f"{source}: modelled {name} full-load hours {hours:,.0f} h/year are "
                f"{ratio:.2f} x the reference {reference:,.0f} h/year ({ref[f'{name}_source']}); "
                f"more than {spec.warn_margin_fraction:.0%} apart: check the resource"
                + (
                    " (calibrate technologies.wind.calibration to a wind atlas or mast, or "
                    "give hub-height data in technologies.wind.wind_data)"
                    if name == "wind"
                    else ""
                )
            )
    block.update({k: v for k, v in info.items() if k != "calibration"})
    block["calibration"] = info.get("calibration")
    return block, warnings
