"""NPN transformations of Boolean functions: negate inputs, permute inputs, negate the output.

The input part is the hyperoctahedral group ``B_n`` (``2^n n!`` signed permutations)
acting on the cube's vertices; with output negation the NPN group has
``2^(n+1) n!`` elements.  Codes and truth tables follow `symrelu.boolean`.

A group element is ``(perm, mask)``: ``(g . f)(x) = f(y)`` with
``y_k = x_{perm[k]}`` negated where bit ``k`` of ``mask`` (coordinate 1 = most
significant bit, as for inputs) is set.

>>> npn_canonical(27030, 4) == npn_canonical(38505, 4)   # parity and its negation
True
>>> [npn_class_count(n) for n in range(1, 6)]
[2, 4, 14, 222, 616126]
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from fractions import Fraction
from functools import lru_cache

import numpy as np

from .boolean import _as_tables, _check_n, to_code, truth_table
from .errors import CertificationError, InvalidArgument, InvalidArgumentType, SizeLimitExceeded

__all__ = [
    "hyperoctahedral_group",
    "npn_transform",
    "npn_orbit",
    "npn_canonical",
    "npn_classes",
    "npn_class_count",
    "BitPermuter",
]


def hyperoctahedral_group(n: int):
    """All ``2^n n!`` signed permutations as ``(perms, masks, index_maps)`` (read-only arrays).

    ``index_maps[g]`` is the vertex map: ``(g . f) = f[index_maps[g]]`` for a truth table f.
    Element 0 is the identity.

    >>> perms, masks, maps = hyperoctahedral_group(2)
    >>> len(masks), maps[0].tolist()
    (8, [0, 1, 2, 3])
    """
    return _hyperoctahedral_group(_check_n(n))  # checked first: the cache needs a hashable n


@lru_cache(maxsize=None)
def _hyperoctahedral_group(n: int):
    size = 1 << n
    index = np.arange(size)
    bits = (index[:, None] >> (n - 1 - np.arange(n))) & 1  # (size, n): bit of coordinate k
    perms, masks, maps = [], [], []
    for perm in itertools.permutations(range(n)):
        permuted = bits[:, list(perm)] if n else bits
        for mask in range(size):
            flip = (mask >> (n - 1 - np.arange(n))) & 1
            new_bits = permuted ^ flip
            maps.append((new_bits << (n - 1 - np.arange(n))).sum(axis=1) if n else index)
            perms.append(perm)
            masks.append(mask)
    out = (
        np.array(perms, dtype=np.int64).reshape(len(perms), n),
        np.array(masks, dtype=np.int64),
        np.array(maps, dtype=np.int64).reshape(len(maps), size),
    )
    for arr in out:
        arr.setflags(write=False)
    return out


def npn_transform(f, *, perm=None, negate_inputs=(), negate_output=False) -> np.ndarray:
    """Apply one NPN transformation to a ±1 truth table.

    ``perm[k]`` is the input read at coordinate ``k`` (0-based), ``negate_inputs``
    the 0-based coordinates negated, ``negate_output`` negates the value.

    >>> from symrelu.boolean import truth_table
    >>> npn_transform(truth_table(0b0001, 2), negate_inputs=[0]).tolist()  # x1 -> -x1
    [1, -1, 1, 1]
    """
    table = _as_tables(f)
    if table.ndim != 1:
        raise InvalidArgument("f", f, "a single truth table")
    n = table.shape[-1].bit_length() - 1
    perm = list(range(n)) if perm is None else _int_list(perm, "perm")
    if sorted(perm) != list(range(n)):
        raise InvalidArgument("perm", perm, f"a permutation of 0..{n - 1}")
    negate = set(_int_list(negate_inputs, "negate_inputs"))
    if not isinstance(negate_output, (bool, np.bool_)):
        raise InvalidArgumentType("negate_output", negate_output, "a bool")
    if not negate <= set(range(n)):
        raise InvalidArgument("negate_inputs", negate_inputs, f"coordinates in 0..{n - 1}")
    index = np.arange(1 << n)
    source = np.zeros_like(index)
    for k in range(n):
        bit = (index >> (n - 1 - perm[k])) & 1
        if k in negate:
            bit ^= 1
        source |= bit << (n - 1 - k)
    out = table[source]
    return (-out if negate_output else out).astype(np.int8)


def _int_list(values, name):
    if isinstance(values, (str, bytes, dict)) or not isinstance(values, Iterable):
        raise InvalidArgumentType(name, values, "a sequence of ints")
    values = list(values)
    for k, v in enumerate(values):
        if isinstance(v, bool) or not isinstance(v, (int, np.integer)):
            raise InvalidArgumentType(f"{name}[{k}]", v, "an int")
    return [int(v) for v in values]


class BitPermuter:
    """Apply many vertex permutations to function codes at once, by byte lookup tables.

    ``BitPermuter(maps)(codes)[i, g]`` is the code of ``truth_table(codes[i])[maps[g]]``.

    >>> from symrelu.boolean import parity, to_code
    >>> _, _, maps = hyperoctahedral_group(3)
    >>> set(BitPermuter(maps)(np.array([to_code(parity(3))]))[0].tolist())  # parity is B_n-invariant up to sign
    {105, 150}
    """

    def __init__(self, maps):
        try:
            given = np.asarray(maps)
        except ValueError:  # ragged
            given = np.asarray(maps, dtype=object)
        if not np.issubdtype(given.dtype, np.integer):  # a float 0.5 would be truncated silently
            raise InvalidArgumentType("maps", maps, "a 2-d int array of vertex permutations")
        maps = given.astype(np.int64)
        if maps.ndim != 2:
            raise InvalidArgument("maps", maps, "a 2-d array of vertex permutations")
        size = maps.shape[1]
        if size < 1 or size > 64 or size & (size - 1):  # codes are uint64; byte tables need a power of two
            raise InvalidArgument("maps", maps, "rows of length 2^n with 2^n <= 64 (n <= 6)")
        if maps.size and not np.array_equal(np.sort(maps, axis=1), np.broadcast_to(np.arange(size), maps.shape)):
            bad = int(np.flatnonzero(np.any(np.sort(maps, axis=1) != np.arange(size), axis=1))[0])
            raise InvalidArgument(f"maps[{bad}]", maps[bad].tolist(), f"a permutation of 0..{size - 1}")
        self.size = size = maps.shape[1]
        self.count = maps.shape[0]
        self.chunk = min(8, size)
        self.dtype = dtype = np.uint32 if size <= 32 else np.uint64  # half the memory traffic for n <= 5
        nchunks = size // self.chunk
        inverse = np.argsort(maps, axis=1)  # old index j -> new index
        newpos = (size - 1 - inverse).astype(dtype)  # indexed by old index
        tables = np.zeros((nchunks, 1 << self.chunk, self.count), dtype=dtype)
        values = np.arange(1 << self.chunk)
        for c in range(nchunks):
            for t in range(self.chunk):
                old_index = size - 1 - (c * self.chunk + t)  # code bit position c*chunk+t
                has = ((values >> t) & 1).astype(bool)
                tables[c, has, :] |= dtype(1) << newpos[:, old_index][None, :]
        self.tables = tables

    def __call__(self, codes) -> np.ndarray:
        return self.raw(codes).astype(np.uint64, copy=False)

    def raw(self, codes) -> np.ndarray:
        """Like calling, but in the table dtype (uint32 for n <= 5)."""
        codes = np.asarray(codes, dtype=np.uint64)
        mask = np.uint64((1 << self.chunk) - 1)
        shape = codes.shape + (self.count,)
        out = np.empty(shape, dtype=self.dtype)
        part = np.empty(shape, dtype=self.dtype) if self.tables.shape[0] > 1 else None
        for c in range(self.tables.shape[0]):
            byte = ((codes >> np.uint64(c * self.chunk)) & mask).astype(np.intp)
            # np.take into a preallocated buffer: about twice as fast as fancy indexing here
            np.take(self.tables[c], byte, axis=0, out=out if c == 0 else part)
            if c:
                np.bitwise_or(out, part, out=out)
        return out


@lru_cache(maxsize=None)
def _group_permuter(n: int) -> BitPermuter:
    return BitPermuter(hyperoctahedral_group(n)[2])


def _codes_arg(f, n):
    if n is None:
        if isinstance(f, (int, np.integer)) and not isinstance(f, bool):
            # a code without its n: both arguments are named (the code is fine, n is missing)
            raise InvalidArgumentType("f", f, "a ±1 truth table, or an int code together with n (got n=None)")
        table = _as_tables(f)
        return np.atleast_1d(to_code(table)).astype(np.uint64), table.shape[-1].bit_length() - 1
    n = _check_n(n)
    try:  # validates the range; boolean's check names its own argument, "code"
        truth_table(f, n)
    except InvalidArgumentType:
        raise InvalidArgumentType("f", f, "a ±1 truth table, or an int code (or integer array of codes) with n") from None
    except InvalidArgument as err:
        raise InvalidArgument("f", f, err.allowed) from None
    return np.atleast_1d(np.asarray(f, dtype=np.uint64)), n


def npn_orbit(f, n: int | None = None) -> np.ndarray:
    """Sorted distinct codes of the NPN orbit of ``f`` (a truth table, or a code with ``n``).

    >>> npn_orbit(0b0001, 2).tolist()   # the AND class: one -1 or one +1 output
    [1, 2, 4, 7, 8, 11, 13, 14]
    """
    codes, n = _codes_arg(f, n)
    if codes.size != 1:
        raise InvalidArgument("f", f, "a single function")
    images = _group_permuter(n)(codes)[0]
    full = np.uint64((1 << (1 << n)) - 1)
    return np.unique(np.concatenate([images, full - images]))


def npn_canonical(f, n: int | None = None):
    """The NPN canonical form: the least code in the orbit (int, or an array for many codes).

    >>> npn_canonical(0b1110, 2)
    1
    """
    codes, n_inputs = _codes_arg(f, n)  # validated first: np.ndim of a ragged list raises
    scalar = np.ndim(f) == 0 if n is not None else np.asarray(f).ndim == 1
    n = n_inputs
    images = _group_permuter(n)(codes)
    full = np.uint64((1 << (1 << n)) - 1)
    result = np.minimum(images.min(axis=-1), (full - images).min(axis=-1))
    return int(result[0]) if scalar else result


def npn_classes(n: int, *, limit: int = 1 << 16) -> np.ndarray:
    """Canonical codes of all NPN classes of n-input functions, by orbit enumeration.

    Enumerates all ``2^(2^n)`` functions, so it is allowed only while that is at most
    ``limit`` (n <= 4 by default; for n = 5 use `npn_class_count` for the count).

    >>> len(npn_classes(3)), npn_classes(2).tolist()
    (14, [0, 1, 3, 6])
    """
    n = _check_n(n)
    if isinstance(limit, bool) or not isinstance(limit, (int, np.integer)):
        raise InvalidArgumentType("limit", limit, "an int >= 1")
    if limit < 1:
        raise InvalidArgument("limit", limit, "an int >= 1")
    total = 1 << (1 << n)
    if total > limit:
        raise SizeLimitExceeded("n", n, size=total, limit=limit, unit="functions", option="limit")
    seen = np.zeros(total, dtype=bool)
    reps = []
    for code in range(total):
        if not seen[code]:
            reps.append(code)  # ascending scan: the first unseen code is its orbit's least
            seen[npn_orbit(code, n).astype(np.int64)] = True
    return np.array(reps, dtype=np.uint64)


def npn_class_count(n: int, *, output_negation: bool = True) -> int:
    """Exact number of NPN classes by Burnside's lemma over the NPN group.

    A signed permutation g whose vertex permutation has c cycles fixes ``2^c``
    functions; composed with output negation it fixes ``2^c`` functions if every
    cycle has even length and none otherwise.

    >>> npn_class_count(4), npn_class_count(4, output_negation=False)
    (222, 402)
    """
    n = _check_n(n)
    if not isinstance(output_negation, (bool, np.bool_)):
        raise InvalidArgumentType("output_negation", output_negation, "a bool")
    maps = hyperoctahedral_group(n)[2]
    total = 0
    for vertex_map in maps:
        lengths = _cycle_lengths(vertex_map)
        total += 1 << len(lengths)
        if output_negation and all(length % 2 == 0 for length in lengths):
            total += 1 << len(lengths)
    order = len(maps) * (2 if output_negation else 1)
    count = Fraction(total, order)
    if count.denominator != 1:  # impossible by Burnside's lemma; guards the code itself
        raise CertificationError(f"Burnside count {count} is not an integer")
    return int(count)


def _cycle_lengths(perm) -> list[int]:
    perm = list(perm)
    seen = [False] * len(perm)
    lengths = []
    for start in range(len(perm)):
        if not seen[start]:
            length, k = 0, start
            while not seen[k]:
                seen[k], k, length = True, perm[k], length + 1
            lengths.append(length)
    return lengths
