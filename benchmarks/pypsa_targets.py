"""Green purchases and the zero-carbon park indicator as linopy extras of the PyPSA model.

parkopt's rows (``optimizer/lp/build.py``, ``optimizer/common/accounting.py``), written here from
the network's own variables (``Generator-p``, weighted by the generators' snapshot
weighting w = 8760 / T) [MWh/year, tCO2/year, tce/year, kCNY]:

* green purchase ``G``  -> a variable ``green_mwh`` in [0, max], ``G <= sum_t w imp_t``
                           (``green_within_imports``), ``premium x G`` in the objective, and
                           ``- ef_green x G`` in the carbon cap's row (the GlobalConstraint's
                           linopy row, so its dual stays PyPSA's ``mu``): market-based
* indicator r           -> ``r x energy - emissions >= process`` (row ``tco2_per_tce``):
                           energy = kgce x electricity used (the AC generators' output: grid,
                           PV and wind used, i.e. load, battery losses and power to heat) + gas
                           x tce/MWh + purchased heat x 3.6 / 29.307; emissions = gas x t/MWh +
                           (import - G) x the national fossil-power factor + purchased fossil
                           heat x 3.6 x tCO2/GJ
"""

from __future__ import annotations

import math

import pypsa
import xarray as xr

KW_PER_MW = 1000.0
GJ_PER_MWH = 3.6
TCE_PER_GJ = 1.0 / 29.307  # 1 kgce = 29,307 kJ (GB/T 2589)
ELECTRICITY = ("grid", "pv", "wind")  # the generators on bus "AC"
CAP_ROW = "GlobalConstraint-co2_cap"


def annual(n: pypsa.Network, generator: str):
    """``sum_t w_t p[generator, t]``: a generator's yearly output as a linopy expression."""
    w = xr.DataArray(n.snapshot_weightings.generators.to_numpy(), coords={"snapshot": n.snapshots})
    return (w * n.model["Generator-p"].sel(name=generator, drop=True)).sum("snapshot")


def add_green_purchase(n: pypsa.Network, green: dict):
    """``green_mwh`` with its limits, cost and share of the cap (module docstring); returns
    the variable."""
    m = n.model
    top = green["max_mwh_per_year"]
    g = m.add_variables(lower=0.0, upper=math.inf if top is None else top, name="green_mwh")
    m.add_constraints(g - annual(n, "grid") <= 0, name="green_within_imports")
    premium = green["premium_cny_per_mwh"] / KW_PER_MW
    m.add_objective(m.objective.expression + premium * g, overwrite=True)
    if CAP_ROW in m.constraints:
        row = m.constraints[CAP_ROW]
        row.lhs = row.lhs - green["ef_t_per_mwh"] * g
    return g


def add_indicator(n: pypsa.Network, ind: dict, heat: dict | None, green) -> None:
    """The row ``tco2_per_tce`` (module docstring); ``green`` the green purchase variable
    or None."""
    m = n.model
    r = ind["tco2_per_tce"]
    used = sum(annual(n, g) for g in ELECTRICITY if g in n.generators.index)
    grey = annual(n, "grid")
    if green is not None:
        grey = grey - green
    energy = ind["electricity_kgce_per_kwh"] * used
    emissions = ind["electricity_factor_t_per_mwh"] * grey
    if heat is not None:
        gas = annual(n, "gas")
        energy = energy + heat["gas"]["tce"] * gas
        emissions = emissions + heat["gas"]["t"] * gas
        ph = heat["purchased"]
        if "purchased_heat" in n.generators.index:
            bought = annual(n, "purchased_heat")
            energy = energy + GJ_PER_MWH * TCE_PER_GJ * bought
            if ph["fossil"]:
                emissions = emissions + GJ_PER_MWH * ph["emission_factor_t_per_gj"] * bought
    m.add_constraints(r * energy - emissions >= ind["process_emissions_t"], name="tco2_per_tce")


def indicator_dual_cny_per_t(n: pypsa.Network) -> float:
    """The indicator row's shadow price [CNY per tCO2] (>= 0: a tighter row costs more)."""
    return float(n.model.constraints["tco2_per_tce"].dual) * KW_PER_MW
