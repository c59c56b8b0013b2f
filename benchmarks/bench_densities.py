"""Benchmark: sampling + histogramming 10^7 one-hidden-layer units; exact breakpoints of 1000 deep networks.

Run from the repository root::

    nice -n 19 python benchmarks/bench_densities.py [--units 10000000] [--networks 1000]

1. symrelu.densities.histogram_units (chunked standard-normal draws, uniform-bin
   bincount) against the straightforward peer: scipy.stats.norm.rvs for b, w, v,
   then beta = -b/w, mu = w v and numpy.histogram; both histogram breakpoints and
   delta-slopes into 200 bins.  Same counts are not expected (different streams);
   both histograms are checked against the theory (chi-square).
2. Exact per-layer breakpoints of random depth-5, width-8 He networks on [-10, 10]
   with symrelu's CPWL engine, next to counting pieces by sampling on a grid.  The
   grid needed to see every piece is derived from the exact results: a grid step
   below half the smallest gap between adjacent knots separates every bend; we
   report that step, the number of grid points it implies, and how many networks a
   practical grid (10^5 points, a subset of networks) miscounts.
Medians of repeats, measured in this run; ratio = peer / symrelu.
"""

from __future__ import annotations

import argparse

import numpy as np
from scipy import stats

from symrelu.densities import GaussianInit, histogram_units
from symrelu.function_space import layer_breakpoints, random_network, sampled_pieces
from _timing import median_time


def peer_histogram(init, n, beta_edges, mu_edges, seed):
    rs = np.random.default_rng(seed)
    b = stats.norm.rvs(scale=init.sigma_b, size=n, random_state=rs)
    w = stats.norm.rvs(scale=init.sigma_w, size=n, random_state=rs)
    v = stats.norm.rvs(scale=init.sigma_v, size=n, random_state=rs)
    return np.histogram(-b / w, bins=beta_edges)[0], np.histogram(w * v, bins=mu_edges)[0]


def chi2_p(counts, law, edges, n):
    expect = np.diff(law.cdf(edges)) * n
    keep = expect > 5
    obs = counts[keep]
    exp = expect[keep] * obs.sum() / expect[keep].sum()
    return stats.chisquare(obs, exp).pvalue


def bench_units(n, repeats):
    init = GaussianInit.he(64, sigma_b=1.0)
    be, me = np.linspace(-10, 10, 201), np.linspace(-1, 1, 201)
    t_sym, (hb, hm) = median_time(lambda: histogram_units(init, n, beta_edges=be, mu_edges=me, seed=0), repeats)
    t_peer, (pb, pm) = median_time(lambda: peer_histogram(init, n, be, me, 0), repeats)
    print(f"1. {n:.0e} one-hidden-layer units, breakpoint + delta-slope histograms (200 bins each), median of {repeats}")
    print(f"   symrelu histogram_units : {t_sym:7.3f} s   chi-square p vs theory: beta {chi2_p(hb, init.breakpoints(), be, n):.3f}, mu {chi2_p(hm, init.delta_slopes(), me, n):.3f}")
    print(f"   peer scipy.stats+np.hist: {t_peer:7.3f} s   chi-square p vs theory: beta {chi2_p(pb, init.breakpoints(), be, n):.3f}, mu {chi2_p(pm, init.delta_slopes(), me, n):.3f}")
    print(f"   ratio peer/symrelu      : {t_peer / t_sym:7.2f}x   (target: symrelu < 5 s: {'met' if t_sym < 5 else 'NOT met'})")


def bench_deep(n_nets, repeats, sample_nets, points):
    rng = np.random.default_rng(1)
    nets = [random_network((1, 8, 8, 8, 8, 8, 1), init="he", seed=rng) for _ in range(n_nets)]
    lo, hi = -10.0, 10.0

    def exact_all():
        return [layer_breakpoints(net, lo, hi) for net in nets]

    t_exact, bps = median_time(exact_all, repeats)
    pieces = [net.to_pwl(lo, hi).output for net in nets]
    counts = np.array([f.pieces for f in pieces])
    gaps = [np.min(np.diff(f.knots)) for f in pieces if f.pieces > 1]
    min_gap = float(min(gaps))
    step = min_gap / 2
    needed = int(np.ceil((hi - lo) / step)) + 1
    induced = np.array([sum(len(b) for b in per) for per in bps])
    print(f"2. exact breakpoints of {n_nets} random depth-5, width-8 He networks on [{lo:g}, {hi:g}], median of {repeats}")
    print(f"   symrelu layer_breakpoints (all 5 layers): {t_exact:7.3f} s  ({1e3 * t_exact / n_nets:.2f} ms/network); "
          f"induced breakpoints per network {induced.mean():.1f}, output pieces {counts.mean():.1f} (min {counts.min()}, max {counts.max()})")
    print(f"   smallest gap between adjacent output knots: {min_gap:.3g} -> a grid step below {step:.3g} "
          f"({needed:.3g} points on the interval) is needed to separate every bend")
    sub = nets[:sample_nets]
    t_samp, samp = median_time(lambda: [sampled_pieces(net, lo, hi, points=points) for net in sub], 1)
    wrong = int(np.sum(np.array(samp) != counts[:sample_nets]))
    missed = int(np.sum(np.maximum(counts[:sample_nets] - np.array(samp), 0)))
    per_net_samp = t_samp / sample_nets
    print(f"   peer: sampling at {points:.0e} points (step {(hi - lo) / (points - 1):.1e}) on {sample_nets} of the networks: "
          f"{t_samp:.3f} s ({1e3 * per_net_samp:.2f} ms/network); wrong count on {wrong}/{sample_nets} networks, {missed} pieces missed")
    print(f"   ratio sampling/exact per network: {per_net_samp / (t_exact / n_nets):.1f}x at {points:.0e} points; "
          f"the fully resolving grid would cost about {per_net_samp * needed / points / (t_exact / n_nets):.3g}x "
          f"(target: exact 1000 networks < 10 s: {'met' if t_exact * 1000 / n_nets < 10 else 'NOT met'})")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--units", type=int, default=10_000_000)
    ap.add_argument("--networks", type=int, default=1000)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--sample-networks", type=int, default=100)
    ap.add_argument("--points", type=int, default=100_001)
    a = ap.parse_args()
    bench_units(a.units, a.repeats)
    bench_deep(a.networks, a.repeats, a.sample_networks, a.points)


if __name__ == "__main__":
    main()
