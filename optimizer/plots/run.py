"""The figures of one run: a summer and a winter dispatch week, the monthly energy balance,
the battery's state of charge; the green figures are in ``green.py``."""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from parkopt.models.units import KW_PER_MW
from parkopt.optimizer.plots.green import (
    plot_day_hour_percent,
    plot_duration_curves,
    plot_green_heatmap,
    plot_monthly_green,
)
from parkopt.optimizer.plots.style import colour, label, month_labels, save
from parkopt.optimizer.technologies import GENERATORS, SUPPLY_COLUMNS, WITHDRAWAL_COLUMNS

WEEK_H = 168


def _week(frame: pd.DataFrame, month: int) -> pd.DataFrame:
    """The first week starting in ``month`` (or the whole horizon if it is shorter)."""
    if len(frame) <= WEEK_H:
        return frame
    starts = np.flatnonzero(frame.index.month == month)
    start = int(starts[0]) if len(starts) else 0
    start = min(start, len(frame) - WEEK_H)
    return frame.iloc[start : start + WEEK_H]


def plot_dispatch_week(frame: pd.DataFrame, month: int, title: str, path: Path) -> None:
    """Stacked supply above zero, charging and export below, load as a line [MW]."""
    week = _week(frame, month)
    x = np.arange(len(week))
    fig, ax = plt.subplots(figsize=(11, 4.5))
    ax.stackplot(
        x,
        *[week[c] / KW_PER_MW for c in SUPPLY_COLUMNS],
        labels=[label(c) for c in SUPPLY_COLUMNS],
        colors=[colour(c) for c in SUPPLY_COLUMNS],
    )
    ax.stackplot(
        x,
        *[-week[c] / KW_PER_MW for c in WITHDRAWAL_COLUMNS],
        labels=[label(c) for c in WITHDRAWAL_COLUMNS],
        colors=[colour(c) for c in WITHDRAWAL_COLUMNS],
    )
    ax.plot(x, week["load_kw"] / KW_PER_MW, color=colour("load_kw"), lw=1.2, label="Load")
    ticks = x[:: 24 if len(x) > 48 else 6]
    ax.set_xticks(ticks, [week.index[i].strftime("%a %d %b\n%H:%M") for i in ticks], fontsize=7)
    ax.set_ylabel("Power [MW]")
    ax.set_title(title)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8)
    ax.axhline(0, color="k", lw=0.5)
    save(fig, path)


def plot_monthly_balance(frame: pd.DataFrame, path: Path) -> None:
    """Monthly energy by source (bars above zero, curtailment on top) and withdrawals (below)
    [MWh]; the load as a mark on each month."""
    monthly = frame.groupby(frame.index.month).sum() / KW_PER_MW
    monthly["curtailed_kw"] = sum(monthly[f"{g.name}_curtailed_kw"] for g in GENERATORS)
    x = monthly.index.to_numpy()
    fig, ax = plt.subplots(figsize=(11, 4.8))
    top = np.zeros(len(x))
    for c in (*SUPPLY_COLUMNS, "curtailed_kw"):
        ax.bar(x, monthly[c], bottom=top, color=colour(c), label=label(c))
        top += monthly[c].to_numpy()
    bottom = np.zeros(len(x))
    for c in WITHDRAWAL_COLUMNS:
        ax.bar(x, -monthly[c], bottom=bottom, color=colour(c), label=label(c))
        bottom -= monthly[c].to_numpy()
    ax.plot(x, monthly["load_kw"], "k_", markersize=18, mew=2, label="Load")
    span = max(top.max(), monthly["load_kw"].max()) - min(bottom.min(), 0)
    ax.set_ylim(min(bottom.min(), 0) - 0.05 * span, max(top.max(), monthly["load_kw"].max()) * 1.05)
    ax.set_xticks(x, month_labels(x))
    ax.set_ylabel("Energy [MWh]")
    ax.set_title("Monthly energy balance")
    ax.axhline(0, color="k", lw=0.5)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8)
    save(fig, path)


def plot_soc_heatmap(frame: pd.DataFrame, capacity_kwh: float, path: Path) -> None:
    """Battery state of charge as a day x hour heat map [% of energy capacity]."""
    soc = (
        frame["battery_soc_kwh"] / capacity_kwh * 100 if capacity_kwh > 0 else 0 * frame["load_kw"]
    )
    title = f"Battery state of charge ({capacity_kwh:,.0f} kWh)"
    plot_day_hour_percent(soc, title, "SOC [%]", "viridis", path)


def plot_run(
    frame: pd.DataFrame, capacities: dict[str, float], monthly: pd.DataFrame, out: Path
) -> list[Path]:
    """Every plot of a run folder (capacities in kW and kWh); returns the files written."""
    out = Path(out)
    files = {
        "dispatch_summer_week.png": lambda p: plot_dispatch_week(frame, 7, "Summer week (July)", p),
        "dispatch_winter_week.png": lambda p: plot_dispatch_week(
            frame, 1, "Winter week (January)", p
        ),
        "monthly_energy_balance.png": lambda p: plot_monthly_balance(frame, p),
        "battery_soc_heatmap.png": lambda p: plot_soc_heatmap(frame, capacities["battery_kwh"], p),
        "green_share_heatmap.png": lambda p: plot_green_heatmap(frame, p),
        "duration_curves.png": lambda p: plot_duration_curves(frame, p),
        "monthly_green_shares.png": lambda p: plot_monthly_green(monthly, p),
    }
    for name, draw in files.items():
        draw(out / name)
    return [out / n for n in files]
