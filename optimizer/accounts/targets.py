"""Targets, baselines and annual figures, defined once below the LP and the KPIs.

Plan, simulate and studies take the cap, the baseline and the green-purchase factor from
here, so the LP's right-hand sides and the reported figures cannot drift apart (DESIGN.md,
"Targets and shares, defined once"). Sums over the horizon are scaled to a year by
``inputs.hour_weight`` (1 in every hour of a full year).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from parkopt.models.units import KWH_PER_MWH
from parkopt.optimizer.common import accounting
from parkopt.optimizer.inputs.heat_inputs import baseline_heat_kw
from parkopt.optimizer.inputs.plan_inputs import PlanInputs

CAP = "carbon_cap"
RENEWABLE = "renewable_share"
HOURLY = "hourly_matched_share"
INDICATOR = "tco2_per_tce"
CLEAN = "clean_energy_share"
GREEN_DIRECT = "green_direct_share"
GDC_SELF = "gdc_self_use_of_available"
GDC_CONSUMPTION = "gdc_consumption_share"
GDC_EXPORT = "gdc_export_of_available"
"""Names of the target rows: the same in the LP, its duals and summary.json."""
RATIO_ROWS = (INDICATOR, CLEAN, GREEN_DIRECT, GDC_SELF, GDC_CONSUMPTION, GDC_EXPORT)
"""Rows whose value is a ratio (a coefficient of the row, not its right-hand side)."""


@dataclass(frozen=True)
class Target:
    """A target row of the LP, declared once: what the build, the duals' extraction, the
    summary, binding limits, diagnosis, compliance and the console read of it."""

    row: str  # LP row name and key of the duals
    field: str  # the scenario field that sets it
    sense: str  # ">=" or "<=" (of the figure against the value)
    unit: str  # of the value the user gives
    row_unit: str  # of the row, so of its shadow price: currency per this
    summary_key: str  # summary.json key of its shadow price
    label: str  # for people (English; the report's i18n has the Chinese, by ``row``)
    value_key: str | None = None  # summary.json key of the figure it bounds (annual targets;
    # the ratio rules' figures are compliance's)


TARGETS: tuple[Target, ...] = (
    Target(
        CAP, "carbon.cap_t", "<=", "tCO2/year", "tCO2", "abatement_cost_per_t", "carbon cap",
        "emissions_market_t",
    ),
    Target(
        RENEWABLE, "carbon.renewable_share", ">=", "fraction", "MWh",
        "renewable_target_price_per_mwh", "renewable share", "renewable_share",
    ),
    Target(
        HOURLY, "carbon.hourly_matched_share", ">=", "fraction", "MWh",
        "hourly_target_price_per_mwh", "hourly matched share", "hourly_matched_share",
    ),
    Target(
        INDICATOR, "carbon.tco2_per_tce", "<=", "tCO2/tce", "tCO2",
        "indicator_target_price_per_t", "zero-carbon park indicator",
    ),
    Target(
        CLEAN, "carbon.clean_energy_share", ">=", "fraction", "tce",
        "clean_target_price_per_tce", "clean energy share",
    ),
    Target(
        GREEN_DIRECT, "carbon.green_direct_share", ">=", "fraction", "MWh",
        "green_direct_target_price_per_mwh", "green power supplied directly",
    ),
    Target(
        GDC_SELF, "green_direct_connection.self_use_min_fraction", ">=", "fraction", "MWh",
        "gdc_self_use_price_per_mwh", "direct-connection self-use of the available generation",
    ),
    Target(
        GDC_CONSUMPTION, "green_direct_connection.consumption_share_min_fraction", ">=",
        "fraction", "MWh", "gdc_consumption_share_price_per_mwh",
        "direct-connection self-use share of consumption",
    ),
    Target(
        GDC_EXPORT, "green_direct_connection.export_max_fraction", "<=", "fraction", "MWh",
        "gdc_export_price_per_mwh", "direct-connection export of the available generation",
    ),
)  # fmt: skip
"""Every target row, in the order the console and the report list them."""
BY_ROW: dict[str, Target] = {t.row: t for t in TARGETS}
"""The table by row name."""
ANNUAL: tuple[Target, ...] = tuple(t for t in TARGETS if t.row not in RATIO_ROWS)
"""The annual targets (a figure of the year against a value): cap, renewable, hourly."""


def in_force(target: Target, summary: dict, carbon: dict) -> float | None:
    """The value of an annual ``target`` a run had: the cap in force (``carbon_cap_t``: a
    reduction made a cap) or the carbon section's field [tCO2/year, fraction]."""
    if target.row == CAP:
        return summary.get("carbon_cap_t")
    return carbon.get(target.field.removeprefix("carbon."))


def annual_mwh(series_kw: pd.Series | np.ndarray, inputs: PlanInputs) -> float:
    """Annual energy [MWh] of an hourly power series [kW] over the horizon."""
    return float(np.dot(np.asarray(series_kw, dtype=float), inputs.hour_weight)) / KWH_PER_MWH


def baseline_annual(inputs: PlanInputs) -> accounting.Annual:
    """The park as it is today: all electricity from the grid, heat from today's equipment
    (``heat_inputs.baseline_heat_kw``), no green purchases [MWh/year, tCO2/year]."""
    h = inputs.hourly
    gas_kw, bought_kw = baseline_heat_kw(inputs.scenario, h)
    return accounting.Annual(
        grid_import_mwh=annual_mwh(h["load_kw"], inputs),
        grid_export_mwh=0.0,
        local_mwh=0.0,
        green_purchase_mwh=0.0,
        grid_emissions_t=annual_mwh(h["load_kw"] * h["emission_factor_t_per_mwh"], inputs),
        gas_mwh=annual_mwh(gas_kw, inputs),
        heat_purchased_mwh=annual_mwh(bought_kw, inputs),
    )


def baseline_emissions_t(inputs: PlanInputs) -> float:
    """Annual emissions of the park today: grid-only electricity and, with heat, today's
    boilers and purchased heat (Scope 1 + Scope 2) [tCO2]."""
    return accounting.footprint_t(baseline_annual(inputs), inputs.scenario, 0.0, False)


def carbon_cap_t(inputs: PlanInputs) -> float | None:
    """The annual emission cap in force [tCO2], from ``cap_t`` or ``reduction`` (against the
    grid-only baseline); None otherwise."""
    c = inputs.scenario.carbon
    if c.cap_t is not None:
        return c.cap_t
    if c.reduction is not None:
        return (1 - c.reduction) * baseline_emissions_t(inputs)
    return None


def green_purchase_ef(inputs: PlanInputs) -> float:
    """Factor a purchased green MWh removes from market-based emissions [tCO2/MWh]: the
    scenario's, else the load-weighted average grid factor (the plain average where the
    park has no electric load)."""
    gp = inputs.scenario.green_purchase
    if gp is not None and gp.emission_factor_t_per_mwh is not None:
        return gp.emission_factor_t_per_mwh
    h = inputs.hourly
    load = annual_mwh(h["load_kw"], inputs)
    if load <= 0:  # no electric load (a heat-only park): the plain mean factor
        return float(h["emission_factor_t_per_mwh"].mean())
    return annual_mwh(h["load_kw"] * h["emission_factor_t_per_mwh"], inputs) / load


def target_values(inputs: PlanInputs) -> dict[str, float]:
    """Right-hand sides of the target rows by name: ``carbon_cap`` [tCO2/year],
    ``renewable_share`` and ``hourly_matched_share`` [MWh/year]; and
    the ratio targets' values, coefficients of their rows: ``tco2_per_tce`` [tCO2/tce],
    ``clean_energy_share`` [-]."""
    c = inputs.scenario.carbon
    load_mwh = annual_mwh(inputs.hourly["load_kw"], inputs)
    out = {}
    cap = carbon_cap_t(inputs)
    if cap is not None:
        out[CAP] = cap
    elif c.renewable_share is not None:
        out[RENEWABLE] = c.renewable_share * load_mwh
    if c.hourly_matched_share is not None:
        out[HOURLY] = c.hourly_matched_share * load_mwh
    if c.tco2_per_tce is not None:
        out[INDICATOR] = c.tco2_per_tce
    if c.clean_energy_share is not None:
        out[CLEAN] = c.clean_energy_share
    if c.green_direct_share is not None:
        out[GREEN_DIRECT] = c.green_direct_share
    out.update(direct_connection_ratios(inputs.scenario))
    return out


def direct_connection_ratios(scenario) -> dict[str, float]:
    """The green-power direct-connection project's three ratios by row name, where the
    scenario has one (``green_direct_connection``): least self-use of the available
    generation, least self-use share of consumption, most export of the available
    generation [-]; empty otherwise."""
    gdc = scenario.green_direct_connection
    if gdc is None:
        return {}
    return {
        GDC_SELF: gdc.self_use_min_fraction,
        GDC_CONSUMPTION: gdc.consumption_share(scenario.park.year),
        GDC_EXPORT: gdc.export_max_fraction,
    }


def target_label(inputs: PlanInputs) -> str:
    """The annual target in words, for messages: 'cap 20,000 tCO2', 'a 65% reduction (...)'."""
    c = inputs.scenario.carbon
    if c.cap_t is not None:
        return f"cap {c.cap_t:,.0f} tCO2"
    if c.reduction is not None:
        return f"a {c.reduction:.0%} reduction ({carbon_cap_t(inputs):,.0f} tCO2)"
    if c.renewable_share is not None:
        return f"renewable_share {c.renewable_share:.1%}"
    return "no annual target"
