"""report.xlsx, written with XlsxWriter: one sheet per table, the unit in every header
(``load_kw [kW]``), numbers stored as numbers with a number format (never as text).

Run: summary (every figure of summary.json), capacities, investment and cash_flow (with
``economics``), binding_limits (when listed), monthly, hourly (timeseries.parquet; local
clock time, as Excel has no time zones) and assumptions. Study: summary, ranking and study
(study.parquet, every column).
"""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import xlsxwriter

from parkopt.optimizer.common.text_files import read_frame
from parkopt.optimizer.outputs.results import (
    MONTHLY_FILE,
    SCENARIO_FILE,
    TIMESERIES_FILE,
    flatten,
    read_summary,
)
from parkopt.optimizer.report.assumptions import read_assumptions, show_value
from parkopt.optimizer.report.atomic import write_atomically
from parkopt.optimizer.report.fields_zh import meaning_in
from parkopt.optimizer.report.i18n import (
    CAPACITY_EN,
    KINDS,
    PURCHASES,
    RULES,
    STATUS,
    capacity_label,
    labels,
    pick,
    report_file,
)
from parkopt.optimizer.report.rules import note_zh
from parkopt.optimizer.report.study import column_unit as study_unit
from parkopt.optimizer.report.study import compared_columns, ranked, read_spec, read_table
from parkopt.optimizer.report.translate import unit_in
from parkopt.optimizer.report.units import (
    cash_flow_unit,
    column_unit,
    header,
    monthly_unit,
    summary_unit,
)
from parkopt.optimizer.schema.carriers import CARRIERS
from parkopt.optimizer.schema.instances import shown_capacities
from parkopt.optimizer.schema.technologies import CAPACITIES

XLSX_FILE = "report.xlsx"
MAX_TEXT = 32767  # characters Excel holds in a cell
OPTIONS = {
    "constant_memory": True,  # rows go to disk as written: flat memory for 8,760-hour sheets
    "strings_to_urls": False,
    "strings_to_formulas": False,  # text is text, never a formula
    "strings_to_numbers": False,
}

ENERGY_UNITS = {"tCO2", "tce", *(c.unit for c in CAPACITIES)}  # kW_DC, kW_e: capacities
ENERGY_UNITS |= {u.split(" ")[0] for c in CARRIERS.values() for u in (c.unit, *c.energy_units)}
"""Units of power, energy and tonnes (before any ``/``), written to one decimal: every
carrier's (the registry's ``Carrier.unit``: kW_th, kWh_th, MWh_th...) and capacity's."""


def number_format(unit: str, currency: str) -> str:
    """Excel number format for a column's unit: shares as %, prices per kWh to 4 decimals,
    money whole, energy and power to 1 decimal, other numbers as Excel shows them."""
    if unit in ("fraction", "1/year"):
        return "0.00%"
    if unit.endswith(("/kWh", "/MWh", "/tce", "/GJ", "/m3")):
        return "#,##0.0000"
    if unit.startswith(currency):
        return "#,##0"
    if unit.split("/")[0].split(" ")[0] in ENERGY_UNITS:
        return "#,##0.0"
    if unit in ("years", "h"):
        return "#,##0.0"
    return "General"


SHEETS_ZH = {
    "summary": "汇总",
    "compliance": "政策要求",
    "purchases": "每年外购",
    "capacities": "容量",
    "investment": "投资",
    "cash_flow": "现金流",
    "binding_limits": "约束限制",
    "monthly": "月度",
    "hourly": "逐时",
    "assumptions": "假设条件",
}
"""Sheet names of a Chinese workbook."""
HEADS_ZH = {
    "figure": "项目",
    "value": "数值",
    "unit": "单位",
    "technology": "技术",
    "capacity_key": "容量键",
    "capacity": "容量",
    "investment": "投资",
    "name": "字段",
    "shadow_price": "影子价格",
    "shadow_price_unit": "影子价格单位",
    "hours": "小时数",
    "sentence": "说明（英文原文）",
    "field": "字段",
    "meaning": "含义",
    "source": "来源",
    "rule": "要求键",
    "label": "名称",
    "sense": "方向",
    "threshold": "阈值",
    "status": "状态",
    "kind": "性质",
    "target": "本次优化的目标",
    "note": "说明",
    "key": "键",
    "mwh": "能量",
    "cost": "费用",
    "quantity": "实物量",
    "quantity_unit": "实物量单位",
    "time": "时间",
}
"""Headers of a Chinese workbook (data columns keep their names: load_kw, month)."""


class Book:
    """A workbook being written: its formats, and one call per table; sheet names, headers
    and units in ``lang``."""

    def __init__(self, path: Path, currency: str, lang: str = "en"):
        self.wb = xlsxwriter.Workbook(str(path), OPTIONS)
        self.currency = currency
        self.lang = lang
        self.bold = self.wb.add_format({"bold": True, "text_wrap": True, "valign": "top"})
        self.time = self.wb.add_format({"num_format": "yyyy-mm-dd hh:mm"})
        self._formats: dict[str, object] = {}

    def sheet(self, name: str):
        return self.wb.add_worksheet(SHEETS_ZH.get(name, name) if self.lang == "zh" else name)

    def head(self, name: str, unit: str = "") -> str:
        """A header in the book's language: ``name [unit]`` (``投资 [元]``)."""
        shown = HEADS_ZH.get(name, name) if self.lang == "zh" else name
        return header(shown, unit_in(unit, self.lang))

    def fmt(self, unit: str):
        code = number_format(unit, self.currency)
        if code not in self._formats:
            self._formats[code] = self.wb.add_format({"num_format": code})
        return self._formats[code]

    def write_cell(self, ws, r: int, c: int, value, unit: str = "") -> None:
        """A number as a number (with its unit's format), a bool as a bool, missing as
        blank, a time as a date, anything else as text."""
        if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
            ws.write_blank(r, c, None)
        elif isinstance(value, bool):
            ws.write_boolean(r, c, value)
        elif isinstance(value, int | float):
            ws.write_number(r, c, float(value), self.fmt(unit))
        elif isinstance(value, pd.Timestamp):
            ws.write_datetime(r, c, value.to_pydatetime(), self.time)
        else:
            ws.write_string(r, c, str(value)[:MAX_TEXT])

    def table(self, name: str, heads: list[str], units: list[str], rows) -> None:
        """A sheet: one header row (``name [unit]``), then ``rows`` (lists of values)."""
        ws = self.sheet(name)
        for c, (head, unit) in enumerate(zip(heads, units, strict=True)):
            ws.set_column(c, c, min(max(len(self.head(head, unit)) + 2, 12), 60))
        ws.freeze_panes(1, 0)
        for c, (head, unit) in enumerate(zip(heads, units, strict=True)):
            ws.write_string(0, c, self.head(head, unit), self.bold)
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row):
                self.write_cell(ws, r, c, _plain(value), units[c])

    def frame(self, name: str, frame: pd.DataFrame, units: list[str]) -> None:
        self.table(name, [str(c) for c in frame.columns], units, frame.itertuples(index=False))

    def close(self) -> None:
        self.wb.close()


def _plain(value):
    """numpy scalars as Python values (bool stays bool)."""
    return value.item() if hasattr(value, "item") and not isinstance(value, str) else value


def summary_sheet(book: Book, summary: dict) -> None:
    flat = flatten(summary)
    rows = [
        (k, v, summary_unit(k, book.currency) if isinstance(v, int | float) else "")
        for k, v in flat.items()
    ]
    ws = book.sheet("summary")
    ws.set_column(0, 0, 48)
    ws.set_column(1, 1, 22)
    ws.set_column(2, 2, 18)
    ws.freeze_panes(1, 0)
    for c, head in enumerate(("figure", "value", "unit")):
        ws.write_string(0, c, book.head(head), book.bold)
    for r, (key, value, unit) in enumerate(rows, start=1):
        ws.write_string(r, 0, key)
        book.write_cell(ws, r, 1, value, unit)
        ws.write_string(r, 2, unit_in(unit, book.lang))


COMPLIANCE_HEADS = (
    "rule",
    "label",
    "value",
    "unit",
    "sense",
    "threshold",
    "status",
    "kind",
    "target",
    "shadow_price",
    "shadow_price_unit",
    "source",
    "note",
)


def compliance_sheet(book: Book, block: dict) -> None:
    """The rules (``compliance.rules``): one row each, value and threshold as numbers in the
    row's unit (a share as %), the shadow price in its own unit."""
    ws = book.sheet("compliance")
    ws.freeze_panes(1, 0)
    for c, head in enumerate(COMPLIANCE_HEADS):
        ws.set_column(c, c, 48 if head in ("label", "note") else 14)
        ws.write_string(0, c, book.head(head), book.bold)
    lang = book.lang
    for r, rule in enumerate(block.get("rules") or [], start=1):
        unit = rule.get("unit") or ""
        note = note_zh(rule, block) if lang == "zh" else rule.get("note") or ""
        price_unit = rule.get("shadow_price_unit") or ""
        cells = (
            (rule.get("key"), ""),
            (pick(RULES, rule.get("key"), lang), ""),
            (rule.get("value"), unit),
            (unit_in(unit, lang), ""),
            ("≤" if rule.get("sense") == "max" else "≥", ""),
            (rule.get("threshold"), unit),
            (pick(STATUS, rule.get("status"), lang), ""),
            (pick(KINDS, rule.get("kind"), lang), ""),
            (bool(rule.get("target")), ""),
            (rule.get("shadow_price"), price_unit),
            (unit_in(price_unit, lang), ""),
            (rule.get("source") or "", ""),
            (note, ""),
        )
        for c, (value, cell_unit) in enumerate(cells):
            book.write_cell(ws, r, c, value, cell_unit)


def purchases_sheet(book: Book, purchases: list[dict]) -> None:
    """What the park buys each year (``purchases``): MWh and cost a year, the quantity in
    its own unit (m3 of gas)."""
    cur = book.currency
    rows = [
        [
            p.get("key"),
            pick(PURCHASES, p.get("key"), book.lang),
            p.get("mwh"),
            p.get("cost_cny_per_year"),
            p.get("quantity"),
            unit_in(f"{p['quantity_unit']}/year", book.lang) if p.get("quantity_unit") else "",
        ]
        for p in purchases
    ]
    heads = ["key", "label", "mwh", "cost", "quantity", "quantity_unit"]
    book.table("purchases", heads, ["", "", "MWh/year", f"{cur}/year", "", ""], rows)


def capacity_sheet(book: Book, summary: dict, lang: str) -> None:
    cap = summary.get("capacity") or {}
    invest = (summary.get("economics") or {}).get("investment") or {}
    rows, filed = [], set()
    for c, name in shown_capacities(cap):
        if c.key in cap:
            label = capacity_label(c.key, lang, CAPACITY_EN.get(c.key, c.label))
            rows.append(
                [label, c.key, cap[c.key], c.unit, invest.get(name) if name not in filed else None]
            )
            filed.add(name)
    heads = ["technology", "capacity_key", "capacity", "unit", "investment"]
    book.table("capacities", heads, ["", "", "", "", book.currency], rows)


def economics_sheets(book: Book, economics: dict) -> None:
    invest = economics.get("investment") or {}
    if invest:
        rows = [[k, v] for k, v in invest.items()]
        book.table("investment", ["technology", "investment"], ["", book.currency], rows)
    flows = economics.get("cash_flow") or []
    if flows:
        keys = list(flows[0])
        units = [cash_flow_unit(k, book.currency) for k in keys]
        book.table("cash_flow", keys, units, ([row.get(k) for k in keys] for row in flows))


def binding_sheet(book: Book, limits: list[dict]) -> None:
    keys = ["name", "value", "unit", "shadow_price", "shadow_price_unit", "hours", "sentence"]
    units = ["", "", "", "", "", "h", ""]
    book.table("binding_limits", keys, units, ([b.get(k) for k in keys] for b in limits))


def hourly_sheet(book: Book, frame: pd.DataFrame) -> None:
    """timeseries.parquet with its local clock time first (Excel has no time zones)."""
    index = frame.index
    word = "当地时间" if book.lang == "zh" else "local"
    tz = f"{word}, {index.tz}" if getattr(index, "tz", None) is not None else word
    local = index.tz_localize(None) if getattr(index, "tz", None) is not None else index
    table = frame.reset_index(drop=True)
    table.insert(0, "time", pd.Series(local, dtype=object))
    units = [tz, *(column_unit(c, book.currency) for c in frame.columns)]
    book.frame("hourly", table, units)


def write_run_book(folder: Path, path: Path, lang: str) -> None:
    summary = read_summary(folder)
    book = Book(path, summary.get("currency") or "CNY", lang)
    try:
        summary_sheet(book, summary)
        if (summary.get("compliance") or {}).get("rules"):
            compliance_sheet(book, summary["compliance"])
        if summary.get("purchases"):
            purchases_sheet(book, summary["purchases"])
        capacity_sheet(book, summary, lang)
        if summary.get("economics"):
            economics_sheets(book, summary["economics"])
        if summary.get("binding_limits"):
            binding_sheet(book, summary["binding_limits"])
        if (folder / MONTHLY_FILE).is_file():
            monthly = read_frame(folder / MONTHLY_FILE, "a run's monthly table")
            book.frame("monthly", monthly, [monthly_unit(c, book.currency) for c in monthly])
        if (folder / TIMESERIES_FILE).is_file():
            hourly_sheet(book, read_frame(folder / TIMESERIES_FILE, "a run's hourly table"))
        rows = [
            [
                a.path,
                a.value if isinstance(a.value, int | float | str) else show_value(a.value),
                unit_in(a.unit, lang),
                meaning_in(a, lang).text,
                a.source or (labels(lang)["default_value"] if a.default else ""),
            ]
            for a in read_assumptions(folder / SCENARIO_FILE)
        ]
        heads = ["field", "value", "unit", "meaning", "source"]
        book.table("assumptions", heads, [""] * len(heads), rows)
    finally:
        book.close()


def write_study_book(folder: Path, path: Path) -> None:
    table = read_table(folder)
    ranks = ranked(table)
    currency = str(ranks["currency"].iloc[0]) if "currency" in ranks and len(ranks) else "CNY"
    book = Book(path, currency)
    try:
        spec = read_spec(folder)
        facts = [
            ["study", spec.get("name") or folder.name],
            ["runs", len(table)],
            ["failed", len(table) - len(ranks)],
            ["ranked_by", "lcoe_per_kwh" if "lcoe_per_kwh" in ranks else "cost.total_annual"],
            ["cheapest_run", str(ranks.iloc[0]["name"]) if len(ranks) else None],
        ]
        book.table("summary", ["item", "value"], ["", ""], facts)
        columns = compared_columns(ranks)
        units = [study_unit(c, currency) for c in columns]
        book.frame("ranking", ranks[columns], units)
        book.frame("study", table, [study_unit(c, currency) for c in table.columns])
    finally:
        book.close()


def write_xlsx(folder: Path, lang: str, study: bool) -> Path:
    """Write report.xlsx (report.<lang>.xlsx) for the run or study ``folder`` atomically."""
    folder = Path(folder)
    target = folder / report_file(XLSX_FILE, lang)
    if study:
        return write_atomically(target, lambda tmp: write_study_book(folder, tmp))
    return write_atomically(target, lambda tmp: write_run_book(folder, tmp, lang))
