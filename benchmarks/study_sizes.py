"""The per-run constants of ``optimizer/study/sizes.py``, measured on this machine.

    python benchmarks/study_sizes.py [--out results/bench-sizes]

Three studies of the default example on one worker process: a full-year cap sweep (7 caps,
``keep: all``), 120 Latin-hypercube draws on 12 typical days (``keep: summary``) and 12 such
draws with ``keep: all``. For each: the steady time per run (between the first and the last
finished run folder, so the pool's start is left out) and the bytes per run folder. Then
``inputs/lhs_10000.yaml`` expanded (10,000 runs validated and hashed): seconds and peak
memory per run (``ru_maxrss`` after loading the study against after expanding it).
Note the machine's load beside the figures; copy them into ``sizes.py`` when they move.
"""

from __future__ import annotations

import argparse
import json
import resource
import time
from pathlib import Path

import yaml

from parkopt.optimizer.study import close_executor, expand, load_study, make_executor, run_study
from parkopt.optimizer.study.loop import RUNS_DIR

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "inputs" / "example_park.yaml"
DRAWS = {"technologies.pv.capex_cny_per_kw": [2500, 4000], "carbon.reduction": [0.4, 0.63]}
CASES = {
    "full_year_keep_all": {
        "keep": "all",
        "overrides": {"carbon": {"reduction": None}},
        "grid": {"carbon.cap_t": [31000, 30500, 30000, 29500, 29000, 28500, 28000]},
    },
    "typical_days_keep_summary": {
        "keep": "summary",
        "typical_days": 12,
        "samples": {"n": 120, "seed": 1, "ranges": DRAWS},
    },
    "typical_days_keep_all": {
        "keep": "all",
        "typical_days": 12,
        "samples": {"n": 12, "seed": 1, "ranges": DRAWS},
    },
}


def folder_bytes(folder: Path) -> int:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file())


def measure_case(name: str, body: dict, out: Path) -> dict:
    path = out / f"{name}.yaml"
    doc = {"name": name, "base": str(EXAMPLE), "mode": "plan", **body}
    path.write_text(yaml.safe_dump(doc), encoding="utf-8")
    executor = make_executor(1)
    try:
        folder = run_study(path, out / name, executor, echo=None)
    finally:
        close_executor(executor)
    runs = [d for d in (folder / RUNS_DIR).iterdir() if d.is_dir() and d.name[0] != "."]
    done = sorted((d / "summary.json").stat().st_mtime for d in runs)
    return {
        "runs": len(runs),
        "steady_s_per_run": (done[-1] - done[0]) / (len(done) - 1),
        "bytes_per_run": sum(folder_bytes(d) for d in runs) / len(runs),
    }


def measure_expansion() -> dict:
    spec, base = load_study(ROOT / "inputs" / "lhs_10000.yaml")
    before_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t0 = time.perf_counter()
    runs = expand(spec, base)
    seconds = time.perf_counter() - t0
    after_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "runs": len(runs),
        "s_per_run": seconds / len(runs),
        "bytes_per_run": (after_kb - before_kb) * 1024 / len(runs),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("results") / "bench-sizes")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=False)
    found = {name: measure_case(name, body, args.out) for name, body in CASES.items()}
    found["expand_lhs_10000"] = measure_expansion()
    (args.out / "sizes.json").write_text(json.dumps(found, indent=2), encoding="utf-8")
    for name, figures in found.items():
        print(name, json.dumps(figures))


if __name__ == "__main__":
    main()
