"""What every figure shares: colours and labels from the technology registry (and the few
colours the registry has no entry for: heat levels, ambient heat, losses), month names, the
week shown by the dispatch figures, and one save helper that never leaves a figure open."""

from __future__ import annotations

import calendar
from pathlib import Path

import matplotlib
import numpy as np
import pandas as pd

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402 - the backend must be chosen first

from parkopt.optimizer.technologies import FLOWS  # noqa: E402

DPI = 110
MONTH_NAMES = tuple(calendar.month_abbr[m] for m in range(1, 13))
FAILED_COLOUR = "#d62728"
WEEK_H = 168
HEAT_LEVEL_COLOURS = ("#b2182b", "#f4a582", "#e6ab02", "#8073ac")
"""Heat levels, hottest first (then repeated)."""
CASCADE_COLOUR = "#66c2a5"  # heat passed between levels
AMBIENT_COLOUR = "#17becf"  # heat a heat pump lifts from the air or a waste-heat source
LOSS_COLOUR = "#bdbdbd"
ELECTRICITY_COLOUR = "#1f4e9c"
ELECTRIC_LOAD_COLOUR = "#404040"


def colour(column: str) -> str:
    return FLOWS[column].colour


def label(column: str) -> str:
    return FLOWS[column].label


def month_labels(months) -> list[str]:
    """'Jan'..'Dec' for month numbers 1-12."""
    return [MONTH_NAMES[int(m) - 1] for m in months]


def level_label(level: str) -> str:
    """'hot_water' -> 'Hot water'."""
    return level.replace("_", " ").capitalize()


def level_colour(levels: list[str], level: str) -> str:
    return HEAT_LEVEL_COLOURS[levels.index(level) % len(HEAT_LEVEL_COLOURS)]


def week_of(frame: pd.DataFrame, month: int) -> pd.DataFrame:
    """The first week starting in ``month`` (or the whole horizon if it is shorter)."""
    if len(frame) <= WEEK_H:
        return frame
    starts = np.flatnonzero(frame.index.month == month)
    start = int(starts[0]) if len(starts) else 0
    start = min(start, len(frame) - WEEK_H)
    return frame.iloc[start : start + WEEK_H]


def hour_ticks(ax, week: pd.DataFrame) -> None:
    """Day ticks (every 6 h on a short horizon) on an axis of hours 0..n-1."""
    x = np.arange(len(week))
    ticks = x[:: 24 if len(x) > 48 else 6]
    ax.set_xticks(ticks, [week.index[i].strftime("%a %d %b\n%H:%M") for i in ticks], fontsize=7)


def save(fig, path: Path) -> None:
    """Lay out, write as PNG (nothing clipped: legends outside the axes are kept) and close."""
    fig.tight_layout()
    fig.savefig(path, dpi=DPI, bbox_inches="tight")
    plt.close(fig)


def footnote(fig, failed: list[tuple[str, str]]) -> None:
    """Name the failed runs under a study figure, one line each (they are not drawn)."""
    if not failed:
        return
    lines = [f"{n}: {reason[:160]}" for n, reason in failed[:6]]
    if len(failed) > 6:
        lines.append(f"... and {len(failed) - 6} more (see study.parquet)")
    text = "Failed runs, not shown:\n" + "\n".join(lines)
    fig.text(0.01, -0.01, text, fontsize=7, color=FAILED_COLOUR, ha="left", va="top")
