"""Claims of 003's running text (§1-§4): sentences stating a formula, a count, a comparison or an asymptotic.

Statements about random networks at initialization are measured on networks from
``symrelu.function_space.random_network`` (no training), under each initialization the text may mean:
PyTorch's default (which the supplement names as the paper's setup) and He's normal and uniform laws.
Trends over layers are the slope of log(statistic) against the layer index with a bootstrap 99.8%
interval over networks (seeded); "increasing" / "decreasing" needs the whole interval on one side of 0.
Table statements are checked on the printed numbers.
"""

from __future__ import annotations

import itertools
import math
from fractions import Fraction

import numpy as np
import sympy as sp

from proofs_check.claim import Correction, Reading, from_readings, refuted, verified
from proofs_check.claims.c003_function_space import _FLATNESS_READINGS
from proofs_check.registry import claim_sheet
from symrelu.densities import GaussianInit, UniformInit
from symrelu.function_space import count_pieces, layer_breakpoints, layer_roughness, random_network
from symrelu.network import ReLUNetwork
from symrelu.pwl import PiecewiseLinear

sheet = claim_sheet(__file__)


# -- helpers -------------------------------------------------------------------------------------
def _frac(rng, lo=-9, hi=9, den=4, nonzero=False):
    q = Fraction(int(rng.integers(lo, hi + 1)), int(rng.integers(1, den + 1)))
    return Fraction(1) if nonzero and q == 0 else q


def _exact_net(rng, widths, fine=False):
    # fine: denominators up to 97, so that coincident breakpoints (degenerate cases) practically never occur
    kw = dict(lo=-200, hi=200, den=97) if fine else {}
    return ReLUNetwork([([[_frac(rng, nonzero=True, **kw) for _ in range(a)] for _ in range(b)], [_frac(rng, **kw) for _ in range(b)])
                        for a, b in zip(widths[:-1], widths[1:])])


def _layer_trend(stat, init, dist, widths, n_networks=100, seed=0):
    """Per-layer statistic over ``n_networks`` random networks; slope of log(stat) per layer with a bootstrap interval.

    ``stat(list of per-network per-layer samples) -> per-layer values``.
    """
    rng = np.random.default_rng(seed)
    nets = [random_network(widths, init=init, distribution=dist, seed=rng) for _ in range(n_networks)]
    per_net = [stat.collect(net) for net in nets]

    def fit(idx):
        vals = stat.reduce([per_net[k] for k in idx])
        return np.polyfit(np.arange(1, len(vals) + 1, dtype=float), np.log(vals), 1)[0], vals

    s, vals = fit(np.arange(n_networks))
    boots = [fit(rng.integers(0, n_networks, n_networks))[0] for _ in range(200)]
    lo, hi = np.percentile(boots, [0.1, 99.9])
    return s, (lo, hi), vals


class _BreakpointIQR:
    """Interquartile range of each hidden layer's breakpoints on [-100, 100] (exists for heavy tails)."""

    @staticmethod
    def collect(net):
        return layer_breakpoints(net, -100.0, 100.0)

    @staticmethod
    def reduce(nets):
        layers = zip(*nets)
        return [float(np.subtract(*np.percentile(np.concatenate(lay), [75, 25]))) for lay in layers]


class _LayerRoughness:
    """Mean over networks of the roughness summed over each hidden layer's units on [-3, 3] (supplement §3.1.2)."""

    @staticmethod
    def collect(net):
        return layer_roughness(net, -3.0, 3.0)

    @staticmethod
    def reduce(nets):
        return list(np.mean(np.array(nets), axis=0))


def _trend_claim(data, stat, widths, what, n_networks=100):
    readings = []
    for name, init, dist, desc, fixed in _FLATNESS_READINGS:
        s, (lo, hi), vals = _layer_trend(stat, init, dist, widths, n_networks)
        found = "decreasing" if hi < 0 else "increasing" if lo > 0 else "flat"
        detail = (f"{what} per layer {np.round(vals, 4).tolist()} ({widths} networks, {n_networks} draws, seed 0); log-slope per layer "
                  f"{s:.3f}, bootstrap 99.8% interval [{lo:.3f}, {hi:.3f}] -> {found}")
        if found == data["trend"]:
            out = verified(detail)
        else:
            out = refuted(detail, counterexample=[float(v) for v in vals],
                          correction=Correction(f"under {name} initialization the {what} is {found} with depth",
                                                {**data, "trend": found}))
        readings.append(Reading.of(name, desc, out, fixed_by=fixed))
    return from_readings(readings, detail=f"Claimed: the {what} is {data['trend']} with depth.")


_OTHER_TREND = {"increasing": "decreasing", "decreasing": "increasing", "flat": "increasing"}
_TREND_PERTURB = lambda d: {**d, "trend": _OTHER_TREND[d["trend"]]}  # noqa: E731


# -- §1 -----------------------------------------------------------------------------------------
_INITS = (("glorot-normal", GaussianInit.glorot(10)), ("he-normal", GaussianInit.he(10)),
          ("pytorch-default", UniformInit.pytorch(10)))


def check_mean_zero(data):
    """Mean and standard deviation of the breakpoint and delta-slope laws (symrelu.densities) of the three initializations."""
    centre = data["centre"]
    literal, symmetric = [], []
    for name, init in _INITS:
        for what in data["subjects"]:
            law = init.breakpoints() if what == "breakpoints" else init.delta_slopes()
            m, sd = float(law.mean()), float(law.std())
            if not (math.isfinite(m) and math.isfinite(sd) and abs(m - centre) < 1e-12):
                literal.append(f"{what} under {name}: mean {m}, standard deviation {sd}")
            xs = np.array([0.1, 0.7, 2.3, 9.0])
            if not (abs(float(law.median()) - centre) < 1e-12 and np.allclose(law.pdf(centre + xs), law.pdf(centre - xs))):
                symmetric.append(f"{what} under {name}: median {float(law.median())}")
    corr = Correction("the delta-slopes have mean 0 and a small standard deviation (sigma_v sigma_w); the breakpoints are "
                      "symmetric about 0 but have no mean and no standard deviation (Cauchy / 1/beta^2 tails)",
                      {**data, "subjects": ("delta-slopes",)})
    lit = (refuted("; ".join(literal) + ": no mean or standard deviation exists", counterexample=literal, correction=corr)
           if literal else verified(f"{', '.join(data['subjects'])}: mean {centre}, finite standard deviation under all three"))
    sym = (refuted("; ".join(symmetric), counterexample=symmetric) if symmetric
           else verified(f"{', '.join(data['subjects'])}: symmetric about {centre} with median {centre} under all three"))
    return from_readings([
        Reading.of("mean-and-sd", "'mean 0 with low standard deviation' read literally, for both distributions", lit),
        Reading.of("centred", "'mean 0' read loosely as 'centred at 0' (symmetric, median 0)", sym),
    ], detail="Glorot and He normal (H = 10) and PyTorch's default uniform law (H = 10), through symrelu.densities.")


sheet.claim("003/intro-contrib-mean-zero", data={"centre": 0.0, "subjects": ("breakpoints", "delta-slopes")},
            perturb=lambda d: {**d, "centre": 0.5})(check_mean_zero)


sheet.claim("003/intro-contrib-breakpoints-wider", data={"trend": "increasing"}, perturb=_TREND_PERTURB)(
    lambda data: _trend_claim(data, _BreakpointIQR, (1, 8, 8, 8, 1), "interquartile range of the breakpoints"))


# -- §2.1-2.2 ---------------------------------------------------------------------------------------
def check_curvature_limit(data):
    """Interpolate sin on P pieces; compare mu_i / (piece length) with f'' at the knots as P grows."""
    def ratio_error(P, grid):
        t = np.linspace(0.0, 1.0, P + 1)
        if grid == "uniform":
            knots = -2 + 4 * t
        else:  # piece lengths alternating h, 2h
            steps = np.where(np.arange(P) % 2 == 0, 1.0, 2.0)
            knots = -2 + 4 * np.concatenate([[0.0], np.cumsum(steps)]) / steps.sum()
        f = PiecewiseLinear(knots, np.sin(knots))
        mu = np.asarray(f.delta_slopes, float)
        beta = np.asarray(f.breakpoints, float)
        idx = np.searchsorted(knots, beta - 1e-12)  # knots merged by the interpolant (collinear) are skipped
        left, right = knots[idx] - knots[idx - 1], knots[idx + 1] - knots[idx]
        length = {"left": left, "right": right, "mean": (left + right) / 2}[data["length"]]
        return float(np.max(np.abs(data["scale"] * mu / length - (-np.sin(beta)))))

    readings = []
    for grid, desc in (("uniform-knots", "knots equally spaced as P grows"), ("alternating-knots", "piece lengths alternating h, 2h as P grows")):
        errs = [ratio_error(P, grid.split("-")[0]) for P in (10, 100, 1000, 10000)]
        detail = f"max |mu_i/len - f''(beta_i)| for f = sin on [-2, 2], P = 10, 100, 1000, 10^4: {[f'{e:.2e}' for e in errs]}"
        if errs[-1] < 1e-3 and errs[-1] < errs[0] / 100:
            out = verified(detail + " -> 0")
        else:
            out = refuted(detail + " does not tend to 0: with unequal neighbouring pieces the ratio tends to "
                          "f''(h_l + h_r)/(2 h) for the chosen length h", counterexample=errs,
                          correction=Correction("mu_i divided by the mean of the two adjacent piece lengths tends to f''(beta_i)",
                                                {**data, "length": "mean"}))
        readings.append(Reading.of(grid, desc, out))
    return from_readings(readings, detail=f"Delta-slope over the {data['length']} piece length (symrelu.pwl interpolant).")


sheet.claim("003/curvature-limit", data={"length": "left", "scale": 1.0},
            perturb=lambda d: {**d, "scale": 2.0})(check_curvature_limit)


def check_spline_comparison(data):
    """'BDSO lacks the base polynomial': as parameters (no c_j terms) and as functions (cannot express c0 + c1 x)."""
    rng = np.random.default_rng(2)
    # as parameters: with every delta-slope 0 the BDSO function is identically 0 -- nothing polynomial is left over
    zero = ReLUNetwork([([[1], [-1], [2]], [1, 2, -3]), ([[0, 0, 0]], [0])])
    leftover = any(zero.forward(Fraction(k, 2)) != 0 for k in range(-20, 21))
    as_params = (verified("with all delta-slopes 0 the BDSO function is identically 0: it has no base-polynomial terms")
                 if leftover == data["explicit_terms"] else refuted("BDSO keeps a polynomial part with all delta-slopes 0"))
    reproduced = None
    for trial in range(20):
        c0, c1 = _frac(rng), _frac(rng)
        b1, b2 = _frac(rng), _frac(rng)
        if b1 == b2:
            b2 += 1
        # mu1 (x - b1) + mu2 (x - b2) = c1 x + c0  with  mu1 + mu2 = c1,  -(mu1 b1 + mu2 b2) = c0
        mu2 = (-c0 - c1 * b1) / (b2 - b1)
        mu1 = c1 - mu2
        # each mu (x - b) from a right-facing (w = 1) and a left-facing (w = -1) unit with the same (beta, mu)
        net = ReLUNetwork([([[1], [-1], [1], [-1]], [-b1, b1, -b2, b2]), ([[mu1, -mu1, mu2, -mu2]], [0])])
        if all(net.forward(Fraction(k, 3)) == c0 + c1 * Fraction(k, 3) for k in range(-30, 31)):
            reproduced = reproduced or {"c0": c0, "c1": c1, "beta": (b1, b2), "mu": (mu1, mu2)}
        else:
            reproduced = False
            break
    as_functions = (verified(f"BDSO reproduces the affine base polynomial: {bool(reproduced)}") if bool(reproduced) ==
                    data["bdso_reproduces_base"] else
                    refuted(f"two pairs of opposite-facing units (beta = {reproduced['beta']}, mu = {reproduced['mu']}) give "
                            f"exactly {reproduced['c0']} + {reproduced['c1']} x on [-10, 10] (20 random cases): the two "
                            f"orientations reproduce the affine base polynomial", counterexample=reproduced,
                            correction=Correction("BDSO has no separate base polynomial, but pairs of opposite orientations "
                                                  "reproduce the affine one (c0 + c1 x); the spline's single orientation cannot",
                                                  {**data, "bdso_reproduces_base": True})))
    return from_readings([Reading.of("as-parameters", "'lacks' = has no base-polynomial parameters c_j", as_params),
                          Reading.of("as-functions", "'lacks' = cannot express the base polynomial", as_functions)],
                         detail="Exact BDSO networks (Fractions).")


sheet.claim("003/spline-comparison", data={"explicit_terms": False, "bdso_reproduces_base": False},
            perturb=lambda d: {"explicit_terms": not d["explicit_terms"],
                               "bdso_reproduces_base": not d["bdso_reproduces_base"]})(check_spline_comparison)


def check_density_drops(data):
    """p_beta non-increasing in |beta| and beta^2 p_beta(beta) -> the claimed tail constant (symrelu.densities)."""
    cases = [("gaussian", GaussianInit(1.0, 1.5, 0.7), (1.0, 1.5)), ("gaussian", GaussianInit(0.3, 2.0, 1.3), (0.3, 2.0)),
             ("uniform", UniformInit(1.0, 2.0, 0.5), (1.0, 2.0)), ("uniform", UniformInit(0.5, 0.7, 3.0), (0.5, 0.7))]
    for kind, init, (sb, sw) in cases:
        law = init.breakpoints()
        xs = np.linspace(0, 50, 2001)
        p = law.pdf(xs)
        if np.any(np.diff(p) > 1e-15):
            return refuted(f"{init}: p_beta increases somewhere on [0, 50]")
        tail = float(1e6**2 * law.pdf(1e6))
        want = data[kind](sb, sw)
        if not math.isclose(tail, want, rel_tol=1e-4):
            return refuted(f"{init}: beta^2 p_beta(beta) at beta = 1e6 is {tail:.6g}, the claimed tail constant {want:.6g}",
                           counterexample={"init": repr(init), "tail": tail, "claimed": want})
    return verified("p_beta is non-increasing in |beta| and beta^2 p_beta -> sigma_b/(pi sigma_w) (Gaussian), a_b/(4 a_w) "
                    "(uniform) at beta = 1e6 (rtol 1e-4), for 4 parameter sets: a 1/beta^2 fall-off away from the origin")


sheet.claim("003/implications-density-drops",
            data={"gaussian": lambda sb, sw: sb / (math.pi * sw), "uniform": lambda ab, aw: ab / (4 * aw)},
            perturb=lambda d: {**d, "uniform": lambda ab, aw: ab / (2 * aw)})(check_density_drops)


# -- §2.3 ---------------------------------------------------------------------------------------------
def _loss_grad(w, b, v, x, y, h=1e-6):
    theta = np.concatenate([w, b, v])
    H = len(w)

    def loss(t):
        net = ReLUNetwork([(t[:H].reshape(-1, 1), t[H:2 * H]), (t[2 * H:].reshape(1, -1), [0.0])])
        return 0.5 * float(np.sum((net.forward(x.reshape(-1, 1)).ravel() - y) ** 2))

    g = np.zeros_like(theta)
    for k in range(theta.size):
        e = np.zeros_like(theta)
        e[k] = h
        g[k] = (loss(theta + e) - loss(theta - e)) / (2 * h)
    return g


def check_equivalence_class(data):
    """A PWL-OLS critical network; every rescaled/permuted copy in the class must have zero NN gradient too."""
    rng = np.random.default_rng(12)
    w = np.array([1.0, -1.0, 1.0])
    beta = np.array([-1.0, 0.0, 1.0])
    b = -w * beta
    v = np.array([0.7, -1.2, 0.5])
    f = ReLUNetwork([(w.reshape(-1, 1), b), (v.reshape(1, -1), [0.0])])
    # data per piece: y = network + residuals orthogonal to (1, x) within the piece, so each piece is an OLS fit
    xs, ys = [], []
    for lo, hi in ((-3, -1), (-1, 0), (0, 1), (1, 3)):
        x = np.sort(rng.uniform(lo + 0.05, hi - 0.05, 6))
        r = rng.normal(size=6)
        A = np.column_stack([np.ones(6), x])
        r -= A @ np.linalg.lstsq(A, r, rcond=None)[0]
        xs.append(x)
        ys.append(f.forward(x.reshape(-1, 1)).ravel() + r)
    x, y = np.concatenate(xs), np.concatenate(ys)
    worst = 0.0
    for c in data["scales"]:
        for perm in itertools.permutations(range(3)):
            p = list(perm)
            g = _loss_grad(c * w[p], c * b[p], v[p] / c, x, y)
            worst = max(worst, float(np.max(np.abs(g))))
            if worst > 1e-6:
                return refuted(f"(w, b, v) -> ({c} w, {c} b, v/{c}) with unit order {p}: the NN gradient is {np.round(g, 4).tolist()}, "
                               f"not 0", counterexample={"scale": c, "perm": p})
    return verified(f"a PWL-OLS network (nonzero residuals orthogonal to each piece's (1, x)) and all its copies under "
                    f"(w, b, v) -> (c w, c b, v/c), c in {list(data['scales'])}, and all 6 unit permutations have NN gradient "
                    f"0 (max |grad| {worst:.1e}, central finite differences): the whole class is critical")


sheet.claim("003/theorem-3-equivalence-class", data={"scales": (0.25, 1.0, 3.0)},
            perturb=lambda d: {"scales": tuple(d["scales"]) + (-1.0,)})(check_equivalence_class)


def _splits(N, H):
    """All ways to cut N sorted points into H+1 consecutive (possibly empty) pieces, as count vectors."""
    for cuts in itertools.combinations_with_replacement(range(N + 1), H):
        edges = (0,) + cuts + (N,)
        yield tuple(edges[k + 1] - edges[k] for k in range(H + 1))


def check_partition_count(data):
    for N in range(0, 8):
        for H in range(0, 7):
            n = sum(1 for _ in _splits(N, H))
            if n != data(N, H):
                return refuted(f"N = {N}, H = {H}: {n} splits into H+1 consecutive pieces, the formula gives {data(N, H)}",
                               counterexample={"N": N, "H": H, "count": n})
    return verified("the splits of N sorted points into H+1 consecutive pieces (empty ones allowed) number C(N+H, H) for "
                    "N <= 7, H <= 6 (enumeration); every split is realized by breakpoints placed in the gaps between points")


sheet.claim("003/partition-count", data=lambda N, H: math.comb(N + H, H),
            perturb=lambda f: (lambda N, H: math.comb(N + H - 1, H) if N + H > 0 else f(N, H)))(check_partition_count)


def check_lonely_count(data):
    count, exponent = data["count"], data["exponent"]
    for N in range(0, 7):
        for H in range(0, 9):
            lonely = sum(1 for s in _splits(N, H) if max(s, default=0) <= 1)
            if lonely != count(N, H):
                return refuted(f"N = {N}, H = {H}: {lonely} lonely splits, the formula gives {count(N, H)}",
                               counterexample={"N": N, "H": H, "lonely": lonely})
    # O(N^{alpha N}) with H = alpha N^2: log C(H+1, N) - exponent(alpha) N log N must tend to -infinity or stay bounded above
    import mpmath as mp

    notes = []
    for alpha in (1.01, 1.5, 2.0, 5.0):
        gaps = []
        with mp.workdps(200):  # log C is a difference of log-gammas of size N log N: 60 + 40 digits are lost
            for j in (10, 30, 50, 55, 60):
                N = mp.mpf(10) ** j
                H = mp.mpf(alpha) * N * N
                logc = mp.loggamma(H + 2) - mp.loggamma(N + 1) - mp.loggamma(H + 2 - N)
                gaps.append(logc - exponent(alpha) * N * mp.log(N))
        if not (gaps[-1] < 0 and gaps[-1] < gaps[-2] < gaps[-3]):
            return refuted(f"alpha = {alpha}: log C(alpha N^2 + 1, N) - log N^(e N) is "
                           f"{[mp.nstr(g, 3) for g in gaps]} (N = 10^10, 10^30, 10^50, 10^55, 10^60), not going to -infinity", counterexample={"alpha": alpha})
        notes.append(f"alpha {alpha}: {mp.nstr(gaps[-1], 3)}")
    return verified("lonely splits (every piece <= 1 point) number C(H+1, N) for N <= 6, H <= 8; and log C(alpha N^2+1, N) - "
                    "alpha N log N tends to -infinity for alpha in {1.01, 1.5, 2, 5} (mpmath log-gamma at 200 digits, N = 10^10..10^60; at 10^60: " + "; ".join(notes) +
                    "), so the count is O(N^{alpha N}) -- an upper bound only: log C ~ N log N, so it is not Theta(N^{alpha N})")


sheet.claim("003/theorem-4b-count", data={"count": lambda N, H: math.comb(H + 1, N), "exponent": lambda a: a},
            perturb=lambda d: {**d, "exponent": lambda a: a / 2})(check_lonely_count)


def check_equally_likely(data):
    readings = []
    # splits: probability of each count vector for N i.i.d. uniform points and H+1 equal pieces (multinomial)
    bad = None
    for N, H in ((2, 1), (3, 2), (5, 3)):
        for s in _splits(N, H):
            true = Fraction(math.factorial(N), math.prod(math.factorial(k) for k in s)) / (H + 1) ** N
            if data["splits"](s, N, H) != true:
                bad = (N, H, s, data["splits"](s, N, H), true)
                break
        if bad:
            break
    split_out = (refuted(f"N = {bad[0]}, H = {bad[1]}: the split {bad[2]} has probability {bad[4]}, not {bad[3]}: "
                         f"splits are multinomial, not equally likely", counterexample=bad,
                         correction=Correction("each split (n_0..n_H) has probability N!/(prod n_p!) (H+1)^{-N}; only the "
                                               "labelled assignments are equally likely", {**data, "splits": _multinomial}))
                 if bad else verified("the claimed split probabilities are the multinomial ones"))
    bad = None
    for N, H in ((2, 1), (3, 2)):
        for assignment in itertools.product(range(H + 1), repeat=N):
            if data["assignments"](assignment, N, H) != Fraction(1, (H + 1) ** N):
                bad = (N, H, assignment)
                break
        if bad:
            break
    assign_out = (refuted(f"assignment {bad[2]} (N = {bad[0]}, H = {bad[1]}) does not have probability (H+1)^-N")
                  if bad else verified("every assignment of the N labelled points to the H+1 pieces has probability (H+1)^{-N}"))
    readings.append(Reading.of("splits", "'partition' = split of the sorted data into consecutive pieces (counts)", split_out,
                               fixed_by="§2.3 counts the partitions as C(N+H, H), which are the splits"))
    readings.append(Reading.of("assignments", "'partition' = assignment of the labelled points to pieces", assign_out))
    return from_readings(readings, detail="N uniform points, H+1 equal pieces, exact probabilities (Fractions).")


def _uniform_split(s, N, H):
    return Fraction(1, math.comb(N + H, H))


def _multinomial(s, N, H):
    return Fraction(math.factorial(N), math.prod(math.factorial(k) for k in s)) / (H + 1) ** N


sheet.claim("003/equally-likely-partitions",
            data={"splits": _uniform_split, "assignments": lambda a, N, H: Fraction(1, (H + 1) ** N)},
            perturb=lambda d: {"splits": lambda s, N, H: d["splits"](s, N, H) * 2,
                               "assignments": lambda a, N, H: Fraction(1, (H + 1) ** (N + 1))})(check_equally_likely)


# -- §2.5: a data gap --------------------------------------------------------------------------------------
def _gap_network(rng, n_units):
    """Units with breakpoints inside the gap (-1, 1) and orientation +1; data on [-3, -1] and [1, 3]."""
    beta = np.sort(rng.uniform(-0.9, 0.9, n_units))
    w = rng.uniform(0.5, 2.0, n_units)
    v = rng.normal(size=n_units)
    x = np.concatenate([rng.uniform(-3, -1, 8), rng.uniform(1, 3, 8)])
    y = np.sin(2 * x)
    return w, -w * beta, v, x, y


def check_gap_dynamics(data):
    rng = np.random.default_rng(21)
    for trial in range(5):
        n = 4
        w, b, v, x, y = _gap_network(rng, n)
        g = _loss_grad(w, b, v, x, y)
        gw, gv = g[:n], g[2 * n:]
        mudot = -v * gw - w * gv  # gradient flow: d(w v)/dt = v dw/dt + w dv/dt
        net = ReLUNetwork([(w.reshape(-1, 1), b), (v.reshape(1, -1), [0.0])])
        e = net.forward(x.reshape(-1, 1)).ravel() - y
        act = (np.outer(w, x) + b[:, None] > 0).astype(float)
        ex, e1 = act @ (e * x), act @ e
        if np.ptp(ex) > 1e-9 or np.ptp(e1) > 1e-9:
            return refuted("units of one orientation in the gap do not share the active set")
        beta = -b / w
        pred = data(w, v, beta, ex[0], e1[0])
        if not np.allclose(pred, mudot, rtol=1e-5, atol=1e-7):
            # how far from the form r2 + r3 beta with common r's: least-squares residual
            A = np.column_stack([np.ones(n), beta])
            res = mudot - A @ np.linalg.lstsq(A, mudot, rcond=None)[0]
            return refuted(f"4 right-facing units in the gap: gradient flow gives mu_dot = {np.round(mudot, 4).tolist()}, the "
                           f"printed law {np.round(pred, 4).tolist()}; fitting r2 + r3 beta_i with common r's leaves residual "
                           f"{np.linalg.norm(res):.3g}: the unit factors (v_i^2 + w_i^2) and w_i^2 of Eq. (5) are dropped",
                           counterexample={"mu_dot": mudot.tolist(), "printed": pred.tolist()},
                           correction=Correction(r"$\dot\mu_i=(v_i^2+w_i^2)r_{2,s}+w_i^2r_{3,s}\beta_i$ with common "
                                                 r"$r_{2,s}=-\langle\hat e\odot a_s,x\rangle$, $r_{3,s}=\langle\hat e\odot a_s,1\rangle$",
                                                 _eq5_gap))
    return verified("for 5 random gap configurations the printed law equals the gradient flow of mu_i = w_i v_i "
                    "(central finite differences of the loss)")


def _printed_gap(w, v, beta, r_x, r_1):
    return -r_x + beta * r_1


def _eq5_gap(w, v, beta, r_x, r_1):
    return -(v**2 + w**2) * r_x + w**2 * beta * r_1


sheet.table(
    [dict(id="003/gap-delta-slope-dynamics"), dict(id="003/gap-vector-dynamics")],
    data=_printed_gap,
    perturb=lambda f: (lambda w, v, beta, r_x, r_1: f(w, v, beta, r_x, r_1) + 0.1 * (1 + beta**2)),
    check=check_gap_dynamics,
)


def check_initial_curvature(data):
    """Mean |curvature| density near x = 0 at Theorem 2's sigma_v = sigma_w = sqrt(2/(H+1)), as H grows."""
    readings = []
    for name, desc, sigma_b in (("fixed-bias-scale", "sigma_b fixed (= 1) as H grows", lambda H: 1.0),
                                ("glorot-bias-scale", "sigma_b = sigma_w = sqrt(2/(H+1)) (biases drawn like the weights)",
                                 lambda H: math.sqrt(2 / (H + 1)))):
        dens = []
        for H in (10, 100, 10**3, 10**4, 10**5):
            s = math.sqrt(2 / (H + 1))
            init = GaussianInit(sigma_b(H), s, s)
            e_abs_mu = 2 * s * s / math.pi  # E|w v| for independent normals
            mu_law = init.delta_slopes()
            e_check = float(mu_law.expect(abs, lb=-50 * s * s, ub=50 * s * s))
            if not math.isclose(e_check, e_abs_mu, rel_tol=1e-6):
                return refuted(f"E|mu| from symrelu.densities {e_check} differs from 2 sigma_v sigma_w/pi {e_abs_mu}")
            # expected total |delta-slope| per unit length at 0: H p_beta(0) E|mu| (beta, mu independent only in law of
            # |mu| given beta -- use the joint density's integral over mu at beta = 0 instead)
            dens.append(H * float(init.breakpoints().pdf(0.0)) * e_abs_mu)
        detail = f"expected |curvature| per unit length at x = 0 for H = 10..10^5: {[f'{d:.3g}' for d in dens]}"
        tends = abs(dens[-1] - data["limit"]) < abs(dens[0] - data["limit"]) / 20
        if tends:
            out = verified(detail + " -> 0")
        else:
            out = refuted(detail + f" tends to {dens[-1]:.4g} = 4/pi^2, not {data['limit']}", counterexample=dens,
                          correction=Correction("the curvature near 0 tends to 4/pi^2 ~ 0.405 when sigma_b shrinks like sigma_w",
                                                {"limit": 4 / math.pi**2}))
        readings.append(Reading.of(name, desc, out))
    return from_readings(readings, detail="Theorem 2's sigma_v = sigma_w = sqrt(2/(H+1)); the bias scale is never fixed.")


sheet.claim("003/initial-curvature-zero", data={"limit": 0.0},
            perturb=lambda d: {"limit": d["limit"] + 1.0})(check_initial_curvature)


def check_cubic_spline(data):
    x, xi, R2, R3, c0, c1 = sp.symbols("x xi R2 R3 c0 c1", real=True)
    integrated = sp.integrate(sp.integrate(R2 + R3 * x, x), x)  # mu(x, inf) = R2 + R3 x, with mu(x, 0) = 0
    a, b = sp.symbols("a b")
    printed = a + b * x + data["c2"](R2, R3, xi) * (x - xi) ** 2 / 2 + data["c3"](R2, R3, xi) * (x - xi) ** 3 / 6
    diff = sp.Poly(sp.expand(printed - integrated), x)
    sol = sp.solve(diff.coeffs()[-2:], [a, b], dict=True)
    rest = [sp.simplify(c.subs(sol[0])) for c in diff.coeffs()[:-2]] if sol else diff.coeffs()
    if any(r != 0 for r in rest):
        return refuted(f"integrating f'' = R2 + R3 x twice and writing it around xi: the x^2 and x^3 coefficients differ by "
                       f"{rest}; c_2 must be R2 + R3 xi (c_2 = R2 only if xi = 0 or R3 = 0)", counterexample=rest,
                       correction=Correction("c_{3,s} = R*_{3,s} and c_{2,s} = R*_{2,s} + R*_{3,s} xi_s",
                                             {"c2": lambda R2, R3, xi: R2 + R3 * xi, "c3": data["c3"]}))
    return verified("with c_0, c_1 free, the printed cubic equals the double integral of R2 + R3 x for all x, R2, R3, xi")


sheet.claim("003/cubic-spline", data={"c2": lambda R2, R3, xi: R2, "c3": lambda R2, R3, xi: R3},
            perturb=lambda d: {**d, "c3": lambda R2, R3, xi: 2 * R3})(check_cubic_spline)


# -- §3 at initialization -------------------------------------------------------------------------------------
def check_first_layer_law(data):
    """KS test of the first layer's breakpoints of random deep networks against Corollary 1 (symrelu.densities)."""
    from scipy import stats

    readings = []
    laws = {"pytorch-default": UniformInit(1.0, 1.0, 1.0).breakpoints(),  # fan_in 1: weights and biases U[-1, 1]
            "he-normal": GaussianInit(math.sqrt(2), math.sqrt(2), 1.0).breakpoints(),  # biases get the weight law
            "he-uniform": UniformInit(math.sqrt(6), math.sqrt(6), 1.0).breakpoints()}
    for name, init, dist, desc, fixed in _FLATNESS_READINGS:
        rng = np.random.default_rng(0)
        bps = []
        for _ in range(300):
            net = random_network((1, 8, 8, 8, 1), init=init, distribution=dist, seed=rng)
            W, b = net.layers[0]
            bps.extend((-np.asarray(b, float) / np.asarray(W, float).ravel()).tolist())
        law = laws[name]
        p = stats.kstest(np.array(bps) * data["scale"], law.cdf).pvalue
        detail = f"{len(bps)} first-layer breakpoints against Corollary 1's law: KS p = {p:.3g} (level 1e-3)"
        out = verified(detail) if p > 1e-3 else refuted(detail, counterexample=p)
        readings.append(Reading.of(name, desc, out, fixed_by=fixed))
    return from_readings(readings, detail="The theory (Theorem 1 / Corollary 1) is about the first layer; deeper layers are "
                         "not covered by it. Biases: PyTorch's default draws them; He's rule is completed with the weight law.")


sheet.claim("003/breaking-bad-setup", data={"scale": 1.0}, perturb=lambda d: {"scale": 1.5 * d["scale"]})(check_first_layer_law)


def check_concentrated(data):
    readings = []
    edges = np.array([0.0, 1.0, 2.0, 3.0, 5.0])
    for name, init, dist, desc, fixed in _FLATNESS_READINGS:
        rng = np.random.default_rng(1)
        per = [[], [], []]
        for _ in range(200):
            net = random_network((1, 8, 8, 8, 1), init=init, distribution=dist, seed=rng)
            for k, bp in enumerate(layer_breakpoints(net, -50.0, 50.0)):
                per[k].extend(bp)
        dens = []
        for k, bp in enumerate(per):
            counts, _ = np.histogram(np.abs(np.asarray(bp) - data["centre"]), edges)
            dens.append(np.round(counts / np.diff(edges), 1).tolist())
        detail = ("per layer, breakpoints per unit length at |beta - c| in [0, 1), [1, 2), [2, 3), [3, 5): "
                  + "; ".join(f"layer {k + 1}: {d}" for k, d in enumerate(dens)))
        ok = all(d[0] > max(d[1:]) for d in dens)
        modes = dens
        out = verified(detail + f": densest around {data['centre']}") if ok else refuted(detail, counterexample=modes)
        readings.append(Reading.of(name, desc, out, fixed_by=fixed))
    return from_readings(readings, detail="200 random (1, 8, 8, 8, 1) networks, breakpoints on [-50, 50].")


sheet.claim("003/breaking-bad-concentrated", data={"centre": 0.0}, perturb=lambda d: {"centre": 3.0})(check_concentrated)


sheet.claim("003/deeper-less-rough-init", data={"trend": "decreasing"}, perturb=_TREND_PERTURB)(
    lambda data: _trend_claim(data, _LayerRoughness, (1, 8, 8, 8, 8, 8, 1), "roughness summed over each layer", 40))


def check_once_per_unit(data):
    readings = []
    for name, init, dist, desc, fixed in _FLATNESS_READINGS:
        rng = np.random.default_rng(2)
        per_unit, pieces, units = [], [], []
        for L in (2, 4, 5):
            for _ in range(40):
                net = random_network((1,) + (40 // L,) * L + (1,), init=init, distribution=dist, seed=rng)
                f = net.to_pwl(-100.0, 100.0)
                for layer in range(1, L):
                    for i in range(40 // L):
                        per_unit.append(len(f.neuron_breakpoints(layer, i)))
                pieces.append(count_pieces(net, -100.0, 100.0))
                units.append(40 // L * L)
        counts = np.bincount(per_unit)
        mean, mode = float(np.mean(per_unit)), int(np.argmax(counts))
        detail = (f"breakpoints per deeper-layer unit (40 units over L = 2, 4, 5 layers, 40 networks each): mean {mean:.3f}, "
                  f"mode {mode}, histogram {counts.tolist()}; pieces {min(pieces)}..{max(pieces)} for 40 units")
        ok = mode == data["per_unit"] and abs(mean - data["per_unit"]) <= 0.25
        out = verified(detail) if ok else refuted(detail, counterexample={"mean": mean, "mode": mode},
                                                  correction=Correction(f"about {mean:.2f} per unit", {"per_unit": round(mean)}))
        readings.append(Reading.of(name, desc, out, fixed_by=fixed))
    return from_readings(readings, detail="'generally once per unit': the most common count is 1 and the mean is within 0.25 of 1.")


sheet.claim("003/once-per-unit-at-init", data={"per_unit": 1}, perturb=lambda d: {"per_unit": d["per_unit"] + 1})(check_once_per_unit)


def _exact_unit_breakpoints(rng, widths, n, fine=False):
    out = []
    for _ in range(n):
        net = _exact_net(rng, widths, fine)
        f = net.to_pwl(-200, 200)
        out.append((net, f))
    return out


def check_layer_one_once(data):
    rng = np.random.default_rng(4)
    first, deeper = set(), set()
    for net, f in _exact_unit_breakpoints(rng, (1, 4, 4, 1), 60):
        for i in range(4):
            first.add(len(f.neuron_breakpoints(0, i)))
            deeper.add(len(f.neuron_breakpoints(1, i)))
    if first != {data["first"]} or (len(deeper) > 1) != data["deeper_varies"]:
        return refuted(f"breakpoints per first-layer unit: {sorted(first)}; per second-layer unit: {sorted(deeper)}",
                       counterexample={"first": sorted(first), "deeper": sorted(deeper)})
    return verified(f"60 random rational (1, 4, 4, 1) networks on [-200, 200] (all first-layer breakpoints inside): every "
                    f"first-layer unit induces exactly {data['first']} breakpoint; second-layer units induce {sorted(deeper)}")


sheet.claim("003/layer-one-once", data={"first": 1, "deeper_varies": True},
            perturb=lambda d: {**d, "first": 2})(check_layer_one_once)


def check_multiple_breakpoints(data):
    rng = np.random.default_rng(5)
    counts = []
    for net, f in _exact_unit_breakpoints(rng, (1, 8, 8, 1), 30):
        counts += [len(f.neuron_breakpoints(1, i)) for i in range(8)]
    share = sum(c >= data["k"] for c in counts) / len(counts)
    detail = f"second-layer units of 30 random rational (1, 8, 8, 1) networks with >= {data['k']} breakpoints: {share:.1%} (max {max(counts)})"
    return verified(detail) if share > 0 else refuted(detail, counterexample=max(counts))


sheet.claim("003/depth-optimization-argument", data={"k": 2}, perturb=lambda d: {"k": 50})(check_multiple_breakpoints)


def _kink(f, x):
    """Slope jump of PiecewiseLinear f at x (0 if x is not a knot)."""
    bps = list(f.breakpoints)
    return f.delta_slopes[bps.index(x)] if x in bps else 0


def check_inherited(data):
    """Is every breakpoint of layer l a kink of the deeper units' activations x_j = relu(z_j)?"""
    rng = np.random.default_rng(6)
    every_fail = some_fail = None
    rule_fail = None
    for net, f in _exact_unit_breakpoints(rng, (1, 3, 3, 3, 1), 25, fine=True):
        for k in range(3):
            for beta in f.neuron_breakpoints(0, k):
                if any(f.preactivation(l, j)(beta) == 0 for l in (1, 2) for j in range(3)):
                    continue  # a deeper unit's own zero at beta: degenerate
                alive = {(0, k)}  # neurons whose activation has a kink at beta (propagated along on-neurons)
                for layer in (1, 2):
                    kinks = []
                    for j in range(3):
                        z = f.preactivation(layer, j)
                        x_j = z.relu()
                        has = _kink(x_j, beta) != 0
                        predicted = any((layer - 1, m) in alive for m in range(3)) and z(beta) > 0
                        if data["rule"] == "active-path" and has != predicted:
                            rule_fail = rule_fail or (beta, layer, j)
                        if has:
                            alive.add((layer, j))
                        kinks.append(has)
                    if not all(kinks):
                        every_fail = every_fail or {"beta": beta, "layer": layer + 1, "kinks": kinks}
                    if not any(kinks):
                        some_fail = some_fail or {"beta": beta, "layer": layer + 1, "kinks": kinks}
    corr = Correction("a breakpoint of layer l is a breakpoint of a deeper unit's basis function exactly when some path to "
                      "it is active there (every neuron after it on the path has z > 0)", {"rule": "active-path"})

    def outcome(fail, what):
        if data["rule"] == "active-path":
            return (verified("kinks of every deeper unit at every first-layer breakpoint match the active-path rule")
                    if rule_fail is None else refuted(f"the active-path rule fails at {rule_fail}"))
        if fail is None:
            return verified(f"every first-layer breakpoint is a kink of {what}")
        return refuted(f"first-layer breakpoint {fail['beta']} is not a kink of {what} in layer {fail['layer']} "
                       f"(kinks per unit {fail['kinks']}): units with z < 0 there drop it", counterexample=fail, correction=corr)

    return from_readings([
        Reading.of("every-unit", "present in the basis function of every deeper unit", outcome(every_fail, "every unit")),
        Reading.of("some-unit-per-layer", "present in some unit of every deeper layer", outcome(some_fail, "any unit")),
    ], detail="25 random rational (1, 3, 3, 3, 1) networks, exact CPWL pre-activations.", correction=corr)


sheet.claim("003/breakpoints-inherited", data={"rule": "always"}, perturb=lambda d: {"rule": "never-checked"})(check_inherited)


def check_spiky(data):
    table = data["table"]
    cols = ("shallow", "deep")
    per_fn = [(fn, c, std, spk) for fn, row in table.items() for c, (std, spk) in zip(cols, row) if not spk > std]
    avg = [c for k, c in enumerate(cols) if not np.mean([row[k][1] for row in table.values()]) > np.mean([row[k][0] for row in table.values()])]
    corr = Correction("the spiky initialization has the larger test loss for every function except Sawtooth (shallow), and "
                      "on average over the functions", {"table": {k: v for k, v in table.items() if k != "Sawtooth"}})
    pf = (verified("spiky > standard test loss for every function, shallow and deep") if not per_fn else
          refuted(f"spiky <= standard for {per_fn}", counterexample=per_fn, correction=corr))
    av = (verified("mean test loss over the six functions: spiky > standard, shallow and deep") if not avg else
          refuted(f"not worse on average for {avg}"))
    return from_readings([Reading.of("per-function", "'much worse' for every target function", pf),
                          Reading.of("on-average", "'much worse' on average over the target functions", av)],
                         detail="Table 3's printed mean test losses (standard vs spiky).")


_TABLE3 = {"Sine": ((42.95, 157.5), (31.48, 122.0)), "Arctan": ((0.01252, 2.499), (0.9795, 32.57)),
           "Sawtooth": ((156.9, 150.1), (148.1, 198.0)), "Cubic": ((3.608, 136.7), (56.77, 191.6)),
           "Quadratic": ((3.559, 150.6), (1.741, 46.02)), "Exp": ((0.6509, 181.1), (1.339, 54.50))}

sheet.claim("003/spiky-worse-generalization", data={"table": _TABLE3},
            perturb=lambda d: {"table": {k: tuple((s, t) for t, s in row) for k, row in d["table"].items()}})(check_spiky)


# -- Table 2 as printed -----------------------------------------------------------------------------------
_TABLE2 = {  # L: [(mean, std)] for Sine, 5 piece poly, Sawtooth, Arctan, Exponential, Quadratic
    1: [(40, 0)] * 6,
    2: [(55.5, 2.9), (52, 1.414), (50, .7), (49.25, 3.3), (51.25, 6.1), (49.25, 4.5)],
    4: [(68, 3.1), (57.25, 6.8), (48.5, 2.5), (42.5, 4.8), (40.25, 3.9), (40.25, 3.3)],
    5: [(62.25, 15.1), (49, 3.5), (44.5, 5.1), (38, 5.1), (33.75, 1.1), (31.5, 1.7)],
}
_COLS = ("Sine", "5 piece poly", "Sawtooth", "Arctan", "Exponential", "Quadratic")


def check_trials(data):
    n = data["trials"]
    bad = [(L, _COLS[k], m) for L, row in _TABLE2.items() for k, (m, s) in enumerate(row) if abs(m * n - round(m * n)) > 1e-9]
    if bad:
        return refuted(f"{len(bad)} of 24 means are not a multiple of 1/{n}, as a mean of {n} integer piece counts must be: {bad}",
                       counterexample=bad, correction=Correction("each value is the average of 4 trials (every mean is a "
                                                                 "multiple of 1/4)", {"trials": 4}))
    return verified(f"all 24 printed means are multiples of 1/{n}")


sheet.claim("003/table-2-mean-of-5", data={"trials": 5}, perturb=lambda d: {"trials": 3})(check_trials)


def check_table2_layers(data):
    problems = [L for L in data["L"] if 40 % L or L not in _TABLE2]
    if problems:
        return refuted(f"L = {problems}: 40 units cannot be spread evenly over {problems} layers or the table has no such row "
                       f"(rows: {sorted(_TABLE2)})", counterexample=problems,
                       correction=Correction("L in {1, 2, 4, 5} (the table's rows)", {"L": (1, 2, 4, 5)}))
    return verified(f"40 units divide evenly over L = {list(data['L'])} and the table has those rows")


sheet.claim("003/table-2-caption", data={"L": (1, 2, 3, 4, 5)}, perturb=lambda d: {"L": tuple(d["L"]) + (8,)})(check_table2_layers)


def check_variability(data):
    sign = data["direction"]
    stds = {c: [sign * _TABLE2[L][k][1] for L in (1, 2, 4, 5)] for k, c in enumerate(_COLS)}
    above = [c for c, s in stds.items() if not all(x > s[0] for x in s[1:])]
    mono = sorted(c for c, s in stds.items() if all(b > a for a, b in zip(s, s[1:])))
    claimed = sorted(data.get("monotone_cols", _COLS))
    r1 = (verified(f"every column's s.d. at L = 2, 4, 5 exceeds L = 1: {stds}") if not above
          else refuted(f"not above depth 1: {above}"))
    corr = Correction("the s.d. exceeds depth 1's at every depth; it increases monotonically in L only for Sine, Sawtooth and "
                      "Arctan", {**data, "monotone_cols": ("Arctan", "Sawtooth", "Sine")})
    r2 = (verified(f"the s.d. increases with L exactly in the columns {mono}") if mono == claimed else
          refuted(f"the s.d. increases monotonically in L only for {mono}, not for {sorted(set(claimed) - set(mono))}: "
                  f"{ {c: stds[c] for c in _COLS} }", counterexample=sorted(set(claimed) - set(mono)), correction=corr))
    return from_readings([Reading.of("above-depth-one", "'increase with depth': larger than for the depth-1 network", r1),
                          Reading.of("monotone", "'increase with depth': monotone in the number of layers L", r2)],
                         detail="Table 2's printed standard deviations.")


sheet.claim("003/variability-increases-depth", data={"direction": 1},
            perturb=lambda d: {**d, "direction": -1})(check_variability)


# -- §4: deep networks, exact ---------------------------------------------------------------------------
def check_zero_crossings(data):
    rng = np.random.default_rng(7)
    for net, f in _exact_unit_breakpoints(rng, (1, 4, 4, 1), 40):
        first = sorted({b for k in range(4) for b in f.neuron_breakpoints(0, k)})
        for i in range(4):
            z = f.preactivation(1, i)
            x = z.relu()
            kinks = {b for b, d in zip(x.breakpoints, x.delta_slopes) if d != 0}
            for r, r_hi in z.roots():
                if r != r_hi:
                    continue  # z identically 0 on an interval: no crossing
                left, right = z(r - Fraction(1, 10**6)), z(r + Fraction(1, 10**6))
                if left * right < 0 and (r in kinks) != data["crossing_is_kink"]:
                    return refuted(f"zero crossing {r} of z_{i + 1}^(2): kink of x_{i + 1}^(2) = {r in kinks}")
            for b in first:
                if z(b) < 0 and (b in kinks) == data["negative_kills"]:
                    return refuted(f"first-layer breakpoint {b} with z_{i + 1}^(2) = {z(b)} < 0 is{'' if b in kinks else ' not'} a "
                                   f"kink of x_{i + 1}^(2)", counterexample={"beta": b, "z": z(b)})
    return verified("40 random rational (1, 4, 4, 1) networks: every sign change of z_i^(2) is a kink of x_i^(2) = relu(z_i^(2)); "
                    "no first-layer breakpoint where z_i^(2) < 0 is (exact CPWL, Fractions)")


sheet.claim("003/deep-zero-crossings", data={"crossing_is_kink": True, "negative_kills": True},
            perturb=lambda d: {**d, "negative_kills": False})(check_zero_crossings)


def check_count_varies(data):
    rng = np.random.default_rng(8)
    shallow = {len(_exact_net(rng, (1, 6, 1), fine=True).to_pwl(-500, 500).output.breakpoints) for _ in range(30)}
    deep = {count_pieces(random_network((1, 6, 6, 1), init="pytorch", seed=s), -100.0, 100.0) - 1 for s in range(30)}
    got = {"shallow_fixed": shallow == {6}, "deep_varies": len(deep) > 1}
    detail = f"width-6 shallow networks: breakpoints {sorted(shallow)}; (1, 6, 6, 1) networks: {sorted(deep)} breakpoints"
    if got != data:
        return refuted(detail, counterexample=got)
    return verified(detail)


sheet.claim("003/deep-breakpoint-count-varies", data={"shallow_fixed": True, "deep_varies": True},
            perturb=lambda d: {**d, "deep_varies": False})(check_count_varies)


def check_active_definition(data):
    """Definition 1 (some path through i with all other neurons on) against NetworkPWL.active_breakpoints (path product jumps)."""
    rng = np.random.default_rng(9)
    compared = 0
    for net, f in _exact_unit_breakpoints(rng, (1, 3, 3, 3, 1), 30):
        widths = net.widths
        for layer in range(3):
            for i in range(3):
                active = set(f.active_breakpoints(layer, i))
                for beta in f.neuron_breakpoints(layer, i):
                    # Definition 1: every other hidden layer holds an 'on' neuron just beside beta (all weights nonzero),
                    # judged on the side where neuron i is on
                    zi = f.preactivation(layer, i)
                    eps = Fraction(1, 10**9)
                    side = beta + eps if zi(beta + eps) > 0 else beta - eps
                    on = [[f.preactivation(l, j)(side) > 0 for j in range(widths[l + 1])] for l in range(3)]
                    others = [l for l in range(3) if l != layer]
                    if data["quantifier"] == "some":  # some path: an 'on' neuron in every other layer
                        defn = all(any(on[l]) for l in others)
                    else:  # every path: every neuron of every other layer on
                        defn = all(all(on[l]) for l in others)
                    compared += 1
                    if defn != (beta in active):
                        return refuted(f"breakpoint {beta} of neuron {i} in layer {layer + 1}: Definition 1 says active = {defn}, "
                                       f"a discontinuous path product says {beta in active}", counterexample=beta)
    return verified(f"{compared} breakpoints of 30 random rational (1, 3, 3, 3, 1) networks: active by Definition 1 iff some "
                    f"path activation product jumps there (NetworkPWL.active_breakpoints)")


sheet.claim("003/active-iff-discontinuous", data={"quantifier": "some"},
            perturb=lambda d: {"quantifier": "every"})(check_active_definition)


def check_nondifferentiable(data):
    rng = np.random.default_rng(10)
    literal_fail = active_fail = converse_fail = None
    for net, f in _exact_unit_breakpoints(rng, (1, 4, 4, 1), 30):
        g = f.output
        kinks = {b for b, d in zip(g.breakpoints, g.delta_slopes) if d != 0}
        allb = {(l, i, b) for l in range(2) for i in range(4) for b in f.neuron_breakpoints(l, i)}
        act = {(l, i, b) for l in range(2) for i in range(4) for b in f.active_breakpoints(l, i)}
        for (l, i, b) in allb:
            if (b in kinks) != data["kink"]:
                literal_fail = literal_fail or {"layer": l + 1, "neuron": i + 1, "beta": b, "active": (l, i, b) in act}
        for (l, i, b) in act:
            coincident = sum(1 for (l2, i2, b2) in allb if b2 == b) > 1
            if not coincident and (b in kinks) != data["kink"]:
                active_fail = active_fail or {"beta": b}
        for b in kinks:
            if not any(b2 == b for (_, _, b2) in allb):
                converse_fail = converse_fail or b

    def out(fail, what):
        if fail is None and converse_fail is None:
            return verified(f"g has a kink at every {what} breakpoint, and every kink of g is a breakpoint of some unit")
        return refuted(f"{what} breakpoint {fail} is not a kink of g (g is differentiable there)" if fail else
                       f"kink {converse_fail} is no unit's breakpoint", counterexample=fail or converse_fail,
                       correction=Correction("g is non-differentiable at x only if x is a breakpoint of some unit; at an active, "
                                             "non-degenerate breakpoint it is non-differentiable", {**data, "set": "active"}))

    literal_set = data.get("set", "all")
    return from_readings([
        Reading.of("literal-if", "'if x = beta_i^(l) for some (l, i)': every breakpoint of every unit",
                   out(literal_fail if literal_set == "all" else active_fail, "every" if literal_set == "all" else "active")),
        Reading.of("active-breakpoints", "'if x is an active breakpoint' (the preceding sentence's notion)", out(active_fail, "active")),
    ], detail="30 random rational (1, 4, 4, 1) networks, exact CPWL output.")


sheet.claim("003/nondifferentiable-if", data={"kink": True},
            perturb=lambda d: {**d, "kink": not d["kink"]})(check_nondifferentiable)
