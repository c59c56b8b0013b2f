"""Benchmark: the swaps value by the direct definition vs the chamber algorithm (symrelu.swaps).

The direct definition (`swaps_reference`) evaluates 004 eqs. 3.8-3.10 for every integer
w in the box {-K..K}^n that meets every chamber (K = 4 for n = 3, K = 10 for n = 4); it
plays the role of the dissertation's brute force over orderings.  The chamber algorithm
(`swaps`) minimizes over the 2^n n! / 2 signed permutations times the fundamental
chambers with bit operations.  Both are exact; the script checks that they agree.

Run: python benchmarks/bench_swaps.py [--repeats 5]
"""

import argparse

import numpy as np

from symrelu.npn import npn_classes
from symrelu.boolean import truth_table
from symrelu.swaps import swaps, swaps_reference
from _timing import median_time


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--subset", type=int, default=12, help="n = 4 classes timed with the direct definition")
    args = parser.parse_args()
    swaps(0, 4), swaps(0, 3)  # build the cached group/chamber tables outside the timings
    rows = []
    codes3 = np.arange(256)
    t_ref, ref = median_time(lambda: [swaps_reference(truth_table(int(c), 3)) for c in codes3], args.repeats)
    t_new, new = median_time(lambda: swaps(codes3, 3), args.repeats)
    assert list(new) == ref
    rows.append(("n=3, all 256 functions", t_ref, t_new))
    reps = npn_classes(4)
    subset = reps[:: max(1, len(reps) // args.subset)][: args.subset]
    t_ref, ref = median_time(lambda: [swaps_reference(truth_table(int(c), 4)) for c in subset], max(1, args.repeats // 2))
    t_new, new = median_time(lambda: swaps(subset, 4), args.repeats)
    assert list(new) == ref
    rows.append((f"n=4, {len(subset)} NPN classes", t_ref, t_new))
    t_all, values = median_time(lambda: swaps(reps, 4), args.repeats)
    per_class_ref = t_ref / len(subset)
    rows.append((f"n=4, all {len(reps)} classes (direct: extrapolated)", per_class_ref * len(reps), t_all))
    print(f"{'case':<45}{'direct (s)':>12}{'chambers (s)':>14}{'ratio':>10}")
    for name, a, b in rows:
        print(f"{name:<45}{a:>12.4f}{b:>14.4f}{a / b:>10.1f}")
    print(f"medians of {args.repeats} repeats; the last direct time is per-class median x 222 (not measured)")
    vals, counts = np.unique(values, return_counts=True)
    print("n=4 swaps distribution over classes:", {int(v): int(c) for v, c in zip(vals, counts)})


if __name__ == "__main__":
    main()
