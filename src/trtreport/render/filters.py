"""Jinja2 filters of the report templates: plain text in, plain text out (autoescape follows).

None of these return :class:`~markupsafe.Markup`: whatever they produce from report data is
still escaped by the environment's autoescape, after its ``finalize`` has made control
characters visible (so there is no ``visible`` filter to apply by hand).
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Sequence

from trtreport.render.graph import PALETTE, TYPE_PALETTE


def shape(dims: Sequence[int]) -> str:
    """Format a tensor shape as ``1x3x224x224`` (``?`` for a dynamic dimension, ``—`` if none)."""
    if not dims:
        return "—"
    return "x".join("?" if dim < 0 else str(dim) for dim in dims)


def size(count: int) -> str:
    """Format a byte count exactly, with thousands separators (``1,234,567 B``)."""
    return f"{count:,} B"


def precision_class(precision: str) -> str:
    """The CSS class that colors a precision badge (unknown labels share one)."""
    return f"prec-{precision if precision in PALETTE else 'unknown'}"


def type_class(category: str) -> str:
    """The CSS class that colors a layer category's swatch (``type-<n>``, ``n`` its index)."""
    names = list(TYPE_PALETTE)
    return f"type-{names.index(category) if category in names else len(names) - 1}"


def css_token(text: str) -> str:
    """Reduce ``text`` to ``[a-z0-9-]`` so that it can be part of a class name or id."""
    return re.sub(r"[^a-z0-9-]+", "-", text.lower()).strip("-") or "x"


def csp_hash(source: str) -> str:
    """The Content-Security-Policy source (``'sha256-...'``) that allows one inline script."""
    digest = hashlib.sha256(source.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


FILTERS = {
    "shape": shape,
    "size": size,
    "precision_class": precision_class,
    "type_class": type_class,
    "css_token": css_token,
    "csp_hash": csp_hash,
}
"""Registered on the environment under these names."""
