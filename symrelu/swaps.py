"""The swaps value of a Boolean function (004 eqs. 3.8--3.10), exactly.

``swaps(f)`` is the least number of class changes along the order in which a linear
projection ``x -> w.x`` lists the cube's vertices, over every ``w`` that never ties
two vertices of different classes (the set W of eq. 3.8).

Two implementations:

* `swaps_reference` evaluates eqs. 3.8--3.10 literally for every integer ``w`` in a
  box ``{-K..K}^n`` (the direct definition; slow).
* `swaps` uses the hyperplane arrangement ``{w : w.(u - v) = 0}`` (u, v vertices).
  A tie-free ``w`` lies in a chamber, every ``w`` in W gives the same count as the
  chambers next to it, so the minimum is over chambers.  The signed permutations
  ``B_n`` (input negations and permutations) permute the chambers freely and
  preserve counts up to relabelling the function, and the fundamental domain
  ``0 < w_1 < ... < w_n`` holds 1, 1, 2, 14, 516 chambers for n = 1..5
  (`fundamental_chambers`, found by walking adjacent chambers with LP feasibility
  and certified by exact integer witnesses).  So
  ``swaps(f) = min over g in B_n / {+-1}, chambers C of changes(g.f along C)``,
  evaluated with bit tricks on the function's code.

>>> from symrelu.boolean import parity
>>> [swaps(parity(n)) for n in range(1, 5)]
[1, 2, 3, 4]
"""

from __future__ import annotations

import hashlib
import json
import math
import numbers
import os
import sys
import time
import zipfile
from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy as np

from ._files import npz_path, replacing
from .boolean import _as_tables, _check_n, to_code, truth_table
from .errors import CertificationError, InvalidArgument, InvalidArgumentType, SizeLimitExceeded, SymreluError
from .npn import BitPermuter, hyperoctahedral_group, npn_canonical, npn_class_count

__all__ = [
    "vertices",
    "changes_along",
    "swaps_reference",
    "reference_bound",
    "fundamental_chambers",
    "compute_fundamental_chambers",
    "swaps",
    "swaps_witness",
    "swaps_table",
    "scan_chunk",
    "chunk_bounds",
    "recompute",
    "load_results",
]

#: Largest n whose chambers are shipped / computed by this module.
MAX_SWAPS_INPUTS = 5

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
    n = table.shape[-1].bit_length() - 1
    try:
        values = list(w)
    except TypeError:
        raise InvalidArgumentType("w", w, f"a vector of n={n} numbers") from None
    if len(values) != n:
        raise InvalidArgument("w", w, f"a vector of length n={n}")
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
    table = _as_tables(f)
    if table.ndim != 1:
        raise InvalidArgument("f", f, "a single truth table")
    n = table.shape[-1].bit_length() - 1
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


# ---------------------------------------------------------------- chambers


def _lp_point(rows: np.ndarray):
    """A point with ``rows @ w >= 1`` (an open cone is nonempty iff this is feasible), or None."""
    from scipy.optimize import linprog

    n = rows.shape[1]
    res = linprog(np.zeros(n), A_ub=-rows, b_ub=-np.ones(len(rows)), bounds=[(None, None)] * n, method="highs")
    return res.x if res.status == 0 else None


def _certify(order, rows_x, w_float):
    """An integer w inducing exactly ``order`` (ascending, tie-free), from an LP point; or None."""
    n = rows_x.shape[1]
    for scale in (n + 1, 10 * (n + 1), 1000 * (n + 1)):
        w = np.rint(np.asarray(w_float) * scale).astype(np.int64)
        proj = rows_x @ w
        ordered = proj[list(order)]
        weyl = w[0] > 0 and all(w[k + 1] > w[k] for k in range(n - 1))
        if weyl and np.all(np.diff(ordered) > 0):
            return w
    return None


def _check_chamber_n(n):
    n = _check_n(n)
    if not 1 <= n <= MAX_SWAPS_INPUTS:  # n = 0 has no arrangement (one vertex, no walls)
        raise InvalidArgument("n", n, f"an int in 1..{MAX_SWAPS_INPUTS}")
    return n


def compute_fundamental_chambers(n: int):
    """Chambers of the arrangement inside ``0 < w_1 < ... < w_n``, by walking adjacent chambers.

    Each chamber is the vertex order it induces (ascending ``w.x``) with an integer
    witness ``w`` checked exactly (integer arithmetic, strict inequalities).
    Neighbours are found by crossing a wall: all vertex pairs with the wall's
    difference vector swap at once; an LP (HiGHS) decides whether the new order is
    realizable.  Returns ``(orders, weights)`` sorted lexicographically.

    >>> orders, weights = compute_fundamental_chambers(3)
    >>> len(orders)
    2
    """
    n = _check_chamber_n(n)
    X = vertices(n)
    size = 1 << n
    index_of = {tuple(x): i for i, x in enumerate(X.tolist())}
    weyl_rows = [np.eye(n, dtype=np.int64)[0]] + [
        np.eye(n, dtype=np.int64)[k + 1] - np.eye(n, dtype=np.int64)[k] for k in range(n - 1)
    ]
    w0 = np.array([1 << k for k in range(n)], dtype=np.int64)
    start = tuple(np.argsort(X @ w0, kind="stable").tolist())
    found = {start: w0}
    queue = [start]
    tried = set()
    while queue:
        order = queue.pop()
        pos = {v: p for p, v in enumerate(order)}
        for p in range(size - 1):
            d = X[order[p + 1]] - X[order[p]]
            new = list(order)
            ok = True
            for u in range(size):
                v = index_of.get(tuple(X[u] + d))
                if v is None:
                    continue
                if pos[v] != pos[u] + 1:  # the wall's pairs must all be adjacent
                    ok = False
                    break
                new[pos[u]], new[pos[v]] = v, u
            new = tuple(new)
            if not ok or new in found or new in tried:
                continue
            tried.add(new)
            rows = np.array([X[new[q + 1]] - X[new[q]] for q in range(size - 1)] + weyl_rows)
            point = _lp_point(rows)
            if point is None:
                continue
            w = _certify(new, X, point)
            if w is None:
                raise CertificationError(f"could not certify an LP point for order {new}")
            found[new] = w
            queue.append(new)
    keys = sorted(found)
    return np.array(keys, dtype=np.int64).reshape(len(keys), size), np.array([found[k] for k in keys], dtype=np.int64)


def _data_path(name: str):
    return resources.files("symrelu").joinpath("data", name)


@lru_cache(maxsize=None)
def fundamental_chambers(n: int):
    """The fundamental chambers ``(orders, weights)`` for n inputs: shipped data, else computed.

    The shipped file ``symrelu/data/swaps_chambers.npz`` was written by
    `compute_fundamental_chambers`; every witness is re-checked on load
    (`~symrelu.errors.CertificationError` if one fails).

    >>> [len(fundamental_chambers(n)[0]) for n in range(1, 5)]
    [1, 1, 2, 14]
    """
    n = _check_chamber_n(n)
    orders = weights = None
    path = _data_path("swaps_chambers.npz")
    if path.is_file():
        with path.open("rb") as fh, np.load(fh) as data:
            if f"orders_{n}" in data:
                orders, weights = data[f"orders_{n}"], data[f"weights_{n}"]
    if orders is None:
        orders, weights = compute_fundamental_chambers(n)
    proj = weights @ vertices(n).T
    ordered = np.take_along_axis(proj, orders, axis=1)
    if not np.all(np.diff(ordered, axis=1) > 0) or len({tuple(o) for o in orders.tolist()}) != len(orders):
        raise CertificationError(f"shipped chambers for n={n} fail their exact witness check")
    orders.setflags(write=False)
    weights.setflags(write=False)
    return orders, weights


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
        table = _as_tables(f)
        n = table.shape[-1].bit_length() - 1
        codes = np.atleast_1d(to_code(table)).astype(np.uint64)
        scalar = table.ndim == 1
    else:
        n = _check_n(n)
        truth_table(f, n)
        codes = np.atleast_1d(np.asarray(f, dtype=np.uint64))
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


# ---------------------------------------------------------------- all classes / sweeps


def swaps_table(n: int) -> dict:
    """``{canonical code: swaps}`` for every NPN class of n <= 4 inputs (computed, not loaded).

    >>> swaps_table(2)
    {0: 0, 1: 1, 3: 1, 6: 2}
    """
    from .npn import npn_classes

    reps = npn_classes(n)
    values = swaps(reps, n)
    return {int(c): int(v) for c, v in zip(reps, values)}


@lru_cache(maxsize=None)
def _prefilter(n: int) -> BitPermuter:
    # cheap rejection: a canonical code is <= its images under these group elements
    perms, masks, maps = hyperoctahedral_group(n)
    ident = tuple(range(n))
    chosen = []
    for g in range(len(masks)):
        p = tuple(perms[g])
        moved = sum(a != b for a, b in zip(p, ident))
        if (p == ident and bin(int(masks[g])).count("1") <= 2) or (moved == 2 and masks[g] == 0):
            chosen.append(g)
    return BitPermuter(maps[chosen])


#: Format version of checkpoint parts and result tables (part of every hash).
_FORMAT_VERSION = 1
#: `recompute`'s job count when none is given, and the most it accepts unless ``max_chunks`` is raised.
DEFAULT_CHUNKS, MAX_CHUNKS = 1024, 1 << 16


def _content_hash(meta: dict, codes, values) -> str:
    """sha256 of the parameters and the arrays (codes as little-endian uint64, swaps as uint8)."""
    digest = hashlib.sha256(json.dumps(meta, sort_keys=True).encode())
    digest.update(np.ascontiguousarray(codes, dtype="<u8").tobytes())
    digest.update(np.ascontiguousarray(values, dtype=np.uint8).tobytes())
    return digest.hexdigest()


def _part_meta(n: int, start: int, stop: int, chunks: int | None = None, index: int | None = None) -> dict:
    meta = {"format": "symrelu.swaps part", "version": _FORMAT_VERSION, "n": n, "start": start, "stop": stop}
    if chunks is not None:
        meta.update(chunks=chunks, index=index)
    return meta


def _write_part(path, meta: dict, codes, values) -> None:
    with replacing(path) as tmp, open(tmp, "wb") as fh:  # a reader never sees a half-written file
        np.savez(fh, codes=codes, swaps=values, meta=np.array(json.dumps(meta, sort_keys=True)),
                 sha256=np.array(_content_hash(meta, codes, values)))


def _read_part(path, meta: dict):
    """The ``(codes, swaps)`` of a checkpoint part, once it is shown to be the part ``meta`` describes.

    Checks, in order: it reads as an npz with the four fields, its recorded
    parameters equal ``meta`` (n, range, chunks, index, format version), its
    sha256 matches its arrays, its codes increase strictly inside the range,
    every value is a possible swaps count, and every code is NPN canonical.
    Anything else raises `InvalidArgument` naming the file: a resumed run
    never merges a part it cannot vouch for (delete the file to recompute it).
    """
    n = meta["n"]
    where = ", ".join(f"{k}={meta[k]}" for k in ("n", "chunks", "index", "start", "stop") if k in meta)

    def refuse(why):
        raise InvalidArgument("checkpoint", str(path), f"a part written by recompute for {where}",
                              f"{why}; delete the file to recompute that chunk.")

    try:
        with np.load(path, allow_pickle=False) as data:
            codes, values, stored, digest = (data[k] for k in ("codes", "swaps", "meta", "sha256"))
        stored = json.loads(str(stored))
    except (OSError, EOFError, KeyError, ValueError, zipfile.BadZipFile) as exc:  # truncated, not npz, old format
        refuse(f"It cannot be read ({type(exc).__name__}: {exc})")
    if stored != meta:
        refuse(f"It records {stored}")
    if codes.dtype != np.uint64 or values.dtype != np.uint8 or codes.ndim != 1 or codes.shape != values.shape:
        refuse("Its arrays have the wrong types or shapes")
    if str(digest) != _content_hash(meta, codes, values):
        refuse("Its sha256 does not match its arrays")
    if codes.size and (codes[0] < meta["start"] or codes[-1] >= meta["stop"] or np.any(codes[1:] <= codes[:-1])):
        refuse("Its codes do not increase strictly inside [start, stop)")
    if np.any(values >= max(1, 1 << n)):
        refuse(f"It holds a swaps value above 2^{n} - 1")
    for lo in range(0, codes.size, 4096):  # blocks: 4096 codes x |B_n| images at a time
        block = codes[lo:lo + 4096]
        if not np.array_equal(npn_canonical(block, n), block):
            refuse("It holds codes that are not NPN canonical")
    return codes, values


def _check_table(n: int, codes, done: int, chunks: int) -> None:
    """Every class at most once, and every class exactly once when all chunks are done (else SymreluError)."""
    if codes.size and np.any(codes[1:] <= codes[:-1]):
        raise SymreluError(f"swaps table for n={n}: a class appears twice")
    expected = npn_class_count(n)
    if len(codes) > expected or (done == chunks and len(codes) != expected):
        raise SymreluError(f"swaps table for n={n}: {len(codes)} classes from {done} of {chunks} chunks, "
                           f"but n={n} has {expected} NPN classes")


def scan_chunk(n: int, start: int, stop: int, save_to: str | None = None):
    """Sweep job: the NPN classes whose canonical code lies in ``[start, stop)`` and their swaps.

    Module-level and picklable (runs on any executor, a Dask cluster included).
    Returns ``(codes, swaps)`` as uint64 / uint8 arrays; with ``save_to`` (a file
    path) the job also writes them there itself, atomically, as soon as it is
    done, with its parameters and their sha256 (the checkpoint part format of
    `recompute`).

    >>> codes, values = scan_chunk(3, 0, 128)
    >>> len(codes), int(values.max())
    (14, 3)
    """
    n = _check_n(n)
    if n > MAX_SWAPS_INPUTS:
        raise InvalidArgument("n", n, f"n <= {MAX_SWAPS_INPUTS} (chambers are enumerated up to n=5)")
    for name, value in (("start", start), ("stop", stop)):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
            raise InvalidArgumentType(name, value, "an int")
    start, stop = int(start), int(stop)
    size = 1 << n
    if not 0 <= start <= stop <= 1 << size:
        raise InvalidArgument("start, stop", (start, stop), f"0 <= start <= stop <= 2^{size}")
    reps, values = _scan(n, start, stop)
    if save_to is not None:
        _write_part(save_to, _part_meta(n, start, stop), reps, values)
    return reps, values


def _scan(n: int, start: int, stop: int):
    half = 1 << ((1 << n) - 1)  # the least code of an orbit never has its first output bit set
    stop = min(stop, half)
    block = 1 << 16
    reps = []
    for lo in range(start, max(start, stop), block):
        codes = np.arange(lo, min(lo + block, stop), dtype=np.uint64)
        images = _prefilter(n)(codes)
        codes = codes[np.all(images >= codes[:, None], axis=1)]
        if codes.size:
            reps.append(codes[npn_canonical(codes, n) == codes])
    reps = np.concatenate(reps) if reps else np.zeros(0, dtype=np.uint64)
    values = swaps(reps, n).astype(np.uint8) if reps.size else np.zeros(0, dtype=np.uint8)
    return reps, values


def _part_job(n: int, start: int, stop: int, path, meta: dict):
    """`recompute`'s job: one chunk, saved with its parameters and hash when ``path`` is given."""
    reps, values = _scan(n, start, stop)
    if path is not None:
        _write_part(path, meta, reps, values)
    return reps, values


class _TimeUp(Exception):
    pass


def _check_chunks(chunks, max_chunks):
    if isinstance(chunks, bool) or not isinstance(chunks, (int, np.integer)):
        raise InvalidArgumentType("chunks", chunks, "an int >= 1")
    if chunks < 1:
        raise InvalidArgument("chunks", chunks, "an int >= 1 (the number of jobs)")
    if chunks > max_chunks:
        raise SizeLimitExceeded("chunks", chunks, size=int(chunks), limit=max_chunks, unit="chunks",
                                option="max_chunks")
    return int(chunks)


def chunk_bounds(n: int, chunks: int, *, max_chunks: int = MAX_CHUNKS) -> list[int]:
    """Job boundaries over the candidate codes ``[0, 2^(2^n - 1))``: fine where classes are dense.

    Canonical codes are least in their orbit of up to ``2^(n+1) n!`` codes, so they
    are densest at small codes (for n = 5 about two thirds lie below 2^23, the rest
    up to parity's 1,771,476,585).  Half of the chunks split ``[0, 2^(2^n - 9))``
    evenly, half the rest; one chunk is the whole range.  The bounds always run
    from 0 to ``2^(2^n - 1)`` (duplicates dropped, so there may be fewer chunks).

    >>> chunk_bounds(5, 4)
    [0, 4194304, 8388608, 1077936128, 2147483648]
    >>> chunk_bounds(4, 1)
    [0, 32768]
    """
    n = _check_n(n)
    chunks = _check_chunks(chunks, max_chunks)
    half = 1 << ((1 << n) - 1)
    dense = min(half, 1 << max(0, (1 << n) - 9))
    if dense == half or chunks == 1:  # one part: every chunk spans [0, half) evenly
        bounds = [(half * k) // chunks for k in range(chunks + 1)]
    else:  # both parts get at least one chunk, so the last bound is always half
        low = chunks // 2
        high = chunks - low
        bounds = [(dense * k) // low for k in range(low + 1)]
        bounds += [dense + ((half - dense) * k) // high for k in range(1, high + 1)]
    bounds = sorted(set(bounds))
    if bounds[0] != 0 or bounds[-1] != half:  # guards the code itself: the chunks must cover every code
        raise CertificationError(f"chunk bounds {bounds[:3]}...{bounds[-3:]} do not cover [0, {half})")
    return bounds


def recompute(n: int, *, chunks: int | None = None, checkpoint: str | os.PathLike | None = None,
              executor=None, max_workers: int | None = None, progress: bool = True,
              max_seconds: float | None = None, seed: int = 0, max_chunks: int = MAX_CHUNKS):
    """Recompute every NPN class's swaps value for n inputs as a resumable `symrelu.parallel.sweep`.

    The codes below ``2^(2^n - 1)`` are split into ``chunks`` jobs (`scan_chunk`,
    boundaries from `chunk_bounds`; default 1024, at most ``max_chunks``).
    With ``checkpoint`` (a directory) each finished job is saved there and skipped on
    the next call; once ``max_seconds`` have passed the pending jobs are cancelled
    (running ones finish and save) -- ``max_seconds=0`` runs nothing and only merges
    the checkpoint.
    Jobs run in an order shuffled by ``seed``, so the chunks finished by a partial
    run are a uniform random sample of all chunks; each job saves its own result
    (on a cluster the checkpoint directory must be shared).  Returns
    ``(codes, swaps, done, chunks)``, codes increasing.

    Each checkpoint part ``n{n}_c{chunks}_{k}.npz`` records its parameters (n,
    chunks, its index and code range, the format version) and the sha256 of
    those and its arrays.  A part that cannot be read (truncated), records other
    parameters, fails its hash or holds codes outside its range or not canonical
    is refused with `InvalidArgument` naming the file, never merged or silently
    recomputed: delete it to have that chunk recomputed.  The table is then
    checked before it is returned: no class twice, and, when every chunk is
    done, exactly as many classes as `symrelu.npn.npn_class_count` (else
    `SymreluError`).

    >>> codes, values, done, total = recompute(3, chunks=4, executor="serial", progress=False)
    >>> len(codes), done == total
    (14, True)
    """
    from .parallel import Progress, sweep

    n = _check_n(n)
    if n > MAX_SWAPS_INPUTS:
        raise InvalidArgument("n", n, f"n <= {MAX_SWAPS_INPUTS} (chambers are enumerated up to n=5)")
    bounds = chunk_bounds(n, DEFAULT_CHUNKS if chunks is None else chunks, max_chunks=max_chunks)
    if max_workers is not None and (isinstance(max_workers, bool) or not isinstance(max_workers, (int, np.integer))
                                    or max_workers < 1):
        raise InvalidArgument("max_workers", max_workers, "None or an int >= 1")
    if max_seconds is not None:
        if isinstance(max_seconds, bool) or not isinstance(max_seconds, numbers.Real):
            raise InvalidArgumentType("max_seconds", max_seconds, "None or a number of seconds >= 0")
        if not (math.isfinite(max_seconds) and max_seconds >= 0):
            raise InvalidArgument("max_seconds", max_seconds, "None or a finite number of seconds >= 0")
        if checkpoint is None:
            raise InvalidArgument("max_seconds", max_seconds, "None unless a checkpoint directory is given",
                                  "A run stopped early keeps its finished chunks only in a checkpoint.")
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise InvalidArgument("seed", seed, "an int >= 0")
    store = Path(checkpoint) if checkpoint is not None else None
    if store is not None and store.exists() and not store.is_dir():
        raise InvalidArgument("checkpoint", checkpoint, "a directory (or a new name for one)")
    chunks = len(bounds) - 1
    metas = [_part_meta(n, bounds[k], bounds[k + 1], chunks, k) for k in range(chunks)]
    results = {}

    def path(k):
        return store / f"n{n}_c{chunks}_{k:05d}.npz" if store else None

    if store:
        store.mkdir(parents=True, exist_ok=True)
        for k in range(chunks):
            if path(k).exists():
                results[k] = _read_part(path(k), metas[k])
    shuffled = np.random.default_rng(seed).permutation(chunks).tolist()
    todo = [k for k in shuffled if k not in results]
    if max_seconds is not None and max_seconds <= 0:
        todo = []  # only merge what the checkpoint holds
    began = time.monotonic()
    base = len(results)

    bar = Progress(chunks, f"swaps n={n}", unit="chunks", initial=base, enabled=bool(progress) and bool(todo))

    def report(done, total):
        bar(base + done)
        if max_seconds is not None and time.monotonic() - began > max_seconds and done < total:
            raise _TimeUp  # sweep cancels the pending jobs; running ones finish and save themselves

    if todo:
        try:
            out = sweep(_part_job, [(n, bounds[k], bounds[k + 1], path(k) and str(path(k)), metas[k]) for k in todo],
                        executor=executor, max_workers=max_workers, progress=report)
            results.update(zip(todo, out))
        except _TimeUp:
            pass  # max_seconds needs a checkpoint (checked above): the finished chunks are read back below
    if store:
        for k in range(chunks):
            if k not in results and path(k).exists():
                results[k] = _read_part(path(k), metas[k])
    bar.close()
    keys = sorted(results)  # chunk order: codes increase across parts
    codes = np.concatenate([results[k][0] for k in keys]) if keys else np.zeros(0, dtype=np.uint64)
    values = np.concatenate([results[k][1] for k in keys]) if keys else np.zeros(0, dtype=np.uint8)
    _check_table(n, codes, len(keys), chunks)
    return codes, values, len(keys), chunks


def _table_meta(n: int, done: int, chunks: int) -> dict:
    return {"format": "symrelu.swaps table", "version": _FORMAT_VERSION, "n": n, "done": done, "chunks": chunks}


def load_results(n: int):
    """The shipped swaps results for n inputs: ``dict`` with codes, swaps, chunks done/total.

    The table is checked on load: codes increasing (no class twice), one value
    each, and all `symrelu.npn.npn_class_count` classes when it says it is
    complete; files that record a sha256 (those written since the checkpoint
    format has one) must match it.

    >>> data = load_results(4)
    >>> len(data["codes"]), int(data["swaps"].max()), data["complete"]
    (222, 5, True)
    """
    n = _check_n(n)
    path = _data_path(f"swaps_n{n}.npz")
    if not path.is_file():
        raise InvalidArgument("n", n, "an n with shipped results (run python -m symrelu.swaps recompute)")
    return _load_table(path, n)


def _load_table(path, n: int) -> dict:
    """A table written by ``python -m symrelu.swaps recompute --output``, checked as `load_results` says."""
    with path.open("rb") as fh, np.load(fh) as data:
        out = {key: data[key] for key in data.files}
    done, chunks = int(out["done"]), int(out["chunks"])
    codes = out["codes"].astype(np.uint64)
    if "sha256" in out and str(out["sha256"]) != _content_hash(_table_meta(n, done, chunks), codes, out["swaps"]):
        raise SymreluError(f"shipped swaps results for n={n} ({path}) fail their sha256 check")
    if codes.shape != out["swaps"].shape:
        raise SymreluError(f"shipped swaps results for n={n} ({path}) hold {codes.shape} codes, "
                           f"{out['swaps'].shape} values")
    _check_table(n, codes, done, chunks)
    out["complete"] = done == chunks
    return out


def _main(argv=None):
    from ._cli import Parser, folder, int_in, output_file, real_in

    parser = Parser(prog="python -m symrelu.swaps", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    rec = sub.add_parser("recompute", help="recompute swaps values of all NPN classes")
    rec.add_argument("--n", type=int_in(0, MAX_SWAPS_INPUTS), required=True)
    rec.add_argument("--chunks", type=int_in(1, MAX_CHUNKS), default=None,
                     help=f"number of jobs (default {DEFAULT_CHUNKS})")
    rec.add_argument("--checkpoint", type=folder, default=None, help="directory for resumable per-chunk results")
    rec.add_argument("--workers", type=int_in(1), default=None)
    rec.add_argument("--serial", action="store_true", help="run in this process")
    rec.add_argument("--max-seconds", type=real_in(0), default=None,
                     help="stop starting jobs after this many seconds (needs --checkpoint; 0: only merge it)")
    rec.add_argument("--seed", type=int_in(0), default=0, help="seed of the job order")
    rec.add_argument("--output", type=output_file, default=None, help="write the npz here (default: print a summary)")
    cham = sub.add_parser("chambers", help="recompute the fundamental chambers for n = 1..N")
    cham.add_argument("--max-n", type=int_in(1, MAX_SWAPS_INPUTS), default=MAX_SWAPS_INPUTS)
    cham.add_argument("--output", type=output_file, required=True)
    args = parser.parse_args(argv)
    if args.command == "chambers":
        output = npz_path(args.output)
        output_file(output)  # the name numpy writes (.npz appended) must be writable too
        arrays = {}
        for n in range(1, args.max_n + 1):
            t0 = time.perf_counter()
            orders, weights = compute_fundamental_chambers(n)
            arrays[f"orders_{n}"], arrays[f"weights_{n}"] = orders.astype(np.uint8), weights
            print(f"n={n}: {len(orders)} fundamental chambers in {time.perf_counter() - t0:.1f} s")
        with replacing(output) as tmp:
            np.savez_compressed(tmp, **arrays)
        return 0
    if args.max_seconds is not None and args.checkpoint is None:
        rec.error("--max-seconds needs --checkpoint (a run stopped early keeps its chunks only there)")
    if args.output is not None:
        output_file(npz_path(args.output))
    t0 = time.perf_counter()
    codes, values, done, chunks = recompute(
        args.n, chunks=args.chunks, checkpoint=args.checkpoint,
        executor="serial" if args.serial else None, max_workers=args.workers, max_seconds=args.max_seconds,
        seed=args.seed,
    )
    seconds = time.perf_counter() - t0
    dist = {int(v): int(c) for v, c in zip(*np.unique(values, return_counts=True))}
    print(json.dumps({"n": args.n, "classes": len(codes), "chunks_done": done, "chunks": chunks,
                      "complete": done == chunks, "distribution": dist, "max": max(dist) if dist else None,
                      "seconds": round(seconds, 1)}))
    if args.output:
        small = codes.astype(np.uint32) if args.n <= 5 else codes  # halves the shipped file
        digest = _content_hash(_table_meta(args.n, done, chunks), codes, values)
        with replacing(npz_path(args.output)) as tmp:  # codes already increase (checked by recompute)
            np.savez_compressed(tmp, codes=small, swaps=values, done=done, chunks=chunks, n=args.n,
                                sha256=np.array(digest))
    return 0


if __name__ == "__main__":
    from ._cli import run_main

    sys.exit(run_main(_main))
