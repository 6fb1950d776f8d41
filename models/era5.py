"""ERA5 reanalysis wind speeds at 10 m and 100 m, on the model year's hourly index.

:func:`read_era5` (re-exported by :mod:`parkopt.models.hub_wind`) reads an ERA5
single-levels NetCDF file as downloaded from the Copernicus Climate Data Store: variables
``u10``, ``v10``, ``u100``, ``v100`` (eastward and northward wind [m/s] at 10 m and 100 m
above ground), coordinates ``latitude``, ``longitude`` [degrees; longitudes -180..180 or
0..360] and ``time`` (older files) or ``valid_time`` (new CDS files, which may also carry
size-1 ``number``/``expver`` dimensions, squeezed here). Only the heights whose two
components are present are read. Nothing is downloaded. The grid point nearest to the park
(nearest latitude, nearest longitude) is used; the speed is ``sqrt(u^2 + v^2)`` [m/s].

Time convention: ERA5 values are instantaneous at each full hour UTC, while parkopt labels
an hour by its start with the mean over that hour. Hour ``t`` UTC gets the mean of the
speeds at ``t`` and ``t + 1 h`` (the trapezoid rule over the hour), so a file must reach one
step past its last full hour (e.g. 2023-01-01 00:00 to 2024-01-01 00:00 UTC for the hours
of 2023). A model hour (local start ``s``) takes the UTC hour holding its middle,
``floor(s + 30 min)`` in UTC, matched by month, day and hour (the data year may differ from
the model year; 29 February of the data is dropped); e.g. ``2025-07-01 12:00+08:00`` takes
the mean of the instants 04:00 and 05:00 UTC on 1 July of the data year.

Units: each component's ``units`` attribute is read (``m s**-1`` as the CDS writes it;
``km h**-1`` and knots are converted to m/s; a variable without one is taken as m/s, and a
unit that is not a speed, such as ``K``, is refused). The speeds must then be ones a wind can
have: no instant above 75 m/s and a mean no higher than at the windiest sites
(``wind_units.plausible_mean_m_per_s``), else the file holds another quantity or unit.

Every problem raises :class:`~parkopt.models.errors.InputDataError`, one line naming the
file, the variable or coordinate, the value and what was expected with its unit.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from parkopt.models.errors import input_error
from parkopt.models.hourly_match import WindSeries, check_index, to_model_hours
from parkopt.models.wind_units import KMH_PER_M_PER_S, MAX_SPEED_M_PER_S, check_mean

ERA5_HEIGHTS_M = {10.0: ("u10", "v10"), 100.0: ("u100", "v100")}
"""ERA5 wind components [m/s] (eastward, northward) at each height above ground [m]."""
ERA5_MAX_DISTANCE_DEG = 0.5
"""Farthest an ERA5 grid point may be from the park [degrees] (the grid is 0.25 degree)."""
SPEED_UNITS = {
    "ms-1": 1.0,
    "m/s": 1.0,
    "meterspersecond": 1.0,
    "metrespersecond": 1.0,
    "kmh-1": 1.0 / KMH_PER_M_PER_S,
    "km/h": 1.0 / KMH_PER_M_PER_S,
    "knots": 0.514444,
    "knot": 0.514444,
    "kt": 0.514444,
    "kn": 0.514444,
}
"""A component's ``units`` attribute (spaces, ``**``, ``^`` and ``.`` removed, lower case) ->
factor to m/s."""
EARTH_RADIUS_KM = 6371.0
"""Mean Earth radius [km], for the distance to the grid point shown in messages."""

HOUR = pd.Timedelta(hours=1)
HALF_HOUR = pd.Timedelta(minutes=30)


@dataclass(frozen=True)
class _GridPoint:
    """The instantaneous speeds read at the ERA5 grid point nearest to the park."""

    heights: dict[float, tuple[str, str]]  # height above ground [m] -> (u, v) variable names
    time_name: str  # the file's time coordinate
    latitude_deg: float  # the grid point [degrees north]
    longitude_deg: float  # the grid point [degrees east]
    distance_deg: float  # from the park [degrees]
    speed_m_per_s: dict[float, np.ndarray]  # height [m] -> speed at each time step [m/s]
    times: pd.DatetimeIndex  # the file's time steps (UTC, naive or tz-aware)


def read_era5(
    path: str | Path,
    latitude_deg: float,
    longitude_deg: float,
    index: pd.DatetimeIndex,
) -> WindSeries:
    """Hourly wind speeds at 10 m and 100 m from an ERA5 single-levels NetCDF file.

    The file is as downloaded from the Copernicus Climate Data Store (``u10``, ``v10``,
    ``u100``, ``v100`` [m/s]); the grid point nearest to the park is used and the speed is
    ``sqrt(u^2 + v^2)`` [m/s]. Hour ``t`` UTC gets the mean of the instants at ``t`` and
    ``t + 1 h``; a model hour takes the UTC hour holding its middle, matched by month, day
    and hour. See the module docstring (:mod:`parkopt.models.era5`) for the file format and
    the time convention in full.

    Parameters
    ----------
    path : str or Path
        The ERA5 NetCDF file.
    latitude_deg, longitude_deg : float
        Park position [degrees north, degrees east].
    index : pandas.DatetimeIndex
        The model's hourly index, tz-aware (hour-start labels).

    Returns
    -------
    WindSeries
        Hourly mean speeds [m/s] at 10 m and/or 100 m [m] on ``index``, no NaN, >= 0.

    Raises
    ------
    InputDataError
        Missing or unreadable file; no wind components (naming the variables found) or only
        one of a pair; no time/latitude/longitude coordinate; a grid point farther than
        0.5 degree from the park (naming the nearest and the distance); a model hour
        without data (naming the first and the file's time span); an index without time
        zone.
    """
    name = str(path)
    file = Path(path)
    _check_request(file, index, name)
    with _open_dataset(file, name) as ds:
        grid = _read_grid_point(ds, latitude_deg, longitude_deg, name)
    hourly, span = _utc_hour_means(grid)
    speeds = _to_model_hours_utc(hourly, span, grid, index, name)
    pairs = ", ".join(f"{u}/{v}" for u, v in grid.heights.values())
    return WindSeries(
        speeds,
        f"{name}: ERA5 {pairs} at grid point {grid.latitude_deg:g} N {grid.longitude_deg:g} E "
        f"({grid.distance_deg:.2f} degree from the park), hour means of the instants at t and "
        "t+1 h UTC",
    )


# ---------------------------------------------------------------------------------------------
# the file
# ---------------------------------------------------------------------------------------------


def _check_request(file: Path, index: pd.DatetimeIndex, name: str) -> None:
    """Check that the index is a tz-aware DatetimeIndex and that the file exists."""
    check_index(index)
    if index.tz is None:
        raise input_error(
            "wind.index", "no time zone", "a tz-aware model index (ERA5 times are UTC)"
        )
    if not file.is_file():
        raise input_error("era5.file", name, "an existing ERA5 NetCDF file", file=name)


def _open_dataset(file: Path, name: str):
    """The NetCDF file as an xarray Dataset: engine h5netcdf (NetCDF4/HDF5, as the CDS now
    delivers), else xarray's default engine (e.g. for NetCDF3 files of the older CDS)."""
    import xarray as xr  # imported here for load time only: only ERA5 users need it

    try:
        return xr.open_dataset(file, engine="h5netcdf")
    except Exception as first:  # try xarray's default engine before giving up
        try:
            return xr.open_dataset(file)
        except Exception as exc:  # any reader failure is an input problem of this file
            reason = " ".join(f"{type(first).__name__}: {first}".split())[:120]
            raise input_error(
                "era5.file", name, f"a readable NetCDF file ({reason})", file=name
            ) from exc


def _read_grid_point(ds, latitude_deg: float, longitude_deg: float, name: str) -> _GridPoint:
    """The wind speeds [m/s] at the grid point of ``ds`` nearest to the park [degrees]."""
    heights = _era5_heights(ds, name)
    time_name = _coordinate(ds, ("valid_time", "time"), "time", name)
    lat_name = _coordinate(ds, ("latitude", "lat"), "latitude", name)
    lon_name = _coordinate(ds, ("longitude", "lon"), "longitude", name)
    lats = np.atleast_1d(np.asarray(ds[lat_name].values, dtype=float))
    lons = np.atleast_1d(np.asarray(ds[lon_name].values, dtype=float))
    i = _nearest(lats, latitude_deg, periodic=False)
    j = _nearest(lons, longitude_deg, periodic=True)
    lat, lon = float(lats[i]), float(lons[j])
    distance_deg = _check_distance(lat, lon, latitude_deg, longitude_deg, name)
    point = {}
    if lat_name in ds.dims:
        point[lat_name] = i
    if lon_name in ds.dims:
        point[lon_name] = j
    speed = {}
    for height, (u_name, v_name) in heights.items():
        u = _squeeze_extra_dims(ds[u_name].isel(point), (time_name,), name)
        v = _squeeze_extra_dims(ds[v_name].isel(point), (time_name,), name)
        u_ms = np.asarray(u.transpose(time_name).values, dtype=float) * _to_m_per_s(u, name)
        v_ms = np.asarray(v.transpose(time_name).values, dtype=float) * _to_m_per_s(v, name)
        speed[height] = np.hypot(u_ms, v_ms)
        _check_speeds(speed[height], height, (u_name, v_name), name)
    times = pd.DatetimeIndex(np.atleast_1d(ds[time_name].values))
    return _GridPoint(heights, time_name, lat, lon, distance_deg, speed, times)


def _era5_heights(ds, name: str) -> dict[float, tuple[str, str]]:
    """The heights [m] whose two wind components are both in the file."""
    found = sorted(map(str, ds.data_vars))
    heights = {}
    for height, (u, v) in ERA5_HEIGHTS_M.items():
        present = [c for c in (u, v) if c in ds.data_vars]
        if len(present) == 1:
            missing = v if present[0] == u else u
            raise input_error(
                "era5.variables",
                ", ".join(found),
                f"both wind components at {height:g} m, {u} and {v} [m/s] ({missing} missing)",
                file=name,
            )
        if present:
            heights[height] = (u, v)
    if not heights:
        raise input_error(
            "era5.variables",
            ", ".join(found) or "none",
            "ERA5 wind components u10, v10 (10 m) and/or u100, v100 (100 m) [m/s]",
            file=name,
        )
    return heights


def _to_m_per_s(da, name: str) -> float:
    """Factor from a component's ``units`` attribute to m/s (none given: m/s, as ERA5's)."""
    given = da.attrs.get("units")
    if given is None:
        return 1.0
    key = "".join(str(given).split()).replace("**", "").replace("^", "").replace(".", "")
    factor = SPEED_UNITS.get(key.lower())
    if factor is None:
        raise input_error(
            f"era5.{da.name}.units",
            str(given),
            "a speed unit (m s**-1 as the CDS writes it, km h**-1 or knots): "
            f"{da.name} should be a wind component",
            file=name,
        )
    return factor


def _check_speeds(speed_m_per_s: np.ndarray, height: float, pair: tuple[str, str], name: str):
    """Raise on an instant above 75 m/s or a mean above a wind's: another quantity or unit."""
    where = f"era5.{pair[0]}/{pair[1]}"
    high = np.flatnonzero(speed_m_per_s > MAX_SPEED_M_PER_S)
    if len(high):
        raise input_error(
            f"{where} (speed)",
            f"{float(np.nanmax(speed_m_per_s)):.1f} m/s",
            f"wind speeds <= {MAX_SPEED_M_PER_S:g} m/s ({len(high)} time steps above): "
            "are the variables wind components [m s**-1] with a correct units attribute?",
            file=name,
        )
    if np.isfinite(speed_m_per_s).any():
        hint = "check the variables' units attributes (km h**-1 read as m s**-1?)"
        check_mean(speed_m_per_s, height, f"{where} (mean speed)", name, hint)


def _coordinate(ds, names: tuple[str, ...], what: str, name: str) -> str:
    """The first of ``names`` that is a variable of ``ds``; raises if none is."""
    for candidate in names:
        if candidate in ds.variables:
            return candidate
    raise input_error(
        "era5.coordinates",
        ", ".join(sorted(map(str, ds.coords))) or "none",
        f"a {what} coordinate named {' or '.join(names)}",
        file=name,
    )


def _squeeze_extra_dims(da, keep: tuple[str, ...], name: str):
    """Drop the size-1 dimensions that new CDS files carry (``number``, ``expver``); merge an
    ``expver`` dimension of older files (ERA5 and preliminary ERA5T, NaN in the other)."""
    for dim in [d for d in da.dims if d not in keep]:
        if da.sizes[dim] == 1:
            da = da.isel({dim: 0}, drop=True)
        elif dim == "expver":
            merged = da.isel({dim: 0}, drop=True)
            for k in range(1, da.sizes[dim]):
                merged = merged.combine_first(da.isel({dim: k}, drop=True))
            da = merged
        else:
            raise input_error(
                f"era5.{da.name}.dims",
                f"{dim} of size {da.sizes[dim]}",
                f"one value per time and grid point (dimensions {', '.join(keep)} only; "
                "download a single ensemble member or product)",
                file=name,
            )
    return da


# ---------------------------------------------------------------------------------------------
# the grid point
# ---------------------------------------------------------------------------------------------


def _nearest(values_deg: np.ndarray, target_deg: float, periodic: bool) -> int:
    """Position of the value [degrees] nearest to ``target_deg`` (``periodic``: modulo 360)."""
    diff = values_deg - target_deg
    if periodic:
        diff = (diff + 180.0) % 360.0 - 180.0
    return int(np.argmin(np.abs(diff)))


def _check_distance(
    lat: float, lon: float, latitude_deg: float, longitude_deg: float, name: str
) -> float:
    """The grid point's distance [degrees] from the park; raises beyond 0.5 degree."""
    dlon = (lon - longitude_deg + 180.0) % 360.0 - 180.0
    distance_deg = math.hypot(lat - latitude_deg, dlon)
    if distance_deg > ERA5_MAX_DISTANCE_DEG:
        km = _distance_km(latitude_deg, longitude_deg, lat, lon)
        raise input_error(
            "era5.grid_point",
            f"{lat:g} N {lon:g} E, {distance_deg:.2f} degree ({km:.0f} km) from the park at "
            f"{latitude_deg:g} N {longitude_deg:g} E",
            f"a grid point within {ERA5_MAX_DISTANCE_DEG:g} degree of the park (download "
            "an area around the park)",
            file=name,
        )
    return distance_deg


def _distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance [km] between two points [degrees] (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


# ---------------------------------------------------------------------------------------------
# hours
# ---------------------------------------------------------------------------------------------


def _utc_hour_means(grid: _GridPoint) -> tuple[pd.DataFrame, str]:
    """Hourly mean speeds [m/s] on UTC hour starts (naive): hour ``t`` is the mean of the
    instants at ``t`` and ``t + 1 h``. Also returns the file's time span for messages."""
    times = grid.times
    if times.tz is not None:
        times = times.tz_convert("UTC").tz_localize(None)
    span = (
        f"{times.min():%Y-%m-%d %H:%M} to {times.max():%Y-%m-%d %H:%M} UTC, {len(times)} steps"
        if len(times)
        else "no time steps"
    )
    instants = pd.DataFrame(grid.speed_m_per_s, index=times).sort_index()
    instants = instants[~instants.index.duplicated(keep="first")].dropna()
    # hour t (UTC start) = mean of the instants at t and t + 1 h
    following = instants.shift(freq=-HOUR)
    hourly = ((instants + following) / 2.0).dropna()
    return hourly, span


def _to_model_hours_utc(
    hourly: pd.DataFrame, span: str, grid: _GridPoint, index: pd.DatetimeIndex, name: str
) -> dict[float, pd.Series]:
    """The UTC hourly means [m/s] on the model ``index``: each model hour (local start ``s``)
    takes the UTC hour ``floor(s + 30 min)``, matched by month, day and hour."""
    key_times = (index + HALF_HOUR).tz_convert("UTC").tz_localize(None).floor("h")
    return to_model_hours(
        {h: hourly[h] for h in grid.heights},
        index,
        f"era5.{grid.time_name}",
        f"{span}; each hour's mean needs the instants at its start and end",
        name,
        ", ".join(f"{u}/{v} ({h:g} m)" for h, (u, v) in grid.heights.items()),
        utc_key_times=key_times,
    )
