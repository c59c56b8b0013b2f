"""The construction figures: each function returns a Figure with the expected lines (Agg backend)."""

from fractions import Fraction as Q

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from symrelu.errors import InvalidArgument  # noqa: E402
from symrelu.plot import construction as pc  # noqa: E402
from symrelu.triangle import triangle_network, wave  # noqa: E402

PEAKS = [Q(3, 10), Q(13, 20), Q(2, 5), Q(11, 20)]


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def test_waves_lines_are_the_exact_knots():
    fig = pc.plot_waves(PEAKS)
    assert isinstance(fig, Figure)
    lines = fig.axes[0].lines
    assert len(lines) == 4
    for i, line in enumerate(lines):
        w = wave(PEAKS, i)
        assert np.array_equal(line.get_xdata(), np.asarray(w.knots, float))
        assert len(line.get_xdata()) == 2 ** (i + 1) + 1


def test_square_figures():
    assert len(pc.plot_square_approximations(3).axes[0].lines) == 5
    fig = pc.plot_square_derivatives(3)
    assert len(fig.axes[0].lines) == 5
    # f_3' is a step function with 8 steps: 16 points
    assert len(fig.axes[0].lines[3].get_xdata()) == 16
    assert [len(ax.lines) for ax in pc.plot_figure_1().axes] == [4, 5, 5]


def test_neurons_figure_matches_network():
    fig = pc.plot_neurons(PEAKS + [Q(1, 2)], variant="subtract")
    assert isinstance(fig, Figure)
    assert [len(ax.lines) for ax in fig.axes] == [4] * 4
    # t1 of the last layer, through its knots, equals the network's t1 after ReLU
    cpwl = triangle_network(PEAKS + [Q(1, 2)], variant="subtract").to_pwl(0, 1)
    t1 = cpwl.preactivation(3, 1).relu()
    assert np.array_equal(fig.axes[3].lines[1].get_ydata(), np.asarray(t1.values, float))
    assert [len(ax.lines) for ax in pc.plot_neurons(PEAKS, rescale=True).axes] == [4] * 3


def test_output_figure():
    fig = pc.plot_network_output(PEAKS, variant="add")
    line = fig.axes[0].lines[0]
    assert len(fig.axes[0].lines) == 2 and len(line.get_xdata()) == 2**3 + 1


def test_bad_arguments():
    with pytest.raises(InvalidArgument):
        pc.plot_square_approximations(13)
    with pytest.raises(InvalidArgument):
        pc.plot_neurons(PEAKS, variant="sideways")


def test_symbolic_peaks_and_array_titles_are_refused_by_name():
    # the slow fuzz profile: a symbol reached .knots of a SymPy Piecewise; an array title reached `if title:`
    import numpy as np
    import sympy

    from symrelu.errors import InvalidArgumentType
    from symrelu.plot.construction import plot_waves
    from symrelu.plot.densities import plot_roughness_by_layer

    with pytest.raises(InvalidArgumentType, match="for peaks"):
        plot_waves([sympy.Symbol("t")])
    with pytest.raises(InvalidArgumentType, match="for title"):
        plot_roughness_by_layer([0, 1], [[1.0, 2.0], [1.0, 2.0]], title=np.zeros((3, 0)))
