"""Supplies and links, each declared once: what the park buys into a node from outside
(purchased heat, gas) and what passes from one level of a carrier to the next (the heat
cascade). ``lp/supplies.py`` builds them from these entries without naming a carrier; the
accounting reads each supply's yearly energy by its ``annual_field``.

A supply's scenario section (a dotted path, ``heat.purchased``) gives its price
``price_per_kwh`` [CNY/kWh]; where its carrier has levels, its ``temperature_c`` decides
the levels it reaches (those at or below it). Grid import and export, and green purchases,
are still the electricity family's own (``lp/grid.py``).
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


GAS_SUPPLY = Supply("gas", "gas", "heat.gas", "gas_mwh", "Natural gas", as_used=True)
PURCHASED_HEAT = Supply(
    "bought", "heat", "heat.purchased", "heat_purchased_mwh", "Purchased heat", limit_field="max_kw"
)
SUPPLIES: tuple[Supply, ...] = (GAS_SUPPLY, PURCHASED_HEAT)
"""Every supply, in the order of the cost terms."""
CASCADE = Link("down", "heat", "heat.cascade", "Cascade")
LINKS: tuple[Link, ...] = (CASCADE,)
