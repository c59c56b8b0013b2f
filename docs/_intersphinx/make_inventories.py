"""Write the Sphinx inventories (``objects.inv``, format v2) of the external names the docs link to.

The docs build without a network, so ``intersphinx_mapping`` in ``docs/conf.py``
reads these local files instead of downloading each project's inventory.  Each
entry is a name the docs or the docstrings reference (single-backtick roles,
numpydoc parameter and return types), with the URL under which its project
publishes it (relative to the base URL in ``conf.py``; ``$`` stands for the name).

Run ``python docs/_intersphinx/make_inventories.py`` after adding names; the
``.inv`` files are committed.  A reference to a name that is not listed renders
as code without a link (``nitpicky`` is off), never as a broken link.
"""

from __future__ import annotations

import zlib
from pathlib import Path

HERE = Path(__file__).resolve().parent

#: project -> (name, role, URI relative to the project's base URL)
ENTRIES = {
    "python": [
        *[(n, "py:class", "library/functions.html#$") for n in ("int", "float", "bool", "object", "complex")],
        *[(n, "py:class", "library/stdtypes.html#$") for n in ("str", "list", "tuple", "dict", "set", "frozenset", "range")],
        ("callable", "py:function", "library/functions.html#$"),
        ("isinstance", "py:function", "library/functions.html#$"),
        ("max", "py:function", "library/functions.html#$"),
        ("min", "py:function", "library/functions.html#$"),
        *[(n, "py:data", "library/constants.html#$") for n in ("None", "True", "False", "NotImplemented")],
        *[
            (n, "py:exception", "library/exceptions.html#$")
            for n in (
                "Exception", "ValueError", "TypeError", "RuntimeError", "KeyError", "IndexError", "OverflowError",
                "ZeroDivisionError", "MemoryError", "NotImplementedError", "ImportError", "OSError", "UserWarning",
                "RuntimeWarning", "TimeoutError",
            )
        ],
        ("fractions.Fraction", "py:class", "library/fractions.html#$"),
        ("fractions", "py:module", "library/fractions.html#module-fractions"),
        ("os.PathLike", "py:class", "library/os.html#$"),
        ("os.replace", "py:function", "library/os.html#$"),
        ("os.sched_getaffinity", "py:function", "library/os.html#$"),
        ("os.cpu_count", "py:function", "library/os.html#$"),
        ("fnmatch.fnmatch", "py:function", "library/fnmatch.html#$"),
        ("pickle", "py:module", "library/pickle.html#module-pickle"),
        ("concurrent.futures.Executor", "py:class", "library/concurrent.futures.html#$"),
        ("concurrent.futures.ProcessPoolExecutor", "py:class", "library/concurrent.futures.html#$"),
        ("concurrent.futures.ThreadPoolExecutor", "py:class", "library/concurrent.futures.html#$"),
        ("concurrent.futures.Future", "py:class", "library/concurrent.futures.html#$"),
        ("doctest", "py:module", "library/doctest.html#module-doctest"),
        ("math.inf", "py:data", "library/math.html#$"),
    ],
    "numpy": [
        ("numpy.ndarray", "py:class", "reference/generated/numpy.ndarray.html#$"),
        ("numpy.float64", "py:class", "reference/arrays.scalars.html#$"),
        ("numpy.int64", "py:class", "reference/arrays.scalars.html#$"),
        ("numpy.random.Generator", "py:class", "reference/random/generator.html#$"),
        ("numpy.random.default_rng", "py:function", "reference/random/generator.html#$"),
        ("numpy.random.SeedSequence", "py:class", "reference/random/bit_generators/generated/numpy.random.SeedSequence.html#$"),
        ("numpy.histogram", "py:function", "reference/generated/numpy.histogram.html#$"),
        ("numpy.linspace", "py:function", "reference/generated/numpy.linspace.html#$"),
        ("numpy.interp", "py:function", "reference/generated/numpy.interp.html#$"),
        ("numpy.bitwise_count", "py:function", "reference/generated/numpy.bitwise_count.html#$"),
        ("numpy.testing.assert_allclose", "py:function", "reference/generated/numpy.testing.assert_allclose.html#$"),
    ],
    "scipy": [
        ("scipy.stats.rv_continuous", "py:class", "reference/generated/scipy.stats.rv_continuous.html#$"),
        ("scipy.stats.cauchy", "py:data", "reference/generated/scipy.stats.cauchy.html#$"),
        ("scipy.stats.triang", "py:data", "reference/generated/scipy.stats.triang.html#$"),
        ("scipy.stats.norm", "py:data", "reference/generated/scipy.stats.norm.html#$"),
        ("scipy.stats.kstest", "py:function", "reference/generated/scipy.stats.kstest.html#$"),
        ("scipy.stats.chisquare", "py:function", "reference/generated/scipy.stats.chisquare.html#$"),
        ("scipy.integrate.quad", "py:function", "reference/generated/scipy.integrate.quad.html#$"),
        ("scipy.optimize.linprog", "py:function", "reference/generated/scipy.optimize.linprog.html#$"),
        ("scipy.special.k0", "py:data", "reference/generated/scipy.special.k0.html#$"),
    ],
    "sympy": [
        # SymPy documents its classes under their defining modules; the public aliases point there
        ("sympy.Piecewise", "py:class", "modules/functions/elementary.html#sympy.functions.elementary.piecewise.Piecewise"),
        ("sympy.Symbol", "py:class", "modules/core.html#sympy.core.symbol.Symbol"),
        ("sympy.Rational", "py:class", "modules/core.html#sympy.core.numbers.Rational"),
        ("sympy.Float", "py:class", "modules/core.html#sympy.core.numbers.Float"),
        ("sympy.Integer", "py:class", "modules/core.html#sympy.core.numbers.Integer"),
        ("sympy.Expr", "py:class", "modules/core.html#sympy.core.expr.Expr"),
        ("sympy.Eq", "py:class", "modules/core.html#sympy.core.relational.Equality"),
        ("sympy.Equality", "py:class", "modules/core.html#sympy.core.relational.Equality"),
        ("sympy.sympify", "py:function", "modules/core.html#sympy.core.sympify.sympify"),
        ("sympy.nsimplify", "py:function", "modules/simplify/simplify.html#sympy.simplify.simplify.nsimplify"),
        ("sympy.simplify", "py:function", "modules/simplify/simplify.html#sympy.simplify.simplify.simplify"),
        ("sympy.latex", "py:function", "modules/printing.html#sympy.printing.latex.latex"),
        ("sympy.stats", "py:module", "modules/stats.html#module-sympy.stats"),
        ("sympy.stats.ContinuousRV", "py:function", "modules/stats.html#$"),
        ("sympy.stats.E", "py:function", "modules/stats.html#$"),
        ("sympy.stats.variance", "py:function", "modules/stats.html#$"),
        ("sympy.stats.cdf", "py:function", "modules/stats.html#$"),
        ("sympy.stats.density", "py:function", "modules/stats.html#$"),
        ("sympy.stats.P", "py:function", "modules/stats.html#$"),
    ],
    "mpmath": [
        ("mpmath.mpf", "py:class", "basics.html#$"),
        ("mpmath.mpc", "py:class", "basics.html#$"),
        ("mpmath.mpi", "py:class", "contexts.html#arbitrary-precision-interval-arithmetic-iv"),
        ("mpmath.iv", "py:data", "contexts.html#arbitrary-precision-interval-arithmetic-iv"),
        ("mpmath.mp", "py:data", "contexts.html#arbitrary-precision-floating-point-mp"),
        ("mpmath.quad", "py:function", "calculus/integration.html#$"),
        ("mpmath.besselk", "py:function", "functions/bessel.html#$"),
    ],
    "torch": [
        ("torch.nn.Module", "py:class", "generated/torch.nn.Module.html#$"),
        ("torch.nn.Linear", "py:class", "generated/torch.nn.Linear.html#$"),
        ("torch.nn.ReLU", "py:class", "generated/torch.nn.ReLU.html#$"),
        ("torch.nn.LeakyReLU", "py:class", "generated/torch.nn.LeakyReLU.html#$"),
        ("torch.nn.Sequential", "py:class", "generated/torch.nn.Sequential.html#$"),
        ("torch.Tensor", "py:class", "tensors.html#$"),
        ("torch.device", "py:class", "tensor_attributes.html#$"),
        ("torch.dtype", "py:class", "tensor_attributes.html#$"),
        ("torch.optim.SGD", "py:class", "generated/torch.optim.SGD.html#$"),
        ("torch.optim.Adam", "py:class", "generated/torch.optim.Adam.html#$"),
        ("torch.manual_seed", "py:function", "generated/torch.manual_seed.html#$"),
    ],
}

#: project -> (display name, version) written into the inventory header
PROJECTS = {
    "python": ("Python", "3"),
    "numpy": ("NumPy", "2"),
    "scipy": ("SciPy", "1"),
    "sympy": ("SymPy", "1"),
    "mpmath": ("mpmath", "1"),
    "torch": ("PyTorch", "2"),
}


def inventory(project: str) -> bytes:
    name, version = PROJECTS[project]
    header = (
        "# Sphinx inventory version 2\n"
        f"# Project: {name}\n"
        f"# Version: {version}\n"
        "# The remainder of this file is compressed using zlib.\n"
    ).encode()
    lines = "".join(f"{obj} {role} 1 {uri} -\n" for obj, role, uri in sorted(ENTRIES[project]))
    return header + zlib.compress(lines.encode())


def main() -> None:
    for project in ENTRIES:
        (HERE / f"{project}.inv").write_bytes(inventory(project))


if __name__ == "__main__":
    main()
