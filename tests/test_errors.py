"""Every public entry point rejects bad input with the right type and a message naming it."""

import concurrent.futures as cf
import math
from fractions import Fraction as Q

import numpy as np
import pytest
import sympy

from symrelu import strategies
from symrelu.errors import InvalidArgument, InvalidArgumentType, SizeLimitExceeded, SymreluError
from symrelu.network import ReLUNetwork
from symrelu.parallel import spawn_seeds, sweep
from symrelu.pwl import BDSO, PiecewiseLinear
from symrelu.scaling import first_scale, law_scales
from symrelu.triangle import bend_sets, check_peaks, triangle_function, triangle_network, wave, waves_sum


def raises(exc, name, value_text, fn, *args, **kwargs):
    """Call fn, expect exc whose .name is ``name`` and whose message names it and quotes ``value_text``."""
    with pytest.raises(exc) as info:
        fn(*args, **kwargs)
    err = info.value
    assert isinstance(err, SymreluError)
    message = str(err)
    assert getattr(err, "name", None) == name, message
    assert name in message, message
    if value_text is not None:
        assert value_text in message, message
    return err


TENT = PiecewiseLinear([0, 1, 2], [0, 1, 0])
NET = ReLUNetwork([([[1], [1]], [0, -Q(1, 2)]), ([[2, -4]], [0])])


# -- PiecewiseLinear -------------------------------------------------------------
@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
def test_pwl_rejects_non_finite(bad):
    raises(InvalidArgument, "knots[1]", repr(bad), PiecewiseLinear, [0.0, bad, 2.0], [0.0, 1.0, 0.0])
    raises(InvalidArgument, "values[2]", None, PiecewiseLinear, [0.0, 1.0, 2.0], [0.0, 1.0, bad])


def test_pwl_rejects_bad_knots():
    raises(InvalidArgument, "knots[2]", "1", PiecewiseLinear, [0, 2, 1], [0, 1, 0])
    raises(InvalidArgument, "knots[1]", "0", PiecewiseLinear, [0, 0, 1], [0, 1, 0])
    raises(InvalidArgument, "knots", "Fraction(0, 1)", PiecewiseLinear, [0], [0])
    raises(InvalidArgument, "values", "2 values", PiecewiseLinear, [0, 1, 2], [0, 1])
    raises(InvalidArgument, "knots", "dimensions", PiecewiseLinear, [[0, 1]], [[0, 1]])
    raises(InvalidArgumentType, "knots", "'a'", PiecewiseLinear, ["a", "b"], [0, 1])


def test_pwl_rejects_points_outside_the_domain():
    raises(InvalidArgument, "x", "3", TENT, 3)
    raises(InvalidArgument, "x[1]", "-1", TENT, [Q(1, 2), -1])
    raises(InvalidArgument, "x", "2.5", TENT, 2.5)
    with pytest.raises(InvalidArgument, match=r"Invalid x(\[0\])?=.*nan"):  # names x (as x[0]: nit)
        TENT(math.nan)
    raises(InvalidArgument, "x", "3", TENT.derivative, 3, side="left")


def test_pwl_rejects_bad_side():
    raises(InvalidArgument, "side", "'middle'", TENT.derivative, 1, side="middle")
    err = raises(InvalidArgument, "x", "1", TENT.derivative, 1)
    assert "side=" in str(err)
    raises(InvalidArgument, "x", None, TENT.derivative, 0, side="left")
    raises(InvalidArgument, "x", None, TENT.derivative, 2, side="right")


def test_pwl_arithmetic_errors():
    other = PiecewiseLinear([0, 3], [0, 1])
    raises(InvalidArgument, "other", "(", TENT.__add__, other)
    raises(InvalidArgument, "other", None, TENT.__add__, PiecewiseLinear([0.0, 2.0], [0.0, 1.0]))
    raises(InvalidArgumentType, "c", None, TENT.__mul__, TENT)
    raises(InvalidArgument, "c", "0", TENT.__truediv__, 0)
    raises(InvalidArgument, "scalar", "nan", PiecewiseLinear([0.0, 1.0], [0.0, 1.0]).__add__, math.nan)
    assert TENT.__add__("a") is NotImplemented  # Python then raises TypeError
    with pytest.raises(TypeError):
        TENT + "a"
    raises(InvalidArgumentType, "inner", None, TENT.compose, 1)
    raises(InvalidArgument, "inner", "(", TENT.compose, PiecewiseLinear([0, 1], [0, 3]))


def test_bdso_errors():
    raises(InvalidArgument, "w, b, v", "(2, 1, 1)", BDSO.from_network, w=[1, 2], b=[0], v=[1])
    raises(InvalidArgument, "w[0]", "nan", BDSO.from_network, w=[math.nan], b=[0.0], v=[1.0])
    f = BDSO.from_network(w=[1], b=[0], v=[1])
    raises(InvalidArgument, "hi", "-1", f.to_pwl, 1, -1)


# -- ReLUNetwork -------------------------------------------------------------------
def test_network_rejects_mismatched_shapes():
    raises(InvalidArgument, "layers[0].b", "(3,)", ReLUNetwork, [([[1], [1]], [0, 0, 0])])
    raises(InvalidArgument, "layers[1].W", "(1, 3)", ReLUNetwork, [([[1], [1]], [0, 0]), ([[1, 1, 1]], [0])])
    raises(InvalidArgument, "layers[0].W", "dimensions", ReLUNetwork, [([1, 1], [0, 0])])
    raises(InvalidArgument, "layers", "[]", ReLUNetwork, [])
    raises(InvalidArgument, "layers[0]", None, ReLUNetwork, [([[1]], [0], 5)])
    raises(InvalidArgumentType, "layers", None, ReLUNetwork, 5)


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
def test_network_rejects_non_finite_parameters(bad):
    raises(InvalidArgument, "layers[0].W[1, 0]", None, ReLUNetwork, [([[1.0], [bad]], [0.0, 0.0])])
    raises(InvalidArgument, "layers[0].b[0]", None, ReLUNetwork, [([[1.0]], [bad])])


def test_network_rejects_bad_alpha_and_inputs():
    raises(InvalidArgument, "alpha", "1", ReLUNetwork, [([[1]], [0])], alpha=1)
    raises(InvalidArgument, "alpha", "-0.5", ReLUNetwork, [([[1.0]], [0.0])], alpha=-0.5)
    two_in = ReLUNetwork([([[1, 1]], [0]), ([[1]], [0])])
    raises(InvalidArgument, "x", "(3,)", two_in.forward, [1, 2, 3])
    raises(InvalidArgument, "network", None, two_in.to_pwl, 0, 1)
    raises(InvalidArgument, "x", "nan", NET.forward, math.nan)


def test_to_pwl_rejects_bad_interval_and_limits():
    raises(InvalidArgument, "hi", "0", NET.to_pwl, 1, 0)
    raises(InvalidArgument, "hi", "1", NET.to_pwl, 1, 1)
    raises(InvalidArgument, "lo", "nan", NET.to_pwl, math.nan, 1.0, exact=False)
    raises(InvalidArgumentType, "lo", "[nan]", NET.to_pwl, [math.nan], 1.0)  # once a bare numpy ValueError
    raises(InvalidArgument, "max_pieces", "1", NET.to_pwl, 0, 1, max_pieces=1)
    raises(InvalidArgument, "max_pieces", "2.5", NET.to_pwl, 0, 1, max_pieces=2.5)
    three = ReLUNetwork([([[1], [1]], [0, -Q(1, 2)]), ([[1, 1]], [0])])  # 3 regions on [-1, 1]
    err = raises(SizeLimitExceeded, "network", None, three.to_pwl, -1, 1, max_pieces=2)
    assert err.size == 3 and "max_pieces=3" in str(err)
    assert three.to_pwl(-1, 1, max_pieces=4).output.pieces == 3


def test_network_pwl_rejects_bad_indices():
    cpwl = NET.to_pwl(0, 1)
    raises(InvalidArgument, "layer", "2", cpwl.preactivation, 2, 0)
    raises(InvalidArgument, "layer", "-1", cpwl.neuron_breakpoints, -1, 0)
    raises(InvalidArgument, "neuron", "5", cpwl.neuron_breakpoints, 0, 5)
    raises(InvalidArgument, "layer", "1", cpwl.neuron_breakpoints, 1, 0)  # the output layer
    two_out = ReLUNetwork([([[1]], [0]), ([[1], [2]], [0, 0])]).to_pwl(0, 1)
    raises(InvalidArgument, "network", None, lambda: two_out.output)


# -- triangle and scaling --------------------------------------------------------------
@pytest.mark.parametrize("bad", [0, 1, Q(3, 2), -0.25, 1.0, math.nan, math.inf, -math.inf])
def test_peaks_outside_unit_interval(bad):
    peaks = [Q(1, 2), bad, Q(1, 3)]
    raises(InvalidArgument, "peaks[1]", None, check_peaks, peaks)
    raises(InvalidArgument, "peaks[1]", None, triangle_network, peaks)
    raises(InvalidArgument, "peaks[1]", None, bend_sets, peaks, 2)
    raises(InvalidArgument, "peaks[1]", None, wave, peaks, 2)
    raises(InvalidArgument, "peaks[1]", None, law_scales, peaks)
    raises(InvalidArgument, "peaks[1]", None, waves_sum, peaks, [Q(1, 4)])
    with pytest.raises(InvalidArgument, match=r"\ba\b|a\[0\]"):
        triangle_function(bad)


def test_peaks_messages_quote_the_value():
    raises(InvalidArgument, "peaks[0]", "1.5", check_peaks, [1.5])
    raises(InvalidArgument, "peaks[1]", "nan", check_peaks, [0.5, math.nan])
    raises(InvalidArgument, "peaks[0]", "0.01", check_peaks, [0.01], margin=0.05)
    raises(InvalidArgumentType, "peaks", "'abc'", check_peaks, "abc")
    raises(InvalidArgumentType, "peaks[0]", "'x'", check_peaks, ["x"])
    raises(InvalidArgument, "peaks", None, triangle_network, [Q(1, 2)])  # the law needs two peaks


def test_depth_limit_and_raising_it():
    a = [Q(1, 2)] * 7  # d = 6 hidden layers: 64 pieces
    err = raises(SizeLimitExceeded, "peaks", "6 hidden layers", triangle_network, a, max_pieces=63)
    assert err.size == 64 and err.limit == 63 and "max_pieces=64" in str(err)
    assert triangle_network(a, max_pieces=64).to_pwl(0, 1).output.pieces == 64
    raises(SizeLimitExceeded, "i", "5", bend_sets, a, 5, max_pieces=32)
    assert len(bend_sets(a, 5, max_pieces=64).bends) == 65
    raises(SizeLimitExceeded, "i", "5", wave, a, 5, max_pieces=63)
    assert wave(a, 5, max_pieces=64).pieces == 64
    raises(SizeLimitExceeded, "i", None, waves_sum, a, [Q(1, 10)] * 6, max_pieces=32)
    # the default limit refuses a depth of 30 at once, without building anything
    raises(SizeLimitExceeded, "peaks", "30 hidden layers", triangle_network, [0.5] * 31)


@pytest.mark.parametrize("bad", ["sub", "ADD", None, 1])
def test_bad_variant(bad):
    a = [Q(1, 2), Q(1, 3)]
    raises(InvalidArgument, "variant", repr(bad), triangle_network, a, variant=bad)
    raises(InvalidArgument, "variant", repr(bad), waves_sum, a, [Q(1, 4)], variant=bad)
    raises(InvalidArgument, "variant", repr(bad), law_scales, a, bad)
    raises(InvalidArgument, "variant", repr(bad), first_scale, Q(1, 2), Q(1, 3), bad)


def test_triangle_network_scale_errors():
    a = [Q(1, 2), Q(1, 3)]
    raises(InvalidArgument, "scales", None, triangle_network, a, scales=[Q(1, 4)])
    raises(InvalidArgument, "scales[1]", "0", triangle_network, a, scales=[Q(1, 4), 0])
    raises(InvalidArgument, "scales[0]", "-1", triangle_network, a, scales=[-1, Q(1, 4)])
    raises(InvalidArgument, "scales", None, waves_sum, [Q(1, 2)], [Q(1, 4), Q(1, 8)])
    raises(InvalidArgumentType, "peaks", None, triangle_network, list(sympy.symbols("a0 a1")))


def test_bend_sets_bad_index():
    raises(InvalidArgument, "i", "-1", bend_sets, [Q(1, 2)], -1)
    raises(InvalidArgumentType, "i", "1.0", bend_sets, [Q(1, 2)], 1.0)


# -- parallel ---------------------------------------------------------------------------
def test_parallel_errors():
    raises(InvalidArgumentType, "executor", "'threads'", sweep, abs, [(1,)], executor="threads")
    raises(InvalidArgument, "max_workers", "0", sweep, abs, [(1,)], max_workers=0)
    raises(InvalidArgument, "n", "-1", spawn_seeds, 0, -1)
    with cf.ThreadPoolExecutor(1) as pool:  # a good executor still works after the errors
        assert sweep(abs, [(-1,)], executor=pool) == [1]


# -- strategies ---------------------------------------------------------------------------
def test_strategy_options_are_validated():
    raises(InvalidArgument, "margin", "0.5", strategies.peaks, margin=0.5)
    raises(InvalidArgument, "margin", "-0.1", strategies.peaks, margin=-0.1)
    raises(InvalidArgument, "max_size", "0", strategies.peaks, min_size=2, max_size=0)
    raises(InvalidArgumentType, "exact", "'yes'", strategies.peaks, exact="yes")
    raises(InvalidArgument, "domain", "(1, 0)", strategies.cpwl_functions, domain=(1, 0))
    raises(InvalidArgument, "max_pieces", "0", strategies.cpwl_functions, max_pieces=0)
    raises(InvalidArgument, "widths", "[2, 3, 1]", strategies.relu_networks, widths=(2, 3, 1))
    raises(InvalidArgument, "widths[1]", "0", strategies.relu_networks, widths=(1, 0, 1))
    raises(InvalidArgument, "alpha", "1", strategies.relu_networks, alpha=1)
    raises(InvalidArgument, "max_depth", "0", strategies.relu_networks, min_depth=1, max_depth=0)
    raises(InvalidArgument, "variant", "'both'", strategies.triangle_networks, variant="both")
    raises(InvalidArgument, "max_depth", "99", strategies.triangle_networks, max_depth=99)


# -- issue 13 item 5: the size-limit error builds its message for any size --------------------
@pytest.mark.parametrize(
    "fn, args, name",
    [
        (triangle_network, ([Q(1, 2)] * 15001,), "peaks"),
        (wave, ([Q(1, 2)] * 15001, 15000), "i"),
        (bend_sets, ([Q(1, 2)] * 15001, 15000), "i"),
    ],
    ids=["triangle_network", "wave", "bend_sets"],
)
def test_size_limit_message_for_huge_sizes(fn, args, name):
    """2^15001 has over 4300 digits: Python refuses str() of it, the message writes 2**k instead."""
    err = raises(SizeLimitExceeded, name, None, fn, *args)
    assert "2**1500" in str(err) and len(str(err)) < 300
    assert err.size >= 2**15000  # the exact size is still there


def test_size_limit_message_forms():
    err = SizeLimitExceeded("n", 10**5000 + 1, size=3**10000, limit=10)
    text = str(err)
    assert "~1.63e+4771" in text and "~1.00e+5000" in text
    assert SizeLimitExceeded("n", 6, size=2**64, limit=2**16).hint == "Pass max_pieces=18446744073709551616 or more to allow it."


def test_absurd_layer_counts_are_refused_without_computing_two_to_the_power():
    raises(InvalidArgument, "i", None, bend_sets, [0.5], 10**18)


def test_peak_sequence_scales_are_bounded():
    from symrelu.peaks import PeakSequence

    err = raises(SizeLimitExceeded, "n", "1000000", PeakSequence([], [0.5]).scales, 10**6)
    assert err.option == "max_terms"
    assert len(PeakSequence([], [0.5]).scales(20_000, max_terms=20_000)) == 20_000


# -- issue 13 item 6: silent acceptance and generic errors ---------------------------------------
def test_first_scale_checks_its_peaks():
    raises(InvalidArgument, "a0", "5", first_scale, 5, 0.5)
    raises(InvalidArgument, "a1", "1.5", first_scale, 0.5, 1.5)
    a0 = sympy.Symbol("a0")
    assert first_scale(a0, Q(1, 2)) == (1 - a0) / 2


@pytest.mark.parametrize("bad", [-1, math.nan, 0.75])
def test_check_peaks_margin(bad):
    raises(InvalidArgument, "margin", None, check_peaks, [0.5], margin=bad)


def test_truncation_shape_depth():
    from symrelu.scaling import truncation_shape

    peaks = [Q(1, 3), Q(1, 2), Q(2, 5)]
    raises(InvalidArgument, "depth", "-3", truncation_shape, peaks, depth=-3)
    assert truncation_shape(peaks, depth=0) == "linear"


def test_ball_volume_and_facet_distance_domains():
    from symrelu.polytopes import ball_volume, expanded_simplex_facet_distance

    raises(InvalidArgument, "r", "-1", ball_volume, 3, -1)
    raises(InvalidArgument, "r", "nan", ball_volume, 3, math.nan)
    raises(InvalidArgument, "k", "7", expanded_simplex_facet_distance, 3, 7)
    raises(InvalidArgument, "k", "0", expanded_simplex_facet_distance, 3, 0)
    raises(InvalidArgumentType, "n", "2.5", expanded_simplex_facet_distance, 2.5, 1)
    raises(InvalidArgument, "n", "100000", ball_volume, 100_000)


def test_wave_x_must_be_a_symbol():
    raises(InvalidArgumentType, "x", "nan", wave, [0.5, 0.5], 1, x=math.nan)
    raises(InvalidArgument, "x", None, wave, [0.5, 0.5], 1, x=sympy.Symbol("t"))
    a0, t = sympy.symbols("a0 t")
    assert wave([a0], 0, x=t).free_symbols == {a0, t}


def test_pieces_job_depth():
    from symrelu.function_space import pieces_job

    raises(InvalidArgument, "depth", "0", pieces_job, 0, 6, "quadratic", 0, 1e-4, 0)
    raises(InvalidArgument, "units", None, pieces_job, 4, 2, "quadratic", 0, 1e-4, 0)
    raises(InvalidArgument, "lo", "nan", pieces_job, 1, 6, "quadratic", 0, 1e-4, 0, lo=math.nan)


def test_landscape_experiment_arguments():
    from symrelu.landscape.experiment import initialize, train, train_loop

    raises(InvalidArgument, "width", "0", initialize, 3, 0, seed=0)
    raises(InvalidArgument, "params", "{}", train, {})
    raises(InvalidArgument, "params", "{}", train_loop, {})
    p = initialize(3, seed=0)
    raises(InvalidArgument, "params['o']", None, train, dict(p, o=np.zeros((3, 3))))
    raises(InvalidArgument, "lr", "inf", train, p, lr=math.inf)
    raises(SizeLimitExceeded, "n", None, initialize, 10**12, seed=0)


def test_tropical_form_variables():
    from symrelu.tropical import network_expression, tropical_form

    net = ReLUNetwork([([[1, 1], [1, 1]], [1, 0]), ([[1, -2]], [-1])])
    x1, x2 = sympy.symbols("x1 x2")
    raises(InvalidArgument, "variables", None, tropical_form, net, [x1])
    raises(InvalidArgumentType, "variables[0]", None, tropical_form, net, [1, 2])
    raises(InvalidArgumentType, "network", None, network_expression, "net", [x1, x2])
    assert len(tropical_form(net, [x1, x2])[0]) == 2


def test_bdso_to_pwl_blames_the_nan_end():
    b = BDSO(np.array([0.5]), np.array([1.0]), np.array([1]))
    raises(InvalidArgument, "lo", "nan", b.to_pwl, math.nan, 1.0)
    raises(InvalidArgument, "hi", "nan", b.to_pwl, 0.0, math.nan)


def test_as_generator_refuses_a_negative_seed():
    from symrelu._random import as_generator
    from symrelu.function_space import pieces_job

    raises(InvalidArgument, "seed", "-1", as_generator, -1)
    raises(InvalidArgument, "rng", "-5", as_generator, -5, "rng")
    raises(InvalidArgument, "seed", "-3", pieces_job, 1, 6, "quadratic", 0, 1e-4, -3)


def test_derivation_refuses_bad_steps_and_string_assumptions(tmp_path, monkeypatch):
    from symrelu.derivation import Derivation

    monkeypatch.chdir(tmp_path)
    raises(InvalidArgumentType, "steps", None, Derivation, "t", steps=5)
    raises(InvalidArgumentType, "steps", None, Derivation, "t", steps="abc")
    # a string is not evaluated (sympify would run it as code)
    raises(InvalidArgumentType, "assumptions[0]", None, Derivation, "t",
           assumptions=["__import__('os').mkdir('evaluated')"])
    assert not (tmp_path / "evaluated").exists()
    a = sympy.Symbol("a")
    assert Derivation("t", assumptions=[0 < a]).assumptions == (0 < a,)


def test_row_solution_never_evaluates_a_string(tmp_path, monkeypatch):
    from symrelu.landscape.dissertation import TABLE_3_2, row_case_label, row_solution

    monkeypatch.chdir(tmp_path)
    row = TABLE_3_2[0]
    evil = (row[0], row[1], {"c": "__import__('os').mkdir('evaluated')"}, row[3])
    raises(InvalidArgument, "row", None, row_solution, evil)
    raises(InvalidArgument, "row", None, row_solution, (row[0], row[1], {"c": "c.__class__"}, row[3]))
    raises(InvalidArgument, "row", None, row_solution, (row[0], row[1], {"c": "-" * 500 + "1"}, row[3]))
    assert not (tmp_path / "evaluated").exists()
    raises(InvalidArgumentType, "row", None, row_solution, "abc")
    raises(InvalidArgument, "row", None, row_case_label, (0, ((1, 2),), {}, 1))
    c, o1, w1, b1 = sympy.symbols("c o1 w1 b1", real=True)
    assert row_solution(row)[b1] == w1 - 2 / o1 and row_solution(row)[c] == 1


def test_polytopes_arguments():
    from symrelu.polytopes import Polytope, expanded_simplex, hyperoctahedron, qhull_facet_distances

    for fn in (hyperoctahedron, expanded_simplex):
        raises(InvalidArgument, "max_facets", "0", fn, 2, max_facets=0)
        raises(InvalidArgumentType, "max_facets", "'a'", fn, 2, max_facets="a")
        raises(InvalidArgument, "n", None, fn, 10**18)  # refused before 2**n is built
        raises(SizeLimitExceeded, "n", None, fn, 20)
    raises(InvalidArgumentType, "vertices[0]", None, Polytope, "p", ((0.5, math.nan),), ())
    raises(InvalidArgumentType, "vertices[0]", None, Polytope, "p", (5,), ())
    raises(InvalidArgumentType, "facets", None, Polytope, "p", ((0, 1),), 3)
    raises(InvalidArgumentType, "facets[0]", None, Polytope, "p", ((0, 1),), (((1, 0), "x"),))
    raises(InvalidArgumentType, "polytope", None, qhull_facet_distances, "cube")
    raises(InvalidArgument, "decimals", "-1", qhull_facet_distances, hyperoctahedron(2), decimals=-1)
    raises(InvalidArgumentType, "decimals", None, qhull_facet_distances, hyperoctahedron(2), decimals=1.5)


def test_swaps_arguments(tmp_path):
    from symrelu.swaps import chunk_bounds, fundamental_chambers, scan_chunk, swaps, swaps_reference, swaps_witness
    from symrelu.boolean import truth_table

    raises(InvalidArgument, "max_chunks", "-5", chunk_bounds, 5, 4, max_chunks=-5)
    raises(InvalidArgumentType, "max_chunks", None, chunk_bounds, 5, 4, max_chunks=1.5)
    raises(InvalidArgument, "max_size", "0", swaps_reference, truth_table(6, 2), max_size=0)
    raises(InvalidArgumentType, "max_size", None, swaps_reference, truth_table(6, 2), max_size=-8.7e107)
    raises(InvalidArgumentType, "n", None, fundamental_chambers, [])
    raises(InvalidArgumentType, "save_to", None, scan_chunk, 3, 0, 128, save_to=1.5)
    for fn in (swaps, swaps_witness):
        raises(InvalidArgumentType, "f", None, fn, math.nan, 4)
        raises(InvalidArgument, "f", None, fn, [3, 0, -4, 3], 4)
    assert [len(fundamental_chambers(n)[0]) for n in range(1, 5)] == [1, 1, 2, 14]


def test_linalg_arguments():
    from symrelu.linalg import matrix, nullspace, rank, rref, solve

    for fn in (matrix, rank, rref, nullspace):
        raises(InvalidArgumentType, "rows", None, fn, math.nan)
        raises(InvalidArgumentType, "rows[0]", None, fn, [3, 0])
        raises(InvalidArgument, "ncols", "740", fn, [[1, 2]], 740)
        raises(InvalidArgumentType, "ncols", None, fn, [[1, 2]], "a")
        raises(InvalidArgument, "ncols", None, fn, [], -1)
    raises(InvalidArgument, "ncols", None, nullspace, [], 10**5)  # 10^10 entries: refused, not built
    raises(InvalidArgumentType, "rows", None, solve, math.nan, [1])
    raises(InvalidArgumentType, "rhs", None, solve, [[1, 1]], 740)
    raises(InvalidArgumentType, "rhs[0]", None, solve, [[1, 1]], [math.nan])
    raises(InvalidArgument, "rows[1]", None, solve, [[1, 1], [1]], [1, 2])
    assert solve([[1, 1]], [2]) == [2, 0] and rank([], 3) == 0


def test_npn_arguments():
    from symrelu.boolean import truth_table
    from symrelu.npn import hyperoctahedral_group, npn_canonical, npn_classes, npn_orbit, npn_transform

    raises(InvalidArgumentType, "n", None, hyperoctahedral_group, [])
    for fn in (npn_orbit, npn_canonical):
        raises(InvalidArgumentType, "f", None, fn, math.nan, 2)
        raises(InvalidArgument, "f", None, fn, [3, 0, -4, 3], 2)
    raises(InvalidArgument, "limit", "-5", npn_classes, 2, limit=-5)
    raises(InvalidArgumentType, "limit", None, npn_classes, 2, limit="a")
    raises(SizeLimitExceeded, "n", None, npn_classes, 3, limit=16)
    tt = truth_table(0b0111, 2)
    raises(InvalidArgumentType, "negate_inputs", None, npn_transform, tt, negate_inputs=1.5)
    raises(InvalidArgumentType, "negate_inputs[0]", None, npn_transform, tt, negate_inputs=[0.5])
    raises(InvalidArgumentType, "perm", None, npn_transform, tt, perm="ab")
    raises(InvalidArgumentType, "negate_output", None, npn_transform, tt, negate_output="yes")
    assert npn_classes(2).tolist() == [0, 1, 3, 6]


def test_npn_burnside_guard_is_a_certification_error(monkeypatch):
    from symrelu import npn
    from symrelu.errors import CertificationError

    calls = iter(range(10**6))  # a broken cycle count: 2^0 fixed functions once, 2^1 for the rest
    monkeypatch.setattr(npn, "_cycle_lengths", lambda perm: [] if next(calls) == 0 else [1])
    with pytest.raises(CertificationError, match="Burnside"):
        npn.npn_class_count(2, output_negation=False)


def test_polyhedra_arguments():
    from symrelu.polyhedra import dimension, feasible_point, implicit_equalities, is_feasible

    good = [((1, 0), 0, False), ((-1, 0), 0, False)]
    for fn in (feasible_point, is_feasible, implicit_equalities, dimension):
        raises(InvalidArgumentType, "constraints", None, fn, math.nan, 2)
        raises(InvalidArgumentType, "constraints[0]", None, fn, [5], 2)
        raises(InvalidArgumentType, "constraints[0]", None, fn, [((0.5, 0), 0, False)], 2)
        raises(InvalidArgument, "constraints[1]", None, fn, [good[0], ((1,), 0, True)], 2)
        raises(InvalidArgumentType, "nvars", None, fn, good, -8.7e107)
        raises(InvalidArgument, "nvars", "-1", fn, good, -1)
        raises(InvalidArgument, "nvars", "740", fn, good, 740)
    raises(InvalidArgumentType, "float_first", None, feasible_point, good, 2, float_first="yes")
    assert dimension(good, 2) == 1 and is_feasible(good, 2)


def test_law_tools_arguments():
    from symrelu.law_tools import (
        MAX_EQ8_K, box_supremum, eq5_bracket, eq8_substitution, error_profile, f_half, neighbour_gaps,
        random_peaks, subs_numbers)
    from symrelu.scaling import a, i, s

    half = [Q(1, 2)] * 4
    raises(InvalidArgument, "K", None, eq8_substitution, 10**18)  # refused before SymPy runs
    raises(InvalidArgument, "K", "-1", eq8_substitution, -1)
    assert MAX_EQ8_K >= 8 and len(eq8_substitution(2)) == 2
    raises(InvalidArgument, "denominator", None, random_peaks, 3, seed=0, denominator=-8)
    raises(InvalidArgumentType, "expr", None, subs_numbers, math.nan, 0, half)
    raises(InvalidArgumentType, "peaks", None, subs_numbers, s[i], 0, -577)
    raises(InvalidArgumentType, "layer", None, subs_numbers, s[i], Q(1, 3), half, half)
    raises(InvalidArgument, "depth", None, subs_numbers, s[i], 0, half, half, depth=10**18)
    raises(InvalidArgumentType, "scales", None, eq5_bracket, half, Q(-1, 3), 0)
    raises(InvalidArgumentType, "layer", None, eq5_bracket, half, half[:3], 1.5)
    raises(InvalidArgumentType, "expr", None, box_supremum, [3, 0], [sympy.Symbol("x")])
    raises(InvalidArgumentType, "symbols", None, box_supremum, sympy.Symbol("x"), 740)
    raises(InvalidArgumentType, "symbols[0]", None, box_supremum, sympy.Symbol("x"), [4])
    raises(InvalidArgumentType, "layer", None, neighbour_gaps, half, Q(-1, 3), 1)
    raises(InvalidArgument, "depth", None, neighbour_gaps, half, 0, 10)
    raises(InvalidArgument, "x", "nan", f_half, math.nan)
    raises(InvalidArgumentType, "x", None, f_half, "1/2")
    raises(InvalidArgumentType, "depth", None, error_profile, half * 2, 1, 2.5)
    raises(InvalidArgument, "layer", None, error_profile, half * 2, 5, 2)
    assert eq5_bracket(half, [Q(1, 4), Q(1, 16), Q(1, 64)], 0) == Q(1, 16) and subs_numbers(s[i] * a[i + 1], 0, half, half) == Q(1, 4)


def test_law_derivations_arguments():
    from symrelu.law_derivations import (
        MAX_PRODUCT_K, boundary_check, concavity_check, error_decay_check, lemma_a2_check, product_bound_check,
        scaling_law_check, theorem_a8_series_check)

    raises(InvalidArgument, "K", None, product_bound_check, 10**18)  # refused before SymPy runs
    raises(InvalidArgumentType, "K", None, product_bound_check, 1.5)
    assert MAX_PRODUCT_K >= 4 and product_bound_check(2)[0]
    raises(InvalidArgumentType, "relation", None, scaling_law_check, [])
    raises(InvalidArgumentType, "relation", None, scaling_law_check, "s[i+1] = 0")
    raises(InvalidArgumentType, "claimed", None, boundary_check, math.nan)
    raises(InvalidArgument, "depth", None, boundary_check, depth=10**18)
    raises(InvalidArgumentType, "seed", None, boundary_check, seed=Q(-1, 3))
    raises(InvalidArgument, "seed", "-5", concavity_check, seed=-5)
    raises(InvalidArgumentType, "trials", None, concavity_check, trials=1.5)
    raises(InvalidArgument, "depth", None, concavity_check, depth=-3)
    raises(InvalidArgumentType, "sup", None, error_decay_check, "")
    raises(InvalidArgument, "extra", None, error_decay_check, extra=10**18)
    raises(InvalidArgument, "ratio2", "nan", error_decay_check, ratio2=math.nan)
    raises(InvalidArgumentType, "expression", None, lemma_a2_check, 5)
    raises(InvalidArgumentType, "series", None, theorem_a8_series_check, -577)
    raises(InvalidArgumentType, "layers", None, theorem_a8_series_check, layers=Q(-1, 3))


def test_experiments_report_arguments(tmp_path):
    from symrelu.experiments.report import (
        comparison_row, format_rst, format_spread, format_table, format_window, seed_spread, table_rows,
        window_rows, write_csv, write_json)

    raises(InvalidArgumentType, "paper", None, comparison_row, "law", "x3", [1e-7], -8.7e107)
    raises(InvalidArgument, "paper", None, comparison_row, "law", "x3", [1e-7], (math.nan, 1.0))
    raises(InvalidArgument, "values", None, comparison_row, "law", "x3", [math.nan], None)
    raises(InvalidArgument, "values", None, comparison_row, "law", "x3", [], None)
    raises(InvalidArgumentType, "paper", None, table_rows, "tables", {"law": {"x3": [1e-7]}}, 740)
    row = comparison_row("law", "x3", [1e-7], (7.86e-8, 5.27e-7))
    for fn in (format_rst, format_window, format_spread):
        raises(InvalidArgumentType, "rows", None, fn, math.nan)
        raises(InvalidArgumentType, "rows[0]", None, fn, [3])
    raises(InvalidArgumentType, "rows", None, format_table, "abc", title="t")
    raises(InvalidArgumentType, "title", None, format_table, [row], title=740)
    raises(InvalidArgument, "rows[0]", None, format_table, [{"type": "law"}], title="t")
    raises(InvalidArgumentType, "path", None, write_csv, [row], -8.7e107)
    raises(InvalidArgumentType, "rows", None, write_csv, 1950, str(tmp_path / "t.csv"))
    raises(InvalidArgumentType, "path", None, write_json, {"a": 1}, None)
    raises(InvalidArgumentType, "window", None, window_rows, math.nan, {})
    raises(InvalidArgumentType, "paper", None, window_rows, {}, "abc")
    runs = [{"config": {"seed": s}, "per_model_mse": {"tables": {"law": {"x3": [v, 1e-6]}}}}
            for s, v in enumerate([5e-8, 9e-8])]
    raises(InvalidArgumentType, "kind", None, seed_spread, runs, [4, 5])
    raises(InvalidArgument, "kind", "740", seed_spread, runs, "740")
    assert format_spread(seed_spread(runs)).count("\n") == 1


def test_experiments_protocol_and_blocks_arguments():
    pytest.importorskip("torch")
    from symrelu.experiments.blocks import run_blocks
    from symrelu.experiments.protocol import summarize

    raises(InvalidArgument, "values", None, summarize, np.array([1.0, math.nan]))
    raises(InvalidArgument, "values", None, summarize, [])
    raises(InvalidArgumentType, "values", None, summarize, "abc")
    assert summarize([1.0, 3.0])["median"] == 2.0
    raises(InvalidArgumentType, "cfg", None, run_blocks, [3, 0], "x3_minus_x")


def test_torch_bridge_arguments():
    torch = pytest.importorskip("torch")
    from symrelu.torch_bridge import (
        BatchedReLU, PeakNetworks, Trainer, default_networks, to_torch, train_together, triangle_weights)

    raises(InvalidArgumentType, "dtype", None, to_torch, NET, dtype=Q(-1, 3))
    raises(InvalidArgumentType, "dtype", None, to_torch, NET, dtype=torch.int64)
    a = torch.tensor([[0.5, 0.5]], dtype=torch.float64)
    r = torch.full((1, 2), 0.25, dtype=torch.float64)
    raises(InvalidArgumentType, "waves", None, triangle_weights, math.nan, r, torch.ones(1))
    raises(InvalidArgumentType, "signs", None, triangle_weights, a, r, Q(-1, 3))
    raises(InvalidArgument, "ratios", None, triangle_weights, a, r[:, :1], torch.ones(1))
    raises(InvalidArgumentType, "peaks", None, PeakNetworks, "")
    raises(InvalidArgumentType, "layers", None, BatchedReLU, math.nan)
    raises(InvalidArgumentType, "layers[0]", None, BatchedReLU, [3, 0])
    good = [(torch.ones(2, 3, 1, dtype=torch.float64), torch.zeros(2, 3, dtype=torch.float64)),
            (torch.ones(2, 1, 3, dtype=torch.float64), None)]
    raises(InvalidArgumentType, "negative_slope", None, BatchedReLU, good, negative_slope="a")
    raises(InvalidArgument, "max_parameters", None, default_networks, 2, (1, 4, 1), seed=1, max_parameters=-8)
    nets = default_networks(2, (1, 3, 1), seed=0)
    x = torch.linspace(0, 1, 9, dtype=torch.float64)
    raises(InvalidArgumentType, "model", None, Trainer, math.nan, x, x)
    raises(InvalidArgument, "y", None, Trainer, nets, x, -5.4e16)
    raises(InvalidArgument, "lr", "inf", Trainer, nets, x, x, lr=math.inf)
    raises(InvalidArgumentType, "trainers", None, train_together, -577, 2)
    raises(InvalidArgument, "trainers", None, train_together, [], 2)
    raises(InvalidArgumentType, "trainers[0]", None, train_together, [""], 2)


def test_landscape_arguments():
    from symrelu.landscape import Architecture, two_point_problem
    from symrelu.landscape import Landscape, LandscapeProblem, check_family
    from symrelu.landscape.render import case_derivation_rst, experiment_table_rst

    tp = two_point_problem()
    land = tp.enumerate()
    raises(InvalidArgument, "max_cases", None, LandscapeProblem, Architecture(1), tp.points, tp.targets,
           max_cases=-8)
    raises(InvalidArgumentType, "max_cases", None, LandscapeProblem, Architecture(1), tp.points, tp.targets,
           max_cases=1.5)
    raises(InvalidArgumentType, "families", None, Landscape, tp, 740)
    raises(InvalidArgumentType, "families[0]", None, Landscape, tp, (5,))
    raises(InvalidArgumentType, "problem", None, Landscape, math.nan, tuple(land))
    raises(InvalidArgumentType, "problem", None, check_family, [3, 0], land[0])
    raises(InvalidArgumentType, "fam", None, check_family, tp, "abc")
    raises(InvalidArgumentType, "problem", None, case_derivation_rst, math.nan, "+-")
    raises(InvalidArgumentType, "label", None, case_derivation_rst, tp, 5)
    raises(InvalidArgument, "results", None, experiment_table_rst)
    raises(InvalidArgumentType, "results[0]", None, experiment_table_rst, 1950)
    assert len(Landscape(tp, tuple(land))) == len(land)


def test_plot_arguments():
    pytest.importorskip("matplotlib")
    import matplotlib

    matplotlib.use("Agg")
    from symrelu.densities import GaussianInit
    from symrelu.plot.boolean import swaps_histogram
    from symrelu.plot.construction import plot_network_output, plot_square_approximations, plot_waves
    from symrelu.plot.densities import plot_layer_densities, plot_roughness_by_layer, plot_unit_densities
    from symrelu.plot.limit import plot_limit
    from symrelu.plot.training import comparison_figure, fits_figure, pieces_figure
    from symrelu.peaks import PeakSequence

    raises(InvalidArgumentType, "ns", None, swaps_histogram, 1950)
    raises(InvalidArgumentType, "ns[0]", None, swaps_histogram, ["3"])
    raises(InvalidArgument, "ns", None, swaps_histogram, [])
    raises(InvalidArgumentType, "ax", None, plot_waves, None, ax=740)
    raises(InvalidArgumentType, "ax", None, plot_square_approximations, 1, ax="abc")
    raises(InvalidArgumentType, "ax", None, plot_network_output, [0.3, 0.6, 0.4], ax=[4])
    g = GaussianInit(1.0, 1.0, 1.0)
    raises(InvalidArgumentType, "bins", None, plot_unit_densities, g, n=100, bins=-8.7e107)
    raises(InvalidArgumentType, "beta_range", None, plot_unit_densities, g, n=100, beta_range=Q(-1, 3))
    raises(InvalidArgumentType, "layer_breakpoints", None, plot_layer_densities, math.nan, [])
    raises(InvalidArgument, "mu_range", None, plot_layer_densities, [[0.0]], [[0.0]], mu_range=(1, math.inf))
    raises(InvalidArgumentType, "epochs", None, plot_roughness_by_layer, "", np.ones((3, 2)))
    raises(InvalidArgument, "epochs", None, plot_roughness_by_layer, math.nan, np.ones((3, 2)))
    half = PeakSequence([], [Q(1, 2)])
    raises(InvalidArgumentType, "points", None, plot_limit, half, points=-8.7e107)
    raises(InvalidArgumentType, "depths", None, plot_limit, half, depths=Q(-1, 3))
    raises(InvalidArgument, "depths[0]", None, plot_limit, half, depths=[40])
    raises(InvalidArgumentType, "rows", None, comparison_figure, math.nan)
    raises(InvalidArgumentType, "rows[0]", None, comparison_figure, [3])
    raises(InvalidArgumentType, "panels", None, fits_figure, math.nan)
    raises(InvalidArgumentType, "panels[0]", None, fits_figure, [3])
    raises(InvalidArgumentType, "pieces", None, pieces_figure, [3, 0])
    raises(InvalidArgument, "pieces", None, pieces_figure, {"law": [1.5]})


def test_constructions_densities_parallel_arguments():
    from symrelu.constructions import interpolating_network
    from symrelu.densities import roughness

    raises(InvalidArgumentType, "points", None, interpolating_network, math.nan, [1, 0])
    raises(InvalidArgumentType, "values", None, interpolating_network, [0, 1], Q(-1, 3))
    raises(InvalidArgument, "delta_slopes", None, roughness, math.nan)
    raises(InvalidArgument, "delta_slopes", None, roughness, [1.0, math.inf])
    raises(InvalidArgumentType, "delta_slopes", None, roughness, "abc")
    assert float(roughness([1.0, -2.0])) == 5.0
    raises(InvalidArgumentType, "seed", None, spawn_seeds, math.nan, 3)
    raises(InvalidArgument, "seed", None, spawn_seeds, [3, 0, -4, 3], 3)
    raises(InvalidArgument, "n", None, spawn_seeds, 0, 10**18)
    assert len(spawn_seeds([1, 2], 2)) == 2 and len(spawn_seeds(None, 1)) == 1
