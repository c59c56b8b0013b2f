"""Statistical tests shared by the catalogue's Monte Carlo checks.

Each returns its statistic with a p-value; the claims compare the p-value with
their stated threshold (``p > 1e-3`` in the methods).  All are deterministic
given their inputs: the seeds live in the claims, next to their methods.

>>> import numpy as np
>>> rng = np.random.default_rng(0)
>>> d, p, _ = ks_continuous(rng.uniform(size=2000), lambda t: np.ones_like(t), lo_tail=0.0)
>>> p > 1e-3
True
"""

from __future__ import annotations

import math

import numpy as np
from scipy import stats

__all__ = ["ks_continuous", "chi2_joint", "batch_t_test", "excess_kurtosis", "binomial_z_test"]


def ks_continuous(sample, pdf, *, lo_tail=-np.inf, kinks=(), nodes=8):
    """KS test (``scipy.stats.kstest``) of ``sample`` against the continuous law with density ``pdf``.

    The CDF is evaluated at every sample point, so the statistic is the exact
    supremum over the real line (the empirical CDF jumps only there): from
    ``lo_tail`` (where the law starts) to the smallest point by
    ``scipy.integrate.quad``, then between consecutive points (split at
    ``kinks``, where ``pdf`` is not smooth) by ``nodes``-point Gauss--Legendre,
    accumulated.  ``pdf`` must accept NumPy arrays.  Returns
    ``(D, p-value, the CDF at the largest sample point)``; the last is the mass
    the density puts below the sample's maximum (near 1 for a density that
    integrates to 1).

    >>> d, p, top = ks_continuous(np.array([0.25, 0.75]), lambda t: np.ones_like(t), lo_tail=0.0)
    >>> round(d, 12), round(top, 12)   # D is 0.25 up to the quadrature's last bit
    (0.25, 0.75)
    """
    from scipy.integrate import quad

    cuts = np.array(sorted(set(float(c) for c in kinks)))
    x, w = np.polynomial.legendre.leggauss(nodes)

    def cdf(points):
        points = np.asarray(points, dtype=float)
        pts = np.unique(points)
        inner = cuts[(cuts > pts[0]) & (cuts < pts[-1])]
        knots = np.union1d(pts, inner)
        ends = [lo_tail] + [c for c in cuts if lo_tail < c < knots[0]] + [knots[0]]
        F0 = sum(quad(pdf, a, b, limit=200, epsabs=1e-13, epsrel=1e-11)[0] for a, b in zip(ends[:-1], ends[1:]))
        lo, hi = knots[:-1], knots[1:]
        mid, half = (hi + lo) / 2, (hi - lo) / 2
        vals = pdf(mid[:, None] + half[:, None] * x[None, :])
        mass = half * (np.asarray(vals, dtype=float) @ w)
        F = F0 + np.concatenate(([0.0], np.cumsum(mass)))
        return F[np.searchsorted(knots, points)]

    sample = np.asarray(sample, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):  # densities with a log/pole at a kink
        res = stats.kstest(sample, cdf)
        top = float(cdf([sample.max()])[0])
    return float(res.statistic), float(res.pvalue), top


def chi2_joint(bsample, msample, pdf, bedges, medges, *, nodes=12):
    """Binned chi-square of a joint sample against a joint density; the rest of the plane is one more bin.

    Bin probabilities by ``nodes``-point Gauss--Legendre in each direction.
    Bins the density gives (numerically) no mass are dropped; a sample point in
    one, or a negative bin probability, gives ``(inf, 0.0, probs)``.  Returns
    ``(chi2, p-value, the bin probabilities)``.

    >>> rng = np.random.default_rng(1)
    >>> pdf = lambda b, m: np.exp(-(b**2 + m**2) / 2) / (2 * np.pi)
    >>> chi2, p, _ = chi2_joint(rng.normal(size=4000), rng.normal(size=4000), pdf, [-1, 0, 1], [-1, 0, 1])
    >>> p > 1e-3
    True
    """
    x, wts = np.polynomial.legendre.leggauss(nodes)
    probs = np.empty((len(bedges) - 1, len(medges) - 1))
    for i in range(len(bedges) - 1):
        bl, bh = bedges[i], bedges[i + 1]
        bx = (bh - bl) / 2 * x + (bh + bl) / 2
        for j in range(len(medges) - 1):
            ml, mh = medges[j], medges[j + 1]
            mx = (mh - ml) / 2 * x + (mh + ml) / 2
            B, M = np.meshgrid(bx, mx, indexing="ij")
            probs[i, j] = (bh - bl) * (mh - ml) / 4 * np.einsum("i,j,ij->", wts, wts, pdf(B, M))
    counts, _, _ = np.histogram2d(bsample, msample, bins=[bedges, medges])
    n = len(bsample)
    rest_p = 1 - probs.sum()
    rest_c = n - counts.sum()
    obs = np.append(counts.ravel(), rest_c)
    exp = np.append(probs.ravel(), rest_p) * n
    empty = np.abs(exp) < 1e-9 * n  # bins the density says are (numerically) impossible
    if np.any(exp < -1e-9 * n) or np.any(obs[empty] > 0):
        return np.inf, 0.0, probs
    obs, exp = obs[~empty], exp[~empty]
    chi2 = float(np.sum((obs - exp) ** 2 / exp))
    return chi2, float(stats.chi2.sf(chi2, len(obs) - 1)), probs


def batch_t_test(sample_fn, stat_fn, claimed, *, batches=20, seed=0):
    """Two-sided t-test of the mean of a statistic over independent batches against a claimed value.

    ``sample_fn(rng)`` draws one batch from ``numpy.random.default_rng(seed)``
    (the batches share the generator, so they are independent); ``stat_fn``
    maps a batch to the statistic.  Returns ``(mean of the statistic, p-value)``.

    >>> mean, p = batch_t_test(lambda rng: rng.normal(size=1000), np.mean, 0.0)
    >>> abs(mean) < 0.05 and p > 1e-3
    True
    """
    rng = np.random.default_rng(seed)
    vals = np.array([stat_fn(sample_fn(rng)) for _ in range(batches)])
    se = vals.std(ddof=1) / np.sqrt(batches)
    t = (vals.mean() - claimed) / se
    return float(vals.mean()), float(stats.t.sf(abs(t), batches - 1) * 2)


def excess_kurtosis(x):
    """The sample's excess kurtosis ``m4 / m2^2 - 3`` (central moments, no bias correction).

    >>> excess_kurtosis(np.array([-1.0, 1.0]))
    -2.0
    """
    x = x - x.mean()
    return float(np.mean(x**4) / np.mean(x**2) ** 2 - 3)


def binomial_z_test(estimate, claimed, n):
    """Two-sided normal-approximation p-value of a proportion ``estimate`` from ``n`` trials against ``claimed``.

    The standard error is the claimed one, ``sqrt(c (1 - c) / n)``; a claimed
    0 or 1 gets ``1e-9`` (any other estimate then rejects it).

    >>> round(binomial_z_test(0.5, 0.5, 100), 6), binomial_z_test(0.1, 0.0, 100)
    (1.0, 0.0)
    """
    se = math.sqrt(claimed * (1 - claimed) / n) if 0 < claimed < 1 else 1e-9
    return float(2 * stats.norm.sf(abs(estimate - claimed) / se))
