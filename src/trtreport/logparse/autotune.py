"""The autotuning section read a format combination at a time, without the per-line dispatch.

Most of a large verbose log is autotuning, in a fixed rhythm (messages shown without their
logger prefix)::

    *************** Autotuning format combination: Int8(...) -> Int8(...) ***************
    --------------- Timing Runner: LAYER (CaskFlattenConvolution)
    CaskFlattenConvolution has no valid tactics for this config, skipping
    --------------- Timing Runner: LAYER (CaskConvolution)
    ... tactic lines (skipped in bulk by :func:`scan_tactic_run`) ...
    Fastest Tactic: 0x... Time: 0.0287
    [15 x '>'] Chose Runner Type: CaskConvolution Tactic: 0x...
    =============== Computing costs for LAYER

Once the parser has read a ``Timing Runner`` line, :func:`read_autotuning` goes on from the
next line through every following line of these shapes (each with trtexec's or the Python
logger's verbose prefix), matching each line in place with one compiled pattern instead of
slicing it out and looking its rule up. It stops at the first line of any other shape, which
the parser then reads as usual. What it records is what the autotuning rules of :mod:`.rules`
record for the same lines, through the same functions of :mod:`.rules.autotuning` (the
patterns are assembled from the rules' own, :attr:`~.rules.base.Rule.bulk`):
``tests/test_logparse_corpus.py`` and ``tests/test_synthlog.py`` parse logs with it on and off
(``fast_paths``) and compare.

Runs of tactic lines (most of a large log) are not matched line by line: after a runner line
:func:`scan_tactic_run` checks with ``str.count`` only that every line up to the runner's
``Fastest Tactic`` line holds the markers of a tactic line (``Tactic: T Time: X``, ``LAYER Set
Tactic Name: K Tactic: T``, ``Tactic Name: K``, TensorRT 10's ``Tactic Name: K Tactic: T Time:
X``; the marker counts must add up to the line count) and skips them; if any line may be of
another kind, the run is read line by line through the rule table as usual.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from trtreport.logparse.prefix import TIME_END, VERBOSE_TRT_TAGS
from trtreport.logparse.rules.autotuning import (
    AUTOTUNING_HEADER,
    CHOSE_RUNNER,
    COMPUTING_COSTS,
    FASTEST_PREFIX,
    FASTEST_TACTIC,
    NO_TACTICS_REASON,
    RUNNER_NO_TACTICS,
    SET_TACTIC_NEEDLE,
    TACTIC_NAME_PREFIX,
    TACTIC_PREFIX,
    TIME_MARKER,
    TIMING_RUNNER,
    record_choice,
    record_combination,
    record_fastest,
    start_runner,
)
from trtreport.logparse.rules.base import bulk_alternative
from trtreport.logparse.state import LogState

_VERBOSE = rf"[^\n]{{{TIME_END}}}(?:{'|'.join(re.escape(tags) for tags in VERBOSE_TRT_TAGS)})"
"""The verbose prefix of trtexec's and the Python logger's lines, from the end of the timestamp."""

_BULK_RULES = (FASTEST_TACTIC, TIMING_RUNNER, CHOSE_RUNNER, AUTOTUNING_HEADER, COMPUTING_COSTS)
"""The rules of the autotuning rhythm above, tried in this order by :data:`_LINE`."""

_LINE = re.compile(
    _VERBOSE + "(?:" + "|".join(bulk_alternative(rule) for rule in _BULK_RULES) + ")\n"
)
"""One autotuning line of the rhythm above: each alternative is its rule's prefix and
:attr:`~.rules.base.Rule.bulk` pattern (:data:`_BULK_RULES`). The group that matched last
names the rule (``time``: ``fastest-tactic``, ``layer``: ``timing-runner``, ``chosen``:
``chose-runner``, ``header``: ``autotuning-header``, none: ``computing-costs``)."""
_NO_TACTICS = re.compile(_VERBOSE + bulk_alternative(RUNNER_NO_TACTICS) + "\n")
"""The line that may follow a ``Timing Runner`` line instead of its tactics (with a one-word
runner; other subjects are left to the ``runner-no-tactics`` rule)."""


_PREFIXES = VERBOSE_TRT_TAGS
_TACTIC = " " + TACTIC_PREFIX
"""A tactic named on a line (``Tactic: T``, after the prefix or a kernel's name)."""
_FASTEST = " " + FASTEST_PREFIX
"""Where a run of tactic lines ends: the runner's ``Fastest Tactic`` line, after its prefix."""
_WINDOW = 1 << 18
"""A run longer than this many characters is read line by line (bounds the search)."""


class TacticRun(NamedTuple):
    """A run of tactic lines found by :func:`scan_tactic_run`."""

    end: int
    """Position just after the run's last line (the start of the ``Fastest Tactic`` line)."""
    lines: int
    timed: int
    """Lines that report a tactic's time (``... Time: X``)."""


def scan_tactic_run(block: str, start: int) -> TacticRun | None:
    """The run of tactic lines starting at ``block[start]``, or ``None`` if it has none or any
    line in it may be of another shape (then the caller reads the lines one by one).

    Three or four ``str.count`` passes settle the common runs: every line holds one
    `` Tactic: `` and either a `` Time: `` or a `` Set Tactic Name: `` (TensorRT 8.5+'s
    name-then-time pairs, TensorRT 10's one-line tactics, Reformat runners). These are markers,
    not the lines' full shapes: a line that holds them in another order is taken too (no
    TensorRT version prints one). A run with other lines (a lone ``Tactic Name: K``, a skipped
    tactic) takes :func:`_checked_run`'s finer count.
    """
    first_end = block.find("\n", start)
    if first_end < 0 or block.find(" Tactic", start, first_end) < 0:
        return None
    fastest = block.find(_FASTEST, start, start + _WINDOW)
    if fastest < 0:
        return None
    end = block.rfind("\n", start, fastest) + 1
    if end <= start:
        return None
    lines = block.count("\n", start, end)
    if block.count(_TACTIC, start, end) == lines:
        timed = block.count(TIME_MARKER, start, end)
        if timed == lines or timed + block.count(SET_TACTIC_NEEDLE, start, end) == lines:
            return TacticRun(end, lines, timed)
    prefix_at = block.find("] [", start, first_end)
    prefix = block[prefix_at : prefix_at + len(_PREFIXES[0])]
    if prefix not in _PREFIXES:
        return None
    return _checked_run(block, start, end, lines, prefix)


def _checked_run(block: str, start: int, end: int, lines: int, prefix: str) -> TacticRun | None:
    """The finer check of a run with lines that are not timed: each line must be
    ``Tactic: T Time: X``, ``Tactic Name: K``, ``Tactic Name: K Tactic: T Time: X`` or
    ``LAYER Set Tactic Name: K Tactic: T``, each with the verbose prefix; a skipped tactic (its
    reason is counted) or anything else sends the run line by line."""
    if (
        block.count(prefix, start, end) != lines
        or block.find(" skipped", start, end) >= 0
        or block.find(" is the only option", start, end) >= 0
    ):
        return None
    timing = block.count(prefix + TACTIC_PREFIX, start, end)  # Tactic: T Time: X
    named = block.count(prefix + TACTIC_NAME_PREFIX, start, end)  # Tactic Name: K [Tactic: T ..]
    set_name = block.count(SET_TACTIC_NEEDLE, start, end)  # LAYER Set Tactic Name: K Tactic: T
    timed = block.count(TIME_MARKER, start, end)
    if timing + named + set_name != lines or timed < timing or timed > timing + named:
        return None
    # Each "Set Tactic Name" line names its tactic, and so does each timed "Tactic Name" line.
    if block.count(_TACTIC, start, end) != timing + set_name + (timed - timing):
        return None
    return TacticRun(end, lines, timed)


def read_autotuning(state: LogState, block: str, position: int, line: int) -> tuple[int, int]:
    """Read the autotuning lines from ``block[position]`` on, just after a ``Timing Runner``
    line numbered ``line``; return the position after the last line read and the number of
    lines read."""
    build = state.current
    size = len(block)
    match_line = _LINE.match
    read = 0
    after_runner = True  # the runner's tactic lines, or its "no valid tactics" line, come next
    while position < size:
        if after_runner:
            after_runner = False
            run = scan_tactic_run(block, position)
            if run is not None:
                if build.runner is not None:
                    build.runner.tactics_timed += run.timed
                build.run_text = block
                build.run_span = (position, run.end)
                build.run_all_timed = run.timed == run.lines
                read += run.lines
                position = run.end
                continue
            no_tactics = _NO_TACTICS.match(block, position)
            if no_tactics is not None:
                if build.runner is not None:
                    build.runner.skip(NO_TACTICS_REASON)
                read += 1
                position = no_tactics.end()
                continue
        match = match_line(block, position)
        if match is None:
            break
        kind = match.lastgroup
        if kind == "time":
            record_fastest(state, match.group("fastest"), match.group("time"))
        elif kind == "layer":
            start_runner(state, match.group("layer"), line + read + 1, block, match.end("layer"))
            build.runner_started = False
            after_runner = True
        elif kind == "chosen":
            record_choice(state, match.group("runner"), match.group("chosen"))
        elif kind == "header":
            text = block[position : match.start("header")]
            record_combination(state, text[text.find("Autotuning ") :], line + read + 1)
        read += 1
        position = match.end()
    return position, read
