"""Expansion: a study file's sites, grid, samples and variants into validated, hashed,
ordered runs (all problems at once, before the first solve)."""

from __future__ import annotations

import copy
import itertools
from typing import Any

import numpy as np
from scipy.stats import qmc

from parkopt.optimizer.errors import Problem, ScenarioError
from parkopt.optimizer.scenario import Scenario, scenario_from_dict
from parkopt.optimizer.scenario_files import missing_files
from parkopt.optimizer.study.keys import run_hash, structure_key
from parkopt.optimizer.study.spec import Run, Samples, StudySpec

# --- dotted paths ----------------------------------------------------------------------------


def set_path(data: dict, dotted: str, value: Any) -> None:
    """Set ``data["a"]["b"]["c"] = value`` for ``"a.b.c"``, creating sections on the way."""
    parts = dotted.split(".")
    node = data
    for part in parts[:-1]:
        if not isinstance(node.get(part), dict):
            node[part] = {}
        node = node[part]
    node[parts[-1]] = value


def apply_overrides(data: dict, overrides: dict[str, Any]) -> dict:
    """A copy of ``data`` with overrides given as dotted paths or nested sections."""
    out = copy.deepcopy(data)
    for key, value in overrides.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = apply_overrides(out[key], value)
        else:
            set_path(out, key, copy.deepcopy(value))
    return out


def _lhs(samples: Samples) -> list[dict[str, float]]:
    names = list(samples.ranges)
    unit = qmc.LatinHypercube(d=len(names), seed=samples.seed).random(samples.n)
    lows = np.array([samples.ranges[n][0] for n in names])
    highs = np.array([samples.ranges[n][1] for n in names])
    values = qmc.scale(unit, lows, highs) if len(names) else unit
    return [dict(zip(names, map(float, row), strict=True)) for row in values]


def _label(value: Any) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def expand(spec: StudySpec, base: dict) -> list[Run]:
    """Every run of the study, validated (all problems at once), hashed and ordered so that
    runs sharing a model structure follow each other in the order of their varied values,
    the loosest limit first (``_order``)."""
    sites = [(s.name, {"weather.path": s.weather_path, **s.overrides}) for s in spec.sites] or [
        (None, {})
    ]
    grid_keys = list(spec.grid)
    grid = [
        dict(zip(grid_keys, combo, strict=True)) for combo in itertools.product(*spec.grid.values())
    ]
    samples = _lhs(spec.samples) if spec.samples else [{}]
    variants = list(spec.variants.items()) or [(None, {})]
    runs, problems, seen = [], [], set()
    common = apply_overrides(base, spec.overrides)
    for (site, site_over), point, sample, (variant, var_over) in itertools.product(
        sites, grid, samples, variants
    ):
        data = apply_overrides(common, site_over)
        data = apply_overrides(data, var_over)
        for key, value in {**point, **sample}.items():
            set_path(data, key, value)
        if spec.typical_days is not None:  # the study's N wins over the scenarios'
            set_path(data, "solver.typical_days", spec.typical_days)
        varied = {**({"site": site} if site else {}), **({"variant": variant} if variant else {})}
        varied.update(point)
        varied.update(sample)
        label = ", ".join(f"{k}={_label(v)}" for k, v in varied.items()) or "base"
        data.setdefault("park", {})
        try:
            scenario = scenario_from_dict(data, source=f"{spec.source} [run {label}]")
        except ScenarioError as err:
            problems += err.problems
            continue
        problems += _file_problems(scenario) + _typical_days_problems(spec, scenario)
        h = run_hash(scenario, spec.mode, spec.strategy, spec.capacities)
        if h in seen:
            continue
        seen.add(h)
        runs.append(
            Run(
                label,
                varied,
                scenario,
                spec.mode,
                spec.strategy,
                dict(spec.capacities),
                h,
                structure_key(scenario),
            )
        )
    if not runs and not problems:
        problems.append(Problem(spec.source, "grid", None, "at least one run (is a list empty?)"))
    if problems:
        raise ScenarioError(list({str(p): p for p in problems}.values()))  # shared: one line
    return sorted(runs, key=_order)


def _typical_days_problems(spec: StudySpec, scenario: Scenario) -> list[Problem]:
    """A typical-day count the run's horizon cannot hold (whole days, 1 <= N <= days)."""
    n = scenario.solver.typical_days
    if n is None:
        return []
    days, rest = divmod(scenario.horizon_hours, 24)
    if not rest and 1 <= n <= days:
        return []
    field = "typical_days" if spec.typical_days is not None else "solver.typical_days"
    if rest:
        expected = f"a horizon of whole days for typical days ({scenario.horizon_hours} h)"
    else:
        expected = f"a whole number of typical days from 1 to {days} (the days of the horizon)"
    return [Problem(spec.source, field, n, expected)]


def _file_problems(scenario: Scenario) -> list[Problem]:
    """Files a run names that do not exist (cheap checks before the first solve)."""
    data = scenario.model_dump(mode="json")
    return missing_files(data, scenario.source, skip=("pvlib:", "<"))


LOOSER_WHEN_LARGER = frozenset({"carbon.cap_t", "carbon.tco2_per_tce"})
"""Limits that a larger value loosens; a sweep over them runs from the largest down."""


def _order(run: Run):
    """Runs of one structure by their varied values, loosest limit first: the loose end of
    a sweep is the cheaper cold solve (the 20-cap sweep: 12.2 s at 31,000 tCO2 against
    21.5 s at 26,250 tCO2), and each warm re-solve then tightens a little."""

    def sortable(key, v):
        if isinstance(v, int | float):
            return (0, -float(v) if key in LOOSER_WHEN_LARGER else float(v), "")
        return (1, 0.0, str(v))

    return (run.structure, [sortable(k, v) for k, v in run.varied.items()])
