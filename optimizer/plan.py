"""``plan(inputs)``: size PV, wind and battery at least annual cost under the carbon target."""

from __future__ import annotations

from dataclasses import dataclass, replace

import pandas as pd

from optimizer import kpis
from optimizer.lp import LPResult, ModelCache, solve_plan
from optimizer.prepare import PlanInputs


@dataclass
class Plan:
    """A solved plan: capacities [kW, kWh], hourly dispatch and the summary figures."""

    inputs: PlanInputs
    capacities: dict[str, float]
    dispatch: pd.DataFrame
    summary: dict[str, object]
    kind: str = "plan"

    @property
    def scenario(self):
        return self.inputs.scenario


def carbon_cap_t(inputs: PlanInputs) -> float | None:
    """The annual emission cap in force [tCO2], from cap_t or reduction; None otherwise."""
    c = inputs.scenario.carbon
    if c.cap_t is not None:
        return c.cap_t
    if c.reduction is not None:
        return (1 - c.reduction) * kpis.baseline_emissions_t(inputs)
    return None


def build_summary(inputs: PlanInputs, result: LPResult, timing: dict[str, float]) -> dict:
    """summary.json's figures for one LP result (without the file-level keys)."""
    summary = kpis.summarise(result.dispatch, inputs, result.capacities_kw)
    summary["status"] = "optimal" if result.status.optimal else result.status.termination
    summary["carbon_cap_t"] = carbon_cap_t(inputs)
    summary["abatement_cost_per_t"] = result.duals.get("carbon_cap")
    summary["renewable_target_price_per_mwh"] = result.duals.get("renewable_share")
    summary["hourly_target_price_per_mwh"] = result.duals.get("hourly_matched_share")
    summary["objective"] = result.objective_value
    total = summary["cost"]["total_annual"]
    if result.objective_value is not None:
        summary["audit"]["objective_rel_gap"] = abs(result.objective_value - total) / max(
            abs(total), 1.0
        )
    summary["horizon_hours"] = inputs.hours
    summary["location"] = dict(inputs.location)
    summary["timing_s"] = {"inputs": inputs.timing_s.get("inputs", 0.0), **timing}
    return summary


def plan(inputs: PlanInputs, cache: ModelCache | None = None, key: str | None = None) -> Plan:
    """Solve the planning LP for ``inputs`` and audit the result.

    With a ``cache`` (``optimizer.lp.ModelCache``) whose model has the same structure
    ``key``, the model is updated and re-solved warm instead of built anew (studies).
    Raises InfeasibleError (naming the colliding limits) or SolverError.
    """
    result, timing = solve_plan(inputs, cache, key)
    summary = build_summary(inputs, result, timing)
    summary["warm_start"] = result.warm_start
    h = inputs.scenario.carbon.hourly_matched_share
    if h is not None:
        summary["hourly_target_comparison"] = _annual_equivalent(inputs, h, summary)
    return Plan(inputs, result.capacities_kw, result.dispatch, summary)


def _annual_equivalent(inputs: PlanInputs, share: float, summary: dict) -> dict:
    """What the hourly target costs against an annual renewable_share target of the same
    value (the claim a park can make with certificates and annual netting) [currency/year]."""
    from optimizer.scenario import Carbon

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
