"""Shipped seeded results (symrelu.experiments.results) and ``--recompute`` (the latter skipped without torch)."""

import json

import numpy as np
import pytest

from symrelu.errors import InvalidArgument
from symrelu.experiments import results

TINY = {"description": "a smoke test", "config": {"n_models": 2, "pretrain_epochs": 3, "free_epochs": 3,
                                                  "targets": ("x3", "sin")}, "seeds": [0, 4]}


@pytest.fixture
def tiny(monkeypatch, tmp_path):
    monkeypatch.setitem(results.RESULTS, "tiny", TINY)
    path = tmp_path / "experiments_tiny.json"
    monkeypatch.setattr(results, "result_path", lambda name: str(path))
    return path


def _synthetic(seeds=(0, 4)):
    rng = np.random.default_rng(0)
    fields = {**TINY["config"], "lr": 1e-3}
    mse = {"tables": {k: rng.uniform(1e-8, 1e-2, size=(len(seeds), 2, 2)) for k in ("default", "law")}}
    return results.make_result("tiny", fields, list(seeds), mse, environment={"device": "cpu"}, seconds={})


def test_a_saved_result_loads_and_a_tampered_one_is_refused(tiny):
    result = _synthetic()
    results.save(result, tiny)
    back = results.load("tiny")
    assert back["mse"]["tables"]["law"]["sin"].shape == (2, 2)
    assert np.array_equal(back["mse"]["tables"]["law"]["sin"], np.array(result["mse"]["tables"]["law"]["sin"]))
    data = json.loads(tiny.read_text())
    data["mse"]["tables"]["law"]["x3"][0][0] *= 1.5
    tiny.write_text(json.dumps(data))
    with pytest.raises(InvalidArgument, match="sha256"):
        results.load("tiny")
    tiny.write_text("{not json")
    with pytest.raises(InvalidArgument, match="cannot be read"):
        results.load("tiny")
    with pytest.raises(InvalidArgument, match="name"):
        results.load("no such result")


def test_compare_reports_the_largest_relative_difference(tiny):
    a = results.with_arrays(_synthetic())
    b = results.with_arrays(_synthetic())
    assert results.compare(a, b) == {"seeds": [0, 4], "values": 16, "max_rel_diff": 0.0, "agree": True}
    b["mse"]["tables"]["law"]["x3"][1, 0] *= 1 + 1e-6
    out = results.compare(a, b, rtol=1e-9)
    assert not out["agree"] and out["max_rel_diff"] == pytest.approx(1e-6)


def test_make_result_checks_shapes(tiny):
    with pytest.raises(InvalidArgument, match="shape"):
        results.make_result("tiny", {**TINY["config"]}, [0],
                            {"tables": {"law": np.zeros((2, 2, 2))}}, environment={}, seconds={})


def test_recompute_reproduces_a_result_and_a_subset_of_its_seeds(tiny, capsys):
    pytest.importorskip("torch")
    from symrelu.experiments.__main__ import main

    assert main(["--recompute", "tiny", "--write", str(tiny), "--quiet"]) == 0
    assert "largest relative difference 0" in capsys.readouterr().out
    shipped = results.load("tiny")
    assert shipped["seeds"] == [0, 4] and shipped["environment"]["torch"]
    # one seed alone trains exactly as inside the batch of all seeds
    assert main(["--recompute", "tiny", "--recompute-seeds", "1"]) == 0
    assert "seeds [0]" in capsys.readouterr().out
    data = json.loads(tiny.read_text())
    data["mse"]["tables"]["law"]["x3"][0][0] *= 1.5
    data["sha256"] = results.content_hash(data)
    tiny.write_text(json.dumps(data))
    assert main(["--recompute", "tiny", "--recompute-seeds", "1"]) == 1
