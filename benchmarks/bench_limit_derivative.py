"""Certified G'(x): `limit_derivative` (exact orbit, fixed-point sum) next to a plain mpmath sum.

The peer is what one would write by hand: the same ``K`` terms
``1 ± Σ q_m a_{m+1}`` with the orbit and the sum in ``mpmath.mpf`` at the
precision the branches need (``bits + K log2(1/c)``), *without* a certificate.
The first three cases are issue 13's (the old float-bounded implementation
took 63 s, 86 s and 24 s on them and then failed); the peer's orbit precision
grows like ``K log2(1/c)`` with ``K ~ digits / c`` terms (the margin's worst
case; `limit_derivative` stops when its own tail bound, from the actual
``|q_m|``, is small enough, which is why the small-margin case differs most).

Run: ``nice python benchmarks/bench_limit_derivative.py [repeats]``.
"""

import math
import sys
from fractions import Fraction as Q

import mpmath
from _timing import median_time

from symrelu.limit import limit_derivative
from symrelu.peaks import PeakSequence


def peer(x, peaks, digits, variant="add"):
    """Uncertified mpmath sum of the derivative series with the orbit in mpf."""
    sign = 1 if variant == "add" else -1
    c = float(peaks.fraction(0)) if not peaks.prefix and len(peaks.period) == 1 else float(peaks.margin)
    c = min(c, 1 - c)
    bits = math.ceil(digits * math.log2(10)) + 8
    K = math.ceil((bits + math.log2(1 / c) + 2) / -math.log2(1 - c)) + 2 if c < 0.5 else bits + 2
    with mpmath.workprec(bits + math.ceil(K * math.log2(1 / c)) + 16):
        y = mpmath.mpf(x.numerator) / x.denominator
        a = [mpmath.mpf(peaks.fraction(i).numerator) / peaks.fraction(i).denominator for i in range(K + 2)]
        total, q = mpmath.mpf(1), None
        for m in range(K):
            left = y < a[m]
            if m == 0:
                q = ((1 - a[0]) / a[0] if left else mpmath.mpf(-1)) if sign > 0 else (
                    mpmath.mpf(1) if left else -a[0] / (1 - a[0]))
            else:
                q *= (1 - a[m]) if left else -a[m]
            total += sign * q * a[m + 1]
            y = y / a[m] if left else (1 - y) / (1 - a[m])
        return +total


CASES = [
    ("x=0, a=1/20, 4 digits, subtract", Q(0), PeakSequence([], [Q(1, 20)]), 4, "subtract"),
    ("x=1, a=1/10, 15 digits", Q(1), PeakSequence([], [Q(1, 10)]), 15, "add"),
    ("x=1/3, a=1/2, 1000 digits", Q(1, 3), PeakSequence([], [Q(1, 2)]), 1000, "add"),
    ("x=1/3, a=(1/20, 1/2), 40 digits", Q(1, 3), PeakSequence([], [Q(1, 20), Q(1, 2)]), 40, "add"),
    ("x=1/3, a=1/2, 3000 digits", Q(1, 3), PeakSequence([], [Q(1, 2)]), 3000, "add"),
]


def main(repeats=3):
    print(f"{'case':<36} {'symrelu s':>10} {'mpmath s':>10} {'ratio':>7}  agree")
    for label, x, peaks, digits, variant in CASES:
        t_ours, ours = median_time(lambda: limit_derivative(x, peaks, digits=digits, variant=variant), repeats)
        t_peer, theirs = median_time(lambda: peer(x, peaks, digits, variant), repeats)
        with mpmath.workprec(ours.prec + 20):
            agree = abs(ours.value - theirs) <= ours.error + mpmath.mpf(10) ** -digits
        print(f"{label:<36} {t_ours:>10.4f} {t_peer:>10.4f} {t_peer / max(t_ours, 1e-9):>7.1f}  {agree}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 3)
