"""Rows, files and the printed side-by-side comparison of a run (no torch import).

>>> row = comparison_row("law", "x3", [1e-8, 3e-8], (7.86e-8, 5.27e-7))
>>> row["meets_min"], row["meets_mean"]
(True, True)
"""

from __future__ import annotations

import csv
import json
import math
import os

import numpy as np

from .._files import replacing
from ..errors import InvalidArgument, InvalidArgumentType
from .paper import PAPER_001_TABLES_1_2, PAPER_TABLES_1_2, TARGET_LABELS, TYPE_LABELS

__all__ = ["comparison_row", "table_rows", "write_csv", "write_json", "format_table", "format_rst", "window_rows",
           "format_window", "seed_spread", "format_spread"]


def _str(name, value):
    if not isinstance(value, str):
        raise InvalidArgumentType(name, value, "a str")
    return value


def _path(name, path):
    if not isinstance(path, (str, os.PathLike)) or not os.fspath(path):
        raise InvalidArgumentType(name, path, "a file path (a non-empty str or os.PathLike)")
    return path


def _dict(name, value):
    if not isinstance(value, dict):
        raise InvalidArgumentType(name, value, "a dict")
    return value


def _values(name, values):
    """A non-empty 1-D array of finite losses."""
    try:
        v = np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        raise InvalidArgumentType(name, values, "a non-empty sequence of finite numbers") from None
    if v.ndim != 1 or v.size == 0 or not np.all(np.isfinite(v)):
        raise InvalidArgument(name, values, "a non-empty sequence of finite numbers")
    return v


def _number_or_none(name, value, whole):
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)) \
            or not math.isfinite(value):
        raise InvalidArgument(name, whole, "a pair (min, mean) of finite numbers or None, or None")
    return float(value)


def _paper_pair(name, paper):
    if paper is None:
        return None, None
    if not isinstance(paper, (tuple, list)) or len(paper) != 2:
        raise InvalidArgumentType(name, paper, "a pair (min, mean) of numbers or None, or None")
    return tuple(_number_or_none(name, v, paper) for v in paper)


def _paper_table(name, paper):
    """``{type: {target: (min, mean)}}``."""
    _dict(name, paper)
    for kind, per_target in paper.items():
        _dict(f"{name}[{kind!r}]", per_target)
        for target, pair in per_target.items():
            _paper_pair(f"{name}[{kind!r}][{target!r}]", pair)
    return paper


def _rows(name, rows, keys):
    """A sequence of row dicts, each holding ``keys``; numbers (``*_min``, ``*_mean`` ...) finite or None."""
    if isinstance(rows, (str, bytes, dict)) or not isinstance(rows, (list, tuple)):
        raise InvalidArgumentType(name, rows, "a list of row dicts")
    for k, r in enumerate(rows):
        if not isinstance(r, dict):
            raise InvalidArgumentType(f"{name}[{k}]", r, "a row dict")
        missing = [key for key in keys if key not in r]
        if missing:
            raise InvalidArgument(f"{name}[{k}]", r, f"a row with the keys {list(keys)} (missing {missing})")
        for key in keys:
            v = r[key]
            if key in ("type", "target") and not isinstance(v, str):
                raise InvalidArgumentType(f"{name}[{k}]", r, f"a row whose {key!r} is a str")
            if key.startswith(("ours_", "paper_", "min_", "mean_", "median_")) and v is not None and (
                    isinstance(v, bool) or not isinstance(v, (int, float, np.integer, np.floating))):
                raise InvalidArgumentType(f"{name}[{k}]", r, f"a row whose {key!r} is a number or None")
            if key in ("mins", "means") and (not isinstance(v, (list, tuple)) or not v or not all(
                    isinstance(x, (int, float, np.integer, np.floating)) and not isinstance(x, bool) for x in v)):
                raise InvalidArgumentType(f"{name}[{k}]", r, f"a row whose {key!r} is a non-empty list of numbers")
    return rows


_ROW_KEYS = ("type", "target", "ours_min", "paper_min", "ours_mean", "paper_mean", "meets_min", "meets_mean")
_WINDOW_KEYS = ("type", "target", "min_low", "min_high", "mean_low", "mean_high", "paper_min", "paper_mean",
                "epochs_meeting_min", "epochs_meeting_mean", "epochs_meeting_both")
_SPREAD_KEYS = ("target", "mins", "means", "median_min", "median_mean", "paper_min", "paper_mean",
                "runs_meeting_min", "runs_meeting_mean", "paper_001_min", "paper_001_mean",
                "runs_meeting_001_min", "runs_meeting_001_mean")


def comparison_row(kind: str, target: str, values, paper) -> dict:
    """One row: our min / mean / median of ``values`` next to the paper's ``(min, mean)``.

    ``meets_*`` is True when ours is at most the paper's (None where the
    paper gives no number).
    """
    _str("kind", kind), _str("target", target)
    v = _values("values", values)
    ours_min, ours_mean = float(v.min()), float(v.mean())
    pmin, pmean = _paper_pair("paper", paper)
    return {
        "type": kind, "target": target, "n": int(v.size),
        "ours_min": ours_min, "ours_mean": ours_mean, "ours_median": float(np.median(v)),
        "paper_min": pmin, "paper_mean": pmean,
        "meets_min": None if pmin is None else bool(ours_min <= pmin),
        "meets_mean": None if pmean is None else bool(ours_mean <= pmean),
    }


def table_rows(experiment: str, mse: dict, paper: dict, *, source: str = "000") -> list:
    """Rows for every (type, target) of ``mse`` (``{type: {target: array}}``), with the numbers of ``paper``.

    ``source`` names the version the numbers come from ("000", or "001" for
    the earlier version); it is the row's ``paper_source``.
    """
    _str("experiment", experiment), _str("source", source), _paper_table("paper", paper)
    rows = []
    for kind, per_target in _dict("mse", mse).items():
        for target, values in _dict(f"mse[{kind!r}]", per_target).items():
            row = comparison_row(kind, target, values, paper.get(kind, {}).get(target))
            row["experiment"], row["paper_source"] = experiment, source
            rows.append(row)
    return rows


_FIELDS = ["experiment", "type", "target", "n", "ours_min", "paper_min", "ours_mean", "paper_mean",
           "ours_median", "meets_min", "meets_mean", "paper_source"]


def write_csv(rows, path) -> None:
    """All rows as CSV (one line per experiment, type and target)."""
    _rows("rows", rows, ("type", "target")), _path("path", path)
    with replacing(path) as tmp, open(tmp, "w", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=_FIELDS, extrasaction="ignore")
        w.writeheader()
        for r in rows:
            w.writerow({k: ("" if r.get(k) is None else r.get(k)) for k in _FIELDS})


def _jsonable(obj):
    if isinstance(obj, dict):
        return {str(k): _jsonable(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_jsonable(v) for v in obj]
    if isinstance(obj, np.ndarray):
        return obj.tolist()
    if isinstance(obj, (np.floating, np.integer, np.bool_)):
        return obj.item()
    if isinstance(obj, float) and not math.isfinite(obj):
        return str(obj)
    return obj


def _json_offender(obj, where="payload"):
    """Where in (converted) ``obj`` a value JSON cannot hold sits, and that value; None when there is none."""
    if isinstance(obj, dict):
        return next(filter(None, (_json_offender(v, f"{where}[{k!r}]") for k, v in obj.items())), None)
    if isinstance(obj, list):
        return next(filter(None, (_json_offender(v, f"{where}[{i}]") for i, v in enumerate(obj))), None)
    return None if obj is None or isinstance(obj, (str, int, float, bool)) else (where, obj)


def write_json(payload: dict, path) -> None:
    """``payload`` (rows, raw per-model losses, config, timings) as JSON.

    NumPy arrays and scalars are converted, non-finite floats outside arrays
    written as strings; any other value JSON cannot hold is refused before
    the file is touched.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     write_json({"mse": np.array([1e-7, 2e-7]), "worst": float("inf")}, os.path.join(d, "r.json"))
    ...     json.load(open(os.path.join(d, "r.json")))
    {'mse': [1e-07, 2e-07], 'worst': 'inf'}
    """
    _dict("payload", payload)
    _path("path", path)
    data = _jsonable(payload)
    bad = _json_offender(data)
    if bad is not None:
        raise InvalidArgumentType("payload", payload, "JSON data (dicts, lists, str, numbers, bool, None; NumPy "
                                  f"values are converted), not {type(bad[1]).__name__} at {bad[0]}")
    with replacing(path) as tmp, open(tmp, "w") as fh:
        json.dump(data, fh, indent=1)


def _e(v) -> str:
    return "—" if v is None else f"{v:.2e}"


def _mark(flag) -> str:
    return "" if flag is None else ("  ok" if flag else "  WORSE")


def _source(rows) -> str:
    """The paper version a table's rows are compared with (they share one)."""
    return rows[0].get("paper_source", "000") if rows else "000"


def format_table(rows, *, title: str) -> str:
    """A fixed-width text table: ours next to the paper's (the version its rows' ``paper_source`` names)."""
    _rows("rows", rows, _ROW_KEYS), _str("title", title)
    source = _source(rows)
    lines = [title, f"{'type':32s} {'target':22s} {'min ours':>9s} {'min ' + source:>9s}      {'mean ours':>9s} "
                    f"{'mean ' + source:>9s}"]
    for r in rows:
        label = TYPE_LABELS.get(r["type"], r["type"])
        lines.append(
            f"{label:32s} {TARGET_LABELS.get(r['target'], r['target']):22s} {_e(r['ours_min']):>9s} {_e(r['paper_min']):>9s}"
            f"{_mark(r['meets_min']):7s}{_e(r['ours_mean']):>9s} {_e(r['paper_mean']):>9s}{_mark(r['meets_mean'])}"
        )
    return "\n".join(lines)


def format_rst(rows) -> str:
    """The rows as a reStructuredText ``list-table`` (for the docs page).

    >>> print(format_rst([comparison_row("law", "x3", [1e-7], (7.86e-8, 5.27e-7))]).splitlines()[0])
    .. list-table::
    """
    _rows("rows", rows, _ROW_KEYS)
    source = _source(rows)
    out = [".. list-table::", "   :header-rows: 1", "",
           "   * - training type", "     - target", "     - min (ours)", f"     - min ({source})",
           "     - mean (ours)", f"     - mean ({source})"]
    for r in rows:
        cells = [TYPE_LABELS.get(r["type"], r["type"]), TARGET_LABELS.get(r["target"], r["target"]),
                 _e(r["ours_min"]) + ("" if r["meets_min"] is None else (" ✓" if r["meets_min"] else " ✗")),
                 _e(r["paper_min"]),
                 _e(r["ours_mean"]) + ("" if r["meets_mean"] is None else (" ✓" if r["meets_mean"] else " ✗")),
                 _e(r["paper_mean"])]
        out.append("   * - " + cells[0])
        out += ["     - " + c for c in cells[1:]]
    return "\n".join(out)


def window_rows(window: dict, paper: dict) -> list:
    """Per type and target: the range of our min and mean over the last epochs, and how many epochs meet the paper.

    ``window`` is `run_tables`'s ``{type: {target: {"min": array, "mean":
    array}}}`` (one entry per epoch, the last one final).  A comparison that
    holds at the final epoch but at few of the epochs before it rests on
    where training stopped, not on the method.

    >>> w = {"law": {"x3": {"min": [9e-8, 7e-8, 8e-8], "mean": [4e-7, 5e-7, 6e-7]}}}
    >>> r = window_rows(w, {"law": {"x3": (7.86e-8, 5.27e-7)}})[0]
    >>> r["epochs"], r["epochs_meeting_min"], r["epochs_meeting_mean"], r["epochs_meeting_both"]
    (3, 1, 2, 1)
    """
    _paper_table("paper", paper)
    rows = []
    for kind, per_target in _dict("window", window).items():
        for target, stats in _dict(f"window[{kind!r}]", per_target).items():
            name = f"window[{kind!r}][{target!r}]"
            if not isinstance(stats, dict) or "min" not in stats or "mean" not in stats:
                raise InvalidArgumentType(name, stats, "a dict with 'min' and 'mean' lists")
            try:
                mins, means = np.asarray(stats["min"], dtype=float), np.asarray(stats["mean"], dtype=float)
            except (TypeError, ValueError):
                raise InvalidArgumentType(name, stats, "a dict with 'min' and 'mean' lists of numbers") from None
            if mins.ndim != 1 or not (np.all(np.isfinite(mins)) and np.all(np.isfinite(means))):
                raise InvalidArgument(name, stats, "'min' and 'mean' lists of finite numbers")
            if mins.size == 0 or mins.shape != means.shape:
                raise InvalidArgument(f"window[{kind!r}][{target!r}]", f"{mins.size} minima and {means.size} means",
                                      "one min and one mean per epoch, at least one epoch")
            pmin, pmean = paper.get(kind, {}).get(target, (None, None))
            meets_min = None if pmin is None else mins <= pmin
            meets_mean = None if pmean is None else means <= pmean
            rows.append({
                "type": kind, "target": target, "epochs": int(mins.size),
                "min_low": float(mins.min()), "min_high": float(mins.max()),
                "mean_low": float(means.min()), "mean_high": float(means.max()),
                "paper_min": pmin, "paper_mean": pmean,
                "epochs_meeting_min": None if meets_min is None else int(meets_min.sum()),
                "epochs_meeting_mean": None if meets_mean is None else int(meets_mean.sum()),
                "epochs_meeting_both": None if meets_min is None or meets_mean is None
                else int((meets_min & meets_mean).sum()),
            })
    return rows


def format_window(rows) -> str:
    """`window_rows` as a text table."""
    _rows("rows", rows, _WINDOW_KEYS)
    lines = [f"{'type':32s} {'target':22s} {'min: range':>19s} {'000':>9s} {'≤000':>5s}"
             f"   {'mean: range':>19s} {'000':>9s} {'≤000':>5s} {'both':>5s}"]
    for r in rows:
        lines.append(
            f"{TYPE_LABELS.get(r['type'], r['type']):32s} {TARGET_LABELS.get(r['target'], r['target']):22s} "
            f"{_e(r['min_low'])}..{_e(r['min_high'])} {_e(r['paper_min']):>9s} {r['epochs_meeting_min']!s:>5s}   "
            f"{_e(r['mean_low'])}..{_e(r['mean_high'])} {_e(r['paper_mean']):>9s} {r['epochs_meeting_mean']!s:>5s} "
            f"{r['epochs_meeting_both']!s:>5s}")
    return "\n".join(lines)


def seed_spread(payloads, kind: str = "law") -> list:
    """Tables 1-2 statistics of ``kind`` over independent runs (one payload per seed), next to the paper's.

    Each payload is a run's ``results.json`` (loaded).  Per target: every
    run's min and mean over its models, their medians over runs, and in how
    many runs ours is at most the paper's number, for 000 (``paper_*``,
    ``runs_meeting_*``) and for its earlier version 001 (``paper_001_*``,
    ``runs_meeting_001_*``); for runs that recorded their last epochs,
    per run the number of those epochs at which min and mean both meet 000
    (``window_meeting_both``, of ``window_epochs``).  The min of 30 losses
    varies from draw to draw; this says whether the paper's number is a
    typical draw of ours.

    >>> runs = [{"config": {"seed": s}, "per_model_mse": {"tables": {"law": {"x3": [v, 1e-6]}}}}
    ...         for s, v in enumerate([5e-8, 9e-8, 7e-8])]
    >>> row = seed_spread(runs)[0]
    >>> row["median_min"], row["runs_meeting_min"], row["runs"]
    (7e-08, 2, 3)
    """
    if not isinstance(kind, str):
        raise InvalidArgumentType("kind", kind, "a str (a training type, e.g. 'law')")
    if isinstance(payloads, (list, tuple)) and payloads and isinstance(payloads[0], dict):
        tables = payloads[0].get("per_model_mse")
        tables = tables.get("tables") if isinstance(tables, dict) else None
        if isinstance(tables, dict) and tables and kind not in tables:  # a valid run without this type
            raise InvalidArgument("kind", kind, f"one of the runs' training types {sorted(map(str, tables))}")
    _check_replications(payloads, kind)
    targets = list(payloads[0]["per_model_mse"]["tables"][kind])
    rows = []
    for target in targets:
        mins, means = [], []
        for p in payloads:
            v = np.asarray(p["per_model_mse"]["tables"][kind][target], dtype=float)
            mins.append(float(v.min()))
            means.append(float(v.mean()))
        row = {"type": kind, "target": target, "runs": len(mins),
               "seeds": [p["config"]["seed"] for p in payloads], "mins": mins, "means": means,
               "median_min": float(np.median(mins)), "median_mean": float(np.median(means))}
        if all("window" in p for p in payloads):  # runs that recorded their last epochs (`Config.window`)
            windows = [window_rows({kind: {target: p["window"]["per_epoch"][kind][target]}}, PAPER_TABLES_1_2)[0]
                       for p in payloads]
            row["window_epochs"] = [w["epochs"] for w in windows]
            row["window_meeting_both"] = [w["epochs_meeting_both"] for w in windows]
        for prefix, paper in (("", PAPER_TABLES_1_2), ("001_", PAPER_001_TABLES_1_2)):
            pmin, pmean = paper.get(kind, {}).get(target, (None, None))
            row.update({f"paper_{prefix}min": pmin, f"paper_{prefix}mean": pmean,
                        f"runs_meeting_{prefix}min": None if pmin is None else sum(m <= pmin for m in mins),
                        f"runs_meeting_{prefix}mean": None if pmean is None else sum(m <= pmean for m in means)})
        rows.append(row)
    return rows


def _check_payload(payload, name: str, kind: str = "law") -> None:
    """``payload`` has what `seed_spread` reads (else InvalidArgument naming ``name``, e.g. the file)."""
    allowed = ("a run's results.json: an object with config.seed and per_model_mse.tables."
               f"{kind}.<target> lists of numbers (and window.per_epoch.{kind}.<target> min/mean lists if any)")

    def refuse(what):
        raise InvalidArgument(name, what, allowed)

    if not isinstance(payload, dict) or not isinstance(payload.get("config"), dict) \
            or "seed" not in payload["config"]:
        refuse("no config.seed")
    tables = payload.get("per_model_mse")
    tables = tables.get("tables") if isinstance(tables, dict) else None
    per_target = tables.get(kind) if isinstance(tables, dict) else None
    if not isinstance(per_target, dict) or not per_target:
        refuse(f"no per_model_mse.tables.{kind}")
    for target, values in per_target.items():
        try:
            ok = np.asarray(values, dtype=float).ndim == 1 and len(values) > 0
        except (TypeError, ValueError):
            ok = False
        if not ok:
            refuse(f"a per_model_mse.tables.{kind}.{target} that is not a non-empty list of numbers")
        if "window" in payload:
            try:
                stats = payload["window"]["per_epoch"][kind][target]
                ok = all(np.asarray(stats[k], dtype=float).ndim == 1 for k in ("min", "mean"))
            except (KeyError, TypeError, ValueError, IndexError):
                ok = False
            if not ok:
                refuse(f"a window.per_epoch.{kind}.{target} without min and mean lists")


def _check_replications(payloads, kind: str = "law") -> None:
    """Runs are replications: at least one, distinct seeds, the same configuration otherwise."""
    if not isinstance(payloads, (list, tuple)) or not payloads:
        raise InvalidArgument("payloads", payloads, "at least one run's results")
    for i, p in enumerate(payloads):
        _check_payload(p, f"payloads[{i}]", kind)
    targets = list(payloads[0]["per_model_mse"]["tables"][kind])
    for i, p in enumerate(payloads):
        if list(p["per_model_mse"]["tables"][kind]) != targets:
            raise InvalidArgument(f"payloads[{i}]", f"targets {list(p['per_model_mse']['tables'][kind])}",
                                  f"the targets of payloads[0], {targets}")
    seeds = [p["config"]["seed"] for p in payloads]
    if len(set(seeds)) != len(seeds):
        raise InvalidArgument("payloads", f"seeds {seeds}", "runs with distinct seeds (replications)")
    first = {k: v for k, v in payloads[0]["config"].items() if k != "seed"}
    for p in payloads[1:]:
        other = {k: v for k, v in p["config"].items() if k != "seed"}
        if other != first:
            keys = sorted(k for k in set(first) | set(other) if first.get(k) != other.get(k))
            raise InvalidArgument("payloads", f"configurations differing in {keys}",
                                  "runs that differ only in the seed")


def format_spread(rows) -> str:
    """`seed_spread` rows as a text table (000's numbers, then 001's)."""
    _rows("rows", rows, _SPREAD_KEYS)
    head = f"{'000':>9s} {'≤000':>5s} {'001':>9s} {'≤001':>5s}"
    lines = [f"{'target':22s} {'runs':>4s} {'min: range':>19s} {'median':>9s} {head}"
             f"   {'mean: range':>19s} {'median':>9s} {head}"]
    for r in rows:
        cells = []
        for stat in ("min", "mean"):
            values = r[f"{stat}s"]
            cells.append(
                f"{_e(min(values))}..{_e(max(values))} {_e(r[f'median_{stat}']):>9s} "
                f"{_e(r[f'paper_{stat}']):>9s} {r[f'runs_meeting_{stat}']!s:>5s} "
                f"{_e(r[f'paper_001_{stat}']):>9s} {r[f'runs_meeting_001_{stat}']!s:>5s}")
        lines.append(f"{TARGET_LABELS.get(r['target'], r['target']):22s} {r['runs']:4d} " + "   ".join(cells))
    if rows and all("window_meeting_both" in r for r in rows):
        lines.append(f"\nEpochs, of the last {'/'.join(map(str, sorted(set(rows[0]['window_epochs']))))} of each run, "
                     "at which min and mean both meet 000 (one number per run):")
        lines += [f"{TARGET_LABELS.get(r['target'], r['target']):22s} {r['window_meeting_both']}" for r in rows]
    return "\n".join(lines)


