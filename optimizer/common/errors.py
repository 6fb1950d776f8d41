"""Domain errors of parkopt: every one prints as one line per problem, naming what and where."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input: where it is, what it holds and what was expected."""

    file: str
    field: str
    value: object
    expected: str

    def __str__(self) -> str:
        value = "" if self.value is None else f" = {self.value!r}"  # None: no single value
        return f"{self.file}: {self.field}{value}: {self.expected}"


class ScenarioError(ValueError):
    """The scenario (or a file it names) is wrong; ``problems`` lists every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class InfeasibleError(RuntimeError):
    """The plan has no solution; the message names the limits that collide."""


class SolverError(RuntimeError):
    """The solver stopped without an optimal solution for a reason other than infeasibility."""
