"""Carriers, each declared once: its unit, label, Chinese name and, for one with a demand
of its own (cooling), the scenario section of that demand; for one with levels (heat), the
scenario section whose levels each have a balance (``lp/nodes.py`` builds every balance).
Technologies (``technologies.py``) name the carriers they take and give."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Carrier:
    """An energy carrier with one hourly balance."""

    name: str
    unit: str  # of its hourly flows
    label: str
    demand_section: str | None = None  # the scenario section of its demand: one node of its
    # own (lp/nodes.py), its demand column ``<name>_demand_kw``; None: none (heat's demand is
    # its levels', electricity's the load)
    zh: str = ""  # its name in Chinese (report, plots): its demand is ``<zh>负荷``
    levels_section: str | None = None  # the scenario section whose levels (``by_temperature``,
    # hottest first) each have a node and a demand ``<name>_<level>_demand_kw`` (lp/nodes.py)
    may_shed: bool = False  # diagnosis (``allow_unserved``) may leave its demand unserved
    unserved_hint: str | None = None  # why nothing serves its demand in an hour, and the cure
    # (lp/nodes.py's InfeasibleError); None: the generic one naming what gives the carrier
    demand_key: str | None = None  # its demand column where not ``<name>_demand_kw``
    lp_prefix: str | None = None  # of its rows and variables: ``<prefix>balance``,
    # ``<prefix>shed``, ``<prefix>levels``; None: ``<name>_``
    sources: bool = False  # generators give it (lp/generation.py): every scenario has its node,
    # which keeps supply and withdrawal apart (``m.supply``, ``m.demand``) and the generators'
    # output in ``m.local``; its balance is ``>=`` under free disposal (the slack is curtailed)

    @property
    def energy_units(self) -> tuple[str, str]:
        """Its units of energy: (kWh_c, MWh_c) for kW_c."""
        return self.unit.replace("kW", "kWh", 1), self.unit.replace("kW", "MWh", 1)

    @property
    def demand_column(self) -> str:
        """Its hourly demand in ``PlanInputs.hourly`` and the dispatch [its unit]."""
        return self.demand_key or f"{self.name}_demand_kw"

    @property
    def prefix(self) -> str:
        """Of its LP rows and variables (``heat_balance``, ``balance``)."""
        return f"{self.name}_" if self.lp_prefix is None else self.lp_prefix

    def demand_column_at(self, level: str | None) -> str:
        """Its hourly demand at ``level`` (``heat_<level>_demand_kw``), or without levels."""
        return self.demand_column if level is None else f"{self.name}_{level}_demand_kw"

    def node_words(self, level: str | None) -> str:
        """How messages name its node: ``cooling``, ``heat level hot_water``."""
        return self.name if level is None else f"{self.name} level {level}"

    def levels(self, scenario) -> list:
        """Its levels' specs in the scenario, hottest first ([] without its section)."""
        section = getattr(scenario, self.levels_section) if self.levels_section else None
        return [] if section is None else list(section.by_temperature)


ELECTRICITY = Carrier(
    "electricity",
    "kW",
    "Electricity",
    zh="电",
    may_shed=True,
    demand_key="load_kw",
    lp_prefix="",
    sources=True,
)
HEAT = Carrier(
    "heat",
    "kW_th",
    "Heat",
    zh="热",
    levels_section="heat",  # one balance per level the scenario names
    may_shed=True,
    unserved_hint="no heat source can serve it then (none reaches its temperature, or a heat "
    "pump's lift is above its limit); add a source that serves it, purchased heat, or "
    "heat.cascade from a hotter level",
)
GAS = Carrier("gas", "kW (LHV)", "Natural gas", zh="天然气")  # bought as burnt: no balance row
COOLING = Carrier("cooling", "kW_c", "Cooling", demand_section="cooling", zh="冷")
CARRIERS: dict[str, Carrier] = {c.name: c for c in (ELECTRICITY, HEAT, GAS, COOLING)}
GENERATED = next(c for c in CARRIERS.values() if c.sources)
"""The carrier generators give (electricity): its balance takes their output."""
NODE_CARRIERS = tuple(c for c in CARRIERS.values() if c.demand_section is not None)
"""Carriers with one balance of their own where the scenario has their section."""


def demand_carriers(scenario) -> tuple[Carrier, ...]:
    """The carriers of ``NODE_CARRIERS`` whose demand section the scenario gives."""
    return tuple(c for c in NODE_CARRIERS if getattr(scenario, c.demand_section) is not None)


def balance_nodes(scenario) -> list[tuple[Carrier, tuple[str | None, ...]]]:
    """Each carrier with balances of its own in the scenario and the levels of its nodes, in
    ``CARRIERS``' order: a carrier with levels (heat) one per level, hottest first; one with
    a demand section (cooling) or that generators give (electricity) one node ``(c, None)``."""
    out = []
    for c in CARRIERS.values():
        if c.levels_section is not None and c.levels(scenario):
            out.append((c, tuple(lv.name for lv in c.levels(scenario))))
        elif c.sources or c in demand_carriers(scenario):
            out.append((c, (None,)))
    return out
