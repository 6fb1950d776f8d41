"""Names a package re-exports, imported when first used (PEP 562).

A package's ``__init__`` that imports every submodule makes each process that needs one
function pay for all of them: a study worker imported matplotlib, plotly and Dask through
``parkopt`` and ``parkopt.optimizer.study`` (2.8 s of CPU) to run an LP. With
``__getattr__, __dir__ = lazy.exports(globals(), {name: module})`` the import happens on
first access, and ``from package import name`` works as before.
"""

from __future__ import annotations

import importlib


def exports(namespace: dict, homes: dict[str, str]):
    """``__getattr__`` and ``__dir__`` for a package whose public ``name`` lives in module
    ``homes[name]``; a name is cached in ``namespace`` once imported."""

    def __getattr__(name: str):
        if name in homes:
            value = getattr(importlib.import_module(homes[name]), name)
            namespace[name] = value
            return value
        raise AttributeError(f"module {namespace['__name__']!r} has no attribute {name!r}")

    def __dir__():
        return sorted([*namespace, *homes])

    return __getattr__, __dir__
