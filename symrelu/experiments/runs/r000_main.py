"""Seeded runs behind 000's main-body statements on trained networks (§4.3, §4.4, Fig. 4, §5).

``000_section_4_3_bends`` retrains the Tables 1-2 networks of seeds 0-9 (the
draws of `symrelu.experiments.seeded.run_seeded`, so the default networks and
their final MSEs are those of the shipped ``tables_1_3`` result) and counts
with the exact CPWL engine (`ReLUNetwork.to_pwl`, float64) the bends of every
trained default network, and per hidden layer the activation regions of the
pretraining-skipped and differentiability-enforced networks of ``x^3`` (Fig. 6).
``000_figure_4_sparse`` does the same for Table 3's sparse-data networks.
``000_section_5`` runs §5's two problems (Figs. 7 and 8) over seeds: two
pretrained convex blocks (`symrelu.experiments.blocks.BlockNetworks`) against
standard networks 8 wide (as printed) and 10 wide (the blocks' width).

The runners import torch; the shipped results are read without it.
"""

from __future__ import annotations

import dataclasses
import warnings

import numpy as np

__all__: list[str] = []

_PROTOCOL = ("000 §4.1 protocol as in the shipped tables_1_3 result: 4 x 5 hidden ReLU layers, 500 points of [0, 1], "
             "Adam lr 1e-3 full batch, 1000 pretraining + 1000 raw-weight steps (2000 raw steps without "
             "pretraining), float64, 30 models per seed and setting, seeds 0-9")

RUNS = {
    "000_section_4_3_bends": {
        "description": (_PROTOCOL + "; default (Kaiming) networks on x^3, x^11, sin, tanh(3x) drawn and trained "
                        "exactly as run_seeded does (their MSEs equal the shipped ones); pretraining-skipped and "
                        "differentiability-enforced networks on x^3 only (Fig. 6); per network: final MSE, output "
                        "pieces on [0, 1] (ReLUNetwork.to_pwl, float64, collinear neighbours merged) and, per hidden "
                        "layer l, the activation regions of layers 1..l on [0, 1] (2^l for the constructed network)"),
        "config": {"n_models": 30, "pretrain_epochs": 1000, "free_epochs": 1000, "targets": ["x3", "x11", "sin", "tanh"],
                   "structure_target": "x3"},
        "seeds": list(range(10)),
    },
    "000_section_4_3_shallow": {
        "description": ("001 §4.4's comparison for 000 §4.3's default networks: shallow 1 -> 20 -> 1 ReLU networks (the "
                        "20 neurons of the 4 x 5 default networks in one hidden layer), PyTorch default (Kaiming) "
                        "initialization, trained as the default networks of the shipped tables_1_3 result (500 points "
                        "of [0, 1], 2000 full-batch Adam steps, lr 1e-3, float64) on x^3, x^11, sin, tanh(3x); scaled "
                        "down to 10 models per seed and target (the CPU budget; the deep side has 30), seeds 0-9 "
                        "(networks drawn from seed 1000 + s); per network: final MSE and output pieces on [0, 1] "
                        "(ReLUNetwork.to_pwl)"),
        "config": {"n_models": 10, "epochs": 2000, "width": 20, "targets": ["x3", "x11", "sin", "tanh"]},
        "seeds": list(range(10)),
    },
    "000_figure_4_sparse": {
        "description": ("000 Table 3 / Fig. 4 protocol as in the shipped tables_1_3 result (train on the 10 even points "
                        "of 20 evenly spaced in [0, 1], test on the 10 odd ones; default vs differentiable pretraining, "
                        "1000 + 1000 Adam steps, lr 1e-3, float64, 30 models per seed and target, seeds 0-9, drawn as "
                        "run_seeded does); per network: test MSE and output pieces on [0, 1] (ReLUNetwork.to_pwl)"),
        "config": {"n_models": 30, "pretrain_epochs": 1000, "free_epochs": 1000, "targets": ["x3", "x11", "sin", "tanh"]},
        "seeds": list(range(10)),
    },
    "000_section_5": {
        "description": ("000 §5 (Figs. 7 and 8): x^3 - x on 500 points of [-1, 1] (each block pretrained on one convex "
                        "part of (x^3 - x + 3x^2) - 3x^2) and r^3 = (x^2 + y^2)^(3/2) on a 40 x 40 grid of [-1, 1]^2 "
                        "(blocks pretrained on the sum, random input directions), symrelu.experiments.blocks: two "
                        "law-scaled convex triangle blocks of depth 5 (10 wide with their linear neurons), readouts by "
                        "least squares during pretraining, 1000 pretraining + 1000 raw-weight Adam steps (lr 1e-3, "
                        "full batch, float64); against standard (Kaiming) networks of 5 hidden layers 8 wide (the "
                        "printed '8x5') and 10 wide, 2000 Adam steps; one network of each kind per seed (the paper "
                        "prints one loss each), seeds 0-19; for x^3 - x also the output pieces on [-1, 1] of the block "
                        "network at the switch and after raw-weight training"),
        "config": {"pretrain_epochs": 1000, "free_epochs": 1000, "depth": 5, "standard_widths": [8, 10],
                   "problems": ["x3_minus_x", "r3"]},
        "seeds": list(range(20)),
    },
}

NEEDS = {name: ("torch",) for name in RUNS}


def _counts(batch, lo=0.0, hi=1.0, *, layers=False) -> dict:
    """Output pieces (and per-layer cumulative activation regions) of every model of a `BatchedReLU`."""
    from symrelu.errors import PrecisionWarning

    pieces, per_layer, merged = [], [], 0
    for m in range(batch.n_models):
        net = batch.network(m)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", PrecisionWarning)
            cpwl = net.to_pwl(lo, hi)
        merged += len(caught)
        pieces.append(int(cpwl.output.pieces))
        if layers:
            patterns = cpwl.activation_patterns()
            bounds = np.cumsum(net.widths[1:-1])
            row = []
            for b in bounds:  # regions of layers 1..l: changes of the pattern restricted to them
                sub = patterns[:, :b]
                row.append(1 + int(np.sum(np.any(sub[1:] != sub[:-1], axis=1))))
            per_layer.append(row)
    out = {"pieces": pieces, "networks_with_merges": merged}
    if layers:
        out["layer_regions"] = per_layer
    return out


def _by_seed(values, n_seeds) -> list:
    """A flat per-model list in (seed, ...) order as one list per seed."""
    per = len(values) // n_seeds
    return [values[i * per:(i + 1) * per] for i in range(n_seeds)]


def _bends(config, seeds) -> dict:
    import torch

    from symrelu.experiments.protocol import TARGETS, VARIANT_OF, Config, _peaks
    from symrelu.experiments.seeded import _concat
    from symrelu.torch_bridge import PeakNetworks, Trainer, train_together

    torch.set_num_threads(1)
    cfg = Config(n_models=config["n_models"], pretrain_epochs=config["pretrain_epochs"],
                 free_epochs=config["free_epochs"], targets=tuple(config["targets"]))
    x = torch.linspace(0, 1, cfg.n_points, dtype=cfg.torch_dtype)
    # default networks: exactly run_seeded's draws (all seeds batched, targets x models per seed)
    y = torch.stack([TARGETS[t](x) for _ in seeds for t in cfg.targets for _ in range(cfg.n_models)])
    per_seed = len(cfg.targets) * cfg.n_models
    default = Trainer(_concat([cfg.default_networks(per_seed, cfg.widths, seed=s) for s in seeds]), x, y, lr=cfg.lr)
    # Fig. 6: the reparameterized types on one target, from the common peaks of each seed
    t0 = config["structure_target"]
    peaks = np.concatenate([_peaks(dataclasses.replace(cfg, seed=s)) for s in seeds])
    ys = TARGETS[t0](x).expand(len(peaks), -1)
    variants = [VARIANT_OF[t0]] * len(peaks)
    kw = dict(margin=cfg.margin, dtype=cfg.torch_dtype)
    skipped = Trainer(PeakNetworks(peaks, variants, **kw).to_batched(), x, ys, lr=cfg.lr)
    law = Trainer(PeakNetworks(peaks, variants, **kw), x, ys, lr=cfg.lr)
    train_together([default, skipped, law], cfg.pretrain_epochs)
    law = Trainer(law.model.to_batched(), x, ys, lr=cfg.lr)
    train_together([default, skipped, law], cfg.free_epochs)
    n = len(seeds)
    mse = default.evaluate().reshape(n, len(cfg.targets), cfg.n_models)
    counts = _counts(default.model)
    pieces = np.array(counts["pieces"]).reshape(n, len(cfg.targets), cfg.n_models)
    out = {"default": {t: {"mse": mse[:, k].tolist(), "pieces": pieces[:, k].tolist()}
                       for k, t in enumerate(cfg.targets)},
           "networks_with_merges": {"default": counts["networks_with_merges"]}}
    for name, trainer in (("skipped", skipped), ("law", law)):
        c = _counts(trainer.model, layers=True)
        out[name] = {t0: {"mse": _by_seed(trainer.evaluate().tolist(), n), "pieces": _by_seed(c["pieces"], n),
                          "layer_regions": _by_seed(c["layer_regions"], n)}}
        out["networks_with_merges"][name] = c["networks_with_merges"]
    return out


def _shallow(config, seeds) -> dict:
    import torch

    from symrelu.experiments.protocol import TARGETS, Config
    from symrelu.experiments.seeded import _concat
    from symrelu.torch_bridge import Trainer, train_together

    torch.set_num_threads(1)
    cfg = Config(n_models=config["n_models"], targets=tuple(config["targets"]))
    x = torch.linspace(0, 1, cfg.n_points, dtype=cfg.torch_dtype)
    y = torch.stack([TARGETS[t](x) for _ in seeds for t in cfg.targets for _ in range(cfg.n_models)])
    per_seed = len(cfg.targets) * cfg.n_models
    widths = (1, config["width"], 1)
    net = Trainer(_concat([cfg.default_networks(per_seed, widths, seed=1000 + s) for s in seeds]), x, y, lr=cfg.lr)
    train_together([net], config["epochs"])
    shape = (len(seeds), len(cfg.targets), cfg.n_models)
    mse = net.evaluate().reshape(shape)
    c = _counts(net.model)
    pieces = np.array(c["pieces"]).reshape(shape)
    return {"shallow": {t: {"mse": mse[:, k].tolist(), "pieces": pieces[:, k].tolist()}
                        for k, t in enumerate(cfg.targets)},
            "networks_with_merges": {"shallow": c["networks_with_merges"]}}


def _sparse(config, seeds) -> dict:
    import torch

    from symrelu.experiments.protocol import TARGETS, VARIANT_OF, Config, _peaks, sparse_data
    from symrelu.experiments.seeded import _concat
    from symrelu.torch_bridge import PeakNetworks, Trainer, train_together

    torch.set_num_threads(1)
    cfg = Config(n_models=config["n_models"], pretrain_epochs=config["pretrain_epochs"],
                 free_epochs=config["free_epochs"], targets=tuple(config["targets"]))
    x_train, x_test = sparse_data(cfg)
    order = [t for _ in seeds for t in cfg.targets for _ in range(cfg.n_models)]
    y_train = torch.stack([TARGETS[t](x_train) for t in order])
    y_test = torch.stack([TARGETS[t](x_test) for t in order])
    peaks = np.concatenate([np.tile(_peaks(dataclasses.replace(cfg, seed=s)), (len(cfg.targets), 1)) for s in seeds])
    per_seed = len(cfg.targets) * cfg.n_models
    # run_seeded's draws for Table 3: default networks from seed + 1, the common peaks of the seed
    default = Trainer(_concat([cfg.default_networks(per_seed, cfg.widths, seed=s + 1) for s in seeds]),
                      x_train, y_train, lr=cfg.lr)
    law = Trainer(PeakNetworks(peaks, [VARIANT_OF[t] for t in order], margin=cfg.margin, dtype=cfg.torch_dtype),
                  x_train, y_train, lr=cfg.lr)
    train_together([default, law], cfg.pretrain_epochs)
    law = Trainer(law.model.to_batched(), x_train, y_train, lr=cfg.lr)
    train_together([default, law], cfg.free_epochs)
    n, shape = len(seeds), (len(seeds), len(cfg.targets), cfg.n_models)
    out = {"networks_with_merges": {}}
    for name, trainer in (("default", default), ("law", law)):
        test = trainer.evaluate(x_test, y_test).reshape(shape)
        c = _counts(trainer.model)
        pieces = np.array(c["pieces"]).reshape(shape)
        out[name] = {t: {"test_mse": test[:, k].tolist(), "pieces": pieces[:, k].tolist()}
                     for k, t in enumerate(cfg.targets)}
        out["networks_with_merges"][name] = c["networks_with_merges"]
    assert n == shape[0]
    return out


def _section_5(config, seeds) -> dict:
    import torch

    from symrelu.experiments.blocks import BlockNetworks, _input_maps, _PartsTrainer, problem
    from symrelu.experiments.protocol import Config
    from symrelu.experiments.seeded import _concat
    from symrelu.torch_bridge import Trainer, train_together

    torch.set_num_threads(1)
    cfg = Config(n_models=1, pretrain_epochs=config["pretrain_epochs"], free_epochs=config["free_epochs"],
                 depth=config["depth"])
    out = {}
    for name in config["problems"]:
        x, y, parts, signs = problem(name, dtype=cfg.torch_dtype)
        K, S = len(signs), len(seeds)
        peaks, P, q = [], [], []
        for s in seeds:  # run_blocks' draws for Config(seed=s, n_models=1)
            rng = np.random.default_rng(s + 7)
            peaks.append(rng.uniform(cfg.margin, 1 - cfg.margin, size=(1, K, cfg.depth + 1)))
            p_, q_ = _input_maps(name, 1, K, rng)
            P.append(p_)
            q.append(q_)
        model = BlockNetworks(np.concatenate(peaks), np.concatenate(P), np.concatenate(q), signs,
                              margin=cfg.margin, dtype=cfg.torch_dtype)
        Y = y.expand(S, -1)
        if parts is not None:
            model.track_readouts_(x, parts=parts.expand(S, -1, -1))
            pre = _PartsTrainer(model, x, parts.expand(S, -1, -1), lr=cfg.lr)
        else:
            model.track_readouts_(x, y=Y)
            pre = Trainer(model, x, Y, lr=cfg.lr)
        standards = {}
        for w in config["standard_widths"]:
            widths = (x.shape[1],) + (w,) * cfg.depth + (1,)
            standards[w] = Trainer(_concat([cfg.default_networks(1, widths, seed=s + 11) for s in seeds]), x, Y,
                                   lr=cfg.lr)
        train_together([*standards.values(), pre], cfg.pretrain_epochs)
        switched = model.to_batched()
        raw = Trainer(switched, x, Y, lr=cfg.lr)
        at_switch = raw.evaluate()
        pieces_switch = _counts(switched, -1.0, 1.0)["pieces"] if x.shape[1] == 1 else None
        train_together([*standards.values(), raw], cfg.free_epochs)
        res = {"blocks": raw.evaluate().tolist(), "blocks_at_switch": at_switch.tolist(),
               **{f"standard_{w}": t.evaluate().tolist() for w, t in standards.items()}}
        if pieces_switch is not None:
            res["pieces_at_switch"] = pieces_switch
            res["pieces_blocks"] = _counts(raw.model, -1.0, 1.0)["pieces"]
            for w, t in standards.items():
                res[f"pieces_standard_{w}"] = _counts(t.model, -1.0, 1.0)["pieces"]
        out[name] = res
    return out


RUNNERS = {"000_section_4_3_bends": _bends, "000_section_4_3_shallow": _shallow, "000_figure_4_sparse": _sparse, "000_section_5": _section_5}


def _common_seeds(new: dict, old: dict) -> float:
    """Largest relative difference over the seeds both results hold (nan when they share none).

    Every list with one entry per seed is compared on the common seeds; the
    counts that are totals over all seeds (``networks_with_merges``) only when
    the seeds agree.
    """
    from symrelu.experiments.function_space_runs import _max_rel_diff_values

    common = [s for s in new["seeds"] if s in old["seeds"]]
    if not common:
        return float("nan")
    same = new["seeds"] == old["seeds"]

    def pick(value, seeds):
        if isinstance(value, dict):
            return {k: pick(v, seeds) for k, v in value.items() if same or k != "networks_with_merges"}
        if isinstance(value, list) and len(value) == len(seeds):
            return [value[seeds.index(s)] for s in common]
        return value

    return _max_rel_diff_values(pick(new["values"], new["seeds"]), pick(old["values"], old["seeds"]))


COMPARE = {name: _common_seeds for name in RUNS}
