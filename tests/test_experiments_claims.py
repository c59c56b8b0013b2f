"""The experimental claims of 000 (proofs_check/claims/c000_experiments.py): transcription and computed verdicts."""

import copy
import json
import re
from pathlib import Path

import pytest

from proofs_check.registry import all_claims
from symrelu.experiments.paper import PAPER_TABLE_3, PAPER_TABLES_1_2

ROOT = Path(__file__).resolve().parent.parent
CLAIMS = {c.id: c for c in all_claims()}
ROWS = {"Default Network (Kaiming)": "default", "RAAI Distribution": "raai", "Pretraining Skipped": "skipped",
        "Differentiability Not Enforced": "free", "Differentiability Enforced": "law",
        "Differentiable Pretraining": "law"}


def _number(text):
    mantissa, exponent = re.fullmatch(r"([\d.]+)×10\^\{(-?\d+)\}", text.strip()).groups()
    return float(f"{mantissa}e{exponent}")


def _printed_rows():
    """``(table number, type, numbers)`` of every row of 000's Tables 1-3 as the inventory quotes it."""
    entries = json.loads((ROOT / "proofs_check" / "inventory" / "000.json").read_text())["entries"]
    for e in entries:
        m = re.fullmatch(r"000/table-([123])-.*", e["id"])
        if m and "\t" in e["statement"]:
            label, *cells = e["statement"].rsplit(") ", 1)[1].split("\t")
            yield int(m.group(1)), ROWS[label.strip()], [_number(c) for c in cells]


def test_paper_py_matches_the_printed_tables():
    seen = 0
    for table, kind, numbers in _printed_rows():
        if table == 3:
            assert [PAPER_TABLE_3[kind][t][0] for t in ("x3", "x11", "sin", "tanh")] == numbers
        else:
            a, b = ("x3", "x11") if table == 1 else ("sin", "tanh")
            min_a, min_b, mean_a, mean_b = numbers
            assert PAPER_TABLES_1_2[kind][a] == (min_a, mean_a) and PAPER_TABLES_1_2[kind][b] == (min_b, mean_b)
        seen += 1
    assert seen == 12  # 5 + 5 + 2 rows


def _with(table, kind, target, pair):
    t = copy.deepcopy(table)
    t[kind][target] = pair
    return t


def test_three_orders_follows_the_numbers():
    c = CLAIMS["000/section-4.2-three-orders"]
    assert c.check(c.data).verdict == "refuted"
    # Enforced minima 1000x below the Default ones make the sentence true
    table = copy.deepcopy(c.data["table"])
    for t in table["law"]:
        table["law"][t] = (table["default"][t][0] * 1e-3, table["law"][t][1])
    assert c.check({**c.data, "table": table}).verdict == "verified"


def test_default_worst_follows_the_numbers():
    c = CLAIMS["000/section-4.2-default-worst"]
    out = c.check(c.data)
    assert out.verdict == "refuted" and set(out.counterexample) == {"Min x^3", "Min x^11", "Mean x^11"}
    table = c.data["table"]
    table = _with(table, "raai", "x3", (1e-5, table["raai"]["x3"][1]))
    table = _with(table, "raai", "x11", (1e-5, 1e-2))
    assert c.check({**c.data, "table": table}).verdict == "verified"


def test_best_follows_the_numbers():
    c = CLAIMS["000/section-4.1-best"]
    assert c.check(c.data).counterexample == {"Min sin": ["free"]}
    table = _with(c.data["table"], "free", "sin", (6e-8, c.data["table"]["free"]["sin"][1]))
    assert c.check({**c.data, "table": table}).verdict == "verified"


def test_gap_follows_the_numbers():
    c = CLAIMS["000/section-4.2-gap"]
    assert c.check(c.data).verdict == "verified"
    table = _with(c.data["table"], "free", "x11", (3.20e-6, 3.2e-6 * 2))  # a smaller gap than Enforced's 8.9
    assert c.check({**c.data, "table": table}).verdict == "refuted"


@pytest.mark.parametrize("cid", sorted(c for c in CLAIMS if c.startswith("000/") and
                                       CLAIMS[c].check.__module__.endswith("c000_experiments")))
def test_every_experiment_claim_states_its_method(cid):
    assert CLAIMS[cid].method.split()[0] in ("exact", "monte-carlo")


# -- the statistical checks on synthetic seeded results ------------------------------------------
import numpy as np  # noqa: E402

import proofs_check.claims.c000_experiments as exp  # noqa: E402


def test_holm_adjusts_step_down():
    assert np.allclose(exp._holm([0.01, 0.04, 0.03]), [0.03, 0.06, 0.06])
    assert np.allclose(exp._holm([0.5, 0.9]), [1.0, 1.0])


def _fake(monkeypatch, law_scale, seeds=10, models=5):
    rng = np.random.default_rng(1)
    base = {t: 10 ** rng.normal(-4, 0.3, size=(seeds, models)) for t in exp.TARGETS}
    result = {"seeds": list(range(seeds)),
              "config": {"n_models": models, "pretrain_epochs": 1, "free_epochs": 1, "lr": 1e-3, "dtype": "float64",
                         "n_points": 500},
              "mse": {"tables": {"default": base, "law": {t: v * law_scale for t, v in base.items()}}}}
    monkeypatch.setattr(exp, "_result", lambda name: result)
    return {"result": "fake", "part": "tables", "better": "law", "worse": "default", "targets": exp.TARGETS,
            "statistics": ("min", "mean"), "alpha": 0.01}


def test_comparison_verdicts_follow_the_seeds(monkeypatch):
    data = _fake(monkeypatch, 1e-3)
    out = exp._comparison(data)
    assert out.verdict == "verified" and "Holm over 8 tests" in out.detail
    assert exp._comparison(exp._swap(data)).verdict == "refuted"
    # law drawn from the same distribution: neither direction is significant
    rng = np.random.default_rng(5)
    same = _fake(monkeypatch, 1.0)
    res = exp._result("fake")
    res["mse"]["tables"]["law"] = {t: 10 ** rng.normal(-4, 0.3, size=(10, 5)) for t in exp.TARGETS}
    assert exp._comparison(same).verdict == "inconclusive"
    assert exp._comparison({**same, "worse": "raai"}).verdict == "inconclusive"


def test_published_numbers_inside_and_outside_the_seed_distribution(monkeypatch):
    _fake(monkeypatch, 1.0)
    res = exp._result("fake")
    typical = {t: (float(np.median(res["mse"]["tables"]["law"][t].min(1))),
                   float(np.median(res["mse"]["tables"]["law"][t].mean(1)))) for t in ("x3", "sin")}
    data = {"result": "fake", "part": "tables", "type": "law", "alpha": 0.01, "values": typical}
    assert exp._published(data).verdict == "verified"
    out = exp._published(exp._scale(data))
    assert out.verdict == "refuted" and exp._published(out.correction.data).verdict == "verified"
