"""The swaps value as a minimum over the signed permutations and the fundamental chambers (bit tricks on codes)."""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from ..boolean import _as_tables, _check_n, to_code, truth_table
from ..errors import CertificationError, InvalidArgument, InvalidArgumentType
from ..npn import BitPermuter, hyperoctahedral_group, npn_classes
from ._chambers import MAX_SWAPS_INPUTS, fundamental_chambers
from ._reference import changes_along, vertices


@lru_cache(maxsize=None)
def _machinery(n: int):
    perms, masks, maps = hyperoctahedral_group(n)
    # -I (negate every input) reverses every order and leaves counts unchanged: keep one per pair.
    keep = (masks >> (n - 1)) & 1 == 0 if n else np.ones(len(masks), dtype=bool)
    orders, weights = fundamental_chambers(n)
    return (
        np.flatnonzero(keep),
        BitPermuter(maps[keep]),
        BitPermuter(orders),
    )


def _changes_of_codes(codes: np.ndarray, size: int) -> np.ndarray:
    inner = codes.dtype.type((1 << (size - 1)) - 1)
    shifted = np.right_shift(codes, codes.dtype.type(1))
    np.bitwise_xor(shifted, codes, out=shifted)  # in place: the arrays are large for n = 5
    np.bitwise_and(shifted, inner, out=shifted)
    return np.bitwise_count(shifted)


def _swaps_codes(codes: np.ndarray, n: int, *, witness: bool = False):
    size = 1 << n
    keep, group, chambers = _machinery(n)
    out = np.empty(len(codes), dtype=np.int64)
    where = []
    for i, code in enumerate(codes):
        orbit = group(np.array([code], dtype=np.uint64))[0]  # (|G'|,)
        counts = _changes_of_codes(chambers.raw(orbit), size)  # (|G'|, |F|)
        flat = int(np.argmin(counts))
        out[i] = counts.flat[flat]
        if witness:
            where.append(np.unravel_index(flat, counts.shape))
    return (out, where) if witness else out


def _codes_and_n(f, n):
    if n is None:
        if isinstance(f, (int, np.integer)) and not isinstance(f, bool):  # a code means nothing without n
            raise InvalidArgument("n", n, f"the number of inputs, an int >= 0, when f is a code (f={f!r})")
        table = _as_tables(f)
        n = table.shape[-1].bit_length() - 1
        codes = np.atleast_1d(to_code(table)).astype(np.uint64)
        scalar = table.ndim == 1
    else:
        n = _check_n(n)
        try:  # boolean's check names its own argument, "code"; here the caller wrote f
            truth_table(f, n)
        except InvalidArgumentType:
            raise InvalidArgumentType("f", f, "a ±1 truth table, or an int code (or integer array of codes) "
                                      "with n") from None
        except InvalidArgument as err:
            raise InvalidArgument("f", f, err.allowed) from None
        codes = np.atleast_1d(np.asarray(f, dtype=np.uint64))
        if codes.ndim != 1:  # e.g. an empty (3, 0) array passes truth_table's check but holds no code
            raise InvalidArgument("f", f, "an int code or a 1-D array of codes (with n)")
        scalar = np.ndim(f) == 0
    if n > MAX_SWAPS_INPUTS:
        raise InvalidArgument("n", n, f"n <= {MAX_SWAPS_INPUTS} (chambers are enumerated up to n=5)")
    return codes, n, scalar


def swaps(f, n: int | None = None):
    """The exact swaps value (eq. 3.10) by the chamber algorithm; one int or an array.

    ``f`` is a ±1 truth table (or a batch of them), or a code / array of codes with ``n``.

    >>> swaps(1785, 4), swaps(7140, 4)
    (5, 5)
    """
    codes, n, scalar = _codes_and_n(f, n)
    if n == 0:
        result = np.zeros(len(codes), dtype=np.int64)
    else:
        result = _swaps_codes(codes, n)
    return int(result[0]) if scalar else result


def swaps_witness(f, n: int | None = None):
    """``(value, w, order)``: the swaps value, an integer ``w`` attaining it, and its vertex order.

    ``changes_along(f, w) == value`` (checked before returning; `~symrelu.errors.CertificationError`
    if it does not hold).

    >>> value, w, order = swaps_witness(27030, 4)
    >>> value, len(order)
    (4, 16)
    """
    codes, n, _ = _codes_and_n(f, n)
    if codes.size != 1:
        raise InvalidArgument("f", f, "a single function")
    table = truth_table(int(codes[0]), n)
    if n == 0:
        return 0, np.zeros(0, dtype=np.int64), np.array([0])
    (value,), [(gi, ci)] = _swaps_codes(codes, n, witness=True)
    keep, _, _ = _machinery(n)
    perms, masks, maps = hyperoctahedral_group(n)
    g = keep[gi]
    orders, weights = fundamental_chambers(n)
    w0 = weights[ci]
    # (g.f)[i] = f[maps[g][i]], i.e. vertex z = L y with z_k = eps_k y_{perm[k]}; w = L w0.
    eps = 1 - 2 * ((masks[g] >> (n - 1 - np.arange(n))) & 1)
    w = np.zeros(n, dtype=np.int64)
    for k in range(n):
        w[k] = eps[k] * w0[perms[g][k]]
    order = maps[g][orders[ci]]
    check = changes_along(table, w.tolist())
    if check != value or not np.array_equal(np.argsort(vertices(n) @ w, kind="stable"), order):
        raise CertificationError("witness does not reproduce the swaps value")
    return int(value), w, order


def swaps_table(n: int) -> dict:
    """``{canonical code: swaps}`` for every NPN class of n <= 4 inputs (computed, not loaded).

    >>> swaps_table(2)
    {0: 0, 1: 1, 3: 1, 6: 2}
    """
    reps = npn_classes(n)
    values = swaps(reps, n)
    return {int(c): int(v) for c, v in zip(reps, values)}
