"""The build checks every user expects, Q/DQ or not: one small rule each.

``tensor-cores``
    Convolutions and matrix multiplies in FP16/BF16/INT8/FP8 whose kernel (from the layer file)
    is a known non-Tensor-Core kernel (``scudnn``, ``sgemm``, ``gemv``, Winograd, direct, ...).
``channel-alignment``
    Convolutions whose input or output channel count is not a multiple of what Tensor Core
    kernels of their precision want (INT8: 32, at least 16; FP16/BF16: 8).
``io-format``
    Engine inputs/outputs whose type differs from the model's declared one, and the Reformats
    at the engine's edge that I/O formats (``--inputIOFormats``/``--outputIOFormats``) force.
``int8-no-calibration``
    INT8 without a calibrator and without Q/DQ nodes: TensorRT uses placeholder scales.
``memory-skips``
    Tactics (or whole layers) the builder skipped for lack of workspace or device memory.
``build-stopped``
    A build that failed or whose log stops: what it was doing (layer, format combination).

Each rule is a function ``(report, ctx) -> list[Finding]``; its decision comes first and its
words are built by a ``_*_words`` function beside it, so either can change alone.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from trtreport.analysis.context import (
    QUANTIZED_TYPES,
    Context,
    Words,
    _listing,
    cost_key,
    is_matmul,
    said,
    short_name,
    warning_kinds,
    warning_messages,
)
from trtreport.logparse.rules.autotuning import tactic_line
from trtreport.model import (
    UNKNOWN,
    AutotuneSummary,
    Binding,
    EngineLayer,
    Finding,
    LineSample,
    OnnxTensor,
    Report,
)

# --------------------------------------------------------------------------------------------
# Tensor Cores
# --------------------------------------------------------------------------------------------

_TENSOR_CORE_TYPES = frozenset({"FP16", "BF16", "INT8", "FP8", "TF32"})
_TENSOR_CORE_KERNEL = re.compile(
    r"(?i)xmma|[hi]mma|tensorop|gmma|[hsi]884|[hsi]1688|16816|8816|8832|_tc_|tensor_?core"
)
"""Kernel-name marks of Tensor Core kernels (``sm80_xmma_fprop``, ``h1688``, ``i8816``, ...)."""
_PLAIN_KERNEL = re.compile(
    r"(?i)scudnn|sgemm|gemv|implicit_convolve|winograd|fft|direct|naive|generic_?conv"
)
"""Kernel-name marks of kernels that run on the CUDA cores only."""


def tensor_cores(report: Report, ctx: Context) -> list[Finding]:
    """Convolutions and matrix multiplies in a Tensor Core precision on a plain kernel."""
    plain = [
        layer
        for layer in report.layers
        if is_matmul(layer)
        and layer.precision in _TENSOR_CORE_TYPES
        and layer.kernel
        and _PLAIN_KERNEL.search(layer.kernel)
        and not _TENSOR_CORE_KERNEL.search(layer.kernel)
    ]
    if not plain:
        return []
    parts = [
        said(report, ctx, "tensor-cores", "warning", _plain_kernel_words(layer), [layer.id])
        for layer in plain
    ]
    ids = [layer.id for layer in plain]
    return [
        said(
            report,
            ctx,
            "tensor-cores",
            "warning",
            _plain_kernels_words(plain),
            ids,
            subject=[],
            cost=ids,
            parts=sorted(parts, key=cost_key),
        )
    ]


def _plain_kernel_words(layer: EngineLayer) -> Words:
    """One layer off the Tensor Cores."""
    return Words(
        f"{short_name(layer.name)} ({layer.precision}) runs {_clip_kernel(layer.kernel)}",
        f"{layer.name} ({layer.layer_type}, {layer.precision}) runs the kernel "
        f"{layer.kernel}, which does not use Tensor Cores.",
        _TENSOR_CORE_FIX,
    )


def _plain_kernels_words(plain: Sequence[EngineLayer]) -> Words:
    """The card of the layers off the Tensor Cores."""
    many = len(plain) > 1
    return Words(
        f"{len(plain)} convolution{'s' if many else ''} or matrix "
        f"multipl{'ies' if many else 'y'} not on Tensor Cores",
        "These layers compute in a Tensor Core precision but their kernels (named in the "
        "layer information) run on the CUDA cores: "
        f"{_listing([f'{short_name(x.name)} ({x.precision})' for x in plain], 6)}. "
        "TensorRT picks such a kernel when no Tensor Core kernel fits the layer's shape "
        "or channel counts, or when it was faster for a tiny layer.",
        _TENSOR_CORE_FIX,
    )


_TENSOR_CORE_FIX = (
    "Make the channel counts multiples of 8 (FP16) or 32 (INT8) — pad the weights — and "
    "check the channel-alignment finding; grouped and depthwise convolutions rarely get "
    "Tensor Core kernels, so consider regular convolutions where they are costly."
)


def _clip_kernel(kernel: str) -> str:
    """A kernel name short enough for a title."""
    return kernel if len(kernel) <= 50 else kernel[:49] + "…"


# --------------------------------------------------------------------------------------------
# Channel alignment
# --------------------------------------------------------------------------------------------

_ALIGNMENT = {"INT8": 32, "FP8": 16, "FP16": 8, "BF16": 8}
"""Channel multiple the Tensor Core kernels of a precision want (INT8: 32, 16 works)."""


def _channels(shape: Sequence[int]) -> int | None:
    """The channel count of an NCHW / NCDHW tensor, or None."""
    if len(shape) in (4, 5) and shape[1] > 0:
        return shape[1]
    return None


def _groups(layer: EngineLayer) -> int:
    """The layer's ``Groups`` (1 when the details do not say)."""
    value = dict(layer.details).get("Groups", "1")
    return int(value) if value.isdigit() else 1


def misaligned_channels(layer: EngineLayer) -> list[tuple[str, int, int]]:
    """(which, channels, wanted multiple) for each misaligned side of a convolution."""
    wanted = _ALIGNMENT.get(layer.precision)
    if wanted is None or "conv" not in layer.layer_type.lower() or not layer.inputs:
        return []
    found = []
    c_in = _channels(layer.inputs[0].shape)
    c_out = _channels(layer.outputs[0].shape) if layer.outputs else None
    groups = _groups(layer)
    floor = 16 if layer.precision == "INT8" else wanted
    # An image's 3 or 4 channels and depthwise layers cannot be aligned: not worth a word.
    if c_in is not None and c_in > 4 and groups == 1 and c_in % floor:
        found.append(("input", c_in, wanted))
    if c_out is not None and groups == 1 and c_out % floor:
        found.append(("output", c_out, wanted))
    return found


def channel_alignment(report: Report, ctx: Context) -> list[Finding]:
    """Convolutions whose channel counts do not suit their precision's Tensor Core kernels."""
    flagged = [(layer, sides) for layer in report.layers if (sides := misaligned_channels(layer))]
    if not flagged:
        return []
    severity = _alignment_severity(flagged)
    parts = [
        said(
            report,
            ctx,
            "channel-alignment",
            severity,
            _misaligned_words(layer, sides),
            [layer.id],
        )
        for layer, sides in flagged
    ]
    ids = [layer.id for layer, _ in flagged]
    return [
        said(
            report,
            ctx,
            "channel-alignment",
            severity,
            _alignment_words(flagged),
            ids,
            subject=[],
            cost=ids,
            parts=sorted(parts, key=cost_key),
        )
    ]


Misaligned = Sequence[tuple[str, int, int]]
"""(side, channels, wanted multiple) of a convolution (see :func:`misaligned_channels`)."""


def _misaligned_words(layer: EngineLayer, sides: Misaligned) -> Words:
    """One convolution with misaligned channels."""
    counts = ", ".join(f"{which} channels {count}" for which, count, _ in sides)
    return Words(
        f"{short_name(layer.name)} ({layer.precision}): {counts}",
        f"{layer.name} ({layer.layer_type}, {layer.precision}) has {counts}; "
        f"{layer.precision} Tensor Core kernels want multiples of {sides[0][2]}.",
        _ALIGNMENT_FIX,
    )


def _alignment_words(flagged: Sequence[tuple[EngineLayer, Misaligned]]) -> Words:
    """The card of the convolutions with misaligned channels."""
    places = [
        f"{short_name(x.name)} ({x.precision}, " + ", ".join(f"{w} {c}" for w, c, _ in sides) + ")"
        for x, sides in flagged
    ]
    return Words(
        f"{len(flagged)} convolution{'s' if len(flagged) > 1 else ''} with channel counts "
        "not aligned for their precision",
        "TensorRT pads misaligned channels (an extra Reformat or a slower kernel): INT8 "
        "wants channel counts that are multiples of 32 (16 at least), FP16 and BF16 "
        f"multiples of 8. Here: {_listing(places, 6)}.",
        _ALIGNMENT_FIX,
    )


def _alignment_severity(flagged: Sequence[tuple[EngineLayer, Misaligned]]) -> str:
    """``warning`` when the misaligned layers cost 1 % of the profiled time or more, or, with
    no profile, when an input side is misaligned; ``info`` for a lone misaligned output (a
    classifier's 1000 classes) that costs little."""
    shares = [layer.time_share for layer, _ in flagged if layer.time_share is not None]
    if shares:
        return "warning" if sum(shares) >= 1.0 else "info"
    inputs = any(which == "input" for _, sides in flagged for which, _, _ in sides)
    return "warning" if inputs else "info"


_ALIGNMENT_FIX = (
    "Change the model's channel counts to multiples of 32 for INT8 (8 for FP16), or pad "
    "the weights with zero filters; the first convolution's 3 image channels need nothing."
)


# --------------------------------------------------------------------------------------------
# Engine I/O types and formats
# --------------------------------------------------------------------------------------------

_IO_FORMAT_OPTION = re.compile(r"--(?P<side>input|output)IOFormats[= ](?P<value>\S+)")


def io_formats(report: Report, ctx: Context) -> list[Finding]:
    """Engine I/O whose type differs from the model's, and the Reformats I/O formats force."""
    declared = {}
    if report.onnx is not None:
        declared = {t.name: t for t in (*report.onnx.inputs, *report.onnx.outputs)}
    differing = [
        (binding, declared[binding.name])
        for binding in report.bindings
        if binding.name in declared
        and UNKNOWN not in (binding.dtype, declared[binding.name].dtype)
        and binding.dtype != declared[binding.name].dtype
    ]
    options = io_format_options(report)
    edge = [layer for layer in report.layers if layer.role == "reformat" and _at_edge(ctx, layer)]
    if differing:
        names = {b.name for b, _ in differing}
        forced = [
            layer for layer in edge if names & {t.name for t in (*layer.inputs, *layer.outputs)}
        ] or (edge if options else [])
        return [
            said(
                report,
                ctx,
                "io-format",
                "warning",
                _io_type_words(differing, options, len(forced)),
                [layer.id for layer in forced],
                [b.name for b, _ in differing],
                [b.line for b, _ in differing],
                subject=[b.name for b, _ in differing],
                cost=[],
                parts=[_edge_part(report, ctx, layer) for layer in forced],
            )
        ]
    if not (edge and options):
        return []
    return [
        said(
            report,
            ctx,
            "io-format",
            "warning",
            _edge_words(edge, options),
            [layer.id for layer in edge],
            subject=["edge-reformats"],
            cost=[layer.id for layer in edge],
            parts=[_edge_part(report, ctx, layer) for layer in edge],
        )
    ]


def _io_type_words(
    differing: Sequence[tuple[Binding, OnnxTensor]], options: dict[str, str], forced: int
) -> Words:
    """Engine bindings whose type differs from the model's declared one."""
    return Words(
        "Engine I/O types differ from the model's: "
        + _listing([f"{b.name} {d.dtype}→{b.dtype}" for b, d in differing], 3),
        "The model declares "
        + _listing([f"{b.name} as {d.dtype}" for b, d in differing], 6)
        + ", but the engine binds "
        + _listing([f"{b.name} as {b.dtype}" for b, _ in differing], 6)
        + ". Code that fills or reads these buffers with the model's type reads garbage."
        + (f" The build set I/O formats ({_option_text(options)})." if options else "")
        + (
            f" {forced} Reformat{'s' if forced != 1 else ''} at the engine's edge convert to "
            "and from these types (listed inside)."
            if forced
            else ""
        ),
        "Give the application buffers of the engine's types, or build with I/O formats "
        "that match the model (trtexec --inputIOFormats/--outputIOFormats, or "
        "ITensor.dtype and allowed_formats in the API).",
    )


def _edge_words(edge: Sequence[EngineLayer], options: dict[str, str]) -> Words:
    """Reformats at the engine's edge that the I/O formats asked for force."""
    return Words(
        f"{len(edge)} Reformat{'s' if len(edge) > 1 else ''} at the engine's inputs "
        "and outputs forced by the I/O formats",
        f"The build asked for I/O formats {_option_text(options)}, and the layers next "
        "to the engine's inputs and outputs compute in other types or layouts, so "
        "TensorRT converts at the edge: " + _listing([short_name(x.name) for x in edge], 6) + ".",
        "Drop --inputIOFormats/--outputIOFormats (or pick the format the first and "
        "last layers use, as the Reformats' types show), unless the application needs "
        "that format; then the conversion is the price of it.",
    )


def _edge_part(report: Report, ctx: Context, layer: EngineLayer) -> Finding:
    """One Reformat at the engine's edge, as a part of an io-format card."""
    change = f"{layer.input_precision}→{layer.output_precision}"
    words = Words(
        f"{short_name(layer.name)} ({change})",
        f"{layer.name} ({layer.layer_type}, {change}) converts at the engine's edge.",
        "",
    )
    return said(report, ctx, "io-format", "warning", words, [layer.id])


def io_format_options(report: Report) -> dict[str, str]:
    """The I/O formats the build asked for: ``{"input": "fp16:chw", ...}``, from the trtexec
    command or from trtexec's option dump (``Input(s): fp16:chw``; ``Input(s)s format: ...``
    is the default and says nothing)."""
    found = {
        m.group("side"): m.group("value") for m in _IO_FORMAT_OPTION.finditer(report.header.command)
    }
    for section in report.options:
        for key, value in section.items:
            side = {"Input(s)": "input", "Output(s)": "output"}.get(key.strip())
            if side is not None and value.strip():
                found.setdefault(side, value.strip())
    return found


def _at_edge(ctx: Context, layer: EngineLayer) -> bool:
    """Whether a Reformat reads a network input or writes a network output."""
    if any(ctx.producer.get(t.name, "").startswith("in:") for t in layer.inputs):
        return True
    return any(c.startswith("out:") for t in layer.outputs for c in ctx.consumers.get(t.name, ()))


def _option_text(options: dict[str, str]) -> str:
    """``--inputIOFormats=fp16:chw, --outputIOFormats=...``."""
    return ", ".join(f"--{side}IOFormats={value}" for side, value in sorted(options.items()))


# --------------------------------------------------------------------------------------------
# INT8 without calibration
# --------------------------------------------------------------------------------------------

_CALIBRATOR_UNUSED = re.compile(r"Calibrator is not being used")


def int8_no_calibration(report: Report, ctx: Context) -> list[Finding]:
    """INT8 with neither a calibrator nor Q/DQ nodes: the scales are placeholders."""
    if ctx.is_qdq:
        return []
    warned = [
        line
        for text, lines, _ in warning_messages(report)
        if _CALIBRATOR_UNUSED.search(text)
        for line in lines[:1]
    ]
    command = report.header.command
    asked = re.search(r"--(?:int8|best)\b", command) is not None
    calibrated = report.calibration_batches > 0 or "--calib" in command
    if not warned and not (asked and not calibrated and ctx.has_quantized):
        return []
    int8 = [layer.id for layer in report.layers if layer.precision in QUANTIZED_TYPES]
    known = [layer for layer in report.layers if layer.precision != UNKNOWN]
    # Nothing runs in INT8: the placeholder scales do not reach the engine's results.
    unused = not int8 and bool(known) and len(known) == len(report.layers)
    return [
        said(
            report,
            ctx,
            "int8-no-calibration",
            "info" if unused else "warning",
            _no_calibration_words(len(int8), bool(warned), unused),
            int8[:1],
            extra_lines=warned,
            subject=["no-calibrator"],
            cost=int8,
        )
    ]


def _no_calibration_words(int8_layers: int, warned: bool, unused: bool) -> Words:
    """INT8 with no calibration: ``int8_layers`` run in INT8 (none when ``unused``)."""
    how = "The network has no Q/DQ nodes and the build used no calibrator" + (
        " (the builder warned that no calibrator is used)" if warned else ""
    )
    if unused:
        return Words(
            "INT8 allowed without calibration, but no layer runs in INT8",
            f"{how}; TensorRT chose another precision for every layer, so its placeholder "
            "INT8 scales do not affect this engine. A rebuild may choose INT8 for some "
            "layers, with those placeholder scales.",
            "To build INT8 on purpose, calibrate (trtexec --calib=<cache>) or use Q/DQ "
            "nodes; otherwise drop --int8 (or --best for --fp16).",
        )
    return Words(
        "INT8 without calibration: the scales are placeholders, the accuracy is not real",
        f"{how}, yet {int8_layers} layer{'s' if int8_layers != 1 else ''} run in INT8. trtexec "
        "then sets placeholder dynamic ranges: the engine's speed is representative of "
        "INT8, its output is not.",
        "Calibrate (trtexec --calib=<cache>, or an IInt8Calibrator), give every tensor a "
        "dynamic range, or export the model with Q/DQ nodes (quantization-aware training "
        "or post-training quantization with Q/DQ).",
    )


# --------------------------------------------------------------------------------------------
# Workspace and memory
# --------------------------------------------------------------------------------------------

_MEMORY_TEXT = re.compile(
    r"(?i)workspace|insufficient (?:device )?memory|out of memory|memory is insufficient|"
    r"requested (?:size|amount)|cudaMalloc|allocat\w* fail"
)


def memory_skips(report: Report, ctx: Context) -> list[Finding]:
    """Tactics or layers skipped for lack of workspace or memory (warnings and skip reasons)."""
    tuned: list[tuple[str, AutotuneSummary]] = [
        (layer.id, layer.autotune) for layer in report.layers if layer.autotune is not None
    ]
    tuned += [("", tune) for tune in report.tuned_without_engine]
    skipped: list[tuple[str, AutotuneSummary, int]] = []
    for layer_id, tune in tuned:
        count = sum(
            int(n) for reason, n in tune.skip_reasons if _MEMORY_TEXT.search(reason) and n.isdigit()
        )
        if count:
            skipped.append((layer_id, tune, count))
    warned = [
        (text, lines, count)
        for text, lines, count in warning_kinds(report)
        if _MEMORY_TEXT.search(text)
        and not text.lstrip().startswith(("Try increasing", "Example of equivalent"))
    ]
    if not skipped and not warned:
        return []
    ids = [layer_id for layer_id, _, _ in skipped if layer_id]
    return [
        said(
            report,
            ctx,
            "memory-skips",
            "warning",
            _memory_words(skipped, warned),
            ids,
            extra_lines=[line for _, lines, _ in warned for line in lines[:1]]
            + [t.first_line for _, t, _ in skipped],
            subject=["workspace"],
            cost=ids,
        )
    ]


def _memory_words(
    skipped: Sequence[tuple[str, AutotuneSummary, int]],
    warned: Sequence[tuple[str, tuple[int, ...], int]],
) -> Words:
    """Tactics skipped for lack of memory: (layer id, its tuning, tactics skipped) and the
    warnings (first text of a kind, lines, count)."""
    total = sum(count for _, _, count in skipped)
    sentences = []
    if skipped:
        sentences.append(
            f"The builder skipped {total} tactic{'s' if total != 1 else ''} for lack of "
            f"workspace or memory in {len(skipped)} layer{'s' if len(skipped) != 1 else ''}: "
            + _listing([f"{short_name(t.layer)} ({n})" for _, t, n in skipped], 6)
            + ". The kernel it chose may be slower than the one it could not try."
        )
    for text, _, count in warned[:4]:
        sentences.append(
            f"The log warns {count}× like this: {text}" if count > 1 else f"The log warns: {text}"
        )
    where = f" in {len(skipped)} layer{'s' if len(skipped) != 1 else ''}" if skipped else ""
    return Words(
        f"Tactics skipped for lack of workspace or memory{where}",
        " ".join(sentences),
        "Give the builder more workspace (trtexec --memPoolSize=workspace:4096M, or "
        "IBuilderConfig.set_memory_pool_limit(MemoryPoolType.WORKSPACE, ...); --workspace=N "
        "before TensorRT 8.4) and build on a GPU with nothing else running.",
    )


# --------------------------------------------------------------------------------------------
# A build that stopped
# --------------------------------------------------------------------------------------------


def build_stopped(report: Report, ctx: Context) -> list[Finding]:
    """What a failed (or cut) build was doing when it stopped."""
    header = report.header
    if header.build_kind == "inference" or not (
        header.log_end in ("failed", "truncated") or header.status == "failed"
    ):
        return []
    if header.log_end == "truncated" and header.build_kind == "other":
        return []
    tuned = report.tuned_without_engine or tuple(
        layer.autotune for layer in report.layers if layer.autotune is not None
    )
    last = tuned[-1] if tuned and header.last_phase == "autotuning" else None
    combination = report.last_combination if last is not None else None
    timing = (report.last_runner, report.last_tactic) if last is not None else (None, None)
    failed = header.log_end == "failed" or header.status == "failed"
    phase = header.last_phase or "an unknown phase"
    return [
        said(
            report,
            ctx,
            "build-stopped",
            "error" if failed else "warning",
            _stopped_words(failed, phase, header.end_reason, last, combination, timing),
            [],
            extra_lines=[
                header.end_line,
                *(sample.line for sample in (combination, *timing) if sample is not None),
            ],
            subject=[last.layer if last is not None else phase],
        )
    ]


def _stopped_words(
    failed: bool,
    phase: str,
    reason: str,
    last: AutotuneSummary | None,
    combination: LineSample | None,
    timing: tuple[LineSample | None, LineSample | None] = (None, None),
) -> Words:
    """A build that failed (or whose log stops) in ``phase``, tuning ``last`` if it was, with
    its last runner and tactic lines (``timing``)."""
    title = f"The build failed during {phase}" if failed else f"The log stops during {phase}"
    if last is not None:
        title += f" while tuning {short_name(last.layer)}"
    said_by_log = f"The log says: {reason}. " if reason else ""
    doing = (
        _tuning_words(last, combination) + _timing_words(*timing)
        if last is not None
        else f" The last phase the log reached is {phase}."
    )
    return Words(title, (said_by_log + doing).strip(), _stopped_fix(reason, last))


def _tuning_words(last: AutotuneSummary, combination: LineSample | None) -> str:
    """``It was tuning X (type) in its 2nd format combination, Half(...) -> Half(...) (line
    N), after the first had been timed; 3 tactics timed, 1 skipped (reason: n).``"""
    formats = ""
    if combination is not None:
        text = combination.text
        for head in ("Autotuning format combination:", "Autotuning Reformat:"):
            text = text.removeprefix(head).strip()
        formats = f", {text} (line {combination.line:,})"
    nth = last.format_combinations
    which = f" in its {_ordinal(nth)} format combination" if nth else ""
    before = (
        f", after the {'first' if nth == 2 else f'{nth - 1} before it'} had been timed"
        if nth > 1
        else ""
    )
    reasons = (
        " (" + ", ".join(f"{r}: {n}" for r, n in last.skip_reasons[:3]) + ")"
        if last.skip_reasons
        else ""
    )
    return (
        f"It was tuning {last.layer}"
        + (f" ({last.layer_type})" if last.layer_type else "")
        + f"{which}{formats}{before}; {last.tactics_timed} "
        f"tactic{'s' if last.tactics_timed != 1 else ''} timed, {last.tactics_skipped} skipped"
        f"{reasons}."
    )


_RUNNER_KIND = re.compile(r" \((?P<kind>[^()]+)\)\Z")


def _timing_words(runner: LineSample | None, tactic: LineSample | None) -> str:
    """`` Its last runner was Myelin (line 9); it was timing tactic 0x0 (kernel K, line 10):
    no time follows it.`` from the build's last ``Timing Runner`` and tactic lines."""
    if runner is None:
        return ""
    kind = _RUNNER_KIND.search(runner.text)
    words = (
        f" Its last runner was {kind.group('kind') if kind else runner.text} (line {runner.line:,})"
    )
    said = tactic_line(tactic.text) if tactic is not None else None
    if tactic is None or said is None:
        return words + "."
    at = f"line {tactic.line:,}"
    kernel = f", kernel {said.kernel}" if said.kernel else ""
    if said.skipped:
        return f"{words}; its last tactic, {said.tactic}{kernel}, was skipped ({at})."
    if said.time:
        return (
            f"{words}; its last tactic timed was {said.tactic} "
            f"({said.time} ms{kernel}, {at}), and the log stops before the next."
        )
    which = f"tactic {said.tactic} (kernel {said.kernel}, {at})" if said.tactic else ""
    which = which or f"kernel {said.kernel} ({at})"
    return f"{words}; it was timing {which} when the log stops: no time follows it."


def _ordinal(n: int) -> str:
    """``1st``, ``2nd``, ``3rd``, ``4th``..."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _stopped_fix(reason: str, last: AutotuneSummary | None) -> str:
    """What to try for a build that stopped, from the reason the log gives."""
    lowered = reason.lower()
    if "killed" in lowered or "memory" in lowered:
        return (
            "The process ran out of memory: give the builder a workspace limit "
            "(--memPoolSize=workspace:N), build with fewer optimization profiles or a lower "
            "builder optimization level, or on a machine with more memory."
        )
    if last is not None and "no valid tactic" in (
        lowered + " ".join(r for r, _ in last.skip_reasons).lower()
    ):
        return (
            f"No kernel could run {last.layer} in the formats asked: allow another precision "
            "for it (FP16/FP32), raise the workspace, or change the layer's shape."
        )
    if last is not None:
        return (
            f"Rebuild with the same command to see whether {last.layer} fails again; if it "
            "does, allow it another precision (layer precision constraints), try a newer "
            "TensorRT, or report the layer and format combination above to NVIDIA."
        )
    return "Read the last lines of the log before the failure (linked here) for its cause."
