"""Honesty tests over every registered claim (see proofs_check.honesty).

For each claim in :func:`proofs_check.registry.all_claims`:

1. its check, run on the statement's data, returns the verdict the project
   expects;
2. a refuted claim carries a correction, and the same check verifies it;
3. a perturbed *true* statement (the claim itself if verified, else its
   correction) is not verified: the check really consumes its input.

With no claims registered the parametrization is empty and pytest reports this
test as skipped.
"""

import pytest

from proofs_check.honesty import assert_honest
from proofs_check.registry import all_claims

CLAIMS = all_claims()


@pytest.mark.parametrize("claim", CLAIMS, ids=[c.id for c in CLAIMS])
def test_claim_is_honest(claim):
    assert_honest(claim)
