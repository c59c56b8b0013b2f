"""Exact geometry of the polytopes of 004 chapter 4 (circle versus annulus).

A width ``n + 1`` one-hidden-layer ReLU classifier can enclose a bounded region of
``R^n`` whose optimal shapes are the regular *hyperoctahedron* (cross-polytope:
square, octahedron, ...) and the uniform *expanded n-simplex* ``eS_n`` (hexagon,
cuboctahedron, runcinated 5-cell, ...).  This module builds both with exact
integer vertices and exact facet inequalities, certifies the facets exactly, and
computes circumradius ``R`` and inradius ``rho`` (largest ball about the centre)
as SymPy numbers, never from the dissertation's formulas.

Coordinates.  The hyperoctahedron of dimension ``n`` has vertices ``±e_i`` in
``R^n``.  The expanded n-simplex ``t_{0,n}`` of the regular simplex is the convex
hull of the root system ``A_n``: the ``n(n+1)`` vectors ``e_i - e_j`` (``i != j``)
of ``R^{n+1}``, which lie in the hyperplane ``sum(x) = 0`` (an ``n``-dimensional
space; distances are the Euclidean ones of ``R^{n+1}``).  For ``n = 2`` it is the
regular hexagon, for ``n = 3`` the cuboctahedron.  Its facets are indexed by the
nonempty proper subsets ``S`` of ``{0..n}``: ``sum_{i in S} x_i <= 1``, and the
facet of a subset of size ``k`` is at distance ``sqrt((n+1)/(k(n+1-k)))`` from the
centre (circumradius ``sqrt(2)``).

All arithmetic on coordinates is integer or rational; radii are returned as SymPy
square roots of rationals.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

import numpy as np
import sympy

from . import linalg
from .errors import check_limit, CertificationError, InvalidArgument, InvalidArgumentType, SizeLimitExceeded

__all__ = [
    "Polytope",
    "hyperoctahedron",
    "expanded_simplex",
    "expanded_simplex_facet_distance",
    "ball_volume",
    "qhull_facet_distances",
]

def _check_dimension(n, *, low=1):
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)):
        raise InvalidArgumentType("n", n, "an int")
    if n < low:
        raise InvalidArgument("n", n, f"an int >= {low}")
    return int(n)


#: Largest dimension `ball_volume` accepts.
_MAX_BALL_DIMENSION = 10_000


def _sympy_scalar(value, name, *, integer=False):
    """A caller's number or SymPy expression as a SymPy object, never parsing a string.

    ``sympy.sympify`` evaluates strings (``"__import__('os')..."``) as Python
    code, so only numbers and SymPy objects are let through to it.
    """
    if isinstance(value, sympy.Basic):
        if not isinstance(value, sympy.Expr) or value.has(sympy.nan, sympy.zoo, sympy.oo, -sympy.oo):
            raise InvalidArgument(name, value, "a finite number or SymPy expression")
        if integer and value.is_integer is False:
            raise InvalidArgument(name, value, "an int (or a SymPy symbol)")
        return value
    if isinstance(value, bool) or not isinstance(value, (int, np.integer, Fraction, float, np.floating)):
        allowed = "an int or a SymPy expression" if integer else "a number or a SymPy expression"
        raise InvalidArgumentType(name, value, allowed)
    if integer and not isinstance(value, (int, np.integer)):
        raise InvalidArgumentType(name, value, "an int or a SymPy expression")
    if isinstance(value, (float, np.floating)) and not np.isfinite(value):
        raise InvalidArgument(name, value, "a finite number")
    if isinstance(value, Fraction):
        return sympy.Rational(value.numerator, value.denominator)
    return sympy.sympify(int(value) if isinstance(value, np.integer) else float(value) if isinstance(value, np.floating) else value)


def _exact_scalar(x, name):
    """An exact coordinate (int, Fraction, SymPy Rational) as it is; anything else is refused."""
    if isinstance(x, bool) or not (isinstance(x, (int, np.integer, Fraction)) or getattr(x, "is_Rational", False)):
        raise InvalidArgumentType(name, x, "exact numbers (int, fractions.Fraction or sympy.Rational)")
    return int(x) if isinstance(x, np.integer) else x


def _exact_vector(v, name):
    if not isinstance(v, (tuple, list, np.ndarray)):
        raise InvalidArgumentType(name, v, "a sequence of exact numbers")
    return tuple(_exact_scalar(x, name) for x in v)


def _check_facet_count(n, exponent, max_facets, minus=0):
    """Refuse ``2**exponent - minus`` facets over ``max_facets``, without building 2**exponent for a huge n."""
    if exponent > max_facets.bit_length() + 1:
        if exponent > 4096:  # an exact count too large to be worth building
            raise InvalidArgument("n", n, f"an int small enough for at most max_facets={max_facets} facets")
        raise SizeLimitExceeded("n", n, size=2**exponent - minus, limit=max_facets, unit="facets", option="max_facets")
    if 2**exponent - minus > max_facets:
        raise SizeLimitExceeded("n", n, size=2**exponent - minus, limit=max_facets, unit="facets", option="max_facets")


@dataclass(frozen=True)
class Polytope:
    """A convex polytope given by exact vertices and exact facet inequalities.

    ``facets`` are pairs ``(a, b)`` meaning ``a . x <= b``; each normal ``a`` must
    lie in the direction space of the affine hull of the vertices, so that
    ``(b - a . c) / |a|`` is the distance from a point ``c`` of the hull to the
    facet's hyperplane *within* the hull.  :meth:`certify` checks this, that every
    vertex satisfies every inequality, and that each inequality is tight on
    vertices spanning a face of dimension ``dimension - 1`` (a facet).  It does
    not prove that no facet is missing: compare :func:`qhull_facet_distances`
    (done in the tests for ``n <= 6``) for that.

    >>> square = hyperoctahedron(2)
    >>> square.circumradius(), square.inradius(), square.radius_ratio()
    (1, sqrt(2)/2, sqrt(2))

    Attributes
    ----------
    name : str
    vertices : tuple of tuple of int or Fraction
    facets : tuple of (tuple, int or Fraction)
    """

    name: str
    vertices: tuple
    facets: tuple

    def __post_init__(self):
        if not isinstance(self.name, str):
            raise InvalidArgumentType("name", self.name, "a str")
        if not isinstance(self.vertices, (tuple, list)) or not self.vertices:
            raise InvalidArgument("vertices", self.vertices, "a non-empty sequence of points")
        vertices = tuple(_exact_vector(v, f"vertices[{i}]") for i, v in enumerate(self.vertices))
        width = len(vertices[0])
        for i, v in enumerate(vertices):
            if len(v) != width or not v:
                raise InvalidArgument(f"vertices[{i}]", v, f"points of length {width} >= 1")
        if not isinstance(self.facets, (tuple, list)):
            raise InvalidArgumentType("facets", self.facets, "a sequence of pairs (normal, offset)")
        facets = []
        for i, pair in enumerate(self.facets):
            if not isinstance(pair, (tuple, list)) or len(pair) != 2:
                raise InvalidArgumentType(f"facets[{i}]", pair, "a pair (normal, offset)")
            a, b = _exact_vector(pair[0], f"facets[{i}]"), _exact_scalar(pair[1], f"facets[{i}]")
            if len(a) != width:
                raise InvalidArgument(f"facets[{i}]", a, f"normals of length {width}")
            facets.append((a, b))
        object.__setattr__(self, "vertices", vertices)
        object.__setattr__(self, "facets", tuple(facets))

    # ---------------------------------------------------------------- geometry

    @property
    def ambient_dimension(self) -> int:
        """Length of the coordinate vectors.

        >>> expanded_simplex(2).ambient_dimension
        3
        """
        return len(self.vertices[0])

    @property
    def dimension(self) -> int:
        """Dimension of the affine hull of the vertices (exact rank).

        >>> expanded_simplex(3).dimension
        3
        """
        v0 = self.vertices[0]
        return linalg.rank([[a - b for a, b in zip(v, v0)] for v in self.vertices[1:]])

    @property
    def center(self) -> tuple:
        """The centroid of the vertices (exact Fractions).

        >>> hyperoctahedron(2).center
        (Fraction(0, 1), Fraction(0, 1))
        """
        count = len(self.vertices)
        return tuple(sum(Fraction(v[i]) for v in self.vertices) / count for i in range(self.ambient_dimension))

    def _integer_frame(self):
        """(count, total): the centre is total / count; exact integers when the data are."""
        count = len(self.vertices)
        total = [sum(v[i] for v in self.vertices) for i in range(self.ambient_dimension)]
        return count, total

    def circumradius_squared(self) -> Fraction:
        """Largest squared distance from :attr:`center` to a vertex (exact).

        >>> expanded_simplex(2).circumradius_squared()
        Fraction(2, 1)
        """
        count, total = self._integer_frame()
        # |v - total/count|^2 = |count v - total|^2 / count^2, integer when the coordinates are
        best = max(sum((count * x - y) ** 2 for x, y in zip(v, total)) for v in self.vertices)
        return Fraction(best) / count**2

    def facet_distances_squared(self) -> list:
        """Squared distances from :attr:`center` to each facet hyperplane, in facet order (exact).

        >>> sorted(set(hyperoctahedron(3).facet_distances_squared()))
        [Fraction(1, 3)]
        """
        count, total = self._integer_frame()
        out = []
        for a, b in self.facets:
            # (b - a.c)^2 / |a|^2 with c = total / count
            gap = b * count - sum(x * y for x, y in zip(a, total))
            out.append(Fraction(gap * gap) / (count**2 * sum(x * x for x in a)))
        return out

    def inradius_squared(self) -> Fraction:
        """Squared radius of the largest ball about :attr:`center` inside the polytope (exact).

        It is the smallest squared distance to a facet hyperplane.

        >>> expanded_simplex(3).inradius_squared()
        Fraction(1, 1)
        """
        return min(self.facet_distances_squared())

    def circumradius(self) -> sympy.Expr:
        """Circumradius ``R`` about :attr:`center` as a SymPy number.

        >>> expanded_simplex(3).circumradius()
        sqrt(2)
        """
        return sympy.sqrt(sympy.Rational(self.circumradius_squared()))

    def inradius(self) -> sympy.Expr:
        """Inradius ``rho`` (largest centred inscribed ball) as a SymPy number.

        >>> expanded_simplex(2).inradius()
        sqrt(6)/2
        """
        return sympy.sqrt(sympy.Rational(self.inradius_squared()))

    def radius_ratio(self) -> sympy.Expr:
        """The ratio ``R / rho`` as a simplified SymPy number.

        >>> expanded_simplex(2).radius_ratio()
        2*sqrt(3)/3
        """
        return sympy.sqrt(sympy.Rational(self.circumradius_squared() / self.inradius_squared()))

    def facet_vertex_counts(self) -> list:
        """Number of vertices on each facet, in facet order.

        >>> sorted(set(expanded_simplex(3).facet_vertex_counts()))
        [3, 4]
        """
        V = np.array(self.vertices, dtype=object)
        return [int(sum(1 for v in V if sum(x * y for x, y in zip(a, v)) == b)) for a, b in self.facets]

    # ---------------------------------------------------------------- certificate

    def certify(self) -> None:
        """Check the facet description exactly; raise `~symrelu.errors.CertificationError` on failure.

        Checks: (1) every normal lies in the direction space of the vertices'
        affine hull; (2) every vertex satisfies every inequality; (3) the
        vertices on each inequality's hyperplane span an affine space of dimension
        ``dimension - 1`` (exact ranks, `symrelu.linalg`); (4) the centre is
        strictly inside.

        >>> expanded_simplex(4).certify()
        """
        v0 = self.vertices[0]
        diffs = [[a - b for a, b in zip(v, v0)] for v in self.vertices[1:]]
        dim = linalg.rank(diffs)
        ints = all(isinstance(x, (int, np.integer)) for v in self.vertices for x in v) and all(
            isinstance(x, (int, np.integer)) for a, b in self.facets for x in (*a, b)
        )
        if ints:
            V = np.array(self.vertices, dtype=np.int64)
            A = np.array([a for a, _ in self.facets], dtype=np.int64)
            b = np.array([b for _, b in self.facets], dtype=np.int64)
            if max(np.abs(V).max(), 1) * max(np.abs(A).max(), 1) * V.shape[1] > 2**62:
                ints = False
        if ints:
            values = A @ V.T  # exact: small integers
            if (values > b[:, None]).any():
                f, v = np.argwhere(values > b[:, None])[0]
                raise CertificationError(f"{self.name}: vertex {self.vertices[v]} violates facet {self.facets[f]}")
            tight_sets = [np.flatnonzero(values[f] == b[f]) for f in range(len(self.facets))]
        else:
            tight_sets = []
            for a, bb in self.facets:
                vals = [sum(Fraction(x) * y for x, y in zip(a, v)) for v in self.vertices]
                if max(vals) > bb:
                    raise CertificationError(f"{self.name}: a vertex violates facet {(a, bb)}")
                tight_sets.append([i for i, x in enumerate(vals) if x == bb])
        # (1): the normal lies in span(diffs) <=> appending it does not raise the rank
        checked = set()
        for a, _ in self.facets:
            key = tuple(a)
            if key in checked:
                raise CertificationError(f"{self.name}: duplicate facet normal {key}")
            checked.add(key)
        # the direction space is the orthogonal complement of its normal space; test
        # each normal against an integer basis of that normal space
        normal_space = linalg.nullspace(diffs) if len(diffs) else []
        for w in normal_space:
            scale = math.lcm(*[x.denominator for x in w], 1)
            w = [int(x * scale) for x in w]
            for a, _ in self.facets:
                if sum(x * y for x, y in zip(a, w)) != 0:
                    raise CertificationError(f"{self.name}: facet normal {a} leaves the affine hull")
        for f, tight in enumerate(tight_sets):
            if len(tight) < dim:
                raise CertificationError(f"{self.name}: facet {self.facets[f]} touches only {len(tight)} vertices")
            w0 = self.vertices[tight[0]]
            rows = [[x - y for x, y in zip(self.vertices[i], w0)] for i in tight[1:]]
            rank = linalg.rank(rows, len(w0))
            if rank < dim - 1:
                raise CertificationError(f"{self.name}: facet {self.facets[f]} spans a face of dimension {rank} < {dim - 1}")
        total = [sum(v[i] for v in self.vertices) for i in range(self.ambient_dimension)]
        count = len(self.vertices)
        for a, bb in self.facets:
            # a . centre < b  <=>  a . (sum of vertices) < b * count
            if sum(x * y for x, y in zip(a, total)) >= bb * count:
                raise CertificationError(f"{self.name}: the centre is not inside facet {(a, bb)}")


def hyperoctahedron(n: int, *, max_facets: int = 2**16) -> Polytope:
    """The regular n-dimensional hyperoctahedron (cross-polytope) with vertices ``±e_i``.

    Facets: ``s . x <= 1`` for the ``2^n`` sign vectors ``s``.  Circumradius 1,
    inradius ``1/sqrt(n)``.  ``n = 2`` is a square, ``n = 3`` the octahedron.

    >>> P = hyperoctahedron(4)
    >>> len(P.vertices), len(P.facets), P.radius_ratio()
    (8, 16, 2)

    Parameters
    ----------
    n : int
        Dimension, ``n >= 1``.
    max_facets : int, keyword-only
        Refuse (``SizeLimitExceeded``) when ``2^n`` would exceed it.
    """
    n = _check_dimension(n)
    max_facets = check_limit("max_facets", max_facets)
    _check_facet_count(n, n, max_facets)
    vertices = []
    for i in range(n):
        for s in (1, -1):
            v = [0] * n
            v[i] = s
            vertices.append(tuple(v))
    facets = []
    for bits in range(2**n):
        facets.append((tuple(-1 if (bits >> i) & 1 else 1 for i in range(n)), 1))
    return Polytope(f"hyperoctahedron({n})", tuple(vertices), tuple(facets))


def expanded_simplex(n: int, *, max_facets: int = 2**16) -> Polytope:
    """The uniform expanded n-simplex ``eS_n``: the convex hull of the roots ``e_i - e_j`` of ``A_n``.

    It lives in the hyperplane ``sum(x) = 0`` of ``R^{n+1}``; ``n = 2`` is the
    regular hexagon and ``n = 3`` the cuboctahedron.  Facets: for each nonempty
    proper subset ``S`` of ``{0..n}`` with ``k = |S|``, the inequality
    ``a_S . x <= n + 1`` with ``a_S = (n+1) 1_S - k 1`` (the normal ``1_S``
    projected onto the hyperplane, scaled to integers).

    >>> P = expanded_simplex(3)
    >>> len(P.vertices), len(P.facets), P.radius_ratio()
    (12, 14, sqrt(2))

    Parameters
    ----------
    n : int
        Dimension, ``n >= 1``.
    max_facets : int, keyword-only
        Refuse (``SizeLimitExceeded``) when ``2^(n+1) - 2`` would exceed it.
    """
    n = _check_dimension(n)
    max_facets = check_limit("max_facets", max_facets)
    _check_facet_count(n, n + 1, max_facets, minus=2)
    m = n + 1
    vertices = []
    for i in range(m):
        for j in range(m):
            if i != j:
                v = [0] * m
                v[i], v[j] = 1, -1
                vertices.append(tuple(v))
    facets = []
    for bits in range(1, 2**m - 1):
        k = bin(bits).count("1")
        facets.append((tuple(m * ((bits >> i) & 1) - k for i in range(m)), m))
    return Polytope(f"expanded_simplex({n})", tuple(vertices), tuple(facets))


def expanded_simplex_facet_distance(n, k):
    """Distance from the centre of ``eS_n`` with circumradius 1 to a facet of type ``k``.

    The facet of a subset ``S`` with ``|S| = k`` has normal ``1_S`` projected onto
    ``sum(x) = 0``, of squared length ``k(n+1-k)/(n+1)``, and offset 1, while the
    circumradius of the root polytope is ``sqrt(2)``; so the distance is
    ``sqrt((n+1) / (2 k (n+1-k)))``.  ``n`` and ``k`` are ints with
    ``1 <= k <= n`` or SymPy expressions (symbols); strings are refused
    (`InvalidArgumentType`), since SymPy would evaluate them as code.  (The facets of
    :func:`expanded_simplex` are checked against this in the tests.)

    >>> expanded_simplex_facet_distance(3, 2)
    sqrt(2)/2
    """
    n = _sympy_scalar(n, "n", integer=True)
    k = _sympy_scalar(k, "k", integer=True)
    if n.is_positive is False:
        raise InvalidArgument("n", n, "an int >= 1 (or a SymPy symbol)")
    # a facet needs 1 <= k <= n: k = 0 or k = n + 1 divides by zero, k outside makes the distance imaginary
    if (k - 1).is_negative or (n - k).is_negative:
        raise InvalidArgument("k", k, f"an int with 1 <= k <= n={n} (or a SymPy symbol)")
    return sympy.sqrt((n + 1) / (2 * k * (n + 1 - k)))


def ball_volume(n, r=1):
    """Volume of the ``n``-dimensional ball of radius ``r``, exact (SymPy).

    Computed by the recurrence ``V_0 = 1``, ``V_1 = 2r``,
    ``V_n = (2 pi r^2 / n) V_{n-2}`` (integrate the ``(n-2)``-ball volume over a
    disc in polar coordinates), not from the Gamma-function formula.

    >>> ball_volume(3, 2)
    32*pi/3

    Parameters
    ----------
    n : int
        Dimension, ``n >= 0``.
    r : SymPy expression or number, optional
        Radius (default 1), ``r >= 0``; symbols allowed.  Strings are refused
        (`InvalidArgumentType`): SymPy would evaluate them as code.
    """
    n = _check_dimension(n, low=0)
    if n > _MAX_BALL_DIMENSION:
        # the recurrence costs n / 2 SymPy products (about 0.3 ms each at n = 10^4)
        raise InvalidArgument("n", n, f"an int in [0, {_MAX_BALL_DIMENSION}]")
    r = _sympy_scalar(r, "r")
    if r.is_negative or r.is_extended_real is False:
        raise InvalidArgument("r", r, "a radius >= 0 (a non-negative number or a SymPy expression)")
    # the recurrence's rational factors 2/m multiplied as one Fraction, pi and r^2 counted: one SymPy product at
    # the end (a SymPy product per step grew with the expression: n = 7951 took seconds)
    steps = range(2 if n % 2 == 0 else 3, n + 1, 2)
    coefficient = Fraction(1)
    for m in steps:
        coefficient *= Fraction(2, m)
    start = sympy.Integer(1) if n % 2 == 0 else 2 * r
    volume = sympy.Rational(coefficient.numerator, coefficient.denominator) * sympy.pi ** len(steps) \
        * r ** (2 * len(steps)) * start
    return sympy.expand(volume)


def qhull_facet_distances(polytope: Polytope, *, decimals: int = 9) -> list:
    """Distances from the centre to the distinct facet hyperplanes found by Qhull (float64).

    An independent cross-check of :class:`Polytope`'s facet list: the vertices are
    written in an orthonormal basis of their affine hull, passed to
    ``scipy.spatial.ConvexHull``, and Qhull's simplicial facets are merged by
    their hyperplane (rounded to ``decimals``).  Tolerance: distances agree with
    the exact ones to about ``1e-9``; Qhull becomes slow beyond dimension ~7.

    >>> [round(d, 6) for d in qhull_facet_distances(hyperoctahedron(3))] == [round(3 ** -0.5, 6)] * 8
    True
    """
    from scipy.spatial import ConvexHull

    if not isinstance(polytope, Polytope):
        raise InvalidArgumentType("polytope", polytope, "a Polytope")
    if isinstance(decimals, bool) or not isinstance(decimals, (int, np.integer)):
        raise InvalidArgumentType("decimals", decimals, "an int")
    if not 0 <= decimals <= 15:  # float64 holds about 16 significant digits
        raise InvalidArgument("decimals", decimals, "an int in [0, 15]")
    V = np.array([[float(x) for x in v] for v in polytope.vertices])
    c = V.mean(axis=0)
    X = V - c
    u, s, vt = np.linalg.svd(X, full_matrices=False)
    basis = vt[s > 1e-9 * s.max()]
    hull = ConvexHull(X @ basis.T)
    planes = {tuple(np.round(eq, decimals) + 0.0) for eq in hull.equations}
    return sorted(-p[-1] for p in planes)
