"""parkopt's optimizer: scenario -> inputs -> plan -> results folder.

from optimizer import load_scenario, prepare, plan, write_run
run = plan(prepare(load_scenario("inputs/example_park.yaml")))
write_run(run, "results/my-run")
"""

from optimizer.errors import InfeasibleError, Problem, ScenarioError, SolverError
from optimizer.plan import Plan, plan
from optimizer.prepare import PlanInputs, prepare
from optimizer.results import write_run
from optimizer.scenario import Scenario, load_scenario, scenario_from_dict
from optimizer.simulate import simulate  # noqa: E402 - after plan, which it builds on

__all__ = [
    "InfeasibleError",
    "Plan",
    "PlanInputs",
    "Problem",
    "Scenario",
    "ScenarioError",
    "SolverError",
    "load_scenario",
    "plan",
    "prepare",
    "scenario_from_dict",
    "simulate",
    "write_run",
]
