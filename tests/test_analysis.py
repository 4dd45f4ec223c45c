"""Quantization findings, rule by rule, on hand-built engines in TensorRT's own formats.

Each engine is written as the layer records a detailed ``--exportLayerInfo`` file gives (real
layer names like ``layer1.0.conv2.weight + QuantizeLinear_32 + Conv_34 + Add_42 + Relu_43``,
real types like ``CaskConvolution`` and ``Reformat`` with ``Origin: QDQ``) and joined by
:func:`trtreport.join.build_report`, so roles, precisions and edges are the join's own. GIVEN
an engine, THEN exactly these findings (rule, severity, layers).
"""

from __future__ import annotations

from dataclasses import replace

from trtreport.analysis import (
    RULES,
    analyse,
    is_qdq_network,
    make_context,
    short_name,
    symptoms,
)
from trtreport.join import build_report
from trtreport.model import (
    BuildLog,
    Finding,
    LayerFile,
    LayerRecord,
    LineSample,
    OptionSection,
    ParseStats,
    Profile,
    ProfileEntry,
    Report,
    TensorInfo,
)

NO_LOG = BuildLog(source="none", builds=(), stats=ParseStats())
FORMATS = {
    "FP32": "Row major linear FP32",
    "FP16": "Channel major FP16 format where channel % 8 == 0",
    "INT8": "Thirty-two wide channel vectorized row major Int8 format",
}
CONV_DETAILS = (
    ("ParameterType", "Convolution"),
    ("Kernel", "3,3"),
    ("Stride", "1,1"),
    ("Dilation", "1,1"),
    ("Groups", "1"),
    ("PrePadding", "1,1"),
    ("PostPadding", "1,1"),
    ("Activation", "RELU"),
)


def t(name: str, dtype: str, shape: tuple[int, ...] = (1, 64, 56, 56)) -> TensorInfo:
    """A tensor as the layer file describes it."""
    return TensorInfo(name, dtype, shape, FORMATS.get(dtype, ""), FORMATS.get(dtype, ""))


def rec(
    name: str,
    layer_type: str,
    inputs: list[TensorInfo],
    outputs: list[TensorInfo],
    *,
    origin: str = "",
    details: tuple[tuple[str, str], ...] = (),
) -> LayerRecord:
    """One engine layer record."""
    return LayerRecord(
        name=name,
        layer_type=layer_type,
        inputs=tuple(inputs),
        outputs=tuple(outputs),
        origin=origin,
        details=details,
    )


def report_of(*records: LayerRecord, profile: Profile | None = None) -> Report:
    """Join layer records (no log) into a report."""
    return build_report(NO_LOG, LayerFile("layers.json", "detailed", records), profile)


def found(report: Report) -> list[tuple[str, str, tuple[str, ...]]]:
    """The findings of a report as (rule, severity, layer ids), in report order."""
    return [(f.rule, f.severity, f.layer_ids) for f in symptoms(report)]


def of_rule(report: Report, rule: str) -> list[Finding]:
    """The findings of one rule."""
    return [f for f in symptoms(report) if f.rule == rule]


def input_q(out: str = "176") -> LayerRecord:
    """The network input's QuantizeLinear, kept as a Reformat (as in every QAT engine)."""
    return rec(
        "QuantizeLinear_2",
        "Reformat",
        [t("input.1", "FP32", (1, 3, 224, 224))],
        [t(out, "INT8", (1, 3, 224, 224))],
        origin="QDQ",
    )


def int8_conv(name: str, src: str, out: str, out_type: str = "INT8") -> LayerRecord:
    """A fused INT8 convolution (weights Q folded in)."""
    return rec(name, "CaskConvolution", [t(src, "INT8")], [t(out, out_type)], details=CONV_DETAILS)


# ---------------------------------------------------------------------------------------------
# Q/DQ-ness
# ---------------------------------------------------------------------------------------------


def test_qdq_network_is_told_by_names_and_origin() -> None:
    qdq = report_of(input_q(), int8_conv("conv1.weight + QuantizeLinear_7 + Conv_9", "176", "y"))
    implicit = report_of(
        rec(
            "Reformatting CopyNode for Input Tensor 0 to conv1",
            "Reformat",
            [t("x", "FP32")],
            [t("r", "INT8")],
        ),
        int8_conv("conv1 + relu1", "r", "y"),
    )
    assert is_qdq_network(qdq) is True
    assert is_qdq_network(implicit) is False


def test_tf2onnx_quant_node_names_count_as_qdq() -> None:
    report = report_of(
        rec("QuantLinearNode__838", "Scale", [t("x", "FP32")], [t("q", "INT8")]),
        int8_conv("w:0 + QuantLinearNode__630 + resnet50/conv1/Conv2D", "q", "y"),
    )
    ctx = make_context(report)
    assert ctx.is_qdq is True
    assert ctx.standalone == frozenset({"L0"})


def test_short_names_keep_the_ops() -> None:
    assert short_name("layer1.0.conv2.weight + QuantizeLinear_32 + Conv_34 + Add_42 + Relu_43") == (
        "Conv_34 + Add_42 + Relu_43"
    )
    assert short_name("Reformatting CopyNode for Output Tensor 0 to MaxPool_12") == (
        "Reformat after MaxPool_12"
    )
    assert short_name("Conv_3 || Conv_5") == "Conv_3 || Conv_5"


def test_rule_table_ids_are_unique_and_ordered() -> None:
    ids = [rule.id for rule in RULES]
    assert ids[:3] == ["precision-island", "unfused-qdq", "type-reformat"]
    assert len(ids) == len(set(ids))


# ---------------------------------------------------------------------------------------------
# Rule 1 and 2: an FP16 island, and the Q after it left unfused
# ---------------------------------------------------------------------------------------------


def island_engine() -> Report:
    """INT8 convs, an FP16 residual block exported without Q/DQ, a standalone Q after it."""
    return report_of(
        input_q(),
        int8_conv("conv1.weight + QuantizeLinear_7 + Conv_9 + Relu_10", "176", "191"),
        int8_conv(
            "layer2.1.conv2.weight + QuantizeLinear_188 + Conv_190 + Relu_198", "191", "346", "FP16"
        ),
        rec("Conv_199 + Relu_200", "CaskConvolution", [t("346", "FP16")], [t("348", "FP16")]),
        rec(
            "Conv_201 + Add_202 + Relu_203",
            "CaskConvolution",
            [t("348", "FP16"), t("346", "FP16")],
            [t("351", "FP16")],
        ),
        rec("QuantizeLinear_206", "Reformat", [t("351", "FP16")], [t("354", "INT8")], origin="QDQ"),
        int8_conv("layer2.3.conv1.weight + QuantizeLinear_211 + Conv_213", "354", "363"),
        rec(
            "DequantizeLinear_300", "Reformat", [t("363", "INT8")], [t("out", "FP32")], origin="QDQ"
        ),
    )


def test_island_between_int8_layers_is_an_error_and_its_q_a_warning() -> None:
    assert found(island_engine()) == [
        ("precision-island", "error", ("L3", "L4", "L2", "L5")),
        ("unfused-qdq", "warning", ("L5", "L4")),
        ("unfused-qdq", "info", ("L0",)),
        ("unfused-qdq", "info", ("L7",)),
    ]


def test_island_finding_names_its_edges_and_fix() -> None:
    island = of_rule(island_engine(), "precision-island")[0]
    assert (
        island.title
        == "FP16 island between INT8 layers: Conv_199 + Relu_200, Conv_201 + Add_202 + Relu_203"
    )
    assert (
        "Conv_190 + Relu_198 (CaskConvolution, INT8) computes in INT8 but writes 346 (FP16)"
        in island.explanation
    )
    assert (
        "quantized by QuantizeLinear_206, a QuantizeLinear kept as a separate layer"
        in island.explanation
    )
    assert island.fix.startswith("Quantize Conv_199 + Relu_200, Conv_201 + Add_202 + Relu_203")
    assert "QuantizeLinear_206 can fuse" in island.fix
    assert island.tensors == ("346", "351")


def test_input_q_and_output_dq_are_expected() -> None:
    infos = [f for f in of_rule(island_engine(), "unfused-qdq") if f.severity == "info"]
    assert [f.title for f in infos] == [
        "Input quantization: QuantizeLinear_2 converts input.1 to INT8 (expected)",
        "Output dequantization: DequantizeLinear_300 converts to float before the output (expected)",
    ]


def test_float_tail_softmax_is_info_and_float_tail_gemm_a_warning() -> None:
    softmax_tail = report_of(
        input_q(),
        int8_conv("fc.weight + QuantizeLinear_309 + Gemm_311", "176", "fc_out", "FP32"),
        rec("Softmax_312", "CudaSoftMax", [t("fc_out", "FP32")], [t("528", "FP32")]),
    )
    gemm_tail = report_of(
        input_q(),
        int8_conv("conv1.weight + QuantizeLinear_7 + Conv_9", "176", "603", "FP16"),
        rec("GlobalAveragePool_439", "CaskPooling", [t("603", "FP16")], [t("604", "FP16")]),
        rec("Gemm_441", "CaskGemmConvolution", [t("604", "FP16")], [t("logits", "FP16")]),
    )
    assert found(softmax_tail) == [
        ("unfused-qdq", "info", ("L0",)),
        ("precision-island", "info", ("L2", "L1")),
    ]
    assert found(gemm_tail) == [
        ("precision-island", "warning", ("L2", "L3", "L1")),
        ("unfused-qdq", "info", ("L0",)),
    ]


def test_float_conv_with_qdq_in_its_name_is_an_error_even_at_the_tail() -> None:
    report = report_of(
        input_q(),
        int8_conv("conv1.weight + QuantizeLinear_7 + Conv_9", "176", "a", "FP16"),
        rec(
            "fc.weight + QuantizeLinear_309 + Gemm_311",
            "CaskGemmConvolution",
            [t("a", "FP16")],
            [t("b", "FP16")],
        ),
    )
    assert found(report)[0] == ("precision-island", "error", ("L2", "L1"))


def test_pooling_island_between_int8_layers_is_a_warning() -> None:
    report = report_of(
        input_q(),
        int8_conv("conv1.weight + QuantizeLinear_7 + Conv_9", "176", "m", "FP32"),
        rec("MaxPool_12", "TiledPooling", [t("m", "FP32")], [t("p", "FP32")]),
        rec("QuantizeLinear_15", "Reformat", [t("p", "FP32")], [t("q", "INT8")], origin="QDQ"),
        int8_conv("layer1.0.conv1.weight + QuantizeLinear_20 + Conv_22", "q", "y"),
    )
    findings = symptoms(report)
    assert [(f.rule, f.severity, f.layer_ids) for f in findings] == [
        ("precision-island", "warning", ("L2", "L1", "L3")),
        ("unfused-qdq", "warning", ("L3", "L2")),
        ("unfused-qdq", "info", ("L0",)),
    ]
    assert findings[0].fix.startswith(
        "Put a QuantizeLinear/DequantizeLinear pair on the input of MaxPool_12"
    )


# ---------------------------------------------------------------------------------------------
# Rule 4: residual branches and INT8 layers with float outputs
# ---------------------------------------------------------------------------------------------


def residual_engine() -> Report:
    """TREx's resnet-qat pattern: the residual Add takes an unquantized FP16 branch."""
    return report_of(
        input_q(),
        int8_conv("layer1.0.conv1.weight + QuantizeLinear_20 + Conv_22", "176", "a", "FP16"),
        rec("QuantizeLinear_40", "Reformat", [t("a", "FP16")], [t("qa", "INT8")], origin="QDQ"),
        int8_conv("layer1.1.conv1.weight + QuantizeLinear_45 + Conv_47", "qa", "b"),
        rec(
            "layer1.1.conv2.weight + QuantizeLinear_57 + Conv_59 + Add_61 + Relu_62",
            "CaskConvolution",
            [t("b", "INT8"), t("a", "FP16")],
            [t("c", "FP16")],
        ),
        rec("QuantizeLinear_65", "Reformat", [t("c", "FP16")], [t("qc", "INT8")], origin="QDQ"),
        int8_conv("layer2.0.conv1.weight + QuantizeLinear_70 + Conv_72", "qc", "d"),
    )


def test_residual_float_branch_is_a_warning_with_the_add_named() -> None:
    findings = symptoms(residual_engine())
    assert [(f.rule, f.severity, f.layer_ids) for f in findings] == [
        ("unfused-qdq", "warning", ("L2", "L1", "L4")),
        ("int8-float-io", "warning", ("L4", "L1")),
        ("unfused-qdq", "warning", ("L5", "L4")),
        ("unfused-qdq", "info", ("L0",)),
    ]
    residual = findings[1]
    assert (
        residual.title
        == "Residual Add_61 in Conv_59 + Add_61 + Relu_62 takes an unquantized FP16 branch"
    )
    assert "residual branch input of Add_61 (tensor a)" in residual.fix
    q40 = findings[0]
    assert (
        "also feeds Conv_59 + Add_61 + Relu_62 (CaskConvolution, INT8) in float" in q40.explanation
    )
    q65 = findings[2]
    assert "its fused Add_61 takes the float branch a (FP16)" in q65.explanation
    assert "residual branch input of Add_61" in q65.fix


def test_separate_residual_dq_points_at_the_float_output() -> None:
    """TREx's resnet-qat-residual pattern: the last block writes FP32 for an unquantized GAP."""
    report = report_of(
        input_q(),
        int8_conv(
            "layer4.0.conv2.weight + QuantizeLinear_240 + Conv_242 + Add_261 + Relu_262", "176", "r"
        ),
        rec(
            "DequantizeLinear_291",
            "Reformat",
            [t("r", "INT8")],
            [t("onnx::Add_454", "FP32")],
            origin="QDQ",
        ),
        int8_conv("layer4.1.conv1.weight + QuantizeLinear_270 + Conv_272", "r", "e"),
        rec(
            "layer4.1.conv2.weight + QuantizeLinear_282 + Conv_284 + Add_292 + Relu_293",
            "CaskConvolution",
            [t("e", "INT8"), t("onnx::Add_454", "FP32")],
            [t("input.115", "FP32")],
        ),
        rec("GlobalAveragePool_294", "CaskPooling", [t("input.115", "FP32")], [t("g", "FP32")]),
        rec("QuantizeLinear_298", "Reformat", [t("g", "FP32")], [t("qg", "INT8")], origin="QDQ"),
        int8_conv("fc.weight + QuantizeLinear_303 + Gemm_305", "qg", "logits", "FP32"),
    )
    findings = symptoms(report)
    assert [(f.rule, f.severity, f.layer_ids) for f in findings] == [
        ("unfused-qdq", "warning", ("L2", "L4")),
        ("int8-float-io", "warning", ("L4", "L2", "L5")),
        ("precision-island", "warning", ("L5", "L4", "L6")),
        ("unfused-qdq", "warning", ("L6", "L5")),
        ("unfused-qdq", "info", ("L0",)),
        ("int8-float-io", "info", ("L7",)),
    ]
    assert "put a QuantizeLinear/DequantizeLinear pair after Relu_293" in findings[0].fix
    assert "DequantizeLinear_291" in findings[1].explanation


def test_int8_layer_writing_float_into_a_concat_is_a_warning() -> None:
    report = report_of(
        input_q(),
        int8_conv("conv1.weight + QuantizeLinear_7 + Conv_9", "176", "a", "FP16"),
        rec("Concat_10", "Concatenation", [t("a", "FP16")], [t("cat", "FP16")]),
        rec("QuantizeLinear_12", "Reformat", [t("cat", "FP16")], [t("qc", "INT8")], origin="QDQ"),
        int8_conv("conv2.weight + QuantizeLinear_13 + Conv_15", "qc", "y"),
    )
    io = of_rule(report, "int8-float-io")
    assert [(f.severity, f.layer_ids) for f in io] == [("warning", ("L1", "L2"))]
    assert io[0].title == "Conv_9 computes in INT8 but writes FP16 (no Q after it)"


def test_mixed_elementwise_is_reported() -> None:
    report = report_of(
        input_q(),
        int8_conv("conv1.weight + QuantizeLinear_7 + Conv_9", "176", "a"),
        rec("Conv_11", "CaskConvolution", [t("176", "INT8")], [t("b", "FP16")]),
        rec("Add_12", "ElementWise", [t("a", "INT8"), t("b", "FP16")], [t("c", "INT8")]),
    )
    io = of_rule(report, "int8-float-io")
    assert [(f.severity, f.layer_ids) for f in io] == [("warning", ("L3", "L2"))]
    assert io[0].title == "Add_12 mixes FP16/INT8 inputs"


# ---------------------------------------------------------------------------------------------
# Rule 3: Reformats
# ---------------------------------------------------------------------------------------------


def reformat_engine(with_qdq: bool) -> Report:
    """A float → INT8 → float engine whose conversions are builder Reformats."""
    first = "conv1.weight + QuantizeLinear_7 + Conv_9" if with_qdq else "conv1 + relu1"
    return report_of(
        rec(
            "Reformatting CopyNode for Input Tensor 0 to conv1",
            "Reformat",
            [t("x", "FP32")],
            [t("rx", "INT8")],
            origin="REFORMAT",
        ),
        int8_conv(first, "rx", "y"),
        rec(
            "Reformatting CopyNode for Output Tensor 0 to conv1",
            "Reformat",
            [t("y", "INT8")],
            [t("ry", "FP16")],
            origin="REFORMAT",
        ),
        rec(
            "Reformatting CopyNode for Input Tensor 0 to fc",
            "NoOp",
            [t("ry", "FP16")],
            [t("rr", "FP16")],
        ),
        rec("Softmax_5", "CudaSoftMax", [t("rr", "FP16")], [t("out", "FP16")]),
    )


def test_type_changing_reformats_warn_in_qdq_and_inform_in_implicit_int8() -> None:
    qdq = of_rule(reformat_engine(True), "type-reformat")
    implicit = of_rule(reformat_engine(False), "type-reformat")
    assert [(f.severity, f.layer_ids) for f in qdq] == [("warning", ("L0", "L2"))]
    assert qdq[0].title == "2 type-changing Reformats (FP32→INT8 ×1, INT8→FP16 ×1)"
    assert [(f.severity, f.layer_ids) for f in implicit] == [("info", ("L0", "L2"))]


def test_layout_reformat_noop_is_info() -> None:
    layout = of_rule(reformat_engine(True), "layout-reformat")
    assert [(f.severity, f.layer_ids) for f in layout] == [("info", ("L3",))]
    assert "NoOp" in layout[0].explanation


def test_reformat_time_share_is_in_the_explanation() -> None:
    profile = Profile(
        "p.json",
        10,
        (
            ProfileEntry("Reformatting CopyNode for Input Tensor 0 to conv1", 1.0, 0.1, None, 10.0),
            ProfileEntry(
                "Reformatting CopyNode for Output Tensor 0 to conv1", 0.5, 0.05, None, 5.0
            ),
            ProfileEntry("conv1.weight + QuantizeLinear_7 + Conv_9", 8.5, 0.85, None, 85.0),
        ),
    )
    base = reformat_engine(True)
    report = report_of(*_records_of(base), profile=profile)
    finding = of_rule(report, "type-reformat")[0]
    assert "Profiled time: 0.15 ms per run (15% of the total)." in finding.explanation


def _records_of(report: Report) -> list[LayerRecord]:
    """Layer records back from a report (to re-join with a profile)."""
    return [
        rec(
            x.name,
            x.layer_type,
            list(x.inputs),
            list(x.outputs),
            origin=x.origin,
            details=x.details,
        )
        for x in report.layers
    ]


# ---------------------------------------------------------------------------------------------
# Float-only builds: nothing
# ---------------------------------------------------------------------------------------------


def test_fp16_network_has_no_findings() -> None:
    report = report_of(
        rec(
            "Reformatting CopyNode for Input Tensor 0 to Conv_0",
            "Reformat",
            [t("x", "FP32")],
            [t("r", "FP16")],
        ),
        rec(
            "Conv_0 + Relu_1",
            "CaskConvolution",
            [t("r", "FP16")],
            [t("a", "FP16")],
            details=CONV_DETAILS,
        ),
        rec("Conv_2", "CaskConvolution", [t("a", "FP16")], [t("b", "FP16")], details=CONV_DETAILS),
        rec("Conv_3", "CaskConvolution", [t("a", "FP16")], [t("c", "FP16")], details=CONV_DETAILS),
        rec("Softmax_4", "CudaSoftMax", [t("b", "FP16")], [t("out", "FP32")]),
    )
    analysed = analyse(report)
    assert analysed.findings == ()
    assert analysed.summary is not None
    assert analysed.summary.is_qdq is False
    summary = analysed.summary
    assert (summary.error_findings, summary.warning_findings, summary.info_findings) == (0, 0, 0)


# ---------------------------------------------------------------------------------------------
# Rule 5: warnings
# ---------------------------------------------------------------------------------------------


def test_quantization_warnings_are_tied_to_tensors() -> None:
    report = replace(
        island_engine(),
        warnings=(
            LineSample(
                2175,
                "Calibrator won't be used in explicit precision mode. Use quantization aware training to generate network with Quantize/Dequantize nodes.",
            ),
            LineSample(
                2300,
                "Missing scale and zero-point for tensor 348, expect fall back to non-int8 implementation for any layer consuming or producing given tensor",
            ),
            LineSample(
                2400,
                "Weights [name=Conv_0.weight] had the following issues when converted to FP16: - Subnormal FP16 values detected.",
            ),
        ),
    )
    warned = of_rule(report, "quant-warning")
    assert [(f.severity, f.layer_ids, f.lines, f.tensors) for f in warned] == [
        ("warning", ("L3", "L4"), (2300,), ("348",)),
        ("info", (), (2175,), ()),
    ]


def test_explicit_precision_warning_alone_makes_the_network_qdq() -> None:
    """GIVEN a build that failed before any engine layer, whose only Q/DQ evidence is the
    builder's explicit-precision warning THEN the network counts as Q/DQ, and the finding is
    the expected-calibrator note, not a warning that the Q/DQ nodes are missing."""
    report = replace(
        reformat_engine(False),
        layers=(),
        warnings=(
            LineSample(
                12,
                "Calibrator won't be used in explicit precision mode. Use quantization aware "
                "training to generate network with Quantize/Dequantize nodes.",
            ),
        ),
    )
    assert is_qdq_network(report)
    warned = of_rule(report, "quant-warning")
    assert [(f.severity, f.title, f.lines) for f in warned] == [
        ("info", "Calibrator ignored in explicit precision mode (expected)", (12,))
    ]


def test_no_calibrator_warning_in_implicit_int8_is_a_warning() -> None:
    report = replace(
        reformat_engine(False),
        warnings=(
            LineSample(
                33,
                "Calibrator is not being used. Users must provide dynamic range for all tensors that are not Int8.",
            ),
        ),
    )
    # The scales are placeholders: a warning (the header's INT8 share would otherwise mislead).
    assert of_rule(report, "quant-warning") == []
    warned = of_rule(report, "int8-no-calibration")
    assert [(f.severity, f.lines, f.id) for f in warned] == [
        ("warning", (33,), "int8-no-calibration:no-calibrator")
    ]
    assert warned[0].title.startswith("INT8 without calibration: the scales are placeholders")
    assert warned[0].cost_layers == sum(1 for x in report.layers if x.precision == "INT8")


# ---------------------------------------------------------------------------------------------
# Rule 6: Myelin and DLA
# ---------------------------------------------------------------------------------------------


def test_myelin_region_holding_qdq_is_a_warning() -> None:
    report = report_of(
        input_q(),
        rec(
            "{ForeignNode[/blocks.0/attn/QuantizeLinear...Add_99]}",
            "Myelin",
            [t("176", "INT8")],
            [t("z", "FP16")],
        ),
    )
    myelin = of_rule(report, "myelin-qdq")
    assert [(f.severity, f.layer_ids) for f in myelin] == [("warning", ("L1",))]
    assert "/blocks.0/attn/QuantizeLinear" in myelin[0].explanation


def test_dla_fallback_only_when_dla_was_requested() -> None:
    base = island_engine()
    placed = tuple(replace(x, device="GPU" if x.index == 3 else "DLA") for x in base.layers)
    asked = replace(
        base,
        layers=placed,
        options=(OptionSection("Build Options", (("DLACore", "0"),), 20),),
    )
    not_asked = replace(base, layers=placed)
    assert [(f.severity, f.layer_ids) for f in of_rule(asked, "dla-fallback")] == [
        ("warning", ("L3",))
    ]
    assert of_rule(not_asked, "dla-fallback") == []


# ---------------------------------------------------------------------------------------------
# Rule 7: horizontal merges
# ---------------------------------------------------------------------------------------------


def test_parallel_convs_with_same_geometry_not_merged_are_info() -> None:
    different = (*CONV_DETAILS[:1], ("Kernel", "1,1"), *CONV_DETAILS[2:])
    report = report_of(
        input_q(),
        int8_conv("a.weight + QuantizeLinear_20 + Conv_22", "176", "a"),
        int8_conv("b.weight + QuantizeLinear_25 + Conv_27", "176", "b"),
        rec(
            "c.weight + QuantizeLinear_30 + Conv_32",
            "CaskConvolution",
            [t("176", "INT8")],
            [t("c", "INT8")],
            details=different,
        ),
    )
    merges = of_rule(report, "horizontal-merge")
    assert [(f.severity, f.layer_ids, f.tensors) for f in merges] == [
        ("info", ("L1", "L2"), ("176",))
    ]


# ---------------------------------------------------------------------------------------------
# Order and summary
# ---------------------------------------------------------------------------------------------


def test_findings_sorted_by_severity_then_first_layer_and_deterministic() -> None:
    report = island_engine()
    first = analyse(report)
    again = analyse(report)
    assert first == again
    assert report.findings == () and report.summary is None  # pure: the input is untouched
    ranks = ["error", "warning", "info"]
    keys = [(ranks.index(f.severity), int(f.layer_ids[0][1:])) for f in first.findings]
    assert keys == sorted(keys)


def test_summary_counts_compute_layers_reformats_and_findings() -> None:
    summary = analyse(island_engine()).summary
    assert summary is not None
    assert summary.is_qdq is True
    assert (summary.compute_layers, summary.int8_compute_layers) == (5, 3)
    assert summary.int8_compute_share == 0.6
    assert summary.int8_time_share is None
    # Three standalone Q/DQ copies; none is a builder Reformat changing type (the
    # type-reformat finding's subject), so a CI gate on that count does not fire on Q/DQ.
    assert (summary.reformats, summary.type_changing_reformats) == (3, 0)
    # The unfused Q behind the island is a part of the island's card, not a card of its own.
    assert (summary.error_findings, summary.warning_findings, summary.info_findings) == (1, 0, 2)


def test_summary_time_share_from_profile() -> None:
    profile = Profile(
        "p.json",
        10,
        (
            ProfileEntry("QuantizeLinear_2", 1.0, 0.1, None, 10.0),
            ProfileEntry(
                "conv1.weight + QuantizeLinear_7 + Conv_9 + Relu_10", 6.0, 0.6, None, 60.0
            ),
            ProfileEntry("Conv_199 + Relu_200", 3.0, 0.3, None, 30.0),
        ),
    )
    report = report_of(*_records_of(island_engine()), profile=profile)
    summary = analyse(report).summary
    assert summary is not None
    assert summary.int8_time_share == 0.6


def test_missing_scale_warning_keeps_tensor_names_with_spaces() -> None:
    """TensorRT's real text names unnamed tensors like ``(Unnamed Layer* 367) [Convolution]_output``."""
    from trtreport.analysis.qdq import _MISSING_SCALE

    text = (
        "Missing scale and zero-point for tensor (Unnamed Layer* 367) [Convolution]_output, "
        "expect fall back to non-int8 implementation for any layer consuming or producing given tensor"
    )
    match = _MISSING_SCALE.search(text)
    assert match is not None
    assert match.group("tensor") == "(Unnamed Layer* 367) [Convolution]_output"
    plain = _MISSING_SCALE.search(
        "Missing scale and zero-point for tensor input.1, expect fall back"
    )
    assert plain is not None and plain.group("tensor") == "input.1"


# ---------------------------------------------------------------------------------------------
# Reachability of quantized layers on branching graphs
# ---------------------------------------------------------------------------------------------


def branching_engine() -> Report:
    """Two branches out of A that meet again in E; INT8 layers B and F; listed out of order.

    ::

        x → A ─┬→ B (INT8) → D ─┬→ E → F (INT8) → out
               └→ C ───────────┘
               └→ G → out2        (a float branch that never meets a quantized layer)
    """
    a = rec("A", "CaskConvolution", [t("x", "FP16")], [t("a", "FP16")])
    b = int8_conv("B", "a_q", "b", out_type="FP16")
    b = replace(b, inputs=(t("a", "INT8"),))
    c = rec("C", "PointWiseV2", [t("a", "FP16")], [t("c", "FP16")])
    d = rec("D", "PointWiseV2", [t("b", "FP16")], [t("d", "FP16")])
    e = rec("E", "ElementWise", [t("c", "FP16"), t("d", "FP16")], [t("e", "FP16")])
    f = rec("F", "CaskConvolution", [t("e", "INT8")], [t("out", "INT8")])
    g = rec("G", "PointWiseV2", [t("a", "FP16")], [t("out2", "FP16")])
    # Engine order against the data flow, so a single sweep in either direction is not enough.
    return report_of(f, e, g, d, c, b, a)


def _names(report: Report, ids: frozenset[str]) -> set[str]:
    by_id = {layer.id: layer.name for layer in report.layers}
    return {by_id[i] for i in ids}


def test_quantized_reachability_on_a_branching_graph() -> None:
    report = branching_engine()
    ctx = make_context(report)
    # Downstream: every layer with a path to B or F; F itself reaches no other INT8 layer, and
    # G's branch ends at an output.
    assert _names(report, ctx.quantized_below) == {"A", "B", "C", "D", "E"}
    # Upstream: every layer with B or F behind it; B has only float layers behind it.
    assert _names(report, ctx.quantized_above) == {"D", "E", "F"}


def test_quantized_reachability_through_a_cycle_and_into_a_dead_end() -> None:
    """A quantized layer in a cycle reaches itself through the others, never through nothing."""
    report = report_of(
        rec("P", "PointWiseV2", [t("x", "FP16"), t("r", "FP16")], [t("p", "FP16")]),
        rec("Q", "CaskConvolution", [t("p", "INT8")], [t("q", "INT8")]),
        rec("R", "PointWiseV2", [t("q", "FP16")], [t("r", "FP16")]),
        rec("S", "PointWiseV2", [t("q", "FP16")], [t("s", "FP16")]),
    )
    ctx = make_context(report)
    assert _names(report, ctx.quantized_below) == {"P", "Q", "R"}
    assert _names(report, ctx.quantized_above) == {"P", "Q", "R", "S"}


# ---------------------------------------------------------------------------------------------
# Names mentioned in a text: whole names only
# ---------------------------------------------------------------------------------------------


def test_a_warning_about_conv_10_names_conv_10_not_conv_1() -> None:
    report = replace(
        report_of(
            input_q(),
            int8_conv("Conv_1", "176", "c1"),
            int8_conv("Conv_10", "c1", "c10"),
            int8_conv("Conv_100", "c10", "out"),
        ),
        warnings=(LineSample(40, "Dynamic range of Conv_10 is zero; INT8 falls back."),),
    )
    warned = of_rule(report, "quant-warning")
    assert [(f.layer_ids, f.lines) for f in warned] == [(("L2",), (40,))]


def test_a_warning_naming_a_fused_layer_does_not_name_its_parts() -> None:
    """``Conv_1 + Relu_2`` is one layer; a tensor named ``Conv_1`` is not what it mentions."""
    report = replace(
        report_of(
            input_q(),
            int8_conv("Conv_1 + Relu_2", "176", "Conv_1"),
            int8_conv("(Unnamed Layer* 3) [Convolution]", "Conv_1", "out"),
        ),
        warnings=(LineSample(41, "INT8 scales of 'Conv_1 + Relu_2' were clamped"),),
    )
    warned = of_rule(report, "quant-warning")
    assert [f.layer_ids for f in warned] == [("L1",)]


def test_mentioned_names_with_any_characters() -> None:
    from trtreport.analysis import mentioned_names

    names = [
        "Conv_1",
        "Conv_10",
        "(Unnamed Layer* 3) [Shuffle]_output",
        "(Unnamed Layer* 3) [Shuffle]_output_1",
        "model/dense:0",
        "model/dense:0 + bias",
    ]
    assert mentioned_names("bad tensor (Unnamed Layer* 3) [Shuffle]_output_1 here", names) == {
        "(Unnamed Layer* 3) [Shuffle]_output_1"
    }
    assert mentioned_names("Conv_1.", names) == {"Conv_1"}
    assert mentioned_names("layers Conv_10,Conv_1", names) == {"Conv_1", "Conv_10"}
    assert mentioned_names("xConv_1 and Conv_1x and Conv_1_a", names) == set()
    assert mentioned_names("in [model/dense:0 + bias]", names) == {"model/dense:0 + bias"}
    assert mentioned_names("model/dense:0 then model/dense:0 + bias", names) == {
        "model/dense:0",
        "model/dense:0 + bias",
    }


def test_added_reformat_lines_go_to_the_reformat_they_name() -> None:
    """``... to Conv_1`` is not the line about ``... to Conv_10``."""
    report = replace(
        report_of(
            rec(
                "Reformatting CopyNode for Input Tensor 0 to Conv_1",
                "Reformat",
                [t("x", "FP32")],
                [t("Reformatted Input Tensor 0 to Conv_1", "INT8")],
            ),
            int8_conv("Conv_1", "Reformatted Input Tensor 0 to Conv_1", "c1"),
            rec(
                "Reformatting CopyNode for Input Tensor 0 to Conv_10",
                "Reformat",
                [t("c1", "INT8")],
                [t("Reformatted Input Tensor 0 to Conv_10", "INT8")],
            ),
            int8_conv("Conv_10", "Reformatted Input Tensor 0 to Conv_10", "out"),
        ),
        reformats_added=(
            LineSample(
                100,
                "Adding reformat layer: Reformatted Input Tensor 0 to Conv_10 (c1) from "
                "Int8(200704,784,28,1) to Int8(200704,1,7168,256)",
            ),
            LineSample(
                101,
                "Adding reformat layer: Reformatted Input Tensor 0 to Conv_1 (x) from "
                "Float(200704,784,28,1) to Int8(200704,1,7168,256)",
            ),
        ),
    )
    type_changing = of_rule(report, "type-reformat")
    layout = of_rule(report, "layout-reformat")
    assert [(f.layer_ids, 100 in f.lines, 101 in f.lines) for f in type_changing] == [
        (("L0",), False, True)
    ]
    assert [(f.layer_ids, 100 in f.lines, 101 in f.lines) for f in layout] == [
        (("L2",), True, False)
    ]
