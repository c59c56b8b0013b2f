"""Classifying a critical family (minimum, saddle, undecided) and certifying that it is critical.

Classification at the family's interior points, where no ``z_ik`` is 0 and the
loss is a polynomial nearby: a *minimum* when the residual ``r*`` is
``m``-orthogonal to every feature the case can produce, otherwise a *saddle*
(a second-order descent direction mixing ``o_i`` with ``(w_i, b_i)`` of a unit
with ``o_i = 0``).  A family with no interior point lies on a sign boundary,
where the loss is not differentiable: *undecided*, except a single point at
which an exact one-sided line search finds a descent direction (a *saddle*).
"""

from __future__ import annotations

from fractions import Fraction

import sympy as sp

from ..errors import CertificationError, InvalidArgumentType
from ._exact import rational

__all__ = ["classify", "check_family"]


def classify(solver, *, interior: bool, dimension: int, sample: dict, unit_constraints: dict) -> tuple:
    """``(kind, note, dimension)`` of the family a `~symrelu.landscape._solve.FamilySolver` found.

    ``dimension`` is the generic count (parameters minus equations); on a sign
    boundary it is recomputed from the implicit equalities of the family's
    polyhedra (``unit_constraints``: unit -> its (w_i, b_i) constraints).
    """
    problem = solver.problem
    escaping = [i for i in solver.zero_o
                if any(solver.dot(f) != 0 for f in solver.unit_features(i))
                and solver.unit_is_open(i)]
    if escaping:
        # o_i = eps and (w_i, b_i) moved inside the case's (full-dimensional) cone change the
        # loss by 2 eps <r*, 1_A (dw x + db)> + O(eps^2): a descent direction at every point
        kind, note = "saddle", (f"unit {escaping[0] + 1} has o = 0 and the residual is not orthogonal to its "
                                "features: a second-order descent direction at every point of the family")
        if not interior:
            dimension = solver.boundary_dimension(unit_constraints)
    elif interior:
        kind, note = "minimum", ("the residual is orthogonal to every feature of the case: a (non-strict) "
                                 "local minimum at the family's interior points")
    else:
        dimension = solver.boundary_dimension(unit_constraints)
        descent = _boundary_descent(problem, sample)
        if descent is not None and dimension == 0:
            kind, note = "saddle", f"single point on a sign boundary; the loss decreases along {descent}"
        else:
            kind, note = "undecided", ("family lies on a sign boundary (the loss is not differentiable there)"
                                       + (f"; at the sample point the loss decreases along {descent}" if descent else ""))
    return kind, note, dimension


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


def check_family(problem, fam) -> None:
    """Certify that ``fam`` is critical, or raise `~symrelu.errors.CertificationError`.

    Its solved form must zero the case's gradient identically (exact
    rational-function arithmetic), and its sample point satisfy the gradient
    equations, the family's equations and the case's sign constraints.

    >>> from symrelu.landscape import two_point_problem
    >>> p = two_point_problem()
    >>> check_family(p, p.enumerate()[0])
    """
    from ._result import CriticalFamily

    if not getattr(problem, "_is_landscape_problem", False):  # _problem imports this module
        raise InvalidArgumentType("problem", problem, "a LandscapeProblem")
    if not isinstance(fam, CriticalFamily):
        raise InvalidArgumentType("fam", fam, "a CriticalFamily (an element of problem.enumerate())")
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
    point = [rational(fam.sample[s]) for s in params]
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
