"""From meters to a baseline: the park's carbon inventory and load profiles from its firms'
electricity, gas and heat meters (``parkopt inventory``).

The stages and the tables between them (every quantity with its unit):

1. ``read.read_meters(paths, timezone) -> Readings``: long or wide CSV/Parquet files, English
   or Chinese headers, one reading a row, into one canonical table ``Readings.frame``
   (pandas): ``firm`` (category), ``meter`` (category), ``carrier`` (category:
   ``electricity``, ``natural_gas``, ``heat``), ``ts`` (datetime64[ns, UTC]: the END of the
   interval, or the time of a register reading), ``value`` (float64, in the carrier's
   canonical unit: kWh for electricity and heat, m3 for gas; registers are cumulative in the
   same unit), ``kind`` (category: ``interval`` or ``register``), ``file`` (category), ``row``
   (int64: the row in its file, 2 = first data row of a CSV). ``Readings.quality`` holds
   what reading found (see 3), ``Readings.problems`` the files that cannot be read at all
   (``errors.Problem``: one line each, exit 2).
2. ``clean.meter_hours(readings, year, timezone) -> MeterHours``: every meter's hourly
   consumption over the park's local calendar year: ``MeterHours.values`` a DataFrame,
   index = the year's local hours (hour-start labels, tz-aware), columns = a MultiIndex
   (firm, meter, carrier), values in the canonical unit per hour (kWh = kW averaged over the
   hour), NaN where a gap was too long to fill; ``MeterHours.quality`` the fills and flags.
3. Quality rows (``quality.csv``), one per finding: ``file, row, firm, meter, carrier,
   timestamp, issue, detail, hours, rule, action``; ``issue`` one of ``duplicate``,
   ``conflicting_duplicate``, ``out_of_order``, ``negative_interval``, ``counter_reset``,
   ``meter_replacement``, ``outlier``, ``unit_mismatch``, ``gap_filled``, ``gap_too_long``,
   ``step_changed``.
4. ``accounts``: monthly.csv, firms.csv, the park's indicator (``accounting``, the plan's own
   factors) and park_profiles.parquet (hourly electricity load [kW] and heat demand [kW_th]
   on the plan's calendar).
"""
