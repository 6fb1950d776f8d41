"""The pathway on the console: what to build each period, the path against the targets,
and the money (every figure with its unit)."""

from __future__ import annotations

import pandas as pd

from parkopt.optimizer.schema.technologies import TECH_OF_CAPACITY


def _target(row: dict, key: str) -> str:
    value = row["targets"].get(key)
    return "-" if value is None else f"{value:.3g}"


def _built_line(rows: list[dict], year: int) -> str:
    """What is bought in ``year``: ``PV 40,000 kW_DC (roof_east 3,000, ground 37,000),
    Battery power 38,256 kW``: each capacity of the registry, its named instances' part in
    brackets."""
    parts = []
    for r in rows:
        if r["year"] != year or r["built"] <= 0.5 or r["instance"] is not None:
            continue
        key = r["capacity"]
        label = next(c.label for c in TECH_OF_CAPACITY[key].capacities if c.key == key)
        own = [
            f"{i['instance']} {i['built']:,.0f}"
            for i in rows
            if i["year"] == year
            and i["instance"] is not None
            and i["built"] > 0.5
            and i["technology"] == r["technology"]
            and i["unit"] == r["unit"]
        ]
        detail = f" ({', '.join(own)})" if own else ""
        parts.append(f"{label} {r['built']:,.0f} {r['unit']}{detail}")
    return ", ".join(parts) or "nothing"


def format_pathway(summary: dict) -> str:
    """Lines a planner reads first: per period what is built and the indicator, clean share
    and emissions against the period's targets; then investment, NPV, IRR and payback."""
    cur = summary["currency"]
    lines = [
        f"  pathway {summary['first_year']}-{summary['end_year'] - 1}: "
        f"{len(summary['path'])} periods, discounted to {summary['base_year']} at "
        f"{summary['discount_rate']:.1%}"
    ]
    table = pd.DataFrame(
        {
            "year": [r["year"] for r in summary["path"]],
            "tCO2/tce": [f"{r['tco2_per_tce']:.3f}" for r in summary["path"]],
            "target": [_target(r, "tco2_per_tce") for r in summary["path"]],
            "clean share": [f"{r['clean_energy_share']:.1%}" for r in summary["path"]],
            "emissions tCO2/yr": [f"{r['emissions_t']:,.0f}" for r in summary["path"]],
            f"cost {cur}/yr": [
                f"{r['operating_cost'] + r['fixed_om']:,.0f}" for r in summary["path"]
            ],
        }
    )
    lines += ["  " + line for line in table.to_string(index=False).splitlines()]
    for r in summary["path"]:
        lines.append(f"  build {r['year']}: {_built_line(summary['schedule'], r['year'])}")
    irr = summary["irr"]
    payback = summary["simple_payback_years"]
    lines.append(
        f"  investment {summary['investment_total']:,.0f} {cur}; NPV {summary['npv']:,.0f} {cur} "
        f"against business as usual; IRR {'-' if irr is None else f'{irr:.1%}'}; payback "
        f"{'-' if payback is None else f'{payback:.1f} years'}"
    )
    lines.append(f"  present value of the pathway's costs {summary['objective']:,.0f} {cur}")
    return "\n".join(lines)
