"""Throughput of a big Latin-hypercube study on typical days, and what a run folder costs.

    python benchmarks/lhs_study.py [--runs 200] [--keep-all-runs 40] [--workers 1 2]
                                   [--dask 2] [--out results/bench-lhs]

The study is ``inputs/lhs_10000.yaml`` (the default example on 12 typical days, six
sampled LP parameters) with ``samples.n`` set to ``--runs``: one study file, run unchanged
on a local process pool of 1 and of 2 workers and on a dask.distributed LocalCluster
(``--dask`` workers). For each: wall time (executor start included), the steady rate (runs
per minute between the first and the last finished run) and, extrapolated from that rate,
the wall time of the 10,000 runs. The refining pass (``refine_best``) is left out of the
rates (set to 0 here) and timed once on its own: it is a handful of full-year solves.

Per-run output: the same study with ``keep: all`` over ``--keep-all-runs`` runs against
``keep: summary``: bytes per run folder and the write time per run (``timing_s.write``).
Writes ``bench.json`` and prints a Markdown table; note the machine's load beside it.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

import pandas as pd
import yaml

from parkopt.optimizer.study import TABLE_FILE, close_executor, make_executor, run_study
from parkopt.optimizer.study.loop import RUNS_DIR

ROOT = Path(__file__).resolve().parents[1]
STUDY = ROOT / "inputs" / "lhs_10000.yaml"
FULL_STUDY_RUNS = 10_000


def study_file(folder: Path, runs: int, keep: str, refine_best: int = 0) -> Path:
    """``inputs/lhs_10000.yaml`` with ``runs`` draws, ``keep`` and ``refine_best``."""
    doc = yaml.safe_load(STUDY.read_text(encoding="utf-8"))
    doc["base"] = str((STUDY.parent / doc["base"]).resolve())
    doc["samples"]["n"] = runs
    doc.update(keep=keep, refine_best=refine_best, name=f"lhs_{runs}_{keep}_{refine_best}")
    path = folder / f"{doc['name']}.yaml"
    path.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    return path


def folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def timed_study(path: Path, out: Path, **executor) -> dict:
    """Run the study at ``path`` on ``make_executor(**executor)``; times and sizes."""
    finished: list[float] = []

    def echo(line: str) -> None:
        if line.startswith("["):  # a progress line: one run finished
            finished.append(time.perf_counter())

    load = os.getloadavg()[0]
    t0 = time.perf_counter()
    pool = make_executor(**executor)
    try:
        folder = run_study(path, out, pool, echo)
    finally:
        close_executor(pool)
    wall = time.perf_counter() - t0
    table = pd.read_parquet(folder / TABLE_FILE)
    runs_dir = folder / RUNS_DIR
    steady = (len(finished) - 1) / (finished[-1] - finished[0]) * 60 if len(finished) > 2 else 0
    return {
        "executor": executor,
        "runs": len(table),
        "failed": int((table["status"] == "failed").sum()),
        "wall_s": wall,
        "runs_per_min_wall": len(table) / wall * 60,
        "runs_per_min_steady": steady,
        "extrapolated_10000_h": FULL_STUDY_RUNS / steady / 60 if steady else None,
        "write_s_per_run": float(table["timing_s.write"].mean()),
        "bytes_per_run": folder_bytes(runs_dir) / max(len(table), 1),
        "load_1min_before": load,
        "load_1min_after": os.getloadavg()[0],
    }


def refine_timing(folder: Path, runs: int, k: int) -> dict:
    """The refining pass alone: ``runs`` screened (1 worker), then the ``k`` best in full."""
    path = study_file(folder, runs, "summary", refine_best=k)
    t0 = time.perf_counter()
    pool = make_executor(workers=1)
    try:
        out = run_study(path, folder / "refine", pool, echo=None)
    finally:
        close_executor(pool)
    table = pd.read_parquet(out / TABLE_FILE)
    refined = table[table["full_year.run"].notna()]
    return {
        "screened_runs": runs,
        "refined": len(refined),
        "wall_s": time.perf_counter() - t0,
        "cost_rel_diff": [float(x) for x in refined["full_year.cost.total_annual_rel_diff"]],
    }


def markdown(results: dict) -> str:
    lines = [
        "| executor | runs | failed | wall [s] | runs/min (wall) | runs/min (steady) | "
        "10,000 runs [h] (extrapolated) | write [ms/run] | output [kB/run] | load |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for name, r in results.items():
        hours = r["extrapolated_10000_h"]
        lines.append(
            f"| {name} | {r['runs']} | {r['failed']} | {r['wall_s']:.0f} | "
            f"{r['runs_per_min_wall']:.1f} | {r['runs_per_min_steady']:.1f} | "
            f"{hours:.1f} | {r['write_s_per_run'] * 1e3:.0f} | "
            f"{r['bytes_per_run'] / 1e3:.0f} | "
            f"{r['load_1min_before']:.1f}->{r['load_1min_after']:.1f} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--keep-all-runs", type=int, default=40)
    parser.add_argument("--workers", type=int, nargs="*", default=[1, 2])
    parser.add_argument("--dask", type=int, default=2, help="LocalCluster workers (0: skip)")
    parser.add_argument("--refine", type=int, default=3, help="best runs refined (0: skip)")
    parser.add_argument("--out", type=Path, default=ROOT / "results" / "bench-lhs")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%dT%H%M%S")
    folder = args.out / stamp
    folder.mkdir()
    lean = study_file(folder, args.runs, "summary")
    results = {}
    for n in args.workers:
        results[f"pool {n}, summary"] = timed_study(lean, folder / f"pool{n}", workers=n)
    if args.dask:
        results[f"dask {args.dask}, summary"] = timed_study(
            lean, folder / "dask", dask_local=args.dask
        )
    if args.keep_all_runs:
        whole = study_file(folder, args.keep_all_runs, "all")
        results["pool 1, all"] = timed_study(whole, folder / "all", workers=1)
    doc = {"date": stamp, "cpu_count": os.cpu_count(), "study": str(STUDY), "results": results}
    if args.refine:
        doc["refine"] = refine_timing(folder, max(args.refine * 4, 12), args.refine)
    (folder / "bench.json").write_text(json.dumps(doc, indent=2), encoding="utf-8")
    print(markdown(results))
    if "refine" in doc:
        print("refine:", json.dumps(doc["refine"]))
    print(folder / "bench.json")


if __name__ == "__main__":
    main()
