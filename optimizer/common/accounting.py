"""Carbon and energy accounting of a park, defined once: the footprint (Scope 1 and 2) that
the carbon cap and reductions use, and China's zero-carbon park indicator (tCO2 per tce).

Every function takes an ``Annual`` of a run's yearly quantities and the scenario, and is
linear in them: the LP passes Pyomo expressions (its rows are these very functions), the
KPIs pass floats. Units: MWh/year of electricity and heat, MWh/year of gas (LHV), tCO2/year,
tce/year.

Two views, side by side:

- **Footprint** (location-based, the scenario's factors): Scope 1 = gas burnt x its factor;
  Scope 2 = grid import x the hourly grid factor + purchased heat x its factor. The market-
  based figure subtracts green purchases at ``targets.green_purchase_ef``. The carbon cap and
  the reduction target apply to the market-based total.
- **Indicator** (the notice 发改环资〔2025〕910号, attachment 4): CO2 of fuel burnt on site +
  net purchased electricity at the national fossil-power factor (green power supplied
  directly, certificates and green trading at 0; exports subtracted at the same factor) +
  purchased fossil heat at its factor (0.11 tCO2/GJ unless measured; non-fossil heat 0) +
  fixed process CO2. Energy used: electricity consumed (imports + own generation delivered
  - exports) at 等价值 (``indicator.electricity_kgce_per_kwh``), gas and heat by their
  standard coal factors (GB/T 2589). ``tco2_per_tce`` = emissions / energy.
- **Clean energy share** (the notice does not define it; parkopt's definition): energy from
  non-fossil sources over energy used, in tce: own PV and wind consumed, green purchases,
  non-fossil purchased heat, and natural gas only where ``indicator.gas_is_clean``. Both the
  share with gas and the share without are reported.
"""

from __future__ import annotations

from dataclasses import dataclass

from parkopt.models.heat import KWH_PER_GJ

GJ_PER_MWH = 1000.0 / KWH_PER_GJ
"""GJ in one MWh (3.6)."""
TCE_PER_GJ = 1.0 / 29.307
"""Standard coal per GJ: 1 kgce = 29,307 kJ (GB/T 2589) [tce/GJ]."""
BASELINE_BOILER_EFFICIENCY = 0.9
"""Efficiency of the gas boilers assumed to serve heat in the baseline where the scenario
names no existing boilers [-]."""


@dataclass(frozen=True)
class Annual:
    """A run's yearly quantities (floats, or Pyomo expressions inside the LP)."""

    grid_import_mwh: object
    grid_export_mwh: object
    local_mwh: object  # own PV and wind delivered (exports included, curtailment not)
    green_purchase_mwh: object
    grid_emissions_t: object  # sum_t ef_t x import_t, the scenario's factors
    gas_mwh: object = 0.0  # LHV burnt
    heat_purchased_mwh: object = 0.0
    available_mwh: object = 0.0  # own PV and wind available, before curtailment
    own_fossil_mwh: object = 0.0  # electricity own converters make from fuel (CHP): not green


def _purchased(scenario):
    return scenario.heat.purchased if scenario.heat is not None else None


def scope1_t(a: Annual, scenario) -> object:
    """Fuel burnt on site: gas x its factor [tCO2/year]."""
    if scenario.heat is None:
        return 0.0
    return a.gas_mwh * scenario.heat.gas.t_per_mwh


def scope2_t(a: Annual, scenario) -> object:
    """Energy bought: grid import x the grid factor + purchased heat x its factor
    [tCO2/year] (location-based)."""
    ph = _purchased(scenario)
    heat_t = a.heat_purchased_mwh * GJ_PER_MWH * ph.emission_factor_t_per_gj if ph else 0.0
    return a.grid_emissions_t + heat_t


def footprint_t(a: Annual, scenario, green_ef: float, market_based: bool = True) -> object:
    """Scope 1 + Scope 2 [tCO2/year]; market-based: less green purchases x ``green_ef``."""
    total = scope1_t(a, scenario) + scope2_t(a, scenario)
    if market_based:
        total = total - green_ef * a.green_purchase_mwh
    return total


def electricity_used_mwh(a: Annual) -> object:
    """Electricity consumed in the park: imports + own generation delivered (PV, wind, and
    CHP) - exports."""
    return a.grid_import_mwh + a.local_mwh + a.own_fossil_mwh - a.grid_export_mwh


def indicator_parts_t(a: Annual, scenario) -> dict[str, object]:
    """The indicator's emissions by part [tCO2/year]: ``fuel`` (Scope 1), ``electricity``
    (net purchased non-green power), ``heat`` (purchased fossil heat), ``process``."""
    ind = scenario.indicator
    ph = _purchased(scenario)
    heat_t = 0.0
    if ph is not None and ph.fossil:
        heat_t = a.heat_purchased_mwh * GJ_PER_MWH * ph.emission_factor_t_per_gj
    net_grey = a.grid_import_mwh - a.green_purchase_mwh - a.grid_export_mwh
    return {
        "fuel": scope1_t(a, scenario),
        "electricity": net_grey * ind.electricity_factor_t_per_mwh,
        "heat": heat_t,
        "process": ind.process_emissions_t,
    }


def indicator_emissions_t(a: Annual, scenario) -> object:
    """The indicator's emissions, every part summed [tCO2/year]."""
    return sum(indicator_parts_t(a, scenario).values())


def energy_parts_tce(a: Annual, scenario) -> dict[str, object]:
    """Energy used by carrier [tce/year]: electricity at 等价值, gas, purchased heat."""
    kgce = scenario.indicator.electricity_kgce_per_kwh  # kgce/kWh = tce/MWh
    # electricity a CHP makes is counted as the gas it burns, not twice
    bought = electricity_used_mwh(a) - a.own_fossil_mwh
    out = {"electricity": bought * kgce, "gas": 0.0, "heat": 0.0}
    if scenario.heat is not None:
        out["gas"] = a.gas_mwh * scenario.heat.gas.tce_per_mwh
        out["heat"] = a.heat_purchased_mwh * GJ_PER_MWH * TCE_PER_GJ
    return out


def energy_tce(a: Annual, scenario) -> object:
    """Energy used in the park [tce/year]."""
    return sum(energy_parts_tce(a, scenario).values())


def clean_tce(a: Annual, scenario, gas_is_clean: bool | None = None) -> object:
    """Clean energy used [tce/year]: own PV and wind consumed and green purchases at
    等价值, non-fossil purchased heat, and gas where it counts as clean (default: the
    scenario's ``indicator.gas_is_clean``)."""
    if gas_is_clean is None:
        gas_is_clean = scenario.indicator.gas_is_clean
    kgce = scenario.indicator.electricity_kgce_per_kwh
    green = a.local_mwh - a.grid_export_mwh + a.green_purchase_mwh
    out = green * kgce
    parts = energy_parts_tce(a, scenario)
    ph = _purchased(scenario)
    if ph is not None and not ph.fossil:
        out = out + parts["heat"]
    if gas_is_clean:
        out = out + parts["gas"]
    return out


def green_direct_mwh(a: Annual) -> object:
    """Green power supplied directly: own PV and wind consumed in the park [MWh/year]."""
    return a.local_mwh - a.grid_export_mwh


def ratio_gaps(a: Annual, scenario, value: dict[str, object]) -> dict[str, object]:
    """Each ratio rule as a linear gap that is >= 0 where the rule holds, for the ratios in
    ``value`` (row name -> ratio, a float or a mutable parameter) [tCO2, tce or MWh/year]:

    - ``tco2_per_tce`` r: ``r * energy - emissions`` (the notice's indicator, tCO2);
    - ``clean_energy_share`` s: ``clean - s * energy`` (tce);
    - ``green_direct_share`` s: ``direct - s * used`` (MWh; direct = own PV and wind consumed
      in the park, used = electricity consumed);
    - ``gdc_self_use_of_available`` s: ``direct - s * available`` (MWh; 发改能源〔2025〕650号);
    - ``gdc_consumption_share`` s: ``direct - s * used`` (MWh);
    - ``gdc_export_of_available`` s: ``s * available - export`` (MWh).
    """
    forms = {
        "tco2_per_tce": lambda r: r * energy_tce(a, scenario) - indicator_emissions_t(a, scenario),
        "clean_energy_share": lambda r: clean_tce(a, scenario) - r * energy_tce(a, scenario),
        "green_direct_share": lambda r: green_direct_mwh(a) - r * electricity_used_mwh(a),
        "gdc_self_use_of_available": lambda r: green_direct_mwh(a) - r * a.available_mwh,
        "gdc_consumption_share": lambda r: green_direct_mwh(a) - r * electricity_used_mwh(a),
        "gdc_export_of_available": lambda r: r * a.available_mwh - a.grid_export_mwh,
    }
    return {row: forms[row](r) for row, r in value.items()}


def ratio_values(a: Annual, scenario) -> dict[str, float | None]:
    """The ratios of ``ratio_gaps`` as figures of a run (floats): tCO2/tce and shares [-];
    None where the denominator is 0."""
    energy, used, avail = energy_tce(a, scenario), electricity_used_mwh(a), a.available_mwh

    def div(x, y):
        return x / y if y > 1e-12 else None

    direct = green_direct_mwh(a)
    return {
        "tco2_per_tce": div(indicator_emissions_t(a, scenario), energy),
        "clean_energy_share": div(clean_tce(a, scenario), energy),
        "green_direct_share": div(direct, used),
        "gdc_self_use_of_available": div(direct, avail),
        "gdc_consumption_share": div(direct, used),
        "gdc_export_of_available": div(a.grid_export_mwh, avail),
    }


def indicator_block(a: Annual, scenario, green_ef: float) -> dict[str, object]:
    """summary.json's figures of one Annual (floats): the notice's indicator, the clean
    shares, Scope 1 and 2 (footprint) [tCO2, tce, -]."""
    energy = energy_tce(a, scenario)
    emissions = indicator_emissions_t(a, scenario)
    used = electricity_used_mwh(a)
    parts = indicator_parts_t(a, scenario)
    return {
        "energy_tce": energy,
        "energy_by_carrier_tce": energy_parts_tce(a, scenario),
        "scope1_t": scope1_t(a, scenario),
        "scope2_t": scope2_t(a, scenario),
        "footprint_t": footprint_t(a, scenario, green_ef, market_based=True),
        "process_t": parts["process"],
        "emissions_t": emissions,
        "emissions_by_part_t": parts,
        "tco2_per_tce": emissions / energy if energy > 0 else None,
        "clean_energy_share": clean_tce(a, scenario) / energy if energy > 0 else None,
        "clean_energy_share_with_gas": clean_tce(a, scenario, True) / energy if energy else None,
        "clean_energy_share_without_gas": clean_tce(a, scenario, False) / energy
        if energy
        else None,
        "green_direct_share": green_direct_mwh(a) / used if used > 0 else None,
        "electricity_used_mwh": used,
    }


def method(scenario, green_ef: float, grid_factor_mean: float) -> dict[str, object]:
    """Every factor the accounting used, with its unit (summary.json's ``indicator.method``)."""
    ind = scenario.indicator
    out = {
        "source": "NDRC, MIIT, NEA: 关于开展零碳园区建设的通知, 发改环资〔2025〕910号, "
        "attachment 4",
        "electricity_factor_t_per_mwh": ind.electricity_factor_t_per_mwh,
        "electricity_kgce_per_kwh": ind.electricity_kgce_per_kwh,
        "heat_tce_per_gj": TCE_PER_GJ,
        "process_emissions_t": ind.process_emissions_t,
        "gas_is_clean": ind.gas_is_clean,
        "footprint_grid_factor_mean_t_per_mwh": grid_factor_mean,
        "footprint_green_purchase_factor_t_per_mwh": green_ef,
    }
    if scenario.heat is not None:
        g = scenario.heat.gas
        out.update(
            gas_emission_factor_kg_per_m3=g.emission_factor_kg_per_m3,
            gas_lhv_mj_per_m3=g.lhv_mj_per_m3,
            gas_kgce_per_m3=g.kgce_per_m3,
        )
        ph = scenario.heat.purchased
        if ph is not None:
            out["heat_emission_factor_t_per_gj"] = ph.emission_factor_t_per_gj
            out["heat_fossil"] = ph.fossil
    return out
