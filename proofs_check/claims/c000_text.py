"""Claims of 000's running text (§2, §3, §4.1-4.3, §5): formulas, counts and comparisons stated in sentences.

Symbolic checks use SymPy; counts are exact (`ReLUNetwork.to_pwl` over [0, 1] with rational weights, or the
exact waves of `symrelu.wave`); the networks are the library's `triangle_network` (000 A.1's 4-wide construction)
or small ReLU networks written out here from the sentence's description.
"""

from __future__ import annotations

import random
from fractions import Fraction

import sympy

from proofs_check.claim import Correction, Reading, from_readings, inconclusive, refuted, verified
from proofs_check.registry import claim_sheet
from symrelu import PeakSequence, ReLUNetwork, exact_limit_value, law_scales, triangle_function, triangle_network, wave
from symrelu.pwl import PiecewiseLinear
from symrelu.tropical import network_expression, same_cpwl, tropical_form

__all__: list[str] = []

sheet = claim_sheet(__file__)
x, y = sympy.symbols("x y", real=True)
a = sympy.Symbol("a", positive=True)
half = Fraction(1, 2)


def _q(v) -> Fraction:
    v = sympy.Rational(v)
    return Fraction(int(v.p), int(v.q))


def _min_on(expr, lo, hi):
    """Exact minimum of a SymPy expression in x on [lo, hi] (endpoints and real critical points)."""
    crit = sympy.solveset(sympy.diff(expr, x), x, sympy.Interval(lo, hi))
    cands = [sympy.Integer(lo), sympy.Integer(hi)] + (list(crit) if isinstance(crit, sympy.FiniteSet) else [])
    return min(sympy.nsimplify(expr.subs(x, c)) for c in cands)


# --------------------------------------------------------------------------
# §5: difference-of-convex decompositions
# --------------------------------------------------------------------------
DC = {"f": x**3 - x, "convex": x**3 - x + 3 * x**2, "subtracted": 3 * x**2, "interval": (-1, 1)}


def check_dc_decomposition(data):
    """``data``: f = convex - subtracted with both parts convex on the interval (second derivatives >= 0)."""
    f, g, h = (sympy.sympify(data[k]) for k in ("f", "convex", "subtracted"))
    lo, hi = data["interval"]
    diff_ok = sympy.expand(g - h - f) == 0
    mins = {name: _min_on(sympy.diff(e, x, 2), lo, hi) for name, e in (("convex", g), ("subtracted", h))}
    # 'making the derivative monotone': g' nondecreasing on the interval, and 3x^2 is the least such parabola
    c = sympy.Symbol("c")
    least = sympy.solve(sympy.Eq(sympy.diff(f, x, 2).subs(x, lo) + 2 * c, 0), c)
    detail = (f"({g}) - ({h}) {'=' if diff_ok else '!='} {f}; min of the second derivatives on [{lo}, {hi}]: "
              f"{mins['convex']} and {mins['subtracted']}; the least c with f + c x^2 convex there is {least}")
    if diff_ok and all(m >= 0 for m in mins.values()):
        return verified(detail)
    return refuted(detail, counterexample=mins,
                   correction=Correction("x^3 - x = (x^3 - x + 3x^2) - 3x^2, both convex on [-1, 1]", DC))


sheet.claim(
    "000/section-5-dc-decomposition",
    data=DC,
    perturb=lambda d: {**d, "convex": sympy.sympify(d["convex"]) - x**2, "subtracted": sympy.sympify(d["subtracted"]) - x**2},
)(check_dc_decomposition)


def check_not_unique(data):
    """``data = {'unique': bool}``: is (x^3 - x + c x^2) - c x^2 a DC decomposition on [-1, 1] for one c only?"""
    valid = [k for k in range(0, 8)
             if check_dc_decomposition({**DC, "convex": DC["f"] + k * x**2, "subtracted": k * x**2}).verdict == "verified"]
    unique = len(valid) <= 1
    detail = f"(x^3 - x + c x^2) - c x^2 is a difference of convex functions on [-1, 1] for c in {valid} (of 0..7)"
    if unique == data["unique"]:
        return verified(detail)
    return refuted(detail, counterexample=valid,
                   correction=Correction(f"the decomposition is {'' if unique else 'not '}unique", {"unique": unique}))


sheet.claim("000/section-5-not-unique", data={"unique": False},
            perturb=lambda d: {"unique": not d["unique"]})(check_not_unique)


SAMPLES = (x**3 - x, sympy.sin(3 * x), sympy.exp(x) * sympy.cos(2 * x), x**4 - 2 * x**2)


def check_dc_general(data):
    """``data = k(M)``: f = (f + k(M) x^2) - k(M) x^2 with both parts convex whenever |f''| <= M on [-1, 1]."""
    k = sympy.sympify(data)
    M = sympy.Symbol("M", positive=True)
    grid = [sympy.Rational(j, 50) for j in range(-50, 51)]
    for f in SAMPLES:
        f2 = sympy.diff(f, x, 2)
        bound = max(abs(sympy.N(f2.subs(x, t), 30)) for t in grid)
        Mv = sympy.ceiling(bound * 1.01 + 1)  # a bound on |f''| (exceeds the grid maximum by a margin)
        kk = k.subs(M, Mv)
        lower = min(sympy.N((f2 + 2 * kk).subs(x, t), 30) for t in grid)
        if lower < 0:
            return refuted(f"f = {f}: with M = {Mv} >= max|f''|, (f + {kk} x^2)'' = {lower} < 0 somewhere on [-1, 1]",
                           counterexample={"f": f, "M": Mv},
                           correction=Correction("f = (f + M x^2/2) - M x^2/2", M / 2))
    # the general statement: (f + k x^2)'' = f'' + 2k >= -M + 2k >= 0 iff k >= M/2
    general = sympy.simplify(-M + 2 * k.subs(M, M))
    if not (general.is_nonnegative or sympy.simplify(general) == 0):
        return refuted(f"-M + 2 k(M) = {general} is not >= 0 for every M", counterexample=general,
                       correction=Correction("f = (f + M x^2/2) - M x^2/2", M / 2))
    return verified(f"with k(M) = {k}: (f + k x^2)'' = f'' + 2k >= 2k - M = {general} >= 0 and (k x^2)'' = 2k >= 0; "
                    f"on {[str(f) for f in SAMPLES]} (|f''| <= M on [-1, 1]) both parts have nonnegative second derivative "
                    "on a 101-point grid")


sheet.claim("000/section-5-dc-general", data=sympy.Symbol("M", positive=True) / 2,
            perturb=lambda d: sympy.sympify(d) / 3)(check_dc_general)


def _random_network(seed: int, widths, scale: int = 3) -> ReLUNetwork:
    rng = random.Random(seed)
    layers = []
    for n_in, n_out in zip(widths, widths[1:]):
        W = [[Fraction(rng.randint(-scale, scale), rng.randint(1, 3)) for _ in range(n_in)] for _ in range(n_out)]
        b = [Fraction(rng.randint(-scale, scale), rng.randint(1, 4)) for _ in range(n_out)]
        layers.append((W, b))
    return ReLUNetwork(layers)


def check_zhang(data):
    """``data = {'parts': 'convex' | 'affine'}``: every (1-D, random) ReLU network is g - h with g, h of that kind."""
    kind = data["parts"]
    for seed in range(12):
        net = _random_network(seed, (1, 4, 4, 3, 1))
        f = net.to_pwl(-2, 2).output
        knots, deltas = f.knots.tolist(), f.delta_slopes.tolist()
        lo, slope0 = knots[0], f.slopes.tolist()[0]
        # g collects the upward kinks with the affine part, h the downward ones
        up = [(k, d) for k, d in zip(knots[1:-1], deltas) if d > 0]
        down = [(k, -d) for k, d in zip(knots[1:-1], deltas) if d < 0]
        ident = PiecewiseLinear([knots[0], knots[-1]], [knots[0], knots[-1]])
        g = ident * slope0 + (f(lo) - slope0 * lo)
        h = PiecewiseLinear([knots[0], knots[-1]], [Fraction(0), Fraction(0)])
        for k, d in up:
            g = g + (ident - k).relu() * d
        for k, d in down:
            h = h + (ident - k).relu() * d
        if kind == "affine" and (up or down):
            return refuted(f"network {seed} (widths 1-4-4-3-1) has {len(up) + len(down)} kinks on [-2, 2]: it is not a "
                           "difference of affine functions",
                           counterexample={"seed": seed, "kinks": len(up) + len(down)},
                           correction=Correction("every ReLU network is a difference of two convex CPWL functions",
                                                 {"parts": "convex"}))
        if g - h != f or any(v < 0 for v in g.delta_slopes.tolist()) or any(v < 0 for v in h.delta_slopes.tolist()):
            return inconclusive(f"network {seed}: the kink split does not reproduce it")
    # two inputs, one hidden layer: max(F) - max(G) (maxima of affine maps, convex) decided equal on the whole plane
    xs = sympy.symbols("x1 x2")
    # small networks: same_cpwl's cost grows quickly with the number of expanded affine terms
    for seed, widths in ((100, (2, 2, 1)), (101, (2, 2, 1)), (102, (2, 2, 1)), (101, (2, 3, 1))):
        net = _random_network(seed, widths, scale=2)
        F, G = tropical_form(net, xs)
        same, point = same_cpwl(sympy.Max(*F) - sympy.Max(*G), network_expression(net, xs), xs)
        if not same:
            return inconclusive(f"2-D network {seed}: max(F) - max(G) differs from it at {point}")
    return verified("12 random networks 1-4-4-3-1 (rational weights) on [-2, 2], exact: each is g - h with g = affine + "
                    "its upward kinks (convex), h = its downward kinks (convex), g - h equal to the network exactly; 4 "
                    "random 2-2-1 and 2-3-1 networks equal max(F) - max(G) (tropical_form) on the whole plane (same_cpwl). The "
                    "general case is Zhang et al.'s theorem, cited")


sheet.claim("000/section-5-zhang", data={"parts": "convex"},
            perturb=lambda d: {"parts": "affine"})(check_zhang)


# --------------------------------------------------------------------------
# §2.1: composed symmetric and non-symmetric triangles double the pieces
# --------------------------------------------------------------------------
def _tent_network(peaks) -> ReLUNetwork:
    """T_{a_d} ∘ ... ∘ T_{a_0} as a 1-2-2-...-2-1 ReLU network: T_a(t) = t/a - (1/(a - a^2)) relu(t - a)."""
    layers = [([[1], [1]], [0, -peaks[0]])]
    for k in range(1, len(peaks)):
        p, q = peaks[k - 1], peaks[k]
        w = [1 / p, -1 / (p - p * p)]
        layers.append(([w, w], [0, -q]))
    p = peaks[-1]
    layers.append(([[1 / p, -1 / (p - p * p)]], [0]))
    return ReLUNetwork(layers)


def check_doubling(data):
    """``data = {'peaks': 'symmetric' | 'random', 'factor': r}``: composing d triangles gives r^d pieces onto [0, 1]."""
    r = data["factor"]
    rng = random.Random(5)
    rows = []
    for d in range(1, 11):
        peaks = [half] * d if data["peaks"] == "symmetric" else [Fraction(rng.randint(1, 96), 97) for _ in range(d)]
        f = _tent_network(peaks).to_pwl(0, 1).output
        onto = min(f.values.tolist()) == 0 and max(f.values.tolist()) == 1
        rows.append((d, f.pieces))
        if f.pieces != r**d or not onto:
            return refuted(f"{d} composed {'symmetric' if data['peaks'] == 'symmetric' else 'random'} triangles as a "
                           f"1-2-...-2-1 ReLU network: {f.pieces} pieces (claimed {r ** d}), onto [0, 1]: {onto}",
                           counterexample={"d": d, "pieces": f.pieces},
                           correction=Correction("each layer doubles the pieces: 2^d", {**data, "factor": 2}))
    return verified(f"pieces of the network output on [0, 1] (exact to_pwl), d = 1..10: {[p for _, p in rows]}; each "
                    "layer maps [0, 1] onto [0, 1] and doubles the count")


DOUBLING = sheet.claim("000/section-2.1-doubling", data={"peaks": "symmetric", "factor": 2},
                       perturb=lambda d: {**d, "factor": d["factor"] + 1})(check_doubling)
sheet.claim("000/section-2.1-nonsymmetric", data={"peaks": "random", "factor": 2},
            perturb=lambda d: {**d, "factor": d["factor"] + 1})(check_doubling)


# --------------------------------------------------------------------------
# §2: the x^2 construction is the all-1/2 case (subtracted waves)
# --------------------------------------------------------------------------
def _yarotsky(K: int):
    """x - Σ_{m=1}^{K} T^{(m)}(x) / 4^m with the symmetric tent, exact."""
    t = triangle_function(half)
    ident = PiecewiseLinear([0, 1], [Fraction(0), Fraction(1)])
    out, w = ident, ident
    for m in range(1, K + 1):
        w = t.compose(w)
        out = out - w * Fraction(1, 4**m)
    return out


def check_generalization(data):
    """``data = {'variant': 'add' | 'subtract', 'peak': a}``: triangle_network(all a) equals Yarotsky's f_K, K <= 10."""
    peak = Fraction(data["peak"])
    for K in range(1, 11):
        out = triangle_network([peak] * (K + 1), variant=data["variant"]).to_pwl(0, 1).output
        if out != _yarotsky(K):
            return refuted(
                f"K = {K}: the {data['variant']} network with all peaks {peak} is not x - Σ_(m<=K) T^(m)/4^m "
                f"(sup distance {out.distance(_yarotsky(K), 'sup')})",
                counterexample={"K": K}, correction=Correction(
                    "with all a_i = 1/2 and the waves subtracted, the network is Yarotsky's f_K", {"variant": "subtract", "peak": half}))
    return verified("for K = 1..10 the network of A.1 with all peaks 1/2, law scales (s_i = 4^-(i+1)) and the waves "
                    "subtracted from y = x is exactly Yarotsky's f_K = x - Σ_(m<=K) T^(m)(x)/4^m (its F is x - f_K -> "
                    "x - x^2, the output x - F -> x^2)")


sheet.table(
    [dict(id="000/section-2-generalization"), dict(id="000/section-5-interpolation")],
    data={"variant": "subtract", "peak": half},
    perturb=lambda d: {**d, "variant": "add" if d["variant"] == "subtract" else "subtract"},
    check=check_generalization,
)


def check_generalizes(data):
    """``data = {'peak': a, 'shape': 'convex'}``: constant peaks a != 1/2 give a subtracted limit of that shape, not x^2."""
    base = check_generalization({"variant": "subtract", "peak": half})
    if base.verdict != "verified":
        return base
    peak = Fraction(data["peak"])
    seq = PeakSequence([], [peak])
    prefix = [peak] * 9
    out = triangle_network(prefix, variant="subtract").to_pwl(0, 1).output
    deltas = out.delta_slopes.tolist()
    shape = "convex" if all(d > 0 for d in deltas) else "concave" if all(d < 0 for d in deltas) else "mixed"
    # the limit x - F at a bend point, exactly (Lemma A.4's values), against x^2
    xb = peak
    g = exact_limit_value(xb, seq, variant="subtract")
    detail = (f"all peaks 1/2 give Yarotsky's f_K exactly; constant peaks {peak}: the subtracted truncation of depth 8 is "
              f"{shape}, and the limit at x = {xb} is {g}, not {xb * xb} = x^2 there")
    if shape == data["shape"] and g != xb * xb:
        return verified(detail)
    return refuted(detail, counterexample={"shape": shape, "value": g},
                   correction=Correction(f"the subtracted limit is {shape}", {**data, "shape": shape}))


sheet.claim("000/section-2.1-generalizes", data={"peak": Fraction(1, 3), "shape": "convex"},
            perturb=lambda d: {**d, "shape": "concave" if d["shape"] == "convex" else "convex"})(check_generalizes)


# --------------------------------------------------------------------------
# §2.1: the multiplication gate identity
# --------------------------------------------------------------------------
def check_multiplication(data):
    """``data``: an expression for xy in squares."""
    e = sympy.sympify(data)
    identity = sympy.expand((x + y) ** 2 - (x**2 + y**2 + 2 * x * y)) == 0
    if identity and sympy.expand(e - x * y) == 0:
        return verified(f"(x + y)^2 = x^2 + y^2 + 2xy, so xy = {e}, a linear combination of squares")
    return refuted(f"{e} expands to {sympy.expand(e)}, not xy", counterexample=sympy.expand(e),
                   correction=Correction("xy = ((x + y)^2 - x^2 - y^2)/2", ((x + y) ** 2 - x**2 - y**2) / 2))


MULT = sheet.claim("000/section-2.1-multiplication", data=((x + y) ** 2 - x**2 - y**2) / 2,
                   perturb=lambda d: sympy.sympify(d) / 2)(check_multiplication)


# --------------------------------------------------------------------------
# §3: the triangle's shape; weight sharing; rescaled amplitudes
# --------------------------------------------------------------------------
def check_triangle_shape(data):
    """``data = {'peak_at': expr in a, 'ends': value}``."""
    rise, fall = x / a, 1 - (x - a) / (1 - a)  # the printed branches on [0, a] and [a, 1]
    peak = sympy.sympify(data["peak_at"])
    ok_sym = (sympy.simplify(rise.subs(x, peak) - 1) == 0 and sympy.simplify(fall.subs(x, peak) - 1) == 0
              and rise.subs(x, 0) == data["ends"] and sympy.simplify(fall.subs(x, 1)) == data["ends"])
    bad = []
    for q in (Fraction(1, 5), Fraction(1, 3), half, Fraction(5, 7)):
        t = triangle_function(q)
        p = _q(peak.subs(a, sympy.Rational(q.numerator, q.denominator)))
        if not (t(p) == 1 and t(Fraction(0)) == data["ends"] == t(Fraction(1)) and t.slopes.tolist()[0] > 0 > t.slopes.tolist()[-1]):
            bad.append(q)
    if ok_sym and not bad:
        return verified("the printed T_i is 0 at 0 and 1, 1 at a_i, rising then falling (symbolic; exact triangles at 4 peaks)")
    return refuted(f"symbolic check {ok_sym}; exact triangles disagree at a = {bad}", counterexample=bad,
                   correction=Correction("peak at x = a_i, both ends 0", {"peak_at": a, "ends": 0}))


sheet.claim("000/section-3-triangle-shape", data={"peak_at": a, "ends": 0},
            perturb=lambda d: {**d, "peak_at": 1 - sympy.sympify(d["peak_at"])})(check_triangle_shape)


def check_weight_sharing(data):
    """``data``: f(a), the ratio (weight on t_2)/(weight on t_1) of every wave-fed neuron; the waves reproduced."""
    ratio = sympy.sympify(data)
    for seed in range(3):
        rng = random.Random(seed)
        peaks = [Fraction(rng.randint(5, 92), 97) for _ in range(6)]
        net = triangle_network(peaks, variant="add" if seed % 2 else "subtract")
        pwl = net.to_pwl(0, 1)
        for layer in range(1, len(net.layers)):
            W = net.layers[layer][0]
            want = _q(ratio.subs(a, sympy.Rational(peaks[layer - 1].numerator, peaks[layer - 1].denominator)))
            for row in range(len(W) if layer < len(net.layers) - 1 else 1):
                w1, w2 = W[row][1], W[row][2]
                if w1 == 0 and w2 == 0:
                    continue
                if w2 / w1 != want:
                    return refuted(f"peaks {[str(p) for p in peaks]}: layer {layer}, neuron {row} weighs t_1, t_2 as "
                                   f"{w1} : {w2} (ratio {w2 / w1}), not {want}",
                                   counterexample={"layer": layer, "row": row},
                                   correction=Correction("the ratio is -1/(1 - a)", -1 / (1 - a)))
            if layer < len(net.layers) - 1:
                t1 = pwl.preactivation(layer, 1)  # t_1 of hidden layer i >= 1: a multiple of W_(i-1)
                w = wave(peaks, layer - 1)
                m = max(t1.values.tolist())
                if t1 != w * m:
                    return inconclusive(f"layer {layer}: t_1 is not a multiple of W_{layer - 1}")
    return verified("in 3 networks of A.1 (6 random peaks, both variants) every neuron fed by the wave weighs t_1 and t_2 "
                    f"in the ratio {ratio}, and the t_1 neuron of hidden layer i >= 1 outputs a multiple of the composed wave W_(i-1): the "
                    "1x2x1x2 chain is replicated with 4 neurons per layer")


WEIGHT_SHARING = sheet.claim("000/section-3-weight-sharing", data=-1 / (1 - a),
                             perturb=lambda d: sympy.sympify(d) * (1 - a) / a)(check_weight_sharing)


def check_rescaling(data):
    """``data = {'amplitude': 'scale' | 'one'}``: hidden layer i+1's t_1 neuron outputs s_i W_i (amplitude s_i, decaying)."""
    for seed in range(3):
        rng = random.Random(10 + seed)
        peaks = [Fraction(rng.randint(5, 92), 97) for _ in range(7)]
        scales = law_scales(peaks)
        net = triangle_network(peaks)
        pwl = net.to_pwl(0, 1)
        amps = [max(pwl.preactivation(layer, 1).values.tolist()) for layer in range(1, len(net.layers) - 1)]
        want = scales[:len(amps)] if data["amplitude"] == "scale" else [Fraction(1)] * len(amps)
        if amps != want:
            return refuted(f"peaks {[str(p) for p in peaks]}: t_1 amplitudes in hidden layers 1.. are "
                           f"{[str(v) for v in amps]}, claimed {[str(v) for v in want]}", counterexample=amps,
                           correction=Correction("hidden layer i+1's t_1 outputs s_i W_i", {"amplitude": "scale"}))
        ratios = [b / c for c, b in zip(amps, amps[1:])]
        if ratios != [(1 - peaks[i]) * peaks[i + 1] for i in range(1, len(amps))]:
            return inconclusive(f"successive amplitude ratios {ratios} are not the law's S_i")
    return verified("in 3 networks of A.1 (7 random peaks, law scales) the t_1 neuron of hidden layer i+1 peaks at s_i "
                    "(the input layer's at 1): each layer multiplies by S_i = s_i/s_(i-1) = (1 - a_i) a_(i+1) < 1, so the "
                    "amplitudes decay")


sheet.claim("000/section-3-rescaling", data={"amplitude": "scale"},
            perturb=lambda d: {"amplitude": "one"})(check_rescaling)


# --------------------------------------------------------------------------
# §4.1: the four curves and their curvature
# --------------------------------------------------------------------------
CURVES = {"x^3": x**3, "x^11": x**11, "tanh(3x)": sympy.tanh(3 * x), "sin(x)": sympy.sin(x)}


def _shape(f) -> str:
    """'convex', 'concave', 'linear' or 'mixed' on (0, 1): the sign of f'' (SymPy) at 63 grid points."""
    f2 = sympy.diff(f, x, 2)
    if sympy.simplify(f2) == 0:
        return "linear"
    vals = [sympy.N(f2.subs(x, sympy.Rational(k, 64)), 30) for k in range(1, 64)]
    return "convex" if all(v > 0 for v in vals) else "concave" if all(v < 0 for v in vals) else "mixed"


def check_curves(data):
    """``data = {'shape': 'convex' | 'concave' | 'one-signed' | 'linear'}``: the shape claimed for all four curves."""
    shapes = {name: _shape(f) for name, f in CURVES.items()}

    def fits(claimed):
        if claimed == "one-signed":
            return all(s in ("convex", "concave") for s in shapes.values())
        return all(s == claimed for s in shapes.values())

    def outcome(claimed):
        if fits(claimed):
            return verified(f"on (0, 1): {shapes}; all are {claimed}")
        return refuted(f"on (0, 1): {shapes}; not all {claimed}", counterexample=shapes,
                       correction=Correction("x^3 and x^11 are convex, tanh(3x) and sin(x) concave on [0, 1]: each has "
                                             "curvature of one sign", {"shape": "one-signed"}))

    claimed = data["shape"]
    return from_readings([
        Reading.of("literal", "'convex' as printed (f'' >= 0)", outcome(claimed)),
        Reading.of("one-signed", "'convex' for curvature of one sign (convex, or concave as -f)",
                   outcome("one-signed" if claimed in ("convex", "concave") else claimed),
                   fixed_by="§4.1: sin and tanh are fitted by adding the waves to y = x, which gives concave outputs"),
    ], detail="Second derivatives of the four target curves on (0, 1) (SymPy).")


sheet.claim("000/section-4.1-curves", data={"shape": "convex"},
            perturb=lambda d: {"shape": "linear"})(check_curves)


# --------------------------------------------------------------------------
# A.2: activation regions are convex, the output is affine on them; a linear region may hold several
# --------------------------------------------------------------------------
def check_activation_regions(data):
    """``data = {'map': 'affine' | 'constant'}``: on each activation region the pattern is constant on the convex hull
    of its vertices and the output is that kind of map."""
    from symrelu.regions import Box, regions
    rng = random.Random(3)
    checked = 0
    for seed in range(3):
        net = _random_network(200 + seed, (2, 4, 3, 1), scale=2)
        rc = regions(net, Box((-2, -2), (2, 2)))
        pats = [tuple(map(tuple, r.pattern)) for r in rc]
        if len(set(pats)) != len(pats):
            return inconclusive("a pattern occupies two separate regions of the box")
        for r in rc:
            verts = r.vertices
            for _ in range(4):
                w = [Fraction(rng.randint(1, 9)) for _ in verts]
                p = tuple(sum(wi * v[k] for wi, v in zip(w, verts)) / sum(w) for k in range(2))
                pre = net.preactivations([list(p)])[:-1]
                pattern = tuple(tuple(int(z > 0) for z in layer[0]) for layer in pre)
                if pattern != tuple(map(tuple, r.pattern)):
                    return refuted(f"region {r.index}: the pattern at {p}, a convex combination of its vertices, is "
                                   f"{pattern}, not {r.pattern}", counterexample={"point": p})
                out = net.forward([list(p)])[0][0]
                affine = sum(j * c for j, c in zip(r.jacobian[0], p)) + r.offset[0]
                if out != affine:
                    return inconclusive(f"region {r.index}: output {out} is not the region's affine map {affine}")
                checked += 1
            if data["map"] == "constant" and any(j != 0 for j in r.jacobian[0]):
                return refuted(f"region {r.index}: the output has gradient {r.jacobian[0]}, not constant",
                               counterexample=r.jacobian[0],
                               correction=Correction("the output is affine on each activation region", {"map": "affine"}))
    return verified(f"3 random 2-4-3-1 networks on [-2, 2]^2 (exact regions): every activation pattern occupies one "
                    f"polygon, the pattern is constant at {checked} random convex combinations of its vertices (convex), "
                    "and the network equals the region's affine map there")


sheet.claim("000/appendix-a.2-convex", data={"map": "affine"},
            perturb=lambda d: {"map": "constant"})(check_activation_regions)


def check_linear_region(data):
    """``data = {'several': bool}``: a linear region may consist of several neighbouring activation regions."""
    from symrelu.regions import Box, regions
    half_ = Fraction(1, 2)
    # relu(x1) - relu(-x1) = x1: two activation regions, one affine map; a third unit bends the output elsewhere
    net = ReLUNetwork([([[1, 0], [-1, 0], [1, 1]], [0, 0, -half_]), ([[1, -1, 1]], [0])])
    rc = regions(net, Box((-1, -1), (1, 1)))
    regs = list(rc)
    same = [(i, j) for i, j in rc.adjacency()
            if regs[i].jacobian == regs[j].jacobian and regs[i].offset == regs[j].offset]
    several = bool(same)
    detail = (f"relu(x1) - relu(-x1) + relu(x1 + x2 - 1/2) on [-1, 1]^2: {len(regs)} activation regions, neighbours with "
              f"the same affine map: {same} (exact regions)")
    if several == data["several"]:
        return verified(detail)
    return refuted(detail, counterexample=same,
                   correction=Correction("a linear region may consist of several activation regions", {"several": several}))


sheet.claim("000/appendix-a.2-linear-region", data={"several": True},
            perturb=lambda d: {"several": not d["several"]})(check_linear_region)
