"""Study files: the schema (sites, grid, samples, variants), loading, and a run's record."""

from __future__ import annotations

import copy
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Literal

from pydantic import ConfigDict, Field, ValidationError, model_validator

from parkopt.optimizer.common.errors import Problem, ScenarioError
from parkopt.optimizer.common.text_files import read_yaml
from parkopt.optimizer.schema.fields import F, Spec, problems_from_validation
from parkopt.optimizer.schema.instances import parse_key
from parkopt.optimizer.schema.scenario import Scenario
from parkopt.optimizer.schema.scenario_files import resolve_paths
from parkopt.optimizer.schema.technologies import CAPACITY_KEYS
from parkopt.optimizer.study.sizes import DEFAULT_MAX_RUNS


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
        "summary; about 550 kB a run on a full year), `summary` (summary.json only, about "
        "37 kB) or `auto` (`all` up to 1,000 runs, `summary` beyond).",
    )
    max_runs: int = F(
        DEFAULT_MAX_RUNS,
        unit="runs",
        doc="Most runs the study may expand to (sites × grid × samples.n × variants); a "
        "larger one is refused, with its count and an estimate of its time, disk and "
        "memory, before anything is expanded (`parkopt study --max-runs N` overrides).",
        ge=1,
    )
    source: str = Field("<memory>", exclude=True)

    @model_validator(mode="after")
    def _varied_in_one_place(self):
        """A scenario path varied by two of sites, grid, samples, variants and typical_days
        (or one inside a section another sets): the later would silently win."""
        setters = [
            (f"sites.{i + 1}", dotted_paths(s.overrides) + ["weather.path"])
            for i, s in enumerate(self.sites)
        ]
        setters += [(f"grid.{k}", [k]) for k in self.grid]
        setters += [
            (f"samples.ranges.{k}", [k]) for k in (self.samples.ranges if self.samples else {})
        ]
        setters += [
            (f"variants.{name}", dotted_paths(over)) for name, over in self.variants.items()
        ]
        if self.typical_days is not None:
            setters.append(("typical_days", ["solver.typical_days"]))
        for i, (where, paths) in enumerate(setters):
            for other, theirs in setters[i + 1 :]:
                if where.partition(".")[0] == other.partition(".")[0]:  # sites, grid, ...
                    continue
                both = next((p for p in paths for q in theirs if _nested(p, q)), None)
                if both is not None:
                    raise ValueError(
                        f"{other} = {both!r}: expected a scenario path varied in one place "
                        f"({where} sets it too; the later would silently win)"
                    )
        return self

    @model_validator(mode="after")
    def _capacity_keys(self):
        simulated = [f for f in ("capacities", "strategy") if f in self.model_fields_set]
        if self.mode == "plan" and simulated:
            raise ValueError(
                f"mode = 'plan': expected 'simulate' where the study gives "
                f"{' and '.join(simulated)} (a plan sizes the capacities itself and would "
                "ignore them)"
            )
        unknown = [k for k in self.capacities if k not in CAPACITY_KEYS and not parse_key(k)]
        if unknown:
            raise ValueError(
                f"capacities.{unknown[0]} = {self.capacities[unknown[0]]!r}: expected a "
                f"capacity key: one of {', '.join(CAPACITY_KEYS)}, or a named instance's "
                "(pv_<name>_kw, battery_<name>_kw, battery_<name>_kwh...)"
            )
        return self

    @model_validator(mode="after")
    def _sites_named_once(self):
        names = [site.name for site in self.sites]
        twice = next((n for n in names if names.count(n) > 1), None)
        if twice is not None:
            at = ", ".join(str(i + 1) for i, n in enumerate(names) if n == twice)
            raise ValueError(
                f"sites.name = {twice!r}: expected each site its own name (sites {at} share it; "
                "their rows and run folders would clash)"
            )
        return self

    def base_path(self) -> Path | None:
        """The base scenario file (None: inline), as the study names it, from its folder."""
        if not isinstance(self.base, str):
            return None
        return Path(self.source).parent / self.base

    def kept(self, n_runs: int) -> str:
        """``all`` or ``summary``: what each of ``n_runs`` run folders keeps."""
        if self.keep != "auto":
            return self.keep
        return "all" if n_runs <= KEEP_ALL_MAX_RUNS else "summary"


def dotted_paths(values: dict[str, Any], prefix: str = "") -> list[str]:
    """The dotted paths a section of values sets (``{"a": {"b": 1}}`` -> ``a.b``)."""
    out = []
    for key, value in values.items():
        path = f"{prefix}{key}"
        out += dotted_paths(value, f"{path}.") if isinstance(value, dict) and value else [path]
    return out


def _nested(a: str, b: str) -> bool:
    """``a`` and ``b`` are one path, or one is a section holding the other."""
    pa, pb = a.split("."), b.split(".")
    return pa[: len(pb)] == pb or pb[: len(pa)] == pa


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
        given = {**spec.model_dump(exclude_unset=True), **given, "source": spec.source}
        return StudySpec.model_validate(given)  # unset stays unset: rules read fields_set
    except ValidationError as err:
        problems = problems_from_validation(err, "command line", StudySpec)
        flags = [replace(p, field="--" + p.field.replace("_", "-")) for p in problems]
        raise ScenarioError(flags) from None


def _read_yaml_mapping(path: Path, what: str) -> dict:
    """A YAML file's top-level mapping; ScenarioError (one line) for bad YAML or no mapping."""
    data = read_yaml(path, f"{what} YAML file") or {}
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
    if "base" not in raw and {"park", "technologies", "load"} & set(raw):
        expected = (
            f"a study file (with base:); this is a scenario: plan it with `parkopt run {path}`, "
            "or name it as a study's base"
        )
        raise ScenarioError([Problem(str(path), "base", None, expected)])
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
