"""Time one plan, whole process, against PyPSA on the same LP, and report peak memory.

    python benchmarks/plan.py [--repeats 3] [--scenario inputs/example_park.yaml ...]
    python benchmarks/plan.py --quick        # four June weeks, one repeat: tests this script
    python benchmarks/plan.py --pypsa-options '{"solver": "simplex"}'  # PyPSA, other options
    python benchmarks/plan.py --case tight|indicator|multienergy [--repeats 1]

The cases of issue 23, where the targets bind (each a full year, ``CASES``):

* ``tight``: the default example (inputs/example_park.yaml) with PV and wind unbounded
  (``max_kw`` null) and a cap at 10 % of its grid-only emissions (``carbon.reduction``
  0.9). Issue 23 named 20 % (an 80 % cut), but with PV and wind unbounded the cost optimum
  alone now cuts 81.8 % (13,645 of 75,071 tCO2), so a cap at 20 % does not bind;
  ``--reduction 0.8`` runs it as named;
* ``indicator``: the zero-carbon park (inputs/zero_carbon_park.yaml, needs ../shared's
  Nanjing weather) as shipped: the notice's indicator at 0.2 tCO2/tce;
* ``multienergy``: the same park with a binding cap instead of the indicator:
  ``carbon.reduction`` 0.95, i.e. at most 5 % of today's Scope 1 + 2 emissions (grid
  power, and the heat from today's gas boilers: 115,940 tCO2): CO2 price 1,611 CNY/t, the
  electric boiler and the steam accumulator built. At 0.7 (issue 23's 30 %) and at 0.9 the
  cap binds too, but green certificates meet it at the margin (CO2 price = premium / grid
  factor = 54.5 CNY/t) and the heat side stays as the cost optimum has it.

With a case, the report adds the objective difference [CNY/year] and parkopt's start path
(``summary["solve_start"]``: typical days, the pinned solve and how it went).

Each repeat runs each tool in a fresh Python process of its own (alternating, so both meet
the same machine load), so peak memory (``ru_maxrss`` of the child) is per tool and
includes HiGHS's own memory. Medians over the repeats, all measured in this one run.

parkopt's whole process: ``load_scenario`` and ``prepare`` (weather, pvlib, windpowerlib,
load, tariff), ``plan(inputs, whole_turbines=False)`` (the Pyomo model, its translation
into HiGHS, the solve, the audit and the KPIs) and ``write_run(result, out, plots=False)``.

PyPSA's whole process on the same LP (``benchmarks/pypsa_park.py``): the same ``prepare``
(PyPSA has no weather-to-power chain of its own here; the arrays are parkopt's), the network
built from the prepared arrays, ``n.optimize(solver_name="highs")`` with PyPSA's default
options (no solver options: HiGHS defaults, through the LP file linopy writes), and
``n.export_to_netcdf`` plus the capacities and the objective to CSV.

Stages: inputs (``prepare``); build (parkopt: ``timing_s.build``; PyPSA: the network, the
linopy model and the solution read back into the network, i.e. all of ``n.optimize``
outside linopy's ``Model.solve``); solve (parkopt: ``timing_s.solve``; PyPSA: linopy's
``Model.solve``, which writes the LP file, runs HiGHS and reads the solution; ``highs``
is HiGHS's own run time in it); write; total (in the process, from ``load_scenario`` to the
last file written); process (the child's wall time seen from here: interpreter start and
imports included). Scenarios PyPSA's model lacks (heat) are timed for parkopt alone.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from parkopt import load_scenario, plan, prepare, write_run

ROOT = Path(__file__).resolve().parents[1]
INPUTS = ROOT / "inputs"
DEFAULT_SCENARIOS = [INPUTS / "example_park.yaml", INPUTS / "zero_carbon_park.yaml"]
QUICK = {
    "hours": 672,
    "start_hour": 3624,
}  # four weeks from 1 June (a 60 % cut is reachable)
RESULT = "RESULT "  # prefix of the child's one line of JSON on stdout
STAGES = ("inputs", "build", "solve", "highs", "write", "total", "process")
GOAL_RATIO = 0.5  # parkopt's whole process at most half PyPSA's (issue 14)
GOAL_RATIO_CASE = 0.25  # where the targets bind: at most a quarter (issue 23)
CASES = {
    "tight": INPUTS / "example_park.yaml",
    "indicator": INPUTS / "zero_carbon_park.yaml",
    "multienergy": INPUTS / "zero_carbon_park.yaml",
}
"""The cases where targets bind (module docstring); ``with_case`` makes each scenario."""
REDUCTION = {"tight": 0.9, "multienergy": 0.95}
"""``carbon.reduction`` of the capped cases (module docstring; ``--reduction`` overrides)."""
GOAL_MIB = 1024.0  # peak memory
GOAL_REL = 1e-6  # objective agreement


def peak_mib() -> float:
    """This process's peak resident set size [MiB] (Linux reports ru_maxrss in KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def with_case(scenario, case: str | None, reduction: float | None = None):
    """The scenario of one of ``CASES`` (None: as it is); ``reduction`` instead of the
    case's."""
    if case is None or case == "indicator":
        return scenario
    carbon = type(scenario.carbon)(reduction=reduction or REDUCTION[case])
    if case == "multienergy":
        return scenario.model_copy(update={"carbon": carbon})
    tech = scenario.technologies
    unbounded = {
        name: getattr(tech, name).model_copy(update={"max_kw": None}) for name in ("pv", "wind")
    }
    return scenario.model_copy(
        update={
            "technologies": tech.model_copy(update=unbounded),
            "carbon": carbon,
        }
    )


def load(path: Path, args: argparse.Namespace):
    """The scenario at ``path`` (made into ``args.case``'s), on a shorter horizon if
    ``args.hours``."""
    scenario = with_case(load_scenario(path), args.case, args.reduction)
    if args.hours is None:
        return scenario
    update = {"horizon_hours": args.hours, "horizon_start_hour": args.start_hour}
    return scenario.model_copy(update=update)


def child_parkopt(path: Path, out: Path, args: argparse.Namespace) -> dict:
    """parkopt's whole process once; stage times [s], objective [CNY/year], peak [MiB]."""
    t0 = time.perf_counter()
    inputs = prepare(load(path, args))
    t_inputs = time.perf_counter() - t0
    result = plan(inputs, whole_turbines=False)
    t1 = time.perf_counter()
    write_run(result, out, plots=False)
    t_write = time.perf_counter() - t1
    timing = result.summary["timing_s"]
    return {
        "inputs": t_inputs,
        "build": timing["build"],
        "solve": timing["solve"],
        "highs": timing.get("highs", timing["solve"]),
        "write": t_write,
        "total": time.perf_counter() - t0,
        "objective": result.summary["objective"],
        "hours": inputs.hours,
        "capacities": {k: v for k, v in result.capacities.items() if v},
        "peak_mib": peak_mib(),
        "start": result.summary.get("solve_start"),
        "prices": {k: v for k, v in result.summary.items() if k in PRICES and v is not None},
    }


PRICES = ("abatement_cost_per_t", "indicator_target_price_per_t")
"""Shadow prices of the targets the cases bind [CNY/tCO2]."""


def child_pypsa(path: Path, out: Path, args: argparse.Namespace) -> dict:
    """PyPSA's whole process once on the same LP; as ``child_parkopt``. HiGHS runs with
    PyPSA's defaults unless ``args.pypsa_options`` (JSON)."""
    # PyPSA and linopy are imported in this child only, so parkopt's child never loads them
    import linopy
    import pandas as pd
    import pypsa_park
    import pypsa_targets

    solve_s = 0.0
    model_solve = linopy.Model.solve

    def timed_solve(self, *a, **kw):  # linopy's Model.solve, timed
        nonlocal solve_s
        t = time.perf_counter()
        try:
            return model_solve(self, *a, **kw)
        finally:
            solve_s += time.perf_counter() - t

    linopy.Model.solve = timed_solve
    t0 = time.perf_counter()
    inputs = prepare(load(path, args))
    t_inputs = time.perf_counter() - t0
    try:
        park = pypsa_park.park_from_inputs(inputs)
    except ValueError as err:
        return {"unsupported": str(err)}
    t1 = time.perf_counter()
    n, extra = pypsa_park.build_network(**park)
    pypsa_park.solve(n, extra, json.loads(args.pypsa_options or "null"))
    t2 = time.perf_counter()
    out.mkdir(parents=True)
    n.export_to_netcdf(out / "network.nc")
    capacities = pypsa_park.capacities(n)
    objective = pypsa_park.objective_cny(n)
    prices = {}
    if "co2_cap" in n.global_constraints.index:
        prices["abatement_cost_per_t"] = -float(n.global_constraints.mu["co2_cap"]) * 1e3
    if "tco2_per_tce" in n.model.constraints:
        prices["indicator_target_price_per_t"] = pypsa_targets.indicator_dual_cny_per_t(n)
    pd.DataFrame([capacities]).to_csv(out / "capacities.csv", index=False)
    pd.DataFrame([{"objective_cny_per_year": objective}]).to_csv(out / "objective.csv")
    t3 = time.perf_counter()
    return {
        "inputs": t_inputs,
        "build": t2 - t1 - solve_s,
        "solve": solve_s,
        "highs": float(n.model.solver_model.getRunTime()),
        "write": t3 - t2,
        "total": t3 - t0,
        "objective": objective,
        "hours": inputs.hours,
        "capacities": {k: v for k, v in capacities.items() if v},
        "peak_mib": peak_mib(),
        "prices": prices,
    }


CHILDREN = {"parkopt": child_parkopt, "pypsa": child_pypsa}


def spawn(tool: str, path: Path, out: Path, args: argparse.Namespace) -> dict:
    """Run one tool's whole process in a fresh interpreter; its figures and wall time."""
    cmd = [
        sys.executable,
        __file__,
        "--child",
        tool,
        "--out",
        str(out),
        "--scenario",
        str(path),
    ]
    if args.hours is not None:
        cmd += ["--hours", str(args.hours), "--start-hour", str(args.start_hour)]
    if args.pypsa_options:
        cmd += ["--pypsa-options", args.pypsa_options]
    if args.case:
        cmd += ["--case", args.case]
    if args.reduction is not None:
        cmd += ["--reduction", str(args.reduction)]
    env = {**os.environ, "MPLBACKEND": "Agg"}
    t0 = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True, env=env)
    wall = time.perf_counter() - t0
    lines = [x for x in done.stdout.splitlines() if x.startswith(RESULT)]
    if done.returncode != 0 or not lines:
        raise RuntimeError(f"{tool} failed ({done.returncode}):\n{done.stderr[-3000:]}")
    return {**json.loads(lines[-1][len(RESULT) :]), "process": wall}


def median(runs: list[dict], key: str) -> float:
    return statistics.median(r[key] for r in runs)


def case_label(args: argparse.Namespace) -> str | None:
    """The case and its carbon.reduction, for the report's heading (None: no case)."""
    if args.case is None or args.case == "indicator":
        return args.case
    return f"{args.case}, carbon.reduction {args.reduction or REDUCTION[args.case]}"


def report(path: Path, runs: dict[str, list[dict]], case: str | None = None) -> None:
    """Print the side-by-side table of one scenario (``case``: ``case_label``)."""
    ours, theirs = runs["parkopt"], runs.get("pypsa", [])
    repeats, hours = len(ours), ours[0]["hours"]
    name = path.name if case is None else f"case {case} ({path.name})"
    print(f"\n{name}, {hours} h: medians of {repeats} runs, each in a fresh process [s]")
    print(f"  {'stage':<9}{'parkopt':>10}{'PyPSA':>10}{'parkopt/PyPSA':>15}")
    for stage in STAGES:
        a = median(ours, stage)
        if theirs:
            b = median(theirs, stage)
            print(f"  {stage:<9}{a:10.2f}{b:10.2f}{a / b:15.2f}")
        else:
            print(f"  {stage:<9}{a:10.2f}{'-':>10}")
    a = max(r["peak_mib"] for r in ours)
    if theirs:
        b = max(r["peak_mib"] for r in theirs)
        print(f"  {'peak MiB':<9}{a:10.0f}{b:10.0f}{a / b:15.2f}   (largest of the repeats)")
    else:
        print(f"  {'peak MiB':<9}{a:10.0f}{'-':>10}   (largest of the repeats)")
    obj = ours[0]["objective"]
    print(f"  objective parkopt {obj:,.2f} CNY/year")
    for i, r in enumerate(ours):
        print(f"  parkopt's start, run {i + 1}: {json.dumps(r.get('start'))}")
    if not theirs:
        return
    other = theirs[0]["objective"]
    rel = abs(obj - other) / abs(other)
    print(
        f"  objective PyPSA   {other:,.2f} CNY/year; difference {obj - other:+,.2f} CNY/year, "
        f"{rel:.1e} relative"
    )
    mine, other_prices = ours[0].get("prices", {}), theirs[0].get("prices", {})
    for key in dict.fromkeys([*mine, *other_prices]):  # null in parkopt: the row is slack
        shown = ["-" if x is None else f"{x:,.4f}" for x in (mine.get(key), other_prices.get(key))]
        print(f"  {key} parkopt {shown[0]}, PyPSA {shown[1]} CNY/t")
    caps = ", ".join(
        f"{k} {v:,.1f}/{theirs[0]['capacities'].get(k, 0.0):,.1f}"
        for k, v in ours[0]["capacities"].items()
    )
    print(f"  capacities parkopt/PyPSA [kW, kWh]: {caps}")
    ratio = median(ours, "total") / median(theirs, "total")
    goal = GOAL_RATIO if case is None else GOAL_RATIO_CASE
    met = ratio <= goal and a <= GOAL_MIB and rel <= GOAL_REL
    print(
        f"  goal (total <= {goal}x PyPSA, peak <= {GOAL_MIB:.0f} MiB, objective to "
        f"{GOAL_REL:.0e}): {'met' if met else 'NOT met'} (ratio {ratio:.2f}, "
        f"{a:.0f} MiB, {rel:.1e})"
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--scenario", type=Path, nargs="+", default=DEFAULT_SCENARIOS)
    parser.add_argument("--hours", type=int, default=None, help="horizon (default: the file's)")
    parser.add_argument("--start-hour", type=int, default=0)
    parser.add_argument("--quick", action="store_true", help="four June weeks, one repeat")
    parser.add_argument("--no-pypsa", action="store_true", help="time parkopt alone")
    parser.add_argument(
        "--pypsa-options",
        help="HiGHS options for PyPSA as JSON (default: PyPSA's, none)",
    )
    parser.add_argument(
        "--case",
        choices=sorted(CASES),
        help="a case where targets bind (module docstring)",
    )
    parser.add_argument(
        "--reduction",
        type=float,
        help="carbon.reduction of the tight or multienergy case",
    )
    parser.add_argument("--child", choices=sorted(CHILDREN), help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.quick:
        args.hours, args.start_hour, args.repeats = (
            QUICK["hours"],
            QUICK["start_hour"],
            1,
        )
    if args.case and not args.child:
        args.scenario = [CASES[args.case]]
    if args.child:
        figures = CHILDREN[args.child](args.scenario[0], args.out, args)
        print(RESULT + json.dumps(figures), flush=True)
        return
    print(f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f} at start")
    print(f"PyPSA's HiGHS options: {args.pypsa_options or 'none (PyPSA and HiGHS defaults)'}")
    with tempfile.TemporaryDirectory() as tmp:
        for path in args.scenario:
            tools = ["parkopt"] if args.no_pypsa else ["parkopt", "pypsa"]
            runs: dict[str, list[dict]] = {tool: [] for tool in tools}
            for i in range(args.repeats):
                for tool in list(tools):
                    out = Path(tmp) / f"{path.stem}_{tool}_{i}"
                    r = spawn(tool, path, out, args)
                    if "unsupported" in r:
                        print(
                            f"{path.name}: PyPSA left out: {r['unsupported']}",
                            flush=True,
                        )
                        tools.remove(tool)
                        del runs[tool]
                        continue
                    runs[tool].append(r)
                    print(
                        f"{path.name} run {i + 1} {tool}: "
                        + ", ".join(f"{k} {r[k]:.2f}" for k in STAGES)
                        + f", peak {r['peak_mib']:.0f} MiB",
                        flush=True,
                    )
            report(path, runs, case_label(args))
    print(f"load average {os.getloadavg()[0]:.2f} at the end")


if __name__ == "__main__":
    main()
