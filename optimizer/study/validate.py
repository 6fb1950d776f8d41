"""``parkopt validate STUDY.yaml``: a study file and every run it expands to checked without
solving, every problem at once; and telling a study file from a scenario file by content."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from parkopt.optimizer.common.errors import Problem, ScenarioError
from parkopt.optimizer.inputs.checks import check_plausibility
from parkopt.optimizer.inputs.prepare import prepare
from parkopt.optimizer.schema.scenario import Scenario
from parkopt.optimizer.study.expand import (
    _in_study,
    _label,
    check_size,
    expand,
    expansion,
    shared_problems,
    study_paths,
)
from parkopt.optimizer.study.refine import check_refine
from parkopt.optimizer.study.sizes import Estimate, Size
from parkopt.optimizer.study.spec import StudySpec, load_study, with_options

_STUDY_ONLY = frozenset(StudySpec.model_fields) - frozenset(Scenario.model_fields)
_SCENARIO_ONLY = frozenset(Scenario.model_fields) - frozenset(StudySpec.model_fields)


def is_study_file(path: str | Path) -> bool:
    """Whether the YAML file ``path`` holds a study rather than a scenario: more top-level
    keys only a study has (``base``, ``samples``, ``variants``, ...) than keys only a
    scenario has (``park``, ``load``, ...), or a ``grid`` of value lists (a scenario's
    ``grid`` is its connection). A file that cannot be read is a scenario's (its reader
    says why)."""
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return False
    if not isinstance(data, dict):
        return False
    keys = set(data)
    study, scenario = len(keys & _STUDY_ONLY), len(keys & _SCENARIO_ONLY)
    if study != scenario:
        return study > scenario
    grid = data.get("grid")
    return isinstance(grid, dict) and bool(grid) and all(isinstance(v, list) for v in grid.values())


@dataclass(frozen=True)
class StudyCheck:
    """A study that passed: its runs (distinct, and as expanded), its structures (inputs
    prepared once each) and what it would cost."""

    spec: StudySpec
    runs: int
    expanded: int
    structures: int
    size: Size
    cost: Estimate


def validate_study(path: str | Path, **options) -> StudyCheck:
    """Check the study in ``path`` and every run it expands to, without solving; return
    what it holds. ScenarioError lists every problem, each once with the runs it hits: the
    study file's fields, its size against ``max_runs`` (before anything is expanded), each
    run's scenario and the files it names, and the data of those files (profiles, prices,
    weather: prepared once per model structure, limits checked per run, as a study does).
    ``options``: the command line's settings (``max_runs``, ``typical_days``, ...)."""
    spec, base = load_study(path)
    spec = with_options(spec, **options)
    size, cost = check_size(spec, base)
    runs = expand(spec, base)
    check_refine(spec, runs)
    varied = expansion(spec)
    order = {_key(v): i for i, v in reversed(list(enumerate(varied)))}
    set_here = study_paths(spec)
    problems: list[tuple[Problem, int]] = []
    prepared, failed = {}, {}
    for run in runs:
        found: list[Problem] = []
        if run.structure in failed:  # its inputs' problems hit every run of the structure
            found = failed[run.structure]
        elif run.structure in prepared:  # limits are not in the structure: checked per run
            check_plausibility(run.scenario, prepared[run.structure].hourly, found)
        else:
            try:
                prepared[run.structure] = prepare(run.scenario)
            except ScenarioError as err:
                found = failed[run.structure] = err.problems
        i = order[_key(run.varied)]
        problems += [(_in_study(p, run.scenario.source, spec, set_here), i) for p in found]
    if problems:
        raise ScenarioError(shared_problems(problems, varied))
    return StudyCheck(spec, len(runs), size.runs, len(prepared) + len(failed), size, cost)


def _key(varied: dict) -> tuple:
    return tuple((k, _label(v)) for k, v in varied.items())
