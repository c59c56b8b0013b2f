"""The public Hypothesis strategies draw what they promise."""

from fractions import Fraction as Q

from hypothesis import given, settings
from hypothesis import strategies as st

from symrelu.strategies import cpwl_functions, peaks, relu_networks, triangle_networks


@given(peaks(min_size=2, max_size=5, margin=0.1, max_denominator=12))
def test_exact_peaks(a):
    assert 2 <= len(a) <= 5
    assert all(isinstance(v, Q) and Q(1, 10) <= v <= Q(9, 10) and v.denominator <= 12 for v in a)


@given(peaks(exact=False, margin=0))
def test_float_peaks_strictly_inside(a):
    assert all(isinstance(v, float) and 0 < v < 1 for v in a)


@given(cpwl_functions(max_pieces=5, domain=(-2, 3)), cpwl_functions(exact=False, max_pieces=5))
def test_cpwl_functions(f, g):
    assert f.exact and f.domain == (-2, 3) and 1 <= f.pieces <= 5
    assert not g.exact and g.domain == (0.0, 1.0) and 1 <= g.pieces <= 5


@given(relu_networks(widths=(1, 3, 2, 1), alpha=st.just(Q(1, 4))), relu_networks(exact=False, max_depth=2))
@settings(max_examples=30)
def test_relu_networks(net, floating):
    assert net.widths == (1, 3, 2, 1) and net.exact and net.alpha == Q(1, 4)
    assert all(v.denominator <= 4 and abs(v) <= 3 for W, b in net.layers for v in list(W.flat) + list(b))
    assert not floating.exact and floating.widths[0] == 1 and floating.widths[-1] == 1
    assert 1 <= len(floating.widths) - 2 <= 2 and max(floating.widths[1:-1]) <= 4


@given(triangle_networks(max_depth=3, variant="subtract"), triangle_networks(max_depth=2, exact=False))
@settings(max_examples=20)
def test_triangle_networks(case, floating):
    net, a, variant = case
    assert variant == "subtract" and net.widths == (1,) + (4,) * (len(a) - 1) + (1,) and net.exact
    net, a, variant = floating
    assert not net.exact and variant in ("add", "subtract") and all(isinstance(v, float) for v in a)


def test_bad_options_raise_hypothesis_invalid_argument():
    import hypothesis.errors
    import pytest

    from symrelu import errors, strategies

    for call in (
        lambda: peaks(margin=0.5),
        lambda: peaks(exact="yes"),
        lambda: cpwl_functions(max_pieces=0),
        lambda: cpwl_functions(domain=(1, 0)),
        lambda: cpwl_functions(max_abs_value=float("nan")),
        lambda: relu_networks(alpha=1),
        lambda: relu_networks(alpha="x"),
        lambda: triangle_networks(variant="both"),
        lambda: strategies.peak_sequences(margin=0),
    ):
        with pytest.raises(hypothesis.errors.InvalidArgument) as info:
            call()
        # still symrelu's error (a ValueError or TypeError) with its message naming the option
        assert isinstance(info.value, (errors.InvalidArgument, errors.InvalidArgumentType))
        assert str(info.value).startswith("Invalid ")
    with pytest.raises(TypeError):
        peaks(exact="yes")


def test_cpwl_functions_shrink_to_simple_examples():
    # shrinking quality, not time (benchmarks/bench_strategies.py times it): the minimal function with
    # at least 4 pieces has exactly 4, with knots and values of small denominators
    from hypothesis import find

    f = find(cpwl_functions(max_pieces=8), lambda f: f.pieces >= 4, settings=settings(database=None, derandomize=True))
    assert f.pieces == 4
    assert max(Q(v).denominator for v in list(f.knots) + list(f.values)) <= 4
    g = find(cpwl_functions(max_pieces=8), lambda f: max(abs(v) for v in f.values) >= 1,
             settings=settings(database=None, derandomize=True))
    assert g.pieces == 1 and sorted(abs(v) for v in g.values) == [0, 1]


@given(peaks(margin=0, max_denominator=3, max_size=20))
def test_exact_peaks_open_interval_small_denominator(a):
    assert all(v in (Q(1, 3), Q(1, 2), Q(2, 3)) for v in a)
