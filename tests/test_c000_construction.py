"""Tests of the construction claims beyond the automatic honesty test."""

from fractions import Fraction

import sympy

from proofs_check.claims import c000_construction as c
from proofs_check.registry import all_claims
from symrelu.scaling import law_scales
from symrelu.triangle import triangle_network, waves_sum


def test_appendix_a1_counterexample_is_a_genuine_disagreement():
    out = c.check_appendix_a1.check(c.APPENDIX_A1_PRINTED)
    assert out.verdict == "refuted"
    ce = out.counterexample
    peaks = [Fraction(p) for p in ce["peaks"]]
    n = ce["n"]
    # Rebuild the printed network independently of the check and evaluate at the reported point.
    assert len(peaks) == n + 1
    xq = Fraction(ce["x"])
    target = waves_sum(peaks, law_scales(peaks, "add"), variant="add")(xq)
    assert Fraction(ce["x + sum s_i W_i"]) == target
    assert Fraction(ce["network"]) != target


def test_appendix_a1_printed_first_layer_is_not_a_triangle():
    # I then O with the printed slopes (a_1) and cut (a_0): the first hidden map at x = 1 is not 0.
    a0_, a1_ = Fraction(1, 4), Fraction(1, 2)
    g1 = 1 / a1_ - (1 - a0_) / (a1_ - a1_ * a1_)
    assert g1 == (a0_ - a1_) / (a1_ * (1 - a1_)) != 0


def test_appendix_a1_corrected_matches_triangle_network():
    peaks = [Fraction(1, 3), Fraction(3, 5), Fraction(2, 7), Fraction(5, 6)]
    n = 3
    S = c._S_values(c.APPENDIX_A1_CORRECTED, peaks, n)
    net = c._network_from_data(c.APPENDIX_A1_CORRECTED, peaks, S, n)
    assert net.to_pwl(0, 1).output == triangle_network(peaks).to_pwl(0, 1).output


def test_printed_a1_is_a_wave_sum_only_when_a0_equals_a1():
    assert c.printed_a1_when_peaks_repeat() == (True, False)


def test_equation_1_correction_has_negative_second_branch():
    equation_1 = next(x for x in all_claims() if x.id == "000/equation-1")  # registered from a table
    out = equation_1.check(equation_1.data)
    assert out.verdict == "refuted"
    left, right = out.correction.data
    assert right.subs(c.a, sympy.Rational(1, 3)) == sympy.Rational(-3, 2)
    assert out.counterexample["exact"][1] < 0 < out.counterexample["claimed"][1]


def test_equation_2_correction_counts():
    out = c.check_equation_2.check(c.check_equation_2.data)
    assert out.verdict == "refuted"
    assert out.counterexample["i"] == 0 and out.counterexample["pieces"] == 2


def test_x2_errors_closed_forms_small_m():
    rows, linked = c._x2_errors(4)
    assert linked
    assert [r[1] for r in rows] == [Fraction(1, 4 ** (m + 1)) for m in range(5)]
    assert [r[2] for r in rows] == [Fraction(1, 2**m) for m in range(5)]
