"""``simulate(inputs, capacities, strategy)``: run a sized park hour by hour through the year.

Strategies (in both, green certificates or green power are bought where the scenario's
``green_purchase`` allows: by the LP, or after the year by ``green_top_up_mwh``):

- ``optimal``: the plan's LP with the capacities fixed (perfect foresight). The scenario's
  carbon target is kept where the fixed park can meet it; where it cannot, the dispatch is
  the least-cost one without it and ``target_met`` is false in the summary.
- ``self_consumption``: what a park's energy-management system does without foresight.
  Local PV and wind serve the load first; surplus charges the battery, then is exported up
  to the limit, then curtailed; the battery discharges whenever the net load is positive;
  with ``tou_charging`` the battery also charges from the grid in valley hours (the
  cheapest price of the day) up to ``tou_target_soc`` and discharges only in hours dearer
  than the day's median. No LP: a plain hour-by-hour loop (8,760 steps run in ~20 ms).
  With heat, a merit-order rule dispatches the heat sources first (``heat_rule``); the
  power they take joins the load the battery, PV and grid rule sees.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from parkopt.models.units import KW_PER_MW
from parkopt.optimizer import lp
from parkopt.optimizer.accounts import kpis, whole_park
from parkopt.optimizer.accounts.targets import annual_mwh, carbon_cap_t, green_purchase_ef
from parkopt.optimizer.common import accounting
from parkopt.optimizer.common.errors import InfeasibleError, Problem, ScenarioError
from parkopt.optimizer.inputs.converter_modes import other_converters
from parkopt.optimizer.inputs.given_sizes import bounds_warnings, check_capacities
from parkopt.optimizer.inputs.plan_inputs import PlanInputs
from parkopt.optimizer.planning import heat_rule
from parkopt.optimizer.planning.plan import Plan, assemble
from parkopt.optimizer.schema.carriers import demand_carriers
from parkopt.optimizer.schema.instances import available_kw, generators, listed, stores
from parkopt.optimizer.schema.technologies import GENERATORS, HEAT_STORAGE, STORAGE, node_stores

STRATEGIES = ("optimal", "self_consumption")


def size_only_rows(scenario) -> tuple[str, ...]:
    """Rows on the capacities alone (each store instance's durations: ``duration_min``,
    ``tduration_max``, ``battery_lfp_4h_duration_min``...), dropped with the bounds when the
    sizes are given."""
    return tuple(f"{i.lp_prefix}duration_{end}" for i in stores(scenario) for end in ("min", "max"))


def _optimal(inputs: PlanInputs, caps: dict[str, float]) -> tuple[lp.LPResult, bool, dict]:
    """Least-cost dispatch of fixed capacities (with the target if it can be met)."""
    timing = {}
    for with_target in (True, False):
        t0 = time.perf_counter()
        m = lp.build_model(inputs, with_target=with_target)
        for key in m.K:  # given sizes may lie outside the planning bounds: drop them
            m.cap[key].setlb(None)
            m.cap[key].setub(None)
            m.cap[key].fix(caps[key] / KW_PER_MW)
        for name in size_only_rows(
            inputs.scenario
        ):  # rows of fixed sizes alone: bounds too (and a plan's
            if hasattr(m, name):  # sizes at a duration limit may miss it by rounding)
                getattr(m, name).deactivate()
        solver = lp.new_solver(m)
        timing["build"] = time.perf_counter() - t0
        status = lp.solve_model(m, inputs, solver, synced=True)
        timing["solve"] = status.solve_s
        if status.optimal:
            result = lp.extract(m, inputs, status)
            result.capacities_kw = dict(caps)
            return result, with_target, timing
    raise InfeasibleError(
        f"the fixed park cannot meet the load: {lp.describe_limits(inputs)}; "
        f"capacities {', '.join(f'{k} {v:,.0f}' for k, v in caps.items())}"
    )


@dataclass(frozen=True)
class _Store:
    """The battery as the rule sees it: ratings [kW, kWh], window [kWh], efficiencies."""

    power_kw: float
    energy_kwh: float
    low_kwh: float
    high_kwh: float
    eta_ch: float
    eta_dis: float
    keep: float

    @classmethod
    def of(cls, inputs: PlanInputs, caps: dict[str, float]) -> _Store:
        b, E = inputs.scenario.technologies.battery, caps["battery_kwh"]
        if b is None or E <= 0:
            return cls(0.0, 0.0, 0.0, 0.0, 1.0, 1.0, 1.0)
        return cls(
            caps["battery_kw"],
            E,
            b.soc_min_fraction * E,
            b.soc_max_fraction * E,
            b.charge_efficiency,
            b.discharge_efficiency,
            b.retention_per_hour,
        )


def _battery_step(st: _Store, start_kwh: float, net_kw: float, discharge_allowed: bool):
    """One hour of the self-consumption rule: charge from a surplus (``net_kw`` < 0), else
    discharge towards the net load; returns (charge, discharge) [kW]."""
    if net_kw < 0:
        room = (st.high_kwh - start_kwh) / st.eta_ch if st.eta_ch > 0 else 0.0
        return max(min(-net_kw, st.power_kw, room), 0.0), 0.0
    if discharge_allowed:
        return 0.0, max(min(net_kw, st.power_kw, (start_kwh - st.low_kwh) * st.eta_dis), 0.0)
    return 0.0, 0.0


def _run_rule(inputs, caps, tou_charging, tou_target_soc, load) -> dict[str, np.ndarray]:
    """The hour-by-hour loop over the electric ``load`` [kW] (heat's power included), run
    twice so that the year starts where it ended [kW, kWh]."""
    s, h = inputs.scenario, inputs.hourly
    n, st = len(h), _Store.of(inputs, caps)
    gen = sum(available_kw(h, s, caps).values(), np.zeros(n))
    price = h["price_per_kwh"].to_numpy()
    imp_max = s.grid.import_limit_kw if s.grid.import_limit_kw is not None else np.inf
    day = np.asarray(h.index.dayofyear)
    valley = heat_rule.valley_hours(h)
    day_median = pd.Series(price).groupby(day).transform("median").to_numpy()
    cols = {c: np.zeros(n) for c in ("ch", "dis", "soc", "residual")}
    soc = soc_start = st.low_kwh
    for t in [*range(n), *range(n)]:  # the second pass starts where the first year ended
        if t == 0:
            soc_start = soc
        net = load[t] - gen[t]  # > 0: the park needs more
        start = st.keep * soc
        allowed = not tou_charging or price[t] > day_median[t]
        ch, dis = _battery_step(st, start, net, allowed)
        if tou_charging and net >= 0 and valley[t] and st.power_kw > 0:
            room = tou_target_soc * st.energy_kwh - start
            ch = max(min(st.power_kw, room / st.eta_ch, imp_max - (net - dis)), 0.0)
        soc = start + st.eta_ch * ch - dis / st.eta_dis
        cols["ch"][t], cols["dis"][t], cols["soc"][t] = ch, dis, soc
        cols["residual"][t] = load[t] + ch - dis - gen[t]  # > 0 import, < 0 surplus
    cols["soc_start"] = np.array([soc_start])
    return cols


def self_consumption_dispatch(
    inputs: PlanInputs,
    caps: dict[str, float],
    tou_charging: bool = False,
    tou_target_soc: float = 0.9,
) -> pd.DataFrame:
    """Hour-by-hour rule-based dispatch [kW, kWh] with the LP's dispatch columns. Heat
    first (``heat_rule``), then electricity: a surplus is exported up to the limit, the rest
    curtailed, the last registered generator first (wind before PV: wind is the one a park
    can feather)."""
    s, h = inputs.scenario, inputs.hourly
    heat, attrs = heat_rule.heat_dispatch(inputs, caps) if s.heat is not None else ({}, {})
    load = h["load_kw"].to_numpy() + heat.get("power_to_heat_kw", 0.0)
    cols = _run_rule(inputs, caps, tou_charging, tou_target_soc, load)
    imp = np.maximum(cols["residual"], 0.0)
    limit = s.grid.import_limit_kw
    if limit is not None and (imp > limit + 1e-6).any():
        worst = int(np.argmax(imp - limit))
        raise InfeasibleError(
            f"self_consumption needs {imp[worst]:,.0f} kW from the grid at "
            f"{h.index[worst]}, above the import limit {limit:,.0f} kW"
        )
    surplus = np.maximum(-cols["residual"], 0.0)
    exp = np.minimum(surplus, s.grid.export_limit_kw)
    spill = surplus - exp
    d = pd.DataFrame(index=h.index)
    d["load_kw"] = h["load_kw"].to_numpy()
    available = available_kw(h, s, caps)
    for i in reversed(generators(s)):  # then each technology's total over its instances
        cut = np.minimum(spill, available[i.stem])
        spill = spill - cut
        d[i.columns[0]], d[i.columns[1]] = available[i.stem] - cut, cut
    for g in GENERATORS:
        stems = [i.stem for i in generators(s) if i.tech is g]
        for column in (f"{g.name}_kw", f"{g.name}_curtailed_kw"):
            stem_columns = [column.replace(g.name, stem, 1) for stem in stems]
            d[column] = sum((d[c] for c in stem_columns), np.zeros(len(h)))
    d["battery_charge_kw"], d["battery_discharge_kw"] = cols["ch"], cols["dis"]
    d["battery_soc_kwh"] = cols["soc"]
    d["grid_import_kw"], d["grid_export_kw"] = imp, exp
    d["price_per_kwh"] = h["price_per_kwh"].to_numpy()
    d["emission_factor_t_per_mwh"] = h["emission_factor_t_per_mwh"].to_numpy()
    for col, values in heat.items():
        d[col] = values
    d.attrs["soc_start_kwh"] = float(cols["soc_start"][0])
    d.attrs.update(attrs)
    return d


def _no_rule_for(scenario, strategy: str) -> list[Problem]:
    """The rule-based strategy has no rule for a CHP, chillers, a carrier with a demand of
    its own (cooling), a store on its node, or several batteries or thermal stores (a list):
    one problem naming them, pointing at ``--strategy optimal``."""
    if strategy != "self_consumption":
        return []
    names = [f"technologies.{t.name}" for t in other_converters(scenario)]
    names += [f"technologies.{s.name}" for s in node_stores(scenario)]
    names += [
        f"technologies.{t.name} (a list)" for t in STORAGE + HEAT_STORAGE if listed(scenario, t)
    ]
    names += [c.demand_section for c in demand_carriers(scenario)]
    if not names:
        return []
    expected = f"--strategy optimal (the rule-based strategy has no rule for {', '.join(names)})"
    return [Problem("--strategy", "strategy", strategy, expected)]


def _check_request(inputs, capacities, strategy, tou_charging, where) -> dict[str, float]:
    """The strategy, the TOU option and the capacities, all problems at once."""
    problems = []
    if strategy not in STRATEGIES:
        problems.append(
            Problem("--strategy", "strategy", strategy, f"one of {', '.join(STRATEGIES)}")
        )
    b = inputs.scenario.technologies.battery
    if tou_charging and (strategy != "self_consumption" or b is None or not b.grid_charging):
        problems.append(
            Problem(
                "--tou-charging",
                "tou_charging",
                True,
                "only with --strategy self_consumption and a battery whose "
                "technologies.battery.grid_charging is true",
            )
        )
    problems += _no_rule_for(inputs.scenario, strategy)
    caps = {}
    try:
        caps = check_capacities(capacities, inputs, where)
    except ScenarioError as err:
        problems += err.problems
    if problems:
        raise ScenarioError(problems)
    return caps


def targets_met(inputs: PlanInputs, summary: dict) -> bool | None:
    """Whether a dispatch meets every target in force (the cap on market-based emissions,
    the annual renewable share, the hourly matched share, the indicator's tCO2/tce and
    clean energy share); None without targets."""
    c = inputs.scenario.carbon
    checks = []
    cap = carbon_cap_t(inputs)
    if cap is not None:
        checks.append(summary["emissions_market_t"] <= cap * (1 + 1e-9))
    if c.renewable_share is not None:
        checks.append(summary["renewable_share"] >= c.renewable_share - 1e-9)
    if c.hourly_matched_share is not None:
        checks.append(summary["hourly_matched_share"] >= c.hourly_matched_share - 1e-9)
    indicator = summary.get("indicator", {})
    if c.tco2_per_tce is not None:
        value = indicator.get("tco2_per_tce")
        checks.append(value is not None and value <= c.tco2_per_tce + 1e-9)
    if c.clean_energy_share is not None:
        value = indicator.get("clean_energy_share")
        checks.append(value is not None and value >= c.clean_energy_share - 1e-9)
    return all(checks) if checks else None


def green_top_up_mwh(d: pd.DataFrame, inputs: PlanInputs) -> float:
    """Green certificates or green power a park without foresight buys after the year to
    meet its annual targets (cap, renewable share, indicator, clean share) [MWh/year]: the
    least amount that meets each, the largest of these, within ``green_purchase`` limits and
    the energy imported; 0 without ``green_purchase``. Every figure is linear in the amount
    bought, so each need is read off ``accounting`` at 0 and 1 MWh."""
    s, gp = inputs.scenario, inputs.scenario.green_purchase
    if gp is None:
        return 0.0
    a0 = whole_park.annual_of(d, inputs)
    a0 = replace(a0, green_purchase_mwh=0.0)
    a1 = replace(a0, green_purchase_mwh=1.0)
    ef, c = green_purchase_ef(inputs), s.carbon
    needs = [0.0]

    def need(f, limit, below: bool) -> float:
        """G with f(G) <= limit (below) or f(G) >= limit, f linear in G."""
        f0, slope = f(a0), f(a1) - f(a0)
        gap = (f0 - limit) if below else (limit - f0)
        return gap / abs(slope) if abs(slope) > 1e-12 and gap > 0 else 0.0

    cap = carbon_cap_t(inputs)
    if cap is not None:
        needs.append(need(lambda a: accounting.footprint_t(a, s, ef), cap, True))
    if c.renewable_share is not None:
        demand = annual_mwh(kpis.electric_demand_kw(d), inputs)
        needs.append(
            need(lambda a: a.local_mwh + a.green_purchase_mwh, c.renewable_share * demand, False)
        )
    energy = accounting.energy_tce(a0, s)
    if c.tco2_per_tce is not None:
        needs.append(
            need(lambda a: accounting.indicator_emissions_t(a, s), c.tco2_per_tce * energy, True)
        )
    if c.clean_energy_share is not None:
        needs.append(
            need(lambda a: accounting.clean_tce(a, s), c.clean_energy_share * energy, False)
        )
    most = (
        a0.grid_import_mwh
        if gp.max_mwh_per_year is None
        else min(gp.max_mwh_per_year, a0.grid_import_mwh)
    )
    return float(min(max(needs), most))


def simulate(
    inputs: PlanInputs,
    capacities: dict[str, float],
    strategy: str = "optimal",
    tou_charging: bool = False,
    where: str = "capacities",
) -> Plan:
    """Run fixed capacities [kW, kWh] through the horizon with ``strategy``; a Plan of kind
    "simulation" with the same summary contract as a plan."""
    caps = _check_request(inputs, capacities, strategy, tou_charging, where)
    if strategy == "optimal":
        result, target_met, timing = _optimal(inputs, caps)
    else:
        t0 = time.perf_counter()
        d = self_consumption_dispatch(inputs, caps, tou_charging)
        if inputs.scenario.green_purchase is not None:
            d.attrs["green_purchase_mwh"] = green_top_up_mwh(d, inputs)
        status = lp.Status("rule_based", True, None, time.perf_counter() - t0)
        result = lp.LPResult(status, dict(caps), d)
        timing = {"build": 0.0, "solve": status.solve_s}
        target_met = None
    out = assemble(inputs, result, timing, "simulation")
    summary = out.summary
    summary["strategy"] = strategy
    summary["status"] = "ok" if result.status.optimal else result.status.termination
    if strategy == "self_consumption":
        target_met = targets_met(inputs, summary)
    summary["target_met"] = target_met
    summary["warnings"] = [*summary.get("warnings", []), *bounds_warnings(inputs, caps)]
    return out
