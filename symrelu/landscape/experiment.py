"""The §3.4.1 experiment: train many small networks by gradient descent and assign them to critical families.

All networks train at once in float64 numpy (arrays of shape ``(n, width)``),
full-batch plain gradient descent on the problem's weighted squared loss.

Unstated details of the dissertation, and the choices made here (all options):

* loss scale: ``loss="sum"`` is eq. 3.25 (sum of squared errors, the doubled
  point counted twice); ``loss="mean"`` divides by the number of training
  points (4), as PyTorch's default ``MSELoss`` would;
* initialization (§3.4: "He-Kaiming normal"): weights ``N(0, 2 / fan_in)``
  (first layer fan_in = 1, output layer fan_in = width); biases are not
  covered by the text: ``bias_init="uniform"`` keeps PyTorch's ``nn.Linear``
  default ``U(-1/sqrt(fan_in), 1/sqrt(fan_in))``, ``"zeros"`` and
  ``"he-normal"`` are the alternatives;
* activation: ReLU, as the network of §3.4.1 is written (§3.4's "leaky ReLU
  0.1 everywhere" is taken not to apply); the derivative at 0 is ``theta(0)``
  of the problem.

Assignment (function space): a trained network's sign case is read off its
pre-activations; among the critical families of that case it is assigned to
the one whose critical outputs ``v*`` are nearest in the weighted norm
``sqrt(sum_k m_k (v(x_k) - v*_k)^2)``, if that distance is at most ``tol``
(ties between families with the same ``v*`` are broken by which output weights
exceed ``tol`` in absolute value).  Otherwise the network is "unassigned"
(not converged to a critical point of its own case) or "diverged".

>>> res = run_experiment(n=50, seed=0)
>>> res.n, sum(res.counts.values()) + res.unassigned + res.diverged
(50, 50)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .._random import as_generator
from ..errors import InvalidArgument, InvalidArgumentType, SizeLimitExceeded, check_limit
from ._problem import LandscapeProblem, xor_problem
from .dissertation import TABLE_3_2, row_case_label, row_solution

__all__ = ["initialize", "train", "train_loop", "assign", "run_experiment", "ExperimentResult"]




#: Default cap on ``n * width`` in `initialize` (each of w, b, o is an ``(n, width)`` float64 array).
DEFAULT_MAX_VALUES = 10**8


def _check_int(name, value, low):
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise InvalidArgumentType(name, value, f"an int >= {low}")
    if value < low:
        raise InvalidArgument(name, value, f"an int >= {low}")
    return int(value)


def _check_positive(name, value):
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise InvalidArgumentType(name, value, "a positive finite number")
    if not 0 < value < float("inf"):
        raise InvalidArgument(name, value, "a positive finite number")
    return float(value)


def _check_params(params, *, finite: bool = True) -> dict:
    """``params`` as `initialize` makes them: finite arrays w, b, o of shape (n, width) and c of shape (n,)."""
    if not isinstance(params, dict):
        raise InvalidArgumentType("params", params, "a dict with arrays 'w', 'b', 'o', 'c' (see initialize)")
    missing = [k for k in ("w", "b", "o", "c") if k not in params]
    if missing:
        raise InvalidArgument("params", params, "a dict with arrays 'w', 'b', 'o', 'c' (see initialize)",
                              f"Missing: {', '.join(missing)}.")
    out = {}
    for k in ("w", "b", "o", "c"):
        try:
            out[k] = np.array(params[k], dtype=np.float64)
        except (TypeError, ValueError):
            raise InvalidArgumentType(f"params[{k!r}]", params[k], "an array of real numbers") from None
        if finite and not np.all(np.isfinite(out[k])):
            raise InvalidArgument(f"params[{k!r}]", params[k], "finite numbers")
    w = out["w"]
    if w.ndim != 2 or w.shape[0] < 1 or w.shape[1] < 1:
        raise InvalidArgument("params['w']", params["w"], "an (n, width) array with n, width >= 1")
    for k, shape in (("b", w.shape), ("o", w.shape), ("c", w.shape[:1])):
        if out[k].shape != shape:
            raise InvalidArgument(f"params[{k!r}]", params[k], f"an array of shape {shape} (from params['w'])")
    return out


def _check_problem(problem):
    if problem is None:
        return xor_problem()
    if not isinstance(problem, LandscapeProblem):
        raise InvalidArgumentType("problem", problem, "a LandscapeProblem or None (the XOR problem)")
    return problem


def initialize(n: int, width: int = 2, *, seed, bias_init: str = "uniform",
               max_values: int = DEFAULT_MAX_VALUES) -> dict:
    """He-normal weights for ``n`` networks ``o . relu(w x + b) + c``: a dict of float64 arrays.

    ``n * width`` above ``max_values`` is refused before anything is allocated.

    >>> p = initialize(3, seed=0)
    >>> sorted(p), p["w"].shape, p["c"].shape
    (['b', 'c', 'o', 'w'], (3, 2), (3,))
    """
    n = _check_int("n", n, 1)
    width = _check_int("width", width, 1)
    if n * width > max_values:
        name, value = ("width", width) if width > n else ("n", n)  # the larger factor drives the size
        raise SizeLimitExceeded(name, value, size=n * width, limit=max_values, unit="weights per layer",
                                option="max_values")
    if not isinstance(bias_init, str) or bias_init not in ("uniform", "zeros", "he-normal"):
        raise InvalidArgument("bias_init", bias_init, "'uniform', 'zeros' or 'he-normal'")
    rng = as_generator(seed)
    w = rng.normal(0.0, np.sqrt(2.0 / 1), (n, width))
    o = rng.normal(0.0, np.sqrt(2.0 / width), (n, width))
    if bias_init == "uniform":
        b = rng.uniform(-1.0, 1.0, (n, width))
        c = rng.uniform(-1 / np.sqrt(width), 1 / np.sqrt(width), n)
    elif bias_init == "zeros":
        b, c = np.zeros((n, width)), np.zeros(n)
    else:
        b = rng.normal(0.0, np.sqrt(2.0), (n, width))
        c = rng.normal(0.0, np.sqrt(2.0 / width), n)
    return {"w": w, "b": b, "o": o, "c": c}


def _data(problem):
    x = np.array([float(v) for v in problem.points])
    y = np.array([float(v) for v in problem.targets])
    m = np.array([float(v) for v in problem.weights])
    return x, y, m


def _check_training(params, problem, loss, epochs, lr):
    """The arguments `train` and `train_loop` share, checked in one place."""
    params = _check_params(params)
    problem = _check_problem(problem)
    if not isinstance(loss, str) or loss not in ("sum", "mean"):
        raise InvalidArgument("loss", loss, "'sum' (eq. 3.25) or 'mean'")
    return params, problem, _check_int("epochs", epochs, 0), _check_positive("lr", lr)


def train(params: dict, problem: LandscapeProblem | None = None, *, lr: float = 0.1, epochs: int = 500,
          loss: str = "sum") -> dict:
    """Full-batch gradient descent on all networks at once; returns new parameter arrays.

    >>> p = train(initialize(4, seed=1), epochs=10)
    >>> p["w"].shape
    (4, 2)
    """
    params, problem, epochs, lr = _check_training(params, problem, loss, epochs, lr)
    a = problem.architecture
    if not (a.hidden_bias and a.output_weights and a.output_bias):
        raise InvalidArgument("problem", problem, "the full architecture (hidden biases, output weights and bias)")
    x, y, m = _data(problem)
    scale = 2.0 / (m.sum() if loss == "mean" else 1.0)
    w, b, o, c = (params[k] for k in ("w", "b", "o", "c"))
    if w.shape[1] != a.width:
        raise InvalidArgument("params['w']", w.shape, f"width {a.width}, the problem's")
    mw = m * scale
    with np.errstate(over="ignore", invalid="ignore"):
        for _ in range(epochs):
            z = w[:, :, None] * x + b[:, :, None]  # (n, width, K)
            on = z > 0 if problem.theta0 == 0 else z >= 0
            h = np.where(on, z, 0.0)
            v = np.einsum("ni,nik->nk", o, h) + c[:, None]
            g = (v - y) * mw  # dL/dv
            gc = g.sum(axis=1)
            go = np.einsum("nk,nik->ni", g, h)
            ga = g[:, None, :] * on  # (n, width, K)
            gb = o * ga.sum(axis=2)
            gw = o * (ga * x).sum(axis=2)
            w -= lr * gw
            b -= lr * gb
            o -= lr * go
            c -= lr * gc
    return {"w": w, "b": b, "o": o, "c": c}


def train_loop(params: dict, problem: LandscapeProblem | None = None, *, lr: float = 0.1, epochs: int = 500,
               loss: str = "sum") -> dict:
    """The same training, one network at a time in plain Python (the benchmark's peer)."""
    params, problem, epochs, lr = _check_training(params, problem, loss, epochs, lr)
    xs, ys, ms = (list(map(float, v)) for v in (problem.points, problem.targets, problem.weights))
    scale = 2.0 / (sum(ms) if loss == "mean" else 1.0)
    out = {k: np.array(params[k], dtype=np.float64) for k in ("w", "b", "o", "c")}
    n, width = out["w"].shape
    for j in range(n):
        w, b, o = list(out["w"][j]), list(out["b"][j]), list(out["o"][j])
        c = float(out["c"][j])
        for _ in range(epochs):
            gw, gb, go, gc = [0.0] * width, [0.0] * width, [0.0] * width, 0.0
            for x, y, m in zip(xs, ys, ms):
                zs = [w[i] * x + b[i] for i in range(width)]
                v = c + sum(o[i] * zs[i] for i in range(width) if zs[i] > 0)
                g = (v - y) * m * scale
                gc += g
                for i in range(width):
                    if zs[i] > 0:
                        go[i] += g * zs[i]
                        gw[i] += g * o[i] * x
                        gb[i] += g * o[i]
            for i in range(width):
                w[i] -= lr * gw[i]
                b[i] -= lr * gb[i]
                o[i] -= lr * go[i]
            c -= lr * gc
        out["w"][j], out["b"][j], out["o"][j], out["c"][j] = w, b, o, c
    return out


def assign(params: dict, landscape, *, tol: float = 1e-2) -> list:
    """Each network's family label (`CriticalFamily.label`), ``"unassigned"`` or ``"diverged"``.

    ``tol`` bounds the weighted function-space distance to the family's critical outputs.
    """
    from ._result import Landscape

    if not isinstance(landscape, Landscape):
        raise InvalidArgumentType("landscape", landscape, "a Landscape (LandscapeProblem.enumerate())")
    tol = _check_positive("tol", tol)
    problem = landscape.problem
    x, y, m = _data(problem)
    params = _check_params(params, finite=False)  # trained networks may have diverged
    w, b, o, c = (params[k] for k in ("w", "b", "o", "c"))
    if w.shape[1] != problem.architecture.width:
        raise InvalidArgument("params['w']", w.shape, f"width {problem.architecture.width}, the problem's")
    z = w[:, :, None] * x + b[:, :, None]
    on = z > 0 if problem.theta0 == 0 else z >= 0
    v = np.einsum("ni,nik->nk", o, np.where(on, z, 0.0)) + c[:, None]
    by_case = {}
    for f in landscape:
        by_case.setdefault(f.case.label(), []).append((f, np.array([float(t) for t in f.outputs])))
    out = []
    for j in range(len(c)):
        if not np.all(np.isfinite(v[j])) or not np.all(np.isfinite(o[j])):
            out.append("diverged")
            continue
        label = "|".join("".join("+" if s else "-" for s in row) for row in on[j])
        best, best_key = "unassigned", None
        for f, vstar in by_case.get(label, ()):
            d = float(np.sqrt(np.sum(m * (v[j] - vstar) ** 2)))
            n_match = sum((abs(o[j, i]) > tol) == (i in f.nonzero_outputs) for i in f.case.live)
            key = (round(d / tol, 6) if d > tol else 0.0, -n_match, d)
            if d <= tol and (best_key is None or key < best_key):
                best, best_key = f.label, key
        out.append(best)
    return out


@dataclass(frozen=True)
class ExperimentResult:
    """Counts of trained networks per critical family, and the settings that produced them."""

    n: int
    seed: object
    lr: float
    epochs: int
    loss: str
    bias_init: str
    tol: float
    counts: dict
    unassigned: int
    diverged: int
    landscape: object

    def by_loss(self) -> dict:
        """Loss value -> number of networks assigned to a family of that loss."""
        fams = {f.label: f for f in self.landscape}
        out = {}
        for label, k in self.counts.items():
            loss = fams[label].loss
            out[loss] = out.get(loss, 0) + k
        return dict(sorted(out.items()))

    def table_3_2(self) -> list:
        """Rows ``(printed loss, printed count, family label or None, our count)`` in Table 3.2's order."""
        rows = []
        for row in TABLE_3_2:
            f = self.landscape.find(row_case_label(row), row_solution(row))
            rows.append((row[0], row[3], None if f is None else f.label, 0 if f is None else self.counts.get(f.label, 0)))
        return rows

    def agreement(self) -> tuple:
        """How well this run reproduces Table 3.2's counts: ``(chi2, p_value, families)``.

        A chi-square test of homogeneity (`scipy.stats.chi2_contingency`)
        between the printed counts and this run's, over the distinct printed
        families (rows 1 and 2, printed identically, are one family).  A
        large p-value means the printed counts could come from this run's
        distribution; the default reading (``loss="sum"``, eq. 3.25) gives
        p < 1e-30 at seed 0, ``loss="mean"`` (PyTorch's ``MSELoss``) about 0.3.
        """
        from scipy.stats import chi2_contingency

        merged = {}
        for k, (_, printed, label, ours) in enumerate(self.table_3_2()):
            key = label if label is not None else f"row {k + 1}"  # a row with no family stands alone
            before = merged.get(key, (0, ours))
            merged[key] = (before[0] + printed, ours)
        table = np.array([[v[0] for v in merged.values()], [v[1] for v in merged.values()]])
        table = table[:, table.sum(axis=0) > 0]
        test = chi2_contingency(table)
        return float(test.statistic), float(test.pvalue), table.shape[1]

    def report(self, top: int = 15, *, legend: bool = True) -> str:
        """The frequency table next to Table 3.2's, the chi-square agreement, and (``legend``) what the columns mean."""
        fams = {f.label: f for f in self.landscape}
        lines = [f"{self.n} networks, seed={self.seed}, GD lr={self.lr}, {self.epochs} epochs, loss={self.loss}, "
                 f"He-normal weights, biases {self.bias_init}; assigned within weighted function-space "
                 f"distance {self.tol}",
                 "by loss: " + ", ".join(f"{k}: {v}" for k, v in self.by_loss().items())
                 + f", unassigned: {self.unassigned}, diverged: {self.diverged}",
                 f"distinct families found: {len(self.counts)} ({sum(fams[l].kind == 'minimum' for l in self.counts)} minima)",
                 "", f"most common {top} families:", f"{'count':>6} {'loss':>5} {'kind':<8} family"]
        for label, k in sorted(self.counts.items(), key=lambda t: (-t[1], t[0]))[:top]:
            f = fams[label]
            lines.append(f"{k:>6} {str(f.loss):>5} {f.kind:<8} {label}  "
                         + ", ".join(f"{s} = {e}" for s, e in f.solution.items()))
        lines += ["", "Table 3.2 (printed) next to this run:", f"{'row':>3} {'loss':>5} {'printed':>7} {'here':>5}  family"]
        for i, (loss, printed, label, ours) in enumerate(self.table_3_2(), 1):
            lines.append(f"{i:>3} {str(loss):>5} {printed:>7} {ours:>5}  {label}")
        chi2, p, k = self.agreement()
        lines.append(f"agreement with the printed counts: chi-square {chi2:.1f} over {k} distinct printed "
                     f"families, p = {p:.2g}")
        if legend:
            lines += ["", *_legend(self.landscape.problem.theta0 if hasattr(self.landscape, "problem") else None)]
        return "\n".join(lines)

    def __repr__(self):
        return (f"ExperimentResult(n={self.n}, by_loss={self.by_loss()}, unassigned={self.unassigned}, "
                f"diverged={self.diverged})")


def _legend(theta0) -> list:
    on = "> 0" if theta0 == 0 else ">= 0" if theta0 == 1 else "> 0 (>= 0 when theta(0) = 1)"
    return [
        "Legend:",
        "  family   e.g. '---|--+ N={2}': the sign case, one group per hidden unit (separated by '|'), one sign",
        f"           per data point x = -1, 0, 1: '+' where the unit's pre-activation b_i + w_i x is {on}, '-'",
        "           elsewhere; N = the units whose output weight o_i is nonzero.  Then the family's equations.",
        "  kind     minimum or saddle (exact classification of the critical family)",
        "  count    networks of this run assigned to the family",
        "  printed  the count in Table 3.2 of the dissertation (004 §3.4.1), out of 1,000 trials; rows 1 and 2",
        "           are printed identically, so they are one family and show the same count here",
        "  here     networks of this run assigned to that row's family",
        "  p        chi-square test of homogeneity of the printed and this run's counts: a large p means the",
        "           printed counts fit this reading of the experiment (see the readings below, or --loss).",
    ]


#: Default limit on ``n * width * data points``, the size of each training step's arrays in `run_experiment`
#: (several float64 temporaries of that size: about 80 MB each at the limit).
DEFAULT_MAX_STEP_VALUES = 10**7


def run_experiment(problem: LandscapeProblem | None = None, *, n: int = 1000, seed=0, lr: float = 0.1,
                   epochs: int = 500, loss: str = "sum", bias_init: str = "uniform",
                   tol: float = 1e-2, max_step_values: int = DEFAULT_MAX_STEP_VALUES) -> ExperimentResult:
    """Initialize, train and assign ``n`` networks (§3.4.1); see the module docstring for the choices.

    ``n * width * len(points)`` above ``max_step_values`` is refused before anything is allocated.
    """
    problem = _check_problem(problem)
    n = _check_int("n", n, 1)
    max_step_values = check_limit("max_step_values", max_step_values)
    size = n * problem.architecture.width * len(problem.points)
    if size > max_step_values:
        raise SizeLimitExceeded("n", n, size=size, limit=max_step_values, unit="values per training step",
                                option="max_step_values")
    land = problem.enumerate()
    params = initialize(n, problem.architecture.width, seed=seed, bias_init=bias_init)
    trained = train(params, problem, lr=lr, epochs=epochs, loss=loss)
    labels = assign(trained, land, tol=tol)
    counts = {}
    for lab in labels:
        if lab not in ("unassigned", "diverged"):
            counts[lab] = counts.get(lab, 0) + 1
    return ExperimentResult(n=n, seed=seed, lr=lr, epochs=epochs, loss=loss, bias_init=bias_init, tol=tol,
                            counts=counts, unassigned=labels.count("unassigned"), diverged=labels.count("diverged"),
                            landscape=land)
