"""Exact decisions about small polyhedra given by strict and non-strict linear inequalities.

A constraint is ``(coeffs, const, strict)`` meaning ``coeffs . x + const > 0``
(strict) or ``>= 0``; an equality is two non-strict constraints.  Entries are
exact (``int``/``Fraction``).  The module answers:

* `feasible_point`: a rational point satisfying every constraint, or None --
  exact Fourier-Motzkin elimination (strictness tracked, duplicates removed
  after each step) with back-substitution; with ``float_first=True`` a float
  LP (SciPy's HiGHS) proposes a point first, and it is returned only when it
  satisfies every constraint exactly, elimination deciding otherwise;
* `is_feasible`;
* `implicit_equalities`: the non-strict constraints that hold with equality
  on the whole polyhedron;
* `dimension`: the dimension of the (nonempty) polyhedron.

Sizes meant here are small (a few variables, a few dozen constraints): the
elimination's doubly exponential worst case never matters there.

>>> from fractions import Fraction as Q
>>> cons = [((Q(1), Q(1)), Q(0), True), ((Q(1), Q(-1)), Q(0), True), ((Q(-1), Q(0)), Q(0), False)]
>>> feasible_point(cons, 2) is None   # b + w > 0, b - w > 0, b <= 0
True
>>> feasible_point(cons[:2], 2)
(Fraction(1, 1), Fraction(0, 1))
"""

from __future__ import annotations

from collections.abc import Iterable
from fractions import Fraction

import numpy as np

from . import linalg
from .errors import InvalidArgument, InvalidArgumentType

__all__ = ["feasible_point", "is_feasible", "implicit_equalities", "dimension"]


#: Most variables accepted (the elimination is meant for a few).
_MAX_VARS = 1000


def _exact(value, name):
    if isinstance(value, Fraction):
        return value
    if isinstance(value, (int, np.integer)) and not isinstance(value, bool):
        return Fraction(int(value))
    if getattr(value, "is_Rational", False):
        return Fraction(int(value.p), int(value.q))
    raise InvalidArgumentType(name, value, "an exact number (int, fractions.Fraction or sympy.Rational)")


def _checked(constraints, nvars):
    """``(constraints as (Fraction coeffs, Fraction const, bool strict) tuples, nvars)``, validated."""
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
        coeffs = tuple(_exact(c, name) for c in coeffs)
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
        Try a float LP first (its point, rounded to nearby rationals, is
        returned when it satisfies every constraint exactly); the exact
        elimination decides whenever it does not.  The answer (a point or
        None) is exact either way; which point comes back may differ.

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
        point = _lp_point(constraints, nvars)
        if point is not None:
            return point
    return _eliminate_all(constraints, nvars)


def _satisfied(constraints, x) -> bool:
    for coeffs, const, strict in constraints:
        value = sum(Fraction(c) * v for c, v in zip(coeffs, x)) + Fraction(const)
        if value < 0 or (strict and value == 0):
            return False
    return True


def _lp_point(constraints, nvars: int):
    """A point from HiGHS (maximal slack on the strict constraints, capped at 1), checked exactly."""
    import numpy as np
    from scipy.optimize import linprog

    if not constraints:
        return tuple(Fraction(0) for _ in range(nvars))
    # variables (x, t): maximise t subject to coeffs.x + const >= t (strict) or >= 0
    A = np.array([[-float(c) for c in co] + [1.0 if s else 0.0] for co, _, s in constraints])
    b = np.array([float(k) for _, k, _ in constraints])
    res = linprog(np.r_[np.zeros(nvars), -1.0], A_ub=A, b_ub=b,
                  bounds=[(None, None)] * nvars + [(None, 1.0)], method="highs")
    if res.status != 0:
        return None
    for denominator in (1, 2, 10, 1000, 10**6):
        x = tuple(Fraction(float(v)).limit_denominator(denominator) for v in res.x[:nvars])
        if _satisfied(constraints, x):
            return x
    return None


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
