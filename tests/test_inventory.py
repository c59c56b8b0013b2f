"""The inventories of checkable statements (proofs_check/inventory/*.json) and --coverage.

On the shipped inventories: every file follows the format (ids unique over all
files), every entry names a claim or gives a reason, and every claim it names
is registered.  That every registered claim appears in some entry is not a
test while the inventories are being written: ``python -m proofs_check
--coverage`` prints those claims as a warning.

The loader, the counts and the command line are tested on the small sample in
tests/sample_inventory/ (not a real inventory).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import proofs_check.__main__ as cli
from proofs_check import coverage as cov
from proofs_check.registry import all_claims

SAMPLE = Path(__file__).resolve().parent / "sample_inventory"
SAMPLE_CLAIMS = ["000/equation-1", "000/equation-2", "004/equation-3.5", "000/theorem-3.1"]


# --- the shipped inventories ---------------------------------------------------------


def _shipped():
    return cov.load_inventories()  # raises InventoryError on a malformed file or a repeated id


def test_shipped_inventories_follow_the_format():
    for inv in _shipped():
        assert inv.entries, f"{inv.file} has no entries"


def test_every_entry_has_a_claim_or_a_reason():
    missing = [f"{e.file}: {e.id}" for inv in _shipped() for e in inv.entries
               if e.claim is None and e.reason is None]
    assert not missing, f"entries with neither a claim nor a reason: {missing}"


def test_every_named_claim_is_registered():
    ids = {c.id for c in all_claims()}
    unknown = [f"{e.file}: {e.id} -> {e.claim}" for inv in _shipped() for e in inv.entries
               if e.claim is not None and e.claim not in ids]
    assert not unknown, f"entries naming unregistered claims: {unknown}"


def test_inventories_are_package_data_next_to_the_loader():
    assert cov.INVENTORY_DIR == Path(cov.__file__).resolve().parent / "inventory"


# --- the loader on the sample -----------------------------------------------------------


def test_sample_loads_and_counts():
    inventories = cov.load_inventories(SAMPLE)
    assert [i.file for i in inventories] == ["000.json", "004_ch1-3.json"]
    first = inventories[0]
    assert (first.seed, len(first.entries)) == ("000", 5)
    statuses = [e.status for e in first.entries]
    assert statuses == ["definition", "registered", "registered", "experiment", "todo"]
    assert first.entries[2].readings == ("regions counted over [0, 1] (nothing fixes it otherwise)",)

    result = cov.coverage(inventories, SAMPLE_CLAIMS)
    total = result.total()
    assert (total.entries, total.registered, total.missing, total.unknown) == (7, 3, 0, 0)
    assert dict(total.reasons) == {"definition": 1, "experiment": 1, "todo": 1, "historical": 1}
    assert total.covered == 6  # todo is not covered
    sections = result.documents["000_5968367b248e1529.txt"]
    assert list(sections) == ["abstract", "2", "4.1"]  # document order
    assert (sections["2"].entries, sections["2"].registered) == (2, 2)
    assert result.unlisted == ["000/theorem-3.1"]

    text = cov.format_coverage(result)
    assert "000_5968367b248e1529.txt  (000.json)" in text
    assert "All documents" in text
    assert "Warning: registered claims that no inventory entry names (1):\n  000/theorem-3.1" in text


def test_unknown_and_missing_are_reported():
    entries = [cov.Entry("000/eq-1", "2", "Eq. 1", "equation", "x", "000/nope", None),
               cov.Entry("000/eq-2", "2", "Eq. 2", "equation", "y", None, None, file="000.json")]
    result = cov.coverage([cov.Inventory("000.json", "000_x.txt", "all", tuple(entries))], [])
    assert [e.id for e in result.unknown] == ["000/eq-1"]
    assert [e.id for e in result.missing] == ["000/eq-2"]
    text = cov.format_coverage(result)
    assert "neither a claim nor a reason (1)" in text and "000/eq-1 -> 000/nope" in text


GOOD_ENTRY = {"id": "000/equation-1", "section": "2", "where": "Equation 1", "kind": "equation",
              "statement": "T(x) = 2 min(x, 1-x)", "claim": "000/equation-1", "reason": None}


def _write(tmp_path, entries, name="000.json", source="000_5968367b248e1529.txt", **top):
    doc = {"source": source, "part": "whole document", "entries": entries, **top}
    path = tmp_path / name
    path.write_text(json.dumps(doc))
    return path


@pytest.mark.parametrize("change, match", [
    ({"kind": "remark"}, "'kind' must be one of"),
    ({"id": "000/Equation 1"}, "'id' must match"),
    ({"id": "001/equation-1"}, "must start with the source's prefix '000'"),
    ({"claim": "eq-1"}, "'claim' must be a claim id"),
    ({"claim": None, "reason": "because"}, "'reason' must start with one of"),
    ({"claim": None, "reason": "todo:  "}, "must say why"),
    ({"statement": ""}, "'statement' must be a non-empty string"),
    ({"readings": "one"}, "'readings' must be a list"),
    ({"extra": 1}, "unknown keys \\['extra'\\]"),
])
def test_malformed_entries_are_rejected(tmp_path, change, match):
    path = _write(tmp_path, [{**GOOD_ENTRY, **change}])
    with pytest.raises(cov.InventoryError, match=match) as err:
        cov.load_inventory(path)
    assert str(err.value).startswith("000.json: entry 0")


def test_malformed_files_are_rejected(tmp_path):
    entry = dict(GOOD_ENTRY)
    del entry["reason"]
    with pytest.raises(cov.InventoryError, match="missing keys \\['reason'\\]"):
        cov.load_inventory(_write(tmp_path, [entry]))
    with pytest.raises(cov.InventoryError, match="used more than once"):
        cov.load_inventory(_write(tmp_path, [GOOD_ENTRY, GOOD_ENTRY]))
    with pytest.raises(cov.InventoryError, match="file name"):
        cov.load_inventory(_write(tmp_path, [GOOD_ENTRY], name="zero.json"))
    with pytest.raises(cov.InventoryError, match="does not have the file name's prefix"):
        cov.load_inventory(_write(tmp_path, [GOOD_ENTRY], name="001.json"))
    with pytest.raises(cov.InventoryError, match="unknown \\['notes'\\]"):
        cov.load_inventory(_write(tmp_path, [GOOD_ENTRY], notes="x"))
    bad = tmp_path / "002.json"
    bad.write_text("{ not json")
    with pytest.raises(cov.InventoryError, match="002.json: line 1: not valid JSON"):
        cov.load_inventory(bad)


def test_ids_unique_across_files(tmp_path):
    _write(tmp_path, [GOOD_ENTRY], name="000.json")
    _write(tmp_path, [GOOD_ENTRY], name="000_appendix.json")
    with pytest.raises(cov.InventoryError, match="already used in 000.json"):
        cov.load_inventories(tmp_path)
    assert cov.load_inventories(tmp_path / "absent") == []


# --- python -m proofs_check --coverage --------------------------------------------------


class _Fake:
    def __init__(self, id):
        self.id = id


@pytest.fixture
def coverage_cli(monkeypatch):
    def use(directory, claim_ids=SAMPLE_CLAIMS):
        monkeypatch.setattr(cov, "INVENTORY_DIR", Path(directory))
        monkeypatch.setattr(cli, "load_claims", lambda: [_Fake(i) for i in claim_ids])
    return use


def test_cli_coverage_on_the_sample(coverage_cli, capsys):
    coverage_cli(SAMPLE)
    assert cli.main(["--coverage"]) == 0
    out = capsys.readouterr().out
    assert "004_70e2a1487434168b.txt  (004_ch1-3.json)" in out
    assert "000/theorem-3.1" in out  # the warning list


def test_cli_coverage_fails_on_gaps(coverage_cli, tmp_path, capsys):
    _write(tmp_path, [{**GOOD_ENTRY, "claim": None}])
    coverage_cli(tmp_path)
    assert cli.main(["--coverage"]) == 1
    assert "neither a claim nor a reason (1)" in capsys.readouterr().out
    coverage_cli(tmp_path, claim_ids=[])
    _write(tmp_path, [GOOD_ENTRY])
    assert cli.main(["--coverage"]) == 1  # names an unregistered claim
    (tmp_path / "000.json").write_text("[]")
    assert cli.main(["--coverage"]) == 1
    assert "malformed inventory" in capsys.readouterr().err
    coverage_cli(tmp_path / "empty")
    assert cli.main(["--coverage"]) == 1
    assert "no inventory" in capsys.readouterr().err
