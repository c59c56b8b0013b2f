"""The experimental statements of 000 §4 (Tables 1–3): arithmetic on the printed tables, and statistics over seeds.

Two kinds of claim:

* sentences built on the printed tables ("three orders of magnitude", "the
  worst performing ... are the Default Networks", "differentiability enforced
  produces the best results", the min/mean gap) are exact claims on the
  numbers transcribed in `symrelu.experiments.paper` (checked against the
  document's text by ``tests/test_experiments_claims.py``);
* statements about what the protocol does are checked on the shipped result
  ``symrelu/data/experiments_tables_1_3.json`` (`symrelu.experiments.results`):
  the paper's protocol run for 10 seeds, 30 models per setting each.  A
  comparison "A gives lower error than B" takes, per seed, the minimum and the
  mean MSE over the seed's 30 models (the statistics the tables print) and
  tests them by a one-sided Mann–Whitney U test (exact, scipy) per target and
  statistic, Holm-corrected over the family at level 0.01: ``verified`` when
  every test rejects "A is not lower", ``refuted`` when some test of the
  opposite direction rejects, ``inconclusive`` otherwise (with the tests that
  decided nothing).  A printed number is checked for lying inside our seed
  distribution by a prediction test on log10 (Student t with n - 1 degrees of
  freedom, the number as one more draw; two-sided, Holm over the row's numbers,
  level 0.01).

No torch is needed: the checks read the shipped file, whose sha256 `load`
verifies.  ``python -m symrelu.experiments --recompute tables_1_3`` retrains.
"""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np
from scipy import stats

from proofs_check.claim import Correction, Reading, from_readings, inconclusive, refuted, verified
from proofs_check.registry import claim_sheet
from symrelu.experiments.paper import PAPER_TABLE_3, PAPER_TABLES_1_2, TARGET_LABELS, TYPE_LABELS

__all__: list[str] = []

sheet = claim_sheet(__file__)
TARGETS = ("x3", "x11", "sin", "tanh")
COLUMNS = tuple((stat, t) for stat in ("min", "mean") for t in TARGETS)
ALPHA = 0.01
RESULT = "tables_1_3"
#: A printed number is outside our seed distribution only if the test rejects and it is this factor from our median.
FACTOR = 2.0


def _col(column) -> str:
    stat, t = column
    return f"{stat.capitalize()} {TARGET_LABELS[t].split(' ')[0]}"


def _value(table, kind, column) -> float:
    stat, t = column
    return table[kind][t][0 if stat == "min" else 1]


# --------------------------------------------------------------------------
# exact claims on the printed Tables 1-2
# --------------------------------------------------------------------------

def _decades(data) -> dict:
    """log10(Default min / best constrained min) per target, from the printed table."""
    table = data["table"]
    return {t: math.log10(table["default"][t][0] / min(table[k][t][0] for k in data["constrained"]))
            for t in TARGETS}


_THREE_ORDERS_CORRECTION = ("When pretraining constraints are used, the minimum error falls by one to three orders "
                            "of magnitude below the default networks' (by the tables: 1.4 decades for x^11 to 3.0 "
                            "for sin).")


@sheet.claim("000/section-4.2-three-orders",
             data={"decades": 3, "table": PAPER_TABLES_1_2, "constrained": ("free", "law")},
             perturb=lambda d: {**d, "decades": d["decades"] + 1})
def check_three_orders(data):
    dec = _decades(data)
    n = data["decades"]
    listing = ", ".join(f"{TARGET_LABELS[t].split(' ')[0]} {v:.2f}" for t, v in dec.items())
    law_only = _decades({**data, "constrained": ("law",)})
    listing += " (Differentiability Enforced alone: " + ", ".join(f"{v:.2f}" for v in law_only.values()) + ")"
    correction = Correction(_THREE_ORDERS_CORRECTION, {**data, "decades": 1})
    readings = []
    for name, desc, floor in (
            ("at-least", f"'{n} orders' read as a factor of at least 10^{n} on every target", n),
            ("rounded", f"'{n} orders' read as at least {n} decades after rounding (>= {n - 0.5}) on every target",
             n - 0.5)):
        short = [t for t, v in dec.items() if v < floor]
        if short:
            out = refuted(f"below {floor} decades: {', '.join(TARGET_LABELS[t] for t in short)}",
                          counterexample={t: round(dec[t], 3) for t in short}, correction=correction)
        else:
            out = verified(f"every target >= {floor} decades")
        readings.append(Reading.of(name, desc, out))
    return from_readings(readings, detail=(
        f"log10(Default min / min of {' and '.join(TYPE_LABELS[k] for k in data['constrained'])}) per target, "
        f"printed Tables 1-2: {listing}."), correction=correction)


def _ordering(data):
    """``group`` above (side 'worst') or below (side 'best') every other row, in each listed column."""
    table, group, worst = data["table"], tuple(data["group"]), data["side"] == "worst"
    others = [k for k in table if k not in group]
    bad = []
    for column in data["columns"]:
        mine = [_value(table, k, column) for k in group]
        theirs = [_value(table, k, column) for k in others]
        ok = min(mine) > max(theirs) if worst else max(mine) < min(theirs)
        if not ok:
            beat = [k for k in others if (_value(table, k, column) >= min(mine) if worst
                                          else _value(table, k, column) <= max(mine))]
            bad.append((column, beat))
    names = " and ".join(TYPE_LABELS[k] for k in group)
    where = f"{len(data['columns'])} columns of the printed Tables 1-2"
    if not bad:
        return verified(f"{names} {'above' if worst else 'below'} every other row in each of the {where}.")
    cells = "; ".join(f"{_col(c)}: " + ", ".join(f"{TYPE_LABELS[k]} {_value(data['table'], k, c):.3g}" for k in ks)
                      + f" vs {names} " + ", ".join(f"{_value(data['table'], k, c):.3g}" for k in group)
                      for c, ks in bad)
    fix = data.get("correction_for") or None
    correction = None if fix is None else Correction(fix["text"], {**data, **fix["changes"], "correction_for": None})
    return refuted(f"not the {data['side']} in {len(bad)} of the {where}: {cells}.",
                   counterexample={_col(c): ks for c, ks in bad}, correction=correction)


sheet.table(
    [dict(id="000/section-4.2-default-worst",
          data={"table": PAPER_TABLES_1_2, "group": ("default",), "side": "worst", "columns": COLUMNS,
                "correction_for": {"text": ("The worst performing networks are the randomly initialized ones, the "
                                            "Default Networks and RAAI: both lie above every reparameterized row in "
                                            "every column (RAAI is the worst in Min x^3, Min x^11 and Mean x^11)."),
                                   "changes": {"group": ("default", "raai")}}},
          perturb=lambda d: {**d, "group": ("law",)}),
     dict(id="000/section-4.1-best",
          data={"table": PAPER_TABLES_1_2, "group": ("law",), "side": "best", "columns": COLUMNS,
                "correction_for": {"text": ("Pretraining with differentiability enforced gives the lowest mean error "
                                            "on every target and the lowest minimum on x^3, x^11 and tanh(3x); for "
                                            "sin the Not Enforced minimum is lower (4.41e-8 < 5.06e-8)."),
                                   "changes": {"columns": tuple(c for c in COLUMNS if c != ("min", "sin"))}}},
          perturb=lambda d: {**d, "group": ("free",)})],
    check=_ordering,
)


@sheet.claim("000/section-4.2-gap", data={"table": PAPER_TABLES_1_2, "row": "law"},
             perturb=lambda d: {**d, "row": "free"})
def check_gap(data):
    table, row = data["table"], data["row"]
    ratio = {k: {t: table[k][t][1] / table[k][t][0] for t in TARGETS} for k in table}
    bad = [t for t in TARGETS if any(ratio[k][t] <= ratio[row][t] for k in table if k != row)]
    listing = "; ".join(f"{TARGET_LABELS[t].split(' ')[0]}: " + ", ".join(f"{k} {ratio[k][t]:.3g}" for k in table)
                        for t in TARGETS)
    if bad:
        return refuted(f"mean/min of {TYPE_LABELS[row]} is not the smallest for {bad}. Ratios: {listing}.",
                       counterexample=bad)
    return verified(f"mean/min of {TYPE_LABELS[row]} is the smallest of the {len(table)} rows on every target. "
                    f"Ratios: {listing}.")


# --------------------------------------------------------------------------
# statistics over seeds, on the shipped result
# --------------------------------------------------------------------------

@lru_cache(maxsize=None)
def _result(name: str) -> dict:
    from symrelu.experiments.results import load

    return load(name)


def _per_seed(result, part, kind, target, stat) -> np.ndarray:
    values = result["mse"][part][kind][target]  # (seeds, models)
    return values.min(axis=1) if stat == "min" else values.mean(axis=1)


def _holm(pvalues) -> np.ndarray:
    """Holm's step-down adjusted p-values."""
    p = np.asarray(pvalues, dtype=float)
    order = np.argsort(p)
    adjusted = np.empty_like(p)
    running = 0.0
    for rank, i in enumerate(order):
        running = max(running, min(1.0, (len(p) - rank) * p[i]))
        adjusted[i] = running
    return adjusted


def _protocol(result) -> str:
    c = result["config"]
    return (f"{len(result['seeds'])} seeds x {c['n_models']} models per setting, {c['pretrain_epochs']} + "
            f"{c['free_epochs']} Adam steps (lr {c['lr']}, full batch, {c['dtype']})")


def _comparison(data):
    """``better`` gives lower per-seed min / mean MSE than ``worse`` (one type or several) on every target.

    One-sided exact Mann–Whitney U per (worse type, target, statistic), Holm over the family.
    """
    result = _result(data["result"])
    part, better, alpha = data["part"], data["better"], data["alpha"]
    worse = (data["worse"],) if isinstance(data["worse"], str) else tuple(data["worse"])
    available = result["mse"][part]
    missing = [k for k in (better, *worse) if k not in available]
    if missing:
        return inconclusive(f"the shipped result {data['result']!r} has no runs of {missing} (part {part!r}).")
    tests = [(w, t, s) for w in worse for t in data["targets"] for s in data["statistics"]]
    less, greater, ratios = [], [], []
    for w, t, s in tests:
        a = _per_seed(result, part, better, t, s)
        b = _per_seed(result, part, w, t, s)
        less.append(stats.mannwhitneyu(a, b, alternative="less", method="exact").pvalue)
        greater.append(stats.mannwhitneyu(a, b, alternative="greater", method="exact").pvalue)
        ratios.append(math.log10(np.median(b) / np.median(a)))
    p_less, p_greater = _holm(less), _holm(greater)
    n = len(result["seeds"])
    rows = "; ".join(f"{w} {s} {TARGET_LABELS[t].split(' ')[0]}: {r:+.2f} decades, p = {p:.2g}"
                     for (w, t, s), r, p in zip(tests, ratios, p_less))
    detail = (f"{TYPE_LABELS[better]} vs {' and '.join(TYPE_LABELS[w] for w in worse)} ({part}), {_protocol(result)}: "
              f"per seed the {' and the '.join(data['statistics'])} over its models; one-sided exact Mann-Whitney U "
              f"({n} vs {n} seeds) per type, target and statistic, Holm over {len(tests)} tests, level {alpha}. "
              f"log10(median other / median {better}) and Holm-adjusted p: {rows}.")
    opposite = [(w, t, s) for (w, t, s), p in zip(tests, p_greater) if p <= alpha]
    if opposite:
        keep = tuple(t for t in data["targets"] if all(o[1] != t for o in opposite))
        fix = Correction(f"{TYPE_LABELS[better]} gives lower error than {', '.join(worse)} on "
                         f"{', '.join(TARGET_LABELS[t] for t in keep)}.", {**data, "targets": keep}) if keep else None
        return refuted(detail + f" The opposite holds significantly for {opposite}.", counterexample=opposite,
                       correction=fix)
    open_tests = [(w, t, s) for (w, t, s), p in zip(tests, p_less) if p > alpha]
    if open_tests:
        return inconclusive(detail + f" Not significant at {alpha}: {open_tests} (in neither direction).")
    return verified(detail)


def _published(data):
    """Every printed number of a row lies inside our seed distribution (log10 prediction test, Holm)."""
    result = _result(data["result"])
    part, kind, alpha = data["part"], data["type"], data["alpha"]
    if kind not in result["mse"][part]:
        return inconclusive(f"{TYPE_LABELS.get(kind, kind)} is not run: {data.get('why', 'no runs in the shipped result')}.")
    cells, pvalues = [], []
    n = len(result["seeds"])
    for t, pair in data["values"].items():
        for s, printed in zip(("min", "mean"), pair):
            if printed is None:
                continue
            ours = np.log10(_per_seed(result, part, kind, t, s))
            sd = ours.std(ddof=1)
            if sd == 0:
                return inconclusive(f"our {n} seeds give one value for {s} {t}: no spread to test against.")
            z = (math.log10(printed) - ours.mean()) / (sd * math.sqrt(1 + 1 / n))
            pvalues.append(2 * stats.t.sf(abs(z), n - 1))
            below = int(np.sum(ours <= math.log10(printed)))
            cells.append((t, s, printed, 10 ** np.median(ours), 10 ** ours.min(), 10 ** ours.max(), below))
    adjusted = _holm(pvalues)
    rows = "; ".join(f"{s} {TARGET_LABELS[t].split(' ')[0]}: printed {v:.3g}, ours median {med:.3g} "
                     f"[{lo:.3g}, {hi:.3g}], {below}/{n} seeds at or below, p = {p:.2g}"
                     for (t, s, v, med, lo, hi, below), p in zip(cells, adjusted))
    detail = (f"{TYPE_LABELS[kind]} ({part}), {_protocol(result)}; each printed number against our per-seed "
              f"statistic (min or mean over a seed's models) as one more draw: two-sided t prediction test on "
              f"log10, Holm over {len(cells)} numbers, level {alpha}, and more than a factor {FACTOR} from our "
              f"median: {rows}.")
    # outside: significant AND more than a factor FACTOR from our median (a gap of a few percent between
    # tightly clustered seeds is significant but no failure to reproduce a printed 3-digit number)
    outside = [(t, s) for (t, s, v, med, *_), p in zip(cells, adjusted)
               if p <= alpha and abs(math.log10(v / med)) > math.log10(FACTOR)]
    if outside:
        medians = {t: tuple(None if v is None else float(10 ** np.median(np.log10(_per_seed(result, part, kind, t, s))))
                            for s, v in zip(("min", "mean"), pair)) for t, pair in data["values"].items()}
        fix = Correction(f"Under our protocol the {TYPE_LABELS[kind]} row is, by the medians over "
                         f"{n} seeds: " + ", ".join(f"{t} {m}" for t, m in medians.items()),
                         {**data, "values": medians})
        return refuted(detail + f" Outside our distribution: {outside}.", counterexample=outside, correction=fix)
    return verified(detail)


def _scale(data, factor=1e3):
    return {**data, "values": {t: tuple(None if v is None else v * factor for v in pair)
                               for t, pair in data["values"].items()}}


def _swap(data):
    worse = data["worse"] if isinstance(data["worse"], str) else data["worse"][0]
    return {**data, "better": worse, "worse": data["better"]}


def _method(test: str) -> str:
    from symrelu.experiments.results import RESULTS

    spec = RESULTS[RESULT]
    c = spec["config"]
    seeds = spec["seeds"]
    return (f"monte-carlo (n={len(seeds)} seeds {seeds[0]}-{seeds[-1]} x {c['n_models']} models per setting, "
            f"{c['pretrain_epochs']} + {c['free_epochs']} Adam steps, shipped as "
            f"symrelu/data/experiments_{RESULT}.json; test={test}, level {ALPHA})")


_MW = "one-sided exact Mann-Whitney U on the per-seed min and mean MSE, per target, Holm-corrected"
_PRED = ("two-sided t prediction test of each printed number against the per-seed statistics on log10, Holm over the "
         "row; outside only if also more than a factor 2 from our median")


def comparison_row(id, better, worse, part="tables", statistics=("min", "mean")) -> dict:
    """A row of a `_comparison` table: ``better`` below ``worse`` on every target (also 001's rows)."""
    return dict(id=id, data={"result": RESULT, "part": part, "better": better, "worse": worse, "targets": TARGETS,
                             "statistics": statistics, "alpha": ALPHA})


sheet.table(
    [comparison_row("000/tables-1-2-enforced-vs-default", "law", "default"),
     comparison_row("000/section-4.2-skipped-benefit", "skipped", "default"),
     comparison_row("000/table-3-enforced-vs-default", "law", "default", part="sparse_test", statistics=("min",)),
     comparison_row("000/section-4.1-best-over-seeds", "law", ("skipped", "free"))],
    method=_method(_MW), perturb=_swap, check=_comparison,
)

_ROW_IDS = {"default": "default", "raai": "raai", "skipped": "pretraining-skipped", "free": "not-enforced",
            "law": "enforced"}
_RAAI_WHY = ("RAAI (Singh & Sreejith 2021) is not implemented: the public description we could read gives the idea "
             "(anti-correlated weights, asymmetric initialization) but not the covariance and sampling details a "
             "faithful implementation needs")

# one claim per printed row; which rows the shipped seeds refute (a printed number more than a factor 2 off
# and significant) is the project's expectation, in the sheet; the verdicts themselves come from the data
_ROWS = [dict(id=f"000/table-{_table}-{_slug}",
              data={"result": RESULT, "part": "tables", "type": _kind, "alpha": ALPHA,
                    "values": {t: PAPER_TABLES_1_2[_kind][t] for t in _targets},
                    **({"why": _RAAI_WHY} if _kind == "raai" else {})})
         for _table, _targets in ((1, ("x3", "x11")), (2, ("sin", "tanh"))) for _kind, _slug in _ROW_IDS.items()]
_ROWS += [dict(id=f"000/table-3-{_slug}", data={"result": RESULT, "part": "sparse_test", "type": _kind, "alpha": ALPHA,
                                                "values": {t: PAPER_TABLE_3[_kind][t] for t in TARGETS}})
          for _kind, _slug in (("default", "default"), ("law", "pretraining"))]
sheet.table(_ROWS, method=_method(_PRED), perturb=_scale, check=_published)


_NUMPY_TARGETS = {"x3": lambda x: x**3, "x11": lambda x: x**11, "sin": lambda x: np.sin(np.pi * x / 2),
                  "tanh": lambda x: np.tanh(3 * x)}


def _collapse(data):
    """The share of ``type``'s networks no better than a constant lies in [low, high] (Clopper–Pearson)."""
    result = _result(data["result"])
    part, kind, alpha, low, high = data["part"], data["type"], data["alpha"], data["low"], data["high"]
    if kind not in result["mse"][part]:
        return inconclusive(f"{TYPE_LABELS.get(kind, kind)} is not run: {data.get('why', 'no runs shipped')}.")
    x = np.linspace(0, 1, result["config"]["n_points"])
    flags, per_seed = [], []
    for t, values in result["mse"][part][kind].items():
        flat = values >= data["threshold"] * _NUMPY_TARGETS[t](x).var()  # the best constant's MSE is Var(y)
        flags.append(flat)
        per_seed.append(flat.mean(axis=1))
    flags = np.concatenate([f.ravel() for f in flags])
    k, n = int(flags.sum()), flags.size
    ci = stats.binomtest(k, n).proportion_ci(confidence_level=1 - alpha, method="exact")
    share = np.mean(per_seed, axis=0)
    detail = (f"{TYPE_LABELS[kind]} ({part}), {_protocol(result)}: a network counts as collapsed when its final MSE "
              f"is at least {data['threshold']} x Var(target) (no better than the best constant). {k} of {n} "
              f"networks ({k / n:.1%}); per seed {', '.join(f'{v:.0%}' for v in share)}; exact "
              f"{1 - alpha:.0%} interval [{ci.low:.3f}, {ci.high:.3f}] against the stated [{low:.3g}, {high:.3g}].")
    if low <= ci.low and ci.high <= high:
        return verified(detail)
    if ci.high < low or ci.low > high:
        lo, hi = max(0.0, ci.low * 0.8), min(1.0, ci.high * 1.2)
        fix = Correction(f"In a typical run of these experiments, between {lo:.0%} and {hi:.0%} of the default "
                         f"networks collapse.", {**data, "low": lo, "high": hi})
        return refuted(detail, counterexample=k / n, correction=fix)
    return inconclusive(detail + " The interval overlaps the stated range without lying inside it.")


def _shift_range(data):
    low, high = data["low"], data["high"]
    if high <= 0.5:
        return {**data, "low": min(1.0, low * 4), "high": min(1.0, high * 4)}
    return {**data, "low": low / 4, "high": high / 4}


_COLLAPSE = {"result": RESULT, "part": "tables", "type": "default", "threshold": 0.999, "low": 1 / 3, "high": 2 / 3,
             "alpha": ALPHA}
COLLAPSE = sheet.claim(
    "000/section-4.2-collapse", data=_COLLAPSE, perturb=_shift_range,
    method=_method("exact Clopper-Pearson interval of the share of collapsed networks, pooled over seeds and targets"),
)(_collapse)


def _concrete(data):
    """Inconclusive unless a packaged copy of the Concrete data set is found (then: not yet checked)."""
    import glob
    import os

    import symrelu

    here = os.path.join(os.path.dirname(symrelu.__file__), "data")
    found = sorted(glob.glob(os.path.join(here, data["pattern"])))
    if not found:
        return inconclusive(f"{data['dataset']} is not shipped with symrelu ({data['pattern']} under "
                            f"symrelu/data) nor with any dependency we may use; the UCI copy is a download, which "
                            f"the checks do not do. The Figure 14 losses (block-diagonal: 30.1 ours vs 40.8 Kaiming; "
                            f"dense: 22.3 vs 21.2) are therefore not checked.")
    return inconclusive(f"a copy of {data['dataset']} is shipped ({found[0]}) but no experiment runs on it yet.")


sheet.claim("000/figure-14", data={"dataset": "UCI 'Concrete Compressive Strength' (Yeh 1998)", "pattern": "concrete*"},
            perturb=lambda d: {**d, "pattern": "*"})(_concrete)


def _untrained_order(data):
    """log10 of the best untrained construction's MSE per seed (000 A.8): is it of the order 10^decades?"""
    from symrelu.triangle import triangle_network

    x = np.linspace(0, 1, data["n_points"])
    y = _NUMPY_TARGETS[data["target"]](x)
    best = []
    for s in data["seeds"]:  # the initial peaks of the shipped protocol (protocol._peaks, Config(seed=s))
        peaks = np.random.default_rng(s).uniform(data["margin"], 1 - data["margin"], size=(data["n_models"], 6))
        best.append(min(float(np.mean((triangle_network(list(p), variant="subtract").forward(x) - y) ** 2))
                        for p in peaks))
    logs = np.log10(best)
    n, alpha, k = len(logs), data["alpha"], data["decades"]
    half = stats.t.ppf(1 - alpha / 2, n - 1) * logs.std(ddof=1) / math.sqrt(n)
    lo, hi = logs.mean() - half, logs.mean() + half
    detail = (f"Best of {data['n_models']} untrained depth-5 constructions (waves subtracted, peaks uniform in "
              f"[{data['margin']}, {1 - data['margin']}], the initial peaks of seeds {data['seeds'][0]}-"
              f"{data['seeds'][-1]}) against {TARGET_LABELS[data['target']]} on {data['n_points']} points: "
              f"{', '.join(f'{b:.2g}' for b in best)}; mean log10 {logs.mean():.2f}, {1 - alpha:.0%} t-interval "
              f"[{lo:.2f}, {hi:.2f}] against 'of the order 10^{k}' read as log10 in [{k - 0.5}, {k + 0.5}].")
    if k - 0.5 <= lo and hi <= k + 0.5:
        return verified(detail)
    if hi < k - 0.5 or lo > k + 0.5:
        fix = round(float(logs.mean()))
        return refuted(detail, counterexample=float(10 ** logs.mean()), correction=Correction(
            f"Our networks are performing better here simply because they are always outputting convex functions. "
            f"But this only accounts for losses on the order of 10^{{{fix}}} ...", {**data, "decades": fix}))
    return inconclusive(detail + " The interval straddles the edge of the stated order.")


sheet.claim("000/appendix-a.8-convex-init",
            data={"target": "x3", "decades": -4, "seeds": tuple(range(10)), "n_models": 30, "n_points": 500,
                  "margin": 0.01, "alpha": ALPHA},
            perturb=lambda d: {**d, "decades": d["decades"] + 1})(_untrained_order)


# --------------------------------------------------------------------------
# the main-body sentences on trained networks (§1, §4, §5, §6): orders of magnitude, bends, structure, §5
# --------------------------------------------------------------------------
#
# Shared conventions: "k orders of magnitude lower" is tested as a shift: a one-sided test that
# log10(better) + k lies below log10(worse) (exact Mann-Whitney U between the per-seed statistics; a
# Wilcoxon signed-rank test where the two come from the same seed's networks, as in §5), Holm over the
# targets (and problems) of one reading, level ALPHA.  Where the document does not say whether the
# minimum or the mean over a seed's networks is meant, both are readings.

@lru_cache(maxsize=None)
def _load_run(name: str) -> dict:
    from symrelu.experiments.function_space_runs import load_run

    return load_run(name)


def _shift_tests(tests, alpha):
    """``tests``: (label, better log10 values, worse log10 values, k, paired); Holm-adjusted p both ways."""
    less, greater, gaps = [], [], []
    for label, a, b, k, paired in tests:
        a = np.asarray(a, float) + k
        b = np.asarray(b, float)
        if paired:
            less.append(stats.wilcoxon(a - b, alternative="less", method="exact").pvalue)
            greater.append(stats.wilcoxon(a - b, alternative="greater", method="exact").pvalue)
        else:
            less.append(stats.mannwhitneyu(a, b, alternative="less", method="exact").pvalue)
            greater.append(stats.mannwhitneyu(a, b, alternative="greater", method="exact").pvalue)
        gaps.append(float(np.median(b) - np.median(a - k)))
    return _holm(less), _holm(greater), gaps


def _decision(labels, p_less, p_greater, gaps, ks, alpha):
    """verified / refuted / inconclusive of one family of shift tests, and its listing."""
    rows = "; ".join(f"{lab}: median gap {g:.2f} decades (claimed >= {k:g}), p = {p:.2g}"
                     for lab, g, k, p in zip(labels, gaps, ks, p_less))
    opposite = [lab for lab, p in zip(labels, p_greater) if p <= alpha]
    if opposite:
        return "refuted", rows + f"; the opposite holds significantly for {opposite}", opposite
    open_tests = [lab for lab, p in zip(labels, p_less) if p > alpha]
    if open_tests:
        return "inconclusive", rows + f"; not significant at {alpha} in either direction: {open_tests}", open_tests
    return "verified", rows, []


def _k(decades, target) -> float:
    return decades[target] if isinstance(decades, dict) else decades


def _section_5_tests(spec, alpha):
    """Paired shift tests of §5 (blocks below the standard network by ``decades``), one per problem."""
    run = _load_run(spec["run"])
    tests = []
    for p in spec["problems"]:
        v = run["values"][p]
        tests.append((f"§5 {p}", np.log10(v[spec["better"]]), np.log10(v[spec["worse"]]), _k(spec["decades"], p), True))
    return tests


def _orders(data):
    """``better`` lies ``decades`` orders of magnitude below each of ``worse`` on every target (per reading)."""
    result = _result(data["result"])
    (bpart, btype), alpha, n = data["better"], data["alpha"], len(result["seeds"])
    worse = [tuple(w) for w in data["worse"]]
    missing = [f"{t} ({p})" for p, t in [tuple(data["better"])] + worse if t not in result["mse"][p]]
    present = [w for w in worse if w[1] in result["mse"][w[0]]]
    readings, lines, corrected = [], [], {}
    for stat in data["statistics"]:
        tests = [(f"{TYPE_LABELS.get(wt, wt)} ({wp}) {TARGET_LABELS[t].split(' ')[0]}",
                  np.log10(_per_seed(result, bpart, btype, t, stat)), np.log10(_per_seed(result, wp, wt, t, stat)),
                  _k(data["decades"], t), False)
                 for wp, wt in present for t in data["targets"]]
        if data.get("section_5"):
            tests += _section_5_tests(data["section_5"], alpha)
        p_less, p_greater, gaps = _shift_tests(tests, alpha)
        verdict, rows, bad = _decision([t[0] for t in tests], p_less, p_greater, gaps, [t[3] for t in tests], alpha)
        s5 = data.get("section_5") or {}
        if verdict == "refuted" and s5.get("unspecified") and all(lab.startswith("§5") for lab in bad):
            verdict = "inconclusive"
            rows += f" (which does not refute the statement: {s5['unspecified']})"
        if missing and verdict != "refuted":
            verdict = "inconclusive"
            rows += f"; not run: {', '.join(missing)} ({data.get('why', 'no runs shipped')})"
        lines.append(f"per-seed {stat}: {rows}")
        outcome_args = dict(detail=f"per-seed {stat}: {rows}")
        if verdict == "refuted":
            # half a decade below the median gap (rounded down to half decades) on every target
            fix_k = {t: max(0.0, math.floor(2 * min(g for (lab, *_), g in zip(tests, gaps)
                                                       if lab.endswith(TARGET_LABELS[t].split(' ')[0])) - 1) / 2)
                     for t in data["targets"]}
            fix = Correction(f"By the per-seed {stat} MSE, {TYPE_LABELS.get(btype, btype)} is lower than "
                             f"{', '.join(TYPE_LABELS.get(w[1], w[1]) for w in present)} by at least "
                             + ", ".join(f"{k:g} orders of magnitude on {TARGET_LABELS[t]}" for t, k in fix_k.items())
                             + ".", {**data, "decades": fix_k, "section_5": None, "statistics": (stat,), "worse": tuple(present)})
            corrected[stat] = fix
            out = refuted(outcome_args["detail"], counterexample=bad, correction=fix)
        elif verdict == "verified":
            out = verified(outcome_args["detail"])
        else:
            out = inconclusive(outcome_args["detail"])
        readings.append(Reading.of(f"per-seed-{stat}", f"the error of a setting read as the {stat} MSE over a "
                                   f"seed's {result['config']['n_models']} networks", out))
    detail = (f"{TYPE_LABELS.get(btype, btype)} ({bpart}) against {', '.join(f'{TYPE_LABELS.get(t, t)} ({p})' for p, t in worse)}, "
              f"{_protocol(result)}: shifted one-sided exact Mann-Whitney U on log10 of the per-seed statistic "
              f"({n} vs {n} seeds)" + (", and §5's networks paired by seed (Wilcoxon signed-rank, shipped run "
                                       f"{data['section_5']['run']})" if data.get("section_5") else "")
              + f", Holm over each reading's tests, level {alpha}.")
    if len({r.verdict for r in readings}) > 1:  # from_readings then lists the verdicts only: give the numbers
        detail += " " + " | ".join(lines) + "."
    return from_readings(readings, detail=detail)


def _more_decades(data):
    d = data["decades"]
    return {**data, "decades": ({t: k + 3 for t, k in d.items()} if isinstance(d, dict) else d + 3),
            "section_5": None if not data.get("section_5") else {**data["section_5"],
                                                                   "decades": _k(data["section_5"]["decades"], "") + 3}}


def orders_row(id, decades, worse=("default",), statistics=("min", "mean"), section_5=None, better=("tables", "law"),
               **extra) -> dict:
    """A row of an `_orders` table (also 001's and 002's rows)."""
    return dict(id=id, data={"result": RESULT, "better": better, "worse": tuple(("tables", w) if isinstance(w, str) else w
                                                                              for w in worse),
                             "targets": TARGETS, "statistics": statistics, "decades": decades, "section_5": section_5,
                             "alpha": ALPHA, **extra})


_S5_WHY = ("000 §5 leaves its blocks' construction open where our implementation (symrelu.experiments.blocks) has "
           "to choose: its modifications ('two neurons are used for the sum', triangles 'generated upside-down'), the "
           "input directions of r^3's 'union', and the lowered learning rate of the second phase (A.9) are not "
           "specified enough to copy, and our pretraining ends far above the printed losses (the run's "
           "blocks_at_switch)")
_S5 = {"run": "000_section_5", "problems": ("x3_minus_x", "r3"), "better": "blocks", "worse": "standard_8",
       "unspecified": _S5_WHY}
ORDERS = sheet.table(
    [orders_row("000/abstract-accuracy", 3),
     orders_row("000/intro-orders-of-magnitude", 2),
     orders_row("000/section-4-orders", 2, worse=("default", "raai"), why=_RAAI_WHY),
     orders_row("000/section-6-improvements", 1, section_5={**_S5, "decades": 1})],
    method=_method("shifted one-sided exact Mann-Whitney U on log10 of the per-seed min and mean MSE (two readings), "
                   "Holm over the targets"), perturb=_more_decades, check=_orders,
)


def _raai_dying(data):
    """RAAI's dying-ReLU rate against Kaiming's: needs RAAI runs (the shipped result says whether it has any)."""
    result = _result(data["result"])
    runs = sorted(result["mse"][data["part"]])
    if "raai" not in runs:
        return inconclusive(f"the shipped result {data['result']!r} runs {runs}, no RAAI: {data['why']}. Kaiming "
                            f"alone is claim 000/section-4.2-collapse.")
    return inconclusive("RAAI runs are shipped but no dying-ReLU count is taken from them yet.")


RAAI_DYING = sheet.claim(
    "000/section-2.2-raai", data={"result": RESULT, "part": "tables", "why": _RAAI_WHY},
    perturb=lambda d: {**d, "part": "sparse_test"},
    method=_method("the share of collapsed networks under RAAI against Kaiming, if RAAI is run"),
)(_raai_dying)


# -- §4.3: bends of the trained default networks (run 000_section_4_3_bends: Tables 1-2's networks of seeds 0-9)

def _best_line_mse(target: str, n_points: int) -> float:
    x = np.linspace(0, 1, n_points)
    y = _NUMPY_TARGETS[target](x)
    return float(np.mean((np.polyval(np.polyfit(x, y, 1), x) - y) ** 2))


def _default_networks(run) -> dict:
    """Per target: pieces, MSE (seeds, models) of the trained default networks, and whether each collapsed."""
    x = np.linspace(0, 1, 500)
    out = {}
    for t, v in run["values"]["default"].items():
        mse, pieces = np.asarray(v["mse"]), np.asarray(v["pieces"])
        out[t] = {"mse": mse, "pieces": pieces, "collapsed": mse >= 0.999 * _NUMPY_TARGETS[t](x).var()}
    return out


def _bends_below(data):
    """Per seed, the mean number of output bends of the default networks is below ``threshold`` (Wilcoxon)."""
    run = _load_run(data["run"])
    nets = _default_networks(run)
    alpha, thr = data["alpha"], data["threshold"]
    readings = []
    for name, desc, keep in (("all", "every trained default network", lambda v: np.ones_like(v["collapsed"])),
                             ("not-collapsed", "the default networks that did not collapse to a constant",
                              lambda v: ~v["collapsed"])):
        bends = np.concatenate([v["pieces"] - 1 for v in nets.values()], axis=1)
        mask = np.concatenate([keep(v) for v in nets.values()], axis=1).astype(bool)
        per_seed = np.array([b[m].mean() for b, m in zip(bends, mask)])
        p_less = stats.wilcoxon(per_seed - thr, alternative="less", method="exact").pvalue
        p_greater = stats.wilcoxon(per_seed - thr, alternative="greater", method="exact").pvalue
        pooled = np.concatenate([b[m] for b, m in zip(bends, mask)])
        text = (f"{desc}: {pooled.size} networks, bends median {np.median(pooled):g}, max {pooled.max()}, "
                f"{np.mean(pooled >= thr):.1%} with >= {thr}; per-seed mean "
                f"{', '.join(f'{v:.2f}' for v in per_seed)}; one-sided exact Wilcoxon signed-rank against {thr}: "
                f"p = {p_less:.2g}")
        if p_greater <= alpha:
            fix = Correction(f"The default networks make at least {thr} bends on average.",
                             {**data, "threshold": math.ceil(2 * per_seed.max())})
            out = refuted(text, counterexample=float(per_seed.mean()), correction=fix)
        elif p_less <= alpha:
            out = verified(text)
        else:
            out = inconclusive(text + f" (not significant at {alpha})")
        readings.append(Reading.of(name, f"the bends of {desc}", out))
    return from_readings(readings, detail=(
        f"Output bends on [0, 1] (pieces - 1, ReLUNetwork.to_pwl, float64) of the default (Kaiming) networks of Tables "
        f"1-2 ({len(run['seeds'])} seeds x {run['config']['n_models']} models x {len(nets)} targets, run "
        f"{data['run']}) against {thr} (one per neuron: 4 x 5); level {alpha}."))


_BENDS = {"run": "000_section_4_3_bends", "alpha": ALPHA}
ONE_BEND = sheet.claim(
    "000/section-4.3-one-bend-default", data={**_BENDS, "threshold": 20},
    perturb=lambda d: {**d, "threshold": 0},
    method=("monte-carlo (run 000_section_4_3_bends: the default networks of the shipped Tables 1-2 protocol, n=10 "
            "seeds x 30 models x 4 targets, bends counted by the exact CPWL engine; test=one-sided exact Wilcoxon "
            f"signed-rank of the per-seed mean bends against 20, level {ALPHA})"),
)(_bends_below)


def _share_in_range(k, n, data, detail, fix_text):
    """verified when the exact (Clopper-Pearson) interval of k/n lies in [low, high], refuted when outside."""
    low, high, alpha = data["low"], data["high"], data["alpha"]
    ci = stats.binomtest(k, n).proportion_ci(confidence_level=1 - alpha, method="exact")
    detail += (f" {k} of {n} ({k / n:.1%}); exact {1 - alpha:.0%} interval [{ci.low:.4f}, {ci.high:.4f}] against "
               f"[{low:.3g}, {high:.3g}].")
    if low <= ci.low and ci.high <= high:
        return verified(detail)
    if ci.high < low or ci.low > high:
        lo, hi = max(0.0, ci.low * 0.8), min(1.0, ci.high * 1.2)
        return refuted(detail, counterexample=k / n,
                       correction=Correction(fix_text.format(lo=lo, hi=hi), {**data, "low": lo, "high": hi}))
    return inconclusive(detail + " The interval overlaps the range without lying inside it.")


def _line_of_best_fit(data):
    """The share of default networks whose output is a bend-free line of best fit lies in [low, high]."""
    run = _load_run(data["run"])
    k = n = 0
    for t, v in _default_networks(run).items():
        line = _best_line_mse(t, 500)
        fit = (v["pieces"] == 1) & ~v["collapsed"] & (v["mse"] <= (1 + data["tolerance"]) * line)
        k, n = k + int(fit.sum()), n + fit.size
    detail = (f"Default (Kaiming) networks of Tables 1-2 (run {data['run']}: {len(run['seeds'])} seeds x "
              f"{run['config']['n_models']} models x 4 targets): a bend-free line of best fit = one piece on [0, 1] "
              f"(exact CPWL engine), not a constant, MSE within {data['tolerance']:.0%} of the least-squares line's;")
    return _share_in_range(k, n, data, detail, "Occasionally ({lo:.1%} to {hi:.1%} of the default networks), the "
                                               "network outputs a bend-free line of best fit.")


sheet.claim("000/section-4.3-line-of-best-fit", data={**_BENDS, "tolerance": 0.01, "low": 0.01, "high": 0.5},
            perturb=lambda d: {**d, "low": 0.5, "high": 1.0},
            method=("monte-carlo (run 000_section_4_3_bends: the default networks of the shipped Tables 1-2 protocol, "
                    "n=10 seeds x 30 models x 4 targets, bends counted by the exact CPWL engine; 'occasionally' read "
                    f"as a share in [1%, 50%]; test=exact Clopper-Pearson interval, level {ALPHA})"),
            )(_line_of_best_fit)


# -- §4.4 / Fig. 6: the triangle-generating structure per layer (x^3, pretraining skipped vs enforced)

#: A layer keeps the structure when it multiplies the activation regions by at least this (2: the construction).
GROWTH = 1.5


def retained_depth(layer_regions, growth: float = GROWTH) -> np.ndarray:
    """Leading hidden layers that keep the triangle-generating structure: each multiplies the regions by ``growth`` or more.

    ``layer_regions[..., l]`` counts the activation regions on [0, 1] of
    hidden layers 1..l+1; the constructed triangle network has 2^l (each
    layer splits every region of the one before in two).  A layer keeps the
    structure while it splits most regions again (regions grow by a factor
    ``growth``, default 1.5, halfway between no split and a split of every
    region); the count stops at the first layer that does not.
    """
    r = np.asarray(layer_regions, dtype=float)
    prev = np.concatenate([np.ones(r.shape[:-1] + (1,)), r[..., :-1]], axis=-1)
    keeps = r >= growth * prev
    return np.argmin(np.concatenate([keeps, np.zeros(r.shape[:-1] + (1,), bool)], axis=-1), axis=-1)


def _structure_arrays(run, target):
    v = run["values"]
    return {k: {"depth": retained_depth(v[k][target]["layer_regions"]), "mse": np.asarray(v[k][target]["mse"])}
            for k in ("skipped", "law")}


def _structure(data):
    """§4.4: skipped networks (usually) lose the structure at a layer of ``lost``; law keeps it deeper, with lower MSE.

    ``lost`` maps reading names to the layers the sentence allows ("around layer 4 or 5").
    """
    run = _load_run(data["run"])
    arr = _structure_arrays(run, data["target"])
    sk, law = arr["skipped"], arr["law"]
    layers = np.asarray(run["values"]["law"][data["target"]]["layer_regions"]).shape[-1]
    alpha = data["alpha"]
    need = max(max(max(v) for v in data["lost"].values()), data.get("kept_to", 0))
    if need > layers:
        return inconclusive(f"the statement (structure lost at layers {dict(data['lost'])}, kept to layer "
                            f"{data.get('kept_to', '-')}) needs networks of {need} hidden layers or more; the stated "
                            f"protocol (and our run {data['run']}) has {layers}. Ours: pretraining skipped keeps "
                            f"{np.mean(sk['depth']):.2f} layers on average, enforced {np.mean(law['depth']):.2f}.")
    d_sk, d_law = sk["depth"].mean(axis=1), law["depth"].mean(axis=1)
    p_deeper = (stats.mannwhitneyu(d_law, d_sk, alternative="greater", method="exact").pvalue,
                stats.mannwhitneyu(d_law, d_sk, alternative="less", method="exact").pvalue)
    m_sk, m_law = np.log10(sk["mse"].min(axis=1)), np.log10(law["mse"].min(axis=1))
    p_error = (stats.mannwhitneyu(m_law, m_sk, alternative="less", method="exact").pvalue,
               stats.mannwhitneyu(m_law, m_sk, alternative="greater", method="exact").pvalue)
    hist = {k: np.bincount(a["depth"].ravel(), minlength=layers + 1).tolist() for k, a in arr.items()}
    mode = int(np.argmax(np.bincount(sk["depth"].ravel()))) + 1
    readings = []
    for name, lost in data["lost"].items():
        # structure lost at layer L <=> L - 1 layers kept
        share = np.mean(np.isin(sk["depth"], [L - 1 for L in lost]), axis=1)
        p_usual = (stats.wilcoxon(share - 0.5, alternative="greater", method="exact").pvalue,
                   stats.wilcoxon(share - 0.5, alternative="less", method="exact").pvalue)
        names = (f"skipped usually lose it at layer {' or '.join(map(str, lost))}", "enforced keeps it deeper",
                 "enforced has the lower min MSE")
        p_for = _holm([p_usual[0], p_deeper[0], p_error[0]])
        p_against = _holm([p_usual[1], p_deeper[1], p_error[1]])
        text = (f"per-seed share of skipped networks losing it at layer {' or '.join(map(str, lost))}: "
                f"{', '.join(f'{v:.2f}' for v in share)} (one-sided exact Wilcoxon against 1/2); Holm over the 3 "
                f"parts: " + "; ".join(f"{n}: p = {p:.2g}" for n, p in zip(names, p_for)))
        against = [n for n, p in zip(names, p_against) if p <= alpha]
        if against:
            fix = Correction(f"Without the guidance of the pretraining, gradient descent usually loses the triangle "
                             f"generating structure at layer {mode} ...; pretraining maintains it at greater depths.",
                             {**data, "lost": {name: (mode,)}})
            out = refuted(text + f"; the opposite holds significantly: {against}", counterexample=against,
                          correction=fix)
        elif all(p <= alpha for p in p_for):
            out = verified(text)
        else:
            out = inconclusive(text)
        readings.append(Reading.of(name, f"'around layer 4 or 5' read as layer {' or '.join(map(str, lost))}", out))
    detail = (f"{TARGET_LABELS[data['target']]}, run {data['run']} ({len(run['seeds'])} seeds x "
              f"{run['config']['n_models']} networks per type, the shipped Tables 1-2 protocol): the structure is kept "
              f"through layer L when each of layers 1..L multiplies the activation regions on [0, 1] by at least "
              f"{GROWTH} (the construction: 2; exact CPWL engine). Networks by layers kept (0..{layers}): skipped "
              f"{hist['skipped']}, enforced {hist['law']}; per-seed mean layers kept: skipped {np.mean(d_sk):.2f}, "
              f"enforced {np.mean(d_law):.2f} (exact Mann-Whitney); per-seed min MSE (exact Mann-Whitney on log10); "
              f"level {alpha}.")
    if len({r.verdict for r in readings}) > 1:
        detail += " " + " | ".join(f"{r.name}: {r.detail}" for r in readings) + "."
    return from_readings(readings, detail=detail)


_STRUCTURE = {"run": "000_section_4_3_bends", "target": "x3", "alpha": ALPHA}
STRUCTURE = sheet.claim(
    "000/section-4.4-structure", data={**_STRUCTURE, "lost": {"as-printed": (4, 5), "around": (3, 4, 5)}},
    perturb=lambda d: {**d, "lost": {name: (1,) for name in d["lost"]}},
    method=("monte-carlo (run 000_section_4_3_bends: the x^3 networks of the shipped Tables 1-2 protocol, "
            "pretraining skipped vs differentiability enforced, n=10 seeds x 30 models; layers kept counted by the "
            "exact CPWL engine (a layer keeps the structure when it multiplies the regions by >= 1.5); "
            "tests=one-sided exact Wilcoxon and Mann-Whitney, Holm over 3 parts, "
            f"level {ALPHA})"),
)(_structure)


def _top_structure(data):
    """Fig. 6: the best network of each seed (lowest MSE) keeps more layers with pretraining than without."""
    run = _load_run(data["run"])
    arr = _structure_arrays(run, data["target"])
    best = {k: a["depth"][np.arange(len(a["mse"])), np.argmin(a["mse"], axis=1)] for k, a in arr.items()}
    diff = best[data["better"]] - best[data["worse"]]
    everyone = {k: a["depth"].mean(axis=1) for k, a in arr.items()}
    p_all = stats.mannwhitneyu(everyone[data["better"]], everyone[data["worse"]], alternative="greater",
                               method="exact").pvalue
    p_all_against = stats.mannwhitneyu(everyone[data["better"]], everyone[data["worse"]], alternative="less",
                                       method="exact").pvalue
    detail = (f"{TARGET_LABELS[data['target']]}, run {data['run']}: layers kept (each multiplying the activation "
              f"regions by at least {GROWTH}) of each seed's best {TYPE_LABELS[data['better']]} network: {best[data['better']].tolist()}, "
              f"best {TYPE_LABELS[data['worse']]}: {best[data['worse']].tolist()}; over all networks per-seed means "
              f"{np.mean(everyone[data['better']]):.2f} vs {np.mean(everyone[data['worse']]):.2f}, one-sided exact "
              f"Mann-Whitney p = {p_all:.2g}")
    nonzero = diff[diff != 0]
    if nonzero.size:
        p_top = stats.wilcoxon(diff, alternative="greater", zero_method="zsplit").pvalue
        p_top_against = stats.wilcoxon(diff, alternative="less", zero_method="zsplit").pvalue
    else:
        p_top = p_top_against = 1.0
    p_for, p_against = _holm([p_top, p_all]), _holm([p_top_against, p_all_against])
    detail += (f"; best networks paired by seed: Wilcoxon signed-rank (zeros split) p = {p_top:.2g}. Holm over the two, "
               f"level {data['alpha']}: {p_for[0]:.2g}, {p_for[1]:.2g}.")
    if any(p <= data["alpha"] for p in p_against):
        return refuted(detail + " The opposite holds significantly.", counterexample=best,
                       correction=Correction(f"{TYPE_LABELS[data['worse']]} results in better structural retention "
                                             f"in deeper layers.", {**data, "better": data["worse"],
                                                                    "worse": data["better"]}))
    if all(p <= data["alpha"] for p in p_for):
        return verified(detail)
    return inconclusive(detail)


TOP_STRUCTURE = sheet.claim(
    "000/figure-6", data={**_STRUCTURE, "better": "law", "worse": "skipped"}, perturb=_swap,
    method=("monte-carlo (run 000_section_4_3_bends: the x^3 networks of the shipped Tables 1-2 protocol, n=10 seeds x "
            "30 models; layers kept counted by the exact CPWL engine; tests=one-sided Wilcoxon signed-rank on each "
            "seed's best networks and exact Mann-Whitney on the per-seed means, Holm over the two, "
            f"level {ALPHA})"),
)(_top_structure)


# -- §5 (Figs. 7 and 8): two pretrained convex blocks against a standard network, one network each per seed

def _prediction_p(printed: float, ours_log: np.ndarray) -> float:
    """Two-sided t prediction test of log10(printed) as one more draw of ``ours_log``."""
    n = len(ours_log)
    z = (math.log10(printed) - ours_log.mean()) / (ours_log.std(ddof=1) * math.sqrt(1 + 1 / n))
    return float(2 * stats.t.sf(abs(z), n - 1))


def _section_5(data):
    """``better`` below ``worse`` by ``decades`` (paired by seed), and the printed losses inside our seeds."""
    run = _load_run(data["run"])
    v = run["values"][data["problem"]]
    better, worse, alpha, k = data["better"], data["worse"], data["alpha"], data["decades"]
    a, b = np.log10(v[better]), np.log10(v[worse])
    n = len(a)
    p_less, p_greater, gaps = _shift_tests([("gap", a, b, k, True)], alpha)
    cells = [(name, printed, np.log10(v[name])) for name, printed in data["printed"].items()]
    p_in = _holm([_prediction_p(p, ours) for _, p, ours in cells])
    outside = [name for (name, p, ours), q in zip(cells, p_in)
               if q <= alpha and abs(math.log10(p) - np.median(ours)) > math.log10(FACTOR)]
    listing = "; ".join(f"{name}: printed {p:.2g}, ours median {10 ** np.median(o):.2g} [{10 ** o.min():.2g}, "
                        f"{10 ** o.max():.2g}], {int(np.sum(o <= math.log10(p)))}/{n} seeds at or below, p = {q:.2g}"
                        for (name, p, o), q in zip(cells, p_in))
    others = "; ".join(f"{key} median {np.median(val):.3g}" for key, val in v.items() if key not in (better, worse))
    detail = (f"{data['problem']}, run {data['run']} ({n} seeds, one network of each kind per seed): log10({worse} / "
              f"{better}) median {gaps[0]:.2f} decades, claimed >= {k:g}: one-sided exact Wilcoxon signed-rank, "
              f"p = {p_less[0]:.2g}; printed losses against our seeds (two-sided t prediction test on log10, Holm; "
              f"outside only if also more than a factor {FACTOR} from our median): {listing}. Also: {others}.")
    against = ([f"the gap is significantly below {k:g} decades"] if p_greater[0] <= alpha else []) + \
              ([f"printed outside our seeds: {outside}"] if outside else [])
    if against and data.get("unspecified"):
        return inconclusive(detail + f" Our runs are against the printed statement ({'; '.join(against)}), but they "
                                     f"do not refute it: {data['unspecified']}.")
    if against:
        med = {name: float(10 ** np.median(o)) for name, _, o in cells}
        fix_k = max(0.0, math.floor(2 * gaps[0] - 1) / 2) if p_greater[0] <= alpha else k
        swap = {"better": worse, "worse": better} if gaps[0] < 0 else {}
        fix = Correction(f"By the medians over {n} seeds: {better} {med.get(better, float('nan')):.2g}, {worse} "
                         f"{med.get(worse, float('nan')):.2g}.", {**data, **swap, "printed": med, "decades": fix_k})
        return refuted(detail + " " + "; ".join(against) + ".", counterexample=against, correction=fix)
    if p_less[0] <= alpha:
        return verified(detail)
    return inconclusive(detail + f" The gap is not significant at {alpha}.")


def _scale_printed(data):
    return {**data, "printed": {k: p * 1e3 for k, p in data["printed"].items()}, "decades": data["decades"] + 3}


from symrelu.experiments.paper import PAPER_SECTION_5  # noqa: E402  (the §5 losses, transcribed)

_S5_METHOD = ("monte-carlo (run 000_section_5: §5's two problems, two law-scaled convex blocks of depth 5 pretrained "
              "1000 + 1000 Adam steps against a standard 8 x 5 Kaiming network, 2000 steps, lr 1e-3, float64, n=20 "
              "seeds, one network each; test=one-sided exact Wilcoxon signed-rank on the paired log10 losses, and a "
              f"t prediction test of each printed loss, level {ALPHA})")
sheet.table(
    [dict(id="000/figure-7", data={**_S5, "problem": "x3_minus_x", "decades": 0, "alpha": ALPHA,
                                   "printed": {"blocks": PAPER_SECTION_5["x3_minus_x"]["blocks"],
                                               "standard_8": PAPER_SECTION_5["x3_minus_x"]["standard"]}}),
     dict(id="000/figure-8-losses", data={**_S5, "problem": "r3", "decades": 1.5, "alpha": ALPHA,
                                          "printed": {"blocks": PAPER_SECTION_5["r3"]["blocks"],
                                                      "standard_8": PAPER_SECTION_5["r3"]["standard"]}})],
    method=_S5_METHOD, perturb=_scale_printed, check=_section_5,
)


def _extension(data):
    """§5's blocks below the standard network on every problem (paired by seed, Holm)."""
    tests = _section_5_tests(data, data["alpha"])
    p_less, p_greater, gaps = _shift_tests(tests, data["alpha"])
    verdict, rows, bad = _decision([t[0] for t in tests], p_less, p_greater, gaps, [t[3] for t in tests],
                                   data["alpha"])
    detail = (f"run {data['run']} ({len(tests[0][1])} seeds, one network each): {data['better']} against "
              f"{data['worse']}, one-sided exact Wilcoxon signed-rank on paired log10 losses, Holm over the problems, "
              f"level {data['alpha']}: {rows}. Figures 14 and 15 (Concrete, two spirals) are separate claims.")
    if verdict == "refuted" and data.get("unspecified"):
        return inconclusive(detail + f" The opposite holds in our runs, which do not refute the statement: "
                                     f"{data['unspecified']}.")
    if verdict == "refuted":
        keep = tuple(p for p in data["problems"] if f"§5 {p}" not in bad)
        return refuted(detail, counterexample=bad, correction=Correction(
            f"The extension to {', '.join(keep) or 'none of the problems'} shows similar benefits.",
            {**data, "problems": keep})) if keep else refuted(detail, counterexample=bad)
    return verified(detail) if verdict == "verified" else inconclusive(detail)


EXTENSION = sheet.claim("000/abstract-extension", data={**_S5, "decades": 0, "alpha": ALPHA},
                        perturb=lambda d: {**d, "decades": 3}, method=_S5_METHOD)(_extension)


# -- Fig. 4 / Table 3: more linear regions and better test points (run 000_figure_4_sparse)

def _regions_predict(data):
    """``better`` has more output pieces than ``worse`` and a lower per-seed min test MSE, on every target."""
    run = _load_run(data["run"])
    v, alpha = run["values"], data["alpha"]
    b, w = data["better"], data["worse"]
    tests, labels = [], []
    for t in data["targets"]:
        pb = np.median(np.asarray(v[b][t]["pieces"]), axis=1)
        pw = np.median(np.asarray(v[w][t]["pieces"]), axis=1)
        tests.append((pw, pb))  # pieces: worse below better
        labels.append(f"pieces {TARGET_LABELS[t].split(' ')[0]} (medians {np.median(pb):g} vs {np.median(pw):g})")
        mb = np.log10(np.asarray(v[b][t]["test_mse"]).min(axis=1))
        mw = np.log10(np.asarray(v[w][t]["test_mse"]).min(axis=1))
        tests.append((mb, mw))  # test error: better below worse
        labels.append(f"min test MSE {TARGET_LABELS[t].split(' ')[0]} (medians {10 ** np.median(mb):.2g} vs "
                      f"{10 ** np.median(mw):.2g})")
    p_less = _holm([stats.mannwhitneyu(lo, hi, alternative="less", method="exact").pvalue for lo, hi in tests])
    p_greater = _holm([stats.mannwhitneyu(lo, hi, alternative="greater", method="exact").pvalue for lo, hi in tests])
    detail = (f"Table 3's sparse-data networks, run {data['run']} ({len(run['seeds'])} seeds x "
              f"{run['config']['n_models']} per type and target: 10 training points, test on the 10 between them): "
              f"{TYPE_LABELS[b]} against {TYPE_LABELS[w]}, per seed the median output pieces on [0, 1] (exact CPWL "
              f"engine) and the min test MSE; one-sided exact Mann-Whitney U, Holm over {len(tests)} tests, level "
              f"{alpha}: " + "; ".join(f"{lab}: p = {p:.2g}" for lab, p in zip(labels, p_less)) + ".")
    against = [lab for lab, p in zip(labels, p_greater) if p <= alpha]
    if against:
        return refuted(detail + f" The opposite holds significantly: {against}.", counterexample=against,
                       correction=Correction(f"{TYPE_LABELS[w]} uses more linear regions and predicts the test "
                                             f"points better.", {**data, "better": w, "worse": b}))
    if all(p <= alpha for p in p_less):
        return verified(detail)
    return inconclusive(detail + f" Not significant: {[lab for lab, p in zip(labels, p_less) if p > alpha]}.")


REGIONS_PREDICT = sheet.claim(
    "000/figure-4", data={"run": "000_figure_4_sparse", "better": "law", "worse": "default", "targets": TARGETS,
                          "alpha": ALPHA}, perturb=_swap,
    method=("monte-carlo (run 000_figure_4_sparse: Table 3's protocol as shipped, n=10 seeds x 30 models x 4 targets "
            "per type, pieces by the exact CPWL engine; test=one-sided exact Mann-Whitney U on the per-seed median "
            f"pieces and min test MSE, Holm over 8 tests, level {ALPHA})"),
)(_regions_predict)

sheet.table([comparison_row("000/section-4.2-fewer-points-advantage", "law", "default", part="sparse_test")],
            method=_method(_MW), perturb=_swap, check=_comparison)
