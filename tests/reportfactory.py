"""Build realistic :class:`trtreport.model.Report` objects for render tests, straight from the model.

``make_report(n_layers)`` gives a QDQ-style engine like a YOLO backbone: an FP32 input, a
Reformat into INT8, INT8 convolutions in chains with parallel branches that merge (concat) and
skip connections (add), a short FP16 island with Reformats around it, shape layers in INT32,
and an FP32 head with a Reformat back to float. ``hostile_report()`` is the same engine with
script-injection strings in every name a model or log controls.
"""

from __future__ import annotations

import hashlib

from trtreport.model import (
    MIXED,
    Binding,
    Edge,
    EngineLayer,
    InputFile,
    LayerCountStage,
    LineSample,
    OptionSection,
    ParseStats,
    Report,
    ReportHeader,
    TensorInfo,
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
        in_precisions = {t.dtype for t in inputs}
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
    while len(b.layers) < n_layers - 4:
        block += 1
        stem = f"/model.{block}"
        kind = block % 7
        if kind == 3 and len(b.layers) < n_layers - 10:
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
        elif kind == 5 and len(b.layers) < n_layers - 10:
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
    while len(b.layers) < n_layers - 2:
        block += 1
        t = b.conv(f"/model.{block}", t)
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
        Binding(1, "output0", "output", (1, 84, 8400), "FP32", line=41),
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
    return Report(
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


def hostile_report(n_layers: int = 30) -> Report:
    """``make_report`` with injection strings in names, tensors, title, kernel and options."""
    base = make_report(n_layers, prefix="", hostile=True)
    evil = "".join(HOSTILE)
    layers = []
    renamed: dict[str, str] = {}
    for layer in base.layers:
        outputs = tuple(_evil_tensor(t, evil) for t in layer.outputs)
        inputs = tuple(_evil_tensor(t, evil) for t in layer.inputs)
        for t in layer.outputs:
            renamed[t.name] = t.name + evil
        layers.append(
            EngineLayer(
                id=layer.id,
                index=layer.index,
                name=f"{layer.name}{evil}",
                layer_type=layer.layer_type + HOSTILE[1],
                role=layer.role,
                precision=layer.precision,
                input_precision=layer.input_precision,
                output_precision=layer.output_precision,
                tactic=layer.tactic,
                kernel=layer.kernel + evil,
                inputs=inputs,
                outputs=outputs,
                onnx_nodes=tuple(n + evil for n in layer.onnx_nodes),
                origin=layer.origin,
                log_line=layer.log_line,
                sources=layer.sources,
                time_ms=layer.time_ms,
                time_share=layer.time_share,
                details=layer.details,
            )
        )
    edges = tuple(Edge(e.source, e.target, e.tensor + evil, e.dtype, e.shape) for e in base.edges)
    bindings = tuple(
        Binding(
            b.index,
            b.name + (evil if b.direction == "output" else ""),
            b.direction,
            b.shape,
            b.dtype,
            b.line,
        )
        for b in base.bindings
    )
    # The output binding node id carries the hostile name too.
    edges = tuple(
        Edge(
            e.source,
            f"out:output0{evil}" if e.target == "out:output0" else e.target,
            e.tensor,
            e.dtype,
            e.shape,
        )
        for e in edges
    )
    return Report(
        header=base.header,
        layers=tuple(layers),
        edges=edges,
        bindings=bindings,
        stages=base.stages,
        options=base.options,
        device=(*base.device, (HOSTILE[0], HOSTILE[2])),
        stats=base.stats,
        unmatched=base.unmatched,
        warnings=base.warnings,
        errors=(LineSample(99, HOSTILE[0]),),
        notes=base.notes,
    )


def _evil_tensor(tensor: TensorInfo, evil: str) -> TensorInfo:
    """The same tensor with ``evil`` appended to its name (and format)."""
    return TensorInfo(
        tensor.name + evil, tensor.dtype, tensor.shape, tensor.format + evil, tensor.raw_type
    )
