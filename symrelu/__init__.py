"""symrelu: ReLU networks as continuous piecewise-linear functions, exactly.

The most used names are re-exported here; each lives in one small module:
`symrelu.pwl` (CPWL functions), `symrelu.network` (networks and their exact
CPWL form), `symrelu.triangle` and `symrelu.scaling` (the triangle-wave
construction and its scaling law), `symrelu.limit` (the certified
infinite-depth limit), `symrelu.derivation` (machine-checked derivations).
The analyses live in their own modules and are imported by name:
`symrelu.densities`, `symrelu.function_space`, `symrelu.landscape`,
`symrelu.boolean`, `symrelu.npn`, `symrelu.swaps`, `symrelu.constructions`,
`symrelu.polytopes`, `symrelu.tropical`, `symrelu.strategies`,
`symrelu.parallel`, `symrelu.plot`, and (with torch) `symrelu.torch_bridge`.
"""

from .derivation import Derivation, Step
from .errors import InvalidArgument, InvalidArgumentType, SizeLimitExceeded, SymreluError
from .limit import exact_limit_derivative, exact_limit_value, limit_derivative, limit_value, limit_values
from .network import NetworkPWL, ReLUNetwork
from .peaks import PeakSequence
from .pwl import BDSO, PiecewiseLinear
from .scaling import law_scales
from .triangle import bend_sets, triangle_function, triangle_network, wave, waves_sum

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
