"""sweep over executors: results in job order, failures kept with the partial results, seeds are deterministic."""

import concurrent.futures as cf
import importlib.util
import operator

import numpy as np
import pytest

from symrelu.errors import InvalidArgument, InvalidArgumentType
from symrelu.parallel import SweepError, spawn_seeds, sweep

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
def test_failed_jobs_keep_the_finished_results(executor):
    # issue 18: a failing job used to abort the sweep with no partial results
    jobs = [(k,) for k in range(6)]
    with pytest.raises(SweepError, match=r"1 of 6 jobs failed.*job 3 with arguments \(3,\).*ZeroDivisionError: job 3") as info:
        if executor == "threads":
            with cf.ThreadPoolExecutor(2) as pool:
                sweep(fail_on_three, jobs, executor=pool)
        else:
            sweep(fail_on_three, jobs, executor=executor, max_workers=2 if executor is None else None)
    err = info.value
    assert err.results == [0, 1, 2, None, 4, 5]  # every other job ran to the end
    assert list(err.failures) == [3] and isinstance(err.failures[3], ZeroDivisionError)
    assert err.__cause__ is err.failures[3] and err.jobs[3] == (3,)
    assert isinstance(err, RuntimeError)


def test_several_failures_are_all_reported():
    with pytest.raises(SweepError, match="2 of 3 jobs failed") as info:
        sweep(operator.truediv, [(1, 0), (1, 2), (3, 0)], executor="serial")
    assert info.value.results == [None, 0.5, None] and sorted(info.value.failures) == [0, 2]


def test_bad_jobs_and_functions_are_named():
    with pytest.raises(InvalidArgumentType, match="jobs: got int"):
        sweep(pow, 5, executor="serial")
    with pytest.raises(InvalidArgumentType, match="jobs: got str"):
        sweep(pow, "ab", executor="serial")
    with pytest.raises(InvalidArgument, match=r"jobs\[1\]=7.*as \(x,\)"):
        sweep(abs, [(1,), 7], executor="serial")
    with pytest.raises(InvalidArgumentType, match="fn"):
        sweep(42, [(1,)], executor="serial")
    # a lambda cannot go to another process: said before any job starts
    with pytest.raises(InvalidArgument, match="picklable function.*module level"):
        sweep(lambda x: x, [(1,)], max_workers=1)
    with cf.ProcessPoolExecutor(1) as pool, pytest.raises(InvalidArgument, match="picklable"):
        sweep(lambda x: x, [(1,)], executor=pool)
    assert sweep(lambda x: -x, [(1,)], executor="serial") == [-1]  # in-process: no pickling needed


def test_progress_callback():
    seen = []
    sweep(pow, JOBS, executor="serial", progress=lambda done, total: seen.append((done, total)))
    assert seen == [(k, 7) for k in range(1, 8)]


def test_progress_true_writes_plain_lines_when_piped(capsys):
    assert sweep(pow, JOBS, executor="serial", progress=True) == EXPECTED
    err = capsys.readouterr().err
    assert "\r" not in err and err.count("\n") == 4 and "7/7" in err.splitlines()[-1]


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


def test_progress_initial_is_checked():
    """Issue 13: initial='abc' gave a bare ValueError from int()."""
    import io

    from symrelu.parallel import Progress

    with pytest.raises(InvalidArgumentType, match="initial"):
        Progress(4, initial="abc", stream=io.StringIO())
    for bad in (-1, 5):
        with pytest.raises(InvalidArgument, match="initial"):
            Progress(4, initial=bad, stream=io.StringIO())
    assert Progress(4, initial=4, stream=io.StringIO()).n == 4


def test_spawn_seeds_refuses_past_its_limit_before_making_any():
    """Issue 13: n=3062989 ran for seconds; n above max_seeds is refused up front, and the caller can raise it."""
    from symrelu.errors import SizeLimitExceeded
    from symrelu.parallel import MAX_SEEDS

    with pytest.raises(SizeLimitExceeded) as info:
        spawn_seeds(0, 3062989)
    assert info.value.name == "n" and info.value.option == "max_seeds"
    with pytest.raises(SizeLimitExceeded):
        spawn_seeds(0, 4, max_seeds=3)
    assert len(spawn_seeds(0, 4, max_seeds=4)) == 4 and MAX_SEEDS >= 4
    with pytest.raises(InvalidArgumentType, match="max_seeds"):
        spawn_seeds(0, 1, max_seeds=1.5)
    with pytest.raises(InvalidArgumentType, match="n"):
        spawn_seeds(0, True)


def test_progress_enabled_and_sweep_jobs_types():
    """Issue 13 (fuzz): enabled=array([]) gave a bare ValueError; a job that is an array was unpacked into arguments."""
    import io

    from symrelu.parallel import Progress

    with pytest.raises(InvalidArgumentType, match="enabled"):
        Progress(4, enabled=np.array([]), stream=io.StringIO())
    with pytest.raises(InvalidArgument, match=r"jobs\[0\]"):
        sweep(divmod, np.array([[[1.0]]]), executor="serial")
    assert sweep(divmod, [[7, 2], (9, 4)], executor="serial") == [(3, 1), (2, 1)]


def test_sweep_refuses_an_array_as_executor():
    """Issue 13 (fuzz): executor=array gave a bare ValueError from `executor == "serial"`."""
    with pytest.raises(InvalidArgumentType, match="executor"):
        sweep(divmod, [(7, 2)], executor=np.zeros((3, 0)))
