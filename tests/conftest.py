"""Shared pytest configuration: Hypothesis profiles.

``ci`` (the default) is derandomized so that runs are reproducible; select
``dev`` with ``HYPOTHESIS_PROFILE=dev`` for a longer, randomized search.
"""

import os

from hypothesis import settings

settings.register_profile(
    "ci",
    derandomize=True,
    deadline=None,
    max_examples=50,
    print_blob=True,
)
settings.register_profile(
    "dev",
    deadline=None,
    max_examples=200,
    print_blob=True,
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
