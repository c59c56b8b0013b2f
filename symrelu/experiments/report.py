"""Rows, files and the printed side-by-side comparison of a run (no torch import).

>>> row = comparison_row("law", "x3", [1e-8, 3e-8], (7.86e-8, 5.27e-7))
>>> row["meets_min"], row["meets_mean"]
(True, True)
"""

from __future__ import annotations

import csv
import json
import math

import numpy as np

from .paper import PAPER_SECTION_5, PAPER_TABLE_3, PAPER_TABLES_1_2, SOURCE, TARGET_LABELS, TYPE_LABELS

__all__ = ["comparison_row", "table_rows", "write_csv", "write_json", "format_table", "format_rst"]


def comparison_row(kind: str, target: str, values, paper) -> dict:
    """One row: our min / mean / median of ``values`` next to the paper's ``(min, mean)``.

    ``meets_*`` is True when ours is at most the paper's (None where the
    paper gives no number).
    """
    v = np.asarray(values, dtype=float)
    ours_min, ours_mean = float(v.min()), float(v.mean())
    pmin, pmean = paper if paper is not None else (None, None)
    return {
        "type": kind, "target": target, "n": int(v.size),
        "ours_min": ours_min, "ours_mean": ours_mean, "ours_median": float(np.median(v)),
        "paper_min": pmin, "paper_mean": pmean,
        "meets_min": None if pmin is None else bool(ours_min <= pmin),
        "meets_mean": None if pmean is None else bool(ours_mean <= pmean),
    }


def table_rows(experiment: str, mse: dict, paper: dict) -> list:
    """Rows for every (type, target) of ``mse`` (``{type: {target: array}}``), with the paper's numbers."""
    rows = []
    for kind, per_target in mse.items():
        for target, values in per_target.items():
            row = comparison_row(kind, target, values, paper.get(kind, {}).get(target))
            row["experiment"] = experiment
            rows.append(row)
    return rows


_FIELDS = ["experiment", "type", "target", "n", "ours_min", "paper_min", "ours_mean", "paper_mean",
           "ours_median", "meets_min", "meets_mean"]


def write_csv(rows, path) -> None:
    """All rows as CSV (one line per experiment, type and target)."""
    with open(path, "w", newline="") as fh:
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


def write_json(payload: dict, path) -> None:
    """``payload`` (rows, raw per-model losses, config, timings) as JSON."""
    with open(path, "w") as fh:
        json.dump(_jsonable(payload), fh, indent=1)


def _e(v) -> str:
    return "—" if v is None else f"{v:.2e}"


def _mark(flag) -> str:
    return "" if flag is None else ("  ok" if flag else "  WORSE")


def format_table(rows, *, title: str) -> str:
    """A fixed-width text table: ours next to the paper's, per type and target."""
    lines = [title, f"{'type':32s} {'target':22s} {'min ours':>9s} {'min 000':>9s}      {'mean ours':>9s} {'mean 000':>9s}"]
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
    out = [".. list-table::", "   :header-rows: 1", "",
           "   * - training type", "     - target", "     - min (ours)", "     - min (000)",
           "     - mean (ours)", "     - mean (000)"]
    for r in rows:
        cells = [TYPE_LABELS.get(r["type"], r["type"]), TARGET_LABELS.get(r["target"], r["target"]),
                 _e(r["ours_min"]) + ("" if r["meets_min"] is None else (" ✓" if r["meets_min"] else " ✗")),
                 _e(r["paper_min"]),
                 _e(r["ours_mean"]) + ("" if r["meets_mean"] is None else (" ✓" if r["meets_mean"] else " ✗")),
                 _e(r["paper_mean"])]
        out.append("   * - " + cells[0])
        out += ["     - " + c for c in cells[1:]]
    return "\n".join(out)


PAPER = {"tables": PAPER_TABLES_1_2, "sparse": PAPER_TABLE_3, "section5": PAPER_SECTION_5, "source": SOURCE}
