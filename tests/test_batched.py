"""symrelu.batched: many networks of one shape against the exact 1-D engine, and its validation."""

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from symrelu.batched import BatchPWL, MergedKnotsWarning, _chunk_size, batch_to_pwl
from symrelu.errors import InvalidArgument, InvalidArgumentType, SizeLimitExceeded
from symrelu.network import ReLUNetwork
from symrelu.pwl import PiecewiseLinear


def he_layers(widths, n, rng):
    """Stacked He-normal layers (biases N(0, 0.1^2)) for ``n`` networks of ``widths``."""
    return [
        (rng.normal(0, np.sqrt(2 / fan_in), (n, out, fan_in)), rng.normal(0, 0.1, (n, out)))
        for fan_in, out in zip(widths[:-1], widths[1:])
    ]


def networks(layers, alpha=0):
    n = layers[0][0].shape[0]
    return [ReLUNetwork([(W[i], b[i]) for W, b in layers], alpha, exact=False) for i in range(n)]


def check_against_exact(res, nets, lo, hi, only=None):
    for i, net in enumerate(nets):
        if only is not None and i not in only:
            continue
        truth = net.to_pwl(lo, hi, exact=True)  # the float weights at their exact binary value
        assert res.merged[i] == 0, i
        assert res.pieces[i] == truth.output.pieces, i
        assert res.regions[i] == len(truth.regions) - 1, i
        np.testing.assert_allclose(res.breakpoints(i), np.asarray(truth.output.breakpoints, float), rtol=0, atol=1e-12)
        xs = np.linspace(lo, hi, 57)
        assert np.max(np.abs(res(i, xs) - net.forward(xs))) <= res.value_error[i]


@pytest.mark.parametrize("widths, alpha", [
    ((1, 8, 8, 1), 0), ((1, 6, 6, 6, 6, 1), 0), ((1, 4, 4, 4, 4, 4, 4, 1), 0),  # deep and narrow: dead layers
    ((1, 12, 12, 1), 0.1), ((1, 5, 5, 5, 1), 0.3),
])
def test_agrees_with_exact_engine(widths, alpha):
    rng = np.random.default_rng(sum(widths))
    layers = he_layers(widths, 12, rng)
    nets = networks(layers, alpha)
    res = batch_to_pwl(layers, -1.0, 1.5, alpha=alpha)
    check_against_exact(res, nets, -1.0, 1.5)
    # Networks in, or stacked arrays in: the same result.
    again = batch_to_pwl(nets, -1.0, 1.5)
    np.testing.assert_array_equal(again.flat[0], res.flat[0])
    np.testing.assert_array_equal(again.flat[2], res.flat[2])


@given(st.integers(0, 2**32 - 1), st.lists(st.integers(1, 8), min_size=1, max_size=4),
       st.sampled_from([0.0, 0.1, 0.5]), st.integers(-4, 4))
@settings(max_examples=30)
def test_random_batches_against_exact(seed, hidden, alpha, log_scale):
    # Inside the guarantee (merged == 0) every breakpoint and region of the exact engine and values
    # within the bound; outside it the count says so and the warning is raised.  Weights scaled by
    # 10^log_scale per layer, so that outputs span 10^-20 to 10^20.
    rng = np.random.default_rng(seed)
    layers = [(W * 10.0**log_scale, b * 10.0**log_scale) for W, b in he_layers((1, *hidden, 1), 4, rng)]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", MergedKnotsWarning)
        res = batch_to_pwl(layers, -2.0, 2.0, alpha=alpha)
    assert bool(caught) == bool(res.merged.any())
    check_against_exact(res, networks(layers, alpha), -2.0, 2.0, only=set(np.flatnonzero(res.merged == 0)))


def test_chunks_do_not_change_the_result():
    rng = np.random.default_rng(5)
    layers = he_layers((1, 32, 32, 32, 1), 300, rng)  # chunks of 256
    assert _chunk_size(layers) < 300
    res = batch_to_pwl(layers, -1.0, 1.0)
    for i in (0, 1, 255, 256, 299):
        one = batch_to_pwl([(W[i:i + 1], b[i:i + 1]) for W, b in layers], -1.0, 1.0)
        # Equal up to rounding: BLAS may sum in another order for another padded size.
        assert one.regions[0] == res.regions[i] and one.pieces[0] == res.pieces[i]
        np.testing.assert_allclose(one.knots(0), res.knots(i), rtol=0, atol=1e-14)
        np.testing.assert_allclose(one.values(0), res.values(i), rtol=0, atol=res.value_error[i])


def test_networks_of_very_different_scales_in_one_chunk():
    # One network 1e8 times larger per layer: its error bound exceeds most values of the others, so
    # their signs are certified against their own bounds (the broadcast compare).  One pass of the
    # engine (`_compute`; batch_to_pwl's second pass would hide a wrong count) gives each network
    # what it gives the network alone.
    from symrelu.batched import _Work, _compute

    rng = np.random.default_rng(11)
    layers = he_layers((1, 16, 16, 1), 40, rng)
    for W, b in layers:
        W[7] *= 1e8
        b[7] *= 1e8
    knots, values, offsets, regions, merged, error = _compute(layers, 0.0, -1.0, 1.0, 2**20, 2**30, _Work())
    for i in (0, 7, 39):
        one = _compute([(W[i:i + 1], b[i:i + 1]) for W, b in layers], 0.0, -1.0, 1.0, 2**20, 2**30, _Work())
        assert (one[3][0], one[4][0]) == (regions[i], merged[i]) and merged[i] == 0
        np.testing.assert_allclose(one[0], knots[offsets[i]:offsets[i + 1]], rtol=1e-15, atol=0)
    check_against_exact(batch_to_pwl(layers, -1.0, 1.0), networks(layers), -1.0, 1.0, only={0, 7, 39})


def test_exactly_flat_knots_are_not_breakpoints():
    # Layer 2's only neuron is off for x < 0.5, so the first layer's bends at 0.1, 0.2
    # (and the neuron at 0.3) vanish from the output; the exact engine agrees.
    net = ReLUNetwork([
        ([[1.0], [1.0], [1.0]], [-0.1, -0.2, -0.3]),
        ([[1.0, -1.0, 1.0]], [-0.5 + 0.1 - 0.2 + 0.3 - 0.0]),
        ([[2.0]], [0.0]),
    ])
    res = batch_to_pwl([net], 0.0, 1.0)
    truth = net.to_pwl(0, 1, exact=True)
    assert res.merged[0] == 0
    assert res.pieces[0] == truth.output.pieces < res.regions[0] == len(truth.regions) - 1
    np.testing.assert_allclose(res.breakpoints(0), np.asarray(truth.output.breakpoints, float), atol=1e-15)


def test_equal_first_layer_crossings_are_one_knot():
    net = ReLUNetwork([([[1.0], [-1.0], [2.0]], [0.0, 0.0, -1.0]), ([[1.0, 1.0, 1.0]], [0.0])])  # |x| + relu(2x - 1)
    res = batch_to_pwl([net], -1.0, 1.0)
    assert res.merged[0] == 0 and res.breakpoints(0).tolist() == [0.0, 0.5]


def test_indistinguishable_crossings_are_counted_and_warned():
    # Two hidden neurons of the second layer with the same zero: float64 cannot tell
    # whether they cross at one point or at two very close points.
    W1 = np.array([[1.0, 0.5], [1.0, 0.5]])
    net = ReLUNetwork([([[1.0], [2.0]], [0.1, 0.1]), (W1, [-0.7, -0.7]), ([[1.0, 2.0]], [0.0])])
    with pytest.warns(MergedKnotsWarning, match="1 of 1 networks"):
        res = batch_to_pwl([net], -1.0, 1.0)
    assert res.merged[0] >= 1
    # Close but distinct first-layer crossings (one ulp apart) are counted as well.
    x = 0.3
    near = ReLUNetwork([([[1.0], [1.0]], [-x, -np.nextafter(x, 1)]), ([[1.0, -2.0]], [0.0])])
    with pytest.warns(MergedKnotsWarning):
        assert batch_to_pwl([near], 0.0, 1.0).merged[0] == 1
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert batch_to_pwl([near], 0.0, 1.0, warn=False).merged[0] == 1


def test_result_accessors():
    rng = np.random.default_rng(1)
    layers = he_layers((1, 6, 6, 1), 3, rng)
    res = batch_to_pwl(layers, 0.0, 2.0)
    assert isinstance(res, BatchPWL) and len(res) == 3 and res.domain == (0.0, 2.0)
    f = res.piecewise_linear(2)
    assert isinstance(f, PiecewiseLinear) and not f.exact
    np.testing.assert_array_equal(f.knots, res.knots(2))
    assert res[-1].pieces == res.pieces[2]
    knots, values, offsets = res.flat
    assert offsets[-1] == len(knots) == len(values) and np.all(np.diff(offsets) == res.pieces + 1)
    assert "3 networks" in repr(res)
    with pytest.raises(InvalidArgument, match=r"Invalid i=3"):
        res.knots(3)
    with pytest.raises(InvalidArgument, match=r"Invalid x="):
        res(0, 2.5)


def test_merged_knots_warning_is_a_precision_warning():
    from symrelu.errors import PrecisionWarning

    assert issubclass(MergedKnotsWarning, PrecisionWarning)
    x = 0.3
    near = ReLUNetwork([([[1.0], [1.0]], [-x, -np.nextafter(x, 1)]), ([[1.0, -2.0]], [0.0])])
    with pytest.warns(PrecisionWarning):  # one filter for both engines
        batch_to_pwl([near], 0.0, 1.0)


def test_piecewise_linear_keeps_the_resolved_knots():
    # a bend of 1e-12 relative: resolved by the batch, and not merged again by PiecewiseLinear
    net = ReLUNetwork([([[1.0], [1.0]], [0.0, -0.5]), ([[1.0, 1e-12]], [0.0])])
    res = batch_to_pwl([net], 0.0, 1.0)
    assert res.merged[0] == 0 and res.pieces[0] == 2
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        f = res.piecewise_linear(0)
    np.testing.assert_array_equal(f.knots, res.knots(0))
    np.testing.assert_array_equal(f.values, res.values(0))
    assert f.value_error == res.value_error[0] and f.merged.knots == 0


def test_single_affine_layer():
    res = batch_to_pwl([(np.array([[[2.0]], [[-1.0]]]), np.array([[1.0], [0.0]]))], -1, 1)
    assert res.pieces.tolist() == [1, 1] and res(0, 0.5) == 2.0


def test_size_limits():
    rng = np.random.default_rng(2)
    layers = he_layers((1, 8, 8, 1), 4, rng)
    with pytest.raises(SizeLimitExceeded, match="max_bytes=") as err:
        batch_to_pwl(layers, -1, 1, max_bytes=1000)
    assert err.value.unit == "bytes" and err.value.size > 1000
    with pytest.raises(SizeLimitExceeded, match="max_pieces="):
        batch_to_pwl(layers, -1, 1, max_pieces=2)


def test_validation():
    W0, b0 = np.ones((2, 3, 1)), np.zeros((2, 3))
    W1, b1 = np.ones((2, 1, 3)), np.zeros((2, 1))
    ok = [(W0, b0), (W1, b1)]
    cases = [
        ([(W0[:, :, 0], b0), (W1, b1)], InvalidArgument, r"networks\[0\]\.W"),  # not 3-D
        ([(W0, b0[:, :2]), (W1, b1)], InvalidArgument, r"networks\[0\]\.b"),
        ([(W0, b0), (np.ones((2, 1, 4)), b1)], InvalidArgument, r"networks\[1\]\.W.*3 columns"),
        ([(np.ones((2, 3, 2)), b0), (W1, b1)], InvalidArgument, r"networks\[0\]\.W.*scalar input"),
        ([(W0, b0), (np.ones((3, 1, 3)), np.zeros((3, 1)))], InvalidArgument, r"networks\[1\]\.W.*B=2"),
        ([(W0, b0), (np.ones((2, 2, 3)), np.zeros((2, 2)))], InvalidArgument, "one output"),
        ([(W0, b0), (np.where(W1 > 0, np.nan, 0), b1)], InvalidArgument, r"networks\[1\]\.W\[0, 0, 0\]=nan"),
        ([(W0, b0), (W1, np.full((2, 1), np.inf))], InvalidArgument, r"networks\[1\]\.b\[0, 0\]=inf"),
        ([(W0, b0), (W1, [["a"], ["b"]])], InvalidArgumentType, r"networks\[1\]\.b"),
        ([(W0,)], InvalidArgument, r"networks\[0\]"),
        ([], InvalidArgument, "networks"),
    ]
    for networks, error, match in cases:
        with pytest.raises(error, match=match):
            batch_to_pwl(networks, 0, 1)
    with pytest.raises(InvalidArgumentType, match="networks"):
        batch_to_pwl(ReLUNetwork([([[1.0]], [0.0])]), 0, 1)
    for alpha in (1.0, -0.1, float("nan")):
        with pytest.raises(InvalidArgument, match="Invalid alpha="):
            batch_to_pwl(ok, 0, 1, alpha=alpha)
    with pytest.raises(InvalidArgumentType, match="alpha"):
        batch_to_pwl(ok, 0, 1, alpha="0.1")
    for lo, hi, name in ((1, 1, "hi"), (2, 1, "hi"), (float("-inf"), 1, "lo"), (0, float("nan"), "hi")):
        with pytest.raises(InvalidArgument, match=f"Invalid {name}="):
            batch_to_pwl(ok, lo, hi)
    with pytest.raises(InvalidArgumentType, match="lo"):
        batch_to_pwl(ok, [0, 1], 1)
    for kw in ({"max_pieces": 1}, {"max_bytes": 0}, {"max_pieces": 2.5}):
        with pytest.raises(InvalidArgument, match=f"Invalid {next(iter(kw))}="):
            batch_to_pwl(ok, 0, 1, **kw)
    a = ReLUNetwork([([[1.0], [2.0]], [0.0, 1.0]), ([[1.0, 1.0]], [0.0])])
    b = ReLUNetwork([([[1.0]], [0.0]), ([[1.0]], [0.0])])
    with pytest.raises(InvalidArgument, match=r"networks\[1\].*widths \(1, 2, 1\)"):
        batch_to_pwl([a, b], 0, 1)
    with pytest.raises(InvalidArgument, match=r"networks\[1\]\.alpha"):
        batch_to_pwl([a, ReLUNetwork(a.layers, 0.5)], 0, 1)
    with pytest.raises(InvalidArgument, match="Invalid alpha=0.2"):
        batch_to_pwl([a], 0, 1, alpha=0.2)
    with pytest.raises(InvalidArgumentType, match=r"networks\[1\]"):
        batch_to_pwl([a, (W0, b0)], 0, 1)


def test_small_bend_on_a_narrow_region_is_resolved_by_the_slope_pass():
    # A bend of 1e-8 one nanometre after another: the chord slopes of a 1e-9 wide region
    # cannot certify it, the propagated slopes can (the second pass for flagged networks).
    net = ReLUNetwork([([[1.0], [1.0]], [-0.3, -0.3 - 1e-9]), ([[1.0, 1e-8]], [0.0])])
    res = batch_to_pwl([net], 0.0, 1.0)
    truth = net.to_pwl(0, 1, exact=True).output
    assert res.merged[0] == 0 and res.pieces[0] == truth.pieces == 3
    np.testing.assert_allclose(res.breakpoints(0), np.asarray(truth.breakpoints, float), rtol=0, atol=1e-16)


def test_both_passes_agree_where_both_resolve():
    from symrelu.batched import _Work, _compute

    rng = np.random.default_rng(9)
    layers = he_layers((1, 7, 7, 7, 1), 20, rng)
    chord = _compute(layers, 0.0, -1.0, 1.0, 2**20, 2**30, _Work(), slopes=False)
    slope = _compute(layers, 0.0, -1.0, 1.0, 2**20, 2**30, _Work(), slopes=True)
    assert not chord[4].any() and not slope[4].any()
    np.testing.assert_array_equal(chord[2], slope[2])
    np.testing.assert_array_equal(chord[0], slope[0])


def test_slopes_first_chunks_give_the_same_result(monkeypatch):
    # Deep, wide networks: all of the first chunk needs the slope pass, so the later chunks start
    # with it and take the chord pass second (where the slopes leave knots unresolved): the same
    # result, bit for bit, as chords first everywhere.
    from symrelu import batched

    rng = np.random.default_rng(1)
    layers = he_layers((1,) + (40,) * 10 + (1,), 12, rng)
    calls = []
    compute = batched._compute
    monkeypatch.setattr(batched, "_compute", lambda *a: calls.append(a[-1]) or compute(*a))
    mixed = batched._run(layers, 0.0, -1.0, 1.0, 2**24, 2**30, 4)
    assert calls[:3] == [False, True, True] and False in calls[3:]  # slopes first, then chords second
    monkeypatch.setattr(batched, "_SLOPES_FIRST_SHARE", 1.0)  # never: chords first everywhere
    plain = batched._run(layers, 0.0, -1.0, 1.0, 2**24, 2**30, 4)
    assert mixed.merged.any()
    for a, b in zip(mixed.flat + (mixed.regions, mixed.merged, mixed.value_error),
                    plain.flat + (plain.regions, plain.merged, plain.value_error)):
        np.testing.assert_array_equal(a, b)


def test_exact_networks_are_rounded_to_float64():
    from fractions import Fraction as Q

    exact = ReLUNetwork([([[1], [1]], [0, -Q(1, 3)]), ([[2, -4]], [0])])
    res = batch_to_pwl([exact, exact.with_number_domain(False)], 0, 1)
    assert res.pieces.tolist() == [2, 2]  # the crossing at 0 is the interval's end
    np.testing.assert_array_equal(res.knots(0), res.knots(1))
    assert abs(res.breakpoints(0)[0] - 1 / 3) < 1e-16


def test_alpha_of_wrong_type_is_refused_naming_it():
    """Issue 13: a string alpha gave a bare ValueError from float() (networks form) before it was checked."""
    nets = [ReLUNetwork([([[1.0], [1.0]], [0.0, -0.5]), ([[1.0, -2.0]], [0.0])])]
    for bad in ("abc", [0.1], object()):
        with pytest.raises(InvalidArgumentType, match="alpha"):
            batch_to_pwl(nets, 0.0, 1.0, alpha=bad)
    with pytest.raises(InvalidArgumentType, match="alpha"):
        batch_to_pwl([(np.ones((1, 1, 1)), np.zeros((1, 1)))], 0.0, 1.0, alpha="abc")
    assert batch_to_pwl(nets, 0.0, 1.0, alpha=0).breakpoints(0).tolist() == [0.5]


def test_ragged_lo_is_refused_naming_it():
    """Issue 13 (fuzz): lo=[[1, 2], [3]] gave a bare ValueError from np.ndim."""
    nets = [ReLUNetwork([([[1.0], [1.0]], [0.0, -0.5]), ([[1.0, -2.0]], [0.0])])]
    with pytest.raises(InvalidArgumentType, match="lo"):
        batch_to_pwl(nets, [[1, 2], [3]], 1.0)


def test_warn_must_be_a_bool():
    nets = [ReLUNetwork([([[1.0], [1.0]], [0.0, -0.5]), ([[1.0, -2.0]], [0.0])])]
    with pytest.raises(InvalidArgumentType, match="warn"):
        batch_to_pwl(nets, 0.0, 1.0, warn=np.array([]))


def test_crossings_closer_than_the_sort_key_resolves_are_ordered_exactly():
    from symrelu.batched import _order_in_intervals

    k = np.array([100000, 100000, 100001])
    x = np.array([2e-12, 1e-12, 0.5])  # one float key k + x cannot tell the first two apart
    left, h = np.zeros(3), np.ones(3)
    assert _order_in_intervals(k, x, left, h).tolist() == [1, 0, 2]
    assert _order_in_intervals(np.array([3, 3, 5]), np.array([0.7, 0.2, 0.1]), np.zeros(3), np.ones(3)).tolist() == [1, 0, 2]


def test_max_activation_is_taken_over_the_leaky_activations_and_the_neurons_only():
    # The largest |activation| of a leaky ReLU may be a negative one, alpha |z_min|; an earlier
    # version took it from the activated values as if they were pre-activations (alpha^2 |z_min|,
    # too small a bound).  The last column is the ones column that carries the bias: not a neuron.
    from symrelu.batched import _activate, _max_activation

    Z = np.array([[[-1.0, 0.25, 1.0]]])  # one network, one knot: two neurons and the ones column
    A = _activate(Z, 0.5, out=Z)
    assert A.tolist() == [[[-0.5, 0.25, 1.0]]]
    assert _max_activation(A, 0.5, 2).tolist() == [0.5]
    assert _max_activation(A, 0.0, 2) is None  # ReLU bounds by row sums instead
