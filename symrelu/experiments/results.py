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


def _check_path(path):
    if isinstance(path, bool) or not isinstance(path, (str, os.PathLike)) or not os.fspath(path):
        raise InvalidArgumentType("path", path, "a file path (a non-empty str or os.PathLike)")
    return path


def _check_json(name, value, kind=dict):
    """``value`` (a ``kind``) as canonical JSON can hold it: finite numbers, str keys (the hash is taken of it)."""
    if not isinstance(value, kind):
        raise InvalidArgumentType(name, value, f"a {kind.__name__} of JSON data")
    try:
        json.dumps(value, sort_keys=True, allow_nan=False)
    except (TypeError, ValueError) as exc:
        raise InvalidArgument(name, value, "JSON data (str keys; dicts, lists, str, finite numbers, bool, None)",
                              f"{type(exc).__name__}: {exc}") from None
    return value


def _check_seeds(name, seeds) -> list:
    """Seeds: a non-empty sequence of distinct ints >= 0, as a list of int."""
    if isinstance(seeds, (str, bytes, dict)) or not isinstance(seeds, (list, tuple, range, np.ndarray)):
        raise InvalidArgumentType(name, seeds, "a list of distinct ints >= 0")
    if not all(isinstance(s, (int, np.integer)) and not isinstance(s, (bool, np.bool_)) and s >= 0 for s in seeds) \
            or not len(seeds) or len(set(int(s) for s in seeds)) != len(seeds):
        raise InvalidArgument(name, seeds, "a non-empty list of distinct ints >= 0")
    return [int(s) for s in seeds]


def _float_array(name, value) -> np.ndarray:
    try:
        return np.asarray(value, dtype=float)
    except (TypeError, ValueError) as exc:
        raise InvalidArgumentType(name, value, f"an array of numbers ({type(exc).__name__}: {exc})") from None


def _nested(name, value, depth):
    """``value`` as ``{key: {key: ... leaf}}`` with ``depth`` levels of str-keyed dicts: ``(path, leaf)`` pairs."""
    if depth == 0:
        return [(name, value)]
    if not isinstance(value, dict) or not value:
        raise InvalidArgumentType(name, value, "a non-empty dict")
    out = []
    for k, v in value.items():
        if not isinstance(k, str):
            raise InvalidArgumentType(name, value, f"a dict with str keys, not {k!r}")
        out += _nested(f"{name}[{k!r}]", v, depth - 1)
    return out


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
    if not isinstance(cfg_fields, dict):
        raise InvalidArgumentType("cfg_fields", cfg_fields, "a dict of Config fields")
    config = _check_json("cfg_fields", {k: (list(v) if isinstance(v, tuple) else v) for k, v in cfg_fields.items()})
    targets, n_models = config.get("targets"), config.get("n_models")
    if not isinstance(targets, list) or not targets or not all(isinstance(t, str) for t in targets) \
            or len(set(targets)) != len(targets):
        raise InvalidArgument("cfg_fields", cfg_fields, "a dict whose 'targets' are distinct str (one at least)")
    if isinstance(n_models, bool) or not isinstance(n_models, int) or n_models < 1:
        raise InvalidArgument("cfg_fields", cfg_fields, "a dict whose 'n_models' is an int >= 1")
    seeds = _check_seeds("seeds", seeds)
    _check_json("environment", environment)
    _check_json("seconds", seconds)
    shape = (len(seeds), len(targets), n_models)
    body = {}
    for where, arr in _nested("mse", mse, 2):
        arr = _float_array(where, arr)
        if arr.shape != shape or not np.all(np.isfinite(arr)):
            raise InvalidArgument(where, f"shape {arr.shape}", f"finite values of shape (seeds, targets, models) = "
                                  f"{shape}")
    for part, per_type in mse.items():
        body[part] = {kind: {t: np.asarray(arr, dtype=float)[:, i, :].tolist() for i, t in enumerate(targets)}
                      for kind, arr in per_type.items()}
    result = {**FORMAT, "name": name, "description": RESULTS[name]["description"], "config": config,
              "seeds": seeds, "environment": environment, "seconds": seconds, "mse": body}
    result["sha256"] = content_hash(result)
    return result


def environment(threads: int | None = None, device: str = "cpu") -> dict:
    """Library versions and machine of a run (torch's when it is importable)."""
    if threads is not None and (isinstance(threads, bool) or not isinstance(threads, (int, np.integer))
                                or threads < 1):
        raise InvalidArgument("threads", threads, "None (torch's thread count) or an int >= 1")
    if not isinstance(device, str) or not device:
        raise InvalidArgumentType("device", device, "a device name (a non-empty str such as 'cpu' or 'cuda:0')")
    import scipy

    from .. import __version__

    env = {"symrelu": __version__, "numpy": np.__version__, "scipy": scipy.__version__,
           "python": platform.python_version(), "machine": platform.machine(), "cpus": os.cpu_count(),
           "device": device}
    try:
        import torch

        env["torch"] = torch.__version__
        env["threads"] = torch.get_num_threads() if threads is None else int(threads)
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
    path = result_path(name) if path is None else _check_path(path)
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
    _check_path(path)
    if not isinstance(name, str) or not name:
        raise InvalidArgumentType("name", name, "a result name (a non-empty str)")
    if not isinstance(what, str):
        raise InvalidArgumentType("what", what, "a str (what the file should be, for the error message)")
    if not isinstance(format, dict):
        raise InvalidArgumentType("format", format, "a dict of the fields the file must hold, such as FORMAT")
    try:
        with open(path) as fh:
            result = json.load(fh)
    except (OSError, ValueError) as exc:
        _refuse(path, what, f"It cannot be read ({type(exc).__name__}: {exc}).")
    if not isinstance(result, dict) or any(result.get(k) != v for k, v in format.items()) \
            or result.get("name") != name:
        _refuse(path, what, f"It is not a result of name={name!r} and format={format!r}.")
    if result.get("sha256") != content_hash(result):
        _refuse(path, what, "Its sha256 does not match its content.")
    return result


def with_arrays(result: dict, refuse=None) -> dict:
    """A copy of ``result`` whose per-target MSE lists are arrays (seeds, models), shapes checked.

    ``refuse(why)`` raises the error for a malformed ``result`` (by default an
    `InvalidArgument` naming ``result``).

    >>> r = with_arrays(read_checked(result_path("tables_1_3"), "tables_1_3"))
    >>> r["mse"]["tables"]["law"]["x3"].shape
    (10, 30)
    """
    if refuse is not None and not callable(refuse):
        raise InvalidArgumentType("refuse", refuse, "None or a callable refuse(why) that raises")

    def fail(why):
        if refuse is not None:
            refuse(why)
        raise InvalidArgument("result", "a result dict" if isinstance(result, dict) else result,
                              "a result from make_result", why)

    if not isinstance(result, dict):
        fail("It is not a dict.")
    config, seeds = result.get("config"), result.get("seeds")
    n_models = config.get("n_models") if isinstance(config, dict) else None
    if isinstance(n_models, bool) or not isinstance(n_models, int) or n_models < 1:
        fail("Its config['n_models'] is not an int >= 1.")
    try:
        seeds = _check_seeds("seeds", seeds)
    except (InvalidArgument, InvalidArgumentType) as exc:
        fail(f"Its seeds are not a list of distinct ints >= 0 ({exc}).")
    try:
        leaves = _nested("mse", result.get("mse"), 3)
    except (InvalidArgument, InvalidArgumentType) as exc:
        fail(f"Its mse is not a dict {{part: {{type: {{target: values}}}}}} ({exc}).")
    shape = (len(seeds), n_models)
    for where, rows in leaves:
        try:
            arr = np.asarray(rows, dtype=float)
        except (TypeError, ValueError):
            arr = np.full(0, np.nan)
        if arr.shape != shape or not np.all(np.isfinite(arr)):
            fail(f"{where} has shape {arr.shape}, not {shape}, or non-finite values.")
    out = copy.deepcopy(result)
    for per_type in out["mse"].values():
        for per_target in per_type.values():
            for t, rows in per_target.items():
                per_target[t] = np.asarray(rows, dtype=float)
    return out


def _arrays(name, result):
    """``result`` as `compare` takes it: seeds and ``{(part, type, target): array (seeds, models)}``, checked."""
    if not isinstance(result, dict):
        raise InvalidArgumentType(name, result, "a result dict (from load or with_arrays)")
    try:
        seeds = _check_seeds(name, result.get("seeds"))
        leaves = _nested(name, result.get("mse"), 3)
    except (InvalidArgument, InvalidArgumentType) as exc:
        raise InvalidArgument(name, "a result dict", "a result from load or with_arrays", str(exc)) from None
    arrays = {}
    for where, arr in leaves:
        arr = _float_array(where, arr)
        if arr.ndim != 2 or arr.shape[0] != len(seeds) or not arr.shape[1] or not np.all(np.isfinite(arr)):
            raise InvalidArgument(name, "a result dict", "a result from load or with_arrays",
                                  f"{where} has shape {arr.shape}, not (seeds={len(seeds)}, models), or non-finite "
                                  "values.")
        arrays[where[len(name):]] = arr
    return seeds, arrays


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
    old_seeds, old = _arrays("shipped", shipped)
    new_seeds, new = _arrays("recomputed", recomputed)
    common = [s for s in new_seeds if s in old_seeds]
    if not common:
        raise InvalidArgument("recomputed", new_seeds, f"seeds among the shipped ones {old_seeds}")
    worst, count = 0.0, 0
    for where, arr in new.items():
        if where not in old or old[where].shape[1] != arr.shape[1]:
            raise InvalidArgument("recomputed", "a result dict", "MSEs of the parts, types and targets shipped holds",
                                  f"recomputed{where} has no counterpart of {arr.shape[1]} models in shipped.")
        ref = old[where][[old_seeds.index(s) for s in common]]
        rel = np.abs(arr[[new_seeds.index(s) for s in common]] - ref) / np.maximum(np.abs(ref), np.finfo(float).tiny)
        worst, count = max(worst, float(rel.max())), count + rel.size
    return {"seeds": common, "values": count, "max_rel_diff": worst, "agree": worst <= rtol}
