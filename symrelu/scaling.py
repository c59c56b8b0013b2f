"""The scaling law of 000 (Theorem 3.1): ``s_{i+1} = s_i (1 - a_{i+1}) a_{i+2}``.

The first scale depends on how the waves meet the line ``y = x`` (000 §4.1):
``s_0 = (1 - a_0) a_1`` when they are added, ``a_0 a_1`` when subtracted.

>>> from fractions import Fraction as Q
>>> law_scales([Q(1, 2)] * 4)
[Fraction(1, 4), Fraction(1, 16), Fraction(1, 64)]
"""

from __future__ import annotations

from .errors import InvalidArgument
from .triangle import VARIANTS, check_peaks

__all__ = ["law_scales", "first_scale"]


def first_scale(a0, a1, variant: str = "add"):
    """``s_0``: ``(1 - a_0) a_1`` for waves added to ``y = x``, ``a_0 a_1`` for waves subtracted.

    >>> first_scale(0.25, 0.5), first_scale(0.25, 0.5, "subtract")
    (0.375, 0.125)
    """
    if variant not in VARIANTS:
        raise InvalidArgument("variant", variant, f"one of {VARIANTS}")
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
