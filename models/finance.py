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


# --- cash flows over a project life ----------------------------------------------------------
# A cash flow is one value a year, year 0 first (the investment), in currency; discounting is
# at the end of each year: the value of year y counts 1 / (1 + r)^y.


def discount_factors(discount_rate: float, years: int) -> np.ndarray:
    """``1 / (1 + r)^y`` for y = 0..years [-]."""
    if not discount_rate > -1:
        raise input_error("finance.discount_rate", discount_rate, "> -1 [1/year], e.g. 0.06")
    return (1.0 + discount_rate) ** -np.arange(years + 1, dtype=float)


def npv(cash_flow: npt.ArrayLike, discount_rate: float) -> float:
    """Net present value of a yearly cash flow (year 0 first) [currency]."""
    flows = np.asarray(cash_flow, dtype=float)
    return float(np.dot(flows, discount_factors(discount_rate, len(flows) - 1)))


IRR_GRID = np.concatenate([np.linspace(-0.99, 1.0, 399, endpoint=False), np.geomspace(1, 100, 61)])
"""Rates [1/year] at which the NPV is sampled to bracket an internal rate of return."""


def irr(cash_flow: npt.ArrayLike, near: float = 0.0) -> float | None:
    """Internal rate of return [1/year]: the rate at which the NPV is 0 (scipy's brentq within
    a sign change of the NPV sampled over ``IRR_GRID``, -99 % to 10,000 %); None when the NPV
    never changes sign. A cash flow whose sign changes more than once may have several rates:
    the one nearest ``near`` (the discount rate) is returned."""
    from scipy.optimize import brentq

    flows = np.asarray(cash_flow, dtype=float)
    with np.errstate(over="ignore"):
        values = np.array([npv(flows, r) for r in IRR_GRID])
    keep = np.isfinite(values) & (values != 0.0)
    rates, values = IRR_GRID[keep], values[keep]
    change = np.flatnonzero(np.sign(values[:-1]) != np.sign(values[1:]))
    roots = [brentq(lambda r: npv(flows, r), rates[i], rates[i + 1], xtol=1e-14) for i in change]
    if not roots:
        return None
    return float(min(roots, key=lambda r: abs(r - near)))


def payback_years(cash_flow: npt.ArrayLike) -> float | None:
    """Years until the cumulative cash flow (year 0 first) reaches 0 for good: after the last
    year it is below 0, interpolated linearly within the following year; 0 when it never is
    below 0, None when it is still below 0 in the last year [years]."""
    cumulative = np.cumsum(np.asarray(cash_flow, dtype=float))
    below = np.flatnonzero(cumulative < 0)
    if len(below) == 0:
        return 0.0
    last = int(below[-1])
    if last == len(cumulative) - 1:
        return None
    before, after = cumulative[last], cumulative[last + 1]
    return last + float(-before / (after - before))


def purchase_schedule(life_years: float, project_years: int) -> tuple[list[int], float]:
    """When a unit of ``life_years`` is bought inside a project of ``project_years``, and the
    share of the last purchase left at the project's end.

    Bought in year 0 and again in each year its predecessor's life ends (rounded to whole
    years, at least one year later) while that year is before the project's end; the
    residual share is the straight-line share of the last purchase's life not yet used
    ``(last + life - project_years) / life`` (0 when it ends with the project).

    Returns
    -------
    (list of int, float)
        Purchase years (0 first) [year] and the residual share [-].
    """
    if not life_years > 0:
        raise input_error("life_years", life_years, "> 0 [years]")
    if project_years < 1:
        raise input_error("finance.project_life_years", project_years, ">= 1 [years]")
    years = [0]
    while True:
        following = max(years[-1] + 1, int(np.floor(years[-1] + life_years + 0.5)))
        if following >= project_years:
            break
        years.append(following)
    residual = max(0.0, (years[-1] + life_years - project_years) / life_years)
    return years, min(residual, 1.0)
