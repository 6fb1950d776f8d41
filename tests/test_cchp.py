"""CHP and cooling, hand-worked: a gas CHP against dear grid power, its heat-to-power ratio
binding, an electric chiller with a cold store, an absorption chiller on steam.

A 4-hour horizon stands for a year (each hour weighs 8760 / 4 h). Money in CNY.
"""

from __future__ import annotations

import numpy as np
import pytest

from parkopt import InfeasibleError
from parkopt.optimizer.inputs.synthetic import make_inputs
from parkopt.optimizer.planning.plan import plan

REL = 1e-6
TOL = 1e-6
W = 8760 / 4
KWH_PER_M3 = 38.931 / 3.6  # natural gas LHV (GB/T 2589)
GAS_PER_KWH = 2.0 / KWH_PER_M3  # CNY/kWh of gas at 2 CNY/m3
CRF20 = 0.06 * 1.06**20 / (1.06**20 - 1)


def heat(levels=(("hw", 80.0),)):
    return {
        "levels": [
            {"name": n, "temperature_c": t, "demand": {"annual_mwh": 1.0}} for n, t in levels
        ],
        "gas": {"price_cny_per_m3": 2.0},
    }


def chp(**more):
    base = {"level": "hw", "capex_cny_per_kw": 0.0, "fixed_om_fraction_per_year": 0.0}
    base.update(electrical_efficiency=0.4, thermal_efficiency=0.4, **more)
    return base


def check(p):
    audit = p.summary["audit"]
    assert p.summary["status"] == "optimal"
    for key, value in audit.items():
        if key.endswith("_residual_kw") or key.endswith("_residual_kwh"):
            assert value < TOL, key
    return p


def test_chp_runs_against_dear_grid_power_and_serves_the_heat():
    """Load 100 kW, heat 100 kW_th; power 1.5 CNY/kWh, gas 2 CNY/m3 = 0.18494 CNY/kWh.
    A free CHP (eta_e = eta_th = 0.4) making 100 kW_e gives 100 kW_th, burning 250 kW of gas:
    46.24 CNY/h against 150 (power) + 100/0.9 x 0.18494 (a 0.9 boiler: 20.55) CNY/h. So the CHP
    is sized at 100 kW_e and covers both; cost = 4 x W x 250 x 0.18494."""
    p = check(
        plan(
            make_inputs(
                np.full(4, 100.0),
                1.5,
                heat=heat(),
                heat_demand_kw={"hw": 100.0},
                technologies={
                    "chp": chp(),
                    "gas_boiler": {"capex_cny_per_kw": 0.0, "efficiency_fraction": 0.9},
                },
            )
        )
    )
    assert p.capacities["chp_kw"] == pytest.approx(100.0, rel=REL)
    assert p.dispatch["chp_heat_kw"].to_numpy() == pytest.approx(np.full(4, 100.0), rel=REL)
    assert p.dispatch["chp_gas_kw"].to_numpy() == pytest.approx(np.full(4, 250.0), rel=REL)
    assert p.dispatch["grid_import_kw"].to_numpy() == pytest.approx(np.zeros(4), abs=1e-6)
    assert p.summary["cost"]["total_annual"] == pytest.approx(4 * W * 250 * GAS_PER_KWH, rel=REL)
    # its power is local but not green
    assert p.summary["renewable_share"] == pytest.approx(0.0, abs=1e-9)
    assert p.summary["hourly_matched_share"] == pytest.approx(0.0, abs=1e-9)


def test_the_heat_to_power_ratio_binds_and_a_bounded_ratio_relaxes_it():
    """Load 100 kW, heat 40 kW_th, no boiler: with a fixed ratio of 1 the CHP may give at most
    40 kW_e (its heat has nowhere else to go); the grid buys 60 kW at 1.5. Cost by hand:
    W x 4 x (40/0.4 x 0.18494 + 60 x 1.5). With the ratio between 0.4 and 1, the CHP runs at
    0.4 (100 kW_e, 40 kW_th, gas 250 kW) and the grid buys nothing."""

    def run(**more):
        inputs = make_inputs(
            np.full(4, 100.0),
            1.5,
            heat=heat(),
            heat_demand_kw={"hw": 40.0},
            technologies={"chp": chp(**more)},
        )
        return check(plan(inputs))

    fixed = run()
    assert fixed.capacities["chp_kw"] == pytest.approx(40.0, rel=REL)
    by_hand = W * 4 * (100 * GAS_PER_KWH + 60 * 1.5)
    assert fixed.summary["cost"]["total_annual"] == pytest.approx(by_hand, rel=REL)
    bounded = run(min_heat_to_power=0.4, max_heat_to_power=1.0)
    assert bounded.capacities["chp_kw"] == pytest.approx(100.0, rel=REL)
    assert bounded.dispatch["chp_heat_kw"].to_numpy() == pytest.approx(np.full(4, 40.0), rel=REL)
    by_hand = W * 4 * 250 * GAS_PER_KWH
    assert bounded.summary["cost"]["total_annual"] == pytest.approx(by_hand, rel=REL)


def test_chp_capex_is_paid_by_the_kw_e():
    """A CHP at 3000 CNY/kW_e, 20 years at 6 %, no O&M: its annual cost per kW_e is
    3000 x CRF; with the first case's figures it still wins (saving 150 + 20.55 - 46.24 CNY/h
    x W x 4 per 100 kW_e >> 3000 x 0.0872 x 100): size 100 kW_e, cost adds 100 x 3000 x CRF."""
    p = check(
        plan(
            make_inputs(
                np.full(4, 100.0),
                1.5,
                heat=heat(),
                heat_demand_kw={"hw": 100.0},
                technologies={"chp": chp(capex_cny_per_kw=3000.0)},
            )
        )
    )
    assert p.capacities["chp_kw"] == pytest.approx(100.0, rel=REL)
    by_hand = 4 * W * 250 * GAS_PER_KWH + 100 * 3000 * CRF20
    assert p.summary["cost"]["total_annual"] == pytest.approx(by_hand, rel=REL)


def test_electric_chiller_cop_and_cold_store_shift_into_cheap_hours():
    """Cooling 100 kW_c in every hour; the chiller's COP is 4 (its curve, flat); power 0.2 in
    hours 0-1, 1.0 in hours 2-3. A free cold store (lossless, efficiencies 1) lets a chiller
    at 1 CNY/kW_c (20 years, O&M 3 %) make all 400 kWh_c in the two cheap hours: chiller
    200 kW_c; electricity 2 x 50 kW at 0.2 (load 0). Cost = W x 2 x 50 x 0.2 + 200 x 1 x
    (CRF + 0.03)."""
    inputs = make_inputs(
        np.zeros(4),
        np.array([0.2, 0.2, 1.0, 1.0]),
        cooling={"demand": {"annual_mwh": 1.0}},
        cooling_demand_kw=100.0,
        technologies={
            "chiller": {
                "capex_cny_per_kw": 1.0,
                "cop_curve": {"air_temperature_c": [0.0, 40.0], "cop": [4.0, 4.0]},
            },
            "cold_storage": {
                "energy_capex_cny_per_kwh": 0.0,
                "power_capex_cny_per_kw": 0.0,
                "loss_per_hour": 0.0,
                "charge_efficiency": 1.0,
                "discharge_efficiency": 1.0,
                "max_duration_h": 4.0,
            },
        },
    )
    p = check(plan(inputs))
    d = p.dispatch
    assert d["chiller_cooling_kw"].to_numpy() == pytest.approx([200, 200, 0, 0], abs=1e-6)
    assert d["chiller_electricity_kw"].to_numpy() == pytest.approx([50, 50, 0, 0], abs=1e-6)
    by_hand = W * 2 * 50 * 0.2 + 200 * (CRF20 + 0.03)
    assert p.capacities["chiller_kw"] == pytest.approx(200.0, rel=REL)
    assert p.summary["cost"]["total_annual"] == pytest.approx(by_hand, rel=REL)
    assert p.summary["energy_mwh"]["load"] == pytest.approx(0.0)


def test_chiller_carnot_cop_from_the_air_temperature():
    """COP = 0.45 x (7 + 273.15) / (35 + 8 - 7) = 3.50188 at 35 degC air."""
    from parkopt.optimizer.schema.cchp_specs import ElectricChiller

    cop = ElectricChiller(capex_cny_per_kw=1.0).cop(np.array([35.0]))
    assert cop[0] == pytest.approx(0.45 * 280.15 / 36.0, rel=1e-12)


def test_absorption_chiller_on_steam_and_not_on_warm_water():
    """Cooling 70 kW_c, an absorption chiller (COP 0.7, drive >= 80 degC) on a 150 degC steam
    level served by a free gas boiler (efficiency 1.0): steam 100 kW_th, gas 100 kW.
    Load 100 kW at 1.0 CNY/kWh. Cost = W x 4 x (100 x 0.18494 + 100). On a 60 degC level
    it cannot run: no mode, infeasible."""

    def inputs(temperature):
        return make_inputs(
            np.full(4, 100.0),
            1.0,
            heat=heat((("steam", temperature),)),
            heat_demand_kw={"steam": 0.0},
            cooling={"demand": {"annual_mwh": 1.0}},
            cooling_demand_kw=70.0,
            technologies={
                "absorption_chiller": {"level": "steam", "capex_cny_per_kw": 0.0},
                "gas_boiler": {"capex_cny_per_kw": 0.0, "efficiency_fraction": 1.0},
            },
        )

    p = check(plan(inputs(150.0)))
    assert p.dispatch["absorption_chiller_heat_kw"].to_numpy() == pytest.approx(np.full(4, 100.0))
    assert p.summary["cost"]["total_annual"] == pytest.approx(
        W * 4 * (100 * GAS_PER_KWH + 100), rel=REL
    )
    with pytest.raises(InfeasibleError, match="cooling needs 70 kW_c"):
        plan(inputs(60.0))
