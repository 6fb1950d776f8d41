"""Each period of a pathway as a scenario of its own, and its year as PlanInputs.

``period_scenarios`` writes the scenario's fields with a period's changes (``spec.py``);
``period_inputs`` prepares each one's hourly frame (weather, load, tariff: ``prepare``),
grows its load and heat demand, sets its emission factor, and clusters its year into
typical days. ``weights`` are the discount weights of the objective.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from parkopt.optimizer.common.errors import Problem, ScenarioError
from parkopt.optimizer.inputs.clustering import Clustered, cluster, with_inputs
from parkopt.optimizer.inputs.heat_inputs import demand_column
from parkopt.optimizer.inputs.plan_inputs import PlanInputs, make_plan_inputs, with_scenario
from parkopt.optimizer.inputs.prepare import prepare
from parkopt.optimizer.schema.instances import owners
from parkopt.optimizer.schema.pathway_spec import Pathway
from parkopt.optimizer.schema.scenario import Scenario, scenario_from_dict
from parkopt.optimizer.schema.technologies import TECHNOLOGIES
from parkopt.optimizer.study.expand import apply_overrides

TECH_NAMES = tuple(t.name for t in TECHNOLOGIES)


@dataclass(frozen=True)
class PeriodInputs:
    """One period: its calendar years, discount weight and the LP's inputs."""

    year: int  # first calendar year
    years: int  # years it stands for
    weight: float  # sum of the discount factors of its years [-]
    inputs: PlanInputs  # the LP's hours (typical days, or the full year)
    clustered: Clustered | None  # how the typical days map onto the year (None: full year)
    factors: tuple[float, ...] = ()  # discount factor of each of its years [-]

    @property
    def end_year(self) -> int:
        """First year after the period."""
        return self.year + self.years


def discount_factor(year: float, base_year: int, rate: float) -> float:
    """Present value at the start of ``base_year`` of one unit paid at the end of ``year``."""
    return (1.0 + rate) ** -(year - base_year + 1)


def year_factors(pathway: Pathway, rate: float) -> list[tuple[float, ...]]:
    """Each period's years' ``discount_factor`` [-] (each year's costs paid at its end)."""
    base = pathway.discount_base_year
    return [
        tuple(discount_factor(y, base, rate) for y in range(p.year, p.year + n))
        for p, n in zip(pathway.periods, pathway.period_years(), strict=True)
    ]


def weights(pathway: Pathway, rate: float) -> list[float]:
    """Each period's discount weight: the sum of its years' discount factors [-]."""
    return [sum(f) for f in year_factors(pathway, rate)]


def _check_names(pathway: Pathway, scenario: Scenario, where: str) -> None:
    """Technology names in the pathway's mappings: a ScenarioError naming each unknown one."""
    problems = []
    expected = f"a technology ({', '.join(TECH_NAMES)})"
    for name in pathway.learning_rate_per_year:
        if name not in TECH_NAMES:
            problems.append(Problem(where, "pathway.learning_rate_per_year", name, expected))
    existing = [t.name for t in TECHNOLOGIES if t.existing]
    existing += [i.stem for i in owners(scenario).values() if i.tech.existing and i.named]
    for name in pathway.retire:
        if name not in existing:
            wanted = f"an existing asset's technology or named instance ({', '.join(existing)})"
            problems.append(Problem(where, "pathway.retire", name, wanted))
    for i, p in enumerate(pathway.periods):
        for name in p.cost_multipliers:
            if name not in TECH_NAMES:
                field = f"pathway.periods[{i}].cost_multipliers"
                problems.append(Problem(where, field, name, expected))
    problems += _installed_problems(pathway, scenario, where)
    if problems:
        raise ScenarioError(problems)


def _installed_problems(pathway: Pathway, scenario: Scenario, where: str) -> list[Problem]:
    """``pathway.installed`` keys that are not a capacity the scenario may build."""
    keys = [k for k, i in owners(scenario).items() if not i.tech.existing]
    expected = f"a capacity the scenario may build ({', '.join(keys)})"
    return [
        Problem(where, "pathway.installed", k, expected) for k in pathway.installed if k not in keys
    ]


TIGHTER = {"tco2_per_tce": min, "clean_energy_share": max}
"""How an acceptance target and a period's own of the same kind combine: the tighter."""


def accepted_carbon(carbon: dict, at) -> dict:
    """A period's ``carbon`` section (as data) with ``pathway.acceptance_targets`` ``at``
    added: each of its targets, or the period's own where that is tighter."""
    out = dict(carbon)
    for field, tighter in TIGHTER.items():
        value = getattr(at, field)
        if value is not None:
            own = out.get(field)
            out[field] = value if own is None else tighter(own, value)
    return out


def _capex_fields(name: str) -> tuple[str, ...]:
    tech = next(t for t in TECHNOLOGIES if t.name == name)
    return tuple(c.capex_field for c in tech.capacities)


def period_scenarios(scenario: Scenario) -> list[Scenario]:
    """The scenario as it stands in each period of its pathway (``pathway`` left out)."""
    pw = scenario.pathway
    _check_names(pw, scenario, scenario.source)
    base = scenario.model_dump(mode="json", exclude={"pathway", "source"})
    first = pw.periods[0].year
    out = []
    for i, p in enumerate(pw.periods):
        data = apply_overrides(base, {"park.year": p.year})
        if p.carbon is not None:
            data["carbon"] = p.carbon.model_dump(mode="json")
        if pw.accepted(p.year):
            data["carbon"] = accepted_carbon(data.get("carbon") or {}, pw.acceptance_targets)
        if p.emission_factor_t_per_mwh is not None:
            data = apply_overrides(
                data, {"grid.emission_factor_t_per_mwh": p.emission_factor_t_per_mwh}
            )
        techs = data.get("technologies") or {}
        for name in TECH_NAMES:
            factor = p.cost_multipliers.get(name, 1.0)
            factor *= (1.0 - pw.learning_rate_per_year.get(name, 0.0)) ** (p.year - first)
            section = techs.get(name)
            for item in section if isinstance(section, list) else [section]:  # each instance
                for field in _capex_fields(name) if item is not None and factor != 1.0 else ():
                    if field in item:
                        item[field] = item[field] * factor
        data = apply_overrides(data, p.set)
        source = f"{scenario.source} (pathway period {p.year}, periods[{i}])"
        out.append(scenario_from_dict(data, source, _folder(scenario)))
    return out


def _folder(scenario: Scenario) -> Path:
    """The folder a period's scenario is validated from (its ``set`` paths were made
    absolute when the scenario was read, ``scenario_files.resolve_paths``)."""
    source = Path(scenario.source)
    return source.parent.resolve() if source.is_file() else Path.cwd()


def _grown(inputs: PlanInputs, load: float, heat: float, ef_mean: float | None) -> PlanInputs:
    """``inputs`` with the load and every heat level's demand scaled and the hourly emission
    factor scaled to ``ef_mean`` [tCO2/MWh] (None: as prepared)."""
    h = inputs.hourly.copy()
    h["load_kw"] = h["load_kw"] * load
    s = inputs.scenario
    if s.heat is not None:
        for lv in s.heat.levels:
            h[demand_column(lv.name)] = h[demand_column(lv.name)] * heat
    if ef_mean is not None:
        mean = float(h["emission_factor_t_per_mwh"].mean())
        h["emission_factor_t_per_mwh"] = (
            h["emission_factor_t_per_mwh"] * (ef_mean / mean) if mean > 0 else ef_mean
        )
    out = make_plan_inputs(s, h, inputs.location, inputs.timing_s, inputs.resource, inputs.warnings)
    return out


def _prepared(base: PlanInputs, period_scenario: Scenario, changes: dict) -> PlanInputs:
    """The period's year before growth: the base's hourly frame under the period's scenario,
    or prepared anew where the period sets fields of its own (``set``: files, tariff...), on
    the base's calendar (every period's hours fall on the same weekdays)."""
    if changes:
        park = period_scenario.park.model_copy(update={"year": base.scenario.park.year})
        year = prepare(period_scenario.model_copy(update={"park": park}))
        return make_plan_inputs(
            period_scenario, year.hourly, year.location, year.timing_s, year.resource, year.warnings
        )
    return make_plan_inputs(
        period_scenario, base.hourly, base.location, base.timing_s, base.resource, base.warnings
    )


def _reused(old: PeriodInputs, scenario: Scenario, weight: float) -> PeriodInputs:
    """``old``'s hours and typical days under the period's ``scenario`` of the same structure
    (a study's warm re-solve: only LP parameters differ)."""
    if old.clustered is None:
        return replace(old, weight=weight, inputs=with_scenario(old.inputs, scenario))
    clustered = with_inputs(old.clustered, with_scenario(old.clustered.original, scenario))
    return replace(old, weight=weight, inputs=clustered.inputs, clustered=clustered)


def period_inputs(base: PlanInputs, reuse: list[PeriodInputs] | None = None) -> list[PeriodInputs]:
    """Each period's PlanInputs (typical days unless ``pathway.typical_days`` is null), with
    its years and discount weight. ``base``: the scenario's year as prepared (``prepare``, or
    ``synthetic.make_inputs`` with a ``pathway`` section). ``reuse``: the periods of a run of
    the same structure, whose hours and typical days are kept (a study's warm re-solve)."""
    scenario = base.scenario
    pw = scenario.pathway
    fs = year_factors(pw, scenario.finance.discount_rate)
    ws = [sum(f) for f in fs]
    scenarios = period_scenarios(scenario)
    if reuse is not None:
        return [
            replace(_reused(old, s, w), factors=f)
            for old, s, w, f in zip(reuse, scenarios, ws, fs, strict=True)
        ]
    out = []
    for p, n, w, s, f in zip(pw.periods, pw.period_years(), ws, scenarios, fs, strict=True):
        year = _prepared(base, s, p.set)
        inputs = _grown(year, p.load_growth, p.heat_growth, p.emission_factor_t_per_mwh)
        clustered = None
        if pw.typical_days is not None:
            where = (scenario.source, "pathway.typical_days")
            clustered = cluster(inputs, pw.typical_days, where)
            inputs = clustered.inputs
        out.append(PeriodInputs(p.year, n, w, inputs, clustered, f))
    return out
