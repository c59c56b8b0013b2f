"""The scaling law of 000 (Theorem 3.1), its tools and its derivations, in one namespace.

``s_{i+1} = s_i (1 - a_{i+1}) a_{i+2}``; the first scale depends on how the
waves meet the line ``y = x`` (000 §4.1): ``s_0 = (1 - a_0) a_1`` when they are
added, ``a_0 a_1`` when subtracted.

>>> from fractions import Fraction as Q
>>> law_scales([Q(1, 2)] * 4)
[Fraction(1, 4), Fraction(1, 16), Fraction(1, 64)]

This module re-exports three, one concept each (library code imports the one it
needs; ``import symrelu`` loads only the law):

* `symrelu.law`: the law, `first_scale` and `law_scales`;
* `symrelu.law_tools`: exact finite-depth tools (`partial_sum`,
  `peak_slopes`, `eq5_bracket`, `random_peaks`, ...) and the symbolic
  statements (`eq5`, `closed_form`, `telescoping_sum`) in SymPy with
  ``IndexedBase`` peaks ``a[k]`` / scales ``s[k]`` and a symbolic layer index
  ``i`` (the attributes `a`, `s`, `i`, left out of ``__all__``);
* `symrelu.law_derivations`: the machine-checked derivations of 000 Appendix
  A.2–A.9 and §4.1 as zero-argument functions returning a cached
  `~symrelu.derivation.Derivation` (`lemma_a2`, `scaling_law`, ...,
  `DERIVATIONS`), and the exact ``*_check`` computations behind them.
"""

from __future__ import annotations

from . import law_derivations, law_tools
from .law import first_scale, law_scales  # noqa: F401 (re-exported)
from .law_derivations import *  # noqa: F401,F403 (re-exported: law_derivations.__all__)
from .law_tools import *  # noqa: F401,F403 (re-exported: law_tools.__all__)

# The peaks a[k], the scales s[k] and the layer index i: attributes (``S.a``), not in
# ``__all__``, so that ``from symrelu.scaling import *`` does not overwrite ``i`` or ``s``.
a, s, i = law_tools.a, law_tools.s, law_tools.i

__all__ = ["law_scales", "first_scale"] + law_tools.__all__ + law_derivations.__all__
