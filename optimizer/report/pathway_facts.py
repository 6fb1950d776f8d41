"""The answer of a pathway folder (``pathway.json``) as rows a template prints: the key
figures, the build schedule by period and technology, the path against each period's
targets, the cash flow by calendar year, and each period's binding limits.

Every value is text already formatted for people; ``doc`` is pathway.json as read.
"""

from __future__ import annotations

from parkopt.optimizer.accounts.compliance import PASS_REL_TOL
from parkopt.optimizer.accounts.targets import TARGETS
from parkopt.optimizer.pathway.figures import ACCEPTANCE_TCO2_PER_TCE
from parkopt.optimizer.report import binding
from parkopt.optimizer.report.i18n import (
    CAPACITY_EN,
    RULES,
    STATUS,
    capacity_label,
    fmt,
    fmt_in,
    fmt_years,
    missing,
    pct_in,
    pick,
)
from parkopt.optimizer.report.pathway_words import RULES_SHORT, pick_pair
from parkopt.optimizer.schema.technologies import CAPACITY_KEYS

BUILT_REL_TOL = 1e-6
"""A build below this share of what serves (or of 1 kW) is the LP's residual: none."""
TARGET_UNITS = {
    "cap_t": ("<=", "tCO2/year"),
    "reduction": (">=", "fraction"),
    **{t.field.removeprefix("carbon."): (t.sense, t.unit) for t in TARGETS},
}
"""A period's target (its carbon section's field): sense and unit."""
ROW_UNITS = {t.row: t.row_unit for t in TARGETS}
"""A target row's unit: its shadow price is currency per this."""
LABEL_KEYS = {
    "cap_t": "cap_t",
    "carbon_cap": "carbon_cap",
    "green_direct_share": "green_direct",
}
"""Target fields and rows whose label key differs from their name."""


def span(year: int, years: int) -> str:
    """A period's calendar years: ``2028-2029``, or ``2026`` for one year."""
    return str(year) if years == 1 else f"{year}-{year + years - 1}"


def target_name(key: str, t: dict[str, str]) -> str:
    """A target (carbon field or LP row) by its label, the notice's rule name otherwise."""
    name = LABEL_KEYS.get(key, key)
    return t[name] if name in t else pick(RULES, key, t["lang"])


def target_text(key: str, value, t: dict[str, str]) -> str:
    """A period's target as its field says it: ``Zero-carbon park indicator ≤ 0.2``."""
    sense, unit = TARGET_UNITS.get(key, ("<=", ""))
    shown = pct_in(value, t) if unit == "fraction" else fmt_in(value, unit, t)
    return f"{target_name(key, t)} {'≤' if sense == '<=' else '≥'} {shown}"


def met(value, target, sense: str) -> bool | None:
    """Whether ``value`` meets ``target`` (within ``PASS_REL_TOL``); None when missing."""
    if missing(value) or missing(target):
        return None
    slack = PASS_REL_TOL * max(1.0, abs(target))
    return value <= target + slack if sense == "<=" else value >= target - slack


def acceptance(doc: dict) -> dict:
    """The acceptance period: ``acceptance_year`` (``pathway.acceptance_year``, or as
    ``outputs.acceptance_year`` chose it); in a folder without it, the first whose indicator
    target is the notice's 0.2 or less (the last period without one)."""
    year = doc.get("acceptance_year")
    if year is not None:
        return next(r for r in doc["path"] if r["year"] == year)
    for row in doc["path"]:
        target = (row.get("targets") or {}).get("tco2_per_tce")
        if not missing(target) and target <= ACCEPTANCE_TCO2_PER_TCE * (1 + PASS_REL_TOL):
            return row
    return doc["path"][-1]


def avoided_t(doc: dict) -> float:
    """Tonnes avoided over the horizon against business as usual, market-based [tCO2]."""
    return sum(r["years"] * (r["baseline_emissions_t"] - r["emissions_t"]) for r in doc["path"])


def cards(doc: dict, t: dict[str, str]) -> list[dict]:
    """Key figures: investment, NPV, IRR, both paybacks, the indicator at acceptance against
    the notice's 0.2, and the tonnes avoided over the horizon."""
    cur, first, last = doc.get("currency") or "CNY", doc["first_year"], doc["end_year"] - 1
    accept = acceptance(doc)
    period = (doc.get("periods") or {}).get(str(accept["year"])) or {}
    today = ((period.get("indicator") or {}).get("baseline") or {}).get("tco2_per_tce")
    pv = (doc.get("present_value") or {}).get("investment")
    value = accept.get("tco2_per_tce")
    ok = met(value, ACCEPTANCE_TCO2_PER_TCE, "<=")
    return [
        {
            "label": t["pw_investment"],
            "value": fmt_in(doc.get("investment_total"), cur, t),
            "note": t["pw_investment_note"].format(pv=fmt_in(pv, cur, t)),
        },
        {
            "label": t["npv"],
            "value": fmt_in(doc.get("npv"), cur, t),
            "note": t["pw_npv_note"].format(first=first, last=last),
        },
        {"label": t["irr"], "value": pct_in(doc.get("irr"), t), "note": ""},
        {
            "label": t["simple_payback"],
            "value": fmt_years(doc.get("simple_payback_years"), t),
            "note": f"{t['discounted_payback']}{t['colon']}"
            f"{fmt_years(doc.get('discounted_payback_years'), t)}",
        },
        {
            "label": t["acceptance"].format(year=accept["year"]),
            "value": fmt_in(value, "tCO2/tce", t, sig=3),
            "note": t["acceptance_note"].format(
                value=fmt_in(ACCEPTANCE_TCO2_PER_TCE, "tCO2/tce", t),
                today=fmt_in(today, "tCO2/tce", t, sig=3),
            ),
            "met": ok,
        },
        {
            "label": t["avoided_horizon"].format(first=first, last=last),
            "value": fmt_in(avoided_t(doc), "tCO2", t),
            "note": t["avoided_note"],
        },
    ]


def schedule_table(doc: dict, t: dict[str, str]) -> dict:
    """The build schedule pivoted: a row per capacity ever built or serving, a column per
    period (built, serving), the investment of each period and in all [unit, currency]."""
    lang, cur = t["lang"], doc.get("currency") or "CNY"
    periods = [(r["year"], r["years"]) for r in doc["path"]]
    cells: dict[str, dict[int, dict]] = {}
    for r in doc["schedule"]:
        cells.setdefault(r["capacity"], {})[r["year"]] = r
    rows = []
    for key in (k for k in CAPACITY_KEYS if k in cells):
        by_year = cells[key]
        if all(r["serving"] <= 0 and r["built"] <= 0 for r in by_year.values()):
            continue
        shown_cells = []
        for year, _ in periods:
            r = by_year.get(year) or {"built": 0.0, "serving": 0.0}
            new = r["built"] > BUILT_REL_TOL * max(1.0, r["serving"])
            shown_cells.append(
                {"built": fmt(r["built"]) if new else "", "serving": fmt(r["serving"])}
            )
        unit = next(iter(by_year.values()))["unit"]
        built = sum(r["built"] for r in by_year.values())
        rows.append(
            {
                "key": key,
                "label": capacity_label(key, lang, CAPACITY_EN.get(key, key)),
                "unit": unit,
                "cells": shown_cells,
                "total": fmt(built) if built > BUILT_REL_TOL else "",
            }
        )
    invest = {y: 0.0 for y, _ in periods}
    for r in doc["schedule"]:  # the registry's capacities: a named instance's is in its total
        if r["capacity"] in CAPACITY_KEYS and r.get("investment") is not None:
            invest[r["year"]] += r["investment"]
    return {
        "periods": [{"year": y, "span": span(y, n)} for y, n in periods],
        "rows": rows,
        "investment": [fmt(invest[y]) for y, _ in periods],
        "investment_total": fmt(sum(invest.values())),
        "currency": cur,
    }


def _target_cell(row: dict, key: str, t: dict[str, str]) -> dict:
    """A figure of the path against the period's target, in the column's unit (a share as
    %): value, target and whether it is met."""
    sense, unit = TARGET_UNITS[key]

    def show(x) -> str:
        return pct_in(x, t) if unit == "fraction" else fmt(x, sig=3)

    value, target = row.get(key), (row.get("targets") or {}).get(key)
    sign = "≤" if sense == "<=" else "≥"
    return {
        "value": show(value),
        "target": t["no_target"] if missing(target) else f"{sign} {show(target)}",
        "met": met(value, target, sense),
    }


def path_rows(doc: dict, t: dict[str, str]) -> list[dict]:
    """A row per period: the indicator and the clean share against its targets, Scope 1 and
    2, emissions against business as usual [tCO2/year]."""
    return [
        {
            "year": r["year"],
            "span": span(r["year"], r["years"]),
            "indicator": _target_cell(r, "tco2_per_tce", t),
            "clean": _target_cell(r, "clean_energy_share", t),
            "scope1": fmt(r.get("scope1_t")),
            "scope2": fmt(r.get("scope2_t")),
            "emissions": fmt(r.get("emissions_t")),
            "bau": fmt(r.get("baseline_emissions_t")),
        }
        for r in doc["path"]
    ]


def notice_table(doc: dict, t: dict[str, str]) -> dict:
    """The notice's rules as each period's compliance judged them: a column per rule, a row
    per period (status key and its word)."""
    lang = t["lang"]
    keys = list(dict.fromkeys(k for r in doc["path"] for k in r.get("compliance") or {}))
    heads = [
        pick_pair(RULES_SHORT, k, lang) if k in RULES_SHORT else pick(RULES, k, lang) for k in keys
    ]
    rows = []
    for r in doc["path"]:
        verdicts = r.get("compliance") or {}
        cells = [
            {"key": k, "status": verdicts.get(k), "label": pick(STATUS, verdicts.get(k), lang)}
            if k in verdicts
            else {"key": k, "status": None, "label": ""}
            for k in keys
        ]
        rows.append({"year": r["year"], "span": span(r["year"], r["years"]), "cells": cells})
    return {"heads": heads, "rows": rows}


CASH_COLUMNS = (
    "investment",
    "fixed_om",
    "operating_cost",
    "baseline_cost",
    "savings",
    "residual_value",
    "net_cash_flow",
    "present_value",
)
PV_PARTS = (
    "investment",
    "residual_value",
    "capital",
    "fixed_om",
    "operating_cost",
    "total",
    "business_as_usual",
)


def money(doc: dict, t: dict[str, str]) -> dict:
    """The cash flow by calendar year with its cumulative present value, and the present
    values of the objective's parts [currency]."""
    cur, total, rows = doc.get("currency") or "CNY", 0.0, []
    for r in doc["cash_flow"]:
        total += r["present_value"]
        rows.append([str(r["year"]), *(fmt(r[k]) for k in CASH_COLUMNS), fmt(total)])
    pv = doc.get("present_value") or {}
    return {
        "heads": [t["calendar_year"], *(t[k] for k in CASH_COLUMNS), t["cumulative_pv"]],
        "rows": rows,
        "pv": [
            {"label": t[f"pv_{k}"], "value": fmt_in(pv.get(k), cur, t)} for k in PV_PARTS if k in pv
        ],
    }


def period_blocks(doc: dict, t: dict[str, str]) -> list[dict]:
    """Per period: its targets' shadow prices [currency per unit a year] and the limits that
    bind (``binding.binding_rows`` on the period's summary)."""
    cur, out = doc.get("currency") or "CNY", []
    periods = doc.get("periods") or {}
    for r in doc["path"]:
        summary = periods.get(str(r["year"])) or {}
        prices = [
            {
                "label": target_name(row, t),
                "price": fmt_in(price, f"{cur}/{ROW_UNITS.get(row, '')}", t),
            }
            for row, price in (r.get("shadow_prices") or {}).items()
        ]
        out.append(
            {
                "span": span(r["year"], r["years"]),
                "prices": prices,
                "binding": binding.binding_rows(summary, t["lang"], r.get("targets") or {}),
            }
        )
    return out
