"""Tests of symrelu.torch_bridge and the experiments command (skipped without torch)."""

import subprocess
import sys
from fractions import Fraction as Q

import numpy as np
import pytest

torch = pytest.importorskip("torch")

from symrelu.errors import InvalidArgument, InvalidArgumentType  # noqa: E402
from symrelu.network import ReLUNetwork  # noqa: E402
from symrelu.triangle import triangle_network, waves_sum  # noqa: E402
from symrelu.torch_bridge import (  # noqa: E402
    BatchedReLU,
    PeakNetworks,
    Trainer,
    default_networks,
    from_torch,
    to_torch,
    train_together,
)

DEVICES = ["cpu"] + (["cuda"] if torch.cuda.is_available() else [])


def _same_layers(a, b):
    return all(np.array_equal(W1, W2) and np.array_equal(b1, b2) for (W1, b1), (W2, b2) in zip(a.layers, b.layers))


def test_import_symrelu_does_not_import_torch():
    code = "import sys, symrelu, symrelu.experiments, symrelu.experiments.paper; print('torch' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_without_torch_the_import_says_what_is_missing():
    code = ("import sys; sys.modules['torch'] = None\n"  # as if torch were not installed
            "try:\n    import symrelu.torch_bridge\nexcept ModuleNotFoundError as err:\n    print(err.name, err)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.startswith("torch symrelu.torch_bridge needs PyTorch") and "symrelu[torch]" in out.stdout


def test_the_package_keeps_its_names():
    import symrelu.torch_bridge as package

    assert all(getattr(package, name).__module__.startswith("symrelu.torch_bridge._") for name in package.__all__)


@pytest.mark.parametrize("alpha", [0.0, 0.125])
def test_round_trip_is_bit_exact(alpha):
    rng = np.random.default_rng(3)
    net = ReLUNetwork([(rng.normal(size=(5, 2)), rng.normal(size=5)), (rng.normal(size=(3, 5)), rng.normal(size=3)),
                       (rng.normal(size=(1, 3)), rng.normal(size=1))], alpha)
    module = to_torch(net)
    back = from_torch(module)
    assert _same_layers(net, back) and back.alpha == net.alpha
    x = rng.normal(size=(50, 2))
    with torch.no_grad():
        y = module(torch.tensor(x)).numpy()
    np.testing.assert_allclose(y, net.forward(x), rtol=0, atol=1e-13)


def test_float32_modules_convert_exactly():
    seq = torch.nn.Sequential(torch.nn.Linear(1, 4), torch.nn.ReLU(), torch.nn.Linear(4, 1))
    net = from_torch(seq)
    assert np.array_equal(net.layers[0][0], seq[0].weight.detach().double().numpy())


def test_exact_network_is_rounded_to_nearest_float():
    net = triangle_network([Q(1, 3), Q(1, 2), Q(2, 3)])
    assert _same_layers(from_torch(to_torch(net)), net.with_number_domain(False))


@pytest.mark.parametrize("bad", [torch.nn.Sequential(torch.nn.ReLU()), torch.nn.Sequential(torch.nn.Linear(1, 2), torch.nn.Tanh(), torch.nn.Linear(2, 1)),
                                 torch.nn.Sequential(torch.nn.Linear(1, 2), torch.nn.ReLU(), torch.nn.Linear(2, 2), torch.nn.LeakyReLU(0.1), torch.nn.Linear(2, 1))])
def test_from_torch_rejects_other_architectures(bad):
    with pytest.raises(InvalidArgument):
        from_torch(bad)
    with pytest.raises(InvalidArgumentType):
        from_torch(torch.nn.Linear(1, 1))


@pytest.mark.parametrize("variant", ["add", "subtract"])
@pytest.mark.parametrize("free", [False, True])
def test_peak_networks_match_core_triangle_network(variant, free):
    rng = np.random.default_rng(1)
    peaks = rng.uniform(0.05, 0.95, size=(4, 6))
    model = PeakNetworks(peaks, variant, free_scales=free)
    for m in range(4):
        if free:  # the same free scales in the core (with subtracted waves the sum neuron carries 1 - W_i)
            scales = [float(s) for s in model.scales().detach()[m]]
            core = triangle_network(list(peaks[m][: model.depth]), variant=variant, scales=scales)
        else:
            core = triangle_network(list(peaks[m]), variant=variant)
        for (W, b), (Wt, bt) in zip(core.layers, model.weights()):
            np.testing.assert_allclose(Wt[m].detach().numpy(), W, rtol=1e-14, atol=1e-15)
            np.testing.assert_allclose(bt[m].detach().numpy(), b, rtol=1e-14, atol=1e-15)
        # and the output is x -/+ sum s_i W_i, exactly as waves_sum computes it wave by wave
        ref = waves_sum(list(peaks[m]), [float(s) for s in model.scales().detach()[m]], variant=variant)
        xs = np.linspace(0, 1, 101)
        np.testing.assert_allclose(model(torch.tensor(xs))[m].detach().numpy(), ref(xs), atol=1e-12)


def test_free_scales_with_explicit_scales():
    model = PeakNetworks([[0.5, 0.5]], "add", free_scales=True, scales=[[0.25, 0.0625]])
    np.testing.assert_allclose(model.scales().detach().numpy(), [[0.25, 0.0625]])
    assert model.depth == 2
    with pytest.raises(InvalidArgument):
        PeakNetworks([[0.5, 0.5]], "add", free_scales=True, scales=[[0.25, -1.0]])


def test_peak_networks_validate():
    with pytest.raises(InvalidArgument):
        PeakNetworks([[0.5, 1.2]])
    with pytest.raises(InvalidArgument):
        PeakNetworks([[0.5, 0.5]], "sideways")
    with pytest.raises(InvalidArgument):
        PeakNetworks([[0.5, 0.5]], margin=0.7)


def test_gradients_reach_the_peaks_and_projection_keeps_them_inside():
    model = PeakNetworks([[0.3, 0.6, 0.5, 0.4]], "subtract", margin=0.1)
    x = torch.linspace(0, 1, 64, dtype=torch.float64)
    t = Trainer(model, x, x**3, lr=0.5)  # a huge step, to hit the box
    loss = t.losses().sum()
    loss.backward()
    assert model.peaks.grad is not None and torch.all(model.peaks.grad != 0)
    train_together([t], 20)
    assert torch.all(model.peaks >= 0.1) and torch.all(model.peaks <= 0.9)


def test_switch_to_raw_weights_preserves_the_function_and_pieces():
    peaks = [[Q(1, 3), Q(1, 2), Q(2, 3), Q(1, 4)]]
    model = PeakNetworks(np.array(peaks, dtype=float), "add")
    batch = model.to_batched()
    x = torch.linspace(0, 1, 33, dtype=torch.float64)
    assert torch.allclose(model(x), batch(x), rtol=0, atol=1e-15)
    # 2^d pieces (d = 3) on the converted network; in exact rationals the
    # float64 weights may add rounding slivers, never remove pieces
    net = batch.network(0)
    assert net.to_pwl(0, 1).output.pieces == 8
    assert net.to_pwl(0, 1, exact=True).output.pieces >= 8
    assert isinstance(batch.module(0), torch.nn.Sequential)


def test_switch_has_the_papers_biases_input_layer_only():
    # 000 A.1: I has a bias, H_i and O none (the bias neuron replaces them);
    # the free-scales subtract carry needs its output bias -sum s_i.
    peaks = np.array([[0.3, 0.6, 0.5, 0.4], [0.7, 0.2, 0.5, 0.6]])
    x = torch.linspace(0, 1, 65, dtype=torch.float64)
    for variant in ("add", "subtract"):
        for free in (False, True):
            model = PeakNetworks(peaks, variant, free_scales=free)
            batch = model.to_batched()
            out_bias = free and variant == "subtract"
            assert batch.has_bias == (True,) + (False,) * (model.depth - 1) + (out_bias,), (variant, free)
            assert len(batch.b) == 1 + out_bias
            assert torch.allclose(model(x), batch(x), rtol=0, atol=1e-14)
            full = model.to_batched(hidden_biases=True)
            assert full.has_bias == (True,) * (model.depth + 1) and len(full.b) == model.depth + 1
            assert torch.equal(full(x), batch(x))


def test_biasless_layers_stay_zero_under_training():
    model = PeakNetworks([[0.3, 0.6, 0.5, 0.4]], "subtract")
    x = torch.linspace(0, 1, 40, dtype=torch.float64)
    batch = model.to_batched()
    train_together([Trainer(batch, x, x**3)], 5)
    for (W, b), has in zip(batch.layers(), batch.has_bias):
        assert has or (not b.requires_grad and torch.all(b == 0))
    assert np.all(batch.network(0).layers[-1][1] == 0)


def test_mini_batch_epochs():
    nets = default_networks(2, (1, 3, 1), seed=0)
    x = torch.linspace(0, 1, 10, dtype=torch.float64)
    t = Trainer(nets, x, x**2)
    steps = []
    step = t.optimizer.step
    t.optimizer.step = lambda *args, **kw: (steps.append(1), step(*args, **kw))[1]
    train_together([t], 3, batch_size=4)
    assert len(steps) == 3 * 3  # ceil(10 / 4) steps per epoch
    # one shuffled batch of every point is the full-batch run, up to summation order
    a, b = default_networks(2, (1, 3, 1), seed=1), default_networks(2, (1, 3, 1), seed=1)
    train_together([Trainer(a, x, x**2)], 4)
    train_together([Trainer(b, x, x**2)], 4, batch_size=10)
    for Wa, Wb in zip(a.W, b.W):
        np.testing.assert_allclose(Wa.detach().numpy(), Wb.detach().numpy(), rtol=1e-12, atol=1e-15)
    with pytest.raises(InvalidArgument, match="batch_size"):
        train_together([t], 1, batch_size=11)
    with pytest.raises(InvalidArgument, match="trainers"):
        train_together([t, Trainer(nets, x[:5], x[:5])], 1, batch_size=2)
    from symrelu.experiments.protocol import Config

    with pytest.raises(InvalidArgument, match="batch_size"):
        Config(batch_size=0)
    with pytest.raises(InvalidArgument, match="window"):
        Config(window=0)
    with pytest.raises(InvalidArgument, match="margin"):
        Config(margin=0.5)
    # sizes known in advance: the training memory is estimated and refused past a limit the caller can raise
    from symrelu.errors import SizeLimitExceeded

    with pytest.raises(SizeLimitExceeded, match="Pass max_gib=") as err:
        Config(n_models=10_000)
    assert err.value.size > 4.0 and err.value.name == "n_models"
    assert Config(n_models=10_000, max_gib=err.value.size).estimated_gib() <= err.value.size
    assert Config(dtype="float32").estimated_gib() == Config().estimated_gib() / 2
    assert Config(batch_size=64).epochs(500)["batch_size"] == 64 and Config(batch_size=64).epochs(20)["batch_size"] is None


def test_batched_training_equals_per_model_training():
    # Adam is coordinate-wise: one batched run of M models == M single-model runs.
    nets = default_networks(3, (1, 4, 4, 1), seed=5)
    x = torch.linspace(0, 1, 40, dtype=torch.float64)
    singles = [BatchedReLU([(W[m:m + 1].detach(), b[m:m + 1].detach()) for W, b in nets.layers()]) for m in range(3)]
    t = Trainer(nets, x, x**2)
    train_together([t], 30)
    for m, single in enumerate(singles):
        ts = Trainer(single, x, x**2)
        train_together([ts], 30)
        for W, Ws in zip(nets.W, single.W):
            np.testing.assert_allclose(W[m].detach().numpy(), Ws[0].detach().numpy(), rtol=1e-12, atol=1e-14)


def test_default_networks_refuse_past_max_parameters():
    from symrelu.errors import SizeLimitExceeded

    per_model = (1 + 1) * 4 + (4 + 1) * 1  # widths (1, 4, 1): 13 parameters
    with pytest.raises(SizeLimitExceeded, match="Pass max_parameters=26 or more"):
        default_networks(2, (1, 4, 1), seed=0, max_parameters=2 * per_model - 1)
    assert default_networks(2, (1, 4, 1), seed=0, max_parameters=2 * per_model).n_models == 2


def test_default_networks_are_pytorch_default_linear():
    a = default_networks(2, (1, 3, 1), seed=0)
    b = default_networks(2, (1, 3, 1), seed=0)
    assert torch.equal(a.W[0], b.W[0])
    bound = 1.0  # kaiming uniform with a = sqrt(5): U(-1/sqrt(fan_in), 1/sqrt(fan_in)), fan_in = 1
    assert torch.all(a.W[0].abs() <= bound) and torch.all(a.W[1].abs() <= 1 / np.sqrt(3))


def test_from_modules_stacks():
    mods = [to_torch(ReLUNetwork([([[1.0], [2.0]], [0.0, -1.0]), ([[1.0, float(k)]], [0.5])])) for k in range(3)]
    batch = BatchedReLU.from_modules(mods)
    assert batch.n_models == 3 and batch.widths == (1, 2, 1)
    assert _same_layers(batch.network(2), from_torch(mods[2]))


@pytest.mark.parametrize("device", DEVICES)
def test_training_runs_on_each_available_device(device):
    peaks = np.random.default_rng(0).uniform(0.1, 0.9, size=(4, 4))
    model = PeakNetworks(peaks, "subtract", device=device)
    x = torch.linspace(0, 1, 50, dtype=torch.float64, device=device)
    t = Trainer(model, x, x**3)
    before = t.evaluate()
    train_together([t], 30)
    assert np.all(t.evaluate() < before)
    raw = Trainer(model.to_batched(), x, x**3)
    train_together([raw], 5)
    assert raw.model.W[0].device.type == torch.device(device).type


def test_block_networks_export_equivalent_network():
    from symrelu.experiments.blocks import PROBLEMS, BlockNetworks, _input_maps, problem

    rng = np.random.default_rng(0)
    for name in PROBLEMS:
        x, y, parts, signs = problem(name)
        P, q = _input_maps(name, 2, 2, rng)
        model = BlockNetworks(rng.uniform(0.1, 0.9, (2, 2, 6)), P, q, signs)
        if parts is not None:
            model.fit_readouts_(x, parts=parts.expand(2, -1, -1))
        else:
            model.fit_readouts_(x, y=y.expand(2, -1))
        batch = model.to_batched()
        assert batch.widths == (x.shape[1],) + (10,) * 5 + (1,)
        assert torch.allclose(model(x), batch(x), rtol=0, atol=1e-12)


def test_tracked_readouts_stay_least_squares_optimal():
    from symrelu.experiments.blocks import BlockNetworks, _input_maps, problem

    rng = np.random.default_rng(1)
    x, y, parts, signs = problem("r3")
    P, q = _input_maps("r3", 2, 2, rng)
    model = BlockNetworks(rng.uniform(0.1, 0.9, (2, 2, 6)), P, q, signs)
    Y = y.expand(2, -1)
    model.track_readouts_(x, y=Y)
    assert not model.alpha.requires_grad
    t = Trainer(model, x, Y)
    train_together([t], 3)
    tracked = [p.detach().clone() for p in (model.alpha, model.beta, model.gamma)]
    loss = t.evaluate()
    model.fit_readouts_(x, y=Y)  # refitting now changes nothing
    for before, p in zip(tracked, (model.alpha, model.beta, model.gamma)):
        torch.testing.assert_close(before, p.detach(), rtol=1e-10, atol=1e-12)
    # and no readout does better: perturbing one raises the loss of every model
    with torch.no_grad():
        model.alpha += 1e-3
    assert np.all(t.evaluate() > loss)


def test_experiments_command_reduced(tmp_path):
    from symrelu.experiments.__main__ import main

    assert main(["--reduced", "--out", str(tmp_path), "--quiet"]) == 0
    for name in ("results.csv", "results.json", "tables_1_2.png", "sparse_fits.png", "pieces.png"):
        assert (tmp_path / name).exists(), name
    import json

    payload = json.loads((tmp_path / "results.json").read_text())
    rows = [r for r in payload["rows"] if r["experiment"] == "tables"]
    assert {r["type"] for r in rows} == {"default", "skipped", "free", "law"}
    assert all(r["paper_min"] is not None for r in rows)
    # the last-epochs window ends at the final numbers of the table
    window = {(r["type"], r["target"]): r for r in payload["window"]["rows"]}
    assert len(window) == len(rows)
    for r in rows:
        w = window[r["type"], r["target"]]
        assert w["epochs"] == 10  # Config.reduced().window
        per_epoch = payload["window"]["per_epoch"][r["type"]][r["target"]]
        assert per_epoch["min"][-1] == r["ours_min"] and per_epoch["mean"][-1] == r["ours_mean"]
        assert w["min_low"] <= r["ours_min"] <= w["min_high"]


@pytest.mark.parametrize("argv, flag", [(["--models", "10000"], "--max-gib"), (["--margin", "0.7"], "--margin"),
                                        (["--batch-size", "0"], "--batch-size"), (["--window", "0"], "--window")])
def test_experiments_command_refuses_bad_sizes_by_flag(argv, flag, capsys, tmp_path):
    from symrelu.experiments.__main__ import main

    with pytest.raises(SystemExit) as exc:
        main([*argv, "--out", str(tmp_path / "never")])
    assert exc.value.code == 2
    assert flag in capsys.readouterr().err
    assert not (tmp_path / "never").exists()  # refused before anything is written


def test_issue13_arguments_are_validated_naming_them():
    """Issue 13's fuzz findings: each bad value is refused with a symrelu error naming its argument."""
    from symrelu.errors import SizeLimitExceeded
    from symrelu.torch_bridge import TriangleBlockLayer, triangle_weights

    a = torch.tensor([[0.5, 0.5]], dtype=torch.float64)
    r = torch.full((1, 2), 0.25, dtype=torch.float64)
    with pytest.raises(InvalidArgumentType, match="carry"):  # an array's truth value was a bare ValueError
        triangle_weights(a, r, torch.ones(1, dtype=torch.float64), carry=np.array([]))
    with pytest.raises(InvalidArgumentType, match="variant"):
        PeakNetworks([[0.3, 0.6, 0.5]], variant=float("inf"))
    with pytest.raises(InvalidArgumentType, match="margin"):
        PeakNetworks([[0.3, 0.6, 0.5]], margin=[])
    with pytest.raises(InvalidArgumentType, match="widths"):
        default_networks(2, float("inf"), seed=0)
    with pytest.raises(InvalidArgumentType, match="widths"):
        default_networks(2, (1, 4.5, 1), seed=0)
    with pytest.raises(SizeLimitExceeded) as info:  # refused before any module is built
        default_networks(115119, (1, 4, 1), seed=0)
    assert info.value.name == "n_models" and info.value.option == "max_models"
    assert default_networks(3, (1, 2, 1), seed=0, max_models=3).n_models == 3
    with pytest.raises(SizeLimitExceeded) as info:
        TriangleBlockLayer(2, 3, blocks=4, depth=10**18)
    assert "depth" in info.value.name and "blocks" in info.value.name
    nets = default_networks(2, (1, 3, 1), seed=0)
    x = torch.linspace(0, 1, 9, dtype=torch.float64)
    t = Trainer(nets, x, x**2)
    for kw, exc in [({"seed": float("nan")}, InvalidArgumentType), ({"seed": -1}, InvalidArgument),
                    ({"progress": ""}, InvalidArgumentType), ({"history_every": float("nan")}, InvalidArgumentType),
                    ({"history_every": -1}, InvalidArgument)]:
        with pytest.raises(exc, match=next(iter(kw))):
            train_together([t], 1, **kw)
    assert len(train_together([t], 2, history_every=1)[0]) == 2


def test_resolve_device_refuses_an_index_too_large():
    """Issue 13 (fuzz): device=10**20 gave a bare ValueError from torch."""
    from symrelu.torch_bridge import resolve_device

    with pytest.raises(InvalidArgument, match="device"):
        resolve_device(10**20)


def test_issue13_more_fuzz_findings():
    """free_scales and negative_slope of the wrong kind, and a layer too large, are refused naming the argument."""
    from symrelu.errors import SizeLimitExceeded
    from symrelu.torch_bridge import TriangleBlockLayer

    with pytest.raises(InvalidArgumentType, match="free_scales"):
        PeakNetworks([[0.3, 0.6, 0.5]], free_scales=np.array([]))
    layers = [(torch.ones(2, 3, 1, dtype=torch.float64), torch.zeros(2, 3, dtype=torch.float64)),
              (torch.ones(2, 1, 3, dtype=torch.float64), None)]
    for bad in (10**400, float("nan")):
        with pytest.raises(InvalidArgument, match="negative_slope"):
            BatchedReLU(layers, negative_slope=bad)
    with pytest.raises(SizeLimitExceeded) as info:  # refused before nn.Linear allocates
        TriangleBlockLayer(2, 2**64, blocks=4, depth=3)
    assert "out_features" in info.value.name and info.value.option == "max_parameters"
    assert TriangleBlockLayer(2, 3, blocks=4, depth=3, max_parameters=50).blocks == 4


def test_trainer_lr_as_a_huge_int():
    """Issue 13 (fuzz): lr=10**20 (an int) gave a bare TypeError from np.isfinite."""
    nets = default_networks(1, (1, 2, 1), seed=0)
    x = torch.linspace(0, 1, 5, dtype=torch.float64)
    assert Trainer(nets, x, x, lr=10**20).optimizer.param_groups[0]["lr"] == 10**20
    with pytest.raises(InvalidArgument, match="lr"):
        Trainer(nets, x, x, lr=10**400)
