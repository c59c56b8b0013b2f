"""Claims of 004 chapter 5 beyond the existing ones: the XOR network of eq. 5.11, the Jacobian
(eqs. 5.6-5.7), the Taylor series (eq. 5.1), the tropical semiring (eq. 5.17), the
arrangement bound of §5.2, the sine interpolants of Figure 5.4 and the two representations
of §5.5 (eqs. 5.24-5.25).

Networks are `symrelu.network.ReLUNetwork` objects in exact rationals; regions and their
affine maps come from `symrelu.regions`, the tropical form from `symrelu.regions.tropical_terms`.
"""

from __future__ import annotations

import math
import random
from fractions import Fraction as Q

import sympy as sp
from scipy import integrate

from proofs_check.claim import Correction, Reading, from_readings, refuted, verified
from proofs_check.registry import claim_sheet
from symrelu.constructions import interpolating_network
from symrelu.network import ReLUNetwork
from symrelu.regions import Box, regions, tropical_terms

sheet = claim_sheet(__file__)

XOR_POINTS = {(1, 1): -1, (-1, -1): -1, (1, -1): 1, (-1, 1): 1}  # Figure 5.2a, rescaled to ±1


def _net(d) -> ReLUNetwork:
    return ReLUNetwork([(d["A"], d["b"]), ([list(d["w"])], [d["c"]])])


def _random_net(rng, widths):
    layers = []
    for fan_in, fan_out in zip(widths, widths[1:]):
        layers.append(([[rng.randint(-3, 3) for _ in range(fan_in)] for _ in range(fan_out)],
                       [rng.randint(-3, 3) for _ in range(fan_out)]))
    return ReLUNetwork(layers)


# -- eq. 5.11: does the network solve the modified XOR? --------------------------------------
def _xor(data):
    net = _net(data)
    out = {p: net.forward([Q(p[0]), Q(p[1])])[0] for p in XOR_POINTS}
    shown = ", ".join(f"v{p} = {v}" for p, v in out.items())

    def rule(name, ok):
        bad = [p for p in XOR_POINTS if not ok(out[p], XOR_POINTS[p])]
        if bad:
            return refuted(f"{name}: fails at {bad} ({shown})", counterexample={str(p): str(out[p]) for p in bad},
                           correction=Correction("the network with w = [2, -3]^T, c = -1 (A, b as printed) "
                                                 "outputs exactly -1, -1, 1, 1 on the four XOR points", XOR_FIXED))
        return verified(f"{name}: {shown}")

    return from_readings([
        Reading.of("strict", "positive class iff output > 0",
                   rule("output > 0 on the positive points, < 0 on the negative ones",
                        lambda v, t: v * t > 0),
                   fixed_by="Figure 5.3's caption ('neural network output greater than zero')"),
        Reading.of("non-strict", "positive class iff output >= 0",
                   rule("output >= 0 on the positive points, < 0 on the negative ones",
                        lambda v, t: v >= 0 if t > 0 else v < 0)),
        Reading.of("regression", "the outputs equal the rescaled targets ±1 (Figure 5.2a)",
                   rule("outputs equal the targets", lambda v, t: v == t)),
    ], detail="The network of eq. 5.11 on the four points (±1, ±1) of Figure 5.2a (exact).")


XOR_PRINTED = {"A": [[1, 1], [1, 1]], "b": [1, 0], "w": (1, -2), "c": -1}
XOR_FIXED = {**XOR_PRINTED, "w": (2, -3)}

sheet.claim("004/equation-5.11", data=XOR_PRINTED, perturb=lambda d: {**d, "c": d["c"] - 2})(_xor)


# -- eq. 5.7: v(x) ~ v(x0) + J(x0) x ---------------------------------------------------------
def _linearization(data):
    net = _net(XOR_PRINTED)
    complex_ = regions(net, Box([-3, -3], [3, 3]))
    x0 = (Q(-1), Q(1, 2))
    region = complex_[complex_.locate([float(x0[0]), float(x0[1])])]
    J = region.jacobian[0]
    v0 = net.forward(list(x0))[0]
    # points of x0's region (T = x1 + x2 in (-1, 0)), nearer and nearer to x0
    for h in (Q(1, 10), Q(1, 100), Q(1, 1000)):
        x = (x0[0] + h, x0[1] - h / 2)
        exact = net.forward(list(x))[0]
        approx = data(v0, J, x, x0)
        if approx != exact:
            return refuted(f"at x = {tuple(map(str, x))} (h = {h}), v(x) = {exact} but the formula gives {approx}; "
                           f"J = {list(map(str, J))}, v(x0) = {v0}", counterexample={"x": tuple(map(str, x)),
                                                                                  "v": str(exact), "formula": str(approx)},
                           correction=Correction(r"$v(x) = v(x_0) + \mathbf{J}_v(x_0)(x - x_0)$, exact while x stays "
                                                 "in x_0's linear region", _correct_57))
    return verified(f"v(x) = v(x0) + J (x - x0) exactly in x0's region (J = {list(map(str, J))}, v(x0) = {v0})")


def _printed_57(v0, J, x, x0):
    return v0 + J[0] * x[0] + J[1] * x[1]


def _correct_57(v0, J, x, x0):
    return v0 + J[0] * (x[0] - x0[0]) + J[1] * (x[1] - x0[1])


sheet.claim("004/equation-5.7", data=_printed_57,
            perturb=lambda f: (lambda v0, J, x, x0: f(v0, J, x, x0) + (x[0] - x0[0]) ** 2))(_linearization)


# -- eq. 5.6: the Jacobian of v: R^d -> R^n is d x n -----------------------------------------
def _jacobian_shape(data):
    rng = random.Random(5)
    d, n_out = 3, 2
    net = _random_net(rng, [d, 4, n_out])
    complex_ = regions(net, Box([-2] * d, [2] * d))
    region = max(complex_, key=lambda r: len(r.vertices))
    J = region.jacobian
    x = [sum(v[i] for v in region.vertices) / len(region.vertices) for i in range(d)]  # inside the region
    shape = {"d": d, "n": n_out}
    expected = (shape[data["rows"]], shape[data["cols"]])
    if (len(J), len(J[0])) != expected:
        return refuted(f"a network R^{d} -> R^{n_out}: its Jacobian is {len(J)} x {len(J[0])} (n x d), not "
                       f"{data['rows']} x {data['cols']} = {expected[0]} x {expected[1]}",
                       counterexample=(len(J), len(J[0])),
                       correction=Correction(r"$\mathbf{J}_v$ is $n \times d$ with rows $\nabla_x^T v_1, \dots, "
                                             r"\nabla_x^T v_n$ and $\mathbf{J}_{v,ij} = \partial v_i/\partial x_j$",
                                             {"rows": "n", "cols": "d"}))
    h = Q(1, 10**6)  # exact difference quotients inside the region: J_ij = dv_i / dx_j
    for j in range(d):
        y = list(x)
        y[j] += h
        diff = [(a - b) / h for a, b in zip(net.forward(y), net.forward(x))]
        if [J[i][j] for i in range(n_out)] != diff:
            return refuted(f"column {j} of J is not d v / d x_{j}")
    return verified(f"a network R^{d} -> R^{n_out} has a {len(J)} x {len(J[0])} Jacobian with J_ij = dv_i/dx_j (exact)")


sheet.claim("004/equation-5.6", data={"rows": "d", "cols": "n"},
            perturb=lambda d: {"rows": d["cols"], "cols": d["rows"]})(_jacobian_shape)


# -- eq. 5.1: the Taylor series of an infinitely differentiable function -----------------------
x = sp.Symbol("x", real=True)
TAYLOR_ORDER = 8


def _taylor(data):
    tests = {"smooth": [(sp.Piecewise((sp.exp(-1 / x**2), sp.Ne(x, 0)), (0, True)), 0, 1)],
             "analytic": [(sp.exp(x), 0, 1), (sp.sin(x), 1, 2), (1 / (1 - x), 0, sp.Rational(1, 2))]}
    tests["smooth"] += tests["analytic"]
    for f, x0, at in tests[data["class"]]:
        g = f.args[0][0] if isinstance(f, sp.Piecewise) else f
        coeffs = []
        for k_ in range(TAYLOR_ORDER + 1):
            dk = sp.diff(g, x, k_)
            coeffs.append(sp.limit(dk, x, x0) if isinstance(f, sp.Piecewise) else dk.subs(x, x0))
        partial = [sum(data["coef"](c, i) * (at - x0) ** i for i, c in enumerate(coeffs[:N + 1]))
                   for N in (TAYLOR_ORDER // 2, TAYLOR_ORDER)]
        value = g.subs(x, at)
        err = [abs(sp.N(p - value, 30)) for p in partial]
        if not err[1] < err[0] / 4 or err[1] > sp.Float("0.05"):
            return refuted(f"f = {g} at x0 = {x0}: f({at}) = {sp.N(value, 8)} but the Taylor partial sums "
                           f"(orders {TAYLOR_ORDER // 2}, {TAYLOR_ORDER}) are {[sp.N(p, 8) for p in partial]}",
                           counterexample={"f": str(g), "x0": str(x0), "x": str(at)},
                           correction=Correction("eq. 5.1 holds for f analytic at x_0, for |x - x_0| below the radius "
                                                 "of convergence (not for every infinitely differentiable f)",
                                                 {**data, "class": "analytic"}))
    return verified(f"the Taylor partial sums converge to f on the test functions of class {data['class']}")


sheet.claim("004/equation-5.1", data={"class": "smooth", "coef": lambda c, i: c / sp.factorial(i)},
            perturb=lambda d: {**d, "coef": lambda c, i: c / sp.factorial(i + 1)})(_taylor)


# -- eq. 5.17: the carrier of the max-plus semiring --------------------------------------------
def _semiring(data):
    t = sp.Symbol("t", real=True)
    zero = data
    if sp.Max(t, zero) != t or sp.Max(zero, t) != t:
        return refuted(f"max(t, {zero}) = {sp.Max(t, zero)} for real t: {zero} is not neutral for ⊕ = max, and "
                       f"no element of R ∪ {{{zero}}} is (it would have to be below every real)",
                       counterexample=str(sp.Max(t, zero)),
                       correction=Correction(r"the max-plus semiring is $\{\mathbb{R} \cup \{-\infty\}, \max, +\}$ "
                                             r"($+\infty$ belongs to the min-plus one)", -sp.oo))
    if sp.simplify(t + zero) != zero:
        return refuted(f"{zero} is not absorbing for ⊗ = +")
    return verified(f"max(t, {zero}) = t and t + {zero} = {zero}: {zero} is the zero of (max, +)")


sheet.claim("004/equation-5.17", data=sp.oo, perturb=lambda z: -z)(_semiring)


# -- §5.2: k hyperplanes in R^n make at most sum_{i<=n} C(k, i) regions ---------------------------
def _arrangement(data):
    rng = random.Random(52)
    seen = []
    for dim, ks, box in ((2, range(1, 6), 10**4), (3, range(1, 5), 10**3)):
        for k_ in ks:
            best = 0
            for _ in range(3):
                W = [[rng.choice([v for v in range(-5, 6) if v]) for _ in range(dim)] for _ in range(k_)]
                net = ReLUNetwork([(W, [rng.randint(-5, 5) for _ in range(k_)]), ([[1] * k_], [0])])
                best = max(best, len(regions(net, Box([-box] * dim, [box] * dim))))
            bound = data(k_, dim)
            seen.append(f"n={dim} k={k_}: {best}/{bound}")
            if best > bound or best < bound:
                return refuted(f"n = {dim}, k = {k_}: random arrangements reach {best} regions, the bound says "
                               f"{bound}", counterexample={"n": dim, "k": k_, "regions": best})
            if k_ <= dim and bound != 2**k_:
                return refuted(f"n = {dim}, k = {k_} <= n: the sum is {bound}, not 2^k = {2**k_}")
    return verified("the most regions of 3 random integer arrangements per (n, k) equal the bound (general "
                    "position attains it), and it is 2^k for k <= n: " + ", ".join(seen))


sheet.claim("004/section-5.2-arrangement-bound", data=lambda k_, dim: sum(math.comb(k_, i) for i in range(dim + 1)),
            perturb=lambda f: (lambda k_, dim: f(k_, dim) + (1 if k_ > dim else 0)))(_arrangement)


# -- Figure 5.4: 1, 3, 9 interpolating lines for sine ------------------------------------------
def _sine_interpolants(data):
    errors = []
    for pieces in data:
        points = [-math.pi + 2 * math.pi * i / pieces for i in range(pieces + 1)]
        net = interpolating_network(points, [math.sin(p) for p in points])
        mse, _ = integrate.quad(lambda t: (math.sin(t) - float(net.forward([t])[0])) ** 2, -math.pi, math.pi,
                                points=points[1:-1], limit=200)
        errors.append(mse / (2 * math.pi))
    text = ", ".join(f"{p} lines: MSE {e:.4f}" for p, e in zip(data, errors))
    if all(a > b for a, b in zip(errors, errors[1:])):
        return verified(f"interpolants of sine at uniform points (symrelu.constructions.interpolating_network): "
                        f"{text}; one line is the zero function, eq. 5.16's baseline 0.5")
    return refuted(f"the errors do not decrease: {text}", counterexample=dict(zip(data, errors)))


sheet.claim("004/figure-5.4", data=(1, 3, 9), perturb=lambda d: tuple(reversed(d)))(_sine_interpolants)


# -- §5.5: eqs. 5.24 and 5.25 on random networks ------------------------------------------------
def _random_points(rng, count, box=4):
    return [[Q(rng.randint(-box * 1000, box * 1000), 1000) for _ in range(2)] for _ in range(count)]


def _tropical(data):
    rng = random.Random(524)
    for trial in range(4):
        net = _random_net(rng, [2, 3, 3, 1])
        F, G = tropical_terms(net)[0]
        for p in _random_points(rng, 60):
            value = net.forward(p)[0]
            dc = data(max(w[0] * p[0] + w[1] * p[1] + w[2] for w in F), max(w[0] * p[0] + w[1] * p[1] + w[2] for w in G))
            if dc != value:
                return refuted(f"network {trial}: at {list(map(str, p))} v = {value}, the formula gives {dc}",
                               counterexample={"point": list(map(str, p))})
    return verified("4 random integer networks 2-3-3-1: v = max_i (F_i x + m_i) - max_j (G_j x + n_j) exactly at "
                    "60 random rational points each (terms from symrelu.regions.tropical_terms)")


sheet.claim("004/equation-5.24", data=lambda f, g: f - g, perturb=lambda h: (lambda f, g: h(f, g) + g - f / 2))(_tropical)


def _pieces(data):
    rng = random.Random(525)
    checked = 0
    for trial in range(3):
        net = _random_net(rng, [2, 3, 3, 2])
        box = Box([-4, -4], [4, 4])
        complex_ = regions(net, box)
        # §6.1: the regions do not depend on the last layer
        (W1, b1), (W2, b2), (W3, b3) = net.layers
        other = ReLUNetwork([(W1.tolist(), b1.tolist()), (W2.tolist(), b2.tolist()), ([[1, 2, 3], [0, -1, 5]], [7, 0])])
        if sorted(r.pattern for r in complex_) != sorted(r.pattern for r in regions(other, box)):
            return refuted(f"network {trial}: changing the last layer changed the regions")
        for r in complex_:
            pts = [list(v) for v in r.vertices]
            centre = [sum(p[i] for p in pts) / len(pts) for i in range(2)]
            for p in pts + [centre]:
                value = net.forward(p)
                for o in range(2):
                    J = r.jacobian[o]
                    y = data(value[o], J, p)
                    if y != r.offset[o]:
                        return refuted(f"network {trial}, region {r.bits}, output {o}: at {list(map(str, p))} the "
                                       f"formula gives y = {y}, the region's constant is {r.offset[o]}",
                                       counterexample={"point": list(map(str, p)), "y": str(y)})
                # the point satisfies its region's pattern: the region lies in {Q x <= p}, a convex polytope
                for bits, z in zip(r.pattern, net.preactivations([p])):
                    if any((zi > 0 and not on) or (zi < 0 and on) for zi, on in zip(z[0].tolist(), bits)):
                        return refuted(f"network {trial}: a point of region {r.bits} has another activation pattern")
            checked += 1
    return verified(f"{checked} regions of 3 random integer networks 2-3-3-2 on [-4, 4]^2: at every vertex and the "
                    "centre, v = J_i x + y_i with y_i = v(x~) - J_i x~, the point has the region's activation "
                    "pattern (so the region lies in the convex polytope Q_i x <= p_i), and the regions do not depend "
                    "on the last layer")


sheet.claim("004/equation-5.25", data=lambda v, J, p: v - (J[0] * p[0] + J[1] * p[1]),
            perturb=lambda f: (lambda v, J, p: f(v, J, p) + 2 * J[0] * p[0]))(_pieces)


# -- eq. 5.2: f(x) = f(x0) + f'(x0)(x - x0) + O(x^2) as x -> x0 --------------------------------------
def _remainder_order(data):
    cases = [(sp.exp(x), 0), (sp.exp(x), 1), (sp.sin(x), 2), (sp.log(1 + x), 0)]

    def reading(base_name, base):
        for f, x0 in cases:
            rem = f - f.subs(x, x0) - sp.diff(f, x).subs(x, x0) * (x - x0)
            lim = sp.limit(rem / base(x0) ** data, x, x0)
            if not lim.is_finite:
                return refuted(f"f = {f}, x0 = {x0}: remainder / {base_name}^{data} -> {lim}",
                               counterexample={"f": str(f), "x0": x0})
        return verified(f"remainder / {base_name}^{data} stays bounded as x -> x0 for "
                        + ", ".join(f"{f} at {x0}" for f, x0 in cases)
                        + (" (vacuous when x0 != 0: x^2 -> x0^2)" if base_name == "x" else ""))

    return from_readings([
        Reading.of("as-printed", "O(x^2) as printed", reading("x", lambda x0: x)),
        Reading.of("shrinking-step", "O((x - x_0)^2)", reading("(x - x0)", lambda x0: x - x0),
                   fixed_by="§5, the next sentence ('a measure as x - x_0 shrinks')"),
    ], detail="Twice-differentiable test functions, limits by sympy.")


sheet.claim("004/equation-5.2", data=2, perturb=lambda k: k + 1)(_remainder_order)


# -- §5.3: a layer with every ReLU off passes no gradient, so the network stays constant -------------------
def _dead_layer(data):
    import torch

    from symrelu.torch_bridge import to_torch

    rng = random.Random(53)
    W1 = [[rng.randint(-3, 3)] for _ in range(4)]
    b1 = [rng.randint(-3, 3) for _ in range(4)]
    W2 = [[rng.randint(-3, 3) for _ in range(4)] for _ in range(4)]
    b2 = [-100] * 4  # every second-layer unit is below zero on [-pi, pi]
    net = ReLUNetwork([(W1, b1), (W2, b2), ([[1, -1, 2, 1]], [0])])
    model = to_torch(net, dtype=torch.float64)
    xs = torch.linspace(-math.pi, math.pi, 100, dtype=torch.float64).reshape(-1, 1)
    before = model(xs).detach().clone()
    optimizer = torch.optim.SGD(model.parameters(), lr=data["lr"])
    for _ in range(data["steps"]):  # the setup of §5.3: MSE on sine, SGD, learning rate 0.1
        optimizer.zero_grad()
        loss = torch.mean((model(xs).squeeze(1) - torch.sin(xs.squeeze(1))) ** 2)
        loss.backward()
        optimizer.step()
    after = model(xs).detach()
    spread = float(after.max() - after.min())
    moved = [name for name, p in model.named_parameters() if p.grad is not None and float(p.grad.abs().max()) > 0]
    if spread == 0 and data["constant"]:
        return verified(f"after {data['steps']} SGD steps on sine the network is still constant ({float(after[0]):.4f}; "
                        f"at start {float(before[0]):.4f}); only {moved} (the output bias) received gradient, every "
                        "weight kept its initial value")
    if spread != 0 and not data["constant"]:
        return verified(f"the network is not constant (spread {spread:.3g})")
    return refuted(f"after training the output spread is {spread:.3g}, parameters with gradient: {moved}",
                   counterexample=spread)


sheet.claim("004/section-5.3-dead-network", data={"constant": True, "steps": 200, "lr": 0.1}, needs=("torch",),
            perturb=lambda d: {**d, "constant": not d["constant"]})(_dead_layer)


# -- §5.2: 'the decision boundary does not have to align to the boundaries of the polytopes' ---------------
def _on_unit_line(net, a, b):
    """Whether the segment ab lies on one first-layer line (both ends on it)."""
    W, c = net.layers[0]
    return any(all(W[i, 0] * p[0] + W[i, 1] * p[1] + c[i] == 0 for p in (a, b)) for i in range(W.shape[0]))


def _boundary_alignment(data):
    box = Box([-3, -3], [3, 3])
    xor = _net(XOR_PRINTED)
    segments = regions(xor, box).level_set(0).segments
    aligned = all(_on_unit_line(xor, a, b) for a, b in segments)
    rng = random.Random(5214)
    off = 0
    for _ in range(5):
        net = _random_net(rng, [2, 3, 1])
        off += sum(1 for a, b in regions(net, box).level_set(0).segments if not _on_unit_line(net, a, b))
    example = (refuted(f"the XOR network's zero set is {len(segments)} segment(s) on the line x1 + x2 = 0, the boundary "
                       "between its regions 11 and 10 (it is <= 0 elsewhere): here the decision boundary does align",
                       counterexample=[[tuple(map(str, p)) for p in s] for s in segments],
                       correction=Correction("the decision boundary is the zero set of v, which need not follow the "
                                             "region boundaries; for this network it happens to be the region "
                                             "boundary x1 + x2 = 0", {**data, "example_misaligned": False}))
               if data["example_misaligned"] == aligned else
               verified(f"the XOR network's zero set {'lies' if aligned else 'does not lie'} on a region boundary"))
    general = (verified(f"5 random 2-3-1 networks: {off} zero-set segments cross region interiors (not on any "
                        "first-layer line)") if (off > 0) == data["general_can_misalign"]
               else refuted(f"{off} zero-set segments leave the region boundaries; stated possible: "
                            f"{data['general_can_misalign']}"))
    return from_readings([
        Reading.of("this-example", "'as in this case' read as: in the XOR example the boundary does not align", example),
        Reading.of("in-general", "read as the general remark that the zero set need not align", general),
    ], detail="Exact zero level sets on [-3, 3]^2 (symrelu.regions).")


sheet.claim("004/section-5.2-decision-boundary", data={"example_misaligned": True, "general_can_misalign": True},
            perturb=lambda d: {k_: not v for k_, v in d.items()})(_boundary_alignment)
