"""Exact linear algebra over the rationals: rank, row reduction, null space, solving.

Every exact elimination in symrelu goes through these functions, which run on
python-flint's ``fmpq_mat`` (FLINT's rational matrices, multi-modular inside).
Matrices are given as rows of exact numbers (``int``, ``Fraction``, numpy
integers or flint's ``fmpz``/``fmpq``) and results come back as ``Fraction``
rows, so callers keep plain Python arithmetic.

>>> from fractions import Fraction as Q
>>> rank([[1, 2, 3], [2, 4, 6], [1, 0, 1]])
2
>>> rref([[2, 4, 6], [1, 0, 1]])
([[Fraction(1, 1), Fraction(0, 1), Fraction(1, 1)], [Fraction(0, 1), Fraction(1, 1), Fraction(1, 1)]], [0, 1])
>>> nullspace([[1, 2, 3]])
[[Fraction(-2, 1), Fraction(1, 1), Fraction(0, 1)], [Fraction(-3, 1), Fraction(0, 1), Fraction(1, 1)]]
>>> solve([[1, 1], [1, -1]], [Q(3), Q(1)])
[Fraction(2, 1), Fraction(1, 1)]
"""

from __future__ import annotations

import numbers
from collections.abc import Iterable
from fractions import Fraction

from flint import fmpq, fmpq_mat, fmpz, fmpz_mat

from ._numbers import to_fraction
from .errors import InvalidArgument, InvalidArgumentType

# to_fraction is symrelu's one converter of exact scalars to Fraction (in _numbers, beside its
# fmpq and array kin); it is public here, beside the exact algebra whose results are Fractions.
__all__ = ["matrix", "rank", "rref", "nullspace", "solve", "to_fraction"]


def _entry(value, name: str):
    if isinstance(value, (fmpq, fmpz)):
        return fmpq(value)
    if isinstance(value, Fraction):
        return fmpq(value.numerator, value.denominator)
    if isinstance(value, numbers.Integral) and not isinstance(value, bool):
        return fmpq(int(value))
    raise InvalidArgumentType(name, value, "an exact number (int, Fraction, fmpz or fmpq)")


#: Widest matrix accepted (FLINT's dimensions are machine words; wider is never meant).
_MAX_COLUMNS = 10**6
#: Most entries a null-space basis may hold (ncols per free column).
_MAX_BASIS_ENTRIES = 10**8


def _rows(rows, name: str = "rows") -> list:
    """``rows`` as a list of lists; anything that is not a sequence of sequences is refused naming ``name``."""
    if isinstance(rows, (str, bytes, dict)) or not isinstance(rows, Iterable):
        raise InvalidArgumentType(name, rows, "a sequence of rows (sequences of exact numbers)")
    out = []
    for k, row in enumerate(rows):
        if isinstance(row, (str, bytes, dict)) or not isinstance(row, Iterable):
            raise InvalidArgumentType(f"{name}[{k}]", row, "a sequence of exact numbers")
        row = list(row)
        for j, x in enumerate(row):  # a 3-d input: caught here, before a width check blames another argument
            if isinstance(x, Iterable):
                raise InvalidArgumentType(f"{name}[{k}][{j}]", x, "an exact number (rows is two-dimensional)")
        out.append(row)
    return out


def _ncols(ncols):
    if ncols is None:
        return None
    if isinstance(ncols, bool) or not isinstance(ncols, numbers.Integral):
        raise InvalidArgumentType("ncols", ncols, "an int >= 0 or None")
    if not 0 <= ncols <= _MAX_COLUMNS:
        raise InvalidArgument("ncols", ncols, f"an int in [0, {_MAX_COLUMNS}] or None")
    return int(ncols)


def _fraction(value: fmpq) -> Fraction:
    return Fraction(int(value.p), int(value.q))


def matrix(rows, ncols: int | None = None) -> fmpq_mat:
    """The rows (sequences of exact numbers, all of one length) as an ``fmpq_mat``.

    ``ncols`` gives the width of an empty matrix (and, when given, is checked).

    >>> matrix([[1, 2], [3, 4]]).rank()
    2
    """
    rows, ncols = _rows(rows), _ncols(ncols)
    width = len(rows[0]) if rows else (ncols or 0)
    if ncols is not None and width != ncols:
        # either may be wrong: the message quotes the rows' shape too
        raise InvalidArgument("ncols", ncols, f"the rows' width {width}, len(rows[0]) with len(rows)={len(rows)} (or None)")
    for k, row in enumerate(rows):
        if len(row) != width:
            raise InvalidArgument(f"rows[{k}]", row, f"{width} entries, like rows[0]")
    if not rows or width == 0:
        return fmpq_mat(len(rows), width)
    return fmpq_mat([[_entry(x, f"rows[{k}]") for x in row] for k, row in enumerate(rows)])


def rank(rows, ncols: int | None = None) -> int:
    """The rank over Q.

    >>> rank([[1, 1], [2, 2]]), rank([], 3)
    (1, 0)
    """
    rows, ncols = _rows(rows), _ncols(ncols)
    if rows and rows[0] and all(type(x) is int for row in rows for x in row):
        width = len(rows[0])
        if all(len(row) == width for row in rows) and ncols in (None, width):
            return fmpz_mat(rows).rank()  # integers: no rational conversion needed
    m = matrix(rows, ncols)
    return 0 if m.nrows() == 0 or m.ncols() == 0 else m.rank()


def _rref(m: fmpq_mat) -> tuple:
    if m.nrows() == 0 or m.ncols() == 0:
        return [], []
    reduced, r = m.rref()
    out = [[_fraction(reduced[i, j]) for j in range(m.ncols())] for i in range(r)]
    pivots = [next(j for j, x in enumerate(row) if x != 0) for row in out]
    return out, pivots


def rref(rows, ncols: int | None = None) -> tuple:
    """The reduced row echelon form: ``(nonzero rows as lists of Fraction, pivot columns)``.

    >>> rref([[0, 2], [0, 3]])
    ([[Fraction(0, 1), Fraction(1, 1)]], [1])
    """
    return _rref(matrix(rows, ncols))


def nullspace(rows, ncols: int | None = None) -> list:
    """A basis of ``{x : A x = 0}``: one vector per free column, 1 there and 0 at the other free columns.

    >>> nullspace([[1, -1]])
    [[Fraction(1, 1), Fraction(1, 1)]]
    """
    m = matrix(rows, ncols)
    reduced, pivots = _rref(m)
    if (m.ncols() - len(pivots)) * m.ncols() > _MAX_BASIS_ENTRIES:
        raise InvalidArgument("rows" if m.nrows() else "ncols", rows if m.nrows() else ncols,
                              f"a null space of at most {_MAX_BASIS_ENTRIES} entries in all")
    basis = []
    for f in (j for j in range(m.ncols()) if j not in pivots):
        v = [Fraction(0)] * m.ncols()
        v[f] = Fraction(1)
        for row, p in zip(reduced, pivots):
            v[p] = -row[f]
        basis.append(v)
    return basis


def solve(rows, rhs) -> list:
    """A solution of ``A x = rhs`` (free coordinates 0), or `InvalidArgument` when there is none.

    >>> solve([[1, 1]], [2])
    [Fraction(2, 1), Fraction(0, 1)]
    """
    rows = _rows(rows)
    if not rows:  # the number of unknowns is len(rows[0]): an empty system has none to return
        raise InvalidArgument("rows", rows, "at least one row (the unknowns are counted by rows[0])")
    n = len(rows[0])
    for k, row in enumerate(rows):
        if len(row) != n:
            raise InvalidArgument(f"rows[{k}]", row, f"{n} entries, like rows[0]")
    if isinstance(rhs, (str, bytes, dict)) or not isinstance(rhs, Iterable):
        raise InvalidArgumentType("rhs", rhs, "a sequence of exact numbers, one per row")
    rhs = list(rhs)
    if len(rhs) != len(rows):
        raise InvalidArgument("rhs", rhs, f"{len(rows)} entries, one per row (len(rows)={len(rows)})")
    for k, b in enumerate(rhs):
        _entry(b, f"rhs[{k}]")
    reduced, pivots = rref([row + [b] for row, b in zip(rows, rhs)], n + 1)
    if pivots and pivots[-1] == n:
        raise InvalidArgument("rhs", rhs, "a right-hand side in the column space (the system has no solution)")
    x = [Fraction(0)] * n
    for row, p in zip(reduced, pivots):
        x[p] = row[-1]
    return x
