"""PV output per kW of installed DC capacity, from a pvlib ModelChain (PVWatts-style chain).

The chain mirrors NREL PVWatts v8 (checked against PySAM's ``Pvwattsv8`` in
``tests/models/test_pv.py``): Perez transposition (with extraterrestrial DNI and air mass),
physical (glass) incidence-angle modifier, SAPM cell temperature, PVWatts DC model, PVWatts
system losses, PVWatts inverter with clipping at ``1 / dc_ac_ratio`` kW_AC per kW_DC.
No spectral loss.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from pvlib.location import Location
from pvlib.modelchain import ModelChain
from pvlib.pvsystem import Array, FixedMount, PVSystem
from pvlib.temperature import TEMPERATURE_MODEL_PARAMETERS

from parkopt.models.errors import input_error
from parkopt.models.weather import Weather

HALF_HOUR = pd.Timedelta(minutes=30)
#: the PVWatts loss categories; all but one are set to zero so ``losses_pct`` is the total
_PVWATTS_LOSS_NAMES = (
    "soiling",
    "shading",
    "snow",
    "mismatch",
    "wiring",
    "connections",
    "lid",
    "nameplate_rating",
    "age",
    "availability",
)


@dataclass(frozen=True)
class PVSpec:
    """A fixed-tilt PV array, described per kW of DC nameplate.

    Attributes
    ----------
    tilt_deg : float
        Module tilt from horizontal [degrees], 0-90.
    azimuth_deg : float
        Module azimuth [degrees east of north]; 180 faces south.
    dc_ac_ratio : float
        DC nameplate over AC inverter rating [kW_DC / kW_AC], > 0.
    losses_pct : float
        PVWatts total DC system losses (soiling, wiring, mismatch, ...) [%], 0-100.
    temperature_model : str
        Key of ``pvlib.temperature.TEMPERATURE_MODEL_PARAMETERS['sapm']``.
    gamma_pdc_per_c : float
        Temperature coefficient of DC power [1/°C] (PVWatts standard module: -0.0037).
    inverter_eff_nom : float
        Nominal inverter efficiency [1], 0-1.
    albedo : float
        Ground albedo [1], used when the weather has no ``albedo`` column.
    """

    tilt_deg: float = 25.0
    azimuth_deg: float = 180.0
    dc_ac_ratio: float = 1.2
    losses_pct: float = 14.0
    temperature_model: str = "open_rack_glass_polymer"
    gamma_pdc_per_c: float = -0.0037
    inverter_eff_nom: float = 0.96
    albedo: float = 0.2


def _model_chain(weather: Weather, spec: PVSpec, pac0_kw: float) -> ModelChain:
    """pvlib's ModelChain for 1 kW_DC: PVWatts DC and inverter (AC rating ``pac0_kw``),
    PVWatts losses, physical AOI, SAPM cell temperature, Perez transposition."""
    array = Array(
        mount=FixedMount(surface_tilt=spec.tilt_deg, surface_azimuth=spec.azimuth_deg),
        albedo=spec.albedo,
        module_parameters={"pdc0": 1.0, "gamma_pdc": spec.gamma_pdc_per_c},  # 1 kW_DC
        temperature_model_parameters=TEMPERATURE_MODEL_PARAMETERS["sapm"][spec.temperature_model],
    )
    losses = dict.fromkeys(_PVWATTS_LOSS_NAMES, 0.0)
    losses["soiling"] = spec.losses_pct  # one category carries the whole total
    system = PVSystem(
        arrays=[array],
        # PVWatts: DC input rating of the inverter = AC rating / nominal efficiency [kW]
        inverter_parameters={
            "pdc0": pac0_kw / spec.inverter_eff_nom,
            "eta_inv_nom": spec.inverter_eff_nom,
        },
        losses_parameters=losses,
    )
    location = Location(
        latitude=weather.latitude_deg,
        longitude=weather.longitude_deg,
        # Location.tz only labels times it generates itself; the solar position uses the
        # weather index's own offset. pvlib accepts whole-hour offsets only, hence the fallback.
        tz=float(weather.utc_offset_h) if weather.utc_offset_h % 1 == 0 else "UTC",
        altitude=weather.altitude_m,
    )
    return ModelChain(
        system,
        location,
        dc_model="pvwatts",
        ac_model="pvwatts",
        aoi_model="physical",
        spectral_model="no_loss",
        temperature_model="sapm",
        losses_model="pvwatts",
        transposition_model="perez",
    )


def pv_ac_kw_per_kw_dc(weather: Weather, spec: PVSpec) -> pd.Series:
    """Hourly AC output per kW of DC nameplate [kW_AC / kW_DC].

    The weather values are hour averages labelled at the hour start, so the chain runs on a
    copy whose index is moved +30 min (solar position at mid-hour) and the result is put back
    on the original index.

    Parameters
    ----------
    weather : Weather
        Canonical hourly weather: ``ghi, dni, dhi`` [W/m2], ``temp_air`` [°C],
        ``wind_speed`` [m/s], ``pressure`` [Pa], optional ``albedo`` [1].
    spec : PVSpec
        Array and inverter description.

    Returns
    -------
    pandas.Series
        ``pv_kw_per_kw_dc`` on ``weather.data.index``; 0 at night, at most
        ``1 / spec.dc_ac_ratio`` (inverter clipping), no NaN.
    """
    _check_spec(spec)
    pac0_kw = 1.0 / spec.dc_ac_ratio  # AC rating per kW_DC [kW]
    chain = _model_chain(weather, spec, pac0_kw)
    columns = ["ghi", "dni", "dhi", "temp_air", "wind_speed", "pressure"]
    if "albedo" in weather.data:
        columns.append("albedo")
    mid_hour = weather.data[columns].copy()
    mid_hour.index = mid_hour.index + HALF_HOUR
    chain.run_model(mid_hour)
    ac_kw = pd.Series(np.asarray(chain.results.ac, dtype=float), index=weather.data.index)
    ac_kw = ac_kw.fillna(0.0).clip(lower=0.0, upper=pac0_kw)
    return ac_kw.rename("pv_kw_per_kw_dc")


def _check_spec(spec: PVSpec) -> None:
    """Raise InputDataError for a PVSpec value outside its physical range."""
    checks = [
        ("pv.tilt_deg", spec.tilt_deg, 0 <= spec.tilt_deg <= 90, "0-90 [degrees]"),
        ("pv.azimuth_deg", spec.azimuth_deg, 0 <= spec.azimuth_deg <= 360, "0-360 [degrees]"),
        ("pv.dc_ac_ratio", spec.dc_ac_ratio, spec.dc_ac_ratio > 0, "> 0 [kW_DC/kW_AC]"),
        ("pv.losses_pct", spec.losses_pct, 0 <= spec.losses_pct < 100, "0-100 [%]"),
        ("pv.inverter_eff_nom", spec.inverter_eff_nom, 0 < spec.inverter_eff_nom <= 1, "0-1 [1]"),
        ("pv.albedo", spec.albedo, 0 <= spec.albedo <= 1, "0-1 [1]"),
        (
            "pv.gamma_pdc_per_c",
            spec.gamma_pdc_per_c,
            -0.02 < spec.gamma_pdc_per_c <= 0,
            "between -0.02 and 0 [1/°C]",
        ),
    ]
    for field, value, ok, expected in checks:
        if not ok:
            raise input_error(field, value, expected)
    names = TEMPERATURE_MODEL_PARAMETERS["sapm"]
    if spec.temperature_model not in names:
        raise input_error(
            "pv.temperature_model", spec.temperature_model, f"one of {', '.join(names)}"
        )
