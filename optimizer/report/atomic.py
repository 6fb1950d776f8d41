"""Write a file whole or not at all: into a temporary file beside it, then renamed."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from parkopt.optimizer.common.writes import temp_file


def write_atomically(target: Path, write: Callable[[Path], None]) -> Path:
    """Call ``write(tmp)`` on a temporary path in ``target``'s folder and rename it to
    ``target``; on any error the temporary file is removed, ``target`` is untouched and an
    OSError names ``target`` (``writes.temp_file``)."""
    target = Path(target)
    with temp_file(target) as tmp:
        write(tmp)
    return target
