"""Benchmark: how long Hypothesis takes to report a failing property on `symrelu.strategies.cpwl_functions`.

Run from the repository root::

    nice -n 19 python benchmarks/bench_strategies.py [--repeats 3] [--max-pieces 8]

A trivially false property is checked with Hypothesis's default phases
(generate, shrink, explain), derandomized, no example database, no deadline.
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
Medians of ``--repeats`` runs, measured in this run; ratio = previous / symrelu.
"""

from __future__ import annotations

import argparse
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from symrelu.pwl import PiecewiseLinear
from symrelu.strategies import cpwl_functions
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


PROPERTIES = {
    "always false": lambda f: False,
    "pieces < 4": lambda f: f.pieces < 4,
    "|values| < 1": lambda f: all(abs(v) < 1 for v in f.values),
    "f(1/2) <= f(0)": lambda f: f(Fraction(1, 2)) <= f(0),
}


def time_report(strategy, prop):
    """Seconds until Hypothesis reports the failure, and the reported example."""
    reported = []

    @settings(database=None, deadline=None, derandomize=True, max_examples=100)
    @given(strategy)
    def test(f):
        if not prop(f):
            reported.append(f)
            raise AssertionError("property false")

    def run():
        reported.clear()
        try:
            test()
        except AssertionError:
            pass
        else:
            raise RuntimeError("the property did not fail")
        return reported[-1]  # the last failing call is Hypothesis's final replay of the shrunk example

    return median_time(run, REPEATS)


def describe(f):
    return f"{f.pieces} pieces, max denominator {max(Fraction(v).denominator for v in list(f.knots) + list(f.values))}"


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--max-pieces", type=int, default=8)
    args = parser.parse_args()
    REPEATS = args.repeats
    new, old = cpwl_functions(max_pieces=args.max_pieces), previous_cpwl(max_pieces=args.max_pieces)
    print(f"time to report a failing property on cpwl_functions(max_pieces={args.max_pieces}), median of {REPEATS}")
    print(f"{'property':16s} {'symrelu s':>10s} {'previous s':>11s} {'ratio':>7s}   reported (symrelu | previous)")
    for name, prop in PROPERTIES.items():
        t_new, f_new = time_report(new, prop)
        t_old, f_old = time_report(old, prop)
        print(f"{name:16s} {t_new:10.2f} {t_old:11.2f} {t_old / t_new:6.1f}x   {describe(f_new)} | {describe(f_old)}", flush=True)
