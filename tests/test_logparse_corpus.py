"""The log parser over every real build log in ``../shared/corpus`` (skipped when absent)."""

from __future__ import annotations

from pathlib import Path

import pytest

from trtreport.logparse import parse_build_log

pytestmark = pytest.mark.corpus


def read_lines(path: Path) -> list[str]:
    """The file's lines as the CLI hands them over: decoded, split on newlines, no terminators."""
    text = path.read_text(encoding="utf-8", errors="replace")
    lines = [line.removesuffix("\r") for line in text.split("\n")]
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def corpus_logs(corpus_dir: Path) -> list[Path]:
    """The corpus's build logs: ``.log``/``.txt`` files whose content is not JSON."""
    logs = []
    for path in sorted(corpus_dir.iterdir()):
        if path.suffix not in (".log", ".txt"):
            continue
        text = path.read_text(encoding="utf-8", errors="replace").lstrip()
        first = text.split("\n", 1)[0].strip()
        if first.startswith(("{", "[{", '["')) or first == "[":
            continue
        logs.append(path)
    return logs


def layer_lines_after_header(lines: list[str]) -> list[int]:
    """Per ``Engine Layer Information`` header, how many ``Layer(`` lines follow it directly.

    Unprefixed lines that are not ``Layer(`` (plugin printf) do not end the run; the next line
    with a timestamp or ``[TensorRT]`` prefix does.
    """
    counts: list[int] = []
    inside = False
    for line in lines:
        if line.endswith("Engine Layer Information:"):
            counts.append(0)
            inside = True
        elif line.startswith("["):
            inside = False
        elif inside and line.startswith("Layer("):
            counts[-1] += 1
    return counts


def test_every_log_parses(corpus_dir: Path) -> None:
    """GIVEN each corpus log THEN it parses, and its engines hold every ``Layer(`` line."""
    logs = corpus_logs(corpus_dir)
    assert len(logs) >= 20
    for path in logs:
        lines = read_lines(path)
        log = parse_build_log(iter(lines), path.name)
        assert log.builds, path.name
        assert log.stats.lines_read == len(lines), path.name
        assert log.stats.lines_recognised + log.stats.unrecognised_count == log.stats.lines_read, (
            path.name
        )
        expected = layer_lines_after_header(lines)
        # Each header belongs to one build; builds with a header have exactly its Layer( lines.
        eli_counts = [
            sum(1 for layer in build.engine_layers if lines[layer.line - 1].startswith("Layer("))
            for build in log.builds
        ]
        assert sorted(c for c in eli_counts if c) == sorted(c for c in expected if c), path.name
        if expected:
            assert any(build.engine_layers for build in log.builds), path.name


def test_qat_resnet18_values(corpus_dir: Path) -> None:
    """GIVEN the QAT ResNet-18 log THEN its version, device, layers, bindings and funnel."""
    path = corpus_dir / "lix19937-tensorrt-insight__qat__resnet18.log"
    (build,) = parse_build_log(read_lines(path), path.name).builds
    assert build.tensorrt_version == "8.5.10"
    assert build.device_name == "NVIDIA RTX 2000 Ada Generation Laptop GPU"
    # The funnel ends at "After reformat layers: 26 layers", the number of engine layers.
    assert (build.stages[-1].label, build.stages[-1].layers) == ("reformat layers", 26)
    assert len(build.engine_layers) == 26
    assert [(b.name, b.direction, b.shape) for b in build.bindings] == [
        ("inputs.1", "input", (1, 3, 224, 224)),
        ("528", "output", (1, 1000)),
    ]
    assert (build.stages[0].label, build.stages[0].layers) == ("Original", 359)
    assert build.status == "passed"
    assert build.option("Precision") == "FP32+FP16+INT8"
    first = build.engine_layers[0]
    assert (first.name, first.layer_type, first.origin) == ("QuantizeLinear_2", "Reformat", "QDQ")
    assert first.outputs[0].dtype == "INT8"


def test_multi_build_logs(corpus_dir: Path) -> None:
    """GIVEN logs with several builds THEN they are kept apart."""
    expected = {
        "nvidia-trt-cookbook__10-BestPractice-AdjustReduceLayer__result__88fe8012.log": 3,
        "nvidia-trt-cookbook__04-Feature-ProfilingVerbosity__log-main.py__7e7e0c39.log": 3,
        "jetson-trtexec__ResNet50_N2_int8__raw_7runs.txt": 7,
    }
    for name, count in expected.items():
        log = parse_build_log(read_lines(corpus_dir / name), name)
        assert len(log.builds) == count, name
        assert [b.index for b in log.builds] == list(range(count)), name


def test_trt10_python_log_version_and_dump(corpus_dir: Path) -> None:
    """GIVEN the TRT 10 Python log THEN every build has 10.14.1 and the last one its dump."""
    name = "nvidia-trt-cookbook__04-Feature-ProfilingVerbosity__log-main.py__7e7e0c39.log"
    log = parse_build_log(read_lines(corpus_dir / name), name)
    assert [b.tensorrt_version for b in log.builds] == ["10.14.1"] * 3
    assert [b.name for b in log.builds[2].bindings] == ["x", "y", "z"]
    assert [b.direction for b in log.builds[2].bindings] == ["input", "output", "output"]
