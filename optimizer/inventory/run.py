"""``parkopt inventory``: meters in, an inventory folder out, whole or not at all.

Locally the files are read and cleaned in one process. With an executor (``--scheduler``,
``--dask-local`` or ``--workers``, as for studies) the files are first split into groups
that share no firm (each file's firms are read by a task; files sharing a firm go together,
since a meter's series must be cleaned whole), each group is read, cleaned and turned into
firm rows and hourly park sums by one task, and only these small results travel back. On a
cluster every worker must see the meter files at the same paths (a shared file system).
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from parkopt.models.china import grid_factor
from parkopt.models.errors import InputDataError
from parkopt.models.heat import steam_heat_kwh_per_t
from parkopt.optimizer.common.errors import Problem, ScenarioError
from parkopt.optimizer.common.park_profiles import PROFILES_FILE
from parkopt.optimizer.common.writes import assembled
from parkopt.optimizer.inventory import accounts, clean, read
from parkopt.optimizer.plots.inventory import plot_inventory
from parkopt.optimizer.schema.fields import problem_from_message
from parkopt.optimizer.study.executors import as_completed

STEAM_DEFAULT = (10.0, None, 20.0)
"""Metered steam by default: pressure [bar absolute], temperature (None: saturated), feed
water [degC]."""
MONTHLY_FILE = "monthly.csv"
FIRMS_FILE = "firms.csv"

QUALITY_FILE = "quality.csv"
SUMMARY_FILE = "summary.json"


@dataclass(frozen=True)
class Options:
    """What an inventory is made with (units in the names)."""

    region: str
    year: int
    timezone: str = "Asia/Shanghai"
    steam_kwh_per_t: float | None = None  # None: STEAM_DEFAULT through IAPWS-IF97
    boiler_efficiency: float = accounts.DEFAULT_BOILER_EFFICIENCY

    def steam_kwh(self) -> float:
        """Heat a metered tonne of steam carries [kWh_th/t]: the option, else saturated steam
        at 10 bar absolute above 20 degC feed water (IAPWS-IF97, 770 kWh/t)."""
        if self.steam_kwh_per_t is not None:
            return self.steam_kwh_per_t
        return steam_heat_kwh_per_t(*STEAM_DEFAULT)


@dataclass
class GroupResult:
    """What one group of firms gives back: firm rows, hourly park sums, quality, counts."""

    rows: pd.DataFrame
    profiles: pd.DataFrame  # electricity_kw, heat_purchased_kw, gas_kw, heat_demand_kw
    quality: pd.DataFrame
    counts: dict = field(default_factory=dict)
    timing_s: dict = field(default_factory=dict)
    in_year: int = 0  # readings within the inventory's year
    span: tuple[str, str] | None = None  # first and last reading (local time), for messages


def meter_files(paths: list[Path]) -> list[Path]:
    """Every meter file of ``paths`` (``read.meter_files``); ScenarioError if one is absent
    or a folder holds none."""
    files, problems = read.meter_files(paths)
    if problems:
        raise ScenarioError(problems)
    return files


def process_group(files: list[Path], opts: Options) -> GroupResult:
    """Read, clean and account one group of files (no firm outside it)."""
    t0 = time.perf_counter()
    readings = read_checked(files, opts)
    t1 = time.perf_counter()
    hours = clean.meter_hours(readings, opts.year, opts.timezone)
    t2 = time.perf_counter()
    f = factors(opts)
    rows = accounts.firm_rows(hours.values)
    profiles, info = accounts.park_profiles(hours.values, f)
    quality = pd.concat([readings.quality, hours.quality], ignore_index=True)
    counts = {
        "readings": int(len(readings.frame)),
        "meters": int(hours.values.shape[1]),
        "firms": int(hours.values.columns.get_level_values("firm").nunique()),
        "files": len(files),
        "meter_hours_missing": int(hours.values.isna().to_numpy().sum()),
        **info,
    }
    timing = {"read": t1 - t0, "clean": t2 - t1, "account": time.perf_counter() - t2}
    return GroupResult(rows, profiles, quality, counts, timing, *_in_year(readings.frame, opts))


def _in_year(frame: pd.DataFrame, opts: Options) -> tuple[int, tuple[str, str] | None]:
    """How many readings fall in ``opts.year`` (local time), and the first and last."""
    if not len(frame):
        return 0, None
    ts = frame["ts"]
    start = pd.Timestamp(opts.year, 1, 1).tz_localize(opts.timezone)
    end = pd.Timestamp(opts.year + 1, 1, 1).tz_localize(opts.timezone)
    inside = int(((ts > start) & (ts <= end)).sum())  # a reading closes the step before it
    local = [t.tz_convert(opts.timezone).strftime("%Y-%m-%d %H:%M") for t in (ts.min(), ts.max())]
    return inside, (local[0], local[1])


def check_year(results: list[GroupResult], opts: Options) -> None:
    """ScenarioError naming --year if no reading falls in it (the meters are of another
    year, or --year is wrong): an inventory of nothing is no inventory."""
    if sum(r.in_year for r in results):
        return
    spans = [r.span for r in results if r.span is not None]
    found = (
        f"the readings run from {min(s[0] for s in spans)} to {max(s[1] for s in spans)}"
        if spans
        else "there are no readings"
    )
    raise ScenarioError(
        [
            Problem(
                "parkopt inventory",
                "--year",
                opts.year,
                f"the calendar year of the readings ({found}; none is in {opts.year} in "
                f"{opts.timezone})",
            )
        ]
    )


def read_checked(files: list[Path], opts: Options):
    """The readings of ``files``; ScenarioError listing every unreadable file and row."""
    readings = read.read_meters(files, opts.timezone, opts.steam_kwh())
    if readings.problems:
        raise ScenarioError(list(readings.problems))
    return readings


def factors(opts: Options) -> accounts.Factors:
    try:
        g = grid_factor(opts.region, opts.year)
    except InputDataError as err:
        raise ScenarioError([problem_from_message("parkopt inventory", str(err))]) from None
    return accounts.Factors(g, boiler_efficiency=opts.boiler_efficiency)


def firms_of(path: Path, opts: Options) -> set[str]:
    """The firms one file holds (a task on a worker)."""
    frame = read_checked([path], opts).frame
    return set(frame["firm"].astype(str).unique())


def firm_groups(files: list[Path], firms: list[set[str]]) -> list[list[Path]]:
    """Files joined into groups that share no firm (union of overlapping firm sets)."""
    groups: list[tuple[set[str], list[Path]]] = []
    for path, names in zip(files, firms, strict=True):
        joined = [g for g in groups if g[0] & names]
        merged = (set(names), [path])
        for g in joined:
            merged[0].update(g[0])
            merged[1].extend(g[1])
            groups.remove(g)
        groups.append(merged)
    return [sorted(g[1]) for g in groups]


def _gather(executor, fn, items, opts: Options) -> list:
    futures = {executor.submit(fn, item, opts): i for i, item in enumerate(items)}
    out = [None] * len(items)
    for fut in as_completed(executor, list(futures)):
        out[futures[fut]] = fut.result()
    return out


def make_inventory(paths: list[Path], opts: Options, executor=None) -> dict:
    """Every table of the inventory (in memory): monthly, firms, profiles, quality, summary."""
    t0 = time.perf_counter()
    files = meter_files(paths)
    f = factors(opts)
    if executor is None:
        results = [process_group(files, opts)]
    else:
        groups = firm_groups(files, _gather(executor, firms_of, files, opts))
        results = _gather(executor, process_group, groups, opts)
    check_year(results, opts)
    monthly = accounts.with_park_rows(pd.concat([r.rows for r in results], ignore_index=True), f)
    profiles = sum(r.profiles for r in results)
    quality = pd.concat([r.quality for r in results], ignore_index=True)
    counts = {
        k: sum(r.counts[k] for r in results) if isinstance(v, int | float) else v
        for k, v in results[0].counts.items()
    }
    counts["groups"] = len(results)
    summary = {
        "kind": "inventory",
        "year": opts.year,
        "region": opts.region,
        "timezone": opts.timezone,
        "indicator": accounts.park_indicator(monthly, f),
        "factors": f.document(),
        "counts": counts,
        "quality": quality["issue"].value_counts().to_dict() if len(quality) else {},
        "incomplete_firm_months": int((~monthly["complete"]).sum()),
        "timing_s": {
            k: sum(r.timing_s.get(k, 0.0) for r in results) for k in ("read", "clean", "account")
        },
    }
    summary["timing_s"]["total"] = time.perf_counter() - t0
    return {
        "monthly": monthly,
        "firms": accounts.firms_table(monthly),
        "profiles": profiles,
        "quality": quality,
        "summary": summary,
    }


def write_inventory(inv: dict, target: Path, plots: bool = True) -> Path:
    """Write the inventory folder whole (assembled under a temporary name, then renamed)."""
    target = Path(target)
    if target.exists():
        raise FileExistsError(
            f"{target}: the inventory folder exists already; choose another --out"
        )
    with assembled(target) as tmp:  # stale temporary folders beside it removed first
        inv["monthly"].to_csv(tmp / MONTHLY_FILE, index=False, float_format="%.10g")
        inv["firms"].to_csv(tmp / FIRMS_FILE, index=False, float_format="%.10g")
        inv["profiles"].to_parquet(tmp / PROFILES_FILE)
        inv["quality"].to_csv(tmp / QUALITY_FILE, index=False)
        if plots:
            plot_inventory(inv["monthly"], inv["profiles"], accounts.PARK, tmp)
        text = json.dumps(inv["summary"], indent=2, ensure_ascii=False, default=float)
        (tmp / SUMMARY_FILE).write_text(text, encoding="utf-8")
    return target
