"""Critical points of small ReLU networks with scalar input (dissertation 004, §3.3.3 and §3.4.1).

Enumerate the activation-sign cases of the data points, decide exactly which
are feasible, solve the gradient system inside each one, and classify the
solution families; train many networks by gradient descent and assign them
to the families (`symrelu.landscape.experiment`).

>>> from symrelu.landscape import xor_problem
>>> land = xor_problem().enumerate()
>>> sorted(land.losses("minimum"))
[0, 8/3, 4]

The package holds one concept per module: ``_problem`` (architecture, data,
sign cases), ``_solve`` (the families of one case), ``_classify`` (kinds and
the criticality certificate), ``_result`` (families, the enumeration, orbits).

Run ``python -m symrelu.landscape xor`` for the enumeration summary and the
§3.4.1 experiment table.
"""

from ._classify import check_family
from ._problem import Architecture, LandscapeProblem, SignCase, two_point_problem, xor_problem
from ._result import CriticalFamily, Landscape

__all__ = [
    "Architecture",
    "LandscapeProblem",
    "SignCase",
    "CriticalFamily",
    "Landscape",
    "check_family",
    "two_point_problem",
    "xor_problem",
]
