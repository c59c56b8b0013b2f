"""Linear regions of ReLU networks with n-D input: an exact polyhedral complex, or float64.

`regions` subdivides a convex domain layer by layer: every hidden neuron's
pre-activation is affine on each cell of the previous layers, so its zero set
is a hyperplane there and it splits the cell in two (or leaves it whole).
The result is a `RegionComplex`: per region the activation pattern, the
H-representation, the vertices and the output's affine map, plus adjacency,
decision boundaries and level sets.

- 2-D domains (a box, a polygon, or the plane through three points of an n-D
  input, `Slice`) use a vectorized polygon splitter: exact mode decides each
  sign from a float value with a certified error bound and falls back to
  exact rationals (python-flint ``fmpq``) when the bound does not decide it;
  crossing points are always exact.
- n-D domains (n >= 3) use exact vertex enumeration (edges found by the rank
  of the tight constraints), meant for small n.  Adjacency, level sets and
  the argmax boundary of several outputs ((n-1)-dimensional polytopes, one
  per region and pair of outputs) are exact there too.
- 2-D float64 keeps each piece's maps piece-major and evaluates a unit at
  corners only where its line may cross the piece's bounding box; the next
  layer's maps are one GEMM over the ancestors plus a rank-1 term per unit
  whose bit differs from the ancestor's first child.

Float64 mode reads a hyperplane value ``a . (x, 1)`` at a vertex ``x`` as zero
when ``|a . (x, 1)| <= rtol * (|a| . (|x|, 1))`` (a relative forward-error
criterion; ``rtol`` = 1e-9 by default).  So it never splits off a piece
thinner than that, and it counts in ``merged`` every place where it declined
to split because of it (a region of width at most ``merged.max_width``, or
several, may be missing there), with a ``RuntimeWarning`` when that count is
not zero.  On a 2-D domain float64 then resolves those places exactly by
default (``refine=True``): the first-layer cells that hold them are
recomputed in rational arithmetic and replace the float pieces there, so no
region is missing, and ``merged.refined`` / ``merged.exact_cells`` say what was
recomputed (``count`` is then 0).  Exact mode is the reference: the benchmark
compares the two.

>>> from symrelu.network import ReLUNetwork
>>> xor = ReLUNetwork([([[1, 1], [1, 1]], [1, 0]), ([[1, -2]], [-1])])  # 004 eq. 5.11
>>> c = regions(xor, Box([-2, -2], [2, 2]))
>>> len(c), sorted(r.bits for r in c)
(3, ['00', '10', '11'])
>>> c[0].jacobian, c[0].offset
([[Fraction(0, 1), Fraction(0, 1)]], [Fraction(-1, 1)])
"""

from __future__ import annotations

import numbers
import warnings
from fractions import Fraction

import numpy as np
from flint import fmpq, fmpq_mat

from ..errors import InvalidArgument, InvalidArgumentType, SizeLimitExceeded
from .._random import as_generator
from ..network import ReLUNetwork
from . import _ndim, _planar, _refine
from .complex import ArgmaxBoundary, LevelSet, MergeReport, Region, RegionComplex
from .domains import Box, Polytope, Slice
from .tropical import difference_network, same_function, tropical_terms

__all__ = [
    "regions",
    "Box",
    "Polytope",
    "Slice",
    "RegionComplex",
    "Region",
    "MergeReport",
    "LevelSet",
    "ArgmaxBoundary",
    "DEFAULT_MAX_REGIONS",
    "DEFAULT_RTOL",
    "estimate_regions",
    "same_function",
    "difference_network",
    "tropical_terms",
]

#: Default cap on the number of regions; raise it with ``max_regions=``.
DEFAULT_MAX_REGIONS = 10**6

#: Default relative tolerance of float64 mode.
DEFAULT_RTOL = 1e-9


def _q(v) -> fmpq:
    v = Fraction(v)
    return fmpq(v.numerator, v.denominator)


def _qmat(M):
    M = np.asarray(M, dtype=object)
    return fmpq_mat(M.shape[0], M.shape[1], [_q(v) for v in M.flat])


def _check_network(network):
    if isinstance(network, ReLUNetwork):
        return network
    if isinstance(network, (list, tuple)):
        try:
            return ReLUNetwork(network)
        except (InvalidArgument, InvalidArgumentType) as err:  # it names layers[i].W / .b: say which argument
            cls = InvalidArgumentType if isinstance(err, TypeError) else InvalidArgument
            raise cls("network", network, f"a ReLUNetwork or a sequence of (W, b) layers ({err})") from err
    raise InvalidArgumentType("network", network, "a symrelu.network.ReLUNetwork or a sequence of (W, b) layers")


def _check_domain(domain):
    if not isinstance(domain, (Box, Polytope, Slice)):
        raise InvalidArgumentType("domain", domain, "a symrelu.regions Box, Polytope or Slice")
    return domain


#: Most random points `estimate_regions` and `regions` draw for the estimate (memory: 8 n bytes each).
MAX_SAMPLES = 10**6


def _layers_on_domain(net, domain):
    """The exact layers with the first one composed with the slice embedding (if any)."""
    exact_net = net.with_number_domain(True)
    layers = [(np.array(W, dtype=object), np.array(b, dtype=object)) for W, b in exact_net.layers]
    emb = domain.embedding()
    if emb is not None:
        E, e = emb
        E = np.array(E, dtype=object)
        e = np.array(e, dtype=object)
        W0, b0 = layers[0]
        layers[0] = (W0.dot(E), W0.dot(e) + b0)
    return layers, exact_net.alpha


def _sample_patterns(net, domain, samples, seed):
    rng = as_generator(seed, "seed")
    pts = domain.sample(samples, rng)
    if isinstance(domain, Slice):
        pts = domain.to_input(pts)
    if len(pts) == 0:
        return 0
    pre = net.with_number_domain(False).preactivations(pts)[:-1]
    if not pre:
        return 1
    bits = np.concatenate([z > 0 for z in pre], axis=1)
    return _distinct_rows(bits)


def _distinct_rows(bits):
    """The number of distinct rows of a boolean matrix (packed into 64-bit words and sorted: a row-wise
    ``np.unique(axis=0)`` sorts opaque bytes, ten times slower)."""
    packed = np.packbits(bits, axis=1)
    pad = (-packed.shape[1]) % 8
    words = np.ascontiguousarray(np.pad(packed, ((0, 0), (0, pad)))).view(np.uint64)
    order = np.lexsort(words.T[::-1])
    w = words[order]
    return 1 + int(np.count_nonzero((w[1:] != w[:-1]).any(axis=1))) if len(w) else 0


def estimate_regions(network, domain, samples: int = 4096, seed=0) -> int:
    """A lower bound on the number of regions: distinct activation patterns at random points of the domain.

    `regions` calls it before the work and refuses when it already exceeds ``max_regions``.

    >>> from symrelu.network import ReLUNetwork
    >>> estimate_regions(ReLUNetwork([([[1, 0], [0, 1]], [0, 0]), ([[1, 1]], [0])]), Box([-1, -1], [1, 1]))
    4
    """
    net = _check_network(network)
    _check_domain(domain)
    if isinstance(samples, bool) or not isinstance(samples, numbers.Integral):
        raise InvalidArgumentType("samples", samples, "an int")
    if not 1 <= samples <= MAX_SAMPLES:
        raise InvalidArgument("samples", samples, f"an int in [1, {MAX_SAMPLES}]")
    if domain.input_dim != net.widths[0]:
        raise InvalidArgument("domain", domain, f"a domain in R^{net.widths[0]} (the network's input width)")
    return _sample_patterns(net, domain, int(samples), seed)


def regions(network, domain, exact: bool = True, *, rtol: float = DEFAULT_RTOL,
            max_regions: int = DEFAULT_MAX_REGIONS, estimate_samples: int = 2048, seed=0,
            refine: bool = True) -> RegionComplex:
    """The linear regions of ``network`` on ``domain`` as a `RegionComplex`.

    Parameters
    ----------
    network : ReLUNetwork
        Input width n >= 2 (a `Slice` gives the n of its points), ReLU or leaky ReLU.
    domain : ~symrelu.regions.domains.Box, ~symrelu.regions.domains.Polytope or ~symrelu.regions.domains.Slice
        A full-dimensional convex domain (checked when it is built).
    exact : bool, default True
        Exact rationals (the reference; float weights are taken at their binary
        value) or float64 with tolerance ``rtol`` and a `MergeReport`.
    rtol : float
        Float64 only: a vertex value below ``rtol * (|a| . (|x|, 1))`` counts as zero.
    max_regions : int
        Refuse (`SizeLimitExceeded`) when the regions would exceed it: before the
        work when random points of the domain already show more patterns, and as
        soon as the subdivision passes it.
    estimate_samples : int
        Points used for that estimate.
    seed : int, optional
        Seed of those points.
    refine : bool, default True
        Float64 on a 2-D domain: where float64 read a vertex within ``rtol`` of a
        line as on it (a region thinner than that may be missing there),
        recompute the first-layer cells holding those places in exact
        arithmetic, so that no region is missing; ``merged.refined`` and
        ``merged.exact_cells`` say what was recomputed.  ``False`` keeps the
        float64 answer and warns (``merged.count``).

    >>> from symrelu.network import ReLUNetwork
    >>> net = ReLUNetwork([([[1, 0], [0, 1], [1, 1]], [0, 0, -1]), ([[1, -1, 1]], [0])])
    >>> c = regions(net, Box([-1, -1], [1, 1]))
    >>> len(c), sum(c.areas())
    (5, Fraction(4, 1))
    """
    net = _check_network(network)
    _check_domain(domain)
    if not isinstance(exact, (bool, np.bool_)):
        raise InvalidArgumentType("exact", exact, "True or False")
    n_in = net.widths[0]
    if domain.input_dim != n_in:
        raise InvalidArgument("domain", domain, f"a domain in R^{n_in} (the network's input width)")
    if n_in < 2:
        raise InvalidArgument("network", net, "a network with input width n >= 2",
                              "Use ReLUNetwork.to_pwl for one input.")
    if isinstance(rtol, bool) or not isinstance(rtol, numbers.Real) or not (0 < rtol < 1e-2):
        raise InvalidArgument("rtol", rtol, "a float in (0, 0.01)")
    if isinstance(max_regions, bool) or not isinstance(max_regions, numbers.Integral) or max_regions < 1:
        raise InvalidArgument("max_regions", max_regions, "a positive int")
    if not isinstance(refine, (bool, np.bool_)):
        raise InvalidArgumentType("refine", refine, "True or False")
    if isinstance(estimate_samples, bool) or not isinstance(estimate_samples, numbers.Integral):
        raise InvalidArgumentType("estimate_samples", estimate_samples, "an int")
    if not 0 <= estimate_samples <= MAX_SAMPLES:
        raise InvalidArgument("estimate_samples", estimate_samples, f"an int in [0, {MAX_SAMPLES}]")
    as_generator(seed, "seed")  # checked even when no estimate is drawn
    if estimate_samples:
        seen = _sample_patterns(net, domain, int(estimate_samples), seed)
        if seen > max_regions:
            raise SizeLimitExceeded("network", net, size=seen, limit=max_regions, unit="regions (seen at random points)",
                                    option="max_regions")
    exact = bool(exact)
    if exact or domain.embedding() is not None or net.exact:
        layers_x, alpha_x = _layers_on_domain(net, domain)
    else:
        layers_x, alpha_x = None, net.alpha
    if exact:
        layers_f = [(np.array(W, dtype=float), np.array(b, dtype=float)) for W, b in layers_x]
        layers_q = [(_qmat(W), _qmat(np.asarray(b).reshape(-1, 1))) for W, b in layers_x]
        alpha_q = _q(alpha_x)
    else:
        layers_q, alpha_q = None, None
        if layers_x is None:
            layers_f = [(np.asarray(W, dtype=float), np.asarray(b, dtype=float)) for W, b in net.layers]
        else:
            layers_f = [(np.array(W, dtype=float), np.array(b, dtype=float)) for W, b in layers_x]
    alpha_f = float(alpha_x)
    d = domain.dim
    refined = (0, 0)
    if d == 2:
        poly = domain.polygon()
        poly_f, poly_q = [(float(x), float(y)) for x, y in poly], [(_q(x), _q(y)) for x, y in poly]
        state = _planar.subdivide(layers_f, layers_q, alpha_f, alpha_q, poly_f, poly_q,
                                  exact=exact, rtol=float(rtol), max_regions=int(max_regions))
        if not exact and refine and state.merged:
            if layers_x is None:
                layers_x, _ = _layers_on_domain(net, domain)
            layers_q = [(_qmat(W), _qmat(np.asarray(b).reshape(-1, 1))) for W, b in layers_x]
            state, places, cells = _refine.refine(state, layers_f, layers_q, alpha_f, _q(alpha_x), poly_f, poly_q,
                                                  rtol=float(rtol), max_regions=int(max_regions))
            refined = (places, cells)
        data = {"starts": state.starts, "V": state.V, "X": state.X, "labels": state.labels}
        maps = state.Gout
        maps_exact = state.Gout_exact
        patterns = state.patterns
        kind = "planar"
    else:
        A, b = domain.halfspaces()
        conv = (lambda v: _q(v)) if exact else float
        if isinstance(domain, Box):
            start = _ndim.box_start([conv(v) for v in domain.lo], [conv(v) for v in domain.hi])
        else:
            lo, hi = _bounding_box(A, b, d)
            start = _ndim.box_start([conv(v) for v in lo], [conv(v) for v in hi])
            rows = [tuple(conv(v) for v in a) + (conv(-c),) for a, c in zip(A, b)]
            start = _ndim.cut_start(start, rows, exact, float(rtol))
            if start is None:
                raise InvalidArgument("domain", domain, "a full-dimensional polytope (nonempty interior)")
        n_domain = len(start[2])
        state = _ndim.subdivide(layers_f, layers_q, alpha_f, alpha_q, start, exact=exact, rtol=float(rtol),
                                max_regions=int(max_regions))
        pieces = state.pieces
        data = {"pieces": pieces, "table": state.table, "n_domain": n_domain}
        n_hidden = len(layers_f) - 1
        patterns = [np.array([p.bits[l] for p in pieces], dtype=bool).reshape(len(pieces), -1) for l in range(n_hidden)]
        if exact:
            maps_exact = [p.G for p in pieces]
            maps = np.array([[[float(v) for v in G.entries()[r * (d + 1):(r + 1) * (d + 1)]] for r in range(G.nrows())]
                             for G in maps_exact])
        else:
            maps_exact = None
            maps = np.array([p.G for p in pieces])
        kind = "ndim"
    merged = MergeReport(int(state.merged), float(state.max_width), float(state.min_width), float(rtol), *refined)
    if merged.count:
        warnings.warn(
            f"float64 regions: {merged.count} places where a vertex within rtol={rtol:g} of a hyperplane was read "
            f"as on it; a region of width up to {merged.max_width:.3g} may be missing there (exact=True decides them)",
            RuntimeWarning, stacklevel=2)
    return RegionComplex(net, domain, exact, d, kind, data, patterns, maps, maps_exact, merged)


def _bounding_box(A, b, n):
    """An exact box around ``A x <= b`` (float LP, then widened; the exact cut checks it)."""
    from scipy.optimize import linprog

    Af = np.array([[float(v) for v in r] for r in A])
    bf = np.array([float(v) for v in b])
    lo, hi = [], []
    for k in range(n):
        c = np.zeros(n)
        c[k] = 1
        r1 = linprog(c, A_ub=Af, b_ub=bf, bounds=[(None, None)] * n, method="highs")
        r2 = linprog(-c, A_ub=Af, b_ub=bf, bounds=[(None, None)] * n, method="highs")
        if r1.status == 3 or r2.status == 3:
            raise InvalidArgument("domain", "unbounded", "a bounded polytope")
        if r1.status == 2:
            raise InvalidArgument("domain", "empty (infeasible)", "a full-dimensional polytope")
        pad = 1 + abs(r1.x[k]) + abs(r2.x[k])
        lo.append(Fraction(int(np.floor(r1.x[k] - pad))))
        hi.append(Fraction(int(np.ceil(r2.x[k] + pad))))
    return lo, hi
