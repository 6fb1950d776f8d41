"""Wind output per kW of installed capacity: wind speed carried to the hub, calibrated to a
reference, through the turbine's power curve, less the farm's losses.

The steps, each with windpowerlib's own functions (``wind_speed``, ``temperature``,
``density``, ``power_output``), never home-made power-curve maths:

1. Wind speed at the hub [m/s]. From the weather file's 10 m wind, or from measured or
   reanalysis speeds (``hub_wind.WindSeries``) at one or two heights. With two heights the
   shear comes from the data (power law, exponent from the two heights' mean speeds,
   ``hub_wind.shear_exponent``); with one, the logarithmic profile with the roughness length
   of the site's terrain class (European Wind Atlas classes, ``TERRAIN_ROUGHNESS_M``), or
   a power law with a given exponent.
2. Calibration (optional, per site): the hub-height series is multiplied by one factor so
   that its annual mean matches a wind atlas or mast value, or so that the turbine's net
   full-load hours match a given figure. Multiplying by a constant keeps the shape of the
   series (hour to hour correlation 1) and scales every quantile of the speed
   distribution alike (a mean-preserving scaling of the distribution to the new mean).
3. Power at the hub from the power curve, corrected for air density (barometric formula at
   the hub with the temperature's linear gradient), as windpowerlib's ModelChain does.
4. Farm losses: wake, availability and electrical, each a fraction of the energy; the net
   output is ``gross x (1 - wake)(1 - availability)(1 - electrical)``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy.optimize import brentq
from windpowerlib import density, power_output, temperature, wind_speed

from parkopt.models.errors import input_error
from parkopt.models.hub_wind import WindSeries, shear_exponent
from parkopt.models.turbines import PowerCurve, make_turbine
from parkopt.models.units import HOURS_PER_YEAR
from parkopt.models.weather import Weather

CELSIUS_TO_KELVIN = 273.15
TEMPERATURE_HEIGHT_M = 2.0  # height of the weather file's air temperature [m]
PRESSURE_HEIGHT_M = 0.0  # station pressure, at ground level of the site [m]
STATION_HEIGHT_M = 10.0  # height of a weather file's wind speed [m]

TERRAIN_ROUGHNESS_M = {"water": 0.0002, "open": 0.03, "farmland": 0.1, "rough": 0.4}
"""Roughness length [m] of the European Wind Atlas roughness classes 0-3 (Troen and
Petersen 1989): open water; open flat land with few windbreaks (airports, steppe, desert);
farmland with hedges and scattered buildings; rough land with many trees and buildings
(suburbs, towns, forest edges)."""

CALIBRATION_FACTOR_RANGE = (0.2, 5.0)
"""Smallest and largest factor a calibration may apply to the hub-height speeds [-]."""


@dataclass(frozen=True)
class FarmLosses:
    """Losses of a wind farm as fractions of its gross energy [-].

    Defaults: wake 0.07, availability 0.03, electrical 0.02 (about 11.6 % in all), the
    order of the loss budgets used in wind resource assessments (see README, "Wind
    resource"); set all to 0 for a single turbine's gross output.
    """

    wake_fraction: float = 0.07
    availability_fraction: float = 0.03
    electrical_fraction: float = 0.02

    @property
    def net_factor(self) -> float:
        """Net over gross energy, ``(1 - wake)(1 - availability)(1 - electrical)`` [-]."""
        return (
            (1 - self.wake_fraction)
            * (1 - self.availability_fraction)
            * (1 - self.electrical_fraction)
        )


@dataclass(frozen=True)
class Calibration:
    """Scale the hub-height speeds so that their annual mean [m/s] or the turbine's net
    full-load hours [h/year] match a reference; give exactly one."""

    mean_speed_hub_m_per_s: float | None = None
    full_load_hours: float | None = None
    source: str = ""


@dataclass(frozen=True)
class WindSpec:
    """A wind turbine type, how the wind is carried to its hub, calibrated, and lost.

    Attributes
    ----------
    turbine_type : str
        Name in windpowerlib's bundled library, e.g. ``"E-141/4200"`` (``turbine_types``).
    hub_height_m : float
        Hub height above ground [m]; must exceed half the rotor diameter.
    roughness_length_m : float, optional
        Surface roughness length for the logarithmic profile [m]; default that of ``terrain``.
    terrain : str
        Terrain class of ``TERRAIN_ROUGHNESS_M`` (water, open, farmland, rough).
    shear_exponent : float, optional
        Power-law (Hellman) exponent [-] used instead of the logarithmic profile when the wind
        is known at one height only.
    measurement_height_m : float
        Height of the weather file's wind speed above ground [m] (10 for EPW/TMY3).
    density_correction : bool
        Correct the power curve for air density at hub height, as windpowerlib does.
    power_curve : PowerCurve, optional
        A maker's curve; replaces ``turbine_type``'s.
    losses : FarmLosses
        Wake, availability and electrical losses.
    calibration : Calibration, optional
        Scale the hub-height speeds to a reference.
    """

    turbine_type: str = "E-141/4200"
    hub_height_m: float = 120.0
    roughness_length_m: float | None = None
    terrain: str = "farmland"
    shear_exponent: float | None = None
    measurement_height_m: float = STATION_HEIGHT_M
    density_correction: bool = True
    power_curve: PowerCurve | None = None
    losses: FarmLosses = field(default_factory=FarmLosses)
    calibration: Calibration | None = None

    @property
    def roughness_m(self) -> float:
        """The roughness length in force [m]."""
        if self.roughness_length_m is not None:
            return self.roughness_length_m
        return TERRAIN_ROUGHNESS_M[self.terrain]


@dataclass(frozen=True)
class WindResult:
    """What the wind model found for one site.

    ``kw_per_kw`` (net) and ``gross_kw_per_kw`` [kW/kW] and ``hub_speed_m_per_s`` [m/s] are
    on the weather index; ``shear`` and ``calibration`` say how the hub speed was made.
    """

    kw_per_kw: pd.Series
    gross_kw_per_kw: pd.Series
    hub_speed_m_per_s: pd.Series
    shear: dict
    calibration: dict | None
    loss_factor: float

    @property
    def full_load_hours(self) -> float:
        """Net full-load hours over the weather year [h/year]."""
        return float(self.kw_per_kw.sum()) * HOURS_PER_YEAR / len(self.kw_per_kw)


def _check(spec: WindSpec) -> None:
    if spec.roughness_length_m is not None and not spec.roughness_length_m > 0:
        raise input_error("wind.roughness_length_m", spec.roughness_length_m, "> 0 [m]")
    if spec.terrain not in TERRAIN_ROUGHNESS_M:
        raise input_error("wind.terrain", spec.terrain, f"one of {', '.join(TERRAIN_ROUGHNESS_M)}")
    if not spec.measurement_height_m > 0:
        raise input_error("wind.measurement_height_m", spec.measurement_height_m, "> 0 [m]")
    for name in ("wake_fraction", "availability_fraction", "electrical_fraction"):
        value = getattr(spec.losses, name)
        if not 0 <= value < 1:
            raise input_error(f"wind.losses.{name}", value, "a fraction in [0, 1)")


def hub_speed(
    speeds: dict[float, pd.Series], spec: WindSpec
) -> tuple[pd.Series, dict[str, object]]:
    """Wind speed at the hub [m/s] from speeds at one or two heights [m], and how the shear
    was taken (method, exponent or roughness length, heights)."""
    heights = sorted(speeds)
    hub = spec.hub_height_m
    nearest = min(heights, key=lambda h: abs(h - hub))
    if len(heights) >= 2:
        low, high = heights[0], heights[-1]
        alpha = shear_exponent(speeds[low], speeds[high], low, high)
        shear = {"method": "power law, exponent from the data", "exponent": alpha}
    elif spec.shear_exponent is not None:
        alpha = spec.shear_exponent
        shear = {"method": "power law, given exponent", "exponent": alpha}
    else:
        alpha = None
        shear = {
            "method": "logarithmic profile",
            "roughness_length_m": spec.roughness_m,
            "terrain": spec.terrain if spec.roughness_length_m is None else "given",
        }
    shear["from_height_m"] = nearest
    v = speeds[nearest]
    if nearest == hub:
        out = v.astype(float)
    elif alpha is not None:
        out = wind_speed.hellman(v, nearest, hub, hellman_exponent=alpha)
    else:
        out = wind_speed.logarithmic_profile(v, nearest, hub, spec.roughness_m)
    return pd.Series(np.asarray(out, dtype=float), index=v.index).clip(lower=0.0), shear


def hub_density(weather: Weather, spec: WindSpec) -> pd.Series | None:
    """Air density at the hub [kg/m3] (barometric formula, temperature's linear gradient),
    as windpowerlib's ModelChain takes it; None without density correction."""
    if not spec.density_correction:
        return None
    data = weather.data
    t_hub = temperature.linear_gradient(
        data["temp_air"] + CELSIUS_TO_KELVIN, TEMPERATURE_HEIGHT_M, spec.hub_height_m
    )
    return density.barometric(data["pressure"], PRESSURE_HEIGHT_M, spec.hub_height_m, t_hub)


def _gross_power(v_hub: pd.Series, rho: pd.Series | None, turbine) -> np.ndarray:
    """Power curve output per kW of nominal power at hub speeds ``v_hub`` [kW/kW], density
    corrected where ``rho`` [kg/m3] is given."""
    curve = turbine.power_curve
    power_w = power_output.power_curve(
        v_hub, curve["wind_speed"], curve["value"], rho, rho is not None
    )
    per_kw = np.asarray(power_w, dtype=float) / float(turbine.nominal_power)
    return np.clip(np.nan_to_num(per_kw, nan=0.0), 0.0, 1.0)


def _factor_for_hours(target_h: float, hours_at) -> float:
    """The speed factor whose net full-load hours equal ``target_h`` [h/year]: the first
    crossing on a scan of ``CALIBRATION_FACTOR_RANGE``, refined by Brent's method."""
    ks = np.linspace(*CALIBRATION_FACTOR_RANGE, 97)
    hours = np.array([hours_at(k) for k in ks])
    above = np.flatnonzero(hours >= target_h)
    if not len(above) or above[0] == 0:
        reach = f"{hours.min():,.0f}-{hours.max():,.0f} h"
        raise input_error(
            "wind.calibration.full_load_hours",
            target_h,
            f"a figure this turbine reaches with speeds scaled by {CALIBRATION_FACTOR_RANGE[0]}"
            f"-{CALIBRATION_FACTOR_RANGE[1]} ({reach}) [h/year]",
        )
    i = above[0]
    return brentq(lambda k: hours_at(k) - target_h, ks[i - 1], ks[i], xtol=1e-14, rtol=1e-15)


def calibrate(v_hub: pd.Series, spec: WindSpec, hours_at) -> tuple[pd.Series, dict | None]:
    """Scale the hub speeds by one factor to the spec's calibration target; the factor and
    the target in a dict (None without calibration). ``hours_at(k)`` gives the net full-load
    hours [h/year] of the speeds scaled by ``k``."""
    c = spec.calibration
    if c is None:
        return v_hub, None
    given = [x for x in (c.mean_speed_hub_m_per_s, c.full_load_hours) if x is not None]
    if len(given) != 1 or not given[0] > 0:
        raise input_error(
            "wind.calibration",
            given,
            "exactly one of mean_speed_hub_m_per_s [m/s] or full_load_hours [h/year], > 0",
        )
    mean = float(v_hub.mean())
    if not mean > 0:
        raise input_error(
            "wind.calibration", given[0], "hub-height speeds with a mean above 0 m/s to scale"
        )
    if c.mean_speed_hub_m_per_s is not None:
        factor, method = c.mean_speed_hub_m_per_s / mean, "mean hub-height speed"
        target = c.mean_speed_hub_m_per_s
    else:
        factor, method = _factor_for_hours(c.full_load_hours, hours_at), "net full-load hours"
        target = c.full_load_hours
    low, high = CALIBRATION_FACTOR_RANGE
    if not low <= factor <= high:
        raise input_error(
            "wind.calibration.mean_speed_hub_m_per_s",
            target,
            f"a mean within {low}-{high} times the modelled {mean:.2f} m/s [m/s]",
        )
    info = {
        "method": f"speeds scaled by one factor to match the {method}",
        "target": target,
        "factor": factor,
        "uncalibrated_mean_speed_hub_m_per_s": mean,
        "source": c.source,
    }
    return v_hub * factor, info


def wind_resource(
    weather: Weather, spec: WindSpec, measured: WindSeries | None = None
) -> WindResult:
    """Hourly wind output per kW installed (net of farm losses) and how it was made.

    Parameters
    ----------
    weather : Weather
        Canonical hourly weather: ``wind_speed`` [m/s at ``spec.measurement_height_m``],
        ``temp_air`` [°C], ``pressure`` [Pa].
    spec : WindSpec
        Turbine, hub height [m], shear, calibration and losses.
    measured : WindSeries, optional
        Measured or reanalysis speeds at one or two heights [m/s], used instead of the
        weather file's wind (on the weather's index).
    """
    _check(spec)
    turbine = make_turbine(spec.turbine_type, spec.hub_height_m, spec.power_curve)
    if measured is not None:
        speeds = measured.speeds_m_per_s
    else:
        speeds = {spec.measurement_height_m: weather.data["wind_speed"].astype(float)}
    v_hub, shear = hub_speed(speeds, spec)
    net = spec.losses.net_factor
    per_hour = HOURS_PER_YEAR / len(v_hub)

    rho = hub_density(weather, spec)  # independent of the speeds: once per site

    def hours_at(k: float) -> float:
        return float(_gross_power(v_hub * k, rho, turbine).sum()) * net * per_hour

    v_hub, calibration = calibrate(v_hub, spec, hours_at)
    gross = pd.Series(_gross_power(v_hub, rho, turbine), index=weather.data.index)
    return WindResult(
        kw_per_kw=(gross * net).rename("wind_kw_per_kw"),
        gross_kw_per_kw=gross.rename("wind_gross_kw_per_kw"),
        hub_speed_m_per_s=v_hub.rename("wind_speed_hub_m_per_s"),
        shear=shear,
        calibration=calibration,
        loss_factor=1 - net,
    )


def wind_kw_per_kw(
    weather: Weather, spec: WindSpec, measured: WindSeries | None = None
) -> pd.Series:
    """Hourly wind output per kW of installed (nominal) capacity, net of farm losses
    [kW/kW], in [0, 1], no NaN (``wind_resource(...).kw_per_kw``)."""
    return wind_resource(weather, spec, measured).kw_per_kw
