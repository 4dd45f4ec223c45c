"""The log parser on TensorRT's messages as other loggers print them, and on line shapes from
TensorRT 7 and 10 that the trtexec corpus lacks.

Two kinds of test. Hand-written lines (own layer names and numbers, in the exact shapes these
loggers and TensorRT versions print) check each prefix field by field (the rules' fields are
fixture cases, ``tests/fixtures/logparse/formats.txt``). Then real corpus
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
from trtreport.model import BuildLog

TS = "[05/01/2025-10:00:00]"


def parse(*lines: str) -> BuildLog:
    """Parse ``lines`` as one log."""
    return parse_build_log(list(lines), "test.log")


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


# --- build boundaries ----------------------------------------------------------------------------


# --- line shapes ----------------------------------------------------------------------------------


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
