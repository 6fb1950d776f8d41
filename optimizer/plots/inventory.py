"""The figures of an inventory folder: firms ranked by tCO2, the park's monthly emissions by
carrier, the park's electricity load as a day x hour heat map."""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from parkopt.models.units import KW_PER_MW
from parkopt.optimizer.plots.green import plot_day_hour
from parkopt.optimizer.plots.style import month_labels, save

CARRIER_COLOURS = {"electricity": "#8c8c8c", "natural_gas": "#8c564b", "heat": "#d62728"}
CARRIER_LABELS = {"electricity": "Electricity", "natural_gas": "Natural gas", "heat": "Heat"}
TOP_FIRMS = 20


def plot_firms_ranked(monthly: pd.DataFrame, park: str, path: Path) -> None:
    """The largest emitters (tCO2/year), stacked by carrier; the rest as one bar."""
    firms = monthly[monthly["firm"] != park]
    table = firms.pivot_table(
        index="firm", columns="carrier", values="emissions_t", aggfunc="sum", fill_value=0.0
    )
    table = table.loc[table.sum(axis=1).sort_values(ascending=False).index]
    top = table.iloc[:TOP_FIRMS]
    rest = table.iloc[TOP_FIRMS:]
    if len(rest):
        top = pd.concat([top, rest.sum().to_frame(f"other {len(rest)} firms").T])
    fig, ax = plt.subplots(figsize=(11, 4.8))
    x = np.arange(len(top))
    bottom = np.zeros(len(top))
    for carrier in [c for c in CARRIER_COLOURS if c in top]:
        ax.bar(
            x,
            top[carrier],
            bottom=bottom,
            color=CARRIER_COLOURS[carrier],
            label=CARRIER_LABELS[carrier],
        )
        bottom += top[carrier].to_numpy()
    ax.set_xticks(x, top.index, rotation=60, ha="right", fontsize=8)
    ax.set_ylabel("Emissions [tCO2/year]")
    ax.set_title(f"Firms ranked by emissions (top {min(TOP_FIRMS, len(table))} of {len(table)})")
    ax.legend()
    save(fig, path)


def plot_monthly_emissions(monthly: pd.DataFrame, park: str, path: Path) -> None:
    """The park's emissions each month, stacked by carrier [tCO2]; incomplete months hatched."""
    rows = monthly[monthly["firm"] == park]
    table = rows.pivot_table(index="month", columns="carrier", values="emissions_t", aggfunc="sum")
    complete = rows.groupby("month")["complete"].all().reindex(table.index)
    fig, ax = plt.subplots(figsize=(11, 4.5))
    x = np.arange(len(table))
    bottom = np.zeros(len(table))
    for carrier in [c for c in CARRIER_COLOURS if c in table]:
        values = table[carrier].fillna(0.0).to_numpy()
        bars = ax.bar(
            x, values, bottom=bottom, color=CARRIER_COLOURS[carrier], label=CARRIER_LABELS[carrier]
        )
        for bar, whole in zip(bars, complete.to_numpy(), strict=True):
            if not whole:
                bar.set_hatch("//")
        bottom += values
    months = [int(m[-2:]) for m in table.index]
    ax.set_xticks(x, month_labels(months))
    ax.set_ylabel("Emissions [tCO2]")
    title = "Park emissions by month and carrier"
    if not complete.all():
        title += " (hatched: a month with gaps too long to fill)"
    ax.set_title(title)
    ax.legend()
    save(fig, path)


def plot_inventory(monthly: pd.DataFrame, profiles: pd.DataFrame, park: str, out: Path):
    """Every figure of an inventory folder; returns the files written."""
    out = Path(out)
    files = {
        "firms_ranked.png": lambda p: plot_firms_ranked(monthly, park, p),
        "monthly_emissions.png": lambda p: plot_monthly_emissions(monthly, park, p),
        "park_load_heatmap.png": lambda p: plot_day_hour(
            profiles["electricity_kw"] / KW_PER_MW,
            "Park electricity load",
            "Load [MW]",
            "viridis",
            p,
        ),
    }
    for name, draw in files.items():
        draw(out / name)
    return [out / n for n in files]
