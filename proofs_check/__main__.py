"""Command line: ``python -m proofs_check`` checks every registered claim.

Exit status: 0 when every result is ok (verdict equals ``expect``, any
correction was verified, every refuted reading has a severity), 1 otherwise,
2 for bad usage.

``--coverage`` checks nothing: it prints the coverage of the inventories
(:mod:`proofs_check.coverage`) per document and per section, and exits 0 when
every entry has a registered claim or a reason, 1 otherwise (or when there is no
inventory, or one is malformed).
"""

from __future__ import annotations

import argparse
import fnmatch
import sys

from symrelu._cli import Parser, run_main

from . import coverage as inventory_coverage
from . import report
from .registry import all_claims
from .runner import default_jobs, run_claims

_GLOB_CHARS = set("*?[")


def load_claims():
    """The claims the command line works on (all registered claims)."""
    return all_claims()


def select(claims, pattern: str | None):
    """Claims whose id matches ``pattern``: an fnmatch glob, or a substring if no glob chars."""
    if pattern is None:
        return list(claims)
    if _GLOB_CHARS & set(pattern):
        return [c for c in claims if fnmatch.fnmatchcase(c.id, pattern)]
    return [c for c in claims if pattern in c.id]


def _positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a number of seconds, got {text!r}")
    if not value > 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"must be a finite number > 0, got {text!r}")
    return value


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be an integer >= 1, got {text!r}")
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be an integer >= 1, got {text!r}")
    return value


def build_parser() -> argparse.ArgumentParser:
    # symrelu's Parser: a usage error is one line naming the flag, exit status 2 (as every symrelu command)
    parser = Parser(
        prog="python -m proofs_check",
        description=(
            "Check every registered claim from the seed documents by computation "
            "and report the verdicts."
        ),
    )
    fmt = parser.add_mutually_exclusive_group()
    fmt.add_argument("--json", action="store_true",
                     help="print the results as a JSON list of objects")
    fmt.add_argument("--markdown", action="store_true",
                     help="print the results as a Markdown report")
    parser.add_argument("--only", metavar="PATTERN",
                        help="check only claims whose id matches PATTERN "
                             "(fnmatch glob, or substring when it has no * ? [)")
    parser.add_argument("--timeout", metavar="SECONDS", type=_positive_float,
                        default=300.0,
                        help="seconds allowed per claim (default: 300)")
    parser.add_argument("--jobs", metavar="N", type=_positive_int, default=default_jobs(),
                        help="claims checked at once, each in its own process "
                             "(default: the CPUs this process may run on)")
    parser.add_argument("--list", action="store_true",
                        help="print 'id<TAB>label' for each claim and exit, "
                             "checking nothing")
    parser.add_argument("--coverage", action="store_true",
                        help="print how much of the inventories of checkable statements "
                             "(proofs_check/inventory/*.json) the claims cover, per document "
                             "and section, and exit, checking nothing")
    return parser


def print_coverage(claims) -> int:
    """Print the coverage report; 0 when every entry has a registered claim or a reason."""
    try:
        inventories = inventory_coverage.load_inventories()
    except inventory_coverage.InventoryError as exc:
        print(f"proofs_check: error: malformed inventory: {exc}", file=sys.stderr)
        return 1
    cov = inventory_coverage.coverage(inventories, [c.id for c in claims])
    print(inventory_coverage.format_coverage(cov), end="")
    if not inventories:
        print(f"proofs_check: no inventory in {inventory_coverage.INVENTORY_DIR}",
              file=sys.stderr)
        return 1
    return 0 if not cov.missing and not cov.unknown else 1


def main(argv=None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)

    claims = load_claims()
    if args.coverage:
        return print_coverage(claims)
    selected = select(claims, args.only)
    if args.only is not None and not selected:
        print(f"proofs_check: error: --only {args.only!r} matches no claim id "
              f"({len(claims)} claims registered; see --list)", file=sys.stderr)
        return 2

    if args.list:
        for c in selected:
            print(f"{c.id}\t{c.label}")
        return 0

    if not selected:
        print("proofs_check: no claims are registered yet; nothing to check.",
              file=sys.stderr)
        if args.json:
            print("[]")
        return 0

    results = run_claims(selected, timeout=args.timeout, jobs=args.jobs)
    id_width = max(len(c.id) for c in selected)
    if args.json or args.markdown:
        if sys.stderr.isatty():
            results = report.stream_table(results, sys.stderr, id_width=id_width)
        else:
            results = list(results)
        print(report.to_json(results) if args.json else report.to_markdown(results))
    else:
        results = report.stream_table(results, sys.stdout, id_width=id_width)
    # a claim skipped for a missing optional package is not a failure: the summary says what to install
    return 0 if all(r.ok or r.verdict == "skipped" for r in results) else 1


if __name__ == "__main__":
    sys.exit(run_main(main))  # a closed stdout (--list | head -1) ends quietly
