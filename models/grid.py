"""Grid tariffs and emission factors as hourly series.

Time-of-use (TOU) tariffs in China are published as hour ranges per period (peak, flat,
valley, and a critical peak or deep valley in some months). ``tou_period_table`` turns such
a layout into a 12 x 24 table of period names, checking that every hour of every month
belongs to exactly one period; ``tou_price`` maps it onto an hourly index.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import numpy as np
import pandas as pd

from parkopt.models.errors import InputDataError

HourRanges = Sequence[tuple[int, int]]


def _hours(ranges: HourRanges) -> list[int]:
    """Hours in a list of [start, end) ranges; an end below the start wraps past midnight."""
    out: list[int] = []
    for start, end in ranges:
        if not (0 <= start <= 23 and 0 <= end <= 24 and end != start):
            raise InputDataError(f"hour range [{start}, {end}) is outside 0-24 h")
        span = range(start, end) if end > start else [*range(start, 24), *range(0, end)]
        out.extend(span)
    return out


def tou_period_table(
    seasons: Iterable[tuple[Sequence[int], Mapping[str, HourRanges]]], where: str = "tariff"
) -> np.ndarray:
    """12 x 24 array of period names (month 1..12 in rows, local hour 0..23 in columns).

    ``seasons`` holds ``(months, {period: [(start_h, end_h), ...]})`` pairs. Raises
    InputDataError naming the first month and hour that is missing or given twice.
    """
    table = np.full((12, 24), "", dtype=object)
    for si, (months, periods) in enumerate(seasons):
        for month in months:
            if not 1 <= month <= 12:
                raise InputDataError(f"{where}.seasons[{si}].months: {month} is not a month 1-12")
            for name, ranges in periods.items():
                for h in _hours(ranges):
                    if table[month - 1, h]:
                        raise InputDataError(
                            f"{where}.seasons[{si}]: month {month} hour {h} is both "
                            f"{table[month - 1, h]} and {name}; expected each hour once"
                        )
                    table[month - 1, h] = name
    empty = np.argwhere(table == "")
    if len(empty):
        m, h = empty[0]
        raise InputDataError(
            f"{where}.seasons: month {m + 1} hour {h} has no period "
            f"({len(empty)} month-hours uncovered); expected all 24 h of all 12 months"
        )
    return table


def tou_price(
    index: pd.DatetimeIndex,
    table: np.ndarray,
    prices_per_kwh: Mapping[str, float] | Sequence[Mapping[str, float]],
) -> pd.Series:
    """Hourly import price [currency/kWh] from a 12 x 24 period table and period prices.

    ``prices_per_kwh`` is one mapping for the whole year, or twelve (one per month, for
    tariffs whose period prices change with the season).
    """
    monthly = [prices_per_kwh] * 12 if isinstance(prices_per_kwh, Mapping) else list(prices_per_kwh)
    lookup = np.full((12, 24), np.nan)
    for m in range(12):
        for h in range(24):
            lookup[m, h] = monthly[m].get(table[m, h], np.nan)
    values = lookup[index.month - 1, index.hour]
    if np.isnan(values).any():
        where = np.argwhere(np.isnan(lookup))[0]
        name = table[where[0], where[1]]
        raise InputDataError(
            f"tariff.prices_cny_per_kwh: no price for period {name} (month {where[0] + 1}); "
            "expected a price in CNY/kWh for every period used in tariff.seasons"
        )
    return pd.Series(values, index=index, name="price_per_kwh")


def month_number(index: pd.DatetimeIndex) -> np.ndarray:
    """Calendar month 1..12 of each hour (the demand charge is billed per month)."""
    return np.asarray(index.month, dtype=int)
