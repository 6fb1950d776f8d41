"""The hourly inputs of the converters that declare their own modes (CHP, chillers) and of
each carrier's own demand: columns of ``PlanInputs.hourly``.

``<carrier>_demand_kw`` [its unit] for each carrier of ``technologies.NODE_CARRIERS`` whose
section the scenario gives (``cooling_demand_kw`` [kW_c]), and ``<tech>_<mode>_efficiency``
[-] for every mode of such a converter (``converter_modes``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from parkopt.models import heat as heat_model
from parkopt.models.units import KW_PER_MW
from parkopt.optimizer.common.errors import Problem
from parkopt.optimizer.inputs.converter_modes import mode_converters, other_converters
from parkopt.optimizer.schema.carriers import CARRIERS, COOLING, Carrier, demand_carriers

COOLING_DEMAND = COOLING.demand_column


def _modes(scenario):
    for i in mode_converters(scenario):
        yield i.spec, i.spec.modes(i.stem)


def cchp_hourly_columns(scenario) -> dict[str, str]:
    """Each carrier's demand and the mode efficiency columns with their units."""
    out = {c.demand_column: c.unit for c in demand_carriers(scenario)}
    for _, modes in _modes(scenario):
        out.update({mo.efficiency: "-" for mo in modes})
    return out


def cchp_problems(scenario) -> list[Problem]:
    """A converter's level must be a heat level; one giving a carrier with a demand of its
    own (a chiller: cooling) needs that carrier's section."""
    out = []
    levels = [lv.name for lv in scenario.heat.levels] if scenario.heat is not None else []
    for i in mode_converters(scenario):
        level = getattr(i.spec, "level", None)
        if level is not None and level not in levels:
            expected = f"a heat level of the heat section ({', '.join(levels) or 'none'})"
            out.append(Problem(scenario.source, f"{i.field}.level", level, expected))
        for c in (CARRIERS[n] for n in i.tech.gives if n in CARRIERS):
            if c.demand_section and getattr(scenario, c.demand_section) is None:
                where = c.demand_section
                expected = f"a {where} section ({where}.demand) for its {c.label.lower()} to serve"
                out.append(Problem(scenario.source, where, None, expected))
    if "gas" in [c for t in other_converters(scenario) for c in t.takes] and not levels:
        out.append(Problem(scenario.source, "heat", None, "a heat section (its gas price)"))
    return out


def _demand_kw(scenario, c: Carrier, index, problems: list[Problem], read_csv):
    """The demand of carrier ``c`` over the year [its unit]: its section's ``demand`` as an
    hourly profile, annual or monthly MWh with a shape, or (where it has one) a flat kW."""
    d, where = getattr(scenario, c.demand_section).demand, f"{c.demand_section}.demand"
    if getattr(d, "flat_kw", None) is not None:
        return np.full(len(index), d.flat_kw)
    if d.profile is not None:
        return read_csv(d.profile, f"{where}.profile", {"kW": 1.0, "MW": KW_PER_MW})
    if d.annual_mwh is not None or d.monthly_mwh is not None:
        return heat_model.heat_demand_kw(index, d.shape(), d.annual_mwh, d.monthly_mwh)
    problems.append(Problem(scenario.source, where, None, "annual_mwh, monthly_mwh or profile"))
    return None


def cchp_columns(scenario, wx, index: pd.DatetimeIndex, problems: list[Problem], read_csv):
    """Every column of ``cchp_hourly_columns`` over the year [kW_c, -]."""
    problems += cchp_problems(scenario)
    cols: dict[str, np.ndarray | None] = {}
    for c in demand_carriers(scenario):
        cols[c.demand_column] = _demand_kw(scenario, c, index, problems, read_csv)
    air = wx.data["temp_air"].to_numpy(dtype=float) if wx is not None else np.zeros(len(index))
    temps = {lv.name: lv.temperature_c for lv in scenario.heat.levels} if scenario.heat else {}
    for spec, modes in _modes(scenario):
        for mo in modes:
            cols[mo.efficiency] = spec.mode_efficiency(mo.name, air, temps)
    return cols
