"""The chambers of the arrangement ``{w : w.(u - v) = 0}`` in the fundamental domain ``0 < w_1 < ... < w_n``.

Found by walking adjacent chambers with an LP (SciPy's HiGHS) and certified by
exact integer witnesses; the shipped ones are re-checked on load.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

import numpy as np

from ..boolean import _check_n
from ..errors import CertificationError, InvalidArgument
from ._reference import vertices


#: Largest n whose chambers are shipped / computed by this module.
MAX_SWAPS_INPUTS = 5


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
