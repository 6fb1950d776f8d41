"""A pathway on every hour of its periods (``pathway.typical_days: null``) solved as a single
year is (``lp/start.py``): first on ``START_DAYS`` typical days per period, then the full LP
with what that plan builds pinned (each period then nearly falls apart by hour), then freed,
primal simplex going on from the pinned basis to the full LP's own optimum. Where the
pinned LP is infeasible the start tries again with the targets elastic and with the builds
pinned from below, else solves cold (``start.solve_pinned``)."""

from __future__ import annotations

import time
from dataclasses import replace

import pyomo.environ as pyo
from pyomo.common.collections import ComponentMap

from parkopt.optimizer.inputs.clustering import cluster
from parkopt.optimizer.lp import progress
from parkopt.optimizer.lp.highs import MatrixHighs
from parkopt.optimizer.lp.solve import Status, solve_model
from parkopt.optimizer.lp.start import START_DAYS, solve_pinned, wanted
from parkopt.optimizer.pathway.model import build_pathway, is_existing
from parkopt.optimizer.pathway.periods import PeriodInputs
from parkopt.optimizer.schema.pathway_spec import Pathway


def _bounded(var, value: float | None) -> float:
    """``value`` (None: 0) within ``var``'s bounds [model units]."""
    lo, hi = var.lb, var.ub
    x = max(value or 0.0, lo if lo is not None else 0.0)
    return min(x, hi) if hi is not None else x


def typical_day_builds(
    m: pyo.ConcreteModel, periods: list[PeriodInputs], pathway: Pathway
) -> ComponentMap | None:
    """What the pathway builds (``build[q,k]``) and keeps of its existing assets in each
    period, planned on ``START_DAYS`` typical days of every period, as values of ``m``'s
    variables [model units]; None if that plan is not optimal."""
    typical = []
    for pp in periods:
        clustered = cluster(pp.inputs, START_DAYS)
        typical.append(replace(pp, inputs=clustered.inputs, clustered=clustered))
    tm = build_pathway(typical, pathway)
    if not solve_model(tm, typical[0].inputs).optimal:
        return None
    sizes = ComponentMap()
    for index in m.build:
        sizes[m.build[index]] = _bounded(m.build[index], tm.build[index].value)
    for p, pp in enumerate(periods):
        for k in m.period[p].K:
            if is_existing(pp, k):
                cap = m.period[p].cap[k]
                sizes[cap] = _bounded(cap, tm.period[p].cap[k].value)
    return sizes


def started(
    m: pyo.ConcreteModel, periods: list[PeriodInputs], pathway: Pathway, solver: MatrixHighs
) -> Status | None:
    """The pathway LP ``m`` (just passed to ``solver``) solved from its typical-day plan
    (module docstring); None where a single year would not start so (``start.wanted``:
    typical days already, a short horizon, ``solver.start: cold``, interior point). The
    status's ``start`` says how it went; ``solve_s`` counts every step."""
    inputs = periods[0].inputs
    if pathway.typical_days is not None or not wanted(inputs):
        return None
    t0 = time.perf_counter()
    progress.stage(f"planning the periods on {START_DAYS} typical days each")
    try:
        sizes = typical_day_builds(m, periods, pathway)
    except Exception as err:  # noqa: BLE001 - the start is a shortcut: the full LP still runs
        progress.stage(f"cold: typical-day plan failed ({type(err).__name__}: {err})")
        return None
    start = {"from": "typical_days", "typical_days": START_DAYS}
    start["typical_s"] = time.perf_counter() - t0
    if sizes is None:
        progress.stage("cold: the typical-day plan is not optimal")
        return None
    status, how = solve_pinned(m, inputs, solver, sizes, synced=True, t0=t0)
    status.solve_s = time.perf_counter() - t0
    status.start = {**start, **how}
    return status
