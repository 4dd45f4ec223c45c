"""Findings: what is wrong with a build (its Q/DQ placement first), what it costs, what to change.

:func:`analyse` runs an ordered table of rules (:data:`RULES`) over the joined
:class:`~trtreport.model.Report`, folds the symptoms into one card per root cause
(:func:`~trtreport.analysis.causes.root_causes`), sorts the cards (most severe, then most
costly) and returns the report with :attr:`Report.findings` and :attr:`Report.summary` filled.
Every rule is a small function of the report and a precomputed :class:`Context` (producer and
consumers of every tensor, layers by id, whether the network carries Q/DQ nodes, the float
islands) and returns findings that name the engine layers, log lines and tensors they rest on,
with a stable id and a cost. A rule that has no evidence says nothing. :func:`symptoms` gives
the rules' findings before they are folded.

The package: :mod:`.context` (the shared facts and wording helpers), :mod:`.qdq` (the Q/DQ
placement rules below), :mod:`.checks` (the checks of every build: ``tensor-cores``,
``channel-alignment``, ``io-format``, ``int8-no-calibration``, ``memory-skips``,
``build-stopped``), :mod:`.causes` (root causes and order), :mod:`.evidence` (the cited log
lines with their context).

The rules, in table order:

``precision-island``
    Compute layers left in FP32/FP16 in a Q/DQ network, grouped into connected islands (float
    layers joined directly or through float Reformats/Shuffles), with the Q/DQ situation at the
    island's edges: a network input with no DQ, an INT8 layer writing float into it, a
    standalone Q after it, a residual Add that takes its output as a float branch.
``unfused-qdq``
    A Q or DQ that became a layer of its own (``Reformat`` with ``Origin: QDQ``, a ``Scale``
    layer named ``QuantizeLinear_N`` in TensorRT 8.2, ``QDQToCopy``): one extra pass over the
    tensor. The quantizer of the network input and the dequantizer before an output are
    expected (``info``).
``type-reformat``
    Reformats that change the data type (int8↔float, float↔half), counted, timed and placed.
``layout-reformat``
    Reformats that keep the type and change only the layout (``NoOp`` ones cost nothing).
``int8-float-io``
    INT8 layers that write float (no Q after them) or take a float second input (a residual
    Add with an unquantized branch), and compute layers that mix INT8 and float inputs.
``quant-warning``
    Importer and builder warnings about quantization (``Missing scale and zero-point``, the
    calibrator ignored in explicit precision mode, no calibrator, scales and Q/DQ problems),
    tied to the tensors and layers they name.
``myelin-qdq``
    Myelin (``{ForeignNode[...]}``) regions that swallowed Q/DQ nodes.
``dla-fallback``
    Layers left on the GPU when the build asked for DLA.
``horizontal-merge``
    Parallel convolutions that read the same tensor with the same geometry and were not merged
    horizontally (merged ones are named ``A || B`` and need no finding).

Which network gets which rules. A network is *Q/DQ* (explicit quantization) when any engine
layer, ONNX node or pass event shows a Q/DQ node (see :func:`is_qdq_network`). Only Q/DQ
networks get placement findings (islands, unfused Q/DQ, float I/O of INT8 layers, Myelin,
horizontal merges). A network with INT8/FP8 tensors but no Q/DQ (implicit INT8: ``--int8`` or
``--best`` with or without a calibrator) gets its type-changing and layout Reformats as
``info`` only, and its quantization warnings. A float-only network (FP32/TF32/FP16/BF16) gets no
finding at all, except DLA fallback when DLA was requested.

Severity policy. ``error``: a convolution or matrix multiply left in float between quantized
layers, or one whose fused name shows the Q/DQ the user put on it. ``warning``: other float
compute between quantized layers, a float convolution at the head or tail of the network, a
standalone Q/DQ in the middle of the network, type-changing Reformats, an INT8 layer writing
float into quantized layers, Myelin regions holding Q/DQ, quantization warnings of the builder.
``info``: what is expected (the input's quantizing Reformat, the final dequantize, a float
Softmax/pooling tail, the calibrator ignored in explicit precision mode) or free (layout-only
Reformats) or a possible improvement (horizontal merges).

*Compute layers* (the summary's denominator) are layers of role ``compute`` whose type does
arithmetic on data: convolution and deconvolution, GEMM/matrix multiply/fully connected,
pooling, pointwise/element-wise/activation/scale/unary, softmax, reduce and normalization
(matched case-insensitively on the layer type, see
:data:`~trtreport.layertypes.ARITHMETIC_FRAGMENTS`), that compute in a
floating or quantized type (shape arithmetic in INT32/INT64 is not counted), and that are not a
standalone Q/DQ. Layers whose type no input names are not counted.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from trtreport.analysis.causes import root_causes, sort_findings, unique_ids
from trtreport.analysis.checks import (
    build_stopped,
    channel_alignment,
    int8_no_calibration,
    io_formats,
    memory_skips,
    tensor_cores,
)
from trtreport.analysis.context import (
    FLOAT_TYPES,
    QUANTIZED_TYPES,
    SEVERITIES,
    Context,
    Rule,
    is_compute,
    is_matmul,
    is_qdq_name,
    is_qdq_network,
    is_standalone_qdq,
    make_context,
    short_name,
)
from trtreport.analysis.qdq import (
    _changes_type,
    _plain_reformats,
    dla_fallback,
    horizontal_merges,
    int8_float_io,
    layout_reformats,
    mentioned_names,
    myelin_qdq,
    precision_islands,
    quant_warnings,
    type_reformats,
    unfused_qdq,
)
from trtreport.model import Finding, QuantSummary, Report

__all__ = [
    "FLOAT_TYPES",
    "QUANTIZED_TYPES",
    "RULES",
    "SEVERITIES",
    "Context",
    "Rule",
    "RuleSpec",
    "analyse",
    "dla_fallback",
    "horizontal_merges",
    "int8_float_io",
    "is_compute",
    "is_matmul",
    "is_qdq_name",
    "is_qdq_network",
    "is_standalone_qdq",
    "layout_reformats",
    "make_context",
    "mentioned_names",
    "myelin_qdq",
    "precision_islands",
    "quant_warnings",
    "short_name",
    "sort_findings",
    "summarise",
    "symptoms",
    "type_reformats",
    "unfused_qdq",
]

# --------------------------------------------------------------------------------------------
# Summary and entry point
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RuleSpec:
    """One finding rule: its id, the severities it gives, what it looks at, its function."""

    id: str
    severities: str
    """``error/warning/info``-style: the severities its findings can have."""
    looks_at: str
    """The facts it reads, in a few words."""
    check: Rule


RULES: tuple[RuleSpec, ...] = (
    RuleSpec(
        "precision-island",
        "error/warning/info",
        "float compute between INT8 layers",
        precision_islands,
    ),
    RuleSpec(
        "unfused-qdq", "warning/info", "standalone Q/DQ layers and their neighbours", unfused_qdq
    ),
    RuleSpec("type-reformat", "warning/info", "Reformats whose types differ", type_reformats),
    RuleSpec("layout-reformat", "info", "Reformats that keep the type", layout_reformats),
    RuleSpec(
        "int8-float-io", "warning/info", "INT8 layers' float inputs and outputs", int8_float_io
    ),
    RuleSpec(
        "quant-warning", "warning/info", "every distinct warning about quantization", quant_warnings
    ),
    RuleSpec(
        "int8-no-calibration", "warning", "INT8 with no calibrator and no Q/DQ", int8_no_calibration
    ),
    RuleSpec("myelin-qdq", "warning", "Myelin regions holding Q/DQ nodes", myelin_qdq),
    RuleSpec(
        "dla-fallback",
        "warning",
        "the log's DLA/GPU placement lists and fallback warnings",
        dla_fallback,
    ),
    RuleSpec("horizontal-merge", "info", "parallel convolutions of one input", horizontal_merges),
    RuleSpec(
        "tensor-cores",
        "warning",
        "kernel names of convolutions and matrix multiplies",
        tensor_cores,
    ),
    RuleSpec(
        "channel-alignment",
        "warning",
        "channel counts of convolutions per precision",
        channel_alignment,
    ),
    RuleSpec(
        "io-format", "warning", "engine I/O types against the model's, I/O Reformats", io_formats
    ),
    RuleSpec("memory-skips", "warning", "tactics skipped for workspace or memory", memory_skips),
    RuleSpec("build-stopped", "error/warning", "how the build's log ends", build_stopped),
)
"""The rules in the order they run; each returns findings of its own ``id``. To add one,
write its function (in :mod:`.qdq` for Q/DQ placement, :mod:`.checks` otherwise) and list it
here; :func:`~trtreport.analysis.causes.root_causes` then places its findings."""


def summarise(report: Report, ctx: Context, findings: Sequence[Finding]) -> QuantSummary:
    """At-a-glance figures: INT8 share of compute layers and of time, Reformats, findings."""
    compute = [layer for layer in report.layers if is_compute(layer, ctx.onnx_ops)]
    int8 = [layer for layer in compute if layer.precision == "INT8"]
    timed = [layer for layer in report.layers if layer.time_ms is not None]
    time_share: float | None = None
    if timed:
        total = sum(layer.time_ms or 0.0 for layer in timed)
        in_int8 = sum(layer.time_ms or 0.0 for layer in int8 if layer.time_ms is not None)
        time_share = round(in_int8 / total, 6) if total > 0 else 0.0
    copies = [
        layer for layer in report.layers if layer.role == "reformat" or layer.id in ctx.standalone
    ]
    changing = [layer for layer in _plain_reformats(report, ctx) if _changes_type(layer)]
    counts = {severity: 0 for severity in SEVERITIES}
    for finding in findings:
        counts[finding.severity] = counts.get(finding.severity, 0) + 1
    return QuantSummary(
        is_qdq=ctx.is_qdq,
        compute_layers=len(compute),
        int8_compute_layers=len(int8),
        int8_compute_share=round(len(int8) / len(compute), 6) if compute else 0.0,
        int8_time_share=time_share,
        reformats=len(copies),
        type_changing_reformats=len(changing),
        error_findings=counts.get("error", 0),
        warning_findings=counts.get("warning", 0),
        info_findings=counts.get("info", 0),
    )


def symptoms(report: Report) -> list[Finding]:
    """What each rule found, before :func:`~trtreport.analysis.causes.root_causes` folds the
    symptoms into the card of their cause; most severe first, then in engine order."""
    ctx = make_context(report)
    rank = {severity: i for i, severity in enumerate(SEVERITIES)}

    def key(finding: Finding) -> tuple[int, int, str, str]:
        known = [ctx.by_id[i].index for i in finding.layer_ids if i in ctx.by_id]
        first = known[0] if known else len(ctx.by_id) + 1
        return (rank.get(finding.severity, len(rank)), first, finding.rule, finding.title)

    return sorted((f for rule in RULES for f in rule.check(report, ctx)), key=key)


def analyse(report: Report) -> Report:
    """Return the report with its findings (sorted) and quantization summary filled."""
    ctx = make_context(report)
    found = [finding for rule in RULES for finding in rule.check(report, ctx)]
    findings = unique_ids(sort_findings(root_causes(report, ctx, found), ctx.by_id))
    return replace(report, findings=tuple(findings), summary=summarise(report, ctx, findings))
