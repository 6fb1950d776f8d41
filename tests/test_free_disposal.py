"""Free disposal (``lp/generation.py``) gives the exact formulation's answer.

The lean LP drops the generators' output variables and resource rows and lets the balance
be an inequality; while no import price is negative it must reach the same optimum. Each
case is solved both ways on a week of synthetic hours built to curtail (PV well above the
load at noon), and the objective, the capacities, the annual local energy used and the
curtailment must agree; the balance must close in every hour with curtailment counted.
"""

from __future__ import annotations

import numpy as np
import pytest

from parkopt.optimizer.inputs.synthetic import make_inputs
from parkopt.optimizer.planning.plan import plan

HOURS = 168
REL = 1e-6
hour = np.arange(HOURS) % 24
LOAD = 1000.0 + 400.0 * ((hour >= 8) & (hour < 20))
PV = np.clip(np.sin((hour - 6) / 12 * np.pi), 0.0, None) * 0.8
WIND = 0.25 + 0.2 * np.cos(np.arange(HOURS) / 17.0)
PRICE = np.where((hour >= 8) & (hour < 22), 1.0, 0.35)

CASES = {
    "cap, pv, wind, battery": dict(
        technologies={"pv": {"max_kw": 6000}, "wind": {"max_kw": 3000}, "battery": {}},
        carbon={"reduction": 0.6},
    ),
    "renewable share, green pool": dict(
        technologies={"pv": {"max_kw": 8000}, "battery": {"grid_charging": False}},
        carbon={"renewable_share": 0.5},
    ),
    "hourly matched, both pools": dict(
        technologies={"pv": {"max_kw": 8000}, "wind": {"max_kw": 4000}, "battery": {}},
        carbon={"hourly_matched_share": 0.55},
    ),
    "export at a price": dict(
        technologies={"pv": {"max_kw": 6000}, "battery": {}},
        grid={"export_limit_kw": 500},
        carbon={"reduction": 0.5},
        export_price_per_kwh=0.1,
    ),
    "demand charge": dict(
        technologies={"pv": {"max_kw": 6000}, "battery": {}},
        tariff={"demand_charge_cny_per_kw_month": 40},
        carbon={"reduction": 0.4},
    ),
}


def _both(case: dict):
    sections = dict(case)
    export_price = sections.pop("export_price_per_kwh", 0.0)
    out = []
    for lean in (True, False):
        inputs = make_inputs(
            LOAD,
            PRICE,
            pv_kw_per_kw=PV,
            wind_kw_per_kw=WIND,
            export_price_per_kwh=export_price,
            solver={"free_disposal": lean},
            **sections,
        )
        out.append(plan(inputs, whole_turbines=False))
    return out


@pytest.mark.parametrize("name", list(CASES))
def test_free_disposal_equals_exact(name):
    lean, exact = _both(CASES[name])
    assert lean.summary["objective"] == pytest.approx(exact.summary["objective"], rel=REL)
    for key, value in exact.capacities.items():
        assert lean.capacities[key] == pytest.approx(value, rel=1e-5, abs=1e-3), key
    d_lean, d_exact = lean.dispatch, exact.dispatch
    for col in ("pv_curtailed_kw", "wind_curtailed_kw", "pv_kw", "wind_kw"):
        assert d_lean[col].min() >= -1e-6
    # total curtailment and energy used are what the cost depends on: equal both ways
    # (which hour curtails is not unique, nor which of PV or wind)
    used = d_lean["pv_kw"].sum() + d_lean["wind_kw"].sum()
    assert used == pytest.approx(d_exact["pv_kw"].sum() + d_exact["wind_kw"].sum(), rel=1e-5)
    assert lean.summary["audit"]["balance_residual_kw"] < 1e-6


def test_curtailment_is_the_surplus_by_hand():
    """One hour, PV fixed by its minimum at 2,000 kW x cf 0.5 = 1,000 kW against a 400 kW
    load and no battery nor export: 600 kW curtailed, 400 kW used, nothing imported."""
    inputs = make_inputs(
        [400.0] * 24,
        1.0,
        pv_kw_per_kw=0.5,
        technologies={"pv": {"min_kw": 2000, "max_kw": 2000}},
    )
    p = plan(inputs, whole_turbines=False)
    d = p.dispatch
    assert d["pv_kw"].to_numpy() == pytest.approx(np.full(24, 400.0), abs=1e-6)
    assert d["pv_curtailed_kw"].to_numpy() == pytest.approx(np.full(24, 600.0), abs=1e-6)
    assert d["grid_import_kw"].to_numpy() == pytest.approx(np.zeros(24), abs=1e-6)


def test_negative_import_price_uses_the_exact_form():
    """With a negative price in one hour free disposal would import to throw away: the
    model falls back to the exact balance and imports only what is used."""
    price = np.full(24, 0.5)
    price[3] = -0.2
    inputs = make_inputs(np.full(24, 300.0), price, technologies={"battery": {}})
    p = plan(inputs, whole_turbines=False)
    balance = p.dispatch["grid_import_kw"] + p.dispatch["battery_discharge_kw"]
    balance -= p.dispatch["load_kw"] + p.dispatch["battery_charge_kw"]
    assert np.abs(balance.to_numpy()).max() < 1e-6
