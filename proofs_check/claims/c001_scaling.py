"""Claims of 001 (the earlier version of 000) about the scaling law, concavity and error decay.

001's labels differ from 000's: Lemma 3.1 = 000 Lemma A.2 (its eq. 4 = 000 eq. 5),
Theorem 3.4 = 000 Theorem 3.1, Lemma A.4 = 000 Lemma A.6, Lemma A.5 = 000 Lemma A.9
(but 001 says *convex*), Theorem A.6 = 000 §A.5's error decay, Lemma A.2 = 000 Lemma A.7
(its proof swaps the slope signs at peaks and valleys).  The checks are
those of `proofs_check.claims.c000_scaling`, run on 001's statements.
"""

from __future__ import annotations

from fractions import Fraction


from proofs_check.claim import Correction, refuted, verified
from proofs_check.claims import c000_scaling as C
from proofs_check.registry import claim_sheet
from symrelu import scaling as S
from symrelu.triangle import bend_sets, wave

__all__: list[str] = []

sheet = claim_sheet(__file__)
a, s, i = S.a, S.s, S.i


# 001's restatements of 000's claims: the same check and data, 001's id, label, wording and method
# (in c001_scaling.toml).
sheet.restate(C.check_lemma_a2, "001/lemma-3.1")
sheet.restate(C.check_theorem_3_1, "001/theorem-3.4")
sheet.restate(C.check_lemma_a6, "001/lemma-a.4")


@sheet.claim("001/lemma-a.5", data={"function": "eq3", "shape": "convex"},
             perturb=lambda data: {**data, "shape": {"concave": "convex", "convex": "concave"}.get(data["shape"], "convex")})
def check_lemma_a5(data):
    return C.check_shape(data)


DECAY = {"sup": s[i], "where": "P_i", "ratio2": Fraction(1, 4)}


@sheet.claim("001/theorem-a.6", data=DECAY,
             perturb=lambda data: {**data, "where": {"P_i": "V_i"}.get(data["where"], "P_i")})
def check_theorem_a6(data):
    ok, detail = S.error_decay_check(data["sup"], data["where"], Fraction(data["ratio2"]))
    if ok:
        return verified(detail + ". 001's proof is cut off in the document; the argument checked here: E_i is concave between "
                        "valleys of W_i (000 Lemma A.9; 001 says convex), 0 at them, and E_i' = 0 at the peak (Lemma A.3)")
    return refuted(detail, counterexample=detail,
                   correction=Correction(r"$\max_x E_i(x) = s_i$, reached exactly on $P_i$; $s_{i+2} \le s_i/4$", DECAY))


def _signs(seed=21, layers=3):
    """The signs of W_i' left/right of its peaks and of its interior valleys (exact, random peaks)."""
    import numpy as np

    rng = np.random.default_rng(seed)
    seen = {"peak": set(), "valley": set()}
    sign = lambda v: "+" if v > 0 else "-"  # noqa: E731
    for i_ in range(layers):
        peaks = S.random_peaks(i_ + 1, seed=rng)
        w = wave(peaks, i_)
        sets = bend_sets(peaks, i_)
        for kind, points in (("peak", sets.peaks), ("valley", sets.valleys[1:-1])):
            for x in points:
                seen[kind].add((sign(w.derivative(x, side="left")), sign(w.derivative(x, side="right"))))
    return seen


_SWAP = {"+": "-", "-": "+"}


@sheet.claim("001/lemma-a.2-proof", data={"peak": ("-", "+"), "valley": ("+", "-")},
             perturb=lambda data: {**data, "peak": tuple(_SWAP[v] for v in data["peak"])})
def check_lemma_a2_proof(data):
    seen = _signs()
    truth = {kind: next(iter(v)) for kind, v in seen.items() if len(v) == 1}
    if len(truth) != 2:
        return refuted(f"the signs are not uniform: {seen}")
    wrong = [kind for kind in ("peak", "valley") if tuple(data[kind]) != truth[kind]]
    if not wrong:
        return verified(f"(left, right) slope signs: peaks {truth['peak']}, valleys {truth['valley']} (W_0..W_2, exact)")
    return refuted(
        f"(left, right) slope signs of W_i are {truth['peak']} at every peak and {truth['valley']} at every interior valley "
        f"(exact, W_0..W_2): the statement has them swapped at {wrong} (000 Lemma A.7 has them right)",
        counterexample=truth,
        correction=Correction("at a peak the slope is positive on the left and negative on the right; at a valley "
                              "negative on the left and positive on the right", dict(truth)),
    )
