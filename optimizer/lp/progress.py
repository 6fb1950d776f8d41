"""A long solve is never silent: its stage, HiGHS's iterations and objective every few
seconds, and a last line with its time.

The LP layer marks where a solve is (``stage``: typical days, pinned, freed, cold and why,
whole turbines) and hands each HiGHS instance to ``attach``, which reads HiGHS's own
iteration lines through its logging callback (HiGHS writes them no more than every few
seconds, so the callback costs nothing measurable). A heartbeat thread prints the state
from ``FIRST_S`` seconds on, every ``EVERY_S`` seconds (HiGHS releases the GIL while it
runs). Nothing is printed unless a sink is set (``watching``: the CLI sets the console);
studies keep their own progress bar and plans in Python stay quiet.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

FIRST_S = 10.0
"""A solve that has run this long starts to show its progress [s]."""
EVERY_S = 5.0
"""Then a line this often [s]."""
ITERATION = re.compile(r"^\s*(?P<it>\d+)\s+(?P<obj>[-+0-9.eEinf]+)\s+(?P<rest>.*?)\s*$")
"""One of HiGHS's simplex iteration lines: iterations, objective, infeasibilities, time."""
PRIMAL = re.compile(r"^Pr: (?P<n>\d+)\(")
"""The count of primal infeasibilities at the start of a line's rest (dual simplex drives it
to 0; the objective is the plan's only once it is 0)."""


class Watch:
    """The state of one watched solve and the thread that prints it."""

    def __init__(self, sink: Callable[[str], None], what: str, scale: float, unit: str):
        self.sink, self.what, self.scale, self.unit = sink, what, scale, unit
        self.t0 = time.perf_counter()
        self.stage = "building the model"
        self.iterations: int | None = None
        self.objective: float | None = None
        self.feasible = False
        self.left = 0  # primal infeasibilities of HiGHS's last line
        self.shown = False
        self.lock = threading.Lock()
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._beat, daemon=True)

    def elapsed(self) -> float:
        return time.perf_counter() - self.t0

    def line(self) -> str:
        """``  solving (pinned at typical-day sizes): 14 s, 5,210 iterations, objective
        6.89e+07 CNY/year``."""
        with self.lock:
            parts = [f"{self.elapsed():.0f} s"]
            if self.iterations is not None:
                parts.append(f"{self.iterations:,} iterations")
            if self.objective is not None and self.feasible:
                parts.append(f"objective {self.objective * self.scale:.6g} {self.unit}")
            elif self.left:
                parts.append(f"{self.left:,} infeasibilities left")
            elif self.iterations is not None:
                parts.append("not yet feasible")
            return f"  {self.what} ({self.stage}): {', '.join(parts)}"

    def _beat(self) -> None:
        if self.stop.wait(FIRST_S):
            return
        while True:
            self.shown = True
            self.sink(self.line())
            if self.stop.wait(EVERY_S):
                return

    def log(self, message: str) -> None:
        """HiGHS's logging callback: keep the last iteration line's figures."""
        match = ITERATION.match(message)
        if match is None:
            return
        with self.lock:
            self.iterations = int(match["it"])
            try:
                self.objective = float(match["obj"])
            except ValueError:
                self.objective = None
            rest = match["rest"]
            primal = PRIMAL.match(rest)
            self.left = int(primal["n"]) if primal else 0
            # a line without "Pr:" is the solve's last, at its optimum
            self.feasible = self.left == 0 and (primal is not None or "Du:" not in rest)


_current: Watch | None = None
_sink: Callable[[str], None] | None = None


def set_sink(sink: Callable[[str], None] | None) -> None:
    """Where progress lines go (None: nowhere); the CLI sets its console."""
    global _sink
    _sink = sink


@contextmanager
def watching(what: str, scale: float = 1.0, unit: str = "") -> Iterator[Watch | None]:
    """Watch the solves inside: progress lines from ``FIRST_S`` on, and a last line with
    the time if any was shown. ``scale`` and ``unit`` turn HiGHS's objective into the
    user's (kCNY -> CNY/year). Nested watches leave the outer one in charge."""
    global _current
    if _sink is None or _current is not None:
        yield _current
        return
    watch = _current = Watch(_sink, what, scale, unit)
    watch.thread.start()
    try:
        yield watch
    finally:
        watch.stop.set()
        watch.thread.join()
        _current = None
        if watch.shown:
            watch.sink(f"  {what}: done in {watch.elapsed():.1f} s")


def stage(name: str) -> None:
    """Say where the watched solve is now (shown on the next line, and at once if lines
    are already being shown)."""
    watch = _current
    if watch is None:
        return
    with watch.lock:
        watch.stage, watch.iterations, watch.objective = name, None, None
    if watch.shown:
        watch.sink(f"  {watch.what}: now {name} ({watch.elapsed():.0f} s)")


HIGHS_LOGGING = {"output_flag": True, "log_to_console": False}
"""HiGHS options that route its log lines to the callback only (never to the console)."""


def highs_options() -> dict:
    """Extra HiGHS options while a solve is watched (none otherwise)."""
    return dict(HIGHS_LOGGING) if _current is not None else {}


def attach(highs) -> None:
    """Subscribe a HiGHS instance's logging to the watched solve (once per instance)."""
    if getattr(highs, "_parkopt_progress", False):
        return
    highs.cbLogging.subscribe(lambda e: _current.log(e.message) if _current else None)
    highs._parkopt_progress = True
