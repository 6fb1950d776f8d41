from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from parkopt.models.errors import InputDataError
from parkopt.models.turbines import PowerCurve, make_turbine, turbine_types
from parkopt.models.wind import (
    TERRAIN_ROUGHNESS_M,
    Calibration,
    FarmLosses,
    WindSpec,
    wind_kw_per_kw,
    wind_resource,
)

NO_LOSSES = FarmLosses(0.0, 0.0, 0.0)


def test_turbine_types_offline():
    types = turbine_types()
    assert "E-141/4200" in types
    assert len(types) > 50
    assert types == sorted(types)


def test_constant_wind_interpolates_power_curve(make_weather):
    """Wind measured at hub height, no density correction: output = power curve / nominal."""
    spec = WindSpec(
        hub_height_m=120.0, measurement_height_m=120.0, density_correction=False, losses=NO_LOSSES
    )
    speeds = np.array([0.0, 2.0, 7.25, 10.0, 15.0, 24.0])  # m/s
    out = wind_kw_per_kw(make_weather(len(speeds), wind_speed=speeds), spec)
    curve = make_turbine(spec.turbine_type, spec.hub_height_m).power_curve
    expected = np.interp(speeds, curve["wind_speed"], curve["value"]) / 4_200_000.0
    np.testing.assert_allclose(out.to_numpy(), expected, rtol=1e-12)
    # by hand from oedb/power_curves.csv, E-141/4200: 7 m/s 1471 kW, 8 m/s 2151 kW
    assert out.iloc[2] == pytest.approx((1471.0 + 0.25 * (2151.0 - 1471.0)) / 4200.0)
    assert out.iloc[3] == pytest.approx(3481.0 / 4200.0)  # 10 m/s
    assert out.iloc[0] == 0.0
    assert out.iloc[-2] == pytest.approx(1.0)


def test_cut_out_gives_zero(make_weather):
    spec = WindSpec(
        hub_height_m=120.0, measurement_height_m=120.0, density_correction=False, losses=NO_LOSSES
    )
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


# --- the chain: windpowerlib's own functions, calibration, losses, custom curves ----------------


def test_chain_equals_windpowerlib_modelchain(make_weather):
    """Without calibration and losses the output is windpowerlib's ModelChain's (logarithmic
    profile, linear temperature gradient, barometric density, density-corrected curve)."""
    from windpowerlib import ModelChain

    rng = np.random.default_rng(3)
    n = 300
    weather = make_weather(
        n, wind_speed=rng.uniform(0, 22, n), temp_air=rng.uniform(-20, 35, n), pressure=88_000.0
    )
    spec = WindSpec(roughness_length_m=0.05, losses=NO_LOSSES)
    ours = wind_kw_per_kw(weather, spec).to_numpy()
    turbine = make_turbine(spec.turbine_type, spec.hub_height_m)
    frame = pd.DataFrame(
        np.column_stack(
            [
                weather.data["wind_speed"],
                weather.data["temp_air"] + 273.15,
                weather.data["pressure"],
                np.full(n, 0.05),
            ]
        ),
        index=weather.data.index,
        columns=pd.MultiIndex.from_tuples(
            [
                ("wind_speed", 10.0),
                ("temperature", 2.0),
                ("pressure", 0.0),
                ("roughness_length", 0),
            ],
            names=["variable_name", "height"],
        ),
    )
    chain = ModelChain(turbine, density_correction=True).run_model(frame)
    theirs = np.clip(chain.power_output.to_numpy() / turbine.nominal_power, 0, 1)
    np.testing.assert_allclose(ours, theirs, rtol=1e-12, atol=1e-15)


def test_losses_reduce_energy_by_exactly_the_stated_fraction(make_weather):
    weather = make_weather(200, wind_speed=np.random.default_rng(4).uniform(0, 20, 200))
    losses = FarmLosses(wake_fraction=0.07, availability_fraction=0.03, electrical_fraction=0.02)
    gross = wind_kw_per_kw(weather, WindSpec(losses=NO_LOSSES)).sum()
    net = wind_kw_per_kw(weather, WindSpec(losses=losses)).sum()
    assert net / gross == pytest.approx(0.93 * 0.97 * 0.98, rel=1e-12)
    assert 1 - losses.net_factor == pytest.approx(0.115942, rel=1e-12)


def test_calibration_to_mean_speed_keeps_the_shape(make_weather):
    speeds = np.random.default_rng(5).weibull(2.0, 500) * 5.0
    weather = make_weather(500, wind_speed=speeds)
    plain = wind_resource(weather, WindSpec())
    cal = wind_resource(weather, WindSpec(calibration=Calibration(mean_speed_hub_m_per_s=7.5)))
    assert cal.hub_speed_m_per_s.mean() == pytest.approx(7.5, rel=1e-12)
    corr = np.corrcoef(plain.hub_speed_m_per_s, cal.hub_speed_m_per_s)[0, 1]
    assert corr == pytest.approx(1.0, abs=1e-12)
    factor = cal.calibration["factor"]
    assert factor == pytest.approx(7.5 / plain.hub_speed_m_per_s.mean(), rel=1e-12)
    np.testing.assert_allclose(cal.hub_speed_m_per_s, plain.hub_speed_m_per_s * factor)


def test_calibration_to_full_load_hours(make_weather):
    speeds = np.random.default_rng(6).weibull(2.0, 8760) * 4.0
    weather = make_weather(8760, wind_speed=speeds, start="2025-01-01")
    cal = wind_resource(weather, WindSpec(calibration=Calibration(full_load_hours=2600.0)))
    assert cal.full_load_hours == pytest.approx(2600.0, rel=1e-6)
    plain = wind_resource(weather, WindSpec())
    corr = np.corrcoef(plain.hub_speed_m_per_s, cal.hub_speed_m_per_s)[0, 1]
    assert corr == pytest.approx(1.0, abs=1e-12)
    assert cal.calibration["method"].endswith("net full-load hours")


def test_calibration_out_of_reach_is_named(make_weather):
    weather = make_weather(48, wind_speed=5.0)
    with pytest.raises(InputDataError, match="full_load_hours = 9000.0"):
        wind_resource(weather, WindSpec(calibration=Calibration(full_load_hours=9000.0)))


def test_custom_power_curve_by_hand(make_weather):
    """A maker's table at hub height, no density correction, no losses: linear
    interpolation of the table, 0 beyond cut-out, over the rated power."""
    curve = PowerCurve((3.0, 5.0, 10.0, 12.0, 20.0), (0.0, 400.0, 2000.0, 2500.0, 2500.0), 2500.0)
    speeds = np.array([2.0, 4.0, 7.5, 11.0, 20.0, 22.0])
    spec = WindSpec(
        power_curve=curve,
        hub_height_m=100.0,
        measurement_height_m=100.0,
        density_correction=False,
        losses=NO_LOSSES,
    )
    out = wind_kw_per_kw(make_weather(len(speeds), wind_speed=speeds), spec).to_numpy()
    # by hand: 4 m/s halfway 0-400 = 200 kW; 7.5 halfway 400-2000 = 1200; 11: 2250; 20: 2500
    expected = np.array([0.0, 200.0, 1200.0, 2250.0, 2500.0, 0.0]) / 2500.0
    np.testing.assert_allclose(out, expected, rtol=1e-12, atol=1e-15)


def test_terrain_class_sets_the_roughness(make_weather):
    weather = make_weather(24, wind_speed=6.0)
    open_land = wind_resource(weather, WindSpec(terrain="open"))
    assert open_land.shear["roughness_length_m"] == TERRAIN_ROUGHNESS_M["open"] == 0.03
    expected = 6.0 * np.log(120 / 0.03) / np.log(10 / 0.03)
    assert open_land.hub_speed_m_per_s.iloc[0] == pytest.approx(expected, rel=1e-12)


def test_two_heights_give_the_shear_from_the_data(make_weather):
    from parkopt.models.hub_wind import WindSeries

    weather = make_weather(400, start="2025-01-01")
    low = pd.Series(np.random.default_rng(7).uniform(3.5, 12, 400), index=weather.data.index)
    high = low * (100 / 40) ** 0.25
    measured = WindSeries({40.0: low, 100.0: high}, "mast")
    r = wind_resource(weather, WindSpec(hub_height_m=120.0), measured)
    assert r.shear["exponent"] == pytest.approx(0.25, rel=1e-12)
    assert r.shear["from_height_m"] == 100.0
    np.testing.assert_allclose(r.hub_speed_m_per_s, high * (120 / 100) ** 0.25, rtol=1e-12)
