"""Storage linked across calendar days when the LP's hours are typical days.

The inter-period formulation of Kotzur et al. (2018, "Time series aggregation for energy
system design: modeling seasonal storage", Applied Energy 213), as PyPSA writes it: each
typical day keeps an intra-day state that starts from zero, each calendar day an
inter-day state that carries the energy from one day to the next. Used by every store
instance (``storage.add_store``: each battery, thermal and cold store its own state) when
``PlanInputs.typical_days`` is set; the full-year formulation is untouched otherwise.

Symbols (c a typical day, h = 0..H-1 its hour, t = c H + h the LP's hour; d a calendar day,
c(d) its typical day; p an energy pool of the store; keep the share kept per hour):

=================  ==========================================================  =========
soc[p,t]           intra-day state: energy stored since the day began (any sign) MWh
<name>_inter[p,d]  state at the start of calendar day d (>= 0)                 MWh
<name>_hi[c]       at least the largest ``sum_p inter[p,d]`` over c's days      MWh
<name>_lo[c]       at most the smallest ``sum_p inter[p,d]`` over c's days      MWh
=================  ==========================================================  =========

- intra: ``soc[p,t] = keep soc[p,t-1] + in - out``, with ``soc[p,cH-1]`` read as 0
  (``previous``); written by the store itself
- inter: ``inter[p,d+1] = keep^H inter[p,d] + soc[p, c(d)H + H-1]``, cyclic (day 0
  follows day D-1)
- the real state at the end of hour h of day d is ``keep^(h+1) sum_p inter[p,d] + sum_p
  soc[p,t]``; ``lower <= it <= upper`` on every day and hour is written per typical hour
  with ``hi`` and ``lo``: ``keep^(h+1) hi[c] + sum_p soc[p,t] <= upper``, ``keep^(h+1) lo[c]
  + sum_p soc[p,t] >= lower``. This is exact (no tighter than the per-day, per-hour rows):
  the real state rises with ``inter``, so the largest (smallest) ``inter`` of a typical
  day's days is the one that can break the upper (lower) bound. 2 D + 2 N H rows instead
  of 2 D H.
- several pools: each pool's real state stays >= 0 the same way (``<name>_pool_lo``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import pyomo.environ as pyo

from parkopt.optimizer.inputs.plan_inputs import TypicalDays


def previous(var, key: tuple, t: int, last: int, td: TypicalDays | None):
    """The state before hour t: ``var[key, t-1]``; cyclic over the horizon (t = 0 reads the
    last hour) without typical days, 0 at the first hour of a typical day with them."""

    def at(s: int):
        return var[(*key, s)] if key else var[s]

    if td is None:
        return at(t - 1 if t > 0 else last)
    return at(t - 1) if t % td.hours_per_day else 0.0


@dataclass(frozen=True)
class State:
    """A store's linked state: its LP name (``<lp_prefix>soc``), its dispatch column
    (``battery_soc_kwh``, ``battery_lfp_4h_soc_kwh``), its energy pools and the share it
    keeps per hour [-]."""

    name: str
    column: str
    pools: Sequence
    keep: float


def link_days(
    m: pyo.ConcreteModel, state: State, soc: Callable, td: TypicalDays, bounds: tuple
) -> None:
    """Inter-day states and the state's bounds on every calendar hour (module docstring).

    ``soc(p, t)`` is the intra-day state of pool p [MWh]; ``bounds`` the (lower, upper)
    expressions of the real state summed over pools [MWh]; rows ``<name>_min`` and
    ``<name>_max`` (the full-year model's names), ``<name>_inter_dynamics``.
    """
    name, pools, keep = state.name, state.pools, state.keep
    H, D, C = td.hours_per_day, range(td.n_days), range(td.n_clusters)
    day_c = td.day_cluster
    lower, upper = bounds
    inter = pyo.Var(list(pools), D, within=pyo.NonNegativeReals)
    hi = pyo.Var(C, within=pyo.NonNegativeReals)
    lo = pyo.Var(C, within=pyo.NonNegativeReals)
    setattr(m, f"{name}_inter", inter)
    setattr(m, f"{name}_hi", hi)
    setattr(m, f"{name}_lo", lo)

    def total_inter(d):
        return sum(inter[p, d] for p in pools)

    def total_soc(t):
        return sum(soc(p, t) for p in pools)

    def carry(_, p, d):
        end = soc(p, day_c[d] * H + H - 1)
        return inter[p, (d + 1) % td.n_days] == keep**H * inter[p, d] + end

    def grow(t):  # keep^(h+1): what is left at the end of hour h of the day's start state
        return keep ** (t % H + 1)

    setattr(m, f"{name}_inter_dynamics", pyo.Constraint(list(pools), D, rule=carry))
    rows = {
        "hi_days": pyo.Constraint(D, rule=lambda _, d: total_inter(d) <= hi[day_c[d]]),
        "lo_days": pyo.Constraint(D, rule=lambda _, d: total_inter(d) >= lo[day_c[d]]),
        "max": pyo.Constraint(m.T, rule=lambda _, t: grow(t) * hi[t // H] + total_soc(t) <= upper),
        "min": pyo.Constraint(m.T, rule=lambda _, t: grow(t) * lo[t // H] + total_soc(t) >= lower),
    }
    for suffix, row in rows.items():
        setattr(m, f"{name}_{suffix}", row)
    if len(pools) > 1:
        _pools_nonnegative(m, name, pools, soc, inter, td, grow)
    m.linked_states = {**getattr(m, "linked_states", {}), name: state}


def _pools_nonnegative(m, name, pools, soc, inter, td: TypicalDays, grow) -> None:
    """Each pool's real state >= 0 on every calendar hour: ``pool_lo[p,c] <= inter[p,d]``
    for c's days, ``keep^(h+1) pool_lo[p,c] + soc[p,t] >= 0`` [MWh]."""
    H, day_c = td.hours_per_day, td.day_cluster
    plo = pyo.Var(list(pools), range(td.n_clusters), within=pyo.NonNegativeReals)
    setattr(m, f"{name}_pool_lo", plo)
    setattr(
        m,
        f"{name}_pool_lo_days",
        pyo.Constraint(
            list(pools),
            range(td.n_days),
            rule=lambda _, p, d: plo[p, day_c[d]] <= inter[p, d],
        ),
    )
    setattr(
        m,
        f"{name}_pool_min",
        pyo.Constraint(
            list(pools), m.T, rule=lambda _, p, t: grow(t) * plo[p, t // H] + soc(p, t) >= 0
        ),
    )


DAY_START = "_day_start"
"""The suffix of ``day_start_attrs``' keys, after each state's dispatch column."""


def day_start_attrs(m: pyo.ConcreteModel, scale: float) -> dict[str, list[float]]:
    """The solved ``sum_p inter[p,d]`` of every linked state and calendar day [model units
    x ``scale``], keyed ``<column>_day_start`` (``typical_days.expand`` rebuilds the real
    state from them); empty without typical days."""
    out = {}
    for name, state in getattr(m, "linked_states", {}).items():
        inter = getattr(m, f"{name}_inter")
        days = sorted({d for _, d in inter.index_set()})
        value = [sum((inter[p, d].value or 0.0) for p in state.pools) * scale for d in days]
        out[state.column + DAY_START] = value
    return out
