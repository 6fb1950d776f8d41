"""Weather files to one canonical, tz-aware hourly frame (pvlib.iotools readers).

Canonical columns of :attr:`Weather.data` (the only names used downstream):

=============  =====================================================  ======
column         meaning                                                unit
=============  =====================================================  ======
``ghi``        global horizontal irradiance, hour average             W/m2
``dni``        direct normal irradiance, hour average                 W/m2
``dhi``        diffuse horizontal irradiance, hour average            W/m2
``temp_air``   dry-bulb air temperature at 2 m                        °C
``wind_speed`` wind speed at 10 m                                     m/s
``pressure``   station (surface) air pressure                         Pa
``albedo``     ground albedo (only when the file gives valid values)  1
=============  =====================================================  ======

The index is tz-aware with the file's fixed UTC offset, hourly, and labels each hour by its
START (00:00 is the average over 00:00-01:00 local standard time). Every row is moved to one
calendar year, Feb 29 is dropped, so there are exactly 8760 rows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pvlib

from parkopt.models.errors import input_error
from parkopt.models.units import HOURS_PER_YEAR

CANONICAL_COLUMNS: tuple[str, ...] = ("ghi", "dni", "dhi", "temp_air", "wind_speed", "pressure")
PVLIB_PREFIX = "pvlib:"
MBAR_TO_PA = 100.0


@dataclass(frozen=True)
class Weather:
    """An hourly weather year with the site it belongs to.

    Attributes
    ----------
    data : pandas.DataFrame
        Canonical columns (see module docstring), tz-aware hour-start index, 8760 rows.
    latitude_deg, longitude_deg : float
        Site position [degrees north, degrees east].
    altitude_m : float
        Site elevation above sea level [m].
    utc_offset_h : float
        Fixed offset of the index from UTC [h], e.g. 8.0 for China Standard Time.
    source : str
        The file the data came from.
    """

    data: pd.DataFrame
    latitude_deg: float
    longitude_deg: float
    altitude_m: float
    utc_offset_h: float
    source: str


def resolve_data_path(path: str | Path) -> Path:
    """Return the file ``path`` names; ``"pvlib:NAME"`` means ``NAME`` in pvlib's data folder.

    Example: ``resolve_data_path("pvlib:723170TYA.CSV")`` is the Greensboro NC TMY3 file
    bundled with pvlib.
    """
    text = str(path)
    if text.startswith(PVLIB_PREFIX):
        return Path(pvlib.__file__).parent / "data" / text[len(PVLIB_PREFIX) :]
    return Path(path)


def read_weather(path: str | Path, year: int = 2025) -> Weather:
    """Read an EPW (``.epw``) or TMY3 (``.csv``) file into a canonical :class:`Weather` year.

    Parameters
    ----------
    path : str or Path
        The weather file; ``"pvlib:NAME"`` reads ``NAME`` from pvlib's bundled data folder.
        The reader is chosen by suffix (case-insensitive): ``.epw`` uses
        :func:`pvlib.iotools.read_epw`, ``.csv`` uses :func:`pvlib.iotools.read_tmy3`.
    year : int
        Calendar year every row is moved to (typical-year files mix years) [year].

    Returns
    -------
    Weather
        8760 hourly rows labelled at the start of each hour, tz-aware with the file's fixed
        UTC offset; columns ``ghi, dni, dhi`` [W/m2], ``temp_air`` [°C], ``wind_speed``
        [m/s at 10 m], ``pressure`` [Pa], and ``albedo`` [1] when the file has valid values.

    Raises
    ------
    InputDataError
        Unknown suffix, missing or unreadable file, not a full hourly year, NaN in a
        canonical column.
    """
    file = resolve_data_path(path)
    name = str(path)
    suffix = file.suffix.lower()
    if suffix not in (".epw", ".csv"):
        raise input_error("weather.file", name, "a .epw (EnergyPlus) or .csv (TMY3) file")
    if not file.is_file():
        raise input_error("weather.file", name, "an existing weather file", file=name)
    frame, meta = _parse(file, suffix, name)

    utc_offset_h = float(meta["TZ"])
    frame = _to_single_year(frame, year, utc_offset_h, name)
    _check_complete(frame, name)
    return Weather(
        data=frame,
        latitude_deg=float(meta["latitude"]),
        longitude_deg=float(meta["longitude"]),
        altitude_m=float(meta["altitude"]),
        utc_offset_h=utc_offset_h,
        source=name,
    )


def _parse(file: Path, suffix: str, name: str) -> tuple[pd.DataFrame, dict]:
    """Read the file with pvlib.iotools; canonical columns and the file's metadata."""
    try:
        if suffix == ".epw":
            raw, meta = pvlib.iotools.read_epw(file)
            frame = _from_epw(raw)
        else:
            raw, meta = pvlib.iotools.read_tmy3(file, map_variables=True)
            frame = _from_tmy3(raw)
    except Exception as exc:  # any parser failure is an input problem of this file
        reason = " ".join(str(exc).split())[:120]
        raise input_error(
            "weather.file",
            name,
            f"a readable {suffix} weather file ({type(exc).__name__}: {reason})",
            file=name,
        ) from exc

    return frame, meta


def _check_complete(frame: pd.DataFrame, name: str) -> None:
    """Raise InputDataError naming the first hour of a canonical column that is NaN."""
    for column in CANONICAL_COLUMNS:
        n_nan = int(frame[column].isna().sum())
        if n_nan:
            first = frame.index[frame[column].isna()][0]
            raise input_error(
                f"weather.{column}",
                f"NaN in {n_nan} hours (first {first})",
                "a number in every hour",
                file=name,
            )


def _from_epw(raw: pd.DataFrame) -> pd.DataFrame:
    """EPW frame from pvlib (already hour-start labelled, pressure in Pa) to canonical columns."""
    frame = pd.DataFrame(
        {
            "ghi": raw["ghi"],
            "dni": raw["dni"],
            "dhi": raw["dhi"],
            "temp_air": raw["temp_air"],
            "wind_speed": raw["wind_speed"],
            "pressure": raw["atmospheric_pressure"],  # EPW: station pressure [Pa]
        },
        index=raw.index,
    )
    return _with_albedo(frame, raw)


def _from_tmy3(raw: pd.DataFrame) -> pd.DataFrame:
    """TMY3 frame from pvlib to canonical columns, pressure mbar -> Pa.

    TMY3 labels an hour by its END (``01:00`` holds 00:00-01:00, ``24:00`` the last hour of a
    day), and pvlib's ``read_tmy3`` keeps that label (and moves a leap day to Mar 1). The
    index is rebuilt here from the file's own date and time columns as the hour START, in
    local standard time: ``date + (HH - 1) h``.
    """
    date = pd.to_datetime(raw["Date (MM/DD/YYYY)"], format="%m/%d/%Y")
    time = raw["Time (HH:MM)"].str.split(":", expand=True).astype(int)
    start = date + pd.to_timedelta(time[0] - 1, unit="h") + pd.to_timedelta(time[1], unit="min")
    index = pd.DatetimeIndex(start.to_numpy())
    frame = pd.DataFrame(
        {
            "ghi": raw["ghi"].to_numpy(),
            "dni": raw["dni"].to_numpy(),
            "dhi": raw["dhi"].to_numpy(),
            "temp_air": raw["temp_air"].to_numpy(),
            "wind_speed": raw["wind_speed"].to_numpy(),
            "pressure": raw["pressure"].to_numpy() * MBAR_TO_PA,
        },
        index=index,
    )
    return _with_albedo(frame, raw.set_axis(index))


def _with_albedo(frame: pd.DataFrame, raw: pd.DataFrame) -> pd.DataFrame:
    """Add ``albedo`` [1] only when every value is a valid fraction in (0, 1].

    EPW files mark a missing albedo with 999 and many TMY3 files give 0; both mean "unknown",
    and the PV model then uses its own default.
    """
    if "albedo" in raw:
        albedo = pd.to_numeric(raw["albedo"], errors="coerce")
        if albedo.notna().all() and ((albedo > 0) & (albedo <= 1)).all():
            frame["albedo"] = albedo
    return frame


def _to_single_year(frame: pd.DataFrame, year: int, utc_offset_h: float, name: str) -> pd.DataFrame:
    """Move every row to ``year`` (keeping local month, day, hour), drop Feb 29, sort, check.

    The result is indexed by a fixed-offset tz-aware hourly range of 8760 hours.
    """
    local = frame.index.tz_localize(None) if frame.index.tz is not None else frame.index
    keep = ~((local.month == 2) & (local.day == 29))
    frame, local = frame[keep], local[keep]
    tz = dt.timezone(dt.timedelta(hours=utc_offset_h))
    try:
        new_index = pd.DatetimeIndex(
            pd.to_datetime(
                {
                    "year": np.full(len(local), year),
                    "month": local.month,
                    "day": local.day,
                    "hour": local.hour,
                    "minute": local.minute,
                }
            )
        ).tz_localize(tz)
    except ValueError as exc:
        raise input_error("weather.year", year, "a calendar year such as 2025", file=name) from exc
    frame = frame.set_axis(new_index)
    frame = frame.sort_index().astype("float64")
    expected = pd.date_range(
        pd.Timestamp(year=year, month=1, day=1),
        periods=24 * 366 if _leap(year) else 8760,
        freq="h",
    )
    expected = expected[~((expected.month == 2) & (expected.day == 29))].tz_localize(tz)
    if len(frame) != HOURS_PER_YEAR or not frame.index.equals(expected):
        missing = expected.difference(frame.index)
        hint = f" (first missing hour {missing[0]})" if len(missing) else ""
        raise input_error(
            "weather.rows",
            len(frame),
            f"{HOURS_PER_YEAR} hourly rows, one per hour of a year without Feb 29{hint}",
            file=name,
        )
    frame.index.name = "time"
    return frame


def _leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
