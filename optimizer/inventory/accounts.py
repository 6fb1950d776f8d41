"""The inventory's tables from metered hours: monthly.csv, firms.csv, the park's indicator and
park_profiles.parquet, with the plan's own accounting (``optimizer.accounting``).

Factors: electricity at the region's grid factor for the year (``models.china``), natural
gas and purchased heat at the national accounting guidelines' defaults (``heat.gas``,
0.11 tCO2/GJ for heat), standard coal by GB/T 2589 with electricity at 等价值 (the
``indicator`` section's defaults): the same settings a plan uses, written to summary.json.
Emissions in monthly.csv and firms.csv are the footprint (location-based, Scope 1 + 2); the
park's indicator (tCO2/tce) follows the zero-carbon park notice like a plan's.

A month is complete for a firm and carrier when every hour of every meter has a value
(read or filled within the gap rules); an incomplete month's consumption is the sum of what
was metered. The hourly profiles, which a plan needs whole, fill each meter's remaining
gaps with its mean at the same hour of the same weekday class (weekday, Saturday, Sunday)
in the same month (else the year); the hours so filled are counted in summary.json.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import SimpleNamespace

import numpy as np
import pandas as pd

from parkopt.models.china import GridFactor
from parkopt.models.units import HOURS_PER_YEAR, KWH_PER_MWH
from parkopt.optimizer.common import accounting
from parkopt.optimizer.schema.heat_section import Gas, Indicator, PurchasedHeat

PARK = "PARK"
"""The firm name of the park's own rows in monthly.csv."""
CARRIERS = ("electricity", "natural_gas", "heat")
UNITS = {"electricity": "MWh", "natural_gas": "m3", "heat": "MWh"}
"""Unit of ``consumption`` in monthly.csv by carrier."""
DEFAULT_BOILER_EFFICIENCY = 0.9
"""Heat made per gas burnt (LHV) when gas meters become heat demand [-]."""


@dataclass(frozen=True)
class Factors:
    """Every factor the inventory uses, with units: the plan's accounting settings."""

    grid: GridFactor
    gas: Gas = Gas()
    heat_t_per_gj: float = 0.11
    indicator: Indicator = Indicator()
    boiler_efficiency: float = DEFAULT_BOILER_EFFICIENCY

    def basis(self):
        """The scenario-like object ``accounting`` reads (heat.gas, heat.purchased,
        indicator): purchased heat fossil at ``heat_t_per_gj``."""
        purchased = PurchasedHeat(
            price_cny_per_gj=0.0, temperature_c=200.0, emission_factor_t_per_gj=self.heat_t_per_gj
        )
        return SimpleNamespace(
            heat=SimpleNamespace(gas=self.gas, purchased=purchased), indicator=self.indicator
        )

    def document(self) -> dict:
        return {
            "grid_region": self.grid.region,
            "grid_factor_t_per_mwh": self.grid.t_per_mwh,
            "grid_factor_year": self.grid.factor_year,
            "grid_factor_note": self.grid.note,
            "grid_factor_source": self.grid.source,
            "gas_emission_factor_kg_per_m3": self.gas.emission_factor_kg_per_m3,
            "gas_lhv_mj_per_m3": self.gas.lhv_mj_per_m3,
            "gas_kgce_per_m3": self.gas.kgce_per_m3,
            "gas_source": "GB/T 2589 (LHV, kgce); 15.3 tC/TJ, 99 % oxidised (national guidelines)",
            "heat_emission_factor_t_per_gj": self.heat_t_per_gj,
            "heat_kgce_per_gj": accounting.TCE_PER_GJ * 1000.0,
            "electricity_kgce_per_kwh": self.indicator.electricity_kgce_per_kwh,
            "indicator_electricity_factor_t_per_mwh": self.indicator.electricity_factor_t_per_mwh,
            "boiler_efficiency_for_heat_demand": self.boiler_efficiency,
        }


def _annual(elec_mwh: float, gas_m3: float, heat_mwh: float, f: Factors) -> accounting.Annual:
    """An Annual of metered quantities: all electricity bought from the grid."""
    return accounting.Annual(
        grid_import_mwh=elec_mwh,
        grid_export_mwh=0.0,
        local_mwh=0.0,
        green_purchase_mwh=0.0,
        grid_emissions_t=elec_mwh * f.grid.t_per_mwh,
        gas_mwh=gas_m3 * f.gas.kwh_per_m3 / KWH_PER_MWH,
        heat_purchased_mwh=heat_mwh,
    )


def tce_and_t(carrier: str, consumption: np.ndarray, f: Factors) -> tuple[np.ndarray, np.ndarray]:
    """Energy [tce] and footprint emissions [tCO2] of a carrier's consumption (MWh, or m3 of
    gas), through ``accounting`` (one carrier at a time)."""
    basis = f.basis()
    zero = np.zeros_like(consumption, dtype=float)
    if carrier == "electricity":
        a = _annual(consumption, zero, zero, f)
    elif carrier == "natural_gas":
        a = _annual(zero, consumption, zero, f)
    else:
        a = _annual(zero, zero, consumption, f)
    energy = accounting.energy_tce(a, basis)
    emissions = accounting.footprint_t(a, basis, 0.0, market_based=False)
    return np.asarray(energy, dtype=float), np.asarray(emissions, dtype=float)


def _canonical_to_unit(carrier: str) -> float:
    """Factor from the hourly canonical unit (kWh, m3) to monthly.csv's (MWh, m3)."""
    return 1.0 if carrier == "natural_gas" else 1.0 / KWH_PER_MWH


def monthly_table(values: pd.DataFrame, f: Factors) -> pd.DataFrame:
    """monthly.csv: one row per firm, month and carrier, then the PARK rows."""
    return with_park_rows(firm_rows(values), f)


def firm_rows(values: pd.DataFrame) -> pd.DataFrame:
    """One row per firm, month and carrier: consumption [MWh, m3] and completeness."""
    month = values.index.strftime("%Y-%m")
    firms = values.T.groupby(level=["firm", "carrier"], observed=True)
    sums = firms.sum(min_count=0).T.groupby(month).sum()
    complete = _complete(values, month)
    rows = []
    for (firm, carrier), col in sums.items():
        rows.append(
            pd.DataFrame(
                {
                    "firm": firm,
                    "month": col.index,
                    "carrier": carrier,
                    "consumption": col.to_numpy() * _canonical_to_unit(carrier),
                    "unit": UNITS[carrier],
                    "complete": complete[(firm, carrier)].to_numpy(),
                }
            )
        )
    return pd.concat(rows, ignore_index=True)


def with_park_rows(table: pd.DataFrame, f: Factors) -> pd.DataFrame:
    """The firm rows (of one or many groups of firms) with the PARK rows, energy [tce] and
    emissions [tCO2] added, sorted."""
    park = (
        table.groupby(["month", "carrier"], as_index=False)
        .agg(consumption=("consumption", "sum"), complete=("complete", "all"))
        .assign(firm=PARK)
    )
    park["unit"] = park["carrier"].map(UNITS)
    table = pd.concat([table, park], ignore_index=True)
    table["energy_tce"], table["emissions_t"] = 0.0, 0.0
    for carrier in CARRIERS:
        sel = table["carrier"] == carrier
        energy, emissions = tce_and_t(carrier, table.loc[sel, "consumption"].to_numpy(), f)
        table.loc[sel, "energy_tce"], table.loc[sel, "emissions_t"] = energy, emissions
    cols = ["firm", "month", "carrier", "consumption", "unit", "energy_tce", "emissions_t"]
    return table[[*cols, "complete"]].sort_values(["firm", "month", "carrier"], ignore_index=True)


def _complete(values: pd.DataFrame, month) -> pd.DataFrame:
    """Per month, firm and carrier: every hour of every meter has a value."""
    whole = values.notna().groupby(month).all()
    return whole.T.groupby(level=["firm", "carrier"], observed=True).all().T


def firms_table(monthly: pd.DataFrame) -> pd.DataFrame:
    """firms.csv: each firm's annual consumption by carrier, tce, tCO2, share of the park's
    tCO2 and rank (1 = the largest emitter)."""
    firms = monthly[monthly["firm"] != PARK]
    wide = firms.pivot_table(
        index="firm", columns="carrier", values="consumption", aggfunc="sum", fill_value=0.0
    )
    out = pd.DataFrame(index=wide.index)
    out["electricity_mwh"] = wide.get("electricity", 0.0)
    out["natural_gas_m3"] = wide.get("natural_gas", 0.0)
    out["heat_mwh"] = wide.get("heat", 0.0)
    totals = firms.groupby("firm")[["energy_tce", "emissions_t"]].sum()
    out = out.join(totals)
    out["complete"] = firms.groupby("firm")["complete"].all()
    out["share_of_park"] = out["emissions_t"] / out["emissions_t"].sum()
    out = out.sort_values("emissions_t", ascending=False)
    out["rank"] = np.arange(1, len(out) + 1)
    return out.reset_index()


def park_indicator(monthly: pd.DataFrame, f: Factors) -> dict:
    """The park's year as a plan reports it: the notice's indicator block (tCO2/tce, clean
    shares, Scope 1 and 2) for metered consumption, all electricity from the grid."""
    park = monthly[monthly["firm"] == PARK].groupby("carrier")["consumption"].sum()
    a = _annual(
        float(park.get("electricity", 0.0)),
        float(park.get("natural_gas", 0.0)),
        float(park.get("heat", 0.0)),
        f,
    )
    return accounting.indicator_block(a, f.basis(), 0.0)


def _fill_for_profiles(values: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """Each meter's remaining gaps filled with its mean at the same hour and weekday class
    in the same month, else over the year, else 0; and the number of meter-hours filled."""
    idx = values.index
    dow = idx.day_of_week.to_numpy()
    cls = np.where(dow < 5, 0, dow - 4)  # 0 weekday, 1 Saturday, 2 Sunday
    keys_month = [idx.month.to_numpy(), idx.hour.to_numpy(), cls]
    keys_year = [idx.hour.to_numpy(), cls]
    missing = int(values.isna().to_numpy().sum())
    if missing == 0:
        return values, 0
    filled = values.fillna(values.groupby(keys_month).transform("mean"))
    filled = filled.fillna(values.groupby(keys_year).transform("mean")).fillna(0.0)
    return filled, missing


def park_profiles(values: pd.DataFrame, f: Factors) -> tuple[pd.DataFrame, dict]:
    """park_profiles.parquet: the park's hourly electricity load [kW], heat bought [kW_th],
    gas burnt [kW LHV] and heat demand (heat bought + gas x boiler efficiency) [kW_th] on the
    plan's calendar (8760 hours; 29 February dropped in a leap year); and what was filled."""
    filled, n = _fill_for_profiles(values)
    by_carrier = filled.T.groupby(level="carrier", observed=True).sum().T
    col = {c: by_carrier[c] if c in by_carrier else 0.0 * filled.iloc[:, 0] for c in CARRIERS}
    frame = pd.DataFrame(index=filled.index)
    frame["electricity_kw"] = col["electricity"]
    frame["heat_purchased_kw"] = col["heat"]
    frame["gas_kw"] = col["natural_gas"] * f.gas.kwh_per_m3
    frame["heat_demand_kw"] = frame["heat_purchased_kw"] + f.boiler_efficiency * frame["gas_kw"]
    leap_day = (frame.index.month == 2) & (frame.index.day == 29)
    frame = frame[~leap_day]
    if len(frame) != HOURS_PER_YEAR:
        raise ValueError(f"park profiles have {len(frame)} hours, not {HOURS_PER_YEAR}")
    info = {
        "meter_hours_filled_for_profiles": n,
        "leap_day_dropped": bool(leap_day.any()),
        "heat_demand_rule": f"heat bought + gas x {f.boiler_efficiency} (LHV)",
    }
    return frame, info
