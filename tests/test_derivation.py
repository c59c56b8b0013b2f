"""Tests of symrelu.derivation (Derivation, Step) and the Sphinx directive's resolver."""

import dataclasses
import re
import shutil
import subprocess

import pytest
import sympy
from hypothesis import given
from hypothesis import strategies as st

from symrelu.derivation import HOWS, Derivation, DerivationCheck, Step
from symrelu.errors import InvalidArgument, InvalidArgumentType
from symrelu.sphinxext import resolve

x, y, c = sympy.symbols("x y c")
n = sympy.Symbol("n", integer=True, nonnegative=True)
k = sympy.Symbol("k", integer=True)
a = sympy.IndexedBase("a")
GAUSS = sympy.Sum(k, (k, 0, n))


def _good():
    return Derivation(
        "good",
        [
            Step(sympy.Eq(y, x + 1), "definition", how="given", label="def"),
            Step(sympy.Eq(y**2, x**2 + 2 * x + 1), "square", how="substitute", using=["def"]),
            Step(sympy.Eq(y, 2 * c), "hypothesis", how="given", label="h"),
            Step(sympy.Eq(x, 2 * c - 1), "eliminate y", how="eliminate", using=["def", "h"], eliminate=y, solve_for=x),
            Step(sympy.Eq(GAUSS, n * (n + 1) / 2), "Gauss", how="induction", index=n, base=0,
                 recurrence=sympy.Eq(GAUSS.subs(n, n + 1), GAUSS + n + 1)),
            Step(x * (1 - x) <= sympy.Rational(1, 4), "parabola", assumptions=(x > 0, x < 1)),
            Step(sympy.Eq(sympy.Symbol("ok"), 1), "an exact computation", how="exact", check=lambda: (2 + 2 == 4, "2 + 2 = 4")),
        ],
    )


def test_a_correct_derivation_verifies():
    check = _good().check()
    assert isinstance(check, DerivationCheck)
    assert check.verdict == "verified"
    assert [r.verdict for r in check.results] == ["given", "verified", "given", "verified", "verified", "verified", "verified"]
    assert check.failed_steps == []


def test_a_wrong_step_fails_and_says_which():
    d = _good().then(sympy.Eq((x + 1) ** 2, x**2 + x + 1, evaluate=False), "a wrong expansion", label="bad")
    check = d.check()
    assert check.verdict == "failed"
    (bad,) = check.failed_steps
    assert bad.position == 8 and bad.label == "bad"
    assert "is not 0" in bad.detail and "x" in bad.detail
    assert "(bad)" in str(d) and "failed" in str(d)


def test_wrong_induction_and_elimination_fail():
    wrong = Derivation("w", [
        Step(sympy.Eq(GAUSS, n**2), "wrong closed form", how="induction", index=n, base=0,
             recurrence=sympy.Eq(GAUSS.subs(n, n + 1), GAUSS + n + 1)),
        Step(sympy.Eq(y, x + 1), "h1", how="given", label="h1"),
        Step(sympy.Eq(y, 3), "h2", how="given", label="h2"),
        Step(sympy.Eq(x, 3), "wrong", how="eliminate", using=["h1", "h2"], eliminate=y, solve_for=x),
    ])
    res = wrong.check().results
    assert res[0].verdict == "failed" and "induction step" in res[0].detail
    assert res[3].verdict == "failed" and "x = 2" in res[3].detail


def test_sampling_alone_never_verifies_but_can_refute():
    d = Derivation("s", [
        Step(sympy.Eq((x + y) ** 2, x**2 + 2 * x * y + y**2), "sampled", how="sample", samples=5),
        Step(sympy.Eq(x * y, x + y), "false", how="sample", samples=5),
    ])
    r = d.check().results
    assert r[0].verdict == "inconclusive" and "never verifies" in r[0].detail
    assert r[1].verdict == "failed" and "counterexample" in r[1].detail
    assert d.verdict == "failed"


def test_supplementary_sampling_catches_what_simplify_cannot_decide():
    f = sympy.Function("f")
    step = Step(sympy.Eq(f(x), f(x) + x), "unknown function", samples=4)
    assert Derivation("t", [step]).check().results[0].verdict in ("failed", "inconclusive")


def test_exact_step_failure_and_crash_are_reported():
    d = Derivation("e", [
        Step(sympy.Eq(x, x, evaluate=False), "false computation", how="exact", check=lambda: (False, "1 != 2")),
        Step(sympy.Eq(x, x, evaluate=False), "crash", how="exact", check=lambda: 1 / 0),
    ])
    r = d.check().results
    assert (r[0].verdict, r[0].detail) == ("failed", "1 != 2")
    assert r[1].verdict == "inconclusive" and "ZeroDivisionError" in r[1].detail


def test_check_runs_once_and_is_cached():
    calls = []
    d = Derivation("c", [Step(sympy.Eq(x, x, evaluate=False), "count", how="exact", check=lambda: calls.append(1) or True)])
    first = d.check()
    assert d.check() is first and d.verdict == "verified"
    assert len(calls) == 1


def test_immutable():
    d = _good()
    with pytest.raises(dataclasses.FrozenInstanceError):
        d.title = "other"
    with pytest.raises(dataclasses.FrozenInstanceError):
        d.steps[0].relation = sympy.Eq(x, 0)
    longer = d.then(sympy.Eq(x + x, 2 * x, evaluate=False), "collect")
    assert len(longer.steps) == len(d.steps) + 1 and isinstance(d.steps, tuple)


def test_tuple_steps_are_accepted():
    d = Derivation("t", [(sympy.Eq(x * (x + 1), x**2 + x, evaluate=False), "expand", "simplify")])
    assert d.verdict == "verified"


def test_rendering():
    d = _good()
    latex = d.to_latex()
    assert latex.startswith(r"\textbf{good}") and r"\begin{align*}" in latex and "Verdict: verified" in latex
    assert d._repr_latex_().startswith("$\\displaystyle")
    rst = d.to_rst()
    assert rst.startswith("good\n----") and rst.count(".. math::") == 7 and rst.endswith("**Verdict: verified**")
    text = str(d)
    assert text.splitlines()[0] == "good" and text.endswith("Verdict: verified")

    class Printer:
        out = ""

        def text(self, t):
            Printer.out += t

        def break_(self):
            Printer.out += "\n"

    d._repr_pretty_(Printer(), False)
    assert Printer.out == text


def test_justification_is_escaped():
    d = Derivation("t_1 & 50%").then(sympy.Eq(x + x, 2 * x, evaluate=False), "a_b *c* `d`")
    assert r"\textbf{$t_{1}$ \& 50\%}" in d.to_latex()
    assert r"a\_b \*c\* \`d\`" in d.to_rst()


def test_bad_input():
    with pytest.raises(InvalidArgument):
        Step(sympy.Eq(x, 1), "why", how="magic")
    with pytest.raises(InvalidArgument):
        Step(sympy.Eq(x, 1), "why", how="exact")
    with pytest.raises(InvalidArgument):
        Step(sympy.Eq(x, 1), "why", how="induction", index=n)
    with pytest.raises(InvalidArgumentType):
        Step(sympy.Eq(x, 1), 42)
    with pytest.raises(InvalidArgumentType):
        Step("not sympy", "why")
    with pytest.raises(InvalidArgument):
        Derivation("")
    with pytest.raises(InvalidArgument):
        Derivation("t", [Step(sympy.Eq(x, 1), "a", how="given", label="s"), Step(sympy.Eq(x, 1), "b", how="given", label="s")])
    d = Derivation("t", [Step(sympy.Eq(x, 1), "uses a later step", how="substitute", using=["nope"])])
    assert d.check().results[0].verdict == "inconclusive" and "earlier step" in d.check().results[0].detail
    assert set(HOWS) >= {"simplify", "substitute", "eliminate", "induction", "exact", "sample", "given"}


@given(st.lists(st.integers(-5, 5), min_size=1, max_size=4), st.integers(0, 3))
def test_polynomial_identities_verify_and_perturbations_fail(coeffs, which):
    poly = sum(cf * x**e for e, cf in enumerate(coeffs))
    expanded = sympy.expand(poly * (x + 1))
    good = Derivation("p").then(sympy.Eq(poly * (x + 1), expanded, evaluate=False), "expand")
    assert good.verdict == "verified"
    bad = Derivation("p").then(sympy.Eq(poly * (x + 1), expanded + x ** (which % len(coeffs)), evaluate=False), "expand")
    assert bad.verdict == "failed"


def test_resolve():
    assert resolve("symrelu.scaling:equation_9").verdict == "verified"
    with pytest.raises(InvalidArgument):
        resolve("symrelu.scaling.equation_9")
    with pytest.raises(InvalidArgumentType):
        resolve("symrelu.scaling:law_scales.__doc__")


# -- repr, cached check, LaTeX that pdflatex compiles (issue 18) ------------------------------
def _counting(calls):
    return Derivation("counted", [
        Step(sympy.Eq(x, x, evaluate=False), "count", how="exact", check=lambda: calls.append(1) or True),
        Step(sympy.Eq(x * (x + 1), x**2 + x), "expand"),
    ])


def test_short_repr_and_every_rendering_checks_once():
    calls = []
    d = _counting(calls)
    assert repr(d) == "<Derivation 'counted': 2 steps, not checked yet: .check()>" and calls == []
    str(d), d._repr_latex_(), d.to_latex(), d.to_rst()

    class Printer:
        def text(self, t): pass

        def break_(self): pass

    d._repr_pretty_(Printer(), False)
    assert calls == [1]  # one check for all five renderings
    assert repr(d) == "<Derivation 'counted': 2 steps, verified>"
    big = _good()
    assert len(repr(big)) < 80 and repr(big).startswith("<Derivation 'good': 7 steps")
    # a replaced derivation is checked afresh, not served the old cache
    other = dataclasses.replace(d, steps=d.steps[1:])
    assert repr(other).endswith("not checked yet: .check()>") and other.check().results[0].how == "simplify"


def _nasty():
    alpha, tau = sympy.symbols("α τ", positive=True)
    return Derivation("T_{n+1} ≥ W_i — 50% & #1, §5 ~ $x$", [
        Step(sympy.Eq(alpha * tau, tau * alpha, evaluate=False), "Σ_{n=i}^{N} s_n ≤ 1/4 · max_{k} Π_{k≥i} (1 - a_{i+1}) → 0; x_depth^2 {braces} \\cmd",
             label="law_{i+1}"),
        Step(sympy.Eq(x + x, 2 * x, evaluate=False), "café – naïve ∂ ∞ ± é", label="x_1 & y"),
    ], summary="s")


def _brace_balance(tex):
    depth = 0
    for m in re.finditer(r"\\[{}]|[{}]", tex):
        if len(m.group()) == 1:
            depth += 1 if m.group() == "{" else -1
            assert depth >= 0
    return depth


def _check_latex_structure(d):
    for tex in (d.to_latex(), d._repr_latex_()):
        assert tex.isascii(), [ch for ch in tex if not ch.isascii()]
        assert "\\_\\{" not in tex
        assert _brace_balance(tex) == 0
        rows = [row for row in tex.split("\\\\") if "\\quad" in row]
        assert len(rows) == len(d.steps)
        for row, label in zip(rows, d.labels):
            # the label is inside \text{(...)}, right at the row's start
            assert re.match(r"\s*(\\begin\{aligned\}|\$\\displaystyle \\begin\{aligned\})?\s*&\\text\{\(", row.split("\\begin{align*}")[-1])


def test_to_latex_is_ascii_with_labels_in_text():
    d = _nasty()
    _check_latex_structure(d)
    tex = d.to_latex()
    assert r"$\Sigma_{n=i}^{N}$" in tex and r"$a_{i+1}$" in tex and r"$\le$" in tex and "---" in tex
    assert r"\text{($\mathrm{law}_{i+1}$)}" in tex and r"\text{($x_{1}$ \& y)}" in tex and r"x\_depth\^{}2" in tex
    assert r"\alpha" in tex and r"\tau" in tex  # Unicode symbol names as commands
    assert "cafe" in tex and "\\%" in tex and "\\#1" in tex


def test_real_derivations_latex_structure():
    from symrelu import density_derivations, law_derivations

    for d in (law_derivations.equation_7(), law_derivations.lemma_a7(), density_derivations.theorem_2()):
        _check_latex_structure(d)


@pytest.mark.skipif(shutil.which("pdflatex") is None, reason="pdflatex is not installed")
def test_to_latex_compiles_with_pdflatex(tmp_path):
    from symrelu import density_derivations, law_derivations

    parts = []
    for d in (_nasty(), _good(), law_derivations.equation_7(), law_derivations.lemma_a7(), density_derivations.theorem_2()):
        parts += [d.to_latex(), d._repr_latex_()]
    (tmp_path / "d.tex").write_text(
        "\\documentclass{article}\n\\usepackage{amsmath}\n\\begin{document}\n" + "\n\n".join(parts) + "\n\\end{document}\n")
    run = subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "d.tex"],
                         cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stdout[-2000:]
    log = (tmp_path / "d.log").read_text(errors="replace")
    assert "Missing character" not in log


def test_is_zero_refuses_what_is_not_an_expression():
    """Issue 13: a list gave a bare SympifyError; now an InvalidArgumentType naming expr."""
    from symrelu.derivation import is_zero

    for bad in ([], [1], b"x", None, object()):
        with pytest.raises(InvalidArgumentType, match="expr"):
            is_zero(bad)
    assert is_zero(0) is True and is_zero(sympy.Symbol("a") - 1) is False


def test_step_how_must_be_a_name():
    # SYMRELU_FUZZ_SEED=32: an array as how raised numpy's bare "truth value ... ambiguous"
    import numpy as np
    import sympy

    from symrelu.derivation import Step
    from symrelu.errors import InvalidArgument

    x = sympy.Symbol("x")
    with pytest.raises(InvalidArgument, match="how="):
        Step(sympy.Eq(x, x), "trivial", how=np.zeros((3, 0)))
