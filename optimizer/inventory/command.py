"""The ``parkopt inventory`` command (registered on the main CLI)."""

from __future__ import annotations

import math
import time
from datetime import datetime, timezone
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import typer

from parkopt.models.china import GRID_FACTORS_T_PER_MWH
from parkopt.optimizer.cli.common import NoPlotsOption, QuietOption, _check_out, _fail, _say
from parkopt.optimizer.common.errors import Problem, ScenarioError, SolverError
from parkopt.optimizer.common.numbers import num, pct, qty
from parkopt.optimizer.common.writes import filled
from parkopt.optimizer.inventory.check import check_command
from parkopt.optimizer.inventory.example import make_example as write_example
from parkopt.optimizer.inventory.run import Options, make_inventory, write_inventory
from parkopt.optimizer.study.executors import close_executor, executor_problems, make_executor


def _default_out(year: int) -> Path:
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    return Path("results") / f"inventory-{year}-{stamp}"


def _report(inv: dict, folder: Path, quiet: bool, t0: float) -> None:
    s = inv["summary"]
    ind, c = s["indicator"], s["counts"]
    lines = [
        f"  {c['firms']:,} firms, {c['meters']:,} meters, {c['readings']:,} readings "
        f"from {c['files']:,} files",
        f"  Energy {qty(ind['energy_tce'], 'tce/year')}; footprint "
        f"{qty(ind['footprint_t'], 'tCO2/year')} (Scope 1 {qty(ind['scope1_t'], 't')}, "
        f"Scope 2 {qty(ind['scope2_t'], 't')}; grid {s['factors']['grid_factor_note']})",
        f"  Zero-carbon park indicator {_indicator(ind['tco2_per_tce'])}; clean energy "
        f"{pct(ind['clean_energy_share'])} (with gas {pct(ind['clean_energy_share_with_gas'])})",
    ]
    top = inv["firms"].head(5)
    lines.append(
        "  Largest emitters: "
        + ", ".join(
            f"{r.firm} {num(r.emissions_t)} t ({pct(r.share_of_park)})" for r in top.itertuples()
        )
    )
    if s["quality"]:
        found = ", ".join(f"{k} {v}" for k, v in sorted(s["quality"].items()))
        months = s["incomplete_firm_months"]
        lines.append(f"  Quality: {found} (quality.csv); {months} incomplete firm-months")
    lines.append(f"  done in {time.perf_counter() - t0:.1f} s; inventory in:")
    _say(quiet, "\n".join(lines))
    typer.echo(str(folder))


def _indicator(tco2_per_tce: float | None) -> str:
    """The indicator as printed; None where the park used no energy (0 tce: undefined)."""
    if tco2_per_tce is None:
        return "undefined (no energy use in the year)"
    return f"{tco2_per_tce:.3f} tCO2/tce"


YEARS = (1990, 2100)
"""Calendar years --year may name (the grid factors then say which they cover)."""


def _check_options(
    firms: int,
    year: int,
    tz: str,
    steam_kwh_per_t: float | None,
    executor: tuple,
    make_example: Path | None,
) -> None:
    """Refuse bad options before anything is read or written, every one at once (exit 2)."""
    cmd = "parkopt inventory"
    problems = executor_problems(*executor, cmd)
    if make_example is not None:
        if firms < 1:
            problems.append(Problem(cmd, "--firms", firms, "a whole number of firms, 1 or more"))
        if make_example.exists() and not make_example.is_dir():
            problems.append(
                Problem(cmd, "--make-example", str(make_example), "a folder (it is a file)")
            )
        elif (make_example / "meters").exists():
            problems.append(
                Problem(
                    cmd,
                    "--make-example",
                    str(make_example),
                    "a folder without an example (meters/ is there already; files are never "
                    "overwritten)",
                )
            )
    if steam_kwh_per_t is not None and not 0 < steam_kwh_per_t < math.inf:
        problems.append(
            Problem(
                cmd,
                "--steam-kwh-per-t",
                steam_kwh_per_t,
                "the heat a tonne of steam carries, above 0 kWh_th/t (about 700-800)",
            )
        )
    if not YEARS[0] <= year <= YEARS[1]:
        expected = f"a calendar year from {YEARS[0]} to {YEARS[1]} (of the readings)"
        problems.append(Problem(cmd, "--year", year, expected))
    try:
        ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        problems.append(Problem(cmd, "--timezone", tz, "an IANA zone, e.g. Asia/Shanghai"))
    if problems:
        _fail(ScenarioError(problems))


def _check_region(region: str, paths: list[Path]) -> None:
    """Refuse an unknown --region and meter paths that do not exist before the meters are
    read, every problem at once (the region's choices named)."""
    problems = [
        Problem(str(p), "PATHS", str(p), "an existing meter file or folder")
        for p in paths
        if not Path(p).exists()
    ]
    if region not in GRID_FACTORS_T_PER_MWH:
        choices = ", ".join(GRID_FACTORS_T_PER_MWH)
        problems.append(Problem("parkopt inventory", "--region", region, f"one of {choices}"))
    if problems:
        raise ScenarioError(problems)


def _write_example(folder: Path, firms: int, year: int, quiet: bool) -> None:
    """``--make-example``: the seeded example's meter files into ``folder``."""
    try:  # all of it or nothing (a full disk leaves no half example)
        with filled(folder, ("meters", "formats", "manifest.json")):
            manifest = write_example(folder, firms=firms, year=year)
    except OSError as err:
        _fail(err)
    _say(
        quiet,
        f"parkopt: wrote {manifest['rows']:,} readings of {firms} firms ({year}), "
        f"{len(manifest['defects'])} planted defects (manifest.json); meter files in:",
    )
    typer.echo(str(folder / "meters"))


def inventory(
    paths: list[Path] = typer.Argument(None, help="Meter files (CSV, Parquet) or folders."),
    region: str = typer.Option(
        "east_china",
        "--region",
        help="Grid region whose emission factor prices the park's electricity: one of "
        f"{', '.join(GRID_FACTORS_T_PER_MWH)}.",
    ),
    year: int = typer.Option(2024, "--year", help="Calendar year of the readings."),
    tz: str = typer.Option("Asia/Shanghai", "--timezone", help="Zone of naive timestamps."),
    steam_kwh_per_t: float | None = typer.Option(
        None, "--steam-kwh-per-t", help="Heat of a tonne of metered steam [kWh_th/t]."
    ),
    out: Path | None = typer.Option(
        None, "--out", help="Inventory folder (default results/inventory-<year>-<UTC time>/)."
    ),
    workers: int | None = typer.Option(None, "--workers", help="Local processes."),
    dask_local: int | None = typer.Option(None, "--dask-local", help="A Dask LocalCluster of N."),
    scheduler: str | None = typer.Option(None, "--scheduler", help="An existing Dask scheduler."),
    make_example: Path | None = typer.Option(
        None, "--make-example", help="Write the seeded example meter files into this folder."
    ),
    firms: int = typer.Option(40, "--firms", help="--make-example: number of firms."),
    check: bool = typer.Option(
        False, "--check", help="Validate the meter files (every problem at once); write nothing."
    ),
    quiet: QuietOption = False,
    no_plots: NoPlotsOption = False,
) -> None:
    """Inventory: firms' electricity, gas and heat meters to the park's carbon inventory,
    indicator and hourly load and heat profiles."""
    t0 = time.perf_counter()
    _check_options(firms, year, tz, steam_kwh_per_t, (workers, dask_local, scheduler), make_example)
    if make_example is not None:
        _write_example(make_example, firms, year, quiet)
        return
    if check:
        check_command(paths, year, tz, steam_kwh_per_t)
        return
    executor = None
    try:
        if not paths:
            raise ScenarioError(
                [Problem("parkopt inventory", "PATHS", None, "meter files or folders")]
            )
        _check_region(region, list(paths))
        _check_out(out)
        _say(quiet, f"parkopt: inventory of {len(paths)} path(s), {region} {year}")
        opts = Options(region, year, tz, steam_kwh_per_t)
        if workers or dask_local or scheduler:
            executor = make_executor(workers, dask_local, scheduler)
        inv = make_inventory(list(paths), opts, executor)
        folder = write_inventory(inv, out or _default_out(year), plots=not no_plots)
    except (ScenarioError, SolverError, OSError) as err:
        _fail(err)
    finally:
        if executor is not None:
            close_executor(executor)
    _report(inv, folder, quiet, t0)
