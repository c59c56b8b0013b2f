"""Benchmark: how long Hypothesis takes to report a failing property on `symrelu.strategies.cpwl_functions`.

Run from the repository root::

    nice -n 19 python benchmarks/bench_strategies.py [--repeats 3] [--max-pieces 8]

A trivially false property is checked with Hypothesis's default phases
(generate, shrink, explain), no example database, no deadline, 100 examples;
repeat ``r`` uses ``@seed(r)`` for both strategies (the time depends heavily on
the first failing example, so one seed says little).
The time is the wall time of the whole ``@given`` test, that is, until the
failure is reported.  Two strategies draw the same kind of function (exact
``PiecewiseLinear`` on [0, 1], knots at fractions with denominators <= 16,
values in [-4, 4]):

* ``symrelu``: `symrelu.strategies.cpwl_functions` as it is now (every number
  from two integer draws, strategies built once);
* ``previous``: the strategy as it was before (a count, then a unique list of
  ``st.fractions(...).filter(...)``, values from ``st.fractions``; Hypothesis's
  ``st.fractions`` draws through ``flatmap``, which builds and validates a new
  strategy at every draw), reproduced below.

The last columns show the falsifying example each one reported (its pieces and
largest denominator): fast shrinking must not mean a worse example.
A second table does the same for `symrelu.strategies.relu_networks` (exact
weights; previously ``one_of(ints, st.fractions(max_denominator=4))``) with the
property "fewer than 3 pieces on [0, 1]".

Medians of ``--repeats`` runs, measured in this run; ratio = previous / symrelu.
"""

from __future__ import annotations

import argparse
import statistics
import time
from fractions import Fraction

from hypothesis import given, seed, settings
from hypothesis import strategies as st

from symrelu.network import ReLUNetwork
from symrelu.pwl import PiecewiseLinear
from symrelu.strategies import cpwl_functions, relu_networks
from _timing import median_time


@st.composite
def previous_cpwl(draw, max_pieces=8, max_denominator=16, bound=Fraction(4)):
    """``cpwl_functions(max_pieces)`` as symrelu drew it before (exact mode, domain (0, 1))."""
    n = draw(st.integers(1, max_pieces))
    qs = sorted(
        draw(
            st.lists(
                st.fractions(min_value=0, max_value=1, max_denominator=max_denominator).filter(lambda q: 0 < q < 1),
                min_size=n - 1,
                max_size=n - 1,
                unique=True,
            )
        )
    )
    knots = [Fraction(0)] + qs + [Fraction(1)]
    value = st.fractions(min_value=-bound, max_value=bound, max_denominator=max_denominator)
    values = draw(st.lists(value, min_size=len(knots), max_size=len(knots)))
    return PiecewiseLinear(knots, values, exact=True)


@st.composite
def previous_networks(draw, max_depth=3, max_width=4, max_abs_weight=3):
    """``relu_networks()`` as symrelu drew it before: weights ``one_of(ints, st.fractions(max_denominator=4))``."""
    ints = st.integers(-max_abs_weight, max_abs_weight)
    weight = st.one_of(ints.map(Fraction), st.fractions(min_value=-max_abs_weight, max_value=max_abs_weight, max_denominator=4))
    depth = draw(st.integers(1, max_depth))
    widths = [1] + [draw(st.integers(1, max_width)) for _ in range(depth)] + [1]
    layers = []
    for n_in, n_out in zip(widths[:-1], widths[1:]):
        W = [[draw(weight) for _ in range(n_in)] for _ in range(n_out)]
        b = [draw(weight) for _ in range(n_out)]
        layers.append((W, b))
    return ReLUNetwork(layers, 0, exact=True)


PROPERTIES = {
    "always false": lambda f: False,
    "pieces < 4": lambda f: f.pieces < 4,
    "|values| < 1": lambda f: all(abs(v) < 1 for v in f.values),
    "f(1/2) <= f(0)": lambda f: f(Fraction(1, 2)) <= f(0),
}


def time_report(strategy, prop):
    """Median wall and CPU seconds until Hypothesis reports the failure, and the last reported example.

    Repeat ``r`` runs with ``@seed(r)``: how long shrinking takes depends heavily on the
    first failing example, so the median is over seeds, the same seeds for both strategies.
    CPU time (``time.process_time``) is printed too: on the shared machine the wall time
    of a low-priority run mostly measures the other jobs.
    """
    reported, cpu, seeds = [], [], iter(range(REPEATS))

    def run():
        reported.clear()

        @seed(next(seeds))
        @settings(database=None, deadline=None, max_examples=100)
        @given(strategy)
        def test(f):
            if not prop(f):
                reported.append(f)
                raise AssertionError("property false")

        c0 = time.process_time()
        try:
            test()
        except AssertionError:
            pass
        else:
            raise RuntimeError("the property did not fail")
        cpu.append(time.process_time() - c0)
        return reported[-1]  # the last failing call is Hypothesis's final replay of the shrunk example

    wall, example = median_time(run, REPEATS)
    return wall, statistics.median(cpu), example


def row(name, new, old):
    (w_new, c_new, f_new), (w_old, c_old, f_old) = new, old
    print(f"{name:16s} {w_new:8.2f} {w_old:8.2f} {w_old / w_new:6.1f}x  {c_new:8.2f} {c_old:8.2f} {c_old / c_new:6.1f}x"
          f"   {describe(f_new)} | {describe(f_old)}", flush=True)


HEADER = (f"{'property':16s} {'wall s':>8s} {'prev.':>8s} {'ratio':>7s}  {'CPU s':>8s} {'prev.':>8s} {'ratio':>7s}"
          "   reported (symrelu | previous)")


def describe(f):
    if isinstance(f, ReLUNetwork):
        weights = [v for W, b in f.layers for v in list(W.flat) + list(b)]
        return f"widths {f.widths}, max denominator {max(Fraction(v).denominator for v in weights)}"
    return f"{f.pieces} pieces, max denominator {max(Fraction(v).denominator for v in list(f.knots) + list(f.values))}"


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5, help="seeds 0..repeats-1")
    parser.add_argument("--max-pieces", type=int, default=8)
    args = parser.parse_args()
    REPEATS = args.repeats
    new, old = cpwl_functions(max_pieces=args.max_pieces), previous_cpwl(max_pieces=args.max_pieces)
    print(f"time to report a failing property on cpwl_functions(max_pieces={args.max_pieces}), median over seeds 0..{REPEATS - 1}")
    print(HEADER)
    for name, prop in PROPERTIES.items():
        row(name, time_report(new, prop), time_report(old, prop))
    print(f"\ntime to report a failing property on relu_networks() (exact), median over seeds 0..{REPEATS - 1}")
    print(HEADER)
    prop = lambda net: net.to_pwl(0, 1).output.pieces < 3
    row("pieces < 3", time_report(relu_networks(), prop), time_report(previous_networks(), prop))
