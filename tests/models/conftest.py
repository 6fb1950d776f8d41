"""Shared fixtures for the ``models`` tests: small synthetic weather and pvlib's bundled TMY3."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from parkopt.models.weather import Weather, read_weather


def synthetic_weather(
    hours: int = 48,
    *,
    ghi: float | np.ndarray = 0.0,
    dni: float | np.ndarray = 0.0,
    dhi: float | np.ndarray = 0.0,
    temp_air: float | np.ndarray = 15.0,
    wind_speed: float | np.ndarray = 5.0,
    pressure: float | np.ndarray = 101325.0,
    start: str = "2025-06-20",
    utc_offset_h: float = 8.0,
) -> Weather:
    """A short canonical Weather (W/m2, °C, m/s, Pa) at 32 N 119 E, hour-start labels."""
    tz = dt.timezone(dt.timedelta(hours=utc_offset_h))
    index = pd.date_range(start, periods=hours, freq="h", tz=tz, name="time")
    data = pd.DataFrame(
        {
            "ghi": ghi,
            "dni": dni,
            "dhi": dhi,
            "temp_air": temp_air,
            "wind_speed": wind_speed,
            "pressure": pressure,
        },
        index=index,
        dtype=float,
    )
    return Weather(data, 32.0, 119.0, 10.0, utc_offset_h, "synthetic")


@pytest.fixture
def make_weather():
    """The :func:`synthetic_weather` factory, for tests to build short weather frames."""
    return synthetic_weather


@pytest.fixture(scope="session")
def greensboro() -> Weather:
    """pvlib's bundled Greensboro NC TMY3 year (723170TYA.CSV)."""
    return read_weather("pvlib:723170TYA.CSV")
