"""The experimental statements of 003 (Tables 1 and 3, Fig. 3) as seeded comparisons over shipped runs.

Each claim compares two samples of a shipped run
(`symrelu.experiments.function_space_runs`: configuration, seeds, versions,
sha256; no torch needed) by one-sided rank tests: Mann-Whitney U for
independent samples, Wilcoxon signed-rank for samples paired by seed, Fisher's
exact test for success counts.  Several parts of one statement are combined by
Holm's step-down at the stated level.  Verdicts: verified when every part holds
significantly; refuted when the opposite of some part does (the correction
states the parts that hold reversed); inconclusive otherwise, with the p-values.
The perturbed statement reverses every comparison.
"""

from __future__ import annotations

import numpy as np
from scipy import stats

from proofs_check.claim import Correction, Reading, from_readings, inconclusive, refuted, verified
from proofs_check.claims.c000_experiments import _holm
from proofs_check.registry import claim_sheet
from symrelu.experiments.function_space_runs import RUNS, load_run

sheet = claim_sheet(__file__)

ALPHA = 0.01  # every statement is tested at this level (Holm over its parts)

_PUBLISHED_TABLE_1 = {("sine", "standard"): 4.096, ("sine", "uniform"): 2.280,
                      ("quadratic", "standard"): 0.1032, ("quadratic", "uniform"): 0.1118}
_PUBLISHED_TABLE_3 = {"sine": (42.95, 157.5), "arctan": (0.01252, 2.499), "sawtooth": (156.9, 150.1),
                      "cubic": (3.608, 136.7), "quadratic": (3.559, 150.6), "exp": (0.6509, 181.1)}


def _samples_003_table_1(values):
    out = {}
    for t, kinds in values.items():
        std, uni = np.asarray(kinds["standard"]), np.asarray(kinds["uniform"])
        out[f"{t}/standard"], out[f"{t}/uniform"] = std, uni
        effect = np.log(std / uni)  # per seed: the uniform redraw of the same network
        out[f"{t}/effect"], out[f"{t}/abs-effect"] = effect, np.abs(effect)
    return out


def _samples_003_table_3(values):
    return {f"{t}/{k}": np.asarray(v) for t, kinds in values.items() for k, v in kinds.items()}


def _samples_003_figure_3(values):
    out = {}
    for t, kinds in values.items():
        for when in [k for k in kinds if k.endswith(("init", "trained"))]:
            r = np.asarray(kinds[when])  # (seeds, layers)
            half = r.shape[1] // 2
            with np.errstate(divide="ignore"):  # log 0: a seed with no breakpoint there (left out by the tests)
                out[f"{t}/{when}/early"] = np.log(r[:, :half].sum(axis=1))
                out[f"{t}/{when}/late"] = np.log(r[:, half:].sum(axis=1))
    return out


def _samples_003_figure_2(values):
    out = {}
    for t, kinds in values.items():
        ch, sp = np.asarray(kinds["changes"]), np.asarray(kinds["speeds"])
        sp = np.where(sp >= 0, sp, np.nan)  # -1: no breakpoint stayed in [-3, 3] in that layer
        out[f"{t}/changes/first"], out[f"{t}/changes/deeper"] = ch[:, 0], ch[:, 1:].mean(axis=1)
        with np.errstate(divide="ignore", invalid="ignore"):
            deeper = np.nanmean(np.where(np.isfinite(sp[:, 1:]), sp[:, 1:], np.nan), axis=1) \
                if np.isfinite(sp[:, 1:]).any() else np.full(len(sp), np.nan)
            out[f"{t}/speed/first"], out[f"{t}/speed/deeper"] = np.log(sp[:, 0]), np.log(deeper)
    return out


def _samples_003_figure_5(values):
    return {f"{t}/{k}": np.asarray(v) for t, kinds in values.items() for k, v in kinds.items()
            if isinstance(v, list)}


#: Per shipped run: its values -> the named samples the parts of a claim compare (c004_experiments adds its runs').
SAMPLES = {"003_table_1": _samples_003_table_1, "003_table_3": _samples_003_table_3,
           "003_figure_2": _samples_003_figure_2, "003_figure_3": _samples_003_figure_3,
           "003_figure_5": _samples_003_figure_5}


def _p_less(kind, a, b):
    """One-sided p-values (a < b, a > b) of the test ``kind``."""
    if kind in ("mann-whitney", "wilcoxon"):  # seeds without a value (no breakpoint to follow) are left out
        a, b = np.asarray(a, float), np.asarray(b, float)
        if kind == "wilcoxon":
            keep = np.isfinite(a) & np.isfinite(b)
            a, b = a[keep], b[keep]
        else:
            a, b = a[np.isfinite(a)], b[np.isfinite(b)]
        if min(len(a), len(b)) == 0 or (kind == "wilcoxon" and np.all(a == b)):
            return 1.0, 1.0
    if kind == "mann-whitney":
        return (stats.mannwhitneyu(a, b, alternative="less").pvalue,
                stats.mannwhitneyu(a, b, alternative="greater").pvalue)
    if kind == "wilcoxon":
        d = np.asarray(a) - np.asarray(b)
        return stats.wilcoxon(d, alternative="less").pvalue, stats.wilcoxon(d, alternative="greater").pvalue
    if kind == "fisher":  # a, b are (successes, trials): a < b in success rate
        table = [[a[0], a[1] - a[0]], [b[0], b[1] - b[0]]]
        return stats.fisher_exact(table, alternative="less").pvalue, stats.fisher_exact(table, alternative="greater").pvalue
    raise ValueError(f"unknown test {kind!r}")


def _describe(samples, name):
    s = samples[name]
    if isinstance(s, tuple):
        return f"{s[0]}/{s[1]}"
    s = np.asarray(s, float)
    s = s[np.isfinite(s)]
    if not len(s):
        return "no values"
    return f"median {np.median(s):.3g} (range {np.min(s):.3g}..{np.max(s):.3g}, n={len(s)})"


def compare(data):
    """Check ``data['parts']``: each ``(label, a, b, test)`` states sample ``a`` < sample ``b`` (``'>'`` when reversed).

    ``data``: ``run`` (a shipped run name), ``parts``, ``reverse`` (bool: the statement is ``a > b``),
    ``published`` (a sentence on the printed numbers, or a callable of the samples giving one).
    """
    run = load_run(data["run"])
    samples = SAMPLES[data["run"]](run["values"])
    rev = data["reverse"]
    holds, opposite, lines = [], [], []
    for label, a, b, test in data["parts"]:
        p_less, p_greater = _p_less(test, samples[a], samples[b])
        p_hold, p_opp = (p_greater, p_less) if rev else (p_less, p_greater)
        holds.append(p_hold)
        opposite.append(p_opp)
        lines.append(f"{label}: {a} {_describe(samples, a)} vs {b} {_describe(samples, b)}, {test} one-sided "
                     f"p = {p_hold:.3g} (opposite {p_opp:.3g})")
    adj_hold, adj_opp = _holm(holds), _holm(opposite)
    published = data.get("published")
    published = published(samples) if callable(published) else (published or "")
    scale = (f"Run {data['run']} ({len(run['seeds'])} seed(s) {run['seeds'][0]}..{run['seeds'][-1]}, "
             f"sha256 {run['sha256'][:12]}, {run['seconds']['total']:.0f} s): {RUNS[data['run']]['description']}. ")
    body = "; ".join(lines) + f". Holm over {len(lines)} part(s) at alpha = {ALPHA}. " + published
    if np.all(adj_hold < ALPHA):
        return verified(scale + "Every part holds significantly: " + body)
    flipped = [i for i in range(len(lines)) if adj_opp[i] < ALPHA]
    if flipped:
        parts = [data["parts"][i] for i in flipped]
        corrected = dict(data, parts=parts, reverse=not rev)
        names = ", ".join(p[0] for p in parts)
        return refuted(scale + f"The opposite holds significantly for: {names}. " + body,
                       correction=Correction(f"the comparison reversed for: {names}", corrected))
    weak = ", ".join(data["parts"][i][0] for i in range(len(lines)) if adj_hold[i] >= ALPHA)
    return inconclusive(scale + f"Not significant either way at alpha = {ALPHA} (Holm) for: {weak}. " + body)


def reverse(data):
    """The perturbed statement: every comparison reversed."""
    return dict(data, reverse=not data["reverse"])


def _inside(value, sample):
    return "inside" if np.min(sample) <= value <= np.max(sample) else "outside"


def _published_table_1(samples):
    cells = [f"{t} {k} {v:g} ({_inside(v, samples[f'{t}/{k}'])})" for (t, k), v in _PUBLISHED_TABLE_1.items()]
    return "Printed means against our seeds' range: " + "; ".join(cells) + "."


sheet.claim("003/table-1", data={
    "run": "003_table_1", "reverse": False, "published": _published_table_1,
    "parts": [("sine: uniform below standard", "sine/uniform", "sine/standard", "mann-whitney"),
              ("less effect on the quadratic", "quadratic/abs-effect", "sine/effect", "wilcoxon")]},
    perturb=reverse)(compare)


def _table_3_row(target):
    def published(samples):
        s, k = _PUBLISHED_TABLE_3[target]
        return (f"Printed means: standard {s:g} ({_inside(s, samples[f'{target}/standard'])} our seeds' range), "
                f"spiky {k:g} ({_inside(k, samples[f'{target}/spiky'])}); final training losses (half sum of "
                f"squares on the 20 points): standard {_describe(samples, f'{target}/standard_train')}, spiky "
                f"{_describe(samples, f'{target}/spiky_train')}.")

    return {"run": "003_table_3", "reverse": False, "published": published,
            "parts": [(f"{target}: standard below spiky", f"{target}/standard", f"{target}/spiky", "mann-whitney")]}


sheet.table([dict(id=f"003/table-3-{t}-shallow", data=_table_3_row(t), check=compare)
             for t in RUNS["003_table_3"]["config"]["targets"]], perturb=reverse)

_FIG3_READINGS = {
    "units": "a layer's roughness is the sum over its units of the squared delta-slopes of relu(z_i) "
             "(appendix §3.1.2: 'summed over all units within that layer'; as claim 003/deeper-less-rough-init)",
    "output": "a layer's roughness is the sum of the output's squared slope jumps at the breakpoints the layer induces",
}


def check_figure_3(data):
    """``compare`` under each reading of 'roughness by layer' (the parts of each in ``data['readings']``)."""
    readings = [Reading.of(name, _FIG3_READINGS[name], compare(dict(data, parts=parts)))
                for name, parts in data["readings"].items()]
    return from_readings(readings, detail="Fig. 3b (sine): roughness of hidden layers 1-2 vs 3-4 after training.")


sheet.claim("003/figure-3", data={
    "run": "003_figure_3", "reverse": False,
    "published": "Fig. 3 prints no numbers; the quadratic panel (a) is not part of the statement.",
    "readings": {
        "units": [("sine, after training: layers 1-2 below layers 3-4", "sine/trained/early", "sine/trained/late",
                   "wilcoxon")],
        "output": [("sine, after training: layers 1-2 below layers 3-4", "sine/output_trained/early",
                    "sine/output_trained/late", "wilcoxon")]}},
    perturb=reverse)(check_figure_3)

sheet.claim("003/figure-2", data={
    "run": "003_figure_2", "reverse": False,
    "published": "Fig. 2 prints no numbers (bars relative to the first layer).",
    "parts": [(f"{t}: {what} in layer 1 below the deeper layers' mean", f"{t}/{key}/first", f"{t}/{key}/deeper",
               "wilcoxon")
              for t in RUNS["003_figure_2"]["config"]["targets"]
              for what, key in (("breakpoint births + deaths", "changes"), ("log mean breakpoint speed", "speed"))]},
    perturb=reverse)(compare)

_F5 = RUNS["003_figure_5"]["config"]
_F5_PARTS = {
    "width": [(f"{t}: gap roughness at width {_F5['widths'][-1]} below width {_F5['widths'][0]}",
               f"{t}/width/{_F5['widths'][-1]}", f"{t}/width/{_F5['widths'][0]}", "mann-whitney")
              for t in _F5["targets"]],
    "variance": [(f"{t}: gap roughness at sigma_w {_F5['sigmas'][0]:g} below sigma_w {_F5['sigmas'][-1]:g}",
                  f"{t}/sigma/{_F5['sigmas'][0]:g}", f"{t}/sigma/{_F5['sigmas'][-1]:g}", "mann-whitney")
                 for t in _F5["targets"]],
}
sheet.table([dict(id=f"003/figure-5-{k}", data={"run": "003_figure_5", "reverse": False, "parts": parts,
                                                 "published": "Fig. 5 prints no numbers."}, check=compare)
             for k, parts in _F5_PARTS.items()], perturb=reverse)
