"""004 chapter 3's training experiments on Boolean functions (§3.4.2-3.4.4), seeded and scaled down (numpy).

004 §3.4 trains rectangular networks (``width`` units in each of ``depth``
hidden layers) on Boolean functions with inputs in {-1, 1}^n: Adam with
learning rate 0.025 for up to 4,000 epochs, binary cross-entropy on the logits,
He-Kaiming normal weights, leak 0.1 (0 or 0.1 in §3.4.2).  A trial succeeds
when the network classifies every one of the 2^n inputs correctly.  Here every
network of a run is trained at once: ``B`` networks, each with its own target,
are stacked as ``(B, out, in)`` arrays and one numpy step of full-batch Adam
updates all of them (`train_boolean`).

Choices 004 does not state (each run's ``description`` repeats them):

* biases start at PyTorch's ``nn.Linear`` default ``U(-1/sqrt(fan_in), 1/sqrt(fan_in))``
  (004 names only the weights' He-Kaiming normal law, std ``sqrt(2 / fan_in)``);
* "up to 4,000 epochs" is read as early stopping: a trial succeeds when all
  2^n points are classified correctly (logit sign) after some epoch ``<= epochs``;
* runs ``004_ch3_npn4_readings`` and ``004_ch3_parity_readings`` redo §3.4.2 and §3.4.4 (scaled down further)
  with zero biases as well and without early stopping, recording success at the end of training as well as at
  some checked epoch, so the claims can be judged under each reading of these two choices;
* a Boolean function's truth table follows `symrelu.boolean` (bit 0 is +1; the
  label of the positive class is output -1, i.e. bit 1, as 004's tables list it).
"""

from __future__ import annotations

import itertools
import math

import numpy as np

from ...boolean import parity, truth_table

_ADAM = (0.9, 0.999, 1e-8)


def cube(n: int) -> np.ndarray:
    """The 2^n points of {-1, 1}^n as an ``(n, 2^n)`` float array, in `symrelu.boolean`'s input order.

    >>> cube(2).tolist()
    [[1.0, 1.0, -1.0, -1.0], [1.0, -1.0, 1.0, -1.0]]
    """
    bits = (np.arange(1 << n)[None, :] >> np.arange(n - 1, -1, -1)[:, None]) & 1
    return (1.0 - 2.0 * bits).astype(float)


def init_boolean(n_inputs, width, depth, batch, rng, bias="uniform"):
    """``batch`` stacked rectangular nets: He-normal weights, PyTorch-default uniform biases (or zero ones).

    004 does not state the biases' law: ``bias="uniform"`` is PyTorch ``nn.Linear``'s default, ``"zeros"``
    starts them at zero (the weights are drawn the same way for both).

    Layers are ``[W (batch, out, in), c (batch, out, 1)]``.

    >>> [W.shape for W, c in init_boolean(4, 3, 2, 5, np.random.default_rng(0))]
    [(5, 3, 4), (5, 3, 3), (5, 1, 3)]
    """
    widths = [n_inputs] + [width] * depth + [1]
    out = []
    for fan_in, fan_out in zip(widths[:-1], widths[1:]):
        W = rng.normal(0.0, math.sqrt(2.0 / fan_in), (batch, fan_out, fan_in))
        a = 1 / math.sqrt(fan_in)
        c = rng.uniform(-a, a, (batch, fan_out, 1))
        out.append([W, c if bias == "uniform" else np.zeros_like(c)])
    return out


def _forward(params, a, leak, mask):
    """Logits ``(B, 1, N)``, each layer's input and each hidden layer's pre-activation."""
    acts, zs = [], []
    for l, (W, c) in enumerate(params):
        z = W @ a + c
        acts.append(a)
        if l < len(params) - 1:
            zs.append(z)
            a = np.where(z > 0, z, leak * z)
            if mask is not None:
                a = a * mask[l][:, :, None]
    return z, acts, zs


def train_boolean(params, x, labels, *, leak, lr, epochs, mask=None, every=50, early_stop=True):
    """Full-batch Adam on BCE with logits for stacked nets; returns (final params, epoch of first success (B,)).

    ``x`` is ``(n, N)``, ``labels`` ``(B, N)`` in {0, 1}.  ``mask`` (per hidden layer, ``(B, units)`` of 0/1)
    keeps removed hidden units at zero (a pruned subnetwork).  The epoch of success is the first epoch
    ``e <= epochs`` (0 = at initialization) after which every point is classified correctly (logit > 0
    exactly for label 1), checked every ``every`` epochs and at the end; -1 when never.  Networks that
    succeeded stop training (early stopping; their returned parameters are those at success) unless
    ``early_stop`` is False: then every network trains all ``epochs`` and the returned parameters are the
    final ones (success at the end of training is read off them with `_forward`).

    >>> x, y = cube(2), labels_of(parity(2))
    >>> p = init_boolean(2, 4, 1, 8, np.random.default_rng(0))
    >>> _, first = train_boolean(p, x, np.broadcast_to(y, (8, 4)), leak=0.1, lr=0.025, epochs=500)
    >>> first.shape, bool(np.all((first == -1) | (first % 50 == 0)))
    ((8,), True)
    """
    b1, b2, eps = _ADAM
    B, N = labels.shape
    params = [[W.copy(), c.copy()] for W, c in params]
    final = [[W.copy(), c.copy()] for W, c in params]
    mask = None if mask is None else [np.asarray(m, float) for m in mask]
    L = len(params)
    state = [[np.zeros_like(W), np.zeros_like(c), np.zeros_like(W), np.zeros_like(c)] for W, c in params]
    first = np.full(B, -1)
    idx = np.arange(B)
    lab, pos = labels[:, None, :], labels > 0.5
    xb = x[None]
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        for step in range(0, epochs + 1):
            out, acts, zs = _forward(params, xb, leak, mask)
            if step % every == 0 or step == epochs:
                ok = np.all((out[:, 0, :] > 0) == pos, axis=1)
                if not early_stop:
                    first[ok & (first < 0)] = step
                elif ok.any():
                    first[idx[ok]] = step
                    for l in range(L):
                        for k in range(2):
                            final[l][k][idx[ok]] = params[l][k][ok]
                    keep = ~ok
                    idx, lab, pos = idx[keep], lab[keep], pos[keep]
                    params = [[W[keep], c[keep]] for W, c in params]
                    state = [[s[keep] for s in st] for st in state]
                    if mask is not None:
                        mask = [m[keep] for m in mask]
                    if not len(idx):
                        break
                    out, acts, zs = _forward(params, xb, leak, mask)
            if step == epochs:
                break
            g = (1.0 / (1.0 + np.exp(-out)) - lab) / N  # d mean BCE-with-logits / d logit
            for l in range(L - 1, -1, -1):
                W, c = params[l]
                gW, gc = g @ acts[l].transpose(0, 2, 1), g.sum(axis=2, keepdims=True)
                if l > 0:
                    g = (W.transpose(0, 2, 1) @ g) * np.where(zs[l - 1] > 0, 1.0, leak)
                    if mask is not None:
                        g = g * mask[l - 1][:, :, None]
                st = state[l]
                for k, (p, gp) in enumerate(((W, gW), (c, gc))):
                    m = st[k] = b1 * st[k] + (1 - b1) * gp
                    v = st[2 + k] = b2 * st[2 + k] + (1 - b2) * gp * gp
                    params[l][k] = p - lr * (m / (1 - b1 ** (step + 1))) / (np.sqrt(v / (1 - b2 ** (step + 1))) + eps)
    for l in range(L):
        for k in range(2):
            final[l][k][idx] = params[l][k]
    return final, first


def labels_of(tables) -> np.ndarray:
    """{0, 1} labels (1 where the ±1 table is -1, i.e. output bit 1) of truth tables ``(..., 2^n)``.

    >>> labels_of(parity(2)).tolist()
    [0.0, 1.0, 1.0, 0.0]
    """
    return (np.asarray(tables) < 0).astype(float)



def _rng(*key):
    return np.random.default_rng([4, 3, *key])


_COMMON = ("Adam (lr 0.025, betas 0.9/0.999) full batch on BCE with logits, He-Kaiming normal weights (std "
           "sqrt(2/fan_in)), biases PyTorch-default U(+-1/sqrt(fan_in)) (004 does not state them), inputs in "
           "{-1, 1}^n; success = every point classified correctly (logit sign) at some epoch (checked every 50) "
           "up to the epoch limit (early stopping)")


def _npn4(cfg, seeds):
    """§3.4.2: every 4-input NPN class (its canonical code), ``trials`` nets per class and size, ReLU and leaky."""
    from ...swaps import swaps_table

    codes = sorted(swaps_table(4))
    x = cube(4)
    y = np.repeat(labels_of(truth_table(np.array(codes, dtype=np.uint64), 4)), cfg["trials"], axis=0)
    out = {"codes": codes, "sizes": [], "leaks": cfg["leaks"], "successes": []}
    for w, d in cfg["sizes"]:
        out["sizes"].append([w, d])
        row = []
        for leak in cfg["leaks"]:
            rng = _rng(42, seeds[0], w, d, int(round(100 * leak)))
            p = init_boolean(4, w, d, len(y), rng)
            _, first = train_boolean(p, x, y, leak=leak, lr=cfg["lr"], epochs=cfg["epochs"])
            counts = (first >= 0).reshape(len(codes), cfg["trials"]).sum(axis=1)
            # classes without a success get the paper's 100 fresh trials: "succeeds at least once" is then decided
            zero = np.flatnonzero(counts == 0)
            again = {}
            if len(zero):
                yz = np.repeat(labels_of(truth_table(np.array(codes, dtype=np.uint64)[zero], 4)), cfg["rerun"], axis=0)
                p = init_boolean(4, w, d, len(yz), rng)
                _, f2 = train_boolean(p, x, yz, leak=leak, lr=cfg["lr"], epochs=cfg["epochs"])
                again = dict(zip(map(str, np.array(codes)[zero].tolist()),
                                 (f2 >= 0).reshape(len(zero), cfg["rerun"]).sum(axis=1).tolist()))
            row.append({"successes": counts.tolist(), "rerun_of_zeros": again})
        out["successes"].append(row)
    return out


def _subnets(trained, ok, w, width):
    """Every width-``width`` subnetwork of the nets ``ok`` of single-layer ``trained``: (params, mask, subsets)."""
    subsets = list(itertools.combinations(range(w), width))
    mask = np.zeros((len(ok) * len(subsets), w))
    for j, s in enumerate(subsets):
        mask[j::len(subsets)][:, list(s)] = 1.0
    sub = [[np.repeat(W[ok], len(subsets), axis=0), np.repeat(c[ok], len(subsets), axis=0)] for W, c in trained]
    # a removed unit's outgoing weight is zeroed too (the mask also keeps its gradient zero)
    sub[-1][0] = sub[-1][0] * mask[:, None, :]
    return sub, mask, subsets


def _parity_rates(cfg, seeds):
    """§3.4.4: success rates on 4-parity, and the width-3 subnetworks of the successful width-6 nets."""
    n = cfg["digits"]
    x = cube(n)
    lab = labels_of(parity(n))
    out = {}
    for leak in cfg["leaks"]:
        key = f"leak {leak:g}"
        res = out[key] = {}
        for w, d, trials in cfg["sizes"]:
            rng = _rng(44, seeds[0], w, d, int(round(100 * leak)))
            p = init_boolean(n, w, d, trials, rng)
            trained, first = train_boolean(p, x, np.broadcast_to(lab, (trials, len(lab))), leak=leak,
                                           lr=cfg["lr"], epochs=cfg["epochs"])
            res[f"w{w}/d{d}"] = [int(np.sum(first >= 0)), trials]
            if [w, d] == cfg["prune"]["from"]:
                ok = np.flatnonzero(first >= 0)
                sub, mask, subsets = _subnets(trained, ok, w, cfg["prune"]["width"])
                _, sfirst = train_boolean(sub, x, np.broadcast_to(lab, (len(mask), len(lab))), leak=leak,
                                          lr=cfg["lr"], epochs=cfg["prune"]["epochs"], mask=[mask])
                res["subnet_successes"] = (sfirst >= 0).reshape(len(ok), len(subsets)).sum(axis=1).tolist()
                res["subnets_per_net"] = len(subsets)
    return out


def _ten_input(cfg, seeds):
    """§3.4.3: n-parity, random n-input functions and 4-input classes XORed with (n-4)-parity."""
    from ...boolean import fourier_entropy, total_influence, degree
    from ...swaps import swaps_table

    n = cfg["inputs"]
    x = cube(n)
    rng = _rng(43, seeds[0], n)
    funcs = {"parity": [parity(n)],
             "random": list(1 - 2 * rng.integers(0, 2, (cfg["random"], 1 << n)).astype(np.int8))}
    codes = sorted(swaps_table(4))
    pick = rng.choice(len(codes), cfg["xor"], replace=False)
    rest = parity(n - 4)
    funcs["xor"] = [np.kron(truth_table(codes[i], 4), rest).astype(np.int8) for i in sorted(pick)]
    out = {"xor_codes": [int(codes[i]) for i in sorted(pick)], "sizes": cfg["sizes"], "classes": {}}
    for name, tables in funcs.items():
        trials = cfg["trials"][name]
        y = np.repeat(labels_of(np.array(tables)), trials, axis=0)
        entry = out["classes"][name] = {
            "influence": [float(total_influence(t)) for t in tables], "degree": [int(degree(t)) for t in tables],
            "entropy": [float(fourier_entropy(t)) for t in tables], "successes": [], "accuracy": []}
        for w, d in cfg["sizes"]:
            p = init_boolean(n, w, d, len(y), _rng(43, seeds[0], n, w, d, list(funcs).index(name)))
            trained, first = train_boolean(p, x, y, leak=cfg["leak"], lr=cfg["lr"], epochs=cfg["epochs"])
            logits = _forward(trained, x[None], cfg["leak"], None)[0][:, 0, :]
            correct = np.sum((logits > 0) == (y > 0.5), axis=1)
            entry["successes"].append((first >= 0).reshape(len(tables), trials).sum(axis=1).tolist())
            entry["accuracy"].append(correct.reshape(len(tables), trials).tolist())
    return out


def _prune_wide(cfg, seeds):
    """§3.4.4's exhaustive pruning (Table 3.4): per cell, ``reps`` times: train up to ``tries`` width-w nets on
    n-parity, take the first that succeeds and fine-tune all its width-i subnetworks, i = 1, 2, ..., until some
    succeed; record (i, how many) or None when no try succeeded."""
    out = {}
    for leak in cfg["leaks"]:
        res = out[f"leak {leak:g}"] = {}
        for w in cfg["widths"]:
            for n in range(1, min(w, cfg["max_digits"]) + 1):
                rng = _rng(34, seeds[0], w, n, int(round(100 * leak)))
                x, lab = cube(n), labels_of(parity(n))
                R, T = cfg["reps"], cfg["tries"]
                p = init_boolean(n, w, 1, R * T, rng)
                trained, first = train_boolean(p, x, np.broadcast_to(lab, (R * T, len(lab))), leak=leak,
                                               lr=cfg["lr"], epochs=cfg["epochs"])
                ok = (first >= 0).reshape(R, T)
                cell = [None] * R
                active = [r for r in range(R) if ok[r].any()]
                pick = {r: r * T + int(np.argmax(ok[r])) for r in active}
                for i in range(1, w + 1):
                    if not active:
                        break
                    subsets = list(itertools.combinations(range(w), i))
                    rows = np.repeat([pick[r] for r in active], len(subsets))
                    mask = np.tile(np.array([[u in s for u in range(w)] for s in subsets], float), (len(active), 1))
                    sub = [[W[rows], c[rows]] for W, c in trained]
                    sub[-1][0] = sub[-1][0] * mask[:, None, :]
                    _, sf = train_boolean(sub, x, np.broadcast_to(lab, (len(rows), len(lab))), leak=leak,
                                          lr=cfg["lr"], epochs=cfg["prune_epochs"], mask=[mask])
                    wins = (sf >= 0).reshape(len(active), len(subsets)).sum(axis=1)
                    for r, k in zip(list(active), wins):
                        if k:
                            cell[r] = [i, int(k)]
                            active.remove(r)
                res[f"w{w}/n{n}"] = cell
    return out


def _dims(cfg, seeds):
    """§3.4.3, Fig. 3.9: `_ten_input`'s classes for each input count, one single-layer net of width n."""
    return {str(n): _ten_input(dict(cfg, inputs=n, sizes=[[n, 1]]), seeds) for n in cfg["inputs"]}


def _end_and_any(p, x, y, leak, cfg, mask=None):
    """Train without early stopping: (final params, success at some checked epoch, success at the end)."""
    trained, first = train_boolean(p, x, y, leak=leak, lr=cfg["lr"], epochs=cfg["epochs"], mask=mask,
                                   early_stop=False)
    logits = _forward(trained, x[None], leak, mask)[0][:, 0, :]
    return trained, first >= 0, np.all((logits > 0) == (y > 0.5), axis=1)


def _npn4_readings(cfg, seeds):
    """`_npn4` under both success criteria (some checked epoch / end of training) at one bias initialization."""
    from ...swaps import swaps_table

    codes = np.array(sorted(swaps_table(4)), dtype=np.uint64)
    x, T = cube(4), cfg["trials"]
    y = np.repeat(labels_of(truth_table(codes, 4)), T, axis=0)
    out = {"codes": codes.tolist(), "sizes": cfg["sizes"], "leaks": cfg["leaks"]}
    for bias in cfg["biases"]:
        rows = out[bias] = []
        for w, d in cfg["sizes"]:
            row = []
            for leak in cfg["leaks"]:
                rng = _rng(45, seeds[0], w, d, int(round(100 * leak)), bias == "zeros")
                _, ok_any, ok_end = _end_and_any(init_boolean(4, w, d, len(y), rng, bias), x, y, leak, cfg)
                cell = {"any": ok_any.reshape(len(codes), T).sum(axis=1).tolist(),
                        "end": ok_end.reshape(len(codes), T).sum(axis=1).tolist()}
                # a class without a success (either criterion) gets the paper's 100 fresh trials, so 'succeeds at
                # least once in 100 trials' is decided; only where few classes need it (the CPU budget)
                zero = np.flatnonzero((np.array(cell["any"]) == 0) | (np.array(cell["end"]) == 0))
                cell["rerun_codes"] = codes[zero].tolist() if len(zero) <= cfg["rerun_max"] else None
                if cell["rerun_codes"]:
                    yz = np.repeat(labels_of(truth_table(codes[zero], 4)), cfg["rerun"], axis=0)
                    _, a2, e2 = _end_and_any(init_boolean(4, w, d, len(yz), rng, bias), x, yz, leak, cfg)
                    cell["rerun_any"] = a2.reshape(len(zero), cfg["rerun"]).sum(axis=1).tolist()
                    cell["rerun_end"] = e2.reshape(len(zero), cfg["rerun"]).sum(axis=1).tolist()
                row.append(cell)
            rows.append(row)
    return out


def _parity_readings(cfg, seeds):
    """`_parity_rates` without early stopping, per bias initialization: rates by both success criteria, and
    the width-3 subnetworks of the width-6 nets that succeed at the end, fine-tuned from their final weights."""
    n = cfg["digits"]
    x, lab = cube(n), labels_of(parity(n))
    out = {}
    for bias in cfg["biases"]:
        for leak in cfg["leaks"]:
            res = out[f"{bias}/leak {leak:g}"] = {}
            for w, d, trials in cfg["sizes"]:
                rng = _rng(46, seeds[0], w, d, int(round(100 * leak)), bias == "zeros")
                y = np.broadcast_to(lab, (trials, len(lab)))
                trained, ok_any, ok_end = _end_and_any(init_boolean(n, w, d, trials, rng, bias), x, y, leak, cfg)
                res[f"w{w}/d{d}"] = {"any": int(ok_any.sum()), "end": int(ok_end.sum()), "trials": trials}
                if [w, d] == cfg["prune"]["from"]:
                    ok = np.flatnonzero(ok_end)
                    sub, mask, subsets = _subnets(trained, ok, w, cfg["prune"]["width"])
                    _, s_any, s_end = _end_and_any(sub, x, np.broadcast_to(lab, (len(mask), len(lab))), leak,
                                                   dict(cfg, epochs=cfg["prune"]["epochs"]), mask=[mask])
                    res["subnet_any"] = s_any.reshape(len(ok), len(subsets)).sum(axis=1).tolist()
                    res["subnet_end"] = s_end.reshape(len(ok), len(subsets)).sum(axis=1).tolist()
                    res["subnets_per_net"] = len(subsets)
    return out


_READ = ("no early stopping: every network trains all its epochs and success is recorded both ways, 'any' = every "
         "point classified correctly (logit sign) at some checked epoch (every 50) and 'end' = after the last epoch")

RUNS = {
    "004_ch3_npn4": {
        "description": ("004 §3.4.2 (Fig. 3.5, Table 3.3, Fig. 3.6): rectangular nets on the canonical function of "
                        "each of the 222 4-input NPN classes, leak 0 (ReLU) and 0.1; " + _COMMON + "; 4,000 epochs "
                        "(the paper's); scaled down: sizes (width, depth) (2,1), (3,1), (4,1), (5,1), (2,2), (3,2) "
                        "instead of widths 2-10 x depths 1-5, and 30 trials per class and size instead of 100 "
                        "(6,660 networks per size and activation); a class with no success in its 30 trials gets "
                        "100 fresh trials (the paper's count), so 'succeeds at least once in 100 trials' is decided "
                        "for it"),
        "config": {"sizes": [[2, 1], [3, 1], [4, 1], [5, 1], [2, 2], [3, 2]], "leaks": [0.0, 0.1], "trials": 30,
                   "rerun": 100, "lr": 0.025, "epochs": 4000},
        "seeds": [0],
    },
    "004_ch3_parity_rates": {
        "description": ("004 §3.4.4 (success probabilities on four-parity): rectangular nets, " + _COMMON + "; 4,000 "
                        "epochs; leak 0.1 (§3.4's stated default) and 0 (ReLU, which §3.4.4 opens with); width 3, "
                        "width 6 (1,000 nets each), width 2 depth 2 (2,000), width 15 depth 4 (200); every width-3 "
                        "subnetwork (20) of each successful width-6 net fine-tuned from its trained weights for "
                        "4,000 epochs (removed units masked); not run: the width-2 depth-2 subnetworks of width 15 "
                        "depth 4"),
        "config": {"digits": 4, "leaks": [0.1, 0.0], "lr": 0.025, "epochs": 4000,
                   "sizes": [[3, 1, 1000], [6, 1, 1000], [2, 2, 2000], [15, 4, 200]],
                   "prune": {"from": [6, 1], "width": 3, "epochs": 4000}},
        "seeds": [0],
    },
    "004_ch3_ten_input": {
        "description": ("004 §3.4.3 (Figs. 3.7-3.8): 10-input functions: 10-parity (100 trials per size), 10 random "
                        "functions (10 trials each), 20 of the 222 4-input NPN classes (canonical code, drawn at "
                        "random) XORed with 6-parity (5 trials each); leak 0.1; " + _COMMON + "; scaled down: "
                        "1,000 epochs instead of 4,000, sizes (width, depth) (4,2) and (10,1) only; accuracy = "
                        "points classified correctly out of 1,024 after training, per network"),
        "config": {"inputs": 10, "leak": 0.1, "lr": 0.025, "epochs": 1000, "sizes": [[4, 2], [10, 1]],
                   "random": 10, "xor": 20, "trials": {"parity": 100, "random": 10, "xor": 5}},
        "seeds": [0],
    },
}

RUNS["004_ch3_dims"] = {
    "description": ("004 §3.4.3 (Fig. 3.9): n-input functions for n = 5-9: n-parity (40 trials, the paper's), 10 "
                    "random functions (4 trials each) and 20 of the 222 4-input NPN classes XORed with (n-4)-parity "
                    "(2 trials each) instead of 100 random and 222 XORed functions x 40 trials; one single-layer "
                    "net of width n (the width n-parity's swaps value n needs) instead of an average over sizes; "
                    "leak 0.1; " + _COMMON + "; 1,000 epochs instead of 4,000; accuracy = points classified "
                    "correctly out of 2^n after training, per network"),
    "config": {"inputs": [5, 6, 7, 8, 9], "leak": 0.1, "lr": 0.025, "epochs": 1000, "random": 10, "xor": 20,
               "trials": {"parity": 40, "random": 4, "xor": 2}},
    "seeds": [0],
}

RUNS["004_ch3_prune_wide"] = {
    "description": ("004 §3.4.4 (Table 3.4): exhaustive pruning of single-layer nets of width w = 2-6 on n-parity, "
                    "n = 1-min(w, 4): train up to 4 width-w nets (the paper's 'four trials'), take the first that "
                    "succeeds and fine-tune each of its width-i subnetworks (i = 1, 2, ...; from the trained "
                    "weights, removed units masked) until some succeed: the pruned width p and the count r; 20 "
                    "repetitions per cell (the paper: one); leak 0 and 0.1; " + _COMMON + "; 4,000 epochs for "
                    "training and for each fine-tuning (004: 'a fixed number of epochs'); widths 7-14 and 5-6 "
                    "digits not run"),
    "config": {"leaks": [0.0, 0.1], "widths": [2, 3, 4, 5, 6], "max_digits": 4, "reps": 20, "tries": 4,
               "lr": 0.025, "epochs": 4000, "prune_epochs": 4000},
    "seeds": [0],
}

RUNS["004_ch3_npn4_readings"] = {
    "description": ("004 §3.4.2 under the readings of its unstated choices: 004_ch3_npn4's protocol with "
                    f"PyTorch-default uniform and with zero biases, {_READ}; Adam lr 0.025, BCE with logits, He-normal "
                    "weights, 4,000 epochs, leak 0 and 0.1; 5 trials per class and size (1,110 networks) instead of "
                    "100, sizes (2,1), (3,1), (4,1), (5,1), (2,2), (3,2); where at most 25 classes have no success in "
                    "their 5 trials (either criterion) those get 100 fresh trials, elsewhere 'succeeds at least once "
                    "in 100 trials' is not decided (rerun_codes null)"),
    "config": {"sizes": [[2, 1], [3, 1], [4, 1], [5, 1], [2, 2], [3, 2]], "leaks": [0.0, 0.1], "trials": 5,
               "rerun": 100, "rerun_max": 25, "lr": 0.025, "epochs": 4000, "biases": ["uniform", "zeros"]},
    "seeds": [0],
}
RUNS["004_ch3_parity_readings"] = {
    "description": ("004 §3.4.4 under the readings of its unstated choices: four-parity success rates with "
                    f"PyTorch-default uniform and with zero biases, leak 0.1 and 0, {_READ}; Adam lr 0.025, BCE with "
                    "logits, He-normal weights, 4,000 epochs; width 3 (1,000 nets), width 6 (500), width 2 depth 2 "
                    "(1,000); every width-3 subnetwork (20) of each width-6 net that succeeds at the end fine-tuned "
                    "4,000 epochs from its final weights (removed units masked), success recorded both ways; width "
                    "15 depth 4 not run"),
    "config": {"digits": 4, "biases": ["uniform", "zeros"], "leaks": [0.1, 0.0], "lr": 0.025, "epochs": 4000,
               "sizes": [[3, 1, 1000], [6, 1, 500], [2, 2, 1000]],
               "prune": {"from": [6, 1], "width": 3, "epochs": 4000}},
    "seeds": [0],
}

RUNNERS = {"004_ch3_prune_wide": _prune_wide, "004_ch3_dims": _dims, "004_ch3_npn4": _npn4,
           "004_ch3_parity_rates": _parity_rates,
           "004_ch3_ten_input": _ten_input, "004_ch3_npn4_readings": _npn4_readings,
           "004_ch3_parity_readings": _parity_readings}
