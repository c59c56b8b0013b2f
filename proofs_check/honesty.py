"""The honesty check applied to every registered claim by the test suite.

:func:`assert_honest` runs a claim's check on its own data and on a perturbed
true statement.  Claim authors can call it directly while writing a claim::

    from proofs_check.honesty import assert_honest
    assert_honest(my_claim)
"""

from __future__ import annotations

from .claim import Claim, Outcome

__all__ = ["assert_honest"]


def _run(claim: Claim, data, what: str) -> Outcome:
    outcome = claim.check(data)
    if not isinstance(outcome, Outcome):
        raise AssertionError(
            f"{claim.id}: check on {what} returned {type(outcome).__name__}, not an Outcome"
        )
    return outcome


def assert_honest(claim: Claim) -> None:
    """Raise ``AssertionError`` unless ``claim`` passes the honesty rules.

    1. ``claim.check(claim.data)`` returns ``claim.expect``;
    2. if refuted, the outcome has a correction and the same check verifies it;
    3. the check does not verify a perturbed true statement:
       ``claim.perturb(claim.data)`` for a verified claim,
       ``claim.perturb(correction.data)`` for a refuted one.  (An inconclusive
       claim has no statement known to be true, so step 3 is skipped.)
    """
    outcome = _run(claim, claim.data, "the statement")
    if outcome.verdict != claim.expect:
        raise AssertionError(
            f"{claim.id}: expected {claim.expect!r}, got {outcome.verdict!r}: "
            f"{outcome.detail}"
        )
    if claim.expect == "verified":
        true_data = claim.data
    elif claim.expect == "refuted":
        if outcome.correction is None:
            raise AssertionError(f"{claim.id}: refuted without a correction")
        corrected = _run(claim, outcome.correction.data, "the correction")
        if corrected.verdict != "verified":
            raise AssertionError(
                f"{claim.id}: correction {outcome.correction.statement!r} not verified: "
                f"{corrected.verdict}: {corrected.detail}"
            )
        true_data = outcome.correction.data
    else:
        return
    perturbed = _run(claim, claim.perturb(true_data), "a perturbed true statement")
    if perturbed.verdict == "verified":
        raise AssertionError(
            f"{claim.id}: the check verified a perturbed true statement: "
            f"{perturbed.detail}"
        )
