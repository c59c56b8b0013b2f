"""The 2-D subdivision engine: convex polygons split by each neuron's line, all pieces at once.

Pieces are stored flat (CSR): ``V[starts[p]:starts[p + 1]]`` are piece ``p``'s
vertices in counter-clockwise order.  For every hidden neuron ``j`` of layer
``l`` the pre-activation is affine on each piece that entered layer ``l``
(its *ancestor* ``anc[p]``), with coefficients ``G[anc[p], j] = (a1, a2, a0)``;
one pass over all vertices gives the sign of ``a . (x, 1)`` at every vertex,
and the pieces with vertices of both strict signs are split (numpy, no loop
over pieces).

Exact mode keeps exact vertices (python-flint ``fmpq``) next to float ones.
A sign is read from the float value when it exceeds a certified bound on the
float error (``_error_bound``); otherwise it is computed exactly.  Crossing
points are always computed exactly, so exact mode decides every sign exactly
while paying exact arithmetic only for the new vertices and the uncertain signs.

Float mode treats a vertex with ``|a . (x, 1)| <= tol`` as on the line
(``tol = rtol * (|a| . (|x|, 1)) + the propagated bound``); a piece that is not
split although a vertex was snapped from the other side hides a possible sliver
of width at most ``|value| / |(a1, a2)|``: it is counted in ``merged``.

Edges carry labels (the line they lie on): domain edges ``-1 - k``, the cut of
neuron ``j`` of layer ``l`` through ancestor ``e`` gets ``offset_l + e * w_l + j``.
Two pieces are adjacent when edges with the same label overlap.
"""

from __future__ import annotations

import numpy as np
from flint import fmpq_mat

from ..errors import SizeLimitExceeded

U = 2.0**-53


def _interleave(a, b):
    out = np.empty(2 * len(a), dtype=np.result_type(a, b))
    out[0::2] = a
    out[1::2] = b
    return out


class PlanarState:
    """The result of `subdivide`: flat arrays (see the module docstring)."""

    __slots__ = ("starts", "V", "X", "labels", "patterns", "Gout", "Gout_exact", "merged", "max_width", "min_width")


def _batched(W, M):
    """``W @ M[:, p]`` for every ``p`` as one matrix product (M of shape (j, p, k), neuron-major)."""
    j, p, k = M.shape
    return (W @ M.reshape(j, p * k)).reshape(W.shape[0], p, k)


def _maps_next(Gf, E, W, b, D, exact_err):
    """Float maps of the next layer's pre-activations and (exact mode) a bound on their error."""
    M = np.empty(Gf.shape)  # C order, so that the reshape in _batched is a view
    np.multiply(D.T[:, :, None], Gf, out=M)
    Gn = _batched(W, M)
    Gn[:, :, 2] += b[:, None]
    if not exact_err:
        return Gn, None
    k = W.shape[1]
    absW = np.abs(W)
    DE = np.empty(E.shape)
    np.multiply(np.abs(D).T[:, :, None], E, out=DE)
    En = _batched(absW, DE)
    En += ((k + 4) * U) * _batched(absW, np.abs(M))
    En[:, :, 2] += 2 * U * np.abs(b)[:, None]
    En += U * np.abs(Gn)  # the float W, b, alpha are roundings of the exact ones
    En *= 1 + 1e-10
    En += 1e-300
    return Gn, En


def _exact_layer_maps(Wq, Bq, Gx_prev, anc, bits, alpha_q, n_out):
    """Exact maps ``W (D . G) + b`` for each piece (python-flint matrices)."""
    out = []
    rows = Gx_prev[0].nrows() if Gx_prev else 0
    for p in range(len(anc)):
        entries = Gx_prev[anc[p]].entries()
        bp = bits[p]
        masked = []
        for i in range(rows):
            if bp[i]:
                masked.extend(entries[3 * i:3 * i + 3])
            elif alpha_q != 0:
                masked.extend([alpha_q * e for e in entries[3 * i:3 * i + 3]])
            else:
                masked.extend((0, 0, 0))
        out.append(Wq * fmpq_mat(rows, 3, masked) + Bq)
    return out


def _values(G, anc, V, out=None):
    """Pre-activations ``H`` (w, m) at points ``V`` (m, 2) of pieces ``anc`` (into ``out`` if given)."""
    m = len(V)
    H = np.empty((G.shape[0], m)) if out is None else out
    Vh = np.concatenate([V, np.ones((m, 1))], axis=1)
    for lo in range(0, m, 4096):  # chunks keep the (w, chunk, 3) gathers small
        hi = min(m, lo + 4096)
        H[:, lo:hi] = np.einsum("wnk,nk->wn", G[:, anc[lo:hi]], Vh[lo:hi])
    return H


def _slot_tolerance(G, Ev, j, anc, V, exact, rtol):
    """The sign tolerance of neuron ``j`` at points ``V`` of pieces ``anc`` (see the module docstring)."""
    A = np.abs(np.concatenate([V, np.ones((len(V), 1))], axis=1))
    scale = np.einsum("nk,nk->n", np.abs(G[j, anc]), A)
    if exact:
        return (np.einsum("nk,nk->n", Ev[j, anc], A) + 16 * U * scale) * (1 + 1e-6)
    return rtol * scale


def _layer_tolerance(G, Ev, V, exact, rtol):
    """Per neuron, an upper bound of `_slot_tolerance` over every piece and corner: a first, cheap filter."""
    box = np.append(np.abs(V).max(axis=0), 1.0) * (1 + 1e-12)
    if exact:
        return ((Ev.max(axis=1) + 16 * U * np.abs(G).max(axis=1)) @ box) * (1 + 1e-5)
    return (rtol * (np.abs(G).max(axis=1) @ box)) * (1 + 1e-9)


class _Pool:
    """Append-only per-layer vertex store: coordinates, ancestors and pre-activations (by column)."""

    def __init__(self, V, X, anc, G):
        m = len(V)
        cap = 4 * m + 1024
        self.n = m
        self.V = np.empty((cap, 2))
        self.V[:m] = V
        self.anc = np.empty(cap, dtype=np.intp)
        self.anc[:m] = anc
        self.H = np.empty((G.shape[0], cap))
        _values(G, anc, V, out=self.H[:, :m])
        self.X = list(X) if X is not None else None

    def append(self, V, X, anc, H):
        k = len(V)
        if self.n + k > len(self.anc):
            cap = 2 * (self.n + k)
            for name in ("V", "anc"):
                old = getattr(self, name)
                new = np.empty((cap,) + old.shape[1:], dtype=old.dtype)
                new[:self.n] = old[:self.n]
                setattr(self, name, new)
            new = np.empty((self.H.shape[0], cap))
            new[:, :self.n] = self.H[:, :self.n]
            self.H = new
        self.V[self.n:self.n + k] = V
        self.anc[self.n:self.n + k] = anc
        self.H[:, self.n:self.n + k] = H
        if self.X is not None:
            self.X.extend(X)
        self.n += k


def subdivide(layers_f, layers_q, alpha, alpha_q, domain_f, domain_q, *, exact, rtol, max_regions):
    """Subdivide the convex polygon ``domain`` by every hidden neuron of the network.

    ``layers_f``: float (W, b); ``layers_q``: fmpq_mat pairs (exact mode) or None;
    ``domain_f``: (k, 2) float counter-clockwise vertices; ``domain_q``: the same as
    fmpq pairs (exact mode).  Returns a `PlanarState`.

    Within a layer the pieces' corners are indices into an append-only pool
    (``slot_v``): a split only appends its crossing points and rebuilds the
    index arrays, so the per-neuron work is a gather of one row of ``H``.
    """
    V = np.array(domain_f, dtype=float)
    nv = len(V)
    X = [tuple(p) for p in domain_q] if exact else None
    starts = np.array([0, nv])
    labels = -1 - np.arange(nv)
    anc = np.zeros(1, dtype=np.intp)
    W0, b0 = layers_f[0]
    Gf = np.concatenate([W0, b0[:, None]], axis=1)[:, None, :]  # (neurons, pieces, 3)
    E = U * np.abs(Gf) + 1e-300 if exact else None
    Gx = None
    if exact:
        Wq, bq = layers_q[0]
        Gx = [fmpq_mat(Wq.nrows(), 3, [v for i in range(Wq.nrows()) for v in (Wq[i, 0], Wq[i, 1], bq[i, 0])])]
    history = []  # per hidden layer: (Np, w) bool, rows in the current piece order
    merged = 0
    max_width = 0.0
    min_width = np.inf
    offset = 0
    n_hidden = len(layers_f) - 1
    for l in range(n_hidden):
        w = layers_f[l][0].shape[0]
        Np = len(anc)
        cur = np.zeros((Np, w), dtype=bool)
        Gx_rows = [G.entries() for G in Gx] if exact else None
        pv = np.repeat(np.arange(Np), np.diff(starts))
        pool = _Pool(V, X, pv, Gf)
        slot_v = np.arange(len(V))
        gtol = _layer_tolerance(Gf, E, V, exact, rtol)  # new corners stay inside the same bounding box
        for j in range(w):
            s = pool.H[j][slot_v]
            sg = np.sign(s).astype(np.int8)
            near = np.flatnonzero(np.abs(s) <= gtol[j])
            if len(near):
                k = slot_v[near]
                tol = _slot_tolerance(Gf, E, j, pool.anc[k], pool.V[k], exact, rtol)
                sg[near[np.abs(s[near]) <= tol]] = 0
            exact_h = {}
            if exact:
                for i in np.flatnonzero(sg == 0):
                    k = int(slot_v[i])
                    r = Gx_rows[pool.anc[k]]
                    x, y = pool.X[k]
                    h = r[3 * j] * x + r[3 * j + 1] * y + r[3 * j + 2]
                    exact_h[k] = h
                    sg[i] = (h > 0) - (h < 0)
            bounds = starts[:-1]
            mx = np.maximum.reduceat(sg, bounds)
            mn = np.minimum.reduceat(sg, bounds)
            split = (mx > 0) & (mn < 0)
            if not exact:
                side = np.where(mx > 0, 1, np.where(mn < 0, -1, 0))
                vs = side[pv]
                opp = (sg == 0) & (s != 0) & ((vs == 0) | (np.sign(s) != vs)) & ~split[pv]
                if opp.any():
                    g = Gf[j, pool.anc[slot_v[opp]], :2]
                    grad = np.hypot(g[:, 0], g[:, 1])
                    widths = np.abs(s[opp]) / np.where(grad > 0, grad, 1.0)
                    merged += len(np.unique(pv[opp]))
                    max_width = max(max_width, float(widths.max()))
                    min_width = min(min_width, float(widths.min()))
            cur[:, j] = mx > 0
            if not split.any():
                continue
            # -- split the pieces with corners strictly on both sides ----------
            sv = split[pv]
            idx = np.flatnonzero(sv)
            nxt = idx + 1
            last = nxt == starts[pv[idx] + 1]
            nxt[last] = starts[pv[idx[last]]]
            sgi, sgn = sg[idx], sg[nxt]
            cross = (sgi.astype(np.int16) * sgn) < 0
            ci, cn = idx[cross], nxt[cross]
            ncross = len(ci)
            vi, vn = slot_v[ci], slot_v[cn]
            canc = pool.anc[vi]
            if exact:
                Q = []
                Qf = np.empty((ncross, 2))
                for k in range(ncross):
                    i0, i1 = int(vi[k]), int(vn[k])
                    r = Gx_rows[canc[k]]
                    (x0, y0), (x1, y1) = pool.X[i0], pool.X[i1]
                    h0 = exact_h.get(i0)
                    if h0 is None:
                        h0 = r[3 * j] * x0 + r[3 * j + 1] * y0 + r[3 * j + 2]
                    h1 = exact_h.get(i1)
                    if h1 is None:
                        h1 = r[3 * j] * x1 + r[3 * j + 1] * y1 + r[3 * j + 2]
                    t = h0 / (h0 - h1)
                    qx, qy = x0 + t * (x1 - x0), y0 + t * (y1 - y0)
                    Q.append((qx, qy))
                    Qf[k, 0], Qf[k, 1] = float(qx), float(qy)
            else:
                Q = None
                t = s[ci] / (s[ci] - s[cn])
                P0, P1 = pool.V[vi], pool.V[vn]
                Qf = P0 + t[:, None] * (P1 - P0)
            Hq = _values(Gf, canc, Qf)
            base = pool.n
            pool.append(Qf, Q, canc, Hq)
            cross_id = np.full(len(idx), -1, dtype=np.intp)
            cross_id[cross] = np.arange(ncross)
            # emission slots: (corner idx[m], crossing on edge idx[m] -> nxt[m])
            src = _interleave(slot_v[idx], base + cross_id)
            slot_piece = np.repeat(pv[idx], 2)
            lab_i = labels[idx]
            new_label = offset + anc[pv[idx]] * w + j
            plus_mask = _interleave(sgi >= 0, cross)
            minus_mask = _interleave(sgi <= 0, cross)
            # the out-edge label of each emitted slot, per child
            lab_plus = _interleave(np.where((sgi == 0) & (sgn < 0), new_label, lab_i), np.where(sgn > 0, lab_i, new_label))
            lab_minus = _interleave(np.where((sgi == 0) & (sgn > 0), new_label, lab_i), np.where(sgn < 0, lab_i, new_label))
            keep = np.flatnonzero(~sv)
            split_ids = np.flatnonzero(split)
            rank = np.full(Np, -1, dtype=np.intp)
            rank[split_ids] = np.arange(len(split_ids))
            cplus = np.bincount(rank[slot_piece[plus_mask]], minlength=len(split_ids))
            cminus = np.bincount(rank[slot_piece[minus_mask]], minlength=len(split_ids))
            slot_v = np.concatenate([slot_v[keep], src[plus_mask], src[minus_mask]])
            labels = np.concatenate([labels[keep], lab_plus[plus_mask], lab_minus[minus_mask]])
            nonsplit_ids = np.flatnonzero(~split)
            new_counts = np.concatenate([np.diff(starts)[nonsplit_ids], cplus, cminus])
            starts = np.concatenate([[0], np.cumsum(new_counts)])
            order = np.concatenate([nonsplit_ids, split_ids, split_ids])
            anc = anc[order]
            cur = cur[order]
            history = [h[order] for h in history]
            ns = len(nonsplit_ids)
            cur[ns:ns + len(split_ids), j] = True
            cur[ns + len(split_ids):, j] = False
            Np = len(anc)
            pv = np.repeat(np.arange(Np), new_counts)
            if Np > max_regions:
                raise SizeLimitExceeded("network", "this network on this domain", size=Np, limit=max_regions,
                                        unit="regions", option="max_regions")
        history.append(cur)
        offset += Gf.shape[1] * w
        V = pool.V[slot_v]
        X = [pool.X[k] for k in slot_v] if exact else None
        # maps of the next layer's pre-activations on every current piece
        Wn, bn = layers_f[l + 1]
        D = np.where(cur, 1.0, float(alpha))
        Gf, E = _maps_next(Gf[:, anc], E[:, anc] if exact else None, Wn, bn, D, exact)
        if exact:
            Wq, bq = layers_q[l + 1]
            Bq = fmpq_mat(Wq.nrows(), 3, [v for i in range(Wq.nrows()) for v in (0, 0, bq[i, 0])])
            Gx = _exact_layer_maps(Wq, Bq, Gx, anc, cur, alpha_q, Wq.nrows())
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
    state.Gout = Gf[:, anc].transpose(1, 0, 2)
    state.Gout_exact = [Gx[a] for a in anc] if exact else None
    state.merged, state.max_width = merged, max_width
    state.min_width = min_width if merged else 0.0
    return state
