"""Annuities and annualised costs (currency-agnostic: costs are per unit of capacity)."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from parkopt.models.errors import input_error

ArrayLike = float | npt.NDArray[np.float64]


def capital_recovery_factor(discount_rate: ArrayLike, life_years: ArrayLike) -> ArrayLike:
    """Capital recovery factor [1/year]: the annuity that repays 1 unit of capital.

    ``crf = r (1 + r)^n / ((1 + r)^n - 1)``, and ``1 / n`` when ``r = 0``.

    Parameters
    ----------
    discount_rate : float or array
        Real discount rate per year [1/year], > -1 (0.06 = 6 %).
    life_years : float or array
        Economic life [years], > 0.

    Returns
    -------
    float or numpy.ndarray
        A float for scalar inputs, else an array broadcast from the inputs [1/year].
    """
    r = np.asarray(discount_rate, dtype=float)
    n = np.asarray(life_years, dtype=float)
    if np.any(~(r > -1)):
        raise input_error("finance.discount_rate", discount_rate, "> -1 [1/year], e.g. 0.06")
    if np.any(~(n > 0)):
        raise input_error("finance.life_years", life_years, "> 0 [years]")
    growth = (1.0 + r) ** n
    with np.errstate(divide="ignore", invalid="ignore"):
        annuity = r * growth / (growth - 1.0)
    crf = np.where(np.abs(r) < 1e-12, 1.0 / n, annuity)
    return float(crf) if crf.ndim == 0 else crf


def annualised_cost_per_unit(
    capex_per_unit: ArrayLike,
    discount_rate: ArrayLike,
    life_years: ArrayLike,
    fixed_om_fraction: ArrayLike,
) -> ArrayLike:
    """Annual cost of one unit of capacity [currency/(unit·year)].

    ``capex_per_unit * (crf(discount_rate, life_years) + fixed_om_fraction)``.

    Parameters
    ----------
    capex_per_unit : float or array
        Overnight capital cost [currency/unit], e.g. per kW or per kWh, >= 0.
    discount_rate : float or array
        Real discount rate [1/year].
    life_years : float or array
        Economic life [years].
    fixed_om_fraction : float or array
        Fixed operation and maintenance cost per year as a fraction of capex [1/year], >= 0.
    """
    if np.any(~(np.asarray(capex_per_unit, dtype=float) >= 0)):
        raise input_error("finance.capex_per_unit", capex_per_unit, ">= 0 [currency/unit]")
    if np.any(~(np.asarray(fixed_om_fraction, dtype=float) >= 0)):
        raise input_error("finance.fixed_om_fraction", fixed_om_fraction, ">= 0 [1/year]")
    crf = capital_recovery_factor(discount_rate, life_years)
    cost = np.asarray(capex_per_unit, dtype=float) * (
        np.asarray(crf) + np.asarray(fixed_om_fraction, dtype=float)
    )
    return float(cost) if cost.ndim == 0 else cost
