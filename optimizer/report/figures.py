"""The report's figures: the folder's PNGs embedded as data URIs (in a fixed order, with
captions per language), and the one figure the report draws itself, the cash flow.

A run folder's PNGs are drawn in English by ``parkopt run`` (``FOLDER_LANG``); a report in
another language draws the run's figures again from timeseries.parquet, monthly.csv and
capacities.csv, labelled in its language with a CJK font, into its page only: the folder's
PNGs are left as they are. A study's figures are embedded as drawn.
"""

from __future__ import annotations

import base64
import io
from pathlib import Path

import matplotlib
from matplotlib.figure import Figure

from parkopt.optimizer.common.text_files import read_frame
from parkopt.optimizer.outputs.results import MONTHLY_FILE, TIMESERIES_FILE, read_capacities
from parkopt.optimizer.plots.run import figure_files
from parkopt.optimizer.report.fonts import figure_language, rc_params
from parkopt.optimizer.report.i18n import FIGURES, figure_caption, labels

DPI = 110
NET, CUMULATIVE, DISCOUNTED = (
    "net_cash_flow_cny",
    "cumulative_cash_flow_cny",
    "cumulative_discounted_cash_flow_cny",
)
BAR_COLOUR, LINE_COLOUR, DISCOUNTED_COLOUR = "#3b8bc2", "#404040", "#d62728"


def data_uri(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def _order(path: Path) -> tuple[int, str]:
    names = list(FIGURES)
    stem = path.stem
    return (names.index(stem) if stem in names else len(names), stem)


def folder_figures(folder: Path, lang: str) -> list[dict]:
    """Every PNG of ``folder`` (not of its subfolders): caption, file name and data URI."""
    return [
        {"caption": figure_caption(p.stem, lang), "name": p.name, "src": data_uri(p.read_bytes())}
        for p in sorted(Path(folder).glob("*.png"), key=_order)
    ]


FOLDER_LANG = "en"
"""The language ``parkopt run`` labels a run folder's PNGs in."""


def redraw(folder: Path, names: list[str], lang: str) -> dict[str, bytes]:
    """The run figures ``names`` (file names) drawn again from the run folder's tables,
    labelled in ``lang`` (with the CJK font for Chinese), as PNG bytes; a figure the run
    does not draw is left out."""
    frame = read_frame(folder / TIMESERIES_FILE, "a run's hourly table")
    monthly = read_frame(folder / MONTHLY_FILE, "a run's monthly table", index_col=0)
    files = figure_files(frame, read_capacities(folder), monthly, lang)
    out = {}
    with matplotlib.rc_context(rc_params(lang)):
        for name in (n for n in names if n in files):
            buffer = io.BytesIO()
            files[name](buffer)
            out[name] = buffer.getvalue()
    return out


def run_figures(folder: Path, lang: str) -> list[dict]:
    """A run folder's figures for a report in ``lang``: the PNGs as drawn when ``lang`` is
    theirs (or no font can show it), else each drawn again in ``lang`` (see ``redraw``)."""
    shown = figure_language(lang)
    figures = folder_figures(folder, lang)
    if shown == FOLDER_LANG or not figures or not (Path(folder) / TIMESERIES_FILE).is_file():
        return figures
    drawn = redraw(Path(folder), [f["name"] for f in figures], shown)
    for f in figures:
        if f["name"] in drawn:
            f["src"] = data_uri(drawn[f["name"]])
    return figures


def _column(rows: list[dict], key: str) -> list[float] | None:
    if not rows or key not in rows[0]:
        return None
    return [float(r[key]) / 1e6 for r in rows]


def cash_flow_png(rows: list[dict], currency: str, lang: str) -> bytes | None:
    """The cash flow (``economics.cash_flow``) drawn: net cash flow per year as bars, the
    cumulative and cumulative discounted sums as lines [million currency]. Labelled in
    ``lang`` when a font can show it (see ``fonts.figure_language``); None without rows."""
    net = _column(rows, NET)
    if net is None:
        return None
    shown = figure_language(lang)
    t = labels(shown)
    years = [int(r.get("year", i)) for i, r in enumerate(rows)]
    with matplotlib.rc_context(rc_params(shown)):
        fig = Figure(figsize=(8.0, 3.6), dpi=DPI)
        ax = fig.add_subplot()
        ax.bar(years, net, color=BAR_COLOUR, label=t["net_flow"])
        for key, colour, name in (
            (CUMULATIVE, LINE_COLOUR, t["cumulative"]),
            (DISCOUNTED, DISCOUNTED_COLOUR, t["cumulative_disc"]),
        ):
            series = _column(rows, key)
            if series is not None:
                ax.plot(years, series, color=colour, marker="o", markersize=3, label=name)
        ax.axhline(0.0, color="black", linewidth=0.8)
        ax.set_xlabel(t["year"])
        ax.set_ylabel(f"{t['million']} {currency}")
        ax.set_title(t["cash_flow_fig"])
        ax.grid(axis="y", alpha=0.3)
        ax.legend(loc="best", fontsize="small")
        fig.tight_layout()
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png")
    return buffer.getvalue()
