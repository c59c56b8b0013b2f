"""Public-API fuzz suite (issue 13): bad values into every public callable of every ``__all__``.

For each public callable (every module of the package is walked as in
``tests/test_api_docs.py``; ``torch_bridge`` and ``experiments`` only when
torch is installed) the table `_entries` holds one *good call*: arguments that
work.  Hypothesis then substitutes one bad value (NaN, ±inf, wrong types and
shapes, empty, negative, huge, strings, SymPy symbols; see `BAD`) into one
argument of that call and classifies what happens:

* ``accepted``: it returned.  Allowed, except a silent acceptance of NaN or
  ±inf (anywhere in the value) or of a negative int where the good call has a
  positive one (a size), unless the table says the argument takes it;
* ``refused``: a symrelu error (`SymreluError` that is a ``ValueError`` or
  ``TypeError``) whose ``name`` (or message) names the argument; an error
  about a relation between arguments may name another one if its message
  quotes this one's value (``units >= depth=7951``, ``len(peaks)=1``);
* anything else fails: another exception (ZeroDivisionError, IndexError,
  KeyError, AttributeError, SymPy or NumPy errors, MemoryError ...), a symrelu
  error blaming another argument, or a call still running after `TIMEOUT`
  seconds (3 s; 10 s in the slow variant; ``signal.setitimer``).  The
  address space is capped too, so a huge allocation fails fast instead of
  swapping.  NaN and ±inf count only where the good value is numeric.

Profiles: ``EXAMPLES`` bad calls per entry point (ci: 25, and 6 for the
`COSTLY` ones whose good call takes 40 ms or more: figures and the law's
claim checks; about 4,600 bad calls, 20-25 s of CPU for the whole file);
``SYMRELU_FUZZ=slow pytest tests/test_fuzz_api.py`` runs the
``slow``-marked variant instead: 100 per entry point with a 10 s limit per
call.  ``SYMRELU_FUZZ_EXAMPLES=N`` sets the count.  The draws are seeded per
entry point (the CRC32 of its name), so they stay the same from run to run
and when this file is edited (they do change with the Hypothesis version);
``SYMRELU_FUZZ_SEED=N`` draws others: the way to look for more.  Arguments that count work
(``epochs``, ``n_networks`` ...; `Entry.work`) may run past the time bound
with a valid large value.  The counts per entry point are printed at the end of the run
(``-s`` or the terminal summary of ``-rA``) and written to
``$SYMRELU_FUZZ_REPORT`` when that is set (JSON).

Failures in code owned by others are listed per entry point and argument in
`KNOWN`: there they count as ``known`` (not as failures of the fuzz test),
and each one's concrete bad value is a strict xfail (`test_known_issue`), so
that a fix shows up as an XPASS to remove from the list.
"""

from __future__ import annotations

import dataclasses
import importlib
import inspect
import io
import json
import math
import os
import pkgutil
import re
import resource
import signal
import warnings
import zlib
from fractions import Fraction as Q

import numpy as np
import pytest
import sympy
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

import symrelu
from symrelu.errors import SymreluError

SLOW = os.environ.get("SYMRELU_FUZZ") == "slow"
EXAMPLES = int(os.environ.get("SYMRELU_FUZZ_EXAMPLES", 100 if SLOW else 25))
#: ci: entry points whose good call takes 40 ms or more (measured; figures, the law's claim checks) get fewer
COSTLY_EXAMPLES = int(os.environ.get("SYMRELU_FUZZ_EXAMPLES", 100 if SLOW else 6))
COSTLY = ("symrelu.plot.", "symrelu.law_derivations.", "symrelu.law_tools.boundary_slopes",
          "symrelu.experiments.blocks.run_blocks", "symrelu.landscape.render.experiment_table_rst")
# The draws are seeded per entry point (its name's CRC32 plus SEED), not derived from the test's source, so that an
# edit of this file does not change them; SYMRELU_FUZZ_SEED=N draws other bad values.
SEED = int(os.environ.get("SYMRELU_FUZZ_SEED") or 0)
TIMEOUT = 10.0 if SLOW else 3.0  # per bad call; generous, the machine running the suite may be loaded
GOOD_TIMEOUT = 60.0  # the good call also warms imports and caches
try:
    import torch  # noqa: F401

    HAVE_TORCH = True
except ImportError:  # pragma: no cover - the torch-free install
    HAVE_TORCH = False


# -- bad values ------------------------------------------------------------------------------
NAN, INF = float("nan"), float("inf")
_T = sympy.Symbol("t")
BAD = st.one_of(
    st.sampled_from(
        [
            NAN, INF, -INF, np.float64(NAN), sympy.nan, sympy.oo,
            -1, -3, 0, 10**6, 10**18, 2**64, -(10**18), 1.5, -0.5, 1e308, Q(-1, 3), True, 1 + 1j,
            "", "abc", "__import__('os').getcwd()", b"x", None,
            [], (), {}, [NAN], [[1, 2], [3]], [INF, 0.5], ["a"], [None], np.array([]), np.full((2, 2), NAN),
            np.zeros((3, 0)), np.array([[[1.0]]]), _T, _T + 1, [_T], object(),
        ]
    ),
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.text(max_size=6),
    st.lists(st.one_of(st.floats(allow_nan=True), st.integers(-5, 5)), max_size=4),
)


def _nonfinite(value, depth=0) -> bool:
    """True when ``value`` is or holds a NaN or an infinity (floats, NumPy, SymPy, shallow containers)."""
    if isinstance(value, (float, np.floating)):
        return not math.isfinite(value)
    if isinstance(value, complex):
        return not (math.isfinite(value.real) and math.isfinite(value.imag))
    if isinstance(value, sympy.Basic):
        return value.has(sympy.nan, sympy.oo, -sympy.oo, sympy.zoo)
    if isinstance(value, np.ndarray):
        return value.dtype.kind in "fc" and not np.all(np.isfinite(value))
    if isinstance(value, (list, tuple)) and depth < 3:
        return any(_nonfinite(v, depth + 1) for v in value)
    return False


def _numeric(value, depth=0) -> bool:
    """True for numbers and (shallow) containers of numbers: where a NaN must not pass unnoticed."""
    if isinstance(value, bool):
        return False
    if isinstance(value, (int, float, Q, np.integer, np.floating)) or getattr(value, "is_Number", False):
        return True
    if isinstance(value, np.ndarray):
        return value.dtype.kind in "iuf"
    if isinstance(value, (list, tuple)) and value and depth < 3:
        return all(_numeric(v, depth + 1) for v in value)
    return False


def _positive_int(value) -> bool:
    return isinstance(value, (int, np.integer)) and not isinstance(value, bool) and value > 0


# -- the table of good calls ----------------------------------------------------------------
@dataclasses.dataclass
class Entry:
    """One good call and what the argument checks may expect of it."""

    args: tuple = ()
    kwargs: dict = dataclasses.field(default_factory=dict)
    skip: str | None = None  #: not fuzzed, and why
    record: bool = False  #: a plain result record: only "no bare exception" is checked
    nan_ok: frozenset = frozenset()  #: arguments where NaN/inf are valid input
    negative_ok: frozenset = frozenset()  #: arguments where a negative int is valid input
    #: work counts (epochs, networks, trials): a large valid int runs long by design, so running past the
    #: time bound is counted as accepted there (every other argument must refuse or finish in time)
    work: frozenset = frozenset()


def E(*args, _nan_ok=(), _negative_ok=(), _record=False, _work=(), **kwargs):
    return Entry(args, kwargs, record=_record, nan_ok=frozenset(_nan_ok), negative_ok=frozenset(_negative_ok),
                 work=frozenset(_work))


def SKIP(reason):
    return Entry(skip=reason)


def _fields(obj):
    """A dataclass or NamedTuple instance's fields, as a good call of its constructor."""
    if dataclasses.is_dataclass(obj):
        return Entry(kwargs={f.name: getattr(obj, f.name) for f in dataclasses.fields(obj) if f.init
                             and not f.name.startswith("_")}, record=True)
    return Entry(tuple(obj), record=True)


NO_ARGS = "takes no arguments (a derivation factory): nothing to substitute"
EXCEPTION = "an exception or warning class"
INTERNAL = "a result class the library builds (from internal arrays), not constructed by callers"


def _entries(tmp) -> dict:
    """``"module.name" -> Entry`` for every public callable; modules that fail to import are left out."""
    from symrelu.network import ReLUNetwork
    from symrelu.peaks import PeakSequence
    from symrelu.pwl import PiecewiseLinear

    half = PeakSequence([], [Q(1, 2)])
    net = ReLUNetwork([([[1.0], [-1.0]], [0.0, 0.0]), ([[1.0, 1.0]], [0.0])])  # |x|
    net2 = ReLUNetwork([([[1, 1], [1, 1]], [1, 0]), ([[1, -2]], [-1])])
    net_plane = ReLUNetwork([([[1, 0], [0, 1], [1, 1]], [0, 0, -1]), ([[1, -1, 1]], [0])])
    x1, x2 = sympy.symbols("x1 x2")
    out = {}

    def add(module, **table):
        """Entries under ``module.name`` and, for names that moved to another module, under ``name``."""
        for name, entry in table.items():
            entry = entry() if callable(entry) else entry
            out[f"{module}.{name}"] = entry
            out.setdefault(name, entry)

    # pure modules first
    from symrelu.boolean import parity, truth_table

    tt2 = truth_table(0b0111, 2)
    add("symrelu.boolean", truth_table=E(0b0111, 2), to_code=E(parity(4)), parity=E(3),
        walsh_sums=E([1, 1, -1, -1]), fourier_coefficients=E(tt2), influences=E(tt2),
        total_influence=E(parity(3)), fourier_entropy=E(tt2, exact=False), degree=E(tt2))
    add("symrelu.constructions",
        interpolating_network=E([0, 1, 3], [1, 0, 2], alpha=Q(1, 2)),
        region_classifier=E([(0, 1), (2, 3), (4, 5)], alpha=Q(1, 2), first_positive=True, anchor="start"),
        sawtooth_network=E(2, 2, alpha=0, bias=Q(-1, 2)),
        parity_network=E(3, 2, 2, alpha=0, offset=0, _negative_ok={"offset"}),
        slope_matrix=E(3, 0))
    add("symrelu.densities",
        GaussianInit=E(1.0, 1.0, 1.0), UniformInit=E(1.0, 1.0, 1.0),
        product_normal=SKIP("a scipy.stats distribution instance: calling it freezes scipy's loc/scale"),
        ratio_uniform=SKIP("a scipy.stats distribution instance: calling it freezes scipy's loc/scale"),
        product_uniform=SKIP("a scipy.stats distribution instance: calling it freezes scipy's loc/scale"),
        sample_units=lambda: E(importlib.import_module("symrelu.densities").GaussianInit(1.0, 1.0, 1.0), 4, seed=1),
        histogram_units=lambda: E(importlib.import_module("symrelu.densities").GaussianInit(1.0, 1.0, 1.0), 100,
                                  beta_edges=np.linspace(-5, 5, 11), mu_edges=np.linspace(-3, 3, 7), seed=0,
                                  chunk=64, _work={"n"}),
        roughness=E([1.0, -2.0]))
    step = dict(relation=sympy.Eq((x1 + 1) ** 2 - x1**2, 2 * x1 + 1), justification="expand")
    add("symrelu.derivation",
        Step=E(step["relation"], "expand", how="simplify"),
        StepResult=E(0, "s", "simplify", "verified", "", _record=True),
        DerivationCheck=E("t", (), "verified", _record=True),
        Derivation=lambda: E("t", steps=(importlib.import_module("symrelu.derivation").Step(**step),)),
        is_zero=E((x1 + 1) ** 2 - x1**2 - 2 * x1 - 1))
    from symrelu.function_space import random_network, train_gd

    xs = np.linspace(-2, 2, 21)
    snaps = train_gd(random_network([1, 4, 4, 1], seed=0), xs, np.sin(3 * xs), lr=1e-3, epochs=4, record_every=2)[1]
    add("symrelu.function_space",
        random_network=E([1, 4, 1], init="he", distribution="normal", seed=1),
        layer_breakpoints=E(net, -1.0, 1.0, _negative_ok={"lo", "hi"}),
        layer_delta_slopes=E(net, -1.0, 1.0),
        layer_roughness=E(net, -1.0, 1.0),
        count_pieces=E(net, -1.0, 1.0),
        sampled_pieces=E(net, -1.0, 1.0, points=101, slope_atol=1e-9),
        train_gd=E(net, xs, xs**2, lr=1e-2, epochs=3, record_every=None, _work={"epochs"}),
        BreakpointDynamics=lambda: _fields(importlib.import_module("symrelu.function_space")
                                           .breakpoint_dynamics(snaps, -2.0, 2.0)),
        breakpoint_dynamics=E(snaps, -2.0, 2.0),
        deep_density_job=E((1, 4, 4, 1), "he", 3, -5.0, 5.0, 0, _work={"n_networks"}),
        pieces_job=E(1, 6, "quadratic", 0, 1e-4, 0, lo=-3.0, hi=3.0, points=61, _negative_ok={"lo"},
                     _work={"epochs", "depth", "units", "points"}))
    from symrelu.landscape import Architecture, two_point_problem, xor_problem

    tp = two_point_problem()
    tp_land = tp.enumerate()
    add("symrelu.landscape._core",
        Architecture=E(2, hidden_bias=True, output_weights=True, output_bias=True),
        LandscapeProblem=E(Architecture(1), tp.points, tp.targets, tp.weights, theta0=0, max_cases=4096,
                           _negative_ok={"points", "targets"}),
        SignCase=_fields(tp.cases()[0]),
        CriticalFamily=_fields(tp_land[0]),
        Landscape=E(tp, tuple(tp_land)),
        check_family=E(tp, tp_land[0]),
        two_point_problem=E(theta0=0),
        xor_problem=E(theta0=0))
    from symrelu.landscape.dissertation import TABLE_3_2

    add("symrelu.landscape.dissertation", row_case_label=E(TABLE_3_2[0]), row_solution=E(TABLE_3_2[0]))
    from symrelu.landscape.experiment import initialize, run_experiment

    params = initialize(3, seed=0)
    xor = xor_problem()
    result = run_experiment(xor, n=3, seed=0, epochs=2)  # enumerates the XOR landscape once (cached)
    add("symrelu.landscape.experiment",
        initialize=E(3, 2, seed=0, bias_init="uniform"),
        train=E(params, xor, lr=0.1, epochs=3, loss="sum", _work={"epochs"}),
        train_loop=E(params, xor, lr=0.1, epochs=2, loss="sum", _work={"epochs"}),
        assign=E(params, xor.enumerate(), tol=1e-2),
        run_experiment=E(xor, n=3, seed=0, lr=0.1, epochs=2, loss="sum", bias_init="uniform", tol=1e-2,
                         _work={"n", "epochs"}),
        ExperimentResult=_fields(result))
    add("symrelu.landscape.render", case_derivation_rst=E(tp, tp.cases()[0].label()),
        experiment_table_rst=E(result))
    for law in ("symrelu.law", "symrelu.scaling", "symrelu.triangle"):  # check_peaks / first_scale moved to law
        add(law, check_peaks=E([0.5, 0.25], name="peaks", margin=0, min_length=1),
            first_scale=E(0.25, 0.5, "add"), law_scales=E([0.25, 0.5, 0.5], "add"))
    from symrelu.limit import limit_value

    add("symrelu.limit",
        Certified=_fields(limit_value(Q(1, 3), half, digits=10)),
        limit_value=E(Q(1, 3), half, digits=10, variant="add", _work={"digits"}),
        limit_derivative=E(Q(1, 3), half, digits=10, variant="add", _work={"digits"}),
        exact_limit_value=E(Q(1, 4), half, variant="add", max_depth=16),
        exact_limit_derivative=E(Q(1, 4), half, variant="add", max_depth=16),
        limit_values=E(np.linspace(0, 1, 5), half, variant="add", derivative=False, chunk=8, max_terms=1000),
        tail_bound=E(2, half, variant="add"))
    add("symrelu.linalg", matrix=E([[1, 2], [3, 4]], 2), rank=E([[1, 1], [2, 2]], 2), rref=E([[0, 2], [0, 3]], 2),
        nullspace=E([[1, -1]], 2), solve=E([[1, 1]], [2]),
        to_fraction=E(Q(1, 3), "value"))  # its errors name the label given as ``name``: here the argument's own
    add("symrelu.network",
        ReLUNetwork=E([([[1.0], [-1.0]], [0.0, 0.0]), ([[1.0, 1.0]], [0.0])], alpha=0, exact=None),
        CertificationReport=E(True, 3, (), (), (), (), value_error=0.0, value_estimate=0.0, _record=True),
        NetworkPWL=SKIP(INTERNAL + " (ReLUNetwork.to_pwl)"))
    from symrelu.npn import hyperoctahedral_group

    add("symrelu.npn", hyperoctahedral_group=E(2),
        npn_transform=E(tt2, perm=None, negate_inputs=[0], negate_output=False),
        npn_orbit=E(0b0001, 2), npn_canonical=E(0b1110, 2), npn_classes=E(2, limit=65536),
        npn_class_count=E(4, output_negation=True), BitPermuter=E(hyperoctahedral_group(3)[2]))
    add("symrelu.parallel",
        sweep=E(divmod, [(7, 2), (9, 4)], executor="serial", max_workers=None, progress=False),
        spawn_seeds=E(0, 3), SweepError=SKIP(EXCEPTION),
        Progress=E(4, "demo", unit="jobs", initial=0, stream=io.StringIO(), enabled=True, lines=2))
    add("symrelu.peaks", PeakSequence=E([Q(1, 3)], [Q(1, 2)], margin=None), as_peak_sequence=E(half, name="peaks"))
    add("symrelu.polyhedra",
        feasible_point=E([((1, 0), -1, True), ((0, 1), 0, False)], 2, float_first=False),
        is_feasible=E([((1,), 0, True), ((-1,), 0, True)], 1),
        implicit_equalities=E([((1, 0), 0, False), ((-1, 0), 0, False), ((0, 1), 0, True)], 2),
        dimension=E([((1, 0), 0, False), ((-1, 0), 0, False)], 2))
    from symrelu.polytopes import hyperoctahedron

    add("symrelu.polytopes", Polytope=_fields(hyperoctahedron(2)),
        hyperoctahedron=E(3, max_facets=65536), expanded_simplex=E(3, max_facets=65536),
        expanded_simplex_facet_distance=E(3, 2), ball_volume=E(3, 2),
        qhull_facet_distances=E(hyperoctahedron(3), decimals=9))
    add("symrelu.pwl",
        PiecewiseLinear=E([0.0, 0.5, 1.0], [0.0, 1.0, 0.0], exact=None, resolution=0.0, slope_rtol=0.0,
                          _negative_ok={"knots", "values"}),
        BDSO=E(np.array([0.5]), np.array([1.0]), np.array([1]), slope=0, offset=0,
               _negative_ok={"breakpoints", "delta_slopes", "slope", "offset"}),
        MergeReport=E(knots=2, min_width=1e-17, max_width=None, min_slope_change=None, max_slope_change=None,
                      zeros=0, _record=True),
        maximum=E(PiecewiseLinear([0.0, 1.0], [0.0, 1.0]), PiecewiseLinear([0.0, 1.0], [1.0, 0.0]), _negative_ok={"g"}),
        minimum=E(PiecewiseLinear([0.0, 1.0], [0.0, 1.0]), PiecewiseLinear([0.0, 1.0], [1.0, 0.0]), _negative_ok={"g"}),
        distance=E(PiecewiseLinear([0.0, 1.0], [0.0, 1.0]), PiecewiseLinear([0.0, 1.0], [1.0, 0.0]), norm="L2",
                   _negative_ok={"g"}))
    try:
        from symrelu.regions import Box
    except ImportError:
        Box = None
    if Box is not None:
        box = Box([-1, -1], [1, 1])
        add("symrelu.regions",
            regions=E(net_plane, box, True, rtol=1e-9, max_regions=10**6, estimate_samples=256, seed=0),
            estimate_regions=E(net_plane, box, 256, seed=0))
        add("symrelu.regions.domains", Box=E([0, 0], [1, 2], _negative_ok={"lo", "hi"}),
            Polytope=E(vertices=[(0, 0), (2, 0), (0, 2)]),
            Slice=E([-1, -1, 0], [1, -1, 0], [-1, 1, 1], within=Box([-1] * 3, [1] * 3),
                    _negative_ok={"p0", "p1", "p2"}))
        add("symrelu.regions.complex", RegionComplex=SKIP(INTERNAL + " (regions)"),
            Region=SKIP(INTERNAL + " (regions)"), MergeReport=SKIP(INTERNAL + " (regions)"),
            LevelSet=SKIP(INTERNAL + " (RegionComplex.level_set)"),
            ArgmaxBoundary=SKIP(INTERNAL + " (a NamedTuple of RegionComplex's argmax boundary)"))
        f = ReLUNetwork([([[1, 1]], [0]), ([[1]], [0])])
        add("symrelu.regions.tropical", difference_network=E(f, f), same_function=E(f, f, box),
            tropical_terms=E(f, max_terms=1000))
    sc = importlib.import_module("symrelu.scaling")
    a_, s_, i_ = (getattr(sc, k, None) for k in ("a", "s", "i"))
    add("symrelu.scaling",
        random_peaks=E(3, seed=0, margin=Q(1, 5), denominator=20),
        partial_sum=E([Q(1, 2)] * 2, [Q(1, 4), Q(1, 16)]),
        peak_slopes=E([Q(1, 2)] * 3, [0, Q(1), Q(1, 4)], 1),
        eq5_bracket=E([Q(1, 2)] * 4, [Q(1, 4), Q(1, 16), Q(1, 64)], 0),
        subs_numbers=(E(s_[i_] * (1 - a_[i_ + 1]), 0, [Q(1, 2), Q(1, 3)], [Q(1, 4)]) if a_ is not None
                      else SKIP("needs the module's indexed symbols")),
        box_supremum=E(x1 * (1 - x1), [x1]),
        neighbour_gaps=E([Q(1, 2)] * 3, 0, 2),
        scaling_law_check=E(None),
        theorem_a8_series_check=E(None, seed=8, layers=(0, 1), depth=3),
        lemma_a2_check=E(None, seed=2, trials=1, extra=2),
        eq8_substitution=E(2),
        product_bound_check=E(4),
        f_half=E(Q(1, 2)),
        truncation_shape=E([Q(1, 3), Q(1, 2), Q(2, 5)], variant=None, depth=None),
        concavity_check=E(None, seed=10, trials=1, depth=3),
        error_profile=E([Q(1, 2)] * 6, 1, 4),
        error_decay_check=E(None, "P_i", Q(1, 4), seed=11, trials=1, extra=2),
        boundary_slopes=E([Q(1, 2)] * 12, "subtract"),
        boundary_check=E(None, seed=12, depth=4))
    add("symrelu.sphinxext", resolve=E("symrelu.scaling:equation_7"),
        setup=SKIP("a Sphinx extension hook: needs a Sphinx application"))
    add("symrelu.strategies",
        peaks=E(min_size=1, max_size=4, margin=0.05, exact=True, max_denominator=16),
        cpwl_functions=E(exact=True, max_pieces=3, domain=(0, 1), max_denominator=16, max_abs_value=4),
        relu_networks=E(widths=None, min_depth=1, max_depth=2, max_width=3, outputs=1, exact=True, alpha=0,
                        max_abs_weight=3),
        triangle_networks=E(min_depth=1, max_depth=3, variant=None, exact=True, margin=0.05, max_denominator=16),
        peak_sequences=E(max_prefix=2, max_period=2, margin=0.05, exact=True, max_denominator=16),
        StrategyArgumentError=SKIP(EXCEPTION), StrategyArgumentTypeError=SKIP(EXCEPTION))
    add("symrelu.swaps", vertices=E(2), changes_along=E(parity(3), [1, 0, 0]),
        swaps_reference=E(tt2, bound=None, return_orderings=False, max_size=1 << 24),
        reference_bound=E(4), fundamental_chambers=E(3), compute_fundamental_chambers=E(3),
        swaps=E(1785, 4), swaps_witness=E(27030, 4), swaps_table=E(2),
        scan_chunk=E(3, 0, 128, save_to=None), chunk_bounds=E(5, 4, max_chunks=65536),
        recompute=E(3, chunks=4, checkpoint=None, executor="serial", max_workers=None, progress=False,
                    max_seconds=None, seed=0),
        load_results=E(4))
    add("symrelu.triangle",
        triangle_function=E(0.25), bend_sets=E([Q(1, 2), Q(1, 4)], 1, max_pieces=1 << 24),
        BendSets=E([Q(1, 8)], [0, 1], [0, Q(1, 8), 1], _record=True),
        wave=E([0.5, 0.5], 1, x=None, max_pieces=1 << 24),
        wave_expr=E([sympy.Symbol("a0"), Q(1, 2)], 1, x=None, max_pieces=1 << 24),
        triangle_network=E([Q(1, 3), Q(1, 2), Q(2, 3)], variant="add", scales=None, max_pieces=1 << 24),
        waves_sum=E([Q(1, 2)], [Q(1, 4)], variant="subtract", max_pieces=1 << 24))
    add("symrelu.tropical", tropical_form=E(net2, (x1, x2)),
        same_cpwl=E(sympy.Max(-1, x1 + x2 - 1), sympy.Max(-1, x1 + x2), (x1, x2)),
        network_expression=E(net2, (x1, x2)),
        cell_points=E([x1 - x2, x1 + x2 - 1], (x1, x2)))
    add("symrelu.batched",
        batch_to_pwl=E([ReLUNetwork([([[1.0], [1.0]], [0.0, -c]), ([[1.0, -2.0]], [0.0])]) for c in (0.25, 0.5)],
                       0.0, 1.0, alpha=None, max_pieces=1 << 24, max_bytes=1 << 30, warn=False),
        BatchPWL=SKIP(INTERNAL + " (batch_to_pwl)"), MergedKnotsWarning=SKIP(EXCEPTION))
    _plots(add, tmp, half, net, net_plane)
    if HAVE_TORCH:
        _torch_entries(add, net, tmp)
    return out


def _plots(add, tmp, half, net, net_plane):
    try:
        import matplotlib

        matplotlib.use("Agg")
    except ImportError:  # pragma: no cover
        return
    from symrelu.densities import GaussianInit
    from symrelu.function_space import layer_breakpoints, layer_delta_slopes

    add("symrelu.plot.boolean", cube_figure=E(27030, 4, w=[1, 1, 1, 1]), swaps_histogram=E((3,)))
    add("symrelu.plot.construction", plot_waves=E(None, ax=None), plot_square_approximations=E(1, ax=None),
        plot_square_derivatives=E(1, ax=None), plot_figure_1=E(None, 1),
        plot_neurons=E([0.3, 0.6, 0.4], variant="add", scales=None, rescale=False),
        plot_network_output=E([0.3, 0.6, 0.4], variant="subtract", scales=None, ax=None))
    add("symrelu.plot.densities",
        plot_unit_densities=E(GaussianInit(1.0, 1.0, 1.0), n=1000, seed=0, beta_range=None, mu_range=None, bins=20),
        plot_layer_densities=E(layer_breakpoints(net, -1.0, 1.0), layer_delta_slopes(net, -1.0, 1.0), theory=None,
                               beta_range=(-6, 6), mu_range=(-3, 3), bins=10, _negative_ok={"beta_range", "mu_range"}),
        plot_roughness_by_layer=E(np.arange(3), np.ones((3, 2)), title=None))
    add("symrelu.plot.limit", plot_limit=E(half, variant="add", depths=(1, 2), points=51))
    try:
        from symrelu.regions import Box, regions

        cx = regions(net_plane, Box([-1, -1], [1, 1]))
        add("symrelu.plot.regions", plot_regions=E(cx, color="pattern", output=0, boundary=True, edges=True),
            save_svg=E(cx, str(tmp / "r.svg")))
    except ImportError:
        pass
    row = {"type": "law", "target": "x3", "ours_min": 1e-8, "ours_mean": 1e-7, "paper_min": 7.86e-8,
           "paper_mean": 5.27e-7}
    add("symrelu.plot.training", comparison_figure=E([row], title="t"),
        fits_figure=E([{"title": "t", "grid": [0, 1], "curves": {"f": [0, 1]}}], title=""),
        pieces_figure=E({"law": [2, 3, 4]}, title="t"))


def _torch_entries(add, net, tmp):
    import torch
    from torch import nn

    from symrelu.torch_bridge import Trainer, default_networks

    nets = default_networks(2, (1, 3, 1), seed=0)
    x = torch.linspace(0, 1, 9, dtype=torch.float64)
    a = torch.tensor([[0.5, 0.5]], dtype=torch.float64)
    add("symrelu.torch_bridge",
        to_torch=E(net, dtype=torch.float64, device=None),
        from_torch=E(nn.Sequential(nn.Linear(1, 3), nn.LeakyReLU(0.1), nn.Linear(3, 1))),
        triangle_weights=E(a, torch.full((1, 2), 0.25, dtype=torch.float64), torch.ones(1), carry=False),
        PeakNetworks=E([[0.3, 0.6, 0.5]], variant="subtract", free_scales=False, scales=None, margin=0.01),
        BatchedReLU=E([(torch.ones(2, 3, 1, dtype=torch.float64), torch.zeros(2, 3, dtype=torch.float64)),
                       (torch.ones(2, 1, 3, dtype=torch.float64), None)], negative_slope=0.0),
        default_networks=E(2, (1, 4, 1), seed=1, max_parameters=10**7),
        Trainer=E(nets, x, x**2, lr=1e-3),
        train_together=E([Trainer(nets, x, x**2)], 2, batch_size=None, seed=0, progress=None, history_every=0,
                         _work={"epochs"}),
        resolve_device=E("cpu"))
    from symrelu.experiments.protocol import Config

    cfg = Config(n_models=1, pretrain_epochs=1, free_epochs=1, n_points=10, depth=2)
    add("symrelu.experiments.protocol",
        Config=E(n_models=1, pretrain_epochs=1, free_epochs=1, n_points=10, depth=2),
        run_tables=SKIP("trains every model of the Tables 1-2 protocol (minutes); its Config is fuzzed"),
        run_sparse=SKIP("trains the sparse-protocol models (minutes); its Config is fuzzed"),
        count_pieces=SKIP("takes a trained batch from run_tables"),
        summarize=E(np.array([1.0, 3.0])))
    add("symrelu.experiments.blocks",
        problem=E("x3_minus_x", dtype=torch.float64, device=None),
        BlockNetworks=SKIP("§5 blocks: built by run_blocks from a problem's maps"),
        run_blocks=E(cfg, "x3_minus_x"))
    from symrelu.experiments.report import comparison_row

    rows = [comparison_row("law", "x3", [1e-7], (7.86e-8, 5.27e-7))]
    w = {"law": {"x3": {"min": [9e-8, 7e-8], "mean": [4e-7, 5e-7]}}}
    paper = {"law": {"x3": (7.86e-8, 5.27e-7)}}
    runs = [{"config": {"seed": s}, "per_model_mse": {"tables": {"law": {"x3": [v, 1e-6]}}}}
            for s, v in enumerate([5e-8, 9e-8])]
    from symrelu.experiments.report import seed_spread, window_rows

    add("symrelu.experiments.report",
        comparison_row=E("law", "x3", [1e-7], (7.86e-8, 5.27e-7)),
        table_rows=E("tables", {"law": {"x3": [1e-7]}}, paper, source="000"),
        write_csv=E(rows, str(tmp / "t.csv")), write_json=E({"a": 1}, str(tmp / "t.json")),
        format_table=E(rows, title="t"), format_rst=E(rows),
        window_rows=E(w, paper), format_window=E(window_rows(w, paper)),
        seed_spread=E(runs, "law"), format_spread=E(seed_spread(runs)))
    try:  # the shipped results (modules added later are entered here once they exist)
        from symrelu.experiments import results as res
    except ImportError:
        res = None
    if res is not None:
        made = res.make_result("tables_1_3", {"targets": ["x3"], "n_models": 1}, [0],
                               {"tables": {"law": np.zeros((1, 1, 1))}}, environment={}, seconds={})
        res.save(made, str(tmp / "r.json"))
        loaded = res.load("tables_1_3", str(tmp / "r.json"))
        add("symrelu.experiments.results", result_path=E("tables_1_3"), content_hash=E({"a": 1}),
            environment=E(1, "cpu"),
            make_result=E("tables_1_3", {"targets": ["x3"], "n_models": 1}, [0],
                          {"tables": {"law": np.zeros((1, 1, 1))}}, environment={}, seconds={}),
            save=E(made, str(tmp / "r2.json")), load=E("tables_1_3", str(tmp / "r.json")), with_arrays=E(made),
            compare=E(loaded, loaded, rtol=1e-9),
            read_checked=E(str(tmp / "r.json"), "tables_1_3", what="a result file"))
    add("symrelu.experiments.seeded", run_seeded=SKIP("trains every model of the seeds given (minutes)"))
    from symrelu.experiments.function_space_runs import run_path, stacked_network

    stacked, xs = stacked_network([1, 3, 1], 2, 0), np.linspace(-1, 1, 5)
    add("symrelu.experiments.function_space_runs",
        stacked_network=E([1, 3, 1], 2, 0, max_parameters=10**8),
        forward_stacked=E(stacked, xs),
        train_stacked=E(stacked, xs, xs**2, lr=1e-2, epochs=3, loss="half-sum", _work=("epochs",)),
        run=SKIP("trains a shipped run's networks (5 s for one seed of the smallest); its seeds are checked in "
                 "tests/test_experiments_003_004.py"),
        load_run=E("003_table_1", run_path("003_table_1")), run_path=E("003_table_1"),
        main=SKIP("the command line: fuzzed flag by flag in tests/test_fuzz_cli.py"))
    add("symrelu.torch_bridge._layer",
        TriangleBlockLayer=E(2, 3, blocks=4, depth=3, variant="subtract", margin=0.01, dtype=torch.float64,
                             device=None))


# Known failures in files owned by others, per (entry point, argument): a bad value the fuzz then finds for that
# argument counts as "known", not as a failure (which draws hit it depends on the Hypothesis version), and the
# concrete bad value here is a strict xfail (`test_known_issue`): a fix shows up as an XPASS to remove.
KNOWN = {
    # (entry point, argument): (a bad value it fails on, "file: what happened")
}


# -- running one bad call -------------------------------------------------------------------
class _Timeout(BaseException):
    """Raised by the alarm: a BaseException, so that ``except Exception`` in the code under test lets it through."""


def _alarm(signum, frame):
    raise _Timeout


def _call_limited(fn, args, kwargs, timeout=None):
    old = signal.signal(signal.SIGALRM, _alarm)
    # repeating: a first _Timeout swallowed by the code under test is followed by another every 0.5 s
    signal.setitimer(signal.ITIMER_REAL, TIMEOUT if timeout is None else timeout, 0.5)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return fn(*args, **kwargs)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)
        _close_figures()


def _close_figures():
    import sys

    plt = sys.modules.get("matplotlib.pyplot")
    if plt is not None:
        plt.close("all")


def _names_argument(err, param, bad) -> bool:
    if getattr(err, "option", None) == param and isinstance(bad, int) and bad >= 0:
        return True  # a valid limit, too small: SizeLimitExceeded names what drives the size, and the option
    if re.search(rf"(?<![\w.]){re.escape(param)}\)?=", str(err)):
        return True  # a relation between arguments ("units >= depth=7951", "len(peaks)=1"): the message quotes it
    name = getattr(err, "name", None)
    if isinstance(name, str) and name:
        return name == param or bool(re.match(rf"{re.escape(param)}\b", name)) or param in re.split(r"[^\w]+", name)
    return bool(re.search(rf"\b{re.escape(param)}\b", str(err)))


def classify(fn, entry: Entry, param: str, bad):
    """``(outcome, detail)``: outcome ``"accepted"``, ``"refused"`` or a failure kind."""
    sig = _signature(fn)
    bound = sig.bind(*entry.args, **entry.kwargs)
    good = bound.arguments[param]
    kind = sig.parameters[param].kind
    bound.arguments[param] = (bad,) if kind is inspect.Parameter.VAR_POSITIONAL else bad
    try:
        _call_limited(fn, bound.args, bound.kwargs)
    except _Timeout:
        if param in entry.work and _positive_int(bad):
            return "accepted", "a valid work count, still running at the time bound"
        return "hang", f"still running after {TIMEOUT} s"
    except SymreluError as err:
        if not isinstance(err, (ValueError, TypeError)):
            return "not ValueError/TypeError", f"{type(err).__name__}: {err}"
        if not _names_argument(err, param, bad):
            return "blames another argument", f"{type(err).__name__}: {str(err)[:160]}"
        return "refused", type(err).__name__
    except MemoryError:
        return "MemoryError", "no SizeLimitExceeded before the allocation"
    except Exception as err:  # noqa: BLE001 - every other exception is what this suite looks for
        return "bare exception", f"{type(err).__name__}: {str(err)[:160]}"
    if not entry.record:
        if _nonfinite(bad) and _numeric(good) and param not in entry.nan_ok:
            return "accepted NaN/inf", "returned normally"
        if isinstance(bad, (int, np.integer)) and not isinstance(bad, bool) and bad < 0 and _positive_int(good) \
                and param not in entry.negative_ok:
            return "accepted a negative size", "returned normally"
    return "accepted", ""


def _signature(fn):
    return inspect.signature(fn)


# -- the walk over the package ---------------------------------------------------------------
def _public_callables():
    """``"module.name" -> object`` for every callable in every ``__all__`` (each object once, at its home module)."""
    found = {}
    for info in pkgutil.walk_packages(symrelu.__path__, "symrelu."):
        if info.name.split(".")[-1].startswith("_") and info.name != "symrelu.landscape._core":
            continue
        if not HAVE_TORCH and ("torch_bridge" in info.name or ".experiments" in info.name):
            continue
        try:
            module = importlib.import_module(info.name)
        except ImportError:  # an optional dependency is missing
            continue
        for name in getattr(module, "__all__", ()) or ():
            obj = getattr(module, name, None)
            if obj is None or not callable(obj):
                continue
            home = getattr(obj, "__module__", None) or module.__name__
            key = f"{home}.{name}" if home.startswith("symrelu") else f"{module.__name__}.{name}"
            found.setdefault(id(obj), (key, obj))
    return dict(found.values())


PUBLIC = _public_callables()
COUNTS: dict = {}


@pytest.fixture(scope="module")
def table(tmp_path_factory):
    return _entries(tmp_path_factory.mktemp("fuzz"))


@pytest.fixture(scope="module", autouse=True)
def _memory_cap():
    """Cap the address space (current + 2 GiB) so that an unbounded allocation fails fast, not by swapping."""
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    try:
        with open("/proc/self/status") as fh:
            vm = next(int(line.split()[1]) * 1024 for line in fh if line.startswith("VmSize:"))
        cap = vm + (2 << 30)
        resource.setrlimit(resource.RLIMIT_AS, (cap if hard == resource.RLIM_INFINITY else min(cap, hard), hard))
    except (OSError, ValueError, StopIteration):  # pragma: no cover - not Linux
        pass
    yield
    resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


@pytest.fixture(autouse=True)
def _scratch_cwd(tmp_path, monkeypatch):
    """Run every call in a fresh folder: a fuzzed string taken as a file name lands there, not in the checkout."""
    monkeypatch.chdir(tmp_path)


def _entry(table, key):
    """The table's entry for ``key`` (``module.name``, or the bare name when the function moved modules).

    Exception and warning classes, and functions without parameters (the
    derivation factories), need no entry: nothing can be substituted.
    """
    entry = table.get(key) or table.get(key.rsplit(".", 1)[1])
    if entry is None:
        obj = PUBLIC[key]
        if isinstance(obj, type) and issubclass(obj, BaseException):
            return SKIP(EXCEPTION)
        try:
            if not _signature(obj).parameters:
                return SKIP(NO_ARGS)
        except (TypeError, ValueError):
            pass
    return entry


def test_every_public_callable_has_an_entry(table):
    missing = sorted(k for k in PUBLIC if _entry(table, k) is None)
    assert not missing, f"add a good call (or a SKIP with its reason) to _entries for: {missing}"


def _fuzz(name, table, examples):
    entry = _entry(table, name)
    if entry is None:
        pytest.fail(f"{name}: no entry in the table")
    if entry.skip:
        COUNTS[name] = {"skipped": entry.skip}
        pytest.skip(entry.skip)
    fn = PUBLIC[name]
    params = list(_signature(fn).bind(*entry.args, **entry.kwargs).arguments)
    try:  # the good call itself must work: it is the baseline every bad call differs from in one argument
        _call_limited(fn, entry.args, entry.kwargs, GOOD_TIMEOUT)
    except (Exception, _Timeout) as err:  # noqa: BLE001
        pytest.fail(f"{name}: the table's good call fails: {type(err).__name__}: {err}")
    counts = COUNTS.setdefault(name, {"tried": 0})
    failures = []

    @settings(max_examples=examples, derandomize=False, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(st.data())
    def run(data):
        param = data.draw(st.sampled_from(params), label="argument")
        bad = data.draw(BAD, label="bad value")
        outcome, detail = classify(fn, entry, param, bad)
        if outcome not in ("accepted", "refused") and (name, param) in KNOWN:
            outcome = "known"  # a strict xfail of its own (test_known_issue)
        counts["tried"] += 1
        counts[outcome] = counts.get(outcome, 0) + 1
        if outcome not in ("accepted", "refused", "known"):
            failures.append(f"{param}={_short(bad)}: {outcome} ({detail})")

    if params:
        seed(zlib.crc32(name.encode()) + SEED)(run)()
    assert not failures, f"{name}: {len(failures)} of {counts['tried']} bad calls not handled:\n  " + "\n  ".join(
        dict.fromkeys(failures))


def _short(value):
    try:
        text = repr(value)
    except Exception:  # noqa: BLE001
        text = f"<{type(value).__name__}>"
    return text if len(text) < 60 else text[:57] + "..."


def _params(slow):
    return [pytest.param(name, marks=[pytest.mark.slow] if slow else [], id=name) for name in sorted(PUBLIC)]


@pytest.mark.parametrize("key", [pytest.param(k, marks=pytest.mark.xfail(strict=True, reason=v[1]),
                                              id=f"{k[0]}:{k[1]}") for k, v in KNOWN.items() if k[0] in PUBLIC])
def test_known_issue(key, table):
    """Each known failure, with its concrete bad value: strict xfails that turn XPASS once the file is fixed."""
    name, param = key
    outcome, detail = classify(PUBLIC[name], _entry(table, name), param, KNOWN[key][0])
    assert outcome in ("accepted", "refused"), f"{name}({param}={_short(KNOWN[key][0])}): {outcome} ({detail})"


@pytest.mark.skipif(SLOW, reason="SYMRELU_FUZZ=slow runs the slow variant instead")
@pytest.mark.parametrize("name", _params(False))
def test_fuzz_entry_point(name, table):
    _fuzz(name, table, COSTLY_EXAMPLES if name.startswith(COSTLY) else EXAMPLES)


@pytest.mark.skipif(not SLOW, reason="the long variant: SYMRELU_FUZZ=slow (100 bad calls per entry point, 10 s limit)")
@pytest.mark.parametrize("name", _params(True))
def test_fuzz_entry_point_slow(name, table):
    _fuzz(name, table, EXAMPLES)


def pytest_terminal_summary_lines():
    """The per-entry-point counts, as printed by the last test of this module."""
    lines = []
    total = {"tried": 0, "accepted": 0, "refused": 0, "known": 0}
    for name in sorted(COUNTS):
        c = COUNTS[name]
        if "skipped" in c:
            lines.append(f"  {name}: skipped ({c['skipped']})")
            continue
        bad = {k: v for k, v in c.items() if k not in ("tried", "accepted", "refused", "known")}
        for k in total:
            total[k] += c.get(k, 0)
        lines.append(f"  {name}: tried {c['tried']}, refused {c.get('refused', 0)}, accepted {c.get('accepted', 0)}"
                     + (f", known failures (KNOWN) {c['known']}" if c.get("known") else "")
                     + (f", NOT HANDLED {bad}" if bad else ""))
    lines.append(f"  total: tried {total['tried']}, handled {total['accepted'] + total['refused']} "
                 f"(refused {total['refused']}, accepted {total['accepted']}), known failures in others' files "
                 f"{total['known']}, entry points {len(COUNTS)}")
    return lines


def test_zz_report():
    """Print (and with $SYMRELU_FUZZ_REPORT, save) the counts per entry point of this run."""
    lines = pytest_terminal_summary_lines()
    print("\nfuzz counts per entry point:\n" + "\n".join(lines))
    path = os.environ.get("SYMRELU_FUZZ_REPORT")
    if path:
        with open(path, "w") as fh:
            json.dump(COUNTS, fh, indent=1, sort_keys=True)


# -- targeted cases the random draws rarely reach -----------------------------------------------
def test_zero_width_hidden_layer_is_refused():
    from symrelu.errors import InvalidArgument
    from symrelu.network import ReLUNetwork

    with pytest.raises(InvalidArgument, match="layers"):
        ReLUNetwork([(np.zeros((0, 1)), np.zeros(0)), (np.zeros((1, 0)), [0.0])])


def _regressions():
    """``(id, call, name)``: bad calls the random draws found (Hypothesis 6.80's draws, other seeds), each now a
    symrelu error whose ``name`` is ``name`` (or whose message quotes ``name=``)."""
    from symrelu import constructions, densities, function_space as fs, law_tools, npn, triangle
    from symrelu.boolean import fourier_entropy, truth_table
    from symrelu.landscape import xor_problem
    from symrelu.law import check_peaks as law_check_peaks
    from symrelu.network import ReLUNetwork
    from symrelu.pwl import BDSO

    net = ReLUNetwork([([[1.0], [-1.0]], [0.0, 0.0]), ([[1.0, 1.0]], [0.0])])
    half = [Q(1, 2)] * 3
    cases = [(f"function_space.{f.__name__} lo=58", lambda f=f: f(net, 58, 2.0), "lo")
             for f in (fs.layer_breakpoints, fs.layer_delta_slopes, fs.layer_roughness, fs.count_pieces)]
    cases += [
        ("function_space.sampled_pieces lo=58", lambda: fs.sampled_pieces(net, 58, 2.0, points=11), "lo"),
        ("function_space.sampled_pieces slope_atol=nan", lambda: fs.sampled_pieces(net, -1, 1, points=11,
                                                                                    slope_atol=NAN), "slope_atol"),
        ("function_space.breakpoint_dynamics lo=58",
         lambda: fs.breakpoint_dynamics([(0, net), (1, net)], 58, 2.0), "lo"),
        ("function_space.train_gd x='ab'", lambda: fs.train_gd(net, "ab", [1.0], lr=0.1, epochs=1), "x"),
        ("function_space.pieces_job units=10**20", lambda: fs.pieces_job(1, 10**20, "sine", 0, 0.1, 0), "units"),
        ("law_tools.partial_sum scales=[nan]", lambda: law_tools.partial_sum(half, [NAN]), "scales"),
        ("law_tools.peak_slopes scales=[nan]", lambda: law_tools.peak_slopes(half, [NAN], 0), "scales"),
        ("law_tools.subs_numbers layer=58",
         lambda: law_tools.subs_numbers(law_tools.s[law_tools.i], 58, half, [Q(1, 4)]), "layer"),
        ("law_tools.eq5_bracket peaks=[]", lambda: law_tools.eq5_bracket([], [Q(1, 4)] * 3, 0), "peaks"),
        ("law_tools.neighbour_gaps peaks=[1/2]", lambda: law_tools.neighbour_gaps([Q(1, 2)], 0, 2), "peaks"),
        ("triangle.waves_sum scales=[nan]", lambda: triangle.waves_sum([Q(1, 2)], [NAN]), "scales"),
        ("triangle.triangle_function a=sympy.nan", lambda: triangle.triangle_function(sympy.nan), "a"),
        ("law_tools.random_peaks n=10**6", lambda: law_tools.random_peaks(10**6, seed=0), "n"),
        ("law_tools.error_profile depth=0", lambda: law_tools.error_profile([Q(1, 2)] * 6, 1, 0), "depth"),
        ("law_tools.random_peaks denominator=10**20", lambda: law_tools.random_peaks(3, seed=0, denominator=10**20),
         "denominator"),
        ("law_tools.eq8_substitution K=30", lambda: law_tools.eq8_substitution(30), "K"),
        ("triangle.bend_sets i=9", lambda: triangle.bend_sets([Q(1, 2), Q(1, 4)], 9), "i"),
        ("constructions.region_classifier anchor=array",
         lambda: constructions.region_classifier([(0, 1), (2, 3)], anchor=np.array([])), "anchor"),
        ("function_space.sampled_pieces points=49898490",
         lambda: fs.sampled_pieces(net, -1, 1, points=49898490), "points"),
        ("law_tools.box_supremum expr=t", lambda: law_tools.box_supremum(sympy.Symbol("t"), [sympy.Symbol("x")]),
         "expr"),
        ("triangle.triangle_network variant=array", lambda: triangle.triangle_network(half, variant=np.array([])),
         "variant"),
        ("boolean.truth_table code=10**20", lambda: truth_table(10**20, 4), "code"),
        ("boolean.truth_table code=ragged", lambda: truth_table([[1, 2], [3]], 2), "code"),
        ("npn.npn_canonical f=ragged", lambda: npn.npn_canonical([[1, 2], [3]]), "f"),
        ("npn.npn_class_count output_negation=array", lambda: npn.npn_class_count(2, output_negation=np.ones(2)),
         "output_negation"),
        ("boolean.fourier_entropy exact=array", lambda: fourier_entropy([1, -1], exact=np.zeros((3, 0))), "exact"),
        ("function_space.layer_breakpoints hi=1e308 (overflows)", lambda: fs.layer_breakpoints(net, -1.0, 1e308),
         "hi"),
        ("law.check_peaks margin=0.283", lambda: law_check_peaks([0.5, 0.25], margin=0.283), "margin"),
        ("constructions.sawtooth_network width=10**20", lambda: constructions.sawtooth_network(10**20, 1), "width"),
        ("constructions.parity_network n=10**18", lambda: constructions.parity_network(10**18, 2, 60), "n"),
        ("constructions.slope_matrix k=10**20", lambda: constructions.slope_matrix(10**20), "k"),
        ("constructions.sawtooth_network depth=19319", lambda: constructions.sawtooth_network(2, 19319), "depth"),
        ("densities.sample_units n=10**12",
         lambda: densities.sample_units(densities.GaussianInit(1.0, 1.0, 1.0), 10**12), "n"),
        ("densities.histogram_units mu_edges='ab'",
         lambda: densities.histogram_units(densities.GaussianInit(1.0, 1.0, 1.0), 10, beta_edges=[0, 1],
                                           mu_edges="ab"), "mu_edges"),
        ("landscape.xor_problem theta0=array", lambda: xor_problem(theta0=np.array([])), "theta0"),
        ("pwl.BDSO breakpoints=[nan]", lambda: BDSO(np.array([NAN]), np.array([1.0]), np.array([1])), "breakpoints"),
        ("pwl.BDSO.from_network w=1e-320 (-b/w overflows)",
         lambda: BDSO.from_network(w=[1e-320], b=[1.0], v=[1.0]), "w"),
    ]
    try:
        import matplotlib

        matplotlib.use("Agg")
        from symrelu.plot.boolean import cube_figure

        cases += [("plot.boolean.cube_figure n=nan", lambda: cube_figure(27030, NAN), "n"),
                  ("plot.boolean.cube_figure n=[nan]", lambda: cube_figure(27030, [NAN]), "n"),
                  ("plot.boolean.cube_figure code=[]", lambda: cube_figure([], 4), "code"),
                  ("plot.boolean.cube_figure w='ab'", lambda: cube_figure(27030, 4, w="ab"), "w")]
        from symrelu.peaks import PeakSequence
        from symrelu.plot.limit import plot_limit

        cases.append(("plot.limit.plot_limit points=10**6",
                      lambda: plot_limit(PeakSequence([], [Q(1, 2)]), points=10**6), "points"))
    except ImportError:  # pragma: no cover
        pass
    from symrelu.swaps import recompute

    cases.append(("swaps.recompute checkpoint=0", lambda: recompute(2, checkpoint=0, executor="serial",
                                                                      progress=False), "checkpoint"))
    return cases


REGRESSIONS = _regressions()


@pytest.mark.parametrize("index", range(len(REGRESSIONS)), ids=[c[0] for c in REGRESSIONS])
def test_found_by_the_draws_is_refused_by_name(index):
    _, call, name = REGRESSIONS[index]
    with pytest.raises((ValueError, TypeError)) as info:
        _call_limited(call, (), {})
    assert isinstance(info.value, SymreluError), f"{type(info.value).__name__}: {info.value}"
    assert _names_argument(info.value, name, None), str(info.value)


def test_f_half_is_pointwise():
    """A float is a dyadic rational of up to 1074 levels: f_half follows it point by point (it built 2^level pieces
    and ran for minutes) and agrees with the partial sum where that is small enough to build."""
    from symrelu.law import law_scales
    from symrelu.law_tools import f_half, partial_sum

    for level in range(5):
        peaks = [Q(1, 2)] * (level + 2)
        f = partial_sum(peaks, law_scales(peaks)[: level + 1])
        xs = [Q(k, 2**level) for k in range(2**level + 1)]
        assert f_half(xs) == [f(x) for x in xs]
    assert 0 < _call_limited(f_half, (2.2727823656971674e-146,), {}) < 1
