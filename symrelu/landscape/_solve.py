"""Solving one sign case: every critical family, one per set ``N`` of units with a nonzero output weight.

Let ``A_i`` be unit ``i``'s on-points and ``N`` the live units whose output
weight is nonzero.  With ``p_i = o_i w_i`` and ``q_i = o_i b_i`` the outputs are
linear in ``(c, p, q)``; the critical outputs are the weighted projection
``v* = proj_{V_N} y``, and the critical set is the affine space
``M (c, p, q) = v*`` lifted by ``w_i = p_i / o_i``, ``b_i = q_i / o_i`` with
``o_i != 0`` free.  A live unit with ``o_i = 0`` adds the linear condition
``sum_{k in A_i} m_k r*_k z_ik = 0``.  The feasibility of each family's sign
constraints is decided exactly (`symrelu.polyhedra`), split by the signs of the
nonzero ``o_i``.
"""

from __future__ import annotations

import itertools
from fractions import Fraction
from types import MappingProxyType

import sympy as sp

from ..polyhedra import dimension as polyhedron_dimension
from ..polyhedra import feasible_point, implicit_equalities
from ._classify import classify
from ._exact import rational, rref_consistent
from ._result import CriticalFamily

__all__ = ["solve_case", "FamilySolver"]


def solve_case(problem, case):
    """Yield every critical family inside ``case`` (one per feasible choice of ``N``)."""
    a = problem.architecture
    live = case.live
    optional = live if a.output_weights else ()
    fixed_n = () if a.output_weights else live
    for size in range(len(optional) + 1):
        for chosen in itertools.combinations(optional, size):
            N = tuple(sorted(set(chosen) | set(fixed_n)))
            fam = FamilySolver(problem, case, N).family()
            if fam is not None:
                yield fam


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
        rows, piv = rref_consistent(G, n)
        theta = [Fraction(0)] * n  # a particular solution (free coordinates 0)
        for row, col in zip(rows, piv):
            theta[col] = row[-1]
        v = [sum(theta[j] * cols[j][2][k] for j in range(n)) for k in range(K)]
    r = [vk - yk for vk, yk in zip(v, y)]
    return v, r


class FamilySolver:
    """The critical family of one sign case and one set ``N`` of units with ``o_i != 0``.

    Construction computes the linear part: the columns of ``M``, the projection
    ``v*`` and residual ``r*``, the condition ``g_i`` on each live unit with
    ``o_i = 0``, and the affine parametrisation of ``M theta = v*`` by its free
    coordinates.  `family` decides the sign constraints, builds the equations,
    the solved form and a sample point, and classifies the family.
    """

    def __init__(self, problem, case, N):
        self.problem, self.case, self.N = problem, case, N
        a = self.arch = problem.architecture
        K = len(problem.points)
        self.cols = _linear_columns(problem, case, N)
        self.v_star, self.r_star = _projection(problem, self.cols)
        self.zero_o = tuple(i for i in case.live if i not in N)
        # linear condition on (w_i, b_i) of live units with o_i = 0: sum_k m r* z_ik = 0
        self.g = {}
        for i in self.zero_o:
            gw = self.dot([x if case.on[i][k] else 0 for k, x in enumerate(problem.points)])
            gb = self.dot([1 if case.on[i][k] else 0 for k in range(K)]) if a.hidden_bias else Fraction(0)
            self.g[i] = (gw, gb)
        # affine space M theta = v*: RREF and null space
        n = self.n = len(self.cols)
        self.rows, self.piv = rref_consistent([[self.cols[j][2][k] for j in range(n)] + [self.v_star[k]]
                                               for k in range(K)], n)
        self.free = [j for j in range(n) if j not in self.piv]
        self.lin = self._parametrisation()
        self.col_index = {(name, i): j for j, (name, i, _) in enumerate(self.cols)}
        self.others = [i for i in range(a.width) if i not in N]

    # -- the linear part -------------------------------------------------------
    def dot(self, f):
        """``<r*, f>_m``: the weighted inner product of the residual with a feature."""
        return sum(m * r * x for m, r, x in zip(self.problem.weights, self.r_star, f))

    def unit_features(self, i):
        """Unit ``i``'s features over the points: ``1_{A_i} x`` and (with hidden biases) ``1_{A_i}``."""
        case, points = self.case, self.problem.points
        feats = [[x if case.on[i][k] else Fraction(0) for k, x in enumerate(points)]]
        if self.arch.hidden_bias:
            feats.append([Fraction(1) if case.on[i][k] else Fraction(0) for k in range(len(points))])
        return feats

    def _parametrisation(self):
        """Each theta_j as an affine form over the free coordinates: ``(coeffs over free, const)``."""
        out = []
        for j in range(self.n):
            if j in self.free:
                out.append(([Fraction(1) if f == j else Fraction(0) for f in self.free], Fraction(0)))
            else:
                row = self.rows[self.piv.index(j)]
                out.append(([-row[f] for f in self.free], row[-1]))
        return out

    def z_form(self, i, x):
        """``o_i z_i(x)`` as an affine form over the free coordinates."""
        coeffs = [Fraction(0)] * len(self.free)
        const = Fraction(0)
        for name, scale in (("p", x), ("q", 1)):
            j = self.col_index.get((name, i))
            if j is None:
                continue
            coeffs = [c + scale * d for c, d in zip(coeffs, self.lin[j][0])]
            const += scale * self.lin[j][1]
        return coeffs, const

    # -- sign constraints ------------------------------------------------------
    def unit_constraints(self, i, sigma, form, strict_all):
        """Unit ``i``'s sign constraints (times ``sigma``) with its pre-activation given by ``form(x)``."""
        cons = []
        for k, x in enumerate(self.problem.points):
            coeffs, const = form(x)
            s = sigma if self.case.on[i][k] else -sigma
            strict = (not self.case.on[i][k]) if self.problem.theta0 == 1 else self.case.on[i][k]
            if strict_all:
                strict = True
            cons.append(([s * c for c in coeffs], s * const, strict))
        return cons

    def _signs(self):
        return itertools.product((1, -1), repeat=len(self.N)) if self.arch.output_weights else [(1,) * len(self.N)]

    def _block(self, sigma, strict_all):
        cons = []
        for i, s in zip(self.N, sigma):
            cons += self.unit_constraints(i, s, lambda x, i=i: self.z_form(i, x), strict_all)
        return cons

    def feasible_blocks(self):
        """Yield ``(sigma, None, constraints)`` for every feasible sign pattern of the ``o_i``, ``i`` in ``N``."""
        for sigma in self._signs():
            cons = self._block(sigma, False)
            if feasible_point(cons, len(self.free)) is not None:
                yield sigma, None, cons

    def solve_block(self, strict_all):
        """The first feasible ``(sigma, point, constraints)`` over the free coordinates, or None."""
        for sigma in self._signs():
            cons = self._block(sigma, strict_all)
            pt = feasible_point(cons, len(self.free))
            if pt is not None:
                return sigma, pt, cons
        return None

    def _unit_form(self, x):  # z_i(x) = w_i x + b_i in the variables (w_i, b_i)
        return [x, Fraction(1) if self.arch.hidden_bias else Fraction(0)], Fraction(0)

    def solve_unit(self, i, strict_all):
        """A point ``(w_i, b_i)`` of a unit outside ``N`` and its constraints, or None."""
        cons = self.unit_constraints(i, 1, self._unit_form, strict_all)
        if i in self.g and self.g[i] != (0, 0):
            gw, gb = self.g[i]
            cons += [([gw, gb], Fraction(0), False), ([-gw, -gb], Fraction(0), False)]
        if not self.arch.hidden_bias:  # b_i is not a parameter: pin it to 0
            cons += [([0, 1], Fraction(0), False), ([0, -1], Fraction(0), False)]
        pt = feasible_point(cons, 2)
        return None if pt is None else (pt, cons)

    def unit_is_open(self, i):
        """Whether unit ``i``'s sign pattern is full-dimensional in ``(w_i, b_i)`` (its tangent cones span the plane)."""
        cons = self.unit_constraints(i, 1, self._unit_form, True)
        if not self.arch.hidden_bias:
            return feasible_point([(c[:1], k, st) for c, k, st in cons], 1) is not None
        return feasible_point(cons, 2) is not None

    def boundary_dimension(self, unit_constraints):
        """The family's dimension from the implicit equalities of its polyhedra (+ rescalings)."""
        a = self.arch
        d = (max(polyhedron_dimension(b[2], len(self.free)) for b in self.feasible_blocks())
             + (len(self.N) if a.output_weights else 0))
        for i in self.others:
            d += polyhedron_dimension(unit_constraints[i], 2)
            if a.output_weights and i not in self.case.live:
                d += 1
        return d

    # -- the family --------------------------------------------------------------
    def family(self):
        """The `CriticalFamily` of this ``(case, N)``, or None when its sign constraints are infeasible."""
        problem, case, N, a = self.problem, self.case, self.N, self.arch
        block = self.solve_block(False)
        if block is None:
            return None
        unit_pts = {}
        for i in self.others:
            pt = self.solve_unit(i, False)
            if pt is None:
                return None
            unit_pts[i] = pt
        inner = self.solve_block(True)
        interior = inner is not None and all(self.solve_unit(i, True) is not None for i in self.others)
        if interior:
            block = inner
            unit_pts = {i: self.solve_unit(i, True) for i in self.others}
        sigma, t, _ = block
        unit_cons = {i: v[1] for i, v in unit_pts.items()}
        unit_pts = {i: v[0] for i, v in unit_pts.items()}
        sample = self._sample(sigma, t, unit_pts)
        equations, solution = self._solved_form(interior, unit_cons)
        conditions = tuple(sp.Ne(a.o[i], 0) for i in N if a.output_weights) + case.constraints
        loss = sum(m * r * r for m, r in zip(problem.weights, self.r_star))
        # dimension of the generic part: free linear coordinates + one rescaling per unit of N,
        # + 2 per dead unit / live unit with o=0 (minus its condition), + o_i of dead units
        dim = len(a.parameters) - len(equations)
        kind, note, dim = classify(self, interior=interior, dimension=dim, sample=sample, unit_constraints=unit_cons)
        return CriticalFamily(
            case=case, nonzero_outputs=N, equations=tuple(equations), solution=MappingProxyType(solution),
            conditions=conditions,
            outputs=tuple(rational(v) for v in self.v_star), loss=rational(loss), kind=kind, kind_note=note,
            interior=interior, dimension=dim, sample=MappingProxyType(sample), orbit="", theta0=problem.theta0,
        )

    def _sample(self, sigma, t, unit_pts):
        a, N = self.arch, self.N
        theta = [sum(c * tv for c, tv in zip(self.lin[j][0], t)) + self.lin[j][1] for j in range(self.n)]
        sample = {}
        for i in range(a.width):
            if i in N:
                o = Fraction(sigma[N.index(i)])
                p = theta[self.col_index[("p", i)]]
                q = theta[self.col_index[("q", i)]] if a.hidden_bias else Fraction(0)
                vals = (p / o, q / o, o)
            else:
                w, b = unit_pts[i]
                vals = (w, b, Fraction(0) if i in self.case.live else Fraction(1))
            sample[a.w[i]] = rational(vals[0])
            if a.hidden_bias:
                sample[a.b[i]] = rational(vals[1])
            if a.output_weights:
                sample[a.o[i]] = rational(vals[2])
        if a.output_bias:
            sample[a.c] = rational(theta[self.col_index[("c", None)]])
        return sample

    def _symbol(self, j):
        name, i = self.cols[j][0], self.cols[j][1]
        a = self.arch
        if name == "c":
            return a.c
        return a.o[i] * (a.w[i] if name == "p" else a.b[i])

    def _solved_form(self, interior, unit_cons):
        a, n = self.arch, self.n
        equations, solution = [], {}
        for row, col in zip(self.rows, self.piv):
            lhs = sum((rational(row[j]) * self._symbol(j) for j in range(n) if row[j] != 0), sp.S.Zero)
            equations.append(sp.Eq(lhs, rational(row[-1])))
            name, i = self.cols[col][0], self.cols[col][1]
            rest = rational(row[-1]) - sum((rational(row[j]) * self._symbol(j) for j in range(n)
                                            if j != col and row[j] != 0), sp.S.Zero)
            if name == "c":
                solution[a.c] = sp.expand(rest)
            else:
                target = a.w[i] if name == "p" else a.b[i]
                solution[target] = sp.together(rest / a.o[i]) if a.output_weights else sp.expand(rest)
        for i in self.others:
            if i in self.zero_o:
                equations.append(sp.Eq(a.o[i], 0))
                solution[a.o[i]] = sp.S.Zero
            # linear equations on (w_i, b_i): the o_i = 0 condition, and on a sign boundary the
            # implicit equalities of the unit's sign constraints; solved for b_i first
            rows = []
            if i in self.g and self.g[i] != (0, 0):
                rows.append([self.g[i][1], self.g[i][0], Fraction(0)])
            if not interior:
                rows += [[r[1], r[0], -r[2]] for r in implicit_equalities(unit_cons[i], 2)]
            if not a.hidden_bias:
                rows = [[0, r[1], r[2]] for r in rows]
            rows, piv = rref_consistent(rows, 2) if rows else ([], [])
            for row, col in zip(rows, piv):
                lhs = rational(row[0]) * a.b[i] + rational(row[1]) * a.w[i]
                equations.append(sp.Eq(lhs, rational(row[2])))
                target, other = (a.b[i], a.w[i]) if col == 0 else (a.w[i], a.b[i])
                coeff_other = rational(row[1]) if col == 0 else rational(row[0])
                solution[target] = sp.expand(rational(row[2]) - coeff_other * other) if col == 0 else rational(row[2])
        return equations, solution
