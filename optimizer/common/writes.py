"""Writing output whole or not at all, cleaning what killed writers left, and saying in one
line why a write failed.

Every folder or file parkopt writes is assembled under a hidden temporary name beside its
final place and renamed when whole (``assembled``, ``temp_file``). The temporary name says
whose it is: ``.<target>.parkopt-<host>-<pid>-<token>[.<suffix>]``. A writer killed mid-write
(SIGKILL, power cut) leaves it behind; the next command writing beside it removes it
(``clean_stale``) when it is provably stale: written on this host by a process that no
longer runs, or, from another host (a Dask worker on a shared disk), untouched for
``STALE_TEMP_S``. The temporary names of earlier versions (``.<target>.<8 random
characters>``, ``.study.parquet.tmp``) are removed after ``STALE_TEMP_S`` when they hold
only the kinds of file parkopt writes.

A failed write is an ``OSError``; ``named`` makes it name the final path (not the vanished
temporary one) and ``describe`` turns it into one line: the path, the cause and its errno
name (EACCES, EROFS, ENOSPC, EDQUOT, ...), and what to do.
"""

from __future__ import annotations

import errno
import os
import re
import secrets
import shutil
import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

STALE_TEMP_S = 3600
"""A temporary name of another host (or an old parkopt) untouched this long is stale [s]."""

DISK_FULL = frozenset({errno.ENOSPC, errno.EDQUOT})
"""Errnos of a full disk or an exhausted quota: the same command works once there is room."""
NOT_WRITABLE = frozenset({errno.EACCES, errno.EPERM, errno.EROFS})
"""Errnos of a folder parkopt may not write into."""
MISPLACED = frozenset({errno.EEXIST, errno.ENOTDIR})
"""Errnos of an output path through or onto a file: bad input, not a fault."""
WRITE_FAULTS = DISK_FULL | NOT_WRITABLE
"""Faults of the output, not of a run: a study stops on them instead of recording a failed run."""

_OURS = re.compile(
    r"^\.(?P<target>.+)\.parkopt-(?P<host>[A-Za-z0-9]+)-(?P<pid>\d+)-[0-9a-f]{8}(\.\w+)?$"
)
_LEGACY = re.compile(r"^\..+\.([a-z0-9_]{8}(\.tmp)?|tmp)$")
_LEGACY_SUFFIXES = frozenset({".json", ".parquet", ".csv", ".yaml", ".png", ".html", ".xlsx"})


def _host() -> str:
    return re.sub(r"[^A-Za-z0-9]", "", socket.gethostname())[:40] or "host"


def temp_path(target: Path) -> Path:
    """A fresh hidden temporary path beside ``target`` naming this host and process; a file's
    keeps ``target``'s suffix (writers that choose the format by it: PNG, XLSX)."""
    target = Path(target)
    tag = f"parkopt-{_host()}-{os.getpid()}-{secrets.token_hex(4)}"
    return target.parent / f".{target.name}.{tag}{target.suffix}"


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process: it runs
        return True
    return True


def is_stale(path: Path, now: float | None = None) -> bool:
    """Whether ``path`` is a temporary name a killed parkopt writer left (see the module)."""
    now = time.time() if now is None else now
    try:
        age = now - path.lstat().st_mtime
    except OSError:
        return False
    ours = _OURS.match(path.name)
    if ours:
        pid = int(ours["pid"])
        if ours["host"] == _host():
            return pid != os.getpid() and not _running(pid)
        return age > STALE_TEMP_S
    if not _LEGACY.match(path.name) or age <= STALE_TEMP_S:
        return False
    if path.is_dir() and not path.is_symlink():
        return all(p.is_file() and p.suffix in _LEGACY_SUFFIXES for p in path.iterdir())
    return path.is_file()


def clean_stale(folder: Path) -> list[Path]:
    """Remove the stale temporary folders and files in ``folder``; return what went.

    Only hidden names are looked at; a folder that cannot be read is left alone (the write
    that follows says why)."""
    removed = []
    try:
        entries = [p for p in Path(folder).iterdir() if p.name.startswith(".")]
    except OSError:
        return removed
    now = time.time()
    for path in entries:
        if not is_stale(path, now):
            continue
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
        if not path.exists():
            removed.append(path)
    return removed


def errno_of(err: OSError) -> int | None:
    """The errno of ``err``, or the one its message names (pyarrow writes "[errno 28]")."""
    if err.errno:
        return err.errno
    found = re.search(r"errno[ =:]*(\d+)", str(err), re.IGNORECASE)
    return int(found[1]) if found else None


def named(err: OSError, tmp: Path, target: Path) -> OSError:
    """``err`` naming ``target`` where it named the temporary ``tmp`` (gone by now), something
    inside it, or nothing."""
    name = err.filename
    inside = name is not None and (Path(name) == tmp or Path(tmp) in Path(name).parents)
    if name is not None and not inside and err.errno:
        return err
    code = errno_of(err)
    path = str(target) if name is None or inside else str(name)
    if code is None:
        out = OSError(str(err))
        out.filename = path
        return out
    return OSError(code, os.strerror(code), path)


def describe(err: OSError, resumable: bool = False) -> str:
    """One line: the path, the cause (errno name) and what to do; ``resumable``: the command
    resumes where it stopped once run again (a study)."""
    code = errno_of(err)
    path = err.filename or "(output)"
    cause = (err.strerror or str(err)) if code is None else os.strerror(code)
    if code is not None:
        cause += f" ({errno.errorcode.get(code, code)})"
    if code in DISK_FULL:
        todo = (
            "the study keeps its finished runs and resumes once there is room: free some "
            "space and run the same command again"
            if resumable
            else "free some space or choose another --out, then run again"
        )
    elif code in NOT_WRITABLE:
        todo = "check its permissions or choose another --out"
    elif code in MISPLACED:
        todo = "a file stands where a folder is needed; choose another --out"
    else:
        todo = ""
    return f"{path}: {cause}" + (f"; {todo}" if todo else "")


@contextmanager
def assembled(target: Path, clean: bool = True) -> Iterator[Path]:
    """A temporary folder beside ``target``, renamed to ``target`` when the block ends; on any
    error it is removed and an OSError names ``target``. ``clean``: first remove stale
    temporary names beside ``target`` (a study's worker leaves that to the study)."""
    target = Path(target)
    tmp = temp_path(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        if clean:
            clean_stale(target.parent)
        tmp.mkdir()
        yield tmp
        tmp.chmod(0o755)  # a results folder is for everyone
        tmp.rename(target)
    except OSError as err:
        shutil.rmtree(tmp, ignore_errors=True)
        raise named(err, tmp, target) from err
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


@contextmanager
def temp_file(target: Path) -> Iterator[Path]:
    """A temporary path beside the file ``target``, renamed to it when the block ends (the
    old ``target`` untouched until then); on any error removed, and an OSError names
    ``target``."""
    target = Path(target)
    tmp = temp_path(target)
    try:
        yield tmp
        if tmp.exists():
            tmp.chmod(0o644)
        os.replace(tmp, target)
    except OSError as err:
        tmp.unlink(missing_ok=True)
        raise named(err, tmp, target) from err
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


@contextmanager
def filled(folder: Path, names: tuple[str, ...]) -> Iterator[Path]:
    """``folder`` (which may exist, so it is written in place) to write ``names`` into; on
    any error the block's ``names`` that were not there before are removed (and ``folder``,
    if made here), and an OSError names ``folder``."""
    folder = Path(folder)
    made = not folder.exists()
    before = {name for name in names if (folder / name).exists()}
    try:
        yield folder
    except BaseException as err:
        for path in (folder / name for name in names if name not in before):
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)
        if made:
            shutil.rmtree(folder, ignore_errors=True)
        if isinstance(err, OSError):
            raise named(err, folder, folder) from err
        raise
