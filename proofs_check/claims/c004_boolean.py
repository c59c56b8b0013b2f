"""Claims of 004 (dissertation) chapter 3 and Appendix A.5 about Boolean functions.

Fourier--Walsh metrics, NPN classes and the swaps value (eqs. 3.5--3.10,
Theorem 3.3.1, Table 3.1, Fig. 3.2, Table 3.3, §3.3.1, §3.4.2, §3.4.3, Appendix A.5).
Every check computes with `symrelu.boolean`, `symrelu.npn` and `symrelu.swaps`;
shipped package data is re-derived on a random sample inside the check.
"""

from __future__ import annotations

import copy
import math
from fractions import Fraction

import numpy as np
import sympy

from proofs_check.claim import Correction, inconclusive, refuted, verified
from proofs_check.registry import claim_sheet
from symrelu.boolean import (
    degree,
    fourier_entropy,
    parity,
    total_influence,
    truth_table,
    walsh_sums,
)
from symrelu.npn import npn_canonical, npn_class_count, npn_classes, npn_transform
from symrelu.swaps import (
    compute_fundamental_chambers,
    fundamental_chambers,
    load_results,
    swaps,
    swaps_reference,
    swaps_table,
)

sheet = claim_sheet(__file__)

_n = sympy.Symbol("n", integer=True, positive=True)


# ------------------------------------------------------------------ eq. 3.5


def _perturb_scale(data):
    return data * 2


# data: the factor in front of the sum defining fhat(S), as a function of n
@sheet.claim("004/equation-3.5", data=sympy.Integer(1), perturb=_perturb_scale)
def check_equation_3_5(data):
    """The expansion must reproduce f: test the printed normalization factor on every function."""
    factor = sympy.sympify(data)
    for n in range(1, 5):
        c = Fraction(str(sympy.nsimplify(factor.subs(_n, n))))
        codes = np.arange(1 << (1 << n), dtype=np.uint64)
        tables = truth_table(codes, n).astype(np.int64)
        sums = walsh_sums(tables)  # sum_x f(x) chi_S(x)
        index = np.arange(1 << n)
        chi = 1 - 2 * (np.bitwise_count((index[:, None] & index[None, :]).astype(np.uint64)) & 1).astype(np.int64)
        recon_num = sums @ chi  # sum_S (sum_x f chi_S) chi_S(x), integers
        # f == c * recon_num exactly  <=>  c.numerator * recon_num == c.denominator * f
        bad = np.flatnonzero(np.any(c.numerator * recon_num != c.denominator * tables, axis=1))
        if bad.size:
            code = int(codes[bad[0]])
            f = truth_table(code, n).tolist()
            got = [str(Fraction(int(v)) * c) for v in recon_num[bad[0]]]
            return refuted(
                f"with factor {factor} the expansion does not return f: n={n}, code {code}, "
                f"f = {f}, sum_S fhat(S) chi_S = {got}; the factor must be 2^-n",
                counterexample={"n": n, "code": code, "f": f, "expansion": got},
                correction=Correction(r"$\hat f(S) = 2^{-n}\sum_{x} f(x)\chi_S(x)$ (then $f=\sum_S \hat f(S)\chi_S$ and "
                                      r"$\sum_S \hat f(S)^2 = 1$)", 2 ** (-_n)))
    return verified(f"with factor {factor}, f = sum_S fhat(S) chi_S for every function of n <= 4 inputs")


# ------------------------------------------------------------------ eq. 3.6


# data: the weight of fhat(S)^2 as a function of k = |S|
@sheet.claim("004/equation-3.6", data=sympy.Symbol("k"), perturb=lambda data: data**2)
def check_equation_3_6(data):
    weight = sympy.lambdify(sympy.Symbol("k"), sympy.sympify(data), "math")
    for n in range(1, 5):
        size = 1 << n
        codes = np.arange(1 << size, dtype=np.uint64)
        tables = truth_table(codes, n)
        sums = walsh_sums(tables)
        pop = np.bitwise_count(np.arange(size, dtype=np.uint64)).astype(int)
        w = np.array([int(weight(int(k))) if float(weight(int(k))).is_integer() else None for k in pop], dtype=object)
        if any(v is None for v in w):
            return refuted(f"weight {data} is not an integer at some |S|; it cannot equal the influence")
        fourier = (sums.astype(object) ** 2 * w).sum(axis=1)  # = size^2 * sum w(|S|) fhat^2
        index = np.arange(size)
        flips = sum((tables != tables[:, index ^ (1 << k)]).sum(axis=1) for k in range(n))  # size * I(f)
        bad = np.flatnonzero(fourier != flips.astype(object) * size)
        if bad.size:
            code = int(codes[bad[0]])
            return refuted(
                f"n={n}, code {code}: sum_k Pr[f(x) != f(mu_k x)] = {Fraction(int(flips[bad[0]]), size)} "
                f"but sum_S {data} fhat(S)^2 = {Fraction(int(fourier[bad[0]]), size * size)}",
                counterexample={"n": n, "code": code},
            )
    return verified("the total influence equals sum_S |S| fhat(S)^2 for all 2^(2^n) functions, n = 1..4")


# ------------------------------------------------------------------ NPN invariance of swaps


def _op_negate_input(table, rng):
    n = table.size.bit_length() - 1
    return npn_transform(table, negate_inputs=[int(rng.integers(n))])


def _op_permute_inputs(table, rng):
    n = table.size.bit_length() - 1
    return npn_transform(table, perm=rng.permutation(n))


def _op_negate_output(table, rng):
    return npn_transform(table, negate_output=True)


def _op_flip_one_output(table, rng):  # not an NPN operation: used by the perturbation
    out = table.copy()
    out[int(rng.integers(table.size))] *= -1
    return out


_OPS = {
    "negate-input": _op_negate_input,
    "permute-inputs": _op_permute_inputs,
    "negate-output": _op_negate_output,
    "flip-one-output": _op_flip_one_output,
}


@sheet.claim("004/theorem-3.3.1", data=("negate-input", "permute-inputs", "negate-output"),
             perturb=lambda data: tuple(data) + ("flip-one-output",))
def check_theorem_3_3_1(data):
    from symrelu.npn import hyperoctahedral_group

    unknown = [op for op in data if op not in _OPS]
    if unknown:
        return inconclusive(f"unknown operations {unknown}; known: {sorted(_OPS)}")
    n = 3
    tables = truth_table(np.arange(256, dtype=np.uint64), n)
    # the direct definition (every integer w in a box meeting every chamber), not the chamber
    # algorithm `swaps`, which minimizes over the NPN orbit and so has the invariance built in
    ref = np.array([swaps_reference(t) for t in tables])
    index = {t.tobytes(): k for k, t in enumerate(tables)}
    perms, masks, maps = hyperoctahedral_group(n)
    keep = np.ones(len(masks), dtype=bool)
    if "permute-inputs" not in data:
        keep &= np.all(perms == np.arange(n), axis=1)
    if "negate-input" not in data:
        keep &= masks == 0
    signs = (1, -1) if "negate-output" in data else (1,)
    elements = [(g, sgn) for g in np.flatnonzero(keep) for sgn in signs]
    for code, t in enumerate(tables):
        images = [(f"signed permutation {g}, output sign {sgn}", sgn * t[maps[g]]) for g, sgn in elements]
        if "flip-one-output" in data:  # not an NPN operation: the perturbation
            images += [(f"flip output {v}", np.where(np.arange(t.size) == v, -t, t)) for v in range(t.size)]
        for what, image in images:
            j = index[np.ascontiguousarray(image, dtype=t.dtype).tobytes()]
            if ref[j] != ref[code]:
                return refuted(
                    f"{what} changes the swaps value (direct definition): n = 3, code {code} has swaps {int(ref[code])}, "
                    f"its image {j} has {int(ref[j])}",
                    counterexample={"n": n, "code": code, "image": int(j), "operation": what},
                )
    return verified(
        f"swaps (direct definition, eqs. 3.8-3.10) is the same on f and on every image under all {len(elements)} "
        f"elements generated by {', '.join(data)}, for all 256 functions of n = 3 (swaps values 0..3 occur "
        f"{np.bincount(ref).tolist()} times)"
    )


# ------------------------------------------------------------------ Table 3.1


def _bump(key):
    """A perturbation of a dict of counts: the one at ``key`` plus one."""

    def perturb(data):
        out = dict(data)
        out[key] = out[key] + 1
        return out

    return perturb


@sheet.claim("004/table-3.1", data={1: 1, 2: 2, 3: 3, 4: 5}, perturb=_bump(4))
def check_table_3_1(data):
    found = {}
    for n in sorted(data):
        table = swaps_table(n)
        found[n] = max(table.values())
    shipped = load_results(4)
    rng = np.random.default_rng(0)
    fresh = swaps_table(4)
    for i in rng.choice(len(shipped["codes"]), 8, replace=False):
        code, value = int(shipped["codes"][i]), int(shipped["swaps"][i])
        if fresh.get(code) != value or swaps_reference(truth_table(code, 4)) != value:
            return inconclusive(f"shipped swaps table disagrees with recomputation at class {code}")
    wrong = {n: (data[n], found[n]) for n in data if data[n] != found[n]}
    if wrong:
        return refuted(
            "printed vs computed maxima: " + ", ".join(f"n={n}: {a} vs {b}" for n, (a, b) in wrong.items()),
            counterexample=found,
            correction=Correction(f"max swaps = {found}", found),
        )
    return verified(
        f"max swaps over all functions = {found} (n = 4 classes: distribution "
        f"{dict(sorted(__import__('collections').Counter(fresh.values()).items()))}); "
        "the Omega(2^n/n) column is asymptotic and not checked"
    )


# ------------------------------------------------------------------ parity


@sheet.claim("004/section-3.3.1-parity", data=_n, perturb=lambda data: data + 1)
def check_parity(data):
    expr = sympy.sympify(data)
    for n in range(1, 6):
        value = swaps(parity(n))
        if n <= 3 and swaps_reference(parity(n)) != value:
            return inconclusive(f"the two swaps algorithms disagree on {n}-parity")
        claimed = expr.subs(_n, n)
        if claimed != value:
            return refuted(f"swaps({n}-parity) = {value}, not {claimed}", counterexample={"n": n, "swaps": value})
    return verified(
        "swaps(n-parity) = n for n = 1..5 (for all n: the all-ones w gives n changes, and s changes along "
        "a projection give a degree-s polynomial threshold representation, which parity needs degree n for)"
    )


# ------------------------------------------------------------------ Figure 3.2


def _perturb_fig(data):
    out = dict(data)
    out["functions"] = (data["functions"][0] + 1,) + tuple(data["functions"][1:])
    return out


@sheet.claim("004/figure-3.2", data={"n": 4, "swaps": 5, "functions": (1785, 7140)}, perturb=_perturb_fig)
def check_figure_3_2(data):
    n, s, funcs = data["n"], data["swaps"], tuple(data["functions"])
    table = swaps_table(n)
    classes = {npn_canonical(f, n) for f in funcs}
    values = {f: swaps(f, n) for f in funcs}
    with_s = {c for c, v in table.items() if v == s}
    if any(v != s for v in values.values()):
        return refuted(f"swaps values {values}, not all {s}", counterexample=values)
    if len(classes) != len(funcs) or classes != with_s:
        return refuted(
            f"the functions' classes {sorted(classes)} are not exactly the classes with swaps {s}: {sorted(with_s)}",
            counterexample=sorted(with_s),
        )
    return verified(f"swaps = {values}; they lie in distinct classes, which are all classes with swaps {s}")


# ------------------------------------------------------------------ Table 3.3 (convention)

_TABLE_3_3 = (
    (7140, "00011011 11100100"), (1716, "00000110 10110100"), (5804, "00010110 10101100"),
    (6042, "00010111 10011010"), (1641, "00000110 01101001"), (5805, "00010110 10101101"),
    (406, "00000001 10010110"), (5737, "00010110 01101001"), (278, "00000001 00010110"),
    (27030, "01101001 10010110"), (2022, "00000111 11100110"), (1713, "00000110 10110001"),
    (5786, "00010110 10011010"), (1717, "00000110 10110101"), (5774, "00010110 10001110"),
    (7905, "00011110 11100001"), (6038, "00010111 10010110"), (7128, "00011011 11011000"),
)


def _perturb_t33(data):
    rows = list(data["rows"])
    dec, binary = rows[0]
    rows[0] = (dec, binary[:-1] + ("1" if binary[-1] == "0" else "0"))
    return {"rows": tuple(rows), "parity": data["parity"]}


@sheet.claim("004/table-3.3", data={"rows": _TABLE_3_3, "parity": 27030}, perturb=_perturb_t33)
def check_table_3_3(data):
    for dec, binary in data["rows"]:
        if int(binary.replace(" ", ""), 2) != dec:
            return refuted(f"binary {binary} is {int(binary.replace(' ', ''), 2)}, not {dec}")
    table = truth_table(data["parity"], 4)
    # parity = product of the coordinates in the +1 <-> bit 0 reading (and XOR of the bits)
    if not np.array_equal(table, parity(4)):
        return refuted(f"{data['parity']} is not 4-parity", counterexample=table.tolist())
    return verified(
        f"all {len(data['rows'])} decimal/binary pairs agree; {data['parity']} = 0b0110100110010110 is the XOR of "
        "the input bits (inputs in lexicographic order, first input varying slowest; bit 0 <-> +1)"
    )


# ------------------------------------------------------------------ Appendix A.5


def _metric(name, tables):
    if name == "degree":
        return degree(tables).astype(float)
    if name == "influence":
        return np.array([float(v) for v in total_influence(tables)])
    if name == "entropy":
        return fourier_entropy(tables)
    if name == "mean":  # fhat(empty): not invariant under output negation (used by the perturbation)
        return walsh_sums(tables)[:, 0].astype(float)
    if name == "first-influence":  # I_1: not invariant under permutations
        return (tables != tables[:, np.arange(tables.shape[1]) ^ (tables.shape[1] >> 1)]).mean(axis=1)
    raise KeyError(name)


@sheet.claim("004/appendix-a.5", data=("degree", "entropy", "influence"), perturb=lambda data: tuple(data) + ("mean",))
def check_appendix_a5(data):
    for n in range(1, 5):
        codes = np.arange(1 << (1 << n), dtype=np.uint64)
        tables = truth_table(codes, n)
        classes = npn_canonical(codes, n)
        for name in data:
            try:
                values = _metric(name, tables)
            except KeyError:
                return inconclusive(f"unknown metric {name!r}")
            order = np.argsort(classes, kind="stable")
            cls, vals = classes[order], values[order]
            same = cls[1:] == cls[:-1]
            bad = np.flatnonzero(same & (np.abs(vals[1:] - vals[:-1]) > 1e-9))
            if bad.size:
                i = bad[0]
                a, b = int(codes[order][i]), int(codes[order][i + 1])
                return refuted(
                    f"{name} differs inside an NPN class: n={n}, codes {a} and {b} ({vals[i]} vs {vals[i + 1]})",
                    counterexample={"n": n, "codes": (a, b)},
                )
    return verified(f"{', '.join(data)} are constant on every NPN class of n <= 4 inputs")


# ------------------------------------------------------------------ NPN class counts


@sheet.claim("004/section-3.4.2", data={1: 2, 2: 4, 4: 222, 5: 616126}, perturb=_bump(5))
def check_section_3_4_2(data):
    found = {}
    for n in sorted(data):
        burnside = npn_class_count(n)
        if n <= 4 and len(npn_classes(n)) != burnside:
            return inconclusive(f"enumeration and Burnside disagree for n={n}")
        found[n] = burnside
    wrong = {n: (data[n], found[n]) for n in data if data[n] != found[n]}
    if wrong:
        return refuted(f"printed vs computed: {wrong}", counterexample=found,
                       correction=Correction(f"NPN class counts {found}", found))
    return verified(f"NPN class counts {found} (n <= 4 by enumeration and Burnside, n = 5 by Burnside)")


# ------------------------------------------------------------------ §3.3.1 class structure


def _perturb_structure(data):
    out = copy.deepcopy(data)
    out[2] = dict(out[2])
    out[2][1] += 1
    return out


@sheet.claim("004/section-3.3.1-classes", data={1: {0: 1, 1: 1}, 2: {0: 1, 1: 2, 2: 1}, 3: {"3-at-least": 2}},
             perturb=_perturb_structure)
def check_section_3_3_1_classes(data):
    dist = {}
    for n in (1, 2, 3):
        counts = {}
        for v in swaps_table(n).values():
            counts[v] = counts.get(v, 0) + 1
        dist[n] = counts
    problems = []
    for n in (1, 2):
        if dict(sorted(dist[n].items())) != dict(sorted(data[n].items())):
            problems.append(f"n={n}: printed {data[n]}, computed {dist[n]}")
    if dist[3].get(3, 0) < data[3]["3-at-least"]:
        problems.append(f"n=3: {dist[3].get(3, 0)} classes with swaps 3")
    xor = npn_canonical(truth_table(0b0110, 2))
    if swaps_table(2)[xor] != 2:
        problems.append("XOR does not have swaps 2")
    if problems:
        return refuted("; ".join(problems), counterexample=dist)
    return verified(f"class distributions of swaps values: {dist}")


# ------------------------------------------------------------------ the swaps algorithm of §3.3.1


def _perturb_orders(data):
    if isinstance(data, dict):
        out = dict(data)
        out[max(out)] += 1
        return out
    return data + 1


# data: the strict (tie-free) cases number 1, 1, then i-1 for w_i (i >= 3): (n-1)! orderings
@sheet.claim("004/section-3.3.1-algorithm", data=sympy.factorial(_n - 1), perturb=_perturb_orders)
def check_algorithm(data):
    found = {}
    for n in range(1, 6):
        if n <= 4:
            found[n] = len(compute_fundamental_chambers(n)[0])
        else:
            found[n] = len(fundamental_chambers(n)[0])  # re-verifies each witness w on load
    claimed = {n: int(data[n]) if isinstance(data, dict) else int(sympy.sympify(data).subs(_n, n)) for n in found}
    wrong = {n: (claimed[n], found[n]) for n in found if claimed[n] != found[n]}
    if wrong:
        totals = {n: 2**n * math.factorial(n) * found[n] for n in found}
        return refuted(
            "tie-free orderings with 0 < w_1 < ... < w_n: claimed vs found "
            + ", ".join(f"n={n}: {a} vs {b}" for n, (a, b) in wrong.items())
            + f"; all orderings (chambers) {totals}, not O(2^n n!) (the case list misses comparisons such as "
            "w_1 + w_4 vs w_2 + w_3)",
            counterexample=found,
            correction=Correction(
                "the tie-free orderings with 0 < w_1 < ... < w_n number 1, 1, 2, 14, 516 for n = 1..5 "
                "(OEIS A009997); all orderings number 2^n n! times that",
                found,
            ),
        )
    return verified(f"fundamental ordering counts {found}")


# ------------------------------------------------------------------ §3.4.3 maxima of the metrics


def _or_table(n):
    table = -np.ones(1 << n, dtype=np.int8)
    table[0] = 1  # bit 0 <-> +1: OR of the bits is 1 (i.e. -1) unless every bit is 0
    return table


def _inner_product_table(n):
    m = n - n % 2
    index = np.arange(1 << n)
    bits = (index[:, None] >> (n - 1 - np.arange(n))) & 1
    value = np.zeros(1 << n, dtype=np.int64)
    for k in range(0, m, 2):
        value ^= bits[:, k] & bits[:, k + 1]
    return (1 - 2 * value).astype(np.int8)


_MAXIMIZERS = {"or": _or_table, "inner-product": _inner_product_table, "parity": parity}


def _perturb_max(data):
    out = dict(data)
    out["entropy"] = "or" if data["entropy"] != "or" else "parity"
    return out


@sheet.claim("004/section-3.4.3", data={"entropy": "or", "influence": "parity", "n": (5, 6, 7, 8, 9, 10)},
             perturb=_perturb_max)
def check_section_3_4_3(data):
    if data["entropy"] not in _MAXIMIZERS or data["influence"] not in _MAXIMIZERS:
        return inconclusive(f"unknown function names in {data}")
    for n in data["n"]:
        f_inf = _MAXIMIZERS[data["influence"]](n)
        if total_influence(f_inf) != n:  # I(f) <= n always (each I_k <= 1)
            return refuted(f"I({data['influence']}_{n}) = {total_influence(f_inf)} < n")
        f_ent = _MAXIMIZERS[data["entropy"]](n)
        e_claim = fourier_entropy(f_ent)
        rivals = {name: fourier_entropy(make(n)) for name, make in _MAXIMIZERS.items()}
        better = {k: v for k, v in rivals.items() if v > e_claim + 1e-9}
        if better:
            return refuted(
                f"n={n}: E({data['entropy']}) = {e_claim:.6f} but " + ", ".join(f"E({k}) = {v:.6f}" for k, v in better.items())
                + "; OR's entropy tends to 0 (OR is nearly constant); for even n bent functions such as the inner "
                "product reach the bound n, for odd n no function reaches n (|fhat(S)| = 2^(-n/2) is impossible)",
                counterexample={"n": n, **{k: round(v, 6) for k, v in rivals.items()}},
                correction=Correction(
                    "For even n = 6, 8, 10 the Fourier entropy is maximized (value n) by bent functions such as the "
                    "inner product x1x2 + x3x4 + ... (mod 2), not by OR; influence is maximized (value n) by n-parity.",
                    {"entropy": "inner-product", "influence": "parity", "n": (6, 8, 10)},
                ),
            )
        if sympy.simplify(fourier_entropy(f_ent, exact=True) - n) != 0:
            return inconclusive(f"n={n}: E({data['entropy']}) = {e_claim:.6f} < n and no rival beats it; "
                                "maximality not certified")
    return verified(f"for n in {tuple(data['n'])}: I(parity) = n and E({data['entropy']}) = n, both the upper bound n")
