"""Seeded function-space runs of 003/004 (symrelu.experiments.function_space_runs) and their shipped files."""

import json

import numpy as np
import pytest

from symrelu.errors import InvalidArgument
from symrelu.experiments import function_space_runs as F
from symrelu.function_space import train_gd
from symrelu.network import ReLUNetwork


def test_stacked_training_matches_the_reference_trainer():
    # train_gd (symrelu.function_space) is the one-network numpy trainer on the same loss
    rng = np.random.default_rng(5)
    params = F.stacked_network([1, 6, 5, 1], 3, rng)
    x = np.linspace(-2, 2, 41)
    trained, losses = F.train_stacked(params, x, np.sin(x), lr=1e-3, epochs=30)
    for k in range(3):
        net = ReLUNetwork([(W[k], b[k]) for W, b in params], exact=False)
        ref, _, ref_losses = train_gd(net, x, np.sin(x), lr=1e-3, epochs=30)
        for (W, b), (Wr, br) in zip(trained, ref.layers):
            np.testing.assert_allclose(W[k], Wr, rtol=1e-12, atol=1e-14)
            np.testing.assert_allclose(b[k], br, rtol=1e-12, atol=1e-14)
        assert losses[k] == pytest.approx(ref_losses[-1], rel=1e-12)


def test_mean_loss_and_per_network_learning_rates():
    rng = np.random.default_rng(1)
    params = F.stacked_network([1, 4, 1], 2, rng)
    x = np.linspace(-1, 1, 11)
    both, _ = F.train_stacked(params, x, x**2, lr=np.array([0.1, 0.0]), epochs=5, loss="mean")
    for (W, b), (W0, b0) in zip(both, params):  # lr 0 leaves the second network where it was
        np.testing.assert_array_equal(W[1], W0[1])
        assert not np.array_equal(W[0], W0[0])
    with pytest.raises(InvalidArgument, match="loss"):
        F.train_stacked(params, x, x, lr=0.1, epochs=1, loss="sum")


def test_spiky_network_is_the_interpolant():
    knots = np.linspace(-2, 2, 20)
    values = np.random.default_rng(0).uniform(-2, 2, 20)
    std = F.stacked_network([1, 21, 1], 1, 0)
    net = F._spiky_shallow(knots, values, (std[0][0][:, -1:, :], std[0][1][:, -1:]))
    x = np.linspace(-3, 3, 601)
    assert np.abs(F.forward_stacked(net, x)[0] - np.interp(x, knots, values)).max() < 1e-12


@pytest.mark.parametrize("name", sorted(F.RUNS))
def test_shipped_runs_load_with_their_configuration(name):
    r = F.load_run(name)
    assert r["config"] == F.RUNS[name]["config"] and r["seeds"] == F.RUNS[name]["seeds"]
    assert r["environment"]["numpy"] and r["seconds"]["total"] > 0


def test_a_tampered_file_is_refused(tmp_path):
    r = json.load(open(F.run_path("003_table_1")))
    r["values"]["sine"]["standard"][0] *= 2
    path = tmp_path / "x.json"
    path.write_text(json.dumps(r))
    with pytest.raises(InvalidArgument, match="sha256"):
        F.load_run("003_table_1", path)
    with pytest.raises(InvalidArgument, match="name"):
        F.load_run("no_such_run")


@pytest.mark.slow
def test_recompute_reproduces_a_shipped_seed(capsys):
    assert F.main(["--recompute", "003_table_1", "--seeds", "0"]) == 0
    assert "agrees" in capsys.readouterr().out
