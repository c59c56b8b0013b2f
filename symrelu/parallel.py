"""Sweeps of many independent jobs through any ``concurrent.futures.Executor``.

`sweep` maps a picklable function over job arguments and returns the results in
job order.  By default it runs on local processes; pass any executor to run
elsewhere -- for a Dask cluster, ``distributed.Client(...).get_executor()``
(or the client itself, which `sweep` converts).  Results do not depend on the
executor: every job that draws random numbers must receive its own seed in its
arguments (use `spawn_seeds`).

>>> sweep(pow, [(2, 3), (3, 2)], executor="serial")
[8, 9]
"""

from __future__ import annotations

import concurrent.futures as cf
import os
import sys
from collections.abc import Callable, Iterable

import numpy as np

from .errors import InvalidArgument, InvalidArgumentType

__all__ = ["sweep", "spawn_seeds"]


class _Serial(cf.Executor):
    """Runs each job at submission, in this process (for debugging and tiny sweeps)."""

    def submit(self, fn, /, *args, **kwargs):
        future = cf.Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as exc:  # the job's own error, re-raised by future.result()
            future.set_exception(exc)
        return future


def _usable_cpus() -> int:
    try:  # the CPUs this process may run on, not all the machine's
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # not Linux
        return max(1, os.cpu_count() or 1)


def _as_executor(executor, max_workers):
    if executor is None:
        return cf.ProcessPoolExecutor(max_workers=max_workers or _usable_cpus()), True
    if executor == "serial":
        return _Serial(), True
    if isinstance(executor, cf.Executor):
        return executor, False
    get_executor = getattr(executor, "get_executor", None)  # a distributed.Client
    if callable(get_executor):
        return get_executor(), False
    raise InvalidArgumentType(
        "executor", executor, "None (local processes), 'serial', a concurrent.futures.Executor or a distributed.Client"
    )


def spawn_seeds(seed, n: int) -> list:
    """``n`` independent child seeds of ``seed`` (``numpy.random.SeedSequence.spawn``), one per job.

    >>> len(spawn_seeds(0, 3))
    3
    """
    if not isinstance(n, (int, np.integer)) or n < 0:
        raise InvalidArgument("n", n, "an int >= 0")
    return np.random.SeedSequence(seed).spawn(int(n))


def sweep(
    fn: Callable,
    jobs: Iterable,
    *,
    executor=None,
    max_workers: int | None = None,
    progress: bool | Callable[[int, int], None] = False,
) -> list:
    """Run ``fn(*job)`` for every job (a tuple of arguments) and return the results in job order.

    Parameters
    ----------
    fn : callable
        A picklable (module-level) function.
    jobs : iterable of tuple
        One argument tuple per job.
    executor : None, 'serial', Executor or distributed.Client
        Where to run: local processes (default), this process, or any executor.
    max_workers : int, optional
        Local process count when ``executor`` is None (default: the CPUs
        this process may run on).
    progress : bool or callable
        True prints a progress bar to stderr; a callable receives ``(done, total)``.
    """
    jobs = [tuple(job) for job in jobs]
    if max_workers is not None and (not isinstance(max_workers, int) or max_workers < 1):
        raise InvalidArgument("max_workers", max_workers, "a positive int or None")
    pool, owned = _as_executor(executor, max_workers)
    report = _progress_bar if progress is True else (progress or None)
    try:
        futures = {pool.submit(fn, *job): k for k, job in enumerate(jobs)}
        results = [None] * len(jobs)
        for done, future in enumerate(cf.as_completed(futures), 1):
            results[futures[future]] = future.result()
            if report:
                report(done, len(jobs))
        return results
    finally:
        if owned:
            pool.shutdown(cancel_futures=True)


def _progress_bar(done: int, total: int, width: int = 40):
    filled = width * done // max(total, 1)
    end = "\n" if done == total else ""
    print(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total}", end=end, file=sys.stderr, flush=True)
