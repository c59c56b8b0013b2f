"""Run every registered claim and write docs/claims_report.inc (reStructuredText).

Usage::

    python docs/make_claims_report.py [--jobs N] [--timeout SECONDS]
    python -m proofs_check --json > claims.json && python docs/make_claims_report.py --from-json claims.json

The file is written only when every claim has run (or the JSON was read),
through a temporary file, so a failed run never leaves a half-written report
behind.  The report has one section per document, headed by the document's
title (the labels and citations of docs/bibliography.rst), and one entry per
claim with its method, verdict and full detail: nothing is cut off, and the
text wraps at the page width.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import textwrap
import types
from collections import Counter, defaultdict
from pathlib import Path

OUT = Path(__file__).resolve().parent / "claims_report.inc"

#: seed prefix -> (title as the document prints it, citation label in docs/bibliography.rst)
DOCUMENTS = {
    "000": ("Compelling ReLU Networks to Exhibit Exponentially Many Linear Regions at Initialization and "
            "During Training", "Compelling"),
    "001": ("A Trainable Manifold for Accurate Approximation with ReLU Networks", "Manifold"),
    "002": ("Compelling ReLU Networks to Exhibit Exponentially Many Linear Regions at Initialization and "
            "During Training (summary page)", "Compelling-summary"),
    "003": ("A Functional Characterization of Randomly Initialized Gradient Descent in Deep ReLU Networks",
            "Functional"),
    "004": ("Local Linearity of ReLU Neural Networks (dissertation)", "Sattelberg2026"),
}


def _one_line(text) -> str:
    return " ".join(str(text).split())


def _text(text) -> str:
    """Plain text safe inside reStructuredText: inline markup characters escaped, no list or comment start."""
    text = _one_line(text).replace("\\", "\\\\")
    for ch in "*`_|[]":
        text = text.replace(ch, "\\" + ch)
    if text[:1] in "-+#:.=>0123456789":
        text = "\\" + text  # a leading '-' or '1.' would start a list
    return text


def _literal(text) -> str:
    text = _one_line(text)
    return "``" + text.replace("``", "` `") + "``" if text else ""


def _document(source: str):
    prefix = source[:3]
    title, label = DOCUMENTS.get(prefix, (source, None))
    return prefix, title, label


def _readings(readings) -> list[str]:
    """The readings of a claim, whatever shape the catalogue gives them (mapping or sequence)."""
    if not readings:
        return []
    if isinstance(readings, dict):
        return [f"{_text(k)}: {_text(v)}" for k, v in readings.items()]
    out = []
    for r in readings:
        if isinstance(r, dict):
            name = r.get("name") or r.get("reading") or ""
            rest = ", ".join(f"{k} {v}" for k, v in r.items() if k not in ("name", "reading") and v not in (None, ""))
            out.append(f"{_text(name)}: {_text(rest)}" if name else _text(rest))
        else:
            out.append(_text(getattr(r, "name", r)) + (f": {_text(r.verdict)}" if hasattr(r, "verdict") else ""))
    return out


def _entry(r) -> list[str]:
    """One claim: a definition-list item whose fields wrap (no table column to overflow)."""
    mark = "" if r.ok else f" (**unexpected**: expected {r.expect})"
    lines = [f"``{r.id}`` — {_text(r.label)}: **{r.verdict}**{mark}", ""]
    fields = [("Method", _text(r.method))]
    severity = getattr(r, "severity", None)
    if severity:
        fields.append(("Severity", _text(severity)))
    if r.verdict == "refuted":
        fields.append(("As printed", _literal(r.statement)))
    fields.append(("Found", _text(r.detail)))
    if getattr(r, "counterexample", None) is not None:
        fields.append(("Counterexample", _literal(r.counterexample[:400])))
    if getattr(r, "correction", None) is not None:
        fields.append((f"Correction (its check: {r.correction_verdict})", _literal(r.correction)))
    for name, value in fields:
        if value:
            lines += _wrap(value, f"   :{name}: ", "      ")
    readings = _readings(getattr(r, "readings", None))
    if readings:
        lines.append("   :Readings:")
        for item in readings:
            lines += _wrap(item, "      - ", "        ")
    lines.append("")
    return lines


def _wrap(text: str, first: str, rest: str) -> list[str]:
    """``text`` as the lines of one paragraph (docutils refuses a line over 10,000 characters)."""
    return textwrap.wrap(text, width=110, initial_indent=first, subsequent_indent=rest,
                         break_long_words=False, break_on_hyphens=False)


def render(results) -> str:
    from proofs_check.report import summary

    results = sorted(results, key=lambda r: r.id)
    try:
        head = summary(results)
    except (AttributeError, TypeError):  # results read from JSON of another version
        counts = Counter(r.verdict for r in results)
        head = f"{len(results)} claims: " + ", ".join(f"{n} {v}" for v, n in counts.items())
    lines = [head, ""]
    by_source = defaultdict(list)
    for r in results:
        by_source[r.source].append(r)
    sources = sorted(by_source, key=lambda s: s[:3])
    lines += ["Documents:", ""]
    for source in sources:
        prefix, title, _ = _document(source)
        n = len(by_source[source])
        lines.append(f"* :ref:`{prefix} <claims-{prefix}>`: {title} ({n} claim{'s' if n != 1 else ''})")
    lines.append("")
    for source in sources:
        rs = by_source[source]
        prefix, title, label = _document(source)
        heading = f"{prefix} — {title}"
        counts = Counter(r.verdict for r in rs)
        cite = f" [{label}]_" if label else ""
        lines += [f".. _claims-{prefix}:", "", heading, "~" * len(heading), ""]
        lines += [
            f"The claims from{cite} (seed file ``{source}``): "
            + ", ".join(f"{n} {v}" for v, n in sorted(counts.items())) + ".",
            "",
        ]
        for r in rs:
            lines += _entry(r)
    return "\n".join(lines) + "\n"


def _from_json(path: str):
    with open(path, encoding="utf-8") as fh:
        records = json.load(fh)
    out = []
    for rec in records:
        rec = dict(rec)
        rec.setdefault("ok", rec.get("verdict") == rec.get("expect"))
        out.append(types.SimpleNamespace(**rec))
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--timeout", type=float, default=300.0)
    parser.add_argument("--from-json", metavar="FILE", help="render the output of 'python -m proofs_check --json' instead of running the claims")
    args = parser.parse_args(argv)
    if args.from_json:
        results = _from_json(args.from_json)
    else:
        from proofs_check.registry import all_claims
        from proofs_check.runner import run_claims

        results = []
        for r in run_claims(all_claims(), timeout=args.timeout, jobs=args.jobs):
            results.append(r)
            print(f"{r.verdict:12s} {r.id}", file=sys.stderr)
    text = render(results)
    with tempfile.NamedTemporaryFile("w", dir=OUT.parent, delete=False, suffix=".tmp", encoding="utf-8") as tmp:
        tmp.write(text)
    os.replace(tmp.name, OUT)
    print(text.splitlines()[0])
    return 0 if all(r.ok for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
