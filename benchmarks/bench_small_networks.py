"""Benchmark: CPWL form of many small random networks, symrelu batched vs to_pwl loop vs regioncam.

For each shape (width in {8, 16, 32} x depth in {3, 4, 5} hidden layers, plus a
deep/wide hard case) the script draws N He-initialized networks (weights
N(0, 2 / fan_in), biases N(0, 0.1^2), one output) and computes their CPWL
form on [-1, 1] three ways, in the same run:

* ``batched``: `symrelu.batched.batch_to_pwl` on the stacked float64 arrays
  (one call for all N networks; validation included in the time);
* ``loop``: ``ReLUNetwork.to_pwl(-1, 1, exact=False)`` per network (the
  networks are built before timing; timed on the first ``--loop`` of them,
  20 in the hard case);
* ``rc``: regioncam's ``Regioncam1D(2.0)`` (it covers [-1, 1]) with one
  ``linear``/``relu`` call per layer, per network, in float32 (its only
  mode), the float32 weights prepared before timing.

It prints the median wall time per network over ``--repeats`` repeats (the
three interleaved, so that the machine's load hits them alike), the ratios
to batched, and ``cpu``: regioncam / batched in CPU time (``process_time``,
less sensitive to a loaded machine).  It checks agreement: the activation-region counts of all three
(batched ``regions``, ``len(to_pwl.regions) - 1``, ``Regioncam1D.num_edges``),
the output piece counts of batched and loop, and, on the first ``--exact``
networks (``--exact-hard`` in the hard case, default 0: about 80 s each),
batched against exact rational arithmetic (``to_pwl(exact=True)``, the
float weights at their exact binary value).  A disagreement column counts
networks where the pair differs; ``merged`` counts batched networks with
unresolved knots (their counts carry no guarantee).

Run:  nice -n 19 python benchmarks/bench_small_networks.py [--quick] [--repeats N]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time

import numpy as np

from _timing import median_time
from symrelu.batched import batch_to_pwl
from symrelu.network import ReLUNetwork

LO, HI = -1.0, 1.0


def he_layers(width, depth, n, rng):
    """Stacked float64 (W, b): ``depth`` hidden layers of ``width``, one output."""
    layers, fan_in = [], 1
    for _ in range(depth):
        layers.append((rng.normal(0, np.sqrt(2 / fan_in), (n, width, fan_in)), rng.normal(0, 0.1, (n, width))))
        fan_in = width
    layers.append((rng.normal(0, np.sqrt(2 / fan_in), (n, 1, fan_in)), rng.normal(0, 0.1, (n, 1))))
    return layers


def run_regioncam(nets32):
    import regioncam

    out = []
    for layers in nets32:
        rc = regioncam.Regioncam1D(HI - LO)
        last = len(layers) - 1
        for k, (Wt, b) in enumerate(layers):
            rc.linear(Wt, b)
            if k < last:
                rc.relu()
        out.append(rc.num_edges)
    return out


def row(width, depth, n, n_loop, n_exact, repeats, rng):
    layers = he_layers(width, depth, n, rng)
    nets = [ReLUNetwork([(W[i], b[i]) for W, b in layers], exact=False) for i in range(n)]
    nets32 = [[(W[i].T.astype(np.float32), b[i].astype(np.float32)) for W, b in layers] for i in range(n)]
    runs = {
        "batch": lambda: batch_to_pwl(layers, LO, HI, warn=False),  # merged networks are counted below
        "loop": lambda: [net.to_pwl(LO, HI, exact=False) for net in nets[:n_loop]],
        "rc": lambda: run_regioncam(nets32),
    }
    wall, cpu, out = {k: [] for k in runs}, {k: [] for k in runs}, {}
    for _ in range(repeats):  # interleaved, so that the load of the machine hits all three alike
        for key, fn in runs.items():
            c0 = time.process_time()
            t, out[key] = median_time(fn, 1)
            wall[key].append(t)
            cpu[key].append(time.process_time() - c0)
    per = {"batch": n, "loop": n_loop, "rc": n}
    t_batch, t_loop, t_rc = (statistics.median(wall[k]) / per[k] for k in ("batch", "loop", "rc"))
    c_batch, c_rc = (statistics.median(cpu[k]) / per[k] for k in ("batch", "rc"))
    res, loop, rc_edges = out["batch"], out["loop"], out["rc"]
    regions = res.regions
    loop_regions = np.array([len(c.regions) - 1 for c in loop])
    loop_pieces = np.array([c.output.pieces for c in loop])
    rc_edges = np.asarray(rc_edges)
    exact_bad = 0
    for i in range(n_exact):
        ex = nets[i].to_pwl(LO, HI, exact=True)
        exact_bad += (ex.output.pieces != res.pieces[i]) or (len(ex.regions) - 1 != regions[i])
    return dict(
        shape=f"{width}x{depth}", n=n, regions=float(regions.mean()), pieces=float(res.pieces.mean()),
        t_batch=t_batch, t_loop=t_loop, t_rc=t_rc, cpu_ratio=c_rc / c_batch,
        reg_loop=int(np.sum(loop_regions != regions[:n_loop])), pcs_loop=int(np.sum(loop_pieces != res.pieces[:n_loop])),
        reg_rc=int(np.sum(rc_edges != regions)), exact=f"{exact_bad}/{n_exact}", merged=int(np.sum(res.merged > 0)),
    )


HEADER = (f"{'shape':<8}{'N':>6}{'regions':>9}{'pieces':>8}{'batched':>10}{'loop':>10}{'rc':>10}"
          f"{'loop/bat':>9}{'rc/bat':>8}{'cpu':>6}{'≠loop r/p':>11}{'≠rc':>6}{'≠exact':>8}{'merged':>8}")


def fmt(r):
    return (f"{r['shape']:<8}{r['n']:>6}{r['regions']:>9.1f}{r['pieces']:>8.1f}"
            f"{r['t_batch'] * 1e6:>8.1f}us{r['t_loop'] * 1e6:>8.1f}us{r['t_rc'] * 1e6:>8.1f}us"
            f"{r['t_loop'] / r['t_batch']:>9.1f}{r['t_rc'] / r['t_batch']:>8.2f}{r['cpu_ratio']:>6.2f}"
            f"{r['reg_loop']:>6}/{r['pcs_loop']:<4}{r['reg_rc']:>6}{r['exact']:>8}{r['merged']:>8}")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="small sizes only (a smoke run)")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--networks", type=int, default=1000, help="networks per shape")
    parser.add_argument("--loop", type=int, default=200, help="networks timed with the to_pwl loop")
    parser.add_argument("--exact", type=int, default=20, help="networks checked against exact arithmetic")
    parser.add_argument("--exact-hard", type=int, default=0, help="exact checks in the hard case (80 s each)")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    try:
        import regioncam
    except ImportError:
        sys.exit("regioncam is not installed: pip install regioncam")
    shapes = [(w, d) for w in (8, 16, 32) for d in (3, 4, 5)]
    hard = (64, 8)
    if args.quick:
        shapes, hard, args.networks, args.loop, args.exact, args.exact_hard = [(8, 3), (16, 4)], (32, 6), 200, 50, 5, 1
    print(f"symrelu batched (float64) vs to_pwl loop (float64) vs regioncam {regioncam.__version__} "
          f"(float32); He networks on [{LO}, {HI}]; per-network wall time, median of {args.repeats} repeats; "
          f"loop timed on {args.loop} networks, exact check on {args.exact}")
    print(HEADER)
    rng = np.random.default_rng(args.seed)
    t0 = time.perf_counter()
    for width, depth in shapes:
        n_loop = min(args.loop, args.networks)
        print(fmt(row(width, depth, args.networks, n_loop, min(args.exact, args.networks), args.repeats, rng)), flush=True)
    # The hard case: to_pwl takes about 0.7 s per network there and the exact check 80 s.
    print(fmt(row(*hard, args.networks, min(args.loop, 20), args.exact_hard, args.repeats, rng)), flush=True)
    print(f"total {time.perf_counter() - t0:.0f} s")


if __name__ == "__main__":
    main()
