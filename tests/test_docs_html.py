"""The docs: their examples run, and the built HTML renders math offline and resolves its roles.

``test_page_examples`` runs the ``>>>`` examples of every page of ``docs/``
(the tutorial included) as doctests; tests/test_doctests.py covers the
docstrings.  ``test_built_html`` builds the site with ``sphinx -W`` into a
temporary folder (no network: MathJax and the intersphinx inventories are
local) and checks the HTML.
"""

from __future__ import annotations

import doctest
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parent.parent / "docs"
PAGES = sorted(p.name for p in DOCS.glob("*.rst") if re.search(r"^\s*>>> ", p.read_text(encoding="utf-8"), flags=re.M))
#: pages whose examples take more than a few seconds on the shared 2-core machine
SLOW_PAGES = {"tutorial.rst"}


@pytest.mark.parametrize("page", [pytest.param(p, marks=pytest.mark.slow) if p in SLOW_PAGES else p for p in PAGES])
def test_page_examples(page, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # examples that write files write them here
    monkeypatch.setenv("MPLBACKEND", "Agg")
    result = doctest.testfile(str(DOCS / page), module_relative=False, optionflags=doctest.ELLIPSIS, report=True)
    assert result.attempted > 0
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples of docs/{page} failed (see the output above)"


def test_tutorial_is_linked_from_the_guide():
    guide = (DOCS / "guide.rst").read_text(encoding="utf-8")
    assert ":doc:`tutorial`" in guide
    assert "filled in as the library modules land" not in guide


# -- the built HTML ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def html(tmp_path_factory):
    pytest.importorskip("sphinx")
    pytest.importorskip("sphinx-mathjax-offline")
    out = tmp_path_factory.mktemp("html")
    env = dict(os.environ, MPLBACKEND="Agg")
    proc = subprocess.run(
        [sys.executable, "-m", "sphinx", "-q", "-W", "--keep-going", "-b", "html", str(DOCS), str(out)],
        capture_output=True, text=True, env=env, timeout=1800,
    )
    assert proc.returncode == 0, f"sphinx -W failed:\n{proc.stdout[-4000:]}\n{proc.stderr[-8000:]}"
    return out


def _pages(out: Path):
    return {str(p.relative_to(out)): p.read_text(encoding="utf-8") for p in sorted(out.rglob("*.html"))}


def _without_math(text: str) -> str:
    """The page without scripts and without the elements MathJax typesets (span/div of class math)."""
    text = re.sub(r"<script\b.*?</script>", "", text, flags=re.S)
    text = re.sub(r'<span class="math\b[^"]*">.*?</span>', "", text, flags=re.S)
    return re.sub(r'<div class="math\b[^"]*">.*?</div>', "", text, flags=re.S)


@pytest.mark.slow
def test_built_html(html):
    pages = _pages(html)
    assert "tutorial.html" in pages and "bibliography.html" in pages
    problems = []
    for name, text in pages.items():
        if name.startswith(("_static", "_modules", "genindex", "search", "py-modindex")):
            continue
        # a single-backtick name without a default role renders as <cite>
        if "<cite>" in text:
            problems.append(f"{name}: <cite> (an unresolved `role`): {re.search(r'<cite>.{0,60}', text).group()}")
        # a literal '~' left from `~module.name` (the tilde only works inside a cross-reference role)
        for m in re.finditer(r'<span class="pre">~[A-Za-z_]', text):
            problems.append(f"{name}: literal '~' in {text[m.start():m.start() + 60]!r}")
        # math that MathJax will not typeset shows as raw \( ... \)
        body = _without_math(text)
        for m in re.finditer(r"\\\(|\\\[", body):
            problems.append(f"{name}: raw math {body[max(0, m.start() - 40):m.start() + 40]!r}")
        # MathJax comes from this site, never from a CDN
        for src in re.findall(r'<script[^>]*src="([^"]*mathjax[^"]*)"', text, flags=re.I):
            if src.startswith(("http:", "https:", "//")) or "_static/mathjax/" not in src:
                problems.append(f"{name}: MathJax loaded from {src}")
    assert not problems, "\n".join(problems[:40])
    scaling = pages["scaling.html"]
    srcs = re.findall(r'<script[^>]*src="([^"]*mathjax[^"]*)"', scaling, flags=re.I)
    assert srcs, "no MathJax script on a page with math"
    assert all((html / src).is_file() for src in srcs)


@pytest.mark.slow
def test_built_html_links_external_names(html):
    pages = _pages(html)
    text = "\n".join(pages.values())
    for url in (
        "https://docs.python.org/3/library/fractions.html#fractions.Fraction",
        "https://numpy.org/doc/stable/reference/generated/numpy.ndarray.html#numpy.ndarray",
        "https://docs.sympy.org/latest/modules/functions/elementary.html#sympy.functions.elementary.piecewise.Piecewise",
        "https://mpmath.org/doc/current/basics.html#mpmath.mpf",
        "https://docs.scipy.org/doc/scipy/reference/generated/scipy.stats.rv_continuous.html#scipy.stats.rv_continuous",
    ):
        assert url in text, url
    # every claim report section is headed by the document's title, with a stable anchor
    claims = pages["claims.html"]
    assert 'id="claims-000"' in claims and "Local Linearity of ReLU Neural Networks" in claims
    assert "000_5968367b248e1529.txt</h" not in claims
