"""PyTorch bridge: symrelu networks as ``torch.nn.Module``, peak-parameterized pretraining, batched training.

This is the only symrelu package that imports torch (``import symrelu`` never
does); without torch, importing it raises `ModuleNotFoundError` saying so.  It provides

* `to_torch` / `from_torch`: `ReLUNetwork` <-> ``nn.Sequential`` of
  ``nn.Linear`` and ``nn.ReLU`` / ``nn.LeakyReLU``; float64 round trips are
  bit-exact (exact Fraction networks are rounded once, to the nearest float64);
* `PeakNetworks`: ``M`` 4-wide triangle networks (000 Appendix A.1, with the
  corrected peak indices of `symrelu.triangle.triangle_network`) whose weights
  are rebuilt from the peaks in every forward pass, so gradients reach the
  peaks (000 Algorithm 1); scales follow the law or are free;
* `BatchedReLU`: ``M`` plain ReLU networks of one shape, trained at once
  (``torch.baddbmm`` over a model axis); `PeakNetworks.to_batched` is the
  switch from peak training to raw-weight training;
* `Trainer` / `train_together`: Adam on the sum of the per-model mean squared
  errors.  Adam acts coordinate-wise, so this is exactly one independent Adam
  run per model, only vectorized;
* `TriangleBlockLayer`: a drop-in ``nn.Module`` (000 A.9), ``in_features ->
  out_features`` through K peak-parameterized triangle networks, switched to
  raw block-diagonal or dense weights by ``to_raw_``.

>>> from symrelu.triangle import triangle_network
>>> net = triangle_network([0.3, 0.5, 0.7])
>>> back = from_torch(to_torch(net))
>>> all((W1 == W2).all() and (b1 == b2).all() for (W1, b1), (W2, b2) in zip(net.layers, back.layers))
True

The package holds one concept per module: ``_convert`` (devices and the
conversion to and from ``nn.Sequential``), ``_models`` (the peak-parameterized
and the plain batched networks) and ``_training`` (`Trainer`,
`train_together`).
"""

try:
    import torch  # noqa: F401  (the one place its absence is reported)
except ImportError as err:  # the torch extra is not installed
    raise ModuleNotFoundError(
        "symrelu.torch_bridge needs PyTorch, an optional dependency: pip install 'symrelu[torch]' "
        f"(or torch>=2.1) ({err})", name="torch") from err

from ._convert import from_torch, resolve_device, to_torch
from ._models import BatchedReLU, PeakNetworks, default_networks, triangle_weights
from ._training import Trainer, train_together
from ._layer import TriangleBlockLayer

__all__ = [
    "to_torch",
    "from_torch",
    "triangle_weights",
    "PeakNetworks",
    "BatchedReLU",
    "default_networks",
    "Trainer",
    "train_together",
    "resolve_device",
    "TriangleBlockLayer",
]
