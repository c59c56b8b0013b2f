"""Claims about the infinite-depth limit F(x) = Σ s_i W_i(x) of 000 (eq. 3, Lemma A.4, §A.4, §A.6).

Each check recomputes: exact rationals (``fractions.Fraction``) for scales,
tails of periodic peak sequences (geometric series summed in closed form),
one-sided slopes of deep truncations and wave slopes; certified mpmath
values from `symrelu.limit` (their error bounds are part of the comparison).
Peak sequences come from a fixed seed, so every verdict is reproducible.
"""

from __future__ import annotations

import itertools
import random
from fractions import Fraction

import mpmath
import sympy

from proofs_check.claim import Correction, inconclusive, refuted, verified
from proofs_check.registry import claim_sheet
from symrelu.limit import limit_value
from symrelu.linalg import to_fraction
from symrelu.peaks import PeakSequence
from symrelu.scaling import law_scales
from symrelu.triangle import bend_sets, wave

sheet = claim_sheet(__file__)

__all__: list[str] = []


x_ = sympy.Symbol("x")
s0_ = sympy.Symbol("s_0", positive=True)
c_ = sympy.Symbol("c", positive=True)
i_ = sympy.Symbol("i", integer=True, nonnegative=True)
sK_, sK1_ = sympy.symbols("s_K s_K1", positive=True)


def _sequences(seed: int, n: int) -> list[PeakSequence]:
    """Reproducible eventually periodic rational peak sequences (prefix <= 3, period <= 3)."""
    rng = random.Random(seed)
    out = [PeakSequence([], [Fraction(1, 2)])]
    for _ in range(n):
        draw = lambda: Fraction(rng.randint(1, 19), 20)  # noqa: E731
        out.append(PeakSequence([draw() for _ in range(rng.randint(0, 3))], [draw() for _ in range(rng.randint(1, 3))]))
    return out


def _periodic_scale_tail(peaks: PeakSequence, K: int, variant: str = "add") -> Fraction:
    """Σ_{i>=K} s_i exactly: past the prefix the ratios repeat, so the tail is a geometric series."""
    n0, per = len(peaks.prefix), len(peaks.period)
    start = max(K, n0 + 2)
    a = [peaks.fraction(i) for i in range(start + per + 3)]
    s = law_scales(a, variant)  # s_0 .. s_{start+per+1}
    head = sum(s[K:start], Fraction(0))
    block = sum(s[start : start + per], Fraction(0))
    ratio = s[start + per] / s[start]  # one period of ratios (1 - a_j) a_{j+1}, j > n0
    return head + block / (1 - ratio)


# --------------------------------------------------------------------------
# eq. 3: uniform convergence and the tail bound
# --------------------------------------------------------------------------


@sheet.claim("000/equation-3", data=sympy.Lambda((sK_, sK1_), sympy.Rational(4, 3) * (sK_ + sK1_)),
             perturb=lambda data: sympy.Lambda((sK_, sK1_), data(sK_, sK1_) * sympy.Rational(3, 4)))
def check_equation_3(data):
    worst = None
    for peaks in _sequences(3, 20):
        for variant in ("add", "subtract"):
            s = peaks.scales(16, variant)
            for K in range(13):
                tail = _periodic_scale_tail(peaks, K, variant)
                bound = to_fraction(data(s[K], s[K + 1]), "bound")
                ratio = tail / bound
                if worst is None or ratio > worst[0]:
                    worst = (ratio, peaks, variant, K, tail, bound)
    ratio, peaks, variant, K, tail, bound = worst
    if ratio <= 1:
        return verified(
            f"Σ_(i>=K) s_i <= bound on all 21 x 2 x 13 cases; tightest: {peaks!r}, {variant}, K={K}: "
            f"tail {tail} vs bound {bound} (ratio {float(ratio):.4f}; all a_i = 1/2 give 0.8, and the bound "
            "s_K + s_(K+1) would fail there: the tail is 4/3 s_K). "
            "Since 0 <= W_i <= 1 this bounds sup|F - f_K|, and s_K -> 0 geometrically: uniform convergence."
        )
    return refuted(
        f"{peaks!r}, {variant}, K={K}: Σ_(i>=K) s_i = {tail} exceeds the stated bound {bound}",
        counterexample={"peaks": repr(peaks), "variant": variant, "K": K, "tail": tail, "bound": bound},
        correction=Correction(
            r"$\sum_{i\ge K} s_i \le \frac{4}{3}(s_K + s_{K+1})$",
            sympy.Lambda((sK_, sK1_), sympy.Rational(4, 3) * (sK_ + sK1_)),
        ),
    )


# --------------------------------------------------------------------------
# Lemma A.4 (eq. 6): F'(x) = f_i'(x) on P_i
# --------------------------------------------------------------------------


def _orbit_slopes(x: Fraction, a: list, K: int, side: int, variant: str) -> list:
    """One-sided slopes f_k'(x±) for k = 0..K (f_k = x ± Σ_{j<k} s_j W_j), exactly, along the orbit of x."""
    sign = 1 if variant == "add" else -1
    s = law_scales(a[: K + 2], variant)
    slopes, total = [Fraction(1)], Fraction(1)
    w_slope, y = Fraction(1), x
    for j in range(K):
        # beside x (on `side`), W_{j-1} is below a_j if it sits below, or if it equals a_j and moves down that way
        below = y < a[j] if y != a[j] else w_slope * side < 0
        w_slope *= 1 / a[j] if below else -1 / (1 - a[j])
        y = y / a[j] if below else (1 - y) / (1 - a[j])
        total += sign * s[j] * w_slope
        slopes.append(total)
    return slopes


# data: the last index of the finite sum
@sheet.claim("000/lemma-a.4", data=sympy.Lambda(i_, i_ - 1), perturb=lambda data: sympy.Lambda(i_, data(i_) - 1))
def check_lemma_a4(data):
    checked = 0
    for peaks in _sequences(4, 5):
        a = [peaks.fraction(j) for j in range(50)]
        c = peaks.margin
        for variant in ("add", "subtract"):
            for i in range(4):
                last = int(data(i))
                for x in bend_sets(a, i).peaks:
                    K = i + 40
                    left, right = _orbit_slopes(x, a, K, -1, variant), _orbit_slopes(x, a, K, 1, variant)
                    if not -1 <= last < K:
                        return inconclusive(f"last index {last} outside 0..{K}")
                    claimed = left[last + 1] if last < i else None  # f_{last+1}'(x) is two-sided only for last < i
                    if claimed is None or claimed != right[last + 1]:
                        return refuted(
                            f"x = {x} in P_{i} ({peaks!r}, {variant}): the sum up to j = {last} includes a wave with a "
                            f"bend at x (one-sided {left[last + 1]} / {right[last + 1]})",
                            counterexample={"x": x, "i": i, "peaks": repr(peaks)},
                            correction=Correction(r"$F'(x) = \sum_{j=0}^{i-1} s_j W'_j(x)$ on $P_i$", sympy.Lambda(i_, i_ - 1)),
                        )
                    # the one-sided slopes of deep truncations must converge to `claimed`: the gaps are exactly
                    # W_i'(x±) s_i prod_{m=i+2}^{k} (1 - a_m) (eq. 9), which is <= (1/c)(1-c)^(k-i-1) -> 0
                    gaps = [max(abs(left[k] - claimed), abs(right[k] - claimed)) for k in range(i + 1, K + 1)]
                    shrinking = all(g2 <= g1 * (1 - c) for g1, g2 in zip(gaps, gaps[1:]))
                    if not shrinking or gaps[-1] > (1 - c) ** (K - i - 1) / c * 4:
                        return refuted(
                            f"x = {x} in P_{i} ({peaks!r}, {variant}): one-sided slopes of f_k do not converge to "
                            f"f_{last + 1}'(x) = {claimed}: gaps {[float(g) for g in gaps[:5]]} ... {float(gaps[-1]):.3g}",
                            counterexample={"x": x, "i": i, "peaks": repr(peaks), "variant": variant},
                            correction=Correction(r"$F'(x) = \sum_{j=0}^{i-1} s_j W'_j(x)$ on $P_i$", sympy.Lambda(i_, i_ - 1)),
                        )
                    checked += 1
    return verified(
        f"At {checked} peaks x of W_0..W_3 (6 sequences, both variants) both one-sided slopes of f_k converge to "
        "f_i'(x) (two-sided), each gap shrinking by at least the factor (1 - c) per layer, to <= (1-c)^39/c at k = i+40."
    )


# --------------------------------------------------------------------------
# §A.4: "the maximum value of W_i' is always upper bounded by (1 - c)^i"
# --------------------------------------------------------------------------


def _sup_slope(c: Fraction, i: int, scaled: bool) -> Fraction:
    """sup over peaks in [c, 1-c] of max_x |W_i'(x)| (or |s_i W_i'(x)|, add variant), exactly.

    Each factor of s_i |W_i'| on a piece is monotone in its own peak, so the sup is attained with
    every peak in {c, 1 - c}: enumerate those sequences and the slopes of the exact wave.
    """
    best = Fraction(0)
    for choice in itertools.product((c, 1 - c), repeat=i + 2):
        peaks = list(choice)
        slopes = wave(peaks[: i + 1], i).slopes
        top = max(abs(Fraction(v)) for v in slopes)
        if scaled:
            top *= law_scales(peaks, "add")[i]
        best = max(best, top)
    return best


_A4_CASES = [(Fraction(1, 4), i) for i in range(5)] + [(Fraction(1, 10), i) for i in range(4)] + [(Fraction(2, 5), 3)]


@sheet.claim("000/appendix-a.4", data={"quantity": "W_i'", "bound": sympy.Lambda((c_, i_), (1 - c_) ** i_)},
             perturb=lambda data: {**data, "bound": sympy.Lambda((c_, i_), data["bound"](c_, i_) * (1 - c_))})
def check_appendix_a4(data):
    scaled = {"W_i'": False, "s_i W_i'": True}.get(data["quantity"])
    if scaled is None:
        return inconclusive(f"unknown quantity {data['quantity']!r}")
    for c, i in _A4_CASES:
        sup = _sup_slope(c, i, scaled)
        bound = to_fraction(data["bound"](c, i), "bound")
        if sup > bound:
            return refuted(
                f"c = {c}, i = {i}: sup over peaks in [c, 1-c] of max |{data['quantity']}| = {sup} > {bound}. "
                "W_i' grows like (1/c)^(i+1) (every a_i = 1/2 gives |W_i'| = 2^(i+1)); it is s_i W_i' that decays, "
                "since s_i |W_i'| = [(1-a_0)|T_0'|] prod_(j=1..i) max-or-min(a_j, 1-a_j) a_(i+1)",
                counterexample={"c": c, "i": i, "sup": sup, "bound": bound},
                correction=Correction(
                    r"$\max_x s_i |W_i'(x)| \le (1-c)^{i+2}/c$ (add variant; attained), "
                    r"so $\sum s_i W_i'$ converges uniformly",
                    {"quantity": "s_i W_i'", "bound": sympy.Lambda((c_, i_), (1 - c_) ** (i_ + 2) / c_)},
                ),
            )
    return verified(
        f"sup of max |{data['quantity']}| <= the bound for every (c, i) in {[(str(c), i) for c, i in _A4_CASES]}"
    )


# --------------------------------------------------------------------------
# §A.6 / Theorem A.8: every a_i = 1/2 "approximates y = x^2"
# --------------------------------------------------------------------------


@sheet.claim("000/appendix-a.6-half", data=x_**2, perturb=lambda data: data + x_ * (1 - x_) / 7)
def check_appendix_a6_half(data):
    half = PeakSequence([], [Fraction(1, 2)])
    free = data.free_symbols - {x_, s0_}
    if free:
        return inconclusive(f"unexpected symbols {free}")
    for s0 in (Fraction(1, 4), Fraction(1, 8)):
        for k in range(1, 10):
            x = Fraction(k, 10) if k != 5 else Fraction(1, 3)
            r = limit_value(x, half, digits=40, variant="add")  # x + Σ s_i W_i, s_0 = (1 - 1/2)(1/2) = 1/4
            with mpmath.workprec(r.prec + 20):
                F = (r.value - mpmath.mpf(x.numerator) / x.denominator) * (4 * mpmath.mpf(s0.numerator) / s0.denominator)
                claimed = data.subs({x_: sympy.Rational(x.numerator, x.denominator), s0_: sympy.Rational(s0.numerator, s0.denominator)})
                want = mpmath.mpf(sympy.Rational(claimed).p) / int(sympy.Rational(claimed).q)
                scaled_error = r.error * 4 * s0
                if abs(F - want) > scaled_error + mpmath.mpf(10) ** -35:
                    return refuted(
                        f"s_0 = {s0}, x = {x}: F(x) = {mpmath.nstr(F, 20)} (certified, ± {mpmath.nstr(scaled_error, 3)}), "
                        f"but the statement gives {claimed}. Every W_i(1) = 0, so F(1) = 0 for any scales: F is never x^2. "
                        "With all a_i = 1/2, F = 4 s_0 x (1 - x); for s_0 = 1/4 (000 §4.1) F = x - x^2, and the network "
                        "output of the subtract variant, x - F, is x^2 (the add variant gives 2x - x^2).",
                        counterexample={"s0": s0, "x": x, "F": mpmath.nstr(F, 30), "stated": str(claimed)},
                        correction=Correction(
                            r"All $a_i = 1/2$: $F(x) = \sum s_i W_i(x) = 4 s_0\, x(1 - x)$; with $s_0 = 1/4$, $F = x - x^2$ "
                            r"and $x - F(x) = x^2$",
                            4 * s0_ * x_ * (1 - x_),
                        ),
                    )
    return verified("F(x) matches the statement at 9 points for s_0 = 1/4 and 1/8 within the certified error (40 digits)")


# --------------------------------------------------------------------------
# Theorem A.8's conclusion: F is not twice differentiable unless every a_i = 1/2 (constant peaks)
# --------------------------------------------------------------------------
_A8_LEVELS = 6


def _a8_split_pairs(a: Fraction):
    """(length fraction, -dF' mass fraction) of the new bend point in every interval between bend points, levels 0..6.

    F' comes from `symrelu.limit.exact_limit_derivative` (exact at bend points; G' = 1 ± F', so the
    fractions of G' and of F' agree).  Returns the set of pairs, or a str saying why the splitting
    is not one new point per interval.
    """
    from symrelu.limit import exact_limit_derivative

    seq = PeakSequence([], [a])
    pts = [Fraction(0), Fraction(1)]
    dF = {x: exact_limit_derivative(x, seq) for x in pts}
    pairs = set()
    for k in range(_A8_LEVELS + 1):
        new = sorted(Fraction(x) for x in bend_sets([a] * (k + 1), k).peaks)
        for x in new:
            dF[x] = exact_limit_derivative(x, seq)
        srt = sorted(pts)
        for p, q in zip(srt, srt[1:]):
            inside = [x for x in new if p < x < q]
            if len(inside) != 1:
                return f"level {k}: {len(inside)} new bend points in ({p}, {q})"
            m = inside[0]
            pairs.add(((m - p) / (q - p), (dF[p] - dF[m]) / (dF[p] - dF[q])))
        pts += new
    return pairs


_A8_DATA = {"not_twice_differentiable": [Fraction(1, 5), Fraction(1, 3), Fraction(2, 5), Fraction(3, 5), Fraction(4, 5)],
            "twice_differentiable": [Fraction(1, 2)]}


def _a8_perturb(data):
    return {**data, "not_twice_differentiable": list(data["not_twice_differentiable"]) + list(data["twice_differentiable"]),
            "twice_differentiable": []}


def check_theorem_a8_conclusion(data):
    """``data``: the constant peaks claimed (not) twice differentiable; ``scope`` "all" (the theorem, every peak
    sequence: decided only in its constant case, so at best inconclusive) or "constant" (that case alone)."""
    found = {}
    for a in list(data["not_twice_differentiable"]) + list(data["twice_differentiable"]):
        a = Fraction(a)
        pairs = _a8_split_pairs(a)
        if isinstance(pairs, str):
            return inconclusive(f"a = {a}: {pairs}")
        t0, r0 = min(pairs)
        if not pairs <= {(t0, r0), (1 - t0, 1 - r0)}:
            return inconclusive(f"a = {a}: the splits are not in fixed proportions ({sorted(pairs)[:4]} ...), so the "
                                "Bernoulli comparison below does not apply")
        found[a] = (t0, r0)
    # Fixed proportions: coding a point by the part it falls in at each level, the codes are i.i.d. with
    # P(part of length fraction t0) = t0 under Lebesgue and = r0 under -dF'.  r0 != t0: the strong law makes the
    # two measures mutually singular, so F' (continuous, strictly decreasing) has F'' = 0 almost everywhere; an
    # everywhere finite F'' would be integrable (F' monotone) and give F'(1) - F'(0) = 0: F is not twice
    # differentiable.  r0 == t0: -dF' is a multiple of length on a generating family of intervals, F' is affine.
    singular = {a for a, (t0, r0) in found.items() if r0 != t0}
    summary = "; ".join(f"a = {a}: length split {t0}/{1 - t0}, -dF' split {r0}/{1 - r0}" for a, (t0, r0) in found.items())
    wrong_c2 = [a for a in data["twice_differentiable"] if Fraction(a) in singular]
    wrong_not = [a for a in data["not_twice_differentiable"] if Fraction(a) not in singular]
    open_case = ("Not decided here: non-constant peaks with sum (a_i - 1/2)^2 < infinity, where the split weights "
                 "differ from the length weights by a square-summable amount and, by Kakutani's dichotomy, -dF' can be "
                 "equivalent to length (F' absolutely continuous), so whether F'' exists everywhere needs more than this check.")
    if wrong_c2 or wrong_not:
        return refuted(
            f"{summary}. F' is singular (F not twice differentiable) exactly when the two splits differ; "
            f"claimed twice differentiable but singular: {[str(a) for a in wrong_c2]}; claimed not twice differentiable "
            f"but F' affine: {[str(a) for a in wrong_not]}. {open_case}",
            counterexample=[str(a) for a in wrong_c2 + wrong_not],
            correction=Correction("for constant a_i = a, F is twice differentiable iff a = 1/2",
                                  {"not_twice_differentiable": sorted(singular),
                                   "twice_differentiable": sorted(set(found) - singular), "scope": "constant"}))
    decided = (
        f"{summary} (the same in every interval of levels 0..{_A8_LEVELS}). For a != 1/2, -dF' splits every valley-peak "
        "interval in fixed proportions other than its length's, so -dF' is singular to length: F' is a continuous "
        "strictly decreasing singular function and F is not twice differentiable; for a = 1/2, F' is affine "
        f"(F = 4 s_0 x(1 - x), see 000/appendix-a.6-half).")
    if data.get("scope", "constant") == "all":
        return inconclusive(f"The theorem is stated for every peak sequence; its constant case holds: {decided} {open_case}")
    return verified(f"{decided} {open_case}")


THEOREM_A8_CONCLUSION = sheet.claim("000/theorem-a.8-conclusion", data={**_A8_DATA, "scope": "all"},
                                    perturb=_a8_perturb)(check_theorem_a8_conclusion)
sheet.claim("000/theorem-a.8-conclusion-constant-peaks", data={**_A8_DATA, "scope": "constant"}, perturb=_a8_perturb)(
    check_theorem_a8_conclusion)
