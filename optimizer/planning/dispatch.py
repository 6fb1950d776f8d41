"""The one dispatch contract: the hourly frame a plan or simulation returns, final and whole.

``finalise`` turns what an LP or a rule-based simulation produced into the contract's
columns, in order: it adds the grid part of the battery's flows (where the run did not tell
them) and the load matched by local green supply. ``plan`` and ``simulate`` call it once;
nothing downstream adds or changes a column.
"""

from __future__ import annotations

import pandas as pd

from parkopt.optimizer.accounts import kpis
from parkopt.optimizer.inputs.converter_columns import cchp_dispatch_columns
from parkopt.optimizer.inputs.heat_inputs import heat_dispatch_columns
from parkopt.optimizer.inputs.plan_inputs import PlanInputs
from parkopt.optimizer.schema.instances import instance_columns
from parkopt.optimizer.schema.technologies import GENERATORS, STORAGE

TIMESERIES_COLUMNS = (
    "load_kw",
    *(f"{g.name}_kw" for g in GENERATORS),
    *(f"{g.name}_curtailed_kw" for g in GENERATORS),
    *(c for s in STORAGE for c in s.columns),
    "battery_charge_grid_kw",
    "battery_discharge_grid_kw",
    "grid_import_kw",
    "grid_export_kw",
    "matched_kw",
    "price_per_kwh",
    "emission_factor_t_per_mwh",
)
"""Columns of the dispatch frame and of timeseries.parquet, in order (kW, kWh,
currency/kWh, tCO2/MWh); a scenario with heat adds ``columns_of``'s heat columns."""


def columns_of(inputs: PlanInputs) -> tuple[str, ...]:
    """The contract's columns for this scenario: the electricity columns, the named generator
    instances' (``instances.instance_columns``: ``pv_roof_east_kw``, then each one's
    ``_curtailed_kw``; none for one mapping per technology), then the heat columns
    (``heat_inputs.heat_dispatch_columns``; none without heat)."""
    scenario = inputs.scenario
    own = instance_columns(scenario) + heat_dispatch_columns(scenario)
    return TIMESERIES_COLUMNS + own + cchp_dispatch_columns(scenario)


def finalise(d: pd.DataFrame, inputs: PlanInputs) -> pd.DataFrame:
    """A new frame with exactly the contract's columns; ``d``'s attrs (green purchases, the
    first hour's state of charge) are kept."""
    out = d.copy()
    ch_grid, dis_grid = kpis.battery_grid_kw(d, inputs)
    out["battery_charge_grid_kw"] = ch_grid
    out["battery_discharge_grid_kw"] = dis_grid
    out["matched_kw"] = kpis.matched_kw(out, inputs)
    final = out.loc[:, list(columns_of(inputs))].copy()
    final.attrs = dict(d.attrs)
    return final
