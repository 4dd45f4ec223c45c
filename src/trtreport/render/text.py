"""Plain-text helpers shared by the graph builder and the template filters."""

from __future__ import annotations

import re

_BIDI_CONTROLS = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def visible(text: str) -> str:
    """Show bidirectional control characters as ``<U+202E>`` instead of obeying them.

    Names come from untrusted models; an override character would make a name read
    differently from what it is ("Trojan Source"). The page script applies the same rule.

    >>> visible("abc\u202edef")
    'abc<U+202E>def'
    """
    return _BIDI_CONTROLS.sub(lambda match: f"<U+{ord(match.group()):04X}>", text)
