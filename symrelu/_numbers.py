"""Number domains: exact rationals (``fractions.Fraction``) or float64.

symrelu's algorithms are written once against numpy arrays; the domain only
decides the dtype.  Exact arrays are ``object`` arrays holding ``Fraction``
(Python ints, ``Fraction`` and SymPy ``Rational`` are accepted on input);
float arrays are ``float64``.  Validation (finite, real) happens here, once.
"""

from __future__ import annotations

import numbers
from fractions import Fraction

import numpy as np

from .errors import InvalidArgument, InvalidArgumentType

__all__ = ["is_exact_scalar", "to_fraction", "as_array", "infer_exact"]


def is_exact_scalar(value: object) -> bool:
    """True for ints, Fractions and SymPy Rationals (not bools, not floats)."""
    if isinstance(value, bool):
        return False
    if isinstance(value, (int, np.integer, Fraction)):
        return True
    return bool(getattr(value, "is_Rational", False))


def to_fraction(value: object, name: str) -> Fraction:
    """Convert an exact scalar to ``Fraction``; floats are taken at their exact binary value."""
    if isinstance(value, Fraction):
        return value
    if isinstance(value, (int, np.integer)) and not isinstance(value, bool):
        return Fraction(int(value))
    if getattr(value, "is_Rational", False):
        return Fraction(int(value.p), int(value.q))
    if isinstance(value, (float, np.floating)):
        if not np.isfinite(value):
            raise InvalidArgument(name, value, "a finite number")
        return Fraction(float(value))
    if getattr(value, "is_Number", False) and getattr(value, "is_real", False):
        # a SymPy Float: its exact binary value
        return Fraction(float(value)) if value.is_finite else _not_finite(name, value)
    raise InvalidArgumentType(name, value, "an int, fractions.Fraction, sympy.Rational or float")


def _not_finite(name: str, value: object):
    raise InvalidArgument(name, value, "a finite number")


def _to_float(value: object, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (numbers.Real, np.floating, np.integer)):
        if getattr(value, "is_real", False) and getattr(value, "is_Number", False):
            value = float(value)
        else:
            raise InvalidArgumentType(name, value, "a real number")
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
    arr = np.asarray(values)
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
