"""``compare(run_dirs)``: figures of several results folders side by side, as a table, a CSV
and a grouped bar chart."""

from __future__ import annotations

import shutil
from datetime import datetime, timezone
from pathlib import Path

import pandas as pd

from parkopt.optimizer.common.errors import Problem, ScenarioError
from parkopt.optimizer.common.writes import clean_stale, temp_file
from parkopt.optimizer.outputs.results import SUMMARY_FILE, flatten, read_summary
from parkopt.optimizer.plots.compare import plot_compare
from parkopt.optimizer.schema.instances import shown_capacities
from parkopt.optimizer.schema.technologies import CAPACITY_KEYS

COMPARE_ROWS = (
    *(f"capacity.{key}" for key in CAPACITY_KEYS),
    "cost.total_annual",
    "cost.operating_annual",
    "cost.capex_annual",
    "cost.fixed_om",
    "cost.grid_import",
    "cost.demand_charge",
    "cost.green_purchase",
    "cost.gas",
    "cost.purchased_heat",
    "cost.contract_payments",
    "cost.ppa_payments",
    "cost.grid_exchange_charges",
    "cost.export_revenue",
    "lcoe_per_kwh",
    "emissions_t",
    "emissions_market_t",
    "baseline_emissions_t",
    "renewable_share",
    "local_renewable_share",
    "hourly_matched_share",
    "green_purchase_mwh",
    "battery_cycles",
    "indicator.tco2_per_tce",
    "indicator.clean_energy_share",
    "indicator.green_direct_share",
    *(
        f"compliance.by_rule.{rule}.status"
        for rule in ("tco2_per_tce", "clean_energy_share", "green_direct_share")
    ),
)
"""Rows of a comparison, as flattened summary.json names [kW, kWh, currency/year, tCO2,
tCO2/tce, -]; the last ones say whether each run passes the national rules
(``compliance``)."""


CYCLES = "battery_cycles_by_instance"


def compare_table(summaries: dict[str, dict]) -> pd.DataFrame:
    """Side-by-side figures of several runs (one column per run)."""
    flat = {name: flatten(doc) for name, doc in summaries.items()}
    rows = rows_of(summaries)
    return pd.DataFrame({name: [f.get(r) for r in rows] for name, f in flat.items()}, index=rows)


def rows_of(summaries: dict[str, dict]) -> list[str]:
    """``COMPARE_ROWS`` with the named instances' capacities of any of the runs after their
    technology's total (``capacity.pv_kw``, ``capacity.pv_roof_east_kw``, ...), and each
    named battery's cycles after the total's."""
    every: dict = {}
    for doc in summaries.values():
        every.update(doc.get("capacity") or {})
    capacities = [f"capacity.{c.key}" for c, _ in shown_capacities(every)]
    cycles = {k: None for doc in summaries.values() for k in doc.get(CYCLES) or {}}
    rows = capacities + [r for r in COMPARE_ROWS if not r.startswith("capacity.")]
    at = rows.index("battery_cycles") + 1  # each named battery's after the total
    return rows[:at] + [f"{CYCLES}.{stem}" for stem in cycles] + rows[at:]


def compare(run_dirs: list[str | Path], out: str | Path | None = None) -> tuple[pd.DataFrame, Path]:
    """Compare results folders: write ``compare.csv`` and ``compare.png`` to ``out`` (default
    ``results/compare-<UTC time>/``); return the table and the folder. ScenarioError names
    every folder that is not a parkopt run."""
    runs = [Path(r) for r in run_dirs]
    problems = [
        Problem(str(r), "run folder", str(r), f"a results folder with {SUMMARY_FILE}")
        for r in runs
        if not (r / SUMMARY_FILE).is_file()
    ]
    seen = set()
    for r in runs:
        if r.resolve() in seen:
            expected = "each run folder once (it is given twice: its column would repeat)"
            problems.append(Problem(str(r), "run folder", str(r), expected))
        seen.add(r.resolve())
    if problems:
        raise ScenarioError(problems)
    names = [r.resolve().name for r in runs]
    if len(set(names)) < len(names):  # a/run and b/run: label by parent folder too
        names = [str(Path(r.resolve().parent.name) / r.resolve().name) for r in runs]
    if len(set(names)) < len(names):
        names = [f"{i + 1}: {n}" for i, n in enumerate(names)]
    summaries = {n: read_summary(r) for n, r in zip(names, runs, strict=True)}
    table = compare_table(summaries)
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    folder = Path(out) if out is not None else Path("results") / f"compare-{stamp}"
    currencies = {str(doc.get("currency", "CNY")) for doc in summaries.values()}
    new = not folder.exists()
    try:  # each file whole or not at all; a folder made here and not filled is removed
        folder.mkdir(parents=True, exist_ok=True)
        clean_stale(folder)
        with temp_file(folder / "compare.csv") as tmp:
            table.to_csv(tmp)  # full precision: parts sum to totals
        with temp_file(folder / "compare.png") as tmp:
            plot_compare(table, tmp, "/".join(sorted(currencies)))
    except BaseException:
        if new:
            shutil.rmtree(folder, ignore_errors=True)
        raise
    return table, folder
