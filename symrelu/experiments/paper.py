"""The published numbers of 000 §4–§5, transcribed (no torch needed).

Source: ``000_5968367b248e1529.txt`` (the triangle-wave paper), Table 1 (MSE
for ``x^3`` and ``x^11``), Table 2 (``sin`` — a quarter period — and
``tanh(3x)``), Table 3 (minimum test MSE after training on 10 points), and the
captions of Figures 7 and 8.  Keys: training type, then target; each entry is
``(min, mean)`` over 30 models (Table 3: min only, mean ``None``).

The earlier version of the same paper, ``001_dc55a7960cdf8dda.txt``, reports
the same experiment (its §4.2 Tables 1–2, "stages") with partly different
numbers; `PAPER_001_TABLES_1_2` holds them under our type names.  Where the
two versions differ, the authors' own reruns differ: a second reference for
how much a single run's min and mean move.

>>> PAPER_TABLES_1_2["law"]["x3"]
(7.86e-08, 5.27e-07)
>>> PAPER_001_TABLES_1_2["law"]["x11"]  # 000: (8.86e-07, 7.87e-06)
(9.58e-07, 5.3e-05)
"""

from __future__ import annotations

__all__ = ["SOURCE", "TYPE_LABELS", "TARGET_LABELS", "PAPER_TABLES_1_2", "PAPER_TABLE_3", "PAPER_SECTION_5",
           "SOURCE_001", "PAPER_001_TABLES_1_2", "PAPER_001_STAGE_1"]

SOURCE = "000_5968367b248e1529.txt, §4.2 Tables 1-3, §5 Figures 7-8"

#: Training types of Tables 1-2, in the paper's row order.
TYPE_LABELS = {
    "default": "Default Network (Kaiming)",
    "raai": "RAAI Distribution",
    "skipped": "Pretraining Skipped",
    "free": "Differentiability Not Enforced",
    "law": "Differentiability Enforced",
}

TARGET_LABELS = {"x3": "x^3", "x11": "x^11", "sin": "sin (quarter period)", "tanh": "tanh(3x)"}

#: Tables 1 and 2: (min, mean) MSE over 30 models.
PAPER_TABLES_1_2 = {
    "default": {"x3": (2.11e-5, 7.20e-2), "x11": (2.19e-5, 2.82e-2), "sin": (4.50e-5, 1.15e-1), "tanh": (5.75e-5, 1.96e-1)},
    "raai": {"x3": (2.14e-5, 3.97e-2), "x11": (4.40e-5, 4.12e-2), "sin": (3.59e-5, 3.63e-2), "tanh": (1.09e-5, 2.31e-2)},
    "skipped": {"x3": (7.63e-7, 3.89e-5), "x11": (1.86e-5, 3.56e-4), "sin": (1.96e-7, 1.93e-5), "tanh": (1.07e-6, 8.38e-5)},
    "free": {"x3": (1.64e-7, 1.02e-5), "x11": (3.20e-6, 3.73e-5), "sin": (4.41e-8, 1.47e-5), "tanh": (1.49e-7, 3.81e-4)},
    "law": {"x3": (7.86e-8, 5.27e-7), "x11": (8.86e-7, 7.87e-6), "sin": (5.06e-8, 2.21e-7), "tanh": (6.82e-8, 8.42e-7)},
}

SOURCE_001 = "001_dc55a7960cdf8dda.txt, §4.2 Tables 1-2"

#: 001's Tables 1 and 2 under 000's type names: "Stage 3 (GD only)" is
#: pretraining skipped, "Stage 2 and 3" differentiability not enforced,
#: "Stage 1 and 3" differentiability enforced.  (001's "Free Scale Init." and
#: "All Stages" have no counterpart in 000.)
PAPER_001_TABLES_1_2 = {
    "default": PAPER_TABLES_1_2["default"],
    "raai": PAPER_TABLES_1_2["raai"],
    "skipped": {"x3": (3.42e-6, 1.68e-4), "x11": (1.86e-5, 3.56e-4), "sin": (3.75e-7, 1.93e-5), "tanh": (1.07e-6, 8.38e-5)},
    "free": {"x3": (1.64e-7, 2.57e-2), "x11": (3.20e-6, 2.83e-1), "sin": (6.12e-8, 9.26e-6), "tanh": (1.47e-7, 1.56e-4)},
    "law": {"x3": (7.86e-8, 6.57e-7), "x11": (9.58e-7, 5.30e-5), "sin": (5.06e-8, 3.14e-7), "tanh": (6.82e-8, 9.58e-7)},
}

#: 001's "Stage 1": the differentiable (law) pretraining alone, (min, mean).
PAPER_001_STAGE_1 = {"x3": (3.41e-5, 4.32e-4), "x11": (3.31e-4, 2.65e-3), "sin": (6.00e-6, 9.73e-5),
                     "tanh": (2.83e-5, 3.48e-4)}

#: Table 3: minimum test MSE on 10 unseen points after training on 10 points.
PAPER_TABLE_3 = {
    "default": {"x3": (2.41e-4, None), "x11": (2.14e-3, None), "sin": (2.27e-5, None), "tanh": (1.60e-4, None)},
    "law": {"x3": (5.65e-6, None), "x11": (6.53e-4, None), "sin": (7.92e-7, None), "tanh": (5.09e-6, None)},
}

#: §5: one loss each (Figure 7: x^3 - x; Figure 8: r^3 on [-1, 1]^2), ours vs "a standard 8x5 network".
PAPER_SECTION_5 = {
    "x3_minus_x": {"blocks": 4e-7, "standard": 8e-6},
    "r3": {"blocks": 3.5e-6, "standard": 1.5e-4},
}
