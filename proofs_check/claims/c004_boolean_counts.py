"""Claims of 004 chapter 3's running text: counts, constructions and comparisons about Boolean functions.

Boolean functions are ``symrelu.boolean`` truth tables (±1, codes as in the library), swaps values come from
``symrelu.swaps`` (chamber algorithm, with ``swaps_witness`` for a projection attaining it), NPN classes from
``symrelu.npn``; networks are exact ``symrelu.network.ReLUNetwork`` objects and every classification is
verified exactly on all 2^n points.
"""

from __future__ import annotations

import functools
import itertools
import math
from fractions import Fraction

import numpy as np
import sympy as sp
from scipy import stats

from proofs_check.claim import Correction, Reading, from_readings, refuted, verified
from proofs_check.registry import claim_sheet
from symrelu.boolean import degree, fourier_entropy, parity, to_code, total_influence, truth_table
from symrelu.constructions import parity_network, region_classifier
from symrelu.network import ReLUNetwork
from symrelu.npn import npn_canonical, npn_class_count, npn_transform
from symrelu.swaps import swaps, swaps_witness, vertices

sheet = claim_sheet(__file__)


def _sign(v):
    return 1 if v > 0 else -1 if v < 0 else 0


def _projected_runs(f, n):
    """(w, sorted projections, labels in that order) from swaps_witness; labels are f's ±1 values."""
    value, w, order = swaps_witness(to_code(f), n)
    V = vertices(n)
    proj = [int(np.dot(w, V[k])) for k in order]
    return value, w, proj, [int(f[k]) for k in order]


def _regions_of(proj, labels):
    """Maximal runs of equal labels along the projection, as closed intervals (first point, last point)."""
    runs = []
    for p, lab in zip(proj, labels):
        if runs and runs[-1][2] == lab:
            runs[-1][1] = p
        else:
            runs.append([p, p, lab])
    return runs


def _intervals(runs):
    """The runs as open regions around their (integer, distinct) projections: (first - 1/4, last + 1/4)."""
    return [(Fraction(a) - Fraction(1, 4), Fraction(b) + Fraction(1, 4)) for a, b, _ in runs]


# -- counts ---------------------------------------------------------------------------------------------
def check_function_count(data):
    for n in range(1, 5):
        tables = {truth_table(code, n).tobytes() for code in range(2 ** (2**n))}
        if len(tables) != data(n):
            return refuted(f"n = {n}: {len(tables)} distinct functions, not {data(n)}")
    return verified("n = 1..4: 4, 16, 256, 65,536 distinct truth tables (symrelu.boolean): 2^(2^n)")


sheet.claim("004/chapter-3-intro-count", data=lambda n: 2 ** (2**n),
            perturb=lambda f: (lambda n: f(n) // 2))(check_function_count)


def check_npn_complexity(data):
    ratios = []
    for n in range(1, 7):
        count = npn_class_count(n)
        ratios.append(count * data["group"](n) / 2 ** (2**n))
    N = sp.Symbol("n", positive=True, integer=True)
    product = sp.simplify(2 ** (2**N) / (2**N * sp.factorial(N)) * (2**N * sp.factorial(N)) ** 2 / (2 ** (2**N) * 2**N * sp.factorial(N)))
    if not (0.3 < ratios[-1] < 3 and product == 1):
        return refuted(f"classes x 2^n n! / 2^(2^n) = {np.round(ratios, 4).tolist()} (n = 1..6); product of the costs / "
                       f"2^(2^n) 2^n n! = {product}")
    return verified(f"NPN class counts (symrelu.npn, Burnside) times 2^n n! over 2^(2^n) for n = 1..6: "
                    f"{np.round(ratios, 4).tolist()}, bounded (-> 1/2 with output negation): O(2^(2^n)/(2^n n!)) classes; "
                    f"classes x O((2^n n!)^2) = O(2^(2^n) 2^n n!) (SymPy)")


sheet.claim("004/section-3.3.1-npn-count-complexity", data={"group": lambda n: 2**n * math.factorial(n)},
            perturb=lambda d: {"group": lambda n: 4**n * math.factorial(n) * math.factorial(n)})(check_npn_complexity)


def check_subnetwork_count(data):
    for w in range(1, 12):
        for k in range(0, w + 1):
            if sum(1 for _ in itertools.combinations(range(w), k)) != data(w, k):
                return refuted(f"w = {w}, k = {k}: not {data(w, k)} subnetworks")
    return verified("C(w, k) size-k subnetworks of a width-w layer (itertools enumeration, w <= 11)")


sheet.claim("004/section-3.4.4-binomial", data=math.comb, perturb=lambda f: (lambda w, k: f(w, k) + 1))(check_subnetwork_count)


_TABLE34 = {  # (width, digits): (p, r, printed denominator)
    (2, 1): (1, 1, 2), (3, 1): (1, 2, 3), (3, 2): (2, 3, 3), (3, 3): (3, 1, 1), (3, 4): (3, 1, 1),
    (4, 1): (1, 2, 4), (4, 2): (2, 3, 6), (4, 3): (3, 3, 4), (4, 4): (4, 1, 1),
    (5, 1): (1, 3, 5), (5, 2): (2, 8, 10), (5, 3): (3, 8, 10), (5, 4): (4, 3, 5),
    (6, 1): (1, 3, 6), (6, 2): (2, 4, 15), (6, 3): (3, 18, 20), (6, 4): (3, 1, 20), (6, 5): (5, 1, 6), (6, 6): (6, 1, 1),
    (7, 1): (1, 4, 7), (7, 2): (2, 8, 21), (7, 3): (3, 26, 35), (7, 4): (3, 3, 35), (7, 5): (5, 3, 21), (7, 6): (6, 1, 7),
    (8, 1): (1, 5, 8), (8, 2): (2, 5, 28), (8, 3): (3, 41, 56), (8, 4): (3, 5, 56), (8, 5): (5, 4, 56), (8, 6): (6, 2, 28),
    (9, 1): (1, 7, 9), (9, 2): (2, 8, 36), (9, 3): (3, 66, 84), (9, 4): (3, 3, 84), (9, 5): (5, 4, 126), (9, 6): (5, 1, 128),
    (10, 1): (1, 5, 10), (10, 2): (2, 8, 45), (10, 3): (3, 95, 120), (10, 4): (3, 4, 120), (10, 5): (4, 1, 210),
    (10, 6): (5, 2, 252),
    (11, 1): (1, 6, 11), (11, 2): (2, 13, 55), (11, 3): (3, 143, 165), (11, 4): (3, 4, 165), (11, 5): (4, 1, 330),
    (11, 6): (5, 1, 462),
    (12, 1): (1, 5, 12), (12, 2): (2, 24, 66), (12, 3): (3, 166, 220), (12, 4): (3, 9, 220), (12, 5): (4, 2, 495),
    (12, 6): (5, 2, 792),
    (13, 1): (1, 3, 13), (13, 2): (2, 12, 78), (13, 3): (3, 245, 286), (13, 4): (3, 5, 286), (13, 5): (4, 5, 715),
    (13, 6): (5, 4, 1287),
    (14, 1): (1, 5, 14), (14, 2): (2, 25, 91), (14, 3): (3, 278, 364), (14, 4): (3, 10, 364), (14, 5): (5, 22, 2002),
    (14, 6): (5, 3, 2002),
}


def check_table_34(data):
    bad = [(w, d, p, den, math.comb(w, p)) for (w, d), (p, r, den) in data.items()
           if den != math.comb(w, p) or not (1 <= r <= den and p <= w)]
    if bad:
        return refuted(f"{len(bad)} of {len(data)} cells: (width, digits, p, printed denominator, C(w, p)) = {bad}",
                       counterexample=bad,
                       correction=Correction("row 9, 6 digits: 5, 1/126 (C(9, 5) = 126)",
                                             {**data, (9, 6): (5, 1, 126)}))
    return verified(f"all {len(data)} cells: denominator C(w, p), 1 <= r <= C(w, p), p <= w")


sheet.claim("004/table-3.4-binomials", data=_TABLE34,
            perturb=lambda d: {**d, (4, 2): (2, 3, 5)})(check_table_34)


# -- constructions on the projected line -----------------------------------------------------------------------
def _width_two(proj, labels, alpha):
    """A deep width-2 network: unit 1 carries x + C, unit 2 a running max/min of zigzag lines of slope +-1.

    The zigzag crosses zero at the midpoints between label changes.  At a valley the running function becomes
    max(acc, L) = L + relu(acc - L), at a peak min(acc, L) = L - relu(L - acc) (exact for alpha = 0; a leaky unit
    gives L + sign * leaky(sign * (acc - L))).  acc is kept as a u2 + sx x + s0 with x = u1 - C.
    """
    runs = _regions_of(proj, labels)
    C = Fraction(abs(min(proj)) + 1)
    if len(runs) == 1:
        return ReLUNetwork([([[1], [0]], [C, 0]), ([[0, 0]], [runs[0][2]])], alpha=alpha)
    cuts = [Fraction(r[1] + q[0], 2) for r, q in zip(runs, runs[1:])]
    lines = []  # L_k(x) = m_k x + l_k, through (cut_k, 0), slopes alternating, the first one -sign(first run)
    for k, c in enumerate(cuts):
        m = Fraction(-runs[0][2] * (-1) ** k)
        lines.append((m, -m * c))
    layers = []
    a, sx, s0 = Fraction(0), lines[0][0], lines[0][1]  # acc = L_0(x)
    for k in range(1, len(lines)):
        m, l0 = lines[k]
        sign = 1 if m > 0 else -1  # a rising line starts at a valley (max), a falling one at a peak (min)
        if not layers:  # from the input x
            layers.append(([[1], [sign * (sx - m)]], [C, sign * (s0 - l0)]))
        else:  # from (u1, u2) with x = u1 - C
            layers.append(([[1, 0], [sign * (sx - m), sign * a]], [0, sign * (s0 - l0 - (sx - m) * C)]))
        a, sx, s0 = Fraction(sign), m, l0  # acc = L + sign * u2
    if not layers:  # two runs: the single line L_0
        layers.append(([[1], [0]], [C, 0]))
    layers.append(([[sx, a]], [s0 - sx * C]))
    return ReLUNetwork(layers, alpha=alpha)


def _classifies(net, proj, labels):
    return all(_sign(net.forward([Fraction(p)])[0]) == lab for p, lab in zip(proj, labels))


def check_width_two(data):
    return _width_two_outcome(data["width"], tuple(data["alphas"]), data["single_layer"])


@functools.lru_cache(maxsize=None)  # five claims share this computation
def _width_two_outcome(width, alphas, single_layer):
    data = {"width": width, "alphas": alphas, "single_layer": single_layer}
    counts = {}
    for n in (1, 2, 3):
        for code in range(2 ** (2**n)):
            f = truth_table(code, n)
            s, w, proj, labels = _projected_runs(f, n)
            for alpha in data["alphas"]:
                net = _width_two(proj, labels, alpha)
                if max(net.widths[1:-1]) > data["width"] or not _classifies(net, proj, labels):
                    return refuted(f"n = {n}, function {code}, leaky slope {alpha}: the width-{data['width']} construction "
                                   f"(hidden widths {net.widths[1:-1]}) misclassifies", counterexample={"n": n, "code": code})
            # single hidden layer with O(s) units: Theorem 3.3.2's region classifier on the s + 1 runs
            runs = _regions_of(proj, labels)
            if len(runs) > 1:
                one = region_classifier(_intervals(runs), first_positive=runs[0][2] > 0)
                if one.widths[1] > data["single_layer"](s) or not _classifies(one, proj, labels):
                    return refuted(f"n = {n}, function {code}: the single-hidden-layer network has {one.widths[1]} units for "
                                   f"swaps value {s}")
            counts[n] = counts.get(n, 0) + 1
    for nn in range(2, 9):  # parity: depth ceil(log_w n) suffices
        for width in (2, 3):
            depth = max(1, math.ceil(math.log(nn) / math.log(width) - 1e-12))
            net, *_ = parity_network(nn, width, depth)
            pts = list(itertools.product((0, 1), repeat=nn))
            if not all((net.forward([Fraction(v) for v in x])[0] > 0) == (sum(x) % 2 == 1) for x in pts):
                return refuted(f"{nn}-parity is not solved by width {width}, depth {depth}")
    return verified(f"every Boolean function of n <= 3 inputs ({sum(counts.values())} functions) is classified exactly by a "
                    f"deep width-{data['width']} network on its swaps projection (leaky slopes {list(data['alphas'])}) and by a "
                    f"single hidden layer of s units (s = swaps value, Theorem 3.3.2's region_classifier); n-parity, n <= 8, by "
                    f"width w in {{2, 3}} and depth ceil(log_w n) (parity_network)")


_W2 = {"width": 2, "alphas": (Fraction(0), Fraction(1, 100)), "single_layer": lambda s: s}

sheet.table(
    [dict(id="004/chapter-3-intro-width-two"), dict(id="004/section-3.3.1-width-two"),
     dict(id="004/section-3.3.2-corollaries"), dict(id="004/section-3.5-width-two"),
     dict(id="004/section-3.3.2-swaps-width-s")],
    data=_W2,
    perturb=lambda d: {**d, "width": 1},
    check=check_width_two,
)


def check_s_minus_one(data):
    """Can swaps value s be solved by data(s) units in one hidden layer?  A single leaky unit is monotone on the line.

    Zero hidden units is read as a linear classifier (it solves exactly the functions of swaps value <= 1).
    """
    corr = Correction("swaps value s (s + 1 regions) is solved with s nodes (Theorem 3.3.2)", lambda s: s)
    for n in (2, 3):
        for code in range(2 ** (2**n)):
            f = truth_table(code, n)
            s, w, proj, labels = _projected_runs(f, n)
            units = data(s)
            if units <= 0:
                if s > 1:
                    return refuted(f"n = {n}, function {code}: swaps {s} with no hidden unit", correction=corr)
                continue  # a linear classifier: swaps <= 1
            if units == 1 and s >= 2:
                # one leaky unit: v leaky(w.x + b) + c is monotone in w.x, so it only separates linearly (Theorem 2.1.2)
                return refuted(f"n = {n}, function {code} (XOR for n = 2) has swaps value {s}; a network with one hidden leaky "
                               f"unit is monotone along w.x and classifies only linearly separable functions",
                               counterexample={"n": n, "code": code, "swaps": s}, correction=corr)
            runs = _regions_of(proj, labels)
            net = region_classifier(_intervals(runs), first_positive=runs[0][2] > 0)
            if net.widths[1] > units or not _classifies(net, proj, labels):
                return refuted(f"n = {n}, function {code} (swaps {s}): Theorem 3.3.2's construction needs {net.widths[1]} "
                               f"units for its {len(runs)} regions, more than {units}",
                               counterexample={"n": n, "code": code, "swaps": s}, correction=corr)
    return verified("every function of n <= 3 with swaps value s is classified by s units in one hidden layer "
                    "(region_classifier on the swaps projection, exact)")


sheet.claim("004/section-3.3.2-s-minus-one", data=lambda s: s - 1,
            perturb=lambda f: (lambda s: f(s) - 1))(check_s_minus_one)


@functools.lru_cache(maxsize=None)  # the honesty tests run the check twice
def _most_changes(k, alpha):
    """The most sign changes over R of one-hidden-layer leaky networks with k units, over a grid of constructions.

    Unit j has its kink at t_j, orientation o_j and slope jump d_j (|d_j| on a grid, signs alternating); its
    output weight is d_j/(1 - alpha) and its contribution to the leftmost slope is alpha d_j/(1-alpha) (o_j = 1)
    or -d_j/(1-alpha) (o_j = -1).  Kinks are spaced so that the value flips sign on every piece whose slope allows.
    """
    best = 0
    mags = (Fraction(1), Fraction(3))
    for first in (1, -1):
        for orient in itertools.product((1, -1), repeat=k):
            for m in itertools.product(mags, repeat=k):
                d = [first * (-1) ** (j + 1) * m[j] for j in range(k)]  # slope jumps alternate
                s0 = sum(dj * (alpha if o > 0 else -1) / (1 - alpha) for dj, o in zip(d, orient))
                slopes = [s0]
                for dj in d:
                    slopes.append(slopes[-1] + dj)
                if any(sl == 0 for sl in slopes):
                    continue
                # place kinks: value +-1 at t_1 with the sign that makes piece 0 cross, then flip on each piece
                t, val = [Fraction(0)], [Fraction(_sign(slopes[0]))]
                for j in range(1, k):
                    step = (2 * abs(val[-1]) + 1) / abs(slopes[j])
                    t.append(t[-1] + step)
                    val.append(val[-1] + slopes[j] * step)
                units_w = [[o] for o in orient]
                units_b = [-o * tj for o, tj in zip(orient, t)]
                v = [dj / (1 - alpha) for dj in d]
                net = ReLUNetwork([(units_w, units_b), ([v], [0])], alpha=alpha)
                c = val[0] - net.forward([t[0]])[0]
                net = ReLUNetwork([(units_w, units_b), ([v], [c])], alpha=alpha)
                span = sum(abs(x) for x in t) + 10 + sum(abs(x) for x in val)
                lo = t[0] - span / min(abs(sl) for sl in slopes) - 1
                hi = t[-1] + span / min(abs(sl) for sl in slopes) + 1
                roots = net.to_pwl(lo, hi).output.roots()
                changes = sum(1 for r0, r1 in roots if r0 == r1)
                best = max(best, changes)
    return best


def check_changes_nodes(data):
    """Maximum number of sign changes of one-hidden-layer leaky networks R -> R with k units, k = 1..4."""
    alpha = Fraction(1, 10)
    best = {k: _most_changes(k, alpha) for k in range(1, 5)}
    readings = []
    for name, desc, ks in (("every-width", "for every number of nodes k >= 1", (1, 2, 3, 4)),
                           ("two-or-more", "for k >= 2 nodes", (2, 3, 4))):
        bad = [k for k in ks if best[k] != data(k)]
        out = (verified(f"most sign changes {[(k, best[k]) for k in ks]} = k + 1") if not bad else
               refuted(f"k = {bad[0]}: at most {best[bad[0]]} changes found, not {data(bad[0])}",
                       counterexample={k: best[k] for k in bad},
                       correction=Correction("k + 1 changes for k >= 2 nodes; one node gives at most 1",
                                             lambda k: k + 1 if k >= 2 else 1)))
        readings.append(Reading.of(name, desc, out))
    return from_readings(readings, detail="Exact constructions (leaky slope 1/10; jumps |d| in {1, 3}, every orientation "
                         "pattern) counting isolated roots on R; k units give k + 1 affine pieces, so k + 1 changes at most; "
                         "one unit is monotone (both slopes share the sign of its output weight), so at most 1.")


sheet.claim("004/section-3.3.2-changes-nodes", data=lambda k: k + 1,
            perturb=lambda f: (lambda k: f(k) + 1))(check_changes_nodes)


def check_swaps_threshold(data):
    from symrelu.npn import npn_classes

    for n in (1, 2, 3, 4):
        for code in npn_classes(n):
            f = truth_table(int(code), n)
            s, w, proj, labels = _projected_runs(f, n)
            runs = _regions_of(proj, labels)
            thresholds = [Fraction(a[1] + b[0], 2) for a, b in zip(runs, runs[1:])]
            if len(thresholds) != data(s):
                return refuted(f"n = {n}, class of {code}: swaps {s} needs {len(thresholds)} thresholds")

            def cls(p):
                k = sum(1 for t in thresholds if p > t)
                return runs[0][2] * (-1) ** k

            if any(cls(p) != lab for p, lab in zip(proj, labels)):
                return refuted(f"n = {n}, class of {code}: the threshold network misclassifies")
    return verified("every NPN class of n <= 4 inputs (representatives) is classified by a single hidden layer of s threshold "
                    "units on its optimal swaps projection (s = swaps value); the Omega(2^n/n) lower bound on thresholds is "
                    "cited [87], not derived")


sheet.claim("004/section-3.3.1-swaps-lower-bound", data=lambda s: s,
            perturb=lambda f: (lambda s: f(s) + 1))(check_swaps_threshold)


def check_eq_3_11(data):
    from symrelu.swaps import swaps_reference

    for n in (2, 3):
        for code in range(2 ** (2**n)):
            direct = swaps_reference(truth_table(code, n))
            reduced = swaps(code, n) + data
            if direct != reduced:
                return refuted(f"n = {n}, function {code}: direct definition {direct}, ordered nonnegative w over the NPN orbit "
                               f"{reduced}")
    return verified("for every function of n <= 3 the minimum of eq. 3.10 over all w (swaps_reference, direct definition) "
                    "equals the minimum over the NPN orbit with 0 <= w_1 <= ... <= w_n (the chamber algorithm, swaps)")


sheet.claim("004/equation-3.11", data=0, perturb=lambda d: d + 1)(check_eq_3_11)


# -- NPN and invariances -------------------------------------------------------------------------------------
def check_npn_network(data):
    rng = np.random.default_rng(4)
    for n in (2, 3):
        V = vertices(n)
        for trial in range(3):
            W1 = [[Fraction(int(rng.integers(-5, 6)), int(rng.integers(1, 4))) for _ in range(n)] for _ in range(3)]
            b1 = [Fraction(int(rng.integers(-5, 6)), 3) for _ in range(3)]
            W2 = [[Fraction(int(rng.integers(-5, 6)), 2) for _ in range(3)]]
            net = ReLUNetwork([(W1, b1), (W2, [Fraction(1, 7)])], alpha=Fraction(1, 10))
            vals = np.array([float(net.forward([Fraction(int(v)) for v in x])[0]) for x in V])
            f = np.where(vals > 0, 1, -1).astype(np.int8)
            for perm in itertools.permutations(range(n)):
                for neg in itertools.chain.from_iterable(itertools.combinations(range(n), r) for r in range(n + 1)):
                    for out in (False, True):
                        g = npn_transform(f, perm=list(perm), negate_inputs=list(neg), negate_output=out)
                        # first layer: input k of the new network reads x[perm[k]], negated if k in neg
                        # g(x) = f(y), y_k = -+x[perm[k]]: column perm[k] of the new first layer is -+column k
                        W1t = [[None] * n for _ in W1]
                        for r, row in enumerate(W1):
                            for k in range(n):
                                W1t[r][perm[k]] = row[k] * (-1 if k in neg and data["negate_columns"] else 1)
                        sgn = -1 if out else 1
                        new = ReLUNetwork([(W1t, b1), ([[sgn * q for q in W2[0]]], [sgn * Fraction(1, 7)])], alpha=Fraction(1, 10))
                        got = np.array([_sign(new.forward([Fraction(int(v)) for v in x])[0]) for x in V])
                        if not np.array_equal(got, g):
                            return refuted(f"n = {n}, perm {perm}, negations {neg}, output negated {out}: the transformed "
                                           f"network does not compute the transformed function")
    return verified("for random leaky-ReLU networks on {-1,1}^n (n = 2, 3) and every NPN element, permuting and negating the "
                    "first layer's columns and negating the last layer computes exactly the transformed function; a "
                    "zero-mean symmetric i.i.d. initialization is invariant under these column operations")


sheet.table(
    [dict(id="004/section-3.3.1-npn-representation"), dict(id="004/section-3.4.2-npn-invariance-training")],
    data={"negate_columns": True},
    perturb=lambda d: {"negate_columns": False},
    check=check_npn_network,
)


def check_affine_invariance(data):
    """Swaps value of f on an invertibly affinely transformed point set, by sampling directions; and output relabelling."""
    rng = np.random.default_rng(5)
    n = 3
    V = vertices(n).astype(float)
    dirs = rng.normal(size=(40000, n))
    A = np.array([[2, 1, 0], [0, 1, 3], [1, 0, 1]], float)
    c = np.array([1.0, -2.0, 0.5])
    mism = []
    for code in rng.choice(256, 40, replace=False):
        f = truth_table(int(code), n).astype(float)
        target = swaps(int(code), n)
        for pts in (V, V @ A.T + c):
            proj = pts @ dirs.T
            order = np.argsort(proj, axis=0)
            labels = f[order]
            ch = np.sum(labels[1:] != labels[:-1], axis=0)
            if ch.min() != target:
                mism.append((int(code), int(ch.min()), target))
    a, b = data["values"]
    formula_count = abs(a - b) / 2 if data["divisor"] == 2 else abs(a - b) / data["divisor"]
    readings = [
        Reading.of("class-changes", "swaps counts the changes of class along the projection",
                   verified("40 random functions of n = 3: the fewest class changes over 40,000 random directions equal swaps(f) "
                            "for the cube and for its image under x -> A x + c (A invertible)") if (not mism) == data["affine"]
                   else refuted(f"invariance claimed {data['affine']}; mismatches {mism[:3]}")),
        Reading.of("eq-3-10-formula", "eq. 3.10 as printed, |f(x_{i+1}) - f(x_i)|/2 per step, with output values a, b",
                   verified(f"one change counts {formula_count} with values {a}, {b}") if formula_count == 1 else
                   refuted(f"with output values {a}, {b} one change of class adds |a - b|/2 = {formula_count}, not 1",
                           counterexample=formula_count,
                           correction=Correction("divide by |a - b| instead of 2", {**data, "divisor": abs(a - b)}))),
    ]
    return from_readings(readings, detail="Affine invariance of the swaps value (sampled directions) and of eq. 3.10 under "
                         "output values 0/1 instead of -1/1.")


sheet.claim("004/section-3.3.1-affine-invariance", data={"values": (0, 1), "divisor": 2, "affine": True},
            perturb=lambda d: {**d, "divisor": 7, "affine": not d["affine"]})(check_affine_invariance)


def _train_width(f, width, rng, alpha=0.1, restarts=200, steps=1500, lr=0.05):
    """Hinge-loss gradient descent on a one-hidden-layer leaky network over {-1,1}^4; the first layer it finds."""
    V = vertices(4).astype(float)
    for _ in range(restarts):
        W, b, v, c = rng.normal(size=(width, 4)), 0.5 * rng.normal(size=width), rng.normal(size=width), 0.0
        for _ in range(steps):
            pre = V @ W.T + b
            H = np.where(pre > 0, pre, alpha * pre)
            g = -f * (f * (H @ v + c) < 1)
            dH = np.outer(g, v) * np.where(pre > 0, 1, alpha)
            W, b, v, c = W - lr * dH.T @ V, b - lr * dH.sum(0), v - lr * H.T @ g, c - lr * g.sum()
        if np.all(f * (np.where(V @ W.T + b > 0, V @ W.T + b, alpha * (V @ W.T + b)) @ v + c) > 0):
            return W, b
    return None


def check_width_below_swaps(data):
    """Width-data['width'] one-hidden-layer leaky networks for the swaps-5 functions, verified exactly."""
    return _width_below(tuple(data["codes"]), data["width"])


@functools.lru_cache(maxsize=None)
def _width_below(codes, width):
    from scipy.optimize import linprog

    data = {"codes": codes, "width": width}
    rng = np.random.default_rng(6)
    alpha = Fraction(1, 10)
    found = {}
    for code in data["codes"]:
        f = truth_table(code, 4).astype(float)
        first = _train_width(f, data["width"], rng)
        if first is None:
            continue
        W, b = ([[Fraction(q).limit_denominator(1000) for q in row] for row in first[0]],
                [Fraction(q).limit_denominator(1000) for q in first[1]])
        H = np.array([[float(max(h, alpha * h)) for h in
                       (sum(W[j][k] * int(x[k]) for k in range(4)) + b[j] for j in range(data["width"]))] for x in vertices(4)])
        res = linprog(np.zeros(data["width"] + 1), A_ub=-(f[:, None] * np.column_stack([H, np.ones(16)])), b_ub=-np.ones(16),
                      bounds=[(None, None)] * (data["width"] + 1))
        if res.status != 0:
            continue
        out = [Fraction(q).limit_denominator(10**4) for q in res.x]
        net = ReLUNetwork([(W, b), ([out[:-1]], [out[-1]])], alpha=alpha)
        if all(_sign(net.forward([Fraction(int(t)) for t in x])[0]) == int(fx) for x, fx in zip(vertices(4), f)):
            found[code] = swaps(code, 4)
    if set(found) != set(data["codes"]):
        return refuted(f"no width-{data['width']} network found for {sorted(set(data['codes']) - set(found))} "
                       f"(200 gradient-descent restarts each)")
    return verified(f"functions {list(found)} (swaps values {list(found.values())}) are classified exactly on all 16 points by "
                    f"one-hidden-layer leaky-ReLU (slope 1/10) networks of width {data['width']} < swaps (first layer from "
                    f"hinge-loss gradient descent, seed 6; output layer by linear programming; checked in Fractions)")


sheet.claim("004/section-3.3.2-width-below-swaps", data={"codes": (1785, 7140), "width": 3},
            perturb=lambda d: {**d, "width": 1})(check_width_below_swaps)


# -- §3.3.3-3.4.1: the XOR network ------------------------------------------------------------------------------
def check_seven_parameters(data):
    net = ReLUNetwork([([[1], [2]], [3, 4]), ([[5, 6]], [7])])
    count = sum(len(row) for W, b in net.layers for row in W) + sum(len(b) for W, b in net.layers)
    if count != data:
        return refuted(f"a (1, 2, 1) network has {count} parameters, not {data}")
    return verified(f"a (1, 2, 1) network has {count} parameters: w_1, w_2, b_1, b_2, o_1, o_2, c (eq. 3.24)")


sheet.claim("004/section-3.3.3-seven-parameters", data=7, perturb=lambda d: d + 1)(check_seven_parameters)


def check_xor_projection(data):
    pts = [(-1, -1), (-1, 1), (1, -1), (1, 1)]
    got = {}
    for z in pts:
        x = Fraction(z[0] + z[1], 2)
        xor = -z[0] * z[1]  # true (1) for unequal inputs
        if got.setdefault(x, xor) != xor:
            return refuted(f"x = {x} receives both classes")
    if got != data:
        return refuted(f"the projection maps XOR to {got}, not {data}")
    return verified(f"x = (z_1 + z_2)/2 maps XOR = -z_1 z_2 to {dict(sorted(got.items()))}")


sheet.claim("004/section-3.3.3-xor-projection", data={Fraction(-1): -1, Fraction(0): 1, Fraction(1): -1},
            perturb=lambda d: {**d, Fraction(0): -1})(check_xor_projection)


def check_scale_regions(data):
    rng = np.random.default_rng(7)
    for trial in range(20):
        w = [Fraction(int(rng.integers(-6, 7)) or 1, 3) for _ in range(2)]
        b = [Fraction(int(rng.integers(-6, 7)), 3) for _ in range(2)]
        o = [Fraction(int(rng.integers(-6, 7)) or 1, 2) for _ in range(2)]
        c = Fraction(int(rng.integers(-6, 7)), 5)
        net = ReLUNetwork([([[q] for q in w], b), ([o], [c])])
        for a in data["scales"]:
            scaled = ReLUNetwork([([[a * w[0]], [w[1]]], [a * b[0], b[1]]), ([[o[0] / a, o[1]]], [c])])
            if any(scaled.forward([Fraction(k, 3)])[0] != net.forward([Fraction(k, 3)])[0] for k in range(-15, 16)):
                return refuted(f"(w_1, b_1, o_1) -> ({a} w_1, {a} b_1, o_1/{a}) changes the function")
    return verified(f"(w_i, b_i, o_i) -> (a w_i, a b_i, o_i/a) leaves eq. 3.24's network unchanged for a in "
                    f"{[str(a) for a in data['scales']]} (exact, 20 random networks): each optimum with o_i != 0 lies on a "
                    f"curve of optima")


sheet.claim("004/section-3.3.3-scale-regions", data={"scales": (Fraction(1, 3), Fraction(2), Fraction(5))},
            perturb=lambda d: {"scales": tuple(d["scales"]) + (Fraction(-1),)})(check_scale_regions)


def check_two_dof(data):
    w1, w2, b1, b2, o1, o2 = sp.symbols("w1 w2 b1 b2 o1 o2")
    tangents = sp.Matrix([[w1, b1, -o1, 0, 0, 0], [0, 0, 0, w2, b2, -o2]])
    rng = np.random.default_rng(8)
    for _ in range(20):
        pt = {s: sp.Rational(int(rng.integers(1, 9)), int(rng.integers(1, 5))) for s in (w1, w2, b1, b2, o1, o2)}
        r = tangents.subs(pt).rank()
        if r != data:
            return refuted(f"the rescaling orbits have dimension {r} at {pt}")
    dead = tangents.subs({w2: 0, b2: 0, o2: 0, w1: 1, b1: 1, o1: 1}).rank()
    return verified(f"the two unit rescalings span {data} dimensions at 20 random points with both units nonzero "
                    f"(SymPy rank); a unit with w = b = o = 0 contributes none (rank {dead} then)")


sheet.claim("004/section-3.4.1-two-dof", data=2, perturb=lambda d: d + 1)(check_two_dof)


def check_gd_error(data):
    """GD with step lambda against the gradient flow of a smooth loss of eq. 3.24's network (all units active)."""
    from scipy.integrate import solve_ivp

    xs = np.array([-1.0, 0.0, 1.0])
    ys = np.array([-1.0, 1.0, -1.0])

    def grad(p):
        w1, w2, b1, b2, o1, o2, c = p
        # a region where unit 1 is on at every point and unit 2 too: the loss is polynomial there
        pred = o1 * (w1 * xs + b1) + o2 * (w2 * xs + b2) + c
        e = pred - ys
        return np.array([np.sum(e * o1 * xs), np.sum(e * o2 * xs), np.sum(e * o1), np.sum(e * o2),
                         np.sum(e * (w1 * xs + b1)), np.sum(e * (w2 * xs + b2)), np.sum(e)])

    p0 = np.array([0.3, -0.2, 2.0, 2.5, 0.4, -0.3, 0.1])
    T = 0.5
    flow = solve_ivp(lambda t, p: -grad(p), (0, T), p0, rtol=1e-12, atol=1e-12).y[:, -1]
    errs = []
    for lam in (0.02, 0.01, 0.005, 0.0025):
        p = p0.copy()
        for _ in range(int(round(T / lam))):
            p = p - lam * grad(p)
        errs.append(float(np.linalg.norm(p - flow)))
    ratios = [errs[k] / errs[k + 1] for k in range(3)]
    order = math.log2(np.mean(ratios))
    if abs(order - data) > 0.25:
        return refuted(f"GD error at t = {T} for lambda = 0.02..0.0025: {errs}, order {order:.2f}, not {data}")
    return verified(f"GD against the gradient flow at t = {T} (solve_ivp, rtol 1e-12): errors {[f'{e:.2e}' for e in errs]} "
                    f"halve with lambda (order {order:.2f}): O(lambda)")


sheet.claim("004/section-3.4.1-gd-error", data=1, perturb=lambda d: d + 1)(check_gd_error)


def check_relu_dead(data):
    n = 4
    V = vertices(n).astype(float)
    rng = np.random.default_rng(9)
    W = rng.normal(size=(3, n))
    b = np.array([-10.0, 0.3, 0.1])  # unit 0: w.x - 10 < 0 on the whole cube
    v = rng.normal(size=3)
    y = truth_table(27030, n).astype(float)

    def loss(theta):
        Wt = theta[:3 * n].reshape(3, n)
        bt = theta[3 * n:3 * n + 3]
        h = np.maximum(V @ Wt.T + bt, 0) if data["alpha"] == 0 else np.where(V @ Wt.T + bt > 0, V @ Wt.T + bt,
                                                                               data["alpha"] * (V @ Wt.T + bt))
        return 0.5 * float(np.sum((h @ v - y) ** 2))

    theta = np.concatenate([W.ravel(), b])
    g = np.zeros_like(theta)
    for k in range(theta.size):
        e = np.zeros_like(theta)
        e[k] = 1e-6
        g[k] = (loss(theta + e) - loss(theta - e)) / 2e-6
    dead = np.concatenate([g[0:n], [g[3 * n]]])
    if np.max(np.abs(dead)) > 1e-9:
        return refuted(f"the unit negative on every input still gets gradient {np.round(dead, 6).tolist()}")
    # how often does that happen at initialization? PyTorch default (weights and biases U[-1/2, 1/2] for fan_in 4)
    draws = rng.uniform(-0.5, 0.5, size=(20000, n + 1))
    share = float(np.mean(np.all(V @ draws[:, :n].T + draws[:, n] <= 0, axis=0)))
    return verified(f"a ReLU unit with w.x + b < 0 on all 16 inputs has zero gradient for its incoming weights and bias "
                    f"(finite differences); under PyTorch's default init (fan_in 4) {share:.2%} of first-layer units start "
                    f"so (20,000 draws); with zero biases none can (x and -x are both inputs)")


sheet.claim("004/section-3.4.2-relu-dead", data={"alpha": 0.0}, perturb=lambda d: {"alpha": 0.1})(check_relu_dead)


# -- §3.4.2-3.4.3: tables and Fourier statistics ----------------------------------------------------------------
_TABLE33_RELU = {7140: "0001101111100100", 1716: "0000011010110100", 5804: "0001011010101100", 6042: "0001011110011010",
                 1641: "0000011001101001", 5805: "0001011010101101", 406: "0000000110010110", 5737: "0001011001101001",
                 278: "0000000100010110", 27030: "0110100110010110"}
_TABLE33_LEAKY = {2022: "0000011111100110", 1713: "0000011010110001", 5786: "0001011010011010", 1717: "0000011010110101",
                  5774: "0001011010001110", 7905: "0001111011100001", 5737: "0001011001101001", 6038: "0001011110010110",
                  7128: "0001101111011000", 27030: "0110100110010110"}


def check_unbalanced(data):
    for table in (_TABLE33_RELU, _TABLE33_LEAKY):
        for dec, binary in table.items():
            if int(binary, 2) != dec:
                return refuted(f"Table 3.3: {binary} is {int(binary, 2)}, not {dec}")
    leaky_classes = {npn_canonical(d, 4) for d in _TABLE33_LEAKY}
    only = [d for d in _TABLE33_RELU if npn_canonical(d, 4) not in leaky_classes]
    unbalanced = [d for d in only if _TABLE33_RELU[d].count("1") != 8]
    share = len(unbalanced) / len(only)
    detail = (f"{len(only)} of the 10 ReLU rows have no NPN-equivalent row in the Leaky ReLU list ({only}); {len(unbalanced)} "
              f"of them are unbalanced (ones: {[_TABLE33_RELU[d].count('1') for d in only]}); binary and decimal columns agree")
    if (share > 0.5) != data["most_unbalanced"] or len(only) < data["many"]:
        return refuted(detail, counterexample={"only_relu": only, "unbalanced": unbalanced})
    return verified(detail)


sheet.claim("004/table-3.3-unbalanced", data={"most_unbalanced": True, "many": 5},
            perturb=lambda d: {**d, "many": 9})(check_unbalanced)


@functools.lru_cache(maxsize=None)  # all 65,536 functions of 4 inputs are shared by two claims
def _all_stats(n, sample=None, seed=0):
    """Total influence, degree and Fourier entropy of all functions of n inputs, or of ``sample`` uniform random ones."""
    rng = np.random.default_rng(seed)
    if sample is None:
        tables = np.array([truth_table(c, n) for c in range(2 ** (2**n))])
    else:
        tables = rng.choice(np.array([-1, 1], dtype=np.int8), size=(sample, 2**n))
    infl = np.array([float(x) for x in total_influence(tables)])
    return infl, np.asarray(degree(tables)), np.asarray(fourier_entropy(tables), float)


def check_random_vs_parity(data):
    rows = []
    for n in (2, 3, 4, 6, 8):
        infl, deg, ent = _all_stats(n) if n <= 3 else _all_stats(n, sample=2000 if n < 8 else 500)
        p = parity(n)
        rows.append((n, float(total_influence(p)), int(degree(p)), float(np.mean(infl)), float(np.mean(deg))))
    inf_ratio = [r[3] / r[1] for r in rows]
    deg_ratio = [r[4] / r[2] for r in rows]
    similar = lambda ratios: all(abs(x - 1) <= data["tolerance"] for x in ratios[-2:])  # noqa: E731
    detail = "; ".join(f"n = {n}: parity I = {pi:g}, deg {pd}; random E[I] = {ri:.3f}, E[deg] = {rd:.3f}" for n, pi, pd, ri, rd in rows)
    r_deg = verified(f"degree: random/parity -> {deg_ratio[-1]:.3f}") if similar(deg_ratio) else \
        refuted(f"degree ratios {np.round(deg_ratio, 3).tolist()}")
    r_inf = verified(f"influence ratio {inf_ratio[-1]:.3f}") if similar(inf_ratio) else \
        refuted(f"influence: random E[I] is about n/2, parity's n: ratios {np.round(inf_ratio, 3).tolist()}",
                counterexample=inf_ratio,
                correction=Correction("random functions have about the degree of parity but half its influence",
                                      {**data, "tolerance": 0.55}))
    return from_readings([Reading.of("degree", "'similar expected degree'", r_deg),
                          Reading.of("influence", "'similar expected influence' (normalized by n or not: the same ratio)", r_inf)],
                         detail=detail + " (symrelu.boolean; all functions for n <= 3, 2000 / 500 random ones above).")


sheet.claim("004/section-3.4.3-random-vs-parity", data={"tolerance": 0.1},
            perturb=lambda d: {"tolerance": -1.0})(check_random_vs_parity)


def check_random_entropy(data):
    means = []
    for n in (2, 3, 4, 5, 6):
        _, _, ent = _all_stats(n) if n <= 3 else _all_stats(n, sample=3000, seed=n)
        means.append(float(np.mean(ent)))
    norm = [m / n for m, n in zip(means, (2, 3, 4, 5, 6))]
    inc = all(b > a for a, b in zip(means, means[1:])) and all(b > a for a, b in zip(norm, norm[1:]))
    detail = f"mean Fourier entropy of random functions, n = 2..6: {np.round(means, 3).tolist()}; divided by n: {np.round(norm, 3).tolist()}"
    return verified(detail) if inc == data else refuted(detail)


sheet.claim("004/section-3.4.3-random-entropy", data=True, perturb=lambda d: not d)(check_random_entropy)


def check_or_entropy(data):
    n = 4
    OR = np.array([1 if i == 0 else -1 for i in range(2**n)], dtype=np.int8)  # one false input: an OR up to NPN
    e_or = float(fourier_entropy(OR))
    _, _, ent = _all_stats(n)
    e_max = float(np.max(ent))
    e_rand = float(np.mean(ent))
    e_par = float(fourier_entropy(parity(n)))
    linear = swaps(to_code(OR), n) == 1
    r_all = (verified(f"E(OR_4) = {e_or:.3f} is the maximum over all 65,536 functions") if e_or >= e_max - 1e-12 else
             refuted(f"E(OR_4) = {e_or:.3f} but the maximum over all functions of 4 inputs is {e_max:.3f} (bent functions)",
                     counterexample={"OR": e_or, "max": e_max},
                     correction=Correction("bent functions have the maximum entropy n; OR's is lower", {**data, "rank": "below-max"})))
    r_three = (verified("OR has the highest entropy among OR, parity and the random functions' mean")
               if e_or >= max(e_rand, e_par) else
               refuted(f"among the three studied classes: E(OR) = {e_or:.3f}, parity {e_par:.3f}, random mean {e_rand:.3f}",
                       counterexample={"OR": e_or, "random": e_rand},
                       correction=Correction("random functions have the highest mean entropy of the three", {**data, "rank": "below-max"})))
    if data.get("rank") == "below-max":
        r_all = verified(f"E(OR) = {e_or:.3f} < max {e_max:.3f}") if e_or < e_max else refuted("OR is maximal")
        r_three = verified(f"E(OR) = {e_or:.3f} < random mean {e_rand:.3f}") if e_or < e_rand else refuted("OR is highest")
    if linear != data["linear"]:
        return refuted(f"swaps(OR) = {swaps(to_code(OR), n)}: linearly separable = {linear}")
    return from_readings([Reading.of("all-functions", "maximum over all functions of n inputs", r_all),
                          Reading.of("three-classes", "highest among the classes of §3.4.3 (OR, parity, random)", r_three)],
                         detail="n = 4, symrelu.boolean.fourier_entropy; OR has swaps value 1 (a linear classifier solves it).",
                         correction=Correction("OR's entropy is below the maximum (bent functions) and below the random mean; "
                                               "OR is solvable by a linear classifier", {**data, "rank": "below-max"}))


sheet.claim("004/section-3.4.3-or-entropy", data={"linear": True},
            perturb=lambda d: {**d, "linear": not d["linear"]})(check_or_entropy)


_TABLE35 = {6: [(2, 2, 2), (2, 3)], 5: [(2, 2, 2), (2, 3)], 4: [(2, 2)], 3: [(2, 2), (3,)], 2: [(2,)]}


def check_table_35(data):
    bad = [(n, arch) for n, archs in _TABLE35.items() for arch in archs if math.prod(arch) < data(n)]
    single = sorted(n for n, archs in _TABLE35.items() if any(len(a) == 1 for a in archs))
    if bad or single != [2, 3]:
        return refuted(f"architectures below the bound: {bad}; single hidden layer for n = {single}")
    return verified("every pruned architecture of Table 3.5 has product of hidden widths >= n (Theorem 3.3.4's w^l >= n with "
                    "unequal widths) and single-hidden-layer rows occur only for n = 2, 3, as the text says")


sheet.claim("004/table-3.5", data=lambda n: n, perturb=lambda f: (lambda n: f(n) + 3))(check_table_35)


def check_dnf(data):
    for n in (1, 2, 3):
        for code in range(2 ** (2**n)):
            f = truth_table(code, n)
            terms = [x for x, v in zip(vertices(n), f) if v > 0]
            terms01 = [tuple((1 - int(c)) // 2 for c in x) for x in terms]  # x_k = (-1)^bit -> bit
            if not terms01:
                net = ReLUNetwork([([[0] * n], [0]), ([[0]], [Fraction(-1, 2)])])
            else:
                W = [[1 if t[k] else -1 for k in range(n)] for t in terms01]
                # relu(sum of literals - (|C| - data)), |C| = n literals; a negated literal is 1 - x_k
                b = [(n - sum(t)) - (n - data) for t in terms01]
                net = ReLUNetwork([(W, b), ([[1] * len(terms01)], [Fraction(-1, 2)])])
            for x01, v in zip([tuple((1 - int(c)) // 2 for c in x) for x in vertices(n)], f):
                if (net.forward(list(x01))[0] > 0) != (v > 0):
                    return refuted(f"n = {n}, function {code}: the DNF network misclassifies {x01}")
            if net.widths[1] != max(1, len(terms01)):
                return refuted("wrong number of units")
    return verified("for all functions of n <= 3 inputs, one ReLU unit relu(sum of literals - (|C| - 1)) per DNF term (minterms) "
                    "and output sum - 1/2 classify exactly (Fractions): width = number of conjunctions")


sheet.claim("004/section-3.1-dnf", data=1, perturb=lambda d: d + 2)(check_dnf)


def check_mingard(data):
    n = 3
    total = sum(data["p"](n) for t in range(data["t_max"](n) + 1))
    rng = np.random.default_rng(10)
    X = np.array(list(itertools.product((0, 1), repeat=n)), float)
    w = rng.normal(size=(200000, n))
    t = np.sum(X @ w.T > 0, axis=0)
    counts = np.bincount(t, minlength=2**n + 1)
    support = np.arange(data["t_max"](n) + 1)
    expected = np.array([float(data["p"](n))] * len(support)) * len(t)
    if total != 1:
        return refuted(f"the probabilities 2^-n over t = 0..{data['t_max'](n)} sum to {total}, not 1 (n = {n}); sampled "
                       f"counts of t: {counts.tolist()} (t = 2^n never occurs: the origin is classified 0 without a bias)",
                       counterexample=total,
                       correction=Correction("P(t) = 2^-n for 0 <= t < 2^n", {**data, "t_max": lambda n: 2**n - 1}))
    p = stats.chisquare(counts[:len(support)], expected).pvalue
    if p < 1e-3 or counts[len(support):].sum() > 0:
        return refuted(f"chi-square against the claimed uniform law: p = {p:.3g}; counts {counts.tolist()}")
    return verified(f"bias-free perceptron with Gaussian weights on {{0,1}}^{n}: counts of t {counts.tolist()} (200,000 draws, seed "
                    f"10), chi-square against 2^-n on t = 0..{data['t_max'](n)}: p = {p:.3g} (level 1e-3)")


sheet.claim("004/section-3.1-mingard", data={"t_max": lambda n: 2**n, "p": lambda n: Fraction(1, 2**n)},
            perturb=lambda d: {**d, "p": lambda n: Fraction(1, 2 ** (n + 1))})(check_mingard)
