"""Networks on the plane as max-plus (tropical) expressions, compared exactly (004 ch. 5).

`tropical_form` writes a one-hidden-layer network ``w·relu(A x + b) + c`` as a
difference of two maxima of affine functions (004 eq. 5.24), and `same_cpwl`
decides exactly whether two continuous piecewise-linear SymPy expressions in
two variables (``Max``/``Min``/``Abs`` of affine terms) are the same function on
the whole plane.

>>> import sympy as sp
>>> x1, x2 = sp.symbols("x1 x2")
>>> same_cpwl(sp.Max(x1, x2) + sp.Min(x1, x2), x1 + x2, (x1, x2))
(True, None)
"""

from __future__ import annotations

import itertools
from fractions import Fraction

import sympy as sp

from .errors import InvalidArgument, InvalidArgumentType
from .network import ReLUNetwork

__all__ = ["tropical_form", "same_cpwl", "network_expression", "cell_points"]


def _check_variables(network, variables) -> list:
    """``network`` a ReLUNetwork and ``variables`` one SymPy Symbol per input."""
    if not isinstance(network, ReLUNetwork):
        raise InvalidArgumentType("network", network, "a ReLUNetwork")
    if isinstance(variables, (str, bytes, sp.Basic)) or not hasattr(variables, "__iter__"):
        raise InvalidArgumentType("variables", variables, "a sequence of SymPy symbols, one per network input")
    variables = list(variables)
    for i, v in enumerate(variables):
        if not isinstance(v, sp.Symbol):
            raise InvalidArgumentType(f"variables[{i}]", v, "a SymPy Symbol")
    if network.widths[0] != len(variables):
        raise InvalidArgument("variables", variables, f"{network.widths[0]} symbols (the network's input width)")
    return variables


def network_expression(network: ReLUNetwork, variables) -> sp.Expr:
    """The network's output as a SymPy expression (``Max(., 0)`` for ReLU) in ``variables``.

    >>> x = sp.symbols("x1 x2")
    >>> network_expression(ReLUNetwork([([[1, 1]], [1]), ([[2]], [-1])]), x)
    2*Max(0, x1 + x2 + 1) - 1
    """
    variables = _check_variables(network, variables)
    alpha = sp.nsimplify(network.alpha) if network.alpha else 0
    values = [sp.Matrix(variables)]
    for l, (W, b) in enumerate(network.layers):
        z = sp.Matrix(W.tolist()) * values[-1] + sp.Matrix(b.tolist())
        z = z.applyfunc(lambda e: sp.nsimplify(e) if isinstance(e, float) else sp.sympify(e))
        if l < len(network.layers) - 1:
            z = z.applyfunc(lambda e: sp.Max(e, alpha * e))
        values.append(z)
    out = values[-1]
    return out[0] if out.shape[0] == 1 else out


def tropical_form(network: ReLUNetwork, variables) -> tuple:
    """A one-hidden-layer ReLU network as ``max(F) - max(G)`` (004 eq. 5.24): two lists of affine expressions.

    Positive output weights go to ``F``, negative ones to ``G``; a sum of
    maxima is expanded into the maximum of all sums.

    >>> x = sp.symbols("x1 x2")
    >>> F, G = tropical_form(ReLUNetwork([([[1, 1], [1, 1]], [1, 0]), ([[1, -2]], [-1])]), x)
    >>> sp.Max(*F) - sp.Max(*G)
    Max(-1, x1 + x2) - Max(0, 2*x1 + 2*x2)
    """
    if not isinstance(network, ReLUNetwork):
        raise InvalidArgumentType("network", network, "a ReLUNetwork")
    if len(network.layers) != 2 or network.widths[-1] != 1 or network.alpha != 0:
        raise InvalidArgument("network", network, "a one-hidden-layer ReLU network with one output")
    variables = _check_variables(network, variables)
    (W, b), (v, c) = network.layers
    z = [sp.nsimplify(sum(sp.sympify(W[i, j]) * variables[j] for j in range(W.shape[1])) + sp.sympify(b[i])) for i in range(W.shape[0])]
    plus = [(sp.sympify(v[0, i]), z[i]) for i in range(len(z)) if v[0, i] > 0]
    minus = [(-sp.sympify(v[0, i]), z[i]) for i in range(len(z)) if v[0, i] < 0]

    def expand(terms, constant):
        # sum_k w_k max(z_k, 0) + constant = max over choices of sum_k w_k (z_k or 0) + constant
        options = [(sp.expand(w * zk), sp.Integer(0)) for w, zk in terms] or [(sp.Integer(0),)]
        return sorted({sp.expand(sum(choice) + constant) for choice in itertools.product(*options)}, key=sp.default_sort_key)

    return expand(plus, sp.sympify(c[0])), expand(minus, sp.Integer(0))


def _affine_pieces(expr, variables):
    """The break lines of a Max/Min/Abs expression: affine forms whose sign changes the active branch."""
    lines = set()
    for node in sp.preorder_traversal(expr):
        if isinstance(node, (sp.Max, sp.Min)):
            args = list(node.args)
            for p, q in itertools.combinations(args, 2):
                lines.add(sp.expand(p - q))
        elif isinstance(node, sp.Abs):
            lines.add(sp.expand(node.args[0]))
    for line in lines:
        poly = sp.Poly(line, *variables)
        if poly.total_degree() > 1:
            raise InvalidArgument("expression", expr, "a max/min/abs of affine terms (break lines must be affine)")
    # sorted: a set's order follows the string hashes (PYTHONHASHSEED), and counterexamples must reproduce
    return sorted((line for line in lines if any(line.coeff(v) != 0 for v in variables)), key=sp.default_sort_key)


def same_cpwl(f, g, variables) -> tuple:
    """Decide exactly whether ``f`` and ``g`` are the same function of two variables on the whole plane.

    Both are SymPy expressions built from affine terms with ``Max``, ``Min``
    and ``Abs`` (continuous piecewise-linear).  Their difference is affine on
    every cell of the arrangement of the break lines; a point is taken in each
    cell next to every edge of the arrangement, and the difference and its
    gradient are evaluated there exactly.  Returns ``(True, None)`` or
    ``(False, point)`` with an exact rational point where ``f != g``.

    >>> x1, x2 = sp.symbols("x1 x2")
    >>> same_cpwl(sp.Max(-1, x1 + x2 - 1), sp.Max(-1, x1 + x2), (x1, x2))[0]
    False
    """
    variables = _two_symbols(variables)
    for name, e in (("f", f), ("g", g)):
        if not isinstance(e, sp.Basic):
            raise InvalidArgumentType(name, e, "a SymPy expression")
    d = sp.sympify(f - g)
    lines = _affine_pieces(d, variables)
    x, y = variables
    points = _cell_points(lines, x, y)
    for p in points:
        subs = dict(zip(variables, p))
        value = d.subs(subs)
        if value != 0:
            return False, tuple(Fraction(str(c)) for c in p)
        # The affine piece through p: zero value and zero gradient (probe two nearby points in the same cell).
        eps = _cell_radius(lines, x, y, p)
        for dx, dy in ((eps, 0), (0, eps)):
            q = (p[0] + dx, p[1] + dy)
            if d.subs(dict(zip(variables, q))) != 0:
                return False, tuple(Fraction(str(c)) for c in q)
    return True, None


def _coeffs(line, x, y):
    return sp.Rational(line.coeff(x)), sp.Rational(line.coeff(y)), sp.Rational(line.subs({x: 0, y: 0}))


def _two_symbols(variables) -> tuple:
    if isinstance(variables, (str, bytes, sp.Basic)) or not hasattr(variables, "__iter__"):
        raise InvalidArgumentType("variables", variables, "two SymPy symbols")
    variables = tuple(variables)
    if len(variables) != 2 or not all(isinstance(v, sp.Symbol) for v in variables):
        raise InvalidArgument("variables", variables, "two SymPy symbols")
    return variables


def cell_points(lines, variables) -> list:
    """One exact rational point inside every cell of an arrangement of lines in the plane.

    ``lines`` are affine SymPy expressions ``a x + b y + c`` with rational
    coefficients and ``(a, b) != (0, 0)``; each stands for its zero set.  For every
    edge of the arrangement (a segment between two crossings, or a ray) a point
    is taken on each side of it, near its middle, at less than half the distance
    to any other line, so each lies strictly inside a cell; every cell has an
    edge on its boundary, so every cell gets a point (most get several).  With
    no lines the plane is one cell and the answer is ``[(0, 0)]``.  Points are
    pairs of SymPy Rationals; `same_cpwl` evaluates differences at them.

    >>> x, y = sp.symbols("x y")
    >>> points = cell_points([x, y], (x, y))
    >>> sorted({(sp.sign(p[0]), sp.sign(p[1])) for p in points})
    [(-1, -1), (-1, 1), (1, -1), (1, 1)]
    """
    x, y = _two_symbols(variables)
    if isinstance(lines, (str, bytes, sp.Basic)) or not hasattr(lines, "__iter__"):
        raise InvalidArgumentType("lines", lines, "a sequence of affine SymPy expressions")
    checked = []
    for i, line in enumerate(lines):
        if not isinstance(line, sp.Expr):
            raise InvalidArgumentType(f"lines[{i}]", line, "an affine SymPy expression in the two variables")
        line = sp.expand(line)
        if line.free_symbols - {x, y} or not line.is_polynomial(x, y) or sp.Poly(line, x, y).total_degree() > 1:
            raise InvalidArgument(f"lines[{i}]", line, f"an affine expression a*{x} + b*{y} + c")
        if not all(coeff.is_Rational for coeff in (line.coeff(x), line.coeff(y), line.subs({x: 0, y: 0}))):
            raise InvalidArgument(f"lines[{i}]", line, "rational coefficients (the points are exact rationals)")
        if line.coeff(x) == 0 and line.coeff(y) == 0:
            raise InvalidArgument(f"lines[{i}]", line, f"a line: a nonzero coefficient of {x} or {y}")
        checked.append(line)
    return _cell_points(checked, x, y)


def _cell_points(lines, x, y):
    """`cell_points` without the checks (``lines`` from `_affine_pieces`, which keeps only lines)."""
    if not lines:
        return [(sp.Integer(0), sp.Integer(0))]
    pts = []
    for line in lines:
        a, b, c = _coeffs(line, x, y)
        # Parametrize the line: base point + t * direction.
        direction = (-b, a)
        base = (-a * c / (a * a + b * b), -b * c / (a * a + b * b))
        ts = []
        for other in lines:
            if other is line:
                continue
            a2, b2, c2 = _coeffs(other, x, y)
            denom = a2 * direction[0] + b2 * direction[1]
            if denom != 0:
                ts.append(-(a2 * base[0] + b2 * base[1] + c2) / denom)
        ts = sorted(set(ts))
        # Edge midpoints, plus points beyond the first and last crossing.
        probes = [(s + t) / 2 for s, t in zip(ts, ts[1:])]
        probes += [ts[0] - 1, ts[-1] + 1] if ts else [sp.Integer(0)]
        for t in probes:
            on = (base[0] + t * direction[0], base[1] + t * direction[1])
            eps = _cell_radius(lines, x, y, on, skip=line) / 2
            norm = a * a + b * b
            for sign in (1, -1):
                pts.append((on[0] + sign * eps * a / norm, on[1] + sign * eps * b / norm))
    return pts


def _cell_radius(lines, x, y, p, skip=None):
    """A positive rational smaller than the distance (in a max-norm sense) from ``p`` to every line not through it."""
    best = sp.Integer(1)
    for line in lines:
        if line is skip:
            continue
        a, b, c = _coeffs(line, x, y)
        value = abs(a * p[0] + b * p[1] + c)
        if value != 0:
            best = min(best, value / (2 * (abs(a) + abs(b))))
    return best
