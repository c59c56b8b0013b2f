"""000 Tables 1–3 over many seeds at once: one tensor program for every seed, target and model.

A seed ``s`` fixes what `run_tables` and `run_sparse` draw for ``Config(seed=s)``:
the common peaks of the reparameterized types and the default (Kaiming)
networks.  `run_seeded` trains the runs of all ``seeds`` together, the models
of every seed stacked on the model axis of one `Trainer` per training type
(Adam acts coordinate-wise and the loss is a sum of per-model losses, so each
model gets the very update it would get alone); ``batch_seeds=False`` trains
the seeds one after the other with the same code (the sequential loop, for
`benchmarks/bench_training.py`).

>>> cfg = Config.reduced(n_models=2, pretrain_epochs=3, free_epochs=3, targets=("x3",))
>>> out = run_seeded(cfg, [0, 1], sparse=False)
>>> out["tables"]["law"].shape  # (seeds, targets, models)
(2, 1, 2)
"""

from __future__ import annotations

import dataclasses
import time

import numpy as np
import torch

from ..errors import InvalidArgument, InvalidArgumentType, SizeLimitExceeded
from ..torch_bridge import BatchedReLU, PeakNetworks, Trainer, resolve_device, train_together
from .protocol import TARGETS, TYPES, VARIANT_OF, Config, _peaks, sparse_data

__all__ = ["run_seeded", "MAX_SEEDS"]

#: Seeds one call accepts (each adds ``targets x n_models`` models per training type).
MAX_SEEDS = 1000


def _check_seeds(seeds) -> list:
    if isinstance(seeds, (str, bytes, dict)) or not hasattr(seeds, "__iter__"):
        raise InvalidArgumentType("seeds", seeds, "a sequence of distinct ints >= 0")
    seeds = list(seeds)
    if not seeds or any(isinstance(s, bool) or not isinstance(s, (int, np.integer)) or s < 0 for s in seeds) \
            or len(set(seeds)) != len(seeds):
        raise InvalidArgument("seeds", seeds, "a non-empty sequence of distinct ints >= 0")
    if len(seeds) > MAX_SEEDS:
        raise SizeLimitExceeded("seeds", len(seeds), size=len(seeds), limit=MAX_SEEDS, unit="seeds")
    return [int(s) for s in seeds]


def _concat(batches) -> BatchedReLU:
    """One `BatchedReLU` holding the models of ``batches`` (one architecture) in order."""
    layers = [(torch.cat([b.layers()[l][0].detach() for b in batches]),
               torch.cat([b.layers()[l][1].detach() for b in batches]))
              for l in range(len(batches[0].W))]
    return BatchedReLU(layers)


def _split(cfg: Config, values: np.ndarray, n_seeds: int) -> np.ndarray:
    """Per-model values in (seed, target, model) order as an array of that shape."""
    return np.asarray(values).reshape(n_seeds, len(cfg.targets), cfg.n_models)


def _group_tables(cfg: Config, seeds: list, dev) -> dict:
    x = torch.linspace(0, 1, cfg.n_points, dtype=cfg.torch_dtype, device=dev)
    y = torch.stack([TARGETS[t](x) for _ in seeds for t in cfg.targets for _ in range(cfg.n_models)])
    variants = [VARIANT_OF[t] for _ in seeds for t in cfg.targets for _ in range(cfg.n_models)]
    peaks = np.concatenate([np.tile(_peaks(dataclasses.replace(cfg, seed=s)), (len(cfg.targets), 1)) for s in seeds])
    per_seed = len(cfg.targets) * cfg.n_models
    default = Trainer(_concat([cfg.default_networks(per_seed, cfg.widths, seed=s, device=dev) for s in seeds]),
                      x, y, lr=cfg.lr)
    kw = dict(margin=cfg.margin, dtype=cfg.torch_dtype, device=dev)
    skipped = Trainer(PeakNetworks(peaks, variants, **kw).to_batched(hidden_biases=cfg.hidden_biases), x, y, lr=cfg.lr)
    pre = {"law": Trainer(PeakNetworks(peaks, variants, **kw), x, y, lr=cfg.lr),
           "free": Trainer(PeakNetworks(peaks, variants, free_scales=True, **kw), x, y, lr=cfg.lr)}
    epochs = cfg.epochs(cfg.n_points)
    train_together([default, skipped, *pre.values()], cfg.pretrain_epochs, **epochs)
    pretrain = {k: _split(cfg, t.evaluate(), len(seeds)) for k, t in pre.items()}
    raw = {k: Trainer(t.model.to_batched(hidden_biases=cfg.hidden_biases), x, y, lr=cfg.lr) for k, t in pre.items()}
    trainers = {"default": default, "skipped": skipped, **raw}
    train_together(list(trainers.values()), cfg.free_epochs, **epochs)
    return {"tables": {k: _split(cfg, trainers[k].evaluate(), len(seeds)) for k in TYPES}, "pretrain": pretrain}


def _group_sparse(cfg: Config, seeds: list, dev) -> dict:
    x_train, x_test = sparse_data(dataclasses.replace(cfg, device=str(dev)))
    y_train = torch.stack([TARGETS[t](x_train) for _ in seeds for t in cfg.targets for _ in range(cfg.n_models)])
    y_test = torch.stack([TARGETS[t](x_test) for _ in seeds for t in cfg.targets for _ in range(cfg.n_models)])
    variants = [VARIANT_OF[t] for _ in seeds for t in cfg.targets for _ in range(cfg.n_models)]
    peaks = np.concatenate([np.tile(_peaks(dataclasses.replace(cfg, seed=s)), (len(cfg.targets), 1)) for s in seeds])
    per_seed = len(cfg.targets) * cfg.n_models
    # run_sparse draws its default networks from seed + 1
    default = Trainer(_concat([cfg.default_networks(per_seed, cfg.widths, seed=s + 1, device=dev) for s in seeds]),
                      x_train, y_train, lr=cfg.lr)
    law = Trainer(PeakNetworks(peaks, variants, margin=cfg.margin, dtype=cfg.torch_dtype, device=dev),
                  x_train, y_train, lr=cfg.lr)
    epochs = cfg.epochs(len(x_train))
    train_together([default, law], cfg.pretrain_epochs, **epochs)
    law = Trainer(law.model.to_batched(hidden_biases=cfg.hidden_biases), x_train, y_train, lr=cfg.lr)
    train_together([default, law], cfg.free_epochs, **epochs)
    trainers = {"default": default, "law": law}
    return {"sparse_test": {k: _split(cfg, t.evaluate(x_test, y_test), len(seeds)) for k, t in trainers.items()},
            "sparse_train": {k: _split(cfg, t.evaluate(), len(seeds)) for k, t in trainers.items()}}


def run_seeded(cfg: Config, seeds, *, batch_seeds: bool = True, tables: bool = True, sparse: bool = True,
               progress=None) -> dict:
    """Tables 1–2 (four training types) and Table 3 (sparse data) of 000 for every seed in ``seeds``.

    Parameters
    ----------
    cfg : Config
        Sizes and settings; ``cfg.seed`` is ignored (``seeds`` replace it).
    seeds : sequence of distinct ints >= 0
        One run of `run_tables` / `run_sparse` per seed (at most `MAX_SEEDS`).
    batch_seeds : bool
        Train all seeds in one tensor program (default) or one seed after the other.
    tables, sparse : bool
        Run Tables 1–2, Table 3.
    progress : callable, optional
        Called with the number of finished groups (1 when batched, one per seed otherwise).

    Returns
    -------
    dict
        ``{"tables": {type: array (seeds, targets, models)}, "pretrain": {"law"|"free": ...},
        "sparse_test": {"default"|"law": ...}, "sparse_train": ..., "seeds": list,
        "seconds": {"tables": float, "sparse": float}}``: final MSEs.
    """
    if not isinstance(cfg, Config):
        raise InvalidArgumentType("cfg", cfg, "a symrelu.experiments.protocol.Config")
    seeds = _check_seeds(seeds)
    for name, flag in (("batch_seeds", batch_seeds), ("tables", tables), ("sparse", sparse)):
        if not isinstance(flag, bool):
            raise InvalidArgumentType(name, flag, "True or False")
    group = len(seeds) if batch_seeds else 1
    need = dataclasses.replace(cfg, n_models=cfg.n_models * group, max_gib=float("inf")).estimated_gib()
    if need > cfg.max_gib:
        raise SizeLimitExceeded("seeds", len(seeds), size=round(need, 1), limit=cfg.max_gib,
                                unit="GiB of training memory", option="max_gib")
    dev = resolve_device(cfg.device)
    groups = [seeds[i:i + group] for i in range(0, len(seeds), group)]
    out = {"seeds": seeds, "seconds": {}}
    parts = []
    if tables:
        parts.append(("tables", _group_tables))
    if sparse:
        parts.append(("sparse", _group_sparse))
    for name, fn in parts:
        start = time.perf_counter()
        results = []
        for g in groups:
            results.append(fn(cfg, g, dev))
            if progress is not None:
                progress(len(results))
        out["seconds"][name] = time.perf_counter() - start
        for key in results[0]:
            out[key] = {k: np.concatenate([r[key][k] for r in results]) for k in results[0][key]}
    return out
