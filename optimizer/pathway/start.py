"""A pathway on every hour of its periods (``pathway.typical_days: null``) solved as a single
year is (``lp/start.py``): first on ``START_DAYS`` typical days per period, then the full LP
with what that plan builds pinned (each period then nearly falls apart by hour), then freed,
primal simplex going on from the pinned basis to the full LP's own optimum. Where the
pinned LP is infeasible the start tries again with the targets elastic and with the builds
pinned from below, else solves cold. ``lp.start.solve_cold`` runs these steps (and skips them
where a single year would: typical days already, a short horizon, ``solver.start: cold``);
this module gives it the builds to pin."""

from __future__ import annotations

from dataclasses import replace

import pyomo.environ as pyo
from pyomo.common.collections import ComponentMap

from parkopt.optimizer.inputs.clustering import cluster
from parkopt.optimizer.lp.solve import solve_model
from parkopt.optimizer.lp.start import START_DAYS, within_bounds
from parkopt.optimizer.pathway.model import build_pathway, is_existing
from parkopt.optimizer.pathway.periods import PeriodInputs
from parkopt.optimizer.schema.pathway_spec import Pathway


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
        sizes[m.build[index]] = within_bounds(m.build[index], tm.build[index].value)
    for p, pp in enumerate(periods):
        for k in m.period[p].K:
            if is_existing(pp, k):
                cap = m.period[p].cap[k]
                sizes[cap] = within_bounds(cap, tm.period[p].cap[k].value)
    return sizes
