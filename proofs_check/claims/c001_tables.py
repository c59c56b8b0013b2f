"""001 §4.2's sentences about its printed Tables 1-2, checked by the document's own arithmetic.

The tables are transcribed below as printed (001 §4.2: MSE, minimum and mean over 30 models); every sentence
is checked under each plausible reading of its quantifier ('in every column' or in aggregate) and of its baseline.
"""

from __future__ import annotations

import math

from proofs_check.claim import Correction, Reading, from_readings, refuted, verified
from proofs_check.registry import claim_sheet

__all__: list[str] = []

sheet = claim_sheet(__file__)

COLUMNS = ("Min x^3", "Min x^11", "Mean x^3", "Mean x^11", "Min sin", "Min tanh", "Mean sin", "Mean tanh")
# 001 Table 1 (x^3, x^11) and Table 2 (sin, tanh), columns in COLUMNS order, as printed.
TABLE = {
    "Default Network": (2.11e-5, 2.19e-5, 7.20e-2, 2.82e-2, 4.50e-5, 5.75e-5, 1.15e-1, 1.96e-1),
    "RAAI Distribution": (2.14e-5, 4.40e-5, 3.97e-2, 4.12e-2, 3.59e-5, 1.09e-5, 3.63e-2, 2.31e-2),
    "Stage 1": (3.41e-5, 3.31e-4, 4.32e-4, 2.65e-3, 6.00e-6, 2.83e-5, 9.73e-5, 3.48e-4),
    "Stage 3 (GD only)": (3.42e-6, 1.86e-5, 1.68e-4, 3.56e-4, 3.75e-7, 1.07e-6, 1.93e-5, 8.38e-5),
    "Free Scale Init.": (2.55e-7, 6.82e-7, 6.81e-5, 1.38e-3, 1.29e-7, 1.17e-7, 1.23e-4, 4.67e-4),
    "Stage 2 and 3": (1.64e-7, 3.20e-6, 2.57e-2, 2.83e-1, 6.12e-8, 1.47e-7, 9.26e-6, 1.56e-4),
    "Stage 1 and 3": (7.86e-8, 9.58e-7, 6.57e-7, 5.30e-5, 5.06e-8, 6.82e-8, 3.14e-7, 9.58e-7),
    "All Stages": (1.87e-7, 7.43e-7, 1.62e-6, 1.42e-5, 3.98e-8, 1.04e-7, 1.04e-7, 2.45e-7),
}
MINS = (0, 1, 4, 5)
TARGET_OF = {0: 2, 1: 3, 4: 6, 5: 7}  # min column -> its mean column
RANDOM = ("Default Network", "RAAI Distribution")
MANIFOLD = ("Stage 1", "Free Scale Init.", "Stage 2 and 3", "Stage 1 and 3", "All Stages")
DIFFERENTIABLE = ("Stage 1", "Stage 1 and 3", "All Stages")


def _gmean(values) -> float:
    return math.exp(sum(math.log(v) for v in values) / len(values))


def check_worst(data):
    """``data = {'group': rows}``: those rows are the worst, in every column or by geometric mean over the columns."""
    group = tuple(data["group"])
    others = [k for k in TABLE if k not in group]
    beaten = [(COLUMNS[c], k) for c in range(8) for k in others if TABLE[k][c] >= min(TABLE[g][c] for g in group)]
    every = (verified(f"{group} above every other row in all 8 columns") if not beaten else refuted(
        f"in some columns another row is as bad: {beaten}", counterexample=beaten,
        correction=Correction("the randomly initialized rows have the largest geometric-mean error over the 8 columns",
                              {**data, "aggregate": True})))
    g = {k: _gmean(v) for k, v in TABLE.items()}
    top = sorted(g, key=g.get, reverse=True)[:len(group)]
    agg = (verified(f"geometric means over the 8 columns: {', '.join(f'{k} {v:.2e}' for k, v in g.items())}; the "
                    f"largest {len(group)}: {top}") if set(top) == set(group) else
           refuted(f"the largest geometric means are {top}", counterexample=top,
                   correction=Correction(f"the worst by geometric mean are {top}", {**data, "group": tuple(top)})))
    if data.get("aggregate"):
        every = agg
    return from_readings([Reading.of("every-column", "worst in every column", every),
                          Reading.of("geometric-mean", "worst over the columns taken together (geometric mean)", agg)],
                         detail="Printed Tables 1-2 of 001.")


sheet.claim("001/section-4.2-worst", data={"group": RANDOM},
            perturb=lambda d: {**d, "group": ("Stage 1 and 3",)})(check_worst)


def check_three_orders(data):
    """``data = {'decades': n}``: log10(Default min / best manifold min) >= n (or >= n - 1/2 rounded) per target."""
    n = data["decades"]
    dec = {COLUMNS[c]: math.log10(TABLE["Default Network"][c] / min(TABLE[k][c] for k in MANIFOLD)) for c in MINS}
    listing = ", ".join(f"{k} {v:.2f}" for k, v in dec.items())
    corr = Correction("training on a manifold lowers the minimum error by 1.5 to 3 orders of magnitude", {"decades": 1.5})
    readings = []
    for name, desc, floor in (("at-least", f"a factor of at least 10^{n} on every target", n),
                              ("rounded", f"at least {n} decades after rounding (>= {n - 0.5}) on every target", n - 0.5)):
        short = {k: round(v, 2) for k, v in dec.items() if v < floor}
        readings.append(Reading.of(name, desc, verified(f"every target >= {floor} decades") if not short else
                                   refuted(f"below {floor} decades: {short}", counterexample=short, correction=corr)))
    return from_readings(readings, detail=f"log10(Default min / best manifold-trained min), printed tables: {listing}.",
                         correction=corr)


sheet.claim("001/section-4.2-three-orders", data={"decades": 3},
            perturb=lambda d: {"decades": d["decades"] + 1})(check_three_orders)


def check_differentiable_best(data):
    """``data = {'rows': rows, 'columns_needed': k}``: the best entry of at least k columns is in those rows, and
    their mean/min gap is the smallest on every target."""
    rows, k = tuple(data["rows"]), data["columns_needed"]
    won = [COLUMNS[c] for c in range(8) if min(TABLE, key=lambda r: TABLE[r][c]) in rows]
    lost = {COLUMNS[c]: min(TABLE, key=lambda r: TABLE[r][c]) for c in range(8) if COLUMNS[c] not in won}
    gap = {COLUMNS[c].split()[1]: min(TABLE, key=lambda r: TABLE[r][TARGET_OF[c]] / TABLE[r][c]) for c in MINS}
    gap_ok = all(r in rows for r in gap.values())
    detail = f"best row per column won by {rows}: {len(won)} of 8 (lost: {lost}); smallest mean/min gap per target: {gap}"

    def judge(needed, desc):
        if len(won) >= needed and gap_ok:
            return verified(f"{desc}: {detail}")
        return refuted(f"{desc}: {detail}", counterexample=lost,
                       correction=Correction("the differentiable manifold gives the best models in 7 of 8 columns (not "
                                             "Min x^11) and the smallest min-mean gap on every target",
                                             {**data, "columns_needed": len(won)}))

    return from_readings([Reading.of("every-column", "highest performing in every column", judge(k, "every column"
                                                                                                  if k == 8 else f"{k} columns")),
                          Reading.of("most-columns", "highest performing in most columns", judge(min(k, 5), "most columns"))],
                         detail="Printed Tables 1-2 of 001.")


sheet.claim("001/section-4.2-differentiable-best", data={"rows": DIFFERENTIABLE, "columns_needed": 8},
            perturb=lambda d: {**d, "rows": ("Free Scale Init.",)})(check_differentiable_best)


def _ratios(row, base, cols):
    return {COLUMNS[c]: TABLE[row][c] / TABLE[base][c] for c in cols}


def check_bypass_1(data):
    """``data = {'factor': f, 'within': w}``: bypassing stage 1 multiplies the minimum by about f (within a factor w)
    and raises the mean/min gap; baselines 'All Stages' or 'Stage 1 and 3', per column or as a geometric mean."""
    f, w = data["factor"], data["within"]
    readings = []
    for base in ("All Stages", "Stage 1 and 3"):
        mins = _ratios("Stage 2 and 3", base, MINS)
        gaps = {COLUMNS[c]: (TABLE["Stage 2 and 3"][TARGET_OF[c]] / TABLE["Stage 2 and 3"][c],
                             TABLE[base][TARGET_OF[c]] / TABLE[base][c]) for c in MINS}
        rises = all(a > 10 * b for a, b in gaps.values())
        text = (f"vs '{base}': minimum ratios {', '.join(f'{k} {v:.2f}' for k, v in mins.items())}; mean/min gaps "
                f"{', '.join(f'{k} {b:.3g} -> {a:.3g}' for k, (a, b) in gaps.items())}")
        for agg, values in (("each", list(mins.values())), ("gmean", [_gmean(mins.values())])):
            ok = rises and all(f / w <= v <= f * w for v in values)
            name = f"{'all-stages' if base == 'All Stages' else 'stage-1-and-3'}-{'per-column' if agg == 'each' else 'geometric-mean'}"
            desc = f"baseline '{base}', {'each column' if agg == 'each' else 'geometric mean of the four minimum ratios'}"
            out = verified(f"{text}; within [{f / w:.2f}, {f * w:.2f}]: yes") if ok else refuted(
                f"{text}; not all within [{f / w:.2f}, {f * w:.2f}]", counterexample=mins,
                correction=Correction("bypassing stage 1 multiplies the minimum error by 0.9 to 4.3 (geometric mean 1.7 "
                                      "against All Stages) and raises the min-mean gap by 10^2 to 10^5",
                                      {"factor": 2, "within": 5}))
            readings.append(Reading.of(name, desc, out))
    return from_readings(readings, detail=f"'roughly doubles' read as a factor within [{f / w:.2f}, {f * w:.2f}] of "
                                          "the minimum; 'rises considerably' as a gap at least 10 times larger.")


sheet.claim("001/section-4.2-bypass-stage-1", data={"factor": 2, "within": 1.5},
            perturb=lambda d: {**d, "factor": d["factor"] * 10})(check_bypass_1)


def check_bypass_2(data):
    """``data = {'within': w, 'better': 'some' | 'all'}``: 'Stage 1 and 3' stays within a factor w of 'All Stages'
    (or changes an order of magnitude less than bypassing stage 1) and beats it in some (all) columns."""
    w = data["within"]
    r = _ratios("Stage 1 and 3", "All Stages", range(8))
    better = [k for k, v in r.items() if v < 1]
    better_ok = bool(better) if data["better"] == "some" else len(better) == 8
    worst = max(max(v, 1 / v) for v in r.values())
    s1 = _ratios("Stage 2 and 3", "All Stages", range(8))
    worst_s1 = max(max(v, 1 / v) for v in s1.values())
    text = (f"'Stage 1 and 3' / 'All Stages' per column: {', '.join(f'{k} {v:.2f}' for k, v in r.items())}; better in "
            f"{better}; largest change x{worst:.2f} (bypassing stage 1 instead: x{worst_s1:.3g})")
    fix = Correction(f"bypassing stage 2 changes every entry by at most x{worst:.1f} (bypassing stage 1: up to "
                     f"x{worst_s1:.2g}) and improves {len(better)} of 8", {"within": math.ceil(worst * 10) / 10, "better": "some"})

    def judge(ok, desc):
        return verified(f"{desc}: {text}") if ok and better_ok else refuted(f"{desc}: {text}", counterexample=r,
                                                                             correction=fix)

    return from_readings([
        Reading.of("factor", f"'little changes' as within a factor {w} in every column", judge(worst <= w, f"within x{w}")),
        Reading.of("relative", "'little' as an order of magnitude less than bypassing stage 1",
                   judge(worst * 10 <= worst_s1, "against stage 1's bypass"))],
        detail="Printed Tables 1-2 of 001.")


sheet.claim("001/section-4.2-bypass-stage-2", data={"within": 2, "better": "some"},
            perturb=lambda d: {"within": d["within"] / 4, "better": "all"})(check_bypass_2)
