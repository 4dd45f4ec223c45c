"""Build realistic :class:`trtreport.model.Report` objects for render tests, straight from the model.

``make_report(n_layers)`` gives a QDQ-style engine like a YOLO backbone: an FP32 input, a
Reformat into INT8, INT8 convolutions in chains with parallel branches that merge (concat) and
skip connections (add), a short FP16 island with Reformats around it, shape layers in INT32,
a constant, a two-layer Myelin region, and an FP32 head with a Reformat back to float; two
outputs whose engine order differs from the ONNX model's declared order.

Every newer field of the model is filled too (:func:`enrich`): pass events of several passes
and kinds traced to layers (one pass without an annotation, events that end in no layer), the
fate of every ONNX node, ONNX model info, findings of every severity, a quantization summary,
autotuning summaries, memory, build timings, performance metrics and iteration times.
``hostile_report()`` is the same engine with script-injection strings in every name a model
or log controls; ``failed_report()`` one whose log stops mid-build.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace

from trtreport.model import (
    MIXED,
    AutotuneSummary,
    Binding,
    Edge,
    EngineLayer,
    Finding,
    InputFile,
    IterationTimes,
    LayerCountStage,
    LineSample,
    NodeFate,
    OnnxModelInfo,
    OnnxNode,
    OnnxTensor,
    OptionSection,
    ParseStats,
    PassEvent,
    PerfMetric,
    QuantSummary,
    Report,
    ReportHeader,
    TensorInfo,
    TracedEvent,
    UnmatchedLayer,
)

HOSTILE = (
    "</script><script>window.__pwned=1</script>",
    "<img src=x onerror=window.__pwned=1>",
    '"><svg onload=window.__pwned=1>',
    "{{7*7}}",
    "${x}",
    "`backtick`",
    "\u202eevil\u202c",
)
"""Strings that must come out of the page as text, never as markup or code."""

FORMATS = {
    "FP32": "Row major linear FP32",
    "FP16": "Channel major FP16 format where channel % 8 == 0",
    "INT8": "Thirty-two wide channel vectorized row major Int8 format",
    "INT32": "Row major linear INT32",
    MIXED: "Row major linear FP32",
}
KERNELS = {
    "INT8": "sm80_xmma_fprop_implicit_gemm_interleaved_i8i8_i8i32_f32_nchw_vect_c_32kcrs_vect_c_32"
    "_nchw_vect_c_32_tilesize128x128x64_stage3_warpsize2x2x1_g1_tensor16x8x32_t1r1s1",
    "FP16": "sm80_xmma_fprop_implicit_gemm_f16f16_f16f16_f16_nhwckrsc_nhwc_tilesize64x64x64"
    "_stage4_warpsize2x2x1_g1_tensor16x8x16",
    "FP32": "sm50_xmma_fprop_implicit_gemm_f32f32_f32f32_f32_nchwkcrs_nchw_tilesize32x32x8",
}


class _Builder:
    """Accumulates layers and edges while the engine is generated."""

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix
        self.layers: list[EngineLayer] = []
        self.edges: list[Edge] = []
        self.producer: dict[str, str] = {}

    def add(
        self,
        name: str,
        layer_type: str,
        precision: str,
        inputs: list[TensorInfo],
        out_name: str,
        out_precision: str,
        shape: tuple[int, ...],
        *,
        role: str = "compute",
        origin: str = "",
        onnx: tuple[str, ...] = (),
    ) -> TensorInfo:
        """Append one engine layer consuming ``inputs``; return its output tensor."""
        index = len(self.layers)
        layer_id = f"L{index}"
        output = TensorInfo(
            name=out_name,
            dtype=out_precision,
            shape=shape,
            format=FORMATS.get(out_precision, ""),
            raw_type=out_precision,
        )
        in_precisions = {t.dtype for t in inputs} or {precision}
        kernel = KERNELS.get(precision, "") if role == "compute" else ""
        self.layers.append(
            EngineLayer(
                id=layer_id,
                index=index,
                name=self.prefix + name,
                layer_type=layer_type,
                role=role,
                precision=precision,
                input_precision=in_precisions.pop() if len(in_precisions) == 1 else MIXED,
                output_precision=out_precision,
                tactic=f"0x{(index * 2654435761) % (1 << 64):016x}",
                kernel=kernel,
                inputs=tuple(inputs),
                outputs=(output,),
                onnx_nodes=onnx,
                origin=origin,
                log_line=1000 + index * 7,
                sources=("log", "layers"),
                time_ms=round(0.01 + (index % 13) * 0.007, 4),
                time_share=round(100 / 400 * (1 + index % 3), 3),
                details=(("ParameterType", layer_type), ("StreamId", "0")),
            )
        )
        for tensor in inputs:
            self.edges.append(
                Edge(
                    source=self.producer[tensor.name],
                    target=layer_id,
                    tensor=tensor.name,
                    dtype=tensor.dtype,
                    shape=tensor.shape,
                )
            )
        self.producer[out_name] = layer_id
        return output

    def conv(self, block: str, tensor: TensorInfo, precision: str = "INT8") -> TensorInfo:
        """A fused Q/DQ convolution + activation, as TensorRT names them."""
        name = (
            f"{block}/conv/weight + QuantizeLinear + {block}/conv/Conv"
            f" + PWN(PWN({block}/act/Sigmoid), {block}/act/Mul)"
        )
        onnx = (f"{block}/conv/Conv", f"{block}/act/Sigmoid", f"{block}/act/Mul")
        return self.add(
            name,
            "CaskConvolution",
            precision,
            [tensor],
            f"{block}/act/Mul_output_0",
            precision,
            tensor.shape,
            onnx=onnx,
        )

    def reformat(self, tensor: TensorInfo, to: str, target: str) -> TensorInfo:
        """A Reformat between two precisions, named like TensorRT's CopyNodes."""
        name = f"Reformatting CopyNode for Input Tensor 0 to {target}"
        return self.add(
            name,
            "Reformat",
            to,
            [tensor],
            f"Reformatted Input Tensor 0 to {target}",
            to,
            tensor.shape,
            role="reformat",
            origin="REFORMAT",
        )


def make_report(
    n_layers: int = 40,
    *,
    prefix: str = "",
    title: str = "yolov8n-qdq",
    hostile: bool = False,
) -> Report:
    """A QDQ-style engine of about ``n_layers`` layers (exactly, when ``n_layers >= 8``)."""
    b = _Builder(prefix)
    image = TensorInfo("images", "FP32", (1, 3, 640, 640), FORMATS["FP32"], "Float")
    b.producer["images"] = "in:images"
    t = b.reformat(image, "INT8", "/model.0/conv/Conv")
    block = 0
    while len(b.layers) < n_layers - 8:
        block += 1
        stem = f"/model.{block}"
        kind = block % 7
        if kind == 3 and len(b.layers) < n_layers - 14:
            # A C2f-like block: two parallel branches that merge in a concat.
            left = b.conv(f"{stem}/m.0/cv1", t)
            left = b.conv(f"{stem}/m.0/cv2", left)
            right = b.conv(f"{stem}/cv1", t)
            t = b.add(
                f"{stem}/Concat",
                "Concatenation",
                "INT8",
                [left, right],
                f"{stem}/Concat_output_0",
                "INT8",
                t.shape,
                role="other",
            )
        elif kind == 5 and len(b.layers) < n_layers - 14:
            # An FP16 island: Reformats around a float layer, then an add with the skip.
            f = b.reformat(t, "FP16", f"{stem}/attn/Softmax")
            f = b.add(
                f"{stem}/attn/Softmax",
                "CaskSoftMax",
                "FP16",
                [f],
                f"{stem}/attn/Softmax_output_0",
                "FP16",
                t.shape,
            )
            f = b.reformat(f, "INT8", f"{stem}/Add")
            t = b.add(
                f"{stem}/Add",
                "ElementWise",
                MIXED,
                [f, t],
                f"{stem}/Add_output_0",
                "INT8",
                t.shape,
            )
        elif kind == 6:
            s = b.add(
                f"{stem}/Shape + {stem}/Gather",
                "Shuffle",
                "INT32",
                [t],
                f"{stem}/Gather_output_0",
                "INT32",
                (4,),
                role="shuffle",
            )
            t = b.add(
                f"{stem}/Reshape",
                "Shuffle",
                "INT8",
                [t, s],
                f"{stem}/Reshape_output_0",
                "INT8",
                t.shape,
                role="shuffle",
            )
        else:
            t = b.conv(stem, t)
    while len(b.layers) < n_layers - 6:
        block += 1
        t = b.conv(f"/model.{block}", t)
    # A constant feeding a two-layer Myelin region ({ForeignNode[...]} kernels of TRT 10).
    anchors = b.add(
        "/model.22/Constant_anchors",
        "Constant",
        "FP32",
        [],
        "/model.22/anchors",
        "FP32",
        (1, 2, 8400),
        role="constant",
    )
    m = b.reformat(t, "FP16", "__myl_MulAdd_0")
    m = b.add(
        "__myl_MulAdd_0",
        "kgen",
        MIXED,
        [m, anchors],
        "__myl_MulAdd_0_output",
        "FP16",
        t.shape,
        role="myelin",
        onnx=("/model.22/dfl/Mul", "/model.22/dfl/Add"),
    )
    aux = b.add(
        "__myl_Softmax_1",
        "gemm",
        "FP16",
        [m],
        "output1",
        "FP16",
        (1, 4, 8400),
        role="myelin",
        onnx=("/model.22/dfl/Softmax",),
    )
    b.edges.append(Edge(b.producer["output1"], "out:output1", "output1", "FP16", aux.shape))
    t = b.reformat(t, "FP32", "/model.22/Concat_3")
    head = b.add(
        "/model.22/Concat_3",
        "Concatenation",
        "FP32",
        [t],
        "output0",
        "FP32",
        (1, 84, 8400),
        role="other",
    )
    del head
    b.edges.append(Edge(b.producer["output0"], "out:output0", "output0", "FP32", (1, 84, 8400)))
    bindings = (
        Binding(0, "images", "input", (1, 3, 640, 640), "FP32", line=40),
        Binding(1, "output1", "output", (1, 4, 8400), "FP16", line=41),
        Binding(2, "output0", "output", (1, 84, 8400), "FP32", line=42),
    )
    text = f"{title}{''.join(HOSTILE)}" if hostile else title
    header = ReportHeader(
        title=text,
        model=f"{title}.onnx",
        tensorrt_version="8.6.1",
        device_name="NVIDIA GeForce RTX 3090",
        precision_flags=("FP32", "FP16", "INT8"),
        command=f"trtexec --onnx={title}.onnx --int8 --fp16 --verbose",
        status="passed",
        build_index=0,
        builds_in_log=1,
        trtreport_version="0.1.0",
        inputs=(
            InputFile("log", "build.log", hashlib.sha256(b"log").hexdigest(), 18_734_112),
            InputFile("layers", "layers.json", hashlib.sha256(b"layers").hexdigest(), 402_117),
        ),
    )
    options = (
        OptionSection(
            "Model Options",
            (("Format", "ONNX"), ("Model", f"{title}.onnx"), ("Output", "")),
            line=3,
        ),
        OptionSection(
            "Build Options",
            (("Precision", "FP32+FP16+INT8"), ("Calibration", "Dynamic"), ("Sparsity", "Disabled")),
            line=9,
        ),
    )
    if hostile:
        options += (OptionSection(HOSTILE[0], tuple((h, h) for h in HOSTILE), line=20),)
    report = Report(
        header=header,
        layers=tuple(b.layers),
        edges=tuple(b.edges),
        bindings=bindings,
        stages=(
            LayerCountStage("Original", n_layers * 3, 120),
            LayerCountStage("dead-layer removal", n_layers * 3 - 4, 121),
            LayerCountStage("Myelin optimization", n_layers * 2, 300),
            LayerCountStage("final", n_layers, 900),
        ),
        options=options,
        device=(
            ("Selected Device", "NVIDIA GeForce RTX 3090"),
            ("Compute Capability", "8.6"),
            ("SMs", "82"),
        ),
        stats=ParseStats(
            lines_read=52_310,
            lines_recognised=51_977,
            unrecognised_count=333,
            unrecognised_samples=(
                LineSample(17, "[11/24/2023-10:00:00] [I] [TRT] Some unknown banner"),
                LineSample(211, HOSTILE[1] if hostile else "[V] [TRT] Unknown thing"),
            ),
        ),
        unmatched=(
            UnmatchedLayer(
                "/model.9/Sum" + (HOSTILE[2] if hostile else ""),
                "profile",
                "log",
                "named by the profile only",
            ),
        ),
        warnings=(LineSample(88, "[W] [TRT] Missing scale and zero-point for tensor /x"),),
        notes=("The log holds one build.",) + ((HOSTILE[3],) if hostile else ()),
    )
    return enrich(report, hostile=hostile)


def hostile_report(n_layers: int = 30) -> Report:
    """``make_report`` with injection strings in names, tensors, title, kernel and options."""
    base = make_report(n_layers, prefix="", hostile=True)
    evil = "".join(HOSTILE)
    layers = [
        replace(
            layer,
            name=f"{layer.name}{evil}",
            layer_type=layer.layer_type + HOSTILE[1],
            kernel=layer.kernel + evil,
            inputs=tuple(_evil_tensor(t, evil) for t in layer.inputs),
            outputs=tuple(_evil_tensor(t, evil) for t in layer.outputs),
            onnx_nodes=tuple(n + evil for n in layer.onnx_nodes),
            profiled_as=(evil,) if layer.role == "myelin" else (),
        )
        for layer in base.layers
    ]
    edges = tuple(Edge(e.source, e.target, e.tensor + evil, e.dtype, e.shape) for e in base.edges)
    bindings = tuple(
        replace(b, name=b.name + (evil if b.direction == "output" else "")) for b in base.bindings
    )
    # The output binding node ids carry the hostile name too.
    edges = tuple(
        replace(e, target=f"{e.target}{evil}") if e.target.startswith("out:") else e for e in edges
    )
    return replace(
        base,
        layers=tuple(layers),
        edges=edges,
        bindings=bindings,
        device=(*base.device, (HOSTILE[0], HOSTILE[2])),
        errors=(LineSample(99, HOSTILE[0]),),
    )


def failed_report(n_layers: int = 20) -> Report:
    """A build whose log stops during autotuning: no trailer, a truncated end."""
    base = make_report(n_layers)
    header = replace(base.header, status="", log_end="truncated", last_phase="autotuning")
    return replace(base, header=header, performance=(), times=None)


def _evil_tensor(tensor: TensorInfo, evil: str) -> TensorInfo:
    """The same tensor with ``evil`` appended to its name (and format)."""
    return TensorInfo(
        tensor.name + evil, tensor.dtype, tensor.shape, tensor.format + evil, tensor.raw_type
    )


UNANNOTATED_PASS = "MysteryQdqPass"
"""A pass name no annotation file exists for (its section says so)."""


def enrich(report: Report, *, hostile: bool = False) -> Report:
    """Fill the model's newer fields from the engine ``report`` already holds.

    Pass events are written in log order: ConstQDQInitializersFusion first (per conv),
    QuantizeDoubleInputNodes (running + fusing + removing per conv), then a pass with no
    annotation, layer merging, concat elimination and a duplicate elimination. They are traced
    to the layers they produced, so each conv's ``pass_events`` lists its events.
    """
    evil = "".join(HOSTILE) if hostile else ""
    layers = list(report.layers)
    convs = [layer for layer in layers if layer.layer_type == "CaskConvolution"]
    events: list[TracedEvent] = []
    line = 200

    def emit(pass_name: str, kind: str, names: tuple[str, ...], text: str, layer_id: str) -> None:
        """Append one traced event on the next log line."""
        nonlocal line
        line += 1
        event = PassEvent(line, pass_name, kind, names, "", text + evil)
        events.append(TracedEvent(event, layer_id))

    def block(layer: EngineLayer) -> str:
        """The ONNX path of a conv (``/model.3/cv1``)."""
        return layer.onnx_nodes[0].rsplit("/conv/", 1)[0] if layer.onnx_nodes else layer.name

    for conv in convs:
        weight_q = f"{block(conv)}/conv/weight_QuantizeLinear"
        emit(
            "ConstQDQInitializersFusion",
            "running",
            (weight_q,),
            f"Running: ConstQDQInitializersFusion on {weight_q}",
            conv.id,
        )
    for conv in convs:
        conv_node = conv.onnx_nodes[0] if conv.onnx_nodes else conv.name
        dq_in, dq_w = f"{block(conv)}/DequantizeLinear", f"{block(conv)}/conv/DequantizeLinear"
        emit(
            "QuantizeDoubleInputNodes",
            "running",
            (conv_node,),
            f"Running: QuantizeDoubleInputNodes on {conv_node}",
            conv.id,
        )
        emit(
            "QuantizeDoubleInputNodes",
            "fuse",
            (dq_in, dq_w, conv_node),
            f"QuantizeDoubleInputNodes: fusing ({dq_in} and {dq_w}) into {conv_node}",
            conv.id,
        )
        emit("QuantizeDoubleInputNodes", "remove", (dq_in,), f"Removing {dq_in}", "")
    mystery = UNANNOTATED_PASS + (HOSTILE[2] if hostile else "")
    for conv in convs[:2]:
        emit(mystery, "running", (conv.name,), f"Running: {mystery} on {conv.name}", conv.id)
    emit(mystery, "swap", ("a", "b"), "Swapping a with b", "")
    for layer in layers:
        if layer.layer_type == "Shuffle" and " + " in layer.name:
            emit(
                "Merging layers",
                "merge",
                tuple(layer.name.split(" + ")),
                f"Merging layers: {layer.name}",
                layer.id,
            )
        if layer.layer_type == "Concatenation" and layer.role == "other":
            emit(
                "Eliminating concatenation",
                "eliminate-concat",
                (layer.name,),
                f"Eliminating concatenation {layer.name}",
                layer.id,
            )
    if convs:
        emit(
            "QuantizeDoubleInputNodes",
            "eliminate-duplicate",
            ("/model.1/QuantizeLinear_dup", "/model.1/QuantizeLinear"),
            "Eliminating /model.1/QuantizeLinear_dup which duplicates (Q) /model.1/QuantizeLinear",
            convs[0].id,
        )

    by_layer: dict[str, list[int]] = {}
    for index, traced in enumerate(events):
        if traced.layer_id:
            by_layer.setdefault(traced.layer_id, []).append(index)

    for i, layer in enumerate(layers):
        updates: dict[str, object] = {"pass_events": tuple(by_layer.get(layer.id, ()))}
        if layer.role == "compute":
            updates["autotune"] = AutotuneSummary(
                layer=layer.name,
                layer_type=layer.layer_type,
                format_combinations=1 + i % 3,
                tactics_timed=12 + i % 7,
                tactics_skipped=i % 4,
                skip_reasons=(("insufficient workspace", str(i % 4)),) if i % 4 else (),
                fastest_tactic=layer.tactic,
                best_time_ms=layer.time_ms,
                runner_type=layer.layer_type,
                tactic_name=layer.kernel,
                first_line=5000 + i * 40,
            )
            updates["device"] = "GPU"
        if layer.precision == MIXED:
            updates["precision_parts"] = tuple(sorted({t.dtype for t in layer.inputs}))
        if layer.role == "myelin":
            updates["profiled_as"] = (f"__myl_kernel_{i}_a", f"__myl_kernel_{i}_b")
        layers[i] = replace(layer, **updates)  # type: ignore[arg-type]

    fates: list[NodeFate] = []
    nodes: list[OnnxNode] = []
    for layer in layers:
        for name in layer.onnx_nodes:
            op = name.rsplit("/", 1)[-1].rstrip("0123456789_") or "Op"
            nodes.append(OnnxNode(name, op, 100 + len(nodes)))
            fates.append(NodeFate(name, op, "layer", layer_id=layer.id))
    for traced in events:
        if traced.event.kind == "remove":
            name = traced.event.layers[0]
            nodes.append(OnnxNode(name, "DequantizeLinear", 100 + len(nodes)))
            fates.append(
                NodeFate(
                    name,
                    "DequantizeLinear",
                    "removed",
                    pass_name=traced.event.pass_name,
                    line=traced.event.line,
                )
            )
    fates.append(
        NodeFate(
            "/model.1/QuantizeLinear_dup" + evil,
            "QuantizeLinear",
            "duplicate",
            layer_id=convs[0].id if convs else "",
            pass_name="QuantizeDoubleInputNodes",
            other="/model.1/QuantizeLinear",
            line=events[-1].event.line if events else 0,
        )
    )
    fates.append(NodeFate("/model.0/Constant_1" + evil, "Constant", "constant", line=150))
    fates.append(NodeFate("/model.0/Identity", "Identity", "unknown"))

    onnx = OnnxModelInfo(
        ir_version="8",
        opset="17",
        producer="pytorch" + evil,
        producer_version="2.1.0",
        model_version="0",
        inputs=(OnnxTensor("images", "FP32", (1, 3, 640, 640), 60),),
        # Declared outputs in the ONNX model's order; the engine binds output1 first.
        outputs=(
            OnnxTensor("output0" + evil, "FP32", (1, 84, 8400), 61),
            OnnxTensor("output1", "FP16", (1, 4, 8400), 62),
        ),
        nodes=tuple(nodes),
        initializer_count=3 * len(convs),
        plugins=("::BatchedNMS_TRT version 1",),
    )

    island = [layer.id for layer in layers if layer.layer_type == "CaskSoftMax"]
    reformats = [layer for layer in layers if layer.role == "reformat"]
    findings = (
        Finding(
            "precision-island",
            "error",
            f"{len(island)} layer(s) run in FP16 inside an INT8 network" + evil,
            "The softmax has no Q/DQ on its input, so TensorRT keeps it in float and adds "
            "Reformats around it.",
            "Quantize the softmax input, or accept the float island.",
            layer_ids=tuple(island[:3]),
            lines=(1234, 1240),
        ),
        Finding(
            "int8-float-reformat",
            "warning",
            "Reformats convert between INT8 and float",
            "Each costs a pass over the tensor.",
            "Place Q/DQ so that neighbouring layers agree on INT8.",
            layer_ids=tuple(r.id for r in reformats[1:4]),
            lines=(1300,),
        ),
        Finding(
            "missing-scale",
            "warning",
            "Missing scale and zero-point for 1 tensor",
            "The builder falls back to float for it.",
            "Export the model with Q/DQ on that tensor.",
            lines=(88,),
            tensors=("/x",),
        ),
        Finding(
            "input-quantize",
            "info",
            "The network input is quantized by a Reformat",
            "Expected for a Q/DQ network whose input is float.",
            "Nothing to do.",
            layer_ids=(layers[0].id,),
            lines=(layers[0].log_line,),
        ),
    )
    compute = [layer for layer in layers if layer.role == "compute"]
    int8 = [layer for layer in compute if layer.precision == "INT8"]
    summary = QuantSummary(
        is_qdq=True,
        compute_layers=len(compute),
        int8_compute_layers=len(int8),
        int8_compute_share=len(int8) / len(compute) if compute else 0.0,
        int8_time_share=0.71,
        reformats=len(reformats),
        type_changing_reformats=max(len(reformats) - 1, 0),
        error_findings=1,
        warning_findings=2,
        info_findings=1,
    )
    latency = (
        ("min", "1.21"),
        ("max", "1.93"),
        ("mean", "1.32"),
        ("median", "1.30"),
        ("percentile(99%)", "1.71"),
    )
    return replace(
        report,
        layers=tuple(layers),
        pass_events=tuple(events),
        node_fates=tuple(fates),
        onnx=onnx,
        findings=findings,
        summary=summary,
        reformats_added=tuple(
            LineSample(900 + i, f"Adding reformat layer: {r.name}") for i, r in enumerate(reformats)
        ),
        memory=(
            ("Total Activation Memory", "12845056"),
            ("Total Host Persistent Memory", "210432"),
            ("Total Device Persistent Memory", "0"),
            ("Engine size (MiB)", "3.4"),
            ("Weights" + evil, "3051520"),
        ),
        timings=(("Graph optimization", "0.97"), ("Engine generation", "48.2")),
        performance=(
            PerfMetric("Throughput", "qps", (("value", "755.9"),), 7000),
            PerfMetric("Latency", "ms", latency, 7001),
            PerfMetric("GPU Compute Time", "ms", latency, 7004),
        ),
        times=IterationTimes(
            "times.json", 1000, (PerfMetric("Latency", "ms", latency), PerfMetric("H2D", "ms"))
        ),
        warning_count=7,
        error_count=0,
    )
