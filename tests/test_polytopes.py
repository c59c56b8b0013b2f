"""Tests of symrelu.polytopes: exact hyperoctahedra and expanded simplices, radii, ball volumes."""

import dataclasses
import math
from itertools import combinations

import pytest
import sympy
from hypothesis import given
from hypothesis import strategies as st

from symrelu.errors import CertificationError, InvalidArgument, InvalidArgumentType, SizeLimitExceeded
from symrelu.polytopes import (
    Polytope,
    ball_volume,
    expanded_simplex,
    expanded_simplex_facet_distance,
    hyperoctahedron,
    qhull_facet_distances,
)


# ---------------------------------------------------------------- structure


@pytest.mark.parametrize("n", range(1, 9))
def test_counts_and_certificate(n):
    P, Q = expanded_simplex(n), hyperoctahedron(n)
    assert (len(P.vertices), len(P.facets), P.dimension, P.ambient_dimension) == (n * (n + 1), 2 ** (n + 1) - 2, n, n + 1)
    assert (len(Q.vertices), len(Q.facets), Q.dimension) == (2 * n, 2**n, n)
    P.certify()
    Q.certify()


def test_small_cases_are_the_named_shapes():
    # eS_2: regular hexagon (6 vertices, 6 edges of length = circumradius); eS_3: cuboctahedron (8 triangles, 6 squares)
    hexagon = expanded_simplex(2)
    assert sorted(hexagon.facet_vertex_counts()) == [2] * 6
    assert hexagon.circumradius_squared() == 2
    cubo = expanded_simplex(3)
    counts = cubo.facet_vertex_counts()
    assert (counts.count(3), counts.count(4)) == (8, 6)
    octa = hyperoctahedron(3)
    assert octa.facet_vertex_counts() == [3] * 8


def _brute_force_facets(P):
    """All facet hyperplanes of conv(V), exactly, by trying every dim-subset of vertices (tiny cases only)."""
    V = [sympy.Matrix(v) for v in P.vertices]
    dim, amb = P.dimension, P.ambient_dimension
    diffs = sympy.Matrix.hstack(*[v - V[0] for v in V[1:]]).T
    normal_space = diffs.nullspace()
    found = set()
    for subset in combinations(range(len(V)), dim):
        rows = [V[i] - V[subset[0]] for i in subset[1:]] + list(normal_space)
        null = sympy.Matrix.hstack(*rows).T.nullspace() if rows else [sympy.eye(amb)[:, 0]]
        if len(null) != 1:
            continue
        a = null[0]
        b = (a.T * V[subset[0]])[0]
        values = [(a.T * v)[0] for v in V]
        if all(x <= b for x in values) or all(x >= b for x in values):
            if not all(x <= b for x in values):
                a, b = -a, -b
            scale = sympy.ilcm(*[sympy.Rational(x).q for x in list(a) + [b]], 1)
            a, b = [x * scale for x in a], b * scale
            g = sympy.igcd(*[int(x) for x in a + [b]])
            found.add((tuple(int(x // g) for x in a), int(b // g)))
    return found


@pytest.mark.parametrize("P", [expanded_simplex(2), expanded_simplex(3), hyperoctahedron(2), hyperoctahedron(3),
                               hyperoctahedron(4)], ids=lambda P: P.name)
def test_facet_lists_are_complete_exactly(P):
    def normalize(a, b):
        g = math.gcd(*a, b)
        return tuple(x // g for x in a), b // g

    assert _brute_force_facets(P) == {normalize(a, b) for a, b in P.facets}


@pytest.mark.parametrize("n", range(2, 7))
def test_facets_agree_with_qhull(n):
    for P in (expanded_simplex(n), hyperoctahedron(n)):
        exact = sorted(float(d) ** 0.5 for d in P.facet_distances_squared())
        assert qhull_facet_distances(P) == pytest.approx(exact, abs=1e-8)


def test_certify_rejects_wrong_facets():
    P = expanded_simplex(3)
    loose = dataclasses.replace(P, facets=P.facets[:-1] + ((P.facets[-1][0], P.facets[-1][1] + 1),))
    with pytest.raises(CertificationError, match="touches only"):
        loose.certify()
    violated = dataclasses.replace(P, facets=P.facets[:-1] + ((P.facets[-1][0], P.facets[-1][1] - 1),))
    with pytest.raises(CertificationError, match="violates"):
        violated.certify()
    out_of_hull = dataclasses.replace(P, facets=P.facets[:-1] + (((9, 0, 0, 0), 9),))
    with pytest.raises(CertificationError, match="leaves the affine hull"):
        out_of_hull.certify()
    # three collinear points on a supporting plane: enough vertices, but only an edge
    points = ((0, 0, 0), (1, 0, 0), (2, 0, 0), (0, 1, 0), (0, 0, 1))
    edge = Polytope("an edge posing as a facet", points, (((0, -1, -1), 0),))
    with pytest.raises(CertificationError, match="dimension"):
        edge.certify()


# ---------------------------------------------------------------- radii


@pytest.mark.parametrize("n", range(2, 9))
def test_radii(n):
    Q = hyperoctahedron(n)
    assert Q.circumradius() == 1 and Q.inradius() == 1 / sympy.sqrt(n)
    P = expanded_simplex(n)
    assert P.circumradius() == sympy.sqrt(2)
    kk = (n + 1) // 2
    assert sympy.simplify(P.inradius() / P.circumradius() - expanded_simplex_facet_distance(n, kk)) == 0


@pytest.mark.parametrize("n", range(2, 8))
def test_each_facet_matches_its_subset_size(n):
    P = expanded_simplex(n)
    R2 = P.circumradius_squared()
    for (a, _), d2 in zip(P.facets, P.facet_distances_squared()):
        k = sum(1 for x in a if x > 0)
        assert sympy.Rational(d2 / R2) == expanded_simplex_facet_distance(n, k) ** 2


def test_known_ratios():
    assert hyperoctahedron(2).radius_ratio() == sympy.sqrt(2)
    assert expanded_simplex(2).radius_ratio() == 2 * sympy.sqrt(3) / 3
    assert hyperoctahedron(3).radius_ratio() == sympy.sqrt(3)
    assert expanded_simplex(3).radius_ratio() == sympy.sqrt(2)
    assert expanded_simplex(7).radius_ratio() == 2


@given(st.integers(2, 6), st.integers(2, 5), st.booleans())
def test_ratio_is_invariant_under_scaling_and_translation(n, c, cross):
    P = hyperoctahedron(n) if cross else expanded_simplex(n)
    shift = tuple(range(P.ambient_dimension))
    moved = Polytope(
        "moved",
        tuple(tuple(c * x + s for x, s in zip(v, shift)) for v in P.vertices),
        tuple((a, c * b + sum(x * s for x, s in zip(a, shift))) for a, b in P.facets),
    )
    moved.certify()
    assert moved.radius_ratio() == P.radius_ratio()
    assert moved.circumradius() == c * P.circumradius()


# ---------------------------------------------------------------- volumes


@pytest.mark.parametrize("n", range(0, 25))
def test_ball_volume_matches_the_gamma_formula(n):
    assert float(ball_volume(n)) == pytest.approx(math.pi ** (n / 2) / math.gamma(n / 2 + 1), rel=1e-13)


def test_ball_volume_symbolic_radius():
    r = sympy.Symbol("r", positive=True)
    assert ball_volume(2, r) == sympy.pi * r**2
    assert ball_volume(3, r) == 4 * sympy.pi * r**3 / 3
    assert ball_volume(0, r) == 1 and ball_volume(1, r) == 2 * r


# ---------------------------------------------------------------- bad input


@pytest.mark.parametrize("builder", [hyperoctahedron, expanded_simplex])
def test_bad_input(builder):
    with pytest.raises(InvalidArgument):
        builder(0)
    with pytest.raises(InvalidArgumentType):
        builder(2.0)
    with pytest.raises(InvalidArgumentType):
        builder(True)
    with pytest.raises(SizeLimitExceeded, match="Pass max_facets="):
        builder(20)
    assert len(builder(3, max_facets=100).facets) <= 100


def test_bad_polytopes_and_volume():
    with pytest.raises(InvalidArgument):
        Polytope("empty", (), ())
    with pytest.raises(InvalidArgument):
        Polytope("ragged", ((0, 0), (1,)), ())
    with pytest.raises(InvalidArgument):
        Polytope("bad normal", ((0, 0), (1, 0)), (((1,), 1),))
    with pytest.raises(InvalidArgument):
        ball_volume(-1)
    with pytest.raises(dataclasses.FrozenInstanceError):
        hyperoctahedron(2).name = "x"
