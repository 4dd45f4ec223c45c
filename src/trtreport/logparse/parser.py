"""The single pass over the log: split each line's prefix, then dispatch it through the rules.

Memory stays proportional to the number of layers: each line is looked at once and dropped,
and only what the rules extract (plus bounded samples) is kept.

Speed matters (verbose logs of large models run to hundreds of MB, most of it autotuning):

* the input is read as blocks of whole lines (:class:`~trtreport.textio.TextLines`, or batches
  of any iterable of lines), and lines are cut out of a block by offset, so that runs of lines
  can be skipped without a Python step (or a string) each;
* a verbose TensorRT line in trtexec's or the Python logger's format is recognised by one
  slice of the raw line (``text[20:40]``, offsets derived from the logger formats' table in
  :mod:`.prefix`: the end of the timestamp, the tags and the message's
  head), which selects the *fast handler* of an autotuning rule (:data:`.rules.MESSAGE_RULES`),
  or, after the ``set-tactic`` needle, that of a frequent ONNX import or optimizer rule;
* after each ``Timing Runner`` line, :func:`~.autotune.read_autotuning` reads on through the
  autotuning lines that follow, one compiled pattern per line, and checks and counts each run
  of tactic lines with ``str.count`` and skips it (:func:`~.autotune.scan_tactic_run`);
* every other line takes the general path: prefix split, then the rules filed under the
  message's first word (:func:`~.rules.index_rules`), then the needle rules;
* a log captured by a CI system, a container runtime or the journal has their prefix taken
  off each line first, and terminal colors too (:func:`~.prefix.outer_prefix`, decided from
  the first block);
* a log in which no line of the first block has a logger prefix or a ``&&&&`` banner comes
  from a logger that prints TensorRT's messages bare: its unprefixed lines are read through
  the message rules too.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Iterator
from itertools import islice

from trtreport.errors import InputError
from trtreport.logparse.autotune import read_autotuning
from trtreport.logparse.prefix import (
    FIXED_TAGS,
    MESSAGE_AT,
    TIME_END,
    VERBOSE_TRT_TAGS,
    LogLine,
    outer_prefix,
    split_prefix,
    without_outer_prefix,
)
from trtreport.logparse.rules import (
    APPLICATION,
    BARE_RULES,
    HOT_KEY_CHARS,
    MESSAGE_RULES,
    MODE_RULES,
    TUNING_FAST_RULES,
    FastHandler,
    Handler,
    Rule,
    index_fast,
    index_rules,
    onnx_node_io_fast,
)
from trtreport.logparse.rules.messages import read_message
from trtreport.logparse.state import LogState, Mode
from trtreport.model import BuildLog, ParseStats
from trtreport.textio import TextLines

_MESSAGE_BY_WORD, _MESSAGE_BY_CHAR, _MESSAGE_NEEDLES = index_rules(MESSAGE_RULES)
_HOT_BY_HEAD, _HOT_NEEDLES = index_fast(MESSAGE_RULES, TUNING_FAST_RULES)
_WARM_BY_HEAD, _ = index_fast(
    tuple(rule for rule in MESSAGE_RULES if rule.name not in TUNING_FAST_RULES)
)
_VERBOSE_TRT_PREFIXES = VERBOSE_TRT_TAGS
_FAST_TAGS = {tags: (split.severity, True) for tags, split in FIXED_TAGS.items() if split.from_trt}
"""``text[TIME_END:MESSAGE_AT]`` (``text[20:32]``) of a TensorRT line from trtexec or the Python
logger → severity, from_trt (derived from the logger formats' table, :data:`.prefix.FIXED_TAGS`)."""
_FAST_SHORT = {tags: split.severity for tags, split in FIXED_TAGS.items() if not split.from_trt}
"""``text[TIME_END:_SHORT_END]`` (``text[20:26]``) of one of trtexec's own lines
(``[I] message``) → severity."""
_SHORT_END = TIME_END + len(next(iter(_FAST_SHORT)))
_KEY_END = MESSAGE_AT + HOT_KEY_CHARS
_HOT_BY_KEY = {
    prefix + head: handler
    for prefix in _VERBOSE_TRT_PREFIXES
    for head, handler in _HOT_BY_HEAD.items()
}
"""Fast handlers by ``text[TIME_END:_KEY_END]`` (``text[20:40]``): the end of the timestamp,
the tags, the message's head."""
_WARM_BY_KEY = {
    prefix + head: handler
    for prefix in _VERBOSE_TRT_PREFIXES
    for head, handler in _WARM_BY_HEAD.items()
}
"""The other fast handlers (ONNX import, optimizer passes), tried after the set-tactic needle."""
_BARE_BY_WORD, _BARE_BY_CHAR, _BARE_OTHER = index_rules(BARE_RULES)
_TENSORRT_BARE_RULES = frozenset({"banner", "engine-layer", "dump-layer"})
"""Bare rules whose match alone shows the file is a TensorRT log."""
_APPLICATION_OUTPUT = f"{APPLICATION}-output"
"""The bare rule that takes any other unprefixed line as the application's own output."""
_UNPREFIXED_MODES = frozenset({Mode.ENGINE_LAYERS, Mode.LAYER_DUMP, Mode.DUMP_BINDINGS})
"""Blocks made of unprefixed lines: a prefixed line ends them."""

RECOGNISED = 1
APPLICATION_LINE = 2
UNRECOGNISED = 0

_SOURCE_LOCATION = re.compile(r"[\w.-]+\.[ch]pp:\d+: (?=\S)")
"""TensorRT 7's ONNX parser starts its messages with where they come from
(``ModelImporter.cpp:103: Parsing node: conv1 [Conv]``); the rules read what follows."""


def _key_value(message: str) -> tuple[str, str] | None:
    """Split an option line on its first ``": "`` (or a bare ``":"``); ``None`` if it has neither.

    ``Memory Pools: workspace: default`` → ``("Memory Pools", "workspace: default")``,
    ``Plugins:`` → ``("Plugins", "")``, ``Dump refittable layers:Disabled`` →
    ``("Dump refittable layers", "Disabled")``; a file of ``--loadInputs`` or
    ``--loadRefOutputs`` listed under ``Inputs:``/``RefOutputs:``, ``x<-x.bin`` → ``("x",
    "x.bin")`` (the file name may hold colons).
    """
    name, arrow, file = message.partition("<-")
    if arrow and name.strip() and ":" not in name:
        return name.strip(), file.strip()
    key, separator, value = message.partition(": ")
    if not separator:
        key, separator, value = message.partition(":")
    key = key.strip()
    if not separator or not key:
        return None
    return key, value.strip()


Candidate = tuple[tuple[str, ...], Callable[..., "re.Match[str] | None"], Handler, Rule]
"""A rule unpacked for dispatch: prefixes, the regex's ``match``, the handler, the rule."""


def _unpacked(
    index: tuple[dict[str, tuple[Rule, ...]], dict[str, tuple[Rule, ...]], tuple[Rule, ...]],
) -> tuple[dict[str, tuple[Candidate, ...]], dict[str, tuple[Candidate, ...]], tuple[Rule, ...]]:
    """The word and character indexes with each rule unpacked (no attribute look-ups per line)."""
    by_word, by_char, needles = index
    return (
        {
            key: tuple((r.prefix, r.pattern.match, r.handler, r) for r in rules)
            for key, rules in by_word.items()
        },
        {
            key: tuple((r.prefix, r.pattern.match, r.handler, r) for r in rules)
            for key, rules in by_char.items()
        },
        needles,
    )


_MESSAGE_INDEX = _unpacked((_MESSAGE_BY_WORD, _MESSAGE_BY_CHAR, _MESSAGE_NEEDLES))
_BARE_INDEX = _unpacked((_BARE_BY_WORD, _BARE_BY_CHAR, _BARE_OTHER))


def _dispatch(
    state: LogState,
    text: str,
    line: int,
    index: tuple[
        dict[str, tuple[Candidate, ...]], dict[str, tuple[Candidate, ...]], tuple[Rule, ...]
    ],
) -> Rule | None:
    """Try the rules that can match ``text`` (by first word, first character, needle)."""
    by_word, by_char, needles = index
    space = text.find(" ")
    candidates = by_word.get(text[:space] if space >= 0 else text)
    if candidates is not None:
        for prefix, match_at, handler, rule in candidates:
            if text.startswith(prefix):
                match = match_at(text)
                if match is not None and handler(state, match, line):
                    return rule
    candidates = by_char.get(text[:1])
    if candidates is not None:
        for prefix, match_at, handler, rule in candidates:
            if text.startswith(prefix):
                match = match_at(text)
                if match is not None and handler(state, match, line):
                    return rule
    return _needle_rule(state, text, line, needles)


def _needle_rule(state: LogState, text: str, line: int, needles: tuple[Rule, ...]) -> Rule | None:
    """The first needle rule (in table order) whose regex matches where its needle occurs and
    whose handler takes the line."""
    for rule in needles:
        if rule.needle:
            position = text.find(rule.needle)
            if position < 0:
                continue
            match = rule.pattern.match(text, position)
        else:
            match = rule.pattern.match(text)
        if match is not None and rule.handler(state, match, line):
            return rule
    return None


def _block_line(state: LogState, message: str, line: int) -> bool:
    """Try the rules of the block the parser is in; leave the block if none understands."""
    for rule in MODE_RULES[state.mode]:
        match = rule.pattern.match(message)
        if match is not None and rule.handler(state, match, line):
            return True
    if state.mode is Mode.PERF7:
        state.current.close_perf7()
    state.mode = Mode.NONE
    return False


def _message(state: LogState, severity: str, from_trt: bool, message: str, line: int) -> bool:
    """Handle a line with a logger prefix; True if it was understood."""
    mode = state.mode
    if mode is not Mode.NONE:
        build = state.current
        if mode is Mode.OPTIONS:
            if severity == "I" and not from_trt and not message.startswith("=== "):
                item = _key_value(message)
                if item is not None and build.section is not None:
                    build.section.items.append(item)
                    return True
            build.close_section()
            state.mode = Mode.NONE
        elif mode in MODE_RULES:
            if severity not in ("W", "E", "F") and _block_line(state, message, line):
                return True
        else:
            state.mode = Mode.NONE
    if severity in ("W", "E", "F"):
        read_message(state, severity, message, line)
        return True
    if not message or message.isspace():
        return True
    if state.current.ends.status:
        # A TensorRT line after the run's "&&&& PASSED/FAILED" trailer: another run, whose
        # banner the log does not have (its warnings and errors stay with the run before:
        # a process logs some while it exits).
        state.start_build(line, same_process=False)
    if ".cpp:" in message or ".hpp:" in message:
        located = _SOURCE_LOCATION.match(message)
        if located is not None:
            message = message[located.end() :]
    return _dispatch(state, message, line, _MESSAGE_INDEX) is not None


def _bare(state: LogState, text: str, line: int) -> int:
    """Handle a line without a logger prefix: recognised, application output or unrecognised."""
    if not text or text.isspace():
        return RECOGNISED
    if not state.first_text:
        state.first_text = text.lstrip()
    if not state.saw_prefix and state.mode in _NAME_LIST_MODES and _is_message(text):
        # In a log without prefixes, a list of bare names (layers, bindings) ends at the first
        # line that is one of TensorRT's messages.
        state.mode = Mode.NONE
    rule = _dispatch(state, text, line, _BARE_INDEX)
    if (
        (rule is None or rule.name == _APPLICATION_OUTPUT)
        and not state.saw_prefix
        and _message(state, "V", True, text, line)
    ):
        # No logger prefix anywhere so far: a logger that prints TensorRT's messages bare
        # (``print(msg)``). The line is what the message rules make of it, as a verbose one.
        state.bare_messages += 1
        return RECOGNISED
    if rule is None:
        return UNRECOGNISED
    if rule.name.startswith(APPLICATION):
        return APPLICATION_LINE
    if rule.name in _TENSORRT_BARE_RULES:
        state.saw_tensorrt = True
        # trtexec and the samples print banners, and their loggers prefix every message.
        state.saw_prefix = state.saw_prefix or rule.name == "banner"
    return RECOGNISED


_NAME_LIST_MODES = frozenset({Mode.LAYER_DUMP, Mode.DUMP_BINDINGS})
"""Blocks of bare names, which would take any line as a name."""


def _is_message(text: str) -> bool:
    """Whether a message rule with a prefix matches ``text`` (its handler is not called)."""
    by_word, by_char, _ = _MESSAGE_INDEX
    space = text.find(" ")
    for candidates in (by_word.get(text[:space] if space >= 0 else text), by_char.get(text[:1])):
        for prefix, match_at, _handler, _rule in candidates or ():
            if text.startswith(prefix) and match_at(text) is not None:
                return True
    return False


def _first_block_prefixes(block: str) -> tuple[bool, bool]:
    """Whether any line of the log's first block has a logger prefix or is a ``&&&&`` banner,
    and whether any has a prefix with a timestamp.

    With neither prefix nor banner, the log comes from a logger that prints TensorRT's
    messages bare: its unprefixed lines are read through the message rules (decided once, for
    the whole log, so that a script's own output before the first prefixed line is never read
    as a message). With timestamps, an untimestamped line with a spelled-out level and no
    TensorRT tag (``[WARNING] Video1 - app.py:L646 - queue full``) is another logger's.
    """
    prefixed = timestamped = False
    for text in block.split("\n"):
        if text.startswith("&&&& "):
            prefixed = True
            continue
        parsed = split_prefix(text)
        if parsed is None and text[:1] in (" ", "\t"):
            parsed = _indented_line(text)
        if parsed is not None:
            prefixed = True
            if parsed.timestamp:
                timestamped = True
                break
    return prefixed, timestamped


def _other_loggers_line(state: LogState, text: str, from_trt: bool, timestamp: str) -> bool:
    """``[WARNING] msg`` or ``[INFO] msg`` (a spelled-out level, no TensorRT tag, no time) in a
    log whose TensorRT lines carry a time: the application's own logger, not TensorRT's."""
    return (
        state.timestamped
        and not from_trt
        and not timestamp
        and text.startswith("[")
        and text.find("]") > 2
    )


def _bare_log_has_a_build(state: LogState) -> bool:
    """Whether the messages read without a prefix add up to TensorRT's: an ONNX import, a
    layer-count funnel, autotuning or engine layers (a stray ``Removing ...`` in a text file
    that is no log does not)."""
    build = state.current
    return bool(
        state.builds or build.stages or build.onnx_nodes or build.tuning or build.engine_layers
    )


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


_BATCH_LINES = 4096
"""Lines joined into one block when the input is a plain iterable of lines."""


def _blocks(lines: Iterable[str]) -> Iterator[str]:
    """The input as blocks of ``"\\n"``-terminated lines.

    A :class:`~trtreport.textio.TextLines` gives its blocks directly; any other iterable is
    joined in batches (a line holding a ``"\\n"`` of its own has it replaced by a space, so
    that numbering stays one line per item).
    """
    if isinstance(lines, TextLines):
        yield from lines.blocks()
        return
    iterator = iter(lines)
    while True:
        batch = list(islice(iterator, _BATCH_LINES))
        if not batch:
            return
        block = "\n".join(batch)
        if block.count("\n") != len(batch) - 1:
            block = "\n".join(text.replace("\n", " ") for text in batch)
        yield block + "\n"


FAST_PATHS = frozenset({"hot", "warm", "needles", "bulk-autotuning"})
"""The parser's fast paths, each of which changes speed, never results (tests check that the
model is the same with any of them off):

* ``hot``: the fast handlers of the autotuning rules, selected by ``text[20:40]``, and the
  ``set-tactic`` needle's fast handler;
* ``warm``: the fast handlers of the frequent ONNX import and optimizer rules;
* ``needles``: a verbose line that only a needle rule can take is tried on the needle rules
  directly (:func:`_needle_message`), not through the whole dispatch;
* ``bulk-autotuning``: after a ``Timing Runner`` line, the autotuning lines that follow are read
  by :func:`~.autotune.read_autotuning` (tactic runs checked and skipped in bulk).
"""


class LineCounts:
    """Per-kind line counters of one parse (pass one to :func:`parse_build_log` to read them)."""

    __slots__ = ("application", "bulk", "fast", "recognised")

    def __init__(self) -> None:
        self.recognised = 0
        """Lines recognised as TensorRT's."""
        self.application = 0
        """Lines of the application's own output."""
        self.fast = 0
        """Lines settled by a fast path (including those read in bulk)."""
        self.bulk = 0
        """Lines read by the bulk autotuning reader."""


_NO_FAST_HANDLERS: dict[str, FastHandler] = {}


def _fast_paths_of(fast_paths: bool | Collection[str]) -> frozenset[str]:
    """The set of fast paths to use: all of :data:`FAST_PATHS` for ``True``, none for ``False``."""
    if fast_paths is True:
        return FAST_PATHS
    if fast_paths is False:
        return frozenset()
    chosen = frozenset(fast_paths)
    unknown = chosen - FAST_PATHS
    if unknown:
        raise ValueError(f"unknown fast paths: {', '.join(sorted(unknown))}")
    return chosen


def _parse_block(
    state: LogState, block: str, line: int, counts: LineCounts, paths: frozenset[str]
) -> int:
    """Parse one block of lines numbered from ``line + 1``; return the last line's number.

    Lines are cut out of the block one at a time by offset (no list of all its lines), so that
    a run of tactic lines skipped in bulk never becomes strings.
    """
    find = block.find
    size = len(block)
    hot_get = (_HOT_BY_KEY if "hot" in paths else _NO_FAST_HANDLERS).get
    warm_get = (_WARM_BY_KEY if "warm" in paths else _NO_FAST_HANDLERS).get
    hot_needle, hot_needle_handler = _HOT_NEEDLES[0]
    if "hot" not in paths:
        hot_needle = "\n"  # never in a line cut out of a block
    needles_direct = "needles" in paths
    bulk = "bulk-autotuning" in paths
    bulk_read = 0
    none = Mode.NONE
    time_end = TIME_END
    message_at = MESSAGE_AT
    key_end = _KEY_END
    recognised = 0
    hot_hits = 0
    position = 0
    while position < size:
        end = find("\n", position)
        text = block[position:end]
        line += 1
        position = end + 1
        # The hot path, inlined: a verbose TensorRT line (trtexec's or the Python logger's
        # prefix) outside any block, settled by the fast handler of an autotuning rule. One
        # slice of the raw line selects both prefix and rule; anything the fast handler does
        # not accept takes the general path below.
        key = text[time_end:key_end]
        hot = hot_get(key)
        if hot is not None:
            if state.mode is none and hot(state, text, message_at, line):
                recognised += 1
                hot_hits += 1
            elif _line(state, text, line, counts):
                recognised += 1
        elif (
            hot_needle in text
            and text.startswith(_VERBOSE_TRT_PREFIXES, time_end)
            and state.mode is none
            and hot_needle_handler(state, text, message_at, line)
        ):
            recognised += 1
            hot_hits += 1
            continue
        else:
            # The frequent lines of the ONNX import and the optimizer. Their fast handlers are
            # tried only where the set-tactic needle is absent, so that the needle's fast path
            # settles the same lines as before they existed.
            warm = warm_get(key)
            if warm is not None and state.mode is none and warm(state, text, message_at, line):
                recognised += 1
                hot_hits += 1
                continue
            if (
                needles_direct
                and state.mode is none
                and text[3:4] == "/"
                and text[time_end:message_at] in _VERBOSE_TRT_PREFIXES
            ):
                understood = _needle_message(state, text, line)
                if understood is not None:
                    hot_hits += 1
                    if understood:
                        recognised += 1
                    else:
                        state.unrecognised(text, line)
                    continue
            if _line(state, text, line, counts):
                recognised += 1
        if state.current.runner_started and state.mode is none:
            # Just after a "Timing Runner" line: read on through the autotuning lines that
            # follow (tactic runs skipped at C speed), up to a line of another kind.
            state.current.runner_started = False
            if bulk:
                position, read = read_autotuning(state, block, position, line)
                line += read
                recognised += read
                hot_hits += read
                bulk_read += read
    counts.recognised += recognised
    counts.bulk += bulk_read
    if hot_hits:
        counts.fast += hot_hits
        state.saw_tensorrt = True
        state.saw_prefix = True
        state.first_text = state.first_text or "["
    return line


_WORDS_WITH_RULES = frozenset(_MESSAGE_INDEX[0])
_CHARS_WITH_RULES = frozenset(_MESSAGE_INDEX[1])


def _needle_message(state: LogState, text: str, line: int) -> bool | None:
    """A verbose TensorRT line (trtexec's or the Python logger's prefix, outside any block)
    whose message no rule takes by its first word or character: only the needle rules can
    match (``NODE [Op] inputs: [...]``, ``Pass: Fusing A with B``), so they are tried
    directly, as :func:`_dispatch` would after its other steps. ``None`` for any other line
    (the general path reads it)."""
    message = text[MESSAGE_AT:]
    space = message.find(" ")
    word = message[:space] if space >= 0 else message
    if (
        state.current.ends.status  # after a run's trailer: the general path starts the next run
        or word in _WORDS_WITH_RULES
        or message[:1] in _CHARS_WITH_RULES
        or ".cpp:" in word  # a source location first: the general path strips it
        or ".hpp:" in word
        or not message
        or message.isspace()
    ):
        return None
    # The ONNX importer's node I/O lines, two per node, are the first needle rule's: settled
    # here without its regex.
    io_at = message.find("puts: ")
    if io_at > 0 and onnx_node_io_fast(state, message, io_at, line):
        return True
    return _needle_rule(state, message, line, _MESSAGE_NEEDLES) is not None


def _indented_line(text: str) -> LogLine | None:
    """A logger's line indented as a whole (a log pasted into a document or a code block):
    its prefix behind the blanks, if it has a time or TensorRT's tag (so that an indented
    continuation of another line never reads as one)."""
    parsed = split_prefix(text.lstrip(" \t"))
    if parsed is None or not (parsed.timestamp or parsed.from_trt):
        return None
    return parsed


def _line(state: LogState, text: str, line: int, counts: LineCounts) -> bool:
    """Parse one line by the general path; True if it was recognised as TensorRT's."""
    dated = text[3:4] == "/"  # MM/DD/YYYY: trtexec's or the Python logger's timestamp
    tags = _FAST_TAGS.get(text[TIME_END:MESSAGE_AT]) if dated else None
    short = _FAST_SHORT.get(text[TIME_END:_SHORT_END]) if dated and tags is None else None
    if tags is not None:
        understood = _message(state, tags[0], tags[1], text[MESSAGE_AT:], line)
    elif short is not None:
        understood = _message(state, short, False, text[_SHORT_END:], line)
    else:
        parsed = split_prefix(text)
        if parsed is None and text[:1] in (" ", "\t"):
            parsed = _indented_line(text)
        if parsed is None:
            if state.current.continue_error(text, line):
                return True
            kind = _bare(state, text, line)
            if kind == APPLICATION_LINE:
                counts.application += 1
            elif kind == UNRECOGNISED:
                state.unrecognised(text, line)
            return kind == RECOGNISED
        if _other_loggers_line(state, text, parsed.from_trt, parsed.timestamp):
            counts.application += 1
            return False
        if state.mode in _UNPREFIXED_MODES:
            state.mode = Mode.NONE
        understood = _message(state, parsed.severity, parsed.from_trt, parsed.message, line)
    build = state.current
    if build.layer_info_line and build.layer_info_line != line:
        build.layer_info_line = 0  # a prefixed line other than a layer closes the layer list
    if not state.first_text:
        state.first_text = text
    state.saw_tensorrt = True
    state.saw_prefix = True
    if not understood:
        state.unrecognised(text, line)
    return understood


def parse_build_log(
    lines: Iterable[str],
    source: str,
    *,
    fast_paths: bool | Collection[str] = True,
    counts: LineCounts | None = None,
    shown_only: bool = False,
) -> BuildLog:
    """Parse a TensorRT build log, given as decoded lines without terminators, in one pass.

    ``lines`` is any iterable of lines; a :class:`~trtreport.textio.TextLines` (what
    :func:`~trtreport.textio.open_text_lines` returns) is read by blocks, which is faster.
    Raises :class:`~trtreport.errors.InputError` if the input is empty or holds no TensorRT
    content at all. Lines no rule understands are counted in :class:`~trtreport.model.ParseStats`.

    ``fast_paths`` switches the parser's fast paths (:data:`FAST_PATHS`): ``True`` all of them
    (the default), ``False`` none (every line through the rules' regexes), or the names of those
    to use. The model is the same either way; only the speed differs. ``counts``, if given, is
    filled with the parse's line counters.

    ``shown_only``: keep the details of the one build a report shows (the last with engine
    layers, else the last; see :func:`trtreport.join.build_report`) and, of every other, only
    what the report says of it (its place, how it ended, its calibration batches): memory then
    grows with the builds' count, not their size (a log of thousands of builds).
    """
    paths = _fast_paths_of(fast_paths)
    state = LogState(source, shown_only=shown_only)
    tally = LineCounts()
    line = 0
    outer: re.Pattern[str] | None = None
    wrapped = False  # decided from the first block: an outer prefix or terminal colors
    for block in _blocks(lines):
        if not line:
            outer = outer_prefix(block)
            wrapped = outer is not None or "\x1b[" in block
        if wrapped:
            block = without_outer_prefix(block, outer)
        if not line:
            state.saw_prefix, state.timestamped = _first_block_prefixes(block)
        line = _parse_block(state, block, line, tally, paths)
    state.lines_read = line
    state.lines_recognised = tally.recognised
    state.application_lines = tally.application
    if counts is not None:
        for name in LineCounts.__slots__:
            setattr(counts, name, getattr(tally, name))
    if not state.first_text:
        raise InputError(source, "empty file: no log lines to read")
    if not state.saw_tensorrt and state.bare_messages and _bare_log_has_a_build(state):
        state.saw_tensorrt = True
    if not state.saw_tensorrt:
        raise _not_a_log(state)
    builds = state.finish()
    stats = ParseStats(
        lines_read=state.lines_read,
        lines_recognised=state.lines_recognised,
        unrecognised_count=state.unrecognised_count,
        unrecognised_samples=tuple(state.unrecognised_samples),
        application_lines=state.application_lines,
    )
    return BuildLog(source=source, builds=builds, stats=stats)
