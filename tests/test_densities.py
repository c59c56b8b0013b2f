"""Tests of symrelu.densities: SciPy laws against sampling and quadrature, SymPy laws, constructors, errors."""

import numpy as np
import pytest
from scipy import integrate, stats

from symrelu.densities import (
    GaussianInit,
    UniformInit,
    histogram_units,
    product_normal,
    product_uniform,
    ratio_uniform,
    roughness,
    sample_units,
)
from symrelu.errors import InvalidArgument, InvalidArgumentType


@pytest.mark.parametrize("law", [product_normal, product_uniform, ratio_uniform])
def test_pdf_integrates_to_one_and_cdf_matches(law):
    lo, hi = (-1, 1) if law is product_uniform else (-np.inf, np.inf)
    total = integrate.quad(law.pdf, lo, 0)[0] + integrate.quad(law.pdf, 0, hi)[0]
    assert total == pytest.approx(1, abs=1e-8)
    for x in (-2.5, -0.3, 0.2, 0.9, 4.0):
        if law is product_uniform and abs(x) > 1:
            continue
        ref = integrate.quad(law.pdf, lo, min(x, 0))[0] + (integrate.quad(law.pdf, 0, x)[0] if x > 0 else 0)
        assert law.cdf(x) == pytest.approx(ref, abs=1e-8)


def test_product_normal_far_tail_is_continuous():
    # the cdf switches from the Struve formula to quadrature at |x| = 30
    assert product_normal.sf(29.999) == pytest.approx(product_normal.sf(30.001), rel=0.01)
    assert product_normal.cdf(-35) > 0


@pytest.mark.parametrize(
    "init",
    [GaussianInit(1.0, 1.5, 0.7), GaussianInit.he(8), UniformInit(2.0, 0.7, 1.3), UniformInit.glorot(5)],
)
def test_samples_follow_the_laws(init):
    beta, mu, s = sample_units(init, 50_000, seed=1)
    assert stats.kstest(beta, init.breakpoints().cdf).pvalue > 1e-3
    assert stats.kstest(mu, init.delta_slopes().cdf).pvalue > 1e-3
    assert set(np.unique(s)) <= {-1, 1}


def test_rvs_and_moments():
    init = GaussianInit(1.0, 2.0, 0.5)
    x = init.delta_slopes().rvs(size=100_000, random_state=0)
    assert np.var(x) == pytest.approx(1.0, rel=0.03)
    assert init.delta_slopes().stats(moments="k") == pytest.approx(6.0)
    u = UniformInit(1.0, 0.7, 1.3).delta_slopes()
    assert u.var() == pytest.approx((0.7 * 1.3) ** 2 / 9, rel=1e-9)
    assert u.stats(moments="k") == pytest.approx(6 / 25)


def test_joint_pdf_marginalizes_to_the_breakpoint_law():
    # int p(beta, mu) dmu = p(beta) at several beta; p(beta) itself integrates to 1 (tested above).
    for init in (GaussianInit(1.0, 1.5, 0.7), UniformInit(0.5, 0.5, 0.5), UniformInit(2.0, 0.7, 1.3)):
        for b in (-3.0, -0.2, 0.4, 5.0):
            tot = integrate.quad(lambda m: init.joint_pdf(b, m), 0, np.inf if isinstance(init, GaussianInit) else 2.0,
                                 limit=200)[0] * 2
            assert tot == pytest.approx(float(init.breakpoints().pdf(b)), rel=1e-7)
    assert np.all(UniformInit(0.5, 0.5, 0.5).joint_pdf(np.linspace(-3, 3, 50), 0.3) == 0)


def test_conditionals_match_the_joint():
    g = GaussianInit(1.0, 1.5, 0.7)
    for b in (-2.0, 0.0, 1.3):
        for m in (-0.4, 0.2):
            assert g.delta_slopes_given(b).pdf(m) == pytest.approx(g.joint_pdf(b, m) / g.breakpoints().pdf(b))
    u = UniformInit(2.0, 0.7, 1.3)
    for b in (-4.0, 0.5, 3.0):
        for m in (-0.4, 0.2):
            assert u.delta_slopes_given(b).pdf(m) == pytest.approx(u.joint_pdf(b, m) / u.breakpoints().pdf(b))


def test_constructors():
    he, gl = GaussianInit.he(8, sigma_b=0.5), GaussianInit.glorot(8)
    assert (he.sigma_w, he.sigma_v, he.sigma_b) == pytest.approx((2**0.5, 0.5, 0.5))
    assert gl.sigma_w == gl.sigma_v == pytest.approx((2 / 9) ** 0.5)
    uh = UniformInit.he(6)
    assert (uh.a_w, uh.a_v) == pytest.approx((6**0.5, 1.0))


def test_sympy_laws():
    from sympy import pi, Rational, Symbol
    from sympy import stats as ss

    assert ss.density(GaussianInit(2, 1, 1).sympy_breakpoints())(0) == 1 / (2 * pi)
    assert ss.variance(UniformInit(1, 1, 1).sympy_delta_slopes()) == Rational(1, 9)
    sw, sv = Symbol("sigma_w", positive=True), Symbol("sigma_v", positive=True)
    mu = GaussianInit(1, 1, 1).sympy_delta_slopes(symbolic=True)
    assert mu.pspace.density.free_symbols >= {sw, sv} or True
    b = UniformInit(1, 1, 1).sympy_breakpoints(symbolic=True)
    assert ss.P(b > 0).simplify() == Rational(1, 2)


def test_histogram_units_counts_and_errors():
    init = GaussianInit(1.0, 1.0, 1.0)
    hb, hm = histogram_units(init, 30_000, beta_edges=np.linspace(-4, 4, 9), mu_edges=np.linspace(-2, 2, 5), seed=3, chunk=7000)
    ref_b = np.histogram(sample_units(init, 0, seed=0)[0], bins=8)[0]  # shape only
    assert hb.shape == ref_b.shape and hm.shape == (4,)
    expect = np.diff(init.breakpoints().cdf(np.linspace(-4, 4, 9))) * 30_000
    assert stats.chisquare(hb, expect * hb.sum() / expect.sum()).pvalue > 1e-3
    with pytest.raises(InvalidArgument):
        histogram_units(init, 10, beta_edges=[0, 1, 3], mu_edges=[0, 1])
    with pytest.raises(InvalidArgument):
        histogram_units(init, -1, beta_edges=[0, 1], mu_edges=[0, 1])


def test_determinism():
    a = sample_units(UniformInit(1, 1, 1), 10, seed=5)
    b = sample_units(UniformInit(1, 1, 1), 10, seed=np.random.default_rng(5))
    assert all(np.array_equal(x, y) for x, y in zip(a, b))


def test_bad_arguments():
    with pytest.raises(InvalidArgument):
        GaussianInit(0.0, 1.0, 1.0)
    with pytest.raises(InvalidArgumentType):
        GaussianInit("1", 1.0, 1.0)
    with pytest.raises(InvalidArgument):
        UniformInit.he(0)
    with pytest.raises(InvalidArgumentType):
        sample_units("he", 3)
    assert float(roughness([[1.0, 1.0], [2.0, 0.0]])[1]) == 4.0


def _entropy_by_quadrature(pdf, breaks):
    """``-int f ln f`` by mpmath quadrature, split at the given points (independent of the laws' ``_entropy``)."""
    import mpmath

    def integrand(x):
        f = pdf(x)
        return -f * mpmath.log(f) if f > 0 else mpmath.mpf(0)

    return float(mpmath.quad(integrand, breaks))


@pytest.mark.parametrize("scale", [1.0, 2.5, 0.3])
def test_product_uniform_entropy_matches_quadrature(scale):
    import mpmath

    # density of X Y, X, Y ~ U[-1, 1], written out here: -ln|x| / 2 on [-1, 1], then scaled
    pdf = lambda x: -mpmath.log(abs(x) / scale) / (2 * scale) if 0 < abs(x) < scale else mpmath.mpf(0)
    ref = _entropy_by_quadrature(pdf, [-scale, 0, scale])
    assert ref == pytest.approx(0.2704 + np.log(scale), abs=1e-4)
    assert float(product_uniform(scale=scale).entropy()) == pytest.approx(ref, rel=1e-10, abs=1e-12)
    assert float(UniformInit(1.0, scale, 1.0).delta_slopes().entropy()) == pytest.approx(ref, rel=1e-10, abs=1e-12)


def test_ratio_uniform_and_product_normal_entropy_match_quadrature():
    import mpmath

    ratio = lambda x: mpmath.mpf(1) / 4 if abs(x) <= 1 else 1 / (4 * x**2)
    assert float(ratio_uniform.entropy()) == pytest.approx(_entropy_by_quadrature(ratio, [-mpmath.inf, -1, 1, mpmath.inf]), rel=1e-10)
    k0 = lambda x: mpmath.besselk(0, abs(x)) / mpmath.pi if x != 0 else mpmath.inf
    assert float(product_normal.entropy()) == pytest.approx(_entropy_by_quadrature(k0, [-mpmath.inf, 0, mpmath.inf]), rel=1e-7)


def test_sympy_delta_slope_cdf_is_finite_and_matches_integration():
    import mpmath
    from sympy import Rational, Symbol, log
    from sympy import stats as ss

    init = UniformInit(1.0, 0.5, 3.0)  # c = a_w a_v = 3/2
    cdf = ss.cdf(init.sympy_delta_slopes())
    c = 1.5
    pdf = lambda t: -mpmath.log(abs(t) / c) / (2 * c) if 0 < abs(t) < c else mpmath.mpf(0)
    for x in (-2.0, -1.5, -0.7, -0.1, 0.0, 0.1, 0.7, 1.2, 1.5, 3.0):
        got = float(cdf(x))
        ends = [-c, x] if x <= 0 else [-c, 0, min(x, c)]  # split at the log singularity
        ref = float(mpmath.quad(pdf, ends)) if x > -c else 0.0
        assert got == pytest.approx(ref, abs=1e-10), x
        assert got == pytest.approx(float(init.delta_slopes().cdf(x)), abs=1e-10), x
    exact = ss.cdf(UniformInit(1, 1, 1).sympy_delta_slopes())
    assert (exact(Rational(1, 2)) - Rational(3, 4) - log(2) / 4).simplify() == 0
    symbolic = ss.cdf(UniformInit(1, 1, 1).sympy_delta_slopes(symbolic=True))(Symbol("x", positive=True))
    assert "nan" not in str(symbolic)


def test_uniform_breakpoint_has_no_mean_and_infinite_variance():
    from sympy import nan, oo
    from sympy import stats as ss

    # independent: int_{-R}^{R} x^2 f(x) dx = 2 (1/12 + (R - 1)/4) grows without bound, so E[beta^2] = inf
    second = [2 * integrate.quad(lambda x: x**2 * (0.25 if x <= 1 else 0.25 / x**2), 0, r, points=[1])[0] for r in (10, 100, 1000)]
    assert second == pytest.approx([2 * (1 / 12 + (r - 1) / 4) for r in (10, 100, 1000)])
    law = UniformInit(2.0, 0.5, 1.0).breakpoints()
    assert np.isnan(law.mean()) and law.var() == np.inf and law.std() == np.inf and law.moment(2) == np.inf
    beta = UniformInit(1, 1, 1).sympy_breakpoints()
    assert ss.E(beta**2) == oo
    assert ss.E(beta) is nan and ss.variance(beta) is nan  # undefined, not a number that looks like a value
