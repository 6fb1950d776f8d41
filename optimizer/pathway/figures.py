"""The figures of a pathway folder, drawn from its figures (``pathway.json`` or the
``PathwayPlan.summary``): the capacity serving each year by technology with what was built
marked, the indicator and the clean energy share against each period's targets, and each
year's investment and savings with the cumulative discounted cash flow.

``plot_pathway(summary, folder, lang)`` writes the three PNGs (English by default, what
``write_pathway`` draws); ``pathway_figure_files`` gives each as a function of where to
write it (a path or a binary stream), which the report uses to draw them in Chinese into
its page only. The words are here in both languages; a Chinese figure needs a CJK font set
by its caller (``report/fonts.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import Patch

from parkopt.models.units import KW_PER_MW, MILLION
from parkopt.optimizer.accounts.compliance import CLEAN_SHARE_GUIDE, NOTICE
from parkopt.optimizer.plots.style import save
from parkopt.optimizer.report.i18n import CAPACITY_EN, TECHNOLOGY_ZH
from parkopt.optimizer.schema.technologies import CAPACITY_KEYS, TECH_OF_CAPACITY

CAPACITY_FIG, INDICATOR_FIG, CASH_FLOW_FIG = "pathway_capacity", "pathway_indicator", "pathway_cash"
FILES = (CAPACITY_FIG, INDICATOR_FIG, CASH_FLOW_FIG)
"""The figures' file stems, in the report's order."""
ACCEPTANCE_TCO2_PER_TCE = 0.2
"""The notice's core indicator at acceptance for parks of 200,000-1,000,000 tce a year."""
PLAN_COLOUR, TARGET_COLOUR, NOTICE_COLOUR = "#1f4e9c", "#c62828", "#7f7f7f"
INVEST_COLOUR, SAVINGS_COLOUR, RESIDUAL_COLOUR, CUMULATIVE_COLOUR = (
    "#d62728",
    "#3b8bc2",
    "#9e9e9e",
    "#222222",
)

WORDS: dict[str, dict[str, str]] = {
    "en": {
        "capacity_title": "Capacity serving each year by technology (hatched: built that year)",
        "power": "Power",
        "energy": "Storage energy",
        "power_axis": "Capacity [{unit}; PV {unit}_DC, heat {unit}_th]",
        "energy_axis": "Energy capacity [{unit}; heat {unit}_th]",
        "built": "built that year",
        "year": "Year",
        "indicator_title": "The path of the zero-carbon park indicator against each period's "
        "targets",
        "indicator": "Carbon per unit of energy used",
        "indicator_axis": "Indicator [tCO2/tce]",
        "clean": "Clean energy share of energy used",
        "clean_axis": "Clean energy share [%]",
        "plan": "plan",
        "target": "target of the period",
        "notice": "the notice's 0.2 at acceptance",
        "notice_clean": "the notice's guiding 90%",
        "cash_title": "Investment and savings each year, and the cumulative discounted cash flow",
        "money_axis": "Money [million {currency}]",
        "investment": "investment",
        "savings": "savings against business as usual",
        "residual": "residual value",
        "cumulative": "cumulative discounted cash flow (NPV at the end)",
    },
    "zh": {
        "capacity_title": "各年在役容量（按技术；斜线：当年新建）",
        "power": "功率",
        "energy": "储能容量",
        "power_axis": "在役容量 [{unit}；光伏 {unit}_DC，热力 {unit}_th]",
        "energy_axis": "在役储能容量 [{unit}；储热 {unit}_th]",
        "built": "当年新建",
        "year": "年份",
        "indicator_title": "零碳园区指标路径与各期目标",
        "indicator": "单位能耗碳排放",
        "indicator_axis": "指标 [tCO2/tce]",
        "clean": "清洁能源消费占比",
        "clean_axis": "清洁能源占比 [%]",
        "plan": "方案",
        "target": "该期目标",
        "notice": "验收值 0.2（{notice}）",
        "notice_clean": "引导值 90%（{notice}）",
        "cash_title": "逐年投资与节省，及累计折现现金流",
        "money_axis": "金额 [百万{currency}]",
        "investment": "投资",
        "savings": "相对照常情景的节省",
        "residual": "残值",
        "cumulative": "累计折现现金流（期末即净现值）",
    },
}
"""Every word of the pathway figures by language and key."""
CURRENCY_ZH = {"CNY": "元"}


def words(lang: str) -> dict[str, str]:
    return WORDS.get(lang, WORDS["en"])


def capacity_name(key: str, lang: str) -> str:
    return TECHNOLOGY_ZH.get(key, key) if lang == "zh" else CAPACITY_EN.get(key, key)


def spans(summary: dict) -> list[tuple[int, int]]:
    """Each period's first year and the years it stands for, in order."""
    return [(int(r["year"]), int(r["years"])) for r in summary["path"]]


def calendar(summary: dict) -> np.ndarray:
    """Every calendar year of the horizon."""
    first, last = spans(summary)[0][0], spans(summary)[-1]
    return np.arange(first, last[0] + last[1])


def by_year(summary: dict, key: str, field: str) -> np.ndarray:
    """A schedule figure of capacity ``key`` for every calendar year: ``serving`` held over
    each period's years, ``built`` in its first year only [kW, kWh]."""
    years = calendar(summary)
    rows = {int(r["year"]): r for r in summary["schedule"] if r["capacity"] == key}
    out = np.zeros(len(years))
    for start, n in spans(summary):
        value = float(rows[start][field]) if start in rows else 0.0
        i = start - years[0]
        if field == "serving":
            out[i : i + n] = value
        else:
            out[i] = value
    return out


def year_ticks(ax, summary: dict) -> None:
    """A tick every calendar year (every few on a long horizon), upright when few."""
    years = calendar(summary)
    shown = years[:: int(np.ceil(len(years) / 30))]
    ax.set_xticks(shown, [str(y) for y in shown], fontsize=7, rotation=90 if len(years) > 12 else 0)


def legend_below(ax, handles=None, names=None) -> None:
    """The legend under the axes, clear of the bars (kept by ``save``'s tight box)."""
    if handles is None:
        handles, names = ax.get_legend_handles_labels()
    ax.legend(
        handles,
        names,
        fontsize=7,
        loc="upper center",
        bbox_to_anchor=(0.5, -0.2),
        ncol=3,
        frameon=False,
    )


def _panel(ax, summary: dict, keys: list[str], lang: str) -> float:
    """Stacked bars of the capacities ``keys`` serving each year, the part built that year
    hatched; returns the scale shown (kW per MW, or 1 for small parks)."""
    years = calendar(summary)
    serving = {k: by_year(summary, k, "serving") for k in keys}
    top = sum(serving.values())
    scale = KW_PER_MW if np.max(top, initial=0.0) >= KW_PER_MW else 1.0
    bottom = np.zeros(len(years))
    for k in keys:
        built = by_year(summary, k, "built")
        old = serving[k] - built
        colour = TECH_OF_CAPACITY[k].colour
        ax.bar(
            years, old / scale, bottom=bottom / scale, color=colour, label=capacity_name(k, lang)
        )
        new = built > 0  # the hatched part only where something was built
        ax.bar(
            years[new],
            built[new] / scale,
            bottom=(bottom + old)[new] / scale,
            color=colour,
            hatch="///",
            edgecolor="white",
            linewidth=0.4,
        )
        bottom += serving[k]
    year_ticks(ax, summary)
    ax.grid(axis="y", alpha=0.3)
    return scale


def plot_capacity(summary: dict, path, lang: str = "en") -> None:
    """Capacity serving each year, stacked by technology: power [MW or kW] and, where any
    storage is built, storage energy [MWh or kWh] in a second panel; what each period built
    hatched in its first year."""
    w = words(lang)
    present = [
        k
        for k in CAPACITY_KEYS
        if np.any(by_year(summary, k, "serving") > 0) or np.any(by_year(summary, k, "built") > 0)
    ]
    energy = [k for k in present if k.endswith("_kwh")]
    power = [k for k in present if k not in energy]
    fig, axes = plt.subplots(1, 2 if energy else 1, figsize=(12 if energy else 9, 4.6))
    axes = np.atleast_1d(axes)
    for ax, keys, title, axis, unit in (
        (axes[0], power, w["power"], w["power_axis"], "W"),
        *([(axes[1], energy, w["energy"], w["energy_axis"], "Wh")] if energy else []),
    ):
        scale = _panel(ax, summary, keys, lang)
        ax.set_ylabel(axis.format(unit=("M" if scale > 1 else "k") + unit))
        ax.set_xlabel(w["year"])
        ax.set_title(title, fontsize=10)
        handles, names = ax.get_legend_handles_labels()
        handles.append(Patch(facecolor="#9e9e9e", hatch="///", edgecolor="white"))
        legend_below(ax, handles, [*names, w["built"]])
    fig.suptitle(w["capacity_title"], fontsize=11)
    save(fig, path, lang)


def _steps(ax, summary: dict, values: list, scale: float, **style) -> None:
    """Values held over each period's years, each year centred on its tick as the bars are
    (a gap where a period has none)."""
    for (start, n), v in zip(spans(summary), values, strict=True):
        if v is not None:
            ax.hlines(v * scale, start - 0.5, start + n - 0.5, **style)
            style.pop("label", None)


def plot_indicator(summary: dict, path, lang: str = "en") -> None:
    """The indicator [tCO2/tce] and the clean energy share [%] of each period held over its
    years, against each period's targets (dashed) and the notice's figures (dotted)."""
    w, rows = words(lang), summary["path"]
    fig, (left, right) = plt.subplots(1, 2, figsize=(12, 4.4))
    for ax, key, scale, guide, guide_label in (
        (left, "tco2_per_tce", 1.0, ACCEPTANCE_TCO2_PER_TCE, w["notice"]),
        (right, "clean_energy_share", 100.0, CLEAN_SHARE_GUIDE, w["notice_clean"]),
    ):
        targets = [(r.get("targets") or {}).get(key) for r in rows]
        plan = [r.get(key) for r in rows]
        _steps(ax, summary, plan, scale, colors=PLAN_COLOUR, linewidth=3.0, label=w["plan"])
        _steps(
            ax,
            summary,
            targets,
            scale,
            colors=TARGET_COLOUR,
            linestyles="dashed",
            linewidth=1.5,
            label=w["target"],
        )
        ax.axhline(
            guide * scale,
            color=NOTICE_COLOUR,
            linestyle=":",
            lw=1.0,
            label=guide_label.format(notice=NOTICE),
        )
        year_ticks(ax, summary)
        ax.set_xlabel(w["year"])
        ax.set_ylim(bottom=0)
        ax.grid(axis="y", alpha=0.3)
        legend_below(ax)
    left.set_ylabel(w["indicator_axis"])
    left.set_title(w["indicator"], fontsize=10)
    right.set_ylabel(w["clean_axis"])
    right.set_ylim(0, 105)
    right.set_title(w["clean"], fontsize=10)
    fig.suptitle(w["indicator_title"], fontsize=11)
    save(fig, path, lang)


def plot_cash_flow(summary: dict, path, lang: str = "en") -> None:
    """Each calendar year's investment (below zero), savings against business as usual and
    the residual value (above) [million currency], and the cumulative discounted cash flow,
    which ends at the NPV."""
    w, rows = words(lang), summary["cash_flow"]
    currency = summary.get("currency") or "CNY"
    shown = CURRENCY_ZH.get(currency, currency) if lang == "zh" else f" {currency}"
    years = np.array([int(r["year"]) for r in rows])
    column = {k: np.array([float(r[k]) for r in rows]) / MILLION for k in rows[0] if k != "year"}
    fig, ax = plt.subplots(figsize=(11, 4.6))
    ax.bar(years, -column["investment"], color=INVEST_COLOUR, label=w["investment"])
    ax.bar(years, column["savings"], color=SAVINGS_COLOUR, label=w["savings"])
    if np.any(column["residual_value"] != 0):
        ax.bar(
            years,
            column["residual_value"],
            bottom=column["savings"],
            color=RESIDUAL_COLOUR,
            hatch="..",
            edgecolor="white",
            linewidth=0.4,
            label=w["residual"],
        )
    ax.plot(
        years,
        np.cumsum(column["present_value"]),
        color=CUMULATIVE_COLOUR,
        marker="o",
        markersize=3,
        label=w["cumulative"],
    )
    ax.axhline(0.0, color="black", lw=0.8)
    year_ticks(ax, summary)
    ax.set_xlabel(w["year"])
    ax.set_ylabel(w["money_axis"].format(currency=shown.strip()))
    ax.set_title(w["cash_title"], fontsize=11)
    ax.grid(axis="y", alpha=0.3)
    legend_below(ax)
    save(fig, path, lang)


def pathway_figure_files(summary: dict, lang: str = "en") -> dict[str, Callable]:
    """The pathway's figures by file name, each a function of where to write it (a path or
    a binary stream), labelled in ``lang``."""
    return {
        f"{CAPACITY_FIG}.png": partial(plot_capacity, summary, lang=lang),
        f"{INDICATOR_FIG}.png": partial(plot_indicator, summary, lang=lang),
        f"{CASH_FLOW_FIG}.png": partial(plot_cash_flow, summary, lang=lang),
    }


def plot_pathway(summary: dict, folder: Path, lang: str = "en") -> list[Path]:
    """Write the pathway's three figures into ``folder`` (module docstring); return them."""
    folder = Path(folder)
    files = pathway_figure_files(summary, lang)
    for name, draw in files.items():
        draw(folder / name)
    return [folder / name for name in files]
