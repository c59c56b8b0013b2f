"""``python -m symrelu.swaps recompute --n N [...]`` and ``python -m symrelu.swaps chambers --output FILE``."""

from __future__ import annotations

import json
import sys
import time

import numpy as np

from .. import swaps as _package
from .._cli import Parser, folder, int_in, output_file, real_in, run_main
from .._files import npz_path, replacing
from ._chambers import MAX_SWAPS_INPUTS, compute_fundamental_chambers
from ._recompute import DEFAULT_CHUNKS, MAX_CHUNKS, _content_hash, _table_meta, recompute


def _main(argv=None):
    parser = Parser(prog="python -m symrelu.swaps", description=_package.__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    rec = sub.add_parser("recompute", help="recompute swaps values of all NPN classes")
    rec.add_argument("--n", type=int_in(0, MAX_SWAPS_INPUTS), required=True)
    rec.add_argument("--chunks", type=int_in(1, MAX_CHUNKS), default=None,
                     help=f"number of jobs (default {DEFAULT_CHUNKS})")
    rec.add_argument("--checkpoint", type=folder, default=None, help="directory for resumable per-chunk results")
    rec.add_argument("--workers", type=int_in(1), default=None)
    rec.add_argument("--serial", action="store_true", help="run in this process")
    rec.add_argument("--max-seconds", type=real_in(0), default=None,
                     help="stop starting jobs after this many seconds (needs --checkpoint; 0: only merge it)")
    rec.add_argument("--seed", type=int_in(0), default=0, help="seed of the job order")
    rec.add_argument("--output", type=output_file, default=None, help="write the npz here (default: print a summary)")
    cham = sub.add_parser("chambers", help="recompute the fundamental chambers for n = 1..N")
    cham.add_argument("--max-n", type=int_in(1, MAX_SWAPS_INPUTS), default=MAX_SWAPS_INPUTS)
    cham.add_argument("--output", type=output_file, required=True)
    args = parser.parse_args(argv)
    if args.command == "chambers":
        output = npz_path(args.output)
        output_file(output)  # the name numpy writes (.npz appended) must be writable too
        arrays = {}
        for n in range(1, args.max_n + 1):
            t0 = time.perf_counter()
            orders, weights = compute_fundamental_chambers(n)
            arrays[f"orders_{n}"], arrays[f"weights_{n}"] = orders.astype(np.uint8), weights
            print(f"n={n}: {len(orders)} fundamental chambers in {time.perf_counter() - t0:.1f} s")
        with replacing(output) as tmp:
            np.savez_compressed(tmp, **arrays)
        return 0
    if args.max_seconds is not None and args.checkpoint is None:
        rec.error("--max-seconds needs --checkpoint (a run stopped early keeps its chunks only there)")
    if args.output is not None:
        output_file(npz_path(args.output))
    t0 = time.perf_counter()
    codes, values, done, chunks = recompute(
        args.n, chunks=args.chunks, checkpoint=args.checkpoint,
        executor="serial" if args.serial else None, max_workers=args.workers, max_seconds=args.max_seconds,
        seed=args.seed,
    )
    seconds = time.perf_counter() - t0
    dist = {int(v): int(c) for v, c in zip(*np.unique(values, return_counts=True))}
    print(json.dumps({"n": args.n, "classes": len(codes), "chunks_done": done, "chunks": chunks,
                      "complete": done == chunks, "distribution": dist, "max": max(dist) if dist else None,
                      "seconds": round(seconds, 1)}))
    if args.output:
        small = codes.astype(np.uint32) if args.n <= 5 else codes  # halves the shipped file
        digest = _content_hash(_table_meta(args.n, done, chunks), codes, values)
        with replacing(npz_path(args.output)) as tmp:  # codes already increase (checked by recompute)
            np.savez_compressed(tmp, codes=small, swaps=values, done=done, chunks=chunks, n=args.n,
                                sha256=np.array(digest))
    return 0


if __name__ == "__main__":
    sys.exit(run_main(_main))
