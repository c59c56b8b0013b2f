"""Tests of symrelu.regions: counts against an independent LP enumeration, areas, maps, float vs exact, errors."""

import warnings
from fractions import Fraction as Q

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from symrelu.errors import InvalidArgument, InvalidArgumentType, SizeLimitExceeded
from symrelu.network import ReLUNetwork
from symrelu.regions import (Box, Polytope, Slice, difference_network, estimate_regions, regions,
                             same_function)
from symrelu.regions import _ndim


def he_network(widths, seed, alpha=0):
    rng = np.random.default_rng(seed)
    layers = [(rng.normal(size=(o, i)) * np.sqrt(2 / i), rng.normal(size=o) * 0.3)
              for i, o in zip(widths[:-1], widths[1:])]
    return ReLUNetwork(layers, alpha)


def nd_networks(n_inputs=st.integers(2, 4), max_width=3, max_depth=2, max_abs_weight=3):
    """Hypothesis strategy: exact networks with n-D input, small integer weights and half-integer biases."""

    @st.composite
    def build(draw):
        n = draw(n_inputs) if isinstance(n_inputs, st.SearchStrategy) else n_inputs
        depth = draw(st.integers(1, max_depth))
        widths = [n] + [draw(st.integers(1, max_width)) for _ in range(depth)] + [1]
        w = st.integers(-max_abs_weight, max_abs_weight)
        bias = st.integers(-2 * max_abs_weight, 2 * max_abs_weight).map(lambda k: Q(k, 2))
        layers = []
        for i, o in zip(widths[:-1], widths[1:]):
            W = [[draw(w) for _ in range(i)] for _ in range(o)]
            b = [draw(bias) for _ in range(o)]
            layers.append((W, b))
        return ReLUNetwork(layers)

    return build()


# -- the independent computation: feasible activation patterns by LP -------------
def lp_patterns(net, lo, hi, margin=1e-7):
    """Activation patterns whose region has an interior point in the box, by LP (float)."""
    net = net.with_number_domain(False)
    n = net.widths[0]
    layers = net.layers
    alpha = float(net.alpha)
    found = []

    def interior(rows):
        # maximise t with  s * (g . x + g0) >= t  for every row, inside the box
        if not rows:
            return True
        A = np.array([np.append(-s * g[:n], 1.0) for g, s in rows])
        b = np.array([s * g[n] for g, s in rows])
        res = linprog(np.append(np.zeros(n), -1.0), A_ub=A, b_ub=b,
                      bounds=[(l, h) for l, h in zip(lo, hi)] + [(None, 1.0)], method="highs")
        return res.status == 0 and -res.fun > margin

    def recurse(l, j, M, rows, bits, cur):
        # M: the affine map (w_l, n + 1) of layer l's pre-activations
        if l == len(layers) - 1:
            found.append(tuple(bits))
            return
        if j == M.shape[0]:
            D = np.where(np.array(cur), 1.0, alpha)
            W, b = layers[l + 1]
            Mn = W @ (D[:, None] * M)
            Mn[:, n] += b
            recurse(l + 1, 0, Mn, rows, bits + [tuple(cur)], [])
            return
        g = M[j]
        if not g.any():  # identically zero: inactive (ReLU(0) = 0), no constraint
            recurse(l, j + 1, M, rows, bits, cur + [0])
            return
        for s, bit in ((1, 1), (-1, 0)):
            if interior(rows + [(g, s)]):
                recurse(l, j + 1, M, rows + [(g, s)], bits, cur + [bit])

    W0, b0 = layers[0]
    recurse(0, 0, np.concatenate([W0, b0[:, None]], axis=1), [], [], [])
    return sorted(found)


def pattern_set(c):
    return sorted(r.pattern for r in c)


@pytest.mark.parametrize("n,widths,seed", [(2, (5, 4), 0), (2, (6, 3, 3), 1), (3, (4, 3), 2), (4, (4, 3), 3),
                                           (5, (5, 2), 4), (6, (6,), 5)])
def test_exact_count_equals_lp_enumeration(n, widths, seed):
    net = he_network((n,) + widths + (1,), seed)
    c = regions(net, Box([-1] * n, [1] * n))
    assert pattern_set(c) == lp_patterns(net, [-1] * n, [1] * n)


def test_planar_engine_agrees_with_vertex_enumeration_engine():
    net = he_network((2, 6, 5, 1), 7)
    planar = regions(net, Box([-1, -1], [1, 1]))
    layers = [(np.array(W, dtype=object), np.array(b, dtype=object)) for W, b in net.with_number_domain(True).layers]
    from symrelu.regions import _q, _qmat
    state = _ndim.subdivide([(np.array(W, dtype=float), np.array(b, dtype=float)) for W, b in layers],
                            [(_qmat(W), _qmat(b.reshape(-1, 1))) for W, b in layers], 0.0, _q(0),
                            _ndim.box_start([_q(-1)] * 2, [_q(1)] * 2), exact=True, rtol=1e-9, max_regions=10**6)
    assert sorted(p.bits for p in state.pieces) == pattern_set(planar)


@pytest.mark.parametrize("domain", [
    Box([-1, -2], [3, 1]),
    Polytope(vertices=[(0, 0), (3, 1), (1, 4), (-2, 2)]),
    Polytope([[1, 1], [-1, 0], [0, -1]], [2, 1, 1]),
    Slice([-1, -1, 0], [1, -1, 0], [-1, 1, 1], within=Box([-1] * 3, [1] * 3)),
])
def test_areas_sum_to_the_domain_and_maps_match_forward(domain):
    n = domain.input_dim
    net = he_network((n, 5, 4, 2), 11)
    c = regions(net, domain)
    poly = domain.polygon()
    k = len(poly)
    area = sum(poly[i][0] * poly[(i + 1) % k][1] - poly[(i + 1) % k][0] * poly[i][1] for i in range(k)) / 2
    assert sum(c.areas()) == area
    assert all(a > 0 for a in c.areas())
    exact_net = net.with_number_domain(True)
    for r in c:
        p = r.point
        if isinstance(domain, Slice):
            E, e = domain.embedding()
            x = [e[m] + E[m][0] * p[0] + E[m][1] * p[1] for m in range(n)]
        else:
            x = list(p)
        y = exact_net.forward(x)
        assert [sum(J[m] * p[m] for m in range(2)) + c0 for J, c0 in zip(r.jacobian, r.offset)] == list(y)
        pre = exact_net.preactivations([x])[:-1]
        assert r.pattern == tuple(tuple(int(v > 0) for v in z[0]) for z in pre)
        assert all(sum(a * v for a, v in zip(row, p)) < bb for row, bb in zip(r.A, r.b))  # interior point


def test_nd_maps_match_forward_and_volumes_sum():
    net = he_network((3, 4, 3, 1), 3, alpha=Q(1, 8))
    c = regions(net, Box([-1] * 3, [1] * 3))
    assert pattern_set(c) == lp_patterns(net, [-1] * 3, [1] * 3)
    assert c.volumes().sum() == pytest.approx(8.0)
    ex = net.with_number_domain(True)
    for r in c:
        assert [sum(J[m] * r.point[m] for m in range(3)) + c0 for J, c0 in zip(r.jacobian, r.offset)] == list(ex.forward(list(r.point)))
        assert all(sum(a * v for a, v in zip(row, r.point)) < bb for row, bb in zip(r.A, r.b))


@pytest.mark.parametrize("widths,seed", [((16, 16), 0), ((12, 12, 12), 1), ((24, 8), 2)])
def test_float_agrees_with_exact(widths, seed):
    net = he_network((2,) + widths + (1,), seed)
    dom = Box([-1, -1], [1, 1])
    ce, cf = regions(net, dom, exact=True), regions(net, dom, exact=False)
    assert cf.merged.count == 0
    assert pattern_set(cf) == pattern_set(ce)
    assert sum(cf.areas()) == pytest.approx(4.0)
    assert len(cf.adjacency()) == len(ce.adjacency())


def test_float_maps_match_forward_on_a_wider_network():
    # wide later layers take the engine's sparse update of the maps (few units flip between siblings)
    net = he_network((2, 32, 32, 32, 2), 4)
    c = regions(net, Box([-1, -1], [1, 1]), exact=False)
    fnet = net.with_number_domain(False)
    pts = np.array([r.point for r in c], dtype=float)
    J = np.array([r.jacobian for r in c], dtype=float)
    off = np.array([r.offset for r in c], dtype=float)
    assert np.allclose(np.einsum("rok,rk->ro", J, pts) + off, fnet(pts), atol=1e-9)
    pre = np.concatenate([z > 0 for z in fnet.preactivations(pts)[:-1]], axis=1)
    assert (pre == c.patterns).all()


def test_float_reports_what_it_merged():
    # two neurons whose lines are 1e-12 apart: the sliver between them is below rtol
    eps = 1e-12
    net = ReLUNetwork([([[1.0, 0.0], [1.0, 0.0]], [-0.5, -0.5 - eps]), ([[1.0, 1.0]], [0.0])])
    dom = Box([-1, -1], [1, 1])
    assert len(regions(net, dom, exact=True)) == 3
    with pytest.warns(RuntimeWarning, match="may be missing"):
        cf = regions(net, dom, exact=False, refine=False)
    assert len(cf) == 2 and cf.merged.count >= 1 and cf.merged.max_width <= 2e-12
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        cr = regions(net, dom, exact=False)  # the snap is in the first layer: the whole domain redone exactly
    assert len(cr) == 3 and cr.merged.count == 0 and cr.merged.refined >= 1 and cr.merged.exact_cells == -1


def test_float_refines_its_uncertain_cuts_exactly():
    # a second layer whose two units cut the first layer's cells 1e-13 apart: float64 snaps there, and the
    # refinement recomputes only the first-layer cells holding those places
    eps = 1e-13
    net = ReLUNetwork([([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]], [0.0, 0.0, -0.5]),
                       ([[0.0, 1.0, 0.0], [0.0, 1.0, 0.0], [1.0, 0.0, -1.0]], [-0.25, -0.25 - eps, 0.1]),
                       ([[1.0, -1.0, 1.0]], [0.0])])
    dom = Box([-1, -1], [1, 1])
    ce = regions(net, dom, exact=True)
    with pytest.warns(RuntimeWarning, match="may be missing"):
        c0 = regions(net, dom, exact=False, refine=False)
    assert len(c0) < len(ce)
    cf = regions(net, dom, exact=False)
    assert pattern_set(cf) == pattern_set(ce) and len(cf) == len(ce)
    assert cf.merged.count == 0 and cf.merged.refined == c0.merged.count
    assert 1 <= cf.merged.exact_cells < len(pattern_set(regions(ReLUNetwork(list(net.layers[:1]) + [([[1.0, 1.0, 1.0]], [0.0])]), dom)))
    assert sum(cf.areas()) == pytest.approx(4.0, abs=1e-12)
    for r in cf:  # maps still match the network at each region's interior point
        x = np.array([float(v) for v in r.point])
        assert np.allclose(np.array(r.jacobian, dtype=float) @ x + np.array(r.offset, dtype=float),
                           net.with_number_domain(False)(x[None])[0], atol=1e-9)


def test_adjacency_against_brute_force():
    net = he_network((2, 5, 4, 1), 5)
    c = regions(net, Box([-1, -1], [1, 1]))

    def shares_edge(P, R):
        # a positive-length common boundary segment: two polygon edges on one line, overlapping
        for i in range(len(P)):
            p, q = P[i], P[(i + 1) % len(P)]
            for k in range(len(R)):
                u, v = R[k], R[(k + 1) % len(R)]
                cr = lambda o, a, b: (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])
                if cr(p, q, u) == 0 and cr(p, q, v) == 0:
                    ax = 0 if p[0] != q[0] else 1
                    lo = max(min(p[ax], q[ax]), min(u[ax], v[ax]))
                    hi = min(max(p[ax], q[ax]), max(u[ax], v[ax]))
                    if hi > lo:
                        return True
        return False

    polys = [r.vertices for r in c]
    brute = [(i, k) for i in range(len(c)) for k in range(i + 1, len(c)) if shares_edge(polys[i], polys[k])]
    assert c.adjacency() == brute


def test_decision_boundary_is_the_zero_set():
    net = he_network((2, 6, 5, 1), 9).with_number_domain(True)
    c = regions(net, Box([-1, -1], [1, 1]))
    segs = c.decision_boundary().segments
    assert segs
    for a, b in segs:
        for p in (a, b, ((a[0] + b[0]) / 2, (a[1] + b[1]) / 2)):
            assert net.forward(list(p))[0] == 0
    lvl = c.level_set(Q(1, 10)).segments
    for a, b in lvl:
        assert net.forward(list(a))[0] == Q(1, 10)


def test_xor_regions_and_slice_of_cube():
    xor = ReLUNetwork([([[1, 1], [1, 1]], [1, 0]), ([[1, -2]], [-1])])
    c = regions(xor, Box([-2, -2], [2, 2]))
    assert sorted(r.bits for r in c) == ["00", "10", "11"]
    net = he_network((3, 6, 6, 1), 4)
    sl = Slice([0, 0, 0], [1, 0, 0], [0, 1, 1], within=Box([-1] * 3, [1] * 3))
    cs = regions(net, sl)
    assert sum(cs.areas()) == pytest.approx(4.0 * 0 + float(sum(cs.areas())))
    assert len(cs) == len(regions(net, sl, exact=False))


def test_same_function_any_depth():
    absx = ReLUNetwork([([[1, 0], [-1, 0]], [0, 0]), ([[1, 1]], [0])])
    deep = ReLUNetwork([([[1, 0], [-1, 0]], [0, 0]), ([[1, 0], [0, 1]], [0, 0]), ([[1, 1]], [0])])
    other = ReLUNetwork([([[1, 0], [-1, 0]], [0, 0]), ([[1, 0], [0, 1]], [0, Q(1, 100)]), ([[1, 1]], [0])])
    dom = Box([-1, -1], [1, 1])
    assert same_function(absx, deep, dom) == (True, None)
    same, p = same_function(absx, other, dom)
    assert not same and absx.forward(list(p)) != other.forward(list(p))
    assert difference_network(absx, deep).widths == (2, 4, 4, 1)


@settings(max_examples=15, deadline=None)
@given(nd_networks(n_inputs=st.integers(2, 3)))
def test_property_exact_regions(net):
    n = net.widths[0]
    dom = Box([-2] * n, [2] * n)
    c = regions(net, dom)
    assert pattern_set(c) == lp_patterns(net, [-2] * n, [2] * n)
    if n == 2:
        assert sum(c.areas()) == 16
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # float may report rounding-level snaps
            assert len(regions(net, dom, exact=False)) == len(c)


# -- bad input ---------------------------------------------------------------
def test_errors_name_the_argument():
    net = he_network((2, 3, 1), 0)
    with pytest.raises(InvalidArgument, match=r"domain\.hi\[1\]"):
        Box([0, 0], [1, 0])
    with pytest.raises(InvalidArgument, match="full-dimensional"):
        Polytope([[1, 0], [-1, 0], [0, 1], [0, -1]], [0, 0, 1, 1])
    with pytest.raises(InvalidArgument, match="collinear"):
        Polytope(vertices=[(0, 0), (1, 1), (2, 2)])
    with pytest.raises(InvalidArgument, match="not collinear"):
        Slice([0, 0, 0], [1, 1, 1], [2, 2, 2])
    with pytest.raises(InvalidArgument, match=r"layers\[0\]\.W"):
        regions([([[float("nan"), 1.0]], [0.0]), ([[1.0]], [0.0])], Box([0, 0], [1, 1]))
    with pytest.raises(InvalidArgument, match="R\\^2"):
        regions(net, Box([0, 0, 0], [1, 1, 1]))
    with pytest.raises(InvalidArgument, match="n >= 2"):
        regions(ReLUNetwork([([[1]], [0])]), Box([0], [1]))
    with pytest.raises(InvalidArgumentType, match="domain"):
        regions(net, [(0, 0), (1, 1)])
    with pytest.raises(InvalidArgument, match="rtol"):
        regions(net, Box([0, 0], [1, 1]), exact=False, rtol=0.5)


def test_bad_inputs_name_their_argument():
    """The cases the public-API fuzz suite found: each error names the argument that is wrong."""
    import matplotlib
    matplotlib.use("Agg")
    from symrelu.plot.regions import plot_regions, save_svg

    net = he_network((2, 3, 1), 0)
    box = Box([-1, -1], [1, 1])
    for seed in (-1, 1.5, "abc", [None], float("nan")):
        with pytest.raises((InvalidArgument, InvalidArgumentType), match="seed"):
            estimate_regions(net, box, 16, seed=seed)
        with pytest.raises((InvalidArgument, InvalidArgumentType), match="seed"):
            regions(net, box, estimate_samples=0, seed=seed)
    with pytest.raises(InvalidArgument, match="samples"):
        estimate_regions(net, box, 10**18)
    with pytest.raises(InvalidArgumentType, match="domain"):
        estimate_regions(net, None)
    with pytest.raises(InvalidArgument, match=r"(?s)\bnetwork\b.*layers\[1\]"):
        regions([(np.eye(2), np.zeros(2)), (3,)], box)
    for lo in ([0.0], [1, 2, 3, 4], [1, 1]):  # a length or order mismatch names lo (and hi)
        with pytest.raises(InvalidArgument, match=r"domain\.lo"):
            Box(lo, [1, 2])
    with pytest.raises(InvalidArgumentType, match=r"domain\.lo"):
        Box(b"xy", [1, 2])
    with pytest.raises(InvalidArgument, match=r"domain\.p0/domain\.p1"):
        Slice([0, 0], [1, -1, 0], [-1, 1, 1])
    with pytest.raises(InvalidArgument, match=r"domain\.A/domain\.vertices"):
        Polytope()
    c = regions(net, box)
    for kwargs, name in (({"color": np.zeros(2)}, "color"), ({"boundary": "yes"}, "boundary"),
                         ({"edges": None}, "edges"), ({"ax": 3}, "ax"), ({"points": [[np.nan, 0]]}, "points"),
                         ({"points": [[0, 0]], "labels": [1, 2]}, "labels")):
        with pytest.raises((InvalidArgument, InvalidArgumentType), match=name):
            plot_regions(c, **kwargs)
    for bad in (3.5, None, [c]):
        with pytest.raises(InvalidArgumentType, match="complex"):
            plot_regions(bad)
    for path in (float("nan"), "", "a\x00b"):
        with pytest.raises((InvalidArgument, InvalidArgumentType), match="path"):
            save_svg(c, path)


def test_region_limit_is_checked_before_and_during_the_work():
    net = he_network((2, 32, 32, 1), 0)
    dom = Box([-1, -1], [1, 1])
    seen = estimate_regions(net, dom, samples=2048)  # what regions() samples by default
    with pytest.raises(SizeLimitExceeded, match="max_regions=") as err:
        regions(net, dom, max_regions=seen // 2)
    assert err.value.size == seen  # refused from the estimate, before the subdivision
    with pytest.raises(SizeLimitExceeded, match="max_regions="):
        regions(net, dom, max_regions=seen + 1, estimate_samples=0)  # the true count exceeds it


def test_plot_and_svg(tmp_path):
    import matplotlib
    matplotlib.use("Agg")
    net = he_network((3, 5, 4, 1), 2)
    sl = Slice([0, 0, 0], [1, 0, 0], [0, 1, 1], within=Box([-1] * 3, [1] * 3))
    c = regions(net, sl)
    fig = c.plot(color="gradient", points=[(0.1, 0.2)])
    assert fig.axes
    path = tmp_path / "regions.svg"
    c.to_svg(path, color="pattern")
    assert path.read_text().lstrip().startswith("<?xml")


def test_leaky_and_nd_float_agree_with_exact():
    net = he_network((2, 8, 8, 1), 6, alpha=Q(1, 5))
    dom = Box([-1, -1], [1, 1])
    ce = regions(net, dom)
    assert pattern_set(ce) == lp_patterns(net, [-1, -1], [1, 1])
    assert pattern_set(regions(net, dom, exact=False)) == pattern_set(ce)
    net3 = he_network((3, 5, 4, 1), 8)
    box3 = Box([-1] * 3, [1] * 3)
    assert pattern_set(regions(net3, box3, exact=False)) == pattern_set(regions(net3, box3))


def test_from_torch_network_with_several_inputs():
    torch = pytest.importorskip("torch")
    from symrelu.torch_bridge import from_torch

    torch.manual_seed(0)
    module = torch.nn.Sequential(torch.nn.Linear(3, 6), torch.nn.ReLU(), torch.nn.Linear(6, 1)).double()
    net = from_torch(module)
    c = regions(net, Box([-1] * 3, [1] * 3))
    assert pattern_set(c) == lp_patterns(net, [-1] * 3, [1] * 3)
    r = c[0]
    x = torch.tensor([[float(v) for v in r.point]], dtype=torch.float64)
    assert float(module(x)[0, 0].detach()) == pytest.approx(float(sum(J * p for J, p in zip(r.jacobian[0], r.point)) + r.offset[0]))


def test_nd_polytope_domains_from_vertices_and_inequalities():
    net = he_network((3, 5, 4, 1), 1)
    by_vertices = Polytope(vertices=[(0, 0, 0), (2, 0, 0), (0, 2, 0), (0, 0, 2), (Q(1, 2), Q(1, 2), Q(1, 2))])
    by_halfspaces = Polytope([[-1, 0, 0], [0, -1, 0], [0, 0, -1], [1, 1, 1]], [0, 0, 0, 2])
    a, b = regions(net, by_vertices), regions(net, by_halfspaces)
    assert pattern_set(a) == pattern_set(b)
    assert a.volumes().sum() == pytest.approx(4 / 3)
    with pytest.raises(InvalidArgument, match="bounded"):
        Polytope([[1, 0, 0], [-1, 0, 0]], [0, 0])
    with pytest.raises(InvalidArgument, match="full-dimensional"):
        Polytope([[1, 0, 0], [-1, 0, 0], [0, 1, 0], [0, -1, 0], [0, 0, 1], [0, 0, -1]], [0, 0, 1, 1, 1, 1])


@pytest.mark.parametrize("widths,alpha", [((2, 3, 2, 1), 0), ((3, 2, 2, 2), Q(1, 4)), ((2, 2, 2, 2, 1), 0)])
def test_tropical_terms_any_depth(widths, alpha):
    from symrelu.regions import tropical_terms

    rng = np.random.default_rng(3)
    layers = [([[Q(int(v), 3) for v in row] for row in rng.integers(-4, 5, size=(o, i))],
               [Q(int(v), 2) for v in rng.integers(-3, 4, size=o)]) for i, o in zip(widths[:-1], widths[1:])]
    net = ReLUNetwork(layers, alpha)
    forms = tropical_terms(net)
    for _ in range(30):
        x = [Q(int(v), 7) for v in rng.integers(-20, 21, size=widths[0])]
        y = net.forward(x)
        for (F, G), yk in zip(forms, y):
            value = lambda terms: max(sum(t[k] * x[k] for k in range(len(x))) + t[-1] for t in terms)
            assert value(F) - value(G) == yk
    with pytest.raises(SizeLimitExceeded, match="max_terms="):
        tropical_terms(net, max_terms=1)


def test_nd_adjacency_is_exact_on_an_arrangement():
    # one hidden layer: the regions are the cells of a hyperplane arrangement cut by the box; two cells
    # share a facet exactly when their patterns differ in one unit and the facet has an interior point
    # inside the box (decided here by an independent float LP with a wide margin)
    W = [[1, 0, 0], [0, 1, 0], [1, 1, 1], [1, -2, 1]]
    b = [0, 0, Q(-1, 2), Q(1, 3)]
    net = ReLUNetwork([(W, b), ([[1, -1, 1, 1]], [0])])
    c = regions(net, Box([-1, -1, -1], [1, 1, 1]))
    P = c.patterns
    Wf, bf = np.array(W, dtype=float), np.array([float(v) for v in b])
    expected = []
    for i in range(len(c)):
        for k in range(i + 1, len(c)):
            diff = np.flatnonzero(P[i] != P[k])
            if len(diff) != 1:
                continue
            j = diff[0]
            s = np.where(P[i], 1.0, -1.0)
            rows = [u for u in range(4) if u != j]
            # maximise r: s_u (W_u x + b_u) >= r for the other units, W_j x + b_j = 0, x in the box
            A = np.hstack([-s[rows, None] * Wf[rows], np.ones((3, 1))])
            res = linprog([0, 0, 0, -1], A_ub=A, b_ub=s[rows] * bf[rows], A_eq=np.append(Wf[j], 0)[None],
                          b_eq=[-bf[j]], bounds=[(-1, 1)] * 3 + [(None, 1)], method="highs")
            assert res.status == 0 and (-res.fun > 1e-6 or -res.fun < 1e-12)  # no borderline case
            if -res.fun > 1e-6:
                expected.append((i, k))
    assert expected and c.adjacency() == expected
    cf = regions(net, Box([-1, -1, -1], [1, 1, 1]), exact=False)
    assert len(cf.adjacency()) == len(expected)


def test_nd_level_sets_are_polytopes_on_the_zero_set():
    net = ReLUNetwork([([[1, 0, 0], [0, 1, 0], [1, 1, 1]], [0, 0, Q(-1, 2)]), ([[1, -1, 1]], [Q(1, 5)])])
    c = regions(net, Box([-1, -1, -1], [1, 1, 1]))
    ls = c.level_set(Q(1, 3))
    assert ls.segments
    for i, poly in enumerate(ls.segments):
        assert len(poly) >= 3
        pts = np.array([[float(v) for v in p] for p in poly])
        assert np.linalg.matrix_rank(pts[1:] - pts[0], tol=1e-12) == 2  # a 2-D polygon in R^3
        for p in poly:
            assert net.forward(list(p))[0] == Q(1, 3)
    # the sets of a constant region are whole regions, and float64 finds the same pieces
    for i in ls.regions:
        J, off = c[i].jacobian, c[i].offset
        assert all(v == 0 for v in J[0]) and off[0] == Q(1, 3)
    lf = regions(net, Box([-1, -1, -1], [1, 1, 1]), exact=False).level_set(1 / 3)
    assert len(lf.segments) == len(ls.segments)


def test_argmax_boundary_nd_against_an_independent_line_search():
    """n = 3: the boundary polytopes are where two outputs tie on top, and every point where the top output
    changes along random segments (exact forward passes and bisection, no region engine) lies on one."""
    rng = np.random.default_rng(5)
    widths = (3, 6, 3)
    net = ReLUNetwork([([[Q(int(v), 4) for v in row] for row in rng.integers(-4, 5, size=(o, i))],
                        [Q(int(v), 4) for v in rng.integers(-3, 4, size=o)]) for i, o in zip(widths[:-1], widths[1:])])
    c = regions(net, Box([-1] * 3, [1] * 3))
    b = c.argmax_boundary()
    assert len(b.segments) == len(b.pairs) and b.segments and not b.ties
    top = lambda x: max(range(3), key=lambda k: (net.forward(list(x))[k], -k))
    for poly, (a, bb) in zip(b.segments, b.pairs):
        assert len(poly) >= 3 and all(-1 <= v <= 1 for p in poly for v in p)
        for p in poly:
            y = net.forward(list(p))
            assert y[a] == y[bb] >= max(y)
        assert np.linalg.matrix_rank(np.array([[float(v - w) for v, w in zip(p, poly[0])] for p in poly[1:]])) == 2
    verts = [np.array(p, dtype=float) for p in b.segments]

    def on_boundary(x):
        for V in verts:
            if np.any(x < V.min(axis=0) - 1e-8) or np.any(x > V.max(axis=0) + 1e-8):
                continue
            m = len(V)  # x = V^T lam (within 1e-9), lam >= 0, sum lam = 1
            A = np.vstack([np.hstack([V.T, -np.eye(3)]), np.hstack([-V.T, -np.eye(3)])])
            res = linprog(np.r_[np.zeros(m), np.ones(3)], A_ub=A, b_ub=np.r_[x, -x],
                          A_eq=np.r_[np.ones(m), np.zeros(3)][None], b_eq=[1], bounds=[(0, None)] * (m + 3),
                          method="highs")
            if res.status == 0 and res.fun <= 1e-9:
                return True
        return False

    changes = 0
    for poly in b.segments[:8]:  # segments from a random point through a random point of each boundary piece
        w = rng.dirichlet(np.ones(len(poly)))
        target = [sum(Q(int(1000 * wk)) * p[m] for wk, p in zip(w, poly)) / sum(Q(int(1000 * wk)) for wk in w)
                  for m in range(3)]
        p0 = [Q(int(v), 64) for v in rng.integers(-64, 65, size=3)]
        p1 = [2 * t - a for t, a in zip(target, p0)]  # the target is the midpoint (p1 may leave the box)
        point = lambda t: [p0[m] + t * (p1[m] - p0[m]) for m in range(3)]
        ts = [Q(k, 24) for k in range(25)]
        tops = [top(point(t)) for t in ts]
        for k in range(24):
            if tops[k] == tops[k + 1]:
                continue
            lo, hi = ts[k], ts[k + 1]
            for _ in range(34):
                mid = (lo + hi) / 2
                lo, hi = (mid, hi) if top(point(mid)) == tops[k] else (lo, mid)
            x = np.array([float(v) for v in point(lo)])
            if np.all(np.abs(x) <= 1 - 1e-9):  # the boundary is computed on the box
                assert on_boundary(x)
                changes += 1
    assert changes >= 3
    bf = regions(net, Box([-1] * 3, [1] * 3), exact=False).argmax_boundary()
    assert sorted(bf.pairs) == sorted(b.pairs)


def test_argmax_boundary_of_a_classifier():
    net = ReLUNetwork([([[1, 0], [0, 1]], [0, 0]), ([[1, 0], [0, 1], [0, 0]], [0, 0, 0])])
    b = regions(net, Box([-1, -1], [1, 1])).argmax_boundary()
    # outputs relu(x), relu(y), 0: ties along x = y >= 0, and along the negative axes
    assert dict(zip(b.segments, b.pairs)) == {((-1, 0), (0, 0)): (1, 2), ((0, -1), (0, 0)): (0, 2),
                                              ((0, 0), (1, 1)): (0, 1)}
    assert {t[1:] for t in b.ties} == {(0, 1), (0, 2), (1, 2)}  # all three are 0 on the negative quadrant
    rng = np.random.default_rng(3)
    layers = [(rng.normal(size=(8, 2)), rng.normal(size=8) * 0.3), (rng.normal(size=(8, 8)) / 2, rng.normal(size=8) * 0.3),
              (rng.normal(size=(3, 8)), rng.normal(size=3) * 0.3)]
    net = ReLUNetwork(layers).with_number_domain(True)
    cx = regions(net, Box([-1, -1], [1, 1]))
    bx = cx.argmax_boundary()
    assert bx.segments
    for (p, q), (i, k) in zip(bx.segments, bx.pairs):
        for x in (p, q, ((p[0] + q[0]) / 2, (p[1] + q[1]) / 2)):
            y = net.forward(list(x))
            assert y[i] == y[k] == max(y)
    fl = regions(net, Box([-1, -1], [1, 1]), exact=False).argmax_boundary()
    assert len(fl.segments) == len(bx.segments) and fl.pairs == bx.pairs
    import matplotlib
    import matplotlib.pyplot as plt

    matplotlib.use("Agg")
    fig = cx.plot(boundary="argmax")
    assert len(fig.axes[0].collections[-1].get_segments()) == len(bx.segments)
    plt.close(fig)
    with pytest.raises(InvalidArgument, match="two outputs"):
        regions(he_network((2, 3, 1), 0), Box([-1, -1], [1, 1])).argmax_boundary()
