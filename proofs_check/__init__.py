"""proofs_check: the catalogue of claims from the seed documents, checked by computation.

Run ``python -m proofs_check`` (or the ``proofs-check`` console script) to check
every registered claim and print a report; ``--help`` lists the options.

Claims live in :mod:`proofs_check.claims`, one module per document or topic, and
are registered with the decorator :func:`proofs_check.registry.claim` (not
re-exported here: ``proofs_check.claim`` is the module defining :class:`Claim`).
"""

from .claim import (
    VERDICTS,
    Claim,
    Correction,
    Outcome,
    inconclusive,
    refuted,
    verified,
)
from .registry import all_claims, register
from .runner import Result, run_claims

__all__ = [
    "VERDICTS",
    "Claim",
    "Correction",
    "Outcome",
    "Result",
    "all_claims",
    "inconclusive",
    "refuted",
    "register",
    "run_claims",
    "verified",
]
