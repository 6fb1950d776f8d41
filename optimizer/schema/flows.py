"""Flows: each hourly column of the dispatch frame as plots and tables show it (label,
colour, side), derived from the registry (``technologies.py``)."""

from __future__ import annotations

from dataclasses import dataclass

from parkopt.optimizer.schema.technologies import (
    ALL_CONVERTERS,
    CONVERTERS,
    GENERATORS,
    HEAT_STORAGE,
    NODE_CARRIERS,
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


def _flows() -> tuple[Flow, ...]:
    supply = [Flow(f"{g.name}_kw", g.label, g.colour, "supply") for g in GENERATORS]
    supply += [
        Flow(f"{s.name}_discharge_kw", f"{s.label} discharge", s.colour, "supply") for s in STORAGE
    ]
    supply.append(Flow("grid_import_kw", "Grid import", "#8c8c8c", "supply"))
    out = [
        Flow(f"{s.name}_charge_kw", f"{s.label} charge", s.charge_colour or s.colour, "withdrawal")
        for s in STORAGE
    ]
    out.append(Flow("grid_export_kw", "Grid export", "#4caf50", "withdrawal"))
    out.append(Flow("power_to_heat_kw", "Power to heat", "#e377c2", "withdrawal"))
    other = [
        Flow("curtailed_kw", "Curtailed", "#e57373", "other"),
        Flow("load_kw", "Load", "#000000", "other"),
    ]
    return (*supply, *out, *other)


def _heat_flows() -> tuple[Flow, ...]:
    """Heat flows by technology (their per-level columns take the same label and colour)."""
    out = [Flow(f"{k.name}_heat_kw", k.label, k.colour, "heat") for k in CONVERTERS]
    out.append(Flow("heat_purchased_kw", "Purchased heat", "#7f7f7f", "heat"))
    for s in (*HEAT_STORAGE, *NODE_STORES):  # side: its carrier
        shade, side = s.charge_colour or s.colour, s.gives[0]
        out.append(Flow(f"{s.name}_discharge_kw", f"{s.label} discharge", s.colour, side))
        out.append(Flow(f"{s.name}_charge_kw", f"{s.label} charge", shade, side))
    out.append(Flow("gas_kw", "Natural gas", "#8c564b", "other"))
    out += [Flow(c.demand_column, f"{c.label} demand", "#000000", c.name) for c in NODE_CARRIERS]
    return tuple(out)


def _cchp_flows() -> tuple[Flow, ...]:
    """Each carrier column of the CHP and the chillers: the electricity they give is supply,
    the electricity they take a withdrawal (electricity balance); others by carrier."""
    side = {("electricity", 1): "supply", ("electricity", -1): "withdrawal"}
    return tuple(
        Flow(f"{k.name}_{c}_kw", k.label, k.colour, side.get((c, sign), c))
        for k in ALL_CONVERTERS
        if k not in CONVERTERS
        for sign, carriers in ((1, k.gives), (-1, k.takes))
        for c in carriers
    )


FLOWS: dict[str, Flow] = {f.column: f for f in (*_flows(), *_heat_flows(), *_cchp_flows())}
"""Every flow by dispatch column: label and colour for plots and reports."""
SUPPLY_COLUMNS = tuple(c for c, f in FLOWS.items() if f.side == "supply")
WITHDRAWAL_COLUMNS = tuple(c for c, f in FLOWS.items() if f.side == "withdrawal")
