"""Fuzzing: mutated real-format inputs give a report or a clear InputError, nothing else.

Logs and layer files are written by ``tests/synthlog.py`` in TensorRT's real formats, then
truncated at any byte, have lines deleted, duplicated or reordered, random bytes spliced in,
huge lines added, or are emptied. Whatever comes out, the whole pipeline (decode → parse → join
→ analyse → render) must either give a page or raise :class:`InputError` (which the CLI turns
into a one-line message). ``derandomize`` keeps CI repeatable; raise ``max_examples`` locally
(``TRTREPORT_FUZZ_EXAMPLES=5000``) for a longer hunt.
"""

from __future__ import annotations

import io
import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import synthlog
from trtreport.errors import InputError
from trtreport.join import build_report
from trtreport.layerinfo import parse_layer_file
from trtreport.logparse import parse_build_log
from trtreport.model import LayerFile
from trtreport.profile import parse_profile
from trtreport.render import render_html
from trtreport.textio import HashingReader, open_text_lines, read_text

pytestmark = pytest.mark.fuzz

try:
    from trtreport.analysis import analyse
except ImportError:  # pragma: no cover - analysis lands separately
    analyse = None

EXAMPLES = int(os.environ.get("TRTREPORT_FUZZ_EXAMPLES", "120"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def _generated() -> tuple[bytes, str, str]:
    """A small Q/DQ build: its log, its layer JSON and its profile JSON."""
    network = synthlog.make_network(10, qdq=True, seed=3)
    log, layers, profile = io.StringIO(), io.StringIO(), io.StringIO()
    synthlog.write_log(network, log, verbose_tactics=2)
    synthlog.write_layer_json(network, layers, trt_version="8.6.1")
    synthlog.write_profile_json(network, profile)
    return log.getvalue().encode(), layers.getvalue(), profile.getvalue()


LOG, LAYERS, PROFILE = _generated()
LOG_LINES = LOG.split(b"\n")


def pipeline(log: bytes, layers: str | None = None, profile: str | None = None) -> str:
    """Everything the CLI does between reading the files and writing the page."""
    parsed = parse_build_log(open_text_lines(HashingReader(io.BytesIO(log)), "f.log"), "f.log")
    layer_file: LayerFile | None = None
    if layers is not None:
        text = read_text(HashingReader(io.BytesIO(layers.encode("utf-8", "replace"))), "l.json")
        layer_file = parse_layer_file(text, "l.json")
    prof = parse_profile(profile, "p.json") if profile is not None else None
    report = build_report(parsed, layer_file, prof)
    if analyse is not None:
        report = analyse(report)
    return render_html(report)


def survives(log: bytes, layers: str | None = None, profile: str | None = None) -> None:
    """A page or an InputError; any other exception fails the test."""
    try:
        html = pipeline(log, layers, profile)
    except InputError as error:
        assert error.source in ("f.log", "l.json", "p.json")
        assert "\n" not in str(error)
    else:
        assert html.startswith("<!DOCTYPE html>")


def test_the_unmutated_inputs_give_a_report() -> None:
    html = pipeline(LOG, LAYERS, PROFILE)
    assert html.count('"L0"') >= 1


@FUZZ
@given(cut=st.integers(min_value=0, max_value=len(LOG)))
def test_truncated_at_any_byte(cut: int) -> None:
    survives(LOG[:cut])


@FUZZ
@given(
    edits=st.lists(
        st.tuples(
            st.sampled_from(["delete", "duplicate", "swap"]),
            st.integers(min_value=0, max_value=len(LOG_LINES) - 1),
            st.integers(min_value=0, max_value=len(LOG_LINES) - 1),
        ),
        max_size=25,
    )
)
def test_lines_deleted_duplicated_reordered(edits: list[tuple[str, int, int]]) -> None:
    lines = list(LOG_LINES)
    for action, i, j in edits:
        i %= len(lines) or 1
        j %= len(lines) or 1
        if not lines:
            break
        if action == "delete":
            del lines[i]
        elif action == "duplicate":
            lines.insert(j, lines[i])
        else:
            lines[i], lines[j] = lines[j], lines[i]
    survives(b"\n".join(lines))


@FUZZ
@given(
    position=st.integers(min_value=0, max_value=len(LOG)),
    noise=st.binary(min_size=1, max_size=64),
)
def test_random_bytes_spliced_in(position: int, noise: bytes) -> None:
    survives(LOG[:position] + noise + LOG[position:])


@FUZZ
@given(
    line=st.integers(min_value=0, max_value=len(LOG_LINES) - 1),
    width=st.integers(min_value=10_000, max_value=300_000),
    char=st.sampled_from([b"x", b"(", b"[", b",", b" + ", b" -> ", b"\xff"]),
)
def test_huge_lines(line: int, width: int, char: bytes) -> None:
    lines = list(LOG_LINES)
    lines[line] = lines[line] + char * (width // len(char))
    survives(b"\n".join(lines))


@FUZZ
@given(cut=st.integers(min_value=0, max_value=len(LAYERS)), junk=st.text(max_size=8))
def test_layer_file_truncated_or_spliced(cut: int, junk: str) -> None:
    survives(LOG, LAYERS[:cut] + junk + LAYERS[cut:] if junk else LAYERS[:cut])


@FUZZ
@given(cut=st.integers(min_value=0, max_value=len(PROFILE)))
def test_profile_truncated(cut: int) -> None:
    survives(LOG, None, PROFILE[:cut])


@pytest.mark.parametrize("data", [b"", b"\n", b"\n\n\n", b"   ", b"\xef\xbb\xbf", b"\xff\xfe"])
def test_empty_and_blank_files(data: bytes) -> None:
    survives(data)
