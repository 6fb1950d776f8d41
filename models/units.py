"""Unit factors and calendar constants, defined once for models/ and optimizer/.

The hourly frames carry power in kW (an hour's energy in kWh is the same number); annual
energy is reported in MWh, the LP works in MW and thousands of currency units.
"""

from __future__ import annotations

KW_PER_MW = 1000.0
"""kW in one MW (also kWh per MWh, and currency units per thousand)."""
KWH_PER_MWH = KW_PER_MW
"""kWh in one MWh."""
MILLION = 1e6
"""Currency units per million (figures a board reads: M CNY)."""
HOURS_PER_YEAR = 8760
"""Hours of a modelled year (a leap year's 29 February is dropped)."""
MONTHS_PER_YEAR = 12


def kw_to_mw(value_kw):
    """Power or energy from kW (kWh) to MW (MWh); None stays None (an unlimited bound)."""
    return None if value_kw is None else value_kw / KW_PER_MW
