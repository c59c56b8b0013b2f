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
Every float operation is covered by a first-order forward-error bound (unit
roundoff ``u = 2**-53``, ``gamma_n = n u / (1 - n u)``), carried per network
as one number ``E`` per layer: a bound on ``|interpolant of the computed
values - the network|`` over the whole interval.  A layer multiplies it by
``||W||_inf`` and adds ``gamma_{n+1} (T + max|b|)``, where ``T`` bounds
``sum_j |W_ij a_j|``: ``||W||_inf max|a|``, or with ReLU ``max|W|`` times the
largest sum of a knot's activations; the
interpolation at new knots adds ``5 u max|z|``, and the merges below add what
they cost.  The final ``E`` is `BatchPWL.value_error`.

A neuron's sign at a knot is *certified* when ``|z| > E``.  Then:

* a sign change between two certified knots is a true zero crossing strictly
  between them; it is inserted at ``x``, within
  ``delta = E h / (|z_1 - z_0| - 2E) + 4u (|x| + h)`` of the true one
  (``u |x|`` in the first layer, where ``x = -b / w`` is one division);
* two crossings in one interval closer than the sum of their ``delta`` are
  indistinguishable: they become one knot and the merge is **counted**
  (first-layer crossings equal as rationals, ``b_1 w_2 = b_2 w_1``, are one
  true knot and are not counted);
* a nonzero value with ``|z| <= E`` at a knot (a crossing of the true network
  may lie next to that knot, or not) is **counted**; a sign change next to
  it is not inserted, and ``E`` grows by what that costs
  (``|z_0 z_1| / (|z_0| + |z_1|)``, the largest gap between ``relu`` of a
  line and its chord).  Exact zeros are the crossings the engine placed;
* a crossing whose float position rounds onto a knot is merged with it and
  **counted**;
* at the end, a knot of the activation regions is an output breakpoint when
  the chord slopes of the two regions beside it differ by more than the values'
  error can explain, ``2E (1/h_left + 1/h_right)`` (plus the rounding of the
  slopes).  Networks left with unresolved knots get a second pass that also
  propagates each region's slopes (forward mode, ``W_l D_{l-1} ... D_0 W_0``,
  with their own bound ``S`` built like ``E``) and certifies a bend when
  ``|s_right - s_left| > 2S``, which does not grow as the regions narrow; the
  pass that resolves more is kept (the chords on a tie).  When most networks of
  the first chunk need the second pass (deep, wide shapes), the later chunks
  run the slopes first and the chords second: the same results, one pass less.  With ReLU and every weight after the
  first layer nonzero, a knot beside which some later layer has every neuron
  off on both sides has a bend of exactly zero (no path from the flipping
  neuron reaches the output): it is no breakpoint, and not counted.  Any
  other knot whose bend is below the bound is dropped and **counted** --
  including bends that are exactly zero for another reason (paths that
  cancel, zero weights), which float64 cannot tell from tiny ones.

`BatchPWL.merged` holds the count per network, and a `MergedKnotsWarning` is
raised when any count is nonzero.  Where ``merged == 0`` the result has
every breakpoint of the network and no other, each within its ``delta`` of
the true one, and its values are within ``value_error`` of the network.
Nothing is merged by a tolerance relative to the interval's width.
"""

from __future__ import annotations

import numbers
import threading
import warnings
from fractions import Fraction

import numpy as np

from .errors import InvalidArgument, InvalidArgumentType, PrecisionWarning, SizeLimitExceeded
from .network import DEFAULT_MAX_PIECES, ReLUNetwork
from .pwl import MergeReport, PiecewiseLinear

__all__ = ["batch_to_pwl", "BatchPWL", "MergedKnotsWarning", "DEFAULT_MAX_BYTES"]

#: Default cap on the working memory of one `batch_to_pwl` call, in bytes; raise it with ``max_bytes=``.
DEFAULT_MAX_BYTES = 2**30

_U = 2.0**-53  # unit roundoff of float64
# Arrays of shape (B, knots, width) float64 alive at once while a layer is refined
# (values, slopes, activations, activation slopes, the refined copies, temporaries).
_LIVE_ARRAYS = 4


def _gamma(n: int) -> float:
    return n * _U / (1 - n * _U)


class MergedKnotsWarning(PrecisionWarning):
    """Some networks of a batch have knots that float64 could not resolve (`BatchPWL.merged` > 0).

    A `symrelu.errors.PrecisionWarning`, so one filter covers it and ``ReLUNetwork.to_pwl``'s warnings.
    """


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
    return layers, 0.0 if alpha is None else float(alpha)


def _validate(networks, alpha, lo, hi, max_pieces, max_bytes):
    if isinstance(networks, (ReLUNetwork, np.ndarray)) or not hasattr(networks, "__len__"):
        raise InvalidArgumentType("networks", networks, "a list of ReLUNetwork or a list of stacked (W, b) pairs")
    networks = list(networks)
    if not networks:
        raise InvalidArgument("networks", networks, "at least one network (or one (W, b) layer)")
    # checked here, before either form converts it with float() (a string would give a bare ValueError)
    if alpha is not None and (isinstance(alpha, bool) or not isinstance(alpha, (numbers.Real, np.floating, np.integer))):
        raise InvalidArgumentType("alpha", alpha, "None or a real number")
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
        try:
            scalar = np.ndim(v) == 0
        except ValueError:  # a ragged list
            scalar = False
        if isinstance(v, bool) or not scalar:
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
#: Each thread keeps its scratch buffers between calls (up to _KEEP_BYTES): sweeps call
#: batch_to_pwl many times with one shape, and fresh pages cost more than the work on them.
_LOCAL = threading.local()
_KEEP_BYTES = 2**26


class _Work:
    """Grow-only scratch buffers reused across layers and chunks (fresh large arrays cost page faults).

    A buffer is first allocated at the size asked for and, when a request
    outgrows it, at twice its size or the request, whichever is larger
    (partitions grow layer by layer): a few allocations in a call's first
    chunk, none later, and at most twice what the largest request needs.
    """

    def __init__(self):
        self._bufs = {}

    @property
    def nbytes(self) -> int:
        return sum(buf.nbytes for buf in self._bufs.values())

    def get(self, name, shape, dtype=np.float64):
        size = int(np.prod(shape))
        buf = self._bufs.get(name)
        if buf is None or buf.size < size:
            buf = self._grow(name, size, dtype)
        return buf[:size].reshape(shape)

    def _grow(self, name, size, dtype):
        """A new buffer ``name`` of at least ``size``: exactly that the first time, else at least twice the old."""
        old = self._bufs.get(name)
        self._bufs[name] = np.empty(size if old is None else max(size, 2 * old.size), dtype=dtype)
        return self._bufs[name]

    def extend(self, name, head, rows):
        """Buffer ``name`` as ``(len(head) + rows, width)``: the rows of ``head`` (a 2-D view at the
        buffer's start, from `get`), then ``rows`` free rows (``head`` is copied only if the buffer grows)."""
        size = head.size + rows * head.shape[1]
        buf = self._bufs.get(name)
        at_start = buf is not None and buf.ctypes.data == head.ctypes.data
        if not at_start or buf.size < size:
            buf = self._grow(name, size, head.dtype)
            buf[:head.size] = head.reshape(-1)
        return buf[:size].reshape(-1, head.shape[1])


def _check_memory(B, M, width, max_bytes, layer):
    need = int(B) * int(M) * (int(width) + 1) * 8 * _LIVE_ARRAYS
    if need > max_bytes:
        raise SizeLimitExceeded(
            "networks", f"{B} networks, {M} knots at layer {layer}, width {width}",
            size=need, limit=int(max_bytes), unit="bytes", option="max_bytes",
        )


def _chord_gap(a, c):
    """Largest distance between ``relu`` of a line with end values ``a``, ``c`` (opposite signs) and its chord."""
    a, c = np.abs(a), np.abs(c)
    return a * c / (a + c)


def _matmul(A, Wt, out):
    """``A @ Wt`` for stacks ``(B, M, k) @ (B, k, n)``, in blocks of rows below OpenBLAS's
    threading threshold (``M k n < 2**18``).

    Each network's product is small; threaded, it is up to 40x slower on a busy
    machine (measured: 519 ms against 13 ms CPU for 64 networks of 600 knots,
    width 64).  Other BLAS libraries lose nothing by the blocks.
    """
    M, k = A.shape[1], A.shape[2]
    rows = max(1, (2**18 - 1) // (k * Wt.shape[2]))
    if M <= rows:
        return np.matmul(A, Wt, out=out)
    for s in range(0, M, rows):
        np.matmul(A[:, s:s + rows], Wt, out=out[:, s:s + rows])
    return out


def _activate(Z, alpha, out=None):
    """``relu_alpha(Z)`` (``max(z, alpha z)``: one rounding-free operation for 0 <= alpha < 1)."""
    return np.maximum(Z, 0.0, out=out) if alpha == 0 else np.maximum(Z, alpha * Z, out=out)


def _max_activation(A, alpha, neurons):
    """Per network, ``max |A|`` over the first ``neurons`` columns of ``A`` (B, ..., columns), the
    neurons (the others carry a row sum and the ones, `_prepare`).

    ReLU skips it (None): its callers bound the activations by their row sums.
    """
    if alpha == 0:
        return None
    neurons = A[..., :neurons]
    axes = tuple(range(1, A.ndim))
    return np.maximum(neurons.max(axis=axes), -neurons.min(axis=axes))


def _max_per_network(values, net, out):
    """``out[b] = max(values[net == b])`` for ``net`` sorted (networks without values keep ``out``)."""
    if len(values):
        starts = np.flatnonzero(np.concatenate(([True], net[1:] != net[:-1])))
        out[net[starts]] = np.maximum.reduceat(values, starts)


def _refine(X, cnt, lay, dead, Z, neurons, EZ, ZM, merged, max_pieces, max_bytes, layer, work, alpha, dZ=None):
    """Insert every certified zero crossing of the rows of ``Z`` (see the module's guarantee).

    ``X`` (B, M) knots, ``cnt`` knots per network, ``lay`` the layer that made
    each knot, ``dead`` per region the last layer with every neuron off,
    ``Z`` (B, M, n) this layer's pre-activations at the knots: ``neurons``
    columns, then the columns `_prepare` adds (a row sum, the ones), ``EZ``
    their error bound and ``ZM`` a bound on their size (per network);
    ``work`` holds the scratch buffers (``Z`` is the head of buffer "Z");
    ``dZ`` (optional) the slopes of ``Z`` on each region.  Returns the
    refined ``X, cnt, lay, dead``, the activations ``A`` (slope ``alpha`` for
    negative inputs; the added columns kept) on the refined knots, the grown
    bound, the largest chord gap of the sign changes left uninserted, the
    refined ``dZ`` and ``max |A|`` over the neurons (per network).  ``Z`` is
    overwritten.
    """
    B, M, n = Z.shape
    gap = np.zeros(B)
    # Signs certified by the error bound, first against the chunk's largest bound (a scalar
    # compare is several times faster than one broadcast per network), then, for the few
    # values within it, against their own network's.  When they are not few (networks of
    # very different scales in one chunk), the broadcast compare is the cheaper way.
    Emax = float(EZ.max())
    pos = np.greater(Z, Emax, out=work.get("pos", Z.shape, bool))
    neg = np.less(Z, -Emax, out=work.get("neg", Z.shape, bool))
    certified = np.count_nonzero(pos) + np.count_nonzero(neg)
    unsure = ()
    if pos.size - certified > pos.size // 8:
        E = EZ[:, None, None]
        np.greater(Z, E, out=pos)
        np.less(Z, -E, out=neg)
        unsure = np.flatnonzero(~(pos | neg))  # exact zeros included
    elif certified < pos.size:
        gray = np.flatnonzero(~(pos | neg))  # exact zeros included
        zg, eg = Z.reshape(-1)[gray], EZ[gray // (M * n)]
        above, below = zg > eg, zg < -eg
        pos.reshape(-1)[gray[above]] = True
        neg.reshape(-1)[gray[below]] = True
        unsure = gray[~(above | below)]
    if len(unsure):
        uk, uj = np.divmod(unsure, n)
        ub, uk = np.divmod(uk, M)
        keep = (uk < cnt[ub]) & (uj < neurons)  # the added columns are no neurons
        ub, uk, uj = ub[keep], uk[keep], uj[keep]
        zu = Z[ub, uk, uj]
        nz = zu != 0  # exact zeros are the crossings placed by the engine itself
        ub, uk, uj, zu = ub[nz], uk[nz], uj[nz], zu[nz]
        if len(ub):
            # A nonzero value within its error bound: a true crossing may sit next to that knot.
            merged += np.bincount(ub, minlength=B)
            for step in (-1, 1):  # sign changes next to it stay uninserted: bound what that costs
                nk = uk + step
                ok = (nk >= 0) & (nk < cnt[ub])
                zn = Z[ub[ok], nk[ok], uj[ok]]
                opp = (zn != 0) & ((zn < 0) != (zu[ok] < 0))
                if opp.any():
                    np.maximum.at(gap, ub[ok][opp], _chord_gap(zu[ok][opp], zn[opp]))
    # A certified sign change has ``pos`` at one end only: find those (one pass over a bool
    # array), then keep the ones with ``neg`` at the other end, on the few found.
    at = np.flatnonzero(np.not_equal(pos[:, :-1], pos[:, 1:], out=work.get("flip", (B, M - 1, n), bool)))
    ck, cj = np.divmod(at, n)
    cb, ck = np.divmod(ck, M - 1)
    kk = cb * M + ck  # flat index of each crossing's left knot
    Zflat, Xf = Z.reshape(-1), X.reshape(-1)
    at = kk * n + cj
    a, c = Zflat[at], Zflat[at + n]
    e = EZ[cb]
    flip = (((a > e) & (c < -e)) | ((a < -e) & (c > e))) & (cj < neurons)
    if not flip.all():
        cb, kk, cj, a, c = cb[flip], kk[flip], cj[flip], a[flip], c[flip]
    if len(cb) == 0:
        A = _activate(Z, alpha, out=work.get("A", Z.shape))
        return X, cnt, lay, dead, A, EZ, gap, dZ, _max_activation(A, alpha, neurons)
    xk, xk1 = Xf[kk], Xf[kk + 1]
    h = xk1 - xk
    x = xk + (a / (a - c)) * h
    inside = (x > xk) & (x < xk1)
    if not inside.all():  # the crossing's float position rounds onto a knot: merged with it
        out = ~inside
        merged += np.bincount(cb[out], minlength=B)
        np.maximum.at(gap, cb[out], _chord_gap(a[out], c[out]))
        cb, kk, cj, a, c, x, h = cb[inside], kk[inside], cj[inside], a[inside], c[inside], x[inside], h[inside]
        if len(cb) == 0:
            A = _activate(Z, alpha, out=work.get("A", Z.shape))
            return X, cnt, lay, dead, A, EZ, gap, dZ, _max_activation(A, alpha, neurons)
    same = np.zeros(len(cb), dtype=bool)
    pair = kk[1:] == kk[:-1]  # found in (network, interval, neuron) order
    if pair.any():
        # Sort by x inside each interval: only the crossings that share an interval move (most
        # intervals hold one), so only those are sorted and permuted.
        member = np.zeros(len(kk), dtype=bool)
        member[:-1] = pair
        member[1:] |= pair
        members = np.flatnonzero(member)
        perm = members[_order_in_intervals(kk[members], x[members], Xf[kk[members]], h[members])]
        if np.any(perm != members):
            for arr in (cb, kk, cj, a, c, x, h):
                arr[members] = arr[perm]
        # Crossings of one interval whose uncertainty intervals overlap are one knot (chained).
        i = np.flatnonzero(kk[1:] == kk[:-1])
        j = np.concatenate((i, i + 1))
        e = EZ[cb[j]]
        delta = e * h[j] / (np.abs(a[j] - c[j]) - 2 * e) + 4 * _U * (np.abs(x[j]) + h[j])
        same[i + 1] = x[i + 1] - x[i] <= delta[:len(i)] + delta[len(i):]
        if same.any():
            merged += np.bincount(cb[same], minlength=B)
    lead = ~same
    group = np.cumsum(lead) - 1  # each crossing's representative (the leftmost of its group)
    rb, rx, at = cb[lead], x[lead], kk[lead]
    new_cnt = cnt + np.bincount(rb, minlength=B)
    worst = int(np.argmax(new_cnt))
    if new_cnt[worst] - 1 > max_pieces:
        raise SizeLimitExceeded(f"networks[{worst}]", f"layer {layer}", size=int(new_cnt[worst] - 1), limit=int(max_pieces))
    M2 = int(new_cnt.max())
    _check_memory(B, M2, n - 1, max_bytes, layer)  # n - 1: _check_memory adds a column
    # The refined partition, flat (network-major, M2 slots each): old knot i of network b is
    # repeated once for itself, once per representative inserted after it, and, if it is
    # the network's last knot, once per padding slot (zero-width intervals, no crossings).
    rep = np.bincount(at, minlength=B * M)
    rep.reshape(B, M)[:, :] += np.arange(M)[None, :] < cnt[:, None]
    rep[np.arange(B) * M + cnt - 1] += M2 - new_cnt
    left = np.repeat(np.arange(B * M), rep)  # old knot at or left of each refined knot
    slot = np.cumsum(rep) - rep  # refined slot of each old knot
    run = np.ones(len(rb), dtype=bool)
    run[1:] = at[1:] != at[:-1]
    first = np.maximum.accumulate(np.where(run, np.arange(len(rb)), 0))
    new_slot = slot[at] + 1 + (np.arange(len(rb)) - first)
    X2 = np.take(Xf, left).reshape(B, M2)
    lay2 = np.take(lay.reshape(-1), left).reshape(B, M2)
    # Every new region lies in one old region, whose activation pattern it keeps.
    region = left.reshape(B, M2)[:, :-1] - (np.arange(B) * M)[:, None]
    region = np.minimum(region, M - 2) + (np.arange(B) * (M - 1))[:, None]
    dead2 = np.take(dead.reshape(-1), region)
    if dZ is not None:
        dZ = np.take(dZ.reshape(-1, n), region.reshape(-1), axis=0, out=work.get("dZr", (B * (M2 - 1), n)),
                     mode="clip").reshape(B, M2 - 1, n)
    X2.reshape(-1)[new_slot] = rx
    lay2.reshape(-1)[new_slot] = layer
    tau = (rx - Xf[at]) / (Xf[at + 1] - Xf[at])
    # The new knots' rows go below the old ones in buffer "Z", so that one activation pass and one
    # row gather (mode "clip": unbuffered) lay out both on the refined partition.
    # (A gather into the buffer it reads from is copied first: the two ends go to their own buffers.)
    zl = np.take(Z.reshape(B * M, n), at, axis=0, out=work.get("zl", (len(at), n)), mode="clip")
    zr = np.take(Z.reshape(B * M, n), at + 1, axis=0, out=work.get("zr", (len(at), n)), mode="clip")
    rows = work.extend("Z", Z.reshape(B * M, n), len(rb))
    new = np.subtract(zr, zl, out=rows[B * M:])  # the pre-activations at the new knots, zl + tau (zr - zl)
    new *= tau[:, None]
    new += zl
    # Each crossing's row is exactly 0 at its knot; what that moves the row by is added to the bound.
    new_flat = new.reshape(-1)
    at = group * n + cj
    moved = np.zeros(B)
    _max_per_network(np.abs(new_flat[at]), cb, moved)
    new_flat[at] = 0.0
    EZ = EZ + moved + 5 * _U * ZM
    # One activation pass over old and new rows; the new ones are interpolated between old
    # ones, so they raise no network's max |A|.
    _activate(rows, alpha, out=rows)
    AM = _max_activation(rows[:B * M].reshape(B, M, n), alpha, neurons)
    source = left
    source[new_slot] = B * M + np.arange(len(rb))
    A = work.get("A", (B, M2, n))
    np.take(rows, source, axis=0, out=A.reshape(B * M2, n), mode="clip")
    return X2, new_cnt, lay2, dead2, A, EZ, gap, dZ, AM


def _order_in_intervals(k, x, left, h):
    """The permutation sorting crossings by ``(k, x)``: interval ``k`` (non-decreasing), then position ``x``.

    One float key ``k + (x - left) / h`` (``left``, ``h``: the interval's left knot and width) is
    sorted; it cannot separate crossings closer than about ``2**-52 k h``, so the order is
    checked exactly and, where the key got it wrong, the two-key sort is used.
    """
    order = np.argsort(k + (x - left) / h, kind="stable")
    ks, xs = k[order], x[order]
    if np.all((ks[1:] > ks[:-1]) | ((ks[1:] == ks[:-1]) & (xs[1:] >= xs[:-1]))):
        return order
    return np.lexsort((x, k))


def _first_layer(W, b, Wa, lo, hi, merged, max_bytes, work):
    """The first layer's partition directly: its crossings are ``x_j = -b_j / w_j`` (one rounding each).

    ``Wa`` is the layer as `_prepare` gives it.  Returns the knots ``X``, their
    count, the pre-activations ``Z`` there with the ones column (exactly 0 in
    each crossing's own row) and their error bound.
    """
    B, n = b.shape
    w = W[:, :, 0]
    with np.errstate(divide="ignore", invalid="ignore"):
        x = -b / w + 0.0  # + 0.0: no negative zero
    inside = (w != 0) & (x > lo) & (x < hi)
    x = np.where(inside, x, np.inf)
    order = np.argsort(x, axis=1, kind="stable")
    xs = np.take_along_axis(x, order, axis=1)
    ok = np.isfinite(xs)
    # Crossings within each other's rounding (u |x| each) are one knot; counted unless
    # equal as rationals (b_1 w_2 = b_2 w_1), which is one true knot.
    same = np.zeros_like(ok)
    with np.errstate(invalid="ignore"):  # inf - inf past the last crossing
        same[:, 1:] = ok[:, 1:] & (xs[:, 1:] - xs[:, :-1] <= _U * (np.abs(xs[:, 1:]) + np.abs(xs[:, :-1])))
    if same.any():
        for p, i in zip(*np.nonzero(same)):
            j0, j1 = order[p, i - 1], order[p, i]
            if Fraction(float(b[p, j0])) * Fraction(float(w[p, j1])) != Fraction(float(b[p, j1])) * Fraction(float(w[p, j0])):
                merged[p] += 1
    lead = ok & ~same
    k = np.cumsum(lead, axis=1)  # knot index of each crossing (lo is knot 0)
    cnt = k[:, -1] + 2
    M = int(cnt.max())
    _check_memory(B, M, n, max_bytes, 0)
    X = np.repeat(np.full((B, 1), hi), M, axis=1)
    X[:, 0] = lo
    lead_at = np.flatnonzero(lead)
    pb = lead_at // n
    X.reshape(-1)[pb * M + k.reshape(-1)[lead_at]] = xs.reshape(-1)[lead_at]
    # x w + b as [x, 1] Wa (two roundings, as the broadcast sum, six times faster)
    Z = np.matmul(np.stack((X, np.ones_like(X)), axis=2), Wa, out=work.get("Z", (B, M, n + 1)))
    wM, xM = np.abs(w).max(axis=1), max(abs(lo), abs(hi))
    EZ = _gamma(2) * (wM * xM + np.abs(b).max(axis=1))
    # Each crossing's own row is exactly 0 at its knot: the true row there is w (x - x*)
    # with |x - x*| <= u |x*|, which bounds what setting it to 0 moves it by.
    ok_at = np.flatnonzero(ok)
    cb = ok_at // n
    Z.reshape(-1)[(cb * M + k.reshape(-1)[ok_at]) * (n + 1) + order.reshape(-1)[ok_at]] = 0.0
    return X, cnt, Z, EZ + _gamma(2) * wM * xM


def _prepare(layers, alpha, work):
    """Per layer of one chunk: the matrix the activations are multiplied by, and the norms the bounds use.

    The rows a layer acts on are ``[a, r, 1]``: the previous layer's neurons
    ``a``, the columns this function added there (``r``, none or one), and a
    one.  Its matrix, contiguous, of shape ``(B, in + len(r) + 1, out + s (+ 1))``,
    gives ``[W a + b, s, 1]``: the neurons, with ReLU after the first layer
    the row sum ``s = sum(a)`` of its input (which bounds the rounding and
    tells where every neuron is off), and (hidden layers) the one that
    carries the next bias.  Returns ``aug`` (those matrices), ``norms`` (per
    layer ``(||W||_inf, max |b|, max |W|)`` per network) and ``dense`` (which
    networks have every weight after the first layer nonzero).

    Folded into the product, the bias and the row sum cost a column each; as
    passes of their own (``Z += b`` broadcast over rows of ``out``, ``A @ 1``)
    they cost about a third and a tenth of it.  The rounding bound is that of
    a sum of ``in + 1`` terms, as before.  The matrices are contiguous copies
    because numpy's product with a transposed view is about 1.7x slower, and
    they live in scratch buffers because fresh pages cost more than the copy.
    """
    aug, norms = [], []
    B = layers[0][0].shape[0]
    dense = np.ones(B, dtype=bool)
    added = 0  # columns added to the previous layer's output besides the ones
    for l, (W, b) in enumerate(layers):
        n, n_in = W.shape[1], W.shape[2]
        hidden = l < len(layers) - 1
        rowsum = int(alpha == 0 and l > 0)
        # |W| first: it reads W in order, and the transposing copy below then reads it from the
        # cache (1.7x faster than the other way round).
        absW = np.abs(W, out=work.get("absW", W.shape))
        flat = absW.reshape(B, -1)
        # row sums as a product: a sum over a short last axis is about 2.5x slower
        norms.append(((absW @ np.ones(n_in)).max(axis=1), np.abs(b).max(axis=1), flat.max(axis=1)))
        if l:
            dense &= flat.min(axis=1) > 0
        Wa = work.get(f"aug{l}", (B, n_in + added + 1, n + rowsum + hidden))
        Wa[:, :n_in, :n] = W.transpose(0, 2, 1)
        Wa[:, n_in:-1, :n] = 0.0
        Wa[:, -1, :n] = b
        if rowsum:
            Wa[:, :n_in, n] = 1.0
            Wa[:, n_in:, n] = 0.0
        if hidden:
            Wa[:, :-1, -1] = 0.0
            Wa[:, -1, -1] = 1.0
        aug.append(Wa)
        added = rowsum
    return aug, norms, dense


def _compute(layers, alpha, lo, hi, max_pieces, max_bytes, work, slopes=False):
    """One chunk: the refined partition through every layer, then the output's breakpoints.

    ``slopes``:
    also propagate each region's slopes (forward mode, ``W_l D_{l-1} ... W_0``)
    and certify the output's bends with their error bound instead of the chord
    slopes' (tighter on narrow regions, about twice the work).
    """
    B = layers[0][0].shape[0]
    n_layers = len(layers)
    aug, norms, dense = _prepare(layers, alpha, work)
    S = None  # ReLU: the largest sum of a knot's activations
    merged = np.zeros(B, dtype=np.int64)
    _check_memory(B, 2, max(W.shape[1] for W, _ in layers), max_bytes, 0)
    for l, (W, b) in enumerate(layers):
        n_in, n = W.shape[2], W.shape[1]
        if l == 0 and n_layers > 1:
            X, cnt, Z, EZ = _first_layer(W, b, aug[0], lo, hi, merged, max_bytes, work)
            ZM = np.abs(W[:, :, 0]).max(axis=1) * max(abs(lo), abs(hi)) + np.abs(b).max(axis=1)
            lay = np.zeros(X.shape, dtype=np.int8 if n_layers < 127 else np.int64)
            lay[:, 0] = -1
            lay[np.arange(B), cnt - 1] = -1
            dead = np.full((B, X.shape[1] - 1), -1, dtype=lay.dtype)
            dZ = np.repeat(aug[0][:, None, 0, :], X.shape[1] - 1, axis=1) if slopes else None  # [w, 0]
            EdZ = np.zeros(B)
        else:
            if l == 0:  # a single affine layer: no activation, no knots
                X = np.empty((B, 2))
                X[:, 0], X[:, 1] = lo, hi
                cnt, EA, AM = np.full(B, 2, dtype=np.int64), np.zeros(B), np.full(B, max(abs(lo), abs(hi)))
                lay, dead = np.full((B, 2), -1, dtype=np.int8), np.full((B, 1), -1, dtype=np.int8)
                A = np.stack((X, np.ones((B, 2))), axis=2)
                dA, EdA, dAM = np.zeros((B, 1, 2)), np.zeros(B), np.ones(B)
                dA[:, :, 0] = 1.0
            Z = _matmul(A, aug[l], work.get("Z", A.shape[:2] + (aug[l].shape[2],)))
            if alpha == 0 and l > 0:
                # The added column: the row sum of this layer's input, > 0 iff some neuron is on at
                # that knot.  No row changes sign inside a region, so a region has every neuron off
                # iff both its knots have none on.
                rowsum = Z[:, :, n]
                active = rowsum > 0
                dead[~(active[:, :-1] | active[:, 1:])] = l - 1
                S = rowsum.max(axis=1)
            # Norm bounds (no pass over the arrays): |Z| <= ZM up to rounding; sum_j |W_ij a_j|
            # is at most ||W||_inf max|a|, and (ReLU, a >= 0) at most max|W| max_k sum_j a_kj.
            Wn, bM, Wmax = norms[l]
            terms = Wn * AM if AM is not None else Wmax * S * (1 + _gamma(n_in))
            ZM = (terms + bM) * (1 + _gamma(n_in + 1))
            EZ = Wn * EA + _gamma(n_in + 1) * ZM
            if slopes:
                dZ = _matmul(dA, aug[l], work.get("dZ", dA.shape[:2] + (aug[l].shape[2],)))
                EdZ = Wn * EdA + _gamma(n_in) * Wn * dAM
            if l == n_layers - 1:
                break
        X, cnt, lay, dead, A, EZ, gap, dZ, AM = _refine(
            X, cnt, lay, dead, Z, n, EZ, ZM, merged, max_pieces, max_bytes, l, work, alpha, dZ)
        if alpha == 0:
            EA = EZ + gap
        else:  # max(z, alpha z) is the leaky ReLU for 0 <= alpha < 1: one rounding
            EA = EZ + gap + _U * ZM
        if slopes:  # activation slope of each region: a row is on where it is positive at either end
            pos = np.greater(A, 0.0, out=work.get("pos", A.shape, bool))
            on = np.logical_or(pos[:, :-1], pos[:, 1:], out=work.get("on", dZ.shape, bool))
            if alpha == 0:
                dA = np.multiply(dZ, on, out=work.get("dA", dZ.shape))
            else:
                dA = np.multiply(dZ, on * (1.0 - alpha) + alpha, out=work.get("dA", dZ.shape))
            slopes_of_neurons = dA[:, :, :n]
            dAM = np.maximum(slopes_of_neurons.max(axis=(1, 2)), -slopes_of_neurons.min(axis=(1, 2)))
            EdA = EdZ + 2 * _U * dAM
    v = Z[:, :, 0]
    M = X.shape[1]
    h = np.diff(X, axis=1)
    if slopes:
        s = dZ[:, :, 0]
        err = np.broadcast_to(EdZ[:, None], s.shape)
    else:
        with np.errstate(invalid="ignore", divide="ignore"):  # zero-width padding
            s = np.diff(v, axis=1) / h
            # The chord slope of a region is within 2E/h of the network's (values within E at both ends).
            err = 2 * EZ[:, None] / h + 2 * _U * np.abs(s)
    change = s[:, 1:] - s[:, :-1]  # at knots 1 .. M-2
    interior = np.arange(1, M - 1)[None, :] < (cnt - 1)[:, None]
    knot_lay = lay[:, 1:-1]
    flat = dense[:, None] & (dead[:, :-1] > knot_lay) & (dead[:, 1:] > knot_lay) if alpha == 0 else np.zeros_like(interior)
    bend = interior & ~flat & (np.abs(change) > err[:, 1:] + err[:, :-1])
    unresolved = interior & ~flat & ~bend
    if unresolved.any():
        merged += unresolved.sum(axis=1)
    keep = np.zeros((B, M), dtype=bool)
    keep[:, 1:-1] = bend
    keep[:, 0] = True
    keep[np.arange(B), cnt - 1] = True
    kb, kk = np.nonzero(keep)
    offsets = np.zeros(B + 1, dtype=np.int64)
    np.cumsum(np.bincount(kb, minlength=B), out=offsets[1:])
    return X[kb, kk], v[kb, kk], offsets, cnt - 1, merged, EZ


def _chunk_size(layers) -> int:
    """Networks per chunk: large enough that numpy's per-call overhead is shared by many
    networks, small enough that a chunk's arrays stay near the cache.

    Measured on He-initialized networks (benchmarks/bench_small_networks.py, CPU
    time): about 6 MiB per working array with the knot count guessed as
    ``width * depth``, rounded to a power of two between 32 and 1024
    networks (8x3: 1024, 16x4: 512, 32x3: 256, 32x5: 128, 64x8: 32); the guess
    only affects speed.
    """
    width = max(W.shape[1] for W, _ in layers)
    guess = 2**22.5 / (8 * width * width * len(layers))
    return int(min(1024, max(32, 2 ** round(np.log2(guess)))))


#: When more than this share of the first chunk's networks need the slope pass, the later chunks
#: start with it (`_run`).
_SLOPES_FIRST_SHARE = 0.5


def _take(state, again, second, better):
    """``state`` (knots, values, sizes, regions, merged, error of every network) with the networks
    ``again[better]`` taken from ``second`` (the same for the networks ``again``)."""
    knots, values, sizes, regions, merged, error = state
    k2, v2, s2, r2, m2, e2 = second
    if not better.any():
        return state
    B = len(sizes)
    starts = np.concatenate(([0], np.cumsum(sizes)))
    starts2 = np.concatenate(([0], np.cumsum(s2)))
    take = np.zeros(B, dtype=bool)
    take[again[better]] = True
    src = np.zeros(B, dtype=np.int64)
    src[again] = np.arange(len(again))
    sizes = np.where(take, s2[src], sizes)
    first = np.where(take, starts2[src], starts[:-1])
    index = np.repeat(first - (np.cumsum(sizes) - sizes), sizes) + np.arange(int(sizes.sum()))
    from_second = np.repeat(take, sizes)
    knots = np.where(from_second, k2[np.minimum(index, len(k2) - 1)], knots[np.minimum(index, len(knots) - 1)])
    values = np.where(from_second, v2[np.minimum(index, len(v2) - 1)], values[np.minimum(index, len(values) - 1)])
    keep = again[better]
    regions, merged, error = regions.copy(), merged.copy(), error.copy()
    regions[keep], merged[keep], error[keep] = r2[better], m2[better], e2[better]
    return knots, values, sizes, regions, merged, error


def _run(layers, alpha, lo, hi, max_pieces, max_bytes, chunk):
    B = layers[0][0].shape[0]
    work = getattr(_LOCAL, "work", None) or _Work()
    _LOCAL.work = None  # not shared with a nested call while in use

    def compute(part, slopes):
        return _compute([(W[part], b[part]) for W, b in layers], alpha, lo, hi, max_pieces, max_bytes, work, slopes)

    def join(parts):
        sizes = np.concatenate([np.diff(p[2]) for p in parts])
        return ([np.concatenate([p[i] for p in parts]) for i in (0, 1)] + [sizes]
                + [np.concatenate([p[i] for p in parts]) for i in range(3, 6)])

    # First pass by chunks.  Networks with unresolved knots get a second pass with propagated slopes,
    # whose bound on a bend does not grow as 1/width of the regions beside it; it is kept where it
    # resolves more.  Where most networks of the first chunk need it (deep, wide shapes), the later
    # chunks start with the slopes and take the chord pass second instead: the same results (where
    # both passes resolve everything they keep the same knots; otherwise the chords are kept unless
    # the slopes resolve strictly more), one pass less for most networks.
    parts, slopes_first = [], np.zeros(B, dtype=bool)
    mode = False
    for s in range(0, B, chunk):
        part = slice(s, min(s + chunk, B))  # a slice: the chunk's arrays are views, not copies
        parts.append(compute(part, mode))
        slopes_first[part] = mode
        if s == 0 and np.count_nonzero(parts[0][4]) > _SLOPES_FIRST_SHARE * (part.stop - part.start):
            mode = True
    state = join(parts)
    for first_mode in (False, True):
        again = np.flatnonzero((state[4] > 0) & (slopes_first == first_mode))
        if len(again):
            second = join([compute(again[s:s + chunk], not first_mode) for s in range(0, len(again), chunk)])
            # chords stay unless the slopes resolve strictly more
            better = second[4] < state[4][again] if not first_mode else second[4] <= state[4][again]
            state = _take(state, again, second, better)
    knots, values, sizes, regions, merged, error = state
    if work.nbytes <= _KEEP_BYTES:
        _LOCAL.work = work
    offsets = np.zeros(B + 1, dtype=np.int64)
    np.cumsum(sizes, out=offsets[1:])
    return BatchPWL(knots, values, offsets, regions, merged, error, (lo, hi))


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
        Refuse before the working arrays would exceed this many bytes: the
        networks are processed in chunks of 32-1024, and a chunk's arrays are
        ``chunk x knots x width`` float64, several at once (checked at every
        layer, before they are allocated).
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
    if not isinstance(warn, (bool, np.bool_)):
        raise InvalidArgumentType("warn", warn, "True or False")
    layers, alpha, lo, hi = _validate(networks, alpha, lo, hi, max_pieces, max_bytes)
    with np.errstate(invalid="ignore", divide="ignore"):  # 0/0 only in the zero-width padding
        result = _run(layers, alpha, lo, hi, max_pieces, max_bytes, _chunk_size(layers))
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

    def __init__(self, knots, values, offsets, regions, merged, value_error, domain):
        self._knots, self._values, self._offsets = knots, values, offsets
        for arr in (knots, values, offsets, regions, merged, value_error):
            arr.flags.writeable = False
        self._regions, self._merged, self._value_error = regions, merged, value_error
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

        Its knots are this result's, taken as decided (not merged again); its
        ``merged.knots`` is ``merged[i]`` and its ``value_error`` is ``value_error[i]``.
        """
        i = self._index(i)
        knots, values = self.knots(i), self.values(i)
        keep = np.ones(len(knots) - 2, dtype=bool)
        return PiecewiseLinear._decided(knots, values, keep, MergeReport(knots=int(self._merged[i])),
                                        float(self._value_error[i]))

    def __getitem__(self, i) -> PiecewiseLinear:
        return self.piecewise_linear(i)

    def __repr__(self):
        return (f"BatchPWL({len(self)} networks on [{self._domain[0]}, {self._domain[1]}], "
                f"pieces {int(self.pieces.min())}..{int(self.pieces.max())}, merged {int(self._merged.sum())})")
