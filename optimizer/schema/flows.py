"""Flows: each hourly column of the dispatch frame as plots and tables show it (label,
colour, side, Chinese name), derived from the registry (``technologies.py``, ``carriers.py``)
beside the grid, the load and curtailment, which are not built."""

from __future__ import annotations

from dataclasses import dataclass

from parkopt.optimizer.schema.carriers import GAS, NODE_CARRIERS
from parkopt.optimizer.schema.technologies import (
    ALL_CONVERTERS,
    CONVERTERS,
    GENERATORS,
    HEAT_STORAGE,
    NODE_STORES,
    STORAGE,
)


@dataclass(frozen=True)
class Flow:
    """One hourly column of the dispatch frame as shown to a person."""

    column: str
    label: str
    colour: str
    side: str  # "supply" (into the balance), "withdrawal" (out of it) or "other"
    zh: str = ""  # its name in Chinese


def _flows() -> tuple[Flow, ...]:
    supply = [Flow(f"{g.name}_kw", g.label, g.colour, "supply", g.zh) for g in GENERATORS]
    supply += [
        Flow(f"{s.name}_discharge_kw", f"{s.label} discharge", s.colour, "supply", s.zh_flows[1])
        for s in STORAGE
    ]
    supply.append(Flow("grid_import_kw", "Grid import", "#8c8c8c", "supply", "电网购电"))
    shade = {s.name: s.charge_colour or s.colour for s in STORAGE}
    out = [
        Flow(f"{s.name}_charge_kw", f"{s.label} charge", shade[s.name], "withdrawal", s.zh_flows[0])
        for s in STORAGE
    ]
    out.append(Flow("grid_export_kw", "Grid export", "#4caf50", "withdrawal", "上网电量"))
    out.append(Flow("power_to_heat_kw", "Power to heat", "#e377c2", "withdrawal", "电转热"))
    other = [
        Flow("curtailed_kw", "Curtailed", "#e57373", "other", "弃风弃光"),
        Flow("load_kw", "Load", "#000000", "other", "负荷"),
    ]
    return (*supply, *out, *other)


def _heat_flows() -> tuple[Flow, ...]:
    """Heat flows by technology (their per-level columns take the same label and colour)."""
    out = [Flow(f"{k.name}_heat_kw", k.label, k.colour, "heat", k.zh) for k in CONVERTERS]
    out.append(Flow("heat_purchased_kw", "Purchased heat", "#7f7f7f", "heat", "外购热力"))
    for s in (*HEAT_STORAGE, *NODE_STORES):  # side: its carrier
        shade, side, (zh_in, zh_out) = s.charge_colour or s.colour, s.gives[0], s.zh_flows
        out.append(Flow(f"{s.name}_discharge_kw", f"{s.label} discharge", s.colour, side, zh_out))
        out.append(Flow(f"{s.name}_charge_kw", f"{s.label} charge", shade, side, zh_in))
    out.append(Flow("gas_kw", "Natural gas", "#8c564b", "other", GAS.zh))
    out += [
        Flow(c.demand_column, f"{c.label} demand", "#000000", c.name, f"{c.zh}负荷")
        for c in NODE_CARRIERS
    ]
    return tuple(out)


def _cchp_flows() -> tuple[Flow, ...]:
    """Each carrier column of the CHP and the chillers: the electricity they give is supply,
    the electricity they take a withdrawal (electricity balance); others by carrier."""
    side = {("electricity", 1): "supply", ("electricity", -1): "withdrawal"}
    return tuple(
        Flow(f"{k.name}_{c}_kw", k.label, k.colour, side.get((c, sign), c), k.zh)
        for k in ALL_CONVERTERS
        if k not in CONVERTERS
        for sign, carriers in ((1, k.gives), (-1, k.takes))
        for c in carriers
    )


FLOWS: dict[str, Flow] = {f.column: f for f in (*_flows(), *_heat_flows(), *_cchp_flows())}
"""Every flow by dispatch column: label, colour and Chinese name for plots and reports."""
SUPPLY_COLUMNS = tuple(c for c, f in FLOWS.items() if f.side == "supply")
WITHDRAWAL_COLUMNS = tuple(c for c, f in FLOWS.items() if f.side == "withdrawal")
