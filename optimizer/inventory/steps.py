"""A meter's readings, in time order and without duplicates, into steps of known
consumption: time spans (start, end] with the energy (or volume) used in each.

Intervals: a reading is the consumption of the step ending at its timestamp. Its step is
the shorter of the times to the readings before and after it, rounded to a step that
divides the hour (1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30 or 60 min: the next one up when
within 10 % of it, else down). It covers the time since the reading before when that is
at most 10 % longer than its step (clocks that drift a few seconds), else its step only.
So 15-minute, 30-minute and hourly readings may follow each other in one meter
(``step_changed`` where the step changes) and a missing reading leaves a gap rather than a
longer step. Empty and negative readings (``negative_interval``) are missing.

Registers: a reading is a cumulative count; a step's consumption is the difference between
two successive readings. A reading above the next one while the one before is not above
that next one is a misread (``outlier``) and is dropped. A drop to below
``reset_fraction`` (1 %) of the previous reading, to a reading the meter could have counted
from zero over the step (at most 3 x its 99th-percentile rate) or a roll-over, is a counter
reset (``counter_reset``): that step's consumption is the new reading, plus, where the
counter rolled over at the next power of ten above the previous reading (9,999,990 -> 25
at 10,000,000), the rest to that power, provided the two together are within 3 x the
meter's 99th-percentile rate (per hour of normal steps) over the step; a reset anywhere
else counts the new reading only. Any other drop is a meter replacement
(``meter_replacement``): that step's consumption is unknown, a gap. Where readings are
missing, the advance over the gap is spread evenly over it (linear, ``gap_filled``) when the
gap is at most ``max_register_gap_h`` (72 h) long; a longer gap is unknown.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from parkopt.optimizer.inventory.gaps import NS_PER_HOUR, Rules, runs

NS_PER_MIN = 60 * 10**9
STEP_MIN = np.array([1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30, 60])
"""Steps that divide the hour [min]."""
STEP_TOLERANCE = 0.1
"""A time this much short of a step still counts as that step (clock drift)."""
MISSING = "treated as missing; filled by the gap rules"


@dataclass
class Steps:
    """Known consumption: spans (start, end] [int64 ns UTC] with their amounts, and the
    findings (``reading``: the index of the reading concerned)."""

    start: np.ndarray
    end: np.ndarray
    amount: np.ndarray
    findings: list[dict] = field(default_factory=list)


def nominal_steps(ts: np.ndarray) -> np.ndarray:
    """Each reading's step [ns] (module docstring); one lone reading: an hour."""
    if len(ts) < 2:
        return np.full(len(ts), NS_PER_HOUR, dtype=np.int64)
    gaps = np.diff(ts)
    shorter = np.minimum(np.append(gaps[0], gaps), np.append(gaps, gaps[-1]))
    steps = STEP_MIN * NS_PER_MIN
    below = np.searchsorted(steps, shorter, side="right") - 1
    above = np.minimum(below + 1, len(steps) - 1)
    near = shorter >= (1 - STEP_TOLERANCE) * steps[above]  # a little short of a step
    index = np.where(near, above, below)
    return np.where(index >= 0, steps[np.maximum(index, 0)], shorter)


def _finding(reading, ts, issue, detail, rule, action, hours=np.nan) -> dict:
    return {
        "reading": int(reading),
        "timestamp": int(ts),
        "issue": issue,
        "detail": detail,
        "hours": float(hours),
        "rule": rule,
        "action": action,
    }


def interval_steps(ts: np.ndarray, value: np.ndarray, unit: str) -> Steps:
    """Steps of interval readings (module docstring)."""
    step = nominal_steps(ts)
    negative = value < 0
    known = np.isfinite(value) & ~negative
    start = ts - step
    since = np.diff(ts)
    close = since <= (1 + STEP_TOLERANCE) * step[1:]  # no reading missing in between
    start[1:] = np.where(close, ts[:-1], np.maximum(start[1:], ts[:-1]))
    steps = Steps(start[known], ts[known], value[known])
    for first, stop in runs(negative):
        detail = (
            f"{stop - first} negative reading(s), the lowest {value[first:stop].min():.6g} {unit}"
        )
        rule = "a negative interval reading is not consumption"
        steps.findings.append(
            _finding(first, ts[first], "negative_interval", detail, rule, MISSING)
        )
    for i in np.flatnonzero(step[1:] != step[:-1]) + 1:
        before, after = step[i - 1] / NS_PER_MIN, step[i] / NS_PER_MIN
        detail = f"readings every {before:g} min, then every {after:g} min"
        rule = (
            "a reading covers the step before its timestamp: the shorter of the times to its "
            "neighbours, rounded down to a step dividing the hour"
        )
        steps.findings.append(
            _finding(i, ts[i], "step_changed", detail, rule, "each reading read at its own step")
        )
    return steps


def _misreads(value: np.ndarray) -> np.ndarray:
    """Register readings above the next one while the one before is not above it."""
    odd = np.zeros(len(value), dtype=bool)
    if len(value) >= 3:
        odd[1:-1] = (value[1:-1] > value[2:]) & (value[:-2] <= value[2:])
    return odd


def register_steps(ts, value, rules: Rules, unit: str, edges: np.ndarray) -> Steps:
    """Steps of register readings (module docstring); ``edges`` are the hour boundaries."""
    where = np.flatnonzero(np.isfinite(value))
    odd = _misreads(value[where])
    found = [_misread(where, i, ts, value, unit) for i in np.flatnonzero(odd)]
    where = where[~odd]
    t, v = ts[where], value[where]
    before, after, span = v[:-1], v[1:], np.diff(t)
    amount = after - before
    drop = amount < 0
    low = drop & (after < rules.reset_fraction * before)
    rate = _rate(amount, span)
    wrap = _wraps(before, amount, span, low, rate)
    counted_from_zero = after <= 3 * rate * span if np.isfinite(rate) else np.ones_like(low)
    reset = low & (counted_from_zero | ~np.isnan(wrap))
    replaced = drop & ~reset
    amount[reset] = after[reset] + np.where(np.isnan(wrap), 0.0, wrap - before)[reset]
    long = span > rules.max_register_gap_h * NS_PER_HOUR
    known = ~replaced & ~long
    steps = Steps(t[:-1][known], t[1:][known], amount[known], found)
    drops = (before, after, wrap, reset, replaced)
    steps.findings += _drop_findings(where, t, drops, rules, unit)
    inside = np.searchsorted(edges, t[1:], "left") - np.searchsorted(edges, t[:-1], "right")
    linear = known & (span > nominal_steps(t)[1:]) & (inside > 0)
    for i in np.flatnonzero(linear):
        hours = span[i] / NS_PER_HOUR
        detail = (
            f"no reading for {hours:.4g} h; the register's advance, {amount[i]:.6g} {unit}, "
            "spread evenly over the gap"
        )
        rule = f"register gaps up to {rules.max_register_gap_h:g} h: linear"
        steps.findings.append(
            _finding(where[i + 1], t[i], "gap_filled", detail, rule, "filled", hours)
        )
    return steps


def _misread(where, i, ts, value, unit) -> dict:
    detail = (
        f"register reading {value[where[i]]:.6g} {unit} above the next one, "
        f"{value[where[i + 1]]:.6g} {unit}, while the one before is not"
    )
    rule = "a register reading above the next while the one before is not is a misread"
    return _finding(where[i], ts[where[i]], "outlier", detail, rule, "reading dropped")


def _rate(amount, span) -> float:
    """The meter's 99th-percentile rate over its normal steps [unit per ns], NaN if none."""
    normal = (amount >= 0) & (span > 0)
    if not normal.any():
        return float("nan")
    return float(np.quantile(amount[normal] / span[normal], 0.99))


def _wraps(before, amount, span, reset, rate: float) -> np.ndarray:
    """Where a reset is a counter rolling over at a power of ten, that power (else NaN): the
    rest to it plus the new reading fits within 3 x the meter's 99th-percentile rate."""
    wrap = np.full(len(before), np.nan)
    if not reset.any() or not np.isfinite(rate):
        return wrap
    with np.errstate(divide="ignore"):
        power = 10.0 ** np.ceil(np.log10(np.maximum(before, 1.0) * (1 + 1e-12)))
    fits = reset & ((power - before) + (before + amount) <= 3 * rate * span)
    wrap[fits] = power[fits]
    return wrap


def _drop_findings(where, t, drops, rules: Rules, unit: str) -> list[dict]:
    """A finding per counter reset and per meter replacement."""
    before, after, wrap, reset, replaced = drops
    fraction = f"{100 * rules.reset_fraction:g} %"
    found = []
    for i in np.flatnonzero(reset):
        fell = f"register fell from {before[i]:.6g} to {after[i]:.6g} {unit}"
        if np.isnan(wrap[i]):
            detail = f"{fell} (below {fraction} of it): a reset"
            counted = "the new reading counted as the step's consumption"
        else:
            detail = f"{fell}: rolled over at {wrap[i]:.6g}"
            counted = (
                f"the rest to {wrap[i]:.6g} plus the new reading counted as the step's consumption"
            )
        rule = (
            f"a drop to below {fraction} of the previous reading, to what the meter could count "
            "from zero over the step, is a counter reset: the step's consumption is the new "
            "reading, plus the rest to the power of ten it rolled over at (where that fits the "
            "meter's rate)"
        )
        found.append(_finding(where[i + 1], t[i + 1], "counter_reset", detail, rule, counted))
    for i in np.flatnonzero(replaced):
        detail = f"register fell from {before[i]:.6g} to {after[i]:.6g} {unit}"
        rule = (
            "any other drop (to more than the meter could count from zero over the step) is a "
            "meter replacement: the step's consumption is unknown"
        )
        action = "the step is a gap, filled by the gap rules"
        found.append(_finding(where[i + 1], t[i + 1], "meter_replacement", detail, rule, action))
    return found
