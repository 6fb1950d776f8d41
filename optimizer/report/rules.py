"""The national rules a run is judged against (summary.json's ``compliance``) and what the
park buys each year (``purchases``), as rows a template prints.

Both blocks are optional (older summaries lack them): each function returns None or no
rows. The rule's note is summary.json's English sentence; a Chinese report says it from
the rule's own figures (``note_zh``), keeping any scenario field the sentence names.
"""

from __future__ import annotations

import re

from parkopt.optimizer.report.i18n import (
    BANDS,
    KINDS,
    PURCHASES,
    QUANTITY_UNITS,
    RULES,
    STATUS,
    fmt,
    fmt_pct,
    labels,
    missing,
    pick,
)
from parkopt.optimizer.report.translate import Text, unit_in

FIELD = re.compile(r"\b[a-z_]+(?:\.[a-z_]+)+\b")
"""A scenario field named in a note (``indicator.gas_is_clean``)."""
SHARES = re.compile(r"with gas ([\d.]+%), without ([\d.]+%)")


def rule_value(x, unit: str, lang: str) -> str:
    """A rule's value or threshold: a share in %, the indicator to 3 digits with its unit."""
    if unit == "fraction":
        return fmt_pct(x) if not missing(x) else labels(lang)["na"]
    return fmt(x, unit_in(unit, lang), sig=3) if not missing(x) else labels(lang)["na"]


def _band_zh(rule: dict, block: dict) -> str:
    tce = fmt(block.get("energy_tce"), "tce/年")
    band = block.get("band")
    if rule.get("threshold") is None:
        return (
            f"园区年能耗 {tce}，低于 20 万吨标准煤：通知对此未规定阈值（20 万至 100 万吨标准煤为 "
            "0.2 tCO2/tce，100 万吨以上为 0.3 tCO2/tce），可设置省级阈值"
        )
    if band == "below_200k":
        return f"园区年能耗 {tce}，低于 20 万吨标准煤：按设置的省级阈值评价"
    return f"园区年能耗 {tce}，属于“{pick(BANDS, band, 'zh')}”档"


def note_zh(rule: dict, block: dict) -> str:
    """The rule's note in Chinese, said from its key and figures; the scenario fields the
    English note names are kept (they are what a user sets)."""
    key, note = rule.get("key"), rule.get("note") or ""
    if key == "tco2_per_tce":
        text = _band_zh(rule, block)
    elif key == "clean_energy_share":
        gas = "天然气不计为清洁能源" if "not counted" in note else "天然气计为清洁能源"
        shares = SHARES.search(note)
        text = gas + (f"；计入天然气 {shares[1]}，不计 {shares[2]}" if shares else "")
    elif key == "green_direct_share":
        text = "园区自有光伏和风电在园区内消纳的电量占用电量的比例；不含绿证"
    elif key == "gdc_self_use_of_available":
        text = "绿电直连项目自发自用电量占其可用发电量的比例，不低于 60 %（并网型项目）"
    elif key == "gdc_consumption_share":
        text = "自发自用电量占总用电量的比例，不低于 30 %，2030 年前提高到 35 %"
    elif key == "gdc_export_of_available":
        text = "上网电量占可用发电量的比例上限，由各省规定"
    else:
        text = "见英文说明"
    fields = [f for f in FIELD.findall(note) if "." in f]
    return text + (f"（设置：{'、'.join(dict.fromkeys(fields))}）" if fields else "")


def rule_row(rule: dict, block: dict, lang: str) -> dict:
    """One rule: its name, value, threshold with its sense, status, kind, shadow price
    (targets only), source and note."""
    t, unit = labels(lang), rule.get("unit") or ""
    threshold = rule.get("threshold")
    sense = "≤" if rule.get("sense") == "max" else "≥"
    price = rule.get("shadow_price")
    shown_price = ""
    if rule.get("target") and not missing(price):
        shown_price = fmt(price, unit_in(rule.get("shadow_price_unit") or "", lang))
    note = rule.get("note") or ""
    return {
        "key": rule.get("key"),
        "label": pick(RULES, rule.get("key"), lang),
        "value": rule_value(rule.get("value"), unit, lang),
        "threshold": t["no_threshold"]
        if missing(threshold)
        else f"{sense} {rule_value(threshold, unit, lang)}",
        "status": rule.get("status") or "no_threshold",
        "status_label": pick(STATUS, rule.get("status") or "no_threshold", lang),
        "kind": pick(KINDS, rule.get("kind"), lang),
        "target": bool(rule.get("target")),
        "shadow_price": shown_price,
        "source": rule.get("source") or "",
        "note": Text(note_zh(rule, block)) if lang == "zh" else Text(note),
    }


def compliance(summary: dict, lang: str) -> dict | None:
    """The compliance table (``compliance``): the energy used and its band, one row a rule,
    and the green purchase that makes the indicator; None without the block."""
    block = summary.get("compliance") or {}
    if not block:
        return None
    t, cur = labels(lang), summary.get("currency") or "CNY"
    band = block.get("band")
    out = {
        "energy": t["energy_band"].format(
            tce=fmt(block.get("energy_tce"), unit_in("tce/year", lang)),
            band=pick(BANDS, band, lang) if band else t["na"],
        ),
        "rows": [rule_row(r, block, lang) for r in block.get("rules") or []],
        "green_purchase": None,
    }
    gp = block.get("green_purchase") or {}
    if gp:
        out["green_purchase"] = t["green_purchase_line"].format(
            mwh=fmt(gp.get("mwh"), unit_in("MWh/year", lang)),
            cost=fmt(gp.get("cost_cny_per_year"), unit_in(f"{cur}/year", lang)),
            share=fmt_pct(gp.get("share_of_grid_import")),
            without=rule_value(gp.get("tco2_per_tce_without"), "tCO2/tce", lang),
        )
    return out


def purchase_rows(summary: dict, lang: str) -> list[dict]:
    """What the park buys each year (``purchases``): item, MWh, quantity and cost a year."""
    cur = summary.get("currency") or "CNY"
    rows = []
    for p in summary.get("purchases") or []:
        q, q_unit = p.get("quantity"), p.get("quantity_unit") or ""
        rows.append(
            {
                "key": p.get("key"),
                "label": pick(PURCHASES, p.get("key"), lang),
                "mwh": fmt(p.get("mwh"), unit_in("MWh/year", lang)),
                "quantity": ""
                if missing(q)
                else fmt(q, unit_in(f"{pick(QUANTITY_UNITS, q_unit, lang)}/year", lang)),
                "cost": fmt(p.get("cost_cny_per_year"), unit_in(f"{cur}/year", lang)),
            }
        )
    return rows
