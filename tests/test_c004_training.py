"""004 chapter 3's training runs (symrelu.experiments.runs.r004_boolean) and their claims (c004_training)."""

import numpy as np
import pytest

from symrelu.boolean import parity, truth_table
from symrelu.experiments.function_space_runs import RUNS, load_run
from symrelu.experiments.runs import r004_boolean as R


def test_cube_is_the_boolean_input_order():
    x = R.cube(3)
    # 3-parity is the product of the inputs in symrelu.boolean's order
    assert np.array_equal(np.prod(x, axis=0), parity(3))
    assert R.labels_of(truth_table(0b0111, 2)).tolist() == [0.0, 1.0, 1.0, 1.0]


def test_training_solves_xor_and_records_the_epoch():
    rng = np.random.default_rng(0)
    x, lab = R.cube(2), R.labels_of(parity(2))
    p = R.init_boolean(2, 4, 1, 64, rng)
    _, first = R.train_boolean(p, x, np.broadcast_to(lab, (64, 4)), leak=0.1, lr=0.025, epochs=400)
    assert np.mean(first >= 0) > 0.5
    assert np.all((first == -1) | ((first % 50 == 0) & (first <= 400)))
    # a network right at initialization is a success at epoch 0
    _, first0 = R.train_boolean(p, x, np.broadcast_to(lab, (64, 4)), leak=0.1, lr=0.025, epochs=0)
    logits = R._forward(p, x[None], 0.1, None)[0][:, 0, :]
    assert np.array_equal(first0 == 0, np.all((logits > 0) == (lab > 0.5), axis=1))


def test_a_masked_unit_has_no_effect():
    rng = np.random.default_rng(1)
    x = R.cube(3)
    p = R.init_boolean(3, 4, 1, 2, rng)
    mask = np.array([[1.0, 1.0, 0.0, 1.0]] * 2)
    out = R._forward(p, x[None], 0.1, [mask])[0]
    q = [[W.copy(), c.copy()] for W, c in p]
    q[0][0][:, 2, :] = 7.0  # whatever the removed unit's weights
    assert np.allclose(R._forward(q, x[None], 0.1, [mask])[0], out)
    trained, _ = R.train_boolean(p, x, np.broadcast_to(R.labels_of(parity(3)), (2, 8)), leak=0.1, lr=0.025,
                                 epochs=60, mask=[mask])
    assert np.allclose(trained[0][0][:, 2, :], p[0][0][:, 2, :])  # no gradient reaches it


@pytest.mark.parametrize("name", ["004_ch3_npn4", "004_ch3_parity_rates", "004_ch3_ten_input", "004_ch3_dims",
                                  "004_ch3_prune_wide", "004_ch3_npn4_readings", "004_ch3_parity_readings"])
def test_shipped_runs_load_with_their_configuration(name):
    run = load_run(name)
    assert run["config"] == RUNS[name]["config"]


def test_claims_reverse_and_near_parts():
    from proofs_check.claims import c004_training as C

    out = C.check_parts(C.WIDTH_THREE)
    flipped = C.check_parts(C.flip_all(C.WIDTH_THREE))
    assert {out.verdict, flipped.verdict} == {"verified", "refuted"}
    rate = C._sample("parity:leaky/w6d1")
    ours = rate[0] / rate[1]
    part = C._near("w6", "parity:leaky/w6d1", round(ours, 3), 0.025)
    assert C._part(part)[1] == 1.0  # our own rate is inside the band
    far = C._flip(part)
    assert C._part(far)[1] < 1e-6


def test_without_early_stopping_both_criteria_are_recorded():
    rng = np.random.default_rng(2)
    x, lab = R.cube(2), R.labels_of(parity(2))
    p = R.init_boolean(2, 4, 1, 32, rng, bias="zeros")
    assert all(np.all(c == 0) for W, c in p)
    y = np.broadcast_to(lab, (32, 4))
    _, ok_any, ok_end = R._end_and_any(p, x, y, 0.1, {"lr": 0.025, "epochs": 300})
    _, first = R.train_boolean(p, x, y, leak=0.1, lr=0.025, epochs=300)
    # the epoch of first success does not depend on whether training goes on after it
    assert np.array_equal(ok_any, first >= 0)
    # a network that ends classified has been seen classified at the last check
    assert np.all(ok_any[ok_end])


def test_readings_bind_the_sources_and_unbind_back():
    from proofs_check.claims import c004_training as C

    part = C._less("{act}: x", "parity:{act}/w3d1", "npn4:{act}/w3d1")
    bound = C._bind([part], "relu", "zeros", "end")[0]
    assert (bound["a"], bound["b"]) == ("parity-zeros-end:relu/w3d1", "npn4-zeros-end:relu/w3d1")
    assert C._bind([part], "relu", "uniform", "any")[0]["a"] == "parity:relu/w3d1"
    assert C._unbind_setup([bound], "relu", "zeros", "end")[0] == part
