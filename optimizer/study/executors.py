"""Executors of a study: a local process pool, a Dask LocalCluster, or an existing Dask
scheduler; the study loop needs only ``submit`` and futures."""

from __future__ import annotations

import contextlib
import gc
import logging
import multiprocessing
import os
import sys
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures import as_completed as futures_as_completed

from distributed import Client, LocalCluster
from distributed import as_completed as dask_as_completed

from parkopt.optimizer.common.errors import Problem


def executor_problems(
    workers: int | None, dask_local: int | None, scheduler: str | None, command: str
) -> list[Problem]:
    """What is wrong with the executor options of ``command`` ("parkopt study"): a count
    below 1, or more than one of ``--workers``, ``--dask-local`` and ``--scheduler``."""
    problems = [
        Problem(command, flag, n, "a whole number of processes, 1 or more")
        for flag, n in (("--workers", workers), ("--dask-local", dask_local))
        if n is not None and n < 1
    ]
    given = [
        flag
        for flag, v in (
            ("--workers", workers),
            ("--dask-local", dask_local),
            ("--scheduler", scheduler),
        )
        if v is not None
    ]
    if len(given) > 1:
        problems.append(
            Problem(
                command, " and ".join(given), None, "one of them: they name different executors"
            )
        )
    return problems


def make_executor(
    workers: int | None = None, dask_local: int | None = None, scheduler: str | None = None
):
    """A process pool (default, ``workers`` processes), a dask LocalCluster client, or a
    client of an existing Dask scheduler. The caller closes it (``close_executor``)."""
    if workers is not None and workers < 1 or dask_local is not None and dask_local < 1:
        raise ValueError(f"workers {workers}, dask_local {dask_local}: expected 1 or more")
    if scheduler or dask_local:
        if scheduler:
            return Client(scheduler)
        cluster = LocalCluster(
            n_workers=dask_local, threads_per_worker=1, processes=True, dashboard_address=None
        )
        return Client(cluster)
    n = workers or os.cpu_count() or 1
    return ProcessPoolExecutor(max_workers=n, mp_context=multiprocessing.get_context("spawn"))


def close_executor(executor) -> None:
    """Close a process pool, or a Dask client and the LocalCluster it started, quietly: the
    workers drop what they keep between runs first (``wind_down``), so that each process
    ends within the nanny's grace period (4 s) instead of being killed with a warning, and
    what distributed says while the cluster stops is held back (the results are written)."""
    if not hasattr(executor, "cluster"):
        executor.shutdown(wait=True, cancel_futures=True)
        return
    cluster = executor.cluster
    if cluster is not None:  # ours: an existing scheduler's workers are not ours to touch
        with contextlib.suppress(Exception):  # a worker already gone has nothing to drop
            executor.run(wind_down)
    with quiet_shutdown():
        executor.close()
        if cluster is not None:
            cluster.close()


def wind_down() -> None:
    """In a Dask worker before its cluster closes: drop the study's per-worker cache (the
    kept model and its HiGHS, prepared inputs), collect, and hold back shutdown logging."""
    worker = sys.modules.get("parkopt.optimizer.study.worker")  # loaded if it ran runs
    if worker is not None:
        worker.release()
    gc.collect()
    logging.getLogger("distributed").setLevel(logging.CRITICAL)


@contextlib.contextmanager
def quiet_shutdown():
    """Distributed's loggers (nanny, worker, scheduler, comm) at CRITICAL while a cluster
    stops: a worker killed after its grace period or a comm closed mid-heartbeat is no news
    once the results are written."""
    log = logging.getLogger("distributed")
    level = log.level
    log.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        log.setLevel(level)


def as_completed(executor, futures):
    if type(executor).__module__.startswith("distributed"):
        return dask_as_completed(futures)
    return futures_as_completed(futures)
