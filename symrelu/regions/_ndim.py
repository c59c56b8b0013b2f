"""The n-D subdivision engine: exact vertex enumeration of convex polytopes, one piece at a time.

A piece is its vertices and, for every vertex, the set of constraints tight
there.  Two vertices span an edge exactly when the constraints tight at both
have rank ``n - 1`` (the algebraic adjacency test), so a hyperplane ``h = 0``
splits a piece by the signs of ``h`` at its vertices alone: the new vertices
are the crossing points of the edges joining a strictly positive and a
strictly negative vertex.  No LP, no tolerance in exact mode (python-flint
``fmpq`` numbers, ``fmpq_mat.rank``).  Float mode reads ``|h| <= tol`` as zero
and counts the pieces whose split it suppressed (``merged``).

The engine is meant for small ``n`` (the vertex count of a piece can grow
like ``2^n``); the planar engine is used for ``n = 2``.
"""

from __future__ import annotations

import numpy as np
from flint import fmpq_mat

from ..errors import SizeLimitExceeded


class Piece:
    __slots__ = ("verts", "tight", "cons", "bits", "G")

    def __init__(self, verts, tight, cons, bits, G):
        self.verts, self.tight, self.cons, self.bits, self.G = verts, tight, cons, bits, G


class NDState:
    __slots__ = ("pieces", "table", "merged", "max_width", "min_width", "n")


def _rank(rows, n, exact):
    if not rows:
        return 0
    if exact:
        return fmpq_mat(len(rows), n, [v for r in rows for v in r]).rank()
    A = np.array(rows, dtype=float)
    return int(np.linalg.matrix_rank(A, tol=1e-9 * max(1.0, np.abs(A).max()) * max(A.shape)))


def _dot(g, v, n):
    h = g[n]
    for k in range(n):
        h = h + g[k] * v[k]
    return h


def split_piece(piece, g, new_id, table, n, exact, rtol, rank_cache):
    """Split ``piece`` by ``g[:n] . x + g[n] = 0``.

    Returns ``(plus, minus, info)``: the closed pieces on each side (None when
    that side has no interior) and, in float mode, the largest snapped
    opposite-side width (0 when none).
    """
    hv = [_dot(g, v, n) for v in piece.verts]
    if exact:
        sg = [(h > 0) - (h < 0) for h in hv]
        snapped = 0.0
    else:
        scale = [abs(g[n]) + sum(abs(g[k] * v[k]) for k in range(n)) for v in piece.verts]
        sg = [1 if h > rtol * sc else (-1 if h < -rtol * sc else 0) for h, sc in zip(hv, scale)]
        snapped = 0.0
    pos = [i for i, s in enumerate(sg) if s > 0]
    neg = [i for i, s in enumerate(sg) if s < 0]
    if not pos or not neg:
        if not exact:
            side = 1 if pos else (-1 if neg else 0)
            gn = float(np.hypot.reduce([float(g[k]) for k in range(n)])) or 1.0
            for i, s in enumerate(sg):
                if s == 0 and hv[i] != 0 and (side == 0 or np.sign(hv[i]) != side):
                    snapped = max(snapped, abs(hv[i]) / gn)
        keep = Piece(piece.verts, [t | {new_id} if s == 0 else t for t, s in zip(piece.tight, sg)],
                     piece.cons, piece.bits, piece.G)
        return (keep, None, snapped) if pos else (None, keep, snapped)
    new_v, new_t = [], []
    for i, k, common in _crossed_edges(piece, pos, neg, table, n, exact, rank_cache):
        new_v.append(_crossing(piece, hv, i, k, n))
        new_t.append(common | {new_id})
    zero = [i for i, s in enumerate(sg) if s == 0]
    tz = [piece.tight[i] | {new_id} for i in zero]
    plus = Piece([piece.verts[i] for i in pos + zero] + new_v, [piece.tight[i] for i in pos] + tz + new_t,
                 piece.cons + ((new_id, 1),), piece.bits, piece.G)
    minus = Piece([piece.verts[i] for i in neg + zero] + new_v, [piece.tight[i] for i in neg] + tz + new_t,
                  piece.cons + ((new_id, -1),), piece.bits, piece.G)
    return plus, minus, snapped


def section(piece, g, table, n, exact, rtol, rank_cache):
    """The vertices of ``piece ∩ {g[:n] . x + g[n] = 0}`` when it is (n-1)-dimensional, True when ``g``
    vanishes on the whole piece, else None (the same edge test as `split_piece`)."""
    hv = [_dot(g, v, n) for v in piece.verts]
    if exact:
        sg = [(h > 0) - (h < 0) for h in hv]
    else:
        scale = [abs(g[n]) + sum(abs(g[k] * v[k]) for k in range(n)) for v in piece.verts]
        sg = [1 if h > rtol * sc else (-1 if h < -rtol * sc else 0) for h, sc in zip(hv, scale)]
    if all(s == 0 for s in sg):
        return True
    pts = [piece.verts[i] for i, s in enumerate(sg) if s == 0]
    pos = [i for i, s in enumerate(sg) if s > 0]
    neg = [k for k, s in enumerate(sg) if s < 0]
    pts += [_crossing(piece, hv, i, k, n) for i, k, _ in _crossed_edges(piece, pos, neg, table, n, exact, rank_cache)]
    if len(pts) < n:
        return None
    diffs = [[p[m] - pts[0][m] for m in range(n)] for p in pts[1:]]
    return pts if _rank(diffs, n, exact) == n - 1 else None


def _crossed_edges(piece, pos, neg, table, n, exact, rank_cache):
    """The edges (i, k, their common tight constraints) from a vertex in ``pos`` to one in ``neg``.

    Two vertices span an edge when the constraints tight at both have rank n - 1
    (ranks cached per constraint set: the same sets recur across pieces)."""
    for i in pos:
        for k in neg:
            common = piece.tight[i] & piece.tight[k]
            if len(common) < n - 1:
                continue
            key = frozenset(common)
            r = rank_cache.get(key)
            if r is None:
                r = rank_cache[key] = _rank([table[c][:n] for c in sorted(common)], n, exact)
            if r == n - 1:
                yield i, k, common


def _crossing(piece, hv, i, k, n):
    """Where the hyperplane with values ``hv`` at the vertices crosses the edge from vertex i to vertex k."""
    u, w = piece.verts[i], piece.verts[k]
    t = hv[i] / (hv[i] - hv[k])
    return tuple(u[m] + t * (w[m] - u[m]) for m in range(n))


def _affine_rows(G, n, exact):
    """The rows (g_1..g_n, g_0) of a map stored as an fmpq_mat or float array."""
    if exact:
        e = G.entries()
        return [tuple(e[r * (n + 1):(r + 1) * (n + 1)]) for r in range(G.nrows())]
    return [tuple(row) for row in G]


def subdivide(layers_f, layers_q, alpha, alpha_q, start, *, exact, rtol, max_regions):
    """Subdivide the start polytope ``(verts, tight, table)`` by every hidden neuron."""
    verts, tight, table, n, cons = start
    table = list(table)
    L = len(layers_f)
    if exact:
        Wq, bq = layers_q[0]
        G0 = fmpq_mat(Wq.nrows(), n + 1, [v for i in range(Wq.nrows()) for v in
                                          [Wq[i, k] for k in range(n)] + [bq[i, 0]]])
    else:
        W, b = layers_f[0]
        G0 = np.concatenate([W, b[:, None]], axis=1)
    pieces = [Piece(list(verts), [frozenset(t) for t in tight], tuple(cons), (), G0)]
    merged, max_width, min_width = 0, 0.0, np.inf
    rank_cache = {}
    for l in range(L - 1):
        w = layers_f[l][0].shape[0]
        for p in pieces:
            p.bits = p.bits + ((),)
        for j in range(w):
            out = []
            for p in pieces:
                g = _affine_rows(p.G, n, exact)[j]
                new_id = len(table)
                plus, minus, snapped = split_piece(p, g, new_id, table, n, exact, rtol, rank_cache)
                if snapped:
                    merged += 1
                    max_width = max(max_width, snapped)
                    min_width = min(min_width, snapped)
                if plus is not None and minus is not None:
                    # -h <= 0 on the plus side, h <= 0 on the minus side: one table row, the side in cons
                    table.append(tuple(g))
                    plus.bits = plus.bits[:-1] + (plus.bits[-1] + (1,),)
                    minus.bits = minus.bits[:-1] + (minus.bits[-1] + (0,),)
                    out += [plus, minus]
                else:
                    table.append(tuple(g))
                    q = plus if plus is not None else minus
                    q.bits = q.bits[:-1] + (q.bits[-1] + (1 if plus is not None else 0,),)
                    out.append(q)
            pieces = out
            if len(pieces) > max_regions:
                raise SizeLimitExceeded("network", "this network on this domain", size=len(pieces),
                                        limit=max_regions, unit="regions", option="max_regions")
        # next layer's maps
        Wn, bn = layers_f[l + 1]
        for p in pieces:
            bits = p.bits[-1]
            if exact:
                Wq, bq = layers_q[l + 1]
                e = p.G.entries()
                masked = []
                for i, bit in enumerate(bits):
                    row = e[i * (n + 1):(i + 1) * (n + 1)]
                    masked += row if bit else ([alpha_q * v for v in row] if alpha_q != 0 else [0] * (n + 1))
                B = fmpq_mat(Wq.nrows(), n + 1, [v for i in range(Wq.nrows()) for v in [0] * n + [bq[i, 0]]])
                p.G = Wq * fmpq_mat(len(bits), n + 1, masked) + B
            else:
                D = np.where(np.array(bits, dtype=bool), 1.0, float(alpha))
                G = Wn @ (D[:, None] * p.G)
                G[:, n] += bn
                p.G = G
    state = NDState()
    state.pieces, state.table, state.n = pieces, table, n
    state.merged, state.max_width = merged, max_width
    state.min_width = min_width if merged else 0.0
    return state


def box_start(lo, hi):
    """Vertices, tight sets and constraint table of the box ``lo <= x <= hi`` (exact or float entries)."""
    n = len(lo)
    table = []
    for k in range(n):
        e = [0] * n
        e[k] = 1
        table.append(tuple(e) + (-hi[k],))  # x_k - hi_k <= 0 (a row g: g . (x, 1) = 0, side -1)
        e = [0] * n
        e[k] = -1
        table.append(tuple(e) + (lo[k],))  # -x_k + lo_k <= 0
    verts, tight = [], []
    for mask in range(2**n):
        v = tuple(hi[k] if mask >> k & 1 else lo[k] for k in range(n))
        verts.append(v)
        tight.append(frozenset(2 * k if mask >> k & 1 else 2 * k + 1 for k in range(n)))
    return verts, tight, table, n, tuple((k, -1) for k in range(2 * n))


def cut_start(start, rows, exact, rtol):
    """The start polytope cut by ``g . (x, 1) <= 0`` for each row ``g``; None when one leaves no interior."""
    verts, tight, table, n, cons = start
    table = list(table)
    piece = Piece(list(verts), [frozenset(t) for t in tight], tuple(cons), (), None)
    cache = {}
    for g in rows:
        new_id = len(table)
        table.append(tuple(g))
        plus, minus, _ = split_piece(piece, g, new_id, table, n, exact, rtol, cache)
        if minus is None:
            return None
        if plus is not None:
            piece = minus
        else:
            piece = Piece(minus.verts, minus.tight, minus.cons + ((new_id, -1),), (), None)
    return piece.verts, piece.tight, table, n, piece.cons
