"""Executors of a study: a local process pool, a Dask LocalCluster, or an existing Dask
scheduler; the study loop needs only ``submit`` and futures."""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures import as_completed as futures_as_completed

from distributed import Client, LocalCluster
from distributed import as_completed as dask_as_completed


def make_executor(
    workers: int | None = None, dask_local: int | None = None, scheduler: str | None = None
):
    """A process pool (default, ``workers`` processes), a dask LocalCluster client, or a
    client of an existing Dask scheduler. The caller closes it (``close_executor``)."""
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
    if hasattr(executor, "cluster"):  # a dask client
        cluster = executor.cluster
        executor.close()
        if cluster is not None:
            cluster.close()
    else:
        executor.shutdown(wait=True, cancel_futures=True)


def as_completed(executor, futures):
    if type(executor).__module__.startswith("distributed"):
        return dask_as_completed(futures)
    return futures_as_completed(futures)
