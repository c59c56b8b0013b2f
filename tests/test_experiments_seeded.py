"""run_seeded: all seeds in one tensor program, the same numbers as one run per seed (skipped without torch)."""

import dataclasses

import numpy as np
import pytest

torch = pytest.importorskip("torch")

from symrelu.errors import InvalidArgument, SizeLimitExceeded  # noqa: E402
from symrelu.experiments.protocol import Config, run_sparse, run_tables  # noqa: E402
from symrelu.experiments.seeded import run_seeded  # noqa: E402

CFG = Config(n_models=2, pretrain_epochs=4, free_epochs=4, window=1, targets=("x3", "sin"))


def test_batched_seeds_equal_the_per_seed_loop_and_the_single_runs():
    batched = run_seeded(CFG, [0, 3])
    loop = run_seeded(CFG, [0, 3], batch_seeds=False)
    single = run_tables(dataclasses.replace(CFG, seed=3))
    sparse = run_sparse(dataclasses.replace(CFG, seed=3))
    for kind in ("default", "skipped", "free", "law"):
        assert np.array_equal(batched["tables"][kind], loop["tables"][kind])
        assert batched["tables"][kind].shape == (2, 2, 2)
        assert np.array_equal(batched["tables"][kind][1], np.array([single["mse"][kind][t] for t in CFG.targets]))
    for kind in ("default", "law"):
        assert np.array_equal(batched["sparse_test"][kind][1],
                              np.array([sparse["test_mse"][kind][t] for t in CFG.targets]))


def test_seeds_are_checked():
    for bad in ([], [1, 1], [-1], "01", [True]):
        with pytest.raises((InvalidArgument, TypeError)):
            run_seeded(CFG, bad)
    with pytest.raises(SizeLimitExceeded, match="max_gib"):
        run_seeded(dataclasses.replace(CFG, n_models=30, max_gib=0.05), range(100))


def test_the_memory_limit_quotes_every_size_that_sets_it():
    """Issue 13: a huge n_points was refused as 'n_models=1' alone; the message now quotes n_points too."""
    with pytest.raises(SizeLimitExceeded, match=r"n_points=42755719, depth=2") as err:
        Config(n_models=1, pretrain_epochs=1, free_epochs=1, n_points=42755719, depth=2)
    assert err.value.option == "max_gib"
