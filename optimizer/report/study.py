"""A study folder for the report: its runs ranked and compared (study.parquet), what it
varies (study.yaml) and its cheapest run."""

from __future__ import annotations

import math
import numbers
import re
from pathlib import Path

import pandas as pd

from parkopt.optimizer.common.text_files import read_frame, read_yaml
from parkopt.optimizer.outputs.console import is_tiny
from parkopt.optimizer.report.assumptions import field_info, show_value
from parkopt.optimizer.report.i18n import fmt, fmt_exact, fmt_pct, study_column_label
from parkopt.optimizer.report.units import summary_unit
from parkopt.optimizer.schema.technologies import CAPACITY_KEYS
from parkopt.optimizer.study.analysis import failed, succeeded
from parkopt.optimizer.study.loop import RUNS_DIR, STUDY_FILE
from parkopt.optimizer.study.table import TABLE_FILE

RANK_BY = ("lcoe_per_kwh", "cost.total_annual")
"""The ranking: levelised cost of the energy served, lowest first (else the annual cost)."""
FIGURES = (
    "cost.total_annual",
    "lcoe_per_kwh",
    "emissions_t",
    "renewable_share",
    "economics.investment.total",
    "economics.npv",
    "economics.simple_payback_years",
    "abatement_cost_per_t",
    "indicator.tco2_per_tce",
)
"""Figures compared across runs, where the table has them."""
MAX_SHOWN = 30
INPUT_SIG = 5
"""Significant digits of an input in the ranking (a sampled study's draws are long; report.xlsx
holds them exactly)."""
MEGA = 1e6
HEAD_BREAK = re.compile(r"(?<=[._])")
"""Where a long header may wrap: after its dots and underscores."""


def is_study(folder: Path) -> bool:
    return (Path(folder) / TABLE_FILE).is_file()


def read_table(folder: Path) -> pd.DataFrame:
    return read_frame(Path(folder) / TABLE_FILE, "a study's table")


def read_spec(folder: Path) -> dict:
    """The resolved study spec (study.yaml's ``study``; empty when missing)."""
    path = Path(folder) / STUDY_FILE
    if not path.is_file():
        return {}
    return (read_yaml(path, "a study's record") or {}).get("study") or {}


def ranked(table: pd.DataFrame) -> pd.DataFrame:
    """The runs that finished, cheapest first, with a ``rank`` column (1 = cheapest)."""
    ok = succeeded(table)
    key = next((k for k in RANK_BY if k in ok), None)
    out = ok.sort_values(key, kind="stable") if key else ok
    out = out.reset_index(drop=True)
    out.insert(0, "rank", range(1, len(out) + 1))
    return out


def _any_built(column: pd.Series) -> bool:
    values = pd.to_numeric(column, errors="coerce").dropna()
    return bool(len(values)) and not all(is_tiny(v) for v in values)


def compared_columns(table: pd.DataFrame) -> list[str]:
    """Columns of the ranking: what each run varied, the capacities some run builds, then
    the compared figures."""
    varied = [c for c in table.columns if c.startswith("in.")]
    caps = [f"capacity.{k}" for k in CAPACITY_KEYS if f"capacity.{k}" in table]
    caps = [c for c in caps if _any_built(table[c])]
    shown = [c for c in FIGURES if c in table and table[c].notna().any()]
    return [c for c in ("rank", *(varied or ["name"]), *caps, *shown) if c in table]


def column_unit(column: str, currency: str) -> str:
    """Unit of a study-table column: an input's from the field registry, a figure's from
    summary.json's names."""
    if column in ("rank", "run", "name", "status", "error", "warnings"):
        return ""
    if column.startswith("in."):
        unit = field_info(column.removeprefix("in."))[0]
        return "" if unit == "-" else unit
    unit = summary_unit(column, currency)
    return "" if unit == "-" else unit


def _number(value) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def cell(value, unit: str, column: str = "") -> str:
    """A table cell for people: inputs as given, shares in %, prices per kWh to 4 decimals,
    else ``fmt``."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return "-"
    if isinstance(value, str) or not isinstance(value, int | float):
        return str(value)
    if column.startswith("in."):
        return (
            fmt_exact(float(f"{value:.{INPUT_SIG}g}"))
            if isinstance(value, float)
            else fmt_exact(value)
        )
    if unit == "fraction":
        return fmt_pct(value)
    if unit.endswith("/kWh"):
        return f"{value:,.4f}"
    return fmt(value)


def shown_unit(unit: str, currency: str, t: dict[str, str]) -> tuple[float, str]:
    """How the ranking shows a column of ``unit``: (divisor, unit shown). Sums of money in
    millions (``M CNY/year``), shares in %; else as is."""
    if unit in (currency, f"{currency}/year"):
        return MEGA, f"{t['mega']} {unit}"
    if unit == "fraction":
        return 1.0, "%"
    return 1.0, unit


def varied_lines(spec: dict) -> list[str]:
    """One line per input the study varies: the grid's values, the sampled ranges, the
    variants and the sites (with units)."""
    lines = []
    for path, values in (spec.get("grid") or {}).items():
        unit = field_info(path)[0]
        lines.append(f"{path}: {show_value(values)} {'' if unit == '-' else unit}".strip())
    samples = spec.get("samples") or {}
    for path, (lo, hi) in (samples.get("ranges") or {}).items():
        unit = field_info(path)[0]
        lines.append(f"{path}: {show_value(lo)} - {show_value(hi)} {unit} (n = {samples.get('n')})")
    if spec.get("variants"):
        lines.append("variants: " + ", ".join(spec["variants"]))
    if spec.get("sites"):
        lines.append("sites: " + ", ".join(str(s.get("name", s)) for s in spec["sites"]))
    return lines


def best_run_dir(folder: Path, table: pd.DataFrame) -> Path | None:
    """The cheapest run's folder (None when no run finished)."""
    ranks = ranked(table)
    if ranks.empty:
        return None
    path = Path(folder) / RUNS_DIR / str(ranks.iloc[0]["run"])
    return path if (path / "summary.json").is_file() else None


def _constant(column: pd.Series) -> bool:
    return len(column) > 1 and column.nunique(dropna=False) == 1


def ranking(ranks: pd.DataFrame, currency: str, lang: str, t: dict[str, str]) -> dict:
    """The ranking's headers (label split where it may wrap, unit shown), its rows (first
    ``MAX_SHOWN`` runs) and the figures every run shares (``same``, one line each): only
    what differs between runs is a column, besides the rank and what the study varies."""
    columns, same = [], []
    for c in compared_columns(ranks):
        unit = column_unit(c, currency)
        scale, shown = shown_unit(unit, currency, t)
        if c != "rank" and not c.startswith("in.") and _constant(ranks[c]):
            value = ranks[c].iloc[0]
            text = cell(value / scale if scale != 1.0 and _number(value) else value, unit, c)
            same.append(f"{study_column_label(c, lang)} {text} {'' if shown == '%' else shown}")
        else:
            columns.append((c, unit, scale, shown))
    rows = [
        [
            cell(r[c] / scale if scale != 1.0 and _number(r[c]) else r[c], unit, c)
            for c, unit, scale, _ in columns
        ]
        for _, r in ranks.head(MAX_SHOWN).iterrows()
    ]
    heads = [(HEAD_BREAK.split(study_column_label(c, lang)), shown) for c, _, _, shown in columns]
    return {"heads": heads, "rows": rows, "same": [line.strip() for line in same]}


def study_context(folder: Path, lang: str, t: dict[str, str]) -> dict:
    """What the study template prints: the intro, the ranking (first ``MAX_SHOWN`` runs),
    the failed runs and what the study varies."""
    table = read_table(folder)
    ranks = ranked(table)
    currency = str(ranks["currency"].iloc[0]) if "currency" in ranks and len(ranks) else "CNY"
    spec = read_spec(folder)
    return {
        "name": spec.get("name") or Path(folder).name,
        "intro": t["study_intro"].format(n=len(table), failed=len(table) - len(ranks)),
        **ranking(ranks, currency, lang, t),
        "shown_of": t["shown_of"].format(shown=MAX_SHOWN, n=len(ranks))
        if len(ranks) > MAX_SHOWN
        else "",
        "failed": failed(table),
        "varied": varied_lines(spec),
    }
