"""Claims about piece counts at and near particular networks (000 §1, §4.2, §4.3; 002's abstract and Figure 5).

Counts are exact: `ReLUNetwork.to_pwl` over [0, 1] in rational arithmetic.  Perturbed networks add rational offsets
of a fixed size to every weight and bias (reproducible seeds).  Default-initialized networks come from
`symrelu.function_space.random_network` with ``init="pytorch"`` (PyTorch's ``nn.Linear`` initialization, drawn
by numpy, so no torch is needed), made exact at their float64 values; the probability bounds are one-sided Clopper-Pearson bounds (scipy).
"""

from __future__ import annotations

import functools
import random
from fractions import Fraction

import numpy as np
from scipy import stats

from proofs_check.claim import Correction, Reading, from_readings, inconclusive, refuted, verified
from proofs_check.registry import claim_sheet
from symrelu import ReLUNetwork, triangle_network
from symrelu.function_space import random_network

__all__: list[str] = []

sheet = claim_sheet(__file__)
DEPTH = 5  # 000 §4.1: four neurons wide, five hidden layers


def _peaks(seed: int, n: int) -> list[Fraction]:
    rng = random.Random(seed)
    return [Fraction(rng.randint(10, 87), 97) for _ in range(n)]


def _jitter(net: ReLUNetwork, eps: Fraction, rng: random.Random, only=None) -> ReLUNetwork:
    """Every weight and bias (or those ``only(layer, row, col)`` selects; col None = bias) moved by up to ``eps``."""
    layers = []
    for li, (W, b) in enumerate(net.layers):
        W = [[w + (eps * Fraction(rng.randint(-1000, 1000), 1000) if only is None or only(li, r, c) else 0)
              for c, w in enumerate(row)] for r, row in enumerate(np.asarray(W).tolist())]
        b = [v + (eps * Fraction(rng.randint(-1000, 1000), 1000) if only is None or only(li, r, None) else 0)
             for r, v in enumerate(np.asarray(b).tolist())]
        layers.append((W, b))
    return ReLUNetwork(layers)


def _pieces(net: ReLUNetwork) -> int:
    return net.to_pwl(0, 1).output.pieces


# --------------------------------------------------------------------------
# 002 Figure 5: a neighbourhood where 2^d regions are maintained
# --------------------------------------------------------------------------
RADII = (Fraction(1, 10**4), Fraction(1, 10**6), Fraction(1, 10**8))


@functools.lru_cache(maxsize=1)
def _neighbourhood_counts() -> tuple:
    """(variant, seed, radius, counts of 4 random perturbations) for the A.1 network, 5 hidden layers, law scales."""
    rows = []
    rng = random.Random(0)
    for seed in range(2):
        for variant in ("add", "subtract"):
            net = triangle_network(_peaks(seed, DEPTH + 1), variant=variant)
            if _pieces(net) != 2**DEPTH:
                raise AssertionError("the unperturbed construction must have 2^d pieces")
            for eps in RADII:
                rows.append((variant, seed, eps, tuple(_pieces(_jitter(net, eps, rng)) for _ in range(4))))
    return tuple(rows)


@functools.lru_cache(maxsize=1)
def _touching_direction() -> tuple:
    """Pieces when only the biases of the t_1 neurons of hidden layers >= 2 drop by delta (they touch 0 at valleys)."""
    net = triangle_network(_peaks(0, DEPTH + 1))
    out = []
    for k in (2, 4, 8, 12):
        delta = Fraction(1, 10**k)
        layers = [(np.asarray(W).tolist(), [v - (delta if li >= 2 and r == 1 else 0) for r, v in enumerate(np.asarray(b).tolist())])
                  for li, (W, b) in enumerate(net.layers)]
        out.append((delta, _pieces(ReLUNetwork(layers))))
    return tuple(out)


def check_neighbourhood(data):
    """``data = {'pieces': 2^d, 'relation': '>=' | '=='}``: every small enough perturbation keeps that many pieces."""
    target = data["pieces"]
    rows = _neighbourhood_counts()
    smallest = [c for _, _, eps, cs in rows if eps == RADII[-1] for c in cs]
    every = [c for *_, cs in rows for c in cs]

    def outcome(relation):
        holds = all(c >= target for c in every) if relation == ">=" else all(c == target for c in every)
        detail = (f"A.1 network, 5 hidden layers, law scales, 2 peak sets x 2 variants, 4 random perturbations of every "
                  f"weight at radii {[str(e) for e in RADII]}: counts {sorted(set(every))} (at radius 1e-8: "
                  f"{sorted(set(smallest))}); moving only the t_1 biases of layers >= 2 down by delta gives "
                  f"{[(str(d), p) for d, p in _touching_direction()]}")
        if holds:
            return verified(detail + f": every count {relation} {target}")
        if relation == "==":
            return refuted(detail + f": the t_1 neurons touch 0 at the valleys without crossing, so arbitrarily small "
                           f"perturbations add pieces; the count is not exactly {target} anywhere near",
                           counterexample=_touching_direction(),
                           correction=Correction(f"near the construction every network has at least {target} pieces",
                                                 {"pieces": target, "relation": ">="}))
        return refuted(detail + f": some count is below {target}", counterexample=sorted(set(every)),
                       correction=Correction("at least 2^d pieces nearby", {"pieces": 2**DEPTH, "relation": ">="}))

    return from_readings([
        Reading.of("at-least", "'2^d regions maintained' as: at least 2^d pieces", outcome(">=")),
        Reading.of("exactly", "'2^d regions maintained' as: exactly 2^d pieces", outcome(data["relation"])),
    ], detail=f"Pieces near the construction against {target}.")


sheet.claim("002/figure-5-neighborhood", data={"pieces": 2**DEPTH, "relation": "=="},
            perturb=lambda d: {**d, "pieces": d["pieces"] * 2})(check_neighbourhood)


# --------------------------------------------------------------------------
# 000 §4.3 (001 §4.4, 002 Figure 5): a strictly positive neuron gains no bend under small adjustments
# --------------------------------------------------------------------------
def _random_net(seed: int) -> ReLUNetwork:
    rng = random.Random(seed)
    widths = (1, 4, 4, 4, 1)
    layers = []
    for n_in, n_out in zip(widths, widths[1:]):
        layers.append(([[Fraction(rng.randint(-20, 20), 10) for _ in range(n_in)] for _ in range(n_out)],
                       [Fraction(rng.randint(-10, 20), 10) for _ in range(n_out)]))
    return ReLUNetwork(layers)


def _neurons(kind: str):
    """(network, layer, unit) with the unit's pre-activation strictly positive on [0, 1] ('positive'), or touching 0 at
    an interior point without crossing ('touching': t_1 of the A.1 construction at a valley)."""
    if kind == "touching":
        net = triangle_network(_peaks(3, DEPTH + 1))
        return [(net, layer, 1) for layer in (2, 3)]
    found = []
    for seed in range(40):
        net = _random_net(seed)
        pwl = net.to_pwl(0, 1)
        for layer in (1, 2):
            for unit in range(4):
                if min(pwl.preactivation(layer, unit).values.tolist()) > 0:
                    found.append((net, layer, unit))
        if len(found) >= 6:
            break
    return found


def check_not_local(data):
    """``data = {'neuron': 'positive' | 'touching'}``: small adjustments never make that neuron cross 0."""
    rng = random.Random(1)
    cases = _neurons(data["neuron"])
    for net, layer, unit in cases:
        for eps in (Fraction(1, 10**3), Fraction(1, 10**6), Fraction(1, 10**9)):
            for _ in range(3):
                moved = _jitter(net, eps, rng)
                low = min(moved.to_pwl(0, 1).preactivation(layer, unit).values.tolist())
                if low < 0:
                    return refuted(f"layer {layer}, unit {unit}: after moving every weight by up to {eps} its pre-activation "
                                   f"dips to {float(low):.3g} < 0, so ReLU now bends it",
                                   counterexample={"layer": layer, "unit": unit, "eps": eps},
                                   correction=Correction("a strictly positive neuron gains no bend under small adjustments",
                                                         {"neuron": "positive"}))
    return verified(f"{len(cases)} neurons strictly positive on [0, 1] in random 1-4-4-4-1 networks: after moving every "
                    "weight and bias by up to 1e-3, 1e-6, 1e-9 (3 draws each) each stays positive, so its ReLU adds no "
                    "bend and its gradient carries no bend information (exact pre-activations)")


NOT_LOCAL = sheet.claim("000/section-4.3-not-local", data={"neuron": "positive"},
                        perturb=lambda d: {"neuron": "touching"})(check_not_local)
sheet.restate(NOT_LOCAL, "001/section-4.4-not-local")
sheet.restate(NOT_LOCAL, "002/figure-5-not-local")


# --------------------------------------------------------------------------
# 000 §4.2: fewer data points than linear regions
# --------------------------------------------------------------------------
def check_fewer_points(data):
    """``data = {'points': n, 'more_pieces': bool}``: the §4.1 construction has more pieces than the n training points."""
    counts = {(_pieces(triangle_network(_peaks(seed, DEPTH + 1), variant=v)))
              for seed in range(3) for v in ("add", "subtract")}
    more = min(counts) > data["points"]
    detail = (f"the pretraining network of §4.1 (4 wide, {DEPTH} hidden layers, law scales, 3 random peak sets, both "
              f"variants) has {sorted(counts)} linear pieces on [0, 1] (exact), against {data['points']} training points")
    if more == data["more_pieces"]:
        return verified(detail)
    return refuted(detail, counterexample=sorted(counts),
                   correction=Correction("more pieces than points", {**data, "more_pieces": more}))


sheet.claim("000/section-4.2-fewer-points", data={"points": 10, "more_pieces": True},
            perturb=lambda d: {**d, "points": 2 ** (DEPTH + 1)})(check_fewer_points)


# --------------------------------------------------------------------------
# 000 §1, 002 abstract: 2^d pieces are not expected under random (PyTorch default) initialization
# --------------------------------------------------------------------------
N_DEFAULT = 200
WHERE_000 = "§4.1-4.2: the comparison networks are 'Default Network (Kaiming)'"
WHERE_002 = "Figures 4-5: the comparison is a 'default (Kaiming-initialized) network'"


@functools.lru_cache(maxsize=1)
def _default_counts() -> tuple:
    # PyTorch's nn.Linear default (weights and biases U(-1/sqrt(fan_in), 1/sqrt(fan_in))), drawn by numpy:
    # the same distribution without needing torch; the pieces are counted exactly on the float weights.
    widths = (1,) + (4,) * DEPTH + (1,)
    return tuple(random_network(widths, init="pytorch", seed=2024 + m).to_pwl(0, 1, exact=True).output.pieces
                 for m in range(N_DEFAULT))


def check_random_unlikely(data):
    """``data = {'relation': '<=' | '>=', 'p': p}``: P(pieces >= 2^d) under PyTorch's default init is <= p (or >= p)."""
    counts = _default_counts()
    hits = sum(c >= 2**DEPTH for c in counts)
    upper = stats.binomtest(hits, N_DEFAULT).proportion_ci(0.99, method="exact").high
    lower = stats.binomtest(hits, N_DEFAULT).proportion_ci(0.99, method="exact").low
    detail = (f"{N_DEFAULT} PyTorch-default networks 1-4-4-4-4-4-1 on [0, 1], exact pieces: mean {np.mean(counts):.2f}, "
              f"max {max(counts)}, {hits} with >= 2^{DEPTH} = {2 ** DEPTH}; 99% Clopper-Pearson interval for "
              f"P(pieces >= 2^d): [{lower:.4f}, {upper:.4f}]")
    rel, p = data["relation"], data["p"]
    default = (verified(detail + f" <= {p}") if rel == "<=" and upper <= p else
               verified(detail + f" >= {p}") if rel == ">=" and lower >= p else
               refuted(detail + f", not {rel} {p}", counterexample={"hits": hits, "n": N_DEFAULT},
                       correction=Correction(f"P(pieces >= 2^d) <= {round(upper + 0.005, 2)}",
                                             {"relation": "<=", "p": round(upper + 0.005, 2)}))
               if (rel == "<=" and lower > p) or (rel == ">=" and upper < p) else
               inconclusive(detail + f": the interval straddles {p}"))
    other = inconclusive("every random initialization: not a finite check; the cited bound (Hanin & Rolnick) is on the "
                         "expected count, which grows with the number of neurons, not exponentially with depth")
    return from_readings([
        Reading.of("pytorch-default", "'randomly' as PyTorch's default (Kaiming uniform) initialization of the same "
                   "architecture", default, fixed_by=data.get("where", WHERE_000)),
        Reading.of("any-random-init", "'randomly' as any random initialization", other),
    ], detail="2^d pieces at random initialization.")


RANDOM_UNLIKELY = sheet.claim("000/intro-not-expected-otherwise", data={"relation": "<=", "p": 0.03},
                              perturb=lambda d: {"relation": ">=", "p": 0.5})(check_random_unlikely)
sheet.restate(RANDOM_UNLIKELY, "002/abstract-random-unlikely", data={"relation": "<=", "p": 0.03, "where": WHERE_002})
