"""TriangleBlockLayer: the drop-in layer of 000 A.9 (skipped without torch)."""

import numpy as np
import pytest

torch = pytest.importorskip("torch")
from torch import nn  # noqa: E402

from symrelu.errors import InvalidArgument, SizeLimitExceeded  # noqa: E402
from symrelu.torch_bridge import TriangleBlockLayer  # noqa: E402
from symrelu.triangle import triangle_network  # noqa: E402

F64 = torch.float64


def _layer(**kw):
    torch.manual_seed(3)
    return TriangleBlockLayer(kw.pop("i", 2), kw.pop("o", 3), kw.pop("blocks", 4), depth=kw.pop("depth", 3),
                              dtype=F64, **kw)


@pytest.mark.parametrize("variant", ["add", "subtract"])
def test_a_block_is_the_triangle_network_of_its_peaks(variant):
    layer = _layer(i=1, o=1, blocks=1, variant=variant)
    with torch.no_grad():
        layer.input.weight.fill_(1), layer.input.bias.zero_(), layer.output.weight.fill_(1), layer.output.bias.zero_()
    x = torch.linspace(0, 1, 33, dtype=F64)
    ref = triangle_network([float(a) for a in layer.peaks[0].detach()], variant=variant).forward(x.numpy())
    assert np.allclose(layer(x[:, None])[:, 0].detach().numpy(), ref, rtol=0, atol=1e-14)


@pytest.mark.parametrize("structure", ["block-diagonal", "dense"])
def test_the_switch_keeps_the_function_inside_sequential(structure):
    layer = _layer()
    model = nn.Sequential(layer, nn.ReLU(), nn.Linear(3, 2, dtype=F64))
    x = torch.randn(2, 5, 2, dtype=F64)  # leading dimensions are kept
    before = model(x)
    assert before.shape == (2, 5, 2)
    layer.to_raw_(structure)
    assert layer.mode == structure and [tuple(W.shape) for W in layer.hidden] == [(16, 2), (16, 16), (16, 16)]
    assert torch.allclose(model(x), before, rtol=0, atol=1e-12)


def test_block_diagonal_training_keeps_blocks_isolated_and_dense_does_not():
    x, y = torch.randn(64, 2, dtype=F64), torch.randn(64, 3, dtype=F64)
    off = ~_layer().to_raw_("dense").mask.bool()
    for structure in ("block-diagonal", "dense"):
        layer = _layer().to_raw_(structure)
        opt = torch.optim.Adam(layer.parameters(), lr=1e-2)
        for _ in range(3):
            opt.zero_grad()
            ((layer(x) - y) ** 2).mean().backward()
            opt.step()
        effective = layer.hidden[1] * (layer.mask if structure == "block-diagonal" else 1)
        moved = bool((effective[off] != 0).any())
        assert moved == (structure == "dense")


def test_peak_training_moves_peaks_and_project_keeps_them_inside():
    layer = _layer(margin=0.05)
    x, y = torch.randn(64, 2, dtype=F64), torch.randn(64, 3, dtype=F64)
    opt = torch.optim.SGD(layer.parameters(), lr=10.0)
    start = layer.peaks.detach().clone()
    opt.zero_grad()
    ((layer(x) - y) ** 2).mean().backward()
    opt.step()
    layer.project_()
    assert not torch.equal(layer.peaks, start)
    assert float(layer.peaks.min()) >= 0.05 and float(layer.peaks.max()) <= 0.95


def test_arguments_are_checked():
    with pytest.raises(InvalidArgument, match="structure"):
        _layer().to_raw_("sparse")
    layer = _layer().to_raw_("dense")
    with pytest.raises(InvalidArgument, match="already"):
        layer.to_raw_("dense")
    with pytest.raises(InvalidArgument, match=r"\(\.\.\., 2\)"):
        layer(torch.zeros(4, 3, dtype=F64))
    with pytest.raises(SizeLimitExceeded):
        TriangleBlockLayer(2, 2, 100, depth=5, max_blocks=64)
    with pytest.raises(InvalidArgument, match="variant"):
        TriangleBlockLayer(2, 2, 4, variant="both")


def test_problem_checks_its_arguments():
    """Issue 13: an array as the problem's name gave a bare exception from its == comparison."""
    from symrelu.errors import InvalidArgumentType
    from symrelu.experiments.blocks import problem

    with pytest.raises(InvalidArgumentType, match="name"):
        problem(np.full((2, 2), np.nan))
    with pytest.raises(InvalidArgument, match="name"):
        problem("x3")
    with pytest.raises(InvalidArgumentType, match="dtype"):
        problem("r3", dtype="float64")
    assert problem("r3", dtype=torch.float32)[0].dtype == torch.float32
