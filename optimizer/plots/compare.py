"""Grouped bars of several runs side by side: capacities and the parts of annual cost."""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from parkopt.models.units import KW_PER_MW, MILLION
from parkopt.optimizer.plots.style import FAILED_COLOUR, footnote, save


def plot_compare(table: pd.DataFrame, path: Path, currency: str = "CNY", failed=()) -> None:
    """Capacities [MW, MWh] and cost parts [M currency/year] of each run (the table's
    columns); failed runs get an empty slot marked 'failed'."""
    caps = [r for r in table.index if r.startswith("capacity.")]
    costs = [r for r in table.index if r.startswith("cost.") and r != "cost.total_annual"]
    names = [*table.columns, *[n for n, _ in failed if n not in table.columns]]
    fig, axes = plt.subplots(1, 2, figsize=(13, 4.8))
    for ax, rows, scale, unit in (
        (axes[0], caps, KW_PER_MW, "MW / MWh"),
        (axes[1], costs, MILLION, f"M {currency}/year"),
    ):
        data = table.loc[rows].astype(float).fillna(0.0) / scale
        width = 0.8 / max(len(names), 1)
        x = np.arange(len(rows))
        for i, col in enumerate(names):
            if col in data:
                ax.bar(x + i * width, data[col], width, label=col)
            else:
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
            [r.split(".")[1] for r in rows],
            rotation=30,
            fontsize=8,
        )
        ax.set_ylabel(unit)
        ax.legend(fontsize=7)
    axes[0].set_title("Capacities")
    axes[1].set_title("Cost parts")
    footnote(fig, list(failed))
    save(fig, path)
