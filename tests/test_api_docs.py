"""Every public name is documented on the hand-written API pages (docs/api/*.rst)."""

import importlib
import pkgutil
from pathlib import Path

import pytest

import symrelu

DOCS = Path(__file__).resolve().parent.parent / "docs" / "api"


def _api_text() -> str:
    return "\n".join(p.read_text() for p in sorted(DOCS.glob("*.rst")))


def _public_modules():
    for info in pkgutil.walk_packages(symrelu.__path__, "symrelu."):
        if info.name.split(".")[-1].startswith("_") or "torch_bridge" in info.name or ".experiments" in info.name:
            continue
        try:
            module = importlib.import_module(info.name)
        except ImportError:  # an optional dependency is missing
            continue
        if getattr(module, "__all__", None):
            yield module


@pytest.mark.parametrize("module", list(_public_modules()), ids=lambda m: m.__name__)
def test_module_all_is_documented(module):
    text = _api_text()
    missing = [name for name in module.__all__ if f"{module.__name__}.{name}" not in text]
    assert not missing, f"undocumented in docs/api: {missing}"


def test_top_level_all_is_exported_and_documented():
    text = _api_text()
    for name in symrelu.__all__:
        obj = getattr(symrelu, name)
        home = getattr(obj, "__module__", "symrelu")
        assert f"{home}.{name}" in text, f"symrelu.{name} ({home}) is not on an API page"
