"""Run every registered claim and write docs/claims_report.inc (reStructuredText).

Usage: ``python docs/make_claims_report.py [--jobs N]``.  The file is written
only when every claim has run, through a temporary file, so a failed run never
leaves a half-written report behind.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

from proofs_check.registry import all_claims
from proofs_check.report import summary
from proofs_check.runner import run_claims

OUT = Path(__file__).resolve().parent / "claims_report.inc"


def _literal(text: str) -> str:
    text = " ".join(str(text).split())
    return "``" + text.replace("``", "` `") + "``" if text else ""


def _cell(text: str, limit: int = 160) -> str:
    text = " ".join(str(text).split())
    text = text if len(text) <= limit else text[: limit - 3] + "..."
    return text.replace("|", "/").replace("*", r"\*").replace("`", "'").replace("_", r"\_")


def render(results) -> str:
    results = sorted(results, key=lambda r: r.id)
    lines = [summary(results), ""]
    by_source = defaultdict(list)
    for r in results:
        by_source[r.source].append(r)
    for source, rs in by_source.items():
        lines += [source, "~" * len(source), "", ".. list-table::", "   :header-rows: 1", "   :widths: 22 14 14 10 40", ""]
        lines += ["   * - id", "     - label", "     - method", "     - verdict", "     - detail"]
        for r in rs:
            mark = "" if r.ok else " (**unexpected**)"
            lines += [
                f"   * - ``{r.id}``",
                f"     - {_cell(r.label)}",
                f"     - {_cell(r.method)}",
                f"     - {r.verdict}{mark}",
                f"     - {_cell(r.detail)}",
            ]
        lines.append("")
    refuted = [r for r in results if r.verdict == "refuted"]
    lines += ["Refuted claims and their corrections", "~" * 36, ""]
    for r in refuted:
        lines += [f"``{r.id}`` ({_cell(r.label)})", "", f"   *As printed:* {_literal(r.statement)}", ""]
        lines += [f"   *Found:* {_literal(r.detail)}", ""]
        if r.counterexample is not None:
            lines += [f"   *Counterexample:* {_literal(r.counterexample[:400])}", ""]
        if r.correction is not None:
            lines += [f"   *Correction* (its check: {r.correction_verdict}): {_literal(r.correction)}", ""]
    return "\n".join(lines) + "\n"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--timeout", type=float, default=300.0)
    args = parser.parse_args(argv)
    results = []
    for r in run_claims(all_claims(), timeout=args.timeout, jobs=args.jobs):
        results.append(r)
        print(f"{r.verdict:12s} {r.id}", file=sys.stderr)
    text = render(results)
    with tempfile.NamedTemporaryFile("w", dir=OUT.parent, delete=False, suffix=".tmp") as tmp:
        tmp.write(text)
    os.replace(tmp.name, OUT)
    print(summary(results))
    return 0 if all(r.ok for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
