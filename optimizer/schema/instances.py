"""Named instances: the things a park has or may build, each of one technology.

A generator's, converter's or store's section (``technologies.pv``, ``technologies.wind``,
``technologies.existing_gas_boiler``, ``technologies.battery``...: ``technologies.LISTABLE``,
every technology) is one mapping or a list of named mappings (three roofs and a ground array;
two wind sites with their own turbines; a steam boiler and a hot-water boiler; a 2-hour and a
4-hour battery). One mapping is one instance named after its technology, so a scenario of one
mapping per technology reads exactly as before.

Naming scheme (one place, here): an instance's *stem* is its technology's name for the
instance named after it (``pv``), else ``<technology>_<name>`` (``pv_roof_east``). Every
per-instance name follows from the stem as a technology's did from its name: the capacity
``<stem>_kw`` (``pv_roof_east_kw``: LP index, capacities.csv column, summary ``capacity``
key), a generator's hourly columns ``<stem>_kw`` and ``<stem>_curtailed_kw``, the resource column
(``pv_roof_east_kw_per_kw_dc``), the annual energies ``<stem>`` and ``<stem>_curtailed``; a
heat source's ``<stem>_heat_kw``, ``<stem>_<carrier in>_kw``, ``heat_<level>_<stem>_kw`` and
efficiency ``<stem>_<level>_efficiency`` (``heat_inputs.py``); a store's capacities
``<stem>_kw`` and ``<stem>_kwh``, hourly columns ``<stem>_charge_kw``, ``<stem>_discharge_kw``,
``<stem>_soc_kwh``, annual energies ``<stem>_charge``, ``<stem>_discharge`` and LP variables
and rows after its ``lp_prefix`` (its technology's for one mapping: the battery's ``soc``,
the thermal store's ``tsoc``; ``<stem>_`` else: ``battery_lfp_4h_soc``).
Where a technology has a list of instances, its own names (``pv_kw``, ``pv_curtailed_kw``,
energy ``pv``) hold the totals over its instances, so every technology-level figure keeps
its key. Study keys and messages name an instance's fields
``technologies.<technology>.<name>.<field>`` (``technologies.pv.roof_east.max_kw``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cached_property

from parkopt.optimizer.schema.technologies import (
    GENERATORS,
    LISTABLE,
    STORAGE,
    STORES,
    TECHNOLOGIES,
    Capacity,
    Technology,
)

NAME = re.compile(r"^[a-z][a-z0-9_]*$")
"""An instance name: a lowercase identifier."""
NAME_EXPECTED = "a lowercase identifier (a-z, 0-9, _; starting with a letter)"
RESERVED = ("curtailed", "charge", "discharge", "soc")
"""Names an instance may not take: its columns would be a technology's (``pv_curtailed_kw``,
``battery_charge_kw``)."""
RESERVED_WORDS = "'curtailed' nor ending in it, nor 'charge', 'discharge' or 'soc'"


@dataclass(frozen=True)
class Instance:
    """One instance of a technology: its name and its own section (spec)."""

    tech: Technology
    name: str
    spec: object  # the technology's spec (tech.spec), as validated

    @property
    def named(self) -> bool:
        """Whether it has a name of its own (not that of its technology)."""
        return self.name != self.tech.name

    @property
    def stem(self) -> str:
        """The prefix of its keys and columns (module docstring)."""
        return f"{self.tech.name}_{self.name}" if self.named else self.tech.name

    @property
    def field(self) -> str:
        """Its section's path in messages and study keys [-]."""
        own = f".{self.name}" if self.named else ""
        return f"technologies.{self.tech.name}{own}"

    @property
    def label(self) -> str:
        return f"{self.tech.label} {self.name}" if self.named else self.tech.label

    @cached_property
    def capacities(self) -> tuple[Capacity, ...]:
        """Its capacities, keyed after its stem (kW, kW_DC or kWh)."""
        if not self.named:
            return self.tech.capacities
        n = len(self.tech.name)
        m = len(self.tech.label)  # a store's "Battery power" -> "Battery lfp_4h power"
        return tuple(
            replace(c, key=self.stem + c.key[n:], label=self.label + c.label[m:])
            for c in self.tech.capacities
        )

    @property
    def resource_column(self) -> str | None:
        """A generator's output per unit in ``PlanInputs.hourly`` [kW/kW]."""
        column = self.tech.resource_column
        return None if column is None else self.stem + column[len(self.tech.name) :]

    @property
    def columns(self) -> tuple[str, ...]:
        """A generator's hourly output used and curtailed [kW]; a store's charge, discharge
        [kW] and state [kWh] (``Technology.columns`` after its stem)."""
        if self.tech.is_store:
            return tuple(self.stem + c[len(self.tech.name) :] for c in self.tech.columns)
        return (f"{self.stem}_kw", f"{self.stem}_curtailed_kw")

    @property
    def lp_prefix(self) -> str:
        """A store's prefix of its LP variables and rows (module docstring)."""
        return f"{self.stem}_" if self.named else self.tech.lp_prefix


def named_specs(tech: Technology, section) -> tuple[tuple[str, object], ...]:
    """(name, spec) of each instance of a technology's section (None: none; one mapping: one
    named after the technology, or after its ``name``; a list: each by its ``name``)."""
    if section is None:
        return ()
    items = section if isinstance(section, list | tuple) else [section]
    return tuple((getattr(s, "name", None) or tech.name, s) for s in items)


def instances_of(scenario, tech: Technology) -> tuple[Instance, ...]:
    """The instances of one technology in ``scenario``, in the order given."""
    section = getattr(scenario.technologies, tech.name)
    return tuple(Instance(tech, name, spec) for name, spec in named_specs(tech, section))


def instances(scenario) -> tuple[Instance, ...]:
    """Every instance of the scenario, in registry order, then in the order given."""
    return tuple(i for t in TECHNOLOGIES for i in instances_of(scenario, t))


def owners(scenario) -> dict[str, Instance]:
    """The instance behind each of the scenario's LP capacities (``pv_roof_east_kw``,
    ``battery_kwh``...)."""
    return {c.key: i for i in instances(scenario) for c in i.capacities}


def stores(scenario, techs=STORES) -> tuple[Instance, ...]:
    """The store instances of the scenario (of ``techs``: every store by default), in
    registry order, then in the order given."""
    return tuple(i for t in techs for i in instances_of(scenario, t))


def named_stores(scenario) -> tuple[Instance, ...]:
    """The store instances with names of their own (of lists), in registry order."""
    return tuple(i for t in STORES for i in listed(scenario, t))


def generators(scenario) -> tuple[Instance, ...]:
    """The generator instances of the scenario (PV and wind)."""
    return tuple(i for t in GENERATORS for i in instances_of(scenario, t))


def listed(scenario, tech: Technology) -> tuple[Instance, ...]:
    """The instances of a technology with names of their own (a list): those whose figures
    sit beside the technology's totals; () for one mapping."""
    return tuple(i for i in instances_of(scenario, tech) if i.named)


def instance_columns(scenario) -> tuple[str, ...]:
    """The named generator instances' hourly columns (output used, then curtailed) [kW],
    then the named batteries' (charge, discharge [kW], state [kWh])."""
    named = [i for t in GENERATORS for i in listed(scenario, t)]
    batteries = [c for t in STORAGE for i in listed(scenario, t) for c in i.columns]
    return (*(i.columns[0] for i in named), *(i.columns[1] for i in named), *batteries)


def store_columns(scenario, tech: Technology) -> tuple[str, ...]:
    """A present store technology's hourly columns: its own (its one instance's, or the
    totals over its list), then each named instance's [kW, kWh]; () where absent."""
    if not instances_of(scenario, tech):
        return ()
    return (*tech.columns, *(c for i in listed(scenario, tech) for c in i.columns))


def with_store_totals(cols: dict, scenario, tech: Technology) -> dict:
    """``cols`` (each instance's store columns) with ``tech``'s own columns set to the
    totals over its named instances (a list) [kW, kWh]."""
    named = listed(scenario, tech)
    if not named:
        return cols
    out = dict(cols)
    for k, c in enumerate(tech.columns):
        out[c] = sum(cols[i.columns[k]] for i in named)
    return out


def capacity_keys(scenario) -> tuple[str, ...]:
    """The scenario's reported capacities beyond the registry's (``CAPACITY_KEYS``): those
    of its named instances; the registry's key of their technology is their total."""
    return tuple(c.key for t in LISTABLE for i in listed(scenario, t) for c in i.capacities)


def with_totals(capacities: dict[str, float], scenario) -> dict[str, float]:
    """``capacities`` (every registry key and the LP's instance keys) with each listed
    technology's key set to the sum over its instances [kW, kWh]."""
    out = dict(capacities)
    for t in LISTABLE:
        named = listed(scenario, t)
        if named:
            for c in t.capacities:
                out[c.key] = sum(out.get(i.stem + c.key[len(t.name) :], 0.0) for i in named)
    return out


def available_kw(hourly, scenario, capacities: dict[str, float]) -> dict:
    """Each generator instance's output available before curtailment, by stem: its output
    per unit (``hourly``'s resource column) x its capacity [kW]."""
    return {
        i.stem: hourly[i.resource_column].to_numpy() * capacities[i.capacities[0].key]
        for i in generators(scenario)
    }


def parse_key(key: str) -> tuple[Technology, str] | None:
    """The technology and instance name of a named instance's capacity or generator column
    key read back from a results folder (``pv_roof_east_kw`` -> (PV, ``roof_east``),
    ``battery_lfp_4h_kwh`` -> (Battery, ``lfp_4h``)); None for a registry key or any other."""
    found = capacity_of(key)
    return None if found is None else (found[0].tech, found[0].name)


def capacity_of(key: str) -> tuple[Instance, Capacity] | None:
    """The named instance (without its spec) and its capacity behind a capacity key
    (``battery_lfp_4h_kwh``: its energy, kWh); None for a registry key or any other."""
    for t in LISTABLE:
        head = f"{t.name}_"
        for c in t.capacities:
            tail = c.key[len(t.name) :]
            if not (key.startswith(head) and key.endswith(tail)):
                continue
            name = key[len(head) : -len(tail)]
            if NAME.match(name) and not name.endswith("_curtailed") and name not in RESERVED:
                inst = Instance(t, name, None)
                return inst, inst.capacities[t.capacities.index(c)]
    return None


def shown_capacities(capacity: dict) -> list[tuple[Capacity, str]]:
    """The capacities to show of a summary's ``capacity`` (read back, no scenario at hand):
    every registry capacity, each technology's followed by its named instances' found in
    ``capacity`` (``capacity_of``); each with the name its investment is filed under (its
    technology's, or the instance's stem)."""
    out = []
    for t in TECHNOLOGIES:
        out += [(c, t.name) for c in t.capacities]
        for key in capacity:
            found = capacity_of(key)
            if found is not None and found[0].tech is t:
                out.append((found[1], found[0].stem))
    return out


def name_problems(tech: Technology, section) -> list[tuple[str, object, str]]:
    """(field, value, expected) of each bad instance name of a technology's section:
    missing in a list, not an identifier, reserved, the technology's own name beside
    others, or repeated."""
    many = isinstance(section, list)
    where, seen, out = f"technologies.{tech.name}", set(), []
    for i, item in enumerate(section if many else [section]):
        name = getattr(item, "name", None)
        field = f"{where}.{i}.name" if many else f"{where}.name"
        if name is None:
            if many:
                out.append((field, None, f"a name for each item of the list ({NAME_EXPECTED})"))
        elif not NAME.match(name) or name in RESERVED or name.endswith("_curtailed"):
            out.append((field, name, f"{NAME_EXPECTED}, not {RESERVED_WORDS}"))
        elif name == tech.name and many and len(section) > 1:
            out.append((field, name, f"a name other than '{tech.name}' in a list of several"))
        elif name in seen:
            out.append((field, name, f"a name unique within {where}"))
        seen.add(name)
    return out
