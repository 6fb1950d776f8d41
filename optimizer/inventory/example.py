"""A seeded example park of meter files (``parkopt inventory --make-example DIR``).

``make_example(folder)`` writes ``folder/meters/`` (one long file per firm and carrier: ``firm,
meter, carrier, timestamp, value, unit[, kind]``), ``folder/formats/`` (a week of one firm's
electricity again, as a wide file and with Chinese headers, for the docs: not the park's data)
and ``folder/manifest.json``, and returns that manifest: the firms, each meter's true annual
consumption, the park's monthly totals and each planted defect with its file and rows (``row``
as read.py counts: a CSV's line, 2 = first data row, a Parquet file's 1-based row; ``index``
0-based). The loads are an east-China park's: industries' shifts, weekends, public holidays
and make-up working days (Spring Festival a week of low load), summer cooling, gas-fired
steam boilers, purchased heat. The same arguments give the same bytes.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from parkopt.models.heat import steam_heat_kwh_per_t

# fmt: off
# Days off (* Spring Festival) and make-up working days (调休上班) by year, month-day ranges
# first:last, from the State Council General Office's notices (关于20XX年部分节假日安排的通知):
# 2023 国办发明电〔2022〕16号 of 8 December 2022 (New Year's 2022-12-31 is 2022's),
# 2024 〔2023〕7号 of 25 October 2023, 2025 〔2024〕12号 of 12 November 2024, 2026 the
# notice of 4 November 2025.
HOLIDAYS = {
    2023: ("01-01:01-02 *01-21:01-27 04-05 04-29:05-03 06-22:06-24 09-29:10-06",
           "01-28 01-29 04-23 05-06 06-25 10-07 10-08"),
    2024: ("01-01 *02-10:02-17 04-04:04-06 05-01:05-05 06-10 09-15:09-17 10-01:10-07",
           "02-04 02-18 04-07 04-28 05-11 09-14 09-29 10-12"),
    2025: ("01-01 *01-28:02-04 04-04:04-06 05-01:05-05 05-31:06-02 10-01:10-08",
           "01-26 02-08 04-27 09-28 10-11"),
    2026: ("01-01:01-03 *02-15:02-23 04-04:04-06 05-01:05-05 06-19:06-21 09-25:09-27 10-01:10-07",
           "01-04 02-14 02-28 05-09 09-20 10-10"),
}
DAY_KINDS = ("working_day", "saturday", "sunday", "holiday", "spring_festival", "eve")
INDUSTRIES = """
name                 share peak_kw  hours floor sat  sun  hol  spring eve cool  steam   heat heat_kw
electronics_assembly 0.25  500-1500 8-24  0.3   0.7  0.35 0.25 0.12   0.5 0.02  0-0     -    0-0
food_processing      0.12  300-900  6-22  0.35  0.9  0.7  0.5  0.2    0.6 0.015 0.8-2.0 -    0-0
chemicals            0.1   900-2200 0-24  1.0   1.0  1.0  0.95 0.75   0.9 0.008 1.0-2.0 t    400-900
textile_dyeing       0.1   400-1000 7-23  0.3   0.85 0.6  0.3  0.1    0.5 0.012 0-0     t,GJ 250-600
logistics            0.15  150-500  7-19  0.2   0.85 0.6  0.5  0.3    0.6 0.01  0-0     -    0-0
data_centre          0.08  800-2000 0-24  1.0   1.0  1.0  1.0  0.98   1.0 0.012 0-0     -    0-0
machinery            0.2   250-800  8-17  0.12  0.4  0.12 0.1  0.06   0.3 0.01  0-0     -    0-0
"""
# fmt: on
"""Kinds of firm: ``share`` of the firms past the first seven (one of each); per firm,
electrical peak drawn from ``peak_kw`` [kW]; shift ``hours`` of a working day [start, end);
load outside them (``floor``) and the factors on Saturdays, Sundays, holidays, Spring
Festival and its eve, as fractions of a working day's [-]; extra load per K
of air above 24 degC (``cool``) [1/K of peak]; own gas-fired ``steam`` at full load [t/h];
purchased heat meters' units (t of steam, GJ of hot water) and full load [kW_th]."""
STEAM_BAR, FEEDWATER_C = 10.0, 20.0
"""Metered steam in the example: saturated at 10 bar absolute, feed water at 20 degC."""
GAS_M3_PER_T_STEAM = 78.0
"""Gas burnt per tonne of steam in the firms' boilers [m3/t] (about 2.75 GJ/t at 90 % LHV)."""
GJ_KWH = 1e6 / 3600.0
WRAP = 1e7
"""A register's counter rolls over to zero at this reading."""


def industries() -> dict[str, dict]:
    """``INDUSTRIES`` by name: ranges as (low, high), heat units as a list, factors as floats."""
    head, *rows = (line.split() for line in INDUSTRIES.strip().splitlines())
    out = {r[0]: dict(zip(head, r, strict=True)) for r in rows}
    for row in out.values():
        for k, v in list(row.items())[1:]:
            if k == "heat":
                row[k] = [] if v == "-" else v.split(",")
            else:
                row[k] = tuple(map(float, v.split("-"))) if "-" in v else float(v)
    return out


@dataclass
class Meter:
    """A meter's rows: local times [datetime64[s]], values [unit], tags (0 or a defect's k)."""

    firm: str
    meter: str
    carrier: str
    unit: str
    kind: str
    file: str
    ts: np.ndarray
    value: np.ndarray
    tag: np.ndarray

    def take(self, rows: np.ndarray) -> None:
        self.ts, self.value, self.tag = self.ts[rows], self.value[rows], self.tag[rows]


def _days(year: int, spec: str) -> np.ndarray:
    """The dates of ``spec``'s month-day ranges (first:last, or one day) in ``year``."""
    out = [np.arange(np.datetime64(f"{year}-{r[:5]}"), np.datetime64(f"{year}-{r[-5:]}") + 1)
           for r in spec.split()]  # fmt: skip
    return np.concatenate(out)


def spring_festival(year: int) -> str:
    """Spring Festival's days off in ``year`` as first:last (month-day)."""
    return next(r for r in HOLIDAYS[year][0].split() if r[0] == "*")[1:]


def day_kinds(days: np.ndarray, year: int) -> np.ndarray:
    """Index into ``DAY_KINDS`` of each local date (datetime64[D]); make-up working days are
    working days, the day before Spring Festival its eve. Only ``HOLIDAYS``' years."""
    if year not in HOLIDAYS:
        raise ValueError(f"year {year}: the holiday table covers {min(HOLIDAYS)}-{max(HOLIDAYS)}")
    days = days.astype("datetime64[D]")
    off, work = HOLIDAYS[year]
    spring = _days(year, spring_festival(year))
    kinds = np.zeros(len(days), dtype=np.int8)
    weekday = (days.view("int64") + 3) % 7  # 1970-01-01 was a Thursday; Monday = 0
    kinds[weekday == 5], kinds[weekday == 6] = 1, 2
    kinds[np.isin(days, _days(year, off.replace("*", "")))] = 3
    kinds[np.isin(days, spring)] = 4
    kinds[days == spring[0] - 1] = 5
    kinds[np.isin(days, _days(year, work))] = 0
    return kinds


def _calendar(year: int, step_minutes: int, rng) -> dict:
    """The year's interval ends [local, naive], and at each interval's middle: local hour,
    day of the year, kind of day, month (1-12) and an east-China air temperature [degC]."""
    step = np.timedelta64(step_minutes * 60, "s")
    start = np.datetime64(f"{year}-01-01T00:00:00")
    ends = np.arange(start + step, np.datetime64(f"{year + 1}-01-01T00:00:00") + step, step)
    mid = ends - step // 2
    days = mid.astype("datetime64[D]")
    doy = (days - start.astype("datetime64[D]")).astype(int)
    hour = (mid - days).astype(float) / 3600.0
    air = 17.0 - 12.5 * np.cos(2 * np.pi * (doy - 20) / 365.25) + rng.normal(0, 2, 366)[doy]
    air += 4.0 * np.cos(2 * np.pi * (hour - 14.0) / 24.0)
    month = mid.astype("datetime64[M]").astype(int) % 12 + 1
    return dict(ends=ends, hour=hour, doy=doy, kind=day_kinds(days, year), air=air, month=month,
                step_h=step_minutes / 60.0, start=start, year=year)  # fmt: skip


def _firms(rng, n: int, every_carrier: bool) -> list[dict]:
    """The firms: name, industry and sizes (the first seven one of each industry)."""
    kinds = industries()
    share = [k["share"] for k in kinds.values()]
    picks = list(range(min(n, len(kinds)))) + list(rng.choice(len(kinds), max(0, n - 7), p=share))
    firms = []
    for i, pick in enumerate(picks):
        ind = list(kinds.values())[pick]
        steam = rng.uniform(*ind["steam"]) if ind["steam"][1] else 0.0
        units, heat = list(ind["heat"]), [rng.uniform(*ind["heat_kw"]) for _ in ind["heat"]]
        if every_carrier:  # one meter of each carrier: small boilers and heat where none
            steam = steam or rng.uniform(0.1, 0.4)
            units, heat = (units[:1], heat[:1]) if units else (["GJ"], [rng.uniform(100, 300)])
        big = ind["peak_kw"][1] > 1500
        n_elec = 1 if every_carrier else 1 + int(rng.random() < 0.5) + int(big)
        firms.append(dict(firm=f"F{i + 1:0{max(2, len(str(n)))}d}", industry=ind["name"],
                          peak_kw=rng.uniform(*ind["peak_kw"]), steam_t_per_h=steam,
                          heat_kw=heat, heat_units=units, electricity_meters=n_elec))  # fmt: skip
    return firms


def _firm_meters(rng, firm: dict, cal: dict, ext: str, steam_kwh: float) -> list[Meter]:
    """A firm's meters with their true interval consumption in their unit: the process load
    (shift hours, kinds of day) plus cooling for electricity, winter losses for hot water."""
    ind = industries()[firm["industry"]]
    n, f, h = len(cal["ends"]), firm["firm"], cal["step_h"]
    on = (np.arange(24) >= ind["hours"][0]) & (np.arange(24) < ind["hours"][1])
    hourly = np.where(on, 1.0, ind["floor"])
    days = np.array([1.0] + [ind[k] for k in ("sat", "sun", "hol", "spring", "eve")])[cal["kind"]]
    shape = np.interp(cal["hour"], np.arange(24) + 0.5, hourly, period=24) * days
    process = shape * rng.normal(1.0, 0.04, 366)[cal["doy"]]  # a day's level varies
    cool = ind["cool"] * np.clip(cal["air"] - 24.0, 0.0, None) * (0.5 + 0.5 * process)
    winter = 1.0 + 0.1 * np.clip(15.0 - cal["air"], 0.0, None) / 15.0

    def meter(name, carrier, unit, mean, decimals):
        value = np.clip(mean * rng.normal(1.0, 0.05, n), 0.0, None).round(decimals)
        return Meter(f, f"{f}-{name}", carrier, unit, "interval", f"{f}_{carrier}.{ext}",
                     cal["ends"].copy(), value, np.zeros(n, dtype=np.int16))  # fmt: skip

    shares = rng.dirichlet(np.full(firm["electricity_meters"], 4.0))
    kw = firm["peak_kw"] * (process + cool)
    out = [meter(f"E{i + 1}", "electricity", "kWh", kw * s * h, 3) for i, s in enumerate(shares)]
    if firm["steam_t_per_h"]:
        m3 = firm["steam_t_per_h"] * process * winter * GAS_M3_PER_T_STEAM * h
        out.append(meter("G1", "natural_gas", "m3", m3, 3))
    for i, (unit, kw_th) in enumerate(zip(firm["heat_units"], firm["heat_kw"], strict=True)):
        kwh = kw_th * process * (winter if unit == "GJ" else 1.0) * h
        per = steam_kwh if unit == "t" else GJ_KWH
        out.append(meter(f"H{i + 1}", "heat", unit, kwh / per, 4))
    return out


def _truth(meters: list[Meter], cal: dict, steam_kwh: float) -> tuple[list, dict, dict]:
    """Each meter's true annual consumption (in its unit and canonical: kWh of electricity
    and heat, m3 of gas), the firms' and the park's, and the park's by month."""
    to_canonical = {"kWh": 1.0, "MWh": 1000.0, "m3": 1.0, "GJ": GJ_KWH, "t": steam_kwh}
    key = {"electricity": "electricity_kwh", "natural_gas": "natural_gas_m3", "heat": "heat_kwh"}
    rows, firms = [], {}
    park, monthly = dict.fromkeys(key.values(), 0.0), {k: np.zeros(12) for k in key.values()}
    for m in meters:
        canonical, k = m.value * to_canonical[m.unit], key[m.carrier]
        total = float(canonical.sum())
        row = {k: getattr(m, k) for k in ("firm", "meter", "carrier", "unit", "file")}
        rows.append(row | {"annual": float(m.value.sum()), "annual_canonical": total})
        firms.setdefault(m.firm, dict.fromkeys(key.values(), 0.0))[k] += total
        park[k] += total
        monthly[k] += np.bincount(cal["month"] - 1, weights=canonical, minlength=12)
    return rows, firms, {"annual": park, "monthly": {k: v.tolist() for k, v in monthly.items()}}


DEFECTS = (  # name, the issue it should raise, from (local, month-day), hours, which meter
    ("counter_reset", "counter_reset", "03-12T10:00", 0, "register"),
    ("meter_replacement", "meter_replacement", "04-16T10:00", 0, "register"),
    ("identical_duplicate", "duplicate", "05-14T09:00", 3, "pool"),
    ("conflicting_duplicate", "conflicting_duplicate", "06-18T09:00", 1, "pool"),
    ("step_change", "step_changed", "07-01T00:00", 0, "own"),
    ("short_gap", "gap_filled", "08-06T14:00", 2, "pool"),
    ("long_gap", "gap_too_long", "09-09T00:00", 120, "pool"),
    ("negative_interval", "negative_interval", "10-15T11:00", 0, "pool"),
    ("outlier", "outlier", "11-19T15:00", 0, "pool"),
    ("out_of_order", "out_of_order", "12-03T00:00", 24, "pool"),
)


def _defect(name: str, m: Meter, k: int, i: int, n: int) -> dict:
    """Plant one defect on ``m``'s rows from ``i`` (``n`` rows) and tag its rows ``k``;
    return what a check needs (true values in the meter's unit)."""
    v, rows, at = m.value, len(m.ts), np.arange(len(m.ts))
    if m.kind == "register":  # a counter rolling over at WRAP, or a new meter reading 5000.0
        true = float(v[i] - v[i - 1])  # lost with a new meter
        v += (WRAP - v[i] + true / 2) if name == "counter_reset" else 0.0
        v[i:] -= WRAP if name == "counter_reset" else v[i] - 5000.0
        m.value, m.tag[i - 1 : i + 1] = v.round(3), k
        return {"readings": m.value[i - 1 : i + 1].tolist(), "true": round(true, 3)}
    if name.endswith("duplicate"):  # each row of the block twice, one after the other
        m.take(np.repeat(at, np.where((at >= i) & (at < i + n), 2, 1)))
        copies = np.arange(i + 1, i + 2 * n, 2)
        m.value[copies] = (m.value[copies] * (1.08 if name[0] == "c" else 1.0)).round(3)
        m.tag[i : i + 2 * n] = k
        return {"rows_repeated": n}
    if name.endswith("gap"):  # the rows before and after the gap are tagged
        true, until = round(float(v[i : i + n].sum()), 3), str(m.ts[i + n - 1])
        m.take(np.r_[0:i, i + n : rows])
        m.tag[i - 1 : i + 1] = k
        return {"rows_missing": n, "until": until, "true": true}
    if name == "step_change":  # from row i on, hourly sums of n steps
        m.value = np.concatenate([v[:i], v[i:].reshape(-1, n).sum(axis=1).round(3)])
        m.ts = np.concatenate([m.ts[:i], m.ts[i + n - 1 :: n]])
        m.tag = np.zeros(len(m.ts), dtype=np.int16)
        m.tag[i - 1 : i + 1] = k
        return {"step_minutes": [60 // n, 60], "at": str(m.ts[i])}
    if name == "out_of_order":  # the block moved behind the meter's last row
        m.take(np.r_[0:i, i + n : rows, i : i + n])
        m.tag[rows - n :] = k
        return {"rows_moved": n}
    m.tag[i], true = k, float(v[i])
    v[i] = -true if name == "negative_interval" else round(40.0 * true, 3)
    return {"true": true}


def _plant(rng, meters: list[Meter], cal: dict, mwh_firm) -> list[dict]:
    """``DEFECTS`` on registers and interval electricity meters (not the MWh file's; one each
    while there are enough); a step change needs steps under an hour and a meter of its own."""
    registers = [m for m in meters if m.kind == "register"]
    pool = [m for m in meters if m.kind == "interval" and m.carrier == "electricity"]
    pool = [pool[i] for i in rng.permutation(len(pool)) if pool[i].firm != mwh_firm] or pool
    per_hour = round(1 / cal["step_h"])
    step_meter = pool.pop(0) if per_hour > 1 and len(pool) > 1 else None
    out = []
    for k, (name, issue, when, hours, which) in enumerate(DEFECTS, start=1):
        register = registers[k % len(registers)] if registers else None
        m = {"register": register, "own": step_meter}.get(which, pool[k % len(pool)])
        if m is None:
            continue
        i = int(np.searchsorted(m.ts, np.datetime64(f"{cal['year']}-{when}"), side="right"))
        record = dict(defect=name, issue=issue, firm=m.firm, meter=m.meter, carrier=m.carrier,
                      unit=m.unit, kind=m.kind, file=m.file, tag=k, at=str(m.ts[i]))  # fmt: skip
        record |= _defect(name, m, k, i, per_hour if hours == 0 else int(hours * per_hour))
        out.append(record)
    return out


def _table(group: list[Meter], parquet: bool, offset: bool) -> pa.Table:
    """The rows of ``group``'s meters; ``offset``: times with +08:00 (as UTC in Parquet)."""
    lengths = [len(m.ts) for m in group]
    ts = np.concatenate([m.ts for m in group])
    if offset and parquet:
        time = pa.array(ts - np.timedelta64(8, "h"), type=pa.timestamp("s", tz="+08:00"))
    else:
        time = pc.strftime(pa.array(ts), format="%Y-%m-%dT%H:%M:%S+08:00") if offset else ts
    names = ["firm", "meter", "carrier", "timestamp", "value", "unit"]
    names += ["kind"] if any(m.kind == "register" for m in group) else []
    codes = np.repeat(np.arange(len(group), dtype=np.int32), lengths)
    cols = {"timestamp": time, "value": np.concatenate([m.value for m in group])}
    for k in set(names) - set(cols):
        cols[k] = pa.DictionaryArray.from_arrays(codes, [getattr(m, k) for m in group])
    table = pa.table({k: cols[k] for k in names})
    return table.cast(pa.schema([(f.name, pa.string()) if pa.types.is_dictionary(f.type) else f
                                 for f in table.schema])) if parquet else table  # fmt: skip


def _write_csv(table: pa.Table, path: Path) -> None:
    with open(path, "wb") as f:
        f.write((",".join(table.column_names) + "\n").encode())
        pacsv.write_csv(table, f, pacsv.WriteOptions(include_header=False, quoting_style="none"))


def _write(meters: list[Meter], folder: Path, fmt: str, offset_firm) -> dict:
    """One file per firm and carrier; returns each file's rows and its rows' defect tags."""
    folder.mkdir(parents=True, exist_ok=True)
    out = {}
    for name in dict.fromkeys(m.file for m in meters):
        group = [m for m in meters if m.file == name]
        table = _table(group, fmt == "parquet", group[0].firm == offset_firm)
        if fmt == "parquet":
            pq.write_table(table, folder / name)
        else:
            _write_csv(table, folder / name)
        out[name] = (table.num_rows, np.concatenate([m.tag for m in group]))
    return out


def _formats(meters: list[Meter], folder: Path, cal: dict) -> dict:
    """A week (from 4 March) of the first firm's interval electricity meters as a wide file
    (columns firm/meter/carrier/unit) and as a long file in Chinese: the values of meters/."""
    first = (meters[0].firm, "electricity", "interval")
    group = [m for m in meters if (m.firm, m.carrier, m.kind) == first]
    a = np.datetime64(f"{cal['year']}-03-04T00:00:00")
    pairs = [(m, (m.ts > a) & (m.ts <= a + np.timedelta64(7, "D"))) for m in group]
    cn = {"kWh": "千瓦时", "MWh": "兆瓦时"}
    week = [Meter(m.firm, m.meter, "电力", cn[m.unit], m.kind, m.file, m.ts[w], m.value[w], 0 * w)
            for m, w in pairs]  # fmt: skip
    folder.mkdir(parents=True, exist_ok=True)
    wide = {f"{m.firm}/{m.meter}/{m.carrier}/{m.unit}": m.value[w] for m, w in pairs}
    _write_csv(pa.table({"timestamp": week[0].ts} | wide), folder / "wide.csv")
    long = _table(week, False, False)
    chinese = ["企业", "表计", "能源品种", "时间", "读数", "单位"]
    _write_csv(long.rename_columns(chinese), folder / "chinese_headers.csv")
    return {"wide": "formats/wide.csv", "chinese_headers": "formats/chinese_headers.csv",
            "meters": [m.meter for m in week], "from": str(a), "rows": long.num_rows}  # fmt: skip


def make_example(
    folder: Path | str,
    firms: int = 40,
    year: int = 2024,
    seed: int = 2024,
    step_minutes: int = 15,
    defects: bool = True,
    file_format: str = "csv",
    every_carrier: bool = False,
) -> dict:
    """Write the example park's meter files into ``folder`` (see the module docstring) and
    return the manifest. ``every_carrier``: each firm exactly one electricity, one gas and one
    heat meter (the benchmark's shape)."""
    if step_minutes not in (15, 30, 60) or file_format not in ("csv", "parquet") or firms < 1:
        raise ValueError("step_minutes 15, 30 or 60; file_format csv or parquet; firms >= 1")
    rng = np.random.default_rng(seed)
    cal = _calendar(year, step_minutes, rng)
    steam_kwh = steam_heat_kwh_per_t(STEAM_BAR, None, FEEDWATER_C)
    table = _firms(rng, firms, every_carrier)
    meters = [m for f in table for m in _firm_meters(rng, f, cal, file_format, steam_kwh)]
    names = [f["firm"] for f in table]
    mwh_firm, offset_firm = (names[1:2] or [None])[0], (names[2:3] or [None])[0]
    for m in meters:
        if m.firm == mwh_firm and m.carrier == "electricity":
            m.unit, m.value = "MWh", (m.value / 1000.0).round(6)
    truth, by_firm, park = _truth(meters, cal, steam_kwh)
    for m in meters:
        if m.carrier == "natural_gas" or (m.meter.endswith("-E1") and names.index(m.firm) % 7 == 3):
            base = round(float(rng.uniform(1e5, 3e6)), 1)  # cumulative, read at the start too
            m.value = (base + np.concatenate([[0.0], np.cumsum(m.value)])).round(3)
            m.ts, m.tag, m.kind = np.r_[cal["start"], m.ts], np.r_[0, m.tag], "register"
    planted = _plant(rng, meters, cal, mwh_firm) if defects else []
    out = Path(folder)
    files = _write(meters, out / "meters", file_format, offset_firm)
    for d in planted:
        pos = np.flatnonzero(files[d["file"]][1] == d.pop("tag"))
        d["index"], d["row"] = pos.tolist(), (pos + (2 if file_format == "csv" else 1)).tolist()
    manifest = {
        "year": year, "seed": seed, "step_minutes": step_minutes, "file_format": file_format,
        "timezone": "Asia/Shanghai", "rows": sum(n for n, _ in files.values()),
        "files": {name: n for name, (n, _) in files.items()}, "firms": table, "meters": truth,
        "firm_totals": by_firm, "park": park, "defects": planted,
        "mwh_file": {"firm": mwh_firm, "unit": "MWh", "issue": None},
        "offset_firm": offset_firm, "steam": {"pressure_bar": STEAM_BAR, "saturated": True,
        "feedwater_c": FEEDWATER_C, "kwh_per_t": steam_kwh},
        "spring_festival": spring_festival(year), "formats": _formats(meters, out / "formats", cal),
    }  # fmt: skip
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1, default=float) + "\n")
    return manifest
