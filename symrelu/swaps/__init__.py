"""The swaps value of a Boolean function (004 eqs. 3.8--3.10), exactly.

``swaps(f)`` is the least number of class changes along the order in which a linear
projection ``x -> w.x`` lists the cube's vertices, over every ``w`` that never ties
two vertices of different classes (the set W of eq. 3.8).

Two implementations:

* `swaps_reference` evaluates eqs. 3.8--3.10 literally for every integer ``w`` in a
  box ``{-K..K}^n`` (the direct definition; slow).
* `swaps` uses the hyperplane arrangement ``{w : w.(u - v) = 0}`` (u, v vertices).
  A tie-free ``w`` lies in a chamber, every ``w`` in W gives the same count as the
  chambers next to it, so the minimum is over chambers.  The signed permutations
  ``B_n`` (input negations and permutations) permute the chambers freely and
  preserve counts up to relabelling the function, and the fundamental domain
  ``0 < w_1 < ... < w_n`` holds 1, 1, 2, 14, 516 chambers for n = 1..5
  (`fundamental_chambers`, found by walking adjacent chambers with LP feasibility
  and certified by exact integer witnesses).  So
  ``swaps(f) = min over g in B_n / {+-1}, chambers C of changes(g.f along C)``,
  evaluated with bit tricks on the function's code.

>>> from symrelu.boolean import parity
>>> [swaps(parity(n)) for n in range(1, 5)]
[1, 2, 3, 4]

The package holds one concept per module: ``_reference`` (the cube's vertices,
eq. 3.10's count for one ``w`` and the direct definition over a box),
``_chambers`` (the fundamental chambers and their certificates), ``_algorithm``
(the minimum over the group and the chambers), ``_recompute`` (all NPN classes
as a resumable sweep with checksummed checkpoint parts, and the shipped tables)
and ``__main__`` (``python -m symrelu.swaps recompute|chambers``).
"""

# the constants are importable from here as before the split (symrelu.swaps.MAX_CHUNKS, ...)
from ._algorithm import swaps, swaps_table, swaps_witness
from ._chambers import MAX_SWAPS_INPUTS, compute_fundamental_chambers, fundamental_chambers
from ._recompute import DEFAULT_CHUNKS, MAX_CHUNKS, chunk_bounds, load_results, recompute, scan_chunk
from ._reference import changes_along, reference_bound, swaps_reference, vertices

__all__ = [
    "vertices",
    "changes_along",
    "swaps_reference",
    "reference_bound",
    "fundamental_chambers",
    "compute_fundamental_chambers",
    "swaps",
    "swaps_witness",
    "swaps_table",
    "scan_chunk",
    "chunk_bounds",
    "recompute",
    "load_results",
]
