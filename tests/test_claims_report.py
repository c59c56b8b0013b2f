"""docs/make_claims_report.py writes lines docutils accepts (it refuses one over 10,000 characters)."""

import importlib.util
import pathlib

ROOT = pathlib.Path(__file__).resolve().parents[1]


def _module():
    spec = importlib.util.spec_from_file_location("make_claims_report", ROOT / "docs" / "make_claims_report.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_long_details_wrap_into_one_indented_paragraph():
    mod = _module()
    text = " ".join(f"word{i}" for i in range(3000))  # about 25,000 characters
    lines = mod._wrap(text, "   :Found: ", "      ")
    assert len(lines) > 100 and max(map(len, lines)) <= 110
    assert lines[0].startswith("   :Found: word0") and all(line.startswith("      ") for line in lines[1:])
    assert " ".join(" ".join(lines).split()[1:]) == text  # nothing lost or reordered
