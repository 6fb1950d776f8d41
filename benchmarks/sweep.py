"""A 20-point carbon-cap sweep of the full-year default example: parkopt against PyPSA.

    python benchmarks/sweep.py [--points 20] [--workers 1 2] [--no-internal] [--no-pypsa]
    python benchmarks/sweep.py --quick     # four June weeks, 3 caps: tests this script

All measured in this one run, on inputs/cap_sweep.yaml's caps (the first ``--points``):

1. ``parkopt study`` against PyPSA. parkopt: the whole command
   (``parkopt study SWEEP.yaml --workers 2 --quiet --out DIR``, with its warm re-solves, run
   folders without plots, the study table and the report) in a subprocess, its wall time.
   PyPSA: the same LP solved cold once per cap, one after another in one fresh process, as a
   user would loop: parkopt's ``prepare`` once (the hourly arrays; no cap changes them), then
   per cap the network built anew (``benchmarks/pypsa_park.py``),
   ``n.optimize(solver_name="highs")`` with PyPSA's default options, and
   ``n.export_to_netcdf``; the process's wall time. Objectives compared cap by cap
   (largest relative difference).
2. Unless ``--no-internal``: ``run_study`` in this process with fast_resolve on and off,
   each with 1 and 2 worker processes; runs per minute, median build and solve time per run,
   and the largest warm/cold objective difference.
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd
import yaml

from parkopt import prepare, scenario_from_dict
from parkopt.optimizer.study import TABLE_FILE, close_executor, make_executor, run_study

ROOT = Path(__file__).resolve().parents[1]
BASE = ROOT / "inputs" / "example_park.yaml"
QUICK = {  # four weeks from 1 June, three of cap_sweep.yaml's caps that bind there
    "overrides": {"horizon_hours": 672, "horizon_start_hour": 3624},
    "caps": [28500, 29500, 30500],
}
CAP = "carbon.cap_t"
RESULT = "RESULT "  # prefix of the PyPSA child's one line of JSON on stdout
GOAL_SPEEDUP = 20.0  # parkopt study at least 20x faster than the cold PyPSA solves (issue 14)
GOAL_REL = 1e-6


def sweep_spec(points: int, quick: bool) -> dict:
    """inputs/cap_sweep.yaml with an absolute base and the caps to run."""
    study = yaml.safe_load((ROOT / "inputs" / "cap_sweep.yaml").read_text())
    study["base"] = str(BASE)
    caps = study["grid"][CAP]
    if quick:
        study["overrides"] = {**study["overrides"], **QUICK["overrides"]}
        caps = [c for c in caps if c in QUICK["caps"]]
    study["grid"][CAP] = caps[:points]
    return study


def merged(base: dict, over: dict) -> dict:
    """``base`` with the nested sections of ``over`` merged in."""
    out = copy.deepcopy(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = merged(out[key], value)
        else:
            out[key] = value
    return out


# --- 1. parkopt study against PyPSA ----------------------------------------------------------


def run_parkopt_study(path: Path, out: Path, workers: int) -> tuple[float, pd.DataFrame]:
    """The ``parkopt study`` command's wall time [s] and its study table."""
    script = Path(sys.executable).with_name("parkopt")
    cmd = (
        [str(script)] if script.is_file() else [sys.executable, "-m", "parkopt.optimizer.cli.main"]
    )
    cmd += ["study", str(path), "--out", str(out), "--workers", str(workers), "--quiet"]
    t0 = time.perf_counter()
    env = {**os.environ, "MPLBACKEND": "Agg"}
    done = subprocess.run(cmd, capture_output=True, text=True, env=env)
    wall = time.perf_counter() - t0
    if done.returncode != 0:
        raise RuntimeError(f"parkopt study failed ({done.returncode}):\n{done.stderr[-3000:]}")
    return wall, pd.read_parquet(out / TABLE_FILE)


def pypsa_child(path: Path, out: Path) -> dict:
    """The cold PyPSA solves of the study at ``path``, one after another; seconds by stage
    (summed over the caps) and each cap's objective [CNY/year]."""
    import pypsa_park  # PyPSA is loaded in this child only

    t0 = time.perf_counter()
    study = yaml.safe_load(path.read_text())
    data = merged(yaml.safe_load(Path(study["base"]).read_text()), study["overrides"])
    inputs = prepare(scenario_from_dict(data, source=study["base"]))
    t_inputs = time.perf_counter() - t0
    out.mkdir(parents=True)
    solve_s, write_s, objectives = 0.0, 0.0, {}
    for i, cap in enumerate(study["grid"][CAP]):
        t1 = time.perf_counter()
        n, extra = pypsa_park.build_network(**pypsa_park.park_from_inputs(inputs, cap_t=cap))
        pypsa_park.solve(n, extra)
        t2 = time.perf_counter()
        n.export_to_netcdf(out / f"cap_{i:02d}.nc")
        write_s += time.perf_counter() - t2
        solve_s += t2 - t1
        objectives[str(cap)] = pypsa_park.objective_cny(n)
    return {
        "inputs": t_inputs,
        "build_and_solve": solve_s,
        "write": write_s,
        "total": time.perf_counter() - t0,
        "objectives": objectives,
    }


def run_pypsa(path: Path, out: Path) -> dict:
    """``pypsa_child`` in a fresh interpreter; its figures and wall time."""
    cmd = [sys.executable, __file__, "--pypsa-child", str(path), "--out", str(out)]
    t0 = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    lines = [x for x in done.stdout.splitlines() if x.startswith(RESULT)]
    if done.returncode != 0 or not lines:
        raise RuntimeError(f"PyPSA sweep failed ({done.returncode}):\n{done.stderr[-3000:]}")
    return {**json.loads(lines[-1][len(RESULT) :]), "process": wall}


def against_pypsa(study: dict, tmp: Path, workers: int, with_pypsa: bool) -> None:
    """Run ``parkopt study`` (and PyPSA's cold solves); print them side by side."""
    path = tmp / "sweep_cli.yaml"
    path.write_text(yaml.safe_dump({**study, "fast_resolve": True}))
    caps = study["grid"][CAP]
    wall, table = run_parkopt_study(path, tmp / "study_cli", workers)
    warm = int(table["warm_start"].sum())
    print(
        f"parkopt study --workers {workers}: {len(table)} runs in {wall:.1f} s "
        f"(whole command); warm starts {warm}",
        flush=True,
    )
    if not with_pypsa:
        return
    theirs = run_pypsa(path, tmp / "pypsa")
    print(
        f"PyPSA, {len(caps)} cold solves in one process: {theirs['process']:.1f} s "
        f"(inputs {theirs['inputs']:.1f}, build and solve {theirs['build_and_solve']:.1f}, "
        f"write {theirs['write']:.1f})",
        flush=True,
    )
    ours = table.set_index(f"in.{CAP}")["objective"]
    rel = {
        cap: abs(ours[cap] - theirs["objectives"][str(cap)]) / abs(theirs["objectives"][str(cap)])
        for cap in caps
    }
    worst = max(rel, key=rel.get)
    speedup = theirs["process"] / wall
    print(f"\n{len(caps)}-point cap sweep, {study['base']}, whole processes [s]")
    ours_label = f"parkopt study (--workers {workers})"
    theirs_label = f"PyPSA, {len(caps)} cold solves (1 process)"
    print(f"  {ours_label:<34}{wall:9.1f}")
    print(f"  {theirs_label:<34}{theirs['process']:9.1f}")
    print(f"  {'parkopt / PyPSA':<34}{wall / theirs['process']:9.3f}   (speed-up {speedup:.1f}x)")
    print(
        f"  largest objective difference, parkopt warm vs PyPSA cold: {rel[worst]:.1e} "
        f"relative (cap {worst:,} t)"
    )
    met = speedup >= GOAL_SPEEDUP and rel[worst] <= GOAL_REL
    print(
        f"  goal (>= {GOAL_SPEEDUP:.0f}x, objectives to {GOAL_REL:.0e}): "
        f"{'met' if met else 'NOT met'}"
    )


# --- 2. parkopt warm against cold, in this process ------------------------------------------


def internal(study: dict, tmp: Path, worker_counts: list[int]) -> None:
    """``run_study`` warm and cold with each worker count; runs per minute and the largest
    warm/cold objective difference."""
    tables = {}
    for workers in worker_counts:
        for warm in (True, False):
            study["fast_resolve"] = warm
            path = tmp / f"sweep_{workers}_{warm}.yaml"
            path.write_text(yaml.safe_dump(study))
            executor = make_executor(workers=workers)
            t0 = time.perf_counter()
            try:
                folder = run_study(path, tmp / path.stem, executor, echo=None)
            finally:
                close_executor(executor)
            wall = time.perf_counter() - t0
            table = pd.read_parquet(folder / TABLE_FILE).set_index("run")
            tables[(workers, warm)] = table
            solve = statistics.median(table["timing_s.solve"])
            build = statistics.median(table["timing_s.build"])
            warm_starts = int(table["warm_start"].sum())
            print(
                f"workers {workers} {'warm' if warm else 'cold'}: {len(table)} runs in "
                f"{wall:.1f} s = {len(table) / wall * 60:.1f} runs/min; median build "
                f"{build:.2f} s, solve {solve:.2f} s; warm starts {warm_starts}",
                flush=True,
            )
    for workers in worker_counts:
        warm, cold = tables[(workers, True)], tables[(workers, False)]
        rel = ((warm["objective"] - cold["objective"]).abs() / cold["objective"]).max()
        print(f"workers {workers}: largest warm/cold objective difference {rel:.1e} (relative)")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--points", type=int, default=20)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--study-workers", type=int, default=2, help="parkopt study --workers")
    parser.add_argument("--quick", action="store_true", help="four June weeks, 3 caps")
    parser.add_argument("--no-internal", action="store_true", help="skip the warm/cold table")
    parser.add_argument("--no-pypsa", action="store_true", help="skip PyPSA's cold solves")
    parser.add_argument("--pypsa-child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.pypsa_child:
        print(RESULT + json.dumps(pypsa_child(args.pypsa_child, args.out)), flush=True)
        return
    study = sweep_spec(args.points, args.quick)
    print(f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f} at start", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        against_pypsa(study, Path(tmp), args.study_workers, not args.no_pypsa)
        if not args.no_internal:
            print()
            internal(study, Path(tmp), args.workers)
    print(f"load average {os.getloadavg()[0]:.2f} at the end")


if __name__ == "__main__":
    main()
