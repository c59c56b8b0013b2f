"""The registered claims: one module per seed document or topic.

Each module in this package registers its claims at import time with
:func:`proofs_check.registry.claim` (a decorator on the check function) or
:func:`proofs_check.registry.register`.  Name modules after the seed and topic,
e.g. ``s000_construction.py``, ``s003_densities.py``, ``s004_boolean.py``.
:func:`proofs_check.registry.all_claims` imports every module here.
"""
