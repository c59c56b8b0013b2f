"""Claims of 004 chapter 5: the XOR network's pieces, region counts, the sine baseline, the tropical form.

The network of eqs. 5.10-5.11 / 5.21 is ``[1, -2] relu([[1, 1], [1, 1]] x + [1, 0]) - 1``.
Functions on the plane are compared exactly with `symrelu.tropical.same_cpwl`.
"""

from __future__ import annotations

from fractions import Fraction as Q

import sympy as sp

from proofs_check.claim import Correction, refuted, verified
from proofs_check.registry import claim_sheet
from symrelu.network import ReLUNetwork
from symrelu.tropical import cell_points, network_expression, same_cpwl, tropical_form

sheet = claim_sheet(__file__)

x1, x2 = sp.symbols("x1 x2")
T = x1 + x2
XOR_NET = ReLUNetwork([([[1, 1], [1, 1]], [1, 0]), ([[1, -2]], [-1])])  # eqs. 5.10-5.11, 5.21


def _check_513(data):
    x = [Q(-1), Q(1, 2)]
    z = XOR_NET.preactivations([x])[0][0].tolist()
    stated = [Q(str(v)) for v in data]
    if z == stated:
        return verified(f"A x + b = {[str(v) for v in z]} at x = (-1, 1/2)")
    return refuted(f"A x + b = {[str(v) for v in z]} at x = (-1, 1/2), not {[str(v) for v in stated]}", counterexample=z)


sheet.claim("004/equation-5.13", data=(sp.Rational(1, 2), sp.Rational(-1, 2)), perturb=lambda d: (d[0], -d[1]))(_check_513)


def _pattern_term(bits: str) -> sp.Expr:
    """The linear term of the network with the units masked by ``bits`` (1 = active)."""
    (W, b), (v, c) = XOR_NET.layers
    z = [W[i, 0] * x1 + W[i, 1] * x2 + b[i] for i in range(2)]
    return sp.expand(sum(int(bit) * v[0, i] * z[i] for i, bit in enumerate(bits)) + c[0])


def _check_514(data):
    """Each (linear term, region, bit pattern): the pattern is the region's, the term the network's piece."""
    for term, region, bits in data:
        region = sp.sympify(region)
        term = sp.sympify(term)
        if sp.expand(term - _pattern_term(bits)) != 0:
            return refuted(
                f"bit pattern {bits}: the network's linear term is {_pattern_term(bits)}, not {term}",
                counterexample={"bits": bits, "term": str(_pattern_term(bits))},
                correction=Correction(
                    r"$v(x) = -x_1-x_2$ ($x_1+x_2 \ge 0$, 11); $x_1+x_2$ ($-1 \le x_1+x_2 \le 0$, 10); "
                    r"$-2x_1-2x_2-1$ (empty region, 01); $-1$ ($x_1+x_2 \le -1$, 00)",
                    CORRECT_514,
                ),
            )
        # Inside a nonempty region the units' states must be the stated bits.
        (W, b), _ = XOR_NET.layers
        for t in (Q(-3), Q(-1, 2), Q(1, 2), Q(3)):
            point = {x1: t, x2: 0}
            if bool(region.subs(point)):
                state = "".join("1" if W[i, 0] * t + b[i] > 0 else "0" for i in range(2))
                if state != bits:
                    return refuted(f"at x1 + x2 = {t} (in the region of {bits}) the units are {state}", counterexample=t)
    return verified("every piece's linear term is the masked network's, and every nonempty region has its bit pattern")


CORRECT_514 = (
    (-T, sp.Le(0, T), "11"),
    (T, sp.And(sp.Le(-1, T), sp.Le(T, 0)), "10"),
    (-2 * T - 1, sp.And(sp.Le(0, T), sp.Le(T, -1)), "01"),
    (sp.Integer(-1), sp.Le(T, -1), "00"),
)

sheet.claim("004/equation-5.14",
            data=(
        (-T + 1, sp.Le(0, T), "11"),
        (T + 1, sp.And(sp.Le(-1, T), sp.Le(T, 0)), "10"),
        (-4 * T + 3, sp.And(sp.Le(0, T), sp.Le(T, -1)), "01"),
        (sp.Integer(-1), sp.Le(T, -1), "00"),
    ),
            perturb=lambda d: tuple((term + 1 if bits == "10" else term, region, bits) for term, region, bits in d))(_check_514)


def _check_515(data):
    # Count the cells of an arrangement of 3 lines in general position in the plane (exact cell points).
    lines = [x1 - 2 * x2, x1 + x2 - 1, 3 * x1 + x2 + 2]
    signs = {tuple(sp.sign(l.subs({x1: p[0], x2: p[1]})) for l in lines) for p in cell_points(lines, (x1, x2))}
    formula = sum(sp.binomial(3, i) for i in range(3))
    if len(signs) == formula == data:
        return verified(f"sum_(i<=2) C(3, i) = {formula} = the cells of 3 lines in general position (counted exactly)")
    return refuted(f"3 lines in general position make {len(signs)} regions; the formula gives {formula}", counterexample=len(signs))


sheet.claim("004/equation-5.15", data=7, perturb=lambda d: d + 1)(_check_515)


def _check_516(data):
    x = sp.Symbol("x", real=True)
    mse = sp.integrate(sp.sin(x) ** 2, (x, -sp.pi, sp.pi)) / (2 * sp.pi)
    if sp.simplify(mse - data) == 0:
        return verified(f"(1/2pi) int_(-pi)^pi sin^2 = {mse}")
    return refuted(f"(1/2pi) int_(-pi)^pi sin^2 = {mse}, not {data}", counterexample=mse)


sheet.claim("004/equation-5.16", data=sp.Rational(1, 2), perturb=lambda d: d + sp.Rational(1, 10))(_check_516)


def _check_522(data):
    net = network_expression(XOR_NET, (x1, x2))
    same, point = same_cpwl(net, data, (x1, x2))
    F, G = tropical_form(XOR_NET, (x1, x2))
    derived = sp.Max(*F) - sp.Max(*G)
    if not same_cpwl(net, derived, (x1, x2))[0]:  # the library's own tropical form must be right
        raise AssertionError("tropical_form disagrees with the network")
    if same:
        return verified(f"equals the network of eq. 5.21 on the whole plane (exact, cell by cell); tropical form {derived}")
    value_net = net.subs({x1: point[0], x2: point[1]})
    value_stated = data.subs({x1: point[0], x2: point[1]})
    return refuted(
        f"at x = ({point[0]}, {point[1]}) the network of eq. 5.21 gives {value_net} and the statement {value_stated}",
        counterexample={"x": (str(point[0]), str(point[1])), "network": str(value_net), "stated": str(value_stated)},
        correction=Correction(
            r"$f(x) = \max\{-1, x_1 + x_2\} - \max\{0, 2x_1 + 2x_2\} = "
            r"(-1 \oplus x_1 \otimes x_2) \oslash (0 \oplus x_1^{\odot 2} \otimes x_2^{\odot 2})$",
            derived,
        ),
    )


sheet.claim("004/equation-5.22", data=sp.Max(-1, -1 + x1 + x2) - sp.Max(0, 2 * x1 + 2 * x2),
            perturb=lambda d: d + sp.Max(0, x1 - 1) / 2)(_check_522)

sheet.claim("004/equation-5.22-tropical", data=sp.Max(-1, -1 + x1 + x2) - sp.Max(0, -2 + 2 * x1 + 2 * x2),
            perturb=lambda d: d + sp.Max(0, x2) / 3)(_check_522)
