"""003's seeded runs of symrelu.experiments.runs.r003 and the checks of proofs_check.claims.c003_experiments on them."""

import copy
import itertools

import numpy as np
import pytest

from proofs_check.claims import c003_experiments as C
from symrelu.experiments import function_space_runs as F
from symrelu.experiments.runs import r003


def _brute_force(x, y, H):
    """Partitions of the sorted points into H + 1 pieces of >= 2 points, and those whose OLS lines meet in the gaps."""
    n, cont, total = len(x), 0, 0
    for cuts in itertools.combinations(range(2, n - 1), H):  # a cut c starts a piece at point c
        bounds = (0,) + cuts + (n,)
        if any(b - a < 2 for a, b in zip(bounds[:-1], bounds[1:])):
            continue
        total += 1
        lines = [np.polyfit(x[a:b], y[a:b], 1) for a, b in zip(bounds[:-1], bounds[1:])]
        ok = True
        for (p, q), c in zip(zip(lines[:-1], lines[1:]), cuts):
            xm = (q[1] - p[1]) / (p[0] - q[0])
            ok &= bool(x[c - 1] < xm < x[c])
        cont += ok
    return cont, total


@pytest.mark.parametrize("seed", range(4))
def test_cpwl_ols_count_matches_enumeration(seed):
    rng = np.random.default_rng(seed)
    x, y = np.sort(rng.uniform(0, 1, 11)), rng.normal(0, 1, 11)
    for H in (1, 2, 3):
        assert r003.count_cpwl_ols(x, y, H) == _brute_force(x, y, H)


def test_the_shipped_table_1_and_3_networks_are_rebuilt():
    """003_table_1_train and 003_table_3_deep start from the networks of runs 003_table_1 and 003_table_3."""
    cfg = copy.deepcopy(F.RUNS["003_table_1_train"]["config"])
    cfg["checkpoints"] = [0]
    v = r003._table_1_train(cfg, [0])
    x = np.linspace(-2, 2, 401)
    rng = np.random.default_rng([3, 1, 0])
    (W1, b1), _ = F.stacked_network([1, 21, 1], 1, rng)
    np.testing.assert_allclose(v["sine"]["standard_breakpoints_init"][0], -b1[0] / W1[0, :, 0])
    assert v["sine"]["standard"][0][0] == pytest.approx(0.5 * np.sum((F.forward_stacked(
        F.stacked_network([1, 21, 1], 1, np.random.default_rng([3, 1, 0])), x)[0] - np.sin(x)) ** 2))


def test_deep_spiky_run_structure_on_a_tiny_protocol():
    cfg = copy.deepcopy(F.RUNS["003_table_3_deep"]["config"])
    cfg.update(pretrain_epochs=5, epochs=5, targets=["sine", "exp"])
    v = r003._table_3_deep(cfg, [0, 1])
    assert len(v["pretrain_loss"]) == 2 and len(v["deep/spiky_rough_init"]) == 2
    s = C._samples_003_table_3_deep(v)
    assert s["deep/test-log-ratio"].shape == (2,) and np.all(np.isfinite(s["shallow/rough-log-ratio"]))
    # the shallow spiky net is the CPWL itself: far rougher than the standard one before training
    assert np.all(s["shallow/rough-init-log-ratio"] > 3)


def _fake_table_2(counts):
    """A 003_table_2 result whose 'line' counts at depth 2 are ``counts[target]`` (10 seeds)."""
    run = F.load_run("003_table_2")
    run = copy.deepcopy(run)
    for t, c in counts.items():
        run["values"][t]["2"]["line"] = list(c)
    return run


@pytest.mark.parametrize("shift, verdict", [(1.0, "verified"), (1.6, "refuted")])
def test_table_2_row_check_decides_from_the_counts(monkeypatch, shift, verdict):
    means = C._PUBLISHED_TABLE_2[2]
    rng = np.random.default_rng(0)
    fake = _fake_table_2({t: np.round(shift * m + rng.uniform(-1, 1, 10)) for t, (m, _) in means.items()})
    monkeypatch.setattr(C, "load_run", lambda name: fake)
    out = C.check_table_2_row({"depth": 2, "margin": C.TABLE_2_MARGIN, "means": means})
    assert out.verdict == verdict
    if verdict == "refuted":
        assert C.check_table_2_row(out.correction.data).verdict == "verified"


def test_every_new_claim_reads_its_run():
    for name in ("003_table_2", "003_table_3_deep", "003_table_1_train", "003_figure_7", "003_figure_1"):
        samples = C.SAMPLES[name](F.load_run(name)["values"])
        assert samples and all(isinstance(v, np.ndarray) for v in samples.values())


def test_segmented_dp_is_optimal_and_greedy_merge_never_beats_it():
    rng = np.random.default_rng(3)
    x, y = np.sort(rng.uniform(-1, 1, 9)), rng.normal(0, 1, 9)
    dp, gm = r003.segmented_dp(x, y, 4), r003.greedy_merge(x, y, 4)
    for K in range(1, 5):  # brute force over every split of the 9 points into K pieces
        best = np.inf
        for cuts in itertools.combinations(range(1, 9), K - 1):
            b = (0,) + cuts + (9,)
            rss = 0.0
            for a, e in zip(b[:-1], b[1:]):
                if e - a > 2:
                    coef = np.polyfit(x[a:e], y[a:e], 1)
                    rss += float(np.sum((np.polyval(coef, x[a:e]) - y[a:e]) ** 2))
            best = min(best, rss)
        assert dp[K - 1] == pytest.approx(best, abs=1e-9)
        assert gm[K - 1] >= dp[K - 1] - 1e-9


def test_batchnorm_training_is_folded_into_an_equivalent_network():
    """sgd-bn returns plain weights whose forward pass is the BatchNorm network in evaluation mode."""
    cfg = {"epochs": 3, "batch": 5, "lr": {"sgd-bn": 0.05, "gd": 0.05, "adam": 0.01}}
    x = np.linspace(-1, 1, 20)
    p0 = F.stacked_network([1, 6, 1], 2, np.random.default_rng(0))
    for variant in ("gd", "adam", "sgd-bn"):
        trained = r003._train_variant(p0, x, x**2, variant, cfg, np.random.default_rng(1))
        assert [W.shape for W, b in trained] == [W.shape for W, b in p0]
        assert np.all(np.isfinite(F.forward_stacked(trained, x)))
    # full-batch GD here is the stacked trainer on the mean loss
    gd = r003._train_variant(p0, x, x**2, "gd", cfg, np.random.default_rng(1))
    ref, _ = F.train_stacked(p0, x, x**2, lr=0.05, epochs=3, loss="mean")
    for (W, b), (Wr, br) in zip(gd, ref):
        np.testing.assert_allclose(W, Wr, rtol=1e-12, atol=1e-14)
        np.testing.assert_allclose(b, br, rtol=1e-12, atol=1e-14)


def test_figure_1_pieces_needed_is_the_narrowest_net_under_the_threshold():
    values = copy.deepcopy(F.load_run("003_figure_1")["values"])
    tau = C.FIGURE_1_THRESHOLD
    values["adam"]["mse"][0] = [1.0, 1.0, tau / 2, tau * 2, tau / 3, 1.0]
    values["adam"]["pieces"][0] = [5, 9, 17, 30, 60, 99]
    values["gd"]["mse"][0] = [1.0] * 6
    s = C._samples_003_figure_1(values)
    assert s["adam/needed"][0] == 17 and s["gd/needed"][0] == C.NOT_REACHED
    assert s["twice-dp"][0] == 2 * C._pieces_needed(values["dp"], tau)


def test_table_2_row_our_stand_in_polynomial_refutes_nothing(monkeypatch):
    means = C._PUBLISHED_TABLE_2[2]
    rng = np.random.default_rng(0)
    counts = {t: np.round(m + rng.uniform(-1, 1, 10)) for t, (m, _) in means.items()}
    counts["poly5"] = np.round(2 * means["poly5"][0] + rng.uniform(-1, 1, 10))  # far off, but our target
    monkeypatch.setattr(C, "load_run", lambda name: _fake_table_2(counts))
    assert C.check_table_2_row({"depth": 2, "margin": C.TABLE_2_MARGIN, "means": means}).verdict == "inconclusive"


def test_compare_reads_another_runs_samples():
    own = {"run": "003_figure_2", "reverse": False, "parts": C.FIGURE_2_PARTS}
    other = {"run": "003_table_2", "reverse": False,
             "parts": [(label, f"003_figure_2:{a}", f"003_figure_2:{b}", test) for label, a, b, test in C.FIGURE_2_PARTS]}
    a, b = C.compare(own), C.compare(other)
    assert a.verdict == b.verdict and "Run 003_figure_2" in b.detail
    assert (a.detail[a.detail.index("Every part"):]
            == b.detail[b.detail.index("Every part"):].replace("003_figure_2:", ""))


def test_an_opposite_resting_on_our_choices_refutes_nothing():
    part = ("more critical points at N = 10 than at N = 60", "N3/H3", "N0/H3", "wilcoxon")
    data = {"run": "003_figure_7", "reverse": False, "parts": [part]}
    assert C.compare(data).verdict == "refuted"
    out = C.compare(dict(data, unstated={part[0]: "our data"}))
    assert out.verdict == "inconclusive" and "our data" in out.detail


def test_depth_optimization_is_decided_by_the_reading_the_sentence_fixes():
    claim = next(c for c in __import__("proofs_check.registry", fromlist=["all_claims"]).all_claims()
                 if c.id == "003/intro-contrib-depth-expressivity")
    out = claim.check(claim.data)
    fixed = out.reading("breakpoint-mobility")
    assert fixed.fixed_by is not None and out.verdict == fixed.verdict
    assert claim.check(claim.perturb(claim.data)).reading("breakpoint-mobility").verdict != "verified"


def test_the_long_table_2_run_trains_the_same_networks_longer():
    short, long = F.load_run("003_table_2")["values"], F.load_run("003_table_2_long")["values"]
    for t in F.RUNS["003_table_2_long"]["config"]["targets"]:
        for L in ("1", "5"):
            assert long[t][L]["init_loss"] == short[t][L]["init_loss"]
            assert long[t][L]["line_init"] == short[t][L]["line_init"]


def test_a_statement_with_untested_parts_is_not_verified():
    part = ("more critical points at N = 60 than at N = 10", "N0/H3", "N3/H3", "wilcoxon")
    data = {"run": "003_figure_7", "reverse": False, "parts": [part]}
    assert C.compare(data).verdict == "verified"
    out = C.compare(dict(data, untested="the growth rate"))
    assert out.verdict == "inconclusive" and "the growth rate" in out.detail
