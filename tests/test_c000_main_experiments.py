"""The seeded runs behind 000's main-body experimental sentences (symrelu/experiments/runs/r000_main.py)."""

import numpy as np
import pytest

from proofs_check.claims.c000_experiments import _shift_tests, retained_depth
from symrelu.experiments.function_space_runs import RUNS, load_run
from symrelu.experiments.results import load

MAIN_RUNS = ("000_section_4_3_bends", "000_section_4_3_shallow", "000_figure_4_sparse", "000_section_5")


def test_retained_depth_counts_leading_layers_that_split_most_regions():
    regions = np.array([[2, 4, 8, 16, 32],    # the constructed network: every layer doubles
                        [2, 4, 8, 11, 16],    # layer 4 grows by 11/8 < 1.5: 3 kept
                        [1, 2, 4, 8, 16],     # layer 1 makes no split: 0 kept
                        [3, 6, 12, 18, 27]])  # growth 1.5 counts as kept
    assert retained_depth(regions).tolist() == [5, 3, 0, 5]
    assert retained_depth(regions, growth=2.0).tolist() == [5, 3, 0, 3]


def test_shift_tests_see_the_shift():
    a = np.linspace(-8, -7, 10)  # log10 losses two decades below b
    b = a + 2
    less, greater, gaps = _shift_tests([("x", a, b, 1, False)], 0.01)
    assert less[0] < 0.01 and greater[0] > 0.5 and gaps[0] == pytest.approx(2)
    less, greater, _ = _shift_tests([("x", a, b, 3, True)], 0.01)  # three decades claimed: the opposite holds
    assert greater[0] < 0.01 and less[0] > 0.5


@pytest.mark.parametrize("name", MAIN_RUNS)
def test_main_runs_ship_with_their_configuration(name):
    r = load_run(name)
    assert r["config"] == RUNS[name]["config"] and r["seeds"] == RUNS[name]["seeds"]


def test_bends_run_retrains_the_shipped_default_networks():
    # the run draws and trains the default networks as run_seeded does: the same final MSEs as tables_1_3
    run, shipped = load_run("000_section_4_3_bends"), load("tables_1_3")
    for t, v in run["values"]["default"].items():
        np.testing.assert_allclose(np.asarray(v["mse"]), shipped["mse"]["tables"]["default"][t], rtol=1e-6)


def test_sparse_run_retrains_the_shipped_table_3_networks():
    run, shipped = load_run("000_figure_4_sparse"), load("tables_1_3")
    for kind in ("default", "law"):
        for t, v in run["values"][kind].items():
            np.testing.assert_allclose(np.asarray(v["test_mse"]), shipped["mse"]["sparse_test"][kind][t], rtol=1e-6)


def test_section_5_runner_smoke():
    pytest.importorskip("torch")
    from symrelu.experiments.runs.r000_main import RUNNERS

    cfg = {**RUNS["000_section_5"]["config"], "pretrain_epochs": 2, "free_epochs": 2, "problems": ["x3_minus_x"]}
    out = RUNNERS["000_section_5"](cfg, [0, 1])["x3_minus_x"]
    assert len(out["blocks"]) == 2 and len(out["standard_8"]) == 2
    # two convex blocks of depth 5 at the switch: many more pieces than a fresh 8 x 5 Kaiming network has
    assert min(out["pieces_at_switch"]) > max(out["pieces_standard_8"])


def test_recompute_compares_the_common_seeds():
    from symrelu.experiments.runs.r000_main import COMPARE

    old = {"seeds": [0, 1, 2], "values": {"a": {"x": [[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]}, "networks_with_merges": 7}}
    new = {"seeds": [1], "values": {"a": {"x": [[3.0, 4.0]]}, "networks_with_merges": 0}}
    assert COMPARE["000_section_5"](new, old) == 0.0
    new["values"]["a"]["x"] = [[3.0, 4.4]]
    assert COMPARE["000_section_5"](new, old) == pytest.approx(0.1)
    assert np.isnan(COMPARE["000_section_5"]({**new, "seeds": [9]}, old))
