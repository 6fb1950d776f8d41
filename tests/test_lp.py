"""The planning LP in tiers: build counts, solve status, hand-solved cases, invariants."""

from __future__ import annotations

import math

import numpy as np
import pytest

from parkopt import InfeasibleError
from parkopt.models.finance import capital_recovery_factor
from parkopt.optimizer.accounts.kpis import BALANCE_TOL_KW, SOC_TOL_KWH
from parkopt.optimizer.inputs.synthetic import make_inputs
from parkopt.optimizer.lp import build_model
from parkopt.optimizer.planning.plan import plan

REL = 1e-6
HOURS = np.arange(24)
W_DAY = 365.0  # a 24-hour horizon stands for 365 days


def annual(capex, life, fom, rate=0.06):
    """Capital recovery plus fixed O&M, computed independently of parkopt [CNY per unit-year]."""
    return capex * (capital_recovery_factor(rate, life) + fom)


# --- build tier ---------------------------------------------------------------------------


def test_build_counts_scale_with_technologies():
    """Variables and rows exist only for what the scenario holds (index by data); free
    disposal drops the output variables and resource rows of the exact form."""
    load = np.full(24, 100.0)
    bare = build_model(make_inputs(load, 1.0))
    assert bare.nvariables() == 24  # imp only
    assert bare.nconstraints() == 24  # balance only
    kwargs = dict(
        pv_kw_per_kw=0.5,
        technologies={"pv": {}, "battery": {}},
        grid={"export_limit_kw": 10},
        tariff={"demand_charge_cny_per_kw_month": 40},
        carbon={"cap_t": 10},
    )
    lean = build_model(make_inputs(load, 1.0, **kwargs))
    # caps 3 + ch/dis/soc 72 + imp 24 + exp 24 + peak 1
    assert lean.nvariables() == 3 + 72 + 24 + 24 + 1
    # soc dynamics/min/max/charge/discharge 5*24 + durations 2 + monthly peak 24
    # + balance 24 + carbon 1
    assert lean.nconstraints() == 5 * 24 + 2 + 24 + 24 + 1
    exact = build_model(make_inputs(load, 1.0, solver={"free_disposal": False}, **kwargs))
    # + gen 24 variables, + resource 24 rows
    assert exact.nvariables() == lean.nvariables() + 24
    assert exact.nconstraints() == lean.nconstraints() + 24


# --- solution tier: hand-solved 24-hour cases ---------------------------------------------


def test_grid_only_cost_and_emissions_by_hand():
    p = plan(make_inputs(np.full(24, 100.0), 0.8, emission_factor_t_per_mwh=0.5))
    assert p.summary["status"] == "optimal"
    assert p.summary["cost"]["total_annual"] == pytest.approx(100 * 24 * 0.8 * W_DAY, rel=REL)
    assert p.summary["emissions_t"] == pytest.approx(100 * 24 / 1000 * 0.5 * W_DAY, rel=REL)
    assert p.summary["emissions_t"] == pytest.approx(p.summary["baseline_emissions_t"], rel=REL)


def test_pv_sized_to_load_when_it_pays_by_hand():
    """PV that gives 1 kW/kW for 12 h saves 12 h x 1 CNY/kWh x 365 per kW and costs ~291:
    it is built exactly to the load (more would be curtailed)."""
    cf = np.where(HOURS < 12, 1.0, 0.0)
    pv = {"capex_cny_per_kw": 3300, "life_years": 25, "fixed_om_fraction_per_year": 0.01}
    p = plan(make_inputs(np.full(24, 100.0), 1.0, pv_kw_per_kw=cf, technologies={"pv": pv}))
    assert p.capacities["pv_kw"] == pytest.approx(100.0, rel=REL)
    expected = annual(3300, 25, 0.01) * 100 + 12 * 100 * 1.0 * W_DAY
    assert p.summary["cost"]["total_annual"] == pytest.approx(expected, rel=REL)
    assert p.summary["energy_mwh"]["curtailed"] == pytest.approx(0.0, abs=1e-9)


def test_pv_not_built_when_dearer_than_grid():
    cf = np.where(HOURS < 12, 1.0, 0.0)
    pv = {"capex_cny_per_kw": 3300}
    p = plan(make_inputs(np.full(24, 100.0), 0.05, pv_kw_per_kw=cf, technologies={"pv": pv}))
    assert p.capacities["pv_kw"] == pytest.approx(0.0, abs=1e-9)


def test_battery_arbitrage_by_hand():
    """Valley 0.3 CNY/kWh for 12 h, peak 1.0 for 12 h, eta = 0.9 each way (rte 0.81).

    Covering the 12 peak hours of a 100 kW load needs 1,200 kWh out, 1,333.3 kWh drawn from
    the store and 1,481.5 kWh charged over the 12 valley hours (123.46 kW): E = 1,333.3 kWh
    and P = 123.46 kW with a 0..1 SOC window, and the valley energy bought is 1,200 + 1,481.5.
    """
    price = np.where(HOURS < 12, 0.3, 1.0)
    bat = {
        "power_capex_cny_per_kw": 150,
        "energy_capex_cny_per_kwh": 400,
        "round_trip_efficiency": 0.81,
        "soc_min_fraction": 0.0,
        "soc_max_fraction": 1.0,
        "min_duration_h": 0.0,
        "max_duration_h": 100.0,
        "life_years": 15,
        "fixed_om_fraction_per_year": 0.02,
    }
    p = plan(make_inputs(np.full(24, 100.0), price, technologies={"battery": bat}))
    charged = 1200 / 0.81
    assert p.capacities["battery_kwh"] == pytest.approx(1200 / 0.9, rel=REL)
    assert p.capacities["battery_kw"] == pytest.approx(charged / 12, rel=REL)
    expected = (
        annual(400, 15, 0.02) * 1200 / 0.9
        + annual(150, 15, 0.02) * charged / 12
        + W_DAY * 0.3 * (1200 + charged)
    )
    assert p.summary["cost"]["total_annual"] == pytest.approx(expected, rel=REL)
    assert p.summary["battery_cycles"] == pytest.approx(W_DAY * 1200 / (1200 / 0.9), rel=REL)


def test_demand_charge_by_hand():
    """No technology: the demand charge is the month's peak load x rate x 12 months."""
    load = 100 + 50 * (HOURS == 15)
    p = plan(make_inputs(load, 0.5, tariff={"demand_charge_cny_per_kw_month": 40}))
    assert p.summary["cost"]["demand_charge"] == pytest.approx(150 * 40 * 12, rel=REL)
    energy = (100 * 24 + 50) * 0.5 * W_DAY
    assert p.summary["cost"]["total_annual"] == pytest.approx(energy + 150 * 40 * 12, rel=REL)


def test_demand_charge_shaved_by_battery():
    """A one-hour 50 kW spike costs 40 x 12 = 480 CNY/kW-year of peak; a lossless battery
    costs far less, so imports are flattened to the mean load, 2,450 kWh / 24 h, and the
    battery's power is the spike above that flat line."""
    load = 100 + 50 * (HOURS == 15)
    bat = {
        "round_trip_efficiency": 1.0,
        "soc_min_fraction": 0.0,
        "soc_max_fraction": 1.0,
        "min_duration_h": 0,
    }
    p = plan(
        make_inputs(
            load, 0.5, technologies={"battery": bat}, tariff={"demand_charge_cny_per_kw_month": 40}
        )
    )
    flat = 2450 / 24
    assert p.dispatch["grid_import_kw"].max() == pytest.approx(flat, rel=REL)
    assert p.dispatch["grid_import_kw"].min() == pytest.approx(flat, rel=REL)
    assert p.capacities["battery_kw"] == pytest.approx(150 - flat, rel=REL)


def test_cap_binds_with_positive_dual_and_exact_emissions():
    cf = np.clip(np.sin((HOURS - 6) / 12 * np.pi), 0, None)
    inputs = make_inputs(
        np.full(24, 1000.0),
        np.where((HOURS >= 8) & (HOURS < 22), 0.3, 0.09),
        pv_kw_per_kw=cf,
        technologies={"pv": {"capex_cny_per_kw": 3300}, "battery": {}},
        carbon={"reduction": 0.8},
    )
    p = plan(inputs)
    cap = 0.2 * p.summary["baseline_emissions_t"]
    assert p.summary["carbon_cap_t"] == pytest.approx(cap, rel=REL)
    assert p.summary["emissions_t"] == pytest.approx(cap, rel=1e-6)
    assert p.summary["abatement_cost_per_t"] > 0


def test_renewable_share_target_met_exactly_when_binding():
    cf = np.clip(np.sin((HOURS - 6) / 12 * np.pi), 0, None)
    inputs = make_inputs(
        np.full(24, 1000.0),
        0.09,
        pv_kw_per_kw=cf,
        technologies={"pv": {"capex_cny_per_kw": 3300}},
        carbon={"renewable_share": 0.25},
    )
    p = plan(inputs)
    assert p.summary["renewable_share"] == pytest.approx(0.25, rel=1e-6)
    assert p.summary["renewable_target_price_per_mwh"] > 0


# --- invariants on a richer week ----------------------------------------------------------


def week_inputs(**carbon):
    rng = np.random.default_rng(7)
    hours = np.arange(168)
    hod = hours % 24
    pv_cf = np.clip(np.sin((hod - 6) / 12 * np.pi), 0, None) * rng.uniform(0.4, 1.0, 168)
    wind_cf = np.clip(0.35 + 0.25 * np.sin(hours / 17) + rng.normal(0, 0.1, 168), 0, 1)
    load = 15000 + 8000 * ((hod >= 8) & (hod < 24))
    price = np.select(
        [(hod >= 14) & (hod < 22), (hod < 6) | ((hod >= 11) & (hod < 13))], [0.41, 0.15], 0.28
    )
    return make_inputs(
        load,
        price,
        pv_kw_per_kw=pv_cf,
        wind_kw_per_kw=wind_cf,
        export_price_per_kwh=0.2,
        technologies={
            "pv": {"capex_cny_per_kw": 3300, "max_kw": 40000},
            "wind": {"capex_cny_per_kw": 5800, "max_kw": 30000},
            "battery": {"self_discharge_per_hour": 0.001},
        },
        grid={"import_limit_kw": 30000, "export_limit_kw": 5000},
        tariff={"demand_charge_cny_per_kw_month": 48, "export_price_cny_per_kwh": 0.2},
        carbon=carbon,
    )


@pytest.fixture(scope="module")
def cap_sweep():
    """The uncapped plan, then caps at 90 % down to 30 % of its emissions (all binding)."""
    base = plan(week_inputs())
    free = base.summary["emissions_t"]
    plans = [base] + [plan(week_inputs(cap_t=f * free)) for f in (0.9, 0.7, 0.5, 0.3)]
    return free, plans


def test_invariants_hold_on_every_plan(cap_sweep):
    _, plans = cap_sweep
    for p in plans:
        s, d = p.summary, p.dispatch
        assert s["audit"]["balance_residual_kw"] < BALANCE_TOL_KW
        assert s["audit"]["soc_residual_kwh"] < SOC_TOL_KWH
        assert s["audit"]["objective_rel_gap"] < 1e-9
        parts = s["cost"]
        total = (
            parts["capex_annual"]
            + parts["fixed_om"]
            + parts["grid_import"]
            + parts["demand_charge"]
        ) - parts["export_revenue"]
        assert parts["total_annual"] == pytest.approx(total, rel=1e-12)
        if s["carbon_cap_t"] is not None:
            assert s["emissions_t"] <= s["carbon_cap_t"] * (1 + 1e-9)
        assert (d["grid_import_kw"] <= 30000 + 1e-6).all()
        assert (d["grid_export_kw"] <= 5000 + 1e-6).all()
        assert (d["battery_soc_kwh"] <= 0.95 * p.capacities["battery_kwh"] + 1e-6).all()
        assert (d["battery_soc_kwh"] >= 0.05 * p.capacities["battery_kwh"] - 1e-6).all()
        assert (d[["pv_curtailed_kw", "wind_curtailed_kw"]] >= -1e-6).all().all()
        dual = s["abatement_cost_per_t"]
        assert dual is None or dual >= 0


def test_cost_never_falls_as_cap_tightens(cap_sweep):
    _, plans = cap_sweep
    costs = [p.summary["cost"]["total_annual"] for p in plans]
    assert all(b >= a * (1 - 1e-9) for a, b in zip(costs, costs[1:], strict=False)), costs
    assert all(p.summary["abatement_cost_per_t"] is not None for p in plans[1:])
    duals = [p.summary["abatement_cost_per_t"] or 0.0 for p in plans]
    assert all(b >= a - 1e-6 for a, b in zip(duals, duals[1:], strict=False)), duals


def test_dual_is_the_marginal_cost_of_the_cap(cap_sweep):
    """Loosening a binding cap by 1 tCO2 lowers the cost by about the dual [CNY/tCO2]."""
    free, plans = cap_sweep
    tight = plans[3]
    assert tight.summary["abatement_cost_per_t"] is not None
    looser = plan(week_inputs(cap_t=0.5 * free + 1.0))
    saving = tight.summary["cost"]["total_annual"] - looser.summary["cost"]["total_annual"]
    assert saving == pytest.approx(tight.summary["abatement_cost_per_t"], rel=1e-3)


def test_infeasible_cap_names_the_reachable_emissions():
    inputs = week_inputs(cap_t=1.0)
    with pytest.raises(InfeasibleError) as err:
        plan(inputs)
    text = str(err.value)
    assert "cap 1 tCO2 is below the" in text and "reachable with" in text
    assert "pv max 40,000 kW" in text and "import limit 30,000 kW" in text
    reachable = float(text.split("below the ")[1].split(" tCO2")[0].replace(",", ""))
    assert reachable > 1.0 and math.isfinite(reachable)


def test_unmeetable_load_is_named():
    inputs = make_inputs(np.full(24, 1000.0), 0.5, grid={"import_limit_kw": 600})
    with pytest.raises(InfeasibleError, match="cannot be met in 24 hours"):
        plan(inputs)
