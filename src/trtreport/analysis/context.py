"""Shared facts of the findings rules: layer classes, the :class:`Context` computed once per
report, and the wording helpers every rule uses."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from trtreport.components import connected_groups
from trtreport.layertypes import is_arithmetic_type, is_matmul_type, is_myelin_name, reformat_side
from trtreport.model import MIXED, EngineLayer, Finding, Report, TensorInfo
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


_CALIBRATOR_EXPLICIT = re.compile(r"Calibrator won't be used in explicit precision mode")
"""The builder's warning that a network with Q/DQ nodes ignores its calibrator."""

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


def warning_messages(report: Report) -> list[tuple[str, tuple[int, ...], int]]:
    """Every distinct warning of the build: (text, first lines, count).

    From :attr:`Report.messages` (all of them); a report made without it (an older model)
    falls back on the kept :attr:`Report.warnings`.
    """
    if report.messages:
        return [
            (group.text, group.lines, group.count)
            for group in report.messages
            if group.severity == "warning"
        ]
    merged: dict[str, tuple[list[int], list[int]]] = {}
    for sample in report.warnings:
        lines, count = merged.setdefault(sample.text, ([], [0]))
        lines.append(sample.line)
        count[0] += 1
    return [(text, tuple(lines), count[0]) for text, (lines, count) in merged.items()]


def warning_kinds(report: Report) -> list[tuple[str, tuple[int, ...], int]]:
    """Every warning of the build by kind (the same message about other names or sizes):
    (first text of the kind, first lines, count), in the order first logged."""
    if not report.messages:
        return warning_messages(report)
    kinds: dict[str, tuple[str, list[int], list[int]]] = {}
    for group in report.messages:
        if group.severity != "warning":
            continue
        _, lines, count = kinds.setdefault(group.kind, (group.text, [], [0]))
        lines.extend(group.lines)
        count[0] += group.count
    return [(text, tuple(sorted(lines)[:3]), count[0]) for text, lines, count in kinds.values()]


def is_qdq_network(report: Report) -> bool:
    """Whether the network carries Q/DQ nodes (explicit quantization).

    Evidence: a layer of role ``qdq`` or with ``Origin: QDQ``; a Q/DQ node name in a layer's
    name or ONNX nodes; a ``QuantizeLinear``/``DequantizeLinear`` node in the log's ONNX import;
    a pass event of a Q/DQ pass that acted on a layer; the builder's warning that the calibrator
    won't be used in explicit precision mode (it gives it only for a network with Q/DQ nodes,
    also when the build fails before any engine layer). Implicit INT8 (calibration, or
    ``--int8``/``--best`` without Q/DQ) is not Q/DQ.
    """
    if any(_CALIBRATOR_EXPLICIT.search(text) for text, _, _ in warning_messages(report)):
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


def layer_subject(layer: EngineLayer) -> tuple[str, ...]:
    """What a layer is, in names that survive a rebuild: its ONNX nodes (without weights and
    weight quantizers), else the ONNX nodes its fused name is made of, else its name.

    >>> from trtreport.model import EngineLayer
    >>> name = "c.weight + QuantizeLinear_2 + Conv_3 + Relu_4"
    >>> layer_subject(EngineLayer("L3", 3, name, "", "compute", "INT8", "INT8", "INT8"))
    ('Conv_3', 'Relu_4')
    """
    nodes = [n for n in layer.onnx_nodes if not _WEIGHT_NAME.search(n)]
    if not nodes and not reformat_side(layer.name) and not is_myelin_name(layer.name):
        nodes = [
            p
            for p in name_parts(layer.name)
            if not p.endswith((".weight", ".bias"))
            and not _WEIGHT_NAME.search(p)
            and not p.startswith("(Unnamed Layer")
        ]
        if len(nodes) > 1:
            nodes = [p for p in nodes if not is_qdq_name(p)] or nodes
    return tuple(nodes) if nodes else (layer.name,)


def finding_id(rule: str, subject: Sequence[str]) -> str:
    """``rule:subject``, short and stable: one plain name is kept as it is; several names, or
    a name with spaces, give their first one (clipped) and a hash of them all.

    >>> finding_id("precision-island", ["Softmax_312"])
    'precision-island:Softmax_312'
    >>> finding_id("unfused-qdq", ["QuantizeLinear_9", "Conv_3"])
    'unfused-qdq:Conv_3+1#768e6e1b'
    >>> finding_id("type-reformat", [])
    'type-reformat'
    """
    names = sorted(dict.fromkeys(subject))
    if not names:
        return rule
    if len(names) == 1 and len(names[0]) <= 80 and not any(c.isspace() for c in names[0]):
        return f"{rule}:{names[0]}"
    digest = hashlib.sha256("\n".join(names).encode("utf-8")).hexdigest()[:8]
    first = re.sub(r"\s+", "_", names[0])[:40]
    more = f"+{len(names) - 1}" if len(names) > 1 else ""
    return f"{rule}:{first}{more}#{digest}"


def layer_cost(layers: Iterable[EngineLayer]) -> tuple[int, float | None, float | None]:
    """(layer count, profiled ms per run or None, share of the profiled time in % or None)."""
    listed = list({layer.id: layer for layer in layers}.values())
    timed = [layer for layer in listed if layer.time_ms is not None]
    if not timed:
        return len(listed), None, None
    total = round(sum(layer.time_ms or 0.0 for layer in timed), 6)
    share = round(sum(layer.time_share or 0.0 for layer in timed), 4)
    return len(listed), total, share


@dataclass(frozen=True, slots=True)
class Words:
    """What a finding says, made by a rule's wording function apart from its decision."""

    title: str
    explanation: str
    fix: str


def said(
    report: Report,
    ctx: Context,
    rule: str,
    severity: str,
    words: Words,
    layer_ids: Iterable[str],
    tensors: Iterable[str] = (),
    extra_lines: Iterable[int] = (),
    **identity: Any,
) -> Finding:
    """:func:`_finding` with its words given as :class:`Words` (``identity``: its ``about``,
    ``subject``, ``cost`` and ``parts``)."""
    return _finding(
        report,
        ctx,
        rule,
        severity,
        words.title,
        words.explanation,
        words.fix,
        layer_ids,
        tensors,
        extra_lines,
        **identity,
    )


def cost_key(finding: Finding) -> tuple[float, int, str]:
    """Most costly first: profiled time, then layers, then id."""
    return (-(finding.cost_ms or 0.0), -finding.cost_layers, finding.id)


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
    *,
    about: Iterable[str] | None = None,
    subject: Sequence[str] | None = None,
    cost: Iterable[str] | None = None,
    parts: Sequence[Finding] = (),
) -> Finding:
    """Assemble a finding; its lines are its layers' evidence plus ``extra_lines``.

    Its identity (:func:`finding_id`) comes from ``subject`` (names given as they are) or
    from the layers ``about`` names (ids; by default the first of ``layer_ids``, the layer the
    finding is about); its cost from the layers ``cost`` names (by default those of
    ``about``) and from its ``parts``.
    """
    ids = tuple(dict.fromkeys(i for i in layer_ids if i in ctx.by_id))
    lines = set(_evidence_lines(report, (ctx.by_id[i] for i in ids)))
    lines.update(line for line in extra_lines if line)
    main = [i for i in (ids[:1] if about is None else about) if i in ctx.by_id]
    if subject is None:
        subject = sorted({name for i in main for name in layer_subject(ctx.by_id[i])})
    costed = [ctx.by_id[i] for i in (main if cost is None else cost) if i in ctx.by_id]
    costed += [ctx.by_id[i] for part in parts for i in part.cost_ids if i in ctx.by_id]
    count, ms, share = layer_cost(costed)
    return Finding(
        rule=rule,
        severity=severity,
        title=title,
        explanation=explanation,
        fix=fix,
        layer_ids=ids,
        lines=tuple(sorted(lines)),
        tensors=tuple(dict.fromkeys(tensors)),
        id=finding_id(rule, subject),
        subject=tuple(sorted(dict.fromkeys(subject))),
        cost_layers=count,
        cost_ids=tuple(dict.fromkeys(layer.id for layer in costed)),
        cost_ms=ms,
        cost_share=share,
        parts=tuple(parts),
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
