"""A meter's consumption per hour, its outlier hours, and its gaps filled or left open.

- Hours: each step of known consumption (an interval reading, or a register's advance
  between two readings) is spread evenly over its time span and summed per hour of the
  park's local calendar year; with steps that divide the hour and timestamps on them, a
  step lies in the hour that holds its end. Each hour also gets its coverage, the share of
  it that known steps cover; at 99 % it is complete (its value as metered).
- Outliers: an hour above ``outlier_median_factor`` (20) x the meter's median positive hourly
  value and above ``outlier_quantile_factor`` (3) x the 99.9th percentile of its complete
  hours is flagged and treated as missing. The percentile ignores a single hour only when
  the meter has over 1000 complete hours.
- Gaps: a run of hours not wholly covered is a gap, its length the time missing in it. A
  gap up to ``max_gap_h`` (6 h) is filled hour by hour with the same local hour of similar
  days: the mean of the nearest day of the same class (weekday Monday to Friday, Saturday,
  Sunday; public holidays are not told apart) before and after it whose hour is complete
  and not an outlier (one side where the other has none), times the missing share of the
  hour, added to what was metered in it. A longer gap, or one with no similar day to fill
  from, is left NaN and the firm's months it touches are flagged incomplete.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

NS_PER_HOUR = 3_600 * 10**9
FULL = 0.99
"""Coverage at which an hour counts as complete: 36 s may lack (clocks drift by seconds)."""
DAY_CLASSES = ("weekday", "Saturday", "Sunday")


@dataclass(frozen=True)
class Rules:
    """The limits of the cleaning (``clean.meter_hours`` documents each)."""

    max_gap_h: float = 6.0
    max_register_gap_h: float = 72.0
    reset_fraction: float = 0.01
    outlier_median_factor: float = 20.0
    outlier_quantile: float = 0.999
    outlier_quantile_factor: float = 3.0


class Calendar:
    """The park's local hours of one year: labels, UTC edges, day and hour of day, month,
    and the day classes (weekday, Saturday, Sunday)."""

    def __init__(self, year: int, timezone: str):
        start = pd.Timestamp(year, 1, 1).tz_localize(timezone)
        end = pd.Timestamp(year + 1, 1, 1).tz_localize(timezone)
        self.hours = pd.date_range(start, end, freq="h", inclusive="left").as_unit("ns")
        self.edges = np.append(self.hours.asi8, end.as_unit("ns").value)
        dates = self.hours.tz_localize(None).normalize()
        self.day = ((dates - dates[0]) // pd.Timedelta(days=1)).to_numpy()
        self.hour_of_day = self.hours.hour.to_numpy()
        self.month = self.hours.strftime("%Y-%m").to_numpy()
        first = pd.Timestamp(year, 1, 1)
        weekday = (first.dayofweek + np.arange(self.day[-1] + 1)) % 7
        self.day_class = np.clip(weekday - 4, 0, 2)  # Mon-Fri 0, Sat 1, Sun 2
        self.class_days = [np.flatnonzero(self.day_class == c) for c in range(3)]

    def label(self, hour: int) -> str:
        return self.hours[hour].strftime("%Y-%m-%d %H:%M")


def to_hours(
    start: np.ndarray, end: np.ndarray, energy: np.ndarray, edges: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Per hour (between ``edges``, int64 ns): the energy of the steps (start, end] spread
    evenly over them, and the share of the hour they cover. Steps in time order, disjoint."""
    n = len(edges) - 1
    if len(start) == 0:
        return np.zeros(n), np.zeros(n)
    origin = edges[0]
    times = np.empty(2 * len(start))
    times[0::2] = (start - origin) / NS_PER_HOUR
    times[1::2] = (end - origin) / NS_PER_HOUR
    span = np.diff(times)[0::2]
    total, covered = np.empty_like(times), np.empty_like(times)
    total[1::2] = np.cumsum(energy)
    total[0::2] = total[1::2] - energy
    covered[1::2] = np.cumsum(span)
    covered[0::2] = covered[1::2] - span
    at = (edges - origin) / NS_PER_HOUR
    value = np.diff(np.interp(at, times, total))
    share = np.diff(np.interp(at, times, covered))
    return value, np.minimum(share, 1.0)


def runs(flags: np.ndarray) -> np.ndarray:
    """(first, last + 1) index pairs of the runs of True in ``flags``."""
    padded = np.concatenate([[False], flags, [False]]).astype(np.int8)
    change = np.flatnonzero(np.diff(padded))
    return change.reshape(-1, 2)


def outliers(value: np.ndarray, share: np.ndarray, rules: Rules, unit: str, cal: Calendar):
    """Flag outlier hours (module docstring): their value and coverage set to 0 in place;
    the findings, one per run of flagged hours."""
    complete = share >= FULL
    positive = value[complete & (value > 0)]
    if len(positive) == 0:
        return []
    median = float(np.median(positive))
    high = float(np.quantile(value[complete], rules.outlier_quantile))
    limit = max(rules.outlier_median_factor * median, rules.outlier_quantile_factor * high)
    flagged = (share > 0) & (value > limit)
    found = []
    rule = (
        f"above {rules.outlier_median_factor:g} x the median positive hourly value and above "
        f"{rules.outlier_quantile_factor:g} x the {100 * rules.outlier_quantile:g}th "
        "percentile of the complete hours"
    )
    for first, stop in runs(flagged):
        peak = float(value[first:stop].max())
        detail = (
            f"{peak:.6g} {unit} in an hour from {cal.label(first)} ({stop - first} h), "
            f"{peak / median:.0f} x the median hourly {median:.6g} {unit}"
        )
        found.append(_hour_finding(cal, first, stop - first, "outlier", detail, rule, MISSING))
    value[flagged], share[flagged] = 0.0, 0.0
    return found


MISSING = "treated as missing; filled by the gap rules"


def _hour_finding(cal, first, hours, issue, detail, rule, action) -> dict:
    return {
        "timestamp": int(cal.edges[first]),
        "issue": issue,
        "detail": detail,
        "hours": float(hours),
        "rule": rule,
        "action": action,
    }


def similar_days(value: np.ndarray, share: np.ndarray, cal: Calendar) -> np.ndarray:
    """Per hour, the mean of the same local hour on the nearest complete day of its class
    before and after (NaN where there is none)."""
    days = cal.day[-1] + 1
    grid = np.full((days, 24), np.nan)
    complete = share >= FULL
    grid[cal.day[complete], cal.hour_of_day[complete]] = value[complete]
    reference = np.full((days, 24), np.nan)
    for members in cal.class_days:
        sub = grid[members]
        known = ~np.isnan(sub)
        index = np.arange(len(members))[:, None]
        before = np.maximum.accumulate(np.where(known, index, -1), axis=0)
        after = np.minimum.accumulate(np.where(known, index, len(members))[::-1], axis=0)[::-1]
        # the nearest complete day strictly before and after: shift by one day of the class
        before = np.vstack([np.full((1, 24), -1), before[:-1]])
        after = np.vstack([after[1:], np.full((1, 24), len(members))])
        padded = np.vstack([sub, np.full((1, 24), np.nan)])
        hour = np.arange(24)[None, :]
        pair = np.stack([padded[before, hour], padded[after, hour]])  # -1, n: the NaN row
        count = (~np.isnan(pair)).sum(axis=0)
        with np.errstate(invalid="ignore"):
            reference[members] = np.nansum(pair, axis=0) / count
    return reference[cal.day, cal.hour_of_day]


def fill(value, share, rules: Rules, unit: str, cal: Calendar, firm: str, register: bool):
    """Hourly values with the gaps filled or NaN (module docstring), and the findings."""
    gaps = runs(share < FULL)
    if len(gaps) == 0:
        return value, []
    missing = np.where(share < FULL, 1.0 - share, 0.0)
    reference = similar_days(value, share, cal)
    out, found = value.copy(), []
    rule = _fill_rule(rules, register)
    for first, stop in gaps:
        lost = float(missing[first:stop].sum())
        refs = reference[first:stop]
        span = f"{lost:.4g} h missing in {stop - first} h from {cal.label(first)}"
        if lost <= rules.max_gap_h + 1e-9 and not np.isnan(refs).any():
            added = missing[first:stop] * refs
            out[first:stop] += added
            detail = f"{span}; {added.sum():.6g} {unit} filled"
            found.append(_hour_finding(cal, first, lost, "gap_filled", detail, rule, "filled"))
            continue
        out[first:stop] = np.nan
        why = "no similar day to fill from" if lost <= rules.max_gap_h else "too long to fill"
        months = ", ".join(pd.unique(cal.month[first:stop]))
        action = f"left NaN; {firm} {months} flagged incomplete"
        found.append(
            _hour_finding(cal, first, lost, "gap_too_long", f"{span}; {why}", rule, action)
        )
    return out, found


def _fill_rule(rules: Rules, register: bool) -> str:
    similar = (
        f"gaps up to {rules.max_gap_h:g} h: the same hour of the nearest similar days "
        "(weekday, Saturday, Sunday) before and after"
    )
    if register:
        return f"register gaps up to {rules.max_register_gap_h:g} h: linear; other {similar}"
    return similar
