"""The results folder: one function writes the whole contract, atomically.

A run folder holds summary.json, timeseries.parquet, capacities.csv, scenario.yaml and the
PNG plots. It is written under a temporary name beside its final place and renamed when
whole, so an error leaves no folder (and no half-written one) behind.
"""

from __future__ import annotations

import json
import math
import shutil
import tempfile
import time
from datetime import datetime, timezone
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import pandas as pd

TIMESERIES_COLUMNS = (
    "load_kw",
    "pv_kw",
    "wind_kw",
    "pv_curtailed_kw",
    "wind_curtailed_kw",
    "battery_charge_kw",
    "battery_discharge_kw",
    "battery_soc_kwh",
    "battery_charge_grid_kw",
    "battery_discharge_grid_kw",
    "grid_import_kw",
    "grid_export_kw",
    "matched_kw",
    "price_per_kwh",
    "emission_factor_t_per_mwh",
)
"""Columns of timeseries.parquet, in order (kW, kWh, currency/kWh, tCO2/MWh)."""

SUMMARY_FILE = "summary.json"
TIMESERIES_FILE = "timeseries.parquet"
CAPACITIES_FILE = "capacities.csv"
MONTHLY_FILE = "monthly.csv"
SCENARIO_FILE = "scenario.yaml"


def parkopt_version() -> str:
    try:
        return version("parkopt")
    except PackageNotFoundError:  # running from a source tree
        return "0+unknown"


def default_run_dir(scenario_name: str, root: str | Path = "results") -> Path:
    """``results/<scenario>-<UTC timestamp>/``."""
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in scenario_name)
    return Path(root) / f"{safe}-{stamp}"


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


def summary_document(run) -> dict:
    """The summary.json document of a plan or simulation ``run``."""
    s = run.scenario
    doc = {
        "parkopt_version": parkopt_version(),
        "kind": run.kind,
        "scenario": s.park.name,
        "currency": s.tariff.currency,
    }
    doc.update(run.summary)
    return _clean(doc)


def write_run(run, out_dir: str | Path | None = None, plots: bool = True) -> Path:
    """Write ``run`` (a Plan or simulation) as a whole results folder; return its path.

    The folder is assembled under a temporary name in the same parent and renamed into
    place; on any error the temporary folder is removed and nothing is left behind.
    """
    from optimizer import kpis
    from optimizer import plots as plotting

    target = Path(out_dir) if out_dir is not None else default_run_dir(run.scenario.park.name)
    if target.exists():
        raise FileExistsError(f"{target}: the results folder exists already; choose another --out")
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    t0 = time.perf_counter()
    try:
        frame = run.dispatch.loc[:, list(TIMESERIES_COLUMNS)]
        frame.to_parquet(tmp / TIMESERIES_FILE)
        pd.DataFrame([run.capacities]).to_csv(tmp / CAPACITIES_FILE, index=False)
        monthly = kpis.monthly_table(run.dispatch, run.inputs)
        monthly.to_csv(tmp / MONTHLY_FILE, float_format="%.6g")
        (tmp / SCENARIO_FILE).write_text(run.scenario.to_yaml(), encoding="utf-8")
        if plots:
            plotting.plot_run(frame, run.capacities, monthly, tmp)
        run.summary.setdefault("timing_s", {})["write"] = time.perf_counter() - t0
        document = summary_document(run)
        (tmp / SUMMARY_FILE).write_text(json.dumps(document, indent=2), encoding="utf-8")
        tmp.chmod(0o755)  # mkdtemp makes it private; a results folder is for everyone
        tmp.rename(target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return target


def read_summary(run_dir: str | Path) -> dict:
    """The summary.json of a run folder."""
    return json.loads((Path(run_dir) / SUMMARY_FILE).read_text(encoding="utf-8"))


def read_capacities(run_dir: str | Path) -> dict[str, float]:
    """Capacities [kW, kWh] of a run folder; ScenarioError if it is not a parkopt run."""
    from optimizer.errors import Problem, ScenarioError

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
    row = pd.read_csv(csv).iloc[0]
    return {k: float(v) for k, v in row.items()}
