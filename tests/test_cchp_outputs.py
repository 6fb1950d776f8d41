"""What a run with CHP and cooling shows: summary.json's carriers (a ``cooling`` carrier, the
CHP under electricity, heat and gas, the chillers' intake), the console's CHP and cooling
lines, and the summary's schema. A 4-hour horizon, as in test_cchp.py."""

from __future__ import annotations

import numpy as np
import pytest

from parkopt.optimizer.inputs.synthetic import make_inputs
from parkopt.optimizer.outputs.console import format_summary
from parkopt.optimizer.planning.plan import plan


@pytest.fixture(scope="module")
def run():
    inputs = make_inputs(
        np.full(4, 100.0),
        np.array([0.2, 0.2, 1.5, 1.5]),
        heat={
            "levels": [{"name": "steam", "temperature_c": 175.0, "demand": {"annual_mwh": 1.0}}],
            "gas": {"price_cny_per_m3": 2.0},
        },
        heat_demand_kw={"steam": 50.0},
        cooling={"demand": {"annual_mwh": 1.0}},
        cooling_demand_kw=80.0,
        technologies={
            "chp": {"level": "steam", "capex_cny_per_kw": 0.0},
            "chiller": {"capex_cny_per_kw": 10.0},
            "absorption_chiller": {"level": "steam", "capex_cny_per_kw": 10.0},
            "cold_storage": {"energy_capex_cny_per_kwh": 1.0},
            "gas_boiler": {"capex_cny_per_kw": 0.0},
        },
    )
    p = plan(inputs)
    assert p.summary["status"] == "optimal"
    return p


def test_carriers_hold_cooling_and_the_chp(run):
    c, e = run.summary["carriers"], run.summary["energy_mwh"]
    cool = c["cooling"]
    assert cool["demand_mwh"] == pytest.approx(e["cooling_demand"])
    assert set(cool["supply_mwh"]) == {"chiller", "absorption_chiller", "cold_storage"}
    made = cool["supply_mwh"]["chiller"] + cool["supply_mwh"]["absorption_chiller"]
    stored = cool["supply_mwh"]["cold_storage"] - cool["taken_mwh"]["cold_storage"]
    assert made + stored == pytest.approx(cool["demand_mwh"], rel=1e-6)
    assert c["electricity"]["supply_mwh"]["chp"] == pytest.approx(e["chp_electricity"])
    assert c["electricity"]["demand_mwh"]["chiller"] == pytest.approx(e["chiller_electricity"])
    assert c["heat_steam"]["supply_mwh"]["chp"] == pytest.approx(e["chp_heat"])
    assert c["heat_steam"]["taken_mwh"]["absorption_chiller"] == pytest.approx(
        e["absorption_chiller_heat"]
    )
    assert c["gas"]["demand_mwh"]["chp"] == pytest.approx(e["chp_gas"])
    assert sum(c["gas"]["demand_mwh"].values()) == pytest.approx(c["gas"]["total_mwh"])


def test_console_shows_the_chp_and_the_cooling(run):
    text = format_summary(run.summary)
    assert "Gas CHP" in text and "Electric chiller" in text and "Cold storage" in text
    cooling = next(line for line in text.splitlines() if line.strip().startswith("Cooling"))
    assert "MWh_c/year" in cooling and "COP" in cooling
    assert any("MWh_e and" in line for line in text.splitlines())


def test_summary_matches_its_schema(run, tmp_path):
    from parkopt.optimizer.outputs.result_schema import validate_summary
    from parkopt.optimizer.outputs.results import read_summary, write_run

    validate_summary(read_summary(write_run(run, tmp_path / "run")))
