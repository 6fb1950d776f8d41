"""The limits that bind (summary.json's ``binding_limits``) as rows a template prints: the
field, its value as the field gives it, its shadow price and a sentence (summary.json's in
English; said from the figures in Chinese)."""

from __future__ import annotations

from parkopt.optimizer.report.i18n import fmt, fmt_in, labels, missing, pct_in

REDUCTION = "carbon.reduction"


def _reduction_value(b: dict, summary: dict, carbon: dict, t: dict[str, str]) -> tuple[str, str]:
    """The ``carbon.reduction`` limit as its field says it (``0.6 (60.0 %)``) and the cap it
    makes (``cap 30,028 tCO2/year``); the entry's value is the cap in tCO2/year, or the
    reduction itself where its unit is a fraction."""
    if b.get("unit") == "fraction":
        reduction, cap = b.get("value"), summary.get("carbon_cap_t")
    else:
        reduction, cap = carbon.get("reduction"), b.get("value")
        base = summary.get("baseline_emissions_t")
        if missing(reduction) and not missing(base) and base and not missing(cap):
            reduction = 1.0 - cap / base
    shown = t["na"] if missing(reduction) else f"{reduction:g} ({pct_in(reduction, t)})"
    return shown, t["cap_made"].format(cap=fmt_in(cap, "tCO2/year", t))


def _binding_zh(b: dict, value: str, cap: str, price: str) -> str:
    """A binding limit's sentence in Chinese, from its figures."""
    name = b.get("name") or ""
    if name == REDUCTION:
        head = f"{cap}（{name} = {value}）起约束作用"
    elif name == "carbon.cap_t":
        head = f"碳排放上限 {value} 起约束作用"
    else:
        head = f"{name} = {value} 起约束作用"
    sentence = f"{head}：每放宽一个单位每年可节省 {price}"
    if b.get("hours"):
        sentence += f"（{fmt(b['hours'])} 小时处于限值）"
    return sentence


def binding_rows(summary: dict, lang: str, carbon: dict | None = None) -> list[dict]:
    """The limits that bind (``binding_limits``): the field, its value as the field gives it
    (``carbon.reduction``: the fraction, and the cap it makes beside it), its shadow price
    and a sentence (summary.json's in English; built from the figures in Chinese).
    ``carbon`` is scenario.yaml's carbon section."""
    t, rows = labels(lang), []
    for b in summary.get("binding_limits") or []:
        value, cap = fmt_in(b.get("value"), b.get("unit") or "", t), ""
        if b.get("name") == REDUCTION:
            value, cap = _reduction_value(b, summary, carbon or {}, t)
        price = fmt_in(b.get("shadow_price"), b.get("shadow_price_unit") or "", t)
        sentence = _binding_zh(b, value, cap, price) if lang == "zh" else b.get("sentence") or ""
        rows.append(
            {
                "name": b.get("name", ""),
                "value": value,
                "cap": cap,
                "price": price,
                "sentence": sentence,
            }
        )
    return rows
