"""Benchmark: exact CPWL extraction (``ReLUNetwork.to_pwl``, integers per piece) against the Fraction path it replaced.

Both paths get the same exact triangle network (``triangle_network(peaks)``,
law scales, "add" variant, peaks ``k/1000`` drawn uniformly from [0.3, 0.7])
in the same run, and the script prints, per depth d (2^d pieces):

* ``to_pwl``: the median CPU time (``time.process_time``) and wall time of
  ``net.to_pwl(0, 1)`` alone;
* ``+output``: the same for ``to_pwl(0, 1)`` and then ``.output`` (the
  canonical output as a `PiecewiseLinear` of Fractions, what a user reads);
* ``MB``: the peak resident memory of the process that ran that path, that
  is of one ``to_pwl`` with its ``.output`` and the Python it runs in (each
  path runs in its own fresh Python process, so nothing of one is counted
  in the other; this includes the GMP limbs python-flint allocates itself, which
  ``tracemalloc`` cannot see);
* the ratio of the two ``+output`` CPU times, Fraction / new (CPU time,
  because on a loaded machine a process run with ``nice`` may wait for
  seconds between its turns, which wall time counts), and whether both
  paths give the same output: the SHA-256 of the knots' and values'
  ``str`` (exact ``p/q`` strings) in order.

Before the timings, both paths compute every network of a fixed set (triangle
networks in both variants with law and free scales, random small-integer and
random rational networks, leaky ReLU) and every partition, pre-activation
and output is compared exactly, Fraction against Fraction.

The new path keeps two integers per piece and neuron (``rho (S x + C)``, knots
``P / Q``; ``symrelu.network._exact_to_pwl``), with python-flint's ``fmpz_mat``
for dense layers.  The Fraction path is the library's code before
python-flint came in (then came an ``fmpq`` path, which the integer one
replaced): the
files ``symrelu/{errors,_numbers,pwl,network}.py`` at commit ``BASELINE`` are
read with ``git show`` into a temporary package (run from a git checkout, or
pass ``--repo``).

Run:  nice -n 19 python benchmarks/bench_exact.py [--quick] [--repeats N] [--depths 12 16 20]
"""

from __future__ import annotations

import argparse
import hashlib
import importlib
import json
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from fractions import Fraction
from pathlib import Path

import numpy as np

from symrelu.network import ReLUNetwork
from symrelu.triangle import triangle_network
from _timing import median_time

#: The last commit whose exact path computes in Fraction.
BASELINE = "5ff1e74"
ROOT = Path(__file__).resolve().parent.parent


def fraction_baseline(repo: Path = ROOT, commit: str = BASELINE):
    """The Fraction-path ``network`` module of ``commit``, as a temporary package ``_symrelu_fraction``."""
    folder = Path(tempfile.mkdtemp(prefix="symrelu_fraction_")) / "_symrelu_fraction"
    folder.mkdir()
    (folder / "__init__.py").write_text("")
    for name in ("errors", "_numbers", "pwl", "network"):
        text = subprocess.run(
            ["git", "show", f"{commit}:symrelu/{name}.py"], cwd=repo, check=True, capture_output=True, text=True
        ).stdout
        (folder / f"{name}.py").write_text(text)
    sys.path.insert(0, str(folder.parent))
    return importlib.import_module("_symrelu_fraction.network")


def peaks(depth: int, seed: int = 0) -> list:
    rng = random.Random(seed)
    return [Fraction(rng.randint(300, 700), 1000) for _ in range(depth + 1)]


def digest(pwl) -> str:
    h = hashlib.sha256()
    for arr in (pwl.knots, pwl.values):
        h.update(",".join(map(str, arr)).encode())
        h.update(b";")
    return h.hexdigest()[:16]


# -- agreement on every test network ----------------------------------------------
def test_networks() -> list:
    """(name, network, lo, hi): the families the tests use, drawn with fixed seeds."""
    nets = []
    for variant in ("add", "subtract"):
        nets.append((f"triangle {variant} d=8", triangle_network(peaks(8, 1), variant=variant), 0, 1))
        free = [Fraction(1, 2 ** (k + 1)) for k in range(6)]
        nets.append((f"triangle {variant} free scales d=6", triangle_network(peaks(5, 2), variant=variant, scales=free), 0, 1))
    rng = random.Random(3)
    for i in range(12):
        widths = [1] + [rng.randint(1, 8) for _ in range(rng.randint(1, 4))] + [rng.randint(1, 2)]
        rational = i % 2 == 1
        alpha = Fraction(1, 4) if i % 3 == 2 else 0

        def weight():
            w = Fraction(rng.randint(-3, 3))
            return w / rng.randint(1, 4) if rational else w

        layers = [([[weight() for _ in range(widths[k])] for _ in range(widths[k + 1])],
                   [weight() for _ in range(widths[k + 1])]) for k in range(len(widths) - 1)]
        kind = ("rational" if rational else "integer") + (" leaky" if alpha else "")
        nets.append((f"random {kind} {tuple(widths)}", ReLUNetwork(layers, alpha), -3, 3))
    return nets


def check_agreement(old) -> int:
    """Compare every partition, pre-activation and output of both paths; return the number of networks."""
    nets = test_networks()
    for name, net, lo, hi in nets:
        new = net.to_pwl(lo, hi)
        ref = old.ReLUNetwork(net.layers, net.alpha).to_pwl(lo, hi)
        assert list(new.regions) == list(ref.regions), name
        for layer in range(len(net.layers)):
            for neuron in range(net.widths[layer + 1]):
                a, b = new.preactivation(layer, neuron), ref.preactivation(layer, neuron)
                assert list(a.knots) == list(b.knots) and list(a.values) == list(b.values), (name, layer, neuron)
        for a, b in zip(new.outputs, ref.outputs):
            assert list(a.knots) == list(b.knots) and list(a.values) == list(b.values), name
            assert all(type(v) is Fraction for v in list(a.knots) + list(a.values)), name
        assert np.array_equal(new.activation_patterns(), ref.activation_patterns()), name
    return len(nets)


# -- timings, one process per path ----------------------------------------------
def median_cpu(fn, repeats):
    """``(median CPU seconds, median wall seconds, the last result)`` over ``repeats`` calls."""
    cpus, walls, result = [], [], None
    for _ in range(max(1, repeats)):
        result = None  # free the previous result first: peak memory is that of one call
        c0 = time.process_time()
        wall, result = median_time(fn, 1)
        cpus.append(time.process_time() - c0)
        walls.append(wall)
    return statistics.median(cpus), statistics.median(walls), result


def child(path: str, depth: int, repeats: int, repo: Path):
    """Time one path on the depth-d network in this (fresh) process; print a JSON line."""
    module = fraction_baseline(repo) if path == "fraction" else importlib.import_module("symrelu.network")
    net = module.ReLUNetwork(triangle_network(peaks(depth)).layers)
    cpu, wall = median_cpu(lambda: net.to_pwl(0, 1), repeats)[:2]  # its result is freed before the next
    full_cpu, full, out = median_cpu(lambda: net.to_pwl(0, 1).output, repeats)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux
    print(json.dumps(dict(cpu=cpu, wall=wall, full_cpu=full_cpu, full=full, mb=rss, pieces=out.pieces,
                          digest=digest(out))))


def measure(path, depth, repeats, repo):
    cmd = [sys.executable, __file__, "--child", path, str(depth), str(repeats), "--repo", str(repo)]
    done = subprocess.run(cmd, check=True, capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def run(depths, repeats, repo, fraction_up_to):
    old = fraction_baseline(repo)
    print(f"agreement: {check_agreement(old)} test networks, every partition, pre-activation and output "
          f"equal (new vs Fraction path of commit {BASELINE})", flush=True)
    print(f"exact to_pwl(0, 1) of triangle networks; seconds: median of {repeats} runs (one run at d >= 18), "
          "CPU (wall); MB: peak RSS of the path's own process; ratio: +output CPU, Fraction / new")
    header = (f"{'d':>3} {'pieces':>8} | {'Fraction to_pwl':>17} {'+output':>17} {'MB':>6} | "
              f"{'new to_pwl':>17} {'+output':>17} {'MB':>6} | {'ratio':>5} {'same':>5}")
    print(header)
    print("-" * len(header))
    for d in depths:
        reps = 1 if d >= 18 else repeats
        new = measure("flint", d, reps, repo)
        assert new["pieces"] == 2**d, "a depth-d triangle network has 2^d pieces"
        if d <= fraction_up_to:
            ref = measure("fraction", d, reps, repo)
            cols = f"{_pair(ref['cpu'], ref['wall'])} {_pair(ref['full_cpu'], ref['full'])} {ref['mb']:6.0f}"
            ratio, same = f"{ref['full_cpu'] / new['full_cpu']:5.1f}", str(ref["digest"] == new["digest"])
        else:
            cols, ratio, same = f"{'(skipped)':>17} {'':>17} {'':>6}", "", ""
        print(f"{d:>3} {new['pieces']:>8} | {cols} | {_pair(new['cpu'], new['wall'])} "
              f"{_pair(new['full_cpu'], new['full'])} {new['mb']:6.0f} | {ratio:>5} {same:>5}", flush=True)


def _pair(cpu, wall) -> str:
    return f"{cpu:7.3f} ({wall:7.3f})"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="depths 8 and 12, one repeat")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--depths", type=int, nargs="+", default=[12, 16, 20])
    parser.add_argument("--fraction-up-to", type=int, default=20,
                        help="run the Fraction path only up to this depth (at 20 it takes about a minute)")
    parser.add_argument("--repo", type=Path, default=ROOT, help="the git checkout to read the baseline from")
    parser.add_argument("--child", nargs=3, metavar=("PATH", "DEPTH", "REPEATS"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args.child[0], int(args.child[1]), int(args.child[2]), args.repo)
    elif args.quick:
        run([8, 12], 1, args.repo, 20)
    else:
        run(args.depths, args.repeats, args.repo, args.fraction_up_to)


if __name__ == "__main__":
    main()
