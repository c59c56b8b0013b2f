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
