"""Float64's uncertain cuts resolved exactly: the first-layer cells where float64 snapped, redone in rationals.

Float64 mode reads a vertex within ``rtol`` of a line as on it and counts each
such place (`_planar._Stats`); a region thinner than the tolerance may be
missing there.  Every such place lies in one cell of the first hidden layer's
arrangement (cells are identified by their first-layer activation bits).  This
module recomputes those cells exactly: the cell's polygon is the domain clipped
by the first layer's half-planes in exact arithmetic (``fmpq``), and the exact
engine subdivides it by the whole network (the first layer's lines only touch
its boundary).  The float pieces of those cells are replaced by the exact ones
(converted to float64 for the complex), with edge labels mapped so that
adjacency across the cell's boundary still matches: an edge on the domain keeps
the domain's label, an edge on a first-layer line the label of that line.

A snap during the first layer itself (two first-layer lines closer than the
tolerance near a vertex) could hide a whole first-layer cell; then the whole
domain is redone exactly.
"""

from __future__ import annotations

import numpy as np

from . import _planar


def _clip(poly, labels, a, b, c, sign, label):
    """The exact polygon ``poly`` (edge ``k`` from vertex ``k`` to ``k + 1`` labelled ``labels[k]``) cut by
    ``sign * (a x + b y + c) >= 0``; new edges get ``label``."""
    vals = [sign * (a * x + b * y + c) for x, y in poly]
    out, out_lab = [], []
    k = len(poly)
    for i in range(k):
        p, q = poly[i], poly[(i + 1) % k]
        fp, fq = vals[i], vals[(i + 1) % k]
        if fp >= 0:
            out.append(p)
            # the edge leaving p keeps its label unless it leaves the half-plane right here
            out_lab.append(labels[i] if fq >= 0 else label if fp == 0 else labels[i])
        if (fp > 0 > fq) or (fp < 0 < fq):
            t = fp / (fp - fq)
            out.append((p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])))
            out_lab.append(label if fp > 0 else labels[i])
    # a vertex on the line followed by one outside: the edge between them is cut away, the next one
    # kept runs along the line
    return _tidy(out, out_lab)


def _tidy(poly, labels):
    """Drop repeated vertices (an edge of length zero) keeping the label of the edge that remains."""
    k = len(poly)
    keep = [i for i in range(k) if poly[i] != poly[(i + 1) % k]]
    return [poly[i] for i in keep], [labels[i] for i in keep]


def _cell_polygon(domain_q, layer0, bits):
    """The exact closed cell of the first layer with activation ``bits`` (edges labelled as the engine does)."""
    Wq, bq = layer0
    poly = list(domain_q)
    labels = [-1 - k for k in range(len(poly))]
    for j in range(Wq.nrows()):
        a, b, c = Wq[j, 0], Wq[j, 1], bq[j, 0]
        if a == 0 and b == 0:
            continue  # a constant unit: no line
        poly, labels = _clip(poly, labels, a, b, c, 1 if bits[j] else -1, j)
        if len(poly) < 3:
            return None, None
    return poly, labels


def refine(state, layers_f, layers_q, alpha_f, alpha_q, domain_f, domain_q, *, rtol, max_regions):
    """Replace the float pieces of every first-layer cell where ``state`` (float64) snapped by exact ones.

    Returns ``(state, places, cells)``: the new state (float arrays; ``merged == 0``),
    the number of snapped places resolved and the number of first-layer cells
    recomputed (``-1``: the whole domain).
    """
    places = state.merged
    if state.merged_layer1:
        ex = _planar.subdivide(layers_f, layers_q, alpha_f, alpha_q, domain_f, domain_q, exact=True, rtol=rtol,
                               max_regions=max_regions)
        return _as_float(ex), places, -1
    top = state.top
    first_bits = state.patterns[0]
    drop = np.isin(top, state.merged_cells)
    keep = np.flatnonzero(~drop)
    counts = np.diff(state.starts)
    new_starts = [np.concatenate([[0], np.cumsum(counts[keep])])]
    corner_keep = np.repeat(~drop, counts)
    V_parts = [state.V[corner_keep]]
    lab_parts = [state.labels[corner_keep]]
    pat_parts = [[h[keep] for h in state.patterns]]
    map_parts = [state.Gout[keep]]
    base = int(max(state.labels.max(), 0)) + 1  # labels of the exact pieces' inner edges start here
    total = len(keep)
    for cell in state.merged_cells:
        piece = int(np.flatnonzero(top == cell)[0])
        poly, labels = _cell_polygon(domain_q, layers_q[0], first_bits[piece])
        if poly is None:
            continue  # float64 found a cell that is flat in exact arithmetic: nothing to recompute there
        ex = _planar.subdivide(layers_f, layers_q, alpha_f, alpha_q, [(float(x), float(y)) for x, y in poly], poly,
                               exact=True, rtol=rtol, max_regions=max_regions)
        lab = ex.labels.copy()
        inner = lab >= 0
        dom = np.flatnonzero(~inner)
        lab[dom] = np.array(labels, dtype=lab.dtype)[-1 - ex.labels[dom]]
        lab[inner] += base
        base += int(ex.labels.max(initial=-1)) + 1
        new_starts.append(ex.starts[1:] + new_starts[-1][-1])
        V_parts.append(ex.V)
        lab_parts.append(lab)
        pat_parts.append(ex.patterns)
        map_parts.append(ex.Gout)
        total += len(ex.starts) - 1
        if total > max_regions:
            from ..errors import SizeLimitExceeded

            raise SizeLimitExceeded("network", "this network on this domain", size=total, limit=max_regions,
                                    unit="regions", option="max_regions")
    out = _planar.PlanarState()
    out.starts = np.concatenate(new_starts)
    out.V = np.concatenate(V_parts)
    out.X = None
    out.labels = np.concatenate(lab_parts)
    out.patterns = [np.concatenate([p[l] for p in pat_parts]) for l in range(len(state.patterns))]
    out.Gout = np.concatenate(map_parts)
    out.Gout_exact = None
    out.merged, out.max_width, out.min_width = 0, 0.0, 0.0
    out.top, out.merged_cells, out.merged_layer1 = None, [], False
    return out, places, len(state.merged_cells)


def _as_float(ex):
    """An exact state as a float64 one (the exact vertices rounded)."""
    ex.X, ex.Gout_exact = None, None
    ex.merged, ex.max_width, ex.min_width = 0, 0.0, 0.0
    return ex
