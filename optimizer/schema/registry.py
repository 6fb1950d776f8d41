"""The registry's types and builders: a ``Capacity`` (one sized quantity), a ``Technology``
(its section, role, carriers, capacities, label, colour, Chinese names) and the builders of
the families' entries (``generator``, ``store_capacities``, ``converter``, ``own_modes``).
The entries themselves are in ``technologies.py``."""

from __future__ import annotations

from dataclasses import dataclass

from parkopt.optimizer.schema.fields import Spec
from parkopt.optimizer.schema.tech_specs import GeneratorSpec


@dataclass(frozen=True)
class Capacity:
    """One sized quantity of a technology."""

    key: str  # LP index, capacities.csv column and summary.json capacity name
    unit: str  # kW, kW_DC or kWh
    capex_field: str  # field of the technology's section: currency per unit
    max_field: str  # field holding the upper bound (null = none)
    min_field: str | None = None  # field holding the lower bound (None: 0)
    label: str = ""
    zh: str = ""  # its name in Chinese (report, plots)


@dataclass(frozen=True)
class Technology:
    """A technology the LP may build: its section ``technologies.<name>`` and its role."""

    name: str
    role: str  # "generator" (output <= resource x capacity), "converter" (one carrier into
    # others: lp/converters.py), or a store on the node of gives[0] (any other role: "storage"
    # on electricity, "heat_storage", "cold_storage"; lp/storage.py)
    spec: type[Spec]
    label: str
    colour: str
    takes: tuple[str, ...]
    gives: tuple[str, ...]
    capacities: tuple[Capacity, ...]
    doc: str
    resource_column: str | None = None  # generators: PlanInputs.hourly output per unit
    resource_unit: str = "kW/kW"  # of the resource column (and of its CSV profile)
    resource_doc: str = ""  # meaning of its CSV profile (profiles.<resource_column>)
    resource_max: float | None = None  # highest output per unit a profile may hold [kW/kW]
    charge_colour: str | None = None  # storage: colour of its charging flow
    existing: bool = False  # the park has it already: not bought, only kept or retired
    lp_prefix: str = ""  # stores: the prefix of its LP variables and rows (lp/storage.py)
    zh: str = ""  # its name in Chinese (report, plots)
    zh_flows: tuple[str, str] = ("", "")  # stores: its charge and discharge in Chinese

    @property
    def lp_parameters(self) -> tuple[str, ...]:
        """Fields of its section that are LP parameters (costs and bounds): runs differing
        only in these share one built model and are re-solved warm."""
        names = ["fixed_om_fraction_per_year", "life_years"]
        for c in self.capacities:
            names += [c.capex_field, c.max_field] + ([c.min_field] if c.min_field else [])
        names += getattr(self.spec, "lp_parameter_fields", ())  # fields behind its bounds
        return tuple(dict.fromkeys(n for n in names if n in self.spec.model_fields))

    @property
    def is_store(self) -> bool:
        """A store (battery, thermal or cold store...) on the node of ``gives[0]``."""
        return self.role not in ("generator", "converter")

    @property
    def columns(self) -> tuple[str, ...]:
        """Its columns of the hourly dispatch frame [kW, kWh]."""
        n = self.name
        if self.role == "generator":
            return (f"{n}_kw", f"{n}_curtailed_kw")
        if self.role == "converter":  # its outputs, then its input
            return tuple(f"{n}_{c}_kw" for c in dict.fromkeys((*self.gives, *self.takes)))
        return (f"{n}_charge_kw", f"{n}_discharge_kw", f"{n}_soc_kwh")


def generator(
    name: str, spec: type[GeneratorSpec], label: str, colour: str, unit: str = "kW", **more
) -> Technology:
    """An electricity generator sized in ``unit`` (cost field ``capex_cny_per_kw``, bounds
    ``min_kw``/``max_kw``) whose hourly output per unit is the column ``resource_column``."""
    zh = more.get("zh", "")
    capacity = Capacity(f"{name}_kw", unit, "capex_cny_per_kw", "max_kw", "min_kw", label, zh)
    return Technology(
        name=name,
        role="generator",
        spec=spec,
        label=label,
        colour=colour,
        takes=(),
        gives=("electricity",),
        capacities=(capacity,),
        **more,
    )


def store_capacities(
    name: str, label: str, power: str, energy: str, zh: str = ""
) -> tuple[Capacity, ...]:
    """A store's power and energy capacities (``<name>_kw`` in ``power``, ``<name>_kwh`` in
    ``energy``; costs ``power_capex_cny_per_kw``, ``energy_capex_cny_per_kwh``; in Chinese
    ``<zh>功率``, ``<zh>容量``)."""
    return tuple(
        Capacity(
            f"{name}_{u}",
            v,
            f"{c}_capex_cny_per_{u}",
            f"max_{u}",
            f"min_{u}",
            f"{label} {c}",
            zh + z,
        )
        for u, v, c, z in (("kw", power, "power", "功率"), ("kwh", energy, "energy", "容量"))
    )


def converter(
    name: str, spec: type[Spec], label: str, colour: str, doc: str, zh: str, existing=False
) -> Technology:
    """A heat source sized in kW_th of heat output (cost ``capex_cny_per_kw``, bounds
    ``min_kw``/``max_kw``), taking the carrier its section names (``spec.takes``)."""
    return Technology(
        name=name,
        role="converter",
        spec=spec,
        label=label,
        colour=colour,
        takes=(spec.takes,),
        gives=("heat",),
        capacities=(
            Capacity(f"{name}_kw", "kW_th", "capex_cny_per_kw", "max_kw", "min_kw", label, zh),
        ),
        doc=doc,
        existing=existing,
        zh=zh,
    )


def own_modes(name, spec, label, colour, takes, gives, unit, doc, zh, **store) -> Technology:
    """A converter with its own modes (``spec.modes``), or (``store``: its role, prefix,
    charge colour and Chinese flows) the cold store."""
    caps = (Capacity(f"{name}_kw", unit, "capex_cny_per_kw", "max_kw", "min_kw", label, zh),)
    if store:
        caps = store_capacities(name, label, "kW_c", "kWh_c", zh)
    return Technology(
        name,
        store.pop("role", "converter"),
        spec,
        label,
        colour,
        takes,
        gives,
        caps,
        doc,
        zh=zh,
        **store,
    )
