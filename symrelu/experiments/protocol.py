"""The one-dimensional experiments of 000 §4 (Tables 1–3, Fig. 5), batched over models.

Protocol (000 §4.1, with the choices the paper leaves open stated):

* targets ``x^3``, ``x^11`` (waves subtracted from ``y = x``, first scale
  ``a_0 a_1``), ``sin(pi x / 2)`` (a quarter period) and ``tanh(3x)`` (waves
  added); 500 evenly spaced points of [0, 1];
* networks 1 -> 4 x 5 hidden layers -> 1 (``d = 5`` waves, peaks
  ``a_0 .. a_5`` under the law);
* Adam, learning rate 1e-3, full batch (one step per epoch: the paper gives
  no batch size; ``batch_size`` selects shuffled mini-batches instead);
  pretraining 1000 epochs, then 1000 epochs of raw-weight training with a
  fresh Adam; types without pretraining get the same 2000 Adam steps on raw
  weights (the fairest budget; the paper does not say);
* the raw-weight networks of the reparameterized types have 000 A.1's
  architecture: biases in the input layer only, the bias neuron standing in
  for the others (`PeakNetworks.to_batched`; ``hidden_biases=True`` adds
  them); default networks are plain ``nn.Linear`` stacks with biases;
* peaks drawn uniformly in ``[c, 1 - c]`` (``c = 0.01``), shared by every
  reparameterized type and every target (000: "a common set of starting
  locations"); free scales start at the law's values;
* RAAI (Singh & Sreejith 2021) is not reproduced: the public description we
  could read gives the idea (anti-correlated weights plus an asymmetric
  initialization) but not the covariance and sampling details needed to
  implement it faithfully.

>>> cfg = Config.reduced()
>>> cfg.n_models, cfg.pretrain_epochs
(2, 40)
"""

from __future__ import annotations

import dataclasses
import math
import time

import numpy as np
import torch

from ..errors import InvalidArgument, InvalidArgumentType, SizeLimitExceeded
from . import _FULL_SIZES, _REDUCED_SIZES
from ..torch_bridge import PeakNetworks, Trainer, default_networks, resolve_device, train_together

__all__ = ["TARGETS", "VARIANT_OF", "Config", "run_tables", "run_sparse", "count_pieces", "summarize"]

#: Target functions on [0, 1].
TARGETS = {
    "x3": lambda x: x**3,
    "x11": lambda x: x**11,
    "sin": lambda x: torch.sin(math.pi * x / 2),
    "tanh": lambda x: torch.tanh(3 * x),
}

#: 000 §4.1: sin and tanh add the waves to y = x, x^3 and x^11 subtract them.
VARIANT_OF = {"x3": "subtract", "x11": "subtract", "sin": "add", "tanh": "add"}

#: The types we run (Tables 1-2 minus RAAI).
TYPES = ("default", "skipped", "free", "law")


@dataclasses.dataclass(frozen=True)
class Config:
    """Sizes of one run; `Config()` is the paper's protocol, `Config.reduced()` a smoke test."""

    n_models: int = _FULL_SIZES["n_models"]
    pretrain_epochs: int = _FULL_SIZES["pretrain_epochs"]
    free_epochs: int = _FULL_SIZES["free_epochs"]
    n_points: int = 500
    depth: int = 5
    lr: float = 1e-3
    margin: float = 0.01
    seed: int = 0
    targets: tuple = ("x3", "x11", "sin", "tanh")
    device: str = "cpu"
    dtype: str = "float64"
    batch_size: int | None = None
    hidden_biases: bool = False
    window: int = _FULL_SIZES["window"]
    max_gib: float = 4.0

    @classmethod
    def reduced(cls, **changes) -> "Config":
        """A few models and epochs: the whole command in seconds."""
        return dataclasses.replace(cls(**_REDUCED_SIZES), **changes)

    def __post_init__(self):
        for name in ("n_models", "pretrain_epochs", "free_epochs", "n_points", "depth"):
            v = getattr(self, name)
            if not isinstance(v, int) or v < (0 if "epochs" in name else 1):
                raise InvalidArgument(name, v, "a positive int")
        bad = [t for t in self.targets if t not in TARGETS]
        if bad:
            raise InvalidArgument("targets", self.targets, f"names from {tuple(TARGETS)}")
        if self.dtype not in ("float32", "float64"):
            raise InvalidArgument("dtype", self.dtype, "'float32' or 'float64'")
        if self.batch_size is not None and (not isinstance(self.batch_size, int) or self.batch_size < 1):
            raise InvalidArgument("batch_size", self.batch_size, "None (full batch) or a positive int")
        if not isinstance(self.hidden_biases, bool):
            raise InvalidArgument("hidden_biases", self.hidden_biases, "True or False")
        if not (isinstance(self.margin, (int, float)) and 0 < self.margin < 0.5):
            raise InvalidArgument("margin", self.margin, "a number in (0, 0.5): peaks are kept in [c, 1 - c]")
        if not isinstance(self.window, int) or self.window < 1:
            raise InvalidArgument("window", self.window, "a positive int (the last epochs whose MSE is recorded)")
        if not (isinstance(self.max_gib, (int, float)) and self.max_gib > 0):
            raise InvalidArgument("max_gib", self.max_gib, "a positive number of GiB")
        need = self.estimated_gib()
        if need > self.max_gib:
            # the sizes together set the memory: the message quotes each (n_points=..., depth=...)
            raise SizeLimitExceeded("n_models", self.n_models, size=math.ceil(need * 10) / 10, limit=self.max_gib,
                                    unit=f"GiB of training memory for n_points={self.n_points}, depth={self.depth}, "
                                         f"{len(self.targets)} targets, dtype={self.dtype}", option="max_gib")

    def default_networks(self, n_models: int, widths, *, seed: int, device=None):
        """`default_networks` in this run's dtype (no parameter or model cap: the memory estimate, ``max_gib``, bounds them)."""
        return default_networks(n_models, widths, seed=seed, dtype=self.torch_dtype, device=device,
                                max_parameters=None, max_models=None)

    def estimated_gib(self) -> float:
        """Peak memory of the largest training step of a run, estimated, in GiB (2^30 bytes).

        Autograd keeps about 3.5 arrays of (models, points, width) per layer
        (measured: 5.9 MB per model per target for Tables 1-2, where four kinds
        of model train together); the larger of Tables 1-2 and §5's ``r^3``
        (1600 points, networks up to 10 wide) sets the peak.  Python and
        torch themselves (about 0.3 GiB) come on top.

        >>> round(Config().estimated_gib(), 2)
        0.18
        """
        item = 4 if self.dtype == "float32" else 8
        layers = self.depth + 2
        tables = 4 * len(self.targets) * self.n_models * self.n_points * 4
        blocks = 2 * self.n_models * 40 * 40 * 10
        return max(tables, blocks) * layers * 3.5 * item / 2**30

    def epochs(self, n_points: int) -> dict:
        """``train_together`` keywords for ``n_points`` data points (a batch of at least ``n_points`` is the full batch).

        >>> Config(batch_size=100).epochs(500), Config(batch_size=100).epochs(10)
        ({'batch_size': 100, 'seed': 0}, {'batch_size': None, 'seed': 0})
        """
        full = self.batch_size is None or self.batch_size >= n_points
        return {"batch_size": None if full else self.batch_size, "seed": self.seed}

    @property
    def torch_dtype(self):
        return getattr(torch, self.dtype)

    @property
    def widths(self) -> tuple:
        return (1,) + (4,) * self.depth + (1,)


def _peaks(cfg: Config) -> np.ndarray:
    """Initial peaks ``a_0 .. a_d`` (n_models, d + 1), uniform in [c, 1 - c], from ``cfg.seed``."""
    rng = np.random.default_rng(cfg.seed)
    return rng.uniform(cfg.margin, 1 - cfg.margin, size=(cfg.n_models, cfg.depth + 1))


def _stack(cfg: Config, x: torch.Tensor):
    """Targets (M, N), per-model variants and the tiled peaks for M = targets x models (target-major)."""
    y = torch.stack([TARGETS[t](x) for t in cfg.targets for _ in range(cfg.n_models)])
    variants = [VARIANT_OF[t] for t in cfg.targets for _ in range(cfg.n_models)]
    peaks = np.tile(_peaks(cfg), (len(cfg.targets), 1))
    return y, variants, peaks


def _by_target(cfg: Config, values: np.ndarray) -> dict:
    n = cfg.n_models
    return {t: values[i * n:(i + 1) * n] for i, t in enumerate(cfg.targets)}


def run_tables(cfg: Config, *, progress=None) -> dict:
    """Tables 1–2: final training MSE per type and target, plus the trained models.

    Returns ``{"mse": {type: {target: array(n_models)}}, "pretrain_mse": {...},
    "window": {type: {target: {"min": array, "mean": array}}},
    "models": {type: BatchedReLU}, "seconds": float}``; models are in
    target-major order.  ``window`` holds the min and mean over models of
    the training MSE after each of the last ``min(cfg.window, free_epochs)``
    epochs (the last entry is the final one): the minimum of 30 losses that
    Adam still moves is itself noisy, and this shows how much the comparison
    with the paper depends on stopping at exactly epoch ``free_epochs``.
    ``progress(epochs_done)`` counts epochs of the whole run
    (``pretrain_epochs + free_epochs``).
    """
    dev = resolve_device(cfg.device)
    x = torch.linspace(0, 1, cfg.n_points, dtype=cfg.torch_dtype, device=dev)
    y, variants, peaks = _stack(cfg, x)
    M = y.shape[0]
    start = time.perf_counter()
    default = Trainer(cfg.default_networks(M, cfg.widths, seed=cfg.seed, device=dev), x, y, lr=cfg.lr)
    skipped = Trainer(PeakNetworks(peaks, variants, margin=cfg.margin, dtype=cfg.torch_dtype, device=dev)
                      .to_batched(hidden_biases=cfg.hidden_biases), x, y, lr=cfg.lr)
    law_peaks = PeakNetworks(peaks, variants, margin=cfg.margin, dtype=cfg.torch_dtype, device=dev)
    free_peaks = PeakNetworks(peaks, variants, free_scales=True, margin=cfg.margin, dtype=cfg.torch_dtype, device=dev)
    pre = {"law": Trainer(law_peaks, x, y, lr=cfg.lr), "free": Trainer(free_peaks, x, y, lr=cfg.lr)}
    epochs = cfg.epochs(cfg.n_points)
    train_together([default, skipped, *pre.values()], cfg.pretrain_epochs, progress=progress, **epochs)
    pretrain_mse = {k: _by_target(cfg, t.evaluate()) for k, t in pre.items()}
    # The switch to raw weights: export the current weights, fresh Adam (000 A.1).
    free = {k: Trainer(t.model.to_batched(hidden_biases=cfg.hidden_biases), x, y, lr=cfg.lr) for k, t in pre.items()}
    trainers = {"default": default, "skipped": skipped, **free}
    tail = {k: [] for k in trainers}

    def after_epoch(done):
        if done > cfg.free_epochs - cfg.window:
            for k, t in trainers.items():  # full-data MSE, also under mini-batches
                tail[k].append(t.evaluate())
        if progress is not None:
            progress(cfg.pretrain_epochs + done)

    train_together(list(trainers.values()), cfg.free_epochs, progress=after_epoch, **epochs)
    window = {k: {target: {"min": v.min(axis=0), "mean": v.mean(axis=0)}  # v: (models, epochs)
                  for target, v in _by_target(cfg, np.array(rows).T).items()}
              for k, rows in tail.items() if rows}
    return {
        "mse": {k: _by_target(cfg, t.evaluate()) for k, t in trainers.items()},
        "pretrain_mse": pretrain_mse,
        "window": window,
        "models": {k: t.model for k, t in trainers.items()},
        "seconds": time.perf_counter() - start,
    }


def sparse_data(cfg: Config):
    """Table 3's data: 20 evenly spaced points of [0, 1]; even ones train, odd ones (between them) test."""
    dev = resolve_device(cfg.device)
    grid = torch.linspace(0, 1, 20, dtype=cfg.torch_dtype, device=dev)
    return grid[0::2], grid[1::2]


def run_sparse(cfg: Config, *, progress=None) -> dict:
    """Table 3: train on 10 points, test on the 10 points between them; default vs differentiable pretraining.

    Returns ``{"test_mse": {type: {target: array}}, "train_mse": ..., "models": ..., "seconds": ...}``.
    """
    x_train, x_test = sparse_data(cfg)
    y_train = torch.stack([TARGETS[t](x_train) for t in cfg.targets for _ in range(cfg.n_models)])
    y_test = torch.stack([TARGETS[t](x_test) for t in cfg.targets for _ in range(cfg.n_models)])
    _, variants, peaks = _stack(cfg, x_train)
    M = y_train.shape[0]
    dev, dt = x_train.device, cfg.torch_dtype
    start = time.perf_counter()
    default = Trainer(cfg.default_networks(M, cfg.widths, seed=cfg.seed + 1, device=dev), x_train, y_train, lr=cfg.lr)
    law = Trainer(PeakNetworks(peaks, variants, margin=cfg.margin, dtype=dt, device=dev), x_train, y_train, lr=cfg.lr)
    epochs = cfg.epochs(len(x_train))
    train_together([default, law], cfg.pretrain_epochs, progress=progress, **epochs)
    law = Trainer(law.model.to_batched(hidden_biases=cfg.hidden_biases), x_train, y_train, lr=cfg.lr)
    offset = cfg.pretrain_epochs
    train_together([default, law], cfg.free_epochs, progress=None if progress is None else (lambda e: progress(offset + e)),
                   **epochs)
    trainers = {"default": default, "law": law}
    return {
        "test_mse": {k: _by_target(cfg, t.evaluate(x_test, y_test)) for k, t in trainers.items()},
        "train_mse": {k: _by_target(cfg, t.evaluate()) for k, t in trainers.items()},
        "models": {k: t.model for k, t in trainers.items()},
        "seconds": time.perf_counter() - start,
    }


def count_pieces(batch) -> dict:
    """Linear pieces on [0, 1] of every model of a `BatchedReLU`, counted by the CPWL engine.

    Each model is converted back to a `ReLUNetwork` (bit-exact) and
    ``to_pwl(0, 1)`` is taken in float64 (crossings closer than the engine's
    default resolution are one knot), giving ``pieces`` (of the output,
    collinear neighbours merged) and ``regions`` (activation regions).
    ``pieces_exact`` is ``to_pwl(0, 1, exact=True)``: the weights at their
    exact binary values in rationals.  It also counts slivers (width near
    1e-16) that float rounding of a constructed network creates, e.g. where
    t2's cut lands a rounding error away from a bend: 33-46 instead of 32 for
    a freshly built depth-5 triangle network.
    """
    pieces, exact, regions = [], [], []
    for m in range(batch.n_models):
        net = batch.network(m)
        cpwl = net.to_pwl(0, 1)
        pieces.append(cpwl.output.pieces)
        regions.append(len(cpwl.regions) - 1)
        exact.append(net.to_pwl(0, 1, exact=True).output.pieces)
    return {"pieces": np.array(pieces), "pieces_exact": np.array(exact), "regions": np.array(regions)}


def summarize(values: np.ndarray) -> dict:
    """``min``, ``mean``, ``median``, ``max`` of a non-empty array of finite numbers, as floats.

    >>> summarize(np.array([1.0, 3.0]))["mean"]
    2.0
    """
    try:
        values = np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        raise InvalidArgumentType("values", values, "a non-empty array of finite numbers") from None
    if values.size == 0 or not np.all(np.isfinite(values)):
        raise InvalidArgument("values", values, "a non-empty array of finite numbers")
    return {"min": float(values.min()), "mean": float(values.mean()),
            "median": float(np.median(values)), "max": float(values.max())}
