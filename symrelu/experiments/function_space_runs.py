"""Seeded, scaled-down runs of 003's and 004's small training experiments (numpy, no torch).

003 (Tables 1 and 3, Figs. 2, 3 and 5) and 004 (Table 5.1) train small scalar
ReLU networks by full-batch gradient descent; 004's Table 4.2 trains 2-input
networks by full-batch Adam.  Here every network of a run is
trained at once: the weights of ``B`` networks are stacked as ``(B, out, in)``
arrays and one numpy step updates all of them (`train_stacked`).  A run's
numbers ship as package data (``symrelu/data/experiments_<name>.json``) with
their configuration, seeds, library versions, timings and sha256, written and
checked by `symrelu.experiments.results` (`save`, `content_hash`); `load_run`
reads them, and ``python -m symrelu.experiments.function_space_runs
--recompute NAME`` reruns one and compares.

Conventions (each run's ``description`` repeats what it uses):

* "standard" initialization is PyTorch's ``nn.Linear`` default (weights and
  biases ``U(-1/sqrt(fan_in), 1/sqrt(fan_in))``), which 003's appendix §3.1.1
  names as its baseline;
* 003's loss is ``sum_n (f(x_n) - y_n)^2 / 2`` (003 §2.3, as
  `symrelu.function_space.train_gd`); 004's is the mean squared error (or
  binary cross-entropy, Table 4.2).

>>> "003_table_1" in RUNS and "004_table_5_1" in RUNS
True

More runs live one module each in `symrelu.experiments.runs` and register
themselves here (see `_register_run_modules`).
"""

from __future__ import annotations

import copy
import importlib
import math
import os
import sys
import time

import numpy as np

from .._cli import Parser, int_in, run_main
from ..errors import InvalidArgument, InvalidArgumentType, SizeLimitExceeded, check_limit
from .results import _check_seeds, content_hash, environment, read_checked, save

__all__ = ["RUNS", "stacked_network", "forward_stacked", "train_stacked", "run", "load_run", "run_path", "main"]

FORMAT = {"format": "symrelu.experiments function-space run", "version": 1}

_LO, _HI = -2.0, 2.0

#: 003's target functions by name (appendix §3.1.1 and §3.1.3, on [-2, 2]).
TARGETS_003 = {
    "sine": np.sin,
    "arctan": np.arctan,
    # minimum -1 at the endpoints, 4 peaks of height 1 (appendix §3.1.3): a triangle wave of period 1
    "sawtooth": lambda x: 1 - 4 * np.abs((x - 0.5) - np.floor(x - 0.5 + 0.5)),
    "cubic": lambda x: x**3 / 4 + x**2 / 2 - x / 2,
    "quadratic": lambda x: x**2 / 2,
    "exp": lambda x: np.exp(0.5 * x),
}

#: The runs: configuration and seeds (what ships; the recompute reruns exactly this).
RUNS = {
    "003_table_1": {
        "description": ("003 Table 1 (appendix §3.1.1): shallow 21-unit ReLU net on [-2, 2], training data every .01 "
                        "(401 points), full-batch GD on sum (f - y)^2 / 2, lr 5e-5, 10000 epochs (the paper's "
                        "protocol), standard = PyTorch default init, uniform = the same network with its "
                        "breakpoints redrawn U[-2, 2] (weights and delta-slopes kept, the paper's N(0, .01) noise on "
                        "the breakpoint values not added); test loss sum (f - y)^2 / 2 on the 400 midpoints; one "
                        "standard network per seed, 10 seeds instead of 5"),
        "config": {"units": 21, "points": 401, "lr": 5e-5, "epochs": 10000, "targets": ["sine", "quadratic"]},
        "seeds": list(range(10)),
    },
    "003_table_3": {
        "description": ("003 Table 3, shallow columns (appendix §3.1.3): 21-unit net, 20 training points U[-2, 2] "
                        "per seed, GD on sum (f - y)^2 / 2 for 20000 epochs (the paper's), lr 1e-4 (standard) and "
                        "2e-5 (spiky); spiky = the CPWL through 20 equally spaced knots on [-2, 2] with values "
                        "U[-2, 2] (flat outside), built exactly into 20 balanced units (|w| = |v|), the 21st unit "
                        "standard with output weight 0; test loss sum (f - y)^2 / 2 on the grid every .01 (401 "
                        "points); 10 seeds instead of 5; the deep columns are not run"),
        "config": {"units": 21, "train_points": 20, "knots": 20, "lr": 1e-4, "spiky_lr": 2e-5, "epochs": 20000,
                   "targets": ["sine", "arctan", "sawtooth", "cubic", "quadratic", "exp"]},
        "seeds": list(range(10)),
    },
    "003_figure_3": {
        "description": ("003 Fig. 3 (appendix §3.1.2): (1, 8, 8, 8, 8, 1) ReLU net, standard init, on [-2, 2] "
                        "(401 points), GD on sum (f - y)^2 / 2, lr 1e-4, 10000 epochs (the paper's); roughness per "
                        "hidden layer at initialization and after training, two ways: the layer's units (sum over them "
                        "of the squared delta-slopes of relu(z_i) on [-2, 2]) and the output (sum of the output's "
                        "squared slope jumps at the breakpoints the layer induces in [-2, 2]), exact CPWL engine; "
                        "10 seeds"),
        "config": {"widths": [1, 8, 8, 8, 8, 1], "points": 401, "lr": 1e-4, "epochs": 10000,
                   "targets": ["quadratic", "sine"]},
        "seeds": list(range(10)),
    },
    "003_figure_2": {
        "description": ("003 Fig. 2 (appendix §3.3): (1, 8, 8, 8, 8, 8, 1) ReLU net, standard init, GD on "
                        "sum (f - y)^2 / 2, lr 5e-5, on Fig. 8's two gap data sets (its functions are not given: "
                        "'smooth' = sin(x), 'sharp' = sign(x), 30 equally spaced points on each of [-3, -0.5] and "
                        "[0.5, 3]); scaled down: 10000 epochs instead of 'until convergence'; breakpoints per layer "
                        "on [-3, 3] every 50 epochs (exact CPWL engine, symrelu.function_space.breakpoint_dynamics): "
                        "births plus deaths and mean speed per hidden layer; 10 seeds"),
        "config": {"widths": [1, 8, 8, 8, 8, 8, 1], "side_points": 30, "lr": 5e-5, "epochs": 10000, "every": 50,
                   "targets": ["smooth", "sharp"]},
        "seeds": list(range(10)),
    },
    "003_figure_5": {
        "description": ("003 Fig. 5: shallow ReLU nets on Fig. 8's two gap data sets ('smooth' = sin(x), 'sharp' = "
                        "sign(x), 30 equally spaced points on each of [-3, -0.5] and [0.5, 3]; Fig. 8's functions are "
                        "not given), GD on sum (f - y)^2 / 2, lr 2e-4, 10000 epochs (the paper trains 'to "
                        "convergence' with unstated lr and sizes); roughness in the gap = sum of mu_i^2 = (v_i |w_i|)^2 over "
                        "units whose breakpoint -b_i/w_i lies in (-0.5, 0.5), after training; width sweep H = 10, 40, "
                        "160 with the standard init (160 >> 60 data points: the overparameterized regime of §2.4); variance sweep at H = 20: first-layer weights and biases "
                        "N(0, sigma_w^2) with sigma_w = 0.25, 0.5, 1, output layer standard; 10 seeds (the paper: 4 "
                        "trials)"),
        "config": {"widths": [10, 40, 160], "sigmas": [0.25, 0.5, 1.0], "sigma_width": 20, "side_points": 30,
                   "lr": 2e-4, "epochs": 10000, "targets": ["smooth", "sharp"]},
        "seeds": list(range(10)),
    },
    "004_table_4_2": {
        "description": ("004 Table 4.2 (§4.2.1), scaled down to its batch-1000 rows: circle (radius r1) vs annulus "
                        "(r1 sqrt 2 to 2 r1), 500 + 500 points sampled uniformly by area, fresh per network, r1 = 0.5 "
                        "or the samples scaled to standard deviation one ('normalize'); a 2-4-1 leaky ReLU network "
                        "(004 does not state the width; 4 hidden units draw the quadrilateral of Fig. 4.6), PyTorch "
                        "default init, Adam (lr 0.01, betas 0.9, 0.999) full batch for 1000 epochs on MSE (targets "
                        "0/1, output thresholded at 1/2) or BCE with logits (threshold 0); success = at least 95% of "
                        "the 1000 training points classified correctly; leak 0 or 0.1; 100 networks per row (the "
                        "paper's); batch sizes 10 and 100 and leak 0.01 not run"),
        "config": {"width": 4, "leaks": [0.0, 0.1], "losses": ["MSE", "BCE"], "normalize": [False, True],
                   "points": 1000, "r1": 0.5, "lr": 0.01, "epochs": 1000, "inits": 100, "threshold": 0.95},
        "seeds": [0],
    },
    "004_table_5_1": {
        "description": ("004 Table 5.1 (§5.3): rectangular nets (width nodes per hidden layer, depth hidden layers), "
                        "PyTorch default init, sine on 100 uniformly spaced points of [-pi, pi], full-batch SGD "
                        "(batch size not stated in 004; read as full batch) on the mean squared error, lr 0.1, "
                        "200 epochs; an initialization succeeds when its final MSE is below 0.45 (a diverged run "
                        "fails); scaled down: widths 1, 2, 4, 10 x depths 1, 2, 4, 6, 8, 10 and 100 "
                        "initializations per cell (each cell its own seed stream)"),
        "config": {"widths": [1, 2, 4, 10], "depths": [1, 2, 4, 6, 8, 10], "inits": 100, "points": 100,
                   "lr": 0.1, "epochs": 200, "threshold": 0.45},
        "seeds": [0],
    },
}


_DATA = os.path.join(os.path.dirname(os.path.dirname(__file__)), "data")


def _check_name(name) -> str:
    if isinstance(name, str) and name in RUNS:
        return name
    error = InvalidArgument if isinstance(name, str) else InvalidArgumentType
    raise error("name", name, f"a run name, one of {sorted(RUNS)}")


def run_path(name: str) -> str:
    """The shipped file of run ``name`` (``symrelu/data/experiments_<name>.json``).

    >>> os.path.basename(run_path("003_table_1"))
    'experiments_003_table_1.json'
    """
    return os.path.join(_DATA, f"experiments_{_check_name(name)}.json")


# -- stacked networks -----------------------------------------------------------------------
def stacked_network(widths, batch: int, rng, *, max_parameters: int = 10**8) -> list:
    """``batch`` PyTorch-default-initialized networks of ``widths``, stacked: ``[(W (B, out, in), b (B, out)), ...]``.

    ``rng`` is a `numpy.random.Generator` or a seed for one; at most
    ``max_parameters`` weights and biases in all.

    >>> [W.shape for W, b in stacked_network([1, 3, 1], 2, np.random.default_rng(0))]
    [(2, 3, 1), (2, 1, 3)]
    """
    if isinstance(widths, (str, bytes)) or not hasattr(widths, "__iter__"):
        raise InvalidArgumentType("widths", widths, "a sequence of positive ints")
    widths = list(widths)
    if len(widths) < 2 or any(isinstance(w, bool) or not isinstance(w, (int, np.integer)) or w < 1 for w in widths):
        raise InvalidArgument("widths", widths, "at least two positive ints")
    if isinstance(batch, bool) or not isinstance(batch, (int, np.integer)) or batch < 1:
        raise InvalidArgument("batch", batch, "an int >= 1")
    limit = check_limit("max_parameters", max_parameters)
    size = sum((int(a) + 1) * int(b) for a, b in zip(widths[:-1], widths[1:])) * int(batch)
    if size > limit:
        raise SizeLimitExceeded("batch", batch, size=size, limit=limit, unit="parameters", option="max_parameters")
    if isinstance(rng, (bool, float, str, bytes)) or rng is None:  # None would draw an unseeded, unreproducible run
        raise InvalidArgumentType("rng", rng, "a numpy.random.Generator or an int seed >= 0")
    try:
        rng = np.random.default_rng(rng)
    except (TypeError, ValueError) as exc:
        raise InvalidArgumentType("rng", rng, f"a numpy.random.Generator or an int seed >= 0 ({exc})") from None
    out = []
    for fan_in, fan_out in zip(widths[:-1], widths[1:]):
        a = 1 / math.sqrt(fan_in)
        out.append((rng.uniform(-a, a, (batch, fan_out, fan_in)), rng.uniform(-a, a, (batch, fan_out))))
    return out


def forward_stacked(params, x) -> np.ndarray:
    """Outputs ``(B, N)`` of stacked scalar networks at the points ``x`` ((N,) or (B, N)).

    >>> p = [(np.ones((1, 1, 1)), np.zeros((1, 1))), (np.ones((1, 1, 1)), np.zeros((1, 1)))]
    >>> forward_stacked(p, np.array([-1.0, 2.0])).tolist()
    [[0.0, 2.0]]
    """
    B = _check_params(params)
    x = _points("x", x, B)
    return _forward(params, x)


def _forward(params, x):
    a = np.broadcast_to(x.reshape(-1, 1, x.shape[-1]), (params[0][0].shape[0], 1, x.shape[-1]))
    for l, (W, b) in enumerate(params):
        a = W @ a + b[..., None]
        if l < len(params) - 1:
            a = np.maximum(a, 0.0)
    return a[:, 0, :]


def _check_params(params) -> int:
    """Stacked scalar networks ``[(W (B, out, in), b (B, out)), ...]`` (one input, one output): their count B.

    Non-finite weights are allowed: `train_stacked` leaves a diverged network so.
    """
    allowed = "stacked scalar networks [(W (B, out, in), b (B, out)), ...] with one input and one output"
    if isinstance(params, (str, bytes, dict, np.ndarray)) or not isinstance(params, (list, tuple)) or not params:
        raise InvalidArgumentType("params", params, allowed)
    fan_in, B = 1, None
    for l, layer in enumerate(params):
        if not isinstance(layer, (list, tuple)) or len(layer) != 2 \
                or not all(isinstance(a, np.ndarray) and a.dtype.kind in "fiu" for a in layer):
            raise InvalidArgumentType("params", params, f"{allowed}: layer {l} is not a pair of numeric arrays")
        W, b = layer
        B = W.shape[0] if B is None and W.ndim == 3 else B
        if W.ndim != 3 or b.ndim != 2 or W.shape[0] != B or W.shape[2] != fan_in or b.shape != W.shape[:2] \
                or not W.size:
            raise InvalidArgument("params", f"layer {l} of shapes {W.shape}, {b.shape}", allowed)
        fan_in = W.shape[1]
    if fan_in != 1:
        raise InvalidArgument("params", f"{fan_in} outputs", allowed)
    return B


def _points(name, value, B) -> np.ndarray:
    """Finite numbers of shape ``(N,)`` or ``(B, N)``, N >= 1, as a float array."""
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise InvalidArgumentType(name, value, f"finite numbers of shape (N,) or ({B}, N)") from None
    if arr.ndim not in (1, 2) or not arr.shape[-1] or (arr.ndim == 2 and arr.shape[0] != B) \
            or not np.all(np.isfinite(arr)):
        raise InvalidArgument(name, value, f"finite numbers of shape (N,) or ({B}, N), N >= 1")
    return arr


def train_stacked(params, x, y, *, lr, epochs: int, loss: str = "half-sum"):
    """Full-batch gradient descent on every stacked network at once; returns ``(params, final losses (B,))``.

    ``x`` and ``y`` are ``(N,)`` or ``(B, N)`` (data per network); ``lr`` a number or a ``(B,)`` array; ``loss``
    ``'half-sum'`` (``sum (f - y)^2 / 2``) or ``'mean'`` (``mean (f - y)^2``).  A
    network whose weights overflow keeps non-finite values and an infinite loss.

    >>> rng = np.random.default_rng(0); x = np.linspace(-1, 1, 21)
    >>> p0 = stacked_network([1, 8, 1], 3, rng)
    >>> _, before = train_stacked(p0, x, x**2, lr=1e-2, epochs=0)
    >>> _, after = train_stacked(p0, x, x**2, lr=1e-2, epochs=200)
    >>> bool(np.all(after < before))
    True
    """
    if not isinstance(loss, str) or loss not in ("half-sum", "mean"):
        raise InvalidArgument("loss", loss, "'half-sum' or 'mean'")
    if isinstance(epochs, bool) or not isinstance(epochs, (int, np.integer)) or epochs < 0:
        raise InvalidArgument("epochs", epochs, "an int >= 0")
    B = _check_params(params)
    x = _points("x", x, B)
    N = x.shape[-1]
    y = _points("y", y, B)
    if y.shape[-1] != N:
        raise InvalidArgument("y", value=f"shape {y.shape}", allowed=f"one value per point of x (len(x)={N}): "
                              f"shape ({N},) or ({B}, {N})")
    y = np.broadcast_to(y, (B, N))
    try:
        lr = np.broadcast_to(np.asarray(lr, float), (B,))
    except (TypeError, ValueError):
        raise InvalidArgument("lr", lr, f"a finite number >= 0 or {B} of them") from None
    if not np.all(np.isfinite(lr) & (lr >= 0)):
        raise InvalidArgument("lr", lr, f"a finite number >= 0 or {B} of them")
    scale = 1.0 if loss == "half-sum" else 2.0 / N
    params = [(W.copy(), b.copy()) for W, b in params]
    a0 = np.broadcast_to(x.reshape(-1, 1, N), (B, 1, N))
    L = len(params)
    with np.errstate(over="ignore", invalid="ignore"):  # a diverging network is reported by its loss
        for _ in range(int(epochs)):
            acts, a = [a0], a0
            for l, (W, b) in enumerate(params):
                a = W @ a + b[..., None]
                if l < L - 1:
                    a = np.maximum(a, 0.0)
                    acts.append(a)
            delta = scale * (a - y[:, None, :])
            for l in range(L - 1, -1, -1):
                W, b = params[l]
                gW, gb = delta @ acts[l].transpose(0, 2, 1), delta.sum(axis=2)
                if l > 0:
                    delta = (W.transpose(0, 2, 1) @ delta) * (acts[l] > 0)
                params[l] = (W - lr[:, None, None] * gW, b - lr[:, None] * gb)
        err = _forward(params, x) - y
        final = 0.5 * np.sum(err**2, axis=1) if loss == "half-sum" else np.mean(err**2, axis=1)
    final = np.where(np.isfinite(final), final, np.inf)
    return params, final


def _select(params, idx):
    return [(W[idx], b[idx]) for W, b in params]


def _concat(*stacks):
    return [(np.concatenate([s[l][0] for s in stacks]), np.concatenate([s[l][1] for s in stacks]))
            for l in range(len(stacks[0]))]


def _half_sum_loss(params, x, y):
    return 0.5 * np.sum((_forward(params, x) - y) ** 2, axis=1)


# -- the runs ---------------------------------------------------------------------------------
def _table_1(cfg, seeds):
    x = np.linspace(_LO, _HI, cfg["points"])
    xt = (x[:-1] + x[1:]) / 2
    stacks = []
    for s in seeds:  # per seed: its standard network, then the same with breakpoints redrawn uniformly
        rng = np.random.default_rng([3, 1, s])
        std = stacked_network([1, cfg["units"], 1], 1, rng)
        (W1, _), last = std
        beta = rng.uniform(_LO, _HI, W1.shape[1])
        stacks += [std, [(W1.copy(), -W1[:, :, 0] * beta[None, :]), last]]
    both = _concat(*stacks)
    targets = cfg["targets"]
    every = _concat(*([both] * len(targets)))  # all seeds and targets trained at once
    y = np.concatenate([np.broadcast_to(TARGETS_003[t](x), (2 * len(seeds), len(x))) for t in targets])
    trained, _ = train_stacked(every, x, y, lr=cfg["lr"], epochs=cfg["epochs"])
    out = {}
    for k, t in enumerate(targets):
        f = TARGETS_003[t]
        test = _half_sum_loss(_select(trained, slice(2 * len(seeds) * k, 2 * len(seeds) * (k + 1))), xt, f(xt))
        out[t] = {"standard": test[0::2].tolist(), "uniform": test[1::2].tolist()}
    return out


def _spiky_shallow(knots, values, extra):
    """A shallow net equal to the CPWL through ``(knots, values)``, flat outside, plus ``extra`` unit(s) with v = 0."""
    slopes = np.concatenate(([0.0], np.diff(values) / np.diff(knots), [0.0]))
    mu = np.diff(slopes)
    w = np.sqrt(np.abs(mu))
    We, be = extra
    W1 = np.concatenate((w, We[0, :, 0]))[None, :, None]
    b1 = np.concatenate((-w * knots, be[0]))[None, :]
    V = np.concatenate((np.sign(mu) * w, np.zeros(We.shape[1])))[None, None, :]
    return [(W1, b1), (V, np.array([[values[0]]]))]


def _table_3(cfg, seeds):
    grid = np.linspace(_LO, _HI, 401)
    knots = np.linspace(_LO, _HI, cfg["knots"])
    H = cfg["units"]
    stacks, xs = [], []
    for s in seeds:  # per seed: training points, a standard network and a spiky one
        rng = np.random.default_rng([3, 3, s])
        xs.append(np.sort(rng.uniform(_LO, _HI, cfg["train_points"])))
        std = stacked_network([1, H, 1], 1, rng)
        values = rng.uniform(-2.0, 2.0, cfg["knots"])
        k = H - cfg["knots"]  # the standard network's last k units complete the spiky one
        stacks += [std, _spiky_shallow(knots, values, (std[0][0][:, -k:, :], std[0][1][:, -k:]))]
    both = _concat(*stacks)
    lr = np.tile([cfg["lr"], cfg["spiky_lr"]], len(seeds))
    out = {}
    for t in cfg["targets"]:
        f = TARGETS_003[t]
        # each seed has its own training points: train per seed pair (the pairs share nothing else)
        test, train = [], []
        for i in range(len(seeds)):
            trained, train_loss = train_stacked(_select(both, slice(2 * i, 2 * i + 2)), xs[i], f(xs[i]),
                                                lr=lr[2 * i:2 * i + 2], epochs=cfg["epochs"])
            test.append(_half_sum_loss(trained, grid, f(grid)))
            train.append(train_loss)
        test, train = np.concatenate(test), np.concatenate(train)
        out[t] = {"standard": test[0::2].tolist(), "spiky": test[1::2].tolist(),
                  "standard_train": train[0::2].tolist(), "spiky_train": train[1::2].tolist()}
    return out


def _figure_3(cfg, seeds):
    from ..function_space import layer_delta_slopes, layer_roughness
    from ..network import ReLUNetwork

    x = np.linspace(_LO, _HI, cfg["points"])
    targets = cfg["targets"]
    p0 = _concat(*[stacked_network(cfg["widths"], 1, np.random.default_rng([3, 30, s])) for s in seeds])
    every = _concat(*([p0] * len(targets)))  # all seeds and targets trained at once
    y = np.concatenate([np.broadcast_to(TARGETS_003[t](x), (len(seeds), len(x))) for t in targets])
    trained, _ = train_stacked(every, x, y, lr=cfg["lr"], epochs=cfg["epochs"])

    def net(params, i):
        return ReLUNetwork([(W[i], b[i]) for W, b in params], exact=False)

    def basis(params, i):  # the layer's units' own roughness
        return layer_roughness(net(params, i), _LO, _HI).tolist()

    def output(params, i):  # the output's squared slope jumps at the breakpoints the layer induces
        return [float(np.sum(m**2)) for m in layer_delta_slopes(net(params, i), _LO, _HI)]

    n = len(seeds)
    return {t: {"init": [basis(p0, i) for i in range(n)],
                "trained": [basis(trained, k * n + i) for i in range(n)],
                "output_init": [output(p0, i) for i in range(n)],
                "output_trained": [output(trained, k * n + i) for i in range(n)]}
            for k, t in enumerate(targets)}


#: Fig. 8's gap data (003 appendix; its functions are not given, these are ours).
GAP_TARGETS = {"smooth": np.sin, "sharp": np.sign}


def _gap_points(side_points):
    return np.concatenate((np.linspace(-3.0, -0.5, side_points), np.linspace(0.5, 3.0, side_points)))


def _figure_2(cfg, seeds):
    from ..function_space import breakpoint_dynamics
    from ..network import ReLUNetwork

    x = _gap_points(cfg["side_points"])
    p0 = _concat(*[stacked_network(cfg["widths"], 1, np.random.default_rng([3, 20, s])) for s in seeds])
    targets, n = cfg["targets"], len(seeds)
    params = _concat(*([p0] * len(targets)))  # all seeds and targets trained at once
    y = np.concatenate([np.broadcast_to(GAP_TARGETS[t](x), (n, len(x))) for t in targets])
    snaps = [[] for _ in range(n * len(targets))]
    for epoch in range(0, cfg["epochs"] + 1, cfg["every"]):
        for i in range(len(snaps)):
            snaps[i].append((epoch, ReLUNetwork([(W[i], b[i]) for W, b in params], exact=False)))
        if epoch < cfg["epochs"]:
            params, _ = train_stacked(params, x, y, lr=cfg["lr"], epochs=cfg["every"])
    out = {}
    for k, t in enumerate(targets):
        dyn = [breakpoint_dynamics(snaps[k * n + i], -3.0, 3.0) for i in range(n)]
        out[t] = {"changes": [d.changes.tolist() for d in dyn],
                  "speeds": [np.nan_to_num(d.speeds, nan=-1.0).tolist() for d in dyn]}
    return out


def _gap_roughness(params):
    (W1, b1), (V, _) = params
    w, b, v = W1[:, :, 0], b1, V[:, 0, :]
    with np.errstate(divide="ignore", invalid="ignore"):
        beta = np.where(w != 0, -b / w, np.inf)
    inside = (beta > -0.5) & (beta < 0.5)
    return np.sum(np.where(inside, (v * np.abs(w)) ** 2, 0.0), axis=1)


def _padded(W1, b1, V, c, H):
    """A shallow net with ``H - width`` zero units appended (GD keeps them zero), stacked."""
    pad = ((0, 0), (0, H - W1.shape[1]))
    return [(np.pad(W1, pad)[:, :, None], np.pad(b1, pad)), (np.pad(V, pad)[:, None, :], c)]


def _figure_5(cfg, seeds):
    x = _gap_points(cfg["side_points"])
    groups = {"width": [], "sigma": []}  # (label, stacked net); each group trained at its own padded width
    for s in seeds:
        for h in cfg["widths"]:
            (W1, b1), (V, c) = stacked_network([1, h, 1], 1, np.random.default_rng([3, 50, s, h]))
            groups["width"].append((f"width/{h}", _padded(W1[:, :, 0], b1, V[:, 0, :], c, max(cfg["widths"]))))
        for sig in cfg["sigmas"]:
            rng = np.random.default_rng([3, 51, s, int(round(100 * sig))])
            h = cfg["sigma_width"]
            (_, _), (V, c) = stacked_network([1, h, 1], 1, rng)
            W1, b1 = rng.normal(0, sig, (1, h)), rng.normal(0, sig, (1, h))
            groups["sigma"].append((f"sigma/{sig:g}", _padded(W1, b1, V[:, 0, :], c, h)))
    targets = cfg["targets"]
    out = {t: {"train_loss_max": 0.0} for t in targets}
    for members in groups.values():
        labels, p0, m = [g[0] for g in members], _concat(*[g[1] for g in members]), len(members)
        y = np.concatenate([np.broadcast_to(GAP_TARGETS[t](x), (m, len(x))) for t in targets])
        trained, loss = train_stacked(_concat(*([p0] * len(targets))), x, y, lr=cfg["lr"], epochs=cfg["epochs"])
        rough = _gap_roughness(trained)
        for k, t in enumerate(targets):
            out[t]["train_loss_max"] = max(out[t]["train_loss_max"], float(np.max(loss[k * m:(k + 1) * m])))
            for label, r in zip(labels, rough[k * m:(k + 1) * m]):
                out[t].setdefault(label, []).append(float(r))
    return out


def _table_5_1(cfg, seeds):
    x = np.linspace(-np.pi, np.pi, cfg["points"])
    out = {"successes": [], "final_mse_median": []}
    for w in cfg["widths"]:
        row_s, row_m = [], []
        for d in cfg["depths"]:
            rng = np.random.default_rng([4, 51, seeds[0], w, d])
            p0 = stacked_network([1] + [w] * d + [1], cfg["inits"], rng)
            _, mse = train_stacked(p0, x, np.sin(x), lr=cfg["lr"], epochs=cfg["epochs"], loss="mean")
            row_s.append(int(np.sum(mse < cfg["threshold"])))
            row_m.append(float(np.median(np.where(np.isfinite(mse), mse, 1e300))))
        out["successes"].append(row_s)
        out["final_mse_median"].append(row_m)
    return out


def _adam_circle(params, x, label, *, leak, loss, lr, epochs):
    """Full-batch Adam on stacked 2-input leaky ReLU nets (one hidden layer); returns the training accuracy (B,)."""
    b1, b2, eps = 0.9, 0.999, 1e-8
    (W1, c1), (W2, c2) = [(W.copy(), b.copy()) for W, b in params]
    state = [np.zeros_like(a) for a in (W1, c1, W2, c2)] * 2
    N = x.shape[2]
    with np.errstate(over="ignore", invalid="ignore"):
        for step in range(1, epochs + 1):
            z = W1 @ x + c1[..., None]                      # (B, H, N)
            a = np.where(z > 0, z, leak * z)
            out = (W2 @ a + c2[..., None])[:, 0, :]         # (B, N)
            if loss == "MSE":
                g = 2.0 * (out - label) / N
            else:
                g = (1.0 / (1.0 + np.exp(-out)) - label) / N
            g = g[:, None, :]
            gW2, gc2 = g @ a.transpose(0, 2, 1), g.sum(axis=2)
            d = (W2.transpose(0, 2, 1) @ g) * np.where(z > 0, 1.0, leak)
            gW1, gc1 = d @ x.transpose(0, 2, 1), d.sum(axis=2)
            new = []
            for k, (p, gp) in enumerate(zip((W1, c1, W2, c2), (gW1, gc1, gW2, gc2))):
                m = state[k] = b1 * state[k] + (1 - b1) * gp
                v = state[4 + k] = b2 * state[4 + k] + (1 - b2) * gp * gp
                new.append(p - lr * (m / (1 - b1**step)) / (np.sqrt(v / (1 - b2**step)) + eps))
            W1, c1, W2, c2 = new
        z = W1 @ x + c1[..., None]
        out = (W2 @ np.where(z > 0, z, leak * z) + c2[..., None])[:, 0, :]
    pred = out > (0.5 if loss == "MSE" else 0.0)
    return np.mean(pred == (label > 0.5), axis=1)


def _circle_annulus(rng, batch, n, r1):
    """``n/2`` points uniform in the disk of radius r1 (label 1), ``n/2`` in the annulus r1 sqrt 2 .. 2 r1 (label 0)."""
    half = n // 2
    r_in = r1 * np.sqrt(rng.uniform(0, 1, (batch, half)))
    r_out = r1 * np.sqrt(rng.uniform(2, 4, (batch, n - half)))
    r = np.concatenate((r_in, r_out), axis=1)
    t = rng.uniform(0, 2 * np.pi, (batch, n))
    x = np.stack((r * np.cos(t), r * np.sin(t)), axis=1)   # (B, 2, n)
    label = np.concatenate((np.ones((batch, half)), np.zeros((batch, n - half))), axis=1)
    return x, label


def _table_4_2(cfg, seeds):
    out = {"rows": []}
    for loss in cfg["losses"]:
        for leak in cfg["leaks"]:
            for norm in cfg["normalize"]:
                rng = np.random.default_rng([4, 42, seeds[0], cfg["losses"].index(loss), int(round(100 * leak)),
                                             int(norm)])
                x, label = _circle_annulus(rng, cfg["inits"], cfg["points"], cfg["r1"])
                if norm:
                    x = x / x.std(axis=(1, 2), keepdims=True)
                params = stacked_network([2, cfg["width"], 1], cfg["inits"], rng)
                acc = _adam_circle(params, x, label, leak=leak, loss=loss, lr=cfg["lr"], epochs=cfg["epochs"])
                out["rows"].append({"loss": loss, "leak": leak, "normalize": norm,
                                    "successes": int(np.sum(acc >= cfg["threshold"])),
                                    "accuracy_median": float(np.median(acc))})
    return out


_RUNNERS = {"004_table_4_2": _table_4_2, "003_figure_2": _figure_2, "003_figure_5": _figure_5, "003_table_1": _table_1, "003_table_3": _table_3, "003_figure_3": _figure_3, "004_table_5_1": _table_5_1}
_RUNNERS_BUILTIN = frozenset(_RUNNERS)
_COMPARE: dict = {}
_NEEDS: dict = {}


def _register_run_modules():
    """Add the runs of every module of `symrelu.experiments.runs` to `RUNS`.

    A run module defines ``RUNS`` (name -> description, config, seeds: JSON data,
    as above), ``RUNNERS`` (name -> ``runner(config, seeds) -> values``) and
    optionally ``COMPARE`` (name -> ``compare(new, old) -> largest relative
    difference`` of two result dicts; the default compares every number of
    ``values`` when the seeds agree) and ``NEEDS`` (name -> optional packages the
    runner imports, e.g. ``("torch",)``; loading the shipped file needs none).
    Modules whose name starts with ``_`` are not registered (work in progress).
    """
    import importlib
    import pkgutil

    from . import runs
    for info in sorted(pkgutil.iter_modules(runs.__path__), key=lambda i: i.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{runs.__name__}.{info.name}")
        for name, spec in module.RUNS.items():
            if name in RUNS:
                raise RuntimeError(f"run {name!r} of {module.__name__} is already registered")
            RUNS[name] = spec
            _RUNNERS[name] = module.RUNNERS[name]
        _COMPARE.update(getattr(module, "COMPARE", {}))
        _NEEDS.update(getattr(module, "NEEDS", {}))


_register_run_modules()


def _run_seeds(name, seeds) -> list:
    seeds = _check_seeds("seeds", seeds)
    if len(RUNS[name]["seeds"]) == 1 and len(seeds) != 1:  # 004's runs draw everything from one seed stream
        raise InvalidArgument("seeds", seeds, f"one seed: run {name!r} uses a single seed stream")
    return seeds


def run(name: str, *, seeds=None) -> dict:
    """Run ``name``'s experiment (its shipped configuration; ``seeds`` a subset to run fewer) and return the result dict.

    >>> r = run("003_table_1", seeds=[0])   # doctest: +SKIP
    """
    _check_name(name)
    spec = RUNS[name]
    seeds = list(spec["seeds"]) if seeds is None else _run_seeds(name, seeds)
    t0 = time.perf_counter()
    values = _RUNNERS[name](spec["config"], seeds)
    seconds = time.perf_counter() - t0
    env = environment(threads=1)
    if "torch" not in _NEEDS.get(name, ()):  # a numpy run: torch's version says nothing about it
        env.pop("torch", None)
        env.pop("threads", None)
    result = {**FORMAT, "name": name, "description": spec["description"], "config": copy.deepcopy(spec["config"]),
              "seeds": seeds, "environment": env, "seconds": {"total": round(seconds, 3)}, "values": values}
    result["sha256"] = content_hash(result)
    return result


def load_run(name: str, path=None) -> dict:
    """Run ``name``'s shipped result (or the file ``path``), its sha256 checked.

    >>> r = load_run("003_table_1")
    >>> len(r["values"]["sine"]["standard"]) == len(r["seeds"])
    True
    """
    _check_name(name)
    return read_checked(run_path(name) if path is None else path, name, what=f"a result file of run {name!r}",
                        format=FORMAT)


def _nanmax(values) -> float:
    """The largest of ``values`` (0 when empty), nan when any is nan (a mismatch is never hidden by max)."""
    return float(np.max(np.fromiter(values, float), initial=0.0))


def _max_rel_diff_values(a, b) -> float:
    """Largest relative difference between the numbers of two results' ``values`` (nan when their shapes differ)."""
    if isinstance(a, dict) and isinstance(b, dict):
        if a.keys() != b.keys():
            return float("nan")
        return _nanmax(_max_rel_diff_values(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        if len(a) != len(b):
            return float("nan")
        return _nanmax(_max_rel_diff_values(u, v) for u, v in zip(a, b))
    if isinstance(a, str) or isinstance(b, str) or a is None or b is None:
        return 0.0 if a == b else float("nan")
    return _max_rel_diff([a], [b])


def _max_rel_diff(a, b) -> float:
    a, b = np.asarray(a, float), np.asarray(b, float)
    return float(np.max(np.abs(a - b) / np.maximum(np.abs(b), np.finfo(float).tiny), initial=0.0))


def main(argv=None) -> int:
    """``--recompute NAME [--seeds 0 1]``: rerun a shipped run and compare; ``--write`` replaces the shipped file."""
    parser = Parser(prog="python -m symrelu.experiments.function_space_runs",
                    description="Rerun 003/004's seeded function-space experiments.",
                    allow_abbrev=False)  # a mistyped flag (--seed) is refused, not taken for another
    parser.add_argument("--recompute", required=True, choices=sorted(RUNS))
    parser.add_argument("--seeds", type=int_in(0), nargs="+", default=None,
                        help="distinct seeds to run (default: the shipped ones; 004's runs take one)")
    parser.add_argument("--write", action="store_true", help="write the result to the shipped file")
    args = parser.parse_args(argv)
    if args.seeds is not None:
        try:
            _run_seeds(args.recompute, args.seeds)
        except InvalidArgument as exc:
            parser.error(f"argument --seeds: expected {exc.allowed}, got {' '.join(map(str, args.seeds))}")
    for package in _NEEDS.get(args.recompute, ()):
        try:
            importlib.import_module(package)
        except ImportError:
            parser.error(f"argument --recompute: run {args.recompute!r} needs {package}: "
                         f"pip install 'symrelu[{package}]'")
    new = run(args.recompute, seeds=args.seeds)
    if args.write:
        save(new, run_path(args.recompute))
        print(f"wrote {run_path(args.recompute)} ({new['seconds']['total']:.1f} s)")
        return 0
    old = load_run(args.recompute)
    common = [s for s in new["seeds"] if s in old["seeds"]]
    if args.recompute in _COMPARE:
        diff = _COMPARE[args.recompute](new, old)
    elif args.recompute not in _RUNNERS_BUILTIN:
        diff = _max_rel_diff_values(new["values"], old["values"]) if new["seeds"] == old["seeds"] else float("nan")
    elif args.recompute == "004_table_5_1":
        diff = _max_rel_diff(new["values"]["successes"], old["values"]["successes"])
    elif args.recompute == "004_table_4_2":
        diff = _max_rel_diff([r["successes"] for r in new["values"]["rows"]],
                             [r["successes"] for r in old["values"]["rows"]])
    elif not common:
        diff = float("nan")
    else:
        idx_old = [old["seeds"].index(s) for s in common]
        idx_new = [new["seeds"].index(s) for s in common]
        diff = 0.0
        for t, kinds in new["values"].items():
            for kind, vals in kinds.items():
                diff = max(diff, _max_rel_diff(np.asarray(vals)[idx_new], np.asarray(old["values"][t][kind])[idx_old]))
    agree = diff <= 1e-9
    print(f"{args.recompute}: seeds {common}, max relative difference {diff:.3g}, "
          f"{'agrees' if agree else 'DIFFERS'} ({new['seconds']['total']:.1f} s)")
    return 0 if agree else 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(run_main(main))
