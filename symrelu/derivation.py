"""Machine-checked derivations: a titled sequence of SymPy steps, each with its justification.

A `Derivation` is an immutable value: a title, optional standing assumptions
and a tuple of `Step` objects.  Each step is a SymPy relation (an ``Eq``, an
expression asserted to be zero, or an inequality), a sentence saying why it
holds, and ``how`` the machine checks it:

==============  ==============================================================
``given``       a hypothesis or definition: stated, not checked
``simplify``    ``lhs - rhs`` simplifies to 0 (an inequality: SymPy decides
                the sign of ``rhs - lhs`` under the assumptions)
``substitute``  substitute earlier steps (``Eq`` as ``lhs -> rhs``, in
                ``using``) into the relation, then ``simplify``
``eliminate``   eliminate ``eliminate=q`` between two earlier equations (in
                ``using``): solve the first for ``q``, substitute into the
                second, and check the relation holds at every solution for
                ``solve_for`` of the result
``induction``   the relation ``L(n) = R(n)`` in the integer symbol ``index``:
                the base case at ``base`` and the step
                ``R(n+1) = recurrence(R(n))`` are checked symbolically; the
                ``recurrence`` ``Eq(L(n+1), G(L(n), n))`` is itself checked by
                peeling the last term off sums and products
``exact``       ``check()`` (a zero-argument callable, e.g. an exact CPWL
                computation) returns ``bool`` or ``(bool, detail)``
``sample``      random rational substitution: never verifies on its own (no
                counterexample gives *inconclusive*); may also be added to
                any step as a supplementary check with ``samples=N``
==============  ==============================================================

`Derivation.check` returns a `DerivationCheck` with one `StepResult` per
step (``verified``, ``failed``, ``inconclusive`` with its reason, or
``given``) and the overall verdict; the result is computed once and cached.

>>> import sympy
>>> x, y = sympy.symbols("x y")
>>> d = Derivation("Square of a sum", [
...     Step(sympy.Eq(y, x + 1), "definition of y", how="given", label="y"),
...     Step(sympy.Eq(y**2, x**2 + 2*x + 1), "square the definition", how="substitute", using=["y"]),
... ])
>>> d.check().verdict
'verified'
>>> print(d)
Square of a sum
  (y)  y = x + 1    [given] definition of y
  (2)  y**2 = x**2 + 2*x + 1    [substitute: verified] square the definition
Verdict: verified
"""

from __future__ import annotations

import random
import re
import unicodedata
from dataclasses import dataclass, field
from fractions import Fraction
from collections.abc import Iterable
from typing import Callable

import sympy

from .errors import InvalidArgument, InvalidArgumentType

__all__ = ["HOWS", "STEP_VERDICTS", "Step", "StepResult", "DerivationCheck", "Derivation", "is_zero"]

#: The ways a step is checked.
HOWS = ("given", "simplify", "substitute", "eliminate", "induction", "exact", "sample")

#: The verdicts a step can get.
STEP_VERDICTS = ("verified", "failed", "inconclusive", "given")


def _as_relation(relation):
    """A SymPy relational, or an expression (meaning ``expr = 0``)."""
    if isinstance(relation, sympy.logic.boolalg.BooleanAtom):
        return relation
    if isinstance(relation, sympy.core.relational.Relational):
        return relation
    try:
        expr = sympy.sympify(relation, strict=True)
    except (sympy.SympifyError, TypeError) as err:
        raise InvalidArgumentType("relation", relation, "a SymPy relation (Eq, <=, ...) or an expression equal to 0") from err
    if isinstance(expr, sympy.core.relational.Relational):
        return expr
    if not isinstance(expr, sympy.Expr):
        raise InvalidArgumentType("relation", relation, "a SymPy relation (Eq, <=, ...) or an expression equal to 0")
    return sympy.Eq(expr, 0, evaluate=False)


def _as_assumption(a, i: int):
    """A standing assumption as a SymPy object; strict: a str is never evaluated (it would run as code)."""
    try:
        expr = sympy.sympify(a, strict=True)
    except (sympy.SympifyError, TypeError) as err:
        raise InvalidArgumentType(f"assumptions[{i}]", a, "a SymPy relation (e.g. 0 < a)") from err
    if not isinstance(expr, sympy.Basic) or isinstance(expr, (str, bytes)):
        raise InvalidArgumentType(f"assumptions[{i}]", a, "a SymPy relation (e.g. 0 < a)")
    return expr


def _is_eq(rel) -> bool:
    return isinstance(rel, sympy.Equality)


def is_zero(expr) -> bool | None:
    """Whether a SymPy expression is identically zero: True, False, or None when SymPy cannot decide.

    True when one of ``doit``, ``expand``, ``cancel``, ``together`` or
    ``simplify`` reduces it to 0.  False needs a witness: a point (integer
    symbols in 0..5, other symbols rationals in (0, 1), the peaks' domain)
    where ``expr`` evaluates to a nonzero number.  The derivation checks and
    the claims decide their equalities with it; a string is refused, never parsed.

    >>> a = sympy.Symbol("a")
    >>> is_zero((a + 1)**2 - a**2 - 2*a - 1), is_zero(a - a**2)
    (True, False)
    """
    if isinstance(expr, str):
        raise InvalidArgumentType("expr", expr, "a SymPy expression or a number (strings are not parsed)")
    try:
        converted = sympy.sympify(expr, strict=True)
    except (sympy.SympifyError, TypeError, ValueError):
        converted = None
    if not isinstance(converted, sympy.Basic):  # a list or tuple sympifies to a Python container
        raise InvalidArgumentType("expr", expr, "a SymPy expression or a number")
    expr = converted
    try:
        done = expr.doit()
    except Exception:  # noqa: BLE001 - keep the unevaluated form
        done = expr
    transforms = (lambda e: e, sympy.expand, sympy.cancel, lambda e: sympy.expand(sympy.together(e)), sympy.simplify)
    for transform in transforms:
        try:
            e = transform(done)
        except Exception:  # noqa: BLE001 - a failed transform just tries the next one
            continue
        if e == 0:
            return True
    return False if _nonzero_witness(expr) is not None else None


def _nonzero_witness(expr, tries: int = 8, seed: int = 0):
    """A point where ``expr`` is a nonzero number, or None."""
    rng = random.Random(seed)
    for _ in range(tries):
        e = expr
        ints = sorted((a for a in e.free_symbols if isinstance(a, sympy.Symbol) and a.is_integer), key=str)
        point = {s: rng.randint(0, 5) for s in ints}
        try:
            e = e.subs(point).doit()
            others = sorted((a for a in e.atoms(sympy.Symbol, sympy.Indexed)
                             if not isinstance(a, sympy.IndexedBase)), key=str)
            values = {s: sympy.Rational(rng.randint(1, 999), 1000) for s in others}
            value = sympy.simplify(e.subs(values).doit())
        except Exception:  # noqa: BLE001 - no witness from this point
            continue
        if value.is_number and value.is_zero is False and value.is_finite:
            return {**point, **values}
    return None


def _peel(expr):
    """Rewrite sums/products whose upper limit is ``m + 1`` as the one up to ``m`` with the last term split off.

    This is how an induction step's recurrence is checked symbolically:
    ``Sum(f(k), (k, a, n + 1)) -> Sum(f(k), (k, a, n)) + f(n + 1)``.
    """

    def rewrite(e):
        if isinstance(e, (sympy.Sum, sympy.Product)) and len(e.limits) == 1:
            k, lo, hi = e.limits[0]
            if isinstance(hi, sympy.Add) and any(t.is_Integer and t > 0 for t in hi.args):
                last = e.function.subs(k, hi)
                shorter = type(e)(e.function, (k, lo, hi - 1))
                return shorter + last if isinstance(e, sympy.Sum) else shorter * last
        return e

    previous = None
    while previous != expr:
        previous, expr = expr, expr.replace(lambda e: isinstance(e, (sympy.Sum, sympy.Product)), rewrite)
    return expr


def _relation_difference(rel):
    """``lhs - rhs`` for an equation."""
    return rel.lhs - rel.rhs


def _decide_inequality(rel, assumptions) -> tuple[str, str]:
    """Decide ``rel`` (an inequality) under ``assumptions`` (relations); verdict and reason."""
    if isinstance(rel, (sympy.GreaterThan, sympy.StrictGreaterThan)):
        diff, strict = rel.lhs - rel.rhs, isinstance(rel, sympy.StrictGreaterThan)
    elif isinstance(rel, (sympy.LessThan, sympy.StrictLessThan)):
        diff, strict = rel.rhs - rel.lhs, isinstance(rel, sympy.StrictLessThan)
    else:
        return "inconclusive", f"cannot decide a relation of type {type(rel).__name__}"
    diff = sympy.factor(sympy.simplify(diff.doit()))
    for fact in assumptions:  # the inequality is one of the assumptions, rearranged
        if isinstance(fact, sympy.core.relational.Relational) and not isinstance(fact, (sympy.Eq, sympy.Ne)):
            g = fact.lhs - fact.rhs if isinstance(fact, (sympy.GreaterThan, sympy.StrictGreaterThan)) else fact.rhs - fact.lhs
            fact_strict = isinstance(fact, (sympy.StrictGreaterThan, sympy.StrictLessThan))
            if (fact_strict or not strict) and sympy.simplify(g - diff) == 0:
                return "verified", f"rhs - lhs = {diff}: this is the assumption {fact}"
    # First: parametrise each bounded quantity by a positive u (lo < v < hi: v = lo + (hi - lo)/(1 + u);
    # lo < v: v = lo + u; v < hi: v = hi - u) and let SymPy's sign rules decide (fast, and ask() knows
    # little about polynomials).  Open intervals: the conclusion is drawn for the interior.
    reps = {}
    for v, (lo, hi) in _bounds(assumptions).items():
        u = sympy.Dummy("u", positive=True)
        if lo is not None and hi is not None:
            reps[v] = lo + (hi - lo) / (1 + u)
        elif lo is not None:
            reps[v] = lo + u
        elif hi is not None:
            reps[v] = hi - u
    d = sympy.factor(sympy.simplify(diff.xreplace(reps)))
    answer = d.is_positive if strict else d.is_nonnegative
    if answer is False and not d.is_number:
        answer = None  # a sign rule said "not positive" for an expression: not a counterexample
    if answer is None:
        facts = sympy.And(*assumptions) if assumptions else True
        query = sympy.Q.positive(diff) if strict else sympy.Q.nonnegative(diff)
        try:
            answer = sympy.ask(query, facts)
        except Exception as err:  # noqa: BLE001 - SymPy's ask may not support a fact; say so
            return "inconclusive", f"SymPy's ask could not decide ({type(err).__name__})"
    if answer is True:
        return "verified", f"rhs - lhs = {diff} is {'positive' if strict else 'nonnegative'} under the assumptions"
    if answer is False:
        return "failed", f"rhs - lhs = {diff} is not {'positive' if strict else 'nonnegative'} under the assumptions"
    return "inconclusive", f"SymPy cannot decide the sign of {diff} under the assumptions"


def _bounds(assumptions) -> dict:
    """Symbol -> (lo, hi) from assumptions of the form ``lo < s``, ``s < hi`` (numbers only)."""
    out: dict = {}
    for rel in assumptions:
        if not isinstance(rel, sympy.core.relational.Relational) or isinstance(rel, (sympy.Eq, sympy.Ne)):
            continue
        lhs, rhs = rel.lhs, rel.rhs
        if isinstance(rel, (sympy.GreaterThan, sympy.StrictGreaterThan)):
            lhs, rhs = rhs, lhs  # now lhs <(=) rhs
        if lhs.is_number and not rhs.is_number:
            lo, hi = out.get(rhs, (None, None))
            out[rhs] = (lhs, hi)
        elif rhs.is_number and not lhs.is_number:
            lo, hi = out.get(lhs, (None, None))
            out[lhs] = (lo, rhs)
    return out


def _sample_check(rel, assumptions, n: int, seed: int) -> tuple[str, str]:
    """Substitute random rationals; 'failed' with the counterexample, else 'inconclusive'."""
    rng = random.Random(seed)
    bounds = _bounds(assumptions)
    expr = rel
    atoms = set()
    for e in (rel.lhs, rel.rhs) if isinstance(rel, sympy.core.relational.Relational) else (rel,):
        atoms |= {a for a in e.atoms(sympy.Symbol, sympy.Indexed) if not isinstance(a, sympy.IndexedBase)}
    ints = sorted((a for a in atoms if isinstance(a, sympy.Symbol) and a.is_integer), key=str)
    for trial in range(n):
        point = {s: rng.randint(0, 4) for s in ints}
        e = expr.subs(point).doit()
        reals = set()
        for side in (e.lhs, e.rhs) if isinstance(e, sympy.core.relational.Relational) else (e,):
            reals |= {a for a in sympy.sympify(side).atoms(sympy.Symbol, sympy.Indexed)
                      if not isinstance(a, sympy.IndexedBase) and not (isinstance(a, sympy.Symbol) and a.is_integer)}
        values = {}
        for s in sorted(reals, key=str):
            lo, hi = bounds.get(s, (None, None))
            lo = Fraction(0) if lo is None else Fraction(str(lo))
            hi = (lo + 1) if hi is None else Fraction(str(hi))
            t = Fraction(rng.randint(1, 999), 1000)
            values[s] = sympy.Rational(lo + (hi - lo) * t)
        value = e.subs(values)
        if isinstance(value, sympy.core.relational.Relational):
            value = value.func(sympy.simplify(value.lhs), sympy.simplify(value.rhs))
        if value is sympy.false or (value is not sympy.true and sympy.simplify(value) is sympy.false):
            return "failed", f"counterexample at {({**point, **values})}"
    return "inconclusive", f"random rational substitution: no counterexample in {n} samples (seed {seed}); sampling alone never verifies"


@dataclass(frozen=True)
class Step:
    """One step of a derivation: a relation, why it holds, and how the machine checks it.

    Parameters
    ----------
    relation : sympy relational or expression
        ``Eq(lhs, rhs)``, an inequality, or an expression asserted to be 0.
    justification : str
        Why the step holds, in words (rendered next to it).
    how : str
        One of `HOWS` (see the module docstring).
    label : str, optional
        A name later steps use in ``using``; by default the 1-based position.
    using : sequence, optional
        Earlier steps (labels or 1-based positions) or extra SymPy equations
        to substitute (``substitute``) or eliminate between (``eliminate``).
    eliminate, solve_for : sympy expression, optional
        ``eliminate``: the quantity eliminated, and the unknown the relation
        is solved for (default: the relation's left-hand side).
    index, base, recurrence : optional
        ``induction``: the integer symbol, the base value, and
        ``Eq(L(index + 1), G)`` where ``G`` may contain ``L(index)``; or the
        label of an earlier step holding that recurrence (e.g. a given law),
        which is then not re-checked.
    check : callable, optional
        ``exact``: returns ``bool`` or ``(bool, detail)``.
    assumptions : sequence of relations, optional
        Extra assumptions for this step (inequalities, sampling ranges).
    samples, seed : int
        Supplementary random rational substitution (``samples > 0``).

    >>> import sympy
    >>> x = sympy.Symbol("x")
    >>> Step(sympy.Eq((x + 1)**2 - x**2, 2*x + 1), "expand").how
    'simplify'
    """

    relation: object
    justification: str
    how: str = "simplify"
    label: str | None = None
    using: tuple = ()
    eliminate: object = None
    solve_for: object = None
    index: object = None
    base: object = None
    recurrence: object = None
    check: Callable | None = field(default=None, compare=False)
    assumptions: tuple = ()
    samples: int = 0
    seed: int = 0

    def __post_init__(self):
        object.__setattr__(self, "relation", _as_relation(self.relation))
        if not isinstance(self.justification, str):
            raise InvalidArgumentType("justification", self.justification, "a str")
        if not isinstance(self.how, str) or self.how not in HOWS:
            raise InvalidArgument("how", self.how, f"one of {HOWS}")
        object.__setattr__(self, "using", tuple(self.using))
        object.__setattr__(self, "assumptions", tuple(self.assumptions))
        if self.how == "exact" and not callable(self.check):
            raise InvalidArgument("check", self.check, "a callable returning bool or (bool, detail) for how='exact'")
        if self.how == "eliminate" and (self.eliminate is None or len(self.using) != 2):
            raise InvalidArgument("using/eliminate", (self.using, self.eliminate), "two earlier equations and the quantity to eliminate")
        if self.how == "induction" and (self.index is None or self.base is None or self.recurrence is None):
            raise InvalidArgument("index/base/recurrence", (self.index, self.base, self.recurrence), "all three for how='induction'")
        if not isinstance(self.samples, int) or self.samples < 0:
            raise InvalidArgument("samples", self.samples, "an int >= 0")

    def latex(self) -> str:
        """The relation in LaTeX, ASCII only (Unicode symbol names as LaTeX commands; pdflatex compiles it)."""
        return _tex_math_ascii(sympy.latex(self.relation))


@dataclass(frozen=True)
class StepResult:
    """The machine's verdict on one step."""

    position: int  #: 1-based
    label: str
    how: str
    verdict: str  #: one of STEP_VERDICTS
    detail: str


@dataclass(frozen=True)
class DerivationCheck:
    """Per-step results and the overall verdict of a derivation.

    ``verdict`` is ``verified`` when every checked step is verified, ``failed``
    when some step failed (`failed_steps` says which), else ``inconclusive``.
    """

    title: str
    results: tuple
    verdict: str

    @property
    def failed_steps(self) -> list:
        """The results of the steps that failed."""
        return [r for r in self.results if r.verdict == "failed"]

    def __str__(self):
        lines = [f"{self.title}: {self.verdict}"]
        lines += [f"  ({r.label}) {r.how}: {r.verdict} — {r.detail}" for r in self.results]
        return "\n".join(lines)


@dataclass(frozen=True)
class Derivation:
    """A titled, immutable sequence of machine-checked `Step` objects.

    Parameters
    ----------
    title : str
    steps : sequence of Step (or tuples ``(relation, justification, how, {options})``)
    assumptions : sequence of relations
        Standing assumptions (e.g. ``0 < a``, ``a < 1``) used by inequality
        steps and for sampling ranges.
    summary : str
        A sentence rendered under the title.

    Examples
    --------
    >>> import sympy
    >>> n = sympy.Symbol("n", integer=True, nonnegative=True)
    >>> k = sympy.Symbol("k", integer=True)
    >>> S = sympy.Sum(k, (k, 0, n))
    >>> d = Derivation("Gauss", [
    ...     Step(sympy.Eq(S, n*(n + 1)/2), "induction on n", how="induction", index=n, base=0,
    ...          recurrence=sympy.Eq(S.subs(n, n + 1), S + n + 1)),
    ... ])
    >>> d.check().verdict
    'verified'
    >>> d.then(sympy.Eq(S, n**2), "wrong", how="induction", index=n, base=0,
    ...        recurrence=sympy.Eq(S.subs(n, n + 1), S + n + 1)).check().failed_steps[0].position
    2
    """

    title: str
    steps: tuple = ()
    assumptions: tuple = ()
    summary: str = ""
    # The check's result, computed once (the object is immutable); not an __init__ argument, so
    # dataclasses.replace() gives a new derivation a fresh cache.
    _cache: dict = field(default_factory=dict, init=False, compare=False, repr=False, hash=False)

    def __post_init__(self):
        if not isinstance(self.title, str) or not self.title.strip():
            raise InvalidArgument("title", self.title, "a non-empty str")
        if isinstance(self.steps, (str, bytes)) or not isinstance(self.steps, Iterable):
            raise InvalidArgumentType("steps", self.steps, "a sequence of Step (or tuples)")
        steps = []
        for i, s in enumerate(self.steps):
            if isinstance(s, tuple):
                opts = s[3] if len(s) > 3 else {}
                s = Step(s[0], s[1], *(s[2:3]), **opts)
            if not isinstance(s, Step):
                raise InvalidArgumentType(f"steps[{i}]", s, "a Step or a tuple (relation, justification, how, options)")
            steps.append(s)
        labels = [s.label or str(i + 1) for i, s in enumerate(steps)]
        if len(set(labels)) != len(labels):
            raise InvalidArgument("steps", labels, "distinct step labels")
        object.__setattr__(self, "steps", tuple(steps))
        if isinstance(self.assumptions, (str, bytes)) or not isinstance(self.assumptions, Iterable):
            raise InvalidArgumentType("assumptions", self.assumptions, "a sequence of SymPy relations")
        object.__setattr__(self, "assumptions", tuple(_as_assumption(a, i) for i, a in enumerate(self.assumptions)))

    # -- friendly construction ----------------------------------------------
    def then(self, relation, justification: str, how: str = "simplify", **options) -> "Derivation":
        """A new derivation with one more step appended (this one is unchanged).

        >>> import sympy
        >>> x = sympy.Symbol("x")
        >>> d = Derivation("t").then(sympy.Eq(x * (x + 1), x**2 + x), "expand")
        >>> len(d.steps)
        1
        """
        step = Step(relation, justification, how, **options)
        return Derivation(self.title, self.steps + (step,), self.assumptions, self.summary)

    @property
    def labels(self) -> tuple:
        """The label of each step (its 1-based position when it has none)."""
        return tuple(s.label or str(i + 1) for i, s in enumerate(self.steps))

    # -- checking -----------------------------------------------------------
    def _lookup(self, ref, upto: int):
        if isinstance(ref, sympy.Basic):
            return _as_relation(ref)
        labels = self.labels
        pos = ref - 1 if isinstance(ref, int) else (labels.index(ref) if ref in labels else None)
        if pos is None or not (0 <= pos < upto):
            raise InvalidArgument("using", ref, f"a label or position of an earlier step (before step {upto + 1})")
        return self.steps[pos].relation

    def _check_step(self, pos: int) -> StepResult:
        step, label = self.steps[pos], self.labels[pos]
        assumptions = self.assumptions + step.assumptions
        try:
            verdict, detail = self._run(step, pos, assumptions)
        except Exception as err:  # noqa: BLE001 - a check that crashes proves nothing; report it
            verdict, detail = "inconclusive", f"the check raised {type(err).__name__}: {err}"
        if step.samples and verdict in ("verified", "inconclusive") and step.how != "sample":
            v2, d2 = _sample_check(step.relation, assumptions, step.samples, step.seed)
            if v2 == "failed":
                verdict, detail = "failed", f"{detail}; but sampling found a {d2}"
            else:
                detail = f"{detail}; supplementary: {d2.split(';')[0]}"
        return StepResult(pos + 1, label, step.how, verdict, detail)

    def _run(self, step: Step, pos: int, assumptions) -> tuple[str, str]:
        rel, how = step.relation, step.how
        if how == "given":
            return "given", "stated as a hypothesis or definition"
        if how == "exact":
            out = step.check()
            ok, detail = out if isinstance(out, tuple) else (out, "")
            return ("verified" if ok else "failed"), (detail or ("exact computation agrees" if ok else "exact computation disagrees"))
        if how == "sample":
            return _sample_check(rel, assumptions, step.samples or 20, step.seed)
        if how == "substitute":
            for ref in step.using:
                used = self._lookup(ref, pos)
                if not _is_eq(used):
                    raise InvalidArgument("using", ref, "an equation (Eq) to substitute")
                rel = rel.subs(used.lhs, used.rhs)
            how_text = f"after substituting {', '.join(map(str, step.using))}, "
        else:
            how_text = ""
        if how == "eliminate":
            first, second = (self._lookup(r, pos) for r in step.using)
            q = step.eliminate
            sols = sympy.solve(_relation_difference(first), q, dict=False)
            if not sols:
                return "inconclusive", f"cannot solve {step.using[0]} for {q}"
            target = step.solve_for if step.solve_for is not None else rel.lhs
            for sol in sols:
                reduced = sympy.simplify(_relation_difference(second).subs(q, sol))
                cands = sympy.solve(reduced, target, dict=False)
                if not cands:
                    return "inconclusive", f"cannot solve the eliminated relation {reduced} = 0 for {target}"
                for c in cands:
                    ok = is_zero(_relation_difference(rel).subs(target, c))
                    if ok is not True:
                        return ("failed" if ok is False else "inconclusive"), (
                            f"eliminating {q} gives {target} = {c}, which does not satisfy the relation")
            return "verified", f"eliminating {q} between {step.using[0]} and {step.using[1]} gives the relation"
        if how == "induction":
            n = step.index
            if not _is_eq(rel):
                raise InvalidArgument("relation", rel, "an equation L(n) = R(n) for how='induction'")
            base_diff = (rel.lhs - rel.rhs).subs(n, step.base)
            for ref in step.using:  # the base case may rest on earlier steps (e.g. a given initial value)
                used = self._lookup(ref, pos)
                base_diff = base_diff.subs(used.lhs, used.rhs)
            b = is_zero(base_diff)
            if b is not True:
                return ("failed" if b is False else "inconclusive"), f"base case {n} = {step.base}: lhs - rhs = {sympy.simplify(base_diff.doit())}"
            if isinstance(step.recurrence, (str, int)):
                # An earlier step (e.g. a given recurrence law): its own verdict stands for it.
                recurrence = self._lookup(step.recurrence, pos)
            else:
                recurrence = _as_relation(step.recurrence)
                if not _is_eq(recurrence):
                    raise InvalidArgument("recurrence", recurrence, "an unevaluated Eq(L(n + 1), G) (pass evaluate=False)")
                r = is_zero(_peel(_relation_difference(recurrence)))
                if r is not True:
                    return ("failed" if r is False else "inconclusive"), f"the recurrence {recurrence} is not established"
            if recurrence.lhs != rel.lhs.subs(n, n + 1):
                return "failed", f"the recurrence's left side is not the relation's left side at {n} + 1"
            stepped = recurrence.rhs.subs(rel.lhs, rel.rhs) - rel.rhs.subs(n, n + 1)
            s = is_zero(_peel(stepped))
            if s is not True:
                return ("failed" if s is False else "inconclusive"), f"induction step: R({n}+1) - G(R({n})) = {sympy.simplify(stepped)}"
            return "verified", f"base case {n} = {step.base} and the step {n} -> {n} + 1 checked symbolically"
        # simplify / substitute
        if isinstance(rel, sympy.logic.boolalg.BooleanAtom):
            return ("verified" if rel is sympy.true else "failed"), f"{how_text}the relation reduces to {rel}"
        if _is_eq(rel):
            diff = _relation_difference(rel)
            z = is_zero(diff)
            if z is True:
                return "verified", f"{how_text}lhs - rhs simplifies to 0"
            if z is False:
                return "failed", f"{how_text}lhs - rhs = {sympy.simplify(diff)} is not 0"
            return "inconclusive", f"{how_text}SymPy cannot reduce lhs - rhs = {sympy.simplify(diff)} to 0"
        verdict, detail = _decide_inequality(rel, assumptions)
        return verdict, how_text + detail

    def check(self) -> DerivationCheck:
        """Check every step (once; the result is cached) and return the per-step results and the verdict."""
        if "check" not in self._cache:
            results = tuple(self._check_step(i) for i in range(len(self.steps)))
            verdicts = {r.verdict for r in results}
            if "failed" in verdicts:
                overall = "failed"
            elif "inconclusive" in verdicts or not any(r.verdict == "verified" for r in results):
                overall = "inconclusive"
            else:
                overall = "verified"
            self._cache["check"] = DerivationCheck(self.title, results, overall)
        return self._cache["check"]

    @property
    def verdict(self) -> str:
        """The overall verdict (``verified``, ``failed`` or ``inconclusive``)."""
        return self.check().verdict

    # -- rendering ----------------------------------------------------------
    def __repr__(self):
        """Title, number of steps, and the verdict once checked (a repr never runs the check)."""
        n = len(self.steps)
        state = self._cache["check"].verdict if "check" in self._cache else "not checked yet: .check()"
        return f"<Derivation {self.title!r}: {n} step{'s' if n != 1 else ''}, {state}>"

    def __str__(self):
        res = self.check().results
        lines = [self.title]
        for step, r in zip(self.steps, res):
            rel = step.relation
            text = f"{rel.lhs} = {rel.rhs}" if _is_eq(rel) else str(rel)
            tag = r.how if r.verdict == "given" else f"{r.how}: {r.verdict}"
            lines.append(f"  ({r.label})  {text}    [{tag}] {step.justification}")
        lines.append(f"Verdict: {self.check().verdict}")
        return "\n".join(lines)

    def _repr_pretty_(self, printer, cycle):
        """IPython: the rendered derivation, checked once (cached), one step a line."""
        if cycle:
            printer.text(repr(self))
            return
        for i, line in enumerate(str(self).splitlines()):
            if i:
                printer.break_()
            printer.text(line)

    def _latex_rows(self):
        res = self.check().results
        return [(r, step) for step, r in zip(self.steps, res)]

    def to_latex(self) -> str:
        r"""A LaTeX fragment: the title, an ``align*`` of the steps with their justifications and verdicts.

        >>> import sympy
        >>> x = sympy.Symbol("x")
        >>> print(Derivation("t").then(sympy.Eq(x + x, 2*x, evaluate=False), "collect").to_latex())
        \textbf{t}
        \begin{align*}
        &\text{(1)}\quad 2 x = 2 x && \text{collect [simplify: verified]}
        \end{align*}
        \textit{Verdict: verified}
        """
        rows = [
            rf"&\text{{({_tex_text(r.label)})}}\quad {step.latex()} && \text{{{_tex_text(step.justification)} [{r.how}{'' if r.verdict == 'given' else ': ' + r.verdict}]}}"
            for r, step in self._latex_rows()
        ]
        body = " \\\\\n".join(rows)
        return f"\\textbf{{{_tex_text(self.title)}}}\n\\begin{{align*}}\n{body}\n\\end{{align*}}\n\\textit{{Verdict: {self.verdict}}}"

    def _repr_latex_(self):
        rows = [rf"&\text{{({_tex_text(r.label)})}}\quad {step.latex()} && \text{{[{r.verdict}]}}" for r, step in self._latex_rows()]
        return "$\\displaystyle \\begin{aligned}" + " \\\\ ".join(rows) + "\\end{aligned}$"

    def to_rst(self, *, heading: str | None = "-") -> str:
        """reStructuredText: title, summary, then each step as a math block with its justification and verdict.

        >>> import sympy
        >>> x = sympy.Symbol("x")
        >>> print(Derivation("t").then(sympy.Eq(x + x, 2*x, evaluate=False), "collect").to_rst(heading=None))
        **Step 1** — *simplify*: **verified**
        <BLANKLINE>
        .. math::
        <BLANKLINE>
           2 x = 2 x
        <BLANKLINE>
        collect
        <BLANKLINE>
        *(lhs - rhs simplifies to 0)*
        <BLANKLINE>
        **Verdict: verified**
        """
        out = []
        if heading:
            out += [self.title, heading * len(self.title), ""]
        if self.summary:
            out += [self.summary, ""]
        for r, step in self._latex_rows():
            name = f"Step {r.position}" + (f" ({r.label})" if step.label else "")
            verdict = "given" if r.verdict == "given" else f"**{r.verdict}**"
            out += [f"**{name}** — *{r.how}*: {verdict}", "", ".. math::", "", "   " + step.latex(), "",
                    _rst_text(step.justification), ""]
            if r.verdict != "given":
                out += [f"*({_rst_text(r.detail)})*", ""]
        out += [f"**Verdict: {self.verdict}**"]
        return "\n".join(out)


# Unicode that appears in justifications and symbol names, as LaTeX math commands.
_MATH_UNICODE = {
    "≤": r"\le", "≥": r"\ge", "≠": r"\ne", "≈": r"\approx", "≡": r"\equiv", "±": r"\pm", "∓": r"\mp",
    "·": r"\cdot", "×": r"\times", "→": r"\to", "←": r"\leftarrow", "⇒": r"\Rightarrow", "⇔": r"\Leftrightarrow",
    "↦": r"\mapsto", "∈": r"\in", "∉": r"\notin", "∞": r"\infty", "∑": r"\sum", "∏": r"\prod", "∫": r"\int",
    "∂": r"\partial", "∇": r"\nabla", "∀": r"\forall", "∃": r"\exists", "⊂": r"\subset", "⊆": r"\subseteq",
    "∪": r"\cup", "∩": r"\cap", "∅": r"\emptyset", "∘": r"\circ", "√": r"\surd", "⌊": r"\lfloor",
    "⌋": r"\rfloor", "⌈": r"\lceil", "⌉": r"\rceil", "⟨": r"\langle", "⟩": r"\rangle", "∧": r"\wedge",
    "∨": r"\vee", "¬": r"\neg", "⊥": r"\perp", "…": r"\ldots", "−": "-", "′": "'", "²": "^{2}", "³": "^{3}",
}
_GREEK_CAPITALS = {"Gamma", "Delta", "Theta", "Lambda", "Xi", "Pi", "Sigma", "Upsilon", "Phi", "Psi", "Omega"}
# Unicode with a text-mode spelling.
_TEXT_UNICODE = {"—": "---", "–": "--", "‘": "`", "’": "'", "“": "``", "”": "''", "§": r"\S{}", "\u00a0": "~"}
# A subscripted or superscripted symbol written in plain text: W_i, a_{i+1}, Σ_{n=i}^{N}, max_{k}.
_SCRIPTED = re.compile(r"(?<![A-Za-z0-9\\])([A-Za-z]|[\u0370-\u03ff∑∏]|[A-Za-z]+(?=[_^]\{))((?:[_^](?:\{[^{}]*\}|[A-Za-z0-9](?![A-Za-z0-9])))+)")


def _math_command(ch: str) -> str | None:
    """The LaTeX math command for a Unicode character, or None."""
    if ch in _MATH_UNICODE:
        return _MATH_UNICODE[ch]
    name = unicodedata.name(ch, "")
    if name.startswith("GREEK SMALL LETTER ") and len(name.split()) == 4:
        letter = name.split()[-1].lower().replace("lamda", "lambda")
        return "o" if letter == "omicron" else {"epsilon": r"\varepsilon", "phi": r"\varphi"}.get(letter, "\\" + letter)
    if name.startswith("GREEK CAPITAL LETTER ") and len(name.split()) == 4:
        letter = name.split()[-1].capitalize().replace("Lamda", "Lambda")
        return "\\" + letter if letter in _GREEK_CAPITALS else unicodedata.normalize("NFKD", ch).encode("ascii", "ignore").decode() or None
    return None


def _ascii_fallback(ch: str) -> str:
    """A character with no LaTeX spelling here: its ASCII base (é -> e), else its code point."""
    base = unicodedata.normalize("NFKD", ch).encode("ascii", "ignore").decode()
    return base or f"[U+{ord(ch):04X}]"


def _tex_math_ascii(tex: str) -> str:
    """Math-mode LaTeX with every non-ASCII character replaced by a command (pdflatex has none for raw Unicode in math)."""
    out = []
    for ch in tex:
        if ord(ch) < 128:
            out.append(ch)
            continue
        cmd = _math_command(ch)
        out.append(cmd + " " if cmd and cmd[0] == "\\" else cmd if cmd else r"\text{" + _escape_text(_ascii_fallback(ch)) + "}")
    return "".join(out)


def _escape_text(text: str) -> str:
    """ASCII text-mode LaTeX: special characters escaped, Unicode as commands (math ones in ``$...$``)."""
    table = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "_": r"\_", "%": r"\%", "&": r"\&", "#": r"\#", "$": r"\$",
             "^": r"\^{}", "~": r"\~{}"}
    out = []
    for ch in text:
        if ch in table:
            out.append(table[ch])
        elif ord(ch) < 128:
            out.append(ch)
        elif ch in _TEXT_UNICODE:
            out.append(_TEXT_UNICODE[ch])
        else:
            cmd = _math_command(ch)
            out.append(f"${cmd}$" if cmd else _ascii_fallback(ch))
    return "".join(out)


def _tex_text(text: str) -> str:
    """Plain text as LaTeX for ``\\text{...}``: ASCII only, ``W_i`` and ``a_{i+1}`` as inline math, the rest escaped.

    >>> _tex_text("T_{n+1} ≥ W_i — 50% of max_depth")
    '$T_{n+1}$ $\\\\ge$ $W_{i}$ --- 50\\\\% of max\\\\_depth'
    """
    out, pos = [], 0
    for m in _SCRIPTED.finditer(text):
        out.append(_escape_text(text[pos:m.start()]))
        base, scripts = m.group(1), m.group(2)
        base = _tex_math_ascii(base) if len(base) == 1 else r"\mathrm{" + base + "}"
        scripts = re.sub(r"([_^])([A-Za-z0-9])(?![^{]*\})", r"\1{\2}", scripts)  # W_i -> W_{i}
        out.append("$" + base.rstrip() + _tex_math_ascii(scripts) + "$")
        pos = m.end()
    out.append(_escape_text(text[pos:]))
    return "".join(out)


def _rst_text(text: str) -> str:
    """Escape characters that reST would read as markup inside running text."""
    for ch in ("\\", "*", "`", "|", "_"):
        text = text.replace(ch, "\\" + ch)
    return " ".join(text.split())
