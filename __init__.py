"""parkopt: a planning optimizer for zero-carbon industrial parks.

The stage API, each stage a plain function of the previous stage's output::

    import parkopt
    scenario = parkopt.load_scenario("inputs/example_park.yaml")
    inputs = parkopt.prepare(scenario)      # PlanInputs: hourly frame + cost coefficients
    plan = parkopt.plan(inputs)             # Plan: capacities, dispatch, summary
    parkopt.write_run(plan, "results/my-run")

This file is the package root (``pyproject.toml`` maps the repository's root to ``parkopt``
and its folders ``optimizer/`` and ``models/`` to ``parkopt.optimizer`` and
``parkopt.models``); it only re-exports the public API.
"""

from parkopt.optimizer.compare import compare
from parkopt.optimizer.errors import InfeasibleError, Problem, ScenarioError, SolverError
from parkopt.optimizer.plan import Plan, plan
from parkopt.optimizer.plan_inputs import PlanInputs
from parkopt.optimizer.prepare import prepare
from parkopt.optimizer.results import write_run
from parkopt.optimizer.scenario import Scenario, load_scenario, scenario_from_dict
from parkopt.optimizer.simulate import simulate
from parkopt.optimizer.study import run_study

__all__ = [
    "InfeasibleError",
    "Plan",
    "PlanInputs",
    "Problem",
    "Scenario",
    "ScenarioError",
    "SolverError",
    "compare",
    "load_scenario",
    "plan",
    "prepare",
    "run_study",
    "scenario_from_dict",
    "simulate",
    "write_run",
]
