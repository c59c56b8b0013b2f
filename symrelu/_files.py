"""Writing result files whole or not at all (no dependencies beyond the standard library)."""

from __future__ import annotations

import contextlib
import os

__all__ = ["replacing", "npz_path"]


@contextlib.contextmanager
def replacing(path):
    """Yield a temporary name next to ``path``; on success it replaces ``path``, on error it is removed.

    A job stopped half-way never leaves a half-written file, and a reader
    never sees one (``os.replace`` within one folder is atomic).

    >>> import tempfile
    >>> target = os.path.join(tempfile.mkdtemp(), "out.txt")
    >>> with replacing(target) as tmp:
    ...     _ = open(tmp, "w").write("done")
    >>> open(target).read(), sorted(os.listdir(os.path.dirname(target)))
    ('done', ['out.txt'])
    """
    root, ext = os.path.splitext(os.fspath(path))
    tmp = f"{root}.{os.getpid()}.tmp{ext}"  # same folder, same extension (writers choose formats by it)
    try:
        yield tmp
        os.replace(tmp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.remove(tmp)


def npz_path(path) -> str:
    """The file ``numpy.savez`` writes for ``path`` (it appends ``.npz`` when missing).

    >>> npz_path("swaps_5"), npz_path("swaps_5.npz")
    ('swaps_5.npz', 'swaps_5.npz')
    """
    path = os.fspath(path)
    return path if path.endswith(".npz") else path + ".npz"
