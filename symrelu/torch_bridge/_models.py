"""Batched networks: ``M`` 4-wide triangle networks trained through their peaks, and ``M`` plain ReLU networks."""

from __future__ import annotations

import numbers

import numpy as np
import torch
from torch import nn

from .._random import as_generator
from ..errors import InvalidArgument, InvalidArgumentType, SizeLimitExceeded
from ..law import VARIANTS, check_peaks, law_scales
from ..network import ReLUNetwork
from ._convert import from_torch, resolve_device, to_torch


#: Most models `default_networks` builds by default (``max_models`` raises it): 4000 took 3 s on a loaded
#: 2-core machine, one ``nn.Sequential`` each.
MAX_MODELS = 2048


# -- the 4-wide triangle network's weights from its peaks -------------------------
def triangle_weights(waves: torch.Tensor, ratios: torch.Tensor, signs: torch.Tensor, *, carry: bool = False) -> list:
    """Batched weights ``[(W (M, out, in), b (M, out))]`` of ``M`` 4-wide triangle networks.

    ``waves[:, k]`` are the peaks ``a_0 .. a_{d-1}`` of the waves,
    ``ratios[:, k]`` the scale ratios ``S_1 .. S_d`` (``S_1 = s_0``,
    ``S_{k+1} = s_k / s_{k-1}``) and ``signs`` +1 (waves added to ``y = x``)
    or -1 (subtracted).  The same matrices as `symrelu.triangle.triangle_network`
    (neurons sum, t1, t2, bias), built with differentiable torch operations.
    ``carry=True`` (for free scales) makes the sum neuron of subtracted waves
    carry ``x + Σ s_i (1 - W_i)``, which ReLU never clips, and the output bias
    remove ``Σ s_i``; under the law the partial sums ``x - Σ s_i W_i`` are never
    negative and the plain sum is used.

    >>> a = torch.tensor([[0.5, 0.5]], dtype=torch.float64)
    >>> [tuple(W.shape) for W, _ in triangle_weights(a, torch.full((1, 2), 0.25, dtype=torch.float64), torch.ones(1))]
    [(1, 4, 1), (1, 4, 4), (1, 1, 4)]
    """
    if not isinstance(carry, (bool, np.bool_)):  # `bool(carry)` below would take any truthy object
        raise InvalidArgumentType("carry", carry, "True or False")
    for name, t in (("waves", waves), ("ratios", ratios), ("signs", signs)):
        if not isinstance(t, torch.Tensor):
            raise InvalidArgumentType(name, t, "a torch.Tensor")
        if not t.is_floating_point() or not bool(torch.isfinite(t).all()):
            raise InvalidArgument(name, t, "a floating tensor of finite numbers")
    if waves.ndim != 2 or waves.shape[1] < 1:
        raise InvalidArgument("waves", tuple(waves.shape), "a (models, depth) tensor")
    if tuple(ratios.shape) != tuple(waves.shape):
        raise InvalidArgument("ratios", tuple(ratios.shape), f"the shape of waves, {tuple(waves.shape)}")
    if tuple(signs.shape) != (waves.shape[0],):
        raise InvalidArgument("signs", tuple(signs.shape), f"one sign per model, shape ({waves.shape[0]},)")
    M, d = waves.shape
    one = torch.ones(M, dtype=waves.dtype, device=waves.device)
    zero = torch.zeros_like(one)
    signs = signs.to(waves)
    a0 = waves[:, 0]
    # As in the core: the sum neuron passes through ReLU; with subtracted waves
    # and free scales it carries x + sum s_i (1 - W_i) >= 0 (each layer adds
    # s_{k-1} through the bias neuron) and the output bias removes sum s_i.
    carry = ((signs < 0) & bool(carry)).to(waves)
    total_scale = torch.cumprod(ratios, dim=1).sum(dim=1)
    layers = [(torch.stack([one, one, one, zero], -1)[:, :, None], torch.stack([zero, zero, -a0, one], -1))]
    zeros4 = torch.zeros(M, 4, dtype=waves.dtype, device=waves.device)
    for k in range(1, d + 1):
        a, S = waves[:, k - 1], ratios[:, k - 1]
        up, down = S / a, -S / (a - a * a)  # S T_{k-1}(w) = (S/a) t1 - S/(a - a^2) relu(t2)
        sum_row = torch.stack([one, signs * up, signs * down, carry * S], -1)
        if k == d:
            layers.append((sum_row[:, None, :], (-carry * total_scale)[:, None]))
        else:
            cut = -S * waves[:, k]  # t2 of the next layer switches on at W_{k-1} = a_k
            t1_row = torch.stack([zero, up, down, zero], -1)
            t2_row = torch.stack([zero, up, down, cut], -1)
            bias_row = torch.stack([zero, zero, zero, S], -1)
            layers.append((torch.stack([sum_row, t1_row, t2_row, bias_row], -2), zeros4))
    return layers


def _batched_forward(layers, x, negative_slope=0.0):
    """Apply batched affine layers (``b`` may be None: no bias) with ReLU between them; ``x`` of shape (M, N, in)."""
    h = x
    last = len(layers) - 1
    for l, (W, b) in enumerate(layers):
        h = h @ W.transpose(1, 2)  # (faster than baddbmm for float64 on CPU)
        if b is not None:
            h = h + b[:, None, :]
        if l < last:
            h = torch.relu(h) if negative_slope == 0 else torch.nn.functional.leaky_relu(h, negative_slope)
    return h


def _as_batch_input(x, M, n_in, dtype, device):
    """Inputs as (M, N, n_in): a shared (N,) / (N, n_in) tensor or per-model (M, N, n_in)."""
    x = torch.as_tensor(x, dtype=dtype, device=device)
    if x.ndim == 1 and n_in == 1:
        x = x[:, None]
    if x.ndim == 2:
        return x.expand(M, *x.shape)
    if x.ndim == 3 and x.shape[0] == M:
        return x
    raise InvalidArgument("x", f"shape {tuple(x.shape)}", f"(N,), (N, {n_in}) or ({M}, N, {n_in})")


class PeakNetworks(nn.Module):
    """``M`` 4-wide triangle networks trained through their peaks (000 Algorithm 1).

    Parameters
    ----------
    peaks : array (M, d + 1) or (M, d)
        Initial peaks, each in ``[margin, 1 - margin]``.  With
        ``free_scales=False`` (differentiability enforced) the scales follow the
        law from ``a_0 .. a_d`` and there are ``d`` hidden layers.  With
        ``free_scales=True`` (differentiability not enforced) ``a_0 .. a_{d-1}``
        are the wave peaks; if ``d + 1`` peaks are given, the free scales start
        at the law's values for them (a common starting point for both kinds),
        else at ``scales``.
    variant : str or sequence of str
        ``"add"`` or ``"subtract"`` for all models, or one per model.
    free_scales : bool, keyword-only
        Train the scales as free parameters.
    scales : array (M, d), optional
        Initial free scales (``free_scales=True`` with ``d`` peaks).
    margin : float, keyword-only, default 0.01
        ``c``: the peaks are kept in ``[c, 1 - c]``.
    dtype, device : keyword-only
        Parameter dtype (float64 default) and device.

    Notes
    -----
    The peaks are the parameters themselves and `project_` clamps them to
    ``[c, 1 - c]`` after every optimizer step (projected gradient descent).
    Algorithm 1 updates ``A`` directly; a sigmoid reparameterization would
    multiply every peak's Adam step by ``sigma'(theta) <= 1/4`` and change the
    dynamics the paper reports, while a clamp inside the forward pass would
    zero the gradient of a peak at the boundary.  The projection keeps the
    paper's update inside the box and ``1/a``, ``1/(1 - a)`` below ``1/c``.
    Free scales are stored as log scale ratios: they stay positive and span
    orders of magnitude (the law makes them decay geometrically).

    Examples
    --------
    >>> from fractions import Fraction as Q
    >>> from symrelu.triangle import triangle_network
    >>> peaks = [[0.3, 0.6, 0.5]]
    >>> model = PeakNetworks(peaks, variant="subtract")
    >>> x = torch.linspace(0, 1, 5, dtype=torch.float64)
    >>> ref = triangle_network([0.3, 0.6, 0.5], variant="subtract").forward(x.numpy())
    >>> bool(torch.allclose(model(x)[0], torch.from_numpy(ref), rtol=0, atol=1e-15))
    True
    """

    def __init__(self, peaks, variant="add", *, free_scales: bool = False, scales=None,
                 margin: float = 0.01, dtype=torch.float64, device=None):
        super().__init__()
        try:
            peaks = np.asarray(peaks, dtype=np.float64)
        except (TypeError, ValueError):
            raise InvalidArgumentType("peaks", peaks, "a (models, peaks) array of numbers") from None
        if peaks.ndim != 2 or peaks.shape[1] < 1:
            raise InvalidArgument("peaks", f"shape {peaks.shape}", "a (models, peaks) array")
        if isinstance(margin, bool) or not isinstance(margin, (numbers.Real, np.floating, np.integer)):
            raise InvalidArgumentType("margin", margin, "a number in (0, 0.5)")
        if not (0 < margin < 0.5):
            raise InvalidArgument("margin", margin, "a number in (0, 0.5)")
        if not isinstance(free_scales, (bool, np.bool_)):
            raise InvalidArgumentType("free_scales", free_scales, "True or False")
        M = peaks.shape[0]
        if not isinstance(variant, (str, list, tuple)):
            raise InvalidArgumentType("variant", variant, f"one of {VARIANTS}, or a list of them (one per model)")
        variants = [variant] * M if isinstance(variant, str) else list(variant)
        if len(variants) != M or any(v not in VARIANTS for v in variants):
            raise InvalidArgument("variant", variant, f"one of {VARIANTS}, or one of them per model ({M})")
        for m in range(M):
            check_peaks(list(peaks[m]), name=f"peaks[{m}]", margin=margin)
        self.margin = float(margin)
        self.free_scales = bool(free_scales)
        self.variants = tuple(variants)
        device = resolve_device(device)
        self.register_buffer("signs", torch.tensor([1.0 if v == "add" else -1.0 for v in variants], dtype=dtype, device=device))
        if not self.free_scales:
            if peaks.shape[1] < 2:
                raise InvalidArgument("peaks", f"shape {peaks.shape}", "at least 2 peaks per model under the law")
            self.peaks = nn.Parameter(torch.tensor(peaks, dtype=dtype, device=device))
            return
        if scales is None:
            if peaks.shape[1] < 2:
                raise InvalidArgument("scales", None, "initial scales, or d + 1 peaks to start from the law's scales")
            scales = np.array([law_scales(list(p), v) for p, v in zip(peaks, variants)], dtype=np.float64)
            peaks = peaks[:, :-1]
        scales = np.asarray(scales, dtype=np.float64)
        if scales.shape != peaks.shape or not np.all(scales > 0):
            raise InvalidArgument("scales", scales, f"positive scales of shape {peaks.shape}")
        ratios = np.concatenate([scales[:, :1], scales[:, 1:] / scales[:, :-1]], axis=1)
        self.peaks = nn.Parameter(torch.tensor(peaks, dtype=dtype, device=device))
        self.log_ratios = nn.Parameter(torch.tensor(np.log(ratios), dtype=dtype, device=device))

    @property
    def n_models(self) -> int:
        """``M``, the number of networks."""
        return self.peaks.shape[0]

    @property
    def depth(self) -> int:
        """``d``, the number of hidden layers."""
        return self.peaks.shape[1] - (0 if self.free_scales else 1)

    def ratios(self) -> torch.Tensor:
        """The scale ratios ``S_1 .. S_d`` (M, d): the law's, or the free ones."""
        if self.free_scales:
            return torch.exp(self.log_ratios)
        a = self.peaks
        first = torch.where(self.signs > 0, (1 - a[:, 0]) * a[:, 1], a[:, 0] * a[:, 1])
        rest = (1 - a[:, 1:-1]) * a[:, 2:]  # S_{k+1} = s_k / s_{k-1} = (1 - a_k) a_{k+1}
        return torch.cat([first[:, None], rest], dim=1)

    def scales(self) -> torch.Tensor:
        """The scales ``s_0 .. s_{d-1}`` (M, d)."""
        return torch.cumprod(self.ratios(), dim=1)

    def weights(self) -> list:
        """The current batched weights ``[(W (M, out, in), b (M, out))]`` (differentiable in the peaks)."""
        return triangle_weights(self.peaks[:, : self.depth], self.ratios(), self.signs, carry=self.free_scales)

    def forward(self, x) -> torch.Tensor:
        """Outputs (M, N) at inputs ``x`` of shape (N,) shared by all models, or (M, N, 1)."""
        xb = _as_batch_input(x, self.n_models, 1, self.peaks.dtype, self.peaks.device)
        return _batched_forward(self.weights(), xb)[..., 0]

    @torch.no_grad()
    def project_(self) -> None:
        """Clamp the peaks to ``[c, 1 - c]`` (called after each optimizer step)."""
        self.peaks.clamp_(self.margin, 1 - self.margin)

    @torch.no_grad()
    def to_batched(self, *, hidden_biases: bool = False) -> "BatchedReLU":
        """The switch to raw-weight training: a `BatchedReLU` holding a copy of the current weights.

        As in 000 A.1, only the input layer ``I`` has biases: the bias neuron
        replaces them in the hidden layers and the output (a conventional bias
        would have to follow signals that shrink geometrically with depth, and
        Adam moves every parameter by about its learning rate at first).  The
        output keeps a bias only where the construction needs one (free scales
        with subtracted waves: ``-Σ s_i``).  ``hidden_biases=True`` gives every
        layer a trainable bias (zero where the construction has none).

        >>> PeakNetworks([[0.3, 0.6, 0.5]]).to_batched().has_bias
        (True, False, False)
        """
        keep = [True] + [bool(hidden_biases)] * (self.depth - 1) + [bool(hidden_biases) or self._carries()]
        return BatchedReLU([(W.clone(), b.clone() if k else None) for (W, b), k in zip(self.weights(), keep)])

    def _carries(self) -> bool:
        """Whether some model's sum neuron carries ``x + Σ s_i (1 - W_i)`` (its output bias is not zero)."""
        return self.free_scales and bool((self.signs < 0).any())

    def network(self, m: int) -> ReLUNetwork:
        """Model ``m`` as a float64 `ReLUNetwork`."""
        return self.to_batched().network(m)


class BatchedReLU(nn.Module):
    """``M`` plain ReLU networks of one shape, evaluated and trained at once.

    Parameters
    ----------
    layers : list of (W, b)
        Tensors of shapes (M, out, in) and (M, out), copied into parameters;
        ``b = None`` makes a layer without bias (zero, not trained).
    negative_slope : float, keyword-only
        Leaky-ReLU slope (0 is ReLU).

    Attributes
    ----------
    has_bias : tuple of bool
        Which layers have a (trainable) bias.

    Examples
    --------
    >>> nets = default_networks(3, (1, 4, 4, 1), seed=0)
    >>> nets(torch.linspace(0, 1, 7, dtype=torch.float64)).shape
    torch.Size([3, 7])
    >>> nets.network(0).widths
    (1, 4, 4, 1)
    """

    def __init__(self, layers, *, negative_slope: float = 0.0):
        super().__init__()
        if isinstance(layers, (str, bytes, dict)) or not isinstance(layers, (list, tuple)):
            raise InvalidArgumentType("layers", layers, "a sequence of (W, b) pairs of tensors")
        if not layers:
            raise InvalidArgument("layers", layers, "at least one (W, b) layer")
        for l, pair in enumerate(layers):
            if not isinstance(pair, (tuple, list)) or len(pair) != 2 or not isinstance(pair[0], torch.Tensor) \
                    or not (pair[1] is None or isinstance(pair[1], torch.Tensor)):
                raise InvalidArgumentType(f"layers[{l}]", pair, "a pair (W, b) of tensors (b may be None)")
        if isinstance(negative_slope, bool) or not isinstance(negative_slope, (int, float, np.integer, np.floating)):
            raise InvalidArgumentType("negative_slope", negative_slope, "a finite number")
        try:
            slope = float(negative_slope)
        except OverflowError:  # an int past float64's range
            slope = float("inf")
        if not np.isfinite(slope):
            raise InvalidArgument("negative_slope", negative_slope, "a finite number")
        self.negative_slope = slope
        self.W = nn.ParameterList([nn.Parameter(torch.as_tensor(W).detach().clone()) for W, _ in layers])
        self.b = nn.ParameterList([nn.Parameter(torch.as_tensor(b).detach().clone()) for _, b in layers if b is not None])
        self.has_bias = tuple(b is not None for _, b in layers)
        M = self.W[0].shape[0]
        for l, (W, b) in enumerate(self.layers()):
            if W.ndim != 3 or W.shape[0] != M or b.shape != (M, W.shape[1]):
                raise InvalidArgument(f"layers[{l}]", f"shapes {tuple(W.shape)}, {tuple(b.shape)}", f"({M}, out, in) and ({M}, out)")

    @classmethod
    def from_modules(cls, modules) -> "BatchedReLU":
        """Stack ``nn.Sequential`` modules of one architecture (see `from_torch`) into one batch."""
        nets = [from_torch(m) for m in modules]
        if not nets:
            raise InvalidArgument("modules", modules, "at least one module")
        if len({n.widths for n in nets}) != 1 or len({n.alpha for n in nets}) != 1:
            raise InvalidArgument("modules", modules, "modules of one architecture and activation")
        dtype = next(modules[0].parameters()).dtype
        device = next(modules[0].parameters()).device
        layers = [
            (torch.stack([torch.tensor(n.layers[l][0]) for n in nets]).to(device, dtype),  # copies: the arrays are read-only
             torch.stack([torch.tensor(n.layers[l][1]) for n in nets]).to(device, dtype))
            for l in range(len(nets[0].layers))
        ]
        return cls(layers, negative_slope=nets[0].alpha)

    @property
    def n_models(self) -> int:
        """``M``, the number of networks."""
        return self.W[0].shape[0]

    @property
    def widths(self) -> tuple:
        """``(in, hidden_1, ..., out)``, shared by all models."""
        return (self.W[0].shape[2],) + tuple(W.shape[1] for W in self.W)

    def layers(self) -> list:
        """The ``(W, b)`` pairs, ``b`` zero for the layers without bias."""
        return [(W, W.new_zeros(W.shape[:2]) if b is None else b) for W, b in self._affine()]

    def _affine(self) -> list:
        """The ``(W, b)`` pairs, ``b`` None for the layers without bias (nothing to add in `forward`)."""
        biases = iter(self.b)
        return [(W, next(biases) if has else None) for W, has in zip(self.W, self.has_bias)]

    def forward(self, x) -> torch.Tensor:
        """Outputs at ``x`` of shape (N,), (N, in) or (M, N, in): (M, N) for one output, else (M, N, out)."""
        xb = _as_batch_input(x, self.n_models, self.widths[0], self.W[0].dtype, self.W[0].device)
        y = _batched_forward(self._affine(), xb, self.negative_slope)
        return y[..., 0] if y.shape[-1] == 1 else y

    def network(self, m: int) -> ReLUNetwork:
        """Model ``m`` as a float64 `ReLUNetwork` (bit-exact from float64 or float32 weights)."""
        if not isinstance(m, (int, np.integer)) or not 0 <= m < self.n_models:
            raise InvalidArgument("m", m, f"a model index in [0, {self.n_models - 1}]")
        layers = [(W[m].detach().to("cpu", torch.float64).numpy(), b[m].detach().to("cpu", torch.float64).numpy())
                  for W, b in self.layers()]
        return ReLUNetwork(layers, self.negative_slope, exact=False)

    def module(self, m: int) -> nn.Sequential:
        """Model ``m`` as a ``nn.Sequential`` (same dtype and device)."""
        return to_torch(self.network(m), dtype=self.W[0].dtype, device=self.W[0].device)


def default_networks(n_models: int, widths, *, seed, dtype=torch.float64, device=None,
                     max_parameters: int | None = 10**7, max_models: int | None = MAX_MODELS) -> BatchedReLU:
    """``n_models`` networks initialized exactly like PyTorch's default ``nn.Linear`` (Kaiming uniform).

    Model ``m`` is the ``nn.Sequential`` built after ``torch.manual_seed(s_m)``
    with ``s_m`` the m-th seed drawn from ``seed``; the global torch RNG state
    is restored afterwards.  More than ``max_parameters`` parameters in all
    (each model is first built as its own module) raise `SizeLimitExceeded`,
    and so do more than ``max_models`` models (default ``MAX_MODELS`` = 2048: each
    module takes about a millisecond to build); ``None`` sets no cap (for
    callers that bound the size themselves).

    >>> default_networks(2, (1, 4, 1), seed=1).widths
    (1, 4, 1)
    """
    if isinstance(n_models, bool) or not isinstance(n_models, (int, np.integer)):
        raise InvalidArgumentType("n_models", n_models, "an int >= 1")
    if n_models < 1:
        raise InvalidArgument("n_models", n_models, "an int >= 1")
    for option, cap in (("max_parameters", max_parameters), ("max_models", max_models)):
        if cap is not None and (isinstance(cap, bool) or not isinstance(cap, (int, np.integer))):
            raise InvalidArgumentType(option, cap, "an int >= 1 or None")
        if cap is not None and cap < 1:
            raise InvalidArgument(option, cap, "an int >= 1 or None")
    if max_models is not None and n_models > max_models:
        raise SizeLimitExceeded("n_models", n_models, size=int(n_models), limit=int(max_models), unit="models",
                                option="max_models")
    if isinstance(widths, (str, bytes)) or not isinstance(widths, (list, tuple, np.ndarray)):
        raise InvalidArgumentType("widths", widths, "a sequence (in, hidden..., out) of ints >= 1")
    if any(isinstance(w, (bool, np.bool_)) or not isinstance(w, (int, np.integer)) for w in widths):
        raise InvalidArgumentType("widths", widths, "a sequence (in, hidden..., out) of ints >= 1")
    widths = tuple(int(w) for w in widths)
    if len(widths) < 2 or min(widths) < 1:
        raise InvalidArgument("widths", widths, "(in, hidden..., out) with positive entries")
    total = n_models * sum((a + 1) * b for a, b in zip(widths, widths[1:]))
    if max_parameters is not None and total > max_parameters:
        raise SizeLimitExceeded("n_models", n_models, size=total, limit=max_parameters, unit="parameters",
                                option="max_parameters")
    seeds = as_generator(seed).integers(0, 2**62, size=n_models)
    modules = []
    with torch.random.fork_rng(devices=[]):
        for s in seeds:
            torch.manual_seed(int(s))
            layers = []
            for i in range(len(widths) - 1):
                layers.append(nn.Linear(widths[i], widths[i + 1], dtype=dtype))
                if i < len(widths) - 2:
                    layers.append(nn.ReLU())
            modules.append(nn.Sequential(*layers))
    batch = BatchedReLU([
        (torch.stack([m[2 * l].weight.detach() for m in modules]), torch.stack([m[2 * l].bias.detach() for m in modules]))
        for l in range(len(widths) - 1)
    ])
    return batch.to(resolve_device(device))
