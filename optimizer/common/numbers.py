"""Numbers for people, one way everywhere: thousands separators, a few significant digits,
residuals shown as 0, percentages (the console, the report and limit sentences use these)."""

from __future__ import annotations

import math

TINY = 1e-9
"""Below this, absolutely or relative to the figure's scale, a value is a residual: 0."""


def is_tiny(x: float, scale: float | None = None) -> bool:
    """Whether ``x`` is a numerical residual: ``|x| < TINY`` or ``|x| < TINY * |scale|``."""
    limit = TINY * max(1.0, abs(scale)) if scale is not None and math.isfinite(scale) else TINY
    return abs(x) < limit


def num(x, sig: int = 4, scale: float | None = None) -> str:
    """``x`` for people: ``23,000``, ``295.6``, ``0.4123``, ``0``; never ``7.506e+07``.

    Values of ``10**(sig-1)`` and above are whole numbers with thousands separators; smaller
    ones keep ``sig`` significant digits (trailing zeros dropped). Residuals (see
    :func:`is_tiny`) are 0; None and NaN are ``n/a``.
    """
    if x is None or isinstance(x, bool):
        return "n/a" if x is None else str(x)
    x = float(x)
    if math.isnan(x):
        return "n/a"
    if math.isinf(x):
        return "-inf" if x < 0 else "inf"
    if is_tiny(x, scale):
        return "0"
    if abs(x) >= 10 ** (sig - 1):
        text = f"{x:,.0f}"
    else:
        decimals = sig - 1 - math.floor(math.log10(abs(x)))
        text = f"{x:,.{decimals}f}"
        if "." in text:
            text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "0") else text


def qty(x, unit: str, sig: int = 4, scale: float | None = None) -> str:
    """``x`` with its unit: ``42,117 tCO2/year``."""
    return f"{num(x, sig, scale)} {unit}"


def pct(x, digits: int = 1) -> str:
    """A fraction as a percentage: ``0.502`` -> ``50.2%``."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "n/a"
    return f"{0.0 if is_tiny(x) else x:.{digits}%}"
