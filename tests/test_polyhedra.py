"""symrelu.polyhedra: the LP-first path answers exactly as the elimination does."""

from hypothesis import given, settings
from hypothesis import strategies as st

from symrelu.polyhedra import dimension, feasible_point, implicit_equalities, is_feasible

constraints = st.lists(
    st.tuples(st.lists(st.integers(-3, 3), min_size=2, max_size=2), st.integers(-3, 3), st.booleans()),
    min_size=1, max_size=6,
)


def _holds(cons, pt):
    for co, k, strict in cons:
        val = co[0] * pt[0] + co[1] * pt[1] + k
        if not (val > 0 if strict else val >= 0):
            return False
    return True


@given(constraints)
@settings(max_examples=80, deadline=None)
def test_float_first_agrees_with_elimination(cons):
    exact = feasible_point(cons, 2)
    lp = feasible_point(cons, 2, float_first=True)
    assert (exact is None) == (lp is None) == (not is_feasible(cons, 2))
    if lp is not None:
        assert _holds(cons, lp) and _holds(cons, exact)


def test_implicit_equalities_and_dimension():
    square = [((1, 0), 0, False), ((-1, 0), 1, False), ((0, 1), 0, False), ((0, -1), 1, False)]
    assert implicit_equalities(square, 2) == [] and dimension(square, 2) == 2
    segment = square[:2] + [((0, 1), 0, False), ((0, -1), 0, False)]  # 0 <= x <= 1, y = 0
    assert len(implicit_equalities(segment, 2)) == 2 and dimension(segment, 2) == 1
    point = segment + [((1, 0), 0, False), ((-1, 0), 0, False)]
    assert dimension(point, 2) == 0


@given(constraints)
@settings(max_examples=80, deadline=None)
def test_an_lp_certificate_only_for_empty_systems(cons):
    """Multipliers from the float LP are kept only when they prove emptiness exactly."""
    from symrelu.polyhedra import _checked, _exact_multipliers, _is_certificate, _lp_certificate, _lp_point

    checked, _ = _checked(cons, 2)
    _, duals = _lp_point(checked, 2)  # the max-slack LP's dual, when it found no slack
    for y in (_lp_certificate(checked, 2), None if duals is None else _exact_multipliers(checked, 2, duals)):
        if y is not None:
            assert _is_certificate(checked, 2, y) and feasible_point(cons, 2) is None


def test_emptiness_is_proved_without_elimination(monkeypatch):
    """An empty open cone (x > 0, y > 0, x + y < 0) and an empty closed system get a certificate."""
    import symrelu.polyhedra as P

    monkeypatch.setattr(P, "_eliminate_all", lambda *a: (_ for _ in ()).throw(AssertionError("eliminated")))
    cone = [((1, 0, 0), 0, True), ((0, 1, 0), 0, True), ((-1, -1, 0), 0, True)]
    closed = [((1, 1, 1), -1, False), ((-1, -1, -1), 0, False)]  # x + y + z >= 1 and <= 0
    assert feasible_point(cone, 3, float_first=True) is None
    assert feasible_point(closed, 3, float_first=True) is None
    assert P._is_certificate(P._checked(cone, 3)[0], 3, [1, 1, 1])
    assert not P._is_certificate(P._checked(cone, 3)[0], 3, [1, 1, 0])  # the combination is not 0
