"""Claims about the scaling law of 000 (§3.1, Appendix A.3–A.7, §4.1).

Every check recomputes from the statement it is given: SymPy with ``IndexedBase``
peaks ``a[k]`` and scales ``s[k]`` and a symbolic layer index ``i`` (infinite
sums unrolled to a symbolic-but-fixed depth past ``i``), and exact finite-depth
computations with the CPWL engine (``fractions.Fraction``) on reproducible
random rational peaks.  The derivations themselves live in `symrelu.scaling`.
"""

from __future__ import annotations


import sympy

from proofs_check.claim import Correction, inconclusive, refuted, verified
from proofs_check.registry import claim_sheet
from symrelu import scaling as S
from symrelu.triangle import wave
from symrelu.derivation import Derivation, Step, is_zero

sheet = claim_sheet(__file__)

__all__: list[str] = []

a, s, i = S.a, S.s, S.i
n, m, j, k = sympy.symbols("n m j k", integer=True)  # the same symbols as symrelu.scaling's indices
N = sympy.Symbol("N", integer=True, positive=True)  # a truncation depth
R, L, G = sympy.symbols("R L G", positive=True)  # slope magnitudes of W_i beside a peak; G stands for either
delta = sympy.IndexedBase("delta")  # delta[n] = x - l_n (or r_n - x)


def _is_zero(expr) -> bool:
    """Identically zero as the library decides it (undecided counts as not zero)."""
    return is_zero(expr) is True


# --------------------------------------------------------------------------
# Lemma A.2 (eq. 5)
# --------------------------------------------------------------------------
@sheet.claim("000/lemma-a.2", data=S.eq5, perturb=lambda data: data.subs(a[i + 1], a[i + 2]))
def check_lemma_a2(data):
    K = 4
    Rx = sympy.Symbol("R_x")
    terms = Rx * s[i] + sum(
        s[i + q] * (-Rx / (1 - a[i + 1])) * sympy.Mul(*[1 / a[i + p] for p in range(2, q + 1)]) for q in range(1, K + 1)
    )
    if not _is_zero(terms - Rx * data.subs(sympy.oo, i + K)):
        return refuted(f"the chain-rule sum of s_n W_n'(x+) for n = i..i+{K} is not R_x times the statement (truncated)",
                       counterexample=sympy.factor(terms / Rx))
    ok, detail = S.lemma_a2_check(expression=data)
    if not ok:
        return refuted(detail)
    return verified(f"symbolic: chain-rule terms sum to R_x·(eq. 5) (symbolic i, depth i+{K}); exact: {detail}")


# --------------------------------------------------------------------------
# Theorem 3.1 (eq. 4)
# --------------------------------------------------------------------------
LAW = sympy.Eq(s[i + 1], s[i] * (1 - a[i + 1]) * a[i + 2])


@sheet.claim("000/theorem-3.1", data=LAW, perturb=lambda data: sympy.Eq(data.lhs, data.rhs.subs(a[i + 2], a[i + 3])))
def check_theorem_3_1(data):
    tau = sympy.Symbol("tau")
    layer_i = s[i] * (1 - a[i + 1]) - s[i + 1] - (s[i + 2] + tau) / a[i + 2]
    layer_i1 = s[i + 1] * (1 - a[i + 2]) - s[i + 2] - tau
    derived = sympy.solve(layer_i.subs(tau, sympy.solve(layer_i1, tau)[0]), s[i + 1])
    stated = sympy.solve(data.lhs - data.rhs, s[i + 1])
    if len(derived) != 1 or len(stated) != 1 or not _is_zero(derived[0] - stated[0]):
        return refuted(f"eliminating the tail gives s_(i+1) = {derived}, the statement {stated}",
                       counterexample=derived[0] if derived else None)
    ok, detail = S.scaling_law_check(data)
    if not ok:
        return refuted(detail)
    return verified(f"elimination gives s_(i+1) = {sympy.factor(derived[0])}; exact: {detail}")


# --------------------------------------------------------------------------
# Equations 7, 8, 9
# --------------------------------------------------------------------------
@sheet.claim("000/equation-7", data=S.closed_form,
             perturb=lambda data: sympy.Eq(data.lhs, data.rhs.subs(n + 1, n + 2)))
def check_equation_7(data):
    law_n = sympy.Eq(s[n + 1], s[n] * (1 - a[n + 1]) * a[n + 2])
    d = Derivation("eq. 7", [Step(law_n, "law", how="given", label="law"),
                              Step(data, "induction", how="induction", index=n, base=i, recurrence="law")])
    res = d.check().results[1]
    peaks = S.random_peaks(9, seed=70)
    scales = S.law_scales(peaks)
    for layer in range(3):
        for nn in range(layer, len(scales)):
            want = S.subs_numbers(data.rhs.subs(n, nn), layer, peaks, scales)
            if want != scales[nn]:
                return refuted(f"i = {layer}, n = {nn}: the law gives s_n = {scales[nn]}, the formula {want}; induction: {res.detail}",
                               counterexample={"i": layer, "n": nn, "law": scales[nn], "formula": want})
    if res.verdict != "verified":
        return refuted(f"induction: {res.detail}") if res.verdict == "failed" else inconclusive(res.detail)
    return verified(f"induction on n (base n = i, step by the law) checked symbolically; matches the law's scales exactly "
                    f"for i = 0..2, n = i..{len(scales) - 1} (random peaks); the printed index ranges are right")


EQ8 = {"term": a[n] * sympy.Product(1 - a[m], (m, i + 2, n - 1)), "start": i + 2}


@sheet.claim("000/equation-8", data=EQ8, perturb=lambda data: {**data, "term": data["term"].subs(a[n], a[n + 1])})
def check_equation_8(data):
    for K in range(1, 5):
        truncated, substituted = S.eq8_substitution(K)
        partial = sympy.Sum(data["term"], (n, data["start"], i + K + 1))
        if not _is_zero(substituted - s[i] * (1 - partial)):
            return refuted(f"depth i+{K}: eq. 5 with eq. 7 substituted is not s_i (1 - Σ_(n=start..i+{K + 1}) term)",
                           counterexample=sympy.factor((substituted / s[i]).doit()))
        if not _is_zero(1 - partial - sympy.Product(1 - a[m], (m, i + 2, i + K + 1))):
            return refuted(f"depth i+{K}: 1 - partial sum is not Π(1 - a_m)")
    return verified("for depths i+1..i+4 (symbolic i), eq. 5 with eq. 7 substituted is s_i(1 - partial sum of eq. 8) and "
                    "1 - partial sum = Π_(m=i+2..i+K+1)(1 - a_m) ≤ (1-c)^K → 0, so eq. 5 = 0 ⇔ eq. 8")


@sheet.claim("000/equation-9", data=sympy.Eq(S.telescoping_sum, sympy.Product(1 - a[m], (m, i + 2, j))),
             perturb=lambda data: sympy.Eq(data.lhs, data.rhs.subs(j, j + 1)))
def check_equation_9(data):
    rec = sympy.Eq(S.telescoping_sum.subs(j, j + 1),
                   S.telescoping_sum - a[j + 1] * sympy.Product(1 - a[m], (m, i + 2, j)), evaluate=False)
    d = Derivation("eq. 9", [Step(data, "induction", how="induction", index=j, base=i + 2, recurrence=rec)])
    r = d.check().results[0]
    if r.verdict == "verified":
        return verified(r.detail)
    if r.verdict == "failed":
        return refuted(r.detail)
    return inconclusive(r.detail)


# --------------------------------------------------------------------------
# Theorem A.5
# --------------------------------------------------------------------------
@sheet.claim("000/theorem-a.5", data={"law": LAW, "remainder": s[i] * sympy.Product(1 - a[m], (m, i + 2, N + 1))},
             perturb=lambda data: {**data, "remainder": data["remainder"].subs(i + 2, i + 3)})
def check_theorem_a5(data):
    for K in range(1, 5):
        _, substituted = S.eq8_substitution(K)
        rem = data["remainder"].subs(N, i + K)
        if not _is_zero(substituted - rem):
            return refuted(f"depth i+{K}: eq. 5 under the law is {sympy.factor(substituted.doit())}, not {rem.doit()}")
    ok, detail = S.product_bound_check()
    if not ok:
        return refuted(detail)
    ok2, detail2 = S.scaling_law_check(data["law"])
    if not ok2:
        return refuted(detail2)
    return verified(f"the remainder matches eq. 5 under the law at depths 1..4; {detail}; exact: {detail2}")


# --------------------------------------------------------------------------
# Lemma A.6
# --------------------------------------------------------------------------
_x, _y, _z = sympy.symbols("x y z", positive=True)


def _ratio_from_law():
    s1 = LAW.rhs
    s2 = LAW.rhs.subs(i, i + 1).subs(s[i + 1], s1)
    return sympy.expand(s2 / s[i])


@sheet.claim("000/lemma-a.6", data=sympy.Rational(1, 4), perturb=lambda data: data * sympy.Rational(4, 5))
def check_lemma_a6(data):
    ratio = _ratio_from_law()
    expected = (1 - a[i + 1]) * (1 - a[i + 2]) * a[i + 2] * a[i + 3]
    if not _is_zero(ratio - expected):
        return inconclusive(f"the law gives s_(i+2)/s_i = {ratio}")
    poly = expected.subs({a[i + 1]: _x, a[i + 2]: _y, a[i + 3]: _z})
    sup, inside, where = S.box_supremum(poly, [_x, _y, _z])
    if sup > data:
        return refuted(f"sup over (0,1)^3 of s_(i+2)/s_i = {sup} > {data} (approached near {where})",
                       counterexample={"sup": sup, "near": where})
    return verified(f"s_(i+2)/s_i = (1-a_(i+1))(1-a_(i+2)) a_(i+2) a_(i+3) has sup {sup} ≤ {data} over the open cube; "
                    f"attained inside: {inside} (maximiser of the closed cube {where}: the bound is strict for admissible peaks, "
                    "and the proof's choice a_(i+1) = 0, a_(i+3) = 1 is not admissible)")


PRINTED_A6 = s[i] * (1 - a[i + 1]) * (1 - a[i] + 2) * a[i + 2] * a[i + 3]
CORRECT_A6 = s[i] * (1 - a[i + 1]) * (1 - a[i + 2]) * a[i + 2] * a[i + 3]


@sheet.claim("000/lemma-a.6-proof", data=PRINTED_A6, perturb=lambda data: data.subs(a[i + 3], a[i + 4]))
def check_lemma_a6_proof(data):
    derived = s[i] * _ratio_from_law()
    if _is_zero(derived - data):
        return verified(f"s_(i+2) = {sympy.factor(derived)}")
    return refuted(
        f"applying the law twice gives s_(i+2) = {sympy.factor(derived)}; the printed factor '(1 - a_i + 2)' reads as "
        f"3 - a_i (a typo for 1 - a_(i+2)); difference {sympy.factor(data - derived)}",
        counterexample=sympy.factor(derived),
        correction=Correction(r"$s_{i+2} = s_i(1-a_{i+1})(1-a_{i+2})a_{i+2}a_{i+3}$", CORRECT_A6),
    )


# --------------------------------------------------------------------------
# Lemma A.7 (eq. 10) and its proof's recursion
# --------------------------------------------------------------------------
EQ10 = (1 - a[i + 1]) / G * sympy.Product(a[i + m], (m, 2, n))


def _neighbour_check(gap_expr=None, factor=None, *, seed=7, depth=5):
    """Exact neighbours x - l_n, r_n - x of peaks of W_i vs eq. 10 (``gap_expr`` in G = L or R) or the recursion factor."""
    import numpy as np

    rng = np.random.default_rng(seed)
    for layer in range(3):
        peaks = S.random_peaks(layer + depth + 2, seed=rng)
        w = wave(peaks, layer)
        for x, gaps in S.neighbour_gaps(peaks, layer, depth):
            mags = (w.derivative(x, side="left"), -w.derivative(x, side="right"))
            for side in (0, 1):
                for nn, pair in enumerate(gaps, start=1):
                    got = pair[side]
                    if gap_expr is not None:
                        e = gap_expr.subs({G: sympy.Rational(mags[side]), n: nn, i: layer}).doit()
                        e = e.subs({t: sympy.Rational(peaks[int(t.indices[0])]) for t in e.atoms(sympy.Indexed)})
                        if e != sympy.Rational(got):
                            return False, f"layer {layer}, x = {x}, n = {nn}, {'left' if side == 0 else 'right'}: exact {got}, formula {e}"
                    if factor is not None and nn < depth:
                        e = factor.subs({n: nn, i: layer})
                        e = e.subs({t: sympy.Rational(peaks[int(t.indices[0])]) for t in e.atoms(sympy.Indexed)})
                        ratio = gaps[nn][side] / got
                        if e != sympy.Rational(ratio):
                            return False, (f"layer {layer}, x = {x}, n = {nn}: (x - l_(n+1))/(x - l_n) = {ratio}, the recursion's "
                                           f"factor gives {e}")
    return True, f"exact neighbours in B_(i+n), n = 1..{depth}, layers 0-2, both sides, random peaks"


@sheet.claim("000/lemma-a.7", data=EQ10,
             perturb=lambda data: data.subs(sympy.Product(a[i + m], (m, 2, n)), sympy.Product(a[i + m], (m, 1, n))))
def check_lemma_a7(data):
    ok, detail = _neighbour_check(gap_expr=data)
    return verified(detail + "; the product of n-1 factors in [c, 1-c] is nonzero and ≤ (1-c)^(n-1) → 0") if ok else refuted(detail)


@sheet.claim("000/lemma-a.7-proof", data=a[i + 1],
             perturb=lambda data: data.subs(n, n + 1) if data.has(n) else a[i + 2])
def check_lemma_a7_proof(data):
    ok, detail = _neighbour_check(factor=data)
    if ok:
        return verified(f"(x - l_(n+1))/(x - l_n) = {data}: {detail}")
    return refuted(
        detail + "; the factor is a_(i+n+1) (the peak of layer i+n+1), as eq. 10's product Π_(m=2..n) a_(i+m) requires",
        counterexample=detail,
        correction=Correction(r"$l_{n+1} = x - a_{i+n+1}(x - l_n)$, $r_{n+1} = x + a_{i+n+1}(r_n - x)$", a[i + n + 1]),
    )


# --------------------------------------------------------------------------
# Theorem A.8: the Δy/Δx series
# --------------------------------------------------------------------------
def _empty_products_one(expr):
    """Each ``Product(f, (m, lo, hi))`` with ``hi < lo`` read as 1 (the usual empty product).

    SymPy follows Karr's convention, ∏_{m=lo}^{hi} = 1/∏_{m=hi+1}^{lo-1} for hi < lo - 1, which would make
    the printed ∏_{m=i+2}^{n} at i = 1, n = 1 equal a_2/(1 - a_2) instead of 1 and report a spurious
    counterexample at n = 1 (printed and corrected series agree there; they differ from n = 2).
    """
    return expr.replace(
        lambda e: isinstance(e, sympy.Product),
        lambda e: sympy.Piecewise((e, e.limits[0][2] >= e.limits[0][1]), (1, True)),
    )


@sheet.claim("000/theorem-a.8", data=S.a8_series_printed, perturb=lambda data: data.subs(1 - a[i + 1], a[i + 1]))
def check_theorem_a8(data):
    ok, detail = S.theorem_a8_series_check(_empty_products_one(data))
    gap = ("Beyond the index: the argument compares the two one-sided limits, which are R^2 and L^2 times the same factor "
           "Π(1-a_(i+m))/a_(i+m); when that factor tends to 0 (e.g. every later a_m = 3/5) both limits are 0 and agree "
           "for any a_i, so the proof does not show that F'' fails to exist; whether F is twice differentiable for such "
           "peaks is not settled here. For all a_i = 1/2 see 000/appendix-a.6-half (F = x - x^2, not x^2).")
    if ok:
        return verified(f"{detail}. {gap}")
    return refuted(
        f"{detail}: the product must run over m = 2..n of (1-a_(i+m))/a_(i+m) (n - 1 factors); as printed (m = i+2..n) it has "
        f"n - i - 1, right only for i = 0. {gap}",
        counterexample=detail,
        correction=Correction(r"$-\Delta F'/\Delta x = \frac{R^2 s_i}{1-a_{i+1}}\prod_{m=2}^{n}\frac{1-a_{i+m}}{a_{i+m}}$ "
                              r"(right; $L^2$ on the left)", S.a8_series_corrected),
    )


# --------------------------------------------------------------------------
# Lemma A.9: concavity
# --------------------------------------------------------------------------
_FUNCTIONS = {"eq3": None, "x+F": "add", "x-F": "subtract"}


def check_shape(data):
    """Shape of every law truncation of the named function (eq. 3's F, or x ± F) vs the stated shape."""
    if data.get("function") not in _FUNCTIONS:
        return inconclusive(f"unknown function {data.get('function')!r}")
    shape, detail = S.concavity_check(_FUNCTIONS[data["function"]])
    if shape is None:
        return inconclusive(f"the truncations have mixed shapes: {detail}")
    if shape == data["shape"]:
        return verified(f"every truncation is {shape} ({detail}); their kinks at P_i are (R_x - L_x) s_i Π(1 - a_m) < 0, "
                        "and the pointwise limit of such functions keeps the shape")
    return refuted(f"the truncations are {shape}, not {data['shape']}: {detail}; eq. 3's F has F'(0) > 0 > F'(1) "
                   "(e.g. x - x^2 for all a_i = 1/2)",
                   counterexample=shape,
                   correction=Correction(f"{_NAMES[data['function']]} is {shape}", {**data, "shape": shape}))


_NAMES = {"eq3": r"$F(x) = \sum_i s_i W_i(x)$ (eq. 3)", "x+F": r"$x + F(x)$ (waves added)",
          "x-F": r"$x - F(x)$ (waves subtracted)"}


_flip = {"concave": "convex", "convex": "concave"}


@sheet.claim("000/lemma-a.9", data={"function": "eq3", "shape": "concave"},
             perturb=lambda data: {**data, "shape": _flip.get(data["shape"], "concave")})
def check_lemma_a9(data):
    return check_shape(data)


# --------------------------------------------------------------------------
# §4.1: the first scale and the boundary conditions
# --------------------------------------------------------------------------
@sheet.claim("000/section-4.1", data=S.boundary_conditions_value,
             perturb=lambda data: {**data, "add": (data["add"][0], data["add"][1] + sympy.Rational(1, 7))})
def check_section_4_1(data):
    a0, a1 = a[0], a[1]
    for variant, (d0, d1) in data.items():
        if variant not in ("add", "subtract"):
            return inconclusive(f"unknown variant {variant!r}")
        s0 = S.first_scale(a0, a1, variant)
        sign = 1 if variant == "add" else -1
        lim0, lim1 = 1 + sign * s0 / (a0 * a1), 1 - sign * s0 / ((1 - a0) * a1)
        if not (_is_zero(lim0 - d0) and _is_zero(lim1 - d1)):
            return refuted(f"{variant}: the limits are F'(0) = {sympy.simplify(lim0)}, F'(1) = {sympy.simplify(lim1)}, "
                           f"not {d0}, {d1}", counterexample=(sympy.simplify(lim0), sympy.simplify(lim1)))
    bc = S.boundary_conditions()
    if bc.verdict != "verified":
        return inconclusive(f"the telescoping derivation is {bc.verdict}")
    ok, detail = S.boundary_check(data)
    if not ok:
        return refuted(detail)
    return verified("slopes at the ends telescope to 1 ± s_0/(a_0 a_1) and 1 ∓ s_0/((1-a_0) a_1): the added variant's "
                    f"s_0 makes F'(1) = 0 (flat at 1, like sin, tanh), the subtracted one F'(0) = 0 (flat at 0, like x^3); {detail}")
