"""The `parkopt` command: a thin shell over the Python API.

Exit codes: 0 done; 2 bad input (every problem printed, one per line); 3 infeasible plan
(the colliding limits named); 4 solver failure; 5 a study finished with failed runs (one
line each on stderr); 6 a file could not be written (the path and the cause on one line).
What is printed is formatted in ``parkopt.optimizer.outputs.console``.
"""

from __future__ import annotations

import sys
import time
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import numpy as np
import typer

from parkopt.models.turbines import turbine_table
from parkopt.optimizer.cli.common import (
    EXIT_CODES,
    EXIT_INFEASIBLE,
    EXIT_INPUT,
    EXIT_RUNS_FAILED,
    EXIT_SOLVER,
    EXIT_WRITE,
    MaxRunsOption,
    NoPlotsOption,
    OutOption,
    QuietOption,
    _check_out,
    _check_out_folder,
    _fail,
    _say,
    guarded,
)
from parkopt.optimizer.cli.schema import schema
from parkopt.optimizer.cli.study import study
from parkopt.optimizer.common.errors import InfeasibleError, Problem, ScenarioError, SolverError
from parkopt.optimizer.inputs.clustering import check_n_days
from parkopt.optimizer.inputs.prepare import prepare
from parkopt.optimizer.inputs.synthetic import make_inputs
from parkopt.optimizer.inventory.command import inventory
from parkopt.optimizer.lp import progress
from parkopt.optimizer.outputs.compare import compare as compare_runs
from parkopt.optimizer.outputs.console import format_summary, format_table, format_turbines, qty
from parkopt.optimizer.outputs.results import read_capacities, read_summary, write_run
from parkopt.optimizer.planning.plan import plan
from parkopt.optimizer.planning.simulate import simulate as run_simulation
from parkopt.optimizer.planning.typical_days import plan_typical_days
from parkopt.optimizer.report import write_report
from parkopt.optimizer.report.command import report
from parkopt.optimizer.schema.instances import capacity_keys as instance_capacity_keys
from parkopt.optimizer.schema.scenario import load_scenario
from parkopt.optimizer.schema.technologies import CAPACITY_KEYS, TECHNOLOGIES
from parkopt.optimizer.study.validate import is_study_file, validate_study

__all__ = [
    "EXIT_INFEASIBLE",
    "EXIT_INPUT",
    "EXIT_RUNS_FAILED",
    "EXIT_SOLVER",
    "EXIT_WRITE",
    "app",
]


def _technologies() -> str:
    """What may be built, from the registry: 'PV, wind, battery, ... and thermal storage'."""
    names = [
        t.label if t.label.isupper() else t.label[0].lower() + t.label[1:] for t in TECHNOLOGIES
    ]
    return ", ".join(names[:-1]) + " and " + names[-1]


APP_HELP = (
    f"Plan a zero-carbon industrial park at least cost: what to build ({_technologies()}), "
    "how to run it hour by hour and what to buy (grid power, gas, purchased heat, green "
    "certificates or green power), under a carbon or green target, judged by the "
    "zero-carbon park indicator (tCO2/tce) and clean energy share. Simulate given "
    "capacities, run studies (sweeps, siting, samples, variants) on a process pool or Dask, "
    "plan a pathway over years to acceptance, take the park's carbon inventory from meter "
    "files, report in English or Chinese."
)
RUN_HELP = (
    f"Plan: size what SCENARIO may build ({_technologies()}) and its hourly operation at "
    "least cost under its carbon or green target (heat levels, gas and purchased heat, "
    "green purchases as the scenario gives them); write a results folder (summary.json with "
    "the zero-carbon park indicator, capacities, hourly dispatch, plots, report.html and "
    "report.xlsx). A scenario with a pathway section is planned over its periods (what to "
    "build each year until the indicator holds): pathway.json, the build schedule, the path "
    "against each period's targets, the cash flow by year and each period's plan."
)

# No rich markup: it would take units in square brackets ("[kW_DC]") for markup tags and
# drop them, and it shows boolean flags as taking a <bool> value.
app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help=APP_HELP,
    epilog=EXIT_CODES,
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        try:
            number = version("parkopt")
        except PackageNotFoundError:  # running from a source tree
            number = "0+unknown"
        typer.echo(f"parkopt {number}")
        raise typer.Exit(0)


app.command()(inventory)
app.command()(report)
app.command()(study)
app.command()(schema)


@app.callback()
def _main(
    version: bool = typer.Option(
        False,
        "--version",
        callback=_version,
        is_eager=True,
        help="Print the parkopt version and exit.",
    ),
) -> None:
    """Options that come before the command (--version)."""


def _load(scenario: Path, out: Path | None):
    """Refuse an existing --out, then read and validate the scenario (before any work)."""

    _check_out(out)
    return load_scenario(scenario)


def _report_inside(tmp: Path, target: Path) -> None:
    """report.html and report.xlsx (English; `parkopt report --lang zh` adds Chinese) into a
    run folder still under its temporary name."""
    write_report(tmp, name=target.name)


def _write_and_report(result, out: Path | None, no_plots: bool, quiet: bool, t0: float) -> None:
    """Write the run folder, print the summary and the folder (shared by run and simulate)."""

    try:  # the report inside before the rename: the folder appears whole or not at all
        folder = write_run(result, out, not no_plots, _report_inside)
    except OSError as err:
        _fail(err)
    _say(quiet, format_summary(result.summary, result.scenario.tariff.currency))
    _say(quiet, f"  done in {time.perf_counter() - t0:.1f} s; results in:")
    typer.echo(str(folder))


@app.command(help=RUN_HELP)
def run(
    scenario: Path = typer.Argument(..., help="Scenario YAML file."),
    out: OutOption = None,
    quiet: QuietOption = False,
    no_plots: NoPlotsOption = False,
    typical_days: int | None = typer.Option(
        None,
        "--typical-days",
        help="Screen on N typical days (the year clustered with tsam, storage linked across "
        "days) instead of every hour: much faster, approximate (overrides "
        "solver.typical_days).",
    ),
) -> None:
    t0 = time.perf_counter()
    progress.set_sink(None if quiet else typer.echo)  # a long solve shows its progress
    try:
        sc = _load(scenario, out)
        if sc.pathway is not None:
            from parkopt.optimizer.pathway.command import run_pathway

            return run_pathway(sc, out, no_plots, quiet, t0, typical_days)
        _say(quiet, f"parkopt: planning '{sc.park.name}' ({sc.horizon_hours} h)")
        inputs = prepare(sc)
        n_days, where = typical_days, ("command line", "--typical-days")
        if n_days is None and sc.solver.typical_days is not None:
            n_days, where = sc.solver.typical_days, (str(scenario), "solver.typical_days")
        if n_days is not None:
            check_n_days(inputs, n_days, where)
        on = "the LP" if n_days is None else f"the LP on {n_days} typical days"
        _say(
            quiet, f"  inputs ready in {inputs.timing_s['inputs']:.1f} s; building and solving {on}"
        )
        result = plan(inputs) if n_days is None else plan_typical_days(inputs, n_days, where=where)
    except (ScenarioError, InfeasibleError, SolverError) as err:
        _fail(err)
    _write_and_report(result, out, no_plots, quiet, t0)


def _capacity_options(items: list[str], scenario) -> dict[str, float]:
    """``--capacity KEY=VALUE`` options as capacities (the registry's keys and the
    scenario's named instances', e.g. ``pv_roof_east_kw``); ScenarioError naming each bad
    one."""
    keys = (*CAPACITY_KEYS, *instance_capacity_keys(scenario))
    out, problems = {}, []
    for item in items:
        key, sep, value = item.partition("=")
        try:
            number = float(value)
        except ValueError:
            number = None
        if not sep or key not in keys or number is None:
            problems.append(
                Problem(
                    "--capacity",
                    key or item,
                    item,
                    f"KEY=VALUE with KEY one of {', '.join(keys)} and a number",
                )
            )
        else:
            out[key] = number
    if problems:
        raise ScenarioError(problems)
    return out


@app.command()
def simulate(
    scenario: Path = typer.Argument(..., help="Scenario YAML file."),
    capacities: Path | None = typer.Option(None, "--capacities", help="A plan's results folder."),
    pv_kw: float | None = typer.Option(None, "--pv-kw", help="PV capacity [kW_DC]."),
    wind_kw: float | None = typer.Option(None, "--wind-kw", help="Wind capacity [kW]."),
    battery_kw: float | None = typer.Option(None, "--battery-kw", help="Battery power [kW]."),
    battery_kwh: float | None = typer.Option(None, "--battery-kwh", help="Battery energy [kWh]."),
    capacity: list[str] = typer.Option(
        [],
        "--capacity",
        help="Any capacity as KEY=VALUE, repeatable: e.g. heat_pump_kw=5000, "
        "thermal_storage_kwh=40000 (keys as in capacities.csv; kW, kW_th, kWh).",
    ),
    strategy: str = typer.Option("optimal", "--strategy", help="optimal | self_consumption."),
    tou_charging: bool = typer.Option(
        False, "--tou-charging", help="self_consumption: charge from the grid in valley hours."
    ),
    out: Path | None = typer.Option(
        None, "--out", help="Results folder (default results/<name>-sim-<UTC time>/)."
    ),
    quiet: QuietOption = False,
    no_plots: NoPlotsOption = False,
) -> None:
    """Simulate: run given capacities hour by hour through the year."""

    t0 = time.perf_counter()
    try:
        sc = _load(scenario, out)
        caps = read_capacities(capacities) if capacities is not None else {}
        given = {"pv_kw": pv_kw, "wind_kw": wind_kw, "battery_kw": battery_kw}
        given["battery_kwh"] = battery_kwh
        caps.update({k: v for k, v in given.items() if v is not None})
        caps.update(_capacity_options(capacity, sc))
        _say(quiet, f"parkopt: simulating '{sc.park.name}' with strategy {strategy}")
        inputs = prepare(sc)
        result = run_simulation(
            inputs, caps, strategy, tou_charging, where=str(capacities or "--*-kw / --capacity")
        )
    except (ScenarioError, InfeasibleError, SolverError) as err:
        _fail(err)
    _write_and_report(result, out, no_plots, quiet, t0)


@app.command()
def compare(
    runs: list[Path] = typer.Argument(..., help="Results folders to compare."),
    out: Path | None = typer.Option(
        None,
        "--out",
        help="Folder for compare.csv and compare.png (default results/compare-<UTC time>/).",
    ),
) -> None:
    """Compare run folders side by side: a table (printed and CSV) and a grouped bar chart."""

    try:
        _check_out_folder(out)
        table, folder = compare_runs(runs, out)
    except (ScenarioError, OSError) as err:
        _fail(err)
    currencies = {str(read_summary(r).get("currency") or "CNY") for r in runs}
    typer.echo(format_table(table, "/".join(sorted(currencies))))
    typer.echo(str(folder))


@app.command()
def validate(
    scenario: Path = typer.Argument(
        ..., metavar="FILE", help="Scenario or study YAML file (told apart by their keys)."
    ),
    max_runs: MaxRunsOption = None,
) -> None:
    """Check a scenario FILE and every file it names, or a study FILE and every run it
    expands to (the base scenario, overrides, sites, grid, samples, variants and the files
    each run names); print every problem at once (a problem many runs share once, with the
    runs it hits), without solving."""

    if is_study_file(scenario):
        _validate_study(scenario, max_runs)
        return
    try:
        inputs = prepare(load_scenario(scenario))
    except ScenarioError as err:
        _fail(err)
    load_kw = inputs.hourly["load_kw"]
    typer.echo(
        f"{scenario}: ok ({len(load_kw)} hours, load peak {qty(load_kw.max(), 'kW')}, "
        f"{qty(load_kw.sum() * inputs.year_weight / 1e3, 'MWh/year')})"
    )
    for warning in inputs.warnings:
        typer.echo(f"  warning: {warning}")


def _validate_study(path: Path, max_runs: int | None) -> None:
    try:
        check = validate_study(path, max_runs=max_runs)
    except ScenarioError as err:
        _fail(err)
    same = check.expanded - check.runs
    typer.echo(
        f"{path}: ok (study '{check.spec.name}': {check.runs:,} runs"
        + (f", {same:,} more the same as another" if same else "")
        + f", inputs of {check.structures:,} structure(s) prepared; {check.cost.text()})"
    )


@app.command()
def turbines() -> None:
    """List the wind turbine types of windpowerlib's bundled library: rated power [kW], rotor
    diameter [m] and the hub heights [m] listed for each."""

    typer.echo(format_turbines(turbine_table()))


@app.command()
def doctor() -> None:
    """Print versions and solve a tiny model to check the installation."""

    typer.echo(f"python {sys.version.split()[0]}")
    for pkg in (
        "parkopt",
        "pyomo",
        "highspy",
        "pvlib",
        "windpowerlib",
        "pandas",
        "numpy",
        "pydantic",
    ):
        try:
            typer.echo(f"{pkg} {version(pkg)}")
        except Exception:  # noqa: BLE001 - report, do not crash the doctor
            typer.echo(f"{pkg} not installed")
    hours, load_kw = np.arange(24), 100.0
    inputs = make_inputs(
        load_kw=np.full(24, load_kw),
        price_per_kwh=np.where((hours >= 8) & (hours < 22), 1.0, 0.3),
        pv_kw_per_kw=np.clip(np.sin((hours - 6) / 12 * np.pi), 0, None),
        technologies={"pv": {"capex_cny_per_kw": 3300}, "battery": {}},
        carbon={"reduction": 0.3},
    )
    t0 = time.perf_counter()
    result = plan(inputs)
    residual_kw = result.summary["audit"]["balance_residual_kw"]
    typer.echo(
        f"tiny model solved by HiGHS in {time.perf_counter() - t0:.2f} s: "
        f"status {result.summary['status']}, PV {qty(result.capacities['pv_kw'], 'kW_DC')}, "
        f"balance residual {qty(residual_kw, 'kW', scale=load_kw)}"
    )


for _command in app.registered_commands:  # one line, never a traceback (cli_common.guarded)
    _command.callback = guarded(_command.callback)


def main() -> None:  # pragma: no cover
    app()


if __name__ == "__main__":  # python -m parkopt.optimizer.cli.main
    app()
