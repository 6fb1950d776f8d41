"""The pathway over periods (issue 24): a one-period pathway is the plan, a hand-worked
two-period case (build early against a target or late against a falling price), the present
values and the cash flow add up, and bad pathway sections get one-line errors."""

from __future__ import annotations

import json
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from parkopt import ScenarioError, plan
from parkopt.models.finance import capital_recovery_factor
from parkopt.optimizer.inputs.synthetic import make_inputs
from parkopt.optimizer.pathway import plan_pathway
from parkopt.optimizer.pathway.periods import weights
from parkopt.optimizer.planning.typical_days import plan_typical_days
from parkopt.optimizer.schema.pathway_spec import Pathway

HOURS = np.arange(24)
SUN = np.where(HOURS < 12, 1.0, 0.0)  # PV gives 1 kW/kW for 12 hours a day
DAYS = 365.0  # a 24-hour horizon stands for 365 days
R = 0.06
CRF = float(capital_recovery_factor(R, 25))
REL = 1e-6


def one_period(inputs_kw: dict, **pathway) -> dict:
    return {"periods": [{"year": 2026, "years": 1}], "typical_days": None, **pathway}


def test_one_period_pathway_is_the_plan():
    """One period of one year: the LP is the plan's, its objective the plan's annual cost
    discounted one year, the capacities the same (PV, wind, battery, a carbon cap)."""
    rng = np.random.default_rng(3)
    args = dict(
        load_kw=100 + 30 * rng.random(24),
        price_per_kwh=np.where((HOURS >= 8) & (HOURS < 20), 0.6, 0.2),
        pv_kw_per_kw=SUN * 0.8,
        wind_kw_per_kw=0.2 + 0.3 * rng.random(24),
        technologies={
            "pv": {"capex_cny_per_kw": 3000, "max_kw": 60},
            "wind": {"capex_cny_per_kw": 9000},
            "battery": {"power_capex_cny_per_kw": 300, "energy_capex_cny_per_kwh": 600},
        },
        carbon={"cap_t": 5.0},
    )
    single = plan(make_inputs(**args), whole_turbines=False)
    pw = plan_pathway(make_inputs(**args, pathway=one_period({})))
    w = 1 / (1 + R)
    assert pw.summary["objective"] == pytest.approx(single.summary["objective"] * w, rel=1e-9)
    for k, v in single.capacities.items():
        assert pw.plans[0].capacities[k] == pytest.approx(v, rel=1e-6, abs=1e-6)
    built = {r["capacity"]: r["built"] for r in pw.summary["schedule"]}
    assert built["pv_kw"] == pytest.approx(single.capacities["pv_kw"], rel=1e-6)
    cap_price = single.summary["abatement_cost_per_t"]
    assert cap_price > 0  # the cap binds
    assert pw.summary["path"][0]["shadow_prices"]["carbon_cap"] == pytest.approx(
        cap_price, rel=1e-6
    )


def test_one_period_pathway_on_typical_days_is_the_typical_day_plan():
    """A week as 3 typical days: the same clustering, the same LP."""
    rng = np.random.default_rng(5)
    hours = np.arange(168)
    args = dict(
        load_kw=100 + 50 * rng.random(168),
        price_per_kwh=0.6,
        pv_kw_per_kw=np.where(hours % 24 < 12, rng.random(168), 0.0),
        technologies={
            "pv": {"capex_cny_per_kw": 2500},
            "battery": {"power_capex_cny_per_kw": 300, "energy_capex_cny_per_kwh": 500},
        },
        carbon={"reduction": 0.4},
    )
    single = plan_typical_days(make_inputs(**args), 3)
    pathway = {"periods": [{"year": 2026, "years": 1}], "typical_days": 3}
    pw = plan_pathway(make_inputs(**args, pathway=pathway))
    w = 1 / (1 + R)
    assert pw.summary["objective"] == pytest.approx(single.summary["objective"] * w, rel=1e-9)
    for k in ("pv_kw", "battery_kw", "battery_kwh"):
        assert pw.plans[0].capacities[k] == pytest.approx(single.capacities[k], rel=1e-6, abs=1e-6)


def two_periods(cap_2026: float | None):
    """100 kW all day at 0.1 CNY/kWh and 1 tCO2/MWh; PV (12 sunny hours, at most 100 kW, no
    export) saves 438 CNY per kW and year. At 6,000 CNY/kW in 2026 (annuity 469.4) it does
    not pay; at half that from 2028 (234.7) it does. Two periods of two years."""
    carbon = {"cap_t": cap_2026} if cap_2026 is not None else None
    return make_inputs(
        np.full(24, 100.0),
        0.1,
        pv_kw_per_kw=SUN,
        emission_factor_t_per_mwh=1.0,
        technologies={
            "pv": {"capex_cny_per_kw": 6000, "max_kw": 100, "fixed_om_fraction_per_year": 0.0}
        },
        pathway={
            "typical_days": None,
            "periods": [
                {"year": 2026, **({"carbon": carbon} if carbon else {})},
                {"year": 2028, "years": 2, "cost_multipliers": {"pv": 0.5}},
            ],
        },
    )


def test_two_periods_build_late_against_a_falling_price():
    """No target: nothing in 2026, the whole roof (100 kW) in 2028."""
    pw = plan_pathway(two_periods(None))
    built = {(r["year"], r["capacity"]): r["built"] for r in pw.summary["schedule"]}
    assert built[(2026, "pv_kw")] == pytest.approx(0.0, abs=1e-6)
    assert built[(2028, "pv_kw")] == pytest.approx(100.0, rel=REL)


def test_two_periods_build_early_for_a_target_by_hand():
    """A 2026 cap of 744.6 t (876 t from the grid alone) needs 30 kW of PV in 2026 (4.38 t
    per kW and year); the other 70 kW come in 2028 at half the price. Objective, residual
    value, NPV and the cap's shadow price worked by hand."""
    pw = plan_pathway(two_periods(744.6))
    s = pw.summary
    built = {(r["year"], r["capacity"]): r["built"] for r in s["schedule"]}
    assert built[(2026, "pv_kw")] == pytest.approx(30.0, rel=REL)
    assert built[(2028, "pv_kw")] == pytest.approx(70.0, rel=REL)
    w1 = 1 / 1.06 + 1 / 1.06**2
    w2 = 1 / 1.06**3 + 1 / 1.06**4
    assert weights(Pathway.model_validate(pw.scenario.pathway.model_dump()), R) == pytest.approx(
        [w1, w2], rel=1e-12
    )
    a1, a2 = 6000 * CRF, 3000 * CRF  # CNY per kW and year
    op1 = (2400 - 12 * 30) * DAYS * 0.1
    op2 = (2400 - 1200) * DAYS * 0.1
    expected = w1 * op1 + w2 * op2 + a1 * 30 * (w1 + w2) + a2 * 70 * w2
    assert s["objective"] == pytest.approx(expected, rel=1e-9)
    pv = s["present_value"]
    assert pv["total"] == pytest.approx(s["objective"], rel=1e-9)
    assert pv["stranded_value"] == pytest.approx(0.0, abs=1e-6)
    residual = 30 * a1 * (1 - 1.06**-21) / R + 70 * a2 * (1 - 1.06**-23) / R  # end of 2029
    assert sum(r["residual_value"] for r in s["cash_flow"]) == pytest.approx(residual, rel=1e-9)
    assert pv["investment"] == pytest.approx(30 * 6000 + 70 * 3000 / 1.06**2, rel=1e-9)
    assert s["npv"] == pytest.approx(pv["business_as_usual"] - s["objective"], rel=1e-9)
    assert [r["year"] for r in s["cash_flow"]] == [2026, 2027, 2028, 2029]
    # one more tonne in 2026 (a year of the period): 1/4.38 kW more in 2026, one less in 2028
    per_kw = (a1 * (w1 + w2) - a2 * w2 - 438 * w1) / w1  # CNY per kW and year of 2026-27
    price = s["path"][0]["shadow_prices"]["carbon_cap"]
    assert price == pytest.approx(per_kw / 4.38, rel=1e-6)
    assert s["path"][0]["emissions_t"] <= 744.6 * (1 + 1e-9)


def test_period_years_and_weights():
    pw = Pathway.model_validate(
        {"periods": [{"year": 2026}, {"year": 2027}, {"year": 2030}, {"year": 2035}]}
    )
    assert pw.period_years() == [1, 3, 5, 5]
    assert weights(pw, 0.0) == [1.0, 3.0, 5.0, 5.0]


@pytest.mark.parametrize(
    "pathway, field, words",
    [
        ({"periods": [{"year": 2028}, {"year": 2026}]}, "pathway", "increasing order"),
        (
            {"periods": [{"year": 2026, "years": 3}, {"year": 2028}]},
            "pathway",
            "years until the next period (2)",
        ),
        (
            {"periods": [{"year": 2026}], "learning_rate_per_year": {"solar": 0.03}},
            "pathway.learning_rate_per_year",
            "a technology (pv, wind",
        ),
        (
            {"periods": [{"year": 2026, "cost_multipliers": {"pv": -1}}]},
            "pathway.periods",
            "factor >= 0",
        ),
        ({"periods": []}, "pathway.periods", "at least 1"),
        (
            {"periods": [{"year": 2026}], "installed": {"solar_kw": {"capacity": 5.0}}},
            "pathway.installed",
            "a capacity the scenario may build (pv_kw)",
        ),
    ],
)
def test_bad_pathway_sections_are_named(pathway, field, words):
    with pytest.raises(ScenarioError) as err:
        plan_pathway(
            make_inputs(
                np.full(24, 100.0),
                0.5,
                technologies={"pv": {"capex_cny_per_kw": 1}},
                pathway=pathway,
            )
        )
    text = str(err.value)
    assert field in text and words in text


def test_a_pathway_is_a_study_base(tmp_path):
    """A study over a pathway: each run plans the pathway; the table has the headline figures
    and the path by year; a grid over a learning rate and a list item (a period's target)."""
    import yaml

    from parkopt.optimizer.schema.scenario import load_scenario
    from parkopt.optimizer.study import TABLE_FILE, close_executor, run_study

    root = Path(__file__).resolve().parents[1]
    base = load_scenario(root / "inputs" / "example_park.yaml").model_dump(
        mode="json", exclude={"source"}
    )
    base.update(horizon_hours=48, carbon={})
    base["pathway"] = {
        "typical_days": None,
        "periods": [{"year": 2026}, {"year": 2028, "years": 2, "carbon": {"reduction": 0.3}}],
    }
    (tmp_path / "base.yaml").write_text(yaml.safe_dump(base, allow_unicode=True))
    study = {
        "name": "pw",
        "base": str(tmp_path / "base.yaml"),
        "grid": {
            "pathway.learning_rate_per_year.pv": [0.0, 0.1],
            "pathway.periods.1.carbon.reduction": [0.2, 0.35],
        },
    }
    (tmp_path / "study.yaml").write_text(yaml.safe_dump(study))
    (tmp_path / "cold.yaml").write_text(yaml.safe_dump({**study, "fast_resolve": False}))
    pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"))
    try:
        folder = run_study(tmp_path / "study.yaml", tmp_path / "out", pool, echo=None)
        cold = run_study(tmp_path / "cold.yaml", tmp_path / "cold", pool, echo=None)
    finally:
        close_executor(pool)
    table = pd.read_parquet(folder / TABLE_FILE)
    cold_table = pd.read_parquet(cold / TABLE_FILE).set_index("run")
    # one worker: the first run builds, the three others re-solve warm, to the cold optimum
    assert table["warm_start"].sum() == 3 and not cold_table["warm_start"].any()
    warm = table.set_index("run")["objective"]
    assert np.allclose(warm, cold_table.loc[warm.index, "objective"], rtol=1e-6, atol=0)
    assert len(table) == 4 and (table["status"] == "optimal").all()
    assert table["objective"].notna().all() and "path.2028.tco2_per_tce" in table
    for _, row in table.iterrows():  # each run's own period target holds
        cut = 1 - row["path.2028.emissions_t"] / row["path.2028.baseline_emissions_t"]
        assert cut >= row["in.pathway.periods.1.carbon.reduction"] - 1e-6
    # a tighter 2028 target never costs less
    for rate in (0.0, 0.1):
        rows = table[table["in.pathway.learning_rate_per_year.pv"] == rate]
        by = rows.set_index("in.pathway.periods.1.carbon.reduction")["objective"]
        assert by[0.35] >= by[0.2] - 1e-6


WEATHER = Path(__file__).resolve().parents[2] / "shared" / "data" / "weather"


@pytest.mark.skipif(not WEATHER.is_dir(), reason="needs ../shared/data/weather")
def test_the_pathway_example_to_acceptance(tmp_path):
    """inputs/pathway_2030.yaml as a user runs it: five periods on 12 typical days each; the
    indicator meets each period's target, the old boilers serve until 2029, the objective
    is the sum of its parts and NPV is business as usual less it; the folder is whole."""
    from parkopt.optimizer.pathway.command import run_pathway
    from parkopt.optimizer.schema.scenario import load_scenario

    root = Path(__file__).resolve().parents[1]
    scenario = load_scenario(root / "inputs" / "pathway_2030.yaml")
    run_pathway(scenario, tmp_path / "pw", False, True, 0.0)
    s = json.loads((tmp_path / "pw" / "pathway.json").read_text(encoding="utf-8"))
    for row in s["path"]:
        assert row["tco2_per_tce"] <= row["targets"]["tco2_per_tce"] * (1 + 1e-9)
    serving = {(r["year"], r["capacity"]): r["serving"] for r in s["schedule"]}
    assert serving[(2028, "existing_gas_boiler_kw")] > 0
    assert serving[(2030, "existing_gas_boiler_kw")] == pytest.approx(0.0, abs=1e-6)
    pv = s["present_value"]
    assert s["audit"]["objective_rel_gap"] < 1e-9
    assert s["npv"] == pytest.approx(pv["business_as_usual"] - s["objective"], rel=1e-9)
    assert pv["investment"] - pv["residual_value"] == pytest.approx(pv["capital"], rel=1e-9)
    assert [r["year"] for r in s["cash_flow"]] == list(range(2026, 2040))
    for name in ("schedule.csv", "path.csv", "cash_flow.csv", "report.html", "report.xlsx"):
        assert (tmp_path / "pw" / name).is_file()
    assert sorted(p.name for p in (tmp_path / "pw" / "periods").iterdir()) == [
        "2026",
        "2027",
        "2028",
        "2030",
        "2035",
    ]


def test_named_instances_bought_over_periods():
    """Two roofs as named instances: roof_a (0.5 kW/kW, at most 600 kW) pays in 2026, roof_b
    (0.25 kW/kW) only once its price has halved in 2028 (a learning rate on the whole PV).
    Builds per instance and the technology's total in the schedule; each instance keeps its
    own price path."""
    common = {"fixed_om_fraction_per_year": 0.0, "life_years": 25}
    pv = [
        {"name": "roof_a", "capex_cny_per_kw": 1000, "max_kw": 600, **common},
        {"name": "roof_b", "capex_cny_per_kw": 9000, **common},
    ]
    inputs = make_inputs(
        np.full(48, 1000.0),
        0.4,
        instance_kw_per_kw={"pv_roof_a": 0.5, "pv_roof_b": 0.25},
        technologies={"pv": pv},
        pathway={
            "typical_days": None,
            "periods": [
                {"year": 2026},
                {"year": 2028, "years": 2, "cost_multipliers": {"pv": 0.5}},
            ],
        },
    )
    s = plan_pathway(inputs).summary
    rows = {(r["year"], r["capacity"]): r for r in s["schedule"]}
    # roof_b saves 0.25 x 8,760 x 0.4 = 876 CNY/kW-year against an annuity of 704 at 9,000
    # CNY/kW, but 352 from 2028: waiting two years is worth more than two years' net saving;
    # then it fills the rest of the load, (1,000 - 300) / 0.25 = 2,800 kW
    assert rows[(2026, "pv_roof_a_kw")]["built"] == pytest.approx(600.0, rel=REL)
    assert rows[(2026, "pv_roof_b_kw")]["built"] == pytest.approx(0.0, abs=1e-6)
    assert rows[(2028, "pv_roof_b_kw")]["built"] == pytest.approx(2800.0, rel=REL)
    assert rows[(2026, "pv_roof_a_kw")]["instance"] == "roof_a"
    total = rows[(2026, "pv_kw")]
    assert total["instance"] is None
    assert total["built"] == pytest.approx(
        rows[(2026, "pv_roof_a_kw")]["built"] + rows[(2026, "pv_roof_b_kw")]["built"], rel=1e-12
    )
    assert rows[(2028, "pv_roof_b_kw")]["capex_per_unit"] == pytest.approx(4500.0, rel=1e-12)
    assert rows[(2028, "pv_roof_a_kw")]["capex_per_unit"] == pytest.approx(500.0, rel=1e-12)
    assert s["audit"]["objective_rel_gap"] < 1e-9


def test_a_period_sets_fields_of_its_own():
    """A period's ``set`` (a dotted path, as a study sets it) prepares that period's year
    anew: the 2028 peak price doubles in its hourly prices, the 2026 ones stay."""
    from parkopt.optimizer.inputs.prepare import prepare
    from parkopt.optimizer.pathway.periods import period_inputs
    from parkopt.optimizer.schema.scenario import load_scenario, scenario_from_dict

    root = Path(__file__).resolve().parents[1]
    example = load_scenario(root / "inputs" / "example_park.yaml")
    data = example.model_dump(mode="json", exclude={"source"})
    peak = data["tariff"]["prices_cny_per_kwh"]["peak"]
    data.update(horizon_hours=48, carbon={})
    data["pathway"] = {
        "typical_days": None,
        "periods": [
            {"year": 2026},
            {"year": 2028, "years": 2, "set": {"tariff.prices_cny_per_kwh.peak": 2 * peak}},
        ],
    }
    scenario = scenario_from_dict(data, example.source, root / "inputs")
    first, second = period_inputs(prepare(scenario))
    assert first.inputs.hourly["price_per_kwh"].max() == pytest.approx(peak, rel=1e-12)
    assert second.inputs.hourly["price_per_kwh"].max() == pytest.approx(2 * peak, rel=1e-12)
    assert second.inputs.scenario.park.year == 2028


def test_installed_capacity_serves_free_until_it_retires():
    """The two-period park with 50 kW of PV installed, retired from 2028: in 2026 it meets the
    cap on its own (219 t of the 131.4 t needed) and nothing is bought; in 2028 it is gone
    and the whole roof is bought at the halved price. O&M (1 % of capex a year): the
    installed PV's at 2026's price (60 CNY/kW), the new PV's at its own (30)."""
    inputs = two_periods(744.6)
    pv = {**inputs.scenario.technologies.pv.model_dump(), "fixed_om_fraction_per_year": 0.01}
    pathway = inputs.scenario.pathway.model_dump()
    pathway["installed"] = {"pv_kw": {"capacity": 50.0, "retire_year": 2028}}
    scenario = inputs.scenario.model_copy(
        update={
            "technologies": inputs.scenario.technologies.model_copy(
                update={"pv": type(inputs.scenario.technologies.pv).model_validate(pv)}
            ),
            "pathway": Pathway.model_validate(pathway),
        }
    )
    from parkopt.optimizer.inputs.plan_inputs import with_scenario

    s = plan_pathway(with_scenario(inputs, scenario)).summary
    rows = {(r["year"], r["capacity"]): r for r in s["schedule"]}
    assert rows[(2026, "pv_kw")]["built"] == pytest.approx(0.0, abs=1e-6)
    assert rows[(2026, "pv_kw")]["serving"] == pytest.approx(50.0, rel=REL)
    assert rows[(2026, "pv_kw")]["installed"] == 50.0
    assert rows[(2028, "pv_kw")]["installed"] == 0.0
    assert rows[(2028, "pv_kw")]["built"] == pytest.approx(100.0, rel=REL)
    w1 = 1 / 1.06 + 1 / 1.06**2
    w2 = 1 / 1.06**3 + 1 / 1.06**4
    op1 = (2400 - 12 * 50) * DAYS * 0.1
    op2 = (2400 - 1200) * DAYS * 0.1
    expected = w1 * (op1 + 60 * 50) + w2 * op2 + (3000 * CRF + 30) * 100 * w2
    assert s["objective"] == pytest.approx(expected, rel=1e-9)
    assert s["present_value"]["total"] == pytest.approx(s["objective"], rel=1e-9)
    assert [r["fixed_om"] for r in s["path"]] == pytest.approx([3000.0, 3000.0], rel=1e-9)


def _short_life_pv(life: float, first_years: int = 4):
    """PV at 1,800 CNY/kW saving 438 CNY/kW-year, its life ``life``; 2026 stands for
    ``first_years`` years, 2030 for 5 at ten times the price (nothing is bought then)."""
    return make_inputs(
        np.full(24, 100.0),
        0.1,
        pv_kw_per_kw=SUN,
        technologies={
            "pv": {
                "capex_cny_per_kw": 1800,
                "max_kw": 100,
                "life_years": life,
                "fixed_om_fraction_per_year": 0.0,
            }
        },
        pathway={
            "typical_days": None,
            "periods": [
                {"year": 2026, "years": first_years},
                {"year": 2030, "years": 5, "cost_multipliers": {"pv": 10}},
            ],
        },
    )


def test_a_life_ending_inside_a_period_is_paid_for_all_the_same():
    """A 6-year PV bought in 2026 serves 2026-29 but not 2030-34 (it would die in 2032). Its
    annuity (366 CNY/kW-year) is paid for all six years, 2030 and 2031 with nothing to show:
    worth less than the 438 a year it saves over four, so nothing is bought (the first LP
    charged only the four years it serves, and bought a plan that lost money)."""
    s = plan_pathway(_short_life_pv(6.0)).summary
    built = {(r["year"], r["capacity"]): r["built"] for r in s["schedule"]}
    assert built[(2026, "pv_kw")] == pytest.approx(0.0, abs=1e-6)
    assert s["npv"] == pytest.approx(0.0, abs=1e-6)
    # a 10-year life pays: it serves both periods (to 2035), nine years inside the horizon,
    # the tenth after it as residual value
    s = plan_pathway(_short_life_pv(10.0)).summary
    built = {(r["year"], r["capacity"]): r["built"] for r in s["schedule"]}
    assert built[(2026, "pv_kw")] == pytest.approx(100.0, rel=REL)
    pv = s["present_value"]
    assert pv["investment"] - pv["residual_value"] == pytest.approx(pv["capital"], rel=1e-9)
    assert pv["stranded_value"] == pytest.approx(0.0, abs=1e-6)  # it serves 2030-34 too
    assert s["npv"] == pytest.approx(pv["business_as_usual"] - s["objective"], rel=1e-9)


def test_a_build_that_cannot_live_through_its_own_period_is_not_offered():
    """A 3-year PV and a first period of 4 years: it could serve nothing, so it is not a
    choice (the first LP left its variable unset and crashed)."""
    s = plan_pathway(_short_life_pv(3.0)).summary
    assert all(r["built"] == 0.0 for r in s["schedule"])


def test_an_existing_asset_retiring_inside_a_period_does_not_serve_it():
    """Boilers retired from 2028 do not serve the period 2026-2029: an electric boiler is
    bought in 2026."""
    inputs = make_inputs(
        np.full(24, 100.0),
        0.5,
        heat={
            "levels": [{"name": "hw", "temperature_c": 80, "demand": {"annual_mwh": 1.0}}],
            "gas": {"price_cny_per_m3": 3.5},
        },
        heat_demand_kw={"hw": np.full(24, 500.0)},
        technologies={
            "existing_gas_boiler": {"capacity_kw": 1000},
            "electric_boiler": {"capex_cny_per_kw": 400},
        },
        pathway={
            "typical_days": None,
            "retire": {"existing_gas_boiler": 2028},
            "periods": [{"year": 2026, "years": 4}, {"year": 2030, "years": 5}],
        },
    )
    rows = {(r["year"], r["capacity"]): r for r in plan_pathway(inputs).summary["schedule"]}
    assert rows[(2026, "existing_gas_boiler_kw")]["serving"] == pytest.approx(0.0, abs=1e-9)
    assert rows[(2026, "electric_boiler_kw")]["built"] == pytest.approx(500.0, rel=REL)


def test_installed_capacity_is_business_as_usual_too():
    """50 kW of PV installed and nothing to buy: the plan is the park as it is, so it saves
    nothing against business as usual (the first outputs counted the installed PV's output
    as the plan's saving)."""
    inputs = make_inputs(
        np.full(24, 100.0),
        0.1,
        pv_kw_per_kw=SUN,
        technologies={"pv": {"capex_cny_per_kw": 6000, "max_kw": 50}},
        pathway={
            "typical_days": None,
            "periods": [{"year": 2026}, {"year": 2028, "years": 2}],
            "installed": {"pv_kw": {"capacity": 50.0}},
        },
    )
    s = plan_pathway(inputs).summary
    assert s["investment_total"] == 0.0
    assert s["npv"] == pytest.approx(0.0, abs=1e-6)
    assert s["present_value"]["business_as_usual"] == pytest.approx(s["objective"], rel=1e-9)


def test_a_life_is_part_of_a_pathway_study_structure():
    """Lives decide which builds serve which periods: runs differing in a life are not
    re-solved warm in one built pathway (they were, with the first periods' serving rows)."""
    from parkopt.optimizer.study.keys import structure_key

    a = _short_life_pv(10.0).scenario
    pv = a.technologies.pv.model_copy(update={"life_years": 25.0})
    b = a.model_copy(update={"technologies": a.technologies.model_copy(update={"pv": pv})})
    assert structure_key(a) != structure_key(b)
    plain = a.model_copy(update={"pathway": None})
    plain_b = b.model_copy(update={"pathway": None})
    assert structure_key(plain) == structure_key(plain_b)  # a plan's life is a price only
