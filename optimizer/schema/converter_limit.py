"""A converter's modes and limits as data (``converter_modes.py`` assembles them for a
scenario; the specs declare them; ``lp/converters.py`` builds them)."""

from __future__ import annotations

from dataclasses import dataclass

Node = tuple[str, str | None]


@dataclass(frozen=True)
class Mode:
    """One way a converter runs: ``takes`` -> ``gives`` (+ ``also``: (node, ratio) per unit
    of the primary output), efficiency the hourly column ``efficiency`` [-]."""

    tech: str
    name: str
    takes: Node
    gives: Node
    efficiency: str
    also: tuple[tuple[Node, float], ...] = ()


@dataclass(frozen=True)
class Limit:
    """An hourly limit on a converter's modes: ``sum_modes coef * primary <= bound_kw``."""

    row: str  # the LP row's name (and the binding limit's)
    kind: str  # "output" or "output_minus_input"
    bound_kw: float
    field: str  # the spec's field behind the bound


def mode_column(tech: str, mode: str) -> str:
    """The efficiency column of a mode of a converter that declares its own modes."""
    return f"{tech}_{mode}_efficiency"
