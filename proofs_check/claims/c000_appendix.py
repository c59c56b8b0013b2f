"""Claims of 000's appendix A.3-A.7 not covered elsewhere (Lemmas A.1, A.3, the A.4 remarks, the A.7 sketch).

Every check works on exact rationals: waves come from `symrelu.wave` (a
`PiecewiseLinear` with ``Fraction`` knots), bends from `symrelu.bend_sets`,
scales from `symrelu.law_scales`, one-sided derivatives of the limit from
`symrelu.exact_limit_derivative`.  The truncations ``f_K = Σ_{n<K} s_n W_n``
are sums of those waves, so one-sided slopes are exact.  Random peaks come
from fixed seeds; "adversarial" peaks sit on the margin (every ``a_j = c`` or
``1 - c``), where the bounds of A.4 are attained.
"""

from __future__ import annotations

import functools
import random
from fractions import Fraction

import sympy

from proofs_check.claim import Correction, Reading, from_readings, inconclusive, refuted, verified
from proofs_check.registry import claim_sheet
from symrelu import PeakSequence, bend_sets, exact_limit_derivative, law_scales, triangle_function, wave
from symrelu.pwl import PiecewiseLinear

__all__: list[str] = []

sheet = claim_sheet(__file__)
MARGINS = (Fraction(1, 10), Fraction(1, 4), Fraction(2, 5))


def _peaks(seed: int, n: int, c: Fraction = Fraction(1, 10), den: int = 97) -> list[Fraction]:
    """``n`` reproducible rationals in ``[c, 1 - c]``."""
    rng = random.Random(seed)
    lo, hi = int(c * den) + 1, den - int(c * den) - 1
    return [Fraction(rng.randint(lo, hi), den) for _ in range(n)]


def _sides(f: PiecewiseLinear, x):
    """(left slope, right slope) of ``f`` at ``x``; at an end of [0, 1] the inner one twice."""
    if x == 0:
        r = f.derivative(x, side="right")
        return r, r
    if x == 1:
        left = f.derivative(x, side="left")
        return left, left
    return f.derivative(x, side="left"), f.derivative(x, side="right")


@functools.lru_cache(maxsize=64)
def _waves(peaks: tuple, upto: int) -> tuple:
    return tuple(wave(list(peaks), n) for n in range(upto + 1))


def _truncation(peaks, scales, lo: int, hi: int) -> PiecewiseLinear:
    """``Σ_{n=lo}^{hi-1} s_n W_n`` on [0, 1] (the zero function when empty)."""
    total = PiecewiseLinear([0, 1], [Fraction(0), Fraction(0)])
    ws = _waves(tuple(peaks), max(hi - 1, 0))
    for n in range(lo, hi):
        total = total + ws[n] * scales[n]
    return total


def _margin_cases(depth: int):
    """(c, peaks) pairs: random peaks in [c, 1-c] and the adversarial ones on the margin."""
    for c in MARGINS:
        yield c, _peaks(int(c * 1000), depth + 2, c)
        yield c, [c] * (depth + 1) + [1 - c]
        yield c, [1 - c] * (depth + 2)


# --------------------------------------------------------------------------
# Lemma A.1 (and 001's "f_i is differentiable at x because it excludes layer i")
# --------------------------------------------------------------------------
LEMMA_A1 = {"last_layer_in_f": -1}  # f_i sums W_0 .. W_{i-1}: the last layer is i + (-1)


def check_lemma_a1(data):
    """``data['last_layer_in_f']``: f_i's last wave relative to i; f_i must be differentiable at every x in P_i."""
    off = data["last_layer_in_f"]
    checked = 0
    for seed in range(2):
        peaks = _peaks(seed, 7)
        scales = law_scales(peaks) if seed % 2 == 0 else [Fraction(1, 3**n) for n in range(6)]
        for i in range(1, 5):
            f_i = _truncation(peaks, scales, 0, i + off + 1)
            fulls = {K: _truncation(peaks, scales, 0, K) for K in (i + 2,)}
            errs = {K: _truncation(peaks, scales, i + off + 1, K) for K in (i + 2,)}
            for x in bend_sets(peaks, i).peaks:
                left, right = _sides(f_i, x)
                if left != right:
                    return refuted(
                        f"peaks {[str(p) for p in peaks[:i + 1]]}: the sum of W_0..W_{i + off} has a bend at x = {x} in "
                        f"P_{i} (slopes {left}, {right}): it is not differentiable there",
                        counterexample={"i": i, "x": x, "slopes": (left, right)},
                        correction=Correction("f_i = Σ_{n<i} s_n W_n is differentiable on P_i", LEMMA_A1))
                # E_i's truncations carry the whole one-sided difference: F'± - f_i' = E'±.
                for K in fulls:
                    full, err = _sides(fulls[K], x), _sides(errs[K], x)
                    if any(fu - left != e for fu, e in zip(full, err)):
                        return inconclusive(f"one-sided slopes do not split as f_i' + E_i' at x = {x}, K = {K}")
                checked += 1
    return verified(
        f"at {checked} points of P_i (i = 1..4, 2 peak sequences, law and 3^-n scales) f_i has equal one-sided slopes, "
        "P_i meets no bend of W_0..W_{i-1}, and the one-sided slopes of every truncation f_K (K > i) are f_i' plus those "
        "of E_i's truncation, so F' exists at x iff E_i' does")


LEMMA_A1_CLAIM = sheet.claim(
    "000/lemma-a.1",
    data=LEMMA_A1,
    perturb=lambda data: {"last_layer_in_f": data["last_layer_in_f"] + 1},
)(check_lemma_a1)


def check_lemma_a4_proof(data):
    """``data['count']``: the number of terms of Σ_{j=0}^{i-1} s_j W_j said to be differentiable on P_i (in i)."""
    i = sympy.Symbol("i", integer=True, positive=True)
    count = sympy.sympify(data["count"])
    base = check_lemma_a1(LEMMA_A1)
    if base.verdict != "verified":
        return base
    terms = sympy.summation(1, (sympy.Symbol("j"), 0, i - 1))  # Σ_{j=0}^{i-1} has this many terms
    fix = Correction("all i terms of Σ_{j=0}^{i-1} s_j W_j are differentiable at P_i", {"count": terms})
    extra = sympy.simplify(count - terms)
    literal = (verified(f"the first {count} of the {terms} terms are among those differentiable on P_i")
               if extra.is_nonpositive else
               refuted(f"the sum has only {terms} terms, not {count}", counterexample={"terms": terms}, correction=fix))
    whole = (verified(f"all {terms} terms of the sum are differentiable on P_i") if extra == 0 else
             refuted(f"the sum Σ_(j=0)^(i-1) has {terms} terms, all differentiable on P_i; 'the first {count} terms' "
                     "leaves out W_(i-1), which the next sentence ('F'(x) ... can be calculated using the finite sum') "
                     "needs too", counterexample={"terms": terms}, correction=fix))
    return from_readings([
        Reading.of("literal", "the terms j = 0..i-2 (a part of the sum) are differentiable", literal),
        Reading.of("all-terms", "'the first i - 1 terms' are the terms of the sum, all of them", whole,
                   fixed_by="the proof's next sentence: F'(x) 'can be calculated using the finite sum'"),
    ], detail=base.detail)


sheet.claim(
    "000/lemma-a.4-proof",
    data={"count": sympy.Symbol("i", integer=True, positive=True) - 1},
    perturb=lambda data: {"count": sympy.sympify(data["count"]) + 2},
)(check_lemma_a4_proof)


# --------------------------------------------------------------------------
# Lemma A.3 (and 001 Lemma 3.2): equal one-sided derivatives force E' = 0
# --------------------------------------------------------------------------
def _proportional(peaks, scales, i, K):
    """At each x in P_i: (R_x, L_x, right/R_x, left/L_x) for E_i's truncation up to K (exclusive)."""
    w = _waves(tuple(peaks), i)[i]
    e = _truncation(peaks, scales, i, K)
    out = []
    for x in bend_sets(peaks, i).peaks:
        L, R = _sides(w, x)
        el, er = _sides(e, x)
        out.append((x, R, L, er / R, el / L))
    return out


def check_lemma_a3(data):
    """``data = {'value': v, 'domain': 'P_i' | 'anywhere'}``: when E_i'± agree, E_i' = v (at x in the domain)."""
    value = Fraction(data["value"])
    # The proof's structure, with arbitrary positive scales: E'± = R_x S, L_x S (one S), R_x L_x < 0.
    for seed in range(3):
        peaks = _peaks(20 + seed, 10)
        scales = [Fraction(random.Random(seed).randint(1, 9), 10 * 3**n) for n in range(9)]
        for i in range(0, 4):
            for K in (i + 1, i + 2, i + 5):
                for x, R, L, sr, sl in _proportional(peaks, scales, i, K):
                    if sr != sl or R * L >= 0:
                        return inconclusive(f"at x = {x} in P_{i}: E'± / (R_x, L_x) = {sr}, {sl}, R_x L_x = {R * L}")
    structure = ("E_i's truncations have one-sided slopes R_x S_K and L_x S_K with one S_K and R_x L_x < 0 "
                 "(exact, 3 peak sequences, arbitrary positive scales, i <= 3), so R_x S = L_x S forces S = 0")

    def on_pi():
        if value == 0:
            return verified(f"{structure}; equal one-sided limits are then R_x * 0 = 0 = the printed value")
        return refuted(f"{structure}: the common value is 0, not {value}", counterexample=0,
                       correction=Correction("E'(x) = 0 at x in P_i", {"value": 0, "domain": "P_i"}))

    def anywhere():
        # x in P_j for j > i: E_i'(x) = F'(x) - f_i'(x) = f_j'(x) - f_i'(x) (Lemma A.4), finite and exact.
        peaks = PeakSequence(_peaks(30, 4), [Fraction(2, 5)])
        prefix = [peaks[n] for n in range(8)]
        scales = law_scales(prefix)
        i, j = 0, 2
        for x in bend_sets(prefix, j).peaks:
            if x in bend_sets(prefix, j - 1).bends:
                continue
            g = exact_limit_derivative(x, peaks)  # (x + F)'(x), two-sided by Lemma A.4
            fi = _sides(_truncation(prefix, scales, 0, i), x)[0]
            e = g - 1 - fi
            if e != value:
                return refuted(
                    f"at x = {x} in P_{j} (not a bend of W_{i}..W_{j - 1}) E_{i}'(x) exists (F' does, Lemma A.4) and is "
                    f"{e}, not {value}: the lemma needs x in P_i",
                    counterexample={"x": x, "i": i, "E_i'": e},
                    correction=Correction("for x in P_i: if E_i'± agree, E_i'(x) = 0", {"value": 0, "domain": "P_i"}))
        return verified(f"E_{i}' = {value} at every point of P_{j} tried")

    domain = data.get("domain", "P_i")
    readings = [
        Reading.of("x-in-p-i", "x is a point of P_i and E = E_i", on_pi(),
                   fixed_by="the proof: 'R_x S = L_x S for all x in P_i'"),
        Reading.of("x-anywhere", "x anywhere in [0, 1] (the lemma names no domain)",
                   anywhere() if domain == "anywhere" else on_pi()),
    ]
    return from_readings(readings, detail=f"E'± at P_i against the value {value}.")


LEMMA_A3_CLAIM = sheet.claim(
    "000/lemma-a.3",
    data={"value": 0, "domain": "anywhere"},
    perturb=lambda data: {**data, "value": Fraction(1, 2)},
)(check_lemma_a3)


# --------------------------------------------------------------------------
# Lemma A.2's proof: the printed W'_{i+1}(x_k)
# --------------------------------------------------------------------------
_R, _s, _a = sympy.symbols("R_x s_ip1 a_ip1")


def check_lemma_a2_slope(data):
    """``data``: SymPy in R_x, s_ip1, a_ip1 for the right slope W'_{i+1}(x_k) at a peak x_k of W_i."""
    expr = sympy.sympify(data)
    for seed in range(3):
        peaks = _peaks(40 + seed, 6)
        scales = law_scales(peaks)
        ws = _waves(tuple(peaks), 4)
        for i in range(3):
            for x in bend_sets(peaks, i).peaks:
                R = ws[i].derivative(x, side="right")
                got = ws[i + 1].derivative(x, side="right")
                claimed = expr.subs({_R: sympy.Rational(R.numerator, R.denominator),
                                     _s: sympy.Rational(scales[i + 1].numerator, scales[i + 1].denominator),
                                     _a: sympy.Rational(peaks[i + 1].numerator, peaks[i + 1].denominator)})
                claimed = sympy.Rational(claimed)
                if Fraction(int(claimed.p), int(claimed.q)) != got:
                    return refuted(
                        f"at the peak x = {x} of W_{i} (peaks {[str(p) for p in peaks[:i + 2]]}): W'_(i+1)(x+) = {got} "
                        f"= -R_x/(1 - a_(i+1)), the printed formula gives {claimed}; s_(i+1) belongs to the term "
                        f"s_(i+1) W'_(i+1) of E', not to W'_(i+1)",
                        counterexample={"x": x, "exact": got, "printed": claimed},
                        correction=Correction(r"$W'_{i+1}(x_k) = -R_x/(1-a_{i+1})$", -_R / (1 - _a)))
    return verified("W'_(i+1) right of each peak of W_i equals the formula (exact, 3 sequences, i <= 2)")


sheet.claim(
    "000/lemma-a.2-proof-slope",
    data=-_R * _s / (1 - _a),
    perturb=lambda data: sympy.sympify(data) * (1 - _a) / _a,
)(check_lemma_a2_slope)


# --------------------------------------------------------------------------
# A.3 paragraph 5 (and 001 §3.1): each piece of W_{i-1} becomes a dilated, possibly reflected, T_i
# --------------------------------------------------------------------------
def check_dilated_copy(data):
    """``data = {'reflect_on_decreasing': bool}``: W_i on a piece [u, v] of W_{i-1} is T_i dilated onto it."""
    reflect = data["reflect_on_decreasing"]
    pieces = 0
    for seed in range(4):
        peaks = _peaks(50 + seed, 6)
        ws = _waves(tuple(peaks), 5)
        for i in range(1, 6):
            prev, cur, a = ws[i - 1], ws[i], peaks[i]
            knots = prev.knots.tolist()
            for u, v in zip(knots, knots[1:]):
                lo, hi = prev(u), prev(v)
                if {lo, hi} != {0, 1}:
                    return inconclusive(f"a piece [{u}, {v}] of W_{i - 1} does not run between 0 and 1")
                up = hi > lo
                top = u + a * (v - u) if (up or not reflect) else v - a * (v - u)
                copy = PiecewiseLinear([u, top, v], [Fraction(0), Fraction(1), Fraction(0)])
                if cur.restrict(u, v) != copy:
                    return refuted(
                        f"peaks {[str(p) for p in peaks[:i + 1]]}: on the {'increasing' if up else 'decreasing'} piece "
                        f"[{u}, {v}] of W_{i - 1}, W_{i} peaks at {cur.restrict(u, v).knots.tolist()[1]}, not at {top}"
                        f"{'' if reflect else ' (the copy is reflected there)'}",
                        counterexample={"piece": (u, v), "i": i},
                        correction=Correction("each piece of W_{i-1} carries a copy of T_i dilated onto it, reflected on "
                                              "decreasing pieces", {"reflect_on_decreasing": True}))
                pieces += 1
    return verified(f"on all {pieces} pieces of W_0..W_4 (4 random sequences) W_i is T_i dilated onto the piece, "
                    "reflected exactly where W_(i-1) decreases")


DILATED_COPY_CLAIM = sheet.claim(
    "000/appendix-a.3-dilated-copy",
    data={"reflect_on_decreasing": True},
    perturb=lambda data: {"reflect_on_decreasing": not data["reflect_on_decreasing"]},
)(check_dilated_copy)


# --------------------------------------------------------------------------
# A.3 paragraph 2: uniform convergence of Σ s_i W_i' and one-sided derivatives
# --------------------------------------------------------------------------
c_, i_ = sympy.symbols("c i", positive=True)
A4_MAJORANT = (1 - c_) ** (i_ + 2) / c_


def _max_scaled_slope(peaks, i):
    s = law_scales(peaks)[i]
    return max(abs(v) for v in _waves(tuple(peaks), i)[i].slopes.tolist()) * s


def _majorant_ok(bound, depth=7):
    """Is s_i max|W_i'| <= bound(c, i) for law scales, peaks in [c, 1-c], i <= depth?  (ok, detail)"""
    worst = None
    for c, peaks in _margin_cases(depth):
        for i in range(depth + 1):
            got = _max_scaled_slope(peaks, i)
            b = bound.subs({c_: sympy.Rational(c.numerator, c.denominator), i_: i})
            if sympy.Rational(got.numerator, got.denominator) > b:
                return False, f"c = {c}, peaks {[str(p) for p in peaks[:i + 2]]}, i = {i}: s_i max|W_i'| = {got} > {b}"
            if worst is None or got / Fraction(str(b)) > worst[0]:
                worst = (got / Fraction(str(b)), c, i)
    return True, (f"s_i max|W_i'| <= {bound} for i <= {depth}, c in {[str(c) for c in MARGINS]} (random and margin "
                  f"peaks; largest ratio to the bound {worst[0]} at c = {worst[1]}, i = {worst[2]})")


def _summable(bound) -> bool:
    return bool(sympy.limit(bound.subs(i_, i_ + 1) / bound, i_, sympy.oo).subs(c_, sympy.Rational(1, 10)) < 1)


def check_uniform_convergence(data):
    """``data = {'majorant': M(c, i), 'scope': 'margin' | 'any-peaks'}``: s_i |W_i'| <= M, M summable."""
    bound = sympy.sympify(data["majorant"])
    ok, detail = _majorant_ok(bound)
    margin = (verified(f"{detail}; Σ_i of it converges (ratio 1 - c), so the M-test gives uniform convergence of "
                       "Σ s_i W_i' off the bends") if ok and _summable(bound) else
              refuted(detail if not ok else f"{bound} is not summable in i", counterexample=detail,
                      correction=Correction("s_i max|W_i'| <= (1-c)^(i+2)/c for peaks in [c, 1-c]",
                                            {"majorant": A4_MAJORANT, "scope": "margin"})))
    if data.get("scope") == "margin":
        anyp = margin
    else:
        # Peaks a_j = (j+1)/(j+2) -> 1: the pieces where every T_j takes its falling branch keep the factors a_j.
        peaks = [Fraction(j + 1, j + 2) for j in range(14)]
        terms = [_max_scaled_slope(peaks, i) for i in range(11)]
        scaled = [t * (i + 2) for i, t in enumerate(terms)]
        if scaled[-1] >= scaled[-2] >= scaled[-3] > 0:
            anyp = inconclusive(
                f"peaks (j+1)/(j+2) -> 1 (no margin): (i+2) s_i max|W_i'| = {[str(v) for v in scaled[-3:]]} for "
                f"i = 8..10, not decreasing, so the terms decay no faster than 1/i and their sum diverges: the M-test "
                "gives nothing, and uniform convergence is neither shown nor refuted")
        else:
            anyp = inconclusive(f"peaks (j+1)/(j+2): (i+2) s_i max|W_i'| = {[str(v) for v in scaled]}; no majorant "
                                "without a margin is known here")
    return from_readings([
        Reading.of("margin", "peaks in [c, 1 - c] for some c > 0", margin,
                   fixed_by="§A.4: 'If we ensure each a_i is bounded away from 0 or 1 ... sufficient for uniform convergence'"),
        Reading.of("any-peaks", "peaks anywhere in (0, 1)", anyp),
    ], detail="Law scales (eq. 3.1), add variant.")


def check_one_sided(data):
    """``data = {'majorant': M(c, i), 'scales': 'law' | 'any'}``: one-sided slopes of f_K converge at every x."""
    bound = sympy.sympify(data["majorant"])
    ok, detail = _majorant_ok(bound)
    # Cauchy: the K-th increment of any one-sided slope of f_K is s_K W_K'(x±), at most the majorant.
    law = (verified(f"each one-sided slope of f_(K+1) differs from f_K's by s_K W_K'(x±), bounded by {bound}; "
                    f"{detail}; a summable majorant makes them Cauchy, so F'± exist at every x")
           if ok and _summable(bound) else
           refuted(detail, counterexample=detail,
                   correction=Correction("with law scales and peaks in [c, 1-c], F'± exist everywhere",
                                         {"majorant": A4_MAJORANT, "scales": "law"})))
    if data.get("scales") == "law":
        anys = law
    else:
        # a_j = 1/2, s_n = 2^-(n+1): F = Σ s_n W_n converges uniformly, but every W_n has slope 2^(n+1) right of 0.
        peaks = [Fraction(1, 2)] * 12
        scales = [Fraction(1, 2 ** (n + 1)) for n in range(12)]
        slopes = [_truncation(peaks, scales, 0, K).derivative(0, side="right") for K in range(1, 9)]
        anys = refuted(
            f"peaks 1/2, scales 2^-(n+1) (F still continuous, Σ s_n < ∞): the right slopes of f_K at 0 are "
            f"{[str(v) for v in slopes]}, growing without bound, so F'_+(0) = +∞: one-sided slopes of each W_i do not "
            "make F'± exist",
            counterexample={"x": 0, "right slopes": slopes},
            correction=Correction("with law scales and peaks in [c, 1-c], F'± exist everywhere",
                                  {"majorant": A4_MAJORANT, "scales": "law"}))
    return from_readings([
        Reading.of("law-scales", "scales of eq. 3.1, peaks in [c, 1 - c] (the choice the section arrives at)", law),
        Reading.of("any-scales", "before the scales are chosen ('already exist everywhere')", anys),
    ], detail="One-sided derivatives of F = Σ s_n W_n.")


# Both statements rest on the majorant; a smaller one (by a factor 1 - c) is false at the margin peaks.
sheet.table(
    [dict(id="000/appendix-a.3-assumption", data={"majorant": A4_MAJORANT, "scope": "any-peaks"},
          check=check_uniform_convergence),
     dict(id="000/appendix-a.3-one-sided", data={"majorant": A4_MAJORANT, "scales": "any"}, check=check_one_sided)],
    perturb=lambda data: {**data, "majorant": sympy.sympify(data["majorant"]) * (1 - c_)},
)


# --------------------------------------------------------------------------
# A.4 paragraph 1: the factors of s_i; freezing; cancellation
# --------------------------------------------------------------------------
_A = sympy.symbols("a0:12")


def _has_factors(expr, k) -> bool:
    """Is ``expr`` (a product) divisible by both a_k and 1 - a_k?  (Bases of its factors, no expansion.)"""
    bases = {sympy.Pow(f, 1).as_base_exp()[0] for f in sympy.Mul.make_args(expr)}
    return _A[k] in bases and (1 - _A[k]) in bases


def _first_index(s0) -> int:
    """The least i0 such that s_i (eq. 7 from s_0) contains a_i and 1 - a_i for every i in i0..9."""
    scales = [s0]
    for n in range(1, 10):
        scales.append(scales[-1] * (1 - _A[n]) * _A[n + 1])
    good = [_has_factors(scales[n], n) for n in range(10)]
    return max((n + 1 for n in range(10) if not good[n]), default=0)


S0_SECTION_4_1 = ((1 - _A[0]) * _A[1], _A[0] * _A[1])  # §4.1: added and subtracted waves


def check_a4_factors(data):
    """``data = {'s0': first scales, 'from': i0}``: 'both a_i and 1 - a_i are factors of s_i', for i >= i0 (printed:
    no range, read as every i or as the indices from 1 on)."""
    first = max(_first_index(s) for s in data["s0"])
    free = _first_index(sympy.Symbol("s_0", positive=True))

    def outcome(start):
        if start >= first:
            return verified(f"s_i has both factors for every i >= {start} (checked to i = 9)")
        return refuted(f"s_{start} lacks a_{start} or 1 - a_{start}: both are present from i = {first} on",
                       counterexample={"i": start},
                       correction=Correction(f"s_i contains a_i and 1 - a_i for i >= {first}", {**data, "from": first}))

    start = data.get("from", 0)
    return from_readings([
        Reading.of("every-index", "every i >= 0", outcome(start)),
        Reading.of("from-index-1", "every i >= 1 (the indices the implications use)", outcome(max(start, 1))),
    ], detail=f"eq. 7 from §4.1's first scales, s_i = s_0 Π_(j=1..i)(1 - a_j) Π_(k=2..i+1) a_k, factors read off (with "
              f"a free s_0 both factors are present from i = {free} on).")


sheet.claim(
    "000/appendix-a.4-factors",
    data={"s0": S0_SECTION_4_1},
    perturb=lambda data: {**data, "s0": (sympy.Integer(1),)},
)(check_a4_factors)


def check_a4_freezing(data):
    """``data = {1: k1, 0: k0}``: with a_i = 1 (resp. 0), every s_n with n >= i + k is 0."""
    i = 4
    problems = []
    for value, start in data.items():
        peaks = list(_A[:11])
        scales = law_scales(peaks)  # symbolic; then put a_i at the edge
        vals = [sympy.simplify(s.subs(_A[i], value)) for s in scales]
        zero_from = min(n for n in range(len(vals)) if all(v == 0 for v in vals[n:]))
        if i + start < zero_from:
            problems.append((value, start, zero_from))
    try:
        triangle_function(Fraction(1))
        undefined = False
    except ValueError:
        undefined = True
    if problems:
        value, start, zero_from = problems[0]
        return refuted(f"a_{i} = {value}: the scales vanish from s_{zero_from} on, not from s_{i + start}",
                       counterexample=problems,
                       correction=Correction("a_i = 1 zeroes s_n for n >= i, a_i = 0 for n >= i - 1",
                                             {1: 0, 0: -1}))
    return verified(f"with a_{i} = 1 every s_n, n >= {i}, is 0 (s_{i} has the factor 1 - a_{i}); with a_{i} = 0 already "
                    f"from s_{i - 1} (factor a_{i}), so all subsequent scales vanish and the sum stops at a finite depth; "
                    f"T_i itself is {'undefined (symrelu refuses the peak)' if undefined else 'defined'} at a_i = 1")


sheet.claim(
    "000/appendix-a.4-freezing",
    data={1: 0, 0: 0},
    perturb=lambda data: {k: v - 2 for k, v in data.items()},
)(check_a4_freezing)


def check_a4_cancel(data):
    """``data = {'up': f(a), 'down': f(a)}``: the factor of s_i |W_i'| layer j leaves when its slope is 1/a_j / -1/(1-a_j)."""
    sym = sympy.Symbol("a")
    up, down = (sympy.Lambda(sym, sympy.sympify(data[k])) for k in ("up", "down"))
    count = 0
    for seed in range(3):
        peaks = _peaks(60 + seed, 8)
        scales = law_scales(peaks)
        ws = _waves(tuple(peaks), 5)
        for i in range(1, 6):
            knots = ws[i].knots.tolist()
            for u, v in zip(knots, knots[1:]):
                mid = (u + v) / 2
                # branch of each T_j at this piece: W_{j-1}(mid) < a_j takes slope 1/a_j
                prod = (1 - peaks[0]) / peaks[0] if mid < peaks[0] else Fraction(1)
                for j in range(1, i + 1):
                    branch_up = ws[j - 1](mid) < peaks[j]
                    f = up if branch_up else down
                    prod *= Fraction(str(f(sympy.Rational(peaks[j].numerator, peaks[j].denominator))))
                prod *= peaks[i + 1]
                got = abs(ws[i].derivative(mid)) * scales[i]
                if got != prod:
                    return refuted(
                        f"peaks {[str(p) for p in peaks[:i + 2]]}, piece [{u}, {v}] of W_{i}: s_i|W_i'| = {got}, the "
                        f"claimed leftover factors give {prod}",
                        counterexample={"i": i, "piece": (u, v)},
                        correction=Correction("a slope 1/a_j leaves 1 - a_j, a slope -1/(1-a_j) leaves a_j",
                                              {"up": 1 - sympy.Symbol("a"), "down": sympy.Symbol("a")}))
                count += 1
    return verified(f"on all {count} pieces of W_1..W_5 (3 sequences) s_i|W_i'| = [(1-a_0)/a_0 or 1] · Π_j (leftover "
                    "factor of T_j) · a_(i+1): every T_j (j >= 1) leaves the other factor, which is < 1")


sheet.claim(
    "000/appendix-a.4-cancel",
    data={"up": 1 - sympy.Symbol("a"), "down": sympy.Symbol("a")},
    perturb=lambda data: {"up": data["down"], "down": data["up"]},
)(check_a4_cancel)


def check_a4_dense(data):
    """``data = G(c, i)``: every gap between consecutive points of B_i is at most G."""
    bound = sympy.sympify(data)
    worst = Fraction(0)
    for c, peaks in _margin_cases(8):
        for i in range(9):
            pts = bend_sets(peaks, i).bends
            gap = max(v - u for u, v in zip(pts, pts[1:]))
            b = bound.subs({c_: sympy.Rational(c.numerator, c.denominator), i_: i})
            if sympy.Rational(gap.numerator, gap.denominator) > b:
                return refuted(f"c = {c}, peaks {[str(p) for p in peaks[:i + 1]]}, i = {i}: a gap of B_i is {gap} > {b}",
                               counterexample={"c": c, "i": i, "gap": gap},
                               correction=Correction("gaps of B_i are at most (1-c)^(i+1)", (1 - c_) ** (i_ + 1)))
            if i:
                prev = bend_sets(peaks, i - 1).bends
                for u, v in zip(prev, prev[1:]):
                    inner = [p for p in pts if u < p < v]
                    t = (inner[0] - u) / (v - u) if len(inner) == 1 else None
                    if t not in (peaks[i], 1 - peaks[i]):
                        return inconclusive(f"[{u}, {v}] of B_{i - 1} is not split once in ratio a_{i} : 1 - a_{i}")
            worst = max(worst, gap / Fraction(str(b)))
    return verified(f"each interval of B_(i-1) is split once, in ratio a_i : 1 - a_i (or reversed), so gaps shrink by at "
                    f"most 1 - c per layer: max gap <= {bound} for i <= 8, c in {[str(c) for c in MARGINS]} (attained "
                    f"with every peak on the margin: largest ratio {worst}); the bends become dense")


sheet.claim(
    "000/appendix-a.4-dense",
    data=(1 - c_) ** (i_ + 1),
    perturb=lambda data: sympy.sympify(data) * (1 - c_),
)(check_a4_dense)


# --------------------------------------------------------------------------
# Lemma A.7's proof: which slope is called R and which L
# --------------------------------------------------------------------------
def check_a7_lr(data):
    """``data = {'R': 'left' | 'right'}``: R names the magnitude of W_i' on that side; l_1 = x - (1-a)/L, r_1 = x + (1-a)/R."""
    from symrelu.scaling import neighbour_gaps
    r_side = data["R"]
    for seed in range(3):
        peaks = _peaks(70 + seed, 7)
        ws = _waves(tuple(peaks), 3)
        for i in range(3):
            for x, gaps in neighbour_gaps(peaks, i, 1):
                left_mag, right_mag = abs(ws[i].derivative(x, side="left")), abs(ws[i].derivative(x, side="right"))
                R, L = (left_mag, right_mag) if r_side == "left" else (right_mag, left_mag)
                dl, dr = gaps[0]
                if dl != (1 - peaks[i + 1]) / L or dr != (1 - peaks[i + 1]) / R:
                    return refuted(
                        f"peak x = {x} of W_{i} (peaks {[str(p) for p in peaks[:i + 2]]}): x - l_1 = {dl}, r_1 - x = {dr}; "
                        f"with R the {r_side} slope magnitude the formulas give {(1 - peaks[i + 1]) / L}, "
                        f"{(1 - peaks[i + 1]) / R}",
                        counterexample={"x": x, "i": i},
                        correction=Correction("R and L are the magnitudes of W_i' on the right and on the left of x",
                                              {"R": "right"}))
    return verified(f"with R the {r_side} slope magnitude, l_1 and r_1 match the exact neighbours in B_(i+1) "
                    "(3 sequences, i <= 2)")


sheet.claim(
    "000/lemma-a.7-proof-lr",
    data={"R": "left"},
    perturb=lambda data: {"R": "left" if data["R"] == "right" else "right"},
)(check_a7_lr)


# --------------------------------------------------------------------------
# Figure 12: a_0 != 1/2, the rest 1/2: the quotients lie on two lines with different slopes
# --------------------------------------------------------------------------
def check_figure_12(data):
    """``data = {'a0': a_0, 'different': bool}``: left and right quotient series at x = a_0 are constant and differ."""
    from symrelu.scaling import neighbour_gaps
    a0 = Fraction(data["a0"])
    seq = PeakSequence([a0], [Fraction(1, 2)])
    prefix = [seq[n] for n in range(10)]
    x = a0
    g = exact_limit_derivative(x, seq)
    quotients = {"left": [], "right": []}
    for n, (dl, dr) in enumerate(neighbour_gaps(prefix, 0, 6)[0][1], start=1):
        quotients["right"].append((exact_limit_derivative(x + dr, seq) - g) / dr)
        quotients["left"].append((g - exact_limit_derivative(x - dl, seq)) / dl)
    const = all(len(set(q)) == 1 for q in quotients.values())
    if not const:
        return inconclusive(f"the quotient series are not constant in n: {quotients}")
    differ = quotients["left"][0] != quotients["right"][0]
    detail = (f"a_0 = {a0}, later peaks 1/2, law scales, x = a_0: ΔF'/Δx along r_n is {quotients['right'][0]} and along "
              f"l_n {quotients['left'][0]} for n = 1..6 (two lines through (x, F'(x)))")
    if differ == data["different"]:
        return verified(detail + (", with different slopes" if differ else ", with the same slope"))
    return refuted(detail, counterexample=quotients,
                   correction=Correction(f"a_0 = {a0}: the two lines have {'different' if differ else 'equal'} slopes",
                                         {"a0": a0, "different": differ}))


sheet.claim(
    "000/figure-12",
    data={"a0": Fraction(1, 3), "different": True},
    perturb=lambda data: {**data, "a0": Fraction(1, 2)},
)(check_figure_12)


# --------------------------------------------------------------------------
# §A.7, last paragraph: the sketch of why F' is continuous
# --------------------------------------------------------------------------
n_ = sympy.Symbol("n", integer=True, nonnegative=True)
A7_SERIES = (1 - c_) ** n_


def check_a7_continuity(data):
    """``data``: M(c, n), the sketch's series: sup_x |f_K' - f_i'| <= Σ_{n=i}^{K-1} M(c, n) (law scales, [c, 1-c])."""
    series = sympy.sympify(data)
    depth = 5
    worst, osc_rows = Fraction(0), []
    for c, peaks in _margin_cases(depth + 5):
        scales = law_scales(peaks)
        cq = sympy.Rational(c.numerator, c.denominator)
        prev_osc = None
        first_osc = None
        for i in range(0, 4):
            K = i + depth
            move = _truncation(peaks, scales, i, K)  # f_K - f_i
            moved = max(abs(v) for v in move.slopes.tolist())
            budget = sum(series.subs({c_: cq, n_: n}) for n in range(i, K))
            if sympy.Rational(moved.numerator, moved.denominator) > budget:
                return refuted(
                    f"c = {c}, peaks {[str(p) for p in peaks[:3]]}..., i = {i}: the slopes of f_{K} move up to {moved} "
                    f"away from f_{i}'s, more than Σ_(n={i}..{K - 1}) {series} = {budget}",
                    counterexample={"c": c, "i": i, "moved": moved, "budget": budget},
                    correction=Correction("Σ_(n>=i) (1-c)^n bounds how far the slopes move beyond layer i", A7_SERIES))
            worst = max(worst, moved / Fraction(str(budget)))
            # oscillation of f_K' inside the intervals of B_i (where f_(i+1)' is constant)
            f = _truncation(peaks, scales, 0, K)
            pts = bend_sets(peaks, i).bends
            knots, slopes = f.knots.tolist(), f.slopes.tolist()
            osc = Fraction(0)
            for u, v in zip(pts, pts[1:]):
                inside = [sl for a, b, sl in zip(knots, knots[1:], slopes) if u <= a and b <= v]
                osc = max(osc, max(inside) - min(inside))
            if prev_osc is not None and osc > prev_osc:
                return inconclusive(f"c = {c}: the oscillation of f_{K}' on intervals of B_{i} grew to {osc}")
            prev_osc = osc
            first_osc = osc if first_osc is None else first_osc
        osc_rows.append(prev_osc / first_osc)
    return verified(
        f"law scales, c in {[str(c) for c in MARGINS]}, random and margin peaks, i = 0..3: the slopes of f_(i+{depth}) stay "
        f"within Σ_(n=i..i+{depth - 1}) {series} of f_i's (largest ratio {float(worst):.3f}), and their oscillation inside each "
        f"interval of B_i falls with i (osc at i = 3 over osc at i = 0: {float(min(osc_rows)):.3g} to {float(max(osc_rows)):.3g}), like "
        "the tail Σ_(n>i) s_n max|W_n'| <= (1-c)^(i+3)/c^2 bounding it, so F' is continuous; "
        "the sketch's 'f(x_1) within ε of f(x_2)' means F'")


sheet.claim(
    "000/appendix-a.7-continuity",
    data=A7_SERIES,
    perturb=lambda data: sympy.sympify(data) * (1 - c_) ** 3,
)(check_a7_continuity)


# --------------------------------------------------------------------------
# Lemma A.9's proof: the two invariants, and the printed Y'_i[n+1] = Y'_i[2n+2]
# --------------------------------------------------------------------------
def _y_list(seq: PeakSequence, i: int) -> list:
    """Y'_i: F' at the points of V_i (F = Σ s_n W_n, law scales added: (x + F)' - 1), exact by Lemma A.4."""
    prefix = [seq[n] for n in range(i + 2)]
    return [exact_limit_derivative(x, seq) - 1 for x in bend_sets(prefix, i).valleys]


def check_a9_invariants(data):
    """``data = {'end_offset': k}``: the proof's 'Y'_i[n+1] = Y'_(i+k)[2n+2]' (printed k = 0)."""
    k = data["end_offset"]
    cases, bad = 0, []
    for seed in range(2):
        seq = PeakSequence(_peaks(80 + seed, 3, Fraction(1, 5)), [Fraction(2, 5), Fraction(3, 5)])
        prefix = [seq[n] for n in range(10)]
        scales = law_scales(prefix)
        ys = [_y_list(seq, i) for i in range(6)]
        for i in range(5):
            y = ys[i]
            if any(b >= a for a, b in zip(y, y[1:])):
                return inconclusive(f"Y'_{i} is not descending: {y}")
            f_i = _truncation(prefix, scales, 0, i)
            v = bend_sets(prefix, i).valleys
            for n, (u, w) in enumerate(zip(v, v[1:])):
                slope = f_i.derivative((u + w) / 2)
                if not y[n] >= slope >= y[n + 1]:
                    return inconclusive(f"f_{i}' = {slope} on ({u}, {w}) is outside [{y[n + 1]}, {y[n]}]")
                # the splitting step: Y'_i[n] = Y'_(i+1)[2n], f_i' = Y'_(i+1)[2n+1], and the right end
                if ys[i + 1][2 * n] != y[n] or ys[i + 1][2 * n + 1] != slope:
                    return inconclusive(f"Y'_{i + 1}[{2 * n}], [{2 * n + 1}] do not match at i = {i}, n = {n}")
                other = ys[i + k] if i + k < len(ys) else None
                got = None if other is None or 2 * n + 2 >= len(other) else other[2 * n + 2]
                if got != y[n + 1]:
                    bad.append((got is None, i, n, y[n + 1], got))
                cases += 1
    if bad:
        _, i, n, want, got = min(bad)  # a mismatch between defined entries first
        return refuted(
            f"both invariants hold (Y'_i descending, f_i' between its neighbours; 2 sequences, i < 5), but the printed "
            f"identity fails in {len(bad)} of {cases} intervals, e.g. i = {i}, n = {n}: Y'_{i}[{n + 1}] = {want} while "
            f"Y'_{i + k}[{2 * n + 2}] = {'undefined (past the end)' if got is None else got}; the right end is Y'_(i+1)[2n+2]",
            counterexample={"i": i, "n": n},
            correction=Correction("Y'_i[n+1] = Y'_{i+1}[2n+2]", {"end_offset": 1}))
    return verified(f"exact F' at V_i (Lemma A.4) for 2 peak sequences, i = 0..4, {cases} intervals: Y'_i strictly "
                    "descending, f_i' between Y'_i[n+1] and Y'_i[n], Y'_i[n] = Y'_(i+1)[2n], f_i' = Y'_(i+1)[2n+1] and "
                    f"Y'_i[n+1] = Y'_(i+{k})[2n+2] (the printed 'f_(i+1)' is f'_(i+1))")


A9_INVARIANTS_CLAIM = sheet.claim(
    "000/lemma-a.9-proof-invariants",
    data={"end_offset": 0},
    perturb=lambda data: {"end_offset": data["end_offset"] + 1},
)(check_a9_invariants)
