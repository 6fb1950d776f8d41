"""The wind readers' common result and their matching of data hours to the model's hours.

:class:`WindSeries` is what :func:`parkopt.models.wind_csv.read_wind_csv` and
:func:`parkopt.models.era5.read_era5` return (both re-exported by
:mod:`parkopt.models.hub_wind`); :func:`to_model_hours` puts their hourly means on the model
year's hourly index; :func:`hourly_means` averages sub-hourly samples to hourly means.

Hour convention (as everywhere in parkopt): an hour is labelled by its START and the value
is the mean over that hour. Data of another calendar year are matched to the model year by
month, day and hour (29 February of the data is dropped).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from parkopt.models.errors import InputDataError, input_error

_SHOW_MISSING = 5  # missing hours listed in a message


@dataclass(frozen=True)
class WindSeries:
    """Hourly wind speeds [m/s] at one or more heights above ground [m] on the model index.

    Attributes
    ----------
    speeds_m_per_s : dict[float, pandas.Series]
        Height above ground [m] -> hourly mean wind speed [m/s] on the model's hourly index
        (hour-start labels), no NaN, >= 0.
    source : str
        The file and what was read from it (columns, grid point, averaging), for messages
        and ``summary.json``.
    """

    speeds_m_per_s: dict[float, pd.Series]
    source: str


def check_index(index: pd.DatetimeIndex) -> None:
    """Raise unless ``index`` is a non-empty DatetimeIndex (the model's hourly index)."""
    if not isinstance(index, pd.DatetimeIndex) or len(index) == 0:
        raise input_error("wind.index", type(index).__name__, "a non-empty hourly DatetimeIndex")


def hourly_means(
    values: dict[float, np.ndarray],
    times: pd.DatetimeIndex,
    column: str,
    name: str,
) -> tuple[dict[float, pd.Series], str]:
    """Average samples at a regular step dividing an hour to hourly means.

    The timestamps are read as the START of each sample's interval: the samples at
    ``hh:00, hh:10, ..., hh:50`` make the mean of hour ``hh:00``. Every hour present must
    hold all its samples (6 at 10 minutes, 4 at 15 minutes); each timestamp once.
    Returns the means [m/s] on the hour-start times (naive, data year) and the step's name.
    """
    step_s = _sample_step_s(times, column, name)
    per_hour = 3600 // step_s
    step_name = "hourly" if per_hour == 1 else f"{step_s / 60:g}-minute"
    grouped = pd.DataFrame(values, index=times).groupby(times.floor("h"))
    counts = grouped.size()
    short = counts[counts != per_hour]
    if len(short):
        hour = short.index[0]
        raise input_error(
            f"{column} hour {hour:%Y-%m-%d %H:%M}",
            f"{int(short.iloc[0])} samples",
            f"{per_hour} {step_name} samples in every hour of the data, timestamps read as the "
            f"START of each sample's interval ({len(short)} hours incomplete)",
            file=name,
        )
    means = grouped.mean()
    return {h: means[h] for h in values}, step_name


def _sample_step_s(times: pd.DatetimeIndex, column: str, name: str) -> int:
    """The samples' step [s]: the most frequent gap between sorted timestamps (3600 for a
    single sample). Raises on a repeated timestamp or a step not dividing an hour."""
    order = np.argsort(times.to_numpy(), kind="stable")
    times_sorted = times[order]
    dup = np.flatnonzero(times_sorted.duplicated())
    if len(dup):
        stamp = times_sorted[dup[0]]
        rows = np.flatnonzero(times == stamp)[:2] + 2
        raise input_error(
            f"{column} rows {rows[0]} and {rows[1]}",
            str(stamp),
            "each timestamp once (one year of data)",
            file=name,
        )
    if len(times_sorted) > 1:
        steps = np.diff(times_sorted.to_numpy()).astype("timedelta64[s]").astype(np.int64)
        values_s, counts = np.unique(steps, return_counts=True)
        step_s = int(values_s[np.argmax(counts)])
    else:
        step_s = 3600
    if step_s <= 0 or step_s > 3600 or 3600 % step_s:
        raise input_error(
            f"{column} step",
            f"{step_s / 60:g} min",
            "hourly or sub-hourly samples at a step dividing 60 minutes (10, 15, 30 or 60 min)",
            file=name,
        )
    return step_s


def to_model_hours(
    hourly: dict[float, pd.Series],
    index: pd.DatetimeIndex,
    field: str,
    span: str,
    name: str,
    what: str,
    utc_key_times: pd.DatetimeIndex | None = None,
) -> dict[float, pd.Series]:
    """Hourly means on the data's hour starts to the model index by month, day and hour.

    ``hourly`` maps height above ground [m] -> hourly mean speed [m/s] on the data's
    hour-start times (naive, data year). ``field``, ``span`` (the data's time span), ``name``
    (the file) and ``what`` (the data) are shown in messages. ``utc_key_times`` (ERA5) are
    the UTC hours whose month, day and hour pick each model hour's value (default: the
    index's wall-clock times). Feb 29 of the data is dropped; each month, day and hour must
    occur once in the data and every model hour must be found.

    Returns height [m] -> hourly mean speed [m/s] on ``index``, named ``wind_speed_<h>m``.
    """
    data_times = pd.DatetimeIndex(next(iter(hourly.values())).index)
    keep = _not_leap_day(data_times)
    uniq, first_pos = _unique_hour_keys(data_times[keep], field, span, name)
    wanted = _hour_keys(_local(index) if utc_key_times is None else utc_key_times)
    pos, found = _look_up(uniq, wanted)
    if not found.all():
        utc = utc_key_times is not None
        raise _missing_hours_error(index, wanted, found, field, span, name, what, utc)
    rows = first_pos[pos]
    out = {}
    for height, series in hourly.items():
        values = series.to_numpy(dtype=float)[keep][rows]
        out[height] = pd.Series(values, index=index, name=f"wind_speed_{height:g}m")
    return out


def _unique_hour_keys(
    data_times: pd.DatetimeIndex, field: str, span: str, name: str
) -> tuple[np.ndarray, np.ndarray]:
    """The data's sorted year-free hour keys and each key's position in ``data_times``.

    Raises if a month, day and hour occurs twice (more than one year of data).
    """
    keys = _hour_keys(data_times)
    uniq, first_pos, counts = np.unique(keys, return_index=True, return_counts=True)
    if (counts > 1).any():
        key = uniq[np.argmax(counts > 1)]
        stamps = data_times[keys == key][:2]
        raise input_error(
            field,
            f"{_key_text(key)} twice ({stamps[0]:%Y-%m-%d %H:%M} and {stamps[1]:%Y-%m-%d %H:%M})",
            f"one year of data, each month, day and hour once (data span {span})",
            file=name,
        )
    return uniq, first_pos


def _look_up(uniq: np.ndarray, wanted: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Positions of the ``wanted`` hour keys in the sorted ``uniq`` keys, and which are found."""
    pos = np.searchsorted(uniq, wanted)
    pos = np.minimum(pos, len(uniq) - 1) if len(uniq) else pos
    found = (uniq[pos] == wanted) if len(uniq) else np.zeros(len(wanted), dtype=bool)
    return pos, found


def _missing_hours_error(
    index: pd.DatetimeIndex,
    wanted: np.ndarray,
    found: np.ndarray,
    field: str,
    span: str,
    name: str,
    what: str,
    utc: bool,
) -> InputDataError:
    """The error naming the first model hours without data (and, for ``utc`` keys, the UTC
    data hour the first one needs)."""
    missing = np.flatnonzero(~found)
    shown = ", ".join(f"{index[i]:%Y-%m-%d %H:%M}" for i in missing[:_SHOW_MISSING])
    more = ", ..." if len(missing) > _SHOW_MISSING else ""
    needed = f" (needs data hour {_key_text(wanted[missing[0]])} UTC)" if utc else ""
    return input_error(
        field,
        f"{len(missing)} model hours without data",
        f"data ({what}) for every hour of the model year in {_tz_text(index)}, matched by "
        f"month, day and hour; missing model hours: {shown}{more}{needed}; data span {span}",
        file=name,
    )


def _hour_keys(times: pd.DatetimeIndex) -> np.ndarray:
    """``month * 10000 + day * 100 + hour`` of (wall-clock) ``times``: a year-free hour key."""
    return np.asarray(times.month * 10000 + times.day * 100 + times.hour, dtype=np.int64)


def _key_text(key: int) -> str:
    """A year-free hour key as ``MM-DD HH:00``."""
    month, rest = divmod(int(key), 10000)
    day, hour = divmod(rest, 100)
    return f"{month:02d}-{day:02d} {hour:02d}:00"


def _not_leap_day(times: pd.DatetimeIndex) -> np.ndarray:
    """True for the times not on 29 February."""
    return ~((times.month == 2) & (times.day == 29))


def _local(index: pd.DatetimeIndex) -> pd.DatetimeIndex:
    """The index's wall-clock times (tz dropped), in its own time zone."""
    return index.tz_localize(None) if index.tz is not None else index


def _tz_text(index: pd.DatetimeIndex) -> str:
    """The index's time zone as shown in messages, e.g. ``UTC+08:00`` or ``Asia/Shanghai``."""
    if index.tz is None:
        return "the model's local time"
    if len(index):
        offset = index[0].strftime("%z")
        return f"{index.tz} (UTC{offset[:3]}:{offset[3:]})"
    return str(index.tz)
