"""Claims of 004 chapter 6: counts of §6.1/§6.3, the cross-section of eq. 6.2, the cost of the
grid scan of §6.3 and the rank of the gradient covariance of §6.4.

The gradients of §6.4 are taken through `symrelu.torch_bridge.to_torch` (PyTorch autograd, as
the document's networks are) and their rank is computed exactly with `symrelu.linalg.rank`.
"""

from __future__ import annotations

import math
import random
from fractions import Fraction as Q

import sympy as sp

from proofs_check.claim import Correction, Reading, from_readings, refuted, verified
from proofs_check.registry import claim_sheet
from symrelu.linalg import rank
from symrelu.network import ReLUNetwork
from symrelu.regions import Box, regions

sheet = claim_sheet(__file__)


# -- §6.1 / §6.3: counts -----------------------------------------------------------------------
def _counts(data):
    found = {"mnist_dim": 28 * 28, "cifar_dim": 32 * 32 * 3}
    exponent = 28 * 28 * sp.log(256, 10)  # 256^(28 x 28) = 10^exponent
    found["log10_images"] = int(sp.floor(sp.N(exponent, 30) + sp.Rational(1, 2)))
    rng = random.Random(61)
    net = ReLUNetwork([([[rng.randint(-2, 2) for _ in range(3)] for _ in range(3)], [rng.randint(-2, 2) for _ in range(3)]),
                       ([[1, -1, 2]], [0])])
    region = regions(net, Box([-1] * 3, [1] * 3))[0]
    found["coefficients_3d"] = len(region.jacobian[0]) + len(region.offset)
    wrong = {k: (v, found[k]) for k, v in data.items() if found[k] != v}
    if wrong:
        return refuted(f"stated against computed: {wrong}", counterexample=wrong)
    return verified(f"28 x 28 = 784, 32 x 32 x 3 = 3072, 784 log10(256) = {sp.N(exponent, 8)} (so 256^784 ~ 10^1888), "
                    "a scalar network on R^3 has a 1 x 3 Jacobian and a bias: 4 coefficients (symrelu.regions)")


sheet.claim("004/section-6.1-counts",
            data={"mnist_dim": 784, "cifar_dim": 3072, "log10_images": 1888, "coefficients_3d": 4},
            perturb=lambda d: {**d, "log10_images": d["log10_images"] + 1})(_counts)


# -- eq. 6.2: the cross-section through three images --------------------------------------------
def _gram_schmidt(A, B, C):
    """Eq. 6.2 as printed (before normalizing): u_1 = B - A, u_2 = C - A - ((C-A).(B-A) / |B-A|^2)(B - A)."""
    u1 = [b - a for a, b in zip(A, B)]
    ca = [c - a for a, c in zip(A, C)]
    coef = sum(x * y for x, y in zip(ca, u1)) / sum(x * x for x in u1)
    return u1, [x - coef * y for x, y in zip(ca, u1)], coef


def _cross_section(data):
    rng = random.Random(62)
    for dim in (784, 3072):
        A, B, C = ([Q(rng.randint(0, 255)) for _ in range(dim)] for _ in range(3))
        u1, u2, coef = data(A, B, C)
        dot = sum(x * y for x, y in zip(u1, u2))
        # A, B, C in the plane A + span(u1, u2): B = A + u1 and C = A + coef u1 + u2
        in_plane = all(c == a + coef * x + y for a, c, x, y in zip(A, C, u1, u2))
        if dot != 0 or not in_plane:
            return refuted(f"R^{dim}: u1 . u2 = {dot}, C in the plane: {in_plane}", counterexample=str(dot))
    return verified("for random images in R^784 and R^3072 (exact rationals) u_1 . u_2 = 0, so the x- and "
                    "y-directions are orthonormal, and A, B, C lie in the plane A + span(x, y)")


sheet.claim("004/equation-6.2", data=_gram_schmidt,
            # the perturbed formula divides by |B - A| instead of its square
            perturb=lambda f: (lambda A, B, C: _perturbed_gs(A, B, C)))(_cross_section)


def _perturbed_gs(A, B, C):
    u1, _, coef = _gram_schmidt(A, B, C)
    coef = coef * Q(math.isqrt(int(sum(x * x for x in u1))) or 1)
    ca = [c - a for a, c in zip(A, C)]
    return u1, [x - coef * y for x, y in zip(ca, u1)], coef


# -- §6.3: the cost of the grid scan --------------------------------------------------------------
def _scan_comparisons(p: int) -> int:
    """Comparisons of §6.3's scan on a p x p grid: the left neighbour and the row above from above-left to its end."""
    total = 0
    for i in range(p):
        for j in range(p):
            total += (j > 0) + ((p - max(j - 1, 0)) if i > 0 else 0)
    return total


def _all_pairs(p: int) -> int:
    n_points = p * p
    return n_points * (n_points - 1) // 2


def _grid_runtime(data):
    sides = (64, 128, 256)
    scan = [_scan_comparisons(p) for p in sides]
    naive = [_all_pairs(p) for p in sides]
    slope = lambda counts: math.log(counts[-1] / counts[-2]) / math.log(2)  # noqa: E731  per doubling of p
    s_p, n_p = slope(scan), slope(naive)
    measured = f"comparisons for p = {sides}: scan {scan}, all pairs {naive}; exponents in p: {s_p:.3f}, {n_p:.3f}"

    def reading(unit, per):
        want = (data["scan"], data["naive"])
        got = (s_p / per, n_p / per)
        if all(abs(g - w) < 0.05 for g, w in zip(got, want)):
            return verified(f"in {unit}: scan O({unit}^{got[0]:.2f}), all pairs O({unit}^{got[1]:.2f}). {measured}")
        return refuted(f"in {unit}: the scan costs O({unit}^{got[0]:.2f}) and the all-pairs comparison "
                       f"O({unit}^{got[1]:.2f}), not O({unit}^{float(want[0])}) and O({unit}^{float(want[1])}). "
                       f"{measured}", counterexample={"scan": round(got[0], 3), "naive": round(got[1], 3)},
                       correction=Correction("O(N^{3/2}) instead of O(N^2) comparisons for the N = p^2 points of "
                                             "the p x p grid, i.e. O(p^3) instead of O(p^4)",
                                             {"scan": Q(3), "naive": Q(4)} if unit == "p" else
                                             {"scan": Q(3, 2), "naive": Q(2)}))

    return from_readings([
        Reading.of("grid-side", "p is the side of the p x p grid", reading("p", 1),
                   fixed_by="§6.3 ('the p x p uniform grid for some positive integer p')"),
        Reading.of("points", "p is the number of grid points N = p^2", reading("N", 2)),
    ], detail="The scan compares each point with its left neighbour and with the row above from above-left to "
              "the row's end; the alternative compares all pairs.")


sheet.claim("004/section-6.3-grid-runtime", data={"scan": Q(3, 2), "naive": Q(2)},
            perturb=lambda d: {"scan": d["scan"] + Q(1, 2), "naive": d["naive"]})(_grid_runtime)


# -- §6.4: 128 ReLUs, at most 128 nonzero singular values --------------------------------------------
def _gradient_rank(data):
    import torch

    from symrelu.torch_bridge import to_torch

    rng = random.Random(64)
    d, h = 30, 8
    net = ReLUNetwork([([[rng.randint(-3, 3) for _ in range(d)] for _ in range(h)], [rng.randint(-3, 3) for _ in range(h)]),
                       ([[rng.randint(-3, 3) or 1 for _ in range(h)]], [0])])
    model = to_torch(net, dtype=torch.float64)
    x = torch.tensor([[rng.uniform(-1, 1) for _ in range(d)] for _ in range(200)], dtype=torch.float64,
                     requires_grad=True)
    model(x).sum().backward()
    grads = x.grad.tolist()
    exact_rank = rank([[Q(g) for g in row] for row in grads])  # float64 gradients of integer weights are exact
    cov = torch.tensor(grads).T @ torch.tensor(grads) / len(grads)
    sv = torch.linalg.svdvals(cov).tolist()
    if exact_rank > data(h):
        return refuted(f"{h} ReLUs on R^{d}: the gradients span {exact_rank} dimensions, more than {data(h)}",
                       counterexample=exact_rank)
    if exact_rank < h:
        return refuted(f"the gradients span only {exact_rank} < {h} dimensions: the sample shows no bound")
    return verified(f"a one-hidden-layer network with {h} ReLUs on R^{d}: input gradients at 200 random points "
                    f"(PyTorch autograd) span exactly {exact_rank} dimensions (exact rank), so the gradient "
                    f"covariance has {exact_rank} nonzero singular values (float64: sigma_{h} = {sv[h - 1]:.3g}, "
                    f"sigma_{h + 1} = {sv[h]:.2g})")


sheet.claim("004/section-6.4-rank", data=lambda h: h, needs=("torch",), perturb=lambda f: (lambda h: f(h) - 1))(_gradient_rank)


# -- §6.2 (and §4.1.1): where the zero lines of later units bend ---------------------------------------
def level_set_corners(segments):
    """Points where two non-parallel segments of a 2-D level set meet (exact): its bends."""
    ends = {}
    for a, b in segments:
        d = (b[0] - a[0], b[1] - a[1])
        for p in (a, b):
            ends.setdefault(tuple(p), []).append(d)
    return [p for p, ds in ends.items()
            if any(u[0] * v[1] - u[1] * v[0] != 0 for i, u in enumerate(ds) for v in ds[i + 1:])]


def hidden_lines(net):
    """The first hidden layer's lines w . x + b = 0."""
    W, b = net.layers[0]
    return [(tuple(W[i]), b[i]) for i in range(W.shape[0])]


def axis_lines(net):
    """The coordinate axes (a wrong answer to 'where does it bend', for the perturbation)."""
    return [((1, 0), 0), ((0, 1), 0)]


def corners_on_lines(nets, lines, box=8):
    """Count the bends of each network's zero set and check each lies on one of ``lines(net)``."""
    count = 0
    for k, net in enumerate(nets):
        segments = regions(net, Box([-box, -box], [box, box])).level_set(0).segments
        for p in level_set_corners(segments):
            count += 1
            if not any(w[0] * p[0] + w[1] * p[1] + b == 0 for w, b in lines(net)):
                return count, (k, p)
    return count, None


def bends_verdict(nets, lines, what, found):
    """Verified when the bends of every network's zero set lie on ``lines(net)`` (``found`` takes ``{count}``)."""
    count, bad = corners_on_lines(nets, lines)
    if bad is not None:
        k, p = bad
        return refuted(f"network {k}: {what} bends at {tuple(map(str, p))}, on none of the lines tested",
                       counterexample={"network": k, "point": tuple(map(str, p))})
    if count == 0:
        return refuted(f"no {what} bends: nothing to show")
    return verified(found.format(count=count))


def _bent_lines(data):
    rng = random.Random(620)
    nets = []
    for _ in range(12):  # a second-layer unit's preactivation: input 2, first layer 2, one unit of layer 2
        nets.append(ReLUNetwork([([[rng.randint(-3, 3) for _ in range(2)] for _ in range(2)], [rng.randint(-3, 3) for _ in range(2)]),
                                 ([[rng.choice([-3, -2, -1, 1, 2, 3]) for _ in range(2)]], [rng.randint(-3, 3)])]))
    return bends_verdict(nets, data, "the second-layer unit's zero set",
                         "12 random integer 2-2-1 second-layer units (seed 620): their zero sets on [-8, 8]^2 bend at "
                         "{count} points, each on a first-layer line (exact level sets, symrelu.regions)")


sheet.claim("004/section-6.2-bent-lines", data=hidden_lines, perturb=lambda f: axis_lines)(_bent_lines)
