"""Exact helpers shared by the landscape's modules: rationals for SymPy, consistent row reduction."""

from __future__ import annotations

from fractions import Fraction

import sympy as sp

from .. import linalg
from ..errors import CertificationError


def rational(x) -> sp.Rational:
    x = Fraction(x)
    return sp.Rational(x.numerator, x.denominator)


def rref_consistent(rows, ncols):
    """Reduced row echelon form of a consistent system's rows (``ncols`` coefficients, then the
    right-hand side; exact numbers): ``(rows as lists of Fraction, pivot columns)``."""
    rows, pivots = linalg.rref(rows, ncols + 1)
    if pivots and pivots[-1] >= ncols:  # every system solved here has a solution by construction
        raise CertificationError("a linear system derived to be consistent has no solution")
    return rows, pivots
