"""Equality of two networks' functions on a domain, for any depth, through the region engine.

`difference_network` builds one network computing ``a(x) - b(x)`` (the two run
side by side; the shallower is padded with identity layers
``z = relu(z) - relu(-z)``); `same_function` computes its exact region complex
and checks that the output's affine map is zero on every region.

>>> from symrelu.network import ReLUNetwork
>>> from symrelu.regions import Box
>>> absx = ReLUNetwork([([[1, 0], [-1, 0]], [0, 0]), ([[1, 1]], [0])])  # |x1|
>>> deep = ReLUNetwork([([[1, 0], [-1, 0]], [0, 0]), ([[1, 0], [0, 1]], [0, 0]), ([[1, 1]], [0])])
>>> same_function(absx, deep, Box([-1, -1], [1, 1]))
(True, None)
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from ..errors import InvalidArgument, InvalidArgumentType, SizeLimitExceeded
from ..network import ReLUNetwork

__all__ = ["difference_network", "same_function", "tropical_terms", "DEFAULT_MAX_TERMS"]

#: Default cap on the affine terms of one maximum in `tropical_terms`; raise it with ``max_terms=``.
DEFAULT_MAX_TERMS = 10**5


def _pad(layers, depth, alpha):
    """Append identity layers (``relu(z) - relu(-z)``, scaled for leaky ReLU) until ``depth`` layers."""
    layers = [(np.array(W, dtype=object), np.array(b, dtype=object)) for W, b in layers]
    scale = 1 / (1 + alpha)
    while len(layers) < depth:
        W, b = layers[-1]
        m = W.shape[0]
        layers[-1] = (np.concatenate([W, -W]), np.concatenate([b, -b]))
        eye = np.eye(m, dtype=int).astype(object)
        layers.append((np.concatenate([eye, -eye], axis=1) * scale, np.zeros(m, dtype=object) + Fraction(0)))
    return layers


def _block(A, B):
    out = np.zeros((A.shape[0] + B.shape[0], A.shape[1] + B.shape[1]), dtype=object) + Fraction(0)
    out[:A.shape[0], :A.shape[1]] = A
    out[A.shape[0]:, A.shape[1]:] = B
    return out


def difference_network(a: ReLUNetwork, b: ReLUNetwork) -> ReLUNetwork:
    """An exact network computing ``a(x) - b(x)`` (same input and output widths, same activation).

    >>> f = ReLUNetwork([([[1, 1]], [0]), ([[1]], [0])])
    >>> difference_network(f, f).widths
    (2, 2, 1)
    """
    for name, net in (("a", a), ("b", b)):
        if not isinstance(net, ReLUNetwork):
            raise InvalidArgumentType(name, net, "a symrelu.network.ReLUNetwork")
    if a.widths[0] != b.widths[0] or a.widths[-1] != b.widths[-1]:
        raise InvalidArgument("b", b, f"a network with input width {a.widths[0]} and output width {a.widths[-1]} like a")
    a, b = a.with_number_domain(True), b.with_number_domain(True)
    if a.alpha != b.alpha:
        raise InvalidArgument("b.alpha", b.alpha, f"the same activation slope as a ({a.alpha})")
    depth = max(len(a.layers), len(b.layers))
    la, lb = _pad(a.layers, depth, a.alpha), _pad(b.layers, depth, b.alpha)
    layers = []
    for l in range(depth):
        (Wa, ba), (Wb, bb) = la[l], lb[l]
        if l == 0 and l == depth - 1:
            W, bias = Wa - Wb, ba - bb
        elif l == 0:
            W, bias = np.concatenate([Wa, Wb]), np.concatenate([ba, bb])
        elif l == depth - 1:
            W, bias = np.concatenate([Wa, -Wb], axis=1), ba - bb
        else:
            W, bias = _block(Wa, Wb), np.concatenate([ba, bb])
        layers.append((W, bias))
    return ReLUNetwork(layers, a.alpha, exact=True)


def same_function(a: ReLUNetwork, b: ReLUNetwork, domain) -> tuple:
    """Whether ``a`` and ``b`` compute the same function on ``domain``, decided exactly.

    Returns ``(True, None)`` or ``(False, point)`` with an exact point of the
    domain where the outputs differ.
    """
    from . import regions

    diff = regions(difference_network(a, b), domain, exact=True)
    for region in diff:
        for J, c in zip(region.jacobian, region.offset):
            if any(v != 0 for v in J) or c != 0:
                for p in list(region.vertices) + [region.point]:
                    if sum(g * x for g, x in zip(J, p)) + c != 0:
                        return False, p
    return True, None


def _msum(A, B, max_terms):
    """Minkowski sum of two max-affine functions (sets of coefficient tuples)."""
    if len(A) * len(B) > max_terms:
        raise SizeLimitExceeded("network", "its tropical form", size=len(A) * len(B), limit=max_terms,
                                unit="affine terms", option="max_terms")
    return frozenset(tuple(a + b for a, b in zip(s, t)) for s in A for t in B)


def _mscale(A, c):
    return frozenset(tuple(c * v for v in s) for s in A)


def tropical_terms(network: ReLUNetwork, max_terms: int = DEFAULT_MAX_TERMS) -> list:
    """Any-depth network as differences of maxima of affine functions: ``f_k = max(F_k) - max(G_k)`` on all of R^n.

    Every unit is written as ``P - N`` with ``P``, ``N`` convex max-affine (sums of
    maxima expanded into the maximum of all sums, 004 eq. 5.24 for one hidden
    layer; Zhang et al. 2018 in general): ``relu(P - N) = max(P, N) - N`` and
    ``leaky(P - N) = max(P + a N, a P + N) - (1 + a) N``.  Returns one ``(F, G)``
    per output, each a sorted list of exact coefficient tuples ``(w_1, ..., w_n, c)``
    meaning ``w . x + c``.  Duplicate terms are merged; dominated ones are kept
    (the size grows like a product of the widths: checked against ``max_terms``).

    >>> xor = ReLUNetwork([([[1, 1], [1, 1]], [1, 0]), ([[1, -2]], [-1])])
    >>> F, G = tropical_terms(xor)[0]  # max(0, x1 + x2 + 1) - max(1, 2 x1 + 2 x2 + 1)
    >>> [tuple(map(str, t)) for t in F], [tuple(map(str, t)) for t in G]
    ([('0', '0', '0'), ('1', '1', '1')], [('0', '0', '1'), ('2', '2', '1')])
    """
    if not isinstance(network, ReLUNetwork):
        raise InvalidArgumentType("network", network, "a symrelu.network.ReLUNetwork")
    if isinstance(max_terms, bool) or not isinstance(max_terms, (int, np.integer)) or max_terms < 1:
        raise InvalidArgument("max_terms", max_terms, "a positive int")
    net = network.with_number_domain(True)
    n = net.widths[0]
    zero = tuple(Fraction(0) for _ in range(n + 1))
    units = []
    for k in range(n):
        e = list(zero)
        e[k] = Fraction(1)
        units.append((frozenset([tuple(e)]), frozenset([zero])))
    alpha = net.alpha
    for l, (W, b) in enumerate(net.layers):
        out = []
        for i in range(W.shape[0]):
            const = list(zero)
            const[n] = abs(b[i])
            P = N = frozenset([zero])
            if b[i] > 0:
                P = frozenset([tuple(const)])
            elif b[i] < 0:
                N = frozenset([tuple(const)])
            for j, (Fj, Gj) in enumerate(units):
                w = W[i, j]
                if w > 0:
                    P, N = _msum(P, _mscale(Fj, w), max_terms), _msum(N, _mscale(Gj, w), max_terms)
                elif w < 0:
                    P, N = _msum(P, _mscale(Gj, -w), max_terms), _msum(N, _mscale(Fj, -w), max_terms)
            if l == len(net.layers) - 1:
                out.append((P, N))
            elif alpha == 0:
                out.append((P | N, N))
            else:
                out.append((_msum(P, _mscale(N, alpha), max_terms) | _msum(_mscale(P, alpha), N, max_terms),
                            _mscale(N, 1 + alpha)))
        units = out
    return [(sorted(F), sorted(G)) for F, G in units]
