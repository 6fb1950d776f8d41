"""What the `parkopt` command prints: human numbers and the run summary.

Numbers a person reads get thousands separators and a few significant digits, never an
exponent; LP residuals (below ``TINY`` absolutely, or relative to a ``scale``) print as 0.
Money carries the scenario's currency (summary key ``currency``). Pure functions of plain
data: nothing here solves, reads or writes.
"""

from __future__ import annotations

import math
import numbers

import pandas as pd

from parkopt.models.turbines import CLASS_STAND_INS
from parkopt.optimizer.accounts import targets
from parkopt.optimizer.common.numbers import is_tiny, num, pct, qty
from parkopt.optimizer.outputs.console_cchp import cchp_lines, present_carriers, served_words
from parkopt.optimizer.schema.instances import capacity_of, parse_key, shown_capacities
from parkopt.optimizer.schema.technologies import CAPACITIES, TECHNOLOGIES

CAPACITY_UNITS = {c.key: c.unit for c in CAPACITIES}

DEFAULT_CURRENCY = "CNY"


def _currency(summary: dict, currency: str | None) -> str:
    return currency or summary.get("currency") or DEFAULT_CURRENCY


def _target_lines(summary: dict, cur: str) -> list[str]:
    """A simulation's strategy and whether it met the target; a plan's cap and its price."""
    lines = []
    if summary.get("strategy"):
        met = summary.get("target_met")
        lines.append(
            f"  Strategy {summary['strategy']}"
            + ("" if met is None else f"; target {'met' if met else 'NOT met'}")
        )
    if summary.get("strategy") is not None:
        return lines
    for tg in targets.ANNUAL:  # the table of targets: value in force and shadow price
        value = targets.in_force(tg, summary, {})  # summary.json holds the cap in force only
        if value is None:
            continue
        price = summary.get(tg.summary_key)
        unit = f"{cur}/{tg.row_unit}"
        if tg.row == targets.CAP:
            worth = "marginal abatement cost"
            tail = f"{worth} {qty(price, unit)} (shadow price of the cap)"
            shown = qty(value, tg.unit)
        else:
            worth = "shadow price"
            tail = f"{worth} {qty(price, unit)}"
            shown = pct(value)
        if price is None or is_tiny(price):
            tail = f"not binding ({worth} 0)"
        lines.append(f"  {tg.label[0].upper()}{tg.label[1:]} {shown}: {tail}")
    return lines


def shown_technologies(carriers: set[str]) -> list:
    """The technologies the console lists: those whose every carrier given is among
    ``carriers`` (heat sources in a park with heat, chillers in one with cooling)."""
    return [t for t in TECHNOLOGIES if set(t.gives) <= carriers]


def format_summary(summary: dict, currency: str | None = None) -> str:
    """A few lines a planner reads first: capacities, cost, emissions against the baseline.

    ``summary`` is a run's summary (summary.json's figures); ``currency`` defaults to its key
    ``currency``. Every figure carries its unit.
    """
    cur = _currency(summary, currency)
    cap, cost = summary["capacity"], summary["cost"]
    base, em = summary["baseline_emissions_t"], summary["emissions_t"]
    cut = 1 - em / base if base else 0.0
    width = 14

    def col(x, unit: str) -> str:
        return f"{num(x):>{width}} {unit}"

    carriers = present_carriers(summary)
    heat, shown = "heat" in carriers, shown_technologies(carriers)
    named = [(parse_key(c.key)[0], c) for c, _ in shown_capacities(cap) if parse_key(c.key)]
    name_w = max(13, *(len(t.label) for t in shown), *(len(c.label) + 2 for _, c in named))
    lines = []
    for t in shown:
        lines.append(
            f"  {t.label:<{name_w}} {col(cap.get(t.capacities[0].key, 0.0), t.capacities[0].unit)}"
            + "".join(f" / {qty(cap.get(c.key, 0.0), c.unit)}" for c in t.capacities[1:])
        )
        # a technology's named instances under its total
        lines += [
            f"    {c.label:<{name_w - 2}} {col(cap[c.key], c.unit)}" for u, c in named if u is t
        ]
    today = "today" if heat else "grid only"
    served = served_words(carriers)
    lines += [
        f"  {'Annual cost':<{name_w}} {col(cost['total_annual'], f'{cur}/year')} "
        f"({today} {qty(summary['baseline_cost'], f'{cur}/year')})",
        *(
            [
                f"  {'Operating':<{name_w}} {col(cost['operating_annual'], f'{cur}/year')} "
                "(energy, demand charge, fuel, purchases, less export; no capital or O&M)"
            ]
            if "operating_annual" in cost
            else []
        ),
        f"  {'LCOE':<{name_w}} {summary['lcoe_per_kwh']:>{width}.4f} {cur}/kWh {served}",
        f"  {'Emissions':<{name_w}} {col(em, 'tCO2/year')} "
        f"({today} {qty(base, 'tCO2/year')}; {-cut:+.1%})",
        f"  {_renewable_words(summary)}, hourly matched {pct(summary['hourly_matched_share'])}",
    ]
    lines += cchp_lines(summary)
    lines += green_lines(summary, cur)
    lines += _target_lines(summary, cur)
    lines = typical_days_lines(summary) + lines
    lines += binding_lines(summary)
    lines += indicator_lines(summary, heat)
    lines += compliance_lines(summary, cur)
    lines += resource_lines(summary)
    return "\n".join(lines)


def green_lines(summary: dict, cur: str) -> list[str]:
    """Hours fully green, green purchases with the market-based emissions, and what an
    hourly target costs against an annual one."""
    lines = []
    green = summary.get("green", {})
    if green:
        hours = summary.get("horizon_hours")
        of = f" of {hours:,} h" if hours else " h"
        lines.append(
            f"  Fully green hours {green['hours_fully_green']:,}{of} "
            f"(longest grid-free run {green['longest_grid_free_run_h']:,} h)"
        )
    if summary.get("green_purchase_mwh"):
        lines.append(
            f"  Green purchase {qty(summary['green_purchase_mwh'], 'MWh/year')}; market-based "
            f"emissions {qty(summary['emissions_market_t'], 'tCO2/year')}"
        )
    cmp = summary.get("hourly_target_comparison")
    if cmp:
        lines.append(
            f"  Hourly target {cmp['target']:.0%} costs "
            f"{qty(cmp['hourly_premium'], f'{cur}/year')} more than an annual renewable "
            f"share of {cmp['target']:.0%}"
        )
    return lines


def _renewable_words(summary: dict) -> str:
    """``renewable_share`` by its definition: local PV and wind delivered (exports included)
    plus green purchases, over the electricity load (with heat: and heat sources). Both
    parts are shown, so a share above 100 % (purchases also cover battery losses and
    exports) reads as what it is."""
    share = summary["renewable_share"]
    local = summary.get("local_renewable_share")
    if local is None:
        return f"Renewable share {pct(share)} of the electricity load"
    return (
        f"Renewable share {pct(share)} of the electricity load = local PV and wind "
        f"{pct(local)} + green purchases {pct(share - local)}"
    )


def typical_days_lines(summary: dict) -> list[str]:
    """What a plan made on typical days stands on: N, and how close this mode came to the
    full year on the default example (``typical_days.MEASURED``)."""
    td = summary.get("typical_days")
    if not td:
        return []
    head = f"  Typical days ({td['n_days']} of {td['calendar_days']}): a screening plan"
    ex = td.get("example_errors")
    if not ex:
        return [head + "; re-solve the chosen plan on the full year"]
    return [
        f"{head}; on the default example {ex['n_days']} typical days came within",
        f"  {ex['objective_rel_error']:.2%} of the full year's cost and "
        f"{ex['capacity_rel_error_max']:.1%} of its capacities (measured {ex['date']})",
    ]


def binding_lines(summary: dict) -> list[str]:
    """Each limit that binds in a sentence with its shadow price (the carbon cap has its own
    line above), and wind as whole turbines."""
    shown = [b for b in summary.get("binding_limits") or [] if b["name"] not in CAP_FIELDS]
    lines = [f"  {b['sentence']}" for b in shown]
    wt = summary.get("wind_turbines")
    if wt:
        lines.append(f"  {wt['sentence']}")
    return lines


CAP_FIELDS = ("carbon.cap_t", "carbon.reduction")
"""Binding limits already printed by the cap's own line."""


def indicator_lines(summary: dict, heat: bool) -> list[str]:
    """The zero-carbon park indicator before and after, the clean shares, Scope 1 and 2."""
    ind = summary.get("indicator")
    if not ind or ind.get("tco2_per_tce") is None:
        return []
    base = ind["baseline"]
    target = ind.get("target_tco2_per_tce")
    aim = f" (target {target:g})" if target is not None else ""
    lines = [
        f"  Zero-carbon park indicator {base['tco2_per_tce']:.3f} -> {ind['tco2_per_tce']:.3f} "
        f"tCO2/tce{aim}, on {qty(ind['energy_tce'], 'tce/year')} (发改环资〔2025〕910号)",
        f"  Clean energy {pct(base['clean_energy_share'])} -> {pct(ind['clean_energy_share'])} "
        f"(with gas {pct(ind['clean_energy_share_with_gas'])}); green power supplied "
        f"directly {pct(ind['green_direct_share'] or 0.0)} of electricity",
    ]
    if heat:
        lines.append(
            f"  Scope 1 {qty(ind['scope1_t'], 'tCO2/year')} (today "
            f"{qty(base['scope1_t'], 'tCO2/year')}), Scope 2 {qty(ind['scope2_t'], 'tCO2/year')} "
            f"(today {qty(base['scope2_t'], 'tCO2/year')})"
        )
    return lines


RULE_WORDS = {
    "tco2_per_tce": "Indicator",
    "clean_energy_share": "Clean energy share",
    "green_direct_share": "Green power supplied directly",
    "gdc_self_use_of_available": "Direct connection: self-use of available generation",
    "gdc_consumption_share": "Direct connection: self-use share of consumption",
    "gdc_export_of_available": "Direct connection: export of available generation",
}
"""Console names of the compliance rules (``compliance.rules``)."""


def compliance_lines(summary: dict, cur: str) -> list[str]:
    """The run judged against the rules a park files against (``compliance``): each rule's
    value against its threshold, PASS or FAIL, and green purchases flagged."""
    c = summary.get("compliance")
    if not c:
        return []
    sources = dict.fromkeys(r["source"] for r in c["rules"])
    lines = [f"  Judged against the rules ({', '.join(sources)}):"]
    for r in c["rules"]:
        lines.append(f"    {RULE_WORDS.get(r['key'], r['key'])}: {_rule_text(r)}")
    gp = c.get("green_purchase")
    if gp:
        share = gp.get("share_of_grid_import")
        of = f" ({pct(share)} of grid imports)" if share is not None else ""
        without = gp.get("tco2_per_tce_without")
        lines.append(
            f"    Green certificates or green power bought: {qty(gp['mwh'], 'MWh/year')}{of}, "
            f"{qty(gp['cost_cny_per_year'], f'{cur}/year')}"
            + (f"; the indicator without them {without:.3f} tCO2/tce" if without else "")
        )
    return lines


def _rule_text(r: dict) -> str:
    """``0.200 tCO2/tce <= 0.2: PASS (required; target, 312 CNY/tCO2)``."""

    def show(x):
        if x is None:
            return "n/a"
        return f"{x:.3f} tCO2/tce" if r["unit"] == "tCO2/tce" else pct(x)

    if r["threshold"] is None:
        return f"{show(r['value'])}: no threshold ({r['note']})"
    sign = "<=" if r["sense"] == "max" else ">="
    verdict = {"pass": "PASS", "fail": "FAIL"}.get(r["status"], r["status"])
    extra = r["kind"]
    if r["target"]:
        price = r.get("shadow_price")
        extra += "; target" + (f", {num(price)} {r['shadow_price_unit']}" if price else "")
    threshold = r["threshold"] if r["unit"] == "tCO2/tce" else pct(r["threshold"])
    return f"{show(r['value'])} {sign} {threshold}: {verdict} ({extra})"


def resource_lines(summary: dict) -> list[str]:
    """The resource check: modelled full-load hours beside the reference, the calibration
    applied, and every warning of the run."""
    r = summary.get("resource") or {}
    refs = r.get("reference") or {}
    lines = []
    for g in TECHNOLOGIES:
        if f"{g.name}_full_load_hours" not in r:
            continue
        if r[f"{g.name}_full_load_hours"] is None:  # a horizon's profile (resource.py)
            lines.append(f"  {g.label} resource not checked: {r['not_checked'][g.name]}")
            continue
        speed = r.get(f"{g.name}_mean_speed_hub_m_per_s")
        at_hub = f"{speed:.2f} m/s at the hub, " if speed is not None else ""
        ref = (refs.get(g.name) or {}).get("full_load_hours")
        against = f" (reference {qty(ref, 'h/year')})" if ref else ""
        lines.append(
            f"  {g.label} resource {at_hub}{qty(r[f'{g.name}_full_load_hours'], 'h/year')} "
            f"net{against}"
        )
    cal = r.get("calibration")
    if cal:
        source = f"; {cal['source']}" if cal.get("source") else ""
        unit = "m/s" if "speed" in cal["method"] else "h/year"
        lines.append(
            f"  Wind calibrated: {cal['method']} {qty(cal['target'], unit)}, "
            f"factor {cal['factor']:.3f}{source}"
        )
    lines += [f"  warning: {w}" for w in summary.get("warnings", [])]
    return lines


def row_unit(row: str, currency: str) -> str:
    """Unit of a flattened summary.json figure (``cost.total_annual`` -> ``CNY/year``)."""
    leaf = row.rsplit(".", 1)[-1]
    if row.startswith("capacity."):  # a named instance's: its technology's unit
        named = capacity_of(leaf)
        return CAPACITY_UNITS.get(leaf) or (named[1].unit if named else "kW")
    if row.startswith("cost.") or row == "baseline_cost":
        return f"{currency}/year"
    if leaf.endswith("_per_kwh"):
        return f"{currency}/kWh"
    if leaf.endswith("_per_t"):
        return f"{currency}/tCO2"
    if leaf.endswith("_per_mwh"):
        return f"{currency}/MWh"
    if leaf.endswith("_share"):
        return "%"
    if row.startswith("battery_cycles"):  # the total and each named battery's
        return "cycles/year"
    if leaf == "tco2_per_tce":
        return "tCO2/tce"
    if leaf.endswith("_t"):
        return "tCO2/year"
    if row.startswith("energy_mwh.") or leaf.endswith("_mwh"):
        return "MWh/year"
    for suffix in ("kwh", "kw", "s", "h"):
        if leaf.endswith(f"_{suffix}"):
            return {"kwh": "kWh", "kw": "kW"}.get(suffix, suffix)
    return "-"


def format_cell(value, unit: str) -> str:
    """One table cell: numbers human (shares in %), text as it is, missing as ``-``."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "-"
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        return str(value)
    if unit == "%":
        return pct(value)
    if unit.endswith("/kWh"):  # prices per kWh: to the 1/100 of a cent, like the summary
        return f"{value:.4f}"
    return num(value)


def format_table(table, currency: str = DEFAULT_CURRENCY) -> str:
    """A comparison table (a DataFrame; rows: flattened summary names, one column per run),
    each row labelled with its unit and formatted for people."""
    labels, rows = [], []
    for name, values in table.iterrows():
        unit = row_unit(str(name), currency)
        labels.append(f"{name} [{unit}]")
        rows.append([format_cell(v, unit) for v in values])
    shown = pd.DataFrame(rows, index=labels, columns=[str(c) for c in table.columns])
    return shown.to_string()


def format_turbines(table) -> str:
    """The turbine library (``parkopt.models.turbines.turbine_table``) as aligned columns:
    name, rated power [kW], rotor diameter [m], hub heights [m] ("-" when none listed)."""
    header = ("turbine type", "rated power [kW]", "rotor diameter [m]", "hub heights [m]")
    rows = [
        (
            str(name),
            num(row["rated_power_kw"]),
            num(row["rotor_diameter_m"]),
            ", ".join(num(h) for h in row["hub_heights_m"]) or "-",
        )
        for name, row in table.iterrows()
    ]
    w = [max(len(r[i]) for r in [header, *rows]) for i in range(3)]
    lines = [
        f"{r[0]:<{w[0]}}  {r[1]:>{w[1]}}  {r[2]:>{w[2]}}  {r[3]}".rstrip() for r in [header, *rows]
    ]
    stand_ins = ", ".join(f"{c} {t}" for c, t in CLASS_STAND_INS.items())
    lines.append(f"\nStand-ins by IEC wind class (technologies.wind.wind_class): {stand_ins}")
    lines.append("A maker's curve: technologies.wind.power_curve (README, Wind resource).")
    return "\n".join(lines)
