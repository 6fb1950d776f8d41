"""PlanInputs from arrays, without files: for hand-solved cases, `parkopt doctor` and
cross-checks against other tools. The scenario carries costs, limits and targets; the
hourly profiles are given directly (kW, kW per kW, currency/kWh, tCO2/MWh)."""

from __future__ import annotations

import copy

import numpy as np
import pandas as pd

from parkopt.optimizer.inputs.converter_modes import mode_converters
from parkopt.optimizer.inputs.heat_inputs import demand_column, efficiency_column, pairs, source_of
from parkopt.optimizer.inputs.plan_inputs import PlanInputs, make_plan_inputs
from parkopt.optimizer.schema.carriers import demand_carriers
from parkopt.optimizer.schema.instances import generators
from parkopt.optimizer.schema.scenario import scenario_from_dict
from parkopt.optimizer.schema.technologies import GENERATORS

BASE = {
    "park": {"name": "synthetic", "timezone": "Asia/Shanghai"},
    "weather": {"path": "<synthetic: profiles given as arrays>"},
    "load": {"industrial": {"base_kw": 0.0, "shift_kw": 0.0}},
    "tariff": {
        "prices_cny_per_kwh": {"flat": 0.0},
        "seasons": [{"months": list(range(1, 13)), "flat": [[0, 24]]}],
    },
}


def _merge(base: dict, over: dict) -> dict:
    out = copy.deepcopy(base)
    for k, v in over.items():
        out[k] = _merge(out[k], v) if isinstance(v, dict) and isinstance(out.get(k), dict) else v
    return out


def make_inputs(
    load_kw,
    price_per_kwh,
    pv_kw_per_kw=None,
    wind_kw_per_kw=None,
    emission_factor_t_per_mwh=0.5,
    export_price_per_kwh=0.0,
    start: str = "2025-01-01",
    heat_demand_kw: dict | None = None,
    air_temperature_c=10.0,
    instance_kw_per_kw: dict | None = None,
    cooling_demand_kw=None,
    demand_kw: dict | None = None,
    **sections,
) -> PlanInputs:
    """PlanInputs for hourly arrays; ``sections`` are scenario sections (technologies, grid,
    carbon, finance, tariff, heat...) merged over a minimal base. With a ``heat`` section,
    ``heat_demand_kw`` gives each level's hourly demand by level name [kW_th] (the levels'
    own demand fields are then ignored) and ``air_temperature_c`` the air temperature behind
    air-source COPs [degC]. ``instance_kw_per_kw`` gives a named generator instance's output
    per unit by stem (``{"pv_roof_east": [...]}``) [kW/kW]; one not given takes its
    technology's (``pv_kw_per_kw``, ``wind_kw_per_kw``). ``demand_kw`` gives the hourly demand of
    each carrier with its own node by name (``{"cooling": [...]}``) [its unit];
    ``cooling_demand_kw`` is short for its cooling [kW_c]."""
    load = np.asarray(load_kw, dtype=float)
    n, index = len(load), pd.date_range(start, periods=len(load), freq="h", tz="Asia/Shanghai")

    def col(v):
        return np.broadcast_to(np.asarray(v if v is not None else 0.0, dtype=float), (n,)).copy()

    scenario = scenario_from_dict(_merge(BASE, sections), source="<synthetic>")
    hourly = pd.DataFrame(
        {
            "load_kw": load,
            **{g.resource_column: col(None) for g in GENERATORS},
            "pv_kw_per_kw_dc": col(pv_kw_per_kw),
            "wind_kw_per_kw": col(wind_kw_per_kw),
            "price_per_kwh": col(price_per_kwh),
            "export_price_per_kwh": col(export_price_per_kwh),
            "emission_factor_t_per_mwh": col(emission_factor_t_per_mwh),
            "month": index.month.astype(int),
        },
        index=index,
    )
    own = instance_kw_per_kw or {}
    for i in generators(scenario):
        if i.named:
            hourly[i.resource_column] = col(own.get(i.stem, hourly[i.tech.resource_column]))
    for level, demand in (heat_demand_kw or {}).items():
        hourly[demand_column(level)] = col(demand)
    if scenario.heat is not None:
        air = col(air_temperature_c)
        temperature = {lv.name: lv.temperature_c for lv in scenario.heat.levels}
        by_stem = source_of(scenario)
        for tech, level in pairs(scenario):
            spec = by_stem[tech].spec
            hourly[efficiency_column(tech, level)] = spec.efficiency(temperature[level], air, level)
    demands = {"cooling": cooling_demand_kw, **(demand_kw or {})}  # by carrier name
    _cchp(scenario, hourly, {c: col(v) for c, v in demands.items()}, col(air_temperature_c))
    return make_plan_inputs(scenario, hourly)


def _cchp(scenario, hourly: pd.DataFrame, demands: dict, air_c) -> None:
    """Each carrier's own demand (``demands`` by carrier name) [its unit] and the CHP's and
    chillers' mode efficiencies [-]."""
    for c in demand_carriers(scenario):
        hourly[c.demand_column] = demands.get(c.name, 0.0 * air_c)
    temps = {lv.name: lv.temperature_c for lv in scenario.heat.levels} if scenario.heat else {}
    for i in mode_converters(scenario):
        spec = i.spec
        for mo in spec.modes(i.stem):
            hourly[mo.efficiency] = spec.mode_efficiency(mo.name, air_c, temps)
