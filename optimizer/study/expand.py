"""Expansion: a study file's sites, grid, samples and variants into validated, hashed,
ordered runs (all problems at once, before the first solve)."""

from __future__ import annotations

import copy
import itertools
from dataclasses import replace
from typing import Any

import numpy as np
from scipy.stats import qmc

from parkopt.optimizer.common.errors import Problem, ScenarioError
from parkopt.optimizer.schema.scenario import Scenario, scenario_from_dict
from parkopt.optimizer.schema.scenario_files import missing_files
from parkopt.optimizer.schema.technologies import CAPACITIES, TECH_OF_CAPACITY
from parkopt.optimizer.study.keys import run_hash, structure_key
from parkopt.optimizer.study.sizes import FULL_YEAR_H, Estimate, Size, count_runs, estimate, size
from parkopt.optimizer.study.spec import Run, Samples, StudySpec, dotted_paths

# --- dotted paths ----------------------------------------------------------------------------


def _instance(items: list, name: str, dotted: str, source: str) -> dict:
    """The item of a list of named instances (``technologies.pv: [{name: roof_east, ...}]``)
    that a dotted path names by its ``name`` (``technologies.pv.roof_east.max_kw``)."""
    for item in items:
        if isinstance(item, dict) and item.get("name") == name:
            return item
    names = ", ".join(str(i.get("name")) for i in items if isinstance(i, dict))
    raise ScenarioError([Problem(source, dotted, name, f"an instance name: one of {names}")])


def _item(items: list, part: str, dotted: str, source: str):
    """A list's item named by a dotted path's part: its position (``pathway.periods.3``) or,
    in a list of named instances, its name."""
    if part.isdigit() and int(part) < len(items):
        return items[int(part)]
    return _instance(items, part, dotted, source)


def set_path(data: dict, dotted: str, value: Any, source: str = "<study>") -> None:
    """Set ``data["a"]["b"]["c"] = value`` for ``"a.b.c"``, creating sections on the way; a
    part after a list is an item's position (``pathway.periods.3.carbon.tco2_per_tce``) or a
    named instance's name (``instances.py``)."""
    parts = dotted.split(".")
    node = data
    for part in parts[:-1]:
        if isinstance(node, list):
            node = _item(node, part, dotted, source)
            continue
        if not isinstance(node.get(part), dict | list):
            node[part] = {}
        node = node[part]
    last = parts[-1]
    if isinstance(node, list):
        if not (last.isdigit() and int(last) < len(node)):
            raise ScenarioError([Problem(source, dotted, value, "a field of a named instance")])
        node[int(last)] = value
    else:
        node[last] = value


def apply_overrides(data: dict, overrides: dict[str, Any], source: str = "<study>") -> dict:
    """A copy of ``data`` with overrides given as dotted paths or nested sections (a list of
    named instances takes a mapping by instance name)."""
    out = copy.deepcopy(data)
    for key, value in overrides.items():
        current = out.get(key)
        if isinstance(value, dict) and isinstance(current, dict):
            out[key] = apply_overrides(current, value, source)
        elif isinstance(value, dict) and isinstance(current, list):
            for name, part in value.items():
                item = _instance(current, name, f"{key}.{name}", source)
                item.update(apply_overrides(item, part, source) if isinstance(part, dict) else {})
        else:
            set_path(out, key, copy.deepcopy(value), source)
    return out


def check_size(spec: StudySpec, base: dict) -> tuple[Size, Estimate]:
    """The study's run count and what it costs (``sizes``), counted before anything is
    expanded; ScenarioError (one line: the count, its factors, the estimate) above
    ``spec.max_runs``."""
    found = count_runs(spec)
    common = apply_overrides(base, spec.overrides)
    n_days = spec.typical_days or (common.get("solver") or {}).get("typical_days")
    hours = common.get("horizon_hours", FULL_YEAR_H)
    cost = estimate(
        found.runs, hours if isinstance(hours, int) else FULL_YEAR_H, n_days, spec.kept(found.runs)
    )
    if found.runs > spec.max_runs:
        expected = (
            f"at most max_runs = {spec.max_runs:,}; these would take {cost.text()} "
            f"(keep {spec.kept(found.runs)}) and {size(cost.memory_b)} of memory to expand: "
            "narrow the study, or raise max_runs in the study file (or --max-runs)"
        )
        raise ScenarioError(
            [Problem(spec.source, f"runs ({found.breakdown()})", found.runs, expected)]
        )
    return found, cost


def _lhs(samples: Samples) -> list[dict[str, float]]:
    names = list(samples.ranges)
    unit = qmc.LatinHypercube(d=len(names), seed=samples.seed).random(samples.n)
    lows = np.array([samples.ranges[n][0] for n in names])
    highs = np.array([samples.ranges[n][1] for n in names])
    values = qmc.scale(unit, lows, highs) if len(names) else unit
    return [dict(zip(names, map(float, row), strict=True)) for row in values]


def _label(value: Any) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def _points(spec: StudySpec):
    """Every run's overrides in the order of expansion (sites, then grid, samples and
    variants): the site's, the variant's, the grid point's and sample's values, and what
    the run varies."""
    sites = [(s.name, {"weather.path": s.weather_path, **s.overrides}) for s in spec.sites] or [
        (None, {})
    ]
    grid_keys = list(spec.grid)
    grid = [
        dict(zip(grid_keys, combo, strict=True)) for combo in itertools.product(*spec.grid.values())
    ]
    samples = _lhs(spec.samples) if spec.samples else [{}]
    variants = list(spec.variants.items()) or [(None, {})]
    for (site, site_over), point, sample, (variant, var_over) in itertools.product(
        sites, grid, samples, variants
    ):
        varied = {**({"site": site} if site else {}), **({"variant": variant} if variant else {})}
        varied.update(point)
        varied.update(sample)
        yield site_over, var_over, {**point, **sample}, varied


def expansion(spec: StudySpec) -> list[dict]:
    """What every run varies, in the order of expansion: the runs as the study's messages
    number them (``shared_problems``); duplicates included."""
    return [varied for *_, varied in _points(spec)]


def expand(spec: StudySpec, base: dict) -> list[Run]:
    """Every run of the study, validated (all problems at once), hashed and ordered so that
    runs sharing a model structure follow each other in the order of their varied values,
    the loosest limit first (``_order``). A study above its ``max_runs`` is refused first
    (``check_size``)."""
    check_size(spec, base)
    runs, problems, seen, every = [], [], set(), []
    common = apply_overrides(base, spec.overrides, spec.source)
    set_here = study_paths(spec)
    for i, (site_over, var_over, values, varied) in enumerate(_points(spec)):
        data = apply_overrides(common, site_over, spec.source)
        data = apply_overrides(data, var_over, spec.source)
        for key, value in values.items():
            set_path(data, key, value, spec.source)
        if spec.typical_days is not None:  # the study's N wins over the scenarios'
            set_path(data, "solver.typical_days", spec.typical_days)
        label = ", ".join(f"{k}={_label(v)}" for k, v in varied.items()) or "base"
        every.append(varied)
        data.setdefault("park", {})
        source = f"{spec.source} [run {label}]"
        try:
            scenario = scenario_from_dict(data, source=source)
            found = _file_problems(scenario) + _typical_days_problems(spec, scenario)
            found += _capacity_problems(spec, scenario)
        except ScenarioError as err:
            scenario, found = None, err.problems
        problems += [(_in_study(p, source, spec, set_here), i) for p in found]
        if scenario is None:
            continue
        h = run_hash(scenario, spec.mode, spec.strategy, spec.capacities)
        if h in seen:
            continue
        seen.add(h)
        how = (spec.mode, spec.strategy, dict(spec.capacities))
        runs.append(Run(label, varied, scenario, *how, h, structure_key(scenario)))
    if problems:
        raise ScenarioError(shared_problems(problems, every))
    if not runs:
        raise ScenarioError(
            [Problem(spec.source, "grid", None, "at least one run (is a list empty?)")]
        )
    return sorted(runs, key=_order)


def study_paths(spec: StudySpec) -> list[tuple[str, ...]]:
    """Every scenario path the study file sets (overrides, sites, grid, samples, variants,
    typical_days), as tuples of parts: a run's problem there is the study's, elsewhere the
    base scenario's."""
    paths = dotted_paths(spec.overrides) + list(spec.grid)
    paths += list(spec.samples.ranges) if spec.samples else []
    for site in spec.sites:
        paths += ["weather.path", *dotted_paths(site.overrides)]
    for over in spec.variants.values():
        paths += dotted_paths(over)
    if spec.typical_days is not None:
        paths.append("solver.typical_days")
    return [tuple(p.split(".")) for p in paths]


def _in_study(
    problem: Problem, run_source: str, spec: StudySpec, set_here: list[tuple[str, ...]]
) -> Problem:
    """A run's problem as the file that holds the field (the runs it hits are named once,
    after): the study's if the study sets the field (or a section around or inside it), else
    the base scenario file's, named with the study that points at it."""
    if problem.file != run_source:
        return problem
    field = tuple(problem.field.split("."))
    ours = any(field[: len(p)] == p or p[: len(field)] == field for p in set_here)
    if ours or not isinstance(spec.base, str):
        return replace(problem, file=spec.source)
    return replace(problem, file=f"{spec.base_path()} (the base of {spec.source})")


def shared_problems(problems: list[tuple[Problem, int]], varied: list[dict]) -> list[Problem]:
    """Each problem once, naming the runs it hits (``problems``: each with the number of a
    run, counted from 0 in the order of expansion; ``varied``: every run's varied values):
    one typo in a 40-run study is one line, not 40."""
    hits: dict[str, tuple[Problem, list[int]]] = {}
    for problem, i in problems:
        hits.setdefault(str(problem), (problem, []))[1].append(i)
    return [
        replace(p, expected=f"{p.expected} ({_which_runs(sorted(set(ii)), varied)})")
        for p, ii in hits.values()
    ]


def _which_runs(hit: list[int], varied: list[dict]) -> str:
    """``all 40 runs``, ``run k=v``, or ``runs 3-4 of 4, all with k=v`` (numbered from 1 in
    the order of expansion: sites, then grid, samples and variants)."""
    total = len(varied)
    if len(hit) == total:
        return f"all {total} runs" if total > 1 else "the run"
    if len(hit) == 1:
        label = ", ".join(f"{k}={_label(v)}" for k, v in varied[hit[0]].items())
        return f"run {hit[0] + 1} of {total}: {label}"
    first = varied[hit[0]]
    common = {k: v for k, v in first.items() if all(varied[i].get(k) == v for i in hit)}
    ranges, start = [], hit[0]
    for a, b in itertools.pairwise([*hit, None]):
        if b is None or b != a + 1:
            ranges.append(f"{start + 1}-{a + 1}" if a > start else f"{start + 1}")
            start = b
    text = f"runs {', '.join(ranges)} of {total}"
    if common:
        text += ", all with " + ", ".join(f"{k}={_label(v)}" for k, v in common.items())
    return text


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


def _capacity_problems(spec: StudySpec, scenario: Scenario) -> list[Problem]:
    """Capacities to simulate of a technology the run's scenario does not have."""
    out = []
    for c in CAPACITIES:
        value = spec.capacities.get(c.key, 0.0)
        name = TECH_OF_CAPACITY[c.key].name
        if value > 0 and getattr(scenario.technologies, name, None) is None:
            expected = f"0 {c.unit}, or technologies.{name} in the scenario (it has none)"
            out.append(Problem(spec.source, f"capacities.{c.key}", value, expected))
    return out


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
