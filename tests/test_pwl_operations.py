"""Everyday operations on `PiecewiseLinear` (issue 18): reflected arithmetic, SymPy evaluation,
max/min, restriction, integrals, distances, roots, Lipschitz constant, inverse, plotting,
SymPy printer hooks and reprs."""

import math
from fractions import Fraction as Q

import numpy as np
import pytest
import sympy

from symrelu.errors import InvalidArgument
from symrelu.pwl import PiecewiseLinear

TENT = PiecewiseLinear([0, 1, 2], [0, 1, 0])
FTENT = PiecewiseLinear([0.0, 1.0, 2.0], [0.0, 1.0, 0.0])


# -- 1. reflected arithmetic and evaluation at SymPy expressions ------------------
@pytest.mark.parametrize("c", [2, Q(1, 2), 1.5, sympy.Rational(1, 3), sympy.Integer(2), np.float64(0.25)])
def test_reflected_operators_match_forward_ones(c):
    for f in (TENT, FTENT):
        assert c + f == f + c
        assert c * f == f * c
        assert c - f == -(f - c)
        assert isinstance(c + f, PiecewiseLinear) and isinstance(c * f, PiecewiseLinear)
    # exact stays exact where the number is exact
    assert (Q(1, 3) + TENT).values.tolist() == [Q(1, 3), Q(4, 3), Q(1, 3)]


@pytest.mark.parametrize("bad", ["a", None, object(), [1, 2]])
def test_unknown_operand_types_are_not_implemented(bad):
    assert TENT.__add__(bad) is NotImplemented
    assert TENT.__radd__(bad) is NotImplemented
    assert TENT.__rmul__(bad) is NotImplemented
    for op in (lambda: TENT + bad, lambda: bad + TENT, lambda: TENT - bad, lambda: bad - TENT,
               lambda: bad * TENT, lambda: TENT / bad):
        with pytest.raises(TypeError):
            op()


def test_a_type_that_knows_piecewise_linear_gets_its_turn():
    class Other:
        def __radd__(self, f):
            return ("radd", f.pieces)

        def __add__(self, f):
            return ("add", f.pieces)

    assert TENT + Other() == ("radd", 2)
    assert Other() + TENT == ("add", 2)


def test_sympy_expressions_give_sympy_results():
    x = sympy.Symbol("x")
    pw = TENT.to_sympy()
    assert sympy.simplify((x + TENT) - (x + pw)) == 0
    assert sympy.simplify((TENT + x) - (x + pw)) == 0
    assert sympy.simplify((TENT - x) - (pw - x)) == 0
    assert sympy.simplify((x - TENT) - (x - pw)) == 0
    assert sympy.simplify((TENT * x) - x * pw) == 0
    assert sympy.simplify((TENT + sympy.sqrt(2)) - (pw + sympy.sqrt(2))) == 0


def test_call_at_a_symbol_gives_the_piecewise():
    t = sympy.Symbol("t")
    assert TENT(t) == TENT.to_sympy(t)
    assert TENT(2 * t) == TENT.to_sympy(2 * t)
    assert TENT(sympy.sqrt(2) / 2) == sympy.sqrt(2) / 2          # exact at an irrational point
    assert TENT(sympy.Rational(1, 2)) == Q(1, 2)                 # numbers keep the numeric path
    with pytest.raises(InvalidArgument, match="domain"):
        TENT(3 + sympy.sqrt(2))
