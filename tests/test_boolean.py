"""Tests of symrelu.boolean: the code convention and the Fourier--Walsh metrics."""

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from symrelu.boolean import (
    degree,
    fourier_coefficients,
    fourier_entropy,
    influences,
    parity,
    to_code,
    total_influence,
    truth_table,
    walsh_sums,
)
from symrelu.errors import InvalidArgument, InvalidArgumentType


def test_table_3_3_convention():
    # 27030 = 0110 1001 1001 0110 is 4-parity: XOR of the bits, first input most significant
    assert to_code(parity(4)) == 27030
    bits = [int(c) for c in "0001101111100100"]  # 7140 in Table 3.3
    assert to_code(truth_table(7140, 4)) == 7140
    assert ((1 - truth_table(7140, 4)) // 2).tolist() == bits
    # first input varies slowest: the function x_1 (bit of coordinate 1) is 0b0011 for n = 2
    assert truth_table(0b0011, 2).tolist() == [1, 1, -1, -1]


def test_roundtrip_all_n3():
    codes = np.arange(256)
    assert np.array_equal(to_code(truth_table(codes, 3)), codes.astype(np.uint64))


def test_parseval_and_inverse_all_n3():
    tables = truth_table(np.arange(256), 3)
    sums = walsh_sums(tables)
    assert np.all((sums**2).sum(axis=1) == 64)  # sum fhat^2 = 1
    index = np.arange(8)
    chi = 1 - 2 * (np.bitwise_count((index[:, None] & index[None, :]).astype(np.uint64)) & 1).astype(np.int64)
    assert np.array_equal(sums @ chi, 8 * tables)


def test_influence_fourier_formula_matches_definition_n4():
    tables = truth_table(np.arange(0, 1 << 16, 97), 4)
    for t in tables:
        assert total_influence(t) == sum(influences(t))


def test_known_values():
    assert total_influence(parity(5)) == 5 and degree(parity(5)) == 5
    assert fourier_entropy(parity(5)) == 0.0
    assert fourier_coefficients(truth_table(0b0111, 2)).tolist() == [Fraction(-1, 2)] + [Fraction(1, 2)] * 3
    bent = truth_table(0b0001, 2)
    assert fourier_entropy(bent, exact=True) == 2


def test_entropy_exact_matches_float():
    for code in (1, 7, 22, 105, 200):
        t = truth_table(code, 3)
        assert abs(float(fourier_entropy(t, exact=True)) - fourier_entropy(t)) < 1e-12


@given(st.integers(0, (1 << 16) - 1))
def test_metrics_batch_equals_single(code):
    t = truth_table(code, 4)
    batch = truth_table(np.array([code, code]), 4)
    assert degree(batch).tolist() == [degree(t)] * 2
    assert list(total_influence(batch)) == [total_influence(t)] * 2


def test_bad_input():
    with pytest.raises(InvalidArgument):
        truth_table(16, 2)
    with pytest.raises(InvalidArgument):
        walsh_sums([1, 0, 1, 1])
    with pytest.raises(InvalidArgument):
        walsh_sums([1, 1, 1])
    with pytest.raises(InvalidArgumentType):
        truth_table(1.5, 2)
    with pytest.raises(InvalidArgument):
        truth_table(1, 7)
