"""The global registry of claims.

Claim modules live in :mod:`proofs_check.claims` and register their claims when
imported::

    from proofs_check.claim import verified, refuted, Correction
    from proofs_check.registry import claim

    @claim(
        id="000/equation-1",
        source="000_5968367b248e1529.txt",
        label="Equation 1",
        statement=r"$T(x) = 2\\min(x, 1-x)$ ...",
        data=...,
        method="exact",
        expect="verified",
        perturb=lambda data: ...,
    )
    def check_equation_1(data):
        ...
        return verified("...")

The decorator returns the :class:`~proofs_check.claim.Claim` (not the function).
"""

from __future__ import annotations

import importlib
import pkgutil
from typing import Callable

from .claim import Claim, Outcome

__all__ = ["register", "claim", "all_claims", "CLAIMS_PACKAGE"]

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
) -> Callable[[Callable[[object], Outcome]], Claim]:
    """Decorator: turn a check function into a registered :class:`Claim`.

    Returns the registered :class:`Claim` in place of the function; the function
    stays reachable as ``claim.check``.
    """

    def decorate(check: Callable[[object], Outcome]) -> Claim:
        return register(
            Claim(
                id=id,
                source=source,
                label=label,
                statement=statement,
                data=data,
                check=check,
                method=method,
                expect=expect,
                perturb=perturb,
            )
        )

    return decorate


def _import_claim_modules() -> None:
    package = importlib.import_module(CLAIMS_PACKAGE)
    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        importlib.import_module(f"{CLAIMS_PACKAGE}.{info.name}")


def all_claims() -> list[Claim]:
    """Import every module of :mod:`proofs_check.claims`; return all claims sorted by id."""
    _import_claim_modules()
    return sorted(_REGISTRY.values(), key=lambda c: c.id)
