"""Render one sign case's derivation (LaTeX via SymPy, as reStructuredText) for the docs.

>>> text = case_derivation_rst(two_point_problem(), "-+")
>>> "math::" in text and "w_{1} = 2" in text
True
"""

from __future__ import annotations

import sympy as sp

from ..errors import InvalidArgument, InvalidArgumentType
from ._problem import LandscapeProblem, two_point_problem, xor_problem
from .experiment import ExperimentResult, run_experiment

__all__ = ["case_derivation_rst", "experiment_table_rst"]


def _math(latex: str, indent: str = "") -> str:
    return f"{indent}.. math::\n\n{indent}   {latex}\n"


def case_derivation_rst(problem: LandscapeProblem, label: str) -> str:
    """The derivation of the critical families of the case with ``label`` (see `SignCase.label`), as RST.

    Steps: the case's sign constraints, the loss polynomial, the gradient system
    (``theta(0)`` as the problem says), the projection giving the critical
    outputs, and each family's solved form, loss and classification.
    """
    if not isinstance(problem, LandscapeProblem):
        raise InvalidArgumentType("problem", problem, "a LandscapeProblem")
    if not isinstance(label, str):
        raise InvalidArgumentType("label", label, "a str (a SignCase label)")
    case = next((c for c in problem.cases(prune=False) if c.label() == label), None)
    if case is None:
        raise InvalidArgument("label", label, "the label of one of the problem's sign cases")
    land = problem.enumerate()
    fams = land.in_case(label)
    lines = [f"Case ``{label}`` (units separated by ``|``, one sign per data point "
             f"{', '.join(str(x) for x in problem.points)}; convention :math:`\\theta(0) = {problem.theta0}`).", ""]
    lines += ["Sign constraints:", "", _math(r",\quad ".join(sp.latex(r) for r in case.constraints))]
    if not case.feasible:
        lines += ["The constraints are infeasible (exact Fourier-Motzkin elimination): no critical points.", ""]
        return "\n".join(lines)
    lines += ["Loss inside the case:", "", _math("L = " + sp.latex(sp.factor_terms(problem.case_loss(case))))]
    lines += ["Gradient system:", "", ".. math::", "", r"   \begin{aligned}"]
    grad = problem.gradient(case)
    rows = [rf"   \frac{{\partial L}}{{\partial {sp.latex(s)}}} &= {sp.latex(sp.factor(g))} \\" for s, g in grad.items()]
    lines += rows + [r"   \end{aligned}", ""]
    lines += ["Critical families (the outputs at the data points are the weighted projection of the targets on "
              "the span of the features of the units with nonzero output weight, for each choice of that set):", ""]
    for f in fams:
        sol = r",\ ".join(f"{sp.latex(k)} = {sp.latex(v)}" for k, v in f.solution.items())
        nz = ", ".join(f"o_{i + 1}" for i in f.nonzero_outputs) or "none"
        outs = ", ".join(sp.latex(v) for v in f.outputs)
        lines += [f"* nonzero output weights: :math:`{nz}`; outputs :math:`v^* = ({outs})`; "
                  f"loss :math:`{sp.latex(f.loss)}`; **{f.kind}** (dimension {f.dimension}); {f.kind_note}.", "",
                  _math(sol, "  ")]
    if not fams:
        lines += ["No family meets the sign constraints.", ""]
    return "\n".join(lines)


def experiment_table_rst(*results) -> str:
    """Table 3.2's printed counts next to one or more `ExperimentResult`'s counts, as an RST list-table."""
    if not results:
        raise InvalidArgument("results", results, "at least one ExperimentResult")
    for k, r in enumerate(results):
        if not isinstance(r, ExperimentResult):
            raise InvalidArgumentType(f"results[{k}]", r, "an ExperimentResult (run_experiment)")
    lines = [".. list-table::", "   :header-rows: 1", "",
             "   * - row", "     - loss", "     - family (case, units with o != 0)", "     - printed count"]
    lines += [f"     - loss={r.loss}, biases {r.bias_init}" for r in results]
    tables = [r.table_3_2() for r in results]
    for i, rows in enumerate(zip(*tables), 1):
        loss, printed, label, _ = rows[0]
        lines += [f"   * - {i}", f"     - {loss}", f"     - ``{label}``", f"     - {printed}"]
        lines += [f"     - {row[3]}" for row in rows]
    return "\n".join(lines) + "\n"


def _main(argv=None) -> int:
    """``python -m symrelu.landscape.render``: print the derivation and table blocks of docs/landscape.rst."""
    from .._cli import Parser

    Parser(prog="python -m symrelu.landscape.render",  # no options: an unknown one is refused, not ignored
           description="Print the derivation and table blocks of docs/landscape.rst.").parse_args(argv)
    print(case_derivation_rst(xor_problem(), "+--|--+"))
    print(case_derivation_rst(two_point_problem(), "--"))
    print(experiment_table_rst(run_experiment(), run_experiment(loss="mean")))
    return 0


if __name__ == "__main__":
    import sys

    from .._cli import run_main

    sys.exit(run_main(_main))
