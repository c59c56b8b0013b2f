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


def test_every_argument_is_checked_and_named(tiny):
    """Issue 13: bad values give a symrelu error naming the argument, not a bare exception from json or NumPy."""
    from symrelu.errors import InvalidArgumentType

    good = _synthetic()
    arrays = results.with_arrays(good)
    fields = {**TINY["config"]}
    mse = {"tables": {"law": np.zeros((1, 2, 2))}}

    def refused(name, fn, *args, **kwargs):
        with pytest.raises((InvalidArgument, InvalidArgumentType)) as info:
            fn(*args, **kwargs)
        assert info.value.name == name or f"{name}=" in str(info.value), str(info.value)

    make = results.make_result
    refused("cfg_fields", make, "tiny", "", [0], mse, environment={}, seconds={})
    refused("cfg_fields", make, "tiny", {**fields, "n_models": 0}, [0], mse, environment={}, seconds={})
    refused("cfg_fields", make, "tiny", {**fields, "lr": float("nan")}, [0], mse, environment={}, seconds={})
    refused("seeds", make, "tiny", fields, 1.5, mse, environment={}, seconds={})
    refused("seeds", make, "tiny", fields, [0, 0], mse, environment={}, seconds={})
    refused("mse", make, "tiny", fields, [0], "ab", environment={}, seconds={})
    refused("mse['tables']['law']", make, "tiny", fields, [0], {"tables": {"law": "ab"}}, environment={}, seconds={})
    refused("environment", make, "tiny", fields, [0], mse, environment=float("nan"), seconds={})
    refused("environment", make, "tiny", fields, [0], mse, environment={"t": float("nan")}, seconds={})
    refused("seconds", make, "tiny", fields, [0], mse, environment={}, seconds={"t": object()})
    refused("threads", results.environment, float("nan"))
    refused("threads", results.environment, 0)
    refused("device", results.environment, 1, None)
    refused("path", results.load, "tiny", 1.5)
    refused("path", results.read_checked, 1.5, "tiny")
    refused("name", results.read_checked, str(tiny), float("nan"))
    results.save(good, tiny)
    refused("name", results.read_checked, str(tiny), "tables_1_3")  # the file's name is quoted: name='tables_1_3'
    refused("result", results.with_arrays, float("nan"))
    refused("result", results.with_arrays, {**good, "seeds": "ab"})
    refused("refuse", results.with_arrays, good, refuse=3)
    refused("shipped", results.compare, float("nan"), arrays)
    refused("recomputed", results.compare, arrays, "ab")
    refused("recomputed", results.compare, arrays, {**arrays, "mse": {"tables": {"other": {"x3": np.ones((2, 2))}}}})
    assert results.environment(2, "cpu")["device"] == "cpu"
