"""Figures of hundreds of digits, and huge finite values, never crash a stage (issue 17).

Each test is one bug class the adversarial fuzzing found: Python refuses to convert an integer
of more than 4,300 digits to or from text (``ValueError``), ``float()`` of a 400-digit integer
overflows, and ``math.fsum`` raises on an intermediate overflow. Every place that turns input
text into a number goes through :mod:`trtreport.numbers`; a figure too long to be one is kept
as text (the line counts as unrecognised) or reported as malformed with its line.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from trtreport import to_json, to_markdown
from trtreport.analysis import analyse
from trtreport.errors import InputError
from trtreport.join import build_report
from trtreport.jsonload import load_json
from trtreport.layerinfo import parse_layer_file
from trtreport.logparse import parse_build_log
from trtreport.numbers import MAX_DIGITS, mean, midpoint, parse_float, parse_int
from trtreport.profile import parse_profile, parse_times
from trtreport.render import render_html
from trtreport.render.sections import byte_text
from trtreport.textio import HashingReader, open_text_lines

HUGE = "9" * 5000
"""More digits than Python converts between ``int`` and ``str``."""

LOG = """\
&&&& RUNNING TensorRT.trtexec [TensorRT v{banner}] # trtexec --onnx=net.onnx --verbose
[03/04/2025-09:00:00] [I] === Model Options ===
[03/04/2025-09:00:00] [I] Model: net.onnx
[03/04/2025-09:00:00] [I] TensorRT version: {version}
[03/04/2025-09:00:01] [V] [TRT] Original: {count} layers
[03/04/2025-09:00:01] [I] [TRT] Total Activation Memory: {memory}
[03/04/2025-09:00:02] [V] [TRT] Engine Layer Information:
Layer(CaskConvolution): Conv_3, Tactic: 0x1234, x (Float[1,{dim},8,8]) -> y (Float[1,8,8,8])
[03/04/2025-09:00:02] [I] Created input binding for x with dimensions 1x{dim}x8x8
[03/04/2025-09:00:02] [I] Throughput: {figure} qps
[03/04/2025-09:00:02] [I] Latency: min = {figure} ms, max = 1 ms, mean = 1 ms
Process finished with exit code {code}
"""
FIELDS = ("banner", "version", "count", "memory", "dim", "figure", "code")
NORMAL = {
    "banner": "8601",
    "version": "8.6.1",
    "count": "4",
    "memory": "12845056",
    "dim": "3",
    "figure": "1.5",
    "code": "0",
}


def everything(log: str) -> None:
    """Parse, join, analyse and render ``log`` into every output."""
    raw = HashingReader(io.BytesIO(log.encode()))
    report = analyse(
        build_report(parse_build_log(open_text_lines(raw, "f.log"), "f.log"), None, None)
    )
    render_html(report)
    to_json(report)
    to_markdown(report)


@pytest.mark.parametrize("field", FIELDS)
@pytest.mark.parametrize("digits", [HUGE, "1" * 400, "-" + HUGE, HUGE + "." + HUGE])
def test_a_figure_of_thousands_of_digits_in_a_log_line_is_no_crash(field: str, digits: str) -> None:
    everything(LOG.format(**{**NORMAL, field: digits}))


def test_a_version_of_thousands_of_digits_is_no_version() -> None:
    raw = HashingReader(io.BytesIO(LOG.format(**{**NORMAL, "version": HUGE}).encode()))
    build = parse_build_log(open_text_lines(raw, "f.log"), "f.log")
    assert build.builds
    # the banner's v8601 still says which TensorRT it was; the huge figure is not a version
    assert [b.tensorrt_version for b in build.builds] == ["8.6.1"]
    everything(LOG.format(**{**NORMAL, "version": HUGE, "banner": HUGE}))


def test_a_memory_figure_too_long_for_a_number_is_shown_as_written() -> None:
    assert byte_text("Total Activation Memory", HUGE) == HUGE
    assert byte_text("Total Activation Memory", "2048") == "2,048 B (2.0 KiB)"
    assert byte_text("Total Activation Memory", "\u00b2") == "\u00b2"  # a digit int() refuses


def test_parse_int_is_bounded() -> None:
    assert parse_int("9" * MAX_DIGITS) == int("9" * MAX_DIGITS)
    assert parse_int("9" * (MAX_DIGITS + 1)) is None
    assert parse_int(HUGE) is None
    assert parse_int("\u00b2") is None
    assert parse_int("ff", 16) == 255
    assert parse_float(HUGE) is None
    assert parse_float("1e400") is None
    assert parse_float("-inf") is None


def test_mean_and_midpoint_of_huge_finite_values_are_finite() -> None:
    values = [1.7e308, 1.7e308, 1.0]
    assert mean(values) == pytest.approx(1.7e308 / 3 * 2)
    assert midpoint(1.7e308, 1.7e308) == 1.7e308
    assert mean([1.0, 2.0, 4.0]) == pytest.approx(7 / 3)


def test_times_statistics_of_huge_values_do_not_overflow() -> None:
    rows = [
        {"startEnqMs": -1.7e308, "endEnqMs": 1.7e308, "latencyMs": 1.7e308, "computeMs": 1e308}
        for _ in range(7)
    ]
    times = parse_times(json.dumps(rows), "t.json")
    latency = dict(times.metrics[0].values)
    assert latency["mean"] == "1.7e+308"


def test_a_json_integer_of_hundreds_of_digits_is_malformed_at_its_line() -> None:
    text = '[{"count": 10},\n {"name": "conv", "timeMs": ' + "1" * 400 + ', "averageMs": 1}]'
    with pytest.raises(InputError) as caught:
        parse_profile(text, "p.json")
    assert str(caught.value).startswith("p.json:2:")
    assert "400 digits" in str(caught.value)


@pytest.mark.parametrize(
    "text",
    [
        "[1]\n[" + HUGE + "]",  # concatenated documents, the second one unreadable
        "[" + HUGE + "]",
        '{"Layers": [{"Name": "a", "LayerType": "x", "Inputs": [], "Outputs": [], "N": '
        + "7" * 300
        + "}]}",
        "[" + "1" * 4000 + "]",  # under Python's own limit, over ours
    ],
)
def test_json_with_long_integers_is_one_input_error(text: str) -> None:
    with pytest.raises(InputError) as caught:
        load_json(text, "l.json")
    assert "\n" not in str(caught.value)
    with pytest.raises(InputError):
        parse_layer_file(text, "l.json")


def test_a_profile_number_too_large_for_a_float_is_not_a_number() -> None:
    text = json.dumps(
        [{"count": 1}, {"name": "a", "timeMs": "1e999", "averageMs": 1, "percentage": 1}]
    )
    with pytest.raises(InputError, match='"timeMs" must be a number'):
        parse_profile(text, "p.json")


def test_the_json_model_written_in_pieces_is_the_one_document_byte_for_byte() -> None:
    from trtreport.render.jsonmodel import report_json_chunks, to_jsonable

    log = (Path(__file__).resolve().parents[1] / "examples" / "qdq_resnet_small.log").read_bytes()
    raw = HashingReader(io.BytesIO(log))
    report = analyse(
        build_report(parse_build_log(open_text_lines(raw, "f.log"), "f.log"), None, None)
    )
    whole = json.dumps(
        to_jsonable(report), sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )
    pieces = list(report_json_chunks(report))
    assert len(pieces) > 100
    assert "".join(pieces) == whole + "\n" == to_json(report)
