"""The scenario's ``solver`` section: how the LP is solved (method, options, typical days,
free disposal). Split from ``scenario.py``; the fields are documented in inputs/README.md."""

from __future__ import annotations

from typing import Literal

from pydantic import field_validator

from parkopt.optimizer.schema.fields import F, Spec

HIGHS_OPTION_LIST = "https://ergo-code.github.io/HiGHS/stable/options/definitions/"


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
    start: Literal["auto", "typical_days", "cold"] = F(
        "auto",
        unit="-",
        doc="How a solve over every day starts. typical_days: the year is first planned on "
        "12 typical days, the full LP solved with the capacities pinned there, then freed "
        "and re-solved from that basis by primal simplex: the same optimum, measured 4.4x "
        "faster on the default example's full year (benchmarks/typical_days.py). auto: so "
        "when the horizon is at least 60 whole days and the method a simplex; typical_days: "
        "from 13 whole days; cold: never (and always for partial days or interior point).",
    )
    highs_options: dict[str, bool | int | float | str] = F(
        {},
        unit="-",
        doc="Further HiGHS options by name, passed as given (experts; e.g. "
        "{presolve: 'off'}); they override parkopt's.",
    )

    @field_validator("highs_options")
    @classmethod
    def _known_to_highs(cls, options: dict) -> dict:
        """Each option is one HiGHS knows, with a value of its type (tried on a scratch
        instance), so a typo is a bad input at load time, not a solver failure."""
        if not options:
            return options
        import highspy
        from pyomo.common.tee import capture_output

        with capture_output(capture_fd=True):  # HiGHS prints a banner when made
            scratch = highspy.Highs()
        scratch.setOptionValue("output_flag", False)
        bad = [
            f"solver.highs_options.{key} = {value!r}"
            for key, value in options.items()
            if scratch.setOptionValue(key, value) != highspy.HighsStatus.kOk
        ]
        if bad:
            raise ValueError(
                f"{', '.join(bad)}: expected HiGHS option names with values of their type "
                f"({HIGHS_OPTION_LIST})"
            )
        return options
