"""The scaling law of 000 (Theorem 3.1), ``s_{i+1} = s_i (1 - a_{i+1}) a_{i+2}``, and the peaks it is stated on.

The first scale depends on how the waves meet the line ``y = x`` (000 §4.1):
``s_0 = (1 - a_0) a_1`` when they are added, ``a_0 a_1`` when subtracted.
This module is the bottom of the construction's layer: `symrelu.triangle`
builds the networks on it, and `symrelu.scaling` holds the law's tools and the
derivations of 000's appendix.

>>> from fractions import Fraction as Q
>>> law_scales([Q(1, 2)] * 4)
[Fraction(1, 4), Fraction(1, 16), Fraction(1, 64)]
"""

from __future__ import annotations

import math

import numpy as np

from ._numbers import is_exact_scalar
from .errors import InvalidArgument, InvalidArgumentType

__all__ = ["VARIANTS", "check_peaks", "first_scale", "law_scales"]

#: How the waves meet the line y = x (000 §4.1).
VARIANTS = ("add", "subtract")


def _is_symbolic(value) -> bool:
    return hasattr(value, "free_symbols") and bool(value.free_symbols)


def check_peaks(peaks, *, name: str = "peaks", margin=0, min_length: int = 1) -> list:
    """Validate peaks: a sequence of numbers in ``(margin, 1 - margin)``, or SymPy symbols.

    Returns a list (entries unchanged).  Symbolic entries are taken to lie in
    (0, 1); a check raises only when a condition is definitely false.

    >>> check_peaks([0.5, 1.5])
    Traceback (most recent call last):
    ...
    symrelu.errors.InvalidArgument: Invalid peaks[1]=1.5: expected a number strictly between 0 and 1.
    """
    if isinstance(peaks, (str, bytes)) or not hasattr(peaks, "__len__"):
        raise InvalidArgumentType(name, peaks, "a sequence of peaks in (0, 1)")
    _check_margin(margin)
    if isinstance(min_length, bool) or not isinstance(min_length, (int, np.integer)) or min_length < 0:
        raise InvalidArgument("min_length", min_length, "an int >= 0")
    peaks = list(peaks)
    if len(peaks) < min_length:
        raise InvalidArgument(name, peaks, f"at least {min_length} peaks (min_length={min_length})")
    for i, a in enumerate(peaks):
        _check_peak(a, f"{name}[{i}]", margin)
    return peaks


def _check_margin(margin) -> None:
    """A margin is a number in [0, 1/2]: peaks must fit in [margin, 1 - margin]."""
    if isinstance(margin, bool) or not (is_exact_scalar(margin) or isinstance(margin, (float, np.floating))):
        raise InvalidArgumentType("margin", margin, "a number in [0, 1/2]")
    if not 0 <= margin <= 0.5:  # NaN fails too
        raise InvalidArgument("margin", margin, "a number in [0, 1/2] (peaks lie in [margin, 1 - margin])")


def _check_peak(a, name: str, margin=0) -> None:
    """Raise unless ``a`` is symbolic or a finite number in ``(margin, 1 - margin)`` (closed when margin > 0)."""
    if _is_symbolic(a):
        return
    lo, hi = margin, 1 - margin
    allowed = "a number strictly between 0 and 1" if margin == 0 else f"a number in [{lo}, {hi}] (margin={margin})"
    if getattr(a, "is_number", False) and hasattr(a, "free_symbols") and not getattr(a, "is_Number", False):
        # a constant SymPy expression (sqrt(2)/2, pi/4): a number, compared exactly by SymPy
        if a.is_real is not True:
            raise InvalidArgument(name, a, "a real number (this constant is not known to be real)")
        below, above = (a - lo, hi - a)
        checks = (below.is_positive, above.is_positive) if margin == 0 else \
            (below.is_nonnegative, above.is_nonnegative)
        if False in checks:  # None (undecided) passes, as for symbols
            raise InvalidArgument(name, a, allowed)
        return
    if not (is_exact_scalar(a) or isinstance(a, (float, np.floating)) or getattr(a, "is_Number", False)):
        raise InvalidArgumentType(name, a, "a real number (int, Fraction, float, a SymPy number or constant) "
                                           "or a SymPy expression in symbols")
    if isinstance(a, (float, np.floating)) and not math.isfinite(a):
        raise InvalidArgument(name, a, allowed)
    if getattr(a, "is_Number", False) and getattr(a, "is_finite", None) is not True:  # sympy.nan, oo, zoo
        raise InvalidArgument(name, a, allowed)
    if not ((lo < a < hi) if margin == 0 else (lo <= a <= hi)):
        raise InvalidArgument(name, a, allowed)



def first_scale(a0, a1, variant: str = "add"):
    """``s_0``: ``(1 - a_0) a_1`` for waves added to ``y = x``, ``a_0 a_1`` for waves subtracted.

    >>> first_scale(0.25, 0.5), first_scale(0.25, 0.5, "subtract")
    (0.375, 0.125)
    """
    if not isinstance(variant, str) or variant not in VARIANTS:
        raise InvalidArgument("variant", variant, f"one of {VARIANTS}")
    _check_peak(a0, "a0")  # a number in (0, 1) or a SymPy expression
    _check_peak(a1, "a1")
    return (1 - a0) * a1 if variant == "add" else a0 * a1


def law_scales(peaks, variant: str = "add") -> list:
    """The scales ``s_0 .. s_{d-1}`` the law assigns to peaks ``a_0 .. a_d`` (exact, float or symbolic).

    >>> import sympy
    >>> a = sympy.symbols("a0:4")
    >>> law_scales(a)[2]
    a1*a2*a3*(1 - a0)*(1 - a1)*(1 - a2)
    """
    peaks = check_peaks(peaks, min_length=2)
    s = [first_scale(peaks[0], peaks[1], variant)]
    for i in range(len(peaks) - 2):
        s.append(s[-1] * (1 - peaks[i + 1]) * peaks[i + 2])
    return s
