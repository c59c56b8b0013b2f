"""Figures for 003: breakpoint / delta-slope densities against histograms (Fig. 1), roughness by layer (Fig. 3).

Each function returns a ``matplotlib.figure.Figure`` (Agg-safe; nothing is shown).

>>> import matplotlib; matplotlib.use("Agg")
>>> from symrelu.densities import GaussianInit
>>> fig = plot_unit_densities(GaussianInit(1.0, 1.0, 1.0), n=2000, seed=0)
>>> len(fig.axes)
2
"""

from __future__ import annotations

import numpy as np

from ..densities import GaussianInit, UniformInit, sample_units
from ..errors import InvalidArgument, InvalidArgumentType


def _bins(bins):
    if isinstance(bins, bool) or not isinstance(bins, (int, np.integer)):
        raise InvalidArgumentType("bins", bins, "an int in [1, 10000]")
    if not 1 <= bins <= 10_000:
        raise InvalidArgument("bins", bins, "an int in [1, 10000]")
    return int(bins)


def _range(name, value, optional=False):
    """A plotting range ``(lo, hi)`` of finite numbers with lo < hi (or None when ``optional``)."""
    if value is None and optional:
        return None
    if not isinstance(value, (tuple, list, np.ndarray)) or len(value) != 2:
        raise InvalidArgumentType(name, value, "a pair (lo, hi) of finite numbers" + (" or None" if optional else ""))
    try:
        lo, hi = float(value[0]), float(value[1])
    except (TypeError, ValueError):
        raise InvalidArgumentType(name, value, "a pair (lo, hi) of finite numbers") from None
    if not (np.isfinite(lo) and np.isfinite(hi) and lo < hi):
        raise InvalidArgument(name, value, "a pair (lo, hi) of finite numbers with lo < hi")
    return lo, hi


def _arrays(name, value):
    """A list of 1-D arrays of finite numbers (one per hidden layer)."""
    if isinstance(value, (str, bytes, dict)) or not isinstance(value, (list, tuple)):
        raise InvalidArgumentType(name, value, "a list of arrays, one per hidden layer")
    out = []
    for k, v in enumerate(value):
        try:
            a = np.asarray(v, dtype=float)
        except (TypeError, ValueError):
            raise InvalidArgumentType(f"{name}[{k}]", v, "an array of finite numbers") from None
        if a.ndim != 1 or not np.all(np.isfinite(a)):
            raise InvalidArgument(f"{name}[{k}]", v, "a 1-D array of finite numbers")
        out.append(a)
    return out

__all__ = ["plot_unit_densities", "plot_layer_densities", "plot_roughness_by_layer"]


def _figure(ncols, width=4.2, height=3.2):
    import matplotlib

    matplotlib.use("Agg", force=False)
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width * ncols, height), layout="constrained")
    return fig, [fig.add_subplot(1, ncols, k + 1) for k in range(ncols)]


def plot_unit_densities(init, *, n=200_000, seed=0, beta_range=None, mu_range=None, bins=120):
    """One-hidden-layer units: histograms of sampled breakpoints and delta-slopes against 003 Cor. 1's densities.

    Parameters
    ----------
    init : GaussianInit or UniformInit
    n : int
        Units sampled.
    beta_range, mu_range : (float, float), optional
        Plotted ranges (default: central 98% of the theory's law).
    """
    if not isinstance(init, (GaussianInit, UniformInit)):
        raise InvalidArgument("init", init, "a GaussianInit or UniformInit")
    bins = _bins(bins)
    beta_range, mu_range = _range("beta_range", beta_range, True), _range("mu_range", mu_range, True)
    beta, mu, _ = sample_units(init, n, seed=seed)
    fig, (ax_b, ax_m) = _figure(2)
    for ax, data, law, rng, label in (
        (ax_b, beta, init.breakpoints(), beta_range, r"breakpoint $\beta$"),
        (ax_m, mu, init.delta_slopes(), mu_range, r"delta-slope $\mu$"),
    ):
        lo, hi = rng if rng is not None else (float(law.ppf(0.01)), float(law.ppf(0.99)))
        inside = data[(data >= lo) & (data <= hi)]
        # Density of the whole sample restricted to the window: scale by the kept fraction.
        counts, edges = np.histogram(inside, bins=bins, range=(lo, hi))
        widths = np.diff(edges)
        # one filled step patch, not a bar per bin (584 bars took seconds to draw)
        ax.stairs(counts / (len(data) * widths), edges, fill=True, alpha=0.45, label=f"sample (n={n:,})")
        xs = np.linspace(lo, hi, 801)
        xs = xs[xs != 0]
        ax.plot(xs, law.pdf(xs), "k-", lw=1.3, label="003 Cor. 1")
        ax.set_xlabel(label)
        ax.set_ylabel("density")
        ax.legend(fontsize=8)
    kind = "Gaussian" if isinstance(init, GaussianInit) else "uniform"
    fig.suptitle(f"{kind} init {init}", fontsize=9)
    return fig


def plot_layer_densities(layer_breakpoints, layer_delta_slopes, *, theory=None, beta_range=(-6, 6), mu_range=(-3, 3), bins=80):
    """Deep networks (003 Fig. 1 middle/right): per-layer histograms of breakpoints and delta-slopes.

    ``layer_breakpoints`` and ``layer_delta_slopes`` are lists (one array per hidden layer), e.g. from
    `symrelu.function_space.deep_density_job`; ``theory`` (a `GaussianInit`) adds the one-layer densities.
    """
    layer_breakpoints = _arrays("layer_breakpoints", layer_breakpoints)
    layer_delta_slopes = _arrays("layer_delta_slopes", layer_delta_slopes)
    if len(layer_delta_slopes) != len(layer_breakpoints):
        raise InvalidArgument("layer_breakpoints, layer_delta_slopes", (len(layer_breakpoints), len(layer_delta_slopes)),
                              "as many delta-slope arrays as breakpoint arrays (one each per hidden layer)")
    if theory is not None and not isinstance(theory, (GaussianInit, UniformInit)):
        raise InvalidArgumentType("theory", theory, "a GaussianInit, UniformInit or None")
    bins = _bins(bins)
    beta_range, mu_range = _range("beta_range", beta_range), _range("mu_range", mu_range)
    fig, (ax_b, ax_m) = _figure(2)
    for l, (b, m) in enumerate(zip(layer_breakpoints, layer_delta_slopes)):
        ax_b.hist(b, bins=bins, range=beta_range, density=True, histtype="step", lw=1.2, label=f"layer {l + 1} ({len(b):,})")
        ax_m.hist(m, bins=bins, range=mu_range, density=True, histtype="step", lw=1.2, label=f"layer {l + 1} (sd {np.std(m):.3g})")
    if theory is not None:
        xs = np.linspace(*beta_range, 801)
        ax_b.plot(xs, theory.breakpoints().pdf(xs), "k--", lw=1, label="one-layer theory")
        xs = np.linspace(*mu_range, 801)
        xs = xs[xs != 0]
        ax_m.plot(xs, theory.delta_slopes().pdf(xs), "k--", lw=1, label="one-layer theory")
    ax_m.set_yscale("log")
    ax_b.set_xlabel(r"breakpoint $\beta$ (in the window)")
    ax_m.set_xlabel(r"delta-slope $\mu$ of the output")
    for ax in (ax_b, ax_m):
        ax.set_ylabel("density")
        ax.legend(fontsize=7)
    return fig


def plot_roughness_by_layer(epochs, roughness, *, title=None):
    """003 Fig. 3: roughness (summed over each hidden layer's units) against training epoch.

    ``roughness`` has shape (snapshots, layers), e.g. `symrelu.function_space.layer_roughness` per snapshot.
    """
    try:
        epochs = np.asarray(epochs, dtype=float)
    except (TypeError, ValueError):
        raise InvalidArgumentType("epochs", epochs, "a 1-D array of epoch numbers") from None
    if epochs.ndim != 1 or not np.all(np.isfinite(epochs)):
        raise InvalidArgument("epochs", epochs, "a 1-D array of finite epoch numbers")
    try:
        roughness = np.asarray(roughness, dtype=float)
    except (TypeError, ValueError):
        raise InvalidArgumentType("roughness", roughness, "a (snapshots, layers) array") from None
    if roughness.ndim != 2:
        raise InvalidArgument("roughness", roughness.shape, "a 2-D array of shape (snapshots, layers)")
    if roughness.shape[0] != len(epochs):
        raise InvalidArgument("epochs, roughness", (len(epochs), roughness.shape),
                              "one epoch per roughness row (len(epochs) == roughness.shape[0])")
    fig, (ax,) = _figure(1, width=5.0)
    for l in range(roughness.shape[1]):
        ax.plot(epochs, roughness[:, l], label=f"layer {l + 1}")
    ax.set_yscale("log")
    ax.set_xlabel("epoch")
    ax.set_ylabel("roughness (sum of squared delta-slopes)")
    if title is not None and not isinstance(title, str):
        raise InvalidArgumentType("title", title, "a str or None")
    if title:
        ax.set_title(title, fontsize=9)
    ax.legend(fontsize=8)
    return fig
