"""Figures for the training experiments of 000 §4–§5 (numpy inputs; no torch import).

>>> fig = pieces_figure({"default": [3, 5], "law": [30, 32]})
>>> len(fig.axes)
1
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from ..errors import InvalidArgument, InvalidArgumentType  # noqa: E402

__all__ = ["comparison_figure", "fits_figure", "pieces_figure"]


def _rows(name, rows, keys):
    """A non-empty list of dicts holding ``keys``."""
    if isinstance(rows, (str, bytes, dict)) or not isinstance(rows, (list, tuple)) or not rows:
        raise InvalidArgumentType(name, rows, "a non-empty list of dicts")
    for k, r in enumerate(rows):
        if not isinstance(r, dict):
            raise InvalidArgumentType(f"{name}[{k}]", r, "a dict")
        missing = [key for key in keys if key not in r]
        if missing:
            raise InvalidArgument(f"{name}[{k}]", r, f"a dict with the keys {list(keys)} (missing {missing})")
    return rows


def comparison_figure(rows, *, title: str = "Tables 1-2: ours vs 000"):
    """Min and mean MSE per training type, ours next to the paper's, one panel per target.

    ``rows``: dicts with keys ``type``, ``target``, ``ours_min``, ``ours_mean``,
    ``paper_min``, ``paper_mean`` (``None`` where missing).

    >>> fig = comparison_figure([{"type": "law", "target": "x3", "ours_min": 1e-8, "ours_mean": 1e-7,
    ...                           "paper_min": 7.86e-8, "paper_mean": 5.27e-7}])
    >>> fig.axes[0].get_title()
    'x3'
    """
    _rows("rows", rows, ("type", "target"))
    if not isinstance(title, str):
        raise InvalidArgumentType("title", title, "a str")
    targets = list(dict.fromkeys(r["target"] for r in rows))
    types = list(dict.fromkeys(r["type"] for r in rows))
    fig, axes = plt.subplots(1, len(targets), figsize=(3.2 * len(targets), 3.4), squeeze=False, sharey=True)
    for ax, target in zip(axes[0], targets):
        for r in rows:
            if r["target"] != target:
                continue
            i = types.index(r["type"])
            for key, marker, color, dx in (("ours_min", "v", "C0", -0.12), ("ours_mean", "o", "C0", -0.12),
                                           ("paper_min", "v", "C3", 0.12), ("paper_mean", "o", "C3", 0.12)):
                if r.get(key) is not None:
                    ax.plot(i + dx, r[key], marker, color=color, fillstyle="none" if "min" in key else "full")
        ax.set_yscale("log")
        ax.set_xticks(range(len(types)), types, rotation=45)
        ax.set_title(target)
        ax.grid(alpha=0.3)
    axes[0][0].set_ylabel("MSE (v: min, o: mean)")
    axes[0][0].plot([], [], "o", color="C0", label="ours")
    axes[0][0].plot([], [], "o", color="C3", label="000")
    axes[0][0].legend(fontsize=8)
    fig.suptitle(title)
    fig.tight_layout()
    return fig


def fits_figure(panels, *, title: str = ""):
    """Curves against data, one panel each.

    ``panels``: dicts with ``title``, ``grid`` (x of the curves), ``curves``
    (label -> y), and optional ``train`` / ``test`` ``(x, y)`` point sets.

    >>> fig = fits_figure([{"title": "t", "grid": [0, 1], "curves": {"f": [0, 1]}}])
    >>> len(fig.axes)
    1
    """
    _rows("panels", panels, ("title", "grid", "curves"))
    for k, p in enumerate(panels):
        if not isinstance(p["curves"], dict):
            raise InvalidArgumentType(f"panels[{k}]", p, "a panel whose 'curves' is a dict label -> y")
    if not isinstance(title, str):
        raise InvalidArgumentType("title", title, "a str")
    fig, axes = plt.subplots(1, len(panels), figsize=(3.4 * len(panels), 3.2), squeeze=False)
    for ax, p in zip(axes[0], panels):
        for label, yv in p["curves"].items():
            ax.plot(np.asarray(p["grid"]), np.asarray(yv), label=label, lw=1)
        if p.get("train") is not None:
            ax.plot(*map(np.asarray, p["train"]), "k.", label="train")
        if p.get("test") is not None:
            ax.plot(*map(np.asarray, p["test"]), "rx", label="test")
        ax.set_title(p["title"], fontsize=9)
        ax.legend(fontsize=7)
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    return fig


def pieces_figure(pieces, *, title: str = "Linear pieces on [0, 1] of trained networks"):
    """Histogram of the piece counts per training type (``{type: counts}``)."""
    if not isinstance(pieces, dict) or not pieces:
        raise InvalidArgumentType("pieces", pieces, "a non-empty dict {training type: piece counts}")
    for label, counts in pieces.items():
        try:
            c = np.asarray(counts, dtype=float)
        except (TypeError, ValueError):
            raise InvalidArgumentType("pieces", pieces, "piece counts (sequences of ints) as values") from None
        if c.ndim != 1 or c.size == 0 or not np.all(np.isfinite(c)) or np.any(c != np.round(c)) or np.any(c < 0):
            raise InvalidArgument("pieces", pieces, "non-empty sequences of non-negative int piece counts as values")
    if not isinstance(title, str):
        raise InvalidArgumentType("title", title, "a str")
    fig, ax = plt.subplots(figsize=(5, 3.2))
    allc = np.concatenate([np.asarray(v) for v in pieces.values()])
    bins = np.arange(allc.min(), allc.max() + 2) - 0.5
    for label, counts in pieces.items():
        ax.hist(np.asarray(counts), bins=bins, alpha=0.6, label=label)
    ax.set_xlabel("linear pieces (exact CPWL count)")
    ax.set_ylabel("models")
    ax.set_title(title, fontsize=9)
    ax.legend(fontsize=8)
    fig.tight_layout()
    return fig
