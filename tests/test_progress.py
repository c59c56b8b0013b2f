"""symrelu.parallel.Progress, the one progress bar: in place on a terminal, plain lines in a pipe (issue 18)."""

import io
import os
import subprocess
import sys

import pytest

from symrelu.errors import InvalidArgument
from symrelu.parallel import Progress


class Terminal(io.StringIO):
    def isatty(self):
        return True


def test_piped_output_is_a_few_plain_lines():
    out = io.StringIO()
    bar = Progress(80, "Tables 1-2", unit="epochs", stream=out)
    for done in range(1, 81):
        bar(done)
    text = out.getvalue()
    assert "\r" not in text  # was 80 '\r' updates on one line
    lines = text.splitlines()
    assert len(lines) == 4 and text.endswith("\n")
    assert [line.split("|")[0] for line in lines] == [f"Tables 1-2: {p:3d}%" for p in (25, 50, 75, 100)]
    assert "80/80" in lines[-1] and "epochs" in lines[-1]
    bar(80)
    bar.close()
    assert out.getvalue() == text  # closed once


def test_terminal_output_is_redrawn_in_place_by_tqdm():
    out = Terminal()
    with Progress(10, "chunks", unit="chunks", stream=out) as bar:
        for done in range(1, 11):
            bar(done)
    text = out.getvalue()
    assert "\r" in text and "10/10" in text and text.endswith("\n")


def test_resumed_work_and_early_stop():
    out = io.StringIO()
    bar = Progress(8, "chunks", initial=4, stream=out)  # half done before: the 25% and 50% lines are skipped
    bar(5)
    assert out.getvalue() == ""
    bar(6)
    bar.close()  # stopped before the end: one last line says how far it got
    lines = out.getvalue().splitlines()
    assert len(lines) == 2 and "6/8" in lines[0] and "6/8" in lines[1]


def test_disabled_and_empty_write_nothing():
    out = io.StringIO()
    bar = Progress(5, stream=out, enabled=False)
    bar(5)
    Progress(0, stream=out)(0)
    assert out.getvalue() == ""


@pytest.mark.parametrize("kwargs", [{"total": -1}, {"total": 2.5}, {"total": 3, "lines": 0}])
def test_bad_arguments(kwargs):
    with pytest.raises(InvalidArgument):
        Progress(**kwargs)


def test_the_old_carriage_return_bars_are_gone():
    # one implementation: no module of symrelu draws its own '\r' bar any more
    root = os.path.join(os.path.dirname(__file__), "..", "symrelu")
    offenders = []
    for folder, _, files in os.walk(root):
        for name in files:
            if name.endswith(".py"):
                with open(os.path.join(folder, name), encoding="utf-8") as fh:
                    if 'f"\\r' in fh.read():
                        offenders.append(name)
    assert offenders == []


@pytest.mark.slow  # torch's optimizers import most of torch: 10-30 s on a loaded machine, training is < 1 s
def test_experiments_run_reports_progress_in_lines(tmp_path, capsys):
    pytest.importorskip("torch")
    from symrelu.experiments.__main__ import run
    from symrelu.experiments.protocol import Config

    cfg = Config.reduced(n_models=1, pretrain_epochs=4, free_epochs=4, targets=("x3",), n_points=50)
    run(cfg, str(tmp_path), blocks=False, pieces=False)
    err = capsys.readouterr().err
    assert "\r" not in err
    bars = [line for line in err.splitlines() if "epochs" in line]
    assert [b.split("|")[0] for b in bars] == [f"{stage}: {p:3d}%" for stage in ("Tables 1-2", "Table 3")
                                               for p in (25, 50, 75, 100)]


@pytest.mark.slow  # the whole command in a subprocess: about a minute on a loaded machine
def test_piped_experiments_run_prints_lines_not_carriage_returns(tmp_path):
    pytest.importorskip("torch")
    cmd = [sys.executable, "-m", "symrelu.experiments", "--reduced", "--no-blocks", "--no-pieces",
           "--models", "1", "--out", str(tmp_path)]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert "\r" not in proc.stderr
    bars = [line for line in proc.stderr.splitlines() if "epochs" in line]
    assert len(bars) == 8 and bars[3].startswith("Tables 1-2: 100%") and bars[7].startswith("Table 3: 100%"), proc.stderr


def test_swaps_recompute_bar_is_the_same_bar(capsys):
    from symrelu.swaps import recompute

    codes, values, done, total = recompute(3, chunks=4, executor="serial", progress=True)
    err = capsys.readouterr().err
    lines = err.splitlines()
    assert done == total and "\r" not in err and 1 <= len(lines) <= 4
    assert all(line.startswith("swaps n=3:") for line in lines) and f"{total}/{total} " in lines[-1]
