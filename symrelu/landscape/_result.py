"""The landscape's results: a critical family, the enumeration of all of them, and their symmetry orbits."""

from __future__ import annotations

import dataclasses
import itertools
from dataclasses import dataclass, field
from fractions import Fraction
from types import MappingProxyType

import sympy as sp

from ..errors import InvalidArgument, InvalidArgumentType

__all__ = ["CriticalFamily", "Landscape", "with_orbits"]


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

    case: object  # a SignCase (defined with the problem, which imports this module)
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

        >>> from symrelu.landscape import two_point_problem
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


def with_orbits(problem, fams):
    """The families with their orbit labels: the smallest label over unit permutations (and the data
    reflection when it preserves the weighted data)."""
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
        out.append(dataclasses.replace(f, orbit=min(images)))
    return out


def _label(on, N):
    return "|".join("".join("+" if s else "-" for s in row) for row in on) + " N={" + ",".join(str(i + 1) for i in N) + "}"


class Landscape(tuple):
    """All critical families of a problem (a tuple of `CriticalFamily`), with summaries.

    >>> from symrelu.landscape import xor_problem
    >>> land = xor_problem().enumerate()
    >>> sorted(land.losses("minimum"))
    [0, 8/3, 4]
    """

    def __new__(cls, problem, families):
        if not getattr(problem, "_is_landscape_problem", False):  # _problem imports this module
            raise InvalidArgumentType("problem", problem, "a LandscapeProblem")
        if isinstance(families, (str, bytes, dict)) or not isinstance(families, (list, tuple)):
            raise InvalidArgumentType("families", families, "a sequence of CriticalFamily")
        for k, f in enumerate(families):
            if not isinstance(f, CriticalFamily):
                raise InvalidArgumentType(f"families[{k}]", f, "a CriticalFamily")
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

        >>> from symrelu.landscape import xor_problem
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

