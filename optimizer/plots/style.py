"""What every figure shares: colours and labels from the technology registry, month names,
human number formats, and one save helper that never leaves a figure open."""

from __future__ import annotations

import calendar
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402 - the backend must be chosen first

from parkopt.optimizer.technologies import FLOWS  # noqa: E402

DPI = 110
MONTH_NAMES = tuple(calendar.month_abbr[m] for m in range(1, 13))
FAILED_COLOUR = "#d62728"


def colour(column: str) -> str:
    return FLOWS[column].colour


def label(column: str) -> str:
    return FLOWS[column].label


def month_labels(months) -> list[str]:
    """'Jan'..'Dec' for month numbers 1-12."""
    return [MONTH_NAMES[int(m) - 1] for m in months]


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
