"""Devices, and symrelu networks to and from ``nn.Sequential`` (float64 round trips bit-exact)."""

from __future__ import annotations

import numpy as np
import torch
from torch import nn

from ..errors import InvalidArgument, InvalidArgumentType
from ..network import ReLUNetwork


def resolve_device(device=None) -> torch.device:
    """A ``torch.device`` from ``None`` (CPU), ``"cpu"``, ``"cuda"`` or a device.

    >>> resolve_device("cpu").type
    'cpu'
    """
    if device is None:
        return torch.device("cpu")
    try:
        dev = torch.device(device)
    except (RuntimeError, TypeError, ValueError, OverflowError):  # ValueError: an int index past long long
        raise InvalidArgument("device", device, "'cpu', 'cuda', 'cuda:N' or a torch.device") from None
    if dev.type == "cuda" and not torch.cuda.is_available():
        raise InvalidArgument("device", device, "a device present on this machine", hint="torch.cuda.is_available() is False.")
    return dev


# -- conversion ----------------------------------------------------------------
def to_torch(network: ReLUNetwork, *, dtype=torch.float64, device=None) -> nn.Sequential:
    """A ``nn.Sequential`` (``nn.Linear`` and ``nn.ReLU`` / ``nn.LeakyReLU``) computing ``network``.

    Float64 networks convert bit-exactly at ``dtype=torch.float64``; exact
    (Fraction) networks are rounded to the nearest float64 first.

    >>> from symrelu.network import ReLUNetwork
    >>> to_torch(ReLUNetwork([([[1.0], [-1.0]], [0.0, 0.0]), ([[1.0, 1.0]], [0.0])]))
    Sequential(
      (0): Linear(in_features=1, out_features=2, bias=True)
      (1): ReLU()
      (2): Linear(in_features=2, out_features=1, bias=True)
    )
    """
    if not isinstance(network, ReLUNetwork):
        raise InvalidArgumentType("network", network, "a symrelu.network.ReLUNetwork")
    if not isinstance(dtype, torch.dtype) or not dtype.is_floating_point:
        raise InvalidArgumentType("dtype", dtype, "a floating torch.dtype (torch.float64, torch.float32, ...)")
    net = network.with_number_domain(False)
    device = resolve_device(device)
    alpha = float(net.alpha)
    modules = []
    for l, (W, b) in enumerate(net.layers):
        lin = nn.Linear(W.shape[1], W.shape[0], dtype=dtype, device=device)
        with torch.no_grad():
            lin.weight.copy_(torch.tensor(np.asarray(W, dtype=np.float64)))
            lin.bias.copy_(torch.tensor(np.asarray(b, dtype=np.float64)))
        modules.append(lin)
        if l < len(net.layers) - 1:
            modules.append(nn.ReLU() if alpha == 0 else nn.LeakyReLU(alpha))
    return nn.Sequential(*modules)


def from_torch(module: nn.Module) -> ReLUNetwork:
    """The float64 `ReLUNetwork` of a ``nn.Sequential`` of ``nn.Linear`` layers and one activation kind.

    Accepts ``nn.ReLU`` or ``nn.LeakyReLU`` (one slope for all layers) between
    the linear layers.  Float32 and float64 weights convert exactly.

    >>> seq = nn.Sequential(nn.Linear(1, 3), nn.LeakyReLU(0.1), nn.Linear(3, 1))
    >>> from_torch(seq).widths, from_torch(seq).alpha
    ((1, 3, 1), 0.1)
    """
    if not isinstance(module, nn.Sequential):
        raise InvalidArgumentType("module", module, "a torch.nn.Sequential of Linear and ReLU/LeakyReLU")
    children = list(module)
    layers, alphas = [], set()
    for i, child in enumerate(children):
        want_linear = i % 2 == 0
        if want_linear:
            if not isinstance(child, nn.Linear):
                raise InvalidArgument(f"module[{i}]", child, "nn.Linear (linear layers and activations alternate)")
            W = child.weight.detach().to("cpu", torch.float64).numpy()
            b = (child.bias.detach().to("cpu", torch.float64).numpy() if child.bias is not None
                 else np.zeros(W.shape[0]))
            layers.append((W, b))
        elif isinstance(child, nn.LeakyReLU):
            alphas.add(float(child.negative_slope))
        elif isinstance(child, nn.ReLU):
            alphas.add(0.0)
        else:
            raise InvalidArgument(f"module[{i}]", child, "nn.ReLU or nn.LeakyReLU")
    if not layers or len(children) % 2 == 0:
        raise InvalidArgument("module", module, "a Sequential that starts and ends with nn.Linear")
    if len(alphas) > 1:
        raise InvalidArgument("module", module, "one activation slope for all layers", hint=f"found slopes {sorted(alphas)}")
    return ReLUNetwork(layers, alphas.pop() if alphas else 0, exact=False)
