"""Continuous piecewise-linear (CPWL) functions on a closed interval.

A `PiecewiseLinear` is stored as its knots ``lo = x_0 < x_1 < ... < x_n = hi``
and its values at the knots; it is linear between knots.  The stored form is
canonical: interior knots where the slope does not change are dropped, so the
interior knots are exactly the `~PiecewiseLinear.breakpoints`.

Two number domains share one implementation (see ``symrelu._numbers``):

* exact: knots and values are ``fractions.Fraction``; equality is equality;
* float64: numpy arrays.  A knot is dropped only when rounding explains it:
  its value lies within the rounding bound of the values (relative to the
  magnitudes they were computed from, knot by knot) of the chord through its
  neighbours.  Whatever is dropped although the stored values show a bend is
  counted in `PiecewiseLinear.merged` and raises a
  `~symrelu.errors.PrecisionWarning`.  The optional ``resolution`` and
  ``slope_rtol`` merge more (knots closer than ``resolution * (hi - lo)``,
  slopes within ``slope_rtol`` of each other); they default to 0.

>>> from fractions import Fraction as Q
>>> f = PiecewiseLinear([0, 1, 2], [0, 1, 0])     # a tent, exact
>>> f(Q(1, 2)), f.breakpoints.tolist(), f.pieces
(Fraction(1, 2), [Fraction(1, 1)], 2)
>>> (f - Q(1, 2)).relu().breakpoints.tolist()
[Fraction(1, 2), Fraction(1, 1), Fraction(3, 2)]
"""

from __future__ import annotations

import math
import sys
import warnings
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from ._numbers import (
    FMPQ_ZERO, _to_float, as_array, fraction_array, fractions_from_parts, holds_fmpq, infer_exact, is_exact_scalar,
    rational_parts, signs, to_fraction,
)
from .errors import InvalidArgument, InvalidArgumentType, PrecisionWarning, _short_repr

__all__ = [
    "PiecewiseLinear", "BDSO", "MergeReport", "DEFAULT_RESOLUTION", "DEFAULT_SLOPE_RTOL",
    "maximum", "minimum", "distance",
]

#: Float mode: knots closer than this fraction of the domain's width are one knot
#: (0: only the rounding bounds decide, nothing is merged for being narrow).
DEFAULT_RESOLUTION = 0.0
#: Float mode: adjacent slopes within this relative distance are one slope (0: only rounding decides).
DEFAULT_SLOPE_RTOL = 0.0
#: ``_repr_latex_`` (Jupyter's automatic display) summarizes functions with more pieces than this.
_REPR_LATEX_MAX_PIECES = 32
#: ``repr`` is complete (and evaluable) up to this many knots and characters, a summary beyond.
_REPR_MAX_KNOTS = 64
_REPR_MAX_CHARS = 20_000
#: Largest ``resolution`` / ``slope_rtol`` accepted.
_MAX_TOLERANCE = 1e-3
#: Unit roundoff of float64.
_U = 2.0**-53
#: Float mode: values are trusted to this many float64 epsilons of their magnitude scale.
_VALUE_EPS = 16 * np.finfo(float).eps


def _canonical_exact(knots, values):
    """Exact mode's canonical form: drop every interior knot where the slope does not change; Fractions out.

    Exact collinearity is transitive, so every such knot goes at once.  The
    arrays may hold ``fmpq`` (the fast internal type of ``ReLUNetwork.to_pwl``)
    or ``Fraction``; see `_slope_changes` for how each knot is decided.
    """
    if len(knots) <= 2:
        return fraction_array(knots), fraction_array(values)
    kp, kq = rational_parts(knots)
    vp, vq = rational_parts(values)
    keep = np.concatenate(([True], _slope_changes(knots, values, kp, kq, vp, vq), [True]))
    if not holds_fmpq(knots):
        return fraction_array(knots[keep]), fraction_array(values[keep])
    idx = np.flatnonzero(keep).tolist()
    return (fractions_from_parts([kp[i] for i in idx], [kq[i] for i in idx]),
            fractions_from_parts([vp[i] for i in idx], [vq[i] for i in idx]))


#: Float64 decides a bend when the computed determinant exceeds this multiple of its error bound.
_BEND_SAFETY = 2.0


def _slope_changes(knots, values, kp, kq, vp, vq) -> np.ndarray:
    """For each interior knot: does the slope change there?  Exact, float64 where that is certain.

    The slope changes at knot ``i`` iff ``D = dV_{i-1} dX_i - dV_i dX_{i-1} != 0``.
    Every number is rounded to float64 once (Python's int division rounds
    correctly: within ``u = 2^-53`` relative).  A computed difference ``dv``
    is then within ``e_v = u (|v_a| + |v_b| + |dv|)`` of the exact one (``e_x``
    likewise), a product ``dv dx`` within ``e_v |dx| + |dv| e_x + e_v e_x + u |dv dx|``,
    and ``D`` within the sum of its two products' bounds plus ``u |D|``.  Where
    ``|D|`` exceeds twice that bound the slope certainly changes; the rest
    (collinear knots, nearly collinear ones, anything near float64's overflow or
    underflow) are decided by exact arithmetic on the original numbers.  Exact
    slope arithmetic on 300-bit rationals costs a few microseconds per knot;
    this costs two int divisions.
    """
    n = len(knots)
    certain = np.zeros(n - 2, dtype=bool)
    try:
        x = np.array([p / q for p, q in zip(kp, kq)])
        v = np.array([p / q for p, q in zip(vp, vq)])
    except OverflowError:  # a number beyond float64: decide everything exactly
        x = None
    if x is not None:
        # Nonzero numbers that float64 holds only as a subnormal or 0 break the relative bound.
        lost = np.zeros(n, dtype=bool)
        for f, nums in ((x, kp), (v, vp)):
            small = np.flatnonzero(np.abs(f) < 1e-290)
            lost[small[[nums[i] != 0 for i in small]]] = True
        u = 2.0**-53
        dx, dv = np.diff(x), np.diff(v)
        with np.errstate(over="ignore", invalid="ignore", under="ignore"):
            ex = u * (np.abs(x[:-1]) + np.abs(x[1:]) + np.abs(dx))
            ev = u * (np.abs(v[:-1]) + np.abs(v[1:]) + np.abs(dv))
            p1, p2 = dv[:-1] * dx[1:], dv[1:] * dx[:-1]
            det = p1 - p2
            bound = (ev[:-1] * np.abs(dx[1:]) + np.abs(dv[:-1]) * ex[1:] + ev[:-1] * ex[1:] + u * np.abs(p1)
                     + ev[1:] * np.abs(dx[:-1]) + np.abs(dv[1:]) * ex[:-1] + ev[1:] * ex[:-1] + u * np.abs(p2)
                     + u * np.abs(det))
            # A bound below 1e-280 may have lost terms to underflow: decide those exactly.
            certain = (np.abs(det) > _BEND_SAFETY * bound) & (bound > 1e-280) & np.isfinite(bound)
        certain &= ~(lost[:-2] | lost[1:-1] | lost[2:])
    changes = certain.copy()
    i = np.flatnonzero(~certain)
    if len(i):
        dv0, dv1 = values[i + 1] - values[i], values[i + 2] - values[i + 1]
        dx0, dx1 = knots[i + 1] - knots[i], knots[i + 2] - knots[i + 1]
        changes[i] = np.asarray(dv0 * dx1 != dv1 * dx0, dtype=bool)
    return changes


@dataclass(frozen=True)
class MergeReport:
    """What a float64 result could not resolve, and therefore merged.

    ``knots`` counts the knots merged: zero crossings closer to another knot
    than their rounding bounds (``min_width``/``max_width``: the distances
    merged) and bends whose change of slope was below its rounding bound
    (``min_slope_change``/``max_slope_change``: the changes dropped).  ``zeros``
    counts values that were zero within rounding at a knot and were taken as
    exactly zero there (a touch or a crossing at that knot); a crossing closer
    to such a knot than its bound would be merged with it, which the guarantee
    allows for (see the guide, "What float64 mode guarantees").
    ``unresolved`` counts pieces that were kept but are narrower than the
    error windows of their two ends (`symrelu.network.NetworkPWL.knot_errors`):
    float64 cannot tell whether such a piece exists, is placed right, or is a
    sliver made of rounding; `symrelu.network.NetworkPWL.certify` decides them.
    A warning is raised when ``knots`` or ``unresolved`` is not zero.  Exact
    results have an empty report.

    >>> MergeReport().knots, MergeReport(knots=2, min_width=1e-17) + MergeReport(knots=1, min_width=3e-18)
    (0, MergeReport(knots=3, min_width=3e-18, max_width=None, min_slope_change=None, max_slope_change=None, zeros=0, unresolved=0))
    """

    knots: int = 0
    min_width: float | None = None
    max_width: float | None = None
    min_slope_change: float | None = None
    max_slope_change: float | None = None
    zeros: int = 0
    unresolved: int = 0

    def __add__(self, other: MergeReport) -> MergeReport:
        def pick(f, a, b):
            return a if b is None else b if a is None else f(a, b)

        return MergeReport(
            self.knots + other.knots,
            pick(min, self.min_width, other.min_width), pick(max, self.max_width, other.max_width),
            pick(min, self.min_slope_change, other.min_slope_change),
            pick(max, self.max_slope_change, other.max_slope_change),
            self.zeros + other.zeros,
            self.unresolved + other.unresolved,
        )

    def _warn(self, what: str, stacklevel: int = 3) -> None:
        if self.unresolved:
            warnings.warn(
                f"{what}: float64 kept {self.unresolved} piece(s) narrower than the error windows of their ends "
                "(they may be misplaced or made of rounding); see .merged.unresolved and .knot_errors, "
                "use exact=True or .certify() to decide them",
                PrecisionWarning, stacklevel=stacklevel,
            )
        if self.knots:
            parts = []
            if self.min_width is not None:
                parts.append(f"crossings as far apart as {self.max_width:.3g} (smallest {self.min_width:.3g})")
            if self.min_slope_change is not None:
                parts.append(f"changes of slope up to {self.max_slope_change:.3g} (smallest {self.min_slope_change:.3g})")
            warnings.warn(
                f"{what}: float64 merged {self.knots} knot(s) it could not resolve ({'; '.join(parts)}); "
                "see .merged, use exact=True or .certify() to decide them",
                PrecisionWarning, stacklevel=stacklevel,
            )


def _check_tolerance(name: str, value) -> float:
    """A float-mode tolerance: a real number in [0, 1e-3)."""
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise InvalidArgumentType(name, value, f"a real number in [0, {_MAX_TOLERANCE})")
    value = float(value)
    if not (0 <= value < _MAX_TOLERANCE):  # also refuses NaN
        raise InvalidArgument(name, value, f"a tolerance in [0, {_MAX_TOLERANCE}) (0: only rounding decides)")
    return value


def _scale_at(knots, values, scale, x):
    """The magnitude behind the interpolated values at ``x``: the largest of the two knots around it."""
    k = np.clip(np.searchsorted(knots, x, side="right") - 1, 0, len(knots) - 2)
    mag = np.maximum(np.abs(values), scale)
    # at a knot the stored value is used as it is; between knots interpolation mixes both ends
    return np.where(knots[k] == x, mag[k], np.where(knots[k + 1] == x, mag[k + 1], np.maximum(mag[k], mag[k + 1])))


def _canonical_float(knots, values, resolution: float, slope_rtol: float, scale):
    """Float mode's canonical form: drop the knots that rounding explains; count the others merged.

    ``scale`` (one per knot, or a number) is the magnitude the values were
    computed from: their rounding error is at most ``_VALUE_EPS * scale``.  A
    knot goes when its distance from the chord through its neighbours is within
    that error plus the rounding of the test itself; it is counted as merged when
    the distance exceeds the test's own rounding (the stored values do bend
    there, by less than their error), or when the optional ``resolution`` /
    ``slope_rtol`` merge it.  Knots go in passes, never two neighbours in one
    pass, so the error of one merge is never compounded by the next.
    """
    scale = np.broadcast_to(np.asarray(scale, dtype=float), knots.shape)
    merged = MergeReport()
    if resolution > 0 and len(knots) > 2:
        tol = resolution * knots[-1] - resolution * knots[0]  # no overflow on huge domains
        gaps = np.diff(knots)
        keep = np.ones(len(knots), dtype=bool)
        keep[1:-1] = gaps[:-1] > tol
        if gaps[-1] <= tol:  # the domain's end stays; its too-close neighbour goes
            keep[-2] = False
        if not keep.all():
            gone = np.flatnonzero(~keep)
            merged = merged + MergeReport(len(gone), float(np.min(gaps[gone - 1])), float(np.max(gaps[gone - 1])))
        knots, values, scale = knots[keep], values[keep], scale[keep]
    while len(knots) > 2:
        widths = np.diff(knots)
        v0, v1, v2 = values[:-2], values[1:-1], values[2:]
        h1, h2 = widths[:-1], widths[1:]
        # distance of the middle value from the chord, and what rounding can make of it
        dev = np.abs(v1 - (v0 + (v2 - v0) * (h1 / (h1 + h2))))
        own = 8 * _U * (np.abs(v0) + np.abs(v1) + np.abs(v2))
        noise = own + _VALUE_EPS * np.maximum(np.maximum(scale[:-2], scale[1:-1]), scale[2:])
        droppable = dev <= noise
        if slope_rtol > 0:
            slopes = np.diff(values) / widths
            change = np.abs(slopes[1:] - slopes[:-1])
            droppable |= change <= slope_rtol * np.maximum(np.abs(slopes[1:]), np.abs(slopes[:-1]))
        if not droppable.any():
            break
        # Never drop two neighbours in one pass: each test assumed its neighbours stay.
        idx = np.flatnonzero(droppable)
        run_start = np.ones(len(idx), dtype=bool)
        run_start[1:] = idx[1:] != idx[:-1] + 1
        first = np.maximum.accumulate(np.where(run_start, np.arange(len(idx)), 0))
        drop = idx[(np.arange(len(idx)) - first) % 2 == 0]
        shown = drop[dev[drop] > own[drop]]
        if len(shown):
            change = np.abs((v2 - v1) / h2 - (v1 - v0) / h1)[shown]
            merged = merged + MergeReport(len(shown), min_slope_change=float(np.min(change)),
                                          max_slope_change=float(np.max(change)))
        keep = np.ones(len(knots), dtype=bool)
        keep[drop + 1] = False
        # the neighbours of a dropped knot now stand for values up to dev away
        scale = scale.copy()
        np.maximum.at(scale, drop, scale[drop] + dev[drop] / _VALUE_EPS)
        np.maximum.at(scale, drop + 2, scale[drop + 2] + dev[drop] / _VALUE_EPS)
        knots, values, scale = knots[keep], values[keep], scale[keep]
    return knots, values, scale, merged


def _float_relu(knots, values, scale, alpha):
    """``max(v, alpha v)`` of a float CPWL function, its certified zero crossings inserted.

    A value within its rounding error (``_VALUE_EPS * scale``) of zero has no
    sign: it is taken as zero at its knot.  Between two knots of certified
    opposite signs the crossing is inserted; one that rounding puts onto a knot
    is merged with it (counted).
    """
    err = _VALUE_EPS * scale
    unsure = np.abs(values) <= err
    zeros = int(np.count_nonzero(unsure & (values != 0)))
    scale = np.where(unsure, scale + np.abs(values) / _VALUE_EPS, scale)
    values = np.where(unsure, 0.0, values)
    sign = np.sign(values)
    ks = np.flatnonzero(sign[:-1] * sign[1:] < 0)
    merged = MergeReport(zeros=zeros)
    if len(ks):
        a, b = values[ks], values[ks + 1]
        x = knots[ks] + (a / (a - b)) * (knots[ks + 1] - knots[ks])
        lo_in, hi_in = np.nextafter(knots[ks], np.inf), np.nextafter(knots[ks + 1], -np.inf)
        x = np.minimum(np.maximum(x, lo_in), hi_in)
        onto = lo_in > hi_in  # no float strictly between: the crossing joins the nearer knot
        if np.any(onto):
            k = ks[onto]
            near = np.where(np.abs(values[k]) <= np.abs(values[k + 1]), k, k + 1)
            merged = merged + MergeReport(int(np.count_nonzero(onto)), float(np.min(knots[k + 1] - knots[k])),
                                          float(np.max(knots[k + 1] - knots[k])))
            scale = scale.copy()
            scale[near] += np.abs(values[near]) / _VALUE_EPS
            values = values.copy()
            values[near] = 0.0
            ks, x = ks[~onto], x[~onto]
        at = ks + 1
        new_scale = np.maximum(np.maximum(scale[ks], scale[ks + 1]), np.maximum(np.abs(values[ks]), np.abs(values[ks + 1])))
        knots = np.insert(knots, at, x)
        values = np.insert(values, at, 0.0)
        scale = np.insert(scale, at, new_scale)
    return knots, np.where(values < 0, alpha * values, values), scale, merged


def _check_float_range(knots, values):
    """Refuse float data whose differences overflow (slopes would come out 0 or inf)."""
    with np.errstate(over="ignore"):
        width = knots[-1] - knots[0]
        slopes = np.diff(values) / np.diff(knots)
    if not np.isfinite(width):
        raise InvalidArgument("knots", f"[{knots[0]}, ..., {knots[-1]}]",
                              "a domain whose width hi - lo is finite in float64", "Rescale x, or use exact numbers.")
    bad = ~np.isfinite(slopes)
    if np.any(bad):
        i = int(np.argmax(bad))
        raise InvalidArgument(f"values[{i + 1}]", values[i + 1],
                              f"values whose slopes are finite in float64 (from values[{i}]={values[i]!r} over "
                              f"knots {knots[i]!r}..{knots[i + 1]!r})", "Rescale the values, or use exact numbers.")


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

    __slots__ = ("_knots", "_values", "_exact", "_resolution", "_slope_rtol", "_scale", "_merged", "_value_error")

    def __init__(
        self,
        knots,
        values,
        *,
        exact: bool | None = None,
        resolution: float = DEFAULT_RESOLUTION,
        slope_rtol: float = DEFAULT_SLOPE_RTOL,
    ):
        resolution = _check_tolerance("resolution", resolution)
        slope_rtol = _check_tolerance("slope_rtol", slope_rtol)
        if exact is not None and not isinstance(exact, (bool, np.bool_)):
            raise InvalidArgumentType("exact", exact, "None (inferred), True or False")
        if exact is None:
            exact = infer_exact(knots) and infer_exact(values)
        knots = as_array(knots, "knots", exact=exact, ndim=1)
        values = as_array(values, "values", exact=exact, ndim=1)
        if len(knots) < 2:
            raise InvalidArgument("knots", knots.tolist(), "at least two knots (the ends of the domain)")
        if len(values) != len(knots):
            # either may be the wrong one: the message names both
            raise InvalidArgument("values", f"{len(values)} values",
                                  f"one value per knot, as many as len(knots)={len(knots)}")
        steps = np.diff(knots) > 0
        if not np.all(steps):
            i = int(np.argmin(steps))
            raise InvalidArgument(
                f"knots[{i + 1}]", knots[i + 1], f"a knot greater than knots[{i}]={knots[i]!r} (knots must increase)"
            )
        if not exact:
            _check_float_range(knots, values)
        self._exact = bool(exact)
        self._resolution, self._slope_rtol = resolution, slope_rtol
        self._set(knots, values, None)
        self._merged._warn("PiecewiseLinear")

    def _set(self, knots, values, scale):
        if self._exact:
            self._knots, self._values = _canonical_exact(knots, values)
            self._scale, self._merged = None, MergeReport()
        else:
            # values given by the caller are taken as they are (no rounding in them): scale 0
            scale = np.zeros(len(knots)) if scale is None else np.broadcast_to(np.asarray(scale, dtype=float), knots.shape)
            self._knots, self._values, self._scale, self._merged = _canonical_float(
                knots, values, self._resolution, self._slope_rtol, scale
            )
            self._scale.flags.writeable = False
        self._value_error = None
        self._knots.flags.writeable = False
        self._values.flags.writeable = False

    @classmethod
    def _trusted(cls, knots, values, exact, resolution=DEFAULT_RESOLUTION, slope_rtol=DEFAULT_SLOPE_RTOL, scale=None):
        """Build from arrays already in the domain and increasing (internal fast path).

        ``scale``: the magnitude the values were computed from, per knot or one
        number (see `_canonical_float`).
        """
        self = object.__new__(cls)
        self._exact = exact
        self._resolution, self._slope_rtol = resolution, slope_rtol
        self._set(knots, values, scale)
        return self

    @classmethod
    def _canonical(cls, knots, values):
        """An exact function from Fraction arrays already in canonical form (every interior knot bends)."""
        self = object.__new__(cls)
        self._exact = True
        self._resolution, self._slope_rtol = DEFAULT_RESOLUTION, DEFAULT_SLOPE_RTOL
        self._knots, self._values, self._scale = knots, values, None
        self._merged, self._value_error = MergeReport(), None
        self._knots.flags.writeable = False
        self._values.flags.writeable = False
        return self

    @classmethod
    def _decided(cls, knots, values, keep, merged: MergeReport, value_error: float):
        """A float function whose breakpoints its caller decided (``keep``: a mask of the interior knots)."""
        self = object.__new__(cls)
        self._exact = False
        self._resolution, self._slope_rtol = DEFAULT_RESOLUTION, DEFAULT_SLOPE_RTOL
        mask = np.concatenate(([True], keep, [True]))
        self._knots, self._values = knots[mask], values[mask]
        # rounding of these values is at most value_error: the scale that _VALUE_EPS turns into it
        self._scale = np.full(len(self._knots), value_error / _VALUE_EPS)
        self._merged, self._value_error = merged, float(value_error)
        for arr in (self._knots, self._values, self._scale):
            arr.flags.writeable = False
        return self

    def _like(self, knots, values, scale=None):
        out = PiecewiseLinear._trusted(knots, values, self._exact, self._resolution, self._slope_rtol, scale)
        out._merged._warn("PiecewiseLinear arithmetic", stacklevel=4)
        return out

    def _magnitude(self):
        """The largest absolute value (float mode: what rounding errors are relative to)."""
        return None if self._exact else float(np.max(np.abs(self._values)))

    def _scale_at(self, x):
        """Float mode: the magnitude behind the values interpolated at ``x`` (one per point)."""
        return _scale_at(self._knots, self._values, self._scale, x)

    @property
    def merged(self) -> MergeReport:
        """What float64 could not resolve and merged (`MergeReport`; empty for exact functions).

        >>> PiecewiseLinear([0.0, 1.0, 2.0], [0.0, 1.0, 0.0]).merged.knots
        0
        """
        return self._merged

    @property
    def value_error(self):
        """A bound on ``|self(x) - exact value|`` where this function was computed with one (float
        `ReLUNetwork.to_pwl`); 0 for exact functions, None where no bound was tracked."""
        return 0 if self._exact else self._value_error

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
        A SymPy symbol or expression (not a plain number) gives ``self.to_sympy(x)``,
        the ``Piecewise`` in it: ``f(Symbol('t'))``; at a constant such as
        ``sqrt(2)/2`` that is the exact value.
        """
        if _is_sympy_expr(x) and not getattr(x, "is_Number", False):
            return self._at_sympy(x)
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

    # SymPy's binary operators defer to an operand of higher priority (Expr has 10.0), so
    # ``Rational(1, 2) + f`` reaches ``f.__radd__`` and stays a PiecewiseLinear.
    _op_priority = 20.0

    def _operand(self, other, name):
        """``other`` as a number of this domain or a PiecewiseLinear; _SYMBOLIC for a SymPy
        expression that is not such a number; NotImplemented for any other type."""
        if isinstance(other, PiecewiseLinear):
            return other
        if isinstance(other, (str, bytes, list, tuple, dict, set)) or (isinstance(other, np.ndarray) and other.ndim):
            return NotImplemented  # containers are not scalars (numpy's own reflected operator may take arrays)
        try:
            return self._scalar(other, name)
        except InvalidArgumentType:
            return _SYMBOLIC if _is_sympy_expr(other) else NotImplemented

    def __add__(self, other):
        c = self._operand(other, "scalar")
        if c is NotImplemented:
            return NotImplemented
        if c is _SYMBOLIC:
            return self.to_sympy() + other
        if isinstance(c, PiecewiseLinear):
            self._check_compatible(c)
            knots, a, b = self._common_knots(c)
            scale = None if self._exact else self._scale_at(knots) + c._scale_at(knots)
            return self._like(knots, a + b, scale)
        scale = None if self._exact else np.maximum(np.abs(self._values), self._scale) + abs(c)
        return self._like(self._knots, self._values + c, scale)

    def __radd__(self, other):
        c = self._operand(other, "scalar")
        if c is _SYMBOLIC:
            return other + self.to_sympy()
        return NotImplemented if c is NotImplemented else self + c

    def __neg__(self):
        return self._like(self._knots, -self._values, self._scale)

    def __sub__(self, other):
        c = self._operand(other, "scalar")
        if c is NotImplemented:
            return NotImplemented
        return self.to_sympy() - other if c is _SYMBOLIC else self + (-c)

    def __rsub__(self, other):
        c = self._operand(other, "scalar")
        if c is _SYMBOLIC:
            return other - self.to_sympy()
        return NotImplemented if c is NotImplemented else (-self) + c

    def __mul__(self, c):
        if isinstance(c, PiecewiseLinear):
            raise InvalidArgumentType("c", c, "a scalar (a product of two CPWL functions is not CPWL)")
        k = self._operand(c, "c")
        if k is NotImplemented:
            return NotImplemented
        if k is _SYMBOLIC:
            return self.to_sympy() * c
        scale = None if self._exact else np.maximum(np.abs(self._values), self._scale) * abs(k)
        return self._like(self._knots, self._values * k, scale)

    def __rmul__(self, c):
        k = self._operand(c, "c")
        if k is _SYMBOLIC:
            return c * self.to_sympy()
        return NotImplemented if k is NotImplemented else self * k

    def __truediv__(self, c):
        if isinstance(c, PiecewiseLinear):
            raise InvalidArgumentType("c", c, "a scalar (a quotient of two CPWL functions is not CPWL)")
        k = self._operand(c, "c")
        if k is NotImplemented:
            return NotImplemented
        if k is _SYMBOLIC:
            return self.to_sympy() / c
        if k == 0:
            raise InvalidArgument("c", c, "a nonzero divisor")
        return self * (1 / k)

    def relu(self, alpha=0) -> PiecewiseLinear:
        """``max(f, alpha*f)`` for ``alpha`` in [0, 1) (ReLU for ``alpha=0``, leaky ReLU otherwise), zero crossings inserted.

        >>> PiecewiseLinear([-1, 1], [-1, 1]).relu().knots.tolist()
        [Fraction(-1, 1), Fraction(0, 1), Fraction(1, 1)]
        """
        alpha = self._scalar(alpha, "alpha")
        if not (0 <= alpha < 1):
            raise InvalidArgument("alpha", alpha, "a leaky-ReLU slope in [0, 1) (max(f, alpha f) is convex only there)")
        if not self._exact:
            knots, values, scale, merged = _float_relu(self._knots, self._values, self._scale, alpha)
            out = PiecewiseLinear._trusted(knots, values, False, self._resolution, self._slope_rtol, scale)
            out._merged = merged + out._merged
            out._merged._warn("PiecewiseLinear.relu")
            return out
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
        if self._exact:
            return inner._like(knots, self(inner(knots)), self._magnitude())
        y = inner(knots)
        # rounding of y moves self(y) by |slope| times it; self's own values add theirs
        slopes, last = np.abs(self.slopes), len(self._knots) - 2
        steep = np.maximum(slopes[np.clip(np.searchsorted(self._knots, y, side="right") - 1, 0, last)],
                           slopes[np.clip(np.searchsorted(self._knots, y, side="left") - 1, 0, last)])
        scale = self._scale_at(y) + steep * inner._scale_at(knots) + np.abs(knots) * _U / _VALUE_EPS * steep
        return inner._like(knots, self(y), scale)

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
        """LaTeX for Jupyter: the ``Piecewise`` up to 32 pieces (``_REPR_LATEX_MAX_PIECES``), a summary beyond."""
        import sympy

        if self.pieces > _REPR_LATEX_MAX_PIECES:
            lo, hi = (sympy.latex(sympy.Rational(v.numerator, v.denominator) if self._exact else float(v))
                      for v in self.domain)
            return (f"$\\text{{PiecewiseLinear with {self.pieces} pieces on }} [{lo}, {hi}]"
                    f"\\text{{; use .to\\_sympy() for all}}$")
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
        """``PiecewiseLinear(knots=[...], values=[...])``, evaluable (with ``from fractions import Fraction``),
        up to 64 knots and 20,000 characters; beyond, a short summary saying where the data is."""
        def number(v):
            try:
                return _repr_number(v, self._exact)
            except ValueError:  # an int too long for str() (Python's 4300-digit limit)
                return _short_repr(v)

        try:
            text = self._full_repr()
        except ValueError:
            text = None
        if text is not None and len(text) <= _REPR_MAX_CHARS:
            return text
        lo, hi = (number(v) for v in self.domain)
        kind = "exact" if self._exact else "float64"
        return (f"<PiecewiseLinear: {self.pieces} pieces on [{lo}, {hi}], {kind}; all of it: "
                "PiecewiseLinear(knots=f.knots.tolist(), values=f.values.tolist())>")

    # -- operations (issue 18) ----------------------------------------------
    def _at_sympy(self, x):
        """``f(x)`` for a SymPy expression ``x``: the ``Piecewise`` in ``x``; a constant ``x`` must lie in the domain."""
        expr = self.to_sympy(x)
        if not x.free_symbols and expr.is_number and expr.has(__import__("sympy").nan):
            lo, hi = self.domain
            raise InvalidArgument("x", x, f"a point of the domain [{lo}, {hi}]")
        return expr

    def maximum(self, other) -> PiecewiseLinear:
        """The pointwise maximum ``x -> max(f(x), other(x))``; see `symrelu.pwl.maximum`.

        >>> PiecewiseLinear([-1, 1], [-1, 1]).maximum(0).knots.tolist()
        [Fraction(-1, 1), Fraction(0, 1), Fraction(1, 1)]
        """
        return maximum(self, other)

    def minimum(self, other) -> PiecewiseLinear:
        """The pointwise minimum ``x -> min(f(x), other(x))``; see `symrelu.pwl.minimum`.

        >>> PiecewiseLinear([-1, 1], [-1, 1]).minimum(0).values.tolist()
        [Fraction(-1, 1), Fraction(0, 1), Fraction(0, 1)]
        """
        return minimum(self, other)

    def __abs__(self) -> PiecewiseLinear:
        """``|f|``, the absolute value, with the zero crossings inserted (exact for exact functions).

        >>> abs(PiecewiseLinear([0, 1], [-1, 1])).values.tolist()
        [Fraction(1, 1), Fraction(0, 1), Fraction(1, 1)]
        """
        return self.relu() + (-self).relu()

    def restrict(self, lo, hi) -> PiecewiseLinear:
        """The function on the subinterval ``[lo, hi]`` of its domain.

        The new ends are evaluated exactly for an exact function and exact ends
        (float ends of an exact function are taken at their binary value).

        >>> from fractions import Fraction as Q
        >>> PiecewiseLinear([0, 1, 2], [0, 1, 0]).restrict(Q(1, 2), 2).values.tolist()
        [Fraction(1, 2), Fraction(1, 1), Fraction(0, 1)]
        """
        a, b = self._scalar(lo, "lo"), self._scalar(hi, "hi")
        dlo, dhi = self.domain
        if not dlo <= a < dhi:
            raise InvalidArgument("lo", lo, f"a point of the domain [{dlo}, {dhi}) below its upper end")
        if not a < b <= dhi:
            raise InvalidArgument("hi", hi, f"a point of the domain in (lo={a}, {dhi}]")
        inner = self._knots[(self._knots > a) & (self._knots < b)]
        knots = np.concatenate((np.array([a], dtype=self._knots.dtype), inner, np.array([b], dtype=self._knots.dtype)))
        return self._like(knots, self(knots), None if self._exact else self._scale_at(knots))

    def integral(self, lo=None, hi=None):
        """The integral of the function over its domain, or over ``[lo, hi]`` inside it.

        Exact (a ``Fraction``) for an exact function; float64 otherwise, the sum of
        the pieces' trapezoids taken with ``math.fsum`` (one rounding of the sum; each
        trapezoid carries the rounding of its two values and width).

        >>> PiecewiseLinear([0, 1, 2], [0, 1, 0]).integral()
        Fraction(1, 1)
        >>> PiecewiseLinear([0.0, 1.0], [0.0, 1.0]).integral(0.5, 1.0)
        0.375
        """
        f = self if lo is None and hi is None else self.restrict(
            self.domain[0] if lo is None else lo, self.domain[1] if hi is None else hi)
        areas = np.diff(f._knots) * (f._values[:-1] + f._values[1:])
        return sum(areas.tolist(), Fraction(0)) / 2 if f._exact else math.fsum(areas.tolist()) / 2

    def distance(self, other, norm: str = "L1"):
        """The distance to ``other`` in ``norm``: "L1", "L2", "L2squared" or "sup"; see `symrelu.pwl.distance`.

        >>> PiecewiseLinear([0, 1], [0, 1]).distance(PiecewiseLinear([0, 1], [1, 0]), "L1")
        Fraction(1, 2)
        """
        return distance(self, other, norm)

    def roots(self) -> list:
        """The zero set: a sorted list of disjoint closed intervals ``(a, b)``, ``a == b`` for an isolated root.

        An interval with ``a < b`` is where the function is identically 0.  Exact for
        an exact function; float64: the zeros of the stored function, each crossing
        ``x0 + v0 (x1 - x0) / (v0 - v1)`` rounded once per operation.

        >>> PiecewiseLinear([0, 1, 2, 3, 4], [-1, 1, 0, 0, 1]).roots()
        [(Fraction(1, 2), Fraction(1, 2)), (Fraction(2, 1), Fraction(3, 1))]
        """
        out = []

        def add(a, b):
            if out and a <= out[-1][1]:  # touches the previous interval (a shared knot)
                out[-1] = (out[-1][0], max(out[-1][1], b))
            else:
                out.append((a, b))

        k, v = self._knots.tolist(), self._values.tolist()
        for x0, x1, v0, v1 in zip(k[:-1], k[1:], v[:-1], v[1:]):
            if v0 == 0 and v1 == 0:
                add(x0, x1)
            elif v0 == 0:
                add(x0, x0)
            elif (v0 < 0) != (v1 < 0) and v1 != 0:
                x = x0 + v0 * (x1 - x0) / (v0 - v1)
                add(x, x)
        if v[-1] == 0:
            add(k[-1], k[-1])
        return out

    def lipschitz(self):
        """The Lipschitz constant: the largest absolute slope (exact ``Fraction`` for an exact function).

        >>> PiecewiseLinear([0, 1, 2], [0, 3, 1]).lipschitz()
        Fraction(3, 1)
        """
        slopes = np.abs(self.slopes)
        return max(slopes.tolist()) if self._exact else float(np.max(slopes))

    def inverse(self) -> PiecewiseLinear:
        """The inverse function of a strictly monotone function, on the interval of its values.

        Exact for an exact function.  Float mode: the inverse of the stored function
        (knots and values swapped, nothing recomputed); a value's rounding bound
        becomes the inverse's divided by the adjacent slope.

        >>> PiecewiseLinear([0, 1, 3], [0, 2, 3]).inverse().values.tolist()
        [Fraction(0, 1), Fraction(1, 1), Fraction(3, 1)]

        Raises
        ------
        InvalidArgument
            Naming ``f`` and a piece where the function is not strictly monotone.
        """
        slopes = self.slopes
        up, down = slopes > 0, slopes < 0
        if not (np.all(up) or np.all(down)):
            i = int(np.argmin(up)) if up[0] else int(np.argmin(down)) if down[0] else 0
            lo, hi = self._knots[i], self._knots[i + 1]
            raise InvalidArgument(
                "f", f"slope {slopes[i]} on [{lo}, {hi}] (piece {i})",
                "a strictly monotone function (every slope > 0, or every slope < 0)",
                "Restrict it with f.restrict(lo, hi) to an interval where it is monotone.")
        knots, values = self._values, self._knots
        scale = None
        if not self._exact:
            s = np.abs(slopes)
            scale = self._scale / np.minimum(np.concatenate(([s[0]], s)), np.concatenate((s, [s[-1]])))
        if np.all(down):
            knots, values = knots[::-1].copy(), values[::-1].copy()
            scale = None if scale is None else scale[::-1].copy()
        return self._like(knots, values, scale)

    def plot(self, ax=None, breakpoints: bool = True, **kwargs):
        """Draw the function with matplotlib (imported here), breakpoints marked; return the axes.

        ``ax``: the axes to draw on (default ``matplotlib.pyplot.gca()``); ``kwargs`` go
        to ``ax.plot`` for the line.

        >>> import matplotlib
        >>> matplotlib.use("Agg")
        >>> import matplotlib.pyplot as plt
        >>> fig, ax = plt.subplots()
        >>> _ = PiecewiseLinear([0, 1, 2], [0, 1, 0]).plot(ax)
        >>> ax.lines[1].get_xdata().tolist()   # the marked breakpoints
        [1.0]
        >>> plt.close(fig)
        """
        if ax is None:
            import matplotlib.pyplot as plt

            ax = plt.gca()
        x, y = self._knots.astype(float), self._values.astype(float)
        (line,) = ax.plot(x, y, **kwargs)
        if breakpoints:
            ax.plot(x[1:-1], y[1:-1], "o", color=line.get_color(), markersize=4, label="_breakpoints")
        return ax

    # SymPy's printers call these (``sympy.latex(f)``, ``sympy.pprint(f)``, ``sympy.sstr(f)``,
    # and ``init_printing()``'s display hook): f prints as its ``Piecewise``, in full.
    def _latex(self, printer):
        return printer._print(self.to_sympy())

    def _sympystr(self, printer):
        return printer._print(self.to_sympy())

    def _pretty(self, printer):
        return printer._print(self.to_sympy())

    def _full_repr(self):
        """The evaluable repr, or None beyond `_REPR_MAX_KNOTS` knots."""
        if len(self._knots) > _REPR_MAX_KNOTS:
            return None
        fmt = ", ".join
        args = [f"knots=[{fmt(_repr_number(v, self._exact) for v in self._knots.tolist())}]",
                f"values=[{fmt(_repr_number(v, self._exact) for v in self._values.tolist())}]"]
        if self._resolution != DEFAULT_RESOLUTION:
            args.append(f"resolution={self._resolution!r}")
        if self._slope_rtol != DEFAULT_SLOPE_RTOL:
            args.append(f"slope_rtol={self._slope_rtol!r}")
        return f"PiecewiseLinear({', '.join(args)})"


def _pwl_first(f, g):
    """``(function, other)`` with ``other`` checked: a compatible PiecewiseLinear or a number of its domain."""
    if not isinstance(f, PiecewiseLinear):
        if not isinstance(g, PiecewiseLinear):
            raise InvalidArgumentType("f", f, "a PiecewiseLinear (g may be a number)")
        g, f, name = f, g, "f"
    else:
        name = "g"
    if isinstance(g, PiecewiseLinear):
        f._check_compatible(g, name)
        return f, g
    c = f._operand(g, name)
    if c is NotImplemented or c is _SYMBOLIC:
        raise InvalidArgumentType(name, g, "a PiecewiseLinear or a number")
    return f, c


def maximum(f, g) -> PiecewiseLinear:
    """The pointwise maximum of two functions on one domain (or of a function and a number).

    Python's ``max(f, g)`` compares functions with ``>``, which functions do not
    define; use ``maximum(f, g)`` or ``f.maximum(g)``.  Computed as
    ``g + relu(f - g)``: the crossings are inserted, exact for exact functions.

    >>> f, g = PiecewiseLinear([0, 2], [0, 2]), PiecewiseLinear([0, 2], [1, 0])
    >>> maximum(f, g).knots.tolist(), maximum(f, g).values.tolist()
    ([Fraction(0, 1), Fraction(2, 3), Fraction(2, 1)], [Fraction(1, 1), Fraction(2, 3), Fraction(2, 1)])
    """
    f, g = _pwl_first(f, g)
    return g + (f - g).relu()


def minimum(f, g) -> PiecewiseLinear:
    """The pointwise minimum of two functions on one domain (or of a function and a number).

    ``min(f, g)`` does not work (see `maximum`); computed as ``f - relu(f - g)``.

    >>> f, g = PiecewiseLinear([0, 2], [0, 2]), PiecewiseLinear([0, 2], [1, 0])
    >>> minimum(f, g).values.tolist()
    [Fraction(0, 1), Fraction(2, 3), Fraction(0, 1)]
    """
    f, g = _pwl_first(f, g)
    return f - (f - g).relu()


_NORMS = ("L1", "L2", "L2squared", "sup")


def distance(f: PiecewiseLinear, g, norm: str = "L1"):
    """The distance between two functions on one domain in the L1, L2 or sup norm.

    ``g`` may be a number (the distance to a constant).  Exact functions give exact
    results: "L1" (the integral of ``|f - g|``, split at the sign changes) and
    "sup" a ``Fraction``; "L2" is the square root of a rational, returned as an
    exact SymPy number ``sympy.sqrt(Rational)`` (``float()`` of it for a number), and
    "L2squared" gives that rational as a ``Fraction``.  Float functions give float64.

    >>> f, g = PiecewiseLinear([0, 1], [0, 1]), PiecewiseLinear([0, 1], [0, 0])
    >>> distance(f, g, "L1"), distance(f, g, "sup"), distance(f, g, "L2squared"), distance(f, g, "L2")
    (Fraction(1, 2), Fraction(1, 1), Fraction(1, 3), sqrt(3)/3)
    """
    if not isinstance(f, PiecewiseLinear):
        raise InvalidArgumentType("f", f, "a PiecewiseLinear")
    if not isinstance(norm, str):
        raise InvalidArgumentType("norm", norm, "one of " + ", ".join(repr(n) for n in _NORMS))
    if norm not in _NORMS:
        raise InvalidArgument("norm", norm, "one of " + ", ".join(repr(n) for n in _NORMS))
    f, g = _pwl_first(f, g)
    d = f - g
    if norm == "sup":
        m = np.max(np.abs(d._values))
        return m if d._exact else float(m)
    if norm == "L1":
        return abs(d).integral()
    k, v = d._knots, d._values
    terms = (np.diff(k) * (v[:-1] ** 2 + v[:-1] * v[1:] + v[1:] ** 2)).tolist()
    if d._exact:
        sq = sum(terms, Fraction(0)) / 3
        if norm == "L2squared":
            return sq
        import sympy

        return sympy.sqrt(sympy.Rational(sq.numerator, sq.denominator))
    sq = math.fsum(terms) / 3
    return sq if norm == "L2squared" else math.sqrt(sq)


def _repr_number(v, exact: bool) -> str:
    """A knot or value as Python source: ``3``, ``Fraction(1, 3)`` or ``0.1`` (``repr`` of a float round-trips)."""
    if not exact:
        return repr(float(v))
    v = Fraction(v)
    return str(v.numerator) if v.denominator == 1 else f"Fraction({v.numerator}, {v.denominator})"


#: Marks an operand that is a SymPy expression but not a number: the operation is done in SymPy.
_SYMBOLIC = object()


def _is_sympy_expr(value) -> bool:
    """True for a SymPy ``Basic`` (without importing SymPy when nobody has)."""
    sympy = sys.modules.get("sympy")
    return sympy is not None and isinstance(value, sympy.Basic)


def _raise_scalar(name, value):
    raise InvalidArgumentType(name, value, "a scalar")


def _sorted_union(arrays, exact: bool) -> np.ndarray:
    if exact:
        return np.array(sorted(set().union(*(a.tolist() for a in arrays))), dtype=object)
    return np.unique(np.concatenate(arrays))


def insert_zero_crossings(knots: np.ndarray, values: np.ndarray, exact: bool = True):
    """Refine ``knots`` by every point where a row of ``values`` changes sign (exact arithmetic only).

    ``values`` has shape (rows, len(knots)); each row is linear between knots.
    Returns the refined knots and every row's values there.  A crossing lands
    exactly on 0 in its own row.  Float64 has its own mechanism, which decides
    each sign against the value's rounding error and counts what it merges
    (`PiecewiseLinear.relu` via `_float_relu`; ``ReLUNetwork.to_pwl`` via
    ``symrelu.network._refine``), so ``exact=False`` is refused here.
    """
    if not exact:
        raise InvalidArgument("exact", exact, "True (float64 crossings are inserted by PiecewiseLinear.relu and "
                              "ReLUNetwork.to_pwl, which certify their signs)")
    return _insert_zero_crossings_exact(knots, values)


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


def _order_crossings(ks, t, before=None, key=None):
    """The permutation sorting crossings by interval ``ks``, then by position ``t`` inside the interval.

    An integer sort does the first; exact comparisons only order crossings that
    share an interval (pairs vectorised, longer runs by Python's sort).  Positions
    that are not numbers (``symrelu.network`` gives ``P / Q`` as two int arrays)
    come with ``before(i, j)``, "crossing ``j`` lies before ``i``" on index
    arrays, and ``key``, a sort key of one index.
    """
    if before is None:
        def before(i, j):
            return t[j] < t[i]
        key = t.__getitem__
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
        swap = np.asarray(before(i, j), dtype=bool)
        order[s2[swap]], order[s2[swap] + 1] = j[swap], i[swap]
    for s0, e0 in zip(starts[~pair], ends[~pair]):
        order[s0:e0] = sorted(order[s0:e0].tolist(), key=key)
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

    def __post_init__(self):
        # checked here, not only by from_network: -b/w overflows to inf for a tiny w, and callers build BDSOs too
        arrays = {}
        for name in ("breakpoints", "delta_slopes", "orientations"):
            value = getattr(self, name)
            try:
                arr = np.asarray(value) if isinstance(value, (np.ndarray, list, tuple)) else None
            except ValueError:  # ragged nesting
                arr = None
            if arr is None or arr.ndim != 1:
                raise InvalidArgument(name, value, "a 1-dimensional array of numbers")
            if arr.dtype == object:  # validated entry by entry, kept as given (Fractions stay exact)
                for i, v in enumerate(arr):
                    to_fraction(v, f"{name}[{i}]")
            else:
                as_array(arr, name, exact=False)
            arrays[name] = arr
        for name in ("delta_slopes", "orientations"):
            if len(arrays[name]) != len(arrays["breakpoints"]):
                raise InvalidArgument(f"breakpoints, {name}", (len(arrays["breakpoints"]), len(arrays[name])),
                                      "one entry per breakpoint (arrays of one length)")
        if not all(o in (1, -1) for o in arrays["orientations"].tolist()):
            raise InvalidArgument("orientations", arrays["orientations"], "entries +1 or -1")
        for name in ("slope", "offset"):
            to_fraction(getattr(self, name), name)
        for name, arr in arrays.items():
            object.__setattr__(self, name, arr)

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
        with np.errstate(over="ignore"):
            breakpoints, delta_slopes = -bl / wl, wl * vl
        for name, arr, why in (("w", breakpoints, "-b/w"), ("v", delta_slopes, "w*v")):
            if not exact and not np.all(np.isfinite(arr)):  # float overflow: blame the input, not the BDSO field
                i = int(np.flatnonzero(live)[np.argmin(np.isfinite(arr))])
                raise InvalidArgument(f"{name}[{i}]", (w if name == "w" else v)[i],
                                      f"a value for which {why} is finite in float64 (w={w[i]}, b={b[i]}, v={v[i]})")
        return cls(
            breakpoints=breakpoints,
            delta_slopes=delta_slopes,
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
