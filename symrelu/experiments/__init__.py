"""Reproduction of the experiments of 000 §4–§5 (``python -m symrelu.experiments``).

Importing this package does not import torch; `symrelu.experiments.protocol`
and `symrelu.experiments.blocks` do (through `symrelu.torch_bridge`).
The paper's numbers are in `symrelu.experiments.paper`.
"""

__all__: list = []

# The sizes of the full and the reduced protocol, here (not in the torch-using
# `protocol`) so that the command's --help can quote them without importing torch.
_FULL_SIZES = {"n_models": 30, "pretrain_epochs": 1000, "free_epochs": 1000, "window": 100}
_REDUCED_SIZES = {"n_models": 2, "pretrain_epochs": 40, "free_epochs": 40, "window": 10}
