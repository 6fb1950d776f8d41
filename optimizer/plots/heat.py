"""Heat figures of a run with a heat section: a winter dispatch week of every heat level and
the monthly energy by carrier; a summer week of the cooling in a park with cooling. Also
what they read off the dispatch frame: its heat levels (hottest first), the series in and
out of each level and of the cooling, and the level of each heat store, CHP and absorption
chiller.

The frame's heat columns are those of ``heat_inputs.heat_dispatch_columns``; a frame
without ``heat_<level>_demand_kw`` columns has no heat and gets none of these figures.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from itertools import product
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from parkopt.models.units import KW_PER_MW
from parkopt.optimizer.inputs.cchp_inputs import COOLING_DEMAND
from parkopt.optimizer.plots.style import (
    CASCADE_COLOUR,
    ELECTRIC_LOAD_COLOUR,
    colour,
    hour_ticks,
    label,
    level_colour,
    level_label,
    month_labels,
    save,
    week_of,
)
from parkopt.optimizer.plots.words import words
from parkopt.optimizer.schema.technologies import (
    ALL_CONVERTERS,
    COLD_STORAGE,
    CONVERTERS,
    HEAT_STORAGE,
)

DEMAND_COLUMN = re.compile(r"^heat_(.+)_demand_kw$")
CASCADE_OUT_COLOUR = "#b3e2cd"
PLACED_CONVERTERS = {
    k.name: (f"{k.name}_heat_kw", 1 if "heat" in k.gives else -1)
    for k in ALL_CONVERTERS
    if k not in CONVERTERS and "heat" in (*k.gives, *k.takes)
}
"""Converters on one level the frame does not name: column of their heat, +1 into the level
(the CHP) or -1 out of it (the absorption chiller)."""


def heat_levels(frame: pd.DataFrame) -> list[str]:
    """The frame's heat levels, hottest first (the order of its demand columns); [] if none."""
    return [m.group(1) for c in frame.columns if (m := DEMAND_COLUMN.match(c))]


def demand_column(level: str) -> str:
    return f"heat_{level}_demand_kw"


def source_columns(frame: pd.DataFrame, level: str) -> dict[str, str]:
    """Heat source -> its column of heat into ``level`` [kW_th], registry order."""
    cols = {k.name: f"heat_{level}_{k.name}_kw" for k in CONVERTERS}
    return {k: c for k, c in cols.items() if c in frame.columns}


@dataclass(frozen=True)
class Part:
    """One series of a level's balance: into the level (sign +1) or out of it (-1) [kW_th]."""

    column: str
    label: str
    colour: str
    sign: int


def _registry_part(column: str, flow: str, sign: int, lang: str = "en") -> Part:
    """A series shown with the label and colour of the registry's ``flow``."""
    return Part(column, label(flow, lang), colour(flow), sign)


def level_parts(
    frame: pd.DataFrame, levels: list[str], level: str, placed: dict[str, str], lang: str = "en"
) -> list[Part]:
    """Every series into and out of ``level`` but its demand: heat sources, purchased heat,
    the cascade from the hotter level and to the cooler one, and the heat stores, CHP and
    absorption chiller that ``placed`` (name -> level) puts on it. In minus out equals the
    level's demand."""
    parts = [
        Part(c, label(f"{k}_heat_kw", lang), colour(f"{k}_heat_kw"), 1)
        for k, c in source_columns(frame, level).items()
    ]
    if f"heat_{level}_purchased_kw" in frame.columns:
        parts.append(_registry_part(f"heat_{level}_purchased_kw", "heat_purchased_kw", 1, lang))
    for name in (n for n, at in placed.items() if at == level):
        if name in PLACED_CONVERTERS:
            column, sign = PLACED_CONVERTERS[name]
            parts.append(_registry_part(column, column, sign, lang))
            continue
        tech, own = heat_stores(frame)[name]
        for flow, sign in (("discharge", 1), ("charge", -1)):
            part = _registry_part(f"{name}_{flow}_kw", f"{tech}_{flow}_kw", sign, lang)
            parts.append(replace(part, label=f"{part.label} {own}".strip()))
    i, w = levels.index(level), words(lang)
    hotter = f"heat_{levels[i - 1]}_cascade_kw" if i > 0 else None
    if hotter in frame.columns:
        text = w["cascade_from"].format(level=level_label(levels[i - 1], lang).lower())
        parts.append(Part(hotter, text, CASCADE_COLOUR, 1))
    if f"heat_{level}_cascade_kw" in frame.columns and i + 1 < len(levels):
        text = w["cascade_to"].format(level=level_label(levels[i + 1], lang).lower())
        parts.append(Part(f"heat_{level}_cascade_kw", text, CASCADE_OUT_COLOUR, -1))
    return parts


def heat_stores(frame: pd.DataFrame) -> dict[str, tuple[str, str]]:
    """Each heat store instance in the frame by stem: (its technology, its own name or "").
    A technology given as a list has its instances' columns (``thermal_storage_tank_..``)
    beside its totals, which span levels and are not placed."""
    out = {}
    for s in HEAT_STORAGE:
        own = re.compile(rf"^{s.name}_(.+)_discharge_kw$")
        named = {m.group(1) for c in frame.columns if (m := own.match(c))}
        if named:
            out.update({f"{s.name}_{n}": (s.name, n) for n in sorted(named)})
        elif f"{s.name}_charge_kw" in frame.columns:
            out[s.name] = (s.name, "")
    return out


def _nets(frame: pd.DataFrame) -> dict[str, np.ndarray]:
    """Each heat store's, CHP's and absorption chiller's net heat into its level [kW_th]."""
    out = {}
    for n in heat_stores(frame):
        out[n] = (frame[f"{n}_discharge_kw"] - frame[f"{n}_charge_kw"]).to_numpy()
    for name, (column, sign) in PLACED_CONVERTERS.items():
        if column in frame.columns:
            out[name] = sign * frame[column].to_numpy()
    return out


def placed_levels(frame: pd.DataFrame, levels: list[str]) -> dict[str, str]:
    """The level of each heat store, CHP and absorption chiller in the frame:
    ``frame.attrs["<name>_level"]`` if set, else, together, the levels that best close every
    level's balance (the frame does not name them; one that never runs is left out: it moves
    no heat)."""
    if not levels:
        return {}
    nets = _nets(frame)
    known = {n: frame.attrs[f"{n}_level"] for n in nets if f"{n}_level" in frame.attrs}
    free = [n for n in nets if n not in known and np.any(np.abs(nets[n]) > 1e-9)]
    gap = {}
    for lv in levels:
        moved = sum(
            p.sign * frame[p.column].to_numpy() for p in level_parts(frame, levels, lv, known)
        )
        gap[lv] = frame[demand_column(lv)].to_numpy() - moved

    def misfit(at: tuple[str, ...]) -> float:
        here = {
            lv: sum((nets[n] for n, a in zip(free, at, strict=True) if a == lv), 0.0)
            for lv in levels
        }
        return sum(float(np.abs(gap[lv] - here[lv]).max()) for lv in levels)

    return known | dict(zip(free, min(product(levels, repeat=len(free)), key=misfit), strict=True))


def store_levels(frame: pd.DataFrame, levels: list[str]) -> dict[str, str]:
    """The level of each heat store in the frame (see ``placed_levels``)."""
    stores = heat_stores(frame)
    return {n: lv for n, lv in placed_levels(frame, levels).items() if n in stores}


def plot_heat_dispatch(
    frame: pd.DataFrame,
    levels: list[str],
    level: str,
    placed: dict[str, str],
    path: Path,
    lang: str = "en",
) -> None:
    """A winter week (January) of one level: its supply stacked by source above zero, storage
    charge and cascade out below, demand as a line [MW_th]."""
    week, w = week_of(frame, 1), words(lang)
    parts = level_parts(frame, levels, level, placed, lang)
    demand = (week[demand_column(level)], "k", w["demand"])
    title = w["level_week"].format(level=level_label(level, lang))
    _week_balance(week, parts, demand, (w["heat_mw"], title), path, lang)


def _week_balance(week, parts, demand: tuple, words_: tuple, path: Path, lang: str) -> None:
    """One week of a balance: ``parts`` stacked above (+1) and below (-1) zero, ``demand``
    (series [kW], colour, label) as a line; ``words_`` the axis label and title [MW]."""
    parts = [p for p in parts if week[p.column].any()]
    x = np.arange(len(week))
    fig, ax = plt.subplots(figsize=(11, 4.5))
    for sign in (1, -1):
        side = [p for p in parts if p.sign == sign]
        if side:
            ax.stackplot(
                x,
                *[sign * week[p.column] / KW_PER_MW for p in side],
                labels=[p.label for p in side],
                colors=[p.colour for p in side],
            )
    series, line_colour, line_label = demand
    ax.plot(x, series / KW_PER_MW, color=line_colour, lw=1.2, label=line_label)
    hour_ticks(ax, week, lang)
    ax.set_ylabel(words_[0])
    ax.set_title(words_[1])
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8)
    ax.axhline(0, color="k", lw=0.5)
    save(fig, path, lang)


COOLING_SUPPLY = tuple(f"{k.name}_cooling_kw" for k in ALL_CONVERTERS if "cooling" in k.gives)
COLD_STORES = tuple(s.name for s in COLD_STORAGE)


def cooling_parts(frame: pd.DataFrame, lang: str = "en") -> list[Part]:
    """The series of the cooling balance but its demand: each chiller's output and each
    cold store's discharge in (+1), its charge out (-1) [kW_c]; in minus out is the demand."""
    columns = [(c, 1) for c in COOLING_SUPPLY]
    for s in COLD_STORES:
        columns += [(f"{s}_discharge_kw", 1), (f"{s}_charge_kw", -1)]
    return [_registry_part(c, c, sign, lang) for c, sign in columns if c in frame.columns]


def plot_cooling_dispatch(frame: pd.DataFrame, path: Path, lang: str = "en") -> None:
    """A summer week (July) of the cooling balance: the chillers' output and the cold store's
    discharge stacked above zero, its charge below, the cooling demand as a line [MW_c]."""
    week, w = week_of(frame, 7), words(lang)
    demand = (week[COOLING_DEMAND], colour(COOLING_DEMAND), label(COOLING_DEMAND, lang))
    words_ = (w["cooling_mw"], w["cooling_week"])
    _week_balance(week, cooling_parts(frame, lang), demand, words_, path, lang)


def carrier_bars(frame: pd.DataFrame, levels: list[str], lang: str = "en"):
    """The two stacks of the monthly figure: (column, label, colour, hatch) of the energy
    bought or made, by carrier (those the park uses), and of the energy served (electric
    load, heat per level)."""
    w = words(lang)
    bought = [
        ("grid_import_kw", w["from_grid"], colour("grid_import_kw"), ""),
        ("pv_kw", w["from_pv"], colour("pv_kw"), ""),
        ("wind_kw", w["from_wind"], colour("wind_kw"), ""),
        ("gas_kw", label("gas_kw", lang), colour("gas_kw"), ""),
        ("heat_purchased_kw", label("heat_purchased_kw", lang), "#bdbdbd", "//"),
    ]
    served = [("load_kw", w["electric_load"], ELECTRIC_LOAD_COLOUR, "")]
    served += [
        (
            demand_column(lv),
            w["served"].format(level=level_label(lv, lang)),
            level_colour(levels, lv),
            "",
        )
        for lv in levels
    ]
    return [b for b in bought if b[0] in frame.columns and frame[b[0]].any()], served


def plot_monthly_by_carrier(
    frame: pd.DataFrame, levels: list[str], path: Path, lang: str = "en"
) -> None:
    """Monthly energy by carrier [MWh]: what the park bought or made (grid, own PV and wind,
    gas, purchased heat; left bar) beside what it served (electric load, heat of each level;
    right bar). The gap: heat pumps' ambient heat less conversion and storage losses and
    export."""
    bought, served = carrier_bars(frame, levels, lang)
    cols = [b[0] for b in (*bought, *served)]
    monthly = frame[cols].groupby(frame.index.month).sum() / KW_PER_MW
    x = monthly.index.to_numpy()
    fig, ax = plt.subplots(figsize=(11, 4.8))
    for bars, shift in ((bought, -0.21), (served, 0.21)):
        bottom = np.zeros(len(x))
        for column, text, shade, hatch in bars:
            values = monthly[column].to_numpy()
            ax.bar(x + shift, values, 0.4, bottom=bottom, color=shade, hatch=hatch, label=text)
            bottom += values
    ax.set_xticks(x, month_labels(x, lang))
    ax.set_ylabel(words(lang)["energy_all_mwh"])
    ax.set_title(words(lang)["by_carrier"])
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8)
    save(fig, path, lang)
