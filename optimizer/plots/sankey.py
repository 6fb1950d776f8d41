"""The park's energy flows over the horizon as a Sankey diagram [MWh]: sources (grid, PV,
wind, gas, purchased heat, the ambient or waste heat that heat pumps lift) -> conversions
(each heat source; a gas CHP into electricity and its heat level) -> carriers (electricity,
each heat level) -> chillers (electric from electricity, absorption from a heat level) ->
cooling -> uses (electric load, each level's demand, the cooling demand, grid export,
losses). A chiller's cooling beyond its input (its COP above 1) enters as "COP gain".

``energy_flows`` computes the nodes and links from the dispatch frame without drawing
(``imbalance`` checks that every node passes on what it takes); ``write_sankey`` draws them
with plotly as one self-contained HTML file (plotly.js inlined: it opens with no network).
Storage is shown net: a store's charge less its discharge is its losses (over a cyclic
horizon); a store left emptier than it began adds a source "drawn down".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import pandas as pd
from matplotlib.colors import to_rgba

from parkopt.models.units import KW_PER_MW
from parkopt.optimizer.plots.heat import (
    PLACED_CONVERTERS,
    demand_column,
    heat_levels,
    heat_stores,
    placed_levels,
    source_columns,
)
from parkopt.optimizer.plots.style import (
    AMBIENT_COLOUR,
    ELECTRIC_LOAD_COLOUR,
    ELECTRICITY_COLOUR,
    LOSS_COLOUR,
    colour,
    label,
    level_colour,
    level_label,
)
from parkopt.optimizer.schema.technologies import (
    CHP_TECH,
    COLD_STORAGE,
    CONVERTERS,
    GENERATORS,
    STORAGE,
    TECHNOLOGIES,
)

SANKEY_FILE = "energy_flows_sankey.html"
AMBIENT = {"waste_heat_pump": "Waste heat"}  # other heat pumps lift "Ambient heat"
COP_GAIN = "COP gain"  # a chiller's cooling beyond its input
COOLING_COLOUR = "#4292c6"
CHILLERS = tuple(t for t in TECHNOLOGIES if t.gives == ("cooling",) and t.role == "converter")
LINK_ALPHA = 0.45
SOURCES, CHP, CARRIERS, CONVERSIONS, LEVELS, ABSORPTION, COOLING, USES = range(8)
COLUMN_X = (0.001, 0.1, 0.19, 0.38, 0.62, 0.76, 0.87, 0.999)
CHILLER_COLUMN = {
    k.name: CONVERSIONS if k.takes == ("electricity",) else ABSORPTION for k in CHILLERS
}
LEVEL_STAGGER = 0.12  # x between the hottest and the coolest level
WIDTH_PX, HEIGHT_PX, MARGIN_PX = 1200, 720, 40  # of the figure (plot area: less margins)
PAD_PX = 32  # space between the nodes of a column: room for a two-line label
PAD = PAD_PX / (HEIGHT_PX - 3 * MARGIN_PX)  # the same as a share of the plot's height
CONVERTER_NAMES = frozenset(k.name for k in CONVERTERS)
TECH_LABEL = {t.name: t.label for t in TECHNOLOGIES}


@dataclass(frozen=True)
class Node:
    label: str
    colour: str
    kind: str  # "source" (links out only), "through" (in = out) or "use" (links in only)


@dataclass(frozen=True)
class Link:
    source: str  # node key
    target: str
    mwh: float
    label: str


@dataclass
class Flows:
    """Nodes by key and the links between them [MWh over the horizon]."""

    nodes: dict[str, Node] = field(default_factory=dict)
    links: list[Link] = field(default_factory=list)

    def node(self, key: str, text: str, shade: str, kind: str = "source") -> str:
        self.nodes.setdefault(key, Node(text, shade, kind))
        return key

    def loss(self) -> str:
        return self.node("loss", "Losses", LOSS_COLOUR, "use")

    def add(self, source: str, target: str, mwh: float, text: str) -> None:
        """A link (left out if it carries nothing)."""
        if mwh > 0:
            self.links.append(Link(source, target, float(mwh), text))


def _mwh(frame: pd.DataFrame, column: str) -> float:
    return float(frame[column].sum()) / KW_PER_MW  # hourly steps: kWh -> MWh


def _store(fl: Flows, frame: pd.DataFrame, at: str, name: str, text: str) -> None:
    """Store ``name`` on carrier node ``at``, net: its charge less its discharge is losses
    out of ``at`` or, if negative (left emptier than it began), energy drawn down into it."""
    net = _mwh(frame, f"{name}_charge_kw") - _mwh(frame, f"{name}_discharge_kw")
    if net >= 0:
        fl.add(at, fl.loss(), net, f"{text} losses")
    else:
        src = fl.node(f"drawn:{name}", f"{text} (drawn down)", LOSS_COLOUR)
        fl.add(src, at, -net, f"{text} drawn down")


def _electricity(fl: Flows, frame: pd.DataFrame) -> None:
    bus = fl.node("electricity", "Electricity", ELECTRICITY_COLOUR, "through")
    grid = fl.node("grid", "Grid", colour("grid_import_kw"))
    fl.add(grid, bus, _mwh(frame, "grid_import_kw"), "Grid import")
    for g in GENERATORS:
        fl.add(fl.node(g.name, g.label, g.colour), bus, _mwh(frame, f"{g.name}_kw"), g.label)
    load = fl.node("load", "Electric load", ELECTRIC_LOAD_COLOUR, "use")
    fl.add(bus, load, _mwh(frame, "load_kw"), "Electric load")
    export = fl.node("export", "Grid export", colour("grid_export_kw"), "use")
    fl.add(bus, export, _mwh(frame, "grid_export_kw"), "Grid export")
    for s in STORAGE:
        _store(fl, frame, bus, s.name, s.label)


def _gain(fl: Flows, tech: str, name: str, gain: float, text: str, link: str) -> None:
    """A conversion's output beyond its input, as a source ``text`` into it (ambient heat
    lifted, a chiller's COP gain), or its losses when the output falls short."""
    if gain >= 0:
        fl.add(fl.node(f"ambient:{tech}", text, AMBIENT_COLOUR), tech, gain, link)
    else:
        fl.add(tech, fl.loss(), -gain, f"{name} losses")


def _chp(fl: Flows, frame: pd.DataFrame, placed: dict[str, str]) -> None:
    """The gas CHP: gas in, electricity and heat into its level out, the rest lost."""
    k = CHP_TECH
    if f"{k.name}_gas_kw" not in frame.columns:
        return
    tech = fl.node(k.name, k.label, k.colour, "through")
    gas = fl.node("gas", label("gas_kw"), colour("gas_kw"))
    fuel, power = _mwh(frame, f"{k.name}_gas_kw"), _mwh(frame, f"{k.name}_electricity_kw")
    heat = _mwh(frame, f"{k.name}_heat_kw") if k.name in placed else 0.0  # placed if it ran
    fl.add(gas, tech, fuel, f"{k.label}: gas")
    fl.add(tech, "electricity", power, f"{k.label}: electricity")
    if heat:
        lv = placed[k.name]
        fl.add(tech, f"level:{lv}", heat, f"{k.label} -> {level_label(lv)}")
    fl.add(tech, fl.loss(), fuel - power - heat, f"{k.label} losses")


def _cooling(fl: Flows, frame: pd.DataFrame, placed: dict[str, str]) -> None:
    """The chillers (input from electricity or their heat level, their COP gain), the cold
    store on the cooling node, the cooling demand."""
    if "cooling_demand_kw" not in frame.columns:
        return
    node = fl.node("cooling", "Cooling", COOLING_COLOUR, "through")
    for k in CHILLERS:
        if f"{k.name}_cooling_kw" not in frame.columns:
            continue
        tech, takes = fl.node(k.name, k.label, k.colour, "through"), k.takes[0]
        inp, cool = _mwh(frame, f"{k.name}_{takes}_kw"), _mwh(frame, f"{k.name}_cooling_kw")
        if takes == "heat" and k.name not in placed:  # it never ran
            continue
        source = "electricity" if takes == "electricity" else f"level:{placed[k.name]}"
        fl.add(source, tech, inp, f"{k.label}: input")
        _gain(fl, tech, k.label, cool - inp, COP_GAIN, f"{k.label}: {COP_GAIN}")
        fl.add(tech, node, cool, f"{k.label}: cooling")
    for s in COLD_STORAGE:
        if f"{s.name}_charge_kw" in frame.columns:
            _store(fl, frame, node, s.name, s.label)
    use = fl.node("use:cooling", "Cooling demand", colour("cooling_demand_kw"), "use")
    fl.add(node, use, _mwh(frame, "cooling_demand_kw"), "Cooling demand")


def _converters(fl: Flows, frame: pd.DataFrame, levels: list[str]) -> None:
    """Each heat source: its input (electricity or gas), the ambient heat it lifts or the
    losses it has (heat out less input), its heat into each level."""
    for k in CONVERTERS:
        if f"{k.name}_heat_kw" not in frame.columns:
            continue
        tech = fl.node(k.name, k.label, k.colour, "through")
        takes = k.takes[0]
        if takes == "electricity":
            source = "electricity"
        else:
            source = fl.node(takes, label(f"{takes}_kw"), colour(f"{takes}_kw"))  # gas
        inp, heat = _mwh(frame, f"{k.name}_{takes}_kw"), _mwh(frame, f"{k.name}_heat_kw")
        fl.add(source, tech, inp, f"{k.label}: input")
        text = AMBIENT.get(k.name, "Ambient heat")
        _gain(fl, tech, k.label, heat - inp, text, f"{text} lifted")
        for lv in levels:
            column = source_columns(frame, lv).get(k.name)
            if column is not None:
                fl.add(tech, f"level:{lv}", _mwh(frame, column), f"{k.label} -> {level_label(lv)}")


def _levels(fl: Flows, frame: pd.DataFrame, levels: list[str], placed: dict[str, str]) -> None:
    """Each level: purchased heat in, the cascade to the next cooler level, its stores, its
    demand out."""
    for i, lv in enumerate(levels):
        text = level_label(lv)
        node = fl.node(f"level:{lv}", text, level_colour(levels, lv), "through")
        if f"heat_{lv}_purchased_kw" in frame.columns:
            src = fl.node("purchased", label("heat_purchased_kw"), colour("heat_purchased_kw"))
            fl.add(src, node, _mwh(frame, f"heat_{lv}_purchased_kw"), f"Purchased -> {text}")
        if f"heat_{lv}_cascade_kw" in frame.columns and i + 1 < len(levels):
            cooler = f"level:{levels[i + 1]}"
            text_to = f"{text} -> {level_label(levels[i + 1])} (cascade)"
            fl.add(node, cooler, _mwh(frame, f"heat_{lv}_cascade_kw"), text_to)
        use = fl.node(f"use:{lv}", f"{text} demand", level_colour(levels, lv), "use")
        fl.add(node, use, _mwh(frame, demand_column(lv)), f"{text} demand")
    tanks = heat_stores(frame)
    for s, lv in placed.items():
        if s not in PLACED_CONVERTERS:  # a heat store (one of a list: its name after)
            tech, own = tanks[s]
            _store(fl, frame, f"level:{lv}", s, f"{TECH_LABEL[tech]} {own}".strip())


def energy_flows(frame: pd.DataFrame) -> Flows:
    """The Sankey's nodes and links [MWh over the frame's horizon]."""
    fl = Flows()
    _electricity(fl, frame)
    levels = heat_levels(frame)
    placed = placed_levels(frame, levels)
    _chp(fl, frame, placed)
    _converters(fl, frame, levels)
    _levels(fl, frame, levels, placed)
    _cooling(fl, frame, placed)
    used = {k for link in fl.links for k in (link.source, link.target)}
    fl.nodes = {k: n for k, n in fl.nodes.items() if k in used}
    return fl


def _sums(flows: Flows) -> tuple[dict[str, float], dict[str, float]]:
    """What flows into and out of each node [MWh]."""
    into: dict[str, float] = {}
    out: dict[str, float] = {}
    for link in flows.links:
        out[link.source] = out.get(link.source, 0.0) + link.mwh
        into[link.target] = into.get(link.target, 0.0) + link.mwh
    return into, out


def imbalance(flows: Flows) -> dict[str, float]:
    """In minus out [MWh] of every node that passes energy on (electricity, each heat
    source, each heat level; not the sources and uses): 0 for each when the energy adds up."""
    into, out = _sums(flows)
    through = [k for k, n in flows.nodes.items() if n.kind == "through"]
    return {k: into.get(k, 0.0) - out.get(k, 0.0) for k in through}


def _column(flows: Flows, key: str) -> int:
    """The node's column (``COLUMN_X``): electricity sources (gas too where a CHP burns it),
    the CHP, carriers into conversions (electricity, gas, ambient heat), heat sources and
    electric chillers (purchased heat too), heat levels, absorption chillers, cooling, uses
    and losses; a store drawn down or a gain stands just left of the node it feeds."""
    if key.startswith(("drawn:", "ambient:")):
        target = next(x.target for x in flows.links if x.source == key)
        return max(min(_column(flows, target) - 1, LEVELS), 0)
    if key == "gas" and CHP_TECH.name in flows.nodes:
        return SOURCES
    if key == CHP_TECH.name:
        return CHP
    if key in ("electricity", "gas"):
        return CARRIERS
    if key in CONVERTER_NAMES or key == "purchased":
        return CONVERSIONS
    if key in CHILLER_COLUMN:
        return CHILLER_COLUMN[key]
    if key.startswith("level:"):
        return LEVELS
    if key == "cooling":
        return COOLING
    return USES if key in ("load", "export", "loss") or key.startswith("use:") else SOURCES


def _mean_rank(flows: Flows, rank: dict[str, int], key: str) -> float:
    """Where a node's flows go: the mean rank of its targets in ``rank``, weighted by MWh
    (electricity first, a node with no such target last)."""
    if key == "electricity":
        return -1.0
    to = [(rank[x.target], x.mwh) for x in flows.links if x.source == key and x.target in rank]
    total = sum(w for _, w in to)
    return sum(r * w for r, w in to) / total if total else float(len(rank))


def _columns(flows: Flows) -> dict[int, list[str]]:
    """Node keys by column, top to bottom: in their order of creation (losses last), then
    the heat sources and the carriers into them sorted by where their flows go (so the
    links into the hottest level leave from the top and few links cross)."""
    columns: dict[int, list[str]] = {}
    for k in sorted(flows.nodes, key=lambda k: k == "loss"):
        columns.setdefault(_column(flows, k), []).append(k)
    for col, after in ((CONVERSIONS, LEVELS), (CARRIERS, CONVERSIONS)):
        rank = {k: i for i, k in enumerate(columns.get(after, []))}
        columns[col] = sorted(columns.get(col, []), key=partial(_mean_rank, flows, rank))
    return {c: keys for c, keys in columns.items() if keys}


def layout(flows: Flows) -> tuple[list[float], list[float]]:
    """Node centres (x, y in 0-1, y down), in ``flows.nodes`` order: a column per role
    (heat levels staggered, hottest first, so the cascade runs left to right), nodes
    stacked in each column in their order (losses last), sized by their throughput; the
    heat columns start level with the heat uses, below the electric load's band."""
    into, out = _sums(flows)
    size = {k: max(into.get(k, 0.0), out.get(k, 0.0)) for k in flows.nodes}
    columns = _columns(flows)
    total = {c: sum(size[k] for k in keys) for c, keys in columns.items()}
    height = max(total[c] / max(1 - PAD * (len(keys) - 1), 0.2) for c, keys in columns.items())
    pad = PAD * height  # MWh: the nodes' scale is the fullest column's
    stack = {c: total[c] + pad * (len(keys) - 1) for c, keys in columns.items()}
    before_heat = [k for k in columns.get(USES, []) if k in ("load", "export")]
    heat_top = sum(size[k] + pad for k in before_heat)
    loss_band = size["loss"] + pad if "loss" in size else 0.0
    x, y = {}, {}
    for col, keys in columns.items():
        top = min(heat_top, height - stack[col]) if col in (CONVERSIONS, LEVELS) else 0.0
        if col in (ABSORPTION, COOLING):  # level with the cooling demand, above the losses
            top = max(height - stack[col] - loss_band, 0.0)
        levels = [k for k in keys if k.startswith("level:")]
        for k in keys:
            x[k] = COLUMN_X[col]
            if k in levels and len(levels) > 1:
                x[k] += LEVEL_STAGGER * (levels.index(k) / (len(levels) - 1) - 0.5)
            y[k] = (top + size[k] / 2) / height
            top += size[k] + pad
    keys = list(flows.nodes)
    return [x[k] for k in keys], [min(max(y[k], 0.001), 0.999) for k in keys]


def _rgba(shade: str, alpha: float) -> str:
    r, g, b, _ = to_rgba(shade)
    return f"rgba({r * 255:.0f},{g * 255:.0f},{b * 255:.0f},{alpha})"


def write_sankey(flows: Flows, title: str, path: Path) -> None:
    """Draw ``flows`` with plotly into one self-contained HTML file (plotly.js inlined)."""
    import plotly.graph_objects as go  # imported here: runs without heat never need it

    keys = list(flows.nodes)
    index = {k: i for i, k in enumerate(keys)}
    into, out = _sums(flows)
    total = {k: max(into.get(k, 0.0), out.get(k, 0.0)) for k in keys}
    x, y = layout(flows)
    node = {
        "x": x,
        "y": y,
        "label": [f"{flows.nodes[k].label}<br>{total[k]:,.0f} MWh" for k in keys],
        "color": [flows.nodes[k].colour for k in keys],
        "pad": PAD_PX,
        "thickness": 16,
    }
    link = {
        "source": [index[x.source] for x in flows.links],
        "target": [index[x.target] for x in flows.links],
        "value": [x.mwh for x in flows.links],
        "label": [x.label for x in flows.links],
        "color": [_rgba(flows.nodes[x.source].colour, LINK_ALPHA) for x in flows.links],
    }
    sankey = go.Sankey(
        node=node, link=link, arrangement="snap", valueformat=",.0f", valuesuffix=" MWh"
    )
    fig = go.Figure(sankey)
    margin = {"l": MARGIN_PX, "r": MARGIN_PX, "t": 2 * MARGIN_PX, "b": MARGIN_PX}
    fig.update_layout(title=title, font_size=12, width=WIDTH_PX, height=HEIGHT_PX, margin=margin)
    fig.write_html(path, include_plotlyjs=True, full_html=True, config={"displaylogo": False})


def sankey_title(frame: pd.DataFrame) -> str:
    first, last = frame.index[0], frame.index[-1]
    span = f"{first:%d %b %Y} to {last:%d %b %Y}, {len(frame):,} h"
    return f"Energy flows of the park [MWh], {span}"
