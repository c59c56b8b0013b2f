"""Boolean functions on {-1, 1}^n: codes, truth tables and Fourier--Walsh metrics (004 §3.2).

Conventions (checked against 004 Table 3.3, where 27030 is 4-parity):

* Inputs are listed in lexicographic order of their bit strings ``b_1 ... b_n``
  (``b_1`` varies slowest); input index ``i = sum_k b_k 2^(n-k)``.
* A bit ``b`` stands for the value ``(-1)^b``: bit 0 is +1, bit 1 is -1, for inputs
  and outputs alike.  With this reading XOR of the bits is the product
  ``x_1 x_2 ... x_n`` (the character of the full set), for every n.
* The integer *code* of a function is its output bits in that input order read as
  a binary number, the first output most significant: ``code(4-parity) = 27030 =
  0b0110100110010110``.
* Subsets ``S`` of ``[n]`` are bit masks in the same order (coordinate 1 is the most
  significant bit), so ``chi_S(x_i) = (-1)^popcount(S & i)``.

Fourier coefficients are *normalized*, ``fhat(S) = 2^-n sum_x f(x) chi_S(x)``, so
that ``f = sum_S fhat(S) chi_S`` and ``sum_S fhat(S)^2 = 1``.  004 eq. 3.5 prints the
sum without the factor ``2^-n``; with it, that expansion fails (see the claim
``004/equation-3.5``).

>>> table = truth_table(27030, 4)
>>> table[:4].tolist()
[1, -1, -1, 1]
>>> total_influence(table), degree(table)
(Fraction(4, 1), 4)
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import sympy

from .errors import InvalidArgument, InvalidArgumentType

__all__ = [
    "MAX_INPUTS",
    "MAX_CODE_INPUTS",
    "truth_table",
    "to_code",
    "parity",
    "walsh_sums",
    "fourier_coefficients",
    "influences",
    "total_influence",
    "fourier_entropy",
    "degree",
]

#: The largest number of inputs of a truth table (2^16 entries).
MAX_INPUTS = 16

#: The largest number of inputs of a function given by its integer code (codes are uint64).
MAX_CODE_INPUTS = 6


def _check_n(n, name="n", *, limit=MAX_CODE_INPUTS):
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)):
        raise InvalidArgumentType(name, n, "an int")
    if not 0 <= n <= limit:
        raise InvalidArgument(name, n, f"an int in 0..{limit}")
    return int(n)


def truth_table(code, n: int) -> np.ndarray:
    """The ±1 truth table (int8, length 2^n) of the function with the given code.

    ``code`` may be an int or an integer array (then the result has one row per code).

    >>> truth_table(0b0111, 2).tolist()     # OR of the bits: -1 unless both bits are 0
    [1, -1, -1, -1]
    """
    n = _check_n(n)
    size = 1 << n
    try:
        arr = np.asarray(code)
    except ValueError:  # ragged nesting
        raise InvalidArgumentType("code", code, "an int or an integer array") from None
    if arr.dtype == object or not np.issubdtype(arr.dtype, np.integer):
        if not all(isinstance(c, (int, np.integer)) and not isinstance(c, bool) for c in np.ravel(arr)):
            raise InvalidArgumentType("code", code, "an int or an integer array")
        if any(not 0 <= int(c) < (1 << size) for c in np.ravel(arr)):  # before uint64 overflows on a huge int
            raise InvalidArgument("code", code, f"ints in 0..2^{size}-1 (functions of n={n} inputs)")
        arr = arr.astype(np.uint64)
    if np.any(arr.astype(object) < 0) or np.any(arr.astype(object) >= (1 << size)):
        raise InvalidArgument("code", code, f"ints in 0..2^{size}-1 (functions of n={n} inputs)")
    arr = arr.astype(np.uint64)
    shifts = np.arange(size - 1, -1, -1, dtype=np.uint64)
    bits = (arr[..., None] >> shifts) & np.uint64(1)
    return (1 - 2 * bits.astype(np.int8)).astype(np.int8)


def _as_tables(f) -> np.ndarray:
    """Validate ±1 truth tables (last axis of length 2^n) and return them as int8."""
    try:
        arr = np.asarray(f)
    except ValueError:  # ragged nesting
        raise InvalidArgumentType("f", f, "a ±1 truth table (array of length 2^n)") from None
    if arr.ndim == 0 or arr.dtype == object and arr.size == 0:
        raise InvalidArgumentType("f", f, "a ±1 truth table (array of length 2^n)")
    if not np.issubdtype(arr.dtype, np.integer) and not np.issubdtype(arr.dtype, np.floating):
        raise InvalidArgumentType("f", f, "a ±1 truth table of ints")
    size = arr.shape[-1]
    if size < 1 or size & (size - 1) or size > 1 << MAX_INPUTS:
        raise InvalidArgument("f", f, f"a truth table whose length is a power of two up to 2^{MAX_INPUTS}")
    if not np.all((arr == 1) | (arr == -1)):
        raise InvalidArgument("f", f, "values in {-1, 1} (use truth_table(code, n) for a code)")
    return arr.astype(np.int8)


def to_code(f) -> int | np.ndarray:
    """The integer code of a ±1 truth table (inverse of `truth_table`).

    >>> to_code(parity(4))
    27030
    """
    tables = _as_tables(f)
    size = tables.shape[-1]
    if size > 1 << MAX_CODE_INPUTS:
        raise InvalidArgument("f", f, f"a table of at most 2^{MAX_CODE_INPUTS} entries (codes are uint64)")
    bits = (tables < 0).astype(np.uint64)
    weights = np.uint64(1) << np.arange(size - 1, -1, -1, dtype=np.uint64)
    codes = (bits * weights).sum(axis=-1, dtype=np.uint64)
    return int(codes) if codes.ndim == 0 else codes


def parity(n: int) -> np.ndarray:
    """The truth table of n-parity ``x_1 x_2 ... x_n`` (XOR of the bits), n <= 16.

    >>> parity(2).tolist()
    [1, -1, -1, 1]
    """
    n = _check_n(n, limit=MAX_INPUTS)
    index = np.arange(1 << n, dtype=np.uint64)
    return (1 - 2 * (np.bitwise_count(index) & 1)).astype(np.int8)


def walsh_sums(f) -> np.ndarray:
    """Unnormalized Walsh sums ``sum_x f(x) chi_S(x)`` for every S (int64, fast transform).

    ``fhat(S) = walsh_sums(f)[S] / 2^n``.  Works on a batch (last axis = table).

    >>> walsh_sums([1, 1, -1, -1]).tolist()   # f = x_1
    [0, 0, 4, 0]
    """
    values = _as_tables(f).astype(np.int64)
    size = values.shape[-1]
    h = 1
    while h < size:  # in-place butterflies of the fast Walsh-Hadamard transform
        shaped = values.reshape(values.shape[:-1] + (size // (2 * h), 2, h))
        a, b = shaped[..., 0, :].copy(), shaped[..., 1, :].copy()
        shaped[..., 0, :], shaped[..., 1, :] = a + b, a - b
        values = shaped.reshape(values.shape)
        h *= 2
    return values


def fourier_coefficients(f) -> np.ndarray:
    """Exact normalized Fourier--Walsh coefficients ``fhat(S)`` (object array of Fractions).

    Index ``S`` is the subset's bit mask (coordinate 1 = most significant bit).

    >>> [str(c) for c in fourier_coefficients(truth_table(0b0111, 2))]  # OR
    ['-1/2', '1/2', '1/2', '1/2']
    """
    sums = walsh_sums(f)
    size = sums.shape[-1]
    return np.vectorize(lambda s: Fraction(int(s), size), otypes=[object])(sums)


def _popcounts(size: int) -> np.ndarray:
    return np.bitwise_count(np.arange(size, dtype=np.uint64)).astype(np.int64)


def influences(f) -> np.ndarray:
    """Exact influences ``I_k(f) = Pr_x[f(x) != f(mu_k x)]`` of each coordinate (Fractions).

    Computed from the definition (flip coordinate k), not from the Fourier formula.

    >>> [str(i) for i in influences(truth_table(0b0111, 2))]
    ['1/2', '1/2']
    """
    tables = _as_tables(f)
    size = tables.shape[-1]
    n = size.bit_length() - 1
    index = np.arange(size)
    out = []
    for k in range(n):
        flipped = tables[..., index ^ (1 << (n - 1 - k))]
        out.append((tables != flipped).sum(axis=-1))
    counts = np.stack(out, axis=-1) if out else np.zeros(tables.shape[:-1] + (0,), dtype=np.int64)
    return np.vectorize(lambda c: Fraction(int(c), size), otypes=[object])(counts)


def total_influence(f) -> Fraction | np.ndarray:
    """Exact total influence ``I(f) = sum_S |S| fhat(S)^2`` (004 eq. 3.6).

    >>> total_influence(parity(3))
    Fraction(3, 1)
    """
    sums = walsh_sums(f)
    size = sums.shape[-1]
    numer = (sums * sums * _popcounts(size)).sum(axis=-1)
    result = np.vectorize(lambda v: Fraction(int(v), size * size), otypes=[object])(numer)
    return result if result.ndim else result[()]


def fourier_entropy(f, *, exact: bool = False):
    """Fourier entropy ``E(f) = sum_S fhat(S)^2 log2(1/fhat(S)^2)`` (004 eq. 3.7).

    Terms with ``fhat(S) = 0`` contribute 0.  Returns a float (error below 1e-12) or,
    with ``exact=True``, an exact SymPy number (only for a single function).

    >>> fourier_entropy(truth_table(0b0111, 2))
    2.0
    >>> fourier_entropy(truth_table(0b0001, 2), exact=True)
    2
    """
    if not isinstance(exact, (bool, np.bool_)):
        raise InvalidArgumentType("exact", exact, "a bool")
    sums = walsh_sums(f)
    size = sums.shape[-1]
    if exact:
        if sums.ndim != 1:
            raise InvalidArgument("exact", exact, "False for a batch of functions")
        n = size.bit_length() - 1
        total = sympy.Integer(0)
        for s in sums.tolist():
            if s:  # log2(1/fhat^2) = 2n - 2 log2|s|: exact integers when |s| is a power of 2
                total += sympy.Rational(s * s, size * size) * (2 * n - 2 * sympy.log(abs(s), 2))
        return sympy.expand(total)
    p = sums.astype(np.float64) ** 2 / float(size * size)
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(p > 0, -p * np.log2(np.where(p > 0, p, 1.0)), 0.0)
    result = terms.sum(axis=-1)
    return float(result) if np.ndim(result) == 0 else result


def degree(f) -> int | np.ndarray:
    """Fourier degree: the largest ``|S|`` with ``fhat(S) != 0``.

    >>> degree(truth_table(0b0001, 2)), degree(parity(5))
    (2, 5)
    """
    sums = walsh_sums(f)
    weights = np.where(sums != 0, _popcounts(sums.shape[-1]), -1)
    result = weights.max(axis=-1)
    return int(result) if np.ndim(result) == 0 else result
