"""Figures of the triangle-wave construction (000 Fig. 1 and Fig. 3, and a random-peak network).

Every curve is an exact CPWL function drawn through its knots (breakpoints and
the ends of [0, 1]), so a plot shows every piece and no sampling artifact:
waves come from `symrelu.triangle.wave`, the x² approximations from
`symrelu.triangle.waves_sum`, neuron outputs from
`symrelu.network.NetworkPWL.preactivation` followed by ``relu``.  Exact
functions are converted to float only for drawing.

>>> import matplotlib
>>> matplotlib.use("Agg")
>>> fig = plot_waves([0.5, 0.5, 0.5])
>>> len(fig.axes[0].lines)
3
"""

from __future__ import annotations

from fractions import Fraction

import matplotlib.pyplot as plt
import numpy as np

from ..errors import InvalidArgument, InvalidArgumentType
from ..pwl import PiecewiseLinear
from ..law import law_scales
from ..triangle import VARIANTS, check_peaks, triangle_network, wave, waves_sum

__all__ = [
    "plot_waves",
    "plot_square_approximations",
    "plot_square_derivatives",
    "plot_figure_1",
    "plot_neurons",
    "plot_network_output",
]

#: Colours of the four neurons of a hidden layer, in the order (sum, t1, t2, bias) of 000 Fig. 2.
NEURON_COLORS = ("tab:green", "tab:blue", "tab:red", "tab:gray")
NEURON_NAMES = ("sum", "t1", "t2", "bias")


def _axes(ax, figsize=(6, 3.2)):
    from matplotlib.axes import Axes

    if ax is not None and not isinstance(ax, Axes):
        raise InvalidArgumentType("ax", ax, "a matplotlib Axes or None")
    if ax is None:
        fig, ax = plt.subplots(figsize=figsize, layout="constrained")
    return ax.figure, ax


def _draw(ax, f: PiecewiseLinear, **kw):
    """Draw ``f`` through its knots (exact values converted to float only here)."""
    return ax.plot(np.asarray(f.knots, dtype=float), np.asarray(f.values, dtype=float), **kw)[0]


def _draw_slopes(ax, f: PiecewiseLinear, **kw):
    """Draw ``f'`` as a step function: one horizontal segment per piece, joined at the breakpoints."""
    k = np.asarray(f.knots, dtype=float)
    s = np.asarray(f.slopes, dtype=float)
    return ax.plot(np.repeat(k, 2)[1:-1], np.repeat(s, 2), **kw)[0]


def _check_count(name, value, lo, hi):
    if not isinstance(value, (int, np.integer)) or not lo <= value <= hi:
        raise InvalidArgument(name, value, f"an int in [{lo}, {hi}]")


def plot_waves(peaks=None, *, ax=None):
    """The composed triangle waves ``W_0 .. W_{n-1}`` for peaks ``a_0 .. a_{n-1}`` (000 Fig. 1, top).

    Parameters
    ----------
    peaks : sequence, optional
        Peaks in (0, 1), exact or float; default four symmetric peaks ``1/2``
        (Telgarsky's waves, as in Fig. 1).
    ax : matplotlib Axes, optional
        Draw into these axes instead of a new figure.

    Returns
    -------
    matplotlib.figure.Figure
        One line per wave.

    >>> len(plot_waves().axes[0].lines)
    4
    """
    peaks = check_peaks([Fraction(1, 2)] * 4 if peaks is None else peaks)
    if any(getattr(p, "free_symbols", None) for p in peaks):  # symbolic waves cannot be drawn
        raise InvalidArgumentType("peaks", peaks, "numbers (exact or float), not symbols")
    _check_count("len(peaks)", len(peaks), 1, 12)
    fig, ax = _axes(ax)
    for i in range(len(peaks)):
        _draw(ax, wave(peaks, i), lw=1.2, label=f"$W_{i}$")
    ax.set(xlim=(0, 1), xlabel="$x$", ylabel="$W_i(x)$", title="Composed triangle waves")
    ax.legend(loc="upper right", fontsize="small", ncol=2)
    return fig


def _square_steps(m_max):
    """``f_0 .. f_{m_max}``: x minus the symmetric waves scaled by 4^-(i+1) (law scales, peaks 1/2)."""
    out = [PiecewiseLinear([0, 1], [0, 1])]
    for m in range(1, m_max + 1):
        peaks = [Fraction(1, 2)] * (m + 1)
        out.append(waves_sum(peaks, law_scales(peaks, "subtract"), variant="subtract"))
    return out


def plot_square_approximations(m_max: int = 3, *, ax=None):
    """``f_0 = x``, ``f_m = f_{m-1} - T^{∘m}/4^m`` for m = 0 .. m_max, against ``x²`` (000 Fig. 1, middle).

    ``f_m`` is the exact piecewise-linear interpolant of ``x²`` at ``k/2^m``
    (max error ``4^-(m+1)``, claim ``000/section-2.1``).

    Returns
    -------
    matplotlib.figure.Figure
        ``m_max + 1`` lines for the ``f_m`` and one for ``x²``.

    >>> len(plot_square_approximations(2).axes[0].lines)
    4
    """
    _check_count("m_max", m_max, 0, 12)
    fig, ax = _axes(ax)
    for m, f in enumerate(_square_steps(m_max)):
        _draw(ax, f, lw=1.2, label=f"$f_{m}$")
    xs = np.linspace(0, 1, 401)
    ax.plot(xs, xs**2, "k--", lw=1, label="$x^2$")
    ax.set(xlim=(0, 1), xlabel="$x$", title="Approximations of $x^2$")
    ax.legend(loc="upper left", fontsize="small")
    return fig


def plot_square_derivatives(m_max: int = 3, *, ax=None):
    """The derivatives ``f_m'`` (step functions) for m = 0 .. m_max, against ``2x`` (000 Fig. 1, bottom).

    Returns
    -------
    matplotlib.figure.Figure
        ``m_max + 1`` step lines and one line for ``2x``.

    >>> len(plot_square_derivatives(1).axes[0].lines)
    3
    """
    _check_count("m_max", m_max, 0, 12)
    fig, ax = _axes(ax)
    for m, f in enumerate(_square_steps(m_max)):
        _draw_slopes(ax, f, lw=1.2, label=f"$f_{m}'$")
    ax.plot([0, 1], [0, 2], "k--", lw=1, label="$2x$")
    ax.set(xlim=(0, 1), xlabel="$x$", title="Derivatives")
    ax.legend(loc="upper left", fontsize="small")
    return fig


def plot_figure_1(peaks=None, m_max: int = 3):
    """000 Fig. 1 in one figure: waves, x² approximations, derivatives (three stacked axes).

    >>> [len(ax.lines) for ax in plot_figure_1().axes]
    [4, 5, 5]
    """
    fig, axes = plt.subplots(3, 1, figsize=(6, 8), layout="constrained")
    plot_waves(peaks, ax=axes[0])
    plot_square_approximations(m_max, ax=axes[1])
    plot_square_derivatives(m_max, ax=axes[2])
    return fig


def plot_neurons(peaks, *, variant: str = "add", scales=None, rescale: bool = False):
    """Each hidden neuron's output (after ReLU) as a function of the input, one panel per layer (000 Fig. 3).

    Parameters
    ----------
    peaks, variant, scales
        As for `symrelu.triangle.triangle_network` (law scales by default).
    rescale : bool, default False
        Divide t1, t2 and bias by the layer's (constant) bias output ``c``, so
        the decaying waves stay visible: t1 then shows ``W`` and bias 1.  The
        sum neuron is drawn unscaled.

    Returns
    -------
    matplotlib.figure.Figure
        One axes per hidden layer, each with one line per neuron
        (sum, t1, t2, bias; the first layer's sum neuron carries ``x``).

    >>> fig = plot_neurons([0.3, 0.6, 0.4, 0.5])
    >>> len(fig.axes), [len(ax.lines) for ax in fig.axes]
    (3, [4, 4, 4])
    """
    if not isinstance(variant, str) or variant not in VARIANTS:
        raise InvalidArgument("variant", variant, f"one of {VARIANTS}")
    if not isinstance(rescale, (bool, np.bool_)):
        raise InvalidArgumentType("rescale", rescale, "a bool")
    net = triangle_network(peaks, variant=variant, scales=scales)
    cpwl = net.to_pwl(0, 1)
    hidden = len(net.layers) - 1
    _check_count("hidden layers", hidden, 1, 12)
    fig, axes = plt.subplots(hidden, 1, figsize=(6, 1.9 * hidden + 0.6), layout="constrained", squeeze=False)
    for layer, ax in enumerate(axes[:, 0]):
        c = cpwl.preactivation(layer, 3).values[0] if rescale else 1
        for j, (name, color) in enumerate(zip(NEURON_NAMES, NEURON_COLORS)):
            f = cpwl.preactivation(layer, j).relu()
            _draw(ax, f if j == 0 else f / c, color=color, lw=1.1, label=name if j == 0 or not rescale else f"{name}/c")
        ax.set(xlim=(0, 1), ylabel=f"layer {layer + 1}")
        if layer == 0:
            ax.legend(loc="upper left", fontsize="small", ncol=4)
    axes[-1, 0].set_xlabel("network input $x$")
    fig.suptitle("Neuron outputs by layer")
    return fig


def plot_network_output(peaks, *, variant: str = "add", scales=None, ax=None):
    """The triangle network's output ``x ± Σ s_i W_i`` (exact CPWL through its knots) and the line ``y = x``.

    Returns
    -------
    matplotlib.figure.Figure
        Two lines: the output (its knots marked) and ``y = x``.

    >>> fig = plot_network_output([0.3, 0.6, 0.4, 0.5], variant="subtract")
    >>> len(fig.axes[0].lines)
    2
    """
    net = triangle_network(peaks, variant=variant, scales=scales)
    out = net.to_pwl(0, 1).output
    fig, ax = _axes(ax)
    sign = "+" if variant == "add" else "-"
    d = len(net.layers) - 1
    _draw(ax, out, lw=1.2, marker=".", ms=3 if out.pieces < 200 else 0,
          label=f"$x {sign} \\sum_{{i<{d}}} s_i W_i$ ({out.pieces} pieces)")
    ax.plot([0, 1], [0, 1], "k:", lw=1, label="$y = x$")
    ax.set(xlim=(0, 1), xlabel="$x$", title=f"Depth-{d} triangle network, {variant} variant")
    ax.legend(loc="upper left", fontsize="small")
    return fig
