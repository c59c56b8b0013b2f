"""A drop-in layer: K learned one-dimensional triangle-network activations between two linear maps (000 A.9)."""

from __future__ import annotations

import numpy as np
import torch
from torch import nn

from ..errors import InvalidArgument, InvalidArgumentType, SizeLimitExceeded
from ..law import VARIANTS
from ._convert import resolve_device
from ._models import triangle_weights

#: ``blocks x depth`` above this raises `SizeLimitExceeded` unless ``max_blocks`` is raised.
MAX_BLOCKS = 4096
#: Most parameters a `TriangleBlockLayer` may have by default (like `default_networks`' cap).
MAX_PARAMETERS = 10**7
STRUCTURES = ("block-diagonal", "dense")


def _int(name, value, low):
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise InvalidArgumentType(name, value, f"an int >= {low}")
    if value < low:
        raise InvalidArgument(name, value, f"an int >= {low}")
    return int(value)


class TriangleBlockLayer(nn.Module):
    """``in_features -> out_features`` through ``blocks`` learned 1-D triangle networks of depth ``depth`` (000 A.9).

    A random ``nn.Linear(in_features, blocks)`` gives each block one input
    ``u_k`` (a random direction of the input space); block ``k`` is a 4-wide
    triangle network (``N_k(u) = u ± Σ s_i W_i(u)`` on [0, 1]) with ``depth`` hidden
    layers whose weights are built from its peaks in every forward pass (the
    scales follow the law, so gradients reach the peaks: peak-parameterized
    pretraining); an ``nn.Linear(blocks, out_features)`` combines the blocks.
    `to_raw_` is the switch to raw-weight training: the same function as a
    plain ReLU network with ``depth`` hidden layers of width ``4 * blocks``,
    whose hidden matrices stay block-diagonal (block size 4, the other entries
    held at zero) or become dense trainable matrices.  The layer maps inputs
    of shape ``(..., in_features)`` to ``(..., out_features)`` in either mode,
    so it goes into any ``nn.Sequential``.

    Parameters
    ----------
    in_features, out_features : int
        Sizes of the input and output.
    blocks : int
        ``K``, the number of triangle networks (000 A.9: 16 for two spirals, 32 for Concrete).
    depth : int, keyword-only
        ``d``, hidden layers per triangle network (000 A.9: 5).
    variant : {"subtract", "add"}, keyword-only
        Waves subtracted from ``y = u`` (convex blocks, 000 §5; the default) or added (concave).
    margin : float, keyword-only
        ``c``: the peaks are drawn from and kept in ``[c, 1 - c]``.
    dtype, device : keyword-only
        Parameter dtype (float32 default) and device.
    max_blocks : int, keyword-only
        Refuse ``blocks * depth`` above this (`SizeLimitExceeded`); default `MAX_BLOCKS`.
    max_parameters : int, keyword-only
        Refuse a layer of more parameters than this (`SizeLimitExceeded`, before
        any is allocated); default ``MAX_PARAMETERS`` = 10**7.

    Notes
    -----
    The peaks are drawn with torch's global generator (``torch.manual_seed``
    fixes them, like the linear layers' Kaiming draws).  The forward pass
    clamps them to ``[c, 1 - c]`` so that any optimizer keeps a valid network;
    a peak held at the boundary then gets no gradient, so call `project_`
    after each step (as `symrelu.torch_bridge.train_together` does for its
    models) to keep the stored peaks inside.

    Examples
    --------
    >>> torch.manual_seed(0)  # doctest: +ELLIPSIS
    <torch._C.Generator object at ...>
    >>> layer = TriangleBlockLayer(2, 3, blocks=4, depth=3, dtype=torch.float64)
    >>> model = nn.Sequential(layer, nn.Linear(3, 1, dtype=torch.float64))
    >>> x = torch.rand(5, 2, dtype=torch.float64)
    >>> before = model(x)
    >>> _ = layer.to_raw_("block-diagonal")
    >>> bool(torch.allclose(model(x), before, rtol=0, atol=1e-12)), layer.mode
    (True, 'block-diagonal')
    """

    def __init__(self, in_features: int, out_features: int, blocks: int = 16, *, depth: int = 5,
                 variant: str = "subtract", margin: float = 0.01, dtype=torch.float32, device=None,
                 max_blocks: int = MAX_BLOCKS, max_parameters: int = MAX_PARAMETERS):
        super().__init__()
        in_features = _int("in_features", in_features, 1)
        out_features = _int("out_features", out_features, 1)
        blocks = _int("blocks", blocks, 1)
        depth = _int("depth", depth, 1)
        max_blocks = _int("max_blocks", max_blocks, 1)
        if blocks * depth > max_blocks:
            raise SizeLimitExceeded("blocks, depth", (blocks, depth), size=blocks * depth, limit=max_blocks,
                                    unit="blocks x depth", option="max_blocks")
        max_parameters = _int("max_parameters", max_parameters, 1)
        size = (in_features + 1) * blocks + (blocks + 1) * out_features + blocks * (depth + 1)
        if size > max_parameters:  # the two nn.Linear and the peaks
            raise SizeLimitExceeded("in_features, blocks, out_features", (in_features, blocks, out_features),
                                    size=size, limit=max_parameters, unit="parameters", option="max_parameters")
        if variant not in VARIANTS:
            raise InvalidArgument("variant", variant, f"one of {VARIANTS}")
        if isinstance(margin, bool) or not isinstance(margin, (int, float)) or not 0 < margin < 0.5:
            raise InvalidArgument("margin", margin, "a number in (0, 0.5)")
        if not isinstance(dtype, torch.dtype) or not dtype.is_floating_point:
            raise InvalidArgumentType("dtype", dtype, "a floating torch.dtype")
        device = resolve_device(device)
        self.in_features, self.out_features, self.blocks, self.depth = in_features, out_features, blocks, depth
        self.variant, self.margin = variant, float(margin)
        self.mode = "peaks"
        self.input = nn.Linear(in_features, blocks, dtype=dtype, device=device)
        self.output = nn.Linear(blocks, out_features, dtype=dtype, device=device)
        peaks = self.margin + (1 - 2 * self.margin) * torch.rand(blocks, depth + 1, dtype=dtype, device=device)
        self.peaks = nn.Parameter(peaks)
        self.register_buffer("signs", torch.full((blocks,), 1.0 if variant == "add" else -1.0, dtype=dtype,
                                                 device=device))
        self.hidden = nn.ParameterList()  # the raw hidden matrices after to_raw_
        self.hidden_bias = nn.ParameterList()

    def extra_repr(self) -> str:
        return (f"in_features={self.in_features}, out_features={self.out_features}, blocks={self.blocks}, "
                f"depth={self.depth}, variant={self.variant!r}, mode={self.mode!r}")

    # -- peak mode ---------------------------------------------------------------
    def _triangle_layers(self) -> list:
        """The K triangle networks' weights ``[(W (K, out, in), b (K, out))]`` from the (clamped) peaks."""
        a = self.peaks.clamp(self.margin, 1 - self.margin)
        first = torch.where(self.signs > 0, (1 - a[:, 0]) * a[:, 1], a[:, 0] * a[:, 1])
        ratios = torch.cat([first[:, None], (1 - a[:, 1:-1]) * a[:, 2:]], dim=1)
        return triangle_weights(a[:, :-1], ratios, self.signs)

    @torch.no_grad()
    def project_(self) -> None:
        """Clamp the stored peaks to ``[c, 1 - c]`` (call after each optimizer step in peak mode)."""
        self.peaks.clamp_(self.margin, 1 - self.margin)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Outputs ``(..., out_features)`` for inputs ``(..., in_features)``."""
        if not isinstance(x, torch.Tensor) or x.ndim < 1 or x.shape[-1] != self.in_features:
            raise InvalidArgument("x", getattr(x, "shape", x), f"a tensor of shape (..., {self.in_features})")
        lead = x.shape[:-1]
        h = x.reshape(-1, self.in_features)
        if self.mode == "peaks":
            u = self.input(h)  # (B, K)
            z = u.T[:, :, None]  # (K, B, 1): one 1-D input per block
            layers = self._triangle_layers()
            for l, (W, b) in enumerate(layers):
                z = z @ W.transpose(1, 2) + b[:, None, :]
                if l < len(layers) - 1:
                    z = torch.relu(z)
            y = self.output(z[..., 0].T)
        else:
            for l, W in enumerate(self.hidden):
                if l > 0 and self.mode == "block-diagonal":
                    W = W * self.mask
                h = torch.relu(h @ W.T + self.hidden_bias[l])
            y = self.output(h)
        return y.reshape(*lead, self.out_features)

    # -- the switch ----------------------------------------------------------------
    @torch.no_grad()
    def to_raw_(self, structure: str = "block-diagonal") -> "TriangleBlockLayer":
        """Switch to raw-weight training in place; the layer computes the same function (returns ``self``).

        The hidden layers become trainable ``(4K, in)`` and ``(4K, 4K)`` matrices
        with biases (the input map folded into the first); the triangle
        networks' output rows are folded into ``self.output`` (now
        ``4K -> out_features``).  ``structure="block-diagonal"`` keeps the
        entries between different blocks at zero (their gradient is zero too),
        ``"dense"`` frees them (000 A.9's two choices).  Build a new optimizer
        afterwards: the parameters change (000 A.9 restarts Adam at the switch).
        """
        if structure not in STRUCTURES:
            raise InvalidArgument("structure", structure, f"one of {STRUCTURES}")
        if self.mode != "peaks":
            raise InvalidArgument("structure", structure, "a switch from peak mode",
                                  f"the layer is already in {self.mode!r} mode.")
        K, dt, dev = self.blocks, self.peaks.dtype, self.peaks.device
        layers = self._triangle_layers()
        Win, bin_ = self.input.weight, self.input.bias  # (K, in), (K,)
        W0, b0 = layers[0]  # (K, 4, 1), (K, 4)
        hidden = [(W0 * Win[:, None, :]).reshape(4 * K, -1), (W0[..., 0] * bin_[:, None] + b0).reshape(-1)]
        mats = [hidden]
        for W, b in layers[1:-1]:  # (K, 4, 4), (K, 4)
            mats.append((torch.block_diag(*W), b.reshape(-1)))
        Wl, bl = layers[-1]  # (K, 1, 4), (K, 1)
        Wout, bout = self.output.weight, self.output.bias  # (out, K), (out,)
        new_out = nn.Linear(4 * K, self.out_features, dtype=dt, device=dev)
        new_out.weight.copy_((Wout[:, :, None] * Wl[None, :, 0, :]).reshape(self.out_features, 4 * K))
        new_out.bias.copy_(bout + Wout @ bl[:, 0])
        self.hidden = nn.ParameterList([nn.Parameter(W.clone()) for W, _ in mats])
        self.hidden_bias = nn.ParameterList([nn.Parameter(b.clone()) for _, b in mats])
        self.output = new_out
        self.register_buffer("mask", torch.block_diag(*torch.ones(K, 4, 4, dtype=dt, device=dev)))
        del self.input
        del self.peaks
        self.mode = structure
        return self
