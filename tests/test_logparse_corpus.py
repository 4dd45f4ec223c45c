"""The log parser over every real build log in ``../shared/corpus`` (skipped when absent)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from trtreport.logparse import FAST_PATHS, parse_build_log
from trtreport.textio import open_text_lines

NO_BULK = FAST_PATHS - {"bulk-autotuning"}
"""Every fast path but the bulk autotuning reader."""

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
        stats = log.stats
        assert (
            stats.lines_recognised + stats.application_lines + stats.unrecognised_count
            == stats.lines_read
        ), path.name
        expected = layer_lines_after_header(lines)
        # Each header belongs to one build; builds with a header have exactly its Layer( lines.
        eli_counts = [
            sum(1 for layer in build.engine_layers if lines[layer.line - 1].startswith("Layer("))
            for build in log.builds
        ]
        assert sorted(c for c in eli_counts if c) == sorted(c for c in expected if c), path.name
        if expected:
            assert any(build.engine_layers for build in log.builds), path.name


# Independent counts: a line shape, found by plain substring tests on the raw line, and the
# event kind the parser must give it. Each shape is counted only on verbose TensorRT lines.
EVENT_SHAPES: tuple[tuple[str, str], ...] = (
    ("] Running: ", "running"),
    (": Fusing ", "fuse"),
    ("] QuantizeDoubleInputNodes: fusing ", "fuse"),
    ("] Fusing ", "fuse"),
    ("] Removing ", "remove"),
    ("] Swapping ", "swap"),
    (" which duplicates (", "eliminate-duplicate"),
    ("] Swap the layer type of ", "swap-type"),
    ("] Convert layer type of ", "swap-type"),
    ("] Merging layers: ", "merge"),
    ("] Eliminating slice ", "eliminate-slice"),
    ("] Eliminating concatenation ", "eliminate-concat"),
    ("] Retargeting ", "retarget"),
    ("because of stomping hazard", "stomp-copy"),
)


def independent_event_counts(lines: list[str]) -> dict[str, int]:
    """Per event kind, the verbose TensorRT lines of that shape (substring tests only)."""
    counts: dict[str, int] = {}
    for line in lines:
        if "[V] [TRT] " not in line and "[TRT] [V] " not in line:
            continue
        for needle, kind in EVENT_SHAPES:
            if needle in line:
                counts[kind] = counts.get(kind, 0) + 1
                break
    return counts


def test_share_of_lines_understood(corpus_dir: Path) -> None:
    """GIVEN each corpus log THEN >= 99 % of its lines are TensorRT lines a rule understood or
    identified application output (the TensorRT share alone is printed with -s)."""
    for path in corpus_logs(corpus_dir):
        stats = parse_build_log(read_lines(path), path.name).stats
        understood = (stats.lines_recognised + stats.application_lines) / stats.lines_read
        print(
            f"{path.name}: {stats.lines_recognised / stats.lines_read:.4f} TensorRT, "
            f"{stats.application_lines} application lines, {stats.unrecognised_count} unknown"
        )
        assert understood >= 0.99, (path.name, stats.unrecognised_samples)


def test_pass_events_match_an_independent_count(corpus_dir: Path) -> None:
    """GIVEN each corpus log THEN the pass events per kind equal a substring count of the lines."""
    for path in corpus_logs(corpus_dir):
        lines = read_lines(path)
        log = parse_build_log(lines, path.name)
        got: dict[str, int] = {}
        for build in log.builds:
            for event in build.pass_events:
                if event.kind in {kind for _, kind in EVENT_SHAPES}:
                    got[event.kind] = got.get(event.kind, 0) + 1
        assert got == independent_event_counts(lines), path.name


def test_stages_match_an_independent_count(corpus_dir: Path) -> None:
    """GIVEN each corpus log THEN the funnel stages equal the ``N layers`` lines of the log."""
    shape = re.compile(r"\] (?:Original|After [^:]+): \d+ layers\s*$")
    for path in corpus_logs(corpus_dir):
        lines = read_lines(path)
        log = parse_build_log(lines, path.name)
        expected = [number for number, line in enumerate(lines, 1) if shape.search(line)]
        got = [stage.line for build in log.builds for stage in build.stages]
        assert got == expected, path.name


def test_build_kinds_and_ends(corpus_dir: Path) -> None:
    """GIVEN an inference-only log and complete build logs THEN kind and end say so."""
    infer = "kalfazed-tensorrt_starter__3.3-trtexec__resnet50__infer.log"
    (build,) = parse_build_log(read_lines(corpus_dir / infer), infer).builds
    assert (build.kind, build.end) == ("inference", "complete")
    built = "kalfazed-tensorrt_starter__5.1-trtexec__resnet50__build.log"
    (build,) = parse_build_log(read_lines(corpus_dir / built), built).builds
    assert (build.kind, build.end, build.status) == ("build", "complete", "passed")
    assert build.onnx is not None and build.onnx.opset
    assert build.autotuning and build.memory and build.timings


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
    kinds: dict[str, int] = {}
    for event in build.pass_events:
        kinds[event.kind] = kinds.get(event.kind, 0) + 1
    assert kinds["running"] == 220
    assert kinds["remove"] == 264
    assert [t.name for t in build.onnx.inputs] == ["inputs.1"] if build.onnx else False
    assert len(build.profile_table) == 24


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


def test_bulk_tactic_reading_changes_nothing(corpus_dir: Path) -> None:
    """GIVEN every corpus log THEN the model is the same with the autotuning fast path (tactic
    runs skipped in bulk, a format combination read in one go) turned off."""
    names = [path.name for path in corpus_logs(corpus_dir)]
    assert len(names) >= 25
    fast = [parse_build_log(read_lines(corpus_dir / name), name) for name in names]
    one_by_one = [
        parse_build_log(read_lines(corpus_dir / name), name, fast_paths=NO_BULK) for name in names
    ]
    for name, with_fast, without in zip(names, fast, one_by_one, strict=True):
        assert with_fast == without, name


def test_no_fast_path_changes_nothing(corpus_dir: Path) -> None:
    """GIVEN every corpus log THEN the model is the same with every fast path off (each line
    through the rules' regexes), and an unknown fast path's name is refused."""
    names = [path.name for path in corpus_logs(corpus_dir)]
    for name in names:
        fast = parse_build_log(read_lines(corpus_dir / name), name)
        assert parse_build_log(read_lines(corpus_dir / name), name, fast_paths=False) == fast, name
    with pytest.raises(ValueError, match="unknown fast paths: warp"):
        parse_build_log(read_lines(corpus_dir / names[0]), names[0], fast_paths={"warp"})


def test_needle_fast_path_changes_nothing(corpus_dir: Path) -> None:
    """GIVEN every corpus log THEN the model is the same when the needle rules (ONNX node
    inputs and outputs, ``Pass: Fusing``) are reached through the general dispatch instead of
    being tried directly."""
    names = [path.name for path in corpus_logs(corpus_dir)]
    fast = [parse_build_log(read_lines(corpus_dir / name), name) for name in names]
    general = [
        parse_build_log(read_lines(corpus_dir / name), name, fast_paths=FAST_PATHS - {"needles"})
        for name in names
    ]
    for name, with_fast, without in zip(names, fast, general, strict=True):
        assert with_fast == without, name


def kernels_in_runners(lines: list[str], first: int, last: int) -> dict[str, set[str]]:
    """Per layer, ``"TACTIC KERNEL"`` for each kernel name its own runners log next to a tactic
    (lines ``first`` to ``last``, numbered from 1), found with string tests only.

    A kernel is paired with a tactic when one line holds both (``LAYER Set Tactic Name: K
    Tactic: T ...``, TensorRT 10's ``Tactic Name: K ... Tactic: T Time: X``) or when a line
    holding only ``Tactic Name: K`` directly precedes the ``Tactic: T Time: X`` line. Only the
    lines from a layer's ``Timing Runner`` line up to the next one count for that layer.
    """
    pairs: dict[str, set[str]] = {}
    layer = ""
    for number in range(first, last + 1):
        text = lines[number - 1]
        if "] --------------- Timing Runner: " in text:
            layer = text.split("] --------------- Timing Runner: ", 1)[1].rpartition(" (")[0]
            continue
        if not layer or "Tactic Name: " not in text:
            continue
        rest = text.split("Tactic Name: ", 1)[1]
        kernel, _, after = rest.partition(" ")
        if " Tactic: " in f" {after}":
            tactic = f" {after}".split(" Tactic: ", 1)[1].split(" ", 1)[0]
        elif not after.strip() and number < last and "] Tactic: " in lines[number]:
            tactic = lines[number].split("] Tactic: ", 1)[1].split(" ", 1)[0]
        else:
            continue
        pairs.setdefault(layer, set()).add(f"{tactic} {kernel}")
    return pairs


def chosen_tactics(lines: list[str], first: int, last: int) -> dict[str, str]:
    """Per layer, the tactic of the last ``Chose Runner Type`` line after one of its runners."""
    chosen: dict[str, str] = {}
    layer = ""
    for text in lines[first - 1 : last]:
        if "] --------------- Timing Runner: " in text:
            layer = text.split("] --------------- Timing Runner: ", 1)[1].rpartition(" (")[0]
        elif layer and "] >>>>>>>>>>>>>>> Chose Runner Type: " in text:
            chosen[layer] = text.split(" Tactic: ", 1)[1].split(" ", 1)[0]
    return chosen


def test_tactic_names_come_from_the_layers_own_runners(corpus_dir: Path) -> None:
    """GIVEN each corpus log, read by blocks (as the CLI does) and as a list of lines
    THEN every autotuning summary naming a kernel names the one the layer's own runners log
    next to the chosen tactic (never a kernel of another runner in the same block), and a
    summary whose chosen tactic has such a kernel names it."""
    named = 0
    for path in corpus_logs(corpus_dir):
        lines = read_lines(path)
        with path.open("rb") as raw:
            by_blocks = parse_build_log(open_text_lines(raw, path.name), path.name)
        for log in (by_blocks, parse_build_log(lines, path.name)):
            for build in log.builds:
                pairs = kernels_in_runners(lines, build.first_line, build.last_line)
                chosen = chosen_tactics(lines, build.first_line, build.last_line)
                for tuning in build.autotuning:
                    tactic = chosen.get(tuning.layer, "")
                    logged = {
                        pair.split(" ", 1)[1]
                        for pair in pairs.get(tuning.layer, ())
                        if pair.split(" ", 1)[0] == tactic
                    }
                    where = (path.name, build.index, tuning.layer, tactic, tuning.tactic_name)
                    if tuning.tactic_name:
                        named += 1
                        assert tuning.tactic_name in logged, where
                    else:
                        assert not logged, where
    assert named > 100


def test_qat_resnet18_kernel_names(corpus_dir: Path) -> None:
    """GIVEN the QAT ResNet-18 log read by blocks THEN the conv layers name their kernels and
    the runners logging no kernel (Shuffle, CudaSoftMax) name none, though a ConvActPool
    runner earlier in the same block logged ``Tactic Name:`` lines."""
    path = corpus_dir / "lix19937-tensorrt-insight__qat__resnet18.log"
    with path.open("rb") as raw:
        (build,) = parse_build_log(open_text_lines(raw, path.name), path.name).builds
    named = {tuning.layer: tuning for tuning in build.autotuning}
    conv1 = named["conv1.weight + QuantizeLinear_7 + Conv_9 + MaxPool_12"]
    assert (conv1.runner_type, conv1.fastest_tactic, conv1.tactic_name) == (
        "ConvActPool",
        "0x0000000000000461",
        "kIMMA_V2_TILE_16x120",
    )
    (layer1,) = [t for t in build.autotuning if t.layer.startswith("layer1.0.conv1.weight ")]
    assert layer1.tactic_name == (
        "sm80_xmma_fprop_implicit_gemm_interleaved_i8i8_i8i32_f32_nchw_vect_c_32kcrs_vect_c_32"
        "_nchw_vect_c_32_tilesize64x64x64_stage6_warpsize2x2x1_g1_tensor16x8x32"
    )
    softmax = named["Softmax_312"]
    assert (softmax.runner_type, softmax.fastest_tactic, softmax.tactic_name) == (
        "CudaSoftMax",
        "0x00000000000003e9",
        "",
    )
    squeeze = named["copied_squeeze_after_(Unnamed Layer* 356) [ElementWise]"]
    assert (squeeze.runner_type, squeeze.tactic_name) == ("Shuffle", "")
