"""The command line: outputs, stdin, gzip, atomic writes and one-line errors."""

from __future__ import annotations

import gzip
import hashlib
import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from trtreport.cli import default_output, main
from trtreport.model import SCHEMA_VERSION

LOG = """\
&&&& RUNNING TensorRT.trtexec [TensorRT v8510] # trtexec --onnx=tiny_qdq.onnx --int8 --fp16 --verbose
[01/02/2025-10:00:00] [I] === Model Options ===
[01/02/2025-10:00:00] [I] Format: ONNX
[01/02/2025-10:00:00] [I] Model: tiny_qdq.onnx
[01/02/2025-10:00:00] [I] === Build Options ===
[01/02/2025-10:00:00] [I] Precision: FP32+FP16+INT8
[01/02/2025-10:00:00] [I] === Device Information ===
[01/02/2025-10:00:00] [I] Selected Device: NVIDIA GeForce RTX 3080
[01/02/2025-10:00:00] [I] Compute Capability: 8.6
[01/02/2025-10:00:00] [I] TensorRT version: 8.5.10
[01/02/2025-10:00:01] [V] [TRT] Original: 9 layers
[01/02/2025-10:00:01] [V] [TRT] After dead-layer removal: 9 layers
[01/02/2025-10:00:01] [V] [TRT] After vertical fusions: 3 layers
[01/02/2025-10:00:02] [V] [TRT] Engine Layer Information:
Layer(Reformat): QuantizeLinear_1, Tactic: 0x00000000000003ea, images (Float[1,3,32,32]) -> q_images (Int8[1,3,32,32])
Layer(CaskConvolution): stem.weight + QuantizeLinear_4 + Conv_6 + Relu_7, Tactic: 0x9d0f90e0cec890bb, q_images (Int8[1,3,32,32]) -> stem_out (Int8[1,16:32,32,32])
Layer(CaskConvolution): head.weight + QuantizeLinear_9 + Conv_11, Tactic: 0x70ccdad7e8ced9ab, stem_out (Int8[1,16:32,32,32]) -> logits (Float[1,10,1,1])
[01/02/2025-10:00:02] [I] Engine built in 2.5 sec.
[01/02/2025-10:00:02] [I] Created input binding for images with dimensions 1x3x32x32
[01/02/2025-10:00:02] [I] Created output binding for logits with dimensions 1x10x1x1
&&&& PASSED TensorRT.trtexec [TensorRT v8510] # trtexec --onnx=tiny_qdq.onnx --int8 --fp16 --verbose
"""

LAYERS = {
    "Layers": [
        {
            "Name": "stem.weight + QuantizeLinear_4 + Conv_6 + Relu_7",
            "LayerType": "CaskConvolution",
            "Inputs": [
                {
                    "Name": "q_images",
                    "Location": "Device",
                    "Dimensions": [1, 3, 32, 32],
                    "Format/Datatype": "Row major Int8 format",
                }
            ],
            "Outputs": [
                {
                    "Name": "stem_out",
                    "Location": "Device",
                    "Dimensions": [1, 16, 32, 32],
                    "Format/Datatype": "Thirty-two wide channel vectorized row major Int8 format",
                }
            ],
            "ParameterType": "Convolution",
            "TacticName": "sm80_xmma_fprop_implicit_gemm_interleaved_i8i8_i8i32_f32",
            "TacticValue": "0x9d0f90e0cec890bb",
        }
    ],
    "Bindings": ["images", "logits"],
}


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A temporary current directory holding the tiny log and layer file."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "build.log").write_text(LOG, encoding="utf-8")
    (tmp_path / "layers.json").write_text(json.dumps(LAYERS), encoding="utf-8")
    return tmp_path


def run(*args: str, stdin: bytes | None = None) -> tuple[int, str]:
    """Run the CLI in-process; return its exit code and stderr."""
    result = CliRunner().invoke(main, list(args), input=stdin, catch_exceptions=False)
    return result.exit_code, result.stderr


def test_default_output_is_log_name_with_html_in_cwd(workdir: Path) -> None:
    code, err = run("build.log")
    assert code == 0, err
    html = (workdir / "build.html").read_text(encoding="utf-8")
    assert "stem.weight + QuantizeLinear_4 + Conv_6 + Relu_7" in html
    size = (workdir / "build.html").stat().st_size
    assert err.startswith("Wrote build.html (3 layers, ")
    assert err.count("\n") == 1
    assert f"{size / 1000:.1f} kB" in err


def test_default_output_names() -> None:
    assert default_output("logs/run.log.gz") == Path("run.html")
    assert default_output("/x/build.txt") == Path("build.html")
    assert default_output("-") == Path("report.html")


def test_json_model_written_with_schema_version_and_sorted_keys(workdir: Path) -> None:
    code, err = run("build.log", "--layers", "layers.json", "-o", "r.html", "--json", "m.json")
    assert code == 0, err
    text = (workdir / "m.json").read_text(encoding="utf-8")
    model = json.loads(text)
    assert model["schema_version"] == SCHEMA_VERSION == 2
    assert list(model) == sorted(model)
    assert model["header"]["tensorrt_version"] == "8.5.10"
    assert model["header"]["device_name"] == "NVIDIA GeForce RTX 3080"
    assert [s["layers"] for s in model["stages"]] == [9, 9, 3]
    conv = model["layers"][1]
    assert conv["kernel"] == "sm80_xmma_fprop_implicit_gemm_interleaved_i8i8_i8i32_f32"
    assert conv["outputs"][0]["format"].startswith("Thirty-two wide")
    assert [(b["name"], b["direction"]) for b in model["bindings"]] == [
        ("images", "input"),
        ("logits", "output"),
    ]
    digests = {i["role"]: i["sha256"] for i in model["header"]["inputs"]}
    assert digests["log"] == hashlib.sha256(LOG.encode()).hexdigest()
    assert {i["name"] for i in model["header"]["inputs"]} == {"build.log", "layers.json"}


def test_stdin_and_gzip_give_the_same_report(workdir: Path) -> None:
    assert run("build.log", "-o", "plain.html")[0] == 0
    (workdir / "build.log.gz").write_bytes(gzip.compress(LOG.encode(), mtime=0))
    assert run("build.log.gz", "-o", "gz.html")[0] == 0
    code, err = run("-", "-o", "stdin.html", stdin=LOG.encode())
    assert code == 0, err
    plain = (workdir / "plain.html").read_text(encoding="utf-8")
    # The input record differs (name, hash of gzip bytes); the engine shown does not.
    for other in ("gz.html", "stdin.html"):
        text = (workdir / other).read_text(encoding="utf-8")
        assert text.count("QuantizeLinear_1") == plain.count("QuantizeLinear_1")
    assert "&lt;stdin&gt;" in (workdir / "stdin.html").read_text(encoding="utf-8")


def test_same_inputs_same_bytes(workdir: Path) -> None:
    run("build.log", "--layers", "layers.json", "-o", "a.html", "--json", "a.json")
    run("build.log", "--layers", "layers.json", "-o", "b.html", "--json", "b.json")
    assert (workdir / "a.html").read_bytes() == (workdir / "b.html").read_bytes()
    assert (workdir / "a.json").read_bytes() == (workdir / "b.json").read_bytes()


def test_not_a_log_is_one_line_exit_1_and_no_output(workdir: Path) -> None:
    (workdir / "notes.txt").write_text("shopping list\nmilk\neggs\n", encoding="utf-8")
    code, err = run("notes.txt", "-o", "out.html")
    assert code == 1
    assert err.startswith("Error: notes.txt")
    assert err.count("\n") == 1
    assert "Traceback" not in err
    assert not (workdir / "out.html").exists()
    assert [p.name for p in workdir.iterdir() if p.name.startswith(".")] == []


def test_malformed_json_names_file_line_and_column(workdir: Path) -> None:
    (workdir / "bad.json").write_text('{"Layers": [\n  {"Name": "a",,}\n]}', encoding="utf-8")
    code, err = run("build.log", "--layers", "bad.json", "-o", "out.html")
    assert code == 1
    assert err.startswith("Error: bad.json:2:")
    assert err.count("\n") == 1
    assert not (workdir / "out.html").exists()


def test_existing_output_is_replaced_but_kept_on_failure(workdir: Path) -> None:
    (workdir / "out.html").write_text("old report", encoding="utf-8")
    code, _ = run("missing.log", "-o", "out.html")
    assert code == 1
    assert (workdir / "out.html").read_text(encoding="utf-8") == "old report"
    code, _ = run("build.log", "-o", "out.html")
    assert code == 0
    assert (workdir / "out.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_output_that_is_an_input_is_refused(workdir: Path) -> None:
    before = (workdir / "layers.json").read_bytes()
    code, err = run("build.log", "--layers", "layers.json", "-o", "layers.json")
    assert code == 1
    assert "layers.json: is one of the inputs" in err
    assert (workdir / "layers.json").read_bytes() == before


def test_missing_file_and_directory_are_one_line_errors(workdir: Path) -> None:
    code, err = run("nope.log")
    assert (code, err) == (1, "Error: nope.log: no such file\n")
    os.mkdir(workdir / "adir")
    code, err = run("adir")
    assert (code, err) == (1, "Error: adir: is a directory, not a file\n")


def test_unknown_option_is_a_usage_error() -> None:
    result = CliRunner().invoke(main, ["build.log", "--frobnicate"])
    assert result.exit_code == 2


def test_help_is_full_sentences() -> None:
    result = CliRunner().invoke(main, ["--help"])
    assert result.exit_code == 0
    assert "Turn a TensorRT build log into one self-contained HTML report." in result.output
    assert "--exportLayerInfo" in result.output


def test_quiet_prints_nothing_on_success(workdir: Path) -> None:
    code, err = run("build.log", "-q", "-o", "q.html")
    assert (code, err) == (0, "")
    assert (workdir / "q.html").stat().st_size > 0


@pytest.mark.subprocess
def test_progress_only_on_a_terminal(workdir: Path) -> None:
    """On a terminal stderr shows a percentage line that is erased before the summary."""
    import pty
    import subprocess
    import sys

    primary, secondary = pty.openpty()
    proc = subprocess.run(
        [sys.executable, "-m", "trtreport", "build.log", "-o", "tty.html"],
        stderr=secondary,
        stdout=subprocess.DEVNULL,
        cwd=workdir,
        check=False,
    )
    os.close(secondary)
    seen = b""
    while True:
        try:
            chunk = os.read(primary, 65536)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
    os.close(primary)
    assert proc.returncode == 0
    text = seen.decode()
    assert "\rReading build.log: 100% of" in text
    stages = ["Reading build.log", "Joining the inputs", "Looking for findings", "Rendering"]
    stages.append("Writing")
    positions = [text.index(f"\r{stage}") for stage in stages]
    assert positions == sorted(positions), "the line follows the run, stage after stage"
    assert text.endswith("\r\x1b[KWrote tty.html (3 layers, " + text.split("layers, ")[1])
    # Not a terminal (CliRunner): no progress line at all.
    code, err = run("build.log", "-o", "plain.html")
    assert code == 0 and "Reading" not in err


def test_a_bug_is_one_line_with_status_3(workdir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_: object, **__: object) -> str:
        raise KeyError("boom")

    monkeypatch.setattr("trtreport.render.render_html", broken)
    code, err = run("build.log", "-o", "bug.html")
    assert code == 3
    assert err.startswith("Error: internal error (KeyError: 'boom') while reporting build.log")
    assert err.count("\n") == 1
    assert not (workdir / "bug.html").exists()
    monkeypatch.setenv("TRTREPORT_DEBUG", "1")
    with pytest.raises(KeyError):
        CliRunner().invoke(main, ["build.log"], catch_exceptions=False)


def test_html_and_json_go_to_standard_output_one_at_a_time(workdir: Path) -> None:
    """``-o -`` and ``--json -`` write to stdout (the summary stays on stderr); both at once is a
    usage error that writes nothing."""
    runner = CliRunner()
    html = runner.invoke(main, ["build.log", "-o", "-"], catch_exceptions=False)
    assert html.exit_code == 0
    assert html.stdout.startswith("<!DOCTYPE html>") and html.stdout.endswith("</html>\n")
    assert html.stderr.startswith("Wrote the report to standard output (3 layers, ")
    assert not (workdir / "-").exists()
    model = runner.invoke(main, ["build.log", "--json", "-", "-o", "r.html"])
    assert model.exit_code == 0
    assert json.loads(model.stdout)["header"]["tensorrt_version"] == "8.5.10"
    assert model.stderr.endswith("; model on standard output\n")
    assert (workdir / "r.html").exists()
    both = runner.invoke(main, ["build.log", "-o", "-", "--json", "-"])
    assert both.exit_code == 2
    assert "only one output can go there" in both.stderr
    assert both.stdout == ""
    bad = runner.invoke(main, ["missing.log", "-o", "-"])
    assert (bad.exit_code, bad.stdout) == (1, "")


def test_standard_output_report_is_the_file_report(workdir: Path) -> None:
    """The page on stdout is byte for byte the one written to a file."""
    piped = CliRunner().invoke(main, ["build.log", "--layers", "layers.json", "-o", "-"])
    assert run("build.log", "--layers", "layers.json", "-o", "f.html")[0] == 0
    assert piped.stdout_bytes == (workdir / "f.html").read_bytes()


def test_report_from_layer_file_alone_says_what_needs_the_log(workdir: Path) -> None:
    """``--layers`` without BUILD_LOG gives the graph and says which sections need the log."""
    code, err = run("--layers", "layers.json", "-o", "alone.html", "--json", "alone.json")
    assert code == 0, err
    assert err.startswith("Wrote alone.html (1 layers, ")
    model = json.loads((workdir / "alone.json").read_text(encoding="utf-8"))
    assert model["header"]["has_log"] is False
    assert model["header"]["title"] == "layers"
    assert [i["role"] for i in model["header"]["inputs"]] == ["layers"]
    assert model["layers"][0]["precision"] == "INT8"
    page = (workdir / "alone.html").read_text(encoding="utf-8")
    assert "Made without the build log" in page
    assert page.count("Needs the build log") == 6
    assert "0 log lines read" not in page
    # The default output is named after the layer file.
    assert run("--layers", "layers.json")[0] == 0
    assert (workdir / "layers.html").exists()


def test_no_log_and_no_layers_is_a_usage_error(workdir: Path) -> None:
    result = CliRunner().invoke(main, ["--profile", "layers.json"])
    assert result.exit_code == 2
    assert "give BUILD_LOG, or --layers JSON" in result.stderr


def test_help_ends_with_exit_codes_and_an_example() -> None:
    """``--help`` ends with the exit statuses and one example command."""
    text = CliRunner().invoke(main, ["--help"]).output
    assert "Exit status: 0 the report was written; 1 an input" in text
    assert "4 a --fail-on\n  condition was met" in text
    assert "int8-drop=PCT: the INT8 share of compute layers fell by more than PCT points" in text
    assert text.rstrip().endswith(
        "trtreport mr.log --baseline main.model.json --markdown - --fail-on new-finding"
    )


def test_paths_complete_as_files() -> None:
    """Inputs and outputs are click paths, so shell completion offers file names."""
    from click.shell_completion import ShellComplete

    complete = ShellComplete(main, {}, "trtreport", "_TRTREPORT_COMPLETE")
    for args in ([], ["--layers"], ["-o"], ["--json"], ["--markdown"], ["--baseline"]):
        items = complete.get_completions(args, "bu")
        assert [item.type for item in items] == ["file"], args


@pytest.mark.subprocess
def test_a_reader_that_stops_early_is_no_error(workdir: Path) -> None:
    """``trtreport ... -o - | head -c 100``: the page is cut, not a traceback."""
    import subprocess
    import sys

    big = "\n".join(
        f"Layer(CaskConvolution): conv{i}, Tactic: 0x1, t{i} (Float[1,3,32,32]) -> t{i + 1} "
        "(Float[1,3,32,32])"
        for i in range(3000)
    )
    (workdir / "big.log").write_text(LOG.replace("Layer(Reformat)", big + "\nLayer(Reformat)"))
    proc = subprocess.Popen(
        [sys.executable, "-m", "trtreport", "big.log", "-o", "-"],
        cwd=workdir,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stderr is not None
    assert proc.stdout.read(100).startswith(b"<!DOCTYPE html>")
    proc.stdout.close()
    err = proc.stderr.read().decode()
    assert proc.wait() in (0, 1)
    assert "Traceback" not in err and "Exception" not in err


def test_broken_pipe_on_standard_output_exits_quietly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When the reader of stdout has gone, the write ends the run with status 1 and no
    traceback, and stdout is pointed at nothing so Python's exit flush stays quiet."""
    import io
    import sys

    from trtreport.cli import write_outputs

    class GoneReader(io.BytesIO):
        def write(self, _: object) -> int:
            raise BrokenPipeError

    spare = (tmp_path / "stdout").open("wb")
    fake = io.TextIOWrapper(GoneReader())
    monkeypatch.setattr(fake, "fileno", spare.fileno, raising=False)
    monkeypatch.setattr(sys, "stdout", fake)
    with pytest.raises(SystemExit) as ended:
        write_outputs([("-", "<!DOCTYPE html>")])
    assert ended.value.code == 1
    spare.close()


def test_over_long_lines_are_counted_in_the_model_and_said_in_the_report(workdir: Path) -> None:
    from trtreport.textio import MAX_LINE_CHARS

    head, tail = LOG.split("[01/02/2025-10:00:01] [V] [TRT] Original", 1)
    payload = "[01/02/2025-10:00:00] [V] [TRT] " + "x" * (MAX_LINE_CHARS + 100) + "\n"
    (workdir / "long.log").write_text(
        head + payload * 2 + "[01/02/2025-10:00:01] [V] [TRT] Original" + tail, encoding="utf-8"
    )
    status, _ = run("long.log", "-o", "r.html", "--json", "m.json", "-q")
    assert status == 0
    stats = json.loads((workdir / "m.json").read_text(encoding="utf-8"))["stats"]
    assert stats["lines_cut"] == 2
    page = (workdir / "r.html").read_text(encoding="utf-8")
    assert f"2 lines were longer than {MAX_LINE_CHARS:,} characters" in page
    status, _ = run("build.log", "-o", "plain.html", "--json", "plain.json", "-q")
    assert (
        json.loads((workdir / "plain.json").read_text(encoding="utf-8"))["stats"]["lines_cut"] == 0
    )
    assert "characters: " not in (workdir / "plain.html").read_text(encoding="utf-8")
