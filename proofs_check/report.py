"""Formatting of results: a streamed text table, JSON and Markdown."""

from __future__ import annotations

import dataclasses
import json
import shutil
import sys
from collections import Counter
from typing import IO, Iterable

from .claim import VERDICTS
from .runner import Result

__all__ = [
    "format_line",
    "stream_table",
    "summary",
    "to_records",
    "to_json",
    "to_markdown",
]


def _marks(file) -> tuple[str, str]:
    encoding = (getattr(file, "encoding", None) or "").lower()
    if encoding.replace("-", "") in ("utf8", "utf_8"):
        return "\u2713", "\u2717"  # check mark, ballot x
    return "+", "x"


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def format_line(result: Result, *, id_width: int = 0, width: int | None = None,
                marks: tuple[str, str] = ("+", "x")) -> str:
    """One table line: status mark, id, verdict, match with expect, seconds, detail.

    The line is truncated to ``width`` characters when given.
    """
    mark = marks[0] if result.ok else marks[1]
    if result.verdict == result.expect:
        match = "= expect"
    else:
        match = f"!= {result.expect}"
    if result.correction is not None and result.correction_verdict != "verified":
        match += f" (correction {result.correction_verdict})"
    head = (
        f"{mark} {result.id:<{id_width}}  {result.verdict:<12} {match:<15} "
        f"{result.seconds:8.2f}s  "
    )
    line = head + _one_line(result.detail)
    if width is not None and len(line) > width:
        line = line[: max(0, width - 3)] + "..."
    return line


def summary(results: Iterable[Result]) -> str:
    """One line: counts per verdict and how many results match their ``expect``."""
    results = list(results)
    counts = Counter(r.verdict for r in results)
    parts = [f"{counts[v]} {v}" for v in VERDICTS if counts[v]]
    ok = sum(r.ok for r in results)
    head = ", ".join(parts) if parts else "no claims"
    return f"{len(results)} claims: {head}; {ok}/{len(results)} as expected"


def stream_table(results: Iterable[Result], file: IO[str] | None = None, *,
                 id_width: int = 24, width: int | None = None) -> list[Result]:
    """Print one line per result as it arrives, then the summary; return the results."""
    file = sys.stdout if file is None else file
    if width is None:
        width = shutil.get_terminal_size((100, 24)).columns
    marks = _marks(file)
    collected = []
    for result in results:
        collected.append(result)
        print(format_line(result, id_width=id_width, width=width, marks=marks),
              file=file, flush=True)
    print(summary(collected), file=file, flush=True)
    return collected


def to_records(results: Iterable[Result]) -> list[dict]:
    """Each result as a plain dict: every :class:`Result` field plus ``ok``."""
    records = []
    for r in results:
        record = dataclasses.asdict(r)
        record["ok"] = r.ok
        records.append(record)
    return records


def to_json(results: Iterable[Result], *, indent: int | None = 2) -> str:
    """The results as a JSON list of objects (see :func:`to_records`)."""
    return json.dumps(to_records(results), indent=indent, ensure_ascii=False)


def _cell(text) -> str:
    if text is None:
        return ""
    return _one_line(text).replace("|", "\\|")


def to_markdown(results: Iterable[Result]) -> str:
    """The results as a Markdown table, then a section on the refuted claims."""
    results = list(results)
    lines = [
        "| id | label | method | verdict | expect | ok | seconds | detail |",
        "| --- | --- | --- | --- | --- | --- | ---: | --- |",
    ]
    for r in results:
        lines.append(
            f"| `{r.id}` | {_cell(r.label)} | {_cell(r.method)} | {r.verdict} | "
            f"{r.expect} | {'yes' if r.ok else 'no'} | {r.seconds:.2f} | "
            f"{_cell(r.detail)} |"
        )
    lines += ["", summary(results), ""]
    refuted = [r for r in results if r.verdict == "refuted"]
    lines += ["## Refuted claims", ""]
    if not refuted:
        lines += ["None.", ""]
    for r in refuted:
        lines += [
            f"### `{r.id}` — {r.label} ({r.source})",
            "",
            f"**As printed:** {_one_line(r.statement)}",
            "",
            f"**Found:** {_one_line(r.detail)}",
            "",
        ]
        if r.counterexample is not None:
            lines += [f"**Counterexample:** `{_one_line(r.counterexample)}`", ""]
        if r.correction is not None:
            lines += [
                f"**Correction** (check on the corrected statement: "
                f"{r.correction_verdict}): {_one_line(r.correction)}",
                "",
            ]
        else:
            lines += ["**Correction:** none given.", ""]
    return "\n".join(lines)
