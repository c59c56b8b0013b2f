"""Sweeps of many independent jobs through any ``concurrent.futures.Executor``, and a progress bar.

`sweep` maps a picklable function over job arguments and returns the results in
job order.  By default it runs on local processes; pass any executor to run
elsewhere -- for a Dask cluster, ``distributed.Client(...).get_executor()``
(or the client itself, which `sweep` converts).  Results do not depend on the
executor: every job that draws random numbers must receive its own seed in its
arguments (use `spawn_seeds`).  A failing job does not stop the others: once
all have run, `SweepError` carries the finished results and the failures.

`Progress` is symrelu's one progress bar (on tqdm): redrawn in place on a
terminal, a few plain lines when the output is a file or a pipe.

>>> sweep(pow, [(2, 3), (3, 2)], executor="serial")
[8, 9]
"""

from __future__ import annotations

import concurrent.futures as cf
import os
import pickle
import sys
import time
from collections.abc import Callable, Iterable

import numpy as np

from .errors import InvalidArgument, InvalidArgumentType, SizeLimitExceeded, SymreluError, _short_repr, check_limit

__all__ = ["sweep", "spawn_seeds", "SweepError", "Progress"]


class SweepError(SymreluError, RuntimeError):
    """Some jobs of a `sweep` failed; the others ran to the end and their results are kept.

    Attributes
    ----------
    results : list
        One entry per job, in job order: the job's result, or None where it failed.
    failures : dict
        Job index -> the exception that job raised (the first one is also
        this error's ``__cause__``).
    jobs : list of tuple
        The argument tuples, so ``jobs[k]`` reruns failure ``k``.

    >>> def inverse(x):
    ...     return 1 / x
    >>> try:
    ...     sweep(inverse, [(1,), (0,), (4,)], executor="serial")
    ... except SweepError as err:
    ...     print(err.results, {k: type(e).__name__ for k, e in err.failures.items()})
    [1.0, None, 0.25] {1: 'ZeroDivisionError'}
    """

    def __init__(self, results: list, failures: dict, jobs: list):
        self.results, self.failures, self.jobs = results, failures, jobs
        first = min(failures)
        exc = failures[first]
        super().__init__(
            f"{len(failures)} of {len(jobs)} jobs failed (indices {_short_repr(sorted(failures), 60)}); "
            f"the first, job {first} with arguments {_short_repr(jobs[first], 120)}, raised "
            f"{type(exc).__name__}: {exc}.  The {len(jobs) - len(failures)} finished results are in "
            f".results (None for a failed job), the exceptions in .failures."
        )


class Progress:
    """A progress bar on tqdm: redrawn in place on a terminal, ``lines`` plain lines otherwise.

    Call it with the number of units finished so far; it closes itself (a final
    line) once ``total`` is reached, or on ``close()`` / leaving a ``with``
    block.  When ``stream`` is not a terminal (a file, a pipe, a CI log) there
    is no carriage return: one full line is written each time another
    ``1/lines`` of the work is done.  This is the one progress bar of symrelu:
    `sweep`, `symrelu.swaps.recompute` and ``python -m symrelu.experiments``
    use it.

    Parameters
    ----------
    total : int
        Units of work (jobs, epochs, chunks).
    desc : str
        A label at the start of the line.
    unit : str
        What a unit is called ("it" by default).
    initial : int
        Units already done before this bar (resumed work).
    stream : file, optional
        Where to write (default: ``sys.stderr`` at construction).
    enabled : bool
        False writes nothing (a ``--quiet`` flag).
    lines : int
        Plain lines written when ``stream`` is not a terminal.

    >>> import io
    >>> out = io.StringIO()
    >>> bar = Progress(4, "demo", unit="jobs", stream=out, lines=2)
    >>> for done in range(1, 5):
    ...     bar(done)
    >>> [line.split("|")[0] for line in out.getvalue().splitlines()]
    ['demo:  50%', 'demo: 100%']
    """

    def __init__(self, total: int, desc: str = "", *, unit: str = "it", initial: int = 0, stream=None,
                 enabled: bool = True, lines: int = 4):
        if isinstance(total, bool) or not isinstance(total, (int, np.integer)) or total < 0:
            raise InvalidArgument("total", total, "an int >= 0")
        if isinstance(lines, bool) or not isinstance(lines, (int, np.integer)) or lines < 1:
            raise InvalidArgument("lines", lines, "an int >= 1")
        if not isinstance(enabled, (bool, np.bool_)):
            raise InvalidArgumentType("enabled", enabled, "True or False")
        if isinstance(initial, bool) or not isinstance(initial, (int, np.integer)):
            raise InvalidArgumentType("initial", initial, f"an int in [0, total={total}]")
        if not 0 <= initial <= total:
            raise InvalidArgument("initial", initial, f"an int in [0, total={total}]")
        self.total, self.desc, self.unit, self.enabled = int(total), desc, unit, bool(enabled)
        self.stream = sys.stderr if stream is None else stream  # looked up now: it may have been replaced
        self.n = int(initial)
        self._start = time.monotonic()
        self._closed = not self.enabled or self.total == 0  # no work: nothing to show
        self._lines, self._next_line = int(lines), 1
        self._bar = None
        if not self._closed and _is_terminal(self.stream):
            from tqdm import tqdm

            self._bar = tqdm(total=self.total, desc=desc, unit=unit, initial=self.n, file=self.stream,
                             dynamic_ncols=True, leave=True)
        if self._bar is None:  # skip the lines that resumed work has passed already
            while self._next_line <= self._lines and self.n * self._lines >= self._next_line * self.total > 0:
                self._next_line += 1

    def __call__(self, done: int) -> None:
        """Record that ``done`` units (in all, not since the last call) are finished."""
        if self._closed:
            return
        done = int(done)
        if self._bar is not None:
            self._bar.update(done - self._bar.n)
            self.n = done
        else:
            self.n = done
            passed = False
            while self._next_line <= self._lines and done * self._lines >= self._next_line * self.total:
                self._next_line += 1
                passed = True
            if passed:
                self._write_line()
        if done >= self.total:
            self.close()

    def _write_line(self) -> None:
        from tqdm import tqdm

        line = tqdm.format_meter(self.n, self.total, time.monotonic() - self._start, prefix=self.desc,
                                 unit=self.unit, ascii=True)
        self.stream.write(line + "\n")
        self.stream.flush()

    def close(self) -> None:
        """End the bar (a terminal keeps its last state; a file gets a last line if work was left)."""
        if self._closed:
            return
        self._closed = True
        if self._bar is not None:
            self._bar.close()
        elif self._next_line <= self._lines and self.n > 0:  # stopped early: say how far it got
            self._write_line()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def _is_terminal(stream) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError, OSError):  # no isatty, or a closed stream
        return False


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
    if isinstance(executor, str) and executor == "serial":  # `==` on an array would compare elementwise
        return _Serial(), True
    if isinstance(executor, cf.Executor):
        return executor, False
    get_executor = getattr(executor, "get_executor", None)  # a distributed.Client
    if callable(get_executor):
        return get_executor(), False
    raise InvalidArgumentType(
        "executor", executor, "None (local processes), 'serial', a concurrent.futures.Executor or a distributed.Client"
    )


def spawn_seeds(seed, n: int, *, max_seeds: int | None = None) -> list:
    """``n`` independent child seeds of ``seed`` (``numpy.random.SeedSequence.spawn``), one per job.

    ``n`` above ``max_seeds`` (default ``MAX_SEEDS`` = 2**16) is refused with
    `SizeLimitExceeded` before any seed is made: each is a ``SeedSequence``
    object that takes tens of microseconds to build.

    >>> len(spawn_seeds(0, 3))
    3
    """
    limit = check_limit("max_seeds", MAX_SEEDS if max_seeds is None else max_seeds)
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)):
        raise InvalidArgumentType("n", n, "an int >= 0")
    if n < 0:
        raise InvalidArgument("n", n, "an int >= 0")
    if n > limit:
        raise SizeLimitExceeded("n", n, size=int(n), limit=limit, unit="seeds", option="max_seeds")
    allowed = "None, an int >= 0, a sequence of ints >= 0 or a numpy.random.SeedSequence"
    if not (seed is None or isinstance(seed, np.random.SeedSequence)):
        entries = list(seed) if isinstance(seed, (list, tuple)) else [seed]
        if not entries or any(isinstance(v, bool) or not isinstance(v, (int, np.integer)) for v in entries):
            raise InvalidArgumentType("seed", seed, allowed)
        if any(v < 0 for v in entries):
            raise InvalidArgument("seed", seed, allowed)
    return np.random.SeedSequence(seed).spawn(int(n))


#: Most child seeds `spawn_seeds` makes by default (``max_seeds`` raises it): 2**16 took 1-2 s on a loaded
#: 2-core machine (about 27 us per seed measured there).
MAX_SEEDS = 2**16


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
        A picklable (module-level) function; checked before any job starts
        when the jobs run in other processes.
    jobs : iterable of tuple
        One argument tuple (or list) per job.
    executor : None, 'serial', Executor or distributed.Client
        Where to run: local processes (default), this process, or any executor.
    max_workers : int, optional
        Local process count when ``executor`` is None (default: the CPUs
        this process may run on).
    progress : bool or callable
        True shows a `Progress` bar on stderr; a callable receives
        ``(done, total)`` after each job (an exception it raises stops the
        sweep and cancels the jobs not yet started).

    Returns
    -------
    list
        ``fn(*job)`` for each job, in job order.

    Raises
    ------
    SweepError
        When some jobs raised: every other job still runs, and the error
        carries their results (``.results``, None for the failed ones) and the
        exceptions (``.failures``, by job index).

    >>> sweep(divmod, [(7, 2), (9, 4)], executor="serial")
    [(3, 1), (2, 1)]
    """
    if not callable(fn):
        raise InvalidArgumentType("fn", fn, "a callable (a module-level function, so that it pickles)")
    if isinstance(jobs, (str, bytes)) or not isinstance(jobs, Iterable):
        raise InvalidArgumentType("jobs", jobs, "an iterable of argument tuples, e.g. [(1, 2), (3, 4)]")
    jobs = list(jobs)
    for k, job in enumerate(jobs):
        # a tuple or list, as documented: an array row or a string would be unpacked into arguments by accident
        if not isinstance(job, (tuple, list)):
            raise InvalidArgument(f"jobs[{k}]", job, "a tuple (or list) of fn's arguments",
                                  "Write a job of one argument x as (x,).")
    jobs = [tuple(job) for job in jobs]
    if max_workers is not None and (isinstance(max_workers, bool) or not isinstance(max_workers, int)
                                    or max_workers < 1):
        raise InvalidArgument("max_workers", max_workers, "a positive int or None")
    if progress is not True and progress is not False and progress is not None and not callable(progress):
        raise InvalidArgumentType("progress", progress, "True, False or a callable (done, total)")
    pool, owned = _as_executor(executor, max_workers)
    try:
        if isinstance(pool, cf.ProcessPoolExecutor) and jobs:
            _check_picklable(fn)
        bar = Progress(len(jobs), "jobs", unit="jobs") if progress is True else None
        report = (lambda done, total: bar(done)) if bar is not None else (progress or None)
        results = [None] * len(jobs)
        failures = {}
        try:
            futures = {pool.submit(fn, *job): k for k, job in enumerate(jobs)}
            for done, future in enumerate(cf.as_completed(futures), 1):
                k = futures[future]
                try:
                    results[k] = future.result()
                except Exception as exc:  # the job's own error: the other jobs go on
                    failures[k] = exc
                if report:
                    report(done, len(jobs))
        finally:
            if bar is not None:
                bar.close()
        if failures:
            raise SweepError(results, failures, jobs) from failures[min(failures)]
        return results
    finally:
        if owned:
            pool.shutdown(cancel_futures=True)


def _check_picklable(fn) -> None:
    try:
        pickle.dumps(fn)
    except Exception as exc:  # PicklingError, AttributeError or TypeError, depending on the object
        raise InvalidArgument(
            "fn", fn, "a picklable function: the jobs run in other processes",
            f"Pickling it failed ({type(exc).__name__}: {exc}). Define it at module level (not a lambda "
            "or a nested function), or pass executor='serial' or a ThreadPoolExecutor.",
        ) from exc
