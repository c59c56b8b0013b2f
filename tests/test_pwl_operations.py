"""Everyday operations on `PiecewiseLinear` (issue 18): reflected arithmetic, SymPy evaluation,
max/min, restriction, integrals, distances, roots, Lipschitz constant, inverse, plotting,
SymPy printer hooks and reprs."""

import math
from fractions import Fraction as Q

import numpy as np
import pytest
import sympy

from symrelu.errors import InvalidArgument
from symrelu import pwl as symrelu_pwl
from symrelu.pwl import PiecewiseLinear

TENT = PiecewiseLinear([0, 1, 2], [0, 1, 0])
FTENT = PiecewiseLinear([0.0, 1.0, 2.0], [0.0, 1.0, 0.0])


# -- 1. reflected arithmetic and evaluation at SymPy expressions ------------------
@pytest.mark.parametrize("c", [2, Q(1, 2), 1.5, sympy.Rational(1, 3), sympy.Integer(2), np.float64(0.25)])
def test_reflected_operators_match_forward_ones(c):
    for f in (TENT, FTENT):
        assert c + f == f + c
        assert c * f == f * c
        assert c - f == -(f - c)
        assert isinstance(c + f, PiecewiseLinear) and isinstance(c * f, PiecewiseLinear)
    # exact stays exact where the number is exact
    assert (Q(1, 3) + TENT).values.tolist() == [Q(1, 3), Q(4, 3), Q(1, 3)]


@pytest.mark.parametrize("bad", ["a", None, object(), [1, 2]])
def test_unknown_operand_types_are_not_implemented(bad):
    assert TENT.__add__(bad) is NotImplemented
    assert TENT.__radd__(bad) is NotImplemented
    assert TENT.__rmul__(bad) is NotImplemented
    for op in (lambda: TENT + bad, lambda: bad + TENT, lambda: TENT - bad, lambda: bad - TENT,
               lambda: bad * TENT, lambda: TENT / bad):
        with pytest.raises(TypeError):
            op()


def test_a_type_that_knows_piecewise_linear_gets_its_turn():
    class Other:
        def __radd__(self, f):
            return ("radd", f.pieces)

        def __add__(self, f):
            return ("add", f.pieces)

    assert TENT + Other() == ("radd", 2)
    assert Other() + TENT == ("add", 2)


def test_sympy_expressions_give_sympy_results():
    x = sympy.Symbol("x")
    pw = TENT.to_sympy()
    assert sympy.simplify((x + TENT) - (x + pw)) == 0
    assert sympy.simplify((TENT + x) - (x + pw)) == 0
    assert sympy.simplify((TENT - x) - (pw - x)) == 0
    assert sympy.simplify((x - TENT) - (x - pw)) == 0
    assert sympy.simplify((TENT * x) - x * pw) == 0
    assert sympy.simplify((TENT + sympy.sqrt(2)) - (pw + sympy.sqrt(2))) == 0


def test_call_at_a_symbol_gives_the_piecewise():
    t = sympy.Symbol("t")
    assert TENT(t) == TENT.to_sympy(t)
    assert TENT(2 * t) == TENT.to_sympy(2 * t)
    assert TENT(sympy.sqrt(2) / 2) == sympy.sqrt(2) / 2          # exact at an irrational point
    assert TENT(sympy.Rational(1, 2)) == Q(1, 2)                 # numbers keep the numeric path
    with pytest.raises(InvalidArgument, match="domain"):
        TENT(3 + sympy.sqrt(2))


# -- 2. everyday CPWL operations ---------------------------------------------------
def _random_exact(rng, n, lo=0, hi=4):
    inner = sorted({Q(int(v), 7) for v in rng.integers(lo * 7 + 1, hi * 7, size=n)})
    knots = [Q(lo)] + inner + [Q(hi)]
    return PiecewiseLinear(knots, [Q(int(v), 3) for v in rng.integers(-6, 7, size=len(knots))])


def _grid(f, g=None):
    """Exact points: every knot of f and g and the midpoints between them (where max/min may bend)."""
    pts = sorted(set(f.knots.tolist()) | set([] if g is None else g.knots.tolist()))
    return pts + [(a + b) / 2 for a, b in zip(pts, pts[1:])] + [(3 * a + b) / 4 for a, b in zip(pts, pts[1:])]


@pytest.mark.parametrize("seed", range(6))
def test_maximum_minimum_exact_pointwise(seed):
    rng = np.random.default_rng(seed)
    f, g = _random_exact(rng, 4), _random_exact(rng, 3)
    hi, lo = f.maximum(g), symrelu_pwl.minimum(f, g)
    assert hi.exact and lo.exact
    for x in _grid(f, g) + [k for k in hi.knots.tolist()]:
        assert hi(x) == max(f(x), g(x)) and lo(x) == min(f(x), g(x))
    assert hi == symrelu_pwl.maximum(g, f)
    assert f.maximum(0) == f.relu() and symrelu_pwl.maximum(0, f) == f.relu()
    assert hi + lo == f + g                  # max + min = f + g, exactly


def test_python_max_is_not_defined_and_points_to_maximum():
    with pytest.raises(TypeError):
        max(TENT, TENT * 2)
    assert "maximum(f, g)" in symrelu_pwl.maximum.__doc__ and "max(f, g)" in symrelu_pwl.maximum.__doc__


def test_maximum_float():
    f = PiecewiseLinear([0.0, 2.0], [0.0, 2.0])
    g = PiecewiseLinear([0.0, 2.0], [1.0, 0.0])
    m = f.maximum(g)
    assert not m.exact and m.knots.tolist() == pytest.approx([0, 2 / 3, 2])
    assert m(np.linspace(0, 2, 9)).tolist() == pytest.approx(np.maximum(f(np.linspace(0, 2, 9)), g(np.linspace(0, 2, 9))))


def test_restrict():
    f = PiecewiseLinear([0, 1, 2, 3], [0, 2, 1, 4])
    r = f.restrict(Q(1, 2), Q(5, 2))
    assert r.knots.tolist() == [Q(1, 2), 1, 2, Q(5, 2)] and r.values.tolist() == [1, 2, 1, Q(5, 2)]
    assert f.restrict(0, 3) == f
    assert FTENT.restrict(0.25, 1.0).values.tolist() == [0.25, 1.0]
    with pytest.raises(InvalidArgument, match="lo"):
        f.restrict(-1, 2)
    with pytest.raises(InvalidArgument, match="hi"):
        f.restrict(2, 2)
    with pytest.raises(InvalidArgument, match="hi"):
        f.restrict(1, 4)


@pytest.mark.parametrize("seed", range(4))
def test_integral_and_distances_match_sympy(seed):
    rng = np.random.default_rng(10 + seed)
    f, g = _random_exact(rng, 3), _random_exact(rng, 3)
    x = sympy.Symbol("x", real=True)
    pf, pg = f.to_sympy(x), g.to_sympy(x)
    assert f.integral() == sympy.integrate(pf, (x, 0, 4))
    assert f.integral(1, Q(5, 2)) == sympy.integrate(pf, (x, 1, Q(5, 2)))
    diff = sympy.piecewise_fold(pf - pg)
    assert f.distance(g, "L1") == sympy.integrate(sympy.Abs(diff), (x, 0, 4))
    l2sq = sympy.integrate(diff**2, (x, 0, 4))
    assert symrelu_pwl.distance(f, g, "L2squared") == l2sq
    assert sympy.simplify(symrelu_pwl.distance(f, g, "L2") - sympy.sqrt(l2sq)) == 0
    grid = _grid(f, g)
    assert f.distance(g, "sup") == max(abs(f(t) - g(t)) for t in grid)


def test_l1_splits_at_sign_changes_and_float_versions():
    f = PiecewiseLinear([0, 1], [-1, 1])
    assert f.distance(0, "L1") == Q(1, 2) and f.integral() == 0   # |f|: two triangles of area 1/4
    ff = PiecewiseLinear([0.0, 1.0], [-1.0, 1.0])
    assert ff.distance(0.0, "L1") == pytest.approx(0.5)
    assert ff.distance(0.0, "L2") == pytest.approx(math.sqrt(1 / 3))
    assert ff.distance(0.0, "sup") == 1.0 and isinstance(ff.distance(0.0, "sup"), float)
    with pytest.raises(InvalidArgument, match="norm"):
        f.distance(0, "L3")
    with pytest.raises(InvalidArgument, match="g"):
        f.distance(PiecewiseLinear([0, 2], [0, 1]))


def test_roots():
    f = PiecewiseLinear([0, 1, 2, 3, 4, 5], [-1, 1, 0, 0, 2, 0])
    assert f.roots() == [(Q(1, 2), Q(1, 2)), (2, 3), (5, 5)]
    assert PiecewiseLinear([0, 1], [1, 2]).roots() == []
    assert PiecewiseLinear([0, 1], [0, 0]).roots() == [(0, 1)]
    assert PiecewiseLinear([0, 1, 2], [1, 0, 1]).roots() == [(1, 1)]
    assert PiecewiseLinear([0.0, 3.0], [-1.0, 2.0]).roots() == [(1.0, 1.0)]


def test_lipschitz():
    assert PiecewiseLinear([0, 1, 2], [0, 3, 1]).lipschitz() == 3
    assert PiecewiseLinear([0, 1, 3], [0, -1, Q(3, 2)]).lipschitz() == Q(5, 4)
    assert FTENT.lipschitz() == 1.0


def test_inverse():
    f = PiecewiseLinear([0, 1, 3], [1, 3, 4])
    inv = f.inverse()
    assert inv.domain == (1, 4)
    for x in _grid(f):
        assert inv(f(x)) == x
    g = PiecewiseLinear([0, 1, 3], [4, 3, -1])   # decreasing
    for x in _grid(g):
        assert g.inverse()(g(x)) == x
    fl = PiecewiseLinear([0.0, 1.0, 3.0], [1.0, 3.0, 4.0]).inverse()
    assert fl(np.array([1.0, 2.0, 3.5])).tolist() == pytest.approx([0.0, 0.5, 2.0])
    with pytest.raises(InvalidArgument, match=r"Invalid f=.*piece 1.*strictly monotone"):
        TENT.inverse()
    with pytest.raises(InvalidArgument, match="f="):
        PiecewiseLinear([0, 1], [2, 2]).inverse()


def test_plot_marks_breakpoints():
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    try:
        assert PiecewiseLinear([0, 1, 2, 3], [0, 2, 1, 1]).plot(ax=ax, color="C3") is ax
        line, marks = ax.lines
        assert line.get_xdata().tolist() == [0, 1, 2, 3] and line.get_ydata().tolist() == [0, 2, 1, 1]
        assert marks.get_xdata().tolist() == [1, 2] and marks.get_marker() == "o"
        ax.clear()
        FTENT.plot(ax=ax, breakpoints=False)
        assert len(ax.lines) == 1
    finally:
        plt.close(fig)


# -- 3. SymPy printer hooks and the size limit of _repr_latex_ ----------------------
def test_sympy_printers_print_the_piecewise(capsys):
    pw = TENT.to_sympy()
    assert sympy.latex(TENT) == sympy.latex(pw) and r"\begin{cases}" in sympy.latex(TENT)
    assert sympy.sstr(TENT) == sympy.sstr(pw)
    assert sympy.pretty(TENT, use_unicode=False) == sympy.pretty(pw, use_unicode=False)
    sympy.pprint(TENT, use_unicode=False)
    assert capsys.readouterr().out.strip() == sympy.pretty(pw, use_unicode=False).strip()


def test_init_printing_display_hook_pretty_prints(capsys):
    import builtins
    import sys

    saved_hook, saved_underscore = sys.displayhook, getattr(builtins, "_", None)
    try:
        sympy.init_printing(use_unicode=False, pretty_print=True, no_global=True)  # no global settings changed
        sys.displayhook(TENT)
    finally:
        sys.displayhook = saved_hook
        builtins._ = saved_underscore
    assert capsys.readouterr().out.strip() == sympy.pretty(TENT.to_sympy(), use_unicode=False).strip()


def test_repr_latex_is_summarized_beyond_32_pieces():
    small = PiecewiseLinear(list(range(33)), [i % 2 for i in range(33)])     # 32 pieces: in full
    assert small._repr_latex_() == f"$\\displaystyle {sympy.latex(small.to_sympy())}$"
    big = PiecewiseLinear([Q(i, 3) for i in range(4097)], [i % 2 for i in range(4097)])
    text = big._repr_latex_()
    assert text == r"$\text{PiecewiseLinear with 4096 pieces on } [0, \frac{4096}{3}]\text{; use .to\_sympy() for all}$"


# -- 4. reprs: complete and evaluable where the data allows, short otherwise --------
@pytest.mark.parametrize("f", [
    TENT,
    PiecewiseLinear([0, Q(1, 3), 2], [0, 1, Q(-7, 5)]),
    PiecewiseLinear([-1, Q(1, 10**30 + 7), 1], [Q(3, 2), 0, 2]),
    FTENT,
    PiecewiseLinear([0.0, 0.1, 2.0], [0.0, 1 / 3, -1e-300]),
    PiecewiseLinear([0.0, 0.1, 2.0], [0.0, 1 / 3, 0.0], resolution=1e-9, slope_rtol=1e-12),
    FTENT.maximum(FTENT * 0.7 + 0.1),
])
def test_repr_is_evaluable_and_round_trips(f):
    text = repr(f)
    assert text.startswith("PiecewiseLinear(knots=[") and "..." not in text
    again = eval(text, {"PiecewiseLinear": PiecewiseLinear, "Fraction": Q})
    assert again == f and again.exact == f.exact


def test_repr_writes_fractions_as_python():
    assert repr(PiecewiseLinear([0, Q(1, 3), 1], [0, 1, 0])) == \
        "PiecewiseLinear(knots=[0, Fraction(1, 3), 1], values=[0, 1, 0])"


def test_repr_of_large_functions_is_short_and_says_how_to_get_the_rest():
    big = PiecewiseLinear(list(range(101)), [i % 2 for i in range(101)])
    text = repr(big)
    assert text == ("<PiecewiseLinear: 100 pieces on [0, 100], exact; all of it: "
                    "PiecewiseLinear(knots=f.knots.tolist(), values=f.values.tolist())>")
    rebuilt = PiecewiseLinear(knots=big.knots.tolist(), values=big.values.tolist())
    assert rebuilt == big
    # a number too long for str() (Python's 4300-digit limit) does not break repr
    huge = PiecewiseLinear([0, Q(1, 3**10000), 1], [0, 1, 0])
    assert repr(huge).startswith("<PiecewiseLinear: 2 pieces on [0, 1], exact")


# -- 5. an irrational SymPy constant gets a message that does not contradict itself -
@pytest.mark.parametrize("exact", [None, True, False])
def test_irrational_sympy_knot_message(exact):
    from symrelu.errors import InvalidArgumentType

    with pytest.raises(InvalidArgumentType) as info:
        PiecewiseLinear([0, sympy.sqrt(2) / 2, 1], [0, 1, 0], exact=exact)
    message = str(info.value)
    assert "expected a real number" not in message
    assert "sqrt(2)/2 is an irrational SymPy constant, which is not exact: pass float(sqrt(2)/2)" in message
    assert PiecewiseLinear([0, float(sympy.sqrt(2) / 2), 1], [0, 1, 0])(0.5) == pytest.approx(0.5 * 2**0.5)


def test_symbol_knot_message_has_no_constant_note():
    from symrelu.errors import InvalidArgumentType

    with pytest.raises(InvalidArgumentType, match=r"got Symbol \(t\), expected a number of type int") as info:
        PiecewiseLinear([0, sympy.Symbol("t"), 1], [0, 1, 0])
    assert "irrational" not in str(info.value)


@pytest.mark.parametrize("seed", range(5))
def test_float_operations_against_dense_sampling(seed):
    rng = np.random.default_rng(100 + seed)
    f = PiecewiseLinear(np.r_[0.0, np.sort(rng.uniform(0, 4, 5)), 4.0], rng.normal(size=7))
    g = PiecewiseLinear(np.r_[0.0, np.sort(rng.uniform(0, 4, 4)), 4.0], rng.normal(size=6))
    x = np.union1d(np.linspace(0, 4, 4001), np.union1d(f.knots, g.knots))   # the sup is at a knot
    fx, gx = f(x), g(x)
    assert f.maximum(g)(x) == pytest.approx(np.maximum(fx, gx), abs=1e-12)
    assert symrelu_pwl.minimum(f, g)(x) == pytest.approx(np.minimum(fx, gx), abs=1e-12)
    assert abs(f)(x) == pytest.approx(np.abs(fx), abs=1e-12)
    # the same functions exactly (floats at their binary values; the exact path is checked against SymPy above)
    fq, gq = (PiecewiseLinear(h.knots.tolist(), h.values.tolist(), exact=True) for h in (f, g))
    assert f.integral() == pytest.approx(float(fq.integral()), rel=1e-13, abs=1e-14)
    assert f.distance(g, "L1") == pytest.approx(float(fq.distance(gq, "L1")), rel=1e-12)
    assert f.distance(g, "L2") == pytest.approx(float(fq.distance(gq, "L2")), rel=1e-12)
    assert f.distance(g, "sup") == pytest.approx(np.max(np.abs(fx - gx)), abs=1e-12)
    # each reported root is a zero of f, and f has no sign change between two reported roots
    roots = [a for a, _ in f.roots()]
    assert all(abs(f(r)) < 1e-12 for r in roots)
    assert np.sum(np.diff(np.sign(fx[np.abs(fx) > 1e-9])) != 0) == len(roots)


@pytest.mark.parametrize("fn", [symrelu_pwl.maximum, symrelu_pwl.minimum, symrelu_pwl.distance])
def test_module_functions_name_the_bad_argument(fn):
    from symrelu.errors import InvalidArgumentType, SymreluError

    for bad, exc in [(math.nan, InvalidArgument), ("abc", InvalidArgumentType), ([[1, 2], [3]], InvalidArgumentType),
                     (sympy.Symbol("t"), InvalidArgumentType), (PiecewiseLinear([0.0, 3.0], [0.0, 1.0]), InvalidArgument)]:
        with pytest.raises(exc) as info:
            fn(FTENT, bad)
        assert isinstance(info.value, SymreluError) and info.value.name == "g"
    with pytest.raises(InvalidArgumentType) as info:
        fn("abc", FTENT)
    assert info.value.name == "f"
    assert fn(FTENT, 0.5) == fn(FTENT, PiecewiseLinear([0.0, 2.0], [0.5, 0.5]))   # a number is a constant


def test_distance_norm_is_checked():
    from symrelu.errors import InvalidArgumentType

    with pytest.raises(InvalidArgumentType, match="norm"):
        symrelu_pwl.distance(FTENT, FTENT, np.array(["L1"]))
    with pytest.raises(InvalidArgument, match="norm='L3'"):
        symrelu_pwl.distance(FTENT, FTENT, "L3")
