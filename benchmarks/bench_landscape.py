"""Time symrelu.landscape against peers measured in the same run.

1. The whole XOR enumeration (36 feasible cases solved exactly, families verified
   by substitution, classified): symrelu with feasibility pruning, symrelu
   without pruning (all 64 cases), and the naive approach the dissertation
   describes -- SymPy's ``solve`` on the polynomial gradient system of every one
   of the 64 sign cases (no pruning, no classification; its output would still
   need the sign constraints and classification on top).
2. The §3.4.1 experiment: 1000 networks, GD lr 0.1, 500 epochs: symrelu's
   vectorized numpy training against the same training in a per-network Python
   loop.

Run: ``python benchmarks/bench_landscape.py [--repeats 3]``.
"""

from __future__ import annotations

import argparse

import sympy as sp

from symrelu.landscape import xor_problem
from symrelu.landscape.experiment import assign, initialize, train, train_loop
from _timing import median_time


def naive_sympy_solve():
    """SymPy ``solve`` on every one of the 64 case systems; returns the number of solution components."""
    p = xor_problem()
    params = list(p.architecture.parameters)
    total = 0
    for case in p.cases(prune=False):
        total += len(sp.solve(list(p.gradient(case).values()), params, dict=True))
    return total


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--peer-repeats", type=int, default=1)
    args = ap.parse_args(argv)
    print("XOR enumeration (median of repeats, fresh problem each time)")
    ours, _ = median_time(lambda: xor_problem().enumerate(), args.repeats)
    noprune, _ = median_time(lambda: xor_problem().enumerate(prune=False), args.repeats)
    naive, _ = median_time(naive_sympy_solve, args.peer_repeats)
    print(f"  symrelu (pruned, verified, classified) {ours:8.2f} s")
    print(f"  symrelu without pruning (64 cases)      {noprune:8.2f} s   ratio {noprune / ours:5.2f}x")
    print(f"  naive sympy.solve on all 64 cases       {naive:8.2f} s   ratio {naive / ours:5.2f}x")

    print("\n1000-network experiment, GD lr 0.1, 500 epochs (training + assignment)")
    p = xor_problem()
    land = p.enumerate()
    params = initialize(1000, seed=0)
    vec, _ = median_time(lambda: assign(train(params, p), land), max(args.repeats, 5))
    loop, _ = median_time(lambda: train_loop(params, p), args.peer_repeats)
    print(f"  symrelu vectorized numpy (train+assign) {vec:8.2f} s")
    print(f"  per-network Python loop (train only)    {loop:8.2f} s   ratio {loop / vec:5.1f}x")


if __name__ == "__main__":
    main()
