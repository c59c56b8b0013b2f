"""Feed-forward ReLU / leaky-ReLU networks and their exact CPWL form in one input.

`ReLUNetwork.to_pwl` propagates a common partition of the input interval
through the layers: every pre-activation is linear between the partition's
knots, so a layer's pre-activations are a matrix product at the knots, and
ReLU only adds the zero crossings.  Exact mode computes on integers: per
piece and neuron the two integers of ``rho (S x + C)``, knots as ``P / Q``,
crossings as ``-C / S`` (``_exact_to_pwl``), with python-flint's ``fmpz_mat``
for dense layers; float64 mode
decides every sign against an estimate of its rounding error (``_refine``; see
the guide, "What float64 mode guarantees").

>>> from fractions import Fraction as Q
>>> net = ReLUNetwork([([[1], [1]], [0, -Q(1, 2)]), ([[2, -4]], [0])])  # a tent on [0, 1]
>>> cpwl = net.to_pwl(0, 1)
>>> cpwl.output.breakpoints.tolist(), cpwl.output(Q(1, 2))
([Fraction(1, 2)], Fraction(1, 1))
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np
from flint import fmpq, fmpq_mat, fmpz_mat

from ._numbers import FMPQ_ZERO, as_array, fmpq_array, fraction_array, holds_fmpq, infer_exact, positive, to_fmpq, to_fraction
from ._numbers import _coprime_fraction, signs
from .errors import InvalidArgument, InvalidArgumentType, SizeLimitExceeded
from .pwl import DEFAULT_RESOLUTION, MergeReport, PiecewiseLinear, _check_tolerance, _order_crossings, _repr_number

__all__ = ["ReLUNetwork", "NetworkPWL", "CertificationReport", "DEFAULT_MAX_PIECES", "DEFAULT_MAX_BYTES"]

#: Largest network printed in full (evaluable) by ``repr``; beyond, a summary.
_REPR_MAX_PARAMETERS = 2_000
_REPR_MAX_CHARS = 20_000

#: Default cap on the knots of a partition; raise it with ``max_pieces=``.
DEFAULT_MAX_PIECES = 2**24
#: Default cap on the estimated memory of one `ReLUNetwork.to_pwl` call, in bytes; raise it with ``max_bytes=``.
DEFAULT_MAX_BYTES = 2**33

_ZERO = Fraction(0)
FMPQ_ONE = fmpq(1)


class ReLUNetwork:
    """Affine layers with ReLU (or leaky ReLU of slope ``alpha``) between them.

    Parameters
    ----------
    layers : sequence of (W, b)
        ``W`` of shape (out, in) and ``b`` of shape (out,); the activation is
        applied after every layer but the last.
    alpha : number, default 0
        Slope of the activation for negative inputs (0 is ReLU).
    exact : bool, optional
        Store the parameters as Fractions (exact) or float64.  By default exact
        when every entry is an int, Fraction or SymPy Rational.

    Examples
    --------
    >>> net = ReLUNetwork([([[1.0], [-1.0]], [0.0, 0.0]), ([[1.0, 1.0]], [0.0])])  # |x|
    >>> net.forward([-2.0, 3.0]).tolist()
    [2.0, 3.0]
    """

    __slots__ = ("_layers", "_alpha", "_exact")

    def __init__(self, layers, alpha=0, *, exact: bool | None = None):
        try:
            layers = [tuple(layer) for layer in layers]
        except TypeError:
            raise InvalidArgumentType("layers", layers, "a sequence of (W, b) pairs") from None
        if not layers:
            raise InvalidArgument("layers", layers, "at least one (W, b) layer")
        for i, layer in enumerate(layers):
            if len(layer) != 2:
                raise InvalidArgument(f"layers[{i}]", layer, "a pair (W, b)")
        if exact is not None and not isinstance(exact, (bool, np.bool_)):
            raise InvalidArgumentType("exact", exact, "None (inferred), True or False")
        if exact is None:
            exact = all(infer_exact(W) and infer_exact(b) for W, b in layers) and infer_exact([alpha])
        self._exact = bool(exact)
        checked = []
        for i, (W, b) in enumerate(layers):
            W = as_array(W, f"layers[{i}].W", exact=exact, ndim=2)
            b = as_array(b, f"layers[{i}].b", exact=exact, ndim=1)
            if b.shape[0] != W.shape[0]:
                raise InvalidArgument(f"layers[{i}].b", f"shape {b.shape}", f"shape ({W.shape[0]},) to match W's {W.shape[0]} rows")
            if W.shape[0] == 0:  # a layer of width 0 makes every later layer constant: surely a mistake
                raise InvalidArgument(f"layers[{i}].W", f"shape {W.shape}", "at least one row (a layer of width >= 1)")
            if checked and W.shape[1] != checked[-1][0].shape[0]:
                raise InvalidArgument(
                    f"layers[{i}].W", f"shape {W.shape}",
                    f"{checked[-1][0].shape[0]} columns, the output width of layers[{i - 1}]",
                )
            W.flags.writeable = False
            b.flags.writeable = False
            checked.append((W, b))
        self._layers = tuple(checked)
        if exact:
            self._alpha = to_fraction(alpha, "alpha")
        else:
            arr = as_array(alpha, "alpha", exact=False)
            if arr.ndim != 0:  # one slope for every unit: a list is a mistake, not a per-unit slope
                raise InvalidArgumentType("alpha", alpha, "a number in [0, 1)")
            self._alpha = arr.item()
        if not (0 <= self._alpha < 1):
            raise InvalidArgument("alpha", alpha, "a leaky-ReLU slope in [0, 1)")

    # -- data ---------------------------------------------------------------
    @property
    def layers(self) -> tuple:
        """The ``(W, b)`` pairs (read-only arrays)."""
        return self._layers

    @property
    def alpha(self):
        """Negative-side slope of the activation (0 for ReLU)."""
        return self._alpha

    @property
    def exact(self) -> bool:
        """True when the parameters are exact rationals."""
        return self._exact

    @property
    def widths(self) -> tuple:
        """``(in, hidden_1, ..., out)``."""
        return (self._layers[0][0].shape[1],) + tuple(W.shape[0] for W, _ in self._layers)

    def with_number_domain(self, exact: bool) -> ReLUNetwork:
        """The same network with exact (Fraction) or float64 parameters (itself when it already is).

        Float weights become exact at their binary value; exact ones are rounded to float64.

        >>> net = ReLUNetwork([([[0.5]], [0.25])])
        >>> net.with_number_domain(True).layers[0][0].tolist(), net.with_number_domain(False) is net
        ([[Fraction(1, 2)]], True)
        """
        if exact == self._exact:
            return self
        return ReLUNetwork(self._layers, self._alpha, exact=exact)

    def with_domain(self, exact: bool) -> ReLUNetwork:
        """Deprecated alias of `with_number_domain` ("domain" is the input interval or region elsewhere)."""
        warnings.warn("ReLUNetwork.with_domain is deprecated; use with_number_domain (same argument)",
                      DeprecationWarning, stacklevel=2)
        return self.with_number_domain(exact)

    def regions(self, domain, exact: bool = True, **options):
        """The linear regions of this network (input width n >= 2) on ``domain``: `symrelu.regions.regions`.

        ``domain`` is a `symrelu.regions.Box`, ``Polytope`` or ``Slice``; ``exact``
        and ``options`` (``rtol``, ``max_regions``, ``estimate_samples``,
        ``seed``) are passed on; the result is a `symrelu.regions.RegionComplex`.
        For one input use `to_pwl`.

        >>> from symrelu.regions import Box
        >>> net = ReLUNetwork([([[1, 0], [0, 1], [1, 1]], [0, 0, -1]), ([[1, -1, 1]], [0])])
        >>> len(net.regions(Box([-1, -1], [1, 1])))
        5
        """
        from .regions import regions  # lazy: the planar engine is not needed by 1-D users

        return regions(self, domain, exact, **options)

    def __repr__(self):
        """``ReLUNetwork([(W, b), ...], alpha=...)``, evaluable (with ``from fractions import Fraction``)
        up to 2,000 parameters and 20,000 characters, so that a failing example reproduces from
        its printout; beyond, a short summary saying where the weights are.

        >>> ReLUNetwork([([[1], [-1]], [0, Fraction(1, 2)]), ([[1, 1]], [0])])
        ReLUNetwork([([[1], [-1]], [0, Fraction(1, 2)]), ([[1, 1]], [0])])
        >>> ReLUNetwork([([[1.5]], [0.0])], alpha=0.1)
        ReLUNetwork([([[1.5]], [0.0])], alpha=0.1)
        """
        text = self._full_repr()
        if text is not None and len(text) <= _REPR_MAX_CHARS:
            return text
        kind = "exact" if self._exact else "float64"
        act = "ReLU" if self._alpha == 0 else f"leaky ReLU (alpha={self._alpha})"
        return (f"<ReLUNetwork: widths={self.widths}, {act}, {kind}, {self.parameters} parameters; all of it: "
                "ReLUNetwork(net.layers, alpha=net.alpha)>")

    @property
    def parameters(self) -> int:
        """The number of weights and biases.

        >>> ReLUNetwork([([[1], [-1]], [0, 0]), ([[1, 1]], [0])]).parameters
        7
        """
        return sum(W.size + b.size for W, b in self._layers)

    def _full_repr(self):
        """The evaluable repr, or None beyond `_REPR_MAX_PARAMETERS` parameters."""
        if self.parameters > _REPR_MAX_PARAMETERS:
            return None
        try:
            def vec(v):
                return "[" + ", ".join(_repr_number(x, self._exact) for x in v.tolist()) + "]"

            layers = ", ".join(f"([{', '.join(vec(row) for row in W)}], {vec(b)})" for W, b in self._layers)
        except ValueError:  # an int too long for str() (Python's 4300-digit limit)
            return None
        alpha = "" if self._alpha == 0 else f", alpha={_repr_number(self._alpha, self._exact)}"
        return f"ReLUNetwork([{layers}]{alpha})"

    def plot(self, lo, hi, ax=None, *, breakpoints: bool = True, exact: bool | None = None, **kwargs):
        """Draw a scalar network's output on ``[lo, hi]`` with matplotlib, breakpoints marked; return the axes.

        The output is `to_pwl`'s (exact or float64 as ``exact`` says); ``kwargs`` go to
        `symrelu.pwl.PiecewiseLinear.plot`.

        >>> import matplotlib
        >>> matplotlib.use("Agg")
        >>> import matplotlib.pyplot as plt
        >>> fig, ax = plt.subplots()
        >>> net = ReLUNetwork([([[1], [1]], [0, -Fraction(1, 2)]), ([[2, -4]], [0])])  # a tent on [0, 1]
        >>> net.plot(0, 1, ax).lines[1].get_xdata().tolist()
        [0.5]
        >>> plt.close(fig)
        """
        return self.to_pwl(lo, hi, exact=exact).output.plot(ax, breakpoints=breakpoints, **kwargs)

    # -- evaluation ---------------------------------------------------------
    def _activate(self, z):
        if self._exact and holds_fmpq(z):  # to_pwl's internal fmpq arrays: no Fraction may mix in
            on = positive(z)
            if self._alpha == 0:
                return np.where(on, z, FMPQ_ZERO)
            out = z.copy()
            out[~on] = to_fmpq(self._alpha) * z[~on]
            return out
        if self._alpha == 0:
            return np.where(z > 0, z, _ZERO if self._exact else 0.0)
        return np.where(z > 0, z, self._alpha * z)

    def _affine(self, l: int, a: np.ndarray) -> np.ndarray:
        """``W_l a + b_l`` for ``a`` of shape (in, n).

        Exact arithmetic (``Fraction``, or ``fmpq`` inside `to_pwl`) is done
        term by term, skipping what constructed networks (triangle waves) are
        made of: zero and unit weights, products and partial sums shared by
        several rows, and inputs that do not depend on the network's input
        (folded into the bias once).
        """
        W, b = self._layers[l]
        if not self._exact:
            return W @ a + b[:, None]
        if holds_fmpq(a):
            W, b = fmpq_array(W), fmpq_array(b)
        return _affine_exact(W, b, a, self._constant_inputs(l))

    def _constant_inputs(self, l: int) -> np.ndarray:
        """Which inputs of layer ``l`` do not depend on the network's input (no path of nonzero weights)."""
        constant = np.zeros(self.widths[0], dtype=bool)
        for W, _ in self._layers[:l]:
            constant = ~np.any(W[:, ~constant] != 0, axis=1)
        return constant

    def preactivations(self, x) -> list:
        """Every layer's pre-activations at a batch of inputs: a list of (n, width) arrays, one per layer.

        ``x`` has shape (n, in) (or (n,) for a scalar-input network).

        >>> ReLUNetwork([([[1], [-1]], [0, 1])]).preactivations([[2]])[0].tolist()
        [[Fraction(2, 1), Fraction(-1, 1)]]
        """
        arr = as_array(x, "x", exact=self._exact)
        n_in = self.widths[0]
        if n_in == 1 and arr.ndim == 1:
            arr = arr.reshape(-1, 1)
        if arr.ndim != 2 or arr.shape[1] != n_in:
            raise InvalidArgument("x", f"shape {arr.shape}", f"shape (n, {n_in})")
        return self._preactivations(arr)

    def _preactivations(self, x) -> list:
        a = x.T
        out = []
        for l in range(len(self._layers)):
            z = self._affine(l, a).T
            out.append(z)
            a = self._activate(z).T
        return out

    def forward(self, x):
        """The network's output at ``x``.

        ``x`` is one input vector of shape (in,), a batch of shape (n, in), or,
        for a scalar-input network, a scalar or 1-D array of inputs.  The result
        has the batch shape followed by the output width, with that axis dropped
        when both input and output are scalar and ``x`` had no feature axis.
        """
        n_in, n_out = self.widths[0], self.widths[-1]
        arr = as_array(x, "x", exact=self._exact)
        if n_in == 1 and arr.ndim <= 1:  # scalar inputs: no feature axis
            y = self._preactivations(arr.reshape(-1, 1))[-1]
            y = y[:, 0] if n_out == 1 else y
            return y[0] if arr.ndim == 0 else y
        if arr.ndim not in (1, 2) or arr.shape[-1] != n_in:
            raise InvalidArgument("x", f"shape {arr.shape}", f"shape ({n_in},) or (n, {n_in})")
        y = self._preactivations(arr.reshape(-1, n_in))[-1]
        return y[0] if arr.ndim == 1 else y

    __call__ = forward

    # -- exact CPWL form ----------------------------------------------------
    def to_pwl(
        self,
        lo,
        hi,
        *,
        exact: bool | None = None,
        max_pieces: int = DEFAULT_MAX_PIECES,
        resolution: float = DEFAULT_RESOLUTION,
        max_bytes: int = DEFAULT_MAX_BYTES,
    ) -> NetworkPWL:
        """The network on ``[lo, hi]`` as CPWL functions (scalar input only).

        Parameters
        ----------
        lo, hi : number
            The input interval.
        exact : bool, optional
            Exact rationals or float64; defaults to the network's own domain.
            Float parameters are taken at their exact binary value in exact mode.
        max_pieces : int
            Refuse (with `SizeLimitExceeded`) before a partition would exceed
            this many knots.
        resolution : float
            Float mode: also merge (and count) crossings closer than
            ``resolution * (hi - lo)`` to a knot or to each other; in [0, 1e-3),
            default 0 (only the rounding bounds decide).
        max_bytes : int
            Refuse (with `SizeLimitExceeded`) before the partition's arrays would
            exceed this many bytes (estimated per layer, before they are built).

        Returns
        -------
        NetworkPWL

        Notes
        -----
        Exact mode returns exactly the network's breakpoints.  Float mode
        carries a forward-error estimate of every value, slope and change of
        slope (forward-mode slopes, not differences of values; knots in
        double-double while they are refined), and decides with it: a zero
        crossing is inserted where a neuron's sign changes beyond its estimate,
        a knot is an output breakpoint where the change of slope exceeds its
        estimate.  What it cannot decide it merges,
        counts in ``merged`` (`symrelu.pwl.MergeReport`) and warns about with a
        `symrelu.errors.PrecisionWarning`; the guide's "What float64 mode
        guarantees" states the numbers.  `NetworkPWL.certify` checks a float
        result against exact arithmetic.
        """
        if self.widths[0] != 1:
            raise InvalidArgument("network", self, "a network with scalar input (widths[0] == 1) for to_pwl")
        exact = self._exact if exact is None else bool(exact)
        if not isinstance(max_pieces, (int, np.integer)) or max_pieces < 2:
            raise InvalidArgument("max_pieces", max_pieces, "an int >= 2")
        net = self.with_number_domain(exact)
        for v, name in ((lo, "lo"), (hi, "hi")):
            if np.ndim(np.asarray(v, dtype=object)) != 0:
                raise InvalidArgumentType(name, v, "a number (an end of the input interval)")
        lo, hi = (as_array(v, name, exact=exact)[()] for v, name in ((lo, "lo"), (hi, "hi")))
        if not lo < hi:
            raise InvalidArgument("hi", hi, f"a number greater than lo={lo}")
        resolution = _check_tolerance("resolution", resolution)
        if isinstance(max_bytes, bool) or not isinstance(max_bytes, (int, np.integer)) or max_bytes < 1:
            raise InvalidArgument("max_bytes", max_bytes, "an int >= 1")
        if not exact:
            result = _float_to_pwl(net, float(lo), float(hi), int(max_pieces), int(max_bytes), resolution)
            result.merged._warn("ReLUNetwork.to_pwl", stacklevel=3)
            return result
        return _exact_to_pwl(net, lo, hi, int(max_pieces), int(max_bytes))


#: Exact affine maps with at least this many nonzero terms per row on average go through flint's
#: ``fmpq_mat`` product (one call in C); sparser ones term by term.  Measured with ~100-bit
#: activations: equal speed at 8 dense rows of 8, ``fmpq_mat`` 1.5x faster at 16 of 16.
_DENSE_TERMS = 12


#: The same for Python ints through ``fmpz_mat`` (`_exact_to_pwl`): its products of ~300-bit ints cost
#: more than the conversions from 6 terms per row on.
_DENSE_INT_TERMS = 6


def _affine_dense(W, b, a, constant) -> np.ndarray:
    """``W a + b`` for fmpq (or int) arrays as one ``fmpq_mat`` (``fmpz_mat``) product ``[W | b] [a; 1]``
    (constant inputs already in ``b``)."""
    live = np.flatnonzero(~constant)
    rows, n = W.shape[0], a.shape[1]
    ints = not holds_fmpq(a)
    mat = fmpz_mat if ints else fmpq_mat
    Wb = mat(rows, len(live) + 1, np.concatenate([W[:, live], b[:, None]], axis=1).ravel().tolist())
    A = mat(len(live) + 1, n, a[live].ravel().tolist() + [1 if ints else FMPQ_ONE] * n)
    out = np.empty((rows, n), dtype=object)
    entries = (Wb * A).entries()
    out.ravel()[:] = [int(v) for v in entries] if ints else entries
    return out


def _affine_exact(W, b, a, constant) -> np.ndarray:
    """``W a + b`` in exact object arrays with as few element operations as the structure allows.

    ``constant`` marks rows of ``a`` equal in every column: their products
    are added to the bias once.  Each row's terms are summed most-shared
    first, so rows with the same leading terms share those partial sums
    (the rows of a triangle network's layer share all but one term).
    """
    n = a.shape[1]
    c = np.flatnonzero(constant & np.any(W != 0, axis=0))
    if len(c) and n:
        b = b.copy()
        for k in c:
            for j in np.flatnonzero(W[:, k] != 0):
                b[j] = b[j] + W[j, k] * a[k, 0]
    terms = [[(int(k), W[j, k]) for k in np.flatnonzero((W[j] != 0) & ~constant)] for j in range(W.shape[0])]
    if n and a.size and (holds_fmpq(a) and sum(map(len, terms)) >= _DENSE_TERMS * len(terms)
                         or type(a.flat[0]) is int and sum(map(len, terms)) >= _DENSE_INT_TERMS * len(terms)):
        return _affine_dense(W, b, a, constant)
    uses = {}
    for row in terms:
        for key in row:
            uses[key] = uses.get(key, 0) + 1
    products, sums = {}, {}  # (input, weight) -> W_jk * a_k; leading terms -> their sum
    out = np.empty((W.shape[0], n), dtype=object)
    for j, row in enumerate(terms):
        row.sort(key=lambda key: (-uses[key], key[0]))
        acc = None
        for i, (k, w) in enumerate(row):
            prefix = tuple(row[: i + 1])
            if prefix in sums:
                acc = sums[prefix]
                continue
            term = products.get((k, w))
            if term is None:
                term = products[(k, w)] = a[k] if w == 1 else -a[k] if w == -1 else w * a[k]
            acc = sums[prefix] = term if acc is None else acc + term
        if acc is None:
            out[j] = b[j]
        else:
            out[j] = acc + b[j] if b[j] != 0 else acc
    return out


# -- exact engine: integer coefficients per piece -------------------------------
def _integer_layers(net) -> list:
    """The network in integers: per layer ``(M, B, rho)`` such that, with every row ``k`` of the layer before
    given as ``rho_k (S_k x + C_k)`` on a piece (``S``, ``C`` integers; activated: on ``ad S``, off ``an S``
    for ``alpha = an / ad``), row ``j`` of this layer is ``rho_j (sum_k M_jk (S_k x + C_k) + B_j)``.

    ``rho_j`` is the greatest common divisor (a rational) of the row's terms ``W_jk rho_k`` and ``b_j``, so
    the row's integers have no factor every piece shares: no common denominator grows with depth, and the
    integers stay about as small as the exact values in lowest terms.
    """
    ad = Fraction(net.alpha).denominator
    gcd, lcm = math.gcd, math.lcm
    rho = [(1, 1)]  # the input: x = 1 (1 x + 0); (numerator, denominator) in lowest terms
    out = []
    for l, (W, b) in enumerate(net.layers):
        if l:
            rho = [(p // gcd(p, q * ad), q * ad // gcd(p, q * ad)) for p, q in rho]
        W = [[to_fraction(v, "weight") for v in row] for row in W.tolist()]
        b = [to_fraction(v, "bias") for v in b.tolist()]
        M = np.zeros((len(W), len(rho)), dtype=object)
        B = np.zeros(len(b), dtype=object)
        new = []
        for j, row in enumerate(W):
            nums, dens = [], []
            for w, (p, q) in zip(row + [b[j]], rho + [(1, 1)]):  # the bias: a term of rho 1
                n, d = w.numerator * p, w.denominator * q
                g = gcd(n, d)
                nums.append(n // g)
                dens.append(d // g)
            G = gcd(*nums)
            if G == 0:  # a zero row
                new.append((1, 1))
                continue
            L = lcm(*dens)
            ints = [n * (L // d) // G for n, d in zip(nums, dens)]  # exact: G / L divides every term
            M[j], B[j] = ints[:-1], ints[-1]
            new.append((G, L))
        rho = new
        out.append((M, B, [Fraction(p, q) for p, q in rho]))
    return out


def _crossing_order(ks, P, Q):
    """The permutation sorting crossings ``P/Q`` (``Q > 0``) by piece ``ks``, then by position in the piece
    (`symrelu.pwl._order_crossings`, comparing by cross-multiplication)."""
    return _order_crossings(ks, None, before=lambda i, j: P[j] * Q[i] < P[i] * Q[j],
                            key=lambda i: Fraction(P[i], Q[i]))


def _int_bits(*arrays) -> int:
    """The largest bit length in a sample of integer object arrays."""
    bits = 0
    for arr in arrays:
        sample = arr.ravel()[:: max(1, arr.size // 64)].tolist()
        bits = max(bits, max((int(v).bit_length() for v in sample), default=0))
    return bits


def _check_int_size(net, pieces, rows, next_rows, bits, max_pieces, max_bytes):
    """Refuse, before a layer's crossings are inserted, a partition past ``max_pieces`` or ``max_bytes``."""
    if pieces > max_pieces:
        raise SizeLimitExceeded("network", net, size=pieces, limit=max_pieces)
    # A Python int of b bits takes 28 + 4 ceil(b / 30) bytes, plus an 8-byte reference.  Alive per piece:
    # its knot (2 ints), this layer's and the next layer's coefficients (2 per row) and the activated ones,
    # the signs' values (1 per row), and the output's two Fractions (4 ints and two objects).
    per_int = 36 + 4 * ((bits + 2 * 64) // 30 + 1)  # the next layer adds about two weights' bits
    need = int((pieces + 1) * ((2 + 5 * rows + 2 * next_rows + 4) * per_int + 2 * 56))
    if need > max_bytes:
        raise SizeLimitExceeded("network", net, size=need, limit=max_bytes, unit="bytes (estimated)",
                                option="max_bytes")


def _exact_to_pwl(net, lo, hi, max_pieces: int, max_bytes: int):
    """The exact partition, computed on integers (see `ReLUNetwork.to_pwl`).

    Row ``j`` of layer ``l`` is ``rho_j (S x + C)`` on a piece of the current
    partition: integers ``S``, ``C`` per piece and row, one rational
    ``rho_j > 0`` per row (`_integer_layers`).  A layer maps them as
    ``S' = M (D S)``, ``C' = M (D C) + B`` (``D``: the activation slopes on the
    piece, integers); a knot ``x = P / Q`` is two integers, ``Q > 0``, so a sign
    is ``sign(S P + C Q)`` and a zero crossing is ``x = -C / S``, reduced once
    (one gcd per knot): no rational arithmetic while the partition is built.  Crossings in one piece
    are ordered by cross-multiplication.  Rationals in lowest terms are built
    only for what is read (`_ExactLayers`).
    """
    int_layers = _integer_layers(net)
    alpha = Fraction(net.alpha)
    an, ad = alpha.numerator, alpha.denominator
    P = np.array([lo.numerator, hi.numerator], dtype=object)
    Q = np.array([lo.denominator, hi.denominator], dtype=object)
    level = np.array([-1, -1], dtype=np.int32)  # the layer that inserted each knot (-1: the interval's ends)
    AS, AC = np.array([[1]], dtype=object), np.array([[0]], dtype=object)  # the input: x = 1 x + 0
    last = len(int_layers) - 1
    constants = [np.zeros(1, dtype=bool)]  # which inputs of each layer do not depend on x
    for M, _, _ in int_layers:
        constants.append(~np.any(np.asarray(M[:, ~constants[-1]] != 0, dtype=bool), axis=1))
    for l, (M, B, rho) in enumerate(int_layers):
        constant = constants[l]
        S = _affine_exact(M, np.zeros(len(B), dtype=object), AS, constant)
        C = _affine_exact(M, B, AC, constant)
        if l == last:
            break
        n = S.shape[1]  # pieces
        rows = S.shape[0]
        fixed = constants[l + 1]  # rows of this layer that do not depend on x
        s = np.empty((rows, n + 1), dtype=np.int8)
        for j in np.flatnonzero(fixed):
            c = C[j, 0]
            s[j] = (c > 0) - (c < 0)
        live = np.flatnonzero(~fixed)
        if len(live):
            at = np.minimum(np.arange(n + 1), n - 1)  # a piece beside each knot (continuity: either)
            v = S[live][:, at] * P + C[live][:, at] * Q  # sign(z) at the knots: rho > 0, Q > 0
            s[live] = (v > 0).astype(np.int8) - (v < 0)
        cross = s[:, :-1] * s[:, 1:] < 0
        r, ks = np.nonzero(cross)  # row r changes sign inside piece ks
        _check_int_size(net, n + len(ks), rows, net.widths[l + 2], _int_bits(S, C, P[:: max(1, n // 64)]),
                        max_pieces, max_bytes)
        on = (s[:, :-1] > 0) | ((s[:, 1:] > 0) & ~cross)  # the sign on each piece (on its left part if crossed)
        if len(ks):
            Sx, Cx = S[r, ks], C[r, ks]
            neg = np.asarray(Sx < 0, dtype=bool)
            Px, Qx = _reduce(np.where(neg, Cx, -Cx), np.where(neg, -Sx, Sx))  # x = -C / S, lowest terms
            order = _crossing_order(ks, Px, Qx)
            r, ks, Px, Qx = r[order], ks[order], Px[order], Qx[order]
            dup = np.zeros(len(ks), dtype=bool)  # several rows crossing at one point give one knot
            same = np.flatnonzero(ks[1:] == ks[:-1]) + 1
            if len(same):
                dup[same] = np.asarray(Px[same] * Qx[same - 1] == Px[same - 1] * Qx[same], dtype=bool)
            point = np.cumsum(~dup) - 1  # the new knot each crossing is
            keep = ~dup
            ks_u = ks[keep]
            pos = ks_u + 1 + np.arange(len(ks_u))  # the new knots' indices in the refined partition
            P, Q = np.insert(P, ks_u + 1, Px[keep]), np.insert(Q, ks_u + 1, Qx[keep])
            level = np.insert(level, ks_u + 1, l)
            counts = np.bincount(ks_u, minlength=n)
            parent = np.repeat(np.arange(n), counts + 1)
            last_child = np.cumsum(counts + 1) - 1
            # a crossing row changes state from its crossing to the end of its piece
            flip = np.zeros((rows, len(parent) + 1), dtype=np.int32)
            flip[r, pos[point]] += 1
            flip[r, last_child[ks] + 1] -= 1
            on = on[:, parent] ^ (np.cumsum(flip, axis=1)[:, :-1] > 0)
            S, C = S[:, parent], C[:, parent]
        if an == 0:
            AS, AC = np.where(on, S, 0), np.where(on, C, 0)
        else:
            AS, AC = np.where(on, ad * S, an * S), np.where(on, ad * C, an * C)
    return NetworkPWL(net, None, None, None, 0.0, exact_layers=_ExactLayers(net, P, Q, level, S, C, rho))


def _reduce(P, Q):
    """``P / Q`` in lowest terms (``Q > 0``): two int object arrays, one gcd per entry.  Knots are reduced
    once, where they are made: every later layer multiplies by them, and `_ExactLayers` reads them."""
    gcd = math.gcd
    g = [gcd(p, q) for p, q in zip(P.tolist(), Q.tolist())]
    out_p, out_q = np.empty(len(g), dtype=object), np.empty(len(g), dtype=object)
    out_p[:] = [p // d for p, d in zip(P.tolist(), g)]
    out_q[:] = [q // d for q, d in zip(Q.tolist(), g)]
    return out_p, out_q


def _lowest_terms(nums, dens) -> np.ndarray:
    """A 1-D object array of ``Fraction`` ``p / q`` for int lists (``q > 0``), reduced by one gcd each."""
    out = np.empty(len(nums), dtype=object)
    gcd, make = math.gcd, _coprime_fraction
    out[:] = [make(p // g, q // g) for p, q, g in ((p, q, gcd(p, q)) for p, q in zip(nums, dens))]
    return out


class _ExactLayers:
    """What `_exact_to_pwl` keeps: the finest partition as integers ``P / Q`` (lowest terms), the layer that inserted each
    knot, and the output rows' integers ``S``, ``C`` per piece (row ``j`` is ``rho_j (S x + C)``).  Every
    layer's knots and pre-activations are built from them when first read (a layer's partition is the knots
    inserted up to it; its values are evaluated exactly there), the outputs directly from the integers: a
    knot is a breakpoint exactly where they differ between its two pieces (one ``rho_j`` per row)."""

    def __init__(self, net, P, Q, level, S, C, rho):
        self.net, self.P, self.Q, self.level, self.S, self.C, self.rho = net, P, Q, level, S, C, rho
        self.n_layers = len(net.layers)
        self._regions = None
        self._knots, self._values = {}, {}

    def regions(self) -> np.ndarray:
        """The finest partition as Fractions (read-only, built once)."""
        if self._regions is None:
            self._regions = np.empty(len(self.P), dtype=object)  # the knots are in lowest terms already
            self._regions[:] = [_coprime_fraction(p, q) for p, q in zip(self.P.tolist(), self.Q.tolist())]
            self._regions.flags.writeable = False
        return self._regions

    def knots(self, layer) -> np.ndarray:
        """Layer ``layer``'s partition as ``fmpq`` (the internal type)."""
        if layer not in self._knots:
            mask = self.level <= layer
            self._knots[layer] = fmpq_array(self.regions()[mask])
        return self._knots[layer]

    def values(self, layer) -> np.ndarray:
        """Layer ``layer``'s pre-activations at its knots, ``(width, knots)`` of ``fmpq``."""
        if layer not in self._values:
            a = self.knots(layer)[None, :]
            for m in range(layer + 1):
                z = self.net._affine(m, a)
                a = self.net._activate(z)
            self._values[layer] = z
        return self._values[layer]

    def output(self, row) -> PiecewiseLinear:
        """Output ``row`` in canonical form, Fractions in lowest terms."""
        S, C = self.S[row], self.C[row]
        n = len(S)
        bends = np.flatnonzero(np.asarray(S[1:] != S[:-1], dtype=bool) | np.asarray(C[1:] != C[:-1], dtype=bool)) + 1
        at = np.concatenate(([0], bends, [n]))
        piece = np.minimum(at, n - 1)
        x = self.regions()[at]
        P, Q = self.P[at].tolist(), self.Q[at].tolist()
        rp, rq = self.rho[row].numerator, self.rho[row].denominator
        nums = [rp * (s * p + c * q) for s, c, p, q in zip(S[piece].tolist(), C[piece].tolist(), P, Q)]
        values = _lowest_terms(nums, [rq * q for q in Q])
        return PiecewiseLinear._canonical(np.array(x), values)


class _Layers:
    """A read-only sequence whose entries a function builds on first use (`NetworkPWL`'s exact layers)."""

    def __init__(self, build, n):
        self._build, self._n = build, n

    def __len__(self):
        return self._n

    def __getitem__(self, layer):
        if layer < 0:
            layer += self._n
        if not 0 <= layer < self._n:
            raise IndexError(layer)
        return self._build(layer)


#: At most this many failures of each kind are listed in a `CertificationReport` (all are counted).
_REPORT_LIMIT = 20


@dataclass(frozen=True)
class CertificationReport:
    """What `NetworkPWL.certify` found when it checked a result against exact arithmetic.

    ``certified`` is True when nothing below failed.  ``inside`` lists sign
    changes of a neuron between the windows of two knots as ``(left knot,
    right knot, layer, neuron, exact crossing)``; ``unresolved`` the pairs of
    knots whose windows overlap (nothing between them can be checked);
    ``missing`` the exact output
    breakpoints the result lacks, ``spurious`` the result's breakpoints where
    the exact slope does not change, ``crowded`` the knots whose window holds
    more than one exact output breakpoint (checked with ``windows=True``; at
    most 20 of each are listed, ``counts``
    has them all); ``value_error`` is the largest difference from the exact
    values at the knots and ``value_estimate`` the result's own estimate.
    ``bool(report)`` is ``certified``.
    """

    certified: bool
    regions: int
    inside: tuple = ()
    unresolved: tuple = ()
    missing: tuple = ()
    spurious: tuple = ()
    crowded: tuple = ()
    value_error: float = 0.0
    value_estimate: float = 0.0
    counts: dict = field(default_factory=dict)

    def __bool__(self):
        return self.certified

    def __str__(self):
        if self.certified:
            return (f"certified: {self.regions} regions, every breakpoint exact, values within "
                    f"{self.value_error:.3g} (estimate {self.value_estimate:.3g})")
        parts = [f"{self.counts.get(k, 0)} {k}" for k in ("inside", "unresolved", "missing", "spurious", "crowded")
                 if self.counts.get(k)]
        if self.value_error > self.value_estimate:
            parts.append(f"value error {self.value_error:.3g} above the estimate {self.value_estimate:.3g}")
        return f"not certified ({self.regions} regions): " + ", ".join(parts)


class NetworkPWL:
    """A scalar-input network on an interval, as exact or float64 CPWL functions.

    Layers are numbered from 0 like ``network.layers``; layer ``l``'s
    pre-activations are ``z^(l) = W_l a^(l-1) + b_l``.  Produced by
    `ReLUNetwork.to_pwl`; not constructed directly.
    """

    def __init__(self, network: ReLUNetwork, partitions: list, preacts: list, scales: list, resolution: float,
                 *, float_bounds=None, exact_layers=None):
        self.network = network
        self._exact_layers = exact_layers  # exact engine: everything is built from it on first read
        if exact_layers is not None:
            n = exact_layers.n_layers
            partitions, preacts = _Layers(exact_layers.knots, n), _Layers(exact_layers.values, n)
            scales = [None] * n
        self._partitions = partitions  # knots on which layer l's (refined) pre-activations are given
        self._preacts = preacts  # (width_l, len(knots)) values at those knots, zero crossings included
        self._scales = scales  # float mode: magnitude of the terms summed into each layer (rounding scale)
        self._resolution = resolution
        self._bounds = float_bounds  # float engine: (errors, jumps, jump errors, windows, crossing merges)
        self._outputs = None  # the outputs' PiecewiseLinear, built on first access (exact: ~4 s CPU at depth 20)
        if float_bounds is not None:
            last = len(preacts) - 1
            report = float_bounds[4]
            for row in range(preacts[last].shape[0]):
                report = report + self._decide(last, row)[1]
            self._merged = report
        else:
            self._merged = MergeReport()

    @property
    def exact(self) -> bool:
        return self.network.exact

    @property
    def merged(self) -> MergeReport:
        """What float64 could not resolve (`symrelu.pwl.MergeReport`): crossings merged anywhere in the
        network plus bends of the outputs dropped; empty for exact results and within the guarantee."""
        return self._merged

    @property
    def value_error(self):
        """An estimate of ``|output(x) - exact output(x)|`` over the interval (the largest over the outputs;
        0 in exact mode).  The exact output is that of the network's float weights at their binary value."""
        if self._bounds is None:
            return 0
        last = len(self._preacts) - 1
        return max(self._decide(last, row)[2] for row in range(self._preacts[last].shape[0]))

    @property
    def knot_errors(self) -> np.ndarray:
        """Float mode: for each knot of `regions`, how far the exact knot it stands for can lie (0 for the
        interval's ends and in exact mode)."""
        if self._bounds is None:
            return np.zeros(len(self.regions), dtype=float)
        return self._bounds[3]

    def _decide(self, layer, row):
        """Float mode: (interior knots kept, their MergeReport, value error bound) of one row."""
        errors, jumps, jump_errors = self._bounds[0][layer], self._bounds[1][layer], self._bounds[2][layer]
        dz, edz = jumps[row], jump_errors[row]
        keep = np.abs(dz) > edz
        dropped = ~keep & (dz != 0)  # a change of slope the bounds cannot tell from zero
        value_error = float(np.max(errors[row]))
        report = MergeReport()
        if np.any(dropped):
            change = np.abs(dz[dropped])
            report = MergeReport(int(np.count_nonzero(dropped)), min_slope_change=float(np.min(change)),
                                 max_slope_change=float(np.max(change)))
            # dropped bends between two kept knots move the chord by at most sum |dz| * width / 4
            knots = self._partitions[layer]
            group = np.cumsum(keep)
            kept_at = np.concatenate(([0], np.flatnonzero(keep) + 1, [len(knots) - 1]))
            spans = knots[kept_at[1:]] - knots[kept_at[:-1]]
            total = np.bincount(group, weights=np.where(dropped, np.abs(dz) + edz, 0.0), minlength=len(spans))
            value_error += float(np.max(total * spans / 4))
        return keep, report, value_error

    def _pwl(self, layer, row):
        if self._exact_layers is not None and layer == len(self._preacts) - 1:
            return self._exact_layers.output(row)
        if self._bounds is not None:
            keep, report, value_error = self._decide(layer, row)
            if layer == len(self._preacts) - 1:  # crossings merged anywhere shape the output
                report = self._bounds[4] + report
            return PiecewiseLinear._decided(self._partitions[layer], self._preacts[layer][row], keep,
                                            report, value_error)
        return PiecewiseLinear._trusted(
            self._partitions[layer], self._preacts[layer][row], self.exact,
            resolution=self._resolution, scale=self._scales[layer],
        )

    @property
    def outputs(self) -> list:
        """One `PiecewiseLinear` per output unit (built on first access, then the same objects: both are
        immutable; a new list each time)."""
        if self._outputs is None:
            last = len(self._preacts) - 1
            self._outputs = tuple(self._pwl(last, row) for row in range(self.network.widths[-1]))
        return list(self._outputs)

    @property
    def output(self) -> PiecewiseLinear:
        """The output as a `PiecewiseLinear` (networks with one output; built once, see `outputs`)."""
        if self.network.widths[-1] != 1:
            raise InvalidArgument("network", self.network, "one output unit; use .outputs")
        if self._outputs is None:
            self.outputs
        return self._outputs[0]

    @property
    def regions(self) -> np.ndarray:
        """Knots of the activation regions: the finest partition (every neuron's sign is constant between knots)."""
        if not self.exact:
            return self._partitions[-1]
        return self._exact_layers.regions()

    def preactivation(self, layer: int, neuron: int) -> PiecewiseLinear:
        """``z_neuron^(layer)`` as a function of the input."""
        self._check_index(layer, neuron)
        return self._pwl(layer, neuron)

    def _check_index(self, layer, neuron=None):
        n_layers = len(self._preacts)
        if not (isinstance(layer, (int, np.integer)) and 0 <= layer < n_layers):
            raise InvalidArgument("layer", layer, f"an int in [0, {n_layers - 1}]")
        width = self.network.widths[layer + 1]
        if neuron is not None and not (isinstance(neuron, (int, np.integer)) and 0 <= neuron < width):
            raise InvalidArgument("neuron", neuron, f"an int in [0, {width - 1}] (layer {layer} has {width} neurons)")

    def _sign_flips(self, layer: int) -> tuple:
        """Where each neuron of a hidden layer turns on or off: (knot indices, neuron indices)."""
        z = self._preacts[layer]
        on = positive(z[:, :-1] + z[:, 1:])  # sign of each interval (no crossing inside after refinement)
        neurons, k = np.nonzero(on[:, 1:] != on[:, :-1])
        return k + 1, neurons

    def neuron_breakpoints(self, layer: int, neuron: int) -> np.ndarray:
        """Breakpoints induced by a hidden neuron (003 Definition 1): the zeros of ``z`` where its activation flips.

        A zero where ``z`` touches 0 without changing sign induces no bend
        and is not listed.
        """
        self._check_index(layer, neuron)
        if layer == len(self._preacts) - 1:
            raise InvalidArgument("layer", layer, "a hidden layer (the output layer has no activation)")
        k, neurons = self._sign_flips(layer)
        points = self._partitions[layer][np.sort(k[neurons == neuron])]
        return fraction_array(points) if self.exact else points

    def active_breakpoints(self, layer: int, neuron: int) -> np.ndarray:
        """The induced breakpoints that are active (003 Definition 1 and the remark after it).

        ``beta`` is active when some path from the input through this neuron to
        an output, along nonzero weights, has a product of activation slopes
        that differs between the two sides of ``beta`` (003: "active iff there
        exists some path pi such that a_pi is discontinuous at beta").  For ReLU
        that means: every other neuron on the path is on, just beside ``beta``,
        on the side where this neuron is on.  Sides are read from the
        activation regions next to ``beta``, so neurons that are 0 exactly at
        ``beta`` (``relu(relu(x))`` at 0) are judged by their one-sided state.
        """
        betas = self.neuron_breakpoints(layer, neuron)
        if len(betas) == 0:
            return betas
        k = np.searchsorted(self.regions, betas)  # betas are knots of the finest partition
        patterns = self.activation_patterns()
        widths = self.network.widths[1:-1]
        offsets = np.concatenate(([0], np.cumsum(widths)))
        off_left = [~patterns[k - 1, offsets[m]:offsets[m + 1]] for m in range(len(widths))]
        off_right = [~patterns[k, offsets[m]:offsets[m + 1]] for m in range(len(widths))]
        return betas[self._path_discontinuous(layer, neuron, off_left, off_right)]

    def _path_discontinuous(self, layer, neuron, off_left, off_right) -> np.ndarray:
        """For each point: does a path through ``(layer, neuron)`` change its slope product across it?

        A path's slope product on one side is ``alpha ** (number of off
        neurons)``.  Dynamic programming over the achievable pairs (off count
        on the left, off count on the right), counts capped at ``cap``: for ReLU
        only "none off" versus "some off" matters (cap 1); for leaky ReLU the
        counts themselves (cap = number of hidden layers).
        """
        net = self.network
        n_hidden = len(off_left)
        cap = 1 if net.alpha == 0 else n_hidden
        n_points = off_left[0].shape[0]
        links = [(W != 0).astype(int) for W, _ in net.layers]

        def shift(states, m):
            # Add each neuron's own (left, right) off flags to the pairs reaching it, saturating at cap.
            out = np.zeros_like(states)
            for dl in (0, 1):
                for dr in (0, 1):
                    mask = ((off_left[m] == dl) & (off_right[m] == dr))[:, :, None, None]
                    for a in range(cap + 1):
                        for b in range(cap + 1):
                            out[:, :, min(a + dl, cap), min(b + dr, cap)] |= states[:, :, a, b] & mask[:, :, 0, 0]
            return out

        def step(states, m):
            # Pairs reaching layer m's neurons from layer m-1's, along nonzero weights.
            return np.einsum("jk,pkab->pjab", links[m], states.astype(int)) > 0

        states = np.zeros((n_points, links[0].shape[0], cap + 1, cap + 1), dtype=bool)
        states[:, :, 0, 0] = links[0][:, 0][None, :] > 0
        for m in range(layer):
            states = step(shift(states, m), m + 1)
        only = np.zeros_like(states)
        only[:, neuron] = states[:, neuron]  # paths through this neuron only
        states = shift(only, layer)
        for m in range(layer + 1, len(links)):
            states = step(states, m)
            if m < len(links) - 1:
                states = shift(states, m)
        pairs = states.any(axis=1)  # (points, cap+1, cap+1) reaching any output
        left, right = np.meshgrid(np.arange(cap + 1), np.arange(cap + 1), indexing="ij")
        differs = ((left == 0) != (right == 0)) if net.alpha == 0 else (left != right)
        return np.any(pairs & differs[None], axis=(1, 2))

    def activation_patterns(self) -> np.ndarray:
        """Boolean (regions, hidden neurons) array: which hidden neurons are on in each activation region.

        Hidden neurons are ordered layer by layer.
        """
        knots = self._partitions[-1]  # exact: the internal fmpq, faster than the Fractions of regions
        mids = (knots[:-1] + knots[1:]) / 2
        zs = self.network._preactivations(mids.reshape(-1, 1))[:-1]
        if not zs:
            return np.zeros((len(mids), 0), dtype=bool)
        return np.concatenate([z > 0 for z in zs], axis=1)

    def certify(self, *, chunk: int = 2048, windows: bool = False) -> CertificationReport:
        """Check this result against exact arithmetic; the `CertificationReport` says what holds and where not.

        The network's weights are taken at their exact binary values and the
        network is evaluated exactly (python-flint ``fmpq``) at every knot
        ``x_k`` of `regions` and at the ends ``x_k +- knot_errors[k]`` of its
        window.  Certified means, for every output: between two windows no
        neuron of any layer changes sign (so the exact network is affine there
        and has no breakpoint the result missed), a knot is a breakpoint of the
        result exactly where the exact slopes on its two sides differ (the
        exact breakpoint lies in its window), and the values at the knots are
        within `value_error` of the exact ones.  The work grows with the number
        of knots (taken ``chunk`` at a time, which bounds the memory) times the
        depth, on exact numbers of about depth x 53 bits.  With ``windows=True``
        each window is also computed exactly (an exact `ReLUNetwork.to_pwl` on
        it, one call per knot: slower) and must hold at most one exact output
        breakpoint; otherwise pieces narrower than the windows go unchecked.
        An exact result is exact: its report is certified without work.

        >>> net = ReLUNetwork([([[1.0], [1.0]], [0.0, -0.5]), ([[2.0, -4.0]], [0.0])])
        >>> report = net.to_pwl(0.0, 1.0).certify()
        >>> report.certified, report.regions
        (True, 2)
        """
        if isinstance(chunk, bool) or not isinstance(chunk, (int, np.integer)) or chunk < 1:
            raise InvalidArgument("chunk", chunk, "an int >= 1")
        knots = self.regions
        if self.exact:
            return CertificationReport(True, len(knots) - 1)
        exact_net = self.network.with_number_domain(True)
        outputs = self.outputs
        window_sizes = self.knot_errors
        found = {"inside": [], "unresolved": [], "missing": [], "spurious": [], "crowded": []}
        counts = dict.fromkeys(found, 0)

        def note(kind, items):
            counts[kind] += len(items)
            found[kind] += list(items)[: max(0, _REPORT_LIMIT - len(found[kind]))]

        def exact_at(points):
            return exact_net._preactivations(fmpq_array(points).reshape(-1, 1))

        worst, prev = 0.0, None  # prev: each output's exact slope on the gap before the chunk
        start, n = 0, len(knots)
        while start < n - 1:
            stop = min(start + chunk, n - 1)
            xs = knots[start:stop + 1]
            xq = np.array([Fraction(float(v)) for v in xs], dtype=object)
            wq = np.array([Fraction(float(v)) for v in window_sizes[start:stop + 1]], dtype=object)
            left, right = xq[:-1] + wq[:-1], xq[1:] - wq[1:]  # the gaps between the windows
            open_ = left < right
            if not np.all(open_):
                note("unresolved", [(float(xs[k]), float(xs[k + 1])) for k in np.flatnonzero(~open_)])
                right = np.where(open_, right, left + (xq[1:] - xq[:-1]) * 0)  # a point gap: nothing to check
            zl, zr, zx = exact_at(left), exact_at(right), exact_at(xq)
            for l in range(len(zl) - 1):
                gaps, neurons = np.nonzero(signs(zl[l]) * signs(zr[l]) < 0)  # a crossing nobody stands for
                if len(gaps):
                    a, b = fraction_array(zl[l][gaps, neurons]), fraction_array(zr[l][gaps, neurons])
                    note("inside", [(float(xs[k]), float(xs[k + 1]), l, int(j),
                                     float(left[k] + p / (p - q) * (right[k] - left[k])))
                                    for k, j, p, q in zip(gaps, neurons, a, b)])
            yl, yr, yx = fraction_array(zl[-1]), fraction_array(zr[-1]), fraction_array(zx[-1])
            span = np.where(open_, right - left, 1)
            for o, out in enumerate(outputs):
                slopes = np.where(open_, (yr[:, o] - yl[:, o]) / span, None)
                before = np.concatenate(([prev[o]], slopes[:-1])) if prev is not None else slopes[:-1]
                after = slopes if prev is not None else slopes[1:]
                first = start if prev is not None else start + 1
                decided = np.array([p is not None and q is not None for p, q in zip(before, after)], dtype=bool)
                bend = np.array([p != q for p, q in zip(before, after)], dtype=bool) & decided
                at = knots[first:stop]
                exact_bps, flat = set(at[bend].tolist()), set(at[decided & ~bend].tolist())
                bps = out.breakpoints
                float_bps = set(bps[(bps >= knots[first]) & (bps < knots[stop])].tolist())
                note("missing", sorted(exact_bps - float_bps))
                note("spurious", sorted(float_bps & flat))
                got = out(np.asarray(xs, dtype=float))
                worst = max(worst, float(np.max(np.abs(got - yx[:, o].astype(float)))))
            prev = [slopes_o for slopes_o in (np.where(open_, (yr[:, o] - yl[:, o]) / span, None)[-1]
                                               for o in range(len(outputs)))]
            start = stop
        if windows:
            lo, hi = Fraction(float(knots[0])), Fraction(float(knots[-1]))
            for k in np.flatnonzero(window_sizes[1:-1] > 0) + 1:
                x, w = Fraction(float(knots[k])), Fraction(float(window_sizes[k]))
                local = exact_net.to_pwl(max(lo, x - w), min(hi, x + w))
                if any(len(out.breakpoints) > 1 for out in local.outputs):
                    note("crowded", [float(knots[k])])
        estimate = float(self.value_error)
        certified = not any(counts.values()) and worst <= estimate
        return CertificationReport(certified, n - 1, value_error=worst, value_estimate=estimate, counts=counts,
                                   **{k: tuple(v) for k, v in found.items()})

    def __repr__(self):
        return f"NetworkPWL({self.network!r}, regions={len(self.regions) - 1})"


# -- float64 engine with rigorous rounding bounds -------------------------------
_U = 2.0**-53  # unit roundoff of float64
# Float arrays per neuron and knot alive while a layer is refined and activated (values, slopes, jumps,
# their bounds, the activations' six, the two concatenated blocks); the stored layers come on top.
_FLOAT_ARRAYS_PER_ROW = 16


def _float_bytes(knots: int, rows: int) -> int:
    """Bytes of float64 working arrays for ``knots`` knots and ``rows`` neurons (the layer and the next)."""
    return 8 * knots * (2 + _FLOAT_ARRAYS_PER_ROW * rows)


def _nonfinite(net, lo, hi, layer):
    raise InvalidArgument(
        "network", net, f"weights whose pre-activations stay finite in float64 on [{lo}, {hi}] (layer {layer} overflows)",
        "Use exact=True, or rescale the weights or the interval.",
    )


#: The fresh part of a crossing's window: this many times the rounding estimate over the slope.
_WINDOW_FACTOR = 1.0
#: The windows reported (`NetworkPWL.knot_errors`, used by `NetworkPWL.certify`) are this many times
#: the ones the decisions use: exact checks found crossings up to 1.5x outside the latter (peaks near
#: 0.05, depth 6), while making the decisions' windows wider merged pieces at depth 20.
_REPORT_FACTOR = 2.0


def _DEPTH_FACTOR(l):
    return 2.0 * (l + 1)


def _float_to_pwl(net: ReLUNetwork, lo: float, hi: float, max_pieces: int, max_bytes: int, resolution: float):
    """The float64 partition, its decisions taken against forward-error estimates (see `ReLUNetwork.to_pwl`).

    Carried per layer: at every knot of the current partition the values ``z``
    and an estimate ``ez`` of their rounding error; per piece the slope ``g``
    (forward mode, not differences of values); per interior knot the jump of
    slope ``dz`` -- computed as ``D_R dz + (D_R - D_L) g_L``, so a small jump
    next to large slopes keeps its relative accuracy -- and its estimate.  An
    estimate is ``gamma_l`` times the magnitude of the terms summed into the
    quantity (``|W| |a| + |b|``), ``gamma_l = 2 (l + 1) (n + 2) u`` for layer
    ``l`` (0-based) of fan-in ``n``: as if every layer so far had rounded that
    much, twice over.  Values interpolated at a new knot add the slope times
    the rounding of its position.  These are estimates, not proofs (a bound by
    absolute values grows by ``|W|`` per layer and would merge everything in deep
    constructed networks); `NetworkPWL.certify` is the proof.
    """
    alpha = float(net.alpha)
    with np.errstate(over="ignore"):
        width = hi - lo
    if not np.isfinite(width):
        raise InvalidArgument("hi", hi, f"an interval [lo, hi] whose width hi - lo is finite in float64 (lo={lo})")
    tol = resolution * width
    x = np.array([lo, hi])
    xlo = np.zeros(2)  # knots are x + xlo (double-double) while the partition is refined
    a = x[None, :]
    ga, mga = np.ones((1, 1)), np.ones((1, 1))
    da, mda = np.zeros((1, 0)), np.zeros((1, 0))
    # where each knot's exact counterpart may lie, +- windows[0, k]; windows[1, k] is the part
    # the knot's own computation added (what it adds to its neighbours' crossings is in windows[0]);
    # windows[2, k] is the window reported (knot_errors), which also carries the tilt (_refine)
    windows = np.zeros((3, 2))
    tally = _Tally()
    partitions, preacts, errors, jumps, jump_errors = [], [], [], [], []
    stored = 0
    last = len(net.layers) - 1
    for l, (W, b) in enumerate(net.layers):
        n = a.shape[1]
        gamma = _DEPTH_FACTOR(l) * (W.shape[1] + 2) * _U
        with np.errstate(over="ignore", invalid="ignore"):  # overflow is refused just below
            out = W @ np.concatenate((a, ga, da), axis=1)
            mag = np.abs(W) @ np.concatenate((np.abs(a), mga, mda), axis=1)
            z, g, dz = out[:, :n] + b[:, None], out[:, n:2 * n - 1], out[:, 2 * n - 1:]
            pieces = np.abs(g)
            steep = np.empty_like(z)  # per knot, the larger slope beside it (np.pad costs more on small nets)
            steep[:, 0], steep[:, -1] = pieces[:, 0], pieces[:, -1]
            np.maximum(pieces[:, :-1], pieces[:, 1:], out=steep[:, 1:-1])
            # the rounding of this layer's terms, as if every layer so far had rounded that much
            er = gamma * (mag[:, :n] + np.abs(b)[:, None])
            # a value's error: its rounding, and the slope times how far its knot may sit from the exact one
            ez = er + steep * windows[0]
            edz = gamma * mag[:, 2 * n - 1:]
            # one reduction each: an inf or nan anywhere makes the sum non-finite
            finite = np.isfinite(np.sum(ez)) and np.isfinite(np.sum(np.abs(g))) and np.isfinite(np.sum(np.abs(z)))
        if not finite:
            _nonfinite(net, lo, hi, l)
        if l < last:
            x, xlo, z, ez_max, g, dz, edz, windows = _refine(x, xlo, z, ez, er, g, dz, edz, windows, tally, tol,
                                                            max_pieces, max_bytes, stored, net, steep)
            a, ga, mga, da, mda = _activate(z, ez, g, dz, edz, alpha)
        partitions.append(x)
        preacts.append(z)
        errors.append(ez if l == last else ez_max)
        jumps.append(dz)
        jump_errors.append(edz)
        stored += 8 * (z.size + ez.size + dz.size + edz.size + len(x))
    # the float knots stand for x + xlo: their own rounding adds |xlo| to the windows
    knot_errors = _REPORT_FACTOR * windows[2] + np.abs(xlo)
    # Pieces narrower than the windows of their ends are kept but cannot be told from rounding (a touch
    # whose value came out beyond its estimate makes two such slivers): counted, so never silent.
    unresolved = int(np.count_nonzero(x[1:] - x[:-1] <= knot_errors[1:] + knot_errors[:-1]))
    report = tally.report()
    if unresolved:
        report = report + MergeReport(unresolved=unresolved)
    return NetworkPWL(net, partitions, preacts, None, resolution,
                      float_bounds=(errors, jumps, jump_errors, knot_errors, report))


class _Tally:
    """Counts of what the float engine merged, for `symrelu.pwl.MergeReport`."""

    def __init__(self):
        self.knots, self.zeros = 0, 0
        self.min_width, self.max_width = np.inf, 0.0

    def widths(self, w):
        if len(w):
            self.knots += len(w)
            self.min_width = min(self.min_width, float(np.min(w)))
            self.max_width = max(self.max_width, float(np.max(w)))

    def report(self):
        return MergeReport(knots=self.knots, min_width=self.min_width if self.knots else None,
                           max_width=self.max_width if self.knots else None, zeros=self.zeros)


def _two_sum(a, b):
    s = a + b
    bb = s - a
    return s, (a - (s - bb)) + (b - bb)


def _split(a):
    c = 134217729.0 * a  # 2**27 + 1
    hi = c - (c - a)
    return hi, a - hi


def _two_prod(a, b):
    p = a * b
    ah, al = _split(a)
    bh, bl = _split(b)
    return p, ((ah * bh - p) + ah * bl + al * bh) + al * bl


def _certified_sign(s, rows, ks, step):
    """The sign of row ``rows`` at the nearest knot left (``step=-1``) or right of ``ks`` whose sign is certified."""
    out = np.zeros(len(ks))
    todo, k = np.arange(len(ks)), ks.copy()
    n = s.shape[1]
    while len(todo):  # runs of zeros are short: a few rounds at most
        k = k + step
        inside = (k >= 0) & (k < n)
        todo, k = todo[inside], k[inside]
        val = s[rows[todo], k]
        found = val != 0
        out[todo[found]] = val[found]
        todo, k = todo[~found], k[~found]
    return out


def _refine(x, xlo, z, ez, er, g, dz, edz, windows, tally, tol, max_pieces, max_bytes, stored, net, steep):
    """Insert the certified zero crossings of every row of ``z`` (one float layer).

    ``ez`` estimates the error of ``z`` against the exact function at the knots;
    ``er`` is its rounding part (without the knots' own windows).  Knots are
    kept as double-doubles ``x + xlo`` while the partition is refined, so that
    their rounding does not pile up over the layers (a crossing is placed
    relative to its piece, to the piece's own precision).

    ``steep`` is each row's larger slope beside each knot.  The windows that
    decide (``windows[0]``, ``windows[1]``) take a piece's ends as shifting
    its crossings, not tilting them; the reported one (``windows[2]``) also
    carries the tilt: a value at a kink whose knot is off by its window is off
    by up to the steeper slope times it (``ez - er``), which moves a crossing on
    the shallow side by that over the shallow slope.  Only the report carries
    it (widening the windows that decide merged pieces at depth 20).
    """
    # A value within its bound of zero has no certified sign: it stands for a zero at that knot.
    ur, uk = np.nonzero(np.abs(z) <= ez)  # few: work on them only
    if len(ur):
        zu = z[ur, uk]
        tally.zeros += int(np.count_nonzero(zu))
        ez = ez.copy()
        ez[ur, uk] += np.abs(zu)
        z = z.copy()
        z[ur, uk] = 0.0
        su = steep[ur, uk]  # the steeper slope beside each such knot
        # the exact zero may sit beside the knot: its window must reach it
        reach = np.where(su > 0, ez[ur, uk] / np.where(su > 0, su, 1.0), 0.0)
        np.maximum.at(windows[2], uk, reach)
        np.maximum.at(windows[0], uk, reach)
        np.maximum.at(windows[1], uk, reach)
        # where the row's certified signs on both sides differ, a crossing joins the knot: merged
        s = np.sign(z)
        left = _certified_sign(s, ur, uk, -1)
        right = _certified_sign(s, ur, uk, +1)
        first = (uk == 0) | (s[ur, np.maximum(uk - 1, 0)] != 0)  # the first zero of its run
        across = first & (zu != 0) & (left * right < 0)
        if np.any(across):
            tally.widths(np.abs(zu[across]) / np.where(su[across] > 0, su[across], np.inf))
    sign = np.sign(z)
    rows, ks = np.nonzero(sign[:, :-1] * sign[:, 1:] < 0)
    if len(ks) == 0:
        return x, xlo, z, ez.max(axis=1, keepdims=True), g, dz, edz, windows
    za, zb = z[rows, ks], z[rows, ks + 1]
    h, e = _two_sum(x[ks + 1], -x[ks])
    h, hlo = _two_sum(h, e + (xlo[ks + 1] - xlo[ks]))
    t = za / (za - zb)
    p, e = _two_prod(t, h)
    xc, e2 = _two_sum(x[ks], p)
    xc, xclo = _two_sum(xc, e2 + (e + t * hlo + xlo[ks]))
    # Rounding of the values moves the interpolated crossing by E h / |za - zb|; the ends' own windows
    # move it by at most the larger of them (the function is shifted, not tilted, by them).
    E = np.maximum(er[rows, ks], er[rows, ks + 1])
    w = _WINDOW_FACTOR * E / np.abs(za - zb) * h + 4 * _U * (t * h) + 1e-30 * np.abs(xc)
    w_total = w + np.maximum(windows[0, ks], windows[0, ks + 1])
    # (only a kink tilts: the slope beyond the piece's own, times the window of that end)
    m = np.abs(g[rows, ks])
    tilt = (np.maximum((steep[rows, ks] - m) * windows[0, ks], (steep[rows, ks + 1] - m) * windows[0, ks + 1])
            * h / np.abs(za - zb))
    w_report = w + np.maximum(windows[2, ks], windows[2, ks + 1]) + tilt
    # Keep the crossing's float part strictly inside its piece (rounding can put it on a knot).
    inside_lo, inside_hi = np.nextafter(x[ks], np.inf), np.nextafter(x[ks + 1], -np.inf)
    clipped = np.minimum(np.maximum(xc, inside_lo), inside_hi)
    xclo = xclo + (xc - clipped)
    xc = clipped
    onto = (inside_lo > inside_hi) | (t * h <= tol) | ((1 - t) * h <= tol)
    if np.any(onto):  # a crossing that cannot be told from a knot of its piece: merged into the nearer one
        r, k = rows[onto], ks[onto]
        near = np.where(t[onto] <= 0.5, k, k + 1)
        tally.widths(np.minimum(t[onto], 1 - t[onto]) * h[onto])
        ez[r, near] += np.abs(z[r, near])
        z[r, near] = 0.0
        # zeros placed on knots may end other crossings of the same rows: keep those still crossing
        sign = np.sign(z)
        keep = ~onto & (sign[rows, ks] * sign[rows, ks + 1] < 0)
        rows, ks, xc, xclo, w, t, w_total, w_report = (rows[keep], ks[keep], xc[keep], xclo[keep], w[keep], t[keep],
                                                       w_total[keep], w_report[keep])
        if len(ks) == 0:
            return x, xlo, z, ez.max(axis=1, keepdims=True), g, dz, edz, windows
    order = np.lexsort((xclo, xc, ks))
    rows, ks, xc, xclo, w, t, w_total, w_report = (rows[order], ks[order], xc[order], xclo[order], w[order],
                                                   t[order], w_total[order], w_report[order])
    # Crossings of one piece closer than their fresh windows (or than tol) are one knot: they share
    # the piece's ends, so only what their own computation added can tell them apart.
    new = np.ones(len(ks), dtype=bool)
    gap = (xc[1:] - xc[:-1]) + (xclo[1:] - xclo[:-1])
    new[1:] = (ks[1:] != ks[:-1]) | (gap > np.maximum(w[1:] + w[:-1], tol))
    cid = np.cumsum(new) - 1
    n_new = int(cid[-1]) + 1
    if len(x) + n_new - 1 > max_pieces:
        raise SizeLimitExceeded("network", net, size=len(x) + n_new - 1, limit=max_pieces)
    need = stored + _float_bytes(len(x) + n_new, z.shape[0] + max(W.shape[0] for W, _ in net.layers))
    if need > max_bytes:
        raise SizeLimitExceeded("network", net, size=need, limit=max_bytes, unit="bytes", option="max_bytes")
    rep_order = np.lexsort((w, cid))  # the sharpest crossing of each cluster stands for it
    first = np.ones(len(rep_order), dtype=bool)
    first[1:] = cid[rep_order[1:]] != cid[rep_order[:-1]]
    rep = rep_order[first]
    x_new, xlo_new, k_new, t_new = xc[rep], xclo[rep], ks[rep], t[rep]
    offset = np.abs((xc - x_new[cid]) + (xclo - xlo_new[cid]))
    moved = offset > 0
    if np.any(moved):
        tally.widths(offset[moved])
    # Values of every row at the new knots, by interpolation, with the interpolation's rounding.
    zl, zr = z[:, k_new], z[:, k_new + 1]
    z_new = zl + t_new * (zr - zl)
    ez_new = np.maximum(ez[:, k_new], ez[:, k_new + 1]) + 4 * _U * (np.abs(zl) + np.abs(zr))
    # Each crossing row is zero at its cluster's knot (an error of at most |z_new| there).
    ez_new[rows, cid] += np.abs(z_new[rows, cid])
    z_new[rows, cid] = 0.0
    at = k_new + 1
    ez_max = np.maximum(ez.max(axis=1), ez_new.max(axis=1))[:, None]  # only its largest is kept
    at_knots = _insertion(at, len(x))  # shared by every per-knot array
    x = _insert(x, at_knots, x_new)
    xlo = _insert(xlo, at_knots, xlo_new)
    # a merged knot's window covers every crossing it stands for
    w_cluster = np.zeros((3, n_new))
    np.maximum.at(w_cluster[0], cid, offset + w_total)
    np.maximum.at(w_cluster[1], cid, offset + w)
    np.maximum.at(w_cluster[2], cid, offset + w_report)
    windows = _insert(windows, at_knots, w_cluster)
    z = _insert(z, at_knots, z_new)
    g = _insert(g, _insertion(at, g.shape[1]), g[:, k_new])  # the pieces of a split piece keep its slope
    at_jumps = _insertion(k_new, dz.shape[1])
    dz = _insert(dz, at_jumps, 0.0)  # no jump of z itself at its own crossings
    edz = _insert(edz, at_jumps, 0.0)
    return x, xlo, z, ez_max, g, dz, edz, windows


def _insertion(at, n):
    """Where ``np.insert(arr, at, vals, axis=-1)`` puts the new and the old columns, for non-decreasing ``at``."""
    new = at + np.arange(len(at))
    old = np.ones(n + len(at), dtype=bool)
    old[new] = False
    return new, old


def _insert(arr, where, vals):
    """``np.insert`` along the last axis at `_insertion`'s places (several times cheaper on small arrays)."""
    new, old = where
    out = np.empty(arr.shape[:-1] + (len(old),), dtype=arr.dtype)
    out[..., new] = vals
    out[..., old] = arr
    return out


def _activate(z, ez, g, dz, edz, alpha):
    """Activation values, slopes and slope jumps of one hidden layer, with the magnitudes behind them."""
    s = z[:, :-1] + z[:, 1:]  # one sign per piece (no certified crossing inside)
    D = np.where(s > 0, 1.0, alpha)
    unknown = s == 0  # zero within rounding on the whole piece: its true state is unknown
    a = np.where(z > 0, z, alpha * z)
    ga = D * g
    mga = np.abs(ga)
    DL, DR, gL = D[:, :-1], D[:, 1:], g[:, :-1]
    flip = DR - DL
    term1, term2 = DR * dz, flip * gL
    da = term1 + term2
    mda = np.abs(term1) + np.abs(term2)
    if np.any(unknown):  # such a piece may have either slope: its magnitude counts in full
        mga = mga + np.where(unknown, (1 - alpha) * np.abs(g), 0.0)
        uL, uR = unknown[:, :-1], unknown[:, 1:]
        mda = mda + (1 - alpha) * (np.where(uR, np.abs(dz), 0.0) + np.where(uL | uR, np.abs(gL), 0.0))
    return a, ga, mga, da, mda
