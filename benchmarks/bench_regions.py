"""Linear regions on [-1, 1]^2: symrelu float64 and exact against regioncam, on random He networks.

For each network 2 -> width x depth -> 1 (He-normal weights, biases N(0, 0.1^2), seed 0)
it prints the regions each engine finds, how many are spurious or missing
against the exact complex (activation patterns compared as multisets), the
median wall time and the ratios float / regioncam and exact / regioncam.

    nice python benchmarks/bench_regions.py --quick
    nice python benchmarks/bench_regions.py            # up to 2 x 128 x 4 (exact only up to --exact-limit)
    OMP_NUM_THREADS=1 nice python benchmarks/bench_regions.py --only 64x   # one BLAS thread, as regioncam

Both engines' CPU times depend on glibc malloc's state (large buffers freed back
to the OS cost page faults on the next call; regioncam spends about a third of
its time in them on 64x3).  For timings that do not depend on the process's
allocation history, fix the thresholds for both:

    MALLOC_MMAP_THRESHOLD_=1073741824 MALLOC_TRIM_THRESHOLD_=1073741824 OMP_NUM_THREADS=1 \
        nice python benchmarks/bench_regions.py --only 64x3
"""

import argparse
import statistics
import sys
import time
import warnings
from collections import Counter

import numpy as np
from _timing import median_time

from symrelu.network import ReLUNetwork
from symrelu.regions import Box, regions

try:
    import regioncam
except ImportError:  # pragma: no cover
    regioncam = None


def he_layers(width, depth, seed=0):
    rng = np.random.default_rng(seed)
    widths = [2] + [width] * depth + [1]
    return [(rng.normal(size=(o, i)) * np.sqrt(2 / i), rng.normal(size=o) * 0.1) for i, o in zip(widths[:-1], widths[1:])]


def blocks_layers(seed=0):
    """000 §5's two-block network for r^3 at initialization (raw weights, as exported for training); needs torch."""
    from symrelu.experiments.blocks import BlockNetworks, _input_maps
    from symrelu.experiments.protocol import Config

    cfg = Config()
    rng = np.random.default_rng(seed + 7)  # as run_blocks draws them
    peaks = rng.uniform(cfg.margin, 1 - cfg.margin, size=(1, 2, cfg.depth + 1))
    P, q = _input_maps("r3", 1, 2, rng)
    net = BlockNetworks(peaks, P, q, (1.0, 1.0), margin=cfg.margin).to_batched().network(0)
    return [(np.asarray(W, dtype=float), np.asarray(b, dtype=float)) for W, b in net.layers]


def run_regioncam(layers):
    rc = regioncam.Regioncam(1.0)
    relu_ids = []
    for W, b in layers[:-1]:
        rc.linear(np.ascontiguousarray(W.T, dtype=np.float32), np.asarray(b, dtype=np.float32))
        relu_ids.append(rc.relu())
    return rc, relu_ids


def regioncam_patterns(rc, relu_ids):
    # after ReLU a unit's affine map on a face is identically zero exactly when the unit is off there
    bits = np.concatenate([np.any(np.asarray(rc.face_activations(i)) != 0, axis=1) for i in relu_ids], axis=1)
    return Counter(row.tobytes() for row in np.packbits(bits, axis=1))


def cpu_time(fn, repeats):
    """Median CPU seconds of the process (all threads) over ``repeats`` calls: steadier than wall time on a
    loaded machine."""
    times = []
    for _ in range(max(1, repeats)):
        t0 = time.process_time()
        fn()
        times.append(time.process_time() - t0)
    return statistics.median(times)


def cpu_times_interleaved(fns, repeats):
    """Median CPU seconds of each of ``fns``, the calls interleaved (f, g, f, g, ...) so that a change in the
    machine's load affects both alike."""
    times = [[] for _ in fns]
    for _ in range(max(1, repeats)):
        for k, fn in enumerate(fns):
            t0 = time.process_time()
            fn()
            times[k].append(time.process_time() - t0)
    return [statistics.median(t) for t in times]


def compare(found, truth):
    spurious = sum((found - truth).values())
    missing = sum((truth - found).values())
    return spurious, missing


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small networks only")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--cpu-repeats", type=int, default=7, help="interleaved CPU-time calls per engine")
    parser.add_argument("--only", help="run only the networks whose name (e.g. 64x3, blocks) contains this")
    parser.add_argument("--exact-limit", type=int, default=40000,
                        help="run exact mode only where float64 found at most this many regions")
    args = parser.parse_args(argv)
    if args.quick:
        configs = [(16, 3), (16, 4), (32, 3)]
    else:
        configs = [(16, 3), (16, 6), (32, 4), (32, 6), (64, 3), (64, 4), (64, 5), (128, 3), (128, 4)]
    head = (f"{'network':>9} {'float64':>8} {'sp/mi':>6} {'t float':>8} {'exact':>8} {'t exact':>8} "
            f"{'regioncam':>9} {'sp/mi':>7} {'t rcam':>8} {'float/rcam':>10} {'exact/rcam':>10} "
            f"{'cpu float':>9} {'cpu rcam':>8} {'cpu ratio':>9} {'merged':>6} {'refined':>7}")
    print(head)
    print("-" * len(head))
    cases = [(f"{width}x{depth}", he_layers(width, depth)) for width, depth in configs]
    try:
        cases.append(("blocks", blocks_layers()))
    except ImportError:  # the torch extra
        print("(000 §5 two-block network skipped: needs torch)")
    if args.only:
        cases = [(name, layers) for name, layers in cases if args.only in name]
    for name, layers in cases:
        net = ReLUNetwork(layers)
        dom = Box([-1, -1], [1, 1])
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", RuntimeWarning)
            t_float, cf = median_time(lambda: regions(net, dom, exact=False, estimate_samples=0), args.repeats)
        pf = Counter(row.tobytes() for row in np.packbits(cf.patterns, axis=1))
        if len(cf) <= args.exact_limit:
            t0 = time.perf_counter()
            ce = regions(net, dom, exact=True, estimate_samples=0)
            t_exact = time.perf_counter() - t0
            truth = Counter(row.tobytes() for row in np.packbits(ce.patterns, axis=1))
            n_exact = len(ce)
        else:
            t_exact, truth, n_exact = float("nan"), None, None
        if regioncam is not None:
            t_rc, (rc, ids) = median_time(lambda: run_regioncam(layers), args.repeats)
            prc = regioncam_patterns(rc, ids)
            n_rc = rc.num_faces
        else:
            t_rc, prc, n_rc = float("nan"), None, None
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # merges are reported in the last column
            if regioncam is not None:
                c_float, c_rc = cpu_times_interleaved([lambda: regions(net, dom, exact=False, estimate_samples=0),
                                                       lambda: run_regioncam(layers)], args.cpu_repeats)
            else:
                c_float, c_rc = cpu_time(lambda: regions(net, dom, exact=False, estimate_samples=0),
                                         args.cpu_repeats), float("nan")
        sf = "%d/%d" % compare(pf, truth) if truth is not None else "-"
        sr = "%d/%d" % compare(prc, truth) if truth is not None and prc is not None else "-"
        print(f"{name:>9} {len(cf):>8} {sf:>6} {t_float:>8.3f} "
              f"{n_exact if n_exact is not None else '-':>8} {t_exact:>8.2f} "
              f"{n_rc if n_rc is not None else '-':>9} {sr:>7} {t_rc:>8.3f} "
              f"{t_float / t_rc:>10.2f} {t_exact / t_rc:>10.1f} "
              f"{c_float:>9.3f} {c_rc:>8.3f} {c_float / c_rc:>9.2f} {cf.merged.count:>6} {cf.merged.refined:>7}")
        sys.stdout.flush()
        del caught
    print("\nsp/mi: spurious / missing regions against the exact complex (activation patterns as multisets);"
          "\ntimes: median wall seconds (float64, regioncam over --repeats runs; exact one run); cpu: median process"
          "\nCPU seconds (all threads) of the same calls, float64 and regioncam interleaved; merged: float64's MergeReport.count"
          "\n(places left unresolved); refined: places float64 could not certify, resolved by recomputing their"
          "\nfirst-layer cells exactly (MergeReport.refined; the float64 times include it)")


if __name__ == "__main__":
    main()
