"""Adam on the sum of per-model mean squared errors: one independent run per model, vectorized."""

from __future__ import annotations

import math

import numpy as np
import torch
from torch import nn

from ..errors import InvalidArgument, InvalidArgumentType


class Trainer:
    """One batch of models, its targets and its own Adam optimizer.

    Parameters
    ----------
    model : nn.Module
        Maps the inputs to outputs of shape (M, N) (`PeakNetworks`, `BatchedReLU`, ...).
    x : tensor
        Inputs, shared (N,) / (N, in) or per model (M, N, in).
    y : tensor
        Targets, of shape (M, N) or (N,).
    lr : float
        Adam's learning rate (000: 1e-3); keyword-only.

    Notes
    -----
    The loss is the sum over models of each model's mean squared error, so
    every model gets exactly the gradient (and, Adam being coordinate-wise,
    exactly the update) it would get if trained alone.
    """

    def __init__(self, model: nn.Module, x, y, *, lr: float = 1e-3):
        if isinstance(lr, bool) or not isinstance(lr, (int, float, np.integer, np.floating)):
            raise InvalidArgumentType("lr", lr, "a positive learning rate")
        try:
            finite = math.isfinite(lr)  # np.isfinite refuses an int past int64
        except OverflowError:
            finite = False
        if not (lr > 0 and finite):
            raise InvalidArgument("lr", lr, "a positive learning rate")
        if not isinstance(model, nn.Module) or not isinstance(getattr(model, "n_models", None), int):
            raise InvalidArgumentType("model", model, "a batch of models (an nn.Module with n_models: "
                                      "PeakNetworks, BatchedReLU, ...)")
        p = next(model.parameters(), None)
        if p is None:
            raise InvalidArgument("model", model, "a module with parameters to train")
        self.model = model
        self.x = _tensor("x", x, p, (1, 2, 3))
        y = _tensor("y", y, p, (1, 2))
        if y.ndim == 2 and y.shape[0] != model.n_models:
            raise InvalidArgument("y", tuple(y.shape), f"targets of shape (M, N) with M = {model.n_models}, or (N,)")
        self.y = y if y.ndim == 2 else y.expand(model.n_models, -1)
        self.optimizer = torch.optim.Adam(model.parameters(), lr=lr)

    @property
    def n_points(self) -> int:
        """``N``, the number of training points."""
        return self.y.shape[1]

    def inputs(self, points=None) -> torch.Tensor:
        """The training inputs, all or at the point indices ``points`` (shared or per-model inputs alike)."""
        if points is None:
            return self.x
        return self.x[:, points] if self.x.ndim == 3 else self.x[points]

    def losses(self, points=None) -> torch.Tensor:
        """Per-model mean squared errors (M,) on all points or on the indices ``points``, differentiable."""
        y = self.y if points is None else self.y[:, points]
        return ((self.model(self.inputs(points)) - y) ** 2).mean(dim=1)

    @torch.no_grad()
    def evaluate(self, x=None, y=None) -> np.ndarray:
        """Per-model MSE on the training data, or on ``(x, y)``."""
        if x is None:
            return self.losses().cpu().numpy()
        p = next(self.model.parameters())
        x = torch.as_tensor(x, dtype=p.dtype, device=p.device)
        y = torch.as_tensor(y, dtype=p.dtype, device=p.device)
        return ((self.model(x) - y) ** 2).mean(dim=1).cpu().numpy()


def _tensor(name, value, p, ndims):
    """``value`` as a finite tensor of the model's dtype and device with ``ndim`` in ``ndims``."""
    try:
        t = torch.as_tensor(value, dtype=p.dtype, device=p.device)
    except (TypeError, ValueError, RuntimeError):
        raise InvalidArgumentType(name, value, "a tensor (or array) of numbers") from None
    if t.ndim not in ndims or t.numel() == 0 or not bool(torch.isfinite(t).all()):
        raise InvalidArgument(name, value, f"a non-empty tensor of finite numbers with {' or '.join(map(str, ndims))} "
                                           "dimensions")
    return t


def train_together(trainers, epochs: int, *, batch_size=None, seed=0, progress=None, history_every: int = 0) -> list:
    """Run ``epochs`` epochs of Adam on every trainer at once.

    An epoch is one full-batch step (``batch_size=None``, the default), or
    one pass over the training points in shuffled mini-batches of
    ``batch_size`` (a permutation per epoch from ``seed``, shared by the
    trainers, which must then have the same number of points).
    ``progress`` is called with the number of finished epochs.  Returns, per
    trainer, the per-model loss history sampled every ``history_every``
    epochs (empty arrays when 0; mini-batch losses at the epoch's first step).

    >>> from symrelu.torch_bridge import default_networks
    >>> nets = default_networks(2, (1, 3, 1), seed=0)
    >>> x = torch.linspace(0, 1, 9, dtype=torch.float64)
    >>> t = Trainer(nets, x, x ** 2)
    >>> before = t.evaluate(); _ = train_together([t], 50); bool((t.evaluate() < before).all())
    True
    """
    if not isinstance(epochs, (int, np.integer)) or epochs < 0:
        raise InvalidArgument("epochs", epochs, "an int >= 0")
    if isinstance(trainers, (str, bytes, dict)) or not isinstance(trainers, (list, tuple)):
        raise InvalidArgumentType("trainers", trainers, "a sequence of Trainer")
    trainers = list(trainers)
    if not trainers:
        raise InvalidArgument("trainers", trainers, "at least one Trainer")
    for k, t in enumerate(trainers):
        if not isinstance(t, Trainer):
            raise InvalidArgumentType(f"trainers[{k}]", t, "a Trainer")
    # checked up front: a NaN seed or history_every would otherwise pass silently (or fail epochs later)
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)):
        raise InvalidArgumentType("seed", seed, "an int in [0, 2**64)")
    if not 0 <= seed < 2**64:  # torch.Generator.manual_seed's range
        raise InvalidArgument("seed", seed, "an int in [0, 2**64)")
    if progress is not None and not callable(progress):
        raise InvalidArgumentType("progress", progress, "None or a callable taking the finished epochs")
    if isinstance(history_every, bool) or not isinstance(history_every, (int, np.integer)):
        raise InvalidArgumentType("history_every", history_every, "an int >= 0 (0: no history)")
    if history_every < 0:
        raise InvalidArgument("history_every", history_every, "an int >= 0 (0: no history)")
    batches = _batches(trainers, batch_size, seed)
    history = [[] for _ in trainers]
    for epoch in range(epochs):
        for step, points in enumerate(batches()):
            for t in trainers:
                t.optimizer.zero_grad(set_to_none=True)
            losses = [t.losses(points) for t in trainers]
            torch.stack([l.sum() for l in losses]).sum().backward()
            for t in trainers:
                t.optimizer.step()
                if hasattr(t.model, "project_"):
                    t.model.project_()
            if step == 0 and history_every and epoch % history_every == 0:
                for h, l in zip(history, losses):
                    h.append(l.detach().cpu().numpy())
        if progress is not None:
            progress(epoch + 1)
    return [np.array(h) for h in history]


def _batches(trainers, batch_size, seed):
    """A function giving one epoch's point-index batches: ``[None]`` (full batch) or shuffled slices."""
    if batch_size is None:
        return lambda: [None]
    n = {t.n_points for t in trainers}
    if len(n) != 1:
        raise InvalidArgument("trainers", f"{sorted(n)} training points",
                              "trainers with the same number of points (for mini-batches)")
    n = n.pop()
    if not isinstance(batch_size, (int, np.integer)) or not 1 <= batch_size <= n:
        raise InvalidArgument("batch_size", batch_size, f"None (full batch) or an int in [1, {n}]")
    device = trainers[0].y.device
    generator = torch.Generator().manual_seed(int(seed))
    return lambda: torch.randperm(n, generator=generator).to(device).split(int(batch_size))
