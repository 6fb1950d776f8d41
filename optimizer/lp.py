"""The planning LP: build (Pyomo), solve (HiGHS through highspy), extract.

Internally the model is scaled to MW, MWh and thousands of currency units (kCNY): with
prices in CNY/kWh = kCNY/MWh and annual costs in CNY/kW = kCNY/MW the coefficients keep
their numbers, and the objective and the capacities are both near 1e1..1e5. Results are
converted back to kW, kWh and CNY on extraction.

Symbols (t an hour of the horizon, T hours; w = 8760 / T scales the horizon to a year):

=================  ==========================================  ===========
symbol             meaning                                     unit (model)
=================  ==========================================  ===========
cap[k]             capacity of pv, wind (MW), battery_power     MW, MWh
                   (MW), battery_energy (MWh)
gen[g, t]          PV or wind output used (the rest curtailed)  MW
ch, dis, soc       battery charge, discharge, state of charge   MW, MWh
imp, exp           grid import, export                          MW
peak[m]            largest import of month m                    MW
=================  ==========================================  ===========
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyomo.environ as pyo
from pyomo.contrib.solver.common.results import SolutionStatus, TerminationCondition
from pyomo.contrib.solver.solvers.highs import Highs

from optimizer.errors import InfeasibleError, SolverError
from optimizer.prepare import PlanInputs

KW_PER_MW = 1000.0
GENERATORS = ("pv", "wind")
CF_COLUMN = {"pv": "pv_kw_per_kw_dc", "wind": "wind_kw_per_kw"}

# HiGHS options: dual simplex with scale strategy 4 was the fastest measured on this LP
# shape (DESIGN.md); tight primal feasibility keeps the energy balance within 1e-6 kW.
HIGHS_OPTIONS = {
    "solver": "simplex",
    "simplex_strategy": 1,
    "simplex_scale_strategy": 4,
    "primal_feasibility_tolerance": 1e-9,
    "dual_feasibility_tolerance": 1e-9,
}


@dataclass
class Status:
    """The solver's verdict on one solve."""

    termination: str
    optimal: bool
    objective: float | None  # model units (kCNY or tCO2 or MWh)
    solve_s: float


@dataclass
class LPResult:
    """What one solve returned, in kW, kWh and currency units."""

    status: Status
    capacities_kw: dict[str, float]
    dispatch: pd.DataFrame
    duals: dict[str, float | None] = field(default_factory=dict)
    objective_value: float | None = None  # currency per year (cost objective)
    warm_start: bool = False  # solved by updating a kept model (ModelCache)


# --- model building: one function per constraint family ---------------------------------


def _add_capacities(m: pyo.ConcreteModel, inputs: PlanInputs) -> None:
    """Capacity variables ``cap[k]`` with ``min_k <= cap[k] <= max_k`` [MW or MWh] and their
    annual cost per unit ``annual_cost[k]`` (mutable) [kCNY per MW(h) and year]."""
    bounds = _capacity_bounds(inputs)
    m.K = pyo.Set(initialize=list(bounds), ordered=True)
    m.cap = pyo.Var(m.K, within=pyo.NonNegativeReals, bounds=lambda _, k: bounds[k])
    m.annual_cost = pyo.Param(
        m.K, mutable=True, initialize={k: inputs.economics[k].annual_per_unit for k in m.K}
    )


def _add_generation(m: pyo.ConcreteModel, inputs: PlanInputs) -> None:
    """``gen[g,t] <= cf[g,t] * cap[g]``: output used is at most what the resource gives."""
    m.G = pyo.Set(initialize=[g for g in GENERATORS if g in m.K], ordered=True)
    cf = {g: inputs.hourly[CF_COLUMN[g]].to_numpy() for g in m.G}
    m.gen = pyo.Var(m.G, m.T, within=pyo.NonNegativeReals)
    m.resource = pyo.Constraint(m.G, m.T, rule=lambda m, g, t: m.gen[g, t] <= cf[g][t] * m.cap[g])
    for t in m.T:
        for g in m.G:
            m.supply[t].append(m.gen[g, t])


def battery_pools(inputs: PlanInputs) -> tuple[str, ...]:
    """The battery's energy pools: one (``all``) unless green and grid energy must be told
    apart: ``green`` alone where grid charging is forbidden, ``green`` and ``grid`` where an
    hourly matching target meets a battery that may charge from the grid (DESIGN.md)."""
    b = inputs.scenario.technologies.battery
    if b is None:
        return ()
    if not b.grid_charging:
        return ("green",)
    if inputs.scenario.carbon.hourly_matched_share is not None:
        return ("green", "grid")
    return ("all",)


def _add_battery(m: pyo.ConcreteModel, inputs: PlanInputs) -> None:
    """Battery with shared power rating and a cyclic state of charge per energy pool p.

    ``soc[p,t] = (1 - sd) soc[p,t-1] + eta ch[p,t] - dis[p,t] / eta`` (cyclic: t-1 of the
    first hour is the last hour), ``soc_min E <= sum_p soc[p,t] <= soc_max E``,
    ``sum_p ch[p,t] <= P``, ``sum_p dis[p,t] <= P``, ``d_min P <= E <= d_max P``,
    ``eta = sqrt(round-trip)`` [MW, MWh, h]. The green pool charges only from local output
    (``ch[green,t] <= sum_g gen[g,t]``), the grid pool only from imports
    (``ch[grid,t] <= imp[t]``, added with the grid).
    """
    b = inputs.scenario.technologies.battery
    m.POOL = pyo.Set(initialize=battery_pools(inputs), ordered=True)
    if b is None:
        return
    eta = math.sqrt(b.round_trip_efficiency)
    keep = 1.0 - b.self_discharge_per_hour
    m.ch = pyo.Var(m.POOL, m.T, within=pyo.NonNegativeReals)
    m.dis = pyo.Var(m.POOL, m.T, within=pyo.NonNegativeReals)
    m.soc = pyo.Var(m.POOL, m.T, within=pyo.NonNegativeReals)
    P, E, last = m.cap["battery_power"], m.cap["battery_energy"], len(m.T) - 1

    def stored(m, t):
        return sum(m.soc[p, t] for p in m.POOL)

    m.soc_dynamics = pyo.Constraint(
        m.POOL,
        m.T,
        rule=lambda m, p, t: (
            m.soc[p, t]
            == keep * m.soc[p, t - 1 if t > 0 else last] + eta * m.ch[p, t] - m.dis[p, t] / eta
        ),
    )
    m.soc_max = pyo.Constraint(m.T, rule=lambda m, t: stored(m, t) <= b.soc_max_fraction * E)
    m.soc_min = pyo.Constraint(m.T, rule=lambda m, t: stored(m, t) >= b.soc_min_fraction * E)
    m.charge_rating = pyo.Constraint(m.T, rule=lambda m, t: sum(m.ch[p, t] for p in m.POOL) <= P)
    m.discharge_rating = pyo.Constraint(
        m.T, rule=lambda m, t: sum(m.dis[p, t] for p in m.POOL) <= P
    )
    m.duration_min = pyo.Constraint(expr=b.min_duration_h * P <= E)
    m.duration_max = pyo.Constraint(expr=b.max_duration_h * P >= E)
    if "green" in m.POOL:
        m.green_charging = pyo.Constraint(
            m.T, rule=lambda m, t: m.ch["green", t] <= sum(m.gen[g, t] for g in m.G)
        )
    for t in m.T:
        for p in m.POOL:
            m.supply[t].append(m.dis[p, t])
            m.demand[t].append(m.ch[p, t])


def _add_grid(m: pyo.ConcreteModel, inputs: PlanInputs, allow_unserved: bool) -> None:
    """Import ``0 <= imp[t] <= import limit``, export ``0 <= exp[t] <= export limit`` [MW].

    Exports exist only where the export limit is above zero. With ``allow_unserved`` an
    unserved-load slack ``shed[t]`` enters the balance (for infeasibility diagnosis only).
    """
    g = inputs.scenario.grid
    imp_max = None if g.import_limit_kw is None else g.import_limit_kw / KW_PER_MW
    m.imp = pyo.Var(m.T, within=pyo.NonNegativeReals, bounds=(0, imp_max))
    m.has_export = g.export_limit_kw > 0
    if m.has_export:
        m.exp = pyo.Var(m.T, within=pyo.NonNegativeReals, bounds=(0, g.export_limit_kw / KW_PER_MW))
    if allow_unserved:
        m.shed = pyo.Var(m.T, within=pyo.NonNegativeReals)
    if "grid" in getattr(m, "POOL", ()):
        m.grid_charging = pyo.Constraint(m.T, rule=lambda m, t: m.ch["grid", t] <= m.imp[t])
    for t in m.T:
        m.supply[t].append(m.imp[t])
        if m.has_export:
            m.demand[t].append(m.exp[t])
        if allow_unserved:
            m.supply[t].append(m.shed[t])


def _add_demand_charge(m: pyo.ConcreteModel, inputs: PlanInputs) -> None:
    """``imp[t] <= peak[month(t)]``: the monthly peak import billed by the demand charge [MW]."""
    m.M = pyo.Set(initialize=sorted(set(inputs.hourly["month"])), ordered=True)
    m.has_demand_charge = inputs.scenario.tariff.demand_charge_cny_per_kw_month > 0
    if not m.has_demand_charge:
        return
    month = inputs.hourly["month"].to_numpy()
    m.peak = pyo.Var(m.M, within=pyo.NonNegativeReals)
    m.monthly_peak = pyo.Constraint(m.T, rule=lambda m, t: m.imp[t] <= m.peak[int(month[t])])


def _add_balance(m: pyo.ConcreteModel, inputs: PlanInputs) -> None:
    """``sum(registered supply) = load[t] + sum(registered demand)`` for every hour [MW]."""
    load = inputs.hourly["load_kw"].to_numpy() / KW_PER_MW
    m.balance = pyo.Constraint(
        m.T, rule=lambda m, t: sum(m.supply[t]) == load[t] + sum(m.demand[t])
    )


def green_purchase_ef(inputs: PlanInputs) -> float:
    """Factor a purchased green MWh removes from market-based emissions [tCO2/MWh]."""
    gp = inputs.scenario.green_purchase
    if gp is not None and gp.emission_factor_t_per_mwh is not None:
        return gp.emission_factor_t_per_mwh
    h = inputs.hourly
    return float((h["load_kw"] * h["emission_factor_t_per_mwh"]).sum() / h["load_kw"].sum())


def _add_green_purchase(m: pyo.ConcreteModel, inputs: PlanInputs) -> None:
    """Green certificates or green power ``G`` [MWh/year]: ``G <= w sum_t imp[t]`` (only
    bought energy can be made green), ``G <= max``; zero-carbon for annual targets."""
    gp = inputs.scenario.green_purchase
    m.has_green_purchase = gp is not None
    if gp is None:
        return
    m.green_mwh = pyo.Var(within=pyo.NonNegativeReals, bounds=(0, gp.max_mwh_per_year))
    m.green_premium = pyo.Param(mutable=True, initialize=gp.premium_cny_per_mwh / KW_PER_MW)
    m.green_within_imports = pyo.Constraint(
        expr=m.green_mwh <= inputs.year_weight * sum(m.imp[t] for t in m.T)
    )


def emissions_expr(m: pyo.ConcreteModel, inputs: PlanInputs, market_based: bool = True):
    """Annual emissions ``w * sum_t ef[t] imp[t]`` [tCO2], less ``ef_avg * G`` where green
    energy is bought (market-based; the cap applies to this figure)."""
    ef = inputs.hourly["emission_factor_t_per_mwh"].to_numpy()
    total = inputs.year_weight * sum(ef[t] * m.imp[t] for t in m.T)
    if market_based and m.has_green_purchase:
        total -= green_purchase_ef(inputs) * m.green_mwh
    return total


def renewable_expr(m: pyo.ConcreteModel, inputs: PlanInputs):
    """Annual green energy: local delivered ``w * sum_{g,t} gen[g,t]`` plus purchases ``G``
    [MWh]."""
    total = inputs.year_weight * sum(m.gen[g, t] for g in m.G for t in m.T)
    if m.has_green_purchase:
        total += m.green_mwh
    return total


def matched_expr(m: pyo.ConcreteModel, inputs: PlanInputs):
    """Load met in the same hour by local PV and wind, directly or through the battery's
    green pool: ``sum_t load[t] - imp[t] + ch[grid,t] - dis[grid,t]`` [MWh over the horizon]."""
    load = inputs.hourly["load_kw"].to_numpy() / KW_PER_MW
    total = sum(load[t] - m.imp[t] for t in m.T)
    if "grid" in m.POOL:
        total += sum(m.ch["grid", t] - m.dis["grid", t] for t in m.T)
    return total


def target_values(inputs: PlanInputs) -> dict[str, float]:
    """Right-hand sides of the target rows [tCO2, annual MWh, horizon MWh] by row name."""
    from optimizer.kpis import baseline_emissions_t

    c = inputs.scenario.carbon
    total_load = inputs.hourly["load_kw"].sum() / KW_PER_MW
    out = {}
    if c.cap_t is not None or c.reduction is not None:
        out["carbon_cap"] = (
            c.cap_t if c.cap_t is not None else (1 - c.reduction) * baseline_emissions_t(inputs)
        )
    elif c.renewable_share is not None:
        out["renewable_share"] = c.renewable_share * inputs.year_weight * total_load
    if c.hourly_matched_share is not None:
        out["hourly_matched_share"] = c.hourly_matched_share * total_load
    return out


def _add_carbon_policy(m: pyo.ConcreteModel, inputs: PlanInputs) -> None:
    """At most one annual target: ``emissions <= cap`` (``carbon_cap``, also for a reduction
    against the grid-only baseline) or ``renewable >= share * load`` (``renewable_share``)
    [tCO2, MWh]; and optionally ``matched >= h * load`` (``hourly_matched_share``). The
    right-hand sides are mutable parameters ``target[row]`` (a sweep changes them in place).
    """
    rhs = target_values(inputs)
    m.TARGETS = pyo.Set(initialize=list(rhs), ordered=True)
    m.target = pyo.Param(m.TARGETS, mutable=True, initialize=rhs)
    if "carbon_cap" in rhs:
        m.carbon_cap = pyo.Constraint(expr=emissions_expr(m, inputs) <= m.target["carbon_cap"])
    if "renewable_share" in rhs:
        m.renewable_share = pyo.Constraint(
            expr=renewable_expr(m, inputs) >= m.target["renewable_share"]
        )
    if "hourly_matched_share" in rhs:
        m.hourly_matched_share = pyo.Constraint(
            expr=matched_expr(m, inputs) >= m.target["hourly_matched_share"]
        )


def _capacity_bounds(inputs: PlanInputs) -> dict[str, tuple[float, float | None]]:
    """Bounds of each capacity variable [MW, MWh]."""
    tech = inputs.scenario.technologies
    bounds: dict[str, tuple[float, float | None]] = {}
    for g in GENERATORS:
        spec = getattr(tech, g)
        if spec is not None:
            bounds[g] = (spec.min_kw, spec.max_kw)
    if tech.battery is not None:
        bounds["battery_power"] = (0.0, tech.battery.max_kw)
        bounds["battery_energy"] = (0.0, tech.battery.max_kwh)
    return {
        k: (lo / KW_PER_MW, None if hi is None else hi / KW_PER_MW)
        for k, (lo, hi) in bounds.items()
    }


def update_parameters(m: pyo.ConcreteModel, inputs: PlanInputs) -> None:
    """Put ``inputs``' costs, capacity bounds and target values into a built model whose
    structure they share (see ``optimizer.study.structure_key``), for a warm re-solve."""
    bounds = _capacity_bounds(inputs)
    for k in m.K:
        m.annual_cost[k] = inputs.economics[k].annual_per_unit
        m.cap[k].setlb(bounds[k][0])
        m.cap[k].setub(bounds[k][1])
    if hasattr(m, "target"):
        for row, value in target_values(inputs).items():
            m.target[row] = value
    if m.has_green_purchase:
        gp = inputs.scenario.green_purchase
        m.green_premium = gp.premium_cny_per_mwh / KW_PER_MW
        m.green_mwh.setub(gp.max_mwh_per_year)


def cost_expr(m: pyo.ConcreteModel, inputs: PlanInputs):
    """Annual cost [kCNY]: annualised capex + fixed O&M + imports - exports + demand charge
    + green purchase premium."""
    price = inputs.hourly["price_per_kwh"].to_numpy()
    export_price = inputs.hourly["export_price_per_kwh"].to_numpy()
    w = inputs.year_weight
    cost = sum(m.annual_cost[k] * m.cap[k] for k in m.K)
    cost += w * sum(price[t] * m.imp[t] for t in m.T)
    if m.has_export:
        cost -= w * sum(export_price[t] * m.exp[t] for t in m.T)
    if m.has_demand_charge:
        dc = inputs.scenario.tariff.demand_charge_cny_per_kw_month
        cost += dc * (12 / len(m.M)) * sum(m.peak[mo] for mo in m.M)
    if m.has_green_purchase:
        cost += m.green_premium * m.green_mwh
    return cost


def _add_objective(m: pyo.ConcreteModel, inputs: PlanInputs, objective: str) -> None:
    """Minimise ``cost`` (default), or ``emissions`` / maximise ``renewable`` / minimise
    ``unserved`` energy for the infeasibility diagnosis."""
    if objective == "cost":
        m.objective = pyo.Objective(expr=cost_expr(m, inputs))
    elif objective == "emissions":
        m.objective = pyo.Objective(expr=emissions_expr(m, inputs))
    elif objective == "renewable":
        m.objective = pyo.Objective(expr=renewable_expr(m, inputs), sense=pyo.maximize)
    elif objective == "matched":
        m.objective = pyo.Objective(expr=matched_expr(m, inputs), sense=pyo.maximize)
    elif objective == "unserved":
        m.objective = pyo.Objective(expr=sum(m.shed[t] for t in m.T))
    else:  # pragma: no cover - internal misuse
        raise ValueError(f"unknown objective {objective!r}")


def build_model(
    inputs: PlanInputs,
    objective: str = "cost",
    with_target: bool = True,
    allow_unserved: bool = False,
) -> pyo.ConcreteModel:
    """The planning LP for ``inputs``; see the module docstring for symbols and units."""
    m = pyo.ConcreteModel(name=inputs.scenario.park.name)
    m.T = pyo.RangeSet(0, inputs.hours - 1)
    m.supply = {t: [] for t in m.T}
    m.demand = {t: [] for t in m.T}
    _add_capacities(m, inputs)
    _add_generation(m, inputs)
    _add_battery(m, inputs)
    _add_grid(m, inputs, allow_unserved)
    _add_demand_charge(m, inputs)
    _add_green_purchase(m, inputs)
    _add_balance(m, inputs)
    if with_target:
        _add_carbon_policy(m, inputs)
    _add_objective(m, inputs, objective)
    return m


# --- solving -------------------------------------------------------------------------------


def solve_model(m: pyo.ConcreteModel, inputs: PlanInputs, solver: Highs | None = None) -> Status:
    """Solve with HiGHS; return the status without raising (load the solution if optimal)."""
    opt = solver or Highs()
    options = dict(HIGHS_OPTIONS)
    s = inputs.scenario.solver
    if s.time_limit_s is not None:
        options["time_limit"] = s.time_limit_s
    if s.threads is not None:
        options["threads"] = s.threads
    t0 = time.perf_counter()
    res = opt.solve(
        m, load_solutions=False, raise_exception_on_nonoptimal_result=False, solver_options=options
    )
    elapsed = time.perf_counter() - t0
    optimal = (
        res.termination_condition == TerminationCondition.convergenceCriteriaSatisfied
        and res.solution_status == SolutionStatus.optimal
    )
    if optimal:
        res.solution_loader.load_vars()
        m._duals = res.solution_loader.get_duals()
    return Status(res.termination_condition.name, optimal, res.incumbent_objective, elapsed)


def _values(var, index) -> np.ndarray:
    return np.fromiter((var[i].value or 0.0 for i in index), dtype=float, count=len(index))


def extract(m: pyo.ConcreteModel, inputs: PlanInputs, status: Status) -> LPResult:
    """Capacities [kW, kWh], hourly dispatch [kW, kWh] and duals [currency per unit]."""
    h = inputs.hourly
    T = list(m.T)
    zeros = np.zeros(len(T))
    caps = {k: (m.cap[k].value or 0.0) * KW_PER_MW for k in m.K}
    capacities = {
        "pv_kw": caps.get("pv", 0.0),
        "wind_kw": caps.get("wind", 0.0),
        "battery_kw": caps.get("battery_power", 0.0),
        "battery_kwh": caps.get("battery_energy", 0.0),
    }
    d = pd.DataFrame(index=h.index)
    d["load_kw"] = h["load_kw"].to_numpy()
    for g in GENERATORS:
        used = _values(m.gen, [(g, t) for t in T]) * KW_PER_MW if g in m.G else zeros
        available = h[CF_COLUMN[g]].to_numpy() * capacities[f"{g}_kw"]
        d[f"{g}_kw"] = used
        d[f"{g}_curtailed_kw"] = available - used
    has_bat = hasattr(m, "soc")

    def pooled(var, pools) -> np.ndarray:
        if not has_bat:
            return zeros
        return sum(_values(var, [(p, t) for t in T]) for p in pools if p in m.POOL) * KW_PER_MW

    d["battery_charge_kw"] = pooled(m.ch, m.POOL) if has_bat else zeros
    d["battery_discharge_kw"] = pooled(m.dis, m.POOL) if has_bat else zeros
    d["battery_soc_kwh"] = pooled(m.soc, m.POOL) if has_bat else zeros
    if "green" in m.POOL:  # the LP tells green from grid energy (else kpis attributes it)
        d["battery_charge_grid_kw"] = pooled(m.ch, ["grid"]) if "grid" in m.POOL else zeros
        d["battery_discharge_grid_kw"] = pooled(m.dis, ["grid"]) if "grid" in m.POOL else zeros
    if m.has_green_purchase:
        d.attrs["green_purchase_mwh"] = float(m.green_mwh.value or 0.0)
    d["grid_import_kw"] = _values(m.imp, T) * KW_PER_MW
    d["grid_export_kw"] = _values(m.exp, T) * KW_PER_MW if m.has_export else zeros
    d["price_per_kwh"] = h["price_per_kwh"].to_numpy()
    d["emission_factor_t_per_mwh"] = h["emission_factor_t_per_mwh"].to_numpy()
    duals = {}
    raw = getattr(m, "_duals", {})
    if hasattr(m, "carbon_cap"):
        # d(cost)/d(cap) is <= 0 for a <= row; kCNY per tCO2 -> currency per tCO2
        value = -raw.get(m.carbon_cap, 0.0) * KW_PER_MW
        duals["carbon_cap"] = value if value > 1e-9 else None
    if hasattr(m, "renewable_share"):  # row in annual MWh: kCNY/MWh -> currency/MWh
        value = raw.get(m.renewable_share, 0.0) * KW_PER_MW
        duals["renewable_share"] = value if value > 1e-9 else None
    if hasattr(m, "hourly_matched_share"):  # row in horizon MWh: scale to annual MWh
        value = raw.get(m.hourly_matched_share, 0.0) * KW_PER_MW / inputs.year_weight
        duals["hourly_matched_share"] = value if value > 1e-9 else None
    objective = status.objective * KW_PER_MW if status.objective is not None else None
    return LPResult(status, capacities, d, duals, objective)


def describe_limits(inputs: PlanInputs) -> str:
    """The limits that bound what can be reached, for infeasibility messages."""
    s = inputs.scenario
    parts = []
    for g in GENERATORS:
        spec = getattr(s.technologies, g)
        if spec is not None:
            parts.append(f"{g} max {_kw(spec.max_kw)}")
    b = s.technologies.battery
    if b is not None:
        parts.append(f"battery max {_kw(b.max_kw)} / {_kw(b.max_kwh, 'kWh')}")
    parts.append(f"import limit {_kw(s.grid.import_limit_kw)}")
    parts.append(f"export limit {_kw(s.grid.export_limit_kw)}")
    return ", ".join(parts)


def _kw(value: float | None, unit: str = "kW") -> str:
    return "unlimited" if value is None else f"{value:,.0f} {unit}"


def diagnose_infeasible(inputs: PlanInputs) -> InfeasibleError:
    """Explain an infeasible plan: which limits collide, and what could be reached."""
    limits = describe_limits(inputs)
    relaxed = build_model(inputs, objective="unserved", with_target=False, allow_unserved=True)
    status = solve_model(relaxed, inputs)
    if status.optimal and (status.objective or 0.0) > 1e-6:
        shed = _values(relaxed.shed, list(relaxed.T)) * KW_PER_MW
        worst = int(np.argmax(shed))
        return InfeasibleError(
            f"the load cannot be met in {int((shed > 1e-6).sum())} hours even without a carbon "
            f"target: at {inputs.hourly.index[worst]} {shed[worst]:,.0f} kW of the "
            f"{inputs.hourly['load_kw'].iloc[worst]:,.0f} kW load is left unserved with {limits}"
        )
    c = inputs.scenario.carbon
    if c.hourly_matched_share is not None:
        best = build_model(inputs, objective="matched", with_target=False)
        st = solve_model(best, inputs)
        total = inputs.hourly["load_kw"].sum() / KW_PER_MW
        if st.optimal and st.objective / total < c.hourly_matched_share - 1e-9:
            return InfeasibleError(
                f"hourly_matched_share {c.hourly_matched_share:.1%} is above the "
                f"{st.objective / total:.1%} reachable with {limits}"
            )
    if c.kind in ("cap_t", "reduction"):
        from optimizer.kpis import baseline_emissions_t

        best = build_model(inputs, objective="emissions", with_target=False)
        st = solve_model(best, inputs)
        cap = c.cap_t if c.cap_t is not None else (1 - c.reduction) * baseline_emissions_t(inputs)
        what = (
            f"cap {cap:,.0f} tCO2"
            if c.cap_t is not None
            else (f"a {c.reduction:.0%} reduction ({cap:,.0f} tCO2)")
        )
        if not st.optimal or st.objective > cap * (1 + 1e-9):
            reach = f"{st.objective:,.0f} tCO2" if st.optimal else "an unknown amount"
            return InfeasibleError(f"{what} is below the {reach} reachable with {limits}")
    if c.kind == "renewable_share":
        best = build_model(inputs, objective="renewable", with_target=False)
        st = solve_model(best, inputs)
        total = inputs.year_weight * inputs.hourly["load_kw"].sum() / KW_PER_MW
        if not st.optimal or st.objective < c.renewable_share * total * (1 - 1e-9):
            share = f"{st.objective / total:.1%}" if st.optimal else "an unknown share"
            return InfeasibleError(
                f"renewable_share {c.renewable_share:.1%} is above the {share} reachable "
                f"with {limits}"
            )
    if c.hourly_matched_share is not None and c.kind is not None:
        return InfeasibleError(
            f"the hourly_matched_share {c.hourly_matched_share:.1%} and {c.kind} targets can "
            f"each be reached with {limits}, but not together"
        )
    return InfeasibleError(f"the plan is infeasible with {limits}")


@dataclass
class ModelCache:
    """One built model (and its HiGHS instance) kept between solves whose inputs share a
    structure: the next solve only updates parameters and HiGHS starts from the last basis.
    ``key`` names the structure (``optimizer.study.structure_key``)."""

    key: str | None = None
    model: pyo.ConcreteModel | None = None
    solver: Highs | None = None


def solve_plan(
    inputs: PlanInputs, cache: ModelCache | None = None, key: str | None = None
) -> tuple[LPResult, dict[str, float]]:
    """Build (or, with a ``cache`` holding the same ``key``, update), solve and extract the
    cost-minimising plan; raise on infeasibility."""
    t0 = time.perf_counter()
    warm = cache is not None and key is not None and cache.key == key
    if warm:
        m, solver = cache.model, cache.solver
        update_parameters(m, inputs)
    else:
        m = build_model(inputs)
        solver = Highs()
        solver.set_instance(m)  # Pyomo -> HiGHS translation counts as build time
        if cache is not None:
            cache.key, cache.model, cache.solver = key, m, solver
    build_s = time.perf_counter() - t0
    status = solve_model(m, inputs, solver)
    if not status.optimal:
        if status.termination in ("provenInfeasible", "infeasibleOrUnbounded"):
            raise diagnose_infeasible(inputs)
        raise SolverError(f"HiGHS stopped with {status.termination} after {status.solve_s:.1f} s")
    result = extract(m, inputs, status)
    result.warm_start = warm
    return result, {"build": build_s, "solve": status.solve_s}
