"""Converters on any carrier: one family for every converter of the registry (heat pumps,
boilers, CHP, chillers), built from their modes (``converter_modes.py``).

Symbols (model units MW, MWh; k a converter, o one of its modes, t an hour; eff[k,o,t] the
mode's efficiency column of ``PlanInputs.hourly``):

=================  ==========================================================  =========
q[k,o,t]           primary output of mode o of k (only where eff > 0)           MW
cap[k]             its rating, in units of its primary output (``<k>_kw``)      MW
=================  ==========================================================  =========

- rating ``heat_rating``: ``sum_o q[k,o,t] <= cap[k]``
- input: ``q[k,o,t] / eff[k,o,t]`` leaves the mode's input node (electricity, gas, heat);
  primary output ``q`` and secondary outputs ``ratio * q`` join their nodes
  (``balance.join``-style registration: ``m.nodes``)
- limits a spec declares as data (``converter_modes.Limit``), e.g. a waste-heat pump's
  source: ``sum_o q[k,o,t] (1 - 1/eff[k,o,t]) <= source``
- tallies ``m.taken[node][t]`` and ``m.given[node][t]`` (what converters take from and give to
  each node) for the accounting: power into converters, own fossil power
"""

from __future__ import annotations

from collections import defaultdict

import pyomo.environ as pyo

from parkopt.models.units import kw_to_mw
from parkopt.optimizer.inputs.converter_modes import limits, modes
from parkopt.optimizer.inputs.plan_inputs import PlanInputs


def served_modes(inputs: PlanInputs):
    """Modes that can deliver in at least one hour, with their efficiency arrays."""
    h = inputs.hourly
    out = []
    for mode in modes(inputs.scenario):
        e = h[mode.efficiency].to_numpy()
        if e.max() > 0:
            out.append((mode, e))
    return out


def _tally(m, name: str, node, t: int, term) -> None:
    getattr(m, name).setdefault(node, {}).setdefault(t, []).append(term)


def _join(m, node, t: int, supply=0.0, withdrawal=0.0) -> None:
    m.nodes[node](t, supply, withdrawal)


def add_converters(m: pyo.Block, inputs: PlanInputs) -> None:
    """Every converter's modes, rating and declared limits (module docstring)."""
    served = served_modes(inputs)
    index = [(mo.tech, mo.name, t) for mo, e in served for t in m.T if e[t] > 0]
    m.HQ = pyo.Set(initialize=index, dimen=3, ordered=True)
    m.q = pyo.Var(m.HQ, within=pyo.NonNegativeReals)
    m.taken, m.given = {}, {}
    eff = {(mo.tech, mo.name): e for mo, e in served}
    by_kt = defaultdict(list)
    mode_of = {(mo.tech, mo.name): mo for mo, _ in served}
    for k, o, t in index:
        mo, q = mode_of[k, o], m.q[k, o, t]
        by_kt[k, t].append(o)
        _join(m, mo.gives, t, supply=q)
        _tally(m, "given", mo.gives, t, q)
        for node, ratio in mo.also:
            _join(m, node, t, supply=ratio * q)
            _tally(m, "given", node, t, ratio * q)
        used = q * (1.0 / eff[k, o][t])
        _join(m, mo.takes, t, withdrawal=used)
        _tally(m, "taken", mo.takes, t, used)
    rated = sorted({k for k, _, _ in index}, key=[mo.tech for mo, _ in served].index)
    rows = [(k, t) for k in rated for t in m.T if f"{k}_kw" in m.K]
    m.heat_rating = pyo.Constraint(
        rows,
        rule=lambda m, k, t: (
            sum(m.q[k, o, t] for o in by_kt[k, t]) <= m.cap[f"{k}_kw"]
            if by_kt[k, t]
            else pyo.Constraint.Skip
        ),
    )
    for k, declared in limits(inputs.scenario).items():
        for lim in declared:
            _add_limit(m, k, lim, eff, by_kt)


def _add_limit(m, k: str, lim, eff: dict, by_kt: dict) -> None:
    """``sum_o coef[o,t] q[k,o,t] <= bound`` in every hour where k runs."""
    bound = kw_to_mw(lim.bound_kw)

    def coef(o, t):
        return 1.0 - 1.0 / eff[k, o][t] if lim.kind == "output_minus_input" else 1.0

    rule = lambda m, t: (  # noqa: E731 - the equation, as in the docstring
        sum(m.q[k, o, t] * coef(o, t) for o in by_kt[k, t]) <= bound
        if by_kt[k, t]
        else pyo.Constraint.Skip
    )
    setattr(m, lim.row, pyo.Constraint(m.T, rule=rule))


def flow_mwh(m: pyo.Block, inputs: PlanInputs, tally: str, node):
    """What converters take from (``taken``) or give to (``given``) ``node`` over a year
    [MWh, model units]."""
    per_t = getattr(m, tally, {}).get(node, {})
    wt = inputs.hour_weight
    return sum(wt[t] * term for t, terms in per_t.items() for term in terms)
