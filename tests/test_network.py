"""ReLUNetwork: forward pass, exact/float CPWL form against an independent reference."""

from fractions import Fraction as Q

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reference import active_flips, evaluate, neuron_flips, output_breakpoints, patterns_at_midpoints, regions
from symrelu.errors import InvalidArgument, PrecisionWarning, SizeLimitExceeded
from symrelu.network import ReLUNetwork
from symrelu.pwl import DEFAULT_SLOPE_RTOL
from symrelu.strategies import relu_networks

LO, HI = Q(-3), Q(3)
alphas = st.sampled_from([Q(0), Q(0), Q(1, 4), Q(1, 2)])


def _midpoints(knots):
    return [(a + b) / 2 for a, b in zip(knots[:-1], knots[1:])]


# -- forward ----------------------------------------------------------------
def test_forward_shapes():
    rng = np.random.default_rng(0)
    net = ReLUNetwork([(rng.normal(size=(3, 2)), rng.normal(size=3)), (rng.normal(size=(2, 3)), rng.normal(size=2))])
    assert net.widths == (2, 3, 2)
    assert net.forward(np.zeros(2)).shape == (2,)
    assert net.forward(np.zeros((5, 2))).shape == (5, 2)
    scalar = ReLUNetwork([([[1.0], [2.0]], [0.0, 1.0]), ([[1.0, 1.0]], [0.0])])
    assert np.ndim(scalar.forward(0.5)) == 0
    assert scalar.forward(np.linspace(0, 1, 7)).shape == (7,)
    assert scalar.forward(np.zeros((4, 1))).shape == (4, 1)
    pre = scalar.preactivations(np.zeros((4, 1)))
    assert [z.shape for z in pre] == [(4, 2), (4, 1)]
    two_out = ReLUNetwork([([[1.0], [2.0]], [0.0, 1.0]), ([[1.0, 1.0], [1.0, -1.0]], [0.0, 0.0])])
    assert two_out.forward(np.linspace(0, 1, 3)).shape == (3, 2)


@given(relu_networks(alpha=alphas, outputs=2, max_depth=2), st.fractions(LO, HI, max_denominator=7))
@settings(max_examples=40)
def test_exact_forward_matches_reference_evaluator(net, x):
    y = net.forward(np.array([[x]], dtype=object))[0]
    assert list(y) == evaluate(net, x)


# -- exact to_pwl against the independent walk ------------------------------
@given(relu_networks(alpha=alphas))
@settings(max_examples=60)
def test_exact_breakpoints_match_reference(net):
    out = net.to_pwl(LO, HI).output
    assert out.exact
    assert list(out.breakpoints) == output_breakpoints(net, LO, HI)
    points = list(out.knots) + _midpoints(list(out.knots))
    assert [out(x) for x in points] == [evaluate(net, x)[0] for x in points]


@given(relu_networks(alpha=alphas, max_depth=2))
@settings(max_examples=30)
def test_regions_and_patterns_match_reference(net):
    cpwl = net.to_pwl(LO, HI)
    ref = patterns_at_midpoints(net, LO, HI)
    knots = list(cpwl.regions)
    # the library's regions refine the reference's pattern changes ...
    changes = [r.lo for (l, p), (r, q) in zip(ref[:-1], ref[1:]) if p != q]
    assert set(changes) <= set(knots)
    # ... and its patterns agree with the reference everywhere.
    pats = cpwl.activation_patterns()
    assert pats.shape == (len(knots) - 1, sum(net.widths[1:-1]))
    for k, mid in enumerate(_midpoints(knots)):
        region = next(r for r, _ in ref if r.lo <= mid <= r.hi)
        expected = next(p for r, p in ref if r is region)
        assert tuple(bool(v) for v in pats[k]) == expected


@given(relu_networks(alpha=alphas, max_depth=2, max_width=3))
@settings(max_examples=30)
def test_neuron_breakpoints_match_reference(net):
    cpwl = net.to_pwl(LO, HI)
    for layer, width in enumerate(net.widths[1:-1]):
        for j in range(width):
            assert list(cpwl.neuron_breakpoints(layer, j)) == neuron_flips(net, LO, HI, layer, j)
            assert set(cpwl.active_breakpoints(layer, j)) <= set(cpwl.neuron_breakpoints(layer, j))


@given(relu_networks(alpha=alphas, max_depth=2))
@settings(max_examples=20)
def test_preactivation_functions_match_forward(net):
    cpwl = net.to_pwl(LO, HI)
    grid = [LO + (HI - LO) * Q(k, 12) for k in range(13)]
    zs = net.preactivations(np.array(grid, dtype=object).reshape(-1, 1))
    for layer, width in enumerate(net.widths[1:]):
        for j in range(width):
            z = cpwl.preactivation(layer, j)
            assert [z(x) for x in grid] == list(zs[layer][:, j])


def test_degenerate_cases_by_hand():
    # zero weights: a constant network
    const = ReLUNetwork([([[0], [0]], [1, -1]), ([[2, 3]], [Q(1, 2)])])
    out = const.to_pwl(-1, 1).output
    assert out.pieces == 1 and out(0) == Q(5, 2)
    assert output_breakpoints(const, -1, 1) == []
    # a neuron that touches zero without crossing: relu(-|x|) = 0 adds no breakpoint
    touch = ReLUNetwork([([[1], [-1]], [0, 0]), ([[-1, -1]], [0]), ([[1]], [0])])
    cpwl = touch.to_pwl(-1, 1)
    assert cpwl.output.pieces == 1 and cpwl.neuron_breakpoints(1, 0).tolist() == []
    assert cpwl.neuron_breakpoints(0, 0).tolist() == [0]
    # two neurons with one breakpoint whose bends cancel: relu(x) - relu(x) + relu(2x) - 2 relu(x) = 0
    cancel = ReLUNetwork([([[1], [2]], [0, 0]), ([[-2, 1]], [0])])
    cpwl = cancel.to_pwl(-1, 1)
    assert cpwl.output.pieces == 1 and cpwl.output(1) == 0
    assert cpwl.neuron_breakpoints(0, 0).tolist() == [0] == cpwl.neuron_breakpoints(0, 1).tolist()
    assert output_breakpoints(cancel, -1, 1) == []
    # coincident breakpoints that do not cancel
    both = ReLUNetwork([([[1], [3]], [-1, -3]), ([[1, 1]], [0])])
    assert both.to_pwl(0, 2).output.breakpoints.tolist() == [1] == output_breakpoints(both, 0, 2)


def test_neuron_and_active_breakpoints_by_hand():
    # layer 0: z0 = x, z1 = x - 1/2, z2 = -x + 1; layer 1: u = relu(z1) feeds with weight 0 (dead path);
    # neuron 2 of layer 0 is read only through a layer-1 neuron that is off on [0, 1].
    net = ReLUNetwork(
        [
            ([[1], [1], [-1]], [0, -Q(1, 2), 1]),
            ([[1, 0, 0], [0, 1, 0], [0, 0, 1]], [1, 0, -5]),
            ([[1, 0, 1]], [0]),
        ]
    )
    cpwl = net.to_pwl(-1, 2)
    assert cpwl.neuron_breakpoints(0, 0).tolist() == [0]
    assert cpwl.neuron_breakpoints(0, 1).tolist() == [Q(1, 2)]
    assert cpwl.neuron_breakpoints(0, 2).tolist() == [1]
    assert cpwl.active_breakpoints(0, 0).tolist() == [0]
    assert cpwl.active_breakpoints(0, 1).tolist() == []  # its only outgoing weight is 0
    assert cpwl.active_breakpoints(0, 2).tolist() == []  # its layer-1 successor is off there (z = -4)
    assert cpwl.output.breakpoints.tolist() == [0]
    assert cpwl.regions.tolist() == [-1, 0, Q(1, 2), 1, 2]
    pats = cpwl.activation_patterns()
    assert pats.shape == (4, 6)
    assert pats[:, :3].tolist() == [[False, False, True], [True, False, True], [True, True, True], [True, True, False]]
    assert not pats[:, 5].any()


# Regression (core bug fixed in 855350d): active_breakpoints tests z_j > 0 AT beta, but a downstream
# neuron fed by the bending neuron is 0 there (relu(relu(x)) at 0), so a real output breakpoint is
# reported inactive; 003 (after Def. 1): active iff a path's activation product is discontinuous at
# beta
def test_active_breakpoint_of_relu_of_relu():
    net = ReLUNetwork([([[1]], [0]), ([[1]], [0]), ([[1]], [0])])  # relu(relu(x))
    cpwl = net.to_pwl(-1, 1)
    assert cpwl.output.breakpoints.tolist() == [0]
    assert cpwl.active_breakpoints(0, 0).tolist() == [0]


def test_active_breakpoint_through_live_path():
    # neuron (0, 1) bends at 1/2 and is read by an on neuron of layer 1: active.
    net = ReLUNetwork([([[1], [1]], [0, -Q(1, 2)]), ([[0, 1]], [1]), ([[2]], [0])])
    cpwl = net.to_pwl(0, 1)
    assert cpwl.active_breakpoints(0, 1).tolist() == [Q(1, 2)]
    assert cpwl.output.breakpoints.tolist() == [Q(1, 2)]


# -- float mode ---------------------------------------------------------------
@given(relu_networks(exact=False, alpha=st.sampled_from([0.0, 0.25])))
@settings(max_examples=40)
def test_float_pwl_matches_forward_on_dense_grid(net):
    out = net.to_pwl(-3.0, 3.0).output
    assert not out.exact
    grid = np.linspace(-3.0, 3.0, 2001)
    expected = net.forward(grid)
    scale = max(1.0, float(np.max(np.abs(expected))))
    # Float mode merges adjacent slopes within DEFAULT_SLOPE_RTOL (relative): a bend that small
    # may be dropped, which moves values by at most about slope_rtol * |slope| * width.
    truth = net.to_pwl(-3, 3, exact=True).output  # the float weights' exact binary values
    merge = 2 * DEFAULT_SLOPE_RTOL * max(abs(float(m)) for m in truth.slopes) * 6.0
    assert np.allclose(out(grid), expected, rtol=1e-12, atol=1e-12 * scale + merge)


@given(relu_networks(exact=False, alpha=st.sampled_from([0.0, 0.25]), max_abs_weight=2))
@settings(max_examples=25)
def test_float_pwl_of_generic_network_matches_forward_to_1e12(net):
    # weights bounded away from 0 make every bend large relative to the slopes: nothing to merge
    big = ReLUNetwork([(np.where(np.abs(W) < 0.1, 0.5, W), np.where(np.abs(b) < 0.1, 0.25, b)) for W, b in net.layers],
                      net.alpha)
    grid = np.linspace(-3.0, 3.0, 2001)
    expected = big.forward(grid)
    scale = max(1.0, float(np.max(np.abs(expected))))
    assert np.allclose(big.to_pwl(-3.0, 3.0).output(grid), expected, rtol=1e-12, atol=1e-12 * scale)


# Regression (core bug fixed in 855350d): float to_pwl reports a spurious breakpoint: the output
# relu(x) - (relu(x) + 1/3) is constant, but rounding leaves slopes 0 and -2.5e-17, and _canonical
# compares them relative to themselves (slope_rtol * max(|m1|, |m2|)), so rounding noise next to a
# zero slope always counts as a bend
def test_float_network_no_spurious_breakpoint_from_cancellation():
    net = ReLUNetwork([([[1.0], [0.0]], [0.0, 0.0]), ([[1.0, 0.0], [1.0, 0.0]], [0.0, 1 / 3]),
                       ([[1.0, -1.0]], [0.0])])
    assert net.with_number_domain(True).to_pwl(-3, 3).output.pieces == 1
    assert net.to_pwl(-3.0, 3.0).output.pieces == 1


def _well_separated(bps, width, gap):
    return all(b - a > gap * width for a, b in zip(bps[:-1], bps[1:]))


@given(relu_networks(alpha=alphas))
@settings(max_examples=40)
def test_float_breakpoints_match_exact_when_separated(net):
    exact = net.to_pwl(LO, HI).output
    bps = [float(b) for b in exact.breakpoints]
    slopes = [float(s) for s in exact.delta_slopes]
    if not _well_separated([-3.0] + bps + [3.0], 6.0, 1e-6) or any(abs(s) < 1e-6 for s in slopes):
        return
    floating = net.with_number_domain(False).to_pwl(-3.0, 3.0).output
    assert floating.pieces == exact.pieces
    assert np.allclose(floating.breakpoints, bps, rtol=0, atol=1e-12)
    # the same network to_pwl'd in float mode directly from the exact one
    assert net.to_pwl(LO, HI, exact=False).output.pieces == exact.pieces


def test_float_depth_many_layers_matches_exact():
    rng = np.random.default_rng(1)
    layers = [(rng.integers(-3, 4, size=(4, 1)), rng.integers(-3, 4, size=4))]
    layers += [(rng.integers(-3, 4, size=(4, 4)), rng.integers(-3, 4, size=4)) for _ in range(4)]
    layers += [(rng.integers(-3, 4, size=(1, 4)), rng.integers(-3, 4, size=1))]
    layers = [([[Q(int(v), 2) for v in row] for row in W], [Q(int(v), 3) for v in b]) for W, b in layers]
    net = ReLUNetwork(layers)
    exact = net.to_pwl(-4, 4).output
    floating = net.with_number_domain(False).to_pwl(-4.0, 4.0).output
    grid = np.linspace(-4, 4, 801)
    assert np.allclose(floating(grid), exact(grid).astype(float), rtol=1e-12, atol=1e-12)
    assert list(exact.breakpoints) == output_breakpoints(net, -4, 4)


# -- refusals -------------------------------------------------------------------
def _sawtooth(depth):
    # each hidden layer doubles the pieces of a tent map on [0, 1]
    tent = ([[2, -4]], [0])
    first = ([[1], [1]], [0, -Q(1, 2)])
    layers = [first]
    for _ in range(depth - 1):
        layers.append(([[2, -4], [2, -4]], [0, -Q(1, 2)]))
    layers.append(tent)
    return ReLUNetwork(layers)


def test_max_pieces_refusal():
    net = _sawtooth(6)
    assert net.to_pwl(0, 1).output.pieces == 2**6
    with pytest.raises(SizeLimitExceeded) as err:
        net.to_pwl(0, 1, max_pieces=20)
    assert "max_pieces" in str(err.value)
    with pytest.raises(InvalidArgument, match="max_pieces"):
        net.to_pwl(0, 1, max_pieces=1)


# Regression (core bug fixed in 855350d): to_pwl compares max_pieces with the number of KNOTS (pieces
# + 1), so a result with exactly max_pieces pieces is refused with the self-contradictory message 'at
# most N pieces (this would make N)'
def test_max_pieces_allows_exactly_that_many_pieces():
    net = _sawtooth(3)
    assert net.to_pwl(0, 1).output.pieces == 8
    assert len(net.to_pwl(0, 1).regions) - 1 == 8
    assert net.to_pwl(0, 1, max_pieces=8).output.pieces == 8


def test_regions_count_of_sawtooth_matches_reference():
    net = _sawtooth(4)
    assert len(regions(net, 0, 1)) == 16 == net.to_pwl(0, 1).output.pieces


@given(relu_networks(alpha=alphas, outputs=2, max_depth=2))
@settings(max_examples=25)
def test_every_output_of_a_multi_output_network(net):
    cpwl = net.to_pwl(LO, HI)
    assert len(cpwl.outputs) == 2
    for unit, out in enumerate(cpwl.outputs):
        assert list(out.breakpoints) == output_breakpoints(net, LO, HI, unit=unit)
        assert all(out(x) == evaluate(net, x)[unit] for x in out.knots)
    # every output breakpoint is induced by some hidden neuron (003 Def. 1)
    induced = set()
    for layer, width in enumerate(net.widths[1:-1]):
        for j in range(width):
            induced |= set(cpwl.neuron_breakpoints(layer, j).tolist())
    for out in cpwl.outputs:
        assert set(out.breakpoints.tolist()) <= induced


@given(relu_networks(alpha=alphas, max_depth=3, max_width=3))
@settings(max_examples=40)
def test_active_breakpoints_match_path_enumeration(net):
    cpwl = net.to_pwl(LO, HI)
    active = set()
    for layer, width in enumerate(net.widths[1:-1]):
        for j in range(width):
            got = cpwl.active_breakpoints(layer, j).tolist()
            assert got == active_flips(net, LO, HI, layer, j)
            active |= set(got)
    # 003: the output is non-differentiable only at active breakpoints
    assert set(cpwl.output.breakpoints.tolist()) <= active


@given(relu_networks(alpha=alphas, max_width=4))
@settings(max_examples=40)
def test_float_mode_never_invents_breakpoints(net):
    exact = [float(b) for b in net.to_pwl(LO, HI).output.breakpoints]
    floating = net.with_number_domain(False).to_pwl(-3.0, 3.0).output
    for b in floating.breakpoints:
        assert any(abs(b - e) <= 1e-9 for e in exact), (b, exact)


# -- float64: what issue 12 found -----------------------------------------------------
def test_float_wide_interval_keeps_the_narrow_ramp():
    # knots 5e-9 apart on (-1e6, 1e6): once merged by resolution * (hi - lo), which lost the ramp
    net = ReLUNetwork([([[1e9], [1e9]], [0.0, -10.0]), ([[1.0, -1.0]], [-5.0]), ([[1.0]], [0.0])])
    cp = net.to_pwl(-1e6, 1e6, exact=False)
    f = cp.output
    assert f.pieces == 3 and cp.merged.knots == 0
    assert np.allclose(f.breakpoints, [5e-9, 1e-8], rtol=0, atol=cp.knot_errors.max())
    assert abs(f(5e5) - 5.0) <= cp.value_error and abs(f(0.0) - 0.0) <= cp.value_error
    assert cp.certify()


def test_float_narrow_spike_on_a_wide_interval():
    spike = ReLUNetwork([([[1.0], [1.0], [1.0]], [0.0, -1e-7, -2e-7]), ([[1e9, -2e9, 1e9]], [0.0])])
    cp = spike.to_pwl(-1e6, 1e6, exact=False)
    assert cp.output.pieces == 4 and cp.merged.knots == 0
    assert abs(cp.output(1e-7) - 100.0) <= cp.value_error
    assert cp.certify()


@pytest.mark.parametrize("bad", [0.5, float("nan"), -1e-9, float("inf"), 1e-3])
def test_resolution_is_validated(bad):
    with pytest.raises(InvalidArgument, match="resolution"):
        _sawtooth(2).to_pwl(0, 1, exact=False, resolution=bad)


def test_resolution_merges_and_reports():
    net = ReLUNetwork([([[1.0], [1.0]], [-0.5, -0.5 - 1e-9]), ([[1.0, -1.0]], [0.0])])
    assert net.to_pwl(0.0, 1.0).output.pieces == 3
    with pytest.warns(PrecisionWarning):
        cp = net.to_pwl(0.0, 1.0, resolution=1e-6)
    assert cp.merged.knots == 1 and cp.merged.min_width == pytest.approx(1e-9, rel=1e-3)


def test_max_bytes_refuses_before_building():
    with pytest.raises(SizeLimitExceeded, match="max_bytes"):
        _sawtooth(12).to_pwl(0, 1, exact=False, max_bytes=10**5)
    with pytest.raises(SizeLimitExceeded, match="max_bytes"):
        _sawtooth(12).to_pwl(0, 1, max_bytes=10**5)
    with pytest.raises(InvalidArgument, match="max_bytes"):
        _sawtooth(2).to_pwl(0, 1, max_bytes=0)


def test_float_overflow_is_refused():
    with pytest.raises(InvalidArgument, match="hi"):
        _sawtooth(2).to_pwl(-1e308, 1e308, exact=False)
    huge = ReLUNetwork([([[1e300], [1e300]], [0.0, 0.0]), ([[1e300, 1e300]], [0.0])])
    with pytest.raises(InvalidArgument, match="finite"):
        huge.to_pwl(-1.0, 1.0)


def test_output_is_built_once():
    # the result is immutable, so its output is built (and converted to Fractions) once
    net = ReLUNetwork([([[1], [1]], [0, -Q(1, 2)]), ([[2, -4]], [0])])
    cp = net.to_pwl(0, 1)
    assert cp.output is cp.output and cp.outputs[0] is cp.output
    assert cp.outputs is not cp.outputs  # a fresh list: changing it changes nothing here


def test_with_domain_is_a_deprecated_alias():
    net = ReLUNetwork([([[0.5]], [0.25])])
    with pytest.warns(DeprecationWarning, match="with_number_domain"):
        exact = net.with_domain(True)
    assert exact.exact and exact.layers[0][0].tolist() == net.with_number_domain(True).layers[0][0].tolist()


def test_regions_method_delegates():
    from symrelu.regions import Box, regions

    net = ReLUNetwork([([[1, 0], [0, 1], [1, 1]], [0, 0, -1]), ([[1, -1, 1]], [0])])
    box = Box([-1, -1], [1, 1])
    assert len(net.regions(box)) == len(regions(net, box)) == 5
    assert len(net.regions(box, exact=False, rtol=1e-9)) == 5


def test_repr_reproduces_the_network():
    # a failing Hypothesis example must be reproducible from its printout (issue 18)
    from fractions import Fraction  # noqa: F401  (the repr names it)

    rng = np.random.default_rng(3)
    for net in (ReLUNetwork([([[1], [-1]], [0, Fraction(1, 2)]), ([[1, 1]], [0])]),
                ReLUNetwork([(rng.normal(size=(5, 2)), rng.normal(size=5)), (rng.normal(size=(1, 5)), [0.0])],
                            alpha=0.125)):
        again = eval(repr(net))
        assert again.exact == net.exact and again.alpha == net.alpha
        assert all((W1 == W2).all() and (b1 == b2).all() for (W1, b1), (W2, b2) in zip(again.layers, net.layers))
    big = ReLUNetwork([(np.ones((64, 1)), np.zeros(64)), (np.ones((64, 64)), np.zeros(64)), (np.ones((1, 64)), [0.0])])
    assert repr(big).startswith("<ReLUNetwork: widths=(1, 64, 64, 1)") and "net.layers" in repr(big)


def test_plot_marks_the_breakpoints():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    net = ReLUNetwork([([[1], [1]], [0, -Q(1, 2)]), ([[2, -4]], [0])])
    net.plot(0, 1, ax)
    assert ax.lines[0].get_xdata().tolist() == [0.0, 0.5, 1.0] and ax.lines[1].get_xdata().tolist() == [0.5]
    plt.close(fig)


def test_alpha_must_be_one_number():
    """Issue 13: alpha=[1, 2] gave a bare ValueError from .item(); one slope for all units is allowed."""
    from symrelu.errors import InvalidArgumentType

    layers = [([[1.0], [-1.0]], [0.0, 0.0]), ([[1.0, 1.0]], [0.0])]
    for bad in ([1, 2], [0.5], np.array([0.1, 0.2])):
        for exact in (None, False, True):
            with pytest.raises(InvalidArgumentType, match="alpha"):
                ReLUNetwork(layers, alpha=bad, exact=exact)
    assert ReLUNetwork(layers, alpha=np.float64(0.25)).alpha == 0.25


def test_exact_must_be_none_or_a_bool():
    from symrelu.errors import InvalidArgumentType

    with pytest.raises(InvalidArgumentType, match="exact"):
        ReLUNetwork([([[1.0]], [0.0])], exact=np.array([]))
