"""Carriers, each declared once: its unit, label, Chinese name and, for one with a demand
of its own (cooling), the scenario section of that demand (``lp/nodes.py`` builds its
balance). Technologies (``technologies.py``) name the carriers they take and give."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Carrier:
    """An energy carrier with one hourly balance."""

    name: str
    unit: str  # of its hourly flows
    label: str
    demand_section: str | None = None  # the scenario section of its demand: one node of its
    # own (lp/nodes.py), its demand column ``<name>_demand_kw``; None: built by its own family
    zh: str = ""  # its name in Chinese (report, plots): its demand is ``<zh>负荷``

    @property
    def energy_units(self) -> tuple[str, str]:
        """Its units of energy: (kWh_c, MWh_c) for kW_c."""
        return self.unit.replace("kW", "kWh", 1), self.unit.replace("kW", "MWh", 1)

    @property
    def demand_column(self) -> str:
        """Its hourly demand in ``PlanInputs.hourly`` and the dispatch [its unit]."""
        return f"{self.name}_demand_kw"


ELECTRICITY = Carrier("electricity", "kW", "Electricity", zh="电")
HEAT = Carrier("heat", "kW_th", "Heat", zh="热")  # one balance per level the scenario names
GAS = Carrier("gas", "kW (LHV)", "Natural gas", zh="天然气")  # bought as burnt: no balance row
COOLING = Carrier("cooling", "kW_c", "Cooling", demand_section="cooling", zh="冷")
CARRIERS: dict[str, Carrier] = {c.name: c for c in (ELECTRICITY, HEAT, GAS, COOLING)}
NODE_CARRIERS = tuple(c for c in CARRIERS.values() if c.demand_section is not None)
"""Carriers with one balance of their own where the scenario has their section."""


def demand_carriers(scenario) -> tuple[Carrier, ...]:
    """The carriers of ``NODE_CARRIERS`` whose demand section the scenario gives."""
    return tuple(c for c in NODE_CARRIERS if getattr(scenario, c.demand_section) is not None)
