"""Storage on any carrier: one family for every store instance of the scenario (the
battery on electricity, the thermal store on its heat level, the cold store on cooling;
each of a list of named instances its own store, ``instances.py``).

Symbols (p an energy pool of the store, t an hour; model units MW, MWh; x the instance's
``Instance.lp_prefix``, so one battery's rows are ``soc_dynamics``, ``charge_rating``,
the thermal store's ``tsoc_dynamics``, ``tcharge_rating``, a battery named ``lfp_4h``'s
``battery_lfp_4h_soc_dynamics``):

=================  ==========================================================  =========
x+ch[p,t]          charge (energy taken from its node)                          MW
x+dis[p,t]         discharge (energy given to its node)                         MW
x+soc[p,t]         state of charge (on typical days: the intra-day state)       MWh
P, E               its power and energy capacities (``cap``)                     MW, MWh
=================  ==========================================================  =========

- ``soc[p,t] = keep soc[p,t-1] + eta_ch ch[p,t] - dis[p,t] / eta_dis``: cyclic over the
  horizon, or on typical days from 0 at each typical day's start with the days linked
  (``linked.py``)
- ``soc_min E <= sum_p soc[p,t] <= soc_max E`` (fractions of its spec where it has them,
  else 0 and 1)
- ``sum_p ch[p,t] <= P``, ``sum_p dis[p,t] <= P``; ``d_min P <= E <= d_max P``
- its node's balance gains ``+ dis - ch`` in every hour (``balance.join``)

A store's spec gives ``charge_efficiency``, ``discharge_efficiency``,
``retention_per_hour``, ``min_duration_h``, ``max_duration_h`` and optionally
``soc_min_fraction``, ``soc_max_fraction``. Energy pools tell green from grid energy in the
battery (``build.battery_pools``, each instance its own; ``pooled`` sums one pool over
them); a store has one pool (``all``) otherwise.
"""

from __future__ import annotations

from collections.abc import Sequence

import pyomo.environ as pyo

from parkopt.optimizer.inputs.plan_inputs import PlanInputs
from parkopt.optimizer.lp import linked
from parkopt.optimizer.lp.balance import join
from parkopt.optimizer.schema.instances import Instance

ONE_POOL = ("all",)


def _bounds(spec, E) -> tuple:
    """(lower, upper) of the stored energy summed over pools [MWh]."""
    low = getattr(spec, "soc_min_fraction", None)
    high = getattr(spec, "soc_max_fraction", None)
    return (low * E if low is not None else 0.0, high * E if high is not None else E)


def _add_state(m, inputs: PlanInputs, inst: Instance, spec, pools) -> None:
    """``soc_dynamics`` and the stored energy's bounds (``soc_max``, ``soc_min`` where the
    spec has a lower fraction; on typical days ``linked.link_days``)."""
    x, td = inst.lp_prefix, inputs.typical_days
    ch, dis = getattr(m, f"{x}ch"), getattr(m, f"{x}dis")
    soc = pyo.Var(pools, m.T, within=pyo.NonNegativeReals if td is None else pyo.Reals)
    setattr(m, f"{x}soc", soc)
    keep, last = spec.retention_per_hour, len(m.T) - 1
    eta_ch, eta_dis = spec.charge_efficiency, spec.discharge_efficiency
    rule = lambda m, p, t: (  # noqa: E731 - the equation, as in the docstring
        soc[p, t]
        == keep * linked.previous(soc, (p,), t, last, td) + eta_ch * ch[p, t] - dis[p, t] / eta_dis
    )
    setattr(m, f"{x}soc_dynamics", pyo.Constraint(pools, m.T, rule=rule))
    E = m.cap[inst.capacities[1].key]
    lower, upper = _bounds(spec, E)
    if td is not None:
        state = linked.State(f"{x}soc", inst.columns[2], list(pools), keep)
        linked.link_days(m, state, lambda p, t: soc[p, t], td, (lower, upper))
        return

    def stored(t):
        return sum(soc[p, t] for p in pools)

    setattr(m, f"{x}soc_max", pyo.Constraint(m.T, rule=lambda m, t: stored(t) <= upper))
    if getattr(spec, "soc_min_fraction", None) is not None:
        setattr(m, f"{x}soc_min", pyo.Constraint(m.T, rule=lambda m, t: stored(t) >= lower))


def add_store(
    m: pyo.Block, inputs: PlanInputs, inst: Instance, pools: Sequence[str] = ONE_POOL
) -> None:
    """The store instance ``inst`` with its energy ``pools`` (module docstring)."""
    spec, x, pools = inst.spec, inst.lp_prefix, list(pools)
    ch = pyo.Var(pools, m.T, within=pyo.NonNegativeReals)
    dis = pyo.Var(pools, m.T, within=pyo.NonNegativeReals)
    setattr(m, f"{x}ch", ch)
    setattr(m, f"{x}dis", dis)
    _add_state(m, inputs, inst, spec, pools)
    P, E = (m.cap[c.key] for c in inst.capacities)
    for name, var in (("charge_rating", ch), ("discharge_rating", dis)):
        row = pyo.Constraint(m.T, rule=lambda m, t, v=var: sum(v[p, t] for p in pools) <= P)
        setattr(m, f"{x}{name}", row)
    setattr(m, f"{x}duration_min", pyo.Constraint(expr=spec.min_duration_h * P <= E))
    setattr(m, f"{x}duration_max", pyo.Constraint(expr=spec.max_duration_h * P >= E))
    for t in m.T:
        for p in pools:
            join(m, inst.tech, spec, t, supply=dis[p, t], withdrawal=ch[p, t])


def pooled(m: pyo.Block, var: str, pool: str, t: int):
    """``var`` (``ch``, ``dis``) of energy pool ``pool`` in hour t summed over the battery
    instances that have it (``m.battery_pools``) [MW]."""
    terms = [getattr(m, f"{x}{var}")[pool, t] for x, p in m.battery_pools.items() if pool in p]
    return terms[0] if len(terms) == 1 else sum(terms)


def has_pool(m: pyo.Block, pool: str) -> bool:
    """Whether any battery instance has energy pool ``pool``."""
    return any(pool in p for p in getattr(m, "battery_pools", {}).values())
