"""Matplotlib figures: one submodule per topic (the paper figures, densities, regions).

Each function returns a ``matplotlib.figure.Figure`` and never calls ``show``;
importing this package does not import matplotlib (the submodules do).
"""
