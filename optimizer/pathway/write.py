"""A pathway's results folder, written whole or not at all (``writes.assembled``).

``<folder>/``
  ``pathway.json``     the pathway's figures (``outputs.pathway_block``) and each period's
                       summary under ``periods`` (the run contract of a plan)
  ``schedule.csv``     what is bought and what serves, per period and capacity [kW, kWh]
  ``path.csv``         per period: the indicator, shares, scopes, costs, targets
  ``cash_flow.csv``    per calendar year [currency]
  ``scenario.yaml``    the scenario as resolved, its pathway section included
  ``periods/<year>/``  each period's plan as a run folder (summary.json, timeseries on the
                       calendar of its year, capacities.csv, monthly.csv; no plots)
  figures (``figures.py``) and report.html / report.xlsx when asked
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from parkopt.optimizer.common.writes import assembled
from parkopt.optimizer.outputs.results import _clean, default_run_dir, parkopt_version, write_run
from parkopt.optimizer.pathway.run import PathwayPlan

SUMMARY_FILE = "pathway.json"
TABLES = ("schedule", "path", "cash_flow")
PERIODS_DIR = "periods"


def pathway_document(pw: PathwayPlan) -> dict:
    """pathway.json's document: the pathway's figures, then each period's summary."""
    doc = {"parkopt_version": parkopt_version(), **pw.summary}
    doc["periods"] = {str(pp.year): pl.summary for pp, pl in zip(pw.periods, pw.plans, strict=True)}
    return _clean(doc)


def row_document(pw: PathwayPlan) -> dict:
    """A pathway's summary.json in a study's run folder: its headline figures with the path
    and the builds keyed by year, so the study table has a column for each
    (``path.2030.tco2_per_tce``, ``built.2026.pv_kw``)."""
    s = pw.summary
    built: dict[str, dict[str, float]] = {}
    for r in s["schedule"]:
        built.setdefault(str(r["year"]), {})[r["capacity"]] = r["built"]
    keep = ("objective", "npv", "irr", "simple_payback_years", "investment_total")
    doc = {
        "parkopt_version": parkopt_version(),
        "kind": "pathway",
        "scenario": s["park"],
        "currency": s["currency"],
        "status": "optimal",
        **{k: s[k] for k in keep},
        "present_value": s["present_value"],
        "path": {
            str(r["year"]): {k: v for k, v in r.items() if not isinstance(v, dict)}
            for r in s["path"]
        },
        "built": built,
        "warnings": sorted({w for pl in pw.plans for w in pl.summary.get("warnings", [])}),
        "timing_s": s["timing_s"],
        "warm_start": s.get("warm_start", False),
    }
    if "study" in s:
        doc["study"] = s["study"]
    return _clean(doc)


def _table(rows: list[dict]) -> pd.DataFrame:
    """Rows as a frame; mapping values (targets, prices, verdicts) flattened as ``name.key``."""
    return pd.json_normalize(rows, sep=".")


def write_pathway(
    pw: PathwayPlan,
    out_dir: str | Path | None = None,
    plots: bool = True,
    finish: Callable[[Path, Path], None] | None = None,
) -> Path:
    """Write ``pw`` as a whole results folder (module docstring); return its path.
    ``finish(tmp, target)`` adds to it before it appears (the report)."""
    target = (
        Path(out_dir)
        if out_dir is not None
        else default_run_dir(pw.scenario.park.name, kind="pathway")
    )
    if target.exists():
        raise FileExistsError(f"{target}: the results folder exists already; choose another --out")
    with assembled(target) as tmp:
        for name in TABLES:
            _table(pw.summary[name]).to_csv(tmp / f"{name}.csv", index=False)
        (tmp / "scenario.yaml").write_text(pw.scenario.to_yaml(), encoding="utf-8")
        (tmp / PERIODS_DIR).mkdir()
        for pp, plan in zip(pw.periods, pw.plans, strict=True):
            write_run(plan, tmp / PERIODS_DIR / str(pp.year), plots=False, clean=False)
        if plots:
            from parkopt.optimizer.pathway.figures import plot_pathway

            plot_pathway(pw.summary, tmp)
        text = json.dumps(pathway_document(pw), indent=2, ensure_ascii=False)
        (tmp / SUMMARY_FILE).write_text(text, encoding="utf-8")
        if finish is not None:
            finish(tmp, target)
    return target
