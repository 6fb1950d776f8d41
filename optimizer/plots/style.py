"""What every figure shares: colours and labels from the technology registry (and the few
colours the registry has no entry for: heat levels, ambient heat, losses), month names, the
week shown by the dispatch figures, and one save helper that never leaves a figure open and
records the figure's words in the PNG (``figure_texts``: what a test reads back)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import BinaryIO

import matplotlib
import numpy as np
import pandas as pd

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402 - the backend must be chosen first

from parkopt.optimizer.plots.words import (  # noqa: E402
    flow_label,
    level_name,
    month_names,
    tick_label,
)
from parkopt.optimizer.schema.flows import FLOWS  # noqa: E402

DPI = 110
MONTH_NAMES = month_names("en")
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


def label(column: str, lang: str = "en") -> str:
    return flow_label(column, lang)


def month_labels(months, lang: str = "en") -> list[str]:
    """'Jan'..'Dec' (1月..12月) for month numbers 1-12."""
    names = month_names(lang)
    return [names[int(m) - 1] for m in months]


def level_label(level: str, lang: str = "en") -> str:
    """'hot_water' -> 'Hot water' (热水)."""
    return level_name(level, lang)


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


def hour_ticks(ax, week: pd.DataFrame, lang: str = "en") -> None:
    """Day ticks (every 6 h on a short horizon) on an axis of hours 0..n-1."""
    x = np.arange(len(week))
    ticks = x[:: 24 if len(x) > 48 else 6]
    ax.set_xticks(ticks, [tick_label(week.index[i], lang) for i in ticks], fontsize=7)


TEXTS_KEY = "parkopt:texts"
"""The PNG text chunk holding a figure's words (a JSON list) and ``Language``, its language."""


def figure_texts(fig) -> list[str]:
    """Every word a figure shows: its axes' titles and axis labels, tick labels that are not
    numbers, legend entries and free text (a colour bar's label is its axes' label)."""
    out = [t.get_text() for t in fig.texts]
    for ax in fig.axes:
        out += [ax.get_title(), ax.get_xlabel(), ax.get_ylabel()]
        for tick in (*ax.get_xticklabels(), *ax.get_yticklabels()):
            text = tick.get_text()
            if text and not text.replace("\u2212", "-").lstrip("-").replace(".", "").isdigit():
                out.append(text)
        legend = ax.get_legend()
        if legend is not None:
            out += [t.get_text() for t in legend.get_texts()]
    return [t for t in out if t]


def save(fig, path: Path | BinaryIO, lang: str = "en") -> None:
    """Lay out, write as PNG (nothing clipped: legends outside the axes are kept) to a file or
    a binary stream, with the figure's words and language as PNG text, and close."""
    fig.tight_layout()
    meta = {TEXTS_KEY: json.dumps(figure_texts(fig), ensure_ascii=False), "Language": lang}
    title = next((ax.get_title() for ax in fig.axes if ax.get_title()), "")
    if title:
        meta["Title"] = title
    fig.savefig(path, dpi=DPI, bbox_inches="tight", format="png", metadata=meta)
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
