"""Tests of symrelu.function_space: per-layer breakpoints, pieces, training, dynamics, sweeps (incl. Dask)."""

from fractions import Fraction

import numpy as np
import pytest

from symrelu.densities import GaussianInit, histogram_units
from symrelu.errors import InvalidArgument, InvalidArgumentType
from symrelu.function_space import (
    breakpoint_dynamics,
    count_pieces,
    deep_density_job,
    layer_breakpoints,
    layer_delta_slopes,
    layer_roughness,
    pieces_job,
    random_network,
    sampled_pieces,
    train_gd,
)
from symrelu.network import ReLUNetwork
from symrelu.parallel import spawn_seeds, sweep
from symrelu.pwl import BDSO


def test_one_layer_breakpoints_are_eq2s():
    rng = np.random.default_rng(0)
    w, b, v = rng.standard_normal((3, 6))
    net = ReLUNetwork([(w[:, None], b), (v[None, :], [0.0])])
    (bps,) = layer_breakpoints(net, -50, 50)
    ref = BDSO.from_network(w=w, b=b, v=v)
    assert np.allclose(bps, np.sort(ref.breakpoints))
    (mus,) = layer_delta_slopes(net, -50, 50)
    # the output's slope jump at beta_i is s_i mu_i = |w_i| v_i
    order = np.argsort(ref.breakpoints)
    assert np.allclose(mus, (np.abs(w) * v)[order])


def test_pieces_exact_vs_sampled_and_exact_mode():
    net = random_network((1, 8, 8, 1), seed=2)
    exact = count_pieces(net, -4, 4)
    assert sampled_pieces(net, -4, 4, points=400_001) == exact
    # the float engine agrees with exact rational arithmetic on the same parameters
    assert net.with_number_domain(True).to_pwl(Fraction(-4), Fraction(4)).output.pieces == exact


def test_layer_roughness_is_sum_of_squared_delta_slopes():
    net = ReLUNetwork([([[2.0], [-1.0]], [0.0, 0.5]), ([[1.0, 1.0]], [0.0])])
    assert layer_roughness(net, -1, 1).tolist() == [5.0]


def test_training_reduces_loss_and_dynamics_shapes():
    net = random_network((1, 6, 6, 1), seed=4)
    x = np.linspace(-2, 2, 81)
    trained, snaps, losses = train_gd(net, x, np.sin(2 * x), lr=2e-3, epochs=200, record_every=50)
    assert losses[-1] < losses[0]
    assert [e for e, _ in snaps] == [0, 50, 100, 150, 200]
    dyn = breakpoint_dynamics(snaps, -2, 2)
    assert dyn.counts.shape == (5, 2) and dyn.changes.shape == (2,) and dyn.speeds.shape == (2,)


def test_gradients_match_finite_differences():
    from symrelu.function_space import _gradients, _params

    net = random_network((1, 5, 4, 1), seed=7)
    x = np.linspace(-2, 2, 30)
    y = np.cos(x)
    params = _params(net)
    grads, loss = _gradients(params, x, y)
    h = 1e-6
    for l, k in ((0, (2, 0)), (1, (1, 3)), (2, (0, 2))):
        p2 = [(W.copy(), b.copy()) for W, b in params]
        p2[l][0][k] += h
        num = (_gradients(p2, x, y)[1] - loss) / h
        assert num == pytest.approx(grads[l][0][k], rel=1e-3, abs=1e-5)


def test_bad_arguments():
    with pytest.raises(InvalidArgument):
        random_network((2, 4, 1))
    with pytest.raises(InvalidArgument):
        random_network((1, 4, 1), init="lecun")
    with pytest.raises(InvalidArgumentType):
        layer_breakpoints("net", 0, 1)
    with pytest.raises(InvalidArgument):
        pieces_job(3, 40, "sine", 0, 1e-4, 0)
    with pytest.raises(InvalidArgument):
        sampled_pieces(random_network((1, 2, 1), seed=0), 0, 1, points=2)


def _hist_job(init, n, seed):
    return histogram_units(init, n, beta_edges=np.linspace(-5, 5, 11), mu_edges=np.linspace(-2, 2, 9), seed=seed)


def test_sweep_serial_equals_processes():
    seeds = spawn_seeds(0, 3)
    jobs = [(GaussianInit(1.0, 1.0, 1.0), 5000, s) for s in seeds]
    a = sweep(_hist_job, jobs, executor="serial")
    b = sweep(_hist_job, jobs, max_workers=2)
    assert all(np.array_equal(x[0], y[0]) and np.array_equal(x[1], y[1]) for x, y in zip(a, b))


def test_sweep_on_a_local_dask_cluster():
    distributed = pytest.importorskip("distributed")
    seeds = spawn_seeds(1, 2)
    jobs = [((1, 4, 4, 1), "he", 3, -5.0, 5.0, s) for s in seeds]
    serial = sweep(deep_density_job, jobs, executor="serial")
    with distributed.Client(processes=False, n_workers=2, threads_per_worker=1, dashboard_address=None) as client:
        remote = sweep(deep_density_job, jobs, executor=client)
    for (bs1, ms1), (bs2, ms2) in zip(serial, remote):
        assert all(np.array_equal(p, q) for p, q in zip(bs1 + ms1, bs2 + ms2))


def test_layer_breakpoints_equal_neuron_breakpoints():
    rng = np.random.default_rng(3)
    for _ in range(20):
        net = random_network((1, 6, 6, 6, 1), seed=rng)
        cpwl = net.to_pwl(-8, 8)
        for l, got in enumerate(layer_breakpoints(net, -8, 8)):
            ref = np.sort(np.concatenate([cpwl.neuron_breakpoints(l, i) for i in range(6)]))
            assert np.array_equal(got, ref)


def test_train_gd_says_that_training_diverged():
    # issue 18: a too large lr surfaced as "InvalidArgument: layers[0].W[0, 0]=nan"
    import warnings

    from symrelu.errors import InvalidArgument
    from symrelu.function_space import random_network, train_gd

    net = random_network([1, 4, 1], seed=0)
    x = np.linspace(-1, 1, 21)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the overflow is reported, not warned about
        with pytest.raises(InvalidArgument, match=r"lr=5\.0.*Training diverged at step \d+ of 200.*lr=0\.5") as info:
            train_gd(net, x, x**2, lr=5.0, epochs=200)
    assert info.value.name == "lr" and "nan" not in str(info.value).split("Training")[0]
    assert train_gd(net, x, x**2, lr=1e-2, epochs=20)[2].shape == (21,)  # a converging run is unchanged
    with pytest.raises(InvalidArgument, match="finite data"):
        train_gd(net, x, np.full_like(x, np.nan), lr=1e-2, epochs=2)


def test_symbolic_init_parameters_point_to_the_symbolic_laws():
    # issue 18: GaussianInit(sigma_b=Symbol) should point to sympy_breakpoints(symbolic=True)
    import sympy

    from symrelu.densities import UniformInit

    with pytest.raises(InvalidArgumentType, match=r"sigma_b.*sympy_breakpoints\(symbolic=True\)"):
        GaussianInit(sympy.Symbol("s"), 1.0, 1.0)
    with pytest.raises(InvalidArgumentType, match=r"a_w.*symbolic=True"):
        UniformInit(1.0, sympy.Symbol("a", positive=True), 1.0)
    assert GaussianInit(sympy.sqrt(2), 1, 1).sigma_b == pytest.approx(2**0.5)  # a SymPy constant is a number
    with pytest.raises(InvalidArgument):
        GaussianInit(-sympy.sqrt(2), 1, 1)
    # what the message points to works
    beta = GaussianInit(1.0, 1.0, 1.0).sympy_breakpoints(symbolic=True)
    from sympy import stats

    assert {str(s) for s in stats.density(beta)(0).free_symbols} == {"sigma_b", "sigma_w"}


def test_pieces_job_blames_an_interval_that_overflows_not_lr():
    # found by the fuzz suite under another Hypothesis version: the loss was inf before any step
    from symrelu.errors import InvalidArgument
    from symrelu.function_space import pieces_job

    with pytest.raises(InvalidArgument, match="hi="):
        pieces_job(1, 6, "quadratic", 0, 1e-4, 0, hi=2.5731028820186423e+107)
    assert pieces_job(1, 6, "quadratic", 0, 1e-4, 0)[0] <= 7
