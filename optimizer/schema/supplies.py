"""Supplies, markets and links, each declared once: what the park buys into a node from
outside (purchased heat, gas), what it trades with a grid at an hourly price (import and
export), and what passes from one level of a carrier to the next (the heat cascade).
``lp/supplies.py`` builds them from these entries without naming a carrier; the accounting
reads each supply's yearly energy by its ``annual_field``.

A supply's scenario section (a dotted path, ``heat.purchased``) gives its price
``price_per_kwh`` [CNY/kWh]; where its carrier has levels, its ``temperature_c`` decides
the levels it reaches (those at or below it). A market's section gives its hourly limit;
its price is an hourly column of ``PlanInputs.hourly``. The rules on a market's flow (the
demand charge on the monthly peak import, green purchases within imports, a
direct-connection project's exchange charges) are ``lp/grid.py``'s.
"""

from __future__ import annotations

from dataclasses import dataclass

from parkopt.optimizer.schema.carriers import CARRIERS


def section_at(scenario, path: str):
    """The scenario's section at the dotted ``path`` (``heat.gas``), None where a part of it
    is not given."""
    here = scenario
    for part in path.split("."):
        here = getattr(here, part, None) if here is not None else None
    return here


@dataclass(frozen=True)
class Supply:
    """A carrier bought from outside the park at its section's ``price_per_kwh``."""

    name: str  # its LP variable ``<name>[level, t]`` (as bought), or its hourly tally
    # ``m.<name>_terms`` of what its node gives (as used)
    carrier: str
    section: str  # dotted path of its scenario section
    annual_field: str  # the ``accounting.Annual`` field of its yearly energy [MWh]
    label: str
    as_used: bool = False  # bought as the converters on its node use it: no variable and no
    # balance row (gas, bought as burnt)
    limit_field: str | None = None  # field of its section: its largest delivery summed over
    # its nodes [its carrier's unit]; the row ``<name>_limit``

    def levels(self, scenario) -> tuple[str | None, ...]:
        """The levels of its carrier it reaches (its temperature at or above theirs), hottest
        first; ``(None,)`` on a carrier without levels; () where the scenario lacks it."""
        spec = section_at(scenario, self.section)
        if spec is None:
            return ()
        carrier = CARRIERS[self.carrier]
        if carrier.levels_section is None:
            return (None,)
        hot = spec.temperature_c
        return tuple(lv.name for lv in carrier.levels(scenario) if hot >= lv.temperature_c)


@dataclass(frozen=True)
class Link:
    """Energy a level of a carrier passes to the next cooler level, at an efficiency of 1
    (a heat exchanger), where the scenario's switch allows it."""

    name: str  # its LP variable ``<name>[level, t]``: what the level passes down
    carrier: str
    switch: str  # dotted path of the scenario's flag that allows it
    label: str

    def levels(self, scenario) -> tuple[str, ...]:
        """The levels that may pass energy down: every level but the coolest, hottest first;
        () where the switch is off."""
        if not section_at(scenario, self.switch):
            return ()
        return tuple(lv.name for lv in CARRIERS[self.carrier].levels(scenario))[:-1]


@dataclass(frozen=True)
class Market:
    """A carrier traded with a grid at an hourly price: bought into its node (import) or sold
    out of it (export), ``0 <= <name>[t] <= limit``."""

    name: str  # its LP variable ``<name>[t]``
    carrier: str
    section: str  # dotted path of its scenario section
    limit_field: str  # field of its section: the largest flow in any hour [kW]; null = none
    price_column: str  # its price in ``PlanInputs.hourly`` [CNY/kWh]
    label: str  # how the binding limits name it: "the grid import limit"
    annual_field: str  # the ``accounting.Annual`` field of its yearly energy [MWh]
    column: str  # its hourly flow in the dispatch frame [kW]
    sells: bool = False  # leaves the node and earns its price (export)
    optional: bool = False  # no variable where its limit is 0 (export: no backfeed)


GRID_IMPORT = Market(
    "imp",
    "electricity",
    "grid",
    "import_limit_kw",
    "price_per_kwh",
    "import",
    "grid_import_mwh",
    "grid_import_kw",
)
GRID_EXPORT = Market(
    "exp",
    "electricity",
    "grid",
    "export_limit_kw",
    "export_price_per_kwh",
    "export",
    "grid_export_mwh",
    "grid_export_kw",
    sells=True,
    optional=True,
)
MARKETS: tuple[Market, ...] = (GRID_IMPORT, GRID_EXPORT)
"""Every market, in the order of the cost terms."""

GAS_SUPPLY = Supply("gas", "gas", "heat.gas", "gas_mwh", "Natural gas", as_used=True)
PURCHASED_HEAT = Supply(
    "bought", "heat", "heat.purchased", "heat_purchased_mwh", "Purchased heat", limit_field="max_kw"
)
SUPPLIES: tuple[Supply, ...] = (GAS_SUPPLY, PURCHASED_HEAT)
"""Every supply, in the order of the cost terms."""
CASCADE = Link("down", "heat", "heat.cascade", "Cascade")
LINKS: tuple[Link, ...] = (CASCADE,)
