"""``python -m symrelu.experiments [--reduced] [--out DIR] [--device cpu|cuda]``: 000 §4–§5 side by side with the paper.

Runs Tables 1–2 (four training types x four targets), Table 3 (sparse data),
the exact piece counts of the trained networks (Fig. 5) and the two-block
problems of §5; writes ``results.csv``, ``results.json`` and PNG figures to
``--out`` and prints the comparison.  Exit status 0 (the comparison is
reported, not asserted), 2 for bad usage.
"""

from __future__ import annotations

import os
import platform
import sys
import time

import numpy as np

__all__ = ["main", "run"]


def _load() -> str:
    try:
        return " ".join(f"{v:.2f}" for v in os.getloadavg())
    except OSError:  # pragma: no cover - not on every platform
        return "n/a"


def run(cfg, out: str, *, blocks: bool = True, pieces: bool = True, show_progress: bool = True) -> dict:
    """Run everything for ``cfg`` (a `Config`), write files to ``out``, return the payload."""
    import torch

    from ..plot.training import comparison_figure, fits_figure, pieces_figure
    from .blocks import PROBLEMS, run_blocks
    from .paper import PAPER_001_STAGE_1, PAPER_SECTION_5, PAPER_TABLE_3, PAPER_TABLES_1_2, SOURCE
    from .protocol import TARGETS, count_pieces, run_sparse, run_tables, sparse_data
    from .._files import replacing
    from ..parallel import Progress
    from .report import format_table, format_window, table_rows, window_rows, write_csv, write_json

    def save(fig, name):
        import matplotlib.pyplot as plt

        with replacing(os.path.join(out, name)) as tmp:
            fig.savefig(tmp, dpi=110)
        plt.close(fig)  # pyplot keeps every figure alive until closed

    os.makedirs(out, exist_ok=True)
    total = cfg.pretrain_epochs + cfg.free_epochs
    env = {"torch": torch.__version__, "device": cfg.device, "threads": torch.get_num_threads(),
           "python": platform.python_version(), "cpus": os.cpu_count(), "load_before": _load()}
    if cfg.device.startswith("cuda"):
        env["gpu"] = torch.cuda.get_device_name(0)

    tables = run_tables(cfg, progress=Progress(total, "Tables 1-2", unit="epochs", enabled=show_progress))
    env["load_after_tables"] = _load()
    rows = table_rows("tables", tables["mse"], PAPER_TABLES_1_2)
    window = window_rows(tables["window"], PAPER_TABLES_1_2)
    pre_rows = table_rows("tables-pretraining-only", tables["pretrain_mse"], {"law": PAPER_001_STAGE_1},
                          source="001")
    sparse = run_sparse(cfg, progress=Progress(total, "Table 3", unit="epochs", enabled=show_progress))
    sparse_rows = table_rows("sparse", sparse["test_mse"], PAPER_TABLE_3)
    payload = {
        "source": SOURCE, "config": cfg.__dict__, "environment": env,
        "seconds": {"tables": tables["seconds"], "sparse": sparse["seconds"]},
        "rows": rows + pre_rows + sparse_rows,
        "window": {"rows": window, "per_epoch": tables["window"]},
        "per_model_mse": {"tables": tables["mse"], "tables_pretraining_only": tables["pretrain_mse"],
                          "sparse_test": sparse["test_mse"], "sparse_train": sparse["train_mse"]},
    }

    if pieces:
        t0 = time.perf_counter()
        counts = {k: count_pieces(tables["models"][k]) for k in ("default", "skipped", "free", "law")}
        payload["seconds"]["pieces"] = time.perf_counter() - t0
        n = cfg.n_models
        payload["pieces"] = {
            k: {t: {name: arr[i * n:(i + 1) * n] for name, arr in v.items()} for i, t in enumerate(cfg.targets)}
            for k, v in counts.items()}
        fig = pieces_figure({k: counts[k]["pieces"] for k in ("default", "law")},
                            title=f"Linear pieces on [0, 1], all targets (Fig. 5; {len(cfg.targets) * n} models each)")
        save(fig, "pieces.png")

    if blocks:
        payload["section5"] = {}
        for name in PROBLEMS:
            res = run_blocks(cfg, name, progress=Progress(total, f"§5 {name}", unit="epochs", enabled=show_progress))
            payload["seconds"][f"section5_{name}"] = res["seconds"]
            payload["section5"][name] = {"mse": res["mse"], "pretrain_mse": res["pretrain_mse"],
                                         "paper": PAPER_SECTION_5[name]}
            if name == "x3_minus_x":
                x = res["x"][:, 0].cpu().numpy()
                with torch.no_grad():
                    curves = {"target": res["y"].cpu().numpy()}
                    for k in ("blocks", "standard"):
                        best = int(np.argmin(res["mse"][k]))
                        curves[f"{k} (MSE {res['mse'][k][best]:.1e})"] = res["models"][k](res["x"])[best].cpu().numpy()
                save(fits_figure([{"title": "x^3 - x (000 Fig. 7): best of each", "grid": x, "curves": curves}]),
                     "section5_x3_minus_x.png")

    # figures of Tables 1-3
    save(comparison_figure(rows), "tables_1_2.png")
    x_train, x_test = sparse_data(cfg)
    grid = torch.linspace(0, 1, 400, dtype=cfg.torch_dtype, device=x_train.device)
    panels = []
    with torch.no_grad():
        for i, t in enumerate(cfg.targets):
            curves = {}
            for k in ("default", "law"):
                errs = sparse["test_mse"][k][t]
                best = i * cfg.n_models + int(np.argmin(errs))
                curves[f"{k} (test {errs.min():.1e})"] = sparse["models"][k](grid)[best].cpu().numpy()
            f = TARGETS[t]
            panels.append({"title": t, "grid": grid.cpu().numpy(), "curves": curves,
                           "train": (x_train.cpu().numpy(), f(x_train).cpu().numpy()),
                           "test": (x_test.cpu().numpy(), f(x_test).cpu().numpy())})
    save(fits_figure(panels, title="Table 3 / Fig. 4: best model of each type on sparse data"), "sparse_fits.png")

    env["load_after"] = _load()
    write_csv(payload["rows"], os.path.join(out, "results.csv"))
    write_json(payload, os.path.join(out, "results.json"))
    payload["text"] = "\n\n".join([
        format_table(rows, title=f"Tables 1-2 (final training MSE, {cfg.n_models} models per cell; RAAI not run)"),
        f"The same statistics after each of the last {window[0]['epochs']} epochs (range; ≤000: epochs at which "
        f"ours is at most the paper's; both: min and mean at once)\n" + format_window(window),
        format_table(pre_rows, title="After pretraining only (000 gives no number; 001's 'Stage 1' for law)"),
        format_table(sparse_rows, title="Table 3 (test MSE on the 10 points between the 10 training points)"),
    ])
    return payload


def _print_summary(payload, out, stream=None):
    stream = sys.stdout if stream is None else stream
    print(payload["text"], file=stream)
    if "pieces" in payload:
        print("\nLinear pieces on [0, 1] (exact CPWL count; median [min, max] over models):", file=stream)
        for k, per in payload["pieces"].items():
            cells = ", ".join(f"{t}: {int(np.median(v['pieces']))} [{v['pieces'].min()}, {v['pieces'].max()}]"
                              for t, v in per.items())
            cells += f"   (exact-rational count incl. rounding slivers: median {int(np.median(np.concatenate([v['pieces_exact'] for v in per.values()])))})"
            print(f"  {k:8s} {cells}", file=stream)
    if "section5" in payload:
        print("\n§5 two-block problems (final MSE: min / mean over models; 000 reports one loss each):", file=stream)
        for name, r in payload["section5"].items():
            b, s = r["mse"]["blocks"], r["mse"]["standard"]
            print(f"  {name:11s} blocks {b.min():.2e} / {b.mean():.2e} (000: {r['paper']['blocks']:.1e})   "
                  f"standard {s.min():.2e} / {s.mean():.2e} (000, 8x5: {r['paper']['standard']:.1e})", file=stream)
    secs = payload["seconds"]
    print("\nSeconds: " + ", ".join(f"{k} {v:.1f}" for k, v in secs.items()), file=stream)
    env = payload["environment"]
    print(f"Device {env['device']}, torch {env['torch']}, {env['threads']} threads; load average before "
          f"{env['load_before']}, after {env['load_after']}", file=stream)
    print(f"Wrote {out}/results.csv, results.json and PNG figures.", file=stream)


def _print_spread(folders, parser) -> int:
    import json

    from ..errors import InvalidArgument
    from .report import _check_payload, format_spread, seed_spread

    payloads = []
    for folder in folders:
        path = os.path.join(folder, "results.json")
        try:
            with open(path) as fh:
                payloads.append(json.load(fh))
            _check_payload(payloads[-1], path)  # the file is named, not its index
        except InvalidArgument as exc:
            parser.error(f"--spread: {path!r} has {exc.value}; expected {exc.allowed}")
        except (OSError, ValueError) as exc:  # JSONDecodeError is a ValueError
            parser.error(f"--spread: cannot read {path!r} ({exc})")
    try:
        rows = seed_spread(payloads, "law")
    except InvalidArgument as exc:
        parser.error(f"--spread: {exc}")
    print(f"Differentiability enforced, Tables 1-2, over {len(payloads)} runs "
          f"(seeds {[p['config']['seed'] for p in payloads]}); ≤000: runs where ours is at most the paper's")
    print(format_spread(rows))
    return 0


def _recompute(args, parser) -> int:
    """Rerun a shipped result's experiment (all its seeds, or the first ``--recompute-seeds``) and compare."""
    import dataclasses

    import torch

    from .protocol import Config
    from .results import RESULTS, compare, environment, load, make_result, save, with_arrays
    from .seeded import run_seeded
    from ..errors import InvalidArgument

    spec = RESULTS[args.recompute]
    seeds = spec["seeds"][:args.recompute_seeds] if args.recompute_seeds else spec["seeds"]
    cfg = Config(**spec["config"], device=args.device, max_gib=args.max_gib or 8.0)
    print(f"Recomputing {args.recompute!r}: {len(seeds)} of {len(spec['seeds'])} seeds {seeds}, "
          f"{cfg.n_models} models per setting, {cfg.pretrain_epochs} + {cfg.free_epochs} epochs, on {args.device}",
          flush=True)
    start, cpu0 = time.perf_counter(), time.process_time()
    out = run_seeded(cfg, seeds)
    seconds = {**out["seconds"], "total": time.perf_counter() - start, "total_cpu": time.process_time() - cpu0}
    fields = {k: v for k, v in dataclasses.asdict(cfg).items() if k not in ("device", "max_gib", "seed")}
    mse = {k: out[k] for k in ("tables", "pretrain", "sparse_test", "sparse_train")}
    result = make_result(args.recompute, fields, seeds, mse, environment=environment(torch.get_num_threads(),
                                                                                      args.device), seconds=seconds)
    print("Seconds: " + ", ".join(f"{k} {v:.1f}" for k, v in seconds.items()))
    if args.write:
        save(result, args.write)
        print(f"Wrote {args.write} (sha256 {result['sha256'][:16]}...)")
    try:
        shipped = load(args.recompute)
    except InvalidArgument as exc:
        print(f"No shipped result to compare with: {exc}")
        return 1
    cmp = compare(shipped, with_arrays(result), rtol=args.rtol)
    print(f"Against the shipped result (computed with torch {shipped['environment'].get('torch')} on "
          f"{shipped['environment'].get('device')}): {cmp['values']} per-model MSEs of seeds {cmp['seeds']}, "
          f"largest relative difference {cmp['max_rel_diff']:.3g} ({'within' if cmp['agree'] else 'above'} "
          f"--rtol {args.rtol:g})")
    return 0 if cmp["agree"] else 1


def main(argv=None) -> int:
    """Parse arguments, run, print the comparison; returns the exit status."""
    from .._cli import Parser, folder, int_in, real_in
    from . import _FULL_SIZES as full, _REDUCED_SIZES as reduced
    from .results import RESULTS

    parser = Parser(prog="python -m symrelu.experiments", description=__doc__.split("\n")[0])
    parser.add_argument("--reduced", action="store_true", help=f"few models and epochs (a smoke test, seconds): {reduced['n_models']} models per setting, "
                             f"{reduced['pretrain_epochs']} + {reduced['free_epochs']} epochs")
    parser.add_argument("--out", type=folder, default="symrelu-experiments",
                        help="output folder (default: %(default)s)")
    parser.add_argument("--device", default="cpu", help="cpu or cuda (default: %(default)s)")
    parser.add_argument("--seed", type=int_in(0), default=0)
    parser.add_argument("--models", type=int, default=None, help=f"models per setting (default {full['n_models']}; reduced {reduced['n_models']})")
    parser.add_argument("--dtype", choices=("float64", "float32"), default="float64")
    parser.add_argument("--batch-size", type=int, default=None,
                        help="shuffled mini-batches of this size per epoch (default: full batch, one step per epoch)")
    parser.add_argument("--hidden-biases", action="store_true",
                        help="give the raw-weight triangle networks biases in every layer (000 A.1 has them "
                             "only in the input layer; an ablation)")
    parser.add_argument("--margin", type=float, default=None,
                        help="c: peaks drawn from and kept in [c, 1 - c] (default 0.01)")
    parser.add_argument("--max-gib", type=float, default=None,
                        help="refuse runs whose estimated training memory exceeds this many GiB (default 4)")
    parser.add_argument("--window", type=int, default=None,
                        help="also report Tables 1-2 after each of the last N epochs "
                             f"(default {full['window']}; reduced {reduced['window']})")
    parser.add_argument("--no-blocks", action="store_true", help="skip §5's two-block problems")
    parser.add_argument("--no-pieces", action="store_true", help="skip the exact piece counts")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    parser.add_argument("--spread", nargs="+", metavar="DIR",
                        help="train nothing: print Tables 1-2's differentiability-enforced min and mean over the "
                             "runs (one per seed) whose results.json are in these folders")
    parser.add_argument("--threads", type=int_in(1, 1024), default=1,
                        help="torch CPU threads (default 1: the batches are small, and extra OpenMP threads "
                             "mostly spin on a shared machine)")
    parser.add_argument("--recompute", choices=tuple(RESULTS), metavar="NAME",
                        help="rerun the experiment of a shipped result (symrelu/data/experiments_NAME.json; "
                             f"NAME: {', '.join(RESULTS)}) and compare its per-model MSEs with the shipped ones; exit "
                             "status 1 when they differ by more than --rtol")
    parser.add_argument("--recompute-seeds", type=int_in(1), default=None, metavar="K",
                        help="with --recompute: only the first K seeds (a reduced check; each seed's models "
                             "train exactly as in the full run)")
    parser.add_argument("--rtol", type=real_in(0), default=1e-9,
                        help="with --recompute: largest relative difference that counts as agreement "
                             "(default %(default)g; other BLAS builds or devices round differently)")
    parser.add_argument("--write", default=None, metavar="FILE",
                        help="with --recompute: also write the recomputed result to FILE")
    args = parser.parse_args(argv)
    if args.spread:
        return _print_spread(args.spread, parser)  # reads files only: no torch needed
    try:
        import torch

        from .protocol import Config
    except ImportError as exc:
        parser.error(f"training needs torch ({exc}); install it with: pip install torch==2.13.0 "
                     "(the CPU build) or '.[torch]'")

    torch.set_num_threads(args.threads)
    if args.recompute:
        if args.device.startswith("cuda") and not torch.cuda.is_available():
            parser.error("--device cuda: torch.cuda.is_available() is False on this machine")
        return _recompute(args, parser)
    if args.device.startswith("cuda") and not torch.cuda.is_available():
        parser.error("--device cuda: torch.cuda.is_available() is False on this machine")
    try:
        device_type = torch.device(args.device).type
    except (RuntimeError, TypeError):
        device_type = None
    if device_type not in ("cpu", "cuda"):  # else it fails only once training starts
        parser.error(f"--device: expected cpu, cuda or cuda:N, got {args.device!r}")
    import dataclasses

    from ..errors import InvalidArgument

    base = Config.reduced() if args.reduced else Config()
    changes = {"seed": args.seed, "device": args.device, "dtype": args.dtype,
               "batch_size": args.batch_size, "hidden_biases": args.hidden_biases}
    # options left out keep the defaults of the full or the reduced protocol
    optional = {"n_models": args.models, "margin": args.margin, "window": args.window, "max_gib": args.max_gib}
    changes.update({k: v for k, v in optional.items() if v is not None})
    try:
        cfg = dataclasses.replace(base, **changes)
    except InvalidArgument as exc:  # Config checks every size, the memory estimate included
        message = str(exc)
        for field in (exc.name, getattr(exc, "option", None)):  # Config's names, as the command's flags
            if field:
                flag = "--models" if field == "n_models" else "--" + field.replace("_", "-")
                message = message.replace(f"{field}=", f"{flag} ")
        parser.error(message)
    start, cpu0 = time.perf_counter(), time.process_time()
    payload = run(cfg, args.out, blocks=not args.no_blocks, pieces=not args.no_pieces, show_progress=not args.quiet)
    payload["seconds"]["total"] = time.perf_counter() - start
    payload["seconds"]["total_cpu"] = time.process_time() - cpu0
    _print_summary(payload, args.out)
    return 0


if __name__ == "__main__":
    from .._cli import run_main

    sys.exit(run_main(main))
