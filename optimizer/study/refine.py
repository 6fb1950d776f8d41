"""Screening, then refining: the best runs of a typical-day pass re-solved on every day,
their full-year figures set beside the screening's in the study table (``full_year.*``)
and in ``refined.csv``."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pandas as pd

from parkopt.optimizer.common.errors import Problem, ScenarioError
from parkopt.optimizer.schema.technologies import CAPACITY_KEYS
from parkopt.optimizer.study.keys import run_hash, structure_key
from parkopt.optimizer.study.spec import Run, StudySpec

RANK_BY = "cost.total_annual"
"""The column the runs are ranked by (lowest first) [currency/year]."""
FULL_YEAR = "full_year."
SIDE_BY_SIDE = (RANK_BY, "objective", *(f"capacity.{k}" for k in CAPACITY_KEYS))
"""Columns of a refined run's full-year solve set beside its typical-day figures."""
REL_DIFF = f"{FULL_YEAR}{RANK_BY}_rel_diff"
"""(typical days - full year) / full year of the annual cost [-]."""
REFINED_FILE = "refined.csv"


def check_refine(spec: StudySpec, runs: list[Run]) -> None:
    """ScenarioError (naming ``refine_best``) when there is nothing on typical days to refine."""
    if spec.refine_best and not any(r.scenario.solver.typical_days for r in runs):
        expected = "runs on typical days to refine (set typical_days or solver.typical_days)"
        raise ScenarioError([Problem(spec.source, "refine_best", spec.refine_best, expected)])


def best_runs(runs: list[Run], rows: dict[str, dict], k: int) -> list[Run]:
    """The ``k`` runs on typical days with the lowest ``RANK_BY`` among the optimal ones
    (ties by hash, so a resumed study picks the same)."""
    screened = {r.hash: r for r in runs if r.scenario.solver.typical_days is not None}
    ok = [
        row
        for h, row in rows.items()
        if h in screened and row.get("status") == "optimal" and row.get(RANK_BY) is not None
    ]
    ok.sort(key=lambda row: (float(row[RANK_BY]), str(row["run"])))
    return [screened[row["run"]] for row in ok[:k]]


def full_year(run: Run) -> Run:
    """``run`` on every day of its horizon: its own hash (its own run folder) and structure."""
    solver = run.scenario.solver.model_copy(update={"typical_days": None})
    scenario = run.scenario.model_copy(update={"solver": solver})
    return replace(
        run,
        name=f"{run.name} [full year]",
        scenario=scenario,
        hash=run_hash(scenario, run.mode, run.strategy, run.capacities),
        structure=structure_key(scenario),
    )


def merge(rows: dict[str, dict], refined: dict[str, dict]) -> list[dict]:
    """The study rows, a screened run refined (``refined``: its hash -> the full-year row)
    gaining ``full_year.run``, ``full_year.status``, the ``SIDE_BY_SIDE`` columns and
    ``REL_DIFF``."""
    out = []
    for h, row in rows.items():
        full = refined.get(h)
        if full is not None:
            row = {**row, f"{FULL_YEAR}run": full["run"], f"{FULL_YEAR}status": full["status"]}
            row.update({FULL_YEAR + c: full[c] for c in SIDE_BY_SIDE if c in full})
            td, fy = row.get(RANK_BY), full.get(RANK_BY)
            row[REL_DIFF] = (td - fy) / abs(fy) if td is not None and fy else None
        out.append(row)
    return out


def write_refined(table: pd.DataFrame, folder: Path) -> Path | None:
    """``refined.csv``: each refined run's inputs, typical-day and full-year figures side by
    side, cheapest (on typical days) first; None when nothing was refined."""
    if f"{FULL_YEAR}run" not in table:
        return None
    done = table[table[f"{FULL_YEAR}run"].notna()].sort_values(RANK_BY)
    inputs = [c for c in done if c.startswith("in.")]
    pairs = [c for s in SIDE_BY_SIDE if s in done for c in (s, FULL_YEAR + s) if c in done]
    columns = ["name", "run", f"{FULL_YEAR}run", *inputs, *pairs, REL_DIFF]
    path = Path(folder) / REFINED_FILE
    done[columns].to_csv(path, index=False)
    return path
