"""symrelu.limit and symrelu.peaks: certified values against independent exact computations."""

from fractions import Fraction as Q

import mpmath
import numpy as np
from mpmath.libmp import to_rational
import pytest

from symrelu.errors import InvalidArgument, InvalidArgumentType
from symrelu.limit import (
    exact_limit_derivative,
    exact_limit_value,
    limit_derivative,
    limit_value,
    limit_values,
    tail_bound,
)
from symrelu.peaks import PeakSequence
from symrelu.scaling import law_scales
from symrelu.triangle import bend_sets, triangle_function

HALF = PeakSequence([], [Q(1, 2)])
MIXED = PeakSequence([Q(1, 3), Q(3, 5)], [Q(1, 4), Q(2, 3), Q(1, 2)])
SKEWED = PeakSequence([Q(1, 7)], [Q(1, 10), Q(9, 10)])


def truncation(x, peaks, K, variant="add"):
    """f_K(x) = x ± Σ_{i<K} s_i W_i(x), exactly, through the core's triangle functions."""
    a = [peaks.fraction(i) for i in range(K + 1)]
    scales = law_scales(a, variant)
    sign = 1 if variant == "add" else -1
    y, total = Q(x), Q(x)
    for i in range(K):
        y = triangle_function(a[i])(y)
        total += sign * scales[i] * y
    return total


def mpf_of(q):
    return mpmath.mpf(q.numerator) / q.denominator


# -- PeakSequence --------------------------------------------------------------
def test_peak_sequence_indexing_and_margin():
    assert MIXED[:7] == [Q(1, 3), Q(3, 5), Q(1, 4), Q(2, 3), Q(1, 2), Q(1, 4), Q(2, 3)]
    assert MIXED.margin == Q(1, 4)
    assert PeakSequence([0.25], [0.5]).margin == 0.25
    assert hash(MIXED) == hash(PeakSequence([Q(1, 3), Q(3, 5)], [Q(1, 4), Q(2, 3), Q(1, 2)]))


@pytest.mark.parametrize(
    "kwargs, match",
    [
        (dict(prefix=[Q(1, 2)], period=[]), "period"),
        (dict(prefix=[Q(3, 2)], period=[Q(1, 2)]), r"prefix\[0\]"),
        (dict(prefix=[], period=[Q(1, 10)], margin=Q(1, 5)), r"period\[0\]"),
        (dict(prefix=[], period=[Q(1, 2)], margin=0), "margin"),
        (dict(prefix=[], period=[Q(1, 2)], margin=Q(3, 5)), "margin"),
    ],
)
def test_peak_sequence_rejects(kwargs, match):
    with pytest.raises(InvalidArgument, match=match):
        PeakSequence(kwargs.pop("prefix"), kwargs.pop("period"), **kwargs)


def test_callable_margin_is_checked_on_use():
    a = PeakSequence.from_function(lambda i: Q(1, 2) if i < 5 else Q(1, 100), margin=Q(1, 10))
    assert a[4] == Q(1, 2)
    with pytest.raises(InvalidArgument, match=r"peaks\[5\]"):
        a[5]
    with pytest.raises(InvalidArgument, match=r"peaks\[5\]"):
        limit_value(Q(1, 3), a, digits=10)


def test_bare_callable_and_list_are_refused_with_a_hint():
    with pytest.raises(InvalidArgumentType, match="from_function"):
        limit_value(0.5, lambda i: 0.5)
    with pytest.raises(InvalidArgumentType, match="PeakSequence"):
        limit_value(0.5, [0.5, 0.5])


def test_peak_sequence_is_immutable():
    with pytest.raises(AttributeError):
        HALF.margin = Q(1, 3)


# -- validation -------------------------------------------------------------------
@pytest.mark.parametrize("bad", [Q(-1, 2), Q(3, 2), float("nan")])
def test_x_outside_unit_interval(bad):
    with pytest.raises(InvalidArgument, match="x="):
        limit_value(bad, HALF)


def test_bad_digits_and_variant():
    with pytest.raises(InvalidArgument, match="digits"):
        limit_value(0.5, HALF, digits=0)
    with pytest.raises(InvalidArgument, match="variant"):
        limit_value(0.5, HALF, variant="sum")


# -- certified values -------------------------------------------------------------
@pytest.mark.parametrize("peaks", [HALF, MIXED, SKEWED], ids=["half", "mixed", "skewed"])
@pytest.mark.parametrize("variant", ["add", "subtract"])
@pytest.mark.parametrize("x", [Q(0), Q(1), Q(1, 3), Q(5, 7), 0.1, Q(123456789, 10**9)])
def test_certified_value_agrees_with_exact_truncation(peaks, variant, x):
    r = limit_value(x, peaks, digits=25, variant=variant)
    assert r.error <= mpmath.mpf(10) ** -25
    K = 45
    fK = truncation(x, peaks, K, variant)
    T = tail_bound(K, peaks, variant=variant)
    lo, hi = (fK, fK + T) if variant == "add" else (fK - T, fK)  # the tail has one sign
    with mpmath.workprec(r.prec + 20):
        assert mpf_of(lo) - r.error <= r.value <= mpf_of(hi) + r.error


def test_half_peaks_give_the_parabolas():
    for x in [Q(1, 3), Q(2, 7), Q(9, 10)]:
        add = limit_value(x, HALF, digits=40)
        sub = limit_value(x, HALF, digits=40, variant="subtract")
        with mpmath.workprec(200):
            assert abs(add.value - mpf_of(2 * x - x * x)) <= add.error
            assert abs(sub.value - mpf_of(x * x)) <= sub.error


def test_thousand_digits():
    r = limit_value(Q(1, 3), HALF, digits=1000, variant="subtract")
    with mpmath.workprec(r.prec):
        assert r.error <= mpmath.mpf(10) ** -1000
        assert abs(r.value - mpmath.mpf(1) / 9) <= r.error


def test_float_and_mpf_peaks_and_points():
    a = PeakSequence([0.3], [0.6, 0.45])
    exact = PeakSequence([Q(0.3)], [Q(0.6), Q(0.45)])
    with mpmath.workprec(300):
        x = mpmath.mpf(1) / 3  # an mpf point is taken at its binary value
    r1, r2 = limit_value(x, a, digits=50), limit_value(x, exact, digits=50)
    with mpmath.workprec(300):
        assert abs(r1.value - r2.value) <= r1.error + r2.error
    mp_peaks = PeakSequence.from_function(lambda i: mpmath.mpf("0.25") if i % 2 else mpmath.mpf("0.5"), margin=0.25)
    r3 = limit_value(Q(2, 5), mp_peaks, digits=30)
    ref = truncation(Q(2, 5), mp_peaks, 60)
    with mpmath.workprec(300):
        assert abs(r3.value - mpf_of(ref)) <= r3.error + mpf_of(tail_bound(60, mp_peaks))


def test_precision_is_restored():
    before = mpmath.mp.prec
    limit_value(Q(1, 3), MIXED, digits=200)
    limit_derivative(Q(1, 3), MIXED, digits=50)
    assert mpmath.mp.prec == before


# -- exact values at bend points ----------------------------------------------------
@pytest.mark.parametrize("peaks", [HALF, MIXED], ids=["half", "mixed"])
@pytest.mark.parametrize("variant", ["add", "subtract"])
def test_exact_values_at_bends_are_finite_sums(peaks, variant):
    a = [peaks.fraction(i) for i in range(8)]
    for i in range(4):
        for x in bend_sets(a, i).bends:
            v = exact_limit_value(x, peaks, variant=variant)
            # W_j(x) = 0 for j > i: the truncation after i + 1 terms is the value ...
            assert v == truncation(x, peaks, i + 1, variant) == truncation(x, peaks, i + 6, variant)
            # ... and the certified path agrees
            r = limit_value(x, peaks, digits=30, variant=variant)
            with mpmath.workprec(200):
                assert abs(r.value - mpf_of(v)) <= r.error


def test_exact_value_refuses_non_bends():
    with pytest.raises(InvalidArgument, match="bend point"):
        exact_limit_value(Q(1, 3), HALF, max_depth=20)


# -- derivatives ----------------------------------------------------------------------
@pytest.mark.parametrize("variant", ["add", "subtract"])
def test_half_derivatives(variant):
    for x in [Q(0), Q(1), Q(1, 3), Q(1, 4), Q(5, 8), Q(2, 7)]:
        d = limit_derivative(x, HALF, digits=30, variant=variant)
        want = 2 - 2 * x if variant == "add" else 2 * x
        with mpmath.workprec(200):
            assert abs(d.value - mpf_of(want)) <= d.error


def test_end_point_derivatives():
    a0 = MIXED.fraction(0)
    assert exact_limit_derivative(0, MIXED) == 1 / a0
    assert exact_limit_derivative(1, MIXED) == 0
    assert exact_limit_derivative(0, MIXED, variant="subtract") == 0
    assert exact_limit_derivative(1, MIXED, variant="subtract") == 1 / (1 - a0)


@pytest.mark.parametrize("peaks", [MIXED, SKEWED], ids=["mixed", "skewed"])
@pytest.mark.parametrize("variant", ["add", "subtract"])
def test_derivative_at_bends_is_the_limit_of_one_sided_truncation_slopes(peaks, variant):
    """Lemma A.4 (eq. 6) against deep truncations: f_K'(x±) -> f_i'(x) with gap |W_i'(x±)| s_i prod(1 - a_m)."""
    a = [peaks.fraction(i) for i in range(30)]
    for i in range(3):
        for x in bend_sets(a, i).peaks:
            d = exact_limit_derivative(x, peaks, variant=variant)
            K = i + 22
            # one-sided slopes of f_K at x, exactly, through the orbit (f_K has 2^K pieces: no PWL at this depth)
            left, right = _one_sided_slopes(x, a, K, variant)
            rest = 1
            for m in range(i + 2, K + 1):
                rest *= 1 - a[m]
            Wl, Wr = _wave_slopes(x, a, i)
            s_i = law_scales(a[: i + 2], variant)[i]
            sign = 1 if variant == "add" else -1
            assert right - d == sign * Wr * s_i * rest
            assert left - d == sign * Wl * s_i * rest


def _wave_slopes(x, a, i):
    """W_i'(x-) and W_i'(x+) at a peak x of W_i."""
    slope, y = Q(1), Q(x)
    for j in range(i):
        slope *= 1 / a[j] if y < a[j] else -1 / (1 - a[j])
        y = y / a[j] if y < a[j] else (1 - y) / (1 - a[j])
    assert y == a[i]
    # just left of x, W_{i-1} is below a_i when it increases there, above when it decreases
    up = slope > 0
    left = abs(slope) / (a[i] if up else 1 - a[i])
    right = -abs(slope) / (1 - a[i] if up else a[i])
    return left, right


def _one_sided_slopes(x, a, K, variant):
    """f_K'(x-) and f_K'(x+) from the pieces of the W_j next to x (computed by bend_sets on small depths)."""
    sign = 1 if variant == "add" else -1
    s = law_scales(a[: K + 1], variant)
    out = []
    for side in (-1, 1):
        slope_sum = Q(1)
        slope, y = Q(1), Q(x)
        for j in range(K):
            # side of a_j on which W_{j-1} lies just beside x: W_{j-1} near y moves with slope `slope`
            if y != a[j]:
                go_left = y < a[j]
            else:
                go_left = (slope * side) < 0
            slope *= 1 / a[j] if go_left else -1 / (1 - a[j])
            y = y / a[j] if go_left else (1 - y) / (1 - a[j])
            if y == 0 and slope * side < 0:
                raise AssertionError("unreachable: W_j decreases into a valley from this side")
            slope_sum += sign * s[j] * slope
        out.append(slope_sum)
    return out


# -- float64 ----------------------------------------------------------------------------
@pytest.mark.parametrize("peaks", [HALF, MIXED, SKEWED], ids=["half", "mixed", "skewed"])
@pytest.mark.parametrize("variant", ["add", "subtract"])
def test_float_values_against_certified(peaks, variant):
    xs = np.linspace(0, 1, 41)
    got = limit_values(xs, peaks, variant=variant)
    for x, g in zip(xs, got):
        r = limit_value(float(x), peaks, digits=20, variant=variant)
        assert abs(g - float(r.value)) <= 6e-16


@pytest.mark.parametrize("peaks", [HALF, MIXED], ids=["half", "mixed"])
def test_float_derivatives_against_certified(peaks):
    xs = np.linspace(0.013, 0.987, 23)
    got = limit_values(xs, peaks, derivative=True)
    for x, g in zip(xs, got):
        r = limit_derivative(float(x), peaks, digits=20)
        assert abs(g - float(r.value)) <= 1e-13


def test_float_shape_and_validation():
    assert limit_values(np.zeros((2, 3)), HALF).shape == (2, 3)
    with pytest.raises(InvalidArgument, match="x="):
        limit_values([0.5, 1.5], HALF)


# -- issue 13 item 4: the certified derivative ---------------------------------------------
def test_derivative_at_the_ends_is_exact_and_immediate():
    """G'(0) and G'(1) come from exact_limit_derivative, not from a series that never certifies."""
    d = limit_derivative(0, PeakSequence([], [Q(1, 20)]), digits=4, variant="subtract")
    assert d.exact == 0 and d.value == 0
    d = limit_derivative(1, PeakSequence([], [Q(1, 10)]))
    assert d.exact == 0
    assert limit_derivative(0, MIXED).exact == 1 / MIXED.fraction(0)


def test_thousand_digit_derivative():
    d = limit_derivative(Q(1, 3), HALF, digits=1000)
    with mpmath.workprec(d.prec + 10):
        assert d.error <= mpmath.mpf(10) ** -1000
        assert abs(d.value - mpmath.mpf(4) / 3) <= d.error


def test_tiny_stated_margin_does_not_divide_by_zero():
    """A margin of 2^-60 (1 - c == 1.0 in floats) with peaks 1/2: the entries' own margin bounds the tail."""
    a = PeakSequence([], [Q(1, 2)], margin=Q(1, 2**60))
    d = limit_derivative(Q(1, 3), a, digits=15)
    with mpmath.workprec(100):
        assert abs(d.value - mpmath.mpf(4) / 3) <= d.error <= mpmath.mpf(10) ** -15


def test_derivative_cost_is_refused_up_front():
    from symrelu.errors import SizeLimitExceeded

    tiny = PeakSequence.from_function(lambda i: Q(1, 2), margin=Q(1, 2**60))  # the stated margin is all we know
    with pytest.raises(SizeLimitExceeded, match="max_work"):
        limit_derivative(Q(1, 3), tiny, digits=15)
    with pytest.raises(SizeLimitExceeded, match="digits"):
        limit_derivative(Q(1, 3), HALF, digits=100_000)
    with pytest.raises(SizeLimitExceeded, match="max_terms"):
        limit_values([0.5], PeakSequence([], [1e-5]), derivative=True)
    with pytest.raises(InvalidArgument, match="max_work"):
        limit_derivative(Q(1, 3), HALF, max_work=0)


@pytest.mark.parametrize("x", [Q(1, 3), Q(2, 7), 0.1, Q(123456789, 10**9)])
@pytest.mark.parametrize("variant", ["add", "subtract"])
def test_certified_derivative_brackets_deep_exact_truncations(x, variant):
    """Away from bends, |G'(x) - f_K'(x)| <= |q_{K-1}| (1-c)^2 / c: the certified value lies in that bracket."""
    peaks = SKEWED
    d = limit_derivative(x, peaks, digits=30, variant=variant)
    K = 400
    a = [peaks.fraction(i) for i in range(K + 2)]
    sign = 1 if variant == "add" else -1
    y, q, total = Q(x), None, Q(1)
    for m in range(K):
        left = y < a[m]
        if m == 0:
            q = ((1 - a[0]) / a[0] if left else Q(-1)) if sign > 0 else (Q(1) if left else -a[0] / (1 - a[0]))
        else:
            q *= (1 - a[m]) if left else -a[m]
        total += sign * q * a[m + 1]
        y = y / a[m] if left else (1 - y) / (1 - a[m])
    c = peaks.margin
    tail = abs(q) * (1 - c) ** 2 / c
    with mpmath.workprec(d.prec + 20):
        assert abs(d.value - mpf_of(total)) <= d.error + mpf_of(tail)
    assert tail < Q(1, 10**30)  # so the bracket decides 30 digits


def test_float_derivative_error_against_certified_values():
    """The documented accuracy of limit_values(derivative=True): 1e-14 max(1, |G'|) against certified digits."""
    rng = np.random.default_rng(7)
    worst = 0.0
    for trial in range(12):
        c = [1 / 20, 1 / 10, 1 / 4, 1 / 3][trial % 4]
        pick = lambda: float(rng.choice([c, 1 - c, rng.uniform(c, 1 - c)]))  # noqa: E731
        peaks = PeakSequence([pick() for _ in range(rng.integers(0, 3))], [pick() for _ in range(rng.integers(1, 4))])
        xs = np.concatenate([rng.uniform(0, 1, 8), rng.uniform(0, 1e-3, 4), 1 - rng.uniform(0, 1e-3, 4)])
        for variant in ("add", "subtract"):
            got = limit_values(xs, peaks, variant=variant, derivative=True)
            for x, g in zip(xs, got):
                r = limit_derivative(float(x), peaks, digits=20, variant=variant)
                worst = max(worst, abs(g - float(r.value)) / max(1.0, abs(float(r.value))))
    assert worst <= 1e-14


def test_exact_values_search_the_orbit_in_integers():
    """A non-bend with float peaks is refused after max_depth integer maps (Fractions took 40 s at depth 1000)."""
    a = PeakSequence([], [0.3, 0.61])
    with pytest.raises(InvalidArgument, match="bend point"):
        exact_limit_value(Q(1, 3), a, max_depth=1000)
    with pytest.raises(InvalidArgument, match="bend point"):
        exact_limit_derivative(Q(1, 3), a, max_depth=1000)
    with pytest.raises(InvalidArgument, match="max_depth"):
        exact_limit_value(Q(1, 3), a, max_depth=100_000)
    # a deep bend of float peaks is still found and summed exactly
    x = bend_sets([a.fraction(i) for i in range(12)], 11).peaks[5]
    assert exact_limit_value(x, a) == truncation(x, a, 12) == truncation(x, a, 20)


# -- Certified: printing, SymPy, enclosure (issue 18) --------------------------------
def _fraction_of(x):
    """An mpf or a raw mpf tuple, exactly."""
    return Q(*to_rational(getattr(x, "_mpf_", x)))


def _endpoints(r):
    """The exact endpoints of ``r.interval()`` (``mpf(...)`` would round them to the current precision)."""
    return tuple(_fraction_of(raw) for raw in r.interval()._mpi_)


def _printed(text):
    """'<Certified 0.55 ± 7.1e-31 (...)>' or '0.55 ± 7.1e-31' -> (Fraction decimal, Fraction radius)."""
    body = text.removeprefix("<Certified ").split(" (")[0].split(", exact=")[0]
    decimal, radius = body.split(" ± ")
    return Q(decimal), Q(radius)


@pytest.mark.parametrize("peaks", [HALF, MIXED, SKEWED], ids=["half", "mixed", "skewed"])
@pytest.mark.parametrize("variant", ["add", "subtract"])
def test_certified_interval_encloses_exact_values_at_bend_points(peaks, variant):
    a = [peaks.fraction(i) for i in range(6)]
    count = 0
    for i in range(3):
        for x in bend_sets(a, i).bends:
            exact = exact_limit_value(x, peaks, variant=variant)
            for digits in (3, 17, 30):
                lo, hi = _endpoints(limit_value(x, peaks, digits=digits, variant=variant))
                assert lo <= exact <= hi
                count += 1
    assert count >= 3 * 4


@pytest.mark.parametrize("variant", ["add", "subtract"])
def test_certified_interval_encloses_a_higher_precision_evaluation(variant):
    rng = np.random.default_rng(5)
    for peaks in (HALF, MIXED, SKEWED):
        for _ in range(4):
            x = Q(int(rng.integers(1, 10**6)), 10**6)
            for f in (limit_value, limit_derivative):
                lo, hi = _endpoints(f(x, peaks, digits=15, variant=variant))
                fine = f(x, peaks, digits=60, variant=variant)
                v, e = _fraction_of(fine.value), _fraction_of(fine.error)
                assert lo <= v - e and v + e <= hi


def test_certified_interval_rounds_outward_where_nearest_would_exclude():
    from symrelu.limit import Certified

    rng = np.random.default_rng(7)
    for _ in range(200):
        prec = int(rng.integers(20, 120))
        man = int(rng.integers(1, 2**62)) | 1  # odd: all 62 bits significant
        value = mpmath.ldexp(mpmath.mpf(man), -62) if prec >= 62 else mpmath.ldexp(mpmath.mpf(man >> (62 - prec)), -prec)
        error = mpmath.ldexp(mpmath.mpf(1), -prec - int(rng.integers(12, 300)))
        value = -value if rng.integers(2) else value  # derivatives can be negative
        r = Certified(value, error, None, 0, prec)
        v, e = _fraction_of(value), _fraction_of(error)
        with mpmath.workprec(prec + 10):  # what rounding to nearest at prec + 10 bits gives: the value itself
            assert _fraction_of(+(value - error)) == v == _fraction_of(+(value + error))
        lo, hi = _endpoints(r)
        assert lo <= v - e and v + e <= hi  # both extremes of the true value are enclosed
        assert hi - lo <= 2 * e + 2 * abs(v) * Q(2) ** -(prec + 9)  # and tightly


def test_certified_repr_prints_the_certified_digits():
    from symrelu.limit import Certified

    r = limit_value(Q(1, 3), HALF, digits=30)  # G(1/3) = 5/9
    text = repr(r)
    decimal, radius = _printed(text)
    assert abs(decimal - Q(5, 9)) <= radius <= Q(15, 10**31)  # the printed decimal ± radius encloses
    assert len(text.split()[1].split(".")[1]) == 30 and f"{r.prec} bits" in text
    assert str(r).startswith("0.555555555555555555555555555555 ± ")
    long = limit_value(Q(1, 3), HALF, digits=200)
    assert "first 50 of 200 certified decimals" in repr(long) and len(repr(long)) < 200
    decimal, radius = _printed(str(long))
    assert abs(decimal - Q(5, 9)) <= radius <= Q(15, 10**201)
    d = limit_derivative(Q(1, 4), HALF, digits=20)
    assert "exact=Fraction(3, 2)" in repr(d)
    negative = Certified(-mpmath.mpf(1) / 3, mpmath.ldexp(mpmath.mpf(1), -40), None, 0, 53)
    decimal, radius = _printed(repr(negative))
    assert decimal < 0 and abs(decimal - _fraction_of(negative.value)) + _fraction_of(negative.error) <= radius
    assert repr(negative).startswith("<Certified -0.33333333333 ± ")


def test_certified_sympy_and_latex():
    import sympy

    r = limit_value(Q(1, 3), HALF, digits=30)
    f = sympy.sympify(r)
    assert isinstance(f, sympy.Float) and f == sympy.Float("0.555555555555555555555555555555", 30)
    assert f._prec >= 30 * 3.32  # not a 15-digit float
    assert abs(sympy.Rational(5, 9) - sympy.Rational(str(f))) <= sympy.Rational(15, 10**31)
    assert sympy.sympify(limit_derivative(Q(1, 4), HALF)) == sympy.Rational(3, 2)
    with pytest.raises(InvalidArgument, match="significant digit"):
        sympy.sympify(limit_value(Q(0), HALF, digits=20))  # 0 ± 1e-21: no digit certified
    latex = r._repr_latex_()
    assert latex.startswith("$0.555555555555555555555555555555 \\pm ") and "10^{-31}" in latex and latex.isascii()
    assert limit_derivative(Q(1, 4), HALF)._repr_latex_() == "$\\frac{3}{2}$"


def test_negative_mpf_point_keeps_its_sign():
    # mpf.man_exp drops the sign: -0.5 once became G(0.5) silently
    import mpmath

    from symrelu._numbers import to_fraction

    assert to_fraction(mpmath.mpf(-0.5), "x") == Q(-1, 2)
    with pytest.raises(InvalidArgument, match="x"):
        limit_value(mpmath.mpf(-0.5), PeakSequence([], [Q(1, 2)]))
