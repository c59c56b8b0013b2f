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


def test_every_argument_is_checked_and_named(tmp_path, capsys):
    """Issue 13: bad values give a symrelu error naming the argument, not a bare NumPy or json exception."""
    from symrelu.errors import InvalidArgumentType, SizeLimitExceeded

    p, x = F.stacked_network([1, 3, 1], 2, 0), np.linspace(-1, 1, 5)

    def refused(name, fn, *args, **kwargs):
        with pytest.raises((InvalidArgument, InvalidArgumentType)) as info:
            fn(*args, **kwargs)
        assert info.value.name == name or f"{name}=" in str(info.value) or f"({name})=" in str(info.value), \
            str(info.value)

    refused("rng", F.stacked_network, [1, 3, 1], 2, float("nan"))
    refused("rng", F.stacked_network, [1, 3, 1], 2, None)
    with pytest.raises(SizeLimitExceeded, match="max_parameters"):
        F.stacked_network([1, 3, 1], 10**9, 0)
    assert len(F.stacked_network([1, 3, 1], 10, 0, max_parameters=100)) == 2
    refused("max_parameters", F.stacked_network, [1, 3, 1], 2, 0, max_parameters=0)
    refused("params", F.forward_stacked, np.full((2, 2), np.nan), x)
    refused("params", F.forward_stacked, [(np.ones((2, 3, 2)), np.ones((2, 3)))], x)  # two inputs
    refused("x", F.forward_stacked, p, [np.nan, 0.5])
    refused("x", F.forward_stacked, p, "ab")
    refused("y", F.train_stacked, p, x, x[:3], lr=0.1, epochs=1)
    refused("x", F.train_stacked, p, [1e16, 0, 5e16], x, lr=0.1, epochs=1)  # y is quoted: len(x)=3
    refused("y", F.train_stacked, p, x, [np.inf] * 5, lr=0.1, epochs=1)
    refused("lr", F.train_stacked, p, x, x, lr=-1.0, epochs=1)
    refused("lr", F.train_stacked, p, x, x, lr="ab", epochs=1)
    refused("loss", F.train_stacked, p, x, x, lr=0.1, epochs=1, loss=["mean"])
    refused("seeds", F.run, "003_table_1", seeds=[-1])
    refused("seeds", F.run, "003_table_1", seeds=[0, 0])
    refused("seeds", F.run, "004_table_5_1", seeds=[0, 1])  # one seed stream
    refused("path", F.load_run, "003_table_1", 1.5)
    refused("name", F.load_run, float("nan"))
    # the command line: one line, exit 2, before any work
    for argv in (["--recompute", "003_table_1", "--seeds", "-1"], ["--recompute", "004_table_4_2", "--seeds", "0", "1"],
                 ["--recompute", "003_table_1", "--seed", "0"]):
        with pytest.raises(SystemExit) as info:
            F.main(argv)
        assert info.value.code == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "--seed" in err, err


def test_values_are_compared_number_by_number():
    a = {"x": [1.0, 2.0], "y": {"z": 4, "name": "sine"}}
    assert F._max_rel_diff_values(a, a) == 0.0
    assert F._max_rel_diff_values(a, {"x": [1.0, 2.2], "y": {"z": 4, "name": "sine"}}) == pytest.approx(0.2 / 2.2)
    assert np.isnan(F._max_rel_diff_values(a, {"x": [1.0], "y": {"z": 4, "name": "sine"}}))
    assert np.isnan(F._max_rel_diff_values(a, {"x": [1.0, 2.0], "y": {"z": 4, "name": "cos"}}))
