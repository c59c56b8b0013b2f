"""Claims of 004 chapter 7: the XOR network's regions and coefficients (Figure 7.5), centered
kernel alignment (eq. 7.7) and the weight decays of §7.2.

Regions come from `symrelu.regions`; PyTorch's own derivative at the kink is read through
`symrelu.torch_bridge.to_torch` and autograd.
"""

from __future__ import annotations

import inspect
import random
from fractions import Fraction as Q

import numpy as np

from proofs_check.claim import Correction, Reading, from_readings, refuted, verified
from proofs_check.registry import claim_sheet
from symrelu.network import ReLUNetwork
from symrelu.regions import Box, regions

sheet = claim_sheet(__file__)

XOR_NET = ReLUNetwork([([[1, 1], [1, 1]], [1, 0]), ([[1, -2]], [-1])])  # eq. 5.11, the top network of Fig. 7.5
XOR_POINTS = [(1, 1), (-1, -1), (1, -1), (-1, 1)]


# -- Figure 7.5: three regions, three coefficient dots for four points ------------------------------
def _coefficients(theta0):
    """(J, y) of the XOR network at each data point with ReLU'(0) = theta0."""
    (A, b), (w, c) = XOR_NET.layers
    dots = set()
    for p in XOR_POINTS:
        z = [A[i, 0] * p[0] + A[i, 1] * p[1] + b[i] for i in range(2)]
        slope = [Q(1) if zi > 0 else Q(0) if zi < 0 else Q(theta0) for zi in z]
        J = tuple(sum(w[0, i] * slope[i] * A[i, k] for i in range(2)) for k in range(2))
        y = XOR_NET.forward([Q(p[0]), Q(p[1])])[0] - J[0] * p[0] - J[1] * p[1]
        dots.add((*J, y))
    return dots


def _pytorch_theta0():
    """ReLU'(0) as PyTorch's autograd takes it (through the library's torch conversion)."""
    import torch

    from symrelu.torch_bridge import to_torch

    model = to_torch(ReLUNetwork([([[1]], [0]), ([[1]], [0])]), dtype=torch.float64)
    x = torch.zeros(1, 1, dtype=torch.float64, requires_grad=True)
    model(x).sum().backward()
    return Q(x.grad.item())


def _figure_7_5(data):
    count = len(regions(XOR_NET, Box([-1, -1], [1, 1])))
    if count != data["regions"]:
        return refuted(f"the XOR network has {count} linear regions on [-1, 1]^2, not {data['regions']}",
                       counterexample=count)
    theta_torch = _pytorch_theta0()

    def reading(theta0):
        dots = _coefficients(theta0)
        text = f"ReLU'(0) = {theta0}: the four points use {len(dots)} coefficient vectors (J1, J2, y) {sorted(dots)}"
        if len(dots) == data["dots"]:
            return verified(f"{count} regions on [-1, 1]^2 (symrelu.regions); {text}")
        return refuted(text, counterexample=len(dots),
                       correction=Correction(f"with ReLU'(0) = {theta0} the four data points use {len(dots)} "
                                             "linear coefficients (the points (±1, ∓1) lie on a unit's kink)",
                                             {**data, "dots": len(dots)}))

    return from_readings([
        Reading.of("pytorch", f"ReLU'(0) = {theta_torch}, PyTorch autograd's", reading(theta_torch),
                   fixed_by="§6.1 and §7.1: the networks are PyTorch's"),
        Reading.of("relu-prime-one", "ReLU'(0) = 1", reading(1)),
        Reading.of("relu-prime-half", "ReLU'(0) = 1/2", reading(Q(1, 2))),
    ], detail="Two of the four XOR points, (1, -1) and (-1, 1), lie on the second unit's kink (preactivation 0).")


sheet.claim("004/figure-7.5", data={"regions": 3, "dots": 3}, needs=("torch",),
            perturb=lambda d: {**d, "dots": d["dots"] + 2})(_figure_7_5)


# -- eq. 7.7: CKA is invariant to orthogonal transforms and uniform scaling ---------------------------
def _cka_printed(X, Y):
    return np.linalg.norm(Y.T @ X) ** 2 / (np.linalg.norm(X.T @ X) * np.linalg.norm(Y.T @ Y))


def _cka(data):
    rng = np.random.default_rng(77)
    worst = 0.0
    for _ in range(20):
        X = rng.normal(size=(50, 6))
        Y = X @ rng.normal(size=(6, 6)) + rng.normal(size=(50, 6))
        X, Y = X - X.mean(0), Y - Y.mean(0)  # mean-centred columns, as §7.3.3 uses
        Q1, _ = np.linalg.qr(rng.normal(size=(6, 6)))
        Q2, _ = np.linalg.qr(rng.normal(size=(6, 6)))
        base = data(X, Y)
        for other in (data(X @ Q1, Y @ Q2), data(3.7 * X, 0.2 * Y)):
            worst = max(worst, abs(other - base) / abs(base))
    general = abs(data(X @ np.diag([1, 2, 3, 4, 5, 6.0]), Y) - data(X, Y))
    if worst > 1e-12:
        return refuted(f"CKA changes by a relative {worst:.3g} under an orthogonal transform or a scaling",
                       counterexample=worst)
    return verified(f"over 20 random pairs (50 x 6, centred), CKA is unchanged by X -> X Q1, Y -> Y Q2 (orthogonal) "
                    f"and X -> 3.7 X, Y -> 0.2 Y (relative change <= {worst:.2g}); a non-orthogonal diagonal map "
                    f"changes it by {general:.3g}, so the invariance is not trivial")


sheet.claim("004/equation-7.7", data=_cka_printed,
            # without the square in the numerator: the ratio then scales like 1 / (c c')
            perturb=lambda f: (lambda X, Y: f(X, Y) / np.linalg.norm(Y.T @ X)))(_cka)


# -- §7.2: 'Adamw has less weight decay than SGD - 0.1 versus 0.01' ------------------------------------
SGD_SETUP = {"lr": 0.01, "weight_decay": 0.01}  # §6.1 / §7.1: SGD with learning rate 0.01 and weight decay 0.01


def _weight_decay(data):
    import torch

    params = inspect.signature(torch.optim.AdamW.__init__).parameters
    adamw = {"lr": float(params["lr"].default), "weight_decay": float(params["weight_decay"].default)}
    sgd = SGD_SETUP
    a, s = data["adamw"], data["sgd"]
    setup = f"AdamW defaults (torch {torch.__version__}): lr {adamw['lr']}, weight_decay {adamw['weight_decay']}; " \
            f"SGD (§6.1): lr {sgd['lr']}, weight_decay {sgd['weight_decay']}"
    if (a, s) == (adamw["weight_decay"], sgd["weight_decay"]):
        parameters = verified(f"the parameters are AdamW {a}, SGD {s}. {setup}")
    else:
        parameters = refuted(f"the weight-decay parameters are AdamW {adamw['weight_decay']} and SGD "
                             f"{sgd['weight_decay']}, not {a} and {s}: neither is 0.1 and AdamW's is not smaller. "
                             f"{setup}", counterexample={"adamw": adamw["weight_decay"], "sgd": sgd["weight_decay"]},
                             correction=Correction("AdamW (default weight_decay 0.01) and SGD (weight_decay 0.01) have "
                                                   "the same weight-decay parameter; per step AdamW shrinks the weights "
                                                   "by lr x wd = 1e-5, SGD by 1e-4",
                                                   {"adamw": adamw["weight_decay"], "sgd": sgd["weight_decay"]}))
    shrink = {"adamw": adamw["lr"] * adamw["weight_decay"], "sgd": sgd["lr"] * sgd["weight_decay"]}
    ratio = shrink["sgd"] / shrink["adamw"]
    if a < s and abs(ratio - s / a) < 1e-9 * ratio:
        effective = verified(f"per step AdamW multiplies the weights by 1 - {shrink['adamw']:.0e}, SGD by "
                             f"1 - {shrink['sgd']:.0e}: AdamW decays {ratio:g} times less, the ratio of {s} to {a}")
    else:
        effective = refuted(f"per-step shrink AdamW {shrink['adamw']:.0e}, SGD {shrink['sgd']:.0e} (ratio {ratio:g}) "
                            f"against the stated {a} < {s}")
    return from_readings([
        Reading.of("parameters", "the optimizers' weight_decay parameters", parameters,
                   fixed_by="§6.1 (SGD 'weight decay 0.01', 'Adamw with default parameters')"),
        Reading.of("effective", "the effective per-step shrink lr x weight_decay, as a ratio", effective),
    ])


sheet.claim("004/section-7.2-weight-decay", data={"adamw": 0.01, "sgd": 0.1}, needs=("torch",),
            perturb=lambda d: {**d, "adamw": d["adamw"] * 10})(_weight_decay)



# -- §7.3.1: mapped coefficients give a discontinuous function ------------------------------------------
def _mapped_jumps(M):
    """Largest jump, over vertices shared by two regions, of x -> [J(x), y(x)] M . [x, 1] for the XOR network."""
    complex_ = regions(XOR_NET, Box([-1, -1], [1, 1]))
    mapped = []
    for r in complex_:
        row = [r.jacobian[0][0], r.jacobian[0][1], r.offset[0]]  # the row of C (eq. 7.3) in this region
        mapped.append([sum(row[i] * M[i][j] for i in range(3)) for j in range(3)])
    jump = Q(0)
    for a, ra in enumerate(complex_):
        for b in range(a + 1, len(complex_)):
            for v in set(ra.vertices) & set(complex_[b].vertices):
                va = mapped[a][0] * v[0] + mapped[a][1] * v[1] + mapped[a][2]
                vb = mapped[b][0] * v[0] + mapped[b][1] * v[1] + mapped[b][2]
                jump = max(jump, abs(va - vb))
    return jump


def _discontinuous(data):
    identity = _mapped_jumps([[1, 0, 0], [0, 1, 0], [0, 0, 1]])
    rng = random.Random(731)
    M = [[Q(rng.randint(-5, 5), 3) for _ in range(3)] for _ in range(3)]
    jump = _mapped_jumps(M)
    found = jump > 0
    if identity != 0:
        return refuted(f"the unmapped network already jumps by {identity}")  # pragma: no cover
    if found == data:
        return verified(f"with M = identity the pieces join (jump 0); with a random rational M the mapped pieces "
                        f"jump by up to {jump} at shared region vertices (exact)")
    return refuted(f"stated discontinuous: {data}; largest jump at shared vertices {jump}", counterexample=str(jump))


sheet.claim("004/section-7.3.1-discontinuous", data=True, perturb=lambda d: not d)(_discontinuous)


# -- §7.3.2: classification is invariant to positive scaling -----------------------------------------
def _argmax_scaling(data):
    rng = random.Random(732)
    net = ReLUNetwork([([[rng.randint(-3, 3) for _ in range(2)] for _ in range(6)], [rng.randint(-3, 3) for _ in range(6)]),
                       ([[rng.randint(-3, 3) for _ in range(6)] for _ in range(10)], [rng.randint(-3, 3) for _ in range(10)])])
    points = [[Q(rng.randint(-300, 300), 100), Q(rng.randint(-300, 300), 100)] for _ in range(200)]
    for p in points:
        out = net.forward(p)
        best = {i for i, v in enumerate(out) if v == max(out)}
        for c in data:
            scaled = [c * v for v in out]
            if {i for i, v in enumerate(scaled) if v == max(scaled)} != best:
                return refuted(f"scaling by {c} changes the argmax at {list(map(str, p))}", counterexample=str(c))
    return verified(f"the argmax of a random 2-6-10 network's outputs at 200 points is unchanged by the scalings {data}")


sheet.claim("004/section-7.3.2-scale-invariance", data=(Q(1, 2), Q(3), Q(1000)),
            perturb=lambda d: d + (Q(-1),))(_argmax_scaling)
