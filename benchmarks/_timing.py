"""The one timing helper of the benchmark scripts (imported as ``from _timing import median_time``).

The scripts run as ``python benchmarks/bench_*.py``, so this folder is on ``sys.path``.
"""

import statistics
import time


def median_time(fn, repeats):
    """``(median wall seconds over repeats, the last call's result)``."""
    times, result = [], None
    for _ in range(max(1, repeats)):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), result
