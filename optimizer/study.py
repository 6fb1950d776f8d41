"""Studies: many runs of one base scenario (siting, grids, samples, variants), on any executor.

A study file names a base scenario and one or more of ``sites``, ``grid`` (a product over
dotted paths), ``samples`` (seeded Latin-hypercube draws) and ``variants`` (named partial
scenarios). ``expand`` turns it into runs, each a fully resolved scenario keyed by a hash
of its content; every run is validated before the first solve. ``run_study`` hands the runs
to an executor (anything with ``submit`` and futures: a process pool, or a
``dask.distributed.Client``), writes each finished run as an ordinary run folder under
``runs/<hash>/`` and rewrites ``study.parquet`` atomically as runs finish, so a study that
is stopped (Ctrl-C, SIGKILL) resumes where it stopped and never runs a finished hash again.

Fast re-solve: runs whose scenarios differ only in LP parameters (costs, capacity limits,
target values, discount rate) share a ``structure_key``; a worker keeps the last model it
built and only updates those parameters, and HiGHS starts from the previous basis. Runs are
ordered so that neighbours follow each other (a cap sweep runs from tight to loose).
"""

from __future__ import annotations

import copy
import hashlib
import itertools
import json
import multiprocessing
import os
import shutil
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures import as_completed as futures_as_completed
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd
import yaml
from pydantic import ConfigDict, Field, ValidationError, model_validator

from optimizer.errors import Problem, ScenarioError
from optimizer.scenario import F, Scenario, _Spec, problems_from_validation, scenario_from_dict

STUDY_FILE = "study.yaml"
TABLE_FILE = "study.parquet"
RUNS_DIR = "runs"
ERROR_FILE = "error.json"
STALE_TEMP_S = 3600  # a temporary run folder older than this is left by a killed run [s]

# Scenario fields that are LP parameters only: runs differing in these alone share a built
# model (``structure_key``) and are re-solved warm.
LP_PARAMETER_FIELDS = {
    "carbon": ("cap_t", "reduction", "renewable_share", "hourly_matched_share"),
    "finance": ("discount_rate",),
    "technologies.pv": (
        "min_kw",
        "max_kw",
        "capex_cny_per_kw",
        "fixed_om_fraction_per_year",
        "life_years",
    ),
    "technologies.wind": (
        "min_kw",
        "max_kw",
        "capex_cny_per_kw",
        "fixed_om_fraction_per_year",
        "life_years",
    ),
    "technologies.battery": (
        "power_capex_cny_per_kw",
        "energy_capex_cny_per_kwh",
        "fixed_om_fraction_per_year",
        "life_years",
        "max_kw",
        "max_kwh",
    ),
    "green_purchase": ("premium_cny_per_mwh", "max_mwh_per_year"),
}


class Site(_Spec):
    name: str = F(unit="-", doc="Site name (a row of the siting table).")
    weather_path: str = F(unit="path", doc="EPW or TMY3 file of the site, relative to the study.")
    overrides: dict[str, Any] = F(
        {}, unit="-", doc="Scenario values for this site, as dotted paths or nested sections."
    )


class Samples(_Spec):
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


class StudySpec(_Spec):
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
    source: str = Field("<memory>", exclude=True)


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


# --- keys ------------------------------------------------------------------------------------


def _digest(payload: object) -> str:
    text = json.dumps(payload, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _content(scenario: Scenario) -> dict:
    data = scenario.model_dump(mode="json")
    data.pop("source", None)
    data["park"].pop("name", None)
    return data


def structure_key(scenario: Scenario) -> str:
    """Hash of everything but the LP parameters: equal keys can share one built model."""
    data = _content(scenario)
    for section, names in LP_PARAMETER_FIELDS.items():
        node = data
        for part in section.split("."):
            node = node.get(part) if isinstance(node, dict) else None
        if isinstance(node, dict):
            for name in names:
                node.pop(name, None)
    kind = scenario.carbon.kind
    data["carbon_kinds"] = [kind, scenario.carbon.hourly_matched_share is not None]
    return _digest(data)


def _file_stamps(scenario: Scenario) -> dict[str, list[int]]:
    """Size and modification time of every file a scenario reads [bytes, ns]: an edited
    weather or profile file makes a new run, not a stale reuse."""
    paths = [scenario.weather.path] if scenario.weather else []
    paths += [v.path for _, v in scenario.profiles if v is not None]
    stamps = {}
    for p in paths:
        f = Path(p)
        if f.is_file():
            st = f.stat()
            stamps[p] = [st.st_size, st.st_mtime_ns]
    return stamps


def run_hash(scenario: Scenario, mode: str, strategy: str, capacities: dict) -> str:
    """Hash of a run's content (scenario, the files it reads, mode and, for simulations,
    strategy and sizes)."""
    extra = {"strategy": strategy, "capacities": capacities} if mode == "simulate" else {}
    files = _file_stamps(scenario)
    return _digest({"scenario": _content(scenario), "mode": mode, "files": files, **extra})


# --- loading and expanding -------------------------------------------------------------------


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
    from optimizer.scenario import _resolve_paths

    path = Path(path)
    if not path.is_file():
        raise ScenarioError(
            [Problem(str(path), "(file)", str(path), "an existing study YAML file")]
        )
    raw = _read_yaml_mapping(path, "a study")
    try:
        spec = StudySpec.model_validate({**raw, "source": str(path)})
    except ValidationError as err:
        problems = problems_from_validation(err, str(path))
        raise ScenarioError(problems) from None
    folder = path.parent.resolve()
    if isinstance(spec.base, str):
        base_path = (folder / spec.base).resolve()
        if not base_path.is_file():
            raise ScenarioError(
                [Problem(str(path), "base", spec.base, "an existing scenario file")]
            )
        base = _resolve_paths(_read_yaml_mapping(base_path, "a scenario"), base_path.parent)
    else:
        base = _resolve_paths(copy.deepcopy(spec.base), folder)
    sites = [
        site.model_copy(update={"weather_path": str((folder / site.weather_path).resolve())})
        for site in spec.sites
    ]
    return spec.model_copy(update={"sites": sites}), base


def _lhs(samples: Samples) -> list[dict[str, float]]:
    from scipy.stats import qmc

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
    runs sharing a model structure follow each other in the order of their varied values."""
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
        problems += _file_problems(scenario)
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
        raise ScenarioError(problems)
    return sorted(runs, key=_order)


def _file_problems(scenario: Scenario) -> list[Problem]:
    """Files a run names that do not exist (cheap checks before the first solve)."""
    out = []
    paths = [("weather.path", scenario.weather.path if scenario.weather else None)]
    paths += [(f"profiles.{k}.path", v.path) for k, v in scenario.profiles if v is not None]
    for where, p in paths:
        if p and not p.startswith(("pvlib:", "<")) and not Path(p).is_file():
            out.append(Problem(scenario.source, where, p, "an existing file"))
    return out


def _order(run: Run):
    def sortable(v):
        return (0, float(v), "") if isinstance(v, int | float) else (1, 0.0, str(v))

    return (run.structure, [sortable(v) for v in run.varied.values()])


# --- one run (in a worker) -------------------------------------------------------------------

_WORKER_CACHE: dict[str, Any] = {}


def _inputs_for(scenario: Scenario, structure: str):
    """Prepared inputs, reusing the hourly frame of the last run of the same structure."""
    from optimizer.prepare import _economics, _plausibility, prepare

    cached = _WORKER_CACHE.get("inputs")
    if cached is not None and cached[0] == structure:
        inputs = cached[1]
        problems: list[Problem] = []
        _plausibility(scenario, inputs.hourly, problems)  # limits are not in the structure
        if problems:
            raise ScenarioError(problems)
        return replace(
            inputs, scenario=scenario, economics=_economics(scenario), timing_s={"inputs": 0.0}
        )
    inputs = prepare(scenario)
    _WORKER_CACHE["inputs"] = (structure, inputs)
    return inputs


_RUN_LOCK = threading.Lock()  # Pyomo and HiGHS are not thread-safe: one run per process


def execute_run(task: dict, runs_dir: str, fast_resolve: bool = True) -> dict:
    """Run one study task and write its folder; never raises for a failed run: the error is
    recorded in ``runs/<hash>/error.json`` and returned in the row.

    Idempotent: a run whose folder is already finished (by an earlier or a concurrent
    attempt, e.g. a task Dask ran again after losing a worker) is read, not run again.
    Threads of one worker process (a Dask worker with several threads) run one at a time.
    """
    target = Path(runs_dir) / task["hash"]
    with _RUN_LOCK:
        if not is_finished(target):
            _execute(task, target, fast_resolve)
    return read_row(target)


def _execute(task: dict, target: Path, fast_resolve: bool) -> None:
    from optimizer.lp import ModelCache
    from optimizer.plan import plan
    from optimizer.results import write_run
    from optimizer.simulate import simulate

    t0 = time.perf_counter()
    try:
        scenario = Scenario.model_validate(task["scenario"])
        inputs = _inputs_for(scenario, task["structure"])
        if task["mode"] == "simulate":
            result = simulate(inputs, task["capacities"], task["strategy"])
        else:
            cache = _WORKER_CACHE.setdefault("model", ModelCache()) if fast_resolve else None
            result = plan(inputs, cache, task["structure"] if fast_resolve else None)
        result.summary["study"] = {
            "name": task["name"],
            "hash": task["hash"],
            "varied": task["varied"],
        }
        write_run(result, target, plots=False)
    except Exception as err:  # noqa: BLE001 - a failed run is data, not a crash of the study
        if is_finished(target):  # another attempt finished it meanwhile
            return
        if fast_resolve:
            _WORKER_CACHE.pop("model", None)
        _write_error(target, task, err, time.perf_counter() - t0)


def _write_error(target: Path, task: dict, err: Exception, seconds: float) -> None:
    doc = {
        "status": "failed",
        "error": f"{type(err).__name__}: {err}".replace("\n", "; "),
        "study": {"name": task["name"], "hash": task["hash"], "varied": task["varied"]},
        "seconds": seconds,
    }
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    (tmp / ERROR_FILE).write_text(json.dumps(doc, indent=2, default=str), encoding="utf-8")
    tmp.chmod(0o755)
    try:
        tmp.rename(target)
    except OSError:  # finished by a concurrent attempt: keep that one
        shutil.rmtree(tmp, ignore_errors=True)


def flatten(doc: dict, prefix: str = "") -> dict[str, Any]:
    """``{"cost": {"total_annual": x}}`` -> ``{"cost.total_annual": x}``."""
    out = {}
    for key, value in doc.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            out.update(flatten(value, f"{name}."))
        elif not isinstance(value, list):
            out[name] = value
    return out


def read_row(run_dir: Path) -> dict:
    """The study-table row of a finished run folder (summary or error)."""
    from optimizer.results import SUMMARY_FILE

    summary = run_dir / SUMMARY_FILE
    doc = json.loads((summary if summary.is_file() else run_dir / ERROR_FILE).read_text())
    study = doc.pop("study", {})
    row = {"run": study.get("hash", run_dir.name), "name": study.get("name")}
    row.update({f"in.{k}": v for k, v in study.get("varied", {}).items()})
    row["status"] = doc.get("status")
    row["error"] = doc.get("error")
    row.update(flatten({k: v for k, v in doc.items() if k not in ("status", "error")}))
    return row


def is_finished(run_dir: Path) -> bool:
    from optimizer.results import SUMMARY_FILE

    return (run_dir / SUMMARY_FILE).is_file() or (run_dir / ERROR_FILE).is_file()


# --- the study loop --------------------------------------------------------------------------


@dataclass
class Progress:
    """Runs done, failed, per minute and time left, printed as runs finish."""

    total: int
    already: int
    echo: Callable[[str], None] | None = print
    done: int = 0
    failed: int = 0
    start: float = field(default_factory=time.perf_counter)

    def update(self, row: dict) -> None:
        self.done += 1
        self.failed += row.get("status") == "failed"
        if self.echo is None:
            return
        minutes = (time.perf_counter() - self.start) / 60
        rate = self.done / minutes if minutes > 0 else 0.0
        left = self.total - self.already - self.done
        eta = f"{left / rate:.1f} min" if rate > 0 else "?"
        width = 30
        filled = int(width * (self.already + self.done) / max(self.total, 1))
        self.echo(
            f"[{'#' * filled}{'.' * (width - filled)}] {self.already + self.done}/{self.total} "
            f"runs, {self.failed} failed, {rate:.1f}/min, {eta} left"
        )


TEXT_COLUMNS = ("run", "name", "status", "error")


def _typed(column: pd.Series) -> pd.Series:
    """One parquet type per column, whether or not some runs failed: booleans stay nullable
    booleans, numbers floats, anything else text; missing values are nulls."""
    values = [None if v is None or (isinstance(v, float) and np.isnan(v)) else v for v in column]
    present = [v for v in values if v is not None]
    if column.name in TEXT_COLUMNS or str(column.name).startswith("in."):
        if present and all(isinstance(v, int | float) and not isinstance(v, bool) for v in present):
            return pd.Series(values, index=column.index, dtype="float64")
        return pd.Series(
            [None if v is None else str(v) for v in values], index=column.index, dtype="string"
        )
    if present and all(isinstance(v, bool | np.bool_) for v in present):
        return pd.Series(values, index=column.index, dtype="boolean")
    if all(isinstance(v, int | float | np.number) and not isinstance(v, bool) for v in present):
        return pd.Series(values, index=column.index, dtype="float64")
    return pd.Series(
        [None if v is None else str(v) for v in values], index=column.index, dtype="string"
    )


def write_table(rows: list[dict], path: Path) -> None:
    """Write study.parquet atomically (a temporary file renamed into place)."""
    frame = pd.DataFrame(rows)
    if not frame.empty:
        frame = frame.sort_values("run").reset_index(drop=True)
        frame = frame.apply(_typed)
    tmp = path.with_name(f".{path.name}.tmp")
    frame.to_parquet(tmp)
    os.replace(tmp, path)


def make_executor(
    workers: int | None = None, dask_local: int | None = None, scheduler: str | None = None
):
    """A process pool (default, ``workers`` processes), a dask LocalCluster client, or a
    client of an existing Dask scheduler. The caller closes it (``close_executor``)."""
    if scheduler or dask_local:
        from distributed import Client, LocalCluster

        if scheduler:
            return Client(scheduler)
        cluster = LocalCluster(
            n_workers=dask_local, threads_per_worker=1, processes=True, dashboard_address=None
        )
        return Client(cluster)
    n = workers or os.cpu_count() or 1
    return ProcessPoolExecutor(max_workers=n, mp_context=multiprocessing.get_context("spawn"))


def close_executor(executor) -> None:
    if hasattr(executor, "cluster"):  # a dask client
        cluster = executor.cluster
        executor.close()
        if cluster is not None:
            cluster.close()
    else:
        executor.shutdown(wait=True, cancel_futures=True)


def _as_completed(executor, futures):
    if type(executor).__module__.startswith("distributed"):
        from distributed import as_completed

        return as_completed(futures)
    return futures_as_completed(futures)


def study_dir_for(spec: StudySpec, root: str | Path = "results") -> Path:
    safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in spec.name)
    return Path(root) / f"study-{safe}"


def run_study(
    path: str | Path,
    out: str | Path | None = None,
    executor=None,
    echo: Callable[[str], None] | None = print,
    retry_failed: bool = False,
) -> Path:
    """Run (or resume) the study in ``path``; return the study folder.

    ``executor`` is anything with ``submit`` and futures; by default a process pool with one
    worker per core. Finished runs (``runs/<hash>/`` holding summary.json or error.json)
    are never run again, failed ones only with ``retry_failed``.
    """
    from optimizer import plots

    spec, base = load_study(path)
    runs = expand(spec, base)
    folder = Path(out) if out is not None else study_dir_for(spec)
    runs_dir = folder / RUNS_DIR
    runs_dir.mkdir(parents=True, exist_ok=True)
    for stale in runs_dir.glob(".*"):  # temporary folders of runs killed mid-write
        if time.time() - stale.stat().st_mtime > STALE_TEMP_S:  # not a live writer's
            shutil.rmtree(stale, ignore_errors=True)
    if retry_failed:
        for r in runs:
            if (runs_dir / r.hash / ERROR_FILE).is_file():
                shutil.rmtree(runs_dir / r.hash)
    resolved = {
        "study": json.loads(spec.model_dump_json()),
        "runs": [r.task() | {"scenario": None} for r in runs],
    }
    (folder / STUDY_FILE).write_text(yaml.safe_dump(resolved, sort_keys=False), encoding="utf-8")
    rows = {r.hash: read_row(runs_dir / r.hash) for r in runs if is_finished(runs_dir / r.hash)}
    pending = [r for r in runs if r.hash not in rows]
    progress = Progress(len(runs), len(rows), echo)
    if echo:
        echo(
            f"parkopt study '{spec.name}': {len(runs)} runs, {len(rows)} already done, "
            f"{len(pending)} to run"
        )
    table = folder / TABLE_FILE
    own = executor is None
    if pending:
        executor = executor or make_executor()
        try:
            futures = [
                executor.submit(execute_run, r.task(), str(runs_dir), spec.fast_resolve)
                for r in pending
            ]
            for future in _as_completed(executor, futures):
                row = future.result()
                rows[row["run"]] = row
                write_table(list(rows.values()), table)
                progress.update(row)
        finally:
            if own:
                close_executor(executor)
    write_table(list(rows.values()), table)
    plots.plot_study(pd.read_parquet(table), spec, folder)
    return folder
