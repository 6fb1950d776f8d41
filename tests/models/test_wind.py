from __future__ import annotations

import numpy as np
import pytest

from parkopt.models.errors import InputDataError
from parkopt.models.wind import WindSpec, make_turbine, turbine_types, wind_kw_per_kw


def test_turbine_types_offline():
    types = turbine_types()
    assert "E-141/4200" in types
    assert len(types) > 50
    assert types == sorted(types)


def test_constant_wind_interpolates_power_curve(make_weather):
    """Wind measured at hub height, no density correction: output = power curve / nominal."""
    spec = WindSpec(hub_height_m=120.0, measurement_height_m=120.0, density_correction=False)
    speeds = np.array([0.0, 2.0, 7.25, 10.0, 15.0, 24.0])  # m/s
    out = wind_kw_per_kw(make_weather(len(speeds), wind_speed=speeds), spec)
    curve = make_turbine(spec).power_curve
    expected = np.interp(speeds, curve["wind_speed"], curve["value"]) / 4_200_000.0
    np.testing.assert_allclose(out.to_numpy(), expected, rtol=1e-12)
    # by hand from oedb/power_curves.csv, E-141/4200: 7 m/s 1471 kW, 8 m/s 2151 kW
    assert out.iloc[2] == pytest.approx((1471.0 + 0.25 * (2151.0 - 1471.0)) / 4200.0)
    assert out.iloc[3] == pytest.approx(3481.0 / 4200.0)  # 10 m/s
    assert out.iloc[0] == 0.0
    assert out.iloc[-2] == pytest.approx(1.0)


def test_cut_out_gives_zero(make_weather):
    spec = WindSpec(hub_height_m=120.0, measurement_height_m=120.0, density_correction=False)
    out = wind_kw_per_kw(make_weather(3, wind_speed=np.array([24.0, 25.5, 30.0])), spec)
    assert out.iloc[0] == pytest.approx(1.0)
    assert (out.iloc[1:] == 0).all()


def test_series_contract_and_profile(make_weather):
    rng = np.random.default_rng(1)
    weather = make_weather(
        200, wind_speed=rng.uniform(0, 20, 200), temp_air=25.0, pressure=90_000.0
    )
    out = wind_kw_per_kw(weather, WindSpec())
    assert out.name == "wind_kw_per_kw"
    assert out.index.equals(weather.data.index)
    assert not out.isna().any()
    assert ((out >= 0) & (out <= 1)).all()
    # log profile from 10 m to 120 m raises the speed, so output beats the 10 m curve
    at_10m = wind_kw_per_kw(weather, WindSpec(measurement_height_m=120.0, density_correction=False))
    assert out.sum() > at_10m.sum()


def test_density_correction_lowers_output_in_thin_warm_air(make_weather):
    weather = make_weather(24, wind_speed=np.linspace(3, 9, 24), temp_air=30.0, pressure=85_000.0)
    with_rho = wind_kw_per_kw(weather, WindSpec(density_correction=True)).sum()
    without = wind_kw_per_kw(weather, WindSpec(density_correction=False)).sum()
    assert with_rho < 0.95 * without


def test_unknown_turbine(make_weather):
    with pytest.raises(InputDataError) as info:
        wind_kw_per_kw(make_weather(2), WindSpec(turbine_type="E-141/420"))
    text = str(info.value)
    assert text.startswith(
        "wind.turbine_type: 'E-141/420' is not in windpowerlib's turbine library"
    )
    assert "E-141/4200" in text and "parkopt turbines" in text and "\n" not in text


def test_hub_height_below_half_rotor(make_weather):
    with pytest.raises(InputDataError, match=r"wind.hub_height_m = 60.0: expected more than half"):
        wind_kw_per_kw(make_weather(2), WindSpec(hub_height_m=60.0))
