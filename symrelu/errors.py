"""The one family of exceptions symrelu raises for bad input.

Every message names the argument, quotes the offending value and says what is
allowed, so that the fix is obvious from the message alone:

>>> from symrelu.errors import InvalidArgument
>>> try:
...     raise InvalidArgument("peaks", 1.5, "numbers strictly between 0 and 1")
... except ValueError as err:
...     print(err)
Invalid peaks=1.5: expected numbers strictly between 0 and 1.
"""

from __future__ import annotations

import math

import numbers

__all__ = [
    "SymreluError",
    "InvalidArgument",
    "InvalidArgumentType",
    "SizeLimitExceeded",
    "CertificationError",
    "PrecisionWarning",
]


def _format_int(n: int) -> str:
    """An int in full, or (past 30 digits) as ``2**k`` or ``~1.23e+4515``.

    Python refuses ``str`` of ints over 4300 digits, and such numbers are
    unreadable anyway; this never converts the whole int to decimal.
    """
    n = int(n)
    if n.bit_length() <= 99:  # at most 30 decimal digits
        return str(n)
    sign, m = ("-" if n < 0 else ""), abs(n)
    if m & (m - 1) == 0:
        return f"{sign}2**{m.bit_length() - 1}"
    # leading digits from the top 64 bits: log10(m) = log10(top) + shift log10(2)
    shift = m.bit_length() - 64
    log10 = math.log10(m >> shift) + shift * math.log10(2)
    exponent = math.floor(log10)
    return f"{sign}~{10 ** (log10 - exponent):.2f}e+{exponent}"


def _short_repr(value: object, limit: int = 80) -> str:
    """``repr(value)`` cut to ``limit`` characters; ints past 30 digits as `_format_int` writes them.

    A ``repr`` that raises (a container of ints too long for ``str``, a broken
    ``__repr__``) gives ``<type>``: the message being built must not be lost.
    """
    if isinstance(value, int) and not isinstance(value, bool):
        text = _format_int(value)
    else:
        try:
            text = repr(value)
        except Exception:  # noqa: BLE001 - see the docstring
            text = f"<{type(value).__name__}>"
    return text if len(text) <= limit else text[: limit - 3] + "..."


class SymreluError(Exception):
    """Base class of every exception symrelu raises on purpose."""


class InvalidArgument(SymreluError, ValueError):
    """An argument has an allowed type but a value that is not allowed.

    Parameters
    ----------
    name : str
        The argument's name as the caller wrote it (``"peaks[3]"`` for an element).
    value : object
        The offending value.
    allowed : str
        What would have been accepted.
    hint : str, optional
        How to fix it, when that is not obvious from ``allowed``.
    """

    def __init__(self, name: str, value: object, allowed: str, hint: str | None = None):
        self.name, self.value, self.allowed, self.hint = name, value, allowed, hint
        message = f"Invalid {name}={_short_repr(value)}: expected {allowed}."
        if hint:
            message += f" {hint}"
        super().__init__(message)


class InvalidArgumentType(SymreluError, TypeError):
    """An argument has a type that is not allowed."""

    def __init__(self, name: str, value: object, allowed: str):
        self.name, self.value, self.allowed = name, value, allowed
        super().__init__(
            f"Invalid type for {name}: got {type(value).__name__} ({_short_repr(value)}), "
            f"expected {allowed}."
        )


class SizeLimitExceeded(InvalidArgument):
    """A result whose size is known in advance would exceed a limit the caller can raise.

    ``size`` and ``limit`` are counted in ``unit``; ``option`` is the keyword
    that raises the limit.

    >>> try:
    ...     raise SizeLimitExceeded("depth", 40, size=2**40, limit=2**24)
    ... except ValueError as err:
    ...     print(err)  # doctest: +NORMALIZE_WHITESPACE
    Invalid depth=40: expected a size of at most 16777216 pieces (this would make 1099511627776).
    Pass max_pieces=1099511627776 or more to allow it.
    >>> SizeLimitExceeded("n", 6, size=2**64, limit=2**16, unit="functions", option="limit").hint
    'Pass limit=18446744073709551616 or more to allow it.'
    """

    def __init__(self, name: str, value: object, *, size: int, limit: int, unit: str = "pieces",
                 option: str = "max_pieces"):
        self.size, self.limit, self.unit, self.option = size, limit, unit, option
        super().__init__(
            name,
            value,
            f"a size of at most {_format_int(limit)} {unit} (this would make {_format_int(size)})",
            f"Pass {option}={_format_int(size)} or more to allow it.",
        )


def check_limit(name: str, value: object) -> int:
    """A size limit the caller may raise (``max_size``, ``max_cases``, ...): an int >= 1, returned as int.

    Not in ``__all__``: the one check the library's functions share for their limits.

    >>> check_limit("max_size", 10)
    10
    >>> check_limit("max_size", 0)
    Traceback (most recent call last):
    ...
    symrelu.errors.InvalidArgument: Invalid max_size=0: expected an int >= 1.
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise InvalidArgumentType(name, value, "an int >= 1")
    if value < 1:
        raise InvalidArgument(name, value, "an int >= 1")
    return int(value)


class CertificationError(SymreluError, RuntimeError):
    """A computation's exact check of its own result failed (a certificate did not hold).

    The input was valid; the method could not certify what it found, so the
    result is withheld.  A `RuntimeError`, not an `AssertionError`: callers can
    tell it from a bug in their own code, and ``python -O`` does not remove it.

    >>> try:
    ...     raise CertificationError("vertex (0, 1) violates facet x <= 0")
    ... except RuntimeError as err:
    ...     print(err)
    vertex (0, 1) violates facet x <= 0
    """


class PrecisionWarning(UserWarning):
    """A float64 result merged knots it could not resolve; its ``merged`` record says which.

    Within its stated guarantee float64 mode merges nothing; when it does, the
    result counts the merged knots (``merged.knots``), and exact mode or the
    result's ``certify()`` tells what the exact function does there.
    """
