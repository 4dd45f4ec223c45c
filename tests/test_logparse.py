"""One small test per log-parser rule: GIVEN lines in TensorRT's real formats, THEN these fields.

The lines are written for these tests (own layer and tensor names) in the exact shapes that
trtexec and the Python logger print.
"""

from __future__ import annotations

import pytest

from trtreport.errors import InputError
from trtreport.logparse import parse_build_log
from trtreport.logparse.prefix import split_prefix
from trtreport.logparse.state import decode_version
from trtreport.model import UNKNOWN, Build

TS = "[05/01/2025-10:00:00]"


def build_of(*lines: str) -> Build:
    """Parse ``lines`` and return the only build."""
    log = parse_build_log(list(lines), "test.log")
    assert len(log.builds) == 1
    return log.builds[0]


def eli(*layer_lines: str) -> Build:
    """A build whose Engine Layer Information holds ``layer_lines``."""
    return build_of(f"{TS} [V] [TRT] Engine Layer Information:", *layer_lines)


# --- prefixes ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "severity", "message", "from_trt"),
    [
        (f"{TS} [I] === Model Options ===", "I", "=== Model Options ===", False),
        (f"{TS} [V] [TRT] Original: 12 layers", "V", "Original: 12 layers", True),
        (f"{TS} [TRT] [W] Using default stream", "W", "Using default stream", True),
        (f"{TS} {TS} [V] [TRT] Parsing node: c1", "V", "Parsing node: c1", True),
        ("[TensorRT] VERBOSE: Original: 3 layers", "V", "Original: 3 layers", True),
        (
            "[TensorRT] ERROR: Network must have at least one output",
            "E",
            "Network must have at least one output",
            True,
        ),
        (f"{TS} [I]", "I", "", False),
    ],
)
def test_prefix_forms(line: str, severity: str, message: str, from_trt: bool) -> None:
    """GIVEN each logger's prefix THEN severity, message and origin are split off."""
    parsed = split_prefix(line)
    assert parsed is not None
    assert (parsed.severity, parsed.message, parsed.from_trt) == (severity, message, from_trt)


def test_prefix_absent_on_layer_lines() -> None:
    """GIVEN an unprefixed Layer(...) line THEN no prefix is found."""
    assert split_prefix("Layer(Reformat): r1, Tactic: 0x0, a (Float[1]) -> b (Half[1])") is None
    assert split_prefix("[TensorRT-Cookbook] Version: 0.1.0") is None


# --- banner and version ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("packed", "dotted"),
    [
        ("8510", "8.5.10"),
        ("8401", "8.4.1"),
        ("8003", "8.0.3"),
        ("8600", "8.6.0"),
        ("101401", "10.14.1"),
        ("8.5.10", "8.5.10"),
        ("abc", ""),
    ],
)
def test_decode_version(packed: str, dotted: str) -> None:
    """GIVEN TensorRT's packed version THEN the dotted one."""
    assert decode_version(packed) == dotted


def test_banner_gives_command_version_and_status() -> None:
    """GIVEN RUNNING/PASSED banners THEN command, banner version and status."""
    build = build_of(
        "&&&& RUNNING TensorRT.trtexec [TensorRT v8510] # trtexec --onnx=net.onnx --verbose",
        "&&&& PASSED TensorRT.trtexec [TensorRT v8510] # trtexec --onnx=net.onnx --verbose",
    )
    assert build.command == "trtexec --onnx=net.onnx --verbose"
    assert build.tensorrt_version == "8.5.10"
    assert build.status == "passed"


def test_banner_trt10_build_tag_and_failed() -> None:
    """GIVEN a TensorRT 10 banner with a ``[b48]`` tag and a FAILED trailer THEN both are read."""
    build = build_of(
        "&&&& RUNNING TensorRT.trtexec [TensorRT v101401] [b48] # trtexec --onnx=m.onnx",
        "&&&& FAILED TensorRT.trtexec [TensorRT v101401] [b48] # trtexec --onnx=m.onnx",
    )
    assert build.tensorrt_version == "10.14.1"
    assert build.command == "trtexec --onnx=m.onnx"
    assert build.status == "failed"


def test_banner_trt7_has_no_version() -> None:
    """GIVEN a TensorRT 7 banner without ``[TensorRT vX]`` THEN the command and no version."""
    build = build_of("&&&& RUNNING TensorRT.trtexec # ./trtexec --deploy=net.prototxt --int8")
    assert build.command == "./trtexec --deploy=net.prototxt --int8"
    assert build.tensorrt_version == ""


def test_version_line_wins_over_banner() -> None:
    """GIVEN a banner v8003 and ``TensorRT version: 8003`` THEN the version line decides."""
    build = build_of(
        "&&&& RUNNING TensorRT.trtexec [TensorRT v8201] # trtexec --onnx=a.onnx",
        f"{TS} [I] TensorRT version: 8003",
    )
    assert build.tensorrt_version == "8.0.3"


def test_version_from_builder_library() -> None:
    """GIVEN only the builder resource library line (Python logs) THEN its version suffix."""
    build = build_of(
        f"{TS} [TRT] [V] Loaded shared library libnvinfer_builder_resource_sm86.so.10.3.0"
    )
    assert build.tensorrt_version == "10.3.0"


# --- option blocks --------------------------------------------------------------------------


def test_options_split_on_first_colon_space() -> None:
    """GIVEN an options block THEN keys split on the first ': ', empty and ':'-only values kept."""
    build = build_of(
        f"{TS} [I] === Build Options ===",
        f"{TS} [I] Memory Pools: workspace: default, dlaSRAM: default",
        f"{TS} [I] LayerPrecisions: ",
        f"{TS} [I] Plugins:",
        f"{TS} [I] Input inference shape : x=4x1x28x28",
        f"{TS} [I] Dump refittable layers:Disabled",
        f"{TS} [I] ",
        f"{TS} [I] Not: in the block",
    )
    (section,) = build.options
    assert section.title == "Build Options"
    assert section.line == 1
    assert section.items == (
        ("Memory Pools", "workspace: default, dlaSRAM: default"),
        ("LayerPrecisions", ""),
        ("Plugins", ""),
        ("Input inference shape", "x=4x1x28x28"),
        ("Dump refittable layers", "Disabled"),
    )


def test_block_ends_at_trt_line_and_next_header() -> None:
    """GIVEN blocks ended by a header and by a [V] [TRT] line THEN each keeps only its own lines."""
    build = build_of(
        f"{TS} [I] === Model Options ===",
        f"{TS} [I] Format: ONNX",
        f"{TS} [I] === System Options ===",
        f"{TS} [I] Device: 0",
        f"{TS} [V] [TRT] Registered plugin creator - ::Clip_TRT version 1",
        f"{TS} [I] Model: late.onnx",
    )
    assert [(s.title, s.items) for s in build.options] == [
        ("Model Options", (("Format", "ONNX"),)),
        ("System Options", (("Device", "0"),)),
    ]


def test_device_block_goes_to_device() -> None:
    """GIVEN the Device Information block THEN its pairs are ``device``, not options."""
    build = build_of(
        f"{TS} [I] === Device Information ===",
        f"{TS} [I] Selected Device: NVIDIA A10, rev 2",
        f"{TS} [I] Compute Capability: 8.6",
        f"{TS} [I]",
        f"{TS} [I] TensorRT version: 8.6.1",
    )
    assert build.device == (("Selected Device", "NVIDIA A10, rev 2"), ("Compute Capability", "8.6"))
    assert build.device_name == "NVIDIA A10, rev 2"
    assert build.options == ()
    assert build.tensorrt_version == "8.6.1"


# --- layer-count funnel ---------------------------------------------------------------------


def test_layer_count_stages() -> None:
    """GIVEN Original/After lines THEN labelled stages with counts and lines."""
    build = build_of(
        f"{TS} [V] [TRT] Original: 359 layers",
        f"{TS} [V] [TRT] After dead-layer removal: 358 layers",
        f"{TS} [V] [TRT] After Myelin optimization: 195 layers",
    )
    assert [(s.label, s.layers, s.line) for s in build.stages] == [
        ("Original", 359, 1),
        ("dead-layer removal", 358, 2),
        ("Myelin optimization", 195, 3),
    ]


# --- Engine Layer Information ------------------------------------------------------------------


def test_eli_new_syntax_vectorized_and_multi_input() -> None:
    """GIVEN a TRT 8.5+ layer with two inputs and a vectorized dim THEN shapes, formats, types."""
    build = eli(
        "Layer(CaskConvolution): blk.conv2 + Add_4 + Relu_5, Tactic: 0x9d0f90e0cec890bb, "
        "t205 (Int8[1,64:32,56,56]), t191 (Int8[1,64:32,56,56]) -> t226 (Half[-1,64,56,56])"
    )
    (layer,) = build.engine_layers
    assert layer.name == "blk.conv2 + Add_4 + Relu_5"
    assert layer.layer_type == "CaskConvolution"
    assert layer.tactic == "0x9d0f90e0cec890bb"
    assert layer.line == 2
    assert [t.name for t in layer.inputs] == ["t205", "t191"]
    assert layer.inputs[0].shape == (1, 64, 56, 56)
    assert layer.inputs[0].format == "vectorized-32"
    assert layer.inputs[0].dtype == "INT8"
    assert layer.inputs[0].raw_type == "Int8"
    assert layer.outputs[0].shape == (-1, 64, 56, 56)
    assert layer.outputs[0].format == ""
    assert layer.outputs[0].dtype == "FP16"


def test_eli_new_syntax_names_with_commas_brackets_spaces() -> None:
    """GIVEN names with ', ', brackets, parentheses and '+' THEN they are kept whole."""
    build = eli(
        "Layer(NoOp): Reformatting CopyNode for Input Tensor 0 to fc, w + (Unnamed Layer* 9) "
        "[Shuffle], Tactic: 0x0000000000000000, (Unnamed Layer* 8) [ElementWise]_out, x "
        "(Float[1,1000,1,1]) -> Reformatted Input Tensor 0 to fc, w + (Unnamed Layer* 9) [Shuffle] "
        "(Int8[1,512:4,1,1])"
    )
    (layer,) = build.engine_layers
    assert (
        layer.name
        == "Reformatting CopyNode for Input Tensor 0 to fc, w + (Unnamed Layer* 9) [Shuffle]"
    )
    assert [t.name for t in layer.inputs] == ["(Unnamed Layer* 8) [ElementWise]_out, x"]
    assert layer.outputs[0].name == (
        "Reformatted Input Tensor 0 to fc, w + (Unnamed Layer* 9) [Shuffle]"
    )
    assert layer.outputs[0].format == "vectorized-4"


def test_eli_old_syntax_and_multi_output() -> None:
    """GIVEN a TRT 8.0-8.4 layer with two outputs THEN both, with dynamic -2 dims."""
    build = eli(
        "Layer(LogSoftmaxTopK): sm + topk, Tactic: 1001, logits:0[Float(-2,10)] -> "
        "(Unnamed Layer* 48) [TopK]_output_1[Float(-2,1)], (Unnamed Layer* 48) "
        "[TopK]_output_2[Int32(-2,1)]"
    )
    (layer,) = build.engine_layers
    assert layer.tactic == "1001"
    assert layer.inputs[0].name == "logits:0"
    assert layer.inputs[0].shape == (-2, 10)
    assert [(t.name, t.dtype) for t in layer.outputs] == [
        ("(Unnamed Layer* 48) [TopK]_output_1", "FP32"),
        ("(Unnamed Layer* 48) [TopK]_output_2", "INT32"),
    ]


def test_eli_old_syntax_name_with_spaces_and_bracketed_suffix() -> None:
    """GIVEN an old-syntax tensor whose name ends in ``[Pooling]`` THEN the name keeps it."""
    build = eli(
        "Layer(Reformat): Reformatting CopyNode for Output Tensor 0 to (Unnamed Layer* 2) "
        "[Pooling], Tactic: 0, Reformatted Output Tensor 0 to (Unnamed Layer* 2) "
        "[Pooling][Float(-2,32,14,14)] -> pool out[Half(-2,32:2,14,14)]"
    )
    (layer,) = build.engine_layers
    assert layer.inputs[0].name == "Reformatted Output Tensor 0 to (Unnamed Layer* 2) [Pooling]"
    assert layer.outputs[0].name == "pool out"
    assert layer.outputs[0].format == "vectorized-2"
    assert layer.outputs[0].dtype == "FP16"


def test_eli_constant_without_inputs() -> None:
    """GIVEN a constant layer (`` ,  -> out``) THEN no inputs and one output."""
    build = eli(
        "Layer(Constant): bias1 + ONNXTRT_Broadcast, Tactic: 0x0000000000000000,  -> "
        "(Unnamed Layer* 10) [Shuffle]_output (Half[1,1024])"
    )
    (layer,) = build.engine_layers
    assert layer.inputs == ()
    assert layer.outputs[0].name == "(Unnamed Layer* 10) [Shuffle]_output"
    assert layer.outputs[0].shape == (1, 1024)


def test_eli_section_survives_plugin_printf_and_ends_at_prefixed_line() -> None:
    """GIVEN plugin printf inside the section THEN later Layer lines still count, until a prefix."""
    log = parse_build_log(
        [
            f"{TS} [V] [TRT] Engine Layer Information:",
            "Layer(PluginV2): id1, Tactic: 0x0, a (Float[1]) -> b (Float[1])",
            "2024-06-22 20:52:41.045771: T identity.cpp:270] destroy",
            "Layer(Reformat): r2, Tactic: 0x0, b (Float[1]) -> c (Half[1])",
            f"{TS} [I] [TRT] Loaded engine size: 0 MiB",
            "Layer(Reformat): stray, Tactic: 0x0, c (Half[1]) -> d (Half[1])",
        ],
        "t.log",
    )
    assert [layer.name for layer in log.builds[0].engine_layers] == ["id1", "r2"]
    # The plugin's glog line is application output; a stray Layer( line is not understood.
    assert log.stats.application_lines == 1
    assert [s.line for s in log.stats.unrecognised_samples] == [6]


# --- --dumpLayerInfo text -----------------------------------------------------------------------

DUMP_LINE = (
    "Name: conv1, w + Conv_9, LayerType: CaskConvolution, Inputs: [ { Name: in, 0, Location: "
    "Device, Dimensions: [1,3,224,224], Format/Datatype: Row major Int8 format }], Outputs: [ { "
    "Name: (Unnamed Layer* 5) [Conv]_out, Location: Device, Dimensions: [1,64,56,56], "
    "Format/Datatype: Thirty-two wide channel vectorized row major Int8 format }, { Name: aux, "
    "Location: Device, Dimensions: [1], Format/Datatype: Row major linear FP32 }], "
    'ParameterType: Convolution, Kernel: [7,7], Weights: {"Type": "Int8", "Count": 9408}, '
    "Origin: QDQ, TacticName: sm80_xmma_fprop_i8i8, TacticValue: 0x0000000000000461, StreamId: 0, "
    "Metadata: [ONNX Layer: Conv_9][ONNX Layer: Relu, 10]"
)


def test_dump_layer_fields() -> None:
    """GIVEN a dumpLayerInfo line THEN names with commas, tensors, kernel, origin, details."""
    build = build_of(f"{TS} [I] Layers:", DUMP_LINE)
    (layer,) = build.engine_layers
    assert layer.name == "conv1, w + Conv_9"
    assert layer.layer_type == "CaskConvolution"
    assert layer.inputs[0].name == "in, 0"
    assert layer.inputs[0].shape == (1, 3, 224, 224)
    assert layer.inputs[0].dtype == "INT8"
    assert layer.inputs[0].format == "Row major Int8 format"
    assert [t.name for t in layer.outputs] == ["(Unnamed Layer* 5) [Conv]_out", "aux"]
    assert layer.outputs[1].dtype == "FP32"
    assert layer.kernel == "sm80_xmma_fprop_i8i8"
    assert layer.tactic == "0x0000000000000461"
    assert layer.origin == "QDQ"
    assert layer.onnx_nodes == ("Conv_9", "Relu, 10")
    assert dict(layer.details)["Weights"] == '{"Type": "Int8", "Count": 9408}'
    assert dict(layer.details)["Kernel"] == "[7,7]"
    assert "TacticName" not in dict(layer.details)


def test_dump_enriches_engine_layer_information() -> None:
    """GIVEN ELI and the dump of the same layer THEN the ELI record gains the dump's facts."""
    build = build_of(
        f"{TS} [V] [TRT] Engine Layer Information:",
        "Layer(CaskConvolution): conv1, w + Conv_9, Tactic: 0x0000000000000461, in, 0 "
        "(Int8[1,3,224,224]) -> (Unnamed Layer* 5) [Conv]_out (Int8[1,64:32,56,56]), aux "
        "(Float[1])",
        f"{TS} [I] Layers:",
        DUMP_LINE,
    )
    (layer,) = build.engine_layers
    assert layer.line == 2
    assert layer.kernel == "sm80_xmma_fprop_i8i8"
    assert layer.origin == "QDQ"
    assert layer.outputs[0].shape == (1, 64, 56, 56)
    assert layer.outputs[0].format == "Thirty-two wide channel vectorized row major Int8 format"
    assert layer.outputs[0].raw_type == "Int8"
    assert dict(layer.details)["ParameterType"] == "Convolution"


def test_dump_bindings_give_directions_from_layers() -> None:
    """GIVEN a dump and its Bindings list without binding lines THEN directions from the layers."""
    build = build_of(
        f"{TS} [TRT] [V] Layers:",
        "Name: L1, LayerType: Reformat, Inputs: [ { Name: x, Location: Device, Dimensions: [2,3], "
        "Format/Datatype: Float }], Outputs: [ { Name: y, Location: Device, Dimensions: [2,3], "
        "Format/Datatype: Half }], TacticValue: 0x0",
        "Name: shape call, LayerType: shape_call, Inputs: [], Outputs: [], TacticName: , "
        "StreamId: 0, Metadata:",
        "",
        "Bindings:",
        "x",
        "y",
    )
    assert [layer.name for layer in build.engine_layers] == ["L1", "shape call"]
    assert build.engine_layers[1].inputs == ()
    assert [(b.index, b.name, b.direction, b.shape, b.dtype) for b in build.bindings] == [
        (0, "x", "input", (2, 3), "FP32"),
        (1, "y", "output", (2, 3), "FP16"),
    ]


def test_names_only_dump() -> None:
    """GIVEN a layer_names_only dump THEN one record per name, with its line."""
    build = build_of(
        f"{TS} [I] Layers:",
        "reshape_before_/linear/MatMul",
        "/linear/MatMul",
        "",
        "Bindings:",
        "input0",
    )
    assert [(r.name, r.line) for r in build.engine_layers] == [
        ("reshape_before_/linear/MatMul", 2),
        ("/linear/MatMul", 3),
    ]
    assert build.bindings == ()


# --- bindings ----------------------------------------------------------------------------------


def test_bindings_trt8() -> None:
    """GIVEN TRT 8 binding lines (a name with spaces) THEN order, direction, shape, type."""
    build = build_of(
        f"{TS} [V] [TRT] Engine Layer Information:",
        "Layer(Reformat): r, Tactic: 0x0, my input (Half[1,3]) -> out:0 (Float[1,3])",
        f"{TS} [I] Created input binding for my input with dimensions 1x3",
        f"{TS} [I] Created output binding for out:0 with dimensions 1x3",
        f"{TS} [I] Created input binding for my input with dimensions 1x3",
    )
    assert [(b.index, b.name, b.direction, b.shape, b.dtype, b.line) for b in build.bindings] == [
        (0, "my input", "input", (1, 3), "FP16", 3),
        (1, "out:0", "output", (1, 3), "FP32", 4),
    ]


def test_bindings_trt10() -> None:
    """GIVEN TRT 10 binding lines, one without a type THEN types normalised or unknown."""
    build = build_of(
        f"{TS} [I] Input binding for x with dimensions 4x1x28x28 and type fp32 is created.",
        f"{TS} [I] Output binding for z with dimensions 4 and type int64 is created.",
        f"{TS} [I] Output binding for logits with dimensions 1x1000 is created.",
    )
    assert [(b.name, b.direction, b.shape, b.dtype) for b in build.bindings] == [
        ("x", "input", (4, 1, 28, 28), "FP32"),
        ("z", "output", (4,), "INT64"),
        ("logits", "output", (1, 1000), UNKNOWN),
    ]


# --- warnings and errors ---------------------------------------------------------------------


def test_warnings_and_errors_every_logger() -> None:
    """GIVEN W/E/F lines from each logger THEN warnings and errors with line and message."""
    build = build_of(
        f"{TS} [W] [TRT] Calibrator is not being used.",
        f"{TS} [TRT] [E] Error Code 10: Internal Error",
        "[TensorRT] WARNING: Tensor DataType is determined at build time",
        f"{TS} [F] Fatal thing",
    )
    assert build.warnings[0].line == 1
    assert build.warnings[0].text == "Calibrator is not being used."
    assert [w.text for w in build.warnings][1] == "Tensor DataType is determined at build time"
    assert [(e.line, e.text) for e in build.errors] == [
        (2, "Error Code 10: Internal Error"),
        (4, "Fatal thing"),
    ]


def test_warnings_are_capped() -> None:
    """GIVEN 250 warnings THEN 200 are kept, the first ones."""
    build = build_of(*(f"{TS} [W] [TRT] warning {i}" for i in range(250)))
    assert len(build.warnings) == 200
    assert build.warnings[-1].text == "warning 199"


# --- several builds --------------------------------------------------------------------------


def test_banners_split_builds() -> None:
    """GIVEN two trtexec runs in one file THEN two builds with their own lines and commands."""
    log = parse_build_log(
        [
            "&&&& RUNNING TensorRT.trtexec # trtexec --batch=1",
            f"{TS} [I] === Model Options ===",
            f"{TS} [I] Format: Caffe",
            "&&&& PASSED TensorRT.trtexec # trtexec --batch=1",
            "&&&& RUNNING TensorRT.trtexec # trtexec --batch=4",
            f"{TS} [I] === Model Options ===",
            f"{TS} [I] Format: ONNX",
            "&&&& PASSED TensorRT.trtexec # trtexec --batch=4",
        ],
        "t.log",
    )
    assert [(b.index, b.first_line, b.last_line, b.command) for b in log.builds] == [
        (0, 1, 4, "trtexec --batch=1"),
        (1, 5, 8, "trtexec --batch=4"),
    ]
    assert log.builds[1].option("Format") == "ONNX"
    assert log.builds[0].option("Format") == "Caffe"


def test_python_builds_split_on_new_original() -> None:
    """GIVEN two Python-API builds THEN the second starts at its Original line, same version."""
    log = parse_build_log(
        [
            f"{TS} [TRT] [V] Loaded shared library libnvinfer_builder_resource.so.10.14.1",
            f"{TS} [TRT] [V] Original: 18 layers",
            f"{TS} [TRT] [V] Engine Layer Information:",
            "Layer(Reformat): first, Tactic: 0x0, x (Float[1]) -> y (Float[1])",
            f"{TS} [TRT] [V] Original: 18 layers",
            f"{TS} [TRT] [V] After dead-layer removal: 17 layers",
            f"{TS} [TRT] [V] Engine Layer Information:",
            "Layer(Reformat): second, Tactic: 0x0, x (Float[1]) -> y (Float[1])",
        ],
        "t.log",
    )
    assert [(b.first_line, b.last_line) for b in log.builds] == [(1, 4), (5, 8)]
    assert [b.engine_layers[0].name for b in log.builds] == ["first", "second"]
    assert [len(b.stages) for b in log.builds] == [1, 2]
    assert log.builds[1].tensorrt_version == "10.14.1"


def test_header_only_log_gives_one_build() -> None:
    """GIVEN a log with only a header THEN one build holding it."""
    log = parse_build_log(
        ["&&&& RUNNING TensorRT.trtexec [TensorRT v8600] # trtexec --help"], "t.log"
    )
    assert len(log.builds) == 1
    assert log.builds[0].tensorrt_version == "8.6.0"


# --- statistics and not-a-log ---------------------------------------------------------------


def test_stats_count_unrecognised_even_if_prefixed() -> None:
    """GIVEN understood, prefixed-but-unknown and unprefixed lines THEN counts and samples."""
    log = parse_build_log(
        [
            f"{TS} [V] [TRT] Original: 5 layers",
            f"{TS} [V] [TRT] Frobnicating the widget 7",
            "some printf output",
            f"{TS} [V] [TRT] Engine Layer Information:",
            "not a layer line",
        ],
        "t.log",
    )
    assert log.stats.lines_read == 5
    assert log.stats.lines_recognised == 2
    assert log.stats.application_lines == 1
    assert log.stats.unrecognised_count == 2
    assert [s.line for s in log.stats.unrecognised_samples] == [2, 5]
    assert log.stats.unrecognised_samples[1].text == "not a layer line"


def test_empty_input_is_an_error() -> None:
    """GIVEN no lines (or only blank ones) THEN an 'empty file' InputError."""
    with pytest.raises(InputError, match="empty file"):
        parse_build_log(["", "   "], "blank.log")


def test_json_is_not_a_log() -> None:
    """GIVEN a layer-info JSON file THEN an error naming JSON and --layers, without a line."""
    with pytest.raises(InputError, match=r"looks like JSON.*--layers") as caught:
        parse_build_log(['[{"count" : 10}', ',{"name" : "conv1"}]'], "profile.json")
    assert caught.value.line is None
    assert caught.value.source == "profile.json"


def test_other_text_is_not_a_log() -> None:
    """GIVEN plain text THEN the not-a-log error naming the file."""
    with pytest.raises(InputError, match="not a TensorRT build log") as caught:
        parse_build_log(["hello", "world: 1"], "notes.txt")
    assert str(caught.value).startswith("notes.txt: ")
    assert "JSON" not in str(caught.value)


def test_streams_a_generator_once() -> None:
    """GIVEN a one-shot generator THEN it is consumed once and parsed."""
    lines = (
        f"{TS} [V] [TRT] {label}: {n} layers" for label, n in (("Original", 3), ("After x", 2))
    )
    build = parse_build_log(lines, "gen.log").builds[0]
    assert [s.layers for s in build.stages] == [3, 2]
