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

Solving a case
--------------
Let ``A_i`` be unit ``i``'s on-points and ``N`` the live units (``A_i``
nonempty) whose output weight is nonzero.  With ``p_i = o_i w_i`` and
``q_i = o_i b_i`` the outputs are linear in ``(c, p, q)``:
``v = c 1 + sum_{i in N} 1_{A_i} (p_i x + q_i)``, a vector in the subspace
``V_N``.  For ``i`` in ``N`` the ``w_i``/``b_i`` equations say the residual
``r = v - y`` is ``m``-orthogonal to ``1_{A_i} x`` and ``1_{A_i}``; the ``c``
equation says it is orthogonal to ``1``; the ``o_i`` equation then follows.  So
the critical outputs are the weighted projection ``v* = proj_{V_N} y`` -- unique
for each ``(case, N)`` -- and the critical set is the affine space
``M (c, p, q) = v*`` lifted by ``w_i = p_i / o_i``, ``b_i = q_i / o_i`` with
``o_i != 0`` free (the rescaling symmetry).  A live unit with ``o_i = 0`` adds
the single linear condition ``sum_{k in A_i} m_k r*_k z_ik = 0``.  Every
critical point of the case lies in exactly one such family, so splitting on
``N`` (``2^width`` subsets) is complete; the feasibility of each family's
sign constraints is decided exactly (Fourier-Motzkin over rationals, split
by the signs of the nonzero ``o_i``).  Each family is checked by substituting
its solved form back into the case's gradient polynomials.

Classification (at the family's interior points, where no ``z_ik`` is 0 and
the loss is a polynomial nearby): a *minimum* when ``r*`` is ``m``-orthogonal
to every feature the case can produce (``1``, and ``1_{A_i}``, ``1_{A_i} x`` of
every live unit), otherwise a *saddle* (there is a second-order descent
direction mixing ``o_i`` with ``(w_i, b_i)`` of a unit with ``o_i = 0``; with an
output bias the loss is strictly convex in ``c``, so it is no maximum).  A
family with no interior point (it lies on a sign boundary, where the loss is
not differentiable) is *undecided*, except a single point at which an exact
one-sided line search finds a descent direction: a *saddle*.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from types import MappingProxyType
from dataclasses import dataclass, field
from fractions import Fraction

import sympy as sp

from ..errors import CertificationError, InvalidArgument, InvalidArgumentType, SizeLimitExceeded
from .. import linalg
from .._numbers import to_fraction
from ..polyhedra import dimension as polyhedron_dimension
from ..polyhedra import feasible_point, implicit_equalities

__all__ = [
    "Architecture",
    "LandscapeProblem",
    "SignCase",
    "CriticalFamily",
    "Landscape",
    "two_point_problem",
    "xor_problem",
]

#: Default cap on the number of sign cases (before pruning); raise with ``max_cases=``.
DEFAULT_MAX_CASES = 4096


def _Q(x) -> sp.Rational:
    x = Fraction(x)
    return sp.Rational(x.numerator, x.denominator)


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


@dataclass(frozen=True)
class CriticalFamily:
    """A positive-dimensional (or point) family of critical points inside one sign case.

    Attributes
    ----------
    case : SignCase
    nonzero_outputs : tuple of int
        ``N``: the live units whose output weight is nonzero on the family.
    equations : tuple of sympy.Eq
        Polynomial equations in the parameters (with the case's constraints,
        ``o_i != 0`` for ``i`` in ``N``, and ``o_i = 0`` for the other live units).
    solution : mapping (read-only)
        Solved form: pivot parameter -> expression in the free parameters.
    conditions : tuple
        ``Ne(o_i, 0)`` for ``i`` in ``N`` plus the case's sign constraints.
    outputs : tuple of sympy.Rational
        The critical outputs ``v*`` at the data points (the same along the family).
    loss : sympy.Rational
    kind : str
        ``"minimum"``, ``"saddle"`` or ``"undecided"``; see ``kind_note``.
    kind_note : str
    interior : bool
        Whether the family has points where no pre-activation is 0.
    dimension : int
        Dimension of the family (of its interior part when it has one).
    sample : mapping (read-only)
        A rational point of the family (parameter -> Rational).
    orbit : str
        Label of the family's symmetry orbit (the smallest label in it).
    theta0 : int
        The convention ``theta(0)`` used.
    """

    case: SignCase
    nonzero_outputs: tuple
    equations: tuple
    solution: dict = field(hash=False, compare=False)
    conditions: tuple = field(compare=False)
    outputs: tuple = field(compare=False)
    loss: object = field(compare=False)
    kind: str = field(compare=False)
    kind_note: str = field(compare=False)
    interior: bool = field(compare=False)
    dimension: int = field(compare=False)
    sample: dict = field(hash=False, compare=False)
    orbit: str = field(compare=False)
    theta0: int = field(compare=False)

    # MappingProxyType cannot be pickled: travel as dicts, read-only again on arrival
    # (so families go through symrelu.parallel.sweep, a spawned process, deepcopy).
    def __getstate__(self):
        state = dict(self.__dict__)
        state["solution"], state["sample"] = dict(self.solution), dict(self.sample)
        return state

    def __setstate__(self, state):
        for name, value in state.items():
            if name in ("solution", "sample"):
                value = MappingProxyType(dict(value))
            object.__setattr__(self, name, value)

    def contains(self, point: dict) -> bool:
        """Whether an exact parameter point (dict parameter or name -> number) lies in the family.

        >>> f = two_point_problem().enumerate()[0]
        >>> f.contains({"w1": 2, "c": -1}), f.contains({"w1": 2, "c": 0})
        (True, False)
        """
        params = tuple(self.sample)
        by_name = {str(s): s for s in params}
        vals = {s: sp.S.Zero for s in params}
        for k, v in point.items():
            if str(k) not in by_name:
                raise InvalidArgument("point", k, f"one of {tuple(by_name)}")
            vals[by_name[str(k)]] = sp.Rational(Fraction(v)) if not isinstance(v, sp.Basic) else v
        return (all(e.lhs.xreplace(vals) - e.rhs == 0 for e in self.equations)
                and all(r.xreplace(vals) is sp.true for r in self.conditions))

    @property
    def label(self) -> str:
        """``'<case label> N=<units with o != 0>'`` (units numbered from 1)."""
        return f"{self.case.label()} N={{{','.join(str(i + 1) for i in self.nonzero_outputs)}}}"

    def __repr__(self):
        sol = ", ".join(f"{k} = {v}" for k, v in self.solution.items())
        return f"CriticalFamily({self.label}: {sol}; loss={self.loss}, {self.kind}, dim={self.dimension})"

    def _repr_latex_(self):
        sol = r",\ ".join(f"{sp.latex(k)} = {sp.latex(v)}" for k, v in self.solution.items())
        return f"$L = {sp.latex(self.loss)}:\\ {sol}\\ ({self.kind})$"


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

    def __init__(self, architecture, points, targets, weights=None, *, theta0: int = 0,
                 max_cases: int = DEFAULT_MAX_CASES):
        if not isinstance(architecture, Architecture):
            raise InvalidArgumentType("architecture", architecture, "a symrelu.landscape.Architecture")
        pts = [to_fraction(x, f"points[{k}]") for k, x in enumerate(_seq(points, "points"))]
        tgs = [to_fraction(y, f"targets[{k}]") for k, y in enumerate(_seq(targets, "targets"))]
        if not pts:
            raise InvalidArgument("points", points, "at least one data point")
        if len(tgs) != len(pts):
            raise InvalidArgument("targets", targets, f"{len(pts)} targets, one per point")
        if len(set(pts)) != len(pts):
            raise InvalidArgument("points", points, "distinct points", "Pass a repeated point once, with a weight.")
        if weights is None:
            wts = [Fraction(1)] * len(pts)
        else:
            wts = [to_fraction(m, f"weights[{k}]") for k, m in enumerate(_seq(weights, "weights"))]
            if len(wts) != len(pts):
                raise InvalidArgument("weights", weights, f"{len(pts)} weights, one per point")
            for k, m in enumerate(wts):
                if m <= 0:
                    raise InvalidArgument(f"weights[{k}]", m, "a positive number")
        if theta0 not in (0, 1) or isinstance(theta0, bool):
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
        return sum((_Q(m) * (_Q(y) - a.output(_Q(x))) ** 2
                    for x, y, m in zip(self.points, self.targets, self.weights)), sp.S.Zero)

    def case_loss(self, case: SignCase):
        """The loss inside ``case``: a polynomial in the parameters."""
        a = self.architecture
        total = sp.S.Zero
        for k, (x, y, m) in enumerate(zip(self.points, self.targets, self.weights)):
            v = a.c + sum((a.o[i] * a.preactivation(i, _Q(x)) for i in range(a.width) if case.on[i][k]), sp.S.Zero)
            total += _Q(m) * (v - _Q(y)) ** 2
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
                        v += R(a.o[i]) * (R(a.w[i]) * _Q(x) + R(a.b[i]))
                r = v - _Q(y)
                L += _Q(m) * r * r
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
                z = sp.expand(a.preactivation(i, _Q(x)))
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
                z = a.preactivation(i, _Q(x))
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
            rows, piv = _rref(rows, 2)
            for r, col in zip(rows, piv):
                if col == 0:
                    out[a.b[i]] = sp.expand(_Q(r[2]) - _Q(r[1]) * a.w[i])
                else:
                    out[a.w[i]] = _Q(r[2])
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
                z = a.preactivation(i, _Q(x)).subs(vals)
                row.append(bool(z > 0) if self.theta0 == 0 else bool(z >= 0))
            on.append(tuple(row))
        on = tuple(on)
        return SignCase(on, self._constraints(on), True)

    # -- solving ------------------------------------------------------------
    def solve_case(self, case: SignCase) -> tuple:
        """Every critical family inside ``case`` (an infeasible case has none)."""
        return tuple(_solve_case(self, case))

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
            for fam in _solve_case(self, case):
                if verify:
                    check_family(self, fam)
                fams.append(fam)
        land = Landscape(self, tuple(_with_orbits(self, fams)))
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
        vals[s] = sp.nsimplify(v) if not isinstance(v, (int, Fraction)) else _Q(v)
    return vals


# ---------------------------------------------------------------------------
# solving one case
# ---------------------------------------------------------------------------
def _rref(rows, ncols):
    """Reduced row echelon form of a consistent system's rows (``ncols`` coefficients, then the
    right-hand side; exact numbers): ``(rows as lists of Fraction, pivot columns)``."""
    rows, pivots = linalg.rref(rows, ncols + 1)
    if pivots and pivots[-1] >= ncols:  # every system solved here has a solution by construction
        raise CertificationError("a linear system derived to be consistent has no solution")
    return rows, pivots


def _linear_columns(problem, case, N):
    """Columns of the output map M: list of (name, unit, feature vector over points)."""
    a = problem.architecture
    cols = []
    # order: hidden-bias products q_i, then c, then weight products p_i (gives the
    # dissertation's solved forms: b_i in terms of w_i and o_i, c kept free when it can be)
    if a.hidden_bias:
        for i in N:
            cols.append(("q", i, [Fraction(1) if case.on[i][k] else Fraction(0) for k in range(len(problem.points))]))
    if a.output_bias:
        cols.append(("c", None, [Fraction(1)] * len(problem.points)))
    for i in N:
        cols.append(("p", i, [x if case.on[i][k] else Fraction(0) for k, x in enumerate(problem.points)]))
    return cols


def _projection(problem, cols):
    """Weighted least-squares fit of the targets by the columns: (v*, residual r*)."""
    K = len(problem.points)
    m, y = problem.weights, problem.targets
    n = len(cols)
    if n == 0:
        v = [Fraction(0)] * K
    else:
        G = [[sum(m[k] * cols[i][2][k] * cols[j][2][k] for k in range(K)) for j in range(n)]
             + [sum(m[k] * cols[i][2][k] * y[k] for k in range(K))] for i in range(n)]
        rows, piv = _rref(G, n)
        theta = [Fraction(0)] * n  # a particular solution (free coordinates 0)
        for row, col in zip(rows, piv):
            theta[col] = row[-1]
        v = [sum(theta[j] * cols[j][2][k] for j in range(n)) for k in range(K)]
    r = [vk - yk for vk, yk in zip(v, y)]
    return v, r


def _dot(problem, r, f):
    return sum(m * a * b for m, a, b in zip(problem.weights, r, f))


def _solve_case(problem, case):
    a = problem.architecture
    live = case.live
    optional = live if a.output_weights else ()
    fixed_n = () if a.output_weights else live
    for size in range(len(optional) + 1):
        for chosen in itertools.combinations(optional, size):
            N = tuple(sorted(set(chosen) | set(fixed_n)))
            fam = _family(problem, case, N)
            if fam is not None:
                yield fam


def _unit_features(problem, case, i):
    a = problem.architecture
    feats = [[x if case.on[i][k] else Fraction(0) for k, x in enumerate(problem.points)]]
    if a.hidden_bias:
        feats.append([Fraction(1) if case.on[i][k] else Fraction(0) for k in range(len(problem.points))])
    return feats


def _family(problem, case, N):
    a = problem.architecture
    K = len(problem.points)
    cols = _linear_columns(problem, case, N)
    v_star, r_star = _projection(problem, cols)
    zero_o = tuple(i for i in case.live if i not in N)
    # linear condition on (w_i, b_i) of live units with o_i = 0: sum_k m r* z_ik = 0
    g = {}
    for i in zero_o:
        gw = _dot(problem, r_star, [x if case.on[i][k] else 0 for k, x in enumerate(problem.points)])
        gb = _dot(problem, r_star, [1 if case.on[i][k] else 0 for k in range(K)]) if a.hidden_bias else Fraction(0)
        g[i] = (gw, gb)
    # affine space M theta = v*: RREF and null space
    n = len(cols)
    rows, piv = _rref([[cols[j][2][k] for j in range(n)] + [v_star[k]] for k in range(K)], n)
    free = [j for j in range(n) if j not in piv]
    # feasibility: P-block over the free coordinates t, for each sign pattern of o_i (i in N)
    def theta_of(t):  # theta_j as (coeffs over free, const)
        out = []
        for j in range(n):
            if j in free:
                out.append(([Fraction(1) if f == j else Fraction(0) for f in free], Fraction(0)))
            else:
                row = rows[piv.index(j)]
                out.append(([-row[f] for f in free], row[-1]))
        return out
    lin = theta_of(None)
    col_index = {(name, i): j for j, (name, i, _) in enumerate(cols)}

    def z_form(i, x):  # o_i * z_i(x) as affine form over free coordinates
        coeffs = [Fraction(0)] * len(free)
        const = Fraction(0)
        for name, scale in (("p", x), ("q", 1)):
            j = col_index.get((name, i))
            if j is None:
                continue
            coeffs = [c + scale * d for c, d in zip(coeffs, lin[j][0])]
            const += scale * lin[j][1]
        return coeffs, const

    def unit_cons(i, sigma, form, strict_all):
        cons = []
        for k, x in enumerate(problem.points):
            coeffs, const = form(x)
            s = sigma if case.on[i][k] else -sigma
            strict = (not case.on[i][k]) if problem.theta0 == 1 else case.on[i][k]
            if strict_all:
                strict = True
            cons.append(([s * c for c in coeffs], s * const, strict))
        return cons

    def _all_blocks():
        signs = itertools.product((1, -1), repeat=len(N)) if a.output_weights else [(1,) * len(N)]
        for sigma in signs:
            cons = []
            for i, s in zip(N, sigma):
                cons += unit_cons(i, s, lambda x, i=i: z_form(i, x), False)
            if feasible_point(cons, len(free)) is not None:
                yield sigma, None, cons

    def solve_block(strict_all):
        signs = itertools.product((1, -1), repeat=len(N)) if a.output_weights else [(1,) * len(N)]
        for sigma in signs:
            cons = []
            for i, s in zip(N, sigma):
                cons += unit_cons(i, s, lambda x, i=i: z_form(i, x), strict_all)
            pt = feasible_point(cons, len(free))
            if pt is not None:
                return sigma, pt, cons
        return None

    def solve_unit(i, strict_all):
        # variables (w_i, b_i)
        cons = unit_cons(i, 1, lambda x: ([x, Fraction(1) if a.hidden_bias else Fraction(0)], Fraction(0)), strict_all)
        if i in g and g[i] != (0, 0):
            gw, gb = g[i]
            cons += [([gw, gb], Fraction(0), False), ([-gw, -gb], Fraction(0), False)]
        if not a.hidden_bias:  # b_i is not a parameter: pin it to 0
            cons += [([0, 1], Fraction(0), False), ([0, -1], Fraction(0), False)]
        pt = feasible_point(cons, 2)
        return None if pt is None else (pt, cons)

    others = [i for i in range(a.width) if i not in N]
    block = solve_block(False)
    if block is None:
        return None
    unit_pts = {}
    for i in others:
        pt = solve_unit(i, False)
        if pt is None:
            return None
        unit_pts[i] = pt
    inner = solve_block(True)
    interior = inner is not None and all(solve_unit(i, True) is not None for i in others)
    if interior:
        block = inner
        unit_pts = {i: solve_unit(i, True) for i in others}
    sigma, t, _ = block
    unit_pts_cons = {i: v[1] for i, v in unit_pts.items()}
    unit_pts = {i: v[0] for i, v in unit_pts.items()}
    # sample point
    theta = [sum(c * tv for c, tv in zip(lin[j][0], t)) + lin[j][1] for j in range(n)]
    sample = {}
    for i in range(a.width):
        if i in N:
            o = Fraction(sigma[N.index(i)])
            p = theta[col_index[("p", i)]]
            q = theta[col_index[("q", i)]] if a.hidden_bias else Fraction(0)
            vals = (p / o, q / o, o)
        else:
            w, b = unit_pts[i]
            vals = (w, b, Fraction(0) if i in case.live else Fraction(1))
        sample[a.w[i]] = _Q(vals[0])
        if a.hidden_bias:
            sample[a.b[i]] = _Q(vals[1])
        if a.output_weights:
            sample[a.o[i]] = _Q(vals[2])
    if a.output_bias:
        sample[a.c] = _Q(theta[col_index[("c", None)]])
    # equations and solved form
    def sym_of(j):
        name, i = cols[j][0], cols[j][1]
        if name == "c":
            return a.c
        return a.o[i] * (a.w[i] if name == "p" else a.b[i])
    equations, solution = [], {}
    for row, col in zip(rows, piv):
        lhs = sum((_Q(row[j]) * sym_of(j) for j in range(n) if row[j] != 0), sp.S.Zero)
        equations.append(sp.Eq(lhs, _Q(row[-1])))
        name, i = cols[col][0], cols[col][1]
        rest = _Q(row[-1]) - sum((_Q(row[j]) * sym_of(j) for j in range(n) if j != col and row[j] != 0), sp.S.Zero)
        if name == "c":
            solution[a.c] = sp.expand(rest)
        else:
            target = a.w[i] if name == "p" else a.b[i]
            solution[target] = sp.together(rest / a.o[i]) if a.output_weights else sp.expand(rest)
    for i in others:
        if i in zero_o:
            equations.append(sp.Eq(a.o[i], 0))
            solution[a.o[i]] = sp.S.Zero
        # linear equations on (w_i, b_i): the o_i = 0 condition, and on a sign boundary the
        # implicit equalities of the unit's sign constraints; solved for b_i first
        rows = []
        if i in g and g[i] != (0, 0):
            rows.append([g[i][1], g[i][0], Fraction(0)])
        if not interior:
            rows += [[r[1], r[0], -r[2]] for r in implicit_equalities(unit_pts_cons[i], 2)]
        if not a.hidden_bias:
            rows = [[0, r[1], r[2]] for r in rows]
        rows, piv = _rref(rows, 2) if rows else ([], [])
        for row, col in zip(rows, piv):
            lhs = _Q(row[0]) * a.b[i] + _Q(row[1]) * a.w[i]
            equations.append(sp.Eq(lhs, _Q(row[2])))
            target, other = (a.b[i], a.w[i]) if col == 0 else (a.w[i], a.b[i])
            coeff_other = _Q(row[1]) if col == 0 else _Q(row[0])
            solution[target] = sp.expand(_Q(row[2]) - coeff_other * other) if col == 0 else _Q(row[2])
    conditions = tuple(sp.Ne(a.o[i], 0) for i in N if a.output_weights) + case.constraints
    loss = sum(m * r * r for m, r in zip(problem.weights, r_star))
    def _boundary_dim():
        # dimension from the implicit equalities of the family's polyhedra (+ rescalings)
        d = max(polyhedron_dimension(b[2], len(free)) for b in _all_blocks()) + (len(N) if a.output_weights else 0)
        for i in others:
            d += polyhedron_dimension(unit_pts_cons[i], 2) - (0 if a.hidden_bias else 0)
            if a.output_weights and i not in case.live:
                d += 1
        return d

    def solve_unit_open(i):
        # is unit i's sign pattern full-dimensional in (w_i, b_i)? (then its tangent cones span the plane)
        cons = unit_cons(i, 1, lambda x: ([x, Fraction(1) if a.hidden_bias else Fraction(0)], Fraction(0)), True)
        if not a.hidden_bias:
            return feasible_point([(c[:1], k, st) for c, k, st in cons], 1) is not None
        return feasible_point(cons, 2) is not None

    # dimension of the generic part: free linear coordinates + one rescaling per unit of N,
    # + 2 per dead unit / live unit with o=0 (minus its condition), + o_i of dead units
    n_params = len(a.parameters)
    dim = n_params - len(equations)
    # classification
    feats = [[Fraction(1)] * len(problem.points)] if a.output_bias else []
    for i in case.live:
        feats += _unit_features(problem, case, i)
    escaping = [i for i in zero_o
                if any(_dot(problem, r_star, f) != 0 for f in _unit_features(problem, case, i))
                and solve_unit_open(i)]
    if escaping:
        # o_i = eps and (w_i, b_i) moved inside the case's (full-dimensional) cone change the
        # loss by 2 eps <r*, 1_A (dw x + db)> + O(eps^2): a descent direction at every point
        kind, note = "saddle", (f"unit {escaping[0] + 1} has o = 0 and the residual is not orthogonal to its "
                                "features: a second-order descent direction at every point of the family")
        if not interior:
            dim = _boundary_dim()
    elif interior:
        kind, note = "minimum", ("the residual is orthogonal to every feature of the case: a (non-strict) "
                                 "local minimum at the family's interior points")
    else:
        dim = _boundary_dim()
        descent = _boundary_descent(problem, sample)
        if descent is not None and dim == 0:
            kind, note = "saddle", f"single point on a sign boundary; the loss decreases along {descent}"
        else:
            kind, note = "undecided", ("family lies on a sign boundary (the loss is not differentiable there)"
                                       + (f"; at the sample point the loss decreases along {descent}" if descent else ""))
    return CriticalFamily(
        case=case, nonzero_outputs=N, equations=tuple(equations), solution=MappingProxyType(solution),
        conditions=conditions,
        outputs=tuple(_Q(v) for v in v_star), loss=_Q(loss), kind=kind, kind_note=note, interior=interior,
        dimension=dim, sample=MappingProxyType(sample), orbit="", theta0=problem.theta0,
    )


def _pmul(p, q):
    out = [Fraction(0)] * (len(p) + len(q) - 1)
    for i, a in enumerate(p):
        for j, b in enumerate(q):
            out[i + j] += a * b
    return out


def _padd(p, q):
    n = max(len(p), len(q))
    return [(p[i] if i < len(p) else 0) + (q[i] if i < len(q) else 0) for i in range(n)]


def _boundary_descent(problem, sample):
    """A coordinate direction along which the (true, piecewise) loss decreases from ``sample``, or None.

    Exact one-sided analysis: along ``sample + t e`` the loss is, for small
    ``t > 0``, the polynomial of the sign pattern fixed by the signs of
    ``(z_ik, dz_ik/dt)``; descent when its first nonzero ``t``-coefficient is negative.
    """
    a = problem.architecture
    base = {s: Fraction(int(v.p), int(v.q)) for s, v in sample.items()}
    for s in a.parameters:
        for d in (1, -1):
            path = {p: [v] for p, v in base.items()}
            path[s] = [base[s], Fraction(d)]
            const = lambda e: path[e] if isinstance(e, sp.Symbol) else [Fraction(int(e))]
            total = [Fraction(0)]
            for x, y, m in zip(problem.points, problem.targets, problem.weights):
                v = const(a.c) if a.output_bias else [Fraction(0)]
                for i in range(a.width):
                    z = _padd(_pmul(const(a.w[i]), [x]), const(a.b[i]))
                    z0, z1 = z[0], (z[1] if len(z) > 1 else 0)
                    if z0 > 0 or (z0 == 0 and z1 > 0):
                        v = _padd(v, _pmul(const(a.o[i]), z))
                r = _padd(v, [-y])
                total = _padd(total, _pmul([m], _pmul(r, r)))
            lead = next((c for c in total[1:] if c != 0), 0)
            if lead < 0:
                return f"{'+' if d > 0 else '-'}{s}"
    return None


def _monomial_value(point, monom):
    out = sp.S.One
    for v, e in zip(point, monom):
        if e:
            out *= v ** e
    return out


def check_family(problem, fam: CriticalFamily) -> None:
    """Certify that ``fam`` is critical, or raise `~symrelu.errors.CertificationError`.

    Its solved form must zero the case's gradient identically (exact
    rational-function arithmetic), and its sample point satisfy the gradient
    equations, the family's equations and the case's sign constraints.

    >>> p = two_point_problem()
    >>> check_family(p, p.enumerate()[0])
    """
    R, K = problem._ring()
    params = problem.architecture.parameters
    # images num_j / den_j; denominators are monomials (products of output weights), so the
    # identity g(images) = 0 is checked as a polynomial identity after clearing them -- exact, no gcds
    nums, dens = [], []
    for j, s in enumerate(params):
        if s in fam.solution:
            n_, d_ = sp.fraction(sp.together(fam.solution[s]))
            nums.append(R(sp.expand(n_)))
            dens.append(R(sp.expand(d_)))
        else:
            nums.append(R.gens[j])
            dens.append(R(1))
    if any(len(d.terms()) != 1 for d in dens):
        raise CertificationError(f"family {fam.label}: unexpected non-monomial denominator")
    point = [_Q(fam.sample[s]) for s in params]
    for s, g in problem.gradient_polynomials(fam.case).items():
        top = [max((m[j] for m in g.monoms()), default=0) for j in range(len(params))]
        val = R(0)
        for monom, coeff in g.terms():
            term = R(coeff)
            for j, e in enumerate(monom):
                if e:
                    term *= nums[j] ** e
                if top[j] - e:
                    term *= dens[j] ** (top[j] - e)
            val += term
        if val != 0:
            raise CertificationError(f"family {fam.label}: d L/d {s} = {val.as_expr()} (times denominators) != 0")
        if sum((cf * _monomial_value(point, m) for m, cf in g.terms()), sp.S.Zero) != 0:
            raise CertificationError(f"family {fam.label}: gradient nonzero at the sample point {fam.sample}")
    for eq in fam.equations:
        if eq.lhs.xreplace(fam.sample) - eq.rhs != 0:
            raise CertificationError(f"family {fam.label}: sample point violates {eq}")
    for rel in fam.conditions:
        if rel.xreplace(fam.sample) is not sp.true:
            raise CertificationError(f"family {fam.label}: sample point violates {rel}")


# ---------------------------------------------------------------------------
# symmetry orbits
# ---------------------------------------------------------------------------
def _with_orbits(problem, fams):
    a = problem.architecture
    refl = problem.reflection()
    group = []
    for perm in itertools.permutations(range(a.width)):
        group.append((perm, None))
        if refl is not None:
            group.append((perm, refl))
    out = []
    for f in fams:
        images = []
        for perm, r in group:
            on = tuple(tuple(f.case.on[perm[i]][r[k] if r else k] for k in range(len(problem.points)))
                       for i in range(a.width))
            inv = {perm[i]: i for i in range(a.width)}
            Nimg = tuple(sorted(inv[i] for i in f.nonzero_outputs))
            images.append(_label(on, Nimg))
        out.append(_replace(f, orbit=min(images)))
    return out


def _label(on, N):
    return "|".join("".join("+" if s else "-" for s in row) for row in on) + " N={" + ",".join(str(i + 1) for i in N) + "}"


def _replace(f, **kw):
    import dataclasses
    return dataclasses.replace(f, **kw)


# ---------------------------------------------------------------------------
# the enumeration result
# ---------------------------------------------------------------------------
class Landscape(tuple):
    """All critical families of a problem (a tuple of `CriticalFamily`), with summaries.

    >>> land = xor_problem().enumerate()
    >>> sorted(land.losses("minimum"))
    [0, 8/3, 4]
    """

    def __new__(cls, problem, families):
        self = super().__new__(cls, families)
        self.problem = problem
        return self

    def __reduce__(self):  # rebuilt through __new__, so pickle and deepcopy work
        return (type(self), (self.problem, tuple(self)))

    def losses(self, kind=None) -> set:
        """The set of loss values (of the families of the given kind, or all)."""
        return {f.loss for f in self if kind is None or f.kind == kind}

    def in_case(self, case) -> tuple:
        """The families inside ``case`` (a SignCase or its label)."""
        lab = case if isinstance(case, str) else case.label()
        return tuple(f for f in self if f.case.label() == lab)

    def find(self, case, solution: dict):
        """The family in ``case`` whose critical set is the one ``solution`` describes, or None.

        ``solution`` is a solved form (parameter -> expression, e.g. as printed in
        a table).  The sets agree when substituting either solved form into the
        other's equations gives 0 identically (rational-function arithmetic; the
        output weights in denominators are nonzero on both).

        >>> land = xor_problem().enumerate()
        >>> c, w1, b1, o1 = sp.symbols("c w1 b1 o1", real=True)
        >>> land.find("+++|---", {c: -b1 * o1, w1: 0}).label
        '+++|--- N={1}'
        """
        sol_eqs = [k - v for k, v in solution.items()]
        for f in self.in_case(case):
            fam_eqs = [e.lhs - e.rhs for e in f.equations]
            if all(sp.cancel(sp.together(e.subs(solution))) == 0 for e in fam_eqs) and \
               all(sp.cancel(sp.together(e.subs(f.solution))) == 0 for e in sol_eqs):
                return f
        return None

    def orbits(self) -> dict:
        """Orbit label -> families in that orbit."""
        out = {}
        for f in self:
            out.setdefault(f.orbit, []).append(f)
        return {k: tuple(v) for k, v in out.items()}

    def summary(self) -> str:
        """A text table: counts of families by loss and kind, and of orbits."""
        conv = f"theta(0) = {self.problem.theta0}"
        lines = [f"{len(self.problem.cases())} feasible sign cases of {len(self.problem.cases(prune=False))}; "
                 f"{len(self)} critical families in {len(self.orbits())} symmetry orbits ({conv})",
                 f"{'loss':>6}  {'kind':<10} {'families':>8} {'orbits':>7}"]
        keys = sorted({(f.loss, f.kind) for f in self}, key=lambda t: (t[0], t[1]))
        for loss, kind in keys:
            fs = [f for f in self if f.loss == loss and f.kind == kind]
            lines.append(f"{str(loss):>6}  {kind:<10} {len(fs):>8} {len({f.orbit for f in fs}):>7}")
        return "\n".join(lines)

    def __repr__(self):
        return f"Landscape({len(self)} families, losses={sorted(self.losses())})"


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
