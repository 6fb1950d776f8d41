"""The park's path to acceptance: a plan over periods of calendar years (``plan_pathway``).

``spec.py`` is the scenario's ``pathway`` section; ``periods.py`` makes each period's inputs;
``model.py`` is the LP over periods; ``outputs.py`` the schedule, path and cash flow;
``run.py`` ties them together.
"""

from __future__ import annotations

from parkopt.optimizer.common import lazy

__getattr__, __dir__ = lazy.exports(
    globals(),
    {
        "PathwayPlan": "parkopt.optimizer.pathway.run",
        "plan_pathway": "parkopt.optimizer.pathway.run",
        "Pathway": "parkopt.optimizer.schema.pathway_spec",
    },
)
