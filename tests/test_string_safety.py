"""No public function evaluates a string that comes from its caller (issue 13 item 2).

``sympy.sympify`` (and ``parse_expr``) run a string as Python code, so each
entry point that used to pass a caller's value to it now refuses strings with
`InvalidArgumentType` before anything is evaluated.  Each payload below would
create a marker file if it ran.
"""

import ast
import pathlib

import pytest
import sympy

import symrelu
from symrelu.errors import InvalidArgument, InvalidArgumentType
from symrelu.landscape import two_point_problem
from symrelu.polytopes import ball_volume, expanded_simplex_facet_distance
from symrelu.sphinxext import resolve


@pytest.fixture
def payload(tmp_path):
    marker = tmp_path / "ran"
    code = f"__import__('pathlib').Path({str(marker)!r}).touch() or 1"
    yield code
    assert not marker.exists(), "the caller's string was executed"


def test_ball_volume_refuses_a_string(payload):
    with pytest.raises(InvalidArgumentType, match="r"):
        ball_volume(3, payload + "+1")


@pytest.mark.parametrize("position", [0, 1])
def test_facet_distance_refuses_a_string(payload, position):
    args = [3, 2]
    args[position] = payload
    with pytest.raises(InvalidArgumentType, match="nk"[position]):
        expanded_simplex_facet_distance(*args)


def test_restrict_refuses_a_string(payload):
    p = two_point_problem()
    case = p.cases()[0]
    with pytest.raises(InvalidArgumentType, match="expr"):
        p.restrict(payload, case)


def test_numbers_and_symbols_still_work():
    r = sympy.Symbol("r", positive=True)
    assert ball_volume(3, r) == 4 * sympy.pi * r**3 / 3
    assert expanded_simplex_facet_distance(3, 2) == sympy.sqrt(2) / 2
    m = sympy.Symbol("m", integer=True, positive=True)
    d2 = expanded_simplex_facet_distance(2 * m, m) ** 2
    assert sympy.simplify(d2 - (2 * m + 1) / (2 * m * (m + 1))) == 0


def test_resolve_calls_only_derivation_factories(tmp_path, monkeypatch):
    """A zero-argument callable that is not declared ``-> Derivation`` is refused before it runs."""
    calls = []
    monkeypatch.setattr(symrelu, "_probe", lambda: calls.append(1), raising=False)
    with pytest.raises(InvalidArgumentType, match="target"):
        resolve("symrelu:_probe")
    assert calls == []
    with pytest.raises(InvalidArgumentType, match="target"):
        resolve("os:getcwd")
    with pytest.raises(InvalidArgument, match="target"):
        resolve("symrelu.scaling:no_such_attribute")
    assert resolve("symrelu.scaling:equation_7").verdict == "verified"


def _calls(path):
    tree = ast.parse(path.read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            f = node.func
            name = f.attr if isinstance(f, ast.Attribute) else getattr(f, "id", None)
            if name in ("eval", "exec", "parse_expr", "sympify", "S"):
                yield name, node


# sympify calls that never see a caller's string, each with the reason (checked by reading the code)
_REVIEWED = {
    # _as_relation and _as_assumption use strict=True (refuse strings); _is_zero etc. see only those results
    ("derivation.py", "sympify"): "relations and assumptions strict (test_derivation_assumptions_do_not_run_code)",
    ("tropical.py", "sympify"): "network weights (validated numbers) and differences of SymPy expressions",
    ("polytopes.py", "sympify"): "only after _sympy_scalar let through a number",
    ("triangle.py", "sympify"): "wave_expr: bends built from peaks check_peaks validated (numbers, SymPy; no strings)",
}


def test_no_unreviewed_string_evaluation():
    """Every eval/exec/parse_expr/sympify call in the package is one reviewed above."""
    root = pathlib.Path(symrelu.__file__).parent
    found = set()
    for path in root.rglob("*.py"):
        rel = path.relative_to(root).as_posix()
        for name, node in _calls(path):
            if name in ("eval", "exec", "parse_expr"):
                pytest.fail(f"{rel}:{node.lineno} calls {name}")
            if name in ("sympify", "S"):
                found.add((rel, "sympify"))
    assert found <= set(_REVIEWED), sorted(found - set(_REVIEWED))


def test_row_solution_does_not_run_code(tmp_path):
    from symrelu.landscape.dissertation import row_solution

    marker = tmp_path / "ran"
    code = f"__import__('pathlib').Path({str(marker)!r}).touch() or 1"
    try:
        row_solution((0, (), {"b1": code}, 0))
    except (InvalidArgument, InvalidArgumentType):
        pass
    assert not marker.exists(), "row_solution executed the caller's string"


def test_derivation_assumptions_do_not_run_code(tmp_path):
    from symrelu.derivation import Derivation

    marker = tmp_path / "ran"
    try:
        Derivation("t", assumptions=(f"__import__('pathlib').Path({str(marker)!r}).touch() or 1",))
    except (InvalidArgument, InvalidArgumentType):
        pass
    assert not marker.exists(), "Derivation executed the caller's string"
