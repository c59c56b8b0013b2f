"""sweep over executors: results in job order, errors propagate, seeds are deterministic."""

import concurrent.futures as cf
import importlib.util
import operator

import numpy as np
import pytest

from symrelu.parallel import spawn_seeds, sweep

JOBS = [(k, 3) for k in range(7)]
EXPECTED = [k**3 for k in range(7)]


def fail_on_three(k):
    if k == 3:
        raise ZeroDivisionError(f"job {k} failed")
    return k


def draw(seed):
    return float(np.random.default_rng(seed).random())


def test_serial_preserves_order():
    assert sweep(pow, JOBS, executor="serial") == EXPECTED
    assert sweep(pow, [], executor="serial") == []


def test_default_processes_preserve_order():
    assert sweep(pow, JOBS, max_workers=2) == EXPECTED


def test_thread_pool_preserves_order_and_stays_open():
    with cf.ThreadPoolExecutor(max_workers=3) as pool:
        assert sweep(operator.mul, [(k, k) for k in range(20)], executor=pool) == [k * k for k in range(20)]
        assert pool.submit(abs, -2).result() == 2  # a caller's executor is not shut down by sweep


@pytest.mark.parametrize("executor", ["serial", None, "threads"])
def test_job_exceptions_propagate(executor):
    if executor == "threads":
        with cf.ThreadPoolExecutor(2) as pool, pytest.raises(ZeroDivisionError, match="job 3"):
            sweep(fail_on_three, [(k,) for k in range(5)], executor=pool)
    else:
        with pytest.raises(ZeroDivisionError, match="job 3"):
            sweep(fail_on_three, [(k,) for k in range(5)], executor=executor, max_workers=2 if executor is None else None)


def test_progress_callback():
    seen = []
    sweep(pow, JOBS, executor="serial", progress=lambda done, total: seen.append((done, total)))
    assert seen == [(k, 7) for k in range(1, 8)]


def test_spawn_seeds_deterministic_and_executor_independent():
    a, b = spawn_seeds(1234, 4), spawn_seeds(1234, 4)
    assert [s.generate_state(2).tolist() for s in a] == [s.generate_state(2).tolist() for s in b]
    assert len({tuple(s.generate_state(2)) for s in a}) == 4  # children differ
    assert spawn_seeds(0, 0) == []
    jobs = [(s,) for s in spawn_seeds(7, 5)]
    serial = sweep(draw, jobs, executor="serial")
    with cf.ThreadPoolExecutor(2) as pool:
        assert sweep(draw, jobs, executor=pool) == serial
    assert sweep(draw, jobs, max_workers=2) == serial
    assert sweep(draw, [(s,) for s in spawn_seeds(7, 5)], executor="serial") == serial


@pytest.mark.skipif(importlib.util.find_spec("distributed") is None, reason="dask.distributed is not installed")
def test_dask_distributed_client():
    distributed = pytest.importorskip("distributed")
    with distributed.Client(processes=False, n_workers=1, threads_per_worker=2, dashboard_address=None) as client:
        assert sweep(pow, JOBS, executor=client) == EXPECTED
