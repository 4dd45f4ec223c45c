"""The bad-input matrix: every way a user can hand trtreport the wrong thing.

Each case must give one line on stderr naming the file (and the line or byte offset where it
applies), exit status 1 (2 for a malformed command line), no traceback, no output file, and an
existing output left as it was. The CLI runs in a subprocess, as users run it.
"""

from __future__ import annotations

import codecs
import gzip
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.subprocess

GOOD_LOG = """\
&&&& RUNNING TensorRT.trtexec [TensorRT v8601] # trtexec --onnx=net.onnx --int8 --verbose
[03/04/2025-09:00:00] [I] === Model Options ===
[03/04/2025-09:00:00] [I] Model: net.onnx
[03/04/2025-09:00:00] [I] TensorRT version: 8.6.1
[03/04/2025-09:00:01] [V] [TRT] Original: 4 layers
[03/04/2025-09:00:02] [V] [TRT] Engine Layer Information:
Layer(Reformat): QuantizeLinear_0, Tactic: 0x0000000000000000, x (Float[1,3,8,8]) -> q (Int8[1,3,8,8])
Layer(CaskConvolution): w + QuantizeLinear_2 + Conv_3, Tactic: 0x1234, q (Int8[1,3,8,8]) -> y (Float[1,8,8,8])
[03/04/2025-09:00:02] [I] Created input binding for x with dimensions 1x3x8x8
[03/04/2025-09:00:02] [I] Created output binding for y with dimensions 1x8x8x8
&&&& PASSED TensorRT.trtexec [TensorRT v8601] # trtexec --onnx=net.onnx --int8 --verbose
"""

OTHER_BUILD_LAYERS = json.dumps(
    {
        "Layers": [
            {
                "Name": "/backbone/Conv_77",
                "LayerType": "CaskConvolution",
                "Inputs": [],
                "Outputs": [],
            }
        ],
        "Bindings": ["images"],
    }
)


def trtreport(
    cwd: Path, *args: str, stdin: bytes | None = None
) -> subprocess.CompletedProcess[str]:
    """Run the installed CLI as a user would."""
    return subprocess.run(
        [sys.executable, "-m", "trtreport", *args],
        cwd=cwd,
        input=stdin.decode("latin-1") if stdin is not None else None,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )


@pytest.fixture
def work(tmp_path: Path) -> Path:
    """A folder with a good log and an existing report that must survive failures."""
    (tmp_path / "good.log").write_text(GOOD_LOG, encoding="utf-8")
    (tmp_path / "out.html").write_text("previous report", encoding="utf-8")
    return tmp_path


def assert_clean_failure(
    result: subprocess.CompletedProcess[str], work: Path, *needles: str
) -> None:
    """Exit 1, one line naming what it must name, no traceback, nothing written."""
    assert result.returncode == 1, result.stderr
    assert result.stderr.count("\n") == 1, result.stderr
    assert "Traceback" not in result.stderr
    for needle in needles:
        assert needle in result.stderr, result.stderr
    assert (work / "out.html").read_text(encoding="utf-8") == "previous report"
    leftovers = [p.name for p in work.iterdir() if p.name.endswith(".tmp")]
    assert leftovers == []


def test_empty_file(work: Path) -> None:
    (work / "empty.log").write_bytes(b"")
    result = trtreport(work, "empty.log", "-o", "out.html")
    assert_clean_failure(result, work, "Error: empty.log", "empty")


def test_binary_file(work: Path) -> None:
    (work / "model.engine").write_bytes(b"ftrt\x00\x00\x00\x01" + bytes(range(256)) * 4)
    result = trtreport(work, "model.engine", "-o", "out.html")
    assert_clean_failure(result, work, "Error: model.engine (byte 4): is a binary file")


def test_json_passed_as_the_log(work: Path) -> None:
    (work / "layers.json").write_text(OTHER_BUILD_LAYERS, encoding="utf-8")
    result = trtreport(work, "layers.json", "-o", "out.html")
    assert_clean_failure(result, work, "Error: layers.json", "JSON", "--layers")


def test_log_passed_as_layers(work: Path) -> None:
    result = trtreport(work, "good.log", "--layers", "good.log", "-o", "out.html")
    assert_clean_failure(result, work, "Error: good.log", "TensorRT log, not JSON")


def test_layers_from_another_build(work: Path) -> None:
    (work / "other.json").write_text(OTHER_BUILD_LAYERS, encoding="utf-8")
    result = trtreport(work, "good.log", "--layers", "other.json", "-o", "out.html")
    assert_clean_failure(result, work, "Error: other.json: shares no layer with good.log")


def test_concatenated_json_arrays(work: Path) -> None:
    run = '[\n  { "count" : 10 }\n, { "name" : "Conv_3", "timeMs" : 1.0, "averageMs" : 0.1, "percentage" : 100 }\n]\n'
    (work / "profile.json").write_text(run * 3, encoding="utf-8")
    result = trtreport(work, "good.log", "--profile", "profile.json", "-o", "out.html")
    assert_clean_failure(result, work, "Error: profile.json:5:1:", "3 concatenated JSON documents")


def test_malformed_json_has_line_and_column(work: Path) -> None:
    (work / "bad.json").write_text(
        '{"Layers": [\n  {"Name": "a"\n  "LayerType": "x"}]}', encoding="utf-8"
    )
    result = trtreport(work, "good.log", "--layers", "bad.json", "-o", "out.html")
    assert_clean_failure(result, work, "Error: bad.json:3:3:")


def test_directory(work: Path) -> None:
    (work / "logs").mkdir()
    result = trtreport(work, "logs", "-o", "out.html")
    assert_clean_failure(result, work, "Error: logs: is a directory")


def test_missing_file(work: Path) -> None:
    result = trtreport(work, "nope.log", "-o", "out.html")
    assert_clean_failure(result, work, "Error: nope.log: no such file")


def test_missing_layer_file(work: Path) -> None:
    result = trtreport(work, "good.log", "--layers", "gone.json", "-o", "out.html")
    assert_clean_failure(result, work, "Error: gone.json: no such file")


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write anywhere")
def test_unwritable_output_directory_as_user(work: Path) -> None:
    locked = work / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    result = trtreport(work, "good.log", "-o", "locked/r.html")
    assert_clean_failure(result, work, "Error: locked/r.html: cannot be written")


def test_output_into_a_missing_directory(work: Path) -> None:
    result = trtreport(work, "good.log", "-o", "no/such/dir/r.html")
    assert_clean_failure(result, work, "Error: no/such/dir/r.html: cannot be written")


def test_output_path_equal_to_an_input(work: Path) -> None:
    before = (work / "good.log").read_bytes()
    result = trtreport(work, "good.log", "-o", "good.log")
    assert_clean_failure(result, work, "Error: good.log: is one of the inputs")
    assert (work / "good.log").read_bytes() == before


def test_usage_error_exits_2(work: Path) -> None:
    result = trtreport(work, "good.log", "--no-such-option")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


def test_log_cut_mid_line_still_reports(work: Path) -> None:
    cut = GOOD_LOG[: GOOD_LOG.index("Layer(CaskConvolution)") + 40]
    (work / "cut.log").write_text(cut, encoding="utf-8")
    result = trtreport(work, "cut.log", "-o", "cut.html", "--json", "cut.json")
    assert result.returncode == 0, result.stderr
    model = json.loads((work / "cut.json").read_text(encoding="utf-8"))
    assert [layer["name"] for layer in model["layers"]] == ["QuantizeLinear_0"]
    assert model["stats"]["unrecognised_count"] >= 1


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("crlf.log", GOOD_LOG.replace("\n", "\r\n").encode()),
        ("ps.log", codecs.BOM_UTF16_LE + GOOD_LOG.replace("\n", "\r\n").encode("utf-16-le")),
        ("ci.log.gz", gzip.compress(GOOD_LOG.encode(), mtime=0)),
        ("stray.log", GOOD_LOG.replace("Original", "Orig\xe9nal").encode("latin-1")),
    ],
)
def test_real_life_encodings_give_the_same_engine(work: Path, name: str, data: bytes) -> None:
    (work / name).write_bytes(data)
    result = trtreport(work, name, "-o", "r.html", "--json", "r.json")
    assert result.returncode == 0, result.stderr
    model = json.loads((work / "r.json").read_text(encoding="utf-8"))
    assert [layer["name"] for layer in model["layers"]] == [
        "QuantizeLinear_0",
        "w + QuantizeLinear_2 + Conv_3",
    ]
    assert [b["name"] for b in model["bindings"]] == ["x", "y"]
    assert model["header"]["tensorrt_version"] == "8.6.1"


def test_stdin(work: Path) -> None:
    result = trtreport(work, "-", "-o", "r.html", "--json", "r.json", stdin=GOOD_LOG.encode())
    assert result.returncode == 0, result.stderr
    model = json.loads((work / "r.json").read_text(encoding="utf-8"))
    assert model["header"]["inputs"][0]["name"] == "<stdin>"
    assert len(model["layers"]) == 2


def test_output_under_a_file_is_unwritable_even_for_root(work: Path) -> None:
    result = trtreport(work, "good.log", "-o", "good.log/r.html")
    assert_clean_failure(result, work, "Error: good.log/r.html: cannot be written")


def test_output_that_is_a_directory(work: Path) -> None:
    (work / "reports").mkdir()
    result = trtreport(work, "good.log", "-o", "reports")
    assert_clean_failure(result, work, "Error: reports: is a directory")
