"""Claims of 000 about training through the peaks (Algorithm 1, §2.1) and the A.9 block networks, checked with torch.

The gradients come from `symrelu.torch_bridge.PeakNetworks` (autograd through the weight-setting map, float64) and
are compared with exact central differences of the loss computed by `symrelu.triangle_network` in rational
arithmetic (step 2^-40: the truncation error is far below the tolerance).  The claims need torch
(``needs=("torch",)``): without it they are reported skipped, not checked.
"""

from __future__ import annotations

import functools
import random
from fractions import Fraction

from proofs_check.claim import Correction, refuted, verified
from proofs_check.registry import claim_sheet
from symrelu import triangle_network

__all__: list[str] = []

sheet = claim_sheet(__file__)
XS = tuple(Fraction(k, 37) for k in range(38))
STEP = Fraction(1, 2**40)


def _loss(peaks, variant) -> Fraction:
    """Mean squared error against x^3 at 38 points (000 §4.1: 'mean squared error'), exact."""
    out = triangle_network(list(peaks), variant=variant).forward([[v] for v in XS])
    return sum((o[0] - v**3) ** 2 for o, v in zip(out, XS)) / len(XS)


@functools.lru_cache(maxsize=4)
def _gradients(seed: int, variant: str):
    """(peaks, autograd gradient, exact central differences, pieces before, pieces after one projected step)."""
    import torch

    from symrelu.torch_bridge import PeakNetworks
    rng = random.Random(seed)
    peaks = [Fraction(rng.randint(20, 80), 100) for _ in range(6)]
    model = PeakNetworks(torch.tensor([[float(p) for p in peaks]], dtype=torch.float64), variant=variant)
    x = torch.tensor([float(v) for v in XS], dtype=torch.float64)
    loss = ((model(x)[0] - x**3) ** 2).mean()
    loss.backward()
    param = next(model.parameters())
    auto = [float(g) for g in param.grad[0]]
    fd = []
    for j in range(len(peaks)):
        up, dn = list(peaks), list(peaks)
        up[j] += STEP
        dn[j] -= STEP
        fd.append(float((_loss(up, variant) - _loss(dn, variant)) / (2 * STEP)))
    with torch.no_grad():
        param -= 0.5 * param.grad  # a large step of Algorithm 1 (A <- A - eps * Gradient), then the projection
    model.project_()
    after = [Fraction(float(v)) for v in param.detach()[0]]
    before_pieces = triangle_network(peaks, variant=variant).to_pwl(0, 1).output.pieces
    after_pieces = triangle_network(after, variant=variant).to_pwl(0, 1).output.pieces
    return tuple(peaks), tuple(auto), tuple(fd), before_pieces, after_pieces


def _compare(rtol=1e-6):
    rows = []
    for seed, variant in ((1, "subtract"), (2, "add")):
        peaks, auto, fd, before, after = _gradients(seed, variant)
        worst = max(abs(a - f) / max(abs(f), 1e-300) for a, f in zip(auto, fd))
        rows.append((seed, variant, peaks, worst, before, after, all(a != 0 for a in auto)))
    ok = all(r[3] < rtol for r in rows)
    text = "; ".join(f"{v}: peaks {[str(p) for p in peaks]}, largest relative difference {w:.1e}, pieces {b} -> {a} after "
                     "one step" for _, v, peaks, w, b, a, _ in rows)
    return ok, rows, text


def _gradients_or_outcome():
    """(rows, text) when autograd matches the exact derivative, else the Outcome that says why not."""
    ok, rows, text = _compare()
    if not ok:
        return refuted("autograd through the weight setting disagrees with the exact derivative: " + text,
                       counterexample=text)
    return rows, text


def check_algorithm_1(data):
    """``data = {'extra_entries': k}``: A has n + k entries for a network of n hidden layers (printed k = 0)."""
    got = _gradients_or_outcome()
    if not isinstance(got, tuple):
        return got
    rows, text = got
    hidden = len(triangle_network(list(rows[0][2])).layers) - 1
    entries = len(rows[0][2])
    used = all(r[6] for r in rows)  # every entry of A moves the loss
    detail = (f"Network-Gradient x A-Gradient (autograd through symrelu.torch_bridge.PeakNetworks) equals dLoss/dA from "
              f"exact central differences of the exact loss ({text}); a network of {hidden} hidden layers takes "
              f"{entries} peaks a_0..a_{entries - 1}, each with a nonzero gradient: {used}")
    k = data["extra_entries"]
    if used and entries == hidden + k:
        return verified(detail)
    return refuted(detail + f"; 'Random((0, 1)^n)' draws n = {hidden} entries, A.1 uses {entries} (a_0..a_n)",
                   counterexample={"hidden": hidden, "peaks": entries},
                   correction=Correction("A <- Random((0, 1)^(n+1)): A = [a_0, ..., a_n]", {"extra_entries": entries - hidden}))


sheet.claim("000/algorithm-1", data={"extra_entries": 0}, needs=("torch",),
            perturb=lambda d: {"extra_entries": d["extra_entries"] + 1})(check_algorithm_1)


def check_trainable(data):
    """``data = {'pieces': f(d)}``: gradients reach the peaks (exactly the chain rule) and a step keeps f(d) pieces."""
    got = _gradients_or_outcome()
    if not isinstance(got, tuple):
        return got
    rows, text = got
    d = len(rows[0][2]) - 1
    want = data["pieces"](d)
    bad = [r for r in rows if r[4] != want or r[5] != want]
    if bad:
        return refuted(f"pieces before/after a step: {[(r[4], r[5]) for r in rows]}, not {want}", counterexample=bad,
                       correction=Correction("a step on the peaks keeps 2^d pieces", {"pieces": lambda d: 2**d}))
    return verified(f"gradients through the raw weights reach the peaks and equal the exact derivative ({text}); the "
                    f"updated peaks set a network that still has {want} = 2^{d} pieces: training stays in the subspace")


sheet.claim("000/section-2.1-trainable", data={"pieces": lambda d: 2**d}, needs=("torch",),
            perturb=lambda dd: {"pieces": lambda d: dd["pieces"](d) + 1})(check_trainable)


# --------------------------------------------------------------------------
# A.9: the block networks and their Kaiming counterparts
# --------------------------------------------------------------------------
def check_block_sizes(data):
    """``data = {'blocks': K, 'size': N, 'in': n_in}``: K blocks give hidden matrices N x N, and ours and Kaiming's have
    the same number of free parameters in the dense and in the block-diagonal variant."""
    import torch
    from torch import nn

    from symrelu.torch_bridge import TriangleBlockLayer

    K, N, n_in, depth = data["blocks"], data["size"], data["in"], 5
    counts = {}
    for structure in ("dense", "block-diagonal"):
        torch.manual_seed(0)
        layer = TriangleBlockLayer(n_in, 1, blocks=K, depth=depth, dtype=torch.float64).to_raw_(structure)
        mats = [p for name, p in layer.named_parameters() if name.startswith("hidden.") and name != "hidden.0"]
        if any(tuple(m.shape) != (N, N) for m in mats):
            shapes = sorted({tuple(m.shape) for m in mats})
            return refuted(f"{K} blocks of 4: the hidden matrices are {shapes}, not {N} x {N}",
                           counterexample=shapes,
                           correction=Correction(f"{K} blocks give {4 * K} x {4 * K} matrices",
                                                 {**data, "size": 4 * K}))
        mask = dict(layer.named_buffers())["mask"]
        free = sum(p.numel() for p in layer.parameters())
        if structure == "block-diagonal":
            free -= len(mats) * int((mask == 0).sum())
        # the Kaiming counterpart: the same ReLU network shape, nn.Linear layers (block mask for the block variant)
        widths = [n_in] + [N] * depth + [1]
        kaiming = nn.Sequential(*[nn.Linear(a, b) for a, b in zip(widths, widths[1:])])
        k_free = sum(p.numel() for p in kaiming.parameters())
        if structure == "block-diagonal":
            k_free -= (depth - 1) * int((torch.block_diag(*[torch.ones(4, 4)] * K) == 0).sum())
        counts[structure] = (free, k_free)
    if any(a != b for a, b in counts.values()):
        return refuted(f"free parameters (ours, Kaiming): {counts}", counterexample=counts)
    return verified(f"{K} blocks of width 4: hidden matrices {N} x {N}; free parameters (ours, Kaiming) dense "
                    f"{counts['dense']}, block-diagonal {counts['block-diagonal']} (input {n_in}, depth {depth}): equal")


sheet.table(
    [dict(id="000/figure-14-size", data={"blocks": 32, "size": 128, "in": 8}),
     dict(id="000/appendix-a.9-fair", data={"blocks": 16, "size": 64, "in": 2})],
    perturb=lambda d: {**d, "size": d["size"] + 4},
    check=check_block_sizes, needs=("torch",),
)
