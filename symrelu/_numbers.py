"""Number domains: exact rationals (``fractions.Fraction``) or float64.

symrelu's algorithms are written once against numpy arrays; the domain only
decides the dtype.  Exact arrays are ``object`` arrays holding ``Fraction``
(Python ints, ``Fraction`` and SymPy ``Rational`` are accepted on input);
float arrays are ``float64``.  Validation (finite, real) happens here, once.

Exact hot loops (``ReLUNetwork.to_pwl``) compute in python-flint's ``fmpq``
instead: object arrays of ``fmpq`` run numpy's element loops 5-10x faster than
``Fraction`` (C arithmetic, no Python-level normalisation).  ``fmpq`` is an
internal type only: it neither compares equal to nor mixes with ``Fraction``
(``fmpq(1, 3) == Fraction(1, 3)`` is False, ``fmpq + Fraction`` raises), so
every exact result leaves the library as ``Fraction`` (`fraction_array`).
"""

from __future__ import annotations

import numbers
from fractions import Fraction

import numpy as np
from flint import fmpq

from .errors import InvalidArgument, InvalidArgumentType, _short_repr

__all__ = [
    "is_exact_scalar", "to_fraction", "as_array", "infer_exact",
    "to_fmpq", "fmpq_array", "holds_fmpq", "fraction_array", "positive", "signs", "rational_parts", "fractions_from_parts", "FMPQ_ZERO",
]

FMPQ_ZERO = fmpq(0)


def is_exact_scalar(value: object) -> bool:
    """True for ints, Fractions and SymPy Rationals (not bools, not floats)."""
    if isinstance(value, bool):
        return False
    if isinstance(value, (int, np.integer, Fraction)):
        return True
    return bool(getattr(value, "is_Rational", False))


def to_fraction(value: object, name: str) -> Fraction:
    """Convert an exact scalar to ``Fraction``; floats are taken at their exact binary value.

    The one converter to ``Fraction``: ints, ``Fraction``, SymPy ``Rational``,
    python-flint ``fmpq`` (exact), and, at their exact binary value, floats,
    SymPy ``Float`` and mpmath ``mpf``; non-finite values raise `InvalidArgument`
    naming ``name``, other types `InvalidArgumentType`.

    >>> import mpmath
    >>> from flint import fmpq
    >>> to_fraction(fmpq(-3, 7), "x"), to_fraction(0.375, "x"), to_fraction(mpmath.mpf(2) ** -70, "x")
    (Fraction(-3, 7), Fraction(3, 8), Fraction(1, 1180591620717411303424))
    """
    if isinstance(value, Fraction):
        return value
    if isinstance(value, (int, np.integer)) and not isinstance(value, bool):
        return Fraction(int(value))
    if isinstance(value, fmpq):  # already in lowest terms with a positive denominator
        return _coprime_fraction(int(value.p), int(value.q))
    if getattr(value, "is_Rational", False):
        return Fraction(int(value.p), int(value.q))
    if type(value).__name__ == "mpf" and hasattr(value, "man_exp"):  # mpmath, without importing it
        if value != value or value in (float("inf"), float("-inf")):
            _not_finite(name, value)
        sign, man, exp, _ = value._mpf_  # value = (-1)**sign * man * 2**exp exactly (man_exp drops the sign)
        man = -man if sign else man
        return Fraction(man * 2**exp) if exp >= 0 else Fraction(man, 2**-exp)
    if isinstance(value, (float, np.floating)):
        if not np.isfinite(value):
            raise InvalidArgument(name, value, "a finite number")
        return Fraction(float(value))
    if getattr(value, "is_Number", False) and getattr(value, "is_real", False):
        # a SymPy Float: its exact binary value
        return Fraction(float(value)) if value.is_finite else _not_finite(name, value)
    raise InvalidArgumentType(name, value, "an int, fractions.Fraction, sympy.Rational or float" + _constant_note(value))


def _constant_note(value: object) -> str:
    """For a real SymPy constant that is not a SymPy number (``sqrt(2)/2``): why it is refused, what to pass."""
    if not (getattr(value, "is_number", False) and getattr(value, "is_Number", True) is False
            and getattr(value, "is_real", False)):
        return ""
    text = _short_repr(value, 40)
    if value.is_rational is False:
        return f"; {text} is an irrational SymPy constant, which is not exact: pass float({text}) to work in float64"
    if value.is_rational:
        return f"; {text} is an unevaluated SymPy expression: pass its value, ({text}).doit(), a sympy.Rational"
    return f"; {text} is a SymPy constant expression: pass float({text}) to work in float64, or an exact rational"


def _not_finite(name: str, value: object):
    raise InvalidArgument(name, value, "a finite number")


def _to_float(value: object, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (numbers.Real, np.floating, np.integer)):
        if getattr(value, "is_real", False) and getattr(value, "is_Number", False):
            value = float(value)
        else:
            raise InvalidArgumentType(
                name, value, "a number of type int, float, fractions.Fraction, sympy.Rational or sympy.Float"
                + _constant_note(value))
    result = float(value)
    if not np.isfinite(result):
        raise InvalidArgument(name, value, "a finite number")
    return result


def infer_exact(values) -> bool:
    """True when every entry is an exact scalar (int, Fraction, sympy Rational)."""
    arr = np.asarray(values, dtype=object)
    return arr.size > 0 and all(is_exact_scalar(v) for v in arr.flat)


def as_array(values, name: str, *, exact: bool, ndim: int | None = None) -> np.ndarray:
    """Return ``values`` as an array of the domain: object-of-Fraction or float64.

    Raises `InvalidArgument` naming ``name`` (and the index) for NaN, infinities,
    and wrong dimensionality.
    """
    if exact:
        arr = np.asarray(values, dtype=object)
        if ndim is not None and arr.ndim != ndim:
            raise InvalidArgument(name, values, f"a {ndim}-dimensional array (got {arr.ndim} dimensions)")
        out = np.empty(arr.shape, dtype=object)
        for index, v in np.ndenumerate(arr):
            out[index] = to_fraction(v, f"{name}{list(index) if index else ''}")
        return out
    try:
        arr = np.asarray(values)
    except ValueError:  # ragged nesting: numpy refuses to build the array
        raise InvalidArgument(name, values, "a rectangular array of numbers (rows of equal length)") from None
    if arr.dtype == object:
        arr = np.vectorize(lambda v: _to_float(v, name), otypes=[float])(arr) if arr.size else arr.astype(float)
    elif not (np.issubdtype(arr.dtype, np.floating) or np.issubdtype(arr.dtype, np.integer)):
        raise InvalidArgumentType(name, values, "an array of real numbers")
    arr = np.asarray(arr, dtype=np.float64)
    if ndim is not None and arr.ndim != ndim:
        raise InvalidArgument(name, values, f"a {ndim}-dimensional array (got {arr.ndim} dimensions)")
    bad = ~np.isfinite(arr)
    if bad.any():
        index = tuple(int(i) for i in np.argwhere(bad)[0])
        raise InvalidArgument(f"{name}{list(index) if index else ''}", arr[index], "a finite number (no NaN or infinity)")
    return arr


# -- the internal fmpq representation ------------------------------------------
def to_fmpq(value) -> fmpq:
    """An exact scalar (int, Fraction, fmpq, SymPy Rational) as ``fmpq``; no validation."""
    if isinstance(value, fmpq):
        return value
    if isinstance(value, Fraction):
        return fmpq(value.numerator, value.denominator)
    if isinstance(value, (int, np.integer)):
        return fmpq(int(value))
    value = to_fraction(value, "value")
    return fmpq(value.numerator, value.denominator)


def fmpq_array(arr) -> np.ndarray:
    """An object array of exact scalars as an object array of ``fmpq`` (same shape)."""
    arr = np.asarray(arr, dtype=object)
    out = np.empty(arr.shape, dtype=object)
    out.ravel()[:] = [to_fmpq(v) for v in arr.ravel().tolist()]
    return out


def holds_fmpq(arr) -> bool:
    """True when the (non-empty) object array's first entry is an ``fmpq``: the internal representation."""
    return arr.size > 0 and isinstance(arr.flat[0], fmpq)


def _fast_fraction():
    """``(p, q) -> Fraction`` for coprime ints with ``q > 0``, skipping ``Fraction``'s gcd.

    Python 3.12+ has ``Fraction._from_coprime_ints``; 3.10-3.11 store the two
    ints in the slots ``_numerator`` and ``_denominator``.  The shortcut is used
    only when it builds a Fraction equal, with equal hash, to the checked
    constructor's; otherwise every conversion takes the checked constructor.
    """
    make = getattr(Fraction, "_from_coprime_ints", None)
    if make is None:
        def make(p, q, new=object.__new__, cls=Fraction):
            f = new(cls)
            f._numerator, f._denominator = p, q
            return f
    try:
        probe = make(-3, 7)
        if probe == Fraction(-3, 7) and hash(probe) == hash(Fraction(-3, 7)) and probe + 1 == Fraction(4, 7):
            return make
    except (AttributeError, TypeError):  # another Python's Fraction internals
        pass
    return Fraction


_coprime_fraction = _fast_fraction()


def _as_fraction(v) -> Fraction:
    return to_fraction(v, "value")


def fraction_array(arr) -> np.ndarray:
    """An object array of ``fmpq`` (ints and Fractions allowed among them) as an object array of ``Fraction``.

    The conversion point between the internal ``fmpq`` and the public ``Fraction``;
    about 1-1.5 us per entry for ~250-bit numerators and denominators.
    """
    out = np.empty(arr.shape, dtype=object)
    flat = arr.ravel().tolist()
    try:  # the common case, all fmpq: no per-entry type dispatch
        out.ravel()[:] = [_coprime_fraction(int(v.p), int(v.q)) for v in flat]
    except AttributeError:  # ints or Fractions among them
        out.ravel()[:] = [_as_fraction(v) for v in flat]
    return out


def positive(arr) -> np.ndarray:
    """Boolean array ``arr > 0`` for an exact object array.

    For ``fmpq`` the sign of the numerator is read (``fmpq``'s own comparison
    with 0 takes about three times as long).
    """
    if holds_fmpq(arr):
        try:
            return np.fromiter((v.p > 0 for v in arr.ravel().tolist()), dtype=bool, count=arr.size).reshape(arr.shape)
        except AttributeError:  # an int or Fraction among the fmpq
            pass
    return arr > 0


def signs(arr) -> np.ndarray:
    """The signs (-1, 0, 1, as int8) of an exact object array, each entry read once."""
    if holds_fmpq(arr):
        try:
            flat = [v.p for v in arr.ravel().tolist()]
            return np.fromiter(((p > 0) - (p < 0) for p in flat), dtype=np.int8, count=arr.size).reshape(arr.shape)
        except AttributeError:  # an int or Fraction among the fmpq
            pass
    return (arr > 0).astype(np.int8) - (arr < 0)


def rational_parts(arr) -> tuple:
    """``(numerators, denominators)``: two lists of Python ints, lowest terms, for a 1-D exact array."""
    flat = arr.tolist()
    try:  # all fmpq
        return [int(v.p) for v in flat], [int(v.q) for v in flat]
    except AttributeError:
        pass
    flat = [_as_fraction(v) for v in flat]
    return [v.numerator for v in flat], [v.denominator for v in flat]


def fractions_from_parts(nums, dens) -> np.ndarray:
    """A 1-D object array of ``Fraction`` from lowest-terms numerators and positive denominators."""
    out = np.empty(len(nums), dtype=object)
    out[:] = [_coprime_fraction(p, q) for p, q in zip(nums, dens)]
    return out
