"""Wind priced as whole turbines against the plan's own time (issue 23, goal 6).

    python benchmarks/turbines.py [--repeats 3] [--case default indicator heat short]
    python benchmarks/turbines.py --check   # also the brute-force re-solves, compared
    python benchmarks/turbines.py --quick   # the short case, one repeat: tests this script

Each case is prepared once; then ``plan(inputs)`` runs ``--repeats`` times in this process,
each on a model built anew (no cache between repeats). Per case, medians over the repeats,
all measured in this one run: the build, the solve, the whole-turbine step
(``timing_s.whole_turbines``), the plan's wall time (``plan()`` from call to return:
build, solve, whole turbines, the audit and the KPIs), and the whole-turbine step's share
of it (the goal: at most ``GOAL_SHARE``).

``--check`` re-solves each candidate count from scratch (a model built anew, wind fixed at
the count, every other capacity free, solved cold as a plan is: ``lp.start.solve_cold``,
through typical days on a long horizon) and compares: the chosen count
must be the cheaper one of those re-solves and the plan's objective equal to its cost
within ``GOAL_REL``.

The cases (whole turbines need exactly one wind site):

* ``default``: inputs/example_park.yaml as shipped (full year, pvlib's TMY3 weather);
* ``indicator``: inputs/zero_carbon_park.yaml (the notice's indicator at 0.2 tCO2/tce,
  which binds; steam and hot water; needs ../shared's Nanjing weather) with the default
  example's wind (E-141/4200 at 120 m, up to 12 turbines): the shipped file has no wind;
* ``heat``: inputs/cchp_park.yaml (CHP, chillers, a cold store, a 48 % cut) with its
  north wind site only (the shipped two sites are not rounded), unbounded (alone at its
  four turbines the cut is out of reach), on eight summer weeks (1344 h from hour 3624,
  1 June: cooling and heat; no typical-day start below 60 days): its full year took over
  13 minutes a plan on the loaded 2-core machine, and twelve weeks stopped HiGHS with
  ``Unknown`` in the plan's own solve;
* ``short``: the default example on four June weeks (672 h from hour 3624), where the plan
  starts cold (no typical days) and the typical-day screening does not apply.
"""

from __future__ import annotations

import argparse
import copy
import statistics
import time
from pathlib import Path

from parkopt import plan, prepare, scenario_from_dict
from parkopt.models.units import KW_PER_MW, kw_to_mw
from parkopt.optimizer.common.text_files import read_yaml
from parkopt.optimizer.lp import build_model, new_solver
from parkopt.optimizer.lp.start import solve_cold
from parkopt.optimizer.planning.wind_rounding import wind_instance

ROOT = Path(__file__).resolve().parents[1]
INPUTS = ROOT / "inputs"
GOAL_SHARE = 0.20  # the whole-turbine step at most a fifth of the plan's wall time
GOAL_REL = 1e-6  # the plan's objective against the brute-force re-solve's
EXAMPLE_WIND = {
    "turbine_type": "E-141/4200",
    "hub_height_m": 120,
    "roughness_length_m": 0.1,
    "max_kw": 50400,  # twelve turbines
    "capex_cny_per_kw": 5800,
    "fixed_om_fraction_per_year": 0.02,
    "life_years": 20,
}


def _indicator(data: dict) -> None:
    data["technologies"]["wind"] = dict(EXAMPLE_WIND)


def _heat(data: dict) -> None:
    data["technologies"]["wind"] = [{**data["technologies"]["wind"][0], "max_kw": None}]
    data.update(horizon_hours=1344, horizon_start_hour=3624)


def _short(data: dict) -> None:
    data.update(horizon_hours=672, horizon_start_hour=3624)


CASES = {
    "default": ("example_park.yaml", None),
    "indicator": ("zero_carbon_park.yaml", _indicator),
    "heat": ("cchp_park.yaml", _heat),
    "short": ("example_park.yaml", _short),
}


def case_inputs(case: str):
    """The prepared inputs of ``case`` (``CASES``)."""
    name, change = CASES[case]
    path = INPUTS / name
    data = copy.deepcopy(read_yaml(path, "a scenario YAML file"))
    if change is not None:
        change(data)
    return prepare(scenario_from_dict(data, source=str(path), base_dir=path.parent.resolve()))


def timed_plan(inputs) -> dict:
    """One plan: its stage times [s], its objective [CNY/year] and the whole-turbine block."""
    t0 = time.perf_counter()
    p = plan(inputs)
    wall = time.perf_counter() - t0
    t = p.summary["timing_s"]
    return {
        "build": t["build"],
        "solve": t["solve"],
        "whole": t.get("whole_turbines", 0.0),
        "plan": wall,
        "objective": p.summary["objective"],
        "turbines": p.summary.get("wind_turbines") or {},
    }


def brute_force(inputs, rounding: dict) -> dict[int, float | None]:
    """Each candidate count's cost [CNY/year] by a cold solve of a model built anew with wind
    fixed there (None: not optimal or outside the wind bounds)."""
    key = wind_instance(inputs).capacities[0].key
    out: dict[int, float | None] = {}
    for c in rounding["candidates"]:
        out[c["turbines"]] = None
        if not c["feasible"] and "_kw" in c.get("reason", ""):
            continue
        m = build_model(inputs)
        m.cap[key].setlb(kw_to_mw(c["kw"]))
        m.cap[key].setub(kw_to_mw(c["kw"]))
        status = solve_cold(m, inputs, new_solver(m))
        if status.optimal:
            out[c["turbines"]] = status.objective * KW_PER_MW
    return out


def run_case(case: str, repeats: int, check: bool) -> dict:
    """Medians over ``repeats`` plans of ``case``, and with ``check`` the comparison."""
    inputs = case_inputs(case)
    runs = [timed_plan(inputs) for _ in range(repeats)]
    med = {k: statistics.median(r[k] for r in runs) for k in ("build", "solve", "whole", "plan")}
    med["share"] = statistics.median(r["whole"] / r["plan"] for r in runs)
    last = runs[-1]
    chosen = (last["turbines"].get("chosen") or {}).get("turbines")
    row = {"case": case, **med, "chosen": chosen, "objective": last["objective"]}
    row["continuous"] = last["turbines"].get("turbines")
    if check and last["turbines"]:
        costs = brute_force(inputs, last["turbines"])
        feasible = {n: c for n, c in costs.items() if c is not None}
        best = min(feasible, key=lambda n: (feasible[n], n)) if feasible else None
        row["brute_chosen"] = best
        row["brute_rel"] = (
            abs(last["objective"] - feasible[best]) / abs(feasible[best]) if best else None
        )
        row["ok"] = best == chosen and row["brute_rel"] is not None and row["brute_rel"] <= GOAL_REL
    return row


def _print(rows: list[dict], repeats: int) -> None:
    print(f"\nmedians of {repeats} [s]; share = whole turbines / plan wall (goal <= {GOAL_SHARE})")
    head = f"{'case':<10}{'build':>7}{'solve':>7}{'whole':>7}{'plan':>7}{'share':>7}  turbines"
    print(head)
    for r in rows:
        line = (
            f"{r['case']:<10}{r['build']:>7.2f}{r['solve']:>7.2f}{r['whole']:>7.2f}"
            f"{r['plan']:>7.2f}{r['share']:>7.1%}  "
        )
        cont = "-" if r["continuous"] is None else f"{r['continuous']:.2f}"
        line += f"{cont} -> {r['chosen']}"
        if "brute_chosen" in r:
            rel = "-" if r["brute_rel"] is None else f"{r['brute_rel']:.1e}"
            line += f"  brute force {r['brute_chosen']}, rel {rel}, {'ok' if r['ok'] else 'FAIL'}"
        print(line, flush=True)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--case", nargs="+", choices=list(CASES), default=list(CASES))
    ap.add_argument("--check", action="store_true", help="compare with brute-force re-solves")
    ap.add_argument("--quick", action="store_true", help="the short case once (a smoke test)")
    args = ap.parse_args(argv)
    if args.quick:
        args.case, args.repeats, args.check = ["short"], 1, True
    rows = []
    for case in args.case:
        rows.append(run_case(case, args.repeats, args.check))
        _print(rows[-1:], args.repeats)
    _print(rows, args.repeats)
    if args.check and not all(r.get("ok", True) for r in rows):
        raise SystemExit(1)


if __name__ == "__main__":
    main()
