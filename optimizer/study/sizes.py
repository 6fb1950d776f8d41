"""What a study will cost before it is expanded: its number of runs (counted, not built),
and the time, disk and memory that many runs take, from constants measured on a 2-core
machine; a study above its ``max_runs`` is refused in one line with those figures.

Measured 2026-12-07 (``python benchmarks/study_sizes.py``, the default example
``inputs/example_park.yaml``, one worker process, the machine shared with other jobs at a
load of about 2.5 on 2 cores; steady time between the first and the last finished run):

================================  =========  ===========================================
full year, 7 caps, keep all       2.19 s     546 kB a run folder (timeseries.parquet)
12 typical days, 120 draws,       0.15 s     37 kB a run folder (summary.json)
keep summary
12 typical days, 12 draws,        0.30 s     225 kB a run folder
keep all
expanding lhs_10000.yaml          2.2 ms     18 kB of memory a run (376 MB peak against
(10,000 runs, validated, hashed)             199 MB for loading the study alone)
================================  =========  ===========================================
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass

FULL_YEAR_H = 8760
FULL_YEAR_S_PER_RUN = 2.19
"""Worker time of a full-year run (8760 h), warm re-solves of one structure [s]."""
TYPICAL_DAYS_S_PER_RUN = 0.30
"""Worker time of a run on 12 typical days, whole run folder written [s]; also the least
time taken by any run (a short horizon's)."""
FULL_YEAR_RUN_BYTES = 546e3
"""A whole full-year run folder (``keep: all``) [B]; a shorter horizon's scales with it."""
TYPICAL_DAYS_RUN_BYTES = 225e3
"""A whole run folder of a typical-day run [B]."""
SUMMARY_RUN_BYTES = 37e3
"""A run folder holding summary.json only (``keep: summary``) [B]."""
EXPAND_S_PER_RUN = 2.2e-3
"""Expanding one run (override, validate, hash) before the first solve [s]."""
EXPAND_BYTES_PER_RUN = 18e3
"""Memory held per expanded run until the study ends [B]."""

DEFAULT_MAX_RUNS = 20_000
"""Runs a study may expand unless its ``max_runs`` (or ``--max-runs``) says otherwise: about
45 s and 0.4 GB to expand, and hours of solving on a few cores (``inputs/lhs_10000.yaml``,
10,000 runs, fits)."""


@dataclass(frozen=True)
class Size:
    """A study's run count (as expanded: sites x grid x samples x variants, duplicates
    included) and what it breaks down into."""

    runs: int
    parts: tuple[tuple[str, int], ...]

    def breakdown(self) -> str:
        """``grid 100 x 100 x samples.n 1,000``: the factors of the count."""
        return " × ".join(f"{name} {n:,}" for name, n in self.parts) or "the base alone"


def count_runs(spec) -> Size:
    """The number of runs ``spec`` (a StudySpec) expands to, without expanding it."""
    parts = []
    if spec.sites:
        parts.append(("sites", len(spec.sites)))
    parts += [(f"grid.{key}", len(values)) for key, values in spec.grid.items()]
    if spec.samples is not None:
        parts.append(("samples.n", spec.samples.n))
    if spec.variants:
        parts.append(("variants", len(spec.variants)))
    return Size(math.prod(n for _, n in parts), tuple(parts))


@dataclass(frozen=True)
class Estimate:
    """Worker time [s], run folders' disk [B] and expansion memory [B] and time [s]."""

    solve_s: float
    disk_b: float
    memory_b: float
    expand_s: float
    cores: int

    def text(self) -> str:
        """``about 3.1 h of solving on 2 cores, 740 MB of run folders``."""
        return (
            f"about {duration(self.solve_s / self.cores)} of solving on {self.cores} cores, "
            f"{size(self.disk_b)} of run folders"
        )


def estimate(runs: int, horizon_h: int, typical_days: int | None, keep: str) -> Estimate:
    """What ``runs`` runs of ``horizon_h`` hours (on ``typical_days`` typical days, or every
    hour) cost on this machine's cores, their folders keeping ``keep`` (all or summary)."""
    share = max(horizon_h, 0) / FULL_YEAR_H
    if typical_days:
        per_run_s, per_run_b = TYPICAL_DAYS_S_PER_RUN, TYPICAL_DAYS_RUN_BYTES
    else:
        per_run_s = max(FULL_YEAR_S_PER_RUN * share, TYPICAL_DAYS_S_PER_RUN)
        per_run_b = SUMMARY_RUN_BYTES + (FULL_YEAR_RUN_BYTES - SUMMARY_RUN_BYTES) * share
    if keep == "summary":
        per_run_b = SUMMARY_RUN_BYTES
    return Estimate(
        runs * per_run_s,
        runs * per_run_b,
        runs * EXPAND_BYTES_PER_RUN,
        runs * EXPAND_S_PER_RUN,
        os.cpu_count() or 1,
    )


def duration(seconds: float) -> str:
    """``45 s``, ``12 min``, ``3.1 h``, ``25 days``."""
    if seconds < 90:
        return f"{seconds:.0f} s"
    if seconds < 90 * 60:
        return f"{seconds / 60:.0f} min"
    if seconds < 48 * 3600:
        return f"{seconds / 3600:.1f} h"
    return f"{seconds / 86400:,.0f} days"


def size(n_bytes: float) -> str:
    """``37 kB``, ``740 MB``, ``3.7 GB``, ``1.2 TB``."""
    for unit, scale in (("TB", 1e12), ("GB", 1e9), ("MB", 1e6)):
        if n_bytes >= scale:
            digits = 1 if n_bytes < 10 * scale else 0
            return f"{n_bytes / scale:,.{digits}f} {unit}"
    return f"{n_bytes / 1e3:.0f} kB"
