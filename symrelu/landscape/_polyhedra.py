"""Exact feasibility of small systems of strict and non-strict linear inequalities.

Fourier–Motzkin elimination over ``fractions.Fraction`` with strictness
tracked, plus back-substitution for a rational witness point.  Sizes here are
tiny (a few variables, a dozen constraints), so the doubly exponential worst
case never matters; duplicates are removed after each elimination.

A constraint is ``(coeffs, const, strict)`` meaning ``coeffs . x + const > 0``
(strict) or ``>= 0``.  An equality is passed as two non-strict constraints.

>>> from fractions import Fraction as Q
>>> cons = [((Q(1), Q(1)), Q(0), True), ((Q(1), Q(-1)), Q(0), True), ((Q(-1), Q(0)), Q(0), False)]
>>> feasible_point(cons, 2) is None   # b + w > 0, b - w > 0, b <= 0
True
>>> feasible_point(cons[:2], 2)
(Fraction(1, 1), Fraction(0, 1))
"""

from __future__ import annotations

from fractions import Fraction

__all__ = ["feasible_point", "is_feasible"]


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


def feasible_point(constraints, nvars: int):
    """A rational point satisfying every constraint, or None when there is none.

    Parameters
    ----------
    constraints : iterable of (coeffs, const, strict)
        ``coeffs`` has length ``nvars``; entries must be exact (int/Fraction).
    nvars : int
        Number of variables.

    Returns
    -------
    tuple of Fraction or None
    """
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


def is_feasible(constraints, nvars: int) -> bool:
    """True when the system has a real (equivalently, rational) solution.

    >>> is_feasible([((1,), 0, True), ((-1,), 0, True)], 1)   # x > 0 and x < 0
    False
    """
    return feasible_point(constraints, nvars) is not None
