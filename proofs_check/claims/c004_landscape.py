"""Claims of the dissertation (004) on critical points of tiny ReLU networks: §3.3.3 and §3.4.1, Table 3.2.

Every check recomputes with `symrelu.landscape` (exact enumeration over the
activation-sign cases, eq. 3.16's convention theta(0) = 0 unless the printed
statement itself uses the other one) and compares with the printed statement
given as data.
"""

from __future__ import annotations

import functools

import numpy as np
import sympy as sp

from proofs_check.claim import Correction, Reading, from_readings, inconclusive, refuted, verified
from proofs_check.registry import claim_sheet
from symrelu.landscape import two_point_problem, xor_problem
from symrelu.polyhedra import feasible_point
from symrelu.landscape.dissertation import TABLE_3_2, row_case_label, row_solution

sheet = claim_sheet(__file__)


theta = sp.Function("theta")
a_, b_ = sp.symbols("a b", real=True)
W1, B = sp.Symbol("w1", real=True), sp.Symbol("c", real=True)  # the library's names for a and b
w1, w2, b1, b2, o1, o2, c = sp.symbols("w1 w2 b1 b2 o1 o2 c", real=True)
M = sp.Max


@functools.lru_cache(maxsize=None)
def _problem(name, theta0=0):
    return (two_point_problem if name == "two-point" else xor_problem)(theta0=theta0)


@functools.lru_cache(maxsize=None)
def _landscape(name, theta0=0):
    return _problem(name, theta0).enumerate()


def _ab(expr):
    """Printed two-point symbols (a, b) -> the library's (w1, c)."""
    return sp.sympify(expr).subs({a_: W1, b_: B}, simultaneous=True)


def _scale(expr, factor):
    return {k: sp.expand(factor * v) for k, v in expr.items()} if isinstance(expr, dict) else sp.expand(factor * expr)


def _rel_constraint(rel, params):
    """A linear relational in the parameters -> list of FM constraints (coeffs, const, strict)."""
    e = sp.expand(rel.lhs - rel.rhs)
    poly = sp.Poly(e, *params)
    coeffs = [poly.coeff_monomial(p) for p in params]
    const = poly.coeff_monomial(1)
    if poly.total_degree() > 1:
        raise ValueError(f"{rel} is not linear")
    co = [sp.Rational(x) for x in coeffs]
    k = sp.Rational(const)
    if isinstance(rel, sp.StrictGreaterThan):
        return [(co, k, True)]
    if isinstance(rel, sp.GreaterThan):
        return [(co, k, False)]
    if isinstance(rel, sp.StrictLessThan):
        return [([-x for x in co], -k, True)]
    if isinstance(rel, sp.LessThan):
        return [([-x for x in co], -k, False)]
    if isinstance(rel, sp.Equality):
        return [(co, k, False), ([-x for x in co], -k, False)]
    raise ValueError(f"unsupported relation {rel}")


def _case_within(problem, case, region):
    """True when every point of ``case`` satisfies the linear relation ``region``."""
    params = list(problem.architecture.parameters)
    cons = []
    for rel in case.constraints:
        cons += _rel_constraint(rel, params)
    # negation of the region: some point of the case outside it
    for neg in _negations(region):
        if feasible_point(cons + _rel_constraint(neg, params), len(params)) is not None:  # takes SymPy rationals
            return False
    return True


def _negations(rel):
    e = rel.lhs - rel.rhs
    if isinstance(rel, sp.StrictGreaterThan):
        return [sp.LessThan(e, 0)]
    if isinstance(rel, sp.GreaterThan):
        return [sp.StrictLessThan(e, 0)]
    if isinstance(rel, sp.StrictLessThan):
        return [sp.GreaterThan(e, 0)]
    if isinstance(rel, sp.LessThan):
        return [sp.StrictGreaterThan(e, 0)]
    if isinstance(rel, sp.Equality):
        return [sp.StrictGreaterThan(e, 0), sp.StrictLessThan(e, 0)]
    raise ValueError(f"unsupported relation {rel}")


# ---------------------------------------------------------------------------
# the two-point problem, eqs. 3.12-3.23
# ---------------------------------------------------------------------------
def _compare_piecewise_gradient(data, param, problem_name, flow_sign=1):
    """Compare a printed (Max/theta) formula with the case gradient, case by case."""
    problem = _problem(problem_name)
    bad = []
    for case in problem.cases():
        grad = problem.gradient(case)[param]
        printed = problem.restrict(data, case)
        if sp.expand((printed - flow_sign * grad).subs(problem.case_equalities(case))) != 0:
            bad.append((case.label(), printed, flow_sign * grad))
    return bad


def _check_gradient(data, param, name, found):
    bad = _compare_piecewise_gradient(_ab(data), param, "two-point")
    if not bad:
        return verified(f"equals {name} in each of the 3 feasible sign cases{found}")
    return refuted(f"differs from {name} in cases {bad}", counterexample=bad[0])


# The two-point problem's gradient as printed (eqs. 3.14, 3.15), each compared case by case.
sheet.table(
    [
        dict(id="004/equation-3.14",
             data=2 * (-b_ - M(0, -a_) - 1) * theta(-a_) - 2 * (-b_ - M(0, a_) + 1) * theta(a_),
             perturb=lambda d: d.subs(theta(-a_), 2 * theta(-a_)),
             check=functools.partial(_check_gradient, param=W1, name="dL/da",
                                     found=" (a > 0, a < 0, a = 0) with theta(0) = 0")),
        dict(id="004/equation-3.15", data=4 * b_ + 2 * M(0, -a_) + 2 * M(0, a_), perturb=lambda d: d + 2 * M(0, a_),
             check=functools.partial(_check_gradient, param=B, name="dL/db", found="")),
    ],
)


def _check_cases_formula(data, param):
    """data: list of (region relational in a, formula in a, b); each sign case must lie in a region whose formula is its gradient."""
    problem = _problem("two-point")
    regions = [(_ab(r), _ab(f)) for r, f in data]
    bad = []
    for case in problem.cases():
        grad = problem.gradient(case)[param]
        hits = [(r, f) for r, f in regions if _case_within(problem, case, r)]
        if not hits:
            bad.append((case.label(), "no printed region contains the case", grad))
        for r, f in hits:
            if sp.expand((f - grad).subs(problem.case_equalities(case))) != 0:
                # a concrete point of the case where the formulas differ
                sample = {W1: 0} if case.label() == "--" else {W1: 1 if case.label() == "-+" else -1}
                pt = {**sample, B: 0}
                bad.append((case.label(), r, f"printed {f.subs(pt)} vs {grad.subs(pt)} at (a, b) = "
                                             f"({pt[W1]}, {pt[B]})"))
    return bad


_CASES_317 = [(a_ > 0, 2 * a_ + 2 * b_ - 2), (a_ <= 0, 2 * a_ - 2 * b_ - 2)]
_CASES_317_FIX = [(a_ > 0, 2 * a_ + 2 * b_ - 2), (a_ < 0, 2 * a_ - 2 * b_ - 2), (sp.Eq(a_, 0), sp.S.Zero)]


def _perturb_cases(d):
    return [(r, f + (a_ if i == 0 else 0)) for i, (r, f) in enumerate(d)]


@sheet.claim("004/equation-3.17", data=_CASES_317, perturb=_perturb_cases)
def check_equation_3_17(data):
    bad = _check_cases_formula(data, W1)
    if not bad:
        return verified("each sign case (a > 0, a < 0, a = 0) lies in a printed region whose formula is dL/da there")
    return refuted(
        f"not equivalent to eq. 3.14 with theta(0) = 0: {bad}",
        counterexample=bad[0],
        correction=Correction(
            r"$\partial L/\partial a = 2a + 2b - 2$ for $a > 0$, $2a - 2b - 2$ for $a < 0$, and $0$ at $a = 0$ "
            r"(where $\theta(0) = 0$ switches both terms of eq. 3.14 off)", _CASES_317_FIX),
    )


@sheet.claim("004/equation-3.18", data=[(a_ > 0, 2 * a_ + 4 * b_), (a_ <= 0, -2 * a_ + 4 * b_)],
             perturb=_perturb_cases)
def check_equation_3_18(data):
    bad = _check_cases_formula(data, B)
    if not bad:
        return verified("each sign case lies in a printed region whose formula is dL/db there")
    return refuted(f"differs: {bad}", counterexample=bad[0])


def _points_by_region(data_regions):
    """Critical points of the two-point problem grouped by the printed regions."""
    problem = _problem("two-point")
    land = _landscape("two-point")
    out = {}
    for name, rel in data_regions.items():
        pts = set()
        for f in land:
            if _case_within(problem, f.case, _ab(rel)):
                if f.dimension != 0:
                    return None, f"family {f!r} is not a point"
                pts.add((f.sample[W1], f.sample[B]))
        out[name] = pts
    return out, None


_REGIONS_323 = {"a > 0": a_ > 0, "a <= 0": a_ <= 0}


@sheet.claim("004/equation-3.13", data=(-1 - (M(-a_, 0) + b_)) ** 2 + (1 - (M(a_, 0) + b_)) ** 2,
             perturb=lambda d: d + (1 - (M(a_, 0) + b_)) ** 2)
def check_equation_3_13(data):
    problem = _problem("two-point")
    bad = [case.label() for case in problem.cases(prune=False)
           if sp.expand((problem.restrict(_ab(data), case) - problem.case_loss(case))
                        .subs(problem.case_equalities(case) if case.feasible else {})) != 0]
    if not bad:
        return verified("equals the squared loss of the library's two-point problem in every sign case")
    return refuted(f"differs in cases {bad}", counterexample=bad[0])


@sheet.claim("004/equation-3.23", data={"regions": _REGIONS_323, "points": {"a > 0": {(2, -1)}, "a <= 0": {(-4, 2)}}},
             perturb=lambda d: {**d, "points": {k: {(x + 1, y) for x, y in v} for k, v in d["points"].items()}})
def check_equation_3_23(data):
    found, err = _points_by_region(data["regions"])
    if err:
        return inconclusive(err)
    printed = {k: {(sp.Rational(x), sp.Rational(y)) for x, y in v} for k, v in data["points"].items()}
    if found == printed:
        return verified(f"the zeros of the theta(0)=0 gradient are {found}")
    wrong = {k: sorted(printed[k] - found[k]) for k in printed if printed[k] != found[k]}
    grads = {}
    full = _problem("two-point")
    for k, pts in wrong.items():
        for pa, pb in pts:
            case = full.case_of({W1: pa})
            g = full.gradient(case)
            grads[(pa, pb)] = (g[W1].subs({W1: pa, B: pb}), g[B].subs({W1: pa, B: pb}))
    land = _landscape("two-point")
    notes = "; ".join(f"({f.sample[W1]}, {f.sample[B]}): loss {f.loss}, {f.kind}" for f in land)
    return refuted(
        f"the zeros of the gradient are {found}, not {printed}; gradient (dL/da, dL/db) at the printed points: "
        f"{grads}; the a < 0 system 2a-2b-2 = -2a+4b = 0 has the single solution (2, 1), outside a < 0. {notes}",
        counterexample={"printed point": next(iter(grads)), "gradient there": next(iter(grads.values()))},
        correction=Correction(
            r"When $a > 0$ the only zero is $(a,b) = (2,-1)$ (loss 0, the minimum). When $a \le 0$ the only zero "
            r"of the $\theta(0)=0$ gradient is $(0, 0)$, on the boundary $a = 0$ (loss 2, not a minimum: the loss "
            r"decreases for $a > 0$); there is none with $a < 0$.",
            {"regions": _REGIONS_323, "points": {"a > 0": {(2, -1)}, "a <= 0": {(0, 0)}}}),
    )


# ---------------------------------------------------------------------------
# XOR, eqs. 3.24-3.25 and the displayed system
# ---------------------------------------------------------------------------
def _vm(x):  # printed shorthand: -c - o1 max(0, b1 + x w1) - o2 max(0, b2 + x w2)
    return -c - o1 * M(0, b1 + x * w1) - o2 * M(0, b2 + x * w2)


_XOR_LOSS = (-1 - (o1 * M(w1 * -1 + b1, 0) + o2 * M(w2 * -1 + b2, 0) + c)) ** 2 \
    + 2 * (1 - (o1 * M(b1, 0) + o2 * M(b2, 0) + c)) ** 2 \
    + (-1 - (o1 * M(w1 + b1, 0) + o2 * M(w2 + b2, 0) + c)) ** 2


@sheet.claim("004/equation-3.25", data=_XOR_LOSS, perturb=lambda d: d.subs(sp.Integer(2), sp.Integer(3)))
def check_equation_3_25(data):
    problem = _problem("xor")
    bad = [case.label() for case in problem.cases(prune=False)
           if sp.expand(problem.restrict(data, case) - problem.case_loss(case)) != 0]
    if not bad:
        return verified("equals the weighted squared loss in all 64 sign cases")
    return refuted(f"differs in cases {bad}", counterexample=bad[0])


_XOR_FLOW = {
    w1: 2 * o1 * (_vm(-1) - 1) * theta(b1 - w1) - 2 * o1 * (_vm(1) - 1) * theta(b1 + w1),
    w2: 2 * o2 * (_vm(-1) - 1) * theta(b2 - w2) - 2 * o2 * (_vm(1) - 1) * theta(b2 + w2),
    o1: -4 * (_vm(0) + 1) * M(0, b1) - 2 * (_vm(-1) - 1) * M(0, b1 - w1) - 2 * (_vm(1) - 1) * M(0, b1 + w1),
    o2: -4 * (_vm(0) + 1) * M(0, b2) - 2 * (_vm(-1) - 1) * M(0, b2 - w2) - 2 * (_vm(1) - 1) * M(0, b2 + w2),
    b1: -4 * o1 * (_vm(0) + 1) * theta(b1) - 2 * o1 * (_vm(-1) - 1) * theta(b1 - w1)
        - 2 * o1 * (_vm(1) - 1) * theta(b1 + w1),
    b2: -4 * o2 * (_vm(0) + 1) * theta(b2) - 2 * o2 * (_vm(-1) - 1) * theta(b2 - w2)
        - 2 * o2 * (_vm(1) - 1) * theta(b2 + w2),
    c: 8 * c + 4 * o1 * M(0, b1) + 2 * o1 * M(0, b1 - w1) + 2 * o1 * M(0, b1 + w1)
       + 4 * o2 * M(0, b2) + 2 * o2 * M(0, b2 - w2) + 2 * o2 * M(0, b2 + w2),
}


def _perturb_flow(d):
    d = dict(d)
    d[c] = d[c] + c
    return d


def _check_flow(data, cases):
    """Compare printed d/dt right-hand sides with the gradient flow -dL/dtheta (eqs. 3.21-3.22) case by case."""
    problem = _problem("xor")
    flip, bad = 0, []
    for case in cases:
        grad = problem.gradient(case)
        for p, rhs in data.items():
            got = problem.restrict(rhs, case)
            if sp.expand(got + grad[p]) != 0:
                bad.append((case.label(), p))
                if sp.expand(got - grad[p]) == 0:
                    flip += 1
    return bad, flip


@sheet.claim("004/equation-3.25-flow", data=_XOR_FLOW, perturb=_perturb_flow)
def check_xor_flow(data):
    problem = _problem("xor")
    bad, flip = _check_flow(data, problem.cases())
    n = len(problem.cases()) * len(data)
    if not bad:
        return verified(f"every right-hand side equals -dL/dtheta in all {len(problem.cases())} feasible cases")
    corr = {p: -rhs for p, rhs in data.items()}
    pt = {w1: 0, w2: 0, b1: 0, b2: 0, o1: 0, o2: 0, c: 1}
    return refuted(
        f"{len(bad)} of {n} (case, parameter) right-hand sides differ from -dL/dtheta; {flip} of them equal "
        f"+dL/dtheta: the display gives the gradient, not the flow (steady states are unaffected)",
        counterexample={"point": pt, "printed dc/dt": data[c].subs(pt), "-dL/dc": -8},
        correction=Correction(
            r"The displayed right-hand sides are $\partial L/\partial\theta$; the flow of eqs. 3.21-3.22 is their "
            r"negative, e.g. $dc/dt = -8c - 4o_1\max(0,b_1) - \dots$", corr),
    )


_ALL_POS = {
    w1: 4 * o1 * (o1 * w1 + o2 * w2),
    w2: 4 * o2 * (o1 * w1 + o2 * w2),
    o1: 8 * b1**2 * o1 + 8 * b1 * b2 * o2 + 8 * b1 * c + 4 * o1 * w1**2 + 4 * o2 * w1 * w2,
    o2: 8 * b1 * b2 * o1 + 8 * b2**2 * o2 + 8 * b2 * c + 4 * o1 * w1 * w2 + 4 * o2 * w2**2,
    b1: 8 * o1 * (b1 * o1 + b2 * o2 + c),
    b2: 8 * o2 * (b1 * o1 + b2 * o2 + c),
    c: 8 * b1 * o1 + 8 * b2 * o2 + 8 * c,
}


def _all_positive_case():
    return next(case for case in _problem("xor").cases() if case.label() == "+++|+++")


@sheet.claim("004/equation-3.25-all-positive", data=_ALL_POS, perturb=_perturb_flow)
def check_all_positive(data):
    bad, flip = _check_flow(data, [_all_positive_case()])
    if not bad:
        return verified("each right-hand side equals -dL/dtheta in the all-positive case")
    return refuted(
        f"{len(bad)} of 7 right-hand sides differ from -dL/dtheta ({flip} equal +dL/dtheta: sign error, as in the "
        f"general display)",
        counterexample={"parameter": bad[0][1], "printed": data[bad[0][1]]},
        correction=Correction(r"In the all-positive case $-dw_1/dt = 4o_1(o_1w_1+o_2w_2)$, ..., "
                              r"$-dc/dt = 8b_1o_1 + 8b_2o_2 + 8c$ (printed right-hand sides negated)",
                              {p: -rhs for p, rhs in data.items()}),
    )


_STEADY = {"families": [{c: -b1 * o1 - b2 * o2, w1: -o2 * w2 / o1}, {c: 0, o1: 0, o2: 0},
                        {c: -b2 * o2, o1: 0, w2: 0}], "loss": 4, "outputs": (0, 0, 0)}


@sheet.claim("004/equation-3.25-steady-states", data=_STEADY,
             perturb=lambda d: {**d, "families": [{c: -b1 * o1 + b2 * o2, w1: -o2 * w2 / o1}] + d["families"][1:]})
def check_steady_states(data):
    problem = _problem("xor")
    case = _all_positive_case()
    grad = problem.gradient(case)
    fams = [f for f in _landscape("xor") if f.case.label() == "+++|+++"]
    # printed pieces are critical
    for k, piece in enumerate(data["families"]):
        for p, g in grad.items():
            if sp.cancel(sp.together(g.subs(piece))) != 0:
                return refuted(f"printed steady state {k + 1} {piece} is not critical: dL/d{p} = "
                               f"{sp.factor(g.subs(piece))}", counterexample=(piece, p))
        L = sp.cancel(sp.together(problem.case_loss(case).subs(piece)))
        outs = tuple(sp.cancel(sp.together(
            (c + o1 * (w1 * x + b1) + o2 * (w2 * x + b2)).subs(piece))) for x in problem.points)
        if outs != tuple(data["outputs"]):
            return refuted(f"outputs on steady state {k + 1} are {outs}, not {data['outputs']}",
                           counterexample=(piece, outs))
        if L != data["loss"]:
            return refuted(f"loss on steady state {k + 1} is {L}, not {data['loss']}", counterexample=(piece, L))
    # every enumerated family lies in some printed piece (with o's as the piece's equations need)
    def inside(f, piece):
        return all(sp.cancel(sp.together(sp.numer(sp.together(k - v)).subs(f.solution))) == 0 for k, v in piece.items())
    missing = [f.label for f in fams if not any(inside(f, piece) for piece in data["families"])]
    if missing:
        return refuted(f"critical families not covered by the printed steady states: {missing}",
                       counterexample=missing)
    return verified(
        f"the printed pieces are critical with loss {data['loss']} and cover all {len(fams)} enumerated families "
        f"of the case ({', '.join(f.label for f in fams)}); together they form the irreducible 5-dimensional set "
        f"c + o1 b1 + o2 b2 = 0, o1 w1 + o2 w2 = 0, of which pieces 2 and 3 are parts of the closure of piece 1")


@sheet.claim("004/equation-3.25-sign-cases",
             data={"cases": 64, "feasible": 36,
          "infeasible_unit_patterns": {("<=", ">", ">"), (">", "<=", "<=")}},
             perturb=lambda d: {**d, "feasible": d["feasible"] - 1})
def check_sign_cases(data):
    problem = _problem("xor")
    all_cases, feasible = problem.cases(prune=False), problem.cases()
    unit = problem.unit_patterns()
    # printed order (b, b + w, b - w) = points (0, 1, -1); ours is (-1, 0, 1)
    infeasible = {tuple(">" if on[k] else "<=" for k in (1, 2, 0)) for on, ok in unit if not ok}
    got = {"cases": len(all_cases), "feasible": len(feasible), "infeasible_unit_patterns": infeasible}
    if got == data:
        return verified(f"{len(all_cases)} cases, {len(feasible)} feasible (exact Fourier-Motzkin per unit); "
                        f"infeasible unit patterns {sorted(infeasible)}")
    return refuted(f"computed {got}, printed {data}", counterexample=got)


@sheet.claim("004/equation-3.25-multiquadratic", data=2, perturb=lambda d: d - 1)
def check_multiquadratic(data):
    problem = _problem("xor")
    top = 0
    for case in problem.cases():
        for g in problem.gradient_polynomials(case).values():
            for monom in g.monoms():
                top = max(top, max(monom) if monom else 0)
    if top == data:
        return verified(f"the largest degree of one variable in a gradient monomial over the 36 cases is {top}")
    return refuted(f"largest per-variable degree is {top}, not {data}", counterexample=top)


# ---------------------------------------------------------------------------
# symmetries (§3.3.3) and rescaling (§3.4.1)
# ---------------------------------------------------------------------------
_PARAMS = (w1, w2, b1, b2, o1, o2, c)
_GENS = {
    "swap units": {w1: w2, w2: w1, b1: b2, b2: b1, o1: o2, o2: o1},
    "negate w1": {w1: -w1},
    "negate w2": {w2: -w2},
    "negate w1 and w2": {w1: -w1, w2: -w2},
}


def _group_order(gens):
    """Order of the group generated by signed permutations of the parameters."""
    def as_tuple(g):
        return tuple(sp.sympify(g.get(p, p)) for p in _PARAMS)

    def compose(g, h):  # g after h
        return tuple(sp.sympify(x).subs(dict(zip(_PARAMS, g)), simultaneous=True) for x in h)

    ident = _PARAMS
    elems = {ident}
    frontier = [ident]
    gens_t = [as_tuple(g) for g in gens]
    while frontier:
        new = []
        for e in frontier:
            for g in gens_t:
                x = compose(g, e)
                if x not in elems:
                    elems.add(x)
                    new.append(x)
        frontier = new
    return len(elems)


@sheet.claim("004/section-3.3.3-symmetry",
             data={"generators": ("swap units", "negate w1", "negate w2"), "class size": 8},
             perturb=lambda d: {**d, "class size": d["class size"] * 2})
def check_symmetry(data):
    problem = _problem("xor")
    L = problem.loss()
    for name in data["generators"]:
        g = _GENS[name]
        moved_L = L.subs(g, simultaneous=True)
        # compare as piecewise polynomials: case by case over all 64 sign cases
        if any(sp.expand(problem.restrict(moved_L, case) - problem.case_loss(case)) != 0
               for case in problem.cases(prune=False)):
            # an exact counterexample: a loss-0 point of Table 3.2's first row
            f = _landscape("xor").in_case("+--|--+")[-1]
            pt = dict(f.sample)
            moved = {p: sp.sympify(g.get(p, p)).subs(pt) for p in _PARAMS}
            before, after = L.subs(pt), L.subs(moved)
            if before != after:
                fixed = tuple(n for n in data["generators"] if n not in ("negate w1", "negate w2")) + ("negate w1 and w2",)
                return refuted(
                    f"'{name}' is not a symmetry of the loss: at {pt} (loss {before}) it gives loss {after}. "
                    f"Only the joint sign change (w1, w2) -> (-w1, -w2), the reflection x -> -x of the symmetric data, is.",
                    counterexample={"generator": name, "point": pt, "loss": before, "loss after": after},
                    correction=Correction(
                        r"The symmetries are the swap of the two units and the joint sign change $(w_1, w_2) \to "
                        r"(-w_1, -w_2)$ (the data are symmetric about $x = 0$); classes have at most four members",
                        {"generators": fixed, "class size": 4}))
            return inconclusive(f"'{name}' changes the loss expression but not at the test point")
    order = _group_order([_GENS[n] for n in data["generators"]])
    sizes = {len(v) for v in _landscape("xor").orbits().values()}
    if order == data["class size"]:
        return verified(f"all generators preserve the loss; they generate a group of order {order}; "
                        f"the enumerated orbits of families have sizes {sorted(sizes)}")
    return refuted(f"the generators preserve the loss but generate a group of order {order}, not {data['class size']}",
                   counterexample=order)


@sheet.claim("004/section-3.4.1-rescaling", data=sp.Reals - sp.FiniteSet(0),
             perturb=lambda d: sp.Interval.open(1, sp.oo) if d != sp.Interval.open(1, sp.oo) else sp.Reals)
def check_rescaling(data):
    s = sp.Symbol("s", real=True)
    w, b, o, x = sp.symbols("w b o x", real=True)
    # o relu(w x + b) with (w, b, o) -> (s w, s b, o / s): the identity needs relu(s z) = s relu(z) for all z
    ok = sp.solveset(sp.Eq(sp.Max(s * 1, 0), s * sp.Max(1, 0)), s, sp.Reals) \
        & sp.solveset(sp.Eq(sp.Max(s * -1, 0), s * sp.Max(-1, 0)), s, sp.Reals) - sp.FiniteSet(0)
    if sp.simplify(ok.symmetric_difference(data)) == sp.EmptySet:
        return verified(f"the output is unchanged exactly for scale factors in {ok}")
    bad = data - ok
    sample = -1 if bad.contains(-1) == sp.true else (bad.inf if bad != sp.EmptySet else None)
    return refuted(
        f"the output is unchanged exactly for s in {ok}; printed allows {data}",
        counterexample={"s": sample, "w, b, o, x": (1, 0, 1, 1), "before": 1,
                        "after": (sp.Max(sample * 1, 0) / sample) if sample not in (None, 0) else None},
        correction=Correction(r"Scaling $w_i, b_i$ by $a > 0$ and $o_i$ by $1/a$ does not change the output "
                              r"(ReLU is positively homogeneous only)", sp.Interval.open(0, sp.oo)))


# ---------------------------------------------------------------------------
# §3.4.1 and Table 3.2
# ---------------------------------------------------------------------------
@sheet.claim("004/section-3.4.1",
             data={"minimum losses": {sp.Integer(0), sp.Rational(8, 3), sp.Integer(4)},
          "saddle losses": {sp.Rational(8, 3), sp.Integer(4)}},
             perturb=lambda d: {**d, "minimum losses": {sp.Integer(0), sp.Integer(3), sp.Integer(4)}})
def check_minima_classes(data):
    land = _landscape("xor")
    mins, saddles = land.losses("minimum"), land.losses("saddle")
    undecided = land.losses("undecided")
    if mins == data["minimum losses"] and data["saddle losses"] <= saddles:
        return verified(f"loss values of minimum families {sorted(mins)}, of saddle families {sorted(saddles)} "
                        f"({len([f for f in land if f.kind == 'minimum'])} minimum families, "
                        f"{len([f for f in land if f.kind == 'saddle'])} saddle families, "
                        f"{len([f for f in land if f.kind == 'undecided'])} undecided)")
    if undecided:
        return inconclusive(f"minimum losses {sorted(mins)}, saddle losses {sorted(saddles)}, undecided families "
                            f"with losses {sorted(undecided)}")
    return refuted(f"minimum losses {sorted(mins)}, saddle losses {sorted(saddles)}; printed {data}",
                   counterexample={"minimum losses": mins, "saddle losses": saddles})


def _table_rows(data):
    """(row number, family or None, printed loss) using theta(0) = 1: the table's cases are printed with >= 0."""
    land = _landscape("xor", 1)
    return [(k + 1, land.find(row_case_label(row), row_solution(row)), row[0]) for k, row in enumerate(data)]


def _perturb_table(rows):
    rows = list(rows)
    loss, signs, sol, count = rows[8]
    rows[8] = (loss, signs, {**sol, "c": "1/2"}, count)
    return tuple(rows)


@sheet.claim("004/table-3.2", data=TABLE_3_2, perturb=_perturb_table)
def check_table_3_2(data):
    bad = []
    for k, fam, loss in _table_rows(data):
        if fam is None:
            bad.append((k, "not a critical family of its case"))
        elif fam.loss != sp.nsimplify(loss):
            bad.append((k, f"loss {fam.loss}, printed {loss}"))
        elif fam.kind != "minimum":
            bad.append((k, f"a {fam.kind}, not a minimum"))
    if not bad:
        return verified("every row is exactly one critical family of its sign case (sets compared by substitution "
                        "both ways), a minimum, with the printed loss (cases read with the printed >= 0 as on)")
    return refuted(f"rows that fail: {bad}", counterexample=bad)


@sheet.claim("004/table-3.2-distinct", data={"rows": TABLE_3_2, "distinct": 15},
             perturb=lambda d: {**d, "distinct": d["distinct"] - 1})
def check_table_distinct(data):
    rows = _table_rows(data["rows"])
    labels = [f.label if f is not None else f"row {k}" for k, f, _ in rows]
    distinct = len(set(labels))
    if distinct == data["distinct"]:
        return verified(f"the rows are {distinct} distinct critical families")
    dup = {}
    for (k, f, _), lab in zip(rows, labels):
        dup.setdefault(lab, []).append(k)
    repeated = {lab: ks for lab, ks in dup.items() if len(ks) > 1}
    return refuted(
        f"the rows are {distinct} distinct families, not {data['distinct']}: rows {repeated} are the same family "
        f"(identical printed case and equations, counts 23 and 25)",
        counterexample=repeated,
        correction=Correction(f"Table 3.2 lists {distinct} distinct solutions; rows 1 and 2 are the same one",
                              {"rows": data["rows"], "distinct": distinct}))


_FREQ_READINGS = (  # (loss, bias initialization, description)
    ("sum", "uniform", "sum of squared errors over the four points; biases at PyTorch's default U(+-1/sqrt(fan_in))"),
    ("sum", "zeros", "sum of squared errors; biases initialized to zero"),
    ("mean", "uniform", "mean squared error (PyTorch's MSELoss default); biases at PyTorch's default U(+-1/sqrt(fan_in))"),
    ("mean", "zeros", "mean squared error; biases initialized to zero"),
)


@functools.lru_cache(maxsize=None)  # the runs do not depend on the printed counts
def _frequency_runs():
    from symrelu.landscape.experiment import run_experiment

    return {(loss, bias): run_experiment(_problem("xor"), n=1000, seed=0, loss=loss, bias_init=bias)
            for loss, bias, _ in _FREQ_READINGS}


@sheet.claim("004/table-3.2-frequencies", data=tuple(row[3] for row in TABLE_3_2),
             perturb=lambda d: tuple(reversed(d)))
def check_table_frequencies(data):
    from scipy.stats import chi2_contingency

    # rows 1 and 2 are the same family: merge them; compare counts of the distinct families
    land = _landscape("xor")
    fams = [land.find(row_case_label(row), row_solution(row)) for row in TABLE_3_2]
    printed = {}
    for f, k in zip(fams, data):
        printed[f.label] = printed.get(f.label, 0) + k
    labels = sorted(printed)
    readings = []
    for (loss, bias, desc), res in zip(_FREQ_READINGS, _frequency_runs().values()):
        ours = [res.counts.get(lab, 0) for lab in labels]
        table = np.array([[printed[lab] for lab in labels], ours])
        table = table[:, table.sum(axis=0) > 0]
        p = chi2_contingency(table)[1]
        by_loss = dict(sorted({str(k): v for k, v in res.by_loss().items()}.items()))
        detail = (f"chi-square homogeneity of the 14 printed families' counts against this run (seed 0, 1000 networks): "
                  f"p = {p:.2g}; trained networks by loss {by_loss}")
        if p >= 0.01:
            out = verified(detail)
        else:
            measured = tuple(res.counts.get(f.label, 0) if k == 0 or f.label != fams[0].label else 0
                             for k, f in enumerate(fams))  # the merged family's count on its first row
            out = refuted(detail, counterexample=dict(zip(labels, ours)),
                          correction=Correction(f"the counts this reading gives for the printed rows: {list(measured)}", measured))
        readings.append(Reading.of(f"{loss}-{bias}", desc, out))
    return from_readings(readings, detail=(
        "004 states neither the training loss of §3.4.1 (its §3.3 losses 0, 8/3, 4 are sums of squared errors; "
        "its general setup names binary cross-entropy) nor the bias initialization (only the weights: He-Kaiming "
        "normal); float32 and the assignment tolerance are not stated either."))
