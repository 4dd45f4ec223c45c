"""The join: build choice, layer matching, precision rule, roles, bindings and edges."""

from __future__ import annotations

import pytest

from trtreport.errors import MismatchError
from trtreport.join import build_report, compute_precision, layer_role
from trtreport.matching import normalise_name
from trtreport.model import (
    MIXED,
    UNKNOWN,
    AutotuneSummary,
    Binding,
    Build,
    BuildLog,
    LayerFile,
    LayerRecord,
    OptionSection,
    ParseStats,
    Profile,
    ProfileEntry,
    TensorInfo,
)


def t(name: str, dtype: str, *shape: int, fmt: str = "") -> TensorInfo:
    """A tensor in one line."""
    return TensorInfo(name=name, dtype=dtype, shape=tuple(shape), format=fmt)


QDQ_ENGINE = (
    LayerRecord(
        name="QuantizeLinear_2",
        layer_type="Reformat",
        tactic="0x00000000000003ea",
        inputs=(t("images", "FP32", 1, 3, 8, 8),),
        outputs=(t("q0", "INT8", 1, 3, 8, 8),),
        line=101,
    ),
    LayerRecord(
        name="w1 + QuantizeLinear_7 + Conv_9 + Relu_10",
        layer_type="CaskConvolution",
        tactic="0xf56c0ac895d82363",
        inputs=(t("q0", "INT8", 1, 3, 8, 8),),
        outputs=(t("r1", "INT8", 1, 16, 8, 8),),
        line=102,
    ),
    LayerRecord(
        name="w2 + QuantizeLinear_12 + Conv_14 + Add_16",
        layer_type="CaskConvolution",
        inputs=(t("r1", "INT8", 1, 16, 8, 8), t("q0", "INT8", 1, 3, 8, 8)),
        outputs=(t("a2", "FP32", 1, 16, 8, 8),),
        line=103,
    ),
    LayerRecord(
        name="Softmax_20",
        layer_type="CudaSoftMax",
        inputs=(t("a2", "FP32", 1, 16, 8, 8),),
        outputs=(t("probs", "FP32", 1, 16, 8, 8),),
        line=104,
    ),
)


def make_log(*builds: Build, source: str = "build.log") -> BuildLog:
    """A parsed log holding ``builds``."""
    return BuildLog(source=source, builds=builds, stats=ParseStats(lines_read=200))


def qdq_build(**changes: object) -> Build:
    """A one-build log of the four-layer Q/DQ engine above, with bindings."""
    fields: dict[str, object] = {
        "index": 0,
        "first_line": 1,
        "last_line": 200,
        "command": "trtexec --onnx=/models/net.onnx --int8 --fp16 --verbose",
        "tensorrt_version": "8.5.10",
        "options": (OptionSection("Build Options", (("Precision", "FP32+FP16+INT8"),), 5),),
        "device": (("Selected Device", "NVIDIA A100"),),
        "engine_layers": QDQ_ENGINE,
        "bindings": (
            Binding(0, "images", "input", (1, 3, 8, 8), UNKNOWN, 150),
            Binding(1, "probs", "output", (1, 16, 8, 8), UNKNOWN, 151),
        ),
        "status": "passed",
    }
    fields.update(changes)
    return Build(**fields)  # type: ignore[arg-type]


def test_layers_keep_engine_order_and_get_stable_ids() -> None:
    report = build_report(make_log(qdq_build()))
    assert [layer.id for layer in report.layers] == ["L0", "L1", "L2", "L3"]
    assert report.layers[1].name == "w1 + QuantizeLinear_7 + Conv_9 + Relu_10"
    assert report.layers[1].log_line == 102
    assert report.layers[1].sources == ("log",)


def test_precision_rule_per_layer_kind() -> None:
    report = build_report(make_log(qdq_build()))
    by_name = {layer.name: layer for layer in report.layers}
    quantize = by_name["QuantizeLinear_2"]
    assert (quantize.input_precision, quantize.output_precision) == ("FP32", "INT8")
    assert quantize.precision == "INT8"  # a reformat is drawn in the type it writes
    conv_out_float = by_name["w2 + QuantizeLinear_12 + Conv_14 + Add_16"]
    assert conv_out_float.precision == "INT8"  # data input decides
    assert conv_out_float.output_precision == "FP32"
    assert by_name["Softmax_20"].precision == "FP32"


def test_tf32_kernel_on_float_conv_is_tf32() -> None:
    record = LayerRecord(
        name="Conv_1",
        layer_type="CaskConvolution",
        kernel="sm80_xmma_fprop_implicit_gemm_tf32f32_tf32f32_f32_nhwckrsc_nhwc",
        inputs=(t("x", "FP32"),),
        outputs=(t("y", "FP32"),),
    )
    assert compute_precision(record, "compute") == "TF32"


def test_mixed_inputs_make_a_mixed_pointwise_layer() -> None:
    record = LayerRecord(
        name="PWN(Add_3)",
        layer_type="PointWiseV2",
        inputs=(t("a", "FP16"), t("b", "FP32")),
        outputs=(t("c", "FP16"),),
    )
    assert compute_precision(record, "compute") == MIXED


@pytest.mark.parametrize(
    ("record", "role"),
    [
        (LayerRecord("QuantizeLinear_2", "Reformat", origin="QDQ"), "qdq"),
        (LayerRecord("Reformatting CopyNode for Input Tensor 0 to Conv_3", "NoOp"), "reformat"),
        (LayerRecord("{ForeignNode[MatMul_1...Add_9]}", "Myelin"), "myelin"),
        (LayerRecord("const_w", "Constant", outputs=(t("w", "FP32"),)), "constant"),
        (LayerRecord("copied_squeeze_after_Gemm", "NoOp", inputs=(t("x", "FP32"),)), "shuffle"),
        (LayerRecord("Conv_3", "CaskConvolution", inputs=(t("x", "FP32"),)), "compute"),
        (LayerRecord("TrainStation_1", "TrainStation"), "sync"),
        (LayerRecord("signal_aux_0", "Signal"), "sync"),
    ],
)
def test_layer_roles(record: LayerRecord, role: str) -> None:
    assert layer_role(record) == role


def test_edges_follow_tensors_and_bindings_are_nodes() -> None:
    report = build_report(make_log(qdq_build()))
    pairs = {(e.source, e.target, e.tensor) for e in report.edges}
    assert pairs == {
        ("in:images", "L0", "images"),
        ("L0", "L1", "q0"),
        ("L1", "L2", "r1"),
        ("L0", "L2", "q0"),
        ("L2", "L3", "a2"),
        ("L3", "out:probs", "probs"),
    }
    edge = next(e for e in report.edges if e.tensor == "r1")
    assert (edge.dtype, edge.shape) == ("INT8", (1, 16, 8, 8))


def test_binding_types_are_filled_from_tensors() -> None:
    report = build_report(make_log(qdq_build()))
    assert [(b.name, b.direction, b.dtype) for b in report.bindings] == [
        ("images", "input", "FP32"),
        ("probs", "output", "FP32"),
    ]


def test_bindings_are_inferred_with_a_note_when_the_log_has_none() -> None:
    report = build_report(make_log(qdq_build(bindings=())))
    assert [(b.name, b.direction) for b in report.bindings] == [
        ("images", "input"),
        ("probs", "output"),
    ]
    assert any("inferred" in note for note in report.notes)


def test_layer_file_enriches_matched_layers_and_lists_the_rest() -> None:
    file = LayerFile(
        source="layers.json",
        kind="detailed",
        layers=(
            LayerRecord(
                name="w1 + QuantizeLinear_7 + Conv_9 + Relu_10",
                layer_type="CaskConvolution",
                kernel="sm80_xmma_fprop_implicit_gemm_interleaved_i8i8_i8i32_f32",
                inputs=(t("q0", "INT8", 1, 3, 8, 8, fmt="Row major Int8 format"),),
                outputs=(t("r1", "INT8", 1, 16, 8, 8, fmt="Thirty-two wide channel ..."),),
                onnx_nodes=("QuantizeLinear_7", "Conv_9", "Relu_10"),
                line=2,
            ),
            LayerRecord(name="ghost_layer [profile 1]", line=9),
        ),
    )
    report = build_report(make_log(qdq_build()), file)
    conv = report.layers[1]
    assert conv.kernel.startswith("sm80_xmma")
    assert conv.onnx_nodes == ("QuantizeLinear_7", "Conv_9", "Relu_10")
    assert conv.inputs[0].format == "Row major Int8 format"
    assert conv.sources == ("log", "layers")
    assert conv.log_line == 102
    assert report.layers[-1].name == "ghost_layer [profile 1]"
    unmatched = {(u.name, u.present_in) for u in report.unmatched}
    assert ("ghost_layer [profile 1]", "layers") in unmatched
    assert ("Softmax_20", "log") in unmatched


def test_names_match_across_whitespace_and_profile_suffix() -> None:
    assert normalise_name("Conv_1 +\u00a0Relu_2 [profile 3]") == "Conv_1 + Relu_2"
    file = LayerFile(
        source="l.json",
        kind="names-only",
        layers=(LayerRecord(name="Softmax_20 [profile 0]"),),
    )
    report = build_report(make_log(qdq_build()), file)
    assert report.layers[3].sources == ("log", "layers")
    assert report.unmatched == ()  # names-only files do not list log-only layers


def test_layer_file_from_another_build_is_a_mismatch_naming_both_files() -> None:
    file = LayerFile(source="other.json", kind="detailed", layers=(LayerRecord("Conv_77"),))
    with pytest.raises(MismatchError) as info:
        build_report(make_log(qdq_build()), file)
    message = str(info.value)
    assert message.startswith("other.json: shares no layer with build.log")


def test_profile_times_attach_by_name() -> None:
    profile = Profile(
        source="p.json",
        runs=10,
        entries=(
            ProfileEntry("Softmax_20", 0.5, 0.05, 0.05, 12.5),
            ProfileEntry("not_in_engine", 0.1, 0.01, None, 2.5),
        ),
    )
    report = build_report(make_log(qdq_build()), profile=profile)
    softmax = report.layers[3]
    assert (softmax.time_ms, softmax.time_share) == (0.05, 12.5)
    assert softmax.sources == ("log", "profile")
    assert [(u.name, u.present_in) for u in report.unmatched] == [("not_in_engine", "profile")]


def test_profile_from_another_build_is_a_mismatch() -> None:
    profile = Profile("p.json", 1, (ProfileEntry("Conv_77", 1.0, 1.0, None, 100.0),))
    with pytest.raises(MismatchError):
        build_report(make_log(qdq_build()), profile=profile)


def test_last_build_with_engine_is_shown_and_noted() -> None:
    first = qdq_build(index=0, first_line=1, last_line=200)
    second = qdq_build(index=1, first_line=201, last_line=400, tensorrt_version="8.6.1")
    empty = Build(index=2, first_line=401, last_line=410)
    report = build_report(make_log(first, second, empty))
    assert report.header.tensorrt_version == "8.6.1"
    assert report.header.build_index == 1
    assert report.header.builds_in_log == 3
    assert "this report shows build 2 (lines 201–400)" in report.notes[0]


def test_header_fields() -> None:
    report = build_report(make_log(qdq_build()))
    header = report.header
    assert header.model == "net.onnx"
    assert header.title == "net.onnx"
    assert header.device_name == "NVIDIA A100"
    assert header.precision_flags == ("FP32", "FP16", "INT8")
    assert build_report(make_log(qdq_build()), title="My run").header.title == "My run"


def test_precision_flags_from_command_when_no_option_block() -> None:
    build = qdq_build(options=(), command="trtexec --onnx=a.onnx --best")
    assert build_report(make_log(build)).header.precision_flags == ("FP32", "FP16", "INT8")
    build = qdq_build(options=(), command="trtexec --onnx=a.onnx --fp16")
    assert build_report(make_log(build)).header.precision_flags == ("FP32", "FP16")
    build = qdq_build(options=(), command="trtexec --onnx=a.onnx --stronglyTyped --fp16")
    assert build_report(make_log(build)).header.precision_flags == ("STRONGLY TYPED",)


def test_log_without_engine_uses_the_layer_file() -> None:
    file = LayerFile(source="l.json", kind="detailed", layers=QDQ_ENGINE[:2], bindings=("images",))
    report = build_report(make_log(qdq_build(engine_layers=(), bindings=())), file)
    assert len(report.layers) == 2
    assert report.layers[0].sources == ("layers",)
    assert report.layers[0].log_line == 0
    assert [(b.name, b.direction) for b in report.bindings] == [("images", "input")]


def test_declared_io_stand_in_for_missing_binding_lines() -> None:
    """A --skipInference build has no binding lines: the model's declared I/O are used, a
    tensor consumed inside the engine can still be an output, and the order is not claimed."""
    from trtreport.model import OnnxModelInfo, OnnxTensor

    onnx = OnnxModelInfo(
        inputs=(OnnxTensor("images", "FP32", (1, 3, 8, 8)),),
        outputs=(OnnxTensor("a2"), OnnxTensor("probs")),
    )
    report = build_report(make_log(qdq_build(bindings=(), onnx=onnx)))
    assert report.bindings_source == "onnx"
    assert [(b.name, b.direction, b.dtype) for b in report.bindings] == [
        ("images", "input", "FP32"),
        ("a2", "output", "FP32"),
        ("probs", "output", "FP32"),
    ]
    assert ("L2", "out:a2", "a2") in {(e.source, e.target, e.tensor) for e in report.edges}
    assert report.notes[-1].startswith("The log has no binding lines (a build without inference")


def test_bindings_source_of_each_fallback() -> None:
    assert build_report(make_log(qdq_build())).bindings_source == "log"
    assert build_report(make_log(qdq_build(bindings=()))).bindings_source == "graph"
    file = LayerFile(source="l.json", kind="names-only", layers=(), bindings=("images", "probs"))
    assert build_report(make_log(qdq_build(bindings=())), file).bindings_source == "layers"


def test_repeated_keys_survive_in_the_json_model() -> None:
    """The log prints Total Activation Memory twice (tactic selection, then the engine)."""
    from trtreport.render.jsonmodel import pairs_object

    assert pairs_object(
        (
            ("Total Activation Memory", "8587253760"),
            ("x", "1"),
            ("Total Activation Memory", "602112"),
        )
    ) == {
        "Total Activation Memory": "8587253760",
        "x": "1",
        "Total Activation Memory #2": "602112",
    }


def test_a_profile_table_in_the_log_that_matches_nothing_is_a_note_not_an_error() -> None:
    table = (ProfileEntry("unrelated_layer", 1.0, 0.1, 0.1, 100.0),)
    report = build_report(make_log(qdq_build(profile_table=table)))
    assert all(layer.time_ms is None for layer in report.layers)
    assert report.notes[-1].startswith("The profile table printed in the log names none")
    matched = build_report(
        make_log(qdq_build(profile_table=(ProfileEntry("Softmax_20", 1.0, 0.1, 0.1, 50.0),)))
    )
    assert matched.layers[3].time_ms == 0.1
    assert "Layer times come from the profile table printed in the log." in matched.notes


@pytest.mark.parametrize(
    "layer_type", ["FullyConnected", "MatMul", "CaskGemmConvolution", "gemm", "Deconvolution"]
)
def test_matrix_layers_compute_in_their_data_input_type(layer_type: str) -> None:
    record = LayerRecord(
        name="fc",
        layer_type=layer_type,
        inputs=(t("x", "INT8"), t("w", "FP32")),
        outputs=(t("y", "FP32"),),
    )
    assert compute_precision(record, "compute") == "INT8"


def test_profile_autotuning_and_placement_find_layers_by_one_name_index() -> None:
    """Every per-layer fact finds its layer exactly or by normalised name, file-only ones too."""
    file = LayerFile(
        source="l.json",
        kind="detailed",
        layers=(
            LayerRecord("Softmax_20", "CudaSoftMax", inputs=(t("a2", "FP32"),)),
            LayerRecord("extra_layer", "PointWiseV2", inputs=(t("probs", "FP32"),)),
        ),
    )
    build = qdq_build(
        autotuning=(
            AutotuneSummary("extra_layer [profile 0]", fastest_tactic="0x1"),
            AutotuneSummary("Softmax_20", fastest_tactic="0x2"),
            AutotuneSummary("Softmax_20", fastest_tactic="0x3"),  # the first fact wins
        ),
        placement=(("w1 +  QuantizeLinear_7 + Conv_9 + Relu_10", "DLA"), ("Softmax_20", "GPU")),
    )
    profile = Profile(
        source="p.json",
        runs=10,
        entries=(
            ProfileEntry("extra_layer", 0.2, 0.02, None, 40.0),
            ProfileEntry("Softmax_20 [profile 1]", 0.3, 0.03, None, 60.0),
        ),
    )
    report = build_report(make_log(build), file, profile)
    by_name = {layer.name: layer for layer in report.layers}
    extra, softmax = by_name["extra_layer"], by_name["Softmax_20"]
    assert extra.sources == ("layers", "profile")
    assert (extra.autotune and extra.autotune.fastest_tactic, extra.time_ms) == ("0x1", 0.02)
    assert (softmax.autotune and softmax.autotune.fastest_tactic, softmax.time_ms) == ("0x2", 0.03)
    assert (softmax.device, by_name["w1 + QuantizeLinear_7 + Conv_9 + Relu_10"].device) == (
        "GPU",
        "DLA",
    )
