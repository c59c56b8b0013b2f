"""Triangle functions, composed triangle waves and the 4-wide network of 000.

Given peaks ``a_0, a_1, ...`` in (0, 1) (000 §3):

* ``T_i`` is the triangle on [0, 1] with peak ``(a_i, 1)`` and ``T_i(0) = T_i(1) = 0``;
* ``W_i = T_i ∘ ... ∘ T_0`` is a wave with ``2^(i+1)`` linear pieces;
* ``P_i`` (peaks, ``W_i = 1``), ``V_i`` (valleys, ``W_i = 0``) and
  ``B_i = P_i ∪ V_i`` (bends) are its bend sets.  ``V_{i+1} = B_i``, and each
  piece of ``W_i`` gets one new peak, at the fraction ``a_{i+1}`` of the piece
  measured from its valley end.

That recursion fixes the bend *structure* independently of the peaks' values,
so everything here works on exact rationals, floats, and SymPy symbols alike.

>>> from fractions import Fraction as Q
>>> bends = bend_sets([Q(1, 2), Q(1, 4)], 1)
>>> [str(x) for x in bends.peaks], [str(x) for x in bends.valleys]
(['1/8', '7/8'], ['0', '1/2', '1'])
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from ._numbers import _to_float, as_array, is_exact_scalar
from .errors import InvalidArgument, InvalidArgumentType, SizeLimitExceeded
from .law import VARIANTS, _check_peak, _is_symbolic, check_peaks, law_scales
from .network import DEFAULT_MAX_PIECES, ReLUNetwork
from .pwl import PiecewiseLinear

__all__ = [
    "VARIANTS",
    "check_peaks",
    "triangle_function",
    "bend_sets",
    "BendSets",
    "wave",
    "wave_expr",
    "triangle_network",
    "waves_sum",
]

_NUMERIC = ("a rational (int, Fraction, sympy.Rational) or a float: an irrational constant has no exact "
            "PiecewiseLinear or network; pass float(value) for float64, or use wave_expr / bend_sets for exact "
            "SymPy results")


def _check_representable(values, name: str) -> None:
    """Refuse constant SymPy expressions that are not rational (``sqrt(2)/2``): no PiecewiseLinear holds them."""
    for j, v in enumerate(values):
        if getattr(v, "is_number", False) and hasattr(v, "free_symbols") and not (
                getattr(v, "is_Rational", False) or getattr(v, "is_Float", False)):
            raise InvalidArgumentType(f"{name}[{j}]", v, _NUMERIC)


#: Largest number of doublings (layers) whose piece count ``2^layers`` is even computed.
_MAX_LAYERS = 1 << 20


def _check_max_pieces(max_pieces) -> int:
    if isinstance(max_pieces, bool) or not isinstance(max_pieces, (int, np.integer)) or max_pieces < 1:
        raise InvalidArgument("max_pieces", max_pieces, "an int >= 1")
    return int(max_pieces)


def _check_size(name: str, value, layers: int, max_pieces: int):
    """Refuse ``2^layers`` pieces above ``max_pieces`` (without building 2^layers for absurd layer counts)."""
    max_pieces = _check_max_pieces(max_pieces)
    if layers > _MAX_LAYERS:
        raise InvalidArgument(name, value, f"at most {_MAX_LAYERS} layers (each one doubles the pieces)")
    if layers >= max_pieces.bit_length():
        pieces = 2**layers
        if pieces > max_pieces:
            raise SizeLimitExceeded(name, value, size=pieces, limit=max_pieces)


def triangle_function(a) -> PiecewiseLinear:
    """``T(x)``: 0 at 0 and 1, peak 1 at ``a`` (000 §3, the triangle function).

    >>> triangle_function(0.25).slopes.tolist()
    [4.0, -1.3333333333333333]
    """
    _check_peak(a, "a")
    if _is_symbolic(a):
        raise InvalidArgumentType("a", a, "a number (use wave_expr([a], 0) for a symbolic triangle)")
    if getattr(a, "is_number", False) and not (getattr(a, "is_Rational", False) or getattr(a, "is_Float", False)):
        raise InvalidArgumentType("a", a, _NUMERIC)
    return PiecewiseLinear([0, a, 1], [0, 1, 0])


class BendSets(NamedTuple):
    """The sorted bend locations of one wave ``W_i``."""

    peaks: list  #: P_i: where W_i = 1
    valleys: list  #: V_i: where W_i = 0
    bends: list  #: B_i = P_i ∪ V_i, alternating valley, peak, valley, ...


def bend_sets(peaks, i: int, *, max_pieces: int = DEFAULT_MAX_PIECES) -> BendSets:
    """``P_i``, ``V_i`` and ``B_i`` of ``W_i`` for peaks ``a_0 .. a_i`` (exact, float or symbolic).

    ``W_i`` has ``2^(i+1)`` pieces; larger than ``max_pieces`` is refused.

    >>> import sympy
    >>> a0, a1 = sympy.symbols("a0 a1")
    >>> bend_sets([a0, a1], 1).peaks
    [a0*a1, -a1*(1 - a0) + 1]
    """
    if isinstance(i, bool) or not isinstance(i, (int, np.integer)):
        raise InvalidArgumentType("i", i, "a layer index, an int >= 0")
    if i < 0:
        raise InvalidArgument("i", i, "a layer index, an int >= 0")
    i = int(i)
    _check_size("i", i, i + 1, max_pieces)  # before reading i + 1 peaks
    peaks = check_peaks(peaks)
    if len(peaks) < i + 1:  # either may be the wrong one: the message quotes i
        raise InvalidArgument("peaks", peaks, f"at least i + 1 peaks, a_0 .. a_i (i={i})")
    bends = [0 * peaks[0], 0 * peaks[0] + 1]  # B_{-1}: the identity's ends, in the peaks' domain
    rising = [True]  # orientation of each piece of W_{i-1}: from a valley up to a peak, or down
    for layer in range(i + 1):
        a = peaks[layer]
        new_bends, new_rising = [bends[0]], []
        for k, up in enumerate(rising):
            x0, x1 = bends[k], bends[k + 1]
            # The valley end is where W = 0; the new peak sits the fraction a from it.
            peak = x0 + a * (x1 - x0) if up else x1 - a * (x1 - x0)
            new_bends += [peak, x1]
            new_rising += [True, False]
        bends, rising = new_bends, new_rising
    return BendSets(peaks=bends[1::2], valleys=bends[0::2], bends=bends)


def wave(peaks, i: int, *, x=None, max_pieces: int = DEFAULT_MAX_PIECES):
    """``W_i = T_i ∘ ... ∘ T_0`` (000 eq. 2) as a `PiecewiseLinear`.

    The rule: `wave` gives a `PiecewiseLinear` (exact for rational peaks --
    ints, Fractions, SymPy Rationals --, float64 for floats); `wave_expr` gives
    a SymPy ``Piecewise`` in ``x``, for any peaks, symbols included.  Irrational
    constants (``sqrt(2)/2``) are refused here with a pointer to `wave_expr`.

    For backward compatibility, peaks with SymPy symbols (or an ``x``) still
    return ``wave_expr(peaks, i, x=x)``, with a `DeprecationWarning`: call
    `wave_expr` for a ``Piecewise``.

    >>> wave([0.5, 0.5], 1).pieces
    4
    """
    if x is not None:
        import sympy

        if not isinstance(x, sympy.Symbol):
            raise InvalidArgumentType("x", x, "None or a SymPy Symbol (the variable of a symbolic wave)")
    bends = bend_sets(peaks, i, max_pieces=max_pieces).bends
    if any(_is_symbolic(b) for b in bends):
        import warnings

        warnings.warn("wave() of symbolic peaks returns a SymPy Piecewise for backward compatibility; call "
                      "wave_expr(peaks, i) for that (wave always means a PiecewiseLinear)",
                      DeprecationWarning, stacklevel=2)
        return _piecewise(bends, x)
    if x is not None:
        raise InvalidArgument("x", x, "None for numeric peaks (the result is a PiecewiseLinear, not a function "
                                      "of x; wave_expr gives a SymPy Piecewise in x)")
    _check_representable(peaks, "peaks")
    return PiecewiseLinear(bends, [k % 2 for k in range(len(bends))])


def wave_expr(peaks, i: int, *, x=None, max_pieces: int = DEFAULT_MAX_PIECES):
    """``W_i`` as a SymPy ``Piecewise`` in ``x`` (default ``Symbol("x")``), for any peaks.

    Numbers, SymPy constants and symbols alike (numbers are taken as SymPy
    numbers: Fractions exactly, floats at their value); `wave` is the
    `PiecewiseLinear` of numeric peaks.  The ``Piecewise`` is ``nan`` outside [0, 1].

    >>> import sympy
    >>> a0, x = sympy.symbols("a0 x")
    >>> w = wave_expr([a0], 0)
    >>> quarter = sympy.Rational(1, 4)
    >>> w.subs({a0: quarter, x: quarter / 2}), w.subs({a0: quarter, x: 1 - quarter})
    (1/2, 1/3)
    """
    import sympy

    if x is not None and not isinstance(x, sympy.Symbol):
        raise InvalidArgumentType("x", x, "None or a SymPy Symbol (the variable of the wave)")
    bends = bend_sets(peaks, i, max_pieces=max_pieces).bends
    return _piecewise([sympy.sympify(b) for b in bends], x)


def _piecewise(bends, x):
    import sympy

    x = sympy.Symbol("x") if x is None else x
    heights = [k % 2 for k in range(len(bends))]
    pieces = []
    for k in range(len(bends) - 1):
        x0, x1, y0, y1 = bends[k], bends[k + 1], heights[k], heights[k + 1]
        pieces.append((y0 + (y1 - y0) * (x - x0) / (x1 - x0), sympy.And(x >= x0, x <= x1)))
    return sympy.Piecewise(*pieces, (sympy.nan, True))


def waves_sum(peaks, scales, *, variant: str = "add", max_pieces: int = DEFAULT_MAX_PIECES) -> PiecewiseLinear:
    """``x ± Σ_{i<d} s_i W_i`` on [0, 1] computed wave by wave (not through a network).

    The independent reference for `triangle_network`'s output.

    >>> from fractions import Fraction as Q
    >>> waves_sum([Q(1, 2)], [Q(1, 4)], variant="subtract")(Q(1, 2))
    Fraction(1, 4)
    """
    if not isinstance(variant, str) or variant not in VARIANTS:
        raise InvalidArgument("variant", variant, f"one of {VARIANTS}")
    peaks = check_peaks(peaks, min_length=1)
    if isinstance(scales, (str, bytes)) or not hasattr(scales, "__len__"):
        raise InvalidArgumentType("scales", scales, "a sequence of scales, one per wave")
    if len(scales) > len(peaks):
        raise InvalidArgument("scales", list(scales), f"at most one scale per peak (len(peaks)={len(peaks)})")
    # each scale checked under its own name (a NaN used to surface from PiecewiseLinear as "c")
    scales = [s if is_exact_scalar(s) else _to_float(s, f"scales[{i}]") for i, s in enumerate(scales)]
    sign = 1 if variant == "add" else -1
    exact = all(is_exact_scalar(v) for v in list(peaks) + list(scales))
    total = PiecewiseLinear([0, 1], [0, 1], exact=exact)
    for i, s in enumerate(scales):
        w = wave(peaks, i, max_pieces=max_pieces)
        total = total + sign * s * PiecewiseLinear(w.knots, w.values, exact=exact)
    return total


def triangle_network(
    peaks,
    *,
    variant: str = "add",
    scales=None,
    max_pieces: int = DEFAULT_MAX_PIECES,
) -> ReLUNetwork:
    """The 4-wide ReLU network of 000 Appendix A.1 whose output is ``x ± Σ_{i<d} s_i W_i``.

    Parameters
    ----------
    peaks : sequence
        ``a_0 .. a_d`` when the scales follow the law (``d`` hidden layers; the
        last peak only sets the last scale), or ``a_0 .. a_{d-1}`` with free
        ``scales``.  Exact rationals give an exact network, floats a float one.
    variant : {"add", "subtract"}
        Waves added to, or subtracted from, the line ``y = x`` (000 §4.1); under
        the law the first scale is ``(1 - a_0) a_1`` or ``a_0 a_1``.
    scales : sequence, optional
        Free positive scales ``s_0 .. s_{d-1}`` instead of the law's.
    max_pieces : int
        The network has ``2^d`` linear pieces on [0, 1]; a larger ``2^d`` is
        refused at once.

    Notes
    -----
    The neurons of each hidden layer are (sum, t1, t2, bias) as in 000 Fig. 2.
    Hidden layer ``k`` (1-based) holds ``t1 = c_k W_{k-2}``,
    ``t2 = c_k (W_{k-2} - a_{k-1})`` and ``bias = c_k`` with ``c_1 = 1``,
    ``c_{k+1} = c_k S_k`` and ``W_{-1}(x) = x``; the layer map into layer
    ``k + 1`` therefore uses the peak ``a_{k-1}`` in its slopes and ``a_k`` in
    its cut, and ``S_k = s_{k-1} / s_{k-2}`` (``S_1 = s_0``).  000 prints the
    same matrices with every peak index one higher, which computes a different
    function (see the claim ``000/appendix-a.1``).

    The sum neuron goes through ReLU too, so it must stay non-negative.  It
    holds ``x ± Σ_{i<k} s_i W_i``, which is never negative with added waves, nor
    under the law with subtracted ones (those partial sums are convex, 0 at 0,
    with positive slope there).  With free scales and subtracted waves it holds
    ``x + Σ s_i (1 - W_i)`` instead (each layer adds ``s_{k-1}`` through the bias
    neuron) and the output bias removes ``Σ s_i``: ``x - Σ s_i W_i`` can then be
    negative, and a clipped sum would change the function.

    >>> from fractions import Fraction as Q
    >>> net = triangle_network([Q(1, 3), Q(1, 2), Q(2, 3)])
    >>> net.to_pwl(0, 1).output.pieces
    4
    """
    if not isinstance(variant, str) or variant not in VARIANTS:
        raise InvalidArgument("variant", variant, f"one of {VARIANTS}")
    free = scales is not None
    _check_max_pieces(max_pieces)
    if not isinstance(peaks, (str, bytes)) and hasattr(peaks, "__len__"):
        # refuse the size before the law's scales are computed (d = len(peaks) - 1 layers under the law)
        d = len(peaks) - (0 if free else 1)
        _check_size("peaks", f"{d} hidden layers", d, max_pieces)
    if scales is None:
        peaks = check_peaks(peaks, min_length=2)
        scales = law_scales(peaks, variant)
        waves = peaks[:-1]
    else:
        waves = check_peaks(peaks, min_length=1)
        if isinstance(scales, (str, bytes)) or not hasattr(scales, "__len__"):
            raise InvalidArgumentType("scales", scales, "a sequence of positive scales, one per peak")
        scales = list(scales)
        if len(scales) != len(waves):
            raise InvalidArgument("scales", scales, f"one scale per peak ({len(waves)}) when scales are free")
        for j, s in enumerate(scales):
            if np.ndim(s) != 0:  # a row of a 2-D array: '> 0' would be an array, not a truth value
                raise InvalidArgumentType(f"scales[{j}]", s, "a positive number (scales is one sequence of numbers)")
            if not _is_symbolic(s) and not s > 0:
                raise InvalidArgument(f"scales[{j}]", s, "a positive number")
    d = len(waves)
    if any(_is_symbolic(v) for v in list(waves) + list(scales)):
        raise InvalidArgumentType("peaks", peaks, "numbers (use bend_sets/wave_expr for symbolic peaks)")
    _check_representable(peaks, "peaks")
    _check_representable(scales, "scales")
    exact = all(is_exact_scalar(v) for v in list(waves) + list(scales))
    one, zero = as_array([1, 0], "one", exact=exact)
    waves = as_array(waves, "peaks", exact=exact)
    scales = as_array(scales, "scales", exact=exact)
    sign = one if variant == "add" else -one

    ratios = [scales[0]] + [scales[k] / scales[k - 1] for k in range(1, d)]  # S_1 .. S_d
    # The sum neuron passes through ReLU, so it must never go negative.  Added
    # waves keep x + sum s_i W_i >= 0.  Under the law, x - sum_{i<k} s_i W_i is
    # convex with value 0 and slope prod_j (1 - a_j) > 0 at 0 (000 Lemma A.9),
    # so it is never negative either.  With free scales it can be: then the sum
    # neuron carries x + sum s_i (1 - W_i) >= 0 (each layer adds s_{k-1}
    # through the bias neuron, whose value c_k times the weight S_k is exactly
    # s_{k-1}) and the output's bias removes sum s_i.
    carry = one if (variant == "subtract" and free) else zero
    layers = [([[one], [one], [one], [zero]], [zero, zero, -waves[0], one])]
    for k in range(1, d + 1):
        a, S = waves[k - 1], ratios[k - 1]
        up, down = S / a, -S / (a - a * a)  # S T_{k-1}(w) = (S/a) t1 - S/(a - a^2) relu(t2)
        total = [one, sign * up, sign * down, carry * S]
        if k == d:
            layers.append(([total], [-carry * sum(scales, zero)]))
        else:
            cut = -S * waves[k]  # t2 of the next layer switches on at W_{k-1} = a_k
            layers.append(([total, [zero, up, down, zero], [zero, up, down, cut], [zero, zero, zero, S]], [zero] * 4))
    return ReLUNetwork(layers, exact=exact)
