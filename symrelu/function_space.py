"""Deep random ReLU networks in function space (003 §3-§4): per-layer breakpoints, roughness, pieces, training dynamics.

Everything here is exact CPWL computation on top of `symrelu.network.ReLUNetwork.to_pwl`
(float64 mode with its stated resolution), plus a small full-batch gradient-descent
trainer in numpy for the paper's training experiments (Table 2, Fig. 2, Fig. 3).

Conventions
-----------
* A network with input width 1 and output width 1; hidden layers numbered from 0.
* The breakpoints of hidden layer ``l`` are those induced by its neurons (003
  Definition 1, `NetworkPWL.neuron_breakpoints`), pooled over the layer.
* The delta-slope at a breakpoint is the jump of the *network output's* slope
  there (right minus left), the quantity Fig. 1 (right) histograms; it is 0 at
  an inactive breakpoint.
* The roughness of a layer is ``sum_i sum_k mu_{i,k}^2`` over its neurons' activations
  ``x_i = relu(z_i)`` on the interval (003 §3.1.2: "summed over all units within that layer").
* Loss: ``sum_n (f(x_n) - y_n)^2 / 2`` (003 §2.3), full-batch gradient descent.

>>> net = random_network([1, 8, 8, 1], init="he", seed=0)
>>> [len(b) >= 0 for b in layer_breakpoints(net, -3, 3)]
[True, True]
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._random import as_generator
from ._numbers import _to_float
from .errors import InvalidArgument, InvalidArgumentType, SizeLimitExceeded
from .network import ReLUNetwork

__all__ = [
    "random_network",
    "layer_breakpoints",
    "layer_delta_slopes",
    "layer_roughness",
    "count_pieces",
    "sampled_pieces",
    "train_gd",
    "BreakpointDynamics",
    "breakpoint_dynamics",
    "deep_density_job",
    "pieces_job",
    "TARGETS",
]

_INITS = ("he", "glorot", "pytorch")




#: Most weights and biases `random_network` draws (a float64 network of this size takes 800 MB).
MAX_PARAMETERS = 10**8
#: Most sample points of `sampled_pieces` and `pieces_job` (5 * 10^7 points took seconds and gigabytes).
MAX_POINTS = 10**7


def _check_widths(widths):
    if isinstance(widths, (str, bytes)) or not hasattr(widths, "__iter__"):
        raise InvalidArgumentType("widths", widths, "a sequence of ints (1, h_1, ..., h_L, 1)")
    widths = list(widths)
    if not all(isinstance(w, (int, np.integer)) and not isinstance(w, bool) for w in widths):
        raise InvalidArgumentType("widths", widths, "a sequence of ints (1, h_1, ..., h_L, 1)")
    widths = [int(w) for w in widths]
    if len(widths) < 3 or widths[0] != 1 or widths[-1] != 1 or min(widths) < 1:
        raise InvalidArgument("widths", widths, "(1, h_1, ..., h_L, 1) with L >= 1 hidden layers of positive width")
    size = sum((a + 1) * b for a, b in zip(widths[:-1], widths[1:]))
    if size > MAX_PARAMETERS:
        raise InvalidArgument("widths", widths, f"a network of at most {MAX_PARAMETERS} parameters (this has {size})")
    return widths


def random_network(widths, *, init="he", distribution="normal", seed=None) -> ReLUNetwork:
    """A randomly initialized scalar ReLU network with the given widths (float64).

    Parameters
    ----------
    widths : sequence of int
        ``(1, h_1, ..., h_L, 1)``.
    init : {'he', 'glorot', 'pytorch'}
        Weight scale per layer: He ``Var = 2/fan_in``; Glorot ``Var = 2/(fan_in + fan_out)``;
        PyTorch's ``nn.Linear`` default ``U[-1/sqrt(fan_in), 1/sqrt(fan_in)]`` for weights and biases.
    distribution : {'normal', 'uniform'}
        For 'he' and 'glorot': normal, or uniform with the same variance (half-width ``sqrt(3 Var)``).
        Biases get the layer's weight law (the bias is the weight of a constant input), so that the
        first layer's breakpoints are Cauchy(0, 1) (normal) as in 003 Cor. 1.
    seed : int or numpy.random.Generator

    >>> random_network([1, 4, 1], seed=1).widths
    (1, 4, 1)
    """
    widths = _check_widths(widths)
    if not isinstance(init, str) or init not in _INITS:
        raise InvalidArgument("init", init, f"one of {_INITS}")
    if not isinstance(distribution, str) or distribution not in ("normal", "uniform"):
        raise InvalidArgument("distribution", distribution, "'normal' or 'uniform'")
    rng = as_generator(seed)
    layers = []
    for fan_in, fan_out in zip(widths[:-1], widths[1:]):
        if init == "pytorch":
            a = 1 / np.sqrt(fan_in)
            W, b = rng.uniform(-a, a, (fan_out, fan_in)), rng.uniform(-a, a, fan_out)
        else:
            var = 2.0 / fan_in if init == "he" else 2.0 / (fan_in + fan_out)
            if distribution == "normal":
                W, b = rng.normal(0, np.sqrt(var), (fan_out, fan_in)), rng.normal(0, np.sqrt(var), fan_out)
            else:
                a = np.sqrt(3 * var)
                W, b = rng.uniform(-a, a, (fan_out, fan_in)), rng.uniform(-a, a, fan_out)
        layers.append((W, b))
    return ReLUNetwork(layers, exact=False)


def _interval(lo, hi):
    """``(lo, hi)`` as floats, each checked under its own name; a wrong order names both (either may be the bad one)."""
    lo, hi = _to_float(lo, "lo"), _to_float(hi, "hi")
    with np.errstate(over="ignore"):
        width = hi - lo
    if not (lo < hi and np.isfinite(width)):
        raise InvalidArgument("lo, hi", (lo, hi), "an interval with lo < hi and hi - lo finite in float64")
    return lo, hi


def _cpwl(net, lo, hi):
    if not isinstance(net, ReLUNetwork):
        raise InvalidArgumentType("net", net, "a ReLUNetwork")
    if net.widths[0] != 1 or net.widths[-1] != 1:
        raise InvalidArgument("net", net, "a network with scalar input and scalar output")
    lo, hi = _interval(lo, hi)
    try:
        return net.to_pwl(lo, hi)
    except InvalidArgument as err:
        if err.name != "network" or isinstance(err, SizeLimitExceeded):
            raise
        # the weights and the interval together overflow float64: name both (hi=1e308 was blamed on the network)
        raise InvalidArgument("net, lo, hi", (net, lo, hi), err.allowed, err.hint) from None


def _induced(net, cpwl) -> list:
    """Per hidden layer: the region knots where some neuron of the layer changes sign (with multiplicity).

    Every neuron's sign is constant on each activation region (`NetworkPWL.regions`), so one
    forward pass at the regions' midpoints gives all signs; a flip between adjacent regions is a
    breakpoint induced by that neuron (003 Def. 1; the same points as `NetworkPWL.neuron_breakpoints`).
    """
    knots = cpwl.regions
    if len(knots) < 3:
        return [knots[:0] for _ in net.widths[1:-1]]
    mids = (knots[:-1] + knots[1:]) / 2
    zs = net.preactivations(mids.reshape(-1, 1))[:-1]
    inner = knots[1:-1]
    out = []
    for z in zs:
        on = z > 0
        rows, _ = np.nonzero(on[1:] != on[:-1])
        out.append(inner[np.sort(rows)])
    return out


def layer_breakpoints(net, lo, hi) -> list:
    """Breakpoints induced by each hidden layer's neurons on ``[lo, hi]`` (003 Def. 1), pooled and sorted per layer.

    A point where two neurons of one layer flip appears twice.

    >>> net = ReLUNetwork([([[1.0], [-1.0]], [0.5, 0.25]), ([[1.0, 1.0]], [0.0])])
    >>> [b.tolist() for b in layer_breakpoints(net, -1, 1)]
    [[-0.5, 0.25]]
    """
    cpwl = _cpwl(net, lo, hi)
    return _induced(cpwl.network, cpwl)


def layer_delta_slopes(net, lo, hi) -> list:
    """The jump of the output's slope at each breakpoint of each hidden layer (same order as `layer_breakpoints`).

    >>> net = ReLUNetwork([([[1.0], [-1.0]], [0.5, 0.25]), ([[1.0, 2.0]], [0.0])])
    >>> [m.tolist() for m in layer_delta_slopes(net, -1, 1)]
    [[1.0, 2.0]]
    """
    cpwl = _cpwl(net, lo, hi)
    f = cpwl.output
    out = []
    for bps in _induced(cpwl.network, cpwl):
        if len(bps) == 0:
            out.append(np.zeros(0))
            continue
        right = f.derivative(bps, side="right")
        left = f.derivative(bps, side="left")
        out.append(np.asarray(right - left, dtype=float))
    return out


def layer_roughness(net, lo, hi) -> np.ndarray:
    """Roughness per hidden layer: ``sum`` over its neurons of the squared delta-slopes of ``relu(z_i)`` on ``[lo, hi]``.

    >>> net = ReLUNetwork([([[2.0]], [0.0]), ([[1.0]], [0.0])])
    >>> layer_roughness(net, -1, 1).tolist()
    [4.0]
    """
    cpwl = _cpwl(net, lo, hi)
    out = []
    for l, width in enumerate(net.widths[1:-1]):
        total = 0.0
        for i in range(width):
            act = cpwl.preactivation(l, i).relu(net.alpha)
            total += float(np.sum(np.asarray(act.delta_slopes, dtype=float) ** 2))
        out.append(total)
    return np.array(out)


def count_pieces(net, lo, hi) -> int:
    """Linear pieces of the network's output on ``[lo, hi]`` (exact CPWL engine, float64).

    >>> count_pieces(ReLUNetwork([([[1.0], [-1.0]], [0.0, 0.0]), ([[1.0, 1.0]], [0.0])]), -1, 1)
    2
    """
    return _cpwl(net, lo, hi).output.pieces


def sampled_pieces(net, lo, hi, *, points: int, slope_atol=1e-9) -> int:
    """Pieces counted by sampling: ``1 +`` the number of grid cells where the secant slope changes.

    A bend between two grid points changes the secant slope of the cell that
    contains it and of no other; two bends in one cell, or in adjacent cells,
    can be miscounted -- this is the estimate the benchmark compares with
    `count_pieces`.  Slopes equal within ``slope_atol * (1 + |slope|)`` are one slope.

    >>> sampled_pieces(ReLUNetwork([([[1.0], [-1.0]], [0.0, 0.0]), ([[1.0, 1.0]], [0.0])]), -1, 1, points=1001)
    2
    """
    if not isinstance(net, ReLUNetwork):
        raise InvalidArgumentType("net", net, "a ReLUNetwork")
    if net.widths[0] != 1 or net.widths[-1] != 1:
        raise InvalidArgument("net", net, "a network with scalar input and scalar output")
    if isinstance(points, bool) or not isinstance(points, (int, np.integer)) or points < 3:
        raise InvalidArgument("points", points, "an int >= 3")
    if points > MAX_POINTS:
        raise InvalidArgument("points", points, f"at most MAX_POINTS = {MAX_POINTS} sample points")
    if isinstance(slope_atol, bool) or not isinstance(slope_atol, (int, float, np.integer, np.floating)) \
            or not 0 <= slope_atol < np.inf:
        raise InvalidArgument("slope_atol", slope_atol, "a finite number >= 0")
    lo, hi = _interval(lo, hi)
    x = np.linspace(lo, hi, int(points))
    a = x[None, :]
    layers = net.with_number_domain(False).layers
    for l, (W, b) in enumerate(layers):  # plain float64 forward pass (no per-call validation)
        a = W @ a + b[:, None]
        if l < len(layers) - 1:
            a = np.maximum(a, net.alpha * a)
    y = a[0]
    s = np.diff(y) / np.diff(x)
    change = np.abs(np.diff(s)) > slope_atol * (1 + np.abs(s[1:]))
    # A bend strictly inside a cell shows as two consecutive changes around that cell; one at a grid point as one.
    k = np.flatnonzero(change)
    count = 0
    i = 0
    while i < len(k):
        if i + 1 < len(k) and k[i + 1] == k[i] + 1:
            count += 1
            i += 2
        else:
            count += 1
            i += 1
    return count + 1


# -- training ----------------------------------------------------------------------------
def _data(values, name):
    """``values`` as a float64 array, or an error naming ``name`` (strings, ragged lists, objects)."""
    if isinstance(values, (str, bytes)):
        raise InvalidArgumentType(name, values, "an array of real numbers")
    try:
        arr = np.asarray(values)
        if arr.dtype.kind not in "biuf" or arr.dtype == bool:
            raise TypeError
        return arr.astype(float)
    except (TypeError, ValueError):
        raise InvalidArgumentType(name, values, "an array of real numbers") from None


def _params(net):
    return [(np.array(W, dtype=float), np.array(b, dtype=float)) for W, b in net.layers]


def _forward_cache(params, x):
    a = x[None, :]
    cache = [a]
    for l, (W, b) in enumerate(params):
        z = W @ a + b[:, None]
        a = np.maximum(z, 0) if l < len(params) - 1 else z
        cache.append(z)
        if l < len(params) - 1:
            cache.append(a)
    return a[0], cache


def _gradients(params, x, y):
    out, cache = _forward_cache(params, x)
    e = out - y  # d(loss)/d(out) for loss = sum (out - y)^2 / 2
    grads = [None] * len(params)
    delta = e[None, :]
    for l in range(len(params) - 1, -1, -1):
        a_prev = cache[2 * l]
        W, _ = params[l]
        grads[l] = (delta @ a_prev.T, delta.sum(axis=1))
        if l > 0:
            z_prev = cache[2 * l - 1]
            delta = (W.T @ delta) * (z_prev > 0)
    return grads, 0.5 * float(e @ e)


def train_gd(net, x, y, *, lr, epochs, record_every=None):
    """Full-batch gradient descent on ``sum (f(x_n) - y_n)^2 / 2``; returns ``(net, snapshots, losses)``.

    ``snapshots`` is a list of ``(epoch, ReLUNetwork)`` every ``record_every``
    epochs (and at 0 and at the end) when ``record_every`` is given.  A run
    whose loss or weights overflow is stopped with `InvalidArgument` naming
    ``lr`` and the step at which training diverged.

    >>> net = random_network([1, 4, 1], seed=0)
    >>> x = np.linspace(-1, 1, 21); trained, snaps, losses = train_gd(net, x, x**2, lr=1e-2, epochs=50)
    >>> bool(losses[-1] < losses[0])
    True
    """
    if not isinstance(net, ReLUNetwork):
        raise InvalidArgumentType("net", net, "a ReLUNetwork")
    if not (isinstance(epochs, (int, np.integer)) and epochs >= 0):
        raise InvalidArgument("epochs", epochs, "an int >= 0")
    if isinstance(lr, bool) or not (isinstance(lr, (int, float)) and 0 < lr < float("inf")):
        raise InvalidArgument("lr", lr, "a finite positive float")
    x, y = _data(x, "x"), _data(y, "y")
    if x.ndim != 1 or x.shape != y.shape:
        raise InvalidArgument("x, y", (x.shape, y.shape), "two 1-D arrays of one length")
    if not (np.isfinite(x).all() and np.isfinite(y).all()):
        raise InvalidArgument("x, y", "non-finite values", "finite data")
    params = _params(net)
    snaps, losses = [], []
    every = record_every
    if every is not None and not (isinstance(every, (int, np.integer)) and every >= 1):
        raise InvalidArgument("record_every", every, "a positive int or None")
    for epoch in range(int(epochs) + 1):
        if every is not None and (epoch % every == 0 or epoch == epochs):
            snaps.append((epoch, ReLUNetwork([(W.copy(), b.copy()) for W, b in params], exact=False)))
        with np.errstate(over="ignore", invalid="ignore"):  # overflow is reported below, as divergence
            grads, loss = _gradients(params, x, y)
            if epoch < epochs:
                params = [(W - lr * gW, b - lr * gb) for (W, b), (gW, gb) in zip(params, grads)]
        if not (np.isfinite(loss) and all(np.isfinite(W).all() and np.isfinite(b).all() for W, b in params)):
            last = f"{losses[-1]:.3g} at step {epoch - 1}, " if losses else ""
            raise InvalidArgument(
                "lr", lr, "a learning rate at which gradient descent converges on these data",
                f"Training diverged at step {epoch} of {int(epochs)} (loss {last}{float(loss):.3g} at step "
                f"{epoch}; the weights overflowed float64). Try a smaller lr, e.g. lr={lr / 10:g}.")
        losses.append(loss)
        if epoch == epochs:
            break
    return ReLUNetwork(params, exact=False), snaps, np.array(losses)


@dataclass(frozen=True)
class BreakpointDynamics:
    """Per-layer breakpoint statistics along a training run (003 Fig. 2).

    Attributes
    ----------
    epochs : numpy.ndarray
        The snapshot epochs.
    counts : numpy.ndarray
        (snapshots, layers): breakpoints induced per hidden layer on the interval.
    changes : numpy.ndarray
        (layers,): births plus deaths, ``sum |count change|`` per neuron between snapshots.
    speeds : numpy.ndarray
        (layers,): mean ``|d beta| / d epoch`` of breakpoints of neurons whose count did not change.
    """

    epochs: np.ndarray
    counts: np.ndarray
    changes: np.ndarray
    speeds: np.ndarray


def breakpoint_dynamics(snapshots, lo, hi) -> BreakpointDynamics:
    """Births, deaths and speeds of breakpoints by layer over ``(epoch, network)`` snapshots.

    >>> net = random_network([1, 4, 4, 1], seed=0)
    >>> x = np.linspace(-2, 2, 41)
    >>> _, snaps, _ = train_gd(net, x, np.sin(3 * x), lr=1e-3, epochs=40, record_every=20)
    >>> breakpoint_dynamics(snaps, -2, 2).counts.shape
    (3, 2)
    """
    if isinstance(snapshots, (str, bytes)) or not hasattr(snapshots, "__len__"):
        raise InvalidArgumentType("snapshots", snapshots, "a sequence of (epoch, ReLUNetwork) pairs")
    if len(snapshots) < 2:
        raise InvalidArgument("snapshots", len(snapshots), "at least two (epoch, network) snapshots")
    for k, snap in enumerate(snapshots):
        if not (isinstance(snap, tuple) and len(snap) == 2 and isinstance(snap[1], ReLUNetwork)
                and isinstance(snap[0], (int, np.integer)) and not isinstance(snap[0], bool)):
            raise InvalidArgumentType(f"snapshots[{k}]", snap, "an (epoch, ReLUNetwork) pair, epoch an int")
    if any(b[0] <= a[0] for a, b in zip(snapshots, snapshots[1:])):
        raise InvalidArgument("snapshots", [e for e, _ in snapshots], "increasing epochs")
    per_snap = []
    for _, net in snapshots:
        cpwl = _cpwl(net, lo, hi)
        per_snap.append([[cpwl.neuron_breakpoints(l, i) for i in range(w)] for l, w in enumerate(net.widths[1:-1])])
    epochs = np.array([e for e, _ in snapshots])
    L = len(per_snap[0])
    counts = np.array([[sum(len(b) for b in snap[l]) for l in range(L)] for snap in per_snap])
    changes = np.zeros(L)
    speed_sum, speed_n = np.zeros(L), np.zeros(L)
    for t in range(1, len(per_snap)):
        dt = epochs[t] - epochs[t - 1]
        for l in range(L):
            for before, after in zip(per_snap[t - 1][l], per_snap[t][l]):
                if len(before) != len(after):
                    changes[l] += abs(len(after) - len(before))
                elif len(before):
                    speed_sum[l] += np.sum(np.abs(np.asarray(after, float) - np.asarray(before, float))) / dt
                    speed_n[l] += len(before)
    with np.errstate(invalid="ignore"):
        speeds = np.where(speed_n > 0, speed_sum / np.maximum(speed_n, 1), np.nan)
    return BreakpointDynamics(epochs, counts, changes, speeds)


# -- sweep jobs (module level: picklable for symrelu.parallel.sweep) ---------------------------
#: Target functions of 003 §3.2 (Table 2) by name, on ``[-3, 3]``: ``sin(pi x)``, a sawtooth of
#: period 3 and amplitude 1, ``arctan x``, ``exp x``, ``x^2/9`` (the 5-piece polynomial is not specified in the paper).
TARGETS = {
    "sine": lambda x: np.sin(np.pi * x),
    "sawtooth": lambda x: 2 * np.abs(x / 3 - np.floor(x / 3 + 0.5)) * 2 - 1,
    "arctan": np.arctan,
    "exponential": np.exp,
    "quadratic": lambda x: x**2 / 9,
}


def deep_density_job(widths, init, n_networks, lo, hi, seed):
    """Pooled per-layer breakpoints and delta-slopes of ``n_networks`` random networks (one sweep job).

    >>> b, m = deep_density_job((1, 4, 4, 1), "he", 3, -5.0, 5.0, 0)
    >>> len(b), len(m)
    (2, 2)
    """
    widths = _check_widths(widths)
    if isinstance(n_networks, bool) or not isinstance(n_networks, (int, np.integer)) or n_networks < 1:
        raise InvalidArgument("n_networks", n_networks, "an int >= 1")
    lo, hi = _interval(lo, hi)
    rng = as_generator(seed)
    L = len(widths) - 2
    bs, ms = [[] for _ in range(L)], [[] for _ in range(L)]
    for _ in range(int(n_networks)):
        net = random_network(widths, init=init, seed=rng)
        for l, (b, m) in enumerate(zip(layer_breakpoints(net, lo, hi), layer_delta_slopes(net, lo, hi))):
            inside = (b > lo) & (b < hi)
            bs[l].append(b[inside])
            ms[l].append(m)
    return [np.concatenate(x) for x in bs], [np.concatenate(x) for x in ms]


def pieces_job(depth, units, target, epochs, lr, seed, lo=-3.0, hi=3.0, points=601):
    """Table 2's protocol for one trial: ``units`` split evenly over ``depth`` layers, trained by GD on ``target``.

    Returns ``(pieces at init, pieces after training)`` on ``[lo, hi]``.

    >>> pieces_job(1, 6, "quadratic", 0, 1e-4, 0)[0] <= 7
    True
    """
    if not isinstance(target, str) or target not in TARGETS:
        raise InvalidArgument("target", target, f"one of {sorted(TARGETS)}")
    for name, value in (("depth", depth), ("units", units), ("points", points)):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
            raise InvalidArgumentType(name, value, "an int")
    if depth < 1:
        raise InvalidArgument("depth", depth, "an int >= 1 (hidden layers)")
    if units < depth:
        raise InvalidArgument("units", units, f"an int >= depth={depth} (at least one unit per layer)")
    if points < 2:
        raise InvalidArgument("points", points, "an int >= 2")
    lo, hi = _interval(lo, hi)
    if units % depth:
        raise InvalidArgument("units", units, f"a multiple of depth={depth} (units are split evenly)")
    widths = [1] + [units // depth] * depth + [1]
    size = sum((a + 1) * b for a, b in zip(widths[:-1], widths[1:]))
    if size > MAX_PARAMETERS:
        raise InvalidArgument("units", units, f"a network of at most {MAX_PARAMETERS} parameters "
                                              f"({depth} layers of {units // depth} units have {size})")
    if points > MAX_POINTS:
        raise InvalidArgument("points", points, f"at most MAX_POINTS = {MAX_POINTS} sample points")
    net = random_network(widths, init="he", seed=seed)
    x = np.linspace(lo, hi, points)
    with np.errstate(over="ignore", invalid="ignore"):
        y, start = TARGETS[target](x), net.forward(x[:, None])
        error = np.sum((start[:, 0] - y) ** 2)
    if not (np.all(np.isfinite(y)) and np.all(np.isfinite(start)) and np.isfinite(error)):
        # a huge interval overflows the target or the loss before any step: the interval is at fault, not lr
        name, value = ("lo", lo) if abs(lo) > abs(hi) else ("hi", hi)
        raise InvalidArgument(name, value, f"an interval (lo={lo!r}, hi={hi!r}) on which {target!r}, the network "
                                           "and the squared error stay finite in float64")
    trained, _, _ = train_gd(net, x, y, lr=lr, epochs=epochs)
    try:
        return count_pieces(net, lo, hi), count_pieces(trained, lo, hi)
    except SizeLimitExceeded as err:  # the engine's default limits: too many units for an exact piece count
        raise InvalidArgument("units", units, f"a network whose pieces the engine counts within its default "
                                              f"limits ({err.allowed})") from None
