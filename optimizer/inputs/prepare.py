"""``prepare(scenario)``: assemble PlanInputs from the files and models a scenario names.

The steps, each a small function: read the hourly CSV profiles; read the weather file (and
check its time zone); make each column (load, every generator's output per kW, the
time-of-use price, the export price, the emission factor), a CSV profile replacing its
model; check prices; cut the horizon; check plausibility. All problems are collected and
reported at once as a ScenarioError. The LP never sees weather; models/ never sees Pyomo.
"""

from __future__ import annotations

import time

import numpy as np
import pandas as pd

from parkopt.models import grid, load, weather
from parkopt.models.errors import InputDataError
from parkopt.models.units import HOURS_PER_YEAR
from parkopt.optimizer.common.errors import Problem, ScenarioError
from parkopt.optimizer.common.park_profiles import read_profile
from parkopt.optimizer.inputs.cchp_inputs import cchp_columns
from parkopt.optimizer.inputs.checks import check_plausibility
from parkopt.optimizer.inputs.heat_inputs import heat_columns
from parkopt.optimizer.inputs.plan_inputs import PlanInputs, make_plan_inputs
from parkopt.optimizer.inputs.profiles import CSV_UNITS, read_csv_profile
from parkopt.optimizer.inputs.resource import resource_block
from parkopt.optimizer.schema.instances import Instance, instances_of
from parkopt.optimizer.schema.scenario import PERIODS, Scenario
from parkopt.optimizer.schema.scenario_checks import check_prices
from parkopt.optimizer.schema.technologies import GENERATORS


class _Collector:
    """Runs models/ functions for one scenario, turning their errors into problems."""

    def __init__(self, scenario: Scenario):
        self.scenario = scenario
        self.problems: list[Problem] = []
        self.info: dict = {}  # what the weather models found (resource check)

    def _own_field(self, where: str, text: str) -> Problem | None:
        """A problem at the field a model names (``wind.calibration.full_load_hours = 8000.0:
        expected ...``) when it is another field of ``where``'s section."""
        head, sep, rest = text.partition(": ")
        field, eq, shown = head.partition(" = ")
        parts = where.split(".")
        if not (sep and parts[0] == "technologies" and len(parts) > 1):
            return None
        full = f"technologies.{field}"
        if not field.startswith(parts[1] + ".") or full == where or " " in field:
            return None
        try:
            value = float(shown) if eq else None
        except ValueError:
            value = shown
        return Problem(self.scenario.source, full, value, rest.removeprefix("expected "))

    def guard(self, where: str, fn, *args, value=None):
        """``fn(*args)``; on InputDataError record a problem at ``where`` and return None."""
        try:
            return fn(*args)
        except InputDataError as err:
            text = str(err)
            own = self._own_field(where, text)
            if own is not None:  # the model names another field of the same section
                self.problems.append(own)
                return None
            if value is not None:  # keep what follows the model's restatement of the value
                for marker in (f" = {value!r}: ", f": {value!r} "):
                    if marker in text:
                        text = text.split(marker, 1)[1]
                        break
            head, sep, rest = text.partition(": ")
            if sep and head.startswith(where):  # the model names the field more precisely
                where, text = head, rest
            self.problems.append(Problem(self.scenario.source, where, value, text))
            return None


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


def read_weather(c: _Collector) -> weather.Weather | None:
    """The scenario's weather file, with the park's coordinates where it gives them."""
    s = c.scenario
    if s.weather is None:
        return None
    wx = c.guard(
        "weather.path", weather.read_weather, s.weather.path, s.park.year, value=s.weather.path
    )
    if wx is None:
        return None
    _check_timezone(s, wx, c.problems)
    park = s.park

    def pick(given, default):
        return given if given is not None else default

    return weather.Weather(
        data=wx.data,
        latitude_deg=pick(park.latitude_deg, wx.latitude_deg),
        longitude_deg=pick(park.longitude_deg, wx.longitude_deg),
        altitude_m=pick(park.altitude_m, wx.altitude_m),
        utc_offset_h=wx.utc_offset_h,
        source=wx.source,
    )


def hourly_index(scenario: Scenario, wx: weather.Weather | None) -> pd.DatetimeIndex:
    """The model year's hourly index (local time, labelled at the start of each hour)."""
    if wx is not None:
        return wx.data.index
    tz = scenario.park.timezone or "Asia/Shanghai"
    return pd.date_range(f"{scenario.park.year}-01-01", periods=HOURS_PER_YEAR, freq="h", tz=tz)


def _output(c: _Collector, inst: Instance, wx: weather.Weather):
    """A generator instance's output per unit of capacity from its weather model [kW/kW];
    what the model found goes to ``c.info`` (the resource check; a named instance's under
    ``instances``, keyed by its stem)."""
    spec = inst.spec
    known = len(c.problems)
    data = c.guard(spec.data_field(inst.field), spec.read_data, wx)
    if len(c.problems) > known:
        return None  # its data file could not be read (the problem is recorded)
    where, value = spec.model_field(inst.field)
    out = c.guard(where, spec.output_kw_per_kw, wx, data, value=value)
    if out is None:
        return None
    series, info = out
    if inst.named:
        c.info.setdefault("instances", {})[inst.stem] = info
    else:
        c.info.update(info)
    return series


def _seasons(scenario: Scenario):
    for s in scenario.tariff.seasons:
        yield s.months, {name: getattr(s, name) for name in PERIODS if getattr(s, name)}


def _tou_price(c: _Collector, index: pd.DatetimeIndex):
    """Hourly import price from the time-of-use table, prices changing by season."""
    s = c.scenario
    table = c.guard("tariff.seasons", grid.tou_period_table, _seasons(s))
    if table is None:
        return None
    monthly = [dict(s.tariff.prices_cny_per_kwh) for _ in range(12)]
    for season in s.tariff.seasons:
        for month in season.months:
            if 1 <= month <= 12:
                monthly[month - 1].update(season.prices_cny_per_kwh)
    return c.guard("tariff.prices_cny_per_kwh", grid.tou_price, index, table, monthly)


def _load_kw(c: _Collector, index: pd.DatetimeIndex):
    """The electrical load [kW]: the built-in industrial profile or an inventory's metered
    year (its hour of year as it is: the inventory's calendar year sets its weekdays)."""
    spec = c.scenario.load
    if spec.from_inventory is not None:
        where = "load.from_inventory"
        return read_profile(
            spec.from_inventory, "electricity_kw", where, c.scenario.source, c.problems
        )
    return load.industrial_load_kw(index, load.IndustrialProfile(**spec.industrial.model_dump()))


def _columns(c: _Collector, csv: dict, wx, index, read_own) -> dict[str, np.ndarray | None]:
    """Every hourly column over the year, a CSV profile replacing its model: a generator
    instance's own (``read_own(spec, key, where)``), else the scenario's ``profiles``."""
    s, n = c.scenario, len(index)

    def series(key: str, compute):
        if key in csv:
            return csv[key]
        value = compute()
        return None if value is None else np.asarray(value, dtype=float)

    cols = {"load_kw": series("load_kw", lambda: _load_kw(c, index))}
    for g in GENERATORS:
        cols[g.resource_column] = np.zeros(n)  # a list's instances have columns of their own
        for inst in instances_of(s, g):
            own = inst.spec.profile
            cols[inst.resource_column] = (
                series(g.resource_column, lambda inst=inst: wx and _output(c, inst, wx))
                if own is None
                else read_own(own, g.resource_column, f"{inst.field}.profile")
            )
    cols["price_per_kwh"] = series("price_cny_per_kwh", lambda: _tou_price(c, index))
    cols["export_price_per_kwh"] = np.full(n, s.tariff.export_price_cny_per_kwh)
    cols["emission_factor_t_per_mwh"] = series(
        "emission_factor_t_per_mwh", lambda: np.full(n, s.grid.emission_factor_t_per_mwh)
    )
    return cols


def prepare(scenario: Scenario) -> PlanInputs:
    """Build the hourly frame and cost coefficients for ``scenario``; ScenarioError on bad data."""
    t0 = time.perf_counter()
    c = _Collector(scenario)
    prof = scenario.profiles
    horizon = (scenario.horizon_start_hour, scenario.horizon_hours)
    csv = {
        key: read_csv_profile(spec, key, scenario.source, c.problems, horizon=horizon)
        for key in CSV_UNITS
        if (spec := getattr(prof, key)) is not None
    }
    wx = read_weather(c)
    index = hourly_index(scenario, wx)

    def read_own(spec, key, where):
        return read_csv_profile(spec, key, scenario.source, c.problems, where, horizon=horizon)

    def read_heat_csv(spec, where, units):
        return read_csv_profile(spec, "", scenario.source, c.problems, where, units, horizon)

    cols = _columns(c, csv, wx, index, read_own)

    cols.update(heat_columns(scenario, wx, index, c.problems, read_heat_csv))
    cols.update(cchp_columns(scenario, wx, index, c.problems, read_heat_csv))
    check_prices(scenario.tariff, scenario.source, c.problems)
    if c.problems or any(v is None for v in cols.values()):
        raise ScenarioError(c.problems)
    resource, warnings = resource_block(scenario, cols, c.info)
    cols["month"] = grid.month_number(index)
    start = scenario.horizon_start_hour
    hourly = pd.DataFrame(cols, index=index).iloc[start : start + scenario.horizon_hours].copy()
    hourly["month"] = hourly["month"].astype(int)
    check_plausibility(scenario, hourly, c.problems, warnings)
    if c.problems:
        raise ScenarioError(c.problems)
    location = {}
    if wx is not None:
        location = {"latitude_deg": wx.latitude_deg, "longitude_deg": wx.longitude_deg}
    timing = {"inputs": time.perf_counter() - t0}
    return make_plan_inputs(scenario, hourly, location, timing, resource, warnings)
