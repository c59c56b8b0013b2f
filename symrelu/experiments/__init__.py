"""Reproduction of the experiments of 000 §4–§5 (``python -m symrelu.experiments``).

Importing this package does not import torch; `symrelu.experiments.protocol`
and `symrelu.experiments.blocks` do (through `symrelu.torch_bridge`).
The paper's numbers are in `symrelu.experiments.paper`.
"""

__all__: list = []
