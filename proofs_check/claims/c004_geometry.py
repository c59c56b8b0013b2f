"""Claims of 004 (dissertation) chapter 4, §4.1: circle versus annulus geometry.

Eqs. 4.1--4.20 and Table 4.1: the ratios R/rho (circumradius over the radius of
the largest centred inscribed ball) of the square, regular hexagon, octahedron,
cuboctahedron, hyperoctahedron and expanded n-simplex, and the volumes of the
shells between the two spheres.  Every radius is computed exactly from integer
coordinates and certified facet inequalities (`symrelu.polytopes`), for
dimensions 2..10; statements for general n are checked symbolically from the
facet geometry (distance of the facet of a k-subset), never from the printed
formulas; ball volumes come from the recurrence V_n = 2 pi r^2 V_{n-2} / n.
"""

from __future__ import annotations

import functools

import mpmath
import sympy

from proofs_check.claim import Correction, Reading, from_readings, inconclusive, refuted, verified
from proofs_check.registry import claim_sheet
from symrelu.polytopes import (
    ball_volume,
    expanded_simplex,
    expanded_simplex_facet_distance,
    hyperoctahedron,
    qhull_facet_distances,
)

sheet = claim_sheet(__file__)

DIMENSIONS = range(2, 11)

n, k, m = sympy.symbols("n k m", positive=True, integer=True)
r, rho, r1 = sympy.symbols("r rho r_1", positive=True)
HALF = sympy.Rational(1, 2)  # the printed 0.5, exactly
_PARITY = HALF * (1 - (-1) ** n)  # 0 for even n, 1 for odd n
C_ES = sympy.sqrt((n * (n + 2) + _PARITY) / (2 * (n + 1)))  # printed R/rho of eS_n (4.12)
_V = sympy.pi ** (n / 2) / sympy.gamma(n / 2 + 1)  # printed unit-ball volume (4.14)


@functools.lru_cache(maxsize=None)
def _expanded(dim):
    P = expanded_simplex(dim)
    P.certify()
    return P


@functools.lru_cache(maxsize=None)
def _cross(dim):
    P = hyperoctahedron(dim)
    P.certify()
    return P


def _same(a, b) -> bool:
    """Exact equality of two SymPy numbers/expressions."""
    return sympy.simplify(sympy.sympify(a) - sympy.sympify(b)) == 0


def _same_squares(a, b) -> bool:
    """Equality of two positive radicals via their squares (cheap and exact)."""
    return sympy.simplify(sympy.radsimp(sympy.sympify(a) ** 2 - sympy.sympify(b) ** 2)) == 0


def _close(approx, value, digits) -> bool:
    """``approx`` is ``value`` correctly rounded to ``digits`` decimals (half-unit tolerance)."""
    return abs(sympy.Rational(str(approx)) - sympy.N(value, 30)) <= sympy.Rational(1, 2 * 10**digits)


# Inradius over circumradius of eS_n for general n, from the facet geometry: the facet
# of a k-subset is at distance sqrt((n+1)/(2k(n+1-k))) (R = 1), and
# k(n+1-k) = ((n+1)/2)^2 - (k-(n+1)/2)^2 is largest at k = floor((n+1)/2).
def _es_inradius_even(mm):  # n = 2m
    return expanded_simplex_facet_distance(2 * mm, mm)


def _es_inradius_odd(mm):  # n = 2m - 1
    return expanded_simplex_facet_distance(2 * mm - 1, mm)


def _scale_ratio(factor):
    return lambda data: {**data, "ratio": data["ratio"] * factor}


# ------------------------------------------------------------------ 4.1 - 4.4


def _ratio_and_approx(data, P, what):
    got = P.radius_ratio()
    if not _same(got, data["ratio"]):
        return refuted(
            f"{what}: R/rho computed from exact coordinates is {got}, not {data['ratio']}",
            counterexample={"R/rho": got},
        )
    if "approx" in data and not _close(data["approx"], got, 2):
        return refuted(f"{what}: R/rho = {got} = {sympy.N(got, 6)} does not round to {data['approx']}")
    return verified(f"{what}: R/rho = {got} from exact vertices and certified facets")


def _regular_polygon_ratio(data, build, vertices, shape, what):
    P = build(2)
    if not _is_regular_polygon(P) or len(P.vertices) != vertices:
        return inconclusive(f"the {shape} did not come out as a {what}")  # pragma: no cover
    return _ratio_and_approx(data, P, what)


# R/rho of the two regular polygons of eqs. 4.1-4.2, each built from integer vertices.
sheet.table(
    [
        dict(id="004/equation-4.1", data={"ratio": sympy.sqrt(2), "approx": 1.41},
             perturb=_scale_ratio(sympy.sqrt(3) / sympy.sqrt(2)),
             # vertices (±1, 0), (0, ±1): a square of side sqrt(2), rotated by 45 degrees
             check=functools.partial(_regular_polygon_ratio, build=_cross, vertices=4,
                                     shape="2-dimensional cross-polytope", what="square")),
        dict(id="004/equation-4.2", data={"ratio": 2 * sympy.sqrt(3) / 3, "approx": 1.15},
             perturb=_scale_ratio(sympy.Rational(3, 2) / sympy.sqrt(3)),
             check=functools.partial(_regular_polygon_ratio, build=_expanded, vertices=6,
                                     shape="expanded 2-simplex", what="regular hexagon")),
    ],
)


def _is_regular_polygon(P) -> bool:
    """All vertices equidistant from the centre and each with exactly two nearest neighbours."""
    V = P.vertices
    if len({sum(x * x for x in v) for v in V}) != 1:
        return False
    d2 = [[sum((x - y) ** 2 for x, y in zip(u, v)) for v in V] for u in V]
    edge = min(d for row in d2 for d in row if d)
    return all(sum(1 for d in row if d == edge) == 2 for row in d2)


def _edge_length_squared(P):
    c2 = [sum((x - y) ** 2 for x, y in zip(u, v)) for i, u in enumerate(P.vertices) for v in P.vertices[i + 1:]]
    return sympy.Rational(min(c2))


@sheet.claim("004/equation-4.3",
             data={"ratio": sympy.sqrt(3), "circumradius": sympy.sqrt(2) / 2, "inradius": sympy.sqrt(6) / 6},
             perturb=lambda d: {**d, "inradius": d["inradius"] * 2})
def check_equation_4_3(data):
    P = _cross(3)
    edge = sympy.sqrt(_edge_length_squared(P))
    R, p = P.circumradius() / edge, P.inradius() / edge
    for name, got in (("circumradius", R), ("inradius", p)):
        if not _same(got, data[name]):
            return refuted(f"octahedron of edge 1: {name} is {got}, not {data[name]}")
    return _ratio_and_approx(data, P, "regular octahedron")


@sheet.claim("004/equation-4.4",
             data={
        "ratio": sympy.sqrt(2),
        "circumradius": sympy.Integer(1),
        "triangles": sympy.sqrt(6) / 3,
        "squares": sympy.sqrt(2) / 2,
    },
             perturb=lambda d: {**d, "squares": d["squares"] * sympy.sqrt(3) / sympy.sqrt(2)})
def check_equation_4_4(data):
    P = _expanded(3)
    edge2 = _edge_length_squared(P)
    if not _same(sympy.sqrt(P.circumradius_squared() / edge2), data["circumradius"]):
        return refuted(f"cuboctahedron of edge 1 has circumradius {sympy.sqrt(P.circumradius_squared() / edge2)}")
    by_type = {}
    for count, d2 in zip(P.facet_vertex_counts(), P.facet_distances_squared()):
        by_type.setdefault({3: "triangles", 4: "squares"}[count], set()).add(sympy.sqrt(sympy.Rational(d2) / edge2))
    for name in ("triangles", "squares"):
        if not all(_same(x, data[name]) for x in by_type[name]):
            return refuted(f"cuboctahedron of edge 1: the {name} are at distance {by_type[name]}, not {data[name]}")
    return _ratio_and_approx(data, P, "uniform cuboctahedron")


# ------------------------------------------------------------------ 4.5


@sheet.claim("004/equation-4.5", data=sympy.Lambda(n, sympy.sqrt(n)), perturb=lambda f: sympy.Lambda(n, f(n + 1)))
def check_equation_4_5(data):
    for dim in DIMENSIONS:
        got = _cross(dim).radius_ratio()
        if not _same(got, data(dim)):
            return refuted(f"n = {dim}: R/rho of the regular cross-polytope is {got}, not {data(dim)}",
                           counterexample={"n": dim, "R/rho": got})
        if dim <= 6 and len(qhull_facet_distances(_cross(dim))) != 2**dim:
            return refuted(f"n = {dim}: Qhull finds a different facet count")  # pragma: no cover
    return verified("R/rho = sqrt(n) for the cross-polytope in every dimension 2..10 (exact)")


# ------------------------------------------------------------------ 4.6, 4.7


@sheet.claim("004/equation-4.6", data=sympy.Lambda((n, k), sympy.sqrt((n + 1) / (2 * (k * n - k * (k - 1))))),
             perturb=lambda f: sympy.Lambda((n, k), f(n, k + 1)))
def check_equation_4_6(data):
    for dim in DIMENSIONS:
        P = _expanded(dim)
        R2 = P.circumradius_squared()
        computed = sorted({d2 / R2 for d2 in P.facet_distances_squared()}, reverse=True)
        kinds = range(1, (dim + 1) // 2 + 1)
        if len(computed) != len(kinds) or not all(
            _same(sympy.Rational(x) - data(dim, kk) ** 2, 0) for x, kk in zip(computed, kinds)
        ):
            return refuted(
                f"n = {dim}: facet distances (R = 1) are {[sympy.sqrt(sympy.Rational(x)) for x in computed]}, "
                f"the formula gives {[data(dim, kk) for kk in kinds]} for k = 1..{(dim + 1) // 2}",
                counterexample={"n": dim},
            )
        if dim <= 6:
            q = sorted({round(x / float(R2) ** 0.5, 7) for x in qhull_facet_distances(P)}, reverse=True)
            if q != [round(float(x) ** 0.5, 7) for x in computed]:
                return refuted(f"n = {dim}: Qhull's facet distances {q} differ")  # pragma: no cover
    # the nearest facet: the largest admissible k
    for dim in DIMENSIONS:
        kk = dim // 2 if dim % 2 == 0 else (dim + 1) // 2
        best = min(range(1, (dim + 1) // 2 + 1), key=lambda j: data(dim, j))
        if best != kk:
            return refuted(f"n = {dim}: the nearest facet type is k = {best}, not {kk}")
    return verified(
        "for n = 2..10 the distinct facet distances of eS_n (R = 1) are exactly d(n, k), k = 1..floor((n+1)/2), "
        "a new one in each odd dimension 2k-1, and the nearest is k = floor((n+1)/2)"
    )


def _check_branches(data, what):
    """``data = {'even': Lambda(n, .), 'odd': Lambda(n, .)}`` is rho/R of eS_n."""
    for dim in DIMENSIONS:
        P = _expanded(dim)
        got = sympy.sqrt(sympy.Rational(P.inradius_squared() / P.circumradius_squared()))
        printed = data["even" if dim % 2 == 0 else "odd"](dim)
        if not _same_squares(got, printed):
            return refuted(f"{what}: n = {dim}: rho/R of eS_n is {got}, the formula gives {printed}",
                           counterexample={"n": dim, "rho/R": got})
    for branch, sub, exact in (("even", 2 * m, _es_inradius_even(m)), ("odd", 2 * m - 1, _es_inradius_odd(m))):
        if not _same_squares(data[branch](sub), exact):
            return refuted(f"{what}: for n = {sub} the {branch} branch {data[branch](sub)} differs from {exact}")
    return verified(f"{what}: equals rho/R of eS_n for n = 2..10 (exact) and for general even/odd n (symbolic)")


@sheet.claim("004/equation-4.7",
             data={
        "even": sympy.Lambda(n, sympy.sqrt((n + 1) / (2 * (n**2 / 2 - n / 2 * (n / 2 - 1))))),
        "odd": sympy.Lambda(n, sympy.sqrt((n + 1) / (2 * (n * (n + 1) / 2 - (n + 1) / 2 * ((n + 1) / 2 - 1))))),
    },
             perturb=lambda d: {**d, "odd": sympy.Lambda(n, d["odd"](n + 2))})
def check_equation_4_7(data):
    return _check_branches(data, "eq. 4.7")


# ------------------------------------------------------------------ 4.8, 4.9


def _check_chain(steps, target, what):
    """Every step of a printed chain of equalities is equal to the next, and the chain starts at ``target``."""
    if not _same(steps[0], target):
        return refuted(f"{what}: the chain starts at {steps[0]}, not at {target}")
    for i in range(len(steps) - 1):
        if not _same(steps[i], steps[i + 1]):
            for dim in range(1, 50):
                a, b = steps[i].subs(n, dim), steps[i + 1].subs(n, dim)
                if a != b:
                    break
            return refuted(
                f"{what}: step {i + 1} -> {i + 2}: {steps[i]} != {steps[i + 1]} (at n = {dim}: {a} vs {b})",
                counterexample={"step": i + 1, "n": dim},
            )
    return verified(f"{what}: all {len(steps) - 1} steps are identities in n")


# 2(kn - k(k-1)) at k = n/2 and k = (n+1)/2 (the denominators of 4.6 under the square root)
_DEN = 2 * (k * n - k * (k - 1))


@sheet.claim("004/equation-4.8",
             data=[n**2 - n / 2 * (n / 2 - 1) * 2, n**2 - n * (n / 2 - 1), n**2 - n**2 / 2 + n, n**2 / 2 + n, n * (n + 2) / 2],
             perturb=lambda steps: steps[:-1] + [n * (n + 3) / 2])
def check_equation_4_8(data):
    return _check_chain(data, _DEN.subs(k, n / 2), "eq. 4.8 (n even)")


@sheet.claim("004/equation-4.9",
             data=[
        n * (n + 1) - (n + 1) * (n - 1) / 2,
        n**2 + n - (n + 1) * (n / 2 - HALF),
        n**2 + n - (n**2 / 2 - HALF),
        n**2 / 2 + n + HALF,
        (n**2 + 2 * n + 1) / 2,
        (n * (n + 2) + 1) / 2,
    ],
             perturb=lambda steps: steps[:3] + [n**2 / 2 + n + 1] + steps[4:])
def check_equation_4_9(data):
    return _check_chain(data, _DEN.subs(k, (n + 1) / 2), "eq. 4.9 (n odd)")


# ------------------------------------------------------------------ 4.10 - 4.12


@sheet.claim("004/equation-4.10",
             data={
        "even": sympy.Lambda(n, sympy.sqrt(2 * (n + 1) / (n * (n + 2)))),
        "odd": sympy.Lambda(n, sympy.sqrt(2 * (n + 1) / (n * (n + 2) + 1))),
    },
             perturb=lambda d: {**d, "even": sympy.Lambda(n, sympy.sqrt(2 * (n + 1) / (n * (n + 2) + 1)))})
def check_equation_4_10(data):
    return _check_branches(data, "eq. 4.10")


@sheet.claim("004/equation-4.11", data=sympy.Lambda(n, sympy.sqrt(2 * (n + 1) / (n * (n + 2) + _PARITY))),
             perturb=lambda f: sympy.Lambda(n, f(n) * sympy.sqrt(n + 1) / sympy.sqrt(n)))
def check_equation_4_11(data):
    return _check_branches({"even": data, "odd": data}, "eq. 4.11")


@sheet.claim("004/equation-4.12", data=sympy.Lambda(n, C_ES), perturb=lambda f: sympy.Lambda(n, f(n + 1)))
def check_equation_4_12(data):
    inverse = sympy.Lambda(n, 1 / data(n))
    return _check_branches({"even": inverse, "odd": inverse}, "eq. 4.12 (R/rho)")


# ------------------------------------------------------------------ 4.13


def _rho_ratio_limit(a, b):
    """lim (a rho_eS)/(b rho_ho) at fixed R, on even and on odd n (symbolic)."""
    # cross-polytope: facets s.x <= 1, |s| = sqrt(n), R = 1, so rho_ho/R = 1/sqrt(n)
    even = sympy.limit(a * _es_inradius_even(m) * sympy.sqrt(2 * m) / b, m, sympy.oo)
    odd = sympy.limit(a * _es_inradius_odd(m) * sympy.sqrt(2 * m - 1) / b, m, sympy.oo)
    return sympy.simplify(even), sympy.simplify(odd)


# data: (a, b) in a rho_eS ~ b rho_ho, i.e. lim a rho_eS / (b rho_ho) = 1
@sheet.claim("004/equation-4.13", data=(sympy.sqrt(2), sympy.Integer(1)),
             perturb=lambda d: (d[0], d[1] * sympy.sqrt(3) / sympy.sqrt(2)))
def check_equation_4_13(data):
    a, b = data
    for dim in DIMENSIONS:  # the symbolic radii agree with the explicit polytopes
        es = sympy.sqrt(sympy.Rational(_expanded(dim).inradius_squared() / _expanded(dim).circumradius_squared()))
        ho = _cross(dim).inradius() / _cross(dim).circumradius()
        sym = _es_inradius_even(dim // 2) if dim % 2 == 0 else _es_inradius_odd((dim + 1) // 2)
        if not (_same_squares(es, sym) and _same_squares(ho, 1 / sympy.sqrt(dim))):
            return inconclusive(f"n = {dim}: the symbolic radii disagree with the explicit polytopes")  # pragma: no cover
    even, odd = _rho_ratio_limit(a, b)
    samples = {dim: sympy.N(a * _expanded(dim).inradius() / _expanded(dim).circumradius()
                            / (b * _cross(dim).inradius() / _cross(dim).circumradius()), 5) for dim in (2, 5, 10)}
    if even == 1 and odd == 1:
        return verified(f"lim {a} rho_eS / ({b} rho_ho) = 1 at fixed R on even and odd n (values {samples})")
    true_even, true_odd = _rho_ratio_limit(1, 1)
    return refuted(
        f"at fixed R, lim rho_eS/rho_ho = {true_even} (even n) = {true_odd} (odd n), so "
        f"lim {a} rho_eS / ({b} rho_ho) = {even}, not 1 (values at n = 2, 5, 10: {samples}); the sqrt(2) is on the "
        "wrong side: the expanded simplex has the larger inscribed ball",
        counterexample={"limit of rho_eS/rho_ho": true_even, "a*rho_eS/(b*rho_ho) at n": samples},
        correction=Correction(r"$\rho_{eS_n} \approx \sqrt{2}\rho_{ho}$ for a fixed R, i.e. "
                              r"$\lim_{n\to\infty}\rho_{eS_n}/\rho_{ho} = \sqrt{2}$",
                              (sympy.Integer(1), sympy.sqrt(2))),
    )


# ------------------------------------------------------------------ 4.14, 4.18


def _check_ball_volume(data, what):
    f = data
    for dim in range(0, 21):
        if not _same(sympy.gammasimp(f(dim, r) - ball_volume(dim, r)), 0):
            return refuted(f"{what}: n = {dim}: {sympy.simplify(f(dim, r))} != {ball_volume(dim, r)}",
                           counterexample={"n": dim, "V": ball_volume(dim, r)})
    # a third route, numeric: V(n, r) = int_{-r}^{r} V(n-1, sqrt(r^2 - t^2)) dt  (30 digits)
    with mpmath.workdps(30):
        g = sympy.lambdify((n, r), f(n, r), "mpmath")
        for dim in range(1, 8):
            R = mpmath.mpf(3) / 2
            slices = mpmath.quad(lambda t: g(dim - 1, mpmath.sqrt(R**2 - t**2)), [-R, 0, R])
            if abs(slices - g(dim, R)) > mpmath.mpf(10) ** -20 * abs(slices):
                return refuted(f"{what}: n = {dim}: slice integral {slices} != {g(dim, R)}")
    return verified(f"{what}: equals the exact ball volume for n = 0..20 and the slice integral for n = 1..7")


@sheet.claim("004/equation-4.14", data=sympy.Lambda((n, r), _V * r**n),
             perturb=lambda f: sympy.Lambda((n, r), f(n, r) * sympy.gamma(n / 2 + 1) / sympy.gamma(n / 2 + 2)))
def check_equation_4_14(data):
    return _check_ball_volume(data, "eq. 4.14")


@sheet.claim("004/equation-4.18", data=sympy.Lambda((n, r1), _V * r1**n),
             perturb=lambda f: sympy.Lambda((n, r1), f(n, r1) * r1))
def check_equation_4_18(data):
    return _check_ball_volume(sympy.Lambda((n, r), data(n, r)), "eq. 4.18")


# ------------------------------------------------------------------ 4.15, 4.16


def _check_shell(data, polytope, what, corrected):
    """data = {'ratio': Lambda(n, R/rho), 'shell': Lambda((n, rho), V(n, R) - V(n, rho))}."""
    for dim in DIMENSIONS:
        P = polytope(dim)
        c = P.radius_ratio()
        if not _same_squares(c, data["ratio"](dim)):
            return refuted(f"{what}: n = {dim}: R/rho = {c}, not {data['ratio'](dim)}")
        truth = sympy.expand(ball_volume(dim, c * rho) - ball_volume(dim, rho))
        printed = data["shell"](dim, rho)
        if not _same(sympy.gammasimp(printed - truth), 0):
            return refuted(
                f"{what}: n = {dim}: V(n, R) - V(n, rho) = {sympy.factor(truth)} = {sympy.N(truth.subs(rho, 1), 6)} rho^n, "
                f"the formula gives {sympy.simplify(printed)} = {sympy.N(printed.subs(rho, 1), 6)} rho^n",
                counterexample={"n": dim, "shell": truth, "printed": sympy.simplify(printed)},
                correction=corrected,
            )
    return verified(f"{what}: V(n, R) - V(n, rho) matches for n = 2..10 with R/rho from exact coordinates")


@sheet.claim("004/equation-4.15",
             data={"ratio": sympy.Lambda(n, sympy.sqrt(n)), "shell": sympy.Lambda((n, rho), _V * (n ** (n / 2) - 1) * rho**n)},
             perturb=lambda d: {**d, "shell": sympy.Lambda((n, rho), _V * (n ** (n / 2) - 2) * rho**n)})
def check_equation_4_15(data):
    return _check_shell(data, _cross, "eq. 4.15 (hyperoctahedron)", None)


_SHELL_ES = sympy.Lambda((n, rho), _V * (C_ES**n - 1) * rho**n)


@sheet.claim("004/equation-4.16",
             data={"ratio": sympy.Lambda(n, C_ES), "shell": sympy.Lambda((n, rho), _V * (C_ES - 1) * rho**n)},
             perturb=lambda d: {**d, "shell": sympy.Lambda((n, rho), _V * (C_ES ** (n + 1) - 1) * rho**n)})
def check_equation_4_16(data):
    corrected = Correction(
        r"$V(n,R_{eS_n}) - V(n,\rho_{eS_n}) = \frac{\pi^{n/2}}{\Gamma(\frac n2+1)}(c_n^{\,n} - 1)\rho_{eS_n}^n$ "
        r"(the power $n$ of the square root is missing in the print; the first line is right)",
        {"ratio": data["ratio"], "shell": _SHELL_ES},
    )
    return _check_shell(data, _expanded, "eq. 4.16 (expanded simplex)", corrected)


# ------------------------------------------------------------------ 4.17


def _log_limit(asymptote, sub):
    """lim_{m->oo} log(ratio(n)/asymptote(n)) at n = sub(m), ratio = (n^{n/2}-1)/(c_n^n-1).

    log ratio = (n/2) log(n / c_n^2) + log(1 - n^{-n/2}) - log(1 - c_n^{-n}); the last two
    terms tend to 0 because n >= 2 and c_n^2 >= (n+1)/2 > 1 grow without bound, so only
    the first term and log(asymptote) enter the limit.
    """
    dim = sub(m)
    # c_n = R/rho of eS_n from the facet geometry (not from the printed 4.12)
    inner = _es_inradius_even(m) if sympy.simplify(dim - 2 * m) == 0 else _es_inradius_odd(m)
    c2 = sympy.simplify(1 / inner**2)
    main = dim / 2 * sympy.log(dim / c2) - sympy.expand_log(sympy.log(asymptote(dim)), force=True)
    return sympy.limit(main, m, sympy.oo)


def _numeric_ratio(ratio, asymptote, dim):
    with mpmath.workdps(40):
        g = sympy.lambdify(n, ratio(n) / asymptote(n), "mpmath")
        return g(mpmath.mpf(dim))


@sheet.claim("004/equation-4.17",
             data={"ratio": sympy.Lambda(n, (n ** (n / 2) - 1) / (C_ES**n - 1)), "asymptote": sympy.Lambda(n, 2 ** (n / 2))},
             perturb=lambda d: {**d, "asymptote": sympy.Lambda(n, d["asymptote"](n) * sympy.sqrt(n))})
def check_equation_4_17(data):
    ratio, asymptote = data["ratio"], data["asymptote"]
    for dim in DIMENSIONS:  # the middle expression is the ratio of the shell volumes (rho = 1)
        shell_ho = ball_volume(dim, _cross(dim).radius_ratio()) - ball_volume(dim, 1)
        shell_es = ball_volume(dim, _expanded(dim).radius_ratio()) - ball_volume(dim, 1)
        if not _same(sympy.radsimp(shell_ho / shell_es) - ratio(dim), 0):
            return refuted(f"n = {dim}: the shell volume ratio is {sympy.radsimp(shell_ho / shell_es)}, not {ratio(dim)}")
    with mpmath.workdps(40):  # the printed middle expression is the true ratio at large n too
        for dim in (100, 1001):
            es = 1 / sympy.sqrt(expanded_simplex_facet_distance(dim, (dim + 1) // 2) ** 2)
            truth = (mpmath.mpf(dim) ** (mpmath.mpf(dim) / 2) - 1) / (mpmath.mpf(sympy.N(es, 60)) ** dim - 1)
            got = sympy.lambdify(n, ratio(n), "mpmath")(mpmath.mpf(dim))
            if abs(got / truth - 1) > mpmath.mpf(10) ** -30:
                return refuted(f"n = {dim}: the printed ratio is {mpmath.nstr(got, 10)}, the shells give {mpmath.nstr(truth, 10)}")
    limits = {"even": _log_limit(asymptote, lambda mm: 2 * mm), "odd": _log_limit(asymptote, lambda mm: 2 * mm - 1)}
    numbers = {dim: mpmath.nstr(_numeric_ratio(ratio, asymptote, dim), 8) for dim in (10, 100, 1000, 10**5)}
    const = {key: sympy.exp(v) for key, v in limits.items()}
    corrected = {"ratio": ratio, "asymptote": sympy.Lambda(n, sympy.exp(-HALF) * 2 ** (n / 2))}
    shown = f"ratio / ({asymptote(n)}) -> {const['even']} (even n), {const['odd']} (odd n); numerically {numbers} at n = 10, 1e2, 1e3, 1e5"
    exact = ("Exactly: n^{n/2}/c_n^n = (2(n+1)/(n+2))^{n/2} (even) or (2n/(n+1))^{n/2} (odd), "
             "= 2^{n/2} (1 - 1/(n+2))^{n/2} -> 2^{n/2} e^{-1/2}")
    # asymptotic equality: the ratio over the asymptote tends to 1 on both parities
    if all(v == 0 for v in limits.values()):
        if abs(_numeric_ratio(ratio, asymptote, 10**5) - 1) > 1e-4:
            return refuted(f"symbolic limit 1 but ratio/asymptote at n = 1e5 is {numbers[10**5]}")  # pragma: no cover
        equal = verified(f"ratio / ({asymptote(n)}) -> 1 on even and odd n (values at n = 10, 1e2, 1e3, 1e5: {numbers})")
    else:
        equal = refuted(
            f"the ratio tends to infinity (a limit cannot depend on n); {shown}, not 1. {exact}",
            counterexample={"limit of ratio/asymptote": const, "ratio/asymptote at n": numbers},
            correction=Correction(
                r"$\frac{V(n,R_{ho})-V(n,1)}{V(n,R_{eS_n})-V(n,1)} \sim e^{-1/2}\,2^{n/2}$ as $n\to\infty$ (both parities)",
                corrected))
    # growth rate: the ratio over the asymptote tends to a positive finite constant on both parities
    if all(v.is_finite for v in limits.values()):
        theta = verified(f"{shown}: a positive finite constant on both parities, so the ratio is Theta({asymptote(n)}). {exact}")
    else:
        theta = refuted(f"{shown}: not a positive finite constant, so the ratio is not Theta({asymptote(n)}). {exact}",
                        counterexample={"limit of ratio/asymptote": const},
                        correction=Correction(r"the ratio is $\Theta(2^{n/2})$", corrected))
    return from_readings([
        Reading.of("asymptotic-equality", "'= 2^{n/2}' read as: the ratio over 2^{n/2} tends to 1", equal),
        Reading.of("theta", "'= 2^{n/2}' read as the growth rate: the ratio is Theta(2^{n/2})", theta),
    ], detail="The ratio itself tends to infinity; '= 2^{n/2}' after a limit can only describe its growth.")


# ------------------------------------------------------------------ 4.19, 4.20


@sheet.claim("004/equation-4.19",
             data=[_V * n ** (n / 2) * r1**n - _V * r1**n, sympy.pi ** (n / 2) * (n ** (n / 2) - 1) / sympy.gamma(n / 2 + 1) * r1**n],
             perturb=lambda steps: [steps[0], steps[1] * n ** (n / 2) / (n ** (n / 2) - 1) * (n ** (n / 2) + 1) / n ** (n / 2)])
def check_equation_4_19(data):
    for dim in range(1, 21):
        truth = ball_volume(dim, r1 * sympy.sqrt(dim)) - ball_volume(dim, r1)
        for i, step in enumerate(data):
            if not _same(sympy.gammasimp(step.subs(n, dim) - truth), 0):
                return refuted(f"n = {dim}: member {i + 2} is {sympy.simplify(step.subs(n, dim))}, "
                               f"V(n, r1 sqrt n) - V(n, r1) = {truth}", counterexample={"n": dim})
    if not _same(data[0] - data[1], 0):
        return refuted("the two members differ for general n")  # pragma: no cover
    return verified("every member equals V(n, r1 sqrt n) - V(n, r1) for n = 1..20, and they agree for general n")


@sheet.claim("004/equation-4.20", data=sympy.Lambda(n, n ** (n / 2) - 1), perturb=lambda f: sympy.Lambda(n, f(n + 1)))
def check_equation_4_20(data):
    for dim in range(1, 31):
        truth = sympy.simplify((ball_volume(dim, r1 * sympy.sqrt(dim)) - ball_volume(dim, r1)) / ball_volume(dim, r1))
        if not _same(truth, data(dim)):
            return refuted(f"n = {dim}: the ratio is {truth}, not {data(dim)}", counterexample={"n": dim, "ratio": truth})
    return verified("(V(n, r1 sqrt n) - V(n, r1)) / V(n, r1) = n^{n/2} - 1 for n = 1..30 (exact)")


# ------------------------------------------------------------------ Table 4.1


_TABLE_4_1 = {
    "inner": {dim: sympy.sqrt(sympy.Rational(p, q)) for dim, (p, q) in
              {2: (3, 4), 3: (4, 8), 4: (5, 12), 5: (6, 18), 6: (7, 24), 7: (8, 32), 8: (9, 40), 9: (10, 50), 10: (11, 60)}.items()},
    "approx": {2: 0.87, 3: 0.71, 4: 0.64, 5: 0.58, 6: 0.54, 7: 0.5, 8: 0.47, 9: 0.45, 10: 0.43},
}


@sheet.claim("004/table-4.1", data=_TABLE_4_1,
             perturb=lambda d: {**d, "inner": {**d["inner"], 5: sympy.sqrt(sympy.Rational(6, 17))}})
def check_table_4_1(data):
    computed = {}
    for dim in DIMENSIONS:
        P = _expanded(dim)
        computed[dim] = sympy.sqrt(sympy.Rational(P.inradius_squared() / P.circumradius_squared()))
        if not _same_squares(computed[dim], data["inner"][dim]):
            return refuted(f"n = {dim}: the inner radius is {computed[dim]}, not {data['inner'][dim]}",
                           counterexample={"n": dim, "inner radius": computed[dim]})
    bad = {dim: v for dim, v in data["approx"].items() if not _close(v, computed[dim], 2)}
    if bad:
        fixed = {dim: float(sympy.Float(sympy.N(computed[dim], 30)).round(2)) for dim in DIMENSIONS}
        return refuted(
            "the exact row is right; approximate values off by more than half a unit in the 2nd decimal: "
            + ", ".join(f"n = {dim}: {v} vs {sympy.N(computed[dim], 6)}" for dim, v in bad.items()),
            counterexample={dim: sympy.N(computed[dim], 6) for dim in bad},
            correction=Correction(
                "Table 4.1 with the approximate value for n = 4 corrected to 0.65 (sqrt(5/12) = 0.6455)",
                {"inner": data["inner"], "approx": fixed},
            ),
        )
    return verified("both rows of Table 4.1 match the exact inner radii of eS_n (R = 1), n = 2..10")
