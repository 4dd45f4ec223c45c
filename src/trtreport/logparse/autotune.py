"""The autotuning section read a format combination at a time, without the per-line dispatch.

Most of a large verbose log is autotuning, in a fixed rhythm (messages shown without their
logger prefix)::

    *************** Autotuning format combination: Int8(...) -> Int8(...) ***************
    --------------- Timing Runner: LAYER (CaskFlattenConvolution)
    CaskFlattenConvolution has no valid tactics for this config, skipping
    --------------- Timing Runner: LAYER (CaskConvolution)
    ... tactic lines (skipped in bulk by :func:`~.tactics.scan_tactic_run`) ...
    Fastest Tactic: 0x... Time: 0.0287
    [15 x '>'] Chose Runner Type: CaskConvolution Tactic: 0x...
    =============== Computing costs for LAYER

Once the parser has read a ``Timing Runner`` line, :func:`read_autotuning` goes on from the
next line through every following line of these shapes (each with trtexec's or the Python
logger's verbose prefix), matching each line in place with one compiled pattern instead of
slicing it out and looking its rule up. It stops at the first line of any other shape, which
the parser then reads as usual. What it records is what the autotuning rules of :mod:`.rules`
record for the same lines: ``tests/test_logparse_corpus.py`` and ``tests/test_synthlog.py``
parse logs with it on and off and compare.
"""

from __future__ import annotations

import re

from trtreport.logparse.rules import (
    NO_TACTICS_REASON,
    record_choice,
    record_fastest,
    start_runner,
)
from trtreport.logparse.state import LogState
from trtreport.logparse.tactics import scan_tactic_run
from trtreport.model import LineSample

_LINE = re.compile(
    r"[^\n]{20}\] \[(?:V\] \[TRT|TRT\] \[V)\] (?:"
    r"Fastest Tactic: (?P<fastest>\S+) Time: (?P<time>\S+)[^\S\n]*"
    r"|--------------- Timing Runner: (?P<layer>[^\n]+) \([^()\n]+\)[^\S\n]*"
    r"|>>>>>>>>>>>>>>> Chose Runner Type: (?P<runner>\S+) Tactic: (?P<chosen>\S+)[^\n]*"
    r"|\*{15} Autotuning (?:format combination|Reformat):[^\n]*\*(?P<header>)[^\S\n]*"
    r"|=============== Computing (?:reformatting )?costs[^\n]*"
    r")\n"
)
"""One autotuning line of the rhythm above: each alternative is the regex of its rule in
:mod:`.rules` (``fastest-tactic``, ``timing-runner``, ``chose-runner``, ``autotuning-header``,
``computing-costs``) after the rule's prefix, with ``\\s*\\Z`` read as blanks to the line's
end."""
_NO_TACTICS = re.compile(
    r"[^\n]{20}\] \[(?:V\] \[TRT|TRT\] \[V)\] \S+ has no valid tactics for this config, "
    r"skipping[^\S\n]*\n"
)
"""The line that may follow a ``Timing Runner`` line instead of its tactics (with a one-word
runner; other subjects are left to the ``runner-no-tactics`` rule)."""


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
            start_runner(state, match.group("layer"), line + read + 1)
            build.runner_started = False
            after_runner = True
        elif kind == "chosen":
            record_choice(state, match.group("runner"), match.group("chosen"))
        elif kind == "header":
            build.new_combination = True
            text = block[position : match.start("header")]
            build.last_combination = LineSample(
                line + read + 1, text[text.find("Autotuning ") :].strip(" *")
            )
        read += 1
        position = match.end()
    return position, read
