"""Import time of ``symrelu`` against the libraries it cannot do without, measured in the same run.

Each measurement is a fresh interpreter (``python -X importtime -c "import ..."``,
the cumulative time of the top-level import; interpreter start-up excluded),
repeated and interleaved so that load drift hits all alike.  Printed: the
median seconds of

* ``numpy``: the floor any ``import symrelu`` pays;
* ``numpy, sympy``: the peer, what ``import symrelu`` paid while it loaded its
  derivations;
* ``symrelu``: the package (its top-level names);
* ``symrelu.scaling``: the scaling law's derivation catalogue, which
  ``import symrelu`` no longer loads;

and the ratios ``symrelu / peer`` and ``symrelu / 0.3 s`` (the target).

Run:  nice -n 19 python benchmarks/bench_import.py [--repeats 7]
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys

TARGETS = {
    "numpy": "numpy",
    "peer (numpy, sympy)": "numpy, sympy",
    "symrelu": "symrelu",
    "symrelu.scaling": "symrelu.scaling",
}


def import_seconds(modules: str) -> float:
    """Cumulative import time of ``modules`` in a fresh interpreter (from ``-X importtime``)."""
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", f"import {modules}"],
        capture_output=True, text=True, check=True,
    )
    total = 0
    roots = {m.strip().split(".")[0] for m in modules.split(",")}
    for line in proc.stderr.splitlines():
        match = re.match(r"import time:\s+\d+ \|\s+(\d+) \|( *)(\S+)", line)
        # top-level entries (one space of indent) of the requested packages: ``import a.b``
        # lists ``a`` (with what its __init__ loads) and then ``a.b``
        if match and len(match.group(2)) == 1 and match.group(3).split(".")[0] in roots:
            total += int(match.group(1))
    return total / 1e6


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args(argv)
    times = {name: [] for name in TARGETS}
    for _ in range(args.repeats):
        for name, modules in TARGETS.items():
            times[name].append(import_seconds(modules))
    med = {name: statistics.median(t) for name, t in times.items()}
    for name, seconds in med.items():
        print(f"{name:<22} {seconds:7.3f} s (median of {args.repeats})")
    peer = med["peer (numpy, sympy)"]
    print(f"symrelu / peer         {med['symrelu'] / peer:7.2f}")
    print(f"symrelu / numpy        {med['symrelu'] / med['numpy']:7.2f}")
    print(f"symrelu / 0.3 s target {med['symrelu'] / 0.3:7.2f}")


if __name__ == "__main__":
    main()
