"""Explain an infeasible plan: which limits collide, and what could be reached with them."""

from __future__ import annotations

from dataclasses import fields

import numpy as np
import pyomo.environ as pyo

from parkopt.models.units import KW_PER_MW
from parkopt.optimizer.accounts import targets
from parkopt.optimizer.common import accounting
from parkopt.optimizer.common.errors import InfeasibleError
from parkopt.optimizer.inputs.plan_inputs import PlanInputs
from parkopt.optimizer.lp import nodes
from parkopt.optimizer.lp.build import annual, build_model
from parkopt.optimizer.lp.extract import values
from parkopt.optimizer.lp.solve import solve_model
from parkopt.optimizer.schema.instances import instances

REL_TOL = 1e-9
"""Relative margin by which a reachable figure must miss a target to be named as the cause."""


def _kw(value: float | None, unit: str = "kW") -> str:
    return "unlimited" if value is None else f"{value:,.0f} {unit}"


def describe_limits(inputs: PlanInputs) -> str:
    """The limits that bound what can be reached, for infeasibility messages."""
    s = inputs.scenario
    parts = []
    for inst in instances(s):
        spec = inst.spec
        bounds = " / ".join(_kw(getattr(spec, c.max_field), c.unit) for c in inst.capacities)
        parts.append(f"{inst.stem} max {bounds}")
    parts.append(f"import limit {_kw(s.grid.import_limit_kw)}")
    parts.append(f"export limit {_kw(s.grid.export_limit_kw)}")
    return ", ".join(parts)


def _best(inputs: PlanInputs, objective: str):
    """Solve the target-free model for the best reachable ``objective``; its status."""
    return solve_model(build_model(inputs, objective=objective, with_target=False), inputs)


def _unserved(inputs: PlanInputs, limits: str) -> InfeasibleError | None:
    relaxed = build_model(inputs, objective="unserved", with_target=False, allow_unserved=True)
    status = solve_model(relaxed, inputs)
    if not (status.optimal and (status.objective or 0.0) > 1e-6):
        return None
    shed = values(relaxed.shed, list(relaxed.T)) * KW_PER_MW
    other = _node_unserved(relaxed, inputs, limits)
    if other is not None and shed.max() <= 1e-6:
        return other
    worst = int(np.argmax(shed))
    return InfeasibleError(
        f"the load cannot be met in {int((shed > 1e-6).sum())} hours even without a carbon "
        f"target: at {inputs.hourly.index[worst]} {shed[worst]:,.0f} kW of the "
        f"{inputs.hourly['load_kw'].iloc[worst]:,.0f} kW load is left unserved with {limits}"
    )


def _node_unserved(m, inputs: PlanInputs, limits: str) -> InfeasibleError | None:
    """The node (a heat level) left short most, with its hour and shortfall, or None."""
    worst = (0.0, None, None, 0)
    for c, var in nodes.shed(m).items():
        by_level: dict = {}
        for i in var:  # (level, t) or t
            lv, t = i if isinstance(i, tuple) else (None, i)
            by_level.setdefault(lv, np.zeros(len(m.T)))[t] = (var[i].value or 0.0) * KW_PER_MW
        for lv, shed in by_level.items():
            if shed.max() > worst[0]:
                worst = (float(shed.max()), c, lv, int(np.argmax(shed)))
    amount, c, lv, t = worst
    if c is None or amount <= 1e-6:
        return None
    return InfeasibleError(
        f"{c.node_words(lv)} cannot be met even without a carbon target: at "
        f"{inputs.hourly.index[t]} {amount:,.0f} {c.unit} of its demand is left unserved with "
        f"{limits}"
    )


GAP_TOL = 1e-6
"""A ratio rule's best reachable gap below minus this [tCO2, tce or MWh/year] misses it."""


def _ratio(inputs: PlanInputs, limits: str) -> InfeasibleError | None:
    """A ratio rule (the indicator, a clean or green-direct share, a direct-connection
    ratio) no plan can meet with these limits: the plan that comes closest, and its value."""
    value = targets.target_values(inputs)
    for row in targets.RATIO_ROWS:
        if row not in value:
            continue
        m = build_model(inputs, objective=row, with_target=False)
        st = solve_model(m, inputs)
        if not st.optimal or st.objective >= -GAP_TOL:
            continue
        a = annual(m, inputs)
        solved = accounting.Annual(**{f.name: pyo.value(getattr(a, f.name)) for f in fields(a)})
        reached = accounting.ratio_values(solved, inputs.scenario)[row]
        shown = "nothing" if reached is None else _shown(row, reached)
        field = targets.BY_ROW[row].field
        return InfeasibleError(
            f"{field} {_shown(row, value[row])} cannot be reached: the plan closest to it "
            f"reaches {shown} with {limits}"
        )
    return None


def _shown(row: str, x: float) -> str:
    return f"{x:.3f} tCO2/tce" if row == targets.INDICATOR else f"{x:.1%}"


def _hourly(inputs: PlanInputs, limits: str) -> InfeasibleError | None:
    share = inputs.scenario.carbon.hourly_matched_share
    if share is None:
        return None
    st = _best(inputs, "matched")
    total = targets.annual_mwh(inputs.hourly["load_kw"], inputs)
    if st.optimal and st.objective / total < share - REL_TOL:
        return InfeasibleError(
            f"hourly_matched_share {share:.1%} is above the {st.objective / total:.1%} "
            f"reachable with {limits}"
        )
    return None


def _annual(inputs: PlanInputs, limits: str) -> InfeasibleError | None:
    c = inputs.scenario.carbon
    if c.kind in ("cap_t", "reduction"):
        cap = targets.carbon_cap_t(inputs)
        st = _best(inputs, "emissions")
        if not st.optimal or st.objective > cap * (1 + REL_TOL):
            reach = f"{st.objective:,.0f} tCO2" if st.optimal else "an unknown amount"
            return InfeasibleError(
                f"{targets.target_label(inputs)} is below the {reach} reachable with {limits}"
            )
    if c.kind == "renewable_share":
        st = _best(inputs, "renewable")
        total = targets.annual_mwh(inputs.hourly["load_kw"], inputs)
        if not st.optimal or st.objective < c.renewable_share * total * (1 - REL_TOL):
            share = f"{st.objective / total:.1%}" if st.optimal else "an unknown share"
            return InfeasibleError(
                f"renewable_share {c.renewable_share:.1%} is above the {share} reachable "
                f"with {limits}"
            )
    return None


def diagnose_infeasible(inputs: PlanInputs) -> InfeasibleError:
    """The first explanation that holds: unserved load, an unreachable hourly target, an
    unreachable annual target, or two targets that cannot hold together."""
    limits = describe_limits(inputs)
    for check in (_unserved, _hourly, _annual, _ratio):
        err = check(inputs, limits)
        if err is not None:
            return err
    c = inputs.scenario.carbon
    if c.hourly_matched_share is not None and c.kind is not None:
        return InfeasibleError(
            f"the hourly_matched_share {c.hourly_matched_share:.1%} and {c.kind} targets can "
            f"each be reached with {limits}, but not together"
        )
    return InfeasibleError(f"the plan is infeasible with {limits}")
