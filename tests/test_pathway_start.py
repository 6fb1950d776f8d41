"""A pathway on every hour of its periods starts from its typical-day plan (``pathway/start.py``)
and reaches the same optimum as a cold solve; on typical days, or with ``solver.start: cold``,
it solves plainly."""

from __future__ import annotations

from pathlib import Path

import pytest

from parkopt.optimizer.pathway import plan_pathway
from parkopt.optimizer.schema.scenario import load_scenario, scenario_from_dict

ROOT = Path(__file__).resolve().parents[1]
DAYS = 62  # whole days: at least start.AUTO_MIN_DAYS, so the start is wanted
PERIODS = [
    {"year": 2026, "carbon": {"reduction": 0.3}},
    {"year": 2028, "carbon": {"reduction": 0.5}},
    {"year": 2030, "years": 2, "carbon": {"reduction": 0.6}},
]


def _summary(start: str, typical_days: int | None = None, periods=PERIODS) -> dict:
    base = load_scenario(ROOT / "inputs" / "example_park.yaml").model_dump(
        mode="json", exclude={"source"}
    )
    base.update(horizon_hours=DAYS * 24, solver={**base.get("solver", {}), "start": start})
    base["pathway"] = {"typical_days": typical_days, "periods": periods}
    return plan_pathway(scenario_from_dict(base, "test.yaml", ROOT / "inputs")).summary


def test_a_full_year_pathway_starts_from_typical_days_to_the_cold_optimum():
    started, cold = _summary("auto"), _summary("cold")
    assert started["start"]["from"] == "typical_days"
    assert started["start"]["pinned"].startswith(("optimal", "infeasible"))
    assert cold["start"] is None
    assert started["objective"] == pytest.approx(cold["objective"], rel=1e-7)
    for a, b in zip(started["path"], cold["path"], strict=True):  # each period's targets hold
        assert a["emissions_t"] == pytest.approx(b["emissions_t"], rel=1e-6)
        cut = 1 - a["emissions_t"] / a["baseline_emissions_t"]
        assert cut >= a["targets"]["reduction"] - 1e-6


def test_a_target_the_typical_day_builds_miss_still_reaches_the_optimum():
    """A 2030 cut near the reachable one (66 %; 66.4 % is reachable): the typical-day
    builds fall short on the real hours, so the pinned step goes again with elastic targets,
    and still ends at the cold optimum."""
    tight = [*PERIODS[:2], {**PERIODS[2], "carbon": {"reduction": 0.66}}]
    started, cold = _summary("auto", periods=tight), _summary("cold", periods=tight)
    assert started["objective"] == pytest.approx(cold["objective"], rel=1e-7)
    assert started["start"]["pinned"].startswith("infeasible; started again with elastic")


def test_typical_day_pathways_solve_plainly():
    assert _summary("auto", typical_days=4)["start"] is None
