"""Named store instances (issue 21, item 1): batteries, thermal stores and cold stores as
lists under ``technologies.battery``, ``technologies.thermal_storage`` and
``technologies.cold_storage``, each its own store of the LP."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import yaml

from parkopt.optimizer.common.errors import ScenarioError
from parkopt.optimizer.inputs.synthetic import make_inputs
from parkopt.optimizer.planning.plan import plan
from parkopt.optimizer.schema.scenario import load_scenario

ROOT = Path(__file__).resolve().parents[1]
OBJECTIVE_REL_TOL = 1e-9  # a list of one instance is the mapping
REL = 1e-6  # hand figures against the LP
KW_TOL = 1e-6  # flows and states against hand figures [kW, kWh]
T = 6
W = 8760 / T  # weight of one hour of a 6-hour horizon [h/year]

CHEAP, DEAR = 0.2, 0.7  # CNY/kWh: hours 0-2, hours 3-5
PRICE = np.array([CHEAP] * 3 + [DEAR] * 3)
LOAD_KW = np.array([100.0, 100.0, 100.0, 300.0, 100.0, 100.0])
LIFE = 10.0  # years; discount rate 0: the annuity is capex / 10 a year
FINANCE = {"finance": {"discount_rate": 0.0}}
# no losses, the whole energy rating usable: the hand figures need no efficiency
LOSSLESS = {
    "round_trip_efficiency": 1.0,
    "soc_min_fraction": 0.0,
    "soc_max_fraction": 1.0,
    "fixed_om_fraction_per_year": 0.0,
    "life_years": LIFE,
}
# "power": cheap power, dear energy (50 + 400 CNY a year per kW and kWh);
# "energy": dear power, cheap energy (600 + 100)
POWER = {"name": "power", "power_capex_cny_per_kw": 500.0, "energy_capex_cny_per_kwh": 4000.0}
ENERGY = {"name": "energy", "power_capex_cny_per_kw": 6000.0, "energy_capex_cny_per_kwh": 1000.0}


def _batteries(items) -> object:
    return make_inputs(
        LOAD_KW, PRICE, technologies={"battery": items}, grid={"export_limit_kw": 0.0}, **FINANCE
    )


def test_two_batteries_by_hand():
    """Each kWh moved from a cheap hour (0.2) to a dear one (0.7) saves 0.5 CNY, W = 1,460
    times a year: 730 CNY per kW held for one dear hour. The dear hours' load is a 200 kW
    spike of one hour over a 100 kW base of three. A battery serving a layer of height h and
    duration D costs h (power + D energy) a year: the spike (D = 1) costs 450 with "power",
    700 with "energy"; the base (D = 3) 1,250 with "power", 900 with "energy"; each below its
    value (730 D). So "power" takes the spike (200 kW / 200 kWh) and "energy" the base
    (100 kW / 300 kWh). The dual proves it: hour prices y = 280 (spike), 505, 505, power
    rents 50 (power, spike hour) and 350, 125, 125 (energy), energy rents 400 and 100.
    Cost: imports W (100 x 3 x 0.2 + 500 x 0.7) = 598,600, less 730 x 500 = 365,000 saved,
    plus 200 x 450 + 100 x 900 = 180,000 of batteries: 413,600 CNY a year."""
    p = plan(_batteries([{**POWER, **LOSSLESS}, {**ENERGY, **LOSSLESS}]))
    caps = p.summary["capacity"]
    assert caps["battery_power_kw"] == pytest.approx(200.0, rel=REL)
    assert caps["battery_power_kwh"] == pytest.approx(200.0, rel=REL)
    assert caps["battery_energy_kw"] == pytest.approx(100.0, rel=REL)
    assert caps["battery_energy_kwh"] == pytest.approx(300.0, rel=REL)
    assert caps["battery_kw"] == pytest.approx(300.0, rel=REL)  # the technology's totals
    assert caps["battery_kwh"] == pytest.approx(500.0, rel=REL)
    assert p.summary["cost"]["total_annual"] == pytest.approx(413_600.0, rel=REL)
    assert p.summary["cost"]["capex_annual"] == pytest.approx(180_000.0, rel=REL)

    d = p.dispatch
    np.testing.assert_allclose(d["battery_power_discharge_kw"], [0, 0, 0, 200, 0, 0], atol=KW_TOL)
    np.testing.assert_allclose(
        d["battery_energy_discharge_kw"], [0, 0, 0, 100, 100, 100], atol=KW_TOL
    )
    np.testing.assert_allclose(d["battery_energy_charge_kw"], [100, 100, 100, 0, 0, 0], atol=KW_TOL)
    np.testing.assert_allclose(
        d["battery_discharge_kw"],
        d["battery_power_discharge_kw"] + d["battery_energy_discharge_kw"],
    )
    np.testing.assert_allclose(
        d["battery_soc_kwh"], d["battery_power_soc_kwh"] + d["battery_energy_soc_kwh"]
    )
    np.testing.assert_allclose(d["grid_import_kw"][3:], [0, 0, 0], atol=KW_TOL)
    energy = p.summary["energy_mwh"]
    assert energy["battery_power_discharge"] == pytest.approx(200 * W / 1e3, rel=REL)
    assert energy["battery_energy_discharge"] == pytest.approx(300 * W / 1e3, rel=REL)
    assert energy["battery_discharge"] == pytest.approx(500 * W / 1e3, rel=REL)
    cycles = p.summary["battery_cycles_by_instance"]
    assert cycles["battery_power"] == pytest.approx(W, rel=REL)  # one full cycle a horizon
    assert cycles["battery_energy"] == pytest.approx(W, rel=REL)
    assert p.summary["battery_cycles"] == pytest.approx(W, rel=REL)


def test_a_list_of_one_battery_is_the_mapping():
    """A battery with the defaults (round trip 0.88, window 5-95 %) alone, and the same as a
    list of one named instance: the same LP."""
    one = {"power_capex_cny_per_kw": 300.0, "energy_capex_cny_per_kwh": 600.0}
    a = plan(_batteries(one))
    b = plan(_batteries([{"name": "only", **one}]))
    assert a.capacities["battery_kwh"] > 100.0  # it is built: the comparison means something
    assert b.summary["objective"] == pytest.approx(a.summary["objective"], rel=OBJECTIVE_REL_TOL)
    for unit in ("kw", "kwh"):
        own, total = b.capacities[f"battery_only_{unit}"], b.capacities[f"battery_{unit}"]
        assert own == pytest.approx(a.capacities[f"battery_{unit}"], rel=OBJECTIVE_REL_TOL)
        assert total == pytest.approx(own, rel=OBJECTIVE_REL_TOL)
    np.testing.assert_allclose(b.dispatch["battery_only_soc_kwh"], a.dispatch["battery_soc_kwh"])
    assert b.summary["battery_cycles"] == pytest.approx(a.summary["battery_cycles"], rel=1e-9)


def test_each_battery_closes_its_own_state():
    """Two batteries with their own efficiencies (round trip 0.81 and 0.95) and self-discharge:
    each one's state follows its own recurrence to 1e-6 kWh, the audit says so per
    instance, and the electricity balance closes with their sum."""
    lossy = {**POWER, "round_trip_efficiency": 0.81, "self_discharge_per_hour": 0.01}
    p = plan(_batteries([lossy, {**ENERGY, "round_trip_efficiency": 0.95}]))
    d, audit = p.dispatch, p.summary["audit"]
    for stem, rt, keep in (("battery_power", 0.81, 0.99), ("battery_energy", 0.95, 1.0)):
        ch, dis, soc = (
            d[f"{stem}_{c}"].to_numpy() for c in ("charge_kw", "discharge_kw", "soc_kwh")
        )
        eta = np.sqrt(rt)
        expected = keep * np.roll(soc, 1) + eta * ch - dis / eta
        np.testing.assert_allclose(soc, expected, atol=1e-6)
        assert audit[f"{stem}_soc_residual_kwh"] < 1e-6
        assert dis.sum() > 1.0  # each one works
    assert audit["soc_residual_kwh"] < 1e-6 and audit["balance_residual_kw"] < 1e-6
    supply = d["grid_import_kw"] + d["battery_discharge_kw"]
    np.testing.assert_allclose(supply, LOAD_KW + d["battery_charge_kw"], atol=1e-6)


# --- thermal stores on two levels, cold stores --------------------------------------------------

LOSSLESS_STORE = {
    "loss_per_hour": 0.0,
    "charge_efficiency": 1.0,
    "discharge_efficiency": 1.0,
    "fixed_om_fraction_per_year": 0.0,
    "life_years": LIFE,
}
STEAM_KW = np.array([0.0, 0.0, 0.0, 100.0, 0.0, 0.0])
HOT_WATER_KW = np.array([0.0, 0.0, 0.0, 0.0, 50.0, 50.0])
BOILER_EFFICIENCY = 0.99


def _two_tanks(tanks) -> object:
    levels = [
        {"name": "steam", "temperature_c": 175.0, "demand": {"annual_mwh": 1.0}},
        {"name": "hot_water", "temperature_c": 80.0, "demand": {"annual_mwh": 1.0}},
    ]
    return make_inputs(
        np.full(T, 10.0),
        PRICE,
        heat={"levels": levels, "cascade": False},
        heat_demand_kw={"steam": STEAM_KW, "hot_water": HOT_WATER_KW},
        technologies={
            "electric_boiler": {"capex_cny_per_kw": 0.0, "fixed_om_fraction_per_year": 0.0},
            "thermal_storage": tanks,
        },
        **FINANCE,
    )


def test_two_thermal_stores_on_two_levels_by_hand():
    """Steam 100 kW_th in hour 3, hot water 50 kW_th in hours 4-5, from a free electric
    boiler (0.99) at 0.2 (hours 0-2) or 0.7: a kWh_th moved into a cheap hour saves
    0.5 / 0.99 x W = 737 CNY a year, above what storing it costs (10 CNY a year per kW_th
    and per kWh_th). The steam accumulator stores the steam (100 kW_th / 100 kWh_th), the
    hot water tank the hot water (50 kW_th / 100 kWh_th), each on its own level; every
    kWh_th is made in cheap hours. Cost: load 10 kW x 2.7 CNY x W = 39,420, power to heat
    200 / 0.99 x 0.2 x W = 58,990, stores 100 x 20 + 50 x 10 + 100 x 10 = 3,500."""
    cost = {"power_capex_cny_per_kw": 100.0, "energy_capex_cny_per_kwh": 100.0}
    tanks = [
        {"name": "accumulator", "level": "steam", **cost, **LOSSLESS_STORE},
        {"name": "tank", "level": "hot_water", **cost, **LOSSLESS_STORE},
    ]
    p = plan(_two_tanks(tanks))
    caps = p.summary["capacity"]
    assert caps["thermal_storage_accumulator_kw"] == pytest.approx(100.0, rel=REL)
    assert caps["thermal_storage_accumulator_kwh"] == pytest.approx(100.0, rel=REL)
    assert caps["thermal_storage_tank_kw"] == pytest.approx(50.0, rel=REL)
    assert caps["thermal_storage_tank_kwh"] == pytest.approx(100.0, rel=REL)
    assert caps["thermal_storage_kwh"] == pytest.approx(200.0, rel=REL)
    by_hand = 10 * PRICE.sum() * W + 200 / BOILER_EFFICIENCY * CHEAP * W + 3_500
    assert p.summary["cost"]["total_annual"] == pytest.approx(by_hand, rel=REL)

    d = p.dispatch
    np.testing.assert_allclose(d["thermal_storage_accumulator_discharge_kw"], STEAM_KW, atol=KW_TOL)
    np.testing.assert_allclose(d["thermal_storage_tank_discharge_kw"], HOT_WATER_KW, atol=KW_TOL)
    np.testing.assert_allclose(d["thermal_storage_discharge_kw"], STEAM_KW + HOT_WATER_KW)
    np.testing.assert_allclose(d["power_to_heat_kw"][3:], 0.0, atol=KW_TOL)
    audit = p.summary["audit"]
    assert audit["heat_balance_residual_kw"] < 1e-6
    assert audit["thermal_storage_tank_soc_residual_kwh"] < 1e-6
    assert p.summary["energy_mwh"]["thermal_storage_tank_discharge"] == pytest.approx(
        100 * W / 1e3, rel=REL
    )


COOLING_KW = LOAD_KW  # the battery case's shape: a spike of 200 over a base of 100 [kW_c]
COP = 4.0


def test_two_cold_stores_by_hand():
    """The battery case in cold: cooling 100 kW_c but 300 in hour 3, from a free chiller
    (COP 4) at 0.2 or 0.7 CNY/kWh: a kWh_c moved saves 0.5 / 4 x W = 182.5 CNY a year.
    "power" (10 + 100 CNY a year per kW_c and kWh_c) takes the spike (1 h: 110 < 182.5,
    "energy" would cost 175), "energy" (150 + 25) the base (3 h: 225, "power" 310). Cost:
    800 kWh_c / 4 at 0.2 x W = 58,400, stores 200 x 110 + 100 x 225 = 44,500."""
    stores = [
        {"name": "power", "power_capex_cny_per_kw": 100.0, "energy_capex_cny_per_kwh": 1000.0},
        {"name": "energy", "power_capex_cny_per_kw": 1500.0, "energy_capex_cny_per_kwh": 250.0},
    ]
    inputs = make_inputs(
        np.zeros(T),
        PRICE,
        cooling={"demand": {"annual_mwh": 1.0}},
        cooling_demand_kw=COOLING_KW,
        technologies={
            "chiller": {
                "capex_cny_per_kw": 0.0,
                "fixed_om_fraction_per_year": 0.0,
                "cop_curve": {"air_temperature_c": [0.0, 40.0], "cop": [COP, COP]},
            },
            "cold_storage": [{**s, **LOSSLESS_STORE} for s in stores],
        },
        **FINANCE,
    )
    p = plan(inputs)
    caps = p.summary["capacity"]
    for stem, kw, kwh in (("cold_storage_power", 200, 200), ("cold_storage_energy", 100, 300)):
        assert caps[f"{stem}_kw"] == pytest.approx(kw, rel=REL)
        assert caps[f"{stem}_kwh"] == pytest.approx(kwh, rel=REL)
    assert caps["cold_storage_kw"] == pytest.approx(300.0, rel=REL)
    assert p.summary["cost"]["total_annual"] == pytest.approx(58_400 + 44_500, rel=REL)
    d = p.dispatch
    np.testing.assert_allclose(d["chiller_cooling_kw"][3:], 0.0, atol=KW_TOL)
    np.testing.assert_allclose(
        d["cold_storage_discharge_kw"],
        d["cold_storage_power_discharge_kw"] + d["cold_storage_energy_discharge_kw"],
    )
    supply = p.summary["carriers"]["cooling"]["supply_mwh"]
    assert supply["cold_storage_energy"] == pytest.approx(300 * W / 1e3, rel=REL)
    audit = p.summary["audit"]
    assert audit["cooling_balance_residual_kw"] < 1e-6
    assert audit["cold_storage_power_soc_residual_kwh"] < 1e-6


# --- bad input ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("items", "field", "expected"),
    [
        ([{"name": "lfp"}, {"name": "lfp"}], "technologies.battery.1.name", "unique"),
        ([{"name": "LFP-2h"}, {"name": "b"}], "technologies.battery.0.name", "lowercase"),
        ([{"name": "charge"}, {"name": "b"}], "technologies.battery.0.name", "'charge'"),
        ([{"name": "a"}, {}], "technologies.battery.1.name", "a name for each item"),
    ],
)
def test_bad_battery_names_give_one_line_each(tmp_path, items, field, expected):
    """A bad name in a list of batteries: one line, naming the file, the field and the rule
    (``instances.name_problems``, as for every listable section)."""
    data = yaml.safe_load((ROOT / "inputs" / "cchp_park.yaml").read_text("utf-8"))
    data["technologies"]["battery"] = items
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(ScenarioError) as err:
        load_scenario(path)
    lines = [str(p) for p in err.value.problems]
    assert len(lines) == 1, lines
    assert str(path) in lines[0] and field in lines[0] and expected in lines[0]
    assert "\n" not in lines[0]


def test_each_battery_is_bought_in_its_own_right_over_a_pathway():
    """A one-period pathway of the two-battery case buys what the plan sizes, each battery
    on its own schedule row beside the technology's total."""
    from parkopt.optimizer.pathway import plan_pathway

    items = [{**POWER, **LOSSLESS}, {**ENERGY, **LOSSLESS}]
    pathway = {"periods": [{"year": 2026, "years": 1}], "typical_days": None}
    inputs = make_inputs(
        LOAD_KW,
        PRICE,
        technologies={"battery": items},
        grid={"export_limit_kw": 0.0},
        pathway=pathway,
        **FINANCE,
    )
    s = plan_pathway(inputs).summary
    rows = {(r["year"], r["capacity"]): r for r in s["schedule"]}
    for key, built in (
        ("battery_power_kw", 200.0),
        ("battery_power_kwh", 200.0),
        ("battery_energy_kw", 100.0),
        ("battery_energy_kwh", 300.0),
        ("battery_kwh", 500.0),
    ):
        assert rows[(2026, key)]["built"] == pytest.approx(built, rel=REL)
    assert rows[(2026, "battery_energy_kwh")]["instance"] == "energy"
    assert s["audit"]["objective_rel_gap"] < 1e-9


def test_typical_days_link_each_battery_s_own_state():
    """PV shines on days 0-1 only; the load is 40 kW, 100 kW from 18:00 to 20:00, imports
    capped at 30 kW. A long-duration battery (200 h, energy at 350 CNY/kWh) carries the
    sunny days' energy across the nights into the dark days; a 2-hour one (300 CNY/kWh, 2 h
    at most) serves the evening peaks. Every day its own typical day gives the full
    horizon's optimum; each battery's state is linked across days on its own
    (``lp/linked.py``) and closes its own recurrence on the calendar."""
    from parkopt.optimizer.planning.typical_days import plan_typical_days

    days, hours = 7, np.arange(24)
    sun = np.clip(np.sin((hours - 6) / 12 * np.pi), 0, None)
    long = {"max_duration_h": 200, "self_discharge_per_hour": 0.0005}
    items = [
        {"name": "long", "energy_capex_cny_per_kwh": 350.0, **long},
        {"name": "short", "max_duration_h": 2, "energy_capex_cny_per_kwh": 300.0},
    ]
    inputs = make_inputs(
        np.tile(np.where((hours >= 18) & (hours < 20), 100.0, 40.0), days),
        0.8,
        pv_kw_per_kw=np.concatenate([np.tile(sun, 2), np.zeros(24 * (days - 2))]),
        grid={"import_limit_kw": 30.0},
        technologies={"pv": {"capex_cny_per_kw": 3300}, "battery": items},
    )
    full = plan(inputs, whole_turbines=False)
    typical = plan_typical_days(inputs, days)
    gap = abs(typical.summary["objective"] - full.summary["objective"])
    assert gap / full.summary["objective"] < REL
    caps = typical.capacities
    assert caps["battery_long_kwh"] / caps["battery_long_kw"] > 10.0  # days of storage
    assert caps["battery_short_kwh"] / caps["battery_short_kw"] == pytest.approx(2.0, rel=REL)
    for key in ("battery_long_kwh", "battery_short_kwh"):
        assert caps[key] == pytest.approx(full.capacities[key], rel=1e-5)
    d = typical.dispatch
    midnight = d["battery_long_soc_kwh"].to_numpy()[24 * np.arange(1, days) - 1]
    assert midnight[1] > 1000.0 and np.all(np.diff(midnight[1:]) < 0)  # carried, then spent
    np.testing.assert_allclose(
        d["battery_soc_kwh"], d["battery_long_soc_kwh"] + d["battery_short_soc_kwh"], atol=1e-6
    )
    audit = typical.summary["audit"]
    assert audit["battery_long_soc_residual_kwh"] < 1e-6
    assert audit["battery_short_soc_residual_kwh"] < 1e-6


def test_a_bad_cold_store_name_is_refused_without_heat():
    """A park with cooling and no heat section: a bad name in the cold stores' list is still
    one line (the names are checked for every listable section, heat or not)."""
    items = [{"name": "Ice-1"}, {"name": "tank"}]
    with pytest.raises(ScenarioError) as err:
        make_inputs(
            np.zeros(T),
            PRICE,
            cooling={"demand": {"annual_mwh": 1.0}},
            cooling_demand_kw=COOLING_KW,
            technologies={"chiller": {"capex_cny_per_kw": 1.0}, "cold_storage": items},
        )
    named = [str(p) for p in err.value.problems if "technologies." in str(p)]
    assert len(named) == 1 and "technologies.cold_storage.0.name = 'Ice-1'" in named[0], named


def test_the_heat_plots_place_each_thermal_store_on_its_level(tmp_path):
    """The plots read the frame: each tank on the level the run names (``<stem>_level``), or,
    without the run's word, the level that closes the balances; the technology's totals,
    which span both levels, are not placed. Each tank's flows keep its name in the legend
    and the Sankey."""
    from parkopt.optimizer.plots.heat import level_parts, placed_levels, plot_heat_dispatch
    from parkopt.optimizer.plots.sankey import energy_flows

    cost = {"power_capex_cny_per_kw": 100.0, "energy_capex_cny_per_kwh": 100.0}
    tanks = [
        {"name": "accumulator", "level": "steam", **cost, **LOSSLESS_STORE},
        {"name": "tank", "level": "hot_water", **cost, **LOSSLESS_STORE},
    ]
    d = plan(_two_tanks(tanks)).dispatch
    levels = ["steam", "hot_water"]
    expected = {"thermal_storage_accumulator": "steam", "thermal_storage_tank": "hot_water"}
    assert placed_levels(d, levels) == expected
    bare = d.copy()
    bare.attrs = {}
    assert placed_levels(bare, levels) == expected  # inferred from the balances
    parts = {p.column: p for p in level_parts(d, levels, "steam", expected)}
    assert parts["thermal_storage_accumulator_discharge_kw"].label.endswith(" accumulator")
    assert "thermal_storage_tank_discharge_kw" not in parts
    shown = sum(p.sign * d[p.column].to_numpy() for p in parts.values())
    np.testing.assert_allclose(shown, STEAM_KW, atol=KW_TOL)  # in minus out = demand
    plot_heat_dispatch(d, levels, "steam", expected, tmp_path / "steam.png")
    assert (tmp_path / "steam.png").stat().st_size > 1000
    lossy = d.copy()  # the Sankey shows a store by its losses: give the tank some
    lossy["thermal_storage_tank_charge_kw"] = lossy["thermal_storage_tank_charge_kw"] * 1.1
    texts = {link.label for link in energy_flows(lossy).links}
    assert "Thermal storage tank losses" in texts


def test_a_contract_pays_for_each_battery_s_discharge():
    """Both batteries owned by a third party paid 0.15 CNY per kWh discharged: the park
    invests nothing, so the batteries serve every dear hour (0.7 - 0.15 > 0.2). Cost: imports
    (300 + 500) kWh at 0.2 x W = 233,600, payments 500 x 0.15 x W = 109,500; the LP pays
    each instance's discharge, so its objective is that cost too."""
    inputs = make_inputs(
        LOAD_KW,
        PRICE,
        technologies={"battery": [{**POWER, **LOSSLESS}, {**ENERGY, **LOSSLESS}]},
        grid={"export_limit_kw": 0.0},
        finance={
            "discount_rate": 0.0,
            "ownership": "contract",
            "ownership_price_cny_per_kwh": {"battery": 0.15},
        },
    )
    p = plan(inputs)
    assert p.summary["cost"]["contract_payments"] == pytest.approx(500 * 0.15 * W, rel=REL)
    assert p.summary["cost"]["total_annual"] == pytest.approx(233_600 + 109_500, rel=REL)
    assert p.summary["objective"] == pytest.approx(233_600 + 109_500, rel=REL)
