"""A Sphinx extension: the ``derivation`` directive renders a machine-checked `~symrelu.derivation.Derivation`.

Add ``"symrelu.sphinxext"`` to ``extensions`` in ``conf.py`` and write::

    .. derivation:: symrelu.scaling:scaling_law

The argument is ``module:attribute`` naming a ``Derivation`` or a zero-argument
function returning one.  The derivation is checked at build time (once per
object: `Derivation.check` caches) and rendered as its title, each step's
relation (math), justification, how it was checked and the verdict, and the
overall verdict.  Options:

``:no-title:``
    omit the title (when the page's own heading says it);
``:expect:``
    the overall verdict the page expects (default ``verified``); any other
    verdict emits a Sphinx warning, so ``sphinx-build -W`` fails on a
    derivation that stops verifying.

>>> resolve("symrelu.scaling:equation_7").title
'000 Equation 7: closed form of the scales'
"""

from __future__ import annotations

import importlib

from .derivation import Derivation
from .errors import InvalidArgument, InvalidArgumentType

__all__ = ["resolve", "setup"]


def resolve(target: str) -> Derivation:
    """The `Derivation` named by ``"module:attribute"`` (calling the attribute when it is a function).

    >>> resolve("symrelu.scaling:lemma_a6").verdict
    'verified'
    """
    if not isinstance(target, str) or target.count(":") != 1:
        raise InvalidArgument("target", target, "'module:attribute', e.g. 'symrelu.scaling:scaling_law'")
    module_name, attr = target.split(":")
    module = importlib.import_module(module_name)
    obj = module
    for part in attr.split("."):
        obj = getattr(obj, part)
    if not isinstance(obj, Derivation) and callable(obj):
        obj = obj()
    if not isinstance(obj, Derivation):
        raise InvalidArgumentType("target", target, "a Derivation or a zero-argument function returning one")
    return obj


def setup(app):
    """Register the ``derivation`` directive with Sphinx."""
    from docutils import nodes
    from docutils.parsers.rst import directives
    from docutils.statemachine import StringList
    from sphinx.util import logging
    from sphinx.util.docutils import SphinxDirective

    logger = logging.getLogger(__name__)

    class DerivationDirective(SphinxDirective):
        required_arguments = 1
        optional_arguments = 0
        has_content = False
        option_spec = {"no-title": directives.flag, "expect": directives.unchanged}

        def run(self):
            target = self.arguments[0]
            try:
                derivation = resolve(target)
            except Exception as err:  # noqa: BLE001 - report any import/lookup failure at the directive
                raise self.error(f"derivation {target!r}: {type(err).__name__}: {err}") from err
            expect = self.options.get("expect", "verified")
            if derivation.verdict != expect:
                logger.warning(
                    f"derivation {target}: verdict {derivation.verdict!r}, expected {expect!r}",
                    location=self.get_location(),
                )
            text = derivation.to_rst(heading=None)
            if "no-title" not in self.options:
                text = f".. rubric:: {derivation.title}\n\n{text}"
            container = nodes.container(classes=["derivation", f"derivation-{derivation.verdict}"])
            lines = StringList(text.splitlines(), source=f"<derivation {target}>")
            self.state.nested_parse(lines, self.content_offset, container)
            return [container]

    app.add_directive("derivation", DerivationDirective)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
