"""Every run judged against the rules a park files against (``compliance``), the green
power supplied directly as a target, and a green-power direct-connection project's rows
(发改能源〔2025〕650号), on hand-solved 24-hour cases."""

from __future__ import annotations

import numpy as np
import pytest

from parkopt import InfeasibleError, plan
from parkopt.models.finance import capital_recovery_factor
from parkopt.optimizer.accounts import compliance
from parkopt.optimizer.inputs.synthetic import make_inputs
from parkopt.optimizer.outputs.compare import compare
from parkopt.optimizer.outputs.console import format_summary, format_table
from parkopt.optimizer.outputs.results import write_run
from parkopt.optimizer.report.facts import target_rows
from parkopt.optimizer.report.i18n import labels

HOURS = np.arange(24)
W_DAY = 365.0  # a 24-hour horizon stands for 365 days
SUN = np.where(HOURS < 12, 1.0, 0.0)  # PV gives 1 kW/kW for 12 hours a day
PV = {"capex_cny_per_kw": 3300, "life_years": 25, "fixed_om_fraction_per_year": 0.01}
PV_ANNUAL = 3300 * (capital_recovery_factor(0.06, 25) + 0.01)  # CNY per kW and year
REL = 1e-6


def rule(summary: dict, key: str) -> dict:
    return next(r for r in summary["compliance"]["rules"] if r["key"] == key)


def green_direct_day(share: float):
    """100 kW all day at 0.05 CNY/kWh with PV to build, and a green-direct share target."""
    return make_inputs(
        np.full(24, 100.0),
        0.05,
        pv_kw_per_kw=SUN,
        technologies={"pv": PV},
        carbon={"green_direct_share": share},
    )


def test_green_direct_share_target_by_hand():
    """100 kW all day at 0.05 CNY/kWh: PV (0.066 CNY/kWh) does not pay on its own. A
    green-direct share of 30 % of the 2,400 kWh a day needs 720 kWh of own PV used: 60 kW.
    Relaxing it saves the PV's cost per MWh less the grid energy it replaces."""
    inputs = green_direct_day(0.3)
    p = plan(inputs)
    assert p.capacities["pv_kw"] == pytest.approx(60.0, rel=REL)
    expected = PV_ANNUAL * 60 + (2400 - 720) * W_DAY * 0.05
    assert p.summary["cost"]["total_annual"] == pytest.approx(expected, rel=REL)
    r = rule(p.summary, "green_direct_share")
    assert r["value"] == pytest.approx(0.3, rel=REL)
    assert r["threshold"] == 0.3 and r["kind"] == "required" and r["target"]
    assert r["status"] == "pass"
    per_mwh = PV_ANNUAL / (12 * W_DAY / 1000) - 50.0  # CNY per MWh of direct green power
    assert r["shadow_price"] == pytest.approx(per_mwh, rel=1e-6)
    assert r["shadow_price_unit"] == "CNY/MWh"


def direct_connection_case(**gdc) -> dict:
    """PV pays even when exported (0.5 CNY/kWh against ~291 CNY per kW and year): without
    rules it fills its 1,000 kW limit."""
    return dict(
        load_kw=np.full(24, 100.0),
        price_per_kwh=1.0,
        pv_kw_per_kw=SUN,
        export_price_per_kwh=0.5,
        technologies={"pv": {**PV, "max_kw": 1000}},
        grid={"export_limit_kw": 5000},
        green_direct_connection=gdc,
    )


def test_direct_connection_rows_by_hand():
    """With 650号's rows: self-use (1,200 kWh a day, the load's 12 sunny hours) at least 60 %
    of the available 12 P, so P <= 166.67 kW; export at most 20 % of 12 P = 400 kWh a day,
    the rest of the surplus curtailed (more PV still pays through the export allowance it
    brings, 2.4 kWh a day per kW at 0.5 CNY). The import charge adds 0.1 CNY per kWh
    imported (1,200 kWh a day)."""
    case = direct_connection_case(import_charge_cny_per_kwh=0.1)
    p = plan(make_inputs(**case))
    pv = 1000.0 / 6.0
    assert p.capacities["pv_kw"] == pytest.approx(pv, rel=REL)
    e = p.summary["energy_mwh"]
    assert e["grid_export"] == pytest.approx(400 * W_DAY / 1000, rel=REL)
    assert e["curtailed"] == pytest.approx((12 * pv - 1200 - 400) * W_DAY / 1000, rel=REL)
    cost = p.summary["cost"]
    assert cost["grid_exchange_charges"] == pytest.approx(0.1 * 1200 * W_DAY, rel=REL)
    expected = PV_ANNUAL * pv + 1200 * W_DAY * (1.0 + 0.1) - 400 * W_DAY * 0.5
    assert cost["total_annual"] == pytest.approx(expected, rel=REL)
    parts = sum(
        v
        for k, v in cost.items()
        if k not in ("total_annual", "operating_annual", "export_revenue")
    )
    assert parts - cost["export_revenue"] == pytest.approx(cost["total_annual"], rel=1e-12)
    self_use = rule(p.summary, "gdc_self_use_of_available")
    export = rule(p.summary, "gdc_export_of_available")
    share = rule(p.summary, "gdc_consumption_share")
    assert self_use["value"] == pytest.approx(0.6, rel=REL) and self_use["status"] == "pass"
    assert export["value"] == pytest.approx(0.2, rel=REL) and export["status"] == "pass"
    assert share["value"] == pytest.approx(0.5, rel=REL) and share["threshold"] == 0.30
    assert self_use["shadow_price"] > 0 and export["shadow_price"] > 0
    assert share["shadow_price"] is None  # slack
    assert all(r["source"] == compliance.DIRECT_CONNECTION for r in (self_use, export, share))
    names = {b["name"] for b in p.summary["binding_limits"]}
    assert "green_direct_connection.export_max_fraction" in names
    assert "green_direct_connection.self_use_min_fraction" in names
    text = format_summary(p.summary)
    assert "export of available generation: 20.0% <= 20.0%: PASS" in text
    rows = {r["label"]: r for r in target_rows(p.summary, {}, labels("en"))}
    export_row = rows["Direct connection: export share of the available generation"]
    assert export_row["met"] is True and export_row["target"] == "≤ 20.0%"
    assert len(rows) == 3  # the report's targets: the project's three ratios


def test_without_the_rows_the_same_park_exports_freely():
    """The same park without a direct-connection section fills the PV limit, and its
    compliance block has no direct-connection rules (they apply only where one is on)."""
    case = direct_connection_case()
    case.pop("green_direct_connection")
    p = plan(make_inputs(**case))
    assert p.capacities["pv_kw"] == pytest.approx(1000.0, rel=REL)
    keys = [r["key"] for r in p.summary["compliance"]["rules"]]
    assert keys == ["tco2_per_tce", "clean_energy_share", "green_direct_share"]


def test_consumption_share_rises_to_35_percent_from_2030():
    case = direct_connection_case()
    p = plan(make_inputs(**case, park={"name": "p", "year": 2030}))
    assert rule(p.summary, "gdc_consumption_share")["threshold"] == 0.35


def test_unreachable_consumption_share_is_named():
    """PV limited to 20 kW gives at most 240 kWh of the 2,400 used a day (10 %)."""
    case = direct_connection_case(consumption_share_min_fraction=0.3)
    case["technologies"] = {"pv": {**PV, "max_kw": 20}}
    with pytest.raises(InfeasibleError, match=r"consumption_share_min_fraction 30.0% cannot be"):
        plan(make_inputs(**case))


@pytest.mark.parametrize(
    "energy, name, threshold",
    [(150_000, "below_200k", None), (200_000, "200k_to_1m", 0.2), (2e6, "above_1m", 0.3)],
)
def test_indicator_band_by_energy_use(energy, name, threshold):
    assert compliance.band(energy) == (name, threshold)


def test_green_purchase_flagged_with_the_indicator_without_it():
    """A park that meets its cap with certificates: the purchase, its share of imports and
    its cost are in the compliance block, and the indicator without them is worse."""
    inputs = make_inputs(
        np.full(24, 100.0),
        0.5,
        emission_factor_t_per_mwh=0.6,
        carbon={"cap_t": 300.0},
        green_purchase={"premium_cny_per_mwh": 50.0},
    )
    p = plan(inputs)
    gp = p.summary["compliance"]["green_purchase"]
    bought = (525.6 - 300.0) / 0.6
    assert gp["mwh"] == pytest.approx(bought, rel=1e-9)
    assert gp["share_of_grid_import"] == pytest.approx(bought / 876.0, rel=1e-9)
    assert gp["cost_cny_per_year"] == pytest.approx(50.0 * bought, rel=1e-9)
    ind = rule(p.summary, "tco2_per_tce")["value"]
    # the indicator counts grid power at 0.8325 t/MWh and 0.30 kgce/kWh: 2.775 without
    assert gp["tco2_per_tce_without"] == pytest.approx(0.8325 / 0.30, rel=1e-9)
    assert ind == pytest.approx(0.8325 * (876 - bought) / (876 * 0.30), rel=1e-9)
    bought_rows = {row["key"]: row for row in p.summary["purchases"]}
    assert bought_rows["green_purchase"]["mwh"] == pytest.approx(bought, rel=1e-9)
    assert bought_rows["grid_electricity"]["mwh"] == pytest.approx(876.0, rel=1e-9)


def test_provincial_threshold_applies_below_200k():
    inputs = make_inputs(np.full(24, 100.0), 0.5, indicator={"threshold_tco2_per_tce": 3.0})
    r = rule(plan(inputs).summary, "tco2_per_tce")
    assert r["threshold"] == 3.0 and r["status"] == "pass"
    assert "indicator.threshold_tco2_per_tce" in r["note"]


def test_no_national_threshold_below_200k_is_said():
    """A 876 MWh park uses 263 tce a year: the notice sets no threshold, and the rule, the
    console and the note say so instead of passing or failing it."""
    p = plan(make_inputs(np.full(24, 100.0), 0.5))
    r = rule(p.summary, "tco2_per_tce")
    assert r["threshold"] is None and r["status"] == "no_threshold"
    assert p.summary["compliance"]["band"] == "below_200k"
    assert p.summary["compliance"]["energy_tce"] == pytest.approx(876 * 0.30, rel=1e-9)
    assert "below 200,000 tce/year" in r["note"]
    assert "Indicator: 2.775 tCO2/tce: no threshold" in format_summary(p.summary)
    assert "650号" not in format_summary(p.summary)  # no direct-connection project here


def test_renewable_share_is_named_by_its_parts():
    """Issue 20, 2.2: a zero cap met by certificates on every kWh imported, and a battery
    that buys cheap night power (round trip 0.81) for the day: the certificates also cover
    the battery's losses, so the share of the load goes above 100 %; the console names both
    parts of the one definition (local PV and wind + green purchases, over the load)."""
    price = np.where(HOURS < 8, 0.2, 1.0)
    inputs = make_inputs(
        np.full(24, 100.0),
        price,
        technologies={"battery": {"round_trip_efficiency": 0.81}},
        carbon={"cap_t": 0.0},
        green_purchase={"premium_cny_per_mwh": 1.0},
    )
    p = plan(inputs)
    s = p.summary
    imported = s["energy_mwh"]["grid_import"]
    assert s["green_purchase_mwh"] == pytest.approx(imported, rel=1e-9)
    assert imported > 876.0  # the battery's losses
    assert s["local_renewable_share"] == 0.0
    assert s["renewable_share"] == pytest.approx(imported / 876.0, rel=1e-9)
    words = f"green purchases {s['renewable_share']:.1%}"
    assert words in format_summary(s)
    assert rule(s, "green_direct_share")["value"] == 0.0  # certificates are not direct


def test_green_direct_target_is_a_report_target_row():
    """The report's targets table lists carbon.green_direct_share with its result."""
    inputs = green_direct_day(0.3)
    s = plan(inputs).summary
    assert s["green_direct_target_price_per_mwh"] == rule(s, "green_direct_share")["shadow_price"]
    rows = target_rows(s, {"green_direct_share": 0.3}, labels("en"))
    row = next(r for r in rows if r["label"].startswith("Green power supplied directly"))
    assert row["met"] is True and row["result"].startswith("30.0")


def test_a_park_without_electric_load_plans():
    """A heat-only day: no electric load, hot water from an electric boiler against the
    grid (the green-purchase factor falls back to the plain mean grid factor)."""
    inputs = make_inputs(
        np.zeros(24),
        0.5,
        heat_demand_kw={"hw": np.full(24, 100.0)},
        technologies={"electric_boiler": {"capex_cny_per_kw": 0.0}},
        heat={"levels": [{"name": "hw", "temperature_c": 60, "demand": {"annual_mwh": 876}}]},
        green_purchase={"premium_cny_per_mwh": 10.0},
    )
    p = plan(inputs)
    assert p.summary["status"] == "optimal"
    used = p.summary["energy_mwh"]["power_to_heat"]
    assert used == pytest.approx(876 / 0.99, rel=1e-6)


def test_compare_sets_the_rules_side_by_side(tmp_path):
    """``parkopt compare`` shows each run's indicator, shares and its verdict on the rules."""
    grid = plan(make_inputs(np.full(24, 100.0), 0.05))
    pv = plan(green_direct_day(0.5))
    runs = [write_run(p, tmp_path / name, plots=False) for name, p in (("a", grid), ("b", pv))]
    table, _ = compare(runs, tmp_path / "cmp")
    status = table.loc["compliance.by_rule.green_direct_share.status"]
    assert list(status) == ["fail", "pass"]
    assert table.loc["indicator.green_direct_share", "b"] == pytest.approx(0.5, rel=1e-6)
    text = format_table(table)
    assert "indicator.tco2_per_tce [tCO2/tce]" in text
