"""A cold solve started from typical days (``optimizer/lp/start.py``, ``solver.start``).

The start changes the path HiGHS takes, never the answer: the objective, the capacities,
the carbon cap's shadow price and the hourly balance must be the cold solve's, also when
the pinned sizes cannot meet a limit (then the solve falls back to a cold one).
"""

from __future__ import annotations

import numpy as np
import pytest
from pyomo.common.collections import ComponentMap

from parkopt.models.units import kw_to_mw
from parkopt.optimizer.accounts.kpis import BALANCE_TOL_KW
from parkopt.optimizer.inputs.synthetic import make_inputs
from parkopt.optimizer.lp import (
    ModelCache,
    build_model,
    new_solver,
    solve_model,
    solve_pinned,
    solve_plan,
)
from parkopt.optimizer.lp.start import START_DAYS, wanted
from parkopt.optimizer.planning.plan import plan

REL = 1e-7
DAYS = 28


def month(start: str = "auto", cut: float = 0.8, method: str = "dual_simplex", days=DAYS):
    """Four weeks of varying sun, wind and load (seeded), PV, wind and a battery under a
    carbon cut, solved with ``solver.start = start``."""
    rng = np.random.default_rng(7)
    hours = np.arange(24 * days)
    sun = np.clip(np.sin((hours % 24 - 6) / 12 * np.pi), 0, None)
    sun *= np.repeat(rng.uniform(0.2, 1.0, days), 24)  # cloudy and clear days
    wind = np.clip(
        np.repeat(rng.uniform(0.0, 0.7, days), 24) + rng.normal(0, 0.1, len(hours)), 0, 1
    )
    load = 100.0 + 30.0 * ((hours % 24 >= 8) & (hours % 24 < 20)) + rng.normal(0, 5, len(hours))
    tou = np.where((hours % 24 >= 8) & (hours % 24 < 22), 0.7, 0.3)
    return make_inputs(
        load,
        tou,
        pv_kw_per_kw=sun,
        wind_kw_per_kw=wind,
        technologies={
            "pv": {"capex_cny_per_kw": 3300, "max_kw": 400},
            "wind": {"capex_cny_per_kw": 8000},
            "battery": {},
        },
        carbon={"reduction": cut},
        solver={"start": start, "method": method},
    )


def _rel(a: float, b: float) -> float:
    return abs(a - b) / max(abs(b), 1.0)


def test_start_from_typical_days_gives_the_cold_optimum():
    cold = plan(month("cold"), whole_turbines=False)
    warm = plan(month("typical_days"), whole_turbines=False)
    assert "solve_start" not in cold.summary
    start = warm.summary["solve_start"]
    assert start["from"] == "typical_days" and start["typical_days"] == START_DAYS
    assert start["pinned"] == "optimal"
    assert _rel(warm.summary["objective"], cold.summary["objective"]) < REL
    for key, kw in cold.capacities.items():
        assert warm.capacities[key] == pytest.approx(kw, rel=1e-5, abs=1e-3), key
    assert warm.summary["abatement_cost_per_t"] == pytest.approx(
        cold.summary["abatement_cost_per_t"], rel=1e-5
    )
    assert warm.summary["cost"]["total_annual"] == pytest.approx(
        sum(
            v
            for k, v in warm.summary["cost"].items()
            if k not in ("total_annual", "operating_annual")
        ),
        rel=1e-9,
    )
    assert warm.summary["audit"]["balance_residual_kw"] < BALANCE_TOL_KW


def test_pinned_sizes_that_miss_the_cap_start_again_with_elastic_targets():
    """PV, wind and battery pinned at zero cannot cut 80 %: the pinned LP is infeasible, so
    it is solved again with the cap elastic (feasible), freed, and reaches the cold optimum
    with nothing relaxed, the cap's shadow price included, without a cold solve."""
    inputs = month("cold")
    m = build_model(inputs)
    solver = new_solver(m)
    ref_model = build_model(inputs)
    ref_solver = new_solver(ref_model)
    reference = solve_model(ref_model, inputs, ref_solver, synced=True)
    cold_iterations = ref_solver.highs.getInfo().simplex_iteration_count
    zero = ComponentMap((m.cap[k], 0.0) for k in m.K)
    status, how = solve_pinned(m, inputs, solver, zero, synced=True)
    assert how["pinned"].startswith("infeasible; started again with elastic targets")
    assert status.optimal
    assert _rel(status.objective, reference.objective) < REL
    dual = m.solution_duals[m.carbon_cap]
    assert dual == pytest.approx(ref_model.solution_duals[ref_model.carbon_cap], rel=1e-6)
    assert solver.softened().max() == 0.0  # held at 0 after
    freed_iterations = solver.highs.getInfo().simplex_iteration_count
    assert freed_iterations < cold_iterations


def test_the_elastic_start_ends_in_dual_simplex_when_a_target_stays_relaxed(monkeypatch):
    """With a penalty below the cap's shadow price the freed optimum still relaxes the cap:
    the elastic columns are held at 0 and dual simplex goes on to the cold optimum."""
    import parkopt.optimizer.lp.start as start

    monkeypatch.setattr(start, "ELASTIC_PENALTY", 1e-4)
    inputs = month("cold")
    m = build_model(inputs)
    solver = new_solver(m)
    reference = solve_model(build_model(inputs), inputs)
    zero = ComponentMap((m.cap[k], 0.0) for k in m.K)
    status, how = solve_pinned(m, inputs, solver, zero, synced=True)
    assert "then dual simplex" in how["pinned"]
    assert status.optimal and _rel(status.objective, reference.objective) < REL


def test_pinned_rows_stay_out_of_the_solution():
    """The pin's row and deviation column live in HiGHS only: after pinning PV at 100 kW and
    freeing it, the solution has one dual per compiled row and the cold optimum."""
    inputs = month("cold")
    m = build_model(inputs)
    solver = new_solver(m)
    pv = ComponentMap([(m.cap["pv_kw"], kw_to_mw(100.0))])
    status, how = solve_pinned(m, inputs, solver, pv, synced=True)
    assert how["pinned"] == "optimal"
    assert solver.highs.getNumRow() == len(solver.compiled.rows) + 1
    assert solver.highs.getNumCol() == len(solver.compiled.columns) + 1  # its deviation
    assert len(m.solution_duals) == len({id(c) for c in solver.compiled.rows})
    reference = solve_model(build_model(inputs), inputs)
    assert _rel(status.objective, reference.objective) < REL


@pytest.mark.parametrize(
    ("start", "method", "days", "expected"),
    [
        ("auto", "dual_simplex", 59, False),  # auto: from 60 days on
        ("auto", "dual_simplex", 60, True),
        ("typical_days", "dual_simplex", DAYS, True),
        ("typical_days", "ipm", DAYS, False),  # interior point starts no basis
        ("cold", "dual_simplex", 60, False),
    ],
)
def test_when_a_solve_starts_from_typical_days(start, method, days, expected):
    assert wanted(month(start, method=method, days=days)) is expected


def test_an_infeasible_pin_after_a_solve_goes_on_from_that_solve_s_basis():
    """A re-solve (a whole-turbine candidate) whose pinned sizes cannot meet the cut goes
    on from the basis of the solve before it, to the same optimum."""
    inputs = month("cold")
    m = build_model(inputs)
    solver = new_solver(m)
    first = solve_model(m, inputs, solver, synced=True)
    zero = ComponentMap((m.cap[k], 0.0) for k in m.K)
    status, how = solve_pinned(m, inputs, solver, zero, synced=True)
    assert how["pinned"].endswith("from the last basis")
    assert status.optimal and _rel(status.objective, first.objective) < REL
    fallback_iterations = solver.highs.getInfo().simplex_iteration_count
    fresh = build_model(inputs)
    cold = new_solver(fresh)
    solve_model(fresh, inputs, cold, synced=True)
    cold_iterations = cold.highs.getInfo().simplex_iteration_count
    assert fallback_iterations * 10 < cold_iterations  # from that basis, not from scratch


def test_a_started_model_re_solves_warm_to_the_cold_optima():
    """A study's worker: the first solve starts from typical days, the next ones update the
    kept model (the pin's rows and deviations stay in HiGHS, freed); each equals a fresh
    cold solve."""
    cache = ModelCache()
    for cut in (0.8, 0.7, 0.9):
        started, _ = solve_plan(month("typical_days", cut=cut), cache, "k")
        reference, _ = solve_plan(month("cold", cut=cut))
        assert started.warm_start is (cut != 0.8)
        assert _rel(started.objective_value, reference.objective_value) < REL, cut
    assert cache.solver.highs.getNumCol() == len(cache.solver.compiled.columns) + len(cache.model.K)


def test_a_failing_typical_day_plan_leaves_a_cold_solve(monkeypatch):
    """The start is a shortcut: if clustering fails, the full LP is solved cold and says so."""
    import parkopt.optimizer.lp.start as start

    def broken(*_args, **_kw):
        raise RuntimeError("tsam unavailable")

    monkeypatch.setattr(start, "cluster", broken)
    cold = plan(month("cold"), whole_turbines=False)
    warm = plan(month("typical_days"), whole_turbines=False)
    assert warm.summary["solve_start"]["pinned"].startswith("typical-day plan failed (RuntimeError")
    assert _rel(warm.summary["objective"], cold.summary["objective"]) < REL


def test_pinned_sizes_that_miss_a_limit_that_is_no_target_start_again_from_below():
    """Sizes pinned at zero cannot meet a load above the import limit (a peak the typical
    days may not hold; the cooling of inputs/cchp_park.yaml was one): elastic targets do not
    help, so the sizes are pinned from below (at least the typical-day sizes), freed, and
    the cold optimum is reached without a cold solve."""
    inputs = month("cold")
    grid = inputs.scenario.grid.model_copy(update={"import_limit_kw": 125.0})
    scenario = inputs.scenario.model_copy(update={"grid": grid})
    from parkopt.optimizer.inputs.plan_inputs import with_scenario

    inputs = with_scenario(inputs, scenario)
    m = build_model(inputs)
    solver = new_solver(m)
    ref_model = build_model(inputs)
    reference = solve_model(ref_model, inputs, new_solver(ref_model), synced=True)
    assert reference.optimal
    zero = ComponentMap((m.cap[k], 0.0) for k in m.K)
    status, how = solve_pinned(m, inputs, solver, zero, synced=True)
    assert how["pinned"].endswith("(sizes pinned from below)")
    assert status.optimal
    assert _rel(status.objective, reference.objective) < REL
    assert solver.softened().max() == 0.0
