"""Tests of symrelu._files.replacing: whole or not at all, no link followed, no special file replaced."""

import os
import signal
import stat
import subprocess
import sys
import time

import numpy as np
import pytest

from symrelu._files import _host, replacing
from symrelu.errors import InvalidArgument


def test_writes_whole_file_and_leaves_nothing_else(tmp_path):
    target = tmp_path / "out.npz"
    with replacing(target) as tmp:
        assert os.path.dirname(tmp) == str(tmp_path) and tmp.endswith(".npz")
        info = os.lstat(tmp)
        assert stat.S_ISREG(info.st_mode) and info.st_nlink == 1  # a fresh regular file, not a link
        np.savez(tmp, a=np.arange(3))
    with np.load(target) as data:
        assert data["a"].tolist() == [0, 1, 2]
    assert [p.name for p in tmp_path.iterdir()] == ["out.npz"]


def test_planted_symlink_at_the_old_predictable_name_is_not_followed(tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    target = tmp_path / "out.txt"
    # the name the old implementation used, and every name of the new pattern's fixed part
    planted = [tmp_path / f"out.{os.getpid()}.tmp.txt", tmp_path / f".out.txt.{_host()}.{os.getpid()}.symrelu-tmp.txt"]
    for p in planted:
        p.symlink_to(victim)
    with replacing(target) as tmp:
        assert not os.path.islink(tmp)
        with open(tmp, "w") as fh:
            fh.write("new")
    assert victim.read_text() == "precious" and target.read_text() == "new"
    assert all(p.is_symlink() for p in planted)  # not ours: left alone


def test_link_swapped_in_for_the_temporary_is_refused(tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    with pytest.raises(OSError):
        with replacing(tmp_path / "out.txt") as tmp:
            os.remove(tmp)
            os.symlink(victim, tmp)  # an attacker with write access to the folder
    assert victim.read_text() == "precious" and not (tmp_path / "out.txt").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["victim.txt"]


@pytest.mark.skipif(not os.path.exists("/dev/null"), reason="needs /dev/null")
def test_device_target_is_refused(tmp_path):
    with pytest.raises(InvalidArgument, match="/dev/null"):
        with replacing("/dev/null"):
            pytest.fail("the block must not run")
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)
    link = tmp_path / "out.npz"
    link.symlink_to("/dev/null")  # a link to a device: refused as well
    with pytest.raises(InvalidArgument, match="out.npz"):
        with replacing(link):
            pass


def test_folder_and_fifo_targets_are_refused(tmp_path):
    with pytest.raises(InvalidArgument, match="not a folder"):
        with replacing(tmp_path):
            pass
    if hasattr(os, "mkfifo"):
        fifo = tmp_path / "pipe"
        os.mkfifo(fifo)
        with pytest.raises(InvalidArgument, match="pipe"):
            with replacing(fifo):
                pass
    with pytest.raises(InvalidArgument, match="does not exist"):
        with replacing(tmp_path / "missing" / "out.txt"):
            pass


def test_symlink_to_regular_file_replaces_the_link_only(tmp_path):
    real = tmp_path / "real.txt"
    real.write_text("old")
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    with replacing(link) as tmp, open(tmp, "w") as fh:
        fh.write("new")
    assert real.read_text() == "old" and link.read_text() == "new" and not link.is_symlink()


def test_interrupted_write_keeps_old_file_and_removes_temporary(tmp_path):
    target = tmp_path / "out.txt"
    target.write_text("old")
    os.chmod(target, 0o640)
    with pytest.raises(KeyboardInterrupt):
        with replacing(target) as tmp, open(tmp, "w") as fh:
            fh.write("half")
            raise KeyboardInterrupt
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]
    with replacing(target) as tmp, open(tmp, "w") as fh:
        fh.write("new")
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o640  # the target's permission bits are kept


@pytest.mark.skipif(os.name != "posix", reason="SIGKILL and pid checks are posix")
def test_temporary_of_killed_run_is_cleaned_by_next_run(tmp_path):
    target = tmp_path / "out.txt"
    target.write_text("old")
    code = ("import os, signal, sys\nfrom symrelu._files import replacing\n"
            "with replacing(sys.argv[1]) as tmp:\n    open(tmp, 'w').write('half')\n"
            "    os.kill(os.getpid(), signal.SIGKILL)\n")
    proc = subprocess.run([sys.executable, "-c", code, str(target)])
    assert proc.returncode == -signal.SIGKILL
    left = [p.name for p in tmp_path.iterdir() if p.name != "out.txt"]
    assert len(left) == 1 and left[0].startswith(".out.txt.") and left[0].endswith(".symrelu-tmp.txt")
    assert target.read_text() == "old"
    dead_pid = int(left[0].split(".")[-4])
    other = tmp_path / f".other.txt.{_host()}.{dead_pid}.abcdefgh.symrelu-tmp.txt"  # another target's: kept
    other.write_text("x")
    with replacing(target) as tmp, open(tmp, "w") as fh:
        fh.write("new")
    assert sorted(p.name for p in tmp_path.iterdir()) == [other.name, "out.txt"]
    assert target.read_text() == "new"


def test_live_and_foreign_temporaries_are_kept_until_stale(tmp_path):
    target = tmp_path / "out.txt"
    live = tmp_path / f".out.txt.{_host()}.{os.getpid()}.abcdefgh.symrelu-tmp.txt"  # this very process: alive
    foreign = tmp_path / ".out.txt.otherhost.12345.abcdefgh.symrelu-tmp.txt"  # pid not checkable
    for p in (live, foreign):
        p.write_text("x")
    with replacing(target) as tmp:
        open(tmp, "w").close()
    assert live.exists() and foreign.exists()
    old = time.time() - 2 * 86400
    os.utime(foreign, (old, old))
    with replacing(target) as tmp:
        open(tmp, "w").close()
    assert live.exists() and not foreign.exists()


def test_a_path_ending_in_a_separator_is_refused(tmp_path):
    # found by the fuzz suite (scan_chunk's save_to='x/'): os.replace failed with a bare NotADirectoryError
    from symrelu._files import replacing
    from symrelu.errors import InvalidArgument

    with pytest.raises(InvalidArgument, match="separator"):
        with replacing(str(tmp_path / "new") + "/"):
            pass


def test_a_path_with_a_nul_character_is_refused(tmp_path):
    # SYMRELU_FUZZ_SEED=27 on experiments.report.write_csv: os.stat raised a bare ValueError
    from symrelu._files import replacing
    from symrelu.errors import InvalidArgument

    with pytest.raises(InvalidArgument, match="NUL"):
        with replacing(str(tmp_path / "a\0b")):
            pass
