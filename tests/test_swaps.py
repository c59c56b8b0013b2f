"""Tests of symrelu.swaps: the direct definition, the chamber algorithm and the shipped data."""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from symrelu.boolean import parity, truth_table
from symrelu.errors import CertificationError, InvalidArgument, InvalidArgumentType, SizeLimitExceeded, SymreluError
from symrelu.npn import hyperoctahedral_group, npn_classes
from symrelu.swaps._recompute import _content_hash, _load_table, _part_meta, _read_part
from symrelu.swaps import (
    changes_along,
    chunk_bounds,
    compute_fundamental_chambers,
    fundamental_chambers,
    load_results,
    recompute,
    scan_chunk,
    swaps,
    swaps_reference,
    swaps_table,
    swaps_witness,
    vertices,
)


def test_fundamental_chamber_counts():
    # OEIS A009997 for n = 1..5; n = 5 from the shipped file (witnesses re-checked on load)
    assert [len(compute_fundamental_chambers(n)[0]) for n in range(1, 5)] == [1, 1, 2, 14]
    assert len(fundamental_chambers(5)[0]) == 516
    for n in range(1, 5):
        assert np.array_equal(fundamental_chambers(n)[0], compute_fundamental_chambers(n)[0])


@pytest.mark.parametrize("n, K", [(2, 2), (3, 4), (4, 10)])
def test_reference_grid_meets_every_chamber(n, K):
    total = 2**n * math.factorial(n) * len(fundamental_chambers(n)[0])
    _, orders = swaps_reference(parity(n), bound=K, return_orderings=True)
    assert len(orders) == total
    # a larger box finds no further ordering: the LP walk missed no chamber
    _, more = swaps_reference(parity(n), bound=K + 2, return_orderings=True)
    assert more == orders


def test_chambers_are_all_orderings():
    # the B_n images of the fundamental chambers are exactly the grid's orderings (n = 3)
    perms, masks, maps = hyperoctahedral_group(3)
    orders = fundamental_chambers(3)[0]
    images = {tuple(m[o]) for m in maps for o in orders}
    _, grid = swaps_reference(parity(3), bound=4, return_orderings=True)
    assert images == grid


def test_fast_equals_reference_all_n3():
    codes = np.arange(256)
    fast = swaps(codes, 3)
    assert fast.tolist() == [swaps_reference(truth_table(int(c), 3)) for c in codes]


def test_fast_equals_reference_sample_n4():
    reps = npn_classes(4)[::11]
    assert swaps(reps, 4).tolist() == [swaps_reference(truth_table(int(c), 4)) for c in reps]


def test_known_values():
    assert [swaps(parity(n)) for n in range(1, 6)] == [1, 2, 3, 4, 5]
    assert swaps(1785, 4) == swaps(7140, 4) == 5
    assert swaps(0, 4) == 0 and swaps(truth_table(0b0111, 2)) == 1


def test_swaps_at_most_one_iff_linearly_separable_n3():
    from scipy.optimize import linprog

    X = np.hstack([vertices(3), np.ones((8, 1))])
    for code in range(256):
        t = truth_table(code, 3)
        res = linprog(np.zeros(4), A_ub=-(t[:, None] * X), b_ub=-np.ones(8), bounds=[(None, None)] * 4)
        assert (res.status == 0) == (swaps(code, 3) <= 1)


def test_witness():
    for code in (1785, 7140, 27030, 1):
        value, w, order = swaps_witness(code, 4)
        assert value == swaps(code, 4) == changes_along(truth_table(code, 4), w.tolist())


@given(st.integers(0, (1 << 16) - 1), st.integers(0, 383), st.booleans())
def test_theorem_3_3_1_property(code, g, negate_output):
    """Thm 3.3.1: swaps is invariant under negating/permuting inputs and negating the output."""
    maps = hyperoctahedral_group(4)[2]
    t = truth_table(code, 4)
    image = t[maps[g]] * (-1 if negate_output else 1)
    assert swaps(image) == swaps(t)


def test_shipped_tables_match_recomputation():
    for n in range(1, 5):
        data = load_results(n)
        assert data["complete"]
        assert dict(zip(data["codes"].tolist(), data["swaps"].tolist())) == swaps_table(n)


def test_recompute_resumes_from_checkpoint(tmp_path):
    assert recompute(3, chunks=4, progress=False, checkpoint=tmp_path, max_seconds=0)[2] == 0
    codes, values, done, total = recompute(3, chunks=4, executor="serial", progress=False, checkpoint=tmp_path)
    assert done == total and dict(zip(codes.tolist(), values.tolist())) == swaps_table(3)
    first = sorted(tmp_path.glob("*.npz"))[0]
    first.unlink()
    assert recompute(3, chunks=4, progress=False, checkpoint=tmp_path, max_seconds=0)[2] == total - 1
    codes, values, done, total = recompute(3, chunks=4, executor="serial", progress=False, checkpoint=tmp_path)
    assert done == total and len(codes) == 14


def test_scan_chunk_matches_classes():
    codes, values = scan_chunk(4, 0, 1 << 16)
    assert codes.tolist() == npn_classes(4).tolist()


def test_bad_input():
    with pytest.raises(InvalidArgument):
        swaps(truth_table(0, 6))
    with pytest.raises(InvalidArgument):
        changes_along(parity(2), [1])
    with pytest.raises(InvalidArgument):
        swaps_reference(parity(5))


def test_shipped_n5_sample_is_rederived():
    """The shipped n = 5 results (complete or partial): a random sample recomputed from scratch."""
    try:
        data = load_results(5)
    except InvalidArgument:
        pytest.skip("no shipped n = 5 results")
    from symrelu.npn import npn_canonical

    rng = np.random.default_rng(0)
    picks = rng.choice(len(data["codes"]), min(8, len(data["codes"])), replace=False)
    codes = data["codes"][picks].astype(np.uint64)
    assert np.array_equal(npn_canonical(codes, 5), codes)
    assert np.array_equal(swaps(codes, 5), data["swaps"][picks].astype(np.int64))
    assert len(np.unique(data["codes"])) == len(data["codes"]) <= 616126


# ---------------------------------------------------------------- issue 13: complete or refused


@pytest.mark.parametrize("n", [0, 1, 2, 3, 4, 5])
@pytest.mark.parametrize("chunks", [1, 2, 3, 4, 7, 1024])
def test_chunk_bounds_cover_every_candidate(n, chunks):
    bounds = chunk_bounds(n, chunks)
    assert bounds[0] == 0 and bounds[-1] == 1 << ((1 << n) - 1)  # chunks=1 used to stop at 2^(2^n - 9)
    assert all(a < b for a, b in zip(bounds, bounds[1:])) and len(bounds) - 1 <= chunks


def test_recompute_complete_for_every_chunks():
    assert len(recompute(4, chunks=1, executor="serial", progress=False)[0]) == 222  # was 21
    for chunks in range(1, 10):
        codes, values, done, total = recompute(3, chunks=chunks, executor="serial", progress=False)
        assert done == total and dict(zip(codes.tolist(), values.tolist())) == swaps_table(3)  # n=3, chunks=1: was 1


@pytest.mark.parametrize("kwargs, error", [
    ({"chunks": 0}, InvalidArgument), ({"chunks": -4}, InvalidArgument), ({"chunks": 1.5}, InvalidArgumentType),
    ({"chunks": True}, InvalidArgumentType), ({"chunks": 10**6}, SizeLimitExceeded),
    ({"max_workers": 0}, InvalidArgument), ({"max_seconds": -1, "checkpoint": "x"}, InvalidArgument),
    ({"max_seconds": float("nan"), "checkpoint": "x"}, InvalidArgument), ({"max_seconds": 0}, InvalidArgument),
    ({"seed": -1}, InvalidArgument),
])
def test_recompute_refuses_bad_arguments_up_front(kwargs, error, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    name = next(iter(kwargs))
    with pytest.raises(error, match=name):
        recompute(3, executor="serial", progress=False, **kwargs)
    assert list(tmp_path.iterdir()) == []  # nothing made: refused before any work
    with pytest.raises(InvalidArgument, match="n=9"):
        recompute(9, executor="serial", progress=False)


def test_recompute_max_chunks_can_be_raised():
    with pytest.raises(SizeLimitExceeded, match="Pass max_chunks=200"):
        recompute(3, chunks=200, executor="serial", progress=False, max_chunks=100)
    assert len(recompute(3, chunks=200, executor="serial", progress=False, max_chunks=200)[0]) == 14


def _parts(tmp_path):
    codes, values, done, total = recompute(3, chunks=4, executor="serial", progress=False, checkpoint=tmp_path)
    assert done == total == 3 and len(codes) == 14  # chunk_bounds(3, 4) has 3 distinct chunks
    return sorted(tmp_path.glob("n3_c3_*.npz"))


def _rewrite(part, **changes):
    with np.load(part) as data:
        fields = {k: data[k] for k in data.files}
    fields.update(changes)
    np.savez(part, **fields)
    return fields


def _resume(tmp_path):
    return recompute(3, chunks=4, executor="serial", progress=False, checkpoint=tmp_path)


def test_checkpoint_part_records_range_parameters_and_hash(tmp_path):
    import json

    part = _parts(tmp_path)[1]
    with np.load(part) as data:
        meta = json.loads(str(data["meta"]))
        assert str(data["sha256"]) == _content_hash(meta, data["codes"], data["swaps"])
    assert meta == {"format": "symrelu.swaps part", "version": 1, "n": 3, "chunks": 3, "index": 1,
                    "start": chunk_bounds(3, 4)[1], "stop": chunk_bounds(3, 4)[2]}


def test_forged_part_with_extra_class_is_refused(tmp_path):
    part = _parts(tmp_path)[0]
    with np.load(part) as data:
        codes, values = data["codes"], data["swaps"]
    _rewrite(part, codes=np.append(codes, codes[-1] + 1), swaps=np.append(values, np.uint8(1)))
    with pytest.raises(InvalidArgument, match="sha256 does not match") as err:
        _resume(tmp_path)
    assert part.name in str(err.value)


def test_forged_part_with_matching_hash_is_still_checked(tmp_path):
    import json

    parts = _parts(tmp_path)
    with np.load(parts[1]) as data:
        meta, codes, values = json.loads(str(data["meta"])), data["codes"], data["swaps"]
    assert meta["start"] <= 2 < meta["stop"] and 2 not in codes.tolist()  # 2 (one bit set) lies in the class of 1
    bad = np.sort(np.append(codes, np.uint64(2)))  # a code that is not canonical, hash recomputed to fit
    bad_values = np.insert(values, int(np.searchsorted(codes, 2)), np.uint8(1))
    _rewrite(parts[1], codes=bad, swaps=bad_values, sha256=np.array(_content_hash(meta, bad, bad_values)))
    with pytest.raises(InvalidArgument, match="not NPN canonical"):
        _resume(tmp_path)
    # a part that drops a class, hash recomputed: the final table is one class short
    short, short_values = codes[:-1], values[:-1]
    _rewrite(parts[1], codes=short, swaps=short_values, sha256=np.array(_content_hash(meta, short, short_values)))
    with pytest.raises(SymreluError, match="13 classes from 3 of 3 chunks, but n=3 has 14"):
        _resume(tmp_path)


def test_part_of_other_range_or_parameters_is_refused(tmp_path):
    parts = _parts(tmp_path)
    parts[2].write_bytes(parts[1].read_bytes())  # the right content for another chunk
    with pytest.raises(InvalidArgument, match="It records .*'index': 1"):
        _resume(tmp_path)


@pytest.mark.parametrize("damage", ["truncated", "empty", "old format"])
def test_unreadable_part_is_refused_naming_the_file(tmp_path, damage):
    part = _parts(tmp_path)[-1]
    if damage == "truncated":
        part.write_bytes(part.read_bytes()[: part.stat().st_size // 2])
    elif damage == "empty":
        part.write_bytes(b"")
    else:
        with np.load(part) as data:
            np.savez(part, codes=data["codes"], swaps=data["swaps"])  # the format before the hash
    with pytest.raises(InvalidArgument, match="cannot be read") as err:
        _resume(tmp_path)
    assert str(part) in str(err.value) and "delete the file" in str(err.value)
    part.unlink()  # as the message says: the chunk is recomputed
    assert len(_resume(tmp_path)[0]) == 14


def test_scan_chunk_save_to_writes_a_checked_part(tmp_path):
    codes, values = scan_chunk(3, 0, 128, save_to=tmp_path / "part.npz")
    again, again_values = _read_part(tmp_path / "part.npz", _part_meta(3, 0, 128))
    assert again.tolist() == codes.tolist() and again_values.tolist() == values.tolist()


def test_reference_size_is_checked_before_allocating():
    with pytest.raises(SizeLimitExceeded, match="Pass max_size="):
        swaps_reference(parity(4), bound=10**4)  # used to allocate for seconds, then MemoryError
    assert swaps_reference(parity(2), bound=30, max_size=61**2 * 4) == 2
    with pytest.raises(InvalidArgumentType, match="bound"):
        swaps_reference(parity(2), bound=2.5)


@pytest.mark.parametrize("w, error", [([1, float("nan")], InvalidArgument), ([1, float("inf")], InvalidArgument),
                                      ([1, "2"], InvalidArgumentType), ([1, None], InvalidArgumentType),
                                      (3, InvalidArgumentType)])
def test_changes_along_refuses_non_finite_weights(w, error):
    with pytest.raises(error, match=r"w"):
        changes_along(parity(2), w)


def test_chambers_refuse_n_zero():
    for fn in (compute_fundamental_chambers, fundamental_chambers):
        with pytest.raises(InvalidArgument, match="n=0"):
            fn(0)


def test_command_output_is_a_checked_table(tmp_path, capsys):
    from symrelu.swaps.__main__ import _main

    out = tmp_path / "table.npz"
    assert _main(["recompute", "--n", "3", "--chunks", "1", "--serial", "--output", str(out)]) == 0
    assert '"classes": 14' in capsys.readouterr().out
    table = _load_table(out, 3)
    assert table["complete"] and dict(zip(table["codes"].tolist(), table["swaps"].tolist())) == swaps_table(3)
    fields = _rewrite(out, swaps=table["swaps"][::-1].copy())  # values swapped between classes
    assert fields["sha256"].ndim == 0
    with pytest.raises(SymreluError, match="sha256"):
        _load_table(out, 3)


def test_a_failed_chamber_certificate_raises_certification_error(monkeypatch):
    import symrelu.swaps._chambers as chambers

    # a witness that does not induce the order it was found for
    monkeypatch.setattr(chambers, "_witness", lambda rows: np.zeros(rows.shape[1], dtype=np.int64))
    with pytest.raises(CertificationError, match="could not certify"):
        compute_fundamental_chambers(3)


def test_chamber_candidates_are_decided_exactly():
    """Each candidate order is decided by symrelu.polyhedra: a witness inside it, or None when it is empty."""
    import symrelu.swaps._chambers as chambers

    X = vertices(3)
    order = tuple(fundamental_chambers(3)[0][1].tolist())
    weyl = [[1, 0, 0], [-1, 1, 0], [0, -1, 1]]
    rows = np.array([X[order[q + 1]] - X[order[q]] for q in range(7)] + weyl)
    w = chambers._witness(rows)
    assert chambers._induces(order, X, w) and np.all(rows @ w > 0)
    assert chambers._witness(np.vstack([rows, -rows[:1]])) is None  # a row and its negation: empty


def test_the_package_keeps_its_names_and_command():
    import symrelu.swaps as package

    assert package.MAX_SWAPS_INPUTS == 5 and (package.DEFAULT_CHUNKS, package.MAX_CHUNKS) == (1024, 1 << 16)
    assert all(getattr(package, name).__module__.startswith("symrelu.swaps._") for name in package.__all__)


def test_scan_chunk_checks_save_to_before_scanning(tmp_path):
    """Issue 13: save_to='' gave a bare FileNotFoundError (after the whole scan)."""
    from symrelu.swaps import scan_chunk

    for bad in ("", str(tmp_path / "missing" / "x.npz"), str(tmp_path)):
        with pytest.raises(InvalidArgument) as info:
            scan_chunk(3, 0, 128, save_to=bad)
        assert info.value.name == "save_to"
    with pytest.raises(InvalidArgumentType, match="save_to"):
        scan_chunk(3, 0, 128, save_to=b"x.npz")
    codes, _ = scan_chunk(3, 0, 128, save_to=str(tmp_path / "p.npz"))
    assert codes.size == 14 and (tmp_path / "p.npz").is_file()


def test_scan_chunk_range_error_quotes_n():
    """Issue 13: n=0 with stop=128 blamed start, stop without saying the bound comes from n."""
    from symrelu.swaps import scan_chunk

    with pytest.raises(InvalidArgument, match=r"n=0"):
        scan_chunk(0, 0, 128)


def test_scan_chunk_refuses_a_nul_in_save_to():
    from symrelu.swaps import scan_chunk

    with pytest.raises(InvalidArgument) as info:
        scan_chunk(3, 0, 128, save_to="a\0b.npz")
    assert info.value.name == "save_to"


def test_fuzz_found_cases_name_their_argument():
    # SYMRELU_FUZZ_SEED=24/27: an empty 2-D array with n reached argmin of an empty sequence; a code without n blamed f
    import numpy as np

    from symrelu.errors import InvalidArgument
    from symrelu.swaps import swaps, swaps_witness

    with pytest.raises(InvalidArgument, match="f="):
        swaps(np.zeros((3, 0)), 4)
    with pytest.raises(InvalidArgument, match="n=None"):
        swaps_witness(27030)


def test_reference_refuses_batches_and_zero_inputs_by_name():
    # SYMRELU_FUZZ_SEED=31: a batch for changes_along blamed w; f=[1] (n = 0) stacked nothing
    from symrelu.errors import InvalidArgument
    from symrelu.swaps import changes_along, swaps_reference

    with pytest.raises(InvalidArgument, match="f="):
        changes_along([[[1.0]]], [1, 0, 0])
    with pytest.raises(InvalidArgument, match="f="):
        swaps_reference([1])
