"""Capacities given to a simulation: checked against the scenario (keys, values, the
technologies it has, its named instances) and against the planning bounds."""

from __future__ import annotations

import difflib
import math

from parkopt.optimizer.common.errors import Problem, ScenarioError
from parkopt.optimizer.inputs.plan_inputs import PlanInputs
from parkopt.optimizer.schema.instances import capacity_keys, instances, instances_of, with_totals
from parkopt.optimizer.schema.technologies import (
    CAPACITIES,
    CAPACITY_KEYS,
    EXISTING_GAS_BOILER_TECH,
    TECH_OF_CAPACITY,
)


def _did_you_mean(key: str, keys: tuple[str, ...]) -> str:
    close = difflib.get_close_matches(key, keys, n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _given(capacities: dict[str, float], inputs: PlanInputs, where: str) -> list[Problem]:
    """A problem for each key that is not a capacity of the scenario, and for a listed
    technology's total (``pv_kw``): its named instances are given one by one."""
    named = capacity_keys(inputs.scenario)
    keys = (*CAPACITY_KEYS, *named)
    totals = set(with_totals({}, inputs.scenario)) if named else set()
    out = []
    for key, value in capacities.items():
        if key not in keys:
            hint = _did_you_mean(key, keys)
            out.append(
                Problem(where, key, value, f"a capacity key: one of {', '.join(keys)}{hint}")
            )
        elif key in totals:
            shown = ", ".join(k for k in named if k.startswith(key[: -len("_kw")]))
            out.append(Problem(where, key, value, f"each named instance's capacity: {shown}"))
    return out


def check_capacities(capacities: dict[str, float], inputs: PlanInputs, where: str) -> dict:
    """Every capacity >= 0 and finite; technologies the scenario lacks must be 0. One not
    named is 0, but the existing gas boilers: their installed capacity (they are there). A
    technology with named instances takes each instance's key, and gets their total."""
    problems = _given(capacities, inputs, where)
    out = {}
    present = {*inputs.economics, *with_totals({}, inputs.scenario)}
    default = {  # the existing boilers: their installed capacity (each named one's)
        c.key: i.spec.capacity_kw
        for i in instances_of(inputs.scenario, EXISTING_GAS_BOILER_TECH)
        for c in i.capacities
    }
    for c in (*CAPACITIES, *_named_capacities(inputs)):
        key, unit = c.key, c.unit
        given = capacities.get(key)
        value = float(default.get(key, 0.0) if given is None else given)
        if not math.isfinite(value) or value < 0:
            problems.append(Problem(where, key, value, f"a capacity >= 0 {unit}"))
        elif value > 0 and key not in present:
            name = TECH_OF_CAPACITY[key].name
            expected = f"0 {unit}, or technologies.{name} in the scenario (it has none)"
            problems.append(Problem(where, key, value, expected))
        out[key] = value
    if problems:
        raise ScenarioError(problems)
    return with_totals(out, inputs.scenario)


def _named_capacities(inputs: PlanInputs) -> tuple:
    """The capacities of the scenario's named instances (kW, kW_DC, kW_th)."""
    return tuple(c for i in instances(inputs.scenario) if i.named for c in i.capacities)


def bounds_warnings(inputs: PlanInputs, caps: dict[str, float]) -> list[str]:
    """A warning for each capacity outside its technology's planning bounds (``max_kw``,
    ``max_kwh``, ``min_kw``, ``min_kwh``): simulated as given, but not a park the plan
    could choose."""
    out = []
    for inst in instances(inputs.scenario):
        for c in inst.capacities:
            out += _outside(inst, c, caps[c.key])
    return out


def _outside(inst, c, value: float) -> list[str]:
    """A warning for each bound of instance ``inst`` that capacity ``c`` = ``value`` lies
    outside [kW, kWh]."""
    spec, out = inst.spec, []
    for field, side in ((c.max_field, "above"), (c.min_field, "below")):
        limit = getattr(spec, field) if field else None
        if limit is None or (value <= limit if side == "above" else value >= limit):
            continue
        named = field if field in type(spec).model_fields else "capacity_kw"
        out.append(
            f"{c.key} = {value:,.0f} {c.unit} is {side} {inst.field}.{named} = "
            f"{limit:,.0f} {c.unit}: simulated as given, outside what a plan may build"
        )
    return out
