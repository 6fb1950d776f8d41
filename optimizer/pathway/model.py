"""The LP over periods: each period's plan as a block, linked by what is built when.

Symbols (p, q periods; k a capacity of the registry; model units MW, MWh, kCNY as in
``lp/build.py``):

==================  ===================================================  ==============
symbol              meaning                                              unit (model)
==================  ===================================================  ==============
build[q,k]          capacity k bought at the start of period q           MW, MWh
period[p]           period p's planning LP (``lp.build.populate``)
period[p].cap[k]    capacity k serving in period p                       MW, MWh
W[p]                discount weight of p: sum over its years y of        -
                    ``(1+r)^-(y - base + 1)`` (``periods.weights``)
A[q,k]              annuity of k bought in q: capex x CRF(r, life)       kCNY/MW-year
F[q,k]              fixed O&M of k bought in q (a fraction of its capex) kCNY/MW-year
==================  ===================================================  ==============

- **Serving**: ``cap[p,k] = sum_{q active in p} build[q,k]``, q active in p when bought in
  or before p and alive for all of p's years (``y_q + life >= y_p + n_p``); ``cap[p,k]``
  keeps period p's bounds (``min_kw``, ``max_kw``: a roof's area caps all that serves on it).
- **Installed capacity** (``pathway.installed``): a constant in ``serving`` while it lives
  through a period; no capital, its fixed O&M at the period's price (a constant of the
  objective).
- **Existing assets** (``Technology.existing``: the gas boilers) are not bought: their
  capacity is period p's own variable, never above the period before (a retired boiler does
  not come back) and 0 from ``pathway.retire``'s year.
- **Objective**: ``sum_p W[p] (operation of p + existing assets' fixed O&M) + sum_{q,k}
  (A[q,k] L[q,k] + F[q,k] sum_{p: q active in p} W[p]) build[q,k]``: the present value of
  the pathway's costs, each build paying its own vintage's annuity over every year it lives
  inside the horizon (``L``: the discount factors of those years, ``alive_weight``) and its
  O&M while it serves; the annuities are the investment less the residual value (the
  annuities after the horizon). Where a life ends inside a period the build cannot serve,
  its last years are paid for all the same (PyPSA's multi-period optimisation charges only
  the periods a build is active in; the two agree where lives end at period boundaries).
- **Targets** are each period's own (its carbon section), rows of its block; their shadow
  prices are in present value, divided by ``W[p]`` for a price per year of the period.
"""

from __future__ import annotations

import pyomo.environ as pyo

from parkopt.models.units import KW_PER_MW, kw_to_mw
from parkopt.optimizer.lp.build import cost_expr, populate, update_parameters
from parkopt.optimizer.pathway.periods import PeriodInputs
from parkopt.optimizer.schema.instances import owners
from parkopt.optimizer.schema.pathway_spec import Pathway

LIFE_TOL = 1e-9
"""Slack on a life's end against a period's end [year]."""


def life_years(period: PeriodInputs, key: str) -> float:
    """Economic life of capacity ``key`` (an instance's) bought in ``period`` [year]."""
    return float(owners(period.inputs.scenario)[key].spec.life_years)


def is_existing(period: PeriodInputs, key: str) -> bool:
    """Whether capacity ``key`` is an existing asset's (``Technology.existing``)."""
    return owners(period.inputs.scenario)[key].tech.existing


def active(periods: list[PeriodInputs], q: int, p: int, key: str) -> bool:
    """Whether capacity ``key`` bought in period q serves in period p."""
    if q > p:
        return False
    return periods[q].year + life_years(periods[q], key) + LIFE_TOL >= periods[p].end_year


def served_keys(m: pyo.ConcreteModel, periods: list[PeriodInputs]) -> list[tuple[int, str]]:
    """(period, capacity) pairs whose capacity is built: every capacity of a period's
    scenario but existing assets'."""
    return [(p, k) for p in m.P for k in m.period[p].K if not is_existing(periods[p], k)]


def bought_keys(m: pyo.ConcreteModel, periods: list[PeriodInputs]) -> list[tuple[int, str]]:
    """(period, capacity) pairs that may be bought: those whose build lives through its own
    period (a life shorter than the period's years could serve nothing)."""
    return [(q, k) for q, k in served_keys(m, periods) if active(periods, q, q, k)]


def charge_weight(periods: list[PeriodInputs], q: int, key: str) -> float:
    """Sum of the discount weights of the periods in which ``key`` bought in q serves [-]:
    what its fixed O&M is paid over."""
    return sum(pp.weight for p, pp in enumerate(periods) if active(periods, q, p, key))


def alive_weight(periods: list[PeriodInputs], q: int, key: str) -> float:
    """Sum of the discount factors of every year inside the horizon in which ``key`` bought
    in q lives, serving or not (a part of the year its life ends in) [-]: what its annuity
    is paid over. Years it lives but cannot serve (its life ends inside a later period) are
    paid for: a build is its whole capital, less what is left after the horizon."""
    end = periods[q].year + life_years(periods[q], key)
    total = 0.0
    for pp in periods[q:]:
        for j, f in enumerate(pp.factors):
            total += f * min(max(end - (pp.year + j), 0.0), 1.0)
    return total


def _period_costs(b: pyo.Block, pp: PeriodInputs) -> None:
    """A period's capacities cost nothing a year of their own but existing assets' fixed
    O&M at the period's prices: capital and O&M are the builds' (``vintage_cost``)."""
    for k in b.K:
        existing = is_existing(pp, k)
        b.annual_cost[k] = pp.inputs.economics[k].fixed_om_per_unit if existing else 0.0


def _add_periods(m: pyo.ConcreteModel, periods: list[PeriodInputs]) -> None:
    """One planning LP per period (``_period_costs``)."""
    m.period = pyo.Block(m.P)
    for p, pp in enumerate(periods):
        populate(m.period[p], pp.inputs)
        _period_costs(m.period[p], pp)


def installed_kw(pathway: Pathway, period: PeriodInputs, key: str) -> float:
    """Capacity ``key`` the park has already that serves in ``period`` (``pathway.installed``;
    alive for all of the period's years) [kW, kWh]."""
    have = pathway.installed.get(key)
    if have is None or (have.retire_year is not None and have.retire_year < period.end_year):
        return 0.0
    return have.capacity


def _add_builds(m: pyo.ConcreteModel, periods: list[PeriodInputs], pathway: Pathway) -> None:
    """``build[q,k]`` and ``serving[p,k]``: ``cap[p,k] = sum_{q active} build[q,k] +
    installed[p,k]``."""
    m.BUILD = pyo.Set(initialize=bought_keys(m, periods), dimen=2, ordered=True)
    m.build = pyo.Var(m.BUILD, within=pyo.NonNegativeReals)
    m.SERVE = pyo.Set(initialize=served_keys(m, periods), dimen=2, ordered=True)

    def serving(m, p, k):
        bought = [m.build[q, k] for q in m.P if (q, k) in m.BUILD and active(periods, q, p, k)]
        have = kw_to_mw(installed_kw(pathway, periods[p], k))
        return m.period[p].cap[k] == sum(bought) + have

    m.serving = pyo.Constraint(m.SERVE, rule=serving)


def _add_existing(m: pyo.ConcreteModel, periods: list[PeriodInputs], pathway: Pathway) -> None:
    """Existing assets: ``cap[p,k] <= cap[p-1,k]`` (``kept``) and 0 from their retirement."""
    pairs = [
        (p, k)
        for p in m.P
        for k in m.period[p].K
        if is_existing(periods[p], k) and p > 0 and k in m.period[p - 1].K
    ]
    m.kept = pyo.Constraint(
        pyo.Set(initialize=pairs, dimen=2, ordered=True),
        rule=lambda m, p, k: m.period[p].cap[k] <= m.period[p - 1].cap[k],
    )
    _retire(m, periods, pathway.retire)


def _retire(m: pyo.ConcreteModel, periods: list[PeriodInputs], retire: dict[str, int]) -> None:
    """Existing assets' capacity held at 0 in every period they do not live through (from
    the period their retirement year falls in)."""
    for p, pp in enumerate(periods):
        for k in m.period[p].K:
            inst = owners(pp.inputs.scenario)[k]  # by instance stem, else by technology
            year = retire.get(inst.stem, retire.get(inst.tech.name))
            if year is not None and year < pp.end_year:  # serves only a whole period
                m.period[p].cap[k].setlb(0.0)
                m.period[p].cap[k].setub(0.0)


def vintage_cost(m: pyo.ConcreteModel, periods: list[PeriodInputs], part: str = "both"):
    """Present value of the builds' annuities (``part`` "capital": over every year each
    lives inside the horizon, ``alive_weight``), their fixed O&M ("om": over the periods each
    serves, ``charge_weight``) or both [kCNY]."""
    total = 0.0
    for q, k in m.BUILD:
        e = periods[q].inputs.economics[k]
        capital = e.annualised_capex_per_unit * alive_weight(periods, q, k)
        om = e.fixed_om_per_unit * charge_weight(periods, q, k)
        total += {"capital": capital, "om": om, "both": capital + om}[part] * m.build[q, k]
    return total


def installed_om(periods: list[PeriodInputs], pathway: Pathway) -> list[float]:
    """Each period's fixed O&M of what the park has already (``pathway.installed``) at the
    period's price [currency/year]."""
    return [
        sum(
            pp.inputs.economics[k].fixed_om_per_unit * installed_kw(pathway, pp, k)
            for k in pathway.installed
            if k in pp.inputs.economics
        )
        for pp in periods
    ]


def _set_objective(m: pyo.ConcreteModel, periods: list[PeriodInputs], pathway: Pathway) -> None:
    """The objective (module docstring), made anew: its discount weights and annuities are
    numbers of the expression, which ``MatrixHighs`` reads again on a warm re-solve; the
    installed capacity's O&M is a constant of it."""
    if hasattr(m, "objective"):
        m.del_component(m.objective)
    operation = sum(pp.weight * cost_expr(m.period[p], pp.inputs) for p, pp in enumerate(periods))
    have = sum(
        pp.weight * om / KW_PER_MW
        for pp, om in zip(periods, installed_om(periods, pathway), strict=True)
    )
    m.objective = pyo.Objective(
        expr=operation + vintage_cost(m, periods) + have, sense=pyo.minimize
    )


def build_pathway(periods: list[PeriodInputs], pathway: Pathway) -> pyo.ConcreteModel:
    """The pathway LP over ``periods``; see the module docstring."""
    m = pyo.ConcreteModel(name="pathway")
    m.P = pyo.RangeSet(0, len(periods) - 1)
    _add_periods(m, periods)
    _add_builds(m, periods, pathway)
    _add_existing(m, periods, pathway)
    _set_objective(m, periods, pathway)
    return m


def update_pathway(m: pyo.ConcreteModel, periods: list[PeriodInputs], pathway: Pathway) -> None:
    """Put another run's periods (the same structure: only LP parameters differ) into a
    built pathway LP: each period's costs, bounds and targets (``lp.build.update_parameters``),
    the retirements and the objective."""
    for p, pp in enumerate(periods):
        b = m.period[p]
        update_parameters(b, pp.inputs)
        _period_costs(b, pp)
    _retire(m, periods, pathway.retire)
    _set_objective(m, periods, pathway)
