"""Tests of symrelu.swaps: the direct definition, the chamber algorithm and the shipped data."""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from symrelu.boolean import parity, truth_table
from symrelu.errors import InvalidArgument
from symrelu.npn import hyperoctahedral_group, npn_classes
from symrelu.swaps import (
    changes_along,
    compute_fundamental_chambers,
    fundamental_chambers,
    load_results,
    recompute,
    scan_chunk,
    swaps,
    swaps_reference,
    swaps_table,
    swaps_witness,
    vertices,
)


def test_fundamental_chamber_counts():
    # OEIS A009997 for n = 1..5; n = 5 from the shipped file (witnesses re-checked on load)
    assert [len(compute_fundamental_chambers(n)[0]) for n in range(1, 5)] == [1, 1, 2, 14]
    assert len(fundamental_chambers(5)[0]) == 516
    for n in range(1, 5):
        assert np.array_equal(fundamental_chambers(n)[0], compute_fundamental_chambers(n)[0])


@pytest.mark.parametrize("n, K", [(2, 2), (3, 4), (4, 10)])
def test_reference_grid_meets_every_chamber(n, K):
    total = 2**n * math.factorial(n) * len(fundamental_chambers(n)[0])
    _, orders = swaps_reference(parity(n), bound=K, return_orderings=True)
    assert len(orders) == total
    # a larger box finds no further ordering: the LP walk missed no chamber
    _, more = swaps_reference(parity(n), bound=K + 2, return_orderings=True)
    assert more == orders


def test_chambers_are_all_orderings():
    # the B_n images of the fundamental chambers are exactly the grid's orderings (n = 3)
    perms, masks, maps = hyperoctahedral_group(3)
    orders = fundamental_chambers(3)[0]
    images = {tuple(m[o]) for m in maps for o in orders}
    _, grid = swaps_reference(parity(3), bound=4, return_orderings=True)
    assert images == grid


def test_fast_equals_reference_all_n3():
    codes = np.arange(256)
    fast = swaps(codes, 3)
    assert fast.tolist() == [swaps_reference(truth_table(int(c), 3)) for c in codes]


def test_fast_equals_reference_sample_n4():
    reps = npn_classes(4)[::11]
    assert swaps(reps, 4).tolist() == [swaps_reference(truth_table(int(c), 4)) for c in reps]


def test_known_values():
    assert [swaps(parity(n)) for n in range(1, 6)] == [1, 2, 3, 4, 5]
    assert swaps(1785, 4) == swaps(7140, 4) == 5
    assert swaps(0, 4) == 0 and swaps(truth_table(0b0111, 2)) == 1


def test_swaps_at_most_one_iff_linearly_separable_n3():
    from scipy.optimize import linprog

    X = np.hstack([vertices(3), np.ones((8, 1))])
    for code in range(256):
        t = truth_table(code, 3)
        res = linprog(np.zeros(4), A_ub=-(t[:, None] * X), b_ub=-np.ones(8), bounds=[(None, None)] * 4)
        assert (res.status == 0) == (swaps(code, 3) <= 1)


def test_witness():
    for code in (1785, 7140, 27030, 1):
        value, w, order = swaps_witness(code, 4)
        assert value == swaps(code, 4) == changes_along(truth_table(code, 4), w.tolist())


@given(st.integers(0, (1 << 16) - 1), st.integers(0, 383), st.booleans())
def test_theorem_3_3_1_property(code, g, negate_output):
    """Thm 3.3.1: swaps is invariant under negating/permuting inputs and negating the output."""
    maps = hyperoctahedral_group(4)[2]
    t = truth_table(code, 4)
    image = t[maps[g]] * (-1 if negate_output else 1)
    assert swaps(image) == swaps(t)


def test_shipped_tables_match_recomputation():
    for n in range(1, 5):
        data = load_results(n)
        assert data["complete"]
        assert dict(zip(data["codes"].tolist(), data["swaps"].tolist())) == swaps_table(n)


def test_recompute_resumes_from_checkpoint(tmp_path):
    assert recompute(3, chunks=4, progress=False, checkpoint=tmp_path, max_seconds=0)[2] == 0
    codes, values, done, total = recompute(3, chunks=4, executor="serial", progress=False, checkpoint=tmp_path)
    assert done == total and dict(zip(codes.tolist(), values.tolist())) == swaps_table(3)
    first = sorted(tmp_path.glob("*.npz"))[0]
    first.unlink()
    assert recompute(3, chunks=4, progress=False, checkpoint=tmp_path, max_seconds=0)[2] == total - 1
    codes, values, done, total = recompute(3, chunks=4, executor="serial", progress=False, checkpoint=tmp_path)
    assert done == total and len(codes) == 14


def test_scan_chunk_matches_classes():
    codes, values = scan_chunk(4, 0, 1 << 16)
    assert codes.tolist() == npn_classes(4).tolist()


def test_bad_input():
    with pytest.raises(InvalidArgument):
        swaps(truth_table(0, 6))
    with pytest.raises(InvalidArgument):
        changes_along(parity(2), [1])
    with pytest.raises(InvalidArgument):
        swaps_reference(parity(5))


def test_shipped_n5_sample_is_rederived():
    """The shipped n = 5 results (complete or partial): a random sample recomputed from scratch."""
    try:
        data = load_results(5)
    except InvalidArgument:
        pytest.skip("no shipped n = 5 results")
    from symrelu.npn import npn_canonical

    rng = np.random.default_rng(0)
    picks = rng.choice(len(data["codes"]), min(8, len(data["codes"])), replace=False)
    codes = data["codes"][picks].astype(np.uint64)
    assert np.array_equal(npn_canonical(codes, 5), codes)
    assert np.array_equal(swaps(codes, 5), data["swaps"][picks].astype(np.int64))
    assert len(np.unique(data["codes"])) == len(data["codes"]) <= 616126
