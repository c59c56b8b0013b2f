"""The one way symrelu turns a ``seed`` argument into a ``numpy.random.Generator``."""

from __future__ import annotations

import numpy as np

from .errors import InvalidArgument, InvalidArgumentType

__all__ = ["as_generator"]


def as_generator(seed, name: str = "seed") -> np.random.Generator:
    """A Generator from an int, a ``SeedSequence`` or a Generator (returned as is).

    ``None`` draws fresh entropy from the OS: allowed, but not reproducible.

    >>> bool(as_generator(0).integers(10) == as_generator(0).integers(10))
    True
    """
    if isinstance(seed, np.random.Generator):
        return seed
    if seed is None:
        return np.random.default_rng()
    if isinstance(seed, np.random.SeedSequence) or (isinstance(seed, (int, np.integer)) and not isinstance(seed, bool)):
        if isinstance(seed, np.random.SeedSequence):
            return np.random.default_rng(seed)
        if seed < 0:  # NumPy would refuse it with a message that does not name the argument
            raise InvalidArgument(name, seed, "a non-negative int")
        return np.random.default_rng(int(seed))
    raise InvalidArgumentType(name, seed, "None, an int, numpy.random.SeedSequence or numpy.random.Generator")
