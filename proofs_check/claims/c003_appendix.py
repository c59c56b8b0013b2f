"""Claims of 003's derivations: §2.1's piecewise form and §5's appendix (proofs of eqs. 1-3, Theorem 1, the
moment sanity checks, Theorem 2's variance step, Theorem 5's gradients, the NTK derivation of §5.7 and the
path sums of §5.8).

Each check uses the library's public objects (``symrelu.network.ReLUNetwork`` in Fraction arithmetic,
``symrelu.densities``' laws) and compares the printed formula with them.  Gradients and kernels are
compared with central finite differences of the network's own forward pass (float64, step 1e-6 away
from every kink), which are independent of the printed formulas.
"""

from __future__ import annotations

import itertools
import math
from fractions import Fraction

import mpmath as mp
import numpy as np
import sympy as sp

from proofs_check.claim import Correction, Reading, from_readings, refuted, verified
from proofs_check.registry import claim_sheet
from symrelu.densities import GaussianInit, UniformInit
from symrelu.network import ReLUNetwork

sheet = claim_sheet(__file__)


# -- helpers -------------------------------------------------------------------------------
def _frac(rng, lo=-9, hi=9, den=4, nonzero=False):
    q = Fraction(int(rng.integers(lo, hi + 1)), int(rng.integers(1, den + 1)))
    return Fraction(1) if nonzero and q == 0 else q


def _shallow(rng, H):
    """A random exact width-H network of eq. (1) (no output bias) with distinct breakpoints."""
    while True:
        w = [_frac(rng, nonzero=True) for _ in range(H)]
        b = [_frac(rng) for _ in range(H)]
        v = [_frac(rng, nonzero=True) for _ in range(H)]
        betas = [-bi / wi for bi, wi in zip(b, w)]
        if len(set(betas)) == H:
            return w, b, v, ReLUNetwork([([[q] for q in w], b), ([v], [0])])


def _shallow_nets(seed, count, max_h):
    """``count`` random exact shallow networks (H = 1..max_h): (H, w, b, v, net, sorted breakpoints)."""
    rng = np.random.default_rng(seed)
    for _ in range(count):
        H = int(rng.integers(1, max_h + 1))
        w, b, v, net = _shallow(rng, H)
        yield H, w, b, v, net, sorted(-bi / wi for bi, wi in zip(b, w))


def _deep(rng, widths):
    layers = []
    for n_in, n_out in zip(widths[:-1], widths[1:]):
        W = [[_frac(rng, nonzero=True) for _ in range(n_in)] for _ in range(n_out)]
        layers.append((W, [_frac(rng) for _ in range(n_out)]))
    return ReLUNetwork(layers)


# -- §2.1 and §5.1: the piecewise-linear form -----------------------------------------------------
def _piece_form(w, b, v, p, orient):
    """(slope, intercept) of piece p by §5.1's sums over the sorted units; ``orient`` = (left, right) signs."""
    units = sorted(zip([-bi / wi for bi, wi in zip(b, w)], w, v))
    slope = icpt = Fraction(0)
    for k, (beta, wi, vi) in enumerate(units, start=1):
        mu = wi * vi
        if (k <= p and wi * orient[0] > 0) or (k > p and wi * orient[1] > 0):
            slope += mu
            icpt -= mu * beta
    return slope, icpt


def check_proof_eq_1_3(data):
    for H, w, b, v, net, betas in _shallow_nets(11, 150, 6):
        edges = [betas[0] - 3] + betas + [betas[-1] + 3]
        for p in range(H + 1):
            slope, icpt = _piece_form(w, b, v, p, data["orientation"])
            for x in (edges[p] + (edges[p + 1] - edges[p]) / 3, edges[p] + 2 * (edges[p + 1] - edges[p]) / 3):
                if net.forward(x) != slope * x + icpt:
                    return refuted(f"piece p = {p} of a width-{H} network (w={w}, b={b}, v={v}): the printed sums give "
                                   f"{slope}*x + {icpt} = {slope * x + icpt} at x = {x}, the network {net.forward(x)}",
                                   counterexample={"w": w, "b": b, "v": v, "p": p, "x": x})
    return verified("for 150 random rational networks (H = 1..6) every piece p = 0..H of the network (Fraction arithmetic, "
                    "two points per piece, beta_(0) = -inf, beta_(H+1) = +inf) equals mu_bar_(p) x - x*_(p) with the sums over "
                    "w_(i) > 0, i <= p and w_(i) < 0, i > p as printed")


sheet.claim(
    "003/proof-eq-1-3-pwl",
    data={"orientation": (1, -1)},
    perturb=lambda d: {"orientation": (-d["orientation"][0], -d["orientation"][1])},
)(check_proof_eq_1_3)


def check_equation_3(data):
    """Does the printed index range cover every piece?  Breakpoints are listed as [beta_0 = -inf, beta_1..beta_H, +inf]."""
    first, last = data["p_range"]
    for H, w, b, v, net, betas in _shallow_nets(3, 60, 5):
        ext = [None] + betas + [None]  # ext[p] = beta_p, None = -inf (p = 0) or +inf (p = H + 1)
        for x in [betas[0] - 1] + [(a + c) / 2 for a, c in zip(betas, betas[1:])] + [betas[-1] + 1]:
            covering = [p for p in range(first(H), last(H) + 1)
                        if 0 <= p <= H and (p == 0 or ext[p] <= x) and (p == H or x < ext[p + 1])]
            if len(covering) != 1:
                return refuted(f"with H = {H} breakpoints {betas} the sum over p = {first(H)}..{last(H)} has {len(covering)} "
                               f"pieces containing x = {x} (network value {net.forward(x)}), so eq. (3) gives "
                               f"{'0' if not covering else 'a double count'} there: the leftmost piece x < beta_1 is missing",
                               counterexample={"H": H, "breakpoints": betas, "x": x},
                               correction=Correction(r"$\sum_{p=0}^{H}[\![\beta_p\le x<\beta_{p+1}]\!](m_px+\gamma_p)$ with "
                                                     r"$\beta_0=-\infty$, $\beta_{H+1}=+\infty$ (as §5.1)",
                                                     {"p_range": (lambda H: 0, lambda H: H)}))
    return verified("every x (60 random networks, a point in each of the H+1 pieces) lies in exactly one term of the sum; "
                    "with beta_0 = -inf and beta_{H+1} = +inf the pieces p = 0..H partition the line")


sheet.claim(
    "003/equation-3",
    data={"p_range": (lambda H: 1, lambda H: H + 1)},
    perturb=lambda d: {"p_range": (lambda H: d["p_range"][0](H) + 1, d["p_range"][1])},
)(check_equation_3)


def check_pieces_count(data):
    """Breakpoints and pieces of random width-H networks over an interval holding every breakpoint."""
    for H, w, b, v, net, betas in _shallow_nets(5, 40, 8):
        out = net.to_pwl(betas[0] - 1, betas[-1] + 1).output
        n_break, n_pieces = len(out.breakpoints), len(out.slopes)
        want = data["count"](H)
        got = n_break if data["what"] == "breakpoints" else n_pieces
        if got != want:
            return refuted(f"a random width-{H} network (w={w}, b={b}, v={v}) has {n_break} breakpoints and {n_pieces} "
                           f"pieces; the statement says {want} {data['what']}",
                           counterexample={"H": H, "breakpoints": n_break, "pieces": n_pieces},
                           correction=Correction("a width-H network has H breakpoints and P = H + 1 pieces "
                                                 "(almost surely: distinct breakpoints and nonzero delta-slopes)",
                                                 {"what": "pieces", "count": lambda H: H + 1}))
        # each piece is affine: the network equals the piece's line at two interior points (linear restriction)
        for k in range(len(out.slopes)):
            lo, hi = out.knots[k], out.knots[k + 1]
            for x in (lo + (hi - lo) / 3, lo + 2 * (hi - lo) / 3):
                if net.forward(x) != out.slopes[k] * x + out.intercepts[k]:
                    return refuted(f"the network is not affine on piece {k} (x = {x})")
    return verified("40 random rational width-H networks (H = 1..8, Fraction arithmetic, symrelu's CPWL output): "
                    "exactly H breakpoints and H + 1 pieces, the network affine on each")


sheet.table(
    [
        dict(id="003/pwl-count",
             data={"what": "breakpoints", "count": lambda H: H + 1},
             ),
        dict(id="003/partition-linear",
             data={"what": "pieces", "count": lambda H: H + 1},
             ),
    ],
    perturb=lambda d: {**d, "count": lambda H, c=d["count"]: c(H) + 1},
    check=check_pieces_count,
)


# -- §5.3: the K_0 integral and the conditional density ----------------------------------------------------
def check_k0_integral(data):
    half_line, whole_line = data
    with mp.workdps(30):
        for a, bb in [(0.5, 0.7), (1.0, 1.0), (2.0, 0.3), (0.2, 3.0)]:
            a, bb = mp.mpf(a), mp.mpf(bb)
            g = lambda t: mp.exp(-a * mp.sqrt(t * t + bb * bb)) / mp.sqrt(t * t + bb * bb)
            k0 = mp.besselk(0, a * bb)
            one = half_line * mp.quad(g, [0, 1, mp.inf])
            two = whole_line * mp.quad(g, [-mp.inf, -1, 0, 1, mp.inf])
            for name, val in (("the half-line integral", one), ("the whole-line form", two)):
                if not mp.almosteq(val, k0, rel_eps=mp.mpf(10) ** -20):
                    return refuted(f"at a = {a}, b = {bb}: {name} gives {mp.nstr(val, 15)}, K_0(ab) = {mp.nstr(k0, 15)}")
    return verified("K_0(ab) = int_0^inf = (1/2) int_R of exp(-a sqrt(t^2+b^2))/sqrt(t^2+b^2) dt at 4 points (a, b), "
                    "mpmath quadrature against mpmath.besselk, 20 digits")


sheet.claim(
    "003/k0-integral",
    data=(1, mp.mpf(1) / 2),
    perturb=lambda d: (d[0], d[1] * 2),
)(check_k0_integral)


def _printed_beta_given_mu(beta, mu, sb, sw, sv):
    r = math.sqrt(sb**2 + sw**2 * beta**2)
    return math.exp(-abs(mu) * r / (sb * sv * sw)) / (2 * r) * sw / float(mp.besselk(0, abs(mu) / (sv * sw)))


def check_beta_given_mu(data):
    for params in [(1.0, 1.5, 0.7), (0.3, 2.0, 1.3), (2.5, 0.4, 0.9)]:
        init = GaussianInit(*params)
        mu_law = init.delta_slopes()
        for mu in (0.05, 0.4, 1.3):
            for beta in (-2.0, -0.3, 0.0, 0.7, 3.1):
                lib = float(init.joint_pdf(beta, mu)) / float(mu_law.pdf(mu))
                got = data(beta, mu, *params)
                if not math.isclose(got, lib, rel_tol=1e-9):
                    return refuted(f"at sigma = {params}, beta = {beta}, mu = {mu}: printed {got:.12g}, "
                                   f"joint/marginal of symrelu.densities.GaussianInit {lib:.12g}")
        with mp.workdps(15):
            total = mp.quad(lambda t: data(float(t), 0.4, *params), [-mp.inf, -1, 0, 1, mp.inf])
            if abs(total - 1) > 1e-8:
                return refuted(f"the printed f(beta|mu) integrates to {mp.nstr(total, 12)} at sigma = {params}, mu = 0.4")
    return verified("the printed f_beta(beta|mu) equals GaussianInit.joint_pdf / delta_slopes().pdf at 45 points "
                    "(rtol 1e-9, 3 parameter sets) and integrates to 1 (mpmath quadrature)")


sheet.claim(
    "003/proof-beta-given-mu-gaussian",
    data=_printed_beta_given_mu,
    perturb=lambda f: (lambda beta, mu, sb, sw, sv: f(beta, mu, sb, sw, sv) * sw / sb),
)(check_beta_given_mu)


def _thm1b_printed(indicator_scale):
    def pdf(beta, mu, a_b, a_w, a_v):
        bound = a_b * indicator_scale(a_w, a_v) / abs(beta) if beta != 0 else math.inf
        if abs(mu) > bound or abs(mu) > a_w * a_v:
            return 0.0
        return (min(a_b / abs(beta) if beta != 0 else math.inf, a_w) - abs(mu) / a_v) / (4 * a_b * a_w * a_v)
    return pdf


def check_thm1b_joint(data):
    rng = np.random.default_rng(1)
    for params in [(1.0, 2.0, 0.5), (0.5, 0.7, 3.0), (2.0, 1.0, 1.0)]:
        init = UniformInit(*params)
        for beta, mu in zip(rng.uniform(-4, 4, 400), rng.uniform(-3, 3, 400)):
            lib = float(init.joint_pdf(beta, mu))
            got = data["pdf"](beta, mu, *params)
            if not math.isclose(got, lib, rel_tol=1e-12, abs_tol=1e-14):
                return refuted(f"at (a_b, a_w, a_v) = {params}, beta = {beta:.4f}, mu = {mu:.4f}: the printed density is "
                               f"{got:.6g}, UniformInit.joint_pdf {lib:.6g}",
                               counterexample={"params": params, "beta": beta, "mu": mu, "printed": got, "library": lib},
                               correction=Correction(r"indicator $\mathbb I[|\mu|\le a_ba_v/|\beta|]$ (the proof's own next line)",
                                                     {"pdf": _thm1b_printed(lambda a_w, a_v: a_v)}))
    return verified("the proof's joint density equals UniformInit.joint_pdf at 1200 random (beta, mu) for 3 parameter sets")


sheet.claim(
    "003/proof-thm1b-joint",
    data={"pdf": _thm1b_printed(lambda a_w, a_v: a_w)},
    perturb=lambda d: {"pdf": lambda beta, mu, a_b, a_w, a_v: d["pdf"](beta, mu, a_b, a_w, a_v) * (1 + abs(beta) / 10)},
)(check_thm1b_joint)


# -- §5.4-5.5: moments ------------------------------------------------------------------------
_AW, _AV = sp.symbols("a_w a_v", positive=True)
_UNIF_POINTS = [(1.0, 1.0), (2.0, 0.5), (0.7, 3.0)]


def _uniform_mu_moments(a_w, a_v):
    law = UniformInit(1.0, a_w, a_v).delta_slopes()
    return float(law.cdf(np.inf) - law.cdf(-np.inf)), float(law.moment(2)), float(law.moment(4))


def check_sanity_moments(data):
    readings = []
    for name, desc, idx, fixed in (
            ("normalization", "the chain's last value read as the normalization int p_mu = 1", 0, None),
            ("second-moment", "the chain's last value read as E[mu^2]", 1,
             "the next line, Kurtosis(mu), uses a_w^3 a_v^3/9 as Var[mu] (and the Remarks restate it as the variance)")):
        bad = None
        for a_w, a_v in _UNIF_POINTS:
            lib = _uniform_mu_moments(a_w, a_v)[idx]
            got = float(data.subs({_AW: a_w, _AV: a_v}))
            if not math.isclose(got, lib, rel_tol=1e-9):
                bad = (a_w, a_v, got, lib)
                break
        if bad:
            correct = sp.Integer(1) if idx == 0 else _AW**2 * _AV**2 / 9
            out = refuted(f"at (a_w, a_v) = {bad[:2]} the printed value is {bad[2]:.6g}, symrelu.densities' "
                          f"UniformInit.delta_slopes() gives {bad[3]:.6g}",
                          counterexample=bad, correction=Correction(f"the value {correct}", correct))
        else:
            out = verified(f"equals symrelu.densities' value at {len(_UNIF_POINTS)} parameter points")
        readings.append(Reading.of(name, desc, out, fixed_by=fixed))
    return from_readings(readings, detail="The chain starts with the normalization integral and ends at a second-moment integral.")


sheet.claim(
    "003/proof-mu-sanity-moments",
    data=_AW**3 * _AV**3 / 9,
    perturb=lambda d: 2 * d,
)(check_sanity_moments)


def check_mu_kurtosis(data):
    for a_w, a_v in _UNIF_POINTS:
        _, m2, m4 = _uniform_mu_moments(a_w, a_v)
        lib = m4 / m2**2
        got = float(data.subs({_AW: a_w, _AV: a_v}))
        if not math.isclose(got, lib, rel_tol=1e-9):
            return refuted(f"at (a_w, a_v) = ({a_w}, {a_v}) the printed kurtosis is {got:.6g}; E[mu^4]/Var[mu]^2 of "
                           f"UniformInit.delta_slopes() is {lib:.6g} (E[mu^4] = {m4:.6g}, Var = {m2:.6g}): scale-free 81/25",
                           counterexample={"a_w": a_w, "a_v": a_v, "printed": got, "true": lib},
                           correction=Correction("Kurtosis(mu) = (a_w^4 a_v^4/25)/(a_w^2 a_v^2/9)^2 = 81/25",
                                                 sp.Rational(81, 25)))
    return verified(f"E[mu^4]/Var[mu]^2 = {data} at {len(_UNIF_POINTS)} parameter points (symrelu.densities)")


sheet.claim(
    "003/proof-mu-kurtosis",
    data=sp.Rational(81, 25) / (_AW * _AV),
    perturb=lambda d: d + sp.Rational(1, 10),
)(check_mu_kurtosis)


def check_var_mu2(data):
    for H in (1, 4, 10, 40):
        law = GaussianInit.glorot(H).delta_slopes()
        m2, m4 = float(law.moment(2)), float(law.moment(4))
        var = m4 - m2**2
        got = float(data(H))
        if not math.isclose(var, got, rel_tol=1e-9):
            return refuted(f"H = {H}: Var[mu^2] = E[mu^4] - E[mu^2]^2 = {var:.6g} (GaussianInit.glorot(H), "
                           f"sigma_v = sigma_w = sqrt(2/(H+1)) as standard deviations), printed {got:.6g}",
                           counterexample={"H": H, "true": var, "printed": got})
        if not math.isclose(m4, 9 * m2**2, rel_tol=1e-9):
            return refuted(f"H = {H}: E[mu^4] = {m4:.6g} is not 9 (sigma_v sigma_w)^4 = {9 * m2**2:.6g}")
    return verified("E[mu^4] = 9(sigma_v sigma_w)^4 and Var[mu^2] = 8(sigma_v sigma_w)^4 = 128/(H+1)^4 for H = 1, 4, 10, 40 "
                    "(symrelu.densities.GaussianInit.glorot(H).delta_slopes() moments; sigma's are standard deviations "
                    "as §5.3's densities fix). Var[rho_0] = H Var[mu^2] for independent units, the step Theorem 2 omits")


sheet.claim(
    "003/proof-thm2-var-mu2",
    data=lambda H: sp.Rational(128, (H + 1) ** 4),
    perturb=lambda f: (lambda H: f(H) * (H + 1) / H),
)(check_var_mu2)


# -- §5.7: gradients of the loss and the NTK ---------------------------------------------------------
def _fd(fun, theta, h=1e-6):
    theta = np.asarray(theta, float)
    out = []
    for k in range(theta.size):
        e = np.zeros_like(theta)
        e[k] = h
        out.append((fun(theta + e) - fun(theta - e)) / (2 * h))
    return np.array(out)


def _shallow_float(w, b, v):
    return ReLUNetwork([(np.asarray(w, float).reshape(-1, 1), np.asarray(b, float)),
                        (np.asarray(v, float).reshape(1, -1), [0.0])])


def check_thm5_gradients(data):
    rng = np.random.default_rng(8)
    for trial in range(10):
        H, N = int(rng.integers(2, 7)), int(rng.integers(3, 9))
        w, b, v = rng.normal(size=(3, H))
        x, y = rng.uniform(-2, 2, N), rng.normal(size=N)
        H_ = H

        def loss(theta):
            net = _shallow_float(theta[:H_], theta[H_:2 * H_], theta[2 * H_:])
            return 0.5 * float(np.sum((net.forward(x.reshape(-1, 1)).ravel() - y) ** 2))

        fd = _fd(loss, np.concatenate([w, b, v]))
        pre = np.outer(w, x) + b[:, None]
        if np.min(np.abs(pre)) < 1e-4:
            continue  # a data point at a kink: the derivative does not exist there
        act = (pre > 0).astype(float)
        e = _shallow_float(w, b, v).forward(x.reshape(-1, 1)).ravel() - y  # e-hat = prediction - target
        ex, e1 = act @ (e * x), act @ e
        formulas = data(w, b, v, ex, e1)
        for name, got, want in zip(("dl/dw", "dl/db", "dl/dv"), formulas, (fd[:H], fd[H:2 * H], fd[2 * H:])):
            if not np.allclose(got, want, rtol=1e-6, atol=1e-7):
                return refuted(f"{name}: printed {np.round(got, 6).tolist()}, finite difference {np.round(want, 6).tolist()} "
                               f"(H = {H}, N = {N})")
    return verified("dl/dw_i = v_i<e.a_i, x>, dl/dv_i = w_i<e.a_i, x> + b_i<e.a_i, 1>, dl/db_i = v_i<e.a_i, 1> agree with "
                    "central finite differences of l = sum 1/2 (f(x_n) - y_n)^2 (§2.3's loss; e = f - y) for 10 random "
                    "networks and data sets (rtol 1e-6)")


sheet.claim(
    "003/proof-thm5-gradients",
    data=lambda w, b, v, ex, e1: (v * ex, v * e1, w * ex + b * e1),
    perturb=lambda f: (lambda w, b, v, ex, e1: (v * e1, v * ex, w * ex + b * e1)),
)(check_thm5_gradients)


def _ntk_setup(rng, width, d, n, bias):
    W = rng.normal(size=(width, d))
    a = rng.normal(size=width)
    bvec = rng.normal(size=width) if bias else np.zeros(width)
    X = rng.normal(size=(n, d))
    return W, a, bvec, X


def _ntk_f(W, a, bvec, X):
    m = len(a)
    net = ReLUNetwork([(W, bvec), (a.reshape(1, -1) / math.sqrt(m), [0.0])])
    return net.forward(X).ravel()


def _ntk_empirical(W, a, bvec, X, bias):
    """J J^T of the parameter Jacobian at the rows of X (finite differences); parameters (W, a[, b])."""
    m, d = W.shape
    theta = np.concatenate([W.ravel(), a] + ([bvec] if bias else []))

    def unpack(t):
        return t[:m * d].reshape(m, d), t[m * d:m * d + m], (t[m * d + m:] if bias else np.zeros(m))

    J = _fd(lambda t: _ntk_f(*unpack(t), X), theta).T  # (n, params)
    return J @ J.T


def _kernels(W, a, bvec, X, Y, g_form="inside"):
    m = len(a)
    pre_x, pre_y = X @ W.T + bvec, Y @ W.T + bvec
    on_x, on_y = (pre_x >= 0).astype(float), (pre_y >= 0).astype(float)
    Hk = (X @ Y.T) * ((on_x * a**2) @ on_y.T) / m
    Fk = ((pre_x > 0) * a**2).astype(float) @ (pre_y > 0).astype(float).T / m
    if g_form == "inside":  # sigma(<w_r, x_i + b_r>): b_r added to every coordinate, as printed
        gx = np.maximum(0, np.einsum("nrd,rd->nr", X[:, None, :] + bvec[None, :, None], W))
        gy = np.maximum(0, np.einsum("nrd,rd->nr", Y[:, None, :] + bvec[None, :, None], W))
    else:
        gx, gy = np.maximum(0, pre_x), np.maximum(0, pre_y)
    Gk = gx @ gy.T / m
    return Hk, Gk, Fk


def check_ntk(data):
    rng = np.random.default_rng(4)
    for trial in range(6):
        width, d, n = int(rng.integers(3, 9)), int(rng.integers(1, 4)), int(rng.integers(3, 7))
        W, a, bvec, X = _ntk_setup(rng, width, d, n, data["bias"])
        if np.min(np.abs(X @ W.T + bvec)) < 1e-3:
            continue
        X_at = X if not data.get("off_data") else rng.normal(size=(3, d))
        if np.min(np.abs(X_at @ W.T + bvec)) < 1e-3:
            continue
        emp = _ntk_empirical_pair(W, a, bvec, X_at, X, data["bias"])
        Hk, Gk, Fk = _kernels(W, a, bvec, X_at, X, data.get("g_form", "activation"))
        printed = data["kernel"](Hk, Gk, Fk, X_at, X)
        if not np.allclose(printed, emp, rtol=1e-6, atol=1e-7):
            k = np.unravel_index(np.argmax(np.abs(printed - emp)), emp.shape)
            return refuted(f"width {width}, d = {d}: the printed kernel entry {k} is {printed[k]:.6g}, the gradient Gram matrix "
                           f"(du/dt = K(y - u) under gradient flow on 1/2 sum (u - y)^2) gives {emp[k]:.6g}",
                           counterexample={"entry": k, "printed": float(printed[k]), "gram": float(emp[k])},
                           correction=data.get("correction"))
    return verified("the printed kernel equals J J^T of the parameter Jacobian of f = mu^{-1/2} sum_r a_r sigma(<w_r, x> + b_r) "
                    "(central finite differences through ReLUNetwork.forward) for 6 random networks and data sets, so "
                    "du_i/dt = sum_j (y_j - u_j) K_ij under gradient flow")


def _ntk_empirical_pair(W, a, bvec, X_at, X, bias):
    m, d = W.shape
    theta = np.concatenate([W.ravel(), a] + ([bvec] if bias else []))

    def unpack(t):
        return t[:m * d].reshape(m, d), t[m * d:m * d + m], (t[m * d + m:] if bias else np.zeros(m))

    Ja = _fd(lambda t: _ntk_f(*unpack(t), X_at), theta).T
    Jb = _fd(lambda t: _ntk_f(*unpack(t), X), theta).T
    return Ja @ Jb.T


_H_PLUS_G = lambda Hk, Gk, Fk, A, B: Hk + Gk  # noqa: E731
_H_G_F = lambda Hk, Gk, Fk, A, B: Hk + Gk + Fk  # noqa: E731


def _h_prime(Hk, Gk, Fk, A, B):
    # H'_ij = (1/mu)(1 + <x_i, x_j>) sum_r a_r^2 [both active], as printed; Hk / <x_i, x_j> recovers the sum
    both = Fk  # the same indicator sum, > and >= differing only on a null set
    return (1 + A @ B.T) * both + Gk


sheet.table(
    [
        dict(id="003/proof-ntk-no-bias", data={"bias": False, "kernel": _H_PLUS_G},
             perturb=lambda d: {**d, "kernel": lambda Hk, Gk, Fk, A, B: Hk + 2 * Gk}),
        dict(id="003/proof-ntk-bias", data={"bias": True, "kernel": _H_G_F, "g_form": "inside",
                   "correction": Correction(r"$G_{ij}=\frac1\mu\sum_r\sigma(\langle w_r,x_i\rangle+b_r)\sigma(\langle w_r,x_j\rangle+b_r)$",
                                            {"bias": True, "kernel": _H_G_F, "g_form": "activation"})},
             perturb=lambda d: {**d, "kernel": lambda Hk, Gk, Fk, A, B: Hk + Gk}),
        dict(id="003/proof-ntk-augmented", data={"bias": True, "kernel": _h_prime},
             perturb=lambda d: {**d, "kernel": lambda Hk, Gk, Fk, A, B: Hk + Gk}),
        dict(id="003/proof-ntk-function-space", data={"bias": True, "kernel": _h_prime, "off_data": True},
             perturb=lambda d: {**d, "kernel": lambda Hk, Gk, Fk, A, B: Hk + Fk}),
    ],
    check=check_ntk,
)


def check_ntk_sign(data):
    """dŷ/dt = sign * (H' + G) ê under gradient flow, for each convention of ê."""
    rng = np.random.default_rng(6)
    width, d, n = 6, 2, 5
    W, a, bvec, X = _ntk_setup(rng, width, d, n, True)
    y = rng.normal(size=n)
    u = _ntk_f(W, a, bvec, X)
    K = _ntk_empirical(W, a, bvec, X, True)
    Hk, Gk, Fk = _kernels(W, a, bvec, X, X, "activation")
    if not np.allclose(Hk + Fk + Gk, K, rtol=1e-6, atol=1e-7):
        return refuted("H' + G is not the gradient Gram matrix")
    du = K @ (y - u)  # gradient flow on 1/2 sum (u - y)^2
    readings = []
    for name, desc, e, fixed in (
            ("e-prediction-minus-target", "e-hat = f-hat - y, as in §5.7's NN gradients and Theorem 5", u - y,
             "§5.7's gradients dl/dv_i = <e-hat, sigma(w_i x + b_i)>, which hold only for e-hat = f-hat - y"),
            ("e-target-minus-prediction", "e-hat = y - y-hat, as in the Du et al. lines just above", y - u, None)):
        got = data * (Hk + Fk + Gk) @ e
        if np.allclose(got, du, rtol=1e-6, atol=1e-8):
            out = verified(f"dy/dt = {data:+d} (H' + G) e-hat matches gradient flow")
        else:
            out = refuted(f"gradient flow gives dy/dt = {np.round(du, 5).tolist()}, the printed form {np.round(got, 5).tolist()}",
                          counterexample={"gradient_flow": du.tolist(), "printed": got.tolist()},
                          correction=Correction(r"$d\hat y/dt=-(H'+G)\hat e$ with $\hat e=\hat f-y$", -data))
        readings.append(Reading.of(name, desc, out, fixed_by=fixed))
    return from_readings(readings, detail="Sign of the function-space flow on a random width-6 network (finite-difference NTK).")


sheet.claim(
    "003/proof-ntk-our-notation",
    data=1,
    perturb=lambda d: 2 * d,
)(check_ntk_sign)


# -- §5.8: pre-activations as path sums ------------------------------------------------------------------
def _active_sets(net, x):
    """Active neurons per hidden layer at x (Fractions), and the pre-activations."""
    acts, zs, h = [], [], [x]
    for W, b in net.layers[:-1]:
        z = [sum((W[i][k] * h[k] for k in range(len(h))), Fraction(0)) + b[i] for i in range(len(b))]
        zs.append(z)
        acts.append([zi > 0 for zi in z])
        h = [max(zi, 0) for zi in z]
    return acts, zs


def _path_sum(net, layer, i, x, counting):
    """z_i^(layer) by §5.8's path sum (layer >= 2: the pre-activation of hidden layer ``layer``, 1-based).

    ``counting``: "per-path" adds each bias b_n once per active path through n (as printed: every path carries
    the biases of all its neurons); "per-neuron" adds it once per neuron with the downstream path products.
    """
    acts, _ = _active_sets(net, x)
    Ws = [lay[0] for lay in net.layers]
    bs = [lay[1] for lay in net.layers]
    L = layer - 1  # paths run through hidden layers 1..L (0-based 0..L-1)

    def weight(l, path, k):  # the weight into path[k] (hidden layer l + k) from path[k - 1]; into i at the end
        nxt = path[k] if k < len(path) else i
        return Ws[l + k][nxt][path[k - 1]]

    total = Fraction(0)
    for path in itertools.product(*[range(len(bs[l])) for l in range(L)]):
        if not all(acts[l][path[l]] for l in range(L)):
            continue
        ws = [Ws[0][path[0]][0]] + [weight(0, path, k) for k in range(1, L + 1)]
        total += 1 if counting == "count" else math.prod(ws) * x
        if counting == "per-path":  # as printed: every full path carries the biases of all its neurons
            total += sum((bs[v][path[v]] * math.prod(ws[v + 1:]) for v in range(L)), Fraction(0))
    if counting == "per-neuron":  # each active neuron's bias once, along every active path from it to i
        for v in range(L):
            for suffix in itertools.product(*[range(len(bs[l])) for l in range(v, L)]):
                if all(acts[v + k][suffix[k]] for k in range(len(suffix))):
                    total += bs[v][suffix[0]] * math.prod(weight(v, suffix, k) for k in range(1, len(suffix) + 1))
    return total + bs[L][i]


def _deep_cases(seed, layer):
    """40 random exact networks with ``layer`` hidden layers of widths 2-3, 6 rational points each: (widths, net, x, z)."""
    rng = np.random.default_rng(seed)
    for _ in range(40):
        widths = [1] + [int(rng.integers(2, 4)) for _ in range(layer)] + [1]
        net = _deep(rng, widths)
        for x in [_frac(rng, -6, 6, 5) for _ in range(6)]:
            yield widths, net, x, _active_sets(net, x)[1]


def check_path_sums(data):
    layer = data["layer"]
    for widths, net, x, zs in _deep_cases(9, layer):
        for i in range(widths[layer]):
            got = _path_sum(net, layer, i, x, data["counting"])
            if got != zs[layer - 1][i]:
                acts, _ = _active_sets(net, x)
                return refuted(
                    f"network widths {widths}, x = {x}: the printed path sum gives z_{i + 1}^({layer}) = {got}, the network "
                    f"{zs[layer - 1][i]}; active neurons per layer {[sum(a) for a in acts]}: each bias b_n is added once per "
                    f"active path from the input into n (so twice or more where several paths reach n, never where none does) "
                    f"instead of once",
                    counterexample={"widths": widths, "x": x, "printed": got, "true": zs[layer - 1][i]},
                    correction=Correction("z_i = sum over active input paths of (prod w) x + sum over active neurons n "
                                          "of b_n times the sum over active paths from n to i of their weight products, + b_i "
                                          "(each bias once per neuron, not once per input path)",
                                          {**data, "counting": "per-neuron"}))
    return verified(f"z_i^({layer}) equals the path sum exactly (Fraction arithmetic) at 6 points for 40 random networks")


_PATH_PERTURB = lambda d: {**d, "counting": "none"}  # noqa: E731 -- drops every upstream bias

sheet.table(
    [
        dict(id="003/preact-layer2", data={"layer": 2, "counting": "per-path"}, ),
        dict(id="003/preact-layer3", data={"layer": 3, "counting": "per-path"}, ),
        dict(id="003/preact-layer4", data={"layer": 4, "counting": "per-path"}, ),
        dict(id="003/preact-general", data={"layer": 5, "counting": "per-path"}, ),
    ],
    perturb=_PATH_PERTURB,
    check=check_path_sums,
)


def check_intercept(data):
    """The printed x-intercept gamma-bar* of z_i^(l)'s local line against the true one, x - z_i(x)/slope."""
    layer = 4
    for widths, net, x, zs in _deep_cases(10, layer):
        for i in range(widths[layer]):
            slope = _path_sum(net, layer, i, x + 1, "none") - _path_sum(net, layer, i, x, "none")
            if slope == 0:
                continue
            true = x - zs[layer - 1][i] / slope
            b_i = net.layers[layer - 1][1][i]
            n_paths = (_path_sum(net, layer, i, x, "count") - b_i if data["counting"] == "per-path" else 1)
            const = _path_sum(net, layer, i, x, data["counting"]) - slope * x - b_i  # upstream biases
            printed = -(const + n_paths * b_i) / slope
            if printed != true:
                return refuted(f"widths {widths}, x = {x}, neuron {i + 1} of layer {layer}: the printed gamma-bar* is {printed}, "
                               f"the x-intercept of z_i's line there is {true}",
                               counterexample={"widths": widths, "x": x, "printed": printed, "true": true},
                               correction=Correction("gamma-bar* = -(sum over active neurons n of b_n times the weight "
                                                     "products of the active paths from n to i, + b_i once) / mu-bar",
                                                     {"counting": "per-neuron"}))
    return verified("the x-intercept formula equals x - z_i(x)/mu-bar at 6 points of 40 random networks (exact)")


sheet.claim("003/preact-intercept", data={"counting": "per-path"},
            perturb=lambda d: {"counting": "none"})(check_intercept)
