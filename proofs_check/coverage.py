"""The inventories of checkable statements, and how much of them the claims cover.

Each document part has an inventory, ``proofs_check/inventory/<NNN>[_<part>].json``
(shipped as package data): every checkable statement of the document (every
theorem, lemma, numbered equation that asserts something, table entry, figure's
quantitative content, and every sentence stating a formula, a count, a
comparison or an asymptotic), where it is, as printed, and either the id of the
registered claim that checks it or the reason it is not registered.  The format::

    {"source": "000_5968367b248e1529.txt",     # the seed file
     "part": "whole document",                  # what this file covers
     "entries": [                               # in document order
        {"id": "000/theorem-3.1",               # unique over all inventories; prefix = source's
         "section": "3",                        # as printed: "A.7", "4.2", "abstract", "intro"
         "where": "Theorem 3.1",                # the document's label or "§4.2, paragraph 2, sentence 3"
         "kind": "theorem",                     # one of KINDS
         "statement": "...",                    # as printed
         "claim": "000/theorem-3.1",            # registered claim id, or null
         "reason": null,                        # when claim is null: "<category>: why" (REASON_CATEGORIES)
         "readings": ["..."]}]}                 # optional: the plausible conventions, one line each

:func:`load_inventories` reads and validates them (:class:`InventoryError` names
the file, the entry and the field); :func:`coverage` counts, per document and
per section, the entries with a claim, with a reason (by category) and with
neither; ``python -m proofs_check --coverage`` prints it with
:func:`format_coverage`, together with the registered claims that no entry
names (a warning while the inventories are being written).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

__all__ = [
    "INVENTORY_DIR",
    "KINDS",
    "REASON_CATEGORIES",
    "InventoryError",
    "Entry",
    "Inventory",
    "Coverage",
    "load_inventory",
    "load_inventories",
    "coverage",
    "format_coverage",
]

#: Where the shipped inventories live.
INVENTORY_DIR = Path(__file__).resolve().parent / "inventory"

#: Allowed values of an entry's ``kind``.
KINDS = ("theorem", "lemma", "corollary", "proposition", "equation", "table", "figure",
         "sentence", "definition", "algorithm", "experiment")

#: Allowed first words of an entry's ``reason`` (before the colon).  ``todo``
#: marks a checkable statement not registered yet: it has a reason but is not
#: covered.
REASON_CATEGORIES = ("definition", "historical", "non-public-data", "experiment",
                     "not-checkable", "todo")

_ID_RE = re.compile(r"^\d{3}/[a-z0-9][a-z0-9.\-]*$")
_SOURCE_RE = re.compile(r"^(\d{3})_[A-Za-z0-9]+\.txt$")
_FILE_RE = re.compile(r"^(\d{3})(_[A-Za-z0-9.\-]+)?\.json$")
_TOP_KEYS = {"source", "part", "entries"}
_ENTRY_KEYS = {"id", "section", "where", "kind", "statement", "claim", "reason", "readings"}
_REQUIRED_ENTRY_KEYS = _ENTRY_KEYS - {"readings"}


class InventoryError(ValueError):
    """An inventory file that does not follow the format (the message names file, entry and field)."""


@dataclass(frozen=True)
class Entry:
    """One checkable statement of a document (see the module docstring for the fields)."""

    id: str
    section: str
    where: str
    kind: str
    statement: str
    claim: str | None
    reason: str | None
    readings: tuple[str, ...] = ()
    file: str = ""

    @property
    def reason_category(self) -> str | None:
        """The reason's first word (one of :data:`REASON_CATEGORIES`), or None."""
        return None if self.reason is None else self.reason.split(":", 1)[0].strip()

    @property
    def status(self) -> str:
        """``"registered"`` (has a claim id), the reason's category, or ``"missing"`` (neither)."""
        if self.claim is not None:
            return "registered"
        return self.reason_category or "missing"


@dataclass(frozen=True)
class Inventory:
    """One inventory file: the seed ``source``, the ``part`` it covers and its entries in order."""

    file: str
    source: str
    part: str
    entries: tuple[Entry, ...]

    @property
    def seed(self) -> str:
        """The 3-digit seed prefix, e.g. ``"004"``."""
        return self.source[:3]


def _fail(file, where, message):
    raise InventoryError(f"{file}: {where}: {message}")


def _text(value, file, where, name, *, allow_none=False):
    if value is None and allow_none:
        return None
    if not isinstance(value, str) or not value.strip():
        _fail(file, where, f"{name!r} must be a non-empty string"
              + (" or null" if allow_none else "") + f", got {value!r}")
    return value


def _entry(raw, file, index, seed) -> Entry:
    where = f"entry {index}"
    if not isinstance(raw, dict):
        _fail(file, where, f"must be an object, got {type(raw).__name__}")
    if isinstance(raw.get("id"), str):
        where = f"entry {index} ({raw['id']!r})"
    unknown = sorted(set(raw) - _ENTRY_KEYS)
    if unknown:
        _fail(file, where, f"unknown keys {unknown}; allowed: {sorted(_ENTRY_KEYS)}")
    absent = sorted(_REQUIRED_ENTRY_KEYS - set(raw))
    if absent:
        _fail(file, where, f"missing keys {absent} (claim and reason may be null, not absent)")
    id_ = _text(raw["id"], file, where, "id")
    if not _ID_RE.match(id_):
        _fail(file, where, f"'id' must match {_ID_RE.pattern!r}, got {id_!r}")
    if id_[:3] != seed:
        _fail(file, where, f"'id' must start with the source's prefix {seed!r}, got {id_!r}")
    section = _text(raw["section"], file, where, "section")
    where_ = _text(raw["where"], file, where, "where")
    kind = raw["kind"]
    if kind not in KINDS:
        _fail(file, where, f"'kind' must be one of {KINDS}, got {kind!r}")
    statement = _text(raw["statement"], file, where, "statement")
    claim = _text(raw["claim"], file, where, "claim", allow_none=True)
    if claim is not None and not _ID_RE.match(claim):
        _fail(file, where, f"'claim' must be a claim id matching {_ID_RE.pattern!r} or null, "
                           f"got {claim!r}")
    reason = _text(raw["reason"], file, where, "reason", allow_none=True)
    if reason is not None:
        category = reason.split(":", 1)[0].strip() if ":" in reason else None
        if category not in REASON_CATEGORIES:
            _fail(file, where, f"'reason' must start with one of "
                               f"{[c + ':' for c in REASON_CATEGORIES]}, got {reason!r}")
        if not reason.split(":", 1)[1].strip():
            _fail(file, where, f"'reason' must say why after {category + ':'!r}, got {reason!r}")
    readings = raw.get("readings", [])
    if readings is None:
        readings = []
    if not isinstance(readings, list) or not all(
        isinstance(r, str) and r.strip() for r in readings
    ):
        _fail(file, where, f"'readings' must be a list of non-empty strings, got {readings!r}")
    return Entry(id_, section, where_, kind, statement, claim, reason, tuple(readings), file)


def load_inventory(path) -> Inventory:
    """Read and validate one inventory file.

    Raises
    ------
    InventoryError
        When the file is not valid JSON or does not follow the format; the
        message names the file, the entry and the field.

    Examples
    --------
    >>> import json, tempfile, pathlib
    >>> from proofs_check.coverage import load_inventory
    >>> entry = {"id": "000/equation-1", "section": "2", "where": "Equation 1",
    ...          "kind": "equation", "statement": "T(x) = 2 min(x, 1-x)",
    ...          "claim": "000/equation-1", "reason": None}
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "000.json").write_text(json.dumps(
    ...     {"source": "000_5968367b248e1529.txt", "part": "whole document", "entries": [entry]}))
    >>> inv = load_inventory(d / "000.json")
    >>> inv.seed, inv.entries[0].status
    ('000', 'registered')
    """
    path = Path(path)
    file = path.name
    match = _FILE_RE.match(file)
    if not match:
        _fail(file, "file name", f"must be <NNN>[_<part>].json (e.g. '004_ch1-3.json'), got {file!r}")
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        _fail(file, f"line {exc.lineno}", f"not valid JSON: {exc.msg}")
    if not isinstance(raw, dict):
        _fail(file, "top level", f"must be an object, got {type(raw).__name__}")
    unknown = sorted(set(raw) - _TOP_KEYS)
    absent = sorted(_TOP_KEYS - set(raw))
    if unknown or absent:
        _fail(file, "top level", f"keys must be {sorted(_TOP_KEYS)}; "
                                 f"unknown {unknown}, missing {absent}")
    source = _text(raw["source"], file, "top level", "source")
    source_match = _SOURCE_RE.match(source)
    if not source_match:
        _fail(file, "top level", f"'source' must be a seed file name like "
                                 f"'000_5968367b248e1529.txt', got {source!r}")
    if source_match.group(1) != match.group(1):
        _fail(file, "top level", f"'source' {source!r} does not have the file name's prefix "
                                 f"{match.group(1)!r}")
    part = _text(raw["part"], file, "top level", "part")
    if not isinstance(raw["entries"], list):
        _fail(file, "top level", f"'entries' must be a list, got {type(raw['entries']).__name__}")
    entries = tuple(_entry(e, file, i, match.group(1)) for i, e in enumerate(raw["entries"]))
    seen = set()
    for e in entries:
        if e.id in seen:
            _fail(file, f"entry {e.id!r}", "id used more than once")
        seen.add(e.id)
    return Inventory(file, source, part, entries)


def load_inventories(directory=None) -> list[Inventory]:
    """Read and validate every ``*.json`` inventory in ``directory`` (default :data:`INVENTORY_DIR`).

    Entry ids must be unique over all the files.  Returns the inventories sorted
    by file name; an absent or empty directory gives an empty list.
    """
    directory = INVENTORY_DIR if directory is None else Path(directory)
    if not directory.is_dir():
        return []
    inventories = [load_inventory(p) for p in sorted(directory.glob("*.json"))]
    owner: dict[str, str] = {}
    for inv in inventories:
        for e in inv.entries:
            if e.id in owner:
                raise InventoryError(
                    f"{inv.file}: entry {e.id!r}: id already used in {owner[e.id]}"
                )
            owner[e.id] = inv.file
    return inventories


@dataclass
class _Counts:
    entries: int = 0
    registered: int = 0
    reasons: Counter = field(default_factory=Counter)
    missing: int = 0
    unknown: int = 0  # names a claim id that is not registered

    def add(self, entry: Entry, known: bool) -> None:
        self.entries += 1
        if entry.claim is not None:
            if known:
                self.registered += 1
            else:
                self.unknown += 1
        elif entry.reason is not None:
            self.reasons[entry.reason_category] += 1
        else:
            self.missing += 1

    @property
    def covered(self) -> int:
        """Registered, or with a reason other than ``todo``."""
        return self.registered + sum(n for c, n in self.reasons.items() if c != "todo")


@dataclass
class Coverage:
    """What :func:`coverage` counts.

    Attributes
    ----------
    documents : dict
        ``{source: {section: counts}}`` in document order, sections in order of
        first appearance; each counts object has ``entries``, ``registered``,
        ``reasons`` (a Counter by category), ``missing``, ``unknown`` and
        ``covered`` (registered, or a reason other than ``todo``).
    parts : dict
        ``{source: [inventory file names]}``.
    missing : list of Entry
        Entries with neither a claim nor a reason.
    unknown : list of Entry
        Entries naming a claim id that is not registered.
    unlisted : list of str
        Registered claim ids that no entry names.
    """

    documents: dict
    parts: dict
    missing: list
    unknown: list
    unlisted: list

    def total(self, source: str | None = None) -> _Counts:
        """The counts summed over one document's sections, or over every document."""
        total = _Counts()
        for src, sections in self.documents.items():
            if source is not None and src != source:
                continue
            for c in sections.values():
                total.entries += c.entries
                total.registered += c.registered
                total.reasons.update(c.reasons)
                total.missing += c.missing
                total.unknown += c.unknown
        return total


def coverage(inventories: Iterable[Inventory], claim_ids: Iterable[str]) -> Coverage:
    """Count the entries of ``inventories`` per document and per section against the registered ``claim_ids``.

    >>> from proofs_check.coverage import Entry, Inventory, coverage
    >>> e = [Entry("000/eq-1", "2", "Eq. 1", "equation", "x = x", "000/eq-1", None),
    ...      Entry("000/def-1", "2", "Def. 1", "definition", "f is", None, "definition: names f"),
    ...      Entry("000/eq-2", "3", "Eq. 2", "equation", "y = y", None, None)]
    >>> cov = coverage([Inventory("000.json", "000_x.txt", "all", tuple(e))], ["000/eq-1", "000/lemma-1"])
    >>> t = cov.total()
    >>> t.entries, t.registered, dict(t.reasons), t.missing, cov.unlisted
    (3, 1, {'definition': 1}, 1, ['000/lemma-1'])
    """
    ids = set(claim_ids)
    documents: dict = {}
    parts: dict = {}
    named = set()
    missing, unknown = [], []
    for inv in sorted(inventories, key=lambda i: (i.source, i.file)):
        parts.setdefault(inv.source, []).append(inv.file)
        sections = documents.setdefault(inv.source, {})
        for e in inv.entries:
            known = e.claim in ids
            sections.setdefault(e.section, _Counts()).add(e, known)
            if e.claim is not None:
                named.add(e.claim)
                if not known:
                    unknown.append(e)
            elif e.reason is None:
                missing.append(e)
    unlisted = sorted(ids - named)
    return Coverage(documents, parts, missing, unknown, unlisted)


def _reasons(counter: Counter) -> str:
    return ", ".join(f"{c} {counter[c]}" for c in REASON_CATEGORIES if counter[c])


def _row(name: str, c: _Counts) -> str:
    todo = c.reasons["todo"]
    reasons = sum(c.reasons.values()) - todo
    pct = f"{100 * c.covered / c.entries:5.1f}%" if c.entries else "    -"
    return (f"  {name:<12} {c.entries:7d} {c.registered:10d} {reasons:7d} {todo:5d} "
            f"{c.missing:7d} {c.unknown:7d}  {pct}  {_reasons(c.reasons)}")


def format_coverage(cov: Coverage) -> str:
    """The coverage table: per document and per section, then totals and the lists to act on.

    Columns: entries; registered (names a registered claim); reason (a reason
    other than ``todo``); todo (checkable, not registered yet); missing
    (neither claim nor reason); unknown (names a claim id that is not
    registered); covered (registered or a reason other than todo, in percent);
    the reasons by category.
    """
    header = (f"  {'section':<12} {'entries':>7} {'registered':>10} {'reason':>7} {'todo':>5} "
              f"{'missing':>7} {'unknown':>7}  {'covered':>6}  reasons by category")
    lines = []
    if not cov.documents:
        lines.append("No inventory files.")
    for source, sections in cov.documents.items():
        lines.append(f"{source}  ({', '.join(cov.parts[source])})")
        lines.append(header)
        for name, c in sections.items():
            lines.append(_row(name, c))
        lines.append(_row("total", cov.total(source)))
        lines.append("")
    if cov.documents:
        lines.append("All documents")
        lines.append(header)
        for source in cov.documents:
            lines.append(_row(source[:3], cov.total(source)))
        lines.append(_row("total", cov.total()))
        lines.append("")
    if cov.missing:
        lines.append(f"Entries with neither a claim nor a reason ({len(cov.missing)}):")
        lines += [f"  {e.file}: {e.id} ({e.where})" for e in cov.missing]
    if cov.unknown:
        lines.append(f"Entries naming a claim id that is not registered ({len(cov.unknown)}):")
        lines += [f"  {e.file}: {e.id} -> {e.claim}" for e in cov.unknown]
    if cov.unlisted:
        lines.append(f"Warning: registered claims that no inventory entry names "
                     f"({len(cov.unlisted)}):")
        lines += [f"  {i}" for i in cov.unlisted]
    return "\n".join(lines).rstrip() + "\n"
