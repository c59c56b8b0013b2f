"""The chambers of the arrangement ``{w : w.(u - v) = 0}`` in the fundamental domain ``0 < w_1 < ... < w_n``.

Found by walking adjacent chambers, each candidate decided exactly by
`symrelu.polyhedra` (an integer witness inside it, or a proof that it is
empty); the shipped ones are re-checked on load.
"""

from __future__ import annotations

import math
from functools import lru_cache
from importlib import resources

import numpy as np

from ..boolean import _check_n
from ..errors import CertificationError, InvalidArgument
from ..polyhedra import feasible_point
from ._reference import vertices


#: Largest n whose chambers are shipped / computed by this module.
MAX_SWAPS_INPUTS = 5


#: Largest witness entry kept (the projections ``X @ w`` of 0/1 vertices stay far inside int64).
_MAX_WITNESS = 1 << 40


def _witness(rows: np.ndarray):
    """An integer w with ``rows @ w > 0``, or None when that open cone is empty (both decided exactly)."""
    point = feasible_point([(row, 0, True) for row in rows.tolist()], rows.shape[1], float_first=True)
    if point is None:
        return None
    scale = math.lcm(*(q.denominator for q in point))
    w = [int(q * scale) for q in point]
    common = math.gcd(*w)
    w = [v // common for v in w]
    if max(map(abs, w)) > _MAX_WITNESS:  # never seen for n <= 5; refused rather than overflowing int64
        raise CertificationError(f"the exact witness {w} exceeds {_MAX_WITNESS} (int64 projections)")
    return np.array(w, dtype=np.int64)


def _induces(order, rows_x, w) -> bool:
    """Whether the integer ``w`` lies in the fundamental domain and orders the vertices exactly as ``order``."""
    n = rows_x.shape[1]
    ordered = (rows_x @ w)[list(order)]
    return bool(w[0] > 0 and all(w[k + 1] > w[k] for k in range(n - 1)) and np.all(np.diff(ordered) > 0))


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
    difference vector swap at once; `symrelu.polyhedra.feasible_point` decides
    exactly whether the new order is realizable.  Returns ``(orders, weights)`` sorted lexicographically.

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
            w = _witness(rows)
            if w is None:
                continue
            if not _induces(new, X, w):
                raise CertificationError(f"could not certify the witness {w.tolist()} for order {new}")
            found[new] = w
            queue.append(new)
    keys = sorted(found)
    return np.array(keys, dtype=np.int64).reshape(len(keys), size), np.array([found[k] for k in keys], dtype=np.int64)


def _data_path(name: str):
    return resources.files("symrelu").joinpath("data", name)


def fundamental_chambers(n: int):
    """The fundamental chambers ``(orders, weights)`` for n inputs: shipped data, else computed.

    The shipped file ``symrelu/data/swaps_chambers.npz`` was written by
    `compute_fundamental_chambers`; every witness is re-checked on load
    (`~symrelu.errors.CertificationError` if one fails).

    >>> [len(fundamental_chambers(n)[0]) for n in range(1, 5)]
    [1, 1, 2, 14]
    """
    return _fundamental_chambers(_check_chamber_n(n))  # checked first: the cache needs a hashable n


@lru_cache(maxsize=None)
def _fundamental_chambers(n: int):
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
