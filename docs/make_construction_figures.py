"""Regenerate the figures of docs/construction.rst: ``python docs/make_construction_figures.py``."""

from fractions import Fraction as Q
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

from symrelu.plot.construction import plot_figure_1, plot_network_output, plot_neurons, plot_waves  # noqa: E402

OUT = Path(__file__).resolve().parent / "_static"
RANDOM_PEAKS = [Q(3, 10), Q(13, 20), Q(2, 5), Q(11, 20), Q(7, 20), Q(3, 5), Q(9, 20)]


def main():
    figures = {
        "construction_figure1.png": plot_figure_1(),
        "construction_waves_random.png": plot_waves(RANDOM_PEAKS[:4]),
        "construction_neurons.png": plot_neurons(RANDOM_PEAKS[:5], rescale=True),
        "construction_output_add.png": plot_network_output(RANDOM_PEAKS, variant="add"),
        "construction_output_subtract.png": plot_network_output(RANDOM_PEAKS, variant="subtract"),
    }
    for name, fig in figures.items():
        fig.savefig(OUT / name, dpi=110)
        print(OUT / name)


if __name__ == "__main__":
    main()
