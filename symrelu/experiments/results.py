"""Seeded experiment results shipped as package data (``symrelu/data/experiments_<name>.json``); no torch needed.

A result file holds what `symrelu.experiments.seeded.run_seeded` computed:
the configuration, the seeds, the library versions and machine it ran on,
the timings, the final MSE of every model (per part, training type, target:
a list per seed of a list per model) and the sha256 of all of that.
`load` refuses a file whose hash does not match, so a claim never reads
numbers nobody computed; ``python -m symrelu.experiments --recompute NAME``
reruns a result's experiment with torch and compares (`compare`).

>>> spec = RESULTS["tables_1_3"]
>>> spec["config"]["n_models"], len(spec["seeds"])
(30, 10)
"""

from __future__ import annotations

import copy
import hashlib
import json
import math
import os
import platform

import numpy as np

from .._files import replacing
from ..errors import InvalidArgument, InvalidArgumentType

__all__ = ["RESULTS", "FORMAT", "result_path", "content_hash", "make_result", "environment", "save", "load", "read_checked", "with_arrays", "compare"]

FORMAT = {"format": "symrelu.experiments result", "version": 1}

#: The shipped results: what `run_seeded` runs for each (its ``Config`` fields and seeds).
RESULTS = {
    "tables_1_3": {
        "description": ("000 Tables 1-2 (default, pretraining skipped, differentiability not enforced / enforced; "
                        "RAAI not run) and Table 3 (default vs differentiable pretraining on 10 points, test MSE on "
                        "the 10 between them): the paper's protocol (30 models per setting, 1000 + 1000 Adam steps, "
                        "learning rate 1e-3, full batch, float64) for seeds 0-9"),
        "config": {"n_models": 30, "pretrain_epochs": 1000, "free_epochs": 1000},
        "seeds": list(range(10)),
    },
}


def _check_name(name) -> str:
    if not isinstance(name, str):
        raise InvalidArgumentType("name", name, f"a str, one of {sorted(RESULTS)}")
    if name not in RESULTS:
        raise InvalidArgument("name", name, f"one of {sorted(RESULTS)}")
    return name


def result_path(name: str) -> str:
    """The shipped file of result ``name``.

    >>> os.path.basename(result_path("tables_1_3"))
    'experiments_tables_1_3.json'
    """
    _check_name(name)
    return os.path.join(os.path.dirname(os.path.dirname(__file__)), "data", f"experiments_{name}.json")


def content_hash(result: dict) -> str:
    """sha256 of the result's canonical JSON (sorted keys) without its ``sha256`` field.

    >>> len(content_hash({"a": 1}))
    64
    """
    if not isinstance(result, dict):
        raise InvalidArgumentType("result", result, "a result dict")
    body = {k: v for k, v in result.items() if k != "sha256"}
    return hashlib.sha256(json.dumps(body, sort_keys=True, allow_nan=False).encode()).hexdigest()


def make_result(name: str, cfg_fields: dict, seeds, mse: dict, *, environment: dict, seconds: dict) -> dict:
    """The result dict for ``run_seeded``'s output ``mse`` (``{part: {type: array (seeds, targets, models)}}``).

    ``cfg_fields`` are the run's ``Config`` fields (``targets`` among them).
    """
    _check_name(name)
    targets = list(cfg_fields["targets"])
    body = {}
    for part, per_type in mse.items():
        body[part] = {}
        for kind, arr in per_type.items():
            arr = np.asarray(arr, dtype=float)
            if arr.shape != (len(seeds), len(targets), cfg_fields["n_models"]) or not np.all(np.isfinite(arr)):
                raise InvalidArgument(f"mse[{part!r}][{kind!r}]", f"shape {arr.shape}",
                                      f"finite values of shape (seeds, targets, models) = "
                                      f"{(len(seeds), len(targets), cfg_fields['n_models'])}")
            body[part][kind] = {t: arr[:, i, :].tolist() for i, t in enumerate(targets)}
    config = {k: (list(v) if isinstance(v, tuple) else v) for k, v in cfg_fields.items()}
    result = {**FORMAT, "name": name, "description": RESULTS[name]["description"], "config": config,
              "seeds": [int(s) for s in seeds], "environment": environment, "seconds": seconds, "mse": body}
    result["sha256"] = content_hash(result)
    return result


def environment(threads: int | None = None, device: str = "cpu") -> dict:
    """Library versions and machine of a run (torch's when it is importable)."""
    import scipy

    from .. import __version__

    env = {"symrelu": __version__, "numpy": np.__version__, "scipy": scipy.__version__,
           "python": platform.python_version(), "machine": platform.machine(), "cpus": os.cpu_count(),
           "device": device}
    try:
        import torch

        env["torch"] = torch.__version__
        env["threads"] = torch.get_num_threads() if threads is None else threads
    except ImportError:  # pragma: no cover - make_result is called after training
        pass
    return env


def save(result: dict, path) -> None:
    """Write ``result`` (from `make_result`) as JSON, atomically; its hash is checked first."""
    if not isinstance(result, dict) or result.get("sha256") != content_hash(result):
        raise InvalidArgument("result", "a dict whose sha256 does not match", "a result from make_result")
    if not isinstance(path, (str, os.PathLike)) or not os.fspath(path):
        raise InvalidArgumentType("path", path, "a file path")
    with replacing(path) as tmp, open(tmp, "w") as fh:
        json.dump(result, fh, sort_keys=True, separators=(",", ":"))


def load(name: str, path=None) -> dict:
    """Result ``name`` (the shipped file, or ``path``), checked; MSEs as arrays (seeds, models) per target.

    Raises `InvalidArgument` naming the file when it cannot be read, is not a
    result of ``name``, or its sha256 does not match its content.

    >>> load("tables_1_3")["mse"]["tables"]["law"]["x3"].shape  # seeds x models
    (10, 30)
    >>> load("no-such-result")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    symrelu.errors.InvalidArgument: Invalid name='no-such-result': expected one of [...].
    """
    _check_name(name)
    path = result_path(name) if path is None else path
    what = f"a result file of {name!r} written by the experiments command"
    return with_arrays(read_checked(path, name, what=what), lambda why: _refuse(path, what, why))


def _refuse(path, what, why):
    raise InvalidArgument("path", os.fspath(path), what, why)


def read_checked(path, name: str, *, what: str = "a result file", format: dict = FORMAT) -> dict:
    """The JSON dict at ``path`` once its ``format`` fields, ``name`` and sha256 are checked (else `InvalidArgument`).

    The shared reader of shipped experiment files (`load` adds arrays).

    >>> read_checked(result_path("tables_1_3"), "tables_1_3")["seeds"][:3]
    [0, 1, 2]
    """
    try:
        with open(path) as fh:
            result = json.load(fh)
    except (OSError, ValueError) as exc:
        _refuse(path, what, f"It cannot be read ({type(exc).__name__}: {exc}).")
    if not isinstance(result, dict) or any(result.get(k) != v for k, v in format.items()) \
            or result.get("name") != name:
        _refuse(path, what, "It is not a result of this name and format.")
    if result.get("sha256") != content_hash(result):
        _refuse(path, what, "Its sha256 does not match its content.")
    return result


def with_arrays(result: dict, refuse=None) -> dict:
    """A copy of ``result`` whose per-target MSE lists are arrays (seeds, models), shapes checked."""
    if refuse is None:
        def refuse(why):
            raise InvalidArgument("result", "a result dict", "a result from make_result", why)
    out = copy.deepcopy(result)
    shape = (len(result["seeds"]), result["config"]["n_models"])
    for part, per_type in out["mse"].items():
        for kind, per_target in per_type.items():
            for t, rows in per_target.items():
                arr = np.asarray(rows, dtype=float)
                if arr.shape != shape or not np.all(np.isfinite(arr)):
                    refuse(f"mse[{part!r}][{kind!r}][{t!r}] has shape {arr.shape}, not {shape}, or non-finite values.")
                per_target[t] = arr
    return out


def compare(shipped: dict, recomputed: dict, *, rtol: float = 1e-9) -> dict:
    """Per-model MSEs of ``recomputed`` against ``shipped`` for the seeds both hold (as from `load`).

    Returns ``{"seeds": [...], "values": int, "max_rel_diff": float, "agree": bool}``;
    ``agree`` when every relative difference is at most ``rtol``.

    >>> a = {"seeds": [0], "mse": {"tables": {"law": {"x3": np.array([[1.0, 2.0]])}}}}
    >>> compare(a, a)["agree"]
    True
    """
    if isinstance(rtol, bool) or not isinstance(rtol, (int, float)) or not (rtol >= 0 and math.isfinite(rtol)):
        raise InvalidArgument("rtol", rtol, "a finite number >= 0")
    common = [s for s in recomputed["seeds"] if s in shipped["seeds"]]
    if not common:
        raise InvalidArgument("recomputed", recomputed["seeds"], f"seeds among the shipped ones {shipped['seeds']}")
    worst, count = 0.0, 0
    for part, per_type in recomputed["mse"].items():
        for kind, per_target in per_type.items():
            for t, arr in per_target.items():
                ref = shipped["mse"][part][kind][t][[shipped["seeds"].index(s) for s in common]]
                new = np.asarray(arr)[[recomputed["seeds"].index(s) for s in common]]
                rel = np.abs(new - ref) / np.maximum(np.abs(ref), np.finfo(float).tiny)
                worst, count = max(worst, float(rel.max())), count + rel.size
    return {"seeds": common, "values": count, "max_rel_diff": worst, "agree": worst <= rtol}
