"""Writing result files whole or not at all (no dependencies beyond the standard library).

`replacing` hands out a fresh temporary file next to the target and moves it
over the target only once the caller's block has finished without error.  The
temporary is created by `tempfile.mkstemp` (``O_CREAT | O_EXCL``, mode 0600,
an unpredictable name), so a symbolic link planted in the folder is never
followed; it is fsync'ed before `os.replace`, and the folder after it, so a
crash right after the block leaves either the old file or the new one.

A process killed by SIGKILL (or by SIGTERM's default action, which runs no
``finally``) leaves its temporary behind.  The name says whose it was:
``.<target name>.<host>.<pid>.<random>.symrelu-tmp<ext>``.  The next
`replacing` of the same target removes such leftovers when their process is
gone (same host, no process with that pid) or, for any host, when they are
older than ``stale_after`` seconds (a day by default: a pid may be reused, and
a pid of another host sharing the folder cannot be checked).  Files not named
by this pattern are never touched.
"""

from __future__ import annotations

import contextlib
import os
import re
import socket
import stat
import tempfile
import time

from .errors import InvalidArgument

__all__ = ["replacing", "npz_path"]

_MARK = ".symrelu-tmp"
_FOLLOW_NOT = getattr(os, "O_NOFOLLOW", 0)


def _host() -> str:
    # dots separate the name's fields: keep letters, digits and '-' only
    return re.sub(r"[^A-Za-z0-9-]", "-", socket.gethostname()) or "host"


def _umask() -> int:
    try:
        with open("/proc/self/status") as fh:  # Linux: read without changing it
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o022)  # elsewhere: set and restore
    os.umask(mask)
    return mask


def _process_gone(pid: int) -> bool:
    if os.name != "posix" or pid == os.getpid():
        return False  # os.kill(pid, 0) would terminate on Windows; our own pid is alive
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except (PermissionError, OverflowError):
        return False  # alive (another user's), or not a pid at all
    return False


def _remove_stale(folder: str, name: str, ext: str, stale_after: float) -> None:
    """Remove leftover temporaries of ``name`` whose writer is gone or that are older than ``stale_after`` s."""
    head, tail = f".{name}.", f"{_MARK}{ext}"
    host, now = _host(), time.time()
    with contextlib.suppress(OSError), os.scandir(folder) as entries:
        for entry in entries:
            if not (entry.name.startswith(head) and entry.name.endswith(tail)):
                continue
            fields = entry.name[len(head): len(entry.name) - len(tail)].split(".")
            if len(fields) != 3 or not fields[1].isdigit():
                continue  # not one of ours: leave it
            with contextlib.suppress(OSError):
                info = entry.stat(follow_symlinks=False)
                if not stat.S_ISREG(info.st_mode):
                    continue
                gone = fields[0] == host and _process_gone(int(fields[1]))
                if gone or now - info.st_mtime > stale_after:
                    os.remove(entry.path)


def _check_target(path: str, folder: str) -> int | None:
    """Refuse what cannot be replaced by a regular file; the mode bits of an existing target, else None."""
    seps = tuple(sep for sep in (os.sep, os.altsep) if sep)
    if path.endswith(tuple(os.fsencode(sep) for sep in seps) if isinstance(path, bytes) else seps):
        # 'name/' names a folder, never a file
        raise InvalidArgument("path", path, "a file name (a path that does not end with a separator)")
    if (b"\0" if isinstance(path, bytes) else "\0") in path:  # os.stat would raise a bare ValueError
        raise InvalidArgument("path", path, "a file path without NUL characters")
    if not os.path.isdir(folder):
        raise InvalidArgument("path", path, "a file name in an existing folder",
                              f"The folder {folder!r} does not exist.")
    try:
        info = os.stat(path)  # follows links: a link to a device or a folder is refused as well
    except FileNotFoundError:
        return None  # a new name (or a dangling link, which is replaced, not followed)
    if not stat.S_ISREG(info.st_mode):
        raise InvalidArgument("path", path, "a regular file or a new name (not a folder, device, FIFO or socket)")
    return stat.S_IMODE(info.st_mode)


@contextlib.contextmanager
def replacing(path, *, stale_after: float = 86400.0):
    """Yield a temporary name next to ``path``; on success it replaces ``path``, on error it is removed.

    A job stopped half-way never leaves a half-written file, and a reader
    never sees one (``os.replace`` within one folder is atomic).  The temporary
    keeps ``path``'s extension (writers choose formats by it) and is a new
    regular file created exclusively (never a link planted there).  An existing
    ``path`` must be a regular file (or a link to one: the link is replaced, the
    file it pointed to is left alone); its permission bits are kept.

    Parameters
    ----------
    path : str or os.PathLike
        The file to write, in an existing folder.
    stale_after : float
        Leftover temporaries of this target older than this many seconds are
        removed (those of a finished process on this host at once).

    Raises
    ------
    InvalidArgument
        ``path`` is a folder, device, FIFO or socket, or its folder does not exist.

    >>> target = os.path.join(tempfile.mkdtemp(), "out.txt")
    >>> with replacing(target) as tmp:
    ...     _ = open(tmp, "w").write("done")
    >>> open(target).read(), sorted(os.listdir(os.path.dirname(target)))
    ('done', ['out.txt'])
    """
    path = os.fspath(path)
    folder, name = os.path.split(os.path.abspath(path))
    mode = _check_target(path, folder)
    ext = os.path.splitext(name)[1]
    _remove_stale(folder, name, ext, stale_after)
    fd, tmp = tempfile.mkstemp(prefix=f".{name}.{_host()}.{os.getpid()}.", suffix=f"{_MARK}{ext}", dir=folder)
    replaced = False
    try:
        with contextlib.suppress(AttributeError, OSError):  # mkstemp's 0600, as open() would have made it
            os.fchmod(fd, (0o666 & ~_umask()) if mode is None else mode)
        os.close(fd)
        fd = -1
        yield tmp
        # The caller wrote by name; sync what the name holds now (a link put there is refused: ELOOP).
        sync = os.open(tmp, (os.O_RDONLY if os.name == "posix" else os.O_RDWR) | _FOLLOW_NOT)
        try:
            if not stat.S_ISREG(os.fstat(sync).st_mode):
                raise InvalidArgument("path", path, "a temporary that is still a regular file when written")
            os.fsync(sync)
        finally:
            os.close(sync)
        os.replace(tmp, path)
        replaced = True
        with contextlib.suppress(OSError, AttributeError):  # not every platform syncs a folder
            dir_fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
            try:
                os.fsync(dir_fd)
            finally:
                os.close(dir_fd)
    finally:
        if fd >= 0:
            os.close(fd)
        if not replaced:
            with contextlib.suppress(FileNotFoundError):
                os.remove(tmp)


def npz_path(path) -> str:
    """The file ``numpy.savez`` writes for ``path`` (it appends ``.npz`` when missing).

    >>> npz_path("swaps_5"), npz_path("swaps_5.npz")
    ('swaps_5.npz', 'swaps_5.npz')
    """
    path = os.fspath(path)
    return path if path.endswith(".npz") else path + ".npz"
