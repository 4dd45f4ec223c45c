"""The kernel of a runner's fastest tactic, found in the text of its run of tactic lines.

After ``--------------- Timing Runner: LAYER (RUNNER)`` TensorRT logs one to three lines per
tactic it times, and these lines are most of a large log::

    [08/20/2024-19:39:20] [V] [TRT] conv1 + relu1 Set Tactic Name: sm80_xmma_fprop_... Tactic: 0x1a
    [08/20/2024-19:39:20] [V] [TRT] Tactic: 0x1a Time: 0.128124
    [08/20/2024-19:31:49] [V] [TRT] Tactic Name: kIMMA_V2_TILE_16x120                   (8.5)
    [04/25/2026-00:54:26] [V] [TRT] Tactic Name: ampere_scudnn_128x64 Tactic: 0xf6 Time: 0.0077 (10)

until the runner's ``Fastest Tactic: T Time: X`` line (the ``fastest-tactic`` rule of
:mod:`.rules.autotuning`). The bulk reader skips such a run without looking at its lines one
by one (:func:`~.autotune.scan_tactic_run`); when the ``Fastest Tactic`` line names the winner,
:func:`kernel_in_run` finds the kernel name logged for it in the skipped text.
"""

from __future__ import annotations


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
