"""Benchmark symrelu.limit against its peers, measured in the same run.

1. float64 G(x) on 10^6 points: `limit_values` vs a torch CPU forward pass of
   the equivalent 4-wide network (`triangle_network` weights -> nn.Sequential of
   nn.Linear/nn.ReLU in float64), truncated at the depth that reaches double
   precision; max error of each against certified values on a subsample.
2. arbitrary precision: `limit_value` (certified) vs plain mpmath summation of
   the truncated series at the same precision; accuracy of each against
   certified values with 30 more digits.
3. one certified 1000-digit G(x).

Run:  nice -n 19 python benchmarks/bench_limit.py [--points 1000000] [--repeats 5]
Needs torch (pip install torch==2.13.0).
"""

from __future__ import annotations

import argparse
import statistics
import time
from fractions import Fraction

import mpmath
import numpy as np

from symrelu.limit import _float_plan, limit_value, limit_values
from symrelu.peaks import PeakSequence
from symrelu.triangle import triangle_network
from _timing import median_time


def median_times(fns, repeats):
    """Medians of interleaved runs (one of each per round), so that load drift hits all alike."""
    times = [[] for _ in fns]
    for _ in range(repeats):
        for k, fn in enumerate(fns):
            t0 = time.perf_counter()
            fn()
            times[k].append(time.perf_counter() - t0)
    return [statistics.median(t) for t in times]


def torch_model(peaks: PeakSequence, depth: int, variant: str):
    import torch

    net = triangle_network([float(peaks[i]) for i in range(depth + 1)], variant=variant, max_pieces=2**62)
    modules = []
    for k, (W, b) in enumerate(net.layers):
        W = np.array(W, dtype=np.float64)  # a writable copy for torch
        lin = torch.nn.Linear(W.shape[1], W.shape[0], dtype=torch.float64)
        with torch.no_grad():
            lin.weight.copy_(torch.from_numpy(W))
            lin.bias.copy_(torch.from_numpy(np.array(b, dtype=np.float64)))
        modules.append(lin)
        if k < len(net.layers) - 1:
            modules.append(torch.nn.ReLU(inplace=True))  # the peer at its best: no extra buffers
    return torch.nn.Sequential(*modules).eval()


def certified(xs, peaks, variant, digits=20):
    return np.array([float(limit_value(float(x), peaks, digits=digits, variant=variant).value) for x in xs])


def bench_float(peaks, name, variant, n, repeats, threads):
    import torch

    a, s = _float_plan(peaks, 1 if variant == "add" else -1, False)
    depth = len(s)  # terms summed by limit_values: tail < 2^-56
    model = torch_model(peaks, depth, variant)
    rng = np.random.default_rng(0)
    xs = rng.random(n)
    xt = torch.from_numpy(xs.reshape(-1, 1))
    sub = rng.choice(n, 300, replace=False)
    ref = certified(xs[sub], peaks, variant)
    ours = limit_values(xs, peaks, variant=variant)
    rows = []
    err_ours = np.max(np.abs(ours[sub] - ref))
    for nt in threads:
        torch.set_num_threads(nt)
        with torch.inference_mode():
            out = model(xt).numpy().ravel()
            t_ours, t_torch = median_times([lambda: limit_values(xs, peaks, variant=variant), lambda: model(xt)], repeats)
        err_torch = np.max(np.abs(out[sub] - ref))
        rows.append((name, variant, depth, nt, t_ours, t_torch, t_torch / t_ours, err_ours, err_torch))
    return rows


def plain_mpmath(x, peaks, variant, digits):
    """x ± Σ s_i W_i(x) at mp.dps = digits + 5, summed until s_i < 10^-(digits+2) (no certificate)."""
    with mpmath.workdps(digits + 5):
        X = mpmath.mpf(x.numerator) / x.denominator
        cache = {}

        def a(i):  # each peak converted once
            if i not in cache:
                q = peaks.fraction(i)
                cache[i] = mpmath.mpf(q.numerator) / q.denominator
            return cache[i]

        sign = 1 if variant == "add" else -1
        s = ((1 - a(0)) if sign > 0 else a(0)) * a(1)
        y, total, eps, i = X, X, mpmath.mpf(10) ** -(digits + 2), 0
        while s > eps:
            ai = a(i)
            y = y / ai if y <= ai else (1 - y) / (1 - ai)
            total += sign * s * y
            s *= (1 - a(i + 1)) * a(i + 2)
            i += 1
        return +total


def bench_mp(peaks, name, x, digits_list, repeats, variant="add"):
    rows = []
    for digits in digits_list:
        ref = limit_value(x, peaks, digits=digits + 30, variant=variant)
        t_cert, t_plain = median_times(
            [lambda: limit_value(x, peaks, digits=digits, variant=variant), lambda: plain_mpmath(x, peaks, variant, digits)],
            repeats,
        )
        r = limit_value(x, peaks, digits=digits, variant=variant)
        p = plain_mpmath(x, peaks, variant, digits)
        with mpmath.workprec(ref.prec + 10):
            e_cert = abs(r.value - ref.value) + ref.error
            e_plain = abs(p - ref.value) + ref.error
        rows.append((name, digits, t_cert, t_plain, t_plain / t_cert, e_cert, r.error, e_plain))
    return rows


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--points", type=int, default=10**6)
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--parts", default="123", help="which parts to run, e.g. 13")
    args = parser.parse_args()
    import torch

    sequences = {
        "a_i=1/2": PeakSequence([], [Fraction(1, 2)]),
        "mixed": PeakSequence([Fraction(3, 10), Fraction(7, 10)], [Fraction(9, 20), Fraction(3, 5), Fraction(7, 20)]),
        "c=1/10": PeakSequence([Fraction(1, 7)], [Fraction(1, 10), Fraction(9, 10)]),
    }
    print(f"torch {torch.__version__}, numpy {np.__version__}, mpmath {mpmath.__version__} (backend {mpmath.libmp.BACKEND})")
    if "1" in args.parts:
        float_part(sequences, args)
    if "2" in args.parts:
        mp_part(sequences, args)
    if "3" in args.parts:
        thousand_part(sequences, args)


def float_part(sequences, args):
    import torch

    print(f"\n1. float64 G(x) on {args.points:,} points, median of {args.repeats}; errors vs certified values (300 points)")
    head = f"{'peaks':9} {'variant':8} {'depth':>5} {'torch thr':>9} {'symrelu s':>10} {'torch s':>9} {'ratio':>6} {'err symrelu':>12} {'err torch':>10}"
    print(head)
    for name, peaks in sequences.items():
        for variant in ("add", "subtract"):
            for row in bench_float(peaks, name, variant, args.points, args.repeats, threads=(1, torch.get_num_threads())):
                print(f"{row[0]:9} {row[1]:8} {row[2]:5d} {row[3]:9d} {row[4]:10.4f} {row[5]:9.4f} {row[6]:6.1f} {row[7]:12.2e} {row[8]:10.2e}")


def mp_part(sequences, args):
    print(f"\n2. arbitrary precision at x = 1/3, median of {args.repeats}: certified limit_value vs plain mpmath summation")
    print(f"{'peaks':9} {'digits':>6} {'certified s':>11} {'plain s':>9} {'ratio':>6} {'err cert':>10} {'bound':>10} {'err plain':>10}")
    for name, peaks in sequences.items():
        for row in bench_mp(peaks, name, Fraction(1, 3), (50, 300, 1000), args.repeats):
            print(f"{row[0]:9} {row[1]:6d} {row[2]:11.4f} {row[3]:9.4f} {row[4]:6.2f} "
                  f"{mpmath.nstr(row[5], 3):>10} {mpmath.nstr(row[6], 3):>10} {mpmath.nstr(row[7], 3):>10}")


def thousand_part(sequences, args):
    print(f"\n3. certified 1000-digit G(1/3), median of {args.repeats} (target < 0.2 s)")
    for name, peaks in sequences.items():
        t, _ = median_time(lambda: limit_value(Fraction(1, 3), peaks, digits=1000), args.repeats)
        r = limit_value(Fraction(1, 3), peaks, digits=1000)
        print(f"{name:9} {t:.4f} s  terms={r.terms} prec={r.prec} bits  error <= {mpmath.nstr(r.error, 3)}")


if __name__ == "__main__":
    main()
