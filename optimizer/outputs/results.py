"""The results folder: one function writes the whole contract, atomically.

A run folder holds summary.json, timeseries.parquet, capacities.csv, scenario.yaml and the
PNG plots (and, from the command line, report.html and report.xlsx). It is written under a
temporary name beside its final place and renamed when whole, so an error or a kill leaves
no folder (and no half-written one) behind; a kill's temporary folder is removed by the next
write beside it.
"""

from __future__ import annotations

import json
import math
import time
from collections.abc import Callable
from datetime import datetime, timezone
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import pandas as pd

from parkopt.optimizer.common.errors import Problem, ScenarioError
from parkopt.optimizer.common.text_files import read_json
from parkopt.optimizer.common.writes import assembled
from parkopt.optimizer.outputs.result_schema import validate_summary
from parkopt.optimizer.planning.dispatch import TIMESERIES_COLUMNS, columns_of

__all__ = ["TIMESERIES_COLUMNS", "columns_of", "write_run"]

SUMMARY_FILE = "summary.json"
TIMESERIES_FILE = "timeseries.parquet"
CAPACITIES_FILE = "capacities.csv"
MONTHLY_FILE = "monthly.csv"
SCENARIO_FILE = "scenario.yaml"


def plot_run(*args, **kwargs):
    """The run's PNG plots (``plots.run.plot_run``), imported on first use so that a
    process writing no plots (a study worker) never loads matplotlib."""
    from parkopt.optimizer.plots.run import plot_run as draw

    return draw(*args, **kwargs)


def parkopt_version() -> str:
    try:
        return version("parkopt")
    except PackageNotFoundError:  # running from a source tree
        return "0+unknown"


def default_run_dir(scenario_name: str, root: str | Path = "results", kind: str = "plan") -> Path:
    """``results/<scenario>-<UTC timestamp>/`` for a plan, ``results/<scenario>-sim-<UTC
    timestamp>/`` for a simulation (``kind`` "simulation"), ``-pathway-`` for a pathway, so they are
    told apart."""
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in scenario_name)
    tag = {"simulation": "-sim", "pathway": "-pathway"}.get(kind, "")
    return Path(root) / f"{safe}{tag}-{stamp}"


def _clean(value):
    """JSON-safe: NaN and infinities become null, numpy scalars plain floats."""
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean(v) for v in value]
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def summary_document(run, write_s: float | None = None) -> dict:
    """The summary.json document of a plan or simulation ``run`` (``write_s``: the time spent
    writing its folder [s], added to ``timing_s``), checked against its types
    (``result_schema``: a SummaryError names every mismatch, a bug in what built it)."""
    s = run.scenario
    doc = {
        "parkopt_version": parkopt_version(),
        "kind": run.kind,
        "scenario": s.park.name,
        "currency": s.tariff.currency,
    }
    doc.update(run.summary)
    if write_s is not None:
        doc["timing_s"] = {**doc.get("timing_s", {}), "write": write_s}
    doc = _clean(doc)
    validate_summary(doc)
    return doc


def write_run(
    run,
    out_dir: str | Path | None = None,
    plots: bool = True,
    finish: Callable[[Path, Path], object] | None = None,
    clean: bool = True,
) -> Path:
    """Write ``run`` (a Plan or simulation) as a whole results folder; return its path.

    The folder is assembled under a temporary name in the same parent and renamed into
    place (``writes.assembled``); ``finish(tmp, target)`` adds to it before the rename (the
    report, so that a folder appears with its report or not at all). On any error the
    temporary folder is removed and nothing is left behind; an OSError names the folder.
    ``clean``: first remove what killed writers left beside it (``writes.clean_stale``).
    """
    if out_dir is not None:
        target = Path(out_dir)
    else:
        target = default_run_dir(run.scenario.park.name, kind=run.kind)
    if target.exists():
        raise FileExistsError(f"{target}: the results folder exists already; choose another --out")
    t0 = time.perf_counter()
    with assembled(target, clean=clean) as tmp:
        frame = run.dispatch.loc[:, list(columns_of(run.inputs))]  # the contract, nothing else
        frame.to_parquet(tmp / TIMESERIES_FILE)
        pd.DataFrame([run.capacities]).to_csv(tmp / CAPACITIES_FILE, index=False)
        monthly = run.monthly
        monthly.to_csv(tmp / MONTHLY_FILE)  # full precision: the months sum to the year
        (tmp / SCENARIO_FILE).write_text(run.scenario.to_yaml(), encoding="utf-8")
        if plots:
            plot_run(frame, run.capacities, monthly, tmp)
        document = summary_document(run, write_s=time.perf_counter() - t0)
        text = json.dumps(document, indent=2, ensure_ascii=False)  # UTF-8: Chinese as written
        (tmp / SUMMARY_FILE).write_text(text, encoding="utf-8")
        if finish is not None:
            finish(tmp, target)
    return target


def flatten(doc: dict, prefix: str = "") -> dict:
    """``{"cost": {"total_annual": x}}`` -> ``{"cost.total_annual": x}`` (lists are left out)."""
    out = {}
    for key, value in doc.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            out.update(flatten(value, f"{name}."))
        elif not isinstance(value, list):
            out[name] = value
    return out


def read_summary(run_dir: str | Path) -> dict:
    """The summary.json of a run folder; ScenarioError (one line) if it is not whole JSON."""
    return read_json(Path(run_dir) / SUMMARY_FILE, "a run's summary")


def read_capacities(run_dir: str | Path) -> dict[str, float]:
    """Capacities [kW, kWh] of a run folder; ScenarioError if it is not a parkopt run."""
    folder = Path(run_dir)
    csv = folder / CAPACITIES_FILE
    if not folder.is_dir() or not csv.is_file() or not (folder / SUMMARY_FILE).is_file():
        raise ScenarioError(
            [
                Problem(
                    str(folder),
                    "--capacities",
                    str(folder),
                    f"a results folder of `parkopt run` with {CAPACITIES_FILE}, {SUMMARY_FILE}",
                )
            ]
        )
    try:
        table = pd.read_csv(csv)
        row = table.iloc[0] if len(table) == 1 else None
        caps = {str(k): float(v) for k, v in row.items()} if row is not None else None
    except (ValueError, UnicodeDecodeError, pd.errors.ParserError) as err:
        caps, reason = None, " ".join(str(err).split())
    else:
        reason = f"{len(table)} rows"
    if caps is None:
        raise ScenarioError(
            [
                Problem(
                    str(csv),
                    "--capacities",
                    str(folder),
                    f"a header of capacity keys and one row of numbers [kW, kWh] ({reason})",
                )
            ]
        )
    return caps
