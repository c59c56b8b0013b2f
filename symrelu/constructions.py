"""Constructive networks of the dissertation (004 §3.3.2, Appendix A.2–A.4).

* `interpolating_network` -- Lemma A.2.1: a one-hidden-layer leaky-ReLU network
  with ``k - 1`` units through ``k`` given points, bends at ``x_1 .. x_{k-1}``;
* `region_classifier` -- Theorem 3.3.2: ``s - 1`` units classify ``s``
  alternating regions of the line;
* `sawtooth_network` -- Theorem 3.3.3: ``l`` hidden layers of width ``w`` make
  ``w^l`` alternating regions;
* `parity_network` -- Theorem 3.3.4: n-parity along the diagonal direction.

All are exact (Fractions) and checkable with `ReLUNetwork.to_pwl`.

>>> from fractions import Fraction as Q
>>> net = interpolating_network([0, 1, 2], [0, 1, 0])
>>> [net.forward(Q(x)) for x in (0, 1, 2)]
[Fraction(0, 1), Fraction(1, 1), Fraction(0, 1)]
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from ._numbers import to_fraction
from .errors import check_limit, InvalidArgument, InvalidArgumentType, SizeLimitExceeded
from .network import ReLUNetwork

__all__ = ["interpolating_network", "region_classifier", "sawtooth_network", "parity_network", "slope_matrix"]


def _alpha(alpha) -> Fraction:
    alpha = to_fraction(alpha, "alpha")
    if not 0 <= alpha < 1:
        raise InvalidArgument("alpha", alpha, "a leak factor in [0, 1)")
    return alpha


#: Default limit on the parameters of `sawtooth_network` / `parity_network` (exact Fractions, solved for one by
#: one: width 700, depth 2, about 5 * 10^5 parameters, took 3.4 s) and, times 5, on the entries of `slope_matrix`.
DEFAULT_MAX_SIZE = 2 * 10**5
#: Most hidden layers of `sawtooth_network` / `parity_network` (each costs about 0.1 ms to build and check;
#: 2**4096 teeth is far beyond what float64 or a figure resolves).
MAX_DEPTH = 4096


def _check_size(name, value, size, max_size, unit):
    max_size = check_limit("max_size", max_size)
    if size > max_size:
        raise SizeLimitExceeded(name, value, size=size, limit=int(max_size), unit=unit, option="max_size")


def slope_matrix(k: int, alpha=0, *, max_size: int = 5 * DEFAULT_MAX_SIZE) -> list:
    """The matrix of 004 eq. A.13: row ``j`` gives the slope on ``(x_j, x_{j+1})`` from the units' ``a_i``.

    On that interval unit ``i`` (bend at ``x_i``) is on when ``i <= j`` and leaks
    (slope ``alpha``) when ``i > j``; indices run from 1.  More than
    ``max_size`` entries are refused up front.

    >>> [[str(v) for v in row] for row in slope_matrix(3, 0)]
    [['1', '0'], ['1', '1']]
    """
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or k < 2:
        raise InvalidArgument("k", k, "an int >= 2 (the number of points)")
    _check_size("k", k, (int(k) - 1) ** 2, max_size, "entries")
    alpha = _alpha(alpha)
    return [[1 if i <= j else alpha for i in range(1, k)] for j in range(1, k)]


def interpolating_network(points, values, *, alpha=0) -> ReLUNetwork:
    """Lemma A.2.1: a one-hidden-layer network through ``(points[i], values[i])`` with ``k - 1`` units.

    Unit ``i`` is ``a_i max(alpha (x - x_i), x - x_i)`` (bend at ``x_i``,
    ``i < k``); the ``a_i`` solve the slope system of eq. A.13 exactly, and the
    output bias is eq. A.16's ``d``.

    >>> interpolating_network([0, 1, 3], [1, 0, 2], alpha=Fraction(1, 2)).forward(3)
    Fraction(2, 1)
    """
    for name, seq in (("points", points), ("values", values)):
        if isinstance(seq, (str, bytes, dict)) or not isinstance(seq, (list, tuple, np.ndarray)):
            raise InvalidArgumentType(name, seq, "a sequence of numbers")
    xs = [to_fraction(x, f"points[{i}]") for i, x in enumerate(points)]
    ys = [to_fraction(y, f"values[{i}]") for i, y in enumerate(values)]
    if len(xs) < 2 or len(xs) != len(ys):
        raise InvalidArgument("points, values", (len(xs), len(ys)), "two sequences of one length >= 2")
    for i in range(1, len(xs)):
        if not xs[i] > xs[i - 1]:
            raise InvalidArgument(f"points[{i}]", xs[i], f"a point greater than points[{i - 1}]={xs[i - 1]}")
    alpha = _alpha(alpha)
    k = len(xs)
    slopes = [(ys[j + 1] - ys[j]) / (xs[j + 1] - xs[j]) for j in range(k - 1)]
    # Row j: sum_{i<=j} a_i + alpha sum_{i>j} a_i = slope_j.  Differences of
    # consecutive rows isolate a_{j+1} (1 - alpha); the last row fixes the rest.
    a = [Fraction(0)] * (k - 1)
    for j in range(1, k - 1):
        a[j] = (slopes[j] - slopes[j - 1]) / (1 - alpha)
    a[0] = slopes[0] - alpha * sum(a[1:])
    d = ys[0] - sum(ai * (alpha * (xs[0] - xi)) for ai, xi in zip(a, xs[: k - 1]))  # eq. A.16: all units leak at x_1
    W1 = [[Fraction(1)] for _ in range(k - 1)]
    b1 = [-xi for xi in xs[: k - 1]]
    return ReLUNetwork([(W1, b1), ([a], [d])], alpha=alpha)


def _regions(regions) -> list:
    try:
        pairs = [(to_fraction(lo, f"regions[{i}][0]"), to_fraction(hi, f"regions[{i}][1]")) for i, (lo, hi) in enumerate(regions)]
    except (TypeError, ValueError) as err:
        if isinstance(err, InvalidArgument):
            raise
        raise InvalidArgumentType("regions", regions, "a sequence of (start, end) pairs") from None
    if len(pairs) < 2:
        raise InvalidArgument("regions", regions, "at least two regions")
    for i, (lo, hi) in enumerate(pairs):
        if not lo < hi:
            raise InvalidArgument(f"regions[{i}]", (lo, hi), "an interval (start, end) with start < end")
        if i and not pairs[i - 1][1] <= lo:
            raise InvalidArgument(f"regions[{i}]", (lo, hi), f"a region starting at or after {pairs[i - 1][1]}")
    return pairs


def region_classifier(regions, *, alpha=0, first_positive: bool = True, anchor: str = "start") -> ReLUNetwork:
    """Theorem 3.3.2: a one-hidden-layer network with ``s - 1`` units for ``s`` alternating open regions.

    Interpolates alternating values with zeros at the midpoints of the gaps
    (004 eqs. A.17–A.20) through `interpolating_network`, at the region centres
    ``y_2 .. y_s`` and, for the first region, at its centre (``anchor="centre"``,
    the construction printed in Appendix A.2) or its start (``anchor="start"``,
    the default).  Left of the first anchor the network's slope is
    ``alpha * (last slope)``, so with ``alpha > 0`` the printed construction can
    cross zero inside the first region (see the claim ``004/appendix-a.2``);
    anchoring at the region's start puts that tail outside it.

    >>> net = region_classifier([(0, 1), (2, 3), (4, 5)], alpha=Fraction(1, 2))
    >>> [bool(net.forward(Fraction(x, 2)) > 0) for x in (1, 5, 9)]
    [True, False, True]
    """
    if not isinstance(anchor, str) or anchor not in ("start", "centre"):
        raise InvalidArgument("anchor", anchor, "'start' or 'centre'")
    pairs = _regions(regions)
    points = [(lo + hi) / 2 for lo, hi in pairs]
    if anchor == "start":
        points[0] = pairs[0][0]
    values = [Fraction(1) if first_positive else Fraction(-1)]
    for i in range(1, len(pairs)):
        gap = (pairs[i - 1][1] + pairs[i][0]) / 2  # eq. A.17
        m = -values[-1] / (gap - points[i - 1])  # eq. A.18
        b = values[-1] - m * points[i - 1]  # eq. A.19
        values.append(m * points[i] + b)  # eq. A.20
    return interpolating_network(points, values, alpha=alpha)


def _sawtooth_size(width, depth, inputs=1) -> int:
    """Weights and biases of the sawtooth network (``inputs`` columns in its first layer)."""
    return width * (inputs + 1) + (depth - 1) * width * (width + 1) + width + 1


def sawtooth_network(width: int, depth: int, *, alpha=0, bias=Fraction(-1, 2),
                     max_size: int = DEFAULT_MAX_SIZE) -> ReLUNetwork:
    """Theorem 3.3.3 (Appendix A.3): ``depth`` hidden layers of ``width`` units, ``width**depth`` teeth on [0, 1].

    Each hidden layer is Lemma A.2.1's interpolation of the zigzag ``f_2`` of
    eq. A.21 (peaks 1, troughs 0, ``width`` pieces on [0, 1]) applied to the
    previous layer's scalar output; consecutive layers are joined by merging the
    scalar output into the next layer's input weights.  The output adds
    ``bias`` (eq. A.21's final bias ``-1/2``).  More than ``max_size`` weights
    and biases are refused up front (`~symrelu.errors.SizeLimitExceeded`).

    >>> sawtooth_network(2, 2).to_pwl(0, 1).output.pieces
    4
    """
    for name, v in (("width", width), ("depth", depth)):
        if isinstance(v, bool) or not isinstance(v, (int, np.integer)) or v < 1:
            raise InvalidArgument(name, v, "a positive int")
    if depth > MAX_DEPTH:
        raise InvalidArgument("depth", depth, f"an int in [1, {MAX_DEPTH}] (width**depth teeth)")
    _check_size("width, depth", (width, depth), _sawtooth_size(int(width), int(depth)), max_size, "parameters")
    alpha = _alpha(alpha)
    # One layer: w units through the zigzag's corners 0, 1/w, ..., 1 (w + 1 points, w units).
    xs = [Fraction(i, width) for i in range(width + 1)]
    ys = [Fraction(i % 2) for i in range(width + 1)]
    zig = interpolating_network(xs, ys, alpha=alpha).layers
    (W1, b1), (a, d) = zig
    layers = [(W1, b1)]
    for _ in range(depth - 1):
        # next pre-activation = W1 (a h + d) + b1, with h the previous hidden layer
        layers.append((W1 @ a, W1[:, 0] * d[0] + b1))
    layers.append((a, d + to_fraction(bias, "bias")))
    return ReLUNetwork(layers, alpha=alpha)


def parity_network(n: int, width: int, depth: int, *, alpha=0, offset=0, max_size: int = DEFAULT_MAX_SIZE) -> tuple:
    """Theorem 3.3.4 (Appendix A.4): a network for n-parity on {0, 1}^n along the direction (1, ..., 1).

    Returns ``(network, direction, offset)``: ``v ∈ {0,1}^n`` is mapped to
    ``t = b (1·v) + offset`` with ``b = 1/width**depth`` and fed to
    `sawtooth_network`.  With ``offset = 0`` the count ``k`` lands on the
    tooth boundary ``k b``, where the sawtooth is 0 (even ``k``) or 1 (odd
    ``k``), so the output ``∓1/2`` has the parity's sign; this needs
    ``n <= width**depth``.  (Appendix A.4 prints ``offset = b/2``, which lands
    every point on a zero of the output: see the claim ``004/appendix-a.4``.)
    More than ``max_size`` weights and biases are refused up front.

    >>> net, _, _ = parity_network(3, 2, 2)
    >>> [bool(net.forward([1, 1, 0])[0] > 0), bool(net.forward([1, 0, 0])[0] > 0)]
    [False, True]
    """
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
        raise InvalidArgument("n", n, "a positive int")
    for name, v in (("width", width), ("depth", depth)):
        if isinstance(v, bool) or not isinstance(v, (int, np.integer)) or v < 1:
            raise InvalidArgument(name, v, "a positive int")
    if depth > MAX_DEPTH:
        raise InvalidArgument("depth", depth, f"an int in [1, {MAX_DEPTH}] (width**depth teeth)")
    # the first layer reads all n inputs: sized before width**depth (or the sawtooth) is computed
    _check_size("n, width, depth", (n, width, depth), _sawtooth_size(int(width), int(depth), int(n)), max_size,
                "parameters")
    saw = sawtooth_network(width, depth, alpha=alpha, max_size=max_size)
    teeth = int(width) ** int(depth)
    if n > teeth:
        raise InvalidArgument("n", n, f"at most width**depth = {teeth} inputs for width={width}, depth={depth}")
    b = Fraction(1, teeth)
    c = to_fraction(offset, "offset")
    (W1, b1), *rest = saw.layers
    first = (W1 @ np.full((1, n), b, dtype=object), W1[:, 0] * c + b1)
    return ReLUNetwork([first, *rest], alpha=saw.alpha), [b] * n, c
