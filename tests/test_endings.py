"""Truncated and failed builds still give a report, with a banner saying where the log ends;
the same inputs give the same bytes whatever the path, the hash seed or the clock.

These tests go through the report and the CLI; how the parser ends each build (the fields) is
in ``tests/fixtures/logparse/endings.txt``."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from test_golden import visible_text
from trtreport.logparse import parse_build_log

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


"""A Python builder's log up to the end of autotuning (line 12)."""


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
