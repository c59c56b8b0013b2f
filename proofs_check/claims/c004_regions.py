"""Claims of 004 about linear regions on the plane and in R^3 (§4.1.1, Figures 5.1 and 5.3), via `symrelu.regions`.

Every region, pattern, affine map and decision boundary here is computed by
`symrelu.regions.regions` in exact rational arithmetic (float64 only where a
statement is about irrational shapes: the regular hexagon).
"""

from __future__ import annotations

import functools
import itertools
import math
from fractions import Fraction as Q

import numpy as np
from scipy.optimize import minimize

from proofs_check.claim import Correction, refuted, verified
from proofs_check.registry import claim_sheet
from symrelu.network import ReLUNetwork
from symrelu.regions import Box, regions

sheet = claim_sheet(__file__)

# -- Figure 5.1: the worked product of a 3-3-3-3 network -------------------------
FIG51_LAYERS = [
    ([[3, 0, 4], [5, 9, 1], [6, 1, 2]], [7, 2, 9]),
    ([[2, 9, 5], [1, 3, 3], [8, 7, 0]], [7, 7, 8]),
    ([[7, 9, 6], [4, 0, 9], [7, 3, 7]], [5, 5, 2]),
]
FIG51 = ReLUNetwork(FIG51_LAYERS)


def _masked_map(pattern):
    """The affine map (J, c) of FIG51 with the units masked by ``pattern`` (exact, by the masked product)."""
    J = np.eye(3, dtype=object) * Q(1)
    c = np.zeros(3, dtype=object) * Q(1)
    for l, (W, b) in enumerate(FIG51.layers):
        J, c = W.dot(J), W.dot(c) + b
        if l < len(pattern):
            mask = np.array([int(ch) for ch in pattern[l]], dtype=object)
            J, c = mask[:, None] * J, mask * c
    return J.tolist(), c.tolist()


def _ints(x):
    """Exact numbers printed plainly (nested lists)."""
    return [_ints(v) for v in x] if isinstance(x, list) else str(x)


def _check_fig51(data):
    pattern = data["pattern"]
    J, c = _masked_map(pattern)
    stated_J = [[Q(v) for v in row] for row in data["J"]]
    stated_c = [Q(v) for v in data["c"]]
    # Where does the pattern occur?  The exact complex on a large box, and the sign argument for all of R^3.
    cx = regions(FIG51, Box([-50] * 3, [50] * 3), max_regions=10**5)
    bits = "|".join(pattern)
    occurs = any(r.bits == bits for r in cx)
    W2, b2 = FIG51.layers[1]
    always_on = all(v >= 0 for v in W2.flat) and all(v > 0 for v in b2)  # relu(.) >= 0, so W2 h + b2 > 0 everywhere
    exists = occurs if not always_on else False
    if exists != data["region_nonempty"]:
        return refuted(
            f"pattern {bits}: its region is {'nonempty' if exists else 'empty'} "
            f"({'layer-2 weights >= 0 and biases > 0 keep every layer-2 unit active on all of R^3; ' if always_on else ''}"
            f"the exact complex on [-50, 50]^3 has {len(cx)} regions, patterns {sorted({r.bits for r in cx})}); "
            f"the masked product is J = {_ints(J)}, c = {_ints(c)}",
            counterexample={"J": J, "c": c, "region_nonempty": exists},
            correction=Correction(
                f"With units 1, 3 of layer 1 and unit 2 of layer 2 active, the masked product is "
                f"J = {[[int(v) for v in row] for row in J]}, c = {[int(v) for v in c]}; "
                "no input has this pattern (every layer-2 unit is active everywhere).",
                {"pattern": pattern, "J": J, "c": c, "region_nonempty": exists}),
        )
    if J != stated_J or c != stated_c:
        return refuted(f"pattern {bits}: the masked product is J = {_ints(J)}, c = {_ints(c)}, not J = {_ints(stated_J)}, "
                       f"c = {_ints(stated_c)}",
                       counterexample={"J": J, "c": c})
    return verified(f"pattern {bits}: J = {_ints(J)}, c = {_ints(c)}; region {'nonempty' if exists else 'empty'} as stated")


sheet.claim(
    "004/figure-5.1",
    data={"pattern": ("101", "010"), "J": [[42, 0, 120], [20, 0, 27], [336, 21, 0]], "c": [695, 376, 562],
          "region_nonempty": True},
    perturb=lambda d: {**d, "J": [[v + (1 if (i, k) == (1, 0) else 0) for k, v in enumerate(row)] for i, row in enumerate(d["J"])]},
)(_check_fig51)


# -- Figure 5.3: the XOR network's regions are three bands --------------------------
XOR_NET = ReLUNetwork([([[1, 1], [1, 1]], [1, 0]), ([[1, -2]], [-1])])  # eq. 5.11


def _check_fig53(data):
    c = regions(XOR_NET, Box([-2, -2], [2, 2]))
    bits = sorted(r.bits for r in c)
    # a band: every facet that is not the box's is a line x1 + x2 = const
    lines = set()
    for r in c:
        for row, b in zip(r.A, r.b):
            if row[0] != 0 and row[1] != 0:
                if row[0] != row[1]:
                    return refuted(f"region {r.bits} has the facet {row} . x <= {b}, not a line x1 + x2 = const")
                lines.add(b / row[0])
    got = {"regions": len(c), "patterns": bits, "boundaries": sorted(lines)}
    if got != {"regions": data["regions"], "patterns": sorted(data["patterns"]), "boundaries": sorted(data["boundaries"])}:
        return refuted(f"the exact complex on [-2, 2]^2: {got}", counterexample=got)
    return verified(f"{len(c)} regions, patterns {bits}, all bands between the parallel lines "
                    f"x1 + x2 = {[str(v) for v in sorted(lines)]}")


sheet.claim("004/figure-5.3", data={"regions": 3, "patterns": ["11", "10", "00"], "boundaries": [Q(-1), Q(0)]},
            perturb=lambda d: {**d, "regions": d["regions"] + 1})(_check_fig53)


# -- §4.1.1: the closed regions a width-3 network encloses ---------------------------
def _closed_curves(segments):
    """Closed polygons formed by the decision-boundary segments (exact endpoints), corners only."""
    adj = {}
    for a, b in segments:
        adj.setdefault(a, []).append(b)
        adj.setdefault(b, []).append(a)
    seen, curves = set(), []
    for start in adj:
        if start in seen or len(adj[start]) != 2:
            continue
        chain, prev, cur, ok = [start], None, start, True
        while True:
            seen.add(cur)
            if len(adj[cur]) != 2:
                ok = False
                break
            nxt = adj[cur][0] if adj[cur][0] != prev else adj[cur][1]
            prev, cur = cur, nxt
            if cur == start:
                break
            chain.append(cur)
        if not ok:
            continue
        corners = []
        for i in range(len(chain)):
            o, p, q = chain[i - 1], chain[i], chain[(i + 1) % len(chain)]
            if (p[0] - o[0]) * (q[1] - o[1]) - (p[1] - o[1]) * (q[0] - o[0]) != 0:
                corners.append(p)
        curves.append(corners)
    return curves


def _width3_networks(count, seed):
    """Random width-3 one-hidden-layer networks ``c - sum_i a_i relu(n_i . x + b_i)`` (rational, generic)."""
    rng = np.random.default_rng(seed)
    out = []
    for _ in range(count):
        W = [[Q(int(v), 997) for v in rng.integers(-997, 998, size=2)] for _ in range(3)]
        b = [Q(int(v), 331) for v in rng.integers(-991, 992, size=3)]  # offsets in [-3, 3]
        a = [Q(-int(v), 983) for v in rng.integers(1, 984, size=3)]
        c = Q(int(rng.integers(1, 2000)), 1000)
        out.append(ReLUNetwork([(W, b), ([a], [c])]))
    return out


@functools.lru_cache(maxsize=None)
def _shapes(count=150, seed=0):
    """Corner counts of the closed decision regions of random width-3 networks (exact), and the polygons."""
    found = {}
    for net in _width3_networks(count, seed):
        cx = regions(net, Box([-60, -60], [60, 60]), estimate_samples=0)
        for poly in _closed_curves(cx.decision_boundary().segments):
            if all(abs(p[0]) < 60 and abs(p[1]) < 60 for p in poly):
                found.setdefault(len(poly), []).append(poly)
    return found


def _check_shapes(data):
    found = _shapes()
    counts = {k: len(v) for k, v in sorted(found.items())}
    stated = set(data["corners"])
    if set(found) != stated:
        return refuted(f"closed decision regions of 150 random width-3 networks (exact): corner counts {counts}",
                       counterexample=counts)
    return verified(f"closed decision regions of 150 random width-3 networks (exact, generic rationals): "
                    f"corner counts {counts}: only {sorted(stated)}, each occurring")


sheet.claim("004/section-4.1.1-shapes", data={"corners": (4, 6)}, perturb=lambda d: {"corners": (4, 5)})(_check_shapes)


def _ratio(poly):
    """min over centres of R/rho (R: farthest vertex, rho: nearest edge line), float64."""
    P = np.array(poly, dtype=float)
    edges = [(P[i], P[(i + 1) % len(P)]) for i in range(len(P))]

    def f(cen):
        R = np.max(np.hypot(*(P - cen).T))
        rho = min(abs((q[0] - p[0]) * (cen[1] - p[1]) - (q[1] - p[1]) * (cen[0] - p[0])) / np.hypot(*(q - p))
                  for p, q in edges)
        return R / rho if rho > 0 else np.inf

    best = min((minimize(f, P.mean(0) + d, method="Nelder-Mead", options={"xatol": 1e-12, "fatol": 1e-14})
                for d in (np.zeros(2), 0.01 * (P[0] - P.mean(0)))), key=lambda r: r.fun)
    return float(best.fun)


def _regular_networks():
    """Width-3 networks whose closed decision region is a regular square / regular hexagon."""
    square = ReLUNetwork([([[1, 0], [0, 1], [-1, -1]], [0, 0, 2]), ([[-2, -2, -1]], [3])])  # |x|+|y| < 1
    n = [(math.cos(t), math.sin(t)) for t in (0, 2 * math.pi / 3, 4 * math.pi / 3)]
    hexagon = ReLUNetwork([(n, [0.0, 0.0, 0.0]), ([[-1.0, -1.0, -1.0]], [1.0])])
    return {4: (square, True), 6: (hexagon, False)}


def _check_regular(data):
    found = _shapes()
    lines = []
    for k, (net, exact) in _regular_networks().items():
        cx = regions(net, Box([-4, -4], [4, 4]), exact=exact)
        if exact:
            polys = _closed_curves(cx.decision_boundary().segments)
        else:  # float endpoints: chain them after rounding (the regular hexagon is irrational)
            segs = [tuple(tuple(round(float(v), 9) for v in p) for p in s) for s in cx.decision_boundary().segments]
            polys = _closed_curves(segs)
        regular = [p for p in polys if len(p) == k]
        if not regular:
            return refuted(f"the regular {k}-gon network made no closed {k}-gon", counterexample=k)
        attained = _ratio(regular[0])
        stated = float(data[k])
        sampled = [_ratio(p) for p in found.get(k, [])]
        low = min(sampled) if sampled else math.inf
        if abs(attained - stated) > 1e-6 or low < stated - 1e-6:
            return refuted(f"{k}-gons: the regular one has R/rho = {attained:.9f}; the smallest over "
                           f"{len(sampled)} network-made {k}-gons is {low:.9f}; stated minimum {stated:.9f}",
                           counterexample={k: attained})
        lines.append(f"{k}-gons: regular R/rho = {attained:.9f} (= stated {stated:.9f}), "
                     f"{len(sampled)} random network-made ones >= {low:.6f}")
    return verified("; ".join(lines))


sheet.claim("004/section-4.1.1-regular", data={4: math.sqrt(2), 6: 2 / math.sqrt(3)},
            perturb=lambda d: {4: d[4], 6: d[6] * 0.95})(_check_regular)


# -- Chapter 3's parity construction on the cube ------------------------------------
CUBE_CASES = ((2, 2, 1), (3, 3, 1), (4, 2, 2), (4, 4, 1), (5, 5, 1))


def _check_cube(data):
    from symrelu.constructions import parity_network

    rows = []
    for ((n, w, l), stated), alpha in itertools.product(data.items(), (0, Q(1, 10))):
        net, _, _ = parity_network(n, w, l, alpha=alpha)
        cx = regions(net, Box([0] * n, [1] * n))
        # order the regions along the diagonal; a cube vertex of weight k lies in the closure of the k-th ones
        signs = [net.forward([1] * k + [0] * (n - k))[0] for k in range(n + 1)]
        alternate = all(signs[k] * signs[k + 1] < 0 for k in range(n))
        rows.append(f"n={n}, w={w}, l={l}, alpha={alpha}: {len(cx)} regions" + ("" if alternate else " (signs do not alternate)"))
        if len(cx) != stated or not alternate:
            return refuted(f"parity network (alpha={alpha}) on [0, 1]^{n}: {len(cx)} linear regions (stated {stated}); "
                           f"output signs at weights 0..{n}: {[int(s > 0) - int(s < 0) for s in signs]}",
                           counterexample={(n, w, l): len(cx)})
    return verified("exact complexes on the cube: " + "; ".join(rows) + "; output signs alternate with the weight")


sheet.claim("004/theorem-3.3.3-cube", data={(n, w, l): w**l for n, w, l in CUBE_CASES},
            perturb=lambda d: {k: v + (1 if k == (4, 2, 2) else 0) for k, v in d.items()})(_check_cube)
