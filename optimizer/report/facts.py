"""The answer of a run, from its summary.json, as rows a template prints: what to build, the
money, the tonnes, both abatement costs, the targets, the indicator and the binding limits.

Every value is text already formatted for people (number and unit); the blocks other
parkopt versions may lack (``economics``, ``binding_limits``, ``wind_turbines``,
``indicator``) give empty rows or None, which the templates skip.
"""

from __future__ import annotations

from functools import partial

from parkopt.optimizer.accounts import targets
from parkopt.optimizer.outputs.console import is_tiny
from parkopt.optimizer.report.i18n import (
    CAPACITY_EN,
    RULES,
    capacity_label,
    fmt,
    fmt_in,
    fmt_years,
    labels,
    missing,
    pct_in,
    pick,
)
from parkopt.optimizer.schema.instances import shown_capacities
from parkopt.optimizer.schema.technologies import TECHNOLOGIES

MET_REL_TOL = 1e-6
"""A target counts as met within this (relative) of its value: LP solutions sit on it."""


def build_rows(summary: dict, lang: str) -> list[dict]:
    """One row per capacity the plan builds (> 0): label, capacity, unit, and the
    technology's investment on its first row (when summary.json has ``economics``)."""
    cap = summary.get("capacity") or {}
    cur, t = summary.get("currency") or "CNY", labels(lang)
    invest = (summary.get("economics") or {}).get("investment") or {}
    rows, filed = [], set()
    for c, name in shown_capacities(cap):
        value = cap.get(c.key)
        if missing(value) or is_tiny(value):
            continue
        spent = invest.get(name) if name not in filed else None
        filed.add(name)
        rows.append(
            {
                "key": c.key,
                "label": capacity_label(c.key, lang, CAPACITY_EN.get(c.key, c.label)),
                "value": fmt(value),
                "unit": c.unit,
                "investment": "" if missing(spent) else fmt_in(spent, cur, t),
            }
        )
    return rows


def turbine_line(summary: dict, t: dict[str, str]) -> str | None:
    """Wind as whole turbines (``wind_turbines``): ``6 x E-141/4200, 4,200 kW each (25,200
    kW in all; 0 CNY/year more than the continuous optimum)``; summary.json's sentence when
    no whole count is feasible; None without the block."""
    w = summary.get("wind_turbines") or {}
    if not w:
        return None
    chosen = w.get("chosen") or {}
    count = chosen.get("turbines", w.get("count"))
    if missing(count):
        return w.get("sentence")
    line = t["turbine_line"].format(
        count=fmt(count),
        type=w.get("turbine") or w.get("type") or "?",
        rated=fmt(w.get("rated_kw")),
    )
    extra, cur = chosen.get("extra_cost"), summary.get("currency") or "CNY"
    if not missing(extra):
        extra_cost = fmt_in(extra, f"{cur}/year", t)
        line += t["turbine_extra"].format(kw=fmt(chosen.get("kw")), extra=extra_cost)
    return line


def money_rows(summary: dict, t: dict[str, str]) -> list[dict]:
    """Investment, savings, paybacks, NPV and IRR (``economics``), then the annual cost
    against the park today (always)."""
    cur = summary.get("currency") or "CNY"
    e = summary.get("economics") or {}
    rows = []
    if e:
        life = e.get("project_life_years")
        rows += [
            {
                "label": t["investment_total"],
                "value": fmt_in((e.get("investment") or {}).get("total"), cur, t),
            },
            {
                "label": t["annual_savings"],
                "value": fmt_in(e.get("annual_savings"), f"{cur}/year", t),
            },
            {"label": t["simple_payback"], "value": fmt_years(e.get("simple_payback_years"), t)},
            {
                "label": t["discounted_payback"],
                "value": fmt_years(e.get("discounted_payback_years"), t),
            },
            {
                "label": t["npv"],
                "value": fmt_in(e.get("npv"), cur, t),
                "note": "" if missing(life) else t["project_life"].format(n=fmt(life)),
            },
            {"label": t["irr"], "value": pct_in(e.get("irr"), t)},
        ]
    cost = (summary.get("cost") or {}).get("total_annual")
    rows.append(
        {
            "label": t["annual_cost"],
            "value": fmt_in(cost, f"{cur}/year", t),
            "note": f"{t['today']} {fmt_in(summary.get('baseline_cost'), f'{cur}/year', t)}",
        }
    )
    return rows


def ownership_rows(summary: dict, lang: str) -> dict | None:
    """The self-owned plan beside the contracted one (``ownership``, ``finance.ownership:
    both``): rows of label, self-owned value and contracted value, the prices and the
    summary's sentence; None without the block."""
    o = summary.get("ownership") or {}
    if not o:
        return None
    t, cur = labels(lang), summary.get("currency") or "CNY"
    own, con = o.get("self") or {}, o.get("contract") or {}
    rows = []
    for c, _ in shown_capacities(own.get("capacities") or {}):
        a, b = (own.get("capacities") or {}).get(c.key), (con.get("capacities") or {}).get(c.key)
        if not all(missing(v) or is_tiny(v) for v in (a, b)):
            label = capacity_label(c.key, lang, CAPACITY_EN.get(c.key, c.label))
            rows.append(
                {
                    "label": f"{label} [{c.unit}]",
                    "self": fmt_in(a, "", t),
                    "contract": fmt_in(b, "", t),
                }
            )
    money = (
        ("annual_cost", "total_annual", f"{cur}/year"),
        ("contract_payments", "contract_payments", f"{cur}/year"),
        ("investment_total", "investment_total", cur),
        ("npv", "npv", cur),
    )
    for label, key, unit in money:
        rows.append(
            {
                "label": t[label],
                "self": fmt_in(own.get(key, 0.0), unit, t),
                "contract": fmt_in(con.get(key), unit, t),
            }
        )
    rows.append(
        {
            "label": t["irr"],
            "self": pct_in(own.get("irr"), t),
            "contract": pct_in(con.get("irr"), t),
        }
    )
    rows.append(
        {
            "label": t["simple_payback"],
            "self": fmt_years(own.get("simple_payback_years"), t),
            "contract": fmt_years(con.get("simple_payback_years"), t),
        }
    )
    prices = con.get("price_cny_per_kwh") or {}
    terms = t["sep"].join(
        f"{tech_label(n, lang)} {fmt_in(p, f'{cur}/kWh', t)}" for n, p in prices.items()
    )
    return {
        "rows": rows,
        "intro": t["ownership_intro"].format(prices=terms),
        "sentence": o.get("sentence"),
    }


def tech_label(name: str, lang: str) -> str:
    """A technology's name (``battery``: Battery, 储能电池)."""
    tech = next(t for t in TECHNOLOGIES if t.name == name)
    key = tech.capacities[0].key
    return capacity_label(key, lang, tech.label).removesuffix("功率")


def plan_emissions_t(summary: dict) -> float | None:
    """The plan's emissions as the carbon cap counts them (market-based when given)."""
    market = summary.get("emissions_market_t")
    return summary.get("emissions_t") if missing(market) else market


def carbon_rows(summary: dict, t: dict[str, str]) -> list[dict]:
    """Emissions against the park today and the tonnes avoided (location-based, and
    market-based when green purchases make it differ)."""
    base, em = summary.get("baseline_emissions_t"), summary.get("emissions_t")
    if missing(base) or missing(em):
        return []
    rows = [
        {
            "label": t["emissions"],
            "value": fmt_in(em, "tCO2/year", t),
            "note": f"{t['today']} {fmt_in(base, 'tCO2/year', t)}",
        },
        {
            "label": t["avoided"],
            "value": fmt_in(base - em, "tCO2/year", t),
            "note": t["of_today"].format(pct=pct_in((base - em) / base, t)) if base else "",
        },
    ]
    market = plan_emissions_t(summary)
    if not missing(market) and abs(market - em) > MET_REL_TOL * max(1.0, abs(em)):
        rows.append(
            {
                "label": t["avoided_market"],
                "value": fmt_in(base - market, "tCO2/year", t),
                "note": t["market_based"],
            }
        )
    return rows


def average_abatement_per_t(summary: dict) -> float | None:
    """``economics.abatement_cost_average_per_t``, or the same figure from the summary:
    (plan annual cost - baseline annual cost) / tonnes avoided [currency/tCO2]."""
    e = summary.get("economics") or {}
    if "abatement_cost_average_per_t" in e:
        return e["abatement_cost_average_per_t"]
    cost, base_cost = (summary.get("cost") or {}).get("total_annual"), summary.get("baseline_cost")
    base, em = summary.get("baseline_emissions_t"), plan_emissions_t(summary)
    if any(missing(x) for x in (cost, base_cost, base, em)) or not base - em > 1e-9:
        return None
    return (cost - base_cost) / (base - em)


def marginal_abatement_per_t(summary: dict) -> float | None:
    """The carbon cap's shadow price [currency/tCO2]: 0 when a plan's cap does not bind
    (summary.json then holds null), None without a cap."""
    e = summary.get("economics") or {}
    price = e.get("abatement_cost_marginal_per_t", summary.get("abatement_cost_per_t"))
    if missing(price) and summary.get("carbon_cap_t") is not None and not summary.get("strategy"):
        return 0.0
    return price


def abatement_rows(summary: dict, t: dict[str, str]) -> list[dict]:
    """Both abatement costs, each with one sentence saying what it means."""
    unit = f"{summary.get('currency') or 'CNY'}/tCO2"
    avg, marg = average_abatement_per_t(summary), marginal_abatement_per_t(summary)
    return [
        {
            "label": t["abatement_avg"],
            "value": fmt_in(avg, unit, t),
            "meaning": t["avg_none"] if missing(avg) else t["avg_means"],
        },
        {
            "label": t["abatement_marg"],
            "value": fmt_in(marg, unit, t),
            "meaning": t["marg_none"] if missing(marg) else t["marg_means"],
        },
    ]


def _target(label: str, sense: str, target: float, actual, shown) -> dict:
    """One target row: met when ``actual`` is on the right side of ``target`` (with
    ``MET_REL_TOL``); ``shown`` formats both."""
    if missing(actual):
        met = None
    else:
        slack = MET_REL_TOL * max(1.0, abs(target))
        met = actual <= target + slack if sense == "<=" else actual >= target - slack
    return {
        "label": label,
        "target": f"{'≤' if sense == '<=' else '≥'} {shown(target)}",
        "result": shown(actual),
        "met": met,
    }


def ratio_target_rows(summary: dict, carbon: dict, t: dict[str, str]) -> list[dict]:
    """The ratio rules that are targets of the run (the indicator, the clean and green-direct
    shares, a direct-connection project's ratios), as ``compliance`` judged them with the
    LP's own accounting; from the indicator block for a summary without it (older runs)."""
    rules = (summary.get("compliance") or {}).get("rules")
    if rules is None:
        ind = summary.get("indicator") or {}
        rules = [
            {"key": k, "sense": sense, "threshold": ind.get(f"target_{k}"), "value": ind.get(k)}
            for k, sense in (("tco2_per_tce", "max"), ("clean_energy_share", "min"))
            if not missing(ind.get(f"target_{k}"))
        ]
    else:
        rules = [r for r in rules if r.get("target")]
    rows = []
    for r in rules:
        per_tce = r["key"] == "tco2_per_tce"
        shown = partial(fmt_in, unit="tCO2/tce", t=t, sig=3) if per_tce else partial(pct_in, t=t)
        sense = "<=" if r["sense"] == "max" else ">="
        label = pick(RULES, r["key"], t["lang"])
        rows.append(_target(label, sense, _ratio_target(r, carbon), r["value"], shown))
    return rows


def _ratio_target(rule: dict, carbon: dict) -> float:
    """The value a ratio rule that is a target was held to: the carbon section's own
    (``carbon.tco2_per_tce``: a park's target need not be the notice's threshold, which may
    be none), else the rule's threshold (a direct-connection project's limits) [-]."""
    field = targets.BY_ROW[rule["key"]].field
    own = carbon.get(field.removeprefix("carbon.")) if field.startswith("carbon.") else None
    return rule["threshold"] if missing(own) else own


def target_rows(summary: dict, carbon: dict, t: dict[str, str]) -> list[dict]:
    """Every target the scenario sets (``carbon`` is scenario.yaml's section) and whether
    the plan meets it; a simulation's strategy target as summary.json states it."""
    rows = []
    for tg in targets.ANNUAL:  # the table of targets (label by row, unit, sense, figure)
        value = targets.in_force(tg, summary, carbon)
        if missing(value):
            continue
        if tg.row == targets.CAP:  # market-based where given
            actual, shown = plan_emissions_t(summary), partial(fmt_in, unit=tg.unit, t=t)
        else:
            actual, shown = summary.get(tg.value_key), partial(pct_in, t=t)
        rows.append(_target(t[tg.row], tg.sense, value, actual, shown))
    rows += ratio_target_rows(summary, carbon, t)
    if summary.get("strategy") and summary.get("target_met") is not None:
        rows.append(
            {
                "label": t["strategy_target"],
                "target": summary["strategy"],
                "result": "",
                "met": bool(summary["target_met"]),
            }
        )
    return rows


def indicator_rows(summary: dict, t: dict[str, str]) -> list[dict]:
    """The zero-carbon park indicator today and with the plan, the energy it is counted
    on, the clean energy shares and the green power supplied directly (none without it)."""
    ind = summary.get("indicator") or {}
    if missing(ind.get("tco2_per_tce")):
        return []
    base = ind.get("baseline") or {}
    today = t["today"]
    rows = [
        {
            "label": t["indicator_line"],
            "value": fmt_in(ind["tco2_per_tce"], "tCO2/tce", t, sig=3),
            "note": f"{today} {fmt_in(base.get('tco2_per_tce'), 'tCO2/tce', t, sig=3)}",
        },
        {
            "label": t["energy_used"],
            "value": fmt_in(ind.get("energy_tce"), "tce/year", t),
            "note": "",
        },
        {
            "label": t["clean_energy_share"],
            "value": pct_in(ind.get("clean_energy_share"), t),
            "note": f"{today} {pct_in(base.get('clean_energy_share'), t)}{t['sep']}"
            f"{t['clean_with_gas']} {pct_in(ind.get('clean_energy_share_with_gas'), t)}",
        },
    ]
    if not missing(ind.get("green_direct_share")):
        rows.append(
            {"label": t["green_direct"], "value": pct_in(ind["green_direct_share"], t), "note": ""}
        )
    return rows
