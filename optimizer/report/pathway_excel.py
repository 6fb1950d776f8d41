"""report.xlsx of a pathway folder, written with the run report's ``excel.Book``: the
pathway's figures (summary), the build schedule, the path and the cash flow (the folder's
CSV tables as they are, the unit in every header), each period's summary side by side
(periods: a row per figure, a column per period) and the scenario's assumptions. Sheet
names and headers in Chinese for ``lang="zh"``.
"""

from __future__ import annotations

from pathlib import Path

from parkopt.optimizer.common.text_files import read_frame, read_json
from parkopt.optimizer.outputs.results import SCENARIO_FILE, flatten
from parkopt.optimizer.report.assumptions import read_assumptions, show_value
from parkopt.optimizer.report.atomic import write_atomically
from parkopt.optimizer.report.excel import XLSX_FILE, Book
from parkopt.optimizer.report.fields_zh import meaning_in
from parkopt.optimizer.report.i18n import STATUS, labels, pick, report_file
from parkopt.optimizer.report.pathway_facts import ROW_UNITS, TARGET_UNITS
from parkopt.optimizer.report.pathway_words import SHEETS, head_zh
from parkopt.optimizer.report.translate import unit_in
from parkopt.optimizer.report.units import header, summary_unit

TABLES = ("schedule", "path", "cash_flow")
"""The folder's CSV tables (``pathway.write.TABLES``), one sheet each."""
FORMATS = {"tCO2/tce": "0.0000", "-": "0.0000"}
"""Number formats the run report's ``excel.number_format`` writes too coarsely here."""
PATHWAY_UNITS = {
    "irr": "1/year",
    "discount_rate": "1/year",
    "simple_payback_years": "years",
    "discounted_payback_years": "years",
    "base_year": "year",
    "first_year": "year",
    "end_year": "year",
    "typical_days": "days",
    "audit.balance_residual_kw": "kW",
    "audit.objective_rel_gap": "-",
}
SHARES = ("clean_energy_share", "green_direct_share", "renewable_share")
EMISSIONS = ("scope1_t", "scope2_t", "emissions_t", "baseline_emissions_t")


class PathwayBook(Book):
    """A pathway's workbook: its own sheet names, headers and a few finer formats."""

    def sheet(self, name: str):
        return self.wb.add_worksheet(SHEETS.get(name, name) if self.lang == "zh" else name)

    def head(self, name: str, unit: str = "") -> str:
        shown = head_zh(name) if self.lang == "zh" else name
        return header(shown, unit_in(unit, self.lang))

    def fmt(self, unit: str):
        if unit not in FORMATS:
            return super().fmt(unit)
        if unit not in self._formats:
            self._formats[unit] = self.wb.add_format({"num_format": FORMATS[unit]})
        return self._formats[unit]


def pathway_unit(key: str, cur: str) -> str:
    """The unit of a figure of pathway.json (flattened)."""
    if key in PATHWAY_UNITS:
        return PATHWAY_UNITS[key]
    if key.startswith(("present_value.", "npv", "investment_total", "objective")):
        return cur
    if key.startswith("timing_s."):
        return "s"
    return "-" if key.startswith("charge_weight.") else ""


def column_unit(table: str, column: str, cur: str) -> str:
    """The unit of a column of schedule.csv, path.csv or cash_flow.csv (the cash flow's
    rows are calendar years: money per year is money)."""
    group, _, name = column.partition(".")
    if column == "year" or group == "compliance":
        return ""
    if table == "cash_flow":
        return cur
    if group == "targets":
        return TARGET_UNITS.get(name, ("", ""))[1]
    if group == "shadow_prices":
        return f"{cur}/{ROW_UNITS.get(name, '-')}"
    fixed = {
        "years": "years",
        "discount_weight": "-",
        "tco2_per_tce": "tCO2/tce",
        "energy_tce": "tce/year",
        "capex_per_unit": f"{cur}/kW, {cur}/kWh",
        "investment": cur,
        **{c: "fraction" for c in SHARES},
        **{c: "tCO2/year" for c in EMISSIONS},
        **{c: f"{cur}/year" for c in ("operating_cost", "fixed_om", "baseline_cost")},
    }
    return fixed.get(column, "")


def _table_sheets(book: PathwayBook, folder: Path) -> None:
    """The folder's CSV tables as they are (verdicts in the book's language)."""
    for name in TABLES:
        frame = read_frame(folder / f"{name}.csv", f"a pathway's {name} table")
        if book.lang == "zh":
            for c in (c for c in frame.columns if c.startswith("compliance.")):
                frame[c] = [pick(STATUS, v, "zh") if isinstance(v, str) else v for v in frame[c]]
        book.frame(name, frame, [column_unit(name, c, book.currency) for c in frame.columns])


def _summary_sheet(book: PathwayBook, doc: dict) -> None:
    """pathway.json's figures (each period's summary aside): figure, value, unit."""
    flat = flatten({k: v for k, v in doc.items() if k != "periods"})
    ws = book.sheet("summary")
    ws.set_column(0, 0, 40)
    ws.set_column(1, 2, 20)
    ws.freeze_panes(1, 0)
    for c, head in enumerate(("figure", "value", "unit")):
        ws.write_string(0, c, book.head(head), book.bold)
    for r, (key, value) in enumerate(flat.items(), start=1):
        unit = pathway_unit(key, book.currency)
        ws.write_string(r, 0, key)
        book.write_cell(ws, r, 1, value, unit)
        ws.write_string(r, 2, unit_in(unit, book.lang))


def _periods_sheet(book: PathwayBook, periods: dict) -> None:
    """Each period's summary.json side by side: a row per figure, a column per period."""
    flat = {year: flatten(s) for year, s in periods.items()}
    keys = list(dict.fromkeys(k for f in flat.values() for k in f))
    rows = []
    for k in keys:
        values = [flat[y].get(k) for y in flat]
        number = any(isinstance(v, int | float) and not isinstance(v, bool) for v in values)
        unit = summary_unit(k, book.currency) if number else ""
        rows.append([k, unit_in(unit, book.lang), *values])
    heads = ["figure", "unit", *flat]
    units = ["", ""] + [""] * len(flat)
    book.table("periods", heads, units, rows)


def _assumption_rows(folder: Path, lang: str) -> list[list]:
    return [
        [
            a.path,
            a.value if isinstance(a.value, int | float | str) else show_value(a.value),
            unit_in(a.unit, lang),
            meaning_in(a, lang).text,
            a.source or (labels(lang)["default_value"] if a.default else ""),
        ]
        for a in read_assumptions(folder / SCENARIO_FILE)
    ]


def write_pathway_book(folder: Path, path: Path, lang: str) -> None:
    doc = read_json(folder / "pathway.json", "a pathway's figures")
    cur = doc.get("currency") or "CNY"
    book = PathwayBook(path, cur, lang)
    try:
        _summary_sheet(book, doc)
        _table_sheets(book, folder)
        _periods_sheet(book, doc.get("periods") or {})
        heads = ["field", "value", "unit", "meaning", "source"]
        book.table("assumptions", heads, [""] * len(heads), _assumption_rows(folder, lang))
    finally:
        book.close()


def write_pathway_xlsx(folder: Path, lang: str) -> Path:
    """Write report.xlsx (report.<lang>.xlsx) for the pathway ``folder`` atomically."""
    folder = Path(folder)
    target = folder / report_file(XLSX_FILE, lang)
    return write_atomically(target, lambda tmp: write_pathway_book(folder, tmp, lang))
