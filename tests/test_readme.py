"""The README's examples run as written."""

import doctest
from pathlib import Path

README = Path(__file__).resolve().parent.parent / "README.md"


def test_readme_examples():
    result = doctest.testfile(str(README), module_relative=False, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0
    assert result.failed == 0


def test_quickstart_has_exactly_two_commands():
    text = README.read_text()
    section = text.split("## Quickstart", 1)[1].split("##", 1)[0]
    block = section.split("```", 2)[1]
    commands = [line for line in block.strip().splitlines() if line.strip()]
    assert len(commands) == 2
    assert "python -m proofs_check" in commands[0]
    assert "'.[test]'" in commands[1] and "pytest" in commands[1]
