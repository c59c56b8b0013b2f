"""The 2-D subdivision engine: convex polygons split by each neuron's line, all pieces at once.

Pieces are stored flat (CSR): ``V[starts[p]:starts[p + 1]]`` are piece ``p``'s
vertices in counter-clockwise order.  For every hidden neuron ``j`` of layer
``l`` the pre-activation is affine on each piece that entered layer ``l``
(its *ancestor* ``anc[p]``), with coefficients ``G[anc[p], :, j] = (a1, a2, a0)``;
one pass over all vertices gives the sign of ``a . (x, 1)`` at every vertex,
and the pieces with vertices of both strict signs are split (numpy, no loop
over pieces).

Exact mode keeps exact vertices (python-flint ``fmpq``) next to float ones.
A sign is read from the float value when it exceeds a certified bound on the
float error (``_error_bound``); otherwise it is computed exactly.  Crossing
points are always computed exactly, so exact mode decides every sign exactly
while paying exact arithmetic only for the new vertices and the uncertain signs.

Float mode treats a vertex with ``|a . (x, 1)| <= tol`` as on the line
(``tol = rtol * (|a| . (|x|, 1))``); a piece that is not
split although a vertex was snapped from the other side hides a possible sliver
of width at most ``|value| / |(a1, a2)|``: it is counted in ``merged``.

Edges carry labels (the line they lie on): domain edges ``-1 - k``, the cut of
neuron ``j`` of layer ``l`` through ancestor ``e`` gets ``offset_l + e * w_l + j``.
Two pieces are adjacent when edges with the same label overlap.
"""

from __future__ import annotations

import numpy as np
from flint import fmpq_mat
from scipy.sparse import csr_matrix

from ..errors import SizeLimitExceeded

U = 2.0**-53


def _interleave(a, b):
    out = np.empty(2 * len(a), dtype=np.result_type(a, b))
    out[0::2] = a
    out[1::2] = b
    return out


class PlanarState:
    """The result of `subdivide`: flat arrays (see the module docstring)."""

    __slots__ = ("starts", "V", "X", "labels", "patterns", "Gout", "Gout_exact", "merged", "max_width", "min_width",
                 "top", "merged_cells", "merged_layer1")


def _maps_next(Gf, E, W, b, D, exact_err):
    """Float maps of the next layer's pre-activations and (exact mode) a bound on their error.

    Maps are stored piece-major, shape (pieces, 3, neurons): per piece the
    coefficients of x, of y and the constant, so a layer is one GEMM of shape
    (3 pieces, w_prev) x (w_prev, w), gathering pieces gathers contiguous blocks,
    and a block of neurons at a set of corners is one gather.  ``Gf`` is overwritten (by ``D . Gf``).
    """
    M = np.multiply(Gf, D[:, None, :], out=Gf)  # in place: a temporary of Gf's size costs fresh pages
    P, k3, k = M.shape
    WT = np.ascontiguousarray(W.T)
    Gn = np.matmul(M.reshape(k3 * P, k), WT).reshape(P, k3, W.shape[0])
    Gn[:, 2] += b
    if not exact_err:
        return Gn, None
    absWT = np.abs(WT)
    absM = np.abs(M).reshape(k3 * P, k)
    En = np.matmul((E * np.abs(D)[:, None, :]).reshape(k3 * P, k), absWT).reshape(Gn.shape)
    En += ((k + 4) * U) * np.matmul(absM, absWT).reshape(Gn.shape)
    En[:, 2] += 2 * U * np.abs(b)
    En += U * np.abs(Gn)  # the float W, b, alpha are roundings of the exact ones
    En *= 1 + 1e-10
    En += 1e-300
    return Gn, En


def _maps_next_float(G, anc, W, b, cur, alpha):
    """Float64 maps of the next layer on every piece, with the GEMM on the ancestors only; overwrites ``G``.

    Each ancestor's first child gives a base pattern; ``W (D_base . G) + b`` is
    one GEMM over the ancestors, and every child adds one rank-1 term per unit
    where its pattern ``cur`` (bool) differs from the base (few: the units that
    cut the ancestor), as one sparse product for the three planes.
    """
    Np, P = G.shape[0], len(anc)
    first = np.empty(Np, dtype=np.intp)
    first[anc[::-1]] = np.arange(P - 1, -1, -1)
    cb = cur[first]
    flips = np.flatnonzero(cur != cb[anc])  # several times faster than a 2-D np.nonzero
    r, j = np.divmod(flips, cur.shape[1])
    if 8 * len(r) > cur.size:  # many flips (the first layers): one GEMM over all pieces is cheaper
        return _maps_next(np.take(G, anc, axis=0), None, W, b, np.where(cur, 1.0, alpha), False)[0]
    WT = np.ascontiguousarray(W.T)
    k = G.shape[2]
    if len(r):  # read G before it is overwritten below
        dv = np.where(cur.ravel()[flips], 1.0 - alpha, alpha - 1.0)
        rows = (3 * r[:, None] + np.arange(3)).ravel()  # row (piece, k) of the (3 pieces, w_prev) operand
        at = (anc[r] * (3 * k) + j)[:, None] + np.arange(0, 3 * k, k)  # G[anc[r], :, j] as one flat gather
        vals = (dv[:, None] * np.take(G.ravel(), at)).ravel()
    # D_base . G in place: G is the caller's scratch from here on (a temporary of G's size costs fresh pages)
    np.multiply(G, np.where(cb, 1.0, alpha)[:, None, :], out=G)
    Base = np.matmul(G.reshape(3 * Np, -1), WT).reshape(Np, 3, W.shape[0])
    Base[:, 2] += b
    Gn = np.take(Base, anc, axis=0)
    if len(r):
        C = csr_matrix((vals, (rows, np.repeat(j, 3))), shape=(3 * P, k))
        Gn.reshape(3 * P, -1)[:] += C @ WT
    return Gn


def _exact_layer_maps(Wb, Gx_prev, anc, bits, alpha_q):
    """Exact maps ``W (D . G) + b`` of every piece, as one python-flint product for the whole layer.

    ``Wb`` is ``[W | b]`` (fmpq_mat); ``Gx_prev`` an object array (w_prev, pieces, 3) of fmpq;
    the extra row ``(0, 0, 1)`` per piece brings in the bias.  Returns the (w, pieces, 3) array.
    """
    E = Gx_prev[:, anc, :]
    mask = bits.T[:, :, None]
    M = np.where(mask, E, 0) if alpha_q == 0 else np.where(mask, E, E * alpha_q)
    w_prev, P = M.shape[0], M.shape[1]
    entries = M.reshape(-1).tolist() + [0, 0, 1] * P
    R = Wb * fmpq_mat(w_prev + 1, 3 * P, entries)
    return np.array(R.entries(), dtype=object).reshape(Wb.nrows(), P, 3)


def _values(GB, anc, V, r0=0):
    """Pre-activations (rows, m) of a block's neurons from row ``r0`` on at points ``V`` (m, 2) of pieces ``anc``.

    ``GB`` is the block's maps laid out (3, neurons, pieces) (`_block_maps`): every coefficient plane of
    a neuron is one 1-D gather, and the result is neuron-major like the pool's ``H``.
    """
    out = np.take(GB[0, r0:], anc, axis=1)
    out *= V[:, 0]
    g = np.take(GB[1, r0:], anc, axis=1)
    g *= V[:, 1]
    out += g
    out += np.take(GB[2, r0:], anc, axis=1)
    return out


def _block_maps(G, j0, j1):
    """The maps of neurons ``j0 .. j1 - 1`` as a contiguous (3, j1 - j0, pieces) array (see `_values`)."""
    return np.ascontiguousarray(G[:, :, j0:j1].transpose(1, 2, 0))


def _slot_tolerance(G, Ev, j, anc, V, exact, rtol):
    """The sign tolerance of neuron ``j`` at points ``V`` of pieces ``anc`` (see the module docstring)."""
    ax, ay = np.abs(V[:, 0]), np.abs(V[:, 1])
    scale = np.abs(G[anc, 0, j]) * ax + np.abs(G[anc, 1, j]) * ay + np.abs(G[anc, 2, j])
    if exact:
        return (Ev[anc, 0, j] * ax + Ev[anc, 1, j] * ay + Ev[anc, 2, j] + 16 * U * scale) * (1 + 1e-6)
    return rtol * scale


def _layer_tolerance(G, Ev, V, exact, rtol):
    """Per neuron, an upper bound of `_slot_tolerance` over every piece and corner: a first, cheap filter."""
    # per column: numpy's axis-0 reduction of an (n, 2) array is many times slower
    box = np.array([np.abs(V[:, 0]).max(), np.abs(V[:, 1]).max(), 1.0]) * (1 + 1e-12)
    if exact:
        return ((Ev.max(axis=0) + 16 * U * np.abs(G).max(axis=0)) * box[:, None]).sum(axis=0) * (1 + 1e-5)
    return (rtol * (np.maximum(G.max(axis=0), -G.min(axis=0)) * box[:, None]).sum(axis=0)) * (1 + 1e-9)


def _settled(G, V, starts, gtol):
    """Per piece and neuron: +1 / -1 when the neuron's line misses the piece's bounding box by more than
    twice its tolerance (every corner, now and after splits, has that strict sign), else 0.

    A cheap (pieces, neurons) filter on the maps, so that corner signs are read only near the lines.
    """
    bounds = starts[:-1]
    lo = np.minimum.reduceat(V, bounds, axis=0)
    hi = np.maximum.reduceat(V, bounds, axis=0)
    c, r = (lo + hi) / 2, (hi - lo) / 2
    P, w = G.shape[0], G.shape[2]
    out = np.empty((P, w), dtype=np.int8)
    # in chunks of pieces whose temporaries stay in cache and are reused (no fresh pages per temporary)
    step = max(1, 8192 // w)
    hc, margin, t = np.empty((step, w)), np.empty((step, w)), np.empty((step, w))
    g2 = 2 * gtol
    for p0 in range(0, P, step):
        p1 = min(P, p0 + step)
        n = p1 - p0
        G0, G1, G2 = G[p0:p1, 0], G[p0:p1, 1], G[p0:p1, 2]
        h, m, u = hc[:n], margin[:n], t[:n]
        np.multiply(G0, c[p0:p1, 0:1], out=h)
        np.multiply(G1, c[p0:p1, 1:2], out=u)
        h += u
        h += G2
        np.abs(G0, out=m)
        m *= r[p0:p1, 0:1]
        np.abs(G1, out=u)
        u *= r[p0:p1, 1:2]
        m += u
        m *= 1 + 1e-12
        m += g2
        np.abs(G2, out=u)
        u += np.abs(h)  # ahc + |G2| (addition commutes exactly)
        u *= 1e-12
        m += u
        np.abs(h, out=u)
        np.greater(u, m, out=out[p0:p1].view(bool))
        out[p0:p1] *= np.sign(h).astype(np.int8)
    return out


class _Pool:
    """Append-only per-layer corner store: coordinates, ancestors, and the current block's pre-activations.

    ``H`` (rows = corners) holds the values of the block of neurons being
    processed, evaluated from the maps for the corners that need them.
    """

    def __init__(self, V, X, anc, nb):
        m = len(V)
        cap = 2 * m + 1024
        self.n = m
        self.V = np.empty((cap, 2))
        self.V[:m] = V
        self.anc = np.empty(cap, dtype=np.intp)
        self.anc[:m] = anc
        self.H = np.empty((nb, cap))  # neuron-major: one neuron's values at many corners is a 1-D gather
        self.X = list(X) if X is not None else None

    def fill(self, slots, GB):
        """Evaluate the block's neurons (maps ``GB``, see `_values`) at corners ``slots``; returns the
        (neurons, len(slots)) values."""
        S = _values(GB, self.anc[slots], self.V[slots])
        self.H[:len(S), slots] = S
        return S

    def append(self, V, X, anc):
        k = len(V)
        if self.n + k > len(self.anc):
            cap = 2 * (self.n + k)
            for name in ("V", "anc"):
                old = getattr(self, name)
                new = np.empty((cap,) + old.shape[1:], dtype=old.dtype)
                new[:self.n] = old[:self.n]
                setattr(self, name, new)
            H = np.empty((self.H.shape[0], cap))
            H[:, :self.n] = self.H[:, :self.n]
            self.H = H
        self.V[self.n:self.n + k] = V
        self.anc[self.n:self.n + k] = anc
        if self.X is not None:
            self.X.extend(X)
        self.n += k


class _Cells:
    """The pieces of one layer: CSR corners (pool indices), edge labels, ancestors, pattern rows."""

    __slots__ = ("starts", "slot_v", "labels", "anc", "cur")

    def __init__(self, starts, slot_v, labels, anc, cur):
        self.starts, self.slot_v, self.labels, self.anc, self.cur = starts, slot_v, labels, anc, cur

    @property
    def pv(self):
        """The piece of every corner (computed when asked: only the merge bookkeeping needs it)."""
        return np.repeat(np.arange(len(self.anc)), np.diff(self.starts))

    def take(self, ids):
        """The sub-complex of pieces ``ids`` (increasing)."""
        mask = np.zeros(len(self.anc), dtype=bool)
        mask[ids] = True
        all_counts = np.diff(self.starts)
        sm = np.repeat(mask, all_counts)
        counts = all_counts[ids]
        return _Cells(np.concatenate([[0], np.cumsum(counts)]), self.slot_v[sm], self.labels[sm], self.anc[ids],
                      self.cur[ids])

    @staticmethod
    def concat(a, b):
        return _Cells(np.concatenate([a.starts, b.starts[1:] + a.starts[-1]]), np.concatenate([a.slot_v, b.slot_v]),
                      np.concatenate([a.labels, b.labels]), np.concatenate([a.anc, b.anc]),
                      np.concatenate([a.cur, b.cur]))


class _Stats:
    """Float64 merges: how many, their width bounds, and where (the first-layer cells they lie in).

    ``top`` maps the current layer's ancestors to their first-layer cell (None during the first layer,
    whose merges set ``layer1``)."""

    __slots__ = ("merged", "max_width", "min_width", "top", "cells", "layer1")

    def __init__(self):
        self.merged, self.max_width, self.min_width = 0, 0.0, np.inf
        self.top, self.cells, self.layer1 = None, set(), False

    def add(self, pieces, widths, ancestors):
        self.merged += pieces
        self.max_width = max(self.max_width, float(widths.max()))
        self.min_width = min(self.min_width, float(widths.min()))
        if self.top is None:
            self.layer1 = True
        else:
            self.cells.update(self.top[ancestors].tolist())


def _signs(S, rows, slots, pool, ctx):
    """Signs (int8) of pre-activations ``S`` (len(rows), n) of neurons ``rows`` at pool corners ``slots``,
    and whether any value was near enough to zero to be read with its tolerance (else the signs are
    ``sign(S)`` and float64 snapped nothing)."""
    Gf, E, exact, rtol, gtol, Gx = ctx["Gf"], ctx["E"], ctx["exact"], ctx["rtol"], ctx["gtol"], ctx["Gx"]
    sg = (S > 0).view(np.int8)  # np.sign(S) as int8 without a float temporary
    sg -= (S < 0).view(np.int8)
    seen = False
    for r, j in enumerate(rows):
        s = S[r]
        near = np.flatnonzero(np.abs(s) <= gtol[j])
        if not len(near):
            continue
        seen = True
        k = slots[near]
        tol = _slot_tolerance(Gf, E, j, pool.anc[k], pool.V[k], exact, rtol)
        zero = near[np.abs(s[near]) <= tol]
        if exact:
            for i in zero:
                kk = int(slots[i])
                g = Gx[j, pool.anc[kk]]
                x, y = pool.X[kk]
                h = g[0] * x + g[1] * y + g[2]
                sg[r, i] = (h > 0) - (h < 0)
        else:
            sg[r, zero] = 0
    return sg, seen


def _sides(sg, bounds, axis=-1):
    """Per piece (segments of ``sg`` starting at ``bounds``): has a corner > 0, has a corner < 0.

    One OR-reduction of a two-bit code instead of a max and a min reduction: the int8 signs
    0, 1, -1 are the bytes 0x00, 0x01, 0xFF, and ``(u >> 6) ^ (u & 1)`` maps them to 0, 1, 2."""
    u = sg.view(np.uint8)
    orr = np.bitwise_or.reduceat((u >> 6) ^ (u & 1), bounds, axis=axis)
    return (orr & 1).astype(bool), orr >= 2


def _merges(S, sg, mx, mn, split, pv, js, slots, pool, Gf, stats, only=None):
    """Float64 bookkeeping: pieces left whole although a corner was snapped from the other side.

    ``S``, ``sg``: (len(js), corners) values and signs; ``mx``, ``mn``, ``split``: (len(js), pieces)
    booleans: the piece has a corner > 0, a corner < 0, both.
    """
    cand = (sg == 0) & (S != 0)
    if not cand.any():
        return
    for r in np.flatnonzero(cand.any(axis=1)):
        i = np.flatnonzero(cand[r])
        p = pv[i]
        side = np.where(mx[r, p], 1, np.where(mn[r, p], -1, 0))
        s = S[r, i]
        opp = ((side == 0) | (np.sign(s) != side)) & ~split[r, p]
        if only is not None:
            opp &= only[p]
        if opp.any():
            k = pool.anc[slots[i[opp]]]
            j = js[r]
            grad = np.hypot(Gf[k, 0, j], Gf[k, 1, j])
            stats.add(len(np.unique(p[opp])), np.abs(s[opp]) / np.where(grad > 0, grad, 1.0), k)


def _run(cells, js, pool, ctx, stats):
    """Split ``cells`` by neurons ``js`` one after the other (the pieces that may be split)."""
    Gf, exact, w, offset = ctx["Gf"], ctx["exact"], ctx["w"], ctx["offset"]
    starts, slot_v, labels, anc = cells.starts, cells.slot_v, cells.labels, cells.anc
    statusT = ctx["statusT"]
    # the block's bits apart from the layer's other bits, and the row each piece came from, so that
    # the (pieces, w) pattern rows are reordered once at the end instead of after every split
    # (one bit per neuron of the block, so that reordering the pieces gathers one small integer each)
    bt = np.uint8 if len(js) <= 8 else np.uint16 if len(js) <= 16 else np.uint32 if len(js) <= 32 else np.uint64
    blk = np.zeros(len(anc), dtype=bt)
    row = np.arange(len(anc))
    counts = np.diff(starts)
    for j in js:
        jj = bt(j - js[0])
        bit = bt(1 << jj)
        st = statusT[j][anc]
        if st.all():  # every piece settled for this unit (see `_settled`): no corner to read
            blk |= (st > 0).astype(bt) << jj
            continue
        s = pool.H[j - js[0]][slot_v]
        sg, near = _signs(s[None], [j], slot_v, pool, ctx)
        sg = sg[0]
        mx, mn = _sides(sg, starts[:-1])
        split = mx & mn
        if near and not exact:
            pv = np.repeat(np.arange(len(anc)), counts)
            _merges(s[None], sg[None], mx[None], mn[None], split[None], pv, [j], slot_v, pool, Gf, stats)
        blk |= mx.astype(bt) << jj
        split_ids = np.flatnonzero(split)
        if not len(split_ids):
            continue
        sv = np.repeat(split, counts)
        idx = np.flatnonzero(sv)
        cs = counts[split_ids]
        pvi = np.repeat(split_ids, cs)  # the piece of each corner idx
        ends = np.cumsum(cs)  # in idx: one past each split piece's corners
        nxt = idx + 1
        nxt[ends - 1] = starts[split_ids]  # the last corner's edge closes the polygon
        sgi, sgn = sg[idx], sg[nxt]
        cross = (sgi.astype(np.int16) * sgn) < 0
        ci, cn = idx[cross], nxt[cross]
        ncross = len(ci)
        vi, vn = slot_v[ci], slot_v[cn]
        canc = pool.anc[vi]
        if exact:
            Gx = ctx["Gx"]
            Q = []
            Qf = np.empty((ncross, 2))
            for k in range(ncross):
                r = Gx[j, canc[k]]
                (x0, y0), (x1, y1) = pool.X[int(vi[k])], pool.X[int(vn[k])]
                h0 = r[0] * x0 + r[1] * y0 + r[2]
                h1 = r[0] * x1 + r[1] * y1 + r[2]
                t = h0 / (h0 - h1)
                qx, qy = x0 + t * (x1 - x0), y0 + t * (y1 - y0)
                Q.append((qx, qy))
                Qf[k, 0], Qf[k, 1] = float(qx), float(qy)
        else:
            # interpolate from the positive end to the negative one, so that two pieces
            # sharing the edge compute the same point from the same corners
            Q = None
            pos = sgi[cross] > 0
            vp, vq = np.where(pos, vi, vn), np.where(pos, vn, vi)
            sp, sq = s[np.where(pos, ci, cn)], s[np.where(pos, cn, ci)]
            t = (sp / (sp - sq))[:, None]
            P0 = pool.V[vp]
            Qf = P0 + t * (pool.V[vq] - P0)
        base = pool.n
        pool.append(Qf, Q, canc)
        if j < js[-1]:  # the neurons after j read the new corners
            pool.H[j + 1 - js[0]:len(js), base:pool.n] = _values(ctx["GB"], canc, Qf, j + 1 - js[0])
        cross_id = np.cumsum(cross) - 1  # read only where cross is set
        # emission slots: (corner idx[m], crossing on edge idx[m] -> nxt[m])
        src = _interleave(slot_v[idx], base + cross_id)
        lab_i = labels[idx]
        new_label = offset + anc[pvi] * w + j
        plus_mask = _interleave(sgi >= 0, cross)
        minus_mask = _interleave(sgi <= 0, cross)
        # the out-edge label of each emitted slot, per child
        lab_plus = _interleave(np.where((sgi == 0) & (sgn < 0), new_label, lab_i), np.where(sgn > 0, lab_i, new_label))
        lab_minus = _interleave(np.where((sgi == 0) & (sgn > 0), new_label, lab_i), np.where(sgn < 0, lab_i, new_label))
        keep = ~sv
        seg = np.empty(len(split_ids), dtype=np.intp)  # each split piece's emitted slots (two per corner)
        seg[0] = 0
        seg[1:] = 2 * ends[:-1]
        cplus = np.add.reduceat(plus_mask, seg, dtype=np.intp)
        cminus = np.add.reduceat(minus_mask, seg, dtype=np.intp)
        slot_v = np.concatenate([slot_v[keep], src[plus_mask], src[minus_mask]])
        labels = np.concatenate([labels[keep], lab_plus[plus_mask], lab_minus[minus_mask]])
        nonsplit_ids = np.flatnonzero(~split)
        counts = np.concatenate([counts[nonsplit_ids], cplus, cminus])
        starts = np.concatenate([[0], np.cumsum(counts)])
        order = np.concatenate([nonsplit_ids, split_ids, split_ids])
        anc = anc[order]
        row = row[order]
        blk = blk[order]
        blk[len(nonsplit_ids) + len(split_ids):] &= ~bit  # the negative children (split pieces had mx set)
    cur = cells.cur[row]
    cur[:, js[0]:js[-1] + 1] = (blk[:, None] >> np.arange(len(js), dtype=bt)) & 1
    return _Cells(starts, slot_v, labels, anc, cur)


#: Neurons whose signs are read together; only the pieces one of them splits are then split one neuron at a time.
BLOCK = 8


def subdivide(layers_f, layers_q, alpha, alpha_q, domain_f, domain_q, *, exact, rtol, max_regions):
    """Subdivide the convex polygon ``domain`` by every hidden neuron of the network.

    ``layers_f``: float (W, b); ``layers_q``: fmpq_mat pairs (exact mode) or None;
    ``domain_f``: (k, 2) float counter-clockwise vertices; ``domain_q``: the same as
    fmpq pairs (exact mode).  Returns a `PlanarState`.

    Within a layer the pieces' corners are indices into an append-only pool
    (``slot_v``): a split only appends its crossing points and rebuilds the
    index arrays.  The signs of a block of neurons are read at once; the pieces
    none of them splits are settled for the whole block, the others are split
    one neuron at a time.
    """
    V = np.array(domain_f, dtype=float)
    nv = len(V)
    X = [tuple(p) for p in domain_q] if exact else None
    starts = np.array([0, nv])
    labels = -1 - np.arange(nv)
    anc = np.zeros(1, dtype=np.intp)
    W0, b0 = layers_f[0]
    Gf = np.stack([W0[:, 0], W0[:, 1], b0])[None, :, :]  # (pieces, (x, y, 1), neurons)
    E = U * np.abs(Gf) + 1e-300 if exact else None
    Gx = None
    if exact:
        Wq, bq = layers_q[0]
        Gx = np.empty((Wq.nrows(), 1, 3), dtype=object)  # exact maps: (neurons, pieces, 3)
        for i in range(Wq.nrows()):
            Gx[i, 0] = (Wq[i, 0], Wq[i, 1], bq[i, 0])
    history = []  # per hidden layer: (Np, w) bool, rows in the current piece order (earlier layers: by ancestor)
    stats = _Stats()
    offset = 0
    n_hidden = len(layers_f) - 1
    for l in range(n_hidden):
        w = layers_f[l][0].shape[0]
        Np = len(anc)
        pv = np.repeat(np.arange(Np), np.diff(starts))
        pool = _Pool(V, X, pv, BLOCK)
        ctx = {"Gf": Gf, "E": E, "exact": exact, "rtol": rtol, "w": w, "offset": offset,
               "gtol": _layer_tolerance(Gf, E, V, exact, rtol),  # new corners stay inside the same bounding box
               "Gx": Gx}
        cells = _Cells(starts, np.arange(len(V)), labels, anc, np.zeros((Np, w), dtype=bool))
        status = _settled(Gf, V, starts, ctx["gtol"])
        ctx["statusT"] = np.ascontiguousarray(status.T)  # a neuron's row: one 1-D gather by ancestors
        for j0 in range(0, w, BLOCK):
            js = list(range(j0, min(w, j0 + BLOCK)))
            j1 = js[-1] + 1
            st = np.take(ctx["statusT"][j0:j1], cells.anc, axis=1)  # (neurons, pieces): reductions along pieces
            open_ = (st == 0).any(axis=0)
            settled = np.flatnonzero(~open_)
            cells.cur[settled, j0:j1] = (st[:, settled] > 0).T
            open_ids = np.flatnonzero(open_)
            if not len(open_ids):
                continue
            sub = cells.take(open_ids) if len(settled) else cells
            GB = ctx["GB"] = _block_maps(Gf, j0, j1)
            S = pool.fill(sub.slot_v, GB)
            sg, near = _signs(S, js, sub.slot_v, pool, ctx)
            mx, mn = _sides(sg, sub.starts[:-1], axis=1)
            split = mx & mn
            touched = split.any(axis=0)
            still = np.flatnonzero(~touched)
            if near and not exact:
                _merges(S, sg, mx, mn, split, sub.pv, js, sub.slot_v, pool, Gf, stats, only=~touched)
            sub.cur[still, j0:j1] = mx[:, still].T
            if not touched.any():
                if sub is not cells:
                    cells.cur[open_ids, j0:j1] = sub.cur[:, j0:j1]
                continue
            moved = _run(sub.take(np.flatnonzero(touched)), js, pool, ctx, stats)
            if sub is not cells:
                cells.cur[open_ids[still], j0:j1] = sub.cur[still, j0:j1]
                keep = np.ones(len(cells.anc), dtype=bool)
                keep[open_ids[touched]] = False
                rest = cells.take(np.flatnonzero(keep))
            else:
                rest = cells.take(still)
            cells = _Cells.concat(rest, moved)
            if len(cells.anc) > max_regions:
                raise SizeLimitExceeded("network", "this network on this domain", size=len(cells.anc),
                                        limit=max_regions, unit="regions", option="max_regions")
        starts, labels, anc = cells.starts, cells.labels, cells.anc
        history = [h[anc] for h in history] + [cells.cur]  # a piece's earlier bits are its ancestor's
        stats.top = np.arange(len(anc)) if stats.top is None else stats.top[anc]  # first-layer cell of each piece
        offset += Gf.shape[0] * w  # labels: one per (ancestor, neuron) of this layer
        V = pool.V[cells.slot_v]
        X = [pool.X[k] for k in cells.slot_v] if exact else None
        # maps of the next layer's pre-activations on every current piece
        Wn, bn = layers_f[l + 1]
        if exact:
            D = np.where(cells.cur, 1.0, float(alpha))
            Gf, E = _maps_next(np.take(Gf, anc, axis=0), np.take(E, anc, axis=0), Wn, bn, D, True)
        else:
            Gf = _maps_next_float(Gf, anc, Wn, bn, cells.cur, float(alpha))  # (the old maps are overwritten)
        if exact:
            Wq, bq = layers_q[l + 1]
            Wb = fmpq_mat(Wq.nrows(), Wq.ncols() + 1, [v for i in range(Wq.nrows())
                                                       for v in [Wq[i, k] for k in range(Wq.ncols())] + [bq[i, 0]]])
            Gx = _exact_layer_maps(Wb, Gx, anc, cells.cur, alpha_q)
        anc = np.arange(len(anc))
    state = PlanarState()
    state.starts, state.V, state.labels = starts, V, labels
    if exact:
        Xa = np.empty((len(X), 2), dtype=object)
        for i, (x, y) in enumerate(X):
            Xa[i, 0], Xa[i, 1] = x, y
        state.X = Xa
    else:
        state.X = None
    state.patterns = history
    state.Gout = np.ascontiguousarray(Gf[anc].transpose(0, 2, 1))
    state.Gout_exact = np.ascontiguousarray(Gx[:, anc, :].transpose(1, 0, 2)) if exact else None
    state.merged, state.max_width = stats.merged, stats.max_width
    state.top, state.merged_cells, state.merged_layer1 = stats.top, sorted(stats.cells), stats.layer1
    state.min_width = stats.min_width if stats.merged else 0.0
    return state
