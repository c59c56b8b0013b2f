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
from proofs_check.registry import claim, restate
from symrelu import scaling as S
from symrelu.triangle import bend_sets, wave

__all__: list[str] = []

SOURCE = "001_dc55a7960cdf8dda.txt"
a, s, i = S.a, S.s, S.i


# 001's restatements of 000's claims: the same check and data, 001's id, label and wording.
# (000's claim, 001's id, label, statement, method)
RESTATED = [
    (C.check_lemma_a2, "001/lemma-3.1", "Lemma 3.1",
     r"For any $x \in P_i$, $E'_+(x)$ and $E'_-(x)$ are proportional to "
     r"$s_i - \frac{1}{1-a_{i+1}}\left(s_{i+1} + \sum_{n=i+2}^\infty s_n \prod_{k=i+2}^n \frac{1}{a_k}\right)$ (eq. 4)",
     "symbolic (chain rule, symbolic i) + exact (CPWL, random rational peaks and scales)"),
    (C.check_theorem_3_1, "001/theorem-3.4", "Theorem 3.4",
     r"$F'(x)$ is continuous only if $s_{i+1} = s_i(1-a_{i+1})a_{i+2}$ (eq. 6)",
     "symbolic (elimination) + exact (gaps of truncations at P_i)"),
    (C.check_lemma_a6, "001/lemma-a.4", "Lemma A.4", r"The ratio $s_{i+2}/s_i$ is at most 0.25",
     "symbolic + exact (supremum over the cube)"),
]
for _original, _id, _label, _statement, _method in RESTATED:
    restate(_original, id=_id, source=SOURCE, label=_label, statement=_statement, method=_method)


@claim(
    id="001/lemma-a.5",
    source=SOURCE,
    label="Lemma A.5",
    statement=r"The function $F(x) = \sum_i s_i W_i(x)$ is convex",
    data={"function": "eq3", "shape": "convex"},
    method="exact (delta slopes of every truncation, depths 1..5, random rational peaks in [1/20, 19/20])",
    expect="refuted",
    severity="typo",  # 'convex' for concave: the proof uses the concave property (F above its chords)
    perturb=lambda data: {**data, "shape": {"concave": "convex", "convex": "concave"}.get(data["shape"], "convex")},
)
def check_lemma_a5(data):
    return C.check_shape(data)


DECAY = {"sup": s[i], "where": "P_i", "ratio2": Fraction(1, 4)}


@claim(
    id="001/theorem-a.6",
    source=SOURCE,
    label="Theorem A.6",
    statement=r"The approximation error $E_i(x)$ decays exponentially (made precise: $\max_x E_i(x) = s_i$, reached "
    r"exactly at the peaks $P_i$, and $s_{i+2} \le s_i/4$, so $\max E_i \le 4^{-\lfloor i/2 \rfloor}\max(s_0, s_1)$)",
    data=DECAY,
    method="exact (E_i truncated 5 layers deep, random rational peaks, layers 0-3, with a rigorous tail bound)",
    expect="verified",
    perturb=lambda data: {**data, "where": {"P_i": "V_i"}.get(data["where"], "P_i")},
)
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


@claim(
    id="001/lemma-a.2-proof",
    source=SOURCE,
    label="Lemma A.2 (proof)",
    statement=r"$x_n$ is a peak location of $W_i$, so on the left side slope is negative and the right is positive; "
    r"... x is a valley point so the left slope is positive and the right is negative",
    data={"peak": ("-", "+"), "valley": ("+", "-")},
    method="exact (one-sided slopes of W_0..W_2 at every peak and interior valley, random rational peaks)",
    expect="refuted",
    severity="typo",  # peak and valley slope signs swapped; 000 Lemma A.7 has them right
    perturb=lambda data: {**data, "peak": tuple(_SWAP[v] for v in data["peak"])},
)
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
