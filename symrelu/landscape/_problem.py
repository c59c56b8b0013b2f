"""Critical points of one-hidden-layer ReLU networks with scalar input, by activation-sign case.

The network is ``v(x) = sum_i o_i relu(w_i x + b_i) + c`` (each of the hidden
bias ``b_i``, the output weight ``o_i`` and the output bias ``c`` optional), the
data are finitely many distinct points ``x_k`` with targets ``y_k`` and
positive weights ``m_k``, the loss is ``L = sum_k m_k (v(x_k) - y_k)^2``.

A *sign case* fixes, for every hidden unit ``i`` and data point ``k``, whether
``z_ik = w_i x_k + b_i`` is on or off.  Under the convention ``theta(0) = 0``
(eq. 3.16 of the dissertation, PyTorch's ReLU derivative) "on" means
``z > 0`` and "off" ``z <= 0``; under ``theta(0) = 1`` "on" is ``z >= 0``.
Inside a case the loss and the convention's gradient are polynomials, and
feasibility of a case is an exact linear question in ``(w_i, b_i)``.

Each case is solved by `symrelu.landscape._solve` (one family per set of units
with a nonzero output weight), its families classified and certified by
`symrelu.landscape._classify`, and the results are the types of
`symrelu.landscape._result`.
"""

from __future__ import annotations

import itertools
import numbers
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction

import sympy as sp

from .._numbers import to_fraction
from ..errors import check_limit, InvalidArgument, InvalidArgumentType, SizeLimitExceeded
from ..polyhedra import feasible_point, implicit_equalities
from ._classify import check_family
from ._exact import rational, rref_consistent
from ._result import Landscape, with_orbits
from ._solve import solve_case

__all__ = [
    "Architecture",
    "LandscapeProblem",
    "SignCase",
    "two_point_problem",
    "xor_problem",
]

#: Default cap on the number of sign cases (before pruning); raise with ``max_cases=``.
DEFAULT_MAX_CASES = 4096


@dataclass(frozen=True)
class Architecture:
    """A one-hidden-layer ReLU network with scalar input and scalar output.

    ``v(x) = sum_i o_i relu(w_i x + b_i) + c``; drop ``b_i`` with
    ``hidden_bias=False``, fix ``o_i = 1`` with ``output_weights=False``,
    drop ``c`` with ``output_bias=False``.

    Examples
    --------
    >>> arch = Architecture(2)
    >>> arch.parameters
    (w1, w2, b1, b2, o1, o2, c)
    >>> Architecture(1, hidden_bias=False, output_weights=False).output(-1)
    c + Max(0, -w1)
    """

    width: int
    hidden_bias: bool = True
    output_weights: bool = True
    output_bias: bool = True

    def __post_init__(self):
        if isinstance(self.width, bool) or not isinstance(self.width, int):
            raise InvalidArgumentType("width", self.width, "an int >= 1")
        if not 1 <= self.width <= 8:
            raise InvalidArgument("width", self.width, "an int between 1 and 8 (2^(width * points) sign cases)")
        for name in ("hidden_bias", "output_weights", "output_bias"):
            if not isinstance(getattr(self, name), bool):
                raise InvalidArgumentType(name, getattr(self, name), "a bool")

    @property
    def w(self) -> tuple:
        """Hidden weights ``w_1 .. w_n`` (SymPy real symbols)."""
        return sp.symbols(f"w1:{self.width + 1}", real=True)

    @property
    def b(self) -> tuple:
        """Hidden biases (zeros when ``hidden_bias=False``)."""
        if not self.hidden_bias:
            return (sp.S.Zero,) * self.width
        return sp.symbols(f"b1:{self.width + 1}", real=True)

    @property
    def o(self) -> tuple:
        """Output weights (ones when ``output_weights=False``)."""
        if not self.output_weights:
            return (sp.S.One,) * self.width
        return sp.symbols(f"o1:{self.width + 1}", real=True)

    @property
    def c(self):
        """Output bias (zero when ``output_bias=False``)."""
        return sp.Symbol("c", real=True) if self.output_bias else sp.S.Zero

    @property
    def parameters(self) -> tuple:
        """All trainable parameters, in the order w, b, o, c."""
        out = list(self.w)
        if self.hidden_bias:
            out += self.b
        if self.output_weights:
            out += self.o
        if self.output_bias:
            out.append(self.c)
        return tuple(out)

    def preactivation(self, i: int, x):
        """``z_i(x) = w_i x + b_i`` for hidden unit ``i`` (0-based)."""
        return self.w[i] * x + self.b[i]

    def output(self, x):
        """The network's output at ``x`` as a SymPy expression (with ``Max``)."""
        return sum((self.o[i] * sp.Max(0, self.preactivation(i, x)) for i in range(self.width)), sp.S.Zero) + self.c


@dataclass(frozen=True)
class SignCase:
    """One activation-sign case: ``on[i][k]`` says whether unit ``i`` is on at data point ``k``.

    ``constraints`` are the case's defining inequalities (SymPy relationals in
    the parameters, following the problem's ``theta(0)`` convention).
    """

    on: tuple
    constraints: tuple
    feasible: bool

    @property
    def live(self) -> tuple:
        """Indices of the units that are on at some data point."""
        return tuple(i for i, row in enumerate(self.on) if any(row))

    def label(self) -> str:
        """Compact label: per unit the on/off string over the data points, e.g. ``'+--|--+'``."""
        return "|".join("".join("+" if s else "-" for s in row) for row in self.on)

    def __repr__(self):
        return f"SignCase({self.label()!r}, feasible={self.feasible})"

    def _repr_latex_(self):
        return "$" + r",\ ".join(sp.latex(c) for c in self.constraints) + "$"


class LandscapeProblem:
    """A network architecture, a weighted scalar data set and the squared loss.

    Parameters
    ----------
    architecture : Architecture
    points, targets : sequences of exact numbers
        Distinct data points ``x_k`` and their targets ``y_k``.
    weights : sequence of exact positive numbers, optional
        ``m_k`` (default all 1); a doubled point is one point of weight 2.
    theta0 : {0, 1}, keyword-only
        The value of the step function at 0 used in the gradient
        (0 as in eq. 3.16 of the dissertation).

    Examples
    --------
    >>> p = xor_problem()
    >>> p
    LandscapeProblem(width=2, points=(-1, 0, 1), targets=(-1, 1, -1), weights=(1, 2, 1), theta0=0)
    >>> sum(case.feasible for case in p.cases(prune=False)), len(p.cases())
    (36, 36)
    """

    #: Lets the modules below this one (_classify, _result) recognise a problem without importing it.
    _is_landscape_problem = True

    def __init__(self, architecture, points, targets, weights=None, *, theta0: int = 0,
                 max_cases: int = DEFAULT_MAX_CASES):
        if not isinstance(architecture, Architecture):
            raise InvalidArgumentType("architecture", architecture, "a symrelu.landscape.Architecture")
        max_cases = check_limit("max_cases", max_cases)
        pts = [to_fraction(x, f"points[{k}]") for k, x in enumerate(_seq(points, "points"))]
        tgs = [to_fraction(y, f"targets[{k}]") for k, y in enumerate(_seq(targets, "targets"))]
        if not pts:
            raise InvalidArgument("points", points, "at least one data point")
        if len(tgs) != len(pts):
            raise InvalidArgument("points, targets", (len(pts), len(tgs)), "one target per point (as many targets as points)")
        if len(set(pts)) != len(pts):
            raise InvalidArgument("points", points, "distinct points", "Pass a repeated point once, with a weight.")
        if weights is None:
            wts = [Fraction(1)] * len(pts)
        else:
            wts = [to_fraction(m, f"weights[{k}]") for k, m in enumerate(_seq(weights, "weights"))]
            if len(wts) != len(pts):
                raise InvalidArgument("points, weights", (len(pts), len(wts)), "one weight per point (as many weights as points)")
            for k, m in enumerate(wts):
                if m <= 0:
                    raise InvalidArgument(f"weights[{k}]", m, "a positive number")
        if isinstance(theta0, bool) or not isinstance(theta0, numbers.Integral) or theta0 not in (0, 1):
            raise InvalidArgument("theta0", theta0, "0 or 1 (the value of the step function at 0)")
        n_cases = 2 ** (architecture.width * len(pts))
        if n_cases > max_cases:
            raise SizeLimitExceeded("points", points, size=n_cases, limit=max_cases, unit="sign cases",
                                        option="max_cases")
        self.architecture = architecture
        self.points = tuple(pts)
        self.targets = tuple(tgs)
        self.weights = tuple(wts)
        self.theta0 = theta0
        self._cache = {}

    def __getstate__(self):
        # the cache (SymPy rings, solved cases) is rebuilt on demand, not shipped
        state = dict(self.__dict__)
        state["_cache"] = {}
        return state

    def __repr__(self):
        f = lambda xs: "(" + ", ".join(str(x) for x in xs) + ("," if len(xs) == 1 else "") + ")"
        return (f"LandscapeProblem(width={self.architecture.width}, points={f(self.points)}, "
                f"targets={f(self.targets)}, weights={f(self.weights)}, theta0={self.theta0})")

    # -- loss and the convention's gradient ---------------------------------
    def loss(self):
        """The loss ``sum_k m_k (y_k - v(x_k))^2`` as a SymPy expression (with ``Max``)."""
        a = self.architecture
        return sum((rational(m) * (rational(y) - a.output(rational(x))) ** 2
                    for x, y, m in zip(self.points, self.targets, self.weights)), sp.S.Zero)

    def case_loss(self, case: SignCase):
        """The loss inside ``case``: a polynomial in the parameters."""
        a = self.architecture
        total = sp.S.Zero
        for k, (x, y, m) in enumerate(zip(self.points, self.targets, self.weights)):
            v = a.c + sum((a.o[i] * a.preactivation(i, rational(x)) for i in range(a.width) if case.on[i][k]), sp.S.Zero)
            total += rational(m) * (v - rational(y)) ** 2
        return total

    def _ring(self):
        if "ring" not in self._cache:
            params = self.architecture.parameters
            R = sp.polys.rings.ring(params, sp.QQ)[0]
            K = sp.polys.fields.field(params, sp.QQ)[0]
            self._cache["ring"] = (R, K)
        return self._cache["ring"]

    def gradient_polynomials(self, case: SignCase) -> dict:
        """The case's gradient as sparse SymPy polynomials over QQ (parameter -> ``PolyElement``); cached.

        >>> p = two_point_problem()
        >>> [g.degree() for g in p.gradient_polynomials(p.cases()[0]).values()]
        [1, 1]
        """
        key = ("grad", case.on)
        if key not in self._cache:
            a = self.architecture
            R, _ = self._ring()
            L = R(0)
            for k, (x, y, m) in enumerate(zip(self.points, self.targets, self.weights)):
                v = R(a.c)
                for i in range(a.width):
                    if case.on[i][k]:
                        v += R(a.o[i]) * (R(a.w[i]) * rational(x) + R(a.b[i]))
                r = v - rational(y)
                L += rational(m) * r * r
            gens = R.gens
            self._cache[key] = {s: L.diff(gens[j]) for j, s in enumerate(a.parameters)}
        return self._cache[key]

    def gradient(self, case: SignCase) -> dict:
        """The gradient of the loss inside ``case`` (``theta(0)`` as the problem says): parameter -> polynomial.

        >>> p = two_point_problem()
        >>> case = p.case_of({sp.Symbol('w1', real=True): 1})
        >>> p.gradient(case)
        {w1: 2*c + 2*w1 - 2, c: 4*c + 2*w1}
        """
        return {s: g.as_expr() for s, g in self.gradient_polynomials(case).items()}

    def restrict(self, expr, case: SignCase):
        """A piecewise expression restricted to ``case``: ``Max(0, z)`` and ``theta(z)`` (or ``Heaviside(z)``)
        of the case's pre-activations replaced by ``z``/1 when on, 0 when off.

        Use it to compare a printed formula with the case's polynomials.  Raises
        `InvalidArgument` when ``expr`` has a ``Max``/step of something that is not a
        pre-activation at a data point.

        >>> p = two_point_problem()
        >>> a, b = sp.symbols("w1 c", real=True)
        >>> theta = sp.Function("theta")
        >>> expr = 4*b + 2*sp.Max(0, -a) + 2*sp.Max(0, a)   # eq. 3.15
        >>> [p.restrict(expr, case) for case in p.cases()]
        [4*c - 2*w1, 4*c + 2*w1, 4*c]
        """
        a = self.architecture
        on = {}
        for i in range(a.width):
            for k, x in enumerate(self.points):
                z = sp.expand(a.preactivation(i, rational(x)))
                on[z] = case.on[i][k]

        def lookup(z):
            z = sp.expand(z)
            if z in on:
                return on[z]
            raise InvalidArgument("expr", z, "Max(0, z) / theta(z) with z a pre-activation w_i x_k + b_i")

        def repl_max(*args):
            if len(args) != 2 or sp.S.Zero not in args:
                raise InvalidArgument("expr", sp.Max(*args), "Max(0, z)")
            z = args[1] if args[0] == 0 else args[0]
            return z if lookup(z) else sp.S.Zero

        if not isinstance(expr, sp.Expr):  # never sympify a string: SymPy would run it as code
            raise InvalidArgumentType("expr", expr, "a SymPy expression in Max(0, z) / theta(z)")
        expr = expr.replace(lambda e: isinstance(e, sp.Max), lambda e: repl_max(*e.args))
        expr = expr.replace(lambda e: isinstance(e, sp.Heaviside) or (isinstance(e, sp.core.function.AppliedUndef)
                                                                      and e.func.__name__ == "theta"),
                            lambda e: sp.S.One if lookup(e.args[0]) else sp.S.Zero)
        return sp.expand(expr)

    # -- sign cases ---------------------------------------------------------
    def unit_patterns(self) -> list:
        """The on/off patterns of one unit over the data points (all units alike), each with its feasibility.

        A list of ``(pattern, feasible)``: ``pattern`` a tuple of bools (on at
        each point), ``feasible`` decided exactly.

        >>> [ok for _, ok in two_point_problem().unit_patterns()]
        [False, True, True, True]
        """
        key = "unit_patterns"
        if key not in self._cache:
            a = self.architecture
            out = []
            for pattern in itertools.product((True, False), repeat=len(self.points)):
                cons = []
                for x, on in zip(self.points, pattern):
                    coeffs = (x, 1) if a.hidden_bias else (x, 0)
                    sign = 1 if on else -1
                    strict = (not on) if self.theta0 == 1 else on
                    cons.append((tuple(sign * c for c in coeffs), 0, strict))
                out.append((pattern, feasible_point(cons, 2) is not None))
            self._cache[key] = out
        return self._cache[key]

    def _constraints(self, on):
        a = self.architecture
        rels = []
        for i, row in enumerate(on):
            for x, s in zip(self.points, row):
                z = a.preactivation(i, rational(x))
                if self.theta0 == 0:
                    rels.append(sp.StrictGreaterThan(z, 0) if s else sp.LessThan(z, 0))
                else:
                    rels.append(sp.GreaterThan(z, 0) if s else sp.StrictLessThan(z, 0))
        return tuple(rels)

    def case_equalities(self, case: SignCase) -> dict:
        """Equalities every point of a (feasible) case satisfies: parameter -> expression.

        Empty for a full-dimensional case; e.g. ``{w1: 0}`` for the two-point problem's
        case where both pre-activations ``-w1`` and ``w1`` are off (``<= 0``).  Use it to compare
        formulas on lower-dimensional cases.

        >>> p = two_point_problem()
        >>> [p.case_equalities(case) for case in p.cases()]
        [{}, {}, {w1: 0}]
        """
        a = self.architecture
        out = {}
        for i, row in enumerate(case.on):
            cons = []
            for x, on in zip(self.points, row):
                sign = 1 if on else -1
                strict = (not on) if self.theta0 == 1 else on
                cons.append(((sign * x, sign * (1 if a.hidden_bias else 0)), 0, strict))
            if not a.hidden_bias:
                cons += [((0, 1), 0, False), ((0, -1), 0, False)]
            rows = [[r[1], r[0], -r[2]] for r in implicit_equalities(cons, 2)]  # columns (b, w | rhs)
            if not a.hidden_bias:
                rows = [[0, r[1], r[2]] for r in rows]
            if not rows:
                continue
            rows, piv = rref_consistent(rows, 2)
            for r, col in zip(rows, piv):
                if col == 0:
                    out[a.b[i]] = sp.expand(rational(r[2]) - rational(r[1]) * a.w[i])
                else:
                    out[a.w[i]] = rational(r[2])
        return out

    def cases(self, *, prune: bool = True) -> tuple:
        """The activation-sign cases; with ``prune=True`` (default) only the feasible ones.

        Feasibility is exact: the constraints of different units involve
        different parameters, so a case is feasible iff every unit's pattern is,
        and each unit's pattern is decided by exact Fourier-Motzkin elimination.
        """
        key = ("cases", prune)
        if key not in self._cache:
            pats = self.unit_patterns()
            out = []
            for combo in itertools.product(pats, repeat=self.architecture.width):
                feasible = all(f for _, f in combo)
                if prune and not feasible:
                    continue
                on = tuple(p for p, _ in combo)
                out.append(SignCase(on, self._constraints(on), feasible))
            self._cache[key] = tuple(out)
        return self._cache[key]

    def case_of(self, parameters: dict) -> SignCase:
        """The sign case of a parameter point (dict symbol-or-name -> number; missing entries are 0)."""
        a = self.architecture
        vals = _param_values(a, parameters)
        on = []
        for i in range(a.width):
            row = []
            for x in self.points:
                z = a.preactivation(i, rational(x)).subs(vals)
                row.append(bool(z > 0) if self.theta0 == 0 else bool(z >= 0))
            on.append(tuple(row))
        on = tuple(on)
        return SignCase(on, self._constraints(on), True)

    # -- solving ------------------------------------------------------------
    def solve_case(self, case: SignCase) -> tuple:
        """Every critical family inside ``case`` (an infeasible case has none)."""
        return tuple(solve_case(self, case))

    def enumerate(self, *, prune: bool = True, verify: bool = True) -> Landscape:
        """Solve every (feasible) sign case and classify the families.

        Parameters
        ----------
        prune : bool
            Skip infeasible cases before solving (``False`` solves every case
            and discards the families whose constraints fail; the result is the same).
        verify : bool
            Substitute each family's solved form back into the case's gradient
            and check that it vanishes identically (raises `~symrelu.errors.CertificationError`
            otherwise).

        >>> land = two_point_problem().enumerate()
        >>> [(f.case.label(), dict(f.solution), f.loss, f.kind) for f in land]
        [('-+', {c: -1, w1: 2}, 0, 'minimum'), ('--', {c: 0, w1: 0}, 2, 'saddle')]
        """
        key = ("enumerate", prune)
        if key in self._cache:
            return self._cache[key]
        fams = []
        for case in self.cases(prune=prune):
            for fam in solve_case(self, case):
                if verify:
                    check_family(self, fam)
                fams.append(fam)
        land = Landscape(self, tuple(with_orbits(self, fams)))
        self._cache[key] = land
        return land

    # -- symmetry -----------------------------------------------------------
    def reflection(self):
        """Index map of the data reflection ``x -> -x`` when it preserves the weighted data, else None."""
        idx = {x: k for k, x in enumerate(self.points)}
        perm = []
        for k, x in enumerate(self.points):
            j = idx.get(-x)
            if j is None or self.targets[j] != self.targets[k] or self.weights[j] != self.weights[k]:
                return None
            perm.append(j)
        return tuple(perm)


def _seq(values, name):
    try:
        return list(values)
    except TypeError:
        raise InvalidArgumentType(name, values, "a sequence of exact numbers") from None


def _param_values(a: Architecture, parameters) -> dict:
    if not isinstance(parameters, Mapping):
        raise InvalidArgumentType("parameters", parameters, "a mapping parameter -> value")
    by_name = {str(s): s for s in a.parameters}
    vals = {s: sp.S.Zero for s in a.parameters}
    for k, v in parameters.items():
        s = by_name.get(str(k))
        if s is None:
            raise InvalidArgument("parameters", k, f"one of {tuple(by_name)}")
        vals[s] = sp.nsimplify(v) if not isinstance(v, (int, Fraction)) else rational(v)
    return vals


def two_point_problem(*, theta0: int = 0) -> LandscapeProblem:
    """The dissertation's eq. 3.12-3.13: ``v(x; a, b) = max(ax, 0) + b`` fitting -1 -> -1, 1 -> 1.

    Here ``a`` is ``w1`` and ``b`` is ``c``.

    >>> two_point_problem().architecture.output(1)
    c + Max(0, w1)
    """
    return LandscapeProblem(Architecture(1, hidden_bias=False, output_weights=False), [-1, 1], [-1, 1],
                            theta0=theta0)


def xor_problem(*, theta0: int = 0) -> LandscapeProblem:
    """The dissertation's eq. 3.24-3.25: XOR projected to ``x = (z1 + z2)/2``, width-2 network, point 0 doubled.

    >>> xor_problem().loss().subs(dict.fromkeys(Architecture(2).parameters, 0))
    4
    """
    return LandscapeProblem(Architecture(2), [-1, 0, 1], [-1, 1, -1], [1, 2, 1], theta0=theta0)

