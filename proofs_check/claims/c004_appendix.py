"""Claims of 004 appendix A beyond the existing ones: the zigzag f_2 of eq. A.21 and the Fourier
coefficients of eqs. A.22-A.23.

f_2 is compared with the library's construction (`symrelu.constructions.sawtooth_network`,
one layer); Fourier coefficients come from `symrelu.boolean` on every Boolean function of
n <= 3 inputs.
"""

from __future__ import annotations

import random
from fractions import Fraction as Q

import numpy as np

from proofs_check.claim import Correction, Reading, from_readings, refuted, verified
from proofs_check.registry import claim_sheet
from symrelu.boolean import fourier_coefficients, truth_table, walsh_sums
from symrelu.constructions import interpolating_network, sawtooth_network

sheet = claim_sheet(__file__)


# -- eq. A.21: the zigzag a second layer should match ---------------------------------------------
def _f2_printed(w, x):
    i = min(int(x * w) if x * w != int(x * w) else int(x * w) - 1, w - 1) if x > 0 else 0  # x in (i/w, (i+1)/w]
    return w * (-1) ** i * (x - Q(i, w))


def _f2_zigzag(w, x):
    i = min(int(x * w) if x * w != int(x * w) else int(x * w) - 1, w - 1) if x > 0 else 0
    return w * (-1) ** i * (x - Q(i, w)) + (i % 2)


def _zigzag(data):
    for w in range(2, 6):
        net = sawtooth_network(w, 1, bias=0)  # one layer: the zigzag with peaks 1 and troughs 0 on [0, 1]
        grid = [Q(j, 4 * w) for j in range(4 * w + 1)]
        for x in grid:
            stated, built = data(w, x), net.forward([x])[0]
            if stated != built:
                return refuted(
                    f"w = {w}, x = {x}: the printed f_2 gives {stated}, the triangle wave with peaks one and "
                    f"troughs zero (symrelu.constructions.sawtooth_network) {built}; the printed pieces for odd i "
                    "are <= 0 and f_2 jumps from (-1)^(i-1) to 0 at each x = i/w",
                    counterexample={"w": w, "x": str(x), "f_2": str(stated), "wave": str(built)},
                    correction=Correction(r"$f_2(x) = w(-1)^i(x - \frac{i}{w}) + (i \bmod 2)$ for "
                                          r"$\frac{i}{w} < x \le \frac{i+1}{w}$ (i.e. $w(x - \frac iw)$ for even i, "
                                          r"$1 - w(x - \frac iw)$ for odd i)", _f2_zigzag))
    return verified("f_2 equals the library's one-layer zigzag (peaks 1, troughs 0) at 4w + 1 points of [0, 1], "
                    "w = 2..5 (exact)")


sheet.claim("004/equation-a.21", data=_f2_printed,
            perturb=lambda f: (lambda w, x: f(w, x) * (1 + x)))(_zigzag)


# -- eq. A.22: the Fourier coefficients and the Fourier polynomial ------------------------------------
def _chi(S: int, t: int, n: int) -> int:
    """chi_S(x) for the input of table index t (bit 0 means x_i = +1, coordinate 1 = most significant bit)."""
    return -1 if bin(S & t).count("1") % 2 else 1


def _fourier_polynomial(data):
    for n in (1, 2, 3):
        size = 2**n
        for code in range(2**size):
            f = truth_table(code, n)
            fhat = [Q(int(s)) * data(n) for s in walsh_sums(f)]  # sum_x f(x) chi_S(x), times the stated factor
            recon = [sum(fhat[S] * _chi(S, t, n) for S in range(size)) for t in range(size)]
            if recon != [Q(int(v)) for v in f]:
                return refuted(
                    f"n = {n}, f = {f.tolist()}: with the printed coefficients the Fourier polynomial is "
                    f"{[str(v) for v in recon]}, 2^n f rather than f",
                    counterexample={"n": n, "f": f.tolist(), "f_R": [str(v) for v in recon]},
                    correction=Correction(r"$\hat f(S) = 2^{-n} \sum_{x \in \{-1,1\}^n} f(x)\chi_S(x)$ (the mean, "
                                          "as symrelu.boolean.fourier_coefficients has it)", _normalized))
            if list(fhat) != list(fourier_coefficients(f)):
                return refuted(f"n = {n}: the coefficients differ from symrelu.boolean.fourier_coefficients")
    return verified("for every Boolean function of n = 1, 2, 3 inputs, f_R = sum_S fhat(S) chi_S equals f, and the "
                    "coefficients are symrelu.boolean.fourier_coefficients'")


def _normalized(n):
    return Q(1, 2**n)


sheet.claim("004/equation-a.22", data=lambda n: Q(1), perturb=lambda f: (lambda n: f(n) * 2))(_fourier_polynomial)


# -- eq. A.23: negating x_k flips the sign of the coefficients of the sets holding k ------------------
def _negation(data):
    n = 3
    size = 2**n
    for code in range(2**size):
        f = truth_table(code, n)
        fhat = fourier_coefficients(f)
        for k in range(1, n + 1):
            mask = 1 << (n - k)  # coordinate k's bit in table and subset indices
            g = np.array([f[t ^ mask] for t in range(size)])  # g(x) = f(x with x_k negated)
            ghat = fourier_coefficients(g)
            for S in range(size):
                if ghat[S] != data(bool(S & mask)) * fhat[S]:
                    return refuted(f"f = {f.tolist()}, k = {k}, S = {S:0{n}b}: ghat(S) = {ghat[S]}, fhat(S) = {fhat[S]}",
                                   counterexample={"f": f.tolist(), "k": k, "S": S})
    return verified("for all 256 Boolean functions of 3 inputs and k = 1, 2, 3: ghat(S) = -fhat(S) if k in S, "
                    "fhat(S) otherwise (symrelu.boolean.fourier_coefficients, exact)")


sheet.claim("004/equation-a.23", data=lambda k_in_S: -1 if k_in_S else 1,
            perturb=lambda f: (lambda k_in_S: f(not k_in_S)))(_negation)


# -- eqs. A.10-A.11: the network between two bends and its slope -----------------------------------
def _a10(d, a, xs, alpha, j, x):
    return d + sum(a[i] * (x - xs[i]) for i in range(j)) + sum(alpha * a[i] * (x - xs[i]) for i in range(j, len(a)))


def _a11(a, alpha, j):
    return sum(a[:j]) + sum(alpha * ai for ai in a[j:])


def _between_bends(data):
    a10, a11 = data
    rng = random.Random(210)
    for k in range(3, 8):
        for alpha in (Q(0), Q(1, 10), Q(1, 2)):
            points = sorted(rng.sample(range(-50, 50), k))
            net = interpolating_network([Q(p, 5) for p in points], [Q(rng.randint(-9, 9)) for _ in points], alpha=alpha)
            (W, b), (v, c) = net.layers
            a = [v[0, i] * W[i, 0] for i in range(W.shape[0])]  # eq. A.7: a_i = v_i w_i, c_i = b_i / w_i = -x_i
            xs = [-b[i] / W[i, 0] for i in range(W.shape[0])]
            d = c[0]
            ends = xs + [Q(points[-1], 5) + 1]
            for j in range(1, len(xs) + 1):  # the interval x_j < x < x_{j+1} (1-based j as in the text)
                lo, hi = ends[j - 1], ends[j]
                x_in = lo + (hi - lo) / 3
                h = (hi - lo) / 7
                value = net.forward([x_in])[0]
                slope = (net.forward([x_in + h])[0] - value) / h
                if a10(d, a, xs, alpha, j, x_in) != value or a11(a, alpha, j) != slope:
                    return refuted(f"k = {k}, alpha = {alpha}, interval {j}: network {value}, slope {slope}; "
                                   f"A.10 {a10(d, a, xs, alpha, j, x_in)}, A.11 {a11(a, alpha, j)}",
                                   counterexample={"k": k, "alpha": str(alpha), "j": j})
    return verified("on every interval between bends of Lemma A.2.1's networks (symrelu.constructions."
                    "interpolating_network, k = 3..7 points, alpha = 0, 1/10, 1/2) the network equals eq. A.10 and "
                    "its slope eq. A.11 (exact)")


sheet.claim("004/equation-a.10", data=(_a10, _a11),
            perturb=lambda d: (d[0], lambda a, alpha, j: d[1](a, alpha, j + 1)))(_between_bends)


# -- §A.3: 'This network will have w inflection points' ------------------------------------------------
def _kinks(data):
    counts = {}
    for w in range(2, 7):
        net = sawtooth_network(w, 1, bias=0)  # Lemma A.2.1's width-w zigzag on [a, b] = [0, 1]
        whole = net.to_pwl(-1, 2).output.pieces - 1  # bends on the line (the zigzag's domain extended)
        inside = net.to_pwl(0, 1).output.pieces - 1  # bends strictly inside [a, b]
        counts[w] = (whole, inside)

    def reading(which, index):
        wrong = {w: c[index] for w, c in counts.items() if c[index] != data(w)}
        if wrong:
            w = next(iter(wrong))
            return refuted(f"{which}: the width-{w} zigzag bends {wrong[w]} times, not {data(w)}",
                           counterexample=wrong,
                           correction=Correction("the width-w zigzag has w - 1 bends inside (a, b) (w with the one "
                                                 "at a)", lambda w: w - 1 if index else w))
        return verified(f"{which}: w bends for w = 2..6 ({ {w: c[index] for w, c in counts.items()} })")

    return from_readings([
        Reading.of("on-the-line", "bends of the network on the whole line (including the one at a)",
                   reading("on the line", 0)),
        Reading.of("inside", "bends strictly inside (a, b)", reading("inside (a, b)", 1)),
    ], detail="symrelu.constructions.sawtooth_network(w, 1) is Lemma A.2.1's zigzag; bends counted from its exact "
              "pieces (to_pwl).")


sheet.claim("004/appendix-a.3-triangle-wave", data=lambda w: w, perturb=lambda f: (lambda w: f(w) + 1))(_kinks)


# -- eqs. A.6-A.7: a_i = v_i w_i, c_i = b_i / w_i for units 'activated on the right' ---------------------
def _reparameterization(data):
    rng = random.Random(206)
    alphas = (Q(0), Q(1, 10), Q(1, 2))
    for w in [Q(k, 3) for k in range(-6, 7)]:
        if not data(w):
            continue
        v, b = Q(rng.randint(-9, 9) or 1), Q(rng.randint(-9, 9))
        for alpha in alphas:
            for x in (Q(-7), Q(-1, 3), Q(0), Q(2, 5), Q(6)):
                unit = v * max(alpha * (w * x + b), w * x + b)  # eq. A.6
                if w == 0:
                    return refuted(f"w_i = 0 is admitted but c_i = b_i / w_i is undefined (the unit is the constant "
                                   f"{unit}, which belongs in d)", counterexample={"w": 0},
                                   correction=Correction("for w_i > 0 (a unit with w_i = 0 is constant and joins d)",
                                                         lambda w_: w_ > 0))
                a, c = v * w, b / w
                if unit != a * max(alpha * (x + c), x + c):  # eq. A.7
                    return refuted(f"w = {w}, alpha = {alpha}, x = {x}: eq. A.6 gives {unit}, eq. A.7 "
                                   f"{a * max(alpha * (x + c), x + c)}", counterexample={"w": str(w), "x": str(x)})
    return verified("v max(alpha(w x + b), w x + b) = (v w) max(alpha(x + b/w), x + b/w) for every admitted w "
                    "(w = 1/3..2 sampled, alpha = 0, 1/10, 1/2; exact)")


sheet.claim("004/equation-a.6-a.8", data=lambda w: w >= 0,
            perturb=lambda f: (lambda w: f(w) or w < 0))(_reparameterization)
