"""Wind output per kW of installed capacity, from windpowerlib's ModelChain.

Turbines come from the turbine library bundled with windpowerlib (its package folder
``oedb/``), read offline; nothing is ever downloaded.
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
from windpowerlib import ModelChain, WindTurbine

from parkopt.models.errors import InputDataError, input_error
from parkopt.models.weather import Weather

CELSIUS_TO_KELVIN = 273.15
TEMPERATURE_HEIGHT_M = 2.0  # height of the weather file's air temperature [m]
PRESSURE_HEIGHT_M = 0.0  # station pressure, at ground level of the site [m]
OEDB_DIR = Path(windpowerlib.__file__).parent / "oedb"


@dataclass(frozen=True)
class WindSpec:
    """A wind turbine type and how the weather is carried to its hub.

    Attributes
    ----------
    turbine_type : str
        Name in windpowerlib's bundled library, e.g. ``"E-141/4200"`` (see
        :func:`turbine_types`).
    hub_height_m : float
        Hub height above ground [m]; must exceed half the rotor diameter.
    roughness_length_m : float
        Surface roughness length for the logarithmic wind profile [m] (0.1: farmland with
        some hedges; 0.0002: open sea; 0.5-1: suburbs).
    measurement_height_m : float
        Height of the weather file's wind speed above ground [m] (10 for EPW/TMY3).
    density_correction : bool
        Correct the power curve for air density at hub height (from pressure [Pa] and
        temperature [K]) as windpowerlib does.
    """

    turbine_type: str = "E-141/4200"
    hub_height_m: float = 120.0
    roughness_length_m: float = 0.1
    measurement_height_m: float = 10.0
    density_correction: bool = True


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


def make_turbine(spec: WindSpec) -> WindTurbine:
    """Build the windpowerlib ``WindTurbine`` for ``spec`` from the bundled library.

    Raises
    ------
    InputDataError
        Unknown turbine type, or hub height [m] not above half the rotor diameter [m].
    """
    known = _power_curve_types()
    if spec.turbine_type not in known:
        close = difflib.get_close_matches(spec.turbine_type, known, n=5, cutoff=0.3)
        examples = ", ".join(close or ["E-141/4200", "E-126/4200", "V126/3300", "SWT130/3600"])
        raise InputDataError(
            f"wind.turbine_type: {spec.turbine_type!r} is not in windpowerlib's turbine "
            f"library; expected one of e.g. {examples} (see `parkopt turbines`)"
        )
    if not spec.hub_height_m > 0:
        raise input_error("wind.hub_height_m", spec.hub_height_m, "> 0 [m]")
    diameter_m = _rotor_diameters_m().get(spec.turbine_type, math.nan)
    if not math.isnan(diameter_m) and spec.hub_height_m <= diameter_m / 2:
        raise input_error(
            "wind.hub_height_m",
            spec.hub_height_m,
            f"more than half the rotor diameter of {spec.turbine_type} ({diameter_m / 2:g} m) "
            "so the blades clear the ground [m]",
        )
    turbine = WindTurbine(turbine_type=spec.turbine_type, hub_height=spec.hub_height_m)
    return turbine


def wind_kw_per_kw(weather: Weather, spec: WindSpec) -> pd.Series:
    """Hourly wind output per kW of installed (nominal) turbine capacity [kW / kW].

    The wind speed [m/s] at ``spec.measurement_height_m`` is carried to hub height by the
    logarithmic profile, temperature by the linear gradient, density by the barometric
    formula; power from the turbine's power curve (density-corrected when asked).

    Parameters
    ----------
    weather : Weather
        Canonical hourly weather: ``wind_speed`` [m/s], ``temp_air`` [°C], ``pressure`` [Pa].
    spec : WindSpec
        Turbine type, hub height [m], roughness length [m].

    Returns
    -------
    pandas.Series
        ``wind_kw_per_kw`` on ``weather.data.index``, in [0, 1], no NaN. Power curves that
        exceed the nominal power slightly are capped at 1.
    """
    if not spec.roughness_length_m > 0:
        raise input_error("wind.roughness_length_m", spec.roughness_length_m, "> 0 [m]")
    if not spec.measurement_height_m > 0:
        raise input_error("wind.measurement_height_m", spec.measurement_height_m, "> 0 [m]")
    turbine = make_turbine(spec)
    data = weather.data
    n = len(data)
    columns = pd.MultiIndex.from_tuples(
        [
            ("wind_speed", spec.measurement_height_m),
            ("temperature", TEMPERATURE_HEIGHT_M),
            ("pressure", PRESSURE_HEIGHT_M),
            ("roughness_length", 0.0),
        ],
        names=["variable_name", "height"],
    )
    values = np.column_stack(
        [
            data["wind_speed"].to_numpy(dtype=float),
            data["temp_air"].to_numpy(dtype=float) + CELSIUS_TO_KELVIN,
            data["pressure"].to_numpy(dtype=float),
            np.full(n, spec.roughness_length_m),
        ]
    )
    frame = pd.DataFrame(values, index=data.index, columns=columns)
    chain = ModelChain(
        turbine,
        wind_speed_model="logarithmic",
        temperature_model="linear_gradient",
        density_model="barometric",
        power_output_model="power_curve",
        density_correction=spec.density_correction,
    ).run_model(frame)
    power_w = pd.Series(np.asarray(chain.power_output, dtype=float), index=data.index)
    per_kw = (power_w / float(turbine.nominal_power)).fillna(0.0).clip(lower=0.0, upper=1.0)
    return per_kw.rename("wind_kw_per_kw")
