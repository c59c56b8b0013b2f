"""Independent reference computations for the core's tests.

Nothing here uses ``symrelu``'s algorithms (no `PiecewiseLinear`, no
``insert_zero_crossings``, no ``ReLUNetwork.to_pwl``); only plain Python
loops over ``fractions.Fraction``.  A network is read through its public
``layers`` and ``alpha`` (or given as plain nested lists).

The breakpoint algorithm walks along the input line.  At the current point
``x`` it decides every hidden neuron's activation just to the right of ``x``
(layer by layer; a pre-activation that is exactly 0 at ``x`` is decided by its
slope in the current region), composes the masked affine maps into exact
affine functions ``c + m*t`` of the input, and steps to the nearest point
``> x`` where any hidden pre-activation crosses zero.  The output's
breakpoints are the region boundaries where the output's slope changes.
"""

from __future__ import annotations

from fractions import Fraction

__all__ = [
    "plain_layers", "evaluate", "regions", "output_breakpoints", "neuron_flips", "patterns_at_midpoints",
    "active_flips", "Region",
]


def plain_layers(network_or_layers):
    """``[(W, b)]`` as nested lists of Fractions, from a ReLUNetwork or from lists."""
    layers = getattr(network_or_layers, "layers", network_or_layers)
    out = []
    for W, b in layers:
        out.append(([[Fraction(w) for w in row] for row in W], [Fraction(v) for v in b]))
    return out


def _alpha(network, alpha):
    if alpha is None:
        alpha = getattr(network, "alpha", 0)
    return Fraction(alpha)


def evaluate(network, x, alpha=None):
    """The network's outputs at the scalar ``x``: a plain forward pass in Fractions."""
    layers = plain_layers(network)
    alpha = _alpha(network, alpha)
    a = [Fraction(x)]
    for l, (W, b) in enumerate(layers):
        z = [sum((w * ai for w, ai in zip(row, a)), Fraction(0)) + bj for row, bj in zip(W, b)]
        if l == len(layers) - 1:
            return z
        a = [zj if zj > 0 else alpha * zj for zj in z]


class Region:
    """An interval ``[lo, hi]`` of constant activation pattern.

    ``pattern[l][j]`` is True when hidden neuron ``j`` of layer ``l`` is on
    (``z > 0``) inside the region; ``output`` holds ``(c, m)`` per output unit
    (the output is ``c + m*t`` on the region); ``hidden`` holds ``(c, m)`` per
    hidden neuron, layer by layer.
    """

    def __init__(self, lo, hi, pattern, hidden, output):
        self.lo, self.hi, self.pattern, self.hidden, self.output = lo, hi, pattern, hidden, output

    def __repr__(self):
        return f"Region([{self.lo}, {self.hi}], pattern={self.pattern}, output={self.output})"


def _walk_step(layers, alpha, x):
    """Activation pattern and affine forms on the region starting at ``x`` (to its right)."""
    forms = [(Fraction(0), Fraction(1))]  # the input t itself: c + m t
    pattern, hidden = [], []
    for l, (W, b) in enumerate(layers):
        z = []
        for row, bj in zip(W, b):
            c, m = bj, Fraction(0)
            for w, (ci, mi) in zip(row, forms):
                c += w * ci
                m += w * mi
            z.append((c, m))
        if l == len(layers) - 1:
            return pattern, hidden, z
        on_layer, forms = [], []
        for c, m in z:
            value = c + m * x
            on = value > 0 or (value == 0 and m > 0)  # just to the right of x
            on_layer.append(on)
            forms.append((c, m) if on else (alpha * c, alpha * m))
        pattern.append(on_layer)
        hidden.append(z)


def regions(network, lo, hi, alpha=None) -> list:
    """The input interval ``[lo, hi]`` cut into regions of constant activation pattern."""
    layers = plain_layers(network)
    alpha = _alpha(network, alpha)
    lo, hi = Fraction(lo), Fraction(hi)
    x, out = lo, []
    while x < hi:
        pattern, hidden, output = _walk_step(layers, alpha, x)
        nxt = hi
        for layer in hidden:
            for c, m in layer:
                if m != 0:
                    root = -c / m
                    if x < root < nxt:
                        nxt = root
        out.append(Region(x, nxt, pattern, hidden, output))
        x = nxt
    return out


def output_breakpoints(network, lo, hi, alpha=None, unit: int = 0) -> list:
    """Points of ``(lo, hi)`` where output ``unit``'s slope changes (sorted Fractions)."""
    regs = regions(network, lo, hi, alpha)
    return [
        right.lo
        for left, right in zip(regs[:-1], regs[1:])
        if left.output[unit][1] != right.output[unit][1]
    ]


def _on_in(region, layer, neuron):
    c, m = region.hidden[layer][neuron]
    mid = (region.lo + region.hi) / 2
    return c + m * mid > 0


def neuron_flips(network, lo, hi, layer: int, neuron: int, alpha=None) -> list:
    """Points of ``(lo, hi)`` where hidden neuron ``(layer, neuron)`` switches on or off (003 Def. 1)."""
    regs = regions(network, lo, hi, alpha)
    return [
        right.lo
        for left, right in zip(regs[:-1], regs[1:])
        if _on_in(left, layer, neuron) != _on_in(right, layer, neuron)
    ]


def patterns_at_midpoints(network, lo, hi, alpha=None) -> list:
    """``(region, flat on/off tuple at its midpoint)`` for every region."""
    regs = regions(network, lo, hi, alpha)
    out = []
    for r in regs:
        flat = tuple(_on_in(r, l, j) for l in range(len(r.hidden)) for j in range(len(r.hidden[l])))
        out.append((r, flat))
    return out


def _paths(layers, layer, neuron):
    """Every path (one neuron index per hidden layer) from the input through ``(layer, neuron)``
    to an output, along nonzero weights."""
    n_hidden = len(layers) - 1
    paths = [[j] for j in range(len(layers[0][1])) if layers[0][0][j][0] != 0]
    for m in range(1, n_hidden):
        paths = [p + [j] for p in paths for j in range(len(layers[m][1])) if layers[m][0][j][p[-1]] != 0]
    paths = [p for p in paths if p[layer] == neuron]
    W_out = layers[-1][0]
    return [p for p in paths if any(W_out[o][p[-1]] != 0 for o in range(len(W_out)))]


def active_flips(network, lo, hi, layer: int, neuron: int, alpha=None) -> list:
    """The flips of ``(layer, neuron)`` where some path's product of activation slopes
    (1 for on, ``alpha`` for off) differs between the adjacent regions (003, remark after Def. 1)."""
    layers = plain_layers(network)
    alpha = _alpha(network, alpha)
    regs = regions(network, lo, hi, alpha)
    paths = _paths(layers, layer, neuron)
    out = []
    for left, right in zip(regs[:-1], regs[1:]):
        if _on_in(left, layer, neuron) == _on_in(right, layer, neuron):
            continue

        def product(region, path):
            value = Fraction(1)
            for m, j in enumerate(path):
                value *= 1 if _on_in(region, m, j) else alpha
            return value

        if any(product(left, p) != product(right, p) for p in paths):
            out.append(right.lo)
    return out
