"""Claims of 004 appendix A.1: the swaps value is invariant under an orthonormal map (Lemma A.1.1),
a nonzero diagonal scaling (Lemma A.1.2) and a translation (Lemma A.1.3) of the input points.

The swaps value of eq. 3.10 is computed here on a general labelled point set (the transformed cube),
which `symrelu.swaps` does not take: the minimum over W of eq. 3.8 equals the minimum over the
chambers of the arrangement {w : w.(p - p') = 0} (a w in W ties points of one class only, and the
chambers next to it give the same count).  In R^d (d = 2, 3) the normals span, so every chamber is
a pointed cone whose extreme rays are intersections of d - 1 hyperplanes; the sum of d independent
extreme rays lies inside it.  So the candidates "sum of d independent rays" meet every chamber, and
the minimum over those in W is the swaps value, exactly (integer arithmetic).  On the untransformed
cube this enumeration is checked against `symrelu.swaps.swaps` for every function first.
"""

from __future__ import annotations

import itertools
import math
import random
from fractions import Fraction as Q

import numpy as np
import sympy as sp

from proofs_check.claim import Correction, refuted, verified
from proofs_check.registry import claim_sheet
from symrelu.boolean import truth_table
from symrelu.swaps import swaps, vertices

sheet = claim_sheet(__file__)


def _primitive(v):
    g = math.gcd(*v)
    v = tuple(x // g for x in v)
    return v if next(x for x in v if x) > 0 else tuple(-x for x in v)


def _as_integers(points):
    """The points scaled by one positive integer to integers (orders and ties along any w are kept)."""
    scale = math.lcm(*(Q(x).denominator for p in points for x in p))
    return np.array([[int(Q(x) * scale) for x in p] for p in points], dtype=np.int64)


def _orderings(points):
    """The distinct (order, ties) met by candidates that meet every chamber of the points' arrangement."""
    P = _as_integers(points)
    d = P.shape[1]
    normals = {_primitive(tuple(int(x) for x in P[i] - P[j]))
               for i in range(len(P)) for j in range(i) if (P[i] != P[j]).any()}
    if d == 2:
        lines = {_primitive((-b, a)) for a, b in normals}
    else:  # d == 3: the line where two hyperplanes meet
        lines = set()
        for a, b in itertools.combinations(sorted(normals), 2):
            c = np.cross(a, b)
            if c.any():
                lines.add(_primitive(tuple(int(x) for x in c)))
    rays = np.array([s * np.array(r) for r in sorted(lines) for s in (1, -1)], dtype=np.int64)
    combos = np.array(list(itertools.combinations(range(len(rays)), d)))
    parts = rays[combos]  # (candidates, d rays, d)
    if d == 2:  # exact integer determinants
        independent = parts[:, 0, 0] * parts[:, 1, 1] != parts[:, 0, 1] * parts[:, 1, 0]
    else:
        independent = np.einsum("ij,ij->i", parts[:, 0], np.cross(parts[:, 1], parts[:, 2])) != 0
    w = parts[independent].sum(axis=1)
    proj = w @ P.T
    order = np.argsort(proj, axis=1, kind="stable")
    sorted_proj = np.take_along_axis(proj, order, axis=1)
    tie = sorted_proj[:, 1:] == sorted_proj[:, :-1]
    both = np.unique(np.concatenate([order, tie.astype(np.int64)], axis=1), axis=0)
    return both[:, :len(P)], both[:, len(P):].astype(bool)


def _swaps_on(orderings, labels, b1, b2):
    """Eq. 3.10 on the point set for each row of ``labels`` (truth tables, +-1): min over W (eq. 3.8) of
    sum |f(x_{i+1}) - f(x_i)| / 2, where f takes the values b1 (label 1) and b2 (label -1)."""
    order, tie = orderings
    vals = labels[:, order]  # (functions, orderings, points)
    differ = vals[:, :, 1:] != vals[:, :, :-1]
    in_w = ~np.any(tie[None] & differ, axis=2)
    changes = np.where(in_w, differ.sum(axis=2), np.iinfo(np.int64).max).min(axis=1)
    return [int(c) * abs(Q(b1) - Q(b2)) / 2 for c in changes]


def _tied(points, w):
    proj = [sum(Q(x) * y for x, y in zip(p, w)) for p in points]
    return [(i, j) for i in range(len(points)) for j in range(i) if proj[i] == proj[j]]


def _dual_mismatch(B, image, dual, labels):
    """Eqs. A.2-A.5: w is in W (eq. 3.8 on B) exactly when the printed w~ is in W~ (on the mapped points).

    Tried for every integer w in {-2..2}^d (many ties, so membership is often false) and every f."""
    d = len(B[0])
    for w in itertools.product(range(-2, 3), repeat=d):
        ties, ties_mapped = _tied(B, w), _tied(image, dual(w))
        for table in labels.tolist():
            inside = all(table[i] == table[j] for i, j in ties)
            if inside != all(table[i] == table[j] for i, j in ties_mapped):
                return table, list(w), [str(x) for x in dual(w)], inside
    return None


def _cube(d, a1, a2):
    """{a1, a2}^d in symrelu's vertex order (a1 in place of +1, a2 of -1)."""
    return [tuple(Q(a1) if x == 1 else Q(a2) for x in row) for row in vertices(d).tolist()]


def _orthonormal(rng, d):
    """A random rational orthonormal P = (I - A)(I + A)^{-1}, A skew (Cayley transform)."""
    A = sp.zeros(d, d)
    for i, j in itertools.combinations(range(d), 2):
        A[i, j] = sp.Rational(rng.randint(-5, 5), rng.randint(1, 4))
        A[j, i] = -A[i, j]
    P = (sp.eye(d) - A) * (sp.eye(d) + A).inv()
    assert P * P.T == sp.eye(d)
    return P


def _apply(M, shift=None):
    def f(p):
        v = M * sp.Matrix(p)
        return tuple(Q(int(sp.fraction(x)[0]), int(sp.fraction(x)[1])) + (0 if shift is None else Q(shift[i]))
                     for i, x in enumerate(v))
    return f


# Each lemma's data: (sets B = {a1, a2}^d with values {b1, b2}, a maker of the transform T(rng, d));
# f~(T b) = f(b).  The check is shared.
def _invariance(data):
    bases, make = data
    rng = random.Random(2459)
    done = 0
    for d in (2, 3):
        labels = np.array([truth_table(code, d) for code in range(2 ** (2**d))], dtype=np.int64)
        for a1, a2, b1, b2 in bases:
            B = _cube(d, a1, a2)
            s = _swaps_on(_orderings(B), labels, b1, b2)
            if (a1, a2, b1, b2) == (1, -1, 1, -1):
                library = [swaps(t) for t in labels]
                if s != library:
                    k = next(k for k in range(len(s)) if s[k] != library[k])
                    return refuted(f"the chamber enumeration gives {s[k]} for f = {labels[k].tolist()}, "
                                   f"symrelu.swaps.swaps {library[k]} (the check itself is wrong)")
            for _ in range(3):
                T, name, dual = make(rng, d)
                image = [T(b) for b in B]
                for table in labels.tolist():
                    clash = [(i, j) for i in range(len(B)) for j in range(i)
                             if image[i] == image[j] and table[i] != table[j]]
                    if clash:
                        i, j = clash[0]
                        return refuted(f"d = {d}, {name}: f = {table} on {{{a1}, {a2}}}^d: T maps "
                                       f"{tuple(map(str, B[i]))} and {tuple(map(str, B[j]))} (classes {table[i]}, "
                                       f"{table[j]}) to one point, so f~ is not a function",
                                       counterexample={"d": d, "map": name, "f": table})
                bad = _dual_mismatch(B, image, dual, labels)
                if bad:
                    return refuted(f"d = {d}, {name}: w = {bad[1]} and w~ = {bad[2]}: w in W is {bad[3]}, w~ in W~ "
                                   f"{not bad[3]} for f = {bad[0]} (eqs. A.2-A.5: W~ is the image of W)",
                                   counterexample={"d": d, "map": name, "f": bad[0], "w": bad[1]})
                got = _swaps_on(_orderings(image), labels, b1, b2)
                for k in range(len(labels)):
                    if got[k] != s[k]:
                        return refuted(f"d = {d}, {name}, B = {{{a1}, {a2}}}^d, values {{{b1}, {b2}}}: "
                                       f"f = {labels[k].tolist()} has swaps value {s[k]}, f~ {got[k]}",
                                       counterexample={"d": d, "map": name, "f": labels[k].tolist(),
                                                       "s": str(s[k]), "s~": str(got[k])})
                done += len(labels)
    return verified(f"swaps(f~) = swaps(f) for every Boolean function of d = 2, 3 inputs under 3 random maps per "
                    f"base set ({done} cases; eqs. 3.8-3.10 on the mapped points, every chamber of their "
                    "arrangement met; exact), and w in W exactly when the printed w~ is in W~ (eqs. A.2-A.5) for "
                    "every integer w in {-2..2}^d")


_PM = [(1, -1, 1, -1)]
_GENERAL = [(1, -1, 1, -1), (0, 1, 0, 1), (Q(5, 2), Q(-1, 3), 7, Q(-1, 2))]


def _rotation(rng, d):
    P = _orthonormal(rng, d)
    return _apply(P), f"P = {P.tolist()}", _apply(P)  # eq. A.2: w~ = P w


def _singular(make):
    """The same maps with the last column dropped (rank d - 1: the hypothesis on the matrix removed)."""
    def made(rng, d):
        T, name, dual = make(rng, d)
        return (lambda p: T(p[:-1] + (0,))), name + " with x_d set to 0 first", dual
    return made


def _scaling(rng, d):
    D = sp.diag(*[sp.Rational(rng.choice([-1, 1]) * rng.randint(1, 9), rng.randint(1, 5)) for _ in range(d)])
    return _apply(D), f"D = diag{tuple(str(D[i, i]) for i in range(d))}", _apply(D.inv())  # eq. A.4: w~ = D^-1 w


def _translation(rng, d):
    q = [Q(rng.randint(-9, 9), rng.randint(1, 4)) for _ in range(d)]
    return _apply(sp.eye(d), q), f"q = {[str(x) for x in q]}", _apply(sp.eye(d))  # eq. A.5: w~ = w


def _bent(make):
    """The same maps, then one point moved (b + q(b) with q depending on b: not a translation)."""
    def made(rng, d):
        T, name, dual = make(rng, d)
        first = (Q(1),) * d
        return (lambda p: tuple(x + (Q(3) if p == first and k == 0 else 0) for k, x in enumerate(T(p)))), \
            name + " and the point T(1, ..., 1) moved by 3 e_1", dual
    return made


sheet.claim("004/lemma-a.1.1", data=(_PM, _rotation),
            perturb=lambda d: (d[0], _singular(d[1])))(_invariance)
sheet.claim("004/lemma-a.1.2", data=(_GENERAL, _scaling),
            perturb=lambda d: (d[0], _singular(d[1])))(_invariance)
sheet.claim("004/lemma-a.1.3", data=(_GENERAL, _translation),
            perturb=lambda d: (d[0], _bent(d[1])))(_invariance)


# -- Figure 6.12: the points a grid point is compared with find every region met before ---------------
def _misses(net, k):
    """Scan the grid of spacing 2^-k on [-1, 1]^2 as §6.3 does (rows top to bottom, each left to right).

    A red point misses when its region (activation pattern: a convex set) holds an earlier point but
    none of the compared (yellow) ones: the point to its left and the row above from the column to
    its left to the end.  Returns (misses, grid points)."""
    m = 2 ** (k + 1) + 1
    coords = [Q(-1) + Q(j, 2**k) for j in range(m)]
    points = [(x, y) for y in reversed(coords) for x in coords]  # row r = y descending, column c = x ascending
    pre = net.preactivations(points)
    pattern = [tuple(bool(z > 0) for layer in pre for z in layer[i]) for i in range(len(points))]
    seen, misses = set(), 0
    for r in range(m):
        for c in range(m):
            here = pattern[r * m + c]
            yellow = ([pattern[r * m + c - 1]] if c else []) + \
                     ([pattern[(r - 1) * m + j] for j in range(max(c - 1, 0), m)] if r else [])
            if here in seen and here not in yellow:
                misses += 1
            seen.add(here)
    return misses, m * m


def _wedge_network():
    """Two units active together on the narrow wedge |t| < s/10 around s(-2, 1) + t(1, 2), apex at a grid
    point: at every spacing 2^-k the grid points (-2, 1)h (red) and (-4, 2)h (black, one row up, two
    columns left) lie in it and none of red's compared points does."""
    from symrelu.network import ReLUNetwork
    u, v, a = (Q(-2), Q(1)), (Q(1), Q(2)), Q(1, 10)
    W = [[v[0] + a * u[0], v[1] + a * u[1]], [-v[0] + a * u[0], -v[1] + a * u[1]]]
    return ReLUNetwork([(W, [0, 0]), ([[1, 2]], [0])])


def _grid_regions(data):
    net = _wedge_network()
    levels = range(1, 6)
    counts = {k: _misses(net, k) for k in levels}
    missed = {k: c[0] for k, c in counts.items()}
    shares = [Q(*counts[k]) for k in levels]
    falls = all(b < a for a, b in zip(shares, shares[1:]))
    told = f"misses (of grid points) at spacing 2^-k, k = 1..5: { {k: f'{c[0]}/{c[1]}' for k, c in counts.items()} }"
    if not data["misses"]:
        if any(missed.values()):
            return refuted(
                f"a 2-unit ReLU network whose two units are active together on a narrow wedge (a convex region) "
                f"with apex at a grid point: {told}; the wedge is the same at every scale, so no grid is tight "
                "enough",
                counterexample={"misses": missed},
                correction=Correction("regions with a corner narrower than the grid's gaps are missed at every grid "
                                      "spacing (the method is approximate, as the paragraph of §6.3 concedes), but "
                                      "the share of grid points that miss falls as the grid is refined",
                                      {"misses": True, "share_falls": True}))
        return verified(f"no misses: {told}")
    if not all(missed.values()):
        return refuted(f"some grid finds every region: {told}", counterexample={"misses": missed})
    if data["share_falls"] != falls:
        return refuted(f"the share of missing points {'falls' if falls else 'does not fall'}: {told}",
                       counterexample={"shares": [str(s) for s in shares]})
    return verified(f"misses at every spacing, their share {'falling' if falls else 'not falling'}: {told} "
                    "(exact activation patterns from symrelu.network.ReLUNetwork.preactivations)")


sheet.claim("004/figure-6.12", data={"misses": False, "share_falls": None},
            perturb=lambda d: {**d, "misses": not d["misses"]} if d["share_falls"] is None
            else {**d, "share_falls": not d["share_falls"]})(_grid_regions)
