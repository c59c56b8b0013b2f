"""Table 3.2 of the dissertation (004, §3.4.1) transcribed as data.

Each row: ``(loss, signs, solution, count)``.  ``signs`` gives, per hidden unit,
the printed signs of ``(b_i, b_i + w_i, b_i - w_i)`` as ``">="`` or ``"<"``;
``solution`` maps a parameter name to the printed right-hand side (a string
SymPy parses); ``count`` is "times found in 1,000 trials".  The rows are kept
in the printed order, including rows 1 and 2, which are printed identically.

>>> len(TABLE_3_2), sum(row[3] for row in TABLE_3_2)
(15, 669)
>>> row_case_label(TABLE_3_2[0])
'+--|--+'
"""

from __future__ import annotations

import sympy as sp

__all__ = ["TABLE_3_2", "row_case_label", "row_solution"]

_GE, _LT = ">=", "<"

TABLE_3_2 = (
    (0, ((_LT, _LT, _GE), (_LT, _GE, _LT)), {"b1": "w1 - 2/o1", "b2": "-w2 - 2/o2", "c": "1"}, 23),
    (0, ((_LT, _LT, _GE), (_LT, _GE, _LT)), {"b1": "w1 - 2/o1", "b2": "-w2 - 2/o2", "c": "1"}, 25),
    (0, ((_LT, _LT, _GE), (_GE, _GE, _LT)), {"b1": "(-c + o1*w1 - 1)/o1", "b2": "(1 - c)/o2", "w2": "-2/o2"}, 26),
    (4, ((_GE, _GE, _GE), (_LT, _LT, _LT)), {"c": "-b1*o1", "w1": "0"}, 26),
    (0, ((_LT, _GE, _LT), (_GE, _GE, _LT)), {"b1": "(-o1*w1 - o2*w2 - 2)/o1", "b2": "2/o2", "c": "-1"}, 26),
    (4, ((_LT, _LT, _LT), (_GE, _GE, _GE)), {"c": "-b2*o2", "w2": "0"}, 26),
    (0, ((_LT, _GE, _LT), (_LT, _LT, _GE)), {"b1": "-w1 - 2/o1", "b2": "w2 - 2/o2", "c": "1"}, 31),
    (4, ((_GE, _GE, _GE), (_GE, _GE, _GE)), {"c": "-b1*o1 - b2*o2", "w1": "-o2*w2/o1"}, 33),
    (sp.Rational(8, 3), ((_LT, _LT, _LT), (_LT, _LT, _GE)), {"b2": "w2 - 4/(3*o2)", "c": "1/3"}, 58),
    (sp.Rational(8, 3), ((_LT, _LT, _GE), (_LT, _LT, _LT)), {"b1": "w1 - 4/(3*o1)", "c": "1/3"}, 61),
    (sp.Rational(8, 3), ((_LT, _GE, _LT), (_LT, _GE, _LT)),
     {"b1": "(-b2*o2 - o1*w1 - o2*w2 - 4/3)/o1", "c": "1/3"}, 62),
    (4, ((_LT, _LT, _LT), (_LT, _LT, _LT)), {"c": "0"}, 64),
    (sp.Rational(8, 3), ((_LT, _LT, _GE), (_LT, _LT, _GE)),
     {"b1": "(-b2*o2 + o1*w1 + o2*w2 - 4/3)/o1", "c": "1/3"}, 66),
    (sp.Rational(8, 3), ((_LT, _LT, _LT), (_LT, _GE, _LT)), {"b2": "-w2 - 4/(3*o2)", "c": "1/3"}, 67),
    (sp.Rational(8, 3), ((_LT, _GE, _LT), (_LT, _LT, _LT)), {"b1": "-w1 - 4/(3*o1)", "c": "1/3"}, 75),
)


def row_case_label(row) -> str:
    """The row's sign case as a `SignCase.label` over the points (-1, 0, 1) ("on" = printed ``>=``)."""
    units = []
    for b, bpw, bmw in row[1]:  # printed order: b, b + w, b - w  ->  points 0, 1, -1
        units.append("".join("+" if s == _GE else "-" for s in (bmw, b, bpw)))
    return "|".join(units)


def row_solution(row) -> dict:
    """The row's solution as a dict SymPy symbol (real) -> expression."""
    names = "w1 w2 b1 b2 o1 o2 c"
    syms = {str(s): s for s in sp.symbols(names, real=True)}
    return {syms[k]: sp.sympify(v, locals=syms) for k, v in row[2].items()}
