"""The scenario's ``solver`` section: how the LP is solved (method, options, typical days,
free disposal). Split from ``scenario.py``; the fields are documented in inputs/README.md."""

from __future__ import annotations

from typing import Literal

from parkopt.optimizer.fields import F, Spec


class Solver(Spec):
    time_limit_s: float | None = F(None, unit="s", doc="Stop the solver after this long.", gt=0)
    threads: int | None = F(None, unit="-", doc="Solver threads (default: HiGHS's choice).", ge=1)
    typical_days: int | None = F(
        None,
        unit="days",
        doc="Plan on this many typical days (clustered with tsam) instead of every day: a "
        "quick screening (`parkopt run --typical-days N` overrides).",
        ge=1,
    )
    free_disposal: bool = F(
        True,
        unit="-",
        doc="Surplus PV and wind curtailed through an inequality balance instead of output "
        "variables (same optimum, smaller LP; off by itself where an import price is "
        "negative).",
    )
    method: Literal["dual_simplex", "primal_simplex", "ipm"] = F(
        "dual_simplex",
        unit="-",
        doc="HiGHS's LP method. dual_simplex (default) was the fastest measured on full-year "
        "plans, cold and warm (benchmarks/plan.py); ipm is the interior point method with "
        "crossover (a vertex and its duals).",
    )
    highs_options: dict[str, bool | int | float | str] = F(
        {},
        unit="-",
        doc="Further HiGHS options by name, passed as given (experts; e.g. "
        "{presolve: 'off'}); they override parkopt's.",
    )
