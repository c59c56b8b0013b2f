"""The claim record and the outcomes a check returns.

A :class:`Claim` is one statement from one of the seed documents, together with
the statement *as data* and a ``check`` that consumes that data and returns an
:class:`Outcome`.  Checks never hard-code their verdict: they compute it from the
data they are given, so that a perturbed statement gets a different verdict (the
honesty tests in ``tests/test_claims_honesty.py`` enforce this).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

__all__ = [
    "VERDICTS",
    "CHECK_VERDICTS",
    "METHODS",
    "Correction",
    "Outcome",
    "Claim",
    "verified",
    "refuted",
    "inconclusive",
]

#: Every verdict the runner can report.
VERDICTS = ("verified", "refuted", "inconclusive", "error", "timeout")

#: The verdicts a check itself may return (the runner assigns the others).
CHECK_VERDICTS = ("verified", "refuted", "inconclusive")

#: Allowed first words of :attr:`Claim.method`.
METHODS = ("symbolic", "exact", "numeric", "monte-carlo")

_ID_RE = re.compile(r"^\d{3}/[a-z0-9][a-z0-9.\-]*$")


@dataclass(frozen=True)
class Correction:
    """A corrected statement attached to a refuted claim.

    Attributes
    ----------
    statement : str
        The corrected statement, plain text or LaTeX.
    data : object
        The corrected statement as data; the claim's check is run on it and must
        return ``verified`` for the correction to count.
    """

    statement: str
    data: object

    def __post_init__(self):
        if not isinstance(self.statement, str) or not self.statement.strip():
            raise ValueError(
                f"Correction.statement must be a non-empty str, got {self.statement!r}"
            )


@dataclass(frozen=True)
class Outcome:
    """What a check returns.

    Attributes
    ----------
    verdict : str
        One of ``"verified"``, ``"refuted"``, ``"inconclusive"``.
    detail : str
        What was computed, in a sentence or two.
    counterexample : object, optional
        For a refuted claim: the counterexample or the correct value.
    correction : Correction, optional
        For a refuted claim: the corrected statement.
    """

    verdict: str
    detail: str
    counterexample: object = None
    correction: Correction | None = None

    def __post_init__(self):
        if self.verdict not in CHECK_VERDICTS:
            raise ValueError(
                f"Outcome.verdict must be one of {CHECK_VERDICTS}, got {self.verdict!r}"
            )
        if not isinstance(self.detail, str):
            raise TypeError(
                f"Outcome.detail must be a str, got {type(self.detail).__name__}"
            )
        if self.correction is not None:
            if not isinstance(self.correction, Correction):
                raise TypeError(
                    "Outcome.correction must be a Correction or None, got "
                    f"{type(self.correction).__name__}"
                )
            if self.verdict != "refuted":
                raise ValueError(
                    "Outcome.correction is only allowed with verdict 'refuted', "
                    f"got verdict {self.verdict!r}"
                )


def verified(detail: str) -> Outcome:
    """Return a ``verified`` outcome with the given detail."""
    return Outcome("verified", detail)


def refuted(
    detail: str, *, counterexample=None, correction: Correction | None = None
) -> Outcome:
    """Return a ``refuted`` outcome, optionally with a counterexample and a correction."""
    return Outcome("refuted", detail, counterexample, correction)


def inconclusive(reason: str) -> Outcome:
    """Return an ``inconclusive`` outcome; ``reason`` says why no verdict was reached."""
    return Outcome("inconclusive", reason)


@dataclass(frozen=True, eq=False)
class Claim:
    """One claim from a seed document, with the check that decides it.

    Claims compare by identity (``eq=False``): their data may be NumPy arrays or
    SymPy objects, whose ``==`` is not a plain bool, and they are hashable.

    Attributes
    ----------
    id : str
        ``"<3-digit seed prefix>/<slug of the document's label>"``, e.g.
        ``"000/equation-1"`` or ``"000/appendix-a.1"``.
    source : str
        The seed file name, e.g. ``"000_5968367b248e1529.txt"``.
    label : str
        The document's own label, e.g. ``"Equation 1"``.
    statement : str
        The claim as printed (plain text or LaTeX).
    data : object
        The statement as data, consumed by ``check``.
    check : callable
        ``check(data) -> Outcome``.
    method : str
        ``"symbolic"``, ``"exact"``, ``"numeric (<precision>)"`` or
        ``"monte-carlo (n=..., seed=..., test=...)"``.
    expect : str
        The verdict the project has established: ``"verified"``, ``"refuted"``
        or ``"inconclusive"``.
    perturb : callable
        ``perturb(data) -> data``: a false version of a true statement's data,
        used by the honesty tests.
    """

    id: str
    source: str
    label: str
    statement: str
    data: object
    check: Callable[[object], Outcome]
    method: str
    expect: str
    perturb: Callable[[object], object]

    def __post_init__(self):
        if not isinstance(self.id, str) or not _ID_RE.match(self.id):
            raise ValueError(
                f"Claim.id must match {_ID_RE.pattern!r} "
                f"(e.g. '000/equation-1'), got {self.id!r}"
            )
        for name in ("source", "label", "statement"):
            value = getattr(self, name)
            if not isinstance(value, str) or not value.strip():
                raise ValueError(
                    f"Claim.{name} must be a non-empty str, got {value!r} "
                    f"(claim {self.id!r})"
                )
        if not self.source.startswith(self.id[:3]):
            raise ValueError(
                f"Claim.source must be the seed file whose prefix is {self.id[:3]!r} "
                f"(from the id), got {self.source!r} (claim {self.id!r})"
            )
        if not isinstance(self.method, str) or not self.method.strip():
            raise ValueError(
                f"Claim.method must be a non-empty str, got {self.method!r} "
                f"(claim {self.id!r})"
            )
        first = re.match(r"[a-z\-]*", self.method.strip()).group(0)
        if first not in METHODS:
            raise ValueError(
                f"Claim.method must start with one of {METHODS}, got {self.method!r} "
                f"(claim {self.id!r})"
            )
        if self.expect not in CHECK_VERDICTS:
            raise ValueError(
                f"Claim.expect must be one of {CHECK_VERDICTS}, got {self.expect!r} "
                f"(claim {self.id!r})"
            )
        for name in ("check", "perturb"):
            if not callable(getattr(self, name)):
                raise TypeError(
                    f"Claim.{name} must be callable, got "
                    f"{type(getattr(self, name)).__name__} (claim {self.id!r})"
                )

    @property
    def seed(self) -> str:
        """The 3-digit seed prefix of the id, e.g. ``"000"``."""
        return self.id[:3]
