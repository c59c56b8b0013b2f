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

from .law import (  # re-exported
    first_scale,
    law_scales,
)
from .law_derivations import (  # re-exported
    a8_series_corrected,
    a8_series_printed,
    boundary_check,
    boundary_conditions,
    boundary_conditions_value,
    concavity_check,
    DERIVATIONS,
    equation_7,
    equation_8,
    equation_9,
    error_decay,
    error_decay_check,
    lemma_a2,
    lemma_a2_check,
    lemma_a6,
    lemma_a7,
    lemma_a9,
    product_bound_check,
    scaling_law,
    scaling_law_check,
    theorem_a5,
    theorem_a8,
    theorem_a8_series_check,
)
from . import law_tools as _tools
from .law_tools import (  # re-exported
    boundary_slopes,
    box_supremum,
    closed_form,
    eq5,
    eq5_bracket,
    eq8_substitution,
    error_profile,
    f_half,
    neighbour_gaps,
    partial_sum,
    peak_slopes,
    random_peaks,
    subs_numbers,
    telescoping_sum,
    truncation_shape,
)

# The peaks a[k], the scales s[k] and the layer index i: attributes (``S.a``), not in
# ``__all__``, so that ``from symrelu.scaling import *`` does not overwrite ``i`` or ``s``.
a, s, i = _tools.a, _tools.s, _tools.i

__all__ = [
    "law_scales",
    "first_scale",
    "random_peaks",
    "partial_sum",
    "peak_slopes",
    "eq5_bracket",
    "subs_numbers",
    "eq5",
    "closed_form",
    "telescoping_sum",
    "lemma_a2",
    "scaling_law",
    "equation_7",
    "equation_8",
    "equation_9",
    "theorem_a5",
    "lemma_a6",
    "lemma_a7",
    "theorem_a8",
    "lemma_a9",
    "error_decay",
    "boundary_conditions",
    "DERIVATIONS",
    "box_supremum",
    "neighbour_gaps",
    "scaling_law_check",
    "theorem_a8_series_check",
    "a8_series_printed",
    "a8_series_corrected",
    "lemma_a2_check",
    "eq8_substitution",
    "product_bound_check",
    "f_half",
    "truncation_shape",
    "concavity_check",
    "error_profile",
    "error_decay_check",
    "boundary_slopes",
    "boundary_check",
    "boundary_conditions_value",
]
