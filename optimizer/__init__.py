"""parkopt's optimizer: scenario -> inputs -> plan -> results folder.

from parkopt.optimizer import load_scenario, prepare, plan, write_run
run = plan(prepare(load_scenario("inputs/example_park.yaml")))
write_run(run, "results/my-run")
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
