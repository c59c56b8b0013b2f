"""The polyhedral complex of a network's linear regions: `RegionComplex` and `Region`.

Built by `symrelu.regions.regions`; see there for an example.
"""

from __future__ import annotations

import numbers
from collections import namedtuple
from fractions import Fraction

import numpy as np
from flint import fmpq

from ..errors import InvalidArgument, InvalidArgumentType

__all__ = ["RegionComplex", "Region", "MergeReport", "LevelSet", "ArgmaxBoundary"]

#: What float64 mode merged: ``count`` (places, i.e. piece-neuron pairs, where a
#: split was suppressed because a vertex within the tolerance was read as on the
#: hyperplane; each hides at least one region of width at most ``max_width``,
#: possibly several, since later neurons may have split the sliver further),
#: ``max_width`` / ``min_width`` (largest / smallest such width bound), and the
#: ``rtol`` used.  Exact mode always reports ``count=0``.  With ``refine=True``
#: (2-D) float64 resolves those places in exact arithmetic: ``refined`` counts
#: the places resolved and ``exact_cells`` the first-layer cells recomputed
#: exactly (``-1``: the whole domain), and ``count`` is then 0.
MergeReport = namedtuple("MergeReport", "count max_width min_width rtol refined exact_cells", defaults=(0, 0))

#: A level set ``{x : f_k(x) = value}`` in 2-D: ``segments`` (pairs of points)
#: and ``regions`` (indices of regions on which ``f_k`` is constant and equal to
#: ``value``: whole regions of the set).
LevelSet = namedtuple("LevelSet", "segments regions")

#: Where a classifier's top output changes: ``segments`` (2-D: pairs of
#: points; n >= 3: the vertex list of each (n-1)-dimensional polytope of the
#: boundary, one per region and pair of outputs), ``pairs`` (for each segment
#: the outputs ``(a, b)``, ``a < b``, that tie at the top along it) and ``ties``
#: (``(region, a, b)`` where ``f_a = f_b`` on a whole region and they are on top
#: in part of it).
ArgmaxBoundary = namedtuple("ArgmaxBoundary", "segments pairs ties")


def _coincident(a, c, g, n):
    """Whether ``a . x = c`` is the hyperplane ``g[:n] . x + g[n] = 0`` (exact rank-1 test)."""
    u = list(a) + [-c]
    k = next((m for m in range(n + 1) if g[m] != 0), None)
    if k is None or u[k] == 0:
        return False
    lam = u[k] / g[k]
    return all(u[m] == lam * g[m] for m in range(n + 1))


def _share_facet(A, b, g, n, exact):
    """Whether ``{A x <= b} ∩ {g . (x, 1) = 0}`` is (n-1)-dimensional (``A``: both regions' facets).

    A float LP finds the centre of the largest ball inside both facets; in exact
    mode that point is rounded onto the hyperplane and checked exactly (strictly
    inside every other facet: certified); when that check fails it returns None
    and `_share_facet_exact` decides by exact vertex enumeration.
    """
    from scipy.optimize import linprog

    keep = [r for r in range(len(A)) if not _coincident(A[r], b[r], g, n)]
    A, b = [A[r] for r in keep], [b[r] for r in keep]
    Af = np.array([[float(v) for v in row] for row in A]).reshape(len(A), n)
    bf = np.array([float(v) for v in b])
    gf = np.array([float(v) for v in g])
    norms = np.linalg.norm(Af, axis=1)
    c = np.zeros(n + 1)
    c[n] = -1
    res = linprog(c, A_ub=np.hstack([Af, norms[:, None]]), b_ub=bf, A_eq=np.append(gf[:n], 0)[None], b_eq=[-gf[n]],
                  bounds=[(None, None)] * n + [(0, 1)], method="highs")
    if not exact:
        return res.status == 0 and -res.fun > 1e-9
    if res.status == 0 and -res.fun > 0:
        x = [Fraction(float(v)) for v in res.x[:n]]
        m = max(range(n), key=lambda k: abs(g[k]))
        x[m] = 0
        x[m] = -(g[n] + sum(g[k] * x[k] for k in range(n))) / g[m]
        if all(sum(a[k] * x[k] for k in range(n)) < bb for a, bb in zip(A, b)):
            return True
    return None  # undecided: the caller decides by exact vertex enumeration


def _share_facet_exact(piece, rows, g, table, n):
    """Exact: cut region ``piece`` (exact vertices and tight sets) by the other region's facets ``rows``
    (``a . x - b <= 0``) and test whether what is left on the hyperplane ``g`` has rank n - 1."""
    from . import _ndim

    table = list(table)
    cache = {}
    for a, c in rows:
        new_id = len(table)
        row = tuple(fmpq(v.numerator, v.denominator) for v in list(a) + [-c])
        table.append(row)
        plus, minus, _ = _ndim.split_piece(piece, row, new_id, table, n, True, 0.0, cache)
        if minus is None:
            return False
        piece = minus
    gq = [fmpq(v.numerator, v.denominator) for v in g]
    on = [v for v in piece.verts if sum(gq[k] * v[k] for k in range(n)) + gq[n] == 0]
    if len(on) < n:
        return False
    return _ndim._rank([[p[k] - on[0][k] for k in range(n)] for p in on[1:]], n, True) == n - 1


def _is_zero(v, scale, exact, rtol):
    return v == 0 if exact else abs(v) <= rtol * scale


def _clip_line(poly, g, exact, rtol):
    """The segment ``poly ∩ {g . (x, y, 1) = 0}`` as a pair of points, True when ``g`` vanishes on ``poly``,
    None when the intersection is empty or a single point."""
    f = [g[0] * p[0] + g[1] * p[1] + g[2] for p in poly]
    scale = [abs(g[0] * p[0]) + abs(g[1] * p[1]) + abs(g[2]) for p in poly]
    zero = [_is_zero(v, sc, exact, rtol) for v, sc in zip(f, scale)]
    if all(zero):
        return True
    pts = [poly[k] for k in range(len(poly)) if zero[k]]
    for k in range(len(poly)):
        k2 = (k + 1) % len(poly)
        if not zero[k] and not zero[k2] and (f[k] > 0) != (f[k2] > 0):
            t = f[k] / (f[k] - f[k2])
            pts.append(tuple(poly[k][m] + t * (poly[k2][m] - poly[k][m]) for m in range(2)))
    pts = sorted(set(pts))
    if len(pts) < 2 or pts[0] == pts[-1]:
        return None
    return (pts[0], pts[-1])


def _clip_segment(seg, rows, exact, rtol):
    """The part of segment ``seg`` where every ``g . (x, y, 1) >= 0``; None when it has no length."""
    p, q = seg
    lo, hi = 0, 1
    for g in rows:
        f0 = g[0] * p[0] + g[1] * p[1] + g[2]
        f1 = g[0] * q[0] + g[1] * q[1] + g[2]
        s0 = abs(g[0] * p[0]) + abs(g[1] * p[1]) + abs(g[2])
        s1 = abs(g[0] * q[0]) + abs(g[1] * q[1]) + abs(g[2])
        f0 = 0 if _is_zero(f0, s0, exact, rtol) else f0
        f1 = 0 if _is_zero(f1, s1, exact, rtol) else f1
        if f0 < 0 and f1 < 0:
            return None
        if f0 < 0 or f1 < 0:
            t = f0 / (f0 - f1)  # f0 + t (f1 - f0) changes sign at t
            if f0 < 0:
                lo = max(lo, t)
            else:
                hi = min(hi, t)
    if not hi > lo:
        return None
    return tuple(tuple(p[m] + t * (q[m] - p[m]) for m in range(2)) for t in (lo, hi))


def _clip_halfplanes(poly, rows, exact, rtol):
    """Whether ``poly`` has a point with every ``g . (x, y, 1) > 0`` (a vertex test of the clipped polygon)."""
    cur = list(poly)
    for g in rows:
        f = [g[0] * p[0] + g[1] * p[1] + g[2] for p in cur]
        out = []
        for k in range(len(cur)):
            k2 = (k + 1) % len(cur)
            if f[k] >= 0:
                out.append(cur[k])
            if (f[k] > 0 and f[k2] < 0) or (f[k] < 0 and f[k2] > 0):
                t = f[k] / (f[k] - f[k2])
                out.append(tuple(cur[k][m] + t * (cur[k2][m] - cur[k][m]) for m in range(2)))
        cur = out
        if len(cur) < 3:
            return [False]
    return [abs(_shoelace(cur)) > 0]


class _Extended:
    """A constraint table with rows appended locally (the shared table is left as it is)."""

    def __init__(self, base):
        self.base, self.extra = base, []

    def __len__(self):
        return len(self.base) + len(self.extra)

    def __getitem__(self, k):
        return self.base[k] if k < len(self.base) else self.extra[k - len(self.base)]

    def append(self, row):
        self.extra.append(row)


def _frac(q):
    if isinstance(q, fmpq):
        return Fraction(int(q.p), int(q.q))
    return q


def _cross(o, a, b):
    return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])


def _drop_collinear(poly, exact, scale):
    """Remove polygon vertices that lie on the segment between their neighbours."""
    out = list(poly)
    changed = True
    while changed and len(out) > 3:
        changed = False
        for i in range(len(out)):
            o, a, b = out[i - 1], out[i], out[(i + 1) % len(out)]
            c = _cross(o, a, b)
            if (c == 0) if exact else abs(c) <= 1e-12 * scale:
                del out[i]
                changed = True
                break
    return out


class Region:
    """One linear region: its activation pattern, geometry and the output's affine map on it.

    Attributes
    ----------
    index : int
        Its position in the complex.
    pattern : tuple of tuple of int
        Per hidden layer, 1 for an active unit (pre-activation > 0 inside), 0 otherwise.
    vertices : list of tuple
        2-D: the polygon, counter-clockwise, without collinear points; n-D: the vertices.
    A, b : list
        H-representation ``A x <= b`` (one row per facet).
    jacobian, offset : list
        The output is ``jacobian @ x + offset`` on the region (rows = outputs).
    point : tuple
        An interior point (the average of the vertices).

    Coordinates are the complex's: the input's, or ``(s, t)`` for a `Slice`.
    Entries are ``Fraction`` in exact mode and ``float`` in float64 mode.
    """

    __slots__ = ("index", "pattern", "vertices", "A", "b", "jacobian", "offset", "point")

    def __init__(self, index, pattern, vertices, A, b, jacobian, offset, point):
        self.index, self.pattern, self.vertices = index, pattern, vertices
        self.A, self.b, self.jacobian, self.offset, self.point = A, b, jacobian, offset, point

    @property
    def bits(self) -> str:
        """The pattern as a bit string, layers separated by ``|`` (004 writes ``10`` for unit 1 on, unit 2 off)."""
        return "|".join("".join(str(v) for v in layer) for layer in self.pattern)

    @property
    def area(self):
        """The polygon's area (2-D only)."""
        if len(self.vertices[0]) != 2:
            raise InvalidArgument("region", f"a {len(self.vertices[0])}-D region", "a 2-D region (use RegionComplex.volumes)")
        return _shoelace(self.vertices)

    def __repr__(self):
        return f"Region({self.index}, pattern={self.bits}, {len(self.vertices)} vertices)"


def _shoelace(poly):
    k = len(poly)
    return sum(poly[i][0] * poly[(i + 1) % k][1] - poly[(i + 1) % k][0] * poly[i][1] for i in range(k)) / 2


class RegionComplex:
    """The linear regions of a network on a domain, as a polyhedral complex (immutable).

    Built by `symrelu.regions.regions`.  ``len(c)`` regions; ``c[i]`` is a
    `Region`; iteration yields them in order.

    Attributes
    ----------
    network, domain : the inputs
    exact : bool
        Exact rationals (``Fraction`` in every public output) or float64.
    dim : int
        The dimension of the regions (2 for a plane slice of an n-D input).
    merged : MergeReport
        What float64 mode merged (``count == 0`` in exact mode).
    """

    def __init__(self, network, domain, exact, dim, kind, data, patterns, maps, maps_exact, merged):
        self.network, self.domain, self.exact, self.dim = network, domain, exact, dim
        self._kind, self._data = kind, data
        self._patterns = patterns
        self._maps, self._maps_exact = maps, maps_exact
        self.merged = merged
        self._cache = {}

    # -- access ----------------------------------------------------------------
    def __len__(self):
        return len(self._maps)

    def __iter__(self):
        return (self[i] for i in range(len(self)))

    def __getitem__(self, i):
        if isinstance(i, bool) or not isinstance(i, (int, np.integer)):
            raise InvalidArgumentType("index", i, "an int")
        n = len(self)
        if not -n <= i < n:
            raise InvalidArgument("index", i, f"an int in [-{n}, {n})")
        i = int(i) % n
        region = self._cache.get(i)
        if region is None:
            region = self._cache[i] = self._region(i)
        return region

    @property
    def patterns(self) -> np.ndarray:
        """All activation patterns: a bool array of shape (regions, hidden units), layers concatenated."""
        if not self._patterns:
            return np.zeros((len(self), 0), dtype=bool)
        return np.concatenate(self._patterns, axis=1)

    def __repr__(self):
        kind = "exact" if self.exact else f"float64, merged={self.merged.count}"
        return f"RegionComplex({len(self)} regions of {self.network!r} on {self.domain!r}, {kind})"

    def _pattern(self, i):
        return tuple(tuple(int(v) for v in layer[i]) for layer in self._patterns)

    def _map(self, i):
        d = self.dim
        if self.exact:
            G = self._maps_exact[i]
            if isinstance(G, np.ndarray):  # planar engine: (outputs, 3) of fmpq
                rows = [[_frac(v) for v in row] for row in G]
            else:
                e = [_frac(v) for v in G.entries()]
                rows = [e[r * (d + 1):(r + 1) * (d + 1)] for r in range(G.nrows())]
        else:
            rows = self._maps[i].tolist()
        return [r[:d] for r in rows], [r[d] for r in rows]

    def polygon(self, i):
        """Region ``i``'s vertices as stored (2-D: counter-clockwise, collinear points kept)."""
        if self._kind == "planar":
            starts, V, X = self._data["starts"], self._data["V"], self._data["X"]
            sl = slice(starts[i], starts[i + 1])
            if self.exact:
                return [(_frac(x), _frac(y)) for x, y in X[sl]]
            return [tuple(p) for p in V[sl].tolist()]
        piece = self._data["pieces"][i]
        return [tuple(_frac(v) for v in p) for p in piece.verts] if self.exact else [tuple(map(float, p)) for p in piece.verts]

    def _region(self, i):
        pattern = self._pattern(i)
        J, c = self._map(i)
        if self._kind == "planar":
            poly = self.polygon(i)
            scale = max(1.0, max(abs(float(v)) for p in poly for v in p)) ** 2
            poly = _drop_collinear(poly, self.exact, scale)
            A, b = [], []
            for k in range(len(poly)):
                p, q = poly[k], poly[(k + 1) % len(poly)]
                a = (q[1] - p[1], p[0] - q[0])
                A.append(list(a))
                b.append(a[0] * p[0] + a[1] * p[1])
            verts = poly
        else:
            verts = self.polygon(i)
            A, b = self._facets(i)
        m = len(verts)
        point = tuple(sum(v[k] for v in verts) / m for k in range(self.dim))
        return Region(i, pattern, verts, A, b, J, c, point)

    def _facets(self, i):
        piece = self._data["pieces"][i]
        table = self._data["table"]
        n = self.dim
        A, b = [], []
        seen = set()
        for cid, side in piece.cons:
            if cid in seen:
                continue
            seen.add(cid)
            tight = [piece.verts[k] for k, t in enumerate(piece.tight) if cid in t]
            if len(tight) < n:
                continue
            rows = [list(v) + [1] for v in tight]
            if self.exact:
                from flint import fmpq_mat

                r = fmpq_mat(len(rows), n + 1, [fmpq(0) + v if not isinstance(v, fmpq) else v for row in rows for v in row]).rank()
            else:
                r = np.linalg.matrix_rank(np.array(rows, dtype=float), tol=1e-9)
            if r != n:
                continue
            g = [_frac(v) for v in table[cid]]
            if side < 0:
                A.append(g[:n])
                b.append(-g[n])
            else:
                A.append([-v for v in g[:n]])
                b.append(g[n])
        return A, b

    # -- measures --------------------------------------------------------------
    def areas(self) -> list:
        """Every region's area (2-D; exact Fractions in exact mode)."""
        if self.dim != 2:
            raise InvalidArgument("complex", f"a {self.dim}-D complex", "a 2-D complex (use volumes())")
        return [_shoelace(self.polygon(i)) for i in range(len(self))]

    def volumes(self) -> np.ndarray:
        """Every region's volume (float64, via Qhull for n > 2)."""
        if self.dim == 2:
            return np.array([float(a) for a in self.areas()])
        from scipy.spatial import ConvexHull

        return np.array([ConvexHull(np.array(self.polygon(i), dtype=float)).volume for i in range(len(self))])

    # -- structure -------------------------------------------------------------
    def adjacency(self) -> list:
        """Pairs ``(i, k)``, ``i < k``, of regions that share a facet (an edge of positive length in 2-D).

        Exact in exact mode (2-D: overlapping edges on one line; n-D: a float LP's
        point checked exactly, else exact vertex enumeration of the common facet).
        In float64 mode a 2-D overlap must exceed ``rtol`` times the domain's size,
        and an n-D common facet must hold a ball of radius 1e-9.
        """
        key = "adjacency"
        if key not in self._cache:
            self._cache[key] = self._adjacency_planar() if self._kind == "planar" else self._adjacency_nd()
        return list(self._cache[key])

    def _adjacency_planar(self):
        starts, labels = self._data["starts"], self._data["labels"]
        pts = self._data["X"] if self.exact else self._data["V"]
        counts = np.diff(starts)
        pv = np.repeat(np.arange(len(counts)), counts)
        nxt = np.arange(len(pv)) + 1
        ends = starts[1:] - 1
        nxt[ends] = starts[:-1]
        inner = np.flatnonzero(labels >= 0)
        order = inner[np.argsort(labels[inner], kind="stable")]
        lab = labels[order]
        cuts = np.flatnonzero(np.diff(lab)) + 1
        size = max(float(np.abs(self._data["V"]).max()), 1.0)
        tol = 0 if self.exact else self.merged.rtol * size
        pairs = set()
        for group in np.split(order, cuts):
            if len(group) < 2:
                continue
            a, b = pts[group[0]], pts[nxt[group[0]]]
            axis = 0 if abs(float(b[0] - a[0])) >= abs(float(b[1] - a[1])) else 1
            iv = []
            for s in group:
                p, q = pts[s][axis], pts[nxt[s]][axis]
                iv.append((min(p, q), max(p, q), int(pv[s])))
            for x in range(len(iv)):
                for y in range(x + 1, len(iv)):
                    lo1, hi1, r1 = iv[x]
                    lo2, hi2, r2 = iv[y]
                    if r1 != r2 and min(hi1, hi2) - max(lo1, lo2) > tol:
                        pairs.add((min(r1, r2), max(r1, r2)))
        return sorted(pairs)

    def _adjacency_nd(self):
        pieces, table = self._data["pieces"], self._data["table"]
        n = self.dim
        n_domain = self._data["n_domain"]
        by_id = {}
        facets = [self._facets(i) for i in range(len(self))]
        for i, piece in enumerate(pieces):
            for cid, side in piece.cons:
                if cid >= n_domain:
                    by_id.setdefault(cid, []).append((i, side))
        pairs = set()
        for cid, members in by_id.items():
            plus = [i for i, s in members if s > 0]
            minus = [i for i, s in members if s < 0]
            g = [_frac(v) for v in table[cid]]
            for i in plus:
                for k in minus:
                    A = facets[i][0] + facets[k][0]
                    b = facets[i][1] + facets[k][1]
                    shared = _share_facet(A, b, g, n, self.exact)
                    if shared is None:
                        rows = [(a, c) for a, c in zip(*facets[k]) if not _coincident(a, c, g, n)]
                        shared = _share_facet_exact(pieces[i], rows, g, table, n)
                    if shared:
                        pairs.add((min(i, k), max(i, k)))
        return sorted(pairs)

    def locate(self, point) -> int:
        """The index of the region whose activation pattern ``point`` has (float64 forward pass).

        Returns -1 when no region has that pattern (a point outside the domain, or on a boundary).
        """
        x = np.asarray(point, dtype=float).reshape(1, -1)
        if x.shape[1] != self.dim:
            raise InvalidArgument("point", point, f"{self.dim} coordinates")
        emb = self.domain.embedding()
        if emb is not None:
            x = self.domain.to_input(x)
        net = self.network.with_number_domain(False)
        pre = net.preactivations(x)[:-1]
        key = np.concatenate([(z[0] > 0) for z in pre]) if pre else np.zeros(0, dtype=bool)
        index = self._cache.get("index")
        if index is None:
            index = self._cache["index"] = {row.tobytes(): i for i, row in enumerate(self.patterns)}
        return index.get(key.tobytes(), -1)

    # -- level sets ------------------------------------------------------------
    def _output_row(self, i, output, value):
        J, c = self._map(i)
        return tuple(J[output]) + (c[output] - value,)

    def level_set(self, value=0, output: int = 0) -> LevelSet:
        """The set where output ``output`` equals ``value``, clipped to each region (exactly in exact mode).

        In 2-D ``segments`` are pairs of end points; for n >= 3 each entry of
        ``segments`` is the vertex list of one (n-1)-dimensional polytope, the
        level set inside one region.  ``regions`` lists the regions on which the
        output is constant and equal to ``value``.

        >>> from symrelu.regions import regions, Box
        >>> from symrelu.network import ReLUNetwork
        >>> c = regions(ReLUNetwork([([[1, 0], [0, 1]], [0, 0]), ([[1, 1]], [-1])]), Box([-2, -2], [2, 2]))
        >>> len(c.level_set(0).segments) >= 1
        True
        """
        n_out = self.network.widths[-1]
        if isinstance(output, bool) or not isinstance(output, (int, np.integer)) or not 0 <= output < n_out:
            raise InvalidArgument("output", output, f"an output index in [0, {n_out})")
        if isinstance(value, bool) or not isinstance(value, (numbers.Real, fmpq)):
            raise InvalidArgumentType("value", value, "a real number")
        value = Fraction(_frac(value)) if self.exact else float(value)
        if self.dim != 2:
            return self._level_set_nd(value, output)
        segments, whole = [], []
        for i in range(len(self)):
            cut = _clip_line(self.polygon(i), self._output_row(i, output, value), self.exact, self.merged.rtol)
            if cut is True:
                whole.append(i)
            elif cut is not None:
                segments.append(cut)
        segments = sorted(set(tuple(sorted(s)) for s in segments))
        return LevelSet(segments, whole)

    def _level_set_nd(self, value, output):
        from . import _ndim

        pieces, table = self._data["pieces"], self._data["table"]
        n = self.dim
        cache = {}
        polys, whole = [], []
        for i, piece in enumerate(pieces):
            J, c = self._map(i)
            row = tuple(J[output]) + (c[output] - value,)
            if self.exact:
                row = tuple(fmpq(v.numerator, v.denominator) for v in row)
            pts = _ndim.section(piece, row, table, n, self.exact, self.merged.rtol, cache)
            if pts is True:
                whole.append(i)
            elif pts is not None:
                polys.append(tuple(tuple(_frac(v) if self.exact else float(v) for v in p) for p in pts))
        return LevelSet(polys, whole)

    def decision_boundary(self, output: int = 0) -> LevelSet:
        """The zero set of output ``output`` (a classifier's decision boundary), as `level_set` at 0.

        For a classifier with several outputs, `argmax_boundary` gives where the top output changes.

        >>> from symrelu.regions import regions, Box
        >>> from symrelu.network import ReLUNetwork
        >>> xor = ReLUNetwork([([[1, 1], [1, 1]], [1, 0]), ([[1, -2]], [-1])])
        >>> regions(xor, Box([-2, -2], [2, 2])).decision_boundary().segments
        [((Fraction(-2, 1), Fraction(2, 1)), (Fraction(2, 1), Fraction(-2, 1)))]
        """
        return self.level_set(0, output)

    def argmax_boundary(self) -> ArgmaxBoundary:
        """Where the top output of a classifier with several outputs changes: the set ``f_a = f_b >= f_c``.

        Inside each region the outputs are affine, so the set where outputs
        ``a < b`` tie at the top is the region's section by the hyperplane
        ``f_a = f_b`` clipped to ``f_a >= f_c`` for every other ``c``: a segment
        in 2-D, an (n-1)-dimensional polytope (its vertices) for n >= 3 (the
        region is cut by each ``f_a >= f_c`` with the exact vertex-enumeration
        engine, then sectioned).  Exact in exact mode; float64 reads
        ``|f_a - f_c| <= rtol * scale`` as a tie.

        >>> from symrelu.regions import regions, Box
        >>> from symrelu.network import ReLUNetwork
        >>> net = ReLUNetwork([([[1, 0], [0, 1]], [0, 0]), ([[1, 0], [0, 1], [0, 0]], [0, 0, 0])])
        >>> b = regions(net, Box([-1, -1], [1, 1])).argmax_boundary()
        >>> sorted(b.pairs)
        [(0, 1), (0, 2), (1, 2)]
        """
        n_out = self.network.widths[-1]
        if n_out < 2:
            raise InvalidArgument("network", self.network, "a network with at least two outputs",
                                  "Use decision_boundary for one output.")
        if self.dim != 2:
            return self._argmax_boundary_nd(n_out)
        rtol = self.merged.rtol
        found, ties = {}, []
        for i in range(len(self)):
            J, c = self._map(i)
            rows = [tuple(J[k]) + (c[k],) for k in range(n_out)]
            poly = self.polygon(i)
            for a in range(n_out):
                for b in range(a + 1, n_out):
                    g = tuple(rows[a][m] - rows[b][m] for m in range(3))
                    cut = _clip_line(poly, g, self.exact, rtol)
                    if cut is None:
                        continue
                    others = [tuple(rows[a][m] - rows[k][m] for m in range(3)) for k in range(n_out) if k not in (a, b)]
                    if cut is True:  # f_a = f_b on the whole region: a tie there when they are on top somewhere
                        if any(_clip_halfplanes(poly, others, self.exact, rtol)):
                            ties.append((i, a, b))
                        continue
                    seg = _clip_segment(cut, others, self.exact, rtol)
                    if seg is not None:
                        found[tuple(sorted(seg))] = (a, b)
        segs = sorted(found)
        return ArgmaxBoundary(segs, [found[s] for s in segs], ties)

    def _argmax_boundary_nd(self, n_out):
        from . import _ndim

        pieces, n, exact, rtol = self._data["pieces"], self.dim, self.exact, self.merged.rtol
        cache = {}  # ranks by constraint ids: every appended cut gets an id of its own
        table = _Extended(self._data["table"])  # the cuts f_a >= f_c are appended here, not to the complex's table
        found, ties = {}, []
        for i, piece in enumerate(pieces):
            rows = _ndim._affine_rows(piece.G, n, exact)
            for a in range(n_out):
                for b in range(a + 1, n_out):
                    diff = lambda u, v: tuple(rows[u][m] - rows[v][m] for m in range(n + 1))
                    part = piece
                    for c in range(n_out):
                        if c in (a, b) or part is None:
                            continue
                        g = diff(a, c)
                        if _ndim.section(part, g, table, n, exact, rtol, cache) is True:
                            continue  # f_a = f_c on the whole part: the constraint holds there
                        table.append(g)
                        part = _ndim.split_piece(part, g, len(table) - 1, table, n, exact, rtol, cache)[0]
                    if part is None:
                        continue  # f_a >= f_c holds on no open subset of the region
                    pts = _ndim.section(part, diff(a, b), table, n, exact, rtol, cache)
                    if pts is True:
                        ties.append((i, a, b))
                    elif pts is not None:
                        key = tuple(sorted(set(tuple(_frac(v) if exact else float(v) for v in p) for p in pts)))
                        found.setdefault(key, (a, b))
        polys = sorted(found)
        return ArgmaxBoundary(polys, [found[p] for p in polys], ties)

    # -- pictures --------------------------------------------------------------
    def plot(self, **kwargs):
        """A matplotlib figure of the regions; see `symrelu.plot.regions.plot_regions`."""
        from ..plot.regions import plot_regions

        return plot_regions(self, **kwargs)

    def to_svg(self, path, **kwargs):
        """Write `plot` as an SVG file at ``path``."""
        from ..plot.regions import save_svg

        return save_svg(self, path, **kwargs)
