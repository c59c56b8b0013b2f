"""Table 3.2 of the dissertation (004, §3.4.1) transcribed as data.

Each row: ``(loss, signs, solution, count)``.  ``signs`` gives, per hidden unit,
the printed signs of ``(b_i, b_i + w_i, b_i - w_i)`` as ``">="`` or ``"<"``;
``solution`` maps a parameter name to the printed right-hand side (a string of
ints, ``+ - * /`` and the parameter names, parsed without evaluating code);
``count`` is "times found in 1,000 trials".  The rows are kept in the printed order, including rows 1 and 2, which are printed identically.

>>> len(TABLE_3_2), sum(row[3] for row in TABLE_3_2)
(15, 669)
>>> row_case_label(TABLE_3_2[0])
'+--|--+'
"""

from __future__ import annotations

import ast
import operator

import sympy as sp

from ..errors import InvalidArgument, InvalidArgumentType

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


def _check_row(row, need_solution: bool = False):
    """``row`` as a Table 3.2 row ``(loss, signs, solution, count)``, or `InvalidArgument` naming ``row``."""
    allowed = "a Table 3.2 row (loss, signs, solution, count), e.g. TABLE_3_2[0]"
    if not isinstance(row, (tuple, list)) or len(row) != 4:
        raise InvalidArgumentType("row", row, allowed)
    signs = row[1]
    if not isinstance(signs, (tuple, list)) or not signs or not all(
            isinstance(u, (tuple, list)) and len(u) == 3 and all(isinstance(x, str) and x in (_GE, _LT) for x in u)
            for u in signs):
        raise InvalidArgument("row", row, allowed, f"row[1] must hold (b, b + w, b - w) signs, each {_GE!r} or {_LT!r}")
    if need_solution and (not isinstance(row[2], dict) or not all(
            isinstance(k, str) and k in _NAMES and isinstance(v, str) for k, v in row[2].items())):
        raise InvalidArgument("row", row, allowed, f"row[2] must map names among {_NAMES} to expressions (str)")


def row_case_label(row) -> str:
    """The row's sign case as a `SignCase.label` over the points (-1, 0, 1) ("on" = printed ``>=``)."""
    _check_row(row)
    units = []
    for b, bpw, bmw in row[1]:  # printed order: b, b + w, b - w  ->  points 0, 1, -1
        units.append("".join("+" if s == _GE else "-" for s in (bmw, b, bpw)))
    return "|".join(units)


_NAMES = ("w1", "w2", "b1", "b2", "o1", "o2", "c")
_OPS = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv}


def _parse(text: str, syms: dict, row):
    """A printed right-hand side as SymPy, by an AST walk over ints, + - * / and the table's names only.

    Nothing is evaluated as Python code (``sympify`` of a str would run it).
    """
    def walk(node):
        if isinstance(node, ast.Expression):
            return walk(node.body)
        if isinstance(node, ast.Constant) and type(node.value) is int:
            return sp.Integer(node.value)
        if isinstance(node, ast.Name) and node.id in syms:
            return syms[node.id]
        if isinstance(node, ast.BinOp) and type(node.op) in _OPS:
            return _OPS[type(node.op)](walk(node.left), walk(node.right))
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
            return -walk(node.operand) if isinstance(node.op, ast.USub) else walk(node.operand)
        raise InvalidArgument("row", row, f"solution expressions made of ints, + - * / and the names {_NAMES}",
                              f"{text!r} holds {type(node).__name__}")

    if len(text) > 200:  # also bounds the walk's recursion
        raise InvalidArgument("row", row, "solution expressions of at most 200 characters")
    try:
        tree = ast.parse(text, mode="eval")
    except SyntaxError as err:
        raise InvalidArgument("row", row, "solution expressions that parse", f"{text!r}: {err.msg}") from None
    return walk(tree)


def row_solution(row) -> dict:
    """The row's solution as a dict SymPy symbol (real) -> expression."""
    _check_row(row, need_solution=True)
    syms = {str(s): s for s in sp.symbols(" ".join(_NAMES), real=True)}
    return {syms[k]: _parse(v, syms, row) for k, v in row[2].items()}
