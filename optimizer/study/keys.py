"""Study keys: a run's content hash (resume, never run twice) and its structure key (runs
that share one can share one built model and be re-solved warm)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from parkopt.optimizer.inputs.plan_inputs import energy_prices
from parkopt.optimizer.schema.instances import instances
from parkopt.optimizer.schema.scenario import Scenario
from parkopt.optimizer.schema.scenario_files import path_fields
from parkopt.optimizer.schema.technologies import TECHNOLOGIES

# Scenario fields that are LP parameters only: runs differing in these alone share a built
LP_PARAMETER_FIELDS = {
    "carbon": (
        "cap_t",
        "reduction",
        "renewable_share",
        "hourly_matched_share",
        "tco2_per_tce",
        "clean_energy_share",
    ),
    "finance": (
        "discount_rate",
        "project_life_years",
        "energy_price_escalation_per_year",
        "pv_degradation_per_year",
        "ownership_price_cny_per_kwh",
    ),
    **{f"technologies.{t.name}": t.lp_parameters for t in TECHNOLOGIES},
    "green_purchase": ("premium_cny_per_mwh", "max_mwh_per_year"),
    "heat.purchased": ("price_cny_per_gj",),
}


def _digest(payload: object) -> str:
    text = json.dumps(payload, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _content(scenario: Scenario) -> dict:
    data = scenario.model_dump(mode="json")
    data.pop("source", None)
    data["park"].pop("name", None)
    return data


def structure_key(scenario: Scenario) -> str:
    """Hash of everything but the LP parameters, and of the files read (size, modification
    time): equal keys can share one built model and one prepared hourly frame, so a file
    edited between two studies on a long-lived worker is read again."""
    data = _content(scenario)
    for section, names in LP_PARAMETER_FIELDS.items():
        node = data
        for part in section.split("."):
            node = node.get(part) if isinstance(node, dict) else None
        for item in node if isinstance(node, list) else [node]:  # named instances: each
            if isinstance(item, dict):
                for name in names:
                    item.pop(name, None)
    c = scenario.carbon
    data["carbon_kinds"] = [
        c.kind,
        *(
            getattr(c, k) is not None
            for k in ("hourly_matched_share", "tco2_per_tce", "clean_energy_share")
        ),
    ]
    if scenario.pathway is not None:  # lives decide which builds serve which periods
        data["pathway"] = _pathway_structure(data["pathway"], scenario.pathway)
        data["lives"] = {i.stem: getattr(i.spec, "life_years", None) for i in instances(scenario)}
    data["contracted"] = sorted(energy_prices(scenario))  # gives generators an output variable
    data["files"] = _file_stamps(scenario)
    return _digest(data)


def _pathway_structure(pathway: dict, spec) -> dict:
    """A pathway section (``pathway``, its ``spec`` as validated) without its LP
    parameters: learning rates, cost multipliers and the values of each period's targets.
    Which targets a period has stays, the acceptance targets counted where they hold
    (``Pathway.accepted``): a sweep over ``acceptance_year`` re-solves warm where no period
    gains or loses a kind of target."""
    skip = ("learning_rate_per_year", "acceptance_year", "acceptance_targets")
    out = {k: v for k, v in pathway.items() if k not in skip}
    at = (spec.acceptance_targets.model_dump() if spec.acceptance_targets else {}).items()
    added = sorted(k for k, v in at if v is not None)
    periods = []
    for p in pathway["periods"]:
        p = {k: v for k, v in p.items() if k != "cost_multipliers"}
        kinds = {k for k, v in (p.get("carbon") or {}).items() if v is not None}
        if spec.accepted(p["year"]):
            kinds.update(added)
        p["carbon"] = [p.get("carbon") is not None, sorted(kinds)]  # own or the scenario's
        periods.append(p)
    out["periods"] = periods
    return out


def _file_stamps(scenario: Scenario) -> dict[str, list[int]]:
    """Size and modification time of every file a scenario reads [bytes, ns]: an edited
    weather or profile file makes a new run, not a stale reuse."""
    paths = [section[key] for section, key, _ in path_fields(scenario.model_dump(mode="json"))]
    stamps = {}
    for p in paths:
        f = Path(p)
        if f.is_file():
            st = f.stat()
            stamps[p] = [st.st_size, st.st_mtime_ns]
    return stamps


def run_hash(scenario: Scenario, mode: str, strategy: str, capacities: dict) -> str:
    """Hash of a run's content (scenario, the files it reads, mode and, for simulations,
    strategy and sizes)."""
    extra = {"strategy": strategy, "capacities": capacities} if mode == "simulate" else {}
    files = _file_stamps(scenario)
    return _digest({"scenario": _content(scenario), "mode": mode, "files": files, **extra})
