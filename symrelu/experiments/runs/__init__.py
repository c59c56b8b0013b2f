"""Seeded experiment runs, one module per experiment, registered in `symrelu.experiments.function_space_runs`.

Each module defines ``RUNS`` (name -> ``description``, ``config``, ``seeds``),
``RUNNERS`` (name -> ``runner(config, seeds) -> values``) and optionally
``COMPARE`` and ``NEEDS``; see ``function_space_runs._register_run_modules``.
Its results ship as ``symrelu/data/experiments_<name>.json``.  A module must not
import torch at import time (the shipped results are read without it), nor
`symrelu.experiments.function_space_runs` (it imports this package's modules
while it is being imported): import what you need from it inside the runner.
"""
