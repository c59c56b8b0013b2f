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

import argparse
import json
import os
import sys
import time
from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy as np

from ._files import npz_path, replacing
from .boolean import _as_tables, _check_n, to_code, truth_table
from .errors import InvalidArgument
from .npn import BitPermuter, hyperoctahedral_group, npn_canonical

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
    w = list(w)
    if len(w) != n:
        raise InvalidArgument("w", w, f"a vector of length n={n}")
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


def swaps_reference(f, *, bound: int | None = None, return_orderings: bool = False):
    """The swaps value by the direct definition: eqs. 3.8--3.10 over all integer ``w`` in a box.

    Every ``w`` in ``{-K..K}^n`` is tried (ties allowed if they are in W).  This is exact
    as soon as the box meets every chamber of the arrangement; the default K does for
    n <= 4 (checked in the tests by counting the orderings met).  Cost ``(2K+1)^n``
    sorts of 2^n numbers.

    With ``return_orderings=True`` also returns the set of tie-free orderings met.

    >>> from symrelu.boolean import truth_table
    >>> swaps_reference(truth_table(0b0110, 2))   # XOR
    2
    """
    table = _as_tables(f)
    if table.ndim != 1:
        raise InvalidArgument("f", f, "a single truth table")
    n = table.shape[-1].bit_length() - 1
    K = reference_bound(n) if bound is None else int(bound)
    if K < 1:
        raise InvalidArgument("bound", bound, "an int >= 1")
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
        raise AssertionError("W is never empty: it contains every tie-free w")
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
    n = _check_n(n)
    if n > MAX_SWAPS_INPUTS:
        raise InvalidArgument("n", n, f"n <= {MAX_SWAPS_INPUTS}")
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
                raise ArithmeticError(f"could not certify an LP point for order {new}")
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
    `compute_fundamental_chambers`; every witness is re-checked on load.

    >>> [len(fundamental_chambers(n)[0]) for n in range(1, 5)]
    [1, 1, 2, 14]
    """
    n = _check_n(n)
    if n > MAX_SWAPS_INPUTS:
        raise InvalidArgument("n", n, f"n <= {MAX_SWAPS_INPUTS}")
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
        raise ArithmeticError(f"shipped chambers for n={n} fail their exact witness check")
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

    ``changes_along(f, w) == value`` (checked before returning).

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
        raise ArithmeticError("witness does not reproduce the swaps value")
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


def scan_chunk(n: int, start: int, stop: int, save_to: str | None = None):
    """Sweep job: the NPN classes whose canonical code lies in ``[start, stop)`` and their swaps.

    Module-level and picklable (runs on any executor, a Dask cluster included).
    Returns ``(codes, swaps)`` as uint64 / uint8 arrays; with ``save_to`` (a file
    path) the job also writes them there itself, atomically, as soon as it is done.

    >>> codes, values = scan_chunk(3, 0, 128)
    >>> len(codes), int(values.max())
    (14, 3)
    """
    n = _check_n(n)
    size = 1 << n
    if not 0 <= start <= stop <= 1 << size:
        raise InvalidArgument("start, stop", (start, stop), f"0 <= start <= stop <= 2^{size}")
    half = 1 << (size - 1)  # the least code of an orbit never has its first output bit set
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
    if save_to is not None:
        with replacing(save_to) as tmp, open(tmp, "wb") as fh:  # a reader never sees a half-written file
            np.savez(fh, codes=reps, swaps=values)
    return reps, values


class _TimeUp(Exception):
    pass


def chunk_bounds(n: int, chunks: int) -> list[int]:
    """Job boundaries over the candidate codes ``[0, 2^(2^n - 1))``: fine where classes are dense.

    Canonical codes are least in their orbit of up to ``2^(n+1) n!`` codes, so they
    are densest at small codes (for n = 5 about two thirds lie below 2^23, the rest
    up to parity's 1,771,476,585).  Half of the chunks split ``[0, 2^(2^n - 9))``
    evenly, half the rest.

    >>> chunk_bounds(5, 4)
    [0, 4194304, 8388608, 1077936128, 2147483648]
    """
    n = _check_n(n)
    half = 1 << ((1 << n) - 1)
    dense = min(half, 1 << max(0, (1 << n) - 9))
    low = max(1, chunks // 2) if dense < half else max(1, chunks)
    high = max(0, chunks - low) if dense < half else 0
    bounds = [(dense * k) // low for k in range(low + 1)]
    if high:
        bounds += [dense + ((half - dense) * k) // high for k in range(1, high + 1)]
    return sorted(set(bounds))


def recompute(n: int, *, chunks: int | None = None, checkpoint: str | os.PathLike | None = None,
              executor=None, max_workers: int | None = None, progress: bool = True,
              max_seconds: float | None = None, seed: int = 0):
    """Recompute every NPN class's swaps value for n inputs as a resumable `symrelu.parallel.sweep`.

    The codes below ``2^(2^n - 1)`` are split into ``chunks`` jobs (`scan_chunk`,
    boundaries from `chunk_bounds`).
    With ``checkpoint`` (a directory) each finished job is saved there and skipped on
    the next call; once ``max_seconds`` have passed the pending jobs are cancelled
    (running ones finish and save) -- ``max_seconds=0`` runs nothing and only merges
    the checkpoint.
    Jobs run in an order shuffled by ``seed``, so the chunks finished by a partial
    run are a uniform random sample of all chunks; each job saves its own result
    (on a cluster the checkpoint directory must be shared).  Returns
    ``(codes, swaps, done, chunks)``.

    >>> codes, values, done, total = recompute(3, chunks=4, executor="serial", progress=False)
    >>> len(codes), done == total
    (14, True)
    """
    from .parallel import sweep

    n = _check_n(n)
    chunks = int(chunks or 1024)
    bounds = chunk_bounds(n, chunks)
    chunks = len(bounds) - 1
    jobs = [(n, bounds[k], bounds[k + 1]) for k in range(chunks)]
    store = Path(checkpoint) if checkpoint else None
    results = {}
    if store:
        store.mkdir(parents=True, exist_ok=True)
        for k in range(chunks):
            part = store / f"n{n}_c{chunks}_{k:05d}.npz"
            if part.exists():
                with np.load(part) as data:
                    results[k] = (data["codes"], data["swaps"])
    shuffled = np.random.default_rng(seed).permutation(chunks).tolist()
    todo = [k for k in shuffled if k not in results]
    if max_seconds is not None and max_seconds <= 0:
        todo = []  # only merge what the checkpoint holds
    began = time.monotonic()
    base = len(results)

    def report(done, total):
        if progress:
            width = 40
            finished = base + done
            bar = "#" * (width * finished // chunks)
            print(f"\r[{bar:<{width}}] {finished}/{chunks} chunks", end="", file=sys.stderr, flush=True)
        if max_seconds is not None and time.monotonic() - began > max_seconds and done < total:
            raise _TimeUp  # sweep cancels the pending jobs; running ones finish and save themselves

    def path(k):
        return str(store / f"n{n}_c{chunks}_{k:05d}.npz") if store else None

    if todo:
        try:
            out = sweep(scan_chunk, [jobs[k] + (path(k),) for k in todo], executor=executor,
                        max_workers=max_workers, progress=report)
            results.update(zip(todo, out))
        except _TimeUp:
            if store is None:
                raise InvalidArgument("max_seconds", max_seconds, "None unless a checkpoint directory is given")
    if store:
        for k in range(chunks):
            part = store / f"n{n}_c{chunks}_{k:05d}.npz"
            if k not in results and part.exists():
                with np.load(part) as data:
                    results[k] = (data["codes"], data["swaps"])
    if progress:
        print(file=sys.stderr)
    keys = sorted(results)
    codes = np.concatenate([results[k][0] for k in keys]) if keys else np.zeros(0, dtype=np.uint64)
    values = np.concatenate([results[k][1] for k in keys]) if keys else np.zeros(0, dtype=np.uint8)
    return codes, values, len(keys), chunks


def load_results(n: int):
    """The shipped swaps results for n inputs: ``dict`` with codes, swaps, chunks done/total.

    >>> data = load_results(4)
    >>> len(data["codes"]), int(data["swaps"].max()), data["complete"]
    (222, 5, True)
    """
    n = _check_n(n)
    path = _data_path(f"swaps_n{n}.npz")
    if not path.is_file():
        raise InvalidArgument("n", n, "an n with shipped results (run python -m symrelu.swaps recompute)")
    with path.open("rb") as fh, np.load(fh) as data:
        out = {key: data[key] for key in data.files}
    out["complete"] = bool(int(out["done"]) == int(out["chunks"]))
    return out


def _main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m symrelu.swaps", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    rec = sub.add_parser("recompute", help="recompute swaps values of all NPN classes")
    rec.add_argument("--n", type=int, required=True)
    rec.add_argument("--chunks", type=int, default=None)
    rec.add_argument("--checkpoint", default=None, help="directory for resumable per-chunk results")
    rec.add_argument("--workers", type=int, default=None)
    rec.add_argument("--serial", action="store_true", help="run in this process")
    rec.add_argument("--max-seconds", type=float, default=None)
    rec.add_argument("--seed", type=int, default=0, help="seed of the job order")
    rec.add_argument("--output", default=None, help="write the npz here (default: print a summary)")
    cham = sub.add_parser("chambers", help="recompute the fundamental chambers for n = 1..N")
    cham.add_argument("--max-n", type=int, default=MAX_SWAPS_INPUTS)
    cham.add_argument("--output", required=True)
    args = parser.parse_args(argv)
    if args.command == "chambers":
        arrays = {}
        for n in range(1, args.max_n + 1):
            t0 = time.perf_counter()
            orders, weights = compute_fundamental_chambers(n)
            arrays[f"orders_{n}"], arrays[f"weights_{n}"] = orders.astype(np.uint8), weights
            print(f"n={n}: {len(orders)} fundamental chambers in {time.perf_counter() - t0:.1f} s")
        with replacing(npz_path(args.output)) as tmp:
            np.savez_compressed(tmp, **arrays)
        return 0
    t0 = time.perf_counter()
    codes, values, done, chunks = recompute(
        args.n, chunks=args.chunks, checkpoint=args.checkpoint,
        executor="serial" if args.serial else None, max_workers=args.workers, max_seconds=args.max_seconds,
        seed=args.seed,
    )
    seconds = time.perf_counter() - t0
    dist = {int(v): int(c) for v, c in zip(*np.unique(values, return_counts=True))}
    print(json.dumps({"n": args.n, "classes": len(codes), "chunks_done": done, "chunks": chunks,
                      "distribution": dist, "max": max(dist) if dist else None,
                      "seconds": round(seconds, 1)}))
    if args.output:
        order = np.argsort(codes)
        small = codes.astype(np.uint32) if args.n <= 5 else codes  # halves the shipped file
        with replacing(npz_path(args.output)) as tmp:
            np.savez_compressed(tmp, codes=small[order], swaps=values[order], done=done, chunks=chunks)
    return 0


if __name__ == "__main__":
    sys.exit(_main())
