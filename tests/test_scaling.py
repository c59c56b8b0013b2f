"""Tests of symrelu.scaling: the law, the exact finite-depth tools and the derivations."""

from fractions import Fraction as Q

import numpy as np
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from symrelu import scaling as S
from symrelu.errors import InvalidArgument
from symrelu.triangle import bend_sets, wave, waves_sum

seeds = st.integers(0, 2**16)


def _q(v):
    return sympy.Rational(v.numerator, v.denominator)


def test_first_scale_and_law():
    assert S.first_scale(Q(1, 4), Q(1, 2)) == Q(3, 8)
    assert S.first_scale(Q(1, 4), Q(1, 2), "subtract") == Q(1, 8)
    with pytest.raises(InvalidArgument):
        S.first_scale(Q(1, 4), Q(1, 2), "multiply")
    peaks = S.random_peaks(6, seed=1)
    sc = S.law_scales(peaks)
    for n in range(len(sc) - 1):
        assert sc[n + 1] == sc[n] * (1 - peaks[n + 1]) * peaks[n + 2]


def test_random_peaks_are_reproducible_and_inside_the_margin():
    p = S.random_peaks(50, seed=3, margin=Q(1, 4))
    assert p == S.random_peaks(50, seed=3, margin=Q(1, 4))
    assert all(Q(1, 4) <= v <= Q(3, 4) for v in p)
    assert S.random_peaks(3, seed=np.random.default_rng(5)) == S.random_peaks(3, seed=np.random.default_rng(5))
    with pytest.raises(InvalidArgument):
        S.random_peaks(0, seed=0)
    with pytest.raises(InvalidArgument):
        S.random_peaks(3, seed=0, margin=Q(3, 5))


@settings(max_examples=3)
@given(seeds)
def test_closed_form_eq7_matches_the_law(seed):
    peaks = S.random_peaks(8, seed=seed)
    sc = S.law_scales(peaks)
    for i in range(3):
        for n in range(i, len(sc)):
            assert S.subs_numbers(S.closed_form.rhs.subs(sympy.Symbol("n", integer=True), n), i, peaks, sc) == sc[n]


def test_partial_sum_is_waves_sum_without_the_line():
    peaks = S.random_peaks(4, seed=2)
    sc = S.law_scales(peaks)
    f = S.partial_sum(peaks, sc)
    g = waves_sum(peaks, sc, variant="add")
    pts = [Q(k, 37) for k in range(38)]
    assert [f(p) + p for p in pts] == [g(p) for p in pts]


@settings(max_examples=5)
@given(seeds, st.integers(0, 2))
def test_gap_at_peaks_under_the_law(seed, layer):
    """Differentiability: the truncations' one-sided derivatives at P_i differ by (R-L) s_i Π(1-a_m), and the
    truncated eq. 5 is s_i Π(1-a_m) (eq. 9)."""
    peaks = S.random_peaks(layer + 6, seed=seed)
    sc = S.law_scales(peaks)
    N = len(sc) - 1
    prod = Q(1)
    for m in range(layer + 2, N + 2):
        prod *= 1 - peaks[m]
    assert S.eq5_bracket(peaks, sc, layer) == sc[layer] * prod
    w = wave(peaks, layer)
    for x, left, right in S.peak_slopes(peaks, sc, layer):
        R, L = w.derivative(x, side="right"), w.derivative(x, side="left")
        assert right - left == (R - L) * sc[layer] * prod
        assert right - left < 0  # a concave kink


def test_breaking_the_law_leaves_a_gap():
    peaks = S.random_peaks(8, seed=4)
    sc = S.law_scales(peaks)
    sc[2] *= Q(3, 2)
    for k in range(3, len(sc)):
        sc[k] = sc[k - 1] * (1 - peaks[k]) * peaks[k + 1]
    # at layer 1 the gap tends to (R - L) s_1 (1 - 3/2) != 0 instead of 0
    bracket = S.eq5_bracket(peaks, sc, 1)
    assert abs(bracket / sc[1] - (1 - Q(3, 2))) < Q(1, 10)


def test_scaling_law_check_rejects_a_wrong_law():
    a, s, i = S.a, S.s, S.i
    assert S.scaling_law_check()[0]
    assert not S.scaling_law_check(sympy.Eq(s[i + 1], s[i] * (1 - a[i + 1]) * a[i + 3]))[0]


def test_box_supremum():
    x, y = sympy.symbols("x y")
    assert S.box_supremum(x * (1 - x), [x])[:2] == (sympy.Rational(1, 4), True)
    sup, inside, where = S.box_supremum((1 - x) * y, [x, y])
    assert sup == 1 and not inside and where == [{x: 0, y: 1}]


def test_neighbour_gaps_follow_eq10():
    peaks = S.random_peaks(7, seed=6)
    w = wave(peaks, 1)
    for x, gaps in S.neighbour_gaps(peaks, 1, 4):
        L, R = w.derivative(x, side="left"), -w.derivative(x, side="right")
        prod = Q(1)
        for n, (dl, dr) in enumerate(gaps, start=1):
            if n >= 2:
                prod *= peaks[1 + n]
            assert (dl, dr) == ((1 - peaks[2]) / L * prod, (1 - peaks[2]) / R * prod)


@settings(max_examples=5)
@given(seeds, st.integers(0, 3))
def test_error_is_largest_exactly_at_the_peaks(seed, layer):
    peaks = S.random_peaks(layer + 7, seed=seed)
    top, where, tail = S.error_profile(peaks, layer, layer + 4)
    assert top == S.law_scales(peaks)[layer]
    assert where == bend_sets(peaks, layer).peaks
    assert 0 < tail < top


def test_error_profile_depth_is_checked():
    with pytest.raises(InvalidArgument):
        S.error_profile([Q(1, 2)] * 4, 0, 5)


@settings(max_examples=5)
@given(seeds)
def test_concave_and_convex_truncations(seed):
    peaks = S.random_peaks(6, seed=seed, margin=Q(1, 20))
    assert S.truncation_shape(peaks) == "concave"
    assert S.truncation_shape(peaks, variant="add") == "concave"
    assert S.truncation_shape(peaks, variant="subtract") == "convex"
    assert S.truncation_shape(peaks, depth=0) == "linear"


@settings(max_examples=4)
@given(seeds, st.sampled_from(["add", "subtract"]))
def test_boundary_slopes_approach_the_derived_limits(seed, variant):
    peaks = S.random_peaks(9, seed=seed)
    d0, d1 = S.boundary_conditions_value[variant]
    g0, g1 = S.boundary_slopes(peaks, variant)
    s0 = S.first_scale(peaks[0], peaks[1], variant)
    rem = Q(1)
    for j in range(1, len(peaks)):  # the truncation has len(peaks) - 1 waves
        rem *= 1 - peaks[j]
    sign = 1 if variant == "add" else -1
    assert _q(g0 + sign * s0 / (peaks[0] * peaks[1]) * rem) == d0.subs(S.a[0], _q(peaks[0]))
    assert _q(g1 - sign * s0 / ((1 - peaks[0]) * peaks[1]) * rem) == d1.subs(S.a[0], _q(peaks[0]))


def test_all_halves_give_x_minus_x_squared():
    pts = [Q(k, 64) for k in range(65)]
    assert S.f_half(pts) == [p - p * p for p in pts]
    with pytest.raises(InvalidArgument):
        S.f_half(Q(1, 3))


def test_theorem_a8_series():
    assert S.theorem_a8_series_check()[0]
    assert not S.theorem_a8_series_check(S.a8_series_printed)[0]


@pytest.mark.parametrize("name", ["equation_7", "equation_9", "lemma_a6", "lemma_a7", "lemma_a2"])
def test_fast_derivations_verify(name):
    d = S.DERIVATIONS[name]()
    assert d.verdict == "verified", str(d.check())
    assert S.DERIVATIONS[name]() is d  # cached


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(S.DERIVATIONS))
def test_every_derivation_verifies(name):
    d = S.DERIVATIONS[name]()
    assert d.verdict == "verified", str(d.check())


def test_box_supremum_refuses_nan_by_name():
    # SYMRELU_FUZZ_SEED=44: nan passed is_polynomial and then broke a comparison (bare TypeError)
    import sympy

    from symrelu.errors import InvalidArgument
    from symrelu.law_tools import box_supremum

    with pytest.raises(InvalidArgument, match="expr=nan"):
        box_supremum(sympy.nan, [sympy.Symbol("x")])


def test_boundary_slopes_blames_float_peaks_whose_breakpoints_collide():
    # the slow fuzz profile: peaks of 2e-81 made the waves' float knots coincide, and the error named knots[4]
    from symrelu.errors import InvalidArgument
    from symrelu.law_tools import boundary_slopes

    with pytest.raises(InvalidArgument, match="peaks="):
        boundary_slopes([2.1060810317127752e-81] * 6)
