"""Run the ``>>>`` examples of every module of symrelu and proofs_check (one test per module).

Modules whose import needs an optional package that is not installed (torch,
dask, ...) are skipped with the reason; any other import failure fails.
"""

import doctest
import importlib
import os
import pkgutil

import pytest

import proofs_check
import symrelu

os.environ.setdefault("MPLBACKEND", "Agg")

#: top-level names of optional dependencies (extras in setup.cfg)
OPTIONAL = {"torch", "dask", "distributed", "regioncam"}


def _module_names(package):
    names = [package.__name__]
    for info in pkgutil.walk_packages(package.__path__, package.__name__ + ".", onerror=lambda name: None):
        names.append(info.name)
    return sorted(names)


#: modules whose examples take long (measured on the shared 2-core machine): their test is marked slow
SLOW_MODULES = {
    "symrelu.density_derivations",  # ~10 min wall under load (machine-checked derivations)
    "symrelu.scaling",  # 26-97 s wall under load
}

MODULES = [
    pytest.param(name, marks=pytest.mark.slow) if name in SLOW_MODULES else name
    for name in _module_names(symrelu) + _module_names(proofs_check)
]


def _optional_missing(err: BaseException) -> str | None:
    """The optional package whose absence (or broken install) made the import fail, if any."""
    name = getattr(err, "name", None) or ""
    if name.split(".")[0] in OPTIONAL:
        return name
    text = f"{type(err).__name__}: {err}"
    for package in OPTIONAL:
        if f"/{package}/" in text or f"'{package}'" in text or f"No module named '{package}" in text:
            return package
    tb = err.__traceback__
    while tb is not None:  # an OSError raised inside the optional package's own __init__ (broken install)
        filename = tb.tb_frame.f_code.co_filename
        for package in OPTIONAL:
            if f"site-packages/{package}/" in filename:
                return package
        tb = tb.tb_next
    return None


@pytest.mark.parametrize("name", MODULES)
def test_doctests(name, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # examples that write files write them here
    try:
        module = importlib.import_module(name)
    except (ImportError, OSError) as err:
        missing = _optional_missing(err)
        if missing is None:
            raise
        pytest.skip(f"{name} needs the optional package {missing!r}: {type(err).__name__}: {err}")
    finder = doctest.DocTestFinder(exclude_empty=True)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    failures = []
    for test in finder.find(module, name, globs=vars(module).copy()):
        result = runner.run(test, out=failures.append)
        assert result.attempted >= 0
    assert runner.failures == 0, "".join(failures)
