"""A heat converter's efficiency given as data: the forms beside its own model.

Every heat source has a model of its hourly efficiency (heat out per electricity or gas in):
a heat pump the Carnot-fraction COP (``models/heat.py``; an air-source pump derated by its
``defrost`` setting), a boiler its ``efficiency_fraction``. The data forms replace that model:

- ``<stem>_curve``: a table against the weather's air temperature (a maker's COP curve),
  linear between its points and constant beyond its ends (``numpy.interp``);
- ``<stem>_profile``: an hourly CSV column (path, column; 8760 rows, or a horizon's hours),
  like the other hourly profiles.

``<stem>`` is ``cop`` for heat pumps and ``efficiency`` for boilers. A heat pump's COP depends
on the level it serves (its sink temperature), so a heat pump's curve or profile is either
one, for a pump that serves one level, or a mapping of level name to one each
(``cop_curve: {hw: {...}, steam: {...}}``); a level without one is not served. The data is
used as given: the model's settings (``quality_grade``, ``max_sink_temperature_c``,
``max_lift_k``, ``max_cop``, ``source_temperature_c``, ``defrost``; ``efficiency_fraction``)
do not apply to it, so a maker's curve should include its own defrost losses.
"""

from __future__ import annotations

from typing import Annotated, Any, ClassVar

import numpy as np
from pydantic import Discriminator, Tag, field_validator, model_validator

from parkopt.models import heat
from parkopt.optimizer.schema.fields import FORM_TAG, F, Spec

MAX_EFFICIENCY = 1.2
"""Largest boiler efficiency a curve or profile may give (LHV; condensing gas boilers reach
about 1.08) [-]."""


class Defrost(Spec):
    """An air-source heat pump's defrost derating of its Carnot COP."""

    below_c: float = F(
        2.0, unit="degC", doc="Air temperature below which the unit defrosts (strictly below)."
    )
    factor: float = F(
        0.8, unit="-", doc="Factor on the COP in those hours (1 = no derating).", gt=0, le=1
    )


class EfficiencyCsv(Spec):
    """An hourly efficiency or COP: one column of a CSV file."""

    path: str = F(unit="path", doc="CSV file with one row per hour (8760 rows, or the horizon's).")
    column: str = F(unit="-", doc="Column holding the hourly COP or efficiency [-].")
    unit: ClassVar[None] = None  # a ratio [-]: read as written (profiles.CsvColumn)


def _table_problem(air: list[float], values: list[float]) -> str | None:
    if len(air) < 1:
        return "at least one point"
    if len(values) != len(air):
        return f"as many values as air temperatures ({len(air)}), not {len(values)}"
    if any(b <= a for a, b in zip(air, air[1:], strict=False)):
        return "air_temperature_c strictly increasing [degC]"
    return None


class _Curve(Spec):
    air_temperature_c: list[float] = F(
        unit="degC", doc="Air temperatures of the table, strictly increasing."
    )
    stem: ClassVar[str]

    @property
    def values(self) -> list[float]:
        return getattr(self, self.stem)

    def at(self, air_c) -> np.ndarray:
        """The table at each air temperature [-] (linear, constant beyond the ends)."""
        return heat.from_table(air_c, self.air_temperature_c, self.values)

    @model_validator(mode="after")
    def _shape(self):
        problem = _table_problem(self.air_temperature_c, self.values)
        if problem is not None:
            raise ValueError(
                f"{self.stem} {self.values} against air_temperature_c "
                f"{self.air_temperature_c}: expected {problem}"
            )
        return self


class CopCurve(_Curve):
    """A heat pump's COP against the air temperature (the maker's table)."""

    cop: list[float] = F(unit="-", doc="COP at each air temperature, each > 0.")
    stem: ClassVar[str] = "cop"

    @field_validator("cop")
    @classmethod
    def _positive(cls, v: list[float]) -> list[float]:
        bad = [x for x in v if not x > 0]
        if bad:
            raise ValueError(f"{bad[0]} is not a COP: expected every COP > 0 [-]")
        return v


class EfficiencyCurve(_Curve):
    """A boiler's efficiency against the air temperature."""

    efficiency: list[float] = F(
        unit="fraction", doc=f"Efficiency at each air temperature, in (0, {MAX_EFFICIENCY}]."
    )
    stem: ClassVar[str] = "efficiency"

    @field_validator("efficiency")
    @classmethod
    def _fraction(cls, v: list[float]) -> list[float]:
        bad = [x for x in v if not 0 < x <= MAX_EFFICIENCY]
        if bad:
            raise ValueError(
                f"{bad[0]} is not an efficiency: expected every value in (0, {MAX_EFFICIENCY}] [-]"
            )
        return v


def _form(value: Any) -> str:
    """``one`` for a table or a CSV column, ``per_level`` for a mapping of level to one."""
    keys = {"path", "column", "air_temperature_c", "cop", "efficiency"}
    if isinstance(value, dict) and not keys & set(value):
        return f"{FORM_TAG}per_level"
    return f"{FORM_TAG}one"


def one_or_per_level(model: type[Spec]) -> Any:
    """``model``, or a mapping of level name to ``model``, told apart by their keys (one
    error per problem, at the field's own path)."""
    one = Annotated[model, Tag(f"{FORM_TAG}one")]
    per_level = Annotated[dict[str, model], Tag(f"{FORM_TAG}per_level")]
    return Annotated[one | per_level, Discriminator(_form)]


CopCurves = one_or_per_level(CopCurve)
"""A heat pump's COP curve: one, or one per level."""
CopProfiles = one_or_per_level(EfficiencyCsv)
"""A heat pump's hourly COP: one CSV column, or one per level."""
PUMP_LEVELS = "one for a pump serving one level, or one per level ({level: {...}})"


class EfficiencyForms(Spec):
    """The efficiency of a heat converter: its own model, or a curve or profile instead.

    A subclass declares ``<stem>_curve`` and ``<stem>_profile`` and implements ``modelled``.
    """

    stem: ClassVar[str] = "efficiency"

    def modelled(self, temperature_c: float, air_c: np.ndarray) -> np.ndarray:
        """Heat out per unit in from the technology's own model, each hour [-]."""
        raise NotImplementedError

    @property
    def data_field(self) -> str | None:
        """The field that gives the efficiency as data (``cop_curve``...), or None."""
        for kind in ("curve", "profile"):
            if getattr(self, f"{self.stem}_{kind}") is not None:
                return f"{self.stem}_{kind}"
        return None

    def data_levels(self) -> list[str] | None:
        """The levels of a per-level curve or profile; None for one (or none)."""
        data = getattr(self, self.data_field) if self.data_field else None
        return list(data) if isinstance(data, dict) else None

    def data_for(self, level: str | None) -> _Curve | EfficiencyCsv | None:
        """The curve or CSV column for ``level``; None where none is given for it."""
        data = getattr(self, self.data_field) if self.data_field else None
        return data.get(level) if isinstance(data, dict) else data

    def efficiency(self, temperature_c: float, air_c, level: str | None = None) -> np.ndarray:
        """Heat out per unit in at a level (name ``level``, ``temperature_c`` [degC]) in
        each hour of air temperature ``air_c`` [degC] (COP or efficiency [-]; 0 = cannot
        serve). A profile is read from its file by ``heat_inputs``, not here."""
        air = np.atleast_1d(np.asarray(air_c, dtype=float))
        if self.data_field is None:
            return self.modelled(temperature_c, air)
        data = self.data_for(level)
        if isinstance(data, EfficiencyCsv):
            raise ValueError(f"{self.data_field}: an hourly CSV, read by prepare() from its file")
        return np.zeros_like(air) if data is None else data.at(air)

    @model_validator(mode="after")
    def _one_form(self):
        given = [
            f"{self.stem}_{k}"
            for k in ("curve", "profile")
            if getattr(self, f"{self.stem}_{k}") is not None
        ]
        if len(given) > 1:
            raise ValueError(f"{given[0]} and {given[1]} both given: expected one of them")
        return self


class FixedEfficiency(EfficiencyForms):
    """A converter with one efficiency, ``efficiency_fraction`` (declared by each subclass
    with its own default and bounds), or a curve or an hourly profile instead."""

    efficiency_curve: EfficiencyCurve | None = F(
        None,
        unit="-",
        doc="Efficiency against the air temperature (linear between points, constant beyond); "
        "replaces efficiency_fraction; null = efficiency_fraction.",
    )
    efficiency_profile: EfficiencyCsv | None = F(
        None,
        unit="-",
        doc="Hourly efficiency from a CSV column (path, column); replaces "
        "efficiency_fraction; null = efficiency_fraction.",
    )

    def modelled(self, temperature_c: float, air_c: np.ndarray) -> np.ndarray:
        return np.full(air_c.shape, self.efficiency_fraction)
