"""The unit of every figure the report writes: summary.json's (flattened) names, the columns
of timeseries.parquet, monthly.csv and the cash flow, and a study table's columns."""

from __future__ import annotations

from parkopt.optimizer.outputs.console import row_unit
from parkopt.optimizer.schema.carriers import NODE_CARRIERS
from parkopt.optimizer.schema.technologies import ALL_CONVERTERS, NODE_STORES

EXACT = {
    "objective": "{cur}/year",
    "horizon_hours": "h",
    "battery_cycles": "cycles/year",
    "economics.annual_savings": "{cur}/year",
    "economics.npv": "{cur}",
    "economics.irr": "1/year",
    "economics.contracted.npv": "{cur}",
    "economics.contracted.irr": "1/year",
    "economics.contracted.annual_savings": "{cur}/year",
    "economics.contracted.npv_gain_over_owning": "{cur}",
    **{
        f"ownership.{side}.{name}": unit
        for side in ("self", "contract")
        for name, unit in (
            ("total_annual", "{cur}/year"),
            ("investment_total", "{cur}"),
            ("npv", "{cur}"),
            ("irr", "1/year"),
            ("contract_payments", "{cur}/year"),
        )
    },
    "economics.discount_rate": "1/year",
    "economics.energy_price_escalation_per_year": "1/year",
    "economics.pv_degradation_per_year": "1/year",
    "wind_turbines.count": "turbines",
    "wind_turbines.turbines": "turbines",
    "wind_turbines.chosen.turbines": "turbines",
    "wind_turbines.chosen.kw": "kW",
    "wind_turbines.continuous_cost": "{cur}/year",
    "wind_turbines.chosen.annual_cost": "{cur}/year",
    "wind_turbines.chosen.extra_cost": "{cur}/year",
    "compliance.green_purchase.mwh": "MWh/year",
    "compliance.green_purchase.cost_cny_per_year": "{cur}/year",
    "compliance.green_purchase.share_of_grid_import": "fraction",
    "compliance.green_purchase.tco2_per_tce_without": "tCO2/tce",
    "typical_days.n_days": "days",
    "typical_days.calendar_days": "days",
    "typical_days.example_errors.n_days": "days",
    "typical_days.example_errors.objective_rel_error": "fraction",
    "typical_days.example_errors.capacity_rel_error_max": "fraction",
}
"""Units of names no suffix rule gets right ({cur}: the run's currency)."""

SUFFIXES = (
    ("tco2_per_tce", "tCO2/tce"),
    ("_t_per_mwh", "tCO2/MWh"),
    ("_t_per_gj", "tCO2/GJ"),
    ("_kgce_per_kwh", "kgce/kWh"),
    ("_kgce_per_m3", "kgce/m3"),
    ("_tce_per_gj", "tce/GJ"),
    ("_kg_per_m3", "kg/m3"),
    ("_per_t", "{cur}/tCO2"),
    ("_per_tce", "{cur}/tce"),
    ("_tce", "tce/year"),
    ("full_load_hours", "h/year"),
    ("_m_per_s", "m/s"),
    ("_deg", "deg"),
    ("_m", "m"),
    ("_fraction", "fraction"),
    ("_share", "fraction"),
    ("_to_reference", "-"),
    ("_years", "years"),
    ("_h", "h"),
    ("_s", "s"),
)
"""Units by the end of a name, checked in order before ``console.row_unit``."""

PREFIXES = (
    ("economics.investment.", "{cur}"),
    ("economics.contracted.investment.", "{cur}"),
    ("economics.contracted.price_cny_per_kwh.", "{cur}/kWh"),
    ("economics.price_cny_per_kwh.", "{cur}/kWh"),
    ("ownership.contract.price_cny_per_kwh.", "{cur}/kWh"),
    ("green.hours_", "h"),
    ("timing_s.", "s"),
    ("monthly_peak_import_kw.", "kW"),
    *(  # each carrier with its own node (cooling): its block, demand, stores and converters
        (prefix, f"{c.energy_units[1]}/year")
        for c in NODE_CARRIERS
        for prefix in (
            f"carriers.{c.name}.",
            f"energy_mwh.{c.name}_",
            *(f"energy_mwh.{s.name}_" for s in NODE_STORES if s.gives[0] == c.name),
            *(f"energy_mwh.{t.name}_{c.name}" for t in ALL_CONVERTERS if c.name in t.gives),
        )
    ),
    ("carriers.", "MWh/year"),
    ("typical_days.profile_rmse_rel.", "fraction"),
    ("typical_days.days_per_typical_day", "days"),
)
PARTS = (
    ("energy_by_carrier_tce.", "tce/year"),
    ("emissions_by_part_t.", "tCO2/year"),
)


def summary_unit(key: str, currency: str) -> str:
    """Unit of a flattened summary.json name (``cost.total_annual`` -> ``CNY/year``);
    ``-`` for text and pure numbers."""
    if key in EXACT:
        return EXACT[key].format(cur=currency)
    if key.startswith("carriers.") and key.endswith(("_c", "_m3")):  # temperature_c, total_m3
        return "degC" if key.endswith("_c") else "m3/year"
    for prefix, unit in PREFIXES:
        if key.startswith(prefix):
            return unit.format(cur=currency)
    for part, unit in PARTS:
        if part in key:
            return unit.format(cur=currency)
    leaf = key.rsplit(".", 1)[-1]
    if key.startswith("economics.purchases.") and leaf == "residual_share":
        return "fraction"
    for suffix, unit in SUFFIXES:
        if leaf.endswith(suffix):
            return unit.format(cur=currency)
    unit = row_unit(key, currency)
    return "fraction" if unit == "%" else unit


HEAT_WORDS = ("heat_", "thermal_storage_")
NODE_WORDS = {
    c: (f"{c.name}_", *(f"{s.name}_" for s in NODE_STORES if s.gives[0] == c.name))
    for c in NODE_CARRIERS
}
"""The column prefixes of each carrier with its own node: its demand's, its stores'."""


def column_unit(column: str, currency: str) -> str:
    """Unit of a timeseries.parquet column: kW, kW_th (heat), kW_c (cooling), kW (LHV)
    (gas), kWh, kWh_th, kWh_c, currency/kWh or tCO2/MWh."""
    if column == "price_per_kwh":
        return f"{currency}/kWh"
    if column.endswith("_t_per_mwh"):
        return "tCO2/MWh"
    for c, words in NODE_WORDS.items():
        if column.startswith(words) or column.endswith(f"_{c.name}_kw"):
            return c.energy_units[0] if column.endswith("_kwh") else c.unit
    heat = column.startswith(HEAT_WORDS) or column.endswith("_heat_kw")
    if column.endswith("_kwh"):
        return "kWh_th" if heat else "kWh"
    if column.endswith("gas_kw"):
        return "kW (LHV)"
    if column.endswith("_electricity_kw") or column == "power_to_heat_kw":
        return "kW"
    if column.endswith("_kw"):
        return "kW_th" if heat else "kW"
    return "-"


MONTHLY = {
    "month": "",
    "energy_cost": "{cur}",
    "demand_charge": "{cur}",
    "emissions_t": "tCO2",
    "peak_import_kw": "kW",
}


def monthly_unit(column: str, currency: str) -> str:
    """Unit of a monthly.csv column (sums over the month, shares as fractions)."""
    if column in MONTHLY:
        return MONTHLY[column].format(cur=currency)
    if column.endswith("_mwh"):
        return "MWh"
    if column.endswith("_share"):
        return "fraction"
    if column.endswith("_t"):
        return "tCO2"
    return "-"


def cash_flow_unit(column: str, currency: str) -> str:
    """Unit of a cash-flow column (``investment_cny`` -> ``CNY``; ``year``: none)."""
    if column == "year":
        return ""
    if column.endswith("_cny"):
        return currency
    if column.endswith("_per_kwh"):
        return f"{currency}/kWh"
    return "-"


def header(name: str, unit: str) -> str:
    """A column header with its unit: ``load_kw [kW]`` (no brackets when there is none)."""
    return f"{name} [{unit}]" if unit else name


def name_of(head: str) -> str:
    """The name in a header written by ``header``."""
    return head.split(" [", 1)[0]
