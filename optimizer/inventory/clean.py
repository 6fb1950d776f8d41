"""Stage 2 of ``parkopt inventory``: every meter's hourly consumption over the park's year.

``meter_hours(readings, year, timezone)`` gives ``MeterHours.values``: one column per meter
(firm, meter, carrier), one row per hour of the park's local calendar year (hour-start
labels, tz-aware; all of its hours, 8784 in a leap year), in the carrier's canonical unit
per hour (kWh: the hour's mean kW; m3 for gas), NaN where a gap was too long to fill; and
``MeterHours.quality``, one row per finding (the columns of quality.csv). Nothing is
changed without a row saying what, where and by which rule.

Each meter is cleaned on its own, in this order (``steps`` and ``gaps`` hold the details):

1. Readings outside the year, beyond a margin of ``max_register_gap_h`` + 1 h (registers)
   or 1 h (intervals), are not used (``outside_year``, one row per meter naming the first);
   an empty value is a missing reading (``missing_value``, one row per run of them).
2. Order: a reading earlier than one above it in its file is ``out_of_order`` (one row per
   run); readings are put in time order.
3. Duplicates (the same time twice): identical ones (same value) are dropped
   (``duplicate``); differing ones keep the first read and drop the others
   (``conflicting_duplicate``). Runs of them give one row.
4. Steps (``steps``): an interval reading covers the step before its timestamp, so a
   reading ending at 10:15 belongs to the hour 10:00-11:00 and one ending at 11:00 too;
   15-, 30- and 60-minute readings may be mixed. Registers: differences, counter resets,
   meter replacements, misreads, linear gaps up to ``max_register_gap_h``.
5. Hours (``gaps``): steps summed per hour of local time, converted with the time zone
   given (no assumption that it has no daylight saving time); outliers flagged (above 20 x
   the median positive hourly value and above 3 x the 99.9th percentile) and treated as
   missing; gaps up to ``max_gap_h`` filled from the same hour of similar days, longer
   ones left NaN with the firm's months flagged incomplete.

A quality row about a reading gives its file and row and the reading's own time (local);
one about hours (``outlier``, ``gap_filled``, ``gap_too_long``) gives the start of its
first hour and, in ``hours``, the time concerned, with a reading's file and row: an
outlier's largest reading, a gap's last reading before it (its first after it when the gap
opens the year). So every value dropped or filled has a file and a row in quality.csv.
``timezone`` should be the one the readings were read with.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import pandas as pd

from parkopt.optimizer.inventory.decode import meter_ids
from parkopt.optimizer.inventory.gaps import (
    NS_PER_HOUR,
    Calendar,
    Rules,
    fill,
    outliers,
    runs,
    to_hours,
)
from parkopt.optimizer.inventory.read import DEFAULT_TIMEZONE, Readings
from parkopt.optimizer.inventory.steps import interval_steps, register_steps
from parkopt.optimizer.inventory.vocab import CANONICAL_UNIT, quality_frame

COLUMN_LEVELS = ("firm", "meter", "carrier")


@dataclass
class MeterHours:
    """Hourly consumption per meter (``values``) and the findings of cleaning (``quality``)."""

    values: pd.DataFrame
    quality: pd.DataFrame


@dataclass
class _Meter:
    """One meter's readings (sorted by time once ordered) and what it is."""

    firm: str
    meter: str
    carrier: str
    register: bool
    ts: np.ndarray
    value: np.ndarray
    row: np.ndarray
    file: np.ndarray

    def take(self, index: np.ndarray) -> None:
        self.ts, self.value = self.ts[index], self.value[index]
        self.row, self.file = self.row[index], self.file[index]

    def locate(self, found: list[dict]) -> list[dict]:
        """Findings about a reading (``reading``: its index now) given its file and row."""
        for item in found:
            reading = item.pop("reading", None)
            if reading is not None:
                item["file"], item["row"] = int(self.file[reading]), int(self.row[reading])
        return found


def meter_hours(
    readings: Readings,
    year: int,
    timezone: str = DEFAULT_TIMEZONE,
    max_gap_h: float = 6.0,
    *,
    max_register_gap_h: float = 72.0,
    reset_fraction: float = 0.01,
    outlier_median_factor: float = 20.0,
    outlier_quantile: float = 0.999,
    outlier_quantile_factor: float = 3.0,
) -> MeterHours:
    """Every meter's hourly consumption over ``year`` in ``timezone`` (module docstring).
    ``max_gap_h`` [h]: longest gap filled from similar days; ``max_register_gap_h`` [h]:
    longest register gap spread linearly; ``reset_fraction``: a register drop to below this
    share of the previous reading is a counter reset; the outlier rule's factors."""
    rules = Rules(
        max_gap_h,
        max_register_gap_h,
        reset_fraction,
        outlier_median_factor,
        outlier_quantile,
        outlier_quantile_factor,
    )
    cal = Calendar(year, timezone)
    n, meters = _meters(readings.frame)
    values = np.empty((len(cal.hours), n))
    names, findings = [], []
    files = readings.frame["file"].cat.categories
    for m, meter in enumerate(meters):
        values[:, m], found = _clean(meter, rules, cal)
        names.append((meter.firm, meter.meter, meter.carrier))
        findings += _located(found, meter, files)
    return MeterHours(_table(values, names, cal), quality_frame(findings, timezone))


def _meters(frame: pd.DataFrame) -> tuple[int, Iterator[_Meter]]:
    """How many meters, and each one's readings in reading order: one stable sort of the
    rows by meter (a radix sort of 16-bit ids), then a slice per meter."""
    codes = {name: frame[name].cat.codes.to_numpy() for name in (*COLUMN_LEVELS, "kind", "file")}
    ids, n = meter_ids(codes["firm"], codes["meter"], codes["carrier"])
    order = np.argsort(ids.astype(np.int16) if n < 2**15 else ids, kind="stable")
    bounds = np.append(0, np.cumsum(np.bincount(ids, minlength=n)))
    del ids
    ts, value, row = frame["ts"].array.asi8, frame["value"].to_numpy(), frame["row"].to_numpy()
    levels = {name: frame[name].cat.categories for name in COLUMN_LEVELS}

    def each() -> Iterator[_Meter]:
        for m in range(n):
            index = order[bounds[m] : bounds[m + 1]]
            at = index[0]
            yield _Meter(
                *(levels[name][codes[name][at]] for name in COLUMN_LEVELS),
                register=bool(codes["kind"][at] == 1),
                ts=ts[index],
                value=value[index],
                row=row[index],
                file=codes["file"][index],
            )

    return n, each()


def _table(values: np.ndarray, names: list[tuple], cal: Calendar) -> pd.DataFrame:
    """Hours x meters, the meters sorted by firm, meter and carrier."""
    columns = pd.MultiIndex.from_tuples(names, names=list(COLUMN_LEVELS))
    order = np.argsort(columns.to_flat_index().map(str).to_numpy(), kind="stable") if names else []
    index = cal.hours.rename("hour")
    return pd.DataFrame(values[:, order], index=index, columns=columns[order])


def _located(found: list[dict], meter: _Meter, files) -> list[dict]:
    """Findings with the meter's names and their file's name."""
    for item in found:
        if "file" in item:
            item["file"] = files[item["file"]]
        item.update(firm=meter.firm, meter=meter.meter, carrier=meter.carrier)
    return found


def _clean(meter: _Meter, rules: Rules, cal: Calendar) -> tuple[np.ndarray, list[dict]]:
    """One meter's hourly values and findings (module docstring, steps 1 to 5)."""
    unit = CANONICAL_UNIT[meter.carrier]
    margin = (rules.max_register_gap_h + 1 if meter.register else 1) * NS_PER_HOUR
    inside = (meter.ts > cal.edges[0] - margin) & (meter.ts <= cal.edges[-1] + margin)
    found = _outside(meter, inside, cal)
    meter.take(np.flatnonzero(inside))
    found += _ordered(meter)
    found += _deduplicated(meter, unit)
    found += _missing(meter)
    if meter.register:
        steps = register_steps(meter.ts, meter.value, rules, unit, cal.edges)
    else:
        steps = interval_steps(meter.ts, meter.value, unit)
    found += meter.locate(steps.findings)
    value, share = to_hours(steps.start, steps.end, steps.amount, cal.edges)
    found += _outlier_readings(meter, outliers(value, share, rules, unit, cal))
    value, filled = fill(value, share, rules, unit, cal, meter.firm, meter.register)
    return value, found + _gap_readings(meter, filled)


def _outside(meter: _Meter, inside: np.ndarray, cal: Calendar) -> list[dict]:
    """One finding for the readings outside the year (and its margin), naming the first."""
    out = np.flatnonzero(~inside)
    if not len(out):
        return []
    first = int(out[0])
    year = cal.hours[0].year
    detail = (
        f"{len(out)} of the meter's {len(inside)} readings lie outside {year} "
        f"(the first at row {int(meter.row[first])})"
    )
    found = [
        _finding(
            first,
            meter.ts[first],
            "outside_year",
            detail,
            f"only the readings of {year} (--year) are used",
            "not used",
        )
    ]
    return meter.locate(found)


def _missing(meter: _Meter) -> list[dict]:
    """One finding per run of empty readings (missing: the gap rules fill their time)."""
    found = []
    for first, stop in runs(np.isnan(meter.value)):
        found.append(
            _finding(
                first,
                meter.ts[first],
                "missing_value",
                f"{stop - first} reading(s) with an empty value",
                "an empty value is a missing reading",
                "treated as missing; filled by the gap rules",
            )
        )
    return meter.locate(found)


def _gap_readings(meter: _Meter, found: list[dict]) -> list[dict]:
    """Gap findings given the file and row of the last reading before the gap (the first
    after it when none is before)."""
    if not len(meter.ts):
        return found
    for item in found:
        if "file" not in item:
            at = int(np.searchsorted(meter.ts, item["timestamp"], "right")) - 1
            item["reading"] = max(at, 0)
    return meter.locate(found)


def _outlier_readings(meter: _Meter, found: list[dict]) -> list[dict]:
    """Outlier hours given the file and row of their largest reading (or register step)."""
    for item in found:
        end = item["timestamp"] + int(item["hours"] * NS_PER_HOUR)
        first, stop = np.searchsorted(meter.ts, [item["timestamp"], end], "right")
        first -= int(meter.register and first > 0)  # a register step needs its start
        amounts = np.diff(meter.value[first:stop]) if meter.register else meter.value[first:stop]
        if len(amounts) and not np.isnan(amounts).all():
            item["reading"] = first + int(np.nanargmax(amounts)) + int(meter.register)
    return meter.locate(found)


def _ordered(meter: _Meter) -> list[dict]:
    """Sort the readings by time; a finding per run of readings out of order in a file."""
    if not len(meter.ts):  # every reading outside the year
        return []
    late = np.zeros(len(meter.ts), dtype=bool)
    starts = np.flatnonzero(np.diff(meter.file, prepend=-1) != 0)
    for first, stop in zip(starts, np.append(starts[1:], len(meter.ts)), strict=True):
        ts = meter.ts[first:stop]
        highest = np.maximum.accumulate(ts)
        late[first + 1 : stop] = ts[1:] < highest[:-1]
    found = []
    for first, stop in runs(late):
        detail = f"{stop - first} reading(s) earlier than a reading above them in the file"
        found.append(
            _finding(
                first,
                meter.ts[first],
                "out_of_order",
                detail,
                "readings are put in time order",
                "sorted",
            )
        )
    meter.locate(found)
    if (meter.ts[1:] < meter.ts[:-1]).any():  # out of order, or files in another order
        meter.take(np.argsort(meter.ts, kind="stable"))
    return found


def _finding(reading, ts, issue, detail, rule, action) -> dict:
    return {
        "reading": int(reading),
        "timestamp": int(ts),
        "issue": issue,
        "detail": detail,
        "rule": rule,
        "action": action,
    }


def _deduplicated(meter: _Meter, unit: str) -> list[dict]:
    """Drop repeated times, keeping the first read; a finding per run of duplicates."""
    repeat = np.zeros(len(meter.ts), dtype=bool)
    repeat[1:] = meter.ts[1:] == meter.ts[:-1]
    if not repeat.any():
        return []
    first_of = np.maximum.accumulate(np.where(repeat, 0, np.arange(len(repeat))))
    kept = meter.value[first_of]
    same = (meter.value == kept) | (np.isnan(meter.value) & np.isnan(kept))
    found = []
    for issue, flags in (("duplicate", repeat & same), ("conflicting_duplicate", repeat & ~same)):
        for first, stop in _close_runs(flags):
            found.append(_duplicate(meter, issue, first, stop, flags, first_of, unit))
    meter.locate(found)
    meter.take(np.flatnonzero(~repeat))
    return found


def _close_runs(flags: np.ndarray) -> np.ndarray:
    """Runs of flagged readings at most one unflagged reading apart (a file read twice
    flags every other reading once sorted)."""
    hits = np.flatnonzero(flags)
    if len(hits) == 0:
        return np.empty((0, 2), dtype=int)
    cut = np.flatnonzero(np.diff(hits) > 2) + 1
    return np.stack([hits[np.append(0, cut)], hits[np.append(cut - 1, len(hits) - 1)] + 1], axis=1)


def _duplicate(meter: _Meter, issue, first, stop, flags, first_of, unit) -> dict:
    count = int(flags[first:stop].sum())
    kept = first_of[first]
    if issue == "duplicate":
        detail = f"{count} identical reading(s) at times already read"
        rule, action = "identical duplicates (same time, same value) are dropped", "dropped"
    else:
        detail = (
            f"{count} reading(s) at times already read with other values; e.g. "
            f"{meter.value[kept]:.6g} {unit} kept (row {meter.row[kept]}), "
            f"{meter.value[first]:.6g} {unit} dropped"
        )
        rule, action = (
            "differing duplicates: the first read is kept",
            "kept the first; others dropped",
        )
    return _finding(first, meter.ts[first], issue, detail, rule, action)
