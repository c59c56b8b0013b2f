"""Exact mode on python-flint: fmpq inside ``to_pwl``, Fractions out, results equal to the independent reference."""

from fractions import Fraction as Q

import numpy as np
import pytest
from flint import fmpq
from hypothesis import given, settings
from hypothesis import strategies as st

from reference import evaluate, regions
from symrelu._numbers import fmpq_array, fraction_array, holds_fmpq, positive, signs
from symrelu.network import ReLUNetwork
from symrelu.pwl import PiecewiseLinear, insert_zero_crossings
from symrelu.strategies import relu_networks
from symrelu.triangle import triangle_network

LO, HI = Q(-3), Q(3)


def _all_fractions(arr) -> bool:
    return all(type(v) is Q for v in np.asarray(arr, dtype=object).ravel())


def _on(region, layer, neuron) -> bool:
    c, m = region.hidden[layer][neuron]
    return c + m * (region.lo + region.hi) / 2 > 0


def _check_against_reference(net, lo, hi):
    """Every exact result of ``to_pwl`` is a Fraction and equals the reference walk's (one walk)."""
    cpwl = net.to_pwl(lo, hi)
    out = cpwl.output
    ref = regions(net, lo, hi)
    assert _all_fractions(out.knots) and _all_fractions(out.values) and _all_fractions(out.slopes)
    assert list(out.breakpoints) == [r.lo for l, r in zip(ref[:-1], ref[1:]) if l.output[0][1] != r.output[0][1]]
    assert [out(x) for x in out.knots] == [evaluate(net, x)[0] for x in out.knots]
    assert _all_fractions(cpwl.regions)
    assert set(r.lo for r in ref) <= set(cpwl.regions[:-1])  # the regions refine the reference's
    starts = [r.lo for r in ref]
    mine = cpwl.activation_patterns()
    for k, x in enumerate(cpwl.regions[:-1]):
        r = ref[np.searchsorted(starts, x, side="right") - 1]
        assert tuple(mine[k]) == tuple(_on(r, l, j) for l in range(len(r.hidden)) for j in range(len(r.hidden[l])))
    for layer in range(len(net.layers) - 1):
        for neuron in range(net.widths[layer + 1]):
            flips = cpwl.neuron_breakpoints(layer, neuron)
            assert _all_fractions(flips)
            assert list(flips) == [r.lo for l, r in zip(ref[:-1], ref[1:]) if _on(l, layer, neuron) != _on(r, layer, neuron)]
            z = cpwl.preactivation(layer, neuron)
            assert _all_fractions(z.knots) and _all_fractions(z.values)


# -- the conversion helpers ---------------------------------------------------
def test_fmpq_and_fraction_round_trip():
    values = [Q(0), Q(-5, 7), Q(3), Q(2**200 + 1, 3**90), -Q(1, 2**130), 4]
    q = fmpq_array(values)
    assert holds_fmpq(q) and all(isinstance(v, fmpq) for v in q)
    back = fraction_array(q)
    assert list(back) == [Q(v) for v in values] and _all_fractions(back)
    # The fast constructor builds ordinary Fractions: equal, same hash, same arithmetic.
    assert [hash(v) for v in back] == [hash(Q(v)) for v in values]
    assert back[1] + back[2] == Q(16, 7) and back[1] * 7 == -5
    # ints and Fractions mixed into fmpq arrays (to_pwl writes exact zeros) convert too.
    mixed = np.array([fmpq(1, 3), 0, Q(2, 5)], dtype=object)
    assert list(fraction_array(mixed)) == [Q(1, 3), 0, Q(2, 5)] and _all_fractions(fraction_array(mixed))


def test_fmpq_is_not_a_public_type():
    # Why the library converts: fmpq neither equals nor mixes with Fraction.
    assert not (fmpq(1, 3) == Q(1, 3))
    with pytest.raises(TypeError):
        fmpq(1, 3) + Q(1, 3)


@given(st.lists(st.fractions(max_denominator=10**30), min_size=1, max_size=12))
@settings(max_examples=40)
def test_signs_and_positive_match_comparisons(values):
    frac = np.array(values, dtype=object).reshape(1, -1)
    expected = np.array([(v > 0) - (v < 0) for v in values]).reshape(1, -1)
    for arr in (frac, fmpq_array(frac)):
        assert np.array_equal(signs(arr), expected)
        assert np.array_equal(positive(arr), expected > 0)
    mixed = fmpq_array(frac)
    mixed[0, 0] = 0  # an int among the fmpq
    assert np.array_equal(signs(mixed)[0, 1:], expected[0, 1:]) and signs(mixed)[0, 0] == 0


# -- insert_zero_crossings: fmpq and Fraction give the same refinement ---------
@given(
    st.lists(st.lists(st.fractions(-3, 3, max_denominator=5), min_size=6, max_size=6), min_size=1, max_size=4),
)
@settings(max_examples=30)
def test_zero_crossings_same_in_fmpq_and_fraction(rows):
    knots = np.array([Q(k, 2) for k in range(6)], dtype=object)
    values = np.array(rows, dtype=object)
    k_frac, v_frac = insert_zero_crossings(knots, values, True)
    k_q, v_q = insert_zero_crossings(fmpq_array(knots), fmpq_array(values), True)
    assert list(fraction_array(k_q)) == list(k_frac)
    assert np.array_equal(fraction_array(v_q), v_frac)
    assert all(a < b for a, b in zip(k_frac[:-1], k_frac[1:]))
    # Each row is linear between the new knots and has no sign change inside an interval.
    s = signs(v_frac)
    assert not np.any(s[:, :-1] * s[:, 1:] < 0)
    for row_old, row_new in zip(values, v_frac):
        f = PiecewiseLinear(knots, row_old, exact=True)
        assert [f(x) for x in k_frac] == list(row_new)


def test_crossings_sorted_inside_one_interval():
    # Five rows cross inside the one interval [0, 1], in an order unlike their row order,
    # two of them at the same point (one knot); a pair in a second interval needs a swap.
    knots = np.array([Q(0), Q(1), Q(2)], dtype=object)
    values = np.array([
        [-3, 1, 1], [-1, 3, 3], [-1, 1, 1], [-1, 3, 3], [2, -2, -2],
        [1, 1, -1], [1, 1, -3],
    ], dtype=object)
    for arr_k, arr_v in ((knots, values), (fmpq_array(knots), fmpq_array(values))):
        k, v = insert_zero_crossings(arr_k, arr_v, True)
        assert list(fraction_array(k)) == [0, Q(1, 4), Q(1, 2), Q(3, 4), 1, Q(5, 4), Q(3, 2), 2]
        assert np.all(fraction_array(v)[[0, 1, 2, 3, 4, 5, 6], [3, 1, 2, 1, 2, 6, 5]] == 0)


# -- to_pwl: every family against the reference walk ----------------------------
@pytest.mark.parametrize("variant", ["add", "subtract"])
@given(st.lists(st.fractions(Q(1, 5), Q(4, 5), max_denominator=40), min_size=3, max_size=6))
@settings(max_examples=6)
def test_triangle_networks_match_reference(variant, peaks):
    net = triangle_network(peaks, variant=variant)
    _check_against_reference(net, Q(0), Q(1))


def test_triangle_network_free_scales_match_reference():
    peaks = [Q(2, 5), Q(1, 3), Q(3, 5), Q(1, 2)]
    for variant in ("add", "subtract"):
        net = triangle_network(peaks, variant=variant, scales=[Q(1, 2), Q(1, 7), Q(1, 30), Q(1, 100)])
        _check_against_reference(net, Q(0), Q(1))


@given(relu_networks(alpha=st.sampled_from([Q(0), Q(1, 3)]), max_depth=3))
@settings(max_examples=30)
def test_random_networks_match_reference(net):
    _check_against_reference(net, LO, HI)


def test_many_crossings_in_one_piece_and_ties():
    # Layer 1 sees relu(x) = x on [0, 2]: five rows cross inside that one piece, out of order, two at
    # one point (one knot); the leaky variant keeps the off side's slope.
    layers = [
        ([[1]], [0]),
        ([[2], [-4], [4], [-1], [8]], [-3, 2, -2, 1, -2]),  # crossings 3/2, 1/2, 1/2, 1, 1/4
        ([[1, 1, -1, 2, -1]], [0]),
    ]
    for alpha in (0, Q(1, 3)):
        net = ReLUNetwork(layers, alpha)
        _check_against_reference(net, Q(-1), Q(2))
        cpwl = net.to_pwl(-1, 2)
        assert list(cpwl.regions) == [-1, 0, Q(1, 4), Q(1, 2), 1, Q(3, 2), 2]


def test_dense_layers_on_integers_match_reference():
    # Rows of 8 nonzero terms go through flint's fmpz_mat product inside to_pwl.
    rng = np.random.default_rng(7)

    def q():
        return Q(int(rng.integers(-9, 10)) or 1, int(rng.integers(1, 6)))

    widths = [1, 8, 8, 8, 1]
    layers = [([[q() for _ in range(widths[k])] for _ in range(widths[k + 1])], [q() for _ in range(widths[k + 1])])
              for k in range(len(widths) - 1)]
    _check_against_reference(ReLUNetwork(layers), LO, HI)
    _check_against_reference(ReLUNetwork(layers, alpha=Q(1, 7)), LO, HI)


def test_constant_neurons_and_shared_terms():
    # Neuron 2 of the first layer ignores the input (a constant 1/2 after ReLU); rows 0 and 1 of
    # the second layer share two terms; row 2 is the constant alone.
    net = ReLUNetwork([
        ([[1], [-2], [0]], [Q(-1, 3), 1, Q(1, 2)]),
        ([[1, Q(3, 4), -1], [1, Q(3, 4), 2], [0, 0, 3]], [0, Q(-1, 5), -1]),
        ([[1, -1, Q(2, 3)]], [Q(1, 7)]),
    ])
    assert list(net._constant_inputs(1)) == [False, False, True]
    assert list(net._constant_inputs(2)) == [False, False, True]
    _check_against_reference(net, LO, HI)
    x = np.array([[Q(k, 3)] for k in range(-9, 10)], dtype=object)
    assert [list(y) for y in net.forward(x)] == [evaluate(net, xi[0]) for xi in x]


def test_leaky_triangle_like_network_matches_reference():
    net = ReLUNetwork([
        ([[1], [1], [1]], [0, Q(-1, 3), Q(-2, 3)]),
        ([[2, -3, 3], [1, 1, -2]], [0, Q(-1, 4)]),
        ([[1, Q(-1, 2)]], [0]),
    ], alpha=Q(1, 5))
    _check_against_reference(net, Q(-1), Q(2))


def test_relu_of_exact_function_has_fraction_values():
    f = PiecewiseLinear([-1, 1], [-1, 1]).relu()
    assert _all_fractions(f.knots) and _all_fractions(f.values)
    assert list(f.values) == [0, 0, 1]


def test_network_output_of_float_network_in_exact_mode():
    net = ReLUNetwork([([[1.0], [1.0]], [0.0, -0.5]), ([[2.0, -4.0]], [0.0])])
    out = net.to_pwl(0.0, 1.0, exact=True).output
    assert _all_fractions(out.knots) and list(out.breakpoints) == [Q(1, 2)] and out(Q(1, 2)) == 1


# -- the canonical form: float64 decides a bend only where its error bound allows -----
def _exact_changes(knots, values):
    return [
        (v1 - v0) * (x2 - x1) != (v2 - v1) * (x1 - x0)
        for x0, x1, x2, v0, v1, v2 in zip(knots, knots[1:], knots[2:], values, values[1:], values[2:])
    ]


_scales = st.sampled_from([Q(1), Q(1, 10**12), Q(10**12), Q(1, 2**1070), Q(2**1030), Q(1, 3**400)])


@given(
    st.lists(st.fractions(-4, 4, max_denominator=9), min_size=3, max_size=9, unique=True),
    st.lists(st.integers(-3, 3), min_size=9, max_size=9),
    _scales, _scales, st.fractions(-1, 1, max_denominator=10**20),
)
@settings(max_examples=80)
def test_slope_changes_exact_on_edge_cases(xs, bends, kscale, vscale, tiny):
    # Collinear runs, tiny bends (relative 1e-20), subnormal and overflowing scales.
    knots = sorted(x * kscale for x in xs)
    values, slope, v = [], Q(1, 3), Q(0)
    for i, x in enumerate(knots):
        if i:
            v += slope * (x - knots[i - 1])
            slope += bends[i] * tiny * slope / 10**20 if bends[i] % 2 else bends[i]
        values.append(v * vscale)
    for arr_k, arr_v in ((np.array(knots, dtype=object), np.array(values, dtype=object)),
                         (fmpq_array(knots), fmpq_array(values))):
        f_knots = PiecewiseLinear._trusted(arr_k, arr_v, True).knots
        expected = [knots[0]] + [x for x, c in zip(knots[1:-1], _exact_changes(knots, values)) if c] + [knots[-1]]
        assert list(f_knots) == expected and _all_fractions(f_knots)


def test_dense_affine_through_fmpq_mat_equals_term_by_term(monkeypatch):
    # 16 dense rows go through flint's fmpq_mat product, sparse ones term by term: same numbers.
    from symrelu import network

    rng = np.random.default_rng(5)
    W = np.array([[Q(int(rng.integers(-3, 4)), int(rng.integers(1, 5))) for _ in range(16)] for _ in range(16)])
    b = np.array([Q(int(rng.integers(-3, 4)), int(rng.integers(1, 5))) for _ in range(16)])
    a = np.array([[Q(int(rng.integers(-99, 100)), int(rng.integers(1, 99))) for _ in range(5)] for _ in range(16)])
    a[3] = Q(2, 7)  # a row the structure marks as constant
    constant = np.zeros(16, dtype=bool)
    constant[3] = True
    expected = W.dot(a) + b[:, None]
    calls, dense = [], network._affine_dense
    monkeypatch.setattr(network, "_affine_dense", lambda *args: calls.append(1) or dense(*args))
    got = network._affine_exact(fmpq_array(W), fmpq_array(b), fmpq_array(a), constant)
    assert calls and np.array_equal(fraction_array(got), expected)
    sparse = network._affine_exact(W, b, a, constant)  # Fractions: always term by term
    assert np.array_equal(sparse, expected)
