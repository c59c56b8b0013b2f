"""A Sphinx extension: the ``derivation`` directive renders a machine-checked `~symrelu.derivation.Derivation`.

Add ``"symrelu.sphinxext"`` to ``extensions`` in ``conf.py`` and write::

    .. derivation:: symrelu.scaling:scaling_law

The argument is ``module:attribute`` naming a ``Derivation`` or a function with
no required arguments annotated ``-> Derivation`` (see `resolve`; nothing else
is called).  The derivation is checked at build time (once per
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
import inspect

from .derivation import Derivation
from .errors import InvalidArgument, InvalidArgumentType

__all__ = ["resolve", "setup"]


def _is_factory(obj) -> bool:
    """True for a function (plain or ``functools`` cached) declared ``-> Derivation``.

    Only such functions are called: an arbitrary callable named in a page
    (``os:getcwd``, a class, a ``functools.partial``) is refused before it runs.
    """
    function = inspect.unwrap(obj) if callable(obj) else None
    if not inspect.isfunction(function):
        return False
    returns = function.__annotations__.get("return")
    if isinstance(returns, str):  # ``from __future__ import annotations``: resolve the name in its own module
        returns = function.__globals__.get(returns, None) if returns.isidentifier() else None
    if returns is not Derivation:
        return False
    signature = inspect.signature(function)
    return all(p.default is not p.empty or p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD)
               for p in signature.parameters.values())


def resolve(target: str) -> Derivation:
    """The `Derivation` named by ``"module:attribute"``.

    The attribute is either a `Derivation` or a *derivation factory*: a
    function taking no required argument whose return annotation is
    ``Derivation`` (as every factory in symrelu is, usually cached with
    ``functools.lru_cache``).  Only factories are called; any other attribute
    (another callable, a class, a module) is refused with
    `InvalidArgumentType` without being called.

    >>> resolve("symrelu.scaling:lemma_a6").verdict
    'verified'
    """
    if not isinstance(target, str):
        raise InvalidArgumentType("target", target, "a str 'module:attribute'")
    if target.count(":") != 1:
        raise InvalidArgument("target", target, "'module:attribute', e.g. 'symrelu.scaling:scaling_law'")
    module_name, attr = target.split(":")
    try:
        obj = importlib.import_module(module_name)
        for part in attr.split("."):
            obj = getattr(obj, part)
    except (ImportError, AttributeError, ValueError, TypeError) as err:
        raise InvalidArgument("target", target, "'module:attribute' naming an existing attribute",
                              f"{type(err).__name__}: {err}") from err
    if not isinstance(obj, Derivation):
        if not _is_factory(obj):
            raise InvalidArgumentType(
                "target", target, "a Derivation or a function with no required arguments annotated '-> Derivation'")
        obj = obj()
    if not isinstance(obj, Derivation):
        raise InvalidArgumentType("target", target, "a factory that returns a Derivation")
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
