"""The hourly heat inputs of a plan: each level's demand and each heat source's efficiency.

Columns of ``PlanInputs.hourly`` (present only when the scenario has a ``heat`` section):
``heat_<level>_demand_kw`` [kW_th] for every level, and ``<tech>_<level>_efficiency`` [-]
for every heat source and level it may serve (heat out per electricity or gas in; a heat
pump's COP from the air or source temperature; 0 in hours it cannot reach the level), or
from the source's curve against the air temperature or its hourly CSV
(``efficiency_specs``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from parkopt.models import heat as heat_model
from parkopt.models.units import KW_PER_MW
from parkopt.optimizer.common.accounting import BASELINE_BOILER_EFFICIENCY
from parkopt.optimizer.common.errors import Problem
from parkopt.optimizer.common.park_profiles import read_profile
from parkopt.optimizer.schema.efficiency_specs import MAX_EFFICIENCY, EfficiencyCsv
from parkopt.optimizer.schema.fields import problem_from_message
from parkopt.optimizer.schema.instances import (
    Instance,
    instances_of,
    listed,
    store_columns,
    stores,
)
from parkopt.optimizer.schema.supplies import CASCADE, PURCHASED_HEAT
from parkopt.optimizer.schema.technologies import CONVERTERS, HEAT_STORAGE, Technology


def demand_column(level: str) -> str:
    return f"heat_{level}_demand_kw"


def efficiency_column(tech: str, level: str) -> str:
    return f"{tech}_{level}_efficiency"


def converters(scenario) -> list[Technology]:
    """The heat source technologies the scenario has."""
    if scenario.heat is None:
        return []
    return [k for k in CONVERTERS if getattr(scenario.technologies, k.name) is not None]


def sources(scenario) -> list[Instance]:
    """The heat source instances the scenario has (``instances.py``: one per technology, or
    each of a list), in registry order, then in the order given."""
    return [i for k in converters(scenario) for i in instances_of(scenario, k)]


def source_of(scenario) -> dict[str, Instance]:
    """Each heat source instance by stem (``existing_gas_boiler_steam``)."""
    return {i.stem: i for i in sources(scenario)}


def heat_storage(scenario) -> list[Instance]:
    """The thermal store instances the scenario has (none without heat), each on the level
    its ``level`` names."""
    if scenario.heat is None:
        return []
    return list(stores(scenario, HEAT_STORAGE))


def pairs(scenario) -> list[tuple[str, str]]:
    """(stem, level) for every heat source instance and every level it is allowed to serve
    (the stem is the technology's name for one mapping)."""
    names = [lv.name for lv in scenario.heat.levels] if scenario.heat is not None else []
    out = []
    for i in sources(scenario):
        allowed = i.spec.levels
        out += [(i.stem, n) for n in names if allowed is None or n in allowed]
    return out


def heat_hourly_columns(scenario) -> dict[str, str]:
    """The heat columns of ``PlanInputs.hourly`` with their units."""
    if scenario.heat is None:
        return {}
    out = {demand_column(lv.name): "kW_th" for lv in scenario.heat.levels}
    out.update({efficiency_column(k, lv): "-" for k, lv in pairs(scenario)})
    return out


def _demand_kw(level, index, source: str, problems: list[Problem], read_csv) -> np.ndarray | None:
    """A level's hourly demand [kW_th] from its CSV, its totals or its tonnes of steam."""
    d = level.demand
    where = f"heat.levels.{level.name}.demand"
    per_t = level.steam.kwh_per_t() if level.steam is not None else None
    if d.profile is not None:
        units = {"kW": 1.0, "MW": KW_PER_MW}
        if per_t is not None:
            units["t/h"] = per_t
        return read_csv(d.profile, f"{where}.profile", units)
    if d.from_inventory is not None:
        values = read_profile(
            d.from_inventory, "heat_demand_kw", f"{where}.from_inventory", source, problems
        )
        return None if values is None else values * d.share_of_inventory
    if d.annual_t is not None:
        return heat_model.heat_demand_kw(index, d.shape(), annual_mwh=d.annual_t * per_t / 1e3)
    return heat_model.heat_demand_kw(index, d.shape(), d.annual_mwh, d.monthly_mwh)


def heat_columns(scenario, wx, index: pd.DatetimeIndex, problems: list[Problem], read_csv):
    """Every heat column over the year [kW_th, -] (``read_csv(spec, where, units)`` reads a
    demand profile, recording its problems); None for a column that could not be made."""
    if scenario.heat is None:
        return {}
    cols: dict[str, np.ndarray | None] = {}
    for level in scenario.heat.levels:
        try:
            cols[demand_column(level.name)] = _demand_kw(
                level, index, scenario.source, problems, read_csv
            )
        except ValueError as err:  # the steam table refused the level's steam
            where = f"heat.levels.{level.name}."
            problems.append(problem_from_message(scenario.source, str(err), where))
            cols[demand_column(level.name)] = None
    air = wx.data["temp_air"].to_numpy(dtype=float) if wx is not None else np.zeros(len(index))
    problems += efficiency_level_problems(scenario)
    temperature = {lv.name: lv.temperature_c for lv in scenario.heat.levels}
    by_stem = source_of(scenario)
    for tech, level in pairs(scenario):
        spec = by_stem[tech].spec
        data = spec.data_for(level)
        if isinstance(data, EfficiencyCsv):
            where = f"{by_stem[tech].field}.{spec.data_field}"
            where += f".{level}" if spec.data_levels() is not None else ""
            values = read_csv(data, where, {"-": 1.0})
            ok = values is not None and _efficiency_values_ok(spec, data, values, where, problems)
            cols[efficiency_column(tech, level)] = values if ok else None
        else:
            cols[efficiency_column(tech, level)] = spec.efficiency(temperature[level], air, level)
    return cols


def efficiency_level_problems(scenario) -> list[Problem]:
    """A curve needs the weather's air temperature. A heat pump's curve or profile and the
    levels it serves: one serves one level, else one per level (a level without one is not
    served), each of a level it may serve, and every level named in ``levels`` has one."""
    out = []
    for k in sources(scenario):
        spec = k.spec
        field = spec.data_field
        if field is None:
            continue
        where = f"{k.field}.{field}"
        if field.endswith("_curve") and scenario.weather is None:
            expected = f"a weather file (weather.path): {where} is against the air temperature"
            out.append(Problem(scenario.source, "weather", None, expected))
        served = [lv for kk, lv in pairs(scenario) if kk == k.stem]
        given = spec.data_levels()
        if given is None and spec.stem == "cop" and len(served) > 1:
            expected = (
                f"one per level it serves ({', '.join(served)}: a heat pump's COP depends on the "
                f"sink temperature), as {field}: {{{served[0]}: ...}}, or levels: [{served[0]}]"
            )
            out.append(Problem(scenario.source, where, "one for every level", expected))
        shown = ", ".join(served)
        for lv in (lv for lv in given or [] if lv not in served):
            out.append(Problem(scenario.source, f"{where}.{lv}", None, f"a level among {shown}"))
        missing = [lv for lv in spec.levels or [] if given is not None and lv not in given]
        if missing:
            expected = f"one for each level in levels ({shown}); none for {', '.join(missing)}"
            out.append(Problem(scenario.source, where, sorted(given), expected))
    return out


def _efficiency_values_ok(spec, csv, values: np.ndarray, where: str, problems: list) -> bool:
    """Every hour's COP > 0, or efficiency in (0, MAX_EFFICIENCY]; else one problem naming
    the first bad row."""
    cop = spec.stem == "cop"
    high = np.inf if cop else MAX_EFFICIENCY
    bad = np.flatnonzero(~np.isnan(values) & ~((values > 0) & (values <= high)))
    if len(bad) == 0:
        return True
    i = int(bad[0])
    expected = "a COP > 0 [-]" if cop else f"an efficiency in (0, {MAX_EFFICIENCY}] [-]"
    expected += f" ({len(bad)} rows outside; {where})"
    problems.append(Problem(csv.path, f"{csv.column} row {i + 2}", float(values[i]), expected))
    return False


def existing_boilers(scenario) -> list[Instance]:
    """The park's existing gas boiler instances (one mapping, or each of a list)."""
    return [i for i in sources(scenario) if i.tech.existing]


def existing_upkeep(scenario) -> float:
    """The existing gas boilers' fixed O&M, each at its installed capacity [currency/year]."""
    return sum(
        i.spec.capacity_kw * i.spec.fixed_om_cny_per_kw_year for i in existing_boilers(scenario)
    )


def _boiler_efficiency(boiler: Instance, scenario, hourly: pd.DataFrame) -> np.ndarray | float:
    """An existing boiler's efficiency, hour by hour where it is data (the column of the first
    level it serves), else its ``efficiency_fraction`` [-]."""
    if boiler.spec.data_field is not None:
        levels = [lv for k, lv in pairs(scenario) if k == boiler.stem]
        if levels:
            return hourly[efficiency_column(boiler.stem, levels[0])].to_numpy()
    return boiler.spec.efficiency_fraction


def baseline_heat_kw(scenario, hourly: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Today's heat supply, hour by hour: (gas burnt [kW LHV], heat purchased [kW_th]).

    Rule: each level's demand, hottest first, is met by the existing gas boilers that serve
    it, in the order given, each up to its capacity (shared by the levels it serves) at its
    own efficiency, then by purchased heat where it reaches the level (up to its limit), and
    the rest by gas at the efficiency of the first existing boiler serving the level, else of
    the first existing boiler (``_boiler_efficiency``: hourly where it is data), else
    ``accounting.BASELINE_BOILER_EFFICIENCY`` where the scenario names none.
    """
    n = len(hourly)
    gas, bought = np.zeros(n), np.zeros(n)
    if scenario.heat is None:
        return gas, bought
    old = existing_boilers(scenario)
    eff = {i.stem: _boiler_efficiency(i, scenario, hourly) for i in old}
    room = {i.stem: np.full(n, i.spec.capacity_kw) for i in old}
    fallback = eff[old[0].stem] if old else BASELINE_BOILER_EFFICIENCY
    ph = scenario.heat.purchased
    ph_room = np.full(n, np.inf if ph is None or ph.max_kw is None else ph.max_kw)
    for level in scenario.heat.by_temperature:
        rest = hourly[demand_column(level.name)].to_numpy().copy()
        serving = [i.stem for i in old if i.spec.levels is None or level.name in i.spec.levels]
        for k in serving:
            served = np.minimum(rest, room[k])
            room[k] -= served
            rest -= served
            gas += served / eff[k]
        if ph is not None and ph.temperature_c >= level.temperature_c:
            served = np.minimum(rest, ph_room)
            ph_room -= served
            rest -= served
            bought += served
        gas += rest / (eff[serving[0]] if serving else fallback)
    return gas, bought


def purchased_levels(scenario) -> list[str]:
    """Levels purchased heat reaches (its temperature at or above theirs), hottest first."""
    return list(PURCHASED_HEAT.levels(scenario))


def cascade_levels(scenario) -> list[str]:
    """Levels that may pass heat to the next cooler one (every level but the coolest)."""
    return list(CASCADE.levels(scenario))


def heat_dispatch_columns(scenario) -> tuple[str, ...]:
    """The heat columns of the dispatch frame and timeseries.parquet, in order [kW_th, kW,
    kWh_th]: each level's demand and supply by source instance, each instance's heat and
    input, each listed technology's totals of them (heat, input, heat into each level: what
    the plots show), purchased heat, the cascade, thermal storage, the totals of power to
    heat and gas."""
    if scenario.heat is None:
        return ()
    cols = [demand_column(lv.name) for lv in scenario.heat.by_temperature]
    cols += [f"heat_{lv}_{k}_kw" for k, lv in pairs(scenario)]
    cols += [f"heat_{lv}_purchased_kw" for lv in purchased_levels(scenario)]
    cols += [f"heat_{lv}_cascade_kw" for lv in cascade_levels(scenario)]
    for k in sources(scenario):
        cols += [f"{k.stem}_heat_kw", f"{k.stem}_{k.tech.takes[0]}_kw"]
    for t in _listed(scenario):
        cols += [f"{t.name}_heat_kw", f"{t.name}_{t.takes[0]}_kw"]
        cols += [f"heat_{lv}_{t.name}_kw" for lv in _levels_of(scenario, t)]
    cols.append("heat_purchased_kw")
    if heat_storage(scenario):
        cols += [c for t in HEAT_STORAGE for c in store_columns(scenario, t)]
    cols += ["power_to_heat_kw", "gas_kw"]
    return tuple(cols)


def _levels_of(scenario, tech: Technology) -> list[str]:
    """The levels any instance of ``tech`` serves, in the heat section's order."""
    stems = {i.stem for i in instances_of(scenario, tech)}
    return list(dict.fromkeys(lv for k, lv in pairs(scenario) if k in stems))


def _listed(scenario) -> list[Technology]:
    """The heat source technologies given as a list of named instances: their own columns
    (``<tech>_heat_kw``...) hold the totals over the instances."""
    return [t for t in converters(scenario) if listed(scenario, t)]


def heat_flow_columns(inputs, q: dict, bought: dict, down: dict, stored: dict) -> dict:
    """The heat columns of a dispatch frame, exactly ``heat_dispatch_columns``, from the flows
    a run decided [kW_th, kWh_th]: ``q[(stem, level)]`` heat from each source instance into
    each level, ``bought[level]`` purchased heat, ``down[level]`` heat passed to the next
    cooler level, ``stored`` the thermal store's columns. Each source's input (heat /
    efficiency), each listed technology's totals and the totals of power to heat and gas
    follow from them; the LP and the rule both call this."""
    s, h = inputs.scenario, inputs.hourly
    n = len(h)
    zeros = np.zeros(n)
    cols = {demand_column(lv.name): h[demand_column(lv.name)].to_numpy() for lv in s.heat.levels}
    takes = {k.stem: k.tech.takes[0] for k in sources(s)}
    for k, carrier in takes.items():
        cols[f"{k}_heat_kw"], cols[f"{k}_{carrier}_kw"] = zeros.copy(), zeros.copy()
    for k, lv in pairs(s):
        e = h[efficiency_column(k, lv)].to_numpy()
        flow = q.get((k, lv), zeros)
        cols[f"heat_{lv}_{k}_kw"] = flow
        cols[f"{k}_heat_kw"] = cols[f"{k}_heat_kw"] + flow
        used = np.divide(flow, e, out=np.zeros(n), where=e > 0)
        cols[f"{k}_{takes[k]}_kw"] = cols[f"{k}_{takes[k]}_kw"] + used
    served = set(pairs(s))
    for t in _listed(s):
        stems = [i.stem for i in instances_of(s, t)]
        for col in (f"{t.name}_heat_kw", f"{t.name}_{t.takes[0]}_kw"):
            cols[col] = sum((cols[i + col[len(t.name) :]] for i in stems), zeros)
        for lv in _levels_of(s, t):
            own = [f"heat_{lv}_{i}_kw" for i in stems if (i, lv) in served]
            cols[f"heat_{lv}_{t.name}_kw"] = sum((cols[c] for c in own), zeros)
    cols["heat_purchased_kw"] = zeros.copy()
    for lv in purchased_levels(s):
        cols[f"heat_{lv}_purchased_kw"] = bought.get(lv, zeros)
        cols["heat_purchased_kw"] = cols["heat_purchased_kw"] + cols[f"heat_{lv}_purchased_kw"]
    for lv in cascade_levels(s):
        cols[f"heat_{lv}_cascade_kw"] = down.get(lv, zeros)
    cols.update(stored)
    for name, carrier in (("power_to_heat_kw", "electricity"), ("gas_kw", "gas")):
        cols[name] = sum((cols[f"{k}_{c}_kw"] for k, c in takes.items() if c == carrier), zeros)
    return {c: cols[c] for c in heat_dispatch_columns(s)}
