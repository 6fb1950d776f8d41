"""Named store instances (issue 21, item 1): batteries, thermal stores and cold stores as
lists under ``technologies.battery``, ``technologies.thermal_storage`` and
``technologies.cold_storage``, each its own store of the LP."""

from __future__ import annotations

import numpy as np
import pytest

from parkopt.optimizer.common.errors import ScenarioError
from parkopt.optimizer.inputs.synthetic import make_inputs
from parkopt.optimizer.planning.plan import plan

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
