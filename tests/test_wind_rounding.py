"""Wind as whole turbines against brute force: the count chosen and the plan's cost equal
those of re-solving each whole count from scratch (a model built anew with wind fixed, a
cold solve), on a synthetic week and on the default example's four June weeks. Numbers,
not timings (benchmarks/turbines.py times it)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from parkopt import load_scenario, prepare
from parkopt.models.finance import capital_recovery_factor
from parkopt.models.units import KW_PER_MW, kw_to_mw
from parkopt.optimizer.inputs.synthetic import make_inputs
from parkopt.optimizer.lp import ModelCache, build_model, solve_model, solve_plan
from parkopt.optimizer.lp.start import HELD_DEFAULTS
from parkopt.optimizer.planning import wind_rounding
from parkopt.optimizer.planning.plan import plan
from parkopt.optimizer.planning.wind_rounding import whole_turbines, wind_instance

REL = 1e-6  # the plan's cost against the brute-force re-solve's (issue 23, goal 6)
HOURS = 24 * 7
EXAMPLE = Path(__file__).resolve().parents[1] / "inputs" / "example_park.yaml"


def week(max_kw: float | None = None, **carbon) -> object:
    """A week of a 12-16 MW park on a two-level tariff: PV up to 8 MW, wind (E-141/4200,
    up to ``max_kw``) with a gusty profile, a battery; ``carbon`` as the scenario's
    section."""
    rng = np.random.default_rng(23)
    t = np.arange(HOURS)
    hour = t % 24
    load = 14000 + 2000 * np.sin(2 * np.pi * hour / 24) + rng.normal(0, 400, HOURS)
    wind = np.clip(0.35 + 0.25 * np.sin(2 * np.pi * t / 53) + rng.normal(0, 0.1, HOURS), 0, 1)
    pv = np.clip(np.sin(np.pi * (hour - 6) / 12), 0, None)
    techs = {
        "pv": {"max_kw": 8000, "capex_cny_per_kw": 3300},
        "wind": {
            "turbine_type": "E-141/4200",
            "capex_cny_per_kw": 5800,
            "life_years": 20,
            "max_kw": max_kw,
        },
        "battery": {"power_capex_cny_per_kw": 150, "energy_capex_cny_per_kwh": 400},
    }
    sections = {"technologies": techs, **({"carbon": carbon} if carbon else {})}
    price = np.where((hour >= 8) & (hour < 22), 1.0, 0.4)
    return make_inputs(load, price, pv_kw_per_kw=pv, wind_kw_per_kw=wind, **sections)


def brute_force(inputs, rounding: dict) -> dict[int, float]:
    """Each candidate within the wind bounds: its cost [currency/year] from a model built
    anew with wind fixed there, solved cold (None: infeasible)."""
    key = wind_instance(inputs).capacities[0].key
    costs = {}
    for c in rounding["candidates"]:
        if not c["feasible"] and "_kw" in c.get("reason", ""):
            continue
        m = build_model(inputs)
        m.cap[key].setlb(kw_to_mw(c["kw"]))
        m.cap[key].setub(kw_to_mw(c["kw"]))
        status = solve_model(m, inputs)
        assert status.optimal or status.infeasible
        costs[c["turbines"]] = status.objective * KW_PER_MW if status.optimal else None
    return costs


def assert_as_brute_force(p) -> dict:
    """The plan's chosen count is the brute force's cheapest, its objective that count's
    cost; every candidate solved to the end costs what brute force says, and one stopped
    at a bound costs at least that bound and more than the chosen one."""
    r = p.summary["wind_turbines"]
    costs = brute_force(p.inputs, r)
    for n in [n for n, cost in costs.items() if cost is None]:
        assert not next(c for c in r["candidates"] if c["turbines"] == n)["feasible"]
        del costs[n]
    best = min(costs, key=lambda n: (costs[n], n))
    assert r["chosen"]["turbines"] == best
    assert p.summary["objective"] == pytest.approx(costs[best], rel=REL)
    assert r["chosen"]["annual_cost"] == pytest.approx(costs[best], rel=REL)
    for c in r["candidates"]:
        if c["turbines"] not in costs:
            continue
        if c.get("lower_bound"):
            assert costs[best] < c["annual_cost"] <= costs[c["turbines"]] * (1 + REL)
        else:
            assert c["annual_cost"] == pytest.approx(costs[c["turbines"]], rel=REL)
    return r


@pytest.mark.parametrize(
    "carbon",
    [{}, {"reduction": 0.85}],
    ids=["cost_only", "floor_misses_the_cap"],
)
def test_chosen_count_and_cost_are_those_of_brute_force(carbon):
    r = assert_as_brute_force(plan(week(**carbon)))
    assert len(r["candidates"]) == 2


def test_a_land_limit_between_the_counts_leaves_the_floor():
    """max_kw between the two counts: only the floor is re-solved, as brute force has it."""
    free = plan(week(), whole_turbines=False)
    n = free.capacities["wind_kw"] / wind_rounding.rated_power_kw(free.inputs)
    r = assert_as_brute_force(plan(week(max_kw=(np.floor(n) + 0.5) * 4200.0)))
    assert not r["candidates"][1]["feasible"] and "max_kw" in r["candidates"][1]["reason"]


@pytest.mark.parametrize("limits", [(1, 2000), (1, 1)], ids=["gives_way", "pinned"])
def test_the_other_paths_give_the_same_answer(monkeypatch, limits):
    """A first try stopped at once (the count below goes first, then the one above is
    taken up again), and warm solves that give up altogether (pinned re-solves instead):
    the same count and cost."""
    monkeypatch.setattr(wind_rounding, "TRY_ITERATIONS", limits[0])
    monkeypatch.setattr(wind_rounding, "WARM_ITERATIONS", limits[1])
    assert_as_brute_force(plan(week()))


def test_the_example_park_on_four_june_weeks():
    """The default example on 672 hours (a cold start, no typical days): as brute force."""
    scenario = load_scenario(EXAMPLE).model_copy(
        update={"horizon_hours": 672, "horizon_start_hour": 3624}
    )
    r = assert_as_brute_force(plan(prepare(scenario)))
    assert r["chosen"]["turbines"] == 6


def test_the_nearer_count_first_and_the_model_handed_back():
    """10 MW flat, wind 1 kW/kW at 621.7 CNY/kW-year: the continuous 12,000 kW is 2.86
    turbines; 3 (above it) is solved first and costs 600 x 621.7 more; 2 (3,600 kW short,
    at 8,760 - 621.7 a kW) then runs with the bound (on this tiny LP it reached its optimum
    in 23 iterations before HiGHS checked the bound: every 1/density iterations). The kept
    model gets its wind bounds and HiGHS its options back."""
    wind = {"capex_cny_per_kw": 5800, "life_years": 20, "fixed_om_fraction_per_year": 0.02}
    wind_a = 5800 * (capital_recovery_factor(0.06, 20) + 0.02)  # 621.7 CNY/kW-year
    inputs = make_inputs(
        np.full(24, 12000.0),
        1.0,
        wind_kw_per_kw=1.0,
        technologies={"wind": wind},
    )
    cache = ModelCache()
    result, _ = solve_plan(inputs, cache)
    r = whole_turbines(inputs, result, cache)
    floor, ceil = r["candidates"]
    assert r["chosen"] is ceil and not ceil.get("lower_bound")
    assert ceil["extra_cost"] == pytest.approx(600 * wind_a, rel=1e-5)
    short = 3600 * (8760 - wind_a)
    if floor.get("lower_bound"):  # HiGHS checks its bound every few iterations only
        assert ceil["annual_cost"] < floor["annual_cost"] <= ceil["annual_cost"] + short
    else:
        assert floor["extra_cost"] == pytest.approx(short, rel=1e-5)
    var = cache.model.cap["wind_kw"]
    assert (var.lb, var.ub) == (0.0, None)
    h = cache.solver.highs
    i = next(i for i, v in enumerate(cache.solver.compiled.columns) if v is var)
    assert h.getLp().col_upper_[i] == cache.solver.compiled.col_upper[i] == np.inf
    for key, value in HELD_DEFAULTS.items():
        assert h.getOptionValue(key)[1] == value
