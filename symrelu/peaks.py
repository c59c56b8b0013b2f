"""Infinite peak sequences ``a_0, a_1, ...`` with a stated margin (000 Theorem A.5).

A `PeakSequence` is a finite prefix followed by a periodic tail (a constant
tail is a period of length one), or a wrapped callable ``i -> a_i``.  Every
peak lies in ``[c, 1 - c]`` for the sequence's margin ``c > 0``: for a prefix
and tail this is checked when the sequence is made (and ``c`` defaults to the
largest margin that holds); for a callable the margin is a promise the caller
states, and it is checked on every peak that is actually read.

Entries keep their number type: ``Fraction`` (ints and SymPy ``Rational`` are
converted to it), ``float`` or ``mpmath.mpf``.  Floats and mpf numbers are
dyadic rationals, so `PeakSequence.fraction` gives every peak as an exact
``Fraction``.

>>> from fractions import Fraction as Q
>>> a = PeakSequence([Q(1, 3)], [Q(1, 2)])
>>> a[0], a[5], a.margin
(Fraction(1, 3), Fraction(1, 2), Fraction(1, 3))
>>> a.scales(3)
[Fraction(1, 3), Fraction(1, 12), Fraction(1, 48)]
"""

from __future__ import annotations

import numbers
from fractions import Fraction

import mpmath
import numpy as np

from ._numbers import is_exact_scalar, to_fraction
from .errors import InvalidArgument, InvalidArgumentType, SizeLimitExceeded
from .law import first_scale
from .triangle import VARIANTS

__all__ = ["PeakSequence", "as_peak_sequence"]

#: Default cap on `PeakSequence.scales`' ``n``.
DEFAULT_MAX_SCALES = 10_000
_MAX_SLICE = 10**6  # a slice builds a list: a[:10**12] must not try


def _normalize(value, name):
    """A peak as Fraction (exact input), float, or mpf; anything else is a type error."""
    if is_exact_scalar(value):
        return to_fraction(value, name)
    if isinstance(value, (float, np.floating)) and not isinstance(value, bool):
        value = float(value)
        if value != value or value in (float("inf"), float("-inf")):
            raise InvalidArgument(name, value, "a finite number")
        return value
    if isinstance(value, mpmath.mpf):
        if not mpmath.isfinite(value):
            raise InvalidArgument(name, value, "a finite number")
        return value
    raise InvalidArgumentType(name, value, "a Fraction, int, SymPy Rational, float or mpmath.mpf")


def _fraction(value) -> Fraction:
    """The exact rational value of a normalized peak (floats and mpf are dyadic)."""
    if isinstance(value, Fraction):
        return value
    return to_fraction(value, "value")  # exact for floats and mpf, sign included


def _check_margin(margin):
    m = _normalize(margin, "margin")
    if not 0 < _fraction(m) <= Fraction(1, 2):
        raise InvalidArgument("margin", margin, "a number in (0, 1/2]")
    return m


class PeakSequence:
    """The infinite peak sequence ``a_0, a_1, ...`` of the infinite-depth network.

    Parameters
    ----------
    prefix : sequence of numbers
        ``a_0 .. a_{n-1}``.
    period : sequence of numbers
        The tail repeats these forever: ``a_{n + k} = period[k % len(period)]``.
        One entry gives a constant tail.
    margin : number, optional
        ``c`` with every peak in ``[c, 1 - c]``, ``0 < c <= 1/2``.  By default
        the largest such ``c`` (the minimum of ``min(a, 1 - a)`` over the entries).

    Raises
    ------
    InvalidArgument
        An entry outside ``[c, 1 - c]`` (naming its index), an empty period,
        or a margin outside ``(0, 1/2]``.

    Notes
    -----
    Immutable and hashable.  Use `from_function` to wrap a callable.

    >>> PeakSequence([], [0.25, 0.75])[3]
    0.75
    """

    __slots__ = ("_prefix", "_period", "_function", "_margin", "_cache")

    def __init__(self, prefix=(), period=(), *, margin=None):
        if isinstance(prefix, (str, bytes)) or not hasattr(prefix, "__len__"):
            raise InvalidArgumentType("prefix", prefix, "a sequence of peaks")
        if isinstance(period, (str, bytes)) or not hasattr(period, "__len__"):
            raise InvalidArgumentType("period", period, "a non-empty sequence of peaks")
        if len(period) == 0:
            raise InvalidArgument("period", period, "a non-empty sequence (a constant tail is one entry)")
        prefix = tuple(_normalize(a, f"prefix[{i}]") for i, a in enumerate(prefix))
        period = tuple(_normalize(a, f"period[{i}]") for i, a in enumerate(period))
        entries = [(f"prefix[{i}]", a) for i, a in enumerate(prefix)] + [
            (f"period[{i}]", a) for i, a in enumerate(period)
        ]
        for name, a in entries:
            if not 0 < _fraction(a) < 1:
                raise InvalidArgument(name, a, "a number strictly between 0 and 1")
        if margin is None:
            # the largest margin that holds, in the entries' own number type
            margin = min((a if _fraction(a) <= Fraction(1, 2) else 1 - a) for _, a in entries)
        margin = _check_margin(margin)
        c = _fraction(margin)
        for name, a in entries:
            if not c <= _fraction(a) <= 1 - c:
                raise InvalidArgument(name, a, f"a number in [c, 1 - c] for the margin c (margin={margin})")
        object.__setattr__(self, "_prefix", prefix)
        object.__setattr__(self, "_period", period)
        object.__setattr__(self, "_function", None)
        object.__setattr__(self, "_margin", margin)
        object.__setattr__(self, "_cache", None)

    @classmethod
    def from_function(cls, function, *, margin) -> PeakSequence:
        """Wrap a callable ``i -> a_i`` whose values the caller promises lie in ``[margin, 1 - margin]``.

        Each peak is computed once and checked against the margin when first
        read; a broken promise raises `InvalidArgument` naming the index.

        >>> a = PeakSequence.from_function(lambda i: 0.5 if i % 3 else 0.25, margin=0.25)
        >>> a[:4]
        [0.25, 0.5, 0.5, 0.25]
        """
        if not callable(function):
            raise InvalidArgumentType("function", function, "a callable i -> a_i")
        self = object.__new__(cls)
        object.__setattr__(self, "_prefix", ())
        object.__setattr__(self, "_period", ())
        object.__setattr__(self, "_function", function)
        object.__setattr__(self, "_margin", _check_margin(margin))
        object.__setattr__(self, "_cache", {})
        return self

    def __setattr__(self, name, value):
        raise AttributeError("PeakSequence is immutable")

    # -- reading peaks ------------------------------------------------------
    def __getitem__(self, index):
        if isinstance(index, slice):
            if index.stop is None or index.stop < 0 or (index.start or 0) < 0:
                raise InvalidArgument("index", index, "a slice with a non-negative stop (the sequence is infinite)")
            indices = range(*index.indices(index.stop))
            if len(indices) > _MAX_SLICE:
                raise InvalidArgument("index", index, f"a slice of at most {_MAX_SLICE} peaks")
            return [self[i] for i in indices]
        if isinstance(index, bool) or not isinstance(index, numbers.Integral) or index < 0:
            raise InvalidArgument("index", index, "an int >= 0")
        index = int(index)
        if self._function is None:
            n = len(self._prefix)
            return self._prefix[index] if index < n else self._period[(index - n) % len(self._period)]
        if index not in self._cache:
            value = _normalize(self._function(index), f"peaks[{index}]")
            c = _fraction(self._margin)
            if not c <= _fraction(value) <= 1 - c:
                raise InvalidArgument(
                    f"peaks[{index}]", value, f"a number in [c, 1 - c] for the stated margin c={self._margin}"
                )
            self._cache[index] = value
        return self._cache[index]

    def fraction(self, index: int) -> Fraction:
        """``a_index`` as an exact ``Fraction`` (floats and mpf numbers at their binary value).

        >>> PeakSequence([], [0.1]).fraction(0) == Fraction(0.1)
        True
        """
        return _fraction(self[index])

    @property
    def margin(self):
        """``c``: every peak lies in ``[c, 1 - c]``."""
        return self._margin

    @property
    def prefix(self) -> tuple:
        """The entries before the periodic tail (empty for a callable)."""
        return self._prefix

    @property
    def period(self) -> tuple:
        """The repeating tail (empty for a callable)."""
        return self._period

    @property
    def function(self):
        """The wrapped callable, or None."""
        return self._function

    @property
    def exact(self) -> bool:
        """True when the stored entries are all ``Fraction`` (False for a callable)."""
        return self._function is None and all(isinstance(a, Fraction) for a in self._prefix + self._period)

    def scales(self, n: int, variant: str = "add", *, max_terms: int = DEFAULT_MAX_SCALES) -> list:
        """The law's scales ``s_0 .. s_{n-1}`` (000 eq. 4) in the peaks' number type.

        ``s_0 = (1 - a_0) a_1`` (``variant="add"``) or ``a_0 a_1`` (``"subtract"``),
        ``s_{i+1} = s_i (1 - a_{i+1}) a_{i+2}``.  ``n`` above ``max_terms`` is
        refused (`SizeLimitExceeded`) before anything is computed: exact scales
        have denominators growing linearly in ``i``, so ``n`` exact scales
        take memory quadratic in ``n``.

        >>> PeakSequence([], [0.5]).scales(3, "subtract")
        [0.25, 0.0625, 0.015625]
        """
        if not isinstance(variant, str) or variant not in VARIANTS:
            raise InvalidArgument("variant", variant, f"one of {VARIANTS}")
        if isinstance(n, bool) or not isinstance(n, numbers.Integral) or n < 0:
            raise InvalidArgument("n", n, "an int >= 0")
        if isinstance(max_terms, bool) or not isinstance(max_terms, numbers.Integral) or max_terms < 0:
            raise InvalidArgument("max_terms", max_terms, "an int >= 0")
        if n > max_terms:
            raise SizeLimitExceeded("n", n, size=int(n), limit=int(max_terms), unit="scales", option="max_terms")
        if n == 0:
            return []
        s = [first_scale(self[0], self[1], variant)]
        for i in range(n - 1):
            s.append(s[-1] * (1 - self[i + 1]) * self[i + 2])
        return s

    # -- value semantics ----------------------------------------------------
    def _key(self):
        return (self._prefix, self._period, self._function, self._margin)

    def __eq__(self, other):
        return isinstance(other, PeakSequence) and self._key() == other._key()

    def __hash__(self):
        return hash(self._key())

    def __repr__(self):
        if self._function is not None:
            return f"PeakSequence.from_function({self._function!r}, margin={self._margin!r})"
        return f"PeakSequence({list(self._prefix)!r}, {list(self._period)!r}, margin={self._margin!r})"


def as_peak_sequence(peaks, *, name: str = "peaks") -> PeakSequence:
    """A `PeakSequence` as is, or a bare callable ``i -> a_i`` refused with a hint.

    A callable needs its margin stated, so it must be wrapped with
    `PeakSequence.from_function`.

    >>> as_peak_sequence(PeakSequence([], [0.5])).margin
    0.5
    """
    if isinstance(peaks, PeakSequence):
        return peaks
    if callable(peaks):
        raise InvalidArgumentType(name, peaks, "a PeakSequence (wrap a callable with PeakSequence.from_function(f, margin=c))")
    raise InvalidArgumentType(name, peaks, "a PeakSequence (a finite list is one: PeakSequence(prefix, period))")
