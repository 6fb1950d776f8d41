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

from parkopt.optimizer import lazy

_HOME = {
    "compare": "parkopt.optimizer.compare",
    "InfeasibleError": "parkopt.optimizer.errors",
    "Problem": "parkopt.optimizer.errors",
    "ScenarioError": "parkopt.optimizer.errors",
    "SolverError": "parkopt.optimizer.errors",
    "Plan": "parkopt.optimizer.plan",
    "plan": "parkopt.optimizer.plan",
    "PlanInputs": "parkopt.optimizer.plan_inputs",
    "prepare": "parkopt.optimizer.prepare",
    "write_run": "parkopt.optimizer.results",
    "Scenario": "parkopt.optimizer.scenario",
    "load_scenario": "parkopt.optimizer.scenario",
    "scenario_from_dict": "parkopt.optimizer.scenario",
    "simulate": "parkopt.optimizer.simulate",
    "run_study": "parkopt.optimizer.study",
}
"""Where each public name lives; imported when first used (``optimizer/lazy.py``)."""

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
