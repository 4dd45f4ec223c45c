"""Runs of tactic lines, read at C speed.

After ``--------------- Timing Runner: LAYER (RUNNER)`` TensorRT logs one to three lines per
tactic it times, and these lines are most of a large log::

    [08/20/2024-19:39:20] [V] [TRT] conv1 + relu1 Set Tactic Name: sm80_xmma_fprop_... Tactic: 0x1a
    [08/20/2024-19:39:20] [V] [TRT] Tactic: 0x1a Time: 0.128124
    [08/20/2024-19:31:49] [V] [TRT] Tactic Name: kIMMA_V2_TILE_16x120                   (8.5)
    [04/25/2026-00:54:26] [V] [TRT] Tactic Name: ampere_scudnn_128x64 Tactic: 0xf6 Time: 0.0077 (10)

until the runner's ``Fastest Tactic: T Time: X`` line. :func:`scan_tactic_run` takes the text
from just after the runner line up to the next ``Fastest Tactic`` line and checks, with
``str.count`` only, that every line in it holds the markers of one of the four shapes above
(the marker counts must add up to the line count); if so the parser counts the run's timed
tactics and skips its lines without looking at them one by one. If any line may be of another
kind, the run is read line by line through the rule table as usual.

:func:`kernel_in_run` later finds the kernel name of the runner's fastest tactic in the
skipped text.
"""

from __future__ import annotations

from typing import NamedTuple

_PREFIXES = ("] [V] [TRT] ", "] [TRT] [V] ")
_FASTEST = " Fastest Tactic: "
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
    if block.count(" Tactic: ", start, end) == lines:
        timed = block.count(" Time: ", start, end)
        if timed == lines or timed + block.count(" Set Tactic Name: ", start, end) == lines:
            return TacticRun(end, lines, timed)
    prefix_at = block.find("] [", start, first_end)
    prefix = block[prefix_at : prefix_at + 12]
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
    timing = block.count(prefix + "Tactic: ", start, end)  # Tactic: T Time: X
    named = block.count(prefix + "Tactic Name: ", start, end)  # Tactic Name: K [Tactic: T Time: X]
    set_name = block.count(" Set Tactic Name: ", start, end)  # LAYER Set Tactic Name: K Tactic: T
    timed = block.count(" Time: ", start, end)
    if timing + named + set_name != lines or timed < timing or timed > timing + named:
        return None
    # Each "Set Tactic Name" line names its tactic, and so does each timed "Tactic Name" line.
    if block.count(" Tactic: ", start, end) != timing + set_name + (timed - timing):
        return None
    return TacticRun(end, lines, timed)


def kernel_in_run(block: str, start: int, end: int, tactic: str, *, all_timed: bool = False) -> str:
    """The kernel name logged for ``tactic`` in ``block[start:end]``, or ``""``.

    ``start`` must be the start of a line: only the run's own lines are looked at, never the
    text before it in the block (other runners' lines). ``all_timed`` says every line of the
    run reports a time: then only TensorRT 10's one-line ``Tactic Name: K Tactic: T Time: X``
    can name a kernel (no ``Set Tactic Name`` line, no lone ``Tactic Name`` line), and the
    searches for the other shapes, which would read the whole run in vain, are skipped.
    """
    # LAYER Set Tactic Name: K Tactic: T
    at = -1 if all_timed else block.rfind(f" Tactic: {tactic}\n", start, end)
    if at >= 0:
        # rfind gives -1 on the run's first line: that line starts at ``start``, not at 0.
        line_start = block.rfind("\n", start, at) + 1 or start
        head = block[line_start:at]
        name_at = head.rfind(" Set Tactic Name: ")
        if name_at >= 0:
            return head[name_at + len(" Set Tactic Name: ") :]
    # Tactic Name: K Tactic: T Time: X (TensorRT 10), or Tactic Name: K / Tactic: T Time: X
    at = block.rfind(f" Tactic: {tactic} Time: ", start, end)
    if at < 0:
        return ""
    line_start = block.rfind("\n", start, at) + 1 or start
    head = block[line_start:at]
    name_at = head.rfind("] Tactic Name: ")
    if name_at >= 0:
        return head[name_at + len("] Tactic Name: ") :].split(" ", 1)[0]
    if line_start <= start or all_timed:
        return ""
    # The line before, inside the run: ``Tactic Name: K`` alone, or ``Set Tactic Name: K
    # Tactic: T numSplitK: ...`` naming the same tactic.
    previous = block.rfind("\n", start, line_start - 1) + 1 or start
    head = block[previous : line_start - 1]
    name_at = head.rfind("] Tactic Name: ")
    if name_at >= 0:
        kernel, _, rest = head[name_at + len("] Tactic Name: ") :].partition(" ")
        return "" if rest.strip() else kernel
    name_at = head.rfind(" Set Tactic Name: ")
    if name_at >= 0:
        kernel, _, rest = head[name_at + len(" Set Tactic Name: ") :].partition(" ")
        if rest == f"Tactic: {tactic}" or rest.startswith(f"Tactic: {tactic} "):
            return kernel
    return ""
