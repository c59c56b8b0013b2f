"""Benchmark: exact CPWL extraction of 1-D ReLU networks, symrelu vs regioncam.

Both tools get the same network on the same input interval [0, 1] in the same
run, and the script prints, per network:

* the true number of linear pieces (``2^d`` for a depth-d triangle network,
  symrelu's exact-rational mode for random networks),
* what each tool reports: symrelu's linear pieces and activation regions
  (``len(NetworkPWL.regions) - 1``), regioncam's edges (its activation
  regions, ``Regioncam1D.num_edges``),
* how many of the true breakpoints each tool found and how many of its
  vertices are spurious: a tool vertex *finds* the true breakpoint nearest to it
  when it lies within ``TOL`` of it; vertices that find nothing, or a breakpoint
  already found by a closer vertex, are spurious,
* the median wall time over several repeats and the ratio regioncam / symrelu.

regioncam (https://pypi.org/project/regioncam/) works in float32 only (its
``Linear`` refuses float64 arrays); symrelu runs in float64 (``to_pwl(0, 1,
exact=False)``).  ``Regioncam1D(1.0)`` covers [-0.5, 0.5]; a first linear map
``t + 0.5`` (exact in float32) moves it to [0, 1] and adds no vertex.  The
check column is the largest ``|regioncam output - symrelu forward|`` at
regioncam's vertices, to show both tools saw the same function.

Triangle networks (law scales, "add" variant) draw their peaks uniformly from
[0.05, 0.95], [0.1, 0.9], [0.2, 0.8] and [0.3, 0.7]; the narrower the margin,
the narrower the narrowest of the ``2^d`` pieces (at d = 20 about 1e-14,
5e-13, 1e-10 and 4e-9 for seed 0).  The truth is ``2^d`` pieces at the bend
points of ``W_{d-1}`` (`bend_sets`); "miss" counts true breakpoints no vertex
found and "spur" vertices that found none.  ``merged`` is symrelu's own count
of knots it could not resolve (`NetworkPWL.merged.knots`; regioncam has no
such report) and ``unres`` its count of pieces kept although narrower than
the windows of their ends (`NetworkPWL.merged.unresolved`: found, but not
certifiable).  Random networks are He-normal (std sqrt(2 / fan_in)) with
biases drawn N(0, 0.1^2), some deep and some wide; their truth is symrelu's
exact mode (the float weights at their binary values).

Run:  nice -n 19 python benchmarks/bench_cpwl.py [--quick] [--repeats N]
"""

from __future__ import annotations

import argparse
import sys
import time
import warnings

import numpy as np

from symrelu.errors import PrecisionWarning
from symrelu.network import ReLUNetwork
from symrelu.triangle import bend_sets, triangle_network
from _timing import median_time

TOL = 1e-6  # a vertex within 1e-6 of a true breakpoint (and nearest to it) finds it


def _regioncam_layers(net: ReLUNetwork):
    import regioncam

    f32 = np.float32
    layers = [regioncam.nn.Linear(np.array([[1.0]], dtype=f32), np.array([0.5], dtype=f32))]
    for k, (W, b) in enumerate(net.layers):
        layers.append(regioncam.nn.Linear(np.asarray(W, dtype=f32).T.copy(), np.asarray(b, dtype=f32)))
        if k < len(net.layers) - 1:
            layers.append(regioncam.nn.ReLU())
    return regioncam.nn.Sequential(*layers)


def _run_regioncam(seq):
    import regioncam

    rc = regioncam.Regioncam1D(1.0)
    rc.add(seq)
    return rc


def _matching(vertices: np.ndarray, truth: np.ndarray):
    """(found, spurious) for interior tool vertices against interior true breakpoints (both sorted)."""
    if len(truth) == 0:
        return 0, len(vertices)
    idx = np.clip(np.searchsorted(truth, vertices), 1, len(truth) - 1) if len(truth) > 1 else np.zeros(len(vertices), int)
    if len(truth) > 1:
        left, right = truth[idx - 1], truth[idx]
        idx = np.where(np.abs(vertices - left) <= np.abs(vertices - right), idx - 1, idx)
    dist = np.abs(vertices - truth[idx])
    hit = dist <= TOL
    found = len(np.unique(idx[hit]))
    return found, len(vertices) - found


def _interior(knots) -> np.ndarray:
    k = np.asarray(knots, dtype=float)
    return k[1:-1]


def bench(name, net: ReLUNetwork, truth: np.ndarray, true_pieces: int, repeats: int):
    net64 = net.with_number_domain(False)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PrecisionWarning)  # merges are counted in the table
        t_sym, cp = median_time(lambda: net64.to_pwl(0.0, 1.0, exact=False, max_pieces=2**25), repeats)
    out = cp.output
    sym_found, sym_spur = _matching(_interior(out.knots), truth)
    seq = _regioncam_layers(net64)
    t_rc, rc = median_time(lambda: _run_regioncam(seq), repeats)
    xs = np.asarray(rc.inputs, dtype=float).ravel() + 0.5
    ys = np.asarray(rc.outputs, dtype=float).ravel()
    order = np.argsort(xs)
    xs, ys = xs[order], ys[order]
    inner = (xs > 0) & (xs < 1)
    rc_found, rc_spur = _matching(xs[inner], truth)
    check = float(np.max(np.abs(ys - net64.forward(np.clip(xs, 0, 1)))))
    n_true = len(truth)
    row = (
        name, true_pieces, out.pieces, n_true - sym_found, sym_spur, cp.merged.knots,
        rc.num_edges, n_true - rc_found, rc_spur, t_sym, t_rc, t_rc / t_sym, check, cp.merged.unresolved,
    )
    print(
        f"{row[0]:<22}{row[1]:>9}{row[2]:>9}{row[3]:>6}{row[4]:>6}{row[5]:>7}{row[13]:>7}"
        f"{row[6]:>9}{row[7]:>8}{row[8]:>8}{row[9] * 1e3:>10.4g}{row[10] * 1e3:>10.4g}{row[11]:>8.3g}{row[12]:>9.1e}",
        flush=True,
    )
    return row


HEADER = (
    f"{'network':<22}{'true':>9}{'sym pcs':>9}{'miss':>6}{'spur':>6}{'merged':>7}{'unres':>7}"
    f"{'rc edges':>9}{'rc miss':>8}{'rc spur':>8}{'sym ms':>10}{'rc ms':>10}{'rc/sym':>8}{'|Δf|':>9}"
)

RANGES = [(0.05, 0.95), (0.1, 0.9), (0.2, 0.8), (0.3, 0.7)]


def triangle_rows(depths, repeats, seed=0):
    for d in depths:
        for lo, hi in RANGES:
            rng = np.random.default_rng(seed)
            peaks = [float(p) for p in rng.uniform(lo, hi, d + 1)]
            net = triangle_network(peaks, max_pieces=2**25)
            truth = np.asarray(bend_sets(peaks, d - 1, max_pieces=2**25).bends[1:-1], dtype=float)
            yield bench(f"tri d={d} [{lo}, {hi}]", net, truth, 2**d, repeats if d < 20 else max(1, min(repeats, 3)))


def random_net(width, depth, rng):
    layers, fan_in = [], 1
    for _ in range(depth):
        layers.append((rng.normal(0, np.sqrt(2 / fan_in), (width, fan_in)), rng.normal(0, 0.1, width)))
        fan_in = width
    layers.append((rng.normal(0, np.sqrt(2 / fan_in), (1, fan_in)), rng.normal(0, 0.1, 1)))
    return ReLUNetwork(layers)


def random_rows(shapes, repeats, seed=1):
    rng = np.random.default_rng(seed)
    for width, depth in shapes:
        net = random_net(width, depth, rng)
        exact = net.to_pwl(0, 1, exact=True).output  # the float weights taken at their exact binary value
        truth = _interior(exact.knots)
        yield bench(f"He {width}x{depth}", net, truth, exact.pieces, repeats)


def exact_triangle(d, seed=0):
    from fractions import Fraction

    rng = np.random.default_rng(seed)
    peaks = [Fraction(int(k), 1000) for k in rng.integers(300, 701, d + 1)]
    net = triangle_network(peaks)
    t, c = time.perf_counter(), time.process_time()
    cp = net.to_pwl(0, 1)
    dt, dc = time.perf_counter() - t, time.process_time() - c
    print(f"exact triangle d={d} (peaks k/1000 in [0.3, 0.7]): {cp.output.pieces} pieces "
          f"(2^{d} = {2**d}), {len(cp.regions) - 1} regions, {dt:.2f} s wall, {dc:.2f} s CPU", flush=True)
    return dt


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="small sizes only (a smoke run)")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--no-exact", action="store_true", help="skip the exact-mode timing at the end")
    args = parser.parse_args(argv)
    try:
        import regioncam
    except ImportError:
        sys.exit("regioncam is not installed: pip install regioncam")
    print(f"symrelu float64 vs regioncam {regioncam.__version__} float32; interval [0, 1]; "
          f"median of {args.repeats} repeats (3 at depth >= 20); TOL = {TOL}; "
          "miss/spur: true breakpoints not found / vertices matching none; merged: symrelu's own count")
    print(HEADER)
    depths = [12] if args.quick else [16, 20]
    shapes = [(8, 3), (16, 5)] if args.quick else [(8, 3), (16, 5), (16, 10), (32, 8), (64, 3), (128, 2)]
    list(triangle_rows(depths, args.repeats))
    list(random_rows(shapes, args.repeats))
    if not args.no_exact:
        exact_triangle(10 if args.quick else 16)


if __name__ == "__main__":
    main()
