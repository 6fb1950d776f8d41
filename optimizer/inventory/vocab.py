"""The words of meter files, normalised once: column headers, carriers, units and kinds in
English or Chinese, the factor from each unit to its carrier's canonical unit, and the
parsing of timestamps.

Headers, carrier names, units and kinds are matched after stripping spaces and ignoring
case; in carrier names a space or hyphen counts as an underscore (``Natural gas`` =
``natural_gas``).

============  =====================================================================
column        accepted headers
============  =====================================================================
firm          firm, 企业, 企业名称
meter         meter, 表计, 表计编号
carrier       carrier, 能源品种
timestamp     timestamp, 时间
value         value, 读数
unit          unit, 单位
kind          kind, 类型 (optional: ``interval`` when absent or empty)
============  =====================================================================

Carriers: ``electricity`` (电, 电力), ``natural_gas`` (天然气), ``heat`` (热, 热力, 蒸汽:
hot water or steam). Kinds: ``interval`` (区间) and ``register`` (累计).

Units and their factor to the carrier's canonical unit (kWh for electricity and heat, m3
for gas): kWh (千瓦时, 度) 1, MWh (兆瓦时) 1000; m3 (m³, 立方米) 1 and Nm3 (Nm³) 1 for gas
(both read as the volume the supplier bills, no pressure or temperature correction); GJ
(吉焦) 277.78, MJ (兆焦) 0.27778 and t (吨, steam only) ``steam_kwh_per_t`` for heat, the
heat a tonne of steam is settled at (``parkopt.models.heat.steam_heat_kwh_per_t``).
Any other pair, such as m3 for electricity, is an error.

Timestamps are ISO 8601 (``2024-01-01 00:15``, ``2024-01-01T00:15:00+08:00``) or year first
with slashes (``2024/1/1 0:15``); ``24:00`` is the end of its day. Those without an
offset are local times in the park's
zone; those with one are exact. Where the zone has daylight saving time, a naive time in
the autumn's repeated hour is taken as the first (summer-time) one and a time in the
spring's skipped hour is an error: give offsets for such zones.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from parkopt.models.heat import KWH_PER_GJ
from parkopt.models.units import KWH_PER_MWH

COLUMNS = {
    "firm": ("firm", "企业", "企业名称"),
    "meter": ("meter", "表计", "表计编号"),
    "carrier": ("carrier", "能源品种"),
    "timestamp": ("timestamp", "时间"),
    "value": ("value", "读数"),
    "unit": ("unit", "单位"),
    "kind": ("kind", "类型"),
}
"""Canonical column name -> headers accepted for it."""
REQUIRED = ("firm", "meter", "carrier", "timestamp", "value", "unit")
HEADER_NAME = {alias.lower(): name for name, aliases in COLUMNS.items() for alias in aliases}

CARRIERS = ("electricity", "natural_gas", "heat")
CARRIER_NAMES = {
    **{c: i for i, c in enumerate(CARRIERS)},
    **{"电": 0, "电力": 0, "天然气": 1, "热": 2, "热力": 2, "蒸汽": 2},
}
KINDS = ("interval", "register")
KIND_NAMES = {"interval": 0, "register": 1, "区间": 0, "累计": 1}

UNITS = ("kWh", "MWh", "m3", "Nm3", "GJ", "MJ", "t")
UNIT_NAMES = {
    **{u.lower(): i for i, u in enumerate(UNITS)},
    **{"千瓦时": 0, "度": 0, "兆瓦时": 1, "m³": 2, "立方米": 2, "nm³": 3, "吉焦": 4, "兆焦": 5},
    "吨": 6,
}
STEAM_T = UNITS.index("t")
CARRIER_UNITS = {
    "electricity": {"kWh": 1.0, "MWh": KWH_PER_MWH},
    "natural_gas": {"m3": 1.0, "Nm3": 1.0},
    "heat": {"kWh": 1.0, "MWh": KWH_PER_MWH, "GJ": KWH_PER_GJ, "MJ": KWH_PER_GJ / 1000.0, "t": 1.0},
}
"""Units accepted per carrier with the factor to its canonical unit (t: x steam_kwh_per_t)."""
CANONICAL_UNIT = {"electricity": "kWh", "natural_gas": "m3", "heat": "kWh"}
NAT = np.iinfo(np.int64).min
"""int64 of a timestamp that could not be read (pandas' NaT)."""

_OFFSET = re.compile(r"\d:\d\d(?::\d\d(?:\.\d*)?)?\s*(?:Z|[+-]\d\d(?::?\d\d)?)$", re.IGNORECASE)
"""A zone offset after a time of day (a date alone ends in ``-01``, not an offset)."""
_SLASH_FORMATS = ("%Y/%m/%d %H:%M:%S", "%Y/%m/%d %H:%M", "%Y/%m/%d")
_MIDNIGHT = re.compile(r"^(\S+)[ T]24:00(?::00)?$")
"""``2024-01-01 24:00``: the end of that day, as some meter exports write it."""


def has_offset(text: object) -> bool:
    """Whether a timestamp text ends in a zone offset (``Z``, ``+08:00``, ``+0800``)."""
    return bool(_OFFSET.search(str(text).strip()))


def header_name(header: str) -> str | None:
    """The canonical name of a column header, or None."""
    return HEADER_NAME.get(str(header).strip().lower())


def carrier_code(name: object) -> int:
    """Index into CARRIERS of a carrier name as written, -1 when unknown."""
    key = str(name).strip().lower().replace(" ", "_").replace("-", "_")
    return CARRIER_NAMES.get(key, -1)


def unit_code(name: object) -> int:
    """Index into UNITS of a unit as written, -1 when unknown."""
    return UNIT_NAMES.get(str(name).strip().lower(), -1)


def kind_code(name: object) -> int:
    """Index into KINDS of a kind as written (empty: interval), -1 when unknown."""
    key = str(name).strip().lower()
    return 0 if key == "" else KIND_NAMES.get(key, -1)


def unit_factors(steam_kwh_per_t: float | None) -> np.ndarray:
    """Factor [carrier, unit] to the carrier's canonical unit; NaN where the unit does not
    fit the carrier (and for steam in t when ``steam_kwh_per_t`` is None)."""
    table = np.full((len(CARRIERS), len(UNITS)), np.nan)
    for c, carrier in enumerate(CARRIERS):
        for unit, factor in CARRIER_UNITS[carrier].items():
            table[c, UNITS.index(unit)] = factor
    steam = np.nan if steam_kwh_per_t is None else float(steam_kwh_per_t)
    table[CARRIERS.index("heat"), STEAM_T] = steam
    return table


def unit_expected(carrier: int, unit: int, steam_kwh_per_t: float | None) -> str:
    """What a Problem expects where ``unit`` cannot be converted for ``carrier``."""
    name = CARRIERS[carrier]
    if name == "heat" and unit == STEAM_T and steam_kwh_per_t is None:
        return (
            "steam_kwh_per_t (--steam-kwh-per-t), the heat a tonne of steam is settled at "
            "[kWh/t], to convert steam metered in t "
            "(parkopt.models.heat.steam_heat_kwh_per_t computes one)"
        )
    fits = ", ".join(CARRIER_UNITS[name])
    return f"a unit of {name}: {fits}"


def parse_times(strings: np.ndarray, timezone: str) -> np.ndarray:
    """Timestamp texts to int64 ns since the epoch (UTC); NAT where unreadable. Texts
    with an offset are exact; the others are local times in ``timezone``."""
    text = pd.Series(strings, dtype=object).astype(str).str.strip()
    midnight = text.str.match(_MIDNIGHT, na=False).to_numpy()
    if midnight.any():
        days = text[midnight].str.replace(_MIDNIGHT, r"\1", regex=True)
        next_day = pd.to_datetime(days, errors="coerce", format="mixed") + pd.Timedelta(days=1)
        text[midnight] = next_day.dt.strftime("%Y-%m-%d %H:%M:%S").fillna("")
    out = np.full(len(text), NAT, dtype=np.int64)
    has_offset = text.str.contains(_OFFSET, na=False).to_numpy()
    if has_offset.any():
        exact = pd.to_datetime(text[has_offset], format="ISO8601", utc=True, errors="coerce")
        out[has_offset] = _ns(exact.dt.tz_localize(None))
    naive = ~has_offset
    if naive.any():
        local = pd.to_datetime(text[naive], format="ISO8601", errors="coerce")
        for fmt in _SLASH_FORMATS:
            missing = local.isna()
            if not missing.any():
                break
            local[missing] = pd.to_datetime(text[naive][missing], format=fmt, errors="coerce")
        summer = np.ones(len(local), dtype=bool)  # the repeated autumn hour: its first pass
        zoned = local.dt.tz_localize(timezone, ambiguous=summer, nonexistent="NaT")
        out[naive] = _ns(zoned.dt.tz_convert("UTC").dt.tz_localize(None))
    return out


def _ns(times: pd.Series) -> np.ndarray:
    """Naive datetimes to int64 ns (NAT for NaT)."""
    return times.astype("datetime64[ns]").to_numpy().view(np.int64)


QUALITY_COLUMNS = (
    "file",
    "row",
    "firm",
    "meter",
    "carrier",
    "timestamp",
    "issue",
    "detail",
    "hours",
    "rule",
    "action",
)
"""The columns of quality.csv, one row per finding (``parkopt.optimizer.inventory``)."""


def quality_frame(rows: list[dict], timezone: str) -> pd.DataFrame:
    """Findings as a table: ``timestamp`` given as int64 ns UTC (or None) is shown in the
    park's local time; ``row`` is a nullable integer, ``hours`` a float (NaN: not a span)."""
    frame = pd.DataFrame(rows, columns=list(QUALITY_COLUMNS))
    stamps = pd.array(frame["timestamp"].tolist(), dtype="Int64").to_numpy(na_value=NAT)
    frame["timestamp"] = pd.to_datetime(stamps.astype(np.int64), utc=True, unit="ns").tz_convert(
        timezone
    )
    frame["row"] = frame["row"].astype("Int64")
    for name in ("file", "firm", "meter", "carrier", "issue", "detail", "rule", "action"):
        frame[name] = frame[name].fillna("").astype(str)
    frame["hours"] = frame["hours"].astype(float)
    return frame
