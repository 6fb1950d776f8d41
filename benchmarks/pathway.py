"""The pathway's time and memory: the whole process, as a user runs it.

    python benchmarks/pathway.py [--repeats 3] [--full-year] [--scenario inputs/pathway_2030.yaml]

Each repeat is ``parkopt run SCENARIO --out <tmp>`` in a fresh process (prepare, cluster,
build, solve, assemble, write the folder with its figures and report), timed from outside;
the peak resident memory of the child is read from ``resource.getrusage``. The stages'
times are pathway.json's ``timing_s``. Prints the median, and with ``--full-year`` the same
pathway on every hour of every period (``pathway.typical_days: null``), once.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT / "inputs" / "pathway_2030.yaml"


def run_once(scenario: Path, folder: Path) -> tuple[float, float, dict]:
    """Wall time [s], peak memory of the child [MiB] and the stages' times of one run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t0 = time.perf_counter()
    exe = Path(sys.executable).parent / "parkopt"  # the console script of this environment
    cmd = [str(exe), "run", str(scenario), "--out", str(folder), "--quiet"]
    subprocess.run(cmd, check=True, capture_output=True)
    wall = time.perf_counter() - t0
    peak = max(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, before) / 1024
    doc = json.loads((folder / "pathway.json").read_text(encoding="utf-8"))
    return wall, peak, doc["timing_s"]


def full_year(scenario: Path, tmp: Path) -> Path:
    """The scenario with every hour of every period (its paths made absolute)."""
    data = yaml.safe_load(scenario.read_text(encoding="utf-8"))
    data["pathway"]["typical_days"] = None
    weather = data.get("weather") or {}
    if "path" in weather and not Path(weather["path"]).is_absolute():
        weather["path"] = str((scenario.parent / weather["path"]).resolve())
    out = tmp / f"{scenario.stem}_full_year.yaml"
    out.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scenario", type=Path, default=DEFAULT)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--full-year", action="store_true")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        runs = [run_once(a.scenario, tmp / f"run{i}") for i in range(a.repeats)]
        walls = [r[0] for r in runs]
        print(
            f"{a.scenario.name}: whole process, median of {a.repeats}: "
            f"{statistics.median(walls):.1f} s (runs {', '.join(f'{w:.1f}' for w in walls)}); "
            f"peak memory {max(r[1] for r in runs):.0f} MiB"
        )
        print(
            "  stages of the last run [s]: "
            + ", ".join(f"{k} {v:.1f}" for k, v in runs[-1][2].items())
        )
        if a.full_year:
            wall, peak, stages = run_once(full_year(a.scenario, tmp), tmp / "full")
            print(f"  every hour of every period: {wall:.1f} s, peak memory {peak:.0f} MiB")
            print("  stages [s]: " + ", ".join(f"{k} {v:.1f}" for k, v in stages.items()))


if __name__ == "__main__":
    main()
