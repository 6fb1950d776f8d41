"""Faults while writing (issue 22, class 7), over every command that writes (run, simulate,
study, compare, report, inventory): a killed writer's temporary folders are cleaned by the
next command, a run folder appears with its report or not at all, a folder that cannot be
written or a full disk is one line (the path, the cause, exit 6, or 2 for a path through a
file) and leaves nothing behind, and a study stopped by a full disk resumes.

Tests run as root in CI, where chmod does not stop a write: a read-only folder is simulated
by a path through a file (ENOTDIR/EEXIST) or by a writer that raises OSError(EROFS,
EACCES, ENOSPC, EDQUOT); ``test_read_only_folder_by_chmod`` runs only without root.
"""

from __future__ import annotations

import errno
import os
import shutil
import signal
import subprocess
import sys
import time
from concurrent.futures import Future
from pathlib import Path

import pandas as pd
import pytest
import yaml
from typer.testing import CliRunner

from parkopt.optimizer.cli.main import EXIT_INPUT, EXIT_WRITE, app
from parkopt.optimizer.common import writes
from parkopt.optimizer.inventory.example import make_example
from parkopt.optimizer.schema.scenario_files import resolve_paths
from parkopt.optimizer.study import RUNS_DIR, TABLE_FILE

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "inputs" / "example_park.yaml"
HORIZON_H = 48


def short_scenario(folder: Path) -> Path:
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    data["horizon_hours"] = HORIZON_H
    data["carbon"] = {"reduction": 0.2}
    data = resolve_paths(data, EXAMPLE.parent)
    path = folder / "short.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def short_study(folder: Path, caps=(50000, 60000, 70000), **body) -> Path:
    doc = {
        "name": "faults",
        "base": str(EXAMPLE),
        "overrides": {"horizon_hours": HORIZON_H, "carbon": {"reduction": None}},
        "grid": {"carbon.cap_t": list(caps)},
        **body,
    }
    path = folder / "study.yaml"
    path.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    return path


def invoke(*args):
    return CliRunner().invoke(app, [str(a) for a in args])


def one_error_line(result) -> str:
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.output
    assert lines[0].startswith("error: ")
    return lines[0]


def hidden(folder: Path) -> list[str]:
    """Hidden entries of ``folder`` (temporary names), recursively."""
    return sorted(str(p.relative_to(folder)) for p in folder.rglob(".*"))


def dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def stale_names(folder: Path) -> dict[str, bool]:
    """Temporary names beside an output: name -> whether the next command removes it."""
    host = writes._host()
    old = time.time() - 2 * writes.STALE_TEMP_S
    made = {
        f".w0.parkopt-{host}-{dead_pid()}-0123abcd": True,  # killed writer, this host
        f".w5.parkopt-{host}-{dead_pid()}-89abcdef": True,
        f".w1.parkopt-{host}-{os.getpid()}-00000000": False,  # a live writer (this test)
        f".w2.parkopt-otherhost-{os.getpid()}-11111111": False,  # another host, fresh
        ".w3.parkopt-otherhost-1-22222222": True,  # another host, untouched for 2 h
        ".w4.abcd_123": True,  # an older parkopt's mkdtemp name, 2 h old
        ".w6.efgh_456": False,  # ... with a file parkopt never writes: not provably ours
        ".cache": False,  # not a temporary name
    }
    for name in made:
        path = folder / name
        path.mkdir(parents=True)
        (path / ("notes.txt" if name == ".w6.efgh_456" else "summary.json")).write_text("{}")
        if "otherhost-1-" in name or name.startswith((".w4", ".w6")):
            os.utime(path, (old, old))
    return made


def assert_cleaned(folder: Path, made: dict[str, bool]) -> None:
    left = {p.name for p in folder.iterdir()}
    assert {n for n, gone in made.items() if gone} & left == set()
    assert {n for n, gone in made.items() if not gone} <= left


# --- stale temporary folders -----------------------------------------------------------------


def test_clean_stale_removes_only_provably_stale(tmp_path):
    made = stale_names(tmp_path)
    removed = writes.clean_stale(tmp_path)
    assert {p.name for p in removed} == {n for n, gone in made.items() if gone}
    assert_cleaned(tmp_path, made)
    assert writes.clean_stale(tmp_path / "missing") == []


def test_a_sigkilled_writer_leaves_a_folder_the_next_command_removes(tmp_path):
    """A real process SIGKILLed while it assembles a folder leaves its temporary folder;
    `parkopt compare` writing beside it removes it (a process-level kill, not a mock)."""
    code = (
        "import sys, time; from pathlib import Path; from parkopt.optimizer.common.writes import "
        "assembled\nwith assembled(Path(sys.argv[1])) as tmp:\n"
        "    (tmp / 'summary.json').write_text('{}'); print(tmp, flush=True); time.sleep(60)"
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", code, str(tmp_path / "w0")], stdout=subprocess.PIPE, text=True
    )
    tmp = Path(proc.stdout.readline().strip())
    assert tmp.is_dir() and tmp.parent == tmp_path
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert tmp.is_dir()  # left behind by the kill
    assert writes.is_stale(tmp)
    writes.clean_stale(tmp_path)
    assert not tmp.exists() and not (tmp_path / "w0").exists()


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("faults_run")
    out = tmp / "results" / "w9"
    result = invoke("run", short_scenario(tmp), "--out", out, "--quiet", "--no-plots")
    assert result.exit_code == 0, result.output
    return out


def test_run_and_simulate_clean_beside_out_and_write_the_report_inside(tmp_path, run_dir):
    made = stale_names(tmp_path)
    scenario = short_scenario(tmp_path.parent)
    result = invoke("run", scenario, "--out", tmp_path / "w1x", "--quiet", "--no-plots")
    assert result.exit_code == 0, result.output
    assert_cleaned(tmp_path, made)
    html = (tmp_path / "w1x" / "report.html").read_text(encoding="utf-8")
    assert "w1x" in html and ".parkopt-" not in html  # the folder's name, not the temporary one
    assert (tmp_path / "w1x" / "report.xlsx").is_file()
    made = stale_names(tmp_path / "sim")
    result = invoke(
        "simulate", scenario, "--capacities", run_dir, "--out", tmp_path / "sim" / "s", "--quiet"
    )
    assert result.exit_code == 0, result.output
    assert_cleaned(tmp_path / "sim", made)
    assert (tmp_path / "sim" / "s" / "report.html").is_file()


def second_run(run_dir: Path, tmp_path: Path) -> Path:
    """A copy of ``run_dir`` under another name (compare refuses one folder twice)."""
    other = tmp_path / "second_run"
    shutil.copytree(run_dir, other)
    return other


def test_report_and_compare_clean_their_folders(tmp_path, run_dir):
    stale = run_dir / f".report.html.parkopt-{writes._host()}-{dead_pid()}-0badf00d.html"
    stale.write_text("half a report")
    result = invoke("report", run_dir)
    assert result.exit_code == 0, result.output
    assert not stale.exists() and hidden(run_dir) == []
    cmp = tmp_path / "cmp"
    made = stale_names(cmp)  # compare writes its files into --out, which may exist
    result = invoke("compare", run_dir, second_run(run_dir, tmp_path), "--out", cmp)
    assert result.exit_code == 0, result.output
    assert_cleaned(cmp, made)
    assert (cmp / "compare.csv").is_file() and (cmp / "compare.png").is_file()


def test_a_kill_during_the_report_leaves_no_run_folder(tmp_path, monkeypatch):
    """The report is written inside the temporary folder: a failure (or a kill) while it is
    written leaves no folder, so the same command runs again into the same --out."""
    from parkopt.optimizer.cli import main as cli

    def killed(folder, lang="en", name=None):
        (Path(folder) / "report.html").write_text("half")
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "write_report", killed)
    out = tmp_path / "r"
    result = invoke("run", short_scenario(tmp_path), "--out", out, "--quiet", "--no-plots")
    assert result.exit_code != 0
    assert not out.exists() and hidden(tmp_path) == []
    monkeypatch.undo()
    result = invoke("run", short_scenario(tmp_path), "--out", out, "--quiet", "--no-plots")
    assert result.exit_code == 0, result.output
    assert (out / "report.html").is_file() and (out / "report.xlsx").is_file()


# --- a folder that cannot be written, a full disk: one line ---------------------------------


def full_disk(*args, **kwargs):
    raise OSError(errno.ENOSPC, "No space left on device")  # no path, as pyarrow's


@pytest.mark.parametrize(
    ("code", "word", "exit_code"),
    [
        (errno.ENOSPC, "ENOSPC", EXIT_WRITE),
        (errno.EDQUOT, "EDQUOT", EXIT_WRITE),
        (errno.EROFS, "EROFS", EXIT_WRITE),
        (errno.EACCES, "EACCES", EXIT_WRITE),
    ],
)
def test_run_cannot_write_is_one_line(tmp_path, monkeypatch, code, word, exit_code):
    from parkopt.optimizer.outputs import results

    def fault(*args, **kwargs):
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(results.pd.DataFrame, "to_parquet", fault)
    out = tmp_path / "out" / "run1"
    result = invoke("run", short_scenario(tmp_path), "--out", out, "--quiet", "--no-plots")
    assert result.exit_code == exit_code
    line = one_error_line(result)
    assert line.startswith(f"error: {out}: {os.strerror(code)} ({word})")
    assert not out.exists() and hidden(tmp_path / "out") == []


def test_run_and_simulate_out_through_a_file(tmp_path, run_dir):
    (tmp_path / "afile").write_text("not a folder")
    scenario = short_scenario(tmp_path)
    for args in (
        ("run", scenario, "--out", tmp_path / "afile" / "x", "--no-plots"),
        ("simulate", scenario, "--capacities", run_dir, "--out", tmp_path / "afile" / "x"),
    ):
        result = invoke(*args, "--quiet")
        assert result.exit_code == EXIT_INPUT, result.output
        line = one_error_line(result)
        assert str(tmp_path / "afile") in line and "choose another --out" in line
    assert sorted(p.name for p in tmp_path.iterdir()) == ["afile", "short.yaml"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into a read-only folder")
def test_read_only_folder_by_chmod(tmp_path):
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o555)
    try:
        result = invoke("run", short_scenario(tmp_path), "--out", ro / "x", "--no-plots")
        assert result.exit_code == EXIT_WRITE
        assert "(EACCES)" in one_error_line(result)
    finally:
        ro.chmod(0o755)


def test_simulate_full_disk(tmp_path, monkeypatch, run_dir):
    from parkopt.optimizer.outputs import results

    monkeypatch.setattr(results.pd.DataFrame, "to_parquet", full_disk)
    out = tmp_path / "sim"
    result = invoke(
        "simulate", short_scenario(tmp_path), "--capacities", run_dir, "--out", out, "--quiet"
    )
    assert result.exit_code == EXIT_WRITE
    line = one_error_line(result)
    assert f"{out}: No space left on device (ENOSPC); free some space" in line
    assert not out.exists() and hidden(tmp_path) == []


def test_report_full_disk_keeps_the_old_report(monkeypatch, run_dir):
    from parkopt.optimizer.report import excel

    before = (run_dir / "report.xlsx").read_bytes()
    monkeypatch.setattr(excel, "write_run_book", full_disk)
    result = invoke("report", run_dir)
    assert result.exit_code == EXIT_WRITE
    line = one_error_line(result)
    assert f"{run_dir / 'report.xlsx'}: No space left on device (ENOSPC)" in line
    assert (run_dir / "report.xlsx").read_bytes() == before and hidden(run_dir) == []


def test_compare_full_disk_and_out_through_a_file(tmp_path, monkeypatch, run_dir):
    from parkopt.optimizer.outputs import compare

    monkeypatch.setattr(compare, "plot_compare", full_disk)
    out = tmp_path / "cmp"
    other = second_run(run_dir, tmp_path)
    result = invoke("compare", run_dir, other, "--out", out)
    assert result.exit_code == EXIT_WRITE
    assert f"{out / 'compare.png'}: No space left on device (ENOSPC)" in one_error_line(result)
    assert not out.exists()  # made by this command and not filled: removed
    monkeypatch.undo()
    (tmp_path / "afile").write_text("x")
    result = invoke("compare", run_dir, other, "--out", tmp_path / "afile" / "c")
    assert result.exit_code == EXIT_INPUT
    assert str(tmp_path / "afile") in one_error_line(result)
    assert hidden(tmp_path) == []


@pytest.fixture(scope="module")
def meters(tmp_path_factory):
    folder = tmp_path_factory.mktemp("fault_meters")
    make_example(folder, firms=3, year=2024, step_minutes=60)
    return folder / "meters"


def test_inventory_cannot_write_is_one_line(tmp_path, monkeypatch, meters):
    from parkopt.optimizer.inventory import run as inventory_run

    made = stale_names(tmp_path)
    out = tmp_path / "inv"

    def read_only(*args, **kwargs):
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(inventory_run, "plot_inventory", read_only)
    result = invoke("inventory", meters, "--out", out, "--quiet")
    assert result.exit_code == EXIT_WRITE
    line = one_error_line(result)
    assert f"{out}: Read-only file system (EROFS)" in line
    assert not out.exists()
    assert_cleaned(tmp_path, made)  # stale ones went before the write that failed
    monkeypatch.undo()
    (tmp_path / "afile").write_text("x")
    result = invoke("inventory", meters, "--out", tmp_path / "afile" / "inv", "--quiet")
    assert result.exit_code == EXIT_INPUT
    assert str(tmp_path / "afile") in one_error_line(result)
    result = invoke("inventory", "--make-example", tmp_path / "afile" / "ex", "--firms", 2)
    assert result.exit_code == EXIT_INPUT
    assert str(tmp_path / "afile") in one_error_line(result)
    result = invoke("inventory", meters, "--out", out, "--quiet", "--no-plots")
    assert result.exit_code == 0, result.output
    assert not [n for n, gone in made.items() if gone and (tmp_path / n).exists()]


# --- a study stopped by a full disk resumes ----------------------------------------------


class Inline:
    """An executor running each task when it is submitted, in this process (so that a
    monkeypatched writer is the one used)."""

    def submit(self, fn, *args, **kwargs):
        future = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as err:  # noqa: BLE001 - handed to the caller, as a pool does
            future.set_exception(err)
        return future

    def shutdown(self, wait=True, cancel_futures=False):
        pass


def test_study_full_disk_stops_in_one_line_and_resumes(tmp_path, monkeypatch):
    from parkopt.optimizer.cli import study as study_command
    from parkopt.optimizer.study import worker

    monkeypatch.setattr(study_command, "make_executor", lambda *a: Inline())
    real = worker.write_run
    written = []

    def fills_up(run, target, **kwargs):
        if written:
            raise OSError(errno.ENOSPC, "No space left on device")
        written.append(target)
        return real(run, target, **kwargs)

    monkeypatch.setattr(worker, "write_run", fills_up)
    path = short_study(tmp_path)
    out = tmp_path / "study"
    made = stale_names(out / RUNS_DIR)
    result = invoke("study", path, "--out", out, "--quiet")
    assert result.exit_code == EXIT_WRITE, result.output
    line = one_error_line(result)
    assert "No space left on device (ENOSPC)" in line and str(out / RUNS_DIR) in line
    assert "resumes once there is room" in line and "run the same command again" in line
    assert_cleaned(out / RUNS_DIR, made)
    for name in made:
        writes.shutil.rmtree(out / RUNS_DIR / name, ignore_errors=True)
    finished = [p for p in (out / RUNS_DIR).iterdir() if (p / "summary.json").is_file()]
    assert len(finished) == 1 and hidden(out) == []  # no failed run recorded, no temporaries
    assert not list((out / RUNS_DIR).glob("*/error.json"))
    assert len(pd.read_parquet(out / TABLE_FILE)) == 1  # the table: whole, the finished run
    monkeypatch.setattr(worker, "write_run", real)
    result = invoke("study", path, "--out", out)
    assert result.exit_code == 0, result.output
    assert "1 already done, 2 to run" in result.stdout
    assert len(pd.read_parquet(out / TABLE_FILE)) == 3
    assert (out / "report.html").is_file() and hidden(out) == []


def test_study_cleans_beside_and_inside_its_folder(tmp_path, monkeypatch):
    from parkopt.optimizer.cli import study as study_command

    monkeypatch.setattr(study_command, "make_executor", lambda *a: Inline())
    made_beside = stale_names(tmp_path / "beside")
    out = tmp_path / "beside" / "study"
    table_tmp = out / f".study.parquet.parkopt-{writes._host()}-{dead_pid()}-abcdef01.parquet"
    out.mkdir()
    table_tmp.write_text("half a table")
    result = invoke("study", short_study(tmp_path, caps=(50000,)), "--out", out, "--quiet")
    assert result.exit_code == 0, result.output
    assert_cleaned(tmp_path / "beside", made_beside)
    assert hidden(out) == []


def test_make_example_full_disk_leaves_no_half_example(tmp_path, monkeypatch):
    from parkopt.optimizer.inventory import example

    real, calls = example._write_csv, []

    def fills_up(table, path):
        calls.append(path)
        if len(calls) > 2:
            raise OSError(errno.ENOSPC, "No space left on device")
        real(table, path)

    monkeypatch.setattr(example, "_write_csv", fills_up)
    for out, existed in ((tmp_path / "new", False), (tmp_path / "kept", True)):
        if existed:
            out.mkdir()
            (out / "notes.txt").write_text("the user's")
        calls.clear()
        result = invoke("inventory", "--make-example", out, "--firms", 2, "--quiet")
        assert result.exit_code == EXIT_WRITE
        assert f"error: {out}: No space left on device (ENOSPC)" in one_error_line(result)
        left = sorted(p.name for p in out.iterdir()) if out.exists() else None
        assert left == (["notes.txt"] if existed else None)
