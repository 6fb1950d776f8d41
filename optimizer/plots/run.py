"""The figures of one run: a summer and a winter dispatch week, the monthly energy balance,
the battery's state of charge; the green figures are in ``green.py``, the heat and cooling
figures (runs with a heat or cooling section only) and the energy-flow Sankey in ``heat.py``
and ``sankey.py``."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from parkopt.models.units import KW_PER_MW
from parkopt.optimizer.inputs.cchp_inputs import COOLING_DEMAND
from parkopt.optimizer.plots.green import (
    plot_day_hour_percent,
    plot_duration_curves,
    plot_green_heatmap,
    plot_monthly_green,
)
from parkopt.optimizer.plots.heat import (
    heat_levels,
    placed_levels,
    plot_cooling_dispatch,
    plot_heat_dispatch,
    plot_monthly_by_carrier,
)
from parkopt.optimizer.plots.sankey import SANKEY_FILE, energy_flows, sankey_title, write_sankey
from parkopt.optimizer.plots.style import colour, hour_ticks, label, month_labels, save, week_of
from parkopt.optimizer.plots.words import words
from parkopt.optimizer.schema.flows import SUPPLY_COLUMNS, WITHDRAWAL_COLUMNS
from parkopt.optimizer.schema.technologies import GENERATORS


def present(frame: pd.DataFrame, columns) -> list[str]:
    """The registry columns the frame has (power to heat only with a heat section)."""
    return [c for c in columns if c in frame.columns]


def plot_dispatch_week(
    frame: pd.DataFrame, month: int, title: str, path: Path, lang: str = "en"
) -> None:
    """Stacked supply above zero, charging and export below, load as a line [MW]."""
    week, w = week_of(frame, month), words(lang)
    supply, out = present(frame, SUPPLY_COLUMNS), present(frame, WITHDRAWAL_COLUMNS)
    x = np.arange(len(week))
    fig, ax = plt.subplots(figsize=(11, 4.5))
    ax.stackplot(
        x,
        *[week[c] / KW_PER_MW for c in supply],
        labels=[label(c, lang) for c in supply],
        colors=[colour(c) for c in supply],
    )
    ax.stackplot(
        x,
        *[-week[c] / KW_PER_MW for c in out],
        labels=[label(c, lang) for c in out],
        colors=[colour(c) for c in out],
    )
    ax.plot(x, week["load_kw"] / KW_PER_MW, color=colour("load_kw"), lw=1.2, label=w["load"])
    hour_ticks(ax, week, lang)
    ax.set_ylabel(w["power_mw"])
    ax.set_title(title)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8)
    ax.axhline(0, color="k", lw=0.5)
    save(fig, path, lang)


def plot_monthly_balance(frame: pd.DataFrame, path: Path, lang: str = "en") -> None:
    """Monthly energy by source (bars above zero, curtailment on top) and withdrawals (below)
    [MWh]; the load as a mark on each month."""
    monthly = frame.groupby(frame.index.month).sum() / KW_PER_MW
    monthly["curtailed_kw"] = sum(monthly[f"{g.name}_curtailed_kw"] for g in GENERATORS)
    x, w = monthly.index.to_numpy(), words(lang)
    fig, ax = plt.subplots(figsize=(11, 4.8))
    top = np.zeros(len(x))
    for c in (*present(frame, SUPPLY_COLUMNS), "curtailed_kw"):
        ax.bar(x, monthly[c], bottom=top, color=colour(c), label=label(c, lang))
        top += monthly[c].to_numpy()
    bottom = np.zeros(len(x))
    for c in present(frame, WITHDRAWAL_COLUMNS):
        ax.bar(x, -monthly[c], bottom=bottom, color=colour(c), label=label(c, lang))
        bottom -= monthly[c].to_numpy()
    ax.plot(x, monthly["load_kw"], "k_", markersize=18, mew=2, label=w["load"])
    span = max(top.max(), monthly["load_kw"].max()) - min(bottom.min(), 0)
    ax.set_ylim(min(bottom.min(), 0) - 0.05 * span, max(top.max(), monthly["load_kw"].max()) * 1.05)
    ax.set_xticks(x, month_labels(x, lang))
    ax.set_ylabel(w["energy_mwh"])
    ax.set_title(w["monthly_balance"])
    ax.axhline(0, color="k", lw=0.5)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8)
    save(fig, path, lang)


def plot_soc_heatmap(
    frame: pd.DataFrame, capacity_kwh: float, path: Path, lang: str = "en"
) -> None:
    """Battery state of charge as a day x hour heat map [% of energy capacity]."""
    soc = (
        frame["battery_soc_kwh"] / capacity_kwh * 100 if capacity_kwh > 0 else 0 * frame["load_kw"]
    )
    w = words(lang)
    title = w["soc_title"].format(kwh=f"{capacity_kwh:,.0f}")
    plot_day_hour_percent(soc, title, w["soc_axis"], "viridis", path, lang)


COOLING_FILE = "cooling_dispatch_summer_week.png"


def heat_files(frame: pd.DataFrame, lang: str = "en") -> dict[str, Callable[[Path], None]]:
    """The files of the heat and cooling figures by name: a winter week of each level and the
    monthly energy by carrier (none for a frame without heat levels), a summer week of the
    cooling (only for a park with cooling); the energy-flow Sankey (in English only) for a
    frame with heat levels or cooling."""
    levels = heat_levels(frame)
    files: dict[str, Callable[[Path], None]] = {}
    if levels:
        placed = placed_levels(frame, levels)
        for lv in levels:
            files[f"heat_dispatch_{lv}.png"] = partial(
                plot_heat_dispatch, frame, levels, lv, placed, lang=lang
            )
        files["monthly_energy_by_carrier.png"] = partial(
            plot_monthly_by_carrier, frame, levels, lang=lang
        )
    if COOLING_DEMAND in frame.columns:
        files[COOLING_FILE] = partial(plot_cooling_dispatch, frame, lang=lang)
    if levels or COOLING_DEMAND in frame.columns:
        files[SANKEY_FILE] = lambda p: write_sankey(energy_flows(frame), sankey_title(frame), p)
    return files


def figure_files(
    frame: pd.DataFrame, capacities: dict[str, float], monthly: pd.DataFrame, lang: str = "en"
) -> dict[str, Callable]:
    """Every figure of a run by file name, each a function of where to write it (a path, or
    a binary stream for the PNGs), labelled in ``lang``; the heat figures and the Sankey
    where the frame has heat levels."""
    w = words(lang)
    files: dict[str, Callable] = {
        "dispatch_summer_week.png": partial(
            plot_dispatch_week, frame, 7, w["summer_week"], lang=lang
        ),
        "dispatch_winter_week.png": partial(
            plot_dispatch_week, frame, 1, w["winter_week"], lang=lang
        ),
        "monthly_energy_balance.png": partial(plot_monthly_balance, frame, lang=lang),
        "battery_soc_heatmap.png": partial(
            plot_soc_heatmap, frame, capacities["battery_kwh"], lang=lang
        ),
        "green_share_heatmap.png": partial(plot_green_heatmap, frame, lang=lang),
        "duration_curves.png": partial(plot_duration_curves, frame, lang=lang),
        "monthly_green_shares.png": partial(plot_monthly_green, monthly, lang=lang),
    }
    files.update(heat_files(frame, lang))  # none without a heat section
    return files


def plot_run(
    frame: pd.DataFrame, capacities: dict[str, float], monthly: pd.DataFrame, out: Path
) -> list[Path]:
    """Every plot of a run folder (capacities in kW and kWh), in English, and the heat
    figures and the Sankey where the frame has heat levels; returns the files written."""
    out = Path(out)
    files = figure_files(frame, capacities, monthly)
    for name, draw in files.items():
        draw(out / name)
    return [out / n for n in files]
