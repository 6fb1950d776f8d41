"""The cooling balance of the planning LP: one node of cold, its demand and the cold store.

Symbols (model units MW_c, MWh_c; t an hour): the chillers' cold ``q`` (``converters.py``)
and the cold store's ``cdis - cch`` (``storage.py``, prefix ``c``) join the node
``("cooling", None)``; ``cooling_balance``: ``sum of what joined = demand[t]``.
"""

from __future__ import annotations

import pyomo.environ as pyo

from parkopt.models.units import KW_PER_MW
from parkopt.optimizer.common.errors import InfeasibleError
from parkopt.optimizer.inputs.cchp_inputs import COOLING_DEMAND
from parkopt.optimizer.inputs.plan_inputs import PlanInputs
from parkopt.optimizer.lp.balance import register
from parkopt.optimizer.lp.storage import add_store
from parkopt.optimizer.schema.technologies import COLD_STORAGE


def register_cooling(m: pyo.Block, inputs: PlanInputs) -> None:
    """The node ``("cooling", None)`` (before the converters join it); ``m.has_cooling``."""
    m.has_cooling = inputs.scenario.cooling is not None
    if m.has_cooling:
        m.cold_in = {t: [] for t in m.T}
        register(m, ("cooling", None), lambda t, s, w: m.cold_in[t].extend([s, -w]))


def add_cooling(m: pyo.Block, inputs: PlanInputs) -> None:
    """The cold store and ``cooling_balance`` in every hour."""
    if not m.has_cooling:
        return
    for tech in COLD_STORAGE:
        if getattr(inputs.scenario.technologies, tech.name) is not None:
            add_store(m, inputs, tech)
    demand = inputs.hourly[COOLING_DEMAND].to_numpy() / KW_PER_MW
    for t in m.T:
        if not m.cold_in[t] and demand[t] > 0:
            raise InfeasibleError(
                f"cooling needs {demand[t] * KW_PER_MW:,.0f} kW_c at {inputs.hourly.index[t]} but "
                "no chiller can serve it then (none given, or an absorption chiller's heat level "
                "is below its min_drive_temperature_c)"
            )
    m.cooling_balance = pyo.Constraint(
        m.T,
        rule=lambda m, t: sum(m.cold_in[t]) == demand[t] if m.cold_in[t] else pyo.Constraint.Skip,
    )
