"""Wind turbines: windpowerlib's bundled library (read offline, nothing is downloaded), a
maker's power curve given as a table, and stand-ins by IEC wind class.

windpowerlib's library holds European and US makers only; the Chinese makers that build
most of China's onshore fleet (Goldwind, Envision, Mingyang, Windey, Sany) are missing, so a
planner with a maker's curve gives it as a table (``PowerCurve``), and one without picks a
stand-in of the site's wind class (``CLASS_STAND_INS``).
"""

from __future__ import annotations

import difflib
import functools
import math
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import windpowerlib
from windpowerlib import WindTurbine

from parkopt.models.errors import InputDataError, input_error

OEDB_DIR = Path(windpowerlib.__file__).parent / "oedb"
W_PER_KW = 1000.0


@dataclass(frozen=True)
class PowerCurve:
    """A maker's power curve as a table: electrical output [kW] at hub-height wind speeds
    [m/s], increasing speeds; output 0 below the first and above the last speed (cut-out).

    Attributes
    ----------
    wind_speed_m_per_s, power_kw : tuple of float
        The table [m/s], [kW].
    rated_kw : float, optional
        Nominal power [kW]; default the curve's largest value.
    rotor_diameter_m : float, optional
        Rotor diameter [m] (checks that the hub is high enough).
    name : str
        Shown in messages and summaries.
    """

    wind_speed_m_per_s: tuple[float, ...]
    power_kw: tuple[float, ...]
    rated_kw: float | None = None
    rotor_diameter_m: float | None = None
    name: str = "custom power curve"

    def __post_init__(self):
        v = np.asarray(self.wind_speed_m_per_s, dtype=float)
        p = np.asarray(self.power_kw, dtype=float)
        if len(v) != len(p) or len(v) < 2:
            raise input_error(
                "wind.power_curve", f"{len(v)} speeds, {len(p)} powers", "two equal lists of 2+"
            )
        if not (np.all(np.diff(v) > 0) and v[0] >= 0):
            raise input_error(
                "wind.power_curve.wind_speed_m_per_s", list(v), "increasing speeds >= 0 [m/s]"
            )
        if np.any(p < 0) or not np.all(np.isfinite(p)):
            raise input_error("wind.power_curve.power_kw", list(p), "powers >= 0 [kW]")

    @property
    def rated_w(self) -> float:
        """Nominal power [W] (windpowerlib's unit)."""
        return (self.rated_kw or max(self.power_kw)) * W_PER_KW

    def frame_w(self) -> pd.DataFrame:
        """The curve as windpowerlib takes it: ``wind_speed`` [m/s], ``value`` [W]."""
        return pd.DataFrame(
            {
                "wind_speed": np.asarray(self.wind_speed_m_per_s, dtype=float),
                "value": np.asarray(self.power_kw, dtype=float) * W_PER_KW,
            }
        )


CLASS_STAND_INS = {
    "I": "V112/3450",
    "II": "V126/3450",
    "III": "E-141/4200",
}
"""A stand-in turbine of windpowerlib's library per IEC 61400-1 wind class (reference
annual mean speed at hub height: I 10, II 8.5, III 7.5 m/s): the larger the rotor per kW,
the lower the wind it is built for. See README (Turbines by wind class)."""


@functools.cache
def _power_curve_types() -> tuple[str, ...]:
    frame = pd.read_csv(OEDB_DIR / "power_curves.csv", usecols=[0])
    return tuple(sorted(frame.iloc[:, 0].dropna().astype(str)))


@functools.cache
def _rotor_diameters_m() -> dict[str, float]:
    frame = pd.read_csv(OEDB_DIR / "turbine_data.csv", usecols=["turbine_type", "rotor_diameter"])
    return dict(
        zip(frame["turbine_type"].astype(str), frame["rotor_diameter"].astype(float), strict=True)
    )


def _hub_heights_m(text) -> tuple[float, ...]:
    """Hub heights [m] from the library's free-text cell: ``"87,5; 100; 120"``, ``"75/85"``,
    ``"100; side spec"`` (decimal commas read, words dropped), sorted, no repeats."""
    if not isinstance(text, str):
        return ()
    heights = set()
    for token in re.split(r"[;/]", text):
        try:
            heights.add(float(token.strip().replace(",", ".")))
        except ValueError:
            continue
    return tuple(sorted(h for h in heights if h > 0))


def turbine_table() -> pd.DataFrame:
    """The turbine types of :func:`turbine_types` with their data from windpowerlib's bundled
    (offline) library: ``rated_power_kw`` [kW], ``rotor_diameter_m`` [m] and
    ``hub_heights_m`` (tuple of the hub heights [m] the library lists, possibly empty);
    indexed by ``turbine_type``, sorted. A new frame on every call."""
    frame = pd.read_csv(
        OEDB_DIR / "turbine_data.csv",
        usecols=["turbine_type", "nominal_power", "rotor_diameter", "hub_height"],
    )
    frame = frame.assign(turbine_type=frame["turbine_type"].astype(str))
    frame = frame.drop_duplicates("turbine_type").set_index("turbine_type")
    frame = frame.reindex(turbine_types())
    return pd.DataFrame(
        {
            "rated_power_kw": frame["nominal_power"].astype(float) / 1000.0,  # file: W
            "rotor_diameter_m": frame["rotor_diameter"].astype(float),
            "hub_heights_m": [_hub_heights_m(v) for v in frame["hub_height"]],
        },
        index=pd.Index(frame.index, name="turbine_type"),
    )


def turbine_types() -> list[str]:
    """Turbine types with a power curve in windpowerlib's bundled (offline) library, sorted."""
    return list(_power_curve_types())


def make_turbine(
    turbine_type: str, hub_height_m: float, power_curve: PowerCurve | None = None
) -> WindTurbine:
    """The windpowerlib ``WindTurbine`` at ``hub_height_m`` [m]: a maker's ``power_curve``
    where given, else ``turbine_type`` from the bundled library.

    Raises
    ------
    InputDataError
        Unknown turbine type, or hub height [m] not above half the rotor diameter [m].
    """
    if not hub_height_m > 0:
        raise input_error("wind.hub_height_m", hub_height_m, "> 0 [m]")
    if power_curve is not None:
        diameter_m = power_curve.rotor_diameter_m or math.nan
        name = power_curve.name
    else:
        known = _power_curve_types()
        if turbine_type not in known:
            close = difflib.get_close_matches(turbine_type, known, n=5, cutoff=0.3)
            examples = ", ".join(close or ["E-141/4200", "E-126/4200", "V126/3300", "SWT130/3600"])
            raise InputDataError(
                f"wind.turbine_type: {turbine_type!r} is not in windpowerlib's turbine "
                f"library; expected one of e.g. {examples} (see `parkopt turbines`)"
            )
        diameter_m = _rotor_diameters_m().get(turbine_type, math.nan)
        name = turbine_type
    if not math.isnan(diameter_m) and hub_height_m <= diameter_m / 2:
        raise input_error(
            "wind.hub_height_m",
            hub_height_m,
            f"more than half the rotor diameter of {name} ({diameter_m / 2:g} m) "
            "so the blades clear the ground [m]",
        )
    if power_curve is not None:
        return WindTurbine(
            hub_height=hub_height_m,
            nominal_power=power_curve.rated_w,
            power_curve=power_curve.frame_w(),
            rotor_diameter=power_curve.rotor_diameter_m,
            turbine_type=name,
        )
    return WindTurbine(turbine_type=turbine_type, hub_height=hub_height_m)
