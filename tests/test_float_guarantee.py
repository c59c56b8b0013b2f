"""Float64 to_pwl against exact arithmetic, inside the stated guarantee (docs/guide.rst,
"What float64 mode guarantees"): every piece found, none invented, values within the
estimate, and whatever is merged counted -- never silently wrong."""

import warnings
from fractions import Fraction as Q

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from symrelu.errors import PrecisionWarning
from symrelu.network import ReLUNetwork
from symrelu.scaling import law_scales
from symrelu.triangle import bend_sets, triangle_network

MARGIN = 0.05


def _float_pwl(net, lo, hi):
    with warnings.catch_warnings():
        warnings.simplefilter("error", PrecisionWarning)  # a merge inside the guarantee fails the test
        return net.to_pwl(lo, hi, exact=False, max_pieces=2**21)


# peaks near the margin c = 0.05 (and 1 - c), and anywhere in between
near_margin = st.one_of(
    st.floats(MARGIN, MARGIN + 0.02), st.floats(1 - MARGIN - 0.02, 1 - MARGIN), st.floats(MARGIN, 1 - MARGIN)
)


def _assert_matches_bends(cp, peaks, d):
    """2^d pieces at the bend points of W_{d-1} (up to the weights' own rounding), and certified exactly."""
    out = cp.output
    assert out.pieces == 2**d and len(cp.regions) - 1 == 2**d
    truth = np.array([float(t) for t in bend_sets([Q(p) for p in peaks], d - 1).bends])
    assert np.max(np.abs(out.knots - truth)) < 1e-11  # the float weights move the bends a little
    report = cp.certify()
    assert report.certified, str(report)


@given(st.lists(near_margin, min_size=2, max_size=9), st.sampled_from(["add", "subtract"]))
# drawn by Hypothesis 6.80: a crossing on the shallow side of a kink whose knot is off by its window is
# tilted, not shifted (6e-12 off, 3x its window before the reported windows carried the tilt)
@example([0.06250000000000017, 0.06994628906250017, 0.06250000000000015, 0.05468750000000007,
          0.05468750000000007, 0.054687500000000076, 0.930908203125, 0.054687500000000076], "subtract")
@settings(max_examples=25)
def test_triangle_law_scales_near_margin(peaks, variant):
    d = len(peaks) - 1
    net = triangle_network(peaks, variant=variant)
    cp = _float_pwl(net, 0.0, 1.0)
    assert cp.merged.knots == 0
    _assert_matches_bends(cp, peaks, d)
    grid = np.linspace(0.0, 1.0, 257)
    assert np.all(np.abs(cp.output(grid) - net.forward(grid)) <= cp.value_error + 1e-15)


@given(st.lists(near_margin, min_size=1, max_size=7), st.sampled_from(["add", "subtract"]), st.data())
@settings(max_examples=20)
def test_triangle_free_scales_against_exact(peaks, variant, data):
    scales = data.draw(st.lists(st.floats(1e-3, 1.0), min_size=len(peaks), max_size=len(peaks)))
    net = triangle_network(peaks, variant=variant, scales=scales)
    cp = _float_pwl(net, 0.0, 1.0)
    assert cp.merged.knots == 0
    assert cp.output.pieces == 2 ** len(peaks)
    report = cp.certify()  # against the float weights' exact binary values
    assert report.certified, str(report)


def _random_network(rng, widths, init):
    layers = []
    for fan_in, fan_out in zip(widths[:-1], widths[1:]):
        std = np.sqrt(2 / fan_in) if init == "he" else np.sqrt(2 / (fan_in + fan_out))
        layers.append((rng.normal(0, std, (fan_out, fan_in)), rng.normal(0, 0.1, fan_out)))
    return ReLUNetwork(layers)


@given(st.integers(0, 2**32 - 1), st.lists(st.integers(1, 8), min_size=1, max_size=4),
       st.sampled_from(["he", "glorot"]))
@settings(max_examples=40)
def test_random_networks_against_exact(seed, hidden, init):
    net = _random_network(np.random.default_rng(seed), [1, *hidden, 1], init)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", PrecisionWarning)
        cp = net.to_pwl(-2.0, 2.0, exact=False)
    if cp.merged.knots:  # outside the guarantee: it must say so
        assert caught
        return
    exact = net.to_pwl(-2, 2, exact=True).output
    assert cp.output.pieces == exact.pieces
    err = np.abs(cp.output.breakpoints - exact.breakpoints.astype(float))
    assert np.all(err <= cp.knot_errors[np.isin(cp.regions, cp.output.breakpoints)] + 4e-16)
    assert cp.certify().certified


@given(st.integers(0, 2**32 - 1), st.lists(st.integers(1, 6), min_size=1, max_size=3), st.integers(-6, 6))
@settings(max_examples=30)
def test_values_on_wide_intervals_and_spread_weights(seed, hidden, log_width):
    # weights spanning twelve orders of magnitude, intervals from 1e-6 to 1e6 wide
    rng = np.random.default_rng(seed)
    net = _random_network(rng, [1, *hidden, 1], "he")
    net = ReLUNetwork([(W * 10.0 ** rng.uniform(-6, 6, W.shape), b * 10.0 ** rng.uniform(-6, 6, b.shape))
                       for W, b in net.layers])
    half = 10.0**log_width
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PrecisionWarning)
        cp = net.to_pwl(-half, half, exact=False)
    grid = np.linspace(-half, half, 1001)
    # both sides round: the result within its estimate, forward within the same kind of estimate
    assert np.all(np.abs(cp.output(grid) - net.forward(grid)) <= 2 * cp.value_error)


def test_merges_are_reported_and_warned():
    # two neurons crossing 1e-300 apart near 1: indistinguishable in float64, so merged -- and said so
    net = ReLUNetwork([([[1.0], [1.0]], [-1.0, -(1.0 + 2**-52)]), ([[1.0, -1.0]], [0.0])])
    with pytest.warns(PrecisionWarning, match="merged"):
        cp = net.to_pwl(0.0, 2.0, resolution=1e-10)
    assert cp.merged.knots == 1 and cp.merged.min_width is not None
    assert cp.output.merged.knots >= 1
    assert cp.certify()  # outside the windows all is right ...
    report = cp.certify(windows=True)  # ... but the window holds the exact network's two bends
    assert not report.certified and report.counts["crowded"] == 1


@pytest.mark.slow
@pytest.mark.parametrize("c", [0.05, 0.1, 0.2, 0.3])
def test_depth_20_all_pieces(c):
    peaks = [float(p) for p in np.random.default_rng(0).uniform(c, 1 - c, 21)]
    for variant in ("add", "subtract"):
        with warnings.catch_warnings():
            # at c = 0.05 some of the narrowest pieces (~1e-14) are narrower than their windows:
            # found, but counted as unresolved (and warned about), which is what this allows
            warnings.simplefilter("ignore", PrecisionWarning)
            cp = triangle_network(peaks, variant=variant, max_pieces=2**21).to_pwl(0.0, 1.0, max_pieces=2**21)
        assert cp.merged.knots == 0 and cp.output.pieces == 2**20
        assert c == 0.05 or cp.merged.unresolved == 0


def _never_silent(net, d):
    """Float64 either finds the 2^d pieces of the ideal network exactly, or warns (merged or unresolved)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", PrecisionWarning)
        cp = net.to_pwl(0.0, 1.0, exact=False, max_pieces=2**21)
    if cp.merged.knots or cp.merged.unresolved:
        assert any(issubclass(w.category, PrecisionWarning) for w in caught)
        return cp
    assert not caught
    assert cp.output.pieces == 2**d
    report = cp.certify()
    assert report.counts["missing"] == 0 and report.counts["spurious"] == 0, str(report)
    return cp


def test_repeated_extreme_peaks_are_counted():
    # found by the property test below: with the peak 1/16 repeated, a touch (t1 at a valley) comes out
    # beyond its estimate at depth 8, and two crossings make slivers ~7e-12 wide, narrower than the
    # windows of their ends: counted in merged.unresolved and warned about, no longer silent
    peaks = [0.062270203398115995, 0.06543779281764346, 0.9375] + [0.0625] * 6
    with pytest.warns(PrecisionWarning, match="narrower than the error windows"):
        cp = triangle_network(peaks).to_pwl(0.0, 1.0)
    assert cp.merged.unresolved >= 1 and cp.merged.knots == 0
    assert not cp.certify().certified  # the exact check sees the sliver too


# peaks at or next to the margin, dyadic ones (whose valleys are exact touches), repeated
extreme = st.one_of(
    st.sampled_from([MARGIN, 1 - MARGIN, 0.0625, 0.9375, 0.125, 0.875]),
    st.floats(MARGIN, MARGIN + 0.02), st.floats(1 - MARGIN - 0.02, 1 - MARGIN),
)


@given(st.lists(extreme, min_size=2, max_size=4), st.integers(1, 6), st.sampled_from(["add", "subtract"]))
@example([0.062270203398115995, 0.06543779281764346, 0.9375, 0.0625], 5, "add")  # the sliver case above
@settings(max_examples=25, deadline=None)
def test_repeated_extreme_peaks_never_silent(head, repeat, variant):
    peaks = head + [head[-1]] * repeat
    _never_silent(triangle_network(peaks, variant=variant), len(peaks) - 1)


def test_law_scales_are_what_the_network_uses():
    # the property tests above lean on triangle_network's default being the law
    peaks = [0.3, 0.6, 0.45]
    a = triangle_network(peaks).to_pwl(0.0, 1.0).output
    b = triangle_network(peaks[:-1], scales=law_scales(peaks)).to_pwl(0.0, 1.0).output
    assert np.allclose(a.values, b.values) and np.array_equal(a.knots, b.knots)
