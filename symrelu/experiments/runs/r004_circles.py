"""004's circle-versus-annulus and sine experiments beyond the shipped ones (Table 4.2's other rows, Figs. 4.6, 4.8, 5.5, §6.2).

Numpy only, every network of a run trained at once (weights stacked as
``(B, out, in)``, as `symrelu.experiments.function_space_runs`).  Mini-batch
Adam (`_adam_minibatch`) is the one of 004 §4.2.1 with batch sizes below the
data size: each network reshuffles its own data every epoch.
"""

from __future__ import annotations

import numpy as np

__all__: list = []  # run data for function_space_runs: RUNS and RUNNERS, nothing public


def _fs():
    # imported late: function_space_runs imports this module to register its runs
    from .. import function_space_runs
    return function_space_runs


_ADAM = (0.9, 0.999, 1e-8)  # PyTorch's defaults (004 names only the learning rate)


def _forward(params, x, leak):
    """Stacked one-hidden-layer leaky ReLU nets: outputs (B, N) at x (B, n, N); leak (B, 1, 1)."""
    (W1, c1), (W2, c2) = params
    z = W1 @ x + c1[..., None]
    return (W2 @ np.where(z > 0, z, leak * z) + c2[..., None])[:, 0, :]


def _adam_minibatch(params, x, label, *, leak, bce, lr, epochs, batch, rng):
    """Mini-batch Adam on stacked one-hidden-layer leaky ReLU nets; returns the trained params.

    ``x`` (B, n, N), ``label`` (B, N) in {0, 1}; ``leak`` (B,) per network; ``bce`` (B,) bool: binary
    cross-entropy on the logit (else mean squared error on the output).  Each epoch every network draws
    its own permutation of its N points and steps once per ``batch`` of them (the last batch may be short).
    """
    b1, b2, eps = _ADAM
    p = [a.copy() for layer in params for a in layer]
    state = [np.zeros_like(a) for a in p] * 2
    B, _, N = x.shape
    leak3, bce2 = np.asarray(leak, float)[:, None, None], np.asarray(bce, bool)[:, None]
    step = 0
    with np.errstate(over="ignore", invalid="ignore"):
        for _ in range(epochs):
            perm = np.argsort(rng.random((B, N)), axis=1)
            xp, yp = np.take_along_axis(x, perm[:, None, :], axis=2), np.take_along_axis(label, perm, axis=1)
            for k in range(0, N, batch):
                xb, yb = xp[:, :, k:k + batch], yp[:, k:k + batch]   # (B, n, m), (B, m)
                W1, c1, W2, c2 = p
                z = W1 @ xb + c1[..., None]
                slope = np.where(z > 0, 1.0, leak3)
                a = z * slope
                out = (W2 @ a + c2[..., None])[:, 0, :]
                g = np.where(bce2, 1.0 / (1.0 + np.exp(-out)) - yb, 2.0 * (out - yb)) / yb.shape[1]
                g = g[:, None, :]
                d = (W2.transpose(0, 2, 1) @ g) * slope
                grads = (d @ xb.transpose(0, 2, 1), d.sum(axis=2), g @ a.transpose(0, 2, 1), g.sum(axis=2))
                step += 1
                for i, gp in enumerate(grads):
                    m = state[i] = b1 * state[i] + (1 - b1) * gp
                    v = state[4 + i] = b2 * state[4 + i] + (1 - b2) * gp * gp
                    p[i] = p[i] - lr * (m / (1 - b1**step)) / (np.sqrt(v / (1 - b2**step)) + eps)
    return [(p[0], p[1]), (p[2], p[3])]


def _accuracy(params, x, label, leak, bce):
    """Share of points classified correctly (B,): output above 1/2 (MSE) or logit above 0 (BCE)."""
    with np.errstate(over="ignore", invalid="ignore"):
        out = _forward(params, x, np.asarray(leak, float)[:, None, None])
    pred = out > np.where(np.asarray(bce, bool), 0.0, 0.5)[:, None]
    return np.mean(pred == (label > 0.5), axis=1)


def _table_4_2_batches(cfg, seeds):
    """Every row of Table 4.2 not in run 004_table_4_2, all rows of one batch size trained at once."""
    rows = [(loss, leak, norm, batch) for batch in cfg["batches"] for loss in cfg["losses"]
            for leak in cfg["leaks"] for norm in cfg["normalize"]
            if batch != cfg["points"] or leak in cfg["full_batch_leaks"]]
    n, out = cfg["inits"], {"rows": []}
    for batch in cfg["batches"]:
        group = [r for r in rows if r[3] == batch]
        if not group:
            continue
        rng = np.random.default_rng([4, 421, seeds[0], batch])
        xs, labels = [], []
        for loss, leak, norm, _ in group:
            x, label = _fs()._circle_annulus(rng, n, cfg["points"], cfg["r1"])
            xs.append(x / x.std(axis=(1, 2), keepdims=True) if norm else x)
            labels.append(label)
        x, label = np.concatenate(xs), np.concatenate(labels)
        leak = np.repeat([r[1] for r in group], n)
        bce = np.repeat([r[0] == "BCE" for r in group], n)
        params = _fs().stacked_network([2, cfg["width"], 1], len(group) * n, rng)
        trained = _adam_minibatch(params, x, label, leak=leak, bce=bce, lr=cfg["lr"], epochs=cfg["epochs"],
                                  batch=batch, rng=rng)
        correct = np.rint(_accuracy(trained, x, label, leak, bce) * cfg["points"]).astype(int)
        for k, (loss, lk, norm, _) in enumerate(group):
            c = correct[k * n:(k + 1) * n]
            out["rows"].append({"loss": loss, "leak": lk, "batch": batch, "normalize": norm,
                                "successes": int(np.sum(c >= cfg["threshold"] * cfg["points"])),
                                "correct": c.tolist()})
    return out


def _ball_shell(rng, batch, n_points, dim, r1, r2, r3):
    """Half the points uniform in the dim-ball of radius r1 (label 1), half in the shell r2..r3 (label 0)."""
    half = n_points // 2
    u = rng.standard_normal((batch, dim, n_points))
    u /= np.linalg.norm(u, axis=1, keepdims=True)
    r_in = r1 * rng.uniform(0, 1, (batch, half)) ** (1 / dim)
    r_out = (r2**dim + rng.uniform(0, 1, (batch, n_points - half)) * (r3**dim - r2**dim)) ** (1 / dim)
    x = u * np.concatenate((r_in, r_out), axis=1)[:, None, :]
    label = np.concatenate((np.ones((batch, half)), np.zeros((batch, n_points - half))), axis=1)
    return x, label


def _figure_4_8(cfg, seeds):
    """Per dimension and leak: the share of 10,000 test points each of the networks classifies correctly."""
    out = {}
    n = cfg["inits"]
    for dim in cfg["dims"]:
        rng = np.random.default_rng([4, 48, seeds[0], dim])
        r1 = 1.0
        # the radii 004 leaves open in n dimensions: a fixed ratio r2 / r1, or sqrt(n) times `gap`
        r2 = r1 * cfg["r2_over_r1"] if "r2_over_r1" in cfg else r1 * np.sqrt(dim) * cfg["gap"]
        r3 = r2 * np.sqrt(2)
        B = n * len(cfg["leaks"])
        x, label = _ball_shell(rng, B, cfg["train_points"], dim, r1, r2, r3)
        xt, lt = _ball_shell(rng, B, cfg["test_points"], dim, r1, r2, r3)
        scale = x.std(axis=(1, 2), keepdims=True)  # normalized with the training samples' scale
        leak = np.repeat(cfg["leaks"], n)
        bce = np.ones(B, bool)
        params = _fs().stacked_network([dim, dim + 1, 1], B, rng)
        trained = _adam_minibatch(params, x / scale, label, leak=leak, bce=bce, lr=cfg["lr"],
                                  epochs=cfg["epochs"], batch=cfg["batch"], rng=rng)
        wrong = np.rint((1 - _accuracy(trained, xt / scale, lt, leak, bce)) * cfg["test_points"]).astype(int)
        out[str(dim)] = {f"{lk:g}": wrong[i * n:(i + 1) * n].tolist() for i, lk in enumerate(cfg["leaks"])}
    return out


def _figure_5_5(cfg, seeds):
    """Per (width, depth): the successful initializations' linear pieces on [-pi, pi] and MSE on each half."""
    x = np.linspace(-np.pi, np.pi, cfg["points"])
    grid = np.linspace(-np.pi, np.pi, cfg["eval_points"])
    out = {}
    for w in cfg["widths"]:
        for d in cfg["depths"]:
            rng = np.random.default_rng([4, 55, seeds[0], w, d])
            p0 = _fs().stacked_network([1] + [w] * d + [1], cfg["tries"], rng)
            p1, mse = _fs().train_stacked(p0, x, np.sin(x), lr=cfg["lr"], epochs=cfg["epochs"], loss="mean")
            ok = np.flatnonzero(np.isfinite(mse) & (mse < cfg["threshold"]))[:cfg["keep"]]
            sub = [(W[ok], b[ok]) for W, b in p1]
            sub, _ = _fs().train_stacked(sub, x, np.sin(x), lr=cfg["lr"], epochs=cfg["extra_epochs"], loss="mean") \
                if len(ok) else (sub, None)
            cell = {"tried": cfg["tries"], "succeeded": int(np.sum(np.isfinite(mse) & (mse < cfg["threshold"]))),
                    "regions": [], "mse_negative": [], "mse_positive": []}
            if len(ok):
                f = _fs().forward_stacked(sub, grid)
                neg, pos = grid < 0, grid > 0
                err = (f - np.sin(grid)) ** 2
                cell["mse_negative"] = np.mean(err[:, neg], axis=1).tolist()
                cell["mse_positive"] = np.mean(err[:, pos], axis=1).tolist()
                from ...batched import batch_to_pwl
                pwl = batch_to_pwl(sub, -np.pi, np.pi)
                cell["regions"] = pwl.pieces.tolist()
                cell["unresolved_knots"] = int(np.sum(pwl.merged))
            out[f"w{w}/d{d}"] = cell
    return out


def _xor_circle(rng, batch, n_points, r1):
    """Circle vs annulus points (as `_circle_annulus`) labelled [inside the circle] XOR [x1 x2 > 0]."""
    x, inside = _fs()._circle_annulus(rng, batch, n_points, r1)
    return x, np.logical_xor(inside > 0.5, x[:, 0, :] * x[:, 1, :] > 0).astype(float)


def _deep_forward(params, x):
    """Pre-activations of every layer of stacked deep ReLU nets at x (B, n, N)."""
    zs, a = [], x
    for l, (W, b) in enumerate(params):
        z = W @ a + b[..., None]
        zs.append(z)
        a = np.maximum(z, 0.0)
    return zs


def _sgd_bce(params, x, label, *, lr, batch, epochs, rng, momentum=0.0, weight_decay=0.0, state=None):
    """Mini-batch SGD on binary cross-entropy (logit output) for stacked deep ReLU nets; returns the params.

    ``momentum`` and ``weight_decay`` as PyTorch's SGD (decay added to the gradient, then the momentum buffer);
    ``state``: a dict holding the momentum buffers between calls (updated in place).
    """
    p = [(W.copy(), b.copy()) for W, b in params]
    state = {} if state is None else state
    B, _, N = x.shape
    with np.errstate(over="ignore", invalid="ignore"):
        for _ in range(epochs):
            perm = np.argsort(rng.random((B, N)), axis=1)
            xp, yp = np.take_along_axis(x, perm[:, None, :], axis=2), np.take_along_axis(label, perm, axis=1)
            for k in range(0, N, batch):
                xb, yb = xp[:, :, k:k + batch], yp[:, k:k + batch]
                zs = _deep_forward(p, xb)
                g = ((1.0 / (1.0 + np.exp(-zs[-1][:, 0, :])) - yb) / yb.shape[1])[:, None, :]
                new = []
                for l in range(len(p) - 1, -1, -1):
                    a = xb if l == 0 else np.maximum(zs[l - 1], 0.0)
                    W, b = p[l]
                    steps = []
                    for j, (param, grad) in enumerate(((W, g @ a.transpose(0, 2, 1)), (b, g.sum(axis=2)))):
                        grad = grad + weight_decay * param
                        if momentum:
                            buf = state[(l, j)] = momentum * state[(l, j)] + grad if (l, j) in state else grad
                            grad = buf
                        steps.append(param - lr * grad)
                    new.append(tuple(steps))
                    if l:
                        g = (W.transpose(0, 2, 1) @ g) * (zs[l - 1] > 0)
                p = new[::-1]
    return p


def _section_6_2(cfg, seeds):
    """Per hidden layer and snapshot: how far each network's layer moved from its initialization."""
    rng = np.random.default_rng([4, 62, seeds[0]])
    n = cfg["inits"]
    x, label = _xor_circle(rng, n, cfg["points"], cfg["r1"])
    x = x / x.std(axis=(1, 2), keepdims=True)
    side = np.linspace(-cfg["grid_half_width"], cfg["grid_half_width"], cfg["grid"])
    grid = np.broadcast_to(np.stack(np.meshgrid(side, side)).reshape(2, -1), (n, 2, cfg["grid"] ** 2))
    p0 = _fs().stacked_network(cfg["widths"], n, rng)
    hidden = len(cfg["widths"]) - 2
    pattern0 = [z > 0 for z in _deep_forward(p0, grid)[:hidden]]
    out = {"weights": {}, "patterns": {}}
    p, done, state = p0, 0, {}
    for epoch in cfg["snapshots"]:
        p = _sgd_bce(p, x, label, lr=cfg["lr"], batch=cfg["batch"], epochs=epoch - done, rng=rng,
                     momentum=cfg.get("momentum", 0.0), weight_decay=cfg.get("weight_decay", 0.0), state=state)
        done = epoch
        zs = _deep_forward(p, grid)
        w, pat = [], []
        for l in range(hidden):
            before = np.concatenate((p0[l][0].reshape(n, -1), p0[l][1]), axis=1)
            after = np.concatenate((p[l][0].reshape(n, -1), p[l][1]), axis=1)
            w.append((np.linalg.norm(after - before, axis=1) / np.linalg.norm(before, axis=1)).tolist())
            pat.append(np.mean(np.any((zs[l] > 0) != pattern0[l], axis=1), axis=1).tolist())
        out["weights"][str(epoch)], out["patterns"][str(epoch)] = w, pat
    with np.errstate(over="ignore", invalid="ignore"):
        logit = _deep_forward(p, x)[-1][:, 0, :]
    out["train_accuracy"] = np.mean((logit > 0) == (label > 0.5), axis=1).tolist()
    return out


RUNS = {
    "004_table_4_2_batches": {
        "description": ("004 Table 4.2 (§4.2.1), the rows run 004_table_4_2 lacks: batch sizes 10 and 100 with leak "
                        "0, 0.01 and 0.1, and batch 1000 (full batch) with leak 0.01; otherwise run 004_table_4_2's "
                        "protocol: circle (radius r1) vs annulus (r1 sqrt 2 to 2 r1), 500 + 500 points uniform by "
                        "area, fresh per network, r1 = 0.5 or scaled to standard deviation one ('normalize'); a "
                        "2-4-1 leaky ReLU network (width not stated in 004), PyTorch default init, Adam (lr 0.01, "
                        "betas 0.9, 0.999), each network reshuffling its data every epoch, MSE (targets 0/1, "
                        "threshold 1/2) or BCE with logits (threshold 0); success = at least 95% of the 1000 "
                        "training points correct; 100 networks per row (the paper's); 1000 epochs (the paper's 'up "
                        "to 1,000', read as exactly 1000); not scaled down"),
        "config": {"width": 4, "leaks": [0.0, 0.01, 0.1], "full_batch_leaks": [0.01], "losses": ["MSE", "BCE"],
                   "normalize": [False, True], "batches": [10, 100, 1000], "points": 1000, "r1": 0.5, "lr": 0.01,
                   "epochs": 1000, "inits": 100, "threshold": 0.95},
        "seeds": [0],
    },
    "004_table_4_2_width3": {
        "description": ("004 Table 4.2 (§4.2.1), all 36 rows with the minimal network of §4.1.1 (a 2-3-1 leaky ReLU "
                        "network: 'a width n + 1 network', §4.2's opening, is what §4.2 trains; run 004_table_4_2 and "
                        "004_table_4_2_batches read the unstated width as 4); otherwise their protocol: circle "
                        "(radius r1) vs annulus (r1 sqrt 2 to 2 r1), 500 + 500 points uniform by area, fresh per "
                        "network, r1 = 0.5 or scaled to standard deviation one ('normalize'), PyTorch default init, "
                        "Adam (lr 0.01, betas 0.9, 0.999), each network reshuffling its data every epoch, 1000 "
                        "epochs, MSE (targets 0/1, threshold 1/2) or BCE with logits (threshold 0); success = at "
                        "least 95% of the 1000 training points correct; batch 10, 100, 1000 x leak 0, 0.01, 0.1; "
                        "scaled down: 50 networks per row instead of 100"),
        "config": {"width": 3, "leaks": [0.0, 0.01, 0.1], "full_batch_leaks": [0.0, 0.01, 0.1],
                   "losses": ["MSE", "BCE"], "normalize": [False, True], "batches": [10, 100, 1000],
                   "points": 1000, "r1": 0.5, "lr": 0.01, "epochs": 1000, "inits": 50, "threshold": 0.95},
        "seeds": [0],
    },
    "004_figure_4_6_long": {
        "description": ("004 Fig. 4.6's cause (§4.2.1): run 004_table_4_2_width3's full-batch rows with leak 0.01 "
                        "(2-3-1 leaky ReLU network, MSE or BCE, raw or normalized inputs, 1000 points, Adam lr 0.01, "
                        "PyTorch default init, success = at least 95% of the points correct) trained for 10,000 "
                        "epochs instead of 1000, so that the full batch gets 10 times the paper's 1000 steps (batch "
                        "10 gets 100,000); 25 networks per row; kept: each network's correctly classified points"),
        "config": {"width": 3, "leaks": [0.01], "full_batch_leaks": [0.01], "losses": ["MSE", "BCE"],
                   "normalize": [False, True], "batches": [1000], "points": 1000, "r1": 0.5, "lr": 0.01,
                   "epochs": 10000, "inits": 25, "threshold": 0.95},
        "seeds": [0],
    },
    "004_figure_4_8": {
        "description": ("004 Fig. 4.8 (§4.2.2): ball (radius r1 = 1, label 1) vs shell (r2 = sqrt(n) r1 to r3 = "
                        "sqrt 2 r2, label 0) in dimensions n = 2..8, half the points uniform by volume in each "
                        "(004 does not state the radii in n dimensions: r2 = sqrt(n) r1 is the gap the regular "
                        "hyperoctahedron needs (Eq. 4.5) and gives 004 §4.2.1's radii at n = 2), 10,000 training "
                        "and 10,000 independent test points per network, inputs scaled to standard deviation one "
                        "(the training points' scale); an n-(n+1)-1 leaky ReLU network (the minimal width of §4), "
                        "PyTorch default init, BCE with logits, Adam (lr 0.01, betas 0.9, 0.999), batch 100, "
                        "leak 0 or 0.01, 100 networks per dimension and leak (the paper's); the number of "
                        "misclassified test points per network is kept; scaled down: 100 epochs (004 does not "
                        "state the epochs of §4.2.2; §4.2.1 uses up to 1,000)"),
        "config": {"dims": [2, 3, 4, 5, 6, 7, 8], "gap": 1.0, "leaks": [0.0, 0.01], "train_points": 10000,
                   "test_points": 10000, "batch": 100, "lr": 0.01, "epochs": 100, "inits": 100,
                   "thresholds": [0.95, 0.98, 0.99, 0.9999]},
        "seeds": [0],
    },
    "004_figure_4_8_base_long": {
        "description": ("004 Fig. 4.8 (§4.2.2), the base of its comparisons trained ten times longer: run "
                        "004_figure_4_8's n = 2 (circle radius r1 = 1 vs annulus sqrt 2 r1 to 2 r1, 10,000 training "
                        "and 10,000 test points, normalized, a 2-3-1 leaky ReLU network, BCE, Adam lr 0.01, batch "
                        "100, leak 0 or 0.01) for 1000 epochs (§4.2.1's 'up to 1,000') instead of 100; 50 networks "
                        "per leak (scaled down from 100)"),
        "config": {"dims": [2], "gap": 1.0, "leaks": [0.0, 0.01], "train_points": 10000, "test_points": 10000,
                   "batch": 100, "lr": 0.01, "epochs": 1000, "inits": 50, "thresholds": [0.95, 0.98, 0.99, 0.9999]},
        "seeds": [0],
    },
    "004_figure_4_8_fixed_gap": {
        "description": ("004 Fig. 4.8 (§4.2.2) as run 004_figure_4_8 but with §4.2.1's radii in every dimension: "
                        "ball (radius r1 = 1) vs shell (r2 = sqrt 2 r1 to r3 = sqrt 2 r2), a gap the width n+1 "
                        "network's polytopes fit only up to n = 3 (Eqs. 4.4, 4.12: the uniform expanded simplex "
                        "needs r2 / r1 = sqrt 2 at n = 3, more above); otherwise the same: "
                        "10,000 training and 10,000 test points, inputs scaled to standard deviation one, an "
                        "n-(n+1)-1 leaky ReLU network, PyTorch default init, BCE with logits, Adam (lr 0.01), "
                        "batch 100, leak 0 or 0.01, 100 networks per dimension and leak, dimensions 2-8; scaled "
                        "down: 100 epochs"),
        "config": {"dims": [2, 3, 4, 5, 6, 7, 8], "r2_over_r1": 1.4142135623730951, "leaks": [0.0, 0.01],
                   "train_points": 10000, "test_points": 10000, "batch": 100, "lr": 0.01, "epochs": 100,
                   "inits": 100, "thresholds": [0.95, 0.98, 0.99, 0.9999]},
        "seeds": [0],
    },
    "004_section_6_2_sgd_6_1": {
        "description": ("004 §6.2 as run 004_section_6_2 (our XOR circle versus annulus data, 2-8-8-8-1 ReLU networks, "
                        "PyTorch default init, BCE, 100 networks, the same snapshots and measures) but trained with "
                        "the one SGD setting 004 states, §6.1's for its image networks: lr 0.01, momentum 0.5, "
                        "weight decay 0.01, batch 32"),
        "config": {"widths": [2, 8, 8, 8, 1], "points": 1000, "r1": 0.5, "lr": 0.01, "momentum": 0.5,
                   "weight_decay": 0.01, "batch": 32, "snapshots": [1, 2, 5, 20, 200], "inits": 100, "grid": 101,
                   "grid_half_width": 2.0},
        "seeds": [0],
    },
    "004_figure_5_5": {
        "description": ("004 Fig. 5.5 (§5.3): rectangular ReLU nets (width nodes per hidden layer, depth hidden "
                        "layers) trained as for Table 5.1 (PyTorch default init, sine on 100 uniformly spaced points "
                        "of [-pi, pi], full-batch gradient descent on the MSE, lr 0.1, 200 epochs; an initialization "
                        "succeeds below MSE 0.45 and is then trained 1000 epochs more, as 004 §5.3); per cell the "
                        "first 20 successes of 40 initializations (004's figure shows one network per cell); kept: "
                        "the number of linear pieces on [-pi, pi] (adjacent pieces with one affine map merged) and "
                        "the MSE against sine on 2001 grid points of each half, [-pi, 0) and (0, pi]; widths 2, 5, "
                        "10 x depths 1-5 (Fig. 5.5's grid is not stated in the text)"),
        "config": {"widths": [2, 5, 10], "depths": [1, 2, 3, 4, 5], "tries": 40, "keep": 20, "points": 100,
                   "eval_points": 2001, "lr": 0.1, "epochs": 200, "extra_epochs": 1000, "threshold": 0.45},
        "seeds": [0],
    },
    "004_section_6_2": {
        "description": ("004 §6.2 (the XOR circle versus annulus problem, Fig. 6.6): 1000 points, circle (radius "
                        "r1) vs annulus (r1 sqrt 2 to 2 r1) uniform by area as in §4.2.1, labelled [inside the "
                        "circle] XOR [x1 x2 > 0] (004 draws the problem but does not define it), scaled to standard "
                        "deviation one; a 2-8-8-8-1 ReLU network (three hidden layers of eight nodes, Fig. 6.6), "
                        "PyTorch default init, mini-batch SGD on binary cross-entropy (004 §6.1; lr 0.1 and batch "
                        "32 are ours, 004 states neither for the toy problems), 100 networks; per hidden layer, "
                        "after 1, 2, 5, 20 and 200 epochs: the relative change of its weights and biases "
                        "(||theta - theta_0|| / ||theta_0||) and the share of a 101 x 101 grid on [-2, 2]^2 whose "
                        "activation pattern in that layer changed since initialization; the training accuracy "
                        "after 200 epochs"),
        "config": {"widths": [2, 8, 8, 8, 1], "points": 1000, "r1": 0.5, "lr": 0.1, "batch": 32,
                   "snapshots": [1, 2, 5, 20, 200], "inits": 100, "grid": 101, "grid_half_width": 2.0},
        "seeds": [0],
    },
}
RUNNERS = {"004_section_6_2": _section_6_2, "004_section_6_2_sgd_6_1": _section_6_2, "004_table_4_2_batches": _table_4_2_batches,
           "004_table_4_2_width3": _table_4_2_batches, "004_figure_4_6_long": _table_4_2_batches,
           "004_figure_4_8": _figure_4_8, "004_figure_4_8_base_long": _figure_4_8,
           "004_figure_4_8_fixed_gap": _figure_4_8, "004_figure_5_5": _figure_5_5}
