"""The scaling law's tools: exact finite-depth computations and the symbolic statements of 000.

* exact finite-depth tools: `partial_sum` (``f = Σ s_n W_n``), `peak_slopes`
  (one-sided derivatives at the peaks ``P_i``), `neighbour_gaps`,
  `error_profile`, `truncation_shape`, `boundary_slopes`, `f_half`,
  `random_peaks`, `box_supremum`;
* the symbolic statements in SymPy with ``IndexedBase`` peaks ``a[k]`` /
  scales ``s[k]`` and a symbolic layer index ``i`` (module attributes, not in
  ``__all__``): `eq5`, `closed_form`, `telescoping_sum`, with `eq5_bracket`,
  `subs_numbers` and `eq8_substitution` to evaluate and transform them.

The law itself is `symrelu.law`; the derivations built from these tools are
`symrelu.law_derivations`.  `symrelu.scaling` re-exports all three.

>>> from fractions import Fraction as Q
>>> partial_sum([Q(1, 2)] * 2, [Q(1, 4), Q(1, 16)]).pieces
4
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import sympy

from ._numbers import to_fraction
from ._random import as_generator
from .errors import InvalidArgument, InvalidArgumentType
from .law import check_peaks, law_scales
from .pwl import PiecewiseLinear
from .triangle import bend_sets, waves_sum

__all__ = [
    "random_peaks",
    "partial_sum",
    "peak_slopes",
    "neighbour_gaps",
    "error_profile",
    "truncation_shape",
    "boundary_slopes",
    "f_half",
    "box_supremum",
    "eq5_bracket",
    "subs_numbers",
    "eq8_substitution",
    "eq5",
    "closed_form",
    "telescoping_sum",
]


#: Largest K `eq8_substitution` unrolls (SymPy's time grows fast: K = 16 took 1.2 s, K = 24 3.1 s).
MAX_EQ8_K = 16


def _int(name, value, low, high=None):
    """An int in ``[low, high]`` (``high=None``: unbounded), or an error naming ``name``."""
    allowed = f"an int >= {low}" if high is None else f"an int in [{low}, {high}]"
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise InvalidArgumentType(name, value, allowed)
    if value < low or (high is not None and value > high):
        raise InvalidArgument(name, value, allowed)
    return int(value)


def _exact_list(name, values, *, optional=False):
    """A sequence of exact numbers (ints, Fractions, SymPy Rationals; floats at their binary value) as Fractions."""
    if values is None and optional:
        return None
    if isinstance(values, (str, bytes, dict)) or not isinstance(values, (list, tuple, np.ndarray)):
        raise InvalidArgumentType(name, values, "a sequence of exact numbers")
    return [to_fraction(v, f"{name}[{k}]") for k, v in enumerate(values)]


def random_peaks(n: int, *, seed, margin=Fraction(1, 5), denominator: int = 20) -> list:
    """``n`` random rational peaks ``k/denominator`` in ``[margin, 1 - margin]`` (exact ``Fraction``).

    >>> random_peaks(3, seed=0)
    [Fraction(3, 4), Fraction(3, 5), Fraction(1, 2)]
    """
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or not 1 <= n <= 10**5:
        raise InvalidArgument("n", n, "an int in [1, 10^5]")  # 10^6 Fractions took 6 s
    denominator = _int("denominator", denominator, 2, 2**62)  # numpy draws int64
    margin = to_fraction(margin, "margin")
    lo, hi = int(np.ceil(margin * denominator)), int(np.floor((1 - margin) * denominator))
    if not (0 < lo <= hi < denominator):
        raise InvalidArgument("margin", margin, f"a margin in (0, 1/2] leaving a multiple of 1/{denominator} inside")
    rng = as_generator(seed)
    return [Fraction(int(k), denominator) for k in rng.integers(lo, hi + 1, size=n)]


def partial_sum(peaks, scales) -> PiecewiseLinear:
    """``Σ_n scales[n] W_n`` on [0, 1] (000's ``f``; no line ``y = x``), exact for rationals.

    >>> from fractions import Fraction as Q
    >>> partial_sum([Q(1, 2)] * 2, [Q(1, 4), Q(1, 16)])(Q(1, 4))
    Fraction(3, 16)
    """
    total = waves_sum(peaks, scales, variant="add")
    return total - PiecewiseLinear([0, 1], [0, 1], exact=total.exact)


def peak_slopes(peaks, scales, i: int) -> list:
    """For each ``x`` in ``P_i``: ``(x, left, right)``, the one-sided derivatives of ``Σ_n scales[n] W_n``.

    >>> from fractions import Fraction as Q
    >>> peak_slopes([Q(1, 2)] * 3, [0, Q(1), Q(1, 4)], 1)[0]
    (Fraction(1, 4), Fraction(2, 1), Fraction(-2, 1))
    """
    f = partial_sum(peaks, scales)
    return [(x, f.derivative(x, side="left"), f.derivative(x, side="right")) for x in bend_sets(peaks, i).peaks]


# The one-letter symbols are module attributes (``S.a``), not in ``__all__``:
# ``from symrelu.scaling import *`` must not overwrite a session's ``i`` or ``s``.
a = sympy.IndexedBase("a", positive=True)  #: the peaks a_k (SymPy)
s = sympy.IndexedBase("s", positive=True)  #: the scales s_k (SymPy)
i = sympy.Symbol("i", integer=True, nonnegative=True)  #: the layer index
_n, _k, _m, _j = sympy.symbols("n k m j", integer=True)
_N = sympy.Symbol("N", integer=True, positive=True)  # a truncation depth

#: 000 eq. 5: the quantity both one-sided derivatives of E_i at P_i are proportional to.
eq5 = s[i] - (s[i + 1] + sympy.Sum(s[_n] * sympy.Product(1 / a[_k], (_k, i + 2, _n)), (_n, i + 2, sympy.oo))) / (1 - a[i + 1])

#: 000 eq. 7 as printed: s_n in terms of s_i.
closed_form = sympy.Eq(s[_n], s[i] * sympy.Product(1 - a[_j], (_j, i + 1, _n)) * sympy.Product(a[_k], (_k, i + 2, _n + 1)))

#: 000 eq. 9's left side: 1 minus the first terms of eq. 8's sum, up to j.
telescoping_sum = 1 - sympy.Sum(a[_n] * sympy.Product(1 - a[_m], (_m, i + 2, _n - 1)), (_n, i + 2, _j))


def subs_numbers(expr, layer: int, peaks, scales=None, depth=None):
    """Evaluate an expression in ``a[.]``, ``s[.]``, ``i`` (and ``oo`` -> ``depth``) at exact numbers.

    >>> from fractions import Fraction as Q
    >>> subs_numbers(s[i] * (1 - a[i + 1]), 0, [Q(1, 2), Q(1, 3)], [Q(1, 4)])
    Fraction(1, 6)
    """
    if not isinstance(expr, sympy.Basic):
        raise InvalidArgumentType("expr", expr, "a SymPy expression in a[.], s[.] and i")
    layer = _int("layer", layer, 0)
    peaks, scales = _exact_list("peaks", peaks), _exact_list("scales", scales, optional=True)
    if depth is not None:  # the truncated sum is expanded term by term: it must stay within the given numbers
        depth = _int("depth", depth, 0, len(peaks) + len(scales or ()))
    e = expr.subs(sympy.oo, depth) if depth is not None else expr
    e = e.subs(i, layer).doit()
    reps = {}
    for atom in e.atoms(sympy.Indexed):
        idx = int(atom.indices[0])
        seq = peaks if atom.base == a else scales
        if seq is None or not (0 <= idx < len(seq)):  # too few numbers for this layer (and truncation depth)
            which = "peaks" if atom.base == a else "scales"
            raise InvalidArgument(f"{which}, layer" + (", depth" if depth is not None else ""),
                                  (None if seq is None else len(seq), layer, depth),
                                  f"{which} covering index {idx}, which the expression needs at layer={layer}"
                                  + (f", depth={depth}" if depth is not None else ""))
        reps[atom] = sympy.Rational(seq[idx].numerator, seq[idx].denominator) if isinstance(seq[idx], Fraction) else seq[idx]
    value = sympy.simplify(e.subs(reps))
    return Fraction(int(value.p), int(value.q)) if value.is_Rational else value


def eq5_bracket(peaks, scales, layer: int, *, expression=None) -> Fraction:
    """000 eq. 5 at layer ``i = layer``, its sum truncated at the last given scale (exact).

    ``expression`` (default `eq5`) lets a claim pass the statement it checks.

    >>> from fractions import Fraction as Q
    >>> eq5_bracket([Q(1, 2)] * 4, [Q(1, 4), Q(1, 16), Q(1, 64)], 0)
    Fraction(1, 16)
    """
    expression = eq5 if expression is None else expression
    if not isinstance(expression, sympy.Basic):
        raise InvalidArgumentType("expression", expression, "a SymPy expression in a[.], s[.] and i")
    peaks, scales = _exact_list("peaks", peaks), _exact_list("scales", scales)
    if not scales:
        raise InvalidArgument("scales", scales, "at least one scale")
    layer = _int("layer", layer, 0, len(scales))
    return subs_numbers(expression, layer, peaks, scales, depth=len(scales) - 1)


def eq8_substitution(K: int) -> tuple:
    """Eq. 5 unrolled to depth ``i + K``, before and after eq. 7 is substituted for ``s_{i+1} .. s_{i+K}``.

    >>> truncated, substituted = eq8_substitution(2)
    >>> s[i + 1] in truncated.free_symbols, s[i + 1] in substituted.free_symbols
    (True, False)
    """
    K = _int("K", K, 0, MAX_EQ8_K)
    scales = {i + n: s[i] * sympy.Mul(*[1 - a[i + q] for q in range(1, n + 1)]) * sympy.Mul(*[a[i + q] for q in range(2, n + 2)])
              for n in range(0, K + 1)}
    truncated = eq5.subs(sympy.oo, i + K).doit()
    substituted = truncated.subs({s[k]: v for k, v in scales.items() if k != i})
    return truncated, substituted


def box_supremum(expr, symbols):
    """Exact supremum of a polynomial over the open cube ``(0, 1)^n`` and whether it is attained inside.

    Enumerates the faces of the closed cube, solves the gradient system on each
    (SymPy), and keeps the best value; the sup over the open cube equals the max
    over the closed cube (continuity).  Attained inside iff some interior
    critical point reaches it.  Limitation: positive-dimensional critical sets
    are skipped; this is exact when each such set reaches the boundary of its
    face (its constant value is then found on a lower face), as for the
    products of peaks checked here, but a critical curve closed inside a face
    would be missed.

    >>> x = sympy.Symbol("x")
    >>> box_supremum(x * (1 - x), [x])
    (1/4, True, [{x: 1/2}])
    """
    import itertools

    if not isinstance(expr, sympy.Expr) or not expr.is_polynomial():
        raise InvalidArgumentType("expr", expr, "a polynomial SymPy expression")
    if expr.has(sympy.nan, sympy.oo, -sympy.oo, sympy.zoo):  # nan passes is_polynomial, then breaks comparisons
        raise InvalidArgument("expr", expr, "a polynomial with finite coefficients (no nan or oo)")
    if isinstance(symbols, (str, bytes, dict)) or not isinstance(symbols, (list, tuple, set, frozenset)):
        raise InvalidArgumentType("symbols", symbols, "a sequence of sympy.Symbol")
    symbols = list(symbols)
    for k, x in enumerate(symbols):
        if not isinstance(x, sympy.Symbol):
            raise InvalidArgumentType(f"symbols[{k}]", x, "a sympy.Symbol")
    if len(symbols) > 6:  # 3^n faces, each a SymPy solve
        raise InvalidArgument("symbols", symbols, "at most 6 symbols (3^n faces are solved)")
    others = expr.free_symbols - set(symbols)
    if others:  # a free symbol left over has no value to compare (a bare "cannot determine truth value")
        raise InvalidArgument("expr", expr, f"a polynomial in symbols={symbols} only (it also has "
                                            f"{sorted(map(str, others))})")
    best, where, inside = None, [], False
    for fix in itertools.product((None, 0, 1), repeat=len(symbols)):
        fixed = {x: v for x, v in zip(symbols, fix) if v is not None}
        free = [x for x, v in zip(symbols, fix) if v is None]
        e = sympy.expand(expr.subs(fixed))
        if free:
            sols = sympy.solve([sympy.diff(e, x) for x in free], free, dict=True)
            pts = []
            for sol in sols:
                if set(sol) != set(free) or any(not (v.is_real and 0 < v < 1) for v in sol.values()):
                    # positive-dimensional or outside: the extremes of such sets lie on lower faces, enumerated too
                    continue
                pts.append(sol)
        else:
            pts = [{}]
        for sol in pts:
            v = sympy.simplify(e.subs(sol))
            point = {**fixed, **sol}
            interior = not fixed
            if best is None or v > best:
                best, where, inside = v, [point], interior
            elif v == best:
                where.append(point)
                inside = inside or interior
    return best, inside, where


def neighbour_gaps(peaks, layer: int, depth: int) -> list:
    """For each ``x`` in ``P_layer``: ``[(x - l_n, r_n - x) for n = 1..depth]``, ``l_n, r_n`` its neighbours in ``B_{layer+n}``.

    >>> from fractions import Fraction as Q
    >>> neighbour_gaps([Q(1, 2)] * 3, 0, 2)[0][:2]
    (Fraction(1, 2), [(Fraction(1, 4), Fraction(1, 4)), (Fraction(1, 8), Fraction(1, 8))])
    """
    peaks = check_peaks(peaks)
    layer, depth = _int("layer", layer, 0), _int("depth", depth, 0)
    # the bounds come from the peaks too (either may be the wrong one): the message quotes them
    if layer > len(peaks) - 1:
        raise InvalidArgument("layer", layer, f"an int <= len(peaks) - 1 (len(peaks)={len(peaks)})")
    if layer + depth > len(peaks) - 1:
        raise InvalidArgument("depth", depth, f"an int <= len(peaks) - 1 - layer (len(peaks)={len(peaks)}, layer={layer})")
    out = []
    sets = [bend_sets(peaks, layer + n).bends for n in range(1, depth + 1)]
    for x in bend_sets(peaks, layer).peaks:
        gaps = []
        for bends in sets:
            k = bends.index(x)
            gaps.append((x - bends[k - 1], bends[k + 1] - x))
        out.append((x, gaps))
    return out


def f_half(x):
    """``Σ_{i≥0} 4^{-(i+1)} W_i`` (all peaks 1/2, the law's scales) at dyadic rationals ``x`` — exact.

    At a dyadic point ``k/2^m`` every ``W_i`` with ``i ≥ m`` vanishes (it is a valley), so the sum is
    finite.  ``x`` may be a scalar or a list.

    >>> from fractions import Fraction as Q
    >>> f_half(Q(1, 2)), f_half(Q(1, 4))
    (Fraction(1, 4), Fraction(3, 16))
    """
    xs = [to_fraction(v, "x") for v in (x if isinstance(x, (list, tuple)) else [x])]
    level = 0
    for v in xs:
        m = v.denominator.bit_length() - 1
        if v.denominator != 2**m or not 0 <= v <= 1:
            raise InvalidArgument("x", v, "a dyadic rational k/2^m in [0, 1]")
        level = max(level, m)
    half = Fraction(1, 2)
    scales = law_scales([half] * (level + 2))[: level + 1]

    def value(v):
        # W_i(v) = T(W_{i-1}(v)), T the tent of peak 1/2, followed at the point: the partial sum itself has
        # 2^(level+1) pieces (a float x is a dyadic with up to 1074 levels; building it took seconds at level 12)
        total, y = Fraction(0), v
        for scale in scales:
            y = 2 * y if y <= half else 2 * (1 - y)
            total += scale * y
        return total

    out = [value(v) for v in xs]
    return out if isinstance(x, (list, tuple)) else out[0]


def truncation_shape(peaks, *, variant: str | None = None, depth: int | None = None) -> str:
    """``'concave'``, ``'convex'``, ``'linear'`` or ``'neither'``: the shape of the law's truncation (exact).

    ``variant=None`` is 000 eq. 3's sum ``Σ s_n W_n`` alone; ``'add'``/``'subtract'`` put it on ``y = x``
    (with that variant's first scale).

    >>> from fractions import Fraction as Q
    >>> truncation_shape([Q(1, 3), Q(1, 2), Q(2, 5)]), truncation_shape([Q(1, 3), Q(1, 2), Q(2, 5)], variant="subtract")
    ('concave', 'convex')
    """
    if depth is not None and (isinstance(depth, bool) or not isinstance(depth, (int, np.integer)) or depth < 0):
        raise InvalidArgument("depth", depth, "None or an int >= 0 (the number of waves summed)")
    if variant is None:
        f = partial_sum(peaks, law_scales(peaks)[:depth])
    else:
        f = waves_sum(peaks, law_scales(peaks, variant)[:depth], variant=variant)
    ds = f.delta_slopes
    if len(ds) == 0:
        return "linear"
    if all(d < 0 for d in ds):
        return "concave"
    if all(d > 0 for d in ds):
        return "convex"
    return "neither"


def error_profile(peaks, layer: int, depth: int):
    """``E_i`` truncated at ``depth`` (``Σ_{n=i}^{depth-1} s_n W_n``, law scales): its max, where, and a tail bound.

    Returns ``(max, argmax, tail)``: the exact maximum over [0, 1], the sorted points where it is reached,
    and a rigorous bound ``Σ_{n≥depth} s_n ≤ (4/3)(s_N + s_N (1 - a_{N+1}))`` (``N = depth``, Lemma A.6
    and ``a_{N+2} < 1``) on what the omitted waves add, valid for any continuation of the peaks in (0, 1).

    >>> from fractions import Fraction as Q
    >>> error_profile([Q(1, 2)] * 6, 1, 4)[:2]
    (Fraction(1, 16), [Fraction(1, 4), Fraction(3, 4)])
    """
    scales = law_scales(peaks)
    depth = _int("depth", depth, 0)
    layer = _int("layer", layer, 0)
    if layer > depth:  # either may be the wrong one: the message quotes both
        raise InvalidArgument("layer", layer, f"an int <= depth (depth={depth})")
    if depth + 1 > len(scales):
        raise InvalidArgument("peaks, depth", (len(peaks), depth),
                              f"depth <= {len(scales) - 1} (the law gives {len(scales)} scales for {len(peaks)} peaks)")
    e = partial_sum(peaks, [Fraction(0)] * layer + scales[layer:depth])
    vals = list(e.values)
    top = max(vals)
    where = [k for k, v in zip(e.knots, vals) if v == top]
    tail = Fraction(4, 3) * (scales[depth] + scales[depth] * (1 - peaks[depth + 1]))
    return top, where, tail


def boundary_slopes(peaks, variant: str = "add"):
    """Exact one-sided slopes at 0 and 1 of the law's truncation ``x ± Σ_{n<d} s_n W_n`` (``d = len(peaks) - 1``).

    >>> from fractions import Fraction as Q
    >>> boundary_slopes([Q(1, 2)] * 12, "subtract")
    (Fraction(1, 2048), Fraction(4095, 2048))
    """
    try:
        f = waves_sum(peaks, law_scales(peaks, variant), variant=variant)
    except InvalidArgument as err:
        if not err.name.startswith("knots"):
            raise
        # float peaks so close to 0 or 1 that the waves' breakpoints coincide in float64: the peaks are at fault
        raise InvalidArgument("peaks", peaks, "peaks whose waves have distinct breakpoints in float64 "
                                              f"(here {err.name} collides); pass exact Fractions") from None
    return f.derivative(0, side="right"), f.derivative(1, side="left")
