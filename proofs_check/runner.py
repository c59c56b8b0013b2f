"""Run claims, each in its own child process, and stream the results.

Every claim runs in a fresh child process so that a per-claim timeout can kill
it (verdict ``timeout``) and an exception or a crash cannot take the runner down
(verdict ``error``).  Results are yielded in the order the claims finish.

The child is not daemonic, so a claim may start processes of its own (for
example through :func:`symrelu.parallel.sweep`).  It leads its own process
group: a timeout kills the whole group, grandchildren included, and whatever a
finished claim left running is killed with it.  Each child limits its BLAS and
OpenMP threads to its share of the CPUs (:func:`blas_threads`), so ``jobs``
claims at once do not oversubscribe the machine.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import signal
import sys
import time
import traceback
from dataclasses import dataclass
from multiprocessing.connection import wait
from typing import Iterable, Iterator

from .claim import CHECK_VERDICTS, Claim, Outcome

__all__ = ["Result", "ReadingResult", "run_claims", "run_claim", "default_jobs",
           "blas_threads"]

#: Longest counterexample repr kept in a result.
MAX_REPR = 10_000

#: Environment variables that size the thread pools of BLAS, OpenMP and numexpr;
#: set in each child so that libraries it loads, and processes it starts, see them.
THREAD_VARIABLES = (
    "OMP_NUM_THREADS",
    "OPENBLAS_NUM_THREADS",
    "MKL_NUM_THREADS",
    "BLIS_NUM_THREADS",
    "VECLIB_MAXIMUM_THREADS",
    "NUMEXPR_NUM_THREADS",
)


def available_cpus() -> int:
    """CPUs this process may run on (its affinity mask where the OS has one)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # not Linux
        return max(1, os.cpu_count() or 1)


def default_jobs() -> int:
    """Claims checked at once by default: the CPUs this process may run on."""
    return available_cpus()


def blas_threads(jobs: int) -> int:
    """BLAS threads per child when ``jobs`` claims run at once (their share of the CPUs, at least 1)."""
    return max(1, available_cpus() // max(1, jobs))


@dataclass(frozen=True)
class ReadingResult:
    """The verdict on one reading of a claim (see :class:`proofs_check.claim.Reading`).

    ``correction_verdict`` is the verdict of the same reading when the claim's
    check runs on the reading's correction; ``severity`` is the project's
    judgement (:meth:`proofs_check.claim.Claim.severity_of`) when the reading
    is refuted.
    """

    name: str
    description: str
    verdict: str
    detail: str
    fixed_by: str | None
    counterexample: str | None
    correction: str | None
    correction_verdict: str | None
    severity: str | None

    @property
    def ok(self) -> bool:
        """True unless a refuted reading lacks a severity or its correction was not verified."""
        if self.verdict == "refuted" and self.severity is None:
            return False
        return self.correction is None or self.correction_verdict == "verified"


@dataclass(frozen=True)
class Result:
    """The result of checking one claim.

    ``verdict`` is one of :data:`proofs_check.claim.VERDICTS`.  ``correction`` is
    the corrected statement's text when the check refuted the claim and supplied
    one, and ``correction_verdict`` is what the same check said about the
    correction's data (it must be ``"verified"`` for the correction to count).
    ``counterexample`` is the ``repr`` of the counterexample, or ``None``.
    ``severity`` is the project's judgement of a refuted verdict (the claim's
    ``severity``; for a claim with readings, the fixed reading's), ``None``
    otherwise; ``readings`` holds one :class:`ReadingResult` per reading the
    check reported.
    """

    id: str
    source: str
    label: str
    statement: str
    method: str
    expect: str
    verdict: str
    detail: str
    correction: str | None
    correction_verdict: str | None
    counterexample: str | None
    seconds: float
    severity: str | None = None
    readings: tuple[ReadingResult, ...] = ()

    @property
    def ok(self) -> bool:
        """True when the verdict equals ``expect``, any correction was verified, and every reading is ok.

        A ``"skipped"`` claim (an optional package missing) was not checked: it is not ok; the
        command's exit status and the summary count it apart (see :func:`proofs_check.report.summary`).
        """
        return (
            self.verdict == self.expect
            and (self.correction is None or self.correction_verdict == "verified")
            and all(r.ok for r in self.readings)
        )


def _short_repr(obj) -> str:
    try:
        text = repr(obj)
    except Exception as exc:  # a broken __repr__ must not lose the verdict
        text = f"<unrepresentable {type(obj).__name__}: {exc!r}>"
    if len(text) > MAX_REPR:
        text = text[: MAX_REPR - 3] + "..."
    return text


def _last_line(exc: BaseException) -> str:
    lines = traceback.format_exception_only(type(exc), exc)
    text = "".join(lines).strip().splitlines()
    return text[-1] if text else type(exc).__name__


def _call_check(check, data) -> Outcome:
    outcome = check(data)
    if not isinstance(outcome, Outcome):
        raise TypeError(
            f"check returned {type(outcome).__name__}, expected an Outcome "
            "(use verified(), refuted() or inconclusive())"
        )
    return outcome


def evaluate(check, data) -> dict:
    """Run ``check(data)`` (and the corrections, if any) in this process.

    Returns a plain dict of strings, ``None`` and lists (safe to pickle):
    ``verdict``, ``detail``, ``correction``, ``correction_verdict``,
    ``counterexample`` and ``readings`` (one dict per reading: ``name``,
    ``description``, ``verdict``, ``detail``, ``fixed_by``, ``counterexample``,
    ``correction``, ``correction_verdict``).  A refuted reading's correction is
    checked by the same check, and counts by that reading's verdict there.
    Exceptions become verdict ``"error"`` with the traceback's last line.
    """
    try:
        outcome = _call_check(check, data)
    except Exception as exc:
        return _failure("error", _last_line(exc))
    payload = {
        "verdict": outcome.verdict,
        "detail": outcome.detail,
        "correction": None,
        "correction_verdict": None,
        "counterexample": (
            None if outcome.counterexample is None else _short_repr(outcome.counterexample)
        ),
        "readings": [],
    }
    # One run per distinct correction: the fixed reading's correction is
    # usually the headline's too.
    runs: dict = {}

    def judge_correction(entry, correction, reading=None):
        # Check the correction and record its verdict in entry (the headline's or
        # a reading's); a reading counts by the same reading on the corrected
        # data, and a check without readings there answers for all of them.
        entry["correction"] = correction.statement
        key = id(correction.data)
        if key not in runs:
            try:
                runs[key] = (_call_check(check, correction.data), None)
            except Exception as exc:
                runs[key] = (None, _last_line(exc))
        corr, failure = runs[key]
        if corr is None:
            entry["correction_verdict"] = "error"
            entry["detail"] += f" [correction check raised: {failure}]"
            return
        same = None if reading is None else corr.reading(reading)
        verdict, detail = (corr.verdict, corr.detail) if same is None else (same.verdict, same.detail)
        entry["correction_verdict"] = verdict
        if verdict != "verified":
            entry["detail"] += f" [correction not verified: {detail}]"

    if outcome.verdict == "refuted" and outcome.correction is not None:
        judge_correction(payload, outcome.correction)
    for reading in outcome.readings:
        entry = {
            "name": reading.name,
            "description": reading.description,
            "verdict": reading.verdict,
            "detail": reading.detail,
            "fixed_by": reading.fixed_by,
            "counterexample": (
                None if reading.counterexample is None else _short_repr(reading.counterexample)
            ),
            "correction": None,
            "correction_verdict": None,
        }
        if reading.verdict == "refuted" and reading.correction is not None:
            judge_correction(entry, reading.correction, reading.name)
        payload["readings"].append(entry)
    assert payload["verdict"] in CHECK_VERDICTS
    return payload


def _pin_threads(threads: int) -> None:
    # The variables reach libraries loaded from now on and processes started by
    # the claim; libraries the parent had already loaded (numpy's BLAS, inherited
    # through fork) are limited through threadpoolctl when it is installed.
    for name in THREAD_VARIABLES:
        os.environ[name] = str(threads)
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:
        return
    threadpool_limits(threads)


def _child(conn, task, threads) -> None:
    # Lead a process group of our own: the parent's timeout kills the group,
    # and with it every process the claim started.
    try:
        os.setsid()
    except OSError:  # already a group leader (cannot happen for a fresh child)
        pass
    # Keep the parent's stdout clean (it may be printing JSON): checks that print
    # write to stderr instead.
    try:
        sys.stdout.flush()
        os.dup2(2, 1)
    except (OSError, ValueError):
        pass
    sys.stdout = sys.stderr
    try:
        _pin_threads(threads)
        kind, value = task
        if kind == "claim":
            check, data = value
        else:  # "id": look the claim up in the registry (spawn, unpicklable check)
            from .registry import all_claims

            found = {c.id: c for c in all_claims()}[value]
            check, data = found.check, found.data
        payload = evaluate(check, data)
    except BaseException as exc:  # includes KeyboardInterrupt in the child
        payload = _failure("error", _last_line(exc))
    try:
        conn.send(payload)
    finally:
        conn.close()


def _context():
    if sys.platform.startswith("linux"):
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def _task_for(claim: Claim, ctx) -> tuple:
    if ctx.get_start_method() == "fork":
        return ("claim", (claim.check, claim.data))
    try:
        pickle.dumps((claim.check, claim.data))
    except Exception:
        return ("id", claim.id)
    return ("claim", (claim.check, claim.data))


def _severities(claim: Claim, payload: dict):
    readings = tuple(
        ReadingResult(
            **r, severity=claim.severity_of(r["name"]) if r["verdict"] == "refuted" else None
        )
        for r in payload.get("readings", ())
    )
    severity = None
    if payload["verdict"] == "refuted":
        fixed = next((r for r in readings if r.fixed_by is not None), None)
        severity = fixed.severity if fixed is not None and fixed.severity is not None \
            else claim.severity_of()
    return severity, readings


def _result(claim: Claim, payload: dict, seconds: float) -> Result:
    severity, readings = _severities(claim, payload)
    return Result(
        id=claim.id,
        source=claim.source,
        label=claim.label,
        statement=claim.statement,
        method=claim.method,
        expect=claim.expect,
        verdict=payload["verdict"],
        detail=payload["detail"],
        correction=payload["correction"],
        correction_verdict=payload["correction_verdict"],
        counterexample=payload["counterexample"],
        seconds=round(seconds, 3),
        severity=severity,
        readings=readings,
    )


def _failure(verdict: str, detail: str) -> dict:
    return {
        "verdict": verdict,
        "detail": detail,
        "correction": None,
        "correction_verdict": None,
        "counterexample": None,
        "readings": [],
    }


def _kill_group(pgid: int, sig) -> None:
    try:
        os.killpg(pgid, sig)
    except (ProcessLookupError, PermissionError):  # the group is empty (gone)
        pass


def _stop(proc) -> None:
    """Stop ``proc`` and every process left in its group (it leads one, see `_child`)."""
    if proc.is_alive():
        if hasattr(os, "killpg"):
            _kill_group(proc.pid, signal.SIGTERM)
        proc.terminate()
        proc.join(2)
        if proc.is_alive():
            proc.kill()
    proc.join()
    # Grandchildren may outlive the child (or ignore SIGTERM): kill what is left.
    # The group id stays reserved while any member lives, so this reaches no
    # unrelated process.
    if hasattr(os, "killpg"):
        _kill_group(proc.pid, signal.SIGKILL)


def run_claims(
    claims: Iterable[Claim], *, timeout: float | None = None, jobs: int = 1
) -> Iterator[Result]:
    """Check ``claims``, each in its own child process; yield results as they finish.

    Parameters
    ----------
    claims : iterable of Claim
        The claims to check (any list; not necessarily the registered ones).
    timeout : float or None
        Seconds allowed per claim (the check and its correction together); a
        claim still running then is killed and gets verdict ``"timeout"``.
        ``None`` means no limit.
    jobs : int
        Most child processes running at once (at least 1); each child's BLAS
        and OpenMP threads are limited to ``blas_threads(jobs)``.

    Yields
    ------
    Result
        One per claim, in the order they finish.
    """
    if isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1:
        raise ValueError(f"jobs must be an int >= 1, got {jobs!r}")
    if timeout is not None and not timeout > 0:
        raise ValueError(f"timeout must be None or > 0 seconds, got {timeout!r}")
    pending = list(claims)
    for c in pending:
        if not isinstance(c, Claim):
            raise TypeError(f"run_claims expects Claim objects, got {type(c).__name__}")
    pending.reverse()  # pop() from the end keeps the given order
    ctx = _context()
    threads = blas_threads(jobs)
    running: dict = {}  # conn -> (claim, proc, start)
    try:
        while pending or running:
            while pending and len(running) < jobs:
                claim = pending.pop()
                missing = claim.missing()
                if missing:  # not checked: say what to install instead of a misleading inconclusive
                    yield _result(claim, _failure("skipped", f"needs {', '.join(missing)}, not installed: "
                                                  f"pip install 'symrelu[{','.join(missing)}]'"), 0.0)
                    continue
                recv, send = ctx.Pipe(duplex=False)
                proc = ctx.Process(
                    target=_child,
                    args=(send, _task_for(claim, ctx), threads),
                    name=f"proofs_check:{claim.id}",
                    # Not daemonic: a claim may start processes of its own.
                    daemon=False,
                )
                start = time.perf_counter()
                proc.start()
                send.close()
                running[recv] = (claim, proc, start)

            now = time.perf_counter()
            if timeout is None:
                wait_for = None
            else:
                wait_for = max(
                    0.0, min(start + timeout for _, _, start in running.values()) - now
                )
            handles = list(running) + [proc.sentinel for _, proc, _ in running.values()]
            ready = set(wait(handles, wait_for))

            finished = []
            now = time.perf_counter()
            for conn, (claim, proc, start) in running.items():
                if conn in ready:
                    try:
                        payload = conn.recv()
                    except (EOFError, OSError):
                        proc.join(5)
                        payload = _failure(
                            "error",
                            f"child process exited with code {proc.exitcode} "
                            "without a result",
                        )
                    proc.join(5)
                    _stop(proc)  # and whatever the claim left running
                    finished.append((conn, _result(claim, payload, now - start)))
                elif proc.sentinel in ready:
                    # Exited; a result may still be in the pipe.
                    if conn.poll():
                        continue  # picked up on the next round
                    _stop(proc)
                    finished.append(
                        (
                            conn,
                            _result(
                                claim,
                                _failure(
                                    "error",
                                    f"child process exited with code {proc.exitcode} "
                                    "without a result",
                                ),
                                now - start,
                            ),
                        )
                    )
                elif timeout is not None and now - start >= timeout:
                    _stop(proc)
                    finished.append(
                        (
                            conn,
                            _result(
                                claim,
                                _failure("timeout", f"killed after {timeout:g} s"),
                                now - start,
                            ),
                        )
                    )
            for conn, result in finished:
                running.pop(conn)
                conn.close()
                yield result
    finally:
        for conn, (_, proc, _) in running.items():
            _stop(proc)
            conn.close()


def run_claim(claim: Claim, *, timeout: float | None = None) -> Result:
    """Check one claim in a child process and return its :class:`Result`."""
    return next(iter(run_claims([claim], timeout=timeout, jobs=1)))
