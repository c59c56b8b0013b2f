"""The package's structure: imports run one way, down a table of layers (docs/contributing.rst).

Imports are read statically (``ast``), module-level and function-level alike: a
lazy import inside a function is still a dependency, and hiding a cycle in one
is what these tests refuse.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "symrelu"

#: The layers, lowest first.  A module may import modules of its own layer or
#: below, never above.  A name covers a module and its submodules; the longest
#: matching name decides.  A new module goes into the lowest layer its imports allow.
LAYERS = [
    ("foundation", ["symrelu.errors", "symrelu._numbers", "symrelu._random", "symrelu._files",
                    "symrelu._cli", "symrelu.parallel", "symrelu.derivation", "symrelu.linalg",
                    "symrelu.polyhedra"]),
    ("pwl", ["symrelu.pwl"]),
    ("network", ["symrelu.network", "symrelu.batched"]),
    ("regions", ["symrelu.regions"]),
    ("construction", ["symrelu.law", "symrelu.triangle"]),
    ("law's analysis", ["symrelu.law_tools", "symrelu.law_derivations", "symrelu.scaling", "symrelu.peaks",
                        "symrelu.limit"]),
    ("analyses", ["symrelu.densities", "symrelu.density_derivations", "symrelu.function_space",
                  "symrelu.landscape", "symrelu.boolean", "symrelu.npn", "symrelu.swaps",
                  "symrelu.constructions", "symrelu.polytopes", "symrelu.tropical",
                  "symrelu.strategies"]),
    ("bridges and plots", ["symrelu.torch_bridge", "symrelu.experiments", "symrelu.plot",
                           "symrelu.sphinxext", "symrelu"]),
]

#: Function-level imports allowed to reach a higher layer (the importer, and the
#: imported module or a package of it), each with its reason.
UPWARD_LAZY = {
    ("symrelu.network", "symrelu.regions"):
        "ReLUNetwork.regions: the n-D entry point delegates to symrelu.regions (built on network) when called",
    ("symrelu.regions.complex", "symrelu.plot"):
        "RegionComplex.plot/save_svg: a convenience that loads matplotlib only when called",
}


def _allowed_upward(module: str, dep: str) -> bool:
    return any(module == m and (dep == d or dep.startswith(d + ".")) for m, d in UPWARD_LAZY)

#: Modules ``import symrelu`` must not load: the derivation catalogue, SymPy
#: (0.3 s of the import time) and the optional heavy dependencies.
NOT_ON_IMPORT = ["symrelu.scaling", "sympy", "torch", "dask", "matplotlib"]


def _modules() -> dict:
    out = {}
    for path in PACKAGE.rglob("*.py"):
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = path
    return out


MODULES = _modules()


def _imported_names(module: str, path: Path, node) -> list:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if node.level:
        base = module.split(".")
        if path.name != "__init__.py":
            base = base[:-1]
        base = base[: len(base) - (node.level - 1)]
        prefix = ".".join(base + ([node.module] if node.module else []))
    else:
        prefix = node.module
    # ``from pkg import name``: name may be a submodule
    return [prefix] + [f"{prefix}.{alias.name}" for alias in node.names]


def _owner(name: str):
    """The symrelu module a dotted name lives in (itself, or the module defining the attribute)."""
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def imports(module: str) -> dict:
    """``{imported symrelu module: lazy?}`` for ``module`` (lazy: inside a function only).

    A module importing one of its own ancestor packages is left out: Python has
    initialised the ancestors before the module runs, so that is no dependency.
    """
    path = MODULES[module]
    tree = ast.parse(path.read_text(), filename=str(path))
    found: dict = {}

    def visit(node, lazy):
        for child in ast.iter_child_nodes(node):
            inner = lazy or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
            if isinstance(child, (ast.Import, ast.ImportFrom)):
                for name in _imported_names(module, path, child):
                    owner = _owner(name)
                    if owner is None or owner == module or module.startswith(owner + "."):
                        continue
                    found[owner] = found.get(owner, True) and inner
            visit(child, inner)

    visit(tree, False)
    return found


def layer_of(module: str) -> int:
    best, best_len = None, -1
    for k, (_, names) in enumerate(LAYERS):
        for name in names:
            covers = module == name or (name != "symrelu" and module.startswith(name + "."))
            if covers and len(name) > best_len:
                best, best_len = k, len(name)
    return best


def _graph() -> dict:
    return {m: {d for d, lazy in imports(m).items() if not (lazy and _allowed_upward(m, d))} for m in MODULES}


def _cycles(graph: dict) -> list:
    """The strongly connected components with more than one module (Tarjan)."""
    index, low, stack, on_stack, out = {}, {}, [], set(), []
    counter = iter(range(10**9))

    def strong(v):
        index[v] = low[v] = next(counter)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                strong(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            strong(v)
    return out


def test_the_import_reader_sees_lazy_and_relative_imports():
    deps = imports("symrelu.triangle")
    assert deps.get("symrelu.law") is False and deps.get("symrelu.network") is False
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_no_import_cycles():
    assert _cycles(_graph()) == []


def test_every_module_has_a_layer():
    missing = sorted(m for m in MODULES if layer_of(m) is None)
    assert not missing, f"add these modules to LAYERS in tests/test_structure.py: {missing}"


def test_no_module_imports_one_above_its_layer():
    wrong = []
    for module in sorted(MODULES):
        mine = layer_of(module)
        for dep, lazy in sorted(imports(module).items()):
            theirs = layer_of(dep)
            if mine is None or theirs is None or theirs <= mine:
                continue
            if lazy and _allowed_upward(module, dep):
                continue
            wrong.append(f"{module} ({LAYERS[mine][0]}) imports {dep} ({LAYERS[theirs][0]})")
    assert not wrong, "\n".join(wrong)


def test_allowed_upward_imports_are_still_there():
    # an entry whose import is gone must leave the table, or it would allow a new one silently
    stale = [(m, d) for m, d in UPWARD_LAZY
             if m in MODULES and not any(_allowed_upward(m, dep) for dep in imports(m))]
    assert not stale


def test_import_symrelu_stays_light():
    code = (
        "import json, sys; import symrelu; "
        f"print(json.dumps([m for m in {NOT_ON_IMPORT!r} if m in sys.modules]))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert json.loads(out.stdout) == []


@pytest.mark.parametrize("name", ["Derivation", "PeakSequence", "limit_value"])
def test_lazy_top_level_names_resolve(name):
    import symrelu

    obj = getattr(symrelu, name)
    assert obj.__name__ == name and name in dir(symrelu)
