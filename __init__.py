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

from parkopt.optimizer.common import lazy

_HOME = {
    "compare": "parkopt.optimizer.outputs.compare",
    "InfeasibleError": "parkopt.optimizer.common.errors",
    "Problem": "parkopt.optimizer.common.errors",
    "ScenarioError": "parkopt.optimizer.common.errors",
    "SolverError": "parkopt.optimizer.common.errors",
    "Plan": "parkopt.optimizer.planning.plan",
    "plan": "parkopt.optimizer.planning.plan",
    "PlanInputs": "parkopt.optimizer.inputs.plan_inputs",
    "prepare": "parkopt.optimizer.inputs.prepare",
    "write_run": "parkopt.optimizer.outputs.results",
    "Scenario": "parkopt.optimizer.schema.scenario",
    "load_scenario": "parkopt.optimizer.schema.scenario",
    "scenario_from_dict": "parkopt.optimizer.schema.scenario",
    "simulate": "parkopt.optimizer.planning.simulate",
    "run_study": "parkopt.optimizer.study",
}
"""Where each public name lives; imported when first used (``optimizer/common/lazy.py``)."""

__getattr__, __dir__ = lazy.exports(globals(), _HOME)

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
