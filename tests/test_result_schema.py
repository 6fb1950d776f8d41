"""summary.json as types: the shipped JSON Schema is the one the types make, every field says
its meaning and unit, and the summaries of every kind of run (plan, whole turbines, typical
days, heat, both ownerships, an hourly target, simulations) are exactly what the types
describe. ``tests/conftest.py`` validates every summary.json the other tests write.

Regenerate the schema after changing the types:
``python -m parkopt.optimizer.outputs.result_schema``.
"""

from __future__ import annotations

import copy
import json
from dataclasses import replace
from pathlib import Path

import pytest
import tomllib
import yaml
from typer.testing import CliRunner

from parkopt import plan, prepare, scenario_from_dict, simulate
from parkopt.optimizer.accounts import targets
from parkopt.optimizer.cli.main import app
from parkopt.optimizer.outputs.result_blocks import Capacity
from parkopt.optimizer.outputs.result_schema import (
    SCHEMA_FILE,
    PlanSummary,
    RunSummary,
    SimulationSummary,
    SummaryError,
    schema_text,
    shipped_schema_text,
    summary_schema,
    validate_summary,
)
from parkopt.optimizer.outputs.results import summary_document, write_run
from parkopt.optimizer.planning.typical_days import plan_typical_days
from parkopt.optimizer.schema.technologies import CAPACITY_KEYS

ROOT = Path(__file__).resolve().parents[1]
INPUTS = ROOT / "inputs"
HORIZON_H = 48


def short(name: str, hours: int = HORIZON_H, **changes) -> dict:
    data = yaml.safe_load((INPUTS / f"{name}.yaml").read_text(encoding="utf-8"))
    data["horizon_hours"] = hours
    data.pop("horizon_start_hour", None)
    data.update(changes)
    weather = data.get("weather", {}).get("path", "")
    if not weather.startswith("pvlib:") and not (INPUTS / weather).is_file():
        data["weather"] = {"path": "pvlib:723170TYA.CSV"}  # ../shared absent: pvlib's file
        data["park"].pop("timezone", None)
    return data


def inputs_of(data: dict):
    return prepare(scenario_from_dict(data, base_dir=INPUTS))


@pytest.fixture(scope="module")
def example_plan():
    return plan(inputs_of(short("example_park", carbon={"reduction": 0.2})))


def docs_of_runs(example_plan) -> dict[str, dict]:
    """summary.json's document of each kind of run (48 h horizons; typical days on a year)."""
    runs = {"plan": example_plan}
    caps = example_plan.capacities
    for strategy in ("optimal", "self_consumption"):
        runs[f"simulate {strategy}"] = simulate(example_plan.inputs, caps, strategy)
    runs["heat"] = plan(inputs_of(short("zero_carbon_park")))
    runs["heat simulate"] = simulate(runs["heat"].inputs, runs["heat"].capacities)
    runs["ownership both"] = plan(
        inputs_of(
            short(
                "example_park",
                carbon={},
                finance={"ownership": "both", "ownership_price_cny_per_kwh": {"pv": 0.3}},
            )
        )
    )
    runs["hourly target"] = plan(
        inputs_of(short("example_park", carbon={"hourly_matched_share": 0.3}))
    )
    runs["typical days"] = plan_typical_days(inputs_of(short("example_park", 8760, carbon={})), 2)
    return {name: summary_document(run, write_s=0.0) for name, run in runs.items()}


@pytest.fixture(scope="module")
def docs(example_plan):
    return docs_of_runs(example_plan)


# --- the schema ------------------------------------------------------------------------------


def test_shipped_schema_is_the_one_the_types_make():
    assert shipped_schema_text() == schema_text(summary_schema()), (
        "optimizer/outputs/schemas/summary.schema.json is stale: regenerate it with "
        "`python -m parkopt.optimizer.outputs.result_schema`"
    )


def test_schema_ships_as_package_data():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    data = config["tool"]["setuptools"]["package-data"]["parkopt.optimizer.outputs"]
    assert any(Path(SCHEMA_FILE).match(pattern) for pattern in data)
    assert (ROOT / "optimizer" / "outputs" / SCHEMA_FILE).is_file()


def properties(schema: dict):
    for name, model in schema["$defs"].items():
        for field, prop in model.get("properties", {}).items():
            yield f"{name}.{field}", prop


def test_every_field_says_what_it_is_and_every_number_its_unit():
    schema = summary_schema()
    for where, prop in properties(schema):
        refs = [p for p in prop.get("anyOf", [prop]) if "$ref" in p]
        if refs:  # a block: its own fields say it
            continue
        assert prop.get("description"), where
        kinds = {p.get("type") for p in prop.get("anyOf", [prop])}
        if kinds & {"number", "integer"}:
            assert "unit" in prop, where


def test_both_kinds_are_in_the_schema_by_kind():
    schema = summary_schema()
    assert schema["discriminator"]["propertyName"] == "kind"
    assert set(schema["discriminator"]["mapping"]) == {"plan", "simulation"}


def test_every_target_has_its_shadow_price_field():
    for t in targets.TARGETS:
        assert t.summary_key in RunSummary.model_fields, t.summary_key


def test_capacity_declares_every_capacity_of_the_registry():
    assert tuple(Capacity.model_fields) == CAPACITY_KEYS


def test_cli_prints_the_schemas():
    out = CliRunner().invoke(app, ["schema", "summary"])
    assert out.exit_code == 0, out.output
    assert out.stdout == shipped_schema_text()
    out = CliRunner().invoke(app, ["schema", "scenario"])
    assert out.exit_code == 0, out.output
    assert {"park", "technologies", "carbon"} <= set(json.loads(out.stdout)["properties"])
    assert CliRunner().invoke(app, ["schema", "other"]).exit_code == 2


# --- the runs --------------------------------------------------------------------------------


RUNS = (
    "plan",
    "simulate optimal",
    "simulate self_consumption",
    "heat",
    "heat simulate",
    "ownership both",
    "hourly target",
    "typical days",
)


@pytest.mark.parametrize("name", RUNS)
def test_each_kind_of_run_is_exactly_its_types(docs, name):
    doc = json.loads(json.dumps(docs[name]))  # as summary.json holds it
    typed = validate_summary(doc)
    assert isinstance(typed, SimulationSummary if "simulate" in name else PlanSummary)
    # nothing lost, nothing added: the types describe every key the run wrote
    assert typed.model_dump(mode="json", by_alias=True, exclude_unset=True) == doc


def test_the_optional_blocks_are_present_where_their_runs_make_them(docs):
    assert docs["plan"]["wind_turbines"]["chosen"]["turbines"] >= 1
    assert "heat_demand" in docs["heat"]["energy_mwh"] and "gas" in docs["heat"]["carriers"]
    assert set(docs["ownership both"]["ownership"]) == {"self", "contract", "sentence"}
    assert docs["hourly target"]["hourly_target_comparison"]["target"] == 0.3
    assert docs["typical days"]["typical_days"]["n_days"] == 2


@pytest.mark.parametrize(
    "change, where",
    [
        (lambda d: d.update(stray=1.0), "stray: Extra inputs are not permitted"),
        (lambda d: d["capacity"].update(pv_kw="a lot"), "capacity.pv_kw"),
        (lambda d: d["capacity"].update(roof_east_kw="a lot"), "capacity.roof_east_kw"),
        (lambda d: d["compliance"]["rules"][0].update(extra=1), "compliance.rules.0.extra"),
        (lambda d: d["economics"]["cash_flow"][0].pop("om_cny"), "cash_flow.0.om_cny: Field"),
        (lambda d: d.pop("cost"), "cost: Field required"),
    ],
)
def test_a_summary_that_drifts_is_refused_naming_the_field(docs, change, where):
    doc = copy.deepcopy(docs["plan"])
    change(doc)
    with pytest.raises(SummaryError, match="bug in the code that built it") as err:
        validate_summary(doc)
    assert where in str(err.value)


def test_open_blocks_take_further_numbers(docs):
    doc = copy.deepcopy(docs["plan"])
    doc["capacity"]["roof_east_kw"] = 10.0
    doc["energy_mwh"]["roof_east"] = 1.0
    doc["cost"]["hydrogen"] = 2.0
    typed = validate_summary(doc)
    assert typed.capacity.model_extra == {"roof_east_kw": 10.0}
    assert typed.cost.model_extra == {"hydrogen": 2.0}


def test_write_run_refuses_a_summary_off_its_types_and_leaves_nothing(tmp_path, example_plan):
    broken = replace(example_plan, summary={**example_plan.summary, "stray": 1})
    with pytest.raises(SummaryError, match="stray"):
        write_run(broken, tmp_path / "run", plots=False)
    assert [p.name for p in tmp_path.iterdir()] == []
