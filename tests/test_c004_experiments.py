"""004's seeded experiments (symrelu.experiments.runs.r004_circles) and the claims that read them (c004_experiments)."""

import numpy as np
import pytest

import symrelu.experiments.function_space_runs as F
from symrelu.experiments.runs import r004_circles as R

import proofs_check.claims.c004_experiments as C  # noqa: E402  (after the runs are registered)


def test_minibatch_adam_with_the_full_batch_is_full_batch_adam():
    rng = np.random.default_rng(3)
    x, label = F._circle_annulus(rng, 6, 40, 0.5)
    params = F.stacked_network([2, 4, 1], 6, rng)
    for loss, bce in (("MSE", False), ("BCE", True)):
        ours = R._adam_minibatch(params, x, label, leak=np.full(6, 0.1), bce=np.full(6, bce), lr=0.01, epochs=30,
                                 batch=40, rng=np.random.default_rng(0))
        full = F._adam_circle(params, x, label, leak=0.1, loss=loss, lr=0.01, epochs=30)
        assert np.array_equal(R._accuracy(ours, x, label, np.full(6, 0.1), np.full(6, bce)), full)


def test_minibatch_adam_steps_once_per_batch():
    rng = np.random.default_rng(4)
    x, label = F._circle_annulus(rng, 2, 10, 0.5)
    params = F.stacked_network([2, 3, 1], 2, rng)
    one = R._adam_minibatch(params, x, label, leak=np.zeros(2), bce=np.ones(2, bool), lr=0.01, epochs=1, batch=5,
                            rng=np.random.default_rng(0))
    # an Adam step moves a weight by about lr (bias-corrected): two batches, up to about 2 lr, more than one lr
    step = np.abs(one[0][0] - params[0][0])
    assert np.all(step <= 2.2 * 0.01) and np.any(step > 1.5 * 0.01)


def test_ball_shell_radii_and_labels():
    x, label = R._ball_shell(np.random.default_rng(0), 3, 200, 5, 1.0, 2.0, 3.0)
    r = np.linalg.norm(x, axis=1)
    assert x.shape == (3, 5, 200) and label.sum() == 300
    assert np.all(r[label > 0.5] <= 1.0) and np.all((r[label < 0.5] >= 2.0) & (r[label < 0.5] <= 3.0))


def test_sgd_bce_step_is_the_gradient_of_the_mean_cross_entropy():
    rng = np.random.default_rng(5)
    x, label = R._xor_circle(rng, 1, 12, 0.5)
    params = F.stacked_network([2, 3, 3, 1], 1, rng)

    def loss(p):
        z = R._deep_forward(p, x)[-1][:, 0, :]
        return float(np.mean(np.logaddexp(0, z) - label * z))

    lr = 1e-3
    new = R._sgd_bce(params, x, label, lr=lr, batch=12, epochs=1, rng=np.random.default_rng(0))
    W, b = params[1]
    h = 1e-6
    for i in range(3):
        bumped = [(W_.copy(), b_.copy()) for W_, b_ in params]
        bumped[1][1][0, i] += h
        grad = (loss(bumped) - loss(params)) / h
        assert (b[0, i] - new[1][1][0, i]) / lr == pytest.approx(grad, rel=1e-3, abs=1e-7)


def test_reaching_counts_the_allowed_errors():
    assert C._reaching([0, 1, 2, 100, 101], 0.9999, 10000) == (2, 5)
    assert C._reaching([0, 1, 2, 100, 101], 0.99, 10000) == (4, 5)


def _fake_4_2(monkeypatch, successes, correct=lambda name, key: [1000] * 100):
    """The Table 4.2 runs with ``successes(key)`` (or ``successes(key, name)``) networks of 100 succeeding per row.

    ``correct(name, key)``: the correctly classified points of each network of that row; run
    004_figure_4_6_long holds the full-batch leak-0.01 rows.
    """
    import inspect

    per_run = len(inspect.signature(successes).parameters) == 2

    def load(name, path=None):
        rows = []
        for key in C.TABLE_4_2:
            loss, leak, batch, norm = key
            old = batch == 1000 and leak in (0.0, 0.1)
            if name == "004_figure_4_6_long":
                keep = batch == 1000 and leak == 0.01
            else:
                keep = name == "004_table_4_2_width3" or (name == "004_table_4_2") == old
            if keep:
                row = {"loss": loss, "leak": leak, "normalize": norm,
                       "successes": successes(key, name) if per_run else successes(key)}
                if name != "004_table_4_2":
                    row.update(batch=batch, correct=correct(name, key))
                rows.append(row)
        return {"name": name, "sha256": "0" * 64, "seconds": {"total": 1.0}, "seeds": [0],
                "config": {"inits": 100, "points": 1000, "threshold": 0.95}, "values": {"rows": rows}}
    monkeypatch.setattr(C, "load_run", load)
    import proofs_check.claims.c003_experiments as c003
    monkeypatch.setattr(c003, "load_run", load)


def test_table_4_2_against_the_seeds(monkeypatch):
    data = {"table": C.TABLE_4_2, **C._WIDTH_DATA}
    _fake_4_2(monkeypatch, lambda key: C.TABLE_4_2[key])
    assert C.check_table_4_2(data).verdict == "verified"
    _fake_4_2(monkeypatch, lambda key: 99 if key == ("MSE", 0.0, 1000, False) else C.TABLE_4_2[key])
    out = C.check_table_4_2(data)
    assert out.verdict == "refuted" and [(r.name, r.verdict) for r in out.readings] == [("width-3", "refuted")]
    fixed = out.readings[0].correction.data
    assert fixed["table"][("MSE", 0.0, 1000, False)] == 99 and C.check_table_4_2(fixed).verdict == "verified"


def test_a_width_the_document_rules_out_cannot_refute_table_4_2(monkeypatch):
    # every row off with the 2-4-1 network, matching with the 2-3-1 network that §4.2 fixes
    _fake_4_2(monkeypatch, lambda key, name: C.TABLE_4_2[key] if name == "004_table_4_2_width3" else 100 - C.TABLE_4_2[key])
    out = C.check_table_4_2({"table": C.TABLE_4_2, **C._WIDTH_DATA})
    assert out.verdict == "verified" and [r.name for r in out.readings] == ["width-3"]
    assert "width-4" in out.detail and "rules out, gives refuted" in out.detail


def test_figure_4_6_needs_both_training_lengths(monkeypatch):
    data = {"trainings": tuple(C._F46), "reverse": False, "published": ""}

    def correct(full_batch_missed):
        def f(name, key):
            missed = full_batch_missed(name) if key[2] == 1000 else 0
            return [1000 - missed - (i % 3) for i in range(100)]  # a few ties broken
        return f
    _fake_4_2(monkeypatch, lambda key: 100, correct(lambda name: 30))  # full batch worse at both lengths
    out = C.check_figure_4_6(data)
    assert out.verdict == "refuted" and C.check_figure_4_6(out.correction.data).verdict == "verified"
    _fake_4_2(monkeypatch, lambda key: 100, correct(lambda name: 30 if name == "004_table_4_2_width3" else 0))
    assert C.check_figure_4_6(data).verdict == "inconclusive"  # worse only when under-trained


def test_batch_effect_follows_the_seeds(monkeypatch):
    data = {**C._WIDTH_DATA, "reverse": False, "parts": C._EFFECTS["004/table-4.2-effect-batch"],
            "published": ""}
    _fake_4_2(monkeypatch, lambda key: {10: 90, 100: 60, 1000: 30}[key[2]])
    assert C.check_by_width(data).verdict == "verified"
    _fake_4_2(monkeypatch, lambda key: {10: 30, 100: 60, 1000: 90}[key[2]])
    assert C.check_by_width(data).verdict == "refuted"
    _fake_4_2(monkeypatch, lambda key: 50)
    assert C.check_by_width(data).verdict == "inconclusive"


def _fake_4_8(monkeypatch, wrong):
    values = {str(d): {f"{lk:g}": wrong(d) for lk in C._F48["leaks"]} for d in C._F48["dims"]}
    monkeypatch.setattr(C, "load_run", lambda name, path=None: {
        "name": name, "sha256": "0" * 64, "seconds": {"total": 1.0}, "seeds": [0], "values": values})


def test_small_error_consistency(monkeypatch):
    data = {"threshold": 0.95, "margin": 0.2, "bases": ("004_figure_4_8_base_long",), **C._RADII_DATA}
    _fake_4_8(monkeypatch, lambda d: [0] * 100)            # every network reaches 0.95 in every dimension
    assert C.check_consistent(data).verdict == "verified"
    _fake_4_8(monkeypatch, lambda d: [0] * 100 if d == 2 else [9999] * 100)
    out = C.check_consistent(data)
    assert out.verdict == "refuted"
    assert C.check_consistent(out.readings[0].correction.data).verdict == "verified"
    _fake_4_8(monkeypatch, lambda d: [0] * 50 + [9999] * 50)  # half: intervals too wide for +-0.2
    assert C.check_consistent(data).verdict == "inconclusive"


def test_small_error_needs_the_longer_trained_base_too(monkeypatch):
    # n = 2 fails after our 100 epochs but succeeds when trained longer, every other dimension succeeds
    def load(name, path=None):
        values = {str(d): {f"{lk:g}": [9999] * 100 if (d == 2 and name == "004_figure_4_8") else [0] * 100
                           for lk in C._F48["leaks"]} for d in C._F48["dims"]}
        return {"name": name, "sha256": "0" * 64, "seconds": {"total": 1.0}, "seeds": [0], "values": values}
    monkeypatch.setattr(C, "load_run", load)
    data = {"threshold": 0.95, "margin": 0.2, "bases": ("004_figure_4_8_base_long",), **C._RADII_DATA}
    assert C.check_consistent(data).verdict == "inconclusive"
    assert C.check_consistent(dict(data, bases=())).verdict == "refuted"


def test_image_claims_stay_inconclusive_without_the_data():
    out = C.check_image_data({"datasets": ("MNIST",), "patterns": ("mnist*",), "what": "x"})
    assert out.verdict == "inconclusive" and "not shipped" in out.detail


def _fake_6_2(monkeypatch, first, later):
    values = {kind: {"1": [[first] * 30, [later] * 30, [later] * 30]} for kind in ("weights", "patterns")}
    for kind in values:  # ties broken by a little noise per network
        values[kind]["1"] = [list(np.asarray(v) + 1e-3 * np.arange(30) * (i + 1)) for i, v in enumerate(values[kind]["1"])]
    values["train_accuracy"] = [1.0] * 30

    def load(name, path=None):
        return {"name": name, "sha256": "0" * 64, "seconds": {"total": 1.0}, "seeds": [0], "values": values}
    monkeypatch.setattr(C, "load_run", load)
    import proofs_check.claims.c003_experiments as c003
    monkeypatch.setattr(c003, "load_run", load)


def test_bottom_up_follows_the_layers(monkeypatch):
    data = {"runs": ("004_section_6_2", "004_section_6_2_sgd_6_1"), "reverse": False, "published": "",
            "readings": {kind: [(f"layer 1 below layer {l}", f"{kind}/1/layer-1", f"{kind}/1/layer-{l}", "wilcoxon")
                                for l in (2, 3)] for kind in ("weights", "patterns")}}
    _fake_6_2(monkeypatch, 0.01, 0.1)
    assert C.check_bottom_up(data).verdict == "verified"
    _fake_6_2(monkeypatch, 0.1, 0.01)
    assert C.check_bottom_up(data).verdict == "refuted"


def test_momentum_and_weight_decay_follow_pytorch_sgd():
    rng = np.random.default_rng(6)
    x, label = R._xor_circle(rng, 1, 8, 0.5)
    params = F.stacked_network([2, 3, 1], 1, rng)
    lr, mu, wd = 0.01, 0.5, 0.01
    plain = [R._sgd_bce(params, x, label, lr=lr, batch=8, epochs=1, rng=np.random.default_rng(0))]
    state = {}
    one = R._sgd_bce(params, x, label, lr=lr, batch=8, epochs=1, rng=np.random.default_rng(0), momentum=mu,
                     weight_decay=wd, state=state)
    two = R._sgd_bce(one, x, label, lr=lr, batch=8, epochs=1, rng=np.random.default_rng(0), momentum=mu,
                     weight_decay=wd, state=state)
    W0, W1, W2 = params[0][0], one[0][0], two[0][0]
    g0 = (W0 - plain[0][0][0]) / lr + wd * W0     # first step: the buffer is the decayed gradient
    assert np.allclose(W1, W0 - lr * g0)
    g1 = (one[0][0] - R._sgd_bce(one, x, label, lr=lr, batch=8, epochs=1, rng=np.random.default_rng(0))[0][0]) / lr
    assert np.allclose(W2, W1 - lr * (mu * g0 + g1 + wd * W1))
