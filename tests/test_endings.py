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
    text = visible_text((tmp_path / "cut.html").read_text(encoding="utf-8"))
    assert "The log is truncated" in text
    assert f"after line {cut + 1:,}" in text


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
    text = visible_text((tmp_path / "failed.html").read_text(encoding="utf-8"))
    assert "The build failed" in text
    assert f"first error on line {cut + 1}" in text


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


@pytest.mark.corpus
def test_inference_only_log_is_said_so(corpus_dir: Path, tmp_path: Path) -> None:
    log = corpus_dir / "nvidia-trt-cookbook__08-Tool-trtexec__result-load-FP32__d9b68f7b.txt"
    result = cli(tmp_path, str(log), "-o", "i.html", "--json", "i.json")
    assert result.returncode == 0, result.stderr
    model = json.loads((tmp_path / "i.json").read_text(encoding="utf-8"))
    assert model["header"]["build_kind"] == "inference"
    assert "Inference-only log" in visible_text((tmp_path / "i.html").read_text(encoding="utf-8"))
