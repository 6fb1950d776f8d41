"""What the `parkopt` command prints: human numbers, the run summary, tables (pure, fast)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from parkopt.optimizer.outputs.console import (
    format_summary,
    format_table,
    format_turbines,
    num,
    pct,
    qty,
    row_unit,
)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (75_058_123.4, "75,058,123"),
        (7.506e7, "75,060,000"),
        (23_000.25, "23,000"),
        (1000.0, "1,000"),
        (295.5563, "295.6"),
        (12.5, "12.5"),
        (0.41234, "0.4123"),
        (0.000123456, "0.0001235"),
        (-3252.4, "-3,252"),
        (-0.5, "-0.5"),
        (0.0, "0"),
        (1.10433e-13, "0"),
        (-7.3e-12, "0"),
        (4.56e-13, "0"),
        (np.float64(1.5e-10), "0"),
        (None, "n/a"),
        (math.nan, "n/a"),
        (7, "7"),
    ],
)
def test_num_is_human_and_never_scientific(value, expected):
    assert num(value) == expected


def test_num_residual_relative_to_scale():
    assert num(2e-6, scale=23_000.0) == "0"  # below 1e-9 of the scale
    assert num(5e-5, scale=23_000.0) == "0.00005"  # above it: shown
    assert num(2e-9) == "0.000000002"  # absolute: above 1e-9, no exponent


def test_qty_and_pct():
    assert qty(185_609.96, "kWh") == "185,610 kWh"
    assert qty(1.1e-13, "kW") == "0 kW"
    assert pct(0.50168) == "50.2%"
    assert pct(-1e-12) == "0.0%"
    assert pct(None) == "n/a"


def summary(**changes) -> dict:
    s = {
        "currency": "EUR",
        "capacity": {
            "pv_kw": 40000.0,
            "wind_kw": 25200.0,
            "battery_kw": 30935.0,
            "battery_kwh": 1e5,
        },
        "cost": {"total_annual": 83_530_363.3},
        "baseline_cost": 117_664_044.0,
        "lcoe_per_kwh": 0.41234,
        "emissions_t": 20_000.0,
        "baseline_emissions_t": 40_000.0,
        "renewable_share": 0.5,
        "hourly_matched_share": 0.493,
        "green": {"hours_fully_green": 1234, "longest_grid_free_run_h": 17},
        "horizon_hours": 8760,
        "carbon_cap_t": 20_000.0,
        "abatement_cost_per_t": 3252.4,
    }
    s.update(changes)
    return s


def lines_of(text: str) -> list[str]:
    return [" ".join(line.split()) for line in text.splitlines()]


def test_summary_labels_cost_lcoe_and_marginal_abatement_cost():
    lines = lines_of(format_summary(summary()))
    assert "Annual cost 83,530,363 EUR/year (grid only 117,664,044 EUR/year)" in lines
    assert "LCOE 0.4123 EUR/kWh of load" in lines
    assert "Emissions 20,000 tCO2/year (grid only 40,000 tCO2/year; -50.0%)" in lines
    assert "Battery 30,935 kW / 100,000 kWh" in lines
    assert "Fully green hours 1,234 of 8,760 h (longest grid-free run 17 h)" in lines
    assert (
        "Carbon cap 20,000 tCO2/year: marginal abatement cost 3,252 EUR/tCO2 "
        "(shadow price of the cap)"
    ) in lines
    assert not any("currency" in line or "CNY" in line for line in lines)


def test_summary_cap_not_binding_and_explicit_currency():
    lines = lines_of(format_summary(summary(abatement_cost_per_t=None), "CNY"))
    assert "Carbon cap 20,000 tCO2/year: not binding (marginal abatement cost 0)" in lines
    assert "LCOE 0.4123 CNY/kWh of load" in lines
    tiny = lines_of(format_summary(summary(abatement_cost_per_t=3e-12), "CNY"))
    assert any(line.startswith("Carbon cap 20,000 tCO2/year: not binding") for line in tiny)


def test_summary_of_a_simulation_has_no_cap_line():
    text = format_summary(summary(strategy="self_consumption", target_met=False))
    assert "Strategy self_consumption; target NOT met" in lines_of(text)
    assert "Carbon cap" not in text


@pytest.mark.parametrize(
    ("row", "unit"),
    [
        ("capacity.pv_kw", "kW_DC"),
        ("capacity.battery_kw", "kW"),
        ("capacity.battery_kwh", "kWh"),
        ("cost.total_annual", "USD/year"),
        ("lcoe_per_kwh", "USD/kWh"),
        ("emissions_market_t", "tCO2/year"),
        ("renewable_share", "%"),
        ("battery_cycles", "cycles/year"),
        ("abatement_cost_per_t", "USD/tCO2"),
        ("energy_mwh.pv", "MWh/year"),
    ],
)
def test_row_units(row, unit):
    assert row_unit(row, "USD") == unit


def test_table_formats_each_row_with_its_unit():
    table = pd.DataFrame(
        {
            "a": [7.506e7, 0.59596, 0.5017, 1.1e-13, None],
            "b": [8.1e7, 0.61, 0.6, 2.0, None],
        },
        index=[
            "cost.total_annual",
            "lcoe_per_kwh",
            "renewable_share",
            "energy_mwh.curtailed",
            "cost.demand_charge",
        ],
    )
    rows = lines_of(format_table(table, "CNY"))
    assert rows[0] == "a b"
    assert rows[1] == "cost.total_annual [CNY/year] 75,060,000 81,000,000"
    assert rows[2] == "lcoe_per_kwh [CNY/kWh] 0.5960 0.6100"
    assert rows[3] == "renewable_share [%] 50.2% 60.0%"
    assert rows[4] == "energy_mwh.curtailed [MWh/year] 0 2"
    assert rows[5] == "cost.demand_charge [CNY/year] - -"


def test_turbines_table():
    table = pd.DataFrame(
        {
            "rated_power_kw": [4200.0, 800.0],
            "rotor_diameter_m": [141.0, 53.0],
            "hub_heights_m": [(99.0, 129.0), ()],
        },
        index=pd.Index(["E-141/4200", "E-53/800"], name="turbine_type"),
    )
    rows = lines_of(format_turbines(table))
    assert rows[:3] == [
        "turbine type rated power [kW] rotor diameter [m] hub heights [m]",
        "E-141/4200 4,200 141 99, 129",
        "E-53/800 800 53 -",
    ]
    assert "I V112/3450, II V126/3450, III E-141/4200" in rows[-2]


def test_turbine_table_reads_the_bundled_library():
    from parkopt.models.turbines import turbine_table, turbine_types

    t = turbine_table()
    assert list(t.index) == turbine_types()
    assert t.loc["E-141/4200", "rated_power_kw"] == 4200.0
    assert t.loc["E-141/4200", "rotor_diameter_m"] == 141.0
    assert t.loc["E-141/4200", "hub_heights_m"] == (99.0, 129.0, 135.0, 159.0)
    assert t.loc["MM92/2050", "hub_heights_m"] == (68.5, 80.0, 100.0)  # "68,5;80,0;100,0"
    assert t["rated_power_kw"].between(100, 20_000).all()
