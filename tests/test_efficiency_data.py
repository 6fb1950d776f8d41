"""Efficiency as data: the air-source heat pump's defrost setting, COP and efficiency curves
against the air temperature, and hourly efficiency CSVs.

Every figure is worked out by hand in the test; the Carnot COP is typed here, not read from
parkopt. A horizon of n hours stands for a year: each hour weighs 8760 / n hours.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from parkopt import ScenarioError, prepare
from parkopt.optimizer.inputs.heat_inputs import baseline_heat_kw
from parkopt.optimizer.inputs.synthetic import make_inputs
from parkopt.optimizer.planning.plan import plan
from parkopt.optimizer.schema.scenario import scenario_from_dict

REL = 1e-6  # objective and hand figures
TOL = 1e-6  # hourly flows [kW]
KWH_PER_M3 = 38.931 / 3.6  # natural gas LHV 38.931 MJ/m3 (GB/T 2589) -> 10.814 kWh/m3
GAS_PRICE = 3.5  # CNY/m3


def level(name: str, temperature_c: float) -> dict:
    """A heat level; its demand rule is a placeholder (make_inputs takes the hourly demand)."""
    return {"name": name, "temperature_c": temperature_c, "demand": {"annual_mwh": 1.0}}


def carnot_cop(sink_c: float, source_c: float, grade: float) -> float:
    """Carnot-fraction COP: grade x T_sink / (T_sink - T_source), kelvin."""
    return grade * (sink_c + 273.15) / (sink_c - source_c)


def problems(err: pytest.ExceptionInfo) -> str:
    return "\n".join(str(p) for p in err.value.problems)


# --- 1. the defrost setting: a day at -5 degC ---------------------------------------------------

DAY = 24
HW_DAY = np.full(DAY, 100.0)  # kW_th of hot water at 45 degC in every hour
LOAD_KW = 10.0  # other electricity in every hour (a park without any has no average factor)
PRICE_DAY = 0.6  # CNY/kWh, flat
# Carnot: 0.4 x (45 + 273.15) / (45 - (-5)) = 0.4 x 318.15 / 50 = 2.5452 (lift 50 K < 80 K)
COP_45_MINUS_5 = 2.5452


def defrost_day(**pump) -> object:
    """A free air-source pump (capex 0) makes all of a day's hot water at -5 degC air."""
    return make_inputs(
        np.full(DAY, LOAD_KW),
        PRICE_DAY,
        air_temperature_c=-5.0,
        heat={"levels": [level("hw", 45)]},
        heat_demand_kw={"hw": HW_DAY},
        technologies={"heat_pump": {"capex_cny_per_kw": 0, **pump}},
    )


@pytest.mark.parametrize(
    ("defrost", "factor"),
    [
        ({}, 0.8),  # the default: x 0.8 below 2 degC, as before the setting
        ({"defrost": {"below_c": 2.0, "factor": 0.8}}, 0.8),
        ({"defrost": None}, 1.0),  # the maker gives no derating
        ({"defrost": {"below_c": -3.0, "factor": 0.9}}, 0.9),  # -5 is below -3
        ({"defrost": {"below_c": -5.0, "factor": 0.9}}, 1.0),  # strictly below: -5 is not
    ],
    ids=["default", "explicit", "off", "own", "at_threshold"],
)
def test_defrost_setting_by_hand(defrost, factor):
    """Electricity = 24 h x 100 kW_th / COP: with defrost 2400 / (0.8 x 2.5452) = 2400 /
    2.03616 = 1178.69 kWh a day; without 2400 / 2.5452 = 942.95 kWh. The day stands for 365
    of them: cost = 365 x 0.6 x (electricity + 24 h x 10 kW of other load)."""
    assert carnot_cop(45, -5, 0.4) == pytest.approx(COP_45_MINUS_5, rel=1e-12)
    inputs = defrost_day(**defrost)
    cop = factor * COP_45_MINUS_5
    np.testing.assert_allclose(inputs.hourly["heat_pump_hw_efficiency"], cop, rtol=1e-12)
    p = plan(inputs)
    d = p.dispatch
    day_kwh = HW_DAY.sum() / cop
    assert day_kwh == pytest.approx({0.8: 1178.6893, 0.9: 1047.7238, 1.0: 942.9514}[factor])
    np.testing.assert_allclose(d["heat_pump_electricity_kw"], HW_DAY / cop, atol=TOL)
    expected = 365 * PRICE_DAY * (day_kwh + DAY * LOAD_KW)
    assert p.summary["objective"] == pytest.approx(expected, rel=REL)


def test_defrost_factor_is_checked():
    with pytest.raises(ScenarioError) as err:
        defrost_day(defrost={"below_c": 2.0, "factor": 1.5})
    assert "technologies.heat_pump.defrost.factor = 1.5" in problems(err)


# --- 2. a maker's COP curve against the air temperature ----------------------------------------

CURVE = {"air_temperature_c": [-10, 0, 7, 15], "cop": [2.0, 2.6, 3.2, 3.8]}


def test_cop_curve_is_interpolated_linearly_and_constant_beyond_its_ends():
    """-15 and -10: 2.0 (the end); -5: 2.0 + 0.5 x 0.6 = 2.3; 3.5: 2.6 + 3.5/7 x 0.6 = 2.9;
    7: 3.2; 11: 3.2 + 4/8 x 0.6 = 3.5; 20: 3.8 (the end). No defrost on a maker's curve."""
    air = [-15.0, -10.0, -5.0, 3.5, 7.0, 11.0, 20.0]
    inputs = make_inputs(
        np.zeros(len(air)),
        0.5,
        air_temperature_c=air,
        heat={"levels": [level("hw", 60)]},
        heat_demand_kw={"hw": np.full(len(air), 10.0)},
        technologies={"heat_pump": {"cop_curve": CURVE}},
    )
    expected = [2.0, 2.0, 2.3, 2.9, 3.2, 3.5, 3.8]
    np.testing.assert_allclose(inputs.hourly["heat_pump_hw_efficiency"], expected, rtol=1e-12)


def test_cop_curve_decides_heat_pump_against_gas_by_hand():
    """Air -15, -5, 3.5, 11 degC: COP 2.0, 2.3, 2.9, 3.5 (the curve). Power at 0.9 CNY/kWh
    costs 0.9 / COP per kWh_th: 0.45, 0.3913, 0.3103, 0.2571; gas at 0.88 costs
    g = 3.5 / 10.8142 / 0.88 = 0.36778. So the existing boiler serves hours 0 and 1 and the
    free pump hours 2 and 3 (moving a kW of the boiler's peak to the pump would save 15
    CNY/year of O&M and cost 2190 x (0.3913 - 0.3678) = 51 more). With demand 400, 300, 290,
    350 kW_th, 10 kW of other load, W = 2190:
        cost = 15 x 400 + W x (g x 700 + 0.9 x (290 / 2.9 + 350 / 3.5 + 4 x 10))
             = 6000 + 2190 x (257.448 + 216) = 1,042,852.2 CNY/year."""
    air = np.array([-15.0, -5.0, 3.5, 11.0])
    demand = np.array([400.0, 300.0, 290.0, 350.0])
    price, w = 0.9, 8760 / 4
    g = GAS_PRICE / KWH_PER_M3 / 0.88
    inputs = make_inputs(
        np.full(4, LOAD_KW),
        price,
        air_temperature_c=air,
        heat={"levels": [level("hw", 60)], "gas": {"price_cny_per_m3": GAS_PRICE}},
        heat_demand_kw={"hw": demand},
        technologies={
            "heat_pump": {"capex_cny_per_kw": 0, "cop_curve": CURVE},
            "existing_gas_boiler": {"capacity_kw": 1000},
        },
    )
    np.testing.assert_allclose(inputs.hourly["heat_pump_hw_efficiency"], [2.0, 2.3, 2.9, 3.5])
    p = plan(inputs)
    d = p.dispatch
    np.testing.assert_allclose(d["heat_hw_heat_pump_kw"], [0, 0, 290, 350], atol=TOL)
    np.testing.assert_allclose(d["heat_hw_existing_gas_boiler_kw"], [400, 300, 0, 0], atol=TOL)
    np.testing.assert_allclose(d["heat_pump_electricity_kw"], [0, 0, 100, 100], atol=TOL)
    expected = 15 * 400 + w * (g * 700 + price * (290 / 2.9 + 350 / 3.5 + 4 * LOAD_KW))
    assert expected == pytest.approx(1_042_852.2, rel=1e-6)
    assert p.summary["objective"] == pytest.approx(expected, rel=REL)


def test_a_curve_per_level_and_a_level_without_one_not_served():
    """Per-level curves: hw takes its own, warm its own; a level left out is not served."""
    warm = {"air_temperature_c": [0, 10], "cop": [3.0, 4.0]}
    techs = {"heat_pump": {"cop_curve": {"hw": CURVE, "warm": warm}}}
    levels = [level("hw", 60), level("warm", 35), level("tepid", 30)]
    inputs = make_inputs(
        np.zeros(2),
        0.5,
        air_temperature_c=[0.0, 5.0],
        heat={"levels": levels, "cascade": True},
        heat_demand_kw={"hw": [1.0, 1.0], "warm": [1.0, 1.0], "tepid": [0.0, 0.0]},
        technologies=techs,
    )
    h = inputs.hourly
    np.testing.assert_allclose(h["heat_pump_hw_efficiency"], [2.6, 2.6 + 5 / 7 * 0.6])
    np.testing.assert_allclose(h["heat_pump_warm_efficiency"], [3.0, 3.5])
    np.testing.assert_array_equal(h["heat_pump_tepid_efficiency"], 0.0)


# --- 3. hourly efficiency CSVs ---------------------------------------------------------------

HOURS = 24  # a day (the shortest horizon): the 4 hours below, 6 times over
REPEAT = 6
W_4 = 365 * REPEAT  # weight of each of the 4 hours [h/year]: 2190
DEMAND_4 = [500.0, 400.0, 300.0, 200.0]
EB_EFF = [0.95, 0.90, 0.99, 0.80]  # electric boiler, hourly
GB_EFF = [0.90, 0.85, 0.92, 0.88]  # existing gas boiler, hourly
PRICE_4 = [0.30, 0.50, 0.30, 0.40]
CSV_LOAD_KW = 100.0  # other electricity (a load peaking below 50 kW is taken for MW)


def tile(values) -> np.ndarray:
    return np.tile(np.asarray(values, dtype=float), REPEAT)


def write_day(folder: Path, **columns) -> Path:
    cols = {
        "load_kw": [CSV_LOAD_KW] * 4,
        "price": PRICE_4,
        "hw_kw": DEMAND_4,
        "eb": EB_EFF,
        "gb": GB_EFF,
        **columns,
    }
    rows = {k: list(v) * REPEAT for k, v in cols.items()}
    lines = [",".join(rows)] + [",".join(str(v[i]) for v in rows.values()) for i in range(HOURS)]
    path = folder / "hours.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def csv_scenario(folder: Path, techs: dict, **columns) -> dict:
    csv = str(write_day(folder, **columns))
    return {
        "park": {"name": "efficiency_csv", "timezone": "Asia/Shanghai"},
        "horizon_hours": HOURS,
        "profiles": {
            "load_kw": {"path": csv, "column": "load_kw"},
            "price_cny_per_kwh": {"path": csv, "column": "price"},
        },
        "heat": {
            "levels": [
                {
                    "name": "hw",
                    "temperature_c": 80,
                    "demand": {"profile": {"path": csv, "column": "hw_kw"}},
                }
            ],
            "gas": {"price_cny_per_m3": GAS_PRICE},
        },
        "technologies": techs,
    }


def boilers(csv: str) -> dict:
    return {
        "electric_boiler": {
            "capex_cny_per_kw": 0,
            "efficiency_profile": {"path": csv, "column": "eb"},
        },
        "existing_gas_boiler": {
            "capacity_kw": 1000,
            "fixed_om_cny_per_kw_year": 0,
            "efficiency_profile": {"path": csv, "column": "gb"},
        },
    }


def test_hourly_efficiency_csv_by_hand(tmp_path):
    """Heat from power costs p_t / eta_eb_t, from gas g / eta_gb_t with g = 3.5 / 10.8142 =
    0.32365 CNY/kWh of gas:
        hour  p     eta_eb  power    eta_gb  gas
        0     0.30  0.95    0.31579  0.90    0.35961   -> electric boiler
        1     0.50  0.90    0.55556  0.85    0.38076   -> gas
        2     0.30  0.99    0.30303  0.92    0.35179   -> electric boiler
        3     0.40  0.80    0.50000  0.88    0.36778   -> gas
    Both cost nothing to have, so with 100 kW of other load cost = 2190 x (500 x 0.31579 +
    400 x 0.38076 + 300 x 0.30303 + 200 x 0.36778 + 100 x 1.5) = 2190 x 624.67 =
    1,368,019 CNY/year (the 4 hours repeat 6 times in a day that stands for 365: 6 x 365 =
    2190). The baseline burns d_t / eta_gb_t of gas in every hour."""
    csv = str(tmp_path / "hours.csv")
    s = scenario_from_dict(csv_scenario(tmp_path, boilers(csv)), source="<test>")
    inputs = prepare(s)
    h = inputs.hourly
    np.testing.assert_allclose(h["electric_boiler_hw_efficiency"], tile(EB_EFF), rtol=1e-12)
    np.testing.assert_allclose(h["existing_gas_boiler_hw_efficiency"], tile(GB_EFF), rtol=1e-12)
    g = GAS_PRICE / KWH_PER_M3
    power = np.array(PRICE_4) / np.array(EB_EFF)
    gas = g / np.array(GB_EFF)
    assert list(power < gas) == [True, False, True, False]
    heat = float(np.sum(np.array(DEMAND_4) * np.minimum(power, gas)))
    expected = W_4 * (heat + CSV_LOAD_KW * sum(PRICE_4))
    assert expected == pytest.approx(1_368_019, rel=1e-6)
    p = plan(inputs)
    d = p.dispatch
    np.testing.assert_allclose(d["heat_hw_electric_boiler_kw"], tile([500, 0, 300, 0]), atol=TOL)
    electricity = tile([500 / 0.95, 0, 300 / 0.99, 0])
    np.testing.assert_allclose(d["electric_boiler_electricity_kw"], electricity, atol=TOL)
    np.testing.assert_allclose(d["gas_kw"], tile([0, 400 / 0.85, 0, 200 / 0.88]), atol=TOL)
    assert p.summary["objective"] == pytest.approx(expected, rel=REL)
    baseline_gas, _ = baseline_heat_kw(s, h)
    np.testing.assert_allclose(baseline_gas, tile(DEMAND_4) / tile(GB_EFF), rtol=1e-12)


def test_hourly_cop_csv_per_level(tmp_path):
    """A waste-heat pump's COP per hour from a CSV column, replacing the Carnot model."""
    csv = str(tmp_path / "hours.csv")
    techs = {
        "waste_heat_pump": {
            "source_kw": 1e6,
            "capex_cny_per_kw": 0,
            "cop_profile": {"hw": {"path": csv, "column": "cop"}},
        }
    }
    cop = [2.5, 3.0, 4.0, 2.0]
    s = scenario_from_dict(csv_scenario(tmp_path, techs, cop=cop), source="<test>")
    p = plan(prepare(s))
    np.testing.assert_allclose(p.inputs.hourly["waste_heat_pump_hw_efficiency"], tile(cop))
    expected = W_4 * CSV_LOAD_KW * sum(PRICE_4) + W_4 * sum(
        q * pr / c for q, pr, c in zip(DEMAND_4, PRICE_4, cop, strict=True)
    )
    assert p.summary["objective"] == pytest.approx(expected, rel=REL)


def test_air_source_pump_with_an_hourly_cop_needs_no_weather(tmp_path):
    """An air-source heat pump whose COP is an hourly CSV does not read the air temperature:
    a scenario without a weather file plans, at the profile's COP."""
    csv = str(tmp_path / "hours.csv")
    techs = {"heat_pump": {"capex_cny_per_kw": 0, "cop_profile": {"path": csv, "column": "cop"}}}
    cop = [2.5, 3.0, 4.0, 2.0]
    data = csv_scenario(tmp_path, techs, cop=cop)
    assert "weather" not in data
    p = plan(prepare(scenario_from_dict(data, source="<test>")))
    np.testing.assert_allclose(p.inputs.hourly["heat_pump_hw_efficiency"], tile(cop))


# --- 4. checks: one line per problem, with file, field, value and what was expected ----------


@pytest.mark.parametrize(
    ("curve", "field", "expected"),
    [
        ({"air_temperature_c": [0, 7, 5], "cop": [2, 3, 4]}, "cop_curve", "strictly increasing"),
        ({"air_temperature_c": [0, 7], "cop": [2, 3, 4]}, "cop_curve", "as many values"),
        ({"air_temperature_c": [0, 7], "cop": [2, 0]}, "cop_curve.cop", "every COP > 0"),
    ],
)
def test_cop_curve_checks(curve, field, expected):
    with pytest.raises(ScenarioError) as err:
        defrost_day(cop_curve=curve)
    mine = [p for p in err.value.problems if p.field.startswith("technologies.heat_pump")]
    assert len(mine) == 1  # one problem, not one per form of the field
    assert mine[0].field == f"technologies.heat_pump.{field}"
    assert expected in mine[0].expected


def test_efficiency_curve_and_profile_checks(tmp_path):
    bad = {"air_temperature_c": [0, 10], "efficiency": [0.9, 1.3]}
    with pytest.raises(ScenarioError) as err:
        scenario_from_dict(csv_scenario(tmp_path, {"gas_boiler": {"efficiency_curve": bad}}))
    assert "technologies.gas_boiler.efficiency_curve.efficiency" in problems(err)
    assert "(0, 1.2]" in problems(err)
    both = {
        "efficiency_curve": {"air_temperature_c": [0], "efficiency": [0.9]},
        "efficiency_profile": {"path": "x.csv", "column": "gb"},
    }
    with pytest.raises(ScenarioError) as err:
        scenario_from_dict(csv_scenario(tmp_path, {"gas_boiler": both}))
    assert "efficiency_curve and efficiency_profile both given" in problems(err)


def test_hourly_efficiency_csv_values_are_checked(tmp_path):
    csv = str(tmp_path / "hours.csv")
    s = scenario_from_dict(
        csv_scenario(tmp_path, boilers(csv), eb=[0.95, 0.9, 1.3, 0.8]), source="<test>"
    )
    with pytest.raises(ScenarioError) as err:
        prepare(s)
    assert len(err.value.problems) == 1
    text = problems(err)
    assert text.startswith(f"{csv}: eb row 4 = 1.3: an efficiency in (0, 1.2] [-]")
    assert "technologies.electric_boiler.efficiency_profile" in text


def test_one_cop_profile_for_a_pump_serving_two_levels_is_refused(tmp_path):
    """A heat pump's COP depends on the level it serves: one profile for two levels is
    refused, naming the levels and both ways out."""
    csv = str(tmp_path / "hours.csv")
    techs = {"waste_heat_pump": {"source_kw": 1e3, "cop_profile": {"path": csv, "column": "cop"}}}
    data = csv_scenario(tmp_path, techs, cop=[2.5, 3.0, 4.0, 2.0])
    data["heat"]["levels"].append(level("warm", 35))
    with pytest.raises(ScenarioError) as err:
        prepare(scenario_from_dict(data, source="<test>"))
    assert problems(err) == (
        "<test>: technologies.waste_heat_pump.cop_profile = 'one for every level': one per "
        "level it serves (hw, warm: a heat pump's COP depends on the sink temperature), as "
        "cop_profile: {hw: ...}, or levels: [hw]"
    )
    data["technologies"]["waste_heat_pump"]["levels"] = ["hw"]
    hourly = prepare(scenario_from_dict(data)).hourly
    np.testing.assert_allclose(hourly["waste_heat_pump_hw_efficiency"], tile([2.5, 3.0, 4.0, 2.0]))


def test_a_curve_needs_the_weather(tmp_path):
    techs = {"gas_boiler": {"efficiency_curve": {"air_temperature_c": [0], "efficiency": [0.9]}}}
    with pytest.raises(ScenarioError) as err:
        prepare(scenario_from_dict(csv_scenario(tmp_path, techs), source="<test>"))
    assert problems(err) == (
        "<test>: weather: a weather file (weather.path): technologies.gas_boiler.efficiency_curve "
        "is against the air temperature"
    )
