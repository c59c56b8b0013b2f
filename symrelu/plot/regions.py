"""Pictures of a 2-D `symrelu.regions.RegionComplex`: regions, decision boundary, data points, SVG.

>>> import matplotlib
>>> matplotlib.use("Agg")
>>> from symrelu.network import ReLUNetwork
>>> from symrelu.regions import regions, Box
>>> xor = ReLUNetwork([([[1, 1], [1, 1]], [1, 0]), ([[1, -2]], [-1])])
>>> fig = plot_regions(regions(xor, Box([-2, -2], [2, 2])), color="gradient")
>>> len(fig.axes[0].collections)
2
"""

from __future__ import annotations

import colorsys
import hashlib
import os

import numpy as np

from ..errors import InvalidArgument, InvalidArgumentType

__all__ = ["plot_regions", "save_svg"]

_COLORINGS = ("pattern", "gradient", "output", "class")


def _pattern_colour(bits: str):
    h = int(hashlib.sha1(bits.encode()).hexdigest()[:8], 16)
    return colorsys.hsv_to_rgb((h % 997) / 997, 0.35 + 0.3 * ((h >> 10) % 7) / 6, 0.75 + 0.2 * ((h >> 13) % 5) / 4)


def plot_regions(complex, *, color: str = "pattern", output: int = 0, boundary: bool = True, edges: bool = True,
                 points=None, labels=None, ax=None, title=None):
    """Draw the regions of a 2-D complex, coloured by activation pattern, gradient, output value or class.

    Parameters
    ----------
    complex : RegionComplex
        A 2-D complex (a box or polygon in R^2, or a `Slice` of an n-D input).
    color : {"pattern", "gradient", "output", "class"}
        ``pattern``: one colour per activation pattern; ``gradient``: hue from
        the direction and brightness from the length of output ``output``'s
        gradient; ``output``: its value at the region's interior point;
        ``class``: green where it is positive, red where negative (004 Fig. 5.3).
    boundary : bool or "argmax"
        Draw the decision boundary (zero set of output ``output``) in black;
        ``"argmax"``: where the top output of several changes (`RegionComplex.argmax_boundary`).
    points, labels : array-like, optional
        Data points (complex coordinates) drawn on top, coloured by label.

    Returns
    -------
    matplotlib.figure.Figure
    """
    import matplotlib.pyplot as plt
    from matplotlib.axes import Axes
    from matplotlib.collections import LineCollection, PolyCollection

    from ..regions import RegionComplex

    if not isinstance(complex, RegionComplex):
        raise InvalidArgumentType("complex", complex, "a symrelu.regions.RegionComplex (from regions(...))")
    if complex.dim != 2:
        raise InvalidArgument("complex", f"a {complex.dim}-D complex", "a 2-D complex (use a Slice for n-D inputs)")
    if not isinstance(color, str) or color not in _COLORINGS:
        raise InvalidArgument("color", color, f"one of {_COLORINGS}")
    n_out = complex.network.widths[-1]
    if isinstance(output, bool) or not isinstance(output, (int, np.integer)) or not 0 <= output < n_out:
        raise InvalidArgument("output", output, f"an output index in [0, {n_out})")
    if not (isinstance(boundary, (bool, np.bool_)) or isinstance(boundary, str) and boundary == "argmax"):
        raise InvalidArgument("boundary", boundary, 'True, False or "argmax"')
    if not isinstance(edges, (bool, np.bool_)):
        raise InvalidArgumentType("edges", edges, "True or False")
    if ax is not None and not isinstance(ax, Axes):
        raise InvalidArgumentType("ax", ax, "a matplotlib Axes or None")
    if title is not None and not isinstance(title, str):
        raise InvalidArgumentType("title", title, "a str or None")
    pts, labs = _check_points(points, labels)
    polys = [np.array(complex.polygon(i), dtype=float) for i in range(len(complex))]
    maps = np.asarray(complex._maps, dtype=float)[:, output, :]  # (regions, 3): gradient and offset
    centres = np.array([p.mean(axis=0) for p in polys])
    values = maps[:, 0] * centres[:, 0] + maps[:, 1] * centres[:, 1] + maps[:, 2]
    if color == "pattern":
        pats = complex.patterns
        faces = [_pattern_colour("".join("1" if b else "0" for b in row)) for row in pats]
    elif color == "gradient":
        angle = (np.arctan2(maps[:, 1], maps[:, 0]) / (2 * np.pi)) % 1.0
        size = np.hypot(maps[:, 0], maps[:, 1])
        top = size.max() or 1.0
        faces = [colorsys.hsv_to_rgb(a, 0.6, 0.35 + 0.6 * s / top) for a, s in zip(angle, size)]
    elif color == "output":
        cmap = plt.get_cmap("viridis")
        lo, hi = values.min(), values.max()
        faces = [cmap((v - lo) / (hi - lo) if hi > lo else 0.5) for v in values]
    else:
        faces = [(0.55, 0.85, 0.55) if v > 0 else (0.95, 0.6, 0.6) for v in values]
    if ax is None:
        fig, ax = plt.subplots(figsize=(6, 6))
    else:
        fig = ax.figure
    ax.add_collection(PolyCollection(polys, facecolors=faces, edgecolors=(0.2, 0.2, 0.2, 0.6) if edges else "none",
                                     linewidths=0.3 if edges else 0))
    if boundary:
        segs = (complex.argmax_boundary() if boundary == "argmax" else complex.decision_boundary(output)).segments
        ax.add_collection(LineCollection([np.array(s, dtype=float) for s in segs], colors="black", linewidths=1.5))
    if pts is not None:
        if labs is None:
            ax.scatter(pts[:, 0], pts[:, 1], s=18, c="black", zorder=3)
        else:
            ax.scatter(pts[:, 0], pts[:, 1], s=18, c=labs, cmap="coolwarm", edgecolors="black", zorder=3)
    allv = np.concatenate(polys)
    ax.set_xlim(allv[:, 0].min(), allv[:, 0].max())
    ax.set_ylim(allv[:, 1].min(), allv[:, 1].max())
    ax.set_aspect("equal")
    from ..regions import Slice

    ax.set_xlabel("s" if isinstance(complex.domain, Slice) else "x1")
    ax.set_ylabel("t" if isinstance(complex.domain, Slice) else "x2")
    ax.set_title(title if title is not None else f"{len(complex)} linear regions")
    return fig


def _check_points(points, labels):
    """Data points as an (m, 2) float array and their labels as m finite numbers (or None)."""
    if points is None:
        if labels is not None:
            raise InvalidArgument("labels", labels, "None when no points are given")
        return None, None
    try:
        pts = np.asarray(points, dtype=float)
    except (TypeError, ValueError):
        raise InvalidArgumentType("points", points, "an (m, 2) array of numbers") from None
    if pts.ndim != 2 or pts.shape[1] != 2 or not np.all(np.isfinite(pts)):
        raise InvalidArgument("points", points, "an (m, 2) array of finite numbers (complex coordinates)")
    if labels is None:
        return pts, None
    try:
        labs = np.asarray(labels, dtype=float)
    except (TypeError, ValueError):
        raise InvalidArgumentType("labels", labels, "m numbers, one per point") from None
    if labs.shape != (len(pts),) or not np.all(np.isfinite(labs)):
        raise InvalidArgument("labels", labels, f"{len(pts)} finite numbers, one per point")
    return pts, labs


def save_svg(complex, path, **kwargs):
    """Draw `plot_regions` and write it to ``path`` as SVG; returns the path.

    >>> import os, tempfile
    >>> from symrelu.network import ReLUNetwork
    >>> from symrelu.regions import regions, Box
    >>> c = regions(ReLUNetwork([([[1, 1]], [0]), ([[1]], [0])]), Box([-1, -1], [1, 1]))
    >>> out = save_svg(c, os.path.join(tempfile.mkdtemp(), "r.svg"))
    >>> open(out).read(5)
    '<?xml'
    """
    import matplotlib.pyplot as plt

    if not isinstance(path, (str, os.PathLike)):
        raise InvalidArgumentType("path", path, "a file name (str or os.PathLike)")
    name = os.fspath(path)
    if not name or "\x00" in (name if isinstance(name, str) else name.decode("latin-1")):
        raise InvalidArgument("path", path, "a non-empty file name without NUL characters")
    fig = plot_regions(complex, **kwargs)
    try:
        fig.savefig(path, format="svg")
    except OSError as err:  # a folder that does not exist, no permission, a directory's name
        raise InvalidArgument("path", path, f"a writable file name ({type(err).__name__}: {err.strerror})") from err
    finally:
        plt.close(fig)
    return path
