"""symrelu: ReLU networks as continuous piecewise-linear functions, exactly.

The public names are re-exported here; each lives in one small module
(`symrelu.pwl`, `symrelu.network`, `symrelu.triangle`, ...).
"""

from .errors import InvalidArgument, InvalidArgumentType, SizeLimitExceeded, SymreluError
from .network import NetworkPWL, ReLUNetwork
from .pwl import BDSO, PiecewiseLinear
from .scaling import law_scales
from .triangle import bend_sets, triangle_function, triangle_network, wave, waves_sum

__version__ = "0.1.0"

__all__ = [
    "BDSO",
    "InvalidArgument",
    "InvalidArgumentType",
    "NetworkPWL",
    "PiecewiseLinear",
    "ReLUNetwork",
    "SizeLimitExceeded",
    "SymreluError",
    "bend_sets",
    "law_scales",
    "triangle_function",
    "triangle_network",
    "wave",
    "waves_sum",
]
