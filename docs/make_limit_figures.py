"""Regenerate the figure of docs/limit.rst: ``python docs/make_limit_figures.py``."""

from fractions import Fraction as Q
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

from symrelu.peaks import PeakSequence  # noqa: E402
from symrelu.plot.limit import plot_limit  # noqa: E402

OUT = Path(__file__).resolve().parent / "_static"


def main():
    fig = plot_limit(PeakSequence([Q(1, 3)], [Q(1, 4), Q(2, 3)]), depths=(1, 2, 3, 6))
    fig.savefig(OUT / "limit_G.png", dpi=100)
    print(OUT / "limit_G.png")


if __name__ == "__main__":
    main()
