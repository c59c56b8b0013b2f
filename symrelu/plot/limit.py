"""Figures of the infinite-depth limit G(x) = x ± Σ s_i W_i(x) and its derivative.

>>> import matplotlib
>>> matplotlib.use("Agg")
>>> from fractions import Fraction as Q
>>> from symrelu.peaks import PeakSequence
>>> fig = plot_limit(PeakSequence([Q(1, 3)], [Q(1, 4), Q(2, 3)]), depths=(1, 2))
>>> len(fig.axes)
2
"""

from __future__ import annotations

import numpy as np

from ..errors import InvalidArgument, InvalidArgumentType
from ..limit import limit_values
from ..peaks import as_peak_sequence
from ..law import law_scales
from ..triangle import waves_sum

__all__ = ["plot_limit"]


def plot_limit(peaks, *, variant: str = "add", depths=(1, 2, 3, 5), points: int = 2001):
    """``G`` and ``G'`` (float64, `limit_values`) with the truncations ``f_K`` for ``K`` in ``depths``.

    Parameters
    ----------
    peaks : PeakSequence
    variant : {"add", "subtract"}
    depths : sequence of int
        Truncation depths drawn (each ``f_K`` has ``2^K`` pieces, drawn exactly).
    points : int
        Sample points of ``G`` and ``G'``.

    Returns
    -------
    matplotlib.figure.Figure
        Left: ``G`` and the ``f_K``; right: ``G'`` and the ``f_K'`` (piecewise constant).
    """
    import matplotlib.pyplot as plt

    peaks = as_peak_sequence(peaks)
    if isinstance(points, bool) or not isinstance(points, (int, np.integer)):
        raise InvalidArgumentType("points", points, "an int in [2, 10^5]")
    if not 2 <= points <= 10**5:  # more points than a figure has pixels (10^6 took seconds)
        raise InvalidArgument("points", points, "an int in [2, 10^5]")
    if isinstance(depths, (str, bytes, dict)) or not isinstance(depths, (list, tuple, range, np.ndarray)):
        raise InvalidArgumentType("depths", depths, "a sequence of ints")
    for k, K in enumerate(depths):
        if isinstance(K, bool) or not isinstance(K, (int, np.integer)):
            raise InvalidArgumentType(f"depths[{k}]", K, "an int")
        if not 0 <= K <= 24:  # f_K has 2^K pieces, drawn exactly
            raise InvalidArgument(f"depths[{k}]", K, "an int in [0, 24]")
    xs = np.linspace(0, 1, points)
    fig, (ax_v, ax_d) = plt.subplots(1, 2, figsize=(10, 4))
    for K in depths:
        a = [float(peaks.fraction(i)) for i in range(K + 1)]
        fK = waves_sum(a[:K], law_scales(a, variant), variant=variant)
        ax_v.plot(fK.knots, fK.values, lw=0.8, label=f"$f_{{{K}}}$")
        knots = np.asarray(fK.knots, dtype=float)
        slopes = np.asarray(fK.slopes, dtype=float)
        ax_d.step(knots, np.append(slopes, slopes[-1]), where="post", lw=0.8, label=f"$f_{{{K}}}'$")
    ax_v.plot(xs, limit_values(xs, peaks, variant=variant), "k", lw=1.4, label="$G$")
    ax_d.plot(xs, limit_values(xs, peaks, variant=variant, derivative=True), "k", lw=1.4, label="$G'$")
    ax_v.set_title(f"$G(x) = x {'+' if variant == 'add' else '-'} \\sum s_i W_i(x)$")
    ax_d.set_title("derivatives")
    for ax in (ax_v, ax_d):
        ax.set_xlabel("x")
        ax.legend(fontsize=8)
    fig.tight_layout()
    return fig
