"""Eqs. 3.8--3.10 as written: the cube's vertices, the class changes along one ``w``, the minimum over a box."""

from __future__ import annotations

import math
import numbers

import numpy as np

from ..boolean import _as_tables, _check_n
from ..errors import check_limit, CertificationError, InvalidArgument, InvalidArgumentType, SizeLimitExceeded


# Box half-widths K for which {-K..K}^n meets every chamber (asserted in tests/test_swaps.py).
_REFERENCE_BOUND = {0: 1, 1: 1, 2: 2, 3: 4, 4: 10}


def vertices(n: int) -> np.ndarray:
    """The cube's vertices in input order: row i is ``x`` with ``x_k = (-1)^(bit k of i)``.

    >>> vertices(2).tolist()
    [[1, 1], [1, -1], [-1, 1], [-1, -1]]
    """
    n = _check_n(n)
    index = np.arange(1 << n)
    bits = (index[:, None] >> (n - 1 - np.arange(n))) & 1
    return (1 - 2 * bits).astype(np.int64)


def changes_along(f, w):
    """Eq. 3.10's sum for one ``w``: class changes along the order of eq. 3.9.

    Returns ``None`` when ``w`` is not in W (eq. 3.8: it ties two vertices of different
    classes).  ``w`` holds ints or Fractions (exact) or floats (ties then mean exact
    float equality).

    >>> from symrelu.boolean import parity
    >>> changes_along(parity(3), [1, 1, 1]), changes_along(parity(3), [1, 0, 0])
    (3, None)
    """
    table = _as_tables(f)
    if table.ndim != 1:  # one function: a batch would be blamed on w's length below
        raise InvalidArgument("f", f, "a single truth table")
    n = table.shape[-1].bit_length() - 1
    try:
        values = list(w)
    except TypeError:
        raise InvalidArgumentType("w", w, f"a vector of n={n} numbers") from None
    if len(values) != n:
        raise InvalidArgument("w", w, f"a vector of length n={n}, the number of inputs of f={f!r:.60}")
    w = values
    for k, wk in enumerate(w):
        if isinstance(wk, (bool, np.bool_)) or not isinstance(wk, numbers.Real):
            raise InvalidArgumentType(f"w[{k}]", wk, "a real number (int, Fraction or float)")
        if isinstance(wk, (float, np.floating)) and not math.isfinite(wk):
            raise InvalidArgument(f"w[{k}]", wk, "a finite number")
    proj = [sum(wk * xk for wk, xk in zip(w, x)) for x in vertices(n).tolist()]
    order = sorted(range(len(proj)), key=lambda i: proj[i])
    total = 0
    for a, b in zip(order, order[1:]):
        if proj[a] == proj[b] and table[a] != table[b]:
            return None
        total += abs(int(table[b]) - int(table[a])) // 2
    return total


def reference_bound(n: int) -> int:
    """The box half-width K that `swaps_reference` uses by default (n <= 4).

    >>> reference_bound(4)
    10
    """
    n = _check_n(n)
    if n not in _REFERENCE_BOUND:
        raise InvalidArgument("n", n, "n <= 4 (pass bound=K explicitly for larger n)")
    return _REFERENCE_BOUND[n]


def swaps_reference(f, *, bound: int | None = None, return_orderings: bool = False, max_size: int = 1 << 24):
    """The swaps value by the direct definition: eqs. 3.8--3.10 over all integer ``w`` in a box.

    Every ``w`` in ``{-K..K}^n`` is tried (ties allowed if they are in W).  This is exact
    as soon as the box meets every chamber of the arrangement; the default K does for
    n <= 4 (checked in the tests by counting the orderings met).  Cost ``(2K+1)^n``
    sorts of 2^n numbers: refused (`SizeLimitExceeded`) before anything is allocated when
    ``(2K+1)^n 2^n`` exceeds ``max_size`` projections (about 30 bytes each at the peak,
    measured: 0.5 GB at the default limit).

    With ``return_orderings=True`` also returns the set of tie-free orderings met.

    >>> from symrelu.boolean import truth_table
    >>> swaps_reference(truth_table(0b0110, 2))   # XOR
    2
    """
    max_size = check_limit("max_size", max_size)
    table = _as_tables(f)
    if table.ndim != 1:
        raise InvalidArgument("f", f, "a single truth table")
    n = table.shape[-1].bit_length() - 1
    if n == 0:  # no input to order: the box of w is empty (swaps() gives 0 for a constant of no inputs)
        raise InvalidArgument("f", f, "a truth table of n >= 1 inputs (length >= 2)")
    if bound is not None and (isinstance(bound, bool) or not isinstance(bound, (int, np.integer))):
        raise InvalidArgumentType("bound", bound, "an int >= 1 or None")
    K = reference_bound(n) if bound is None else int(bound)
    if K < 1:
        raise InvalidArgument("bound", bound, "an int >= 1")
    size = (2 * K + 1) ** n << n  # the projections held at once (int64 each, a few copies)
    if size > max_size:
        raise SizeLimitExceeded("bound", bound, size=size, limit=max_size, unit="projections", option="max_size")
    axis = np.arange(-K, K + 1)
    grid = np.stack(np.meshgrid(*([axis] * n), indexing="ij"), axis=-1).reshape(-1, n)
    proj = grid @ vertices(n).T  # exact int64
    order = np.argsort(proj, axis=1, kind="stable")
    sorted_proj = np.take_along_axis(proj, order, axis=1)
    values = table[order]
    tie = sorted_proj[:, 1:] == sorted_proj[:, :-1]
    differ = values[:, 1:] != values[:, :-1]
    in_w = ~np.any(tie & differ, axis=1)  # eq. 3.8
    counts = differ.sum(axis=1)  # eq. 3.10: |f(x_{i+1}) - f(x_i)| / 2 summed
    if not in_w.any():
        raise CertificationError("W is never empty: it contains every tie-free w")
    result = int(counts[in_w].min())
    if return_orderings:
        generic = ~tie.any(axis=1)
        return result, {tuple(row) for row in order[generic].tolist()}
    return result
