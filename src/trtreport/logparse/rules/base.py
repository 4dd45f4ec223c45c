"""What every rule module shares: :class:`Rule`, its constructors :func:`rule` and
:func:`needle_rule`, the handler types, and small helpers of the handlers."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import NamedTuple

from trtreport.logparse.state import LogState, Mode
from trtreport.numbers import parse_int

Handler = Callable[[LogState, "re.Match[str]", int], bool]


FastHandler = Callable[[LogState, str, int, int], bool]
"""A hot rule's handler on the whole line ``(state, text, start, line)``, the message starting at
``text[start:]``: it checks the shape with ``str`` methods (no slicing, no regex), then acts."""


APPLICATION = "application"
"""Name prefix of the rules that identify application output (counted apart)."""


class Rule(NamedTuple):
    """One line kind: a cheap prefilter, then a regex with named groups, then its handler, with
    the real lines it is written for (:attr:`examples`)."""

    name: str
    prefix: tuple[str, ...]
    """The message starts with one of these (empty: no prefix test)."""
    needle: str
    """The message contains this; the regex is matched where it occurs (needle rules only)."""
    pattern: re.Pattern[str]
    handler: Handler
    fast: FastHandler | None = None
    """For the few rules whose lines number in the millions: a handler that checks the line's
    shape with ``str`` methods instead of the regex and does the minimum (the parser tries it
    first; tests check that it accepts exactly what the regex accepts)."""
    examples: tuple[str, ...] = ()
    """Real lines of this kind (the message with its logger prefix taken off, or the bare line).
    ``docs/log-rules.md`` is generated from them, and a test checks that each one matches this
    rule and is not taken by a rule tried before it."""
    note: str = ""
    """What else the rule reads (other shapes, versions), in the catalogue's words."""
    bulk: str = ""
    """For the autotuning lines that :func:`trtreport.logparse.autotune.read_autotuning` reads
    in bulk: the rule's regex after its (first) prefix, matched inside a block of lines (no
    ``\\Z``: ``[^\\S\\n]*`` takes the blanks to the end of the line). The bulk reader is
    assembled from these (:func:`bulk_alternative`)."""


def dims(text: str) -> tuple[int, ...] | None:
    """``1x3x224x224`` → ``(1, 3, 224, 224)``; ``None`` if not integers."""
    if not text:
        return ()
    dims = [parse_int(part) for part in text.split("x")]
    return tuple(dim for dim in dims if dim is not None) if None not in dims else None


def tuple_dims(text: str) -> tuple[int, ...]:
    """``(1, 3, 224, 224)`` → ``(1, 3, 224, 224)``; non-integer dimensions become ``-1``."""
    dims: list[int] = []
    for part in text.strip("() ").split(","):
        part = part.strip()
        if not part:
            continue
        number = parse_int(part)
        dims.append(-1 if number is None else number)
    return tuple(dims)


def understood(state: LogState, match: re.Match[str], line: int) -> bool:
    """A line understood as what its rule says, with nothing to keep."""
    return True


def subject_of(match: re.Match[str]) -> str:
    """The text before a needle rule's match (the layer or pass a message starts with)."""
    return match.string[: match.start()]


def rule(
    name: str,
    prefix: str | tuple[str, ...],
    regex: str,
    handler: Handler,
    fast: FastHandler | None = None,
    *,
    examples: tuple[str, ...],
    note: str = "",
    bulk: str = "",
) -> Rule:
    """A rule with a startswith prefilter (a string or alternatives)."""
    prefixes = (prefix,) if isinstance(prefix, str) else prefix
    return Rule(name, prefixes, "", re.compile(regex), handler, fast, examples, note, bulk)


def needle_rule(
    name: str,
    needle: str,
    regex: str,
    handler: Handler,
    fast: FastHandler | None = None,
    *,
    examples: tuple[str, ...],
    note: str = "",
    bulk: str = "",
) -> Rule:
    """A rule whose message has no fixed start: its regex is matched where ``needle`` occurs
    (for a needle rule, ``bulk`` is the regex of the whole message)."""
    return Rule(name, (), needle, re.compile(regex), handler, fast, examples, note, bulk)


def bulk_alternative(rule: Rule) -> str:
    """The regex of ``rule``'s message inside a block of lines, for the bulk reader: its first
    prefix, escaped, then :attr:`Rule.bulk`."""
    if not rule.bulk:
        raise ValueError(f"rule {rule.name} has no bulk pattern")
    return (re.escape(rule.prefix[0]) if rule.prefix else "") + rule.bulk


NUM = r"-?\d+(?:\.\d+)?(?:e[-+]?\d+)?"


def in_mode(mode: Mode) -> Handler:
    """A handler that understands a block line and stays in ``mode``."""

    def handler(state: LogState, match: re.Match[str], line: int) -> bool:
        """Understood as a line of the block; nothing to keep."""
        state.mode = mode
        return True

    handler.__doc__ = f"Understood as a line of the {mode.value} block; nothing to keep."
    return handler
