"""proofs_check: the catalogue of claims from the seed documents, checked by computation.

Run ``python -m proofs_check`` (or the ``proofs-check`` console script) to check
every registered claim and print a report; ``--help`` lists the options.

Claims live in :mod:`proofs_check.claims`, one module per document or topic; a
module registers its checks by id through its claim sheet, the ``.toml`` file
beside it that holds what each claim states (:func:`proofs_check.registry.claim_sheet`).
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
