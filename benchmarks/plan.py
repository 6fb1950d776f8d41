"""Time the full-year default example by stage and report its peak memory.

    python benchmarks/plan.py [--repeats 3] [--scenario inputs/example_park.yaml]

Stages: inputs (read weather, pvlib, windpowerlib, load, tariff), build (Pyomo model and
its translation into HiGHS), solve (HiGHS), write (results folder with plots). Medians over
the repeats, all measured in this one run; peak memory is the process's peak resident set
size (resource.getrusage), which includes HiGHS's own memory.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

from parkopt import load_scenario, plan, prepare, write_run

ROOT = Path(__file__).resolve().parents[1]


def one_run(path: Path, out: Path) -> dict[str, float]:
    t0 = time.perf_counter()
    inputs = prepare(load_scenario(path))
    t_inputs = time.perf_counter() - t0
    result = plan(inputs)
    t1 = time.perf_counter()
    write_run(result, out)
    t_write = time.perf_counter() - t1
    timing = result.summary["timing_s"]
    return {
        "inputs": t_inputs,
        "build": timing["build"],
        "solve": timing["solve"],
        "write": t_write,
        "total": time.perf_counter() - t0,
        "objective": result.summary["objective"],
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--scenario", type=Path, default=ROOT / "inputs" / "example_park.yaml")
    args = parser.parse_args(argv)
    runs = []
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(args.repeats):
            runs.append(one_run(args.scenario, Path(tmp) / f"run{i}"))
            print(
                f"run {i + 1}: " + ", ".join(f"{k} {v:.2f}" for k, v in runs[-1].items()),
                flush=True,
            )
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\n{args.scenario.name}: median of {args.repeats} runs [s]")
    for stage in ("inputs", "build", "solve", "write", "total"):
        print(f"  {stage:<7} {statistics.median(r[stage] for r in runs):8.2f}")
    print(f"  objective {runs[0]['objective']:,.0f} CNY/year")
    print(f"  peak memory (max RSS) {peak_mib:,.0f} MiB")


if __name__ == "__main__":
    sys.exit(main())
