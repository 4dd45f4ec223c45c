"""Log-parser tests that are not fixtures: the prefix splitter, version decoding, inputs that
are not a log (errors raised) and streaming input.

The GIVEN-lines-THEN-fields cases of each rule are in ``tests/fixtures/logparse/*.txt``
(run by ``test_logparse_fixtures.py``).
"""

from __future__ import annotations

import pytest

from trtreport.errors import InputError
from trtreport.logparse import parse_build_log
from trtreport.logparse.prefix import split_prefix
from trtreport.logparse.state import decode_version

TS = "[05/01/2025-10:00:00]"


# --- prefixes ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "severity", "message", "from_trt"),
    [
        (f"{TS} [I] === Model Options ===", "I", "=== Model Options ===", False),
        (f"{TS} [V] [TRT] Original: 12 layers", "V", "Original: 12 layers", True),
        (f"{TS} [TRT] [W] Using default stream", "W", "Using default stream", True),
        (f"{TS} {TS} [V] [TRT] Parsing node: c1", "V", "Parsing node: c1", True),
        ("[TensorRT] VERBOSE: Original: 3 layers", "V", "Original: 3 layers", True),
        (
            "[TensorRT] ERROR: Network must have at least one output",
            "E",
            "Network must have at least one output",
            True,
        ),
        (f"{TS} [I]", "I", "", False),
    ],
)
def test_prefix_forms(line: str, severity: str, message: str, from_trt: bool) -> None:
    """GIVEN each logger's prefix THEN severity, message and origin are split off."""
    parsed = split_prefix(line)
    assert parsed is not None
    assert (parsed.severity, parsed.message, parsed.from_trt) == (severity, message, from_trt)


def test_prefix_absent_on_layer_lines() -> None:
    """GIVEN an unprefixed Layer(...) line THEN no prefix is found."""
    assert split_prefix("Layer(Reformat): r1, Tactic: 0x0, a (Float[1]) -> b (Half[1])") is None
    assert split_prefix("[TensorRT-Cookbook] Version: 0.1.0") is None


# --- banner and version ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("packed", "dotted"),
    [
        ("8510", "8.5.10"),
        ("8401", "8.4.1"),
        ("8003", "8.0.3"),
        ("8600", "8.6.0"),
        ("101401", "10.14.1"),
        ("8.5.10", "8.5.10"),
        ("abc", ""),
    ],
)
def test_decode_version(packed: str, dotted: str) -> None:
    """GIVEN TensorRT's packed version THEN the dotted one."""
    assert decode_version(packed) == dotted


# --- option blocks --------------------------------------------------------------------------


# --- layer-count funnel ---------------------------------------------------------------------


# --- Engine Layer Information ------------------------------------------------------------------


# --- --dumpLayerInfo text -----------------------------------------------------------------------


# --- bindings ----------------------------------------------------------------------------------


# --- warnings and errors ---------------------------------------------------------------------


# --- several builds --------------------------------------------------------------------------


# --- statistics and not-a-log ---------------------------------------------------------------


def test_empty_input_is_an_error() -> None:
    """GIVEN no lines (or only blank ones) THEN an 'empty file' InputError."""
    with pytest.raises(InputError, match="empty file"):
        parse_build_log(["", "   "], "blank.log")


def test_json_is_not_a_log() -> None:
    """GIVEN a layer-info JSON file THEN an error naming JSON and --layers, without a line."""
    with pytest.raises(InputError, match=r"looks like JSON.*--layers") as caught:
        parse_build_log(['[{"count" : 10}', ',{"name" : "conv1"}]'], "profile.json")
    assert caught.value.line is None
    assert caught.value.source == "profile.json"


def test_other_text_is_not_a_log() -> None:
    """GIVEN plain text THEN the not-a-log error naming the file."""
    with pytest.raises(InputError, match="not a TensorRT build log") as caught:
        parse_build_log(["hello", "world: 1"], "notes.txt")
    assert str(caught.value).startswith("notes.txt: ")
    assert "JSON" not in str(caught.value)


def test_streams_a_generator_once() -> None:
    """GIVEN a one-shot generator THEN it is consumed once and parsed."""
    lines = (
        f"{TS} [V] [TRT] {label}: {n} layers" for label, n in (("Original", 3), ("After x", 2))
    )
    build = parse_build_log(lines, "gen.log").builds[0]
    assert [s.layers for s in build.stages] == [3, 2]
