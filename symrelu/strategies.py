"""Hypothesis strategies for property tests of code built on symrelu.

Each function validates its options at once and returns a Hypothesis
strategy.  A bad option raises `StrategyArgumentError` (or
`StrategyArgumentTypeError`), which is both Hypothesis's own
`hypothesis.errors.InvalidArgument`, as Hypothesis users expect, and
symrelu's `~symrelu.errors.InvalidArgument` (a `ValueError`) or
`~symrelu.errors.InvalidArgumentType` (a `TypeError`) naming the option.

Exact strategies draw small-denominator rationals (`fractions.Fraction`) so
that exact arithmetic stays fast; float strategies draw float64 numbers in the
same ranges.  The strategies are built to shrink fast: every number is drawn
from plain integer choices (a denominator, then a numerator), never through
``flatmap`` or ``filter``, so a failing example shrinks to small denominators,
few pieces and values near 0 in a few seconds.

>>> from hypothesis import given, settings
>>> @settings(max_examples=5, derandomize=True, database=None)
... @given(peaks(max_size=3))
... def test_peaks_in_unit_interval(a):
...     assert 1 <= len(a) <= 3 and all(0 < x < 1 for x in a)
>>> test_peaks_in_unit_interval()

To add a strategy, append its function at the end of this module and its name
to ``__all__``.
"""

from __future__ import annotations

import functools
import math
import numbers
from fractions import Fraction

from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument as _HypothesisInvalidArgument

from . import errors as _errors
from ._numbers import is_exact_scalar, to_fraction
from .network import ReLUNetwork
from .pwl import PiecewiseLinear
from .triangle import VARIANTS, triangle_network

__all__ = [
    "peaks",
    "cpwl_functions",
    "relu_networks",
    "triangle_networks",
    "peak_sequences",
    "StrategyArgumentError",
    "StrategyArgumentTypeError",
]


class StrategyArgumentError(_errors.InvalidArgument, _HypothesisInvalidArgument):
    """A strategy option has a value that is not allowed.

    Both `hypothesis.errors.InvalidArgument` and `symrelu.errors.InvalidArgument`
    (a `ValueError`), with the same message.

    >>> import hypothesis.errors
    >>> try:
    ...     peaks(margin=0.5)
    ... except hypothesis.errors.InvalidArgument as err:
    ...     print(err)
    Invalid margin=0.5: expected a number in [0, 1/2).
    """


class StrategyArgumentTypeError(_errors.InvalidArgumentType, _HypothesisInvalidArgument):
    """A strategy option has a type that is not allowed.

    Both `hypothesis.errors.InvalidArgument` and `symrelu.errors.InvalidArgumentType` (a `TypeError`).
    """


def _hypothesis_errors(function):
    """Re-raise symrelu's argument errors from ``function`` as the strategy errors above."""

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        try:
            return function(*args, **kwargs)
        except (StrategyArgumentError, StrategyArgumentTypeError):
            raise
        except _errors.InvalidArgumentType as err:
            raise StrategyArgumentTypeError(err.name, err.value, err.allowed) from None
        except _errors.InvalidArgument as err:
            raise StrategyArgumentError(err.name, err.value, err.allowed, err.hint) from None

    return wrapper


# every error this module raises itself is a strategy error
InvalidArgument, InvalidArgumentType = StrategyArgumentError, StrategyArgumentTypeError


# -- option validation ----------------------------------------------------
def _check_int(name, value, lo, hi=None):
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise InvalidArgumentType(name, value, "an int")
    if value < lo or (hi is not None and value > hi):
        allowed = f"an int >= {lo}" if hi is None else f"an int in [{lo}, {hi}]"
        raise InvalidArgument(name, value, allowed)
    return int(value)


def _check_bool(name, value):
    if not isinstance(value, bool):
        raise InvalidArgumentType(name, value, "True or False")
    return value


def _exact_number(value, name) -> Fraction:
    """A Fraction; floats are read at their shortest decimal (0.05 -> 1/20), not their binary value."""
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise InvalidArgument(name, value, "a finite number")
        return Fraction(repr(value))
    return to_fraction(value, name)


def _check_margin(margin) -> Fraction:
    m = _exact_number(margin, "margin")
    if not 0 <= m < Fraction(1, 2):
        raise InvalidArgument("margin", margin, "a number in [0, 1/2)")
    return m


def _numerator_bounds(lo: Fraction, hi: Fraction, q: int, open_: bool):
    """The numerators ``p`` with ``p/q`` in ``[lo, hi]`` (``(lo, hi)`` when ``open_``), as ``(first, last)``."""
    if open_:
        return math.floor(lo * q) + 1, math.ceil(hi * q) - 1
    return math.ceil(lo * q), math.floor(hi * q)


def _rationals(lo: Fraction, hi: Fraction, max_denominator: int, *, open_: bool = False):
    """Fractions ``p/q`` in ``[lo, hi]`` (``(lo, hi)`` when ``open_``) with ``q <= max_denominator``.

    Two integer draws, a denominator and then a numerator from a range fixed
    by it, so that shrinking goes to the smallest usable denominator and then
    to the numerator nearest 0.  (Hypothesis's ``st.fractions`` draws through
    ``flatmap``, which builds and validates a new strategy at every draw, and
    shrinks slowly.)
    """
    usable = next(
        (q for q in range(1, max_denominator + 1) if _numerator_bounds(lo, hi, q, open_)[0] <= _numerator_bounds(lo, hi, q, open_)[1]),
        None,
    )
    if usable is None:
        raise InvalidArgument("max_denominator", max_denominator, f"large enough that a fraction lies in [{lo}, {hi}]")
    return _rational(lo, hi, open_, usable, max_denominator)


@st.composite
def _rational(draw, lo, hi, open_, usable, max_denominator):
    q = draw(st.integers(usable, max_denominator))
    a, b = _numerator_bounds(lo, hi, q, open_)
    if a > b:  # a denominator with no fraction in range: use the smallest one that has
        q = usable
        a, b = _numerator_bounds(lo, hi, q, open_)
    return Fraction(draw(st.integers(a, b)), q)


def _unit_interval(lo: Fraction, exact: bool, max_denominator: int):
    """Numbers in [lo, 1 - lo] (open at 0 and 1 when lo == 0)."""
    if exact:
        return _rationals(lo, 1 - lo, max_denominator, open_=lo == 0)
    return st.floats(min_value=float(lo), max_value=float(1 - lo), exclude_min=lo == 0, exclude_max=lo == 0)


# -- strategies -------------------------------------------------------------
@_hypothesis_errors
def peaks(*, min_size: int = 1, max_size: int = 8, margin=0.05, exact: bool = True, max_denominator: int = 16):
    """Peak sequences ``a_0, a_1, ...``: lists of numbers in ``[margin, 1 - margin]``.

    Parameters
    ----------
    min_size, max_size : int
        Length range of the list.
    margin : number
        Peaks stay at least ``margin`` from 0 and 1 (``0 <= margin < 1/2``;
        with 0 they lie strictly inside (0, 1)).
    exact : bool
        ``Fraction`` peaks with denominators at most ``max_denominator``, or
        float64 peaks.
    max_denominator : int
        Exact mode: the largest denominator drawn.

    >>> peaks(max_size=4)  # doctest: +ELLIPSIS
    lists(_rational(lo=Fraction(1, 20), hi=Fraction(19, 20), ...), min_size=1, max_size=4)
    """
    min_size = _check_int("min_size", min_size, 0)
    max_size = _check_int("max_size", max_size, 0)
    if max_size < min_size:
        raise InvalidArgument("max_size", max_size, f"an int >= min_size={min_size}")
    lo = _check_margin(margin)
    exact = _check_bool("exact", exact)
    max_denominator = _check_int("max_denominator", max_denominator, 2)
    return st.lists(_unit_interval(lo, exact, max_denominator), min_size=min_size, max_size=max_size)


def _check_domain(domain, exact: bool):
    try:
        lo, hi = domain
    except (TypeError, ValueError):
        raise InvalidArgumentType("domain", domain, "a pair (lo, hi)") from None
    if exact:
        lo, hi = _exact_number(lo, "domain[0]"), _exact_number(hi, "domain[1]")
    else:
        lo, hi = float(_exact_number(lo, "domain[0]")), float(_exact_number(hi, "domain[1]"))
    if not lo < hi:
        raise InvalidArgument("domain", domain, "a pair (lo, hi) with lo < hi")
    return lo, hi


@st.composite
def _cpwl(draw, lo, hi, exact, max_pieces, knot, value):
    # Interior knots at small-denominator fractions of the domain: well separated in float mode too.
    # A list (not a count, then a list): the shrinker deletes knots one by one.
    qs = sorted(draw(st.lists(knot, max_size=max_pieces - 1, unique=True)))
    if exact:
        knots = [lo] + [lo + q * (hi - lo) for q in qs] + [hi]
    else:
        knots = [lo] + [lo + float(q) * (hi - lo) for q in qs] + [hi]
    values = draw(st.lists(value, min_size=len(knots), max_size=len(knots)))
    return PiecewiseLinear(knots, values, exact=exact)


def cpwl_functions(
    *, exact: bool = True, max_pieces: int = 8, domain=(0, 1), max_denominator: int = 16, max_abs_value=4
):
    """Continuous piecewise-linear functions on ``domain`` with at most ``max_pieces`` pieces.

    Knots sit at fractions of the domain with denominators at most
    ``max_denominator``; values lie in ``[-max_abs_value, max_abs_value]``
    (exact: Fractions with denominators at most ``max_denominator``).  The
    result is canonical, so it may have fewer pieces than drawn.

    >>> from hypothesis import strategies as st
    >>> isinstance(cpwl_functions(max_pieces=3, domain=(-1, 1)), st.SearchStrategy)
    True
    """
    exact = _check_bool("exact", exact)
    max_pieces = _check_int("max_pieces", max_pieces, 1)
    max_denominator = _check_int("max_denominator", max_denominator, 2)
    if max_pieces > max_denominator:
        raise InvalidArgument(
            "max_pieces", max_pieces, f"at most max_denominator={max_denominator} (knots sit at its fractions)"
        )
    lo, hi = _check_domain(domain, exact)
    bound = _exact_number(max_abs_value, "max_abs_value")
    if not bound > 0:
        raise InvalidArgument("max_abs_value", max_abs_value, "a positive number")
    # the element strategies are built here, once: building a strategy costs far more than drawing from it
    knot = _rationals(Fraction(0), Fraction(1), max_denominator, open_=True)
    if exact:
        value = _rationals(-bound, bound, max_denominator)
    else:
        value = st.floats(min_value=-float(bound), max_value=float(bound), allow_subnormal=False)
    return _cpwl(lo, hi, exact, max_pieces, knot, value)


def _weights(exact: bool, max_abs_weight: int):
    """Small ints (zeros included, for degenerate cases) mixed with halves/thirds/quarters, or floats.

    Exact weights are `_rationals` with denominators up to 4: the denominator 1 gives the ints, and
    shrinking goes to it first (no ``one_of`` branch for the shrinker to try both ways).
    """
    if exact:
        return _rationals(Fraction(-max_abs_weight), Fraction(max_abs_weight), 4)
    ints = st.integers(-max_abs_weight, max_abs_weight)
    return st.one_of(ints.map(float), st.floats(-max_abs_weight, max_abs_weight, allow_subnormal=False))


def _check_alpha(alpha, exact):
    if isinstance(alpha, st.SearchStrategy):
        return alpha
    if exact and not is_exact_scalar(alpha):
        raise InvalidArgument("alpha", alpha, "an exact number (int, Fraction) or a strategy when exact=True")
    value = to_fraction(alpha, "alpha")
    if not 0 <= value < 1:
        raise InvalidArgument("alpha", alpha, "a leaky-ReLU slope in [0, 1) or a strategy")
    return st.just(value if exact else float(value))


@st.composite
def _networks(draw, widths, min_depth, max_depth, max_width, n_out, exact, alpha, weight):
    if widths is None:
        depth = draw(st.integers(min_depth, max_depth))
        widths = [1] + [draw(st.integers(1, max_width)) for _ in range(depth)] + [n_out]
    layers = []
    for n_in, n_out_ in zip(widths[:-1], widths[1:]):
        W = [[draw(weight) for _ in range(n_in)] for _ in range(n_out_)]
        b = [draw(weight) for _ in range(n_out_)]
        layers.append((W, b))
    return ReLUNetwork(layers, draw(alpha), exact=exact)


@_hypothesis_errors
def relu_networks(
    *,
    widths=None,
    min_depth: int = 1,
    max_depth: int = 3,
    max_width: int = 4,
    outputs: int = 1,
    exact: bool = True,
    alpha=0,
    max_abs_weight: int = 3,
):
    """Scalar-input `ReLUNetwork`\\ s with small weights.

    Parameters
    ----------
    widths : sequence of int, optional
        A fixed architecture ``(1, hidden_1, ..., out)``; otherwise the number
        of hidden layers is drawn from ``[min_depth, max_depth]``, each width
        from ``[1, max_width]``, with ``outputs`` output units.
    exact : bool
        Fraction weights (ints in ``[-max_abs_weight, max_abs_weight]`` or
        rationals with denominators up to 4), or float64 weights.
    alpha : number or strategy
        The leaky-ReLU slope, or a strategy drawing it.

    >>> from hypothesis import strategies as st
    >>> leaky = relu_networks(widths=(1, 3, 1), alpha=st.sampled_from([0, Fraction(1, 4)]))
    >>> isinstance(leaky, st.SearchStrategy)
    True
    """
    exact = _check_bool("exact", exact)
    max_abs_weight = _check_int("max_abs_weight", max_abs_weight, 1)
    if widths is not None:
        try:
            items = list(widths)
        except TypeError:
            raise InvalidArgumentType("widths", widths, "a sequence of positive ints") from None
        # (not inside the try: hypothesis's InvalidArgument is a TypeError too)
        widths = [_check_int(f"widths[{i}]", w, 1) for i, w in enumerate(items)]
        if len(widths) < 2 or widths[0] != 1:
            raise InvalidArgument("widths", widths, "(1, hidden_1, ..., out): scalar input and at least one layer")
    min_depth = _check_int("min_depth", min_depth, 0)
    max_depth = _check_int("max_depth", max_depth, 0)
    if max_depth < min_depth:
        raise InvalidArgument("max_depth", max_depth, f"an int >= min_depth={min_depth}")
    max_width = _check_int("max_width", max_width, 1)
    outputs = _check_int("outputs", outputs, 1)
    alpha = _check_alpha(alpha, exact)
    return _networks(widths, min_depth, max_depth, max_width, outputs, exact, alpha, _weights(exact, max_abs_weight))


@st.composite
def _triangles(draw, min_depth, max_depth, variant, peak):
    d = draw(st.integers(min_depth, max_depth))
    a = draw(st.lists(peak, min_size=d + 1, max_size=d + 1))
    v = draw(st.sampled_from(VARIANTS)) if variant is None else variant
    return triangle_network(a, variant=v), a, v


@_hypothesis_errors
def triangle_networks(
    *, min_depth: int = 1, max_depth: int = 6, variant=None, exact: bool = True, margin=0.05, max_denominator=16
):
    """``(network, peaks, variant)``: 000's 4-wide network under the scaling law.

    The depth ``d`` (hidden layers) is drawn from ``[min_depth, max_depth]``,
    ``d + 1`` peaks from `peaks` (``margin``, ``exact``, ``max_denominator``),
    and the variant from ``("add", "subtract")`` unless ``variant`` fixes it.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=3, derandomize=True, database=None)
    ... @given(triangle_networks(max_depth=3, variant="add"))
    ... def test_pieces(case):
    ...     net, a, variant = case
    ...     assert net.to_pwl(0, 1).output.pieces == 2 ** (len(a) - 1)
    >>> test_pieces()
    """
    min_depth = _check_int("min_depth", min_depth, 1)
    max_depth = _check_int("max_depth", max_depth, 1, 20)
    if max_depth < min_depth:
        raise InvalidArgument("max_depth", max_depth, f"an int >= min_depth={min_depth}")
    if variant is not None and (not isinstance(variant, str) or variant not in VARIANTS):
        raise InvalidArgument("variant", variant, f"None or one of {VARIANTS}")
    exact = _check_bool("exact", exact)
    lo = _check_margin(margin)
    max_denominator = _check_int("max_denominator", max_denominator, 2)
    return _triangles(min_depth, max_depth, variant, _unit_interval(lo, exact, max_denominator))


@_hypothesis_errors
def peak_sequences(
    *, max_prefix: int = 3, max_period: int = 3, margin=0.05, exact: bool = True, max_denominator: int = 16
):
    """Infinite peak sequences (`symrelu.peaks.PeakSequence`): a prefix and a periodic tail in ``[margin, 1 - margin]``.

    Parameters
    ----------
    max_prefix, max_period : int
        Longest prefix (0 allowed) and longest period (at least 1).
    margin : number
        Every peak lies in ``[margin, 1 - margin]``, ``0 < margin < 1/2``; the
        sequence's stated margin is the largest one that holds for its entries.
    exact, max_denominator
        As for `peaks`.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=5, derandomize=True, database=None)
    ... @given(peak_sequences(margin=0.1))
    ... def test_margin(a):
    ...     assert a.margin >= 0.1 and all(a.margin <= v <= 1 - a.margin for v in a[:10])
    >>> test_margin()
    """
    from .peaks import PeakSequence  # peaks builds on scaling; keep this module's imports light

    max_prefix = _check_int("max_prefix", max_prefix, 0)
    max_period = _check_int("max_period", max_period, 1)
    lo = _check_margin(margin)
    if lo == 0:
        raise InvalidArgument("margin", margin, "a number in (0, 1/2): infinite sequences need a margin")
    exact = _check_bool("exact", exact)
    max_denominator = _check_int("max_denominator", max_denominator, 2)
    entries = _unit_interval(lo, exact, max_denominator)
    return st.builds(
        PeakSequence,
        st.lists(entries, min_size=0, max_size=max_prefix),
        st.lists(entries, min_size=1, max_size=max_period),
    )
