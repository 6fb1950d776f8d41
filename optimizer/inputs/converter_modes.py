"""The modes of every converter of a scenario, as data for the LP's one converter family
(``lp/converters.py``), the extraction and the outputs.

A converter instance has one or more **modes**. A mode takes one input node and gives a
primary output node, optionally secondary outputs in a fixed ratio to the primary, with an
hourly efficiency (primary output per unit of input: a column of ``PlanInputs.hourly``).
A node is ``(carrier, level or None)`` as in ``lp/balance.py``.

- heat pumps and boilers: one mode per heat level they may serve (the mode is named after
  the level; its efficiency column is ``<tech>_<level>_efficiency``);
- other converters (CHP, chillers): the modes their spec declares (``spec.modes()``).

A spec may declare **limits** as data (``spec.limits()``): ``Limit(row, kind, bound_kw,
field)``, ``sum_modes coefficient * primary <= bound`` in every hour, the coefficient given
by ``kind``: ``"output"`` (1) or ``"output_minus_input"`` (``1 - 1/eff``, the heat a heat
pump draws from its source).
"""

from __future__ import annotations

from dataclasses import replace

from parkopt.optimizer.inputs.heat_inputs import efficiency_column, pairs, sources
from parkopt.optimizer.schema.converter_limit import Limit, Mode, mode_column  # noqa: F401 - re-exported
from parkopt.optimizer.schema.instances import Instance, instances_of
from parkopt.optimizer.schema.technologies import TECHNOLOGIES, Technology


def other_converters(scenario) -> list[Technology]:
    """The scenario's converters that declare their own modes (CHP, chillers)."""
    return [
        t
        for t in TECHNOLOGIES
        if t.role == "converter"
        and t.gives != ("heat",)
        and getattr(scenario.technologies, t.name, None) is not None
    ]


def mode_converters(scenario) -> list[Instance]:
    """The instances of the converters that declare their own modes (``other_converters``):
    one per technology, or each of a list (``instances.py``)."""
    return [i for t in other_converters(scenario) for i in instances_of(scenario, t)]


def modes(scenario) -> list[Mode]:
    """Every mode of every converter the scenario has, heat sources first (a heat source's
    ``tech`` is its instance's stem: ``existing_gas_boiler_steam``)."""
    takes = {k.stem: k.tech.takes[0] for k in sources(scenario)}
    out = [
        Mode(k, lv, (takes[k], None), ("heat", lv), efficiency_column(k, lv))
        for k, lv in pairs(scenario)
    ]
    for i in mode_converters(scenario):
        out += i.spec.modes(i.stem)
    return out


def limits(scenario) -> dict[str, list[Limit]]:
    """Each converter's limits declared as data, by instance stem (a named instance's rows
    carry its name: ``waste_heat_source_<name>``)."""
    out = {}
    for i in [*sources(scenario), *mode_converters(scenario)]:
        if hasattr(i.spec, "limits"):
            own = f"_{i.name}" if i.named else ""
            out[i.stem] = [replace(lim, row=lim.row + own) for lim in i.spec.limits()]
    return out
