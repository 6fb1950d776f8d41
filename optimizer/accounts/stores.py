"""Each store instance's figures from a finished dispatch: its state's recurrence residual,
its full equivalent cycles and the green part of a battery's discharge.

A store instance's columns are ``Instance.columns`` (``battery_charge_kw``,
``battery_discharge_kw``, ``battery_soc_kwh``; ``battery_lfp_4h_charge_kw``... for one of a
list, ``instances.py``); its spec gives ``charge_efficiency``, ``discharge_efficiency`` and
``retention_per_hour`` [-].
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from parkopt.models.units import KWH_PER_MWH
from parkopt.optimizer.inputs.plan_inputs import PlanInputs
from parkopt.optimizer.schema.instances import Instance, stores
from parkopt.optimizer.schema.technologies import STORAGE

SOC_START = {"battery_soc_kwh": "soc_start_kwh", "thermal_storage_soc_kwh": "thermal_soc_start_kwh"}
"""The attribute of a dispatch frame holding a state column's value before its first hour,
where a rule-based run says so (else the state is cyclic)."""


def batteries(inputs: PlanInputs) -> tuple[Instance, ...]:
    """The battery instances of the scenario."""
    return stores(inputs.scenario, STORAGE)


def previous_state(d: pd.DataFrame, column: str = "battery_soc_kwh") -> np.ndarray:
    """A store's state at the start of each hour [kWh]: the previous hour's end, the first
    hour's from ``d.attrs`` (``SOC_START``) where a run says so, else cyclic (the last)."""
    prev = np.roll(d[column].to_numpy(), 1)
    start = SOC_START.get(column)
    if start in d.attrs:
        prev[0] = d.attrs[start]
    return prev


def residual_kwh(d: pd.DataFrame, inst: Instance) -> float:
    """Largest residual of ``soc[t] = keep soc[t-1] + eta_ch ch[t] - dis[t] / eta_dis``
    over the hours [kWh]."""
    spec = inst.spec
    ch, dis, soc = (d[c].to_numpy() for c in inst.columns)
    expected = spec.retention_per_hour * previous_state(d, inst.columns[2]) + (
        spec.charge_efficiency * ch - dis / spec.discharge_efficiency
    )
    return float(np.abs(soc - expected).max())


def battery_residuals(d: pd.DataFrame, inputs: PlanInputs) -> dict[str, float]:
    """``soc_residual_kwh``: the largest over every battery instance (0 without one); and
    each named instance's own (``<stem>_soc_residual_kwh``) [kWh]."""
    own = {i: residual_kwh(d, i) for i in batteries(inputs)}
    out = {"soc_residual_kwh": max(own.values(), default=0.0)}
    out.update({f"{i.stem}_soc_residual_kwh": v for i, v in own.items() if i.named})
    return out


def usable_kwh(inst: Instance, capacities: dict[str, float]) -> float:
    """A battery instance's energy window: its energy rating x (soc_max - soc_min) [kWh]."""
    spec = inst.spec
    return capacities[inst.capacities[1].key] * (spec.soc_max_fraction - spec.soc_min_fraction)


def battery_cycles(
    energy: dict[str, float], inputs: PlanInputs, capacities: dict[str, float]
) -> float:
    """Full equivalent cycles a year of every battery together: discharge over the usable
    energy windows summed [-]; 0 without one."""
    usable = sum(usable_kwh(i, capacities) for i in batteries(inputs))
    if usable <= 1e-9:
        return 0.0
    return energy["battery_discharge"] * KWH_PER_MWH / usable


def cycles_by_instance(
    energy: dict[str, float], inputs: PlanInputs, capacities: dict[str, float]
) -> dict[str, float] | None:
    """Each named battery's full equivalent cycles a year, by stem [-]; None for one."""
    named = [i for i in batteries(inputs) if i.named]
    if not named:
        return None
    out = {}
    for i in named:
        usable = usable_kwh(i, capacities)
        discharge = energy[f"{i.stem}_discharge"] * KWH_PER_MWH
        out[i.stem] = discharge / usable if usable > 1e-9 else 0.0
    return out


def green_discharge_kw(d: pd.DataFrame, inst: Instance, ch_green: np.ndarray) -> np.ndarray:
    """Green part of each hour's discharge of one battery instance [kW], by a well-mixed pool
    rule: each hour's discharge is green in proportion to the green share of the energy
    stored at the start of the hour; the pool's green energy follows the same recurrence
    (self-discharge, efficiencies) as the state of charge, charged by ``ch_green`` [kW]. The
    cyclic year is run twice so that the start state equals the end state."""
    spec = inst.spec
    eta_ch, eta_dis = spec.charge_efficiency, spec.discharge_efficiency
    keep = spec.retention_per_hour
    dis = d[inst.columns[1]].to_numpy()
    if dis.max() <= 0:
        return np.zeros(len(d))
    prev_soc = previous_state(d, inst.columns[2])

    def run(pool: float) -> tuple[np.ndarray, float, float]:
        """One pass over the year from a green pool [kWh]; returns the green discharge, the
        end pool and the product of the pool's hourly factors (its sensitivity to the start)."""
        green, factor = np.zeros(len(d)), 1.0
        for t in range(len(d)):
            share = dis[t] / (eta_dis * prev_soc[t]) if prev_soc[t] > 1e-9 else 0.0
            green[t] = min(pool * share * eta_dis, dis[t])
            factor *= max(keep - share, 0.0)
            pool = max(keep * pool + eta_ch * ch_green[t] - green[t] / eta_dis, 0.0)
        return green, pool, factor

    # The pool is linear in its start value: end = factor * start + end_from_zero. Cyclic
    # operation asks start = end, so start = end_from_zero / (1 - factor).
    _, end0, factor = run(0.0)
    start = min(end0 / (1.0 - factor), prev_soc[0]) if factor < 1.0 - 1e-12 else prev_soc[0]
    return run(start)[0]


def green_charge_kw(d: pd.DataFrame, inputs: PlanInputs, surplus_kw: np.ndarray) -> dict:
    """Each battery instance's charge from local surplus ``surplus_kw`` (local output less
    the load) [kW]: the batteries take it in the order given, the rest of their charge is
    from the grid."""
    left, out = np.maximum(surplus_kw, 0.0), {}
    for i in batteries(inputs):
        out[i] = np.minimum(d[i.columns[0]].to_numpy(), left)
        left = left - out[i]
    return out
