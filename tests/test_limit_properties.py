"""Property tests of the infinite-depth limit (000 §3.1, Appendix A.3–A.7) on random peak sequences.

Exact rationals throughout, except the certified mpmath values of `symrelu.limit`,
whose error bounds are part of every comparison.
"""

from fractions import Fraction as Q

import mpmath
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from symrelu.limit import exact_limit_value, limit_derivative, limit_value, tail_bound
from symrelu.peaks import PeakSequence
from symrelu.strategies import peak_sequences
from symrelu.triangle import bend_sets

EXAMPLES = settings(max_examples=25, deadline=None)
points = st.fractions(min_value=0, max_value=1, max_denominator=1000)
variants = st.sampled_from(["add", "subtract"])


def mpf_of(q):
    return mpmath.mpf(q.numerator) / q.denominator


def law(a, n, variant):
    s = [((1 - a[0]) if variant == "add" else a[0]) * a[1]]
    for i in range(n - 1):
        s.append(s[-1] * (1 - a[i + 1]) * a[i + 2])
    return s


def truncation(x, a, scales, variant):
    """f_K(x) = x ± Σ_{i<K} s_i W_i(x) exactly (K = len(scales))."""
    sign = 1 if variant == "add" else -1
    y = total = Q(x)
    for i, s in enumerate(scales):
        y = y / a[i] if y <= a[i] else (1 - y) / (1 - a[i])
        total += sign * s * y
    return total


def one_sided_slopes(x, a, scales, side, variant):
    """f_k'(x±) for k = 0..K, exactly, following the orbit of x on one side."""
    sign = 1 if variant == "add" else -1
    out, total, w_slope, y = [Q(1)], Q(1), Q(1), Q(x)
    for j, s in enumerate(scales):
        below = y < a[j] if y != a[j] else w_slope * side < 0
        w_slope *= 1 / a[j] if below else -1 / (1 - a[j])
        y = y / a[j] if below else (1 - y) / (1 - a[j])
        total += sign * s * w_slope
        out.append(total)
    return out


# -- differentiability at bend points ---------------------------------------------
@EXAMPLES
@given(peak_sequences(margin=Q(1, 10), max_denominator=12), st.integers(0, 2), st.data(), variants)
def test_one_sided_derivatives_agree_under_the_law(peaks, i, data, variant):
    """Gap f_K'(x+) - f_K'(x-) at x in P_i equals (W_i'(x+) - W_i'(x-)) s_i prod_{m=i+2}^K (1 - a_m) -> 0."""
    K = i + 30
    a = [peaks.fraction(j) for j in range(K + 3)]
    x = data.draw(st.sampled_from(bend_sets(a, i).peaks))
    s = law(a, K, variant)
    left, right = one_sided_slopes(x, a, s, -1, variant), one_sided_slopes(x, a, s, 1, variant)
    jump = right[i + 1] - left[i + 1]  # the kink that W_i puts at x
    assert jump != 0
    for k in range(i + 1, K + 1):
        rest = Q(1)
        for m in range(i + 2, k + 1):
            rest *= 1 - a[m]
        assert right[k] - left[k] == jump * rest  # 000 eq. 9 with the initial discontinuity
    c = peaks.margin
    assert abs(right[K] - left[K]) <= abs(jump) * (1 - c) ** (K - i - 1)
    # and the limit of both one-sided slopes is f_i'(x) (Lemma A.4, eq. 6)
    assert abs(right[K] - left[i]) <= abs(right[i + 1] - left[i]) * (1 - c) ** (K - i - 1)


@EXAMPLES
@given(peak_sequences(margin=Q(1, 10), max_denominator=12), st.integers(0, 2), st.data(), variants,
       st.fractions(min_value=Q(1, 4), max_value=Q(3, 2), max_denominator=8))
def test_one_sided_derivatives_differ_when_the_law_is_broken(peaks, i, data, variant, factor):
    """Scale s_{i+1} by factor != 1 and keep the law after it: the gap at x in P_i tends to a nonzero limit."""
    assume(factor != 1)
    K = i + 30
    a = [peaks.fraction(j) for j in range(K + 3)]
    x = data.draw(st.sampled_from(bend_sets(a, i).peaks))
    s = law(a, K, variant)
    s = s[: i + 1] + [v * factor for v in s[i + 1 :]]  # ratios s_{n+1}/s_n obey the law except at n = i
    left, right = one_sided_slopes(x, a, s, -1, variant), one_sided_slopes(x, a, s, 1, variant)
    jump = right[i + 1] - left[i + 1]
    # the kink closes to the fraction (1 - factor) of W_i's kink: the limit gap is jump (1 - factor), never 0
    c = peaks.margin
    limit_gap = jump * (1 - factor)
    assert abs((right[K] - left[K]) - limit_gap) <= abs(jump) * factor * (1 - c) ** (K - i - 1)
    assert abs(right[K] - left[K]) >= abs(limit_gap) / 2 > 0


# -- error decay ------------------------------------------------------------------------------
@EXAMPLES
@given(peak_sequences(margin=Q(1, 20), max_denominator=16), points, st.integers(0, 12), variants)
def test_truncation_error_within_the_bound(peaks, x, K, variant):
    """0 <= ±(G - f_K) <= sup = s_K (attained on P_K) <= 4/3 (s_K + s_{K+1}), with certified G."""
    r = limit_value(x, peaks, digits=25, variant=variant)
    a = [peaks.fraction(j) for j in range(K + 3)]
    s = law(a, K + 1, variant)
    fK = truncation(x, a, s[:K], variant)
    sign = 1 if variant == "add" else -1
    with mpmath.workprec(r.prec + 20):
        err = sign * (r.value - mpf_of(fK))
        assert -r.error <= err <= mpf_of(s[K]) + r.error
    assert s[K] <= tail_bound(K, peaks, variant=variant)


@EXAMPLES
@given(peak_sequences(margin=Q(1, 20), max_denominator=16), st.integers(0, 5), variants)
def test_largest_truncation_error_is_s_K_at_the_peaks_of_W_K(peaks, K, variant):
    a = [peaks.fraction(j) for j in range(K + 3)]
    s = law(a, K + 1, variant)
    sign = 1 if variant == "add" else -1
    for x in bend_sets(a, K).peaks:
        assert sign * (exact_limit_value(x, peaks, variant=variant) - truncation(x, a, s[:K], variant)) == s[K]


# -- concavity and a monotone derivative ----------------------------------------------------------
@EXAMPLES
@given(peak_sequences(margin=Q(1, 10), max_denominator=12), st.lists(points, min_size=3, max_size=3, unique=True), variants)
def test_concave_add_convex_subtract(peaks, xs, variant):
    x0, x1, x2 = sorted(xs)
    g = [limit_value(x, peaks, digits=20, variant=variant) for x in (x0, x1, x2)]
    sign = 1 if variant == "add" else -1  # add: concave (Lemma A.9); subtract: x - F is convex
    with mpmath.workprec(120):
        t = mpf_of((x1 - x0) / (x2 - x0))
        chord = (1 - t) * g[0].value + t * g[2].value
        assert sign * (g[1].value - chord) >= -(g[0].error + g[1].error + g[2].error)


@settings(max_examples=15, deadline=None)
@given(peak_sequences(margin=Q(1, 5), max_denominator=10), st.lists(points, min_size=2, max_size=2, unique=True), variants)
def test_derivative_is_monotone(peaks, xs, variant):
    x0, x1 = sorted(xs)
    d0, d1 = (limit_derivative(x, peaks, digits=12, variant=variant) for x in (x0, x1))
    with mpmath.workprec(80):
        if variant == "add":
            assert d0.value + d0.error >= d1.value - d1.error
        else:
            assert d0.value - d0.error <= d1.value + d1.error


# -- every a_i = 1/2 ----------------------------------------------------------------------------
HALF = PeakSequence([], [Q(1, 2)])


@EXAMPLES
@given(points)
def test_half_is_a_parabola(x):
    add, sub = limit_value(x, HALF, digits=30), limit_value(x, HALF, digits=30, variant="subtract")
    dadd, dsub = limit_derivative(x, HALF, digits=20), limit_derivative(x, HALF, digits=20, variant="subtract")
    with mpmath.workprec(160):
        assert abs(add.value - mpf_of(2 * x - x * x)) <= add.error
        assert abs(sub.value - mpf_of(x * x)) <= sub.error
        assert abs(dadd.value - mpf_of(2 - 2 * x)) <= dadd.error
        assert abs(dsub.value - mpf_of(2 * x)) <= dsub.error


# -- the certificate is never violated ------------------------------------------------------------
@settings(max_examples=40, deadline=None)
@given(peak_sequences(margin=Q(1, 20), max_denominator=20), points, st.integers(5, 60), variants)
def test_certified_error_bound_holds(peaks, x, digits, variant):
    """|value - G(x)| <= error, with G(x) pinned to within 4/3 (s_K + s_{K+1}) < 10^-(digits+20) exactly."""
    r = limit_value(x, peaks, digits=digits, variant=variant)
    assert r.error <= mpmath.mpf(10) ** -digits
    K = 0
    while tail_bound(K, peaks, variant=variant) > Q(1, 10 ** (digits + 20)):
        K += 4
    a = [peaks.fraction(j) for j in range(K + 3)]
    fK = truncation(x, a, law(a, K, variant), variant)
    T = tail_bound(K, peaks, variant=variant)
    lo, hi = (fK, fK + T) if variant == "add" else (fK - T, fK)
    with mpmath.workprec(r.prec + 80):
        assert mpf_of(lo) - r.error <= r.value <= mpf_of(hi) + r.error


@settings(max_examples=20, deadline=None)
@given(peak_sequences(margin=Q(1, 10), max_denominator=12), points, st.integers(5, 30), variants)
def test_certified_derivative_bound_holds(peaks, x, digits, variant):
    """|value - G'(x)| <= error, against the exact one-sided slopes of a deep truncation plus their tail."""
    d = limit_derivative(x, peaks, digits=digits, variant=variant)
    assert d.error <= mpmath.mpf(10) ** -digits
    c = peaks.margin
    K = 1
    while (1 - c) ** K / c ** 2 > Q(1, 10 ** (digits + 10)):
        K += 8
    a = [peaks.fraction(j) for j in range(K + 3)]
    slopes = one_sided_slopes(x, a, law(a, K, variant), 1, variant)
    # |G'(x+) - f_K'(x+)| <= |q_{K-1}| (1-c)^2 / c <= (1-c)^K / c^2 (|q_0| <= 1/c)
    with mpmath.workprec(d.prec + 80):
        assert abs(d.value - mpf_of(slopes[K])) <= d.error + mpf_of((1 - c) ** K / c**2)
