r"""The infinite-depth limit of the triangle-wave network (000 eq. 3), certified.

For peaks ``a_0, a_1, ...`` (a `~symrelu.peaks.PeakSequence` with margin
``c``: every ``a_i`` in ``[c, 1 - c]``) and the law's scales
``s_{i+1} = s_i (1 - a_{i+1}) a_{i+2}`` (000 eq. 4), the infinite network
outputs

.. math:: G(x) = x \pm \sum_{i \ge 0} s_i W_i(x), \qquad x \in [0, 1],

with ``s_0 = (1 - a_0) a_1`` and ``+`` (``variant="add"``) or
``s_0 = a_0 a_1`` and ``-`` (``variant="subtract"``), exactly the output of
`symrelu.triangle.triangle_network` in the limit of infinite depth.  000's
``F = \sum s_i W_i`` (eq. 3) is ``±(G(x) - x)``.

Four ways to evaluate, each with its number domain stated:

* `limit_value` / `limit_derivative`: arbitrary precision, certified:
  the result's ``.error`` rigorously bounds ``|G(x) - value|`` (or
  ``|G'(x) - value|``) and is at most ``10^-digits``;
* `exact_limit_value` / `exact_limit_derivative`: exact ``Fraction`` at a
  bend point (the series is finite there; the derivative by 000 eq. 6);
* `limit_values`: float64 on arrays (absolute error about ``1e-16`` for
  values; see its docstring).

The certificates (see ``docs/limit.rst``):

* tail: ``0 <= W_i <= 1`` and ``s_{i+2} <= s_i / 4`` (000 Lemma A.6, true
  for all peaks in (0, 1)) give ``sum_{i>=K} s_i W_i(x) <= 4/3 (s_K + s_{K+1})``;
  for the derivative, ``s_m W_m'(x) = q_m a_{m+1}`` with
  ``q_m = q_{m-1} (1 - a_m)`` or ``-q_{m-1} a_m`` (by the side of ``a_m`` the
  orbit is on), so ``|q_m| <= |q_{m-1}| (1 - c)`` and the tail after ``K``
  terms is at most ``|q_{K-1}| (1-c)^2 / c``;
* rounding: the orbit ``W_i(x)`` is computed in fixed point with ``q_i <= p``
  fractional bits; each triangle map adds at most ``(4 + 4 L_i) 2^-q_i``
  (``L_i = max(1/a_i, 1/(1-a_i))``, its Lipschitz constant, which also covers
  a branch decided on the wrong side of a rounded peak) and multiplies the
  error so far by ``L_i``.  The bound is propagated explicitly; the errors
  of ``W_i(x)`` grow like ``(1/c)^i`` (chaos) but enter the value multiplied
  by ``s_i``, and ``s_i L_1..L_i <= (1-c)^i / c``, so values need only a few
  guard bits.  Derivatives need the branch of every ``T_i`` along the orbit:
  the orbit is followed exactly instead (integers of up to about
  ``K log2(denominator)`` bits), and the terms in fixed point with an
  integer rounding bound (see `limit_derivative`).

>>> from fractions import Fraction as Q
>>> half = PeakSequence([], [Q(1, 2)])          # every a_i = 1/2: G(x) = 2x - x^2
>>> r = limit_value(Q(1, 3), half, digits=30)
>>> r.error <= 1e-30, mpmath.nstr(r.value, 25)
(True, '0.5555555555555555555555556')
>>> exact_limit_value(Q(1, 4), half, variant="subtract")   # x^2 at a bend point
Fraction(1, 16)
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass
from fractions import Fraction

import mpmath
import numpy as np

from ._numbers import is_exact_scalar, to_fraction
from .errors import InvalidArgument, InvalidArgumentType, SizeLimitExceeded, SymreluError
from .peaks import PeakSequence, _fraction, as_peak_sequence
from .triangle import VARIANTS

__all__ = [
    "Certified",
    "limit_value",
    "limit_derivative",
    "exact_limit_value",
    "exact_limit_derivative",
    "limit_values",
    "tail_bound",
]

_LOG2_10 = math.log2(10)
#: Working precision (bits) beyond which a certified evaluation gives up.
MAX_PREC = 1 << 21
_INFLATE = 1 + 2.0**-40  # float bookkeeping of bounds: a few roundings per step, rounded up


@dataclass(frozen=True)
class Certified:
    """A certified number: ``|true - value| <= error``.

    It prints the digits the bound certifies: the value rounded to ``d``
    decimals, ``10^-d >= 2 error``, with a radius (rounded up) that covers
    ``error`` plus that rounding, so the printed decimal ``± radius`` encloses
    the true value.  The repr shows at most 50 decimals and then says so;
    ``str(r)`` has all certified decimals, ``r.value`` all ``prec`` bits.
    ``sympy.sympify(r)`` is the printed decimal as a SymPy ``Float`` with
    exactly its significant digits (``Rational`` when ``exact`` is known);
    it refuses, with `~symrelu.errors.InvalidArgument`, a value whose bound
    certifies no significant digit (it rounds to 0 at the certified decimals,
    e.g. ``G(0) = 0 ± 3.3e-31``): a Float of a few digits would pass for more.

    >>> from fractions import Fraction as Q
    >>> from symrelu.peaks import PeakSequence
    >>> r = limit_value(Q(1, 3), PeakSequence([], [Q(1, 2)]), digits=30)   # G(1/3) = 5/9
    >>> r
    <Certified 0.555555555555555555555555555555 ± 7.1e-31 (.value: 143 bits)>
    >>> import sympy
    >>> sympy.sympify(r)
    0.555555555555555555555555555555

    Attributes
    ----------
    value : mpmath.mpf
        The computed value (at the working precision ``prec``).
    error : mpmath.mpf
        A rigorous upper bound on the distance to the true value.
    exact : fractions.Fraction or None
        The exact value when the point turned out to be a bend point where
        the result is rational (then ``error`` only covers ``value``'s rounding).
    terms : int
        Number of series terms summed.
    prec : int
        Working precision in bits.
    """

    value: mpmath.mpf
    error: mpmath.mpf
    exact: Fraction | None
    terms: int
    prec: int

    #: Decimals shown by ``repr`` (``str`` shows all certified ones).
    REPR_DECIMALS = 50

    def __float__(self):
        return float(self.value)

    def interval(self) -> mpmath.mpi:
        """``[value - error, value + error]`` as an `mpmath.mpi`, endpoints rounded outward to ``prec + 10`` bits.

        >>> r = Certified(mpmath.mpf(1), mpmath.mpf(2) ** -300, None, 0, 53)
        >>> iv = r.interval()
        >>> iv.a < 1 < iv.b      # 1 ± 2^-300 rounded to nearest would be [1, 1]
        True
        """
        from mpmath.libmp import mpf_add, mpf_sub, round_ceiling, round_floor

        p = self.prec + 10
        lo = mpf_sub(self.value._mpf_, self.error._mpf_, p, round_floor)
        hi = mpf_add(self.value._mpf_, self.error._mpf_, p, round_ceiling)
        return mpmath.iv.mpf([_raw_mpf(lo), _raw_mpf(hi)])  # iv keeps mpf endpoints exactly

    # -- printing --------------------------------------------------------------
    def _certified_decimals(self) -> int:
        """``d``: the most decimals with ``10^-d >= 2 error`` (all of a dyadic value when ``error`` is 0)."""
        err = _exact_mpf(self.error)
        if err == 0:
            exp = self.value.man_exp[1] if self.value != 0 else 0
            return max(0, -exp)  # m 2^e has exactly -e decimals
        with mpmath.workprec(64):
            d = int(mpmath.floor(-mpmath.log10(2 * self.error)))
        while d > -400 and Fraction(10) ** -d < 2 * err:  # exact correction of the log estimate
            d -= 1
        while Fraction(10) ** -(d + 1) >= 2 * err:
            d += 1
        return max(0, d)

    def _decimal(self, limit: int | None):
        """``(text, radius, decimals, certified decimals)``: the value rounded to the certified decimals (at most ``limit``)."""
        full = self._certified_decimals()
        d = full if limit is None else min(full, limit)
        v = _exact_mpf(self.value)
        n = round(v * 10**d)
        radius = _exact_mpf(self.error) + abs(v - Fraction(n, 10**d))
        sign, n = ("-" if n < 0 else ""), abs(n)
        digits = str(n).rjust(d + 1, "0")
        text = sign + (digits[:-d] + "." + digits[-d:] if d else digits)
        return text, radius, d, full

    def __repr__(self):
        text, radius, d, full = self._decimal(self.REPR_DECIMALS)
        more = f"first {d} of {full} certified decimals; str(): all, " if d < full else ""
        exact = f", exact={self.exact!r}" if self.exact is not None else ""
        return f"<Certified {text} ± {_radius_text(radius)}{exact} ({more}.value: {self.prec} bits)>"

    def __str__(self):
        text, radius, _, _ = self._decimal(None)
        return f"{text} ± {_radius_text(radius)}"

    def _repr_latex_(self):
        if self.exact is not None:
            q = self.exact
            return f"${'-' if q < 0 else ''}\\frac{{{abs(q.numerator)}}}{{{q.denominator}}}$" if q.denominator != 1 else f"${q.numerator}$"
        text, radius, _, _ = self._decimal(self.REPR_DECIMALS)
        r = _radius_text(radius)
        if "e" in r:
            m, e = r.split("e")
            r = f"{m} \\cdot 10^{{{int(e)}}}"
        return f"${text} \\pm {r}$"

    def _sympy_(self):
        import sympy

        if self.exact is not None:
            return sympy.Rational(self.exact.numerator, self.exact.denominator)
        text, _, _, _ = self._decimal(None)
        significant = len(text.lstrip("-").replace(".", "").lstrip("0"))
        if significant == 0:
            raise InvalidArgument(
                "r", self, "a Certified value with at least one certified significant digit (|value| > error)",
                hint="Use r.value, r.error or r.interval(), or evaluate with more digits.")
        return sympy.Float(text, significant)


def _exact_mpf(x: mpmath.mpf) -> Fraction:
    """``x`` exactly, sign included (``mpf.man_exp`` drops the sign)."""
    from mpmath.libmp import to_rational

    return Fraction(*to_rational(x._mpf_))


def _raw_mpf(raw) -> mpmath.mpf:
    """An `mpmath.mpf` holding the raw tuple exactly (``mpf(tuple)`` would round it to the current precision)."""
    x = mpmath.mpf.__new__(mpmath.mpf)
    x._mpf_ = raw
    return x


def _radius_text(radius: Fraction) -> str:
    """``radius`` rounded up to two significant digits (``5.1e-32``)."""
    if radius == 0:
        return "0"
    k = math.floor(math.log10(radius.numerator) - math.log10(radius.denominator))
    while Fraction(10) ** k > radius:  # exact correction of the float logarithm
        k -= 1
    while Fraction(10) ** (k + 1) <= radius:
        k += 1
    m = -((-radius * Fraction(10) ** (1 - k)) // 1)  # ceil: 10 <= m <= 100
    if m == 100:
        m, k = 10, k + 1
    return f"{m // 10}.{m % 10}e{k:+03d}"


# -- validation ---------------------------------------------------------------
def _check_variant(variant):
    if not isinstance(variant, str) or variant not in VARIANTS:
        raise InvalidArgument("variant", variant, f"one of {VARIANTS}")
    return 1 if variant == "add" else -1


def _check_digits(digits):
    if isinstance(digits, bool) or not isinstance(digits, numbers.Integral) or not 1 <= digits <= 100_000:
        raise InvalidArgument("digits", digits, "an int in [1, 100000]")
    return int(digits)


def _point(x) -> Fraction:
    """x in [0, 1] as an exact Fraction (floats and mpf at their binary value)."""
    if isinstance(x, mpmath.mpf):
        if not mpmath.isfinite(x):
            raise InvalidArgument("x", x, "a finite number in [0, 1]")
        q = _fraction(x)
    elif is_exact_scalar(x) or isinstance(x, (float, np.floating)):
        q = to_fraction(x, "x")
    else:
        raise InvalidArgumentType("x", x, "a number in [0, 1] (Fraction, int, float or mpmath.mpf)")
    if not 0 <= q <= 1:
        raise InvalidArgument("x", x, "a number in [0, 1]")
    return q


# -- fixed-point peaks ----------------------------------------------------------
class _FixedPeaks:
    """Peaks as integers over ``2^p`` (round to nearest: error <= 2^-p / 2), one table row per index.

    Row ``i``: ``(A, 1-A, 1/A, 1/(1-A), L_i, a_i, float(a_i)+, float(1-a_i)+)``
    where ``L_i = max(1/a_i, 1/(1-a_i))`` rounded up and ``+`` means rounded up.
    Rows of a periodic tail are shared.
    """

    def __init__(self, peaks: PeakSequence, p: int):
        self.peaks, self.p = peaks, p
        self.slots = {}
        self.table = []

    def _row(self, i):
        peaks = self.peaks
        n0 = len(peaks.prefix)
        key = i if peaks.function is not None or i < n0 else n0 + (i - n0) % len(peaks.period)
        hit = self.slots.get(key)
        if hit is None:
            a = peaks.fraction(i)
            n, d = a.numerator, a.denominator
            p = self.p
            rnd = lambda num, den: (2 * (num << p) + den) // (2 * den)  # noqa: E731 (nearest)
            lip = float(max(Fraction(d, n), Fraction(d, d - n))) * _INFLATE
            hit = (rnd(n, d), rnd(d - n, d), rnd(d, n), rnd(d, d - n), lip, a, float(a) * _INFLATE, float(1 - a) * _INFLATE)
            self.slots[key] = hit
        return hit

    def __call__(self, i):
        table = self.table
        while len(table) <= i:
            table.append(self._row(len(table)))
        return table[i]


def _margin_float(peaks: PeakSequence) -> float:
    """A float lower bound of the margin c."""
    return float(_fraction(peaks.margin)) / _INFLATE


def _fixed_x(x: Fraction, p: int):
    """x * 2^p rounded to nearest, and the error in units of 2^-p."""
    X = (2 * x.numerator * (1 << p) + x.denominator) // (2 * x.denominator)
    return X, (0.0 if Fraction(X, 1 << p) == x else 0.5)


def _to_mpf(total: int, p: int) -> mpmath.mpf:
    with mpmath.workprec(max(p, total.bit_length()) + 2):
        return mpmath.ldexp(mpmath.mpf(total), -p)


def _error_mpf(rounding: float, tail: int, p: int) -> mpmath.mpf:
    """``(rounding + tail) 2^-p`` rounded up, whatever the caller's mpmath precision."""
    with mpmath.workprec(64):
        total = (mpmath.mpf(rounding) + mpmath.mpf(tail)) * (1 + mpmath.mpf(2) ** -40)
        return +mpmath.ldexp(total, -p)


# -- the certified value -----------------------------------------------------------
def _value_at_prec(x: Fraction, peaks: PeakSequence, sign: int, tol_units, p: int, max_terms: int):
    """``x ± Σ_{i<K} s_i W_i(x)`` in fixed point with ``p`` fractional bits, K set by the tail bound.

    Returns ``(total, rounding, tail, K)``: ``total / 2^p`` is the value; the
    rounding and tail bounds are in units of ``2^-p`` (``tail <= tol_units``
    unless ``max_terms`` stopped the sum).

    The term ``s_i W_i(x)`` only needs ``W_i(x)`` to about ``2^-p / s_i``, so
    step ``i`` works with ``q_i = min(p, bits(S_i) + g)`` fractional bits
    (``S_i = s_i 2^p``): the integers shrink as the scales do, and the extra
    rounding (``2^-q_i`` per map) is carried through the same error recursion.
    """
    c = _margin_float(peaks)
    g = 12 + 2 * math.ceil(math.log2(1 / c))
    fp = _FixedPeaks(peaks, p)
    Y, ex = _fixed_x(x, p)
    qY = p  # Y holds W_{i-1}(x) * 2^qY
    total = Y
    A0, OMA0 = fp(0)[:2]
    A1 = fp(1)[0]
    S = ((OMA0 if sign > 0 else A0) * A1) >> p  # s_0 in fixed point
    rounding = ex  # the leading x
    se = 0.0  # s_i * e_i in units of 2^-p, e_i = |computed W_i(x) - W_i(x)|
    i = 0
    while True:
        A, _, IA, IB, lip = fp(i)[:5]
        q = min(p, S.bit_length() + g)
        sh = p - q
        # |S_i - s_i 2^p| <= sigma_i = 5 (i + 1): per step two factors truncated to q bits (<= 1.5 units
        # each, times S / 2^q <= 1) and two floors (1 each); the error so far is multiplied by factors <= 1
        sigma = 5 * (i + 1)
        S_next = (((S * (fp(i + 1)[1] >> sh)) >> q) * (fp(i + 2)[0] >> sh)) >> q
        # 000 Lemma A.6: s_{j+2} <= s_j / 4, so the tail after i terms is <= 4/3 (s_i + s_{i+1})
        tail = -(-4 * (S + S_next + 2 * sigma + 5) // 3)
        if tail <= tol_units or i >= max_terms:
            return total, rounding, tail, i
        if q < qY:
            Y >>= qY - q
            qY = q
        # W_i(x) = T_i(W_{i-1}(x)); T(y) = y / a left of the (rounded) peak, (1 - y) / (1 - a) right of it
        Y = (Y * (IA >> sh)) >> q if Y <= (A >> sh) else (((1 << q) - Y) * (IB >> sh)) >> q
        # local error in units of 2^-q: truncated 1/a (1.5 |y|), floor (1), wrong branch (2 L 1.5), shift of Y (L);
        # times s_i <= (S + sigma) 2^-p gives (S + sigma) / 2^q (4 + 4L) in units of 2^-p
        s_r = (S + sigma + 1) / (1 << q) * (4.0 + 4.0 * lip) * _INFLATE
        if i == 0:
            se = (s_r + (S + sigma + 1) / (1 << p) * lip * ex) * _INFLATE
        else:
            rho = fp(i)[7] * fp(i + 1)[6] * _INFLATE  # s_i / s_{i-1} = (1 - a_i) a_{i+1}
            se = (s_r + rho * lip * se) * _INFLATE
        total += sign * ((S * Y) >> q)
        # |S Y / 2^q - s y| <= |S - s||Y| + s |Y - y| + floor, |Y| <= 1 + small (the maps keep y near [0, 1])
        rounding += (sigma * (1 + 1e-6) + se + 1.0) * _INFLATE
        S = S_next
        i += 1


def _tolerance(digits: int) -> Fraction:
    return Fraction(1, 10**digits)


def _certified_arguments(x, peaks, digits, variant):
    """Validated ``(sign, digits, peaks, x, bits)`` of the certified evaluators (``bits``: of the requested digits)."""
    sign = _check_variant(variant)
    digits = _check_digits(digits)
    return sign, digits, as_peak_sequence(peaks), _point(x), math.ceil(digits * _LOG2_10) + 1


def _half_budget(tol: Fraction, p: int) -> int:
    """Half the error budget ``tol``, in units of ``2^-p``, rounded down (and shaved, so it stays below)."""
    return (tol / 2 * (1 << p) * (1 - Fraction(1, 2**30))).__floor__()


def _guard_bits(peaks: PeakSequence, terms: int) -> int:
    c = _margin_float(peaks)
    return 24 + 2 * math.ceil(math.log2(1 / c)) + 2 * max(terms, 2).bit_length()


def limit_value(x, peaks, *, digits: int = 15, variant: str = "add") -> Certified:
    """Certified ``G(x) = x ± Σ_i s_i W_i(x)``: ``|G(x) - value| <= error <= 10^-digits``.

    Parameters
    ----------
    x : Fraction, int, float or mpmath.mpf
        A point of [0, 1], taken at its exact (binary, for floats and mpf) value.
    peaks : PeakSequence
        ``a_0, a_1, ...`` with their margin.
    digits : int
        The certified accuracy: ``error <= 10^-digits``.
    variant : {"add", "subtract"}
        Waves added to, or subtracted from, ``y = x`` (``s_0 = (1-a_0) a_1`` or ``a_0 a_1``).

    Returns
    -------
    Certified
        ``value`` (mpf), ``error`` (mpf), ``exact`` (None), ``terms``, ``prec``.

    Notes
    -----
    Fixed-point arithmetic with ``p`` bits and an explicit bound on the
    propagated rounding error; the tail bound uses 000 Lemma A.6.  When the
    rounding bound exceeds its half of the budget the precision is doubled.

    >>> from fractions import Fraction as Q
    >>> r = limit_value(Q(1, 3), PeakSequence([], [Q(1, 2)]), digits=20, variant="subtract")
    >>> r.error < 1e-20, mpmath.nstr(r.value, 20)
    (True, '0.11111111111111111111')
    """
    sign, digits, peaks, xq, bits = _certified_arguments(x, peaks, digits, variant)
    terms_guess = bits + 4
    p = bits + _guard_bits(peaks, terms_guess)
    tol = _tolerance(digits)
    while p <= MAX_PREC:
        half = _half_budget(tol, p)
        total, rounding, tail, K = _value_at_prec(xq, peaks, sign, half, p, max_terms=10 * terms_guess + 100)
        if tail <= half and rounding <= half:
            error = _error_mpf(rounding, tail, p)
            return Certified(_to_mpf(total, p), error, None, K, p)
        p *= 2
    raise SymreluError(f"limit_value: could not certify {digits} digits below {MAX_PREC} bits of precision")


# -- exact values at bend points ---------------------------------------------------
def _exact_peaks(peaks: PeakSequence, n: int) -> list:
    return [peaks.fraction(i) for i in range(n)]


def _check_depth(max_depth):
    if isinstance(max_depth, bool) or not isinstance(max_depth, numbers.Integral) or not 0 <= max_depth <= 100_000:
        raise InvalidArgument("max_depth", max_depth, "an int in [0, 100000]")
    return int(max_depth)


def _orbit_depth(x: Fraction, peaks: PeakSequence, max_depth: int, *, peak: bool):
    """The first ``i <= max_depth`` with ``W_i(x) = 0`` (``peak=False``) or ``W_{i-1}(x) = a_i`` (``peak=True``), or None.

    The orbit is followed as an unreduced ratio of integers (a product by a
    numerator and a denominator per map, no gcd): the search costs
    ``max_depth`` maps on integers of up to ``max_depth g`` bits, which is
    checked against `DEFAULT_MAX_WORK` first (InvalidArgument naming
    ``max_depth``).  Only a hit is then summed in Fractions.
    """
    work = (max_depth + 1) * (max(64, x.denominator.bit_length()) + (max_depth + 1) * _orbit_growth(peaks))
    if work > DEFAULT_MAX_WORK:
        raise InvalidArgument("max_depth", max_depth,
                              f"a depth whose exact orbit costs at most 2^38 bit operations (this one: {work:.2e})",
                              "Lower max_depth, or use limit_value / limit_derivative.")
    Y, D = x.numerator, x.denominator
    for i in range(max_depth + 1):
        a = peaks.fraction(i)
        n, d = a.numerator, a.denominator
        lhs, rhs = Y * d, n * D
        if peak and lhs == rhs:
            return i
        if lhs <= rhs:
            Y, D = Y * d, D * n
        else:
            Y, D = (D - Y) * d, D * (d - n)
        if not peak and Y == 0:
            return i
    return None


def _not_a_bend(x, max_depth, what):
    raise InvalidArgument(
        "x",
        x,
        f"a bend point of W_0 .. W_{max_depth} ({what})",
        hint=f"Use limit_value / limit_derivative for certified values elsewhere, or raise max_depth={max_depth}.",
    )


def exact_limit_value(x, peaks, *, variant: str = "add", max_depth: int = 256) -> Fraction:
    """``G(x)`` exactly at a bend point ``x`` (``x`` in some ``B_i``, ``i <= max_depth``).

    At a bend of ``W_i`` every later wave vanishes (``B_i = V_{i+1}`` and
    valleys stay valleys), so the series is the finite sum
    ``x ± Σ_{j<=i} s_j W_j(x)``.  The orbit ``W_j(x)`` is computed exactly in
    ``Fraction``; peaks given as floats or mpf are taken at their binary value.

    Raises `InvalidArgument` when the orbit has not reached 0 after
    ``max_depth + 1`` maps (``x`` is not a bend point that shallow).

    >>> from fractions import Fraction as Q
    >>> a = PeakSequence([Q(1, 3)], [Q(1, 2)])
    >>> exact_limit_value(Q(1, 3), a)   # the peak of W_0: x + s_0 W_0 = 1/3 + (2/3)(1/2)
    Fraction(2, 3)
    """
    sign = _check_variant(variant)
    peaks = as_peak_sequence(peaks)
    max_depth = _check_depth(max_depth)
    y = total = _point(x)
    depth = _orbit_depth(y, peaks, max_depth, peak=False)
    if depth is None:
        _not_a_bend(x, max_depth, "the orbit W_j(x) has not reached 0")
    a = peaks.fraction(0)
    s = (1 - a) * peaks.fraction(1) if sign > 0 else a * peaks.fraction(1)
    for i in range(depth + 1):
        a = peaks.fraction(i)
        y = y / a if y <= a else (1 - y) / (1 - a)
        total += sign * s * y
        if y == 0:
            return total
        s *= (1 - peaks.fraction(i + 1)) * peaks.fraction(i + 2)
    _not_a_bend(x, max_depth, "the orbit W_j(x) has not reached 0")


def _first_factor(sign, a0, left):
    """``q_0 = s_0 W_0'(x) / a_1``: (1-a_0)/a_0 or -1 (add), 1 or -a_0/(1-a_0) (subtract)."""
    if sign > 0:
        return (1 - a0) / a0 if left else -1
    return 1 if left else -a0 / (1 - a0)


def exact_limit_derivative(x, peaks, *, variant: str = "add", max_depth: int = 256) -> Fraction:
    """``G'(x)`` exactly at a bend point, by 000 Lemma A.4 (eq. 6).

    For ``x`` in ``P_i`` (a peak of ``W_i``), ``G'(x) = 1 ± Σ_{j<i} s_j W_j'(x)``:
    the waves after ``W_{i-1}`` contribute a one-sided derivative that
    telescopes to zero (000 eq. 9 under the law and the margin; this module's
    tests and the claim ``000/lemma-a.4`` check it against deep truncations).
    At the ends ``x = 0, 1`` (valleys of every wave, never peaks) the result is
    the one-sided derivative ``1 ± q_0`` with ``q_0 = s_0 W_0'(x) / a_1``:
    ``G'(0) = 1/a_0, G'(1) = 0`` (add) and ``G'(0) = 0, G'(1) = 1/(1-a_0)``
    (subtract).

    >>> from fractions import Fraction as Q
    >>> half = PeakSequence([], [Q(1, 2)])
    >>> exact_limit_derivative(Q(1, 4), half, variant="subtract")   # (x^2)' = 2x
    Fraction(1, 2)
    """
    sign = _check_variant(variant)
    peaks = as_peak_sequence(peaks)
    max_depth = _check_depth(max_depth)
    y = _point(x)
    a0, a1 = peaks.fraction(0), peaks.fraction(1)
    if y in (0, 1):
        return 1 + sign * _first_factor(sign, a0, y == 0)
    depth = _orbit_depth(y, peaks, max_depth, peak=True)
    if depth is None:
        _not_a_bend(x, max_depth, "no W_i(x) = 1 yet")
    s = (1 - a0) * a1 if sign > 0 else a0 * a1
    slope = Fraction(1)  # W_{j-1}'(x), W_{-1} = identity
    derivative = Fraction(1)
    for i in range(depth + 1):
        a = peaks.fraction(i)
        if y == a:  # W_i(x) = 1: x is in P_i; eq. 6
            return derivative
        slope *= 1 / a if y < a else -1 / (1 - a)
        y = y / a if y < a else (1 - y) / (1 - a)
        derivative += sign * s * slope
        s *= (1 - peaks.fraction(i + 1)) * peaks.fraction(i + 2)
    _not_a_bend(x, max_depth, "no W_i(x) = 1 yet")


# -- the certified derivative --------------------------------------------------------
#: Default cap on the work of `limit_derivative`, in bit operations (see `_derivative_work`);
#: about a minute on a 2020s laptop core.  The keyword ``max_work`` raises it.
DEFAULT_MAX_WORK = 1 << 38


def _orbit_growth(peaks: PeakSequence) -> int:
    """Bits the exact orbit's integers may grow by per map: ``max log2(max(n, d - n, d))`` over the peaks ``n/d``.

    A callable's peaks are unknown in advance: 64 bits is assumed up front and
    the orbit's actual size is checked as it grows.
    """
    if peaks.function is not None:
        return 64
    return max(max(a.numerator, a.denominator).bit_length() for a in map(_fraction, peaks.prefix + peaks.period))


def _derivative_plan(peaks: PeakSequence, bits: int, x_bits: int = 64):
    """``(terms, p, work)``: series terms, fixed-point bits, and the work estimate in bit operations.

    The tail after ``K`` terms is at most ``(1/c) (1-c)^(K+1)``; the sum is
    carried with ``p = bits + 2 log2(K) + 8`` fractional bits (the rounding
    bound is below ``(K + 1)^2`` units); the exact orbit's integers grow by at
    most `_orbit_growth` bits per map from the ``x_bits`` of ``x``'s
    denominator.  Work: ``K (p + x_bits + K g)`` bit operations for the ``K``
    products of ``p``-bit numbers and the ``K`` maps on integers of up to
    ``x_bits + K g`` bits.
    """
    terms = _terms_estimate(peaks, bits)
    p = bits + 2 * terms.bit_length() + 8
    work = terms * (p + x_bits + terms * _orbit_growth(peaks))
    return terms, p, work


def _derivative_exact_orbit(x: Fraction, peaks: PeakSequence, sign: int, tol_units: int, p: int, max_terms: int,
                            max_bits: int):
    """``1 ± Σ_m q_m a_{m+1}`` in fixed point with ``p`` fractional bits, the orbit followed exactly.

    The orbit ``y_m = W_{m-1}(x)`` is kept as an exact ratio of integers
    ``Y / D``, so the side of ``a_m`` on which it lies is decided exactly: no
    branch is ever in doubt, and ``y_m = a_m`` (``x`` a peak of ``W_m``) is
    recognized, whatever ``m``.  Returns ``("peak", m)`` then, else
    ``(total, rounding, tail, K)`` in units of ``2^-p``: ``|G'(x) - total 2^-p|
    <= (rounding + tail) 2^-p``.

    Rounding: ``Q_m = floor(Q_{m-1} f_m)`` with the exact rational factor
    ``f_m = (1 - a_m)`` or ``-a_m`` (a product by its numerator, a floor
    division by its denominator: linear in ``p``), so its error is
    ``eps_m <= eps_{m-1} |f_m| + 1 <= eps_{m-1} + 1``, and each term
    ``floor(Q_m a_{m+1})`` adds at most ``eps_m + 1``: the rounding bound is
    an integer below ``(K + 1)^2``, and nothing overflows.
    """
    one = 1 << p
    c = _effective_margin(peaks)
    tail_num, tail_den = ((1 - c) ** 2 / c).as_integer_ratio()
    Y, D = x.numerator, x.denominator
    total = one  # the leading 1 (exact)
    rounding = 0
    eps = 0  # |Q_m - q_m 2^p| in units
    Q = 0
    reduced_at = D.bit_length()
    m = 0
    while True:
        a = peaks.fraction(m)
        n, d = a.numerator, a.denominator
        lhs, rhs = Y * d, n * D
        if lhs == rhs:  # W_{m-1}(x) = a_m: x is a peak of W_m, eq. 6 gives G'(x) exactly
            return ("peak", m)
        left = lhs < rhs
        if m == 0:
            q0 = _first_factor(sign, a, left)
            Q = (q0.numerator << p) // q0.denominator
            eps = 1
        else:
            # q_m = q_{m-1} (1 - a_m) or -q_{m-1} a_m, exactly up to one floor
            Q = Q * (d - n) // d if left else -Q * n // d
            eps += 1
        a1 = peaks.fraction(m + 1)
        total += sign * (Q * a1.numerator // a1.denominator)
        rounding += eps + 1
        # |s_n W_n'(x)| = |q_n| a_{n+1} <= |q_m| (1-c)^(n-m+1) for n > m: the tail is <= |q_m| (1-c)^2 / c
        tail = -(-(abs(Q) + eps) * tail_num // tail_den)
        m += 1
        if tail <= tol_units or m >= max_terms:
            return total, rounding, tail, m
        # the next point of the orbit, exactly: y / a or (1 - y) / (1 - a)
        if left:
            Y, D = Y * d, D * n
        else:
            Y, D = (D - Y) * d, D * (d - n)
        if D.bit_length() > 2 * reduced_at:  # reduce now and then: amortized, and periodic orbits stay small
            g = math.gcd(Y, D)
            Y, D = Y // g, D // g
            reduced_at = max(D.bit_length(), 64)
            if reduced_at > max_bits:
                return ("too big", m)


def _effective_margin(peaks: PeakSequence) -> Fraction:
    """The margin the tail bounds may use: the stated one, or the entries' own when that is larger."""
    c = _fraction(peaks.margin)
    if peaks.function is None:
        c = max(c, min(min(a, 1 - a) for a in map(_fraction, peaks.prefix + peaks.period)))
    return c


def _terms_estimate(peaks: PeakSequence, bits: int) -> int:
    """Terms for the derivative's tail ``(1/c) (1-c)^K`` to fall below ``2^-bits``."""
    c = float(_effective_margin(peaks)) / _INFLATE
    if c >= 0.5:
        return bits + 2
    # log1p: -log2(1 - c) is 0.0 in floats for c below 2^-53 (a margin of 2^-60 divided by zero)
    return math.ceil((bits + math.log2(1 / c) + 2) / (-math.log1p(-c) / math.log(2))) + 2


def limit_derivative(x, peaks, *, digits: int = 15, variant: str = "add", max_work: int = DEFAULT_MAX_WORK) -> Certified:
    """Certified ``G'(x)``: ``|G'(x) - value| <= error <= 10^-digits``.

    The derivative series ``1 ± Σ q_m a_{m+1}`` (see the module docstring) is
    summed in fixed point with a rigorous, integer-valued rounding bound and
    the margin's tail bound.  Each term needs the side of ``a_m`` on which
    ``W_{m-1}(x)`` lies: the orbit is followed *exactly* (``x`` and the peaks
    are rationals; floats and mpf at their binary value), so no branch is in
    doubt.  When the orbit hits a peak (``x`` in ``P_m``) the exact value of
    000 eq. 6 is returned (`exact_limit_derivative`, ``.exact`` set); at
    ``x = 0`` and ``x = 1`` the exact one-sided derivative.

    Cost.  ``K ~ (digits log2(10) + log2(1/c)) / -log2(1-c)`` terms, each a
    product of a ``p ~ digits log2(10) + 2 log2(K)`` -bit integer by the
    numerator of a peak and a division by its denominator, and ``K``
    maps of the exact orbit, whose integers grow by at most ``g`` bits per map
    (``g``: the bits of the peaks' largest numerator or denominator; 53 for
    floats) from the size of ``x``'s denominator.  The estimate
    ``K (p + bits(x) + K g)`` bit operations is checked against
    ``max_work`` before anything is computed, and `SizeLimitExceeded` (naming
    ``digits``) is raised above it.  The default ``2^38`` allows (for an
    ``x`` of at most 64 bits) up to 91,113 digits for the peaks ``1/2``,
    11,770 for ``1/10``, 5,182 for the period
    ``(1/20, 1/2)`` and 1,543 for the float period ``(0.05, 0.7)``; the
    estimate is a worst case (the actual number of terms is usually far
    smaller), and 30,000 digits for the peaks ``1/2`` (about ``2^35`` of it)
    took 9 s here.

    >>> from fractions import Fraction as Q
    >>> d = limit_derivative(Q(1, 3), PeakSequence([], [Q(1, 2)]), digits=20)
    >>> d.error < 1e-20, mpmath.nstr(d.value, 15)   # (2x - x^2)' = 2 - 2x
    (True, '1.33333333333333')
    """
    sign, digits, peaks, xq, bits = _certified_arguments(x, peaks, digits, variant)
    if isinstance(max_work, bool) or not isinstance(max_work, numbers.Integral) or max_work < 1:
        raise InvalidArgument("max_work", max_work, "an int >= 1 (bit operations)")
    if xq in (0, 1):  # the ends: one-sided, exact
        return _certified_fraction(exact_limit_derivative(xq, peaks, variant=variant, max_depth=0), bits + 10, 0)
    terms, p, work = _derivative_plan(peaks, bits, max(64, xq.denominator.bit_length()))
    if work > max_work:
        raise SizeLimitExceeded("digits", digits, size=work, limit=int(max_work), unit="bit operations",
                                option="max_work")
    max_bits = max(64, work // max(terms, 1))
    tol = _tolerance(digits)
    for _ in range(4):  # the plan's p suffices; a larger one only if the bound turns out looser than planned
        half = _half_budget(tol, p)
        out = _derivative_exact_orbit(xq, peaks, sign, half, p, max_terms=2 * terms + 16, max_bits=max_bits)
        if out[0] == "peak":
            m = out[1]
            exact = exact_limit_derivative(xq, peaks, variant=variant, max_depth=m)
            return _certified_fraction(exact, bits + 10, m)
        if out[0] == "too big":  # a callable's peaks had more bits than the plan assumed
            raise SizeLimitExceeded("digits", digits, size=out[1] * max_bits * 2, limit=int(max_work),
                                    unit="bit operations", option="max_work")
        total, rounding, tail, K = out
        if tail <= half and rounding <= half:
            return Certified(_to_mpf(total, p), _error_mpf(rounding, tail, p), None, K, p)
        p += p // 2
    raise SymreluError(f"limit_derivative: could not certify {digits} digits (rounding {rounding}, tail {tail} "
                       f"units of 2^-{p}, budget {half}); please report this")


def _certified_fraction(q: Fraction, prec: int, terms: int) -> Certified:
    """A Fraction as a Certified mpf (correctly rounded: error <= half an ulp, bounded by 2^-prec |q|)."""
    with mpmath.workprec(prec):
        value = mpmath.mpf(q.numerator) / q.denominator
        error = mpmath.ldexp(abs(value), -prec + 2)  # two roundings (numerator, quotient)
    return Certified(value, error, q, terms, prec)


def tail_bound(K: int, peaks, *, variant: str = "add") -> Fraction:
    """A rigorous bound on ``Σ_{i>=K} s_i W_i(x)`` for every x: ``4/3 (s_K + s_{K+1})``.

    From ``0 <= W_i <= 1`` and ``s_{i+2} <= s_i / 4`` (000 Lemma A.6).  Exact
    when the peaks are (floats and mpf at their binary value).

    >>> from fractions import Fraction as Q
    >>> tail_bound(2, PeakSequence([], [Q(1, 2)]))   # true tail sup: 1/64 + 1/256 + ... = 1/48
    Fraction(5, 192)
    """
    _check_variant(variant)
    peaks = as_peak_sequence(peaks)
    if isinstance(K, bool) or not isinstance(K, numbers.Integral) or not 0 <= K <= 100_000:
        raise InvalidArgument("K", K, "an int in [0, 100000]")
    a = [peaks.fraction(i) for i in range(K + 3)]
    s = (1 - a[0]) * a[1] if variant == "add" else a[0] * a[1]
    for i in range(K):
        s *= (1 - a[i + 1]) * a[i + 2]
    return Fraction(4, 3) * (s + s * (1 - a[K + 1]) * a[K + 2])


# -- float64 on arrays ---------------------------------------------------------------
#: Default cap on the terms `limit_values` sums per point (the derivative needs ``~ 40 / c`` of them).
DEFAULT_MAX_TERMS = 100_000


def _float_plan(peaks: PeakSequence, sign: int, derivative: bool, max_terms: int = DEFAULT_MAX_TERMS):
    """Float peaks and the number of terms K after which the tail is below 2^-56."""
    if not derivative:
        a = [float(peaks[0]), float(peaks[1])]
        s = [((1 - a[0]) if sign > 0 else a[0]) * a[1]]
        while True:
            i = len(s) - 1
            a.append(float(peaks[i + 2]))
            s.append(s[-1] * (1 - a[i + 1]) * a[i + 2])
            if 4 / 3 * (s[-2] + s[-1]) < 2.0**-56:
                return np.array(a[: len(s) - 1]), np.array(s[:-1])
    K = _terms_estimate(peaks, 56)
    if K > max_terms:
        raise SizeLimitExceeded("peaks", peaks, size=K, limit=max_terms, unit="terms per point (the margin is "
                                f"{float(_effective_margin(peaks)):.3g})", option="max_terms")
    return np.array([float(peaks[i]) for i in range(K + 1)]), None


def limit_values(x, peaks, *, variant: str = "add", derivative: bool = False, chunk: int = 1 << 13,
                 max_terms: int = DEFAULT_MAX_TERMS) -> np.ndarray:
    """``G`` (or ``G'``) at every point of a float64 array, vectorized.

    The triangle maps are applied to a whole block of points at once,
    ``T(y) = min(y / a, (1 - y) / (1 - a))``, and ``s_i W_i`` accumulated
    until the tail bound ``4/3 (s_K + s_{K+1})`` is below ``2^-56``; blocks of
    ``chunk`` points keep the working set in cache.  The derivative sums
    ``1 ± Σ q_m a_{m+1}`` (see `limit_derivative`) until ``(1-c)^m / c < 2^-56``.

    Accuracy (not certified; measured against `limit_value` /
    `limit_derivative` on random points, margins 1/20 to 1/2, both variants,
    see ``tests/test_limit.py`` and ``benchmarks/bench_limit.py``): absolute
    error at most ``6e-16`` for values; for derivatives at most
    ``7e-15 max(1, |G'(x)|)`` (the largest seen on 380 random peak sequences
    with margins 1/20 to 1/3, 40 points each, half of them within ``1e-3`` of
    an end, where ``|G'|`` reaches ``1/c``: 1.8e-14 at ``G' = 20``); the tests
    assert ``1e-14 max(1, |G'(x)|)``.

    Cost: the derivative sums ``K`` (about ``40 / c``) terms per point (``K`` from the
    margin's worst-case tail); ``K > max_terms`` is refused up front with
    `SizeLimitExceeded`.  Time is proportional to ``K`` times the number of
    points, memory to ``K + chunk``.

    >>> import numpy as np
    >>> g = limit_values(np.linspace(0, 1, 5), PeakSequence([], [0.5]), variant="subtract")
    >>> np.allclose(g, np.linspace(0, 1, 5) ** 2, atol=1e-15)
    True
    """
    sign = _check_variant(variant)
    peaks = as_peak_sequence(peaks)
    if isinstance(chunk, bool) or not isinstance(chunk, numbers.Integral) or chunk < 1:
        raise InvalidArgument("chunk", chunk, "an int >= 1")
    if isinstance(max_terms, bool) or not isinstance(max_terms, numbers.Integral) or max_terms < 1:
        raise InvalidArgument("max_terms", max_terms, "an int >= 1")
    if not isinstance(derivative, (bool, np.bool_)):
        raise InvalidArgumentType("derivative", derivative, "a bool")
    if isinstance(x, (str, bytes)) or np.iscomplexobj(x):
        raise InvalidArgumentType("x", x, "real numbers in [0, 1] (a float array)")
    try:
        xs = np.asarray(x, dtype=np.float64)
    except (TypeError, ValueError):
        raise InvalidArgumentType("x", x, "real numbers in [0, 1] (a float array)") from None
    if not np.all(np.isfinite(xs)) or xs.size and (xs.min() < 0 or xs.max() > 1):
        raise InvalidArgument("x", x, "finite numbers in [0, 1]")
    flat = xs.ravel()
    out = np.empty_like(flat)
    a, s = _float_plan(peaks, sign, derivative, int(max_terms))
    inv_a, inv_b = 1 / a, 1 / (1 - a)
    n = flat.size
    y = np.empty(min(chunk, n))
    t = np.empty_like(y)
    acc = np.empty_like(y)
    if not derivative:
        coef = sign * s
        for lo in range(0, n, chunk):
            hi = min(lo + chunk, n)
            k = hi - lo
            yy, tt, aa = y[:k], t[:k], acc[:k]
            yy[:] = flat[lo:hi]
            aa[:] = yy
            for i in range(len(coef)):
                np.multiply(yy, inv_a[i], out=tt)
                np.subtract(1.0, yy, out=yy)
                np.multiply(yy, inv_b[i], out=yy)
                np.minimum(tt, yy, out=yy)
                np.multiply(yy, coef[i], out=tt)
                np.add(aa, tt, out=aa)
            out[lo:hi] = aa
        return out.reshape(xs.shape)
    # derivative: 1 ± Σ q_m a_{m+1}, q_0 = s_0 W_0'(x) / a_1, q_m = q_{m-1} (1 - a_m) or -q_{m-1} a_m
    q = np.empty_like(y)
    left = np.empty(y.shape, dtype=bool)
    for lo in range(0, n, chunk):
        hi = min(lo + chunk, n)
        k = hi - lo
        yy, tt, aa, qq, ll = y[:k], t[:k], acc[:k], q[:k], left[:k]
        yy[:] = flat[lo:hi]
        aa[:] = 1.0
        for m in range(len(a) - 1):
            np.less(yy, a[m], out=ll)
            if m == 0:
                if sign > 0:
                    qq[:] = np.where(ll, (1 - a[0]) / a[0], -1.0)
                else:
                    qq[:] = np.where(ll, 1.0, -a[0] / (1 - a[0]))
            else:
                qq *= np.where(ll, 1 - a[m], -a[m])
            aa += (sign * a[m + 1]) * qq
            np.multiply(yy, inv_a[m], out=tt)
            np.subtract(1.0, yy, out=yy)
            np.multiply(yy, inv_b[m], out=yy)
            np.minimum(tt, yy, out=yy)
        out[lo:hi] = aa
    return out.reshape(xs.shape)
