"""Green figures of a run: the hourly green share and the SOC as day x hour maps, the load
and grid-import duration curves, the monthly green shares."""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from parkopt.models.units import KW_PER_MW
from parkopt.optimizer.plots.style import colour, month_labels, save
from parkopt.optimizer.plots.words import words


def plot_day_hour_percent(
    values_pct: pd.Series, title: str, label: str, cmap: str, path: Path, lang: str = "en"
) -> None:
    """An hourly series [%] as a day-of-year x hour-of-day heat map, 0 to 100 %."""
    plot_day_hour(values_pct, title, label, cmap, path, vmin=0, vmax=100, lang=lang)


def plot_day_hour(
    values: pd.Series,
    title: str,
    label: str,
    cmap: str,
    path: Path,
    vmin: float | None = None,
    vmax: float | None = None,
    lang: str = "en",
) -> None:
    """An hourly series as a day-of-year x hour-of-day heat map (colour range from the
    data unless given)."""
    table = pd.DataFrame(
        {"day": values.index.dayofyear, "hour": values.index.hour, "v": values.to_numpy()}
    ).pivot_table(index="hour", columns="day", values="v", aggfunc="mean")
    fig, ax = plt.subplots(figsize=(11, 3.8))
    im = ax.imshow(
        table.to_numpy(),
        aspect="auto",
        origin="lower",
        cmap=cmap,
        interpolation="nearest",
        vmin=vmin,
        vmax=vmax,
        extent=(table.columns.min() - 0.5, table.columns.max() + 0.5, -0.5, 23.5),
    )
    ax.set_xlabel(words(lang)["day_of_year"])
    ax.set_ylabel(words(lang)["hour_of_day"])
    ax.set_title(title)
    fig.colorbar(im, ax=ax, label=label)
    save(fig, path, lang)


def plot_green_heatmap(frame: pd.DataFrame, path: Path, lang: str = "en") -> None:
    """Hourly green share (matched load / load) as a day x hour heat map [%]."""
    share = (frame["matched_kw"] / frame["load_kw"].where(frame["load_kw"] > 0)).fillna(1.0)
    w = words(lang)
    plot_day_hour_percent(share * 100, w["green_title"], w["green_axis"], "RdYlGn", path, lang)


def plot_duration_curves(frame: pd.DataFrame, path: Path, lang: str = "en") -> None:
    """The load and the grid import, each sorted from its largest hour down [MW]: the gap
    between the two curves is what local supply (directly or through the battery) takes off
    the grid, and the import curve's zero hours are the hours the park runs without it."""
    load = np.sort(frame["load_kw"].to_numpy())[::-1] / KW_PER_MW
    imp = np.sort(frame["grid_import_kw"].to_numpy())[::-1] / KW_PER_MW
    x = np.arange(1, len(load) + 1)
    grid_free, w = int((frame["grid_import_kw"] <= 1e-6).sum()), words(lang)
    fig, ax = plt.subplots(figsize=(10, 4.5))
    ax.fill_between(
        x,
        imp,
        load,
        where=load >= imp,
        color=colour("pv_kw"),
        alpha=0.5,
        label=w["taken_off"],
    )
    ax.plot(x, load, color=colour("load_kw"), lw=1.4, label=w["load"])
    ax.plot(x, imp, color=colour("grid_import_kw"), lw=1.4, label=w["grid_import"])
    ax.set_xlabel(w["duration_x"])
    ax.set_ylabel(w["power_mw"])
    ax.set_title(w["duration_title"].format(hours=f"{grid_free:,}"))
    ax.set_xlim(1, len(load))
    ax.set_ylim(bottom=0)
    ax.legend(fontsize=8, loc="upper right")
    save(fig, path, lang)


def plot_monthly_green(monthly: pd.DataFrame, path: Path, lang: str = "en") -> None:
    """Monthly renewable share (annual netting) and hourly matched share [%]."""
    x, w = monthly.index.to_numpy(), words(lang)
    fig, ax = plt.subplots(figsize=(10, 4))
    ax.bar(
        x - 0.2,
        monthly["renewable_share"] * 100,
        0.4,
        color=colour("wind_kw"),
        label=w["renewable_share"],
    )
    ax.bar(
        x + 0.2,
        monthly["hourly_matched_share"] * 100,
        0.4,
        color=colour("grid_export_kw"),
        label=w["hourly_matched"],
    )
    ax.set_xticks(x, month_labels(x, lang))
    ax.set_ylabel(w["share_of_load"])
    ax.set_title(w["monthly_green"])
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1))
    save(fig, path, lang)
