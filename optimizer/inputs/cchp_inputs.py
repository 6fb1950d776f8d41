"""The hourly inputs of the converters that declare their own modes (CHP, chillers) and of
the cooling demand: columns of ``PlanInputs.hourly``.

``cooling_demand_kw`` [kW_c] where the scenario has a ``cooling`` section, and
``<tech>_<mode>_efficiency`` [-] for every mode of such a converter (``converter_modes``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from parkopt.models import heat as heat_model
from parkopt.models.units import KW_PER_MW
from parkopt.optimizer.common.errors import Problem
from parkopt.optimizer.inputs.converter_modes import mode_converters, other_converters

COOLING_DEMAND = "cooling_demand_kw"


def _modes(scenario):
    for i in mode_converters(scenario):
        yield i.spec, i.spec.modes(i.stem)


def cchp_hourly_columns(scenario) -> dict[str, str]:
    """The cooling demand and the mode efficiency columns with their units."""
    out = {COOLING_DEMAND: "kW_c"} if scenario.cooling is not None else {}
    for _, modes in _modes(scenario):
        out.update({mo.efficiency: "-" for mo in modes})
    return out


def cchp_problems(scenario) -> list[Problem]:
    """A converter's level must be a heat level; a chiller needs a cooling section."""
    out = []
    levels = [lv.name for lv in scenario.heat.levels] if scenario.heat is not None else []
    for i in mode_converters(scenario):
        level = getattr(i.spec, "level", None)
        if level is not None and level not in levels:
            expected = f"a heat level of the heat section ({', '.join(levels) or 'none'})"
            out.append(Problem(scenario.source, f"{i.field}.level", level, expected))
        if "cooling" in i.tech.gives and scenario.cooling is None:
            expected = "a cooling section (cooling.demand) for its cold to serve"
            out.append(Problem(scenario.source, "cooling", None, expected))
    if "gas" in [c for t in other_converters(scenario) for c in t.takes] and not levels:
        out.append(Problem(scenario.source, "heat", None, "a heat section (its gas price)"))
    return out


def cchp_columns(scenario, wx, index: pd.DatetimeIndex, problems: list[Problem], read_csv):
    """Every column of ``cchp_hourly_columns`` over the year [kW_c, -]."""
    problems += cchp_problems(scenario)
    cols: dict[str, np.ndarray | None] = {}
    c = scenario.cooling
    if c is not None:
        d = c.demand
        if d.profile is not None:
            units = {"kW": 1.0, "MW": KW_PER_MW}
            cols[COOLING_DEMAND] = read_csv(d.profile, "cooling.demand.profile", units)
        elif d.annual_mwh is not None or d.monthly_mwh is not None:
            shape = d.shape()
            cols[COOLING_DEMAND] = heat_model.heat_demand_kw(
                index, shape, d.annual_mwh, d.monthly_mwh
            )
        else:
            problems.append(
                Problem(
                    scenario.source, "cooling.demand", None, "annual_mwh, monthly_mwh or profile"
                )
            )
            cols[COOLING_DEMAND] = None
    air = wx.data["temp_air"].to_numpy(dtype=float) if wx is not None else np.zeros(len(index))
    temps = {lv.name: lv.temperature_c for lv in scenario.heat.levels} if scenario.heat else {}
    for spec, modes in _modes(scenario):
        for mo in modes:
            cols[mo.efficiency] = spec.mode_efficiency(mo.name, air, temps)
    return cols
