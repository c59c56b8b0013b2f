"""Input domains for `symrelu.regions.regions`: a box, a convex polytope, a plane slice.

Every domain is stored exactly (``Fraction``; floats are read at their exact
binary value) and checked to be full-dimensional when it is built.

>>> from fractions import Fraction as Q
>>> Box([-1, -1], [1, 1]).polygon()
[(Fraction(-1, 1), Fraction(-1, 1)), (Fraction(1, 1), Fraction(-1, 1)), (Fraction(1, 1), Fraction(1, 1)), (Fraction(-1, 1), Fraction(1, 1))]
>>> Slice([0, 0, 0], [1, 0, 0], [0, 1, 1]).dim, Slice([0, 0, 0], [1, 0, 0], [0, 1, 1]).input_dim
(2, 3)
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from .._numbers import to_fraction
from ..errors import InvalidArgument, InvalidArgumentType

__all__ = ["Box", "Polytope", "Slice"]


def _vector(values, name, n=None, like=None):
    """Exact coordinates; ``n``: the length ``like`` (another argument's name) has, and a mismatch names both."""
    if isinstance(values, (str, bytes)) or isinstance(values, np.ndarray) and values.ndim != 1:
        raise InvalidArgumentType(name, values, "a sequence of numbers")
    try:
        arr = list(values)
    except TypeError:
        raise InvalidArgumentType(name, values, "a sequence of numbers") from None
    if n is not None and len(arr) != n:
        raise InvalidArgument(f"{like}/{name}", values, f"{name} with as many numbers as {like} has entries ({n})")
    if not arr:
        raise InvalidArgument(name, values, "at least one number")
    return tuple(to_fraction(v, f"{name}[{i}]") for i, v in enumerate(arr))


def _cross(o, a, b):
    return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])


def _hull_2d(points):
    """Counter-clockwise convex hull (exact, monotone chain), collinear points dropped."""
    pts = sorted(set(points))
    if len(pts) < 3:
        return pts
    lower, upper = [], []
    for p in pts:
        while len(lower) >= 2 and _cross(lower[-2], lower[-1], p) <= 0:
            lower.pop()
        lower.append(p)
    for p in reversed(pts):
        while len(upper) >= 2 and _cross(upper[-2], upper[-1], p) <= 0:
            upper.pop()
        upper.append(p)
    return lower[:-1] + upper[:-1]


def _clip(polygon, a, c):
    """The convex polygon cut by ``a . x <= c`` (exact Sutherland-Hodgman)."""
    out = []
    k = len(polygon)
    for i in range(k):
        p, q = polygon[i], polygon[(i + 1) % k]
        fp = a[0] * p[0] + a[1] * p[1] - c
        fq = a[0] * q[0] + a[1] * q[1] - c
        if fp <= 0:
            out.append(p)
        if (fp < 0 < fq) or (fq < 0 < fp):
            t = fp / (fp - fq)
            out.append((p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])))
    return _hull_2d(out)


def _area(polygon):
    k = len(polygon)
    return sum(polygon[i][0] * polygon[(i + 1) % k][1] - polygon[(i + 1) % k][0] * polygon[i][1] for i in range(k)) / 2


def _check_polytope(A, b, n, name):
    """Refuse ``A x <= b`` unless it is bounded with nonempty interior, decided exactly by `symrelu.polyhedra`
    (a float LP proposes a point or an emptiness certificate, checked in exact arithmetic)."""
    from ..polyhedra import feasible_point

    rows = [(tuple(-v for v in a), c) for a, c in zip(A, b)]  # c - a . x >= 0
    if feasible_point([(r, c, False) for r, c in rows], n, float_first=True) is None:
        raise InvalidArgument(name, "empty (infeasible)", "a full-dimensional polytope")
    cone = [(r, 0, False) for r, _ in rows]  # directions d with A d <= 0
    for k in range(n):
        for sgn in (1, -1):
            e = tuple(sgn if m == k else 0 for m in range(n))
            if feasible_point(cone + [(e, 0, True)], n, float_first=True) is not None:
                raise InvalidArgument(name, "unbounded", "a bounded polytope (A x <= b with a bounded solution set)")
    if feasible_point([(r, c, True) for r, c in rows], n, float_first=True) is None:
        raise InvalidArgument(name, "a set with empty interior", "a full-dimensional polytope (nonempty interior)")


def _halfplanes_polygon(A, b, name):
    """The bounded polygon ``A x <= b`` (exact): a square that contains it, clipped."""
    _check_polytope(A, b, 2, name)
    Af = np.array([[float(v) for v in row] for row in A])
    bf = np.array([float(v) for v in b])
    scale = np.abs(Af).max(axis=1)  # rows of very different sizes (a slice's long edge) confuse the float LP
    scale[scale == 0] = 1.0
    Af, bf = Af / scale[:, None], bf / scale
    from scipy.optimize import linprog

    radius = 0.0
    for k in range(2):
        for sgn in (1, -1):
            c = np.zeros(2)
            c[k] = -sgn
            res = linprog(c, A_ub=Af, b_ub=bf, bounds=[(None, None)] * 2, method="highs")
            if res.status != 0:  # bounded and nonempty (checked exactly): the float LP failed, start wide
                radius = max(radius, 1.0 + float(np.abs(bf).max()))
                continue
            radius = max(radius, abs(res.x[k]))
    K = Fraction(int(2 * radius + 2))
    while True:
        poly = [(-K, -K), (K, -K), (K, K), (-K, K)]
        for a, c in zip(A, b):
            poly = _clip(poly, a, c)
            if len(poly) < 3:
                break
        if len(poly) < 3 or _area(poly) == 0:
            raise InvalidArgument(name, "a set with empty interior", "a full-dimensional polytope (nonempty interior)")
        if all(abs(p[0]) < K and abs(p[1]) < K for p in poly):
            return poly
        K *= 4  # the float bound was too tight: the square touched the polygon


class Box:
    """The box ``lo <= x <= hi`` (any dimension).

    >>> Box([0, 0], [1, 2]).dim
    2
    """

    def __init__(self, lo, hi):
        self.lo = _vector(lo, "domain.lo")
        self.hi = _vector(hi, "domain.hi", len(self.lo), "domain.lo")
        for k, (a, b) in enumerate(zip(self.lo, self.hi)):
            if not a < b:  # either end may be the wrong one: the error names both
                raise InvalidArgument(f"domain.lo[{k}]/domain.hi[{k}]", (a, b),
                                      f"lo[{k}] < hi[{k}] (a full-dimensional box)")

    @property
    def dim(self) -> int:
        """The dimension of the domain (the computation's coordinates)."""
        return len(self.lo)

    input_dim = dim

    def polygon(self):
        """Counter-clockwise vertices (2-D only)."""
        (x0, y0), (x1, y1) = self.lo, self.hi
        return [(x0, y0), (x1, y0), (x1, y1), (x0, y1)]

    def halfspaces(self):
        """``(A, b)`` with the domain ``A x <= b`` (exact)."""
        n = self.dim
        A, b = [], []
        for k in range(n):
            e = [Fraction(0)] * n
            e[k] = Fraction(1)
            A.append(e)
            b.append(self.hi[k])
            e = [Fraction(0)] * n
            e[k] = Fraction(-1)
            A.append(e)
            b.append(-self.lo[k])
        return A, b

    def embedding(self):
        """``None``: the computation's coordinates are the input's."""
        return None

    def sample(self, k, rng):
        lo = np.array([float(v) for v in self.lo])
        hi = np.array([float(v) for v in self.hi])
        return lo + (hi - lo) * rng.random((k, self.dim))

    def __repr__(self):
        return f"Box(lo={[str(v) for v in self.lo]}, hi={[str(v) for v in self.hi]})"


class Polytope:
    """A bounded convex polytope, from inequalities ``A x <= b`` or from vertices (their convex hull).

    >>> Polytope(vertices=[(0, 0), (2, 0), (0, 2), (1, 1)]).polygon()  # (1, 1) is on an edge
    [(Fraction(0, 1), Fraction(0, 1)), (Fraction(2, 1), Fraction(0, 1)), (Fraction(0, 1), Fraction(2, 1))]
    """

    def __init__(self, A=None, b=None, *, vertices=None):
        if (vertices is None) == (A is None):
            raise InvalidArgument("domain.A/domain.vertices", "both" if A is not None else "neither",
                                  "either A and b (A x <= b) or vertices=, not both")
        if vertices is not None:
            try:
                pts = [_vector(v, f"domain.vertices[{i}]") for i, v in enumerate(vertices)]
            except TypeError:
                raise InvalidArgumentType("domain.vertices", vertices, "a sequence of points") from None
            n = len(pts[0]) if pts else 0
            for i, p in enumerate(pts):
                if len(p) != n:
                    raise InvalidArgument(f"domain.vertices[{i}]", p, f"{n} coordinates like vertices[0]")
            if len(pts) < n + 1:
                raise InvalidArgument("domain.vertices", vertices, f"at least {n + 1} points spanning R^{n}")
            self._n = n
            self.A, self.b = _hull_halfspaces(pts, n)
        else:
            try:
                rows = [_vector(r, f"domain.A[{i}]") for i, r in enumerate(A)]
            except TypeError:
                raise InvalidArgumentType("domain.A", A, "a matrix (sequence of rows)") from None
            n = len(rows[0]) if rows else 0
            for i, r in enumerate(rows):
                if len(r) != n:
                    raise InvalidArgument(f"domain.A[{i}]", r, f"{n} entries like A[0]")
            self._n = n
            self.A = [list(r) for r in rows]
            self.b = list(_vector(b, "domain.b", len(rows), "domain.A"))
        if self._n < 1:
            raise InvalidArgument("domain", "a 0-dimensional set", "a polytope in R^n, n >= 1")
        self._polygon = _halfplanes_polygon(self.A, self.b, "domain") if self._n == 2 else None
        if self._n != 2:
            self._box = _lp_box(self.A, self.b, self._n)

    @property
    def dim(self) -> int:
        """The dimension of the domain."""
        return self._n

    input_dim = dim

    def polygon(self):
        """Counter-clockwise vertices (2-D only)."""
        return list(self._polygon)

    def halfspaces(self):
        """``(A, b)`` with the domain ``A x <= b`` (exact)."""
        return [list(r) for r in self.A], list(self.b)

    def embedding(self):
        return None

    def sample(self, k, rng):
        Af = np.array([[float(v) for v in r] for r in self.A])
        bf = np.array([float(v) for v in self.b])
        lo, hi = self._box if self._n != 2 else _lp_box(self.A, self.b, 2)
        pts = lo + (hi - lo) * rng.random((4 * k, self._n))
        inside = (pts @ Af.T <= bf).all(axis=1)
        return pts[inside][:k]

    def __repr__(self):
        return f"Polytope({len(self.A)} inequalities in R^{self._n})"


def _lp_box(A, b, n):
    """Float bounds of ``A x <= b`` per coordinate (for sampling); refuses unbounded, empty and flat sets
    (decided exactly, `_check_polytope`)."""
    from scipy.optimize import linprog

    _check_polytope(A, b, n, "domain")
    Af = np.array([[float(v) for v in r] for r in A])
    bf = np.array([float(v) for v in b])
    lo, hi = np.empty(n), np.empty(n)
    for i in range(n):
        for sgn, out in ((1, lo), (-1, hi)):
            c = np.zeros(n)
            c[i] = sgn
            res = linprog(c, A_ub=Af, b_ub=bf, bounds=[(None, None)] * n, method="highs")
            if res.status != 0:
                raise InvalidArgument("domain", "a polytope the float LP cannot bound",
                                      "a polytope whose coordinates float64 can bound (for sampling)")
            out[i] = res.x[i]
    return lo, hi


def _hull_halfspaces(pts, n):
    """Facet inequalities of the convex hull, exact: Qhull proposes facets, each is verified exactly."""
    if n == 2:
        hull = _hull_2d([tuple(p) for p in pts])
        if len(hull) < 3:
            raise InvalidArgument("domain.vertices", "collinear points", "points spanning the plane (a full-dimensional polygon)")
        A, b = [], []
        for i in range(len(hull)):
            p, q = hull[i], hull[(i + 1) % len(hull)]
            a = (q[1] - p[1], p[0] - q[0])
            A.append(list(a))
            b.append(a[0] * p[0] + a[1] * p[1])
        return A, b
    import sympy
    from scipy.spatial import ConvexHull, QhullError

    try:
        hull = ConvexHull(np.array([[float(v) for v in p] for p in pts]))
    except QhullError:
        raise InvalidArgument("domain.vertices", "a degenerate point set",
                              f"points spanning R^{n} (a full-dimensional polytope)") from None
    A, b, seen = [], [], set()
    for simplex in hull.simplices:
        null = sympy.Matrix([list(pts[i]) + [1] for i in simplex]).nullspace()
        if len(null) != 1:
            raise InvalidArgument("domain.vertices", "a degenerate facet", "points in general enough position")
        g = [Fraction(int(sympy.fraction(v)[0]), int(sympy.fraction(v)[1])) for v in null[0]]
        vals = [sum(g[k] * p[k] for k in range(n)) + g[n] for p in pts]
        if all(v >= 0 for v in vals):
            g = [-v for v in g]
        elif not all(v <= 0 for v in vals):
            raise InvalidArgument("domain.vertices", "a facet Qhull proposed", "a set whose hull Qhull resolves")
        scale = next(v for v in g[:n] if v != 0)
        key = tuple(v / abs(scale) for v in g)
        if key not in seen:
            seen.add(key)
            A.append(list(key[:n]))
            b.append(-key[n])
    return A, b


class Slice:
    """The plane through three points of an n-D input, as a 2-D domain.

    The computation's coordinates are ``(s, t)`` with input
    ``x = p0 + s (p1 - p0) + t (p2 - p0)``.  By default the domain is the
    triangle ``p0, p1, p2``; with ``within=Box(...)`` it is the plane's section
    of that box (a plane through a cube).

    >>> sl = Slice([-1, -1, 0], [1, -1, 0], [-1, 1, 1], within=Box([-1] * 3, [1] * 3))
    >>> len(sl.polygon())
    4
    """

    def __init__(self, p0, p1, p2, *, within=None):
        self.p0 = _vector(p0, "domain.p0")
        n = len(self.p0)
        self.p1 = _vector(p1, "domain.p1", n, "domain.p0")
        self.p2 = _vector(p2, "domain.p2", n, "domain.p0")
        u = [a - b for a, b in zip(self.p1, self.p0)]
        v = [a - b for a, b in zip(self.p2, self.p0)]
        if all(u[i] * v[k] - u[k] * v[i] == 0 for i in range(n) for k in range(n)):
            raise InvalidArgument("domain", (self.p0, self.p1, self.p2),
                                  "three points that are not collinear (they span a plane)")
        self.u, self.v = u, v
        if within is None:
            self._polygon = [(Fraction(0), Fraction(0)), (Fraction(1), Fraction(0)), (Fraction(0), Fraction(1))]
        else:
            if not isinstance(within, (Box, Polytope)) or within.dim != n:
                raise InvalidArgument("domain.within", within, f"a Box or Polytope in R^{n}")
            A, b = within.halfspaces()
            # a . (p0 + s u + t v) <= c  in (s, t)
            A2 = [[sum(a[k] * u[k] for k in range(n)), sum(a[k] * v[k] for k in range(n))] for a in A]
            b2 = [c - sum(a[k] * self.p0[k] for k in range(n)) for a, c in zip(A, b)]
            # an empty or flat section is the fault of the points and the box together
            self._polygon = _halfplanes_polygon(A2, b2, "domain.p0/p1/p2/within")
        self.within = within

    @property
    def dim(self) -> int:
        """2: regions are computed in the plane's coordinates ``(s, t)``."""
        return 2

    @property
    def input_dim(self) -> int:
        """The dimension of the network's input."""
        return len(self.p0)

    def polygon(self):
        """Counter-clockwise vertices in ``(s, t)``."""
        return list(self._polygon)

    def embedding(self):
        """``(E, e)``: the input is ``E @ (s, t) + e`` (E of shape (n, 2))."""
        return [[self.u[k], self.v[k]] for k in range(len(self.u))], list(self.p0)

    def to_input(self, points):
        """Input points for plane coordinates ``(s, t)`` (float, shape (m, n))."""
        E, e = self.embedding()
        P = np.asarray(points, dtype=float).reshape(-1, 2)
        return P @ np.array(E, dtype=float).T + np.array(e, dtype=float)

    def sample(self, k, rng):
        poly = np.array(self._polygon, dtype=float)
        w = rng.dirichlet(np.ones(len(poly)), size=k)
        return w @ poly

    def __repr__(self):
        return f"Slice(p0={[str(x) for x in self.p0]}, p1={[str(x) for x in self.p1]}, p2={[str(x) for x in self.p2]})"
