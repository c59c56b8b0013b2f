"""Claims of 004 chapters 1-2 (introduction and history): formulas, counts and comparisons in the survey text.

Networks are ``symrelu.network.ReLUNetwork`` objects in Fraction arithmetic where the statement is exact;
regions come from ``symrelu.regions.regions`` (exact); backpropagation formulas are compared with central
finite differences of the network's forward pass (float64).
"""

from __future__ import annotations

import itertools
import math
from fractions import Fraction

import numpy as np
import sympy as sp
from scipy.optimize import linprog

from proofs_check.claim import Correction, Reading, from_readings, refuted, verified
from proofs_check.registry import claim_sheet
from symrelu.constructions import interpolating_network
from symrelu.network import ReLUNetwork
from symrelu.regions import Box, regions

sheet = claim_sheet(__file__)


def _frac(rng, lo=-9, hi=9, den=7, nonzero=False):
    q = Fraction(int(rng.integers(lo, hi + 1)), int(rng.integers(1, den + 1)))
    return Fraction(1) if nonzero and q == 0 else q


def _net(rng, widths):
    return ReLUNetwork([([[_frac(rng, nonzero=True) for _ in range(a)] for _ in range(b)], [_frac(rng) for _ in range(b)])
                        for a, b in zip(widths[:-1], widths[1:])])


def _box(half=4):
    return Box([-half, -half], [half, half])


# -- polytopes and local linearity (abstract, ch. 1, §2.3.8) --------------------------------------------------
def check_affine_on_regions(data):
    rng = np.random.default_rng(1)
    n_regions = 0
    for trial in range(6):
        net = _net(rng, (2, 4, 3, 1))
        cx = regions(net, _box())
        for reg in cx:
            n_regions += 1
            A, b = np.array(reg.A, dtype=object), np.array(reg.b, dtype=object)
            verts = [tuple(v) for v in reg.vertices]
            # convex: every vertex satisfies every facet inequality A x <= b
            if not all(sum(a * x for a, x in zip(row, v)) <= bb for row, bb in zip(A, b) for v in verts):
                return refuted(f"region {reg.index} is not the polytope of its inequalities")
            J, c = reg.jacobian[0], reg.offset[0]
            x0 = reg.point
            for v in verts + [x0]:  # the vertices (closure) and midpoints between them and the interior point
                for y in (list(v), [(x0[k] + v[k]) / 2 for k in range(2)]):
                    lin = sum(g * yk for g, yk in zip(J, y)) + c
                    if (net.forward(y)[0] == lin) != data["affine"]:
                        return refuted(f"region {reg.index}: at {y} the network is {net.forward(y)[0]}, the region's affine map "
                                       f"gives {lin}", counterexample={"point": y})
    return verified(f"{n_regions} regions of 6 random rational (2, 4, 3, 1) networks on [-4, 4]^2 (symrelu.regions, exact): "
                    f"each is a convex polygon (its vertices satisfy its facet inequalities) on which the network (its own forward pass) "
                    f"equals the region's affine map J y + c at every vertex and at midpoints towards an interior point")


sheet.table(
    [dict(id="004/abstract-polytopes"), dict(id="004/intro-pl-composition"), dict(id="004/section-2.3.8-jacobian-exact")],
    data={"affine": True},
    perturb=lambda d: {"affine": not d["affine"]},
    check=check_affine_on_regions,
)


def check_one_dimensional(data):
    """Project {0,1}^n by w and classify every Boolean function with a one-hidden-layer network on the projection."""
    for n in (1, 2, 3):
        w = data["w"](n)
        pts = list(itertools.product((0, 1), repeat=n))
        proj = [sum(wi * xi for wi, xi in zip(w, x)) for x in pts]
        if len(set(proj)) != len(pts):
            return refuted(f"n = {n}: w = {w} is not injective on {{0,1}}^n", counterexample={"n": n, "w": w})
        order = sorted(range(len(pts)), key=lambda k: proj[k])
        for code in range(2 ** (2**n)):
            labels = [1 if (code >> k) & 1 else -1 for k in range(2**n)]
            net = interpolating_network([Fraction(proj[k]) for k in order], [labels[k] for k in order])
            if any((net.forward([Fraction(proj[k])])[0] > 0) != (labels[k] > 0) for k in range(2**n)):
                return refuted(f"n = {n}, function {code}: the one-dimensional network misclassifies")
    return verified("w = (2^{n-1}, ..., 2, 1) is injective on {0,1}^n and every Boolean function of n <= 3 inputs is "
                    "classified exactly by a one-hidden-layer network on the projected points (interpolating_network)")


sheet.table(
    [dict(id="004/intro-1.1.3-one-dimensional"), dict(id="004/section-3.3.1-linear-reduction")],
    data={"w": lambda n: [2 ** (n - 1 - k) for k in range(n)]},
    perturb=lambda d: {"w": lambda n: [1] * n},
    check=check_one_dimensional,
)


def check_tropical(data):
    from symrelu.regions import tropical_terms

    rng = np.random.default_rng(3)
    for trial in range(8):
        net = _net(rng, (2, 3, 2, 1))
        F, G = tropical_terms(net)[0]
        for _ in range(20):
            x = [_frac(rng, -20, 20, 3), _frac(rng, -20, 20, 3)]
            mx = lambda T: max(t[0] * x[0] + t[1] * x[1] + t[2] for t in T)  # noqa: E731
            val = mx(F) - data * mx(G)
            if val != net.forward(x)[0]:
                return refuted(f"at {x}: max(F) - {data} max(G) = {val}, the network {net.forward(x)[0]}")
    return verified("8 random rational (2, 3, 2, 1) networks equal max(F) - max(G) of affine terms (regions.tropical_terms) "
                    "exactly at 20 random points each")


sheet.claim("004/intro-1.1.4-tropical", data=1, perturb=lambda d: 2 * d)(check_tropical)


# -- §2.1: perceptrons ------------------------------------------------------------------------------------
def check_threshold_bias(data):
    rng = np.random.default_rng(4)
    for _ in range(500):
        w = [_frac(rng) for _ in range(3)]
        x = [_frac(rng) for _ in range(3)]
        b, t = _frac(rng), _frac(rng)
        s = sum(a * c for a, c in zip(w, x))
        if (s + b >= t) != (s + data(b, t) >= 0):
            return refuted(f"w.x + b >= t and w.x + {data(b, t)} >= 0 differ at w = {w}, x = {x}, b = {b}, t = {t}")
    return verified("w.x + b >= t iff w.x + (b - t) >= 0 for 500 random rational cases")


sheet.claim("004/section-2.1.1-threshold-bias", data=lambda b, t: b - t,
            perturb=lambda f: (lambda b, t: f(b, t) + 1))(check_threshold_bias)


def check_single_feature(data):
    """Eq. 2.2 (no bias, F = 1 iff w.psi >= 0): can a 0/1 class-indicator feature classify both classes?"""
    def works(features):
        # LP: find w with w.psi(x) >= 1 on the positive class and <= -1 on the negative one (margin: strict < 0)
        A_ub, b_ub = [], []
        for cls, psi in ((1, features(1)), (0, features(0))):
            A_ub.append([-v for v in psi] if cls else list(psi))
            b_ub.append(-1 if cls else -1)
        res = linprog(np.zeros(len(features(1))), A_ub=A_ub, b_ub=b_ub, bounds=[(None, None)] * len(features(1)))
        return res.status == 0

    single = works(lambda psi: [psi])
    with_const = works(lambda psi: [psi, 1])
    r1 = (verified("a single 0/1 feature separates the classes") if single == data["single"] else
          refuted("with psi = 0 on the negative class, w * 0 = 0 >= 0 puts it in class 1 for every w (eq. 2.2's '>= 0'): a "
                  "single feature cannot do it", counterexample="psi = 0",
                  correction=Correction("a single feature Psi together with the constant feature 1 (w = (1, -1/2))",
                                        {**data, "single": False})))
    r2 = (verified("Psi with the constant feature 1 (w = (1, -1/2)) classifies both classes") if with_const == data["with_constant"]
          else refuted("Psi with the constant feature does not classify"))
    return from_readings([Reading.of("single-feature", "the feature Psi alone, as the sentence says", r1),
                          Reading.of("with-constant", "Psi together with the constant feature 1 mentioned before", r2)],
                         detail="Linear programs under eq. 2.2.")


sheet.claim("004/section-2.1.1-single-feature", data={"single": True, "with_constant": True},
            perturb=lambda d: {"single": not d["single"], "with_constant": not d["with_constant"]})(check_single_feature)


def check_translation(data):
    for R in (4, 5, 6, 7, 8, 2, 3):
        for pattern in itertools.product((0, 1), repeat=R):
            if not any(pattern):
                continue  # the empty pattern activates nothing
            shifts = [pattern[-s:] + pattern[:-s] if s else pattern for s in range(R)]
            for j in range(R):
                hits = sum(p[j] for p in shifts)
                if hits != data(pattern):
                    return refuted(f"R = {R}, pattern {pattern}: over all translations bit {j} is on {hits} times, not "
                                   f"{data(pattern)}: the count is the pattern's number of 'on' values",
                                   counterexample={"pattern": pattern, "hits": hits},
                                   correction=Correction("each input is activated as many times as the pattern has 'on' values",
                                                         lambda p: sum(p)))
    return verified("over the R cyclic translations every bit is on exactly (number of 'on' values) times, R <= 8: an "
                    "invariant perceptron with single-bit predicates (equal weights) sees only the count")


sheet.claim("004/section-2.1.2-translation-example", data=lambda p: 4,
            perturb=lambda f: (lambda p: f(p) + 1))(check_translation)


_XOR = {(0, 0): 1, (1, 1): 1, (0, 1): -1, (1, 0): -1}  # the proof: 00 and 11 in the class F = 1 (>= 0)


def check_xor_lp(data):
    """Eq. 2.1 with margin 1 for the strict side: is there (w1, w2, b) classifying the labels?"""
    A, bvec = [], []
    for (x1, x2), lab in data.items():
        row = [x1, x2, 1]
        if lab == 1:
            A.append([-v for v in row])
            bvec.append(0)
        else:
            A.append(row)
            bvec.append(-1)
    res = linprog(np.zeros(3), A_ub=A, b_ub=bvec, bounds=[(None, None)] * 3)
    if res.status == 0:
        return refuted(f"the labels {data} are separable: w1, w2, b = {np.round(res.x, 3).tolist()}")
    return verified("no (w1, w2, b) satisfies eqs. 2.5-2.6 (linear program infeasible): XOR is not linearly separable")


sheet.claim("004/theorem-2.1.2", data=_XOR, perturb=lambda d: {**d, (1, 1): -1})(check_xor_lp)


_w1, _w2, _b = sp.symbols("w1 w2 b", real=True)


def check_xor_equation(data):
    """Each printed expression equals w.x + b at its point (eqs. 2.5-2.6) or the sum of two of them (eqs. 2.7-2.8)."""
    lhs = lambda x1, x2: _w1 * x1 + _w2 * x2 + _b  # noqa: E731
    for (pts, printed) in data:
        want = sum(lhs(*p) for p in pts)
        if sp.expand(want - printed) != 0:
            return refuted(f"at {pts}: w.x + b summed is {want}, printed {printed}")
    return verified("the printed left-hand sides are w.x + b at the points (summed where two inequalities are combined)")


sheet.table(
    [dict(id="004/equation-2.5", data=(([(1, 1)], _w1 + _w2 + _b), ([(0, 0)], _b))),
     dict(id="004/equation-2.6", data=(([(1, 0)], _w1 + _b), ([(0, 1)], _w2 + _b))),
     dict(id="004/equation-2.7", data=(([(1, 1), (0, 0)], _w1 + _w2 + 2 * _b),)),
     dict(id="004/equation-2.8", data=(([(1, 0), (0, 1)], _w1 + _w2 + 2 * _b),))],
    perturb=lambda d: tuple((pts, e + _b) for pts, e in d),
    check=check_xor_equation,
)


def _sign_representable(R, masks):
    """LP: is R-parity (1 for odd) a threshold function (>= 0 / < 0 with margin) of the AND masks in ``masks``?"""
    pts = list(itertools.product((0, 1), repeat=R))
    A, b = [], []
    for x in pts:
        feats = [math.prod(x[i] for i in S) for S in masks]
        if sum(x) % 2:
            A.append([-f for f in feats])
            b.append(0)
        else:
            A.append(feats)
            b.append(-1)
    res = linprog(np.zeros(len(masks)), A_ub=A, b_ub=b, bounds=[(None, None)] * len(masks))
    return res.status == 0


def check_parity_masks(data):
    res = {"all": True, "order": True}
    for R in (2, 3, 4):
        all_masks = [S for k in range(R + 1) for S in itertools.combinations(range(R), k)]
        res["all"] &= all(not _sign_representable(R, [S for S in all_masks if S != T]) for T in all_masks)
        res["order"] &= not _sign_representable(R, [S for S in all_masks if len(S) < R])
    r_all = (verified("every one of the 2^R AND masks is needed (R = 2, 3, 4: dropping any one makes parity unrepresentable)")
             if res["all"] == data["all"] else
             refuted("dropping some AND mask keeps parity representable (R <= 4): not all 2^R masks are required",
                     counterexample=res, correction=Correction("parity needs the mask of order R (Minsky-Papert: order R)",
                                                               {**data, "all": res["all"]})))
    r_order = (verified("the order-R mask is needed (without it parity is not representable, R = 2, 3, 4)")
               if res["order"] == data["order"] else refuted("parity is representable without the order-R mask"))
    return from_readings([Reading.of("all-masks", "every one of the 2^R AND masks needs a nonzero weight", r_all),
                          Reading.of("order-r", "some mask of support R is needed (parity has order R)", r_order)],
                         detail="Threshold representations over AND masks, linear programs (scipy.optimize.linprog).")


sheet.claim("004/theorem-2.1.3", data={"all": True, "order": True},
            perturb=lambda d: {"all": not d["all"], "order": not d["order"]})(check_parity_masks)


# -- §2.2.1: backpropagation ---------------------------------------------------------------------------------
_t, _F = sp.symbols("t F", real=True)


def check_eq_2_11(data):
    E = sp.Rational(1, 2) * (_t - _F) ** 2
    true = sp.diff(E, _F)
    if sp.simplify(true - data) != 0:
        return refuted(f"dE/dF = {sp.simplify(true)} for E = 1/2 (t - F)^2 (eq. 2.10), printed {data}",
                       counterexample=sp.simplify(true), correction=Correction("dE/dF_ij = F_ij - t_ij", _F - _t))
    return verified(f"dE/dF = {data}")


sheet.claim("004/equation-2.11", data=_t - _F, perturb=lambda d: 2 * d)(check_eq_2_11)


def _mlp(rng, widths, act):
    Ws = [rng.normal(size=(b, a)) for a, b in zip(widths[:-1], widths[1:])]
    bs = [rng.normal(size=b) for b in widths[1:]]
    return Ws, bs


_ACTS = {"sigmoid": (lambda a: 1 / (1 + np.exp(-a)), lambda a: np.exp(-a) / (1 + np.exp(-a)) ** 2),
         "tanh": (np.tanh, lambda a: 1 - np.tanh(a) ** 2)}


def _forward(Ws, bs, x, act):
    s = _ACTS[act][0]
    outs, pre = [x], []
    for W, b in zip(Ws, bs):
        pre.append(W @ outs[-1] + b)
        outs.append(s(pre[-1]))
    return pre, outs


def check_backprop(data):
    rng = np.random.default_rng(5)
    for act in ("sigmoid", "tanh"):
        for trial in range(4):
            widths = [int(rng.integers(1, 4)) for _ in range(4)]
            Ws, bs = _mlp(rng, widths, act)
            x, t = rng.normal(size=widths[0]), rng.normal(size=widths[-1])
            E = lambda Ws, bs: 0.5 * float(np.sum((t - _forward(Ws, bs, x, act)[1][-1]) ** 2))  # noqa: E731
            pre, outs = _forward(Ws, bs, x, act)
            ds = _ACTS[act][1]
            L = len(Ws)
            deltas = [None] * L
            deltas[-1] = data["delta_L"](outs[-1] - t, ds(pre[-1]))
            for l in range(L - 2, -1, -1):
                deltas[l] = data["delta_l"](Ws[l + 1], deltas[l + 1], ds(pre[l]))
            h = 1e-6
            for l in range(L):
                for j, k in itertools.product(range(Ws[l].shape[0]), range(Ws[l].shape[1])):
                    Wp = [W.copy() for W in Ws]
                    Wm = [W.copy() for W in Ws]
                    Wp[l][j, k] += h
                    Wm[l][j, k] -= h
                    fd = (E(Wp, bs) - E(Wm, bs)) / (2 * h)
                    got = data["dw"](outs[l][k], deltas[l][j])
                    if not math.isclose(got, fd, rel_tol=1e-5, abs_tol=1e-8):
                        return refuted(f"{act}, widths {widths}: dE/dw_{j}{k}^({l + 1}) is {fd:.6g} (finite differences), "
                                       f"the printed formulas give {got:.6g}")
                for j in range(len(bs[l])):
                    bp = [b.copy() for b in bs]
                    bm = [b.copy() for b in bs]
                    bp[l][j] += h
                    bm[l][j] -= h
                    fd = (E(Ws, bp) - E(Ws, bm)) / (2 * h)
                    got = data["db"](deltas[l][j])
                    if not math.isclose(got, fd, rel_tol=1e-5, abs_tol=1e-8):
                        return refuted(f"{act}: dE/db_{j}^({l + 1}) is {fd:.6g}, the printed formula gives {got:.6g}")
    return verified("delta^(L) = grad_o E (.) sigma'(a^(L)), delta^(l) = (W^(l+1)T delta^(l+1)) (.) sigma'(a^(l)), "
                    "dE/dw_jk = o_k delta_j, dE/db_j = delta_j agree with central finite differences of E = 1/2 |t - F|^2 "
                    "for 8 random sigmoid and tanh networks of 3 layers (rtol 1e-5)")


_BP = {"delta_L": lambda gE, ds: gE * ds, "delta_l": lambda W, d, ds: (W.T @ d) * ds,
       "dw": lambda o_k, d_j: o_k * d_j, "db": lambda d_j: d_j}

sheet.table(
    [dict(id="004/equation-2.17", perturb=lambda d: {**d, "delta_L": lambda gE, ds: gE}),
     dict(id="004/equation-2.18", perturb=lambda d: {**d, "delta_L": lambda gE, ds: gE * ds * 2}),
     dict(id="004/equation-2.21", perturb=lambda d: {**d, "delta_l": lambda W, dd, ds: (W.T @ dd)}),
     dict(id="004/equation-2.22", perturb=lambda d: {**d, "dw": lambda o_k, d_j: d_j}),
     dict(id="004/equation-2.23", perturb=lambda d: {**d, "db": lambda d_j: 2 * d_j})],
    data=_BP,
    check=check_backprop,
)


# -- §2.2.2: universal approximation ---------------------------------------------------------------------
def check_relu_bounded(data):
    relu = ReLUNetwork([([[1]], [0]), ([[1]], [0])])
    sup = max(relu.forward([Fraction(10) ** k])[0] for k in range(0, 30, 3))
    bounded = sup < 10**20
    if bounded != data["relu_bounded"]:
        return refuted(f"ReLU is unbounded on R (relu(10^27) = {sup}); the pre-activations w.x + b range over R because w, b "
                       f"are free, so compactness of I_m does not bound them: ReLU violates the hypothesis",
                       counterexample=sup,
                       correction=Correction("ReLU violates the boundedness hypothesis, but relu(t) - relu(t - 1) is "
                                             "nonconstant, continuous and bounded, so the theorem covers ReLU networks",
                                             {"relu_bounded": False, "clipped_bounded": True}))
    clipped = ReLUNetwork([([[1], [1]], [0, -1]), ([[1, -1]], [0])])
    f = clipped.to_pwl(-10**6, 10**6).output
    vals = set(f.values)
    ok = (max(vals) <= 1 and min(vals) >= 0 and len(vals) > 1) == data.get("clipped_bounded", True)
    return verified("relu(t) - relu(t - 1) takes values in [0, 1] on [-10^6, 10^6] and is nonconstant") if ok else \
        refuted("the clipped ReLU is not a bounded nonconstant function")


sheet.claim("004/section-2.2.2-relu-bounded", data={"relu_bounded": True},
            perturb=lambda d: {**d, "clipped_bounded": False})(check_relu_bounded)


def check_output_bias(data):
    rng = np.random.default_rng(6)
    for _ in range(20):
        net = _net(rng, (2, 3, 1))
        c = _frac(rng)
        (W1, b1), (W2, b2) = net.layers
        b = data["b"]
        with_bias = ReLUNetwork([(W1, b1), (W2, [b2[0] + c])])
        v_extra = c / b if b > 0 else c  # relu(b) = b for b > 0
        extra = ReLUNetwork([(list(W1) + [[0, 0]], list(b1) + [b]), ([list(W2[0]) + [v_extra]], [b2[0]])])
        for x in ([_frac(rng), _frac(rng)] for _ in range(10)):
            if extra.forward(x)[0] != with_bias.forward(x)[0]:
                return refuted(f"the extra unit (w = 0, b = {b}) does not reproduce the output bias {c}")
    return verified("an output bias c equals one extra unit with w = 0, b > 0 and output weight c/relu(b), exactly, for 20 "
                    "random networks")


sheet.claim("004/section-2.2.2-no-output-bias", data={"b": Fraction(1)},
            perturb=lambda d: {"b": -d["b"]})(check_output_bias)


def check_relu_rectangle(data):
    a, b = Fraction(-1), Fraction(2)
    errs = []
    for delta in (Fraction(1, 4), Fraction(1, 16), Fraction(1, 64)):
        net = ReLUNetwork([([[1]] * 4, [-a, -(a + delta), -(b - delta), -b]),
                           ([[1 / delta, -1 / delta, -1 / delta, 1 / delta]], [0])])
        f = net.to_pwl(Fraction(-5), Fraction(5)).output
        kinks = len(f.breakpoints)
        flat = all(f(x) == 1 for x in (a + delta, (a + b) / 2, b - delta))
        if kinks != data["units"] or not flat:
            return refuted(f"the trapezoid has {kinks} kinks (claimed {data['units']} units, one kink each)")
        # L1 distance to the indicator of [a, b]: the two ramps, delta/2 each
        errs.append(float(delta))
    return verified(f"the 4-unit trapezoid relu(x-a) - relu(x-a-d) - relu(x-b+d) + relu(x-b) (times 1/d) has 4 kinks and "
                    f"a flat top 1, L1 distance d to the indicator of [a, b] (d = {errs}); a one-hidden-layer unit adds one "
                    f"kink, so 3 units cannot make a flat-topped bump")


sheet.claim("004/section-2.2.2-relu-rectangle", data={"units": 4}, perturb=lambda d: {"units": d["units"] - 1})(check_relu_rectangle)


def check_figure_2_3(data):
    L = 2 * math.pi
    widths, errs = [], []
    for k in (10, 20, 40, 80):
        edges = np.linspace(0, L, k + 1)
        mids = (edges[:-1] + edges[1:]) / 2
        xs = np.linspace(0, L, 20001)[:-1]
        approx = np.sin(mids)[np.minimum((xs / L * k).astype(int), k - 1)]
        errs.append(float(np.max(np.abs(approx - np.sin(xs)))))
        widths.append(L / k)
    trend = "decrease" if widths[-1] < widths[0] else "increase"
    units = data["rects"] * data["units_per_rect"]
    if units != data["units"] or trend != data["width_trend"] or not errs[-1] < errs[0]:
        return refuted(f"{data['rects']} rectangles x {data['units_per_rect']} units = {units}; with more rectangles on [0, 2 pi] "
                       f"the widths {np.round(widths, 3).tolist()} {trend} and the sup error {np.round(errs, 3).tolist()} falls",
                       counterexample={"widths": widths},
                       correction=Correction("more pairs increase the number of rectangles and decrease their widths",
                                             {**data, "width_trend": "decrease"}))
    return verified(f"{units} units for {data['rects']} rectangles; more rectangles: widths {trend}, error falls")


sheet.claim("004/figure-2.3", data={"rects": 20, "units_per_rect": 2, "units": 40, "width_trend": "increase"},
            perturb=lambda d: {**d, "units": d["units"] + 2})(check_figure_2_3)


def check_dropout_count(data):
    for N in range(0, 11):
        n = sum(1 for _ in itertools.product((0, 1), repeat=N))
        if n != data(N):
            return refuted(f"N = {N}: {n} subsets of active nodes, not {data(N)}")
    return verified("N hidden nodes give 2^N subsets of active nodes (enumeration, N <= 10; the empty one included)")


sheet.claim("004/section-2.2.3-dropout-count", data=lambda N: 2**N, perturb=lambda f: (lambda N: f(N) - 1))(check_dropout_count)


def check_dropout_half(data):
    ps = np.linspace(0.05, 0.95, 91)
    readings = []
    N, T = 6, 20
    sizes = np.arange(N + 1)
    mult = np.array([math.comb(N, s) for s in sizes])

    def distinct(p):
        q = p ** sizes * (1 - p) ** (N - sizes)  # probability of one particular subnetwork of size s (kept nodes)
        return float(np.sum(mult * (1 - (1 - q) ** T)))

    def entropy(p):
        return float(-N * (p * np.log2(p) + (1 - p) * np.log2(1 - p)))

    for name, desc, fn in (("distinct-subnetworks", f"expected number of distinct subnetworks in T = {T} draws, N = {N}", distinct),
                           ("mask-entropy", "entropy N H(p) of one sampled mask", entropy)):
        best = float(ps[np.argmax([fn(p) for p in ps])])
        detail = f"maximized at p = {best:.2f} over a grid of step 0.01"
        out = verified(detail) if abs(best - data) < 1e-9 else refuted(detail, counterexample=best)
        readings.append(Reading.of(name, desc, out))
    return from_readings(readings, detail="Dropout rate maximizing the variety of sampled models.")


sheet.claim("004/section-2.2.3-dropout-half", data=0.5, perturb=lambda d: d + 0.2)(check_dropout_half)


# -- §2.3.2: region counts --------------------------------------------------------------------------------
def _bound_226(widths_hidden, k):
    return math.prod(sum(math.comb(n, i) for i in range(k + 1)) for n in widths_hidden)


def check_eq_2_26(data):
    rng = np.random.default_rng(7)
    readings = []
    cases = []
    for hidden in ((4,), (3, 3), (5,)):
        net = _net(rng, (2,) + hidden + (1,))
        cases.append((hidden, len(regions(net, _box(60)))))
    scale = data["scale"]
    for name, desc, kf in (("k-any", "any constant k <= every hidden width, as printed (checked with k = 1)", lambda h: data["k"]),
                           ("k-input-dim", "k = min(N_0, widths): the cited bound (Serra et al.)", lambda h: min([2] + list(h)))):
        bad = [(h, c, scale * _bound_226(h, kf(h))) for h, c in cases if c > scale * _bound_226(h, kf(h))]
        if bad:
            out = refuted(f"regions exceed the bound: (hidden widths, regions, bound) {bad}", counterexample=bad,
                          correction=Correction("the bound with k = min(N_0, N_1, ..., N_l)", {**data, "k": 2}))
        else:
            out = verified(f"regions <= bound for {[(h, c) for h, c in cases]}")
        readings.append(Reading.of(name, desc, out))
    return from_readings(readings, detail="Exact region counts (symrelu.regions) of random rational networks with N_0 = 2 on [-60, 60]^2.")


sheet.claim("004/equation-2.26", data={"k": 1, "scale": 1},
            perturb=lambda d: {"k": 0, "scale": Fraction(1, 4)})(check_eq_2_26)


def check_upper_asymptotic(data):
    N = sp.Symbol("N", positive=True)
    readings = []
    for name, desc, factors in (("hidden-layers", "L counts the hidden layers (every factor has N units)", lambda L: L),
                                ("with-output-layer", "L counts every layer, the output layer's factor a constant", lambda L: L - 1)):
        ok = True
        for k, L in ((1, 2), (2, 3), (3, 2)):
            prod = sp.Mul(*[sum(sp.binomial(N, i) for i in range(k + 1))] * factors(L))
            lim = sp.limit(sp.expand_func(prod) / N ** data(k, L), N, sp.oo)
            if not (lim.is_finite and lim != 0):
                ok = False
                bad = (k, L, lim)
                break
        out = verified("the product of the factors is Theta(N^{exponent}) for (k, L) in {(1,2), (2,3), (3,2)}") if ok else \
            refuted(f"(k, L) = {bad[:2]}: product / N^exponent -> {bad[2]}", counterexample=bad,
                    correction=Correction("O(N^{kL}) with L hidden layers", lambda k, L: k * L))
        readings.append(Reading.of(name, desc, out))
    return from_readings(readings, detail="SymPy limits of the eq. 2.26 product against N^exponent.")


sheet.claim("004/section-2.3.2-upper-asymptotic", data=lambda k, L: k * (L - 1),
            perturb=lambda f: (lambda k, L: f(k, L) + 1))(check_upper_asymptotic)


def _zigzag_count(widths):
    """Activation regions on [0, 1] of folding layers of widths N_1..N_{L-1} followed by N_L units at generic cuts."""
    from symrelu.pwl import PiecewiseLinear

    f = PiecewiseLinear([0, 1], [0, 1])
    for N in widths[:-1]:
        zig = PiecewiseLinear([Fraction(j, N) for j in range(N + 1)], [j % 2 for j in range(N + 1)])
        f = zig.compose(f)
    last = widths[-1]
    cuts = [Fraction(2 * j + 1, 2 * last + 1) + Fraction(1, 997) for j in range(last)]
    # activation regions: bounded by the folds' kinks and the last layer's crossings f = c_j; f is added so that the
    # kinks at the folds' valleys (where every last-layer unit is off on both sides) are still counted
    g = f + sum((f - c).relu() * (j + 2) for j, c in enumerate(cuts))
    return len(g.slopes)


def check_eq_2_27(data):
    for widths in ((2, 3), (3, 2), (2, 2, 3), (3, 3, 2), (4, 1)):
        got = _zigzag_count(widths)
        bound = data(1, widths)
        if got != bound:
            return refuted(f"N_0 = 1, widths {widths}: the folding construction has {got} activation regions, the formula gives {bound}",
                           counterexample={"widths": widths, "pieces": got, "bound": bound})
    return verified("at N_0 = 1 the folding (zig-zag) networks with widths N_1..N_L have exactly "
                    "(prod_{i<L} N_i)(1 + N_L) activation regions on [0, 1] (fold kinks and last-layer crossings), the printed "
                    "lower bound, for 5 width sequences")


sheet.claim("004/equation-2.27",
            data=lambda N0, w: math.prod((n // N0) ** N0 for n in w[:-1]) * sum(math.comb(w[-1], j) for j in range(N0 + 1)),
            perturb=lambda f: (lambda N0, w: f(N0, w) + 1))(check_eq_2_27)


def check_eq_2_28(data):
    N = sp.Symbol("N", positive=True, integer=True)
    for N0, L in ((1, 2), (2, 3), (3, 2)):
        exact = (N / N0) ** (N0 * (L - 1)) * sum(sp.binomial(N, j) for j in range(N0 + 1))  # floor dropped: N a multiple of N0
        lim = sp.limit(sp.expand_func(exact) / data(N, N0, L), N, sp.oo)
        if not (lim.is_finite and lim > 0):
            return refuted(f"N_0 = {N0}, L = {L}: eq. 2.27 / printed rate -> {lim}")
    return verified("with N_i = N, eq. 2.27 divided by (N/N_0)^{(L-1)N_0} N^{N_0} tends to 1/N_0! (N_0 = 1, 2, 3)")


sheet.claim("004/equation-2.28", data=lambda N, N0, L: (N / N0) ** ((L - 1) * N0) * N**N0,
            perturb=lambda f: (lambda N, N0, L: f(N, N0, L) * N))(check_eq_2_28)


def check_tight(data):
    readings = []
    for name, desc, upper in (("same-l", "the same L in eqs. 2.26-2.28 (L hidden layers)", lambda N0, L: N0 * (L - 1)),
                              ("l-shifted", "eq. 2.26's L counts the output layer too, eq. 2.27's only hidden layers",
                               lambda N0, L: N0 * L)):
        bad = [(N0, L) for N0 in (1, 2, 3) for L in (2, 3, 4) if data["lower"](N0, L) > upper(N0, L)]
        out = (verified("the lower-bound exponent N_0 L equals the upper one: tight in the exponent of N") if not bad else
               refuted(f"lower-bound exponent N_0 L exceeds the upper bound's N_0 (L - 1) at (N_0, L) = {bad[0]}: the bounds "
                       f"contradict each other", counterexample=bad,
                       correction=Correction("tight only if the two L's count different layers", {"lower": lambda N0, L: N0 * (L - 1)})))
        readings.append(Reading.of(name, desc, out))
    return from_readings(readings, detail="Exponents of N: upper O(N^{k(L-1)}) with k = N_0, lower Omega(N^{(L-1)N_0 + N_0}).")


sheet.claim("004/section-2.3.2-tight", data={"lower": lambda N0, L: N0 * (L - 1) + N0},
            perturb=lambda d: {"lower": lambda N0, L: d["lower"](N0, L) + 5})(check_tight)


def check_identical_units(data):
    rng = np.random.default_rng(8)
    counts = set()
    for width in (2, 3, 5):
        w, b = [_frac(rng, nonzero=True), _frac(rng, nonzero=True)], _frac(rng)
        v = [_frac(rng, 1, 9) for _ in range(width)]
        net = ReLUNetwork([([w] * width, [b] * width), ([v], [0])])
        counts.add(len(regions(net, _box(20))))
    if counts != {data}:
        return refuted(f"identical units give {sorted(counts)} regions, not {data}")
    return verified(f"one hidden layer of 2, 3, 5 identical units (same weights and bias): {data} regions on [-20, 20]^2")


sheet.claim("004/section-2.3.2-identical-units", data=2, perturb=lambda d: d + 1)(check_identical_units)


def check_polynomial(data):
    readings = []
    widths = (2, 3, 2, 1)
    Ws = [sp.Matrix(b, a, lambda i, j: sp.Symbol(f"w{l}_{i}{j}")) for l, (a, b) in enumerate(zip(widths[:-1], widths[1:]))]
    x = sp.Matrix([sp.Rational(3, 2), sp.Rational(-1, 3)])
    out = x
    for W in Ws:  # a fixed activation pattern (all on): the network is linear in each layer's weights
        out = W * out
    y = sp.expand(out[0])
    t = sp.Rational(1, 2)
    loss = sp.expand((y - t) ** 2 / 2)
    paths = math.prod(widths)
    for name, desc, expr in (("output", "the network output (Choromanska et al.)", y), ("loss", "the L2 loss, as printed", loss)):
        P = sp.Poly(expr, *sorted(expr.free_symbols, key=str))
        deg, mono = P.total_degree(), len(P.terms())
        # the loss reading is judged on the degree (its monomial count is not the number of paths either way)
        ok = deg == data["degree"](len(Ws)) and (name == "loss" or mono == data["monomials"](paths))
        detail = f"degree {deg}, {mono} monomials (layers {len(Ws)}, input-output paths {paths})"
        readings.append(Reading.of(name, desc, verified(detail) if ok else refuted(
            detail, counterexample={"degree": deg, "monomials": mono},
            correction=Correction("the L2 loss is a polynomial of degree twice the number of layers (the output has degree "
                                  "= number of layers and one monomial per path); cross-entropy is not a polynomial",
                                  {**data, "degree": lambda L: 2 * L}))))
    return from_readings(readings, detail="SymPy expansion of a bias-free (2, 3, 2, 1) network with every unit on.")


sheet.claim("004/section-2.3.4-polynomial", data={"degree": lambda L: L, "monomials": lambda p: p},
            perturb=lambda d: {**d, "degree": lambda L: L + 1})(check_polynomial)


def check_integer_weights(data):
    rng = np.random.default_rng(9)
    for trial in range(20):
        net = _net(rng, (2, 3, 3, 1))
        D = math.lcm(*[q.denominator for W, b in net.layers for row in W for q in row] +
                     [q.denominator for W, b in net.layers for q in b])
        L = len(net.layers)
        scaled = ReLUNetwork([([[q * D for q in row] for row in W], [q * data(D, l + 1) for q in b])
                              for l, (W, b) in enumerate(net.layers)])
        if not all(q.denominator == 1 for W, b in scaled.layers for row in W for q in row):
            return refuted("the scaled weights are not integers")
        for x in ([_frac(rng), _frac(rng)] for _ in range(10)):
            if scaled.forward(x)[0] != D**L * net.forward(x)[0]:
                return refuted(f"the scaled network is not D^L times the original at {x} (D = {D})")
    return verified("multiplying layer l's weights by the common denominator D and its biases by D^l gives an integer network "
                    "equal to D^L times the original (positive homogeneity), for 20 random rational networks")


sheet.claim("004/section-2.3.9-integer-weights", data=lambda D, l: D**l,
            perturb=lambda f: (lambda D, l: D))(check_integer_weights)
