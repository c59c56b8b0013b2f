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
    "sphinx.ext.doctest",
    "symrelu.sphinxext",
]

napoleon_google_docstring = False
napoleon_numpy_docstring = True
autodoc_member_order = "bysource"

nitpicky = False
exclude_patterns = ["_build", "Thumbs.db", ".DS_Store"]
templates_path = []
html_static_path = []
html_theme = "alabaster"

# torch is an optional extra: document symrelu.torch_bridge without importing it.
autodoc_mock_imports = ["torch"]
