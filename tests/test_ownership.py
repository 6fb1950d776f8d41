"""Ownership (``finance.ownership``): a third party builds PV, wind or storage and the park
pays per kWh delivered; the LP sizes what the park would contract for.

Hand-solved days: a flat load L = 100 kW, a grid price of 0.8 CNY/kWh, PV giving c = 0.5
kW/kW in the 12 hours from 06:00 and nothing at night.
"""

from __future__ import annotations

import numpy as np
import pytest

from parkopt.optimizer.accounts.kpis import BALANCE_TOL_KW
from parkopt.optimizer.common.errors import ScenarioError
from parkopt.optimizer.inputs.synthetic import BASE, make_inputs
from parkopt.optimizer.lp import ModelCache
from parkopt.optimizer.planning.plan import plan
from parkopt.optimizer.schema.scenario import scenario_from_dict
from parkopt.optimizer.study import structure_key

REL = 1e-6  # the LP's optimum and the KPIs agree to this
HOURS = 48
hour = np.arange(HOURS) % 24
DAY = (hour >= 6) & (hour < 18)
LOAD, GRID_PRICE, CF = 100.0, 0.8, 0.5
PV_CF = np.where(DAY, CF, 0.0)
DAY_HOURS_PER_YEAR = 12 * 365  # [h]
# PV so dear the park would never build it: only a contract brings it in
DEAR_PV = {"capex_cny_per_kw": 1e6}


def pv_plan(ownership: str, price: float, pv: dict = DEAR_PV):
    inputs = make_inputs(
        np.full(HOURS, LOAD),
        GRID_PRICE,
        pv_kw_per_kw=PV_CF,
        technologies={"pv": pv},
        finance={"ownership": ownership, "ownership_price_cny_per_kwh": {"pv": price}},
    )
    return plan(inputs, whole_turbines=False)


def test_pv_contracted_up_to_the_load_when_cheaper_than_the_grid():
    p = 0.4
    result = pv_plan("contract", p)
    # PV covers the load in daylight: cap = L / c = 200 kW, the smallest size that does
    assert result.capacities["pv_kw"] == pytest.approx(LOAD / CF, rel=REL)
    cost = result.summary["cost"]
    used_kwh = LOAD * DAY_HOURS_PER_YEAR  # 438,000 kWh
    grid_kwh = LOAD * (8760 - DAY_HOURS_PER_YEAR)  # the nights
    assert cost["contract_payments"] == pytest.approx(p * used_kwh, rel=REL)  # 175,200
    assert cost["grid_import"] == pytest.approx(GRID_PRICE * grid_kwh, rel=REL)  # 350,400
    assert cost["total_annual"] == pytest.approx(525_600.0, rel=REL)
    assert cost["capex_annual"] == 0.0 and cost["fixed_om"] == 0.0
    econ = result.summary["economics"]
    assert "pv" not in econ["investment"] and econ["investment"]["total"] == 0.0
    assert econ["cash_flow"][1]["contracted_energy_cny"] == pytest.approx(-p * used_kwh, rel=REL)


def test_no_pv_contracted_above_the_grid_price():
    result = pv_plan("contract", 0.9)
    assert result.capacities["pv_kw"] == pytest.approx(0.0, abs=1e-6)
    cost = result.summary["cost"]
    assert cost["contract_payments"] == pytest.approx(0.0, abs=1e-6)
    assert cost["total_annual"] == pytest.approx(GRID_PRICE * LOAD * 8760, rel=REL)


def _parts_sum(cost: dict) -> float:
    paid = sum(
        v
        for k, v in cost.items()
        if k not in ("total_annual", "operating_annual", "export_revenue")
    )
    return paid - cost["export_revenue"]


@pytest.mark.parametrize("free_disposal", [True, False])
def test_cost_is_its_parts_and_the_objective_with_contracts(free_disposal):
    """Contracted PV and battery beside self-owned wind, on a time-of-use day with a cap."""
    inputs = make_inputs(
        np.full(HOURS, LOAD),
        np.where((hour >= 8) & (hour < 20), 1.0, 0.2),
        pv_kw_per_kw=PV_CF,
        wind_kw_per_kw=0.3 + 0.2 * np.cos(np.arange(HOURS) / 5.0),
        technologies={"pv": {"max_kw": 400}, "wind": {"max_kw": 100}, "battery": {}},
        finance={
            "ownership": "contract",
            "ownership_price_cny_per_kwh": {"pv": 0.3, "battery": 0.1},
        },
        carbon={"reduction": 0.7},
        solver={"free_disposal": free_disposal},
    )
    s = plan(inputs, whole_turbines=False).summary
    cost = s["cost"]
    assert cost["contract_payments"] > 0
    assert _parts_sum(cost) == pytest.approx(cost["total_annual"], rel=1e-9)
    assert s["audit"]["objective_rel_gap"] < REL
    assert s["audit"]["balance_residual_kw"] < BALANCE_TOL_KW
    e = s["energy_mwh"]
    paid = (0.3 * e["pv"] + 0.1 * e["battery_discharge"]) * 1000
    assert cost["contract_payments"] == pytest.approx(paid, rel=1e-9)


def test_battery_contract_by_hand():
    """Price 1.0 CNY/kWh for 12 h, 0.2 for 12 h; a lossless battery at 0.3 CNY/kWh
    discharged carries the whole peak: each day 1,200 kWh at 0.2 + 0.3 = 0.5 CNY/kWh and
    1,200 kWh of night load at 0.2."""
    inputs = make_inputs(
        np.full(HOURS, LOAD),
        np.where((hour >= 8) & (hour < 20), 1.0, 0.2),
        technologies={"battery": {"round_trip_efficiency": 1.0, "self_discharge_per_hour": 0.0}},
        finance={"ownership": "contract", "ownership_price_cny_per_kwh": {"battery": 0.3}},
    )
    cost = plan(inputs, whole_turbines=False).summary["cost"]
    assert cost["contract_payments"] == pytest.approx(0.3 * 1200 * 365, rel=REL)
    assert cost["total_annual"] == pytest.approx((240 + 240 + 360) * 365, rel=REL)


def test_both_gives_both_views_and_self_is_the_plain_plan():
    both = pv_plan("both", 0.4, pv={"capex_cny_per_kw": 2500})
    plain = pv_plan("self", 0.4, pv={"capex_cny_per_kw": 2500})
    block = both.summary["ownership"]
    own, contract = block["self"], block["contract"]
    s = plain.summary
    assert own["capacities"] == pytest.approx(s["capacity"], rel=REL)
    assert own["total_annual"] == pytest.approx(s["cost"]["total_annual"], rel=REL)
    assert own["investment_total"] == pytest.approx(s["economics"]["investment"]["total"])
    assert own["npv"] == pytest.approx(s["economics"]["npv"], rel=REL)
    assert contract["investment_total"] == 0.0
    assert contract["total_annual"] == pytest.approx(525_600.0, rel=REL)
    assert contract["contract_payments"] == pytest.approx(0.4 * LOAD * DAY_HOURS_PER_YEAR)
    assert "Contracting (pv at 0.4 CNY/kWh)" in block["sentence"]
    # the primary plan of both is the self-owned one, with the economics-only re-pricing
    assert both.summary["cost"] == pytest.approx(s["cost"], rel=REL)
    assert "contracted" in both.summary["economics"]


def test_contract_without_prices_is_a_one_line_error():
    data = {k: v for k, v in BASE.items() if k != "weather"}
    with pytest.raises(ScenarioError) as err:
        scenario_from_dict({**data, "finance": {"ownership": "contract"}})
    assert len(err.value.problems) == 1
    text = str(err.value)
    assert "\n" not in text
    assert "finance.ownership = 'contract'" in text
    assert "finance.ownership_price_cny_per_kwh" in text


def test_warm_resolve_takes_the_new_contract_price():
    """A study varying the contract price shares one built model (the set of contracted
    technologies is in the structure key; the prices are parameters)."""
    cache = ModelCache()
    runs = {}
    for price in (0.4, 0.9, 0.3):
        inputs = make_inputs(
            np.full(HOURS, LOAD),
            GRID_PRICE,
            pv_kw_per_kw=PV_CF,
            technologies={"pv": DEAR_PV},
            finance={"ownership": "contract", "ownership_price_cny_per_kwh": {"pv": price}},
        )
        key = structure_key(inputs.scenario)
        runs[price] = (key, plan(inputs, cache, key, whole_turbines=False))
    assert len({key for key, _ in runs.values()}) == 1
    assert runs[0.9][1].summary["warm_start"] and runs[0.3][1].summary["warm_start"]
    night = GRID_PRICE * LOAD * (8760 - DAY_HOURS_PER_YEAR)
    day_kwh = LOAD * DAY_HOURS_PER_YEAR
    assert runs[0.9][1].summary["cost"]["total_annual"] == pytest.approx(GRID_PRICE * LOAD * 8760)
    assert runs[0.3][1].summary["cost"]["total_annual"] == pytest.approx(night + 0.3 * day_kwh)
