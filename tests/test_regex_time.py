"""The parser's regexes run in linear time on long adversarial lines.

Each regex that once backtracked in quadratic time (a run of blanks, of ``*``, of one of its own
separators) is matched against a 200,000-character line built from its own pieces. The match
runs in a child process bounded to 10 seconds, so that a quadratic regression (minutes on such
a line) fails the test instead of hanging it; the test asserts what the match gives, not how
long it takes.
"""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

import pytest

pytestmark = pytest.mark.subprocess

N = 200_000
"""Length of the adversarial run."""

_CHILD = r"""
import json, sys
from trtreport.logparse import prefix, rules

request = json.loads(sys.stdin.read())
text = request["text"]
if request["kind"] == "split_prefix":
    line = prefix.split_prefix(text)
    print(json.dumps(None if line is None else list(line)))
elif request["kind"] == "parse":
    from trtreport.logparse import parse_build_log
    log = parse_build_log(text.split("\n"), "long.log")
    print(json.dumps([len(log.builds), log.stats.lines_read]))
else:
    if request["kind"] == "pattern":
        pattern = getattr(prefix, request["name"])
    else:
        table = rules.MESSAGE_RULES + rules.BARE_RULES
        table += tuple(rule for rules_ in rules.MODE_RULES.values() for rule in rules_)
        pattern = next(rule.pattern for rule in table if rule.name == request["name"])
    match = pattern.match(text)
    print(json.dumps(None if match is None else [list(match.span()), match.groupdict()]))
"""


def run_child(kind: str, name: str, text: str) -> Any:
    """What the child process makes of ``text`` (a regex match, a split line), within 10 s."""
    try:
        done = subprocess.run(
            [sys.executable, "-c", _CHILD],
            input=json.dumps({"kind": kind, "name": name, "text": text}),
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"{kind} {name}: no answer in 10 s on {len(text)} characters")
    return json.loads(done.stdout)


def rule_match(name: str, text: str) -> tuple[tuple[int, int], dict[str, str | None]] | None:
    """The span and named groups of rule ``name``'s regex matched at the start of ``text``."""
    found = run_child("rule", name, text)
    if found is None:
        return None
    span, groups = found
    return (span[0], span[1]), groups


AUTOTUNING = "*************** Autotuning format combination:"
QDI = "QuantizeDoubleInputNodes: fusing "
STOMP = "Generating copy for a"


REFORMAT = "Adding reformat layer: a"


@pytest.mark.parametrize(
    ("rule", "text", "expected"),
    [
        # a run of "*" that does not end the line
        pytest.param("autotuning-header", AUTOTUNING + "*" * N + "x", None, id="stars-no"),
        pytest.param(
            "autotuning-header",
            AUTOTUNING + "*" * N + " \t",
            ((0, len(AUTOTUNING) + N + 2), {}),
            id="stars-yes",
        ),
        # a long library name, then a second word
        pytest.param(
            "shared-library", "Loaded shared library " + "a" * N + " x", None, id="library-no"
        ),
        pytest.param(
            "shared-library",
            "Loaded shared library libnvinfer_builder_resource" + "_" * N + ".so.10.1.2 ",
            (
                (0, len("Loaded shared library libnvinfer_builder_resource") + N + 11),
                {"version": "10.1.2"},
            ),
            id="library-yes",
        ),
        # a names-only dump line with a long run of blanks inside or at its end
        pytest.param(
            "dump-name",
            "a" + " " * N + "b",
            ((0, N + 2), {"name": "a" + " " * N + "b"}),
            id="name-blanks-inside",
        ),
        pytest.param(
            "dump-name", "a" + " " * N, ((0, N + 1), {"name": "a"}), id="name-blanks-after"
        ),
        # runs of the separators of the optimizer's messages, with and without their ending
        pytest.param("pass-stomp-copy", STOMP + " to " * (N // 4) + "*", None, id="stomp-no"),
        pytest.param(
            "pass-stomp-copy",
            STOMP + " to b" * (N // 5) + " because of stomping hazard.",
            (
                (0, len(STOMP) + N + len(" because of stomping hazard.")),
                {"a": "a" + " to b" * (N // 5 - 1), "b": "b"},
            ),
            id="stomp-yes",
        ),
        pytest.param("pass-qdi-fusing", QDI + "(" + " and " * (N // 5) + "\r", None, id="qdi-no"),
        pytest.param(
            "pass-qdi-fusing",
            QDI + "(a" + " and " * (N // 5) + "b) into c",
            (
                (0, len(QDI) + 2 + N + 9),
                {"pair": "a" + " and " * (N // 5) + "b", "one": None, "into": "c"},
            ),
            id="qdi-yes",
        ),
        pytest.param(
            "reformat-added", REFORMAT + " from " * (N // 6) + "\x01", None, id="reformat-no"
        ),
        pytest.param(
            "reformat-added",
            REFORMAT + " from b" * (N // 7) + " to c",
            ((0, len(REFORMAT) + N // 7 * 7 + 5), {}),
            id="reformat-yes",
        ),
        # Polygraphy's status line: a long label of blanks before " | "
        pytest.param("application-polygraphy", "[I] a" + " " * N + "x", None, id="status-no"),
        pytest.param(
            "application-polygraphy",
            "[I] a" + " " * N + "b | c",
            ((0, 5 + N + 4), {}),
            id="status-yes",
        ),
    ],
)
def test_rule_regex_is_linear(
    rule: str, text: str, expected: tuple[tuple[int, int], dict[str, str | None]] | None
) -> None:
    assert rule_match(rule, text) == expected


def test_polygraphy_status_regex_is_linear() -> None:
    text = "a" + " " * N + "b | c"
    assert run_child("pattern", "_POLYGRAPHY_STATUS", text) == [[0, N + 5], {}]
    assert run_child("pattern", "_POLYGRAPHY_STATUS", "a" + " " * N + "b |c") is None


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        # Polygraphy's own status line under [I]: application output, no TensorRT message
        ("[I] a" + " " * N + "b | c", None),
        ("[I] a" + " " * N + "b", ["I", "", "a" + " " * N + "b", False]),
        ("[TRT]" + " " * N + "Input 0", ["V", "", " " * (4 * ((N - 1) // 4)) + "Input 0", True]),
    ],
    ids=["polygraphy-status", "polygraphy-message", "trt-padding"],
)
def test_split_prefix_is_linear(line: str, expected: list[object] | None) -> None:
    assert run_child("split_prefix", "", line) == expected


TS = "[05/01/2025-10:00:00]"


def test_log_with_long_lines_parses() -> None:
    """The adversarial lines above in a trtexec log, as messages and bare lines: the whole
    parse (prefix split, dispatch, rules) stays within the child's 10 seconds."""
    lines = [
        "&&&& RUNNING TensorRT.trtexec [TensorRT v8601] # trtexec --onnx=m.onnx --verbose",
        f"{TS} [I] === Model Options ===",
        f"{TS} [I] Format: ONNX",
        f"{TS} [V] [TRT] Loaded shared library " + "a" * N + " x",
        f"{TS} [V] [TRT] " + AUTOTUNING + "*" * N + "x",
        f"{TS} [V] [TRT] Generating copy for a" + " to " * (N // 4) + "*",
        f"{TS} [V] [TRT] " + QDI + "(" + " and " * (N // 5) + "\r",
        f"{TS} [V] [TRT] Adding reformat layer: a" + " from " * (N // 6) + "\x01",
        "[I] a" + " " * N + "b | c",
        f"{TS} [I] [TRT] Layers:",
        "a" + " " * N + "b",
        "a" + " " * N,
    ]
    assert run_child("parse", "", "\n".join(lines)) == [1, len(lines)]
