"""The single pass over the log: split each line's prefix, then dispatch it through the rules.

Memory stays proportional to the number of layers: each line is looked at once and dropped,
and only what the rules extract (plus bounded samples) is kept.
"""

from __future__ import annotations

from collections.abc import Iterable

from trtreport.errors import InputError
from trtreport.logparse.prefix import LogLine, split_prefix
from trtreport.logparse.rules import BARE_RULES, MESSAGE_RULES, Rule, index_by_first_char
from trtreport.logparse.state import LogState, Mode
from trtreport.model import BuildLog, ParseStats

_MESSAGE_BY_FIRST, _MESSAGE_OTHER = index_by_first_char(MESSAGE_RULES)
_BARE_BY_FIRST, _BARE_OTHER = index_by_first_char(BARE_RULES)
_TENSORRT_BARE_RULES = frozenset({"banner", "engine-layer", "dump-layer"})
"""Bare rules whose match alone shows the file is a TensorRT log."""


def _key_value(message: str) -> tuple[str, str] | None:
    """Split an option line on its first ``": "`` (or a bare ``":"``); ``None`` if it has neither.

    ``Memory Pools: workspace: default`` → ``("Memory Pools", "workspace: default")``,
    ``Plugins:`` → ``("Plugins", "")``, ``Dump refittable layers:Disabled`` →
    ``("Dump refittable layers", "Disabled")``.
    """
    key, separator, value = message.partition(": ")
    if not separator:
        key, separator, value = message.partition(":")
    key = key.strip()
    if not separator or not key:
        return None
    return key, value.strip()


def _dispatch(
    state: LogState,
    text: str,
    line: int,
    by_first: dict[str, tuple[Rule, ...]],
    other: tuple[Rule, ...],
) -> Rule | None:
    """Try the rules that can match ``text``, in table order; return the one that understood it."""
    for rule in by_first.get(text[:1], other):
        if rule.prefix:
            if not text.startswith(rule.prefix):
                continue
        elif rule.needle and rule.needle not in text:
            continue
        match = rule.pattern.match(text)
        if match is not None and rule.handler(state, match, line):
            return rule
    return None


def _message(state: LogState, parsed: LogLine, line: int) -> bool:
    """Handle a line with a logger prefix; True if it was understood."""
    message = parsed.message
    build = state.current
    if state.mode is Mode.OPTIONS:
        if parsed.severity == "I" and not parsed.from_trt and not message.startswith("=== "):
            item = _key_value(message)
            if item is not None and build.section is not None:
                build.section.items.append(item)
                return True
        build.close_section()
    state.mode = Mode.NONE
    if parsed.severity in ("W", "E", "F"):
        build.add_message(parsed.severity, message, line)
        return True
    if not message.strip():
        return True
    return _dispatch(state, message, line, _MESSAGE_BY_FIRST, _MESSAGE_OTHER) is not None


def _bare(state: LogState, text: str, line: int) -> bool:
    """Handle a line without a logger prefix; True if it was understood."""
    if not text.strip():
        return True
    if not state.first_text:
        state.first_text = text.lstrip()
    rule = _dispatch(state, text, line, _BARE_BY_FIRST, _BARE_OTHER)
    if rule is None:
        return False
    if rule.name in _TENSORRT_BARE_RULES:
        state.saw_tensorrt = True
    return True


def _not_a_log(state: LogState) -> InputError:
    """The error for a file without any TensorRT content."""
    first = state.first_text
    if first.startswith(("{", "[{", '["', "[\n")) or first == "[":
        return InputError(
            state.source,
            "not a TensorRT build log: it looks like JSON; pass layer information with --layers "
            "and profiles with --profile",
        )
    return InputError(
        state.source,
        "not a TensorRT build log: no line has a TensorRT logger prefix ('[I]', '[V] [TRT]', "
        "'[TRT] [V]', '[TensorRT] INFO:'), a '&&&& RUNNING' banner or an 'Engine Layer "
        "Information' section; capture it with trtexec --verbose or a VERBOSE builder logger",
    )


def parse_build_log(lines: Iterable[str], source: str) -> BuildLog:
    """Parse a TensorRT build log, given as decoded lines without terminators, in one pass.

    Raises :class:`~trtreport.errors.InputError` if the input is empty or holds no TensorRT
    content at all. Lines no rule understands are counted in :class:`~trtreport.model.ParseStats`.
    """
    state = LogState(source)
    recognised = 0
    line = 0
    for line, text in enumerate(lines, start=1):
        parsed = split_prefix(text)
        if parsed is None:
            understood = _bare(state, text, line)
        else:
            if not state.first_text:
                state.first_text = text
            state.saw_tensorrt = True
            understood = _message(state, parsed, line)
        if understood:
            recognised += 1
        else:
            state.unrecognised(text, line)
    state.lines_read = line
    state.lines_recognised = recognised
    if not state.first_text:
        raise InputError(source, "empty file: no log lines to read")
    if not state.saw_tensorrt:
        raise _not_a_log(state)
    builds = state.finish()
    stats = ParseStats(
        lines_read=state.lines_read,
        lines_recognised=state.lines_recognised,
        unrecognised_count=state.unrecognised_count,
        unrecognised_samples=tuple(state.unrecognised_samples),
    )
    return BuildLog(source=source, builds=builds, stats=stats)
