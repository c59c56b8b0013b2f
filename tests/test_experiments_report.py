"""The experiments' reporting helpers (no torch needed)."""

import pytest

from symrelu.errors import InvalidArgument
from symrelu.experiments.paper import PAPER_TABLES_1_2
from symrelu._files import replacing
from symrelu.experiments.report import format_spread, format_window, seed_spread, window_rows, write_json


def _run(seed, law, **config):
    return {"config": {"seed": seed, "n_models": len(next(iter(law.values()))), **config},
            "per_model_mse": {"tables": {"law": law}}}


def test_seed_spread_counts_runs_meeting_the_paper():
    pmin, pmean = PAPER_TABLES_1_2["law"]["x3"]
    runs = [_run(0, {"x3": [pmin / 2, pmean]}),          # meets both (equality counts)
            _run(1, {"x3": [pmin * 2, pmean * 3]}),      # min 2x, mean (2 pmin + 3 pmean) / 2 > pmean
            _run(2, {"x3": [pmin, 4 * pmean]})]
    (row,) = seed_spread(runs)
    assert row["runs"] == 3 and row["seeds"] == [0, 1, 2]
    assert row["runs_meeting_min"] == 2
    assert row["runs_meeting_mean"] == 1
    assert row["median_min"] == pmin
    assert "x^3" in format_spread([row])


def test_seed_spread_counts_against_both_versions():
    # x^11: 000 says (8.86e-7, 7.87e-6), 001 (9.58e-7, 5.30e-5); a run between the two meets 001 only
    runs = [_run(0, {"x11": [9.0e-7, 1.9e-5]}), _run(1, {"x11": [8.0e-7, 2.0e-5]})]
    (row,) = seed_spread(runs)
    assert (row["paper_min"], row["paper_001_min"]) == (8.86e-7, 9.58e-7)
    assert (row["runs_meeting_min"], row["runs_meeting_001_min"]) == (1, 2)
    assert (row["runs_meeting_mean"], row["runs_meeting_001_mean"]) == (0, 2)
    assert "≤001" in format_spread([row])


def test_seed_spread_counts_window_epochs_per_run():
    pmin, pmean = PAPER_TABLES_1_2["law"]["tanh"]
    runs = []
    for seed, per_epoch in enumerate([{"min": [pmin, pmin], "mean": [pmean, 2 * pmean]},
                                      {"min": [2 * pmin, pmin / 2], "mean": [pmean, pmean]}]):
        run = _run(seed, {"tanh": [per_epoch["min"][-1], per_epoch["mean"][-1]]})
        run["window"] = {"per_epoch": {"law": {"tanh": per_epoch}}}
        runs.append(run)
    (row,) = seed_spread(runs)
    assert row["window_epochs"] == [2, 2] and row["window_meeting_both"] == [1, 1]
    assert "[1, 1]" in format_spread([row])
    # runs without a recorded window (older results) still summarize, without the window
    (old,) = seed_spread([_run(0, {"tanh": [pmin]})])
    assert "window_meeting_both" not in old and "Epochs" not in format_spread([old])


def test_seed_spread_rejects_non_replications():
    with pytest.raises(InvalidArgument, match="distinct seeds"):
        seed_spread([_run(0, {"x3": [1e-7]}), _run(0, {"x3": [2e-7]})])
    with pytest.raises(InvalidArgument, match="batch_size"):
        seed_spread([_run(0, {"x3": [1e-7]}), _run(1, {"x3": [2e-7]}, batch_size=100)])
    with pytest.raises(InvalidArgument, match="at least one"):
        seed_spread([])


def test_spread_command(tmp_path, capsys):
    import json

    from symrelu.experiments.__main__ import main

    dirs = []
    for seed, v in enumerate([5e-8, 2e-7]):
        d = tmp_path / f"run{seed}"
        d.mkdir()
        (d / "results.json").write_text(json.dumps(_run(seed, {"x3": [v, 1e-6]})))
        dirs.append(str(d))
    assert main(["--spread", *dirs]) == 0
    out = capsys.readouterr().out
    assert "over 2 runs (seeds [0, 1])" in out and "x^3" in out
    with pytest.raises(SystemExit) as exc:
        main(["--spread", str(tmp_path / "missing")])
    assert exc.value.code == 2
    with pytest.raises(SystemExit):
        main(["--spread", dirs[0], dirs[0]])  # the same run twice is no replication


def test_window_counts_epochs_meeting_the_paper():
    pmin, pmean = PAPER_TABLES_1_2["law"]["sin"]
    window = {"law": {"sin": {"min": [pmin, 2 * pmin, pmin / 3, pmin], "mean": [pmean, pmean, 5 * pmean, 2 * pmean]}}}
    (row,) = window_rows(window, PAPER_TABLES_1_2)
    assert (row["epochs"], row["epochs_meeting_min"], row["epochs_meeting_mean"], row["epochs_meeting_both"]) == (4, 3, 2, 1)
    assert (row["min_low"], row["min_high"]) == (pmin / 3, 2 * pmin)
    assert "sin" in format_window([row])
    # a stricter paper (the perturbed statement) is met at no epoch
    (strict,) = window_rows(window, {"law": {"sin": (pmin / 4, pmean / 2)}})
    assert (strict["epochs_meeting_min"], strict["epochs_meeting_mean"], strict["epochs_meeting_both"]) == (0, 0, 0)
    # no paper number: nothing counted
    (bare,) = window_rows(window, {})
    assert bare["epochs_meeting_min"] is None and bare["epochs_meeting_both"] is None
    with pytest.raises(InvalidArgument, match="one min and one mean per epoch"):
        window_rows({"law": {"sin": {"min": [1e-7], "mean": []}}}, PAPER_TABLES_1_2)


def test_results_files_are_never_half_written(tmp_path):
    target = tmp_path / "results.json"
    write_json({"rows": [1]}, target)
    with pytest.raises(TypeError):  # not JSON: fails half-way through the dump
        write_json({"rows": [1], "bad": object()}, target)
    assert target.read_text().replace(" ", "").replace("\n", "") == '{"rows":[1]}'  # the old file, intact
    assert [p.name for p in tmp_path.iterdir()] == ["results.json"]  # no temporary left
    with replacing(tmp_path / "fig.png") as tmp:
        assert tmp.endswith(".png") and tmp.startswith(str(tmp_path))
        open(tmp, "wb").close()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fig.png", "results.json"]


def test_help_quotes_the_sizes_the_run_uses(capsys):
    # issue 18: --help said reduced runs use 3 models while Config.reduced() has 2
    from symrelu.experiments import _FULL_SIZES, _REDUCED_SIZES
    from symrelu.experiments.__main__ import main

    with pytest.raises(SystemExit):
        main(["--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert f"models per setting (default {_FULL_SIZES['n_models']}; reduced {_REDUCED_SIZES['n_models']})" in text
    assert f"{_REDUCED_SIZES['n_models']} models per setting, {_REDUCED_SIZES['pretrain_epochs']} + " \
           f"{_REDUCED_SIZES['free_epochs']} epochs" in text
    assert f"(default {_FULL_SIZES['window']}; reduced {_REDUCED_SIZES['window']})" in text
    protocol = pytest.importorskip("symrelu.experiments.protocol")  # the run's sizes are these
    for cfg, sizes in ((protocol.Config(), _FULL_SIZES), (protocol.Config.reduced(), _REDUCED_SIZES)):
        assert {k: getattr(cfg, k) for k in sizes} == sizes


def test_write_json_refuses_what_json_cannot_hold_before_writing(tmp_path):
    """Issue 13: a non-dict payload or a value JSON cannot hold names ``payload`` (not a bare TypeError from json)."""
    import sympy

    from symrelu.errors import InvalidArgumentType

    target = tmp_path / "r.json"
    for payload in (sympy.oo, [1], {"a": sympy.Integer(1)}, {"a": [1, {"b": 1j}]}):
        with pytest.raises(InvalidArgumentType, match="payload") as info:
            write_json(payload, target)
        assert info.value.name == "payload"
    assert not target.exists()
    with pytest.raises(InvalidArgumentType, match=r"complex at payload\['a'\]\[1\]\['b'\]"):
        write_json({"a": [1, {"b": 1j}]}, target)
