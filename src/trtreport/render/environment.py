"""The one Jinja2 environment of the report, and the raw assets it inlines.

Templates live in the repository's top-level ``templates/`` folder, which the wheel ships as
package data at ``trtreport/templates``. Raw files (our CSS and JS, vis-network's JS and CSS)
reach the page through two template globals, :func:`include_file` and :func:`vendor_asset`,
which return :class:`~markupsafe.Markup` made safe for the element they go into: the files are
ours or pyvis's, never derived from the report's inputs, so no template needs ``|safe``.
Every other ``{{ ... }}`` output goes through :func:`finalize`, which shows bidirectional
control characters instead of obeying them.
"""

from __future__ import annotations

import functools
import importlib.resources
import re
from pathlib import Path

import jinja2
from markupsafe import Markup

from trtreport.render.annotations import PASS_HEADING_LEVEL
from trtreport.render.filters import FILTERS
from trtreport.render.text import visible
from trtreport.render.visnetwork import read_vis_file

_SCRIPT_CLOSE = re.compile(r"</(script)", re.IGNORECASE)
_COMMENT_OPEN = "<!--"


def templates_dir() -> Path:
    """Return the folder holding the report templates.

    An installed wheel carries them at ``trtreport/templates``; an editable checkout keeps
    them at ``<repo>/templates`` (``src/trtreport/render/environment.py`` → ``parents[3]``).
    """
    packaged = importlib.resources.files("trtreport") / "templates"
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[3] / "templates"


def script_text(source: str) -> Markup:
    """Make JavaScript safe to place inside a ``<script>`` element.

    Only ``</script`` can end the element early, and ``<!--`` can switch the HTML parser into
    its "double escaped" script state; both are rewritten to equivalent JavaScript (``<\\/``
    and ``<\\!--`` mean the same inside strings, regular expressions and comments). A blanket
    ``</`` → ``<\\/`` would break vis-network's ``/</.test(...)`` regular expression.
    """
    text = _SCRIPT_CLOSE.sub(r"<\\/\1", source).replace(_COMMENT_OPEN, "<\\!--")
    return Markup(text)  # noqa: S704 - our own or pyvis's JavaScript, never report data


def style_text(source: str, name: str) -> Markup:
    """Check that CSS cannot close its ``<style>`` element, and mark it safe to inline."""
    if "</style" in source.lower() or _COMMENT_OPEN in source:
        raise ValueError(f"{name} contains '</style' or '<!--' and cannot be inlined")
    return Markup(source)  # noqa: S704 - our own or pyvis's CSS, never report data


@functools.cache
def read_template_file(name: str) -> str:
    """Return a file of the templates folder as text (``\\n`` line endings)."""
    return (templates_dir() / name).read_text(encoding="utf-8")


_CSS_RULE = re.compile(r"[^{}]+\{[^{}]*\}")
_UNUSED_VIS_PARTS = (
    "vis-manipulation",
    "vis-navigation",
    "vis-edit",
    "vis-config",
    "vis-color-picker",
    "vis-close",
    "vis-button",
    "vis-label",
    "vis-brightness",
    "vis-opacity",
    "vis-range",
    "vis-selector",
    "vis-new-color",
    "vis-initial-color",
    "vis-separator-line",
)


def trim_vis_css(css: str) -> str:
    """Drop vis-network's rules for widgets the report never enables.

    The navigation buttons, the manipulation toolbar, the configurator and the color picker
    make up ~210 kB of base64 icons in ``vis-network.css``; the report turns all of them off,
    so only the canvas and tooltip rules are kept. Rules are kept whole and in order.
    """
    rules = _CSS_RULE.findall(css)
    if "".join(rules) != css:
        return css  # not the flat rule list this filter understands: keep everything
    kept = [
        rule
        for rule in rules
        if not any(part in rule.partition("{")[0] for part in _UNUSED_VIS_PARTS)
    ]
    return "".join(kept)


def include_file(name: str) -> Markup:
    """Template global: a ``.js`` or ``.css`` file of the templates folder, ready to inline."""
    text = read_template_file(name)
    if name.endswith(".js"):
        return script_text(text)
    if name.endswith(".css"):
        return style_text(text, name)
    raise ValueError(f"include_file only inlines .js and .css files, not {name}")


def vendor_asset(name: str) -> Markup:
    """Template global: vis-network's JS or (trimmed) CSS from pyvis, ready to inline."""
    text = read_vis_file(name)
    if name.endswith(".js"):
        return script_text(text)
    return style_text(trim_vis_css(text), name)


def finalize(value: object) -> object:
    """Pass every ``{{ ... }}`` output through :func:`~trtreport.render.text.visible`.

    Jinja calls this on the value of each expression before autoescaping it, so a bidi
    control character in any name is shown, not obeyed, without a filter at every use.
    :class:`~markupsafe.Markup` is left alone: it is ``|tojson`` data (whose JSON already
    writes such characters as ``\\u202e`` escapes and must parse back to the exact names),
    an inlined asset (whose bytes the page's CSP hashes) or rendered annotation Markdown.
    Numbers and other values are left to autoescape as they are.
    """
    if isinstance(value, str) and not isinstance(value, Markup):
        return visible(value)
    return value


@functools.lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    """Return the report's Jinja2 environment, built once per process."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates_dir()),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=finalize,
    )
    # Compact, sorted JSON: the same report gives the same bytes.
    env.policies["json.dumps_kwargs"] = {"sort_keys": True, "separators": (",", ":")}
    env.filters.update(FILTERS)
    env.globals["include_file"] = include_file
    env.globals["vendor_asset"] = vendor_asset
    env.globals["pass_heading_level"] = PASS_HEADING_LEVEL
    return env
