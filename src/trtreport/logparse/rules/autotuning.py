"""Rules of autotuning: timing runners, tactic lines, fastest tactics, chosen runners, format
combinations (summarised per layer in :class:`~trtreport.model.AutotuneSummary`).

The hot lines (millions in large logs) have fast handlers; after a ``Timing Runner`` line
:func:`trtreport.logparse.autotune.read_autotuning` reads on in bulk, with this module's
patterns (:attr:`~.base.Rule.bulk`) and markers (:data:`TACTIC_PREFIX`,
:data:`SET_TACTIC_NEEDLE`, ...), and calls this module's :func:`record_fastest`,
:func:`record_choice`, :func:`record_combination` and :func:`start_runner`, so that each line
kind is still handled here only. A run of tactic lines skipped in bulk is kept as text, and
:func:`kernel_in_run` finds the kernel of the runner's fastest tactic in it::

    [08/20/2024-19:39:20] [V] [TRT] conv1 + relu1 Set Tactic Name: sm80_xmma_fprop_... Tactic: 0x1a
    [08/20/2024-19:39:20] [V] [TRT] Tactic: 0x1a Time: 0.128124
    [08/20/2024-19:31:49] [V] [TRT] Tactic Name: kIMMA_V2_TILE_16x120                   (8.5)
    [04/25/2026-00:54:26] [V] [TRT] Tactic Name: ampere_scudnn_128x64 Tactic: 0xf6 Time: 0.0077 (10)
"""

from __future__ import annotations

import re
from typing import NamedTuple

from trtreport.logparse.rules.base import needle_rule, rule, subject_of
from trtreport.logparse.state import BuildState, LogState
from trtreport.model import LineSample

TACTIC_PREFIX = "Tactic: "
"""The start of a tactic's line (``tactic-timing``: ``Tactic: T Time: X``)."""
TACTIC_NAME_PREFIX = "Tactic Name: "
"""The start of a kernel's name line (``tactic-name``: ``Tactic Name: K [Tactic: T Time: X]``)."""
SET_TACTIC_NEEDLE = " Set Tactic Name: "
"""What names a tactic's kernel after the layer (``set-tactic``: ``LAYER Set Tactic Name: K
Tactic: T``)."""
TIME_MARKER = " Time: "
"""Before the time of a timed tactic."""


def _timing_runner(state: LogState, match: re.Match[str], line: int) -> bool:
    """``Timing Runner: LAYER (RUNNER)``: the tactic lines that follow belong to LAYER."""
    start_runner(state, match.group("layer"), line, match.string, match.end("layer"))
    return True


_RUNNER_PREFIX = "--------------- Timing Runner: "


def _timing_runner_fast(state: LogState, text: str, start: int, line: int) -> bool:
    """``Timing Runner: LAYER (RUNNER)`` on the hot path: the last `` (`` opens the runner."""
    if not text.startswith(_RUNNER_PREFIX, start) or not text.endswith(")"):
        return False
    layer_start = start + len(_RUNNER_PREFIX)
    open_at = text.rfind(" (")
    if open_at <= layer_start or text.find("(", open_at + 2, -1) >= 0:
        return False
    if open_at + 3 >= len(text) or text.find(")", open_at + 2, -1) >= 0:
        return False
    start_runner(state, text[layer_start:open_at], line, text, open_at)
    return True


TIMING_RUNNER = rule(
    "timing-runner",
    "--------------- Timing Runner: ",
    r"-+ Timing Runner: (?P<layer>.+) \((?P<runner>[^()]+)\)\s*\Z",
    _timing_runner,
    _timing_runner_fast,
    examples=("--------------- Timing Runner: Conv_9 (CaskConvolution)",),
    bulk=r"(?P<layer>[^\n]+) \([^()\n]+\)[^\S\n]*",
)


def start_runner(state: LogState, layer: str, line: int, text: str, runner_at: int) -> None:
    """Start reading the tactics of one runner of ``layer``, at ``line``; ``text[runner_at:]``
    starts with the line's `` (RUNNER)``."""
    build = state.current
    build.runner_line = line
    build.runner_text = text
    build.runner_at = runner_at
    build.reach("autotuning")
    tuning = build.tuning_of(layer, line)
    if build.new_combination:
        tuning.format_combinations += 1
        build.new_combination = False
    build.runner = tuning
    build.runner_kernels.clear()
    build.pending_kernel = ""
    build.runner_started = True
    build.run_text = ""


def _tactic_fast(state: LogState, text: str, start: int, line: int) -> bool:
    """``Tactic: T Time: X`` on the hot path: count it; the time is not needed (a runner's
    ``Fastest Tactic`` line gives its best). Accepts the line when, after ``Tactic: ``, it holds
    exactly two spaces, the second one opening `` Time: ``."""
    time_at = text.find(" Time: ", start + 9)
    if time_at < 0 or text.count(" ", start + 8) != 2 or not text.startswith("Tactic: ", start):
        return False
    build = state.current
    build.tactic_line = line
    build.tactic_text = text
    build.tactic_at = start
    runner = build.runner
    if runner is not None:
        runner.tactics_timed += 1
        if build.pending_kernel:
            build.runner_kernels[text[start + 8 : time_at]] = build.pending_kernel
            build.pending_kernel = ""
    return True


def _set_tactic_fast(state: LogState, text: str, start: int, line: int) -> bool:
    """``LAYER Set Tactic Name: K Tactic: T`` on the hot path: file the text under T unparsed
    (:func:`kernel_name` takes the kernel out of it if T turns out to be the fastest)."""
    head, _, tactic = text.rpartition(" Tactic: ")
    if not tactic or " " in tactic or head.find(" Set Tactic Name: ", start) <= start:
        return False
    build = state.current
    build.tactic_line = line
    build.tactic_text = text
    build.tactic_at = start
    build.runner_kernels[tactic] = head
    return True


def _tactic_read(build: BuildState, match: re.Match[str], line: int) -> None:
    """Keep where the last tactic line read one by one is (see ``BuildState.tactic_line``)."""
    build.tactic_line = line
    build.tactic_text = match.string
    build.tactic_at = 0


def kernel_name(filed: str) -> str:
    """The kernel of a text filed by :func:`_set_tactic_fast` (or a bare kernel name)."""
    return filed.rpartition(SET_TACTIC_NEEDLE)[2]


def _tactic(state: LogState, match: re.Match[str], line: int) -> bool:
    """``Tactic: T Time: X`` (counted), ``Tactic: T skipped. ...`` (counted with its reason)."""
    build = state.current
    _tactic_read(build, match, line)
    runner = build.runner
    if runner is None:
        return True
    if match.group("time") is not None:
        runner.tactics_timed += 1
        if build.pending_kernel:
            build.runner_kernels[match.group("tactic")] = build.pending_kernel
            build.pending_kernel = ""
    else:
        runner.skip(_reason(match.group("skip")))
        build.pending_kernel = ""  # the name was the skipped tactic's
    return True


TACTIC_TIMING = rule(
    "tactic-timing",
    TACTIC_PREFIX,
    r"Tactic: (?P<tactic>\S+) "
    r"(?:[Tt]ime:? (?P<time>\S+)\s*\Z|(?P<skip>skipped.*|is the only option.*))",
    _tactic,
    _tactic_fast,
    examples=("Tactic: 0xf56c0ac895d82363 Time: 0.0359573",),
    note="(or ``skipped. ...``; TensorRT 7: ``Tactic: 524287 time 0.0512``) (fast)",
)


_NUMBERS = re.compile(r"0x[0-9a-fA-F]+|\d+(?:\.\d+)?")


def _reason(text: str) -> str:
    """A skip reason with its numbers replaced by ``N``, so equal reasons count together."""
    return _NUMBERS.sub("N", text.strip().rstrip(".")) or "skipped"


def _tactic_name(state: LogState, match: re.Match[str], line: int) -> bool:
    """``Tactic Name: K`` (the kernel of the ``Tactic:`` line that follows), or TensorRT 10's
    ``Tactic Name: K Tactic: T Time: X`` (counted as a timed tactic)."""
    build = state.current
    _tactic_read(build, match, line)
    tactic = match.group("tactic")
    if tactic is None:
        build.pending_kernel = match.group("kernel")
        return True
    build.runner_kernels[tactic] = match.group("kernel")
    if build.runner is not None:
        build.runner.tactics_timed += 1
    return True


TACTIC_NAME = rule(
    "tactic-name",
    TACTIC_NAME_PREFIX,
    r"Tactic Name: (?P<kernel>\S+)(?: numSplitK: \d+ numBuffers: \d+ numKernels: \d+)?"
    r"(?: Tactic: (?P<tactic>\S+) Time: (?P<time>\S+))?\s*\Z",
    _tactic_name,
    examples=("Tactic Name: kIMMA_V2_TILE_12x100",),
    note="TensorRT 10: ``Tactic Name: ampere_scudnn_128x64 Tactic: 0xf643 Time: 0.0077``",
)


def _set_tactic(state: LogState, match: re.Match[str], line: int) -> bool:
    """``LAYER Set Tactic Name: K Tactic: T``."""
    build = state.current
    _tactic_read(build, match, line)
    build.runner_kernels[match.group("tactic")] = match.group("kernel")
    return True


SET_TACTIC = needle_rule(
    "set-tactic",
    SET_TACTIC_NEEDLE,
    r" Set Tactic Name: (?P<kernel>\S+) Tactic: (?P<tactic>\S+)",
    _set_tactic,
    _set_tactic_fast,
    examples=("conv1 + relu1 Set Tactic Name: ampere_scudnn_v1 Tactic: 0x5d",),
    note="needle",
)


SET_TACTIC_UNNAMED = rule(
    "set-tactic-unnamed",
    SET_TACTIC_NEEDLE.lstrip(),
    r"Set Tactic Name: (?P<kernel>\S+) Tactic: (?P<tactic>\S+)",
    _set_tactic,
    examples=(
        (
            "Set Tactic Name: ampere_hgemm_128x64_tn_v0 Tactic: 0x0000000000020068 numSplitK: 1 "
            "numBuffers: 0 numKernels: 1"
        ),
    ),
)


def _set_tactic_pending(state: LogState, match: re.Match[str], line: int) -> bool:
    """TensorRT 7's ``LAYER (RUNNER) Set Tactic Name: K`` without the tactic: K is the kernel of
    the ``Tactic: T time X`` line that follows."""
    build = state.current
    _tactic_read(build, match, line)
    build.pending_kernel = match.group("kernel")
    return True


SET_TACTIC_PENDING = needle_rule(
    "set-tactic-pending",
    SET_TACTIC_NEEDLE,
    r" Set Tactic Name: (?P<kernel>\S+)\s*\Z",
    _set_tactic_pending,
    examples=("conv1 (scudnn) Set Tactic Name: volta_scudnn_128x64_relu_small_nn_v1",),
    note="TensorRT 7: the kernel of the ``Tactic:`` line that follows; needle",
)


def _fastest(state: LogState, match: re.Match[str], line: int) -> bool:
    """``Fastest Tactic: T Time: X``: the runner's best, kept if it is the layer's best."""
    record_fastest(state, match.group("tactic"), match.group("time"))
    return True


FASTEST_PREFIX = "Fastest Tactic: "
_TACTIC_AT = len(FASTEST_PREFIX)


def _fastest_fast(state: LogState, text: str, start: int, line: int) -> bool:
    """``Fastest Tactic: T Time: X`` on the hot path."""
    if not text.startswith(FASTEST_PREFIX, start):
        return False
    time_at = text.find(" Time: ", start + _TACTIC_AT + 1)
    if (
        time_at < 0
        or text.find(" ", start + _TACTIC_AT, time_at) >= 0
        or text.find(" ", time_at + 7) >= 0
        or time_at + 7 >= len(text)
    ):
        return False
    record_fastest(state, text[start + _TACTIC_AT : time_at], text[time_at + 7 :])
    return True


FASTEST_TACTIC = rule(
    "fastest-tactic",
    FASTEST_PREFIX,
    r"Fastest Tactic: (?P<tactic>\S+) Time: (?P<time>\S+)\s*\Z",
    _fastest,
    _fastest_fast,
    examples=("Fastest Tactic: 0x9d0f90e0cec890bb Time: 0.0254537",),
    bulk=r"(?P<fastest>\S+) Time: (?P<time>\S+)[^\S\n]*",
)
"""A runner's last line. Its other readers use this rule: the bulk reader
(:mod:`trtreport.logparse.autotune`) matches :attr:`~.base.Rule.bulk` and calls
:func:`record_fastest`; the run scanner ends a run of tactic lines at :data:`FASTEST_PREFIX`;
TensorRT 10's ``profiling-completed`` line, which ends with the same words, also calls
:func:`record_fastest`."""


def record_fastest(state: LogState, tactic: str, time_text: str) -> None:
    """A runner's fastest tactic: kept if it is the layer's best so far."""
    build = state.current
    runner = build.runner
    if runner is not None:
        kernel = kernel_name(build.runner_kernels.get(tactic, ""))
        if not kernel and build.run_text:
            start, end = build.run_span
            kernel = kernel_in_run(
                build.run_text, start, end, tactic, all_timed=build.run_all_timed
            )
        runner.fastest(tactic, time_text, kernel)
    # The runner's last line: nothing read for it may name a later runner's tactic, and no
    # tactic of it is being timed any more.
    build.runner_kernels.clear()
    build.pending_kernel = ""
    build.run_text = ""
    build.tactic_line = 0


def _chose_runner(state: LogState, match: re.Match[str], line: int) -> bool:
    """``Chose Runner Type: R Tactic: T``: the choice for one format combination."""
    record_choice(state, match.group("runner"), match.group("tactic"))
    return True


_CHOSE_PREFIX = ">>>>>>>>>>>>>>> Chose Runner Type: "


def _chose_runner_fast(state: LogState, text: str, start: int, line: int) -> bool:
    """``Chose Runner Type: R Tactic: T`` on the hot path."""
    if not text.startswith(_CHOSE_PREFIX, start):
        return False
    runner_start = start + len(_CHOSE_PREFIX)
    tactic_at = text.find(" Tactic: ", runner_start)
    if tactic_at <= runner_start or text.find(" ", runner_start, tactic_at) >= 0:
        return False
    rest = text[tactic_at + 9 :]
    if not rest or rest[0].isspace():
        return False
    tactic = rest.split(None, 1)[0]  # up to any blank, as the rule's \S+
    record_choice(state, text[runner_start:tactic_at], tactic)
    return True


CHOSE_RUNNER = rule(
    "chose-runner",
    ">>>>>>>>>>>>>>> Chose Runner Type: ",
    r">+ Chose Runner Type: (?P<runner>\S+) Tactic: (?P<tactic>\S+)",
    _chose_runner,
    _chose_runner_fast,
    examples=(">>>>>>>>>>>>>>> Chose Runner Type: CaskConvolution Tactic: 0x5deb29b7",),
    bulk=r"(?P<runner>\S+) Tactic: (?P<chosen>\S+)[^\n]*",
)


def record_choice(state: LogState, runner_type: str, tactic: str) -> None:
    """The runner and tactic chosen for one format combination."""
    runner = state.current.runner
    if runner is not None:
        runner.runner_type = runner_type
        runner.tactic_name = runner.kernel_of_fastest.get(tactic, "")


def _autotuning_header(state: LogState, match: re.Match[str], line: int) -> bool:
    """``Autotuning format combination: ...``: counted for the layer of the next runner."""
    state.current.reach("autotuning")
    record_combination(state, match.group(0), line)
    return True


def record_combination(state: LogState, header: str, line: int) -> None:
    """A format combination's header: the next runner's layer counts one more combination."""
    build = state.current
    build.new_combination = True
    build.last_combination = LineSample(line, header.strip(" *"))


def _autotuning_header_fast(state: LogState, text: str, start: int, line: int) -> bool:
    """``*************** Autotuning format combination: ... ***************`` on the hot path."""
    if not text.endswith("*") or not text.startswith(
        ("*************** Autotuning format combination:", "*************** Autotuning Reformat:"),
        start,
    ):
        return False
    state.current.reach("autotuning")
    record_combination(state, text[start:], line)
    return True


AUTOTUNING_HEADER = rule(
    "autotuning-header",
    "*************** Autotuning ",
    # One closing "*" (not "\*+"): ".*" takes the others, in linear time.
    r"\*+ Autotuning (?:format combination|Reformat):.*\*\s*\Z",
    _autotuning_header,
    _autotuning_header_fast,
    bulk=r"(?:format combination|Reformat):[^\n]*\*(?P<header>)[^\S\n]*",
    examples=(
        (
            "*************** Autotuning format combination: Int8(256,16,4,1) -> Int8(256,1,1,1) "
            "***************"
        ),
        "*************** Autotuning Reformat: Float(1,1) -> Half(1,1) ***************",
    ),
)


def _autotuning(state: LogState, match: re.Match[str], line: int) -> bool:
    """Autotuning chatter: understood, nothing to keep."""
    state.current.reach("autotuning")
    return True


COMPUTING_COSTS = rule(
    "computing-costs",
    "=============== Computing ",
    r"=+ Computing (?:reformatting )?costs",
    _autotuning,
    examples=("=============== Computing costs for",),
    bulk=r"(?:reformatting )?costs[^\n]*",
)


MYELIN_AUTOTUNING = rule(
    "myelin-autotuning",
    " (foreignNode) ",
    r" \(foreignNode\) +(?:-?\d+, [\d.]+, |Set user's cuda kernel library\Z|Autotuning op "
    r"|Sorted table of all evaluated tactics:|tactic_id, cost|\[[\w.]+:\d+: \w+\] "
    r"|Exceeded mem|Try increasing|Example of)",
    _autotuning,
    examples=(" (foreignNode) Set user's cuda kernel library",),
)


MYELIN_ADVICE = rule(
    "myelin-advice",
    ("Try increasing the workspace", " Try increasing", " Example of equivalent"),
    r" ?(?:Try increasing the workspace size|Example of equivalent trtexec option)",
    _autotuning,
    examples=(
        " Try increasing the workspace size with IBuilderConfig::setMemoryPoolLimit.",
        " Example of equivalent trtexec option: --memPoolSize=workspace:16384",
    ),
)


TACTIC_CHATTER = rule(
    "tactic-chatter",
    (
        "Unrecognized MMA instruction",
        "Setting workspace to ",
        "Constructing optimization profile ",
        "Reserving memory for host IO tensors",
        "Deleting timing cache",
        "Builder timing cache: ",
        "Local timing cache in use",
        "Global timing cache in use",
        "Timing cache disabled",
        "Some tactics do not have sufficient workspace",
        "Setting a default quantization params",
        "Skip backend strategy",
        "Building graph using backend strategy",
        "Tactic pruning",
        "Set number of tactics to ",
    ),
    r"(?:Unrecognized MMA instruction source format or shape: \S+"
    r"|Setting workspace to \d+|Constructing optimization profile number \d+"
    r"|Reserving memory for host IO tensors\. Host: \d+ bytes"
    r"|Deleting timing cache: \d+ entries, (?:served )?\d+ hits"
    r"|Builder timing cache: created \d+ entries, \d+ hit\(s\)"
    r"|(?:Local|Global) timing cache in use\.|Timing cache disabled\."
    r"|Some tactics do not have sufficient workspace memory to run\."
    r"|Setting a default quantization params because quantization data is missing for "
    r"|Skip backend strategy \d+|Building graph using backend strategy \d+|Tactic pruning"
    r"|Set number of tactics to \d+)",
    _autotuning,
    examples=(
        (
            "Unrecognized MMA instruction source format or shape: "
            "sm70_xmma_gemm_as_conv1x1_f32f32_f32_f32_tn_n_simt_small_batch_bias_relu"
        ),
        "Building graph using backend strategy 2",
    ),
)


NO_TACTICS_REASON = "runner has no valid tactics for this config"


def _runner_no_tactics(state: LogState, match: re.Match[str], line: int) -> bool:
    """``RUNNER has no valid tactics for this config, skipping``."""
    runner = state.current.runner
    if runner is not None:
        runner.skip(NO_TACTICS_REASON)
    return True


RUNNER_NO_TACTICS = needle_rule(
    "runner-no-tactics",
    " has no valid tactics for this config",
    r" has no valid tactics for this config, skipping\s*\Z",
    _runner_no_tactics,
    examples=("CaskFlattenConvolution has no valid tactics for this config, skipping",),
    # In bulk only with a one-word runner; other subjects are left to the rule.
    bulk=r"\S+ has no valid tactics for this config, skipping[^\S\n]*",
)
"""May follow a ``Timing Runner`` line instead of its tactics."""


def _runner_skipping(state: LogState, match: re.Match[str], line: int) -> bool:
    """``Skipping RUNNER: No valid tactics for LAYER`` (TensorRT 10)."""
    build = state.current
    build.reach("autotuning")
    build.tuning_of(match.group("layer"), line).skip(NO_TACTICS_REASON)
    return True


RUNNER_SKIPPING = rule(
    "runner-skipping",
    "Skipping ",
    r"Skipping (?!tactic )\S+: No valid tactics for (?P<layer>.+)\Z",
    _runner_skipping,
    examples=("Skipping CaskFlattenConvolution: No valid tactics for conv1 + relu1",),
)


def _tactic_skipping(state: LogState, match: re.Match[str], line: int) -> bool:
    """``Skipping tactic T due to REASON``."""
    runner = state.current.runner
    if runner is not None:
        runner.skip(_reason(match.group("reason")))
    return True


TACTIC_SKIPPING = rule(
    "tactic-skipping",
    "Skipping tactic ",
    r"Skipping tactic (?P<tactic>\S+) due to (?P<reason>.*)\Z",
    _tactic_skipping,
    examples=(
        "Skipping tactic 0x00000000000003ea due to insufficient memory on requested size 12",
    ),
)


def _profiling_completed(state: LogState, match: re.Match[str], line: int) -> bool:
    """``LAYER (RUNNER[0x..]) profiling completed in S seconds. Fastest Tactic: T Time: X``."""
    subject = subject_of(match)
    runner_start = subject.rfind(" (")
    if runner_start <= 0:
        return False
    build = state.current
    build.reach("autotuning")
    tuning = build.tuning_of(subject[:runner_start], line)
    tuning.runner_type = subject[runner_start + 2 :].partition("[")[0]
    if tuning is build.runner:
        # The end of the runner being read: its kernel names are those of its own lines.
        record_fastest(state, match.group("tactic"), match.group("time"))
    else:
        tuning.fastest(match.group("tactic"), match.group("time"), "")
    return True


PROFILING_COMPLETED = needle_rule(
    "profiling-completed",
    ") profiling completed in ",
    r"\) profiling completed in \S+ seconds\. "
    r"Fastest Tactic: (?P<tactic>\S+) Time: (?P<time>\S+)\s*\Z",
    _profiling_completed,
    examples=(
        (
            "conv1 (CaskConvolution[0x80000009]) profiling completed in 0.18 seconds. Fastest "
            "Tactic: 0x5b8bf1b8028629d9 Time: 0.0044"
        ),
    ),
    note="TensorRT 10, needle",
)


def _cached_result(state: LogState, match: re.Match[str], line: int) -> bool:
    """``LAYER [FORMATS] got cached result: RUNNER, tactic T, X ms`` (timing cache hit)."""
    subject = subject_of(match)
    formats = subject.rfind(" [")
    if formats <= 0:
        return False
    build = state.current
    build.reach("autotuning")
    tuning = build.tuning_of(subject[:formats], line)
    tuning.runner_type = match.group("runner")
    tuning.fastest(match.group("tactic"), match.group("time"), "")
    return True


CACHED_RESULT = needle_rule(
    "cached-result",
    "] got cached result: ",
    r"\] got cached result: (?P<runner>\w+), tactic (?P<tactic>\S+), (?P<time>\S+) ms\s*\Z",
    _cached_result,
    examples=(
        "pool1 [Float(1,2) -> Float(1,1)] got cached result: CaskPooling, tactic 0xf4, 0.002 ms",
    ),
    note="timing cache hit, needle",
)


def _tactic_pruning(state: LogState, match: re.Match[str], line: int) -> bool:
    """``LAYER: N available tactics, ... M remaining after tactic pruning.``."""
    if re.search(r": \d+\Z", subject_of(match)) is None:
        return False
    state.current.reach("autotuning")
    return True


TACTIC_PRUNING = needle_rule(
    "tactic-pruning",
    " available tactics, ",
    r" available tactics, \d+ unparsable, \d+ pruned, \d+ remaining after tactic "
    r"pruning\.\s*\Z",
    _tactic_pruning,
    examples=(
        (
            "MatMul-12: 187 available tactics, 1 unparsable, 93 pruned, 94 remaining after tactic "
            "pruning."
        ),
    ),
    note="needle",
)


def kernel_in_run(block: str, start: int, end: int, tactic: str, *, all_timed: bool = False) -> str:
    """The kernel name logged for ``tactic`` in ``block[start:end]``, or ``""``.

    ``start`` must be the start of a line: only the run's own lines are looked at, never the
    text before it in the block (other runners' lines). ``all_timed`` says every line of the
    run reports a time: then only TensorRT 10's one-line ``Tactic Name: K Tactic: T Time: X``
    can name a kernel (no ``Set Tactic Name`` line, no lone ``Tactic Name`` line), and the
    searches for the other shapes, which would read the whole run in vain, are skipped.
    """
    # LAYER Set Tactic Name: K Tactic: T
    at = -1 if all_timed else block.rfind(f" {TACTIC_PREFIX}{tactic}\n", start, end)
    if at >= 0:
        # rfind gives -1 on the run's first line: that line starts at ``start``, not at 0.
        line_start = block.rfind("\n", start, at) + 1 or start
        head = block[line_start:at]
        name_at = head.rfind(SET_TACTIC_NEEDLE)
        if name_at >= 0:
            return head[name_at + len(SET_TACTIC_NEEDLE) :]
    # Tactic Name: K Tactic: T Time: X (TensorRT 10), or Tactic Name: K / Tactic: T Time: X
    at = block.rfind(f" {TACTIC_PREFIX}{tactic}{TIME_MARKER}", start, end)
    if at < 0:
        return ""
    line_start = block.rfind("\n", start, at) + 1 or start
    head = block[line_start:at]
    name_at = head.rfind("] " + TACTIC_NAME_PREFIX)
    if name_at >= 0:
        return head[name_at + len("] " + TACTIC_NAME_PREFIX) :].split(" ", 1)[0]
    if line_start <= start or all_timed:
        return ""
    # The line before, inside the run: ``Tactic Name: K`` alone, or ``Set Tactic Name: K
    # Tactic: T numSplitK: ...`` naming the same tactic.
    previous = block.rfind("\n", start, line_start - 1) + 1 or start
    head = block[previous : line_start - 1]
    name_at = head.rfind("] " + TACTIC_NAME_PREFIX)
    if name_at >= 0:
        kernel, _, rest = head[name_at + len("] " + TACTIC_NAME_PREFIX) :].partition(" ")
        return "" if rest.strip() else kernel
    name_at = head.rfind(SET_TACTIC_NEEDLE)
    if name_at >= 0:
        kernel, _, rest = head[name_at + len(SET_TACTIC_NEEDLE) :].partition(" ")
        if rest == f"{TACTIC_PREFIX}{tactic}" or rest.startswith(f"{TACTIC_PREFIX}{tactic} "):
            return kernel
    return ""


class TacticLine(NamedTuple):
    """What one tactic line says (see :func:`tactic_line`)."""

    tactic: str
    """The tactic's id, if the line names one."""
    kernel: str
    """Its kernel, if the line names one."""
    time: str
    """Its time in ms as printed; empty when not timed (yet)."""
    skipped: bool


def tactic_line(message: str) -> TacticLine | None:
    """Read a tactic line's message with its rule's own pattern (``tactic-timing``,
    ``tactic-name``, ``set-tactic``, ``set-tactic-pending``): ``None`` if it is none of them.
    A line that names a tactic or kernel without a time is one being timed."""
    for line_rule in (TACTIC_TIMING, TACTIC_NAME):
        match = line_rule.pattern.match(message)
        if match is not None:
            found = match.groupdict()
            return TacticLine(
                found.get("tactic") or "",
                found.get("kernel") or "",
                found.get("time") or "",
                bool(found.get("skip")),
            )
    for line_rule in (SET_TACTIC, SET_TACTIC_PENDING):
        match = line_rule.pattern.search(message)
        if match is not None:
            return TacticLine(match.groupdict().get("tactic") or "", match["kernel"], "", False)
    return None
