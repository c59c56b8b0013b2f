"""Continuous piecewise-linear (CPWL) functions on a closed interval.

A `PiecewiseLinear` is stored as its knots ``lo = x_0 < x_1 < ... < x_n = hi``
and its values at the knots; it is linear between knots.  The stored form is
canonical: interior knots where the slope does not change are dropped, so the
interior knots are exactly the `~PiecewiseLinear.breakpoints`.

Two number domains share one implementation (see ``symrelu._numbers``):

* exact: knots and values are ``fractions.Fraction``; equality is equality;
* float64: numpy arrays; knots closer than ``resolution * (hi - lo)`` are
  merged, and adjacent slopes equal to within ``slope_rtol`` (relative to the
  larger of the two) are merged, so rounding never creates breakpoints.

>>> from fractions import Fraction as Q
>>> f = PiecewiseLinear([0, 1, 2], [0, 1, 0])     # a tent, exact
>>> f(Q(1, 2)), f.breakpoints.tolist(), f.pieces
(Fraction(1, 2), [Fraction(1, 1)], 2)
>>> (f - Q(1, 2)).relu().breakpoints.tolist()
[Fraction(1, 2), Fraction(1, 1), Fraction(3, 2)]
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from ._numbers import (
    FMPQ_ZERO, _to_float, as_array, fraction_array, holds_fmpq, infer_exact, is_exact_scalar, signs, to_fraction,
)
from .errors import InvalidArgument, InvalidArgumentType

__all__ = ["PiecewiseLinear", "BDSO", "DEFAULT_RESOLUTION", "DEFAULT_SLOPE_RTOL"]

#: Float mode: knots closer than this fraction of the domain's width are one knot.
DEFAULT_RESOLUTION = 1e-13
#: Float mode: adjacent slopes within this relative distance are one slope.
DEFAULT_SLOPE_RTOL = 1e-9
#: Float mode: values are trusted to this many float64 epsilons of their magnitude scale.
_VALUE_EPS = 16 * np.finfo(float).eps


def _canonical(knots, values, exact: bool, resolution: float, slope_rtol: float, scale=None):
    """Merge nearly coincident knots (float mode) and collinear interior knots.

    Float mode drops a knot when its value lies within ``_VALUE_EPS * scale``
    of the chord through its neighbours (what rounding the values can cause),
    or when the slopes on its two sides agree to ``slope_rtol`` of the larger;
    it drops knots in passes, never two neighbours in one pass, so the error
    of one merge is never compounded by the next.  ``scale`` is the magnitude
    the values were computed from (default: their own maximum); it matters
    after cancellation, where the values are small but their rounding errors
    are not.
    """
    if exact:
        return _canonical_exact(knots, values)
    if not exact and len(knots) > 2:
        tol = resolution * (knots[-1] - knots[0])
        gaps = np.diff(knots)
        keep = np.ones(len(knots), dtype=bool)
        keep[1:-1] = gaps[:-1] > tol
        if gaps[-1] <= tol:  # the domain's end stays; its too-close neighbour goes
            keep[-2] = False
        knots, values = knots[keep], values[keep]
    if len(knots) <= 2:
        return knots, values
    if scale is None:
        scale = np.max(np.abs(values))
    noise = _VALUE_EPS * scale
    while len(knots) > 2:
        widths = np.diff(knots)
        slopes = np.diff(values) / widths
        h1, h2 = widths[:-1], widths[1:]
        change = np.abs(slopes[1:] - slopes[:-1])
        larger = np.maximum(np.abs(slopes[1:]), np.abs(slopes[:-1]))
        # A knot may go when its value lies within rounding noise of the chord
        # through its neighbours (change * h1 h2 / (h1 + h2) is that distance),
        # or when the two slopes agree to slope_rtol.
        droppable = (change * (h1 * h2 / (h1 + h2)) <= noise) | (change <= slope_rtol * larger)
        if not droppable.any():
            break
        # Never drop two neighbours in one pass: each test assumed its neighbours stay.
        idx = np.flatnonzero(droppable)
        run_start = np.ones(len(idx), dtype=bool)
        run_start[1:] = idx[1:] != idx[:-1] + 1
        first = np.maximum.accumulate(np.where(run_start, np.arange(len(idx)), 0))
        drop = idx[(np.arange(len(idx)) - first) % 2 == 0]
        keep = np.ones(len(knots), dtype=bool)
        keep[drop + 1] = False
        knots, values = knots[keep], values[keep]
    return knots, values


def _canonical_exact(knots, values):
    """Exact `_canonical`: drop every interior knot where the slope does not change; Fractions out.

    Exact collinearity is transitive, so every such knot goes at once.  The
    arrays may hold ``fmpq`` (the fast internal type of ``ReLUNetwork.to_pwl``):
    the slopes are compared there, and only the kept knots are converted.
    """
    if len(knots) > 2:
        slopes = np.diff(values) / np.diff(knots)
        keep = np.concatenate(([True], slopes[1:] != slopes[:-1], [True]))
        knots, values = knots[keep], values[keep]
    return fraction_array(knots), fraction_array(values)


class PiecewiseLinear:
    """A continuous piecewise-linear function on ``[knots[0], knots[-1]]``.

    Parameters
    ----------
    knots : array_like
        Strictly increasing x-coordinates, at least two; the first and last are
        the ends of the domain.
    values : array_like
        The function's values at the knots.
    exact : bool, optional
        Exact rationals (``Fraction``) or float64.  By default exact when every
        knot and value is an int, ``Fraction`` or SymPy ``Rational``.
    resolution, slope_rtol : float, optional
        Float mode only: the tolerances described in the module docstring.

    Examples
    --------
    >>> f = PiecewiseLinear([0.0, 0.5, 1.0], [0.0, 1.0, 0.0])
    >>> f([0.25, 0.75]).tolist(), f.slopes.tolist()
    ([0.5, 0.5], [2.0, -2.0])
    """

    __slots__ = ("_knots", "_values", "_exact", "_resolution", "_slope_rtol")

    def __init__(
        self,
        knots,
        values,
        *,
        exact: bool | None = None,
        resolution: float = DEFAULT_RESOLUTION,
        slope_rtol: float = DEFAULT_SLOPE_RTOL,
    ):
        if exact is None:
            exact = infer_exact(knots) and infer_exact(values)
        knots = as_array(knots, "knots", exact=exact, ndim=1)
        values = as_array(values, "values", exact=exact, ndim=1)
        if len(knots) < 2:
            raise InvalidArgument("knots", knots.tolist(), "at least two knots (the ends of the domain)")
        if len(values) != len(knots):
            raise InvalidArgument("values", f"{len(values)} values", f"one value per knot ({len(knots)})")
        steps = np.diff(knots) > 0
        if not np.all(steps):
            i = int(np.argmin(steps))
            raise InvalidArgument(
                f"knots[{i + 1}]", knots[i + 1], f"a knot greater than knots[{i}]={knots[i]!r} (knots must increase)"
            )
        if not (0 < resolution < 1e-3) or not (0 <= slope_rtol < 1e-3):
            raise InvalidArgument("resolution/slope_rtol", (resolution, slope_rtol), "tolerances in (0, 1e-3)")
        self._exact = bool(exact)
        self._resolution, self._slope_rtol = float(resolution), float(slope_rtol)
        self._knots, self._values = _canonical(knots, values, self._exact, resolution, slope_rtol)
        self._knots.flags.writeable = False
        self._values.flags.writeable = False

    @classmethod
    def _trusted(cls, knots, values, exact, resolution=DEFAULT_RESOLUTION, slope_rtol=DEFAULT_SLOPE_RTOL, scale=None):
        """Build from arrays already in the domain and increasing (internal fast path).

        ``scale``: the magnitude the values were computed from (see `_canonical`).
        """
        self = object.__new__(cls)
        self._exact = exact
        self._resolution, self._slope_rtol = resolution, slope_rtol
        self._knots, self._values = _canonical(knots, values, exact, resolution, slope_rtol, scale)
        self._knots.flags.writeable = False
        self._values.flags.writeable = False
        return self

    def _like(self, knots, values, scale=None):
        return PiecewiseLinear._trusted(knots, values, self._exact, self._resolution, self._slope_rtol, scale)

    def _magnitude(self):
        """The largest absolute value (float mode: what rounding errors are relative to)."""
        return None if self._exact else float(np.max(np.abs(self._values)))

    # -- basic data ---------------------------------------------------------
    @property
    def exact(self) -> bool:
        """True for exact rational arithmetic, False for float64."""
        return self._exact

    @property
    def domain(self) -> tuple:
        """The interval ``(lo, hi)``."""
        return self._knots[0], self._knots[-1]

    @property
    def knots(self) -> np.ndarray:
        """The domain's ends and the breakpoints, increasing (read-only)."""
        return self._knots

    @property
    def values(self) -> np.ndarray:
        """Values at `knots` (read-only)."""
        return self._values

    @property
    def breakpoints(self) -> np.ndarray:
        """Interior points where the slope changes, increasing."""
        return self._knots[1:-1]

    @property
    def pieces(self) -> int:
        """The number of linear pieces (maximal intervals of constant slope)."""
        return len(self._knots) - 1

    @property
    def slopes(self) -> np.ndarray:
        """The slope of each piece."""
        return np.diff(self._values) / np.diff(self._knots)

    @property
    def intercepts(self) -> np.ndarray:
        """The intercept ``c_p`` of each piece's line ``m_p x + c_p`` (003 eq. 3's gamma_p)."""
        return self._values[:-1] - self.slopes * self._knots[:-1]

    @property
    def delta_slopes(self) -> np.ndarray:
        """Change of slope at each breakpoint (003's mu)."""
        return np.diff(self.slopes)

    # -- evaluation ---------------------------------------------------------
    def _points(self, x, name="x"):
        scalar = np.ndim(x) == 0
        exact = self._exact and (infer_exact(x) if not scalar else is_exact_scalar(x))
        pts = np.atleast_1d(as_array(np.asarray(x, dtype=object) if exact else x, name, exact=exact))
        lo, hi = self.domain
        outside = (pts < lo) | (pts > hi)
        if np.any(outside):
            i = int(np.argmax(outside))
            raise InvalidArgument(f"{name}" + ("" if scalar else f"[{i}]"), pts[i], f"a point of the domain [{lo}, {hi}]")
        return pts, scalar, exact

    def __call__(self, x):
        """Evaluate at a scalar or an array of points of the domain.

        Exact functions at exact points give exact values; floats give float64.
        """
        pts, scalar, exact = self._points(x)
        knots, values = self._knots, self._values
        if not exact and self._exact:
            knots, values = knots.astype(float), values.astype(float)
        k = np.clip(np.searchsorted(knots, pts, side="right") - 1, 0, len(knots) - 2)
        x0, x1, y0, y1 = knots[k], knots[k + 1], values[k], values[k + 1]
        out = y0 + (pts - x0) * ((y1 - y0) / (x1 - x0))
        return out[0] if scalar else out

    def derivative(self, x, side: str | None = None):
        """The slope at ``x``; at a breakpoint, the one-sided slope ``side='left'`` or ``'right'``.

        >>> f = PiecewiseLinear([0, 1, 2], [0, 1, 0])
        >>> f.derivative(1, side="left"), f.derivative(1, side="right")
        (Fraction(1, 1), Fraction(-1, 1))
        """
        if side not in (None, "left", "right"):
            raise InvalidArgument("side", side, "None, 'left' or 'right'")
        pts, scalar, _ = self._points(x)
        knots, slopes = self._knots, self.slopes
        left_k = np.searchsorted(knots, pts, side="left") - 1   # piece ending at or after x
        right_k = np.searchsorted(knots, pts, side="right") - 1  # piece starting at or before x
        if side == "left":
            if np.any(left_k < 0):
                raise InvalidArgument("x", x, "a point above the domain's lower end for side='left'")
            out = slopes[left_k]
        elif side == "right":
            if np.any(right_k > len(slopes) - 1):
                raise InvalidArgument("x", x, "a point below the domain's upper end for side='right'")
            out = slopes[right_k]
        else:
            at_knot = left_k != right_k
            if np.any(at_knot):
                i = int(np.argmax(at_knot))
                raise InvalidArgument(
                    "x", pts[i], "a point that is not a knot", "At a breakpoint or end, pass side='left' or 'right'."
                )
            out = slopes[right_k]
        return out[0] if scalar else out

    # -- arithmetic ---------------------------------------------------------
    def _check_compatible(self, other: PiecewiseLinear, name="other"):
        if not isinstance(other, PiecewiseLinear):
            raise InvalidArgumentType(name, other, "a PiecewiseLinear")
        if other._exact != self._exact:
            raise InvalidArgument(name, other, "a function in the same number domain (both exact or both float)")
        if not (self.domain[0] == other.domain[0] and self.domain[1] == other.domain[1]):
            raise InvalidArgument(name, other.domain, f"a function on the same domain {self.domain}")

    def _scalar(self, c, name="scalar"):
        if isinstance(c, PiecewiseLinear):
            return c
        if self._exact:
            return to_fraction(c, name)
        return as_array(c, name, exact=False).item() if np.ndim(c) == 0 else _raise_scalar(name, c)

    def _common_knots(self, other: PiecewiseLinear):
        knots = np.union1d(self._knots, other._knots) if not self._exact else np.array(
            sorted(set(self._knots.tolist()) | set(other._knots.tolist())), dtype=object
        )
        return knots, self(knots), other(knots)

    def __add__(self, other):
        other = self._scalar(other)
        if isinstance(other, PiecewiseLinear):
            self._check_compatible(other)
            knots, a, b = self._common_knots(other)
            scale = None if self._exact else self._magnitude() + other._magnitude()
            return self._like(knots, a + b, scale)
        scale = None if self._exact else self._magnitude() + abs(other)
        return self._like(self._knots, self._values + other, scale)

    __radd__ = __add__

    def __neg__(self):
        return self._like(self._knots, -self._values)

    def __sub__(self, other):
        return self + (-other)

    def __rsub__(self, other):
        return (-self) + other

    def __mul__(self, c):
        if isinstance(c, PiecewiseLinear):
            raise InvalidArgumentType("c", c, "a scalar (a product of two CPWL functions is not CPWL)")
        c = self._scalar(c, "c")
        return self._like(self._knots, self._values * c)

    __rmul__ = __mul__

    def __truediv__(self, c):
        c = self._scalar(c, "c")
        if c == 0:
            raise InvalidArgument("c", c, "a nonzero divisor")
        return self * (1 / c)

    def relu(self, alpha=0) -> PiecewiseLinear:
        """``max(f, alpha*f)`` (ReLU for ``alpha=0``, leaky ReLU otherwise), zero crossings inserted.

        >>> PiecewiseLinear([-1, 1], [-1, 1]).relu().knots.tolist()
        [Fraction(-1, 1), Fraction(0, 1), Fraction(1, 1)]
        """
        alpha = self._scalar(alpha, "alpha")
        knots, values = insert_zero_crossings(self._knots, self._values[None, :], self._exact)
        v = values[0]
        return self._like(knots, np.where(v < 0, alpha * v, v), self._magnitude())

    def compose(self, inner: PiecewiseLinear) -> PiecewiseLinear:
        """``self ∘ inner``: the function ``x -> self(inner(x))`` on ``inner``'s domain.

        ``inner``'s range must lie in ``self``'s domain.

        >>> tent = PiecewiseLinear([0, 1, 2], [0, 2, 0])
        >>> tent.compose(tent).pieces
        4
        """
        if not isinstance(inner, PiecewiseLinear):
            raise InvalidArgumentType("inner", inner, "a PiecewiseLinear")
        if inner._exact != self._exact:
            raise InvalidArgument("inner", inner, "a function in the same number domain (both exact or both float)")
        lo, hi = self.domain
        vmin, vmax = np.min(inner._values), np.max(inner._values)
        if vmin < lo or vmax > hi:
            raise InvalidArgument("inner", (vmin, vmax), f"a function whose range lies in [{lo}, {hi}]")
        # Preimages of self's breakpoints on each piece of inner.
        xs, ys = inner._knots, inner._values
        new_x = [xs]
        bps = self.breakpoints
        for k in range(len(xs) - 1):
            y0, y1 = ys[k], ys[k + 1]
            if y0 == y1:
                continue
            a, b = (y0, y1) if y0 < y1 else (y1, y0)
            i, j = np.searchsorted(bps, a, side="right"), np.searchsorted(bps, b, side="left")
            if i < j:
                t = (bps[i:j] - y0) / (y1 - y0)
                new_x.append(xs[k] + t * (xs[k + 1] - xs[k]))
        knots = _sorted_union(new_x, self._exact)
        return inner._like(knots, self(inner(knots)), self._magnitude())

    # -- conversions --------------------------------------------------------
    def to_sympy(self, x=None):
        """The function as a SymPy ``Piecewise`` in the symbol ``x`` (default ``Symbol('x')``).

        Outside the domain the expression is ``nan``.

        >>> PiecewiseLinear([0, 1, 2], [0, 1, 0]).to_sympy()
        Piecewise((x, (x >= 0) & (x <= 1)), (2 - x, (x >= 1) & (x <= 2)), (nan, True))
        """
        import sympy

        x = sympy.Symbol("x") if x is None else x
        conv = (lambda v: sympy.Rational(v.numerator, v.denominator)) if self._exact else sympy.Float
        pieces = []
        for m, c, a, b in zip(self.slopes, self.intercepts, self._knots[:-1], self._knots[1:]):
            pieces.append((conv(m) * x + conv(c), sympy.And(x >= conv(a), x <= conv(b))))
        pieces.append((sympy.nan, True))
        return sympy.Piecewise(*pieces)

    def _sympy_(self):
        return self.to_sympy()

    def _repr_latex_(self):
        import sympy

        return f"$\\displaystyle {sympy.latex(self.to_sympy())}$"

    def to_bdso(self) -> BDSO:
        """The BDSO form (003 eq. 2) with every orientation +1 plus the affine part on the left."""
        lo = self._knots[0]
        m0 = self.slopes[0]
        return BDSO(
            breakpoints=self.breakpoints.copy(),
            delta_slopes=self.delta_slopes,
            orientations=np.ones(len(self.breakpoints), dtype=int),
            slope=m0,
            offset=self._values[0] - m0 * lo,
        )

    # -- comparison and printing -------------------------------------------
    def __eq__(self, other):
        if not isinstance(other, PiecewiseLinear):
            return NotImplemented
        return (
            self._exact == other._exact
            and len(self._knots) == len(other._knots)
            and bool(np.all(self._knots == other._knots))
            and bool(np.all(self._values == other._values))
        )

    __hash__ = None  # mutable-looking numpy payload; compare with ==

    def __repr__(self):
        def fmt(arr):
            items = [str(v) for v in (arr[:4] if len(arr) > 6 else arr)]
            if len(arr) > 6:
                items += ["...", str(arr[-1])]
            return "[" + ", ".join(items) + "]"

        kind = "exact" if self._exact else "float64"
        return f"PiecewiseLinear(knots={fmt(self._knots)}, values={fmt(self._values)}, {kind}, pieces={self.pieces})"


def _raise_scalar(name, value):
    raise InvalidArgumentType(name, value, "a scalar")


def _sorted_union(arrays, exact: bool) -> np.ndarray:
    if exact:
        return np.array(sorted(set().union(*(a.tolist() for a in arrays))), dtype=object)
    return np.unique(np.concatenate(arrays))


def insert_zero_crossings(knots: np.ndarray, values: np.ndarray, exact: bool, resolution: float = DEFAULT_RESOLUTION):
    """Refine ``knots`` by every point where a row of ``values`` changes sign.

    ``values`` has shape (rows, len(knots)); each row is linear between knots.
    Returns the refined knots and every row's values there.  A crossing lands
    exactly on 0 in its own row.  In float mode a crossing closer than
    ``resolution * (hi - lo)`` to a knot is not inserted (the knot stands for it),
    which is what keeps rounding from inventing pieces.
    """
    if exact:
        return _insert_zero_crossings_exact(knots, values)
    z0, z1 = values[:, :-1], values[:, 1:]
    change = ((z0 < 0) & (z1 > 0)) | ((z0 > 0) & (z1 < 0))
    rows, ks = np.nonzero(change)
    if len(ks) == 0:
        return knots, values
    a, b = z0[rows, ks], z1[rows, ks]
    t = a / (a - b)
    width = knots[ks + 1] - knots[ks]
    x = knots[ks] + t * width
    tol = resolution * (knots[-1] - knots[0])
    ok = (x - knots[ks] > tol) & (knots[ks + 1] - x > tol)
    rows, ks, t, x = rows[ok], ks[ok], t[ok], x[ok]
    if len(ks) == 0:
        return knots, values
    # Sort crossings by position, drop repeats (several rows crossing at one point).
    order = np.lexsort((x, ks))
    rows, ks, t, x = rows[order], ks[order], t[order], x[order]
    dup = np.zeros(len(x), dtype=bool)
    dup[1:] = (ks[1:] == ks[:-1]) & (x[1:] - x[:-1] <= resolution * (knots[-1] - knots[0]))
    zero_rows, zero_at = rows, np.cumsum(~dup) - 1  # which new point each crossing maps to
    keep = ~dup
    ks_u, t_u, x_u = ks[keep], t[keep], x[keep]
    left = values[:, ks_u]
    new_vals = left + t_u[None, :] * (values[:, ks_u + 1] - left)
    new_vals[zero_rows, zero_at] = 0  # exact zero in the crossing row(s)
    # New points go right after knot ks_u; np.insert keeps their sorted order.
    out_knots = np.insert(knots, ks_u + 1, x_u)
    out_vals = np.insert(values, ks_u + 1, new_vals, axis=1)
    return out_knots, out_vals


def _insert_zero_crossings_exact(knots, values):
    """Exact `insert_zero_crossings`, on ``fmpq`` or ``Fraction`` object arrays (``fmpq`` is 5-10x faster).

    Every value's sign is read once; crossings are sorted by interval (an
    integer sort) and compared exactly only inside an interval that holds
    several; a row is interpolated only where it varies on the interval, and
    equality, the cheapest exact test, decides that.
    """
    s = signs(values)
    rows, ks = np.nonzero(s[:, :-1] * s[:, 1:] < 0)  # opposite signs at the two ends of interval ks
    if len(ks) == 0:
        return knots, values
    a, b = values[rows, ks], values[rows, ks + 1]
    t = a / (a - b)
    k0 = knots[ks]
    x = k0 + t * (knots[ks + 1] - k0)
    order = _order_crossings(ks, t)
    rows, ks, t, x = rows[order], ks[order], t[order], x[order]
    # Several rows crossing at one point give one new knot.
    dup = np.zeros(len(x), dtype=bool)
    same = np.flatnonzero(ks[1:] == ks[:-1]) + 1
    if len(same):
        dup[same] = t[same] == t[same - 1]
    zero_rows, zero_at = rows, np.cumsum(~dup) - 1  # which new point each crossing maps to
    keep = ~dup
    ks_u, t_u, x_u = ks[keep], t[keep], x[keep]
    left, right = values[:, ks_u], values[:, ks_u + 1]
    new_vals = left.copy()
    moving = right != left
    moving[zero_rows, zero_at] = False
    r, c = np.nonzero(moving)
    lr = left[r, c]
    new_vals[r, c] = lr + t_u[c] * (right[r, c] - lr)
    new_vals[zero_rows, zero_at] = FMPQ_ZERO if holds_fmpq(values) else Fraction(0)
    out_knots = np.insert(knots, ks_u + 1, x_u)
    out_vals = np.insert(values, ks_u + 1, new_vals, axis=1)
    return out_knots, out_vals


def _order_crossings(ks, t):
    """The permutation sorting crossings by interval ``ks``, then by position ``t`` inside the interval.

    An integer sort does the first; exact comparisons only order crossings that
    share an interval (pairs vectorised, longer runs by Python's sort).
    """
    order = np.argsort(ks, kind="stable")
    same = ks[order][1:] == ks[order][:-1]
    if not same.any():
        return order
    edges = np.flatnonzero(np.diff(np.concatenate(([0], same.astype(np.int8), [0]))))
    starts, ends = edges[0::2], edges[1::2] + 1  # runs [start, end) of one interval
    pair = ends - starts == 2
    s2 = starts[pair]
    if len(s2):
        i, j = order[s2], order[s2 + 1]
        swap = np.asarray(t[j] < t[i], dtype=bool)
        order[s2[swap]], order[s2[swap] + 1] = j[swap], i[swap]
    for s0, e0 in zip(starts[~pair], ends[~pair]):
        order[s0:e0] = sorted(order[s0:e0].tolist(), key=t.__getitem__)
    return order


@dataclass(frozen=True)
class BDSO:
    """003's breakpoint / delta-slope / orientation form of a CPWL function (eq. 2):

    ``f(x) = offset + slope*x + sum_i mu_i (x - beta_i) [s_i (x - beta_i) > 0]``.

    The affine part (``offset``, ``slope``) is zero for a one-hidden-layer
    network whose neurons all have ``w != 0``; it carries neurons with ``w = 0``
    and is needed to write a general CPWL function.

    >>> f = BDSO.from_network(w=[1, -2], b=[0, 1], v=[3, 1])
    >>> f.breakpoints.tolist(), f.delta_slopes.tolist(), f.orientations.tolist()
    ([Fraction(0, 1), Fraction(1, 2)], [Fraction(3, 1), Fraction(-2, 1)], [1, -1])
    >>> f.to_pwl(-1, 1) == PiecewiseLinear([-1, 0, Fraction(1, 2), 1], [3, 1, Fraction(3, 2), 3])
    True
    """

    breakpoints: np.ndarray
    delta_slopes: np.ndarray
    orientations: np.ndarray
    slope: object = 0
    offset: object = 0

    @classmethod
    def from_network(cls, *, w, b, v, exact: bool | None = None) -> BDSO:
        """003 eq. 1 -> eq. 2: ``beta = -b/w``, ``mu = w v``, ``s = sgn w``; ``w = 0`` units go to ``offset``."""
        if exact is None:
            exact = infer_exact(w) and infer_exact(b) and infer_exact(v)
        w, b, v = (as_array(a, n, exact=exact, ndim=1) for a, n in ((w, "w"), (b, "b"), (v, "v")))
        if not (len(w) == len(b) == len(v)):
            raise InvalidArgument("w, b, v", (len(w), len(b), len(v)), "three arrays of one length (the width H)")
        live = w != 0
        dead_offset = sum((vi * max(bi, 0) for vi, bi in zip(v[~live], b[~live])), Fraction(0) if exact else 0.0)
        wl, bl, vl = w[live], b[live], v[live]
        return cls(
            breakpoints=-bl / wl,
            delta_slopes=wl * vl,
            orientations=np.where(wl > 0, 1, -1),
            slope=Fraction(0) if exact else 0.0,
            offset=dead_offset,
        )

    def __call__(self, x):
        """Evaluate eq. 2 at a scalar or array ``x``."""
        x = np.asarray(x, dtype=object if isinstance(self.offset, Fraction) else float)
        d = x[..., None] - self.breakpoints
        on = np.where(self.orientations > 0, d > 0, d < 0)
        return self.offset + self.slope * x + np.sum(np.where(on, self.delta_slopes * d, 0), axis=-1)

    def to_pwl(self, lo, hi) -> PiecewiseLinear:
        """The function on ``[lo, hi]`` as a `PiecewiseLinear` (003 eq. 3)."""
        exact = isinstance(self.offset, Fraction)
        # each end validated under its own name (a NaN lo used to be blamed on hi)
        lo, hi = (to_fraction(lo, "lo"), to_fraction(hi, "hi")) if exact else (_to_float(lo, "lo"), _to_float(hi, "hi"))
        if not lo < hi:
            raise InvalidArgument("hi", hi, f"a number greater than lo={lo}")
        inner = [p for p in self.breakpoints if lo < p < hi]
        knots = np.array(sorted(set([lo, hi, *inner])), dtype=object if exact else float)
        return PiecewiseLinear(knots, self(knots), exact=exact)
