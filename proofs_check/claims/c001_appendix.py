"""Claims of 001's appendix and §3.1 that differ from 000's (its Theorem A.1, the '= 0' in eq. 9's step, the two-sided
bounds, the valley scaling, the monotone closing, Theorem A.6's proof), and 001's restatements of 000's appendix claims.

001 is the earlier version of 000: its Theorem A.1 states continuity of F' where 000's Theorem A.5 states existence at
the bends, its Lemma 3.2 is 000's Lemma A.3, its Theorem A.3 is 000's Theorem A.8 (with slopes K/R, K/L for 000's
R_x, L_x).  Checks are exact (rational CPWL waves from `symrelu.wave`, scales from `symrelu.law_scales`) or symbolic.
"""

from __future__ import annotations

import functools
import random
from fractions import Fraction

import sympy

from proofs_check.claim import Correction, Reading, from_readings, inconclusive, refuted, verified
from proofs_check.claims import c000_appendix as A
from proofs_check.claims import c000_limit as LIM
from proofs_check.claims import c000_scaling as SC
from proofs_check.registry import claim_sheet
from symrelu import bend_sets, law_scales

__all__: list[str] = []

sheet = claim_sheet(__file__)

# --------------------------------------------------------------------------
# 001's restatements of 000's appendix claims (same check and data unless given)
# --------------------------------------------------------------------------
sheet.restate(A.LEMMA_A1_CLAIM, "001/section-3.1-finite-differentiable")
sheet.restate(A.LEMMA_A3_CLAIM, "001/lemma-3.2")
sheet.restate(A.DILATED_COPY_CLAIM, "001/section-3.1-dilated-copy")
# 001's version of the right-hand chain has no Y'_i[2n+2] slip: its last link is Y'_i[n+1] itself.
sheet.restate(A.A9_INVARIANTS_CLAIM, "001/lemma-a.5-proof", data={"end_offset": 1})
# Theorem A.3 is 000's Theorem A.8 with 001's slope magnitude K/R in place of 000's R_x: the same series.
sheet.restate(SC.check_theorem_a8, "001/theorem-a.3-proof")
for _id in ("001/theorem-a.3", "001/appendix-a.2-intro", "001/section-5-second-derivative"):
    sheet.restate(LIM.THEOREM_A8_CONCLUSION, _id)


# --------------------------------------------------------------------------
# Theorem A.1: F' continuous when c <= a_i <= 1 - c (with eq. 6's scales)
# --------------------------------------------------------------------------
_a1, _a2 = sympy.symbols("a_ip1 a_ip2", positive=True)
LAW_RATIO = (1 - _a1) * _a2  # s_{i+1}/s_i, eq. 6
CONSTANT_PEAKS = (Fraction(1, 3), Fraction(2, 5), Fraction(1, 2), Fraction(3, 5), Fraction(3, 4))


def _limit_jump(ratio, a: Fraction):
    """For constant peaks a and scales s_n = r^n (r = ratio(a, a)): lim S_K / s_i, and the partial S_K / s_i, K <= i+5."""
    r = sympy.Rational(ratio.subs({_a1: a, _a2: a}))
    aq = sympy.Rational(a.numerator, a.denominator)
    k = sympy.Symbol("k", integer=True, positive=True)
    if r / aq >= 1:
        return None, r
    tail = sympy.summation(r ** k * aq ** (-(k - 1)), (k, 2, sympy.oo))
    return 1 - (r + tail) / (1 - aq), r


def _jumps_ok(ratio, a: Fraction, r) -> bool:
    """The exact one-sided slopes at P_1 of the truncations match R_x S_K, L_x S_K with the partial formula."""
    peaks = [a] * 9
    scales = [Fraction(int(sympy.Rational(r).p), int(sympy.Rational(r).q)) ** n for n in range(8)]
    i = 1
    for K in range(i + 1, i + 6):
        partial = 1 - (sum((r ** kk * sympy.Rational(a.numerator, a.denominator) ** (-(kk - 1))
                            for kk in range(2, K - i)), sympy.Integer(0)) + (r if K - i >= 2 else 0)) / (1 - a)
        if K - i == 1:
            partial = sympy.Integer(1)
        for _, _, _, sr, sl in A._proportional(peaks, scales, i, K):
            want = Fraction(str(partial)) * scales[i]
            if sr != want or sl != want:
                return False
    return True


@functools.lru_cache(maxsize=8)
def _law_outcome(ratio):
    rows = []
    for a in CONSTANT_PEAKS:
        limit, r = _limit_jump(ratio, a)
        if limit is None:
            return refuted(f"a = {a}: the scale ratio {r} is not below a, the one-sided slopes at the peaks diverge",
                           counterexample={"a": a}, correction=Correction("with eq. 6's scales", {"ratio": LAW_RATIO}))
        if not _jumps_ok(ratio, a, r):
            return inconclusive(f"a = {a}: the exact truncations do not follow the partial jump formula")
        rows.append((a, limit))
        if limit != 0:
            return refuted(
                f"constant peaks a = {a}, scales (r)^n with r = {r}: at every peak of W_i, F' jumps by (R_x - L_x) s_i "
                f"times {limit} (the closed form of 1 - (r + Σ_k r^k a^(1-k))/(1 - a), matched exactly against the "
                "truncations' one-sided slopes): F' is not even defined there",
                counterexample={"a": a, "r": r, "jump factor": limit},
                correction=Correction("F' is continuous if c <= a_i <= 1-c and s_(i+1) = s_i (1-a_(i+1)) a_(i+2)",
                                      {"ratio": LAW_RATIO, "only_law": True}))
    # non-constant peaks: the law's jump at P_i after K waves is (R_x - L_x) s_i Π (1 - a_m) <= (1-c)^(K-i-1) -> 0
    for c, peaks in A._margin_cases(6):
        scales = law_scales(peaks)
        for i in range(3):
            for K in (i + 2, i + 5):
                prod = Fraction(1)
                for m in range(i + 2, K + 1):
                    prod *= 1 - peaks[m]
                for _, _, _, sr, sl in A._proportional(peaks, scales, i, K):
                    if sr != sl or sr != scales[i] * prod or prod > (1 - c) ** (K - i - 1):
                        return inconclusive(f"c = {c}, i = {i}, K = {K}: jump factor {sr / scales[i]} vs Π(1-a_m) = {prod}")
    cont = _continuity()
    if cont.verdict != "verified":
        return inconclusive("continuity off the bends: " + cont.detail)
    return verified(
        f"with eq. 6's ratio the jump of F' at P_i closes (constant peaks {[str(a) for a in CONSTANT_PEAKS]}: limit factor "
        f"0; random and margin peaks: the gap left by W_i..W_(K-1) is s_i Π_(m=i+2..K)(1 - a_m) <= (1-c)^(K-i-1)); "
        f"off the bends: {cont.detail}")


@functools.lru_cache(maxsize=1)
def _continuity():
    """000's A.7 check on its own series (statement-independent here: it only supplies continuity off the bends)."""
    return A.check_a7_continuity(A.A7_SERIES)


def check_theorem_a1(data):
    """``data = {'ratio': s_(i+1)/s_i in a_ip1, a_ip2, 'only_law': bool}``: F' continuous for peaks in [c, 1-c]."""
    law = _law_outcome(sympy.sympify(data["ratio"]))
    if data.get("only_law"):
        anyscales = law
    else:
        bad = _law_outcome(LAW_RATIO * sympy.Rational(11, 10))
        anyscales = (refuted("the theorem as printed names no scales; with s_(i+1) = 1.1 s_i (1-a_(i+1)) a_(i+2): "
                             + bad.detail, counterexample=bad.counterexample,
                             correction=Correction("with the scales of eq. 6", {"ratio": LAW_RATIO, "only_law": True}))
                     if bad.verdict == "refuted" else bad)
    return from_readings([
        Reading.of("eq-6-scales", "the scales of eq. 6 (s_(i+1) = s_i (1-a_(i+1)) a_(i+2))", law,
                   fixed_by="§A.1, the sentence before the theorem: 'our choice of scaling is sufficient'"),
        Reading.of("any-scales", "any scales (the theorem names none)", anyscales),
    ], detail="F' at the bends (jumps) and off them (oscillation).")


sheet.claim(
    "001/theorem-a.1",
    data={"ratio": LAW_RATIO, "only_law": False},
    perturb=lambda data: {**data, "ratio": sympy.sympify(data["ratio"]) * sympy.Rational(11, 10)},
)(check_theorem_a1)
sheet.claim(
    "001/appendix-a.1-intro",
    data={"ratio": LAW_RATIO, "only_law": True},
    perturb=lambda data: {**data, "ratio": sympy.sympify(data["ratio"]) * sympy.Rational(11, 10)},
)(check_theorem_a1)


# --------------------------------------------------------------------------
# Theorem A.1's proof: the induction step printed '= 0'; the two-sided bounds
# --------------------------------------------------------------------------
_a = sympy.IndexedBase("a")
_i, _j, _m = sympy.symbols("i j m", integer=True, nonnegative=True)
EQ9_STEP_TRUE = sympy.Product(1 - _a[_m], (_m, _i + 2, _j + 1))


def check_eq9_step(data):
    """``data``: SymPy in i, j (a[.] indexed) for the value of 1 - Σ_{n=i+2}^{j+1} a_n Π_{m=i+2}^{n-1}(1 - a_m)."""
    rhs = sympy.sympify(data)
    for i in range(0, 3):
        for j in range(i + 2, i + 6):
            def partial(top):
                return 1 - sum(_a[n] * sympy.prod([1 - _a[m] for m in range(i + 2, n)]) for n in range(i + 2, top + 1))
            lhs = partial(j + 1)
            middle = partial(j) - _a[j + 1] * sympy.prod([1 - _a[m] for m in range(i + 2, j + 1)])
            if sympy.expand(lhs - middle) != 0:
                return inconclusive(f"the printed split of the sum fails at i = {i}, j = {j}")
            claimed = rhs.subs({_i: i, _j: j}).doit()
            if sympy.expand(lhs - claimed) != 0:
                return refuted(
                    f"i = {i}, j = {j}: the expression equals {sympy.factor(lhs)}, not {claimed}; it is Π_(m=i+2..j+1)(1 - a_m) "
                    "> 0, which is the induction's conclusion (000 has no '= 0' here)",
                    counterexample={"i": i, "j": j, "value": sympy.factor(lhs)},
                    correction=Correction(r"$\dots = \prod_{m=i+2}^{j+1}(1 - a_m)$", EQ9_STEP_TRUE))
    return verified("1 - Σ_(n=i+2..j+1) a_n Π_(m=i+2..n-1)(1 - a_m) splits as printed and equals the claimed value "
                    "(symbolic, i <= 2, j <= i+5)")


sheet.claim(
    "001/equation-9-step",
    data=sympy.Integer(0),
    perturb=lambda data: sympy.sympify(data).subs(_j + 1, _j) if sympy.sympify(data) != 0 else sympy.Integer(1),
)(check_eq9_step)


_c, _k = sympy.symbols("c k", positive=True)
BOUNDS = {"lower": _c ** _k, "upper": (1 - _c) ** _k}


def check_a1_bounds(data):
    """``data = {'lower': L(c, k), 'upper': U(c, k)}``: the gap factor Π_(m=i+2..K)(1 - a_m), k = K - i - 1 factors, is in [L, U]."""
    lo, hi = sympy.sympify(data["lower"]), sympy.sympify(data["upper"])
    n = 0
    for c, peaks in A._margin_cases(6):
        scales = law_scales(peaks)
        cq = sympy.Rational(c.numerator, c.denominator)
        for i in range(2):
            for K in range(i + 2, i + 6):
                k = K - i - 1
                for _, _, _, sr, _ in A._proportional(peaks, scales, i, K):
                    g = sympy.Rational((sr / scales[i]).numerator, (sr / scales[i]).denominator)
                    low, up = lo.subs({_c: cq, _k: k}), hi.subs({_c: cq, _k: k})
                    if not low <= g <= up:
                        return refuted(
                            f"c = {c}, peaks {[str(p) for p in peaks[:4]]}..., i = {i}, after W_{i}..W_{K - 1}: the remaining "
                            f"gap factor Π(1 - a_m) = {g} is outside [{low}, {up}]",
                            counterexample={"c": c, "i": i, "K": K, "gap": g},
                            correction=Correction("c^k <= Π_(m=i+2..K)(1-a_m) <= (1-c)^k, k = K-i-1", BOUNDS))
                    n += 1
    return verified(f"{n} exact gaps (random and margin peaks, c in {[str(c) for c in A.MARGINS]}): the factor Π of k "
                    f"terms (1 - a_m) lies in [{lo}, {hi}] (both attained on the margin), two series tending to 0")


sheet.claim(
    "001/theorem-a.1-bounds",
    data=BOUNDS,
    perturb=lambda data: {**data, "upper": sympy.sympify(data["upper"]) * (1 - _c)},
)(check_a1_bounds)


# --------------------------------------------------------------------------
# §3.1: new valleys scaled by 1/(1 - a_i), old ones by 1/a_i
# --------------------------------------------------------------------------
_av = sympy.Symbol("a", positive=True)
VALLEY_SCALING = {"new": 1 / (1 - _av), "old": 1 / _av}


def check_valley_scaling(data):
    """``data = {'new': f(a), 'old': g(a)}``: the factor taking W_(i-1)'s slopes to W_i's at new / old valleys."""
    factors = {"new": set(), "old": set()}
    mismatch = {"magnitude": None, "signed": None}
    for seed in range(3):
        peaks = A._peaks(90 + seed, 6)
        ws = A._waves(tuple(peaks), 4)
        for i in range(1, 5):
            old = set(bend_sets(peaks, i - 1).valleys)
            for x in bend_sets(peaks, i).valleys:
                if x in (0, 1):
                    continue
                kind = "old" if x in old else "new"
                ratio = {ws[i].derivative(x, side=s) / ws[i - 1].derivative(x, side=s) for s in ("left", "right")}
                if len(ratio) != 1:
                    return inconclusive(f"x = {x}: the two sides scale differently {ratio}")
                r = ratio.pop()
                want = sympy.sympify(data[kind]).subs(_av, sympy.Rational(peaks[i].numerator, peaks[i].denominator))
                want = Fraction(int(sympy.Rational(want).p), int(sympy.Rational(want).q))
                factors[kind].add(r * (1 - peaks[i]) if kind == "new" else r * peaks[i])
                for name, ok in (("magnitude", abs(r) == abs(want)), ("signed", r == want)):
                    if not ok and mismatch[name] is None:
                        mismatch[name] = (kind, x, i, r, want)
    seen = f"new valleys: slope factor × (1 - a_i) = {sorted(factors['new'])}, old: × a_i = {sorted(factors['old'])}"
    corrected = {"new": -1 / (1 - _av), "old": 1 / _av}
    out = []
    for name, desc in (("magnitude", "'scaled by' in magnitude"), ("signed", "'scaled by' with sign")):
        bad = mismatch[name]
        out.append(Reading.of(name, desc, verified(seen) if bad is None else refuted(
            f"{bad[0]} valley x = {bad[1]} of W_{bad[2]}: W_i' = {bad[3]} × W_(i-1)' there, not {bad[4]} ×; {seen}",
            counterexample=bad, correction=Correction("new valleys -1/(1-a_i), old ones 1/a_i", corrected))))
    return from_readings(out, detail="Exact one-sided slopes of W_(i-1), W_i at every interior valley, 3 sequences, i <= 4.")


sheet.claim(
    "001/section-3.1-valley-scaling",
    data=VALLEY_SCALING,
    perturb=lambda data: {"new": data["old"], "old": data["new"]},
)(check_valley_scaling)


# --------------------------------------------------------------------------
# Lemma 3.1's proof: 'every term has the opposite sign as the first, and the discontinuities close monotonically'
# --------------------------------------------------------------------------
def _gap_sequence(peaks, scales, i, depth):
    """S_K / R_x at the first peak of W_i for K = i+1 .. i+depth (the one-sided slope of E_i's truncation)."""
    return [A._proportional(peaks, scales, i, K)[0][3] for K in range(i + 1, i + depth + 1)]


def _closing(seq, data) -> tuple:
    first = seq[0]
    terms = [b - a for a, b in zip(seq, seq[1:])]
    if any((t > 0) == (first > 0) or t == 0 for t in terms) != (data["term_sign"] != -1):
        return False, f"the added terms {[str(t) for t in terms[:4]]} against the first {first}"
    if data["closes"]:
        mags = [abs(v) for v in seq]
        if any(b > a for a, b in zip(mags, mags[1:])) or any((v > 0) != (first > 0) for v in seq):
            return False, f"the gap {[str(v) for v in seq[:5]]} overshoots 0 and its size grows"
    return True, f"gaps {[str(v) for v in seq[:4]]} ..."


def check_monotone_closing(data):
    """``data = {'term_sign': -1, 'closes': bool}``: the added terms oppose the first; the gap closes monotonically."""
    results = {}
    i = 1
    for name in ("law", "any"):
        verdict = None
        for seed in range(3):
            peaks = A._peaks(100 + seed, 9, Fraction(1, 5))
            if name == "law":
                scales = law_scales(peaks)
            else:
                rng = random.Random(seed)
                scales = [Fraction(rng.randint(1, 9), 10) for _ in range(8)]
                scales[i + 1] = scales[i]  # a large second scale: the first added term exceeds the gap
            ok, detail = _closing(_gap_sequence(peaks, scales, i, 6), data)
            if not ok:
                verdict = refuted(f"{'law' if name == 'law' else 'positive'} scales {[str(s) for s in scales[:4]]}: {detail}",
                                  counterexample=detail,
                                  correction=Correction("every added term has the opposite sign to the first, so the gap "
                                                        "decreases (and closes to 0 under the law)",
                                                        {"term_sign": -1, "closes": False}))
                break
        results[name] = verdict or verified(
            "every added term has the sign opposite to the first" + (
                " and the gap shrinks monotonically to 0 (s_i Π(1 - a_m))" if data["closes"] else
                ", so the signed gap decreases monotonically") + " (exact, 3 sequences)")
    return from_readings([
        Reading.of("law-scales", "scales of eq. 6", results["law"]),
        Reading.of("any-positive-scales", "any positive scales (the lemma's setting)", results["any"]),
    ], detail="One-sided slopes at the first peak of W_1 as waves are added.")


sheet.claim(
    "001/lemma-3.1-proof-monotone",
    data={"term_sign": -1, "closes": True},
    perturb=lambda data: {**data, "term_sign": 1},
)(check_monotone_closing)


# --------------------------------------------------------------------------
# Theorem A.6's proof: E_i on the intervals of V_i
# --------------------------------------------------------------------------
def check_a6_proof(data):
    """``data = {'shape': 'convex' | 'concave'}``: E_i is 0 on V_i, >= 0, of that shape between valleys, max s_i at P_i."""
    shapes = set()
    for seed in range(3):
        peaks = A._peaks(110 + seed, 10)
        scales = law_scales(peaks)
        for i in range(3):
            e = A._truncation(peaks, scales, i, i + 6)
            v, p = bend_sets(peaks, i).valleys, bend_sets(peaks, i).peaks
            if any(e(x) != 0 for x in v) or min(e.values.tolist()) < 0:
                return inconclusive(f"E_{i}'s truncation is not 0 on V_{i} or dips below 0")
            if any(e(x) != scales[i] for x in p):
                return inconclusive(f"E_{i} at P_{i} is not s_{i}")
            knots, deltas = e.knots.tolist()[1:-1], e.delta_slopes.tolist()
            for u, w in zip(v, v[1:]):
                inside = [d for k, d in zip(knots, deltas) if u < k < w]
                shapes.add("concave" if all(d < 0 for d in inside) else "convex" if all(d > 0 for d in inside) else "mixed")
    if len(shapes) != 1:
        return inconclusive(f"E_i has shapes {shapes} between valleys")
    shape = shapes.pop()
    facts = (f"E_i (truncated 6 waves deep, 3 sequences, i <= 2) is 0 on V_i, >= 0, {shape} on each interval of V_i, and "
             "equals s_i at P_i (every later wave is 0 there)")
    if shape == data["shape"]:
        return verified(facts)
    return refuted(facts + f", not {data['shape']}: 'F lies above any line segment' describes concavity",
                   counterexample=shape, correction=Correction(f"E_i is {shape} between valleys", {"shape": shape}))


sheet.claim(
    "001/theorem-a.6-proof",
    data={"shape": "convex"},
    perturb=lambda data: {"shape": {"concave": "convex", "convex": "concave"}[data["shape"]]},
)(check_a6_proof)
