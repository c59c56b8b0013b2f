"""Batched training of N small models (symrelu.torch_bridge) vs a per-model loop of nn.Sequential training.

Both sides train N networks 1 -> 4 x 5 -> 1 (000 §4) on 500 points of x^3
with Adam (lr 1e-3), full batch, the same number of epochs, from the same
initial weights; the peer is the ordinary loop ``for model in models:
for epoch ...: opt.zero_grad(); loss.backward(); opt.step()``.  Prints the
median of ``--repeats`` runs of each, interleaved, and the ratio, plus the
largest difference between the final weights (the two are the same
computation, so it should be at rounding level).

    python benchmarks/bench_training.py [--models 120] [--epochs 200] [--repeats 3] [--device cpu] [--threads 1]
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

import torch

from symrelu.torch_bridge import BatchedReLU, Trainer, default_networks, train_together


def batched(nets: BatchedReLU, x, y, epochs):
    t = Trainer(nets, x, y)
    start = time.perf_counter()
    train_together([t], epochs)
    if x.is_cuda:
        torch.cuda.synchronize()
    return time.perf_counter() - start, nets


def per_model_loop(nets: BatchedReLU, x, y, epochs):
    modules = [nets.module(m) for m in range(nets.n_models)]
    xs = x[:, None]
    start = time.perf_counter()
    for module in modules:
        opt = torch.optim.Adam(module.parameters(), lr=1e-3)
        for _ in range(epochs):
            opt.zero_grad(set_to_none=True)
            loss = ((module(xs)[:, 0] - y) ** 2).mean()
            loss.backward()
            opt.step()
    if x.is_cuda:
        torch.cuda.synchronize()
    return time.perf_counter() - start, modules


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--models", type=int, default=120)
    p.add_argument("--epochs", type=int, default=200)
    p.add_argument("--repeats", type=int, default=3)
    p.add_argument("--device", default="cpu")
    p.add_argument("--dtype", choices=("float64", "float32"), default="float64")
    p.add_argument("--threads", type=int, default=1, help="torch CPU threads for both sides (default 1)")
    args = p.parse_args()
    torch.set_num_threads(args.threads)
    dt = getattr(torch, args.dtype)
    x = torch.linspace(0, 1, 500, dtype=dt, device=args.device)
    y = x**3
    widths = (1, 4, 4, 4, 4, 4, 1)
    ours, peer, diff = [], [], 0.0
    for r in range(args.repeats):
        init = default_networks(args.models, widths, seed=r, dtype=dt, device=args.device)
        a = BatchedReLU([(W.detach(), b.detach()) for W, b in init.layers()])
        t_ours, trained = batched(a, x, y, args.epochs)
        t_peer, modules = per_model_loop(init, x, y, args.epochs)
        ours.append(t_ours)
        peer.append(t_peer)
        for m, mod in enumerate(modules):
            for l in range(len(widths) - 1):
                diff = max(diff, (trained.W[l][m] - mod[2 * l].weight).abs().max().item())
    mo, mp = statistics.median(ours), statistics.median(peer)
    print(f"{args.models} models x {args.epochs} epochs, {args.dtype}, device {args.device}, "
          f"torch {torch.__version__}, {torch.get_num_threads()} threads, load {os.getloadavg()[0]:.2f}")
    print(f"{'symrelu batched (s)':>22s} {'per-model loop (s)':>20s} {'ratio loop/batched':>20s}")
    print(f"{mo:22.3f} {mp:20.3f} {mp / mo:20.1f}")
    print(f"median of {args.repeats} interleaved repeats; max |weight difference| after training: {diff:.1e}")


if __name__ == "__main__":
    main()
