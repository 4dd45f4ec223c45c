"""Quantization findings: what is wrong with a build's Q/DQ placement, and what to change.

:func:`analyse` runs an ordered table of rules (:data:`RULES`) over the joined
:class:`~trtreport.model.Report` and returns it with :attr:`Report.findings` (most severe first)
and :attr:`Report.summary` filled. Every rule is a small function of the report and a
precomputed :class:`Context` (producer and consumers of every tensor, layers by id, whether the
network carries Q/DQ nodes, the float islands) and returns findings that name the engine layers,
log lines and tensors they rest on. A rule that has no evidence says nothing.

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

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from trtreport.components import connected_groups
from trtreport.layertypes import is_arithmetic_type, is_matmul_type, is_myelin_name, reformat_side
from trtreport.model import MIXED, EngineLayer, Finding, QuantSummary, Report, TensorInfo
from trtreport.provenance import name_parts

SEVERITIES: tuple[str, ...] = ("error", "warning", "info")
"""Severities, most severe first (the order findings are listed in)."""
_RANK = {severity: rank for rank, severity in enumerate(SEVERITIES)}

FLOAT_TYPES = frozenset({"FP32", "TF32", "FP16", "BF16"})
QUANTIZED_TYPES = frozenset({"INT8", "FP8", "INT4", "FP4"})

_QDQ_NAME = re.compile(r"(?i)(?:de)?quant(?:ize)?linear")
"""``QuantizeLinear_7``, ``DequantizeLinear_291``, TF2ONNX's ``QuantLinearNode__838``."""
_QDQ_OPS = frozenset({"QuantizeLinear", "DequantizeLinear"})
_QDQ_PASS = re.compile(r"QDQ|Quantize|Dequantize|QNodes")
"""Pass names that only Q/DQ networks run (``ConstQDQInitializersFusion``, ``QDQToCopy``,
``QuantizeDoubleInputNodes``, ``HorizontalMergeQNodes``, ...)."""
_QDQ_EVENT_KINDS = frozenset({"phase", "running"})
"""Event kinds that are logged for every network and so prove nothing about Q/DQ."""
_WEIGHT_NAME = re.compile(r"ReadVariableOp|QuantizeAndDequantize|/weights?\b|/kernel\b")
"""Weight and weight-quantizer node names (TF exports) that say nothing about the layer."""
_GLUE_ROLES = frozenset({"reformat", "shuffle", "constant", "other"})
_GEOMETRY_KEYS = (
    "Kernel",
    "Stride",
    "Dilation",
    "Groups",
    "PrePadding",
    "PostPadding",
    "Activation",
)
_MAX_NAMED = 4
"""How many layers or tensors a title or sentence names before saying "and N more"."""


@dataclass(frozen=True, slots=True)
class Context:
    """Facts about a report that every rule needs, computed once by :func:`make_context`."""

    by_id: Mapping[str, EngineLayer]
    onnx_ops: Mapping[str, str]
    """ONNX node name → op type, from the log's import section."""
    producer: Mapping[str, str]
    """Tensor name → node id of its producer (a layer id or ``in:<binding>``)."""
    consumers: Mapping[str, tuple[str, ...]]
    """Tensor name → node ids of its consumers (layer ids or ``out:<binding>``)."""
    is_qdq: bool
    has_quantized: bool
    """Whether any tensor of the engine is INT8/FP8/INT4/FP4."""
    standalone: frozenset[str]
    """Ids of layers that are a Q or DQ on their own."""
    islands: tuple[tuple[str, ...], ...]
    """Float regions holding at least one float compute layer: member ids in engine order."""
    island_of: Mapping[str, int]
    quantized_below: frozenset[str]
    """Layers with a quantized layer somewhere downstream."""
    quantized_above: frozenset[str]
    """Layers with a quantized layer somewhere upstream."""


Rule = Callable[[Report, Context], list[Finding]]


# --------------------------------------------------------------------------------------------
# Classifying layers
# --------------------------------------------------------------------------------------------


def is_matmul(layer: EngineLayer) -> bool:
    """Whether the layer multiplies by weights (:func:`~trtreport.layertypes.is_matmul_type`)."""
    return is_matmul_type(layer.layer_type)


def does_arithmetic(layer: EngineLayer) -> bool:
    """Whether the layer's type does arithmetic on data (:mod:`trtreport.layertypes`)."""
    return is_arithmetic_type(layer.layer_type)


def is_qdq_name(name: str) -> bool:
    """Whether a node name is a Q/DQ node's (``QuantizeLinear_7``, ``QuantLinearNode__8``)."""
    return _QDQ_NAME.search(name) is not None


def _qdq_parts(layer: EngineLayer, onnx_ops: Mapping[str, str]) -> list[str]:
    """The Q/DQ node names a layer holds, by name or by the ONNX op type of its parts."""
    found = []
    for part in (*name_parts(layer.name), *layer.onnx_nodes):
        if is_qdq_name(part) or onnx_ops.get(part) in _QDQ_OPS:
            found.append(part)
    return list(dict.fromkeys(found))


def is_standalone_qdq(layer: EngineLayer, onnx_ops: Mapping[str, str] | None = None) -> bool:
    """Whether the layer is a Q or DQ on its own (not fused into a compute layer).

    True for role ``qdq`` (``Origin: QDQ``, ``QDQToCopy``, ``Quantize``/``Dequantize`` types)
    and for layers all of whose parts are Q/DQ nodes (TensorRT 8.2 kept them as ``Scale``).
    """
    if layer.role == "qdq":
        return True
    if is_matmul(layer) or layer.role == "myelin":
        return False
    ops = onnx_ops or {}
    parts = name_parts(layer.name)
    return bool(parts) and all(is_qdq_name(p) or ops.get(p) in _QDQ_OPS for p in parts)


def is_compute(layer: EngineLayer, onnx_ops: Mapping[str, str] | None = None) -> bool:
    """Whether the layer counts as a compute layer (see the module docstring)."""
    return (
        layer.role == "compute"
        and does_arithmetic(layer)
        and (layer.precision in FLOAT_TYPES | QUANTIZED_TYPES or layer.precision == MIXED)
        and not is_standalone_qdq(layer, onnx_ops)
    )


def _quantized(layer: EngineLayer) -> bool:
    """Whether the layer computes in or writes a quantized type."""
    return layer.precision in QUANTIZED_TYPES or layer.output_precision in QUANTIZED_TYPES


def _quantizes(layer: EngineLayer) -> bool:
    """For a standalone Q/DQ: True for a quantizer (float → INT8), False for a dequantizer."""
    ins = {t.dtype for t in layer.inputs}
    outs = {t.dtype for t in layer.outputs}
    if outs & QUANTIZED_TYPES and not ins & QUANTIZED_TYPES:
        return True
    if ins & QUANTIZED_TYPES and not outs & QUANTIZED_TYPES:
        return False
    return not re.search(r"(?i)dequant", layer.name)


def is_qdq_network(report: Report) -> bool:
    """Whether the network carries Q/DQ nodes (explicit quantization).

    Evidence: a layer of role ``qdq`` or with ``Origin: QDQ``; a Q/DQ node name in a layer's
    name or ONNX nodes; a ``QuantizeLinear``/``DequantizeLinear`` node in the log's ONNX import;
    a pass event of a Q/DQ pass that acted on a layer; the builder's warning that the calibrator
    won't be used in explicit precision mode (it gives it only for a network with Q/DQ nodes,
    also when the build fails before any engine layer). Implicit INT8 (calibration, or
    ``--int8``/``--best`` without Q/DQ) is not Q/DQ.
    """
    if any(_CALIBRATOR_EXPLICIT.search(sample.text) for sample in report.warnings):
        return True
    for layer in report.layers:
        if layer.role == "qdq" or layer.origin == "QDQ":
            return True
        if any(is_qdq_name(p) for p in (*name_parts(layer.name), *layer.onnx_nodes)):
            return True
    if report.onnx is not None and any(n.op_type in _QDQ_OPS for n in report.onnx.nodes):
        return True
    for traced in report.pass_events:
        event = traced.event
        if event.kind in _QDQ_EVENT_KINDS and not event.layers:
            continue
        if _QDQ_PASS.search(event.pass_name) or any(is_qdq_name(n) for n in event.layers):
            return True
    return False


# --------------------------------------------------------------------------------------------
# Context
# --------------------------------------------------------------------------------------------


def _onnx_ops(report: Report) -> dict[str, str]:
    """ONNX node name → op type, from the log's import section."""
    if report.onnx is None:
        return {}
    return {node.name: node.op_type for node in report.onnx.nodes}


def make_context(report: Report) -> Context:
    """Precompute what the rules share: tensor maps, Q/DQ-ness, islands, reachability."""
    by_id = {layer.id: layer for layer in report.layers}
    producer: dict[str, str] = {}
    consumers: dict[str, list[str]] = {}
    for binding in report.bindings:
        if binding.direction == "input":
            producer.setdefault(binding.name, f"in:{binding.name}")
    for layer in report.layers:
        for tensor in layer.outputs:
            producer.setdefault(tensor.name, layer.id)
    for edge in report.edges:
        targets = consumers.setdefault(edge.tensor, [])
        if edge.target not in targets:
            targets.append(edge.target)
    ops = _onnx_ops(report)
    standalone = frozenset(layer.id for layer in report.layers if is_standalone_qdq(layer, ops))
    frozen_consumers = {name: tuple(ids) for name, ids in consumers.items()}
    below = _reachable_quantized(report.layers, producer, frozen_consumers, downstream=True)
    above = _reachable_quantized(report.layers, producer, frozen_consumers, downstream=False)
    islands = _islands(report.layers, producer, frozen_consumers, standalone, ops)
    island_of = {member: i for i, island in enumerate(islands) for member in island}
    return Context(
        by_id=by_id,
        onnx_ops=ops,
        producer=producer,
        consumers=frozen_consumers,
        is_qdq=is_qdq_network(report),
        has_quantized=any(
            t.dtype in QUANTIZED_TYPES
            for layer in report.layers
            for t in (*layer.inputs, *layer.outputs)
        ),
        standalone=standalone,
        islands=islands,
        island_of=island_of,
        quantized_below=below,
        quantized_above=above,
    )


def _neighbours(
    layer: EngineLayer,
    producer: Mapping[str, str],
    consumers: Mapping[str, tuple[str, ...]],
    downstream: bool,
) -> list[str]:
    """Node ids next to a layer, on one side."""
    if downstream:
        return [c for t in layer.outputs for c in consumers.get(t.name, ()) if c != layer.id]
    return [p for t in layer.inputs if (p := producer.get(t.name)) and p != layer.id]


def _reachable_quantized(
    layers: Sequence[EngineLayer],
    producer: Mapping[str, str],
    consumers: Mapping[str, tuple[str, ...]],
    *,
    downstream: bool,
) -> frozenset[str]:
    """Layers from which a quantized layer can be reached, going down- or upstream.

    One search backwards from the quantized layers: each layer and edge is visited once.
    Only layers are passed through; a quantized layer is itself in the set only when another
    quantized layer is reachable from it.
    """
    by_id = {layer.id: layer for layer in layers}
    leading_to: dict[str, list[str]] = {}
    for layer in layers:
        for other in _neighbours(layer, producer, consumers, downstream):
            if other in by_id:
                leading_to.setdefault(other, []).append(layer.id)
    reached: set[str] = set()
    todo = [layer.id for layer in layers if _quantized(layer)]
    while todo:
        for before in leading_to.get(todo.pop(), ()):
            if before not in reached:
                reached.add(before)
                todo.append(before)
    return frozenset(reached)


def _float_candidate(layer: EngineLayer, standalone: frozenset[str]) -> bool:
    """A compute layer left in a float type: what islands are made of."""
    return (
        layer.role == "compute"
        and does_arithmetic(layer)
        and layer.precision in FLOAT_TYPES
        and layer.id not in standalone
    )


def _float_glue(layer: EngineLayer, standalone: frozenset[str]) -> bool:
    """A float layer that only moves data (Reformat, Shuffle, Concat, ...): joins islands."""
    if layer.id in standalone or layer.role == "myelin" or _quantized(layer):
        return False
    if layer.output_precision not in FLOAT_TYPES:
        return False
    return layer.role in _GLUE_ROLES or (layer.role == "compute" and not does_arithmetic(layer))


def _islands(
    layers: Sequence[EngineLayer],
    producer: Mapping[str, str],
    consumers: Mapping[str, tuple[str, ...]],
    standalone: frozenset[str],
    onnx_ops: Mapping[str, str],
) -> tuple[tuple[str, ...], ...]:
    """Connected float regions that hold at least one float compute layer."""
    index = {layer.id: layer.index for layer in layers}
    members = {
        layer.id: _float_candidate(layer, standalone)
        for layer in layers
        if _float_candidate(layer, standalone) or _float_glue(layer, standalone)
    }
    ordered = [layer.id for layer in layers if layer.id in members]
    links = (
        (layer.id, other)
        for layer in layers
        if layer.id in members
        for other in _neighbours(layer, producer, consumers, downstream=True)
    )
    groups = connected_groups(ordered, links)
    islands = [
        tuple(sorted(group, key=lambda n: index[n]))
        for group in groups
        if any(members[n] for n in group)
    ]
    islands.sort(key=lambda group: index[group[0]])
    return tuple(islands)


# --------------------------------------------------------------------------------------------
# Wording helpers
# --------------------------------------------------------------------------------------------


def short_name(name: str, limit: int = 60) -> str:
    """A layer name short enough for a title: the ONNX op nodes a fused name is made of.

    >>> short_name("layer1.0.conv2.weight + QuantizeLinear_32 + Conv_34 + Add_42 + Relu_43")
    'Conv_34 + Add_42 + Relu_43'
    >>> short_name("Reformatting CopyNode for Input Tensor 0 to Gemm_441")
    'Reformat before Gemm_441'
    """
    reformat = reformat_side(name)
    if reformat is not None:
        side, served = reformat
        where = "before" if side == "Input" else "after"
        return _clip(f"Reformat {where} {short_name(served, limit)}", limit)
    if is_myelin_name(name):
        return _clip(name, limit)
    if " || " in name:
        return _clip(" || ".join(short_name(p, limit) for p in name.split(" || ")), limit)
    parts = name_parts(name)
    kept = [
        p
        for p in parts
        if not is_qdq_name(p)
        and not p.endswith((".weight", ".bias"))
        and not p.startswith("(Unnamed Layer")
        and not _WEIGHT_NAME.search(p)
    ]
    chosen = kept or list(parts) or [name]
    text = " + ".join(chosen[:3]) + (" + …" if len(chosen) > 3 else "")
    return _clip(text, limit)


def _clip(text: str, limit: int) -> str:
    """Cut text to ``limit`` characters with an ellipsis."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _listing(items: Sequence[str], limit: int = _MAX_NAMED) -> str:
    """``a, b, c and 4 more``."""
    if len(items) <= limit:
        return ", ".join(items)
    return ", ".join(items[:limit]) + f" and {len(items) - limit} more"


def _tensor_text(tensor: TensorInfo) -> str:
    """``onnx::Add_222 (FP16)``."""
    return f"{tensor.name} ({tensor.dtype})"


def _node_text(ctx: Context, node: str) -> str:
    """Describe a graph node (a layer or a binding) for a sentence."""
    if node.startswith("in:"):
        return f"the network input {node[3:]}"
    if node.startswith("out:"):
        return f"the network output {node[4:]}"
    layer = ctx.by_id.get(node)
    if layer is None:
        return node
    return f"{short_name(layer.name)} ({layer.layer_type or 'layer'}, {layer.precision})"


def _time_text(layers: Iterable[EngineLayer]) -> str:
    """`` It costs 0.034 ms per run (3.4% of the profiled time).`` or ``""``."""
    timed = [layer for layer in layers if layer.time_ms is not None]
    if not timed:
        return ""
    total = sum(layer.time_ms or 0.0 for layer in timed)
    share = sum(layer.time_share or 0.0 for layer in timed)
    return f" Profiled time: {total:.4g} ms per run ({share:.3g}% of the total)."


def _evidence_lines(report: Report, layers: Iterable[EngineLayer]) -> tuple[int, ...]:
    """Log lines of the layers and of the pass events that shaped them, sorted."""
    lines: set[int] = set()
    for layer in layers:
        if layer.log_line:
            lines.add(layer.log_line)
        for index in layer.pass_events:
            if 0 <= index < len(report.pass_events):
                line = report.pass_events[index].event.line
                if line:
                    lines.add(line)
    return tuple(sorted(lines))


def _finding(
    report: Report,
    ctx: Context,
    rule: str,
    severity: str,
    title: str,
    explanation: str,
    fix: str,
    layer_ids: Iterable[str],
    tensors: Iterable[str] = (),
    extra_lines: Iterable[int] = (),
) -> Finding:
    """Assemble a finding; its lines are its layers' evidence plus ``extra_lines``."""
    ids = tuple(dict.fromkeys(i for i in layer_ids if i in ctx.by_id))
    lines = set(_evidence_lines(report, (ctx.by_id[i] for i in ids)))
    lines.update(line for line in extra_lines if line)
    return Finding(
        rule=rule,
        severity=severity,
        title=title,
        explanation=explanation,
        fix=fix,
        layer_ids=ids,
        lines=tuple(sorted(lines)),
        tensors=tuple(dict.fromkeys(tensors)),
    )


def _last_op(layer: EngineLayer) -> str:
    """The last ONNX node of a fused layer's name (where a Q after it would go)."""
    names = short_name(layer.name, limit=10_000).split(" + ")
    return names[-1] if names and names[-1] != "…" else layer.name


def _walk_glue_up(ctx: Context, node: str) -> tuple[str, list[str]]:
    """From a producer, skip float Reformats/Shuffles upward: (real producer, skipped ids)."""
    skipped: list[str] = []
    seen: set[str] = set()
    while node in ctx.by_id and node not in seen:
        layer = ctx.by_id[node]
        if layer.role not in ("reformat", "shuffle") or node in ctx.standalone or not layer.inputs:
            break
        seen.add(node)
        skipped.append(node)
        node = ctx.producer.get(layer.inputs[0].name, "")
    return node, skipped


def _only_reaches_outputs(ctx: Context, layer: EngineLayer) -> bool:
    """Whether everything downstream of the layer is float glue ending at network outputs."""
    todo = [c for t in layer.outputs for c in ctx.consumers.get(t.name, ())]
    if not todo:
        return False
    seen: set[str] = set()
    while todo:
        node = todo.pop()
        if node in seen:
            continue
        seen.add(node)
        if node.startswith("out:"):
            continue
        near = ctx.by_id.get(node)
        if near is None or near.role not in ("reformat", "shuffle") or _quantized(near):
            return False
        todo.extend(c for t in near.outputs for c in ctx.consumers.get(t.name, ()))
    return True


# --------------------------------------------------------------------------------------------
# Rule 1: precision islands
# --------------------------------------------------------------------------------------------


def precision_islands(report: Report, ctx: Context) -> list[Finding]:
    """Float compute layers in a Q/DQ network, one finding per connected island."""
    if not ctx.is_qdq:
        return []
    ops = ctx.onnx_ops
    findings = []
    for island in ctx.islands:
        members = set(island)
        layers = [ctx.by_id[i] for i in island]
        compute = [layer for layer in layers if _float_candidate(layer, ctx.standalone)]
        matmuls = [layer for layer in compute if is_matmul(layer)]
        asked = [layer for layer in compute if _qdq_parts(layer, ops)]
        above = any(i in ctx.quantized_above for i in island)
        below = any(i in ctx.quantized_below for i in island)
        entries = _island_edges(ctx, layers, members, inward=True)
        exits = _island_edges(ctx, layers, members, inward=False)
        if asked or (matmuls and above and below):
            severity = "error"
        elif matmuls or (above and below):
            severity = "warning"
        else:
            severity = "info"
        precisions = "/".join(sorted({layer.precision for layer in compute}))
        names = [short_name(layer.name, 40) for layer in compute]
        if above and below:
            where = f"{precisions} island between INT8 layers"
        elif above:
            where = f"{precisions} tail after the last INT8 layer"
        elif below:
            where = f"{precisions} head before the first INT8 layer"
        else:
            where = f"{precisions} region with no INT8 layer around it"
        title = f"{where}: {_listing(names, 3)}"
        explanation = _island_explanation(ctx, compute, entries, exits, asked, above, below)
        fix = _island_fix(ctx, compute, matmuls, exits, above, below, severity)
        boundary = [n for _, n in entries + exits if n in ctx.by_id]
        tensors = [t.name for t, _ in entries + exits]
        findings.append(
            _finding(
                report,
                ctx,
                "precision-island",
                severity,
                title,
                explanation + _time_text(layers),
                fix,
                [*(x.id for x in compute), *island, *boundary],
                tensors,
            )
        )
    return findings


def _island_edges(
    ctx: Context, layers: Sequence[EngineLayer], members: set[str], *, inward: bool
) -> list[tuple[TensorInfo, str]]:
    """Tensors crossing an island's border: (tensor, outside node), in order, no repeats."""
    found: dict[tuple[str, str], tuple[TensorInfo, str]] = {}
    for layer in layers:
        if inward:
            for tensor in layer.inputs:
                node = ctx.producer.get(tensor.name, "")
                if node not in members:
                    found.setdefault((tensor.name, node), (tensor, node))
        else:
            for tensor in layer.outputs:
                for node in ctx.consumers.get(tensor.name, ()):
                    if node not in members:
                        found.setdefault((tensor.name, node), (tensor, node))
    return list(found.values())


def _island_explanation(
    ctx: Context,
    compute: Sequence[EngineLayer],
    entries: Sequence[tuple[TensorInfo, str]],
    exits: Sequence[tuple[TensorInfo, str]],
    asked: Sequence[EngineLayer],
    above: bool,
    below: bool,
) -> str:
    """Why the island is float: its layers, and the Q/DQ situation at its edges."""
    described = _listing(
        [f"{short_name(x.name)} ({x.layer_type}, {x.precision})" for x in compute], 6
    )
    if above and below:
        where = "between quantized layers of this Q/DQ network"
    elif above:
        where = "after the last quantized layer of this Q/DQ network"
    elif below:
        where = "before the first quantized layer of this Q/DQ network"
    else:
        where = "in this Q/DQ network, with no quantized layer up- or downstream"
    parts = [f"These compute layers run in float {where}: {described}."]
    if asked:
        parts.append(
            "Their fused names show Q/DQ nodes ("
            + _listing(sorted({p for x in asked for p in name_parts(x.name) if is_qdq_name(p)}))
            + "), so INT8 was asked for, but an input or output was left unquantized."
        )
    for tensor, node in entries:
        parts.append(_entry_sentence(ctx, tensor, node))
    for tensor, node in exits:
        parts.append(_exit_sentence(ctx, tensor, node))
    return " ".join(parts)


def _entry_sentence(ctx: Context, tensor: TensorInfo, node: str) -> str:
    """One sentence on a tensor entering an island."""
    if not node:
        return f"Input {_tensor_text(tensor)} has no producer in the engine."
    if node.startswith("in:"):
        return (
            f"Input: {_tensor_text(tensor)} is the network input, with no "
            f"QuantizeLinear/DequantizeLinear pair on it."
        )
    layer = ctx.by_id.get(node)
    if layer is not None and node in ctx.standalone:
        return (
            f"Input: {_tensor_text(tensor)} comes from {layer.name}, a DequantizeLinear kept "
            f"as a separate layer."
        )
    if layer is not None and _quantized(layer):
        return (
            f"Input: {_node_text(ctx, node)} computes in {layer.precision} but writes "
            f"{_tensor_text(tensor)}: there is no Q/DQ pair between it and this island."
        )
    return f"Input: {_tensor_text(tensor)} comes from {_node_text(ctx, node)}."


def _exit_sentence(ctx: Context, tensor: TensorInfo, node: str) -> str:
    """One sentence on a tensor leaving an island."""
    if node.startswith("out:"):
        return f"Output: {_tensor_text(tensor)} is the network output."
    layer = ctx.by_id.get(node)
    if layer is not None and node in ctx.standalone:
        return (
            f"Output: {_tensor_text(tensor)} is quantized by {layer.name}, a QuantizeLinear "
            f"kept as a separate layer because the layer before it runs in float."
        )
    if layer is not None and _quantized(layer):
        position = next((i for i, t in enumerate(layer.inputs) if t.name == tensor.name), 0)
        if position > 0:
            return (
                f"Output: {_node_text(ctx, node)} takes {_tensor_text(tensor)} as its float "
                f"input #{position} (a residual branch with no Q/DQ)."
            )
        return f"Output: {_node_text(ctx, node)} reads {_tensor_text(tensor)}."
    return f"Output: {_tensor_text(tensor)} goes to {_node_text(ctx, node)}."


def _island_fix(
    ctx: Context,
    compute: Sequence[EngineLayer],
    matmuls: Sequence[EngineLayer],
    exits: Sequence[tuple[TensorInfo, str]],
    above: bool,
    below: bool,
    severity: str,
) -> str:
    """What to change for an island."""
    names = _listing([short_name(x.name, 40) for x in (matmuls or compute)])
    trailing_q = [ctx.by_id[n].name for _, n in exits if n in ctx.standalone]
    if severity == "info":
        return (
            "Nothing to do: no Q/DQ asks for INT8 at this end of the network, and a final "
            "Softmax, pooling or activation usually stays in float. To run "
            f"{names} in INT8 anyway, put a QuantizeLinear/DequantizeLinear pair on its input."
        )
    if matmuls:
        text = (
            f"Quantize {names}: put a QuantizeLinear/DequantizeLinear pair on the input "
            f"activation and on the weights of each"
        )
        if trailing_q:
            text += f"; then {_listing(trailing_q)} can fuse into the layer before it"
        text += "."
        if not (above and below):
            text += (
                " Keeping the first or last layers in float is sometimes a deliberate "
                "accuracy choice; if so, accept the cost."
            )
        return text
    return (
        f"Put a QuantizeLinear/DequantizeLinear pair on the input of {names} (TensorRT runs "
        f"pooling and element-wise layers in INT8 when their input is quantized)"
        + (f", so that {_listing(trailing_q)} can fuse into it" if trailing_q else "")
        + "."
    )


# --------------------------------------------------------------------------------------------
# Rule 2: unfused Q/DQ
# --------------------------------------------------------------------------------------------


def unfused_qdq(report: Report, ctx: Context) -> list[Finding]:
    """Q/DQ nodes that TensorRT kept as layers of their own."""
    if not ctx.is_qdq:
        return []
    findings = []
    for layer in report.layers:
        if layer.id not in ctx.standalone:
            continue
        findings.append(_unfused_finding(report, ctx, layer))
    return findings


def _unfused_finding(report: Report, ctx: Context, layer: EngineLayer) -> Finding:
    """One standalone Q/DQ, classified as expected (at the network's edge) or not."""
    quantizes = _quantizes(layer)
    what = "QuantizeLinear" if quantizes else "DequantizeLinear"
    kind = f"{layer.layer_type or 'layer'}" + (f", Origin {layer.origin}" if layer.origin else "")
    convert = (
        f"{_listing([t.dtype for t in layer.inputs])} → "
        f"{_listing([t.dtype for t in layer.outputs])}"
    )
    tensors = [t.name for t in (*layer.inputs, *layer.outputs)]
    source, skipped = (
        _walk_glue_up(ctx, ctx.producer.get(layer.inputs[0].name, "")) if layer.inputs else ("", [])
    )
    cost = _time_text([layer])
    if quantizes and source.startswith("in:"):
        return _finding(
            report,
            ctx,
            "unfused-qdq",
            "info",
            f"Input quantization: {layer.name} converts {source[3:]} to INT8 (expected)",
            f"{layer.name} ({kind}) converts the network input {source[3:]} "
            f"({convert}) before the first layer. The input arrives in float and no layer "
            f"precedes the first QuantizeLinear, so one quantizing pass is expected.{cost}",
            "Nothing to do. Only if the application can supply INT8 data, build with an INT8 "
            "input format (trtexec --inputIOFormats=int8:chw) to drop this pass.",
            [layer.id, *skipped],
            tensors,
        )
    if not quantizes and _only_reaches_outputs(ctx, layer):
        return _finding(
            report,
            ctx,
            "unfused-qdq",
            "info",
            f"Output dequantization: {layer.name} converts to float before the output (expected)",
            f"{layer.name} ({kind}, {convert}) dequantizes the network's result; only "
            f"Reformats/Shuffles follow it to the output.{cost}",
            "Nothing to do: the network's output is float.",
            [layer.id],
            tensors,
        )
    if quantizes:
        cause, fix, related = _q_cause(ctx, layer, source, skipped)
    else:
        cause, fix, related = _dq_cause(ctx, layer)
    return _finding(
        report,
        ctx,
        "unfused-qdq",
        "warning",
        f"Unfused {what}: {layer.name} is a separate {layer.layer_type or 'layer'} ({convert})",
        f"{layer.name} ({kind}) was not fused into a neighbouring layer: it is an extra pass "
        f"over its tensor ({convert}). {cause}{cost}",
        fix,
        [layer.id, *related],
        tensors,
    )


def _q_cause(
    ctx: Context, layer: EngineLayer, source: str, skipped: Sequence[str]
) -> tuple[str, str, list[str]]:
    """Why a QuantizeLinear stayed separate, the fix, and the layers that show it."""
    via = (
        " (through " + _listing([short_name(ctx.by_id[s].name) for s in skipped]) + ")"
        if skipped
        else ""
    )
    producer = ctx.by_id.get(source)
    if producer is None:
        return (
            "Its input comes from outside the engine's layers.",
            f"Check the Q/DQ placement before {layer.name}.",
            list(skipped),
        )
    related = [*skipped, producer.id]
    tensor = ctx.by_id[skipped[-1]].inputs[0] if skipped else layer.inputs[0]
    if _float_candidate(producer, ctx.standalone):
        return (
            f"Its input{via} comes from {_node_text(ctx, source)}, which runs in float (see "
            f"the precision-island finding), so there is no INT8 layer to fold the Q into.",
            f"Quantize the float layers before {layer.name} (see the precision-island "
            f"finding); the Q then fuses into the output of {short_name(producer.name)}.",
            related,
        )
    others = [
        c
        for c in ctx.consumers.get(tensor.name, ())
        if c != (skipped[-1] if skipped else layer.id) and c not in ctx.standalone
    ]
    own_branch = [t for t in producer.inputs[1:] if t.dtype in FLOAT_TYPES]
    if own_branch and producer.precision in QUANTIZED_TYPES:
        add = _residual_add(producer) or short_name(producer.name)
        also = (
            f" Its output also feeds {_listing([_node_text(ctx, c) for c in others])} in float."
            if others
            else ""
        )
        return (
            f"{_node_text(ctx, source)} writes {_tensor_text(tensor)}{via} because its fused "
            f"{add} takes the float branch {_listing([_tensor_text(t) for t in own_branch])} "
            f"(see the int8-float-io finding); a layer that adds a float branch writes float, "
            f"so the Q cannot be folded into it.{also}",
            f"Add a QuantizeLinear/DequantizeLinear pair on the residual branch input of {add} "
            f"(tensor {_listing([t.name for t in own_branch])}); {short_name(producer.name)} "
            f"then writes INT8 and {layer.name} fuses into it.",
            [*related, *[c for c in others if c in ctx.by_id]],
        )
    if others:
        other_text = _listing([_node_text(ctx, c) for c in others])
        adds = [
            p
            for c in others
            if c in ctx.by_id
            for p in name_parts(ctx.by_id[c].name)
            if _is_add_node(p)
        ]
        target = f"the residual branch input of {adds[0]}" if adds else f"the input of {other_text}"
        return (
            f"{_node_text(ctx, source)} writes {_tensor_text(tensor)}{via}, and that tensor "
            f"also feeds {other_text} in float; TensorRT folds a Q into the layer before it "
            f"only when every reader of the tensor is quantized.",
            f"Add a QuantizeLinear/DequantizeLinear pair on {target} (tensor {tensor.name}), "
            f"so {tensor.name} is stored once in INT8 and {layer.name} fuses into "
            f"{short_name(producer.name)}.",
            [*related, *[c for c in others if c in ctx.by_id]],
        )
    return (
        f"{_node_text(ctx, source)} writes {_tensor_text(tensor)}{via}; TensorRT did not fold "
        f"the Q into it.",
        f"Check that {short_name(producer.name)} is a layer TensorRT can give an INT8 output "
        f"(convolution, pointwise, pooling) and that no Reformat or Shuffle sits between them.",
        related,
    )


def _dq_cause(ctx: Context, layer: EngineLayer) -> tuple[str, str, list[str]]:
    """Why a DequantizeLinear stayed separate, the fix, and the layers that show it."""
    readers = [c for t in layer.outputs for c in ctx.consumers.get(t.name, ()) if c in ctx.by_id]
    for reader_id in readers:
        reader = ctx.by_id[reader_id]
        floats = [t for t in reader.outputs if t.dtype in FLOAT_TYPES]
        if (_quantized(reader) or reader.precision in QUANTIZED_TYPES) and floats:
            after = [_node_text(ctx, c) for t in floats for c in ctx.consumers.get(t.name, ())]
            return (
                f"It feeds {_node_text(ctx, reader_id)}, which computes in INT8 but writes "
                f"{_listing([_tensor_text(t) for t in floats])}; a fused residual Add can "
                f"take a quantized branch only when the layer writes INT8, so this branch "
                f"is dequantized on its own.",
                f"Quantize the output of {short_name(reader.name)}: put a "
                f"QuantizeLinear/DequantizeLinear pair after {_last_op(reader)}"
                + (f" (before {_listing(after)})" if after else "")
                + f"; {layer.name} then fuses into it.",
                [reader_id],
            )
        if _float_candidate(reader, ctx.standalone):
            return (
                f"It feeds {_node_text(ctx, reader_id)}, which runs in float (see the "
                f"precision-island finding).",
                f"Quantize {short_name(reader.name)} (Q/DQ on its other inputs and weights) so "
                f"the DQ fuses into it, or remove the Q/DQ pair if float is intended there.",
                [reader_id],
            )
    return (
        "No neighbour could absorb it.",
        f"Check the Q/DQ placement after {layer.name}.",
        readers,
    )


# --------------------------------------------------------------------------------------------
# Rule 3: Reformats
# --------------------------------------------------------------------------------------------


def _plain_reformats(report: Report, ctx: Context) -> list[EngineLayer]:
    """Reformat layers the builder added (not standalone Q/DQ), with known types."""
    return [
        layer
        for layer in report.layers
        if layer.role == "reformat"
        and layer.id not in ctx.standalone
        and layer.input_precision not in ("unknown", MIXED)
        and layer.output_precision not in ("unknown", MIXED)
    ]


def _changes_type(layer: EngineLayer) -> bool:
    """Whether a Reformat's input and output types differ."""
    return layer.input_precision != layer.output_precision


def _reformat_place(ctx: Context, layer: EngineLayer) -> str:
    """``between A and B``, for a Reformat."""
    before = [ctx.producer.get(t.name, "") for t in layer.inputs]
    after = [c for t in layer.outputs for c in ctx.consumers.get(t.name, ())]
    src = _listing([short_name(ctx.by_id[b].name) if b in ctx.by_id else b[3:] for b in before])
    dst = _listing([short_name(ctx.by_id[a].name) if a in ctx.by_id else a[4:] for a in after])
    return f"between {src or '?'} and {dst or '?'}"


def type_reformats(report: Report, ctx: Context) -> list[Finding]:
    """Reformats that change the data type, as one finding with count, time and places."""
    if not ctx.has_quantized:
        return []
    changing = [layer for layer in _plain_reformats(report, ctx) if _changes_type(layer)]
    if not changing:
        return []
    kinds: dict[str, int] = {}
    for layer in changing:
        key = f"{layer.input_precision}→{layer.output_precision}"
        kinds[key] = kinds.get(key, 0) + 1
    counted = ", ".join(f"{k} ×{v}" for k, v in sorted(kinds.items()))
    places = [
        f"{short_name(layer.name)} ({layer.input_precision}→{layer.output_precision}, "
        f"{_reformat_place(ctx, layer)})"
        for layer in changing
    ]
    added = _added_lines(report, changing)
    severity = "warning" if ctx.is_qdq else "info"
    fix = (
        "Each sits where a float layer meets an INT8 one or FP16 meets FP32: quantize the "
        "float side (see the precision-island and int8-float-io findings) or keep both sides "
        "in one type; remove Casts between them."
        if ctx.is_qdq
        else "Expected without Q/DQ nodes: TensorRT picks each layer's type (from timing, or "
        "from the layer itself) and converts between them. Q/DQ nodes would let you decide "
        "where the conversions go."
    )
    return [
        _finding(
            report,
            ctx,
            "type-reformat",
            severity,
            f"{len(changing)} type-changing Reformat{'s' if len(changing) > 1 else ''} ({counted})",
            f"TensorRT inserted Reformats that convert tensors between types: "
            f"{_listing(places, 8)}. Each is a full read and write of its tensor."
            + _time_text(changing),
            fix,
            [layer.id for layer in changing],
            [t.name for layer in changing for t in layer.outputs],
            added,
        )
    ]


def _added_lines(report: Report, layers: Sequence[EngineLayer]) -> list[int]:
    """``Adding reformat layer:`` lines that name one of these Reformats' outputs.

    Every Reformat's output takes part in the matching (see :func:`mentioned_names`), so that
    ``... to Conv_1`` is not found in a line about ``... to Conv_1 + Relu_2``.
    """
    wanted = {t.name for layer in layers for t in layer.outputs}
    known = wanted.union(
        t.name for layer in report.layers if layer.role == "reformat" for t in layer.outputs
    )
    return [
        sample.line
        for sample in report.reformats_added
        if not wanted.isdisjoint(mentioned_names(sample.text, known))
    ]


def layout_reformats(report: Report, ctx: Context) -> list[Finding]:
    """Reformats that only change the layout, as one ``info`` finding (quantized nets only)."""
    if not ctx.has_quantized:
        return []
    same = [layer for layer in _plain_reformats(report, ctx) if not _changes_type(layer)]
    if not same:
        return []
    noop = [layer for layer in same if layer.layer_type == "NoOp"]
    places = [
        f"{short_name(layer.name)} ({layer.output_precision}, "
        f"{_reformat_place(ctx, layer)}" + (", NoOp" if layer.layer_type == "NoOp" else "") + ")"
        for layer in same
    ]
    note = (
        f" {len(noop)} of them are NoOp layers: TensorRT only relabels the layout, no copy runs."
        if noop
        else ""
    )
    return [
        _finding(
            report,
            ctx,
            "layout-reformat",
            "info",
            f"{len(same)} layout-only Reformat{'s' if len(same) > 1 else ''}",
            f"Reformats that keep the type and change the memory layout (e.g. INT8 32-wide "
            f"to 4-wide channel vectors before a fully connected layer): {_listing(places, 8)}."
            f"{note}" + _time_text(same),
            "Usually nothing to do: a kernel needed another layout. If one is costly, see "
            "whether its neighbours can agree on a layout (channel counts that are multiples "
            "of 32 for INT8).",
            [layer.id for layer in same],
            [t.name for layer in same for t in layer.outputs],
            _added_lines(report, same),
        )
    ]


# --------------------------------------------------------------------------------------------
# Rule 4: INT8 layers with float inputs or outputs
# --------------------------------------------------------------------------------------------


def int8_float_io(report: Report, ctx: Context) -> list[Finding]:
    """INT8 layers writing float or taking a float second input; layers mixing the two."""
    if not ctx.is_qdq:
        return []
    findings = []
    for layer in report.layers:
        if not is_compute(layer, ctx.onnx_ops):
            continue
        if layer.precision in QUANTIZED_TYPES:
            found = _int8_layer_finding(report, ctx, layer)
        elif layer.precision == MIXED and set(layer.precision_parts) & QUANTIZED_TYPES:
            found = _mixed_layer_finding(report, ctx, layer)
        else:
            found = None
        if found is not None:
            findings.append(found)
    return findings


def _is_add_node(node: str) -> bool:
    """Whether an ONNX node name is an Add or a Sum (``Add_42``, ``/layer1/layer1.0/Add``).

    >>> [_is_add_node(n) for n in ("Add_42", "/input_blocks.1/input_blocks.1.0/Add", "add_1")]
    [True, True, True]
    >>> [_is_add_node(n) for n in ("Conv_9", "AddBias_3", "/enc/Summary")]
    [False, False, False]
    """
    return _ADD_NODE.fullmatch(node.rsplit("/", 1)[-1]) is not None


_ADD_NODE = re.compile(r"(?i:add|sum)(?:[_.:]?\d+)?")
"""The last path segment of an ONNX Add or Sum node's name (``Add``, ``Add_42``, ``add_1``)."""


def _residual_add(layer: EngineLayer) -> str:
    """The Add/Sum node fused into a layer, or ``""``."""
    return next((part for part in name_parts(layer.name) if _is_add_node(part)), "")


def _int8_layer_finding(report: Report, ctx: Context, layer: EngineLayer) -> Finding | None:
    """An INT8 compute layer with a float second input, or a float output not explained else."""
    float_inputs = [t for t in layer.inputs[1:] if t.dtype in FLOAT_TYPES]
    float_outputs = [t for t in layer.outputs if t.dtype in FLOAT_TYPES]
    name = short_name(layer.name)
    if float_inputs:
        add = _residual_add(layer) or name
        sources = [ctx.producer.get(t.name, "") for t in float_inputs]
        if float_outputs and all(s in ctx.standalone for s in sources):
            after = [c for t in float_outputs for c in ctx.consumers.get(t.name, ())]
            reader_text = _listing([_node_text(ctx, c) for c in after])
            return _finding(
                report,
                ctx,
                "int8-float-io",
                "warning",
                f"{name} computes in INT8 but writes "
                f"{'/'.join(sorted({t.dtype for t in float_outputs}))}, so its residual "
                f"{add} is dequantized separately",
                f"{layer.name} ({layer.layer_type}) computes in INT8 and writes "
                f"{_listing([_tensor_text(t) for t in float_outputs])} (read by {reader_text}) "
                f"with no Q after it. Its residual branch "
                f"{_listing([_tensor_text(t) for t in float_inputs])} is quantized, but "
                f"because the layer writes float the branch must be float too: its "
                f"DequantizeLinear ({_listing([ctx.by_id[s].name for s in sources])}) stays "
                f"a separate layer." + _time_text([layer]),
                f"Quantize the output of {_last_op(layer)}: put a "
                f"QuantizeLinear/DequantizeLinear pair before {reader_text}; the layer then "
                f"writes INT8 and the residual DequantizeLinear fuses into it.",
                [layer.id, *sources, *[c for c in after if c in ctx.by_id]],
                [t.name for t in (*float_inputs, *float_outputs)],
            )
        text = [
            f"{layer.name} ({layer.layer_type}) computes in INT8, but its input "
            f"{_listing([_tensor_text(t) for t in float_inputs])} (from "
            f"{_listing([_node_text(ctx, s) for s in sources if s])}) is float: the "
            f"residual branch of {add} carries no Q/DQ, so TensorRT adds it in float."
        ]
        if float_outputs:
            text.append(
                f"Its output {_listing([_tensor_text(t) for t in float_outputs])} is float "
                f"too, so the next layers need a separate QuantizeLinear."
            )
        return _finding(
            report,
            ctx,
            "int8-float-io",
            "warning",
            f"Residual {add} in {name} takes an unquantized "
            f"{'/'.join(sorted({t.dtype for t in float_inputs}))} branch",
            " ".join(text) + _time_text([layer]),
            f"Add a QuantizeLinear/DequantizeLinear pair on the residual branch input of {add} "
            f"(tensor {_listing([t.name for t in float_inputs])}), with the scale of the "
            f"branch it joins, so the Add runs on INT8 data and writes INT8.",
            [layer.id, *[s for s in sources if s in ctx.by_id]],
            [t.name for t in (*float_inputs, *float_outputs)],
        )
    if not float_outputs:
        return None
    readers = [pair for t in float_outputs for pair in _readers_past_glue(ctx, t)]
    unexplained = [
        (t, c)
        for t, c in readers
        if c not in ctx.island_of
        and not _reads_as_residual(ctx, c, t.name)
        and not _mixes_quantized(ctx, c)
    ]
    if all(c in ctx.standalone for _, c in unexplained):
        return None  # the island, the reader's residual or the unfused-qdq finding tells it
    out_text = _listing([_tensor_text(t) for t in float_outputs])
    if _only_reaches_outputs(ctx, layer):
        return _finding(
            report,
            ctx,
            "int8-float-io",
            "info",
            f"{name} computes in INT8 and writes float for the output (expected)",
            f"{layer.name} ({layer.layer_type}) computes in INT8 and writes {out_text}; only "
            f"Reformats/Shuffles follow it to the network output, so this is the final "
            f"dequantize.",
            "Nothing to do: the network's output is float.",
            [layer.id],
            [t.name for t in float_outputs],
        )
    reader_text = _listing([_node_text(ctx, c) for _, c in unexplained])
    return _finding(
        report,
        ctx,
        "int8-float-io",
        "warning",
        f"{name} computes in INT8 but writes {'/'.join(sorted({t.dtype for t in float_outputs}))}"
        f" (no Q after it)",
        f"{layer.name} ({layer.layer_type}) computes in INT8 but writes {out_text}, read by "
        f"{reader_text}. No QuantizeLinear follows it that TensorRT could fuse, so the "
        f"tensor travels in float and is quantized again later." + _time_text([layer]),
        f"Quantize the output of {_last_op(layer)} with a QuantizeLinear/DequantizeLinear "
        f"pair before every reader ({reader_text}), with one shared scale, so TensorRT fuses "
        f"the Q into {name}.",
        [layer.id, *[c for _, c in unexplained if c in ctx.by_id]],
        [t.name for t in float_outputs],
    )


def _readers_past_glue(ctx: Context, tensor: TensorInfo) -> list[tuple[TensorInfo, str]]:
    """Who reads a tensor, looking through float Reformats and Shuffles: (tensor read, node)."""
    found: list[tuple[TensorInfo, str]] = []
    todo = [(tensor, c) for c in ctx.consumers.get(tensor.name, ())]
    seen: set[str] = set()
    while todo:
        read, node = todo.pop(0)
        layer = ctx.by_id.get(node)
        if (
            layer is None
            or node in ctx.standalone
            or layer.role not in ("reformat", "shuffle")
            or _quantized(layer)
        ):
            found.append((read, node))
            continue
        if node in seen:
            continue
        seen.add(node)
        todo.extend((t, c) for t in layer.outputs for c in ctx.consumers.get(t.name, ()))
    return found


def _mixes_quantized(ctx: Context, node: str) -> bool:
    """Whether a node is a compute layer mixing quantized and float inputs (its own finding)."""
    layer = ctx.by_id.get(node)
    return (
        layer is not None
        and layer.precision == MIXED
        and bool(set(layer.precision_parts) & QUANTIZED_TYPES)
    )


def _reads_as_residual(ctx: Context, node: str, tensor: str) -> bool:
    """Whether an INT8 layer reads ``tensor`` as a non-first (residual) input."""
    layer = ctx.by_id.get(node)
    if layer is None or layer.precision not in QUANTIZED_TYPES or node in ctx.standalone:
        return False
    return any(t.name == tensor for t in layer.inputs[1:])


def _mixed_layer_finding(report: Report, ctx: Context, layer: EngineLayer) -> Finding:
    """A compute layer whose inputs mix INT8 and float."""
    floats = [t for t in layer.inputs if t.dtype in FLOAT_TYPES]
    ints = [t for t in layer.inputs if t.dtype in QUANTIZED_TYPES]
    sources = [ctx.producer.get(t.name, "") for t in floats]
    return _finding(
        report,
        ctx,
        "int8-float-io",
        "warning",
        f"{short_name(layer.name)} mixes {'/'.join(layer.precision_parts)} inputs",
        f"{layer.name} ({layer.layer_type}) reads {_listing([_tensor_text(t) for t in ints])} "
        f"and {_listing([_tensor_text(t) for t in floats])}: one input is quantized, the other "
        f"is not, so the layer runs in float on converted data.",
        f"Add a QuantizeLinear/DequantizeLinear pair on "
        f"{_listing([t.name for t in floats])} so both inputs of "
        f"{short_name(layer.name)} are quantized (with the same scale for an Add or Concat).",
        [layer.id, *[s for s in sources if s in ctx.by_id]],
        [t.name for t in layer.inputs],
    )


# --------------------------------------------------------------------------------------------
# Rule 5: quantization warnings
# --------------------------------------------------------------------------------------------

_MISSING_SCALE = re.compile(
    r"Missing scale and zero-point for tensor (?P<tensor>.+?)(?:, expect\b|,?\s*$)"
)
_CALIBRATOR_EXPLICIT = re.compile(r"Calibrator won't be used in explicit precision mode")
_CALIBRATOR_UNUSED = re.compile(r"Calibrator is not being used")
_QUANT_TEXT = re.compile(
    r"(?i)\bint8\b|quantiz|zero[- ]?point|dynamic range|q/dq|\bqdq\b|calibrat|\bscales?\b"
)


def quant_warnings(report: Report, ctx: Context) -> list[Finding]:
    """Importer and builder warnings about quantization, grouped by kind."""
    missing: list[tuple[int, str]] = []
    explicit: list[int] = []
    unused: list[int] = []
    other: dict[str, list[int]] = {}
    for sample in report.warnings:
        text = sample.text
        match = _MISSING_SCALE.search(text + " ")
        if match:
            missing.append((sample.line, match.group("tensor")))
        elif _CALIBRATOR_EXPLICIT.search(text):
            explicit.append(sample.line)
        elif _CALIBRATOR_UNUSED.search(text):
            unused.append(sample.line)
        elif _QUANT_TEXT.search(text):
            other.setdefault(text.strip(), []).append(sample.line)
    findings: list[Finding] = []
    if missing:
        findings.append(_missing_scale_finding(report, ctx, missing))
    if explicit:  # the warning makes the network Q/DQ (see is_qdq_network)
        findings.append(
            _finding(
                report,
                ctx,
                "quant-warning",
                "info",
                "Calibrator ignored in explicit precision mode (expected)",
                "The builder warned that the calibrator won't be used in explicit precision "
                "mode: the network has Q/DQ nodes, so their scales are used and any "
                "calibration (--calib, a calibrator object) is ignored.",
                "Nothing to do; drop the calibrator from the build to silence the warning.",
                [],
                extra_lines=explicit,
            )
        )
    if unused:
        findings.append(
            _finding(
                report,
                ctx,
                "quant-warning",
                "info",
                "INT8 without a calibrator: placeholder dynamic ranges",
                "The builder warned that no calibrator is used and that dynamic ranges must "
                "be given for every tensor. trtexec then sets placeholder ranges: the "
                "engine's speed is representative of INT8, its accuracy is not.",
                "For accuracy, calibrate (--calib=cache) or export the model with Q/DQ nodes "
                "(quantization-aware training or PTQ with Q/DQ).",
                [],
                extra_lines=unused,
            )
        )
    layers_named_in = _layer_name_finder(ctx)
    for text, lines in other.items():
        findings.append(
            _finding(
                report,
                ctx,
                "quant-warning",
                "warning",
                f"Builder warning about quantization: {_clip(text, 80)}",
                f"The log warns ({len(lines)}×): {text}",
                "Read the warning against the layers it names; it usually points to scales, "
                "weights or Q/DQ placement TensorRT could not honour.",
                layers_named_in(text),
                extra_lines=lines,
            )
        )
    return findings


def _missing_scale_finding(
    report: Report, ctx: Context, missing: Sequence[tuple[int, str]]
) -> Finding:
    """``Missing scale and zero-point`` warnings, tied to the layers touching the tensors."""
    tensors = list(dict.fromkeys(tensor for _, tensor in missing))
    wanted = set(tensors)
    touching = [
        layer.id
        for layer in ctx.by_id.values()
        if any(t.name in wanted for t in (*layer.inputs, *layer.outputs))
    ]
    where = "this Q/DQ network" if ctx.is_qdq else "this INT8 build"
    return _finding(
        report,
        ctx,
        "quant-warning",
        "warning",
        f"Missing scale and zero-point for {len(tensors)} tensor"
        f"{'s' if len(tensors) > 1 else ''}: {_listing(tensors, 3)}",
        f"The builder has no scale for {_listing(tensors, 8)} in {where}; any layer reading "
        f"or writing these tensors falls back to a non-INT8 implementation.",
        "Put a QuantizeLinear/DequantizeLinear pair on these tensors (Q/DQ network), or give "
        "them a dynamic range / calibrate them (implicit INT8).",
        touching,
        tensors,
        [line for line, _ in missing],
    )


def _layer_name_finder(ctx: Context) -> Callable[[str], list[str]]:
    """A function giving the layers whose name, or whose tensors' names, a warning's text
    mentions (the names are gathered once, for all the warnings).

    Names shorter than four characters and numbers (``x``, ``176``) are too ambiguous to look
    for; the others are matched as whole names (see :func:`mentioned_names`).
    """
    names_of = {
        layer.id: {layer.name, *(t.name for t in (*layer.inputs, *layer.outputs))}
        for layer in ctx.by_id.values()
    }
    candidates = {
        name
        for names in names_of.values()
        for name in names
        if len(name) >= 4 and not name.isdigit()
    }

    def layers_named_in(text: str) -> list[str]:
        mentioned = mentioned_names(text, candidates)
        return [layer_id for layer_id, names in names_of.items() if not names.isdisjoint(mentioned)]

    return layers_named_in


def mentioned_names(text: str, names: Iterable[str]) -> set[str]:
    """The names of ``names`` that ``text`` mentions as whole names.

    Names may hold any character (spaces, brackets, ``+``, ``/``, ``:``), so an occurrence is
    told from a piece of a longer name by its surroundings: it counts when no letter, digit or
    underscore touches it on either side, and when it does not lie inside an occurrence of a
    longer name of ``names`` (a fused layer's name holds the names of its parts).

    >>> sorted(mentioned_names("scale of Conv_10 missing", ["Conv_1", "Conv_10"]))
    ['Conv_10']
    >>> sorted(mentioned_names("in 'Conv_1 + Relu_2'.", ["Conv_1", "Conv_1 + Relu_2", "Relu_2"]))
    ['Conv_1 + Relu_2']
    >>> sorted(mentioned_names("Conv_1, then Conv_1 + Relu_2", ["Conv_1", "Conv_1 + Relu_2"]))
    ['Conv_1', 'Conv_1 + Relu_2']
    >>> mentioned_names("in x(Unnamed Layer* 3) [Shuffle]", ["(Unnamed Layer* 3) [Shuffle]"])
    {'(Unnamed Layer* 3) [Shuffle]'}
    """
    spans: list[tuple[int, int, str]] = []
    for name in set(names):
        if not name or name not in text:
            continue
        # Like a regex's \b: a neighbour only matters next to a letter, digit or "_" of the name.
        check_before = _touches_name(name, 0)
        check_after = _touches_name(name, len(name) - 1)
        start = text.find(name)
        while start >= 0:
            end = start + len(name)
            if not (check_before and _touches_name(text, start - 1)) and not (
                check_after and _touches_name(text, end)
            ):
                spans.append((start, end, name))
            start = text.find(name, start + 1)
    return {
        name
        for start, end, name in spans
        if not any(
            outer_start <= start and end <= outer_end and outer_end - outer_start > end - start
            for outer_start, outer_end, _ in spans
        )
    }


def _touches_name(text: str, index: int) -> bool:
    """Whether the character at ``index`` (if any) would continue a name: a letter, digit, ``_``."""
    if not 0 <= index < len(text):
        return False
    char = text[index]
    return char.isalnum() or char == "_"


# --------------------------------------------------------------------------------------------
# Rule 6: Myelin regions and DLA placement
# --------------------------------------------------------------------------------------------


def myelin_qdq(report: Report, ctx: Context) -> list[Finding]:
    """Myelin regions (``{ForeignNode[...]}``) that hold Q/DQ nodes."""
    if not ctx.is_qdq:
        return []
    ops = ctx.onnx_ops
    fated: dict[str, list[str]] = {}
    for fate in report.node_fates:
        if fate.op_type in _QDQ_OPS and fate.layer_id:
            fated.setdefault(fate.layer_id, []).append(fate.node)
    findings = []
    for layer in report.layers:
        if layer.role != "myelin":
            continue
        held = list(dict.fromkeys([*_qdq_parts(layer, ops), *fated.get(layer.id, [])]))
        if not held:
            continue
        io = _listing([_tensor_text(t) for t in (*layer.inputs, *layer.outputs)], 6)
        findings.append(
            _finding(
                report,
                ctx,
                "myelin-qdq",
                "warning",
                f"Myelin region {short_name(layer.name)} swallows {len(held)} Q/DQ node"
                f"{'s' if len(held) > 1 else ''}",
                f"{short_name(layer.name, 120)} is compiled by Myelin as one opaque layer and "
                f"holds {_listing(held, 6)}. Which of its operations run in INT8 is not "
                f"visible in the layer information; its tensors at the border: {io}."
                + _time_text([layer]),
                "Check the region's kernels in the profile; if its matrix multiplies should be "
                "INT8, place Q/DQ on both inputs of each MatMul as TensorRT's transformer "
                "guidance describes, or use a TensorRT version whose Myelin fuses this "
                "pattern.",
                [layer.id],
                [t.name for t in (*layer.inputs, *layer.outputs)],
            )
        )
    return findings


def _dla_requested(report: Report) -> bool:
    """Whether the build asked for DLA (a ``DLACore`` option or ``--useDLACore``)."""
    for section in report.options:
        for key, value in section.items:
            if key.replace(" ", "").lower() in ("dlacore", "usedlacore"):
                text = value.strip().lower()
                if text and text not in ("none", "-1", "disabled"):
                    return True
    return "--useDLACore" in report.header.command


def dla_fallback(report: Report, ctx: Context) -> list[Finding]:
    """Layers placed on the GPU in a build that asked for DLA."""
    if not _dla_requested(report):
        return []
    on_gpu = [layer for layer in report.layers if layer.device == "GPU"]
    if not on_gpu or not any(layer.device == "DLA" for layer in report.layers):
        return []
    return [
        _finding(
            report,
            ctx,
            "dla-fallback",
            "warning",
            f"{len(on_gpu)} layer{'s' if len(on_gpu) > 1 else ''} fell back from DLA to GPU",
            f"DLA was requested, but the builder placed "
            f"{_listing([short_name(x.name) for x in on_gpu], 8)} on the GPU (the log's "
            f"'Layers Running on GPU' list); each switch between DLA and GPU costs a copy.",
            "Check the DLA restrictions for these layer types and shapes (INT8/FP16 only, "
            "supported kernel sizes); reshape the model around them or accept GPU fallback.",
            [layer.id for layer in on_gpu],
        )
    ]


# --------------------------------------------------------------------------------------------
# Rule 7: horizontal merges
# --------------------------------------------------------------------------------------------


def horizontal_merges(report: Report, ctx: Context) -> list[Finding]:
    """Parallel convolutions reading one tensor with the same geometry, not merged."""
    if not ctx.is_qdq:
        return []
    groups: dict[str, list[EngineLayer]] = {}
    for layer in report.layers:
        if is_matmul(layer) and layer.role == "compute" and layer.inputs:
            groups.setdefault(layer.inputs[0].name, []).append(layer)
    merged = [layer for layer in report.layers if " || " in layer.name]
    findings = []
    for tensor, layers in groups.items():
        by_shape: dict[tuple[str, ...], list[EngineLayer]] = {}
        for layer in layers:
            geometry = _geometry(layer)
            if geometry is not None:
                by_shape.setdefault((layer.precision, *geometry), []).append(layer)
        for key, same in by_shape.items():
            if len(same) < 2:
                continue
            names = [short_name(x.name) for x in same]
            shown = ", ".join(f"{k} {v}" for k, v in zip(_GEOMETRY_KEYS, key[1:], strict=True))
            seen_merges = (
                f" The engine does hold {len(merged)} merged layer"
                f"{'s' if len(merged) > 1 else ''} elsewhere (e.g. {short_name(merged[0].name)})."
                if merged
                else ""
            )
            findings.append(
                _finding(
                    report,
                    ctx,
                    "horizontal-merge",
                    "info",
                    f"Parallel convolutions {_listing(names, 3)} share {tensor} but were not "
                    f"merged",
                    f"{_listing(names)} all read {tensor} in {key[0]} with the same geometry "
                    f"({shown}). TensorRT can merge such convolutions into one wider layer "
                    f"(named 'A || B'); here they stayed separate.{seen_merges}",
                    f"Give the branches one shared QuantizeLinear/DequantizeLinear (one scale) "
                    f"on {tensor}, so the builder sees identical inputs and can merge them.",
                    [x.id for x in same],
                    [tensor],
                )
            )
    return findings


def _geometry(layer: EngineLayer) -> tuple[str, ...] | None:
    """Kernel, stride, dilation, groups and padding from the layer's details; None if unknown."""
    details = dict(layer.details)
    if "Kernel" not in details or "Stride" not in details:
        return None
    return tuple(details.get(key, "") for key in _GEOMETRY_KEYS)


# --------------------------------------------------------------------------------------------
# Summary and entry point
# --------------------------------------------------------------------------------------------

RULES: tuple[tuple[str, Rule], ...] = (
    ("precision-island", precision_islands),
    ("unfused-qdq", unfused_qdq),
    ("type-reformat", type_reformats),
    ("layout-reformat", layout_reformats),
    ("int8-float-io", int8_float_io),
    ("quant-warning", quant_warnings),
    ("myelin-qdq", myelin_qdq),
    ("dla-fallback", dla_fallback),
    ("horizontal-merge", horizontal_merges),
)
"""The rules in the order they run; each returns findings of its own ``rule`` id."""


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


def sort_findings(findings: Iterable[Finding], by_id: Mapping[str, EngineLayer]) -> list[Finding]:
    """Most severe first, then by the engine index of the finding's first (main) layer, then
    by rule and title; findings that name no layer come last within their severity."""

    def key(finding: Finding) -> tuple[int, int, str, str]:
        known = [by_id[i].index for i in finding.layer_ids if i in by_id]
        first = known[0] if known else len(by_id) + 1
        return (_RANK.get(finding.severity, len(_RANK)), first, finding.rule, finding.title)

    return sorted(findings, key=key)


def analyse(report: Report) -> Report:
    """Return the report with its findings (sorted) and quantization summary filled."""
    ctx = make_context(report)
    found = [finding for _, rule in RULES for finding in rule(report, ctx)]
    findings = sort_findings(found, ctx.by_id)
    return replace(report, findings=tuple(findings), summary=summarise(report, ctx, findings))
