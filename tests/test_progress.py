"""A long solve is never silent (``lp/progress.py``): its stage, HiGHS's iterations and
objective every few seconds, and a last line with its time; nothing without a sink."""

from __future__ import annotations

from pathlib import Path

import pytest

from parkopt import load_scenario, plan, prepare
from parkopt.optimizer.lp import progress

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def lines(monkeypatch):
    """Progress lines of the solves inside, shown from 0.05 s on every 0.05 s."""
    monkeypatch.setattr(progress, "FIRST_S", 0.05)
    monkeypatch.setattr(progress, "EVERY_S", 0.05)
    out: list[str] = []
    progress.set_sink(out.append)
    yield out
    progress.set_sink(None)


def test_a_long_solve_shows_its_stages_and_a_last_line(lines):
    """60 days of the default example start from typical days: the stages are named in
    order, HiGHS's iterations appear, and the last line gives the time."""
    scenario = load_scenario(ROOT / "inputs" / "example_park.yaml")
    result = plan(prepare(scenario.model_copy(update={"horizon_hours": 24 * 60})))
    text = "\n".join(lines)
    stages = [
        "planning on 12 typical days",
        "capacities pinned at the typical-day sizes",
        "capacities freed, primal simplex from the pinned basis",
        "turbine(s)",
    ]
    positions = [text.find(s) for s in stages]
    assert all(p >= 0 for p in positions), text
    assert positions == sorted(positions)
    assert "iterations" in text
    assert lines[-1].startswith("  plan: done in ") and lines[-1].endswith(" s")
    assert result.summary["status"] == "optimal"


def test_iteration_lines_are_read():
    """HiGHS's simplex lines give the iterations and, once primal feasible, the objective."""
    watch = progress.Watch(lambda _: None, "plan", 1000.0, "CNY/year")
    watch.log("          0     0.0000000000e+00 Pr: 2880(43468.8) 0.3s")
    assert watch.iterations == 0 and not watch.feasible
    assert "0 iterations, 2,880 infeasibilities left" in watch.line()
    watch.log("       8882     6.3581921076e+04 Pr: 0(0); Du: 0(5.32907e-15) 4.8s")
    assert watch.iterations == 8882 and watch.feasible
    assert "8,882 iterations, objective 6.35819e+07 CNY/year" in watch.line()
    watch.log("Presolving model")  # other lines leave the figures alone
    assert watch.iterations == 8882
    watch.log("       9100     6.3581921076e+04 0.2s")  # the last line: no infeasibilities
    assert watch.feasible and "9,100 iterations, objective 6.35819e+07" in watch.line()


def test_silent_without_a_sink(monkeypatch):
    monkeypatch.setattr(progress, "FIRST_S", 0.0)
    progress.set_sink(None)
    with progress.watching("plan") as watch:
        assert watch is None
        progress.stage("anything")  # no error, nothing shown
