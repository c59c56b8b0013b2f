"""The global registry of claims.

Claim modules live in :mod:`proofs_check.claims` and register their claims when
imported.  What a claim states (source, label, statement, method, expect,
severity) is data, in the module's claim sheet ``cNNN_topic.toml`` beside it
(see :class:`ClaimSheet`); the module registers each check by id with what is
code::

    from proofs_check.claim import verified, refuted
    from proofs_check.registry import claim_sheet

    sheet = claim_sheet(__file__)

    @sheet.claim("000/equation-1", data=..., perturb=lambda data: ...)
    def check_equation_1(data):
        ...
        return verified("...")

``sheet.table`` registers many claims checked by one function, ``sheet.restate``
another document's version of a claim.  The decorators return the
:class:`~proofs_check.claim.Claim` (not the function).  `claim` with every field
in the call (no sheet) registers a claim built elsewhere, e.g. in a test.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
from pathlib import Path
from typing import Callable, Mapping

if sys.version_info >= (3, 11):
    import tomllib
else:  # tomllib is 3.11+; setup.cfg installs its backport there
    import tomli as tomllib

from .claim import Claim, Outcome

__all__ = [
    "register", "claim", "restate", "claim_table", "ClaimSheet", "claim_sheet", "all_claims",
    "CLAIMS_PACKAGE", "SHEET_FIELDS",
]

#: Package whose modules hold the claims.
CLAIMS_PACKAGE = "proofs_check.claims"

_REGISTRY: dict[str, Claim] = {}


def register(claim: Claim) -> Claim:
    """Add ``claim`` to the global registry and return it.

    Raises
    ------
    TypeError
        If ``claim`` is not a :class:`Claim`.
    ValueError
        If a claim with the same id is already registered.
    """
    if not isinstance(claim, Claim):
        raise TypeError(f"register() expects a Claim, got {type(claim).__name__}")
    if claim.id in _REGISTRY:
        raise ValueError(
            f"duplicate claim id {claim.id!r}: already registered "
            f"(label {_REGISTRY[claim.id].label!r}, source {_REGISTRY[claim.id].source!r})"
        )
    _REGISTRY[claim.id] = claim
    return claim


def claim(
    *,
    id: str,
    source: str,
    label: str,
    statement: str,
    data: object,
    method: str,
    expect: str,
    perturb: Callable[[object], object],
    severity: str | Mapping[str, str] | None = None,
    needs: tuple[str, ...] = (),
) -> Callable[[Callable[[object], Outcome]], Claim]:
    """Decorator: turn a check function into a registered :class:`Claim`.

    Returns the registered :class:`Claim` in place of the function; the function
    stays reachable as ``claim.check``.  ``severity`` (one of
    :data:`~proofs_check.claim.SEVERITIES`) is required when ``expect`` is
    ``"refuted"`` and forbidden otherwise; a mapping ``{reading name: severity}``
    judges refuted readings (see :class:`~proofs_check.claim.Claim`).  ``needs``
    names optional packages the check imports (``("torch",)``): without them
    the claim is reported ``"skipped"``, not checked.
    """

    def decorate(check: Callable[[object], Outcome]) -> Claim:
        return register(Claim(id=id, source=source, label=label, statement=statement, data=data, check=check,
                              method=method, expect=expect, perturb=perturb, severity=severity, needs=needs))

    return decorate


_SAME = object()


def restate(
    original: Claim,
    *,
    id: str,
    source: str,
    label: str,
    statement: str,
    data: object = _SAME,
    method: str | None = None,
    expect: str | None = None,
    perturb: Callable[[object], object] | None = None,
    severity: str | Mapping[str, str] | None | object = _SAME,
    needs: tuple[str, ...] | None = None,
) -> Claim:
    """Register another document's statement of ``original``'s claim, checked by the same check.

    A later (or earlier) version of a document restates a claim with its own
    id, source, label and wording; everything not given (``data``, ``method``,
    ``expect``, ``perturb``) is the original's, and so is ``severity`` unless
    ``expect`` is given (then it is None unless given), and ``needs``.

    >>> import proofs_check.registry as r
    >>> from proofs_check.claim import refuted, verified
    >>> saved, r._REGISTRY = r._REGISTRY, {}
    >>> one = r.claim(id="000/equation-1", source="000.txt", label="Equation 1", statement="1 + 1 = 2",
    ...               data=2, method="exact", expect="verified", perturb=lambda d: d + 1)(
    ...     lambda d: verified("ok") if 1 + 1 == d else refuted("no"))
    >>> two = r.restate(one, id="001/equation-1", source="001.txt", label="Equation 1", statement="1 + 1 = 2")
    >>> two.check is one.check, two.data, sorted(r._REGISTRY)
    (True, 2, ['000/equation-1', '001/equation-1'])
    >>> r._REGISTRY = saved
    """
    return claim(
        id=id,
        source=source,
        label=label,
        statement=statement,
        data=original.data if data is _SAME else data,
        method=original.method if method is None else method,
        expect=original.expect if expect is None else expect,
        perturb=original.perturb if perturb is None else perturb,
        severity=(
            severity if severity is not _SAME
            else original.severity if expect is None else None
        ),
        needs=original.needs if needs is None else needs,
    )(original.check)


def claim_table(rows, **common) -> list[Claim]:
    """Register one claim per row: each row is a dict of `claim` fields and ``check``, over ``common``.

    For many claims of one shape: the shared fields (often ``source``,
    ``method``, ``expect``, ``check``) are given once, each row gives the rest.

    >>> import proofs_check.registry as r
    >>> from proofs_check.claim import refuted, verified
    >>> saved, r._REGISTRY = r._REGISTRY, {}
    >>> made = r.claim_table(
    ...     [dict(id="000/equation-1", label="Equation 1", statement="2 + 2 = 4", data=(2, 2, 4)),
    ...      dict(id="000/equation-2", label="Equation 2", statement="2 + 3 = 5", data=(2, 3, 5))],
    ...     source="000.txt", method="exact", expect="verified", perturb=lambda d: (d[0], d[1], d[2] + 1),
    ...     check=lambda d: verified("sum") if d[0] + d[1] == d[2] else refuted("no"))
    >>> [c.id for c in made], made[1].check(made[1].data).verdict
    (['000/equation-1', '000/equation-2'], 'verified')
    >>> r._REGISTRY = saved
    """
    out = []
    for row in rows:
        fields = {**common, **row}
        check = fields.pop("check")
        out.append(claim(**fields)(check))
    return out


#: The fields of a claim that its module's sheet may hold: what the document
#: states and what the project expects, as text.  ``data``, ``perturb`` and
#: ``check`` are code and stay in the module.
SHEET_FIELDS = ("source", "label", "statement", "method", "expect", "severity")

_SHEETS: list["ClaimSheet"] = []


class ClaimSheet:
    r"""The metadata of one claim module's claims, kept as data in a TOML file beside it.

    The file ``c<prefix>_<topic>.toml`` holds an optional ``[defaults]`` table
    and one table per claim id with any of :data:`SHEET_FIELDS`; LaTeX goes in
    literal strings (``'...'`` or ``'''...'''``), which keep backslashes.  The
    module registers each claim by id with only what is code (``data``,
    ``perturb``, the check) and the fields it computes (a method text built
    from the check's constants).  A field given both in the sheet's row and in
    the module is an error; the module's value replaces a default.
    :func:`all_claims` raises if a row of a sheet registers no claim.

    >>> import pathlib, tempfile
    >>> import proofs_check.registry as r
    >>> from proofs_check.claim import refuted, verified
    >>> saved, r._REGISTRY, saved_sheets = r._REGISTRY, {}, list(r._SHEETS)
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "c000_demo.toml").write_text(
    ...     "[defaults]\nsource = '000.txt'\n\n"
    ...     "['000/equation-1']\nlabel = 'Equation 1'\nstatement = '$1 + 1 = 2$'\n"
    ...     "method = 'exact'\nexpect = 'verified'\n")
    >>> sheet = r.claim_sheet(folder / "c000_demo.py")
    >>> @sheet.claim("000/equation-1", data=2, perturb=lambda d: d + 1)
    ... def check_equation_1(d):
    ...     return verified("1 + 1 = 2") if 1 + 1 == d else refuted(f"1 + 1 = 2, not {d}")
    >>> check_equation_1.source, check_equation_1.statement, sheet.unused()
    ('000.txt', '$1 + 1 = 2$', [])
    >>> r._REGISTRY, r._SHEETS[:] = saved, saved_sheets
    """

    def __init__(self, path: str | Path):
        self.path = Path(path)
        try:
            with open(self.path, "rb") as f:
                doc = tomllib.load(f)
        except tomllib.TOMLDecodeError as err:
            raise ValueError(f"claim sheet {self.path}: not valid TOML ({err})") from None
        self.defaults: dict = doc.pop("defaults", {})
        self.rows: dict[str, dict] = doc
        for name, row in [("defaults", self.defaults), *doc.items()]:
            extra = sorted(set(row) - set(SHEET_FIELDS)) if isinstance(row, dict) else row
            if extra:
                raise ValueError(
                    f"claim sheet {self.path.name}, [{name}]: unknown field(s) {extra}; a sheet "
                    f"holds only {SHEET_FIELDS} (data, perturb and the check are code)"
                )
        self._used: set[str] = set()
        _SHEETS.append(self)

    def fields(self, id: str, given: Mapping[str, object]) -> dict:
        """The `claim` fields of ``id``: the sheet's defaults, its row and ``given`` (code)."""
        row = self.rows.get(id)
        if row is None:
            raise ValueError(f"claim {id!r} has no table [\"{id}\"] in {self.path.name}")
        both = sorted(set(row) & set(given))
        if both:
            raise ValueError(
                f"claim {id!r}: {both} given both in {self.path.name} and in the module; keep one"
            )
        self._used.add(id)
        return {**self.defaults, **given, **row, "id": id}

    def claim(self, id: str, **code) -> Callable[[Callable[[object], Outcome]], Claim]:
        """Decorator: register the check as claim ``id`` (see `claim`), its text from the sheet."""
        return claim(**self.fields(id, code))

    def table(self, rows, **common) -> list[Claim]:
        """`claim_table` by id: each row holds ``id``, ``check`` and code; the text is the sheet's."""
        out = []
        for row in rows:
            fields = {**common, **row}
            check = fields.pop("check")
            out.append(self.claim(fields.pop("id"), **fields)(check))
        return out

    def restate(self, original: Claim, id: str, **code) -> Claim:
        """`restate` ``original`` as claim ``id``, whose source, label and statement are the sheet's."""
        return restate(original, **self.fields(id, code))

    def unused(self) -> list[str]:
        """The ids of rows that registered no claim (yet)."""
        return sorted(set(self.rows) - self._used)


def claim_sheet(module_file: str | Path) -> ClaimSheet:
    """The :class:`ClaimSheet` of the claim module ``module_file``: the ``.toml`` file beside it.

    Called as ``sheet = claim_sheet(__file__)`` at the top of a claim module.

    >>> from proofs_check.registry import claim_sheet
    >>> claim_sheet("/nowhere/c000_none.py")
    Traceback (most recent call last):
    ...
    FileNotFoundError: [Errno 2] No such file or directory: '/nowhere/c000_none.toml'
    """
    return ClaimSheet(Path(module_file).with_suffix(".toml"))


def _import_claim_modules() -> None:
    package = importlib.import_module(CLAIMS_PACKAGE)
    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        importlib.import_module(f"{CLAIMS_PACKAGE}.{info.name}")


def all_claims() -> list[Claim]:
    """Import every module of :mod:`proofs_check.claims`; return all claims sorted by id."""
    _import_claim_modules()
    unused = {sheet.path.name: sheet.unused() for sheet in _SHEETS if sheet.unused()}
    if unused:
        raise ValueError(f"rows of claim sheets that register no claim: {unused}")
    return sorted(_REGISTRY.values(), key=lambda c: c.id)
