"""``plan(inputs)``: size every registered technology at least annual cost under the target."""

from __future__ import annotations

import time
from dataclasses import dataclass, replace

import pandas as pd

from parkopt.models.units import KW_PER_MW
from parkopt.optimizer.accounts import compliance, economics, kpis, ownership, targets
from parkopt.optimizer.inputs.plan_inputs import PlanInputs, contract_prices
from parkopt.optimizer.lp import LPResult, ModelCache, binding_limits, progress, solve_plan
from parkopt.optimizer.planning import dispatch, wind_rounding
from parkopt.optimizer.schema.scenario import Carbon


@dataclass(frozen=True)
class Plan:
    """A solved plan (or simulation): capacities [kW, kWh], the hourly dispatch (the
    timeseries contract, final), the monthly table and the summary figures."""

    inputs: PlanInputs
    capacities: dict[str, float]
    dispatch: pd.DataFrame
    monthly: pd.DataFrame
    summary: dict[str, object]
    kind: str = "plan"

    @property
    def scenario(self):
        return self.inputs.scenario


LEGACY_PRICE_KEYS = (
    "abatement_cost_per_t",
    "renewable_target_price_per_mwh",
    "hourly_target_price_per_mwh",
    "indicator_target_price_per_t",
    "clean_target_price_per_tce",
)
"""Shadow-price keys every summary.json carries (null where the run has no such target)."""


def assemble(inputs: PlanInputs, result: LPResult, timing: dict[str, float], kind: str) -> Plan:
    """The Plan of one LP or rule-based result: the dispatch finalised once, the monthly
    table computed once, and summary.json's figures (without the file-level keys)."""
    d = dispatch.finalise(result.dispatch, inputs)
    monthly = kpis.monthly_table(d, inputs)
    summary = kpis.summarise(d, inputs, result.capacities_kw, monthly)
    summary["status"] = "optimal" if result.status.optimal else result.status.termination
    if result.status.start is not None:  # a cold full-horizon solve started from typical days
        summary["solve_start"] = result.status.start
    summary["carbon_cap_t"] = targets.carbon_cap_t(inputs)
    for t in targets.TARGETS:  # each target's shadow price [currency per its row unit]
        if t.row in result.duals or t.summary_key in LEGACY_PRICE_KEYS:
            summary[t.summary_key] = result.duals.get(t.row)
    summary["objective"] = result.objective_value
    total = summary["cost"]["total_annual"]
    if result.objective_value is not None:
        summary["audit"]["objective_rel_gap"] = abs(result.objective_value - total) / max(
            abs(total), 1.0
        )
    summary["economics"] = economics.economics_block(
        inputs, result.capacities_kw, summary["cost"], summary
    )
    green_cost = summary["cost"].get("green_purchase", 0.0)
    summary["compliance"] = compliance.compliance_block(d, inputs, result.duals, green_cost)
    summary["purchases"] = compliance.purchases(summary, inputs)
    summary["horizon_hours"] = inputs.hours
    summary["location"] = dict(inputs.location)
    summary["resource"] = dict(inputs.resource)
    summary["warnings"] = list(inputs.warnings)
    summary["timing_s"] = {"inputs": inputs.timing_s.get("inputs", 0.0), **timing}
    return Plan(inputs, dict(result.capacities_kw), d, monthly, summary, kind)


def plan(
    inputs: PlanInputs,
    cache: ModelCache | None = None,
    key: str | None = None,
    whole_turbines: bool | None = None,
) -> Plan:
    """Solve the planning LP for ``inputs`` and audit the result.

    With a ``cache`` (``parkopt.optimizer.lp.ModelCache``) whose model has the same
    structure ``key``, the model is updated and re-solved warm instead of built anew
    (studies). The limits that bind are listed with their shadow prices
    (``binding_limits``). ``whole_turbines`` (default: outside studies, i.e. without a
    ``key``) re-solves with wind fixed at the whole turbine counts either side of the
    continuous size, two more solves, warm in the same model (``wind_rounding``). Raises
    InfeasibleError (naming the colliding limits) or SolverError.
    """
    own = cache if cache is not None else ModelCache()
    with progress.watching("plan", KW_PER_MW, f"{inputs.scenario.tariff.currency}/year"):
        result, timing = solve_plan(inputs, own, key)
        built, limits, rounding = result, binding_limits(own.model, inputs), None
        if whole_turbines if whole_turbines is not None else key is None:
            t0 = time.perf_counter()
            built, limits, rounding = _built(inputs, result, limits, own)
            timing = {**timing, "whole_turbines": time.perf_counter() - t0}
        out = assemble(inputs, built, timing, "plan")  # once, for the plan as built
    out.summary["binding_limits"] = limits
    if rounding is not None:
        out.summary["wind_turbines"] = rounding
        unrounded = wind_rounding.several_sites(inputs)
        if unrounded:
            out.summary["warnings"].append(unrounded)
    out.summary["warm_start"] = result.warm_start
    if inputs.scenario.finance.ownership == "both":
        t0 = time.perf_counter()
        out.summary["ownership"] = _contract_comparison(inputs, out.summary)
        out.summary["timing_s"]["ownership_contract"] = time.perf_counter() - t0
    h = inputs.scenario.carbon.hourly_matched_share
    if h is not None:
        out.summary["hourly_target_comparison"] = _annual_equivalent(inputs, h, out.summary)
    return out


def _built(
    inputs: PlanInputs, result: LPResult, limits: list[dict], own: ModelCache
) -> tuple[LPResult, list[dict], dict]:
    """The plan as it is built: wind in whole turbines (``wind_rounding``). Where the chosen
    count differs from the LP's continuous size, the result and its binding limits are the
    re-solve's with wind fixed at that count (every figure of the plan follows from them);
    the continuous optimum stays in ``wind_turbines`` (``continuous_kw``,
    ``continuous_cost``). Returns the result, its binding limits and ``wind_turbines``."""
    kept: dict = {}
    rounding = wind_rounding.whole_turbines(inputs, result, own, kept)
    chosen = rounding.get("chosen") if rounding else None
    if chosen is None or chosen["turbines"] not in kept:
        return result, limits, rounding
    built, built_limits = kept[chosen["turbines"]]
    built.status.start = result.status.start  # how the plan's own solve began
    return built, built_limits, rounding


def _contract_comparison(inputs: PlanInputs, summary: dict) -> dict:
    """``finance.ownership: both``: the plan solved once more with the technologies of
    ``finance.ownership_price_cny_per_kwh`` under contract, set beside the self-owned one
    (``ownership.ownership_block``)."""
    contract_inputs = ownership.under_contract(inputs)
    result, timing = solve_plan(contract_inputs)
    contract = assemble(contract_inputs, result, timing, "plan")
    prices = contract_prices(contract_inputs.scenario)
    return ownership.ownership_block(summary, contract.summary, prices)


def _annual_equivalent(inputs: PlanInputs, share: float, summary: dict) -> dict:
    """What the hourly target costs against an annual renewable_share target of the same
    value (the claim a park can make with certificates and annual netting) [currency/year]."""
    scenario = inputs.scenario.model_copy(update={"carbon": Carbon(renewable_share=share)})
    annual, _ = solve_plan(replace(inputs, scenario=scenario))
    annual_cost = annual.objective_value
    hourly_cost = summary["cost"]["total_annual"]
    return {
        "target": share,
        "hourly_target_cost": hourly_cost,
        "annual_target_cost": annual_cost,
        "hourly_premium": hourly_cost - annual_cost,
        "annual_target_capacity": annual.capacities_kw,
    }
