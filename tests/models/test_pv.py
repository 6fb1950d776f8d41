from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from parkopt.models.errors import InputDataError
from parkopt.models.pv import PVSpec, pv_ac_kw_per_kw_dc

#: agreement with NREL PVWatts v8 (annual AC yield, relative) and hourly correlation
PVWATTS_ANNUAL_REL_TOL = 0.02
PVWATTS_HOURLY_CORR_MIN = 0.99


def _pvwatts_v8_kw_per_kw_dc(weather, spec: PVSpec) -> np.ndarray:
    """Hourly AC output [kW/kW_DC] of PySAM's Pvwattsv8 with the same assumptions."""
    pv8 = pytest.importorskip("PySAM.Pvwattsv8")
    data, index = weather.data, weather.data.index
    n = len(index)
    model = pv8.default("PVWattsNone")
    model.SolarResource.solar_resource_data = {
        "lat": weather.latitude_deg,
        "lon": weather.longitude_deg,
        "tz": weather.utc_offset_h,
        "elev": weather.altitude_m,
        "year": list(index.year),
        "month": list(index.month),
        "day": list(index.day),
        "hour": list(index.hour),
        "minute": [30] * n,  # hour-start labels: SAM puts the sun at mid-hour
        "dn": list(data["dni"]),
        "df": list(data["dhi"]),
        "gh": list(data["ghi"]),
        "tdry": list(data["temp_air"]),
        "wspd": list(data["wind_speed"]),
        "pres": list(data["pressure"] / 100.0),  # Pa -> mbar
        "albedo": list(data["albedo"]) if "albedo" in data else [spec.albedo] * n,
    }
    design = model.SystemDesign
    design.system_capacity = 1.0  # kW_DC
    design.tilt = spec.tilt_deg
    design.azimuth = spec.azimuth_deg
    design.dc_ac_ratio = spec.dc_ac_ratio
    design.losses = spec.losses_pct
    design.inv_eff = spec.inverter_eff_nom * 100
    design.array_type = 0  # fixed, open rack
    design.module_type = 0  # standard
    design.gcr = 0.01  # no row-to-row self-shading
    model.execute()
    return np.asarray(model.Outputs.ac) / 1000.0  # W -> kW


def test_matches_pvwatts_v8(greensboro):
    spec = PVSpec()
    ours = pv_ac_kw_per_kw_dc(greensboro, spec)
    sam = _pvwatts_v8_kw_per_kw_dc(greensboro, spec)
    ours_kwh, sam_kwh = ours.sum(), sam.sum()
    rel = ours_kwh / sam_kwh - 1.0
    corr = np.corrcoef(ours.to_numpy(), sam)[0, 1]
    msg = (
        f"pvlib {ours_kwh:.1f} kWh/kW_DC vs PVWatts v8 {sam_kwh:.1f} kWh/kW_DC "
        f"({rel:+.2%}), hourly correlation {corr:.5f}"
    )
    print(msg)
    assert abs(rel) < PVWATTS_ANNUAL_REL_TOL, msg
    assert corr > PVWATTS_HOURLY_CORR_MIN, msg


def test_series_contract(greensboro):
    spec = PVSpec()
    out = pv_ac_kw_per_kw_dc(greensboro, spec)
    assert out.name == "pv_kw_per_kw_dc"
    assert out.index.equals(greensboro.data.index)
    assert not out.isna().any()
    assert (out >= 0).all()
    assert out.max() <= 1.0 / spec.dc_ac_ratio + 1e-12
    assert 1200 < out.sum() < 1600  # kWh/kW_DC a year in North Carolina


def test_zero_at_night(greensboro):
    out = pv_ac_kw_per_kw_dc(greensboro, PVSpec())
    night = greensboro.data["ghi"] == 0
    assert night.sum() > 4000
    assert (out[night] == 0).all()
    assert (out.between_time("00:00", "03:00") == 0).all()


def test_clipping_at_inverter_rating(make_weather):
    # clear, cold, bright noon sky on a south-facing array: DC exceeds the AC rating
    weather = make_weather(24, ghi=1000.0, dni=900.0, dhi=100.0, temp_air=-10.0, start="2025-03-20")
    spec = PVSpec(dc_ac_ratio=1.5, losses_pct=0.0)
    out = pv_ac_kw_per_kw_dc(weather, spec)
    assert out.max() == pytest.approx(1 / 1.5)
    unclipped = pv_ac_kw_per_kw_dc(weather, dataclasses.replace(spec, dc_ac_ratio=0.8))
    assert unclipped.max() > 1 / 1.5


def test_dark_sky_gives_zero(make_weather):
    out = pv_ac_kw_per_kw_dc(make_weather(48), PVSpec())
    assert (out == 0).all()


def test_losses_scale_dc_output(make_weather):
    weather = make_weather(24, ghi=300.0, dni=100.0, dhi=200.0, start="2025-03-20")
    no_loss = pv_ac_kw_per_kw_dc(weather, PVSpec(losses_pct=0.0, dc_ac_ratio=0.5)).sum()
    loss = pv_ac_kw_per_kw_dc(weather, PVSpec(losses_pct=14.0, dc_ac_ratio=0.5)).sum()
    assert 0.84 < loss / no_loss < 0.87  # DC -14 %, inverter efficiency nearly flat


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("tilt_deg", 95.0),
        ("dc_ac_ratio", 0.0),
        ("losses_pct", 100.0),
        ("temperature_model", "roof"),
        ("albedo", 1.5),
    ],
)
def test_bad_spec(field, value, make_weather):
    spec = dataclasses.replace(PVSpec(), **{field: value})
    with pytest.raises(InputDataError, match=f"pv.{field} = "):
        pv_ac_kw_per_kw_dc(make_weather(2), spec)
