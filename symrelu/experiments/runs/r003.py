"""003's remaining training experiments as seeded numpy runs: Table 2, Table 3's deep columns, Table 1's training losses, Fig. 7.

Every network of a run is trained at once by `train_stacked` (full-batch GD on
``sum (f - y)^2 / 2``, 003 §2.3); pieces and delta-slopes come from the exact
CPWL engine (`symrelu.network.ReLUNetwork.to_pwl`, float64 mode).  Each run's
``description`` states its protocol and what is scaled down from the paper.

>>> sorted(RUNS)
['003_figure_1', '003_figure_7', '003_table_1_train', '003_table_2', '003_table_2_long', '003_table_3_deep']
"""

from __future__ import annotations

from math import comb

import numpy as np

#: Table 2's targets (003 appendix §3.2) on [-3, 3]; the 5-piece polynomial is not given by the paper: ours is
#: the piecewise-linear interpolant of the knots below (5 linear pieces, maximum 2).
_POLY5_KNOTS = (np.linspace(-3.0, 3.0, 6), np.array([0.0, 2.0, -1.0, 1.5, -0.5, 1.0]))
TARGETS_TABLE_2 = {
    "sine": lambda x: np.sin(np.pi * x),
    "poly5": lambda x: np.interp(x, *_POLY5_KNOTS),
    "sawtooth": lambda x: 2 * np.abs(x / 3 - np.floor(x / 3 + 0.5)) * 2 - 1,  # period 3, amplitude 1
    "arctan": np.arctan,
    "exponential": np.exp,
    "quadratic": lambda x: x**2 / 9,
}

RUNS = {
    "003_table_2": {
        "description": ("003 Table 2 (appendix §3.2): 40 hidden units split evenly over L = 1, 2, 4, 5 hidden layers "
                        "(widths 40, 20, 10, 8; L = 3 does not split 40 evenly and is not printed), PyTorch default "
                        "init, 601 training points every .01 on [-3, 3] (the paper: 'uniform samples'), full-batch GD "
                        "on sum (f - y)^2 / 2, lr 5e-5; scaled down: 10000 epochs instead of 25000; targets sin(pi x), "
                        "a 5-piece polynomial (not given by the paper: ours is the piecewise-linear interpolant of "
                        "(-3, 0), (-1.8, 2), (-0.6, -1), (0.6, 1.5), (1.8, -0.5), (3, 1)), a triangle sawtooth of period 3 "
                        "and amplitude 1, arctan(x), exp(x), x^2/9; each seed's network is trained on every target; "
                        "output breakpoints (pieces - 1) counted by the exact CPWL engine on [-1000, 1000] ('line') and "
                        "on [-3, 3] ('window'), before and after training; 10 seeds instead of 5"),
        "config": {"units": 40, "depths": [1, 2, 4, 5], "points": 601, "lo": -3.0, "hi": 3.0, "wide": 1000.0,
                   "lr": 5e-5, "epochs": 10000, "targets": list(TARGETS_TABLE_2)},
        "seeds": list(range(10)),
    },
    "003_table_2_long": {
        "description": ("003 Table 2's training losses at the paper's 25000 epochs (appendix §3.2), for claim "
                        "003/intro-contrib-depth-expressivity's final-loss reading: the same seeds' networks as run "
                        "003_table_2 (40 units in L = 1 and L = 5 hidden layers, PyTorch default init), the same 601 "
                        "points on [-3, 3], full-batch GD on sum (f - y)^2 / 2 at the paper's lr 5e-5, 25000 epochs "
                        "(not scaled down); only the targets exp(x) and our 5-piece polynomial (those whose 10000-epoch "
                        "losses went against depth), to stay within the CPU budget; 10 seeds"),
        "config": {"units": 40, "depths": [1, 5], "points": 601, "lo": -3.0, "hi": 3.0, "wide": 1000.0,
                   "lr": 5e-5, "epochs": 25000, "targets": ["exponential", "poly5"]},
        "seeds": list(range(10)),
    },
    "003_table_3_deep": {
        "description": ("003 Table 3 deep columns and Figs. 4 and 6 (appendix §3.1.3): per seed 20 training points "
                        "U[-2, 2] and a spiky CPWL (20 equally spaced knots on [-2, 2], values U[-2, 2], flat "
                        "outside); deep: a (1, 8, 8, 8, 8, 1) net, PyTorch default init, and the same net pretrained "
                        "on the spiky CPWL (its 401 grid values every .01) for 10000 epochs, then both trained on "
                        "each target's 20 points for 20000 epochs, all GD on sum (f - y)^2 / 2 at lr 1e-4 (the "
                        "paper's protocol); shallow (Fig. 4): the 21-unit standard and exactly-spiky nets of run "
                        "003_table_3 (same seeds, lr 1e-4 and 2e-5), 20000 epochs; per net: test loss sum (f - y)^2 "
                        "/ 2 on the 401-point grid, final training loss, and roughness (sum of the output's squared "
                        "delta-slopes on [-2, 2], exact CPWL engine) before and after training; 10 seeds instead of "
                        "5"),
        "config": {"widths": [1, 8, 8, 8, 8, 1], "units": 21, "train_points": 20, "knots": 20, "lr": 1e-4,
                   "spiky_lr": 2e-5, "pretrain_epochs": 10000, "epochs": 20000,
                   "targets": ["sine", "arctan", "sawtooth", "cubic", "quadratic", "exp"]},
        "seeds": list(range(10)),
    },
    "003_table_1_train": {
        "description": ("003 Table 1's protocol (appendix §3.1.1) with its training losses: shallow 21-unit net, 401 "
                        "points every .01 on [-2, 2], full-batch GD on sum (f - y)^2 / 2, lr 5e-5, 10000 epochs; "
                        "standard = PyTorch default init, uniform = the same net with its breakpoints redrawn "
                        "U[-2, 2] (the networks of run 003_table_1, same seeds); targets sin(x) (curvature largest "
                        "at +-pi/2, near the ends of the interval), cos(x) (curvature largest at the origin) and "
                        "x^2/2; training loss at epochs 0, 1000, 2000, 5000, 10000 and each unit's breakpoint "
                        "before and after training; 10 seeds"),
        "config": {"units": 21, "points": 401, "lr": 5e-5, "epochs": 10000, "checkpoints": [0, 1000, 2000, 5000, 10000],
                   "targets": ["sine", "cosine", "quadratic"]},
        "seeds": list(range(10)),
    },
    "003_figure_1": {
        "description": ("003 Fig. 1 left (the paper states neither data, threshold, learning rates nor epochs; all "
                        "ours): y = x^2 at 200 equally spaced points of [-1, 1], training loss = mean squared error; "
                        "DP = the least squares fit by K linear pieces (discontinuous segmented regression, Bai and "
                        "Perron), GM = bottom-up greedy merging of adjacent pieces (one merge per step, a simpler "
                        "variant of Acharya et al.'s), K = 1..60; GD variants on shallow ReLU nets of widths 4, 8, "
                        "16, 32, 64, 128 (PyTorch default init, pieces counted on [-1, 1] by the exact CPWL engine): "
                        "full-batch GD lr 0.05, full-batch Adam lr 0.01, and minibatch SGD (batch 20, reshuffled each "
                        "epoch) lr 0.05 with BatchNorm on the hidden pre-activations (evaluated with the full data's "
                        "statistics), 2000 epochs each; 10 seeds"),
        "config": {"points": 200, "max_pieces": 60, "widths": [4, 8, 16, 32, 64, 128], "epochs": 2000, "batch": 20,
                   "variants": ["gd", "adam", "sgd-bn"], "lr": {"gd": 0.05, "adam": 0.01, "sgd-bn": 0.05}},
        "seeds": list(range(10)),
    },
    "003_figure_7": {
        "description": ("003 Fig. 7 and §2.3 (the data of the paper's simulation are not stated): N points x ~ U[0, 1] "
                        "sorted, y ~ N(0, 1); among the partitions of the N points into H + 1 consecutive pieces of at "
                        "least 2 points each (each has exactly one PWL-OLS solution), count those whose adjacent OLS "
                        "lines meet strictly between the pieces' data, i.e. the CPWL-OLS critical points of Theorem 3 "
                        "(a lower bound on all of them: pieces of 0 or 1 points are left out), by dynamic programming "
                        "over the pieces; N = 10, 20, 40, 60, H = 1..4; 100 seeds (the run takes seconds)"),
        "config": {"Ns": [10, 20, 40, 60], "Hs": [1, 2, 3, 4]},
        "seeds": list(range(100)),
    },
}


def _fsr():
    from .. import function_space_runs as F  # imported late: function_space_runs imports this module
    return F


def _breakpoints(params, i, lo, hi):
    """Output breakpoints (pieces - 1) of stacked net ``i`` on ``[lo, hi]``; -1 when its weights are not finite."""
    from ...network import ReLUNetwork

    layers = [(W[i], b[i]) for W, b in params]
    if not all(np.all(np.isfinite(W)) and np.all(np.isfinite(b)) for W, b in layers):
        return -1
    return int(ReLUNetwork(layers, exact=False).to_pwl(lo, hi).output.pieces) - 1


def _roughness(params, i, lo, hi):
    """Sum of the output's squared delta-slopes of stacked net ``i`` on ``[lo, hi]`` (nan when not finite)."""
    from ...network import ReLUNetwork

    layers = [(W[i], b[i]) for W, b in params]
    if not all(np.all(np.isfinite(W)) and np.all(np.isfinite(b)) for W, b in layers):
        return float("nan")
    mu = np.asarray(ReLUNetwork(layers, exact=False).to_pwl(lo, hi).output.delta_slopes, dtype=float)
    return float(np.sum(mu**2))


def _table_2(cfg, seeds):
    F = _fsr()
    x = np.linspace(cfg["lo"], cfg["hi"], cfg["points"])
    targets, n = cfg["targets"], len(seeds)
    y = np.concatenate([np.broadcast_to(TARGETS_TABLE_2[t](x), (n, len(x))) for t in targets])
    out = {t: {} for t in targets}
    for L in cfg["depths"]:
        widths = [1] + [cfg["units"] // L] * L + [1]
        p0 = F._concat(*[F.stacked_network(widths, 1, np.random.default_rng([3, 2, s, L])) for s in seeds])
        every = F._concat(*([p0] * len(targets)))  # each seed's network trained on every target
        _, loss0 = F.train_stacked(every, x, y, lr=cfg["lr"], epochs=0)
        trained, loss = F.train_stacked(every, x, y, lr=cfg["lr"], epochs=cfg["epochs"])
        for k, t in enumerate(targets):
            idx = range(k * n, (k + 1) * n)
            out[t][str(L)] = {
                "line": [_breakpoints(trained, i, -cfg["wide"], cfg["wide"]) for i in idx],
                "window": [_breakpoints(trained, i, cfg["lo"], cfg["hi"]) for i in idx],
                "line_init": [_breakpoints(p0, i, -cfg["wide"], cfg["wide"]) for i in range(n)],
                "window_init": [_breakpoints(p0, i, cfg["lo"], cfg["hi"]) for i in range(n)],
                "train_loss": [float(v) if np.isfinite(v) else -1.0 for v in loss[k * n:(k + 1) * n]],
                "init_loss": [float(v) for v in loss0[k * n:(k + 1) * n]],
            }
    return out


def _spiky_values(knots, values, grid):
    return np.interp(grid, knots, values)  # flat outside [knots[0], knots[-1]], as the shallow spiky net


def _table_3_deep(cfg, seeds):
    F = _fsr()
    grid = np.linspace(-2.0, 2.0, 401)
    knots = np.linspace(-2.0, 2.0, cfg["knots"])
    n, targets = len(seeds), cfg["targets"]
    deep, spiky_y, xs, shallow = [], [], [], []
    for s in seeds:
        rng = np.random.default_rng([3, 33, s])
        xs.append(np.sort(rng.uniform(-2.0, 2.0, cfg["train_points"])))
        deep.append(F.stacked_network(cfg["widths"], 1, rng))
        spiky_y.append(_spiky_values(knots, rng.uniform(-2.0, 2.0, cfg["knots"]), grid))
        # the shallow pair of run 003_table_3 (same stream, same draws in the same order)
        rng3 = np.random.default_rng([3, 3, s])
        x3 = np.sort(rng3.uniform(-2.0, 2.0, cfg["train_points"]))
        std = F.stacked_network([1, cfg["units"], 1], 1, rng3)
        values = rng3.uniform(-2.0, 2.0, cfg["knots"])
        k = cfg["units"] - cfg["knots"]
        shallow.append((x3, std, F._spiky_shallow(knots, values, (std[0][0][:, -k:, :], std[0][1][:, -k:]))))
    d0 = F._concat(*deep)
    spiky0, pre_loss = F.train_stacked(d0, grid, np.stack(spiky_y), lr=cfg["lr"], epochs=cfg["pretrain_epochs"])
    out = {"pretrain_loss": [float(v) for v in pre_loss]}
    s_std = F._concat(*[p[1] for p in shallow])
    s_spk = F._concat(*[p[2] for p in shallow])
    x3 = np.stack([p[0] for p in shallow])
    x = np.stack(xs)
    groups = {"deep": (d0, spiky0, x, cfg["lr"], cfg["lr"]),
              "shallow": (s_std, s_spk, x3, cfg["lr"], cfg["spiky_lr"])}
    for t in targets:
        f = F.TARGETS_003[t]
        out[t] = {}
        for g, (p_std, p_spk, xx, lr_std, lr_spk) in groups.items():
            both = F._concat(p_std, p_spk)
            xb = np.concatenate((xx, xx))
            lr = np.concatenate((np.full(n, lr_std), np.full(n, lr_spk)))
            trained, train = F.train_stacked(both, xb, f(xb), lr=lr, epochs=cfg["epochs"])
            test = F._half_sum_loss(trained, grid, f(grid))
            for j, kind in enumerate(("standard", "spiky")):
                idx = range(j * n, (j + 1) * n)
                out[t][f"{g}/{kind}"] = [float(v) if np.isfinite(v) else -1.0 for v in test[j * n:(j + 1) * n]]
                out[t][f"{g}/{kind}_train"] = [float(v) if np.isfinite(v) else -1.0 for v in train[j * n:(j + 1) * n]]
                out[t][f"{g}/{kind}_rough"] = [_roughness(trained, i, -2.0, 2.0) for i in idx]
                if t == targets[0]:  # before training: the same for every target
                    out[f"{g}/{kind}_rough_init"] = [_roughness(both, i, -2.0, 2.0) for i in idx]
    return out


def _table_1_train(cfg, seeds):
    F = _fsr()
    x = np.linspace(-2.0, 2.0, cfg["points"])
    funcs = {"sine": np.sin, "cosine": np.cos, "quadratic": lambda v: v**2 / 2}
    stacks = []
    for s in seeds:  # the networks of run 003_table_1: same stream, same draws in the same order
        rng = np.random.default_rng([3, 1, s])
        std = F.stacked_network([1, cfg["units"], 1], 1, rng)
        (W1, _), last = std
        beta = rng.uniform(-2.0, 2.0, W1.shape[1])
        stacks += [std, [(W1.copy(), -W1[:, :, 0] * beta[None, :]), last]]
    both = F._concat(*stacks)
    targets, m = cfg["targets"], 2 * len(seeds)
    params = F._concat(*([both] * len(targets)))
    y = np.concatenate([np.broadcast_to(funcs[t](x), (m, len(x))) for t in targets])
    losses, done = [], 0
    for c in cfg["checkpoints"]:
        params, loss = F.train_stacked(params, x, y, lr=cfg["lr"], epochs=c - done)
        losses.append(loss)
        done = c
    with np.errstate(divide="ignore", invalid="ignore"):
        beta0 = -both[0][1] / both[0][0][:, :, 0]
        beta1 = -params[0][1] / params[0][0][:, :, 0]
    out = {}
    for k, t in enumerate(targets):
        sl = slice(k * m, (k + 1) * m)
        out[t] = {}
        for j, kind in enumerate(("standard", "uniform")):
            out[t][kind] = [[float(l[sl][i]) for l in losses] for i in range(j, m, 2)]
            out[t][f"{kind}_breakpoints_init"] = beta0[j::2].tolist()
            out[t][f"{kind}_breakpoints_trained"] = beta1[sl][j::2].tolist()
    return out


def _ols(x, y):
    """Per segment ``(i, j)`` (``j - i >= 1``): slope and intercept of the OLS line of points i..j."""
    n = len(x)
    sx, sy = np.concatenate(([0.0], np.cumsum(x))), np.concatenate(([0.0], np.cumsum(y)))
    sxx, sxy = np.concatenate(([0.0], np.cumsum(x * x))), np.concatenate(([0.0], np.cumsum(x * y)))
    a, c = np.full((n, n), np.nan), np.full((n, n), np.nan)
    for i in range(n):
        for j in range(i + 1, n):
            k = j - i + 1
            mx, my = (sx[j + 1] - sx[i]) / k, (sy[j + 1] - sy[i]) / k
            vxx = (sxx[j + 1] - sxx[i]) / k - mx * mx
            vxy = (sxy[j + 1] - sxy[i]) / k - mx * my
            a[i, j] = vxy / vxx
            c[i, j] = my - a[i, j] * mx
    return a, c


def count_cpwl_ols(x, y, H) -> tuple:
    """``(continuous, total)``: partitions of sorted ``x`` into ``H + 1`` pieces of >= 2 points, and those with a CPWL OLS fit.

    >>> count_cpwl_ols(np.array([0.0, 1, 2, 3]), np.array([0.0, 1, 1, 0]), 1)
    (1, 1)
    """
    n = len(x)
    a, c = _ols(x, y)
    # ways[(i, j)]: partitions of points 0..j into h + 1 pieces, the last one i..j, adjacent lines meeting in the gaps
    ways = {(0, j): 1 for j in range(1, n)}
    for _ in range(H):
        new = {}
        for (i, j), w in ways.items():
            for k in range(j + 2, n):
                da = a[i, j] - a[j + 1, k]
                if da == 0:
                    continue
                xm = (c[j + 1, k] - c[i, j]) / da
                if x[j] < xm < x[j + 1]:
                    new[(j + 1, k)] = new.get((j + 1, k), 0) + w
        ways = new
    continuous = sum(w for (i, j), w in ways.items() if j == n - 1)
    total = comb(n - H - 2, H) if n >= 2 * (H + 1) else 0  # compositions of n into H + 1 parts >= 2
    return int(continuous), int(total)


def _figure_7(cfg, seeds):
    out = {"continuous": [], "total": [], "pwl_all": [[comb(N + H, H) for H in cfg["Hs"]] for N in cfg["Ns"]]}
    for s in seeds:
        rng = np.random.default_rng([3, 7, s])
        cont, tot = [], []
        for N in cfg["Ns"]:
            x = np.sort(rng.uniform(0.0, 1.0, N))
            y = rng.normal(0.0, 1.0, N)
            counts = [count_cpwl_ols(x, y, H) for H in cfg["Hs"]]
            cont.append([c for c, _ in counts])
            tot.append([t for _, t in counts])
        out["continuous"].append(cont)
        out["total"].append(tot)
    return out


def segment_costs(x, y) -> np.ndarray:
    """``cost[i, j]``: the OLS residual sum of squares of points ``i..j`` (inclusive; 0 for one or two points).

    >>> round(float(segment_costs(np.array([0.0, 1, 2]), np.array([0.0, 1, 0]))[0, 2]), 12)
    0.666666666667
    """
    n = len(x)
    cs = [np.concatenate(([0.0], np.cumsum(v))) for v in (x, y, x * x, x * y, y * y)]
    i, j = np.triu_indices(n)
    k = (j - i + 1).astype(float)
    sx, sy, sxx, sxy, syy = [c[j + 1] - c[i] for c in cs]
    vxx, vxy, vyy = sxx - sx * sx / k, sxy - sx * sy / k, syy - sy * sy / k
    with np.errstate(divide="ignore", invalid="ignore"):
        rss = np.where(vxx > 0, vyy - vxy**2 / vxx, 0.0)
    out = np.full((n, n), np.inf)
    out[i, j] = np.maximum(rss, 0.0)
    return out


def segmented_dp(x, y, K) -> np.ndarray:
    """The least residual sum of squares of ``x, y`` (sorted) by 1..K linear pieces (Bai and Perron's dynamic programme).

    >>> segmented_dp(np.array([0.0, 1, 2, 3]), np.array([0.0, 1, 1, 0]), 2).round(12).tolist()
    [1.0, 0.0]
    """
    cost = segment_costs(x, y)
    best = cost[0].copy()  # best[j]: points 0..j in k pieces
    out = [best[-1]]
    for _ in range(1, K):
        # new[j] = min over i of best[i - 1] + cost[i, j]
        best = np.concatenate(([np.inf], np.min(best[:-1, None] + cost[1:, :], axis=0)[1:]))
        out.append(best[-1])
    return np.array(out)


def greedy_merge(x, y, K) -> np.ndarray:
    """Residual sum of squares of bottom-up greedy merging (pairs of points, then the cheapest adjacent merge) at 1..K pieces.

    A one-merge-at-a-time variant of Acharya et al.'s greedy merging (theirs merges many pairs per round).

    >>> greedy_merge(np.array([0.0, 1, 2, 3]), np.array([0.0, 1, 1, 0]), 2).round(12).tolist()
    [1.0, 0.0]
    """
    cost = segment_costs(x, y)
    bounds = list(range(0, len(x), 2)) + [len(x)]  # pieces [bounds[p], bounds[p + 1])
    out = {}
    while True:
        pieces = len(bounds) - 1
        if pieces <= K:
            out[pieces] = sum(cost[a, b - 1] for a, b in zip(bounds[:-1], bounds[1:]))
        if pieces == 1:
            break
        inc = [cost[bounds[p], bounds[p + 2] - 1] - cost[bounds[p], bounds[p + 1] - 1]
               - cost[bounds[p + 1], bounds[p + 2] - 1] for p in range(pieces - 1)]
        del bounds[int(np.argmin(inc)) + 1]
    return np.array([out[k] for k in range(1, K + 1)])


def _train_variant(params, x, y, variant, cfg, rng):
    """Train stacked shallow nets on the mean squared error: 'gd', 'adam' (full batch) or 'sgd-bn' (BatchNorm, minibatches)."""
    (W1, b1), (V, c) = [(W[..., 0] if W.shape[2] == 1 else W, b) for W, b in params]  # (B, H), (B, H), (B, 1, H)
    V = V[:, 0, :]
    B, H = W1.shape
    g, beta = np.ones((B, H)), np.zeros((B, H))
    names = ("w", "b", "v", "c", "g", "beta")
    p = dict(zip(names, (W1.copy(), b1.copy(), V.copy(), c.copy(), g, beta)))
    m = {k: np.zeros_like(v) for k, v in p.items()}
    s = {k: np.zeros_like(v) for k, v in p.items()}
    bn, eps = variant == "sgd-bn", 1e-5
    batch = cfg["batch"] if bn else len(x)
    steps = 0
    with np.errstate(over="ignore", invalid="ignore"):
        for _ in range(cfg["epochs"]):
            order = rng.permutation(len(x)) if bn else np.arange(len(x))
            for start in range(0, len(x), batch):
                idx = order[start:start + batch]
                xb, yb, n = x[idx], y[idx], len(idx)
                z = p["w"][:, :, None] * xb + p["b"][:, :, None]          # (B, H, n)
                if bn:
                    mu, var = z.mean(axis=2, keepdims=True), z.var(axis=2, keepdims=True)
                    inv = 1 / np.sqrt(var + eps)
                    zh = (z - mu) * inv
                    h = p["g"][:, :, None] * zh + p["beta"][:, :, None]
                else:
                    h = z
                a = np.maximum(h, 0)
                out = np.einsum("bh,bhn->bn", p["v"], a) + p["c"]
                d = 2 * (out - yb) / n                                      # (B, n)
                grads = {"v": np.einsum("bn,bhn->bh", d, a), "c": d.sum(axis=1, keepdims=True)}
                dh = p["v"][:, :, None] * d[:, None, :] * (h > 0)
                if bn:
                    grads["g"], grads["beta"] = (dh * zh).sum(axis=2), dh.sum(axis=2)
                    dzh = dh * p["g"][:, :, None]
                    dz = inv / n * (n * dzh - dzh.sum(axis=2, keepdims=True) - zh * (dzh * zh).sum(axis=2, keepdims=True))
                else:
                    grads["g"], grads["beta"] = np.zeros((B, H)), np.zeros((B, H))
                    dz = dh
                grads["w"], grads["b"] = (dz * xb).sum(axis=2), dz.sum(axis=2)
                steps += 1
                lr = cfg["lr"][variant]
                for k in names:
                    if variant == "adam":
                        m[k] = 0.9 * m[k] + 0.1 * grads[k]
                        s[k] = 0.999 * s[k] + 0.001 * grads[k] ** 2
                        p[k] = p[k] - lr * (m[k] / (1 - 0.9**steps)) / (np.sqrt(s[k] / (1 - 0.999**steps)) + 1e-8)
                    else:
                        p[k] = p[k] - lr * grads[k]
    w, b = p["w"], p["b"]
    if bn:  # evaluation mode: BatchNorm folded into the first layer with the full data's statistics
        z = w[:, :, None] * x + b[:, :, None]
        mu, inv = z.mean(axis=2), 1 / np.sqrt(z.var(axis=2) + eps)
        w, b = p["g"] * inv * w, p["g"] * inv * (b - mu) + p["beta"]
    return [(w[:, :, None], b), (p["v"][:, None, :], p["c"])]


def _figure_1(cfg, seeds):
    F = _fsr()
    x = np.linspace(-1.0, 1.0, cfg["points"])
    y = x**2
    n = len(x)
    out = {"dp": (segmented_dp(x, y, cfg["max_pieces"]) / n).tolist(),
           "gm": (greedy_merge(x, y, cfg["max_pieces"]) / n).tolist()}
    Hmax = max(cfg["widths"])
    nets = []
    for s in seeds:
        for h in cfg["widths"]:
            (W1, b1), (V, c) = F.stacked_network([1, h, 1], 1, np.random.default_rng([3, 10, s, h]))
            nets.append(F._padded(W1[:, :, 0], b1, V[:, 0, :], c, Hmax))  # zero units stay zero
    p0 = F._concat(*nets)
    for variant in cfg["variants"]:
        trained = _train_variant(p0, x, y, variant, cfg, np.random.default_rng([3, 11, seeds[0]]))
        mse = np.mean((F._forward(trained, x) - y) ** 2, axis=1)
        pieces = [_breakpoints(trained, i, -1.0, 1.0) + 1 for i in range(len(nets))]
        k = len(cfg["widths"])
        out[variant] = {"mse": [[float(v) for v in mse[i * k:(i + 1) * k]] for i in range(len(seeds))],
                        "pieces": [pieces[i * k:(i + 1) * k] for i in range(len(seeds))]}
    return out


RUNNERS = {"003_table_2": _table_2, "003_table_2_long": _table_2, "003_table_3_deep": _table_3_deep, "003_table_1_train": _table_1_train,
           "003_figure_7": _figure_7, "003_figure_1": _figure_1}
