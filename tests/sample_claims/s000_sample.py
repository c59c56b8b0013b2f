"""Sample claims in the shape real claim modules take (used only by the tests)."""

from fractions import Fraction

from proofs_check.claim import Correction, refuted, verified
from proofs_check.registry import claim

SOURCE = "000_5968367b248e1529.txt"


def _perturb(data):
    return data + Fraction(1, 7)


@claim(
    id="000/sample-2",
    source=SOURCE,
    label="Sample 2",
    statement=r"$\sum_{k\ge1} 2^{-k} = 1$ (truncated at 60 terms: $1 - 2^{-60}$)",
    data=1 - Fraction(1, 2**60),
    method="exact",
    expect="verified",
    perturb=_perturb,
)
def sample_sum(data):
    value = sum(Fraction(1, 2**k) for k in range(1, 61))
    if value == data:
        return verified(f"sum = {value}")
    return refuted(f"sum = {value}, not {data}", counterexample=value)


@claim(
    id="000/sample-1",
    source=SOURCE,
    label="Sample 1",
    statement=r"$1/3 + 1/6 = 2/3$",
    data=Fraction(2, 3),
    method="exact",
    expect="refuted",
    severity="substantive",  # a made-up sample: the printed sum is simply wrong
    perturb=_perturb,
)
def sample_fraction(data):
    value = Fraction(1, 3) + Fraction(1, 6)
    if value == data:
        return verified(f"1/3 + 1/6 = {value}")
    return refuted(
        f"1/3 + 1/6 = {value}, not {data}",
        counterexample=value,
        correction=Correction(f"$1/3 + 1/6 = {value}$", value),
    )
