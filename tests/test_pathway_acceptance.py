"""``pathway.acceptance_targets``: the targets every period from the acceptance year on must
meet (the tighter of them and a period's own), so a study over the acceptance year moves
them; worked against the same pathway with the targets written into each period."""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

from parkopt import ScenarioError
from parkopt.optimizer.pathway import plan_pathway
from parkopt.optimizer.schema.scenario import load_scenario, scenario_from_dict

ROOT = Path(__file__).resolve().parents[1]
PERIODS = [{"year": 2026}, {"year": 2028}, {"year": 2030, "years": 2}]
TARGET = 1.52  # tCO2/tce: binding on 48 hours of the example (1.554 free, 1.502 reachable)
LOOSE = 10.0  # tCO2/tce: a period's own target that never binds


def _base() -> dict:
    base = load_scenario(ROOT / "inputs" / "example_park.yaml").model_dump(
        mode="json", exclude={"source"}
    )
    base.update(horizon_hours=48, carbon={})
    return base


def _plan(pathway: dict) -> dict:
    scenario = scenario_from_dict({**_base(), "pathway": pathway}, "test.yaml", ROOT)
    return plan_pathway(scenario).summary


def _indicator(summary: dict) -> dict[int, float]:
    return {p["year"]: p["tco2_per_tce"] for p in summary["path"]}


def test_acceptance_targets_hold_from_the_acceptance_year_as_if_written_in_each_period():
    at = {"tco2_per_tce": TARGET, "clean_energy_share": None}
    accepted = _plan(
        {
            "typical_days": None,
            "periods": PERIODS,
            "acceptance_year": 2028,
            "acceptance_targets": at,
        }
    )
    written = [PERIODS[0], *({**p, "carbon": {"tco2_per_tce": TARGET}} for p in PERIODS[1:])]
    by_hand = _plan({"typical_days": None, "periods": written})
    free = _plan({"typical_days": None, "periods": PERIODS})
    assert accepted["objective"] == pytest.approx(by_hand["objective"], rel=1e-9)
    assert accepted["objective"] > free["objective"] * (1 + 1e-4)  # it binds
    ind = _indicator(accepted)
    assert ind[2028] <= TARGET + 1e-9 and ind[2030] <= TARGET + 1e-9
    assert ind[2026] > TARGET + 1e-3  # before acceptance: no target
    assert accepted["acceptance_year"] == 2028
    assert [p["targets"].get("tco2_per_tce") for p in accepted["path"]][1:] == [TARGET] * 2
    # accepted in 2030 instead: 2028 runs free, so it costs less
    later = _plan(
        {
            "typical_days": None,
            "periods": PERIODS,
            "acceptance_year": 2030,
            "acceptance_targets": at,
        }
    )
    assert free["objective"] < later["objective"] < accepted["objective"]
    assert _indicator(later)[2028] > TARGET + 1e-3 and _indicator(later)[2030] <= TARGET + 1e-9


def test_a_period_keeps_its_own_target_where_it_is_tighter():
    own = [*PERIODS[:2], {**PERIODS[2], "carbon": {"tco2_per_tce": 1.51}}]
    at = {"tco2_per_tce": TARGET, "clean_energy_share": None}
    summary = _plan(
        {"typical_days": None, "periods": own, "acceptance_year": 2028, "acceptance_targets": at}
    )
    assert [p["targets"].get("tco2_per_tce") for p in summary["path"]][1:] == [TARGET, 1.51]
    assert _indicator(summary)[2030] <= 1.51 + 1e-9


def test_acceptance_targets_need_an_acceptance_year():
    with pytest.raises(ScenarioError) as err:
        _plan({"typical_days": None, "periods": PERIODS, "acceptance_targets": {}})
    assert "acceptance_targets" in str(err.value) and "acceptance_year" in str(err.value)


def test_a_study_over_the_acceptance_year_moves_the_targets_and_re_solves_warm(tmp_path):
    """Every period has an indicator target of its own (loose), so moving the acceptance
    year changes values only: the second run re-solves warm, to the cold optimum."""
    from parkopt.optimizer.study import TABLE_FILE, close_executor, run_study

    periods = [{**p, "carbon": {"tco2_per_tce": LOOSE}} for p in PERIODS]
    at = {"tco2_per_tce": TARGET, "clean_energy_share": None}
    pathway = {"typical_days": None, "periods": periods, "acceptance_year": 2030}
    base = {**_base(), "pathway": {**pathway, "acceptance_targets": at}}
    (tmp_path / "base.yaml").write_text(yaml.safe_dump(base, allow_unicode=True))
    study = {"name": "acc", "base": str(tmp_path / "base.yaml")}
    study["grid"] = {"pathway.acceptance_year": [2028, 2030]}
    (tmp_path / "study.yaml").write_text(yaml.safe_dump(study))
    (tmp_path / "cold.yaml").write_text(yaml.safe_dump({**study, "fast_resolve": False}))
    pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"))
    try:
        warm = pd.read_parquet(
            run_study(tmp_path / "study.yaml", tmp_path / "w", pool, echo=None) / TABLE_FILE
        )
        cold = pd.read_parquet(
            run_study(tmp_path / "cold.yaml", tmp_path / "c", pool, echo=None) / TABLE_FILE
        )
    finally:
        close_executor(pool)
    assert warm["warm_start"].sum() == 1 and not cold["warm_start"].any()
    w = warm.set_index("in.pathway.acceptance_year")
    c = cold.set_index("in.pathway.acceptance_year")
    assert np.allclose(w["objective"], c.loc[w.index, "objective"], rtol=1e-6, atol=0)
    assert w.loc[2028, "objective"] > w.loc[2030, "objective"] * (1 + 1e-4)
    assert w.loc[2028, "path.2028.tco2_per_tce"] <= TARGET + 1e-6
    assert w.loc[2030, "path.2028.tco2_per_tce"] > TARGET + 1e-3
