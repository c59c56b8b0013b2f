"""000 §5: two convex triangle-network blocks combined (``x^3 - x`` by Fig. 7's decomposition, ``r^3`` of Fig. 8).

Each block is a 4-wide triangle network with the law's scales and its waves
subtracted (a convex function of its input ``u``), read out as
``alpha_k N_k(u_k) + beta_k u_k + gamma_k``; the inputs are fixed affine maps
``u_k = P_k x + q_k`` that send the domain into [0, 1] (Fig. 9's first linear
layer, with random directions for ``r^3``).  The readout's ``beta_k u_k``
travels through one extra "linear" neuron per block (``relu(u) = u`` on
[0, 1]), the counterpart of 000's second sum neuron, so a block is 5 wide
and two blocks make a 10-wide, 5-hidden-layer block-diagonal ReLU network.

Pretraining trains the peaks by Adam, the readouts being refit by least
squares after every step (variable projection,
`BlockNetworks.track_readouts_`); for ``x^3 - x`` each block learns one
convex part of ``(x^3 - x + 3x^2) - 3x^2`` (000 §5), for ``r^3`` the sum
learns the target.
Then the exported raw network is trained on the target, and compared with a
standard (Kaiming) network of the same widths trained for the same number
of Adam steps.
"""

from __future__ import annotations

import math
import time

import numpy as np
import torch
from torch import nn

from ..errors import InvalidArgument, InvalidArgumentType
from ..torch_bridge import BatchedReLU, Trainer, resolve_device, train_together, triangle_weights
from .protocol import Config

__all__ = ["BlockNetworks", "problem", "run_blocks", "PROBLEMS"]

PROBLEMS = ("x3_minus_x", "r3")


class BlockNetworks(nn.Module):
    """``M`` models, each ``K`` law-scaled convex triangle blocks with linear readouts.

    Parameters
    ----------
    peaks : array (M, K, d + 1)
        Initial peaks of every block.
    P, q : arrays (M, K, n_in) and (M, K)
        The fixed input maps ``u_k = P_k x + q_k`` (into [0, 1] on the domain).
    signs : sequence of K numbers
        How the blocks' readouts combine (``+1`` / ``-1``).
    margin : float
        Peaks are kept in ``[c, 1 - c]``.
    """

    def __init__(self, peaks, P, q, signs, *, margin: float = 0.01, dtype=torch.float64, device=None):
        super().__init__()
        device = resolve_device(device)
        peaks = torch.tensor(np.asarray(peaks, dtype=np.float64), dtype=dtype, device=device)
        if peaks.ndim != 3:
            raise InvalidArgument("peaks", f"shape {tuple(peaks.shape)}", "(models, blocks, d + 1)")
        M, K, _ = peaks.shape
        self.margin = float(margin)
        self.peaks = nn.Parameter(peaks)
        self.register_buffer("P", torch.tensor(np.asarray(P, dtype=np.float64), dtype=dtype, device=device))
        self.register_buffer("q", torch.tensor(np.asarray(q, dtype=np.float64), dtype=dtype, device=device))
        self.register_buffer("signs", torch.tensor(np.asarray(signs, dtype=np.float64), dtype=dtype, device=device))
        self.alpha = nn.Parameter(torch.ones(M, K, dtype=dtype, device=device))
        self.beta = nn.Parameter(torch.zeros(M, K, dtype=dtype, device=device))
        self.gamma = nn.Parameter(torch.zeros(M, K, dtype=dtype, device=device))

    @property
    def n_models(self) -> int:
        return self.peaks.shape[0]

    def _block_weights(self):
        M, K, n = self.peaks.shape
        a = self.peaks.reshape(M * K, n)
        ratios = torch.cat([(a[:, 0] * a[:, 1])[:, None], (1 - a[:, 1:-1]) * a[:, 2:]], dim=1)
        return triangle_weights(a[:, :-1], ratios, -torch.ones(M * K, dtype=a.dtype, device=a.device))

    def features(self, x):
        """``(N_k(u_k), u_k)`` of shape (M, N, K) each."""
        M, K, _ = self.peaks.shape
        x = torch.as_tensor(x, dtype=self.peaks.dtype, device=self.peaks.device)
        u = torch.einsum("ni,mki->mnk", x, self.P) + self.q[:, None, :]
        h = u.permute(0, 2, 1).reshape(M * K, -1, 1)
        layers = self._block_weights()
        for l, (W, b) in enumerate(layers):
            h = h @ W.transpose(1, 2) + b[:, None, :]
            if l < len(layers) - 1:
                h = torch.relu(h)
        N = h[..., 0].reshape(M, K, -1).permute(0, 2, 1)
        return N, u

    def components(self, x):
        """Each block's readout ``alpha_k N_k + beta_k u_k + gamma_k``: (M, N, K)."""
        N, u = self.features(x)
        return self.alpha[:, None, :] * N + self.beta[:, None, :] * u + self.gamma[:, None, :]

    def forward(self, x):
        """The combined output ``sum_k sign_k readout_k``: (M, N)."""
        return (self.components(x) * self.signs).sum(-1)

    @torch.no_grad()
    def fit_readouts_(self, x, y=None, parts=None) -> None:
        """Least-squares readouts: per block against ``parts`` (M, N, K), or jointly against ``y`` (M, N)."""
        N, u = self.features(x)
        ones = torch.ones_like(N[..., 0])
        if parts is not None:
            for k in range(N.shape[-1]):
                A = torch.stack([N[..., k], u[..., k], ones], -1)
                coef = _lstsq(A, parts[..., k:k + 1])
                self.alpha[:, k], self.beta[:, k], self.gamma[:, k] = coef.unbind(-1)
            return
        cols = [self.signs[k] * f[..., k] for k in range(N.shape[-1]) for f in (N, u)]
        A = torch.stack(cols + [ones], -1)
        coef = _lstsq(A, y[..., None])
        K = N.shape[-1]
        self.alpha.copy_(coef[:, 0:2 * K:2])
        self.beta.copy_(coef[:, 1:2 * K:2])
        self.gamma.zero_()
        self.gamma[:, 0] = coef[:, -1] * self.signs[0]

    def track_readouts_(self, x, y=None, parts=None) -> None:
        """Keep the readouts at their least-squares optimum for the current peaks (variable projection).

        Fits them now (see `fit_readouts_`) and again after every optimizer
        step (`project_`); they leave the optimizer meanwhile.  Adam at
        learning rate 1e-3 moves a readout by about 1e-3 per step, while the
        parts of ``x^3 - x`` need ``alpha`` near 12; exact least squares also
        makes the peaks' gradient the gradient of the best fit they allow.
        """
        self._tracked = (x, y, parts)
        for p in (self.alpha, self.beta, self.gamma):
            p.requires_grad_(False)
        self.fit_readouts_(x, y, parts)

    @torch.no_grad()
    def project_(self) -> None:
        """Clamp the peaks to ``[c, 1 - c]``; refit tracked readouts (called after each optimizer step)."""
        self.peaks.clamp_(self.margin, 1 - self.margin)
        if getattr(self, "_tracked", None) is not None:
            self.fit_readouts_(*self._tracked)

    @torch.no_grad()
    def to_batched(self, *, hidden_biases: bool = False) -> BatchedReLU:
        """The equivalent block-diagonal ReLU networks (width 5K): the switch to raw-weight training.

        As `PeakNetworks.to_batched`: the hidden layers have no biases (the
        bias neurons replace them) unless ``hidden_biases=True``; the input
        and output layers have theirs.
        """
        M, K, _ = self.peaks.shape
        n_in = self.P.shape[-1]
        tri = [(W.reshape(M, K, *W.shape[1:]), b.reshape(M, K, -1)) for W, b in self._block_weights()]
        dt, dev = self.peaks.dtype, self.peaks.device
        layers = []
        # input layer: triangle rows (sum, t1, t2, bias) of u_k, then the linear neuron u_k
        W0, b0 = tri[0]
        W = torch.zeros(M, 5 * K, n_in, dtype=dt, device=dev)
        b = torch.zeros(M, 5 * K, dtype=dt, device=dev)
        for k in range(K):
            W[:, 5 * k:5 * k + 4] = W0[:, k, :, 0:1] * self.P[:, k, None, :]
            b[:, 5 * k:5 * k + 4] = W0[:, k, :, 0] * self.q[:, k, None] + b0[:, k]
            W[:, 5 * k + 4] = self.P[:, k]
            b[:, 5 * k + 4] = self.q[:, k]
        layers.append((W, b))
        for Wl, bl in tri[1:-1]:
            W = torch.zeros(M, 5 * K, 5 * K, dtype=dt, device=dev)
            b = torch.zeros(M, 5 * K, dtype=dt, device=dev)
            for k in range(K):
                W[:, 5 * k:5 * k + 4, 5 * k:5 * k + 4] = Wl[:, k]
                b[:, 5 * k:5 * k + 4] = bl[:, k]
                W[:, 5 * k + 4, 5 * k + 4] = 1
            layers.append((W, b if hidden_biases else None))  # zero: the bias neurons carry the offsets
        Wo, bo = tri[-1]
        W = torch.zeros(M, 1, 5 * K, dtype=dt, device=dev)
        b = torch.zeros(M, 1, dtype=dt, device=dev)
        for k in range(K):
            s = self.signs[k]
            W[:, 0, 5 * k:5 * k + 4] = s * self.alpha[:, k, None] * Wo[:, k, 0]
            W[:, 0, 5 * k + 4] = s * self.beta[:, k]
            b[:, 0] += s * (self.alpha[:, k] * bo[:, k, 0] + self.gamma[:, k])
        layers.append((W, b))
        return BatchedReLU(layers)


def _lstsq(A, b):
    """Least-squares coefficients ``(M, cols)`` of ``A x = b`` per model, reproducible bit for bit.

    On the CPU torch's default driver (MKL's ``gelsy``) gives results that vary in
    the last bits from call to call on the same input, and 2000 Adam steps
    amplify that into percent; ``gelsd`` (SVD) does not vary.  CUDA has only ``gels``.
    """
    driver = "gelsd" if A.device.type == "cpu" else None
    return torch.linalg.lstsq(A, b, driver=driver).solution[..., 0]


def problem(name: str, *, dtype=torch.float64, device=None):
    """Data of a §5 problem: ``(x (N, n_in), y (N,), parts (N, K) or None, signs)``.

    >>> x, y, parts, signs = problem("x3_minus_x")
    >>> x.shape, parts.shape, signs
    (torch.Size([500, 1]), torch.Size([500, 2]), (1.0, -1.0))
    """
    if not isinstance(name, str):  # an array's == would not give a bool
        raise InvalidArgumentType("name", name, f"a str, one of {PROBLEMS}")
    if name not in PROBLEMS:
        raise InvalidArgument("name", name, f"one of {PROBLEMS}")
    if not isinstance(dtype, torch.dtype) or not dtype.is_floating_point:
        raise InvalidArgumentType("dtype", dtype, "a floating torch.dtype (torch.float64, torch.float32, ...)")
    dev = resolve_device(device)
    if name == "x3_minus_x":
        t = torch.linspace(-1, 1, 500, dtype=dtype, device=dev)
        parts = torch.stack([t**3 - t + 3 * t**2, 3 * t**2], -1)  # 000 §5: convex on [-1, 1]
        return t[:, None], t**3 - t, parts, (1.0, -1.0)
    g = torch.linspace(-1, 1, 40, dtype=dtype, device=dev)  # "r3"
    X, Y = torch.meshgrid(g, g, indexing="ij")
    x = torch.stack([X.reshape(-1), Y.reshape(-1)], -1)
    return x, (x**2).sum(-1) ** 1.5, None, (1.0, 1.0)


def _input_maps(name: str, M: int, K: int, rng):
    if name == "x3_minus_x":
        return np.full((M, K, 1), 0.5), np.full((M, K), 0.5)  # u = (x + 1) / 2
    theta = rng.uniform(0, 2 * math.pi, size=(M, K))  # random directions (000 §5, Fig. 9)
    P = np.stack([np.cos(theta), np.sin(theta)], -1) / (2 * math.sqrt(2))
    return P, np.full((M, K), 0.5)  # |P x| <= 1/2 on [-1, 1]^2


def run_blocks(cfg: Config, name: str, *, progress=None) -> dict:
    """Pretrain two blocks, switch to raw weights, train; and a standard network of the same widths.

    Returns ``{"mse": {"blocks": array, "standard": array}, "pretrain_mse": array,
    "models": {...}, "x": ..., "y": ..., "seconds": ...}``.
    """
    if not isinstance(cfg, Config):
        raise InvalidArgumentType("cfg", cfg, "a symrelu.experiments.protocol.Config")
    dev, dt = resolve_device(cfg.device), cfg.torch_dtype
    x, y, parts, signs = problem(name, dtype=dt, device=dev)
    K, M = len(signs), cfg.n_models
    rng = np.random.default_rng(cfg.seed + 7)
    peaks = rng.uniform(cfg.margin, 1 - cfg.margin, size=(M, K, cfg.depth + 1))
    P, q = _input_maps(name, M, K, rng)
    model = BlockNetworks(peaks, P, q, signs, margin=cfg.margin, dtype=dt, device=dev)
    Y = y.expand(M, -1)
    start = time.perf_counter()
    if parts is not None:
        model.track_readouts_(x, parts=parts.expand(M, -1, -1))
    else:
        model.track_readouts_(x, y=Y)
    widths = (x.shape[1],) + (5 * K,) * cfg.depth + (1,)
    standard = Trainer(cfg.default_networks(M, widths, seed=cfg.seed + 11, device=dev), x, Y, lr=cfg.lr)
    if parts is not None:
        pre = _PartsTrainer(model, x, parts.expand(M, -1, -1), lr=cfg.lr)
    else:
        pre = Trainer(model, x, Y, lr=cfg.lr)
    epochs = cfg.epochs(len(x))
    train_together([standard, pre], cfg.pretrain_epochs, progress=progress, **epochs)
    pretrain_mse = ((model(x) - Y) ** 2).mean(1).detach().cpu().numpy()
    raw = Trainer(model.to_batched(hidden_biases=cfg.hidden_biases), x, Y, lr=cfg.lr)
    offset = cfg.pretrain_epochs
    train_together([standard, raw], cfg.free_epochs, progress=None if progress is None else (lambda e: progress(offset + e)),
                   **epochs)
    return {
        "mse": {"blocks": raw.evaluate(), "standard": standard.evaluate()},
        "pretrain_mse": pretrain_mse,
        "models": {"blocks": raw.model, "standard": standard.model},
        "x": x, "y": y,
        "seconds": time.perf_counter() - start,
    }


class _PartsTrainer(Trainer):
    """Pretraining each block on its convex part (sum over blocks of the parts' MSEs)."""

    def __init__(self, model, x, parts, *, lr):
        super().__init__(model, x, parts[..., 0], lr=lr)
        self.parts = parts

    def losses(self, points=None):
        parts = self.parts if points is None else self.parts[:, points]
        return ((self.model.components(self.inputs(points)) - parts) ** 2).mean(dim=1).sum(-1)
