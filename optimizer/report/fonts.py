"""A font for Chinese labels in the figures the report draws, found at run time.

Matplotlib's font cache is built once and does not see fonts installed later (e.g. Debian's
fonts-noto-cjk), so a CJK font is looked for in the cache first and then among the system's
font files, which are added to the cache. Without one, the figures keep English labels and
one warning says so.
"""

from __future__ import annotations

import warnings

from matplotlib import font_manager

PREFERRED = (
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "Noto Sans SC",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "Microsoft YaHei",
    "SimHei",
    "PingFang SC",
    "Heiti SC",
    "Noto Sans CJK JP",
    "Noto Serif CJK SC",
)
"""Families with simplified Chinese glyphs, best first; any family with "CJK" comes after."""
FILE_HINTS = ("cjk", "wqy", "sourcehan", "simhei", "msyh", "pingfang", "notosanssc", "heiti")
"""Parts of a font file's name that suggest Chinese glyphs (lower case)."""

_found: dict[str, str | None] = {}
_warned = False


def _best(names: set[str]) -> str | None:
    for name in PREFERRED:
        if name in names:
            return name
    cjk = sorted(n for n in names if "CJK" in n)
    return cjk[0] if cjk else None


def _add_system_fonts() -> None:
    """Add the system's CJK-looking font files to matplotlib's font list."""
    for path in font_manager.findSystemFonts():
        if any(hint in path.lower() for hint in FILE_HINTS):
            try:
                font_manager.fontManager.addfont(path)
            except (OSError, RuntimeError, ValueError):  # unreadable font: skip it
                continue


def cjk_font() -> str | None:
    """The family name of an installed font with Chinese glyphs, or None (looked up once)."""
    if "family" not in _found:
        names = {f.name for f in font_manager.fontManager.ttflist}
        best = _best(names)
        if best is None:
            _add_system_fonts()
            best = _best({f.name for f in font_manager.fontManager.ttflist})
        _found["family"] = best
    return _found["family"]


def figure_language(lang: str) -> str:
    """The language the report's figures can be labelled in: ``lang``, or English (with one
    warning per process) when Chinese is asked for and no CJK font is installed."""
    global _warned
    if lang != "zh" or cjk_font() is not None:
        return lang
    if not _warned:
        _warned = True
        warnings.warn(
            "no font with Chinese glyphs found (e.g. Debian's fonts-noto-cjk): the report's "
            "figures are labelled in English",
            stacklevel=2,
        )
    return "en"


def rc_params(lang: str) -> dict:
    """Matplotlib settings for figures labelled in ``lang`` (after ``figure_language``)."""
    family = cjk_font() if lang == "zh" else None
    if family is None:
        return {}
    return {"font.family": [family, "DejaVu Sans"], "axes.unicode_minus": False}


def reset() -> None:
    """Forget the font found and the warning given (tests)."""
    global _warned
    _found.clear()
    _warned = False
