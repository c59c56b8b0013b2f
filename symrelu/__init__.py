"""symrelu: ReLU networks as continuous piecewise-linear functions, exactly.

The most used names are re-exported here (those needing SymPy or mpmath are
imported on first use); each lives in one small module:
`symrelu.pwl` (CPWL functions), `symrelu.network` (networks and their exact
CPWL form), `symrelu.triangle`, `symrelu.law` and `symrelu.scaling` (the triangle-wave
construction, its scaling law and the law's derivations), `symrelu.limit` (the certified
infinite-depth limit), `symrelu.derivation` (machine-checked derivations).
The analyses live in their own modules and are imported by name:
`symrelu.densities`, `symrelu.function_space`, `symrelu.landscape`,
`symrelu.boolean`, `symrelu.npn`, `symrelu.swaps`, `symrelu.constructions`,
`symrelu.polytopes`, `symrelu.tropical`, `symrelu.strategies`,
`symrelu.parallel`, `symrelu.plot`, and (with torch) `symrelu.torch_bridge`.
"""

import importlib

from .errors import InvalidArgument, InvalidArgumentType, SizeLimitExceeded, SymreluError
from .law import law_scales
from .network import NetworkPWL, ReLUNetwork
from .pwl import BDSO, PiecewiseLinear
from .triangle import bend_sets, triangle_function, triangle_network, wave, waves_sum

# Names whose modules need SymPy or mpmath are imported on first use (PEP 562),
# so that ``import symrelu`` loads numpy and the CPWL core only.
_LAZY = {
    "Derivation": "derivation",
    "Step": "derivation",
    "PeakSequence": "peaks",
    "exact_limit_derivative": "limit",
    "exact_limit_value": "limit",
    "limit_derivative": "limit",
    "limit_value": "limit",
    "limit_values": "limit",
}


def __getattr__(name):
    if name.startswith("__"):  # dunder probes (copy, inspect, doctest) are not submodules
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    module = _LAZY.get(name)
    if module is not None:
        value = getattr(importlib.import_module(f".{module}", __name__), name)
        globals()[name] = value
        return value
    try:  # a submodule: ``symrelu.limit`` works after a bare ``import symrelu``
        return importlib.import_module(f".{name}", __name__)
    except ModuleNotFoundError as exc:
        if exc.name != f"{__name__}.{name}":
            raise  # the submodule exists but one of its imports is missing
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(_LAZY))


__version__ = "0.1.0"

__all__ = [
    "BDSO",
    "Derivation",
    "InvalidArgument",
    "InvalidArgumentType",
    "NetworkPWL",
    "PeakSequence",
    "PiecewiseLinear",
    "ReLUNetwork",
    "SizeLimitExceeded",
    "Step",
    "SymreluError",
    "bend_sets",
    "exact_limit_derivative",
    "exact_limit_value",
    "law_scales",
    "limit_derivative",
    "limit_value",
    "limit_values",
    "triangle_function",
    "triangle_network",
    "wave",
    "waves_sum",
]
