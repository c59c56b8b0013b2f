"""Triangle waves, bend sets and the 4-wide network of 000, exact and symbolic."""

from fractions import Fraction as Q

import numpy as np
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from reference import evaluate, output_breakpoints
from symrelu.errors import InvalidArgument, InvalidArgumentType
from symrelu.pwl import PiecewiseLinear
from symrelu.scaling import law_scales
from symrelu.strategies import peaks, triangle_networks
from symrelu.triangle import bend_sets, triangle_function, triangle_network, wave, wave_expr, waves_sum


@given(peaks(min_size=1, max_size=5))
def test_bend_sets_structure(a):
    previous = None
    for i in range(len(a)):
        P, V, B = bend_sets(a, i)
        assert len(P) == 2**i and len(V) == 2**i + 1 and len(B) == 2 ** (i + 1) + 1
        assert B == sorted(B) and len(set(B)) == len(B)  # strictly increasing
        assert B[0] == 0 and B[-1] == 1
        assert B[0::2] == V and B[1::2] == P  # valleys and peaks alternate
        if previous is not None:
            assert V == previous.bends  # V_{i+1} = B_i
        w = wave(a, i)
        assert all(w(p) == 1 for p in P) and all(w(v) == 0 for v in V)
        previous = bend_sets(a, i)


def test_bend_sets_by_hand():
    P, V, B = bend_sets([Q(1, 2), Q(1, 4)], 1)
    assert P == [Q(1, 8), Q(7, 8)] and V == [0, Q(1, 2), 1]
    assert bend_sets([Q(1, 3)], 0) == ([Q(1, 3)], [0, 1], [0, Q(1, 3), 1])


@given(peaks(min_size=1, max_size=3))
@settings(max_examples=8)
def test_symbolic_bend_sets_substitute_to_exact(a):
    symbols = sympy.symbols(f"a0:{len(a)}")
    sub = {s: sympy.Rational(v.numerator, v.denominator) for s, v in zip(symbols, a)}
    for i in range(len(a)):
        sym = bend_sets(list(symbols), i)
        exact = bend_sets(a, i)
        for field in ("peaks", "valleys", "bends"):
            got = [sympy.nsimplify(sympy.sympify(e).subs(sub)) for e in getattr(sym, field)]
            assert got == [sympy.Rational(v.numerator, v.denominator) for v in getattr(exact, field)]


def test_symbolic_wave_substitutes_to_exact_wave():
    a = sympy.symbols("a0:3")
    values = [Q(1, 3), Q(3, 5), Q(1, 4)]
    sub = {s: sympy.Rational(v.numerator, v.denominator) for s, v in zip(a, values)}
    x = sympy.Symbol("x")
    expr = wave_expr(list(a), 2, x=x).subs(sub)
    w = wave(values, 2)
    for p in [Q(k, 37) for k in range(38)]:
        assert expr.subs(x, sympy.Rational(p.numerator, p.denominator)) == sympy.Rational(
            w(p).numerator, w(p).denominator
        )


@given(peaks(min_size=1, max_size=6))
@settings(max_examples=30)
def test_wave_is_composition_of_triangles(a):
    composed = None
    for i in range(len(a)):
        w = wave(a, i)
        assert w.pieces == 2 ** (i + 1)
        assert w.values.tolist() == [k % 2 for k in range(2 ** (i + 1) + 1)]  # 0, 1, 0, 1, ..., 0
        T = triangle_function(a[i])
        composed = T if composed is None else T.compose(composed)
        assert w == composed


def test_float_wave_close_to_exact():
    a = [Q(1, 3), Q(2, 5), Q(3, 7), Q(1, 2), Q(5, 8)]
    exact = wave(a, 4)
    floating = wave([float(v) for v in a], 4)
    assert not floating.exact and floating.pieces == exact.pieces == 32
    assert np.allclose(floating.knots, exact.knots.astype(float), rtol=0, atol=1e-15)


@given(triangle_networks(max_depth=5))
@settings(max_examples=30)
def test_triangle_network_equals_waves_sum(case):
    net, a, variant = case
    d = len(a) - 1
    assert net.widths == (1,) + (4,) * d + (1,)
    out = net.to_pwl(0, 1).output
    expected = waves_sum(a, law_scales(a, variant), variant=variant)
    assert out == expected
    assert out.pieces == 2**d


@given(triangle_networks(max_depth=3))
@settings(max_examples=10)
def test_triangle_network_against_reference_walk(case):
    net, a, variant = case
    out = net.to_pwl(0, 1).output
    assert list(out.breakpoints) == output_breakpoints(net, 0, 1)
    assert all(out(x) == evaluate(net, x)[0] for x in list(out.knots))


@pytest.mark.parametrize("variant", ["add", "subtract"])
def test_triangle_network_free_scales(variant):
    a = [Q(1, 3), Q(1, 2), Q(3, 4)]
    scales = [Q(1, 5), Q(1, 7), Q(1, 20)] if variant == "add" else [Q(1, 10), Q(1, 40), Q(1, 200)]
    sign = 1 if variant == "add" else -1
    # every partial sum x ± sum_{i<k} s_i W_i stays >= 0 (the 'sum' neuron never clips)
    for k in range(1, 4):
        assert min(waves_sum(a, scales[:k], variant=variant).values) >= 0
    net = triangle_network(a, variant=variant, scales=scales)
    assert net.widths == (1, 4, 4, 4, 1)
    out = net.to_pwl(0, 1).output
    assert out == waves_sum(a, scales, variant=variant)
    for x in [Q(k, 17) for k in range(18)]:
        assert out(x) == x + sign * sum(s * wave(a, i)(x) for i, s in enumerate(scales))


# Regression (core bug fixed in 855350d): triangle_network(variant='subtract', scales=free) carries
# the running sum x - sum s_i W_i through a ReLU neuron; when a partial sum goes negative (here x -
# W_0/5 - W_1/7 < 0 at x = 1/6) the ReLU clips it and the network silently computes a different
# function (9 pieces instead of 8); it should either represent negative sums or refuse such scales
# with InvalidArgument
def test_triangle_network_free_scales_subtract_with_negative_partial_sum():
    a = [Q(1, 3), Q(1, 2), Q(3, 4)]
    scales = [Q(1, 5), Q(1, 7), Q(1, 20)]
    assert min(waves_sum(a, scales[:2], variant="subtract").values) < 0
    try:
        net = triangle_network(a, variant="subtract", scales=scales)
    except InvalidArgument as err:  # refusing is an acceptable fix
        assert "scales" in str(err)
        return
    assert net.to_pwl(0, 1).output == waves_sum(a, scales, variant="subtract")


def test_waves_sum_by_hand():
    a = [Q(1, 2), Q(1, 2)]
    s = law_scales(a, "add")
    assert s == [Q(1, 4)]
    f = waves_sum(a, s, variant="add")
    assert f == PiecewiseLinear([0, Q(1, 2), 1], [0, Q(3, 4), 1])


def test_float_depth_12_network_matches_exact():
    a = [Q(1, 2) + Q((-1) ** k, 5 + k) for k in range(13)]
    exact_net = triangle_network(a)
    exact = exact_net.to_pwl(0, 1).output
    assert exact.pieces == 2**12
    float_net = triangle_network([float(v) for v in a])
    assert not float_net.exact
    floating = float_net.to_pwl(0.0, 1.0).output
    assert floating.pieces == 2**12
    grid = np.linspace(0, 1, 4097)
    assert np.allclose(floating(grid), exact(grid).astype(float), rtol=1e-12, atol=1e-12)
    assert np.allclose(floating.breakpoints, exact.breakpoints.astype(float), rtol=0, atol=1e-12)


@given(triangle_networks(max_depth=4, margin=0, max_denominator=40))
@settings(max_examples=25)
def test_triangle_network_with_peaks_near_0_and_1(case):
    net, a, variant = case
    out = net.to_pwl(0, 1).output
    assert out == waves_sum(a, law_scales(a, variant), variant=variant)
    assert out.pieces == 2 ** (len(a) - 1)
    assert all(m > 0 for m in out.slopes)  # the law keeps the output increasing


@given(st.data())
@settings(max_examples=25)
def test_triangle_network_any_positive_free_scales(data):
    a = data.draw(peaks(min_size=1, max_size=4))
    scale = st.fractions(min_value=Q(1, 16), max_value=2, max_denominator=16)
    scales = data.draw(st.lists(scale, min_size=len(a), max_size=len(a)))
    variant = data.draw(st.sampled_from(["add", "subtract"]))
    out = triangle_network(a, variant=variant, scales=scales).to_pwl(0, 1).output
    assert out == waves_sum(a, scales, variant=variant)


def test_irrational_peaks_get_a_message_that_does_not_contradict_itself():
    # issue 18: "got Mul (sqrt(2)/2), expected a real number or a SymPy expression"
    bad = [1 / sympy.sqrt(2), Q(1, 3)]
    for call in (lambda: triangle_network(bad), lambda: wave(bad, 1), lambda: triangle_function(bad[0])):
        with pytest.raises(InvalidArgumentType, match=r"sqrt\(2\)/2\), expected a rational .* or a float.*wave_expr") as info:
            call()
        assert "or a SymPy expression" not in str(info.value)
    # the constant is a valid peak: exact SymPy results, and its float gives a float network
    assert wave_expr(bad, 1).subs(sympy.Symbol("x"), 0) == 0
    assert not triangle_network([float(v) for v in bad]).exact
    with pytest.raises(InvalidArgument, match=r"peaks\[0\]=sqrt\(2\): expected a number strictly between 0 and 1"):
        wave_expr([sympy.sqrt(2)], 0)
    with pytest.raises(InvalidArgument, match="real number"):
        wave_expr([sympy.I / 2], 0)
    with pytest.raises(InvalidArgumentType, match="scales\\[0\\]"):
        triangle_network([Q(1, 2)], scales=[sympy.sqrt(2)])


def test_wave_rule_piecewise_linear_or_wave_expr():
    # issue 18: one rule -- wave is a PiecewiseLinear, wave_expr a SymPy Piecewise, whatever the peaks
    x, a0, a1 = sympy.symbols("x a0 a1")
    for values in ([Q(1, 3), Q(1, 2)], [sympy.Rational(1, 3), sympy.Rational(1, 2)], [0.25, 0.5]):
        w = wave(values, 1)
        assert isinstance(w, PiecewiseLinear) and w.pieces == 4
        expr = wave_expr(values, 1)
        assert isinstance(expr, sympy.Piecewise)
        for t in (Q(1, 7), Q(1, 2), Q(9, 10)):
            assert float(expr.subs(x, sympy.Rational(t.numerator, t.denominator))) == pytest.approx(float(w(t)))
    assert wave(peaks=[Q(1, 2)], i=0).exact and not wave([0.5], 0).exact
    assert isinstance(wave_expr([a0, a1], 1), sympy.Piecewise)
    # backward compatibility: symbolic peaks through wave still give the Piecewise, with a deprecation
    with pytest.warns(DeprecationWarning, match="wave_expr"):
        old = wave([a0, a1], 1)
    assert old == wave_expr([a0, a1], 1)
    with pytest.raises(InvalidArgument, match="wave_expr"):
        wave([Q(1, 2)], 0, x=x)
    with pytest.raises(InvalidArgumentType, match="x"):
        wave_expr([a0], 0, x="x")


def test_scales_rows_of_a_2d_array_are_refused_by_name():
    # SYMRELU_FUZZ_SEED=26: '> 0' on an empty row raised numpy's bare "truth value of an empty array"
    import numpy as np

    from symrelu.errors import InvalidArgumentType

    with pytest.raises(InvalidArgumentType, match=r"scales\[0\]"):
        triangle_network([0.5, 0.5, 0.5], scales=np.zeros((3, 0)))
