"""Claims of 001's running text that differ from 000's: the training manifold with free scales (§3, §4.1), the
transitions between stages, the one-bend-per-neuron spline, and 001's restatements of 000's text claims.

Counts are exact (`ReLUNetwork.to_pwl` over [0, 1], rational weights); networks are `symrelu.triangle_network`
(law scales by default, free scales when given) and `symrelu.constructions.interpolating_network`.
"""

from __future__ import annotations

import functools
import random
from fractions import Fraction

import numpy as np

from proofs_check.claim import Correction, Reading, from_readings, inconclusive, refuted, verified
from proofs_check.claims import c000_text as T
from proofs_check.claims.c000_construction import cancelling_scales  # positive scales that cancel the valley kinks
from proofs_check.registry import claim_sheet
from symrelu import ReLUNetwork, law_scales, triangle_network, wave
from symrelu.pwl import PiecewiseLinear
from symrelu.constructions import interpolating_network

__all__: list[str] = []

sheet = claim_sheet(__file__)

sheet.restate(T.DOUBLING, "001/section-2.1-telgarsky")
sheet.restate(T.MULT, "001/section-2.1-multiplication")
sheet.restate(T.WEIGHT_SHARING, "001/section-3-weight-sharing")


# --------------------------------------------------------------------------
# §3 / §4.1: bends on the manifold when the scales are trained too
# --------------------------------------------------------------------------
@functools.lru_cache(maxsize=1)
def _counts() -> dict:
    """Exact pieces of the d-layer manifold network (d = 2..7) by kind of scales: law, generic positive, cancelling
    positive, and with a scale set to 0 (unconstrained training can reach it)."""
    out = {"law": [], "positive": [], "zero": []}
    for d in range(2, 8):
        rng = random.Random(40 + d)
        peaks = [Fraction(rng.randint(5, 92), 97) for _ in range(d + 1)]
        out["law"].append((d, triangle_network(peaks).to_pwl(0, 1).output.pieces))
        generic = [Fraction(rng.randint(1, 99), 100 * 4**k) for k in range(d)]
        out["positive"].append((d, triangle_network(peaks[:d], scales=generic).to_pwl(0, 1).output.pieces))
        out["positive"].append((d, triangle_network([Fraction(1, 2)] * d, scales=cancelling_scales(d)).to_pwl(0, 1).output.pieces))
        # triangle_network refuses a zero scale; the manifold's function x + Σ s_j W_j is summed from exact waves
        f = PiecewiseLinear([0, 1], [Fraction(0), Fraction(1)]) + wave(peaks[:d], 0) * generic[0]
        for j in range(1, d):
            f = f + wave(peaks[:d], j) * Fraction(0)
        out["zero"].append((d, f.pieces))
    return out


NEED = {"maximal": lambda d: 2**d, "exponential": lambda d: 2 ** (d - 1) + 1, "double": lambda d: 2 ** (d + 1)}
NEED_TEXT = {"maximal": "2^d", "exponential": "2^(d-1) + 1", "double": "2^(d+1)"}


def check_manifold_bends(data):
    """``data = {'least': 'maximal' | 'exponential', 'scope': 'any' | 'positive'}``: every network of the manifold
    (scales in ``scope``) has at least 2^d (maximal) or 2^(d-1) + 1 (still exponential) pieces."""
    counts = _counts()
    need, text = NEED[data["least"]], NEED_TEXT[data["least"]]

    def judge(kind, desc):
        if kind == "zero" and data["scope"] == "positive":
            kind, desc = "positive", desc + " (the statement restricted to positive scales)"
        rows = counts[kind]
        bad = [(d, p) for d, p in rows if p < need(d)]
        seen = sorted(set(rows))
        if not bad:
            floor = ("; for any positive scales the 2^(d-1) peaks of W_(d-1) keep a kink of s_(d-1) W_(d-1) (no earlier "
                     "wave bends there, 000/lemma-a.1), so at least 2^(d-1) + 1 pieces always" if kind == "positive" else "")
            return verified(f"{desc}: (d, pieces) = {seen}, each >= {text}{floor}")
        d, p = bad[0]
        fix = ({"least": "exponential", "scope": data["scope"]} if kind == "positive" else
               {"least": "exponential", "scope": "positive"})
        return refuted(f"{desc}: d = {d} gives {p} pieces < {text} (all: {seen})", counterexample={"d": d, "pieces": p},
                       correction=Correction("positive scales keep at least 2^(d-1) + 1 pieces (2^d for generic ones): "
                                             "still exponential" if kind == "positive" else
                                             "with positive scales the bends stay exponential", fix))

    return from_readings([
        Reading.of(kind, desc, judge(kind, desc)) for kind, desc in (
            ("law", "scales tied to the peaks by the law (Stage 1)"),
            ("positive", "free positive scales (generic and kink-cancelling ones)"),
            ("zero", "unconstrained trained scales (one driven to 0)"))
    ], detail="Exact pieces of the manifold network on [0, 1], d = 2..7 (the law, random positive scales, scales that "
              "cancel the kinks at interior valleys, and scales zeroed after the first).")


sheet.table(
    [dict(id="001/section-3-bends-trained-scales", data={"least": "maximal", "scope": "any"}),
     dict(id="001/section-4.1-stage-2", data={"least": "exponential", "scope": "any"})],
    perturb=lambda d: {**d, "least": "double"},
    check=check_manifold_bends,
)


# --------------------------------------------------------------------------
# §4.1: relaxing constraints moves between the stages without changing the function
# --------------------------------------------------------------------------
def check_transitions(data):
    """``data = {'stage2_scales': f(law scales)}``: Stage 1's network, as Stage 2's (free scales) and as raw weights (Stage 3)."""
    for seed in range(3):
        rng = random.Random(60 + seed)
        peaks = [Fraction(rng.randint(5, 92), 97) for _ in range(7)]
        for variant in ("add", "subtract"):
            stage1 = triangle_network(peaks, variant=variant)
            scales = data["stage2_scales"](law_scales(peaks, variant))
            stage2 = triangle_network(peaks[:-1], scales=scales, variant=variant)
            raw = ReLUNetwork([(np.asarray(W).tolist(), np.asarray(b).tolist()) for W, b in stage2.layers])
            f1, f2, f3 = (n.to_pwl(0, 1).output for n in (stage1, stage2, raw))
            if not f1 == f2 == f3:
                return refuted(f"peaks {[str(p) for p in peaks]} ({variant}): Stage 1's function and Stage 2's with scales "
                               f"{[str(s) for s in scales[:3]]}... differ (sup distance {f1.distance(f2, 'sup')})",
                               counterexample={"peaks": peaks, "variant": variant},
                               correction=Correction("Stage 2 starts from the law's scales", {"stage2_scales": lambda s: list(s)}))
    return verified("for 3 random peak sets and both variants, the Stage-1 network (scales from the law), the Stage-2 "
                    "network with its scales freed at the law's values, and the plain ReLU network of its raw weights "
                    "(Stage 3) compute the same CPWL function exactly: each constraint can be relaxed, or a stage skipped, "
                    "without changing the model")


sheet.claim("001/section-4.1-transitions", data={"stage2_scales": lambda s: list(s)},
            perturb=lambda d: {"stage2_scales": lambda s: [v * 2 for v in d["stage2_scales"](s)]})(check_transitions)


# --------------------------------------------------------------------------
# 000 §4.3 / 001 §4.4: one bend per neuron from a one-hidden-layer spline
# --------------------------------------------------------------------------
def check_one_bend(data):
    """``data = {'bends_per_neuron': r}``: a 1-hidden-layer spline through points of x^3 has r bends per neuron."""
    r = Fraction(data["bends_per_neuron"])
    for n in range(2, 11):
        pts = [Fraction(k, n + 2) for k in range(1, n + 2)]  # n + 1 of the data points, inside (0, 1)
        net = interpolating_network(pts, [p**3 for p in pts])
        f = net.to_pwl(0, 1).output
        neurons = net.widths[1]
        bends = len(f.breakpoints)
        if any(f(p) != p**3 for p in pts):
            return inconclusive(f"n = {n}: the spline does not interpolate")
        if Fraction(bends, neurons) != r:
            return refuted(f"{neurons} neurons: the spline through {len(pts)} points of x^3 has {bends} bends in (0, 1)",
                           counterexample={"neurons": neurons, "bends": bends},
                           correction=Correction("one bend per neuron", {"bends_per_neuron": Fraction(bends, neurons)}))
    return verified("one-hidden-layer splines through n + 1 points of x^3 (n = 2..10, interpolating_network, flat left of "
                    "the first point): n neurons, exactly n bends in (0, 1) (exact to_pwl): one bend per neuron")


ONE_BEND = sheet.claim("000/section-4.3-one-bend", data={"bends_per_neuron": 1},
                       perturb=lambda d: {"bends_per_neuron": Fraction(d["bends_per_neuron"]) * 2})(check_one_bend)
sheet.restate(ONE_BEND, "001/section-4.4-one-bend")
