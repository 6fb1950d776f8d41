"""Supplies and links from the registry (``schema/supplies.py``, ``lp/supplies.py``) and heat
levels as nodes of the one node family (``lp/nodes.py``): which levels each reaches, the
rows and variables built from the entries, and a hand-worked case on four hours.

The case: steam (175 degC) needs STEAM, hot water (80 degC) needs HW [kW_th]; an existing
gas boiler on steam (efficiency 0.9, gas at 3.5 CNY/m3: about 0.368 CNY/kWh_th) and purchased
heat at 120 degC (reaches hot water only) for 30 CNY/GJ = 0.108 CNY/kWh_th, at most 250 kW_th.
Purchased heat is the cheaper: it serves hot water up to its limit, the cascade the rest from
the boiler; the boiler serves all steam.
"""

from __future__ import annotations

import numpy as np
import pyomo.environ as pyo

from parkopt.models.heat import KWH_PER_GJ
from parkopt.optimizer.inputs.synthetic import make_inputs
from parkopt.optimizer.lp.build import build_model, update_parameters
from parkopt.optimizer.planning.plan import plan
from parkopt.optimizer.schema.carriers import balance_nodes
from parkopt.optimizer.schema.supplies import CASCADE, GAS_SUPPLY, PURCHASED_HEAT

TOL = 1e-6  # [kW_th]
W = 8760 / 4  # weight of one hour of the 4-hour horizon [h/year]
STEAM = np.array([500.0, 700.0, 600.0, 400.0])
HW = np.array([300.0, 100.0, 500.0, 200.0])
LIMIT_KW = 250.0
PRICE_CNY_PER_GJ = 30.0


def level(name: str, temperature_c: float) -> dict:
    return {"name": name, "temperature_c": temperature_c, "demand": {"annual_mwh": 1.0}}


def inputs(price: float = PRICE_CNY_PER_GJ, cascade: bool = True, purchased_c: float = 120.0):
    return make_inputs(
        np.full(4, 100.0),
        1.0,
        heat={
            "levels": [level("hw", 80), level("steam", 175)],  # given coolest first
            "cascade": cascade,
            "purchased": {
                "price_cny_per_gj": price,
                "temperature_c": purchased_c,
                "max_kw": LIMIT_KW,
            },
        },
        heat_demand_kw={"steam": STEAM, "hw": HW},
        technologies={"existing_gas_boiler": {"capacity_kw": 2000, "levels": ["steam"]}},
    )


def test_levels_each_entry_reaches():
    s = inputs().scenario
    nodes = [(c.name, lv) for c, lv in balance_nodes(s)]
    assert nodes == [("electricity", (None,)), ("heat", ("steam", "hw"))]
    assert PURCHASED_HEAT.levels(s) == ("hw",)  # 120 degC: below steam's 175
    assert PURCHASED_HEAT.levels(inputs(purchased_c=200.0).scenario) == ("steam", "hw")
    assert CASCADE.levels(s) == ("steam",)  # every level but the coolest
    assert CASCADE.levels(inputs(cascade=False).scenario) == ()
    assert GAS_SUPPLY.levels(s) == (None,)  # gas has no levels


def test_the_model_is_built_from_the_entries():
    m = build_model(inputs())
    assert list(m.heat_levels) == ["steam", "hw"]
    assert len(m.heat_balance) == 2 * 4  # one row per level and hour
    assert list(m.bought_at) == ["hw"] and list(m.down_at) == ["steam"]
    assert len(m.bought_limit) == 4
    assert pyo.value(m.supply_price["bought"]) == PRICE_CNY_PER_GJ / KWH_PER_GJ
    gas = inputs().scenario.heat.gas
    assert pyo.value(m.supply_price["gas"]) == gas.price_per_kwh
    update_parameters(m, inputs(price=45.0))  # a study's warm re-solve
    assert pyo.value(m.supply_price["bought"]) == 45.0 / KWH_PER_GJ


def test_purchased_heat_to_its_limit_and_the_cascade_the_rest():
    """Its limit binds in the two hours above 250 kW_th: one more kW_th there saves the
    boiler's heat less the purchased heat's price, w = 8760 / 4 h a year each, and in the
    peak hour (1,100 kW_th) one kW_th of the boiler kept, its O&M."""
    i = inputs()
    p = plan(i)
    d = p.dispatch
    bought = np.minimum(HW, LIMIT_KW)
    np.testing.assert_allclose(d["heat_hw_purchased_kw"], bought, atol=TOL)
    np.testing.assert_allclose(d["heat_steam_cascade_kw"], HW - bought, atol=TOL)
    boiler = d["heat_steam_existing_gas_boiler_kw"]
    np.testing.assert_allclose(boiler, STEAM + HW - bought, atol=TOL)
    assert p.summary["audit"]["heat_balance_residual_kw"] < TOL
    (limit,) = [b for b in p.summary["binding_limits"] if b["name"] == "heat.purchased.max_kw"]
    eff = i.hourly["existing_gas_boiler_steam_efficiency"].to_numpy()[0]
    saving = i.scenario.heat.gas.price_per_kwh / eff - PRICE_CNY_PER_GJ / KWH_PER_GJ
    assert limit["hours"] == 2
    upkeep = i.scenario.technologies.existing_gas_boiler.fixed_om_cny_per_kw_year
    np.testing.assert_allclose(limit["shadow_price"], 2 * W * saving + upkeep, rtol=1e-6)
