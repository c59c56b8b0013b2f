"""Every NPN class's swaps value as a resumable sweep: jobs, checksummed checkpoint parts, the shipped tables."""

from __future__ import annotations

import hashlib
import json
import math
import numbers
import os
import time
import zipfile
from functools import lru_cache
from pathlib import Path

import numpy as np

from .._files import _check_target, replacing
from ..boolean import _check_n
from ..errors import check_limit, CertificationError, InvalidArgument, InvalidArgumentType, SizeLimitExceeded, SymreluError
from ..npn import BitPermuter, hyperoctahedral_group, npn_canonical, npn_class_count
from ._algorithm import swaps
from ._chambers import MAX_SWAPS_INPUTS, _data_path


@lru_cache(maxsize=None)
def _prefilter(n: int) -> BitPermuter:
    # cheap rejection: a canonical code is <= its images under these group elements
    perms, masks, maps = hyperoctahedral_group(n)
    ident = tuple(range(n))
    chosen = []
    for g in range(len(masks)):
        p = tuple(perms[g])
        moved = sum(a != b for a, b in zip(p, ident))
        if (p == ident and bin(int(masks[g])).count("1") <= 2) or (moved == 2 and masks[g] == 0):
            chosen.append(g)
    return BitPermuter(maps[chosen])


#: Format version of checkpoint parts and result tables (part of every hash).
_FORMAT_VERSION = 1
#: `recompute`'s job count when none is given, and the most it accepts unless ``max_chunks`` is raised.
DEFAULT_CHUNKS, MAX_CHUNKS = 1024, 1 << 16


def _content_hash(meta: dict, codes, values) -> str:
    """sha256 of the parameters and the arrays (codes as little-endian uint64, swaps as uint8)."""
    digest = hashlib.sha256(json.dumps(meta, sort_keys=True).encode())
    digest.update(np.ascontiguousarray(codes, dtype="<u8").tobytes())
    digest.update(np.ascontiguousarray(values, dtype=np.uint8).tobytes())
    return digest.hexdigest()


def _part_meta(n: int, start: int, stop: int, chunks: int | None = None, index: int | None = None) -> dict:
    meta = {"format": "symrelu.swaps part", "version": _FORMAT_VERSION, "n": n, "start": start, "stop": stop}
    if chunks is not None:
        meta.update(chunks=chunks, index=index)
    return meta


def _write_part(path, meta: dict, codes, values) -> None:
    with replacing(path) as tmp, open(tmp, "wb") as fh:  # a reader never sees a half-written file
        np.savez(fh, codes=codes, swaps=values, meta=np.array(json.dumps(meta, sort_keys=True)),
                 sha256=np.array(_content_hash(meta, codes, values)))


def _read_part(path, meta: dict):
    """The ``(codes, swaps)`` of a checkpoint part, once it is shown to be the part ``meta`` describes.

    Checks, in order: it reads as an npz with the four fields, its recorded
    parameters equal ``meta`` (n, range, chunks, index, format version), its
    sha256 matches its arrays, its codes increase strictly inside the range,
    every value is a possible swaps count, and every code is NPN canonical.
    Anything else raises `InvalidArgument` naming the file: a resumed run
    never merges a part it cannot vouch for (delete the file to recompute it).
    """
    n = meta["n"]
    where = ", ".join(f"{k}={meta[k]}" for k in ("n", "chunks", "index", "start", "stop") if k in meta)

    def refuse(why):
        raise InvalidArgument("checkpoint", str(path), f"a part written by recompute for {where}",
                              f"{why}; delete the file to recompute that chunk.")

    try:
        with np.load(path, allow_pickle=False) as data:
            codes, values, stored, digest = (data[k] for k in ("codes", "swaps", "meta", "sha256"))
        stored = json.loads(str(stored))
    except (OSError, EOFError, KeyError, ValueError, zipfile.BadZipFile) as exc:  # truncated, not npz, old format
        refuse(f"It cannot be read ({type(exc).__name__}: {exc})")
    if stored != meta:
        refuse(f"It records {stored}")
    if codes.dtype != np.uint64 or values.dtype != np.uint8 or codes.ndim != 1 or codes.shape != values.shape:
        refuse("Its arrays have the wrong types or shapes")
    if str(digest) != _content_hash(meta, codes, values):
        refuse("Its sha256 does not match its arrays")
    if codes.size and (codes[0] < meta["start"] or codes[-1] >= meta["stop"] or np.any(codes[1:] <= codes[:-1])):
        refuse("Its codes do not increase strictly inside [start, stop)")
    if np.any(values >= max(1, 1 << n)):
        refuse(f"It holds a swaps value above 2^{n} - 1")
    for lo in range(0, codes.size, 4096):  # blocks: 4096 codes x |B_n| images at a time
        block = codes[lo:lo + 4096]
        if not np.array_equal(npn_canonical(block, n), block):
            refuse("It holds codes that are not NPN canonical")
    return codes, values


def _check_table(n: int, codes, done: int, chunks: int) -> None:
    """Every class at most once, and every class exactly once when all chunks are done (else SymreluError)."""
    if codes.size and np.any(codes[1:] <= codes[:-1]):
        raise SymreluError(f"swaps table for n={n}: a class appears twice")
    expected = npn_class_count(n)
    if len(codes) > expected or (done == chunks and len(codes) != expected):
        raise SymreluError(f"swaps table for n={n}: {len(codes)} classes from {done} of {chunks} chunks, "
                           f"but n={n} has {expected} NPN classes")


def scan_chunk(n: int, start: int, stop: int, save_to: str | None = None):
    """Sweep job: the NPN classes whose canonical code lies in ``[start, stop)`` and their swaps.

    Module-level and picklable (runs on any executor, a Dask cluster included).
    Returns ``(codes, swaps)`` as uint64 / uint8 arrays; with ``save_to`` (a file
    path) the job also writes them there itself, atomically, as soon as it is
    done, with its parameters and their sha256 (the checkpoint part format of
    `recompute`).

    >>> codes, values = scan_chunk(3, 0, 128)
    >>> len(codes), int(values.max())
    (14, 3)
    """
    n = _check_n(n)
    if n > MAX_SWAPS_INPUTS:
        raise InvalidArgument("n", n, f"n <= {MAX_SWAPS_INPUTS} (chambers are enumerated up to n=5)")
    for name, value in (("start", start), ("stop", stop)):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
            raise InvalidArgumentType(name, value, "an int")
    start, stop = int(start), int(stop)
    size = 1 << n
    if not 0 <= start <= stop <= 1 << size:  # the bound comes from n: the message quotes it
        raise InvalidArgument("start, stop", (start, stop),
                              f"0 <= start <= stop <= 2^{size}, the number of functions of n={n} inputs")
    _check_save_to(save_to)  # before the scan, not after it
    reps, values = _scan(n, start, stop)
    if save_to is not None:
        _write_part(save_to, _part_meta(n, start, stop), reps, values)
    return reps, values


def _check_save_to(save_to) -> None:
    """Refuse a ``save_to`` that `replacing` could not write: not a path, empty, in a missing folder, not a file."""
    if save_to is None:
        return
    if not isinstance(save_to, (str, os.PathLike)):
        raise InvalidArgumentType("save_to", save_to, "a file path (str or os.PathLike) or None")
    path = os.fspath(save_to)
    if not path:
        raise InvalidArgument("save_to", save_to, "a non-empty file path or None")
    if (b"\0" if isinstance(path, bytes) else "\0") in path:  # os.stat would raise a bare ValueError
        raise InvalidArgument("save_to", save_to, "a file path without NUL characters")
    try:
        _check_target(path, os.path.dirname(os.path.abspath(path)))
    except InvalidArgument as err:  # the same check, naming this function's argument
        raise InvalidArgument("save_to", save_to, err.allowed, err.hint) from None


def _scan(n: int, start: int, stop: int):
    half = 1 << ((1 << n) - 1)  # the least code of an orbit never has its first output bit set
    stop = min(stop, half)
    block = 1 << 16
    reps = []
    for lo in range(start, max(start, stop), block):
        codes = np.arange(lo, min(lo + block, stop), dtype=np.uint64)
        images = _prefilter(n)(codes)
        codes = codes[np.all(images >= codes[:, None], axis=1)]
        if codes.size:
            reps.append(codes[npn_canonical(codes, n) == codes])
    reps = np.concatenate(reps) if reps else np.zeros(0, dtype=np.uint64)
    values = swaps(reps, n).astype(np.uint8) if reps.size else np.zeros(0, dtype=np.uint8)
    return reps, values


def _part_job(n: int, start: int, stop: int, path, meta: dict):
    """`recompute`'s job: one chunk, saved with its parameters and hash when ``path`` is given."""
    reps, values = _scan(n, start, stop)
    if path is not None:
        _write_part(path, meta, reps, values)
    return reps, values


class _TimeUp(Exception):
    pass


def _check_chunks(chunks, max_chunks):
    max_chunks = check_limit("max_chunks", max_chunks)
    if isinstance(chunks, bool) or not isinstance(chunks, (int, np.integer)):
        raise InvalidArgumentType("chunks", chunks, "an int >= 1")
    if chunks < 1:
        raise InvalidArgument("chunks", chunks, "an int >= 1 (the number of jobs)")
    if chunks > max_chunks:
        raise SizeLimitExceeded("chunks", chunks, size=int(chunks), limit=max_chunks, unit="chunks",
                                option="max_chunks")
    return int(chunks)


def chunk_bounds(n: int, chunks: int, *, max_chunks: int = MAX_CHUNKS) -> list[int]:
    """Job boundaries over the candidate codes ``[0, 2^(2^n - 1))``: fine where classes are dense.

    Canonical codes are least in their orbit of up to ``2^(n+1) n!`` codes, so they
    are densest at small codes (for n = 5 about two thirds lie below 2^23, the rest
    up to parity's 1,771,476,585).  Half of the chunks split ``[0, 2^(2^n - 9))``
    evenly, half the rest; one chunk is the whole range.  The bounds always run
    from 0 to ``2^(2^n - 1)`` (duplicates dropped, so there may be fewer chunks).

    >>> chunk_bounds(5, 4)
    [0, 4194304, 8388608, 1077936128, 2147483648]
    >>> chunk_bounds(4, 1)
    [0, 32768]
    """
    n = _check_n(n)
    chunks = _check_chunks(chunks, max_chunks)
    half = 1 << ((1 << n) - 1)
    dense = min(half, 1 << max(0, (1 << n) - 9))
    if dense == half or chunks == 1:  # one part: every chunk spans [0, half) evenly
        bounds = [(half * k) // chunks for k in range(chunks + 1)]
    else:  # both parts get at least one chunk, so the last bound is always half
        low = chunks // 2
        high = chunks - low
        bounds = [(dense * k) // low for k in range(low + 1)]
        bounds += [dense + ((half - dense) * k) // high for k in range(1, high + 1)]
    bounds = sorted(set(bounds))
    if bounds[0] != 0 or bounds[-1] != half:  # guards the code itself: the chunks must cover every code
        raise CertificationError(f"chunk bounds {bounds[:3]}...{bounds[-3:]} do not cover [0, {half})")
    return bounds


def recompute(n: int, *, chunks: int | None = None, checkpoint: str | os.PathLike | None = None,
              executor=None, max_workers: int | None = None, progress: bool = True,
              max_seconds: float | None = None, seed: int = 0, max_chunks: int = MAX_CHUNKS):
    """Recompute every NPN class's swaps value for n inputs as a resumable `symrelu.parallel.sweep`.

    The codes below ``2^(2^n - 1)`` are split into ``chunks`` jobs (`scan_chunk`,
    boundaries from `chunk_bounds`; default 1024, at most ``max_chunks``).
    With ``checkpoint`` (a directory) each finished job is saved there and skipped on
    the next call; once ``max_seconds`` have passed the pending jobs are cancelled
    (running ones finish and save) -- ``max_seconds=0`` runs nothing and only merges
    the checkpoint.
    Jobs run in an order shuffled by ``seed``, so the chunks finished by a partial
    run are a uniform random sample of all chunks; each job saves its own result
    (on a cluster the checkpoint directory must be shared).  Returns
    ``(codes, swaps, done, chunks)``, codes increasing.

    Each checkpoint part ``n{n}_c{chunks}_{k}.npz`` records its parameters (n,
    chunks, its index and code range, the format version) and the sha256 of
    those and its arrays.  A part that cannot be read (truncated), records other
    parameters, fails its hash or holds codes outside its range or not canonical
    is refused with `InvalidArgument` naming the file, never merged or silently
    recomputed: delete it to have that chunk recomputed.  The table is then
    checked before it is returned: no class twice, and, when every chunk is
    done, exactly as many classes as `symrelu.npn.npn_class_count` (else
    `SymreluError`).

    >>> codes, values, done, total = recompute(3, chunks=4, executor="serial", progress=False)
    >>> len(codes), done == total
    (14, True)
    """
    from ..parallel import Progress, sweep

    n = _check_n(n)
    if n > MAX_SWAPS_INPUTS:
        raise InvalidArgument("n", n, f"n <= {MAX_SWAPS_INPUTS} (chambers are enumerated up to n=5)")
    bounds = chunk_bounds(n, DEFAULT_CHUNKS if chunks is None else chunks, max_chunks=max_chunks)
    if max_workers is not None and (isinstance(max_workers, bool) or not isinstance(max_workers, (int, np.integer))
                                    or max_workers < 1):
        raise InvalidArgument("max_workers", max_workers, "None or an int >= 1")
    if max_seconds is not None:
        if isinstance(max_seconds, bool) or not isinstance(max_seconds, numbers.Real):
            raise InvalidArgumentType("max_seconds", max_seconds, "None or a number of seconds >= 0")
        if not (math.isfinite(max_seconds) and max_seconds >= 0):
            raise InvalidArgument("max_seconds", max_seconds, "None or a finite number of seconds >= 0")
        if checkpoint is None:
            raise InvalidArgument("max_seconds", max_seconds, "None unless a checkpoint directory is given",
                                  "A run stopped early keeps its finished chunks only in a checkpoint.")
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise InvalidArgument("seed", seed, "an int >= 0")
    if checkpoint is not None and not isinstance(checkpoint, (str, os.PathLike)):
        raise InvalidArgumentType("checkpoint", checkpoint, "None or a directory path (str or os.PathLike)")
    store = Path(checkpoint) if checkpoint is not None else None
    if store is not None and store.exists() and not store.is_dir():
        raise InvalidArgument("checkpoint", checkpoint, "a directory (or a new name for one)")
    chunks = len(bounds) - 1
    metas = [_part_meta(n, bounds[k], bounds[k + 1], chunks, k) for k in range(chunks)]
    results = {}

    def path(k):
        return store / f"n{n}_c{chunks}_{k:05d}.npz" if store else None

    if store:
        store.mkdir(parents=True, exist_ok=True)
        for k in range(chunks):
            if path(k).exists():
                results[k] = _read_part(path(k), metas[k])
    shuffled = np.random.default_rng(seed).permutation(chunks).tolist()
    todo = [k for k in shuffled if k not in results]
    if max_seconds is not None and max_seconds <= 0:
        todo = []  # only merge what the checkpoint holds
    began = time.monotonic()
    base = len(results)

    bar = Progress(chunks, f"swaps n={n}", unit="chunks", initial=base, enabled=bool(progress) and bool(todo))

    def report(done, total):
        bar(base + done)
        if max_seconds is not None and time.monotonic() - began > max_seconds and done < total:
            raise _TimeUp  # sweep cancels the pending jobs; running ones finish and save themselves

    if todo:
        try:
            out = sweep(_part_job, [(n, bounds[k], bounds[k + 1], path(k) and str(path(k)), metas[k]) for k in todo],
                        executor=executor, max_workers=max_workers, progress=report)
            results.update(zip(todo, out))
        except _TimeUp:
            pass  # max_seconds needs a checkpoint (checked above): the finished chunks are read back below
    if store:
        for k in range(chunks):
            if k not in results and path(k).exists():
                results[k] = _read_part(path(k), metas[k])
    bar.close()
    keys = sorted(results)  # chunk order: codes increase across parts
    codes = np.concatenate([results[k][0] for k in keys]) if keys else np.zeros(0, dtype=np.uint64)
    values = np.concatenate([results[k][1] for k in keys]) if keys else np.zeros(0, dtype=np.uint8)
    _check_table(n, codes, len(keys), chunks)
    return codes, values, len(keys), chunks


def _table_meta(n: int, done: int, chunks: int) -> dict:
    return {"format": "symrelu.swaps table", "version": _FORMAT_VERSION, "n": n, "done": done, "chunks": chunks}


def load_results(n: int):
    """The shipped swaps results for n inputs: ``dict`` with codes, swaps, chunks done/total.

    The table is checked on load: codes increasing (no class twice), one value
    each, and all `symrelu.npn.npn_class_count` classes when it says it is
    complete; files that record a sha256 (those written since the checkpoint
    format has one) must match it.

    >>> data = load_results(4)
    >>> len(data["codes"]), int(data["swaps"].max()), data["complete"]
    (222, 5, True)
    """
    n = _check_n(n)
    path = _data_path(f"swaps_n{n}.npz")
    if not path.is_file():
        raise InvalidArgument("n", n, "an n with shipped results (run python -m symrelu.swaps recompute)")
    return _load_table(path, n)


def _load_table(path, n: int) -> dict:
    """A table written by ``python -m symrelu.swaps recompute --output``, checked as `load_results` says."""
    with path.open("rb") as fh, np.load(fh) as data:
        out = {key: data[key] for key in data.files}
    done, chunks = int(out["done"]), int(out["chunks"])
    codes = out["codes"].astype(np.uint64)
    if "sha256" in out and str(out["sha256"]) != _content_hash(_table_meta(n, done, chunks), codes, out["swaps"]):
        raise SymreluError(f"shipped swaps results for n={n} ({path}) fail their sha256 check")
    if codes.shape != out["swaps"].shape:
        raise SymreluError(f"shipped swaps results for n={n} ({path}) hold {codes.shape} codes, "
                           f"{out['swaps'].shape} values")
    _check_table(n, codes, done, chunks)
    out["complete"] = done == chunks
    return out
