"""Honesty tests over every registered claim (see proofs_check.honesty).

For each claim in :func:`proofs_check.registry.all_claims`:

1. its check, run on the statement's data, returns the verdict the project
   expects;
2. a refuted claim carries a correction, and the same check verifies it;
3. a perturbed *true* statement (the claim itself if verified, else its
   correction) is not verified: the check really consumes its input;
4. for a claim whose outcome has readings, the same per reading
   (:func:`assert_readings_honest`): a refuted reading carries a severity and a
   correction under which that reading is verified, and the perturbed true
   statement of each verified or corrected reading leaves that reading not
   verified; a severity given per reading names refuted readings only.

The check runs once on the claim's own data: step 4 reuses the outcome that
step 1 computed.  With no claims registered the parametrization is empty and
pytest reports this test as skipped.
"""

import dataclasses

import pytest

from proofs_check.claim import Claim, Outcome, Reading, from_readings, refuted, verified
from proofs_check.honesty import assert_honest
from proofs_check.registry import all_claims
from test_proofs_check_runner import check_bound

CLAIMS = all_claims()


def _verdict_of(outcome: Outcome, name: str) -> str:
    # A check whose outcome has no readings on some data answers for all of them.
    reading = outcome.reading(name)
    return outcome.verdict if reading is None else reading.verdict


def assert_readings_honest(claim: Claim, outcome: Outcome) -> None:
    """Raise ``AssertionError`` unless every reading of ``outcome`` (the check on ``claim.data``) is honest."""
    sev = claim.severity
    refuted_names = {r.name for r in outcome.readings if r.verdict == "refuted"}
    if isinstance(sev, dict):
        if not outcome.readings:
            raise AssertionError(
                f"{claim.id}: severity is given per reading {sorted(sev)} but the check "
                "reports no readings"
            )
        extra = sorted(set(sev) - refuted_names)
        if extra:
            raise AssertionError(
                f"{claim.id}: severity given for readings that are not refuted: {extra} "
                f"(refuted: {sorted(refuted_names)})"
            )
    elif isinstance(sev, str) and claim.expect == "depends" and not refuted_names:
        raise AssertionError(
            f"{claim.id}: severity {sev!r} given but no reading is refuted"
        )
    perturbed_runs = {}
    for r in outcome.readings:
        if r.verdict == "refuted":
            if claim.severity_of(r.name) is None:
                raise AssertionError(
                    f"{claim.id}: reading {r.name!r} refuted without a severity "
                    "(give severity= at registration, a word or {reading name: severity})"
                )
            if r.correction is None:
                raise AssertionError(f"{claim.id}: reading {r.name!r} refuted without a correction")
            corrected = claim.check(r.correction.data)
            if _verdict_of(corrected, r.name) != "verified":
                raise AssertionError(
                    f"{claim.id}: reading {r.name!r}: correction {r.correction.statement!r} "
                    f"not verified under that reading: {corrected.detail}"
                )
            true_data = r.correction.data
        elif r.verdict == "verified":
            true_data = claim.data
        else:  # inconclusive: no statement known to be true under this reading
            continue
        key = id(true_data)
        if key not in perturbed_runs:
            perturbed_runs[key] = claim.check(claim.perturb(true_data))
        if _verdict_of(perturbed_runs[key], r.name) == "verified":
            raise AssertionError(
                f"{claim.id}: reading {r.name!r}: the check verified a perturbed true "
                f"statement: {perturbed_runs[key].detail}"
            )


def assert_honest_with_readings(claim: Claim) -> None:
    """:func:`proofs_check.honesty.assert_honest`, then :func:`assert_readings_honest` on the same run."""
    seen = []

    def recording(data):
        outcome = claim.check(data)
        if data is claim.data and not seen:
            seen.append(outcome)
        return outcome

    assert_honest(dataclasses.replace(claim, check=recording))
    assert_readings_honest(claim, seen[0])


@pytest.mark.parametrize("claim", CLAIMS, ids=[c.id for c in CLAIMS])
def test_claim_is_honest(claim):
    if claim.missing():
        pytest.skip(f"{claim.id} needs {', '.join(claim.missing())} (an optional extra)")
    assert_honest_with_readings(claim)


# --- the per-reading rules on fake claims -------------------------------------------

SOURCE = "003_3da6beace31540dc.txt"


# The synthetic 'f = printed' claim with two readings (equality / lower bound).
_bound_check = check_bound  # defined once, in test_proofs_check_runner


def _fake(check, data, expect, severity=None, perturb=lambda d: (d[0], d[0] + 1, d[2])):
    return Claim(id="003/theorem-9", source=SOURCE, label="Theorem 9", statement="f = 2",
                 data=data, check=check, method="exact", expect=expect, perturb=perturb,
                 severity=severity)


def test_readings_honest_claims_pass():
    assert_honest_with_readings(_fake(_bound_check, (3, 2, None), "depends", {"equality": "local"}))
    assert_honest_with_readings(_fake(_bound_check, (3, 2, "bound"), "verified", {"equality": "local"}))
    assert_honest_with_readings(_fake(_bound_check, (3, 3, None), "verified"))
    assert_honest_with_readings(_fake(_bound_check, (1, 2, "bound"), "refuted", "substantive"))


def test_readings_dishonesty_caught():
    with pytest.raises(AssertionError, match="without a severity"):
        assert_honest_with_readings(_fake(_bound_check, (3, 2, None), "depends"))
    with pytest.raises(AssertionError, match="not refuted"):
        assert_honest_with_readings(
            _fake(_bound_check, (3, 2, None), "depends", {"equality": "local", "bound": "typo"}))
    # a perturbation that leaves the bound reading true: the bound reading's check is not honest
    with pytest.raises(AssertionError, match="reading 'bound'.*perturbed"):
        assert_honest_with_readings(
            _fake(_bound_check, (3, 3, None), "verified", perturb=lambda d: (d[0], d[0] - 1, d[2])))

    def no_correction(data):
        return from_readings([Reading.of("a", "convention a", refuted("no")),
                              Reading.of("b", "convention b", verified("yes"))])
    with pytest.raises(AssertionError, match="'a' refuted without a correction"):
        assert_readings_honest(_fake(no_correction, (0, 0), "depends", "local"),
                               no_correction((0, 0)))
