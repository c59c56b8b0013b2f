"""The claim record and the outcomes a check returns.

A :class:`Claim` is one statement from one of the seed documents, together with
the statement *as data* and a ``check`` that consumes that data and returns an
:class:`Outcome`.  Checks never hard-code their verdict: they compute it from the
data they are given, so that a perturbed statement gets a different verdict (the
honesty tests in ``tests/test_claims_honesty.py`` enforce this).

Readings
    A statement whose truth depends on an unstated convention (θ(0), σ as
    standard deviation or variance, sum or mean loss, the initialization, ≈ as
    ratio → 1 or as Θ, equality or bound, inclusive or exclusive counting) is
    checked under each plausible convention.  The check builds one
    :class:`Reading` per convention (:meth:`Reading.of` wraps the
    :class:`Outcome` computed under it) and returns :func:`from_readings`,
    which sets the headline verdict: the verdict of the reading the document
    itself fixes (``fixed_by`` says where: its stated setup, its own later
    use; at most one reading may be fixed); when none is fixed and all
    readings agree, their common verdict; otherwise ``"depends"``, whose detail
    lists what holds under which reading.

Severity
    Every refutation carries one of :data:`SEVERITIES`, the project's judgement
    given at registration (``severity=`` beside ``expect``):

    - ``"typo"``: a digit, a sign or an index in print; the intended statement
      is evident and true;
    - ``"local"``: a step of a proof or a formula is wrong; the result it
      serves stands;
    - ``"substantive"``: the stated result is false.

    It is required when ``expect`` is ``"refuted"`` and forbidden as a single
    word otherwise; a claim whose readings refute (under a convention the
    document does not fix, or under some readings of a ``"depends"`` claim)
    gives a mapping ``{reading name: severity}``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable, Mapping, Sequence

__all__ = [
    "VERDICTS",
    "CHECK_VERDICTS",
    "READING_VERDICTS",
    "SEVERITIES",
    "METHODS",
    "Correction",
    "Reading",
    "Outcome",
    "Claim",
    "verified",
    "refuted",
    "inconclusive",
    "from_readings",
    "headline_verdict",
]

#: Every verdict the runner can report; ``"skipped"``: an optional package the
#: claim needs (:attr:`Claim.needs`) is not installed, so it was not checked.
VERDICTS = ("verified", "refuted", "depends", "inconclusive", "error", "timeout", "skipped")

#: The verdicts a check itself may return (the runner assigns the others);
#: ``"depends"`` only through :func:`from_readings`.
CHECK_VERDICTS = ("verified", "refuted", "depends", "inconclusive")

#: The verdicts of one :class:`Reading`.
READING_VERDICTS = ("verified", "refuted", "inconclusive")

#: Severities of a refutation, least severe first (see the module docstring).
SEVERITIES = ("typo", "local", "substantive")

#: Allowed first words of :attr:`Claim.method`.
METHODS = ("symbolic", "exact", "numeric", "monte-carlo")

_ID_RE = re.compile(r"^\d{3}/[a-z0-9][a-z0-9.\-]*$")
_NAME_RE = re.compile(r"^[a-z0-9][a-z0-9.\-]*$")


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
class Reading:
    """The verdict on a statement under one convention the document leaves unstated.

    Attributes
    ----------
    name : str
        Short lowercase slug, unique within the outcome, e.g. ``"pytorch-default-init"``.
    description : str
        The convention in one line, e.g. ``"weights and biases drawn by PyTorch's
        default initialization"``.
    verdict : str
        One of :data:`READING_VERDICTS`.
    detail : str
        What was computed under this reading.
    counterexample : object, optional
        For a refuted reading: the counterexample or the correct value.
    correction : Correction, optional
        For a refuted reading: the statement corrected under this reading; the
        claim's check run on its data must give this reading ``verified``.
    fixed_by : str or None
        Where the document fixes this reading (``"§4.1: 'we use PyTorch's default
        initialization'"``), or None when nothing in it does.

    Examples
    --------
    >>> from proofs_check.claim import Reading, verified
    >>> r = Reading.of("ratio", "≈ read as: the ratio tends to 1", verified("ratio -> 1"))
    >>> r.verdict, r.fixed_by
    ('verified', None)
    """

    name: str
    description: str
    verdict: str
    detail: str
    counterexample: object = None
    correction: Correction | None = None
    fixed_by: str | None = None

    def __post_init__(self):
        if not isinstance(self.name, str) or not _NAME_RE.match(self.name):
            raise ValueError(
                f"Reading.name must match {_NAME_RE.pattern!r} (a short lowercase slug "
                f"such as 'mean-loss'), got {self.name!r}"
            )
        if (not isinstance(self.description, str) or not self.description.strip()
                or "\n" in self.description.strip()):
            raise ValueError(
                f"Reading.description must be the convention in one non-empty line, "
                f"got {self.description!r} (reading {self.name!r})"
            )
        if self.verdict not in READING_VERDICTS:
            raise ValueError(
                f"Reading.verdict must be one of {READING_VERDICTS}, got {self.verdict!r} "
                f"(reading {self.name!r})"
            )
        if not isinstance(self.detail, str):
            raise TypeError(
                f"Reading.detail must be a str, got {type(self.detail).__name__} "
                f"(reading {self.name!r})"
            )
        _check_correction(self.correction, self.verdict, f"Reading {self.name!r}")
        if self.fixed_by is not None and (
            not isinstance(self.fixed_by, str) or not self.fixed_by.strip()
        ):
            raise ValueError(
                "Reading.fixed_by must be None or a non-empty str saying where the "
                f"document fixes the reading, got {self.fixed_by!r} (reading {self.name!r})"
            )

    @classmethod
    def of(cls, name: str, description: str, outcome: "Outcome", *,
           fixed_by: str | None = None) -> "Reading":
        """The reading ``name`` whose verdict, detail, counterexample and correction are ``outcome``'s.

        >>> from proofs_check.claim import Reading, refuted
        >>> Reading.of("bound", "= read as >=", refuted("1 < 2"), fixed_by="§2").verdict
        'refuted'
        """
        if not isinstance(outcome, Outcome):
            raise TypeError(
                f"Reading.of expects an Outcome, got {type(outcome).__name__} "
                f"(reading {name!r})"
            )
        if outcome.readings:
            raise ValueError(
                f"Reading.of expects an outcome without readings of its own (reading {name!r})"
            )
        return cls(name, description, outcome.verdict, outcome.detail,
                   outcome.counterexample, outcome.correction, fixed_by)


def _check_correction(correction, verdict, what):
    if correction is None:
        return
    if not isinstance(correction, Correction):
        raise TypeError(
            f"{what}: correction must be a Correction or None, got "
            f"{type(correction).__name__}"
        )
    if verdict != "refuted":
        raise ValueError(
            f"{what}: a correction is only allowed with verdict 'refuted', "
            f"got verdict {verdict!r}"
        )


def _check_readings(readings) -> tuple:
    if isinstance(readings, (str, bytes)) or not isinstance(readings, Sequence):
        raise TypeError(
            f"readings must be a sequence of Reading, got {type(readings).__name__}"
        )
    readings = tuple(readings)
    for r in readings:
        if not isinstance(r, Reading):
            raise TypeError(f"readings must hold Reading objects, got {type(r).__name__}")
    names = [r.name for r in readings]
    repeated = sorted({n for n in names if names.count(n) > 1})
    if repeated:
        raise ValueError(f"reading names must be unique, got {repeated} more than once")
    fixed = [r.name for r in readings if r.fixed_by is not None]
    if len(fixed) > 1:
        raise ValueError(
            f"at most one reading may be fixed by the document (fixed_by set), got {fixed}"
        )
    return readings


def headline_verdict(readings: Sequence[Reading]) -> str:
    """The headline verdict of ``readings``: the fixed one's, else their common one, else ``"depends"``.

    >>> from proofs_check.claim import Reading, headline_verdict, refuted, verified
    >>> a = Reading.of("a", "convention a", verified("ok"))
    >>> b = Reading.of("b", "convention b", refuted("no"))
    >>> headline_verdict([a, b]), headline_verdict([a, Reading.of("b", "b", refuted("no"), fixed_by="§2")])
    ('depends', 'refuted')
    """
    readings = _check_readings(readings)
    if not readings:
        raise ValueError("readings must hold at least one Reading")
    for r in readings:
        if r.fixed_by is not None:
            return r.verdict
    verdicts = {r.verdict for r in readings}
    return verdicts.pop() if len(verdicts) == 1 else "depends"


@dataclass(frozen=True)
class Outcome:
    """What a check returns.

    Attributes
    ----------
    verdict : str
        One of :data:`CHECK_VERDICTS`; ``"depends"`` only with readings.
    detail : str
        What was computed, in a sentence or two.
    counterexample : object, optional
        For a refuted claim: the counterexample or the correct value.
    correction : Correction, optional
        For a refuted claim: the corrected statement.
    readings : tuple of Reading
        The verdict under each plausible convention, when the statement depends
        on one (empty otherwise); the verdict must then be
        :func:`headline_verdict` of them (build it with :func:`from_readings`).
    """

    verdict: str
    detail: str
    counterexample: object = None
    correction: Correction | None = None
    readings: tuple[Reading, ...] = field(default=())

    def __post_init__(self):
        if self.verdict not in CHECK_VERDICTS:
            raise ValueError(
                f"Outcome.verdict must be one of {CHECK_VERDICTS}, got {self.verdict!r}"
            )
        if not isinstance(self.detail, str):
            raise TypeError(
                f"Outcome.detail must be a str, got {type(self.detail).__name__}"
            )
        _check_correction(self.correction, self.verdict, "Outcome")
        readings = _check_readings(self.readings)
        object.__setattr__(self, "readings", readings)
        if readings:
            expected = headline_verdict(readings)
            if self.verdict != expected:
                raise ValueError(
                    f"Outcome.verdict must follow the readings: {expected!r} "
                    f"(the fixed reading's, else the common one, else 'depends'), "
                    f"got {self.verdict!r}"
                )
        elif self.verdict == "depends":
            raise ValueError(
                "Outcome.verdict 'depends' needs the readings it depends on "
                "(use from_readings)"
            )

    def reading(self, name: str) -> Reading | None:
        """The reading called ``name``, or None."""
        for r in self.readings:
            if r.name == name:
                return r
        return None


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


def _phrase(r: Reading) -> str:
    fixed = f", fixed by {r.fixed_by}" if r.fixed_by is not None else ""
    return f"{r.name} ({r.description}{fixed})"


def from_readings(readings: Sequence[Reading], *, detail: str = "",
                  correction: Correction | None = None) -> Outcome:
    """The :class:`Outcome` of a statement checked under several readings.

    The headline verdict is :func:`headline_verdict` of ``readings``: the
    verdict of the reading the document fixes (``fixed_by`` set; at most one),
    else the verdict every reading shares, else ``"depends"``.  The headline
    detail is ``detail`` followed by what holds under which reading.  A refuted
    headline takes the fixed reading's counterexample and correction (or, with a
    single reading, that one's); when several unfixed readings all refute, pass
    ``correction`` if one corrected statement serves all of them.

    Examples
    --------
    >>> from proofs_check.claim import Reading, from_readings, refuted, verified
    >>> out = from_readings([
    ...     Reading.of("equality", "'=' read as equality", refuted("2 != 3")),
    ...     Reading.of("bound", "'=' read as a lower bound", verified("3 >= 2"))],
    ...     detail="f(2) against 2.")
    >>> out.verdict
    'depends'
    >>> print(out.detail)
    f(2) against 2. Depends on a convention the document does not fix: verified under bound ('=' read as a lower bound); refuted under equality ('=' read as equality).
    """
    readings = _check_readings(readings)
    verdict = headline_verdict(readings)
    fixed = next((r for r in readings if r.fixed_by is not None), None)
    source = fixed if fixed is not None else (readings[0] if len(readings) == 1 else None)
    counterexample = None
    if verdict == "refuted" and source is not None:
        counterexample = source.counterexample
        if correction is None:
            correction = source.correction
    if verdict != "refuted":
        correction = None
    by_verdict = {}
    for r in readings:
        by_verdict.setdefault(r.verdict, []).append(_phrase(r))
    listing = "; ".join(
        f"{v} under {', '.join(by_verdict[v])}" for v in READING_VERDICTS if v in by_verdict
    )
    if fixed is not None:
        others = [r for r in readings if r is not fixed]
        summary = f"Under the reading the document fixes, {fixed.name} (by {fixed.fixed_by}): " \
                  f"{fixed.verdict}: {fixed.detail}"
        if others:
            summary += " Other readings: " + "; ".join(f"{r.name}: {r.verdict}" for r in others) + "."
    elif verdict == "depends":
        summary = f"Depends on a convention the document does not fix: {listing}."
    else:
        summary = f"The same under every reading ({verdict}): " + "; ".join(
            f"{r.name}: {r.detail}" for r in readings)
    text = f"{detail.strip()} {summary}" if detail.strip() else summary
    return Outcome(verdict, text, counterexample, correction, readings)


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
        The verdict the project has established: one of :data:`CHECK_VERDICTS`.
    perturb : callable
        ``perturb(data) -> data``: a false version of a true statement's data,
        used by the honesty tests.
    severity : str, mapping or None
        The project's judgement of the refutation, one of :data:`SEVERITIES`:
        required when ``expect`` is ``"refuted"``, forbidden (as one word) for
        any other ``expect``.  A mapping ``{reading name: severity}`` judges
        each refuted reading instead (allowed with any ``expect``, for
        readings that refute where the headline does not).
    needs : tuple of str
        Optional packages the check imports (e.g. ``("torch",)``, from the
        ``torch`` extra).  Where one is not installed the runner reports the
        claim ``"skipped"`` with the install command, instead of checking it.
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
    severity: str | Mapping[str, str] | None = None
    needs: tuple[str, ...] = ()

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
        self._check_severity()
        if isinstance(self.needs, str) or not all(isinstance(m, str) and m.isidentifier() for m in self.needs):
            raise TypeError(f"Claim.needs must be a tuple of package names such as ('torch',), got "
                            f"{self.needs!r} (claim {self.id!r})")
        object.__setattr__(self, "needs", tuple(self.needs))

    def missing(self) -> tuple[str, ...]:
        """The packages of :attr:`needs` that are not installed (found without importing them)."""
        import importlib.util

        return tuple(m for m in self.needs if importlib.util.find_spec(m) is None)

    def _check_severity(self):
        sev = self.severity
        where = f"(claim {self.id!r}, expect {self.expect!r})"
        meaning = ("'typo' (a digit, sign or index in print; intended statement evident and "
                   "true), 'local' (a step or a formula is wrong; the result stands) or "
                   "'substantive' (the stated result is false)")
        if sev is None:
            if self.expect == "refuted":
                raise ValueError(
                    f"Claim.severity is required when expect is 'refuted': give severity= "
                    f"{meaning} {where}"
                )
            return
        if isinstance(sev, str):
            if sev not in SEVERITIES:
                raise ValueError(
                    f"Claim.severity must be one of {SEVERITIES} or a mapping "
                    f"{{reading name: severity}}, got {sev!r} {where}"
                )
            if self.expect not in ("refuted", "depends"):
                raise ValueError(
                    f"Claim.severity {sev!r} is only allowed when the claim is refuted "
                    f"(expect 'refuted', or 'depends' for its refuted readings); to judge "
                    f"a refuted reading of a claim expected {self.expect!r}, give a mapping "
                    f"{{reading name: severity}} {where}"
                )
            return
        if not isinstance(sev, Mapping) or not sev:
            raise TypeError(
                f"Claim.severity must be None, one of {SEVERITIES} or a non-empty mapping "
                f"{{reading name: severity}}, got {sev!r} {where}"
            )
        for name, value in sev.items():
            if not isinstance(name, str) or not _NAME_RE.match(name):
                raise ValueError(
                    f"Claim.severity keys must be reading names matching "
                    f"{_NAME_RE.pattern!r}, got {name!r} {where}"
                )
            if value not in SEVERITIES:
                raise ValueError(
                    f"Claim.severity[{name!r}] must be one of {SEVERITIES}, got {value!r} "
                    f"{where}"
                )
        object.__setattr__(self, "severity", dict(sev))

    def severity_of(self, reading: str | None = None) -> str | None:
        """The severity judged for a refutation of the headline (``reading=None``) or of one reading.

        With a single word, that word serves the headline and every reading; with
        a mapping, a reading's entry, and for the headline the most severe entry.
        """
        sev = self.severity
        if sev is None or isinstance(sev, str):
            return sev
        if reading is not None:
            return sev.get(reading)
        return max(sev.values(), key=SEVERITIES.index)

    @property
    def seed(self) -> str:
        """The 3-digit seed prefix of the id, e.g. ``"000"``."""
        return self.id[:3]
