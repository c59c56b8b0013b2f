"""Sphinx configuration for the symrelu documentation.

Build with ``sphinx-build -W -b html docs docs/_build/html`` (needs ``pip install '.[docs]'``).
"""

import os
import sys

# Import the packages from this checkout (autodoc), installed or not.
sys.path.insert(0, os.path.abspath(".."))

project = "symrelu"
author = "symrelu developers"
copyright = "symrelu developers"
release = "0.1.0"
version = "0.1"

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.mathjax",
    # MathJax 3 from the package, copied into _static/mathjax: math renders without a network
    "sphinx-mathjax-offline",
    "sphinx.ext.doctest",
    "sphinx.ext.intersphinx",
    "symrelu.sphinxext",
]

# `name` is a cross-reference to a Python object (a symrelu name or, through intersphinx, an external one).
default_role = "py:obj"

# The inventories are local files (docs/_intersphinx/make_inventories.py writes them), so the
# build needs no network; the links point to each project's published documentation.
intersphinx_mapping = {
    "python": ("https://docs.python.org/3/", "_intersphinx/python.inv"),
    "numpy": ("https://numpy.org/doc/stable/", "_intersphinx/numpy.inv"),
    "scipy": ("https://docs.scipy.org/doc/scipy/", "_intersphinx/scipy.inv"),
    "sympy": ("https://docs.sympy.org/latest/", "_intersphinx/sympy.inv"),
    "mpmath": ("https://mpmath.org/doc/current/", "_intersphinx/mpmath.inv"),
    "torch": ("https://pytorch.org/docs/stable/", "_intersphinx/torch.inv"),
}
intersphinx_timeout = 1

napoleon_google_docstring = False
napoleon_numpy_docstring = True
autodoc_member_order = "bysource"
# Defaults as written in the source (``max_work=2**38``, a sentinel's name) rather than their
# repr: a repr such as ``<object object at 0x...>`` is no Python, and Sphinx then prints the
# whole signature as plain text, type names with their literal '~'.
autodoc_preserve_defaults = True

nitpicky = False
exclude_patterns = ["_build", "_intersphinx", "Thumbs.db", ".DS_Store"]
templates_path = []
html_static_path = ["_static"]
# custom.css: long displayed equations and wide tables scroll instead of running off the page
html_css_files = ["custom.css"]
html_theme = "alabaster"

# torch is an optional extra: document symrelu.torch_bridge without importing it.
autodoc_mock_imports = ["torch"]
