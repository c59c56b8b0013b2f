"""000's appendix experiments (A.8 Fig. 13, A.9 Fig. 15): the shipped runs, their samples and the claims' parts."""

import math

import numpy as np
import pytest

from proofs_check.claims import c000_appendix_experiments as C
from symrelu.experiments.function_space_runs import RUNS, _NEEDS, load_run
from symrelu.experiments.runs import r000_appendix as R

NAMES = ("000_figure_13", "000_figure_15")


@pytest.mark.parametrize("name", NAMES)
def test_run_registered_with_torch_and_ten_seeds(name):
    assert name in RUNS and _NEEDS[name] == ("torch",)
    result = load_run(name)  # sha256 checked; no torch needed
    assert result["seeds"] == RUNS[name]["seeds"] and len(result["seeds"]) >= 10
    assert result["config"] == RUNS[name]["config"]


def test_two_spirals_is_the_classic_set():
    X, y = R.two_spirals()
    assert X.shape == (194, 2) and y.tolist() == [0] * 97 + [1] * 97
    np.testing.assert_array_equal(X[97:], -X[:97])  # the second spiral is the first turned by pi
    radius = np.hypot(X[:97, 0], X[:97, 1])
    np.testing.assert_allclose(radius, (104 - np.arange(97)) / 104)  # 6.5 (104 - i) / 104, scaled by 1/6.5
    assert math.isclose(math.atan2(X[16, 0], X[16, 1]), math.pi)  # angle i pi / 16 from the y axis


def test_log_best_counts_a_diverged_seed_as_worst():
    got = C._log_best([[1e-3, None, 1e-2], [None, None]])
    assert got[0] == pytest.approx(-3.0) and got[1] == C.DIVERGED


def test_first_below():
    assert C._first_below([1.0, 0.5, 0.05, 0.01], 10, 0.1) == 20.0
    assert C._first_below([1.0, None, 0.5], 10, 0.1) == 30.0  # never: past the end


def test_figure_13_samples_cover_the_grid():
    s = C._samples_figure_13(load_run("000_figure_13")["values"])
    n = len(RUNS["000_figure_13"]["seeds"])
    for m in ("law", "default"):
        for lr in RUNS["000_figure_13"]["config"]["lrs"]:
            assert s[f"{m}/{lr:g}"].shape == (n,) and np.all(np.isfinite(s[f"{m}/{lr:g}"]))
    gains = [s[f"{m}/{lr:g}/gain"] for m in ("law", "default") for lr in C.LR_GROUPS["converging"]]
    np.testing.assert_array_equal(s["converging/smallest-gain"], np.min(gains, axis=0))


def test_switch_keeps_the_function():
    """The first raw-weight loss equals the loss at the end of pretraining (to_raw_ computes the same function)."""
    v = load_run("000_figure_15")["values"]
    for s in RUNS["000_figure_15"]["config"]["structures"]:
        for key in ("ours", "ours_same_lr"):
            for pre, raw in zip(v["ours_pretrain"], v[key][s]):
                assert raw["history"][0] == pytest.approx(pre["ce"], rel=1e-9)
                assert raw["spike"] >= 1.0 - 1e-12  # the window starts at the switch


def test_figure_15_learned_counts_are_counts():
    s = C._samples_figure_15(load_run("000_figure_15")["values"])
    for who in ("ours", "kaiming"):
        k, n = s[f"{who}/block-diagonal/learned"]
        assert 0 <= k <= n == len(RUNS["000_figure_15"]["seeds"])


@pytest.mark.parametrize("cid", ["000/figure-13", "000/figure-15", "000/appendix-a.9-lr-switch"])
def test_claim_details_state_the_run_and_test(cid):
    from proofs_check.registry import all_claims

    claim = next(c for c in all_claims() if c.id == cid)
    out = claim.check(claim.data)
    for detail in [r.detail for r in out.readings] or [out.detail]:
        assert "Holm" in detail and "000_figure_1" in detail


@pytest.mark.slow
def test_runners_at_a_tiny_scale():
    pytest.importorskip("torch")
    cfg = dict(RUNS["000_figure_13"]["config"], n_models=2, epochs=4, switch=2, lrs=[1e-3, 1.0])
    v = R.RUNNERS["000_figure_13"](cfg, [0, 1])
    assert len(v["law"]["0.001"]) == 2 and len(v["law"]["0.001"][0]) == 2
    cfg = dict(RUNS["000_figure_15"]["config"], blocks=2, depth=2, pretrain_epochs=3, raw_epochs=3, spike_window=2)
    v = R.RUNNERS["000_figure_15"](cfg, [0])
    assert set(v["kaiming"]) == {"block-diagonal", "dense"} and v["ours"]["dense"][0]["ce"] > 0


def test_compare_common_seeds():
    old = load_run("000_figure_15")
    new = dict(old, seeds=[3, 0], values=R._by_seed(old["values"], [3, 0]))
    assert R.compare_common_seeds(new, old) == 0.0
    changed = R._by_seed(old["values"], [3])
    changed["ours"]["dense"][0] = dict(changed["ours"]["dense"][0], ce=2 * changed["ours"]["dense"][0]["ce"])
    assert R.compare_common_seeds(dict(old, seeds=[3], values=changed), old) == pytest.approx(1.0)
    assert math.isnan(R.compare_common_seeds(dict(old, seeds=[99], values=changed), old))


def test_dense_opposites_rest_on_our_schedule():
    """The dense parts' significant opposite (a gap in decades of cross-entropy) is set by our schedule: it refutes nothing."""
    from proofs_check.claims.c003_experiments import compare
    from proofs_check.registry import all_claims

    for cid in ("000/figure-15", "000/appendix-a.9-dense-ties", "000/appendix-a.9-summary"):
        data = next(c for c in all_claims() if c.id == cid).data
        dense = [p for p in data["parts"] if p[0].startswith("dense")]
        assert dense and all(data["unstated"][p[0]] == C.SCHEDULE_UNSTATED for p in dense)
        out = compare(data)
        assert out.verdict == "inconclusive" and "refutes nothing" in out.detail
        assert compare(dict(data, unstated={})).verdict == "refuted"  # what the schedule alone would say
