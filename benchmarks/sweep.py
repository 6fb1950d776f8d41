"""A 20-point cap sweep of the full-year default example: warm against cold, 1 and 2 workers.

    python benchmarks/sweep.py [--points 20] [--workers 1 2]

Runs inputs/cap_sweep.yaml's caps as a study four times (fast_resolve on and off, each with
1 and 2 worker processes) into a temporary folder, and prints runs per minute and the
median solve time per run, all measured in this one run. Warm objectives are checked
against cold ones (largest relative difference).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import pandas as pd
import yaml

from parkopt.optimizer.study import TABLE_FILE, close_executor, make_executor, run_study

ROOT = Path(__file__).resolve().parents[1]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--points", type=int, default=20)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args(argv)
    study = yaml.safe_load((ROOT / "inputs" / "cap_sweep.yaml").read_text())
    study["base"] = str(ROOT / "inputs" / "example_park.yaml")
    study["grid"]["carbon.cap_t"] = study["grid"]["carbon.cap_t"][: args.points]
    tables = {}
    with tempfile.TemporaryDirectory() as tmp:
        for workers in args.workers:
            for warm in (True, False):
                study["fast_resolve"] = warm
                path = Path(tmp) / f"sweep_{workers}_{warm}.yaml"
                path.write_text(yaml.safe_dump(study))
                executor = make_executor(workers=workers)
                t0 = time.perf_counter()
                try:
                    folder = run_study(path, Path(tmp) / path.stem, executor, echo=None)
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
    for workers in args.workers:
        warm, cold = tables[(workers, True)], tables[(workers, False)]
        rel = ((warm["objective"] - cold["objective"]).abs() / cold["objective"]).max()
        print(f"workers {workers}: largest warm/cold objective difference {rel:.1e} (relative)")


if __name__ == "__main__":
    main()
