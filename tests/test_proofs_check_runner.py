"""Tests of the proofs_check framework on fake claims (the global registry is untouched)."""

from __future__ import annotations

import json
import os
import time

import pytest

import proofs_check.__main__ as cli
from proofs_check import report
from proofs_check.claim import (
    Claim,
    Correction,
    Outcome,
    Reading,
    from_readings,
    headline_verdict,
    inconclusive,
    refuted,
    verified,
)
from proofs_check.registry import claim as claim_decorator
from proofs_check import registry
from proofs_check.runner import (
    Result,
    blas_threads,
    default_jobs,
    evaluate,
    run_claims,
)
from proofs_check.honesty import assert_honest

SOURCE = "000_5968367b248e1529.txt"


# --- fake checks: each consumes its data, nothing is hard-coded -------------


def check_sum(data):
    """data = (a, b, c): the statement 'a + b == c'."""
    a, b, c = data
    if a + b == c:
        return verified(f"{a} + {b} = {c}")
    return refuted(
        f"{a} + {b} = {a + b}, not {c}",
        counterexample=a + b,
        correction=Correction(f"{a} + {b} = {a + b}", (a, b, a + b)),
    )


def check_sum_bad_correction(data):
    """Refutes, but offers a correction that is itself false."""
    a, b, c = data
    if a + b == c:
        return verified("ok")
    return refuted("wrong", correction=Correction("also wrong", (a, b, c + 1)))


def check_unknown(data):
    return inconclusive(f"cannot decide {data!r}")


def check_raises(data):
    return 1 / data


def check_sleeps(data):
    time.sleep(data)
    return verified("woke up")


def check_not_outcome(data):
    return "verified"


def check_exits(data):
    os._exit(data)


def check_prints(data):
    print("noise from a check")
    return verified("printed")


def check_sweeps(data):
    """data = (base, exponents, expected powers), computed by symrelu.parallel.sweep's processes."""
    from symrelu.parallel import sweep

    base, exponents, expected = data
    got = sweep(pow, [(base, e) for e in exponents], max_workers=2)
    if got == list(expected):
        return verified(f"{got}")
    return refuted(f"got {got}", correction=Correction(f"{got}", (base, exponents, got)))


def check_spawns_and_sleeps(path):
    """Starts a grandchild that sleeps, records its pid in ``path``, then sleeps itself."""
    import subprocess
    import sys

    proc = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
    with open(path, "w") as f:
        f.write(str(proc.pid))
    time.sleep(120)
    return verified("woke up")


def check_reports_threads(data):
    return verified(os.environ.get("OPENBLAS_NUM_THREADS", "unset"))


def bump(data):
    a, b, c = data
    return (a, b, c + 1)


def make(id, check, data, expect, method="exact", label=None, severity="default"):
    if severity == "default":  # required exactly when expect is "refuted"
        severity = "local" if expect == "refuted" else None
    return Claim(
        id=id,
        source=SOURCE,
        label=label or id.split("/")[1].title(),
        statement=f"statement of {id}",
        data=data,
        check=check,
        method=method,
        expect=expect,
        perturb=bump,
        severity=severity,
    )


TRUE_SUM = make("000/equation-1", check_sum, (1, 2, 3), "verified")
FALSE_SUM = make("000/equation-2", check_sum, (1, 2, 4), "refuted")
UNKNOWN = make("000/lemma-a.1", check_unknown, 7, "inconclusive", method="numeric (53 bits)")
RAISES = make("000/lemma-a.2", check_raises, 0, "verified")
SLEEPS = make("000/theorem-1", check_sleeps, 30, "verified")


# --- Claim validation --------------------------------------------------------


@pytest.mark.parametrize("bad", ["0/eq-1", "000/Equation-1", "000/-x", "000/", "000/eq 1", "abc/eq"])
def test_claim_id_pattern(bad):
    with pytest.raises(ValueError, match="id"):
        make(bad, check_sum, (1, 2, 3), "verified")


def test_claim_method_and_expect_validated():
    with pytest.raises(ValueError, match="method"):
        make("000/eq-1", check_sum, (1, 2, 3), "verified", method="guess")
    with pytest.raises(ValueError, match="expect"):
        make("000/eq-1", check_sum, (1, 2, 3), "error")
    for method in ("symbolic", "exact", "numeric (50 digits)",
                   "monte-carlo (n=10000, seed=0, test=KS)"):
        make("000/eq-1", check_sum, (1, 2, 3), "verified", method=method)


def test_claims_with_unhashable_data_hash_and_compare_by_identity():
    a = make("000/eq-1", check_sum, [1, 2, 3], "verified")
    b = make("000/eq-1", check_sum, [1, 2, 3], "verified")
    assert a != b and len({a, b}) == 2


def test_outcome_helpers():
    assert verified("x") == Outcome("verified", "x")
    assert inconclusive("why").verdict == "inconclusive"
    out = refuted("no", counterexample=3, correction=Correction("yes", 1))
    assert (out.verdict, out.counterexample, out.correction.data) == ("refuted", 3, 1)
    with pytest.raises(ValueError, match="verdict"):
        Outcome("timeout", "runner-only verdict")
    with pytest.raises(ValueError, match="correction"):
        Outcome("verified", "x", correction=Correction("c", 1))


def test_registry_decorator_and_duplicates(monkeypatch):
    monkeypatch.setattr(registry, "_REGISTRY", {})

    @claim_decorator(id="004/table-3.1", source="004_70e2a1487434168b.txt",
                     label="Table 3.1", statement="s", data=(2, 2, 4),
                     method="exact", expect="verified", perturb=bump)
    def check(data):
        return check_sum(data)

    assert isinstance(check, Claim) and check.id == "004/table-3.1"
    assert check.check((1, 1, 2)).verdict == "verified"
    with pytest.raises(ValueError, match="duplicate"):
        registry.register(check)
    assert [c.id for c in registry._REGISTRY.values()] == ["004/table-3.1"]


def test_restate_and_claim_table(monkeypatch):
    monkeypatch.setattr(registry, "_REGISTRY", {})
    first, second = registry.claim_table(
        [dict(id="000/equation-1", label="Equation 1", statement="1 + 2 = 3", data=(1, 2, 3), expect="verified"),
         dict(id="000/equation-2", label="Equation 2", statement="1 + 2 = 4", data=(1, 2, 4), expect="refuted",
              severity="typo")],
        source=SOURCE, method="exact", perturb=bump, check=check_sum,
    )
    assert (first.source, second.method, second.check) == (SOURCE, "exact", check_sum)
    again = registry.restate(second, id="001/equation-2", source="001_dc55a7960cdf8dda.txt",
                             label="Equation 2", statement="1 + 2 = 4, restated", method="exact (again)")
    assert (again.data, again.expect, again.perturb, again.check) == ((1, 2, 4), "refuted", bump, check_sum)
    assert again.method == "exact (again)" and again.statement.endswith("restated")
    assert again.severity == "typo"  # inherited with expect
    with pytest.raises(ValueError, match="severity"):  # expect changed: the severity is not inherited
        registry.restate(second, id="001/equation-3", source="001_dc55a7960cdf8dda.txt",
                         label="Equation 3", statement="1 + 2 = 4", expect="verified", severity="typo")
    results = by_id(run_claims(list(registry._REGISTRY.values()), timeout=60, jobs=2))
    assert [results[c].verdict for c in ("000/equation-1", "000/equation-2", "001/equation-2")] == \
        ["verified", "refuted", "refuted"]
    with pytest.raises(ValueError, match="duplicate"):
        registry.restate(first, id="000/equation-1", source=SOURCE, label="Equation 1", statement="again")


def test_claim_sheet(monkeypatch, tmp_path):
    """A module's claims take their text from the TOML sheet beside it and their code from the module."""
    monkeypatch.setattr(registry, "_REGISTRY", {})
    monkeypatch.setattr(registry, "_SHEETS", [])
    (tmp_path / "c000_demo.toml").write_text(
        f"[defaults]\nsource = '{SOURCE}'\n\n"
        "['000/equation-1']\nlabel = 'Equation 1'\nstatement = '$1 + 2 = 3$'\nmethod = 'exact'\nexpect = 'verified'\n\n"
        "['000/equation-2']\nlabel = 'Equation 2'\nstatement = '1 + 2 = 4'\nexpect = 'refuted'\n"
        "severity = 'typo'  # a comment\n\n"
        "['001/equation-2']\nsource = '001_dc55a7960cdf8dda.txt'\nlabel = 'Equation 2'\nstatement = 'again'\n"
        "method = 'exact (again)'\n\n"
        "['000/equation-3']\nlabel = 'Equation 3'\nstatement = 'unused'\n")
    sheet = registry.claim_sheet(tmp_path / "c000_demo.py")
    one = sheet.claim("000/equation-1", data=(1, 2, 3), perturb=bump)(check_sum)
    (two,) = sheet.table([dict(id="000/equation-2", data=(1, 2, 4), check=check_sum)], method="exact (table)",
                         perturb=bump)
    again = sheet.restate(two, "001/equation-2")
    assert (one.source, one.statement, one.method, one.check) == (SOURCE, "$1 + 2 = 3$", "exact", check_sum)
    assert (two.method, two.severity, two.expect) == ("exact (table)", "typo", "refuted")
    assert (again.source, again.method, again.data, again.severity) == (
        "001_dc55a7960cdf8dda.txt", "exact (again)", (1, 2, 4), "typo")
    assert sheet.unused() == ["000/equation-3"]
    with pytest.raises(ValueError, match="both in c000_demo.toml and in the module"):
        sheet.claim("000/equation-3", label="Equation 3", data=1, perturb=bump)
    with pytest.raises(ValueError, match="no table"):
        sheet.claim("000/equation-4", data=1, perturb=bump)
    monkeypatch.setattr(registry, "_import_claim_modules", lambda: None)
    with pytest.raises(ValueError, match=r"register no claim: \{'c000_demo.toml': \['000/equation-3'\]\}"):
        registry.all_claims()
    (tmp_path / "c000_bad.toml").write_text("['000/x']\nlabel = 'X'\ndata = 1\n")
    with pytest.raises(ValueError, match="unknown field"):
        registry.claim_sheet(tmp_path / "c000_bad.py")


# --- runner ---------------------------------------------------------------------


def by_id(results):
    return {r.id: r for r in results}


def test_run_claims_verdicts():
    results = by_id(run_claims([TRUE_SUM, FALSE_SUM, UNKNOWN, RAISES], timeout=60, jobs=2))
    assert set(results) == {TRUE_SUM.id, FALSE_SUM.id, UNKNOWN.id, RAISES.id}

    r = results[TRUE_SUM.id]
    assert (r.verdict, r.ok, r.correction, r.correction_verdict) == ("verified", True, None, None)

    r = results[FALSE_SUM.id]
    assert r.verdict == "refuted" and r.ok
    assert r.correction == "1 + 2 = 3" and r.correction_verdict == "verified"
    assert r.counterexample == "3"

    r = results[UNKNOWN.id]
    assert r.verdict == "inconclusive" and r.ok and "cannot decide" in r.detail

    r = results[RAISES.id]
    assert r.verdict == "error" and not r.ok
    assert r.detail.startswith("ZeroDivisionError")
    for r in results.values():
        assert isinstance(r, Result) and r.seconds >= 0


def test_run_claims_timeout_kills():
    start = time.perf_counter()
    (r,) = run_claims([SLEEPS], timeout=1, jobs=1)
    assert r.verdict == "timeout" and not r.ok
    assert time.perf_counter() - start < 15


def test_claim_may_start_processes():
    # A claim runs in a non-daemonic child, so symrelu.parallel.sweep can start its pool.
    c = make("000/equation-12", check_sweeps, (2, (3, 5), (8, 32)), "verified")
    (r,) = run_claims([c], timeout=120)
    assert r.verdict == "verified", r.detail
    assert r.detail == "[8, 32]"


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            state = f.read().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state not in ("Z", "X")  # a zombie waiting for its (new) parent is gone


@pytest.mark.skipif(not os.path.isdir("/proc/self"), reason="reads /proc")
def test_timeout_kills_grandchildren(tmp_path):
    path = tmp_path / "pid"
    c = make("000/theorem-4", check_spawns_and_sleeps, str(path), "verified")
    (r,) = run_claims([c], timeout=3)
    assert r.verdict == "timeout"
    pid = int(path.read_text())
    deadline = time.monotonic() + 10
    while _alive(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _alive(pid)


def test_jobs_default_and_blas_threads():
    assert default_jobs() == len(os.sched_getaffinity(0))
    assert blas_threads(1) == default_jobs()
    assert blas_threads(10 * default_jobs()) == 1
    c = make("000/equation-13", check_reports_threads, None, "verified")
    for jobs in (1, 2):
        (r,) = run_claims([c], timeout=60, jobs=jobs)
        assert r.detail == str(blas_threads(jobs))
    assert cli.build_parser().parse_args([]).jobs == default_jobs()


def test_run_claims_streams_in_finish_order():
    slow = make("000/theorem-2", check_sleeps, 1.5, "verified")
    fast = make("000/theorem-3", check_sleeps, 0, "verified")
    order = [r.id for r in run_claims([slow, fast], timeout=30, jobs=2)]
    assert order == [fast.id, slow.id]


def test_correction_that_fails_is_not_ok():
    c = make("000/equation-3", check_sum_bad_correction, (1, 1, 3), "refuted")
    (r,) = run_claims([c], timeout=60)
    assert r.verdict == "refuted" and r.correction == "also wrong"
    assert r.correction_verdict == "refuted" and not r.ok


def test_non_outcome_and_crash_are_errors():
    a = make("000/equation-4", check_not_outcome, None, "verified")
    b = make("000/equation-5", check_exits, 3, "verified")
    results = by_id(run_claims([a, b], timeout=60))
    assert results[a.id].verdict == "error" and "Outcome" in results[a.id].detail
    assert results[b.id].verdict == "error" and "code 3" in results[b.id].detail


def test_expect_mismatch_is_not_ok():
    c = make("000/equation-6", check_sum, (1, 2, 3), "refuted")
    (r,) = run_claims([c], timeout=60)
    assert r.verdict == "verified" and not r.ok


def test_run_claims_argument_checks():
    with pytest.raises(ValueError, match="jobs"):
        list(run_claims([TRUE_SUM], timeout=1, jobs=0))
    with pytest.raises(ValueError, match="timeout"):
        list(run_claims([TRUE_SUM], timeout=0, jobs=1))


def test_evaluate_in_process():
    payload = evaluate(check_sum, (2, 2, 5))
    assert payload["verdict"] == "refuted" and payload["correction_verdict"] == "verified"


# --- reports ---------------------------------------------------------------------


def sample_results():
    return list(run_claims([TRUE_SUM, FALSE_SUM, UNKNOWN], timeout=60))


def test_report_formats():
    results = sample_results()
    line = report.format_line(results[0], id_width=16, width=40)
    assert len(line) == 40 and line.endswith("...")
    assert report.format_line(results[0]).endswith(results[0].detail)
    s = report.summary(results)
    assert "3 claims" in s and "3/3 as expected" in s
    records = json.loads(report.to_json(results))
    assert {r["id"] for r in records} == {TRUE_SUM.id, FALSE_SUM.id, UNKNOWN.id}
    md = report.to_markdown(results)
    assert "| id |" in md and "## Refuted claims" in md and "1 + 2 = 3" in md


# --- readings and severity ------------------------------------------------------------


def check_bound(data):
    """data = (value, printed, fixed): 'f = printed' read as equality or as a lower bound."""
    value, printed, fixed = data
    eq = (verified(f"{value} = {printed}") if value == printed else
          refuted(f"{value} != {printed}", counterexample=value,
                  correction=Correction(f"f = {value}", (value, value, fixed))))
    bound = (verified(f"{value} >= {printed}") if value >= printed else
             refuted(f"{value} < {printed}", counterexample=value,
                     correction=Correction(f"f >= {value}", (value, value, fixed))))
    where = {fixed: "Section 9, where the bound is used"}
    return from_readings(
        [Reading.of("equality", "'=' read as equality", eq, fixed_by=where.get("equality")),
         Reading.of("bound", "'=' read as a lower bound", bound, fixed_by=where.get("bound"))],
        detail=f"f = {value} against {printed}.")


def test_reading_validation():
    Reading("mean-loss", "the loss is the mean over samples", "verified", "ok")
    for bad in ("Mean", "", "a b", "-x"):
        with pytest.raises(ValueError, match="name"):
            Reading(bad, "d", "verified", "ok")
    with pytest.raises(ValueError, match="one non-empty line"):
        Reading("a", "two\nlines", "verified", "ok")
    with pytest.raises(ValueError, match="verdict"):
        Reading("a", "d", "depends", "ok")
    with pytest.raises(ValueError, match="correction"):
        Reading("a", "d", "verified", "ok", correction=Correction("c", 1))
    with pytest.raises(ValueError, match="fixed_by"):
        Reading("a", "d", "verified", "ok", fixed_by="  ")
    with pytest.raises(ValueError, match="without readings"):
        Reading.of("a", "d", check_bound((1, 2, None)))


def test_headline_from_readings():
    a = Reading.of("a", "convention a", verified("yes"))
    b = Reading.of("b", "convention b", refuted("no", correction=Correction("c", 0)))
    c = Reading.of("c", "convention c", inconclusive("unknown"))
    assert headline_verdict([a]) == "verified"
    assert headline_verdict([a, a.__class__("a2", "a2", "verified", "yes")]) == "verified"
    assert headline_verdict([a, b]) == headline_verdict([a, c]) == "depends"
    fixed_b = Reading.of("b", "convention b", refuted("no", counterexample=5,
                                                     correction=Correction("c", 0)), fixed_by="§2")
    out = from_readings([a, fixed_b, c], detail="Head.")
    assert (out.verdict, out.counterexample, out.correction.data) == ("refuted", 5, 0)
    assert out.detail.startswith("Head. Under the reading the document fixes, b (by §2)")
    assert "a: verified" in out.detail and "c: inconclusive" in out.detail
    out = from_readings([a, b, c])
    assert out.verdict == "depends" and out.correction is None
    assert "verified under a (convention a)" in out.detail
    assert "refuted under b (convention b)" in out.detail
    assert "inconclusive under c (convention c)" in out.detail
    with pytest.raises(ValueError, match="unique"):
        from_readings([a, a])
    with pytest.raises(ValueError, match="at most one"):
        from_readings([Reading.of("a", "d", verified("y"), fixed_by="§1"),
                       Reading.of("b", "d", verified("y"), fixed_by="§2")])
    with pytest.raises(ValueError, match="follow the readings"):
        Outcome("verified", "x", readings=(a, b))
    with pytest.raises(ValueError, match="depends"):
        Outcome("depends", "x")
    with pytest.raises(TypeError, match="Reading"):
        Outcome("verified", "x", readings=("a",))
    # no readings: unchanged
    assert verified("x").readings == ()


def test_severity_validated_at_registration():
    with pytest.raises(ValueError, match="severity is required when expect is 'refuted'"):
        make("000/equation-20", check_sum, (1, 2, 4), "refuted", severity=None)
    with pytest.raises(ValueError, match="only allowed when the claim is refuted"):
        make("000/equation-20", check_sum, (1, 2, 3), "verified", severity="typo")
    with pytest.raises(ValueError, match="only allowed when the claim is refuted"):
        make("000/equation-20", check_unknown, 1, "inconclusive", severity="local")
    with pytest.raises(ValueError, match="must be one of"):
        make("000/equation-20", check_sum, (1, 2, 4), "refuted", severity="minor")
    with pytest.raises(ValueError, match="severity\\['bound'\\]"):
        make("000/equation-20", check_bound, (3, 2, None), "depends", severity={"bound": "big"})
    with pytest.raises(TypeError, match="mapping"):
        make("000/equation-20", check_bound, (3, 2, None), "depends", severity={})
    for sev in ("typo", "local", "substantive"):
        assert make("000/equation-20", check_sum, (1, 2, 4), "refuted", severity=sev).severity_of() == sev
    c = make("000/equation-20", check_bound, (3, 2, "bound"), "verified", severity={"equality": "typo"})
    assert (c.severity_of("equality"), c.severity_of("bound")) == ("typo", None)
    assert make("000/equation-20", check_bound, (3, 2, None), "depends", severity="local").severity_of("x") == "local"


def test_runner_reports_readings_and_severity():
    depends = make("000/theorem-41", check_bound, (3, 2, None), "depends", severity={"equality": "local"})
    fixed = make("000/theorem-42", check_bound, (1, 2, "bound"), "refuted", severity="substantive")
    unjudged = make("000/theorem-43", check_bound, (3, 2, None), "depends", severity=None)
    results = by_id(run_claims([depends, fixed, unjudged], timeout=60, jobs=2))
    r = results[depends.id]
    assert r.verdict == "depends" and r.ok and r.severity is None
    eq, bound = r.readings
    assert (eq.name, eq.verdict, eq.severity, eq.correction, eq.correction_verdict, eq.counterexample) == \
        ("equality", "refuted", "local", "f = 3", "verified", "3")
    assert (bound.name, bound.verdict, bound.severity, bound.fixed_by) == ("bound", "verified", None, None)
    r = results[fixed.id]
    assert (r.verdict, r.severity, r.correction, r.correction_verdict, r.ok) == \
        ("refuted", "substantive", "f >= 1", "verified", True)
    assert r.readings[1].fixed_by.startswith("Section 9")
    r = results[unjudged.id]  # a refuted reading without a severity is not ok
    assert r.verdict == "depends" and not r.readings[0].ok and not r.ok


def _results_with_severities():
    claims = [
        make("000/equation-21", check_sum, (1, 2, 4), "refuted", severity="typo"),
        make("000/equation-22", check_sum, (1, 2, 5), "refuted", severity="typo"),
        make("000/equation-23", check_sum, (1, 2, 6), "refuted", severity="substantive"),
        make("000/equation-24", check_sum, (1, 2, 3), "verified"),
        make("000/theorem-41", check_bound, (3, 2, None), "depends", severity={"equality": "local"}),
    ]
    return list(run_claims(claims, timeout=60, jobs=2))


def test_summary_groups_refutations_by_severity():
    results = _results_with_severities()
    s = report.summary(results)
    assert s.startswith("5 claims: 1 verified, 3 refuted, 1 depends; 5/5 as expected")
    assert "3 refuted: 1 substantive, 2 typos" in s and "1 with readings" in s
    assert report.severity_summary(results[:0]) == ""
    # a claim refuted against expectations has no severity: counted apart
    (wrong,) = run_claims([make("000/equation-25", check_sum, (1, 1, 3), "verified")], timeout=60)
    assert report.severity_summary([wrong]) == "1 refuted: 1 unjudged"


def test_table_json_markdown_show_readings():
    results = sorted(_results_with_severities(), key=lambda r: r.id)
    r = results[-1]
    lines = report.format_readings(r, width=200)
    assert len(lines) == 2 and all(line.startswith("    ") for line in lines)
    assert "reading equality: refuted [local]" in lines[0] and "reading bound: verified" in lines[1]
    assert report.format_readings(results[0]) == []
    assert "[typo]" in report.format_line(results[0])
    records = {rec["id"]: rec for rec in json.loads(report.to_json(results))}
    rec = records["000/theorem-41"]
    assert [x["name"] for x in rec["readings"]] == ["equality", "bound"]
    assert rec["readings"][0]["severity"] == "local" and rec["readings"][0]["ok"] is True
    assert records["000/equation-21"]["readings"] == [] and records["000/equation-21"]["severity"] == "typo"
    md = report.to_markdown(results)
    assert "### Substantive" in md and "### Typos" in md and "### Local" not in md
    assert md.index("### Substantive") < md.index("### Typos")
    assert "## Other claims with readings" in md and "**equality**" in md
    assert "3 refuted: 1 substantive, 2 typos" in md


# --- command line ------------------------------------------------------------------


@pytest.fixture
def use_claims(monkeypatch):
    def use(claims):
        monkeypatch.setattr(cli, "load_claims", lambda: list(claims))
    return use


def test_main_all_ok(use_claims, capsys):
    use_claims([TRUE_SUM, FALSE_SUM, UNKNOWN])
    assert cli.main([]) == 0
    out = capsys.readouterr().out
    assert TRUE_SUM.id in out and "3/3 as expected" in out and "1 refuted: 1 local" in out


def test_main_table_shows_readings(use_claims, capsys):
    use_claims([make("000/theorem-41", check_bound, (3, 2, None), "depends",
                     severity={"equality": "local"})])
    assert cli.main([]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert "depends" in lines[0]
    assert "reading equality: refuted [local]" in lines[1] and "reading bound: verified" in lines[2]
    assert lines[1].startswith("    ") and lines[2].startswith("    ")


def test_main_failure_exit_1(use_claims, capsys):
    use_claims([TRUE_SUM, RAISES])
    assert cli.main(["--timeout", "60"]) == 1
    assert "error" in capsys.readouterr().out


def test_main_timeout_exit_1(use_claims, capsys):
    use_claims([SLEEPS])
    assert cli.main(["--timeout", "1"]) == 1
    assert "timeout" in capsys.readouterr().out


def test_main_json(use_claims, capsys):
    use_claims([TRUE_SUM, FALSE_SUM])
    assert cli.main(["--json", "--jobs", "2"]) == 0
    records = json.loads(capsys.readouterr().out)
    assert len(records) == 2
    fields = {"id", "source", "label", "statement", "method", "expect", "verdict",
              "detail", "correction", "correction_verdict", "counterexample", "seconds",
              "severity", "readings"}
    for record in records:
        assert fields <= set(record)
    refuted_record = next(r for r in records if r["id"] == FALSE_SUM.id)
    assert refuted_record["verdict"] == "refuted"
    assert refuted_record["correction"] == "1 + 2 = 3"


def test_main_json_clean_when_check_prints(use_claims, capfd):
    use_claims([make("000/equation-7", check_prints, None, "verified")])
    assert cli.main(["--json"]) == 0
    out = capfd.readouterr().out
    assert json.loads(out)[0]["verdict"] == "verified"


def test_main_markdown(use_claims, capsys):
    use_claims([TRUE_SUM, FALSE_SUM])
    assert cli.main(["--markdown"]) == 0
    out = capsys.readouterr().out
    assert "| id |" in out and "## Refuted claims" in out


def test_main_list_checks_nothing(use_claims, capsys):
    use_claims([TRUE_SUM, SLEEPS])
    start = time.perf_counter()
    assert cli.main(["--list"]) == 0
    assert time.perf_counter() - start < 5
    lines = capsys.readouterr().out.splitlines()
    assert lines == [f"{TRUE_SUM.id}\tEquation-1", f"{SLEEPS.id}\tTheorem-1"]


def test_main_only(use_claims, capsys):
    use_claims([TRUE_SUM, FALSE_SUM, UNKNOWN])
    assert cli.main(["--list", "--only", "lemma"]) == 0
    assert capsys.readouterr().out.split() == [UNKNOWN.id, "Lemma-A.1"]
    assert cli.main(["--list", "--only", "000/equation-*"]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 2
    assert cli.main(["--only", "nothing-like-this"]) == 2
    assert "nothing-like-this" in capsys.readouterr().err


def test_main_no_claims(use_claims, capsys):
    use_claims([])
    assert cli.main([]) == 0
    assert "no claims" in capsys.readouterr().err


@pytest.mark.parametrize("argv", [["--jobs", "0"], ["--jobs", "x"], ["--timeout", "0"],
                                  ["--timeout", "-1"], ["--json", "--markdown"],
                                  ["--bogus"]])
def test_main_bad_usage_exit_2(use_claims, argv, capsys):
    use_claims([TRUE_SUM])
    with pytest.raises(SystemExit) as exc:
        cli.main(argv)
    assert exc.value.code == 2


# --- registry discovery over a claims package -----------------------------------


@pytest.fixture
def sample_registry(monkeypatch):
    import sys

    monkeypatch.setattr(registry, "_REGISTRY", {})
    monkeypatch.setattr(registry, "CLAIMS_PACKAGE", "sample_claims")
    for name in [m for m in sys.modules if m.startswith("sample_claims")]:
        monkeypatch.delitem(sys.modules, name)
    yield
    for name in [m for m in sys.modules if m.startswith("sample_claims")]:
        del sys.modules[name]


def test_all_claims_discovers_modules_sorted(sample_registry):
    claims = registry.all_claims()
    assert [c.id for c in claims] == ["000/sample-1", "000/sample-2"]
    assert registry.all_claims() == claims  # importing again registers nothing new


def test_sample_claims_pass_honesty_and_cli(sample_registry, monkeypatch, capsys):
    for c in registry.all_claims():
        assert_honest(c)
    monkeypatch.setattr(cli, "load_claims", registry.all_claims)
    assert cli.main(["--markdown"]) == 0
    assert "1/3 + 1/6 = 1/2" in capsys.readouterr().out


def test_assert_honest_catches_dishonest_checks():
    always = make("000/equation-8", lambda data: verified("always"), (1, 2, 3), "verified")
    with pytest.raises(AssertionError, match="perturbed"):
        assert_honest(always)
    no_correction = make("000/equation-9", lambda data: refuted("no"), 0, "refuted")
    with pytest.raises(AssertionError, match="without a correction"):
        assert_honest(no_correction)
    bad = make("000/equation-10", check_sum_bad_correction, (1, 1, 3), "refuted")
    with pytest.raises(AssertionError, match="not verified"):
        assert_honest(bad)
    wrong = make("000/equation-11", check_sum, (1, 1, 3), "verified")
    with pytest.raises(AssertionError, match="expected 'verified'"):
        assert_honest(wrong)
    assert_honest(TRUE_SUM)
    assert_honest(FALSE_SUM)


def test_claim_needing_a_missing_package_is_skipped_not_checked(capsys, monkeypatch):
    # A check that would fail if run: the runner must not run it, and must say what to install.
    def explode(data):
        raise AssertionError("a skipped claim was checked")

    needy = Claim(id="000/equation-31", source=SOURCE, label="Equation 31", statement="1 + 1 = 2", data=(1, 1, 2),
                  check=explode, method="exact", expect="verified", perturb=lambda d: d,
                  needs=("symrelu_no_such_package",))
    plain = make("000/equation-32", check_sum, (1, 1, 2), "verified")
    assert needy.missing() == ("symrelu_no_such_package",) and plain.missing() == ()
    results = sorted(run_claims([needy, plain], timeout=60), key=lambda r: r.id)
    assert [r.verdict for r in results] == ["skipped", "verified"]
    assert "pip install 'symrelu[symrelu_no_such_package]'" in results[0].detail and not results[0].ok
    s = report.summary(results)
    assert s.startswith("2 claims: 1 verified, 1 skipped; 1/1 as expected (1 not checked: pip install")
    # the command exits 0: a missing optional package is not a failed claim
    monkeypatch.setattr(cli, "load_claims", lambda: [needy, plain])
    assert cli.main(["--jobs", "1"]) == 0
    assert "1 not checked" in capsys.readouterr().out
    with pytest.raises(TypeError, match="needs"):
        Claim(id="000/equation-33", source=SOURCE, label="Equation 33", statement="s", data=1, check=check_sum,
              method="exact", expect="verified", perturb=lambda d: d, needs="torch")
