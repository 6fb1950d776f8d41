"""Heat physics: heat pump COP, steam enthalpy and process heat demand profiles.

- COP: the Carnot-fraction model, as oemof.thermal's ``calc_cops`` has it
  (``compression_heatpumps_and_chillers``; Jakob Wolf et al., oemof.thermal 0.0.8):
  ``COP = quality_grade * T_sink / (T_sink - T_source)`` with temperatures in kelvin, and
  an icing factor on air-source units below an air temperature threshold. oemof.thermal
  itself is not a dependency (it pins oemof.solph and an old numpy); the formula is three
  lines, written here with its source. Two limits stop a heat pump from serving a level it
  cannot reach: a largest sink temperature (the machine's rating) and a largest lift.
  Where a maker gives its COP as a table against the air temperature, ``from_table`` reads
  it (linear, constant beyond the ends) instead.
- Steam: the heat a tonne of steam carries above its feed water, from IAPWS-IF97 (the
  ``iapws`` library), never a typed constant.
- Demand: hourly process heat from annual or monthly totals by a documented shift rule.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from parkopt.models.errors import input_error
from parkopt.models.load import SATURDAY

KELVIN = 273.15
"""0 degC in K."""
KJ_PER_KWH = 3600.0
"""kJ in one kWh."""
MJ_PER_GJ = 1000.0
KWH_PER_GJ = 1e6 / KJ_PER_KWH
"""kWh in one GJ (277.8)."""


@dataclass(frozen=True)
class CopModel:
    """A heat pump's Carnot-fraction COP model.

    Attributes
    ----------
    quality_grade : float
        Fraction of the Carnot COP reached [-] (oemof.thermal's examples use 0.4 for
        air-source units; 0.5-0.6 for large industrial units on a warm source).
    max_sink_temperature_c : float
        Highest supply temperature the machine reaches [degC]; a hotter level is not served.
    max_lift_k : float
        Largest sink-minus-source difference [K]; in hours above it the unit gives nothing.
    icing_threshold_c : float | None
        Air temperature below which (strictly) the COP is reduced by ``icing_factor``
        (air-source units defrosting; None: no icing) [degC].
    icing_factor : float
        Factor on the COP below the threshold [-].
    max_cop : float
        Upper bound on the COP where source and sink come close [-].
    """

    quality_grade: float = 0.4
    max_sink_temperature_c: float = 90.0
    max_lift_k: float = 80.0
    icing_threshold_c: float | None = 2.0
    icing_factor: float = 0.8
    max_cop: float = 8.0


def cop(sink_c: float, source_c, model: CopModel) -> np.ndarray:
    """Hourly COP of a heat pump delivering at ``sink_c`` from ``source_c`` [degC] (a
    scalar or an array, e.g. the weather's air temperature); 0 where it cannot deliver:
    the sink is above the machine's rating or the lift above its limit [-]."""
    source = np.atleast_1d(np.asarray(source_c, dtype=float))
    if sink_c > model.max_sink_temperature_c:
        return np.zeros_like(source)
    lift = sink_c - source
    t_sink = sink_c + KELVIN
    with np.errstate(divide="ignore"):
        carnot = np.where(lift > 0, t_sink / np.maximum(lift, 1e-9), np.inf)
    out = np.minimum(model.quality_grade * carnot, model.max_cop)
    if model.icing_threshold_c is not None:
        out = np.where(source < model.icing_threshold_c, out * model.icing_factor, out)
    return np.where(lift > model.max_lift_k, 0.0, out)


def from_table(x, xp, fp) -> np.ndarray:
    """A table's values ``fp`` at its points ``xp`` (strictly increasing), read at ``x``
    (a scalar or an array): linear between the points, constant beyond the ends
    (``numpy.interp``); e.g. a maker's COP [-] against the air temperature [degC]."""
    return np.interp(np.atleast_1d(np.asarray(x, dtype=float)), xp, fp)


IF97_MAX_BAR = 1000.0
"""IAPWS-IF97 holds up to 100 MPa (1000 bar absolute), and to 500 bar above 800 degC."""
IF97_MAX_C = 800.0
IF97_HIGH_T_MAX_C, IF97_HIGH_T_MAX_BAR = 2000.0, 500.0
"""IAPWS-IF97's region 5: 800-2000 degC up to 500 bar absolute."""
CRITICAL_BAR, CRITICAL_C = 220.64, 373.946
"""Water's critical point: above it there is no saturated steam [bar absolute, degC]."""
SATURATION_TOL_K = 1e-6
"""A given steam temperature this close to saturation is saturated steam [K]."""


def _steam_enthalpy_kj_per_kg(pressure_bar: float, temperature_c: float | None) -> float:
    """Specific enthalpy of steam at ``pressure_bar`` absolute and ``temperature_c`` (None:
    saturated vapour; above saturation: superheated vapour) [kJ/kg], IAPWS-IF97; InputDataError
    naming the field for a state that is not steam or outside the standard's range."""
    from iapws import IAPWS97

    if not 0 < pressure_bar <= IF97_MAX_BAR:
        raise input_error(
            "steam.pressure_bar",
            pressure_bar,
            f"a pressure above 0 and up to {IF97_MAX_BAR:g} bar absolute (IAPWS-IF97's range)",
        )
    p_mpa = pressure_bar / 10.0
    if temperature_c is None:
        if pressure_bar >= CRITICAL_BAR:
            raise input_error(
                "steam.pressure_bar",
                pressure_bar,
                f"below the critical pressure ({CRITICAL_BAR} bar absolute) for saturated "
                "steam, or give steam.temperature_c",
            )
        return IAPWS97(P=p_mpa, x=1.0).h
    top_c = IF97_HIGH_T_MAX_C if pressure_bar <= IF97_HIGH_T_MAX_BAR else IF97_MAX_C
    if temperature_c > top_c:
        raise input_error(
            "steam.temperature_c",
            temperature_c,
            f"a steam temperature up to {top_c:g} degC at {pressure_bar:g} bar absolute "
            "(IAPWS-IF97's range)",
        )
    if pressure_bar < CRITICAL_BAR:
        t_sat = steam_saturation_c(pressure_bar)
        if temperature_c < t_sat - SATURATION_TOL_K:
            raise input_error(
                "steam.temperature_c",
                temperature_c,
                "a steam temperature at or above saturation "
                f"({t_sat:.1f} degC at {pressure_bar:g} bar absolute); below it water is liquid",
            )
        if temperature_c <= t_sat + SATURATION_TOL_K:
            return IAPWS97(P=p_mpa, x=1.0).h
    elif temperature_c <= CRITICAL_C:
        raise input_error(
            "steam.temperature_c",
            temperature_c,
            f"above the critical temperature ({CRITICAL_C} degC) at {pressure_bar:g} bar "
            "absolute (above the critical pressure; below it water is liquid)",
        )
    return IAPWS97(P=p_mpa, T=temperature_c + KELVIN).h  # superheated (or supercritical)


def steam_heat_kwh_per_t(pressure_bar: float, temperature_c: float | None, feedwater_c: float):
    """Heat one tonne of steam carries above its feed water [kWh_th/t]: the enthalpy of
    steam at ``pressure_bar`` (absolute) and ``temperature_c`` (None: saturated vapour; above
    saturation: superheated vapour) less that of liquid feed water at ``feedwater_c`` and the
    same pressure, from IAPWS-IF97."""
    from iapws import IAPWS97

    h_steam = _steam_enthalpy_kj_per_kg(pressure_bar, temperature_c)
    water = IAPWS97(P=pressure_bar / 10.0, T=feedwater_c + KELVIN)
    if water.x > 0:
        raise input_error("steam.feedwater_c", feedwater_c, "liquid feed water below saturation")
    return (h_steam - water.h) * 1000.0 / KJ_PER_KWH  # kJ/kg x 1000 kg/t -> kWh/t


def steam_saturation_c(pressure_bar: float) -> float:
    """Saturation temperature at ``pressure_bar`` absolute [degC] (IAPWS-IF97)."""
    from iapws import IAPWS97

    return IAPWS97(P=pressure_bar / 10.0, x=1.0).T - KELVIN


@dataclass(frozen=True)
class HeatShape:
    """How process heat runs through the day and week (the documented rule of
    ``heat_demand_kw``).

    Attributes
    ----------
    base_fraction : float
        Share of the weekday shift-hour rate that runs in every hour (standby, tracing,
        space heat) [-], 0-1.
    shift_start_h, shift_end_h : int
        Clock hours the shifts run, ``start <= h < end``; ``end < start`` wraps [h].
    weekend_factor : float
        Share of the shift-hour rate that runs on Saturdays and Sundays [-].
    """

    base_fraction: float = 0.3
    shift_start_h: int = 8
    shift_end_h: int = 24
    weekend_factor: float = 0.6


def _shape(index: pd.DatetimeIndex, shape: HeatShape) -> np.ndarray:
    """Relative hourly rate [-]: 1 in weekday shift hours, ``base + (1 - base) * weekend``
    in weekend shift hours, ``base`` outside shifts."""
    hour = index.hour.to_numpy()
    s, e = shape.shift_start_h, shape.shift_end_h
    on = (hour >= s) & (hour < e) if s <= e else (hour >= s) | (hour < e)
    weekend = index.day_of_week.to_numpy() >= SATURDAY
    top = np.where(weekend, shape.weekend_factor, 1.0)
    b = shape.base_fraction
    return np.where(on, b + (1 - b) * top, b)


def heat_demand_kw(
    index: pd.DatetimeIndex,
    shape: HeatShape,
    annual_mwh: float | None = None,
    monthly_mwh: list[float] | None = None,
) -> np.ndarray:
    """Hourly heat demand [kW_th] on ``index`` (a full year) from an annual total or twelve
    monthly totals [MWh_th], shaped by ``shape``.

    Rule: the relative rate of ``HeatShape`` is scaled in each calendar month so that the
    month's energy is its total (annual totals are spread over the months in proportion to
    their shift hours, i.e. a flat year). Totals are met exactly over the full year.
    """
    rel = _shape(index, shape)
    month = index.month.to_numpy()
    if monthly_mwh is None:
        if annual_mwh is None:
            raise input_error("demand", None, "annual_mwh or monthly_mwh")
        weight = np.array([rel[month == m].sum() for m in range(1, 13)])
        monthly_mwh = list(annual_mwh * weight / weight.sum())
    if len(monthly_mwh) != 12:
        raise input_error("demand.monthly_mwh", len(monthly_mwh), "12 monthly totals in MWh_th")
    out = np.zeros(len(index))
    for m in range(1, 13):
        sel = month == m
        total = rel[sel].sum()
        if total > 0:
            out[sel] = rel[sel] * monthly_mwh[m - 1] * 1000.0 / total
    return out
