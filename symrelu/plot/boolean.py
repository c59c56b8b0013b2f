"""Figures for Boolean functions: cube pictures (004 Fig. 3.1) and swaps-value histograms.

>>> fig = cube_figure(0b0110, 2)
>>> len(fig.axes)
2
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from ..boolean import truth_table  # noqa: E402
from ..errors import InvalidArgument, InvalidArgumentType  # noqa: E402
from ..swaps import load_results, swaps_witness, vertices  # noqa: E402

__all__ = ["cube_figure", "swaps_histogram"]

_COLORS = {1: "#1f77b4", -1: "#d62728"}


def _cube_xy(n):
    # oblique drawing: coordinate k of the ±1 vertex moves along its own planar direction
    directions = np.array([[1.0, 0.0], [0.0, 1.0], [0.45, 0.3], [1.6, 1.1], [-0.5, 1.4]])[:n]
    return vertices(n) @ directions * np.array([1.0, 1.0]) / 2


def cube_figure(code: int, n: int, *, w=None):
    """The n-cube (n = 1..4) with vertices coloured by ``f`` and the order a projection ``w`` gives.

    Left: the cube (blue = +1, red = -1).  Right: the vertices on the line at ``w.x``,
    with the number of class changes (eq. 3.10).  ``w`` defaults to a minimizing one
    (`symrelu.swaps.swaps_witness`).

    >>> cube_figure(27030, 4, w=[1, 1, 1, 1]).axes[1].get_title()
    '4 class changes along w = (1, 1, 1, 1)'
    """
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or not 1 <= n <= 4:
        raise InvalidArgument("n", n, "1, 2, 3 or 4 (cube pictures)")
    n = int(n)
    if isinstance(code, bool) or not isinstance(code, (int, np.integer)):
        raise InvalidArgumentType("code", code, "an int (the code of one function)")
    table = truth_table(code, n)
    if w is None:
        _, w, _ = swaps_witness(code, n)
    try:
        w = np.asarray(w, dtype=float)
    except (TypeError, ValueError):
        raise InvalidArgumentType("w", w, f"a vector of {n} real numbers") from None
    if w.shape != (n,) or not np.all(np.isfinite(w)):
        raise InvalidArgument("w", w, f"a vector of {n} finite numbers")
    X = vertices(n)
    xy = _cube_xy(n)
    fig, (ax_cube, ax_line) = plt.subplots(1, 2, figsize=(9, 3.6), gridspec_kw={"width_ratios": [1, 1.4]})
    for i in range(len(X)):
        for k in range(n):
            j = i ^ (1 << (n - 1 - k))
            if j > i:
                ax_cube.plot(*xy[[i, j]].T, color="0.75", lw=1, zorder=1)
    ax_cube.scatter(*xy.T, c=[_COLORS[int(v)] for v in table], s=120, zorder=2, edgecolors="k")
    for i, (x, y) in enumerate(xy):
        label = "".join("0" if c > 0 else "1" for c in X[i])
        ax_cube.annotate(label, (x, y), textcoords="offset points", xytext=(6, 6), fontsize=7)
    ax_cube.set_title(f"f = {code} on {{-1,1}}^{n}")
    ax_cube.set_aspect("equal")
    ax_cube.axis("off")
    proj = X @ w
    order = np.argsort(proj, kind="stable")
    changes = int(np.sum(table[order][1:] != table[order][:-1]))
    ax_line.axhline(0, color="0.6", lw=1, zorder=1)
    ax_line.scatter(proj[order], np.zeros(len(order)), c=[_COLORS[int(v)] for v in table[order]], s=90,
                    edgecolors="k", zorder=2)
    for a, b in zip(order, order[1:]):
        if table[a] != table[b]:
            ax_line.axvline((proj[a] + proj[b]) / 2, color="k", ls=":", lw=1)
    ax_line.set_yticks([])
    ax_line.set_xlabel("w . x")
    w_text = ", ".join(f"{v:g}" for v in w)
    ax_line.set_title(f"{changes} class changes along w = ({w_text})")
    fig.tight_layout()
    return fig


def swaps_histogram(ns=(3, 4, 5)):
    """Histograms of swaps values over NPN classes, from the shipped results of `symrelu.swaps`.

    A partial n = 5 run is labelled with the fraction of chunks done.

    >>> len(swaps_histogram((3, 4)).axes)
    2
    """
    if isinstance(ns, (str, bytes, dict)) or not isinstance(ns, (list, tuple, range)):
        raise InvalidArgumentType("ns", ns, "a sequence of input counts (ints)")
    for k, n in enumerate(ns):
        if isinstance(n, bool) or not isinstance(n, (int, np.integer)):
            raise InvalidArgumentType(f"ns[{k}]", n, "an int")
    panels = []
    for n in ns:
        try:
            panels.append((n, load_results(n)))
        except InvalidArgument:
            continue
    if not panels:
        raise InvalidArgument("ns", ns, "input counts with shipped or recomputed swaps results (e.g. 3, 4, 5)")
    fig, axes = plt.subplots(1, len(panels), figsize=(3.6 * len(panels), 3.2), squeeze=False)
    for ax, (n, data) in zip(axes[0], panels):
        values, counts = np.unique(data["swaps"], return_counts=True)
        ax.bar(values, counts, color="#4c72b0")
        for v, c in zip(values, counts):
            ax.annotate(str(int(c)), (v, c), ha="center", va="bottom", fontsize=8)
        status = "all classes" if data["complete"] else (
            f"partial: {int(data['done'])}/{int(data['chunks'])} jobs,\n{len(data['codes'])} classes")
        ax.set_title(f"n = {n} ({status})", fontsize=9)
        ax.set_xlabel("swaps value")
        ax.set_ylabel("NPN classes")
        ax.set_xticks(values)
    fig.tight_layout()
    return fig
