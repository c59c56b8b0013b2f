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

from ..errors import InvalidArgument, InvalidArgumentType
from ..network import ReLUNetwork

__all__ = ["difference_network", "same_function"]


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
    a, b = a.with_domain(True), b.with_domain(True)
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
