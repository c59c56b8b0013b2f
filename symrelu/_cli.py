"""Shared pieces of the command lines: validated argument types, one-line usage errors, closed pipes.

Every ``python -m ...`` entry point parses with `Parser`, whose usage errors
are one line on stderr and exit status 2; argument types from here check a
value's range while parsing, so bad usage is refused before any work; and
`run_main` ends quietly when the reader of stdout goes away (``| head``).

>>> parser = Parser(prog="demo")
>>> _ = parser.add_argument("--n", type=int_in(1, 5))
>>> parser.parse_args(["--n", "3"]).n
3
"""

from __future__ import annotations

import argparse
import math
import os
import sys

from ._files import _check_target
from .errors import InvalidArgument

__all__ = ["Parser", "int_in", "real_in", "output_file", "folder", "run_main"]


class Parser(argparse.ArgumentParser):
    """An `argparse.ArgumentParser` whose usage errors are one line: ``prog: error: message``."""

    def error(self, message):
        self.exit(2, f"{self.prog}: error: {message} (see --help)\n")


def int_in(low: int | None = None, high: int | None = None):
    """An argparse type: an int in ``[low, high]`` (either end may be open).

    >>> int_in(1)("4"), int_in(0, 5).__name__
    (4, 'an int in 0..5')
    """
    if low is not None and high is not None:
        allowed = f"an int in {low}..{high}"
    elif low is not None:
        allowed = f"an int >= {low}"
    else:
        allowed = "an int" if high is None else f"an int <= {high}"

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected {allowed}, got {text!r}") from None
        if (low is not None and value < low) or (high is not None and value > high):
            raise argparse.ArgumentTypeError(f"expected {allowed}, got {text!r}")
        return value

    parse.__name__ = allowed
    return parse


def real_in(low: float | None = None, high: float | None = None, *, low_open: bool = False):
    """An argparse type: a finite number in ``[low, high]`` (``(low, high]`` with ``low_open``).

    >>> real_in(0)("2.5")
    2.5
    """
    if low is not None:
        allowed = f"a finite number {'>' if low_open else '>='} {low}"
        if high is not None:
            allowed += f" and <= {high}"
    else:
        allowed = "a finite number" if high is None else f"a finite number <= {high}"

    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected {allowed}, got {text!r}") from None
        bad_low = low is not None and (value <= low if low_open else value < low)
        if not math.isfinite(value) or bad_low or (high is not None and value > high):
            raise argparse.ArgumentTypeError(f"expected {allowed}, got {text!r}")
        return value

    parse.__name__ = allowed
    return parse


def output_file(text: str) -> str:
    """An argparse type: a file to write, in an existing folder, not a folder, device or FIFO.

    >>> output_file("out.npz")
    'out.npz'
    """
    path = os.path.abspath(text)
    try:
        _check_target(path, os.path.dirname(path))
    except InvalidArgument as exc:
        raise argparse.ArgumentTypeError(f"cannot write {text!r}: {exc.allowed}"
                                         + (f" ({exc.hint})" if exc.hint else "")) from None
    return text


def folder(text: str) -> str:
    """An argparse type: a folder that exists or can be made (its parent exists), not a file.

    >>> folder(".")
    '.'
    """
    path = os.path.abspath(text)
    if os.path.exists(path) and not os.path.isdir(path):
        raise argparse.ArgumentTypeError(f"{text!r} exists and is not a folder")
    if not os.path.isdir(path) and not os.path.isdir(os.path.dirname(path)):
        raise argparse.ArgumentTypeError(f"cannot make the folder {text!r}: its parent does not exist")
    return text


def run_main(main, argv=None) -> int:
    """Run ``main(argv)`` and return its exit status; a closed stdout ends it quietly.

    When the reader of stdout goes away (``python -m ... | head -1``) the next
    write fails with `BrokenPipeError`; the command stops there with status 1
    and no traceback, and stdout is pointed at ``os.devnull`` so that the flush
    at exit cannot fail again.  Ctrl-C ends it with status 130 and one line.
    """
    try:
        status = main(argv)
        sys.stdout.flush()
        return status
    except BrokenPipeError:
        with open(os.devnull, "w") as null:
            os.dup2(null.fileno(), sys.stdout.fileno())
        return 1
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
