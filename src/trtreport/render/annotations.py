"""Plain-language annotations of optimization passes, as HTML for the passes section.

The annotations are Markdown files of :mod:`trtreport.passes` (one per pass). They are project
files, not input, but they are still rendered with markdown-it-py's ``js-default`` preset (raw
HTML off, unsafe link schemes refused) and made self-contained: images are not rendered and a
link to the web becomes plain text naming its address, because the page may load nothing.
Heading levels are shifted so that the annotation's ``##`` sections sit below the pass's own
heading, and the file's title line is dropped (the section shows the title itself).
"""

from __future__ import annotations

import functools
import importlib
import importlib.resources
import re
from collections.abc import Callable
from dataclasses import dataclass

from markdown_it import MarkdownIt
from markdown_it.token import Token
from markupsafe import Markup

PASS_HEADING_LEVEL = 4
"""The level of a pass section's own heading (``<h4 class="pass-name">`` in the passes
section; the template reads this constant)."""

HEADING_SHIFT = PASS_HEADING_LEVEL - 1
"""``##`` (an annotation's top heading level below its ``# Title`` line) becomes one level below
the pass heading: ``<h5>``. A ``#`` in the body is raised no higher than that either."""

_FILE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*\Z")


@dataclass(frozen=True, slots=True)
class Annotation:
    """What the passes section shows about one pass besides its events."""

    title: str
    """A one-line description (the annotation's title line), or ``""``."""
    html: Markup | None
    """The annotation's body as HTML, or ``None`` when the pass has no annotation."""


def _passes_function(name: str) -> Callable[[str], str | None] | None:
    """A function of :mod:`trtreport.passes` if that module provides it (it may not yet)."""
    try:
        module = importlib.import_module("trtreport.passes")
    except ImportError:
        return None
    function = getattr(module, name, None)
    return function if callable(function) else None


def _slug(pass_name: str) -> str:
    """The file stem for a pass named in words: ``Merging layers`` → ``merging-layers``."""
    return re.sub(r"[^a-z0-9]+", "-", pass_name.lower()).strip("-")


def _read_annotation_file(pass_name: str) -> str | None:
    """Fallback lookup: ``passes/<PassName>.md`` or ``passes/<slug>.md`` in the package."""
    folder = importlib.resources.files("trtreport") / "passes"
    for stem in (pass_name, _slug(pass_name)):
        if not stem or not _FILE_NAME.match(stem):
            continue
        resource = folder / f"{stem}.md"
        if resource.is_file():
            text: str = resource.read_text(encoding="utf-8")
            return text
    return None


def annotation_markdown(pass_name: str) -> str | None:
    """The Markdown annotation of ``pass_name``, or ``None`` when there is none."""
    lookup = _passes_function("annotation_source")
    if lookup is not None:
        return lookup(pass_name)
    return _read_annotation_file(pass_name)


@functools.cache
def _markdown() -> MarkdownIt:
    """The one Markdown parser: ``js-default``, without images (nothing may be loaded)."""
    return MarkdownIt("js-default").disable("image")


def _title_and_body(source: str) -> tuple[str, str]:
    """Split a leading ``# Title`` line from the rest of the Markdown."""
    first, newline, rest = source.lstrip("\n").partition("\n")
    if first.startswith("# "):
        return first[2:].strip(), rest if newline else ""
    return "", source


def _make_self_contained(tokens: list[Token]) -> None:
    """Shift headings down and turn links to the web into text naming their address."""
    for token in tokens:
        if token.type in {"heading_open", "heading_close"}:
            level = min(max(int(token.tag[1]) + HEADING_SHIFT, PASS_HEADING_LEVEL + 1), 6)
            token.tag = f"h{level}"
        if token.type == "inline" and token.children:
            children: list[Token] = []
            href = ""
            for child in token.children:
                if child.type == "link_open":
                    href = str(child.attrGet("href") or "")
                    if href.startswith("#"):
                        children.append(child)
                        href = ""
                    continue
                if child.type == "link_close":
                    if href:
                        text = Token("text", "", 0)
                        text.content = f" ({href})"
                        children.append(text)
                    else:
                        children.append(child)
                    href = ""
                    continue
                children.append(child)
            token.children = children


def markdown_html(source: str) -> Markup:
    """Render annotation Markdown to HTML that loads nothing and fits under the pass heading
    (:data:`PASS_HEADING_LEVEL`)."""
    md = _markdown()
    env: dict[str, object] = {}
    tokens = md.parse(source, env)
    _make_self_contained(tokens)
    html = md.renderer.render(tokens, md.options, env)
    return Markup(html)  # noqa: S704 - produced by markdown-it's js-default renderer


@functools.cache
def annotation(pass_name: str) -> Annotation:
    """The title and HTML of a pass's annotation (``html`` is ``None`` when it has none)."""
    source = annotation_markdown(pass_name)
    if source is None:
        return Annotation(title="", html=None)
    title, body = _title_and_body(source)
    lookup_title = _passes_function("annotation_title")
    if lookup_title is not None:
        title = lookup_title(pass_name) or title
    return Annotation(title=title, html=markdown_html(body))
