"""Make the 003 figures of docs/function_space.rst and print the scaled-down Table 2 and Fig. 2 numbers.

Run from the repository root (a few minutes on two busy cores)::

    nice -n 19 python benchmarks/figures_densities.py

Writes ``docs/_static/densities_*.png``.  Every random quantity has a fixed seed.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np

from symrelu.densities import GaussianInit, UniformInit
from symrelu.function_space import (
    breakpoint_dynamics,
    deep_density_job,
    layer_roughness,
    pieces_job,
    random_network,
    train_gd,
)
from symrelu.parallel import spawn_seeds, sweep
from symrelu.plot.densities import plot_layer_densities, plot_roughness_by_layer, plot_unit_densities

OUT = Path(__file__).resolve().parents[1] / "docs" / "_static"


def fig1_one_layer():
    fig = plot_unit_densities(GaussianInit.he(8, sigma_b=1.0), n=200_000, seed=0, beta_range=(-4, 4), mu_range=(-1.5, 1.5))
    fig.savefig(OUT / "densities_gaussian.png", dpi=110)
    fig = plot_unit_densities(UniformInit.he(8, a_b=1.0), n=200_000, seed=1, beta_range=(-2, 2), mu_range=(-2.2, 2.2))
    fig.savefig(OUT / "densities_uniform.png", dpi=110)


def fig1_deep(executor):
    widths, nets, lo, hi = (1, 8, 8, 8, 1), 1000, -6.0, 6.0
    seeds = spawn_seeds(2019, 4)
    parts = sweep(deep_density_job, [(widths, "he", nets // 4, lo, hi, s) for s in seeds], executor=executor, max_workers=2)
    L = len(widths) - 2
    bs = [np.concatenate([p[0][l] for p in parts]) for l in range(L)]
    ms = [np.concatenate([p[1][l] for p in parts]) for l in range(L)]
    # The first layer of a He network: sigma_b = sigma_w = sqrt(2) (fan-in 1; the bias has the weight law); sigma_v = sqrt(2/8) is the last layer's scale.
    theory = GaussianInit(2**0.5, 2**0.5, 0.5)
    fig = plot_layer_densities(bs, ms, theory=theory, beta_range=(lo, hi), mu_range=(-3, 3))
    fig.savefig(OUT / "densities_deep.png", dpi=110)
    for l in range(L):
        print(f"  layer {l + 1}: {len(bs[l]) / nets:.2f} breakpoints per network in [-6, 6], "
              f"delta-slope sd {np.std(ms[l]):.4f}, IQR of breakpoints {np.subtract(*np.percentile(bs[l], [75, 25])):.3f}")


def fig3_roughness():
    x = np.arange(-2, 2.0001, 0.01)
    for name, target in (("quadratic", lambda t: t**2 / 2), ("sine", np.sin)):
        net = random_network((1, 8, 8, 8, 8, 1), init="he", seed=3)
        _, snaps, losses = train_gd(net, x, target(x), lr=1e-4, epochs=2000, record_every=50)
        rough = np.array([layer_roughness(n, -2, 2) for _, n in snaps])
        fig = plot_roughness_by_layer([e for e, _ in snaps], rough, title=f"{name}: GD lr 1e-4, 2000 epochs (paper: 10000)")
        fig.savefig(OUT / f"densities_roughness_{name}.png", dpi=110)
        print(f"  {name}: loss {losses[0]:.3g} -> {losses[-1]:.3g}; roughness by layer at init {np.round(rough[0], 4).tolist()}, "
              f"at end {np.round(rough[-1], 4).tolist()}")


def fig2_dynamics():
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    x = np.linspace(-3, 3, 601)
    net = random_network((1, 8, 8, 8, 8, 8, 1), init="he", seed=5)
    _, snaps, losses = train_gd(net, x, np.sin(np.pi * x), lr=5e-5, epochs=3000, record_every=50)
    dyn = breakpoint_dynamics(snaps, -3, 3)
    rel = dyn.speeds / dyn.speeds[0]
    print(f"  loss {losses[0]:.3g} -> {losses[-1]:.3g}; births+deaths by layer {dyn.changes.astype(int).tolist()}; "
          f"speed relative to layer 1 {np.round(rel, 3).tolist()}; breakpoints per layer at init {dyn.counts[0].tolist()}, end {dyn.counts[-1].tolist()}")
    fig = Figure(figsize=(8.4, 3.2), layout="constrained")
    a1, a2 = fig.add_subplot(1, 2, 1), fig.add_subplot(1, 2, 2)
    layers = np.arange(1, len(rel) + 1)
    a1.bar(layers, dyn.changes)
    a1.set_xlabel("layer")
    a1.set_ylabel("breakpoint births + deaths")
    a2.bar(layers, rel)
    a2.set_xlabel("layer")
    a2.set_ylabel("mean breakpoint speed / layer 1")
    fig.suptitle("sin(pi x) on [-3, 3], 5 hidden layers of 8, GD lr 5e-5, 3000 epochs (paper: to convergence)", fontsize=9)
    fig.savefig(OUT / "densities_dynamics.png", dpi=110)


def table2(executor, epochs=2000, trials=3):
    targets = ["sine", "sawtooth", "arctan", "exponential", "quadratic"]
    jobs = [(depth, 40, t, epochs, 5e-5, int(s.generate_state(1)[0])) for depth in (1, 2, 4, 5) for t in targets
            for s in spawn_seeds(depth * 100, trials)]
    res = sweep(pieces_job, jobs, executor=executor, max_workers=2)
    print(f"  pieces on [-3, 3] at init -> after {epochs} GD epochs (mean +- sd over {trials} trials)")
    print("  L  " + "  ".join(f"{t:>22s}" for t in targets))
    k = 0
    for depth in (1, 2, 4, 5):
        row = []
        for t in targets:
            r = np.array(res[k:k + trials])
            k += trials
            row.append(f"{r[:, 0].mean():5.1f}+-{r[:, 0].std():3.1f} -> {r[:, 1].mean():5.1f}+-{r[:, 1].std():3.1f}")
        print(f"  {depth}  " + "  ".join(f"{c:>22s}" for c in row))


def main(argv):
    executor = "serial" if "--serial" in argv else None
    OUT.mkdir(parents=True, exist_ok=True)
    for name, fn in (("Fig. 1 (one layer)", fig1_one_layer), ("Fig. 1 (deep)", lambda: fig1_deep(executor)),
                     ("Fig. 3", fig3_roughness), ("Fig. 2", fig2_dynamics), ("Table 2", lambda: table2(executor))):
        t = time.perf_counter()
        print(name)
        fn()
        print(f"  ({time.perf_counter() - t:.1f} s)")


if __name__ == "__main__":
    main(sys.argv[1:])
