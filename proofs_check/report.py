"""Formatting of results: a streamed text table, JSON and Markdown.

The table prints one line per claim and, under a claim with readings, one short
indented line per reading (its verdict, ``*`` marking the reading the document
fixes).  The summary line counts verdicts and groups the refutations by
severity, e.g. ``45 refuted: 9 substantive, 21 local, 15 typos``.
"""

from __future__ import annotations

import dataclasses
import json
import shutil
import sys
from collections import Counter
from typing import IO, Iterable

from .claim import SEVERITIES, VERDICTS
from .runner import Result

__all__ = [
    "format_line",
    "format_readings",
    "stream_table",
    "summary",
    "severity_summary",
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
    mark = "-" if result.verdict == "skipped" else marks[0] if result.ok else marks[1]
    if result.verdict == result.expect:
        match = "= expect"
    elif result.verdict == "skipped":
        match = "not checked"
    else:
        match = f"!= {result.expect}"
    if result.correction is not None and result.correction_verdict != "verified":
        match += f" (correction {result.correction_verdict})"
    head = (
        f"{mark} {result.id:<{id_width}}  {result.verdict:<12} {match:<15} "
        f"{result.seconds:8.2f}s  "
    )
    if result.verdict == "refuted" and result.severity is not None:
        head += f"[{result.severity}] "
    line = head + _one_line(result.detail)
    return _cut(line, width)


def _cut(line: str, width: int | None) -> str:
    if width is not None and len(line) > width:
        line = line[: max(0, width - 3)] + "..."
    return line


def format_readings(result: Result, *, width: int | None = None,
                    marks: tuple[str, str] = ("+", "x")) -> list[str]:
    """One indented line per reading of ``result`` (none when it has no readings).

    ``*`` marks the reading the document fixes; a refuted reading shows its
    severity; each line is truncated to ``width`` characters when given.
    """
    lines = []
    for r in result.readings:
        mark = marks[0] if r.ok else marks[1]
        fixed = "*" if r.fixed_by is not None else " "
        sev = f" [{r.severity}]" if r.verdict == "refuted" and r.severity else ""
        line = (f"    {mark} {fixed}reading {r.name}: {r.verdict}{sev}"
                f" ({_one_line(r.description)}) {_one_line(r.detail)}")
        lines.append(_cut(line, width))
    return lines


def _plural(n: int, word: str) -> str:
    # "typo" is a noun; the other severities are adjectives and take no plural
    return f"{n} {word}s" if word == "typo" and n != 1 else f"{n} {word}"


def severity_summary(results: Iterable[Result]) -> str:
    """The refuted results grouped by severity, most severe first, e.g. ``"45 refuted: 9 substantive, 21 local, 15 typos"``.

    A refuted result without a severity (a claim not expected to be refuted)
    counts as ``unjudged``; the empty string when nothing is refuted.
    """
    refuted = [r for r in results if r.verdict == "refuted"]
    if not refuted:
        return ""
    counts = Counter(r.severity for r in refuted)
    parts = [_plural(counts[s], s) for s in reversed(SEVERITIES) if counts[s]]
    if counts[None]:
        parts.append(f"{counts[None]} unjudged")
    return f"{len(refuted)} refuted: " + ", ".join(parts)


def _skipped_hint(results) -> str:
    """The install command that the skipped claims ask for, e.g. "pip install 'symrelu[torch]'"."""
    extras = sorted({r.detail.split("symrelu[")[1].split("]")[0] for r in results
                     if r.verdict == "skipped" and "symrelu[" in r.detail})
    return f"pip install 'symrelu[{','.join(extras)}]'" if extras else "optional packages missing"


def summary(results: Iterable[Result]) -> str:
    """One line: counts per verdict, how many match their ``expect``, refutations by severity.

    Skipped claims (an optional package missing) are counted apart: "as expected"
    is out of the claims that were checked, and the line says what to install.
    """
    results = list(results)
    counts = Counter(r.verdict for r in results)
    parts = [f"{counts[v]} {v}" for v in VERDICTS if counts[v]]
    ok = sum(r.ok for r in results)
    head = ", ".join(parts) if parts else "no claims"
    checked = len(results) - counts["skipped"]
    line = f"{len(results)} claims: {head}; {ok}/{checked} as expected"
    if counts["skipped"]:
        line += f" ({counts['skipped']} not checked: {_skipped_hint(results)})"
    by_severity = severity_summary(results)
    with_readings = sum(bool(r.readings) for r in results)
    if by_severity:
        line += f"; {by_severity}"
    if with_readings:
        line += f"; {with_readings} with readings"
    return line


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
        for line in format_readings(result, width=width, marks=marks):
            print(line, file=file, flush=True)
    print(summary(collected), file=file, flush=True)
    return collected


def to_records(results: Iterable[Result]) -> list[dict]:
    """Each result as a plain dict: every :class:`Result` field plus ``ok``.

    ``readings`` is a list of dicts, one per reading, with every
    :class:`~proofs_check.runner.ReadingResult` field plus ``ok``.
    """
    records = []
    for r in results:
        record = dataclasses.asdict(r)
        record["ok"] = r.ok
        record["readings"] = [
            {**dataclasses.asdict(reading), "ok": reading.ok} for reading in r.readings
        ]
        records.append(record)
    return records


def to_json(results: Iterable[Result], *, indent: int | None = 2) -> str:
    """The results as a JSON list of objects (see :func:`to_records`)."""
    return json.dumps(to_records(results), indent=indent, ensure_ascii=False)


def _cell(text) -> str:
    if text is None:
        return ""
    return _one_line(text).replace("|", "\\|")


def _md_readings(r: Result) -> list[str]:
    lines = []
    for reading in r.readings:
        fixed = f" — fixed by {_one_line(reading.fixed_by)}" if reading.fixed_by else ""
        sev = f" ({reading.severity})" if reading.verdict == "refuted" and reading.severity else ""
        lines.append(f"- **{reading.name}**{fixed}: {_one_line(reading.description)} → "
                     f"**{reading.verdict}**{sev}: {_one_line(reading.detail)}")
        if reading.counterexample is not None:
            lines.append(f"  Counterexample: `{_one_line(reading.counterexample)}`")
        if reading.correction is not None:
            lines.append(f"  Correction (check on it: {reading.correction_verdict}): "
                         f"{_one_line(reading.correction)}")
    return lines


def to_markdown(results: Iterable[Result]) -> str:
    """The results as a Markdown table, then sections on the refuted claims (by severity) and on readings."""
    results = list(results)
    lines = [
        "| id | label | method | verdict | severity | expect | ok | seconds | detail |",
        "| --- | --- | --- | --- | --- | --- | --- | ---: | --- |",
    ]
    for r in results:
        readings = "".join(
            f"<br>{'*' if x.fixed_by else ''}{x.name}: {x.verdict}" for x in r.readings
        )
        lines.append(
            f"| `{r.id}` | {_cell(r.label)} | {_cell(r.method)} | {r.verdict}{readings} | "
            f"{r.severity or ''} | {r.expect} | {'yes' if r.ok else 'no'} | {r.seconds:.2f} | "
            f"{_cell(r.detail)} |"
        )
    lines += ["", summary(results), ""]
    refuted = [r for r in results if r.verdict == "refuted"]
    lines += ["## Refuted claims", ""]
    if not refuted:
        lines += ["None.", ""]
    else:
        lines += [severity_summary(results) + ".", ""]
    groups = [(s, [r for r in refuted if r.severity == s]) for s in reversed(SEVERITIES)]
    groups.append((None, [r for r in refuted if r.severity not in SEVERITIES]))
    titles = {"substantive": "Substantive (the stated result is false)",
              "local": "Local (a step or a formula is wrong; the result stands)",
              "typo": "Typos (the intended statement is evident and true)",
              None: "Without a severity"}
    for severity, group in groups:
        if not group:
            continue
        lines += [f"### {titles[severity]}", ""]
        for r in group:
            lines += [
                f"#### `{r.id}` — {r.label} ({r.source})",
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
            elif r.readings:
                lines += ["**Correction:** see the readings.", ""]
            else:
                lines += ["**Correction:** none given.", ""]
            if r.readings:
                lines += ["**Readings:**", ""] + _md_readings(r) + [""]
    with_readings = [r for r in results if r.readings and r.verdict != "refuted"]
    if with_readings:
        lines += ["## Other claims with readings", ""]
        for r in with_readings:
            lines += [f"### `{r.id}` — {r.label} ({r.source}): {r.verdict}", "",
                      f"**As printed:** {_one_line(r.statement)}", ""]
            lines += _md_readings(r) + [""]
    return "\n".join(lines)
