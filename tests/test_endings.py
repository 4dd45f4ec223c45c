"""Truncated and failed builds still give a report, with a banner saying where the log ends;
the same inputs give the same bytes whatever the path, the hash seed or the clock."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from test_golden import visible_text
from trtreport.logparse import parse_build_log
from trtreport.model import BuildLog

REPO = Path(__file__).resolve().parents[1]
EXAMPLE_LOG = REPO / "examples" / "qdq_resnet_small.log"


def cli(
    cwd: Path, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run trtreport as a user would."""
    return subprocess.run(
        [sys.executable, "-m", "trtreport", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, **(env or {})},
    )


def example_lines() -> list[str]:
    """The example log, one string per line."""
    return EXAMPLE_LOG.read_text(encoding="utf-8").splitlines(keepends=True)


def first_line_containing(lines: list[str], needle: str) -> int:
    """0-based index of the first line that contains ``needle``."""
    return next(i for i, line in enumerate(lines) if needle in line)


@pytest.mark.subprocess
def test_log_cut_during_autotuning(tmp_path: Path) -> None:
    lines = example_lines()
    cut = first_line_containing(lines, "Timing Runner:") + 40
    (tmp_path / "cut.log").write_text(
        "".join(lines[:cut]) + "[03/04/2025-09:00:0", encoding="utf-8"
    )
    result = cli(tmp_path, "cut.log", "-o", "cut.html", "--json", "cut.json")
    assert result.returncode == 0, result.stderr
    model = json.loads((tmp_path / "cut.json").read_text(encoding="utf-8"))
    assert (model["header"]["log_end"], model["header"]["last_phase"]) == (
        "truncated",
        "autotuning",
    )
    assert model["layers"] == []
    assert model["stages"][0]["label"] == "Original"
    assert model["header"]["end_line"] == cut + 1
    assert model["header"]["end_reason"] == (
        "the log stops during autotuning, without trtexec's '&&&&' trailer"
    )
    text = visible_text((tmp_path / "cut.html").read_text(encoding="utf-8"))
    assert "The log is truncated" in text
    assert f"after line {cut + 1:,}, before the build finished (the log stops" in text


@pytest.mark.subprocess
def test_failed_build(tmp_path: Path) -> None:
    lines = example_lines()
    cut = first_line_containing(lines, "Timing Runner:") + 10
    failure = (
        "[03/04/2025-09:00:09] [E] Error[10]: [optimizer.cpp::computeCosts::3728] Error Code 10: "
        "Internal Error (Could not find any implementation for node Conv_11.)\n"
        "[03/04/2025-09:00:09] [E] Engine could not be created from network\n"
        "[03/04/2025-09:00:09] [E] Building engine failed\n"
        "&&&& FAILED TensorRT.trtexec [TensorRT v8510] # trtexec --onnx=qdq_resnet_small.onnx\n"
    )
    (tmp_path / "failed.log").write_text("".join(lines[:cut]) + failure, encoding="utf-8")
    result = cli(tmp_path, "failed.log", "-o", "failed.html", "--json", "failed.json")
    assert result.returncode == 0, result.stderr
    model = json.loads((tmp_path / "failed.json").read_text(encoding="utf-8"))
    assert model["header"]["status"] == "failed"
    assert model["header"]["log_end"] == "failed"
    assert model["errors"][0]["line"] == cut + 1
    assert "Could not find any implementation for node Conv_11" in model["errors"][0]["text"]
    reason = (
        "stopped by an error: Error Code 10: Internal Error (Could not find any implementation "
        "for node Conv_11.)"
    )
    assert (model["header"]["end_line"], model["header"]["end_reason"]) == (cut + 1, reason)
    text = visible_text((tmp_path / "failed.html").read_text(encoding="utf-8"))
    assert "The build failed\nduring\nautotuning\n" in text
    assert f": {reason} (line {cut + 1:,}). This report shows" in text
    # No engine: the header says so instead of "N → 0 layers" and "0 % INT8 (0 of 0)".
    assert (
        f"{model['stages'][0]['layers']} → none\nlayers before optimization → in an engine" in text
    )
    assert "compute layers in INT8" not in text


@pytest.mark.subprocess
def test_same_bytes_from_any_path_hash_seed_and_clock(tmp_path: Path) -> None:
    """No machine path, no hash order, no wall-clock time reaches the output."""
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "build.log").write_bytes(EXAMPLE_LOG.read_bytes())
    absolute = cli(
        REPO,
        str(tmp_path / "a" / "build.log"),
        "-o",
        str(tmp_path / "abs.html"),
        "--json",
        str(tmp_path / "abs.json"),
        env={"PYTHONHASHSEED": "1", "SOURCE_DATE_EPOCH": "0", "TZ": "UTC"},
    )
    relative = cli(
        tmp_path / "a",
        "build.log",
        "-o",
        "../rel.html",
        "--json",
        "../rel.json",
        env={"PYTHONHASHSEED": "4242", "SOURCE_DATE_EPOCH": "1700000000", "TZ": "Asia/Tokyo"},
    )
    assert absolute.returncode == relative.returncode == 0
    assert (tmp_path / "abs.html").read_bytes() == (tmp_path / "rel.html").read_bytes()
    assert (tmp_path / "abs.json").read_bytes() == (tmp_path / "rel.json").read_bytes()
    assert str(tmp_path) not in (tmp_path / "abs.html").read_text(encoding="utf-8")


@pytest.mark.subprocess
@pytest.mark.corpus
def test_inference_only_log_is_said_so(corpus_dir: Path, tmp_path: Path) -> None:
    log = corpus_dir / "nvidia-trt-cookbook__08-Tool-trtexec__result-load-FP32__d9b68f7b.txt"
    result = cli(tmp_path, str(log), "-o", "i.html", "--json", "i.json")
    assert result.returncode == 0, result.stderr
    model = json.loads((tmp_path / "i.json").read_text(encoding="utf-8"))
    assert model["header"]["build_kind"] == "inference"
    assert "Inference-only log" in visible_text((tmp_path / "i.html").read_text(encoding="utf-8"))


# --- how a build's part of the log ends: the model says where, in which phase, and why ----------
# Hand-written lines in the shapes TensorRT, trtexec, Python, shells and C++ runtimes print when a
# build is cut short or dies (names and numbers are this project's own).

TS = "[06/02/2025-14:20:31]"
PY = f"{TS} [TRT] [V]"
PY_INFO = f"{TS} [TRT] [I]"
PY_ERROR = f"{TS} [TRT] [E]"
TRTEXEC = "trtexec --onnx=tiny.onnx --verbose"

IMPORT = (
    f"{PY} Adding network input: images with dtype: float32, dimensions: (1, 3, 16, 16)",
    f"{PY} Parsing node: stem/conv [Conv]",
    f"{PY} Parsing node: stem/act [Relu]",
)
OPTIMIZE = (
    f"{PY} Original: 2 layers",
    f"{PY} Running: ConvReluFusion on stem/conv",
    f"{PY} ConvReluFusion: Fusing stem/conv with stem/act",
    f"{PY} After vertical fusions: 1 layers",
)
TUNING = (
    f"{PY} *************** Autotuning format combination: Float(768,256,16,1) -> "
    "Float(2048,256,16,1) ***************",
    f"{PY} --------------- Timing Runner: stem/conv + stem/act (CaskConvolution)",
    f"{PY} Tactic: 0x0000000000000a11 Time: 0.0213",
    f"{PY} Tactic: 0x0000000000000a12 Time: 0.0187",
    f"{PY} Fastest Tactic: 0x0000000000000a12 Time: 0.0187",
)
ENGINE = (
    f"{PY_INFO} Engine generation completed in 1.25 seconds.",
    f"{PY} Engine Layer Information:",
    "Layer(CaskConvolution): stem/conv + stem/act, Tactic: 0x0000000000000a12, "
    "images[Float(1,3,16,16)] -> stem/act_out[Float(1,8,16,16)]",
)
BUILD = (*IMPORT, *OPTIMIZE, *TUNING)
"""A Python builder's log up to the end of autotuning (line 12)."""


def parse_lines(*lines: str) -> BuildLog:
    """Parse ``lines`` as one log."""
    return parse_build_log(list(lines), "build.log")


def ending(*lines: str) -> tuple[str, str, int, str]:
    """End, last phase, end line and reason of the log's only build."""
    log = parse_lines(*lines)
    (build,) = log.builds
    return build.end, build.last_phase, build.end_line, build.end_reason


def test_cut_mid_line_during_autotuning() -> None:
    """GIVEN a log whose last line stops half-way THEN truncated during autotuning, at that
    line, and the reason quotes it."""
    assert ending(*BUILD, f"{PY} Tactic: 0x0000000000000a13 Ti") == (
        "truncated",
        "autotuning",
        13,
        "the log stops during autotuning, its last line cut short or unknown: "
        f"{PY} Tactic: 0x0000000000000a13 Ti",
    )


def test_cut_between_lines_during_autotuning() -> None:
    """GIVEN a Python builder's log that stops after a whole line THEN truncated at its last
    line; a trtexec log without its trailer says the trailer is missing."""
    assert ending(*BUILD) == (
        "truncated",
        "autotuning",
        12,
        "the log stops during autotuning, before an engine was built or loaded",
    )
    banner = f"&&&& RUNNING TensorRT.trtexec [TensorRT v8601] # {TRTEXEC}"
    assert ending(banner, *BUILD)[2:] == (
        13,
        "the log stops during autotuning, without trtexec's '&&&&' trailer",
    )


@pytest.mark.parametrize("header", ["Engine Layer Information:", "Layers:"])
def test_cut_right_after_the_engine_layer_header(header: str) -> None:
    """GIVEN a log that stops right after ``Engine Layer Information:`` (or the dump's
    ``Layers:``), the engine built but no layer listed THEN truncated at the header, not complete
    with no layers; the same header followed by a layer is complete."""
    lines = (*BUILD, ENGINE[0], f"{PY} {header}")
    assert ending(*lines) == (
        "truncated",
        "engine",
        14,
        f"the log stops right after '{header}', before any layer",
    )
    assert ending(*BUILD, *ENGINE)[0] == "complete"


def test_cut_inside_the_engine_layer_list() -> None:
    """GIVEN a Python builder's log that stops half-way through an engine layer line THEN
    truncated at that line (the layers before it are kept)."""
    log = parse_lines(
        *BUILD,
        *ENGINE,
        "Layer(CaskPooling): head/pool, Tactic: 0x0000000000000007, stem/act_out[Float(1,8",
    )
    (build,) = log.builds
    assert (build.end, build.end_line, len(build.engine_layers)) == ("truncated", 16, 1)
    assert build.end_reason == (
        "the log stops inside the layers after 'Engine Layer Information:', at a line cut "
        "short: Layer(CaskPooling): head/pool, Tactic: 0x0000000000000007, stem/act_out[Float(1,8"
    )


def test_python_traceback_ends_the_build() -> None:
    """GIVEN a Python builder's log ending in a traceback THEN failed during autotuning, at the
    exception line, the reason naming the exception; the traceback is application output."""
    log = parse_lines(
        *BUILD,
        "Traceback (most recent call last):",
        '  File "/work/export/build_engine.py", line 88, in <module>',
        "    serialized = builder.build_serialized_network(network, config)",
        "                 ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^",
        "RuntimeError: CUDA error: an illegal memory access was encountered",
    )
    (build,) = log.builds
    assert (build.end, build.last_phase, build.end_line, build.end_reason) == (
        "failed",
        "autotuning",
        17,
        "Python exception: RuntimeError: CUDA error: an illegal memory access was encountered",
    )
    assert (log.stats.application_lines, log.stats.unrecognised_count) == (5, 0)


def test_jupyter_traceback_ends_the_build() -> None:
    """GIVEN a notebook cell's output ending in IPython's traceback THEN the exception line is
    the reason, and the frames are application output."""
    log = parse_lines(
        *BUILD,
        "-" * 75,
        "RuntimeError                              Traceback (most recent call last)",
        "Cell In[7], line 14",
        "     12 config.set_flag(trt.BuilderFlag.INT8)",
        "---> 14 plan = builder.build_serialized_network(network, config)",
        "",
        "RuntimeError: build_serialized_network returned no plan",
    )
    (build,) = log.builds
    assert (build.end, build.end_line, build.end_reason) == (
        "failed",
        19,
        "Python exception: RuntimeError: build_serialized_network returned no plan",
    )
    assert (log.stats.application_lines, log.stats.unrecognised_count) == (6, 0)


def test_traceback_the_build_outlives_is_not_its_end() -> None:
    """GIVEN a traceback a library logs and survives, then the build going on to its engine
    THEN complete: a crash ends a build only if nothing of the build follows it."""
    assert ending(
        *IMPORT,
        "Traceback (most recent call last):",
        '  File "/usr/lib/python3/dist-packages/onnx_helpers.py", line 12, in fold',
        "NotImplementedError: constant folding of Resize",
        *OPTIMIZE,
        *TUNING,
        *ENGINE,
    ) == ("complete", "engine", 18, "the engine was built")


def test_chained_python_exceptions_name_the_last() -> None:
    """GIVEN a traceback, then ``During handling of the above exception ...`` and a second one
    THEN the reason is the last exception, the one the process died of."""
    end = ending(
        *BUILD,
        "Traceback (most recent call last):",
        '  File "/work/export/build_engine.py", line 40, in load',
        "KeyError: 'images'",
        "",
        "During handling of the above exception, another exception occurred:",
        "",
        "Traceback (most recent call last):",
        '  File "/work/export/build_engine.py", line 91, in <module>',
        "ValueError: input 'images' not found in the calibration set",
    )
    assert end[2:] == (
        21,
        "Python exception: ValueError: input 'images' not found in the calibration set",
    )


@pytest.mark.parametrize(
    ("crash", "line", "reason"),
    [
        (
            ["Segmentation fault (core dumped)"],
            13,
            "the process crashed (Segmentation fault (core dumped))",
        ),
        (["Aborted (core dumped)"], 13, "the process aborted (Aborted (core dumped))"),
        (["Killed"], 13, "the process was killed (Killed)"),
        (
            ["./export.sh: line 7: 31337 Killed                  python3 build_engine.py"],
            13,
            "the process was killed (./export.sh: line 7: 31337 Killed python3 build_engine.py)",
        ),
        (
            ["zsh: segmentation fault (core dumped)  python3 build_engine.py"],
            13,
            "the process crashed (zsh: segmentation fault (core dumped) python3 build_engine.py)",
        ),
        (
            [
                "terminate called after throwing an instance of 'std::bad_alloc'",
                "  what():  std::bad_alloc",
                "Aborted (core dumped)",
            ],
            13,
            "uncaught C++ exception: std::bad_alloc",
        ),
        (
            [
                "terminate called after throwing an instance of 'std::runtime_error'",
                "  what():  engine build returned no plan",
                "Aborted",
            ],
            14,
            "uncaught C++ exception: std::runtime_error: engine build returned no plan",
        ),
        (
            [
                "Fatal Python error: Segmentation fault",
                "",
                "Current thread 0x00007f3a (most recent call first):",
                '  File "/work/export/build_engine.py", line 88 in main',
            ],
            13,
            "the process crashed (Fatal Python error: Segmentation fault)",
        ),
        (
            [
                "[gpu-node-3:31337] *** Process received signal ***",
                "[gpu-node-3:31337] Signal: Segmentation fault (11)",
                "[gpu-node-3:31337] Signal code: Address not mapped (1)",
            ],
            14,
            "the process crashed (Segmentation fault)",
        ),
    ],
)
def test_crash_of_the_process(crash: list[str], line: int, reason: str) -> None:
    """GIVEN a build that dies of a signal, the OOM killer or an uncaught C++ exception THEN
    failed during autotuning, at the line saying so, the reason naming it; those lines are
    application output, none unrecognised."""
    log = parse_lines(*BUILD, *crash)
    (build,) = log.builds
    assert (build.end, build.last_phase, build.end_line, build.end_reason) == (
        "failed",
        "autotuning",
        line,
        reason,
    )
    assert log.stats.unrecognised_count == 0
    assert log.stats.application_lines == sum(1 for text in crash if text)


def test_cuda_out_of_memory_stops_the_build() -> None:
    """GIVEN TensorRT running out of GPU memory, then the builder giving up and the log ending
    THEN failed, at the out-of-memory error (the errors after it follow from it)."""
    assert ending(
        *BUILD,
        f"{PY_ERROR} 1: [defaultAllocator.cpp::allocate::20] Error Code 1: Cuda Runtime "
        "(out of memory)",
        f"{TS} [TRT] [W] Requested amount of GPU memory (8589934592 bytes) could not be "
        "allocated. There may not be enough free memory for allocation to succeed.",
        f"{PY_ERROR} 2: [builder.cpp::buildSerializedNetwork::751] Error Code 2: Internal Error "
        "(Assertion engine != nullptr failed. )",
    ) == (
        "failed",
        "autotuning",
        13,
        "stopped by an error: Error Code 1: Cuda Runtime (out of memory)",
    )


def test_out_of_memory_then_a_python_exception() -> None:
    """GIVEN the builder's out-of-memory error, then the script failing on the missing plan
    THEN the reason names the exception and the error before it."""
    assert ending(
        *BUILD,
        f"{PY_ERROR} [resizingAllocator.cpp::allocate::74] Error Code 1: Cuda Runtime (out of "
        "memory)",
        "Traceback (most recent call last):",
        '  File "/work/export/build_engine.py", line 90, in <module>',
        "    f.write(serialized)",
        "TypeError: a bytes-like object is required, not 'NoneType'",
    )[2:] == (
        17,
        "Python exception: TypeError: a bytes-like object is required, not 'NoneType'; the "
        "error before it: Error Code 1: Cuda Runtime (out of memory)",
    )


def test_out_of_memory_the_build_survives_is_complete() -> None:
    """GIVEN an out-of-memory error while one tactic is timed, then the engine THEN complete,
    the reason saying the error did not stop it."""
    end = ending(
        *TUNING[:3],
        f"{PY_ERROR} 2: [virtualMemoryBuffer.cpp::resizePhysical::145] Error Code 2: "
        "OutOfMemory (no further information)",
        *TUNING[3:],
        *ENGINE,
    )
    assert end == ("complete", "engine", 9, "the engine was built (1 error did not stop it)")


def trtexec_failure(*errors: str, command: str = TRTEXEC, version: str = "8601") -> list[str]:
    """A trtexec run whose errors (trtexec's ``[E]`` messages) end with its FAILED trailer."""
    return [
        f"&&&& RUNNING TensorRT.trtexec [TensorRT v{version}] # {command}",
        f"{TS} [I] === Model Options ===",
        f"{TS} [I] Format: ONNX",
        *(line.replace(f"{TS} [TRT] [V]", f"{TS} [V] [TRT]") for line in OPTIMIZE),
        *(f"{TS} [E] {error}" for error in errors),
        f"&&&& FAILED TensorRT.trtexec [TensorRT v{version}] # {command}",
    ]


def test_no_implementation_for_a_node_fails_trtexec() -> None:
    """GIVEN trtexec's ``Could not find any implementation for node ...`` and the errors that
    follow from it THEN failed, at the first of them, which the reason quotes without its
    error number and source location."""
    lines = trtexec_failure(
        "Error[10]: [optimizer.cpp::computeCosts::3869] Error Code 10: Internal Error (Could not "
        "find any implementation for node stem/conv + stem/act.)",
        "Engine could not be created from network",
        "Building engine failed",
        "Failed to create engine from model or file.",
        "Engine set up failed",
    )
    assert ending(*lines) == (
        "failed",
        "optimization",
        8,
        "stopped by an error: Error Code 10: Internal Error (Could not find any implementation "
        "for node stem/conv + stem/act.)",
    )


def test_failed_trailer_without_an_error() -> None:
    """GIVEN ``&&&& FAILED`` with no error before it THEN failed at the trailer, quoted."""
    assert ending(*trtexec_failure()) == (
        "failed",
        "optimization",
        8,
        "the run failed (&&&& FAILED TensorRT.trtexec [TensorRT v8601])",
    )


def test_tensorrt10_error4_shapes() -> None:
    """GIVEN TensorRT 10's ``Error[4]: IBuilder::buildSerializedNetwork: Error Code 4`` from
    trtexec, and the same error through the Python logger THEN failed, the reason quoting it."""
    words = (
        "IBuilder::buildSerializedNetwork: Error Code 4: API Usage Error (Network has dynamic or "
        "shape inputs, but no optimization profile has been defined.)"
    )
    lines = trtexec_failure(
        f"Error[4]: {words}",
        "Engine could not be created from network",
        "Building engine failed",
        version="100800",
    )
    assert ending(*lines)[2:] == (8, f"stopped by an error: {words}")
    python = ending(*IMPORT, *OPTIMIZE, f"{PY_ERROR} {words}")
    assert python == ("failed", "optimization", 8, f"stopped by an error: {words}")
    validate = ending(
        *IMPORT,
        f"{PY_ERROR} 4: [network.cpp::validate::3162] Error Code 4: Internal Error (images: "
        "dynamic input is missing dimensions in profile 0.)",
        f"{PY_ERROR} 2: [builder.cpp::buildSerializedNetwork::751] Error Code 2: Internal Error "
        "(Assertion engine != nullptr failed. )",
    )
    assert validate[2:] == (
        4,
        "stopped by an error: Error Code 4: Internal Error (images: dynamic input is missing "
        "dimensions in profile 0.)",
    )


LOAD = "trtexec --loadEngine=tiny.plan --verbose"


def test_engine_of_another_version_fails_to_load() -> None:
    """GIVEN ``--loadEngine`` of a plan built by another TensorRT (``Serialization assertion
    ... failed``) THEN an inference run that failed, at the assertion."""
    log = parse_lines(
        f"&&&& RUNNING TensorRT.trtexec [TensorRT v8601] # {LOAD}",
        f"{TS} [I] === Model Options ===",
        f"{TS} [I] Format: *",
        f"{TS} [I] Engine loaded in 0.0121 sec.",
        f"{TS} [I] [TRT] Loaded engine size: 3 MiB",
        f"{TS} [E] Error[1]: [stdArchiveReader.cpp::StdArchiveReader::40] Error Code 1: "
        "Serialization (Serialization assertion stdVersionRead == serializationVersion failed."
        "Version tag does not match. Note: Current Version: 213, Serialized Engine Version: 239)",
        f"{TS} [E] Error[4]: [runtime.cpp::deserializeCudaEngine::66] Error Code 4: Internal "
        "Error (Engine deserialization failed.)",
        f"{TS} [E] Failed to create engine from model or file.",
        f"{TS} [E] Engine set up failed",
        f"&&&& FAILED TensorRT.trtexec [TensorRT v8601] # {LOAD}",
    )
    (build,) = log.builds
    assert (build.kind, build.end, build.last_phase, build.end_line) == (
        "inference",
        "failed",
        "inference",
        6,
    )
    assert build.end_reason.startswith(
        "stopped by an error: Error Code 1: Serialization (Serialization assertion stdVersionRead"
    )


def test_incompatible_plan_through_the_python_api() -> None:
    """GIVEN a Python script loading a plan of another version (``not compatible with this
    version of TensorRT``), and the log ending there THEN failed at that error; with the
    traceback of the ``None`` engine after it THEN the exception names the end, and the error."""
    load = (
        f"{PY_INFO} Loaded engine size: 3 MiB",
        f"{PY_ERROR} 6: The engine plan file is not compatible with this version of TensorRT, "
        "expecting library version 8.6.1.6 got 8.6.3.1, please rebuild.",
        f"{PY_ERROR} 4: [runtime.cpp::deserializeCudaEngine::66] Error Code 4: Internal Error "
        "(Engine deserialization failed.)",
    )
    incompatible = (
        "The engine plan file is not compatible with this version of TensorRT, expecting "
        "library version 8.6.1.6 got 8.6.3.1, please rebuild."
    )
    assert ending(*load) == ("failed", "inference", 2, f"stopped by an error: {incompatible}")
    crashed = ending(
        *load,
        "Traceback (most recent call last):",
        '  File "/work/serve/infer.py", line 21, in <module>',
        "    context = engine.create_execution_context()",
        "AttributeError: 'NoneType' object has no attribute 'create_execution_context'",
    )
    assert crashed[2:] == (
        7,
        "Python exception: AttributeError: 'NoneType' object has no attribute "
        f"'create_execution_context'; the error before it: {incompatible}",
    )


def test_failed_to_create_engine_from_file() -> None:
    """GIVEN trtexec failing to read the plan at all (``Failed to create engine from model or
    file.``) THEN an inference run that failed at that error."""
    log = parse_lines(
        f"&&&& RUNNING TensorRT.trtexec [TensorRT v100800] # {LOAD}",
        f"{TS} [I] === Model Options ===",
        f"{TS} [I] Format: *",
        f"{TS} [E] Error opening engine file: tiny.plan",
        f"{TS} [E] Failed to create engine from model or file.",
        f"{TS} [E] Engine set up failed",
        f"&&&& FAILED TensorRT.trtexec [TensorRT v100800] # {LOAD}",
    )
    (build,) = log.builds
    assert (build.kind, build.end, build.end_line, build.end_reason) == (
        "inference",
        "failed",
        4,
        "stopped by an error: Error opening engine file: tiny.plan",
    )


def test_second_build_crashes_the_first_stays_complete() -> None:
    """GIVEN a script that builds one model, then a second that the OOM killer ends THEN two
    builds: the first complete, the second failed at ``Killed`` during autotuning."""
    second = (
        f"{PY} Adding network input: tokens with dtype: int32, dimensions: (1, 64)",
        f"{PY} Parsing node: embed/gather [Gather]",
        f"{PY} Original: 1 layers",
        *TUNING[1:],
    )
    log = parse_lines(*BUILD, *ENGINE, *second, "Killed")
    first, crashed = log.builds
    assert (first.end, first.last_phase, first.end_line, first.end_reason) == (
        "complete",
        "engine",
        15,
        "the engine was built",
    )
    assert (crashed.end, crashed.last_phase, crashed.end_line, crashed.end_reason) == (
        "failed",
        "autotuning",
        23,
        "the process was killed (Killed)",
    )


def test_crash_after_the_trailer_is_not_the_builds() -> None:
    """GIVEN a script that ran trtexec to the end, then crashed THEN the run still passed."""
    log = parse_lines(
        f"&&&& RUNNING TensorRT.trtexec [TensorRT v8601] # {TRTEXEC}",
        *(line.replace(f"{TS} [TRT] [V]", f"{TS} [V] [TRT]") for line in OPTIMIZE),
        f"&&&& PASSED TensorRT.trtexec [TensorRT v8601] # {TRTEXEC}",
        "Segmentation fault (core dumped)",
    )
    (build,) = log.builds
    assert (build.end, build.end_line, build.end_reason) == (
        "complete",
        6,
        "the run passed (&&&& PASSED TensorRT.trtexec [TensorRT v8601])",
    )
    assert log.stats.application_lines == 1


def test_ros2_node_killed() -> None:
    """GIVEN a ROS 2 node building an engine, then ros2 launch reporting it died of SIGKILL
    THEN failed, the reason quoting launch's line."""
    died = (
        "[ERROR] [trt_builder-1]: process has died [pid 31337, exit code -9, cmd "
        "'/opt/ws/install/lib/trt_builder/trt_builder --ros-args']."
    )
    end = ending(
        "[INFO] [trt_builder-1]: process started with pid [31337]",
        "[DEBUG] [1717338031.204611772] [trt_builder]: Original: 2 layers",
        "[DEBUG] [1717338031.204700913] [trt_builder]: --------------- Timing Runner: stem/conv "
        "(CaskConvolution)",
        died,
    )
    assert end == ("failed", "autotuning", 4, f"the process was killed ({died})")


def test_polygraphy_failure() -> None:
    """GIVEN a Polygraphy run whose build fails, ending with ``[E] FAILED | Runtime: ...``
    THEN failed at TensorRT's error; its chatter and status lines are application output."""
    log = parse_lines(
        "[I] RUNNING | Command: /usr/local/bin/polygraphy run tiny.onnx --trt",
        "[I] TF32 is disabled by default. Turn on TF32 for better performance with minor "
        "accuracy differences.",
        "[I] Will generate inference input data according to provided TensorMetadata: {images "
        "[shape=(1, 3, 16, 16)]}",
        "[I] Building engine with configuration:",
        "    Flags                  | []",
        "[X] Original: 2 layers",
        "[E] 10: Could not find any implementation for node stem/conv + stem/act.",
        "[!] Invalid Engine. Please ensure the engine was built correctly",
        "[E] FAILED | Runtime: 3.141s | Command: /usr/local/bin/polygraphy run tiny.onnx --trt",
    )
    (build,) = log.builds
    assert (build.status, build.end, build.end_line, build.end_reason) == (
        "failed",
        "failed",
        7,
        "stopped by an error: Could not find any implementation for node stem/conv + stem/act.",
    )
    assert (log.stats.application_lines, log.stats.unrecognised_count) == (6, 0)


_PY = "[07/07/2026-06:29:05] [TRT] [{}] {}"
_BUILT_AND_RUN = [
    _PY.format("V", "Original: 1 layers"),
    _PY.format("V", "After dead-layer removal: 1 layers"),
    _PY.format("I", "Engine generation completed in 0.267136 seconds."),
    _PY.format("V", "Engine Layer Information:"),
    "Layer(Myelin): m, Tactic: 0x0000000000000000, x (Float[3,16]) -> y (Float[3,16])",
    _PY.format("I", "Loaded engine size: 0 MiB"),
    _PY.format("V", "Deserialization required 6607 microseconds."),
]


@pytest.mark.subprocess
def test_builder_error_after_an_engine_ran_is_a_later_failed_build(tmp_path: Path) -> None:
    """GIVEN a script's log where one engine is built and run, then a later build logs only its
    builder errors THEN two builds: the first complete (and shown), the second failed, and
    the report's notes say why the second failed."""
    error = (
        "IBuilder::buildSerializedNetwork: Error Code 10: Internal Error (Could not find any "
        "implementation for node {ForeignNode[c]}.)"
    )
    lines = [*_BUILT_AND_RUN, _PY.format("W", "FP4 hardware warning"), _PY.format("E", error)]
    log = parse_build_log(lines, "s.log")
    assert [(b.first_line, b.end) for b in log.builds] == [(1, "complete"), (9, "failed")]
    assert log.builds[1].end_line == 9
    assert "Could not find any implementation" in log.builds[1].end_reason
    (tmp_path / "s.log").write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = cli(tmp_path, "s.log", "-o", "s.html", "--json", "s.json")
    assert result.returncode == 0, result.stderr
    model = json.loads((tmp_path / "s.json").read_text(encoding="utf-8"))
    assert (model["header"]["build_index"], model["header"]["log_end"]) == (0, "complete")
    assert any(
        note.startswith("Build 2 (lines 9–9) failed: stopped by an error: ")
        and note.endswith("(line 9).")
        for note in model["notes"]
    ), model["notes"]


def test_an_inference_error_after_the_engine_ran_stays_with_its_build() -> None:
    """GIVEN an error of the inference run (not a builder's) after the engine ran THEN it
    belongs to the same build, which it fails."""
    lines = [
        *_BUILT_AND_RUN,
        _PY.format("E", "1: [runtime.cpp::execute] Error Code 1: Cuda Runtime"),
    ]
    log = parse_build_log(lines, "s.log")
    assert len(log.builds) == 1
    assert log.builds[0].error_count == 1


def test_failed_builds_beyond_three_are_counted_in_one_note() -> None:
    """GIVEN five runs that each build and run an engine, then log a later build's builder
    error THEN the notes describe three of the failed builds and count the others."""
    from trtreport.join import build_report

    error = _PY.format("E", "IBuilder::buildSerializedNetwork: Error Code 10: Internal Error")
    lines: list[str] = []
    for _ in range(5):  # a run builds an engine and runs it, then a later build fails
        lines += ["&&&& RUNNING TensorRT.trtexec [TensorRT v8601] # trtexec", *_BUILT_AND_RUN]
        lines.append(error)
    log = parse_build_log(lines, "s.log")
    assert len(log.builds) == 10
    failed = [b for b in log.builds if b.end == "failed"]
    assert len(failed) == 5
    notes = build_report(log, None, None).notes
    assert sum(note.startswith("Build ") and " failed: " in note for note in notes) == 3
    assert "2 more builds in the log failed." in notes
