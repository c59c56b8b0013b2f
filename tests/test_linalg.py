"""symrelu.linalg (python-flint) against SymPy's exact elimination on random rational matrices."""

import random
from fractions import Fraction

import pytest
import sympy

from symrelu import linalg
from symrelu.errors import InvalidArgument, InvalidArgumentType


def _random_matrix(rng):
    rows, cols = rng.randint(1, 6), rng.randint(1, 6)
    return [[Fraction(rng.randint(-3, 3), rng.randint(1, 3)) if rng.random() < 0.7 else Fraction(0)
             for _ in range(cols)] for _ in range(rows)]


@pytest.mark.parametrize("seed", range(5))
def test_agrees_with_sympy(seed):
    rng = random.Random(seed)
    for _ in range(40):
        A = _random_matrix(rng)
        M = sympy.Matrix(A)
        R, pivots = M.rref()
        rows, piv = linalg.rref(A)
        assert piv == list(pivots)
        assert rows == [[Fraction(str(x)) for x in R.row(i)] for i in range(len(piv))]
        assert linalg.nullspace(A) == [[Fraction(str(x)) for x in v] for v in M.nullspace()]
        assert linalg.rank(A) == M.rank()
        ints = [[int(x * 6) for x in row] for row in A]  # the integer fast path
        assert linalg.rank(ints) == sympy.Matrix(ints).rank()


def test_solve_and_errors():
    assert linalg.solve([[1, 2], [2, 4]], [3, 6]) == [Fraction(3), Fraction(0)]
    with pytest.raises(InvalidArgument, match="no solution"):
        linalg.solve([[1, 2], [2, 4]], [3, 7])
    with pytest.raises(InvalidArgumentType, match="exact number"):
        linalg.rank([[0.5, 1]])
    with pytest.raises(InvalidArgument, match="rows\\[1\\]"):
        linalg.rank([[1, 2], [1]])
    assert linalg.rank([], 3) == 0 and linalg.nullspace([], 2) == [[1, 0], [0, 1]]


def test_solve_blames_rows_when_there_are_none():
    """Issue 13: rows=[] blamed rhs; the unknowns are counted by rows[0], so an empty system is refused as rows."""
    with pytest.raises(InvalidArgument) as info:
        linalg.solve([], [2])
    assert info.value.name == "rows"
    with pytest.raises(InvalidArgument, match=r"rows\[1\]"):  # ragged rows are named before rhs is looked at
        linalg.solve([[1, 2], [3]], [1])
    with pytest.raises(InvalidArgument, match=r"len\(rows\)=1"):
        linalg.solve([[1, 1]], [1, 2])


def test_three_dimensional_rows_are_refused_naming_the_entry():
    """Issue 13 (fuzz): a 3-d array's width was compared with ncols first, blaming ncols."""
    import numpy as np

    for fn in (linalg.matrix, linalg.rank, linalg.rref, linalg.nullspace):
        with pytest.raises(InvalidArgumentType, match=r"rows\[0\]\[0\]"):
            fn(np.array([[[1.0]]]), 2)


def test_width_mismatch_quotes_both_rows_and_ncols():
    """Issue 13 (fuzz): rows of width 0 against ncols=2 named ncols only; the message now quotes the rows' shape."""
    import numpy as np

    with pytest.raises(InvalidArgument, match=r"len\(rows\)=3") as info:
        linalg.rank(np.zeros((3, 0)), 2)
    assert info.value.name == "ncols"
