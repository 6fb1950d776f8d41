"""Typical days against the full year: time and error of the screening mode.

    python benchmarks/typical_days.py [--repeats 3] [--days 6 12 24 48]
                                      [--cases default tight wuxi zero]

For each case (``CASES``: the default example, the same at a cap near the reachable one,
``wuxi_park.yaml`` and ``zero_carbon_park.yaml``; the last two read ../shared weather) the
full year is solved once (started from typical days: the full LP's own optimum) and, on the
default example only, also cold; then for each N: build + solve time (clustering included;
the inputs are prepared once and not timed), median of the repeats; the annual cost (the
LP's objective) and its signed relative error against the full year; each capacity's signed
relative error (against the full year's capacity, at least 1 kW or kWh; capacities under 1
in both are left out). The figures in ``parkopt.optimizer.planning.typical_days.MEASURED`` come from
this script.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from parkopt import InfeasibleError, load_scenario, prepare
from parkopt.optimizer.inputs.clustering import cluster
from parkopt.optimizer.inputs.plan_inputs import with_scenario
from parkopt.optimizer.lp import solve_plan
from parkopt.optimizer.planning.typical_days import expand

ROOT = Path(__file__).resolve().parents[1]
FLOOR = 1.0  # kW or kWh: the smallest denominator of a capacity's relative error
TIGHT_REDUCTION = 0.648  # the default example's cap near its reachable 65.2 % cut
CASES = {
    "default": ROOT / "inputs" / "example_park.yaml",
    "tight": ROOT / "inputs" / "example_park.yaml",
    "wuxi": ROOT / "inputs" / "wuxi_park.yaml",
    "zero": ROOT / "inputs" / "zero_carbon_park.yaml",
}
"""The benchmark cases (module docstring); ``scenario`` makes each."""


def scenario(case: str):
    """The scenario of ``case``: its file, the tight one at ``TIGHT_REDUCTION``."""
    s = load_scenario(CASES[case])
    if case == "tight":
        s = s.model_copy(
            update={"carbon": s.carbon.model_copy(update={"reduction": TIGHT_REDUCTION})}
        )
    return s


def full_year(inputs, start: str = "auto") -> tuple[float, float, dict[str, float]]:
    """Build + solve time [s], objective [currency/year] and capacities [kW, kWh], with
    ``solver.start`` set to ``start`` (auto: from typical days; cold: from scratch)."""
    solver = inputs.scenario.solver.model_copy(update={"start": start})
    inputs = with_scenario(inputs, inputs.scenario.model_copy(update={"solver": solver}))
    t0 = time.perf_counter()
    result, _ = solve_plan(inputs)
    return time.perf_counter() - t0, result.objective_value, result.capacities_kw


def typical(inputs, n: int) -> tuple[float, float, dict[str, float]]:
    """Cluster + build + solve time [s], objective and capacities on n typical days."""
    t0 = time.perf_counter()
    clustered = cluster(inputs, n)
    result, _ = solve_plan(clustered.inputs)
    elapsed = time.perf_counter() - t0
    expand(clustered, result)  # not timed: what the plan's figures are made from
    return elapsed, result.objective_value, result.capacities_kw


def errors(obj: float, caps: dict, ref_obj: float, ref_caps: dict) -> tuple[float, dict]:
    """Signed relative error of the objective and of each capacity built in either run [-]
    (positive: the typical days' figure is the larger)."""
    cap_err = {
        k: (caps[k] - v) / max(abs(v), FLOOR)
        for k, v in ref_caps.items()
        if max(abs(v), abs(caps[k])) >= FLOOR
    }
    return (obj - ref_obj) / abs(ref_obj), cap_err


def median_run(fn, repeats: int) -> tuple[float, float, dict]:
    runs = [fn() for _ in range(repeats)]
    return statistics.median(r[0] for r in runs), runs[-1][1], runs[-1][2]


def run_case(case: str, days: list[int], repeats: int) -> None:
    """Print ``case``'s table: the full year, then each N (module docstring)."""
    inputs = prepare(scenario(case))
    t_start, obj_full, caps_full = full_year(inputs, "auto")
    print(f"\n{case} ({CASES[case].name}): build + solve [s], N rows median of {repeats}")
    head = ("N", "time s", "speed-up", "cost", "cost err", "cap err max")
    print(" ".join(f"{h:>{w}}" for h, w in zip(head, (6, 8, 9, 14, 9, 12), strict=True)))
    t_full = t_start
    if case == "default":  # the speed-up against a cold solve, as README quotes it
        t_full, obj_cold, _ = median_run(lambda: full_year(inputs, "cold"), repeats)
        print(f"{'full':>6} {t_full:8.2f} {1.0:9.1f} {obj_cold:14,.0f} {'':>9} {'':>12}  (cold)")
    print(
        f"{'full':>6} {t_start:8.2f} {t_full / t_start:9.1f} {obj_full:14,.0f} {'':>9} "
        f"{'':>12}  (solver.start: auto)"
    )
    for n in days:
        try:
            t, obj, caps = median_run(lambda n=n: typical(inputs, n), repeats)
        except InfeasibleError as err:  # the typical days miss what makes the target reachable
            print(f"{n:>6} infeasible: {err}")
            continue
        obj_err, cap_err = errors(obj, caps, obj_full, caps_full)
        worst = max(cap_err.values(), key=abs, default=0.0)
        print(
            f"{n:>6} {t:8.2f} {t_full / t:9.1f} {obj:14,.0f} {obj_err:+9.2%} {worst:+12.1%}"
            f"  ({t_start / t:.1f})"
        )
        print("       " + ", ".join(f"{k} {v:+.1%}" for k, v in cap_err.items()))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--days", type=int, nargs="+", default=[6, 12, 24, 48])
    parser.add_argument("--cases", nargs="+", choices=list(CASES), default=list(CASES))
    args = parser.parse_args(argv)
    cluster(prepare(load_scenario(CASES["default"])), 12)  # warm up tsam, scikit-learn
    print("speed-up against the full year solved cold (the default example) or started from")
    print("typical days; in brackets against the full year started from typical days")
    for case in args.cases:
        run_case(case, args.days, args.repeats)


if __name__ == "__main__":
    main()
