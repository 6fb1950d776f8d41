"""The economics block: cash flow, NPV, IRR, paybacks, replacements and abatement costs,
each against figures worked by hand."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from parkopt.models import finance
from parkopt.models.errors import InputDataError
from parkopt.optimizer.accounts import economics
from parkopt.optimizer.accounts.economics import FLOW_COLUMNS, Project, cash_flow_table
from parkopt.optimizer.common.errors import ScenarioError
from parkopt.optimizer.inputs.synthetic import make_inputs
from parkopt.optimizer.planning.plan import plan
from parkopt.optimizer.schema.scenario import Finance

HOURS = np.arange(24)
R = 0.06


def tiny(**more) -> Project:
    """Invest 100 in year 0; the park today pays 80 a year, the plan 20: it saves 60 a year
    for 2 years at 6 %."""
    base = dict(
        investment={"pv": 100.0},
        life_years={"pv": 2.0},
        om={"pv": 0.0},
        bills={"grid_energy_cny": 20.0},
        export_revenue=0.0,
        baseline_bills=80.0,
        project_life_years=2,
        discount_rate=R,
    )
    return Project(**{**base, **more})


def test_two_year_cash_flow_npv_irr_payback_by_hand():
    table = cash_flow_table(tiny())
    assert table["year"].tolist() == [0, 1, 2]
    assert table["investment_cny"].tolist() == [-100.0, 0.0, 0.0]
    assert table["grid_energy_cny"].tolist() == [0.0, -20.0, -20.0]
    assert table["baseline_bills_cny"].tolist() == [0.0, 80.0, 80.0]
    assert table["savings_cny"].tolist() == [0.0, 60.0, 60.0]
    assert table["net_cash_flow_cny"].tolist() == [-100.0, 60.0, 60.0]
    assert table["residual_value_cny"].tolist() == [0.0, 0.0, 0.0]  # life = project life
    npv = -100 + 60 / 1.06 + 60 / 1.06**2  # 10.0036
    f = economics.figures(tiny())
    assert f["npv"] == pytest.approx(npv, abs=1e-9)
    assert f["npv"] == pytest.approx(10.0036, abs=1e-4)
    # IRR: 60 v^2 + 60 v - 100 = 0 with v = 1 / (1 + irr)
    v = (-60 + math.sqrt(60**2 + 4 * 60 * 100)) / (2 * 60)
    assert f["irr"] == pytest.approx(1 / v - 1, abs=1e-10)
    assert f["irr"] == pytest.approx(0.130662, abs=1e-6)
    # cumulative -100, -40, +20: 1 year + 40/60 of the second
    assert f["simple_payback_years"] == pytest.approx(1 + 40 / 60, abs=1e-12)
    # discounted cumulative -100, -43.396, +10.004: 1 + 43.396 / 53.400
    d1, d2 = 60 / 1.06, 60 / 1.06**2
    assert f["discounted_payback_years"] == pytest.approx(1 + (100 - d1) / d2, abs=1e-12)
    assert f["annual_savings"] == 60.0
    assert f["investment"] == {"pv": 100.0, "total": 100.0}


def test_irr_and_payback_none_without_a_sign_change():
    assert finance.irr([10.0, 10.0, 10.0]) is None  # never negative
    assert finance.irr([-100.0, 10.0, 10.0, 0.0]) is not None  # negative IRR still a root
    assert finance.irr([-100.0, -10.0]) is None  # never positive
    assert finance.irr([0.0, 0.0]) is None
    assert finance.payback_years([-100.0, 10.0, 10.0]) is None  # never paid back
    assert finance.payback_years([0.0, 10.0]) == 0.0  # nothing to pay back
    # paid back after 1.5 years, then below 0 again (a replacement), back after year 3
    assert finance.payback_years([-100.0, 60.0, 60.0, -50.0, 100.0]) == pytest.approx(
        3 + 30 / 100, abs=1e-12
    )


def test_negative_irr_by_hand():
    # -100 + 90 / (1 + x) = 0 -> x = -0.1
    assert finance.irr([-100.0, 90.0]) == pytest.approx(-0.1, abs=1e-10)


def test_purchase_schedule_battery_once_pv_never():
    assert finance.purchase_schedule(15, 25) == ([0, 15], pytest.approx(5 / 15))
    assert finance.purchase_schedule(25, 25) == ([0], 0.0)
    assert finance.purchase_schedule(10, 25) == ([0, 10, 20], pytest.approx(5 / 10))
    assert finance.purchase_schedule(30, 25) == ([0], pytest.approx(5 / 30))
    with pytest.raises(InputDataError):
        finance.purchase_schedule(0, 25)


def test_battery_replaced_once_in_25_years_pv_never():
    p = Project(
        investment={"pv": 2000.0, "battery": 1500.0},
        life_years={"pv": 25.0, "battery": 15.0},
        om={"pv": 20.0, "battery": 30.0},
        bills={},
        export_revenue=0.0,
        baseline_bills=0.0,
        project_life_years=25,
    )
    t = cash_flow_table(p)
    assert len(t) == 26
    expected_investment = np.zeros(26)
    expected_investment[0] = -3500.0
    np.testing.assert_array_equal(t["investment_cny"], expected_investment)
    expected_replacements = np.zeros(26)
    expected_replacements[15] = -1500.0  # the battery, bought again in year 15; PV never
    np.testing.assert_array_equal(t["replacements_cny"], expected_replacements)
    expected_residual = np.zeros(26)
    expected_residual[25] = 1500.0 * 5 / 15  # 5 of the second battery's 15 years left
    np.testing.assert_allclose(t["residual_value_cny"], expected_residual, atol=1e-12)
    assert t["om_cny"].tolist() == [0.0] + [-50.0] * 25


def test_escalation_and_pv_degradation_by_hand():
    p = tiny(
        project_life_years=3,
        life_years={"pv": 3.0},
        pv_kwh=1000.0,
        import_price_per_kwh=0.5,
        escalation_per_year=0.02,
        pv_degradation_per_year=0.1,
    )
    year3 = cash_flow_table(p).loc[3]
    grow = 1.02**2  # prices of year 3 against year 1
    lost = 1000.0 * (1 - 0.9**2)  # 190 kWh of PV lost by year 3
    assert year3["grid_energy_cny"] == pytest.approx(-20.0 * grow, abs=1e-12)
    assert year3["baseline_bills_cny"] == pytest.approx(80.0 * grow, abs=1e-12)
    assert year3["pv_degradation_import_cny"] == pytest.approx(-lost * 0.5 * grow, abs=1e-12)
    assert year3["savings_cny"] == pytest.approx(60.0 * grow - lost * 0.5 * grow, abs=1e-12)
    year1 = cash_flow_table(p).loc[1]
    assert year1["pv_degradation_import_cny"] == 0.0  # year 1: full output, today's prices
    assert year1["savings_cny"] == 60.0


def saving_plan(**finance_section):
    """A day of 100 kW load, a dear evening (1.0 CNY/kWh; 0.4 before 08:00), PV giving
    0.8 kW/kW from 06:00 to 18:00 and a battery: PV and the battery pay for themselves."""
    cf = np.where((HOURS >= 6) & (HOURS < 18), 0.8, 0.0)
    inputs = make_inputs(
        np.full(24, 100.0),
        np.where(HOURS < 8, 0.4, 1.0),
        pv_kw_per_kw=cf,
        technologies={"pv": {"capex_cny_per_kw": 3000}, "battery": {}},
        tariff={"demand_charge_cny_per_kw_month": 30},
        finance=finance_section,
    )
    return inputs, plan(inputs)


@pytest.fixture(scope="module")
def saving():
    inputs, p = saving_plan(pv_degradation_per_year=0.0)
    block = economics.economics_block(inputs, p.capacities, p.summary["cost"], p.summary)
    return inputs, p, block


def test_average_abatement_cost_is_negative_when_the_plan_saves(saving):
    _, p, block = saving
    s = p.summary
    assert p.capacities["pv_kw"] > 0 and p.capacities["battery_kwh"] > 0
    expected = (s["cost"]["total_annual"] - s["baseline_cost"]) / (
        s["baseline_emissions_t"] - s["emissions_t"]
    )
    assert s["emissions_market_t"] == s["emissions_t"]  # no green purchases
    assert block["abatement_cost_average_per_t"] < 0
    assert block["abatement_cost_average_per_t"] == pytest.approx(expected, rel=1e-9, abs=1e-9)
    assert block["abatement_cost_marginal_per_t"] == s["abatement_cost_per_t"]


def test_average_abatement_cost_by_hand_and_none_when_nothing_avoided():
    # a plan costing 1,000 a year more than today that avoids 50 t: 20 per tonne
    assert economics.average_abatement_cost(11_000.0, 10_000.0, 50.0, 100.0) == 20.0
    assert economics.average_abatement_cost(9_000.0, 10_000.0, 50.0, 100.0) == -20.0
    assert economics.average_abatement_cost(9_000.0, 10_000.0, 100.0, 100.0) is None
    assert economics.average_abatement_cost(9_000.0, 10_000.0, 120.0, 100.0) is None


def test_investment_sums_and_npv_is_the_discounted_columns(saving):
    inputs, p, block = saving
    inv = block["investment"]
    parts = {k: v for k, v in inv.items() if k != "total"}
    assert sum(parts.values()) == pytest.approx(inv["total"], rel=1e-12)
    capex = {k: e.capex_per_unit for k, e in inputs.economics.items()}
    assert inv["pv"] == pytest.approx(capex["pv_kw"] * p.capacities["pv_kw"], rel=1e-12)
    assert inv["battery"] == pytest.approx(
        capex["battery_kw"] * p.capacities["battery_kw"]
        + capex["battery_kwh"] * p.capacities["battery_kwh"],
        rel=1e-12,
    )
    rows = block["cash_flow"]
    assert [r["year"] for r in rows] == list(range(26))
    discounted = sum(r[c] * r["discount_factor"] for r in rows for c in FLOW_COLUMNS)
    assert block["npv"] == pytest.approx(discounted, rel=1e-12)
    assert block["npv"] == pytest.approx(rows[-1]["cumulative_discounted_cash_flow_cny"], rel=1e-12)
    assert rows[0]["investment_cny"] == -inv["total"]
    assert block["purchases"]["battery"] == {"years": [0, 15], "residual_share": 1 / 3}
    assert block["purchases"]["pv"] == {"years": [0], "residual_share": 0.0}
    om = economics.om_by_technology(inputs, p.capacities)
    assert sum(om.values()) == pytest.approx(p.summary["cost"]["fixed_om"], rel=1e-12)


def test_first_year_savings_are_baseline_less_plan_operating_cost(saving):
    _, p, block = saving
    cost = p.summary["cost"]
    expected = p.summary["baseline_cost"] - (cost["total_annual"] - cost["capex_annual"])
    assert block["annual_savings"] == pytest.approx(expected, rel=1e-12)
    for row in block["cash_flow"][1:]:  # no escalation, no degradation: every year alike
        assert row["savings_cny"] == pytest.approx(expected, rel=1e-12)


def test_npv_equals_the_annualised_saving_when_lives_equal_the_project():
    """Every life = project life, no escalation or degradation: the NPV is (baseline cost -
    plan annual cost) x the annuity factor, since crf x annuity factor = 1."""
    cf = np.where((HOURS >= 6) & (HOURS < 18), 0.8, 0.0)
    inputs = make_inputs(
        np.full(24, 100.0),
        1.0,
        pv_kw_per_kw=cf,
        technologies={"pv": {"capex_cny_per_kw": 3000, "life_years": 20}},
        finance={"project_life_years": 20, "pv_degradation_per_year": 0.0},
    )
    p = plan(inputs)
    block = economics.economics_block(inputs, p.capacities, p.summary["cost"], p.summary)
    annuity = (1 - 1.06**-20) / 0.06
    expected = (p.summary["baseline_cost"] - p.summary["cost"]["total_annual"]) * annuity
    assert p.capacities["pv_kw"] > 0
    assert block["npv"] == pytest.approx(expected, rel=1e-9)


def test_block_is_json_with_units_in_its_column_names(saving):
    _, _, block = saving
    json.dumps(block, allow_nan=False)
    for key in (
        "investment",
        "annual_savings",
        "npv",
        "irr",
        "simple_payback_years",
        "discounted_payback_years",
        "abatement_cost_average_per_t",
        "abatement_cost_marginal_per_t",
        "project_life_years",
        "cash_flow",
        "notes",
    ):
        assert key in block
    for column in block["cash_flow"][0]:
        assert column in ("year", "discount_factor") or column.endswith("_cny")
    assert block["irr"] is not None and block["irr"] > R  # it pays: IRR above the rate
    assert block["npv"] > 0
    assert 0 < block["simple_payback_years"] < block["discounted_payback_years"] < 25
    assert all(isinstance(n, str) and n for n in block["notes"])


def test_finance_defaults():
    f = Finance()
    assert f.project_life_years == 25
    assert f.energy_price_escalation_per_year == 0.0
    assert f.pv_degradation_per_year == 0.005
    assert f.ownership_price_cny_per_kwh == {}


def test_default_pv_degradation_buys_lost_kwh_at_the_average_import_price():
    inputs, p = saving_plan()  # default degradation 0.005 a year
    block = economics.economics_block(inputs, p.capacities, p.summary["cost"], p.summary)
    pv_kwh = p.summary["energy_mwh"]["pv"] * 1000
    price = economics.import_price_per_kwh(inputs, p.summary["cost"], p.summary)
    row = block["cash_flow"][11]
    assert row["pv_degradation_import_cny"] == pytest.approx(
        -pv_kwh * (1 - 0.995**10) * price, rel=1e-12
    )


def test_pv_contracted_from_a_third_party():
    inputs, p = saving_plan(pv_degradation_per_year=0.0, ownership_price_cny_per_kwh={"pv": 0.3})
    block = economics.economics_block(inputs, p.capacities, p.summary["cost"], p.summary)
    c = block["contracted"]
    assert "pv" not in c["investment"] and "pv" in block["investment"]
    assert c["investment"]["total"] == pytest.approx(block["investment"]["battery"], rel=1e-12)
    pv_kwh = p.summary["energy_mwh"]["pv"] * 1000
    assert c["cash_flow"][1]["contracted_energy_cny"] == pytest.approx(-0.3 * pv_kwh, rel=1e-12)
    pv_om = economics.om_by_technology(inputs, p.capacities)["pv"]
    # owning PV costs its O&M; contracting it costs 0.3 per kWh delivered instead
    assert c["annual_savings"] == pytest.approx(
        block["annual_savings"] + pv_om - 0.3 * pv_kwh, rel=1e-12
    )
    assert c["npv_gain_over_owning"] == pytest.approx(c["npv"] - block["npv"], rel=1e-12)


def test_negative_contract_price_is_an_input_error():
    with pytest.raises(ScenarioError, match="ownership_price_cny_per_kwh.pv = -0.1"):
        saving_plan(ownership_price_cny_per_kwh={"pv": -0.1})
