"""Binding limits named: every bound, area limit, grid limit and target that holds the
cost-minimising plan back, with its shadow price in the user's units.

Sign conventions (HiGHS's, as ``highs.py`` hands them over; minimising cost; checked
on hand cases in ``tests/test_binding.py``):

- a variable's reduced cost (``solution_loader.get_reduced_costs()``, HiGHS's ``col_dual``)
  is ``d(objective)/d(bound)`` of the bound it sits at: ``<= 0`` at a binding upper bound
  (PV at its ``max_kw``: ``-rc`` is the saving per extra MW), ``>= 0`` at a binding lower
  bound (``rc`` is the cost per MW of the minimum);
- a row's dual (``get_duals()``, ``row_dual``) is ``d(objective)/d(row bound)``: ``<= 0``
  for a binding ``<=`` row, ``>= 0`` for a binding ``>=`` row. Pyomo may move a target to
  either side of a row (a share row with power to heat has variables on both sides), so a
  target's saving per unit of relaxation is taken as ``|dual|``: relaxing a binding row of a
  minimisation never raises the cost.

Units: the objective is kCNY/year and capacities MW(h), so a reduced cost in kCNY per MW is
a price in currency per kW and year (no factor); rows in tCO2, tce or MWh (green purchase)
take a factor 1,000 (kCNY -> currency). An hourly limit's price is the sum over hours of
its hourly prices: currency per kW of extra limit and year (the objective is annual); its
``hours`` are those at the limit (a degenerate optimum may put the price on a few of them).

A limit binds when the variable is at its bound within ``REL_TOL`` (relative, at least
``REL_TOL`` absolute in model units) and the reduced cost or dual is above ``PRICE_TOL`` in
magnitude (model units, the HiGHS dual feasibility tolerance); a row binds when its dual
is. Lower bounds of 0 (nothing built) are not limits and are not listed.
"""

from __future__ import annotations

import pyomo.environ as pyo

from parkopt.models.units import KW_PER_MW, kw_to_mw
from parkopt.optimizer.accounts import targets
from parkopt.optimizer.common import accounting
from parkopt.optimizer.common.numbers import num, pct
from parkopt.optimizer.inputs.converter_modes import limits
from parkopt.optimizer.inputs.heat_inputs import sources
from parkopt.optimizer.inputs.plan_inputs import PlanInputs
from parkopt.optimizer.lp.build import annual, converter_power_mwh
from parkopt.optimizer.lp.supplies import present, traded
from parkopt.optimizer.schema.carriers import CARRIERS
from parkopt.optimizer.schema.instances import instances
from parkopt.optimizer.schema.supplies import section_at

REL_TOL = 1e-6
"""A variable within this (relative) of its bound is at it."""
PRICE_TOL = 1e-9
"""A reduced cost or dual at or below this in magnitude [model units] does not bind."""
POINT = 0.01
"""One percentage point of a share, and the step of the tCO2/tce indicator."""


def _at(x: float | None, bound: float | None) -> bool:
    if x is None or bound is None:
        return False
    return abs(x - bound) <= REL_TOL * max(1.0, abs(bound))


def _hours(n: int) -> str:
    return f"{n:,} hour" + ("" if n == 1 else "s")


def _entry(name, value, unit, price, price_unit, sentence, hours=None) -> dict:
    return {
        "name": name,
        "value": value,
        "unit": unit,
        "shadow_price": price,
        "shadow_price_unit": price_unit,
        "hours": hours,
        "sentence": sentence,
    }


def bound_variables(m: pyo.ConcreteModel) -> list:
    """The variables whose bounds are limits a person sets: capacities, hourly imports and
    exports, green purchases (``solve_model`` loads their reduced costs only: all of a
    full year's variables would take ~0.7 s more per solve)."""
    out = list(m.cap.values())
    for _, var in traded(m):  # grid import and export
        out += list(var.values())
    if m.has_green_purchase:
        out.append(m.green_mwh)
    return out


def binding_limits(m: pyo.ConcreteModel, inputs: PlanInputs) -> list[dict]:
    """Every limit that binds at the optimum of the solved cost model ``m``: capacity
    maxima (roof, land) and minima, grid import and export limits, the green purchase
    maximum, purchased heat and waste heat limits, and the targets. Each entry:
    ``name`` (the scenario field), ``value`` and ``unit`` (the limit as the user set it),
    ``shadow_price`` and ``shadow_price_unit`` (what one more unit of the limit, or one
    unit of target relaxed, saves a year [currency]), ``hours`` (hourly limits: hours at
    the limit, else None) and ``sentence`` (for people). Empty unless ``m`` was solved to
    optimality by ``solve_model`` (it needs ``m.solution_reduced_costs``)."""
    if not hasattr(m, "solution_reduced_costs"):
        return []
    cur = inputs.scenario.tariff.currency
    return [
        *_capacity_limits(m, inputs, cur),
        *_grid_limits(m, inputs, cur),
        *_green_limit(m, inputs, cur),
        *_flow_limits(m, inputs, cur),
        *_target_limits(m, inputs, cur),
    ]


def _field(spec, name: str) -> str:
    """The scenario field behind a bound (existing boilers: ``capacity_kw``)."""
    fields = type(spec).model_fields
    return name if name in fields or "capacity_kw" not in fields else "capacity_kw"


def _capacity_limits(m: pyo.ConcreteModel, inputs: PlanInputs, cur: str) -> list[dict]:
    """Capacities at a binding max (``-rc`` saved per unit) or a binding min above 0
    (``rc`` spent per unit) [currency per kW or kWh and year]."""
    rc, out = m.solution_reduced_costs, []
    for inst in instances(inputs.scenario):
        spec = inst.spec
        for c in inst.capacities:
            if c.key not in m.K:
                continue
            var, section = m.cap[c.key], inst.field
            r, x, u, price_unit = rc.get(var, 0.0), var.value, c.unit, f"{cur}/{c.unit}-year"
            if _at(x, var.ub) and r < -PRICE_TOL:
                f = _field(spec, c.max_field)
                sentence = (
                    f"{c.label} is at its {f} of {num(var.ub * KW_PER_MW)} {u}: one more {u} "
                    f"would save {num(-r)} {cur} a year"
                )
                out.append(
                    _entry(f"{section}.{f}", var.ub * KW_PER_MW, u, -r, price_unit, sentence)
                )
            elif var.lb and _at(x, var.lb) and r > PRICE_TOL:
                f = _field(spec, c.min_field or "min_kw")
                sentence = (
                    f"{c.label} is held at its {f} of {num(var.lb * KW_PER_MW)} {u}: each {u} "
                    f"less would save {num(r)} {cur} a year"
                )
                out.append(_entry(f"{section}.{f}", var.lb * KW_PER_MW, u, r, price_unit, sentence))
    return out


def _hourly_upper(m: pyo.ConcreteModel, var, bound_mw: float | None) -> tuple[int, float]:
    """Hours where ``var[t]`` is at its upper bound, and the sum of ``-rc`` over the hours
    where that bound binds [currency per kW and year]. Hours are counted at the bound, not
    by their price: a degenerate optimum may put the whole price on one of them."""
    if bound_mw is None:
        return 0, 0.0
    rc, hours, total = m.solution_reduced_costs, 0, 0.0
    for t in m.T:
        if _at(var[t].value, bound_mw):
            hours += 1
            r = rc.get(var[t], 0.0)
            total += -r if r < -PRICE_TOL else 0.0
    return hours, total


def _grid_limits(m: pyo.ConcreteModel, inputs: PlanInputs, cur: str) -> list[dict]:
    """Each market's limit (grid import and export): hours at the limit, saving per kW of
    limit a year."""
    out = []
    for k, var in traded(m):
        limit_kw = getattr(section_at(inputs.scenario, k.section), k.limit_field)
        hours, price = _hourly_upper(m, var, kw_to_mw(limit_kw))
        if price > PRICE_TOL:
            u, what = CARRIERS[k.carrier].unit, k.label
            sentence = (
                f"The {k.section} {what} limit of {num(limit_kw)} {u} is reached in "
                f"{_hours(hours)}: one more {u} of {what} capacity would save {num(price)} "
                f"{cur} a year"
            )
            name = f"{k.section}.{k.limit_field}"
            out.append(_entry(name, limit_kw, u, price, f"{cur}/{u}-year", sentence, hours))
    return out


def _green_limit(m: pyo.ConcreteModel, inputs: PlanInputs, cur: str) -> list[dict]:
    """Green purchase at its yearly maximum: saving per MWh [currency/MWh]."""
    if not m.has_green_purchase or m.green_mwh.ub is None:
        return []
    r = m.solution_reduced_costs.get(m.green_mwh, 0.0)
    if not (_at(m.green_mwh.value, m.green_mwh.ub) and r < -PRICE_TOL):
        return []
    price, limit = -r * KW_PER_MW, m.green_mwh.ub  # the variable is in MWh, not scaled
    sentence = (
        f"Green purchase is at its max_mwh_per_year of {num(limit)} MWh/year: one more MWh "
        f"would save {num(price)} {cur}"
    )
    return [
        _entry("green_purchase.max_mwh_per_year", limit, "MWh/year", price, f"{cur}/MWh", sentence)
    ]


def _row_hours(m: pyo.ConcreteModel, row: str) -> tuple[int, float]:
    """Hours where an hourly ``<=`` row is at its bound, and the sum of ``|dual|`` over the
    hours where it binds [currency per kW and year]."""
    con = getattr(m, row, None)
    if con is None:
        return 0, 0.0
    raw = getattr(m, "solution_duals", {})
    hours, total = 0, 0.0
    for c in con.values():
        if _at(pyo.value(c.body), pyo.value(c.upper)):
            hours += 1
            d = abs(raw.get(c, 0.0))
            total += d if d > PRICE_TOL else 0.0
    return hours, total


def _flow_limits(m: pyo.ConcreteModel, inputs: PlanInputs, cur: str) -> list[dict]:
    """Each supply's limit (``schema/supplies.py``: purchased heat) and each converter's
    declared source (a waste-heat pump's) [currency per kW of the carrier and year]."""
    out = []
    s = inputs.scenario
    rows = [
        (f"{p.name}_limit", p.section, section_at(s, p.section), p.limit_field, p)
        for p in present(inputs)
        if p.limit_field
    ]
    rows += [  # each waste-heat pump's source (``converter_modes.limits``)
        (lim.row, i.field, i.spec, lim.field, None)
        for i in sources(s)
        for lim in limits(s).get(i.stem, ())
    ]
    for row, section, spec, field, supply in rows:
        hours, price = _row_hours(m, row)
        if price <= PRICE_TOL:
            continue
        limit = getattr(spec, field)
        u = CARRIERS[supply.carrier].unit if supply else "kW_th"
        head = (
            f"{supply.label} reaches its {field} of {num(limit)} {u} in {_hours(hours)}"
            if supply
            else f"The waste heat source of {num(limit)} {u} is used up in {_hours(hours)}"
        )
        sentence = f"{head}: one more {u} would save {num(price)} {cur} a year"
        out.append(
            _entry(f"{section}.{field}", limit, u, price, f"{cur}/{u}-year", sentence, hours)
        )
    return out


def _target_dual(m: pyo.ConcreteModel, row: str) -> float:
    """``|dual|`` of a target row [kCNY per unit of the row]; 0 when absent or slack."""
    con = getattr(m, row, None)
    d = abs(getattr(m, "solution_duals", {}).get(con, 0.0)) if con is not None else 0.0
    return d if d > PRICE_TOL else 0.0


def _share_rows(m: pyo.ConcreteModel, inputs: PlanInputs) -> dict[str, float]:
    """MWh of a share row per percentage point of its share: the load and the power into
    heat over a year (the rows' unit)."""
    used = targets.annual_mwh(inputs.hourly["load_kw"], inputs)
    used += pyo.value(converter_power_mwh(m, inputs))
    return {targets.RENEWABLE: POINT * used, targets.HOURLY: POINT * used}


def _target_limits(m: pyo.ConcreteModel, inputs: PlanInputs, cur: str) -> list[dict]:
    """Each binding target with what relaxing it by one unit saves a year: the cap per tCO2,
    the shares per percentage point, the indicator per 0.01 tCO2/tce [currency]."""
    c, out = inputs.scenario.carbon, []
    d = {row: _target_dual(m, row) * KW_PER_MW for row in targets.target_values(inputs)}
    if d.get(targets.CAP):
        cap = targets.carbon_cap_t(inputs)
        name, how = "carbon.cap_t", ""
        if c.cap_t is None:
            name, how = "carbon.reduction", f" (a {pct(c.reduction)} reduction)"
        sentence = (
            f"The carbon cap of {num(cap)} tCO2/year{how} binds: one more tCO2 of allowance "
            f"would save {num(d[targets.CAP])} {cur} a year"
        )
        out.append(_entry(name, cap, "tCO2/year", d[targets.CAP], f"{cur}/tCO2", sentence))
    per_point = _share_rows(m, inputs)
    for row, what in ((targets.RENEWABLE, "renewable share"), (targets.HOURLY, "hourly matched")):
        if d.get(row):
            per_mwh = d[row]
            price, share = d[row] * per_point[row], getattr(c, row)
            sentence = (
                f"The {what} target of {pct(share)} binds: one percentage point less would "
                f"save {num(price)} {cur} a year ({num(per_mwh)} {cur}/MWh)"
            )
            out.append(
                _entry(f"carbon.{row}", share, "fraction", price, f"{cur}/year per point", sentence)
            )
    if d.get(targets.INDICATOR) or d.get(targets.CLEAN):
        energy = pyo.value(accounting.energy_tce(annual(m, inputs), inputs.scenario))
        out += _ratio_limits(c, d, POINT * energy, cur)
    if any(d.get(row) for row in DIRECT_ROWS):
        out += _direct_limits(m, inputs, d, cur)
    return out


DIRECT_ROWS = {
    targets.GREEN_DIRECT: "used",
    targets.GDC_SELF: "available",
    targets.GDC_CONSUMPTION: "used",
    targets.GDC_EXPORT: "available",
}
"""The green-direct rows (``targets.TARGETS``) and the MWh a percentage point of each is of:
electricity used or the available generation."""


def _direct_limits(m, inputs: PlanInputs, d: dict[str, float], cur: str) -> list[dict]:
    """The green-direct share and a direct-connection project's ratios, each per percentage
    point of relaxation: the row's price [currency/MWh] times the MWh a point is of."""
    a = annual(m, inputs)
    of = {
        "used": pyo.value(accounting.electricity_used_mwh(a)),
        "available": pyo.value(a.available_mwh),
    }
    value = targets.target_values(inputs)
    out = []
    for row, base in DIRECT_ROWS.items():
        if not d.get(row):
            continue
        t = targets.BY_ROW[row]
        field, what = t.field, t.label
        price = d[row] * POINT * of[base]
        sense = "more" if t.sense == "<=" else "less"
        sentence = (
            f"The {what} limit of {pct(value[row])} binds: one percentage point {sense} would "
            f"save {num(price)} {cur} a year ({num(d[row])} {cur}/MWh)"
        )
        unit = f"{cur}/year per point"
        out.append(_entry(field, value[row], "fraction", price, unit, sentence))
    return out


def _ratio_limits(c, d: dict[str, float], step_tce: float, cur: str) -> list[dict]:
    """The indicator (per 0.01 tCO2/tce looser) and the clean energy share (per percentage
    point less): the row's price times the energy used per step [currency/year]."""
    out = []
    if d.get(targets.INDICATOR):
        price, r = d[targets.INDICATOR] * step_tce, c.tco2_per_tce
        sentence = (
            f"The zero-carbon park indicator target of {num(r)} tCO2/tce binds: 0.01 tCO2/tce "
            f"looser would save {num(price)} {cur} a year"
        )
        unit = f"{cur}/year per 0.01 tCO2/tce"
        out.append(_entry("carbon.tco2_per_tce", r, "tCO2/tce", price, unit, sentence))
    if d.get(targets.CLEAN):
        price, s = d[targets.CLEAN] * step_tce, c.clean_energy_share
        sentence = (
            f"The clean energy share target of {pct(s)} binds: one percentage point less "
            f"would save {num(price)} {cur} a year"
        )
        unit = f"{cur}/year per point"
        out.append(_entry("carbon.clean_energy_share", s, "fraction", price, unit, sentence))
    return out
