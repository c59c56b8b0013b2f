"""Command lines refuse bad usage up front: exit status 2, one line on stderr, no traceback, no work done.

Each case runs the real ``python -m ...`` in a subprocess; only failing-usage
paths are run, and they must fail before any computation (nothing printed on
stdout, nothing written), so each takes about as long as the imports.
"""

import importlib.util
import json
import os
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _env():
    return dict(os.environ, PYTHONPATH=ROOT + os.pathsep + os.environ.get("PYTHONPATH", ""))


def _run(args, cwd):
    return subprocess.run([sys.executable, "-m", *args], cwd=cwd, env=_env(), capture_output=True, text=True,
                          timeout=120)


# Runs each case's ``python -m module args`` (its real ``__main__`` block, by runpy) in a fresh folder, all
# in one interpreter: one start-up for every case instead of one each (a second or more on a loaded machine).
_DRIVER = """
import contextlib, io, json, os, runpy, sys, traceback
out = []
for module, args, files in json.load(sys.stdin):
    folder = os.path.join(sys.argv[1], str(len(out)))
    os.makedirs(folder)
    os.chdir(folder)
    for name, text in files.items():
        os.makedirs(os.path.dirname(name) or ".", exist_ok=True)
        open(name, "w").write(text)
    stdout, stderr, code = io.StringIO(), io.StringIO(), None
    sys.argv = [module, *args]
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        try:
            runpy.run_module(module, run_name="__main__", alter_sys=True)
        except SystemExit as exc:
            code = exc.code
        except BaseException:
            traceback.print_exc()
    left = sorted(os.path.relpath(os.path.join(d, f), folder) for d, ds, fs in os.walk(folder) for f in ds + fs)
    made = set(files) | {os.path.dirname(f) for f in files}
    out.append({"code": code, "stdout": stdout.getvalue(), "stderr": stderr.getvalue(),
                "files": [f for f in left if f not in made]})
json.dump(out, sys.__stdout__)
"""


class _Proc:
    def __init__(self, result):
        self.returncode, self.stdout, self.stderr = result["code"], result["stdout"], result["stderr"]
        self.new_files = result["files"]


_CACHE = {}


def _batch(cases, tmp_path_factory):
    """Run all ``(module, args, files)`` cases once (cached), return their outcomes by case."""
    key = json.dumps(cases)
    if key not in _CACHE:
        folder = tmp_path_factory.mktemp("cli")
        proc = subprocess.run([sys.executable, "-c", _DRIVER, str(folder)], input=key, env=_env(),
                              capture_output=True, text=True, timeout=300)
        assert proc.returncode == 0, proc.stderr
        _CACHE[key] = [_Proc(r) for r in json.loads(proc.stdout)]
    return _CACHE[key]


def _assert_usage_error(proc, *needles):
    assert proc.returncode == 2, (proc.returncode, proc.stderr)
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr  # one line, no usage block, no progress bar
    assert proc.stdout == ""  # refused before any work (the old paths printed results first)
    for needle in needles:
        assert needle in lines[0], (needle, lines[0])


AFILE = {"afile": ""}
GOOD = {"good/results.json": json.dumps({"config": {"seed": 0},
                                         "per_model_mse": {"tables": {"law": {"x3": [1e-7, 2e-7]}}}})}


def _spread(content):
    return {**GOOD, "bad/results.json": content}


# (module, args, files made first, what the one line must say); comments: what happened before
CASES = [
    ("symrelu.swaps", ["recompute", "--n", "3", "--chunks", "-4", "--serial"], AFILE, ["--chunks", "'-4'"]),  # 1 class
    ("symrelu.swaps", ["recompute", "--n", "3", "--chunks", "0"], AFILE, ["--chunks", "'0'"]),  # meant 1024
    ("symrelu.swaps", ["recompute", "--n", "9"], AFILE, ["--n", "'9'", "0..5"]),  # traceback
    ("symrelu.swaps", ["recompute", "--n", "3", "--workers", "0"], AFILE, ["--workers", "'0'"]),  # traceback
    ("symrelu.swaps", ["recompute", "--n", "3", "--output", "missing/dir"], AFILE,
     ["--output", "missing/dir", "does not exist"]),  # traceback after the whole computation
    ("symrelu.swaps", ["recompute", "--n", "3", "--max-seconds", "-1"], AFILE, ["--max-seconds", "'-1'"]),  # 0, exit 0
    ("symrelu.swaps", ["recompute", "--n", "3", "--max-seconds", "nan", "--checkpoint", "ck"], AFILE,
     ["--max-seconds", "'nan'"]),
    ("symrelu.swaps", ["recompute", "--n", "3", "--max-seconds", "5"], AFILE, ["--max-seconds needs --checkpoint"]),
    ("symrelu.swaps", ["recompute", "--n", "3", "--seed", "-1"], AFILE, ["--seed", "'-1'"]),
    ("symrelu.swaps", ["recompute", "--n", "3", "--output", "/dev/null"], AFILE, ["--output", "/dev/null", "regular"]),
    ("symrelu.swaps", ["recompute", "--n", "3", "--checkpoint", "afile"], AFILE, ["--checkpoint", "not a folder"]),
    ("symrelu.swaps", ["recompute", "--n", "x"], AFILE, ["--n", "'x'"]),
    ("symrelu.swaps", ["chambers", "--max-n", "7", "--output", "out.npz"], AFILE, ["--max-n", "'7'", "1..5"]),  # late
    ("symrelu.swaps", ["chambers", "--max-n", "0", "--output", "out.npz"], AFILE, ["--max-n", "'0'"]),
    ("symrelu.swaps", ["chambers", "--max-n", "2", "--output", "missing/out.npz"], AFILE,
     ["--output", "does not exist"]),
    ("symrelu.swaps", ["frobnicate"], AFILE, ["invalid choice"]),
    # landscape: tracebacks, some after enumerating and printing the landscape
    ("symrelu.landscape", ["xor", "--n", "0"], {}, ["--n", "'0'", ">= 1"]),
    ("symrelu.landscape", ["xor", "--n", "-5"], {}, ["--n", "'-5'"]),
    ("symrelu.landscape", ["xor", "--seed", "-1"], {}, ["--seed", "'-1'", ">= 0"]),
    ("symrelu.landscape", ["xor", "--theta0", "2"], {}, ["--theta0"]),
    ("symrelu.landscape", ["nand"], {}, ["invalid choice"]),
    # experiments --spread with a malformed results.json: a KeyError traceback
    ("symrelu.experiments", ["--spread", "good", "bad"], _spread('{"config": {"seed": 1}}'),
     ["bad/results.json", "has no per_model_mse.tables.law"]),
    ("symrelu.experiments", ["--spread", "good", "bad"], _spread("[1, 2]"), ["bad/results.json", "has no config.seed"]),
    ("symrelu.experiments", ["--spread", "good", "bad"],
     _spread('{"config": {"seed": 1}, "per_model_mse": {"tables": {"law": {"x3": "abc"}}}}'),
     ["bad/results.json", "x3 that is not"]),
    ("symrelu.experiments", ["--spread", "good", "bad"],
     _spread('{"config": {"seed": 1}, "per_model_mse": {"tables": {"law": {"x3": [1e-7]}}}, "window": {}}'),
     ["bad/results.json", "window.per_epoch.law.x3 without min and mean"]),
    ("symrelu.experiments", ["--spread", "good", "bad"], _spread("{not json"), ["bad/results.json", "cannot read"]),
    ("symrelu.experiments", ["--threads", "0"], AFILE, ["--threads", "'0'"]),
    ("symrelu.experiments", ["--seed", "-1", "--out", "o"], AFILE, ["--seed", "'-1'"]),  # traceback once training
    ("symrelu.experiments", ["--device", "foo", "--out", "o"], AFILE, ["--device", "'foo'"]),  # ... had begun
    ("symrelu.experiments", ["--out", "afile"], AFILE, ["--out", "not a folder"]),
    ("symrelu.experiments", ["--out", "missing/deeper"], AFILE, ["--out", "parent does not exist"]),
    ("proofs_check", ["--timeout", "-1"], {}, ["--timeout"]),
]


@pytest.mark.parametrize("index", range(len(CASES)),
                         ids=[f"{m.split('.')[-1]} {' '.join(a)}" for m, a, _, _ in CASES])
def test_command_refuses_bad_usage_before_work(index, tmp_path_factory):
    module, args, files, needles = CASES[index]
    if "--device" in args and importlib.util.find_spec("torch") is None:
        needles = ["needs torch"]  # without torch the device cannot be checked; that refusal comes first
    proc = _batch([c[:3] for c in CASES], tmp_path_factory)[index]
    _assert_usage_error(proc, *needles)
    assert proc.new_files == []  # no checkpoint, output folder or temporary


def test_real_entry_point_refuses_with_one_line(tmp_path):
    """The same through ``python -m`` itself: the issue's case, exit 2 and one line."""
    _assert_usage_error(_run(["symrelu.swaps", "recompute", "--n", "3", "--chunks", "-4", "--serial"], tmp_path),
                        "--chunks")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("module, args", [
    ("proofs_check", ["--list"]),
    ("symrelu.swaps", ["recompute", "--n", "2", "--serial", "--chunks", "2"]),
])
def test_closed_pipe_ends_quietly(module, args, tmp_path):
    """``... | head -1``, made deterministic: the reader is gone before the first write; nothing is printed."""
    env = _env()
    r, w = os.pipe()
    os.close(r)  # the reader has gone before the command writes anything: every write fails with EPIPE
    try:
        proc = subprocess.run([sys.executable, "-m", module, *args], cwd=tmp_path, env=env, stdout=w,
                              stderr=subprocess.PIPE, text=True, timeout=120)
    finally:
        os.close(w)
    assert "BrokenPipeError" not in proc.stderr and "Traceback" not in proc.stderr, proc.stderr
    assert "Exception ignored" not in proc.stderr
    assert proc.returncode == 1

