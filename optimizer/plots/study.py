"""Figures of a study: the siting map, the cap sweep's frontier and abatement curve, the
sensitivity tornado. Failed runs are named under each figure (``style.footnote``)."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from parkopt.models.units import KW_PER_MW, MILLION
from parkopt.optimizer.plots.style import FAILED_COLOUR, footnote, save
from parkopt.optimizer.schema.technologies import CAPACITIES, GENERATORS

COST = "cost.total_annual"
STUDY_OUTPUTS = {
    COST: ("Total annual cost", MILLION, "M {currency}"),
    **{f"capacity.{c.key}": (c.label, KW_PER_MW, c.unit.replace("kW", "MW")) for c in CAPACITIES},
}
"""Outputs of a sensitivity study: label, scale and unit."""
PAGE_WIDTH_IN = 10.0  # at style.DPI, about the width of the report's page
TORNADO_COLUMNS = 3
TICK_WIDTH = 24  # characters a line of a tornado's input label
MOVED_TOL = 1e-6  # an effect below this (in the shown unit) is no effect


def plot_siting_map(ranked: pd.DataFrame, path: Path, currency: str, failed=()) -> None:
    """Sites by longitude and latitude, coloured by levelised cost [currency/kWh]."""
    fig, ax = plt.subplots(figsize=(8, 5.5))
    sc = ax.scatter(
        ranked["longitude_deg"],
        ranked["latitude_deg"],
        c=ranked["lcoe_per_kwh"],
        cmap="viridis_r",
        s=120,
    )
    for _, r in ranked.iterrows():
        ax.annotate(
            f"{r['rank']}. {r['site']}",
            (r["longitude_deg"], r["latitude_deg"]),
            fontsize=8,
            xytext=(5, 5),
            textcoords="offset points",
        )
    ax.margins(x=0.2, y=0.15)  # room for the labels
    ax.set_xlabel("Longitude [deg E]")
    ax.set_ylabel("Latitude [deg N]")
    ax.set_title("Sites by levelised cost of the park's electricity")
    fig.colorbar(sc, ax=ax, label=f"LCOE [{currency}/kWh]")
    footnote(fig, list(failed))
    save(fig, path)


def plot_siting_resource(ranked: pd.DataFrame, path: Path, failed=()) -> None:
    """Per site: modelled wind and PV full-load hours (bars) beside their references (marks)
    [h/year], the wind calibration factor written over each wind bar."""
    sites = ranked["site"].astype(str).tolist()
    x = np.arange(len(sites))
    fig, ax = plt.subplots(figsize=(max(8, 1.1 * len(sites)), 4.8))
    kinds = [g for g in GENERATORS if f"{g.name}_full_load_hours" in ranked]
    width = 0.8 / max(len(kinds), 1)
    for i, g in enumerate(kinds):
        offset = (i - (len(kinds) - 1) / 2) * width
        col = f"{g.name}_full_load_hours"
        ax.bar(x + offset, ranked[col], width, color=g.colour, label=f"{g.label} modelled")
        ref = f"{g.name}_reference_full_load_hours"
        if ref in ranked:
            ax.plot(x + offset, ranked[ref], "k_", ms=16, mew=2)
    ax.plot([], [], "k_", ms=16, mew=2, label="Reference")
    if "wind_calibration_factor" in ranked:
        for xi, f, h in zip(
            x,
            ranked["wind_calibration_factor"],
            ranked.get("wind_full_load_hours", []),
            strict=False,
        ):
            if pd.notna(f):
                wind_x = xi + ([g.name for g in kinds].index("wind") - (len(kinds) - 1) / 2) * width
                ax.annotate(f"x{f:.2f}", (wind_x, h), ha="center", va="bottom", fontsize=7)
    ax.set_xticks(x, sites, rotation=20, fontsize=8)
    ax.set_ylabel("Full-load hours [h/year]")
    ax.set_title("Resource by site: modelled (net) against reference; x = wind speed calibration")
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1))
    footnote(fig, list(failed))
    save(fig, path)


def plot_cap_sweep(
    ok: pd.DataFrame, frontier: Path, abatement: Path, currency: str, failed=(), failed_caps=()
) -> None:
    """Cost against emissions (the frontier) and the marginal abatement cost along it; the
    caps of failed runs are marked with a red x on the emissions axis."""
    ok = ok.sort_values("emissions_market_t")
    x = ok["emissions_market_t"] / 1e3
    for path, y, ylabel, title in (
        (
            frontier,
            ok[COST] / MILLION,
            f"Total annual cost [M {currency}/year]",
            "Cost against emissions",
        ),
        (
            abatement,
            ok["abatement_cost_per_t"].fillna(0.0),
            f"Marginal abatement cost [{currency}/tCO2]",
            "Marginal abatement cost (the carbon cap's shadow price)",
        ),
    ):
        fig, ax = plt.subplots(figsize=(8, 5))
        ax.plot(x, y, "o-")
        if len(failed_caps):
            ax.plot(
                np.asarray(failed_caps) / 1e3,
                np.full(len(failed_caps), y.min()),
                "x",
                color=FAILED_COLOUR,
                ms=10,
                mew=2,
                label="Failed run (cap shown)",
            )
            ax.legend(fontsize=8)
        ax.set_xlabel("Emissions (market-based) [ktCO2/year]")
        ax.set_ylabel(ylabel)
        ax.set_title(title)
        ax.grid(alpha=0.3)
        footnote(fig, list(failed))
        save(fig, path)


def _short(name: str, width: int = TICK_WIDTH) -> str:
    """An input's path for a tick label: without ``technologies.``, wrapped at its dots and
    underscores into lines of about ``width`` characters."""
    parts = re.split(r"(?<=[._])", name.removeprefix("technologies."))
    lines = [""]
    for part in parts:
        if lines[-1] and len(lines[-1]) + len(part) > width:
            lines.append("")
        lines[-1] += part
    return "\n".join(lines)


def _moved(effects: pd.DataFrame) -> list[str]:
    """The outputs some input moves (total cost always): a capacity no run builds is left out."""
    return [
        out
        for out in effects.columns
        if out == COST or (effects[out].abs() / STUDY_OUTPUTS[out][1] > MOVED_TOL).any()
    ]


def plot_tornado(effects: pd.DataFrame, path: Path, currency: str, failed=()) -> None:
    """One panel per output some input moves (up to ``TORNADO_COLUMNS`` a row), inputs sorted
    by the size of their effect on total cost; a page wide at most ``PAGE_WIDTH_IN``."""
    outputs = _moved(effects)
    order = effects[COST].abs().sort_values().index
    ncols = min(len(outputs), TORNADO_COLUMNS)
    nrows = -(-len(outputs) // ncols)
    fig, axes = plt.subplots(
        nrows,
        ncols,
        figsize=(min(PAGE_WIDTH_IN, 3.6 * ncols + 2.2), nrows * (0.42 * len(order) + 1.3) + 0.5),
        squeeze=False,
    )
    for i, ax in enumerate(axes.flat):
        if i >= len(outputs):
            ax.set_visible(False)
            continue
        name, scale, unit = STUDY_OUTPUTS[outputs[i]]
        values = effects.loc[order, outputs[i]] / scale
        ax.barh(
            range(len(order)), values, color=["#d62728" if v > 0 else "#2ca02c" for v in values]
        )
        labels = [_short(n) for n in order] if i % ncols == 0 else []
        ax.set_yticks(range(len(order)), labels, fontsize=7.5)
        ax.axvline(0, color="k", lw=0.5)
        ax.tick_params(axis="x", labelsize=8)
        title = textwrap.fill(f"Effect on {name}", 34)
        ax.set_title(f"{title}\n[{unit.format(currency=currency)}]", fontsize=9)
    fig.suptitle("Sensitivity: mean of the high quarter minus the low quarter of each input")
    footnote(fig, list(failed))
    save(fig, path)
