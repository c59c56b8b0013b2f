"""Exact decisions about small polyhedra given by strict and non-strict linear inequalities.

A constraint is ``(coeffs, const, strict)`` meaning ``coeffs . x + const > 0``
(strict) or ``>= 0``; an equality is two non-strict constraints.  Entries are
exact (``int``/``Fraction``).  The module answers:

* `feasible_point`: a rational point satisfying every constraint, or None --
  exact Fourier-Motzkin elimination (strictness tracked, duplicates removed
  after each step) with back-substitution; with ``float_first=True`` float
  LPs (SciPy's HiGHS) come first: a point, returned only when it satisfies
  every constraint exactly, or else multipliers proving the system empty
  (Motzkin's transposition theorem), trusted only when they check exactly;
  elimination decides when neither checks;
* `is_feasible`;
* `implicit_equalities`: the non-strict constraints that hold with equality
  on the whole polyhedron;
* `dimension`: the dimension of the (nonempty) polyhedron.

Sizes meant here are small (a few variables, a few dozen constraints): the
elimination's doubly exponential worst case never matters there, and with
``float_first`` it runs only when neither float answer checks.

>>> from fractions import Fraction as Q
>>> cons = [((Q(1), Q(1)), Q(0), True), ((Q(1), Q(-1)), Q(0), True), ((Q(-1), Q(0)), Q(0), False)]
>>> feasible_point(cons, 2) is None   # b + w > 0, b - w > 0, b <= 0
True
>>> feasible_point(cons[:2], 2)
(Fraction(1, 1), Fraction(0, 1))
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from fractions import Fraction

import numpy as np

from . import linalg
from .errors import InvalidArgument, InvalidArgumentType

__all__ = ["feasible_point", "is_feasible", "implicit_equalities", "dimension"]


#: Most variables accepted (the elimination is meant for a few).
_MAX_VARS = 1000


def _exact(value, name):
    # ints stay ints (exact, and cheaper than Fraction); every division below works on Fractions
    if isinstance(value, (Fraction, int)) and not isinstance(value, bool):
        return value
    if isinstance(value, np.integer):
        return int(value)
    if getattr(value, "is_Rational", False):
        return Fraction(int(value.p), int(value.q))
    raise InvalidArgumentType(name, value, "an exact number (int, fractions.Fraction or sympy.Rational)")


def _checked(constraints, nvars):
    """``(constraints as (coeffs, const, bool strict) tuples of ints and Fractions, nvars)``, validated."""
    if isinstance(nvars, bool) or not isinstance(nvars, (int, np.integer)):
        raise InvalidArgumentType("nvars", nvars, "an int >= 0")
    if not 0 <= nvars <= _MAX_VARS:
        raise InvalidArgument("nvars", nvars, f"an int in [0, {_MAX_VARS}]")
    nvars = int(nvars)
    if isinstance(constraints, (str, bytes, dict)) or not isinstance(constraints, Iterable):
        raise InvalidArgumentType("constraints", constraints, "a sequence of (coeffs, const, strict) triples")
    out = []
    for i, con in enumerate(constraints):
        name = f"constraints[{i}]"
        if not isinstance(con, (tuple, list)) or len(con) != 3:
            raise InvalidArgumentType(name, con, "a triple (coeffs, const, strict)")
        coeffs, const, strict = con
        if isinstance(coeffs, (str, bytes, dict)) or not isinstance(coeffs, Iterable):
            raise InvalidArgumentType(name, coeffs, "coeffs: a sequence of exact numbers")
        coeffs = tuple(c if type(c) is int else _exact(c, name) for c in coeffs)  # ints: the common case
        if len(coeffs) != nvars and i == 0:  # the first constraint sets the width nvars should have
            raise InvalidArgument("nvars", nvars, f"the constraints' number of coefficients, {len(coeffs)}")
        if len(coeffs) != nvars:
            raise InvalidArgument(name, con, f"coeffs of length nvars={nvars}, like constraints[0]")
        if not isinstance(strict, (bool, np.bool_)):
            raise InvalidArgumentType(name, strict, "strict: a bool")
        out.append((coeffs, _exact(const, name), bool(strict)))
    return out, nvars


def _normalize(coeffs, const, strict):
    """Scale so the first nonzero coefficient is +-1 (keeps the direction of the inequality)."""
    for a in coeffs:
        if a != 0:
            s = abs(a)
            return tuple(c / s for c in coeffs), const / s, strict
    return tuple(coeffs), const, strict


def _dedupe(constraints):
    best = {}
    for coeffs, const, strict in constraints:
        key = (coeffs, const)
        best[key] = best.get(key, False) or strict
    return [(k[0], k[1], s) for k, s in best.items()]


def _eliminate(constraints, j):
    """Constraints on the remaining variables implied by eliminating variable ``j``."""
    lower, upper, rest = [], [], []
    for con in constraints:
        a = con[0][j]
        (lower if a > 0 else upper if a < 0 else rest).append(con)
    out = list(rest)
    for cl, kl, sl in lower:
        for cu, ku, su in upper:
            al, au = cl[j], -cu[j]  # both positive
            coeffs = tuple(au * x + al * y for x, y in zip(cl, cu))
            out.append(_normalize(coeffs, au * kl + al * ku, sl or su))
    return _dedupe(out)


def feasible_point(constraints, nvars: int, *, float_first: bool = False):
    """A rational point satisfying every constraint, or None when there is none.

    Parameters
    ----------
    constraints : iterable of (coeffs, const, strict)
        ``coeffs`` has length ``nvars``; entries must be exact (int/Fraction).
    nvars : int
        Number of variables.
    float_first : bool
        Try float LPs first: a point (rounded to nearby rationals, returned
        when it satisfies every constraint exactly), else an emptiness
        certificate (nonnegative multipliers whose combination of the
        constraints is ``0 > 0`` or ``0 >= c < 0``, checked exactly); the
        exact elimination decides whenever neither checks.  The answer (a
        point or None) is exact either way; which point comes back may differ.

    Returns
    -------
    tuple of Fraction or None

    >>> feasible_point([((1, 0), -1, True), ((0, 1), 0, False)], 2, float_first=True)
    (Fraction(2, 1), Fraction(0, 1))
    """
    constraints, nvars = _checked(constraints, nvars)
    if not isinstance(float_first, (bool, np.bool_)):
        raise InvalidArgumentType("float_first", float_first, "a bool")
    if float_first and nvars:
        point, multipliers = _lp_point(constraints, nvars)
        if point is not None:
            return point
        if multipliers is not None and _exact_multipliers(constraints, nvars, multipliers) is not None:
            return None
        if _lp_certificate(constraints, nvars) is not None:
            return None
    return _eliminate_all(constraints, nvars)


def _integer_rows(constraints):
    """The constraints scaled to integer coefficients (same solutions): ``(coeffs, const, strict)`` of ints."""
    out = []
    for coeffs, const, strict in constraints:
        scale = math.lcm(*(c.denominator for c in coeffs), const.denominator)
        out.append((tuple(int(c * scale) for c in coeffs), int(const * scale), strict) if scale != 1
                   else (coeffs, const, strict))
    return out


def _satisfied(rows, x) -> bool:
    """Whether the rational point ``x`` satisfies the integer ``rows`` exactly (integer arithmetic)."""
    scale = math.lcm(*(v.denominator for v in x))
    p = [int(v * scale) for v in x]
    for coeffs, const, strict in rows:
        value = sum(c * v for c, v in zip(coeffs, p)) + const * scale
        if value < 0 or (strict and value == 0):
            return False
    return True


def _lp_point(constraints, nvars: int):
    """``(point, multipliers)`` from HiGHS: the most slack on the strict constraints (capped at 1).

    The point (rounded to nearby rationals) comes back only when it satisfies
    every constraint exactly.  When the most slack is not positive, the LP's
    dual values are float multipliers for an emptiness certificate (with
    ``sum y_i const_i + z = max slack <= 0`` and ``z + sum over strict y_i = 1``,
    see `_is_certificate`); otherwise ``multipliers`` is None.
    """
    from scipy.optimize import linprog

    if not constraints:
        return tuple(Fraction(0) for _ in range(nvars)), None
    # variables (x, t): maximise t subject to coeffs.x + const >= t (strict) or >= 0
    A = np.array([[-float(c) for c in co] + [1.0 if s else 0.0] for co, _, s in constraints])
    b = np.array([float(k) for _, k, _ in constraints])
    res = linprog(np.r_[np.zeros(nvars), -1.0], A_ub=A, b_ub=b,
                  bounds=[(None, None)] * nvars + [(None, 1.0)], method="highs")
    if res.status != 0:
        return None, None
    if res.x[-1] <= 0 and any(s for _, _, s in constraints):
        return None, -res.ineqlin.marginals  # no slack on the strict constraints: rounding cannot help
    rows = _integer_rows(constraints)
    for denominator in (1, 2, 10, 1000, 10**6):
        x = tuple(Fraction(float(v)).limit_denominator(denominator) for v in res.x[:nvars])
        if _satisfied(rows, x):
            return x, None
    return None, None


def _is_certificate(constraints, nvars: int, y) -> bool:
    """Whether multipliers ``y`` prove the system empty (exactly).

    For ``y >= 0`` with ``sum y_i coeffs_i = 0``, any solution x gives
    ``sum y_i (coeffs_i . x + const_i) = sum y_i const_i``; the left side is
    ``>= 0``, and ``> 0`` when some strict constraint has ``y_i > 0``.  So
    ``sum y_i const_i < 0``, or ``= 0`` with weight on a strict constraint,
    leaves no solution (Motzkin's transposition theorem: such y exists
    whenever the system is empty).
    """
    if any(v < 0 for v in y) or not any(y):
        return False
    used = [(v, con) for v, con in zip(y, constraints) if v]
    if any(sum(v * co[j] for v, (co, _, _) in used) != 0 for j in range(nvars)):
        return False
    total = sum(v * k for v, (_, k, _) in used)
    return total < 0 or (total == 0 and any(s for _, (_, _, s) in used))


def _lp_certificate(constraints, nvars: int):
    """Multipliers proving the system empty (see `_is_certificate`), from HiGHS and checked exactly; or None."""
    from scipy.optimize import linprog

    m = len(constraints)
    if not m:
        return None
    # y >= 0, sum y = 1, sum y_i coeffs_i = 0: first the least sum y_i const_i; when that is 0, the
    # most weight on strict constraints among the y with sum y_i const_i = 0.
    A_eq = np.vstack([np.array([[float(c) for c in co] for co, _, _ in constraints]).T, np.ones(m)])
    b_eq = np.r_[np.zeros(nvars), 1.0]
    consts = np.array([float(k) for _, k, _ in constraints])
    homogeneous = not consts.any()  # then sum y_i const_i = 0 for every y: go to the strict weight
    res = None if homogeneous else linprog(consts, A_eq=A_eq, b_eq=b_eq, bounds=(0, None), method="highs")
    if res is not None and res.status != 0:
        return None
    if res is None or res.fun > -1e-9:
        strict = np.array([-1.0 if s else 0.0 for _, _, s in constraints])
        res = linprog(strict, A_eq=np.vstack([A_eq, consts]), b_eq=np.r_[b_eq, 0.0], bounds=(0, None),
                      method="highs")
        if res.status != 0 or res.fun > -1e-9:
            return None
    return _exact_multipliers(constraints, nvars, res.x)


def _exact_multipliers(constraints, nvars: int, y_float):
    """Exact multipliers near the float ones, on their support, solving the same equations; or None.

    The equations ``sum y_i coeffs_i = 0, sum y_i = 1`` restricted to the
    support are solved exactly (flint); where they leave freedom, the free
    part is fitted to the float multipliers and rounded.  Kept only when
    `_is_certificate` accepts it.
    """
    y_float = np.asarray(y_float, dtype=float)
    total = y_float[y_float > 0].sum()
    if not total > 0:
        return None
    y_float = y_float / total  # the scale of the equations below
    support = [i for i, v in enumerate(y_float) if v > 1e-9]
    rows = [[constraints[i][0][j] for i in support] for j in range(nvars)] + [[1] * len(support)]
    try:
        y = linalg.solve(rows, [0] * nvars + [1])
    except InvalidArgument:  # no exact solution on this support
        return None
    basis = linalg.nullspace(rows, len(support))
    if basis:
        N = np.array([[float(v) for v in b] for b in basis]).T
        target = np.array([y_float[i] for i in support]) - np.array([float(v) for v in y])
        fit = np.linalg.lstsq(N, target, rcond=None)[0]
        for lam, b in zip(fit, basis):
            lam = Fraction(float(lam)).limit_denominator(10**6)
            y = [v + lam * bv for v, bv in zip(y, b)]
    full = [Fraction(0)] * len(constraints)
    for i, v in zip(support, y):
        full[i] = v
    return full if _is_certificate(constraints, nvars, full) else None


def _eliminate_all(constraints, nvars: int):
    cons = _dedupe([_normalize(tuple(Fraction(c) for c in co), Fraction(k), bool(s)) for co, k, s in constraints])
    stages = []
    for j in range(nvars):
        stages.append(cons)
        cons = _eliminate(cons, j)
    for _, const, strict in cons:  # no variables left
        if const < 0 or (strict and const == 0):
            return None
    x = [Fraction(0)] * nvars
    for j in range(nvars - 1, -1, -1):
        lo = hi = None
        lo_strict = hi_strict = False
        for coeffs, const, strict in stages[j]:
            a = coeffs[j]
            if a == 0:
                continue
            # a x_j + (sum over later variables) + const  >(=) 0
            rest = const + sum(coeffs[k] * x[k] for k in range(j + 1, nvars))
            bound = -rest / a
            if a > 0 and (lo is None or bound > lo or (bound == lo and strict)):
                lo, lo_strict = bound, strict
            if a < 0 and (hi is None or bound < hi or (bound == hi and strict)):
                hi, hi_strict = bound, strict
        if lo is None and hi is None:
            x[j] = Fraction(0)
        elif lo is None:
            x[j] = hi - 1 if hi_strict else hi
        elif hi is None:
            x[j] = lo + 1 if lo_strict else lo
        else:
            x[j] = (lo + hi) / 2 if lo != hi else lo
    return tuple(x)


def implicit_equalities(constraints, nvars: int) -> list:
    """The non-strict constraints that hold with equality on the whole (nonempty) polyhedron.

    Each comes back as a row ``[*coeffs, const]`` of Fractions.  A non-strict
    constraint is an implicit equality when making it strict empties the
    polyhedron.

    >>> implicit_equalities([((1, 0), 0, False), ((-1, 0), 0, False), ((0, 1), 0, True)], 2)
    [[Fraction(1, 1), Fraction(0, 1), Fraction(0, 1)], [Fraction(-1, 1), Fraction(0, 1), Fraction(0, 1)]]
    """
    constraints, nvars = _checked(constraints, nvars)
    rows = []
    for j, (coeffs, const, strict) in enumerate(constraints):
        if strict:
            continue
        trial = constraints[:j] + [(coeffs, const, True)] + constraints[j + 1:]
        if feasible_point(trial, nvars) is None:
            rows.append([Fraction(c) for c in coeffs] + [Fraction(const)])
    return rows


def dimension(constraints, nvars: int) -> int:
    """The dimension of a nonempty polyhedron: ``nvars`` minus the rank of its implicit equalities.

    >>> dimension([((1, 0), 0, False), ((-1, 0), 0, False)], 2)   # the line x = 0
    1
    """
    constraints, nvars = _checked(constraints, nvars)
    rows = implicit_equalities(constraints, nvars)
    if not rows:
        return nvars
    return nvars - linalg.rank([row[:nvars] for row in rows], nvars)


def is_feasible(constraints, nvars: int) -> bool:
    """True when the system has a real (equivalently, rational) solution.

    >>> is_feasible([((1,), 0, True), ((-1,), 0, True)], 1)   # x > 0 and x < 0
    False
    """
    return feasible_point(constraints, nvars) is not None
