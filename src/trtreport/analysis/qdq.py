"""The Q/DQ placement rules: float islands, unfused Q/DQ, Reformats, INT8 layers with float
inputs or outputs, quantization warnings, Myelin regions, DLA placement, horizontal merges."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence

from trtreport.analysis.context import (
    _CALIBRATOR_EXPLICIT,
    _GEOMETRY_KEYS,
    _QDQ_OPS,
    FLOAT_TYPES,
    QUANTIZED_TYPES,
    Context,
    _clip,
    _finding,
    _float_candidate,
    _last_op,
    _listing,
    _node_text,
    _only_reaches_outputs,
    _qdq_parts,
    _quantized,
    _quantizes,
    _tensor_text,
    _time_text,
    _walk_glue_up,
    is_compute,
    is_matmul,
    is_qdq_name,
    short_name,
    warning_messages,
)
from trtreport.model import MIXED, EngineLayer, Finding, Report, TensorInfo
from trtreport.provenance import name_parts

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
        unfolded = _unfolded_batchnorms(report, ctx, compute)
        if unfolded:
            said, fix = _batchnorm_words(report, ctx, unfolded)
            explanation = f"{said} {explanation}"
            title = (
                f"{where}: {_listing([node for _, node in unfolded], 2)} not folded into "
                f"its convolution (its parameters are not initializers)"
            )
            severity = "warning" if severity == "info" else severity
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
                about=[x.id for x in compute],
                cost=island,
            )
        )
    return findings


_BATCHNORM_NAME = re.compile(r"(?i)batch_?norm")
_PARAMETER_OPS = frozenset({"Identity", "Cast"})
"""ONNX ops through which a BatchNormalization's parameters may arrive, so that the importer
does not see them as constants."""
_CAST_FOLD_PASSES = frozenset({"ConstCastFold"})


def _unfolded_batchnorms(
    report: Report, ctx: Context, compute: Sequence[EngineLayer]
) -> list[tuple[EngineLayer, str]]:
    """Float layers that hold a BatchNormalization the importer did not make a Scale layer
    (which TensorRT folds into the convolution before it): (layer, BatchNormalization node)."""
    found = []
    for layer in compute:
        # A Scale layer is a BatchNormalization TensorRT can fold; a convolution holding one
        # has folded it.
        if "scale" in layer.layer_type.lower() or is_matmul(layer):
            continue
        for part in (*name_parts(layer.name), *layer.onnx_nodes):
            if ctx.onnx_ops.get(part) == "BatchNormalization" or (
                part not in ctx.onnx_ops and _BATCHNORM_NAME.search(part)
            ):
                found.append((layer, part))
                break
    return found


def _batchnorm_words(
    report: Report, ctx: Context, unfolded: Sequence[tuple[EngineLayer, str]]
) -> tuple[str, str]:
    """The explanation and the fix for BatchNormalizations left as element-wise layers."""
    feeders = sorted(name for name, op in ctx.onnx_ops.items() if op in _PARAMETER_OPS)
    folds = [
        e.event.line
        for e in report.pass_events
        if e.event.pass_name in _CAST_FOLD_PASSES and e.event.line
    ]
    nodes = _listing(list(dict.fromkeys(node for _, node in unfolded)))
    how = (
        f"its parameters arrive through {_listing(feeders, 4)} (Identity/Cast nodes)"
        if feeders
        else "its parameters are not initializers the importer could read (they arrive "
        "through other nodes, such as Identity or Cast)"
    )
    said = (
        f"{nodes} was not folded into the convolution before it: {how}"
        + (f"; the builder's ConstCastFold ran only later (line {folds[0]:,})" if folds else "")
        + ", so the ONNX importer built it from element-wise layers, and those stay in float."
    )
    fix = (
        f"Fold the constants of the ONNX model so that the inputs of {nodes} are initializers "
        "(polygraphy surgeon sanitize --fold-constants, or onnx-simplifier), or export it "
        "without the Identity/Cast on its parameters; TensorRT then folds the "
        "BatchNormalization into the convolution, which runs in INT8. A Q/DQ on the input of "
        "the element-wise layer is not the fix."
    )
    return said, fix


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
    for tensor, node in entries[:_BORDER_SENTENCES]:
        parts.append(_entry_sentence(ctx, tensor, node))
    if len(entries) > _BORDER_SENTENCES:
        parts.append(f"({len(entries) - _BORDER_SENTENCES} more tensors enter it.)")
    for tensor, node in exits[:_BORDER_SENTENCES]:
        parts.append(_exit_sentence(ctx, tensor, node))
    if len(exits) > _BORDER_SENTENCES:
        parts.append(f"({len(exits) - _BORDER_SENTENCES} more tensors leave it.)")
    return " ".join(parts)


_BORDER_SENTENCES = 6
"""Tensors entering (and, apart, leaving) an island that its explanation describes; a large
island's card stays a few lines long."""


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
    return [type_reformat_card(report, ctx, changing)] if changing else []


def reformat_part(report: Report, ctx: Context, layer: EngineLayer, severity: str) -> Finding:
    """One Reformat, as a part of a Reformat card (or of the root cause that forces it)."""
    change = (
        f"{layer.input_precision}→{layer.output_precision}"
        if _changes_type(layer)
        else f"{layer.output_precision}, layout only"
        + (", NoOp" if layer.layer_type == "NoOp" else "")
    )
    return _finding(
        report,
        ctx,
        "type-reformat" if _changes_type(layer) else "layout-reformat",
        severity,
        f"{short_name(layer.name)} ({change})",
        f"{layer.name} ({change}) sits {_reformat_place(ctx, layer)}." + _time_text([layer]),
        "",
        [layer.id],
        [t.name for t in layer.outputs],
        _added_lines(report, [layer]),
    )


def type_reformat_card(report: Report, ctx: Context, changing: Sequence[EngineLayer]) -> Finding:
    """The card of the type-changing Reformats no root cause explains."""
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
    return _finding(
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
        subject=[],
        cost=[layer.id for layer in changing],
        parts=[reformat_part(report, ctx, layer, severity) for layer in changing],
    )


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
    return [layout_reformat_card(report, ctx, same)] if same else []


LAYOUT_SHARE_WORTH_A_WARNING = 1.0
"""Percent of the profiled time above which layout Reformats are more than "nothing to do"."""


def layout_reformat_card(report: Report, ctx: Context, same: Sequence[EngineLayer]) -> Finding:
    """The card of the layout-only Reformats no root cause explains."""
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
    share = sum(layer.time_share or 0.0 for layer in same)
    costly = share >= LAYOUT_SHARE_WORTH_A_WARNING
    fix = (
        f"They take {share:.2g} % of the profiled time: see whether the layers on both sides "
        "can agree on one layout (channel counts that are multiples of 32 for INT8, 8 for "
        "FP16; the same precision on both sides; no Shuffle or Concat forcing a linear layout)."
        if costly
        else "Usually nothing to do: a kernel needed another layout. If one is costly, see "
        "whether its neighbours can agree on a layout (channel counts that are multiples "
        "of 32 for INT8)."
    )
    return _finding(
        report,
        ctx,
        "layout-reformat",
        "warning" if costly else "info",
        f"{len(same)} layout-only Reformat{'s' if len(same) > 1 else ''}",
        f"Reformats that keep the type and change the memory layout (e.g. INT8 32-wide "
        f"to 4-wide channel vectors before a fully connected layer): {_listing(places, 8)}."
        f"{note}" + _time_text(same),
        fix,
        [layer.id for layer in same],
        [t.name for layer in same for t in layer.outputs],
        _added_lines(report, same),
        subject=[],
        cost=[layer.id for layer in same],
        parts=[reformat_part(report, ctx, layer, "info") for layer in same],
    )


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
_CALIBRATOR_UNUSED = re.compile(r"Calibrator is not being used")
_QUANT_TEXT = re.compile(
    r"(?i)\bint8\b|quantiz|zero[- ]?point|dynamic range|q/dq|\bqdq\b|calibrat|\bscales?\b"
)


def quant_warnings(report: Report, ctx: Context) -> list[Finding]:
    """Importer and builder warnings about quantization, grouped by kind (every distinct
    warning of the build, not only the first ones kept)."""
    missing: list[tuple[int, str]] = []
    explicit: list[int] = []
    other: dict[str, tuple[list[int], int]] = {}
    for text, lines, count in warning_messages(report):
        match = _MISSING_SCALE.search(text + " ")
        if match:
            missing.extend((line, match.group("tensor")) for line in lines[:1])
        elif _CALIBRATOR_EXPLICIT.search(text):
            explicit.extend(lines[:1])
        elif _CALIBRATOR_UNUSED.search(text):
            continue  # the int8-no-calibration rule's
        elif _QUANT_TEXT.search(text):
            seen, total = other.get(text.strip(), ([], 0))
            other[text.strip()] = ([*seen, *lines], total + count)
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
                subject=["calibrator-ignored"],
            )
        )
    layers_named_in = _layer_name_finder(ctx)
    for text, (where, count) in other.items():
        findings.append(
            _finding(
                report,
                ctx,
                "quant-warning",
                "warning",
                f"Builder warning about quantization: {_clip(text, 80)}",
                f"The log warns ({count}×): {text}",
                "Read the warning against the layers it names; it usually points to scales, "
                "weights or Q/DQ placement TensorRT could not honour.",
                layers_named_in(text),
                extra_lines=where,
                subject=[text],
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
        subject=tensors,
        cost=touching,
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


_DLA_FALLBACK = re.compile(
    r"(?i)(?:not supported|unsupported) on DLA|falling back to GPU|device type to GPU|"
    r"cannot run on DLA|DLA does not support"
)
"""The builder's warnings that a layer cannot run on DLA."""


def dla_fallback(report: Report, ctx: Context) -> list[Finding]:
    """Layers placed on the GPU in a build that asked for DLA, counted from the log's own
    ``Layers Running on GPU`` list (the engine holds one layer per DLA sub-network, so its
    layers undercount), with the builder's fallback warnings counted in full."""
    if not _dla_requested(report):
        return []
    listed_gpu = [name for name, device in report.placement if device == "GPU"]
    listed_dla = [name for name, device in report.placement if device == "DLA"]
    on_gpu = [layer for layer in report.layers if layer.device == "GPU"]
    warned = [
        (text, lines, count)
        for text, lines, count in warning_messages(report)
        if _DLA_FALLBACK.search(text)
    ]
    names = listed_gpu or [layer.name for layer in on_gpu]
    if not names and not warned:
        return []
    if not listed_dla and not any(layer.device == "DLA" for layer in report.layers) and not warned:
        return []
    warnings = sum(count for _, _, count in warned)
    said = (
        f"DLA was requested, but the log lists {len(names)} layer"
        f"{'s' if len(names) != 1 else ''} running on the GPU"
        + (f" (and {len(listed_dla)} on DLA)" if listed_dla else "")
        + f": {_listing([short_name(n) for n in names], 8)}."
        if names
        else "DLA was requested, and the builder warned that layers cannot run on it."
    )
    if warnings:
        said += (
            f" The builder gave {warnings} fallback warning{'s' if warnings != 1 else ''}, "
            f"e.g. {_clip(warned[0][0], 160)}"
        )
    said += " Each switch between DLA and GPU costs a copy and a synchronisation."
    return [
        _finding(
            report,
            ctx,
            "dla-fallback",
            "warning",
            f"{len(names)} layer{'s' if len(names) != 1 else ''} fell back from DLA to GPU"
            if names
            else f"{warnings} DLA fallback warnings",
            said,
            "Check the DLA restrictions for these layer types and shapes (INT8/FP16 only, "
            "supported kernel sizes, batch and channel limits); reshape the model around them "
            "or accept the GPU fallback (--allowGPUFallback).",
            [layer.id for layer in on_gpu],
            extra_lines=[line for _, lines, _ in warned[:20] for line in lines[:1]],
            subject=[],
            cost=[layer.id for layer in on_gpu],
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
                    about=[x.id for x in same],
                )
            )
    return findings


def _geometry(layer: EngineLayer) -> tuple[str, ...] | None:
    """Kernel, stride, dilation, groups and padding from the layer's details; None if unknown."""
    details = dict(layer.details)
    if "Kernel" not in details or "Stride" not in details:
        return None
    return tuple(details.get(key, "") for key in _GEOMETRY_KEYS)
