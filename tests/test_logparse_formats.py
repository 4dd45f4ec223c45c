"""The log parser on TensorRT's messages as other loggers print them, and on line shapes from
TensorRT 7 and 10 that the trtexec corpus lacks.

Two kinds of test. Hand-written lines (own layer names and numbers, in the exact shapes these
loggers and TensorRT versions print) check each prefix and rule field by field. Then real corpus
logs are rewritten into each logger's format (TensorRT's own messages kept, as a Python builder
would log them) and must parse into the same pass events, layer-count funnel and engine layers
as the same messages in the Python logger's ``[ts] [TRT] [V]`` format (skipped when the corpus
is absent).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from trtreport.errors import InputError
from trtreport.logparse import parse_build_log
from trtreport.logparse.prefix import split_prefix
from trtreport.model import Build, BuildLog

TS = "[05/01/2025-10:00:00]"
PY = f"{TS} [TRT] [V]"
PY_INFO = f"{TS} [TRT] [I]"
PY_ERROR = f"{TS} [TRT] [E]"
T7 = "[TensorRT] VERBOSE:"


def parse(*lines: str) -> BuildLog:
    """Parse ``lines`` as one log."""
    return parse_build_log(list(lines), "test.log")


def build_of(*lines: str) -> Build:
    """Parse ``lines`` and return the only build."""
    log = parse(*lines)
    assert len(log.builds) == 1
    return log.builds[0]


# --- prefixes ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "severity", "message", "from_trt"),
    [
        # Polygraphy (-vv: TensorRT's verbose is [X], its info [V]; [!] is Polygraphy's critical)
        ("[V] Original: 3 layers", "V", "Original: 3 layers", False),
        ("[X] Removing conv9", "V", "Removing conv9", True),
        ("[W] Unused input: mask", "W", "Unused input: mask", False),
        ("[E] 4: Network has no outputs", "E", "4: Network has no outputs", False),
        ("[!] Engine is not valid", "F", "Engine is not valid", False),
        # exactly one space after a bracketed level: the graph dump keeps its indent
        ("[V]     Input 0", "V", "    Input 0", False),
        ("[X]         28\t28", "V", "        28\t28", True),
        # jetson-inference pads "[TRT]" to four spaces and logs no level; print(f"[TRT] {msg}")
        ("[TRT]    Original: 3 layers", "V", "Original: 3 layers", True),
        ("[TRT] Original: 3 layers", "V", "Original: 3 layers", True),
        ("[TRT]        Input 0", "V", "    Input 0", True),
        # older jetson-inference pads with three blanks
        ("[TRT]   Original: 3 layers", "V", "Original: 3 layers", True),
        ("[TRT]       Input 0", "V", "    Input 0", True),
        ("[TRT]           28\t28", "V", "        28\t28", True),
        # print(f"[TRT] {msg}") keeps TensorRT 10's graph dump indent
        ("[TRT]     Input 0", "V", "    Input 0", True),
        ("[TRT]         28\t28", "V", "        28\t28", True),
        ("[TRT]            [1,4]\t(# 0 (SHAPE x))", "V", "        [1,4]\t(# 0 (SHAPE x))", True),
        # TensorRT's messages that start with blanks keep them, whatever the padding
        (
            "[TRT]  (foreignNode) 3, 0.0041, sm80_xmma",
            "V",
            " (foreignNode) 3, 0.0041, sm80_xmma",
            True,
        ),
        ("[TRT]     (foreignNode) Autotuning op", "V", " (foreignNode) Autotuning op", True),
        ("[TRT]   List of affected weights: w1", "V", "  List of affected weights: w1", True),
        ("[TRT]      List of affected weights: w1", "V", "  List of affected weights: w1", True),
        ("[TRT-Severity.WARNING] Unused input: mask", "W", "Unused input: mask", True),
        ("[TRT-Severity.VERBOSE] Removing conv9", "V", "Removing conv9", True),
        # Python logging
        (
            "2024-05-01 10:00:00,123 - TRT - VERBOSE - Original: 3 layers",
            "V",
            "Original: 3 layers",
            True,
        ),
        (
            "2024-05-01 10:00:00,123 - TensorRT - DEBUG - Removing conv9",
            "V",
            "Removing conv9",
            True,
        ),
        ("2024-05-01 10:00:00,123 - TensorRT - WARNING - Unused input", "W", "Unused input", True),
        ("DEBUG:TRT:Removing conv9", "V", "Removing conv9", True),
        ("VERBOSE:TRT:Original: 3 layers", "V", "Original: 3 layers", True),
        ("CRITICAL:TRT:Assertion failed", "F", "Assertion failed", True),
        ("[2024-05-01 10:00:00,123] [TRT] [VERBOSE] Removing conv9", "V", "Removing conv9", True),
        # Torch-TensorRT
        (
            "DEBUG: [Torch-TensorRT TorchScript Conversion Context] - Tactic: 0 Time: 0.0061",
            "V",
            "Tactic: 0 Time: 0.0061",
            True,
        ),
        (
            "INFO:torch_tensorrt [TensorRT Conversion Context]:Total Weights Memory: 0",
            "I",
            "Total Weights Memory: 0",
            True,
        ),
        # Triton's glog: logging.cc is its TensorRT logger
        ("I0501 10:00:00.123456  4242 logging.cc:46] Removing conv9", "I", "Removing conv9", True),
        ("W0501 10:00:00.123456 4242 logging.cc:50] Unused input", "W", "Unused input", True),
        # DeepStream's nvdsinfer: a colon after the tag
        (
            "WARNING: [TRT]: CUDA lazy loading is not enabled.",
            "W",
            "CUDA lazy loading is not enabled.",
            True,
        ),
        ("INFO: [TRT]: Removing conv9", "I", "Removing conv9", True),
        # TF-TRT: glog through tf2tensorrt's logger, named DefaultLogger
        (
            "2021-01-07 22:13:56.065442: E tensorflow/compiler/tf2tensorrt/utils/trt_logger.cc:41] "
            "DefaultLogger Calibration failure occurred with no scaling factors detected.",
            "E",
            "Calibration failure occurred with no scaling factors detected.",
            True,
        ),
        # TF 1.x's contrib TF-TRT, and TF 2.4+'s "TF-TRT Warning: " before the logger's name
        (
            "2018-04-02 11:25:22.239846: W tensorflow/contrib/tensorrt/log/trt_logger.cc:34] "
            "DefaultLogger Int8 support requested on hardware without native Int8 support",
            "W",
            "Int8 support requested on hardware without native Int8 support",
            True,
        ),
        (
            "2024-02-21 08:41:15.713781: W tensorflow/compiler/tf2tensorrt/utils/trt_logger.cc:83]"
            " TF-TRT Warning: DefaultLogger TensorRT encountered issues when converting weights",
            "W",
            "TensorRT encountered issues when converting weights",
            True,
        ),
        # ONNX Runtime's TensorRT execution provider: TensorRT's own line behind ORT's prefix
        (
            "2026-04-24 07:04:12.553822537 [E:onnxruntime:Default, tensorrt_execution_provider.h"
            ":88 log] [2026-04-24 07:04:12   ERROR] WeightsContext.cpp:178: Failed to open file",
            "E",
            "WeightsContext.cpp:178: Failed to open file",
            True,
        ),
        # Paddle Inference's TensorRT logger: glog from helper.h
        (
            "W0720 17:18:43.054003 22287 helper.h:107] Detected invalid timing cache",
            "W",
            "Detected invalid timing cache",
            True,
        ),
        # Triton 24+: glog with the message quoted
        (
            'I0901 10:06:31.118582 379 logging.cc:46] "Removing conv9 \\"a\\""',
            "I",
            'Removing conv9 "a"',
            True,
        ),
        # ros2 launch's process name in front of a C++ node's TensorRT logger
        ("[planner_node-1] [W] [TRT] Unused input: mask", "W", "Unused input: mask", True),
        # onnx-tensorrt's onnx2trt: date, time and a right-aligned level in one bracket
        (
            "[2020-11-10 13:45:42   ERROR] Network must have at least one output",
            "E",
            "Network must have at least one output",
            True,
        ),
        ("[2020-11-10 13:45:42    INFO] Removing conv9", "I", "Removing conv9", True),
        # custom loggers without brackets
        ("TensorRT VERBOSE Removing conv9", "V", "Removing conv9", True),
        ("TRT Severity.VERBOSE: Removing conv9", "V", "Removing conv9", True),
        ("TRT Severity.ERROR: Network has no outputs", "E", "Network has no outputs", True),
        # loguru, from an ILogger's log method
        (
            "2024-05-01 10:00:00.123 | DEBUG    | builder:log:42 - Removing conv9",
            "V",
            "Removing conv9",
            True,
        ),
        # ROS 2 (rcutils' default format), also behind a ros2 launch process name
        (
            "[DEBUG] [1717338031.204611772] [trt_builder]: Removing conv9",
            "V",
            "Removing conv9",
            True,
        ),
        (
            "[INFO] [1717338031.2] [trt_builder]: Original: 3 layers",
            "I",
            "Original: 3 layers",
            True,
        ),
        ("[WARN] [1717338031.2] [trt]: Unused input: mask", "W", "Unused input: mask", True),
        ("[FATAL] [1717338031.2] [trt]: Assertion failed", "F", "Assertion failed", True),
        (
            "[trt_builder-1] [ERROR] [1717338031.2] [trt.builder]: 4: Network has no outputs",
            "E",
            "4: Network has no outputs",
            True,
        ),
        # the message's own "- " is kept
        ("WARNING: [TRT] - Runner scratch: 512 bytes", "W", "- Runner scratch: 512 bytes", True),
        # loguru's TRACE and SUCCESS, Python's CRITICAL, in those loggers' formats
        (
            "2024-05-01 10:00:00.123 | TRACE    | builder:log:42 - Removing conv9",
            "V",
            "Removing conv9",
            True,
        ),
        (
            "2024-05-01 10:00:00.123 | SUCCESS  | builder:log:42 - Engine built",
            "I",
            "Engine built",
            True,
        ),
        (
            "2024-05-01 10:00:00,123 - TRT - CRITICAL - Assertion failed",
            "F",
            "Assertion failed",
            True,
        ),
        ("CRITICAL: [TRT] Assertion failed", "F", "Assertion failed", True),
        ("TRT Severity.CRITICAL: Assertion failed", "F", "Assertion failed", True),
    ],
)
def test_logger_prefixes(line: str, severity: str, message: str, from_trt: bool) -> None:
    """GIVEN a line of each logger THEN severity, message and origin are split off."""
    parsed = split_prefix(line)
    assert parsed is not None
    assert (parsed.severity, parsed.message, parsed.from_trt) == (severity, message, from_trt)


@pytest.mark.parametrize(
    "line",
    [
        "[I] RUNNING | Command: polygraphy run m.onnx --trt",
        "[I] Folding Constants | Pass 3",
        "[I]     Total Nodes | Original:    42, After Folding:    40 |     2 Nodes Folded",
        "[I] trt-runner-N0-05/01/25-10:00:00     | Activating and starting inference",
        f"{TS} [TRT-LLM] [I] Total optimization profiles added: 1",
        "I0501 10:00:00.123456 4242 model_lifecycle.cc:819] successfully loaded 'm'",
        "2024-05-01 10:00:00.123 | INFO     | app:main:12 - Removing stale files",
        "DEBUG:torch_tensorrt.dynamo.conversion._TRTInterpreter:Converting node x",
        "INFO: [Torch-TensorRT] - Compiling the graph",
        "2024-05-01 10:00:00,123 - myapp - INFO - Removing conv9",
        "TensorRT: starting export with TensorRT 8.6.1...",
        "    Layer(CaskConvolution): conv1, Tactic: 0x1, a[Float(1)] -> b[Float(1)]",
        # Polygraphy's own chatter
        "[I] TF32 is disabled by default. Turn on TF32 for better performance with minor "
        "accuracy differences.",
        "[I] Will generate inference input data according to provided TensorMetadata: {x "
        "[shape=(1, 3, 8, 8)]}",
        "[I] Finished engine building in 12.345 seconds",
        "[I] Saving engine to tiny.plan",
        "[I] Loading bytes from tiny.plan",
        "[V] Loaded extension modules: []",
        "[I] ==== TensorRT Engine ====",
        # a ros2 launch node's own print
        "[planner_node-1] loading model",
        # ONNX Runtime's own lines
        "2024-09-06 13:40:43.695805375 [W:onnxruntime:, transformer_memcpy.cc:74 ApplyImpl] "
        "memcpy nodes added",
        # TensorFlow's own glog lines (not its TensorRT logger)
        "2021-01-07 22:13:56.065442: I tensorflow/core/common_runtime/gpu/gpu_device.cc:41] "
        "Created device",
        # ros2 launch's own lines
        "[INFO] [launch]: All log files can be found below /root/.ros/log/2025-06-02-14-20-31",
        "[ERROR] [trt_builder-1]: process has died [pid 31337, exit code -11, cmd 'trt_builder'].",
    ],
)
def test_lookalikes_have_no_tensorrt_prefix(line: str) -> None:
    """GIVEN other loggers' lines that look like TensorRT's THEN no logger prefix."""
    assert split_prefix(line) is None


_MARKDOWN = (
    "[x] fix parser",
    "[x] [TRT] check the tag",
    "- [x] done",
    "[ ] add tests",
    "[trace] entering build()",
    "[TRACE] entering build()",
    "[success] engine built",
    "[Success] engine built",
    "[critical] disk full",
    "[CRITICAL] disk full",
    "[TRT-CRITICAL] disk full",
    "[TRT-Severity.TRACE] entering build()",
    "TRACE: [TRT] entering build()",
)
"""Markdown-ish notes and bracketed words that are no logger's level: a lower-case ``[x]``
(Polygraphy prints ``[X]``), ``TRACE``/``SUCCESS``/``CRITICAL`` in or next to a tag."""


@pytest.mark.parametrize("line", _MARKDOWN)
def test_markdown_lines_have_no_prefix(line: str) -> None:
    """GIVEN a checklist line or a bracketed level word of loguru or Python logging THEN no
    logger prefix (only Polygraphy's upper-case ``[X]`` and ``[!]`` are levels)."""
    assert split_prefix(line) is None


def test_markdown_file_is_not_a_log() -> None:
    """GIVEN a text file of such lines THEN it is not taken for a TensorRT log."""
    with pytest.raises(InputError, match="not a TensorRT build log"):
        parse_build_log(["# Notes", "", *_MARKDOWN], "notes.md")


def test_other_loggers_lines_are_application_output() -> None:
    """GIVEN Polygraphy's status lines, TensorRT-LLM's, other glog sources and loguru lines
    THEN they count as application output, and TensorRT's lines among them are read."""
    log = parse(
        "[I] RUNNING | Command: polygraphy run m.onnx --trt",
        "[I] Folding Constants | Pass 3",
        f"{TS} [TRT-LLM] [W] max_input_len is not required and will be ignored",
        "I0501 10:00:00.123456 4242 model_lifecycle.cc:819] successfully loaded 'm'",
        "2024-05-01 10:00:00.123 | INFO     | app:main:12 - Removing stale files",
        f"{PY} Original: 3 layers",
        "[E] FAILED | Runtime: 1.500s | Command: polygraphy run m.onnx --trt",
    )
    assert log.stats.application_lines == 6
    assert log.stats.unrecognised_count == 0
    assert log.builds[0].error_count == 0


def test_polygraphy_continuation_lines() -> None:
    """GIVEN Polygraphy -vv's Engine Layer Information, whose layer lines are indented by four
    spaces THEN the engine layers; a four-space line outside a block is application output."""
    log = parse(
        "[X] Original: 2 layers",
        "[X] Engine Layer Information:",
        "    Layer(CaskConvolution): conv1 + relu1, Tactic: 0x00000000000001f4, "
        "input[Float(1,3,8,8)] -> relu1_out[Float(1,16,8,8)]",
        "    Layer(CaskPooling): pool1, Tactic: 0x0000000000000007, "
        "relu1_out[Float(1,16,8,8)] -> output[Float(1,16,4,4)]",
        "[V] Engine built in 0.5 seconds.",
        "    right_image [shape=(1, 3, 32, 32)]}",
    )
    (build,) = log.builds
    assert [(layer.name, layer.layer_type, layer.tactic) for layer in build.engine_layers] == [
        ("conv1 + relu1", "CaskConvolution", "0x00000000000001f4"),
        ("pool1", "CaskPooling", "0x0000000000000007"),
    ]
    assert [t.name for t in build.engine_layers[1].outputs] == ["output"]
    assert (log.stats.unrecognised_count, log.stats.application_lines) == (0, 1)


def test_polygraphy_indented_layer_dump() -> None:
    """GIVEN a names-only layer dump logged through Polygraphy (lines after the first indented)
    THEN its layers are read."""
    log = parse(
        "[X] Layers:",
        "    conv1 + relu1",
        "    pool1",
        "    Bindings:",
        "    input",
        "    output",
        "[X] Original: 2 layers",
    )
    assert [layer.name for layer in log.builds[0].engine_layers] == ["conv1 + relu1", "pool1"]
    assert log.stats.unrecognised_count == 0


def test_indented_graph_dump_keeps_its_indent() -> None:
    """GIVEN TensorRT 10's graph dump through a ``[V] msg`` logger THEN every line is read."""
    log = parse(
        "[V] GRAPH NODES",
        "[V] CONVOLUTION conv1",
        "[V]     Input 0",
        "[V]         [1,4]\t(# 0 (SHAPE x))",
        "[V]         28\t28",
        "[V]     Output 0",
        "[V]         28\t28",
        "[V] Original: 1 layers",
    )
    assert log.stats.unrecognised_count == 0
    assert [(s.label, s.layers) for s in log.builds[0].stages] == [("Original", 1)]


def test_graph_dump_through_print_and_jetson_inference() -> None:
    """GIVEN TensorRT 10's graph dump printed as ``[TRT] {msg}`` and by jetson-inference
    (``[TRT]`` padded to three or four blanks) THEN every line is read in each."""
    dump = ("GRAPH NODES", "CONVOLUTION conv1", "    Input 0", "        28\t28", "    Output 0")
    for pad in (" ", "   ", "    "):
        log = parse(*(f"[TRT]{pad}{line}" for line in dump), f"[TRT]{pad}Original: 1 layers")
        assert log.stats.unrecognised_count == 0, (pad, log.stats.unrecognised_samples)
        assert [(s.label, s.layers) for s in log.builds[0].stages] == [("Original", 1)]


@pytest.mark.parametrize("pad", [1, 3, 4])
@pytest.mark.parametrize("indent", [0, 4, 8])
def test_trt_tag_padding_keeps_indents_of_four(pad: int, indent: int) -> None:
    """GIVEN ``[TRT]``, the one blank of ``print(f"[TRT] {msg}")`` or jetson-inference's padding
    of three or four, then a message indented by 0, 4 or 8 THEN the message keeps its indent
    (``[TRT]     Input 0`` is ``    Input 0``)."""
    parsed = split_prefix("[TRT]" + " " * pad + " " * indent + "Input 0")
    assert parsed is not None
    assert (parsed.severity, parsed.message) == ("V", " " * indent + "Input 0")


@pytest.mark.parametrize(
    ("blanks", "indent"),
    [(1, 0), (2, 0), (3, 0), (4, 0), (5, 4), (6, 4), (7, 4), (8, 4), (9, 8), (12, 8), (13, 12)],
)
def test_trt_tag_blanks_to_indent(blanks: int, indent: int) -> None:
    """GIVEN ``n`` blanks after ``[TRT]`` THEN ``4 * ((n - 1) // 4)`` of them are the message's
    indent (the padding and the indent cannot be told apart beyond that)."""
    parsed = split_prefix("[TRT]" + " " * blanks + "x")
    assert parsed is not None
    assert parsed.message == " " * indent + "x"


def test_ros2_node_log() -> None:
    """GIVEN a ROS 2 node's TensorRT logger, with other nodes' lines and ros2 launch's own
    among them THEN TensorRT's messages are read; launch's lines are application output, and
    another node's message is unrecognised (nothing fails)."""
    log = parse(
        "[INFO] [launch]: All log files can be found below /root/.ros/log/2025-06-02-14-20-31",
        "[INFO] [trt_builder-1]: process started with pid [31337]",
        "[trt_builder-1] [DEBUG] [1717338031.204611772] [trt_builder]: Original: 2 layers",
        "[trt_builder-1] [DEBUG] [1717338031.204700913] [trt_builder]: Running: ConvReluFusion "
        "on conv1",
        "[trt_builder-1] [INFO] [1717338031.3] [camera_driver]: Publishing frames at 30 Hz",
        "[trt_builder-1] [WARN] [1717338031.4] [trt_builder]: Unused input: mask",
        "[DEBUG] [1717338031.5] [trt_builder]: After vertical fusions: 1 layers",
    )
    (build,) = log.builds
    assert [(s.label, s.layers) for s in build.stages] == [
        ("Original", 2),
        ("vertical fusions", 1),
    ]
    assert [(e.kind, e.pass_name) for e in build.pass_events] == [("running", "ConvReluFusion")]
    assert build.warning_count == 1
    assert (log.stats.application_lines, log.stats.unrecognised_count) == (2, 1)
    assert log.stats.unrecognised_samples[0].line == 5


def test_polygraphy_chatter_is_application_output() -> None:
    """GIVEN Polygraphy's own messages between TensorRT's THEN they are application output,
    TensorRT's are read, and Polygraphy's ``PASSED | Runtime`` line gives the run's status."""
    log = parse(
        "[I] RUNNING | Command: /usr/local/bin/polygraphy run tiny.onnx --trt",
        "[I] TF32 is disabled by default. Turn on TF32 for better performance with minor "
        "accuracy differences.",
        "[I] Will generate inference input data according to provided TensorMetadata: {x "
        "[shape=(1, 3, 8, 8)],",
        "     y [shape=(1, 3, 8, 8)]}",
        "[I] Loading model: tiny.onnx",
        "[I] Configuring with profiles:[",
        "        Profile 0:",
        "            {x [min=[1, 3, 8, 8], opt=[1, 3, 8, 8], max=[1, 3, 8, 8]]}",
        "    ]",
        "[X] Original: 2 layers",
        "[I] Finished engine building in 1.234 seconds",
        "[I] Saving engine to tiny.plan",
        # indented under the status line they belong to
        "[V]     Setting TensorRT Optimization Profiles",
        "[V]     Input tensor: x (dtype=DataType.FLOAT, shape=(1, 3, 8, 8)) | Setting input "
        "tensor shapes to: (min=[1, 3, 8, 8], opt=[1, 3, 8, 8], max=[1, 3, 8, 8])",
        "[I] PASSED | Runtime: 2.718s | Command: /usr/local/bin/polygraphy run tiny.onnx --trt",
    )
    (build,) = log.builds
    assert [(s.label, s.layers) for s in build.stages] == [("Original", 2)]
    assert (build.status, build.end_line) == ("passed", 15)
    assert (log.stats.application_lines, log.stats.unrecognised_count) == (14, 0)


def test_message_dash_is_not_eaten() -> None:
    """GIVEN ``LEVEL: [TRT] - Runner scratch: ...`` THEN the line is read as the memory chatter."""
    log = parse("VERBOSE: [TRT] - Runner scratch: 512 bytes", "VERBOSE: [TRT] Original: 1 layers")
    assert log.stats.unrecognised_count == 0


# --- build boundaries ----------------------------------------------------------------------------

IMPORT_ONE = (
    f"{PY} Adding network input: x with dtype: float32, dimensions: (1, 3, 8, 8)",
    f"{PY} Importing initializer: w1",
    f"{PY} Parsing node: conv1 [Conv]",
    f"{PY} Parsing node: relu1 [Relu]",
)
BUILD_ONE = (
    f"{PY} Original: 2 layers",
    f"{PY} Engine Layer Information:",
    "Layer(CaskConvolution): conv1 + relu1, Tactic: 0x1, x[Float(1,3,8,8)] -> y[Float(1,4,8,8)]",
)
IMPORT_TWO = (
    f"{PY} Adding network input: z with dtype: float32, dimensions: (1, 8)",
    f"{PY} Parsing node: fc1 [Gemm]",
)


def test_second_onnx_import_in_one_process_starts_a_build() -> None:
    """GIVEN a script that parses and builds one model, then parses a second THEN the second
    build starts at the second import and holds its nodes and input."""
    log = parse(*IMPORT_ONE, *BUILD_ONE, *IMPORT_TWO, f"{PY} Original: 1 layers")
    first, second = log.builds
    assert (first.first_line, first.last_line, second.first_line) == (1, 7, 8)
    assert [n.name for n in first.onnx.nodes] == ["conv1", "relu1"]  # type: ignore[union-attr]
    assert [n.name for n in second.onnx.nodes] == ["fc1"]  # type: ignore[union-attr]
    assert [t.name for t in second.onnx.inputs] == ["z"]  # type: ignore[union-attr]
    assert [(s.label, s.layers) for s in second.stages] == [("Original", 1)]


def test_builder_after_trtexec_trailer_starts_a_build() -> None:
    """GIVEN a trtexec --loadEngine run, then the script's next builder (its logger notice
    first) THEN the trtexec run is an inference run without nodes and the build starts at the
    notice."""
    log = parse(
        "&&&& RUNNING TensorRT.trtexec [TensorRT v8601] # trtexec --loadEngine=m.plan",
        f"{TS} [I] Loaded engine size: 1 MiB",
        "&&&& PASSED TensorRT.trtexec [TensorRT v8601] # trtexec --loadEngine=m.plan",
        f"{PY_INFO} The logger passed into createInferBuilder differs from one already provided "
        "for an existing builder, runtime, or refitter.",
        f"{PY_INFO} [MemUsageChange] Init CUDA: CPU +0, GPU +0, now: CPU 9, GPU 9 (MiB)",
        *IMPORT_TWO,
        f"{PY} Original: 1 layers",
    )
    run, build = log.builds
    assert (run.kind, run.end, run.onnx) == ("inference", "complete", None)
    assert (build.first_line, build.kind) == (4, "build")
    assert [n.name for n in build.onnx.nodes] == ["fc1"]  # type: ignore[union-attr]


def test_onnx_summary_rule_after_a_build_starts_a_build() -> None:
    """GIVEN a finished build, then the ONNX parser's summary of the next model THEN the next
    build starts at the summary's first rule of dashes, and its closing rule does not split it."""
    dashes = "-" * 64
    log = parse(
        *IMPORT_ONE,
        *BUILD_ONE,
        f"{PY_INFO} {dashes}",
        f"{PY_INFO} Input filename:   second.onnx",
        f"{PY_INFO} Opset version:    17",
        f"{PY_INFO} {dashes}",
        *IMPORT_TWO,
    )
    _, second = log.builds
    assert second.first_line == 8
    assert second.onnx is not None
    assert (second.onnx.opset, [n.name for n in second.onnx.nodes]) == ("17", ["fc1"])


def test_import_after_device_notes_stays_in_its_build() -> None:
    """GIVEN trtexec's device block (whose note is inference chatter) before the import THEN one
    build holds the import."""
    log = parse(
        "&&&& RUNNING TensorRT.trtexec [TensorRT v101601] # trtexec --onnx=m.onnx",
        f"{TS} [I] Note: The application clock rates do not reflect the actual clock rates that "
        "the GPU is currently running at.",
        f"{TS} [I] [TRT] {'-' * 64}",
        f"{TS} [I] [TRT] Input filename:   m.onnx",
        f"{TS} [V] [TRT] Parsing node: conv1 [Conv]",
    )
    (build,) = log.builds
    assert [n.name for n in build.onnx.nodes] == ["conv1"]  # type: ignore[union-attr]


# --- line shapes ----------------------------------------------------------------------------------


def test_tensorrt7_logged_engine_layers() -> None:
    """GIVEN TensorRT 7's Engine Layer Information, one logged message per layer THEN the engine
    layers; a ``Layer(`` message elsewhere is not one."""
    log = parse(
        f"{T7} Engine Layer Information:",
        f"{T7} Layer(FusedConvActDirect): conv1 + relu1, Tactic: 141, data[Float(1,28,28)] -> "
        "relu1_out[Float(8,26,26)]",
        f"{T7} Layer(PoolingTiled): pool1, Tactic: 7405838, relu1_out[Float(8,26,26)] -> "
        "pool1_out[Float(8,13,13)] ",
        f"{T7} Engine generation completed in 1.5 seconds.",
        f"{T7} Layer(Scale): scale1, Tactic: 0, a[Float(1)] -> b[Float(1)]",
    )
    (build,) = log.builds
    assert [(x.name, x.layer_type, x.tactic) for x in build.engine_layers] == [
        ("conv1 + relu1", "FusedConvActDirect", "141"),
        ("pool1", "PoolingTiled", "7405838"),
    ]
    assert [(t.name, t.shape) for t in build.engine_layers[1].outputs] == [
        ("pool1_out", (8, 13, 13))
    ]
    assert [sample.line for sample in log.stats.unrecognised_samples] == [5]


def test_tensorrt7_set_tactic_name_names_the_next_tactic() -> None:
    """GIVEN TensorRT 7's ``LAYER (RUNNER) Set Tactic Name: K`` lines without a tactic THEN K is
    the kernel of the ``Tactic: T time X`` line after it."""
    build = build_of(
        f"{T7} --------------- Timing Runner: fc1 + relu2 (CaskFullyConnected)",
        f"{T7} fc1 + relu2 (caskFullyConnectedFP32) Set Tactic Name: volta_sgemm_64x32_relu_nn_v1",
        f"{T7} Tactic: 8190451076631530001 time 0.0251",
        f"{T7} fc1 + relu2 (caskFullyConnectedFP32) Set Tactic Name: volta_sgemm_128x64_relu_nn_v1",
        f"{T7} Tactic: 8190451076631530002 time 0.0301",
        f"{T7} Fastest Tactic: 8190451076631530001 Time: 0.0251",
        f"{T7} >>>>>>>>>>>>>>> Chose Runner Type: CaskFullyConnected Tactic: 8190451076631530001",
    )
    (tuned,) = build.autotuning
    assert (tuned.layer, tuned.tactics_timed, tuned.fastest_tactic, tuned.best_time_ms) == (
        "fc1 + relu2",
        2,
        "8190451076631530001",
        0.0251,
    )
    assert (tuned.runner_type, tuned.tactic_name) == (
        "CaskFullyConnected",
        "volta_sgemm_64x32_relu_nn_v1",
    )


def test_flt_max_fastest_time_is_no_time() -> None:
    """GIVEN a runner whose tactics were all skipped (``Time: 3.40282e+38``) THEN no best time."""
    build = build_of(
        f"{T7} --------------- Timing Runner: mlp1 (CudnnMLPFC)",
        f"{T7} Tactic: 0 skipped. Scratch requested: 672, available: 0",
        f"{T7} Fastest Tactic: -3360065831133330001 Time: 3.40282e+38",
    )
    (tuned,) = build.autotuning
    assert (tuned.fastest_tactic, tuned.best_time_ms, tuned.tactics_skipped) == (
        "-3360065831133330001",
        None,
        1,
    )


OOM = (
    "2: [virtualMemoryBuffer.cpp::resizePhysical::145] Error Code 2: OutOfMemory "
    "(no further information)"
)


def test_out_of_memory_while_timing_is_recovered() -> None:
    """GIVEN an out-of-memory error while tactics are timed, then Engine Layer Information
    THEN the build is complete (with the error counted); without the engine THEN failed."""
    tuning = (
        f"{PY} --------------- Timing Runner: conv1 (CaskConvolution)",
        f"{PY_ERROR} {OOM}",
        f"{TS} [TRT] [W] Skipping tactic 0x0000000000000008 due to insufficient memory.",
        f"{PY} Fastest Tactic: 0x0000000000000001 Time: 0.25",
    )
    built = build_of(*tuning, *BUILD_ONE[1:])
    assert (built.end, built.error_count, len(built.engine_layers)) == ("complete", 1, 1)
    assert build_of(*tuning).end == "failed"
    after_engine = build_of(*BUILD_ONE, f"{PY_ERROR} {OOM}")
    assert after_engine.end == "failed"


def test_generating_copy_because_input_is_not_movable() -> None:
    """GIVEN ``Generating copy for A to B because input is not movable.`` THEN a stomp-copy."""
    (event,) = build_of(
        f"{PY} Generating copy for relu3_out to cat1_out because input is not movable."
    ).pass_events
    assert (event.kind, event.pass_name, event.layers) == (
        "stomp-copy",
        "Generating copy",
        ("relu3_out", "cat1_out"),
    )


def test_tensorrt7_fusing_convolution_weights() -> None:
    """GIVEN TensorRT 7's ``Fusing convolution weights from A with scale B`` THEN a fusion of
    (A, B) into A, by the running pass."""
    (event,) = build_of(f"{T7} Fusing convolution weights from conv1 with scale bn1").pass_events
    assert (event.kind, event.pass_name, event.layers, event.result) == (
        "fuse",
        "",
        ("conv1", "bn1"),
        "conv1",
    )


def test_tensorrt10_chatter_is_recognised() -> None:
    """GIVEN TensorRT 10's TF32 and graph-reduction notices, and the runtime's logger notice
    THEN every line is recognised."""
    log = parse(
        f"{PY_INFO} BuilderFlag::kTF32 is set but hardware does not support TF32. Disabling TF32.",
        f"{PY_INFO} [GraphReduction] The approximate region cut reduction algorithm is called.",
        "I0501 10:00:00.123456 4242 logging.cc:46] The logger passed into createInferRuntime "
        "differs from one already provided for an existing builder, runtime, or refitter.",
    )
    assert (log.stats.lines_recognised, log.stats.unrecognised_count) == (3, 0)


def test_tensorrt7_unprefixed_onnx_summary() -> None:
    """GIVEN TensorRT 7's ONNX summary printed without a prefix THEN the model info; the opening
    rule of dashes is application output (nothing tells it apart yet), the rest is recognised."""
    dashes = "-" * 64
    log = parse(
        "&&&& RUNNING TensorRT.sample_onnx_mnist # sample_onnx_mnist",
        dashes,
        "Input filename:   C:\\models\\mnist.onnx",
        "ONNX IR version:  0.0.4",
        "Opset version:    9",
        "Producer name:    pytorch",
        "Producer version: 1.2",
        "Domain:           ",
        "Model version:    0",
        "Doc string:       ",
        dashes,
        "Domain: not a summary line",
    )
    (build,) = log.builds
    assert build.onnx is not None
    info = build.onnx
    assert (info.ir_version, info.opset, info.producer, info.producer_version) == (
        "0.0.4",
        "9",
        "pytorch",
        "1.2",
    )
    assert (info.domain, info.model_version) == ("", "0")
    assert (log.stats.application_lines, log.stats.unrecognised_count) == (2, 0)


# --- corpus logs rewritten into other loggers' formats -------------------------------------------

_TRT_LINE = re.compile(
    r"(?:\[\d\d/\d\d/\d{4}-\d\d:\d\d:\d\d\] )+(?:\[([VIWEF])\] \[TRT\]|\[TRT\] \[([VIWEF])\]) ?(.*)"
)
_WORD = {"V": "VERBOSE", "I": "INFO", "W": "WARNING", "E": "ERROR", "F": "INTERNAL_ERROR"}
_PY_LEVEL = {"V": "DEBUG", "I": "INFO", "W": "WARNING", "E": "ERROR", "F": "CRITICAL"}
_POLYGRAPHY = {"V": "X", "I": "V", "W": "W", "E": "E", "F": "E"}
_ROS = {"V": "DEBUG", "I": "INFO", "W": "WARN", "E": "ERROR", "F": "FATAL"}

Item = tuple[str | None, str]
"""A TensorRT message (severity, text), or an unprefixed line of one (``None``, text)."""


def tensorrt_items(path: Path) -> list[Item]:
    """TensorRT's own messages of a corpus log, and the unprefixed lines that continue them
    (the engine layers after ``Engine Layer Information:``, the layer dump after ``Layers:``), as
    a Python builder would log them: trtexec's own lines, banners and application output are
    left out."""
    items: list[Item] = []
    continuing = False
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        found = _TRT_LINE.fullmatch(line)
        if found is not None:
            severity = found.group(1) or found.group(2)
            items.append((severity, found.group(3)))
            continuing = found.group(3).rstrip() in ("Engine Layer Information:", "Layers:")
        elif line.startswith("["):
            continuing = False
        elif continuing:
            items.append((None, line))
    return items


Formatter = Callable[[str, str], str]
FORMATS: dict[str, tuple[Formatter, str]] = {
    "python [ts] [TRT] [V]": (lambda s, m: f"{TS} [TRT] [{s}] {m}", ""),
    "polygraphy -vv": (lambda s, m: f"[{_POLYGRAPHY[s]}] {m}", "    "),
    "custom [V]": (lambda s, m: f"[{s}] {m}", ""),
    "level first": (lambda s, m: f"{_WORD[s]}: [TRT] {m}", ""),
    "logging asctime TRT": (lambda s, m: f"2024-05-01 10:00:00,123 - TRT - {_WORD[s]} - {m}", ""),
    "logging asctime TensorRT": (
        lambda s, m: f"2024-05-01 10:00:00,123 - TensorRT - {_PY_LEVEL[s]} - {m}",
        "",
    ),
    "logging basic DEBUG:TRT": (lambda s, m: f"{_PY_LEVEL[s]}:TRT:{m}", ""),
    "logging basic VERBOSE:TRT": (lambda s, m: f"{_WORD[s]}:TRT:{m}", ""),
    "logging [asctime] [TRT] [VERBOSE]": (
        lambda s, m: f"[2024-05-01 10:00:00,123] [TRT] [{_WORD[s]}] {m}",
        "",
    ),
    "torch-tensorrt torchscript": (
        lambda s, m: f"{_PY_LEVEL[s]}: [Torch-TensorRT TorchScript Conversion Context] - {m}",
        "",
    ),
    "torch-tensorrt dynamo": (
        lambda s, m: f"{_PY_LEVEL[s]}:torch_tensorrt [TensorRT Conversion Context]:{m}",
        "",
    ),
    "triton glog": (
        lambda s, m: (
            f"{'W' if s == 'W' else 'E' if s in 'EF' else 'I'}0501 10:00:00.123456 "
            f"4242 logging.cc:46] {m}"
        ),
        "",
    ),
    "TensorRT VERBOSE": (lambda s, m: f"TensorRT {_WORD[s]} {m}", ""),
    "ROS 2": (lambda s, m: f"[{_ROS[s]}] [1717338031.204611772] [trt_builder]: {m}", ""),
    "TRT Severity.VERBOSE:": (lambda s, m: f"TRT Severity.{_WORD[s]}: {m}", ""),
    "[TRT-Severity.VERBOSE]": (lambda s, m: f"[TRT-Severity.{_WORD[s]}] {m}", ""),
    "loguru": (
        lambda s, m: (
            f"2024-05-01 10:00:00.123 | {_PY_LEVEL[s].replace('CRITICAL', 'ERROR'):<8} "
            f"| builder:log:42 - {m}"
        ),
        "",
    ),
}
"""Logger formats: how a message is printed, and the indent of its continuation lines."""
_NO_LEVEL: dict[str, tuple[Formatter, str]] = {
    "jetson-inference [TRT]    ": (lambda s, m: f"[TRT]    {m}", ""),
    "older jetson-inference [TRT]   ": (lambda s, m: f"[TRT]   {m}", ""),
    "[TRT] no level": (lambda s, m: f"[TRT] {m}", ""),
}
"""Loggers that print no level: warnings and errors cannot be told from other messages."""

CORPUS_LOGS = (
    "lix19937-tensorrt-insight__qat__resnet18.log",
    "nvidia-trt-cookbook__10-BestPractice-ConvertTranposeMultiplicationToConvolution"
    "__result__88fe8012.log",
    "nvidia-trt-cookbook__04-Feature-ProfilingVerbosity__log-main.py__7e7e0c39.log",
)
"""A trtexec QAT build (TensorRT 8.5), a script with two ONNX builds (8.4), and a TensorRT 10
script with three builds and their graph dumps (indented messages)."""


def rewritten(items: list[Item], formatter: Formatter, indent: str) -> list[str]:
    """The items as the logger prints them."""
    return [formatter(s, m) if s is not None else indent + m for s, m in items]


def summary(log: BuildLog) -> list[object]:
    """What must not depend on the logger: per build, the pass events, the funnel, the engine
    layers, the ONNX nodes and the bindings."""
    return [
        (
            [(e.line, e.kind, e.pass_name, e.layers, e.result) for e in build.pass_events],
            [(s.label, s.layers) for s in build.stages],
            [(x.name, x.layer_type, x.tactic, x.inputs, x.outputs) for x in build.engine_layers],
            [(n.name, n.op_type) for n in build.onnx.nodes] if build.onnx else [],
            [(b.name, b.direction, b.shape, b.dtype) for b in build.bindings],
        )
        for build in log.builds
    ]


_BASE: dict[str, tuple[list[Item], BuildLog]] = {}


def base(corpus_dir: Path, name: str) -> tuple[list[Item], BuildLog]:
    """A corpus log's TensorRT items and their parse in the Python logger's format (cached)."""
    if name not in _BASE:
        items = tensorrt_items(corpus_dir / name)
        formatter, indent = FORMATS["python [ts] [TRT] [V]"]
        _BASE[name] = (items, parse_build_log(rewritten(items, formatter, indent), name))
    return _BASE[name]


def test_rewritten_base_is_a_full_parse(corpus_dir: Path) -> None:
    """GIVEN the corpus logs rewritten into the Python logger's format THEN every line is read
    and each log keeps its pass events, engine layers and builds (so the comparisons below
    compare something)."""
    expected_builds = {CORPUS_LOGS[0]: 1, CORPUS_LOGS[1]: 2, CORPUS_LOGS[2]: 3}
    for name in CORPUS_LOGS:
        _, log = base(corpus_dir, name)
        assert log.stats.unrecognised_count == 0, (name, log.stats.unrecognised_samples[:3])
        assert len(log.builds) == expected_builds[name], name
        assert all(build.engine_layers for build in log.builds), name
    qat = base(corpus_dir, CORPUS_LOGS[0])[1].builds[0]
    assert (len(qat.pass_events), len(qat.engine_layers)) == (631, 26)


@pytest.mark.parametrize("name", CORPUS_LOGS, ids=lambda name: name[:40])
@pytest.mark.parametrize("logger", sorted(FORMATS))
def test_corpus_log_in_each_logger_format(corpus_dir: Path, name: str, logger: str) -> None:
    """GIVEN a corpus log's TensorRT messages printed by another logger THEN the same pass
    events, funnel, engine layers and nodes, warnings and errors, and every line read."""
    items, expected = base(corpus_dir, name)
    formatter, indent = FORMATS[logger]
    log = parse_build_log(rewritten(items, formatter, indent), name)
    assert summary(log) == summary(expected)
    assert [(b.warning_count, b.error_count) for b in log.builds] == [
        (b.warning_count, b.error_count) for b in expected.builds
    ]
    assert log.stats.unrecognised_count == 0, log.stats.unrecognised_samples[:3]
    assert log.stats.lines_recognised == expected.stats.lines_recognised


@pytest.mark.parametrize("name", [CORPUS_LOGS[0], CORPUS_LOGS[2]], ids=lambda name: name[:40])
@pytest.mark.parametrize("logger", sorted(_NO_LEVEL))
def test_corpus_log_through_a_logger_without_levels(
    corpus_dir: Path, name: str, logger: str
) -> None:
    """GIVEN a TensorRT 8 corpus log, and a TensorRT 10 one with graph dumps (indented
    messages), printed with ``[TRT]`` and no level THEN the same pass events, funnel, engine
    layers and nodes; only the warnings (read as plain messages) are not understood."""
    items, expected = base(corpus_dir, name)
    formatter, indent = _NO_LEVEL[logger]
    log = parse_build_log(rewritten(items, formatter, indent), name)
    assert summary(log) == summary(expected)
    warnings = sum(build.warning_count for build in expected.builds)
    assert log.stats.unrecognised_count <= warnings, log.stats.unrecognised_samples[:3]
