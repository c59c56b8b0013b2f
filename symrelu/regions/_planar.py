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
    """``W @ M[p]`` for every ``p`` as one matrix product (M of shape (p, j, k))."""
    p, j, k = M.shape
    out = W @ M.transpose(1, 0, 2).reshape(j, p * k)
    return out.reshape(W.shape[0], p, k).transpose(1, 0, 2)


def _maps_next(Gf, E, W, b, D, exact_err):
    """Float maps of the next layer's pre-activations and (exact mode) a bound on their error."""
    M = D[:, :, None] * Gf
    Gn = _batched(W, M)
    Gn[:, :, 2] += b
    if not exact_err:
        return Gn, None
    k = W.shape[1]
    absW = np.abs(W)
    En = _batched(absW, np.abs(D)[:, :, None] * E)
    En += ((k + 4) * U) * _batched(absW, np.abs(M))
    En[:, :, 2] += 2 * U * np.abs(b)
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


def subdivide(layers_f, layers_q, alpha, alpha_q, domain_f, domain_q, *, exact, rtol, max_regions, check_every=1):
    """Subdivide the convex polygon ``domain`` by every hidden neuron of the network.

    ``layers_f``: float (W, b); ``layers_q``: fmpq_mat pairs (exact mode) or None;
    ``domain_f``: (k, 2) float counter-clockwise vertices; ``domain_q``: the same as
    fmpq pairs (exact mode).  Returns a `PlanarState`.
    """
    V = np.array(domain_f, dtype=float)
    nv = len(V)
    X = np.empty((nv, 2), dtype=object)
    if exact:
        for i, (x, y) in enumerate(domain_q):
            X[i, 0], X[i, 1] = x, y
    starts = np.array([0, nv])
    labels = -1 - np.arange(nv)
    pv = np.zeros(nv, dtype=np.intp)
    anc = np.zeros(1, dtype=np.intp)
    W0, b0 = layers_f[0]
    Gf = np.concatenate([W0, b0[:, None]], axis=1)[None]
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
        for j in range(w):
            Gj = Gf[:, j, :]
            Vh0, Vh1 = V[:, 0], V[:, 1]
            a = Gj[anc[pv]]
            s = a[:, 0] * Vh0 + a[:, 1] * Vh1 + a[:, 2]
            ax, ay = np.abs(Vh0), np.abs(Vh1)
            absa = np.abs(a)
            scale = absa[:, 0] * ax + absa[:, 1] * ay + absa[:, 2]
            if exact:
                e = E[:, j, :][anc[pv]]
                tol = (e[:, 0] * ax + e[:, 1] * ay + e[:, 2] + 16 * U * scale) * (1 + 1e-6)
            else:
                tol = rtol * scale
            sg = np.where(s > tol, 1, np.where(s < -tol, -1, 0)).astype(np.int8)
            exact_h = {}
            if exact:
                for i in np.flatnonzero(sg == 0):
                    r = Gx_rows[anc[pv[i]]]
                    h = r[3 * j] * X[i, 0] + r[3 * j + 1] * X[i, 1] + r[3 * j + 2]
                    exact_h[int(i)] = h
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
                    grad = np.hypot(a[opp, 0], a[opp, 1])
                    widths = np.abs(s[opp]) / np.where(grad > 0, grad, 1.0)
                    pieces = np.unique(pv[opp])
                    merged += len(pieces)
                    max_width = max(max_width, float(widths.max()))
                    min_width = min(min_width, float(widths.min()))
            cur[:, j] = mx > 0
            if not split.any():
                continue
            # -- split the pieces with vertices strictly on both sides ----------
            sv = split[pv]
            idx = np.flatnonzero(sv)
            nxt = idx + 1
            last = nxt == starts[pv[idx] + 1]
            nxt[last] = starts[pv[idx[last]]]
            sgi, sgn = sg[idx], sg[nxt]
            cross = (sgi.astype(np.int16) * sgn) < 0
            ci, cn = idx[cross], nxt[cross]
            ncross = len(ci)
            if exact:
                Q = np.empty((ncross, 2), dtype=object)
                Qf = np.empty((ncross, 2))
                for k in range(ncross):
                    i0, i1 = int(ci[k]), int(cn[k])
                    r = Gx_rows[anc[pv[i0]]]
                    h0 = exact_h.get(i0)
                    if h0 is None:
                        h0 = r[3 * j] * X[i0, 0] + r[3 * j + 1] * X[i0, 1] + r[3 * j + 2]
                    h1 = exact_h.get(i1)
                    if h1 is None:
                        h1 = r[3 * j] * X[i1, 0] + r[3 * j + 1] * X[i1, 1] + r[3 * j + 2]
                    t = h0 / (h0 - h1)
                    qx = X[i0, 0] + t * (X[i1, 0] - X[i0, 0])
                    qy = X[i0, 1] + t * (X[i1, 1] - X[i0, 1])
                    Q[k, 0], Q[k, 1] = qx, qy
                    Qf[k, 0], Qf[k, 1] = float(qx), float(qy)
            else:
                t = s[ci] / (s[ci] - s[cn])
                Qf = V[ci] + t[:, None] * (V[cn] - V[ci])
            cross_id = np.full(len(idx), -1, dtype=np.intp)
            cross_id[cross] = np.arange(ncross)
            # emission slots: (vertex idx[m], crossing on edge idx[m] -> nxt[m])
            src = _interleave(idx, len(V) + cross_id)
            src[1::2][~cross] = -1
            slot_piece = np.repeat(pv[idx], 2)
            lab_i = labels[idx]
            new_label = offset + anc[pv[idx]] * w + j
            plus_mask = _interleave(sgi >= 0, cross)
            minus_mask = _interleave(sgi <= 0, cross)
            # the out-edge label of each emitted slot, per child
            lab_v_plus = np.where((sgi == 0) & (sgn < 0), new_label, lab_i)
            lab_q_plus = np.where(sgn > 0, lab_i, new_label)
            lab_v_minus = np.where((sgi == 0) & (sgn > 0), new_label, lab_i)
            lab_q_minus = np.where(sgn < 0, lab_i, new_label)
            lab_plus = _interleave(lab_v_plus, lab_q_plus)
            lab_minus = _interleave(lab_v_minus, lab_q_minus)
            keep = np.flatnonzero(~sv)
            split_ids = np.flatnonzero(split)
            rank = np.full(Np, -1, dtype=np.intp)
            rank[split_ids] = np.arange(len(split_ids))
            plus_src, minus_src = src[plus_mask], src[minus_mask]
            cplus = np.bincount(rank[slot_piece[plus_mask]], minlength=len(split_ids))
            cminus = np.bincount(rank[slot_piece[minus_mask]], minlength=len(split_ids))
            new_src = np.concatenate([keep, plus_src, minus_src])
            allV = np.concatenate([V, Qf]) if ncross else V
            V = allV[new_src]
            if exact:
                allX = np.concatenate([X, Q]) if ncross else X
                X = allX[new_src]
            labels = np.concatenate([labels[keep], lab_plus[plus_mask], lab_minus[minus_mask]])
            counts = np.diff(starts)
            nonsplit_ids = np.flatnonzero(~split)
            new_counts = np.concatenate([counts[nonsplit_ids], cplus, cminus])
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
        offset += len(Gf) * w
        # maps of the next layer's pre-activations on every current piece
        Wn, bn = layers_f[l + 1]
        D = np.where(cur, 1.0, float(alpha))
        Gf, E = _maps_next(Gf[anc], E[anc] if exact else None, Wn, bn, D, exact)
        if exact:
            Wq, bq = layers_q[l + 1]
            Bq = fmpq_mat(Wq.nrows(), 3, [v for i in range(Wq.nrows()) for v in (0, 0, bq[i, 0])])
            Gx = _exact_layer_maps(Wq, Bq, Gx, anc, cur, alpha_q, Wq.nrows())
        anc = np.arange(len(anc))
    state = PlanarState()
    state.starts, state.V, state.labels = starts, V, labels
    state.X = X if exact else None
    state.patterns = history
    state.Gout = Gf[anc]
    state.Gout_exact = [Gx[a] for a in anc] if exact else None
    state.merged, state.max_width = merged, max_width
    state.min_width = min_width if merged else 0.0
    return state
