"""Tests of symrelu.npn: the group, canonical forms and class counts."""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from symrelu.boolean import truth_table, to_code
from symrelu.errors import InvalidArgument, InvalidArgumentType, SizeLimitExceeded
from symrelu.npn import (
    BitPermuter,
    hyperoctahedral_group,
    npn_canonical,
    npn_class_count,
    npn_classes,
    npn_orbit,
    npn_transform,
)


@pytest.mark.parametrize("n", [1, 2, 3, 4])
def test_group_size_and_bijections(n):
    perms, masks, maps = hyperoctahedral_group(n)
    assert len(maps) == 2**n * math.factorial(n)
    assert len({tuple(m) for m in maps.tolist()}) == len(maps)
    assert np.all(np.sort(maps, axis=1) == np.arange(2**n))


@pytest.mark.parametrize("n, count", [(0, 1), (1, 2), (2, 4), (3, 14), (4, 222)])
def test_counts_enumeration_equals_burnside(n, count):
    assert len(npn_classes(n)) == count == npn_class_count(n)


def test_counts_n5_and_np_classes():
    assert npn_class_count(5) == 616126  # 004 §3.4.2 (OEIS A000370)
    assert [npn_class_count(n, output_negation=False) for n in range(1, 5)] == [3, 6, 22, 402]


def test_group_maps_match_npn_transform():
    perms, masks, maps = hyperoctahedral_group(3)
    t = truth_table(0b00010111, 3)
    for g in range(0, len(maps), 7):
        negate = [k for k in range(3) if (masks[g] >> (2 - k)) & 1]
        assert np.array_equal(npn_transform(t, perm=perms[g], negate_inputs=negate), t[maps[g]])


@given(st.integers(0, (1 << 16) - 1), st.integers(0, 383), st.booleans())
def test_canonical_is_npn_invariant(code, g, neg):
    perms, masks, maps = hyperoctahedral_group(4)
    t = truth_table(code, 4)
    image = -t[maps[g]] if neg else t[maps[g]]
    assert npn_canonical(image) == npn_canonical(code, 4)
    assert npn_canonical(code, 4) <= code


def test_orbit_and_bitpermuter():
    orbit = npn_orbit(27030, 4)
    assert orbit.tolist() == [27030, 38505]
    maps = hyperoctahedral_group(4)[2]
    images = BitPermuter(maps)(np.array([1234]))[0]
    assert images.tolist() == [to_code(truth_table(1234, 4)[m]) for m in maps]


def test_bad_input():
    with pytest.raises(SizeLimitExceeded, match="Pass limit=4294967296 or more"):
        npn_classes(5)
    with pytest.raises(InvalidArgument):
        npn_transform(truth_table(1, 2), perm=[0, 0])


@pytest.mark.parametrize("maps, match", [
    ([[0, 0]], r"maps\[0\]=\[0, 0\]: expected a permutation of 0..1"),  # used to be accepted
    ([[0, 1], [1, 1]], r"maps\[1\]"),
    ([[0, 2]], "permutation"),
    ([[0, 1, 2]], "rows of length 2\\^n"),
    ([0, 1], "2-d array"),
    (np.zeros((1, 128), dtype=int), "rows of length"),
])
def test_bitpermuter_refuses_non_permutations(maps, match):
    with pytest.raises(InvalidArgument, match=match):
        BitPermuter(maps)


def test_bitpermuter_refuses_non_integer_maps():
    with pytest.raises(InvalidArgumentType, match="maps"):
        BitPermuter([["a", "b"]])
    with pytest.raises(InvalidArgumentType, match="maps"):
        BitPermuter([[0.5, 1]])
    with pytest.raises(InvalidArgumentType, match="maps"):
        BitPermuter([[0, 1], [1]])
