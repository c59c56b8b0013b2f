"""Many scalar-input networks of one shape as float64 CPWL functions, in one call.

`batch_to_pwl` does what `symrelu.network.ReLUNetwork.to_pwl` does in float
mode -- propagate a partition of the input interval through the layers and
insert every neuron's zero crossings -- for ``B`` networks at once: the
partitions of all networks are held in padded ``(B, knots, width)`` arrays and
refined together with numpy, with no Python loop over networks or knots.  It
is the path for sweeps (`symrelu.function_space`) over thousands of small
random networks.

>>> import numpy as np
>>> W0 = np.array([[[1.0], [1.0]], [[1.0], [-1.0]]])          # two networks, widths (1, 2, 1)
>>> b0 = np.array([[0.0, -0.5], [0.0, 0.0]])
>>> W1 = np.array([[[2.0, -4.0]], [[1.0, 1.0]]])
>>> b1 = np.zeros((2, 1))
>>> res = batch_to_pwl([(W0, b0), (W1, b1)], -1.0, 1.0)
>>> res.pieces.tolist(), res.breakpoints(0).tolist(), res.breakpoints(1).tolist()
([3, 2], [0.0, 0.5], [0.0])
>>> res.merged.tolist()
[0, 0]

Float64 guarantee
-----------------
Every float operation is covered by a first-order forward-error bound
(unit roundoff ``u = 2**-53``, ``gamma_n = n u / (1 - n u)``), carried per
network and per layer as one number:

* ``value_error``: a bound on ``|interpolant of the stored values - the
  network|`` on the whole interval (layer by layer: ``||W||_inf`` times the
  previous bound plus ``gamma_{n+1} (||W||_inf max|a| + max|b|)``, plus the
  rounding of the interpolation and what merges below cost);
* ``slope_error``: the same for the slopes, which are propagated exactly as
  products ``W_l D_{l-1} ... D_0 W_0`` of the weights and the activation slopes
  of each region (forward-mode), not by differencing values.

With ``E`` the current layer's value bound, a neuron's sign at a knot is
*certified* when ``|z| > E``.  Then:

* a sign change between two certified knots is a true zero crossing strictly
  between them; it is inserted, at ``x`` with location uncertainty
  ``delta = E h / (|z_1 - z_0| - 2E) + 4u (|x| + h)``;
* two crossings in one interval closer than the sum of their ``delta`` are
  indistinguishable: they become one knot, and the merge is **counted**;
* a nonzero value with ``|z| <= E`` at a knot (a zero crossing of the true
  network may lie next to that knot, or not) is **counted**; such a crossing
  is not inserted, and the error bound grows by what that costs
  (``|z_0 z_1| / (|z_0| + |z_1|)``, the largest gap between ``relu`` of a line
  and its chord); exact zeros are the crossings the engine itself placed;
* a crossing whose float position rounds onto a knot is merged with it and
  **counted**;
* at the end, an activation-region knot is an output breakpoint when the
  change of slope there is certified: ``|s_right - s_left| > 2 slope_error``.
  A change of exactly zero (every path from the flipping neuron to the output
  passes an inactive neuron: float products keep those zeros exact) is no
  breakpoint; a nonzero change below the bound is dropped and **counted**.

`BatchPWL.merged` holds the count per network and a `MergedKnotsWarning` is
raised when any count is nonzero.  Where ``merged == 0`` the result has every
breakpoint of the network and no other, each within its ``delta`` of the true
one, and its values are within ``value_error`` of the network.  Nothing is
merged by a tolerance relative to the interval's width.
"""

from __future__ import annotations

import warnings
from fractions import Fraction

import numpy as np

from .errors import InvalidArgument, InvalidArgumentType, SizeLimitExceeded
from .network import DEFAULT_MAX_PIECES, ReLUNetwork
from .pwl import PiecewiseLinear

__all__ = ["batch_to_pwl", "BatchPWL", "MergedKnotsWarning", "DEFAULT_MAX_BYTES"]

#: Default cap on the working memory of one `batch_to_pwl` call, in bytes; raise it with ``max_bytes=``.
DEFAULT_MAX_BYTES = 2**30

_U = 2.0**-53  # unit roundoff of float64
# Arrays of shape (B, knots, width) float64 alive at once while a layer is refined
# (values, slopes, activations, activation slopes, the refined copies, temporaries).
_LIVE_ARRAYS = 8


def _gamma(n: int) -> float:
    return n * _U / (1 - n * _U)


class MergedKnotsWarning(UserWarning):
    """Some networks of a batch have knots that float64 could not resolve (`BatchPWL.merged` > 0)."""


# -- validation -------------------------------------------------------------
def _float_array(value, name):
    try:
        arr = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        raise InvalidArgumentType(name, value, "an array of real numbers") from None
    return arr


def _first_bad(arr, name):
    bad = ~np.isfinite(arr)
    if bad.any():
        index = tuple(int(i) for i in np.argwhere(bad)[0])
        raise InvalidArgument(f"{name}{list(index)}", float(arr[index]), "a finite number (no NaN or infinity)")


def _from_networks(nets, alpha):
    first = nets[0]
    for i, net in enumerate(nets):
        if not isinstance(net, ReLUNetwork):
            raise InvalidArgumentType(f"networks[{i}]", net, "a ReLUNetwork (like networks[0])")
        if net.widths != first.widths:
            raise InvalidArgument(f"networks[{i}]", net, f"a network of widths {first.widths} like networks[0]")
        if net.alpha != first.alpha:
            raise InvalidArgument(f"networks[{i}].alpha", net.alpha, f"alpha={first.alpha} like networks[0] (one alpha per batch)")
    net_alpha = float(first.alpha)
    if alpha is not None and float(alpha) != net_alpha:
        raise InvalidArgument("alpha", alpha, f"None or the networks' own alpha={net_alpha}")
    layers = []
    for l in range(len(first.layers)):
        W = np.stack([np.asarray(net.layers[l][0], dtype=np.float64) for net in nets])
        b = np.stack([np.asarray(net.layers[l][1], dtype=np.float64) for net in nets])
        layers.append((W, b))
    return layers, net_alpha


def _from_stacked(pairs, alpha):
    layers = []
    for i, pair in enumerate(pairs):
        try:
            W, b = pair
        except (TypeError, ValueError):
            raise InvalidArgument(f"networks[{i}]", pair, "a pair (W, b) of stacked arrays, W of shape (B, out, in)") from None
        W, b = _float_array(W, f"networks[{i}].W"), _float_array(b, f"networks[{i}].b")
        if W.ndim != 3:
            raise InvalidArgument(f"networks[{i}].W", f"shape {W.shape}", "an array of shape (B, out, in)")
        B = W.shape[0] if not layers else layers[0][0].shape[0]
        if W.shape[0] != B or W.shape[0] == 0:
            raise InvalidArgument(f"networks[{i}].W", f"shape {W.shape}", f"B={B} >= 1 networks along axis 0, like networks[0].W")
        if b.shape != W.shape[:2]:
            raise InvalidArgument(f"networks[{i}].b", f"shape {b.shape}", f"shape {W.shape[:2]} (B, out) to match W")
        n_in = 1 if not layers else layers[-1][0].shape[1]
        if W.shape[2] != n_in:
            what = "1 column (scalar input)" if not layers else f"{n_in} columns, the output width of networks[{i - 1}]"
            raise InvalidArgument(f"networks[{i}].W", f"shape {W.shape}", what)
        _first_bad(W, f"networks[{i}].W")
        _first_bad(b, f"networks[{i}].b")
        layers.append((W, b))
    if alpha is None:
        alpha = 0.0
    if isinstance(alpha, bool):
        raise InvalidArgumentType("alpha", alpha, "a real number")
    try:
        alpha = float(alpha)
    except (TypeError, ValueError):
        raise InvalidArgumentType("alpha", alpha, "a real number") from None
    return layers, alpha


def _validate(networks, alpha, lo, hi, max_pieces, max_bytes):
    if isinstance(networks, (ReLUNetwork, np.ndarray)) or not hasattr(networks, "__len__"):
        raise InvalidArgumentType("networks", networks, "a list of ReLUNetwork or a list of stacked (W, b) pairs")
    networks = list(networks)
    if not networks:
        raise InvalidArgument("networks", networks, "at least one network (or one (W, b) layer)")
    if isinstance(networks[0], ReLUNetwork):
        layers, alpha = _from_networks(networks, alpha)
    else:
        layers, alpha = _from_stacked(networks, alpha)
    if not (np.isfinite(alpha) and 0 <= alpha < 1):
        raise InvalidArgument("alpha", alpha, "a leaky-ReLU slope in [0, 1)")
    if layers[0][0].shape[2] != 1:
        raise InvalidArgument("networks", f"input width {layers[0][0].shape[2]}", "networks with scalar input")
    if layers[-1][0].shape[1] != 1:
        raise InvalidArgument(
            "networks", f"output width {layers[-1][0].shape[1]}", "networks with one output",
            "Use ReLUNetwork.to_pwl for vector outputs.",
        )
    bounds = []
    for name, v in (("lo", lo), ("hi", hi)):
        if isinstance(v, bool) or np.ndim(v) != 0:
            raise InvalidArgumentType(name, v, "a real number")
        try:
            v = float(v)
        except (TypeError, ValueError):
            raise InvalidArgumentType(name, v, "a real number") from None
        if not np.isfinite(v):
            raise InvalidArgument(name, v, "a finite number")
        bounds.append(v)
    lo, hi = bounds
    if not lo < hi:
        raise InvalidArgument("hi", hi, f"a number greater than lo={lo}")
    for name, v, least in (("max_pieces", max_pieces, 2), ("max_bytes", max_bytes, 1)):
        if isinstance(v, bool) or not isinstance(v, (int, np.integer)) or v < least:
            raise InvalidArgument(name, v, f"an int >= {least}")
    return layers, alpha, lo, hi


# -- the engine ---------------------------------------------------------------
def _check_memory(B, M, width, max_bytes, layer):
    need = int(B) * int(M) * int(width) * 8 * _LIVE_ARRAYS
    if need > max_bytes:
        raise SizeLimitExceeded(
            "networks", f"{B} networks, {M} knots at layer {layer}, width {width}",
            size=need, limit=int(max_bytes), unit="bytes", option="max_bytes",
        )


def _refine(X, cnt, Z, dZ, EZ, merged, max_pieces, max_bytes, layer, first=None):
    """Insert every certified zero crossing of the rows of ``Z`` (see the module's guarantee).

    ``first``: the first layer's ``(W, b)``, whose crossings ``-b / w`` are
    computed directly (one rounding) and compared exactly.  Returns the
    refined ``X, cnt, Z, dZ``, the grown value bound and the largest chord gap
    of the sign changes left uninserted (per network).
    """
    B, M, n = Z.shape
    ZM = np.maximum(Z.max(axis=(1, 2)), -Z.min(axis=(1, 2)))
    gap = np.zeros(B)
    sgn = np.sign(Z)
    flip = (sgn[:, :-1] * sgn[:, 1:]) < 0
    small = np.abs(Z) <= EZ[:, None, None]
    if small.any():
        valid = np.arange(M)[None, :] < cnt[:, None]
        # Nonzero values within their error bound: a true crossing may sit next to that knot.
        merged += (small & (Z != 0) & valid[:, :, None]).sum(axis=(1, 2))
        unsure = flip & (small[:, :-1] | small[:, 1:])
        if unsure.any():
            ub, uk, uj = np.nonzero(unsure)
            a, c = np.abs(Z[ub, uk, uj]), np.abs(Z[ub, uk + 1, uj])
            np.maximum.at(gap, ub, a * c / (a + c))
            flip &= ~unsure
    del small, sgn
    cb, ck, cj = np.nonzero(flip)
    del flip
    if len(cb) == 0:
        return X, cnt, Z, dZ, EZ, gap
    a, c = Z[cb, ck, cj], Z[cb, ck + 1, cj]
    xk, xk1 = X[cb, ck], X[cb, ck + 1]
    h = xk1 - xk
    if first is None:
        x = xk + (a / (a - c)) * h
    else:
        x = -first[1][cb, cj] / first[0][cb, cj, 0] + 0.0  # + 0.0: no negative zero
    inside = (x > xk) & (x < xk1)
    if not inside.all():  # the crossing's float position rounds onto a knot: merged with it
        out = ~inside
        merged += np.bincount(cb[out], minlength=B)
        aa, cc = np.abs(a[out]), np.abs(c[out])
        np.maximum.at(gap, cb[out], aa * cc / (aa + cc))
        cb, ck, cj, a, c, x, h = cb[inside], ck[inside], cj[inside], a[inside], c[inside], x[inside], h[inside]
        if len(cb) == 0:
            return X, cnt, Z, dZ, EZ, gap
    if first is None:
        e = EZ[cb]
        delta = e * h / (np.abs(a - c) - 2 * e) + 4 * _U * (np.abs(x) + h)
    else:
        delta = _U * np.abs(x)
    order = np.lexsort((x, ck, cb))
    cb, ck, cj, x, delta = cb[order], ck[order], cj[order], x[order], delta[order]
    # Group crossings of one interval whose uncertainty intervals overlap (chained).
    same = np.zeros(len(cb), dtype=bool)
    same[1:] = (cb[1:] == cb[:-1]) & (ck[1:] == ck[:-1]) & (x[1:] - x[:-1] <= delta[1:] + delta[:-1])
    if same.any():
        counted = same.copy()
        if first is not None:  # first layer: -b/w of two neurons equal as rationals is one true knot
            Wf, bf = first
            for i in np.flatnonzero(same):
                p, j0, j1 = cb[i], cj[i - 1], cj[i]
                counted[i] = (Fraction(float(bf[p, j0])) * Fraction(float(Wf[p, j1, 0]))
                              != Fraction(float(bf[p, j1])) * Fraction(float(Wf[p, j0, 0])))
        merged += np.bincount(cb[counted], minlength=B)
    lead = ~same
    group = np.cumsum(lead) - 1  # each crossing's representative (the leftmost of its group)
    rb, rk, rx = cb[lead], ck[lead], x[lead]
    added = np.bincount(rb, minlength=B)
    new_cnt = cnt + added
    worst = int(np.argmax(new_cnt))
    if new_cnt[worst] - 1 > max_pieces:
        raise SizeLimitExceeded(f"networks[{worst}]", f"layer {layer}", size=int(new_cnt[worst] - 1), limit=int(max_pieces))
    M2 = int(new_cnt.max())
    _check_memory(B, M2, n, max_bytes, layer)
    # Where every old knot and every representative goes in the refined partition.
    per_interval = np.bincount(rb * (M - 1) + rk, minlength=B * (M - 1)).reshape(B, M - 1)
    old_idx = np.zeros((B, M), dtype=np.int64)
    np.cumsum(per_interval, axis=1, out=old_idx[:, 1:])
    old_idx += np.arange(M)
    run = np.ones(len(rb), dtype=bool)
    run[1:] = (rb[1:] != rb[:-1]) | (rk[1:] != rk[:-1])
    start = np.maximum.accumulate(np.where(run, np.arange(len(rb)), 0))
    new_idx = old_idx[rb, rk] + 1 + (np.arange(len(rb)) - start)
    # Source of each refined knot: its old knot, or (new knots) the old knot to its left;
    # padding repeats the network's last knot (zero-width intervals, no crossings).
    is_old = np.zeros((B, M2), dtype=bool)
    valid = np.arange(M)[None, :] < cnt[:, None]
    vb, vi = np.nonzero(valid)
    is_old[vb, old_idx[vb, vi]] = True
    left = np.cumsum(is_old, axis=1) - 1  # old knot at or left of each refined knot
    np.minimum(left, (cnt - 1)[:, None], out=left)
    flat = left + (np.arange(B) * M)[:, None]
    X2 = np.take(X.reshape(-1), flat)
    Z2 = np.take(Z.reshape(B * M, n), flat.reshape(-1), axis=0).reshape(B, M2, n)
    X2[rb, new_idx] = rx
    tau = (rx - X[rb, rk]) / (X[rb, rk + 1] - X[rb, rk])
    zl = Z[rb, rk]
    Z2[rb, new_idx] = zl + tau[:, None] * (Z[rb, rk + 1] - zl)
    # Each crossing's row is exactly 0 at its knot; what that moves the row by is added to the bound.
    zi = new_idx[group]
    moved = np.zeros(B)
    np.maximum.at(moved, cb, np.abs(Z2[cb, zi, cj]))
    Z2[cb, zi, cj] = 0.0
    EZ = EZ + moved + 5 * _U * ZM
    # Every new region lies in one old region, where the pre-activations are linear: same slopes.
    src = np.minimum(left[:, :-1], M - 2) + (np.arange(B) * (M - 1))[:, None]
    dZ2 = np.take(dZ.reshape(B * (M - 1), n), src.reshape(-1), axis=0).reshape(B, M2 - 1, n)
    return X2, new_cnt, Z2, dZ2, EZ, gap


def _compute(layers, alpha, lo, hi, max_pieces, max_bytes):
    B = layers[0][0].shape[0]
    n_layers = len(layers)
    X = np.empty((B, 2))
    X[:, 0], X[:, 1] = lo, hi
    cnt = np.full(B, 2, dtype=np.int64)
    A = X[:, :, None]
    dA = np.ones((B, 1, 1))
    EA, EdA = np.zeros(B), np.zeros(B)
    AM, dAM = np.full(B, max(abs(lo), abs(hi))), np.ones(B)
    merged = np.zeros(B, dtype=np.int64)
    _check_memory(B, 2, max(W.shape[1] for W, _ in layers), max_bytes, 0)
    for l, (W, b) in enumerate(layers):
        n_in = W.shape[2]
        Wt = W.transpose(0, 2, 1)
        Z = np.matmul(A, Wt)
        Z += b[:, None, :]
        dZ = np.matmul(dA, Wt)
        Wn = np.abs(W).sum(axis=2).max(axis=1)
        EZ = Wn * EA + _gamma(n_in + 1) * (Wn * AM + np.abs(b).max(axis=1))
        EdZ = Wn * EdA + _gamma(n_in) * Wn * dAM
        if l == n_layers - 1:
            break
        X, cnt, Z, dZ, EZ, gap = _refine(X, cnt, Z, dZ, EZ, merged, max_pieces, max_bytes, l, (W, b) if l == 0 else None)
        # Activation slope of each region: the sign of a row between two knots is that of their sum.
        on = (Z[:, :-1] + Z[:, 1:]) > 0
        if alpha == 0:
            A = np.maximum(Z, 0.0)
            dA = dZ * on
            EA, EdA = EZ + gap, EdZ
        else:  # max(z, alpha z) is the leaky ReLU for 0 <= alpha < 1
            A = np.maximum(Z, alpha * Z)
            dA = dZ * (on * (1.0 - alpha) + alpha)
            EA = EZ + gap + _U * np.maximum(Z.max(axis=(1, 2)), -Z.min(axis=(1, 2)))
            EdA = EdZ + 2 * _U * np.maximum(dZ.max(axis=(1, 2)), -dZ.min(axis=(1, 2)))
        AM = np.maximum(A.max(axis=(1, 2)), -A.min(axis=(1, 2)))
        dAM = np.maximum(dA.max(axis=(1, 2)), -dA.min(axis=(1, 2)))
    M = X.shape[1]
    z, s = Z[:, :, 0], dZ[:, :, 0]
    change = s[:, 1:] - s[:, :-1]  # at knots 1 .. M-2
    interior = (np.arange(1, M - 1)[None, :] < (cnt - 1)[:, None])
    bend = (np.abs(change) > 2 * EdZ[:, None]) & interior
    unresolved = (change != 0) & ~bend & interior
    if unresolved.any():
        merged += unresolved.sum(axis=1)
    keep = np.zeros((B, M), dtype=bool)
    keep[:, 1:-1] = bend
    keep[:, 0] = True
    keep[np.arange(B), cnt - 1] = True
    kb, kk = np.nonzero(keep)
    offsets = np.zeros(B + 1, dtype=np.int64)
    np.cumsum(np.bincount(kb, minlength=B), out=offsets[1:])
    return BatchPWL(X[kb, kk], z[kb, kk], offsets, cnt - 1, merged, EZ, EdZ, (lo, hi))


def batch_to_pwl(
    networks,
    lo,
    hi,
    *,
    alpha=None,
    max_pieces: int = DEFAULT_MAX_PIECES,
    max_bytes: int = DEFAULT_MAX_BYTES,
    warn: bool = True,
) -> BatchPWL:
    """Float64 CPWL form of many scalar-input, scalar-output networks of one shape on ``[lo, hi]``.

    Parameters
    ----------
    networks : list of ReLUNetwork, or list of (W, b)
        Either ``B`` networks of equal widths and equal ``alpha`` (exact ones
        are rounded to float64), or the layers stacked along a leading batch
        axis: ``W`` of shape ``(B, out, in)`` and ``b`` of shape ``(B, out)``,
        the first layer with ``in == 1``, the last with ``out == 1``.
    lo, hi : float
        The input interval, shared by all networks.
    alpha : float, optional
        Leaky-ReLU slope in [0, 1) for stacked layers (default 0); with
        networks it must be None or their own alpha.
    max_pieces : int
        Refuse (`SizeLimitExceeded`) before a network's partition would exceed
        this many intervals.
    max_bytes : int
        Refuse before the working arrays (``B x knots x width`` float64, several
        at once) would exceed this many bytes.
    warn : bool
        Raise a `MergedKnotsWarning` when some network has unresolved knots.

    Returns
    -------
    BatchPWL

    Notes
    -----
    The criteria for what float64 resolves, and the error bounds, are in the
    module docstring (`symrelu.batched`).  The result agrees with
    ``ReLUNetwork.to_pwl(lo, hi, exact=True)`` on the breakpoint count of
    every network whose ``merged`` count is 0.

    Examples
    --------
    >>> from symrelu.network import ReLUNetwork
    >>> nets = [ReLUNetwork([([[1.0], [1.0]], [0.0, -c]), ([[1.0, -2.0]], [0.0])]) for c in (0.25, 0.5)]
    >>> res = batch_to_pwl(nets, 0.0, 1.0)
    >>> [res.breakpoints(i).tolist() for i in range(len(res))]
    [[0.25], [0.5]]
    """
    layers, alpha, lo, hi = _validate(networks, alpha, lo, hi, max_pieces, max_bytes)
    with np.errstate(invalid="ignore", divide="ignore"):  # 0/0 only in the zero-width padding
        result = _compute(layers, alpha, lo, hi, max_pieces, max_bytes)
    if warn and result.merged.any():
        bad = np.flatnonzero(result.merged)
        warnings.warn(
            f"{len(bad)} of {len(result)} networks have knots float64 could not resolve "
            f"({int(result.merged.sum())} in all, e.g. networks[{int(bad[0])}]: {int(result.merged[bad[0]])}); "
            "see BatchPWL.merged",
            MergedKnotsWarning, stacklevel=2,
        )
    return result


class BatchPWL:
    """The CPWL forms computed by `batch_to_pwl`: per network, knots and values in float64.

    Network ``i``'s output is linear between consecutive entries of
    ``knots(i)`` (the interval's ends and its breakpoints); `piecewise_linear`
    builds a `~symrelu.pwl.PiecewiseLinear` on request.  All per-network
    numbers are arrays of length ``len(self)``.

    Examples
    --------
    >>> import numpy as np
    >>> W = np.array([[[1.0], [-1.0]]] * 3); b = np.array([[0.0, 0.5], [-0.5, -0.5], [1.0, 1.0]])
    >>> res = batch_to_pwl([(W, b), (np.ones((3, 1, 2)), np.zeros((3, 1)))], -1, 1)
    >>> res.pieces.tolist(), res.regions.tolist(), res.merged.tolist()
    ([3, 3, 1], [3, 3, 1], [0, 0, 0])
    >>> res(1, 0.75)
    0.25
    """

    def __init__(self, knots, values, offsets, regions, merged, value_error, slope_error, domain):
        self._knots, self._values, self._offsets = knots, values, offsets
        for arr in (knots, values, offsets, regions, merged, value_error, slope_error):
            arr.flags.writeable = False
        self._regions, self._merged = regions, merged
        self._value_error, self._slope_error = value_error, slope_error
        self._domain = domain

    def __len__(self):
        return len(self._offsets) - 1

    @property
    def domain(self) -> tuple:
        """The input interval ``(lo, hi)``."""
        return self._domain

    @property
    def pieces(self) -> np.ndarray:
        """Linear pieces of each network's output (its breakpoints + 1)."""
        return np.diff(self._offsets) - 1

    @property
    def regions(self) -> np.ndarray:
        """Activation regions of each network (the intervals of its finest partition; ``>= pieces``)."""
        return self._regions

    @property
    def merged(self) -> np.ndarray:
        """Per network: knots float64 could not resolve (merged, not inserted, or dropped); see the module docstring."""
        return self._merged

    @property
    def value_error(self) -> np.ndarray:
        """Per network: bound on ``|piecewise_linear(i)(x) - network(x)|`` on the interval (first order in u)."""
        return self._value_error

    @property
    def slope_error(self) -> np.ndarray:
        """Per network: bound on the error of the propagated slope of each region."""
        return self._slope_error

    @property
    def flat(self) -> tuple:
        """``(knots, values, offsets)``: network ``i`` owns ``knots[offsets[i]:offsets[i + 1]]`` (read-only)."""
        return self._knots, self._values, self._offsets

    def _index(self, i):
        if isinstance(i, bool) or not isinstance(i, (int, np.integer)) or not -len(self) <= i < len(self):
            raise InvalidArgument("i", i, f"a network index in [0, {len(self) - 1}]")
        return int(i) % len(self)

    def knots(self, i) -> np.ndarray:
        """Network ``i``'s knots: ``lo``, its breakpoints, ``hi``."""
        i = self._index(i)
        return self._knots[self._offsets[i]:self._offsets[i + 1]]

    def values(self, i) -> np.ndarray:
        """Network ``i``'s output at its `knots`."""
        i = self._index(i)
        return self._values[self._offsets[i]:self._offsets[i + 1]]

    def breakpoints(self, i) -> np.ndarray:
        """Network ``i``'s breakpoints (interior knots), increasing."""
        return self.knots(i)[1:-1]

    def __call__(self, i, x):
        """Network ``i``'s output at ``x`` (scalar or array in the interval), by interpolation."""
        knots = self.knots(i)
        pts = np.asarray(x, dtype=np.float64)
        if pts.size and (not np.all(np.isfinite(pts)) or pts.min() < knots[0] or pts.max() > knots[-1]):
            raise InvalidArgument("x", x, f"points of the interval [{knots[0]}, {knots[-1]}]")
        y = np.interp(pts, knots, self.values(i))
        return float(y) if y.ndim == 0 else y

    def piecewise_linear(self, i) -> PiecewiseLinear:
        """Network ``i``'s output as a float64 `~symrelu.pwl.PiecewiseLinear` (built on request).

        `PiecewiseLinear` applies its own float tolerances; if they merge
        knots that this result resolved, a `MergedKnotsWarning` says how many.
        """
        knots, values = self.knots(i), self.values(i)
        f = PiecewiseLinear(knots, values, exact=False, resolution=1e-300, slope_rtol=0.0)
        if f.pieces != len(knots) - 1:
            warnings.warn(
                f"PiecewiseLinear's float tolerances merged {len(knots) - 1 - f.pieces} of network {i}'s "
                f"{len(knots) - 2} breakpoints; use knots({i}) and values({i}) for all of them",
                MergedKnotsWarning, stacklevel=2,
            )
        return f

    def __getitem__(self, i) -> PiecewiseLinear:
        return self.piecewise_linear(i)

    def __repr__(self):
        return (f"BatchPWL({len(self)} networks on [{self._domain[0]}, {self._domain[1]}], "
                f"pieces {int(self.pieces.min())}..{int(self.pieces.max())}, merged {int(self._merged.sum())})")
