"""Grouped bars of several runs side by side: capacities and the parts of annual cost."""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from parkopt.models.units import KW_PER_MW, MILLION
from parkopt.optimizer.plots.style import FAILED_COLOUR, footnote, save
from parkopt.optimizer.schema.technologies import CAPACITIES

CAPACITY_LABELS = {
    f"capacity.{c.key}": f"{c.label}\n[{c.unit.replace('kW', 'MW')}]" for c in CAPACITIES
}
"""A capacity row's bar label: the registry's label and its unit in the plot's scale
(kW_DC -> MW_DC, kWh_th -> MWh_th)."""
COST_LABELS = {
    "cost.capex_annual": "Capital (annualised)",
    "cost.fixed_om": "Fixed O&M",
    "cost.grid_import": "Grid energy",
    "cost.demand_charge": "Demand charge",
    "cost.green_purchase": "Green purchases",
    "cost.contract_payments": "Contract payments",
    "cost.ppa_payments": "Own plants' energy (PPA)",
    "cost.gas": "Natural gas",
    "cost.purchased_heat": "Purchased heat",
    "cost.export_revenue": "Export revenue (earned)",
}
"""A cost row's bar label; rows not named here show their summary.json name."""
ZERO = 1e-9
"""A category whose every run is within this of 0 [MW or M currency/year] is left out."""


def shown_rows(table: pd.DataFrame, prefix: str, skip: tuple[str, ...] = ()) -> list[str]:
    """Rows of ``table`` starting with ``prefix`` that are non-zero in at least one run."""
    rows = [r for r in table.index if r.startswith(prefix) and r not in skip]
    values = table.loc[rows].apply(pd.to_numeric, errors="coerce").fillna(0.0)
    return [r for r in rows if (values.loc[r].abs() > ZERO).any()]


def bar_label(row: str) -> str:
    """What a bar category is called on the figure."""
    return CAPACITY_LABELS.get(row) or COST_LABELS.get(row) or row.split(".", 1)[1]


def plot_compare(table: pd.DataFrame, path: Path, currency: str = "CNY", failed=()) -> None:
    """Capacities [MW, MWh] and cost parts [M currency/year] of each run (the table's
    columns, whose names are the legend), labelled by the technology registry; categories
    that are 0 in every run are left out; failed runs get an empty slot marked 'failed'."""
    caps = shown_rows(table, "capacity.")
    costs = shown_rows(table, "cost.", skip=("cost.total_annual", "cost.operating_annual"))
    names = [*table.columns, *[n for n, _ in failed if n not in table.columns]]
    fig, axes = plt.subplots(1, 2, figsize=(13, 4.8))
    for ax, rows, scale, unit in (
        (axes[0], caps, KW_PER_MW, "Capacity [MW, MWh]"),
        (axes[1], costs, MILLION, f"M {currency}/year"),
    ):
        data = table.loc[rows].apply(pd.to_numeric, errors="coerce").fillna(0.0) / scale
        width = 0.8 / max(len(names), 1)
        x = np.arange(len(rows))
        for i, col in enumerate(names):
            if col in data:
                ax.bar(x + i * width, data[col], width, label=str(col))
                continue
            ax.bar(
                x + i * width,
                np.zeros(len(rows)),
                width,
                label=f"{col} (failed)",
                color=FAILED_COLOUR,
            )
            for xi in x:
                ax.text(
                    xi + i * width,
                    0,
                    "failed",
                    rotation=90,
                    fontsize=7,
                    color=FAILED_COLOUR,
                    ha="center",
                    va="bottom",
                )
        ax.set_xticks(
            x + width * (len(names) - 1) / 2,
            [bar_label(r) for r in rows],
            rotation=30,
            ha="right",
            fontsize=8,
        )
        ax.set_ylabel(unit)
        if names:
            ax.legend(fontsize=7)
    axes[0].set_title("Capacities")
    axes[1].set_title("Cost parts")
    footnote(fig, list(failed))
    save(fig, path)
