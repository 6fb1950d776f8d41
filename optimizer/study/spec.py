"""Study files: the schema (sites, grid, samples, variants), loading, and a run's record."""

from __future__ import annotations

import copy
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import ConfigDict, Field, ValidationError, model_validator

from parkopt.optimizer.errors import Problem, ScenarioError
from parkopt.optimizer.fields import F, Spec, problems_from_validation
from parkopt.optimizer.scenario import Scenario
from parkopt.optimizer.scenario_files import resolve_paths


class Site(Spec):
    name: str = F(unit="-", doc="Site name (a row of the siting table).")
    weather_path: str = F(unit="path", doc="EPW or TMY3 file of the site, relative to the study.")
    overrides: dict[str, Any] = F(
        {}, unit="-", doc="Scenario values for this site, as dotted paths or nested sections."
    )


class Samples(Spec):
    n: int = F(unit="-", doc="Number of Latin-hypercube draws.", ge=1)
    seed: int = F(0, unit="-", doc="Random seed (the same seed gives the same draws).")
    ranges: dict[str, tuple[float, float]] = F(
        unit="-", doc="[low, high] of each sampled input, by dotted path."
    )

    @model_validator(mode="after")
    def _low_below_high(self):
        bad = [k for k, (lo, hi) in self.ranges.items() if not lo < hi]
        if bad:
            raise ValueError(f"low must be below high in ranges of {', '.join(bad)}")
        return self


KEEP_ALL_MAX_RUNS = 1000
"""``keep: auto`` keeps whole run folders up to this many runs, summary.json only beyond."""


class StudySpec(Spec):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = F(unit="-", doc="Study name; names the study folder.", min_length=1)
    base: str | dict[str, Any] = F(unit="-", doc="Base scenario: a path or an inline scenario.")
    mode: Literal["plan", "simulate"] = F("plan", unit="-", doc="Plan (size) or simulate.")
    strategy: Literal["optimal", "self_consumption"] = F(
        "optimal", unit="-", doc="Simulation strategy (mode simulate)."
    )
    capacities: dict[str, float] = F(
        {}, unit="kW, kWh", doc="Capacities to simulate (mode simulate): pv_kw, wind_kw, ..."
    )
    overrides: dict[str, Any] = F(
        {}, unit="-", doc="Values set in every run, as dotted paths or nested sections."
    )
    sites: list[Site] = F([], unit="-", doc="Sites of a siting study.")
    grid: dict[str, list[Any]] = F({}, unit="-", doc="Values of each input by dotted path.")
    samples: Samples | None = F(None, unit="-", doc="Latin-hypercube sampling of inputs.")
    variants: dict[str, dict[str, Any]] = F(
        {}, unit="-", doc="Named partial scenarios (configurations compared side by side)."
    )
    fast_resolve: bool = F(
        True, unit="-", doc="Keep a built model per worker and re-solve warm where possible."
    )
    typical_days: int | None = F(
        None,
        unit="days",
        doc="Screen every run on this many typical days (sets `solver.typical_days` of each "
        "run; `parkopt study --typical-days N` overrides).",
        ge=1,
    )
    refine_best: int = F(
        0,
        unit="-",
        doc="After a typical-day pass, re-solve this many best runs (lowest "
        "`cost.total_annual` of the optimal ones) on every day; the table gains their "
        "`full_year.*` figures.",
        ge=0,
    )
    keep: Literal["auto", "all", "summary"] = F(
        "auto",
        unit="-",
        doc="What a run folder keeps: `all` (time series, monthly, capacities, scenario, "
        "summary; about 250 kB a run on a full year), `summary` (summary.json only, about "
        "35 kB) or `auto` (`all` up to 1,000 runs, `summary` beyond).",
    )
    source: str = Field("<memory>", exclude=True)

    def kept(self, n_runs: int) -> str:
        """``all`` or ``summary``: what each of ``n_runs`` run folders keeps."""
        if self.keep != "auto":
            return self.keep
        return "all" if n_runs <= KEEP_ALL_MAX_RUNS else "summary"


@dataclass(frozen=True)
class Run:
    """One run of a study: a resolved scenario and what was varied to get it."""

    name: str
    varied: dict[str, Any]
    scenario: Scenario
    mode: str
    strategy: str
    capacities: dict[str, float]
    hash: str = ""
    structure: str = ""

    def task(self) -> dict:
        """What a worker needs (plain data: it crosses process and network boundaries)."""
        return {
            "name": self.name,
            "hash": self.hash,
            "structure": self.structure,
            "varied": self.varied,
            "scenario": self.scenario.model_dump(mode="json"),
            "mode": self.mode,
            "strategy": self.strategy,
            "capacities": self.capacities,
        }


def with_options(spec: StudySpec, **options: Any) -> StudySpec:
    """``spec`` with the command line's settings (``None``: not given) in place of the file's;
    a bad value is a ScenarioError naming the option (``--typical-days``)."""
    given = {k: v for k, v in options.items() if v is not None}
    if not given:
        return spec
    try:
        return StudySpec.model_validate({**spec.model_dump(), **given, "source": spec.source})
    except ValidationError as err:
        problems = problems_from_validation(err, "command line", StudySpec)
        flags = [replace(p, field="--" + p.field.replace("_", "-")) for p in problems]
        raise ScenarioError(flags) from None


def _read_yaml_mapping(path: Path, what: str) -> dict:
    """A YAML file's top-level mapping; ScenarioError (one line) for bad YAML or no mapping."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark else "(file)"
        raise ScenarioError([Problem(str(path), where, None, f"valid YAML ({err})")]) from None
    if not isinstance(data, dict):
        raise ScenarioError(
            [Problem(str(path), "(top level)", type(data).__name__, f"{what} as a YAML mapping")]
        )
    return data


def load_study(path: str | Path) -> tuple[StudySpec, dict]:
    """Read a study file; return it and its base scenario as a dict with absolute paths."""
    path = Path(path)
    if not path.is_file():
        raise ScenarioError(
            [Problem(str(path), "(file)", str(path), "an existing study YAML file")]
        )
    raw = _read_yaml_mapping(path, "a study")
    try:
        spec = StudySpec.model_validate({**raw, "source": str(path)})
    except ValidationError as err:
        problems = problems_from_validation(err, str(path), StudySpec)
        raise ScenarioError(problems) from None
    folder = path.parent.resolve()
    if isinstance(spec.base, str):
        base_path = (folder / spec.base).resolve()
        if not base_path.is_file():
            raise ScenarioError(
                [Problem(str(path), "base", spec.base, "an existing scenario file")]
            )
        base = resolve_paths(_read_yaml_mapping(base_path, "a scenario"), base_path.parent)
    else:
        base = resolve_paths(copy.deepcopy(spec.base), folder)
    sites = [
        site.model_copy(update={"weather_path": str((folder / site.weather_path).resolve())})
        for site in spec.sites
    ]
    return spec.model_copy(update={"sites": sites}), base
