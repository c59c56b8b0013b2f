"""Command-line fuzz suite (issue 13): bad values for every flag of every ``python -m`` command.

For each command (``proofs_check``, ``symrelu.swaps`` and its subcommands,
``symrelu.landscape``, ``symrelu.landscape.render``, ``symrelu.experiments``: every ``__main__``) the table `COMMANDS` holds a
*good* argument list and the command's flags.  Hypothesis then changes one flag
of the good list: a bad value (NaN, ±inf, negative, zero, huge, fractions,
strings, things that look like flags, paths that do not exist, are files or
are folders), the flag without its value, the ``--flag=value`` form, a value
given to a switch, or an unknown flag.  Each argument list is run in-process
through the command's ``main(argv)`` (after a warm-up call, under a
`TIMEOUT` alarm, in a fresh folder) and must end in one of two ways:

* ``refused``: exit status 2, one line on stderr that names the flag (or the
  unknown option), nothing on stdout, no file written, and no work started;
* ``ran``: a correct run (exit status 0, or a status the command documents),
  or a valid run still working at the time bound.

Anything else fails: a traceback, another status, a message of several lines
or one that does not name the flag, output or files before a refusal, or a
refusal after the work had started.  "Work" is each command's computation
(`recompute`, `compute_fundamental_chambers`, the landscape's problem, the
experiments' `run`, the claims' runner): it is watched by a spy.  The swaps
computations really run (they are fast for the good lists); the others are
replaced by a stub that ends the call as "ran", since everything they receive
was already validated.

Profiles: ``EXAMPLES`` argument lists per flag (ci: 8; ``SYMRELU_FUZZ=slow``:
60); the counts per flag are printed by the last test (``-s``).
"""

from __future__ import annotations

import contextlib
import importlib
import importlib.util
import io
import json
import math
import os
import re
import signal
import sys
import warnings

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

SLOW = os.environ.get("SYMRELU_FUZZ") == "slow"
EXAMPLES = int(os.environ.get("SYMRELU_FUZZ_CLI_EXAMPLES", 60 if SLOW else 8))
TIMEOUT = 10.0 if SLOW else 4.0  # per argument list; the good lists take well under a second
HAVE_TORCH = importlib.util.find_spec("torch") is not None

# -- bad values ---------------------------------------------------------------------------------
PATHS = ["missing/dir/out.npz", "missing", "afile", "adir", "/dev/null", "/", ".", "adir/afile2", "good"]
WORDS = ["nan", "NaN", "inf", "-inf", "+inf", "1e308", "1e999", "-1e308", "0", "-0", "-1", "-5", "1", "2", "7",
         "1.5", "0.5", "-0.5", "1/2", "1e-300", "10**6", "1_000", "0x10", "99999999999999999999", str(2**64),
         str(10**6), "-99999999999999999999", "", " ", "abc", "None", "True", "--", "-", "-x", "--bogus",
         "xor", "two-point", "cpu", "cuda", "cuda:0", "float32", "sum", "mean", "uniform", "*", "[", "000",
         "é", "\t", "1 2", *PATHS]
VALUES = st.one_of(
    st.sampled_from(WORDS),
    st.integers(min_value=-(10**20), max_value=10**20).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=6),
)


class Ran(BaseException):
    """Raised by a stub in place of a command's computation: the arguments were accepted."""


class _Timeout(BaseException):
    pass


def _alarm(signum, frame):
    raise _Timeout


# -- the commands -------------------------------------------------------------------------------
class Command:
    """One command: its ``main``, a good argument list, and how its work is watched.

    Its flags are read from its own ``--help`` (`flags`), so that a flag added later is fuzzed too.
    """

    def __init__(self, name, module, good, *, help_prefix=(), work=(), stubs=(), codes=(0,), positional=(),
                 replace=None, text=(), entry=None):
        self.name, self.module, self.good = name, module, list(good)
        self.help_prefix, self.positional = list(help_prefix), list(positional)
        self.work = list(work)  # attributes of the module whose call starts the work (spied, really run)
        self.stubs = list(stubs)  # attributes replaced by a stub that raises Ran (where the module has them)
        self.codes = set(codes)  # exit statuses of a correct run
        self.replace = dict(replace or {})  # attributes replaced by a fixed stand-in (not work)
        self.text = set(text)  # flags whose value is any text (a pattern, a file name): "nan" is valid there
        self._flags = None
        self.entry = entry  # the name of its main function (default: main, else _main)

    def main(self):
        mod = importlib.import_module(self.module)
        if self.entry:
            return getattr(mod, self.entry)
        return getattr(mod, "main", None) or mod._main

    def flags(self, monkeypatch, folder):
        """``{flag: takes a value}`` for every option its ``--help`` lists (``-h/--help`` left out)."""
        if self._flags is None:
            result = run_command(self, self.help_prefix + ["--help"], folder, monkeypatch, timeout=120)
            assert result["code"] == 0 and result["error"] is None, result
            found = {}
            section = None
            for line in result["stdout"].splitlines():
                if line and not line.startswith(" "):
                    section = line
                    continue
                m = re.match(r"^  (-\S.*?)(?:\s{2,}|$)", line)
                if not m or not section or "option" not in section:
                    continue
                for part in m.group(1).split(", "):
                    name, _, metavar = part.partition(" ")
                    if name.startswith("--") and name != "--help":
                        found[name] = bool(metavar)
            self._flags = found
        return self._flags


class _Claim:
    """A stand-in for a registered claim: the flags select among these (the registry itself is not fuzzed)."""

    def __init__(self, id):
        self.id, self.label = id, f"claim {id}"


_CLAIMS = [_Claim(i) for i in ("000/lemma-1", "000/theorem-2", "003/corollary-1", "004/appendix-a.4")]
_SPREAD = {"config": {"seed": 0}, "per_model_mse": {"tables": {"law": {"x3": [1e-7, 2e-7]}}}}

COMMANDS = [
    Command("proofs_check", "proofs_check.__main__", ["--only", "000"], stubs=["run_claims"], codes=(0, 1),
            text=["--only"],
            replace={"load_claims": lambda: list(_CLAIMS)}),  # 1: a claim not as expected, coverage incomplete
    Command("swaps recompute", "symrelu.swaps.__main__", ["recompute", "--n", "2", "--serial"],
            help_prefix=["recompute"], positional=["command"], work=["recompute"], text=["--checkpoint", "--output"]),
    Command("swaps chambers", "symrelu.swaps.__main__", ["chambers", "--max-n", "2", "--output", "ch.npz"],
            help_prefix=["chambers"], work=["compute_fundamental_chambers"], text=["--output"]),
    Command("landscape", "symrelu.landscape.__main__", ["two-point"], positional=["problem"],
            stubs=["xor_problem", "two_point_problem"]),
    Command("landscape.render", "symrelu.landscape.render", [], stubs=["xor_problem", "run_experiment"]),
    Command("experiments", "symrelu.experiments.__main__",
            ["--reduced", "--quiet", "--no-blocks", "--no-pieces", "--out", "out"], stubs=["run", "_recompute"],
            text=["--out", "--spread", "--write"]),
    Command("function_space_runs", "symrelu.experiments.function_space_runs",
            ["--recompute", "003_table_1", "--seeds", "0"], stubs=["run"]),
]


def _commands():
    out = []
    for c in COMMANDS:
        try:
            importlib.import_module(c.module)
        except ImportError:  # pragma: no cover - an optional dependency is missing
            continue
        out.append(c)
    return out


def _fixtures(folder):
    """What every run finds in its folder: a file, a folder, a folder with a results.json (``--spread``)."""
    with open(os.path.join(folder, "afile"), "w") as fh:
        fh.write("x")
    os.makedirs(os.path.join(folder, "adir"))
    with open(os.path.join(folder, "adir", "afile2"), "w") as fh:
        fh.write("x")
    os.makedirs(os.path.join(folder, "good"))
    with open(os.path.join(folder, "good", "results.json"), "w") as fh:
        json.dump(_SPREAD, fh)


def _listing(folder):
    return sorted(os.path.relpath(os.path.join(d, f), folder) for d, ds, fs in os.walk(folder) for f in ds + fs)


# -- one run ------------------------------------------------------------------------------------
def run_command(cmd, argv, folder, monkeypatch, timeout=None):
    """Run ``cmd`` with ``argv`` in ``folder``; returns a dict: code, stdout, stderr, error, worked, timed_out."""
    mod = importlib.import_module(cmd.module)
    state = {"worked": False}

    def spy(real):
        def call(*args, **kwargs):
            state["worked"] = True
            return real(*args, **kwargs)
        return call

    def stub(*args, **kwargs):
        state["worked"] = True
        raise Ran

    with monkeypatch.context() as mp:
        for attr in cmd.work:
            mp.setattr(mod, attr, spy(getattr(mod, attr)))
        for attr in cmd.stubs:
            if hasattr(mod, attr):
                mp.setattr(mod, attr, stub)
        for attr, value in cmd.replace.items():
            mp.setattr(mod, attr, value)
        mp.chdir(folder)
        stdout, stderr = io.StringIO(), io.StringIO()
        out = {"code": None, "error": None, "timed_out": False}
        threads = _torch_threads()
        old = signal.signal(signal.SIGALRM, _alarm)
        signal.setitimer(signal.ITIMER_REAL, TIMEOUT if timeout is None else timeout, 0.5)
        try:
            with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr), warnings.catch_warnings():
                warnings.simplefilter("ignore")
                out["code"] = cmd.main()(argv)
        except SystemExit as exc:
            out["code"] = exc.code
        except Ran:
            out["code"] = "ran"
        except _Timeout:
            out["timed_out"] = True
        except Exception as exc:  # noqa: BLE001 - a traceback is what this suite looks for
            out["error"] = f"{type(exc).__name__}: {str(exc)[:200]}"
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, old)
            _torch_threads(threads)
            plt = sys.modules.get("matplotlib.pyplot")
            if plt is not None:
                plt.close("all")
    out.update(stdout=stdout.getvalue(), stderr=stderr.getvalue(), worked=state["worked"])
    return out


def _torch_threads(value=None):
    """Torch's thread count (``--threads`` sets it for the whole process): read, or restore ``value``."""
    torch = sys.modules.get("torch")
    if torch is None:
        return None
    if value is not None:
        torch.set_num_threads(value)
    return torch.get_num_threads()


def _nonfinite(value) -> bool:
    try:
        return not math.isfinite(float(value))
    except (TypeError, ValueError, OverflowError):
        return False


def classify(cmd, flag, value, named, result, before, after):
    """``(outcome, detail)``: ``refused``, ``ran`` or a failure kind."""
    if result["error"]:
        return "traceback", result["error"]
    if result["timed_out"]:
        return ("ran", "") if result["worked"] else ("hang", f"no work started, still running after {TIMEOUT} s")
    code = result["code"]
    if code == "ran" or code in cmd.codes:
        if value is not None and _nonfinite(value) and flag not in cmd.text:
            return "accepted NaN/inf", f"{flag} {value!r} ran"
        return "ran", ""
    if code != 2:
        return "exit status", f"{code!r}: {result['stderr'][-200:]!r}"
    lines = result["stderr"].strip().splitlines()
    if len(lines) != 1:
        return "not one line", repr(result["stderr"][-300:])
    if not any(re.search(rf"(?<![\w-]){re.escape(n)}(?![\w-])", lines[0]) for n in named):
        return "flag not named", f"{lines[0][:200]!r} (expected one of {named})"
    if result["stdout"]:
        return "output before the refusal", repr(result["stdout"][:200])
    if result["worked"]:
        return "work before the refusal", lines[0][:200]
    if after != before:
        return "files before the refusal", str(sorted(set(after) - set(before)))
    return "refused", ""


# -- the argument lists -------------------------------------------------------------------------
def _without(argv, flag, takes_value):
    """``argv`` without ``flag`` (and its value)."""
    out, skip = [], False
    for i, a in enumerate(argv):
        if skip:
            skip = False
            continue
        if a == flag:
            skip = takes_value
            continue
        out.append(a)
    return out


def _mutate(cmd, flag, takes_value, data):
    """One bad argument list changing ``flag``: ``(kind, argv, words the message may name it by, the value)``."""
    if flag == "(unknown)":
        word = data.draw(st.sampled_from(["--bogus", "--n2", "-z", "--out-dir", "--seed=", "---n", "--no"]),
                         label="unknown")
        return "unknown", cmd.good + [word], [word.split("=")[0], "unrecognized", "ambiguous"], None
    value = data.draw(VALUES, label="value")
    if flag in cmd.positional:  # the first argument: a subcommand or a choice
        return "value", [value] + cmd.good[1:], [flag, "invalid choice", "unrecognized", "required"], value
    names = [flag, "unrecognized", "ambiguous"]
    if not takes_value:
        kind = data.draw(st.sampled_from(["=value", "twice"]), label="form")
        base = _without(cmd.good, flag, False)
        return kind, base + ([f"{flag}={value}"] if kind == "=value" else [flag, flag]), names, None
    kind = data.draw(st.sampled_from(["value", "value", "value", "=value", "missing value", "twice"]), label="form")
    base = _without(cmd.good, flag, True)
    if cmd.name.startswith("swaps") and flag == "--max-seconds" and kind != "missing value":
        base += ["--checkpoint", "ck"]  # --max-seconds needs one; its value is what is tried
    if kind == "missing value":
        return kind, base + [flag], names, None
    if kind == "=value":
        return kind, base + [f"{flag}={value}"], names, value
    if kind == "twice":
        return kind, base + [flag, value, flag, value], names, value
    return kind, base + [flag, value], names, value


COUNTS: dict = {}
CMDS = _commands()


@pytest.mark.parametrize("cmd", CMDS, ids=[c.name for c in CMDS])
def test_good_argument_list_runs(cmd, tmp_path, monkeypatch):
    """The baseline every bad list differs from: it runs (and warms imports and caches)."""
    if cmd.name == "experiments" and not HAVE_TORCH:
        pytest.skip("training needs torch")
    _fixtures(tmp_path)
    result = run_command(cmd, cmd.good, tmp_path, monkeypatch, timeout=120)  # imports torch, claims ...
    assert result["error"] is None and not result["timed_out"], result
    assert result["code"] == "ran" or result["code"] in cmd.codes, result


@pytest.mark.parametrize("cmd", CMDS, ids=[c.name for c in CMDS])
def test_fuzz_command_flags(cmd, tmp_path_factory, monkeypatch):
    if cmd.name == "experiments" and not HAVE_TORCH:
        pytest.skip("training needs torch (without it every list is refused for that reason)")
    failures = []
    counts = COUNTS.setdefault(cmd.name, {})
    flags = dict(cmd.flags(monkeypatch, tmp_path_factory.mktemp("help")))
    flags.update({p: True for p in cmd.positional})
    flags["(unknown)"] = False
    for flag, takes_value in flags.items():

        @settings(max_examples=EXAMPLES, derandomize=True, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck))
        @given(st.data())
        def run(data):  # called right away, within this iteration of the loop
            kind, argv, named, value = _mutate(cmd, flag, takes_value, data)
            folder = tmp_path_factory.mktemp("run")
            _fixtures(folder)
            before = _listing(folder)
            result = run_command(cmd, argv, folder, monkeypatch)
            outcome, detail = classify(cmd, flag, value, named, result, before, _listing(folder))
            c = counts.setdefault(flag, {"tried": 0})
            c["tried"] += 1
            c[outcome] = c.get(outcome, 0) + 1
            if outcome not in ("refused", "ran"):
                failures.append(f"{' '.join(map(repr, argv))}: {outcome} ({detail})")

        run()
    assert not failures, f"{cmd.name}: {len(failures)} argument lists not handled:\n  " + "\n  ".join(
        dict.fromkeys(failures))


def test_zz_report():
    """Print the counts per command and flag of this run (``-s``)."""
    lines, total = [], {"tried": 0, "refused": 0, "ran": 0}
    for name in sorted(COUNTS):
        for flag, c in sorted(COUNTS[name].items()):
            bad = {k: v for k, v in c.items() if k not in total}
            for k in total:
                total[k] += c.get(k, 0)
            lines.append(f"  {name} {flag}: tried {c['tried']}, refused {c.get('refused', 0)}, ran {c.get('ran', 0)}"
                         + (f", NOT HANDLED {bad}" if bad else ""))
    lines.append(f"  total: tried {total['tried']}, handled {total['refused'] + total['ran']} "
                 f"(refused {total['refused']}, ran {total['ran']}), commands {len(COUNTS)}")
    print("\ncommand-line fuzz counts per flag:\n" + "\n".join(lines))


# -- the suite's own check: each kind of bad command is caught ------------------------------------
def _work():
    """Stands for a command's computation in the fake commands below."""


def _parser():
    from symrelu._cli import Parser

    return Parser(prog="fake")


def _fake_late_refusal(argv):
    _work()
    _parser().error("argument --n: too large")


def _fake_output_first(argv):
    print("n=1: 1 chamber")
    _parser().error("argument --n: too large")


def _fake_traceback(argv):
    raise KeyError("n")


def _fake_usage_block(argv):
    import argparse

    argparse.ArgumentParser(prog="fake").error("argument --n: too large")


def _fake_other_flag(argv):
    _parser().error("argument --seed: too large")


@pytest.mark.parametrize("entry, outcome", [
    ("_fake_late_refusal", "work before the refusal"), ("_fake_output_first", "output before the refusal"),
    ("_fake_traceback", "traceback"), ("_fake_usage_block", "not one line"), ("_fake_other_flag", "flag not named"),
])
def test_suite_catches(entry, outcome, tmp_path, monkeypatch):
    cmd = Command("fake", __name__, [], work=["_work"], entry=entry)
    result = run_command(cmd, ["--n", "9"], tmp_path, monkeypatch)
    assert classify(cmd, "--n", "9", ["--n"], result, [], [])[0] == outcome


#: Modules with a ``__main__`` block that `COMMANDS` does not fuzz, and why.
NOT_FUZZED: dict = {}


def test_every_command_is_fuzzed():
    """Every module of the package (and proofs_check) that runs as a command is in COMMANDS or NOT_FUZZED."""
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    found = set()
    for top in ("symrelu", "proofs_check"):
        for folder, _, files in os.walk(os.path.join(root, top)):
            for f in files:
                if f.endswith(".py"):
                    with open(os.path.join(folder, f), encoding="utf-8") as fh:
                        if re.search(r"^if __name__ == .__main__.:", fh.read(), re.M):
                            rel = os.path.relpath(os.path.join(folder, f[:-3]), root).replace(os.sep, ".")
                            found.add(rel)
    fuzzed = {c.module for c in COMMANDS}
    missing = sorted(m for m in found if m not in fuzzed and m not in NOT_FUZZED)
    assert not missing, f"commands without a fuzz entry in COMMANDS: {missing}"
