"""000 Tables 1-3 over many seeds: one tensor program for all seeds (run_seeded) vs the sequential per-seed loop.

Both sides run `symrelu.experiments.seeded.run_seeded` with the same
configuration and seeds; ``batch_seeds=True`` stacks every seed's models on
the model axis of one Trainer per training type, ``batch_seeds=False`` trains
the seeds one after the other with the same code.  The runs are the same
computation (each model gets exactly its own Adam updates), and the script
prints the largest relative difference of the final MSEs next to the medians
of ``--repeats`` interleaved runs and their ratio.  The last line extrapolates
the batched time per epoch to the paper's 1000 + 1000 epochs.

    nice -n 10 python benchmarks/bench_seeds.py [--seeds 10] [--models 30] [--epochs 20] [--repeats 3]
"""

from __future__ import annotations

import argparse
import os

import numpy as np
import torch

from _timing import median_time
from symrelu.experiments.protocol import Config
from symrelu.experiments.seeded import run_seeded


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--seeds", type=int, default=10)
    p.add_argument("--models", type=int, default=30)
    p.add_argument("--epochs", type=int, default=20, help="pretraining epochs, and as many raw-weight epochs")
    p.add_argument("--repeats", type=int, default=3)
    p.add_argument("--device", default="cpu")
    p.add_argument("--threads", type=int, default=1)
    args = p.parse_args()
    torch.set_num_threads(args.threads)
    cfg = Config(n_models=args.models, pretrain_epochs=args.epochs, free_epochs=args.epochs, device=args.device,
                 max_gib=16.0)
    seeds = list(range(args.seeds))
    run_seeded(Config(n_models=1, pretrain_epochs=1, free_epochs=1, targets=("x3",)), [0])  # warm-up
    times = {True: [], False: []}
    out = {}
    for _ in range(args.repeats):  # interleaved, so both sides see the same load
        for batched in (True, False):
            t, out[batched] = median_time(lambda: run_seeded(cfg, seeds, batch_seeds=batched), 1)
            times[batched].append(t)
    diff = max(float(np.max(np.abs(out[True][part][k] - out[False][part][k]) / out[False][part][k]))
               for part in ("tables", "sparse_test") for k in out[True][part])
    tb, ts = float(np.median(times[True])), float(np.median(times[False]))
    print(f"{args.seeds} seeds x 4 targets x {args.models} models, Tables 1-2 (4 types) + Table 3 (2 types), "
          f"{args.epochs} + {args.epochs} epochs, float64, device {args.device}, torch {torch.__version__}, "
          f"{torch.get_num_threads()} threads, load {os.getloadavg()[0]:.2f}, {args.repeats} repeats")
    print(f"{'batched over seeds (s)':>24s} {'per-seed loop (s)':>18s} {'ratio loop/batched':>19s} "
          f"{'max rel diff':>13s}")
    print(f"{tb:24.2f} {ts:18.2f} {ts / tb:19.2f} {diff:13.2g}")
    full = tb / (2 * args.epochs) * 2000
    print(f"Extrapolated to 1000 + 1000 epochs: batched {full / 60:.1f} min, per-seed loop "
          f"{ts / (2 * args.epochs) * 2000 / 60:.1f} min (this load)")


if __name__ == "__main__":
    main()
