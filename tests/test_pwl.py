"""PiecewiseLinear and BDSO: exact arithmetic against manual interpolation."""

from fractions import Fraction as Q

import numpy as np
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from reference import evaluate
from symrelu.errors import InvalidArgument, PrecisionWarning
from symrelu.network import ReLUNetwork
from symrelu.pwl import BDSO, PiecewiseLinear
from symrelu.strategies import cpwl_functions

points01 = st.fractions(0, 1, max_denominator=20)


def interpolate(knots, values, x):
    """Manual linear interpolation between the two knots around x (plain Python)."""
    knots, values = list(knots), list(values)
    for k in range(len(knots) - 1):
        if knots[k] <= x <= knots[k + 1]:
            t = (x - knots[k]) / (knots[k + 1] - knots[k])
            return values[k] + t * (values[k + 1] - values[k])
    raise ValueError(x)


def sample_points(*fs):
    knots = sorted(set().union(*(set(f.knots.tolist()) for f in fs)))
    mids = [(a + b) / 2 for a, b in zip(knots[:-1], knots[1:])]
    return knots + mids


# -- construction, evaluation, canonical form -------------------------------
@given(st.data())
def test_evaluation_matches_manual_interpolation(data):
    n = data.draw(st.integers(2, 8))
    knots = sorted(data.draw(st.lists(points01, min_size=n, max_size=n, unique=True)))
    values = data.draw(st.lists(st.fractions(-3, 3, max_denominator=9), min_size=n, max_size=n))
    f = PiecewiseLinear(knots, values)
    assert f.exact
    for x in data.draw(st.lists(st.fractions(knots[0], knots[-1], max_denominator=30), max_size=6)) + knots:
        assert f(x) == interpolate(knots, values, x)
    # array evaluation agrees with scalar evaluation
    xs = np.array(knots, dtype=object)
    assert f(xs).tolist() == [f(x) for x in knots]


def test_canonical_form_drops_collinear_knots():
    f = PiecewiseLinear([0, 1, 2, 3, 4], [0, 1, 2, 2, 2])
    assert f.knots.tolist() == [0, 2, 4] and f.values.tolist() == [0, 2, 2]
    assert f.breakpoints.tolist() == [2] and f.pieces == 2
    assert f.slopes.tolist() == [1, 0] and f.delta_slopes.tolist() == [-1]
    assert f.intercepts.tolist() == [0, 2]
    assert f.domain == (0, 4)
    line = PiecewiseLinear([0, Q(1, 3), Q(2, 3), 1], [1, Q(2, 3), Q(1, 3), 0])
    assert line.pieces == 1 and line.breakpoints.tolist() == []
    assert PiecewiseLinear([0, 1, 2], [0, 1, 0]) == PiecewiseLinear([0, Q(1, 2), 1, 2], [0, Q(1, 2), 1, 0])


def test_float_merges_near_duplicate_knots():
    # a flat piece one ulp wide: the chord test cannot tell it from rounding, so one of its ends goes
    f = PiecewiseLinear([0.0, 0.5, 0.5 + 1e-16, 1.0], [0.0, 1.0, 1.0, 0.0])
    assert f.pieces == 2 and f.knots[1] == pytest.approx(0.5, abs=2e-16) and f.merged.knots == 0
    g = PiecewiseLinear([0.0, 0.3, 0.1 + 0.2, 1.0], [0.0, 0.3, 0.3, 1.0])
    assert g.pieces == 1


@given(cpwl_functions(max_pieces=6))
def test_canonical_interior_knots_are_breakpoints(f):
    slopes = f.slopes.tolist()
    assert all(a != b for a, b in zip(slopes[:-1], slopes[1:]))
    assert f == PiecewiseLinear(f.knots, f.values)


# -- arithmetic ---------------------------------------------------------------
@given(cpwl_functions(), cpwl_functions(), st.fractions(-3, 3, max_denominator=5))
@settings(max_examples=25)
def test_add_sub_scale_divide_pointwise(f, g, c):
    for x in sample_points(f, g):
        assert (f + g)(x) == f(x) + g(x)
        assert (f - g)(x) == f(x) - g(x)
        assert (c * f)(x) == c * f(x) == (f * c)(x)
        assert (f + c)(x) == f(x) + c == (c + f)(x)
        assert (c - f)(x) == c - f(x)
        assert (-f)(x) == -f(x)
        if c != 0:
            assert (f / c)(x) == f(x) / c
    # results stay canonical
    h = f + g
    assert h == PiecewiseLinear(h.knots, h.values)
    assert (f - f).pieces == 1


@given(cpwl_functions(max_pieces=8), st.sampled_from([Q(0), Q(1, 5), Q(1, 2)]))
def test_relu_exact_with_zero_crossings(f, alpha):
    r = f.relu(alpha)
    assert r.exact
    for x in sample_points(f, r):
        v = f(x)
        assert r(x) == (v if v > 0 else alpha * v)
    # every new breakpoint is a zero of f where f changes sign
    for x in set(r.breakpoints.tolist()) - set(f.knots.tolist()):
        assert f(x) == 0


def test_relu_by_hand():
    f = PiecewiseLinear([0, 1, 2], [-1, 1, -1])
    assert f.relu().knots.tolist() == [0, Q(1, 2), 1, Q(3, 2), 2]
    assert f.relu().values.tolist() == [0, 0, 1, 0, 0]
    assert f.relu(Q(1, 2)).values.tolist() == [-Q(1, 2), 0, 1, 0, -Q(1, 2)]
    touching = PiecewiseLinear([0, 1, 2], [-1, 0, -1])
    assert touching.relu().pieces == 1


@given(cpwl_functions(domain=(-2, 2), max_pieces=5), cpwl_functions(max_pieces=5))
@settings(max_examples=30)
def test_compose_matches_pointwise(outer, inner):
    # map inner's range into outer's domain first
    lo, hi = min(inner.values), max(inner.values)
    if lo == hi:
        inner = inner * 0
    else:
        inner = (inner - lo) * (Q(4) / (hi - lo)) - 2
    h = outer.compose(inner)
    assert h.domain == inner.domain
    pts = sample_points(h, inner)
    # points where inner hits outer's knots too
    assert all(h(x) == outer(inner(x)) for x in pts)
    # and outer's breakpoints pulled back are knots of h (where the bend survives)
    for x in h.breakpoints:
        assert x in set(inner.breakpoints.tolist()) or inner(x) in set(outer.breakpoints.tolist())


def test_compose_by_hand_and_range_check():
    tent = PiecewiseLinear([0, 1, 2], [0, 2, 0])
    assert tent.compose(tent).knots.tolist() == [0, Q(1, 2), 1, Q(3, 2), 2]
    with pytest.raises(InvalidArgument, match="inner"):
        tent.compose(PiecewiseLinear([0, 2], [0, 3]))


# -- derivative -----------------------------------------------------------------
@given(cpwl_functions(max_pieces=6))
def test_derivative_one_sided_at_breakpoints(f):
    slopes = f.slopes.tolist()
    for k, x in enumerate(f.breakpoints.tolist(), start=1):
        assert f.derivative(x, side="left") == slopes[k - 1]
        assert f.derivative(x, side="right") == slopes[k]
        with pytest.raises(InvalidArgument, match="side"):
            f.derivative(x)
    knots = f.knots.tolist()
    for k in range(len(knots) - 1):
        mid = (knots[k] + knots[k + 1]) / 2
        assert f.derivative(mid) == slopes[k] == f.derivative(mid, side="left") == f.derivative(mid, side="right")
    assert f.derivative(knots[0], side="right") == slopes[0]
    assert f.derivative(knots[-1], side="left") == slopes[-1]


def test_derivative_errors():
    f = PiecewiseLinear([0, 1, 2], [0, 1, 0])
    with pytest.raises(InvalidArgument, match="side='left'"):
        f.derivative(0, side="left")
    with pytest.raises(InvalidArgument, match="side='right'"):
        f.derivative(2, side="right")
    with pytest.raises(InvalidArgument, match="side"):
        f.derivative(Q(1, 2), side="up")


# -- conversions ------------------------------------------------------------------
@given(cpwl_functions(max_pieces=5), st.lists(points01, min_size=1, max_size=5))
@settings(max_examples=25)
def test_to_sympy_round_trip(f, xs):
    x = sympy.Symbol("x")
    expr = f.to_sympy(x)
    for p in xs + f.knots.tolist():
        value = expr.subs(x, sympy.Rational(p.numerator, p.denominator))
        assert value == sympy.Rational(f(p).numerator, f(p).denominator)
    assert expr.subs(x, 2) is sympy.nan


def test_float_to_sympy_uses_floats():
    expr = PiecewiseLinear([0.0, 1.0], [0.0, 2.0]).to_sympy()
    assert float(expr.subs(sympy.Symbol("x"), 0.5)) == 1.0


vecs = st.lists(st.integers(-3, 3), min_size=1, max_size=5)


@given(st.data())
def test_bdso_from_network_matches_network_formula(data):
    H = data.draw(st.integers(1, 5))
    small = st.fractions(-3, 3, max_denominator=4)
    w, b, v = (data.draw(st.lists(small, min_size=H, max_size=H)) for _ in range(3))
    f = BDSO.from_network(w=w, b=b, v=v)
    for x in data.draw(st.lists(st.fractions(-4, 4, max_denominator=6), min_size=1, max_size=8)) + list(f.breakpoints):
        expected = sum((vi * max(wi * x + bi, 0) for wi, bi, vi in zip(w, b, v)), Q(0))
        assert f(x) == expected
    # eq. 1 -> 2: beta = -b/w, mu = w v, s = sgn w, for the neurons with w != 0
    live = [i for i in range(H) if w[i] != 0]
    assert f.breakpoints.tolist() == [-b[i] / w[i] for i in live]
    assert f.delta_slopes.tolist() == [w[i] * v[i] for i in live]
    assert f.orientations.tolist() == [1 if w[i] > 0 else -1 for i in live]
    # and the same as a one-hidden-layer ReLUNetwork
    net = ReLUNetwork([([[wi] for wi in w], b), ([v], [0])])
    pwl = f.to_pwl(-4, 4)
    assert pwl == net.to_pwl(-4, 4).output
    assert all(pwl(x) == evaluate(net, x)[0] for x in sample_points(pwl))


@given(cpwl_functions(max_pieces=6, domain=(-1, 2)))
def test_to_bdso_then_to_pwl_round_trip(f):
    g = f.to_bdso()
    assert g.to_pwl(-1, 2) == f
    assert all(g(x) == f(x) for x in sample_points(f))


def test_bdso_by_hand_float():
    f = BDSO.from_network(w=[1.0, -2.0], b=[0.0, 1.0], v=[3.0, 1.0])
    assert f.breakpoints.tolist() == [0.0, 0.5]
    assert not f.to_pwl(-1, 1).exact
    assert f.to_pwl(-1, 1)(np.array([-1.0, 0.0, 0.5, 1.0])).tolist() == [3.0, 1.0, 1.5, 3.0]


# -- float mode: no spurious breakpoints -----------------------------------------
def test_float_relu_inserts_no_crossing_next_to_a_knot():
    # f crosses zero 1e-17 away from the knot 0.5: the knot stands for the crossing
    f = PiecewiseLinear([0.0, 0.5, 1.0], [-1.0, -1e-17, 1.0])
    r = f.relu()
    assert r.knots.tolist() == [0.0, 0.5, 1.0]
    assert np.allclose(r(np.linspace(0, 1, 11)), np.maximum(f(np.linspace(0, 1, 11)), 0), atol=1e-15)


def test_float_sum_with_rounding_keeps_the_breakpoints():
    f = PiecewiseLinear([0.0, 0.1, 0.3, 1.0], [0.0, 0.1, 0.1, 0.8])
    g = PiecewiseLinear([0.0, 0.2, 1.0], [0.0, 0.2 * 3, 0.2 * 3])
    h = (f + g) - g
    assert h.breakpoints.tolist() == pytest.approx(f.breakpoints.tolist(), abs=1e-15)


# Regression (core bug fixed in 855350d): float _canonical compares adjacent slopes relative to
# max(|m1|, |m2|); next to a zero slope any rounding noise (here -2.5e-17) counts as a bend, so f -
# (f + 1/3), a constant, reports a spurious breakpoint
def test_float_no_spurious_breakpoint_after_cancellation():
    f = PiecewiseLinear([-3.0, 0.0, 3.0], [0.0, 0.0, 3.0])
    assert (f - (f + 1 / 3)).pieces == 1


# Regression (core bug fixed in 855350d): float relu of a function that touches zero at a knot up to
# rounding (0.1 + 0.2 - 0.3 = 5.6e-17) returns a tent of height 5.6e-17 with a spurious breakpoint;
# same root cause (purely relative slope test)
def test_float_relu_of_rounded_touch_has_no_breakpoint():
    g = PiecewiseLinear([0.0, 0.5, 1.0], [-1.0, 0.1 + 0.2, -1.0])
    f = g - 0.3  # touches 0 at the knot 0.5 up to rounding
    assert f.relu().pieces == 1


# -- float mode: agreement with pointwise arithmetic -------------------------------
@given(cpwl_functions(exact=False), cpwl_functions(exact=False), st.floats(-3, 3))
@settings(max_examples=30)
def test_float_arithmetic_pointwise(f, g, c):
    xs = np.linspace(0, 1, 257)
    tol = dict(rtol=1e-12, atol=1e-12 * 8)
    assert np.allclose((f + g)(xs), f(xs) + g(xs), **tol)
    assert np.allclose((f - c * g)(xs), f(xs) - c * g(xs), **tol)
    r = (f - g).relu(0.25)
    d = f(xs) - g(xs)
    assert np.allclose(r(xs), np.where(d > 0, d, 0.25 * d), **tol)


@given(cpwl_functions(exact=False, domain=(-4, 4)), cpwl_functions(exact=False))
@settings(max_examples=30)
def test_float_compose_pointwise(outer, inner):
    h = outer.compose(inner)
    xs = np.linspace(0, 1, 257)
    assert np.allclose(h(xs), outer(inner(xs)), rtol=1e-12, atol=1e-11)
    exact = PiecewiseLinear(outer.knots.tolist(), outer.values.tolist(), exact=True).compose(
        PiecewiseLinear(inner.knots.tolist(), inner.values.tolist(), exact=True)
    )
    assert h.pieces <= exact.pieces


# -- float mode: issue 12 / 13 ---------------------------------------------------------
def test_relu_alpha_is_max_of_f_and_alpha_f():
    f = PiecewiseLinear([-1, 1], [-1, 1])
    g = f.relu(Q(1, 4))
    assert g(-1) == Q(-1, 4) and g(1) == 1
    for bad in (2, -1, 1):
        with pytest.raises(InvalidArgument, match="alpha"):
            f.relu(bad)


def test_huge_domain_is_refused_not_wrong():
    with pytest.raises(InvalidArgument, match="knots"):
        PiecewiseLinear([-1e308, 1e308], [0.0, 1.0])
    with pytest.raises(InvalidArgument, match="values"):
        PiecewiseLinear([0.0, 1e-10], [-1e300, 1e300])


@pytest.mark.parametrize("name", ["resolution", "slope_rtol"])
@pytest.mark.parametrize("bad", [0.5, float("nan"), -1.0])
def test_tolerances_are_validated(name, bad):
    with pytest.raises(InvalidArgument, match=name):
        PiecewiseLinear([0.0, 1.0], [0.0, 1.0], **{name: bad})


def test_float_local_noise_keeps_small_bends_next_to_large_values():
    # a bend of 1e-6 where the values are ~1, next to values ~1e12 elsewhere: once merged as
    # "16 ulps of the largest magnitude"
    f = PiecewiseLinear([0.0, 0.5, 1.0, 2.0], [1.0, 1.0 + 1e-6, 1.0, 1e12])
    g = f + PiecewiseLinear([0.0, 2.0], [0.0, 0.0])
    assert g.pieces == 3 and g.merged.knots == 0


def test_float_user_input_is_canonicalized_by_the_one_float_rule():
    # collinear knots of user data go (the value lies on the chord within rounding); a real bend stays
    f = PiecewiseLinear([0.0, 0.1, 0.3, 1.0], [0.0, 0.1, 0.3, 0.0], exact=False)
    assert f.knots.tolist() == [0.0, 0.3, 1.0] and f.merged.knots == 0
    # a bend far above rounding but below slope_rtol is merged, and reported
    with pytest.warns(PrecisionWarning, match="merged 1 knot"):
        g = PiecewiseLinear([0.0, 0.5, 1.0], [0.0, 0.5, 1.0 + 1e-9], exact=False, slope_rtol=1e-6)
    assert g.pieces == 1 and g.merged.knots == 1 and g.merged.max_slope_change > 0


def test_insert_zero_crossings_is_exact_only():
    from symrelu.pwl import insert_zero_crossings

    with pytest.raises(InvalidArgument, match="exact"):
        insert_zero_crossings(np.array([0.0, 1.0]), np.array([[-1.0, 1.0]]), False)


def test_length_mismatch_names_knots_and_values():
    """Issue 13: knots of another length than values blamed values only; either may be the wrong one."""
    with pytest.raises(InvalidArgument) as info:
        PiecewiseLinear([0, 4], [0, 1, 0])
    assert "values" in str(info.value) and "len(knots)=2" in str(info.value)


def test_exact_must_be_none_or_a_bool():
    """Issue 13 (fuzz): exact=array gave a bare ValueError (truth value of an array)."""
    from symrelu.errors import InvalidArgumentType

    with pytest.raises(InvalidArgumentType, match="exact"):
        PiecewiseLinear([0, 1], [0, 1], exact=np.array([]))


def test_ragged_values_are_refused_by_name():
    # found by the fuzz suite (SYMRELU_FUZZ_SEED=11): numpy's bare ValueError for ragged nesting
    with pytest.raises(InvalidArgument, match="values=.*rectangular"):
        PiecewiseLinear([0.0, 1.0], [[1, 2], [3]])
