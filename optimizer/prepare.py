"""Assemble PlanInputs, the one contract between the physics (models/) and the LP.

``prepare(scenario)`` reads every file the scenario names, runs the PV, wind, load, tariff
and finance models, checks the result (rows, NaN, signs, likely unit mix-ups) and reports
all problems at once as a ScenarioError. The LP never sees weather; models/ never sees Pyomo.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from models import finance, grid, load, pv, weather, wind
from models.errors import InputDataError
from optimizer.errors import Problem, ScenarioError
from optimizer.scenario import PERIODS, HourlyCsv, Scenario

HOURS_PER_YEAR = 8760

HOURLY_COLUMNS = {
    "load_kw": "kW",
    "pv_kw_per_kw_dc": "kW/kW_DC",
    "wind_kw_per_kw": "kW/kW",
    "price_per_kwh": "currency/kWh",
    "export_price_per_kwh": "currency/kWh",
    "emission_factor_t_per_mwh": "tCO2/MWh",
    "month": "1-12",
}
"""Columns of ``PlanInputs.hourly`` and their units."""

# Units accepted for each hourly CSV, with the factor to the column's own unit.
CSV_UNITS = {
    "load_kw": {"kW": 1.0, "MW": 1000.0},
    "pv_kw_per_kw_dc": {"kW/kW": 1.0},
    "wind_kw_per_kw": {"kW/kW": 1.0},
    "price_cny_per_kwh": {"CNY/kWh": 1.0, "CNY/MWh": 1e-3},
    "emission_factor_t_per_mwh": {"tCO2/MWh": 1.0, "kgCO2/kWh": 1.0},
}

# Plausibility limits that catch a unit mix-up (a value in MW where kW is asked, ...).
MAX_PRICE_PER_KWH = 10.0
MAX_EMISSION_FACTOR_T_PER_MWH = 2.0
MW_SUSPECT_FRACTION = 1e-2  # a kW limit below this fraction of peak load looks like MW


@dataclass(frozen=True)
class TechEconomics:
    """Annualised cost of one unit of a technology's capacity."""

    capex_per_unit: float  # currency per kW (or kWh)
    annualised_capex_per_unit: float  # currency per kW-year: capex x capital recovery factor
    fixed_om_per_unit: float  # currency per kW-year

    @property
    def annual_per_unit(self) -> float:
        """Capital recovery plus fixed O&M [currency per unit and year]."""
        return self.annualised_capex_per_unit + self.fixed_om_per_unit


@dataclass(frozen=True)
class PlanInputs:
    """Everything the LP needs: an hourly frame and annualised cost coefficients.

    ``hourly`` has a tz-aware hourly index and the columns of ``HOURLY_COLUMNS``.
    ``economics`` is keyed by ``pv``, ``wind``, ``battery_power`` (per kW) and
    ``battery_energy`` (per kWh); only technologies in the scenario appear.
    """

    scenario: Scenario
    hourly: pd.DataFrame
    economics: dict[str, TechEconomics]
    timing_s: dict[str, float] = field(default_factory=dict)
    location: dict[str, float] = field(default_factory=dict)  # latitude_deg, longitude_deg

    @property
    def hours(self) -> int:
        return len(self.hourly)

    @property
    def year_weight(self) -> float:
        """Factor from the modelled horizon to a year (1 for a full year)."""
        return HOURS_PER_YEAR / len(self.hourly)


def _read_csv_profile(
    csv: HourlyCsv, key: str, file_of_scenario: str, problems: list[Problem]
) -> np.ndarray | None:
    """One hourly column of a CSV file, in the column's canonical unit; None on a problem."""
    where = f"profiles.{key}"
    units = CSV_UNITS[key]
    unit = csv.unit or next(iter(units))
    if unit not in units:
        problems.append(
            Problem(file_of_scenario, f"{where}.unit", unit, f"one of {', '.join(units)}")
        )
        return None
    path = Path(csv.path)
    if not path.is_file():
        problems.append(
            Problem(file_of_scenario, f"{where}.path", csv.path, "an existing CSV file")
        )
        return None
    try:
        frame = pd.read_csv(path)
    except (ValueError, OSError) as err:
        problems.append(Problem(str(path), "(file)", None, f"a readable CSV file ({err})"))
        return None
    if csv.column not in frame.columns:
        problems.append(
            Problem(
                str(path),
                f"{where}.column",
                csv.column,
                f"one of {', '.join(map(str, frame.columns))}",
            )
        )
        return None
    values = pd.to_numeric(frame[csv.column], errors="coerce").to_numpy(dtype=float)
    if len(values) != HOURS_PER_YEAR:
        problems.append(
            Problem(
                str(path),
                csv.column,
                f"{len(values)} rows",
                f"{HOURS_PER_YEAR} hourly rows (one year)",
            )
        )
        return None
    bad = np.flatnonzero(~np.isfinite(values))
    if len(bad):
        raw = frame[csv.column].iloc[bad[0]]  # the cell as written; '' when empty
        problems.append(
            Problem(
                str(path),
                f"{csv.column} row {bad[0] + 2}",
                "" if pd.isna(raw) else str(raw),
                f"a number in {unit} ({len(bad)} rows empty or not numeric)",
            )
        )
        return None
    negative = np.flatnonzero(values < 0)
    if len(negative):
        problems.append(
            Problem(
                str(path),
                f"{csv.column} row {negative[0] + 2}",
                float(values[negative[0]]),
                f"a value >= 0 {unit} ({len(negative)} negative rows)",
            )
        )
        return None
    return values * units[unit]


def _hourly_index(scenario: Scenario, wx: weather.Weather | None) -> pd.DatetimeIndex:
    """The model year's hourly index (local time, labelled at the start of each hour)."""
    if wx is not None:
        return wx.data.index
    tz = scenario.park.timezone or "Asia/Shanghai"
    return pd.date_range(f"{scenario.park.year}-01-01", periods=HOURS_PER_YEAR, freq="h", tz=tz)


def _check_timezone(scenario: Scenario, wx: weather.Weather, problems: list[Problem]) -> None:
    tzname = scenario.park.timezone
    if tzname is None:
        return
    try:
        offset = pd.Timestamp(f"{scenario.park.year}-01-01", tz=tzname).utcoffset()
    except Exception:  # noqa: BLE001 - any unknown zone name is the user's error
        problems.append(
            Problem(scenario.source, "park.timezone", tzname, "an IANA zone, e.g. Asia/Shanghai")
        )
        return
    hours = offset.total_seconds() / 3600
    if abs(hours - wx.utc_offset_h) > 1e-9:
        problems.append(
            Problem(
                scenario.source,
                "park.timezone",
                tzname,
                f"UTC{hours:+g} h differs from the weather file's UTC{wx.utc_offset_h:+g} h "
                f"({wx.source}); leave park.timezone out or use a matching zone",
            )
        )


def _economics(scenario: Scenario) -> dict[str, TechEconomics]:
    rate = scenario.finance.discount_rate
    tech = scenario.technologies
    items: dict[str, tuple[float, float, float]] = {}
    if tech.pv is not None:
        items["pv"] = (
            tech.pv.capex_cny_per_kw,
            tech.pv.life_years,
            tech.pv.fixed_om_fraction_per_year,
        )
    if tech.wind is not None:
        w = tech.wind
        items["wind"] = (w.capex_cny_per_kw, w.life_years, w.fixed_om_fraction_per_year)
    if tech.battery is not None:
        b = tech.battery
        items["battery_power"] = (
            b.power_capex_cny_per_kw,
            b.life_years,
            b.fixed_om_fraction_per_year,
        )
        items["battery_energy"] = (
            b.energy_capex_cny_per_kwh,
            b.life_years,
            b.fixed_om_fraction_per_year,
        )
    out = {}
    for key, (capex, life, fom) in items.items():
        crf = finance.capital_recovery_factor(rate, life)
        out[key] = TechEconomics(capex, capex * crf, capex * fom)
    return out


def _guard(problems: list[Problem], source: str, where: str, fn, *args, value=None):
    """Run a models/ function; turn its InputDataError into a problem and return None."""
    try:
        return fn(*args)
    except InputDataError as err:
        text = str(err)
        if value is not None:  # keep what follows the model's restatement of the value
            for marker in (f" = {value!r}: ", f": {value!r} "):
                if marker in text:
                    text = text.split(marker, 1)[1]
                    break
        head, sep, rest = text.partition(": ")
        if sep and head.startswith(where):  # the model names the field itself, more precisely
            where, text = head, rest
        problems.append(Problem(source, where, value, text))
        return None


def _plausibility(scenario: Scenario, hourly: pd.DataFrame, problems: list[Problem]) -> None:
    """Catch unit mix-ups: prices in CNY/MWh, factors in kg/MWh, limits in MW."""
    src, prof = scenario.source, scenario.profiles
    price_max = float(hourly["price_per_kwh"].max())
    if price_max > MAX_PRICE_PER_KWH:  # TOU prices are checked one by one in prepare()
        file = prof.price_cny_per_kwh.path if prof.price_cny_per_kwh else src
        problems.append(
            Problem(
                file,
                "profiles.price_cny_per_kwh",
                price_max,
                f"at most {MAX_PRICE_PER_KWH} CNY/kWh (is it CNY/MWh? then set its unit: CNY/MWh)",
            )
        )
    ef_max = float(hourly["emission_factor_t_per_mwh"].max())
    if ef_max > MAX_EMISSION_FACTOR_T_PER_MWH:
        ef_csv = prof.emission_factor_t_per_mwh
        problems.append(
            Problem(
                ef_csv.path if ef_csv else src,
                "profiles.emission_factor_t_per_mwh"
                if ef_csv
                else "grid.emission_factor_t_per_mwh",
                ef_max,
                f"at most {MAX_EMISSION_FACTOR_T_PER_MWH} tCO2/MWh (is it kgCO2/MWh?)",
            )
        )
    peak = float(hourly["load_kw"].max())
    if peak <= 0:
        problems.append(Problem(src, "load", peak, "a load above 0 kW in some hour"))
        return
    limits = {"grid.import_limit_kw": scenario.grid.import_limit_kw}
    for name in ("pv", "wind"):
        spec = getattr(scenario.technologies, name)
        if spec is not None:
            limits[f"technologies.{name}.max_kw"] = spec.max_kw
    for where, value in limits.items():
        if value is not None and 0 < value < MW_SUSPECT_FRACTION * peak:
            problems.append(
                Problem(
                    src,
                    where,
                    value,
                    f"a value in kW; it is tiny against the {peak:,.0f} kW peak load (MW given?)",
                )
            )
    if (
        scenario.profiles.load_kw is not None
        and scenario.profiles.load_kw.unit in (None, "kW")
        and peak < 50
    ):
        problems.append(
            Problem(
                scenario.profiles.load_kw.path,
                scenario.profiles.load_kw.column,
                peak,
                "a load in kW, but it peaks below 50: set profiles.load_kw.unit: MW if it is in MW",
            )
        )


def prepare(scenario: Scenario) -> PlanInputs:
    """Build the hourly frame and cost coefficients for ``scenario``; ScenarioError on bad data."""
    t0 = time.perf_counter()
    problems: list[Problem] = []
    src = scenario.source
    tech, prof = scenario.technologies, scenario.profiles

    csv = {
        key: _read_csv_profile(spec, key, src, problems)
        for key in CSV_UNITS
        if (spec := getattr(prof, key)) is not None
    }
    wx = None
    if scenario.weather is not None:
        wx = _guard(
            problems,
            src,
            "weather.path",
            weather.read_weather,
            scenario.weather.path,
            scenario.park.year,
            value=scenario.weather.path,
        )
        if wx is not None:
            _check_timezone(scenario, wx, problems)
            park = scenario.park
            wx = weather.Weather(
                data=wx.data,
                latitude_deg=park.latitude_deg
                if park.latitude_deg is not None
                else wx.latitude_deg,
                longitude_deg=park.longitude_deg
                if park.longitude_deg is not None
                else wx.longitude_deg,
                altitude_m=park.altitude_m if park.altitude_m is not None else wx.altitude_m,
                utc_offset_h=wx.utc_offset_h,
                source=wx.source,
            )
    index = _hourly_index(scenario, wx)
    n = len(index)

    def series(key: str, compute):
        if key in csv:
            return csv[key]
        value = compute()
        return None if value is None else np.asarray(value, dtype=float)

    cols: dict[str, np.ndarray | None] = {}
    cols["load_kw"] = series(
        "load_kw",
        lambda: load.industrial_load_kw(
            index, load.IndustrialProfile(**scenario.load.industrial.model_dump())
        ),
    )
    cols["pv_kw_per_kw_dc"] = np.zeros(n)
    if tech.pv is not None:
        spec = pv.PVSpec(
            tilt_deg=tech.pv.tilt_deg,
            azimuth_deg=tech.pv.azimuth_deg,
            dc_ac_ratio=tech.pv.dc_ac_ratio,
            losses_pct=tech.pv.losses_pct,
            temperature_model=tech.pv.temperature_model,
        )
        cols["pv_kw_per_kw_dc"] = series(
            "pv_kw_per_kw_dc",
            lambda: (
                wx and _guard(problems, src, "technologies.pv", pv.pv_ac_kw_per_kw_dc, wx, spec)
            ),
        )
    cols["wind_kw_per_kw"] = np.zeros(n)
    if tech.wind is not None:
        w = tech.wind
        wspec = wind.WindSpec(
            turbine_type=w.turbine_type,
            hub_height_m=w.hub_height_m,
            roughness_length_m=w.roughness_length_m,
        )
        cols["wind_kw_per_kw"] = series(
            "wind_kw_per_kw",
            lambda: (
                wx
                and _guard(
                    problems,
                    src,
                    "technologies.wind.turbine_type",
                    wind.wind_kw_per_kw,
                    wx,
                    wspec,
                    value=w.turbine_type,
                )
            ),
        )

    def tou():
        table = _guard(problems, src, "tariff.seasons", grid.tou_period_table, _seasons(scenario))
        if table is None:
            return None
        monthly = [dict(scenario.tariff.prices_cny_per_kwh) for _ in range(12)]
        for season in scenario.tariff.seasons:
            for month in season.months:
                if 1 <= month <= 12:
                    monthly[month - 1].update(season.prices_cny_per_kwh)
        return _guard(
            problems, src, "tariff.prices_cny_per_kwh", grid.tou_price, index, table, monthly
        )

    cols["price_per_kwh"] = series("price_cny_per_kwh", tou)
    cols["export_price_per_kwh"] = np.full(n, scenario.tariff.export_price_cny_per_kwh)
    cols["emission_factor_t_per_mwh"] = series(
        "emission_factor_t_per_mwh", lambda: np.full(n, scenario.grid.emission_factor_t_per_mwh)
    )
    priced = [("tariff.prices_cny_per_kwh", scenario.tariff.prices_cny_per_kwh)] + [
        (f"tariff.seasons.{i}.prices_cny_per_kwh", s.prices_cny_per_kwh)
        for i, s in enumerate(scenario.tariff.seasons)
    ]
    for where, prices in priced:
        for key, value in prices.items():
            if value < 0:
                problems.append(Problem(src, f"{where}.{key}", value, "a price >= 0 CNY/kWh"))
            elif value > MAX_PRICE_PER_KWH:
                problems.append(
                    Problem(
                        src,
                        f"{where}.{key}",
                        value,
                        f"a price of at most {MAX_PRICE_PER_KWH} CNY/kWh (is it in CNY/MWh?)",
                    )
                )
    if problems or any(v is None for v in cols.values()):
        raise ScenarioError(problems)

    cols["month"] = grid.month_number(index)
    hourly = pd.DataFrame(cols, index=index)
    start, stop = scenario.horizon_start_hour, scenario.horizon_start_hour + scenario.horizon_hours
    hourly = hourly.iloc[start:stop].copy()
    hourly["month"] = hourly["month"].astype(int)
    _plausibility(scenario, hourly, problems)
    if problems:
        raise ScenarioError(problems)
    location = {}
    if wx is not None:
        location = {"latitude_deg": wx.latitude_deg, "longitude_deg": wx.longitude_deg}
    timing = {"inputs": time.perf_counter() - t0}
    return PlanInputs(scenario, hourly, _economics(scenario), timing, location)


def _seasons(scenario: Scenario):
    for s in scenario.tariff.seasons:
        yield s.months, {name: getattr(s, name) for name in PERIODS if getattr(s, name)}
