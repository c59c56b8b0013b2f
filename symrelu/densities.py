"""Breakpoint and delta-slope distributions of a randomly initialized one-hidden-layer ReLU network (003 §2.2).

A unit ``v (w x + b)_+`` of a scalar network has the breakpoint
``beta = -b/w``, the delta-slope ``mu = w v`` and the orientation
``s = sgn w`` (003 eq. 2; `symrelu.pwl.BDSO.from_network`).  When ``(b, w, v)``
are independent and zero-mean, ``(beta, mu)`` has the densities of 003
Theorem 1 and Corollary 1.  This module gives them as

* SciPy distributions (`scipy.stats.rv_continuous` subclasses or frozen SciPy
  laws: ``pdf``, ``cdf``, ``rvs``, ``moment``, ...),
* SymPy ``sympy.stats`` random variables (`GaussianInit.sympy_breakpoints`, ...),
* fast samplers (`sample_units`, `histogram_units`).

**Every sigma is a standard deviation**: ``b ~ N(0, sigma_b**2)``.  003 writes
``N(0, sigma_b)``, which usually names a variance; its formulas are right only
when sigma is read as a standard deviation (see ``proofs_check/claims/c003_function_space.py``).
Uniform laws are ``U[-a, a]`` with half-width ``a``.

>>> init = GaussianInit(sigma_b=1.0, sigma_w=2.0, sigma_v=0.5)
>>> round(float(init.breakpoints().pdf(0.0)), 6)     # Cauchy(0, sigma_b/sigma_w) at 0: 2/pi
0.63662
>>> round(float(init.delta_slopes().var()), 6)       # (sigma_v sigma_w)**2
1.0
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import special, stats

from ._random import as_generator
from .errors import check_limit, InvalidArgument, InvalidArgumentType, SizeLimitExceeded

__all__ = [
    "GaussianInit",
    "UniformInit",
    "product_normal",
    "ratio_uniform",
    "product_uniform",
    "sample_units",
    "histogram_units",
    "roughness",
]


def _positive(name, value):
    if getattr(value, "free_symbols", None):  # a SymPy symbol: the symbolic laws are the sympy_* methods
        raise InvalidArgumentType(
            name, value, "a positive real number; for symbolic parameters build the init with numbers and call "
            "its sympy_* methods with symbolic=True (e.g. init.sympy_breakpoints(symbolic=True))")
    if getattr(value, "is_number", False) and getattr(value, "is_real", False):
        value = float(value)  # a SymPy number or constant (sqrt(2)): the laws here are float64
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise InvalidArgumentType(name, value, "a positive real number")
    value = float(value)
    if not (np.isfinite(value) and value > 0):
        raise InvalidArgument(name, value, "a positive finite number")
    return value


def _width(width):
    if isinstance(width, bool) or not isinstance(width, (int, np.integer)):
        raise InvalidArgumentType("width", width, "a positive int (the hidden width H)")
    if width < 1:
        raise InvalidArgument("width", width, "a positive int (the hidden width H)")
    return int(width)


# -- SciPy distributions ------------------------------------------------------------
class _ProductNormalGen(stats.rv_continuous):
    r"""Law of ``X Y`` for independent standard normals: density ``K_0(|x|)/pi`` (003 Cor. 1(a), scale 1).

    ``product_normal(scale=s)`` is ``mu = w v`` with ``s = sigma_w sigma_v``.
    The cdf uses ``\int_0^x K_0 = (pi x/2)(K_0 L_{-1} + K_1 L_0)`` (Struve ``L``)
    for ``|x| <= 30`` and the exponentially small tail ``\int_x^\infty K_0``
    by quadrature beyond (relative error below 1e-12 there).

    >>> round(float(product_normal.cdf(1.0)), 10), float(product_normal.var())
    (0.8955031685, 1.0)
    """

    def _pdf(self, x):
        return special.k0(np.abs(x)) / np.pi

    def _logpdf(self, x):
        ax = np.abs(x)
        return np.log(special.k0e(ax)) - ax - np.log(np.pi)

    def _half(self, ax):
        """``\\int_0^{|x|} K_0(t) dt / pi`` for |x| <= 30."""
        with np.errstate(invalid="ignore"):
            val = 0.5 * ax * (special.k0(ax) * special.modstruve(-1, ax) + special.k1(ax) * special.modstruve(0, ax))
        return np.where(ax == 0, 0.0, val)

    def _upper_tail(self, ax):
        """``\\int_{|x|}^\\infty K_0(t) dt / pi`` by quadrature (used for |x| > 30)."""
        from scipy.integrate import quad

        out = np.empty_like(ax)
        for k, a in enumerate(ax.flat):
            # k0e keeps the integrand O(1): K_0(t) = k0e(t) e^{-t}, shifted to start at a.
            val, _ = quad(lambda t: special.k0e(a + t) * np.exp(-t), 0, np.inf, epsabs=0, epsrel=1e-13)
            out.flat[k] = val * np.exp(-a) / np.pi
        return out

    def _sf_pos(self, ax):
        ax = np.asarray(ax, dtype=float)
        small = ax <= 30
        out = np.empty_like(ax)
        out[small] = 0.5 - self._half(ax[small])
        if np.any(~small):
            out[~small] = self._upper_tail(ax[~small])
        return out

    def _cdf(self, x):
        x = np.asarray(x, dtype=float)
        tail = self._sf_pos(np.abs(x))
        return np.where(x < 0, tail, 1.0 - tail)

    def _sf(self, x):
        return self._cdf(-np.asarray(x, dtype=float))

    def _rvs(self, size=None, random_state=None):
        return random_state.standard_normal(size) * random_state.standard_normal(size)

    def _stats(self):
        return 0.0, 1.0, 0.0, 6.0

    def _munp(self, n):
        # E[(XY)^n] = E[X^n]^2 = ((n-1)!!)^2 for even n.
        return 0.0 if n % 2 else float(special.factorial2(n - 1)) ** 2


product_normal = _ProductNormalGen(name="product_normal")


class _RatioUniformGen(stats.rv_continuous):
    """Law of ``X / Y`` for independent ``U[-1, 1]``: density 1/4 on [-1, 1], ``1/(4 x^2)`` outside (003 Cor. 1(b)).

    ``ratio_uniform(scale=a_b/a_w)`` is ``beta = -b/w``.  No moment of order >= 1 exists:
    the tails ``1/(4 x^2)`` make ``E|X| = E[X^2] = inf``.  So ``mean()`` is ``nan``
    (undefined: ``x f(x)`` is not integrable, as for the Cauchy law) and ``var()``
    is ``inf`` (``E[(X - c)^2] = inf`` about every centre ``c``), as is ``moment(2)``.

    >>> float(ratio_uniform.cdf(-2.0)), float(ratio_uniform.pdf(0.5))
    (0.125, 0.25)
    >>> float(ratio_uniform.mean()), float(ratio_uniform.var()), float(ratio_uniform.moment(2))
    (nan, inf, inf)
    """

    def _pdf(self, x):
        ax = np.abs(x)
        return np.where(ax <= 1, 0.25, 0.25 / np.maximum(ax, 1) ** 2)

    def _cdf(self, x):
        return np.where(x < -1, 0.25 / np.abs(np.minimum(x, -1)), np.where(x <= 1, (x + 2) / 4, 1 - 0.25 / np.maximum(x, 1)))

    def _ppf(self, q):
        return np.where(q < 0.25, -0.25 / np.maximum(q, 1e-300), np.where(q <= 0.75, 4 * q - 2, 0.25 / np.maximum(1 - q, 1e-300)))

    def _rvs(self, size=None, random_state=None):
        return random_state.uniform(-1, 1, size) / random_state.uniform(-1, 1, size)

    def _stats(self):
        # mean undefined (E|X| = inf); variance infinite about any centre; skew, kurtosis undefined
        return None, np.inf, None, None  # None: SciPy takes them from _munp, so moment(2) is inf too

    def _munp(self, n):
        return np.inf if n % 2 == 0 else np.nan

    def _entropy(self):
        # -int f log f: ln 2 from [-1, 1] (f = 1/4), ln 2 + 1 from the two tails
        return 2 * np.log(2.0) + 1.0


ratio_uniform = _RatioUniformGen(name="ratio_uniform")


class _ProductUniformGen(stats.rv_continuous):
    """Law of ``X Y`` for independent ``U[-1, 1]``: density ``-log|x| / 2`` on [-1, 1] (003 Cor. 1(b)).

    ``product_uniform(scale=a_w a_v)`` is ``mu = w v``.  Variance 1/9, excess kurtosis 6/25,
    differential entropy ``euler_gamma + ln 2 - 1`` (plus ``ln(scale)``): with ``x = e^{-t}``,
    ``-2 int_0^1 f ln f dx = -int_0^inf t ln(t/2) e^{-t} dt = -(1 - euler_gamma) + ln 2``.

    >>> float(product_uniform.cdf(0.0)), round(float(product_uniform.var()), 12)
    (0.5, 0.111111111111)
    >>> round(float(product_uniform.entropy()), 10)
    0.2703628455
    """

    def _pdf(self, x):
        ax = np.abs(x)
        with np.errstate(divide="ignore"):
            return np.where(ax == 0, np.inf, -np.log(np.where(ax == 0, 1.0, ax)) / 2)

    def _cdf(self, x):
        ax = np.abs(x)
        with np.errstate(divide="ignore", invalid="ignore"):
            half = np.where(ax == 0, 0.0, (ax - ax * np.log(np.where(ax == 0, 1.0, ax))) / 2)
        return np.where(x < 0, 0.5 - half, 0.5 + half)

    def _rvs(self, size=None, random_state=None):
        return random_state.uniform(-1, 1, size) * random_state.uniform(-1, 1, size)

    def _stats(self):
        return 0.0, 1.0 / 9.0, 0.0, 6.0 / 25.0

    def _munp(self, n):
        return 0.0 if n % 2 else 1.0 / (n + 1) ** 2

    def _entropy(self):
        # closed form (see the docstring); SciPy's generic quadrature meets 0 * log(inf) at x = 0 and gives -inf
        return np.euler_gamma + np.log(2.0) - 1.0


product_uniform = _ProductUniformGen(a=-1.0, b=1.0, name="product_uniform")


# -- initializations ------------------------------------------------------------------
@dataclass(frozen=True)
class GaussianInit:
    """Independent ``b ~ N(0, sigma_b^2)``, ``w ~ N(0, sigma_w^2)``, ``v ~ N(0, sigma_v^2)`` (standard deviations).

    Parameters
    ----------
    sigma_b, sigma_w, sigma_v : float
        Standard deviations of the bias, input weight and output weight.

    Examples
    --------
    >>> init = GaussianInit.glorot(9, sigma_b=1.0)
    >>> init.sigma_w == init.sigma_v == 0.4472135954999579   # sqrt(2/(H+1))
    True
    """

    sigma_b: float
    sigma_w: float
    sigma_v: float

    def __post_init__(self):
        for name in ("sigma_b", "sigma_w", "sigma_v"):
            object.__setattr__(self, name, _positive(name, getattr(self, name)))

    @classmethod
    def he(cls, width, *, sigma_b=1.0):
        """He (Kaiming) normal at hidden width H: ``sigma_w = sqrt(2/1)`` (fan-in 1), ``sigma_v = sqrt(2/H)``.

        Biases are not part of He's rule; ``sigma_b`` is the caller's choice.

        >>> GaussianInit.he(8).sigma_v
        0.5
        """
        width = _width(width)
        return cls(sigma_b, np.sqrt(2.0), np.sqrt(2.0 / width))

    @classmethod
    def glorot(cls, width, *, sigma_b=1.0):
        """Glorot (Xavier) normal at hidden width H: ``sigma_w = sigma_v = sqrt(2/(H+1))`` (003 Thm 2's values).

        >>> round(GaussianInit.glorot(1).sigma_w, 12)
        1.0
        """
        width = _width(width)
        s = np.sqrt(2.0 / (width + 1))
        return cls(sigma_b, s, s)

    # SciPy laws
    def breakpoints(self):
        """Law of ``beta``: ``Cauchy(0, sigma_b/sigma_w)`` (frozen `scipy.stats.cauchy`).

        >>> round(float(GaussianInit(2.0, 1.0, 1.0).breakpoints().ppf(0.75)), 12)
        2.0
        """
        return stats.cauchy(loc=0.0, scale=self.sigma_b / self.sigma_w)

    def delta_slopes(self):
        """Law of ``mu``: density ``K_0(|mu|/(sigma_v sigma_w)) / (pi sigma_v sigma_w)`` (frozen `product_normal`).

        >>> float(GaussianInit(1.0, 2.0, 3.0).delta_slopes().std())
        6.0
        """
        return product_normal(scale=self.sigma_w * self.sigma_v)

    def delta_slopes_given(self, beta):
        """Law of ``mu`` given ``beta``: Laplace with scale ``sigma_b sigma_v sigma_w / sqrt(sigma_b^2 + sigma_w^2 beta^2)``.

        >>> float(GaussianInit(1.0, 1.0, 1.0).delta_slopes_given(0.0).std()) == 2 ** 0.5
        True
        """
        beta = np.asarray(beta, dtype=float)
        s = self.sigma_b * self.sigma_v * self.sigma_w / np.sqrt(self.sigma_b**2 + self.sigma_w**2 * beta**2)
        return stats.laplace(loc=0.0, scale=s)

    def joint_pdf(self, beta, mu):
        """003 Theorem 1(a): the density of ``(beta, mu)`` (float64, arrays broadcast).

        >>> round(float(GaussianInit(1.0, 1.0, 1.0).joint_pdf(0.0, 0.0)), 12)   # 1/(2 pi)
        0.159154943092
        """
        beta, mu = np.asarray(beta, dtype=float), np.asarray(mu, dtype=float)
        r = np.sqrt(self.sigma_b**2 + self.sigma_w**2 * beta**2)
        return np.exp(-np.abs(mu) * r / (self.sigma_b * self.sigma_v * self.sigma_w)) / (2 * np.pi * self.sigma_v * r)

    def sample(self, n, *, seed=None):
        """``n`` independent ``(b, w, v)`` triples as three float64 arrays.

        >>> b, w, v = GaussianInit(1.0, 1.0, 1.0).sample(3, seed=0)
        >>> b.shape
        (3,)
        """
        rng = as_generator(seed)
        z = rng.standard_normal((3, _count(n)))
        return z[0] * self.sigma_b, z[1] * self.sigma_w, z[2] * self.sigma_v

    # SymPy laws
    def _symbols(self, symbolic):
        import sympy as sp

        if symbolic:
            return sp.symbols("sigma_b sigma_w sigma_v", positive=True)
        return tuple(sp.nsimplify(s) if float(s).is_integer() else sp.Float(s) for s in (self.sigma_b, self.sigma_w, self.sigma_v))

    def sympy_breakpoints(self, name="beta", *, symbolic=False):
        """``beta`` as a ``sympy.stats`` Cauchy variable (symbolic sigmas with ``symbolic=True``).

        >>> from sympy import stats as ss
        >>> ss.density(GaussianInit(1.0, 1.0, 1.0).sympy_breakpoints())(0)
        1/pi
        """
        from sympy import stats as ss

        sb, sw, _ = self._symbols(symbolic)
        return ss.Cauchy(name, 0, sb / sw)

    def sympy_delta_slopes(self, name="mu", *, symbolic=False):
        """``mu`` as a ``sympy.stats.ContinuousRV`` with the K_0 density of 003 Cor. 1(a).

        >>> from sympy import stats as ss, besselk, pi
        >>> ss.density(GaussianInit(1.0, 1.0, 1.0).sympy_delta_slopes())(1) == besselk(0, 1) / pi
        True
        """
        import sympy as sp
        from sympy import stats as ss

        _, sw, sv = self._symbols(symbolic)
        x = sp.Symbol(name, real=True)
        pdf = sp.besselk(0, sp.Abs(x) / (sv * sw)) / (sp.pi * sv * sw)
        return ss.ContinuousRV(x, pdf, set=sp.Interval(-sp.oo, sp.oo))

    def sympy_joint_pdf(self, beta, mu, *, symbolic=False):
        """003 Theorem 1(a) as a SymPy expression in the symbols ``beta``, ``mu``."""
        import sympy as sp

        sb, sw, sv = self._symbols(symbolic)
        r = sp.sqrt(sb**2 + sw**2 * beta**2)
        return sp.exp(-sp.Abs(mu) * r / (sb * sv * sw)) / (2 * sp.pi * sv * r)


@dataclass(frozen=True)
class UniformInit:
    """Independent ``b ~ U[-a_b, a_b]``, ``w ~ U[-a_w, a_w]``, ``v ~ U[-a_v, a_v]`` (half-widths).

    Examples
    --------
    >>> init = UniformInit(1.0, 1.0, 1.0)
    >>> float(init.breakpoints().pdf(2.0)), round(float(init.delta_slopes().var()), 12)
    (0.0625, 0.111111111111)
    """

    a_b: float
    a_w: float
    a_v: float

    def __post_init__(self):
        for name in ("a_b", "a_w", "a_v"):
            object.__setattr__(self, name, _positive(name, getattr(self, name)))

    @classmethod
    def he(cls, width, *, a_b=1.0):
        """He (Kaiming) uniform at hidden width H: ``a_w = sqrt(6/1)``, ``a_v = sqrt(6/H)``.

        >>> round(UniformInit.he(6).a_v, 12)
        1.0
        """
        width = _width(width)
        return cls(a_b, np.sqrt(6.0), np.sqrt(6.0 / width))

    @classmethod
    def glorot(cls, width, *, a_b=1.0):
        """Glorot (Xavier) uniform at hidden width H: ``a_w = a_v = sqrt(6/(H+1))``.

        >>> round(UniformInit.glorot(5).a_w, 12)
        1.0
        """
        width = _width(width)
        a = np.sqrt(6.0 / (width + 1))
        return cls(a_b, a, a)

    @classmethod
    def pytorch(cls, width):
        """PyTorch's ``nn.Linear`` default: every parameter ``U[-1/sqrt(fan_in), 1/sqrt(fan_in)]``.

        >>> UniformInit.pytorch(4)
        UniformInit(a_b=1.0, a_w=1.0, a_v=0.5)
        """
        width = _width(width)
        return cls(1.0, 1.0, 1.0 / np.sqrt(width))

    def _cap(self, beta):
        """``min(a_b/|beta|, a_w)``: the largest |w| that keeps ``-b/w = beta``."""
        ab = np.abs(np.asarray(beta, dtype=float))
        with np.errstate(divide="ignore"):
            return np.minimum(np.where(ab == 0, np.inf, self.a_b / np.where(ab == 0, 1.0, ab)), self.a_w)

    def breakpoints(self):
        """Law of ``beta``: density ``min(a_b/|beta|, a_w)^2 / (4 a_b a_w)`` (frozen `ratio_uniform`).

        Its tails ``a_b / (4 a_w beta^2)`` leave it without a mean (``mean()`` is
        ``nan``: undefined) and with an infinite variance (``var()`` is ``inf``).

        >>> law = UniformInit(1.0, 1.0, 1.0).breakpoints()
        >>> float(law.mean()), float(law.var())
        (nan, inf)
        """
        return ratio_uniform(scale=self.a_b / self.a_w)

    def delta_slopes(self):
        """Law of ``mu``: density ``log(a_w a_v/|mu|) / (2 a_w a_v)`` on ``|mu| <= a_w a_v`` (frozen `product_uniform`)."""
        return product_uniform(scale=self.a_w * self.a_v)

    def delta_slopes_given(self, beta):
        """Law of ``mu`` given ``beta``: triangular on ``[-h, h]``, ``h = a_v min(a_b/|beta|, a_w)``, mode 0.

        >>> float(UniformInit(1.0, 1.0, 1.0).delta_slopes_given(2.0).support()[1])
        0.5
        """
        h = self.a_v * self._cap(beta)
        return stats.triang(c=0.5, loc=-h, scale=2 * h)

    def joint_pdf(self, beta, mu):
        """The density of ``(beta, mu)``: ``(min(a_b/|beta|, a_w) - |mu|/a_v)_+ / (4 a_b a_w a_v)`` (corrected 003 Thm 1(b)).

        >>> float(UniformInit(1.0, 1.0, 1.0).joint_pdf(0.0, 0.5))
        0.125
        """
        mu = np.asarray(mu, dtype=float)
        return np.maximum(self._cap(beta) - np.abs(mu) / self.a_v, 0.0) / (4 * self.a_b * self.a_w * self.a_v)

    def sample(self, n, *, seed=None):
        """``n`` independent ``(b, w, v)`` triples as three float64 arrays."""
        rng = as_generator(seed)
        z = rng.uniform(-1.0, 1.0, (3, _count(n)))
        return z[0] * self.a_b, z[1] * self.a_w, z[2] * self.a_v

    def _symbols(self, symbolic):
        import sympy as sp

        if symbolic:
            return sp.symbols("a_b a_w a_v", positive=True)
        return tuple(sp.nsimplify(s) if float(s).is_integer() else sp.Float(s) for s in (self.a_b, self.a_w, self.a_v))

    def sympy_breakpoints(self, name="beta", *, symbolic=False):
        """``beta`` as a ``sympy.stats.ContinuousRV`` with density ``min(a_b/|beta|, a_w)^2/(4 a_b a_w)``.

        ``beta`` has no mean and no variance: its tails ``a_b/(4 a_w beta^2)``
        make ``E|beta|`` and ``E[beta^2]`` infinite.  SymPy says so with ``nan``
        (undefined) for ``E(beta)`` and ``variance(beta)``, which is ``E((beta - E(beta))^2)``,
        and ``oo`` for ``E(beta**2)``; the SciPy law (`breakpoints`) gives
        ``mean() = nan`` and ``var() = inf``.

        >>> from sympy import stats as ss
        >>> beta = UniformInit(1, 1, 1).sympy_breakpoints()
        >>> ss.P(beta > 1), ss.E(beta**2), ss.E(beta), ss.variance(beta)
        (1/4, oo, nan, nan)
        """
        import sympy as sp
        from sympy import stats as ss

        ab, aw, _ = self._symbols(symbolic)
        x = sp.Symbol(name, real=True)
        pdf = sp.Piecewise((aw / (4 * ab), sp.Abs(x) <= ab / aw), (ab / (4 * aw * x**2), True))
        return ss.ContinuousRV(x, pdf, set=sp.Interval(-sp.oo, sp.oo))

    def sympy_delta_slopes(self, name="mu", *, symbolic=False):
        """``mu`` as a ``sympy.stats`` random variable with density ``log(a_w a_v/|mu|)/(2 a_w a_v)``.

        Its cdf is given in closed form, ``1/2 + mu (1 + log(c/|mu|)) / (2 c)`` on
        ``[-c, c]`` with ``c = a_w a_v`` (SymPy's own integration of the density
        gives ``nan`` for ``mu >= 0``).

        >>> from sympy import stats as ss, Rational
        >>> mu = UniformInit(1.0, 1.0, 1.0).sympy_delta_slopes()
        >>> ss.variance(mu), ss.cdf(mu)(Rational(1, 2))
        (1/9, log(2)/4 + 3/4)
        """
        from sympy.stats.crv_types import rv

        _, aw, av = self._symbols(symbolic)
        return rv(name, _sympy_product_uniform(), (aw * av,))


_SYMPY_PRODUCT_UNIFORM = None


def _sympy_product_uniform():
    """The ``sympy.stats`` distribution class of ``mu = w v`` (built on first use: SymPy is imported lazily)."""
    global _SYMPY_PRODUCT_UNIFORM
    if _SYMPY_PRODUCT_UNIFORM is None:
        import sympy as sp
        from sympy.stats.crv import SingleContinuousDistribution

        class ProductUniformDistribution(SingleContinuousDistribution):
            """Law of ``w v`` for independent ``w ~ U[-a_w, a_w]``, ``v ~ U[-a_v, a_v]``; ``c = a_w a_v``."""

            _argnames = ("c",)

            @property
            def set(self):
                return sp.Interval(-self.c, self.c)

            @staticmethod
            def check(c):
                pass  # validated by UniformInit

            def pdf(self, x):
                c = self.c
                return sp.Piecewise((sp.log(c / sp.Abs(x)) / (2 * c), sp.Abs(x) <= c), (0, True))

            def _cdf(self, x):
                c = self.c
                return sp.Piecewise(
                    (0, x < -c),
                    (sp.S.Half, sp.Eq(x, 0)),  # the formula below is 0 * log(oo) there
                    (sp.S.Half + x * (1 + sp.log(c / sp.Abs(x))) / (2 * c), x <= c),
                    (1, True),
                )

        _SYMPY_PRODUCT_UNIFORM = ProductUniformDistribution
    return _SYMPY_PRODUCT_UNIFORM


# -- sampling -----------------------------------------------------------------------


def _count(n):
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 0:
        raise InvalidArgument("n", n, "an int >= 0")
    return int(n)


def _check_init(init):
    if not isinstance(init, (GaussianInit, UniformInit)):
        raise InvalidArgumentType("init", init, "a GaussianInit or UniformInit")
    return init


def sample_units(init, n, *, seed=None, max_units: int = 2 * 10**6):
    """Breakpoints, delta-slopes and orientations of ``n`` random units (003 eq. 1 -> 2).

    Units with ``w = 0`` (probability 0) would give ``beta = inf``; they are kept as is.
    More than ``max_units`` units (about 50 bytes each while drawn) are refused up front;
    `histogram_units` counts any number in chunks.

    >>> beta, mu, s = sample_units(GaussianInit(1.0, 1.0, 1.0), 4, seed=1)
    >>> beta.shape, set(s.tolist()) <= {-1, 1}
    ((4,), True)
    """
    init, n = _check_init(init), _count(n)
    max_units = check_limit("max_units", max_units)
    if n > max_units:
        raise SizeLimitExceeded("n", n, size=n, limit=int(max_units), unit="units", option="max_units")
    b, w, v = init.sample(n, seed=seed)
    with np.errstate(divide="ignore", invalid="ignore"):
        beta = -b / w
    return beta, w * v, np.where(w > 0, 1, -1)


def histogram_units(init, n, *, beta_edges, mu_edges, seed=None, chunk=2**20, dtype=np.float64):
    """Histograms of the breakpoints and delta-slopes of ``n`` random units, drawn in chunks.

    Counts outside the edges are dropped.  Bins must be uniform (checked): each
    chunk's standardized draws are mapped to bin indices by one fused affine map
    and counted with ``bincount``, without a search and without holding ``n``
    units.  ``dtype=numpy.float32`` draws single-precision variates (about twice
    as fast; bin assignment then differs from float64 only for values within
    ~1e-7 relative of a bin edge).

    >>> hb, hm = histogram_units(GaussianInit(1.0, 1.0, 1.0), 1000, beta_edges=np.linspace(-5, 5, 11),
    ...                          mu_edges=np.linspace(-3, 3, 7), seed=0)
    >>> int(hb.sum()) <= 1000, hm.shape
    (True, (6,))
    """
    init = _check_init(init)
    n = _count(n)
    try:
        dtype = np.dtype(dtype)
    except (TypeError, ValueError):
        raise InvalidArgumentType("dtype", dtype, "numpy.float64 or numpy.float32") from None
    if dtype not in (np.dtype(np.float64), np.dtype(np.float32)):
        raise InvalidArgument("dtype", dtype, "numpy.float64 or numpy.float32")
    if not (isinstance(chunk, (int, np.integer)) and chunk >= 1):
        raise InvalidArgument("chunk", chunk, "a positive int")
    edges = []
    for name, e in (("beta_edges", beta_edges), ("mu_edges", mu_edges)):
        if isinstance(e, (str, bytes)):
            raise InvalidArgumentType(name, e, "an array of increasing bin edges")
        try:
            e = np.asarray(e, dtype=float)
        except (TypeError, ValueError):
            raise InvalidArgumentType(name, e, "an array of increasing bin edges") from None
        if e.ndim != 1 or len(e) < 2 or not np.all(np.diff(e) > 0) or not np.all(np.isfinite(e)):
            raise InvalidArgument(name, e, "increasing bin edges (at least two)")
        if not np.allclose(np.diff(e), e[1] - e[0], rtol=1e-9, atol=0):
            raise InvalidArgument(name, e, "uniformly spaced edges (e.g. numpy.linspace)")
        edges.append(e)
    if isinstance(init, GaussianInit):
        scale_beta, scale_mu = -init.sigma_b / init.sigma_w, init.sigma_w * init.sigma_v
    else:
        scale_beta, scale_mu = -init.a_b / init.a_w, init.a_w * init.a_v
    # bin index = (scale * standardized - e0) * k / (e_end - e0) = slope * standardized + shift
    maps = []
    for e, scale in zip(edges, (scale_beta, scale_mu)):
        k = len(e) - 1
        maps.append((k, scale * k / (e[-1] - e[0]), -e[0] * k / (e[-1] - e[0])))
    rng = as_generator(seed)
    counts = [np.zeros(m[0], dtype=np.int64) for m in maps]
    done = 0
    while done < n:
        m = min(chunk, n - done)
        if isinstance(init, GaussianInit):
            z = rng.standard_normal((3, m), dtype=dtype)
        else:
            z = rng.random((3, m), dtype=dtype)
            z *= 2
            z -= 1
        with np.errstate(divide="ignore", invalid="ignore"):
            np.divide(z[0], z[1], out=z[0])  # standardized breakpoint b/w (sign folded into the scale)
        np.multiply(z[1], z[2], out=z[1])  # standardized delta-slope w v
        for c, (k, slope, shift), x in zip(counts, maps, (z[0], z[1])):
            x *= slope
            x += shift
            ok = (x >= 0) & (x < k)
            c += np.bincount(x[ok].astype(np.int64), minlength=k)
        done += m
    return counts[0], counts[1]


def roughness(delta_slopes):
    """003 Theorem 2's roughness ``rho = sum_i mu_i^2`` (of one function: last axis).

    >>> float(roughness([1.0, -2.0]))
    5.0
    """
    try:
        mu = np.asarray(delta_slopes, dtype=float)
    except (TypeError, ValueError):
        raise InvalidArgumentType("delta_slopes", delta_slopes, "an array of finite numbers") from None
    if mu.ndim == 0 or not np.all(np.isfinite(mu)):
        raise InvalidArgument("delta_slopes", delta_slopes, "an array (at least 1-D) of finite numbers")
    return np.sum(mu**2, axis=-1)
